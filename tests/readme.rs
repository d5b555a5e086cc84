//! The README's rule table is generated from the registry: this test fails when they differ,
//! and prints the table to paste.

#[test]
fn readme_rule_table_is_current() {
    let mut table = String::from("| rule | default | checks |\n|---|---|---|\n");
    for rule in specguard::rules::REGISTRY {
        let level = specguard::rules::default_level(rule.meta).map_or("off", |s| s.as_str());
        table.push_str(&format!(
            "| `{}` | {level} | {} |\n",
            rule.meta.id, rule.meta.summary
        ));
    }
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let start = readme.find("<!-- rules:start -->\n").expect("start marker")
        + "<!-- rules:start -->\n".len();
    let end = readme.find("<!-- rules:end -->").expect("end marker");
    assert_eq!(
        &readme[start..end],
        table,
        "README rule table is stale; the current one is:\n{table}"
    );
}

#[test]
fn readme_starts_with_the_two_newcomer_commands() {
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let head: String = readme.lines().take(8).collect::<Vec<_>>().join("\n");
    assert!(
        head.contains("cargo run -- lint examples/openapi.yaml"),
        "{head}"
    );
    assert!(head.contains("cargo test"), "{head}");
}
