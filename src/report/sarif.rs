//! SARIF 2.1.0 output (OASIS Static Analysis Results Interchange Format), the format GitHub code
//! scanning and most IDE viewers read.
//!
//! One log, one run:
//!
//! - `tool.driver` names specguard and lists one `reportingDescriptor` per rule given, so a
//!   result's `ruleIndex` points into that list (a result whose rule is not listed has no
//!   `ruleIndex`, only its `ruleId`).
//! - Each result has one location: the file as an `artifactLocation` relative to `%SRCROOT%`
//!   (absolute paths become `file://` URIs), a `region` with 1-based lines and columns
//!   (columns in Unicode code points, `runs[0].columnKind` says so; the end column is
//!   exclusive, as SARIF defines it) plus the byte offset and length, and the node's JSON
//!   pointer as its `logicalLocations[0].fullyQualifiedName`.
//! - `relatedLocations` carry the finding's related locations with their labels.
//! - `partialFingerprints["specguard/v1"]` identifies a result across runs by rule, file and
//!   pointer only (never by line), so an alert survives edits elsewhere in the file.
//!
//! `specguard diff` writes the same log ([`render_changes_sarif`]): one descriptor per diff
//! check, one result per change at its head location (the base one for a removal) with the
//! base location as a related location, and the change's own fingerprint (the one a
//! configuration accepts it by) as `partialFingerprints["specguard/diff/v1"]`.

use std::collections::{BTreeMap, HashMap};

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde::Serialize;

use super::{DiffReport, Item, Position, level_severity};
use crate::finding::{Location, RuleMeta, Severity};
use crate::resolve::Workspace;
use crate::source::SourceId;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";
const INFORMATION_URI: &str = "https://github.com/specguard/specguard";

/// Characters percent-encoded in an artifact URI: everything but RFC 3986 `unreserved`,
/// `sub-delims`, `@` and the `/` separator. `:` is encoded too, so a relative name such as
/// `main:openapi.yaml` (a file at a git revision) cannot be read as a URI scheme.
const URI_ENCODE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~')
    .remove(b'!')
    .remove(b'$')
    .remove(b'&')
    .remove(b'\'')
    .remove(b'(')
    .remove(b')')
    .remove(b'*')
    .remove(b'+')
    .remove(b',')
    .remove(b';')
    .remove(b'=')
    .remove(b'@')
    .remove(b'/');

#[derive(Serialize)]
struct Log<'a> {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run<'a>; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run<'a> {
    tool: Tool<'a>,
    results: Vec<SarifResult<'a>>,
    column_kind: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<RunProperties>,
}

/// What a diff's configuration held back (counted, not reported).
#[derive(Serialize)]
struct RunProperties {
    accepted: usize,
    off: usize,
}

#[derive(Serialize)]
struct Tool<'a> {
    driver: Driver<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver<'a> {
    name: &'static str,
    version: &'a str,
    information_uri: &'static str,
    rules: Vec<Descriptor<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Descriptor<'a> {
    id: &'a str,
    name: String,
    short_description: Text<'a>,
    #[serde(skip_serializing_if = "Option::is_none")]
    full_description: Option<Text<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<MultiformatText<'a>>,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Text<'a> {
    text: &'a str,
}

#[derive(Serialize)]
struct MultiformatText<'a> {
    text: &'a str,
    markdown: &'a str,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult<'a> {
    rule_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Text<'a>,
    locations: [SarifLocation<'a>; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<SarifLocation<'a>>,
    /// One entry: `specguard/v1` (lint) or `specguard/diff/v1` (diff).
    partial_fingerprints: BTreeMap<&'static str, String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    properties: Option<ResultProperties<'a>>,
}

#[derive(Serialize)]
struct ResultProperties<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    help: Option<&'a str>,
    /// A change's operation (`POST /orders`).
    #[serde(skip_serializing_if = "Option::is_none")]
    operation: Option<&'a str>,
    /// Every operation a change concerns.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    affects: &'a [String],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifLocation<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<usize>,
    physical_location: PhysicalLocation,
    logical_locations: [LogicalLocation; 1],
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Text<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    char_offset: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    char_length: Option<usize>,
    byte_offset: usize,
    byte_length: usize,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct LogicalLocation {
    fully_qualified_name: String,
    kind: &'static str,
}

/// The SARIF `level` for a severity.
pub(crate) fn sarif_level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warn => "warning",
        Severity::Info | Severity::Hint => "note",
    }
}

/// `ref-unresolved` -> `RefUnresolved`: the descriptor's readable `name`.
fn upper_camel(id: &str) -> String {
    id.split(['-', '_', '.', ' '])
        .filter(|part| !part.is_empty())
        .map(|part| {
            let mut chars = part.chars();
            let first = chars.next().map(|c| c.to_ascii_uppercase());
            first.into_iter().chain(chars).collect::<String>()
        })
        .collect()
}

/// 64-bit FNV-1a: small, dependency-free and stable across versions and platforms, which is
/// all a fingerprint needs (it is an identity, not a security boundary).
fn fnv1a64(parts: &[&str]) -> u64 {
    const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut hash = OFFSET;
    for (i, part) in parts.iter().enumerate() {
        if i > 0 {
            // A separator that cannot occur in the parts, so ("a", "bc") != ("ab", "c").
            hash ^= 0xff;
            hash = hash.wrapping_mul(PRIME);
        }
        for &byte in part.as_bytes() {
            hash ^= u64::from(byte);
            hash = hash.wrapping_mul(PRIME);
        }
    }
    hash
}

/// A file name as a SARIF artifact URI and its base: names relative to the current directory
/// stay relative (to `%SRCROOT%`), absolute paths become `file://` URIs with no base.
fn artifact_location(file: &str) -> ArtifactLocation {
    let bytes = file.as_bytes();
    let windows_drive = bytes.len() >= 3
        && bytes[0].is_ascii_alphabetic()
        && bytes[1] == b':'
        && (bytes[2] == b'/' || bytes[2] == b'\\');
    if windows_drive {
        let path = file.replace('\\', "/");
        let (drive, rest) = path.split_at(2);
        return ArtifactLocation {
            uri: format!("file:///{drive}{}", utf8_percent_encode(rest, URI_ENCODE)),
            uri_base_id: None,
        };
    }
    if file.starts_with('/') {
        return ArtifactLocation {
            uri: format!("file://{}", utf8_percent_encode(file, URI_ENCODE)),
            uri_base_id: None,
        };
    }
    ArtifactLocation {
        uri: utf8_percent_encode(file, URI_ENCODE).to_string(),
        uri_base_id: Some("%SRCROOT%"),
    }
}

/// Whether a source is all ASCII (then a byte offset is also a code point offset), computed
/// once per source of each workspace.
#[derive(Default)]
struct AsciiCache {
    known: HashMap<(*const Workspace, SourceId), bool>,
}

impl AsciiCache {
    fn is_ascii(&mut self, ws: &Workspace, source: SourceId) -> bool {
        *self
            .known
            .entry((std::ptr::from_ref(ws), source))
            .or_insert_with(|| ws.source(source).text.is_ascii())
    }
}

fn physical_location(p: &Position, ascii: bool) -> PhysicalLocation {
    let byte_length = p.byte_end.saturating_sub(p.byte_start);
    PhysicalLocation {
        artifact_location: artifact_location(&p.file),
        region: Region {
            start_line: p.start.line,
            start_column: p.start.column,
            end_line: p.end.line,
            end_column: p.end.column,
            // In an ASCII text a byte is a code point, so the character offset is exact; in
            // any other text it would cost a scan of the file, and it is optional.
            char_offset: ascii.then_some(p.byte_start),
            char_length: ascii.then_some(byte_length),
            byte_offset: p.byte_start,
            byte_length,
        },
    }
}

fn logical_location(pointer: &str) -> [LogicalLocation; 1] {
    [LogicalLocation {
        fully_qualified_name: pointer.to_string(),
        kind: "member",
    }]
}

/// A location of a workspace as a SARIF location: the region (see [`physical_location`]) and
/// the pointer as its logical location; `id` and `message` for related locations.
fn sarif_location<'a>(
    ascii: &mut AsciiCache,
    ws: &Workspace,
    location: &Location,
    id: Option<usize>,
    message: Option<&'a str>,
) -> SarifLocation<'a> {
    let at = Position::of(ws, location);
    SarifLocation {
        id,
        physical_location: physical_location(&at, ascii.is_ascii(ws, location.source)),
        logical_locations: logical_location(&at.pointer),
        message: message.map(|text| Text { text }),
    }
}

fn descriptor<'a>(
    id: &'a str,
    summary: &'a str,
    docs: Option<&'a str>,
    level: Severity,
) -> Descriptor<'a> {
    Descriptor {
        id,
        name: upper_camel(id),
        short_description: Text { text: summary },
        full_description: docs.map(|_| Text { text: summary }),
        help: docs.map(|docs| MultiformatText {
            text: docs,
            markdown: docs,
        }),
        default_configuration: Configuration {
            level: sarif_level(level),
        },
    }
}

/// The log with one run of specguard, as pretty JSON followed by a newline.
fn write_log(
    tool_version: &str,
    rules: Vec<Descriptor<'_>>,
    results: Vec<SarifResult<'_>>,
    properties: Option<RunProperties>,
) -> String {
    let log = Log {
        schema: SCHEMA,
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "specguard",
                    version: tool_version,
                    information_uri: INFORMATION_URI,
                    rules,
                },
            },
            results,
            column_kind: "unicodeCodePoints",
            properties,
        }],
    };
    let mut text =
        serde_json::to_string_pretty(&log).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"));
    text.push('\n');
    text
}

/// Renders findings (already sorted) as a SARIF 2.1.0 log with one run, followed by a newline.
/// `rules` become `tool.driver.rules`; `tool_version` is the driver's version.
pub fn render_sarif(items: &[Item<'_>], rules: &[RuleMeta], tool_version: &str) -> String {
    let rule_index: HashMap<&str, usize> = rules
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id, i))
        .rev() // the first of duplicate ids wins
        .collect();
    let mut ascii = AsciiCache::default();
    // How often each (rule, file, pointer) has been seen, so that two findings of one rule on
    // one node still get distinct fingerprints (the first keeps the plain one).
    let mut seen: HashMap<(&str, String, String), usize> = HashMap::new();

    let results = items
        .iter()
        .map(|item| {
            let f = item.finding;
            let at = Position::of(item.ws, &f.location);
            let occurrence = seen
                .entry((f.rule, at.file.clone(), at.pointer.clone()))
                .or_insert(0);
            let ordinal = occurrence.to_string();
            let mut parts = vec![f.rule, at.file.as_str(), at.pointer.as_str()];
            if *occurrence > 0 {
                parts.push(&ordinal);
            }
            let fingerprint = format!("{:016x}", fnv1a64(&parts));
            *occurrence += 1;

            let related_locations = f
                .related
                .iter()
                .enumerate()
                .map(|(i, r)| {
                    sarif_location(&mut ascii, item.ws, &r.location, Some(i), Some(&r.message))
                })
                .collect();
            SarifResult {
                rule_id: f.rule,
                rule_index: rule_index.get(f.rule).copied(),
                level: sarif_level(f.severity),
                message: Text { text: &f.message },
                locations: [sarif_location(&mut ascii, item.ws, &f.location, None, None)],
                related_locations,
                partial_fingerprints: BTreeMap::from([("specguard/v1", fingerprint)]),
                properties: f.help.as_deref().map(|help| ResultProperties {
                    help: Some(help),
                    operation: None,
                    affects: &[],
                }),
            }
        })
        .collect();
    let rules = rules
        .iter()
        .map(|r| descriptor(r.id, r.summary, Some(r.docs), r.default_severity))
        .collect();
    write_log(tool_version, rules, results, None)
}

/// Renders diff changes as a SARIF 2.1.0 log: every check of [`crate::diff::CHECKS`] in
/// `tool.driver.rules`, one result per change, and what the configuration held back in
/// `runs[0].properties` (`accepted`, `off`).
pub fn render_changes_sarif(report: &DiffReport<'_>, tool_version: &str) -> String {
    let checks = crate::diff::CHECKS;
    let mut ascii = AsciiCache::default();
    let results = report
        .changes
        .iter()
        .filter_map(|c| {
            let (primary, related) = match (&c.head, &c.base) {
                (Some(head), base) => (
                    sarif_location(&mut ascii, report.head, head, None, None),
                    base.as_ref().map(|base| {
                        sarif_location(&mut ascii, report.base, base, Some(0), Some("in base"))
                    }),
                ),
                (None, Some(base)) => (
                    sarif_location(&mut ascii, report.base, base, None, None),
                    None,
                ),
                (None, None) => return None,
            };
            Some(SarifResult {
                rule_id: c.id,
                rule_index: checks.iter().position(|check| check.id == c.id),
                level: sarif_level(level_severity(c.level)),
                message: Text { text: &c.message },
                locations: [primary],
                related_locations: related.into_iter().collect(),
                partial_fingerprints: BTreeMap::from([("specguard/diff/v1", c.fingerprint())]),
                // The operation, else (a shared change) every operation it concerns.
                properties: (c.operation.is_some() || !c.affects.is_empty()).then(|| {
                    ResultProperties {
                        help: None,
                        operation: c.operation.as_deref(),
                        affects: if c.operation.is_some() {
                            &[]
                        } else {
                            &c.affects
                        },
                    }
                }),
            })
        })
        .collect();
    let rules = checks
        .iter()
        .map(|c| descriptor(c.id, c.summary, None, level_severity(c.level)))
        .collect();
    let held_back = (report.accepted + report.off > 0).then_some(RunProperties {
        accepted: report.accepted,
        off: report.off,
    });
    write_log(tool_version, rules, results, held_back)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_upper_camel_case() {
        assert_eq!(upper_camel("ref-unresolved"), "RefUnresolved");
        assert_eq!(
            upper_camel("idempotency-key-missing"),
            "IdempotencyKeyMissing"
        );
        assert_eq!(upper_camel("x"), "X");
    }

    #[test]
    fn fnv1a64_matches_the_reference_vectors() {
        // From the FNV reference test suite (draft-eastlake-fnv).
        assert_eq!(fnv1a64(&[""]), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a64(&["a"]), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a64(&["foobar"]), 0x8594_4171_f739_67e8);
        assert_ne!(fnv1a64(&["a", "bc"]), fnv1a64(&["ab", "c"]));
    }

    #[test]
    fn artifact_uris_are_uri_references() {
        let rel = artifact_location("specs/my api.yaml");
        assert_eq!(rel.uri, "specs/my%20api.yaml");
        assert_eq!(rel.uri_base_id, Some("%SRCROOT%"));
        assert_eq!(artifact_location("main:a.yaml").uri, "main%3Aa.yaml");
        assert_eq!(artifact_location("100%.yaml").uri, "100%25.yaml");
        assert_eq!(artifact_location("a#b?.yaml").uri, "a%23b%3F.yaml");
        assert_eq!(artifact_location("é.yaml").uri, "%C3%A9.yaml");
        let abs = artifact_location("/tmp/x y/a.yaml");
        assert_eq!(abs.uri, "file:///tmp/x%20y/a.yaml");
        assert_eq!(abs.uri_base_id, None);
        assert_eq!(
            artifact_location("C:\\a b\\c.yaml").uri,
            "file:///C:/a%20b/c.yaml"
        );
    }
}
