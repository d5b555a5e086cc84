//! Shared helpers for integration tests: write a spec tree into a temporary directory, load
//! it, and render findings one per line as `rule severity file:line:col pointer | message`.
#![allow(dead_code)]

use std::path::{Path, PathBuf};

use serde_json::Value;

use specguard::lint::lint_workspace;
use specguard::report::{self, Item, Position};
use specguard::resolve::{LoadOptions, Loader, SpecInput, Workspace};

pub struct Project {
    pub dir: tempfile::TempDir,
}

impl Project {
    /// Writes `(relative path, contents)` files under a fresh temporary directory.
    pub fn new(files: &[(&str, &[u8])]) -> Project {
        let dir = tempfile::tempdir().unwrap();
        for (path, contents) in files {
            let full = dir.path().join(path);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, contents).unwrap();
        }
        Project { dir }
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// Loads `entry` with the project directory as the current directory.
    pub fn load(&self, entry: &str) -> Workspace {
        self.load_with(entry, LoadOptions::default())
    }

    pub fn load_with(&self, entry: &str, options: LoadOptions) -> Workspace {
        Loader::new(options, self.dir.path().to_path_buf())
            .load(&SpecInput::File(PathBuf::from(entry)))
            .expect("entry file readable")
    }

    /// Lints `entry` and renders its findings, one line each.
    pub fn findings(&self, entry: &str) -> Vec<String> {
        render(&self.load(entry))
    }
}

/// `rule severity file:line:col pointer | message` for each loader finding (syntax, refs,
/// version), in report order.
pub fn render(ws: &Workspace) -> Vec<String> {
    let findings: Vec<_> = lint_workspace(ws)
        .into_iter()
        .filter(|f| specguard::lint::LOADER_RULES.contains(&f.rule))
        .collect();
    render_findings(ws, &findings)
}

/// The same for every finding, rules included.
pub fn render_all(ws: &Workspace) -> Vec<String> {
    render_findings(ws, &lint_workspace(ws))
}

pub fn render_findings(ws: &Workspace, findings: &[specguard::finding::Finding]) -> Vec<String> {
    let mut items: Vec<Item<'_>> = findings
        .iter()
        .map(|finding| Item { ws, finding })
        .collect();
    report::sort_and_dedupe(&mut items);
    items
        .iter()
        .map(|i| {
            let p = Position::of(ws, &i.finding.location);
            let mut line = format!(
                "{} {} {}:{}:{} {} | {}",
                i.finding.rule,
                i.finding.severity.as_str(),
                p.file,
                p.start.line,
                p.start.column,
                if p.pointer.is_empty() {
                    "\"\""
                } else {
                    &p.pointer
                },
                i.finding.message
            );
            for r in &i.finding.related {
                let rp = Position::of(ws, &r.location);
                line.push_str(&format!(
                    " [{}: {}:{}:{}]",
                    r.message, rp.file, rp.start.line, rp.start.column
                ));
            }
            line
        })
        .collect()
}

/// The text a finding's span covers.
pub fn span_text<'a>(ws: &'a Workspace, f: &specguard::finding::Finding) -> &'a str {
    &ws.source(f.location.source).text[f.location.span.range()]
}

/// The official SARIF 2.1.0 schema (`tests/sarif/`) as a validator.
pub fn sarif_validator() -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sarif/sarif-schema-2.1.0.json");
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(
        schema["$schema"], "http://json-schema.org/draft-04/schema#",
        "the official SARIF 2.1.0 schema is draft-04"
    );
    // Draft 4 as the schema declares; formats (`uri`, `uri-reference`) are asserted too. Every
    // `$ref` is a `#/definitions/...` inside the document, and the crate is built without its
    // HTTP resolver, so building this cannot reach the network.
    jsonschema::draft4::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles")
}

pub fn schema_errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// Every `artifactLocation.uri` in a log.
pub fn artifact_uris(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(uri)) = map.get("artifactLocation").and_then(|a| a.get("uri"))
            {
                out.push(uri.clone());
            }
            map.values().for_each(|v| artifact_uris(v, out));
        }
        Value::Array(items) => items.iter().for_each(|v| artifact_uris(v, out)),
        _ => {}
    }
}

/// The schema gives `artifactLocation.uri` the format `uri-reference`, which draft-04 does not
/// define (it came with draft-06), so a draft-04 validator skips it. Check it as the schema
/// means it, with a draft-07 validator of that one format.
pub fn uri_reference_validator() -> jsonschema::Validator {
    jsonschema::draft7::options()
        .should_validate_formats(true)
        .build(&serde_json::json!({"type": "string", "format": "uri-reference"}))
        .unwrap()
}

/// Asserts that a SARIF log validates against the official schema and that every artifact
/// URI in it is a URI reference (see [`uri_reference_validator`]); returns those URIs.
pub fn assert_valid_sarif(log: &Value) -> Vec<String> {
    let errors = schema_errors(&sarif_validator(), log);
    assert!(errors.is_empty(), "schema errors:\n{}", errors.join("\n"));
    let mut uris = Vec::new();
    artifact_uris(log, &mut uris);
    let uri_reference = uri_reference_validator();
    for uri in &uris {
        assert!(uri_reference.is_valid(&Value::from(uri.as_str())), "{uri}");
    }
    uris
}

/// Runs git in `dir` (with an identity and no signing), asserting that it succeeds.
pub fn git(dir: &Path, args: &[&str]) {
    let status = std::process::Command::new("git")
        .current_dir(dir)
        .args([
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@t",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .output()
        .unwrap();
    assert!(
        status.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&status.stderr)
    );
}

pub fn corpus_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus")
}

/// One root document of the shared corpus, as `INDEX.tsv` lists it.
pub struct CorpusRow {
    /// Relative to the corpus directory.
    pub path: String,
    pub size: u64,
    /// `;`-separated notes (`expected-invalid-or-broken`, `unresolved_refs=2`, ...).
    pub notes: String,
}

impl CorpusRow {
    /// The number a `key=N` note gives, if the row has one.
    pub fn note_count(&self, key: &str) -> Option<usize> {
        self.notes
            .split(';')
            .map(str::trim)
            .find_map(|n| n.strip_prefix(key)?.strip_prefix('='))
            .and_then(|n| n.parse().ok())
    }

    pub fn expected_broken(&self) -> bool {
        self.notes
            .split(';')
            .any(|n| n.trim() == "expected-invalid-or-broken")
    }
}

/// The rows of the corpus's `INDEX.tsv`, columns found by their header names.
pub fn corpus_index(corpus: &Path) -> Vec<CorpusRow> {
    let index = std::fs::read_to_string(corpus.join("INDEX.tsv")).expect("INDEX.tsv readable");
    let mut lines = index.lines();
    let header: Vec<&str> = lines.next().expect("a header").split('\t').collect();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| *h == name)
            .unwrap_or_else(|| panic!("INDEX.tsv has no column {name}: {header:?}"))
    };
    let (path, size, notes) = (col("path"), col("size_bytes"), col("notes"));
    lines
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let cells: Vec<&str> = l.split('\t').collect();
            CorpusRow {
                path: cells[path].to_string(),
                size: cells.get(size).and_then(|c| c.parse().ok()).unwrap_or(0),
                notes: cells.get(notes).copied().unwrap_or("").to_string(),
            }
        })
        .collect()
}

/// A node (aliases and merge keys followed, `$ref`s not) as a JSON value: how a YAML fixture
/// becomes its JSON twin. Integers stay integers; floats that JSON cannot hold become strings.
pub fn to_json(node: specguard::resolve::Node<'_>) -> serde_json::Value {
    use serde_json::Value;
    use specguard::syntax::{NodeKind, ScalarKind};
    match node.kind() {
        NodeKind::Mapping => Value::Object(
            node.members()
                .map(|(k, v)| (k.to_string(), to_json(v)))
                .collect(),
        ),
        NodeKind::Sequence => Value::Array(node.items().map(to_json).collect()),
        NodeKind::Scalar(kind) => {
            let text = node.scalar().unwrap_or_default();
            match kind {
                ScalarKind::Null => Value::Null,
                ScalarKind::Bool => Value::Bool(node.as_bool().unwrap_or_default()),
                ScalarKind::Int => text
                    .parse::<i64>()
                    .map(Value::from)
                    .unwrap_or_else(|_| Value::String(text.into())),
                ScalarKind::Float => text
                    .parse::<f64>()
                    .ok()
                    .and_then(serde_json::Number::from_f64)
                    .map_or_else(|| Value::String(text.into()), Value::Number),
                ScalarKind::String => Value::String(text.into()),
            }
        }
        NodeKind::Alias => Value::Null,
    }
}

/// A JSON value written as block-style YAML (strings double-quoted, so any text survives),
/// for fixtures that must exercise YAML's block spans rather than flow JSON.
pub fn to_yaml(value: &serde_json::Value) -> String {
    use serde_json::Value;
    fn scalar(v: &Value) -> Option<String> {
        match v {
            Value::Object(m) if m.is_empty() => Some("{}".into()),
            Value::Array(a) if a.is_empty() => Some("[]".into()),
            Value::Object(_) | Value::Array(_) => None,
            other => Some(other.to_string()),
        }
    }
    fn write(v: &Value, indent: usize, out: &mut String) {
        let pad = " ".repeat(indent);
        match v {
            Value::Object(m) if !m.is_empty() => {
                for (k, item) in m {
                    let key = Value::String(k.clone()).to_string();
                    match scalar(item) {
                        Some(s) => out.push_str(&format!("{pad}{key}: {s}\n")),
                        None => {
                            out.push_str(&format!("{pad}{key}:\n"));
                            write(item, indent + 2, out);
                        }
                    }
                }
            }
            Value::Array(a) if !a.is_empty() => {
                for item in a {
                    match scalar(item) {
                        Some(s) => out.push_str(&format!("{pad}- {s}\n")),
                        None => {
                            out.push_str(&format!("{pad}-\n"));
                            write(item, indent + 2, out);
                        }
                    }
                }
            }
            other => out.push_str(&format!("{pad}{}\n", scalar(other).unwrap_or_default())),
        }
    }
    let mut out = String::new();
    write(value, 0, &mut out);
    out
}

/// The workspace as one JSON document: the entry file with every other file it loads embedded
/// under `x-bundled` (`f1`, `f2`, … by file), and every `$ref` that resolves rewritten to a
/// local pointer to the very node it named (so cycles, chains and refs into the middle of
/// another file stay as they were). Refs that did not resolve, and `$ref` keys in literal
/// data, keep their text. What a bundler such as `redocly bundle` produces, in the simplest
/// form that keeps every node reachable as before.
pub fn bundle(ws: &Workspace) -> Option<serde_json::Value> {
    use serde_json::Value;
    use specguard::resolve::NodeRef;
    let entry = ws.entry().source.id;
    let mut root = with_local_refs(ws.root()?, entry);
    let mut embedded = serde_json::Map::new();
    for file in ws.files() {
        let (Some(node), true) = (file.tree.root(), file.source.id != entry) else {
            continue;
        };
        let node = ws.node(NodeRef {
            source: file.source.id,
            node,
        });
        embedded.insert(
            format!("f{}", file.source.id.0),
            with_local_refs(node, entry),
        );
    }
    if !embedded.is_empty() {
        root.as_object_mut()?
            .insert("x-bundled".into(), Value::Object(embedded));
    }
    Some(root)
}

/// [`to_json`], with each resolved `$ref` pointing into the bundle.
fn with_local_refs(
    node: specguard::resolve::Node<'_>,
    entry: specguard::source::SourceId,
) -> serde_json::Value {
    use percent_encoding::{AsciiSet, CONTROLS, utf8_percent_encode};
    use serde_json::Value;
    use specguard::syntax::NodeKind;
    /// What a URI fragment cannot hold as written.
    const FRAGMENT: &AsciiSet = &CONTROLS
        .add(b' ')
        .add(b'"')
        .add(b'#')
        .add(b'%')
        .add(b'<')
        .add(b'>')
        .add(b'`');
    match node.kind() {
        NodeKind::Mapping => {
            let target = node.as_ref().and_then(|r| r.target);
            Value::Object(
                node.members()
                    .map(|(k, v)| match (k, target) {
                        ("$ref", Some(t)) => {
                            let pointer = node.workspace().node(t).pointer();
                            let prefix = if t.source == entry {
                                String::new()
                            } else {
                                format!("/x-bundled/f{}", t.source.0)
                            };
                            let fragment = format!("{prefix}{pointer}");
                            let encoded = utf8_percent_encode(&fragment, FRAGMENT);
                            (k.to_string(), Value::String(format!("#{encoded}")))
                        }
                        _ => (k.to_string(), with_local_refs(v, entry)),
                    })
                    .collect(),
            )
        }
        NodeKind::Sequence => {
            Value::Array(node.items().map(|i| with_local_refs(i, entry)).collect())
        }
        _ => to_json(node),
    }
}
