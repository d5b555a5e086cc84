#!/usr/bin/env bash
# Side-by-side timing of specguard lint against Spectral and Redocly CLI on the largest corpus
# specs, each peer with its default ruleset and with an idempotency ruleset in its own format.
#   ../shared/peers/install.sh            # once: installs the pinned peers
#   bench/peers.sh [RUNS]                 # prints a Markdown table per spec (bench/results/)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
peers=${PEERS:-$HOME/.cache/specguard-peers}
corpus=../shared/corpus
spectral="$peers/node_modules/.bin/spectral"
redocly="$peers/node_modules/.bin/redocly"
[ -x "$spectral" ] && [ -x "$redocly" ] || { echo "peers missing: run ../shared/peers/install.sh"; exit 2; }
command -v hyperfine >/dev/null || { echo "hyperfine missing: apt-get install hyperfine"; exit 2; }
cargo build --release --quiet
sg=target/release/specguard
mkdir -p bench/results
for spec in stripe/2023-09-12/spec3.yaml github/2020-07-14/api.github.com.json \
            openai/2026-08-21/openapi.yaml kubernetes-swagger2/2018-10-15/swagger.json; do
  f="$corpus/$spec"
  name=$(echo "$spec" | tr '/' '_')
  echo "== $spec ($(du -h "$f" | cut -f1))"
  hyperfine --style basic --ignore-failure --warmup 1 --runs "$runs" \
    --export-markdown "bench/results/$name.md" \
    -n "specguard load only" "$sg lint --config bench/load-only.yaml --format json $f" \
    -n "specguard lint" "$sg lint --format json $f" \
    -n "spectral idempotency" "$spectral lint --quiet -r bench/spectral-idempotency.yaml $f" \
    -n "spectral default" "$spectral lint --quiet -r $peers/.spectral.yaml $f" \
    -n "redocly idempotency" "$redocly lint --config bench/redocly-idempotency.yaml $f" \
    -n "redocly default" "$redocly lint $f" > /dev/null
  cat "bench/results/$name.md"
done
