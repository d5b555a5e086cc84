#!/usr/bin/env bash
# Fuzzes one target of fuzz/ for SECONDS and prints libFuzzer's final statistics.
# Usage: scripts/fuzz.sh TARGET SECONDS [more libFuzzer flags]
#   TARGET: load_lint, resolve_tree, pattern, diff or yaml_chunks.
# Needs no nightly toolchain: RUSTC_BOOTSTRAP=1 lets cargo-fuzz pass its -Z flags to stable.
# One process, one job: the machine's cores are shared. A run that finds a crash, a time-out
# (an input taking over 10 s) or an OOM (over 4 GiB) stops and leaves the input under
# fuzz/artifacts/TARGET/; minimize it with
#   RUSTC_BOOTSTRAP=1 cargo fuzz tmin -s none -a TARGET fuzz/artifacts/TARGET/crash-...
# The sanitizer is off by default (specguard has no unsafe code; ASan would halve the
# executions): FUZZ_SANITIZER=address turns it on. FUZZ_CPUS=1 pins the run to that CPU
# (taskset): the pattern target leaves up to two abandoned regress workers spinning on
# catastrophic patterns, which would otherwise take cores of their own.
set -euo pipefail

target=${1:?usage: scripts/fuzz.sh TARGET SECONDS}
seconds=${2:?usage: scripts/fuzz.sh TARGET SECONDS}
shift 2
repo=$(cd "$(dirname "$0")/.." && pwd)

if ! cargo fuzz --version >/dev/null 2>&1; then
    cargo install cargo-fuzz --locked
fi
"$repo/scripts/fuzz-seed.sh" "$target"

mkdir -p "$repo/fuzz/logs"
log="$repo/fuzz/logs/$target-$(date +%Y%m%d-%H%M%S).log"
cd "$repo"
set +e
pin=()
if [[ -n ${FUZZ_CPUS:-} ]]; then
    pin=(taskset -c "$FUZZ_CPUS")
fi
RUSTC_BOOTSTRAP=1 "${pin[@]}" cargo fuzz run --sanitizer "${FUZZ_SANITIZER:-none}" --debug-assertions \
    "$target" -- -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=10 \
    -print_final_stats=1 "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
echo "--- $target: final statistics (full log: $log)"
grep -E '^#[0-9]+[[:space:]]+DONE|^stat::|^==[0-9]+== (ERROR|ALARM)|^SUMMARY|Test unit written' "$log" || true
exit "$status"
