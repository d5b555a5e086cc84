//! Every diff check proved by a fixture pair, and every client-breaking situation the most
//! complete peer differ (oasdiff) distinguishes mapped to the check that catches it.
//!
//! The cases are in `tests/fixtures/diff/checks.yaml` (read with specguard's own loader). A
//! case is either a pair of schemas placed at one spot of an operation (a query or header
//! parameter, a property of one, the request body, a property of it, the response body, a
//! property of it, a response header), a pair of whole documents, or an edit of the
//! idempotency seed spec. Each runs in every variant: OpenAPI 3.0 and 3.1 (unless the case
//! names one), YAML and JSON, and, for schema pairs, written inline, behind a local `$ref` to
//! `components/schemas`, and in a second file. The expected check must fire in every variant,
//! located inside the spot (or the component or file holding the schema) on both sides it
//! has, and every variant must find the same changes at the same levels. The changes of the
//! first variant of each case are snapshotted, messages and locations included.

mod common;

use std::collections::{BTreeMap, BTreeSet};

use common::{Project, to_json, to_yaml};
use serde_json::{Value, json};
use specguard::diff::{CHECKS, Change, DiffOptions, SunsetPolicy, diff_with};
use specguard::report::Position;
use specguard::resolve::{Node, Workspace};
use specguard::spec::Document;

const TABLE: &str = "tests/fixtures/diff/checks.yaml";
const SEED: &str = "tests/fixtures/diff/seed.yaml";
/// The day the lifecycle cases are diffed on (x-sunset dates are compared with it).
const TODAY: &str = "2026-01-15";

/// How a case builds its two documents.
enum Shape {
    /// A schema pair at a spot of `PUT /things/{id}`.
    /// `base-3.0`/`head-3.0` replace them for OpenAPI 3.0 (`nullable` for a type list).
    Schema {
        at: String,
        base: Value,
        head: Value,
        base30: Option<Value>,
        head30: Option<Value>,
    },
    /// Whole documents, each a map of file name to content (`openapi.yaml` is the entry;
    /// `openapi` and `info` are added unless given). In the JSON variant every `.yaml` file
    /// and `$ref` becomes `.json`.
    Document {
        base: Vec<(String, Value)>,
        head: Vec<(String, Value)>,
    },
    /// The seed spec with each `[from, to]` text replacement of `base-seed` made for base and
    /// of `seed` for head.
    Seed {
        base_edits: Vec<(String, String)>,
        edits: Vec<(String, String)>,
    },
}

struct Case {
    name: String,
    /// The check that must fire; `None` for a refactor that must give no change at all.
    check: Option<String>,
    oasdiff: Vec<String>,
    versions: Vec<&'static str>,
    /// For document and seed cases: the pointer every change must lie under, on each side.
    pointer: Option<String>,
    /// Notice required of deprecations, in days (stable, beta).
    sunset: SunsetPolicy,
    shape: Shape,
}

/// One rendering of a case: its files and what every change must point into.
struct Variant {
    label: String,
    base_files: Vec<(String, String)>,
    head_files: Vec<(String, String)>,
    entry: String,
    /// `(file, pointer prefix)` pairs a change's location may lie in.
    allowed: Vec<(String, String)>,
}

fn text<'w>(n: Node<'w>, key: &str) -> Option<&'w str> {
    n.get(key).and_then(|v| v.scalar())
}

fn strings(n: Option<Node<'_>>) -> Vec<String> {
    n.map(|n| {
        n.items()
            .filter_map(|i| i.scalar().map(str::to_string))
            .collect()
    })
    .unwrap_or_default()
}

fn read_table(
    ws: &Workspace,
) -> (
    Vec<Case>,
    BTreeMap<String, String>,
    BTreeMap<String, String>,
) {
    let root = ws.root().expect("the table has a top-level mapping");
    let mut cases = Vec::new();
    for (name, c) in root.get("cases").expect("cases:").members() {
        let versions = match strings(c.get("versions")).as_slice() {
            [] => vec!["3.0", "3.1"],
            list => list
                .iter()
                .map(|v| match v.as_str() {
                    "3.0" => "3.0",
                    "3.1" => "3.1",
                    other => panic!("{name}: unknown version {other}"),
                })
                .collect(),
        };
        let edits = |key: &str| -> Vec<(String, String)> {
            c.get(key)
                .map(|list| {
                    list.items()
                        .map(|e| {
                            let pair = strings(Some(e));
                            assert_eq!(pair.len(), 2, "{name}: seed edits are [from, to]");
                            (pair[0].clone(), pair[1].clone())
                        })
                        .collect()
                })
                .unwrap_or_default()
        };
        let files = |key: &str, single: &str| -> Option<Vec<(String, Value)>> {
            if let Some(map) = c.get(key) {
                return Some(
                    map.members()
                        .map(|(f, v)| (f.to_string(), to_json(v)))
                        .collect(),
                );
            }
            c.get(single)
                .map(|doc| vec![("openapi.yaml".to_string(), to_json(doc))])
        };
        let shape = if let Some(at) = text(c, "at") {
            Shape::Schema {
                at: at.to_string(),
                base: to_json(c.get("base").expect("base")),
                head: to_json(c.get("head").expect("head")),
                base30: c.get("base-3.0").map(to_json),
                head30: c.get("head-3.0").map(to_json),
            }
        } else if c.get("seed").is_some() || c.get("base-seed").is_some() {
            Shape::Seed {
                base_edits: edits("base-seed"),
                edits: edits("seed"),
            }
        } else {
            Shape::Document {
                base: files("base-files", "base").expect("base or base-files"),
                head: files("head-files", "head").expect("head or head-files"),
            }
        };
        let days = |key: &str| {
            c.get("deprecation-days")
                .and_then(|d| text(d, key))
                .map_or(0, |t| t.parse().unwrap())
        };
        cases.push(Case {
            name: name.to_string(),
            check: text(c, "check")
                .filter(|c| *c != "none")
                .map(str::to_string),
            oasdiff: strings(c.get("oasdiff")),
            versions,
            pointer: text(c, "pointer").map(str::to_string),
            sunset: SunsetPolicy {
                stable_days: days("stable"),
                beta_days: days("beta"),
            },
            shape,
        });
    }
    let reasons = |key: &str| -> BTreeMap<String, String> {
        root.get(key)
            .map(|m| {
                m.members()
                    .map(|(k, v)| (k.to_string(), v.scalar().unwrap_or_default().to_string()))
                    .collect()
            })
            .unwrap_or_default()
    };
    (
        cases,
        reasons("not-applicable"),
        reasons("checks-proved-elsewhere"),
    )
}

fn load_table() -> (
    Vec<Case>,
    BTreeMap<String, String>,
    BTreeMap<String, String>,
) {
    let text = std::fs::read(TABLE).unwrap();
    let project = Project::new(&[("checks.yaml", &text)]);
    let ws = project.load("checks.yaml");
    let problems: Vec<_> = ws
        .findings()
        .iter()
        // The fixtures' `$ref`s point into the documents built from them, not into the table.
        .filter(|f| f.rule != "not-openapi" && !f.rule.starts_with("ref-"))
        .collect();
    assert!(problems.is_empty(), "{TABLE}: {problems:#?}");
    read_table(&ws)
}

const PATH: &str = "/things/{id}";
const OPERATION: &str = "/paths/~1things~1{id}/put";

/// The operation with `schema` (a value or a `$ref` to it) at spot `at`, and the pointer of
/// the object that holds the spot (the parameter, request body or response).
fn place(at: &str, schema: Value) -> (Value, String) {
    let mut op = json!({
        "operationId": "putThing",
        "parameters": [{"name": "id", "in": "path", "required": true, "schema": {"type": "string"}}],
        "responses": {"200": {"description": "ok"}},
    });
    let object = |s: Value| json!({"type": "object", "properties": {"x": s}});
    let body = |s: Value| json!({"required": true, "content": {"application/json": {"schema": s}}});
    let response =
        |s: Value| json!({"description": "ok", "content": {"application/json": {"schema": s}}});
    let parameter =
        |location: &str, name: &str, s: Value| json!({"name": name, "in": location, "schema": s});
    let spot = match at {
        "parameter" => {
            op["parameters"]
                .as_array_mut()
                .unwrap()
                .push(parameter("query", "p", schema));
            format!("{OPERATION}/parameters/1")
        }
        "parameter-property" => {
            op["parameters"]
                .as_array_mut()
                .unwrap()
                .push(parameter("query", "p", object(schema)));
            format!("{OPERATION}/parameters/1")
        }
        "header-parameter" => {
            op["parameters"]
                .as_array_mut()
                .unwrap()
                .push(parameter("header", "X-Flag", schema));
            format!("{OPERATION}/parameters/1")
        }
        "header-property" => {
            op["parameters"].as_array_mut().unwrap().push(parameter(
                "header",
                "X-Flag",
                object(schema),
            ));
            format!("{OPERATION}/parameters/1")
        }
        "request-body" => {
            op["requestBody"] = body(schema);
            format!("{OPERATION}/requestBody")
        }
        "request-property" => {
            op["requestBody"] = body(object(schema));
            format!("{OPERATION}/requestBody")
        }
        "response-body" => {
            op["responses"]["200"] = response(schema);
            format!("{OPERATION}/responses/200")
        }
        "response-property" => {
            op["responses"]["200"] = response(object(schema));
            format!("{OPERATION}/responses/200")
        }
        "response-header" => {
            op["responses"]["200"] =
                json!({"description": "ok", "headers": {"X-Rate": {"schema": schema}}});
            format!("{OPERATION}/responses/200")
        }
        other => panic!("unknown spot '{other}'"),
    };
    (json!({"paths": {PATH: {"put": op}}}), spot)
}

fn with_header(version: &str, mut doc: Value) -> Value {
    if doc.get("openapi").is_none() {
        doc["openapi"] = json!(if version == "3.0" { "3.0.3" } else { "3.1.0" });
    }
    if doc.get("info").is_none() {
        doc["info"] = json!({"title": "checks", "version": "1"});
    }
    doc
}

fn render(value: &Value, json_format: bool) -> String {
    if json_format {
        serde_json::to_string_pretty(value).unwrap()
    } else {
        to_yaml(value)
    }
}

/// A multi-file fixture's JSON twin: `.yaml` file names in `$ref`s become `.json`.
fn json_refs(value: &Value) -> Value {
    match value {
        Value::Object(m) => Value::Object(
            m.iter()
                .map(|(k, v)| match (k.as_str(), v) {
                    ("$ref", Value::String(r)) => (k.clone(), json!(r.replace(".yaml", ".json"))),
                    _ => (k.clone(), json_refs(v)),
                })
                .collect(),
        ),
        Value::Array(a) => Value::Array(a.iter().map(json_refs).collect()),
        other => other.clone(),
    }
}

/// `text` with each `[from, to]` replacement made (each `from` must occur exactly once).
fn edit(case: &str, text: &str, edits: &[(String, String)]) -> String {
    let mut out = text.to_string();
    for (from, to) in edits {
        assert_eq!(
            out.matches(from.as_str()).count(),
            1,
            "{case}: '{from}' must occur once in the seed"
        );
        out = out.replacen(from.as_str(), to, 1);
    }
    out
}

/// The seed (YAML as written, or converted to JSON) for one version.
fn seed_text(text: &str, version: &str, json_format: bool) -> String {
    let text = if version == "3.0" {
        text.replace("openapi: 3.1.0", "openapi: 3.0.3")
    } else {
        text.to_string()
    };
    if !json_format {
        return text;
    }
    let project = Project::new(&[("seed.yaml", text.as_bytes())]);
    let ws = project.load("seed.yaml");
    serde_json::to_string_pretty(&to_json(ws.root().unwrap())).unwrap()
}

fn variants(case: &Case) -> Vec<Variant> {
    let mut out = Vec::new();
    for version in &case.versions {
        for json_format in [false, true] {
            let ext = if json_format { "json" } else { "yaml" };
            let entry = format!("openapi.{ext}");
            let label = format!("{version} {ext}");
            match &case.shape {
                Shape::Schema {
                    at,
                    base,
                    head,
                    base30,
                    head30,
                } => {
                    let (base, head) = match *version {
                        "3.0" => (
                            base30.as_ref().unwrap_or(base),
                            head30.as_ref().unwrap_or(head),
                        ),
                        _ => (base, head),
                    };
                    for mode in ["inline", "ref", "file"] {
                        let schemas_file = format!("schemas.{ext}");
                        let build = |schema: &Value| -> Vec<(String, String)> {
                            let written = match mode {
                                "inline" => schema.clone(),
                                "ref" => json!({"$ref": "#/components/schemas/S"}),
                                _ => json!({"$ref": format!("{schemas_file}#/S")}),
                            };
                            let (mut doc, _) = place(at, written);
                            if mode == "ref" {
                                doc["components"] = json!({"schemas": {"S": schema}});
                            }
                            let mut files = vec![(
                                entry.clone(),
                                render(&with_header(version, doc), json_format),
                            )];
                            if mode == "file" {
                                files.push((
                                    schemas_file.clone(),
                                    render(&json!({"S": schema}), json_format),
                                ));
                            }
                            files
                        };
                        let (_, spot) = place(at, Value::Null);
                        let mut allowed = vec![(entry.clone(), spot)];
                        match mode {
                            "ref" => allowed.push((entry.clone(), "/components/schemas/S".into())),
                            "file" => allowed.push((schemas_file.clone(), "/S".into())),
                            _ => {}
                        }
                        out.push(Variant {
                            label: format!("{label} {mode}"),
                            base_files: build(base),
                            head_files: build(head),
                            entry: entry.clone(),
                            allowed,
                        });
                    }
                }
                Shape::Document { base, head } => {
                    let build = |files: &[(String, Value)]| -> Vec<(String, String)> {
                        files
                            .iter()
                            .map(|(name, doc)| {
                                let doc = if name == "openapi.yaml" {
                                    with_header(version, doc.clone())
                                } else {
                                    doc.clone()
                                };
                                if json_format {
                                    (
                                        name.replace(".yaml", ".json"),
                                        render(&json_refs(&doc), true),
                                    )
                                } else {
                                    (name.clone(), render(&doc, false))
                                }
                            })
                            .collect()
                    };
                    let files: BTreeSet<String> = base
                        .iter()
                        .chain(head.iter())
                        .map(|(n, _)| {
                            if json_format {
                                n.replace(".yaml", ".json")
                            } else {
                                n.clone()
                            }
                        })
                        .collect();
                    out.push(Variant {
                        label,
                        base_files: build(base),
                        head_files: build(head),
                        entry: entry.clone(),
                        allowed: files
                            .into_iter()
                            .map(|f| (f, case.pointer.clone().unwrap_or_default()))
                            .collect(),
                    });
                }
                Shape::Seed { base_edits, edits } => {
                    let seed = std::fs::read_to_string(SEED).unwrap();
                    let base = edit(&case.name, &seed, base_edits);
                    let head = edit(&case.name, &base, edits);
                    out.push(Variant {
                        label,
                        base_files: vec![(entry.clone(), seed_text(&base, version, json_format))],
                        head_files: vec![(entry.clone(), seed_text(&head, version, json_format))],
                        entry: entry.clone(),
                        allowed: vec![(entry.clone(), case.pointer.clone().unwrap_or_default())],
                    });
                }
            }
        }
    }
    out
}

/// A change as compared across variants, and as shown in the snapshot.
struct Found {
    id: &'static str,
    level: &'static str,
    line: String,
}

fn run(case: &Case, variant: &Variant) -> Vec<Found> {
    let project = |list: &[(String, String)]| {
        Project::new(
            &list
                .iter()
                .map(|(n, t)| (n.as_str(), t.as_bytes()))
                .collect::<Vec<_>>(),
        )
    };
    let (base, head) = (project(&variant.base_files), project(&variant.head_files));
    let (bw, hw) = (base.load(&variant.entry), head.load(&variant.entry));
    for (side, ws) in [("base", &bw), ("head", &hw)] {
        let errors: Vec<_> = ws
            .findings()
            .iter()
            .filter(|f| f.severity == specguard::finding::Severity::Error)
            .map(|f| format!("{}: {}", f.rule, f.message))
            .collect();
        assert!(
            errors.is_empty(),
            "{} [{}]: the {side} fixture does not load cleanly: {errors:#?}",
            case.name,
            variant.label
        );
    }
    let options = DiffOptions {
        sunset: case.sunset,
        ..Default::default()
    };
    let changes: Vec<Change> = diff_with(
        Document::new(&bw).expect("base is OpenAPI"),
        Document::new(&hw).expect("head is OpenAPI"),
        &options,
    );
    changes
        .iter()
        .map(|c| {
            let mut sides = Vec::new();
            for (name, ws, location) in [("base", &bw, &c.base), ("head", &hw, &c.head)] {
                let Some(location) = location else { continue };
                let p = Position::of(ws, location);
                assert!(
                    variant.allowed.iter().any(|(file, prefix)| p.file == *file
                        && (p.pointer == *prefix || p.pointer.starts_with(&format!("{prefix}/")))),
                    "{} [{}]: {} is located at {name} {}#{} , outside {:?}",
                    case.name,
                    variant.label,
                    c.id,
                    p.file,
                    p.pointer,
                    variant.allowed
                );
                sides.push(format!(
                    "{name} {}:{}:{} {}",
                    p.file, p.start.line, p.start.column, p.pointer
                ));
            }
            Found {
                id: c.id,
                level: c.level.as_str(),
                line: format!(
                    "{} {} [{}] {}",
                    c.id,
                    c.level.as_str(),
                    sides.join(" → "),
                    c.message
                ),
            }
        })
        .collect()
}

#[test]
fn every_case_finds_its_check_in_every_variant() {
    // Lifecycle cases compare x-sunset dates with the day of the diff.
    // SAFETY: set before any diff runs in this test binary, and read-only afterwards.
    unsafe { std::env::set_var("SPECGUARD_TODAY", TODAY) };
    let (cases, _, _) = load_table();
    let mut snapshot = String::new();
    let mut failures = Vec::new();
    for case in &cases {
        let mut first: Option<(String, BTreeSet<(&str, &str)>)> = None;
        for variant in variants(case) {
            let found = run(case, &variant);
            let kinds: BTreeSet<(&str, &str)> = found.iter().map(|f| (f.id, f.level)).collect();
            match &case.check {
                Some(check) if !found.iter().any(|f| f.id == check) => failures.push(format!(
                    "{} [{}]: expected {check}, found {:#?}",
                    case.name,
                    variant.label,
                    found.iter().map(|f| &f.line).collect::<Vec<_>>()
                )),
                None if !found.is_empty() => failures.push(format!(
                    "{} [{}]: a refactor must give no change, found {:#?}",
                    case.name,
                    variant.label,
                    found.iter().map(|f| &f.line).collect::<Vec<_>>()
                )),
                _ => {}
            }
            match &first {
                None => {
                    snapshot.push_str(&format!("## {} ({})\n", case.name, variant.label));
                    if found.is_empty() {
                        snapshot.push_str("no change\n");
                    }
                    for f in &found {
                        snapshot.push_str(&f.line);
                        snapshot.push('\n');
                    }
                    snapshot.push('\n');
                    first = Some((variant.label.clone(), kinds));
                }
                Some((label, expected)) if *expected != kinds => failures.push(format!(
                    "{} [{}]: found {kinds:?}, but [{label}] found {expected:?}",
                    case.name, variant.label
                )),
                _ => {}
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    insta::assert_snapshot!("every_check", snapshot);
}

#[test]
fn every_check_has_a_case() {
    let (cases, _, elsewhere) = load_table();
    let proved: BTreeSet<&str> = cases.iter().filter_map(|c| c.check.as_deref()).collect();
    for id in proved
        .iter()
        .copied()
        .chain(elsewhere.keys().map(String::as_str))
    {
        assert!(
            CHECKS.iter().any(|c| c.id == id),
            "{TABLE} names '{id}', which is not a check"
        );
    }
    let missing: Vec<&str> = CHECKS
        .iter()
        .map(|c| c.id)
        .filter(|id| !proved.contains(id) && !elsewhere.contains_key(*id))
        .collect();
    assert!(
        missing.is_empty(),
        "checks without a fixture in {TABLE}: {missing:#?}"
    );
    // Refactors that change nothing on the wire: one per kind the design notes name.
    let refactors = cases.iter().filter(|c| c.check.is_none()).count();
    assert!(refactors >= 6, "only {refactors} refactor-only cases");
}

/// Every ERR-level situation of `../shared/reference/oasdiff-checks.tsv` is either caught by a
/// case (listed in its `oasdiff:`) or named under `not-applicable:` with the reason.
#[test]
fn every_breaking_situation_of_the_peer_is_covered() {
    let reference = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/reference/oasdiff-checks.tsv");
    let tsv = std::fs::read_to_string(&reference).unwrap_or_else(|e| {
        panic!(
            "{}: {e} (CI has ../shared beside the clone)",
            reference.display()
        )
    });
    let known: BTreeSet<&str> = tsv
        .lines()
        .skip(1)
        .filter_map(|l| l.split('\t').next())
        .collect();
    let errors: BTreeSet<&str> = tsv
        .lines()
        .skip(1)
        .filter(|l| l.split('\t').nth(1) == Some("ERR"))
        .filter_map(|l| l.split('\t').next())
        .collect();
    let (cases, not_applicable, _) = load_table();
    let mut covered: BTreeMap<&str, &str> = BTreeMap::new();
    for case in &cases {
        for id in &case.oasdiff {
            assert!(
                known.contains(id.as_str()),
                "{}: unknown oasdiff id '{id}'",
                case.name
            );
            covered.insert(id, &case.name);
        }
    }
    for id in not_applicable.keys() {
        assert!(
            known.contains(id.as_str()),
            "not-applicable: unknown oasdiff id '{id}'"
        );
        assert!(
            !covered.contains_key(id.as_str()),
            "{id} is both covered and not applicable"
        );
    }
    let missing: Vec<&&str> = errors
        .iter()
        .filter(|id| !covered.contains_key(**id) && !not_applicable.contains_key(**id))
        .collect();
    assert!(
        missing.is_empty(),
        "{} ERR situations without a case or a reason: {missing:#?}",
        missing.len()
    );
}
