use crate::finding::{RuleMeta, Severity};
use crate::lint::engine::Hits;
use crate::rules::{Context, RuleDef, Scope, rule};

pub static RULE: RuleMeta = RuleMeta {
    id: "idempotency-expiry-undocumented",
    default_severity: Severity::Info,
    summary: "How long a key is remembered is not documented",
    docs: r#"## What it does
Checks that the key's expiry is published: an `x-idempotency-ttl` (ISO-8601 duration such as
`PT24H`) on the operation, the parameter or the document root, or a description of the key
that states it (a word starting with `expir`, or `TTL`, together with a number).

## Why is this bad?
The IETF draft requires the expiry policy to be published: a client retrying after the window
re-executes the request.

## Example
```yaml
# Good
x-idempotency-ttl: PT24H
# or
description: A client-generated UUID; keys expire 24 hours after first use.
```
"#,
};

pub static DEF: RuleDef = rule(&RULE, Scope::InScope, check);

/// A description states an expiry when it has a word starting with `expir` or the word `TTL`
/// together with a number.
pub fn states_expiry(text: &str) -> bool {
    let words: Vec<&str> = text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let expiry = words
        .iter()
        .any(|w| w.to_ascii_lowercase().starts_with("expir") || *w == "TTL");
    let number = words.iter().any(|w| w.chars().any(|c| c.is_ascii_digit()));
    expiry && number
}

const TTL: &str = "x-idempotency-ttl";

fn check<'w>(ctx: &Context<'_, 'w>, hits: &mut Hits<'w>) {
    let Some(key) = &ctx.facts.key else { return };
    let documented = ctx.facts.op.node.get(TTL).is_some()
        || key.node().get(TTL).is_some()
        || ctx.facts.document().root.get(TTL).is_some()
        || key
            .node()
            .get("description")
            .and_then(|d| d.as_str())
            .is_some_and(states_expiry);
    if !documented {
        hits.report(
            &RULE,
            key.node(),
            format!(
                "how long a `{}` is remembered is not documented (add `x-idempotency-ttl: PT24H` or state the expiry in its description)",
                ctx.options.header
            ),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::states_expiry;

    #[test]
    fn expiry_in_prose() {
        assert!(states_expiry("Keys expire 24 hours after first use."));
        assert!(states_expiry("TTL: 72h"));
        assert!(states_expiry("Expiration after 1 day"));
        assert!(!states_expiry("Keys expire eventually."));
        assert!(!states_expiry("A UUID v4 key"));
        assert!(!states_expiry("ttl 24"), "the word TTL, in capitals");
    }
}
