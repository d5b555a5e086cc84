//! Human output: a miette code frame per finding, related locations (possibly in other files)
//! as nested diagnostics, then a one-line summary.

use std::fmt;

use miette::{
    Diagnostic, GraphicalReportHandler, GraphicalTheme, LabeledSpan, MietteError,
    MietteSpanContents, SourceCode, SourceSpan, SpanContents,
};

use super::{DiffReport, Item, Position, Summary, level_severity};
use crate::diff::Level;
use crate::finding::{Location, Severity};
use crate::resolve::Workspace;

/// Whether to use colour (off when not a terminal or when `NO_COLOR` is set; links always off).
#[derive(Debug, Clone, Copy, Default)]
pub struct PrettyOptions {
    pub color: bool,
}

/// A source with its display name, borrowed for the time of rendering.
struct NamedText<'a> {
    source: &'a crate::source::Source,
}

impl SourceCode for NamedText<'_> {
    /// miette's own `read_span` on a `str` scans from the start of the text for every frame
    /// (seconds for a few hundred findings in a 4 MB spec). This hands it only the lines
    /// around the span, found through the line index, and shifts offsets and line numbers
    /// back, so the frames are the same and each costs a few lines.
    fn read_span<'b>(
        &'b self,
        span: &SourceSpan,
        before: usize,
        after: usize,
    ) -> Result<Box<dyn SpanContents<'b> + 'b>, MietteError> {
        let text = self.source.text.as_str();
        let index = self.source.line_index();
        let first_line = self.source.line_col(span.offset()).line as usize - 1;
        let last_line = self.source.line_col(span.offset() + span.len()).line as usize - 1;
        let window_line = first_line.saturating_sub(before + 1);
        let window_start = index.line_start(window_line as u32 + 1).unwrap_or(0);
        let window_end = index
            .line_start((last_line + after + 2) as u32 + 1)
            .unwrap_or(text.len());
        let window = &text[window_start..window_end];
        let relative = SourceSpan::new((span.offset() - window_start).into(), span.len());
        let inner = window.read_span(&relative, before, after)?;
        Ok(Box::new(MietteSpanContents::new_named(
            self.source.name.clone(),
            inner.data(),
            SourceSpan::new(
                (inner.span().offset() + window_start).into(),
                inner.span().len(),
            ),
            inner.line() + window_line,
            inner.column(),
            inner.line_count() + window_line,
        )))
    }
}

/// One finding (or one related location) as a miette diagnostic.
struct Frame<'a> {
    message: String,
    code: Option<&'a str>,
    severity: miette::Severity,
    help: Option<&'a str>,
    source: NamedText<'a>,
    label: LabeledSpan,
    related: Vec<Frame<'a>>,
}

impl fmt::Debug for Frame<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl fmt::Display for Frame<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Frame<'_> {}

impl Diagnostic for Frame<'_> {
    fn code<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.code.map(|c| Box::new(c) as Box<dyn fmt::Display>)
    }
    fn severity(&self) -> Option<miette::Severity> {
        Some(self.severity)
    }
    fn help<'b>(&'b self) -> Option<Box<dyn fmt::Display + 'b>> {
        self.help.map(|h| Box::new(h) as Box<dyn fmt::Display>)
    }
    fn source_code(&self) -> Option<&dyn SourceCode> {
        Some(&self.source)
    }
    fn labels(&self) -> Option<Box<dyn Iterator<Item = LabeledSpan> + '_>> {
        Some(Box::new(std::iter::once(self.label.clone())))
    }
    fn related<'b>(&'b self) -> Option<Box<dyn Iterator<Item = &'b dyn Diagnostic> + 'b>> {
        if self.related.is_empty() {
            return None;
        }
        Some(Box::new(self.related.iter().map(|r| r as &dyn Diagnostic)))
    }
}

fn miette_severity(s: Severity) -> miette::Severity {
    match s {
        Severity::Error => miette::Severity::Error,
        Severity::Warn => miette::Severity::Warning,
        Severity::Info | Severity::Hint => miette::Severity::Advice,
    }
}

fn source_of<'a>(ws: &'a Workspace, location: &Location) -> NamedText<'a> {
    NamedText {
        source: ws.source(location.source),
    }
}

fn label(location: &Location, text: String) -> LabeledSpan {
    let span = location.span;
    LabeledSpan::new_primary_with_span(Some(text), (span.start as usize, span.len()))
}

/// Renders sorted findings as miette reports plus a summary line.
pub fn render_pretty(items: &[Item<'_>], files: usize, options: PrettyOptions) -> String {
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_urls(false)
        .with_width(100);
    let mut out = String::new();
    for item in items {
        let f = item.finding;
        let at = Position::of(item.ws, &f.location);
        let frame = Frame {
            message: f.message.clone(),
            code: Some(f.rule),
            severity: miette_severity(f.severity),
            help: f.help.as_deref(),
            source: source_of(item.ws, &f.location),
            label: label(&f.location, f.severity.as_str().to_string()),
            related: f
                .related
                .iter()
                .map(|r| Frame {
                    message: r.message.clone(),
                    code: None,
                    severity: miette::Severity::Advice,
                    help: None,
                    source: source_of(item.ws, &r.location),
                    label: label(&r.location, r.message.clone()),
                    related: Vec::new(),
                })
                .collect(),
        };
        if handler.render_report(&mut out, &frame).is_err() {
            out.push_str(&format!(
                "{}: {} [{}:{}:{}]\n",
                f.rule, f.message, at.file, at.start.line, at.start.column
            ));
        }
        out.push('\n');
    }
    out.push_str(&Summary::of(items).sentence(files));
    out.push_str(".\n");
    out
}

/// Renders diff changes: the head location as the frame (the base one when the change is a
/// removal), the base location as a related frame, then a summary line that also counts what
/// the configuration held back.
pub fn render_changes_pretty(report: &DiffReport<'_>, options: PrettyOptions) -> String {
    let (base, head) = (report.base, report.head);
    let theme = if options.color {
        GraphicalTheme::unicode()
    } else {
        GraphicalTheme::unicode_nocolor()
    };
    let handler = GraphicalReportHandler::new_themed(theme)
        .with_links(false)
        .with_urls(false)
        .with_width(100);
    let mut out = String::new();
    for c in report.changes {
        let (primary_ws, primary, related) = match (&c.head, &c.base) {
            (Some(h), b) => (head, h, b.as_ref().map(|b| (base, b))),
            (None, Some(b)) => (base, b, None),
            (None, None) => continue,
        };
        let side = |ws: &Workspace| {
            if std::ptr::eq(ws, head) {
                "head"
            } else {
                "base"
            }
        };
        let frame = Frame {
            message: c.message.clone(),
            code: Some(c.id),
            severity: miette_severity(level_severity(c.level)),
            help: None,
            source: source_of(primary_ws, primary),
            label: label(
                primary,
                format!("{} ({})", c.level.as_str(), side(primary_ws)),
            ),
            related: related
                .into_iter()
                .map(|(ws, loc)| Frame {
                    message: "in base".into(),
                    code: None,
                    severity: miette::Severity::Advice,
                    help: None,
                    source: source_of(ws, loc),
                    label: label(loc, "base".into()),
                    related: Vec::new(),
                })
                .collect(),
        };
        if handler.render_report(&mut out, &frame).is_err() {
            out.push_str(&format!("{}: {}\n", c.id, c.message));
        }
        out.push('\n');
    }
    let held_back = report
        .held_back()
        .map_or(String::new(), |text| format!(" ({text})"));
    if report.changes.is_empty() {
        out.push_str(&format!("No changes{held_back}.\n"));
    } else {
        out.push_str(&format!(
            "{} breaking, {} to review, {} compatible change(s){held_back}.\n",
            report.count(Level::Error),
            report.count(Level::Warn),
            report.count(Level::Info)
        ));
    }
    out
}
