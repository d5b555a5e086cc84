#!/usr/bin/env bash
# The run step of the specguard GitHub Action (action.yml), kept in a script so that it can be
# run and tested outside GitHub (tests/action.sh does).
#
# Inputs come as environment variables, set by action.yml from the action's inputs:
#   INPUT_COMMAND        lint, diff or both (default both)
#   INPUT_SPECS          entry documents: paths or globs (`**` too), separated by blanks or lines
#   INPUT_BASE           revision to diff against (default origin/$GITHUB_BASE_REF, fetched
#                        when the checkout does not have it)
#   INPUT_CONFIG         configuration file (default: the nearest .specguard.yaml)
#   INPUT_FAIL_SEVERITY  lint threshold: error, warn, info, hint, none (default error)
#   INPUT_FAIL_ON        diff threshold: error, warn, info, none (default error)
#   INPUT_SARIF_FILE     where to write the lint findings as SARIF (default: not written)
# and the runner's: GITHUB_WORKSPACE (where the specs are), GITHUB_BASE_REF, GITHUB_OUTPUT,
# GITHUB_STEP_SUMMARY. SPECGUARD names the binary (default: `specguard` on PATH).
#
# What it does: annotations on the pull request (`--format github`, on standard output, where
# the runner reads workflow commands), a Markdown report appended to the job summary, the
# outputs `errors`, `warnings` (lint) and `breaking-changes` (diff), counted from `--format
# json`. Exit status: 2 when specguard could not run (bad input, unreadable spec or config),
# else 1 when a threshold is crossed, else 0.
set -euo pipefail
if ((BASH_VERSINFO[0] < 4)); then
  echo "::error title=specguard::bash 4 or later is needed (this is $BASH_VERSION)"
  exit 2
fi

command=${INPUT_COMMAND:-both}
fail_severity=${INPUT_FAIL_SEVERITY:-error}
fail_on=${INPUT_FAIL_ON:-error}
config=${INPUT_CONFIG:-}
sarif_file=${INPUT_SARIF_FILE:-}
base=${INPUT_BASE:-}
specguard=${SPECGUARD:-specguard}
summary=${GITHUB_STEP_SUMMARY:-/dev/null}
outputs=${GITHUB_OUTPUT:-/dev/null}

# Workflow commands need `%`, CR and LF escaped in messages, and `:` and `,` in properties too.
escape_data() {
  local s=${1//'%'/%25}
  s=${s//$'\r'/%0D}
  printf '%s' "${s//$'\n'/%0A}"
}
escape_property() {
  local s
  s=$(escape_data "$1")
  s=${s//:/%3A}
  printf '%s' "${s//,/%2C}"
}

# A usage problem: annotated, and the step fails with 2 as specguard itself would.
usage_error() {
  echo "::error title=specguard::$(escape_data "$1")"
  exit 2
}

case $command in lint | diff | both) ;; *) usage_error "command must be lint, diff or both, not '$command'" ;; esac
case $fail_severity in error | warn | info | hint | none) ;; *) usage_error "fail-severity must be error, warn, info, hint or none, not '$fail_severity'" ;; esac
case $fail_on in error | warn | info | none) ;; *) usage_error "fail-on must be error, warn, info or none, not '$fail_on'" ;; esac
command -v "$specguard" >/dev/null || usage_error "specguard not found (SPECGUARD=$specguard)"
command -v jq >/dev/null || usage_error "jq is needed to read specguard's JSON (GitHub-hosted runners have it)"

cd "${GITHUB_WORKSPACE:-.}"

# The specs: each pattern expanded as bash globs (with `**`); a pattern that matches nothing is
# a mistake worth stopping for, not a silent pass.
shopt -s globstar nullglob
specs=()
read -r -d '' -a patterns <<<"${INPUT_SPECS:-openapi.yaml}" || true
for pattern in "${patterns[@]}"; do
  # shellcheck disable=SC2206 # the pattern is meant to be expanded
  matches=($pattern)
  if ((${#matches[@]} == 0)); then
    usage_error "specs: '$pattern' matches no file in $PWD"
  fi
  for m in "${matches[@]}"; do
    [[ -e $m ]] || usage_error "specs: '$m' does not exist in $PWD"
    [[ -d $m ]] && usage_error "specs: '$m' is a directory; name its entry documents (e.g. $m/**/openapi.yaml)"
    specs+=("${m#./}")
  done
done
((${#specs[@]} > 0)) || usage_error "specs: no spec given"

config_args=()
[[ -n $config ]] && config_args=(--config "$config")

status=0
# Keeps the worst outcome: 2 (could not run) over 1 (threshold crossed) over 0.
record() {
  if (($1 == 2)) || { (($1 == 1)) && ((status == 0)); }; then status=$1; fi
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

errors=0 warnings=0 breaking=0

run_lint() {
  # Annotations first, so the log shows them; stderr (unreadable specs, config errors) once.
  "$specguard" lint --format github --fail-severity none "${config_args[@]}" "${specs[@]}" || true
  local code=0
  "$specguard" lint --format json --output "$tmp/lint.json" --fail-severity "$fail_severity" \
    "${config_args[@]}" "${specs[@]}" 2>/dev/null || code=$?
  record "$code"
  if [[ -s $tmp/lint.json ]]; then
    errors=$(jq -r '.summary.error' "$tmp/lint.json")
    warnings=$(jq -r '.summary.warn' "$tmp/lint.json")
    "$specguard" lint --format markdown --fail-severity none "${config_args[@]}" "${specs[@]}" \
      2>/dev/null >>"$summary" || true
    echo >>"$summary"
  else
    echo "::error title=specguard lint::specguard lint could not run (exit $code): see the log"
  fi
  if [[ -n $sarif_file ]]; then
    "$specguard" lint --format sarif --output "$sarif_file" --fail-severity none \
      "${config_args[@]}" "${specs[@]}" 2>/dev/null || true
  fi
}

# The base revision: given, or the pull request's base branch, fetched (one commit is enough:
# specguard reads the spec's files from that commit's tree) when a shallow checkout lacks it.
resolve_base() {
  if [[ -z $base && -n ${GITHUB_BASE_REF:-} ]]; then
    base="origin/$GITHUB_BASE_REF"
  fi
  [[ -n $base ]] || return 1
  if ! git rev-parse --verify --quiet "$base^{commit}" >/dev/null; then
    if [[ $base == origin/* ]]; then
      local branch=${base#origin/}
      echo "Fetching $base (not in this checkout)"
      git fetch --no-tags --depth=1 origin "+refs/heads/$branch:refs/remotes/origin/$branch" ||
        usage_error "cannot fetch $base from origin"
    else
      usage_error "base revision '$base' is not in this checkout (use fetch-depth: 0 in actions/checkout)"
    fi
  fi
}

run_diff() {
  local spec code n
  for spec in "${specs[@]}"; do
    if ! git cat-file -e "$base:./$spec" 2>/dev/null; then
      echo "::notice file=$(escape_property "$spec"),title=specguard diff::$(escape_data "$spec is new (not in $base): nothing to compare")"
      # shellcheck disable=SC2016 # the backticks are Markdown code spans
      printf '## API changes: none\n\n`%s` is new (not in `%s`): nothing to compare.\n\n' "$spec" "$base" >>"$summary"
      continue
    fi
    "$specguard" diff --format github --fail-on none "${config_args[@]}" "$base:./$spec" "$spec" || true
    code=0
    "$specguard" diff --format json --output "$tmp/diff.json" --fail-on "$fail_on" \
      "${config_args[@]}" "$base:./$spec" "$spec" 2>/dev/null || code=$?
    record "$code"
    if [[ -s $tmp/diff.json ]]; then
      n=$(jq -r '.summary.error' "$tmp/diff.json")
      breaking=$((breaking + n))
      "$specguard" diff --format markdown --fail-on none "${config_args[@]}" "$base:./$spec" "$spec" \
        2>/dev/null >>"$summary" || true
      echo >>"$summary"
    else
      echo "::error file=$(escape_property "$spec"),title=specguard diff::specguard diff could not run (exit $code): see the log"
    fi
    rm -f "$tmp/diff.json"
  done
}

if [[ $command != diff ]]; then
  run_lint
fi
if [[ $command != lint ]]; then
  if resolve_base; then
    run_diff
  elif [[ $command == diff ]]; then
    usage_error "no base revision to diff against: set the 'base' input, or run on pull_request"
  else
    echo "::notice title=specguard diff::no base revision (not a pull request, no 'base' input): diff skipped"
  fi
fi

{
  echo "errors=$errors"
  echo "warnings=$warnings"
  echo "breaking-changes=$breaking"
} >>"$outputs"
exit "$status"
