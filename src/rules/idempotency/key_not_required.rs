use crate::finding::{RuleMeta, Severity};
use crate::lint::engine::Hits;
use crate::rules::{Context, RuleDef, Scope, rule};

pub static RULE: RuleMeta = RuleMeta {
    id: "idempotency-key-not-required",
    default_severity: Severity::Error,
    summary: "The Idempotency-Key parameter is not `required: true`",
    docs: r#"## What it does
Checks that the key header parameter says `required: true`.

## Why is this bad?
An optional key is a key most generated clients never send; the server then cannot
deduplicate retries, and the 400 for a missing key is undocumented behaviour.

## Example
```yaml
# Bad
- {in: header, name: Idempotency-Key, schema: {type: string}}
# Good
- {in: header, name: Idempotency-Key, required: true, schema: {type: string}}
```
"#,
};

pub static DEF: RuleDef = rule(&RULE, Scope::InScope, check);

fn check<'w>(ctx: &Context<'_, 'w>, hits: &mut Hits<'w>) {
    let Some(key) = &ctx.facts.key else { return };
    if ctx.facts.key_required() {
        return;
    }
    match key.required() {
        Some(required) => hits.report(
            &RULE,
            required,
            format!(
                "the `{}` parameter has `required: {}`; it must be `required: true`",
                ctx.options.header,
                required.scalar().unwrap_or("?")
            ),
        ),
        None => hits.report(
            &RULE,
            key.node(),
            format!(
                "the `{}` parameter has no `required: true` (parameters are optional by default)",
                ctx.options.header
            ),
        ),
    }
}
