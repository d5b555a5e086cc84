#!/usr/bin/env bash
# Whole-corpus soak: lints every document of ../shared/corpus with the release binary and diffs
# each against a mutated copy of itself (tests/soak.rs), then prints wall time and peak memory
# of the largest specs. Needs GNU time at /usr/bin/time (Debian package `time`).
#
#   scripts/soak.sh            # the whole corpus; the full table is target/tmp/soak-report.tsv
set -euo pipefail
cd "$(dirname "$0")/.."
cargo test --release --locked --test soak -- --ignored --nocapture
report=target/tmp/soak-report.tsv
echo
echo "== largest specs (seconds and peak KiB of one lint and one diff run each)"
{ head -1 "$report"; tail -n +2 "$report" | sort -t$'\t' -k2 -n -r | head -15; } | column -t -s$'\t'
