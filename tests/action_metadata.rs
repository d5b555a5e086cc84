//! `action.yml` and the sample workflow are valid for GitHub: both validate against
//! SchemaStore's published schemas (`tests/schemas/`, see SOURCE.md there), read as JSON through
//! specguard's own YAML loader. And the action's pieces fit together: every input reaches the
//! run script, which reads it, and the install and cache steps are the ones documented.

mod common;

use std::path::{Path, PathBuf};

use serde_json::Value;
use specguard::resolve::{LoadOptions, Loader, SpecInput};

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// A YAML file of the repository as JSON (the loader reports YAML errors as findings).
fn yaml_as_json(rel: &str) -> Value {
    let ws = Loader::new(LoadOptions::default(), root().to_path_buf())
        .load(&SpecInput::File(PathBuf::from(rel)))
        .unwrap_or_else(|e| panic!("{rel}: {e}"));
    let syntax: Vec<String> = ws
        .findings()
        .iter()
        .filter(|f| f.rule != "not-openapi")
        .map(|f| format!("{}: {}", f.rule, f.message))
        .collect();
    assert!(syntax.is_empty(), "{rel}: {syntax:?}");
    common::to_json(ws.root().expect("a document"))
}

fn validator(schema: &str) -> jsonschema::Validator {
    let path = root().join("tests/schemas").join(schema);
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    assert_eq!(schema["$schema"], "http://json-schema.org/draft-07/schema#");
    // Every `$ref` is internal and the crate has no HTTP resolver: this cannot reach the network.
    jsonschema::draft7::options()
        .build(&schema)
        .expect("the schema compiles")
}

fn errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    common::schema_errors(validator, instance)
}

#[test]
fn action_yml_is_valid_action_metadata() {
    let action = yaml_as_json("action.yml");
    let validator = validator("github-action.json");
    let found = errors(&validator, &action);
    assert!(found.is_empty(), "action.yml:\n{}", found.join("\n"));

    // The schema does reject what GitHub would: a misspelt `runs.using`, an input without a
    // description, a default that is not a string.
    let mut bad = action.clone();
    bad["runs"]["using"] = "composit".into();
    assert!(!errors(&validator, &bad).is_empty());
    let mut bad = action.clone();
    bad["inputs"]["command"]
        .as_object_mut()
        .unwrap()
        .remove("description");
    assert!(!errors(&validator, &bad).is_empty());
    let mut bad = action;
    bad["inputs"]["command"]["default"] = Value::Bool(true);
    assert!(!errors(&validator, &bad).is_empty());
}

#[test]
fn the_sample_workflow_is_a_valid_workflow() {
    let workflow = yaml_as_json("examples/github-workflow.yml");
    let validator = validator("github-workflow.json");
    let found = errors(&validator, &workflow);
    assert!(
        found.is_empty(),
        "examples/github-workflow.yml:\n{}",
        found.join("\n")
    );
    let mut bad = workflow.clone();
    bad["jobs"]["specguard"]["runs-on"] = Value::Null;
    assert!(!errors(&validator, &bad).is_empty());

    // What the README promises of it: a full-history checkout and the SARIF upload.
    let steps = workflow["jobs"]["specguard"]["steps"].as_array().unwrap();
    let step = |uses: &str| {
        steps
            .iter()
            .find(|s| s["uses"].as_str().is_some_and(|u| u.starts_with(uses)))
            .unwrap_or_else(|| panic!("no step uses {uses}"))
    };
    assert_eq!(step("actions/checkout@")["with"]["fetch-depth"], 0);
    let sarif = step("OWNER/specguard@")["with"]["sarif-file"].clone();
    assert_eq!(
        step("github/codeql-action/upload-sarif@")["with"]["sarif_file"],
        sarif
    );
}

/// `fail-severity` -> `INPUT_FAIL_SEVERITY`, as runners name inputs of JavaScript actions.
fn env_name(input: &str) -> String {
    format!("INPUT_{}", input.to_uppercase().replace('-', "_"))
}

#[test]
fn every_input_reaches_the_run_script_and_every_output_is_set() {
    let action = yaml_as_json("action.yml");
    let script = std::fs::read_to_string(root().join("scripts/action.sh")).unwrap();
    let steps = action["runs"]["steps"].as_array().unwrap();
    let run = steps
        .iter()
        .find(|s| s["id"] == "run")
        .expect("a step with id run");
    assert_eq!(run["run"], "bash \"$GITHUB_ACTION_PATH/scripts/action.sh\"");
    let inputs = action["inputs"].as_object().unwrap();
    for name in [
        "command",
        "specs",
        "base",
        "config",
        "fail-severity",
        "fail-on",
        "sarif-file",
    ] {
        assert!(inputs.contains_key(name), "input {name} is missing");
    }
    for name in inputs.keys() {
        let var = env_name(name);
        assert_eq!(
            run["env"][&var],
            format!("${{{{ inputs.{name} }}}}"),
            "input {name} is not passed as {var}"
        );
        assert!(
            script.contains(&format!("${{{var}:-")) || script.contains(&format!("${{{var}}}")),
            "scripts/action.sh does not read {var}"
        );
    }
    for (name, output) in action["outputs"].as_object().unwrap() {
        assert_eq!(
            output["value"],
            format!("${{{{ steps.run.outputs.{name} }}}}")
        );
        assert!(
            script.contains(&format!("echo \"{name}=")),
            "scripts/action.sh does not set {name}"
        );
    }
}

#[test]
fn the_action_installs_from_its_own_checkout_with_a_cache_keyed_on_the_lock() {
    let action = yaml_as_json("action.yml");
    let steps = action["runs"]["steps"].as_array().unwrap();
    let runs: Vec<&str> = steps.iter().filter_map(|s| s["run"].as_str()).collect();
    assert!(
        runs.iter()
            .any(|r| r.starts_with("cargo install --locked --path \"$GITHUB_ACTION_PATH\"")),
        "{runs:?}"
    );
    let lock = steps.iter().find(|s| s["id"] == "lock").unwrap();
    assert!(
        lock["run"]
            .as_str()
            .unwrap()
            .contains("git hash-object \"$GITHUB_ACTION_PATH/Cargo.lock\"")
    );
    let cache = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/cache@"))
        })
        .expect("a cache step");
    assert!(
        cache["with"]["key"]
            .as_str()
            .unwrap()
            .contains("${{ steps.lock.outputs.hash }}")
    );
    let paths = cache["with"]["path"].as_str().unwrap();
    for path in ["~/.cargo/registry/", "${{ github.action_path }}/target/"] {
        assert!(paths.contains(path), "{paths}");
    }
}

#[test]
fn the_readme_documents_every_input_output_and_hook() {
    let readme = std::fs::read_to_string(root().join("README.md")).unwrap();
    let action = yaml_as_json("action.yml");
    for (name, input) in action["inputs"].as_object().unwrap() {
        let default = input["default"].as_str().unwrap_or("");
        let row = readme
            .lines()
            .find(|l| l.starts_with(&format!("| `{name}` |")))
            .unwrap_or_else(|| panic!("README has no row for input {name}"));
        if !default.is_empty() {
            assert!(
                row.contains(&format!("`{default}`")),
                "README gives another default for {name}: {row}"
            );
        }
    }
    for name in action["outputs"].as_object().unwrap().keys() {
        assert!(readme.contains(&format!("`{name}`")), "output {name}");
    }
    let hooks = yaml_as_json(".pre-commit-hooks.yaml");
    for hook in hooks.as_array().unwrap() {
        let id = hook["id"].as_str().unwrap();
        assert!(readme.contains(&format!("- id: {id}")), "hook {id}");
    }
}
