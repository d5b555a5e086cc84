//! Lint: the findings of one loaded spec: the loader's (syntax, refs), the document-level
//! checks (is it OpenAPI, which version), and the rules of [`crate::rules`] run by [`engine`].

pub mod engine;

use crate::finding::{Finding, RuleMeta, Severity};
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
    syntax_rules::COLLECTION_KEY,
    crate::resolve::rules::REF_UNRESOLVED,
    crate::resolve::rules::REF_OUTSIDE_ROOT,
    crate::resolve::rules::REF_REMOTE,
    crate::resolve::rules::REF_INVALID,
    crate::resolve::rules::REF_CYCLE,
    crate::resolve::rules::LIMIT_EXCEEDED,
    crate::spec::rules::NOT_OPENAPI,
    crate::spec::rules::OPENAPI_VERSION,
];

/// What each loader rule id means, for `tool.driver.rules` in SARIF and for `explain`.
pub static LOADER_RULE_META: &[RuleMeta] = &[
    loader_meta(
        syntax_rules::SYNTAX_ERROR,
        "The YAML or JSON does not parse (JSON is strict: no comments, trailing commas or single quotes)",
    ),
    loader_meta(
        syntax_rules::INVALID_UTF8,
        "The file is not valid UTF-8; it is read up to the first invalid byte",
    ),
    loader_meta(
        syntax_rules::DUPLICATE_KEY,
        "A key appears twice in one mapping; the later value wins",
    ),
    loader_meta(
        syntax_rules::NESTING_TOO_DEEP,
        "The document nests deeper than the limit (--max-depth)",
    ),
    loader_meta(
        syntax_rules::MULTIPLE_DOCUMENTS,
        "A YAML stream holds more than one document; only the first is read",
    ),
    loader_meta(
        syntax_rules::RECURSIVE_ALIAS,
        "A YAML alias sits inside the node its anchor names (no JSON equivalent)",
    ),
    loader_meta(
        syntax_rules::COLLECTION_KEY,
        "A YAML sequence or mapping is used as a mapping key (no JSON equivalent)",
    ),
    loader_meta(
        crate::resolve::rules::REF_UNRESOLVED,
        "A $ref's file does not exist or cannot be read, or its pointer names nothing",
    ),
    loader_meta(
        crate::resolve::rules::REF_OUTSIDE_ROOT,
        "A $ref leaves the project root (directly or through a symlink); it is not read",
    ),
    loader_meta(
        crate::resolve::rules::REF_REMOTE,
        "A $ref is a URL (http, https, file); it is not fetched",
    ),
    loader_meta(
        crate::resolve::rules::REF_INVALID,
        "A $ref is not a string, or its fragment is not a JSON pointer",
    ),
    loader_meta(
        crate::resolve::rules::REF_CYCLE,
        "$refs point at each other without ever reaching a value",
    ),
    LIMIT_EXCEEDED_META,
    loader_meta(
        crate::spec::rules::NOT_OPENAPI,
        "The file is not an OpenAPI document (empty, not a mapping, no or unsupported version)",
    ),
    RuleMeta {
        id: crate::spec::rules::OPENAPI_VERSION,
        default_severity: Severity::Warn,
        summary: "The openapi/swagger version is a number, or not of the form major.minor.patch",
        docs: "Write the version as a quoted string of the form major.minor.patch, e.g. `openapi: '3.1.0'`.",
    },
];

/// Also reported by the pattern rules, when a pattern's sampled check runs out of time.
pub static LIMIT_EXCEEDED: &RuleMeta = &LIMIT_EXCEEDED_META;

const LIMIT_EXCEEDED_META: RuleMeta = loader_meta(
    crate::resolve::rules::LIMIT_EXCEEDED,
    "A resource limit was reached (file size, nesting depth, files per spec, ref chain length, refs nested in pointers, pattern analysis time)",
);

const fn loader_meta(id: &'static str, summary: &'static str) -> RuleMeta {
    RuleMeta {
        id,
        default_severity: Severity::Error,
        summary,
        docs: summary,
    }
}

/// Every rule that can report: the loader's and the registry's.
pub fn all_rule_meta() -> Vec<RuleMeta> {
    LOADER_RULE_META
        .iter()
        .copied()
        .chain(crate::rules::REGISTRY.iter().map(|r| *r.meta))
        .collect()
}

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

#[cfg(test)]
mod tests {
    #[test]
    fn every_loader_rule_is_described() {
        let described: Vec<&str> = super::LOADER_RULE_META.iter().map(|m| m.id).collect();
        assert_eq!(described, super::LOADER_RULES);
    }
}
