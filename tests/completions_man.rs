//! `specguard completions <shell>` and `specguard man`: generated from the same clap definition
//! as the parser, so they cannot drift from the options; these tests check that each output is
//! there, names the subcommands and options, and (for bash) actually completes.

use assert_cmd::Command;

const SHELLS: [&str; 5] = ["bash", "zsh", "fish", "elvish", "powershell"];

fn stdout_of(args: &[&str]) -> String {
    let out = Command::cargo_bin("specguard")
        .unwrap()
        .args(args)
        .assert()
        .code(0)
        .get_output()
        .stdout
        .clone();
    String::from_utf8(out).unwrap()
}

#[test]
fn every_shell_completes_the_subcommands_and_their_flags() {
    for shell in SHELLS {
        let script = stdout_of(&["completions", shell]);
        for word in ["lint", "diff", "completions", "fail-severity", "fail-on"] {
            assert!(script.contains(word), "{shell} completion lacks '{word}'");
        }
    }
}

#[test]
fn an_unknown_shell_is_a_usage_error() {
    Command::cargo_bin("specguard")
        .unwrap()
        .args(["completions", "tcsh"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("possible values"));
}

/// Loads the bash script into a real bash and asks it to complete, as bash does on TAB.
fn bash_complete(words: &[&str]) -> Vec<String> {
    let script = stdout_of(&["completions", "bash"]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("specguard.bash");
    std::fs::write(&path, script).unwrap();
    let quoted: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let program = format!(
        "source '{}'\nCOMP_WORDS=({})\nCOMP_CWORD={}\n_specguard specguard '{}' '{}'\nprintf '%s\\n' \"${{COMPREPLY[@]}}\"",
        path.display(),
        quoted.join(" "),
        words.len() - 1,
        words[words.len() - 1],
        words[words.len() - 2],
    );
    let out = std::process::Command::new("bash")
        .args(["--norc", "-c", &program])
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn bash_completes_subcommands_flags_and_values() {
    assert_eq!(bash_complete(&["specguard", "li"]), ["lint"]);
    assert_eq!(
        bash_complete(&["specguard", "lint", "--fail-s"]),
        ["--fail-severity"]
    );
    let severities = bash_complete(&["specguard", "lint", "--fail-severity", ""]);
    assert_eq!(severities, ["error", "warn", "info", "hint", "none"]);
    assert_eq!(
        bash_complete(&["specguard", "diff", "--format", "mark"]),
        ["markdown"]
    );
}

#[test]
fn the_man_page_is_roff_and_lists_the_subcommands() {
    let page = stdout_of(&["man"]);
    assert!(page.contains(".TH specguard 1"), "{page}");
    assert!(page.contains(".SH SYNOPSIS"), "{page}");
    for sub in ["lint", "diff", "rules", "explain", "completions", "man"] {
        assert!(
            page.contains(&format!("specguard\\-{sub}(1)")),
            "the page lists {sub}: {page}"
        );
    }
}

#[test]
fn each_subcommand_has_its_own_page() {
    let lint = stdout_of(&["man", "lint"]);
    assert!(lint.contains(".TH specguard-lint 1"), "{lint}");
    assert!(lint.contains("\\-\\-fail\\-severity"), "{lint}");
    let diff = stdout_of(&["man", "diff"]);
    assert!(diff.contains(".TH specguard-diff 1"), "{diff}");
    assert!(diff.contains("\\-\\-fail\\-on"), "{diff}");
    Command::cargo_bin("specguard")
        .unwrap()
        .args(["man", "nope"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "no subcommand 'nope' (known: lint, diff",
        ));
}
