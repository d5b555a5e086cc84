//! The JSON output of `specguard diff` (public API; documented in the README):
//!
//! ```json
//! { "changes": [ { "id", "level", "message", "operation"?, "base"?: {file, line, column,
//!                  pointer}, "head"?: {...}, "fingerprint" } ],
//!   "summary": { "error", "warn", "info", "accepted", "off" } }
//! ```
//!
//! `accepted` and `off` count the changes the configuration held back (accepted by
//! fingerprint, or of checks turned off), so that nothing disappears silently.

use serde_json::{Value, json};

use super::{DiffReport, Position};
use crate::diff::Level;
use crate::resolve::Workspace;

fn side(ws: &Workspace, location: &Option<crate::finding::Location>) -> Option<Value> {
    let p = Position::of(ws, location.as_ref()?);
    Some(
        json!({"file": p.file, "line": p.start.line, "column": p.start.column, "pointer": p.pointer}),
    )
}

pub fn render_changes_json(report: &DiffReport<'_>) -> String {
    let (base, head) = (report.base, report.head);
    let list: Vec<Value> = report
        .changes
        .iter()
        .map(|c| {
            let mut v = json!({"id": c.id, "level": c.level.as_str(), "message": c.message, "fingerprint": c.fingerprint()});
            if let Some(op) = &c.operation {
                v["operation"] = json!(op);
            }
            if let Some(b) = side(base, &c.base) {
                v["base"] = b;
            }
            if let Some(h) = side(head, &c.head) {
                v["head"] = h;
            }
            v
        })
        .collect();
    let summary = json!({
        "error": report.count(Level::Error),
        "warn": report.count(Level::Warn),
        "info": report.count(Level::Info),
        "accepted": report.accepted,
        "off": report.off,
    });
    let out = json!({"changes": list, "summary": summary});
    let mut text = serde_json::to_string_pretty(&out).unwrap_or_default();
    text.push('\n');
    text
}
