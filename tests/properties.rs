//! Properties that hold for every spec, checked over the bundled corpus subset and examples:
//! output is byte-identical across runs and thread counts; a YAML spec and its JSON twin give
//! the same findings at the same pointers; splitting a spec into many files moves findings to
//! the files where their nodes now live and changes nothing else. (`diff(a, a)` is empty and
//! `diff(a, bundled(a))` is empty are checked over the whole corpus in `whole_corpus.rs`.)

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::{Map, Value};
use specguard::finding::Finding;
use specguard::lint::lint_workspace;
use specguard::resolve::{LoadOptions, Loader, SpecInput, Workspace};

fn manifest() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Single-file OpenAPI documents under tests/corpus and examples/ (no `$ref` to another file,
/// no load findings: the properties are about documents that load cleanly).
fn single_file_specs() -> Vec<PathBuf> {
    let mut out = vec![
        manifest().join("examples/openapi.yaml"),
        manifest().join("examples/broken.yaml"),
    ];
    let mut stack = vec![manifest().join("tests/corpus")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if matches!(
                path.extension().and_then(|e| e.to_str()),
                Some("yaml" | "yml" | "json")
            ) {
                out.push(path);
            }
        }
    }
    out.sort();
    out.retain(|path| {
        let ws = load(path);
        ws.files().len() == 1
            && common::render(&ws).is_empty()
            && specguard::spec::Document::new(&ws).is_some()
    });
    assert!(out.len() > 60, "{} specs", out.len());
    out
}

fn load(path: &Path) -> Workspace {
    Loader::new(
        LoadOptions {
            root: Some(path.parent().unwrap().to_path_buf()),
            ..Default::default()
        },
        path.parent().unwrap().to_path_buf(),
    )
    .load(&SpecInput::File(path.to_path_buf()))
    .unwrap()
}

/// Each finding as (rule, severity, file, pointer, message); the message with the spec's own
/// file name taken out, since the twin is another file.
fn described(
    ws: &Workspace,
    findings: &[Finding],
) -> Vec<(String, String, String, String, String)> {
    let entry = ws.entry().source.name.clone();
    let mut out: Vec<_> = findings
        .iter()
        .map(|f| {
            let file = ws.source(f.location.source).name.clone();
            (
                f.rule.to_string(),
                format!("{:?}", f.severity),
                file,
                f.location.pointer.clone(),
                f.message.replace(&entry, "SPEC"),
            )
        })
        .collect();
    out.sort();
    out
}

fn json_twin(ws: &Workspace) -> Value {
    common::to_json(ws.root().unwrap())
}

#[test]
fn yaml_and_its_json_twin_give_the_same_findings() {
    let dir = tempfile::tempdir().unwrap();
    let mut compared = 0;
    let mut findings_seen = 0;
    for path in single_file_specs() {
        if path.extension().and_then(|e| e.to_str()) == Some("json") {
            continue;
        }
        let ws = load(&path);
        let twin = dir.path().join(format!("twin{compared}.json"));
        std::fs::write(&twin, serde_json::to_vec_pretty(&json_twin(&ws)).unwrap()).unwrap();
        let twin_ws = load(&twin);
        let yaml = described(&ws, &lint_workspace(&ws));
        let json = described(&twin_ws, &lint_workspace(&twin_ws));
        let strip = |v: Vec<(String, String, String, String, String)>| -> Vec<_> {
            v.into_iter()
                .map(|(rule, sev, _, pointer, message)| (rule, sev, pointer, message))
                .collect()
        };
        assert_eq!(strip(yaml.clone()), strip(json), "{}", path.display());
        findings_seen += yaml.len();
        compared += 1;
    }
    eprintln!("{compared} YAML specs, {findings_seen} findings, same in JSON");
    assert!(compared > 30, "{compared} specs compared");
    assert!(findings_seen > 100, "{findings_seen} findings compared");
}

/// Moves every component and every path item of a spec into its own file, leaving `$ref`s
/// behind; refs inside moved files go back through the entry (`../../openapi.json#/...`).
/// Returns the files (relative path, JSON) and, per moved file, the pointer its root had.
fn split(spec: &Value) -> (Vec<(String, Value)>, BTreeMap<String, String>) {
    /// Rewrites local refs, skipping literal data as the loader does: `example`, an array of
    /// `examples` and an Example Object's `value`.
    fn rewrite_refs(v: &mut Value, to_entry: &str, example_object: bool) {
        match v {
            Value::Object(map) => {
                for (k, item) in map.iter_mut() {
                    if k == "$ref" {
                        if let Value::String(s) = item {
                            if s.starts_with('#') {
                                *s = format!("{to_entry}{s}");
                            }
                        }
                    } else if k == "examples" {
                        if let Value::Object(named) = item {
                            for example in named.values_mut() {
                                rewrite_refs(example, to_entry, true);
                            }
                        }
                    } else if k == "example" || (example_object && k == "value") {
                        continue;
                    } else {
                        rewrite_refs(item, to_entry, false);
                    }
                }
            }
            Value::Array(items) => items
                .iter_mut()
                .for_each(|i| rewrite_refs(i, to_entry, false)),
            _ => {}
        }
    }
    let escape = |s: &str| s.replace('~', "~0").replace('/', "~1");
    let mut entry = spec.clone();
    let mut files = Vec::new();
    let mut origin = BTreeMap::new();
    let mut moved = 0;
    let mut move_out = |container: &mut Map<String, Value>, pointer_prefix: &str, dir: &str| {
        for (name, value) in container.iter_mut() {
            if !value.is_object() || value.get("$ref").is_some() {
                continue;
            }
            let file = format!("{dir}/n{moved}.json");
            moved += 1;
            let mut body = value.take();
            rewrite_refs(&mut body, "../../openapi.json", false);
            origin.insert(file.clone(), format!("{pointer_prefix}/{}", escape(name)));
            files.push((file.clone(), body));
            *value = serde_json::json!({ "$ref": file });
        }
    };
    if let Some(Value::Object(components)) = entry.get_mut("components") {
        for (kind, group) in components.iter_mut() {
            if let Value::Object(group) = group {
                move_out(
                    group,
                    &format!("/components/{}", escape(kind)),
                    &format!("parts/{kind}"),
                );
            }
        }
    }
    if let Some(Value::Object(paths)) = entry.get_mut("paths") {
        move_out(paths, "/paths", "parts/paths");
    }
    files.push(("openapi.json".into(), entry));
    (files, origin)
}

#[test]
fn splitting_a_spec_into_files_moves_findings_and_changes_nothing_else() {
    let mut compared = 0;
    let mut moved_findings = 0;
    for path in single_file_specs() {
        let ws = load(&path);
        if ws.root().unwrap().get("swagger").is_some() {
            continue; // 2.0 keeps components elsewhere; the 3.x layout is the one split here.
        }
        let whole = json_twin(&ws);
        let (files, origin) = split(&whole);
        if origin.is_empty() {
            continue;
        }
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("whole.json"),
            serde_json::to_vec_pretty(&whole).unwrap(),
        )
        .unwrap();
        for (rel, value) in &files {
            let full = dir.path().join(rel);
            std::fs::create_dir_all(full.parent().unwrap()).unwrap();
            std::fs::write(full, serde_json::to_vec_pretty(value).unwrap()).unwrap();
        }
        let whole_ws = load(&dir.path().join("whole.json"));
        let split_ws = load(&dir.path().join("openapi.json"));
        assert_eq!(
            common::render(&split_ws),
            Vec::<String>::new(),
            "{}",
            path.display()
        );
        let expected: Vec<_> = described(&whole_ws, &lint_workspace(&whole_ws))
            .into_iter()
            .map(|(rule, sev, _, pointer, message)| (rule, sev, pointer, message))
            .collect();
        let mut actual: Vec<_> = described(&split_ws, &lint_workspace(&split_ws))
            .into_iter()
            .map(|(rule, sev, file, pointer, message)| {
                // The pointer into the defining file, mapped back to where that file's root
                // was in the whole spec.
                let prefix = origin.get(&file).cloned().unwrap_or_default();
                if !prefix.is_empty() {
                    moved_findings += 1;
                }
                (rule, sev, format!("{prefix}{pointer}"), message)
            })
            .collect();
        actual.sort();
        assert_eq!(actual, expected, "{}", path.display());
        compared += 1;
    }
    eprintln!("{compared} specs split, {moved_findings} findings moved to other files");
    assert!(compared > 30, "{compared} specs split");
    assert!(
        moved_findings > 100,
        "{moved_findings} findings moved to other files"
    );
}

/// The binary's output for the same input, with 1, 2 and 4 worker threads and run twice.
#[test]
fn output_is_byte_identical_across_runs_and_thread_counts() {
    let corpus = common::corpus_dir();
    let runs: Vec<Vec<String>> = vec![
        // Many specs at once, linted in parallel, in every format.
        [
            "lint",
            "--format",
            "json",
            "examples",
            "tests/corpus/box",
            "tests/corpus/twilio",
        ]
        .map(String::from)
        .to_vec(),
        ["lint", "--format", "sarif", "examples", "tests/corpus/box"]
            .map(String::from)
            .to_vec(),
        // A 2,850-file spec: files read and parsed level by level in parallel.
        vec![
            "lint".into(),
            "--format".into(),
            "json".into(),
            corpus
                .join("digitalocean/specification/DigitalOcean-public.v2.yaml")
                .display()
                .to_string(),
        ],
        // Two versions of a large spec: both sides loaded at once, operations diffed in parallel.
        vec![
            "diff".into(),
            "--format".into(),
            "json".into(),
            corpus
                .join("github/2020-07-14/api.github.com.json")
                .display()
                .to_string(),
            corpus
                .join("github/2020-07-30/api.github.com.json")
                .display()
                .to_string(),
        ],
    ];
    for args in &runs {
        let outputs: Vec<Vec<u8>> = ["1", "2", "4", "4"]
            .iter()
            .map(|threads| {
                let out = Command::cargo_bin("specguard")
                    .unwrap()
                    .current_dir(manifest())
                    .env("RAYON_NUM_THREADS", threads)
                    .args(args)
                    .output()
                    .unwrap();
                assert!(
                    matches!(out.status.code(), Some(0 | 1)),
                    "{args:?}: {}",
                    String::from_utf8_lossy(&out.stderr)
                );
                out.stdout
            })
            .collect();
        assert!(outputs[0].len() > 1000, "{args:?}");
        for (i, out) in outputs.iter().enumerate().skip(1) {
            assert!(
                out == &outputs[0],
                "{args:?}: run {i} differs from the 1-thread run"
            );
        }
    }
}
