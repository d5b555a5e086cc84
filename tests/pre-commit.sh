#!/usr/bin/env bash
# The pre-commit hooks (.pre-commit-hooks.yaml) with the real client: pre-commit from PyPI in a
# local venv builds specguard from this checkout (`language: rust`: cargo install, crates.io)
# and runs the hooks in a temporary git repository holding a good spec, a broken one, a spec
# with a staged breaking change, a new spec and a YAML file that is not a spec.
#
# `pre-commit try-repo` builds in a fresh store each time (so twice here); the runs with a
# configuration share one store. Builds reuse $CARGO_TARGET_DIR/pre-commit-install (default
# target/pre-commit-install), so only specguard itself recompiles after the first.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
# shellcheck source=tests/lib.sh
source "$repo/tests/lib.sh"
target=${CARGO_TARGET_DIR:-$repo/target}
[[ $target == /* ]] || target=$repo/$target
pre_commit_version=4.7.0

venv=$target/pre-commit-venv
if ! "$venv/bin/pre-commit" --version 2>/dev/null | grep -qx "pre-commit $pre_commit_version"; then
  echo "== tests/pre-commit.sh: python3 -m venv + pip install pre-commit==$pre_commit_version"
  python3 -m venv "$venv"
  "$venv/bin/pip" install --quiet --disable-pip-version-check "pre-commit==$pre_commit_version"
fi
pre_commit=$venv/bin/pre-commit
echo "== $("$pre_commit" --version)"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export CARGO_TARGET_DIR=$target/pre-commit-install
export PRE_COMMIT_HOME=$work/store

# The hook repository: this checkout. try-repo takes its HEAD plus uncommitted changes to
# tracked files, but not untracked files: while they exist (during development), use a
# snapshot commit of the working tree instead.
hooks=$repo
if [[ -n $(git -C "$repo" ls-files --others --exclude-standard) ]]; then
  echo "== untracked files in the checkout: testing a snapshot commit of the working tree"
  hooks=$work/hooks
  mkdir -p "$hooks"
  git -C "$repo" ls-files -z --cached --others --exclude-standard |
    (cd "$repo" && xargs -0 tar -cf - --ignore-failed-read) | tar -xf - -C "$hooks"
  git_ -C "$hooks" init -q
  git_ -C "$hooks" add -A
  git_ -C "$hooks" commit -qm snapshot
fi

# The project that uses the hooks.
api=$work/api
mkdir -p "$api/good" "$api/bad" "$api/orders" "$api/new"
cp "$repo/examples/openapi.yaml" "$api/good/openapi.yaml"
cp "$repo/examples/broken.yaml" "$api/bad/openapi.yaml"
cp "$repo/examples/openapi.yaml" "$api/orders/orders.oas.yaml"
printf 'not: an OpenAPI document\n' >"$api/notes.yaml"
git_ -C "$api" init -q
git_ -C "$api" add -A
git_ -C "$api" commit -qm "specs"
# A staged breaking change (GET /orders/{orderId} removed) and a new spec.
python3 - "$api/orders/orders.oas.yaml" <<'EOF'
import sys
path = sys.argv[1]
text = open(path).read()
start = text.index("    get:\n      operationId: getOrder")
end = text.index("    patch:\n      operationId: updateOrder")
open(path, "w").write(text[:start] + text[end:])
EOF
printf '{"openapi": "3.1.0", "info": {"title": "New", "version": "1"}, "paths": {}}\n' >"$api/new/openapi.json"
git_ -C "$api" add -A

# hook NAME ARGS...: runs pre-commit in the project; sets $code, output in $work/NAME.out.
hook() {
  local name=$1
  shift
  echo "== pre-commit $*"
  code=0
  (cd "$api" && "$pre_commit" "$@") >"$work/$name.out" 2>&1 || code=$?
}

hook lint try-repo "$hooks" specguard-lint --files bad/openapi.yaml good/openapi.yaml notes.yaml
check_eq "lint: fails" "$code" 1
check "lint: the hook failed" "$work/lint.out" "- hook id: specguard-lint"
check "lint: the key missing" "$work/lint.out" "╭─[bad/openapi.yaml:49:5]"
check "lint: the broken \$ref" "$work/lint.out" "╭─[bad/openapi.yaml:65:17]"
check "lint: the summary line (two specs read)" "$work/lint.out" "9 error(s), 2 warning(s), 2 info, 0 hint(s) in 2 files."
check_not "lint: nothing about the good spec" "$work/lint.out" "good/openapi.yaml:"
check_not "lint: notes.yaml is not a spec name" "$work/lint.out" "notes.yaml"

hook diff try-repo "$hooks" specguard-diff --files orders/orders.oas.yaml new/openapi.json notes.yaml
check_eq "diff: fails" "$code" 1
check "diff: the hook failed" "$work/diff.out" "- hook id: specguard-diff"
check "diff: the removal" "$work/diff.out" "operation-removed"
check "diff: where it was" "$work/diff.out" "GET /orders/{orderId} was removed"
check "diff: against HEAD" "$work/diff.out" "╭─[HEAD:orders/orders.oas.yaml:42:5]"
check "diff: a new spec has nothing to compare" "$work/diff.out" "new/openapi.json: new (not in HEAD), nothing to compare"
check "diff: the summary line" "$work/diff.out" "1 breaking, 0 to review, 0 compatible change(s)."

# The same hooks from a configuration, as a project has them (one store, one build).
rev=$(git -C "$hooks" rev-parse HEAD)
config() {
  printf 'repos:\n  - repo: %s\n    rev: %s\n    hooks:\n' "$hooks" "$rev" >"$api/.pre-commit-config.yaml"
  printf '      - id: %s\n' "$@" >>"$api/.pre-commit-config.yaml"
}
config specguard-lint specguard-diff
hook good run --files good/openapi.yaml new/openapi.json notes.yaml
check_eq "a good spec and a new one: both hooks pass" "$code" 0
check_not "no hook failed" "$work/good.out" "- hook id:"
check_eq "both hooks passed" "$(grep -c 'Passed$' "$work/good.out")" 2

git_ -C "$api" commit -qm "remove GET /orders/{orderId}"
hook committed run specguard-diff --files orders/orders.oas.yaml
check_eq "after the commit, nothing changed against HEAD" "$code" 0

config "specguard-diff
        args: [--base, HEAD~1, --fail-on, warn]"
hook base run specguard-diff --files orders/orders.oas.yaml
check_eq "--base HEAD~1: the removal again" "$code" 1
check "--base HEAD~1: in the output" "$work/base.out" "╭─[HEAD~1:orders/orders.oas.yaml:42:5]"

finish pre-commit
