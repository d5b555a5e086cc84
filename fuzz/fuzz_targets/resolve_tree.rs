//! A small tree of files whose contents are mostly structured YAML or JSON full of `$ref`s
//! between them (relative paths, pointers, cycles, refs that try to leave the root, symlinks),
//! loaded from its entry with the root set to the tree's directory, then linted and rendered.
//!
//! Invariant: every file the loader read is inside the root (`../out.yaml` is written beside
//! the root, and symlinks point out of it: neither may be read).
#![no_main]

mod common;

use std::fmt::Write as _;
use std::path::Path;

use libfuzzer_sys::arbitrary::{Result, Unstructured};
use libfuzzer_sys::fuzz_target;
use specguard::resolve::SpecInput;
use specguard::source::Origin;

/// File names, relative to the root. The first is the entry; `../out.yaml` lands outside.
const NAMES: &[&str] = &[
    "openapi.yaml",
    "a.yaml",
    "dir/b.yaml",
    "dir/sub/c.yml",
    "c.json",
    "dir/d.json",
    "link.yaml",
    "dir/link",
    "../out.yaml",
];

/// Where symlinks point.
const LINK_TARGETS: &[&str] = &[
    "../out.yaml",
    "a.yaml",
    "/etc/hostname",
    "dir",
    "..",
    "openapi.yaml",
    "missing.yaml",
    "link.yaml",
    "../root",
];

/// The file part of a `$ref`.
const REF_PATHS: &[&str] = &[
    "",
    "",
    "openapi.yaml",
    "./a.yaml",
    "a.yaml",
    "dir/b.yaml",
    "b.yaml",
    "sub/c.yml",
    "dir/sub/c.yml",
    "../a.yaml",
    "../openapi.yaml",
    "../../openapi.yaml",
    "../out.yaml",
    "../../out.yaml",
    "dir/../a.yaml",
    "dir/./b.yaml",
    "c.json",
    "../c.json",
    "dir/d.json",
    "d.json",
    "missing.yaml",
    "dir/",
    ".",
    "..",
    "link.yaml",
    "dir/link",
    "dir/link/b.yaml",
    "/etc/passwd",
    "file:///etc/passwd",
    "http://example.com/x.yaml",
    "a%2Eyaml",
    "dir%2Fb.yaml",
    "a.yaml?x=1",
    "A.YAML",
    "\\a.yaml",
    "a.yaml#",
    "//a.yaml",
];

/// The fragment part of a `$ref` (with its `#`).
const POINTERS: &[&str] = &[
    "",
    "#",
    "#/Pet",
    "#/Key",
    "#/Conflict",
    "#/Pet/properties/id",
    "#/",
    "#/components/schemas/Pet",
    "#/components/schemas",
    "#/components/parameters/Key",
    "#/components/responses/Conflict",
    "#/components/schemas/Pet/properties/id",
    "#/components/schemas/Pet/allOf/0",
    "#/paths/~1items/post",
    "#/paths/~1items",
    "#/paths/~1items~1{id}/get/responses/200",
    "#/x",
    "#/x/0",
    "#/x/1/y",
    "#/x/-",
    "#/x/01",
    "#/a~1b",
    "#/a~0b",
    "#/~2",
    "#/%7E1",
    "#/%ZZ",
    "#/0",
    "#x",
    "#//",
    "#/$ref",
    "#/y/$ref",
];

/// Mapping keys: OpenAPI's, the idempotency contract's, and a few awkward ones.
const KEYS: &[&str] = &[
    "openapi",
    "info",
    "title",
    "version",
    "paths",
    "/items",
    "/items/{id}",
    "/items/{itemId}",
    "get",
    "post",
    "put",
    "patch",
    "delete",
    "parameters",
    "requestBody",
    "responses",
    "200",
    "201",
    "400",
    "409",
    "422",
    "default",
    "components",
    "schemas",
    "Pet",
    "Key",
    "Conflict",
    "headers",
    "Retry-After",
    "Idempotency-Key",
    "X-Idempotency-Key-Status",
    "schema",
    "pattern",
    "type",
    "format",
    "enum",
    "required",
    "name",
    "in",
    "content",
    "application/json",
    "properties",
    "id",
    "items",
    "allOf",
    "oneOf",
    "anyOf",
    "description",
    "deprecated",
    "x-idempotency-ttl",
    "x-sunset",
    "operationId",
    "webhooks",
    "security",
    "securitySchemes",
    "additionalProperties",
    "example",
    "x",
    "y",
    "a/b",
    "a~b",
    "$ref",
    "",
];

/// Scalar strings the rules look at.
const STRINGS: &[&str] = &[
    "3.1.0",
    "3.0.3",
    "2.0",
    "header",
    "query",
    "path",
    "Idempotency-Key",
    "idempotency-key",
    "string",
    "object",
    "integer",
    "array",
    "uuid",
    "^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$",
    "^[0-9a-f-]+$",
    "[0-9a-f]{8}",
    "^(a+)+$",
    "(?=x)",
    "[",
    "PT24H",
    "P1D",
    "2020-01-01",
    "1.0.0",
    "#/components/schemas/Pet",
    "",
    "~",
    "é",
    "\u{0}",
    "\u{feff}",
];

#[derive(Debug)]
enum Value {
    Ref(String),
    /// A `$ref` with siblings.
    RefWith(String, Vec<(String, Value)>),
    Map(Vec<(String, Value)>),
    Seq(Vec<Value>),
    Str(String),
    Int(i64),
    Bool(bool),
    Null,
    /// `&aN value` (YAML only).
    Anchor(u8, Box<Value>),
    /// `*aN` (YAML only).
    Alias(u8),
}

fn pick<'a>(u: &mut Unstructured<'_>, list: &[&'a str]) -> Result<&'a str> {
    Ok(list[u.choose_index(list.len())?])
}

fn ref_string(u: &mut Unstructured<'_>) -> Result<String> {
    if u.ratio(1, 16)? {
        return u.arbitrary::<String>();
    }
    Ok(format!("{}{}", pick(u, REF_PATHS)?, pick(u, POINTERS)?))
}

fn key(u: &mut Unstructured<'_>) -> Result<String> {
    if u.ratio(1, 24)? {
        return u.arbitrary::<String>();
    }
    Ok(pick(u, KEYS)?.to_string())
}

fn entries(u: &mut Unstructured<'_>, depth: u32) -> Result<Vec<(String, Value)>> {
    let n = u.int_in_range(0..=5)?;
    (0..n)
        .map(|_| Ok((key(u)?, value(u, depth + 1)?)))
        .collect()
}

fn value(u: &mut Unstructured<'_>, depth: u32) -> Result<Value> {
    let leaf_only = depth >= 7 || u.is_empty();
    let choice = if leaf_only {
        u.int_in_range(0..=5)?
    } else {
        u.int_in_range(0..=10)?
    };
    Ok(match choice {
        0 | 1 => Value::Ref(ref_string(u)?),
        2 => Value::Str(if u.ratio(1, 4)? {
            u.arbitrary()?
        } else {
            pick(u, STRINGS)?.to_string()
        }),
        3 => Value::Int(u.arbitrary()?),
        4 => {
            if u.ratio(1, 2)? {
                Value::Bool(u.arbitrary()?)
            } else {
                Value::Null
            }
        }
        5 => Value::Alias(u.int_in_range(0..=3)?),
        6 | 7 => Value::Map(entries(u, depth)?),
        8 => {
            let n = u.int_in_range(0..=4)?;
            Value::Seq((0..n).map(|_| value(u, depth + 1)).collect::<Result<_>>()?)
        }
        9 => Value::RefWith(ref_string(u)?, entries(u, depth)?),
        _ => Value::Anchor(u.int_in_range(0..=3)?, Box::new(value(u, depth + 1)?)),
    })
}

fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

fn is_block_collection(v: &Value) -> bool {
    match v {
        Value::Map(m) => !m.is_empty(),
        Value::RefWith(..) | Value::Ref(_) => true,
        Value::Seq(s) => !s.is_empty(),
        Value::Anchor(_, v) => is_block_collection(v),
        _ => false,
    }
}

/// JSON text (also YAML flow style); anchors are dropped and aliases become strings in JSON.
fn flow(v: &Value, yaml: bool, out: &mut String) {
    let map = |m: &[(String, Value)], out: &mut String| {
        out.push('{');
        for (i, (k, v)) in m.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            out.push_str(&quoted(k));
            out.push_str(": ");
            flow(v, yaml, out);
        }
        out.push('}');
    };
    match v {
        Value::Ref(r) => {
            let _ = write!(out, "{{\"$ref\": {}}}", quoted(r));
        }
        Value::RefWith(r, rest) => {
            let mut all = vec![("$ref".to_string(), Value::Str(r.clone()))];
            all.extend(rest.iter().map(|(k, v)| (k.clone(), v.shallow())));
            map(&all, out);
        }
        Value::Map(m) => map(m, out),
        Value::Seq(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                flow(item, yaml, out);
            }
            out.push(']');
        }
        Value::Str(s) => out.push_str(&quoted(s)),
        Value::Int(i) => {
            let _ = write!(out, "{i}");
        }
        Value::Bool(b) => {
            let _ = write!(out, "{b}");
        }
        Value::Null => out.push_str("null"),
        Value::Anchor(n, v) => {
            if yaml {
                let _ = write!(out, "&a{n} ");
            }
            flow(v, yaml, out);
        }
        Value::Alias(n) => {
            if yaml {
                let _ = write!(out, "*a{n}");
            } else {
                let _ = write!(out, "\"*a{n}\"");
            }
        }
    }
}

impl Value {
    /// A copy for the flow writer's `$ref` siblings (the tree is small).
    fn shallow(&self) -> Value {
        match self {
            Value::Ref(r) => Value::Ref(r.clone()),
            Value::RefWith(r, m) => Value::RefWith(
                r.clone(),
                m.iter().map(|(k, v)| (k.clone(), v.shallow())).collect(),
            ),
            Value::Map(m) => Value::Map(m.iter().map(|(k, v)| (k.clone(), v.shallow())).collect()),
            Value::Seq(s) => Value::Seq(s.iter().map(Value::shallow).collect()),
            Value::Str(s) => Value::Str(s.clone()),
            Value::Int(i) => Value::Int(*i),
            Value::Bool(b) => Value::Bool(*b),
            Value::Null => Value::Null,
            Value::Anchor(n, v) => Value::Anchor(*n, Box::new(v.shallow())),
            Value::Alias(n) => Value::Alias(*n),
        }
    }
}

/// Block YAML: `v` goes after `prefix` (`key:` or `-`) at `indent`.
fn block_entry(prefix: &str, v: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    out.push_str(&pad);
    out.push_str(prefix);
    let v = match v {
        Value::Anchor(n, inner) => {
            let _ = write!(out, " &a{n}");
            inner.as_ref()
        }
        v => v,
    };
    if is_block_collection(v) {
        out.push('\n');
        block(v, indent + 2, out);
    } else {
        out.push(' ');
        flow(v, true, out);
        out.push('\n');
    }
}

fn block(v: &Value, indent: usize, out: &mut String) {
    match v {
        Value::Ref(r) => block_entry(
            &format!("{}:", quoted("$ref")),
            &Value::Str(r.clone()),
            indent,
            out,
        ),
        Value::RefWith(r, rest) => {
            block_entry("$ref:", &Value::Str(r.clone()), indent, out);
            for (k, v) in rest {
                block_entry(&format!("{}:", quoted(k)), v, indent, out);
            }
        }
        Value::Map(m) => {
            for (k, v) in m {
                block_entry(&format!("{}:", quoted(k)), v, indent, out);
            }
        }
        Value::Seq(items) => {
            for item in items {
                block_entry("-", item, indent, out);
            }
        }
        Value::Anchor(_, v) => block(v, indent, out),
        leaf => {
            out.push_str(&" ".repeat(indent));
            flow(leaf, true, out);
            out.push('\n');
        }
    }
}

/// Shaped values: what the rules look for (operations with an `Idempotency-Key` header
/// parameter and its schema, responses with headers), any part of which may instead be a
/// `$ref` or an arbitrary value, so that refs land where rules follow them.
fn shaped(u: &mut Unstructured<'_>, kind: Kind, depth: u32) -> Result<Value> {
    if depth > 6 || u.ratio(1, 5)? {
        return if u.ratio(2, 3)? {
            Ok(Value::Ref(ref_string(u)?))
        } else {
            value(u, depth + 3)
        };
    }
    let s = |v: &str| Value::Str(v.to_string());
    let mut m: Vec<(String, Value)> = Vec::new();
    match kind {
        Kind::Document => {
            let mut paths = Vec::new();
            for _ in 0..u.int_in_range(0..=3)? {
                let path = pick(
                    u,
                    &[
                        "/items",
                        "/items/{id}",
                        "/items/{itemId}",
                        "/a",
                        "/items/{id",
                    ],
                )?;
                paths.push((path.to_string(), shaped(u, Kind::PathItem, depth + 1)?));
            }
            m.push(("paths".into(), Value::Map(paths)));
            if u.arbitrary()? {
                m.push((
                    "x-idempotency-ttl".into(),
                    s(pick(u, &["PT24H", "P1D", "24h", ""])?),
                ));
            }
            if u.arbitrary()? {
                m.push(("components".into(), shaped(u, Kind::Components, depth + 1)?));
            }
        }
        Kind::Components => {
            m.push((
                "schemas".into(),
                Value::Map(vec![("Pet".into(), shaped(u, Kind::Schema, depth + 1)?)]),
            ));
            m.push((
                "parameters".into(),
                Value::Map(vec![("Key".into(), shaped(u, Kind::Parameter, depth + 1)?)]),
            ));
            m.push((
                "responses".into(),
                Value::Map(vec![(
                    "Conflict".into(),
                    shaped(u, Kind::Response, depth + 1)?,
                )]),
            ));
        }
        Kind::Collection => {
            m.push(("Pet".into(), shaped(u, Kind::Schema, depth + 1)?));
            m.push(("Key".into(), shaped(u, Kind::Parameter, depth + 1)?));
            m.push(("Conflict".into(), shaped(u, Kind::Response, depth + 1)?));
        }
        Kind::PathItem => {
            for _ in 0..u.int_in_range(1..=3)? {
                let method = pick(u, &["post", "put", "patch", "get", "delete", "parameters"])?;
                let v = if method == "parameters" {
                    Value::Seq(vec![shaped(u, Kind::Parameter, depth + 1)?])
                } else {
                    shaped(u, Kind::Operation, depth + 1)?
                };
                m.push((method.into(), v));
            }
        }
        Kind::Operation => {
            let n = u.int_in_range(0..=2)?;
            let params = (0..n)
                .map(|_| shaped(u, Kind::Parameter, depth + 1))
                .collect::<Result<_>>()?;
            m.push(("parameters".into(), Value::Seq(params)));
            if u.arbitrary()? {
                m.push(("requestBody".into(), shaped(u, Kind::Content, depth + 1)?));
            }
            let mut responses = Vec::new();
            for _ in 0..u.int_in_range(0..=3)? {
                let status = pick(
                    u,
                    &["200", "201", "400", "409", "422", "429", "default", "2XX"],
                )?;
                responses.push((status.to_string(), shaped(u, Kind::Response, depth + 1)?));
            }
            m.push(("responses".into(), Value::Map(responses)));
        }
        Kind::Parameter => {
            let name = pick(
                u,
                &[
                    "Idempotency-Key",
                    "idempotency-key",
                    "id",
                    "itemId",
                    "X-Request-Id",
                ],
            )?;
            m.push(("name".into(), s(name)));
            m.push((
                "in".into(),
                s(pick(u, &["header", "path", "query", "cookie"])?),
            ));
            if u.arbitrary()? {
                m.push(("required".into(), Value::Bool(u.arbitrary()?)));
            }
            m.push(("schema".into(), shaped(u, Kind::Schema, depth + 1)?));
        }
        Kind::Schema => {
            m.push((
                "type".into(),
                s(pick(u, &["string", "object", "integer", "array"])?),
            ));
            if u.arbitrary()? {
                m.push(("format".into(), s(pick(u, &["uuid", "date-time", ""])?)));
            }
            if u.arbitrary()? {
                let pattern = if u.ratio(1, 3)? {
                    u.arbitrary()?
                } else {
                    pick(u, STRINGS)?.to_string()
                };
                m.push(("pattern".into(), Value::Str(pattern)));
            }
            if u.ratio(1, 3)? {
                m.push((
                    "properties".into(),
                    Value::Map(vec![("id".into(), shaped(u, Kind::Schema, depth + 1)?)]),
                ));
            }
            if u.ratio(1, 4)? {
                let key = pick(u, &["allOf", "oneOf", "anyOf"])?;
                m.push((
                    key.into(),
                    Value::Seq(vec![shaped(u, Kind::Schema, depth + 1)?]),
                ));
            }
        }
        Kind::Response => {
            m.push(("description".into(), s("d")));
            if u.arbitrary()? {
                let mut headers = Vec::new();
                for _ in 0..u.int_in_range(1..=2)? {
                    let name = pick(
                        u,
                        &["Retry-After", "X-Idempotency-Key-Status", "Idempotency-Key"],
                    )?;
                    headers.push((
                        name.to_string(),
                        Value::Map(vec![("schema".into(), shaped(u, Kind::Schema, depth + 1)?)]),
                    ));
                }
                m.push(("headers".into(), Value::Map(headers)));
            }
            if u.arbitrary()? {
                m.push(("content".into(), shaped(u, Kind::Content, depth + 1)?));
            }
        }
        Kind::Content => {
            let media = Value::Map(vec![("schema".into(), shaped(u, Kind::Schema, depth + 1)?)]);
            m.push(("application/json".into(), media));
        }
    }
    if u.ratio(1, 6)? {
        m.push((key(u)?, value(u, depth + 2)?));
    }
    Ok(Value::Map(m))
}

#[derive(Clone, Copy)]
enum Kind {
    Document,
    Components,
    /// A file of components at its top (`other.yaml#/Pet`).
    Collection,
    PathItem,
    Operation,
    Parameter,
    Schema,
    Response,
    Content,
}

/// One file's bytes: structured YAML (block or flow) or JSON, or raw bytes now and then.
fn contents(u: &mut Unstructured<'_>, name: &str, entry: bool) -> Result<Vec<u8>> {
    if u.ratio(1, 12)? {
        return u.arbitrary::<Vec<u8>>();
    }
    let generated = match u.int_in_range(0..=2)? {
        0 => value(u, 0)?,
        1 => shaped(
            u,
            if entry {
                Kind::Document
            } else {
                Kind::Collection
            },
            0,
        )?,
        _ => shaped(u, Kind::Document, 0)?,
    };
    let mut top = match generated {
        Value::Map(m) => m,
        other if u.ratio(1, 4)? => {
            // A document that is not a mapping at all.
            let mut out = String::new();
            flow(&other, !name.ends_with(".json"), &mut out);
            return Ok(out.into_bytes());
        }
        other => vec![("x".to_string(), other)],
    };
    if entry || u.ratio(1, 3)? {
        let version = pick(u, &["3.1.0", "3.0.3", "3.2.0", "2.0", "4"])?;
        top.insert(0, ("openapi".into(), Value::Str(version.into())));
        top.insert(
            1,
            (
                "info".into(),
                Value::Map(vec![
                    ("title".into(), Value::Str("t".into())),
                    ("version".into(), Value::Str("1".into())),
                ]),
            ),
        );
    }
    let top = Value::Map(top);
    let mut out = String::new();
    if name.ends_with(".json") || u.ratio(1, 4)? {
        flow(&top, !name.ends_with(".json"), &mut out);
    } else {
        block(&top, 0, &mut out);
    }
    Ok(out.into_bytes())
}

/// Writes the tree under `base/root` (`../out.yaml` as `base/out.yaml`).
fn write_tree(u: &mut Unstructured<'_>, base: &Path, root: &Path) -> Result<()> {
    let mut names = vec![NAMES[0]];
    for _ in 0..u.int_in_range(0..=5)? {
        names.push(pick(u, &NAMES[1..])?);
    }
    for (i, name) in names.iter().enumerate() {
        let path = root.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        if path.symlink_metadata().is_ok() {
            continue;
        }
        if i > 0 && u.ratio(1, 5)? {
            let _ = std::os::unix::fs::symlink(pick(u, LINK_TARGETS)?, &path);
        } else {
            std::fs::write(&path, contents(u, name, i == 0)?).unwrap();
        }
    }
    debug_assert!(root.starts_with(base));
    Ok(())
}

fuzz_target!(|data: &[u8]| {
    let base = common::scratch("resolve_tree");
    let root = base.join("root");
    let _ = std::fs::remove_dir_all(&root);
    let _ = std::fs::remove_file(base.join("out.yaml"));
    std::fs::create_dir_all(&root).unwrap();
    let mut u = Unstructured::new(data);
    if write_tree(&mut u, base, &root).is_err() {
        return;
    }
    let loader = common::loader(&root);
    let Ok(ws) = loader.load(&SpecInput::File(root.join(NAMES[0]))) else {
        return;
    };
    for file in ws.files() {
        if let Origin::File(path) = &file.source.origin {
            let real = std::fs::canonicalize(path).unwrap_or_else(|_| path.clone());
            assert!(
                path.starts_with(&root) && real.starts_with(&root),
                "read {} (really {}) outside the root {}",
                path.display(),
                real.display(),
                root.display()
            );
        }
    }
    common::lint_and_render(&ws);
});
