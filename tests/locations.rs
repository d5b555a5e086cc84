//! Locations that cannot be right by accident.
//!
//! - JSON: for every node of real specs, the text at its span parses (with serde_json, an
//!   independent parser) to exactly the node's value; every key span parses to the key.
//! - YAML: the same spec published as YAML and as JSON gives equal values at every pointer;
//!   each scalar's span is its literal source (plain text, or the quoted form of the value);
//!   each collection starts where its first entry is written.
//! - Lines and columns agree with a naive independent count over the text, for every node.
//! - Nodes inside referenced files get all of the above in their own file.

mod common;

use std::path::{Path, PathBuf};

use common::to_json;
use serde_json::Value;
use specguard::resolve::{LoadOptions, Loader, Node, SpecInput, Workspace};
use specguard::source::Format;
use specguard::syntax::NodeKind;

fn shared(rel: &str) -> Option<PathBuf> {
    let path = common::corpus_dir().join(rel);
    if path.exists() {
        return Some(path);
    }
    assert!(
        std::env::var_os("SPECGUARD_SKIP_SHARED").is_some(),
        "{} is missing: these tests read the shared corpus (set SPECGUARD_SKIP_SHARED=1 to skip them knowingly)",
        path.display()
    );
    None
}

fn load(path: &Path) -> Workspace {
    let root = path.ancestors().nth(3).unwrap().to_path_buf();
    Loader::new(
        LoadOptions {
            root: Some(root),
            ..Default::default()
        },
        std::env::current_dir().unwrap(),
    )
    .load(&SpecInput::File(path.to_path_buf()))
    .unwrap()
}

/// Line and column (1-based, characters) by walking the text from the start: the simplest
/// possible implementation, independent of the line index.
struct NaiveCounter<'a> {
    text: &'a str,
    offset: usize,
    line: u32,
    column: u32,
    prev_cr: bool,
}

impl<'a> NaiveCounter<'a> {
    fn new(text: &'a str) -> Self {
        let mut c = NaiveCounter {
            text,
            offset: 0,
            line: 1,
            column: 1,
            prev_cr: false,
        };
        if text.starts_with('\u{feff}') {
            c.offset = 3;
        }
        c
    }

    /// Advances to `target` (monotonic) and returns its line and column.
    fn at(&mut self, target: usize) -> (u32, u32) {
        assert!(target >= self.offset);
        for ch in self.text[self.offset..target].chars() {
            match ch {
                '\n' if self.prev_cr => {}
                '\n' | '\r' => {
                    self.line += 1;
                    self.column = 1;
                }
                _ => self.column += 1,
            }
            self.prev_cr = ch == '\r';
        }
        self.offset = target;
        (self.line, self.column)
    }
}

/// Checks every node's (or every `stride`-th node's) span and line/column in every file.
fn check_spans(ws: &Workspace, stride: usize) -> usize {
    let mut checked = 0;
    for file in ws.files() {
        let text = file.source.text.as_str();
        let tree = &file.tree;
        let mut starts: Vec<(usize, u32)> = Vec::new();
        for id in tree.node_ids() {
            let node = ws.node(specguard::resolve::NodeRef {
                source: file.source.id,
                node: id,
            });
            let span = tree.span(id);
            let raw = &text[span.range()];
            starts.push((span.start as usize, id.0));
            if id.0 as usize % stride != 0 {
                continue;
            }
            checked += 1;
            match file.source.format {
                Format::Json => {
                    let parsed: Value = serde_json::from_str(raw).unwrap_or_else(|e| {
                        panic!(
                            "{}: span {raw:?} of {:?} does not parse: {e}",
                            file.source.name, node
                        )
                    });
                    if tree.is_key(id) {
                        assert_eq!(
                            parsed,
                            Value::String(node.scalar().unwrap().to_string()),
                            "{}: key span",
                            file.source.name
                        );
                    } else {
                        assert_eq!(
                            parsed,
                            to_json(node),
                            "{}: value at {:?}",
                            file.source.name,
                            node
                        );
                    }
                }
                Format::Yaml => check_yaml_span(&node, raw, text, &file.source.name),
            }
        }
        // Lines/columns for every node start, against the naive counter (in offset order).
        starts.sort_unstable();
        let mut counter = NaiveCounter::new(text);
        for (offset, _) in starts {
            let expected = counter.at(offset);
            let got = file.source.line_col(offset);
            assert_eq!(
                (got.line, got.column),
                expected,
                "{} at byte {offset}",
                file.source.name
            );
        }
    }
    checked
}

fn check_yaml_span(node: &Node<'_>, raw: &str, text: &str, name: &str) {
    match node.kind() {
        NodeKind::Scalar(_) => {
            let value = node.scalar().unwrap();
            let first = raw.chars().next();
            match first {
                Some('\'') if !raw.contains('\n') => assert_eq!(
                    raw,
                    format!("'{}'", value.replace('\'', "''")),
                    "{name}: single-quoted {node:?}"
                ),
                Some('\'') => assert!(
                    raw.ends_with('\'') && raw.len() >= 2,
                    "{name}: multi-line single-quoted {raw:?}"
                ),
                Some('"') => {
                    assert!(
                        raw.ends_with('"') && raw.len() >= 2,
                        "{name}: double-quoted {raw:?}"
                    );
                    if !raw.contains('\n') {
                        // One-line double-quoted YAML without YAML-only escapes is JSON.
                        if let Ok(Value::String(s)) = serde_json::from_str::<Value>(raw) {
                            assert_eq!(s, value, "{name}: {node:?}");
                        }
                    }
                }
                Some('|') | Some('>') => assert!(
                    !value.is_empty() || raw.len() <= 3,
                    "{name}: block scalar {raw:?}"
                ),
                _ if !raw.contains('\n') && !raw.starts_with(['&', '!']) => {
                    assert_eq!(raw, value, "{name}: plain {node:?}")
                }
                _ => {}
            }
        }
        NodeKind::Mapping | NodeKind::Sequence => {
            let flow = raw.starts_with(['{', '[']);
            if flow {
                assert!(raw.ends_with(['}', ']']), "{name}: flow collection {raw:?}");
            } else if let Some((k, _)) = node.entries().next() {
                assert_eq!(
                    node.span().start,
                    k.span().start,
                    "{name}: block mapping {node:?} starts at its first key"
                );
            } else if let Some(first) = node.items().next() {
                let dash = &text[node.span().start as usize..first.span().start as usize];
                assert!(
                    dash.starts_with('-') && dash[1..].trim().is_empty(),
                    "{name}: block sequence {node:?} starts at its dash: {dash:?}"
                );
            }
        }
        NodeKind::Alias => assert!(raw.starts_with('*'), "{name}: alias {raw:?}"),
    }
}

#[test]
fn every_node_of_the_examples() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    for spec in ["examples/openapi.yaml", "examples/multi-file/openapi.yaml"] {
        let ws = load(&dir.join(spec));
        assert!(check_spans(&ws, 1) > 100);
    }
}

#[test]
fn every_node_of_real_json_specs() {
    for rel in [
        "box/openapi.json",
        "kubernetes-v3/apis__apps__v1_openapi.json",
        "twilio/json/twilio_flex_v1.json",
    ] {
        let Some(path) = shared(rel) else { continue };
        let ws = load(&path);
        let n = check_spans(&ws, 1);
        assert!(n > 10_000, "{rel}: {n}");
    }
}

#[test]
fn sampled_nodes_of_the_largest_json_spec() {
    let Some(path) = shared("github/2020-07-14/api.github.com.json") else {
        return;
    };
    let ws = load(&path);
    let n = check_spans(&ws, 7);
    assert!(n > 10_000, "{n}");
}

#[test]
fn every_node_of_real_yaml_specs_and_referenced_files() {
    for rel in [
        "twilio/yaml/twilio_conversations_v1.yaml",
        "libopenapi/test_specs/nested_files/openapi.yaml",
        "stripe/2023-08-09/spec3.yaml",
    ] {
        let Some(path) = shared(rel) else { continue };
        let ws = load(&path);
        let n = check_spans(&ws, 1);
        assert!(n > 300, "{rel}: {n}");
        if rel.contains("nested_files") {
            assert!(ws.files().len() > 3, "the referenced files are checked too");
        }
    }
}

#[test]
fn yaml_and_json_publications_of_one_spec_agree_at_every_pointer() {
    for (yaml, json) in [
        (
            "openai/2026-08-21/openapi.yaml",
            "openai/2026-08-21/openapi.json",
        ),
        (
            "twilio/yaml/twilio_api_v2010.yaml",
            "twilio/json/twilio_api_v2010.json",
        ),
    ] {
        let (Some(y), Some(j)) = (shared(yaml), shared(json)) else {
            continue;
        };
        let (wy, wj) = (load(&y), load(&j));
        let (vy, vj) = (to_json(wy.root().unwrap()), to_json(wj.root().unwrap()));
        assert!(vy == vj, "{yaml} and {json} differ");
        // And node by node: each YAML node's pointer finds the equal JSON node.
        let tree = &wy.entry().tree;
        let mut compared = 0;
        for id in tree.node_ids().step_by(13) {
            if tree.is_key(id) {
                continue;
            }
            let node = wy.node(specguard::resolve::NodeRef {
                source: wy.entry().source.id,
                node: id,
            });
            let pointer = node.pointer();
            let twin = vj
                .pointer(&pointer)
                .unwrap_or_else(|| panic!("{json} has no {pointer}"));
            assert_eq!(&to_json(node), twin, "{pointer}");
            compared += 1;
        }
        assert!(compared > 1000);
    }
}

#[test]
fn crlf_and_lone_cr_line_endings_keep_lines_and_columns_right() {
    for eol in ["\r\n", "\r"] {
        let text = [
            "openapi: 3.1.0",
            "info:",
            "  title: 't'",
            "  version: '1'",
            "paths: {}",
            "x-a:",
            "  $ref: '#/nope'",
            "",
        ]
        .join(eol);
        let p = common::Project::new(&[("a.yaml", text.as_bytes())]);
        let ws = p.load("a.yaml");
        assert_eq!(
            common::render(&ws),
            [
                "ref-unresolved error a.yaml:7:9 /x-a/$ref | $ref '#/nope' points at nothing: in a.yaml, /nope does not exist"
            ],
            "{eol:?}"
        );
        assert!(check_spans(&ws, 1) > 10);
    }
}

#[test]
fn multibyte_text_keeps_columns_in_characters() {
    let text = "openapi: 3.1.0\ninfo:\n  title: 'Übersicht – 概要'\n  version: '1'\npaths: {}\nx-ä: {ö: '#', ü: {$ref: '#/nöpe'}}\n";
    let p = common::Project::new(&[
        ("a.yaml", text.as_bytes()),
        (
            "b.json",
            "{\"openapi\": \"3.0.0\", \"x-概要\": {\"$ref\": \"#/nöpe\"}}".as_bytes(),
        ),
    ]);
    assert_eq!(
        p.findings("a.yaml"),
        [
            "ref-unresolved error a.yaml:6:25 /x-ä/ü/$ref | $ref '#/nöpe' points at nothing: in a.yaml, /nöpe does not exist"
        ]
    );
    assert_eq!(
        p.findings("b.json"),
        [
            "ref-unresolved error b.json:1:39 /x-概要/$ref | $ref '#/nöpe' points at nothing: in b.json, /nöpe does not exist"
        ]
    );
    assert!(check_spans(&p.load("a.yaml"), 1) > 10);
    assert!(check_spans(&p.load("b.json"), 1) > 5);
}
