use crate::finding::{RuleMeta, Severity};
use crate::lint::engine::Hits;
use crate::rules::{Context, RuleDef, Scope, rule};

pub static RULE: RuleMeta = RuleMeta {
    id: "idempotency-payload-mismatch-missing",
    default_severity: Severity::Warn,
    summary: "No 422 response for a key reused with a different payload (off by default)",
    docs: r#"## What it does
Checks that the operation documents the response for a key reused with a different payload
(`422`, `idempotency.payload-mismatch-status`), as the IETF draft specifies. Off by default:
the seed contract does not cover it; turn it on with `rules: {idempotency-payload-mismatch-missing: warn}`.

## Why is this bad?
A client that reuses a key for a different request must stop retrying; without a documented
status it cannot tell this apart from other client errors.

## Example
```yaml
# Good
responses:
  '422': {description: the key was already used with a different payload}
```
"#,
};

pub static DEF: RuleDef = rule(&RULE, Scope::InScope, check);

fn check<'w>(ctx: &Context<'_, 'w>, hits: &mut Hits<'w>) {
    let status = &ctx.options.payload_mismatch_status;
    if !ctx.facts.has_response(status) {
        hits.report(
            &RULE,
            ctx.facts.responses_anchor(),
            format!("no `{status}` response for a key reused with a different payload"),
        );
    }
}
