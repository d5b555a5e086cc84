//! The idempotency contract (IDEMPOTENCY-RULES.md): POST/PATCH take a required UUID
//! `Idempotency-Key` header and document the 409 a duplicate or in-flight request gets, with
//! `Retry-After` and `X-Idempotency-Key-Status`, plus 400 (and optionally 422).

pub mod facts;
pub mod pattern_common;

pub mod bad_request_missing;
pub mod conflict_response_missing;
pub mod expiry_undocumented;
pub mod key_default;
pub mod key_format;
pub mod key_missing;
pub mod key_not_required;
pub mod key_on_safe_method;
pub mod key_pattern_accepts_non_uuid;
pub mod key_pattern_differs;
pub mod key_pattern_invalid;
pub mod key_pattern_missing;
pub mod key_pattern_rejects_uuid;
pub mod key_pattern_unanchored;
pub mod key_schema_type;
pub mod payload_mismatch_missing;
pub mod retry_after_missing;
pub mod retry_after_type;
pub mod status_header_extra_values;
pub mod status_header_missing;
pub mod status_header_values;

/// Rules that are off unless a configuration turns them on.
pub const OFF_BY_DEFAULT: &[&str] = &[payload_mismatch_missing::RULE.id];
