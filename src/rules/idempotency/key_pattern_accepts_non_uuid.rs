use crate::finding::{RuleMeta, Severity};
use crate::lint::engine::Hits;
use crate::rules::idempotency::pattern_common::{sampled_note, shown, valid_key_pattern};
use crate::rules::{Context, RuleDef, Scope, rule};

pub static RULE: RuleMeta = RuleMeta {
    id: "idempotency-key-pattern-accepts-non-uuid",
    default_severity: Severity::Warn,
    summary: "The Idempotency-Key pattern accepts strings that are not UUIDs",
    docs: r#"## What it does
Decides whether the key's `pattern` accepts some string that is not a UUID (8-4-4-4-12 hex
digits, any case), and shows the shortest such string.

## Why is this bad?
The server then stores keys it cannot have meant to accept (`000000000000000000000000000000000000`,
a UUID with extra text), and the published key format says less than it seems to.

## Example
```yaml
# Bad: 36 of hex digits and dashes in any order
pattern: '^[0-9a-f-]{36}$'
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
    if let Some(example) = &report.accepts_non_uuid {
        hits.report(
            &RULE,
            node,
            format!(
                "the `{}` pattern accepts {}, which is not a UUID{}",
                ctx.options.header,
                shown(example),
                sampled_note(&report)
            ),
        );
    }
}
