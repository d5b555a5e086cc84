use crate::finding::{RuleMeta, Severity};
use crate::lint::engine::Hits;
use crate::rules::{Context, RuleDef, Scope, rule};
use crate::spec::Schema;

pub static RULE: RuleMeta = RuleMeta {
    id: "idempotency-status-header-values",
    default_severity: Severity::Error,
    summary: "X-Idempotency-Key-Status is not a string enum of DUPLICATE and PROCESSING",
    docs: r#"## What it does
Checks that the status header's schema is a string `enum` holding every configured value
(`DUPLICATE` and `PROCESSING` by default); the message names the missing ones.

## Why is this bad?
Clients switch on the value; a free-form string or a missing value leaves a state they cannot
handle.

## Example
```yaml
# Bad
X-Idempotency-Key-Status: {schema: {type: string, enum: [DUPLICATE]}}
# Good
X-Idempotency-Key-Status: {schema: {type: string, enum: [DUPLICATE, PROCESSING]}}
```
"#,
};

pub static DEF: RuleDef = rule(&RULE, Scope::InScope, check);

fn check<'w>(ctx: &Context<'_, 'w>, hits: &mut Hits<'w>) {
    let name = &ctx.options.status_header;
    let Some(header) = ctx.facts.known_conflict_header(name) else {
        return;
    };
    let Some(schema) = header.schema() else {
        hits.report(
            &RULE,
            header.node(),
            format!("the `{name}` header has no schema; it must be a string enum"),
        );
        return;
    };
    let s = Schema::new(schema.node);
    let Some(values) = s.enum_values() else {
        hits.report(
            &RULE,
            schema.node,
            format!(
                "the `{name}` header has no `enum`; it must list {}",
                ctx.options.status_values.join(" and ")
            ),
        );
        return;
    };
    let present: Vec<&str> = values.items().filter_map(|v| v.as_str()).collect();
    let missing: Vec<&str> = ctx
        .options
        .status_values
        .iter()
        .map(String::as_str)
        .filter(|v| !present.contains(v))
        .collect();
    if !missing.is_empty() {
        hits.report(
            &RULE,
            values,
            format!("the `{name}` enum lacks {}", missing.join(" and ")),
        );
    } else if !s.types().is_empty() && s.types() != ["string"] {
        hits.report(
            &RULE,
            s.node.get("type").unwrap_or(schema.node),
            format!("the `{name}` enum must be `type: string`"),
        );
    }
}
