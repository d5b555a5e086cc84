use crate::finding::{RuleMeta, Severity};
use crate::lint::engine::Hits;
use crate::rules::idempotency::pattern_common::valid_key_pattern;
use crate::rules::{Context, RuleDef, Scope, rule};

pub static RULE: RuleMeta = RuleMeta {
    id: "idempotency-key-pattern-unanchored",
    default_severity: Severity::Error,
    summary: "The Idempotency-Key pattern is not anchored with ^ and $",
    docs: r#"## What it does
Checks that every alternative of the key's `pattern` starts with `^` and ends with `$`.

## Why is this bad?
A JSON Schema `pattern` is a search, not a full match: without anchors,
`[0-9a-f]{8}-...-[0-9a-f]{12}` also accepts `xx<uuid>yy`, or a key with a UUID inside it.

## Example
```yaml
# Bad
pattern: '[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}'
# Good
pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'
```
"#,
};

pub static DEF: RuleDef = rule(&RULE, Scope::InScope, check);

fn check<'w>(ctx: &Context<'_, 'w>, hits: &mut Hits<'w>) {
    let Some((node, report)) = valid_key_pattern(ctx) else {
        return;
    };
    if !report.anchored {
        hits.report(
            &RULE,
            node,
            format!(
                "the `{}` pattern is not anchored at both ends (^...$), so it matches anywhere inside a longer string",
                ctx.options.header
            ),
        );
    }
}
