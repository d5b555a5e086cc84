//! The catalogue of diff checks: every kind of change `specguard diff` reports, declared once
//! with its id, default level, area and a one-line summary. Each id has exactly one default
//! level (a situation whose weight depends on direction or context is two checks), so that a
//! `diff:` section in the configuration can re-level or silence it by id, and
//! `specguard diff --list-checks` can print the whole list.

use super::Level;

/// One kind of change.
#[derive(Debug, PartialEq, Eq)]
pub struct Check {
    /// Stable id, used in output, configuration and fingerprints.
    pub id: &'static str,
    /// The level it is reported at unless the configuration says otherwise.
    pub level: Level,
    /// The part of the contract it concerns (`operations`, `request-schema`, …).
    pub area: &'static str,
    /// What it means, in one line.
    pub summary: &'static str,
}

/// Declares each check as a `static` and lists them all, in declaration order, in [`CHECKS`].
macro_rules! checks {
    ($($name:ident = $id:literal, $level:ident, $area:literal, $summary:literal;)*) => {
        $(pub static $name: Check = Check {
            id: $id,
            level: Level::$level,
            area: $area,
            summary: $summary,
        };)*
        /// Every check, grouped by area.
        pub static CHECKS: &[&Check] = &[$(&$name),*];
    };
}

checks! {
    // Paths and operations.
    OPERATION_REMOVED = "operation-removed", Error, "operations",
        "an operation was removed without being deprecated first";
    OPERATION_ADDED = "operation-added", Info, "operations", "an operation was added";
    OPERATION_ID_CHANGED = "operation-id-changed", Error, "operations",
        "the operationId changed: generated clients rename the method";
    PATH_PARAMETER_RENAMED = "path-parameter-renamed", Info, "operations",
        "a path parameter was renamed (same place in the template; the wire is unchanged)";
    WEBHOOK_REMOVED = "webhook-removed", Error, "operations", "a webhook was removed";
    WEBHOOK_ADDED = "webhook-added", Info, "operations", "a webhook was added";

    // Lifecycle: deprecation, x-sunset, x-stability-level.
    OPERATION_DEPRECATED = "operation-deprecated", Info, "lifecycle",
        "an operation was deprecated";
    OPERATION_REACTIVATED = "operation-reactivated", Info, "lifecycle",
        "an operation is no longer deprecated";
    DEPRECATED_OPERATION_REMOVED = "deprecated-operation-removed", Warn, "lifecycle",
        "a deprecated operation without an x-sunset date was removed";
    OPERATION_REMOVED_BEFORE_SUNSET = "operation-removed-before-sunset", Error, "lifecycle",
        "a deprecated operation was removed before its x-sunset date";
    OPERATION_REMOVED_AFTER_SUNSET = "operation-removed-after-sunset", Info, "lifecycle",
        "a deprecated operation was removed after its x-sunset date";
    DEPRECATED_WITHOUT_SUNSET = "deprecated-without-sunset", Warn, "lifecycle",
        "an operation, parameter or property was deprecated without an x-sunset date";
    SUNSET_INVALID = "sunset-invalid", Error, "lifecycle",
        "x-sunset is not a date (YYYY-MM-DD or RFC 3339)";
    SUNSET_SHORTENED = "sunset-shortened", Error, "lifecycle",
        "x-sunset moved earlier: clients have less time to migrate";
    SUNSET_REMOVED = "sunset-removed", Warn, "lifecycle",
        "a deprecated operation lost its x-sunset date";
    STABILITY_DECREASED = "stability-decreased", Error, "lifecycle",
        "x-stability-level of an operation or property decreased (stable > beta > alpha > draft)";
    STABILITY_INVALID = "stability-invalid", Error, "lifecycle",
        "x-stability-level is not one of draft, alpha, beta, stable";
    SUNSET_TOO_SOON = "sunset-too-soon", Error, "lifecycle",
        "a deprecation's x-sunset is closer than the configured grace period (diff.deprecation-days)";
    PARAMETER_DEPRECATED = "request-parameter-deprecated", Info, "lifecycle",
        "a parameter was deprecated";
    PARAMETER_REMOVED_BEFORE_SUNSET = "request-parameter-removed-before-sunset", Error,
        "lifecycle", "a deprecated parameter was removed before its x-sunset date";
    PROPERTY_DEPRECATED = "property-deprecated", Info, "lifecycle",
        "a schema property was deprecated";

    // Parameters.
    REQUEST_PARAMETER_REMOVED = "request-parameter-removed", Warn, "parameters",
        "a parameter was removed (clients still send it)";
    REQUEST_PARAMETER_ADDED = "request-parameter-added", Info, "parameters",
        "an optional parameter was added";
    REQUEST_PARAMETER_ADDED_REQUIRED = "request-parameter-added-required", Error, "parameters",
        "a required parameter was added";
    REQUEST_PARAMETER_BECAME_REQUIRED = "request-parameter-became-required", Error,
        "parameters", "an optional parameter became required";
    REQUEST_PARAMETER_BECAME_OPTIONAL = "request-parameter-became-optional", Info,
        "parameters", "a required parameter became optional";
    REQUEST_PARAMETER_DEFAULT_CHANGED = "request-parameter-default-changed", Error,
        "parameters", "a parameter's default was added, removed or changed";
    REQUEST_PARAMETER_SERIALIZATION_CHANGED = "request-parameter-serialization-changed",
        Error, "parameters", "a parameter's style or explode changed";

    // Request bodies.
    REQUEST_BODY_ADDED = "request-body-added", Info, "request-body",
        "an optional request body was added";
    REQUEST_BODY_ADDED_REQUIRED = "request-body-added-required", Error, "request-body",
        "a required request body was added";
    REQUEST_BODY_REMOVED = "request-body-removed", Warn, "request-body",
        "the request body was removed (clients still send it)";
    REQUEST_BODY_BECAME_REQUIRED = "request-body-became-required", Error, "request-body",
        "the request body became required";
    REQUEST_BODY_BECAME_OPTIONAL = "request-body-became-optional", Info, "request-body",
        "the request body became optional";
    REQUEST_MEDIA_TYPE_REMOVED = "request-media-type-removed", Error, "request-body",
        "a request media type is no longer accepted";
    REQUEST_MEDIA_TYPE_ADDED = "request-media-type-added", Info, "request-body",
        "a request media type was added";
    REQUEST_MEDIA_TYPE_SCHEMA_ADDED = "request-media-type-schema-added", Error, "request-body",
        "a request media type that took any content now has a schema";
    REQUEST_MEDIA_TYPE_SCHEMA_REMOVED = "request-media-type-schema-removed", Info,
        "request-body", "a request media type no longer constrains its content";

    // Responses and their headers.
    RESPONSE_SUCCESS_STATUS_REMOVED = "response-success-status-removed", Error, "responses",
        "a 2XX response was removed";
    RESPONSE_STATUS_REMOVED = "response-status-removed", Warn, "responses",
        "a non-success response was removed";
    RESPONSE_STATUS_ADDED = "response-status-added", Info, "responses",
        "a response status was added";
    RESPONSE_MEDIA_TYPE_REMOVED = "response-media-type-removed", Error, "responses",
        "a response media type was removed";
    RESPONSE_MEDIA_TYPE_ADDED = "response-media-type-added", Info, "responses",
        "a response media type was added";
    RESPONSE_MEDIA_TYPE_SCHEMA_REMOVED = "response-media-type-schema-removed", Warn,
        "responses", "a response media type no longer says what it returns";
    RESPONSE_MEDIA_TYPE_SCHEMA_ADDED = "response-media-type-schema-added", Info, "responses",
        "a response media type now describes its content";
    RESPONSE_REQUIRED_HEADER_REMOVED = "response-required-header-removed", Error,
        "response-headers", "a required response header was removed";
    RESPONSE_HEADER_REMOVED = "response-header-removed", Warn, "response-headers",
        "an optional response header was removed";
    RESPONSE_HEADER_ADDED = "response-header-added", Info, "response-headers",
        "a response header was added";
    RESPONSE_HEADER_BECAME_OPTIONAL = "response-header-became-optional", Error,
        "response-headers", "a required response header became optional";

    // Schemas on the request side: narrowing what is accepted breaks clients.
    REQUEST_TYPE_CHANGED = "request-type-changed", Error, "request-schema",
        "a request value's type changed or narrowed";
    REQUEST_TYPE_WIDENED = "request-type-widened", Info, "request-schema",
        "a request value accepts more types";
    REQUEST_FORMAT_CHANGED = "request-format-changed", Warn, "request-schema",
        "a request value's format was added or changed";
    REQUEST_NULLABLE_REMOVED = "request-nullable-removed", Error, "request-schema",
        "a request value may no longer be null";
    REQUEST_NULLABLE_ADDED = "request-nullable-added", Info, "request-schema",
        "a request value may now be null";
    REQUEST_ENUM_VALUE_REMOVED = "request-enum-value-removed", Error, "request-schema",
        "a request enum (or const) value is no longer accepted";
    REQUEST_ENUM_VALUE_ADDED = "request-enum-value-added", Info, "request-schema",
        "a request enum accepts a new value";
    REQUEST_ENUM_ADDED = "request-enum-added", Error, "request-schema",
        "a request value became an enum (or const)";
    REQUEST_ENUM_REMOVED = "request-enum-removed", Info, "request-schema",
        "a request value is no longer restricted to an enum";
    REQUEST_BOUND_NARROWED = "request-bound-narrowed", Error, "request-schema",
        "a request length, range or item-count bound was added or narrowed";
    REQUEST_BOUND_WIDENED = "request-bound-widened", Info, "request-schema",
        "a request bound was removed or widened";
    REQUEST_PATTERN_ADDED = "request-pattern-added", Error, "request-schema",
        "a request value gained a pattern";
    REQUEST_PATTERN_TIGHTENED = "request-pattern-tightened", Error, "request-schema",
        "a request pattern accepts strictly less (decided on automata)";
    REQUEST_PATTERN_CHANGED = "request-pattern-changed", Warn, "request-schema",
        "a request pattern changed incomparably (each side accepts a value the other rejects)";
    REQUEST_PATTERN_LOOSENED = "request-pattern-loosened", Info, "request-schema",
        "a request pattern accepts strictly more, or was removed";
    REQUEST_PROPERTY_BECAME_REQUIRED = "request-property-became-required", Error,
        "request-schema", "a request property is now required (new or existing)";
    REQUEST_PROPERTY_BECAME_OPTIONAL = "request-property-became-optional", Info,
        "request-schema", "a required request property became optional";
    REQUEST_PROPERTY_REMOVED = "request-property-removed", Warn, "request-schema",
        "a request property was removed (clients still send it)";
    REQUEST_PROPERTY_ADDED = "request-property-added", Info, "request-schema",
        "an optional request property was added";
    REQUEST_ADDITIONAL_PROPERTIES_CLOSED = "request-additional-properties-closed", Error,
        "request-schema", "a request object no longer accepts additional properties";
    REQUEST_VARIANT_REMOVED = "request-variant-removed", Error, "request-schema",
        "a oneOf/anyOf alternative is no longer accepted";
    REQUEST_VARIANT_ADDED = "request-variant-added", Info, "request-schema",
        "a oneOf/anyOf alternative was added";
    REQUEST_CONSTRAINT_ADDED = "request-constraint-added", Error, "request-schema",
        "a JSON Schema constraint (if/then/else, contains, dependentRequired, \
         patternProperties, propertyNames, unevaluated*, prefixItems, not, content*) was added";
    REQUEST_CONSTRAINT_CHANGED = "request-constraint-changed", Warn, "request-schema",
        "such a constraint changed; its effect cannot be decided structurally";
    REQUEST_CONSTRAINT_REMOVED = "request-constraint-removed", Info, "request-schema",
        "such a constraint was removed: the request accepts more";
    REQUEST_CONTENT_CHANGED = "request-content-changed", Error, "request-schema",
        "a string's contentMediaType or contentEncoding was added or changed";

    // Schemas on the response side: widening what is returned breaks clients.
    RESPONSE_TYPE_CHANGED = "response-type-changed", Error, "response-schema",
        "a response value's type changed or widened";
    RESPONSE_TYPE_NARROWED = "response-type-narrowed", Info, "response-schema",
        "a response value returns fewer types";
    RESPONSE_FORMAT_CHANGED = "response-format-changed", Warn, "response-schema",
        "a response value's format was removed or changed";
    RESPONSE_NULLABLE_ADDED = "response-nullable-added", Error, "response-schema",
        "a response value may now be null";
    RESPONSE_NULLABLE_REMOVED = "response-nullable-removed", Info, "response-schema",
        "a response value is no longer null";
    RESPONSE_ENUM_VALUE_ADDED = "response-enum-value-added", Error, "response-schema",
        "a response enum may return a new value (exhaustive switches break)";
    RESPONSE_ENUM_VALUE_REMOVED = "response-enum-value-removed", Info, "response-schema",
        "a response enum returns fewer values";
    RESPONSE_ENUM_REMOVED = "response-enum-removed", Error, "response-schema",
        "a response value is no longer restricted to an enum (or const)";
    RESPONSE_ENUM_ADDED = "response-enum-added", Info, "response-schema",
        "a response value became an enum";
    RESPONSE_BOUND_WIDENED = "response-bound-widened", Error, "response-schema",
        "a response length, range or item-count bound was removed or widened";
    RESPONSE_BOUND_NARROWED = "response-bound-narrowed", Info, "response-schema",
        "a response bound was added or narrowed";
    RESPONSE_PATTERN_LOOSENED = "response-pattern-loosened", Warn, "response-schema",
        "a response pattern accepts more, changed incomparably, or was removed";
    RESPONSE_PATTERN_TIGHTENED = "response-pattern-tightened", Info, "response-schema",
        "a response pattern was added or accepts strictly less";
    RESPONSE_PROPERTY_MAY_BE_ABSENT = "response-property-may-be-absent", Error,
        "response-schema", "a required response property became optional or was removed";
    RESPONSE_PROPERTY_BECAME_REQUIRED = "response-property-became-required", Info,
        "response-schema", "a response property is now always present";
    RESPONSE_PROPERTY_REMOVED = "response-property-removed", Warn, "response-schema",
        "an optional response property was removed";
    RESPONSE_PROPERTY_ADDED = "response-property-added", Info, "response-schema",
        "a response property was added";
    RESPONSE_VARIANT_ADDED = "response-variant-added", Error, "response-schema",
        "a response may match a new oneOf/anyOf alternative";
    RESPONSE_VARIANT_REMOVED = "response-variant-removed", Info, "response-schema",
        "a oneOf/anyOf alternative is no longer returned";
    RESPONSE_CONSTRAINT_REMOVED = "response-constraint-removed", Error, "response-schema",
        "a JSON Schema constraint (if/then/else, contains, dependentRequired, \
         patternProperties, propertyNames, unevaluated*, prefixItems, not, content*) was removed";
    RESPONSE_CONSTRAINT_CHANGED = "response-constraint-changed", Warn, "response-schema",
        "such a constraint changed; its effect cannot be decided structurally";
    RESPONSE_CONSTRAINT_ADDED = "response-constraint-added", Info, "response-schema",
        "such a constraint was added: the response returns less";
    RESPONSE_CONTENT_CHANGED = "response-content-changed", Error, "response-schema",
        "a string's contentMediaType or contentEncoding was removed or changed";
    RESPONSE_EXTENSIBLE_ENUM_VALUE_ADDED = "response-extensible-enum-value-added", Info,
        "response-schema",
        "an x-extensible-enum may return a new value (clients were told to expect new ones)";

    // Limits.
    COMPARISON_DEPTH_LIMIT = "comparison-depth-limit", Warn, "limits",
        "schemas nest deeper than the comparison goes; deeper changes were not compared";

    // Security.
    SECURITY_ADDED = "security-added", Error, "security",
        "an operation that needed no credentials now requires some";
    SECURITY_REQUIREMENT_REMOVED = "security-requirement-removed", Error, "security",
        "a way of authenticating that clients used is no longer accepted";
    SECURITY_SCOPE_ADDED = "security-scope-added", Error, "security",
        "an OAuth2/OpenID scope is newly required";
    SECURITY_SCHEME_CHANGED = "security-scheme-changed", Error, "security",
        "a security scheme in use changed how credentials are sent";
    SECURITY_REQUIREMENT_ADDED = "security-requirement-added", Info, "security",
        "a new, alternative way of authenticating was added";
    SECURITY_REMOVED = "security-removed", Info, "security",
        "an operation no longer requires credentials";
    SECURITY_SCOPE_REMOVED = "security-scope-removed", Info, "security",
        "a scope is no longer required";

    // Idempotency (DIFF-CHECKS.md; no peer has these).
    IDEMPOTENCY_KEY_REMOVED = "idempotency-key-removed", Error, "idempotency",
        "the Idempotency-Key header was removed: the server no longer deduplicates retries";
    IDEMPOTENCY_KEY_ADDED_REQUIRED = "idempotency-key-added-required", Error, "idempotency",
        "a required Idempotency-Key header was added";
    IDEMPOTENCY_KEY_ADDED = "idempotency-key-added", Info, "idempotency",
        "an optional Idempotency-Key header was added";
    IDEMPOTENCY_KEY_BECAME_REQUIRED = "idempotency-key-became-required", Error, "idempotency",
        "the key became required: clients that send none get 400";
    IDEMPOTENCY_KEY_BECAME_OPTIONAL = "idempotency-key-became-optional", Info, "idempotency",
        "the key became optional";
    IDEMPOTENCY_KEY_PATTERN_ADDED = "idempotency-key-pattern-added", Error, "idempotency",
        "a key pattern was added";
    IDEMPOTENCY_KEY_PATTERN_TIGHTENED = "idempotency-key-pattern-tightened", Error,
        "idempotency", "the key pattern rejects a key it accepted (with that key)";
    IDEMPOTENCY_KEY_PATTERN_CHANGED = "idempotency-key-pattern-changed", Error, "idempotency",
        "the key pattern changed incomparably (with a key now rejected)";
    IDEMPOTENCY_KEY_PATTERN_LOOSENED = "idempotency-key-pattern-loosened", Info, "idempotency",
        "the key pattern accepts strictly more (with a key now accepted)";
    IDEMPOTENCY_KEY_FORMAT_ADDED = "idempotency-key-format-added", Error, "idempotency",
        "`format: uuid` was added to a key not already limited to UUIDs";
    IDEMPOTENCY_KEY_LENGTH_NARROWED = "idempotency-key-length-narrowed", Error, "idempotency",
        "the key's maxLength decreased or minLength increased";
    IDEMPOTENCY_CONFLICT_RESPONSE_REMOVED = "idempotency-conflict-response-removed", Error,
        "idempotency", "the 409 was removed: client retry-on-409 logic misfires";
    IDEMPOTENCY_CONFLICT_RESPONSE_ADDED = "idempotency-conflict-response-added", Info,
        "idempotency", "a 409 was added";
    IDEMPOTENCY_RETRY_AFTER_REMOVED = "idempotency-retry-after-removed", Warn, "idempotency",
        "Retry-After was removed from the 409";
    IDEMPOTENCY_RETRY_AFTER_TYPE_CHANGED = "idempotency-retry-after-type-changed", Error,
        "idempotency", "Retry-After changed between seconds and an HTTP date";
    IDEMPOTENCY_STATUS_HEADER_REMOVED = "idempotency-status-header-removed", Error,
        "idempotency", "X-Idempotency-Key-Status was removed from the 409";
    IDEMPOTENCY_STATUS_VALUE_ADDED = "idempotency-status-value-added", Error, "idempotency",
        "X-Idempotency-Key-Status may return a new value";
    IDEMPOTENCY_STATUS_VALUE_REMOVED = "idempotency-status-value-removed", Info, "idempotency",
        "X-Idempotency-Key-Status returns fewer values";
    IDEMPOTENCY_PAYLOAD_MISMATCH_REMOVED = "idempotency-payload-mismatch-removed", Warn,
        "idempotency", "the 422 (key reused with another payload) was removed or moved";
    IDEMPOTENCY_TTL_REMOVED = "idempotency-ttl-removed", Error, "idempotency",
        "x-idempotency-ttl was removed";
    IDEMPOTENCY_TTL_SHORTENED = "idempotency-ttl-shortened", Error, "idempotency",
        "x-idempotency-ttl shortened: a retry inside the old window runs again";
    IDEMPOTENCY_TTL_LENGTHENED = "idempotency-ttl-lengthened", Info, "idempotency",
        "x-idempotency-ttl lengthened";
    IDEMPOTENCY_TTL_ADDED = "idempotency-ttl-added", Info, "idempotency",
        "x-idempotency-ttl was added";
}

/// The check with this id.
pub fn find(id: &str) -> Option<&'static Check> {
    CHECKS.iter().copied().find(|c| c.id == id)
}

#[cfg(test)]
mod tests {
    use super::CHECKS;

    #[test]
    fn ids_are_unique_and_kebab_case() {
        let mut seen = std::collections::HashSet::new();
        for c in CHECKS {
            assert!(seen.insert(c.id), "duplicate id {}", c.id);
            assert!(
                c.id.bytes().all(|b| b.is_ascii_lowercase() || b == b'-'),
                "{} is not kebab-case",
                c.id
            );
        }
    }
}
