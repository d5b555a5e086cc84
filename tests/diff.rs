//! `specguard diff`: identity and refactor-only pairs give no change; each idempotency-aware
//! check fires with its level; changes inside referenced files are located there on both
//! sides; revisions work; exit codes follow --fail-on.

mod common;

use assert_cmd::Command;
use common::{Project, git};
use specguard::diff::{Change, Level, diff};
use specguard::report::Position;
use specguard::rules::options::IdempotencyOptions;
use specguard::spec::Document;

const SEED: &str = include_str!("../examples/openapi.yaml");

/// `id level base-file:line head-file:line` of each change between two projects' entries.
fn changes(base: &Project, head: &Project, entry: &str) -> Vec<String> {
    let (bw, hw) = (base.load(entry), head.load(entry));
    let (bd, hd) = (Document::new(&bw).unwrap(), Document::new(&hw).unwrap());
    let found: Vec<Change> = diff(bd, hd, &IdempotencyOptions::default());
    found
        .iter()
        .map(|c| {
            let side = |ws, l: &Option<specguard::finding::Location>| {
                l.as_ref().map_or("-".to_string(), |l| {
                    let p = Position::of(ws, l);
                    format!("{}:{}", p.file, p.start.line)
                })
            };
            format!(
                "{} {} {} {}",
                c.id,
                c.level.as_str(),
                side(&bw, &c.base),
                side(&hw, &c.head)
            )
        })
        .collect()
}

fn pair(base: &str, head: &str) -> Vec<String> {
    changes(
        &Project::new(&[("openapi.yaml", base.as_bytes())]),
        &Project::new(&[("openapi.yaml", head.as_bytes())]),
        "openapi.yaml",
    )
}

fn edited(from: &str, to: &str) -> String {
    assert_eq!(SEED.matches(from).count(), 1, "{from}");
    SEED.replacen(from, to, 1)
}

#[test]
fn a_spec_against_itself_has_no_changes() {
    assert_eq!(pair(SEED, SEED), Vec::<String>::new());
    for spec in [
        "tests/corpus/oai-examples/v3.0/petstore-expanded.yaml",
        "tests/corpus/oai-examples/v3.0/api-with-examples.json",
    ] {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(spec);
        if let Ok(text) = std::fs::read_to_string(&path) {
            assert_eq!(pair(&text, &text), Vec::<String>::new(), "{spec}");
        }
    }
}

#[test]
fn refactors_that_change_no_wire_behaviour_are_no_change() {
    // An inline schema moved to components (and the component renamed).
    let inline = SEED.replacen(
        "            schema:\n              $ref: '#/components/schemas/OrderRequest'\n",
        "            schema:\n              type: object\n              required: [item]\n              properties:\n                item:\n                  type: string\n",
        1,
    );
    assert_ne!(inline, SEED);
    assert_eq!(
        pair(&inline, SEED),
        Vec::<String>::new(),
        "inline -> component"
    );
    // allOf reorganising the same properties.
    let all_of = SEED.replacen(
        "    Order:\n      type: object\n      required: [id, item]\n      properties:\n        id:\n          type: string\n        item:\n          type: string\n",
        "    Order:\n      allOf:\n        - type: object\n          required: [id]\n          properties:\n            id: {type: string}\n        - type: object\n          required: [item]\n          properties:\n            item: {type: string}\n",
        1,
    );
    assert_ne!(all_of, SEED);
    assert_eq!(pair(SEED, &all_of), Vec::<String>::new(), "allOf");
    // 3.0 nullable and 3.1 type lists mean the same.
    let v30 = SEED.replace("openapi: 3.1.0", "openapi: 3.0.3").replace(
        "        item:\n          type: string\n",
        "        item:\n          type: string\n          nullable: true\n",
    );
    let v31 = SEED.replace(
        "        item:\n          type: string\n",
        "        item:\n          type: [string, 'null']\n",
    );
    assert_eq!(
        pair(&v30, &v31),
        Vec::<String>::new(),
        "nullable vs type list"
    );
    // A file split into several.
    let base = Project::new(&[("openapi.yaml", SEED.as_bytes())]);
    let split = SEED.replacen(
        "  parameters:\n    IdempotencyKey:\n      in: header\n",
        "  parameters:\n    IdempotencyKey:\n      $ref: 'key.yaml'\n    Unused:\n      in: header\n",
        1,
    );
    let key = "in: header\nname: Idempotency-Key\nrequired: true\ndescription: A client-generated UUID (crypto.randomUUID()); keys expire 24 hours after first use.\nschema:\n  type: string\n  format: uuid\n  pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'\n";
    let head = Project::new(&[
        ("openapi.yaml", split.as_bytes()),
        ("key.yaml", key.as_bytes()),
    ]);
    assert_eq!(
        changes(&base, &head, "openapi.yaml"),
        Vec::<String>::new(),
        "file split"
    );
}

#[test]
fn idempotency_aware_checks() {
    let cases: Vec<(String, &str, &str)> = vec![
        (
            edited("x-idempotency-ttl: PT24H", "x-idempotency-ttl: PT1H"),
            "idempotency-ttl-shortened",
            "error",
        ),
        (
            edited("x-idempotency-ttl: PT24H", "x-idempotency-ttl: P2D"),
            "idempotency-ttl-lengthened",
            "info",
        ),
        (
            edited("[1-5][0-9a-f]{3}-[89ab]", "4[0-9a-f]{3}-[89ab]"),
            "idempotency-key-pattern-tightened",
            "error",
        ),
        (
            edited("[1-5][0-9a-f]{3}-[89ab]", "[0-9a-f]{4}-[89ab]"),
            "idempotency-key-pattern-loosened",
            "info",
        ),
        (
            edited("[1-5][0-9a-f]{3}-[89ab]", "[6-8][0-9a-f]{3}-[89ab]"),
            "idempotency-key-pattern-changed",
            "error",
        ),
        (
            edited(
                "      required: true\n      description: A client",
                "      required: false\n      description: A client",
            ),
            "idempotency-key-became-optional",
            "info",
        ),
        (
            edited(
                "enum: [DUPLICATE, PROCESSING]",
                "enum: [DUPLICATE, PROCESSING, EXPIRED]",
            ),
            "idempotency-status-value-added",
            "error",
        ),
        (
            edited("enum: [DUPLICATE, PROCESSING]", "enum: [DUPLICATE]"),
            "idempotency-status-value-removed",
            "info",
        ),
        (
            edited(
                "schema: { type: integer, minimum: 0 }",
                "schema: { type: string, format: http-date }",
            ),
            "idempotency-retry-after-type-changed",
            "error",
        ),
        (
            edited(
                "        Retry-After:\n          schema: { type: integer, minimum: 0 }\n",
                "",
            ),
            "idempotency-retry-after-removed",
            "warn",
        ),
        (
            edited(
                "        X-Idempotency-Key-Status:\n          schema: { type: string, enum: [DUPLICATE, PROCESSING] }\n",
                "",
            ),
            "idempotency-status-header-removed",
            "error",
        ),
    ];
    for (head, id, level) in cases {
        let got = pair(SEED, &head);
        assert_eq!(got.len(), 1, "{id}: {got:#?}");
        assert!(
            got[0].starts_with(&format!("{id} {level} ")),
            "{id}: {got:#?}"
        );
    }
    // The key removed from POST: the key is gone for that operation only.
    let no_key = edited(
        "      summary: Create an order\n      parameters:\n        - $ref: '#/components/parameters/IdempotencyKey'\n",
        "      summary: Create an order\n",
    );
    assert_eq!(
        pair(SEED, &no_key),
        ["idempotency-key-removed error openapi.yaml:76 -"]
    );
    // The 409 removed from PATCH.
    let no_409 = SEED.replacen("        '409':\n          $ref: '#/components/responses/IdempotencyConflict'\n        '422':\n          $ref: '#/components/responses/PayloadMismatch'\ncomponents:", "        '422':\n          $ref: '#/components/responses/PayloadMismatch'\ncomponents:", 1);
    assert_eq!(
        pair(SEED, &no_409),
        ["idempotency-conflict-response-removed error openapi.yaml:70 -"]
    );
    // A required key added where there was none.
    assert_eq!(
        pair(&no_key, SEED),
        ["idempotency-key-added-required error - openapi.yaml:76"]
    );
}

#[test]
fn a_change_inside_a_referenced_file_is_located_there_on_both_sides() {
    let main = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /pets:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema:\n                $ref: 'schemas.yaml#/Pet'\n";
    let base = Project::new(&[("openapi.yaml", main.as_bytes()), ("schemas.yaml", b"Pet:\n  type: object\n  properties:\n    status:\n      type: string\n      enum: [available, sold]\n")]);
    let head = Project::new(&[("openapi.yaml", main.as_bytes()), ("schemas.yaml", b"Pet:\n  type: object\n  properties:\n    status:\n      type: string\n      enum: [available, sold, pending]\n")]);
    assert_eq!(
        changes(&base, &head, "openapi.yaml"),
        ["response-enum-value-added error schemas.yaml:6 schemas.yaml:6"]
    );
}

#[test]
fn generic_checks_follow_the_direction() {
    let base = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      parameters:\n        - {name: q, in: query, schema: {type: string, maxLength: 10}}\n      responses:\n        '200': {description: ok}\n    delete:\n      responses:\n        '204': {description: gone}\n";
    let head = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      parameters:\n        - {name: q, in: query, required: true, schema: {type: string, maxLength: 5}}\n        - {name: r, in: query, schema: {type: string}}\n      responses:\n        '200': {description: ok}\n        '404': {description: missing}\n";
    assert_eq!(
        pair(base, head),
        [
            "request-parameter-became-required error openapi.yaml:7 openapi.yaml:7",
            "request-bound-narrowed error openapi.yaml:7 openapi.yaml:7",
            "request-parameter-added info - openapi.yaml:8",
            "response-status-added info - openapi.yaml:11",
            "operation-removed error openapi.yaml:10 -",
        ]
    );
}

#[test]
fn diff_against_a_revision_with_exit_codes() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    git(p, &["init", "-q", "-b", "main"]);
    std::fs::create_dir_all(p.join("components")).unwrap();
    let main = SEED.replacen("  parameters:\n    IdempotencyKey:\n      in: header\n", "  parameters:\n    IdempotencyKey:\n      $ref: 'components/key.yaml'\n    Unused:\n      in: header\n", 1);
    std::fs::write(p.join("openapi.yaml"), &main).unwrap();
    std::fs::write(p.join("components/key.yaml"), "in: header\nname: Idempotency-Key\nrequired: true\nschema: {type: string, format: uuid, pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'}\n").unwrap();
    git(p, &["add", "."]);
    git(p, &["commit", "-q", "-m", "base"]);
    std::fs::write(p.join("components/key.yaml"), "in: header\nname: Idempotency-Key\nrequired: true\nschema: {type: string, format: uuid, pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'}\n").unwrap();
    let run = |base: &str, fail_on: &str| {
        Command::cargo_bin("specguard")
            .unwrap()
            .current_dir(p)
            .args([
                "diff",
                "--format",
                "json",
                "--fail-on",
                fail_on,
                base,
                "openapi.yaml",
            ])
            .output()
            .unwrap()
    };
    let out = run("HEAD:openapi.yaml", "error");
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let c = &json["changes"][0];
    assert_eq!(c["id"], "idempotency-key-pattern-tightened");
    assert_eq!(c["base"]["file"], "HEAD:components/key.yaml");
    assert_eq!(c["head"]["file"], "components/key.yaml");
    assert_eq!(c["base"]["pointer"], "/schema/pattern");
    assert!(
        c["message"]
            .as_str()
            .unwrap()
            .contains("'00000000-0000-1000-8000-000000000000' was accepted and is now rejected")
    );
    assert_eq!(
        json["summary"],
        serde_json::json!({"error": 1, "warn": 0, "info": 0, "accepted": 0, "off": 0})
    );
    assert_eq!(run("HEAD:openapi.yaml", "none").status.code(), Some(0));
    // Two commits: the previous one against the working tree, every file of each side read
    // from its own revision.
    git(p, &["commit", "-q", "-am", "v4 keys only"]);
    let out = run("HEAD~1:openapi.yaml", "error");
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["changes"].as_array().unwrap().len(), 1);
    let c = &json["changes"][0];
    assert_eq!(c["id"], "idempotency-key-pattern-tightened");
    assert_eq!(c["base"]["file"], "HEAD~1:components/key.yaml");
    assert_eq!(c["base"]["line"], 4);
    assert_eq!(c["head"]["file"], "components/key.yaml");
    // HEAD against the working tree: nothing changed since the second commit.
    assert_eq!(run("HEAD:openapi.yaml", "error").status.code(), Some(0));
    Command::cargo_bin("specguard")
        .unwrap()
        .current_dir(p)
        .args(["diff", "nope:openapi.yaml", "openapi.yaml"])
        .assert()
        .code(2);
}

#[test]
fn fingerprints_ignore_wording_and_lines() {
    let a = pair(
        SEED,
        &edited("x-idempotency-ttl: PT24H", "x-idempotency-ttl: PT1H"),
    );
    assert_eq!(a.len(), 1);
    let base = Project::new(&[("openapi.yaml", SEED.as_bytes())]);
    let head = Project::new(&[(
        "openapi.yaml",
        edited("x-idempotency-ttl: PT24H", "x-idempotency-ttl: PT1H").as_bytes(),
    )]);
    let shifted = Project::new(&[(
        "openapi.yaml",
        format!(
            "# a comment\n\n{}",
            edited("x-idempotency-ttl: PT24H", "x-idempotency-ttl: PT1H")
        )
        .as_bytes(),
    )]);
    let fp = |h: &Project| {
        let (bw, hw) = (base.load("openapi.yaml"), h.load("openapi.yaml"));
        diff(
            Document::new(&bw).unwrap(),
            Document::new(&hw).unwrap(),
            &IdempotencyOptions::default(),
        )[0]
        .fingerprint()
    };
    assert_eq!(fp(&head), fp(&shifted));
    let _ = Level::Error;
}

#[test]
fn one_of_branches_pair_by_content_and_ignored_headers_are_no_change() {
    let base = std::fs::read_to_string("tests/fixtures/diff/one-of/base.yaml").unwrap();
    let head = std::fs::read_to_string("tests/fixtures/diff/one-of/head.yaml").unwrap();
    // Branches reordered and edited: each edit is found on the branch it belongs to (base
    // oneOf/0 is head oneOf/2), the reorder itself is no change. The `Accept` and
    // `Authorization` header parameters added as required are ignored, as OpenAPI 3.x says.
    // A 409 removed from a POST that takes no Idempotency-Key is the generic check, not the
    // idempotency one.
    assert_eq!(
        pair(&base, &head),
        [
            "request-type-changed error openapi.yaml:14 openapi.yaml:20",
            "request-bound-narrowed error openapi.yaml:16 openapi.yaml:18",
            "response-status-removed warn openapi.yaml:21 -",
        ]
    );
}

/// Inline schemas nested deeper than the comparison goes: the change below the limit is not
/// silently lost, the limit is reported where it was reached.
#[test]
fn comparison_stops_at_its_depth_limit() {
    let nested = |leaf: &str| {
        let mut schema = format!("{{type: {leaf}}}");
        for _ in 0..70 {
            schema = format!("{{type: object, properties: {{a: {schema}}}}}");
        }
        format!(
            "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    put:\n      requestBody:\n        content:\n          application/json:\n            schema: {schema}\n      responses:\n        '200': {{description: ok}}\n"
        )
    };
    let found = pair(&nested("string"), &nested("integer"));
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].starts_with("comparison-depth-limit warn openapi.yaml:9 openapi.yaml:9"),
        "{found:#?}"
    );
    assert_eq!(
        pair(&nested("string"), &nested("string")),
        Vec::<String>::new()
    );
}

/// Recursive schemas (a schema in its own items, two schemas referring to each other) end:
/// each pair is compared once, a spec against itself has no change, and a change inside the
/// cycle is reported once per direction, where it is written.
#[test]
fn recursive_schemas_terminate_and_report_a_change_once() {
    let base = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /nodes:\n    get:\n      responses:\n        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Node'}\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/Node'}\n      responses:\n        '201': {description: made}\ncomponents:\n  schemas:\n    Node:\n      type: object\n      properties:\n        name: {type: string}\n        children:\n          type: array\n          items: {$ref: '#/components/schemas/Node'}\n        parent: {$ref: '#/components/schemas/Edge'}\n    Edge:\n      type: object\n      properties:\n        to: {$ref: '#/components/schemas/Node'}\n        weight: {type: integer}\n";
    assert_eq!(pair(base, base), Vec::<String>::new());
    let head = base.replace("weight: {type: integer}", "weight: {type: string}");
    // Line 33 is `weight` in Edge; Node is read and written, so both directions break.
    assert_eq!(
        pair(base, &head),
        [
            "response-type-changed error openapi.yaml:33 openapi.yaml:33",
            "request-type-changed error openapi.yaml:33 openapi.yaml:33",
        ]
    );
}
