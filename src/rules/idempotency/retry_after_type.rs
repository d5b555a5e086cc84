use crate::finding::{RuleMeta, Severity};
use crate::lint::engine::Hits;
use crate::resolve::Node;
use crate::rules::{Context, RuleDef, Scope, rule};
use crate::spec::Schema;

pub static RULE: RuleMeta = RuleMeta {
    id: "idempotency-retry-after-type",
    default_severity: Severity::Warn,
    summary: "Retry-After is neither an integer number of seconds nor an HTTP-date",
    docs: r#"## What it does
Checks that the `Retry-After` header of the conflict response is an integer (seconds; adding
`minimum: 0` is advised), a string with `format: http-date`, or a `oneOf`/`anyOf` of the two.
`format: date-time` is always wrong: an HTTP-date (`Wed, 21 Oct 2015 07:28:00 GMT`) is not
RFC 3339.

## Why is this bad?
Clients parse the header by its documented type; a `date-time` string or an untyped header
makes generated clients fail to parse what servers actually send.

## Example
```yaml
# Bad
Retry-After: {schema: {type: string, format: date-time}}
# Good
Retry-After: {schema: {type: integer, minimum: 0}}
```
"#,
};

pub static DEF: RuleDef = rule(&RULE, Scope::InScope, check);

/// Why a schema is not a valid Retry-After type, or None when it is.
fn problem(schema: Node<'_>) -> Option<String> {
    let s = Schema::new(schema);
    let branches: Vec<Node<'_>> = ["oneOf", "anyOf"]
        .iter()
        .filter_map(|k| schema.get(k))
        .flat_map(|list| list.items().map(|i| i.resolve()).collect::<Vec<_>>())
        .collect();
    if !branches.is_empty() {
        return branches.iter().find_map(|b| problem(*b));
    }
    match (s.types().as_slice(), s.format()) {
        (_, Some("date-time")) => Some(
            "has `format: date-time`, but an HTTP-date (`Wed, 21 Oct 2015 07:28:00 GMT`) is not RFC 3339".into(),
        ),
        (["integer"], _) => None,
        (["string"], Some("http-date")) => None,
        (["string"], _) => Some("is a string without `format: http-date`".into()),
        ([], _) => Some("has no type".into()),
        (types, _) => Some(format!("has `type: {}`", types.join(", "))),
    }
}

fn check<'w>(ctx: &Context<'_, 'w>, hits: &mut Hits<'w>) {
    let Some(header) = ctx.facts.known_conflict_header("Retry-After") else {
        return;
    };
    let Some(schema) = header.schema() else {
        hits.report(
            &RULE,
            header.node(),
            "the `Retry-After` header has no schema; document it as `type: integer`",
        );
        return;
    };
    if let Some(why) = problem(schema.node) {
        hits.report(
            &RULE,
            schema.node,
            format!("the `Retry-After` header {why}; use `type: integer` (seconds) or a string with `format: http-date`"),
        );
    }
}
