//! Lint rules: one file per rule, each a [`RuleMeta`] declaration (id, default severity,
//! summary, docs with why and a bad and a good example) and a check. Adding a rule touches its
//! own file and one line of [`REGISTRY`].

pub mod idempotency;
pub mod options;

use crate::finding::{RuleMeta, Severity};
use crate::lint::engine::Hits;
use idempotency::facts::OperationFacts;
use options::IdempotencyOptions;

/// Which operations a rule looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    /// Operations whose method is in `idempotency.methods` (POST and PATCH by default).
    InScope,
    /// GET, HEAD, OPTIONS and TRACE operations.
    SafeMethods,
}

/// What a check sees.
pub struct Context<'a, 'w> {
    pub facts: &'a OperationFacts<'w>,
    pub options: &'a IdempotencyOptions,
    /// Pattern analyses of this run, shared by the operations.
    pub patterns: &'a idempotency::pattern_common::PatternCache,
}

pub type Check = for<'a, 'w> fn(&Context<'a, 'w>, &mut Hits<'w>);

/// A registered rule.
pub struct RuleDef {
    pub meta: &'static RuleMeta,
    pub scope: Scope,
    pub check: Check,
}

/// Shorthand for rule files.
pub(crate) const fn rule(meta: &'static RuleMeta, scope: Scope, check: Check) -> RuleDef {
    RuleDef { meta, scope, check }
}

/// Every built-in rule, in catalogue order.
pub static REGISTRY: &[&RuleDef] = &[
    &idempotency::key_missing::DEF,
    &idempotency::key_not_required::DEF,
    &idempotency::key_schema_type::DEF,
    &idempotency::key_format::DEF,
    &idempotency::key_default::DEF,
    &idempotency::key_pattern_missing::DEF,
    &idempotency::key_pattern_invalid::DEF,
    &idempotency::key_pattern_unanchored::DEF,
    &idempotency::key_pattern_rejects_uuid::DEF,
    &idempotency::key_pattern_accepts_non_uuid::DEF,
    &idempotency::key_pattern_differs::DEF,
    &idempotency::conflict_response_missing::DEF,
    &idempotency::retry_after_missing::DEF,
    &idempotency::retry_after_type::DEF,
    &idempotency::status_header_missing::DEF,
    &idempotency::status_header_values::DEF,
    &idempotency::status_header_extra_values::DEF,
    &idempotency::bad_request_missing::DEF,
    &idempotency::payload_mismatch_missing::DEF,
    &idempotency::expiry_undocumented::DEF,
    &idempotency::key_on_safe_method::DEF,
];

/// A rule's metadata by id.
pub fn find(id: &str) -> Option<&'static RuleDef> {
    REGISTRY.iter().copied().find(|r| r.meta.id == id)
}

/// A rule's default level: None for the rules that are off until configured.
pub fn default_level(meta: &RuleMeta) -> Option<Severity> {
    if idempotency::OFF_BY_DEFAULT.contains(&meta.id) {
        None
    } else {
        Some(meta.default_severity)
    }
}

/// `off` is not a severity but a rule setting; `None` means off.
pub fn parse_level(text: &str) -> Option<Option<Severity>> {
    match text {
        "off" => Some(None),
        other => Severity::parse(other).map(Some),
    }
}
