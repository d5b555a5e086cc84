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
