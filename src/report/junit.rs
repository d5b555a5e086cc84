//! JUnit XML, for CI systems that show test reports (GitLab, Jenkins, Azure Pipelines, ...).
//!
//! ```xml
//! <testsuites name="specguard" tests="3" failures="1">
//!   <testsuite name="openapi.yaml" tests="2" failures="1">
//!     <testcase classname="openapi.yaml" name="duplicate-key /paths/~1a">
//!       <failure message="..." type="error">openapi.yaml:3:5 message</failure>
//!     </testcase>
//!     <testcase classname="openapi.yaml" name="openapi-version">
//!       <system-out>info: openapi.yaml:1:1 message</system-out>
//!     </testcase>
//!   </testsuite>
//!   <testsuite name="clean.yaml" tests="1" failures="0">
//!     <testcase classname="clean.yaml" name="no findings"/>
//!   </testsuite>
//! </testsuites>
//! ```
//!
//! One suite per file looked at (so clean files show as passing), one test case per finding
//! (named by rule and pointer; the root pointer leaves just the rule). Error and warn findings
//! fail their test case; info and hint findings pass with the finding as `system-out`. Text is
//! escaped for XML 1.0, and characters XML 1.0 cannot carry at all are dropped.

use std::fmt::Write as _;

use super::{Item, Position};
use crate::finding::Severity;

/// Whether XML 1.0 allows the character at all (`Char` production; Rust `char` excludes
/// surrogates already).
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..)
}

/// Escapes text for an attribute value. Line breaks and tabs become character references, so
/// attribute-value normalization does not turn them into spaces.
pub(crate) fn escape_xml(s: &str) -> String {
    escape(s, true)
}

/// Escapes text for element content, where line feeds and tabs can stay as they are (a
/// carriage return would be read as a line feed, so it becomes a reference).
fn escape_text(s: &str) -> String {
    escape(s, false)
}

fn escape(s: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars().filter(|&c| xml_char(c)) {
        match c {
            '\n' | '\t' if !attribute => out.push(c),
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            '\t' => out.push_str("&#9;"),
            c => out.push(c),
        }
    }
    out
}

fn fails(severity: Severity) -> bool {
    severity >= Severity::Warn
}

struct Suite<'i, 'a> {
    file: String,
    items: Vec<&'i Item<'a>>,
}

/// Renders findings (already sorted) as a JUnit XML report over `files`, the names of every
/// file looked at. A finding in a file not listed still gets a suite, after the listed ones.
pub fn render_junit(items: &[Item<'_>], files: &[String]) -> String {
    let mut suites: Vec<Suite<'_, '_>> = Vec::new();
    for file in files {
        if !suites.iter().any(|s| &s.file == file) {
            suites.push(Suite {
                file: file.clone(),
                items: Vec::new(),
            });
        }
    }
    for item in items {
        let file = Position::of(item.ws, &item.finding.location).file;
        match suites.iter_mut().find(|s| s.file == file) {
            Some(suite) => suite.items.push(item),
            None => suites.push(Suite {
                file,
                items: vec![item],
            }),
        }
    }

    let tests: usize = suites.iter().map(|s| s.items.len().max(1)).sum();
    let failures = items.iter().filter(|i| fails(i.finding.severity)).count();

    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"specguard\" tests=\"{tests}\" failures=\"{failures}\" errors=\"0\">"
    );
    for suite in &suites {
        let file = escape_xml(&suite.file);
        let suite_failures = suite
            .items
            .iter()
            .filter(|i| fails(i.finding.severity))
            .count();
        let _ = writeln!(
            out,
            "  <testsuite name=\"{file}\" tests=\"{}\" failures=\"{suite_failures}\" errors=\"0\" skipped=\"0\">",
            suite.items.len().max(1)
        );
        if suite.items.is_empty() {
            let _ = writeln!(
                out,
                "    <testcase classname=\"{file}\" name=\"no findings\"/>"
            );
        }
        for item in &suite.items {
            let f = item.finding;
            let at = Position::of(item.ws, &f.location);
            let name = if at.pointer.is_empty() {
                f.rule.to_string()
            } else {
                format!("{} {}", f.rule, at.pointer)
            };
            let mut body = format!(
                "{}:{}:{} {}",
                at.file, at.start.line, at.start.column, f.message
            );
            for r in &f.related {
                let rp = Position::of(item.ws, &r.location);
                let _ = write!(
                    body,
                    "\n  see {}:{}:{}: {}",
                    rp.file, rp.start.line, rp.start.column, r.message
                );
            }
            if let Some(help) = &f.help {
                let _ = write!(body, "\n  help: {help}");
            }
            let _ = writeln!(
                out,
                "    <testcase classname=\"{file}\" name=\"{}\">",
                escape_xml(&name)
            );
            if fails(f.severity) {
                let _ = writeln!(
                    out,
                    "      <failure message=\"{}\" type=\"{}\">{}</failure>",
                    escape_xml(&f.message),
                    f.severity.as_str(),
                    escape_text(&body)
                );
            } else {
                let _ = writeln!(
                    out,
                    "      <system-out>{}: {}</system-out>",
                    f.severity.as_str(),
                    escape_text(&body)
                );
            }
            out.push_str("    </testcase>\n");
        }
        out.push_str("  </testsuite>\n");
    }
    out.push_str("</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_drops_what_xml_cannot_carry() {
        assert_eq!(
            escape_xml("a<b>&\"c\"'d'"),
            "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;"
        );
        assert_eq!(escape_xml("x\u{0}\u{1b}y\u{FFFE}\u{FFFF}z"), "xyz");
        assert_eq!(escape_xml("l1\nl2\tt\r"), "l1&#10;l2&#9;t&#13;");
        assert_eq!(escape_text("l1\nl2\tt\r"), "l1\nl2\tt&#13;");
        assert_eq!(escape_xml("é \u{1F600}"), "é \u{1F600}");
    }
}
