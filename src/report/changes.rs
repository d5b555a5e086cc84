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

use serde::Serialize;

use super::{DiffReport, Position};
use crate::diff::Level;
use crate::resolve::Workspace;

// Fields in alphabetical order: the order the keys are written in.

#[derive(Serialize)]
struct Output<'a> {
    changes: Vec<ChangeOut<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct ChangeOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    base: Option<Side>,
    fingerprint: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    head: Option<Side>,
    id: &'a str,
    level: &'a str,
    message: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    operation: Option<&'a str>,
}

#[derive(Serialize)]
struct Side {
    column: usize,
    file: String,
    line: usize,
    pointer: String,
}

#[derive(Serialize)]
struct Summary {
    accepted: usize,
    error: usize,
    info: usize,
    off: usize,
    warn: usize,
}

fn side(ws: &Workspace, location: &Option<crate::finding::Location>) -> Option<Side> {
    let p = Position::of(ws, location.as_ref()?);
    Some(Side {
        column: p.start.column as usize,
        file: p.file,
        line: p.start.line as usize,
        pointer: p.pointer,
    })
}

pub fn render_changes_json(report: &DiffReport<'_>) -> String {
    let (base, head) = (report.base, report.head);
    let out = Output {
        changes: report
            .changes
            .iter()
            .map(|c| ChangeOut {
                base: side(base, &c.base),
                fingerprint: c.fingerprint(),
                head: side(head, &c.head),
                id: c.id,
                level: c.level.as_str(),
                message: &c.message,
                operation: c.operation.as_deref(),
            })
            .collect(),
        summary: Summary {
            accepted: report.accepted,
            error: report.count(Level::Error),
            info: report.count(Level::Info),
            off: report.off,
            warn: report.count(Level::Warn),
        },
    };
    let mut text = serde_json::to_string_pretty(&out).unwrap_or_default();
    text.push('\n');
    text
}
