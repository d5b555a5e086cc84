use crate::finding::{RuleMeta, Severity};
use crate::lint::engine::Hits;
use crate::rules::{Context, RuleDef, Scope, rule};

pub static RULE: RuleMeta = RuleMeta {
    id: "idempotency-bad-request-missing",
    default_severity: Severity::Warn,
    summary: "A required Idempotency-Key without a documented 400 response",
    docs: r#"## What it does
When the key is required, checks that the operation documents a `400` response (what the
server answers to a missing or malformed key).

## Why is this bad?
Clients need to tell "you forgot the key" from other failures; both the seed contract and the
IETF draft answer it with 400.

## Example
```yaml
# Bad
responses: {'201': {description: created}, '409': {$ref: '#/components/responses/Conflict'}}
# Good
responses:
  '201': {description: created}
  '400': {description: missing or malformed Idempotency-Key}
  '409': {$ref: '#/components/responses/Conflict'}
```
"#,
};

pub static DEF: RuleDef = rule(&RULE, Scope::InScope, check);

fn check<'w>(ctx: &Context<'_, 'w>, hits: &mut Hits<'w>) {
    if ctx.facts.key_required() && !ctx.facts.has_response("400") {
        hits.report(
            &RULE,
            ctx.facts.responses_anchor(),
            format!("the `{}` header is required but no `400` response documents a missing or malformed key", ctx.options.header),
        );
    }
}
