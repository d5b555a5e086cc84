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

use std::fmt::Write as _;

use super::{Item, Position};
use crate::finding::Severity;

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
        let _ = writeln!(
            out,
            "::{} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            command(f.severity),
            escape_property(&at.file),
            at.start.line,
            at.start.column,
            at.end.line,
            at.end.column,
            escape_property(f.rule),
            escape_data(&message),
        );
    }
    out
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
