use crate::finding::{RuleMeta, Severity};
use crate::lint::engine::Hits;
use crate::rules::idempotency::pattern_common::{sampled_note, shown, valid_key_pattern};
use crate::rules::{Context, RuleDef, Scope, rule};

pub static RULE: RuleMeta = RuleMeta {
    id: "idempotency-key-pattern-rejects-uuid",
    default_severity: Severity::Error,
    summary: "The Idempotency-Key pattern rejects keys crypto.randomUUID() produces",
    docs: r#"## What it does
Decides, on automata, whether the key's `pattern` accepts every lowercase version-4 UUID
(every output of `crypto.randomUUID()`), and shows the smallest one it rejects. Patterns the
automaton engine cannot express (look-arounds, back-references) are checked on a fixed sample,
and the message says so.

## Why is this bad?
Clients generate keys with `crypto.randomUUID()` (or `uuid.v4()`); a pattern that rejects some
of them turns valid requests into 400s, at random.

## Example
```yaml
# Bad: v7 only
pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'
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
    if report.unchecked {
        // Whether every random UUID is accepted is exactly what could not be decided.
        hits.report(
            crate::lint::LIMIT_EXCEEDED,
            node,
            format!(
                "the `{}` pattern was not checked: {}",
                ctx.options.header,
                report
                    .note
                    .as_deref()
                    .unwrap_or("the analysis ran out of time")
            ),
        );
    }
    if let Some(uuid) = &report.rejects_random_uuid {
        hits.report(
            &RULE,
            node,
            format!(
                "the `{}` pattern rejects {}, which crypto.randomUUID() can produce{}",
                ctx.options.header,
                shown(uuid),
                sampled_note(&report)
            ),
        );
    }
}
