//! Lint: the findings of one loaded spec. For now these are the loader's (syntax, refs) and the
//! document-level checks (is it OpenAPI, which version); rules plug in here.

use crate::finding::Finding;
use crate::resolve::Workspace;
use crate::spec::{detect_version, empty_location};

/// Every finding for one workspace, unsorted.
pub fn lint_workspace(ws: &Workspace) -> Vec<Finding> {
    let mut findings = ws.findings().to_vec();
    let (_, version_findings) = detect_version(ws.root(), empty_location(ws));
    // An empty or unparsable file already has a syntax finding; "no document" adds nothing then.
    let has_syntax_error = ws.findings().iter().any(|f| {
        f.location.source == ws.entry().source.id && f.rule.starts_with("syntax")
            || f.rule == "invalid-utf8"
    });
    if !(has_syntax_error && ws.root().is_none()) {
        findings.extend(version_findings);
    }
    findings
}
