//! The command line end to end: exit codes, formats, stdin, output files and git revisions.

mod common;

use assert_cmd::Command;
use common::git;
use predicates::prelude::*;

fn specguard() -> Command {
    let mut cmd = Command::cargo_bin("specguard").unwrap();
    cmd.current_dir(env!("CARGO_MANIFEST_DIR"));
    cmd.env_remove("NO_COLOR");
    cmd
}

#[test]
fn the_readme_example_is_clean() {
    specguard()
        .args([
            "lint",
            "examples/openapi.yaml",
            "examples/multi-file/openapi.yaml",
        ])
        .assert()
        .code(0)
        .stdout("No findings in 5 files.\n");
}

#[test]
fn findings_exit_1_and_render_code_frames_without_colour_when_piped() {
    let out = specguard()
        .args(["lint", "examples/broken.yaml"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let text = String::from_utf8(out).unwrap();
    assert!(
        !text.contains('\u{1b}'),
        "no ANSI escapes when not a terminal"
    );
    assert!(text.contains("╭─[examples/broken.yaml:65:17]"), "{text}");
    assert!(
        text.contains("╭─[examples/broken.yaml:96:9]"),
        "the related location is shown: {text}"
    );
    assert!(
        text.ends_with("9 error(s), 2 warning(s), 2 info, 0 hint(s) in 1 file.\n"),
        "{text}"
    );
}

#[test]
fn json_output_follows_the_contract() {
    let out = specguard()
        .args(["lint", "--format", "json", "examples/broken.yaml"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let findings = json["findings"].as_array().unwrap();
    assert_eq!(findings.len(), 13);
    let by_rule = |rule: &str| {
        findings
            .iter()
            .find(|f| f["rule"] == rule)
            .unwrap_or_else(|| panic!("no {rule}"))
    };
    let first = by_rule("ref-unresolved");
    for key in [
        "rule",
        "severity",
        "message",
        "file",
        "line",
        "column",
        "end_line",
        "end_column",
        "pointer",
    ] {
        assert!(first.get(key).is_some(), "missing {key}: {first}");
    }
    assert_eq!(first["file"], "examples/broken.yaml");
    assert_eq!(
        (first["line"].as_u64(), first["column"].as_u64()),
        (Some(65), Some(17))
    );
    assert_eq!(
        (first["end_line"].as_u64(), first["end_column"].as_u64()),
        (Some(65), Some(56))
    );
    assert_eq!(
        first["pointer"],
        "/paths/~1orders~1{orderId}~1cancel/post/parameters/0/$ref"
    );
    let dup = by_rule("duplicate-key");
    assert_eq!(dup["related"][0]["line"], 96);
    assert_eq!(
        json["summary"],
        serde_json::json!({"error": 9, "warn": 2, "info": 2, "hint": 0, "files": 1})
    );
}

#[test]
fn fail_severity_none_always_exits_0_and_output_goes_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("report.json");
    specguard()
        .args([
            "lint",
            "--fail-severity",
            "none",
            "--format",
            "json",
            "--output",
        ])
        .arg(&out)
        .arg("examples/broken.yaml")
        .assert()
        .code(0)
        .stdout("");
    let json: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out).unwrap()).unwrap();
    assert_eq!(json["summary"]["error"], 9);
}

#[test]
fn warnings_fail_only_at_warn_threshold() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("a.yaml"),
        "openapi: 3.0\ninfo: {title: t, version: '1'}\npaths: {}\n",
    )
    .unwrap();
    let run = |threshold: &str| {
        specguard()
            .current_dir(dir.path())
            .args(["lint", "--fail-severity", threshold, "a.yaml"])
            .assert()
    };
    run("error").code(0);
    run("warn").code(1);
}

#[test]
fn stdin_is_read_with_dash() {
    specguard()
        .args(["lint", "--format", "json", "-"])
        .write_stdin("openapi: 3.1.0\ninfo: {title: t, version: '1'}\nx-a:\n  $ref: '#/nope'\n")
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("\"file\": \"-\"")
                .and(predicate::str::contains("\"line\": 4")),
        );
}

#[test]
fn unreadable_input_exits_2_with_a_clear_message() {
    specguard()
        .args(["lint", "does-not-exist.yaml"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicate::str::contains(
            "does-not-exist.yaml: no such file",
        ));
    specguard()
        .args(["lint", "src/rules"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("src/rules: no OpenAPI documents"));
    specguard()
        .args(["lint", "--max-file-size", "10", "examples/openapi.yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "over the file size limit of 10 bytes (raise it with --max-file-size)",
        ));
}

#[test]
fn a_directory_is_walked_for_openapi_documents() {
    // examples/ holds three documents (broken.yaml, openapi.yaml, multi-file/openapi.yaml);
    // the multi-file components are linted through the document that references them.
    specguard()
        .args(["lint", "--format", "json", "examples"])
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("\"files\": 6").and(predicate::str::contains("\"error\": 9")),
        );
}

#[test]
fn one_unreadable_spec_still_reports_the_others() {
    specguard()
        .args([
            "lint",
            "--format",
            "json",
            "examples/broken.yaml",
            "missing.yaml",
        ])
        .assert()
        .code(2)
        .stdout(predicate::str::contains("\"error\": 9"))
        .stderr(predicate::str::contains("missing.yaml"));
}

#[test]
fn usage_errors_exit_2() {
    specguard().args(["lint"]).assert().code(2);
    specguard()
        .args(["lint", "--format", "xml", "x.yaml"])
        .assert()
        .code(2);
    specguard().args(["frobnicate"]).assert().code(2);
}

/// A repository with two commits of a multi-file spec: the first has a broken ref in a
/// referenced file, the second fixes it and adds a duplicate key in the entry file.
fn two_commit_repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    git(p, &["init", "-q", "-b", "main"]);
    std::fs::create_dir_all(p.join("api/schemas")).unwrap();
    std::fs::write(p.join("api/openapi.yaml"), "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n  /pets:\n    $ref: 'paths.yaml#/pets'\n").unwrap();
    std::fs::write(
        p.join("api/paths.yaml"),
        "pets:\n  get:\n    responses:\n      '200':\n        $ref: 'schemas/missing.yaml#/Ok'\n",
    )
    .unwrap();
    git(p, &["add", "."]);
    git(p, &["commit", "-q", "-m", "first"]);
    std::fs::write(p.join("api/schemas/ok.yaml"), "Ok:\n  description: ok\n").unwrap();
    std::fs::write(
        p.join("api/paths.yaml"),
        "pets:\n  get:\n    responses:\n      '200':\n        $ref: 'schemas/ok.yaml#/Ok'\n",
    )
    .unwrap();
    std::fs::write(p.join("api/openapi.yaml"), "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ninfo: {title: u, version: '2'}\npaths:\n  /pets:\n    $ref: 'paths.yaml#/pets'\n").unwrap();
    git(p, &["add", "."]);
    git(p, &["commit", "-q", "-m", "second"]);
    dir
}

#[test]
fn git_revisions_resolve_refs_inside_the_same_revision() {
    let repo = two_commit_repo();
    // HEAD~1: the ref in paths.yaml (read from the revision) is broken there.
    let out = specguard()
        .current_dir(repo.path())
        .args(["lint", "--format", "json", "HEAD~1:api/openapi.yaml"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    let f = &json["findings"][0];
    assert_eq!(f["rule"], "ref-unresolved");
    assert_eq!(f["file"], "HEAD~1:api/paths.yaml");
    assert_eq!(
        (f["line"].as_u64(), f["column"].as_u64()),
        (Some(5), Some(15))
    );
    assert!(
        f["message"]
            .as_str()
            .unwrap()
            .contains("'api/schemas/missing.yaml' does not exist at revision 'HEAD~1'"),
        "{f}"
    );
    assert_eq!(json["findings"].as_array().unwrap().len(), 1);
    // HEAD (main): the refs resolve; the duplicate key in the entry is reported.
    let out = specguard()
        .current_dir(repo.path())
        .args(["lint", "--format", "json", "main:api/openapi.yaml"])
        .assert()
        .code(1)
        .get_output()
        .stdout
        .clone();
    let json: serde_json::Value = serde_json::from_slice(&out).unwrap();
    assert_eq!(json["findings"].as_array().unwrap().len(), 1, "{json}");
    assert_eq!(json["findings"][0]["rule"], "duplicate-key");
    assert_eq!(json["findings"][0]["file"], "main:api/openapi.yaml");
    assert_eq!(json["summary"]["files"], 3);
}

#[test]
fn git_paths_relative_to_the_current_directory_and_bad_revisions() {
    let repo = two_commit_repo();
    // From api/, `./openapi.yaml` is relative to the current directory, as in git.
    specguard()
        .current_dir(repo.path().join("api"))
        .args(["lint", "HEAD~1:./openapi.yaml"])
        .assert()
        .code(1)
        .stdout(predicate::str::contains("HEAD~1:api/paths.yaml:5:15"));
    specguard()
        .current_dir(repo.path())
        .args(["lint", "nosuchbranch:api/openapi.yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nosuchbranch"));
    specguard()
        .current_dir(repo.path())
        .args(["lint", "HEAD:api/nope.yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains(
            "'api/nope.yaml' does not exist at revision 'HEAD'",
        ));
}

#[test]
fn a_path_on_disk_wins_over_a_revision_reading() {
    let repo = two_commit_repo();
    // A file literally named `HEAD~1:x.yaml` exists: it is read from disk.
    std::fs::write(
        repo.path().join("HEAD~1:x.yaml"),
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n",
    )
    .unwrap();
    specguard()
        .current_dir(repo.path())
        .args(["lint", "HEAD~1:x.yaml"])
        .assert()
        .code(0);
}

#[test]
fn root_defaults_to_the_spec_directory_and_can_be_widened() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("api")).unwrap();
    std::fs::create_dir_all(dir.path().join("common")).unwrap();
    std::fs::write(
        dir.path().join("api/openapi.yaml"),
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A:\n      $ref: '../common/schemas.yaml#/A'\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("common/schemas.yaml"),
        "A: {type: string}\n",
    )
    .unwrap();
    // No .git anywhere: the root is the spec's directory, and the ref leaves it.
    specguard()
        .current_dir(dir.path())
        .args(["lint", "api/openapi.yaml"])
        .assert()
        .code(1)
        .stdout(
            predicate::str::contains("ref-outside-root")
                .and(predicate::str::contains("api/openapi.yaml:7:13")),
        );
    specguard()
        .current_dir(dir.path())
        .args(["lint", "--root", ".", "api/openapi.yaml"])
        .assert()
        .code(0);
    // A .git at the top makes the whole project the default root.
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    specguard()
        .current_dir(dir.path())
        .args(["lint", "api/openapi.yaml"])
        .assert()
        .code(0);
}

#[test]
fn since_reports_only_new_findings_matched_by_pointer_not_line() {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path();
    git(p, &["init", "-q", "-b", "main"]);
    let op = |path: &str| {
        format!("  {path}:\n    post:\n      responses:\n        '201': {{description: ok}}\n")
    };
    let head = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n";
    std::fs::write(p.join("openapi.yaml"), format!("{head}{}", op("/a"))).unwrap();
    git(p, &["add", "."]);
    git(p, &["commit", "-q", "-m", "legacy"]);
    // Lines shift (a description is added above) and a new operation arrives.
    let edited = format!(
        "openapi: 3.1.0\ninfo:\n  title: t\n  description: |\n    more\n    lines\n  version: '1'\npaths:\n{}{}",
        op("/a"),
        op("/b")
    );
    std::fs::write(p.join("openapi.yaml"), edited).unwrap();
    let rules = |args: &[&str]| -> Vec<String> {
        let out = specguard()
            .current_dir(p)
            .arg("lint")
            .args(["--format", "json"])
            .args(args)
            .output()
            .unwrap();
        let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| {
                format!(
                    "{} {}",
                    f["rule"].as_str().unwrap(),
                    f["pointer"].as_str().unwrap()
                )
            })
            .collect()
    };
    assert_eq!(
        rules(&["openapi.yaml"]).len(),
        4,
        "two operations, each without key and without 409"
    );
    assert_eq!(
        rules(&["--since", "HEAD", "openapi.yaml"]),
        [
            "idempotency-key-missing /paths/~1b/post",
            "idempotency-conflict-response-missing /paths/~1b/post/responses"
        ]
    );
    specguard()
        .current_dir(p)
        .args(["lint", "--since", "nosuchrev", "openapi.yaml"])
        .assert()
        .code(2)
        .stderr(predicate::str::contains("nosuchrev"));
}
