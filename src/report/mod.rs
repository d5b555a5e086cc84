//! Report: one renderer per output format over the same finding model. Nothing above this
//! module formats text for users.

mod catalogue;
mod changes;
mod github;
mod json;
mod junit;
mod markdown;
mod pretty;
mod sarif;

pub use catalogue::{render_check_list, render_rule_list};
pub use changes::render_changes_json;
pub use github::{render_changes_github, render_github};
pub use json::render_json;
pub use junit::render_junit;
pub use markdown::{render_changes_markdown, render_markdown};
pub use pretty::{PrettyOptions, render_changes_pretty, render_pretty};
pub use sarif::{render_changes_sarif, render_sarif};

use std::collections::HashMap;

use crate::diff::{Change, Level};
use crate::finding::{Finding, Location, Severity};
use crate::resolve::Workspace;
use crate::source::{LineCol, SourceId};

/// What `specguard diff` found, as every diff renderer takes it.
#[derive(Clone, Copy)]
pub struct DiffReport<'a> {
    pub base: &'a Workspace,
    pub head: &'a Workspace,
    /// The changes to report (the configuration applied), in diff order.
    pub changes: &'a [Change],
    /// Changes the configuration held back: accepted by fingerprint, and of checks turned
    /// off. Not shown, but counted, so that nothing disappears silently.
    pub accepted: usize,
    pub off: usize,
    /// Where each base file is in head (base source -> head source), for the annotations of
    /// removals; a base file missing here is gone from head.
    pub counterparts: &'a HashMap<SourceId, SourceId>,
}

impl DiffReport<'_> {
    /// Changes per level.
    pub fn count(&self, level: Level) -> usize {
        self.changes.iter().filter(|c| c.level == level).count()
    }

    /// "2 accepted, 1 turned off by configuration", when the configuration held any back.
    pub fn held_back(&self) -> Option<String> {
        (self.accepted + self.off > 0).then(|| {
            format!(
                "{} accepted, {} turned off by configuration",
                self.accepted, self.off
            )
        })
    }
}

/// The severity a change's level is shown with (the formats map severities already).
pub(crate) fn level_severity(level: Level) -> Severity {
    match level {
        Level::Error => Severity::Error,
        Level::Warn => Severity::Warn,
        Level::Info => Severity::Info,
    }
}

/// A finding together with the workspace whose sources it points into.
#[derive(Clone, Copy)]
pub struct Item<'a> {
    pub ws: &'a Workspace,
    pub finding: &'a Finding,
}

/// A location resolved to what every format prints: file name, 1-based line and column of the
/// start and of the (exclusive) end, and the pointer.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Position {
    pub file: String,
    pub start: LineCol,
    pub end: LineCol,
    pub pointer: String,
    pub byte_start: usize,
    pub byte_end: usize,
}

impl Position {
    pub fn of(ws: &Workspace, location: &Location) -> Position {
        let source = ws.source(location.source);
        Position {
            file: source.name.clone(),
            start: source.line_col(location.span.start as usize),
            end: source.line_col(location.span.end as usize),
            pointer: location.pointer.clone(),
            byte_start: location.span.start as usize,
            byte_end: location.span.end as usize,
        }
    }
}

/// Puts findings from one or many workspaces in the order every format prints them (file,
/// position, rule, message), dropping exact duplicates (a file shared by two specs linted in
/// one run is reported once).
pub fn sort_and_dedupe(items: &mut Vec<Item<'_>>) {
    let key = |i: &Item<'_>| {
        let p = Position::of(i.ws, &i.finding.location);
        (
            p.file,
            p.byte_start,
            p.byte_end,
            i.finding.rule,
            i.finding.message.clone(),
        )
    };
    let mut keyed: Vec<_> = items.drain(..).map(|i| (key(&i), i)).collect();
    keyed.sort_by(|a, b| a.0.cmp(&b.0));
    keyed.dedup_by(|a, b| a.0 == b.0);
    items.extend(keyed.into_iter().map(|(_, i)| i));
}

/// Findings per severity.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Summary {
    pub error: usize,
    pub warn: usize,
    pub info: usize,
    pub hint: usize,
}

impl Summary {
    pub fn of(items: &[Item<'_>]) -> Summary {
        let mut s = Summary::default();
        for i in items {
            match i.finding.severity {
                Severity::Error => s.error += 1,
                Severity::Warn => s.warn += 1,
                Severity::Info => s.info += 1,
                Severity::Hint => s.hint += 1,
            }
        }
        s
    }

    pub fn total(&self) -> usize {
        self.error + self.warn + self.info + self.hint
    }

    /// "No findings in 1 file" or "2 error(s), 0 warning(s), 1 info, 0 hint(s) in 3 files":
    /// the closing line of the pretty output and the title of the Markdown one.
    pub fn sentence(&self, files: usize) -> String {
        let files_text = if files == 1 {
            "1 file".to_string()
        } else {
            format!("{files} files")
        };
        if self.total() == 0 {
            format!("No findings in {files_text}")
        } else {
            format!(
                "{} error(s), {} warning(s), {} info, {} hint(s) in {files_text}",
                self.error, self.warn, self.info, self.hint
            )
        }
    }
}
