use crate::finding::{RuleMeta, Severity};
use crate::lint::engine::Hits;
use crate::rules::{Context, RuleDef, Scope, rule};

pub static RULE: RuleMeta = RuleMeta {
    id: "idempotency-status-header-missing",
    default_severity: Severity::Error,
    summary: "The 409 response has no X-Idempotency-Key-Status header",
    docs: r#"## What it does
Checks that the conflict response documents the status header (`X-Idempotency-Key-Status` by
default, `idempotency.status-header`).

## Why is this bad?
A client must know whether its key is a duplicate of a finished request (stop retrying,
fetch the result) or still processing (retry after `Retry-After`); the header says which.

## Example
```yaml
# Bad
'409': {description: conflict, headers: {Retry-After: {schema: {type: integer}}}}
# Good
'409':
  description: conflict
  headers:
    Retry-After: {schema: {type: integer}}
    X-Idempotency-Key-Status: {schema: {type: string, enum: [DUPLICATE, PROCESSING]}}
```
"#,
};

pub static DEF: RuleDef = rule(&RULE, Scope::InScope, check);

fn check<'w>(ctx: &Context<'_, 'w>, hits: &mut Hits<'w>) {
    let Some(conflict) = &ctx.facts.conflict else {
        return;
    };
    if ctx
        .facts
        .conflict_header(&ctx.options.status_header)
        .is_none()
    {
        hits.report(
            &RULE,
            conflict.node(),
            format!(
                "the `{}` response has no `{}` header",
                conflict.status, ctx.options.status_header
            ),
        );
    }
}
