use crate::finding::{RuleMeta, Severity};
use crate::lint::engine::Hits;
use crate::rules::idempotency::facts::schema;
use crate::rules::{Context, RuleDef, Scope, rule};

pub static RULE: RuleMeta = RuleMeta {
    id: "idempotency-key-default",
    default_severity: Severity::Error,
    summary: "The Idempotency-Key schema has a `default`",
    docs: r#"## What it does
Checks that the key's schema has no `default`.

## Why is this bad?
Generated clients fill in defaults: every request would carry the same key, and the server
would answer every request after the first with 409 (or replay the first response).

## Example
```yaml
# Bad
schema: {type: string, format: uuid, default: 00000000-0000-4000-8000-000000000000}
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
    if let Some(default) = schema(&resolved).node.get("default") {
        hits.report(
            &RULE,
            default,
            format!(
                "the `{}` schema has a default; generated clients would send that one key with every request",
                ctx.options.header
            ),
        );
    }
}
