//! The JSON output of `specguard diff` (public API; documented in the README):
//!
//! ```json
//! { "changes": [ { "id", "level", "message", "operation"?, "base"?: {file, line, column,
//!                  pointer}, "head"?: {...}, "fingerprint" } ],
//!   "summary": { "error", "warn", "info" } }
//! ```

use serde_json::{Value, json};

use super::Position;
use crate::diff::{Change, Level};
use crate::resolve::Workspace;

fn side(ws: &Workspace, location: &Option<crate::finding::Location>) -> Option<Value> {
    let p = Position::of(ws, location.as_ref()?);
    Some(
        json!({"file": p.file, "line": p.start.line, "column": p.start.column, "pointer": p.pointer}),
    )
}

pub fn render_changes_json(changes: &[Change], base: &Workspace, head: &Workspace) -> String {
    let list: Vec<Value> = changes
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
    let count = |l: Level| changes.iter().filter(|c| c.level == l).count();
    let out = json!({"changes": list, "summary": {"error": count(Level::Error), "warn": count(Level::Warn), "info": count(Level::Info)}});
    let mut text = serde_json::to_string_pretty(&out).unwrap_or_default();
    text.push('\n');
    text
}
