//! Loader findings on real-world specs copied into `tests/corpus/` (sources and licences in
//! `tests/corpus/PROVENANCE.md`).
//!
//! Every expected location below was checked by reading the file: a ref finding sits on the
//! `$ref` value (its opening quote when quoted), a syntax error on the offending character.
//! Snapshots render one finding per line as `rule severity file:line:col pointer message`.

use std::path::{Path, PathBuf};

use specguard::finding::{Finding, Severity};
use specguard::lint::{LOADER_RULES, lint_workspace};
use specguard::resolve::{LoadOptions, Loader, SpecInput, Workspace};

/// Crate root: the current directory of every load, so file names read `tests/corpus/...`.
fn crate_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn corpus_dir() -> PathBuf {
    crate_dir().join("tests/corpus")
}

/// Loads a copied spec with `tests/corpus` as the root (so the copies do not depend on where
/// the crate's `.git` is) and the crate root as the current directory.
fn load_with(rel: &str, options: LoadOptions) -> Workspace {
    let entry = Path::new("tests/corpus").join(rel);
    Loader::new(options, crate_dir())
        .load(&SpecInput::File(entry))
        .unwrap_or_else(|e| panic!("tests/corpus/{rel} must be readable: {e}"))
}

fn load(rel: &str) -> Workspace {
    load_with(
        rel,
        LoadOptions {
            root: Some(corpus_dir()),
            ..Default::default()
        },
    )
}

/// A finding as `(rule, severity, file, line, column, pointer, message)`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Seen {
    rule: &'static str,
    severity: Severity,
    file: String,
    line: u32,
    column: u32,
    pointer: String,
    message: String,
}

impl Seen {
    fn render(&self) -> String {
        format!(
            "{} {} {}:{}:{} {} {}",
            self.rule,
            self.severity.as_str(),
            self.file,
            self.line,
            self.column,
            if self.pointer.is_empty() {
                "\"\""
            } else {
                &self.pointer
            },
            self.message
        )
    }

    /// `file:line:col` with the `tests/corpus/` prefix dropped, for short asserts.
    fn at(&self) -> String {
        format!(
            "{}:{}:{}",
            self.file
                .strip_prefix("tests/corpus/")
                .unwrap_or(&self.file),
            self.line,
            self.column
        )
    }
}

fn seen(ws: &Workspace, f: &Finding) -> Seen {
    let source = ws.source(f.location.source);
    let lc = source.line_col(f.location.span.start as usize);
    Seen {
        rule: f.rule,
        severity: f.severity,
        file: source.name.clone(),
        line: lc.line,
        column: lc.column,
        pointer: f.location.pointer.clone(),
        message: f.message.clone(),
    }
}

/// The loader-level findings of a workspace (see [`LOADER_RULES`]).
fn loader_findings(ws: &Workspace) -> Vec<Finding> {
    lint_workspace(ws)
        .into_iter()
        .filter(|f| LOADER_RULES.contains(&f.rule))
        .collect()
}

/// Every loader finding of a workspace in file, position, rule order.
fn findings_of(ws: &Workspace) -> Vec<Seen> {
    let mut findings = loader_findings(ws);
    findings.sort_by(|a, b| {
        (a.location.source, a.location.span.start, a.rule, &a.message).cmp(&(
            b.location.source,
            b.location.span.start,
            b.rule,
            &b.message,
        ))
    });
    findings.iter().map(|f| seen(ws, f)).collect()
}

fn rendered(findings: &[Seen]) -> String {
    findings
        .iter()
        .map(Seen::render)
        .collect::<Vec<_>>()
        .join("\n")
}

/// Sanity of every location: the span lies inside its source, on character boundaries.
fn assert_spans_valid(ws: &Workspace) {
    for f in lint_workspace(ws) {
        let text = &ws.source(f.location.source).text;
        let (start, end) = (f.location.span.start as usize, f.location.span.end as usize);
        assert!(
            start <= end && end <= text.len(),
            "{}: span {start}..{end} outside the text ({} bytes)",
            f.rule,
            text.len()
        );
        assert!(
            text.is_char_boundary(start) && text.is_char_boundary(end),
            "{}: span {start}..{end} splits a character",
            f.rule
        );
    }
}

/// The text a finding's span covers.
fn spanned<'w>(ws: &'w Workspace, f: &Finding) -> &'w str {
    &ws.source(f.location.source).text[f.location.span.range()]
}

// ---------------------------------------------------------------------------------------------
// Specs that load cleanly.
// ---------------------------------------------------------------------------------------------

/// Root documents (relative to `tests/corpus`) with the number of files their `$ref` closure
/// has (INDEX.tsv `files=N`; 1 for single-file specs). Each must load with no finding at all.
const CLEAN: &[(&str, usize)] = &[
    // Swagger 2.0, JSON and YAML. (petstore-separate, multi-file, is in
    // `refs_under_responses_default_are_followed`.)
    ("oai-examples/v2.0/json/petstore-expanded.json", 1),
    ("oai-examples/v2.0/json/uber.json", 1),
    ("oai-examples/v2.0/json/api-with-examples.json", 1),
    ("oai-examples/v2.0/yaml/petstore.yaml", 1),
    ("oai-examples/v2.0/yaml/uber.yaml", 1),
    ("autorest-testserver/swagger/body-number.json", 22),
    ("autorest-testserver/swagger/body-datetime.json", 13),
    ("autorest-testserver/swagger/body-boolean.json", 6),
    ("autorest-testserver/swagger/xms-error-responses.json", 1),
    ("libopenapi/test_specs/petstorev2-complete.yaml", 1),
    (
        "libopenapi/test_specs/swagger-valid-recursive-model.yaml",
        1,
    ),
    ("libopenapi/test_specs/swagger-circular-tests.yaml", 1),
    ("readme-oas-examples/2.0/json/schema-circular.json", 1),
    ("readme-oas-examples/2.0/yaml/petstore.yaml", 1),
    (
        "mermade-openapi3-examples/3.0/pass/resolution/twolevel/index.yaml",
        3,
    ),
    // OpenAPI 3.0.
    ("oai-examples/v3.0/petstore.yaml", 1),
    ("oai-examples/v3.0/petstore.json", 1),
    ("oai-examples/v3.0/link-example.yaml", 1),
    ("oai-examples/v3.0/link-example.json", 1),
    ("oai-examples/v3.0/callback-example.yaml", 1),
    ("oai-examples/v3.0/uspto.json", 1),
    ("oai-examples/v3.0/api-with-examples.yaml", 1),
    ("readme-oas-examples/3.0/json/schema-circular.json", 1),
    ("readme-oas-examples/3.0/json/circular-paths.json", 1),
    ("readme-oas-examples/3.0/json/readme.json", 1),
    ("readme-oas-examples/3.0/json/discriminators.json", 1),
    ("readme-oas-examples/3.0/yaml/polymorphism.yaml", 1),
    ("readme-oas-examples/3.0/yaml/http-status-codes.yaml", 1),
    ("readme-oas-examples/3.0/yaml/parameters-style.yaml", 1),
    ("readme-oas-examples/3.0/yaml/schema-types.yaml", 1),
    ("libopenapi/test_specs/petstorev3.json", 1),
    ("libopenapi/test_specs/yaml-anchor.yaml", 1),
    ("libopenapi/test_specs/first.yaml", 3),
    ("libopenapi/bundler-specs/error.yaml", 3),
    ("libopenapi/bundler-specs/smash/paging.yaml", 2),
    (
        "libopenapi/test_specs/nested_files/openapi-issue-418.yaml",
        2,
    ),
    // A pure schema cycle across two files (pass/ -> partial/): tolerated, not an error.
    ("mermade-openapi3-examples/3.0/pass/cyclical.yaml", 2),
    (
        "mermade-openapi3-examples/3.0/pass/externalPathItemRef.yaml",
        2,
    ),
    (
        "mermade-openapi3-examples/3.0/pass/extensionsEverywhere.yaml",
        1,
    ),
    ("mermade-openapi3-examples/3.0/pass/OAI/uspto.yaml", 1),
    // Invalid for the OpenAPI schema (the target's `name:` is no schema keyword), but its ref
    // to ../resources/myobject.yml resolves: nothing for the loader to report.
    (
        "mermade-openapi3-examples/3.0/fail/schemaProperties.yaml",
        2,
    ),
    // Invalid for the schema only (querystring parameters); loads cleanly.
    (
        "oai-schema-tests/v3.2/fail/operation-object-two-querystrings.yaml",
        1,
    ),
    ("twilio/yaml/twilio_chat_v3.yaml", 1),
    ("twilio/yaml/twilio_iam_scim.yaml", 1),
    ("twilio/yaml/twilio_preview.yaml", 1),
    ("box/openapi-v2026.0.json", 1),
    ("box/openapi-v2025.0.json", 1),
    (
        "kubernetes-v3/apis__networking.k8s.io__v1alpha1_openapi.json",
        1,
    ),
    // OpenAPI 3.1.
    ("oai-examples/v3.1/webhook-example.yaml", 1),
    ("oai-examples/v3.1/webhook-example.json", 1),
    ("oai-examples/v3.1/non-oauth-scopes.json", 1),
    ("readme-oas-examples/3.1/yaml/train-travel.yaml", 1),
    ("readme-oas-examples/3.1/json/train-travel.json", 1),
    ("readme-oas-examples/3.1/json/schema-types.json", 1),
    ("readme-oas-examples/3.1/yaml/webhooks.yaml", 1),
    ("readme-oas-examples/3.1/json/petstore.json", 1),
    ("redocly-museum/openapi.yaml", 1),
    ("redocly-openapi-starter/openapi/openapi.yaml", 42),
    ("libopenapi/test_specs/burgershop.openapi.yaml", 1),
    ("libopenapi/test_specs/roundtrip.json", 1),
    ("libopenapi/test_specs/issue-575-sibling-ref-render.yaml", 1),
    ("libopenapi/test_specs/a.yaml", 3),
    ("libopenapi/test_specs/ref_test/mod/a.yaml", 3),
    ("libopenapi/test_specs/ref_test/orig/a.yaml", 3),
    (
        "libopenapi/test_specs/advancecallbackreferences/min-openapi.yaml",
        3,
    ),
    ("libopenapi/test_specs/minimal_remote_refs/openapi.yaml", 2),
    ("libopenapi/test_specs/nested_files/openapi.yaml", 7),
    ("libopenapi/test_specs/vendor-extensions-test.yaml", 2),
    ("libopenapi/bundler-specs/main.yaml", 17),
    ("libopenapi/bundler-specs/common.yaml", 7),
    ("libopenapi/bundler-specs/issue-928/api.yaml", 2),
    ("libopenapi/bundler-specs/root_component_refs/root.yaml", 6),
    ("libopenapi/bundler-specs/clash/paging.yaml", 2),
    ("mermade-openapi3-examples/3.1/pass/mega.yaml", 1),
    ("mermade-openapi3-examples/3.1/pass/schema.yaml", 1),
    ("oai-schema-tests/v3.1/pass/mega.yaml", 1),
    // OpenAPI 3.2.
    ("oai-schema-tests/v3.2/pass/mega.yaml", 1),
    ("oai-schema-tests/v3.2/pass/webhook-example.yaml", 1),
    (
        "oai-schema-tests/v3.2/pass/path-item-object-example.yaml",
        1,
    ),
    (
        "oai-schema-tests/v3.2/pass/callback-object-examples.yaml",
        1,
    ),
    (
        "oai-schema-tests/v3.2/pass/components-object-example.yaml",
        1,
    ),
    ("oai-schema-tests/v3.2/pass/example-object-examples.yaml", 1),
    ("oai-schema-tests/v3.2/pass/media-type-examples.yaml", 1),
];

#[test]
fn clean_specs_have_no_findings_and_load_their_whole_closure() {
    let mut problems = Vec::new();
    for &(rel, files) in CLEAN {
        let ws = load(rel);
        assert_spans_valid(&ws);
        let findings = findings_of(&ws);
        for f in &findings {
            problems.push(format!("{rel}: unexpected finding: {}", f.render()));
        }
        if ws.files().len() != files {
            let names: Vec<&str> = ws.files().iter().map(|f| f.source.name.as_str()).collect();
            problems.push(format!(
                "{rel}: loaded {} files, expected {files}: {names:?}",
                ws.files().len()
            ));
        }
        // No finding means every ref was followed to a node.
        for r in ws.refs() {
            if r.target.is_none() {
                let site = ws.node(r.site);
                problems.push(format!(
                    "{rel}: $ref '{}' at {}#{} has no target but no finding",
                    site.scalar().unwrap_or_default(),
                    site.file().source.name,
                    site.pointer()
                ));
            }
        }
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

/// Specs without loader errors but with warnings, each checked against the file.
#[test]
fn warnings_on_otherwise_clean_specs() {
    // `openapi: 3.0` unquoted (line 1): a YAML float, and no patch number. Both warnings sit
    // on the value `3.0` at 1:10.
    let ws = load("libopenapi/test_specs/circular-tests.yaml");
    let f = findings_of(&ws);
    assert_eq!(
        f.iter()
            .map(|f| (f.rule, f.severity, f.at(), f.pointer.as_str()))
            .collect::<Vec<_>>(),
        vec![
            (
                "openapi-version",
                Severity::Warn,
                "libopenapi/test_specs/circular-tests.yaml:1:10".to_string(),
                "/openapi"
            ),
            (
                "openapi-version",
                Severity::Warn,
                "libopenapi/test_specs/circular-tests.yaml:1:10".to_string(),
                "/openapi"
            ),
        ],
        "{}",
        rendered(&f)
    );
    assert!(f[0].message.contains("must be a string") || f[1].message.contains("must be a string"));
    assert!(
        f.iter()
            .any(|f| f.message.contains("not of the form major.minor.patch"))
    );

    // `swagger: 2.0` unquoted: a YAML float.
    let rel =
        "mermade-openapi3-examples/3.0/pass/gluecon/example1_from_._Different_requestbody.md.yaml";
    let f = findings_of(&load(rel));
    assert_eq!(f.len(), 1, "{}", rendered(&f));
    assert_eq!(
        (f[0].rule, f[0].severity),
        ("openapi-version", Severity::Warn)
    );
    assert_eq!(f[0].at(), format!("{rel}:1:10"));
    assert_eq!(f[0].pointer, "/swagger");

    // A fuzzed pre-release suffix: `openapi: '3.0.6-`C47:!n.]Ro'` (1:10 is the quote).
    let rel = "mermade-openapi3-examples/3.0/pass/fuzz1/23827c62-76c5-4bf0-b756-7a038ddf718a.yaml";
    let f = findings_of(&load(rel));
    assert_eq!(f.len(), 1, "{}", rendered(&f));
    assert_eq!(
        (f[0].rule, f[0].severity),
        ("openapi-version", Severity::Warn)
    );
    assert_eq!(f[0].at(), format!("{rel}:1:10"));
    assert!(
        f[0].message.contains("'3.0.6-`C47:!n.]Ro'"),
        "{}",
        f[0].message
    );

    // `"openapi": "3.0.0-RC1"` on line 2 of a JSON file: the value starts at column 14.
    let rel = "mermade-openapi3-examples/3.0/fail/hasFlowNotFlows.json";
    let f = findings_of(&load(rel));
    assert_eq!(f.len(), 1, "{}", rendered(&f));
    assert_eq!(
        (f[0].rule, f[0].severity),
        ("openapi-version", Severity::Warn)
    );
    assert_eq!(f[0].at(), format!("{rel}:2:14"));
    let ws = load(rel);
    let all = loader_findings(&ws);
    assert_eq!(spanned(&ws, &all[0]), "\"3.0.0-RC1\"");
}

// ---------------------------------------------------------------------------------------------
// Broken specs: exact findings, snapshotted, plus explicit checks of a few.
// ---------------------------------------------------------------------------------------------

/// Loads a broken spec, checks its spans, and snapshots its findings.
macro_rules! broken {
    ($name:ident, $rel:expr $(, $attr:meta)?) => {
        #[test]
        $(#[$attr])?
        fn $name() {
            let ws = load($rel);
            assert_spans_valid(&ws);
            let f = findings_of(&ws);
            assert!(
                f.iter().any(|f| f.severity == Severity::Error),
                "{} must have an error finding",
                $rel
            );
            insta::assert_snapshot!(stringify!($name), rendered(&f));
        }
    };
}

// The ref in the second file (resources/paths/items.yaml) is relative to that file, so it
// names resources/paths/resources/schemas/Item.yaml, which does not exist.
broken!(rootrefs, "libopenapi/bundler-specs/rootrefs/openapi.yaml");
// Three missing component names and one `http://go#...` URL.
broken!(
    badref_burgershop,
    "libopenapi/test_specs/badref-burgershop.openapi.yaml"
);
broken!(
    petstorev2_badref,
    "libopenapi/test_specs/petstorev2-badref.json"
);
// Seven refs to files that were never copied into libopenapi's test_specs.
broken!(
    redocly_starter,
    "libopenapi/test_specs/redocly-starter.yaml"
);
broken!(
    mixedref_burgershop,
    "libopenapi/test_specs/mixedref-burgershop.openapi.yaml"
);
// Not marked broken in INDEX.tsv, but it is: `#/components/links/getBurger` at line 196,
// while components/links (line 283) only has `burger`.
broken!(
    all_the_components,
    "libopenapi/test_specs/all-the-components.yaml"
);
// 291 refs to the split DigitalOcean files, none of which sit next to this copy.
broken!(digitalocean_flat, "libopenapi/test_specs/digitalocean.yaml");
broken!(
    event_backend,
    "mermade-openapi3-examples/3.0/fail/event-backend/openapi.json"
);
// The same spec minified onto one line: columns in the tens of thousands.
broken!(
    event_backend_minified,
    "mermade-openapi3-examples/3.0/fail/event-backend/openapi3.json"
);
broken!(
    gluecon_different_components,
    "mermade-openapi3-examples/3.0/fail/gluecon/example1_from_._Different_components.md.yaml"
);
broken!(
    gluecon_improved_examples,
    "mermade-openapi3-examples/3.0/fail/gluecon/example2_from_._Improved_examples.md.yaml"
);
broken!(
    gluecon_new_callbacks,
    "mermade-openapi3-examples/3.0/fail/gluecon/example3_from_._New_callbacks.md.yaml"
);
broken!(
    internal_path_item_ref,
    "mermade-openapi3-examples/3.0/fail/internalPathItemRef.yaml"
);
broken!(
    missing_path_item_ref,
    "mermade-openapi3-examples/3.0/fail/missingPathItemRef.yaml"
);
broken!(
    ref_as_integer,
    "mermade-openapi3-examples/3.0/fail/refAsInteger.yaml"
);
// A flow mapping whose closing `}` (43:18) is indented less than the block it is in.
broken!(
    flow_mapping_underindented,
    "mermade-openapi3-examples/3.0/fail/OAI/api-with-examples.yaml"
);
broken!(
    security_scheme_remote_ref_31,
    "oai-schema-tests/v3.1/pass/security-scheme-object-examples.yaml"
);
broken!(
    security_scheme_remote_ref_32,
    "oai-schema-tests/v3.2/pass/security-scheme-object-examples.yaml"
);
// The 3.2 fixture has no components at all: four refs into it, two of them (lines 25 and 64)
// under `responses: default:`, which must be followed too.
broken!(
    additional_operation_missing_components,
    "oai-schema-tests/v3.2/fail/path-item-object-conflicting-additional-operation.yaml"
);

/// Explicit checks, so that a carelessly accepted snapshot cannot hide a regression.
#[test]
fn broken_specs_explicit_locations() {
    let key = |f: &Seen| (f.rule, f.severity, f.at(), f.pointer.clone());

    // refAsInteger.yaml line 9: `      $ref: 0`; the value `0` is at column 13.
    let f = findings_of(&load(
        "mermade-openapi3-examples/3.0/fail/refAsInteger.yaml",
    ));
    assert_eq!(
        f.iter().map(key).collect::<Vec<_>>(),
        vec![(
            "ref-invalid",
            Severity::Error,
            "mermade-openapi3-examples/3.0/fail/refAsInteger.yaml:9:13".to_string(),
            "/components/schemas/mySchema/$ref".to_string()
        )]
    );

    // missingPathItemRef.yaml line 11: `    $ref: 'missing.yaml#/paths/someresource'`.
    let f = findings_of(&load(
        "mermade-openapi3-examples/3.0/fail/missingPathItemRef.yaml",
    ));
    assert_eq!(
        f.iter().map(key).collect::<Vec<_>>(),
        vec![(
            "ref-unresolved",
            Severity::Error,
            "mermade-openapi3-examples/3.0/fail/missingPathItemRef.yaml:11:11".to_string(),
            "/paths/~1test/$ref".to_string()
        )]
    );
    assert!(
        f[0].message.contains("missing.yaml does not exist"),
        "{}",
        f[0].message
    );

    // internalPathItemRef.yaml: `'#/paths/test2'` names a key `test2`; the path is `/test2`.
    let f = findings_of(&load(
        "mermade-openapi3-examples/3.0/fail/internalPathItemRef.yaml",
    ));
    assert_eq!(f.len(), 1);
    assert_eq!(
        key(&f[0]),
        (
            "ref-unresolved",
            Severity::Error,
            "mermade-openapi3-examples/3.0/fail/internalPathItemRef.yaml:11:11".to_string(),
            "/paths/~1test/$ref".to_string()
        )
    );

    // rootrefs: the finding is in the second file, on its line 9 `$ref` value.
    let ws = load("libopenapi/bundler-specs/rootrefs/openapi.yaml");
    let f = findings_of(&ws);
    assert_eq!(f.len(), 1);
    assert_eq!(
        key(&f[0]),
        (
            "ref-unresolved",
            Severity::Error,
            "libopenapi/bundler-specs/rootrefs/resources/paths/items.yaml:9:19".to_string(),
            "/get/responses/200/content/application~1json/schema/$ref".to_string()
        )
    );
    let all = loader_findings(&ws);
    assert_eq!(spanned(&ws, &all[0]), "\"resources/schemas/Item.yaml\"");

    // badref-burgershop: line 90 `$ref: 'http://go#/components/schemas/Error'`, quoted: the
    // finding starts at the quote, column 23.
    let ws = load("libopenapi/test_specs/badref-burgershop.openapi.yaml");
    let f = findings_of(&ws);
    let rules: Vec<(&str, String)> = f.iter().map(|f| (f.rule, f.at())).collect();
    let p = "libopenapi/test_specs/badref-burgershop.openapi.yaml";
    assert_eq!(
        rules,
        vec![
            ("ref-unresolved", format!("{p}:38:21")),
            ("ref-remote", format!("{p}:90:23")),
            ("ref-unresolved", format!("{p}:220:23")),
            ("ref-unresolved", format!("{p}:294:19")),
        ]
    );
    let remote = loader_findings(&ws)
        .into_iter()
        .find(|f| f.rule == "ref-remote")
        .unwrap();
    assert_eq!(
        spanned(&ws, &remote),
        "'http://go#/components/schemas/Error'"
    );

    // The minified JSON: one line; `"$ref":"#/components/schemas/place"` at byte 22924.
    let ws = load("mermade-openapi3-examples/3.0/fail/event-backend/openapi3.json");
    let f = findings_of(&ws);
    assert_eq!(f.len(), 4);
    assert!(f.iter().all(|f| f.rule == "ref-unresolved" && f.line == 1));
    assert_eq!(f[0].column, 22925);
    let first = loader_findings(&ws)
        .into_iter()
        .min_by_key(|f| f.location.span.start)
        .unwrap();
    assert_eq!(spanned(&ws, &first), "\"#/components/schemas/place\"");

    // The callbacks' runtime-expression keys hold `/`: escaped as `~1` in the pointer.
    let f = findings_of(&load(
        "mermade-openapi3-examples/3.0/fail/gluecon/example3_from_._New_callbacks.md.yaml",
    ));
    assert_eq!(f.len(), 3);
    assert_eq!(
        f[1].pointer,
        "/paths/~1longrunning-thing/post/callbacks/failed/$response.body#~1failedUrl/post/requestBody/$ref"
    );
    assert_eq!((f[1].line, f[1].column), (40, 23));

    // The Example Object ref at line 24 is followed (it is not example data).
    let f = findings_of(&load(
        "mermade-openapi3-examples/3.0/fail/gluecon/example2_from_._Improved_examples.md.yaml",
    ));
    assert_eq!(
        f.iter().map(|f| (f.line, f.column)).collect::<Vec<_>>(),
        vec![(13, 23), (24, 25)]
    );
    assert!(f[1].message.contains("#/components/examples/frog-example"));

    // Every one of digitalocean.yaml's 291 refs names a missing file.
    let f = findings_of(&load("libopenapi/test_specs/digitalocean.yaml"));
    assert_eq!(f.len(), 291);
    assert!(f.iter().all(|f| f.rule == "ref-unresolved"));
    assert_eq!(
        f[0].at(),
        "libopenapi/test_specs/digitalocean.yaml:7:11",
        "`$ref: 'description.yml#/introduction'` on line 7"
    );

    // The syntax error: line 43 is 17 spaces and `}`, one less than the `value:` key's 18
    // (flow lines must be indented more than the block they are in).
    let f = findings_of(&load(
        "mermade-openapi3-examples/3.0/fail/OAI/api-with-examples.yaml",
    ));
    assert_eq!(f.len(), 1, "{}", rendered(&f));
    assert_eq!(f[0].rule, "syntax-error");
    assert_eq!(
        f[0].at(),
        "mermade-openapi3-examples/3.0/fail/OAI/api-with-examples.yaml:43:18"
    );
    assert_eq!(
        f[0].pointer,
        "/paths/~1/get/responses/200/content/application~1json/examples/foo/value"
    );
}

/// yamlbomb.yaml: `info: &a` holds `x-bye: *a`, an alias to the mapping it sits in. The
/// document is a cycle with no JSON equivalent (PyYAML: "found unconstructable recursive
/// node"); the loader should say so at the alias, 5:10.
#[test]
fn recursive_yaml_alias_is_reported() {
    let rel = "mermade-openapi3-examples/3.0/malicious/yamlbomb.yaml";
    let ws = load(rel);
    assert_spans_valid(&ws);
    let f = findings_of(&ws);
    assert!(
        f.iter()
            .any(|f| f.severity == Severity::Error && f.at() == format!("{rel}:5:10")),
        "expected an error at the alias `*a` (5:10), got:\n{}",
        rendered(&f)
    );
}

/// Whatever yamlbomb.yaml's findings, following refs and walking it must terminate.
#[test]
fn recursive_yaml_alias_does_not_hang() {
    let ws = load("mermade-openapi3-examples/3.0/malicious/yamlbomb.yaml");
    let root = ws.root().expect("a root mapping");
    // Walk down through the alias a few times: each step must land on the same mapping.
    let info = root.get("info").unwrap();
    let mut node = info;
    for _ in 0..5 {
        node = node
            .get("x-bye")
            .expect("the alias resolves to the info mapping");
        assert_eq!(node.get("title").and_then(|t| t.as_str()), Some("API"));
    }
    let _ = lint_workspace(&ws);
}

/// A `default` key is literal data only where it is a schema or parameter keyword; under
/// `responses` it is the default Response Object, which may be (or hold) a `$ref`.
#[test]
fn refs_under_responses_default_are_followed() {
    let mut problems = Vec::new();
    // petstore-separate: `default.schema.$ref: ../common/Error.json` (4 times) is the only
    // way to common/, so the closure is 5 files only when it is followed.
    for rel in [
        "oai-examples/v2.0/json/petstore-separate/spec/swagger.json",
        "oai-examples/v2.0/yaml/petstore-separate/spec/swagger.yaml",
    ] {
        let ws = load(rel);
        let f = findings_of(&ws);
        if !f.is_empty() {
            problems.push(format!("{rel}: unexpected findings:\n{}", rendered(&f)));
        }
        let names: Vec<&str> = ws.files().iter().map(|f| f.source.name.as_str()).collect();
        if !names.iter().any(|n| n.contains("/common/Error.")) {
            problems.push(format!("{rel}: common/Error not loaded: {names:?}"));
        }
    }
    // ref-encoding2.yaml is Swagger 2.0 with `definitions`, yet its only ref (12:19, under
    // responses/default) names `#/components/schemas/...`: it does not resolve.
    let rel = "mermade-openapi3-examples/3.0/pass/fiendish/ref-encoding2.yaml";
    let got: Vec<(&str, String, String)> = findings_of(&load(rel))
        .iter()
        .map(|f| (f.rule, f.at(), f.pointer.clone()))
        .collect();
    let want = vec![(
        "ref-unresolved",
        format!("{rel}:12:19"),
        "/paths/~1/get/responses/default/schema/$ref".to_string(),
    )];
    if got != want {
        problems.push(format!("{rel}: got {got:?}, want {want:?}"));
    }
    // ref-encoding3.yaml: `with%20space` (14:23) decodes to the property `with space`; in
    // `with+space` (17:23) the `+` is a literal plus (RFC 3986/6901), so it names nothing.
    let rel = "mermade-openapi3-examples/3.0/pass/fiendish/ref-encoding3.yaml";
    let got: Vec<(&str, String, String)> = findings_of(&load(rel))
        .iter()
        .map(|f| (f.rule, f.at(), f.pointer.clone()))
        .collect();
    let want = vec![(
        "ref-unresolved",
        format!("{rel}:17:23"),
        "/paths/~1/get/responses/default/content/text~1xml/schema/$ref".to_string(),
    )];
    if got != want {
        problems.push(format!("{rel}: got {got:?}, want {want:?}"));
    }
    // The 3.2 fixture: four refs to its missing components, two under responses/default.
    let rel = "oai-schema-tests/v3.2/fail/path-item-object-conflicting-additional-operation.yaml";
    let got: Vec<(&str, String)> = findings_of(&load(rel))
        .iter()
        .map(|f| (f.rule, f.at()))
        .collect();
    let want: Vec<(&str, String)> = [(19, 25), (25, 23), (58, 27), (64, 25)]
        .iter()
        .map(|(l, c)| ("ref-unresolved", format!("{rel}:{l}:{c}")))
        .collect();
    if got != want {
        problems.push(format!("{rel}: got {got:?}, want {want:?}"));
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

// ---------------------------------------------------------------------------------------------
// Options on real specs: the root and the file limit.
// ---------------------------------------------------------------------------------------------

/// cyclical.yaml refers to `../partial/cycledef.yaml`; with its own directory as the root that
/// leaves the root: refused at the ref value (line 9, column 13, the opening quote).
#[test]
fn root_confines_refs_of_a_real_spec() {
    let rel = "mermade-openapi3-examples/3.0/pass/cyclical.yaml";
    let ws = load_with(
        rel,
        LoadOptions {
            root: Some(corpus_dir().join("mermade-openapi3-examples/3.0/pass")),
            ..Default::default()
        },
    );
    let f = findings_of(&ws);
    assert_eq!(f.len(), 1, "{}", rendered(&f));
    assert_eq!(
        (f[0].rule, f[0].severity),
        ("ref-outside-root", Severity::Error)
    );
    assert_eq!(f[0].at(), format!("{rel}:9:13"));
    assert_eq!(f[0].pointer, "/components/schemas/top/$ref");
    assert_eq!(ws.files().len(), 1, "nothing outside the root is read");

    // With the corpus as the root it resolves, into the other directory.
    let ws = load(rel);
    assert!(findings_of(&ws).is_empty());
    let r = &ws.refs()[0];
    let target = ws.node(r.target.expect("resolved"));
    assert_eq!(
        target.file().source.name,
        "tests/corpus/mermade-openapi3-examples/3.0/partial/cycledef.yaml"
    );
    assert_eq!(target.pointer(), "/components/schemas/top");
}

/// body-number.json pulls in 21 more files; with a limit of 5 files the refs past the limit
/// are refused with `limit-exceeded`, each on its `$ref` value.
#[test]
fn file_limit_on_a_real_multi_file_spec() {
    let rel = "autorest-testserver/swagger/body-number.json";
    let ws = load_with(
        rel,
        LoadOptions {
            root: Some(corpus_dir()),
            max_files: 5,
            ..Default::default()
        },
    );
    assert_spans_valid(&ws);
    assert_eq!(ws.files().len(), 5);
    let f = findings_of(&ws);
    assert!(!f.is_empty());
    let all = loader_findings(&ws);
    for finding in &all {
        assert_eq!(finding.rule, "limit-exceeded", "{}", rendered(&f));
        let text = spanned(&ws, finding);
        assert!(
            text.starts_with('"') && text.contains(".json"),
            "the finding covers the ref value, got {text:?}"
        );
    }
    // 22 files in all: the entry and 4 more load; every ref to one of the other 17 is refused.
    let refused: std::collections::BTreeSet<&str> = all.iter().map(|f| spanned(&ws, f)).collect();
    assert_eq!(refused.len(), 17, "{refused:?}");
}
