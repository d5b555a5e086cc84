//! The `idempotency:` options of the configuration, with the catalogue's defaults.

/// Options shared by the idempotency rules (IDEMPOTENCY-RULES.md, "Options").
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyOptions {
    /// Methods in scope, lowercase.
    pub methods: Vec<String>,
    /// The key header's name.
    pub header: String,
    /// Other accepted names for the key header (`PayPal-Request-Id`).
    pub aliases: Vec<String>,
    pub canonical_pattern: String,
    /// The status code of the "duplicate or in flight" response.
    pub conflict_status: String,
    pub status_header: String,
    pub status_values: Vec<String>,
    pub payload_mismatch_status: String,
}

pub const CANONICAL_PATTERN: &str =
    "^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$";

impl Default for IdempotencyOptions {
    fn default() -> Self {
        IdempotencyOptions {
            methods: vec!["post".into(), "patch".into()],
            header: "Idempotency-Key".into(),
            aliases: Vec::new(),
            canonical_pattern: CANONICAL_PATTERN.into(),
            conflict_status: "409".into(),
            status_header: "X-Idempotency-Key-Status".into(),
            status_values: vec!["DUPLICATE".into(), "PROCESSING".into()],
            payload_mismatch_status: "422".into(),
        }
    }
}

impl IdempotencyOptions {
    /// Whether a header name is the key header or one of its aliases (case-insensitively).
    pub fn is_key_header(&self, name: &str) -> bool {
        name.eq_ignore_ascii_case(&self.header)
            || self.aliases.iter().any(|a| a.eq_ignore_ascii_case(name))
    }

    pub fn in_scope(&self, method: &str) -> bool {
        self.methods.iter().any(|m| m.eq_ignore_ascii_case(method))
    }
}

/// Methods on which the key has no effect (`idempotency-key-on-safe-method`).
pub const SAFE_METHODS: [&str; 4] = ["get", "head", "options", "trace"];
