//! Two documents (the input split at its first NUL byte; without one, both sides are the
//! whole input) loaded in memory, diffed both ways and each against a second load of itself;
//! the changes are rendered as JSON and pretty text.
//!
//! Invariant: a document diffed against itself has no changes.
#![no_main]

mod common;

use std::collections::HashMap;

use libfuzzer_sys::fuzz_target;
use specguard::diff::{Change, DiffOptions, diff_with};
use specguard::report::{self, DiffReport, PrettyOptions};
use specguard::resolve::{Loader, Workspace};
use specguard::spec::Document;

fn render(base: &Workspace, head: &Workspace, changes: &[Change]) {
    for c in changes {
        if let Some(l) = &c.base {
            common::check_location(base, l, c.id);
        }
        if let Some(l) = &c.head {
            common::check_location(head, l, c.id);
        }
    }
    let counterparts = HashMap::new();
    let r = DiffReport {
        base,
        head,
        changes,
        accepted: 0,
        off: 0,
        counterparts: &counterparts,
    };
    let json = report::render_changes_json(&r);
    if let Err(e) = serde_json::from_str::<serde_json::Value>(&json) {
        panic!("render_changes_json is not JSON: {e}\n{json}");
    }
    let _ = report::render_changes_pretty(&r, PrettyOptions { color: false });
}

fn self_diff(loader: &Loader, bytes: &[u8], ws: &Workspace, doc: Document<'_>) {
    let again = loader.load_bytes("again.yaml", bytes.to_vec());
    // The same bytes loaded again are the same document: `Document::new` cannot fail now.
    let doc2 = Document::new(&again).expect("a document loads the same twice");
    let changes = diff_with(doc, doc2, &DiffOptions::default());
    if !changes.is_empty() {
        render(ws, &again, &changes);
        panic!(
            "a document diffed against itself has {} change(s): {:?}",
            changes.len(),
            changes
                .iter()
                .map(|c| (c.id, &c.message))
                .collect::<Vec<_>>()
        );
    }
}

fuzz_target!(|data: &[u8]| {
    let (a, b) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, data),
    };
    let dir = common::scratch("diff");
    let loader = common::loader(dir);
    let wa = loader.load_bytes("base.yaml", a.to_vec());
    let wb = loader.load_bytes("head.yaml", b.to_vec());
    // Input that is not an OpenAPI document (no mapping, no `openapi`/`swagger` version the
    // differ knows) has nothing to diff: the CLI stops there with an error before diffing.
    let (da, db) = (Document::new(&wa), Document::new(&wb));
    if let Some(da) = da {
        self_diff(&loader, a, &wa, da);
    }
    if let Some(db) = db {
        self_diff(&loader, b, &wb, db);
    }
    if let (Some(da), Some(db)) = (da, db) {
        let options = DiffOptions::default();
        render(&wa, &wb, &diff_with(da, db, &options));
        render(&wb, &wa, &diff_with(db, da, &options));
    }
});
