//! The machine-readable report formats: SARIF (validated against the official OASIS SARIF
//! 2.1.0 schema, shipped in `tests/sarif/`), GitHub Actions workflow commands, JUnit XML and
//! the Markdown table.
//!
//! The fixture is a real load: a spec under a file name with a space, with a duplicate key and
//! a broken `$ref` (both with related locations), referencing a clean second file. One extra
//! finding is made by hand on top, to carry the characters every format must escape.

mod common;

use common::{
    Project, assert_valid_sarif, sarif_validator, schema_errors, uri_reference_validator,
};
use serde_json::Value;
use specguard::finding::{Finding, Location, RuleMeta, Severity, Span};
use specguard::lint::{LOADER_RULES, lint_workspace};
use specguard::report::{self, Item, render_github, render_junit, render_markdown, render_sarif};
use specguard::resolve::Workspace;

const SPEC: &str = "\
openapi: 3.1.0
info:
  title: Pets
  version: '1'
  title: Pets again
paths:
  /pets:
    get:
      responses:
        '200':
          $ref: 'parts/responses.yaml#/Missing'
        '404':
          $ref: 'parts/responses.yaml#/NotFound'
";

const RESPONSES: &str = "\
NotFound:
  description: not found
";

/// The message every format has to escape: `%`, a line break, `:` and `,`, and XML markup.
const TRICKY: &str = "50% of <ops> & \"keys\": a,b\r\nsecond 'line'";

const RULES: &[RuleMeta] = &[
    RuleMeta {
        id: "duplicate-key",
        default_severity: Severity::Error,
        summary: "A mapping has the same key twice.",
        docs: "# duplicate-key\n\nParsers keep one of the two values; which one differs.\n",
    },
    RuleMeta {
        id: "ref-unresolved",
        default_severity: Severity::Error,
        summary: "A `$ref` points at nothing.",
        docs: "# ref-unresolved\n\nEvery `$ref` must resolve.\n",
    },
    RuleMeta {
        id: "tricky-rule",
        default_severity: Severity::Info,
        summary: "Carries characters to escape.",
        docs: "Docs with `code`, <b>markup</b> and 100%.",
    },
];

fn project() -> Project {
    Project::new(&[
        ("specs/my api.yaml", SPEC.as_bytes()),
        ("specs/parts/responses.yaml", RESPONSES.as_bytes()),
    ])
}

/// The fixture's findings: the real ones, plus a hand-made info finding with [`TRICKY`] as
/// message on the `/info/title` key, with a related location in the other file.
fn findings(ws: &Workspace) -> Vec<Finding> {
    let mut findings = lint_workspace(ws);
    let entry = ws.entry().source.id;
    let text = &ws.entry().source.text;
    let at = text.find("title: Pets\n").unwrap();
    let other = ws.files()[1].source.id;
    findings.push(
        Finding::new(
            "tricky-rule",
            Severity::Info,
            Location {
                source: entry,
                span: Span::new(at, at + "title".len()),
                pointer: "/info/title".to_string(),
            },
            TRICKY,
        )
        .with_related(
            Location {
                source: other,
                span: Span::new(0, "NotFound".len()),
                pointer: "/NotFound".to_string(),
            },
            "see: here, too",
        )
        .with_help("Help with 100% & more."),
    );
    findings
}

fn items<'a>(ws: &'a Workspace, findings: &'a [Finding]) -> Vec<Item<'a>> {
    let mut items: Vec<Item<'_>> = findings
        .iter()
        .map(|finding| Item { ws, finding })
        .collect();
    report::sort_and_dedupe(&mut items);
    items
}

fn file_names(ws: &Workspace) -> Vec<String> {
    ws.files().iter().map(|f| f.source.name.clone()).collect()
}

/// The rules given to SARIF: the fixture's metadata plus every loader rule id (the loader's
/// rules have no registry entry yet, so each gets a placeholder description).
fn all_rules() -> Vec<RuleMeta> {
    let mut rules = RULES.to_vec();
    for id in LOADER_RULES {
        if !rules.iter().any(|r| r.id == *id) {
            rules.push(RuleMeta {
                id,
                default_severity: Severity::Error,
                summary: "Loader check.",
                docs: "Reported while loading the spec.",
            });
        }
    }
    rules
}

fn fixture_sarif(ws: &Workspace) -> String {
    let findings = findings(ws);
    render_sarif(&items(ws, &findings), &all_rules(), "0.0.0-test")
}

#[test]
fn fixture_has_the_findings_the_formats_are_tested_on() {
    let p = project();
    let ws = p.load("specs/my api.yaml");
    let findings = findings(&ws);
    let rules: Vec<&str> = findings.iter().map(|f| f.rule).collect();
    assert!(rules.contains(&"duplicate-key"), "{rules:?}");
    assert!(rules.contains(&"ref-unresolved"), "{rules:?}");
    let duplicate = findings.iter().find(|f| f.rule == "duplicate-key").unwrap();
    assert!(!duplicate.related.is_empty(), "{duplicate:#?}");
    assert_eq!(
        file_names(&ws),
        ["specs/my api.yaml", "specs/parts/responses.yaml"]
    );
}

#[test]
fn sarif_is_valid_against_the_official_schema() {
    let p = project();
    let ws = p.load("specs/my api.yaml");
    let text = fixture_sarif(&ws);
    let log: Value = serde_json::from_str(&text).expect("SARIF is JSON");

    // Not vacuous: results with related locations, rule indexes and fingerprints are there.
    let results = log["runs"][0]["results"].as_array().unwrap();
    assert!(results.len() >= 3, "{text}");
    assert!(
        results.iter().any(|r| r["relatedLocations"]
            .as_array()
            .is_some_and(|a| !a.is_empty())),
        "{text}"
    );

    let uris = assert_valid_sarif(&log);
    assert!(uris.len() > results.len(), "{uris:?}");

    // A run with no findings and no rules is valid too.
    let empty: Value = serde_json::from_str(&render_sarif(&[], &[], "1.2.3")).unwrap();
    assert_valid_sarif(&empty);
}

#[test]
fn sarif_schema_rejects_broken_logs() {
    // Negative controls: each mutation of a valid log must fail, so the validation above
    // cannot pass by accident (a schema that did not load, formats not checked, ...).
    let p = project();
    let ws = p.load("specs/my api.yaml");
    let valid: Value = serde_json::from_str(&fixture_sarif(&ws)).unwrap();
    let validator = sarif_validator();
    assert!(validator.is_valid(&valid));

    type Mutation = fn(&mut Value);
    let mutations: &[(&str, Mutation)] = &[
        ("version 2.0.0", |v| v["version"] = "2.0.0".into()),
        ("no driver name", |v| {
            v["runs"][0]["tool"]["driver"]
                .as_object_mut()
                .unwrap()
                .remove("name");
        }),
        ("level warn", |v| {
            v["runs"][0]["results"][0]["level"] = "warn".into()
        }),
        ("startLine 0", |v| {
            v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["region"]["startLine"] =
                0.into()
        }),
        ("unknown result property", |v| {
            v["runs"][0]["results"][0]["severity"] = "error".into()
        }),
        ("message without text", |v| {
            v["runs"][0]["results"][0]["message"] = serde_json::json!({});
        }),
        ("$schema not a URI", |v| v["$schema"] = "not a uri".into()),
    ];
    // The format check on artifact URIs is live: a raw space is no URI reference.
    let uri_reference = uri_reference_validator();
    assert!(uri_reference.is_valid(&Value::from("specs/my%20api.yaml")));
    assert!(!uri_reference.is_valid(&Value::from("specs/my api.yaml")));

    for (what, mutate) in mutations {
        let mut broken = valid.clone();
        mutate(&mut broken);
        assert_ne!(broken, valid, "{what}: the mutation changed nothing");
        assert!(
            !schema_errors(&validator, &broken).is_empty(),
            "{what}: a broken log passed validation"
        );
    }
}

#[test]
fn sarif_structure() {
    let p = project();
    let ws = p.load("specs/my api.yaml");
    let log: Value = serde_json::from_str(&fixture_sarif(&ws)).unwrap();
    assert_eq!(
        log["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    assert_eq!(log["version"], "2.1.0");
    let run = &log["runs"][0];
    assert_eq!(run["columnKind"], "unicodeCodePoints");
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "specguard");
    assert_eq!(driver["version"], "0.0.0-test");
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), all_rules().len());
    assert_eq!(rules[1]["id"], "ref-unresolved");
    assert_eq!(rules[1]["name"], "RefUnresolved");
    assert_eq!(rules[1]["shortDescription"]["text"], RULES[1].summary);
    assert_eq!(rules[1]["help"]["markdown"], RULES[1].docs);
    assert_eq!(rules[2]["defaultConfiguration"]["level"], "note");

    for result in run["results"].as_array().unwrap() {
        let index = result["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], result["ruleId"]);
        let fp = result["partialFingerprints"]["specguard/v1"]
            .as_str()
            .unwrap();
        assert_eq!(fp.len(), 16);
        assert!(fp.bytes().all(|b| b.is_ascii_hexdigit()));
    }

    let tricky = run["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["ruleId"] == "tricky-rule")
        .unwrap();
    assert_eq!(tricky["level"], "note");
    assert_eq!(tricky["message"]["text"], TRICKY);
    let loc = &tricky["locations"][0];
    let artifact = &loc["physicalLocation"]["artifactLocation"];
    assert_eq!(artifact["uri"], "specs/my%20api.yaml");
    assert_eq!(artifact["uriBaseId"], "%SRCROOT%");
    let region = &loc["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 3);
    assert_eq!(region["startColumn"], 3);
    assert_eq!(region["endLine"], 3);
    assert_eq!(region["endColumn"], 8);
    assert_eq!(region["byteOffset"], SPEC.find("title: Pets\n").unwrap());
    assert_eq!(region["byteLength"], 5);
    assert_eq!(region["charOffset"], region["byteOffset"], "ASCII file");
    assert_eq!(
        loc["logicalLocations"][0]["fullyQualifiedName"],
        "/info/title"
    );
    let related = &tricky["relatedLocations"][0];
    assert_eq!(related["message"]["text"], "see: here, too");
    assert_eq!(
        related["physicalLocation"]["artifactLocation"]["uri"],
        "specs/parts/responses.yaml"
    );

    // A rule not in the list keeps its id and has no index.
    let findings = findings(&ws);
    let log: Value =
        serde_json::from_str(&render_sarif(&items(&ws, &findings), RULES, "1")).unwrap();
    for result in log["runs"][0]["results"].as_array().unwrap() {
        let listed = RULES.iter().any(|r| r.id == result["ruleId"]);
        assert_eq!(result.get("ruleIndex").is_some(), listed, "{result}");
    }
}

#[test]
fn sarif_fingerprints_ignore_lines() {
    // The same findings two lines further down keep their fingerprints.
    let shifted = format!("# a comment\n# another\n{SPEC}");
    let a = Project::new(&[
        ("specs/my api.yaml", SPEC.as_bytes()),
        ("specs/parts/responses.yaml", RESPONSES.as_bytes()),
    ]);
    let b = Project::new(&[
        ("specs/my api.yaml", shifted.as_bytes()),
        ("specs/parts/responses.yaml", RESPONSES.as_bytes()),
    ]);
    let prints = |p: &Project| -> Vec<(String, String, u64)> {
        let ws = p.load("specs/my api.yaml");
        let findings = lint_workspace(&ws);
        let log: Value =
            serde_json::from_str(&render_sarif(&items(&ws, &findings), RULES, "1")).unwrap();
        log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["ruleId"].as_str().unwrap().to_string(),
                    r["partialFingerprints"]["specguard/v1"]
                        .as_str()
                        .unwrap()
                        .to_string(),
                    r["locations"][0]["physicalLocation"]["region"]["startLine"]
                        .as_u64()
                        .unwrap(),
                )
            })
            .collect()
    };
    let (pa, pb) = (prints(&a), prints(&b));
    assert_eq!(pa.len(), pb.len());
    for (x, y) in pa.iter().zip(&pb) {
        assert_eq!((&x.0, &x.1), (&y.0, &y.1));
        assert_eq!(x.2 + 2, y.2, "the lines did move");
    }
    let mut distinct: Vec<_> = pa.iter().map(|x| &x.1).collect();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), pa.len(), "fingerprints are distinct");
}

#[test]
fn github_escapes_as_the_actions_toolkit_does() {
    let p = project();
    let ws = p.load("specs/my api.yaml");
    let findings = findings(&ws);
    let out = render_github(&items(&ws, &findings));
    let tricky = out
        .lines()
        .find(|l| l.contains("title=tricky-rule"))
        .unwrap();
    assert_eq!(
        tricky,
        "::notice file=specs/my api.yaml,line=3,col=3,endLine=3,endColumn=8,title=tricky-rule\
         ::50%25 of <ops> & \"keys\": a,b%0D%0Asecond 'line' \
         (see specs/parts/responses.yaml:1:1: see: here, too)"
    );
    // One command per finding, every one on a single line.
    assert_eq!(out.lines().count(), findings.len());
    assert!(out.lines().all(|l| l.starts_with("::error ")
        || l.starts_with("::warning ")
        || l.starts_with("::notice ")));

    // Property values escape `:` and `,` as well (`escapeProperty`).
    let odd = Project::new(&[("a:b,c%.yaml", b"openapi: 3.1.0\nx: {$ref: '#/nope'}\n")]);
    let ws = odd.load("a:b,c%.yaml");
    let findings = lint_workspace(&ws);
    let out = render_github(&items(&ws, &findings));
    assert!(
        out.starts_with("::error file=a%3Ab%2Cc%25.yaml,line=2,"),
        "{out}"
    );
}

#[test]
fn junit_escapes_xml() {
    let p = project();
    let ws = p.load("specs/my api.yaml");
    let findings = findings(&ws);
    let out = render_junit(&items(&ws, &findings), &file_names(&ws));
    assert!(out.contains(
        "<system-out>info: specs/my api.yaml:3:3 50% of &lt;ops&gt; &amp; &quot;keys&quot;: \
         a,b&#13;\nsecond &apos;line&apos;\n  see specs/parts/responses.yaml:1:1: see: here, too\n  \
         help: Help with 100% &amp; more.</system-out>"
    ), "{out}");
    // Characters XML 1.0 cannot carry are dropped, not written.
    let mut bad = findings.clone();
    bad.last_mut().unwrap().message = "nul\u{0} esc\u{1b} ok".into();
    bad.last_mut().unwrap().severity = Severity::Error;
    let out = render_junit(&items(&ws, &bad), &file_names(&ws));
    assert!(
        out.contains("<failure message=\"nul esc ok\" type=\"error\">"),
        "{out}"
    );
    assert!(!out.contains('\u{0}') && !out.contains('\u{1b}'));
}

#[test]
fn markdown_is_one_escaped_table_row_per_finding() {
    let p = project();
    let ws = p.load("specs/my api.yaml");
    let findings = findings(&ws);
    let out = render_markdown(&items(&ws, &findings), 2);
    assert!(
        out.starts_with(
            "## specguard lint\n\n2 error(s), 0 warning(s), 1 info, 0 hint(s) in 2 files.\n"
        ),
        "{out}"
    );
    // Markup in a message is escaped and its line break folded, so the row stays one row.
    assert!(out.contains(
        "| info | `tricky-rule` | `specs/my api.yaml:3:3` | 50% of \\<ops\\> \\& \"keys\": a,b second 'line' |\n"
    ), "{out}");
    let rows: Vec<&str> = out.lines().filter(|l| l.starts_with("| ")).collect();
    assert_eq!(
        rows.len(),
        findings.len() + 1,
        "a header and a row each: {out}"
    );
    assert!(rows.iter().all(|r| r.matches(" | ").count() == 3), "{out}");

    let clean = Project::new(&[(
        "a.yaml",
        b"openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n",
    )]);
    let ws = clean.load("a.yaml");
    let out = render_markdown(&items(&ws, &[]), 1);
    assert_eq!(out, "## specguard lint\n\nNo findings in 1 file.\n");
}

#[test]
fn junit_counts_and_clean_files() {
    let p = project();
    let ws = p.load("specs/my api.yaml");
    let findings = findings(&ws);
    let items = items(&ws, &findings);
    let mut files = file_names(&ws);
    files.push("specs/other.yaml".into());
    let out = render_junit(&items, &files);
    let failing = findings
        .iter()
        .filter(|f| f.severity >= Severity::Warn)
        .count();
    // Every finding is a test case, and each clean file one passing case.
    let tests = findings.len() + 2;
    assert!(out.contains(&format!(
        "<testsuites name=\"specguard\" tests=\"{tests}\" failures=\"{failing}\""
    )));
    assert!(
        out.contains("<testsuite name=\"specs/parts/responses.yaml\" tests=\"1\" failures=\"0\"")
    );
    assert!(out.contains("<testcase classname=\"specs/other.yaml\" name=\"no findings\"/>"));
    assert_eq!(out.matches("<failure ").count(), failing);
    assert_eq!(out.matches("<testcase ").count(), tests);
}

#[test]
fn snapshots() {
    let p = project();
    let ws = p.load("specs/my api.yaml");
    let findings = findings(&ws);
    let items = items(&ws, &findings);
    insta::assert_snapshot!("sarif", render_sarif(&items, RULES, "0.0.0-test"));
    insta::assert_snapshot!("github", render_github(&items));
    insta::assert_snapshot!("junit", render_junit(&items, &file_names(&ws)));
    insta::assert_snapshot!("markdown", render_markdown(&items, 2));
}

#[test]
fn junit_is_well_formed_and_round_trips() {
    // An independent XML parser reads back exactly what was meant: escaping is right, and
    // attribute values keep their line breaks.
    let p = project();
    let ws = p.load("specs/my api.yaml");
    let mut findings = findings(&ws);
    let last = findings.last_mut().unwrap();
    last.severity = Severity::Warn;
    last.message = format!("{TRICKY}\u{0} <![CDATA[ ]]> &amp;");
    let out = render_junit(&items(&ws, &findings), &file_names(&ws));
    let doc = roxmltree::Document::parse(&out).expect("well-formed XML");
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "testsuites");
    let failure = root
        .descendants()
        .find(|n| {
            n.has_tag_name("failure")
                && n.parent().unwrap().attribute("name") == Some("tricky-rule /info/title")
        })
        .unwrap();
    let expected = format!("{TRICKY} <![CDATA[ ]]> &amp;");
    assert_eq!(failure.attribute("message"), Some(expected.as_str()));
    assert_eq!(failure.attribute("type"), Some("warn"));
    assert!(
        failure
            .text()
            .unwrap()
            .starts_with(&format!("specs/my api.yaml:3:3 {expected}\n  see "))
    );
    let suites: Vec<_> = root
        .children()
        .filter(|n| n.is_element())
        .map(|n| n.attribute("name").unwrap())
        .collect();
    assert_eq!(suites, ["specs/my api.yaml", "specs/parts/responses.yaml"]);
}

#[test]
fn sarif_char_offsets_only_when_exact() {
    // In a non-ASCII file a byte offset is not a character offset: charOffset is left out,
    // byteOffset stays, and columns count code points.
    let text = "openapi: 3.1.0\ninfo: {title: 'Übersicht', version: '1'}\nx: {$ref: '#/nöpe'}\n";
    let p = Project::new(&[("é.yaml", text.as_bytes())]);
    let ws = p.load("é.yaml");
    let findings = lint_workspace(&ws);
    let log: Value =
        serde_json::from_str(&render_sarif(&items(&ws, &findings), RULES, "1")).unwrap();
    let result = &log["runs"][0]["results"][0];
    assert_eq!(result["ruleId"], "ref-unresolved");
    let location = &result["locations"][0]["physicalLocation"];
    assert_eq!(location["artifactLocation"]["uri"], "%C3%A9.yaml");
    let region = &location["region"];
    assert!(region.get("charOffset").is_none(), "{region}");
    assert!(region.get("charLength").is_none(), "{region}");
    let at = text.find("'#/nöpe'").unwrap();
    assert_eq!(region["byteOffset"], at);
    assert_eq!(region["byteLength"], "'#/nöpe'".len());
    assert_eq!(region["startLine"], 3);
    assert_eq!(region["startColumn"], 11);
    assert_eq!(region["endColumn"], 11 + "'#/nöpe'".chars().count());
    assert!(sarif_validator().is_valid(&log));
}

/// The SARIF of a real CLI run (loader and idempotency findings, every registered rule in
/// `tool.driver.rules`) validates against the official schema.
#[test]
fn sarif_of_a_real_cli_run_is_valid() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("openapi.yaml"),
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /orders:\n    post:\n      parameters:\n        - {in: header, name: Idempotency-Key, schema: {type: integer}}\n      responses:\n        '409': {$ref: 'missing.yaml'}\n",
    )
    .unwrap();
    let out = assert_cmd::Command::cargo_bin("specguard")
        .unwrap()
        .current_dir(dir.path())
        .args(["lint", "--format", "sarif", "openapi.yaml"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let sarif: Value = serde_json::from_slice(&out).unwrap();
    assert_valid_sarif(&sarif);
    let rule_ids: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["ruleId"].as_str().unwrap())
        .collect();
    assert!(
        rule_ids.contains(&"ref-unresolved") && rule_ids.contains(&"idempotency-key-not-required"),
        "{rule_ids:?}"
    );
    let described = sarif["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap()
        .len();
    assert_eq!(described, specguard::lint::all_rule_meta().len());
}
