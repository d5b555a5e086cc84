//! The output formats of `specguard diff` on one fixture pair (`tests/fixtures/diff-cli/`):
//! an error, a warn, an info, removals (an operation whose path survives, a whole path, a
//! property inside a `$ref`ed file) and changes to a shared component in a `$ref`ed file.
//! Markdown, GitHub and SARIF are snapshots of real runs; SARIF also validates against the
//! official schema.

mod common;

use std::path::Path;

use assert_cmd::Command;
use common::assert_valid_sarif;
use serde_json::Value;

fn fixtures() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff-cli")
}

/// Runs `specguard diff base/openapi.yaml head/openapi.yaml` in the fixture directory with
/// extra arguments: exit code and standard output.
fn diff(args: &[&str]) -> (i32, String) {
    let out = Command::cargo_bin("specguard")
        .unwrap()
        .current_dir(fixtures())
        .arg("diff")
        .args(args)
        .args(["base/openapi.yaml", "head/openapi.yaml"])
        .output()
        .unwrap();
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

fn json() -> Value {
    let (code, out) = diff(&["--format", "json"]);
    assert_eq!(code, 1);
    serde_json::from_str(&out).unwrap()
}

/// `id level base-file:line head-file:line` of each change of the JSON output.
fn summary_lines(json: &Value) -> Vec<String> {
    let side = |v: &Value| {
        if v.is_null() {
            "-".to_string()
        } else {
            format!("{}:{}", v["file"].as_str().unwrap(), v["line"])
        }
    };
    json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            format!(
                "{} {} {} {}",
                c["id"].as_str().unwrap(),
                c["level"].as_str().unwrap(),
                side(&c["base"]),
                side(&c["head"])
            )
        })
        .collect()
}

#[test]
fn the_fixture_has_every_kind_of_change_the_formats_are_tested_on() {
    let json = json();
    assert_eq!(
        summary_lines(&json),
        [
            "request-parameter-added info - head/openapi.yaml:15",
            "response-property-removed warn base/schemas.yaml:10 -",
            "response-enum-value-added error base/schemas.yaml:9 head/schemas.yaml:9",
            "request-property-added info - head/schemas.yaml:16",
            "operation-removed error base/openapi.yaml:39 -",
            "deprecated-operation-removed warn base/openapi.yaml:45 -",
        ]
    );
    // The shared component's changes name no single operation, the others do.
    let changes = json["changes"].as_array().unwrap();
    assert!(changes[1].get("operation").is_none(), "{}", changes[1]);
    assert_eq!(changes[0]["operation"], "GET /orders");
    assert_eq!(
        json["summary"],
        serde_json::json!({"error": 2, "warn": 2, "info": 2, "accepted": 0, "off": 0})
    );
}

#[test]
fn json_carries_the_documented_contract() {
    let json = json();
    let enum_added = &json["changes"][2];
    let mut keys: Vec<&str> = enum_added
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    keys.sort_unstable();
    assert_eq!(
        keys,
        ["base", "fingerprint", "head", "id", "level", "message"]
    );
    assert_eq!(
        enum_added["head"],
        serde_json::json!({"file": "head/schemas.yaml", "line": 9, "column": 7, "pointer": "/Order/properties/status/enum"})
    );
    let fingerprint = enum_added["fingerprint"].as_str().unwrap();
    assert_eq!(fingerprint.len(), 16);
    assert!(fingerprint.bytes().all(|b| b.is_ascii_hexdigit()));
    assert_eq!(json["changes"][4]["operation"], "DELETE /orders");
}

#[test]
fn markdown_snapshot() {
    let (code, out) = diff(&["--format", "markdown"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("markdown", out);
}

#[test]
fn markdown_sections_groups_and_escaping() {
    let (_, out) = diff(&["--format", "markdown"]);
    assert!(
        out.starts_with("## API changes: 2 breaking, 2 to review, 2 compatible\n"),
        "{out}"
    );
    // Levels in order, each once.
    let at = |text: &str| {
        assert_eq!(out.matches(text).count(), 1, "{text}: {out}");
        out.find(text).unwrap()
    };
    assert!(at("### Breaking changes") < at("### Changes to review"));
    assert!(at("### Changes to review") < at("### Compatible changes"));
    // Inside a level: operations first, then the changes that have none.
    let breaking = &out[at("### Breaking changes")..at("### Changes to review")];
    let op = breaking.find("#### `DELETE /orders`").unwrap();
    let shared = breaking
        .find("#### Shared components and document-level settings")
        .unwrap();
    assert!(op < shared, "{breaking}");
    // The property name's underscore is escaped, not an emphasis.
    assert!(out.contains("property 'gift\\_note' was removed"), "{out}");
    // Locations on both sides, or the one there is.
    assert!(
        out.contains("(`base/schemas.yaml:9` → `head/schemas.yaml:9`)"),
        "{out}"
    );
    assert!(out.contains("(`base/openapi.yaml:39` → removed)"), "{out}");
    assert!(out.contains("(added → `head/openapi.yaml:15`)"), "{out}");
}

#[test]
fn markdown_of_no_changes_is_short() {
    let out = Command::cargo_bin("specguard")
        .unwrap()
        .current_dir(fixtures())
        .args([
            "diff",
            "--format",
            "markdown",
            "head/openapi.yaml",
            "head/openapi.yaml",
        ])
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "## API changes: none\n\nNo changes from `head/openapi.yaml` to `head/openapi.yaml`.\n"
    );
}

#[test]
fn github_snapshot() {
    let (code, out) = diff(&["--format", "github"]);
    assert_eq!(code, 1);
    insta::assert_snapshot!("github", out);
}

#[test]
fn github_annotates_head_files_only() {
    let (_, out) = diff(&["--format", "github"]);
    assert_eq!(out.lines().count(), 6, "{out}");
    for line in out.lines() {
        assert!(
            line.contains(" file=head/openapi.yaml,") || line.contains(" file=head/schemas.yaml,"),
            "{line}"
        );
        assert!(!line.contains("line=1,"), "{line}");
    }
    let title = |id: &str| {
        out.lines()
            .find(|l| l.contains(&format!(",title={id}::")))
            .unwrap()
            .to_string()
    };
    assert!(title("response-enum-value-added").starts_with("::error "));
    assert!(title("response-property-removed").starts_with("::warning "));
    assert!(title("request-parameter-added").starts_with("::notice "));
    // A removed operation whose path survives: the path key, and where it was in base.
    assert_eq!(
        title("operation-removed"),
        "::error file=head/openapi.yaml,line=6,col=3,endLine=6,endColumn=10,\
         title=operation-removed::DELETE /orders was removed (in base at base/openapi.yaml:39)"
    );
    // A removed path: `paths`.
    assert!(
        title("deprecated-operation-removed")
            .starts_with("::warning file=head/openapi.yaml,line=5,col=1,endLine=5,endColumn=6,"),
        "{out}"
    );
    // A property removed inside a `$ref`ed file that head still has: in that file, at the
    // parent that survives (`/Order/properties`).
    assert!(
        title("response-property-removed")
            .starts_with("::warning file=head/schemas.yaml,line=4,col=3,endLine=4,endColumn=13,"),
        "{out}"
    );
}

/// The SARIF of the fixture with the driver's version fixed and the (long, tested below)
/// rule list reduced to its length, for the snapshot (keys sorted).
fn sarif_for_snapshot(log: &Value) -> String {
    let mut log = log.clone();
    let driver = &mut log["runs"][0]["tool"]["driver"];
    driver["version"] = "[version]".into();
    let rules = driver["rules"].as_array().unwrap().len();
    driver["rules"] = format!("[{rules} rules: every diff check]").into();
    // Indexes move when checks are added; they are checked against the rules below.
    for result in log["runs"][0]["results"].as_array_mut().unwrap() {
        result["ruleIndex"] = "[index]".into();
    }
    serde_json::to_string_pretty(&log).unwrap()
}

fn sarif() -> Value {
    let (code, out) = diff(&["--format", "sarif"]);
    assert_eq!(code, 1);
    serde_json::from_str(&out).unwrap()
}

#[test]
fn sarif_snapshot() {
    insta::assert_snapshot!("sarif", sarif_for_snapshot(&sarif()));
}

#[test]
fn sarif_of_a_real_run_is_valid_against_the_official_schema() {
    let log = sarif();
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 6);
    // Not vacuous: related locations are there.
    assert!(results.iter().any(|r| {
        r["relatedLocations"]
            .as_array()
            .is_some_and(|a| !a.is_empty())
    }));
    let uris = assert_valid_sarif(&log);
    assert!(uris.len() > results.len(), "{uris:?}");
}

#[test]
fn sarif_describes_every_check_and_locates_each_change() {
    let log = sarif();
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    let checks = specguard::diff::CHECKS;
    assert_eq!(rules.len(), checks.len());
    for (rule, check) in rules.iter().zip(checks) {
        assert_eq!(rule["id"], check.id);
        assert_eq!(rule["shortDescription"]["text"], check.summary);
        let level = match check.level {
            specguard::diff::Level::Error => "error",
            specguard::diff::Level::Warn => "warning",
            specguard::diff::Level::Info => "note",
        };
        assert_eq!(rule["defaultConfiguration"]["level"], level, "{}", check.id);
    }
    let json = json();
    let results = run["results"].as_array().unwrap();
    for (result, change) in results.iter().zip(json["changes"].as_array().unwrap()) {
        assert_eq!(result["ruleId"], change["id"]);
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        let level = match change["level"].as_str().unwrap() {
            "error" => "error",
            "warn" => "warning",
            _ => "note",
        };
        assert_eq!(result["level"], level);
        assert_eq!(result["message"]["text"], change["message"]);
        assert_eq!(
            result["partialFingerprints"]["specguard/diff/v1"],
            change["fingerprint"]
        );
        // The primary location is the head one, the base one for a removal; the base one is
        // related when both exist.
        let primary = if change["head"].is_null() {
            &change["base"]
        } else {
            &change["head"]
        };
        let location = &result["locations"][0];
        let region = &location["physicalLocation"]["region"];
        assert_eq!(
            location["physicalLocation"]["artifactLocation"]["uri"],
            primary["file"]
        );
        assert_eq!(region["startLine"], primary["line"]);
        assert_eq!(region["startColumn"], primary["column"]);
        assert!(region["endLine"].as_u64() >= region["startLine"].as_u64());
        assert!(region["endColumn"].is_u64());
        assert_eq!(
            location["logicalLocations"][0]["fullyQualifiedName"],
            primary["pointer"]
        );
        let related = result.get("relatedLocations");
        if change["head"].is_null() || change["base"].is_null() {
            assert!(related.is_none(), "{result}");
        } else {
            let base = &related.unwrap()[0]["physicalLocation"];
            assert_eq!(base["artifactLocation"]["uri"], change["base"]["file"]);
            assert_eq!(base["region"]["startLine"], change["base"]["line"]);
        }
    }
}

#[test]
fn pretty_ends_with_the_counts() {
    let (code, out) = diff(&[]);
    assert_eq!(code, 1);
    assert!(
        out.ends_with("\n2 breaking, 2 to review, 2 compatible change(s).\n"),
        "{out}"
    );
    assert!(out.contains("operation-removed"), "{out}");
}
