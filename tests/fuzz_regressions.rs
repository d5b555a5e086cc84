//! Inputs found by the fuzz targets of `fuzz/` (see `scripts/fuzz.sh`), minimized with
//! `cargo fuzz tmin`, each with the behaviour it broke asserted as it must be now.

mod common;

use common::{Project, render};
use specguard::diff::{DiffOptions, diff_with};
use specguard::spec::Document;

/// `fuzz/` target `diff`: a document diffed against itself reported a change. The path item
/// holds `get` twice (a syntax error cuts the second short): the differ walked every `get`
/// entry of base but looked head's up by key, which finds the later one only, so the first
/// (ignored) `get` of base was compared with the second of head: "the query parameter 'limit'
/// was removed". Entries overridden by a later duplicate key are now left out wherever a
/// mapping's entries are walked, as `duplicate-key` says ("the first is ignored").
#[test]
fn duplicate_operation_key_diffs_clean_against_itself() {
    const INPUT: &str = "openapi: 3.1.0\n API 1.0.0\npaths:\n  /orders:\n    get:\n      \
        operationId: listOrders\n      parameters:\n        - name: limit\n          in: query\n    \
        tyer:\n    get:\n      opnId: :\n   \n";
    let base = Project::new(&[("openapi.yaml", INPUT.as_bytes())]);
    let head = Project::new(&[("openapi.yaml", INPUT.as_bytes())]);
    let (bw, hw) = (base.load("openapi.yaml"), head.load("openapi.yaml"));
    assert_eq!(
        render(&bw),
        [
            "duplicate-key error openapi.yaml:11:5 /paths/~1orders/get | duplicate key 'get': the mapping \
             already has it; the later value wins, the first is ignored [first defined here: openapi.yaml:5:5]",
            "syntax-error error openapi.yaml:12:14 /paths/~1orders/get/opnId | YAML syntax error: mapping \
             values are not allowed in this context",
        ]
    );
    let (bd, hd) = (Document::new(&bw).unwrap(), Document::new(&hw).unwrap());
    let operations: Vec<String> = bd.operations().iter().map(|op| op.label()).collect();
    assert_eq!(
        operations,
        ["GET /orders"],
        "the ignored first `get` is no operation"
    );
    assert_eq!(diff_with(bd, hd, &DiffOptions::default()), []);
}

/// The same cause met elsewhere: a response status written twice, the two differing. Base's
/// ignored first `200` was compared with head's `200` as found by key (the later one), so the
/// spec differed from itself by a changed description and a removed media type. Only the
/// later `200` counts, on both sides, and in lint as well.
#[test]
fn duplicate_response_status_diffs_clean_against_itself() {
    const SPEC: &str = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /orders:\n    get:\n      \
        responses:\n        '200':\n          description: first\n          content:\n            \
        application/json: {schema: {type: object}}\n        '200':\n          description: later\n";
    let base = Project::new(&[("openapi.yaml", SPEC.as_bytes())]);
    let head = Project::new(&[("openapi.yaml", SPEC.as_bytes())]);
    let (bw, hw) = (base.load("openapi.yaml"), head.load("openapi.yaml"));
    assert_eq!(
        render(&bw),
        [
            "duplicate-key error openapi.yaml:11:9 /paths/~1orders/get/responses/200 | duplicate key '200': \
          the mapping already has it; the later value wins, the first is ignored \
          [first defined here: openapi.yaml:7:9]"
        ]
    );
    let (bd, hd) = (Document::new(&bw).unwrap(), Document::new(&hw).unwrap());
    let responses = bd.operations()[0].responses();
    assert_eq!(responses.len(), 1);
    assert_eq!(
        responses[0]
            .node()
            .get("description")
            .and_then(|d| d.as_str()),
        Some("later")
    );
    assert_eq!(diff_with(bd, hd, &DiffOptions::default()), []);
}

/// `fuzz/` target `diff`: a document diffed against itself reported four changes. It has the
/// paths `/orders/{orderId}` and `/orders/{orderIdB` (no closing brace), which normalize to
/// the same template `/orders/{}`; the differ looked head's operations up by template, so both
/// base `get`s were compared with head's last one. Operations are now paired by the path as
/// written first, then by template among those left.
#[test]
fn paths_normalizing_alike_diff_clean_against_itself() {
    const INPUT: &str = "# A compleenAPIml` reports n\nopenapi: 3.1.0\ninfo:\n  t 1.0.0\n\
        x-idempotency-ttl: PT24H\npaths:\n  /orders:\n             \
        $ref: '#/components/responses/PayloadMismatch'\n  /orders/{orderId}:\n    :\n      \
        - name: orderId\n\n        schema:\n          type: string\n    get:\n      \
        operationId: getOrder\n      responses:\n        '20PayloadMismatch'\n  \
        /orders/{orderIdB:\n    parameters:\n      - name: orderId\n        in: path\n        \
        reuired: true\n        schema:\n          type: string\n    get:\n    e: string\n";
    let base = Project::new(&[("openapi.yaml", INPUT.as_bytes())]);
    let head = Project::new(&[("openapi.yaml", INPUT.as_bytes())]);
    let (bw, hw) = (base.load("openapi.yaml"), head.load("openapi.yaml"));
    assert_eq!(
        render(&bw),
        [
            "ref-unresolved error openapi.yaml:8:20 /paths/~1orders/$ref | $ref \
          '#/components/responses/PayloadMismatch' points at nothing: in openapi.yaml, \
          /components does not exist"
        ]
    );
    let (bd, hd) = (Document::new(&bw).unwrap(), Document::new(&hw).unwrap());
    let operations: Vec<String> = bd.operations().iter().map(|op| op.label()).collect();
    assert_eq!(
        operations,
        ["GET /orders/{orderId}", "GET /orders/{orderIdB"]
    );
    assert_eq!(diff_with(bd, hd, &DiffOptions::default()), []);
}

/// The same pairing on a valid spec: `/users/{id}` and `/users/{userId}` both written (OpenAPI
/// calls them identical, but specs hold them). Against itself: nothing. With the second
/// renamed `/users/{uid}` in head: its operation is matched by template (a renamed path
/// parameter), and the first keeps its own counterpart, so only the second's changes show.
#[test]
fn equivalent_templates_keep_their_own_counterparts() {
    let spec = |second: &str, status: &str| {
        format!(
            "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths:\n  /users/{{id}}:\n    get:\n      \
             parameters: [{{name: id, in: path, required: true, schema: {{type: string}}}}]\n      \
             responses: {{'200': {{description: ok}}}}\n  {second}:\n    get:\n      \
             parameters: [{{name: {name}, in: path, required: true, schema: {{type: string}}}}]\n      \
             responses: {{'{status}': {{description: ok}}}}\n",
            name = &second[8..second.len() - 1],
        )
    };
    let changes = |base: &str, head: &str| -> Vec<String> {
        let base = Project::new(&[("openapi.yaml", base.as_bytes())]);
        let head = Project::new(&[("openapi.yaml", head.as_bytes())]);
        let (bw, hw) = (base.load("openapi.yaml"), head.load("openapi.yaml"));
        let (bd, hd) = (Document::new(&bw).unwrap(), Document::new(&hw).unwrap());
        diff_with(bd, hd, &DiffOptions::default())
            .iter()
            .map(|c| format!("{} {}", c.id, c.message))
            .collect()
    };
    let base = spec("/users/{userId}", "204");
    assert_eq!(changes(&base, &base), Vec::<String>::new());
    assert_eq!(
        changes(&base, &spec("/users/{uid}", "202")),
        [
            "path-parameter-renamed path parameter 'userId' was renamed to 'uid' \
             (/users/{userId} → /users/{uid})",
            "response-success-status-removed the 204 response was removed",
            "response-status-added a 202 response was added",
        ]
    );
}

/// `fuzz/` target `pattern`: the fuzzer's 10 s time-out fired on this 21-byte pattern. Annex B
/// reads `{100/}` as literal text, so the pattern is one fixed string of 10,600 characters,
/// within the automaton limits, and the analysis is exact. It was no hang: a release build
/// lints a spec holding it in 0.14 s. Under the fuzzer, coverage instrumentation (it made
/// regex-automata's determinization about ten times slower), four automaton builds per input
/// and a CPU shared with two abandoned regress workers made it 14 s. Pinned here: the exact
/// answers (no time bound: a debug build takes seconds).
#[test]
fn long_literal_repetition_is_analysed_exactly() {
    use specguard::pattern::{CANONICAL_UUID_PATTERN, Comparison, Method, analyze};
    let report = analyze("((a{100}){100/}){100}", CANONICAL_UUID_PATTERN);
    let literal = format!("{}{{100/}}", "a".repeat(100)).repeat(100);
    assert_eq!(literal.len(), 10_600);
    assert_eq!(report.method, Method::Exact);
    assert_eq!(report.invalid, None);
    assert!(!report.anchored);
    assert_eq!(
        report.rejects_random_uuid.as_deref(),
        Some("00000000-0000-4000-8000-000000000000")
    );
    assert_eq!(report.accepts_non_uuid.as_deref(), Some(literal.as_str()));
    assert_eq!(
        report.vs_canonical,
        Comparison::Incomparable {
            a_not_b: literal,
            b_not_a: "00000000-0000-1000-8000-000000000000".into(),
        }
    );
    assert_eq!((report.note, report.unchecked), (None, false));
}

/// `fuzz/` target `pattern`: a second 10 s time-out, on `v7 instead` followed by 92 `.` and
/// one `2`. Searched anywhere, 92 trailing dots make the DFA blow up: determinization runs to
/// the 4 MiB size limit and the answer falls back to the sample, as designed. No hang: a
/// release build lints a spec holding it in 0.10 s, a fuzz build runs the input alone in 1.4 s;
/// the run had two abandoned regress workers (from a catastrophic seed) and a lowered priority
/// beside it.
#[test]
fn long_dot_run_stops_at_the_automaton_limit_and_is_sampled() {
    let pattern = format!("v7 instead{}2{}", ".".repeat(31), ".".repeat(61));
    assert_eq!(pattern.len(), 103);
    let note = sampled_past_the_size_limit(&pattern);
    assert_eq!(
        note,
        "exact analysis stopped at the automaton size limit (DFA exceeded size limit of \
         4194304 during determinization)"
    );
}

/// `fuzz/` target `pattern`: a third 10 s time-out, on `((a{100}){100}){!aabbCCCCCCCCCCC?j00}`,
/// and a 19 s slow unit of a later run, `((a{100}){100}){#100}`. The last brace is no
/// quantifier (Annex B reads it as literal text), so each pattern is 10,000 `a`s followed by
/// that text, searched anywhere: determinization of the unanchored search runs to the 4 MiB
/// size limit and the answer comes from the sample, as designed. No hang: a release build lints
/// a spec holding either in 0.26-0.28 s (11 MB peak).
#[test]
fn long_repetition_before_literal_braces_stops_at_the_automaton_limit() {
    for pattern in [
        "((a{100}){100}){!aabbCCCCCCCCCCC?j00}",
        "((a{100}){100}){#100}",
    ] {
        let note = sampled_past_the_size_limit(pattern);
        assert!(
            note.starts_with("exact analysis stopped at the automaton size limit"),
            "{pattern}: {note}"
        );
    }
}

/// Pinned for a pattern whose automaton outgrows the size limit: it is valid, unanchored and
/// sampled, the sample still finds the v4 key it rejects and the canonical key it lacks, and
/// the pattern compares equal to itself. Returns the note that says why it was sampled.
fn sampled_past_the_size_limit(pattern: &str) -> String {
    use specguard::pattern::{CANONICAL_UUID_PATTERN, Comparison, Method, analyze, compare};
    let report = analyze(pattern, CANONICAL_UUID_PATTERN);
    assert_eq!(report.method, Method::Sampled, "{pattern}");
    assert_eq!(report.invalid, None, "{pattern}");
    assert!(!report.anchored && !report.unchecked, "{pattern}");
    assert_eq!(
        report.rejects_random_uuid.as_deref(),
        Some("00000000-0000-4000-8000-000000000000"),
        "{pattern}"
    );
    assert_eq!(
        report.vs_canonical,
        Comparison::Stricter {
            b_not_a: "00000000-0000-1000-8000-000000000000".into()
        },
        "{pattern}"
    );
    assert_eq!(
        compare(pattern, pattern).1,
        Ok(Comparison::Equal),
        "{pattern}"
    );
    report.note.unwrap_or_default()
}

/// `fuzz/` target `yaml_chunks`: cut into chunks, a document read differently from the whole.
/// An empty folded scalar (`>-`) followed by a blank line ended a chunk; its span ran over the
/// blank line in the whole parse (up to the next key) but not at the end of the chunk, so the
/// enclosing mapping ended 2 bytes sooner. An empty block scalar now spans its header alone,
/// either way.
#[test]
fn empty_block_scalar_at_a_cut_reads_as_in_one_piece() {
    const INPUT: &str = "openapi: 3.0.1\npaths:\n  /:\n    get:\n      responses:\n        '200':\n          \
         description: >-\n\nin: query\ndescription: x\n";
    for parts in 2..=8 {
        assert_eq!(
            specguard::syntax::chunked_parse_differs(INPUT, parts),
            Ok(true),
            "{parts} parts"
        );
    }
    let project = Project::new(&[("openapi.yaml", INPUT.as_bytes())]);
    let ws = project.load("openapi.yaml");
    let tree = &ws.entry().tree;
    let scalar = tree
        .node_ids()
        .find(|&id| tree.scalar(&ws.entry().source.text, id) == Some(""))
        .expect("the empty scalar");
    let span = tree.span(scalar);
    assert_eq!(
        &ws.entry().source.text[span.start as usize..span.end as usize],
        ">-"
    );
}

/// `fuzz/` target `yaml_chunks`, second find: an explicit key without a value (`? $ref: x`)
/// last in a chunk. saphyr places the left-out value at the next token: the next line's key in
/// the whole parse, the end of the chunk when cut there (two bytes sooner, before the next
/// key's indentation). The left-out value now sits where its key ends, either way.
#[test]
fn value_left_out_after_an_explicit_key_reads_as_in_one_piece() {
    const INPUT: &str = "type: object\nproperties:\n  object:\n    type: string\n  page:\n   ? \
                         $ref: ./Page.yaml\n  items:\n    type: array\nrequired:\n- object\n";
    let cut = (2..=12)
        .map(|parts| specguard::syntax::chunked_parse_differs(INPUT, parts))
        .collect::<Result<Vec<bool>, String>>()
        .expect("chunked reads as whole");
    assert!(cut.iter().any(|&c| c));
}

/// `fuzz/` target `yaml_chunks`, third find (kept as found, 790 bytes: `cargo fuzz tmin` cannot
/// shrink an input that no longer fails): a block scalar's header was searched for as the last
/// `|` or `>` of its line after cutting the line at the first ` #`, which plain text before the
/// header can hold as well as `|`. Cut into 17 parts, the search looked at another `|` than in
/// one piece. The header is now the last `|` or `>` after a blank that only indicators, blanks
/// or a comment follow.
#[test]
fn block_scalar_header_after_plain_text_with_bars_reads_as_in_one_piece() {
    let input = include_str!("fixtures/fuzz/yaml-chunks-block-header.yaml");
    for parts in [2, 8, 17, 32] {
        assert!(
            specguard::syntax::chunked_parse_differs(input, parts).is_ok(),
            "{parts} parts: {:?}",
            specguard::syntax::chunked_parse_differs(input, parts)
        );
    }
    assert_eq!(
        specguard::syntax::chunked_parse_differs(input, 17),
        Ok(true)
    );
}

/// `fuzz/` target `yaml_chunks`, sixth find (kept as found): the header search above took the
/// last candidate of the whole line, which may lie in the comment after the real header
/// (`k: | ###### x: |`). The header is now looked for before the line's comment only.
#[test]
fn block_scalar_header_before_a_comment_reads_as_in_one_piece() {
    let input = include_str!("fixtures/fuzz/yaml-chunks-header-comment.yaml");
    for parts in 2..=32 {
        let outcome = specguard::syntax::chunked_parse_differs(input, parts);
        assert!(outcome.is_ok(), "{parts} parts: {outcome:?}");
    }
}

/// `fuzz/` target `yaml_chunks`, fourth find: a lone carriage return (`components:\r  schemas:`)
/// is a line break for YAML, but the cut planner read lines up to line feeds only, took
/// `schemas` for part of a header line and every schema for an entry one level up; the chunks
/// parsed, and the stitched tree nested the second schema wrongly. A document holding a lone
/// carriage return is no longer cut.
#[test]
fn lone_carriage_return_is_not_cut_across() {
    const INPUT: &str = "components:\r  schemas:  \n    top:\n      type: object\n      \
        properties:\n        cat:\n          $ref: '#/components/schemas/category'\n    category:\n      \
        type: object\n      properties:\n        subcategories:\n          type: array\n          \
        items:\n            $ref: '#/components/schemas/category'\n";
    for parts in 2..=20 {
        assert_eq!(
            specguard::syntax::chunked_parse_differs(INPUT, parts),
            Ok(false),
            "{parts} parts"
        );
    }
}

/// `fuzz/` target `yaml_chunks`, fifth find (kept as found): an explicit key left out (`?`
/// followed by a comment only) last in a chunk. saphyr places the left-out key, like a
/// left-out value, at the next token, which is elsewhere at the end of a chunk. A chunk ending
/// in such a node is no longer cut there: the document is parsed whole.
#[test]
fn key_left_out_at_a_cut_reads_as_in_one_piece() {
    let input = include_str!("fixtures/fuzz/yaml-chunks-left-out-key.yaml");
    for parts in 2..=32 {
        let outcome = specguard::syntax::chunked_parse_differs(input, parts);
        assert!(outcome.is_ok(), "{parts} parts: {outcome:?}");
    }
    for text in [
        "a:\n  x: 1\n  y:\n    ?   # c\n  z: 2\n  w: 3\nb: 4\n",
        "a:\n  x: 1\n  y:\n    ?\n  z: 2\nb: 4\n",
    ] {
        for parts in 2..=8 {
            let outcome = specguard::syntax::chunked_parse_differs(text, parts);
            assert!(outcome.is_ok(), "{text:?} in {parts} parts: {outcome:?}");
        }
    }
}
