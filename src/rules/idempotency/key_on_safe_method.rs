use crate::finding::{RuleMeta, Severity};
use crate::lint::engine::Hits;
use crate::rules::{Context, RuleDef, Scope, rule};

pub static RULE: RuleMeta = RuleMeta {
    id: "idempotency-key-on-safe-method",
    default_severity: Severity::Info,
    summary: "A GET, HEAD, OPTIONS or TRACE operation declares the Idempotency-Key",
    docs: r#"## What it does
Reports the key header on safe methods, including a path-level key that they inherit.

## Why is this bad?
Safe methods are idempotent by definition: the key has no effect there, and documenting it
suggests otherwise (and makes clients generate keys for nothing).

## Example
```yaml
# Reported: the GET inherits the path-level key
/orders/{id}:
  parameters: [{$ref: '#/components/parameters/IdempotencyKey'}]
  get: {responses: {'200': {description: ok}}}
```
"#,
};

pub static DEF: RuleDef = rule(&RULE, Scope::SafeMethods, check);

fn check<'w>(ctx: &Context<'_, 'w>, hits: &mut Hits<'w>) {
    if let Some(key) = &ctx.facts.key {
        hits.report(
            &RULE,
            key.node(),
            format!(
                "the `{}` header has no effect on a safe method",
                ctx.options.header
            ),
        );
    }
}
