//! A schema as the comparison reads it: its keywords with `allOf` branches merged in, and what
//! is derived from them (enum sets, numeric bounds in either dialect, `oneOf`/`anyOf` branches).

use super::*;
use crate::syntax::fast_hash::FastMap;

/// The parts of a schema the comparison reads, with `allOf` branches merged in.
pub(super) struct Flat<'w> {
    /// Declared types without `null`.
    pub(super) types: BTreeSet<&'w str>,
    /// 3.0 `nullable: true`, or `"null"` in a 3.1 type list.
    pub(super) nullable: bool,
    pub(super) properties: BTreeMap<&'w str, Node<'w>>,
    pub(super) required: BTreeSet<&'w str>,
    /// Every other keyword, the schema's own first, then those its `allOf` branches add.
    /// Looked up by name only, dozens of times per schema pair: hashed rather than ordered.
    pub(super) keywords: FastMap<&'w str, Node<'w>>,
}

pub(super) fn flatten<'w>(node: Node<'w>) -> Flat<'w> {
    let mut flat = Flat {
        types: BTreeSet::new(),
        nullable: false,
        properties: BTreeMap::new(),
        required: BTreeSet::new(),
        keywords: FastMap::default(),
    };
    merge(&mut flat, node, 0);
    flat
}

pub(super) fn merge<'w>(flat: &mut Flat<'w>, node: Node<'w>, depth: usize) {
    // One pass over the members picks out the keywords read apart: looking each up in turn
    // would scan the mapping once per keyword, for every schema compared.
    let (mut type_keyword, mut nullable, mut properties, mut required, mut all_of) =
        (None, None, None, None, None);
    for (key, value) in node.members() {
        match key {
            "type" => type_keyword = Some(value),
            "nullable" => nullable = Some(value),
            "properties" => properties = Some(value),
            "required" => required = Some(value),
            "allOf" => all_of = Some(value),
            "$ref" => {}
            _ => {
                flat.keywords.entry(key).or_insert(value);
            }
        }
    }
    let types = Schema::types_in(type_keyword);
    flat.nullable |= Schema::nullable_in(nullable, &types);
    flat.types
        .extend(types.into_iter().filter(|t| *t != "null"));
    if let Some(props) = properties {
        for (name, value) in props.resolve().members() {
            flat.properties.entry(name).or_insert(value);
        }
    }
    if let Some(req) = required.filter(|r| r.is_sequence()) {
        flat.required.extend(req.items().filter_map(|i| i.as_str()));
    }
    if depth < MAX_ALL_OF_DEPTH {
        if let Some(all) = all_of {
            for branch in all.items() {
                merge(flat, branch.resolve(), depth + 1);
            }
        }
    }
}

/// Whether `wide` accepts every type `narrow` does (`integer` is a `number`).
pub(super) fn covers(wide: &BTreeSet<&str>, narrow: &BTreeSet<&str>) -> bool {
    narrow
        .iter()
        .all(|t| wide.contains(t) || (*t == "integer" && wide.contains("number")))
}

pub(super) fn enum_values(flat: &Flat<'_>) -> Option<BTreeSet<String>> {
    if let Some(c) = flat.keywords.get("const") {
        return Some([canonical(Some(*c))].into_iter().collect());
    }
    let e = flat.keywords.get("enum")?;
    Some(e.items().map(|i| canonical(Some(i))).collect())
}

pub(super) fn number(flat: &Flat<'_>, key: &str) -> Option<Num> {
    Num::parse(flat.keywords.get(key)?.scalar()?)
}

pub(super) fn keyword_str<'w>(f: &Flat<'w>, key: &str) -> Option<&'w str> {
    f.keywords.get(key).and_then(|n| n.as_str())
}

/// One end of a numeric range, and the keyword that sets it.
pub(super) struct Bound<'w> {
    pub(super) value: Num,
    pub(super) exclusive: bool,
    pub(super) node: Node<'w>,
}

/// The effective lower (or upper) bound of a number, whichever dialect wrote it: 3.0 sets
/// `minimum` with a boolean `exclusiveMinimum`, 3.1 a number in either keyword (the tighter
/// applies). For integers an exclusive bound is the next integer, inclusive, so that
/// `exclusiveMinimum: 0` and `minimum: 1` are the same range.
pub(super) fn range_bound<'w>(f: &Flat<'w>, lower: bool, integer: bool) -> Option<Bound<'w>> {
    let (inclusive_key, exclusive_key) = if lower {
        ("minimum", "exclusiveMinimum")
    } else {
        ("maximum", "exclusiveMaximum")
    };
    let value = |key: &str| -> Option<(Num, Node<'w>)> {
        let n = *f.keywords.get(key)?;
        Some((Num::parse(n.scalar()?)?, n))
    };
    let flag = f.keywords.get(exclusive_key).and_then(|n| n.as_bool());
    let mut candidates: Vec<Bound<'w>> = Vec::new();
    if let Some((v, n)) = value(inclusive_key) {
        let exclusive = flag == Some(true);
        let node = if exclusive {
            f.keywords.get(exclusive_key).copied().unwrap_or(n)
        } else {
            n
        };
        candidates.push(Bound {
            value: v,
            exclusive,
            node,
        });
    }
    if flag.is_none() {
        if let Some((v, n)) = value(exclusive_key) {
            candidates.push(Bound {
                value: v,
                exclusive: true,
                node: n,
            });
        }
    }
    let mut bounds: Vec<Bound<'w>> = candidates
        .into_iter()
        .map(|x| match (integer, lower, x.exclusive) {
            (true, true, true) => Bound {
                value: x.value.integer(false, 1),
                exclusive: false,
                ..x
            },
            (true, true, false) => Bound {
                value: x.value.integer(true, 0),
                ..x
            },
            (true, false, true) => Bound {
                value: x.value.integer(true, -1),
                exclusive: false,
                ..x
            },
            (true, false, false) => Bound {
                value: x.value.integer(false, 0),
                ..x
            },
            _ => x,
        })
        .collect();
    // The tightest applies.
    bounds.sort_by(|x, y| {
        let key = |b: &Bound<'_>| (if lower { b.value } else { b.value.neg() }, b.exclusive);
        key(x)
            .partial_cmp(&key(y))
            .unwrap_or(std::cmp::Ordering::Equal)
    });
    bounds.pop()
}

/// The `oneOf`/`anyOf` branches of a schema, resolved.
pub(super) fn variants<'w>(flat: &Flat<'w>) -> Option<(&'static str, Vec<Node<'w>>)> {
    for kind in ["oneOf", "anyOf"] {
        if let Some(list) = flat.keywords.get(kind) {
            return Some((kind, list.items().collect()));
        }
    }
    None
}
