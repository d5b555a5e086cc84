//! The examples users read first stay true: the recorded output of the broken example is
//! exactly what the binary prints, and the sample configuration loads and names every key the
//! configuration parser accepts.
//!
//! After a deliberate change to the output, re-record with
//! `SPECGUARD_BLESS=1 cargo test --test examples` and review the diff.

mod common;

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;
use specguard::config::Config;
use specguard::resolve::{LoadOptions, Loader, SpecInput};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Runs specguard from the repository root, as the README's commands are written, with the
/// environment a terminal-less user has (no colour either way).
fn run(args: &[&str]) -> (i32, String) {
    let out = Command::cargo_bin("specguard")
        .unwrap()
        .current_dir(root())
        .env_remove("NO_COLOR")
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap(),
        String::from_utf8(out.stdout).unwrap(),
    )
}

/// Compares `actual` with the recorded file, or rewrites the file under SPECGUARD_BLESS=1.
fn assert_recorded(file: &str, actual: &str) {
    let path = root().join(file);
    if std::env::var_os("SPECGUARD_BLESS").is_some() {
        std::fs::write(&path, actual).unwrap();
        return;
    }
    let recorded = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{file}: {e} (record it with SPECGUARD_BLESS=1)"));
    if recorded != actual {
        let first = recorded
            .lines()
            .zip(actual.lines())
            .position(|(a, b)| a != b)
            .unwrap_or(recorded.lines().count().min(actual.lines().count()));
        panic!(
            "{file} is stale from line {}: re-record with SPECGUARD_BLESS=1 cargo test --test examples\n--- recorded\n{}\n--- printed now\n{}",
            first + 1,
            recorded.lines().nth(first).unwrap_or("<end>"),
            actual.lines().nth(first).unwrap_or("<end>")
        );
    }
}

#[test]
fn the_broken_example_prints_its_recorded_output() {
    let (code, pretty) = run(&["lint", "examples/broken.yaml"]);
    assert_eq!(code, 1, "the broken example has errors");
    assert!(!pretty.contains('\u{1b}'), "no colour when not a terminal");
    assert_recorded("examples/broken.out.txt", &pretty);

    let (code, json) = run(&["lint", "--format", "json", "examples/broken.yaml"]);
    assert_eq!(code, 1);
    assert_recorded("examples/broken.out.json", &json);
}

#[test]
fn the_broken_example_shows_idempotency_mistakes_not_only_loader_errors() {
    let (_, json) = run(&["lint", "--format", "json", "examples/broken.yaml"]);
    let json: Value = serde_json::from_str(&json).unwrap();
    let rules: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap())
        .collect();
    for rule in [
        "idempotency-key-missing",
        "idempotency-key-not-required",
        "idempotency-key-pattern-unanchored",
        "idempotency-key-pattern-rejects-uuid",
        "idempotency-conflict-response-missing",
        "idempotency-retry-after-missing",
        "idempotency-status-header-values",
        "ref-unresolved",
        "duplicate-key",
    ] {
        assert!(rules.contains(&rule), "{rule} missing from {rules:?}");
    }
}

const CONFIG: &str = "examples/config/.specguard.yaml";

#[test]
fn the_sample_configuration_loads_with_what_it_says() {
    let config = Config::load(&root().join(CONFIG)).unwrap_or_else(|e| panic!("{e:?}"));
    let methods = &config.idempotency.methods;
    assert!(methods.iter().any(|m| m == "put"), "{methods:?}");
    assert_eq!(config.idempotency.aliases, ["X-Request-Id"]);
    assert_eq!(config.overrides.len(), 1);
    assert_eq!(config.ignores.len(), 1);
    assert!(config.diff.accepted.contains_key("e67d0998793b2b06"));
    assert_eq!(
        config.diff.levels.get("response-property-added"),
        Some(&None)
    );
    assert_eq!(config.diff.sunset.stable_days, 180);
    assert_eq!(config.diff.sunset.beta_days, 30);
    // It lints the good example cleanly, as `--config` would use it.
    let (code, out) = run(&["lint", "--config", CONFIG, "examples/openapi.yaml"]);
    assert_eq!((code, out.as_str()), (0, "No findings in 1 file.\n"));
}

/// The keys the parser accepts in one place, read from its own error message for an unknown
/// key there ("... (expected one of: a, b, c)"), so that a key added to the parser and not to
/// the sample fails this test.
fn accepted_keys(config: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(".specguard.yaml");
    std::fs::write(&path, config).unwrap();
    let error = Config::load(&path).expect_err("an unknown key is an error");
    let message: String = error
        .findings()
        .map(|(_, f)| f.message.clone())
        .find(|m| m.contains("'bogus'"))
        .unwrap_or_else(|| error.render());
    let start = message
        .find("(expected ")
        .unwrap_or_else(|| panic!("no key list in: {message}"))
        + "(expected ".len();
    let list = &message[start..];
    let list = list.strip_prefix("one of: ").unwrap_or(list);
    list[..list.find(')').unwrap()]
        .split(", ")
        .map(str::to_string)
        .collect()
}

fn sample_as_json() -> Value {
    let ws = Loader::new(LoadOptions::default(), root().to_path_buf())
        .load(&SpecInput::File(PathBuf::from(CONFIG)))
        .unwrap();
    common::to_json(ws.root().unwrap())
}

fn keys(value: &Value) -> Vec<String> {
    value
        .as_object()
        .unwrap_or_else(|| panic!("not a mapping: {value}"))
        .keys()
        .cloned()
        .collect()
}

#[test]
fn the_sample_configuration_shows_every_key_the_parser_accepts() {
    let sample = sample_as_json();
    let rule_with_options = sample["rules"]
        .as_object()
        .unwrap()
        .values()
        .find(|v| v.is_object() && v.get("options").is_some())
        .expect("a rule with severity and options")
        .clone();
    let places: [(&str, &str, Value); 7] = [
        ("the top level", "bogus: 1\n", sample.clone()),
        (
            "idempotency",
            "idempotency: {bogus: 1}\n",
            sample["idempotency"].clone(),
        ),
        (
            "a rule's setting",
            "rules: {idempotency-key-format: {severity: warn, bogus: 1}}\n",
            rule_with_options,
        ),
        (
            "an override",
            "overrides: [{files: [a], rules: {}, bogus: 1}]\n",
            sample["overrides"][0].clone(),
        ),
        ("diff", "diff: {bogus: 1}\n", sample["diff"].clone()),
        (
            "an accepted change",
            "diff: {accepted: [{fingerprint: e67d0998793b2b06, bogus: 1}]}\n",
            sample["diff"]["accepted"][0].clone(),
        ),
        (
            "diff.deprecation-days",
            "diff: {deprecation-days: {bogus: 1}}\n",
            sample["diff"]["deprecation-days"].clone(),
        ),
    ];
    for (place, probe, shown) in places {
        let accepted = accepted_keys(probe);
        assert!(accepted.len() >= 2, "{place}: {accepted:?}");
        let shown = keys(&shown);
        for key in &accepted {
            assert!(
                shown.contains(key),
                "{CONFIG} does not show `{key}` in {place} (shows {shown:?})"
            );
        }
    }
}

#[test]
fn the_readme_quotes_the_recorded_output_exactly() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let quick_start = &readme[readme.find("## Quick start").expect("a Quick start")..];
    let start = quick_start.find("```text\n").expect("a quoted output") + "```text\n".len();
    let quoted = &quick_start[start..start + quick_start[start..].find("```").unwrap()];
    let recorded = std::fs::read_to_string(root().join("examples/broken.out.txt")).unwrap();
    assert!(
        recorded.contains(quoted),
        "README's quoted finding is not in examples/broken.out.txt:\n{quoted}"
    );
}
