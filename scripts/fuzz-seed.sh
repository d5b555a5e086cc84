#!/usr/bin/env bash
# Seeds fuzz/corpus/TARGET with small inputs taken from the repository (nothing is committed:
# fuzz/corpus/ is ignored). Usage: scripts/fuzz-seed.sh TARGET
#   load_lint, resolve_tree, yaml_chunks: every spec file under 16 KiB in tests/fixtures,
#                            examples and tests/corpus (resolve_tree reads them as raw entropy).
#   diff:                    those files alone (each diffed against itself) and base/head
#                            pairs joined by a NUL byte.
#   pattern:                 every `pattern:` value in those files and every string literal
#                            of src/pattern/tests.rs, one per file.
set -euo pipefail

target=${1:?usage: scripts/fuzz-seed.sh TARGET}
repo=$(cd "$(dirname "$0")/.." && pwd)
corpus="$repo/fuzz/corpus/$target"
mkdir -p "$corpus"

small_specs() {
    find "$repo/tests/fixtures" "$repo/examples" "$repo/tests/corpus" -type f \
        \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' \) -size -16k | sort
}

# A stable file name for a seed: `seed-` and the path below the repository, flattened.
seed_name() {
    local rel=${1#"$repo"/}
    echo "seed-${rel//\//_}"
}

case "$target" in
    load_lint | resolve_tree | yaml_chunks)
        small_specs | while read -r f; do cp "$f" "$corpus/$(seed_name "$f")"; done
        ;;
    diff)
        small_specs | while read -r f; do cp "$f" "$corpus/$(seed_name "$f")"; done
        pair() {
            { cat "$repo/$1"; printf '\0'; cat "$repo/$2"; } >"$corpus/seed-pair-$3"
        }
        pair tests/fixtures/diff/one-of/base.yaml tests/fixtures/diff/one-of/head.yaml one-of
        pair tests/fixtures/diff-cli/base/openapi.yaml tests/fixtures/diff-cli/head/openapi.yaml cli
        pair tests/fixtures/diff/seed.yaml examples/openapi.yaml seed-example
        pair examples/openapi.yaml examples/broken.yaml example-broken
        pair examples/broken.yaml examples/openapi.yaml broken-example
        pair examples/multi-file/openapi.yaml examples/openapi.yaml multi-example
        ;;
    pattern)
        python3 - "$repo" "$corpus" <<'PY'
import hashlib, pathlib, re, sys

repo, corpus = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2])
patterns = set()
for top in ("tests/fixtures", "examples", "tests/corpus"):
    for f in (repo / top).rglob("*"):
        if f.is_file() and f.suffix in (".yaml", ".yml", ".json"):
            text = f.read_text(errors="replace")
            patterns.update(re.findall(r"pattern\"?:\s*'([^']*)'", text))
            patterns.update(re.findall(r"pattern\"?:\s*\"((?:[^\"\\]|\\.)*)\"", text))
tests = (repo / "src/pattern/tests.rs").read_text()
patterns.update(re.findall(r'r"([^"]*)"', tests))
for lit in re.findall(r'(?<![r\w])"((?:[^"\\]|\\.)*)"', tests):
    try:
        patterns.add(lit.encode().decode("unicode_escape"))
    except UnicodeDecodeError:
        pass
for p in patterns:
    data = p.encode("utf-8", "surrogatepass")
    (corpus / ("seed-" + hashlib.sha1(data).hexdigest()[:16])).write_bytes(data)
PY
        ;;
    *)
        echo "unknown fuzz target: $target (load_lint, resolve_tree, pattern, diff)" >&2
        exit 2
        ;;
esac
echo "seeded $corpus: $(find "$corpus" -type f | wc -l) inputs"
