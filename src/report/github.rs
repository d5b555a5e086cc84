//! GitHub Actions workflow commands: one annotation per finding, which the runner shows on the
//! pull request's changed lines and in the job summary.
//!
//! ```text
//! ::error file=openapi.yaml,line=3,col=5,endLine=3,endColumn=9,title=duplicate-key::message
//! ```
//!
//! `error` for error findings, `warning` for warn, `notice` for info and hint. Related
//! locations are appended to the message as `(see file:line:col: label)`.
//!
//! Escaping follows the Actions toolkit exactly (`packages/core/src/command.ts` in
//! `actions/toolkit`, which `core.error()` and friends go through):
//!
//! ```ts
//! function escapeData(s: any): string {
//!   return toCommandValue(s).replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
//! }
//! function escapeProperty(s: any): string {
//!   return toCommandValue(s)
//!     .replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
//!     .replace(/:/g, '%3A').replace(/,/g, '%2C')
//! }
//! ```
//!
//! The message goes through `escapeData`, every property value through `escapeProperty`; the
//! runner (`actions/runner`, `ActionCommand.cs`) undoes exactly these. `%` is escaped first,
//! so an escape sequence already in the text survives the round trip. (The toolkit's first
//! 2019 format, `##[name key=value;]`, escaped `]` and `;` instead; that format is gone.)
//!
//! `specguard diff` annotates the head files, where the pull request's lines are
//! ([`render_changes_github`]); a change that is only in base (a removal) annotates the
//! nearest place in head that survives, and its message says where it was in base.

use std::fmt::Write as _;

use super::{DiffReport, Item, Position, level_severity};
use crate::diff::Change;
use crate::finding::{Location, Severity};
use crate::lint::engine::anchor;
use crate::resolve::{Node, NodeRef, Workspace};
use crate::source::SourceId;

/// The toolkit's `escapeData`: for the message after `::`.
pub(crate) fn escape_data(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            c => out.push(c),
        }
    }
    out
}

/// The toolkit's `escapeProperty`: for `key=value` property values.
pub(crate) fn escape_property(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '%' => out.push_str("%25"),
            '\r' => out.push_str("%0D"),
            '\n' => out.push_str("%0A"),
            ':' => out.push_str("%3A"),
            ',' => out.push_str("%2C"),
            c => out.push(c),
        }
    }
    out
}

fn command(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warn => "warning",
        Severity::Info | Severity::Hint => "notice",
    }
}

/// One workflow command: `::error file=…,line=…,col=…,endLine=…,endColumn=…,title=…::message`.
fn annotate(out: &mut String, severity: Severity, at: &Position, title: &str, message: &str) {
    let _ = writeln!(
        out,
        "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
        command(severity),
        escape_property(&at.file),
        at.start.line,
        at.start.column,
        at.end.line,
        at.end.column,
        escape_property(title),
        escape_data(message),
    );
}

/// Renders findings (already sorted) as workflow commands, one line each.
pub fn render_github(items: &[Item<'_>]) -> String {
    let mut out = String::new();
    for item in items {
        let f = item.finding;
        let at = Position::of(item.ws, &f.location);
        let mut message = f.message.clone();
        for r in &f.related {
            let rp = Position::of(item.ws, &r.location);
            let _ = write!(
                message,
                " (see {}:{}:{}: {})",
                rp.file, rp.start.line, rp.start.column, r.message
            );
        }
        annotate(&mut out, f.severity, &at, f.rule, &message);
    }
    out
}

/// Renders diff changes as workflow commands on the head files, one line each: a change at
/// its head location; a change only in base (a removal) at the nearest surviving place in
/// head (see [`surviving_place`]), its message ending with where it was in base.
pub fn render_changes_github(report: &DiffReport<'_>) -> String {
    let mut out = String::new();
    for c in report.changes {
        let (at, message) = match (&c.head, &c.base) {
            (Some(head), _) => (Position::of(report.head, head), c.message.clone()),
            (None, Some(base)) => {
                let was = Position::of(report.base, base);
                (
                    Position::of(report.head, &surviving_place(report, c, base)),
                    format!("{} (in base at {}:{})", c.message, was.file, was.start.line),
                )
            }
            (None, None) => continue,
        };
        annotate(&mut out, level_severity(c.level), &at, c.id, &message);
    }
    out
}

/// Where in head to annotate a change that has only a base location, never the top of a file
/// for want of a better place:
///
/// 1. the base file's counterpart in head (same repository path), at the deepest ancestor
///    of the base pointer that it still has (a removed `/paths/~1a/delete` annotates
///    `/paths/~1a`, else `/paths`);
/// 2. when the file is gone, or only its root is left: the method key of the change's
///    operation (or of the first operation it affects) if head still has it, else that
///    file's first entry;
/// 3. else, and for a top-level entry of the entry document, the head document's top-level
///    key of the change's area (`paths`, `security`, `webhooks`).
fn surviving_place(report: &DiffReport<'_>, change: &Change, base: &Location) -> Location {
    let head = report.head;
    let entry = base.source == report.base.entry().source.id;
    let in_file = report
        .counterparts
        .get(&base.source)
        .and_then(|&source| deepest_ancestor(head, source, &base.pointer));
    match in_file {
        Some((node, depth)) if depth > 0 => return anchor(node),
        _ if entry => return area_key(head, change),
        _ => {}
    }
    if let Some(key) = surviving_operation(head, change) {
        return anchor(key);
    }
    match in_file {
        Some((root, _)) => anchor(root),
        None => area_key(head, change),
    }
}

/// The deepest node of `source` on the way to `pointer`, with its depth (0: the file's root).
/// Under the entry document's `paths`, a path template matches with its parameters renamed.
fn deepest_ancestor<'w>(
    ws: &'w Workspace,
    source: SourceId,
    pointer: &str,
) -> Option<(Node<'w>, usize)> {
    let root = ws.file(source).tree.root()?;
    let mut node = ws.node(NodeRef { source, node: root });
    let tokens = crate::syntax::pointer::parse(pointer).ok()?;
    let in_paths = source == ws.entry().source.id && tokens.first().is_some_and(|t| t == "paths");
    let mut depth = 0;
    for token in &tokens {
        let next = if node.is_mapping() {
            node.get(token).or_else(|| {
                let template = crate::diff::normalize_path(token);
                (in_paths && depth == 1)
                    .then(|| {
                        node.members()
                            .find(|(path, _)| crate::diff::normalize_path(path) == template)
                    })
                    .flatten()
                    .map(|(_, item)| item)
            })
        } else if node.is_sequence() {
            token
                .parse::<usize>()
                .ok()
                .and_then(|i| node.items().nth(i))
        } else {
            None
        };
        match next {
            Some(next) => {
                node = next;
                depth += 1;
            }
            None => break,
        }
    }
    Some((node, depth))
}

/// The method key in head of the change's operation, or of the first operation it affects
/// that head still has.
fn surviving_operation<'w>(head: &'w Workspace, change: &Change) -> Option<Node<'w>> {
    let operations = crate::spec::Document::new(head)?.operations();
    let key = |method: &str, path: &str| {
        (
            method.to_ascii_lowercase(),
            crate::diff::normalize_path(path),
        )
    };
    change
        .operation
        .iter()
        .chain(&change.affects)
        .filter_map(|label| label.split_once(' '))
        .find_map(|(method, path)| {
            let wanted = key(method, path);
            operations
                .iter()
                .find(|op| key(op.method, op.path) == wanted)
                .map(|op| op.method_key)
        })
}

/// The head document's top-level key for the change's area, else the first of the keys that
/// hold the API (`paths`, `webhooks`, `components`, `info`), else its first entry.
fn area_key(head: &Workspace, change: &Change) -> Location {
    let Some(root) = head.root() else {
        return crate::spec::empty_location(head);
    };
    let area = crate::diff::checks::find(change.id).map_or("", |c| c.area);
    let first: &[&str] = if area == "security" {
        &["security"]
    } else if change.id.starts_with("webhook-") {
        &["webhooks"]
    } else {
        &[]
    };
    first
        .iter()
        .chain(&["paths", "webhooks", "components", "info"])
        .find_map(|key| root.get(key))
        .map_or_else(|| anchor(root), anchor)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping_matches_the_toolkit() {
        assert_eq!(escape_data("50% a:b,c\r\nd"), "50%25 a:b,c%0D%0Ad");
        assert_eq!(escape_property("50% a:b,c\r\nd"), "50%25 a%3Ab%2Cc%0D%0Ad");
        // `%` first: an existing escape sequence is itself escaped, not reinterpreted.
        assert_eq!(escape_data("%0A"), "%250A");
    }
}
