//! Configuration: discovery, extends, rule levels, options, overrides, ignores, and located
//! errors with exit code 2.

use assert_cmd::Command;
use predicates::prelude::*;

/// A spec missing its key on POST /old, and with a 409 whose key has no format on POST /orders.
const SPEC: &str = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\nx-idempotency-ttl: PT1H\npaths:\n  /orders:\n    post:\n      parameters:\n        - {in: header, name: Idempotency-Key, required: true, schema: {type: string, pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'}}\n      responses:\n        '400': {description: bad}\n        '409': {description: c, headers: {Retry-After: {schema: {type: integer}}, X-Idempotency-Key-Status: {schema: {type: string, enum: [DUPLICATE, PROCESSING]}}}}\n  /old:\n    post:\n      responses:\n        '409': {description: c, headers: {Retry-After: {schema: {type: integer}}, X-Idempotency-Key-Status: {schema: {type: string, enum: [DUPLICATE, PROCESSING]}}}}\n";

fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let full = dir.path().join(path);
        std::fs::create_dir_all(full.parent().unwrap()).unwrap();
        std::fs::write(full, text).unwrap();
    }
    dir
}

/// `rule severity line` of each finding of a JSON run.
fn run(dir: &std::path::Path, args: &[&str]) -> (i32, Vec<String>) {
    let out = Command::cargo_bin("specguard")
        .unwrap()
        .current_dir(dir)
        .arg("lint")
        .args(["--format", "json"])
        .args(args)
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|_| panic!("{}", String::from_utf8_lossy(&out.stderr)));
    let lines = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            format!(
                "{} {} {}:{}",
                f["rule"].as_str().unwrap(),
                f["severity"].as_str().unwrap(),
                f["file"].as_str().unwrap(),
                f["line"]
            )
        })
        .collect();
    (out.status.code().unwrap(), lines)
}

#[test]
fn without_a_config_the_builtin_ruleset_runs() {
    let dir = project(&[("api/openapi.yaml", SPEC)]);
    assert_eq!(
        run(dir.path(), &["api/openapi.yaml"]),
        (
            1,
            vec![
                "idempotency-key-format warn api/openapi.yaml:8".into(),
                "idempotency-key-missing error api/openapi.yaml:13".into()
            ]
        )
    );
}

#[test]
fn the_nearest_config_wins_and_explicit_config_overrides_discovery() {
    let dir = project(&[
        ("api/openapi.yaml", SPEC),
        (
            ".specguard.yaml",
            "rules: {idempotency-key-missing: warn}\n",
        ),
        (
            "api/.specguard.yaml",
            "rules: {idempotency-key-format: off}\n",
        ),
        ("strict.yaml", "rules: {idempotency-key-format: error}\n"),
    ]);
    // api/.specguard.yaml is nearer than the root one: the key stays an error, format is off.
    assert_eq!(
        run(dir.path(), &["api/openapi.yaml"]),
        (
            1,
            vec!["idempotency-key-missing error api/openapi.yaml:13".into()]
        )
    );
    for flag in ["--config", "--ruleset"] {
        assert_eq!(
            run(dir.path(), &[flag, "strict.yaml", "api/openapi.yaml"]),
            (
                1,
                vec![
                    "idempotency-key-format error api/openapi.yaml:8".into(),
                    "idempotency-key-missing error api/openapi.yaml:13".into()
                ]
            )
        );
    }
}

#[test]
fn extends_empty_runs_only_the_named_rules_and_all_turns_on_everything() {
    let dir = project(&[
        ("openapi.yaml", SPEC),
        (
            "only.yaml",
            "extends: []\nrules: {idempotency-key-format: warn}\n",
        ),
        ("all.yaml", "extends: specguard:all\n"),
        (
            "base.yaml",
            "extends: specguard:idempotency\nrules: {idempotency-key-missing: info}\n",
        ),
        (
            "child.yaml",
            "extends: base.yaml\nidempotency: {methods: [patch]}\n",
        ),
    ]);
    assert_eq!(
        run(dir.path(), &["--config", "only.yaml", "openapi.yaml"]),
        (0, vec!["idempotency-key-format warn openapi.yaml:8".into()])
    );
    let (_, all) = run(dir.path(), &["--config", "all.yaml", "openapi.yaml"]);
    assert!(
        all.contains(&"idempotency-payload-mismatch-missing warn openapi.yaml:9".to_string()),
        "{all:#?}"
    );
    assert_eq!(
        run(dir.path(), &["--config", "base.yaml", "openapi.yaml"]),
        (
            0,
            vec![
                "idempotency-key-format warn openapi.yaml:8".into(),
                "idempotency-key-missing info openapi.yaml:13".into()
            ]
        )
    );
    // PATCH only: the POST operations are out of scope.
    assert_eq!(
        run(dir.path(), &["--config", "child.yaml", "openapi.yaml"]),
        (0, vec![])
    );
}

#[test]
fn overrides_by_glob_and_pointer_and_ignores() {
    let dir = project(&[
        ("openapi.yaml", SPEC),
        ("legacy/openapi.yaml", SPEC),
        (
            ".specguard.yaml",
            "overrides:\n  - files: ['legacy/**']\n    rules: {idempotency-key-missing: off}\n  - files: ['openapi.yaml#/paths/~1old']\n    rules: {idempotency-key-missing: hint}\nignore:\n  idempotency-key-format: ['*.yaml#/paths/~1orders/post/parameters/0']\n",
        ),
    ]);
    assert_eq!(
        run(dir.path(), &["openapi.yaml", "legacy/openapi.yaml"]),
        (
            0,
            vec![
                "idempotency-key-format warn legacy/openapi.yaml:8".into(),
                "idempotency-key-missing hint openapi.yaml:13".into()
            ]
        )
    );
}

#[test]
fn config_mistakes_are_located_and_exit_2() {
    let dir = project(&[
        ("openapi.yaml", SPEC),
        (
            ".specguard.yaml",
            "rules:\n  idempotency-key-mising: off\n  idempotency-key-format: loud\nidempotency:\n  header: 'Bad Header'\ncolour: blue\n",
        ),
    ]);
    Command::cargo_bin("specguard")
        .unwrap()
        .current_dir(dir.path())
        .args(["lint", "openapi.yaml"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(
            predicate::str::contains("unknown rule 'idempotency-key-mising'")
                .and(predicate::str::contains("[.specguard.yaml:2:3]"))
                .and(predicate::str::contains("'loud' is not a level"))
                .and(predicate::str::contains("[.specguard.yaml:3:27]"))
                .and(predicate::str::contains(
                    "`header` must be an HTTP header name",
                ))
                .and(predicate::str::contains("[.specguard.yaml:5:11]"))
                .and(predicate::str::contains("unknown key 'colour'"))
                .and(predicate::str::contains("[.specguard.yaml:6:1]")),
        );
}

/// A configuration that cannot be read is named, whether given with `--config` or reached
/// through `extends`.
#[test]
fn an_unreadable_config_is_named_and_exits_2() {
    let dir = project(&[
        ("openapi.yaml", SPEC),
        ("team.yaml", "extends: [shared/base.yaml]\n"),
    ]);
    for (config, named) in [
        ("missing.yaml", "missing.yaml: no such file"),
        ("team.yaml", "shared/base.yaml"),
    ] {
        Command::cargo_bin("specguard")
            .unwrap()
            .current_dir(dir.path())
            .args(["lint", "--config", config, "openapi.yaml"])
            .assert()
            .code(2)
            .stdout("")
            .stderr(predicate::str::contains(named));
    }
}

#[test]
fn the_shipped_ruleset_is_the_registry_defaults() {
    let config = specguard::config::Config::builtin(std::path::Path::new("/"));
    for rule in specguard::rules::REGISTRY {
        assert_eq!(
            config.levels.get(rule.meta.id).copied().flatten(),
            specguard::rules::default_level(rule.meta),
            "{}",
            rule.meta.id
        );
    }
    assert_eq!(
        config.idempotency,
        specguard::rules::options::IdempotencyOptions::default()
    );
}

#[test]
fn a_rule_can_have_options_of_its_own() {
    let dir = project(&[
        ("openapi.yaml", SPEC),
        // Only key-missing looks at PUT too; the other rules keep POST/PATCH.
        (
            "put.yaml",
            "rules:\n  idempotency-key-missing: {severity: error, options: {methods: [post, put]}}\n",
        ),
        (
            "bad.yaml",
            "rules:\n  idempotency-key-missing: {options: {methods: [yeet]}}\noverrides:\n  - files: ['*']\n    rules: {idempotency-key-format: {severity: warn, options: {header: X}}}\n",
        ),
    ]);
    let spec_with_put = SPEC.replace("  /old:\n    post:", "  /old:\n    put:");
    std::fs::write(dir.path().join("openapi.yaml"), spec_with_put).unwrap();
    // Without the option, the PUT is out of scope: only the format warning remains.
    assert_eq!(
        run(dir.path(), &["openapi.yaml"]),
        (0, vec!["idempotency-key-format warn openapi.yaml:8".into()])
    );
    assert_eq!(
        run(dir.path(), &["--config", "put.yaml", "openapi.yaml"]),
        (
            1,
            vec![
                "idempotency-key-format warn openapi.yaml:8".into(),
                "idempotency-key-missing error openapi.yaml:13".into()
            ]
        )
    );
    Command::cargo_bin("specguard")
        .unwrap()
        .current_dir(dir.path())
        .args(["lint", "--config", "bad.yaml", "openapi.yaml"])
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("not an HTTP method: yeet")
                .and(predicate::str::contains("[bad.yaml:2:39]"))
                .and(predicate::str::contains(
                    "rule options belong in the top-level `rules`, not in an override",
                ))
                .and(predicate::str::contains("[bad.yaml:5:54]")),
        );
}

#[test]
fn header_aliases_count_as_the_key() {
    let dir = project(&[
        (
            "openapi.yaml",
            &SPEC.replace("name: Idempotency-Key", "name: PayPal-Request-Id"),
        ),
        (
            "alias.yaml",
            "idempotency: {aliases: [paypal-request-id]}\n",
        ),
    ]);
    let (_, without) = run(dir.path(), &["openapi.yaml"]);
    assert_eq!(
        without
            .iter()
            .filter(|l| l.starts_with("idempotency-key-missing"))
            .count(),
        2,
        "{without:#?}"
    );
    assert_eq!(
        run(dir.path(), &["--config", "alias.yaml", "openapi.yaml"]),
        (
            1,
            vec![
                "idempotency-key-format warn openapi.yaml:8".into(),
                "idempotency-key-missing error openapi.yaml:13".into()
            ]
        )
    );
}
