//! The JSON output contract (public API; documented in the README):
//!
//! ```json
//! { "findings": [ { "rule", "severity", "message", "file", "line", "column", "end_line",
//!                   "end_column", "pointer", "help"?, "related": [ { "message", "file",
//!                   "line", "column", "end_line", "end_column", "pointer" } ] } ],
//!   "summary": { "error", "warn", "info", "hint", "files" } }
//! ```
//!
//! Lines and columns are 1-based, columns count Unicode code points, and the end is exclusive
//! (the position just after the last character), as in SARIF.

use serde::Serialize;

use super::{Item, Position, Summary};

#[derive(Serialize)]
struct Output<'a> {
    findings: Vec<JsonFinding<'a>>,
    summary: JsonSummary,
}

#[derive(Serialize)]
struct JsonFinding<'a> {
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    #[serde(flatten)]
    at: JsonPosition,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    related: Vec<JsonRelated<'a>>,
}

#[derive(Serialize)]
struct JsonRelated<'a> {
    message: &'a str,
    #[serde(flatten)]
    at: JsonPosition,
}

#[derive(Serialize)]
struct JsonPosition {
    file: String,
    line: u32,
    column: u32,
    end_line: u32,
    end_column: u32,
    pointer: String,
}

impl From<Position> for JsonPosition {
    fn from(p: Position) -> Self {
        JsonPosition {
            file: p.file,
            line: p.start.line,
            column: p.start.column,
            end_line: p.end.line,
            end_column: p.end.column,
            pointer: p.pointer,
        }
    }
}

#[derive(Serialize)]
struct JsonSummary {
    error: usize,
    warn: usize,
    info: usize,
    hint: usize,
    /// Spec files looked at (entry files and every file they reference).
    files: usize,
}

/// Renders findings (already sorted) as the JSON document, followed by a newline.
pub fn render_json(items: &[Item<'_>], files: usize) -> String {
    let summary = Summary::of(items);
    let output = Output {
        findings: items
            .iter()
            .map(|i| JsonFinding {
                rule: i.finding.rule,
                severity: i.finding.severity.as_str(),
                message: &i.finding.message,
                at: Position::of(i.ws, &i.finding.location).into(),
                help: i.finding.help.as_deref(),
                related: i
                    .finding
                    .related
                    .iter()
                    .map(|r| JsonRelated {
                        message: &r.message,
                        at: Position::of(i.ws, &r.location).into(),
                    })
                    .collect(),
            })
            .collect(),
        summary: JsonSummary {
            error: summary.error,
            warn: summary.warn,
            info: summary.info,
            hint: summary.hint,
            files,
        },
    };
    let mut text =
        serde_json::to_string_pretty(&output).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}
