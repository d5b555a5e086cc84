//! Every refusal and load error, each with its exact location.

mod common;

use common::Project;

const HEAD: &str = "openapi: 3.1.0\ninfo:\n  title: t\n  version: '1'\n";

fn spec(body: &str) -> Vec<u8> {
    format!("{HEAD}{body}").into_bytes()
}

#[test]
fn a_clean_multi_file_spec_has_no_findings() {
    let p = Project::new(&[
        (
            "api/openapi.yaml",
            &spec("paths:\n  /pets:\n    $ref: ./paths/pets.yaml\ncomponents:\n  schemas:\n    Pet:\n      $ref: '../common/schemas.yaml#/Pet'\n"),
        ),
        (
            "api/paths/pets.yaml",
            b"get:\n  responses:\n    '200':\n      description: ok\n      content:\n        application/json:\n          schema:\n            $ref: '../../common/schemas.yaml#/Pet'\n",
        ),
        ("common/schemas.yaml", b"Pet:\n  type: object\n  properties:\n    child:\n      $ref: '#/Pet'\n"),
    ]);
    // Root: no .git here, so the entry's directory; widen it to the project.
    let ws = p.load_with(
        "api/openapi.yaml",
        specguard::resolve::LoadOptions {
            root: Some(p.dir.path().to_path_buf()),
            ..Default::default()
        },
    );
    assert_eq!(common::render(&ws), Vec::<String>::new());
    assert_eq!(ws.files().len(), 3);
    // The recursive schema resolves to the Pet mapping in common/schemas.yaml.
    let r = ws
        .refs()
        .iter()
        .find(|r| ws.node(r.site).scalar() == Some("#/Pet"))
        .unwrap();
    let target = ws.node(r.resolved.unwrap());
    assert_eq!(target.file().source.name, "common/schemas.yaml");
    assert_eq!(target.pointer(), "/Pet");
}

#[test]
fn missing_pointer_target_points_at_the_ref_value() {
    let p = Project::new(&[(
        "openapi.yaml",
        &spec("components:\n  schemas:\n    A:\n      $ref: '#/components/schemas/Missing'\n"),
    )]);
    assert_eq!(
        p.findings("openapi.yaml"),
        [
            "ref-unresolved error openapi.yaml:8:13 /components/schemas/A/$ref | $ref '#/components/schemas/Missing' points at nothing: in openapi.yaml, /components/schemas/Missing does not exist"
        ]
    );
}

#[test]
fn missing_file_is_a_located_finding() {
    let p = Project::new(&[(
        "openapi.yaml",
        &spec("paths:\n  /a:\n    $ref: 'nope.yaml#/A'\n"),
    )]);
    assert_eq!(
        p.findings("openapi.yaml"),
        [
            "ref-unresolved error openapi.yaml:7:11 /paths/~1a/$ref | $ref 'nope.yaml#/A' cannot be followed: nope.yaml does not exist"
        ]
    );
}

#[test]
fn directory_as_ref_target() {
    let p = Project::new(&[
        (
            "openapi.yaml",
            &spec("paths:\n  /a:\n    $ref: './schemas'\n"),
        ),
        ("schemas/x.yaml", b"a: 1\n"),
    ]);
    assert_eq!(
        p.findings("openapi.yaml"),
        [
            "ref-unresolved error openapi.yaml:7:11 /paths/~1a/$ref | $ref './schemas' cannot be followed: schemas is a directory, not a file"
        ]
    );
}

#[test]
fn refs_leaving_the_root_are_refused_before_reading() {
    let p = Project::new(&[
        ("proj/.git/HEAD", b"ref: refs/heads/main\n"),
        (
            "proj/openapi.yaml",
            &spec("x-a:\n  $ref: '../outside.yaml'\nx-b:\n  $ref: '/etc/passwd'\n"),
        ),
        ("outside.yaml", b"a: 1\n"),
    ]);
    let lines = p.findings("proj/openapi.yaml");
    assert_eq!(lines.len(), 2, "{lines:#?}");
    assert!(lines[0].starts_with("ref-outside-root error proj/openapi.yaml:6:9 /x-a/$ref | $ref '../outside.yaml' resolves to "), "{}", lines[0]);
    assert!(
        lines[0].contains("outside the project root"),
        "{}",
        lines[0]
    );
    assert!(lines[1].starts_with("ref-outside-root error proj/openapi.yaml:8:9 /x-b/$ref | $ref '/etc/passwd' resolves to /etc/passwd"), "{}", lines[1]);
}

#[cfg(unix)]
#[test]
fn a_symlink_leaving_the_root_is_refused() {
    let p = Project::new(&[
        ("proj/openapi.yaml", &spec("x-a:\n  $ref: 'link.yaml'\n")),
        ("secret.yaml", b"a: 1\n"),
    ]);
    std::os::unix::fs::symlink(p.path("secret.yaml"), p.path("proj/link.yaml")).unwrap();
    let lines = p.findings("proj/openapi.yaml");
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert!(lines[0].starts_with("ref-outside-root error proj/openapi.yaml:6:9 /x-a/$ref | $ref 'link.yaml': proj/link.yaml is a symlink to "), "{}", lines[0]);
}

#[test]
fn remote_and_file_urls_are_not_fetched() {
    let p = Project::new(&[(
        "openapi.yaml",
        &spec(
            "x-a:\n  $ref: 'https://example.com/a.yaml#/A'\nx-b:\n  $ref: 'file:///etc/passwd'\n",
        ),
    )]);
    assert_eq!(
        p.findings("openapi.yaml"),
        [
            "ref-remote error openapi.yaml:6:9 /x-a/$ref | $ref 'https://example.com/a.yaml#/A' is a remote URL; specguard does not fetch URLs",
            "ref-remote error openapi.yaml:8:9 /x-b/$ref | $ref 'file:///etc/passwd' uses the 'file:' scheme; only relative paths and '#/' pointers are followed",
        ]
    );
}

#[test]
fn pure_ref_cycles_are_reported_once_and_recursion_is_legal() {
    let p = Project::new(&[(
        "openapi.yaml",
        &spec(
            "components:\n  schemas:\n    A:\n      $ref: '#/components/schemas/B'\n    B:\n      $ref: '#/components/schemas/A'\n    Self:\n      $ref: '#/components/schemas/Self'\n    Tree:\n      type: object\n      properties:\n        children:\n          type: array\n          items:\n            $ref: '#/components/schemas/Tree'\n",
        ),
    )]);
    assert_eq!(
        p.findings("openapi.yaml"),
        [
            "ref-cycle error openapi.yaml:8:13 /components/schemas/A/$ref | $ref cycle that never reaches a value: #/components/schemas/B -> #/components/schemas/A -> back to the start [part of the cycle: openapi.yaml:10:13]",
            "ref-cycle error openapi.yaml:12:13 /components/schemas/Self/$ref | $ref cycle that never reaches a value: #/components/schemas/Self -> back to the start",
        ]
    );
}

#[test]
fn cycles_across_files_and_long_chains_terminate() {
    let mut files: Vec<(String, Vec<u8>)> = vec![
        (
            "openapi.yaml".into(),
            spec("x-a:\n  $ref: 'a.yaml'\nx-chain:\n  $ref: 'c0.yaml'\n"),
        ),
        ("a.yaml".into(), b"$ref: 'b.yaml'\n".to_vec()),
        ("b.yaml".into(), b"$ref: 'a.yaml'\n".to_vec()),
    ];
    for i in 0..1000 {
        files.push((
            format!("c{i}.yaml"),
            format!("$ref: 'c{}.yaml'\n", i + 1).into_bytes(),
        ));
    }
    files.push(("c1000.yaml".into(), b"type: string\n".to_vec()));
    let borrowed: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(a, b)| (a.as_str(), b.as_slice()))
        .collect();
    let p = Project::new(&borrowed);
    let ws = p.load("openapi.yaml");
    let lines = common::render(&ws);
    assert_eq!(
        lines,
        [
            "ref-cycle error a.yaml:1:7 /$ref | $ref cycle that never reaches a value: b.yaml -> a.yaml -> back to the start [part of the cycle: b.yaml:1:7]"
        ]
    );
    // The 1,000-link chain ends at the string schema in c1000.yaml.
    let chain = ws.root().unwrap().get("x-chain").unwrap().deref();
    assert_eq!(chain.node.file().source.name, "c1000.yaml");
    assert_eq!(chain.via.len(), 1001);
}

#[test]
fn bad_pointers_and_non_string_refs() {
    let p = Project::new(&[(
        "openapi.yaml",
        &spec(
            "x-a:\n  $ref: '#/a~2b'\nx-b:\n  $ref: 42\nx-c:\n  $ref: '#Pet'\nx-d:\n  $ref: '#/info/title/x'\nx-e:\n  $ref: '#/tags/01'\ntags:\n  - name: a\n",
        ),
    )]);
    assert_eq!(
        p.findings("openapi.yaml"),
        [
            "ref-invalid error openapi.yaml:6:9 /x-a/$ref | $ref '#/a~2b': '~' in a JSON pointer must be followed by 0 or 1",
            "ref-invalid error openapi.yaml:8:9 /x-b/$ref | $ref must be a string (a relative path and/or a '#/' JSON pointer)",
            "ref-invalid error openapi.yaml:10:9 /x-c/$ref | $ref '#Pet': the fragment '#Pet' is not a JSON pointer (it must be empty or start with '/')",
            "ref-unresolved error openapi.yaml:12:9 /x-d/$ref | $ref '#/info/title/x' points at nothing: in openapi.yaml, /info/title/x runs into a scalar value",
            "ref-unresolved error openapi.yaml:14:9 /x-e/$ref | $ref '#/tags/01' points at nothing: in openapi.yaml, /tags/01 does not exist",
        ]
    );
}

#[test]
fn pointer_escapes_and_percent_encoding_resolve() {
    let p = Project::new(&[(
        "openapi.yaml",
        &spec(
            "paths:\n  /users/{id}:\n    get:\n      responses: {}\nx-a:\n  $ref: '#/paths/~1users~1%7Bid%7D/get'\nx-b:\n  $ref: '#/x-c/a~0b'\nx-c:\n  a~b: 1\n",
        ),
    )]);
    let ws = p.load("openapi.yaml");
    assert_eq!(common::render(&ws), Vec::<String>::new());
    let a = ws.root().unwrap().get("x-a").unwrap().resolve();
    assert_eq!(a.pointer(), "/paths/~1users~1{id}/get");
}

#[test]
fn refs_inside_examples_are_data_not_references() {
    let p = Project::new(&[(
        "openapi.yaml",
        &spec(
            "components:\n  schemas:\n    A:\n      type: object\n      example:\n        $ref: 'not/a/file.yaml'\n      properties:\n        $ref:\n          type: string\n  examples:\n    E:\n      value:\n        $ref: '#/nowhere'\n",
        ),
    )]);
    assert_eq!(p.findings("openapi.yaml"), Vec::<String>::new());
}

#[test]
fn keywords_used_as_names_are_still_followed() {
    // `default` is a response, `example` a schema name, `enum` a property: their refs are
    // references, and a broken one is reported, never skipped.
    let p = Project::new(&[(
        "openapi.yaml",
        &spec(
            "paths:\n  /a:\n    get:\n      responses:\n        default:\n          $ref: 'missing.yaml'\ncomponents:\n  schemas:\n    example:\n      $ref: '#/nope1'\n    S:\n      properties:\n        enum:\n          $ref: '#/nope2'\n",
        ),
    )]);
    assert_eq!(
        p.findings("openapi.yaml"),
        [
            "ref-unresolved error openapi.yaml:10:17 /paths/~1a/get/responses/default/$ref | $ref 'missing.yaml' cannot be followed: missing.yaml does not exist",
            "ref-unresolved error openapi.yaml:14:13 /components/schemas/example/$ref | $ref '#/nope1' points at nothing: in openapi.yaml, /nope1 does not exist",
            "ref-unresolved error openapi.yaml:18:17 /components/schemas/S/properties/enum/$ref | $ref '#/nope2' points at nothing: in openapi.yaml, /nope2 does not exist",
        ]
    );
}

#[test]
fn named_examples_are_references_and_their_values_are_data() {
    // An example named `default` or `example` is an Example Object (maybe a ref); its
    // `value`, a schema's `examples` list and 2.0's media-type examples are literal data.
    let p = Project::new(&[(
        "openapi.yaml",
        &spec(
            "paths: {}\ncomponents:\n  examples:\n    default:\n      $ref: '#/nope1'\n    ok:\n      value:\n        $ref: 'not-followed.yaml'\n  parameters:\n    P:\n      name: p\n      in: query\n      examples:\n        example:\n          $ref: 'nope2.yaml'\n      schema:\n        examples:\n          - $ref: 'not-followed.yaml'\n",
        ),
    )]);
    assert_eq!(
        p.findings("openapi.yaml"),
        [
            "ref-unresolved error openapi.yaml:9:13 /components/examples/default/$ref | $ref '#/nope1' points at nothing: in openapi.yaml, /nope1 does not exist",
            "ref-unresolved error openapi.yaml:19:17 /components/parameters/P/examples/example/$ref | $ref 'nope2.yaml' cannot be followed: nope2.yaml does not exist",
        ]
    );
}

#[test]
fn recursive_yaml_aliases_are_reported() {
    let p = Project::new(&[(
        "a.yaml",
        b"openapi: 3.1.0\ninfo: &a\n  title: t\n  version: '1'\n  x-self: *a\npaths: {}\n",
    )]);
    assert_eq!(
        p.findings("a.yaml"),
        [
            "recursive-alias error a.yaml:5:11 /info/x-self | the alias *a sits inside the node its anchor names: a recursive structure that JSON cannot represent [the anchored node starts here: a.yaml:2:7]"
        ]
    );
}

#[test]
fn duplicate_keys_name_both_locations() {
    let p = Project::new(&[(
        "openapi.yaml",
        &spec(
            "paths: {}\ncomponents:\n  schemas:\n    A: {type: string}\n    A: {type: integer}\n",
        ),
    )]);
    assert_eq!(
        p.findings("openapi.yaml"),
        [
            "duplicate-key error openapi.yaml:9:5 /components/schemas/A | duplicate key 'A': the mapping already has it; the later value wins, the first is ignored [first defined here: openapi.yaml:8:5]"
        ]
    );
}

#[test]
fn duplicate_keys_in_json_and_in_large_mappings() {
    let mut big = String::from(
        "{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"t\", \"version\": \"1\"}, \"paths\": {},\n \"x-big\": {",
    );
    for i in 0..40 {
        big.push_str(&format!("\"k{i}\": {i}, "));
    }
    big.push_str("\"k7\": 0}}\n");
    let p = Project::new(&[("openapi.json", big.as_bytes())]);
    let lines = p.findings("openapi.json");
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert!(
        lines[0].starts_with("duplicate-key error openapi.json:2:432 "),
        "{}",
        lines[0]
    );
    assert!(
        lines[0].contains("/x-big/k7 | duplicate key 'k7'"),
        "{}",
        lines[0]
    );
    assert!(
        lines[0].ends_with("[first defined here: openapi.json:2:75]"),
        "{}",
        lines[0]
    );
}

#[test]
fn yaml_syntax_errors_are_located() {
    let p = Project::new(&[(
        "openapi.yaml",
        b"openapi: 3.1.0\ninfo:\n  title: t\n  version: '1\npaths: {}\n",
    )]);
    let lines = p.findings("openapi.yaml");
    assert_eq!(lines.len(), 1, "{lines:#?}");
    // The unterminated quote: saphyr stops at the opening quote of the scalar it cannot finish.
    assert_eq!(
        lines[0],
        "syntax-error error openapi.yaml:4:12 /info/version | YAML syntax error: invalid indentation in quoted scalar"
    );
}

#[test]
fn json_syntax_errors_are_located() {
    let cases: [(&str, &str); 5] = [
        (
            "{\"openapi\": \"3.0.0\",\n \"info\": {\"title\": \"t\",}\n}",
            "syntax-error error openapi.json:2:24 /info | JSON syntax error: trailing comma before a closing bracket",
        ),
        (
            "{\"openapi\": \"3.0.0\" // c\n}",
            "syntax-error error openapi.json:1:21 \"\" | JSON syntax error: comments are not allowed in JSON",
        ),
        (
            "{\"openapi\": '3.0.0'}",
            "syntax-error error openapi.json:1:13 /openapi | JSON syntax error: Single-quoted strings are not allowed",
        ),
        (
            "{\"a\": [1, 2}",
            "syntax-error error openapi.json:1:12 /a/2 | JSON syntax error: expected ',' or a closing bracket, found '}'",
        ),
        (
            "{\"a\": 1} {",
            "syntax-error error openapi.json:1:10 \"\" | JSON syntax error: expected the end of the document, found '{'",
        ),
    ];
    for (text, expected) in cases {
        let p = Project::new(&[("openapi.json", text.as_bytes())]);
        let lines = p.findings("openapi.json");
        assert_eq!(
            lines.first().map(String::as_str),
            Some(expected),
            "{text}: {lines:#?}"
        );
    }
}

#[test]
fn invalid_utf8_is_a_located_error() {
    let mut bytes = spec("paths: {}\nx-a: 'caf");
    bytes.extend_from_slice(b"\xe9'\n");
    let p = Project::new(&[("openapi.yaml", &bytes)]);
    assert_eq!(
        p.findings("openapi.yaml"),
        [
            "invalid-utf8 error openapi.yaml:6:10 \"\" | invalid UTF-8 at byte 66; the file is read only up to this point"
        ]
    );
}

#[test]
fn bom_is_accepted_and_columns_ignore_it() {
    let mut bytes = "\u{feff}".as_bytes().to_vec();
    bytes.extend(spec("x-a:\n  $ref: '#/nope'\n"));
    let p = Project::new(&[("openapi.yaml", &bytes)]);
    assert_eq!(
        p.findings("openapi.yaml"),
        [
            "ref-unresolved error openapi.yaml:6:9 /x-a/$ref | $ref '#/nope' points at nothing: in openapi.yaml, /nope does not exist"
        ]
    );
}

#[test]
fn not_an_openapi_document() {
    let cases: [(&str, &[u8], &str); 5] = [
        (
            "empty.yaml",
            b"",
            "not-openapi error empty.yaml:1:1 \"\" | the file holds no document (it is empty or only comments)",
        ),
        (
            "comment.yaml",
            b"# only a comment\n",
            "not-openapi error comment.yaml:1:1 \"\" | the file holds no document (it is empty or only comments)",
        ),
        (
            "list.yaml",
            b"- a\n- b\n",
            "not-openapi error list.yaml:1:1 \"\" | not an OpenAPI document: the top level is a sequence, not a mapping",
        ),
        (
            "other.yaml",
            b"name: x\nversion: 1\n",
            "not-openapi error other.yaml:1:1 \"\" | not an OpenAPI document: the top level has neither an 'openapi' nor a 'swagger' field",
        ),
        (
            "v4.yaml",
            b"openapi: '4.0.0'\n",
            "not-openapi error v4.yaml:1:10 /openapi | unsupported openapi version '4.0.0': specguard reads Swagger 2.0 and OpenAPI 3.0, 3.1 and 3.2",
        ),
    ];
    for (name, text, expected) in cases {
        let p = Project::new(&[(name, text)]);
        assert_eq!(p.findings(name), [expected], "{name}");
    }
}

#[test]
fn unquoted_and_prerelease_versions_warn() {
    let p = Project::new(&[("a.yaml", b"openapi: 3.0\npaths: {}\n")]);
    assert_eq!(
        p.findings("a.yaml"),
        [
            "openapi-version warn a.yaml:1:10 /openapi | 'openapi' must be a string; 3.0 is read as a number here (quote it: '3.0')",
            "openapi-version warn a.yaml:1:10 /openapi | openapi version '3.0' is not of the form major.minor.patch; read as 3.0",
        ]
    );
}

#[test]
fn deep_nesting_is_refused_with_the_limit_named() {
    let deep_json = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let deep_yaml = format!(
        "openapi: 3.1.0\nx: {}{}\n",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let p = Project::new(&[
        ("deep.json", deep_json.as_bytes()),
        ("deep.yaml", deep_yaml.as_bytes()),
    ]);
    let json = p.findings("deep.json");
    assert_eq!(json.len(), 1);
    assert_eq!(
        json[0],
        format!(
            "nesting-too-deep error deep.json:1:1001 /{} | nesting deeper than 1000 levels; the rest of the file is not read (raise the limit with --max-depth)",
            vec!["0"; 1000].join("/")
        )
    );
    let yaml = p.findings("deep.yaml");
    // saphyr stops flow nesting at 255 levels, before our limit.
    assert_eq!(yaml.len(), 1, "{yaml:#?}");
    assert!(
        yaml[0].starts_with("nesting-too-deep error deep.yaml:2:"),
        "{}",
        yaml[0]
    );
    assert!(yaml[0].ends_with("nested deeper than 255 levels, the YAML parser's limit; the rest of the file is not read"), "{}", yaml[0]);
    // Block nesting reaches our limit, at the line where it is crossed.
    let mut block = String::from("openapi: 3.1.0\nx:\n");
    for i in 0..3000 {
        block.push_str(&format!("{}k:\n", "  ".repeat(i + 1)));
    }
    let p = Project::new(&[("block.yaml", block.as_bytes())]);
    let lines = p.findings("block.yaml");
    assert_eq!(lines.len(), 1, "{lines:#?}");
    assert!(
        lines[0].starts_with("nesting-too-deep error block.yaml:1002:"),
        "{}",
        lines[0]
    );
}

#[test]
fn yaml_alias_bomb_costs_nothing() {
    let mut bomb = String::from(
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\nx-a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let mut prev = 'a';
    for name in 'b'..='j' {
        bomb.push_str(&format!("x-{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
        prev = name;
    }
    let p = Project::new(&[("bomb.yaml", bomb.as_bytes())]);
    let ws = p.load("bomb.yaml");
    assert!(ws.files()[0].tree.len() < 500, "aliases are not expanded");
    assert_eq!(common::render(&ws), Vec::<String>::new());
    // Navigation through aliases still works.
    let j = ws.root().unwrap().get("x-j").unwrap();
    assert_eq!(j.items().next().unwrap().items().count(), 9);
}

#[test]
fn multiple_yaml_documents_are_reported() {
    let p = Project::new(&[(
        "two.yaml",
        b"openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n---\nother: 1\n",
    )]);
    assert_eq!(
        p.findings("two.yaml"),
        [
            "multiple-documents error two.yaml:4:1 \"\" | the YAML stream holds more than one document; only the first is read"
        ]
    );
}

#[test]
fn findings_inside_referenced_files_are_located_there() {
    let p = Project::new(&[
        (
            "openapi.yaml",
            &spec("paths:\n  /a:\n    $ref: 'paths/a.yaml'\n"),
        ),
        (
            "paths/a.yaml",
            b"get:\n  responses:\n    '200':\n      $ref: '../responses.yaml#/Ok'\n",
        ),
        (
            "responses.yaml",
            b"Ok:\n  description: ok\n  description: again\n",
        ),
    ]);
    assert_eq!(
        p.findings("openapi.yaml"),
        [
            "duplicate-key error responses.yaml:3:3 /Ok/description | duplicate key 'description': the mapping already has it; the later value wins, the first is ignored [first defined here: responses.yaml:2:3]"
        ]
    );
}

#[test]
fn file_size_limit_applies_to_referenced_files() {
    let p = Project::new(&[
        ("openapi.yaml", &spec("x-a:\n  $ref: 'big.yaml'\n")),
        ("big.yaml", &vec![b'#'; 2000]),
    ]);
    let ws = p.load_with(
        "openapi.yaml",
        specguard::resolve::LoadOptions {
            max_file_size: 1000,
            ..Default::default()
        },
    );
    assert_eq!(
        common::render(&ws),
        [
            "ref-unresolved error openapi.yaml:6:9 /x-a/$ref | $ref 'big.yaml' cannot be followed: big.yaml is 2000 bytes, over the file size limit of 1000 bytes (raise it with --max-file-size)"
        ]
    );
}

#[test]
fn file_count_limit_is_named() {
    let p = Project::new(&[
        (
            "openapi.yaml",
            &spec("x-a:\n  $ref: 'a.yaml'\nx-b:\n  $ref: 'b.yaml'\n"),
        ),
        ("a.yaml", b"a: 1\n"),
        ("b.yaml", b"b: 1\n"),
    ]);
    let ws = p.load_with(
        "openapi.yaml",
        specguard::resolve::LoadOptions {
            max_files: 2,
            ..Default::default()
        },
    );
    assert_eq!(
        common::render(&ws),
        [
            "limit-exceeded error openapi.yaml:8:9 /x-b/$ref | $ref 'b.yaml' would load file number 3, over the limit of 2 files per spec (raise it with --max-files)"
        ]
    );
}
