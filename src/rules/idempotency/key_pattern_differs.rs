use crate::finding::{RuleMeta, Severity};
use crate::lint::engine::Hits;
use crate::pattern::Comparison;
use crate::rules::idempotency::pattern_common::{sampled_note, shown, valid_key_pattern};
use crate::rules::{Context, RuleDef, Scope, rule};

pub static RULE: RuleMeta = RuleMeta {
    id: "idempotency-key-pattern-differs",
    default_severity: Severity::Info,
    summary: "The Idempotency-Key pattern accepts a different set of keys than the canonical pattern",
    docs: r#"## What it does
Compares the language of the key's `pattern` with the configured canonical pattern
(`idempotency.canonical-pattern`) and says whether it is stricter, looser or incomparable,
with a key accepted by one and rejected by the other in each direction.

## Why is this bad?
Services of one organisation should accept the same keys; a difference is where a shared
client library starts getting 400s from one service and not another.

## Example
```yaml
# Reported as stricter: v4 only (the canonical pattern accepts v1-v5)
pattern: '^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$'
```
"#,
};

pub static DEF: RuleDef = rule(&RULE, Scope::InScope, check);

fn check<'w>(ctx: &Context<'_, 'w>, hits: &mut Hits<'w>) {
    let Some((node, report)) = valid_key_pattern(ctx) else {
        return;
    };
    let header = &ctx.options.header;
    let what = match &report.vs_canonical {
        Comparison::Equal => return,
        Comparison::Stricter { b_not_a } => format!(
            "is stricter than the canonical pattern: it rejects {}, which the canonical pattern accepts",
            shown(b_not_a)
        ),
        Comparison::Looser { a_not_b } => format!(
            "is looser than the canonical pattern: it accepts {}, which the canonical pattern rejects",
            shown(a_not_b)
        ),
        Comparison::Incomparable { a_not_b, b_not_a } => format!(
            "and the canonical pattern are incomparable: it accepts {}, which the canonical pattern rejects, and rejects {}, which the canonical pattern accepts",
            shown(a_not_b),
            shown(b_not_a)
        ),
    };
    hits.report(
        &RULE,
        node,
        format!("the `{header}` pattern {what}{}", sampled_note(&report)),
    );
}
