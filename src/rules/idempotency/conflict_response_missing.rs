use crate::finding::{RuleMeta, Severity};
use crate::lint::engine::Hits;
use crate::rules::{Context, RuleDef, Scope, rule};

pub static RULE: RuleMeta = RuleMeta {
    id: "idempotency-conflict-response-missing",
    default_severity: Severity::Error,
    summary: "A POST or PATCH operation documents no 409 response",
    docs: r#"## What it does
Checks that every in-scope operation documents the conflict response (`409` by default,
`idempotency.conflict-status`) with that exact status: a `4XX` range or `default` does not
count.

## Why is this bad?
The 409 is what a client gets when it retries while the first request is still in flight, or
replays a key: client retry logic branches on it, and it must be documented to be handled.

## Example
```yaml
# Bad
responses:
  '201': {description: created}
  4XX: {description: client error}
# Good
responses:
  '201': {description: created}
  '409': {$ref: '#/components/responses/IdempotencyConflict'}
```
"#,
};

pub static DEF: RuleDef = rule(&RULE, Scope::InScope, check);

fn check<'w>(ctx: &Context<'_, 'w>, hits: &mut Hits<'w>) {
    if !ctx.facts.has_response(&ctx.options.conflict_status) {
        hits.report(
            &RULE,
            ctx.facts.responses_anchor(),
            format!(
                "no `{}` response for a duplicate or in-flight key (a range such as 4XX or `default` does not count)",
                ctx.options.conflict_status
            ),
        );
    }
}
