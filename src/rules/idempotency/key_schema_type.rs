use crate::finding::{RuleMeta, Severity};
use crate::lint::engine::Hits;
use crate::rules::idempotency::facts::schema;
use crate::rules::{Context, RuleDef, Scope, rule};

pub static RULE: RuleMeta = RuleMeta {
    id: "idempotency-key-schema-type",
    default_severity: Severity::Error,
    summary: "The Idempotency-Key schema is not a non-nullable `type: string`",
    docs: r#"## What it does
Checks that the key's schema is `type: string` (in 3.1 a type list `["string"]` is fine) and
does not allow null (3.0 `nullable: true`, or `"null"` in a 3.1 type list).

## Why is this bad?
A UUID key is a string; an integer key invites counters (which collide across clients), and a
nullable key is a key generated clients may send as nothing at all.

## Example
```yaml
# Bad
schema: {type: [string, 'null'], format: uuid}
# Good
schema: {type: string, format: uuid}
```
"#,
};

pub static DEF: RuleDef = rule(&RULE, Scope::InScope, check);

fn check<'w>(ctx: &Context<'_, 'w>, hits: &mut Hits<'w>) {
    let Some(key) = &ctx.facts.key else { return };
    let header = &ctx.options.header;
    let Some(resolved) = ctx.facts.key_schema() else {
        if !ctx.facts.key_schema_unknown() {
            hits.report(
                &RULE,
                key.node(),
                format!("the `{header}` parameter has no schema"),
            );
        }
        return;
    };
    let s = schema(&resolved);
    let types = s.types();
    if let Some(nullable) = s.node.get("nullable").filter(|n| n.as_bool() == Some(true)) {
        hits.report(
            &RULE,
            nullable,
            format!("the `{header}` schema is `nullable: true`; a key cannot be null"),
        );
    }
    let type_node = s.node.get("type");
    match (types.as_slice(), type_node) {
        (["string"], _) => {}
        ([], None) => hits.report(
            &RULE,
            s.node,
            format!("the `{header}` schema has no `type`; it must be `type: string`"),
        ),
        (list, Some(at)) if list.contains(&"string") && list.contains(&"null") => hits.report(
            &RULE,
            at,
            format!("the `{header}` schema's type list holds \"null\"; a key cannot be null"),
        ),
        (list, Some(at)) => hits.report(
            &RULE,
            at,
            format!(
                "the `{header}` schema has `type: {}`; it must be `type: string`",
                list.join(", ")
            ),
        ),
        (_, None) => {}
    }
}
