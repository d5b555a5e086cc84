//! Lint: the findings of one loaded spec: the loader's (syntax, refs), the document-level
//! checks (is it OpenAPI, which version), and the rules of [`crate::rules`] run by [`engine`].

pub mod engine;

use crate::finding::Finding;
use crate::resolve::Workspace;
use crate::spec::{detect_version, empty_location};
use crate::syntax::rules as syntax_rules;

/// Every rule id the loader and document checks can report (syntax, `$ref` resolution,
/// "is it OpenAPI"), as opposed to lint rules about a spec's content.
pub const LOADER_RULES: &[&str] = &[
    syntax_rules::SYNTAX_ERROR,
    syntax_rules::INVALID_UTF8,
    syntax_rules::DUPLICATE_KEY,
    syntax_rules::NESTING_TOO_DEEP,
    syntax_rules::MULTIPLE_DOCUMENTS,
    syntax_rules::RECURSIVE_ALIAS,
    crate::resolve::rules::REF_UNRESOLVED,
    crate::resolve::rules::REF_OUTSIDE_ROOT,
    crate::resolve::rules::REF_REMOTE,
    crate::resolve::rules::REF_INVALID,
    crate::resolve::rules::REF_CYCLE,
    crate::resolve::rules::LIMIT_EXCEEDED,
    crate::spec::rules::NOT_OPENAPI,
    crate::spec::rules::OPENAPI_VERSION,
];

/// Every finding for one workspace with the built-in rules at their default settings, unsorted.
pub fn lint_workspace(ws: &Workspace) -> Vec<Finding> {
    lint_workspace_with(ws, &engine::RuleSettings::default())
}

/// Every finding for one workspace: the loader's, then the rules' under `settings`, unsorted.
pub fn lint_workspace_with(ws: &Workspace, settings: &engine::RuleSettings) -> Vec<Finding> {
    let mut findings = ws.findings().to_vec();
    // A document the parser had to stop in is partial: judging its version or shape would only
    // repeat the syntax finding in other words.
    let entry = ws.entry().source.id;
    let entry_is_partial = ws.findings().iter().any(|f| {
        f.location.source == entry
            && matches!(
                f.rule,
                syntax_rules::SYNTAX_ERROR
                    | syntax_rules::NESTING_TOO_DEEP
                    | syntax_rules::INVALID_UTF8
            )
    });
    if !entry_is_partial {
        let (_, version_findings) = detect_version(ws.root(), empty_location(ws));
        findings.extend(version_findings);
        if let Some(doc) = crate::spec::Document::new(ws) {
            findings.extend(engine::run(doc, settings));
        }
    }
    findings
}
