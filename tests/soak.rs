//! Whole-corpus soak (ignored by default; `.ci/run` and `scripts/soak.sh` run it in release
//! mode): every document of `../shared/corpus/INDEX.tsv` is linted by the real binary, then
//! diffed against a mutated copy of itself (an operation removed, a required property added to
//! a request body, an enum value removed from a request parameter), asserting exit codes 0 or 1
//! only, every mutation found, and recording wall time and peak memory of each run.
//!
//! The mutated copy is the document's bundled single-file form (`tests/common`'s `bundle`) with
//! the mutations applied, so multi-file specs are mutated too; `diff(a, bundled(a))` is empty
//! (checked in `whole_corpus.rs`), so every change found comes from a mutation.

mod common;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use specguard::resolve::{LoadOptions, Loader, Node, SpecInput, Workspace};
use specguard::spec::{Document, Schema};

/// Wall seconds and peak resident memory (KiB) of one run of the binary, from GNU time.
struct Measured {
    code: i32,
    seconds: f64,
    peak_kib: u64,
    stdout: Vec<u8>,
    stderr: String,
}

fn measured(args: &[&str]) -> Measured {
    let stats = tempfile::NamedTempFile::new().unwrap();
    let out = Command::new("/usr/bin/time")
        .args(["-f", "%e %M", "-o"])
        .arg(stats.path())
        .arg(env!("CARGO_BIN_EXE_specguard"))
        .args(args)
        .output()
        .expect("GNU time at /usr/bin/time (Debian package `time`)");
    let stats = std::fs::read_to_string(stats.path()).unwrap();
    // GNU time writes "Command exited with non-zero status N" first when N != 0.
    let last = stats.lines().last().unwrap_or_default();
    let mut parts = last.split_whitespace();
    let seconds = parts
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(f64::NAN);
    let peak_kib = parts.next().and_then(|s| s.parse().ok()).unwrap_or(0);
    Measured {
        code: out.status.code().unwrap_or(-1),
        seconds,
        peak_kib,
        stdout: out.stdout,
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// The pointer of a node in the bundle: entry nodes keep theirs; nodes of other files live
/// under `/x-bundled/f<id>` (see `common::bundle`).
fn bundle_pointer(ws: &Workspace, node: Node<'_>) -> String {
    let file = node.file().source.id;
    if file == ws.entry().source.id {
        node.pointer()
    } else {
        format!("/x-bundled/f{}{}", file.0, node.pointer())
    }
}

/// A mutation applied to the bundle, and the change ids of which one must be reported.
struct Mutation {
    what: String,
    expected: &'static [&'static str],
    /// Text the change's message must hold (the name of what was changed).
    mentions: String,
}

fn operation_removed(ws: &Workspace, doc: Document<'_>, bundle: &mut Value) -> Option<Mutation> {
    let op = doc.operations().into_iter().rev().find(|op| {
        op.node.get("deprecated").and_then(|d| d.as_bool()) != Some(true)
            && op.node.get("x-stability-level").is_none()
            && op.node.get("x-stability").is_none()
    })?;
    // The method's entry in its path item (the operation itself may be a `$ref` elsewhere).
    let item = bundle_pointer(ws, op.path_item.item.node);
    bundle
        .pointer_mut(&item)?
        .as_object_mut()?
        .remove(op.method)?;
    Some(Mutation {
        what: format!("removed {}", op.label()),
        expected: &["operation-removed"],
        mentions: op.label(),
    })
}

/// The operations the other mutations may touch: all but the removed one.
fn others<'w>(
    doc: Document<'w>,
    removed: &str,
) -> impl Iterator<Item = specguard::spec::Operation<'w>> {
    let removed = removed.to_string();
    doc.operations()
        .into_iter()
        .filter(move |op| op.label() != removed)
}

fn required_property_added(
    ws: &Workspace,
    doc: Document<'_>,
    bundle: &mut Value,
    removed: &str,
) -> Option<Mutation> {
    for op in others(doc, removed) {
        let Some(body) = op.request_body() else {
            continue;
        };
        let schema = if doc.version.is_swagger2() {
            body.node.get("schema")
        } else {
            specguard::spec::media_types(body.node)
                .into_iter()
                .find(|(media, _)| media.contains("json"))
                .and_then(|(_, m)| m.node.get("schema"))
        };
        let Some(schema) = schema.map(|s| s.deref().node) else {
            continue;
        };
        let Some(properties) = schema.get("properties") else {
            continue;
        };
        if !properties.is_mapping() || schema.get("additionalProperties").is_some() {
            continue;
        }
        let target = bundle
            .pointer_mut(&bundle_pointer(ws, schema))?
            .as_object_mut()?;
        target.get_mut("properties")?.as_object_mut()?.insert(
            "soakAddedProperty".into(),
            serde_json::json!({"type": "string"}),
        );
        match target.get_mut("required") {
            Some(Value::Array(list)) => list.push("soakAddedProperty".into()),
            _ => {
                target.insert("required".into(), serde_json::json!(["soakAddedProperty"]));
            }
        }
        return Some(Mutation {
            what: format!("required property added to the body of {}", op.label()),
            expected: &[
                "request-property-added-required",
                "request-property-became-required",
                "request-property-added",
            ],
            mentions: "soakAddedProperty".into(),
        });
    }
    None
}

fn enum_value_removed(
    ws: &Workspace,
    doc: Document<'_>,
    bundle: &mut Value,
    removed: &str,
) -> Option<Mutation> {
    for op in others(doc, removed) {
        for p in op.parameters() {
            if matches!(p.location(), Some("body")) {
                continue;
            }
            let node = p.resolved.node;
            // 2.0 keeps `enum` on the parameter itself; 3.x in its schema.
            let holder = match p.schema() {
                Some(s) => s.node,
                None => node,
            };
            let Some(values) = Schema::new(holder).enum_values() else {
                continue;
            };
            let count = values.items().count();
            if count < 2 {
                continue;
            }
            let last = values.items().last()?;
            let shown = last.scalar().unwrap_or_default().to_string();
            let list = bundle
                .pointer_mut(&bundle_pointer(ws, values))?
                .as_array_mut()?;
            list.pop();
            return Some(Mutation {
                what: format!(
                    "enum value '{shown}' removed from parameter {} of {}",
                    p.name().unwrap_or_default(),
                    op.label()
                ),
                expected: &[
                    "request-enum-value-removed",
                    "request-parameter-enum-value-removed",
                ],
                mentions: shown,
            });
        }
    }
    None
}

#[test]
#[ignore = "whole-corpus soak: cargo test --release --test soak -- --ignored (run by .ci/run)"]
fn soak_the_whole_corpus() {
    let corpus = common::corpus_dir();
    let work = tempfile::tempdir().unwrap();
    let mut report = String::from(
        "spec\tbytes\tlint_exit\tlint_s\tlint_peak_kib\tmutations\tdiff_exit\tdiff_s\tdiff_peak_kib\n",
    );
    let mut failures = Vec::new();
    let (mut linted, mut diffed, mut mutations_found, mut skipped_aliases) = (0, 0, 0, 0);
    for (i, row) in common::corpus_index(&corpus).iter().enumerate() {
        let path: PathBuf = corpus.join(&row.path);
        let spec = path.to_str().unwrap();
        // The corpus is one project: refs between its folders stay inside this root.
        let root = corpus.to_str().unwrap();
        let lint = measured(&["lint", "--root", root, "--format", "json", spec]);
        linted += 1;
        if !matches!(lint.code, 0 | 1) {
            failures.push(format!(
                "{}: lint exited {}: {}",
                row.path, lint.code, lint.stderr
            ));
            continue;
        }
        serde_json::from_slice::<Value>(&lint.stdout)
            .unwrap_or_else(|e| panic!("{}: lint JSON: {e}", row.path));
        let _ = write!(
            report,
            "{}\t{}\t{}\t{:.2}\t{}",
            row.path, row.size, lint.code, lint.seconds, lint.peak_kib
        );
        // The mutated copy.
        let ws = Loader::new(
            LoadOptions {
                root: Some(corpus.clone()),
                ..Default::default()
            },
            corpus.clone(),
        )
        .load(&SpecInput::File(path.clone()))
        .unwrap();
        // The bundle is a JSON expansion: a document with YAML aliases (the corpus has alias
        // bombs) could expand exponentially, so those are linted but not mutated.
        let has_aliases = ws.files().iter().any(|f| {
            f.tree
                .node_ids()
                .any(|id| f.tree.kind(id) == specguard::syntax::NodeKind::Alias)
        });
        if has_aliases {
            skipped_aliases += 1;
            report.push_str(
                "	aliases	-	-	-
",
            );
            continue;
        }
        let (Some(doc), Some(mut bundle)) = (Document::new(&ws), common::bundle(&ws)) else {
            report.push_str("\t-\t-\t-\t-\n");
            continue;
        };
        // The other two mutations stay off the removed operation, whose changes would only be
        // its removal. The views read the original tree, so the order does not matter.
        let removed = operation_removed(&ws, doc, &mut bundle);
        let removed_label = removed
            .as_ref()
            .map_or(String::new(), |m| m.mentions.clone());
        let mutations: Vec<Mutation> = [
            removed,
            required_property_added(&ws, doc, &mut bundle, &removed_label),
            enum_value_removed(&ws, doc, &mut bundle, &removed_label),
        ]
        .into_iter()
        .flatten()
        .collect();
        if mutations.is_empty() {
            report.push_str("\t0\t-\t-\t-\n");
            continue;
        }
        let mutated = work.path().join(format!("mutated{i}.json"));
        std::fs::write(&mutated, serde_json::to_vec(&bundle).unwrap()).unwrap();
        let diff = measured(&[
            "diff",
            "--root",
            root,
            "--format",
            "json",
            spec,
            mutated.to_str().unwrap(),
        ]);
        diffed += 1;
        let _ = writeln!(
            report,
            "\t{}\t{}\t{:.2}\t{}",
            mutations.len(),
            diff.code,
            diff.seconds,
            diff.peak_kib
        );
        if !matches!(diff.code, 0 | 1) {
            failures.push(format!(
                "{}: diff exited {}: {}",
                row.path, diff.code, diff.stderr
            ));
            continue;
        }
        let changes: Value = serde_json::from_slice(&diff.stdout).unwrap();
        let changes = changes["changes"].as_array().unwrap();
        for m in &mutations {
            let found = changes.iter().any(|c| {
                m.expected.contains(&c["id"].as_str().unwrap_or_default())
                    && c["message"]
                        .as_str()
                        .unwrap_or_default()
                        .contains(&m.mentions)
            });
            if found {
                mutations_found += 1;
            } else {
                let ids: Vec<&str> = changes.iter().filter_map(|c| c["id"].as_str()).collect();
                failures.push(format!(
                    "{}: not found: {} (changes: {ids:?})",
                    row.path, m.what
                ));
            }
        }
    }
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("soak-report.tsv");
    std::fs::write(&out, &report).unwrap();
    eprintln!(
        "soak: {linted} documents linted, {diffed} diffed against a mutated copy, {mutations_found} mutations found, {skipped_aliases} with YAML aliases not mutated; report: {}",
        out.display()
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert!(
        linted > 500 && diffed > 300,
        "{linted} linted, {diffed} diffed"
    );
}
