#!/usr/bin/env bash
# Runs the GitHub Action's run step (scripts/action.sh, what action.yml calls) as a runner
# would, in a temporary repository cloned shallowly from an "origin" that has a base branch
# and a pull request branch. The base has two specs; the pull request removes an operation
# from each (two breaking changes), makes the Idempotency-Key optional in the first (a lint
# error), and adds a third spec that is new.
#
# specguard comes from `cargo build` (on PATH), not from the action's `cargo install`, so the
# test stays fast; the install step is plain cargo. Usage: tests/action.sh (from anywhere).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/lib.sh
source "$repo/tests/lib.sh"
target=${CARGO_TARGET_DIR:-$repo/target}
[[ $target == /* ]] || target=$repo/$target

echo "== tests/action.sh: cargo build"
(cd "$repo" && cargo build --locked --quiet)
bin=$target/debug
[[ -x $bin/specguard ]] || { echo "no $bin/specguard after cargo build"; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# origin: main holds the good example twice; the pull request branch breaks both.
git_ init -q "$work/origin"
mkdir -p "$work/origin/billing"
cp "$repo/examples/openapi.yaml" "$work/origin/openapi.yaml"
cp "$repo/examples/openapi.yaml" "$work/origin/billing/openapi.yaml"
git_ -C "$work/origin" add -A
git_ -C "$work/origin" commit -qm base
git_ -C "$work/origin" checkout -qb feature
python3 - "$work/origin/openapi.yaml" "$work/origin/billing/openapi.yaml" <<'EOF'
import sys
for n, path in enumerate(sys.argv[1:]):
    text = open(path).read()
    # Remove GET /orders/{orderId} (breaking) ...
    start = text.index("    get:\n      operationId: getOrder")
    end = text.index("    patch:\n      operationId: updateOrder")
    text = text[:start] + text[end:]
    if n == 0:
        # ... and, in the first spec, make the key optional (a lint error).
        text = text.replace("      name: Idempotency-Key\n      required: true", "      name: Idempotency-Key\n      required: false")
    open(path, "w").write(text)
EOF
mkdir -p "$work/origin/payments"
cp "$repo/examples/openapi.yaml" "$work/origin/payments/openapi.yaml"
git_ -C "$work/origin" add -A
git_ -C "$work/origin" commit -qm "pull request"

# The runner's checkout of the pull request: shallow, without the base branch.
git_ clone -q --depth=1 --branch feature "file://$work/origin" "$work/checkout"
if git -C "$work/checkout" rev-parse --verify --quiet origin/main >/dev/null; then
  fail "the checkout starts without origin/main"
else
  pass "the checkout starts without origin/main"
fi

# run NAME [VAR=value...]: runs the action script as the runner would; sets $code and
# leaves stdout, stderr, summary and outputs in $work/NAME.*.
run() {
  local name=$1
  shift
  : >"$work/$name.summary"
  : >"$work/$name.outputs"
  code=0
  env -u INPUT_COMMAND -u INPUT_SPECS -u INPUT_BASE -u INPUT_CONFIG -u INPUT_FAIL_SEVERITY \
    -u INPUT_FAIL_ON -u INPUT_SARIF_FILE -u SPECGUARD \
    PATH="$bin:$PATH" \
    GITHUB_ACTION_PATH="$repo" \
    GITHUB_WORKSPACE="$work/checkout" \
    GITHUB_BASE_REF=main \
    GITHUB_STEP_SUMMARY="$work/$name.summary" \
    GITHUB_OUTPUT="$work/$name.outputs" \
    INPUT_SPECS="openapi.yaml */openapi.yaml" \
    "$@" \
    bash "$repo/scripts/action.sh" >"$work/$name.out" 2>"$work/$name.err" || code=$?
}

echo "== a pull request with a breaking change and a lint error"
run pr INPUT_SARIF_FILE="$work/specguard.sarif"
check_eq "exit status 1 (thresholds crossed)" "$code" 1
check "base branch fetched" "$work/pr.out" "Fetching origin/main"
check "lint annotation" "$work/pr.out" "::error file=openapi.yaml,line=70,col=17,endLine=70,endColumn=22,title=idempotency-key-not-required::POST /orders, PATCH /orders/{orderId}: the \`Idempotency-Key\` parameter has \`required: false\`"
check "diff annotation" "$work/pr.out" ",title=operation-removed::GET /orders/{orderId} was removed (in base at origin/main:openapi.yaml:"
check "new spec noticed" "$work/pr.out" "::notice file=payments/openapi.yaml,title=specguard diff::payments/openapi.yaml is new (not in origin/main): nothing to compare"
check "summary: lint table" "$work/pr.summary" "| error | \`idempotency-key-not-required\` | \`openapi.yaml:70:17\` |"
check "summary: lint counts" "$work/pr.summary" "1 error(s), 0 warning(s), 0 info, 0 hint(s) in 3 files."
check "summary: diff changelog" "$work/pr.summary" "## API changes: 1 breaking, 0 to review, 1 compatible"
check "summary: removed operation" "$work/pr.summary" "- \`operation-removed\` GET /orders/{orderId} was removed (\`origin/main:openapi.yaml:42\` → removed)"
check "summary: removed in the second spec" "$work/pr.summary" "- \`operation-removed\` GET /orders/{orderId} was removed (\`origin/main:billing/openapi.yaml:42\` → removed)"
check "summary: new spec" "$work/pr.summary" "\`payments/openapi.yaml\` is new (not in \`origin/main\`): nothing to compare."
check_eq "outputs" "$(cat "$work/pr.outputs")" $'errors=1\nwarnings=0\nbreaking-changes=2'
if jq -e '.version == "2.1.0" and (.runs[0].results | length) == 1' "$work/specguard.sarif" >/dev/null 2>&1; then
  pass "SARIF written with the one finding"
else
  fail "SARIF written with the one finding"
fi
check_not "nothing on stderr" "$work/pr.err" "error"

echo "== lint passing (fail-severity: none), diff failing"
run diff-fails INPUT_FAIL_SEVERITY=none
check_eq "exit status 1 from diff alone" "$code" 1

echo "== lint failing, diff passing (fail-on: none)"
run lint-fails INPUT_FAIL_ON=none
check_eq "exit status 1 from lint alone" "$code" 1

echo "== the same with fail-on: none and fail-severity: none"
run lenient INPUT_FAIL_ON=none INPUT_FAIL_SEVERITY=none
check_eq "exit status 0" "$code" 0
check "annotations still there" "$work/lenient.out" "title=operation-removed::"
check_eq "outputs still count" "$(cat "$work/lenient.outputs")" $'errors=1\nwarnings=0\nbreaking-changes=2'

echo "== diff only, fail-on: warn, a spec that is new in the pull request"
run strict INPUT_COMMAND=diff INPUT_FAIL_ON=warn INPUT_SPECS=payments/openapi.yaml
check_eq "nothing to compare: exit status 0" "$code" 0

echo "== lint only, a clean spec, SPECGUARD naming the binary"
run clean INPUT_COMMAND=lint INPUT_SPECS=payments/openapi.yaml SPECGUARD="$bin/specguard" PATH=/usr/bin:/bin
check_eq "exit status 0" "$code" 0
check "summary says no findings" "$work/clean.summary" "No findings in 1 file."
check_eq "outputs are zero" "$(cat "$work/clean.outputs")" $'errors=0\nwarnings=0\nbreaking-changes=0'

echo "== not a pull request: both lints and skips diff, diff alone is an error"
run push GITHUB_BASE_REF= INPUT_FAIL_SEVERITY=none
check_eq "both: exit status 0" "$code" 0
check "both: diff skipped, said so" "$work/push.out" "::notice title=specguard diff::no base revision"
run push-diff GITHUB_BASE_REF= INPUT_COMMAND=diff
check_eq "diff: exit status 2" "$code" 2
check "diff: says why" "$work/push-diff.out" "::error title=specguard::no base revision to diff against"

echo "== an explicit base revision"
run explicit GITHUB_BASE_REF= INPUT_BASE=HEAD INPUT_SPECS=openapi.yaml INPUT_FAIL_SEVERITY=none
check_eq "no change against HEAD: exit status 0" "$code" 0
check "no change against HEAD: summary" "$work/explicit.summary" "## API changes: none"

echo "== mistakes in the inputs exit 2 with an annotation"
run bad-command INPUT_COMMAND=check
check_eq "bad command: 2" "$code" 2
check "bad command: says so" "$work/bad-command.out" "::error title=specguard::command must be lint, diff or both, not 'check'"
run no-match INPUT_SPECS="api/**/*.yaml"
check_eq "glob matching nothing: 2" "$code" 2
check "glob matching nothing: says so" "$work/no-match.out" "specs: 'api/**/*.yaml' matches no file"
run bad-config INPUT_CONFIG=missing.yaml
check_eq "missing config: 2" "$code" 2
check "missing config: specguard's message" "$work/bad-config.err" "missing.yaml"

finish action
