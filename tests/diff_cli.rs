//! `specguard diff` on the command line: exit codes and `--fail-on`, and where GitHub
//! annotations of removals go.

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
// Exit codes

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
