//! Syntax: bytes of one source into a spanned node [`Tree`], plus located findings for
//! everything wrong at this level (syntax errors, invalid UTF-8, duplicate keys, nesting beyond
//! the limit, extra YAML documents). A partial tree is kept after an error so that what was
//! read before it can still be looked at.

mod builder;
pub mod fast_hash;
mod json;
pub mod pointer;
mod tree;
mod yaml;
mod yaml_split;

pub use tree::{Entry, NodeId, NodeKind, ScalarKind, Tree};
pub use yaml::{chunked_parse_differs, plain_scalar_kind};

use builder::BuildIssue;

use crate::finding::{Finding, Location, Severity, Span};
use crate::source::{Format, Source};

/// Rule ids of the findings this stage produces.
pub mod rules {
    pub const SYNTAX_ERROR: &str = "syntax-error";
    pub const INVALID_UTF8: &str = "invalid-utf8";
    pub const DUPLICATE_KEY: &str = "duplicate-key";
    pub const NESTING_TOO_DEEP: &str = "nesting-too-deep";
    pub const MULTIPLE_DOCUMENTS: &str = "multiple-documents";
    pub const RECURSIVE_ALIAS: &str = "recursive-alias";
    pub const COLLECTION_KEY: &str = "collection-key";
}

/// Default nesting limit. Real specs stay under 50 levels; the limit exists so that a hostile
/// file gets a clear finding instead of exhausting memory or stack in later walks.
pub const DEFAULT_MAX_DEPTH: usize = 1_000;

/// A syntax error: where, what, and the pointer of the innermost node open at that point.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyntaxError {
    pub span: Span,
    pub message: String,
    pub pointer: String,
    /// A nesting limit was hit (ours, or the YAML parser's for flow collections).
    pub too_deep: bool,
}

impl SyntaxError {
    fn too_deep(span: Span, pointer: String, limit: usize) -> SyntaxError {
        SyntaxError {
            span,
            message: format!(
                "nesting deeper than {limit} levels; the rest of the file is not read (raise the limit with --max-depth)"
            ),
            pointer,
            too_deep: true,
        }
    }
}

pub(crate) struct ParseOutcome {
    tree: Tree,
    issues: Vec<BuildIssue>,
    error: Option<SyntaxError>,
    /// Span of a second YAML document's start, when the stream has more than one.
    extra_document: Option<Span>,
}

/// A parsed source: its tree (possibly partial) and the syntax-level findings.
#[derive(Debug)]
pub struct Parsed {
    pub tree: Tree,
    pub findings: Vec<Finding>,
}

/// Parses a source as YAML or JSON according to its detected format.
pub fn parse(source: &Source, max_depth: usize) -> Parsed {
    let text = source.text.as_str();
    let start = source.content_start();
    let outcome = match source.format {
        Format::Json => json::parse(text, start, max_depth),
        Format::Yaml => yaml::parse(text, start, max_depth),
    };
    let mut findings = Vec::new();
    let location = |span: Span, pointer: String| Location {
        source: source.id,
        span,
        pointer,
    };
    if let Some(error) = outcome.error {
        let rule = if error.too_deep {
            rules::NESTING_TOO_DEEP
        } else {
            rules::SYNTAX_ERROR
        };
        // Input cut short at an invalid UTF-8 byte ends abruptly; an "unexpected end" there is
        // that cut, reported below as the decoding error, not a syntax error of its own.
        let truncation_artifact = source.decode_error.is_some()
            && (error.span.start as usize >= text.len()
                || error.message.contains("end of stream")
                || error.message.contains("end of input"));
        if !truncation_artifact {
            findings.push(Finding::new(
                rule,
                Severity::Error,
                location(error.span, error.pointer),
                error.message,
            ));
        }
    }
    if let Some(bad) = source.decode_error {
        findings.push(
            Finding::new(
                rules::INVALID_UTF8,
                Severity::Error,
                location(Span::new(bad, bad + 1), String::new()),
                format!("invalid UTF-8 at byte {bad}; the file is read only up to this point"),
            )
            .with_help("save the file as UTF-8"),
        );
    }
    for issue in &outcome.issues {
        let tree = &outcome.tree;
        let (first, repeated) = match *issue {
            BuildIssue::DuplicateKey { first, repeated } => (first, repeated),
            BuildIssue::RecursiveAlias { alias, anchor } => {
                let name = text.get(tree.span(alias).range()).unwrap_or("*");
                let mut anchor_at = location(tree.span(anchor), tree.pointer(text, anchor));
                anchor_at.span.end = anchor_at.span.start;
                findings.push(
                    Finding::new(
                        rules::RECURSIVE_ALIAS,
                        Severity::Error,
                        location(tree.span(alias), tree.pointer(text, alias)),
                        format!("the alias {name} sits inside the node its anchor names: a recursive structure that JSON cannot represent"),
                    )
                    .with_related(anchor_at, "the anchored node starts here"),
                );
                continue;
            }
            BuildIssue::MistaggedScalar { node, tag } => {
                let value = tree.scalar(text, node).unwrap_or_default();
                findings.push(Finding::new(
                    rules::SYNTAX_ERROR,
                    Severity::Error,
                    location(tree.span(node), tree.pointer(text, node)),
                    format!("YAML syntax error: the value '{value}' does not fit its tag {tag}; it is read as a string"),
                ));
                continue;
            }
            BuildIssue::CollectionKey { key } => {
                let value_pointer = tree
                    .entry_of(key)
                    .map(|e| tree.pointer(text, e.value))
                    .unwrap_or_default();
                findings.push(Finding::new(
                    rules::COLLECTION_KEY,
                    Severity::Error,
                    location(tree.span(key), value_pointer),
                    "a sequence or mapping used as a mapping key: JSON and OpenAPI keys are strings; the entry is kept under the key's source text",
                ));
                continue;
            }
        };
        let key = tree.key_text(text, repeated);
        let value_pointer = tree
            .entry_of(repeated)
            .map(|e| tree.pointer(text, e.value))
            .unwrap_or_default();
        findings.push(
            Finding::new(
                rules::DUPLICATE_KEY,
                Severity::Error,
                location(tree.span(repeated), value_pointer.clone()),
                format!("duplicate key '{key}': the mapping already has it; the later value wins, the first is ignored"),
            )
            .with_related(location(tree.span(first), value_pointer), "first defined here"),
        );
    }
    if let Some(span) = outcome.extra_document {
        findings.push(Finding::new(
            rules::MULTIPLE_DOCUMENTS,
            Severity::Error,
            location(span, String::new()),
            "the YAML stream holds more than one document; only the first is read",
        ));
    }
    Parsed {
        tree: outcome.tree,
        findings,
    }
}
