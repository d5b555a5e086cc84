//! Structural schema comparison with direction: on the request side narrowing what is accepted
//! breaks clients, on the response side widening what is returned does. Compared after `$ref`
//! resolution and `allOf` flattening (a reorganisation into the same properties is no change),
//! with 3.0 `nullable: true` and a 3.1 `"null"` in the type list read alike; recursive schemas
//! terminate (each pair of nodes is compared once).

use std::collections::{BTreeMap, BTreeSet, HashSet};

use super::{Changes, Level};
use crate::resolve::{Node, NodeRef};
use crate::spec::Schema;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    Request,
    Response,
}

/// Schemas nest; real ones stay far below this.
const MAX_DEPTH: usize = 64;

pub(crate) fn compare(
    b: Node<'_>,
    h: Node<'_>,
    direction: Direction,
    what: &str,
    changes: &mut Changes,
) {
    let mut seen = HashSet::new();
    walk(
        b.resolve(),
        h.resolve(),
        direction,
        what,
        "",
        changes,
        &mut seen,
        0,
    );
}

/// The parts of a schema the comparison reads, with `allOf` branches merged in.
struct Flat<'w> {
    /// Declared types without `null`.
    types: BTreeSet<String>,
    /// 3.0 `nullable: true`, or `"null"` in a 3.1 type list.
    nullable: bool,
    properties: BTreeMap<String, Node<'w>>,
    required: BTreeSet<String>,
}

fn flatten<'w>(node: Node<'w>, depth: usize) -> Flat<'w> {
    let s = Schema::new(node);
    let mut flat = Flat {
        types: s
            .types()
            .into_iter()
            .filter(|t| *t != "null")
            .map(str::to_string)
            .collect(),
        nullable: s.is_nullable(),
        properties: BTreeMap::new(),
        required: BTreeSet::new(),
    };
    if let Some(props) = node.get("properties") {
        for (name, value) in props.resolve().members() {
            flat.properties.insert(name.to_string(), value.resolve());
        }
    }
    if let Some(req) = node.get("required").filter(|r| r.is_sequence()) {
        flat.required
            .extend(req.items().filter_map(|i| i.as_str().map(str::to_string)));
    }
    if depth < 8 {
        for branch in node
            .get("allOf")
            .into_iter()
            .flat_map(|a| a.items().collect::<Vec<_>>())
        {
            let inner = flatten(branch.resolve(), depth + 1);
            flat.types.extend(inner.types);
            flat.nullable |= inner.nullable;
            for (k, v) in inner.properties {
                flat.properties.entry(k).or_insert(v);
            }
            flat.required.extend(inner.required);
        }
    }
    flat
}

/// Whether `wide` accepts every type `narrow` does (`integer` is a `number`).
fn covers(wide: &BTreeSet<String>, narrow: &BTreeSet<String>) -> bool {
    narrow
        .iter()
        .all(|t| wide.contains(t) || (t == "integer" && wide.contains("number")))
}

fn enum_values(node: Node<'_>) -> Option<BTreeSet<String>> {
    if let Some(c) = node.get("const") {
        return Some(c.scalar().map(str::to_string).into_iter().collect());
    }
    let e = node.get("enum")?;
    Some(
        e.items()
            .filter_map(|i| i.scalar().map(str::to_string))
            .collect(),
    )
}

fn number(node: Node<'_>, key: &str) -> Option<f64> {
    node.get(key)?.scalar()?.parse().ok()
}

#[allow(clippy::too_many_arguments)]
fn walk(
    b: Node<'_>,
    h: Node<'_>,
    dir: Direction,
    what: &str,
    path: &str,
    changes: &mut Changes,
    seen: &mut HashSet<(NodeRef, NodeRef)>,
    depth: usize,
) {
    if depth > MAX_DEPTH || !seen.insert((b.at, h.at)) {
        return;
    }
    let at = if path.is_empty() {
        what.to_string()
    } else {
        format!("{what}, property '{path}'")
    };
    let (bf, hf) = (flatten(b, 0), flatten(h, 0));
    // Types (without null: nullability is its own change).
    if !bf.types.is_empty() && !hf.types.is_empty() && bf.types != hf.types {
        let widened = covers(&hf.types, &bf.types);
        let narrowed = covers(&bf.types, &hf.types);
        let list = |t: &BTreeSet<String>| t.iter().cloned().collect::<Vec<_>>().join(", ");
        let (id, level) = match (dir, widened, narrowed) {
            (Direction::Request, true, _) => ("schema-type-widened", Level::Info),
            (Direction::Response, _, true) => ("schema-type-narrowed", Level::Info),
            _ => ("schema-type-changed", Level::Error),
        };
        changes.push(
            id,
            level,
            format!(
                "{at}: type changed from {} to {}",
                list(&bf.types),
                list(&hf.types)
            ),
            b.get("type").or(Some(b)),
            h.get("type").or(Some(h)),
        );
    }
    // Nullability: a response that may now be null breaks clients; a request that may no
    // longer be null breaks the clients that send null.
    fn null_node(n: Node<'_>) -> Option<Node<'_>> {
        n.get("nullable").or(n.get("type")).or(Some(n))
    }
    match (bf.nullable, hf.nullable, dir) {
        (false, true, Direction::Response) => changes.push(
            "schema-nullable-added",
            Level::Error,
            format!("{at}: may now be null"),
            null_node(b),
            null_node(h),
        ),
        (true, false, Direction::Request) => changes.push(
            "schema-nullable-removed",
            Level::Error,
            format!("{at}: may no longer be null"),
            null_node(b),
            null_node(h),
        ),
        (false, true, Direction::Request) => changes.push(
            "schema-nullable-added",
            Level::Info,
            format!("{at}: may now be null"),
            null_node(b),
            null_node(h),
        ),
        (true, false, Direction::Response) => changes.push(
            "schema-nullable-removed",
            Level::Info,
            format!("{at}: is no longer null"),
            null_node(b),
            null_node(h),
        ),
        _ => {}
    }
    // Enums (and const, read as a one-value enum).
    match (enum_values(b), enum_values(h)) {
        (Some(be), Some(he)) => {
            let removed: Vec<_> = be.difference(&he).cloned().collect();
            let added: Vec<_> = he.difference(&be).cloned().collect();
            if !removed.is_empty() {
                let level = if dir == Direction::Request {
                    Level::Error
                } else {
                    Level::Info
                };
                changes.push(
                    "enum-value-removed",
                    level,
                    format!("{at}: enum value(s) {} removed", removed.join(", ")),
                    b.get("enum").or(b.get("const")),
                    h.get("enum").or(h.get("const")),
                );
            }
            if !added.is_empty() {
                let level = if dir == Direction::Response {
                    Level::Error
                } else {
                    Level::Info
                };
                changes.push(
                    "enum-value-added",
                    level,
                    format!("{at}: enum value(s) {} added", added.join(", ")),
                    b.get("enum").or(b.get("const")),
                    h.get("enum").or(h.get("const")),
                );
            }
        }
        (None, Some(_)) if dir == Direction::Request => changes.push(
            "enum-added",
            Level::Error,
            format!("{at}: now restricted to an enum"),
            Some(b),
            h.get("enum").or(h.get("const")),
        ),
        (Some(_), None) if dir == Direction::Response => changes.push(
            "enum-removed",
            Level::Error,
            format!("{at}: no longer restricted to an enum"),
            b.get("enum").or(b.get("const")),
            Some(h),
        ),
        _ => {}
    }
    // Length and range bounds.
    for (key, tighter_is_bigger) in [
        ("maxLength", false),
        ("minLength", true),
        ("maximum", false),
        ("minimum", true),
        ("maxItems", false),
        ("minItems", true),
    ] {
        let (bv, hv) = (number(b, key), number(h, key));
        let narrowed = match (bv, hv) {
            (None, Some(_)) => true,
            (Some(x), Some(y)) if tighter_is_bigger => y > x,
            (Some(x), Some(y)) => y < x,
            _ => false,
        };
        let widened = match (bv, hv) {
            (Some(_), None) => true,
            (Some(x), Some(y)) if tighter_is_bigger => y < x,
            (Some(x), Some(y)) => y > x,
            _ => false,
        };
        let show = |v: Option<f64>| v.map_or("none".to_string(), |v| v.to_string());
        let message = format!("{at}: {key} changed from {} to {}", show(bv), show(hv));
        match (dir, narrowed, widened) {
            (Direction::Request, true, _) => changes.push(
                "schema-bound-narrowed",
                Level::Error,
                message,
                b.get(key).or(Some(b)),
                h.get(key),
            ),
            (Direction::Response, _, true) => changes.push(
                "schema-bound-widened",
                Level::Warn,
                message,
                b.get(key),
                h.get(key).or(Some(h)),
            ),
            _ => {}
        }
    }
    // Pattern, decided on automata.
    if let (Some(bp), Some(hp)) = (
        b.get("pattern").and_then(|p| p.as_str()),
        h.get("pattern").and_then(|p| p.as_str()),
    ) {
        if bp != hp {
            pattern_change(
                b.get("pattern"),
                h.get("pattern"),
                bp,
                hp,
                dir,
                &at,
                changes,
            );
        }
    } else if let (None, Some(hp)) = (b.get("pattern"), h.get("pattern")) {
        if dir == Direction::Request {
            changes.push(
                "schema-pattern-added",
                Level::Error,
                format!("{at}: a pattern was added"),
                Some(b),
                Some(hp),
            );
        }
    }
    // Required properties.
    for name in hf.required.difference(&bf.required) {
        if dir == Direction::Request {
            let hnode = hf.properties.get(name).copied().or(Some(h));
            changes.push(
                "request-property-became-required",
                Level::Error,
                format!("{at}: property '{name}' is now required"),
                Some(b),
                hnode,
            );
        }
    }
    for name in bf.required.difference(&hf.required) {
        if dir == Direction::Response {
            let bnode = bf.properties.get(name).copied().or(Some(b));
            changes.push(
                "response-property-may-be-absent",
                Level::Error,
                format!("{at}: property '{name}' was required and may now be absent"),
                bnode,
                Some(h),
            );
        }
    }
    // Properties.
    for (name, bp) in &bf.properties {
        let sub = if path.is_empty() {
            name.clone()
        } else {
            format!("{path}.{name}")
        };
        match hf.properties.get(name) {
            Some(hp) => walk(*bp, *hp, dir, what, &sub, changes, seen, depth + 1),
            None if dir == Direction::Request => changes.push(
                "request-property-removed",
                Level::Warn,
                format!("{at}: property '{name}' was removed"),
                Some(*bp),
                None,
            ),
            None if !bf.required.contains(name) => changes.push(
                "response-property-removed",
                Level::Warn,
                format!("{at}: optional property '{name}' was removed"),
                Some(*bp),
                None,
            ),
            None => {}
        }
    }
    for (name, hp) in &hf.properties {
        // A new required request property was reported as such above.
        let reported = dir == Direction::Request && hf.required.contains(name);
        if !bf.properties.contains_key(name) && !reported {
            changes.push(
                "property-added",
                Level::Info,
                format!("{at}: property '{name}' was added"),
                None,
                Some(*hp),
            );
        }
    }
    if dir == Direction::Request {
        let closed =
            |n: Node<'_>| n.get("additionalProperties").and_then(|a| a.as_bool()) == Some(false);
        if !closed(b) && closed(h) {
            changes.push(
                "request-additional-properties-closed",
                Level::Error,
                format!("{at}: additionalProperties is now false"),
                Some(b),
                h.get("additionalProperties"),
            );
        }
    }
    if let (Some(bi), Some(hi)) = (b.get("items"), h.get("items")) {
        let sub = if path.is_empty() {
            "[]".to_string()
        } else {
            format!("{path}[]")
        };
        walk(
            bi.resolve(),
            hi.resolve(),
            dir,
            what,
            &sub,
            changes,
            seen,
            depth + 1,
        );
    }
}

fn pattern_change(
    bn: Option<Node<'_>>,
    hn: Option<Node<'_>>,
    bp: &str,
    hp: &str,
    dir: Direction,
    at: &str,
    changes: &mut Changes,
) {
    use crate::pattern::Comparison;
    let (_, result) = crate::pattern::compare(hp, bp);
    let Ok(comparison) = result else { return };
    let (id, level, message) = match (comparison, dir) {
        (Comparison::Equal, _) => return,
        (Comparison::Stricter { b_not_a }, Direction::Request) => (
            "schema-pattern-tightened",
            Level::Error,
            format!("{at}: pattern tightened: '{b_not_a}' was accepted and is now rejected"),
        ),
        (Comparison::Looser { a_not_b }, Direction::Request) => (
            "schema-pattern-loosened",
            Level::Info,
            format!("{at}: pattern loosened: '{a_not_b}' is now accepted"),
        ),
        (Comparison::Incomparable { a_not_b, b_not_a }, Direction::Request) => (
            "schema-pattern-changed",
            Level::Warn,
            format!("{at}: pattern changed: '{b_not_a}' is now rejected, '{a_not_b}' now accepted"),
        ),
        (Comparison::Looser { a_not_b }, Direction::Response) => (
            "schema-pattern-loosened",
            Level::Warn,
            format!("{at}: pattern loosened: '{a_not_b}' may now be returned"),
        ),
        (_, Direction::Response) => (
            "schema-pattern-tightened",
            Level::Info,
            format!("{at}: pattern changed"),
        ),
    };
    changes.push(id, level, message, bn, hn);
}
