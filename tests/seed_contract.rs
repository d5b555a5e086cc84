//! The seed's OpenAPI fragment, completed into `examples/openapi.yaml`, lints clean with the
//! default rules; removing any one piece of the contract produces exactly the matching finding
//! at the right line (line numbers read from the file by hand).

mod common;

use common::Project;

const SEED: &str = include_str!("../examples/openapi.yaml");

/// Lints the seed with one textual edit (which must apply exactly once).
fn lint_edited(from: &str, to: &str) -> Vec<String> {
    assert_eq!(
        SEED.matches(from).count(),
        1,
        "the edit {from:?} must match exactly once"
    );
    let text = SEED.replacen(from, to, 1);
    let p = Project::new(&[("openapi.yaml", text.as_bytes())]);
    common::render_all(&p.load("openapi.yaml"))
}

#[test]
fn the_seed_contract_lints_clean() {
    let p = Project::new(&[("openapi.yaml", SEED.as_bytes())]);
    assert_eq!(
        common::render_all(&p.load("openapi.yaml")),
        Vec::<String>::new()
    );
}

#[test]
fn without_the_key_header_on_post() {
    assert_eq!(
        lint_edited(
            "      operationId: createOrder\n      summary: Create an order\n      parameters:\n        - $ref: '#/components/parameters/IdempotencyKey'\n",
            "      operationId: createOrder\n      summary: Create an order\n"
        ),
        [
            "idempotency-key-missing error openapi.yaml:11:5 /paths/~1orders/post | POST /orders: no `Idempotency-Key` header parameter: a retried request would run twice"
        ]
    );
}

#[test]
fn without_required() {
    // The shared parameter is reported once, where it is written, naming both operations.
    assert_eq!(
        lint_edited(
            "      name: Idempotency-Key\n      required: true\n",
            "      name: Idempotency-Key\n"
        ),
        [
            "idempotency-key-not-required error openapi.yaml:76:5 /components/parameters/IdempotencyKey | POST /orders, PATCH /orders/{orderId}: the `Idempotency-Key` parameter has no `required: true` (parameters are optional by default)"
        ]
    );
}

#[test]
fn required_false() {
    assert_eq!(
        lint_edited(
            "      name: Idempotency-Key\n      required: true\n",
            "      name: Idempotency-Key\n      required: false\n"
        ),
        [
            "idempotency-key-not-required error openapi.yaml:79:17 /components/parameters/IdempotencyKey/required | POST /orders, PATCH /orders/{orderId}: the `Idempotency-Key` parameter has `required: false`; it must be `required: true`"
        ]
    );
}

#[test]
fn without_format_uuid() {
    assert_eq!(
        lint_edited(
            "        type: string\n        format: uuid\n        pattern:",
            "        type: string\n        pattern:"
        ),
        [
            "idempotency-key-format warn openapi.yaml:81:7 /components/parameters/IdempotencyKey/schema | POST /orders, PATCH /orders/{orderId}: the `Idempotency-Key` schema has no `format: uuid`"
        ]
    );
}

#[test]
fn without_the_409_on_post() {
    assert_eq!(
        lint_edited(
            "        '409':\n          $ref: '#/components/responses/IdempotencyConflict'\n        '422':\n          $ref: '#/components/responses/PayloadMismatch'\n  /orders/{orderId}:",
            "        '422':\n          $ref: '#/components/responses/PayloadMismatch'\n  /orders/{orderId}:"
        ),
        [
            "idempotency-conflict-response-missing error openapi.yaml:22:7 /paths/~1orders/post/responses | POST /orders: no `409` response for a duplicate or in-flight key (a range such as 4XX or `default` does not count)"
        ]
    );
}

#[test]
fn without_retry_after() {
    assert_eq!(
        lint_edited(
            "        Retry-After:\n          schema: { type: integer, minimum: 0 }\n",
            ""
        ),
        [
            "idempotency-retry-after-missing error openapi.yaml:88:5 /components/responses/IdempotencyConflict | POST /orders, PATCH /orders/{orderId}: the `409` response has no `Retry-After` header"
        ]
    );
}

#[test]
fn without_the_status_header() {
    assert_eq!(
        lint_edited(
            "        X-Idempotency-Key-Status:\n          schema: { type: string, enum: [DUPLICATE, PROCESSING] }\n",
            ""
        ),
        [
            "idempotency-status-header-missing error openapi.yaml:88:5 /components/responses/IdempotencyConflict | POST /orders, PATCH /orders/{orderId}: the `409` response has no `X-Idempotency-Key-Status` header"
        ]
    );
}

#[test]
fn without_one_enum_value() {
    assert_eq!(
        lint_edited("enum: [DUPLICATE, PROCESSING]", "enum: [DUPLICATE]"),
        [
            "idempotency-status-header-values error openapi.yaml:94:35 /components/responses/IdempotencyConflict/headers/X-Idempotency-Key-Status/schema/enum | POST /orders, PATCH /orders/{orderId}: the `X-Idempotency-Key-Status` enum lacks PROCESSING"
        ]
    );
}

#[test]
fn without_the_400() {
    assert_eq!(
        lint_edited(
            "                $ref: '#/components/schemas/Order'\n        '400':\n          $ref: '#/components/responses/BadRequest'\n        '409':\n          $ref: '#/components/responses/IdempotencyConflict'\n        '422':\n          $ref: '#/components/responses/PayloadMismatch'\n  /orders/{orderId}:",
            "                $ref: '#/components/schemas/Order'\n        '409':\n          $ref: '#/components/responses/IdempotencyConflict'\n        '422':\n          $ref: '#/components/responses/PayloadMismatch'\n  /orders/{orderId}:"
        ),
        [
            "idempotency-bad-request-missing warn openapi.yaml:22:7 /paths/~1orders/post/responses | POST /orders: the `Idempotency-Key` header is required but no `400` response documents a missing or malformed key"
        ]
    );
}

#[test]
fn without_any_documented_expiry() {
    let text = SEED.replacen("x-idempotency-ttl: PT24H\n", "", 1).replacen(
        "; keys expire 24 hours after first use.",
        ".",
        1,
    );
    let p = Project::new(&[("openapi.yaml", text.as_bytes())]);
    assert_eq!(
        common::render_all(&p.load("openapi.yaml")),
        [
            "idempotency-expiry-undocumented info openapi.yaml:75:5 /components/parameters/IdempotencyKey | POST /orders, PATCH /orders/{orderId}: how long a `Idempotency-Key` is remembered is not documented (add `x-idempotency-ttl: PT24H` or state the expiry in its description)"
        ]
    );
}

#[test]
fn without_the_pattern_anchors() {
    // Unanchored, the pattern is a search: it also matches non-UUIDs, so the catalogue's three
    // pattern findings come together, all at the pattern (line 84).
    let edited = lint_edited(
        "pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'",
        "pattern: '[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}'",
    );
    assert_eq!(
        edited,
        [
            "idempotency-key-pattern-accepts-non-uuid warn openapi.yaml:84:18 /components/parameters/IdempotencyKey/schema/pattern | POST /orders, PATCH /orders/{orderId}: the `Idempotency-Key` pattern accepts '000000000-0000-1000-8000-000000000000', which is not a UUID",
            "idempotency-key-pattern-differs info openapi.yaml:84:18 /components/parameters/IdempotencyKey/schema/pattern | POST /orders, PATCH /orders/{orderId}: the `Idempotency-Key` pattern is looser than the canonical pattern: it accepts '000000000-0000-1000-8000-000000000000', which the canonical pattern rejects",
            "idempotency-key-pattern-unanchored error openapi.yaml:84:18 /components/parameters/IdempotencyKey/schema/pattern | POST /orders, PATCH /orders/{orderId}: the `Idempotency-Key` pattern is not anchored at both ends (^...$), so it matches anywhere inside a longer string",
        ]
    );
}

#[test]
fn with_a_v7_only_pattern() {
    let edited = lint_edited("[1-5][0-9a-f]{3}-[89ab]", "7[0-9a-f]{3}-[89ab]");
    assert_eq!(
        edited,
        [
            "idempotency-key-pattern-differs info openapi.yaml:84:18 /components/parameters/IdempotencyKey/schema/pattern | POST /orders, PATCH /orders/{orderId}: the `Idempotency-Key` pattern and the canonical pattern are incomparable: it accepts '00000000-0000-7000-8000-000000000000', which the canonical pattern rejects, and rejects '00000000-0000-1000-8000-000000000000', which the canonical pattern accepts",
            "idempotency-key-pattern-rejects-uuid error openapi.yaml:84:18 /components/parameters/IdempotencyKey/schema/pattern | POST /orders, PATCH /orders/{orderId}: the `Idempotency-Key` pattern rejects '00000000-0000-4000-8000-000000000000', which crypto.randomUUID() can produce",
        ]
    );
}
