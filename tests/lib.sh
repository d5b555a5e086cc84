# shellcheck shell=bash
# Shared by the shell tests (tests/action.sh, tests/pre-commit.sh), sourced, not run: the
# check helpers that count passes and failures, and git with a throwaway identity.

passed=0 failed=0
pass() { passed=$((passed + 1)); echo "  ok: $1"; }
fail() { failed=$((failed + 1)); echo "  FAILED: $1"; }
# check NAME FILE NEEDLE: FILE contains the fixed string NEEDLE (else FILE is shown).
check() {
  if grep -qF -- "$3" "$2"; then pass "$1"; else fail "$1: '$3' not in $2:"; sed 's/^/    | /' "$2"; fi
}
check_not() {
  if grep -qF -- "$3" "$2"; then fail "$1: '$3' in $2:"; sed 's/^/    | /' "$2"; else pass "$1"; fi
}
check_eq() {
  if [[ $2 == "$3" ]]; then pass "$1"; else fail "$1: expected '$3', got '$2'"; fi
}
# finish NAME: the closing count line; fails the script when a check failed.
finish() {
  echo "$1: $passed passed, $failed failed"
  ((failed == 0))
}

git_() { git -c user.name=t -c user.email=t@t -c commit.gpgsign=false -c init.defaultBranch=main "$@"; }
