//! Every idempotency rule, fired and not fired, in every shape a spec can take: the key and
//! the 409 written inline, through a `$ref` to `components`, through a ref into another file,
//! the key at path level; YAML and JSON; OpenAPI 3.0 and 3.1. A finding must name its rule
//! and point into the file where the offending node is written. Snapshots keep the rendered
//! pretty and JSON output of one variant per rule.

mod common;

use common::Project;
use specguard::finding::Severity;
use specguard::lint::engine::RuleSettings;
use specguard::lint::{lint_workspace, lint_workspace_with};
use specguard::report::{self, Item, Position, PrettyOptions};
use specguard::resolve::Workspace;

const KEY: &str = "{in: header, name: Idempotency-Key, required: true, description: 'Keys expire after 24 hours.', schema: {type: string, format: uuid, pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'}}";
const CONFLICT: &str = "{description: conflict, headers: {Retry-After: {schema: {type: integer, minimum: 0}}, X-Idempotency-Key-Status: {schema: {type: string, enum: [DUPLICATE, PROCESSING]}}}}";

#[derive(Debug, Clone, Copy, PartialEq)]
enum Shape {
    /// Key and 409 written in the operation.
    Inline,
    /// Both through `$ref` to `#/components/...`.
    Component,
    /// Both through `$ref` into `components.yaml`.
    OtherFile,
    /// The key on the path item (inherited), the 409 inline.
    PathLevel,
}

const SHAPES: [Shape; 4] = [
    Shape::Inline,
    Shape::Component,
    Shape::OtherFile,
    Shape::PathLevel,
];

/// What else varies in the operation: its method, and whether it documents a 400.
#[derive(Debug, Clone, Copy)]
struct Form {
    method: &'static str,
    bad_request: bool,
}

const POST: Form = Form {
    method: "post",
    bad_request: true,
};

/// The files of a spec in `shape`, with `key`/`conflict` as given (None: left out).
fn spec(
    version: &str,
    shape: Shape,
    key: Option<&str>,
    conflict: Option<&str>,
    form: Form,
) -> Vec<(String, String)> {
    let (key_ref, conflict_ref) = match shape {
        Shape::Component => (
            "{$ref: '#/components/parameters/IdempotencyKey'}",
            "{$ref: '#/components/responses/Conflict'}",
        ),
        Shape::OtherFile => (
            "{$ref: 'components.yaml#/IdempotencyKey'}",
            "{$ref: 'components.yaml#/Conflict'}",
        ),
        Shape::Inline | Shape::PathLevel => ("", ""),
    };
    let key_item = key.map(|k| if key_ref.is_empty() { k } else { key_ref });
    let conflict_item = conflict.map(|c| {
        if conflict_ref.is_empty() {
            c
        } else {
            conflict_ref
        }
    });
    let mut main =
        format!("openapi: {version}\ninfo: {{title: t, version: '1'}}\npaths:\n  /orders:\n");
    if let (Shape::PathLevel, Some(k)) = (shape, key_item) {
        main.push_str(&format!("    parameters:\n      - {k}\n"));
    }
    main.push_str(&format!("    {}:\n", form.method));
    if let (false, Some(k)) = (shape == Shape::PathLevel, key_item) {
        main.push_str(&format!("      parameters:\n        - {k}\n"));
    }
    main.push_str("      responses:\n        '201': {description: created}\n");
    if form.bad_request {
        main.push_str("        '400': {description: bad key}\n");
    }
    if let Some(c) = conflict_item {
        main.push_str(&format!("        '409': {c}\n"));
    }
    let mut files = Vec::new();
    match shape {
        Shape::Component => {
            main.push_str("components:\n  parameters:\n");
            if let Some(k) = key {
                main.push_str(&format!("    IdempotencyKey: {k}\n"));
            }
            main.push_str("  responses:\n");
            if let Some(c) = conflict {
                main.push_str(&format!("    Conflict: {c}\n"));
            }
        }
        Shape::OtherFile => {
            let mut other = String::new();
            if let Some(k) = key {
                other.push_str(&format!("IdempotencyKey: {k}\n"));
            }
            if let Some(c) = conflict {
                other.push_str(&format!("Conflict: {c}\n"));
            }
            files.push(("components.yaml".to_string(), other));
        }
        _ => {}
    }
    files.insert(0, ("openapi.yaml".to_string(), main));
    files
}

/// The same single-file spec as JSON (converted through the loader's own tree).
fn to_json(yaml: &str) -> String {
    let p = Project::new(&[("a.yaml", yaml.as_bytes())]);
    let ws = p.load("a.yaml");
    serde_json::to_string_pretty(&common::to_json(ws.root().unwrap())).unwrap()
}

struct Variant {
    name: String,
    project: Project,
    entry: &'static str,
    /// The file where the key / the 409 body is written.
    key_file: &'static str,
    conflict_file: &'static str,
}

/// Every variant of a contract: 4 shapes x 2 versions in YAML, plus JSON for the single-file
/// shapes.
fn variants(
    key: Option<&str>,
    conflict: Option<&str>,
    version_30: Option<(&str, &str)>,
) -> Vec<Variant> {
    variants_of(key, conflict, version_30, POST)
}

/// The same for an operation of another `form`.
fn variants_of(
    key: Option<&str>,
    conflict: Option<&str>,
    version_30: Option<(&str, &str)>,
    form: Form,
) -> Vec<Variant> {
    let mut out = Vec::new();
    for version in ["3.0.3", "3.1.0"] {
        // Version-specific texts (nullable in 3.0, type lists in 3.1) replace the 3.1 ones.
        let (key, conflict) = match (version, version_30) {
            ("3.0.3", Some((from, to))) => (
                key.map(|k| k.replace(from, to)),
                conflict.map(|c| c.replace(from, to)),
            ),
            _ => (key.map(String::from), conflict.map(String::from)),
        };
        for shape in SHAPES {
            let files = spec(version, shape, key.as_deref(), conflict.as_deref(), form);
            let (key_file, conflict_file) = match shape {
                Shape::OtherFile => ("components.yaml", "components.yaml"),
                _ => ("openapi.yaml", "openapi.yaml"),
            };
            let borrowed: Vec<(&str, &[u8])> = files
                .iter()
                .map(|(n, t)| (n.as_str(), t.as_bytes()))
                .collect();
            out.push(Variant {
                name: format!("{version} {shape:?} yaml"),
                project: Project::new(&borrowed),
                entry: "openapi.yaml",
                key_file,
                conflict_file,
            });
            if shape != Shape::OtherFile {
                let json = to_json(&files[0].1);
                out.push(Variant {
                    name: format!("{version} {shape:?} json"),
                    project: Project::new(&[("openapi.json", json.as_bytes())]),
                    entry: "openapi.json",
                    key_file: "openapi.json",
                    conflict_file: "openapi.json",
                });
            }
        }
    }
    out
}

fn findings(ws: &Workspace) -> Vec<(String, String, String)> {
    let mut f = lint_workspace(ws);
    f.sort_by_key(|f| f.rule);
    f.iter()
        .map(|f| {
            let p = Position::of(ws, &f.location);
            (f.rule.to_string(), p.file, p.pointer)
        })
        .collect()
}

/// The contract as given passes in every variant; with `broken` it fires exactly `rule`,
/// in the file where the key (or the 409) is written.
fn check_rule(
    rule: &str,
    broken_key: Option<&str>,
    broken_conflict: Option<&str>,
    in_conflict: bool,
    version_30: Option<(&str, &str)>,
) {
    check_rules(
        &[rule],
        broken_key,
        broken_conflict,
        in_conflict,
        version_30,
    );
}

/// The same for a change the catalogue says fires several rules together (ids sorted).
fn check_rules(
    rules: &[&str],
    broken_key: Option<&str>,
    broken_conflict: Option<&str>,
    in_conflict: bool,
    version_30: Option<(&str, &str)>,
) {
    for v in variants(Some(KEY), Some(CONFLICT), None) {
        let ws = v.project.load(v.entry);
        assert_eq!(
            findings(&ws),
            vec![],
            "{}: the good contract must pass",
            v.name
        );
    }
    for v in variants(broken_key, broken_conflict, version_30) {
        let ws = v.project.load(v.entry);
        let got = findings(&ws);
        let ids: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(ids, rules, "{}: {got:#?}", v.name);
        let expected_file = if in_conflict {
            v.conflict_file
        } else {
            v.key_file
        };
        for g in &got {
            assert_eq!(
                g.1, expected_file,
                "{}: {} must point into the file where the node is written",
                v.name, g.0
            );
        }
    }
}

/// Pretty and JSON output of the Component-shaped 3.1 YAML variant, for the snapshot.
fn rendered(broken_key: Option<&str>, broken_conflict: Option<&str>) -> String {
    rendered_with(broken_key, broken_conflict, POST, &RuleSettings::default())
}

/// The same for another form of operation, under other settings.
fn rendered_with(
    broken_key: Option<&str>,
    broken_conflict: Option<&str>,
    form: Form,
    settings: &RuleSettings,
) -> String {
    let files = spec("3.1.0", Shape::Component, broken_key, broken_conflict, form);
    let p = Project::new(&[("openapi.yaml", files[0].1.as_bytes())]);
    let ws = p.load("openapi.yaml");
    let f = lint_workspace_with(&ws, settings);
    let mut items: Vec<Item<'_>> = f.iter().map(|finding| Item { ws: &ws, finding }).collect();
    report::sort_and_dedupe(&mut items);
    format!(
        "{}\n{}",
        report::render_pretty(&items, 1, PrettyOptions { color: false }),
        report::render_json(&items, 1)
    )
}

macro_rules! rule_case {
    ($name:ident, $rule:literal, key: $key:expr, conflict: $conflict:expr, in_conflict: $in_conflict:expr) => {
        rule_case!($name, $rule, key: $key, conflict: $conflict, in_conflict: $in_conflict, v30: None);
    };
    ($name:ident, $rule:literal, key: $key:expr, conflict: $conflict:expr, in_conflict: $in_conflict:expr, v30: $v30:expr) => {
        #[test]
        fn $name() {
            let key: Option<String> = $key;
            let conflict: Option<String> = $conflict;
            check_rule($rule, key.as_deref(), conflict.as_deref(), $in_conflict, $v30);
            insta::assert_snapshot!(stringify!($name), rendered(key.as_deref(), conflict.as_deref()));
        }
    };
}

fn key_with(from: &str, to: &str) -> Option<String> {
    assert!(KEY.contains(from), "{from}");
    Some(KEY.replacen(from, to, 1))
}

fn conflict_with(from: &str, to: &str) -> Option<String> {
    assert!(CONFLICT.contains(from), "{from}");
    Some(CONFLICT.replacen(from, to, 1))
}

fn good_key() -> Option<String> {
    Some(KEY.to_string())
}

fn good_conflict() -> Option<String> {
    Some(CONFLICT.to_string())
}

rule_case!(key_not_required, "idempotency-key-not-required", key: key_with("required: true", "required: false"), conflict: good_conflict(), in_conflict: false);
rule_case!(key_schema_type, "idempotency-key-schema-type", key: key_with("type: string, format", "type: integer, format"), conflict: good_conflict(), in_conflict: false);
rule_case!(key_nullable, "idempotency-key-schema-type", key: key_with("type: string, format", "type: [string, 'null'], format"), conflict: good_conflict(), in_conflict: false, v30: Some(("type: [string, 'null'], format", "type: string, nullable: true, format")));
rule_case!(key_format, "idempotency-key-format", key: key_with("format: uuid, ", ""), conflict: good_conflict(), in_conflict: false);
rule_case!(key_default, "idempotency-key-default", key: key_with("format: uuid, ", "format: uuid, default: 00000000-0000-4000-8000-000000000000, "), conflict: good_conflict(), in_conflict: false);
rule_case!(key_pattern_missing, "idempotency-key-pattern-missing", key: key_with(", pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'", ""), conflict: good_conflict(), in_conflict: false);
rule_case!(expiry_undocumented, "idempotency-expiry-undocumented", key: key_with("Keys expire after 24 hours.", "A UUID."), conflict: good_conflict(), in_conflict: false);
rule_case!(retry_after_missing, "idempotency-retry-after-missing", key: good_key(), conflict: conflict_with("Retry-After: {schema: {type: integer, minimum: 0}}, ", ""), in_conflict: true);
rule_case!(retry_after_type, "idempotency-retry-after-type", key: good_key(), conflict: conflict_with("{type: integer, minimum: 0}", "{type: string, format: date-time}"), in_conflict: true);
rule_case!(status_header_missing, "idempotency-status-header-missing", key: good_key(), conflict: conflict_with(", X-Idempotency-Key-Status: {schema: {type: string, enum: [DUPLICATE, PROCESSING]}}", ""), in_conflict: true);
rule_case!(status_header_values, "idempotency-status-header-values", key: good_key(), conflict: conflict_with("enum: [DUPLICATE, PROCESSING]", "enum: [DUPLICATE]"), in_conflict: true);
rule_case!(status_header_extra_values, "idempotency-status-header-extra-values", key: good_key(), conflict: conflict_with("enum: [DUPLICATE, PROCESSING]", "enum: [DUPLICATE, PROCESSING, EXPIRED]"), in_conflict: true);

#[test]
fn key_missing_and_conflict_missing_point_at_the_operation() {
    for v in variants(None, Some(CONFLICT), None) {
        let got = findings(&v.project.load(v.entry));
        assert_eq!(got.len(), 1, "{}: {got:#?}", v.name);
        assert_eq!(
            (got[0].0.as_str(), got[0].2.as_str()),
            ("idempotency-key-missing", "/paths/~1orders/post"),
            "{}",
            v.name
        );
    }
    for v in variants(Some(KEY), None, None) {
        let got = findings(&v.project.load(v.entry));
        assert_eq!(got.len(), 1, "{}: {got:#?}", v.name);
        assert_eq!(
            (got[0].0.as_str(), got[0].2.as_str()),
            (
                "idempotency-conflict-response-missing",
                "/paths/~1orders/post/responses"
            ),
            "{}",
            v.name
        );
    }
    insta::assert_snapshot!("key_missing", rendered(None, Some(CONFLICT)));
    insta::assert_snapshot!("conflict_missing", rendered(Some(KEY), None));
}

#[test]
fn header_names_compare_case_insensitively() {
    let key = KEY.replace("name: Idempotency-Key", "name: idempotency-key");
    let conflict = CONFLICT
        .replace("Retry-After", "retry-after")
        .replace("X-Idempotency-Key-Status", "x-idempotency-key-status");
    for v in variants(Some(&key), Some(&conflict), None) {
        assert_eq!(findings(&v.project.load(v.entry)), vec![], "{}", v.name);
    }
}

#[test]
fn a_path_level_key_inherited_by_a_get_is_on_a_safe_method() {
    let text = format!(
        "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths:\n  /orders:\n    parameters:\n      - {KEY}\n    get:\n      responses: {{'200': {{description: ok}}}}\n    post:\n      responses:\n        '400': {{description: bad}}\n        '409': {CONFLICT}\n"
    );
    let p = Project::new(&[("openapi.yaml", text.as_bytes())]);
    let got = common::render_all(&p.load("openapi.yaml"));
    assert_eq!(
        got,
        [
            "idempotency-key-on-safe-method info openapi.yaml:6:10 /paths/~1orders/parameters/0 | GET /orders: the `Idempotency-Key` header has no effect on a safe method"
        ]
    );
}

#[test]
fn payload_mismatch_is_off_by_default_and_inline_ignores_silence() {
    // Off by default: the good contract has no 422 and passes (checked above); here the
    // inline ignore on the operation silences what fires.
    let text = format!(
        "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\npaths:\n  /orders:\n    post:\n      x-specguard-ignore: [idempotency-key-missing]\n      responses:\n        '409': {CONFLICT}\n  /other:\n    post:\n      responses:\n        '409': {CONFLICT}\n"
    );
    let p = Project::new(&[("openapi.yaml", text.as_bytes())]);
    let got = common::render_all(&p.load("openapi.yaml"));
    assert_eq!(
        got,
        [
            "idempotency-key-missing error openapi.yaml:10:5 /paths/~1other/post | POST /other: no `Idempotency-Key` header parameter: a retried request would run twice"
        ]
    );
    // An ignore on a shared component silences findings located in its subtree.
    let text = format!(
        "openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\nx-idempotency-ttl: PT1H\npaths:\n  /orders:\n    post:\n      parameters: [{{$ref: '#/components/parameters/K'}}]\n      responses:\n        '400': {{description: bad}}\n        '409': {CONFLICT}\ncomponents:\n  parameters:\n    K: {{in: header, name: Idempotency-Key, required: true, x-specguard-ignore: [idempotency-key-format], schema: {{type: string, pattern: '^[0-9a-f]{{8}}-[0-9a-f]{{4}}-[1-5][0-9a-f]{{3}}-[89ab][0-9a-f]{{3}}-[0-9a-f]{{12}}$'}}}}\n"
    );
    let p = Project::new(&[("openapi.yaml", text.as_bytes())]);
    assert_eq!(
        common::render_all(&p.load("openapi.yaml")),
        Vec::<String>::new()
    );
}

#[test]
fn swagger_2_keys_and_headers_carry_their_own_type() {
    let good = "swagger: '2.0'\ninfo: {title: t, version: '1'}\nx-idempotency-ttl: PT24H\npaths:\n  /orders:\n    post:\n      parameters:\n        - {in: header, name: Idempotency-Key, required: true, type: string, format: uuid, pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'}\n      responses:\n        '400': {description: bad}\n        '409': {description: conflict, headers: {Retry-After: {type: integer}, X-Idempotency-Key-Status: {type: string, enum: [DUPLICATE, PROCESSING]}}}\n";
    let p = Project::new(&[("swagger.yaml", good.as_bytes())]);
    assert_eq!(
        common::render_all(&p.load("swagger.yaml")),
        Vec::<String>::new()
    );
    let bad = good
        .replace("type: string, format: uuid", "type: integer")
        .replace(
            "Retry-After: {type: integer}",
            "Retry-After: {type: string, format: date-time}",
        );
    let p = Project::new(&[("swagger.yaml", bad.as_bytes())]);
    let got = common::render_all(&p.load("swagger.yaml"));
    let rules: Vec<&str> = got.iter().map(|l| l.split(' ').next().unwrap()).collect();
    assert_eq!(
        rules,
        [
            "idempotency-key-format",
            "idempotency-key-schema-type",
            "idempotency-retry-after-type"
        ],
        "{got:#?}"
    );
}

const CANONICAL: &str =
    "'^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'";

fn key_pattern(pattern: &str) -> Option<String> {
    key_with(CANONICAL, pattern)
}

#[test]
fn pattern_rules_in_every_shape() {
    let cases: [(&str, &[&str]); 6] = [
        (
            "'(?i)^[0-9a-f-]{36}$'",
            &["idempotency-key-pattern-invalid"],
        ),
        ("42", &["idempotency-key-pattern-invalid"]),
        (
            "'[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}'",
            &[
                "idempotency-key-pattern-accepts-non-uuid",
                "idempotency-key-pattern-differs",
                "idempotency-key-pattern-unanchored",
            ],
        ),
        (
            "'^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'",
            &[
                "idempotency-key-pattern-differs",
                "idempotency-key-pattern-rejects-uuid",
            ],
        ),
        (
            "'^[0-9a-f-]{36}$'",
            &[
                "idempotency-key-pattern-accepts-non-uuid",
                "idempotency-key-pattern-differs",
            ],
        ),
        // v4 only: accepts every crypto.randomUUID() and only UUIDs, but fewer than the canonical.
        (
            "'^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'",
            &["idempotency-key-pattern-differs"],
        ),
    ];
    for (pattern, rules) in cases {
        let key = key_pattern(pattern);
        check_rules(rules, key.as_deref(), Some(CONFLICT), false, None);
    }
    insta::assert_snapshot!(
        "pattern_v7_only",
        rendered(key_pattern(cases[3].0).as_deref(), Some(CONFLICT))
    );
    insta::assert_snapshot!(
        "pattern_invalid",
        rendered(key_pattern(cases[0].0).as_deref(), Some(CONFLICT))
    );
    insta::assert_snapshot!(
        "pattern_unanchored",
        rendered(key_pattern(cases[2].0).as_deref(), Some(CONFLICT))
    );
    insta::assert_snapshot!(
        "pattern_accepts_non_uuid",
        rendered(key_pattern(cases[4].0).as_deref(), Some(CONFLICT))
    );
}

/// `(rule, file, pointer)` of every finding under `settings`, sorted by rule.
fn findings_with(ws: &Workspace, settings: &RuleSettings) -> Vec<(String, String, String)> {
    let mut f = lint_workspace_with(ws, settings);
    f.sort_by_key(|f| f.rule);
    f.iter()
        .map(|f| {
            let p = Position::of(ws, &f.location);
            (f.rule.to_string(), p.file, p.pointer)
        })
        .collect()
}

#[test]
fn bad_request_missing_in_every_shape() {
    let form = Form {
        bad_request: false,
        ..POST
    };
    for v in variants_of(Some(KEY), Some(CONFLICT), None, form) {
        let got = findings(&v.project.load(v.entry));
        assert_eq!(
            got,
            [(
                "idempotency-bad-request-missing".to_string(),
                v.entry.to_string(),
                "/paths/~1orders/post/responses".to_string()
            )],
            "{}",
            v.name
        );
    }
    insta::assert_snapshot!(
        "bad_request_missing",
        rendered_with(Some(KEY), Some(CONFLICT), form, &RuleSettings::default())
    );
}

#[test]
fn payload_mismatch_missing_when_turned_on_in_every_shape() {
    let mut settings = RuleSettings::default();
    settings
        .severities
        .insert("idempotency-payload-mismatch-missing", Some(Severity::Warn));
    for v in variants(Some(KEY), Some(CONFLICT), None) {
        let ws = v.project.load(v.entry);
        // Off by default.
        assert_eq!(findings(&ws), vec![], "{}", v.name);
        assert_eq!(
            findings_with(&ws, &settings),
            [(
                "idempotency-payload-mismatch-missing".to_string(),
                v.entry.to_string(),
                "/paths/~1orders/post/responses".to_string()
            )],
            "{}",
            v.name
        );
    }
    insta::assert_snapshot!(
        "payload_mismatch_missing",
        rendered_with(Some(KEY), Some(CONFLICT), POST, &settings)
    );
}

#[test]
fn key_on_safe_method_in_every_shape() {
    let get = Form {
        method: "get",
        ..POST
    };
    for v in variants_of(Some(KEY), Some(CONFLICT), None, get) {
        let got = findings(&v.project.load(v.entry));
        let ids: Vec<&str> = got.iter().map(|g| g.0.as_str()).collect();
        assert_eq!(
            ids,
            ["idempotency-key-on-safe-method"],
            "{}: {got:#?}",
            v.name
        );
        assert_eq!(got[0].1, v.key_file, "{}", v.name);
    }
    insta::assert_snapshot!(
        "key_on_safe_method",
        rendered_with(Some(KEY), Some(CONFLICT), get, &RuleSettings::default())
    );
}
