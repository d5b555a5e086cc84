//! Spec views: versions, operations, parameters (path-level merge, refs across files),
//! responses, headers, request bodies and schemas, in 2.0, 3.0 and 3.1, YAML and JSON.

mod common;

use common::Project;
use specguard::spec::{Document, ParameterLevel, Schema, SpecVersion};

#[test]
fn versions_are_detected() {
    for (text, version) in [
        (
            "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\n",
            SpecVersion::Swagger2,
        ),
        (
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n",
            SpecVersion::OpenApi30,
        ),
        (
            "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\n",
            SpecVersion::OpenApi31,
        ),
        (
            "openapi: 3.2.0\ninfo: {title: t, version: '1'}\npaths: {}\n",
            SpecVersion::OpenApi32,
        ),
        (
            "{\"openapi\": \"3.1.1\", \"info\": {\"title\": \"t\", \"version\": \"1\"}, \"paths\": {}}",
            SpecVersion::OpenApi31,
        ),
    ] {
        let p = Project::new(&[("a.yaml", text.as_bytes())]);
        let ws = p.load("a.yaml");
        assert_eq!(
            Document::new(&ws).map(|d| d.version),
            Some(version),
            "{text}"
        );
    }
    let p = Project::new(&[("a.yaml", b"name: x\n")]);
    assert!(Document::new(&p.load("a.yaml")).is_none());
}

const SPEC_30: &str = r##"openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /orders/{id}:
    parameters:
      - name: id
        in: path
        required: true
        schema: {type: string}
      - name: idempotency-key
        in: header
        schema: {type: string}
      - $ref: 'params.yaml#/Trace'
    get:
      responses:
        '200': {description: ok}
    post:
      parameters:
        - $ref: 'params.yaml#/IdempotencyKey'
        - name: id
          in: query
          schema: {type: integer}
      requestBody:
        $ref: '#/components/requestBodies/Order'
      responses:
        '201':
          description: created
        4XX:
          description: client error
        '409':
          $ref: 'responses.yaml#/Conflict'
        default:
          description: other
    x-not-an-operation: {}
  /health:
    $ref: 'paths.yaml#/health'
components:
  requestBodies:
    Order:
      required: true
      content:
        application/json:
          schema:
            type: object
            nullable: true
"##;

fn project_30() -> Project {
    Project::new(&[
        ("openapi.yaml", SPEC_30.as_bytes()),
        (
            "params.yaml",
            b"IdempotencyKey:\n  name: Idempotency-Key\n  in: header\n  required: true\n  schema:\n    $ref: 'schemas.yaml#/Key'\nTrace:\n  name: X-Trace\n  in: header\n  schema: {type: string}\n",
        ),
        ("schemas.yaml", b"Key:\n  type: string\n  format: uuid\n"),
        (
            "responses.yaml",
            b"Conflict:\n  description: conflict\n  headers:\n    retry-after:\n      schema: {type: integer}\n    X-Idempotency-Key-Status:\n      $ref: '#/Status'\nStatus:\n  schema:\n    type: [string, 'null']\n    enum: [DUPLICATE, PROCESSING]\n",
        ),
        ("paths.yaml", b"health:\n  get:\n    responses:\n      '200': {description: ok}\n"),
    ])
}

#[test]
fn operations_in_document_order_through_path_item_refs() {
    let p = project_30();
    let ws = p.load("openapi.yaml");
    assert_eq!(common::render(&ws), Vec::<String>::new());
    let doc = Document::new(&ws).unwrap();
    let labels: Vec<String> = doc.operations().iter().map(|o| o.label()).collect();
    assert_eq!(
        labels,
        ["GET /orders/{id}", "POST /orders/{id}", "GET /health"]
    );
    let health = &doc.operations()[2];
    assert_eq!(health.node.file().source.name, "paths.yaml");
    assert_eq!(health.method_key.location().pointer, "/health/get");
    assert!(health.path_item.item.is_ref());
}

#[test]
fn path_level_parameters_are_merged_and_overridden_by_in_and_name() {
    let p = project_30();
    let ws = p.load("openapi.yaml");
    let doc = Document::new(&ws).unwrap();
    let ops = doc.operations();
    let (get, post) = (&ops[0], &ops[1]);
    let names = |op: &specguard::spec::Operation<'_>| -> Vec<(String, String, ParameterLevel)> {
        op.parameters()
            .iter()
            .map(|p| {
                (
                    p.location().unwrap().to_string(),
                    p.name().unwrap().to_string(),
                    p.level,
                )
            })
            .collect()
    };
    assert_eq!(
        names(get),
        [
            ("path".into(), "id".into(), ParameterLevel::Path),
            (
                "header".into(),
                "idempotency-key".into(),
                ParameterLevel::Path
            ),
            ("header".into(), "X-Trace".into(), ParameterLevel::Path),
        ]
    );
    // The operation's `Idempotency-Key` overrides the path's `idempotency-key` (header names
    // are case-insensitive); `id` in query does not override `id` in path.
    assert_eq!(
        names(post),
        [
            ("path".into(), "id".into(), ParameterLevel::Path),
            ("header".into(), "X-Trace".into(), ParameterLevel::Path),
            (
                "header".into(),
                "Idempotency-Key".into(),
                ParameterLevel::Operation
            ),
            ("query".into(), "id".into(), ParameterLevel::Operation),
        ]
    );
    let key = post.parameter("header", "IDEMPOTENCY-KEY").unwrap();
    // Written as a ref in openapi.yaml, defined in params.yaml; its schema in schemas.yaml.
    assert_eq!(key.resolved.written.file().source.name, "openapi.yaml");
    assert_eq!(key.node().file().source.name, "params.yaml");
    assert_eq!(key.node().pointer(), "/IdempotencyKey");
    assert_eq!(key.required().and_then(|r| r.as_bool()), Some(true));
    let schema = key.schema().unwrap();
    assert_eq!(schema.node.file().source.name, "schemas.yaml");
    assert_eq!(schema.via.len(), 1);
    let s = Schema::new(schema.node);
    assert_eq!((s.types(), s.format()), (vec!["string"], Some("uuid")));
    assert!(
        get.parameter("header", "Idempotency-Key")
            .is_some_and(|p| p.level == ParameterLevel::Path)
    );
}

#[test]
fn responses_headers_and_request_bodies() {
    let p = project_30();
    let ws = p.load("openapi.yaml");
    let doc = Document::new(&ws).unwrap();
    let post = &doc.operations()[1];
    let statuses: Vec<&str> = post.responses().iter().map(|r| r.status).collect();
    assert_eq!(statuses, ["201", "4XX", "409", "default"]);
    assert!(post.response("400").is_none(), "a 4XX range is not a 400");
    let conflict = post.response("409").unwrap();
    assert_eq!(
        conflict.key.location().pointer,
        "/paths/~1orders~1{id}/post/responses/409"
    );
    assert_eq!(conflict.node().file().source.name, "responses.yaml");
    let retry = conflict.header("Retry-After").unwrap();
    assert_eq!(retry.name, "retry-after");
    let status = conflict.header("x-idempotency-key-status").unwrap();
    assert_eq!(status.node().pointer(), "/Status");
    let schema = Schema::new(status.schema().unwrap().node);
    assert!(schema.is_nullable());
    assert_eq!(
        schema
            .enum_values()
            .unwrap()
            .items()
            .filter_map(|i| i.as_str())
            .collect::<Vec<_>>(),
        ["DUPLICATE", "PROCESSING"]
    );
    let body = post.request_body().unwrap();
    assert!(body.is_ref());
    assert_eq!(body.node.pointer(), "/components/requestBodies/Order");
    let media = specguard::spec::media_types(body.node);
    assert_eq!(media[0].0, "application/json");
    let body_schema = Schema::new(media[0].1.node.get("schema").unwrap());
    assert!(body_schema.is_nullable(), "3.0 nullable: true");
}

#[test]
fn swagger_2_parameters_and_headers_carry_their_own_type() {
    let text = r##"{
  "swagger": "2.0",
  "info": {"title": "t", "version": "1"},
  "paths": {
    "/orders": {
      "post": {
        "parameters": [
          {"name": "Idempotency-Key", "in": "header", "required": true, "type": "string", "format": "uuid"},
          {"name": "body", "in": "body", "schema": {"$ref": "#/definitions/Order"}}
        ],
        "responses": {
          "409": {"description": "conflict", "headers": {"Retry-After": {"type": "integer"}}}
        }
      }
    }
  },
  "definitions": {"Order": {"type": "object"}}
}"##;
    let p = Project::new(&[("swagger.json", text.as_bytes())]);
    let ws = p.load("swagger.json");
    assert_eq!(common::render(&ws), Vec::<String>::new());
    let doc = Document::new(&ws).unwrap();
    assert_eq!(doc.version, SpecVersion::Swagger2);
    let post = &doc.operations()[0];
    let key = post.parameter("header", "idempotency-key").unwrap();
    let schema = Schema::new(key.schema().unwrap().node);
    assert_eq!(
        (schema.types(), schema.format()),
        (vec!["string"], Some("uuid"))
    );
    assert_eq!(
        key.schema().unwrap().node.pointer(),
        "/paths/~1orders/post/parameters/0"
    );
    let body = post.request_body().unwrap();
    assert_eq!(
        body.node.get("schema").unwrap().resolve().pointer(),
        "/definitions/Order"
    );
    let retry = post.response("409").unwrap().header("retry-after").unwrap();
    assert_eq!(
        Schema::new(retry.schema().unwrap().node).types(),
        ["integer"]
    );
    let loc = retry.key.location();
    let pos = specguard::report::Position::of(&ws, &loc);
    assert_eq!((pos.start.line, pos.start.column), (12, 58));
}

#[test]
fn three_one_type_lists() {
    let p = Project::new(&[(
        "a.yaml",
        b"openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    A: {type: [string]}\n    B: {type: [string, 'null']}\n    C: {type: string}\n",
    )]);
    let ws = p.load("a.yaml");
    let schemas = ws
        .root()
        .unwrap()
        .get("components")
        .unwrap()
        .get("schemas")
        .unwrap();
    let s = |name: &str| Schema::new(schemas.get(name).unwrap());
    assert_eq!(
        (s("A").types(), s("A").is_nullable()),
        (vec!["string"], false)
    );
    assert_eq!(
        (s("B").types(), s("B").is_nullable()),
        (vec!["string", "null"], true)
    );
    assert_eq!(
        (s("C").types(), s("C").is_nullable()),
        (vec!["string"], false)
    );
}

#[test]
fn yaml_merge_keys_are_honoured() {
    let p = Project::new(&[(
        "a.yaml",
        b"openapi: 3.1.0\ninfo: {title: t, version: '1'}\nx-base: &base\n  in: header\n  required: true\n  schema: {type: string}\nx-more: &more\n  description: more\n  required: false\npaths:\n  /a:\n    post:\n      parameters:\n        - <<: [*base, *more]\n          name: Idempotency-Key\n      responses: {}\n",
    )]);
    let ws = p.load("a.yaml");
    assert_eq!(common::render(&ws), Vec::<String>::new());
    let doc = Document::new(&ws).unwrap();
    let param = doc.operations()[0]
        .parameter("header", "Idempotency-Key")
        .unwrap();
    // `required` comes from the first source (`*base` wins over `*more`), `description` from the second.
    assert_eq!(param.required().and_then(|r| r.as_bool()), Some(true));
    assert_eq!(
        param.node().get("description").and_then(|d| d.as_str()),
        Some("more")
    );
    let keys: Vec<&str> = param.node().members().map(|(k, _)| k).collect();
    assert_eq!(keys, ["name", "in", "required", "schema", "description"]);
    // The merged `required` is located where it is written, in x-base.
    assert_eq!(param.required().unwrap().pointer(), "/x-base/required");
}
