//! Markdown: lint findings as a table and the changes of `specguard diff` as a changelog, for
//! a pull request comment or a GitHub Actions job summary (`$GITHUB_STEP_SUMMARY`).
//!
//! Lint:
//!
//! ```markdown
//! ## specguard lint
//!
//! 1 error(s), 0 warning(s), 0 info, 0 hint(s) in 1 file.
//!
//! | severity | rule | location | message |
//! |---|---|---|---|
//! | error | `idempotency-key-missing` | `openapi.yaml:8:5` | POST /orders has no ... |
//! ```
//!
//! Diff:
//!
//! ```markdown
//! ## API changes: 1 breaking, 1 to review, 2 compatible
//!
//! `base.yaml` → `head.yaml`
//!
//! ### Breaking changes
//!
//! #### `DELETE /orders`
//!
//! - `operation-removed` DELETE /orders was removed (`base.yaml:39` → removed)
//!
//! #### Shared components and document-level settings
//! ...
//! ```
//!
//! One section per level (`Breaking changes`, `Changes to review`, `Compatible changes`),
//! inside each the changes grouped by operation in diff order, then those without one (a
//! shared component, a document-level setting: their message names the operations). Messages
//! are escaped so that nothing in a spec (`*`, `_`, `<tag>`, backticks, `|`) turns into
//! markup; file names and ids are code spans.

use std::fmt::Write as _;

use super::{DiffReport, Item, Position, Summary};
use crate::diff::{Change, Level};
use crate::finding::Location;
use crate::resolve::Workspace;

/// The sections, most serious first.
const SECTIONS: [(Level, &str); 3] = [
    (Level::Error, "Breaking changes"),
    (Level::Warn, "Changes to review"),
    (Level::Info, "Compatible changes"),
];

/// The heading of changes that concern no single operation.
const NO_OPERATION: &str = "Shared components and document-level settings";

/// Escapes text for Markdown (CommonMark and GitHub's extensions) so it shows as written:
/// every character that can start inline markup gets a backslash, `&` too (entities), `$`
/// (GitHub math) and `~` (strikethrough); a line break becomes a space, so a message stays on its line.
pub(crate) fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '$' | '&' => {
                out.push('\\');
                out.push(c);
            }
            '\r' => {}
            '\n' => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// Text as a code span: fenced with one backtick more than its longest run of backticks, and
/// padded with spaces when it starts or ends with one (CommonMark strips one space each side).
pub(crate) fn code_span(text: &str) -> String {
    let text = text.replace(['\r', '\n'], " ");
    let longest = text.split(|c| c != '`').map(str::len).max().unwrap_or(0);
    let fence = "`".repeat(longest + 1);
    let pad = if text.starts_with('`') || text.ends_with('`') {
        " "
    } else {
        ""
    };
    format!("{fence}{pad}{text}{pad}{fence}")
}

fn at(ws: &Workspace, location: &Location) -> String {
    let p = Position::of(ws, location);
    code_span(&format!("{}:{}", p.file, p.start.line))
}

/// `(`base:12` → `head:14`)`, `(`base:12` → removed)` or `(added → `head:14`)`.
fn locations(report: &DiffReport<'_>, change: &Change) -> String {
    match (&change.base, &change.head) {
        (Some(b), Some(h)) => format!(" ({} → {})", at(report.base, b), at(report.head, h)),
        (Some(b), None) => format!(" ({} → removed)", at(report.base, b)),
        (None, Some(h)) => format!(" (added → {})", at(report.head, h)),
        (None, None) => String::new(),
    }
}

/// Renders sorted lint findings as a title with the counts and, when there are any, a table
/// of severity, rule, location (`file:line:column`) and message, in report order.
pub fn render_markdown(items: &[Item<'_>], files: usize) -> String {
    let mut out = format!(
        "## specguard lint\n\n{}.\n",
        Summary::of(items).sentence(files)
    );
    if items.is_empty() {
        return out;
    }
    out.push_str("\n| severity | rule | location | message |\n|---|---|---|---|\n");
    for item in items {
        let f = item.finding;
        let p = Position::of(item.ws, &f.location);
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} |",
            f.severity.as_str(),
            table_cell(&code_span(f.rule)),
            table_cell(&code_span(&format!(
                "{}:{}:{}",
                p.file, p.start.line, p.start.column
            ))),
            escape_markdown(&f.message)
        );
    }
    out
}

/// A code span made safe for a table cell: GitHub splits cells at every unescaped `|`, even
/// inside a code span, and shows `\|` there as `|`.
fn table_cell(code: &str) -> String {
    code.replace('|', "\\|")
}

/// Renders the changes as a Markdown document.
pub fn render_changes_markdown(report: &DiffReport<'_>) -> String {
    let mut out = String::new();
    let (base, head) = (
        &report.base.entry().source.name,
        &report.head.entry().source.name,
    );
    if report.changes.is_empty() {
        let _ = writeln!(out, "## API changes: none\n");
        let _ = writeln!(
            out,
            "No changes from {} to {}.",
            code_span(base),
            code_span(head)
        );
    } else {
        let _ = writeln!(
            out,
            "## API changes: {} breaking, {} to review, {} compatible\n",
            report.count(Level::Error),
            report.count(Level::Warn),
            report.count(Level::Info)
        );
        let _ = writeln!(out, "{} → {}", code_span(base), code_span(head));
    }
    if let Some(text) = report.held_back() {
        let _ = writeln!(out, "\n{} (not listed).", capitalize(&text));
    }
    for (level, title) in SECTIONS {
        let changes: Vec<&Change> = report.changes.iter().filter(|c| c.level == level).collect();
        if changes.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n### {title}");
        // Operations in the order their first change comes, then the rest.
        let mut groups: Vec<(Option<&str>, Vec<&Change>)> = Vec::new();
        for c in changes {
            let key = c.operation.as_deref();
            match groups.iter_mut().find(|(k, _)| *k == key) {
                Some((_, list)) => list.push(c),
                None => groups.push((key, vec![c])),
            }
        }
        groups.sort_by_key(|(k, _)| k.is_none());
        for (operation, list) in groups {
            let heading = operation.map_or_else(|| NO_OPERATION.to_string(), code_span);
            let _ = writeln!(out, "\n#### {heading}\n");
            for c in list {
                let _ = writeln!(
                    out,
                    "- {} {}{}",
                    code_span(c.id),
                    escape_markdown(&c.message),
                    locations(report, c)
                );
            }
        }
    }
    out
}

fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_uppercase().chain(chars).collect()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_is_escaped() {
        assert_eq!(
            escape_markdown("a*b_c `d` <e> | [f](g) ~h~ $x$ &amp; {i} #1\\"),
            "a\\*b\\_c \\`d\\` \\<e\\> \\| \\[f\\](g) \\~h\\~ \\$x\\$ \\&amp; {i} #1\\\\"
        );
        assert_eq!(escape_markdown("one\r\ntwo"), "one two");
    }

    #[test]
    fn table_cells_escape_pipes_inside_code_spans() {
        assert_eq!(table_cell(&code_span("a|b.yaml:1:2")), "`a\\|b.yaml:1:2`");
    }

    #[test]
    fn code_spans_hold_backticks() {
        assert_eq!(code_span("a.yaml:3"), "`a.yaml:3`");
        assert_eq!(code_span("a`b"), "``a`b``");
        assert_eq!(code_span("`a``"), "``` `a`` ```");
    }
}
