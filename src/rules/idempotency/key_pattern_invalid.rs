use crate::finding::{RuleMeta, Severity};
use crate::lint::engine::Hits;
use crate::rules::idempotency::facts::schema;
use crate::rules::idempotency::pattern_common::key_pattern;
use crate::rules::{Context, RuleDef, Scope, rule};

pub static RULE: RuleMeta = RuleMeta {
    id: "idempotency-key-pattern-invalid",
    default_severity: Severity::Error,
    summary: "The Idempotency-Key pattern is not a valid ECMA-262 regular expression",
    docs: r#"## What it does
Compiles the key's `pattern` as an ECMA-262 regular expression (what OpenAPI and JSON Schema
specify) and reports a pattern that does not compile. The other pattern rules stop here.

## Why is this bad?
Validators built on JavaScript engines reject the whole schema or ignore the pattern; inline
flags such as `(?i)` are not ECMA-262 at all.

## Example
```yaml
# Bad
pattern: '(?i)^[0-9a-f-]{36}$'
# Good
pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'
```
"#,
};

pub static DEF: RuleDef = rule(&RULE, Scope::InScope, check);

fn check<'w>(ctx: &Context<'_, 'w>, hits: &mut Hits<'w>) {
    // A pattern that is not a string at all is no regular expression either.
    let written = ctx.facts.key_schema().and_then(|s| schema(&s).pattern());
    if let Some(node) = written.filter(|n| n.as_str().is_none()) {
        hits.report(
            &RULE,
            node,
            format!(
                "the `{}` pattern must be a string holding an ECMA-262 regular expression",
                ctx.options.header
            ),
        );
        return;
    }
    if let Some((node, report)) = key_pattern(ctx) {
        if let Some(error) = &report.invalid {
            hits.report(
                &RULE,
                node,
                format!(
                    "the `{}` pattern is not an ECMA-262 regular expression: {error}",
                    ctx.options.header
                ),
            );
        }
    }
}
