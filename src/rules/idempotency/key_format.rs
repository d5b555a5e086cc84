use crate::finding::{RuleMeta, Severity};
use crate::lint::engine::Hits;
use crate::rules::idempotency::facts::schema;
use crate::rules::{Context, RuleDef, Scope, rule};

pub static RULE: RuleMeta = RuleMeta {
    id: "idempotency-key-format",
    default_severity: Severity::Warn,
    summary: "The Idempotency-Key schema lacks `format: uuid`",
    docs: r#"## What it does
Checks that the key's schema says `format: uuid`.

## Why is this bad?
The IETF draft asks the resource to publish the key's format; `format: uuid` is how generated
clients and documentation learn that a UUID is expected (the `pattern` then pins it down).

## Example
```yaml
# Bad
schema: {type: string}
# Good
schema: {type: string, format: uuid}
```
"#,
};

pub static DEF: RuleDef = rule(&RULE, Scope::InScope, check);

fn check<'w>(ctx: &Context<'_, 'w>, hits: &mut Hits<'w>) {
    let Some(resolved) = ctx.facts.key_schema() else {
        return;
    };
    let s = schema(&resolved);
    match s.format() {
        Some("uuid") => {}
        Some(other) => hits.report(
            &RULE,
            s.node.get("format").unwrap_or(s.node),
            format!(
                "the `{}` schema has `format: {other}`, not `format: uuid`",
                ctx.options.header
            ),
        ),
        None => hits.report(
            &RULE,
            s.node,
            format!("the `{}` schema has no `format: uuid`", ctx.options.header),
        ),
    }
}
