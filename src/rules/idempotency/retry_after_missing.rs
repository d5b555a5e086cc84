use crate::finding::{RuleMeta, Severity};
use crate::lint::engine::Hits;
use crate::rules::{Context, RuleDef, Scope, rule};

pub static RULE: RuleMeta = RuleMeta {
    id: "idempotency-retry-after-missing",
    default_severity: Severity::Error,
    summary: "The 409 response has no Retry-After header",
    docs: r#"## What it does
Checks that the conflict response documents a `Retry-After` header.

## Why is this bad?
While the first request is in flight, the client must wait before retrying; without
`Retry-After` each client invents its own backoff, and retry storms follow.

## Example
```yaml
# Bad
'409': {description: conflict}
# Good
'409':
  description: conflict
  headers:
    Retry-After: {schema: {type: integer, minimum: 0}}
```
"#,
};

pub static DEF: RuleDef = rule(&RULE, Scope::InScope, check);

fn check<'w>(ctx: &Context<'_, 'w>, hits: &mut Hits<'w>) {
    let Some(conflict) = &ctx.facts.conflict else {
        return;
    };
    if ctx.facts.conflict_header("Retry-After").is_none() {
        hits.report(
            &RULE,
            conflict.node(),
            format!(
                "the `{}` response has no `Retry-After` header",
                conflict.status
            ),
        );
    }
}
