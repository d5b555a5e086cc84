use crate::finding::{RuleMeta, Severity};
use crate::lint::engine::Hits;
use crate::rules::{Context, RuleDef, Scope, rule};

pub static RULE: RuleMeta = RuleMeta {
    id: "idempotency-key-missing",
    default_severity: Severity::Error,
    summary: "A POST or PATCH operation has no Idempotency-Key header parameter",
    docs: r#"## What it does
Checks that every operation whose method is in `idempotency.methods` (POST and PATCH by
default) takes the `Idempotency-Key` header (or a configured alias), on the operation or on
its path item.

## Why is this bad?
Without a key, a client that retries after a timeout cannot tell the server "this is the same
request": the server executes it twice (two orders, two charges).

## Example
```yaml
# Bad
paths:
  /orders:
    post:
      responses: {'201': {description: created}}
# Good
paths:
  /orders:
    post:
      parameters:
        - $ref: '#/components/parameters/IdempotencyKey'
```
"#,
};

pub static DEF: RuleDef = rule(&RULE, Scope::InScope, check);

fn check<'w>(ctx: &Context<'_, 'w>, hits: &mut Hits<'w>) {
    if ctx.facts.key.is_none() && !ctx.facts.unknown.parameters {
        hits.report(
            &RULE,
            ctx.facts.op.method_key,
            format!(
                "no `{}` header parameter: a retried request would run twice",
                ctx.options.header
            ),
        );
    }
}
