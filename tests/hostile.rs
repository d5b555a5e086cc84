//! The adversarial suite: hostile input, run through the real binary, must end with the
//! expected located finding (exit 1) or a clear error (exit 2), never a panic, a hang or an
//! exhausted memory. Every case runs under a time bound: a generous wall-clock guard against
//! hangs (these are debug builds on shared machines), not a performance assertion; the release
//! timings are in the README's Limits section.

mod common;

use std::path::Path;
use std::process::Output;
use std::time::Duration;

use assert_cmd::Command;
use common::Project;
use serde_json::Value;

/// A hang guard, far above what any case takes.
const BOUND: Duration = Duration::from_secs(120);

const HEAD: &str = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n";

fn spec(rest: &str) -> Vec<u8> {
    format!("{HEAD}{rest}").into_bytes()
}

fn run(dir: &Path, args: &[&str]) -> Output {
    Command::cargo_bin("specguard")
        .unwrap()
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .timeout(BOUND)
        .output()
        .unwrap()
}

/// `specguard lint --format json ARGS` in `dir`: the exit code and `rule file:line:col` plus the
/// message of each finding. A panic would show as exit 101 and fail every assertion below.
fn lint(dir: &Path, args: &[&str]) -> (i32, Vec<String>) {
    let mut all = vec!["lint", "--format", "json"];
    all.extend_from_slice(args);
    let out = run(dir, &all);
    let code = out.status.code().expect("exited, not killed");
    assert!(
        code == 0 || code == 1,
        "exit {code}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON output");
    let lines = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {}:{}:{} | {}",
                f["rule"].as_str().unwrap(),
                f["file"].as_str().unwrap(),
                f["line"],
                f["column"],
                f["message"].as_str().unwrap()
            )
        })
        .collect();
    (code, lines)
}

/// The findings of one rule only.
fn of(lines: &[String], rule: &str) -> Vec<String> {
    lines
        .iter()
        .filter(|l| l.starts_with(&format!("{rule} ")))
        .cloned()
        .collect()
}

/// `specguard lint ARGS` that must fail with exit 2 and this on stderr.
fn refused(dir: &Path, args: &[&str], stderr: &str) {
    let mut all = vec!["lint"];
    all.extend_from_slice(args);
    let out = run(dir, &all);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains(stderr), "{err}");
}

#[test]
fn billion_laughs_is_not_expanded() {
    let mut bomb = String::from(HEAD);
    bomb.push_str("x-a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    let mut prev = 'a';
    for name in 'b'..='z' {
        bomb.push_str(&format!("x-{name}: &{name} [*{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}, *{prev}]\n"));
        prev = name;
    }
    // 9^26 strings if expanded; every alias stays one node.
    bomb.push_str("x-use:\n  $ref: '#/x-z'\n");
    let p = Project::new(&[("bomb.yaml", bomb.as_bytes())]);
    assert_eq!(lint(p.dir.path(), &["bomb.yaml"]), (0, vec![]));
    // The differ walks aliases as shared nodes too.
    let out = run(p.dir.path(), &["diff", "bomb.yaml", "bomb.yaml"]);
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn hundred_thousand_levels_of_nesting() {
    let n = 100_000;
    let json = format!(
        "{{\"openapi\": \"3.1.0\", \"x\": {}{}}}",
        "[".repeat(n),
        "]".repeat(n)
    );
    let flow = format!("{HEAD}x: {}{}\n", "[".repeat(n), "]".repeat(n));
    // Block nesting: compact nested sequences (`- - - x`), 100,000 levels on one line.
    let block = format!("{HEAD}x:\n{}x\n", "- ".repeat(n));
    let p = Project::new(&[
        ("deep.json", json.as_bytes()),
        ("flow.yaml", flow.as_bytes()),
        ("block.yaml", block.as_bytes()),
    ]);
    let (code, lines) = lint(p.dir.path(), &["deep.json", "flow.yaml", "block.yaml"]);
    assert_eq!(code, 1);
    let deep = of(&lines, "nesting-too-deep");
    assert_eq!(deep.len(), 3, "{lines:#?}");
    assert!(
        deep[0].starts_with("nesting-too-deep block.yaml:5:"),
        "{}",
        deep[0]
    );
    assert!(deep[0].ends_with("nesting deeper than 1000 levels; the rest of the file is not read (raise the limit with --max-depth)"));
    // `{"openapi": "3.1.0", "x": ` is 26 characters; the object is level 1.
    assert!(
        deep[1].starts_with("nesting-too-deep deep.json:1:1026 |"),
        "{}",
        deep[1]
    );
    assert!(
        deep[2].starts_with("nesting-too-deep flow.yaml:4:"),
        "{}",
        deep[2]
    );
    // The limit is a flag.
    let (_, lines) = lint(p.dir.path(), &["--max-depth", "10", "block.yaml"]);
    assert!(
        lines[0].starts_with("nesting-too-deep block.yaml:5:"),
        "{lines:#?}"
    );
}

#[test]
fn ref_cycles_in_a_file_across_files_and_through_long_chains() {
    let mut files: Vec<(String, Vec<u8>)> = vec![
        (
            "openapi.yaml".into(),
            spec(
                "x-self:\n  $ref: '#/x-self'\nx-file:\n  $ref: 'a.yaml'\nx-whole:\n  $ref: 'openapi.yaml'\nx-chain:\n  $ref: 'c0.yaml'\nx-recursive:\n  type: object\n  properties:\n    child:\n      $ref: '#/x-recursive'\n",
            ),
        ),
        ("a.yaml".into(), b"$ref: 'b.yaml'\n".to_vec()),
        ("b.yaml".into(), b"$ref: 'a.yaml#'\n".to_vec()),
    ];
    // 1,000 files, each a ref to the next, the last back to the first.
    for i in 0..1000 {
        let next = (i + 1) % 1000;
        files.push((
            format!("c{i}.yaml"),
            format!("$ref: 'c{next}.yaml'\n").into_bytes(),
        ));
    }
    let borrowed: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_slice()))
        .collect();
    let p = Project::new(&borrowed);
    let (code, lines) = lint(p.dir.path(), &["openapi.yaml"]);
    assert_eq!(code, 1);
    let cycles = of(&lines, "ref-cycle");
    assert_eq!(cycles.len(), 3, "{lines:#?}");
    assert!(
        cycles[0].starts_with(
            "ref-cycle a.yaml:1:7 | $ref cycle that never reaches a value: b.yaml -> a.yaml#"
        ),
        "{}",
        cycles[0]
    );
    assert!(
        cycles[1].starts_with(
            "ref-cycle c0.yaml:1:7 | $ref cycle that never reaches a value: c1.yaml -> c2.yaml"
        ),
        "{}",
        cycles[1]
    );
    assert_eq!(
        cycles[2],
        "ref-cycle openapi.yaml:5:9 | $ref cycle that never reaches a value: #/x-self -> back to the start"
    );
    // The self-including file and the recursive schema are legal.
    assert_eq!(lines.len(), 3, "{lines:#?}");
}

#[test]
fn a_chain_longer_than_the_limit_is_named() {
    let mut text = spec("x-use:\n  $ref: '#/x-s/s0'\nx-s:\n");
    for i in 0..20_000 {
        text.extend_from_slice(format!("  s{i}: {{$ref: '#/x-s/s{}'}}\n", i + 1).as_bytes());
    }
    text.extend_from_slice(b"  s20000: {type: string}\n");
    let p = Project::new(&[("chain.yaml", &text)]);
    let (code, lines) = lint(p.dir.path(), &["chain.yaml"]);
    assert_eq!(code, 1);
    // 20,001 refs in a row: each stretch of 10,000 is named where it starts.
    assert_eq!(
        lines,
        [
            "limit-exceeded chain.yaml:5:9 | $ref '#/x-s/s0' starts a chain of more than 10000 refs that each name the next; it is not followed (raise the limit with --max-ref-chain)",
            "limit-exceeded chain.yaml:10006:17 | $ref '#/x-s/s10000' starts a chain of more than 10000 refs that each name the next; it is not followed (raise the limit with --max-ref-chain)"
        ]
    );
    assert_eq!(
        lint(p.dir.path(), &["--max-ref-chain", "20001", "chain.yaml"]),
        (0, vec![])
    );
}

#[test]
fn refs_that_leave_the_root_are_never_read() {
    let p = Project::new(&[
        (
            "api/openapi.yaml",
            &spec(
                "x-passwd:\n  $ref: '/etc/passwd'\nx-up:\n  $ref: '../../outside.yaml'\nx-link:\n  $ref: 'link.yaml'\nx-file-url:\n  $ref: 'file:///etc/passwd'\nx-http:\n  $ref: 'http://169.254.169.254/latest/meta-data'\nx-dir:\n  $ref: 'schemas'\nx-loop:\n  $ref: 'loop1.yaml'\n",
            ),
        ),
        ("api/schemas/a.yaml", b"type: string\n"),
    ]);
    let api = p.path("api");
    std::os::unix::fs::symlink("/etc/passwd", api.join("link.yaml")).unwrap();
    std::os::unix::fs::symlink("loop2.yaml", api.join("loop1.yaml")).unwrap();
    std::os::unix::fs::symlink("loop1.yaml", api.join("loop2.yaml")).unwrap();
    let (code, lines) = lint(&api, &["openapi.yaml"]);
    assert_eq!(code, 1);
    let outside = p.dir.path().parent().unwrap().join("outside.yaml");
    let root = api.display();
    assert_eq!(
        lines,
        [
            format!("ref-outside-root openapi.yaml:5:9 | $ref '/etc/passwd' resolves to /etc/passwd, outside the project root {root}"),
            format!("ref-outside-root openapi.yaml:7:9 | $ref '../../outside.yaml' resolves to {}, outside the project root {root}", outside.display()),
            format!("ref-outside-root openapi.yaml:9:9 | $ref 'link.yaml': link.yaml is a symlink to /etc/passwd, outside the project root {root}"),
            "ref-remote openapi.yaml:11:9 | $ref 'file:///etc/passwd' uses the 'file:' scheme; only relative paths and '#/' pointers are followed".into(),
            "ref-remote openapi.yaml:13:9 | $ref 'http://169.254.169.254/latest/meta-data' is a remote URL; specguard does not fetch URLs".into(),
            "ref-unresolved openapi.yaml:15:9 | $ref 'schemas' cannot be followed: schemas is a directory, not a file".into(),
            "ref-unresolved openapi.yaml:17:9 | $ref 'loop1.yaml' cannot be followed: loop1.yaml: Too many levels of symbolic links (os error 40)".into(),
        ]
    );
}

#[test]
fn oversized_and_endless_inputs_are_refused_before_reading() {
    let p = Project::new(&[("ok.yaml", HEAD.as_bytes())]);
    // A sparse 200 MB file: refused from its size, nothing read.
    let big = std::fs::File::create(p.path("big.yaml")).unwrap();
    big.set_len(200 * 1024 * 1024).unwrap();
    refused(
        p.dir.path(),
        &["big.yaml"],
        "error: big.yaml: the file is 209715200 bytes, over the file size limit of 104857600 bytes (raise it with --max-file-size)",
    );
    // A device that never ends: read up to the limit, then refused.
    refused(
        p.dir.path(),
        &["--max-file-size", "1000", "/dev/zero"],
        "error: /dev/zero: the file is larger than the file size limit of 1000 bytes; reading stopped there (raise it with --max-file-size)",
    );
    // A referenced FIFO is never opened (opening one blocks until a writer comes).
    std::fs::write(p.path("fifo-user.yaml"), spec("x-a:\n  $ref: 'fifo'\n")).unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(p.path("fifo"))
        .status()
        .unwrap();
    assert!(status.success());
    assert_eq!(
        lint(p.dir.path(), &["fifo-user.yaml"]),
        (
            1,
            vec!["ref-unresolved fifo-user.yaml:5:9 | $ref 'fifo' cannot be followed: fifo is not a regular file (a FIFO, device or socket); a $ref must name a file".into()]
        )
    );
}

#[test]
fn bytes_that_are_not_text() {
    let mut bad_utf8 = spec("x-a: caf");
    bad_utf8.extend_from_slice(&[0xc3, 0x28, b'\n']);
    let mut nul_yaml = spec("x-a: \"a");
    nul_yaml.extend_from_slice(b"\0b\"\n");
    let nul_json = b"{\"openapi\": \"3.1.0\", \"x\": \"a\0b\"}";
    let tab_json = b"{\"openapi\": \"3.1.0\",\n \"x\": \"a\tb\"}";
    let p = Project::new(&[
        ("utf8.yaml", &bad_utf8),
        ("nul.yaml", &nul_yaml),
        ("nul.json", nul_json),
        ("tab.json", tab_json),
    ]);
    let (code, lines) = lint(
        p.dir.path(),
        &["utf8.yaml", "nul.yaml", "nul.json", "tab.json"],
    );
    assert_eq!(code, 1);
    assert_eq!(
        lines,
        [
            "syntax-error nul.json:1:29 | JSON syntax error: control character U+0000 inside a string must be escaped (\\u0000)",
            "syntax-error nul.yaml:4:8 | YAML syntax error: a NUL character (U+0000) is not allowed in YAML; the rest of the file is not read",
            "syntax-error tab.json:2:9 | JSON syntax error: control character U+0009 inside a string must be escaped (\\u0009)",
            "invalid-utf8 utf8.yaml:4:9 | invalid UTF-8 at byte 64; the file is read only up to this point",
        ]
    );
}

#[test]
fn mixed_line_endings_keep_lines_and_columns() {
    // CRLF, then a lone CR, then LF: YAML counts each as one line break.
    let text = b"openapi: 3.1.0\r\ninfo: {title: t, version: '1'}\rpaths: {}\nx-a:\r\n  $ref: '#/nope'\r\n";
    let json = b"{\"openapi\": \"3.1.0\",\r\n\"info\": {\"title\": \"t\", \"version\": \"1\"},\r\"paths\": {},\n  \"x\": {\"$ref\": \"#/nope\"}}";
    let p = Project::new(&[("mixed.yaml", text), ("mixed.json", json)]);
    let (code, lines) = lint(p.dir.path(), &["mixed.yaml", "mixed.json"]);
    assert_eq!(code, 1);
    assert_eq!(
        lines,
        [
            "ref-unresolved mixed.json:4:17 | $ref '#/nope' points at nothing: in mixed.json, /nope does not exist",
            "ref-unresolved mixed.yaml:5:9 | $ref '#/nope' points at nothing: in mixed.yaml, /nope does not exist",
        ]
    );
}

#[test]
fn odd_yaml_keys_tags_and_anchors() {
    let text = spec(concat!(
        "? [a, b]\n",
        ": x\n",
        "&k x-anchored: 1\n",
        "*k : 2\n",
        "x-tagged: !!map {a: !custom 1, b: !!binary aGVsbG8=}\n",
        "x-merge:\n",
        "  <<: {a: 1}\n",
        "  b: 2\n",
        "1.5: float key\n",
        "null: null key\n",
        "true: bool key\n",
        "x-dup: 1\n",
        "x-dup: 2\n",
        "x-int: !!int \"12\"\n",
        "x-not-int: !!int twelve\n",
        "x-float: !!float 1\n",
        "x-null: !!null\n",
    ));
    let p = Project::new(&[("odd.yaml", &text)]);
    let (code, lines) = lint(p.dir.path(), &["odd.yaml"]);
    assert_eq!(code, 1);
    assert_eq!(
        lines,
        [
            "collection-key odd.yaml:4:3 | a sequence or mapping used as a mapping key: JSON and OpenAPI keys are strings; the entry is kept under the key's source text",
            "duplicate-key odd.yaml:7:1 | duplicate key 'x-anchored': the mapping already has it; the later value wins, the first is ignored",
            "duplicate-key odd.yaml:16:1 | duplicate key 'x-dup': the mapping already has it; the later value wins, the first is ignored",
            "syntax-error odd.yaml:18:12 | YAML syntax error: the value 'twelve' does not fit its tag !!int; it is read as a string",
        ]
    );
}

#[test]
fn documents_with_nothing_in_them() {
    let p = Project::new(&[
        ("empty.yaml", b""),
        ("comment.yaml", b"# only a comment\n"),
        ("empty.json", b""),
        ("scalar.yaml", b"just a string\n"),
    ]);
    let (code, lines) = lint(
        p.dir.path(),
        &["empty.yaml", "comment.yaml", "empty.json", "scalar.yaml"],
    );
    assert_eq!(code, 1);
    assert_eq!(
        lines,
        [
            "not-openapi comment.yaml:1:1 | the file holds no document (it is empty or only comments)",
            "syntax-error empty.json:1:1 | JSON syntax error: the document is empty",
            "not-openapi empty.yaml:1:1 | the file holds no document (it is empty or only comments)",
            "not-openapi scalar.yaml:1:1 | not an OpenAPI document: the top level is a scalar, not a mapping",
        ]
    );
}

#[test]
fn numbers_beyond_f64_are_kept_as_written() {
    let base = br#"{"openapi": "3.1.0", "info": {"title": "t", "version": "1"}, "paths": {"/a": {"get": {"parameters": [{"name": "n", "in": "query", "schema": {"type": "integer", "maximum": 1e400, "minimum": -123456789012345678901234567890}}], "responses": {"200": {"description": "ok"}}}}}}"#;
    let head = String::from_utf8(base.to_vec())
        .unwrap()
        .replace("1e400", "1e300");
    let p = Project::new(&[("base.json", base), ("head.json", head.as_bytes())]);
    assert_eq!(lint(p.dir.path(), &["base.json"]), (0, vec![]));
    let out = run(
        p.dir.path(),
        &["diff", "--format", "json", "base.json", "head.json"],
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    let ids: Vec<&str> = json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["id"].as_str().unwrap())
        .collect();
    // 1e400 is beyond f64 (infinite); lowering it to 1e300 narrows what a request may send.
    // Integers compare exactly, beyond what a float tells apart.
    assert_eq!(ids, ["request-bound-narrowed"], "{json:#}");
    assert_eq!(
        json["changes"][0]["message"],
        "query parameter 'n': upper bound changed from <= (a number beyond the range of 64-bit floats) to <= 1e300"
    );
    let exact = String::from_utf8(base.to_vec()).unwrap().replace(
        "-123456789012345678901234567890",
        "-123456789012345678901234567891",
    );
    std::fs::write(p.path("exact.json"), exact).unwrap();
    let out = run(
        p.dir.path(),
        &["diff", "--format", "json", "base.json", "exact.json"],
    );
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json["changes"][0]["message"],
        "query parameter 'n': lower bound changed from >= -123456789012345678901234567890 to >= -123456789012345678901234567891"
    );
    assert_eq!(json["changes"][0]["id"], "request-bound-widened");
}

/// Patterns built to make backtracking engines explode, in the spec and in the config: the
/// automaton engine is linear; what only the backtracking engine can run is bounded by a
/// deadline, and a spec full of them waits at most a fixed number of deadlines.
#[test]
fn catastrophic_patterns_are_bounded_by_design() {
    let op = |path: &str, pattern: &str| {
        format!(
            "  {path}:\n    post:\n      parameters:\n        - name: Idempotency-Key\n          in: header\n          required: true\n          schema: {{type: string, format: uuid, pattern: '{pattern}'}}\n      responses:\n        '200': {{description: ok}}\n"
        )
    };
    let mut text = String::from("openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths:\n");
    // Linear on automata, however nested.
    text.push_str(&op("/nested", "^(a+)+$"));
    text.push_str(&op("/polynomial", "^(.*.*.*.*.*.*.*.*)*x$"));
    // Look-aheads keep them off automata: the ECMA engine times out on them.
    for i in 0..6 {
        text.push_str(&op(
            &format!("/hostile{i}"),
            &format!("^(?=[0-9a-f-]{{{}}})(([0-9a-f-]+)+)+!$", i + 1),
        ));
    }
    let p = Project::new(&[("openapi.yaml", text.as_bytes())]);
    let (code, lines) = lint(p.dir.path(), &["openapi.yaml"]);
    assert_eq!(code, 1);
    let nested = lines
        .iter()
        .find(|l| {
            l.contains("POST /nested") && l.starts_with("idempotency-key-pattern-rejects-uuid")
        })
        .unwrap();
    assert!(nested.ends_with("the `Idempotency-Key` pattern rejects '00000000-0000-4000-8000-000000000000', which crypto.randomUUID() can produce"), "{nested}");
    let unchecked = of(&lines, "limit-exceeded");
    assert_eq!(unchecked.len(), 6, "{lines:#?}");
    for line in &unchecked {
        assert!(line.contains("the `Idempotency-Key` pattern was not checked: the pattern uses a look-ahead, so only a backtracking ECMA-262 engine can match it, and that engine did not finish a fixed sample of keys within 2 s and 512 MiB"), "{line}");
    }
    // A hostile canonical pattern in the config is bounded the same way.
    std::fs::write(
        p.path(".specguard.yaml"),
        "idempotency:\n  canonical-pattern: '^(?=.)(([0-9a-f-]*)*)*#$'\n",
    )
    .unwrap();
    let (code, lines) = lint(p.dir.path(), &["openapi.yaml"]);
    assert_eq!(code, 1);
    assert!(!of(&lines, "limit-exceeded").is_empty(), "{lines:#?}");
}
