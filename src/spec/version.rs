//! Which OpenAPI (or Swagger) version a document declares.

use crate::finding::{Finding, Severity};
use crate::resolve::Node;

pub mod rules {
    /// The file is not an OpenAPI document at all (empty, not a mapping, no version field).
    pub const NOT_OPENAPI: &str = "not-openapi";
    /// The version field is present but not a version this tool reads as written.
    pub const OPENAPI_VERSION: &str = "openapi-version";
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SpecVersion {
    /// Swagger 2.0.
    Swagger2,
    /// OpenAPI 3.0.x.
    OpenApi30,
    /// OpenAPI 3.1.x.
    OpenApi31,
    /// OpenAPI 3.2.x: read with the 3.1 rules (it only adds to them).
    OpenApi32,
}

impl SpecVersion {
    pub fn is_swagger2(self) -> bool {
        self == SpecVersion::Swagger2
    }

    /// Whether schemas are JSON Schema 2020-12 (type lists, `const`, `examples` arrays).
    pub fn has_json_schema_2020(self) -> bool {
        matches!(self, SpecVersion::OpenApi31 | SpecVersion::OpenApi32)
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SpecVersion::Swagger2 => "2.0",
            SpecVersion::OpenApi30 => "3.0",
            SpecVersion::OpenApi31 => "3.1",
            SpecVersion::OpenApi32 => "3.2",
        }
    }
}

/// Detects the version from the root's `openapi`/`swagger` field. Returns the version the
/// document is read as (none when it is not an OpenAPI document) and findings about it.
pub fn detect(
    root: Option<Node<'_>>,
    empty_at: crate::finding::Location,
) -> (Option<SpecVersion>, Vec<Finding>) {
    let not_openapi = |location, message: &str| {
        Finding::new(
            rules::NOT_OPENAPI,
            Severity::Error,
            location,
            message.to_string(),
        )
    };
    let Some(root) = root else {
        return (
            None,
            vec![not_openapi(
                empty_at,
                "the file holds no document (it is empty or only comments)",
            )],
        );
    };
    if !root.is_mapping() {
        let what = if root.is_sequence() {
            "a sequence"
        } else {
            "a scalar"
        };
        return (
            None,
            vec![not_openapi(
                root.location(),
                &format!("not an OpenAPI document: the top level is {what}, not a mapping"),
            )],
        );
    }
    let (field, value) = match (root.get("openapi"), root.get("swagger")) {
        (Some(v), _) => ("openapi", v),
        (None, Some(v)) => ("swagger", v),
        (None, None) => {
            let at = root.entries().next().map_or_else(
                || root.location(),
                |(k, _)| {
                    let mut l = root.location();
                    l.span = k.span();
                    l
                },
            );
            return (
                None,
                vec![not_openapi(
                    at,
                    "not an OpenAPI document: the top level has neither an 'openapi' nor a 'swagger' field",
                )],
            );
        }
    };
    let text = value.scalar().unwrap_or_default();
    let mut findings = Vec::new();
    if value.as_str().is_none() {
        findings.push(Finding::new(
            rules::OPENAPI_VERSION,
            Severity::Warn,
            value.location(),
            format!(
                "'{field}' must be a string; {text} is read as a number here (quote it: '{text}')"
            ),
        ));
    }
    let version = match field {
        "swagger" if text == "2.0" || text == "2" => Some(SpecVersion::Swagger2),
        "openapi" => {
            let mut parts = text.splitn(3, '.');
            match (parts.next(), parts.next(), parts.next()) {
                (Some("3"), Some("0"), patch) => Some((SpecVersion::OpenApi30, patch)),
                (Some("3"), Some("1"), patch) => Some((SpecVersion::OpenApi31, patch)),
                (Some("3"), Some("2"), patch) => Some((SpecVersion::OpenApi32, patch)),
                _ => None,
            }
            .map(|(v, patch)| {
                let released = patch.is_some_and(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()));
                if !released {
                    findings.push(Finding::new(
                        rules::OPENAPI_VERSION,
                        Severity::Warn,
                        value.location(),
                        format!("openapi version '{text}' is not of the form major.minor.patch; read as {}", v.as_str()),
                    ));
                }
                v
            })
        }
        _ => None,
    };
    if version.is_none() {
        findings.push(Finding::new(
            rules::NOT_OPENAPI,
            Severity::Error,
            value.location(),
            format!("unsupported {field} version '{text}': specguard reads Swagger 2.0 and OpenAPI 3.0, 3.1 and 3.2"),
        ));
    }
    (version, findings)
}
