//! Lint: the findings of one loaded spec. For now these are the loader's (syntax, refs) and the
//! document-level checks (is it OpenAPI, which version); rules plug in here.

use crate::finding::Finding;
use crate::resolve::Workspace;
use crate::spec::{detect_version, empty_location};
use crate::syntax::rules as syntax_rules;

/// Every finding for one workspace, unsorted.
pub fn lint_workspace(ws: &Workspace) -> Vec<Finding> {
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
    }
    findings
}
