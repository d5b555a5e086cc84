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
