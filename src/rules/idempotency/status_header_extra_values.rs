use crate::finding::{RuleMeta, Severity};
use crate::lint::engine::Hits;
use crate::rules::{Context, RuleDef, Scope, rule};
use crate::spec::Schema;

pub static RULE: RuleMeta = RuleMeta {
    id: "idempotency-status-header-extra-values",
    default_severity: Severity::Info,
    summary: "X-Idempotency-Key-Status has values beyond the configured ones",
    docs: r#"## What it does
Reports enum values of the status header beyond `idempotency.status-values`.

## Why is this bad?
It is not wrong, but clients with an exhaustive switch must know every value; list the extra
ones in `idempotency.status-values` once they are part of the contract.

## Example
```yaml
# Reported
X-Idempotency-Key-Status: {schema: {type: string, enum: [DUPLICATE, PROCESSING, EXPIRED]}}
```
"#,
};

pub static DEF: RuleDef = rule(&RULE, Scope::InScope, check);

fn check<'w>(ctx: &Context<'_, 'w>, hits: &mut Hits<'w>) {
    let name = &ctx.options.status_header;
    let Some(schema) = ctx
        .facts
        .known_conflict_header(name)
        .and_then(|h| h.schema())
    else {
        return;
    };
    let Some(values) = Schema::new(schema.node).enum_values() else {
        return;
    };
    let extra: Vec<String> = values
        .items()
        .filter_map(|v| v.scalar())
        .filter(|v| !ctx.options.status_values.iter().any(|c| c == v))
        .map(str::to_string)
        .collect();
    if !extra.is_empty() {
        hits.report(
            &RULE,
            values,
            format!("the `{name}` enum also holds {}; clients with an exhaustive switch must handle them", extra.join(", ")),
        );
    }
}
