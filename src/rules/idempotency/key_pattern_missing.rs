use crate::finding::{RuleMeta, Severity};
use crate::lint::engine::Hits;
use crate::rules::idempotency::facts::schema;
use crate::rules::{Context, RuleDef, Scope, rule};

pub static RULE: RuleMeta = RuleMeta {
    id: "idempotency-key-pattern-missing",
    default_severity: Severity::Warn,
    summary: "The Idempotency-Key schema has no `pattern`",
    docs: r#"## What it does
Checks that the key's schema has a `pattern`.

## Why is this bad?
`format: uuid` alone is weak: common validators accept any UUID version in any case, or do
not check formats at all. An anchored pattern says exactly which keys the server accepts.

## Example
```yaml
# Bad
schema: {type: string, format: uuid}
# Good
schema:
  type: string
  format: uuid
  pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'
```
"#,
};

pub static DEF: RuleDef = rule(&RULE, Scope::InScope, check);

fn check<'w>(ctx: &Context<'_, 'w>, hits: &mut Hits<'w>) {
    let Some(resolved) = ctx.facts.key_schema() else {
        return;
    };
    let s = schema(&resolved);
    if s.pattern().is_none() {
        hits.report(
            &RULE,
            s.node,
            format!("the `{}` schema has no `pattern`", ctx.options.header),
        );
    }
}
