//! `specguard diff` on the command line: `--list-checks`, exit codes and `--fail-on`, the
//! configuration's `diff:` section (re-levelled, off and accepted changes, located mistakes,
//! discovery from the head spec's directory), and where GitHub annotations of removals go.

mod common;

use assert_cmd::Command;
use common::{Project, git};
use serde_json::Value;

fn specguard() -> Command {
    Command::cargo_bin("specguard").unwrap()
}

struct Run {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(dir: &std::path::Path, args: &[&str]) -> Run {
    let out = specguard().current_dir(dir).args(args).output().unwrap();
    Run {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    }
}

fn json(r: &Run) -> Value {
    serde_json::from_str(&r.stdout).unwrap_or_else(|_| panic!("{}{}", r.stdout, r.stderr))
}

/// Change ids of a JSON run.
fn ids(r: &Run) -> Vec<String> {
    json(r)["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap().to_string())
        .collect()
}

// ---------------------------------------------------------------------------------------
// --list-checks

#[test]
fn list_checks_prints_every_check_aligned() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(dir.path(), &["diff", "--list-checks"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    let checks = specguard::diff::CHECKS;
    let lines: Vec<&str> = r.stdout.lines().collect();
    assert_eq!(lines.len(), checks.len());
    // One line per check in catalogue order, the summary starting in the same column.
    let column = lines[0].find(checks[0].summary).unwrap();
    for (line, check) in lines.iter().zip(checks) {
        assert!(line.starts_with(&format!("{} ", check.id)), "{line}");
        let words: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(words[1], check.level.as_str(), "{line}");
        assert_eq!(words[2], check.area, "{line}");
        assert_eq!(line.find(check.summary), Some(column), "{line}");
    }
}

#[test]
fn list_checks_as_json() {
    let dir = tempfile::tempdir().unwrap();
    let r = run(dir.path(), &["diff", "--list-checks", "--format", "json"]);
    assert_eq!(r.code, 0);
    let list = json(&r);
    let list = list.as_array().unwrap();
    let checks = specguard::diff::CHECKS;
    assert_eq!(list.len(), checks.len());
    for (entry, check) in list.iter().zip(checks) {
        assert_eq!(
            entry,
            &serde_json::json!({"id": check.id, "level": check.level.as_str(), "area": check.area, "summary": check.summary})
        );
    }
}

#[test]
fn list_checks_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    // Only text and JSON.
    let r = run(dir.path(), &["diff", "--list-checks", "--format", "sarif"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("--list-checks"), "{}", r.stderr);
    // Without it, base and head are required.
    let r = run(dir.path(), &["diff", "a.yaml"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("<HEAD>"), "{}", r.stderr);
    // Not both.
    assert_eq!(
        run(dir.path(), &["diff", "--list-checks", "a.yaml", "b.yaml"]).code,
        2
    );
}

// ---------------------------------------------------------------------------------------
// Exit codes and configuration

const BASE: &str = "openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /a:
    get:
      parameters:
        - {name: q, in: query, schema: {type: string}}
      responses:
        '200': {description: ok}
";

/// BASE with an optional parameter added (info) and `q` removed (warn).
const HEAD: &str = "openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /a:
    get:
      parameters:
        - {name: r, in: query, schema: {type: string}}
      responses:
        '200': {description: ok}
";

fn pair(config: Option<&str>) -> Project {
    let mut files: Vec<(&str, &[u8])> = vec![
        ("base.yaml", BASE.as_bytes()),
        ("head.yaml", HEAD.as_bytes()),
    ];
    if let Some(c) = config {
        files.push((".specguard.yaml", c.as_bytes()));
    }
    Project::new(&files)
}

fn diff(p: &Project, extra: &[&str]) -> Run {
    let mut args = vec!["diff"];
    args.extend_from_slice(extra);
    args.extend(["base.yaml", "head.yaml"]);
    run(p.dir.path(), &args)
}

/// One side may come from standard input; both cannot.
#[test]
fn a_side_from_standard_input() {
    let p = pair(None);
    let out = specguard()
        .current_dir(p.dir.path())
        .args(["diff", "--format", "json", "base.yaml", "-"])
        .write_stdin(HEAD)
        .output()
        .unwrap();
    let r = Run {
        code: out.status.code().unwrap(),
        stdout: String::from_utf8(out.stdout).unwrap(),
        stderr: String::from_utf8(out.stderr).unwrap(),
    };
    let from_files = diff(&p, &["--format", "json"]);
    assert_eq!(r.code, from_files.code, "{}", r.stderr);
    assert_eq!(ids(&r), ids(&from_files));
    let head_file = json(&r)["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|c| c["head"]["file"].as_str().map(str::to_string));
    assert_eq!(head_file.as_deref(), Some("-"));
    let both = specguard()
        .current_dir(p.dir.path())
        .args(["diff", "-", "-"])
        .write_stdin(HEAD)
        .output()
        .unwrap();
    assert_eq!(both.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&both.stderr).contains("cannot both be `-`"));
}

#[test]
fn exit_codes_follow_fail_on() {
    let p = pair(None);
    let r = diff(&p, &["--format", "json"]);
    assert_eq!(
        ids(&r),
        ["request-parameter-removed", "request-parameter-added"]
    );
    assert_eq!(r.code, 0, "a warn and an info are below --fail-on error");
    for (fail_on, code) in [("error", 0), ("warn", 1), ("info", 1), ("none", 0)] {
        assert_eq!(diff(&p, &["--fail-on", fail_on]).code, code, "{fail_on}");
    }
    // Every format exits the same way.
    for format in ["pretty", "json", "sarif", "github", "markdown"] {
        assert_eq!(
            diff(&p, &["--format", format, "--fail-on", "warn"]).code,
            1,
            "{format}"
        );
    }
    // Unreadable input is 2.
    let r = run(p.dir.path(), &["diff", "base.yaml", "missing.yaml"]);
    assert_eq!(r.code, 2);
    assert!(r.stderr.contains("missing.yaml"), "{}", r.stderr);
}

#[test]
fn output_goes_to_a_file() {
    let p = pair(None);
    let r = diff(&p, &["--format", "markdown", "--output", "changes.md"]);
    assert_eq!(r.code, 0);
    assert_eq!(r.stdout, "");
    let written = std::fs::read_to_string(p.path("changes.md")).unwrap();
    assert!(
        written.starts_with("## API changes: 0 breaking, 1 to review, 1 compatible"),
        "{written}"
    );
}

#[test]
fn a_relevelled_check_changes_the_exit_code() {
    let p = pair(Some(
        "diff:\n  checks:\n    request-parameter-removed: error\n",
    ));
    let r = diff(&p, &["--format", "json"]);
    assert_eq!(r.code, 1);
    let json = json(&r);
    assert_eq!(json["changes"][0]["level"], "error");
    assert_eq!(
        json["summary"],
        serde_json::json!({"error": 1, "warn": 0, "info": 1, "accepted": 0, "off": 0})
    );
    // Down as well: a warn made info no longer fails --fail-on warn.
    let p = pair(Some(
        "diff:\n  checks:\n    request-parameter-removed: info\n",
    ));
    assert_eq!(diff(&p, &["--fail-on", "warn"]).code, 0);
}

#[test]
fn a_check_turned_off_is_not_reported_but_counted() {
    let p = pair(Some(
        "diff:\n  checks:\n    request-parameter-removed: off\n",
    ));
    let r = diff(&p, &["--format", "json", "--fail-on", "warn"]);
    assert_eq!(r.code, 0);
    assert_eq!(ids(&r), ["request-parameter-added"]);
    assert_eq!(
        json(&r)["summary"],
        serde_json::json!({"error": 0, "warn": 0, "info": 1, "accepted": 0, "off": 1})
    );
    let pretty = diff(&p, &[]).stdout;
    assert!(
        pretty.ends_with(
            "0 breaking, 0 to review, 1 compatible change(s) (0 accepted, 1 turned off by configuration).\n"
        ),
        "{pretty}"
    );
    let markdown = diff(&p, &["--format", "markdown"]).stdout;
    assert!(
        markdown.contains("\n0 accepted, 1 turned off by configuration (not listed).\n"),
        "{markdown}"
    );
    let sarif: Value = serde_json::from_str(&diff(&p, &["--format", "sarif"]).stdout).unwrap();
    assert_eq!(
        sarif["runs"][0]["properties"],
        serde_json::json!({"accepted": 0, "off": 1})
    );
}

#[test]
fn an_accepted_fingerprint_is_not_reported_but_counted() {
    let p = pair(None);
    let r = diff(&p, &["--format", "json"]);
    let removed = json(&r)["changes"][0].clone();
    assert_eq!(removed["id"], "request-parameter-removed");
    let fingerprint = removed["fingerprint"].as_str().unwrap().to_string();
    std::fs::write(
        p.path(".specguard.yaml"),
        format!(
            "diff:\n  accepted:\n    - fingerprint: {}\n      reason: approved in #123\n",
            fingerprint.to_uppercase()
        ),
    )
    .unwrap();
    let r = diff(&p, &["--format", "json", "--fail-on", "warn"]);
    assert_eq!(r.code, 0, "the accepted warn no longer fails the build");
    assert_eq!(ids(&r), ["request-parameter-added"]);
    assert_eq!(json(&r)["summary"]["accepted"], 1);
    assert_eq!(json(&r)["summary"]["off"], 0);
    // An explicit configuration without the acceptance: the same run fails again.
    std::fs::write(p.path("plain.yaml"), "rules: {}\n").unwrap();
    assert_eq!(
        diff(&p, &["--config", "plain.yaml", "--fail-on", "warn"]).code,
        1
    );
    let pretty = diff(&p, &[]).stdout;
    assert!(
        pretty.contains("(1 accepted, 0 turned off by configuration)"),
        "{pretty}"
    );
}

/// A fingerprint made only of digits is a YAML integer; it is read as written.
#[test]
fn a_numeric_looking_fingerprint_is_read_as_written() {
    let p = pair(Some(
        "diff:\n  accepted:\n    - fingerprint: 0123456789012345\n",
    ));
    let r = diff(&p, &["--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.stderr);
    assert_eq!(json(&r)["summary"]["accepted"], 0);
}

#[test]
fn configuration_mistakes_are_located_and_exit_2() {
    let cases = [
        (
            "diff:\n  checks:\n    no-such-check: off\n",
            ".specguard.yaml:3:5",
            "unknown diff check 'no-such-check'",
        ),
        (
            "diff:\n  checks:\n    operation-removed: hint\n",
            ".specguard.yaml:3:24",
            "'hint' is not a diff level",
        ),
        (
            "diff:\n  accepted:\n    - fingerprint: e67d0998793b2b0\n",
            ".specguard.yaml:3:20",
            "'e67d0998793b2b0' is not a change fingerprint",
        ),
        (
            "diff:\n  accepted:\n    - fingerprint: e67d0998793b2b0g\n",
            ".specguard.yaml:3:20",
            "is not a change fingerprint",
        ),
        (
            "diff:\n  accepted:\n    - fingerprint: e67d0998793b2b06\n      why: because\n",
            ".specguard.yaml:4:7",
            "unknown key 'why' in an accepted change",
        ),
        (
            "diff:\n  accepted:\n    - reason: no fingerprint\n",
            ".specguard.yaml:3:7",
            "needs its `fingerprint`",
        ),
        (
            "diff:\n  chekcs: {}\n",
            ".specguard.yaml:2:3",
            "unknown key 'chekcs' in `diff`",
        ),
        (
            "diff:\n  deprecation-days: {stable: -1}\n",
            ".specguard.yaml:2:30",
            "expected a number of days",
        ),
        (
            "diff:\n  deprecation-days: {stable: '180'}\n",
            ".specguard.yaml:2:30",
            "expected a number of days",
        ),
        (
            "diff:\n  deprecation-days: {alpha: 10}\n",
            ".specguard.yaml:2:22",
            "unknown key 'alpha' in `diff.deprecation-days`",
        ),
        (
            "diff: [operation-removed]\n",
            ".specguard.yaml:1:1",
            "`diff` must be a mapping",
        ),
    ];
    for (config, at, message) in cases {
        let p = pair(Some(config));
        let r = diff(&p, &[]);
        assert_eq!(r.code, 2, "{config}");
        assert!(r.stderr.contains(at), "{config}: {}", r.stderr);
        assert!(r.stderr.contains(message), "{config}: {}", r.stderr);
        assert_eq!(r.stdout, "", "{config}");
    }
}

#[test]
fn the_config_is_found_from_the_head_specs_directory() {
    let off = "diff:\n  checks:\n    request-parameter-added: off\n";
    let p = Project::new(&[
        ("old/openapi.yaml", BASE.as_bytes()),
        ("new/openapi.yaml", HEAD.as_bytes()),
        ("new/.specguard.yaml", off.as_bytes()),
        // The base spec's directory and the current directory are not looked at.
        (
            "old/.specguard.yaml",
            b"diff: {checks: {request-parameter-removed: off}}\n",
        ),
        (
            ".specguard.yaml",
            b"diff: {checks: {request-parameter-removed: error}}\n",
        ),
    ]);
    let args = [
        "diff",
        "--format",
        "json",
        "old/openapi.yaml",
        "new/openapi.yaml",
    ];
    let r = run(p.dir.path(), &args);
    assert_eq!(ids(&r), ["request-parameter-removed"]);
    assert_eq!(json(&r)["changes"][0]["level"], "warn");
    assert_eq!(json(&r)["summary"]["off"], 1);
    // Upward from there: without new/.specguard.yaml, the one above it.
    std::fs::remove_file(p.path("new/.specguard.yaml")).unwrap();
    let r = run(p.dir.path(), &args);
    assert_eq!(json(&r)["changes"][0]["level"], "error");
    // --config and --ruleset name one instead.
    std::fs::write(p.path("strict.yaml"), off).unwrap();
    for flag in ["--config", "--ruleset"] {
        let r = run(
            p.dir.path(),
            &[
                "diff",
                flag,
                "strict.yaml",
                "--format",
                "json",
                "old/openapi.yaml",
                "new/openapi.yaml",
            ],
        );
        assert_eq!(ids(&r), ["request-parameter-removed"], "{flag}");
        assert_eq!(json(&r)["changes"][0]["level"], "warn", "{flag}");
    }
}

/// `diff.deprecation-days`: a new deprecation must announce its sunset that far ahead of the
/// day of the diff (here fixed by SPECGUARD_TODAY), as oasdiff's --deprecation-days-stable.
#[test]
fn a_deprecation_grace_period_from_the_configuration() {
    let base = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {description: ok}\n";
    let head = base.replace(
        "    get:\n",
        "    get:\n      deprecated: true\n      x-sunset: '2026-03-01'\n",
    );
    let run_with = |config: &str| {
        let p = Project::new(&[
            ("base.yaml", base.as_bytes()),
            ("head.yaml", head.as_bytes()),
            (".specguard.yaml", config.as_bytes()),
        ]);
        let out = specguard()
            .current_dir(p.dir.path())
            .env("SPECGUARD_TODAY", "2026-01-15")
            .args(["diff", "--format", "json", "base.yaml", "head.yaml"])
            .output()
            .unwrap();
        (
            out.status.code().unwrap(),
            ids(&Run {
                code: 0,
                stdout: String::from_utf8(out.stdout).unwrap(),
                stderr: String::from_utf8(out.stderr).unwrap(),
            }),
        )
    };
    assert_eq!(
        run_with("diff:\n  deprecation-days: {stable: 180}\n"),
        (1, vec!["sunset-too-soon".to_string()])
    );
    // 45 days of notice are enough for a 30-day grace period.
    assert_eq!(
        run_with("diff:\n  deprecation-days: {stable: 30}\n"),
        (0, vec!["operation-deprecated".to_string()])
    );
}

#[test]
fn config_extends_carry_the_diff_section() {
    let p = pair(Some("extends: base-config.yaml\n"));
    std::fs::write(
        p.path("base-config.yaml"),
        "diff:\n  checks:\n    request-parameter-added: error\n",
    )
    .unwrap();
    let r = diff(&p, &["--format", "json"]);
    assert_eq!(r.code, 1);
    assert_eq!(json(&r)["changes"][1]["level"], "error");
}

// ---------------------------------------------------------------------------------------
// GitHub annotations of removals: the nearest surviving place in head

/// The GitHub annotations of `diff base head`, run in `dir`.
fn github(dir: &std::path::Path, base: &str, head: &str) -> Vec<String> {
    let r = run(
        dir,
        &[
            "diff",
            "--format",
            "github",
            "--fail-on",
            "none",
            base,
            head,
        ],
    );
    assert_eq!(r.code, 0, "{}", r.stderr);
    r.stdout.lines().map(str::to_string).collect()
}

/// `file:line:col title` of an annotation.
fn place(annotation: &str) -> String {
    let props = |key: &str| {
        annotation
            .split([' ', ',', ':'])
            .find_map(|p| p.strip_prefix(&format!("{key}=")))
            .unwrap()
            .to_string()
    };
    format!(
        "{}:{}:{} {}",
        props("file"),
        props("line"),
        props("col"),
        props("title")
    )
}

/// Asserts that `out` is one annotation, at `at` (see [`place`]), saying where it was in base.
fn assert_one_annotation(out: &[String], at: &str, was: &str) {
    assert_eq!(out.len(), 1, "{out:#?}");
    assert_eq!(place(&out[0]), at);
    assert!(
        out[0].ends_with(&format!("(in base at {was})")),
        "{}",
        out[0]
    );
}

const TWO_PATHS: &str = "openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /a/{id}:
    get:
      responses:
        '200': {description: ok}
    delete:
      responses:
        '204': {description: gone}
  /b:
    get:
      responses:
        '200': {description: ok}
";

#[test]
fn a_removed_operation_whose_path_survives_annotates_the_path() {
    // The path parameter is renamed as well: the same path template.
    let head = TWO_PATHS
        .replace(
            "    delete:\n      responses:\n        '204': {description: gone}\n",
            "",
        )
        .replace("/a/{id}", "/a/{aid}");
    let p = Project::new(&[
        ("base/openapi.yaml", TWO_PATHS.as_bytes()),
        ("head/openapi.yaml", head.as_bytes()),
    ]);
    let out = github(p.dir.path(), "base/openapi.yaml", "head/openapi.yaml");
    let removed = out
        .iter()
        .find(|l| l.contains("title=operation-removed"))
        .unwrap();
    assert_eq!(
        place(removed),
        "head/openapi.yaml:4:3 operation-removed",
        "{out:#?}"
    );
    assert!(
        removed.ends_with("DELETE /a/{id} was removed (in base at base/openapi.yaml:8)"),
        "{removed}"
    );
}

#[test]
fn a_removed_path_annotates_paths() {
    let head = TWO_PATHS.replace(
        "  /b:\n    get:\n      responses:\n        '200': {description: ok}\n",
        "",
    );
    let p = Project::new(&[
        ("base/openapi.yaml", TWO_PATHS.as_bytes()),
        ("head/openapi.yaml", head.as_bytes()),
    ]);
    let out = github(p.dir.path(), "base/openapi.yaml", "head/openapi.yaml");
    assert_one_annotation(
        &out,
        "head/openapi.yaml:3:1 operation-removed",
        "base/openapi.yaml:12",
    );
}

const REF_MAIN: &str = "openapi: 3.1.0
info: {title: t, version: '1'}
paths:
  /pets:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: 'components/pet.yaml#/Pet'
";

const PET: &str = "Pet:
  type: object
  properties:
    name:
      type: string
    nickname:
      type: string
";

#[test]
fn a_removal_inside_a_referenced_file_annotates_that_file_in_head() {
    let pet = PET.replace("    nickname:\n      type: string\n", "");
    let p = Project::new(&[
        ("base/openapi.yaml", REF_MAIN.as_bytes()),
        ("base/components/pet.yaml", PET.as_bytes()),
        ("head/openapi.yaml", REF_MAIN.as_bytes()),
        ("head/components/pet.yaml", pet.as_bytes()),
    ]);
    let out = github(p.dir.path(), "base/openapi.yaml", "head/openapi.yaml");
    // `/Pet/properties/nickname` is gone; `/Pet/properties` survives.
    assert_one_annotation(
        &out,
        "head/components/pet.yaml:3:3 response-property-removed",
        "base/components/pet.yaml:6",
    );
}

#[test]
fn a_removal_against_a_git_revision_annotates_the_same_repository_path() {
    let p = Project::new(&[
        ("api/openapi.yaml", REF_MAIN.as_bytes()),
        ("api/components/pet.yaml", PET.as_bytes()),
    ]);
    let dir = p.dir.path();
    git(dir, &["init", "-q", "-b", "main"]);
    git(dir, &["add", "."]);
    git(dir, &["commit", "-q", "-m", "base"]);
    std::fs::write(
        p.path("api/components/pet.yaml"),
        PET.replace("    nickname:\n      type: string\n", ""),
    )
    .unwrap();
    let out = github(dir, "HEAD:api/openapi.yaml", "api/openapi.yaml");
    assert_one_annotation(
        &out,
        "api/components/pet.yaml:3:3 response-property-removed",
        "HEAD:api/components/pet.yaml:6",
    );
    // The head entry moved to api/v2/: the referenced file is still found by its repository
    // path (its path relative to the entry document changed).
    std::fs::create_dir_all(p.path("api/v2")).unwrap();
    std::fs::write(
        p.path("api/v2/openapi.yaml"),
        REF_MAIN.replace("'components/pet.yaml", "'../components/pet.yaml"),
    )
    .unwrap();
    let out = github(dir, "HEAD:api/openapi.yaml", "api/v2/openapi.yaml");
    assert_one_annotation(
        &out,
        "api/components/pet.yaml:3:3 response-property-removed",
        "HEAD:api/components/pet.yaml:6",
    );
}

#[test]
fn when_the_file_is_gone_the_operation_in_head_is_annotated() {
    // Head inlines the schema without `nickname`: components/pet.yaml is not part of head.
    let inline = REF_MAIN.replace(
        "                $ref: 'components/pet.yaml#/Pet'\n",
        "                type: object\n                properties:\n                  name: {type: string}\n",
    );
    let p = Project::new(&[
        ("base/openapi.yaml", REF_MAIN.as_bytes()),
        ("base/components/pet.yaml", PET.as_bytes()),
        ("head/openapi.yaml", inline.as_bytes()),
    ]);
    let out = github(p.dir.path(), "base/openapi.yaml", "head/openapi.yaml");
    assert_one_annotation(
        &out,
        "head/openapi.yaml:5:5 response-property-removed",
        "base/components/pet.yaml:6",
    );
}

#[test]
fn a_document_level_removal_annotates_the_top_level_key_of_its_area() {
    // x-idempotency-ttl removed from the top of the entry document: nothing below the root
    // survives, so the annotation goes to `paths`, not to the file's first line.
    let base = include_str!("../examples/openapi.yaml");
    let head = base.replace("x-idempotency-ttl: PT24H\n", "");
    let p = Project::new(&[
        ("base.yaml", base.as_bytes()),
        ("head.yaml", head.as_bytes()),
    ]);
    let out = github(p.dir.path(), "base.yaml", "head.yaml");
    let paths_line = head.lines().position(|l| l == "paths:").unwrap() + 1;
    assert_one_annotation(
        &out,
        &format!("head.yaml:{paths_line}:1 idempotency-ttl-removed"),
        "base.yaml:8",
    );
}
