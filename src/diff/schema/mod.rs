//! Structural schema comparison with direction: on the request side narrowing what is accepted
//! breaks clients, on the response side widening what is returned does. Compared after `$ref`
//! resolution and `allOf` flattening (a reorganisation into the same properties and keywords is
//! no change), with 3.0 `nullable: true` and a 3.1 `"null"` in the type list read alike, and
//! `oneOf`/`anyOf` branches matched by content rather than position. Recursive schemas
//! terminate: each pair of schemas reached through a `$ref` is compared once per diff (see
//! [`graph`]), which also keeps large specs linear.

mod graph;
mod number;

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

pub(crate) use graph::EntryId;
pub(crate) use graph::Graph;

use super::checks::{self, Check};
use super::{Changes, lifecycle};
use crate::resolve::{Deref, Node};
use crate::spec::Schema;
use number::Num;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Direction {
    Request,
    Response,
}

impl Direction {
    /// The request-side or the response-side check.
    pub(crate) fn pick(self, request: &'static Check, response: &'static Check) -> &'static Check {
        match self {
            Direction::Request => request,
            Direction::Response => response,
        }
    }
}

/// Inline schemas nest; real ones stay far below this.
const MAX_DEPTH: usize = 64;
/// Schemas reached through `$ref`s inside each other (a chain of distinct components, not a
/// cycle, which ends at the first repeat).
const MAX_NESTED_REFS: usize = 1000;
/// `allOf` chains are flattened this deep.
const MAX_ALL_OF_DEPTH: usize = 8;
/// Branch lists larger than this (product of both sides) are paired by position instead of
/// by trial comparison, which is quadratic in the branch counts.
const MAX_TRIALS: usize = 256;

/// Keywords whose effect on the set of valid values is not decided structurally here: added
/// on the request side they can only narrow it, removed on the response side only widen it
/// (and the other way round they are compatible). The decidable ones have their own
/// comparisons: bounds (`minContains`, `maxProperties`, …), `dependentRequired`,
/// `prefixItems`, `contentMediaType`/`contentEncoding`.
const CONSTRAINTS: &[&str] = &[
    "if",
    "then",
    "else",
    "not",
    "contains",
    "dependentSchemas",
    "dependencies",
    "patternProperties",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "contentSchema",
    "multipleOf",
    "uniqueItems",
];

/// Compares two schemas, reporting under `what` (`query parameter 'limit'`). The pair itself
/// is compared in that context even when it is reached through `$ref`s (its changes are then
/// located in the component and grouped across operations); schemas it refers to are
/// compared once per diff, in the memo, and named after themselves.
pub(crate) fn compare(
    b: Node<'_>,
    h: Node<'_>,
    direction: Direction,
    what: &str,
    changes: &mut Changes,
) {
    compare_except(b, h, direction, what, &[], changes);
}

/// [`compare`], leaving out the top-level keywords in `skip` (those another check judges:
/// the idempotency key's pattern, format and length).
pub(crate) fn compare_except(
    b: Node<'_>,
    h: Node<'_>,
    direction: Direction,
    what: &str,
    skip: &'static [&'static str],
    changes: &mut Changes,
) {
    let (bd, hd) = (b.deref(), h.deref());
    if is_broken(&bd.node) || is_broken(&hd.node) {
        return;
    }
    if written_alike(b, h) {
        return;
    }
    // A schema reached through a `$ref` is named after itself: its changes are located in
    // it and may concern every operation that uses it, whichever met it first. So it is
    // compared once per diff, in the memo, like the schemas it refers to (unless some of its
    // keywords are left to another check).
    let named = through_ref(h, &hd);
    let what = if named {
        schema_name(hd.node)
    } else {
        what.to_string()
    };
    let mut walker = Walker {
        dir: direction,
        what: what.into(),
        graph: changes.graph.clone(),
        sunset: changes.sunset,
        skip,
    };
    if named && skip.is_empty() {
        walker.walk(b, h, "", changes, 0);
    } else {
        walker.pair(bd.node, hd.node, "", changes, 0);
    }
}

/// Whether a node as written stands for another: a `$ref`, or a YAML alias (which may be
/// recursive too). Such pairs are compared once, in the memo.
fn through_ref(written: Node<'_>, deref: &Deref<'_>) -> bool {
    deref.node.at != written.at
}

/// Behind a broken `$ref` nothing is assumed (the loader reported the ref).
fn is_broken(node: &Node<'_>) -> bool {
    node.as_ref().is_some()
}

/// How a schema reached through a `$ref` is named in messages: the component name
/// (`#/components/schemas/Pet`, 2.0 `#/definitions/Pet`), else the file and pointer.
fn schema_name(node: Node<'_>) -> String {
    let pointer = node.pointer();
    let tokens = crate::syntax::pointer::parse(&pointer).unwrap_or_default();
    let tokens: Vec<&str> = tokens.iter().map(String::as_str).collect();
    let name = match tokens.as_slice() {
        ["components", "schemas", name] | ["definitions", name] => name.to_string(),
        [] => node.file().source.name.clone(),
        _ => format!("{}#{pointer}", node.file().source.name),
    };
    format!("schema '{name}'")
}

/// A value written in the spec (through refs), as canonical text: mapping keys sorted,
/// strings quoted, other scalars as written. For defaults, consts and the constraints compared as a whole. Bounded in depth and
/// size so that recursive or huge values stay cheap.
pub(crate) fn canonical(node: Option<Node<'_>>) -> String {
    fn write(n: Node<'_>, depth: usize, out: &mut String) {
        if depth > 32 || out.len() > 65_536 {
            out.push('…');
            return;
        }
        let n = n.resolve();
        if let Some(s) = n.as_str() {
            // Strings quoted, so that the string "10" and the number 10 differ.
            out.push_str(&format!("{s:?}"));
        } else if let Some(s) = n.scalar() {
            out.push_str(&number_text(n).unwrap_or_else(|| s.to_string()));
        } else if n.is_sequence() {
            out.push('[');
            for item in n.items() {
                write(item, depth + 1, out);
                out.push(',');
            }
            out.push(']');
        } else {
            let mut members: Vec<(&str, Node<'_>)> = n.members().collect();
            members.sort_by_key(|(k, _)| *k);
            out.push('{');
            for (k, v) in members {
                out.push_str(&format!("{k:?}:"));
                write(v, depth + 1, out);
                out.push(',');
            }
            out.push('}');
        }
    }
    let mut out = String::new();
    if let Some(n) = node {
        write(n, 0, &mut out);
    }
    out
}

/// A number as its value reads, so that `1.0` and `1` (or `1e2` and `100`) compare equal;
/// integers beyond what a double holds exactly keep their digits.
fn number_text(n: Node<'_>) -> Option<String> {
    use crate::syntax::{NodeKind, ScalarKind};
    let text = n.scalar()?;
    match n.kind() {
        NodeKind::Scalar(ScalarKind::Int) => text
            .parse::<i128>()
            .ok()
            .map(|v| v.to_string())
            .or_else(|| Some(text.to_string())),
        NodeKind::Scalar(ScalarKind::Float) => Num::parse(text).map(|v| v.to_string()),
        _ => None,
    }
}

/// Whether two schemas are written alike with nothing in them that could stand for other
/// text (no `$ref`, and no YAML alias or merge key in either file): then they are the same
/// value and need no comparison. Most of two versions of a large spec is written alike.
pub(crate) fn written_alike(b: Node<'_>, h: Node<'_>) -> bool {
    same_text(b, h) && !holds_ref(&b.file().source.text[b.span().range()])
}

/// Whether two nodes are written alike, in files where text says everything (no YAML alias
/// or merge key): their own keys and scalars are then the same, though a `$ref` inside may
/// still lead to different things. Enough for checks that read a node's own keys only.
pub(crate) fn same_text(b: Node<'_>, h: Node<'_>) -> bool {
    let (bs, hs) = (b.span(), h.span());
    if bs.end - bs.start != hs.end - hs.start {
        return false;
    }
    let (bf, hf) = (b.file(), h.file());
    let (Some(bt), Some(ht)) = (
        bf.source.text.get(bs.range()),
        hf.source.text.get(hs.range()),
    ) else {
        return false;
    };
    bt == ht && bf.tree.self_contained() && hf.tree.self_contained()
}

/// Whether some text holds `$ref` (searched for with one finder built once).
fn holds_ref(text: &str) -> bool {
    static FINDER: std::sync::OnceLock<memchr::memmem::Finder<'static>> =
        std::sync::OnceLock::new();
    FINDER
        .get_or_init(|| memchr::memmem::Finder::new(b"$ref"))
        .find(text.as_bytes())
        .is_some()
}

/// Whether two values are the same (through `$ref`s; a cycle met again counts as the same),
/// decided without recursion so that any depth is safe. Gives up, answering no, beyond
/// [`SAME_VALUE_BUDGET`] node pairs.
fn same_value(b: Node<'_>, h: Node<'_>) -> bool {
    use crate::syntax::NodeKind;
    let mut seen = std::collections::HashSet::new();
    let mut stack = vec![(b, h)];
    while let Some((x, y)) = stack.pop() {
        let (x, y) = (x.resolve(), y.resolve());
        if !seen.insert((x.at, y.at)) {
            continue;
        }
        if seen.len() > SAME_VALUE_BUDGET {
            return false;
        }
        match (x.kind(), y.kind()) {
            (NodeKind::Mapping, NodeKind::Mapping) => {
                let xs: BTreeMap<&str, Node<'_>> = x.members().collect();
                let ys: BTreeMap<&str, Node<'_>> = y.members().collect();
                if !xs.keys().eq(ys.keys()) {
                    return false;
                }
                stack.extend(xs.values().copied().zip(ys.values().copied()));
            }
            (NodeKind::Sequence, NodeKind::Sequence) => {
                let (xs, ys): (Vec<_>, Vec<_>) = (x.items().collect(), y.items().collect());
                if xs.len() != ys.len() {
                    return false;
                }
                stack.extend(xs.into_iter().zip(ys));
            }
            (NodeKind::Scalar(_), NodeKind::Scalar(_)) => {
                if canonical(Some(x)) != canonical(Some(y)) {
                    return false;
                }
            }
            _ => return false,
        }
    }
    true
}

/// Node pairs [`same_value`] looks at before it gives up.
const SAME_VALUE_BUDGET: usize = 1_000_000;

/// The parts of a schema the comparison reads, with `allOf` branches merged in.
struct Flat<'w> {
    /// Declared types without `null`.
    types: BTreeSet<String>,
    /// 3.0 `nullable: true`, or `"null"` in a 3.1 type list.
    nullable: bool,
    properties: BTreeMap<&'w str, Node<'w>>,
    required: BTreeSet<&'w str>,
    /// Every other keyword, the schema's own first, then those its `allOf` branches add.
    keywords: BTreeMap<&'w str, Node<'w>>,
}

fn flatten<'w>(node: Node<'w>) -> Flat<'w> {
    let mut flat = Flat {
        types: BTreeSet::new(),
        nullable: false,
        properties: BTreeMap::new(),
        required: BTreeSet::new(),
        keywords: BTreeMap::new(),
    };
    merge(&mut flat, node, 0);
    flat
}

fn merge<'w>(flat: &mut Flat<'w>, node: Node<'w>, depth: usize) {
    let s = Schema::new(node);
    flat.types.extend(
        s.types()
            .into_iter()
            .filter(|t| *t != "null")
            .map(str::to_string),
    );
    flat.nullable |= s.is_nullable();
    if let Some(props) = node.get("properties") {
        for (name, value) in props.resolve().members() {
            flat.properties.entry(name).or_insert(value);
        }
    }
    if let Some(req) = node.get("required").filter(|r| r.is_sequence()) {
        flat.required.extend(req.items().filter_map(|i| i.as_str()));
    }
    for (key, value) in node.members() {
        if !matches!(
            key,
            "type" | "nullable" | "properties" | "required" | "allOf" | "$ref"
        ) {
            flat.keywords.entry(key).or_insert(value);
        }
    }
    if depth < MAX_ALL_OF_DEPTH {
        if let Some(all) = node.get("allOf") {
            for branch in all.items() {
                merge(flat, branch.resolve(), depth + 1);
            }
        }
    }
}

/// Whether `wide` accepts every type `narrow` does (`integer` is a `number`).
fn covers(wide: &BTreeSet<String>, narrow: &BTreeSet<String>) -> bool {
    narrow
        .iter()
        .all(|t| wide.contains(t) || (t == "integer" && wide.contains("number")))
}

fn enum_values(flat: &Flat<'_>) -> Option<BTreeSet<String>> {
    if let Some(c) = flat.keywords.get("const") {
        return Some([canonical(Some(*c))].into_iter().collect());
    }
    let e = flat.keywords.get("enum")?;
    Some(e.items().map(|i| canonical(Some(i))).collect())
}

fn number(flat: &Flat<'_>, key: &str) -> Option<Num> {
    Num::parse(flat.keywords.get(key)?.scalar()?)
}

fn keyword_str<'w>(f: &Flat<'w>, key: &str) -> Option<&'w str> {
    f.keywords.get(key).and_then(|n| n.as_str())
}

/// One end of a numeric range, and the keyword that sets it.
struct Bound<'w> {
    value: Num,
    exclusive: bool,
    node: Node<'w>,
}

/// The effective lower (or upper) bound of a number, whichever dialect wrote it: 3.0 sets
/// `minimum` with a boolean `exclusiveMinimum`, 3.1 a number in either keyword (the tighter
/// applies). For integers an exclusive bound is the next integer, inclusive, so that
/// `exclusiveMinimum: 0` and `minimum: 1` are the same range.
fn range_bound<'w>(f: &Flat<'w>, lower: bool, integer: bool) -> Option<Bound<'w>> {
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
fn variants<'w>(flat: &Flat<'w>) -> Option<(&'static str, Vec<Node<'w>>)> {
    for kind in ["oneOf", "anyOf"] {
        if let Some(list) = flat.keywords.get(kind) {
            return Some((kind, list.items().collect()));
        }
    }
    None
}

/// How far apart two schemas are: `clean` when nothing differs anywhere behind them,
/// `shallow` the number of changes at their own level (and one level of `$ref`s down).
struct Distance {
    clean: bool,
    shallow: usize,
}

/// Where in a schema a comparison is, for messages: `request body (application/json),
/// property 'a.b'`. Written out only when a change is reported (most pairs have none).
struct At<'p> {
    what: Rc<str>,
    path: &'p str,
}

impl std::fmt::Display for At<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if self.path.is_empty() {
            f.write_str(&self.what)
        } else {
            write!(f, "{}, property '{}'", self.what, self.path)
        }
    }
}

struct Walker {
    dir: Direction,
    /// What the schema being compared is, for messages (`request body (application/json)`,
    /// `schema 'Pet'`).
    what: Rc<str>,
    graph: Rc<RefCell<Graph>>,
    sunset: super::SunsetPolicy,
    /// Top-level keywords left to another check.
    skip: &'static [&'static str],
}

impl Walker {
    fn label<'p>(&self, path: &'p str) -> At<'p> {
        At {
            what: self.what.clone(),
            path,
        }
    }

    /// Compares two schemas as written: through the memo when either side is a `$ref`,
    /// else in place.
    fn walk(&mut self, b: Node<'_>, h: Node<'_>, path: &str, changes: &mut Changes, depth: usize) {
        if written_alike(b, h) {
            return;
        }
        let (bd, hd) = (b.deref(), h.deref());
        if is_broken(&bd.node) || is_broken(&hd.node) {
            return;
        }
        if !through_ref(b, &bd) && !through_ref(h, &hd) {
            self.pair(bd.node, hd.node, path, changes, depth + 1);
            return;
        }
        if let Some(id) = self.entry(bd.node, hd.node, path, changes) {
            changes.reached.push(id);
        }
    }

    /// The memo entry of a pair reached through a `$ref`, comparing it first if it is new.
    /// `None` when refs nest beyond [`MAX_NESTED_REFS`] (reported as such).
    fn entry(
        &mut self,
        b: Node<'_>,
        h: Node<'_>,
        path: &str,
        changes: &mut Changes,
    ) -> Option<EntryId> {
        let key = (b.at, h.at, self.dir);
        let found = self.graph.borrow().lookup(key);
        if let Some(id) = found {
            return Some(id);
        }
        if self.graph.borrow().depth >= MAX_NESTED_REFS {
            self.too_deep(
                b,
                h,
                path,
                MAX_NESTED_REFS,
                "schemas reached through $ref",
                changes,
            );
            return None;
        }
        let id = self.graph.borrow_mut().open(key);
        self.graph.borrow_mut().depth += 1;
        let mut inner = Walker {
            dir: self.dir,
            what: schema_name(h).into(),
            graph: self.graph.clone(),
            sunset: self.sunset,
            skip: &[],
        };
        let mut sink = Changes::sink(self.graph.clone(), self.sunset);
        inner.pair(b, h, "", &mut sink, 0);
        let mut graph = self.graph.borrow_mut();
        graph.depth -= 1;
        graph.close(id, sink.out, sink.reached);
        Some(id)
    }

    /// Nesting beyond a limit is said, where it happens, rather than compared silently less.
    fn too_deep(
        &self,
        b: Node<'_>,
        h: Node<'_>,
        path: &str,
        limit: usize,
        what: &str,
        changes: &mut Changes,
    ) {
        // What lies deeper may still be the same on both sides (a spec against itself).
        if same_value(b, h) {
            return;
        }
        changes.push(
            &checks::COMPARISON_DEPTH_LIMIT,
            format!(
                "{}: {what} nest deeper than {limit} levels; what lies deeper was not compared",
                self.label(path)
            ),
            Some(b),
            Some(h),
        );
    }

    /// How far apart two schemas as written are, for pairing `oneOf`/`anyOf` branches by
    /// content.
    fn distance(&mut self, b: Node<'_>, h: Node<'_>, depth: usize) -> Distance {
        let (bd, hd) = (b.deref(), h.deref());
        if is_broken(&bd.node) || is_broken(&hd.node) {
            return Distance {
                clean: true,
                shallow: 0,
            };
        }
        let mut scratch = Changes::sink(self.graph.clone(), self.sunset);
        if !through_ref(b, &bd) && !through_ref(h, &hd) {
            self.pair(bd.node, hd.node, "", &mut scratch, depth + 1);
        } else if let Some(id) = self.entry(bd.node, hd.node, "", &mut scratch) {
            scratch.reached.push(id);
        }
        let mut graph = self.graph.borrow_mut();
        let mut distance = Distance {
            clean: scratch.out.is_empty(),
            shallow: scratch.out.len(),
        };
        let through_ref_pair = scratch.out.is_empty() && scratch.reached.len() == 1;
        for &id in &scratch.reached {
            let dirty = graph.cost(id) > 0;
            distance.clean &= !dirty;
            // A branch that is itself a ref: the changes at the component's level; else a
            // changed schema it refers to is one change at this level.
            distance.shallow += if through_ref_pair && through_ref(b, &bd) || through_ref(h, &hd) {
                graph.shallow(id)
            } else {
                usize::from(dirty)
            };
        }
        distance
    }

    /// Pairs the branches of two `oneOf`/`anyOf` lists, returning the pairs to compare and
    /// which branches found a partner. In order: refs to the same-named component (the same
    /// alternative, however much it changed); branches of a type only they have; then, among
    /// the rest, branches with no change at all between them
    /// (so that reordering is no change); then the closest remaining pairs, closest first, if
    /// close enough to be the same alternative edited (no more top-level changes than it has
    /// properties, plus one). When too many remain to try every pair, they are paired by
    /// position.
    fn pair_branches(
        &mut self,
        bv: &[Node<'_>],
        hv: &[Node<'_>],
        depth: usize,
    ) -> (Vec<(usize, usize)>, Vec<bool>, Vec<bool>) {
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        let mut used_b = vec![false; bv.len()];
        let mut used_h = vec![false; hv.len()];
        let target = |n: &Node<'_>| n.as_ref().map(|_| schema_name(n.resolve()));
        let ht: Vec<_> = hv.iter().map(target).collect();
        for (i, x) in bv.iter().enumerate() {
            let Some(name) = target(x) else { continue };
            if let Some(j) = (0..hv.len()).find(|&j| !used_h[j] && ht[j].as_ref() == Some(&name)) {
                used_b[i] = true;
                used_h[j] = true;
                pairs.push((i, j));
            }
        }
        let left_b: Vec<usize> = (0..bv.len()).filter(|&i| !used_b[i]).collect();
        let left_h: Vec<usize> = (0..hv.len()).filter(|&j| !used_h[j]).collect();
        if left_b.len() * left_h.len() > MAX_TRIALS {
            for (&i, &j) in left_b.iter().zip(&left_h) {
                used_b[i] = true;
                used_h[j] = true;
                pairs.push((i, j));
            }
            pairs.sort_unstable();
            return (pairs, used_b, used_h);
        }
        // Alternatives of a type no other remaining alternative has on either side are the
        // same alternative (`string` or `array of parts`), however their details changed.
        let signature = |n: &Node<'_>| flatten(n.resolve()).types;
        let bs: Vec<_> = bv.iter().map(signature).collect();
        let hs: Vec<_> = hv.iter().map(signature).collect();
        for i in left_b.iter().copied() {
            if bs[i].is_empty() || used_b[i] {
                continue;
            }
            let unique_b = left_b
                .iter()
                .filter(|&&k| !used_b[k] && bs[k] == bs[i])
                .count()
                == 1;
            let matches: Vec<usize> = left_h
                .iter()
                .copied()
                .filter(|&j| !used_h[j] && hs[j] == bs[i])
                .collect();
            if unique_b && matches.len() == 1 {
                used_b[i] = true;
                used_h[matches[0]] = true;
                pairs.push((i, matches[0]));
            }
        }
        let mut distances: Vec<(usize, usize, Distance)> = Vec::new();
        for (i, x) in bv.iter().enumerate() {
            for (j, y) in hv.iter().enumerate() {
                if !used_b[i] && !used_h[j] {
                    distances.push((i, j, self.distance(*x, *y, depth)));
                }
            }
        }
        for (i, j, d) in &distances {
            if d.clean && !used_b[*i] && !used_h[*j] {
                used_b[*i] = true;
                used_h[*j] = true;
            }
        }
        let mut close: Vec<(usize, usize, usize)> = distances
            .iter()
            .filter(|(i, _, d)| d.shallow <= flatten(bv[*i].resolve()).properties.len().max(1) + 1)
            .map(|(i, j, d)| (d.shallow, *i, *j))
            .collect();
        close.sort_unstable();
        for (_, i, j) in close {
            if !used_b[i] && !used_h[j] {
                used_b[i] = true;
                used_h[j] = true;
                pairs.push((i, j));
            }
        }
        pairs.sort_unstable();
        (pairs, used_b, used_h)
    }

    /// Compares two resolved schemas in place.
    fn pair(&mut self, b: Node<'_>, h: Node<'_>, path: &str, changes: &mut Changes, depth: usize) {
        if depth > MAX_DEPTH {
            self.too_deep(b, h, path, MAX_DEPTH, "inline schemas", changes);
            return;
        }
        let at = self.label(path);
        let (mut bf, mut hf) = (flatten(b), flatten(h));
        if depth == 0 && path.is_empty() {
            for key in self.skip {
                bf.keywords.remove(key);
                hf.keywords.remove(key);
            }
        }
        let (bv, hv) = (variants(&bf).is_some(), variants(&hf).is_some());
        if bv || hv {
            self.variants(b, h, &bf, &hf, path, &at, changes, depth);
            // A schema wrapped in (or unwrapped from) `oneOf` was compared as a branch; when
            // both sides have alternatives, what sits beside them is compared too.
            if !(bv && hv) {
                return;
            }
        }
        self.types(b, h, &bf, &hf, &at, changes);
        self.nullable(b, h, &bf, &hf, &at, changes);
        self.enums(b, h, &bf, &hf, &at, changes);
        self.extensible_enum(b, h, &bf, &hf, &at, changes);
        self.bounds(b, h, &bf, &hf, &at, changes);
        self.pattern(b, h, &bf, &hf, &at, changes);
        self.constraints(b, h, &bf, &hf, &at, changes);
        self.content(b, h, &bf, &hf, &at, changes);
        self.dependent_required(b, h, &bf, &hf, &at, changes);
        self.prefix_items(b, h, &bf, &hf, path, &at, changes, depth);
        self.properties(b, h, &bf, &hf, path, &at, changes, depth);
        let sub = |suffix: &str| {
            if path.is_empty() {
                suffix.trim_start_matches('.').to_string()
            } else {
                format!("{path}{suffix}")
            }
        };
        if let (Some(bi), Some(hi)) = (bf.keywords.get("items"), hf.keywords.get("items")) {
            if bi.resolve().is_mapping() && hi.resolve().is_mapping() {
                self.walk(*bi, *hi, &sub("[]"), changes, depth);
            }
        }
        if let (Some(ba), Some(ha)) = (
            bf.keywords.get("additionalProperties"),
            hf.keywords.get("additionalProperties"),
        ) {
            if ba.resolve().is_mapping() && ha.resolve().is_mapping() {
                self.walk(*ba, *ha, &sub(".*"), changes, depth);
            }
        }
    }

    fn types(
        &self,
        b: Node<'_>,
        h: Node<'_>,
        bf: &Flat<'_>,
        hf: &Flat<'_>,
        at: &At<'_>,
        changes: &mut Changes,
    ) {
        if !bf.types.is_empty() && !hf.types.is_empty() && bf.types != hf.types {
            let widened = covers(&hf.types, &bf.types);
            let narrowed = covers(&bf.types, &hf.types);
            let list = |t: &BTreeSet<String>| t.iter().cloned().collect::<Vec<_>>().join(", ");
            let check = match (self.dir, widened, narrowed) {
                (Direction::Request, true, _) => &checks::REQUEST_TYPE_WIDENED,
                (Direction::Response, _, true) => &checks::RESPONSE_TYPE_NARROWED,
                _ => self.dir.pick(
                    &checks::REQUEST_TYPE_CHANGED,
                    &checks::RESPONSE_TYPE_CHANGED,
                ),
            };
            changes.push(
                check,
                format!(
                    "{at}: type changed from {} to {}",
                    list(&bf.types),
                    list(&hf.types)
                ),
                b.get("type").or(Some(b)),
                h.get("type").or(Some(h)),
            );
        }
        // A format narrows what a request accepts when added, and widens what a response
        // returns when removed; changed, it does both.
        let (bfmt, hfmt) = (keyword_str(bf, "format"), keyword_str(hf, "format"));
        let breaks = match self.dir {
            Direction::Request => hfmt.is_some() && bfmt != hfmt,
            Direction::Response => bfmt.is_some() && bfmt != hfmt,
        };
        if breaks {
            changes.push(
                self.dir.pick(
                    &checks::REQUEST_FORMAT_CHANGED,
                    &checks::RESPONSE_FORMAT_CHANGED,
                ),
                format!(
                    "{at}: format changed from {} to {}",
                    bfmt.unwrap_or("none"),
                    hfmt.unwrap_or("none")
                ),
                bf.keywords.get("format").copied().or(Some(b)),
                hf.keywords.get("format").copied().or(Some(h)),
            );
        }
    }

    /// A response that may now be null breaks clients; a request that may no longer be null
    /// breaks the clients that send null.
    fn nullable(
        &self,
        b: Node<'_>,
        h: Node<'_>,
        bf: &Flat<'_>,
        hf: &Flat<'_>,
        at: &At<'_>,
        changes: &mut Changes,
    ) {
        fn null_node(n: Node<'_>) -> Option<Node<'_>> {
            n.get("nullable").or(n.get("type")).or(Some(n))
        }
        let (check, message) = match (bf.nullable, hf.nullable, self.dir) {
            (false, true, Direction::Response) => {
                (&checks::RESPONSE_NULLABLE_ADDED, "may now be null")
            }
            (true, false, Direction::Request) => {
                (&checks::REQUEST_NULLABLE_REMOVED, "may no longer be null")
            }
            (false, true, Direction::Request) => {
                (&checks::REQUEST_NULLABLE_ADDED, "may now be null")
            }
            (true, false, Direction::Response) => {
                (&checks::RESPONSE_NULLABLE_REMOVED, "is no longer null")
            }
            _ => return,
        };
        changes.push(
            check,
            format!("{at}: {message}"),
            null_node(b),
            null_node(h),
        );
    }

    /// Enums, with `const` read as a one-value enum (so `enum: [a]` → `const: a` is no change).
    fn enums(
        &self,
        b: Node<'_>,
        h: Node<'_>,
        bf: &Flat<'_>,
        hf: &Flat<'_>,
        at: &At<'_>,
        changes: &mut Changes,
    ) {
        fn node<'w>(f: &Flat<'w>) -> Option<Node<'w>> {
            f.keywords.get("enum").or(f.keywords.get("const")).copied()
        }
        let (bn, hn) = (node(bf), node(hf));
        match (enum_values(bf), enum_values(hf)) {
            (Some(be), Some(he)) => self.value_changes(
                "enum",
                &be,
                &he,
                &checks::RESPONSE_ENUM_VALUE_ADDED,
                (bn, hn),
                at,
                changes,
            ),
            (None, Some(values)) => {
                let list: Vec<String> = values.into_iter().collect();
                changes.push(
                    self.dir
                        .pick(&checks::REQUEST_ENUM_ADDED, &checks::RESPONSE_ENUM_ADDED),
                    format!("{at}: now restricted to {}", list.join(", ")),
                    Some(b),
                    hn,
                );
            }
            (Some(_), None) => changes.push(
                self.dir.pick(
                    &checks::REQUEST_ENUM_REMOVED,
                    &checks::RESPONSE_ENUM_REMOVED,
                ),
                format!("{at}: no longer restricted to an enum"),
                bn,
                Some(h),
            ),
            (None, None) => {}
        }
    }

    /// `x-extensible-enum` (Zalando's guidelines): the values known today, with clients told
    /// to expect new ones. A request value no longer listed breaks the clients that send it;
    /// a new response value is what clients were told to handle.
    fn extensible_enum(
        &self,
        b: Node<'_>,
        h: Node<'_>,
        bf: &Flat<'_>,
        hf: &Flat<'_>,
        at: &At<'_>,
        changes: &mut Changes,
    ) {
        const KEY: &str = "x-extensible-enum";
        let values = |f: &Flat<'_>| -> Option<BTreeSet<String>> {
            let list = f.keywords.get(KEY)?.resolve();
            list.is_sequence()
                .then(|| list.items().map(|i| canonical(Some(i))).collect())
        };
        let (Some(bx), Some(hx)) = (values(bf), values(hf)) else {
            return;
        };
        let nodes = (
            bf.keywords.get(KEY).copied().or(Some(b)),
            hf.keywords.get(KEY).copied().or(Some(h)),
        );
        self.value_changes(
            KEY,
            &bx,
            &hx,
            &checks::RESPONSE_EXTENSIBLE_ENUM_VALUE_ADDED,
            nodes,
            at,
            changes,
        );
    }

    /// Values removed from and added to a list of allowed values (`enum` or
    /// `x-extensible-enum`), each direction reported once, naming the values. A new response
    /// value is `response_added` (for an extensible enum, what clients were told to expect).
    #[allow(clippy::too_many_arguments)]
    fn value_changes(
        &self,
        keyword: &str,
        base: &BTreeSet<String>,
        head: &BTreeSet<String>,
        response_added: &'static Check,
        (bn, hn): (Option<Node<'_>>, Option<Node<'_>>),
        at: &At<'_>,
        changes: &mut Changes,
    ) {
        let list = |values: Vec<&String>| {
            values
                .into_iter()
                .map(String::as_str)
                .collect::<Vec<_>>()
                .join(", ")
        };
        let removed: Vec<&String> = base.difference(head).collect();
        if !removed.is_empty() {
            let check = self.dir.pick(
                &checks::REQUEST_ENUM_VALUE_REMOVED,
                &checks::RESPONSE_ENUM_VALUE_REMOVED,
            );
            let message = format!("{at}: {keyword} value(s) {} removed", list(removed));
            changes.push(check, message, bn, hn);
        }
        let added: Vec<&String> = head.difference(base).collect();
        if !added.is_empty() {
            let check = self
                .dir
                .pick(&checks::REQUEST_ENUM_VALUE_ADDED, response_added);
            let message = format!("{at}: {keyword} value(s) {} added", list(added));
            changes.push(check, message, bn, hn);
        }
    }

    /// Length, item-count and property-count bounds, and the numeric range.
    fn bounds(
        &self,
        b: Node<'_>,
        h: Node<'_>,
        bf: &Flat<'_>,
        hf: &Flat<'_>,
        at: &At<'_>,
        changes: &mut Changes,
    ) {
        for (key, tighter_is_bigger) in [
            ("maxLength", false),
            ("minLength", true),
            ("maxItems", false),
            ("minItems", true),
            ("maxProperties", false),
            ("minProperties", true),
            ("maxContains", false),
            ("minContains", true),
        ] {
            let (bv, hv) = (number(bf, key), number(hf, key));
            let tighter = |x: Num, y: Num| if tighter_is_bigger { y > x } else { y < x };
            let narrowed = match (bv, hv) {
                (None, Some(_)) => true,
                (Some(x), Some(y)) => tighter(x, y),
                _ => false,
            };
            let widened = match (bv, hv) {
                (Some(_), None) => true,
                (Some(x), Some(y)) => tighter(y, x),
                _ => false,
            };
            let show = |v: Option<Num>| v.map_or("none".to_string(), |v| v.to_string());
            let message = || format!("{at}: {key} changed from {} to {}", show(bv), show(hv));
            let (bn, hn) = (
                bf.keywords.get(key).copied().or(Some(b)),
                hf.keywords.get(key).copied().or(Some(h)),
            );
            self.bound_change(narrowed, widened, message, bn, hn, changes);
        }
        for lower in [true, false] {
            let integer =
                |f: &Flat<'_>| !f.types.is_empty() && f.types.iter().all(|t| t == "integer");
            let (bb, hb) = (
                range_bound(bf, lower, integer(bf) && integer(hf)),
                range_bound(hf, lower, integer(bf) && integer(hf)),
            );
            // Tighter: a greater lower bound, a smaller upper one; at the same value, exclusive.
            let rank = |x: &Bound<'_>| {
                let value = if lower { x.value } else { x.value.neg() };
                (value, x.exclusive)
            };
            let tighter = |x: &Bound<'_>, y: &Bound<'_>| rank(y) > rank(x);
            let narrowed = match (&bb, &hb) {
                (None, Some(_)) => true,
                (Some(x), Some(y)) => tighter(x, y),
                _ => false,
            };
            let widened = match (&bb, &hb) {
                (Some(_), None) => true,
                (Some(x), Some(y)) => tighter(y, x),
                _ => false,
            };
            let show = |x: &Option<Bound<'_>>| match x {
                None => "none".to_string(),
                Some(x) => {
                    let op = match (lower, x.exclusive) {
                        (true, true) => ">",
                        (true, false) => ">=",
                        (false, true) => "<",
                        (false, false) => "<=",
                    };
                    format!("{op} {}", x.value)
                }
            };
            let message = || {
                format!(
                    "{at}: {} bound changed from {} to {}",
                    if lower { "lower" } else { "upper" },
                    show(&bb),
                    show(&hb)
                )
            };
            let (bn, hn) = (
                bb.as_ref().map(|x| x.node).or(Some(b)),
                hb.as_ref().map(|x| x.node).or(Some(h)),
            );
            self.bound_change(narrowed, widened, message, bn, hn, changes);
        }
    }

    /// Reports a bound that narrowed or widened, by direction.
    fn bound_change(
        &self,
        narrowed: bool,
        widened: bool,
        message: impl FnOnce() -> String,
        b: Option<Node<'_>>,
        h: Option<Node<'_>>,
        changes: &mut Changes,
    ) {
        let check = match (self.dir, narrowed, widened) {
            (Direction::Request, true, _) => &checks::REQUEST_BOUND_NARROWED,
            (Direction::Request, _, true) => &checks::REQUEST_BOUND_WIDENED,
            (Direction::Response, _, true) => &checks::RESPONSE_BOUND_WIDENED,
            (Direction::Response, true, _) => &checks::RESPONSE_BOUND_NARROWED,
            _ => return,
        };
        changes.push(check, message(), b, h);
    }

    /// Patterns, compared exactly on automata.
    fn pattern(
        &self,
        b: Node<'_>,
        h: Node<'_>,
        bf: &Flat<'_>,
        hf: &Flat<'_>,
        at: &At<'_>,
        changes: &mut Changes,
    ) {
        use crate::pattern::Comparison;
        let (bn, hn) = (
            bf.keywords.get("pattern").copied(),
            hf.keywords.get("pattern").copied(),
        );
        let (check, message) = match (
            keyword_str(bf, "pattern"),
            keyword_str(hf, "pattern"),
            self.dir,
        ) {
            (None, None, _) => return,
            (Some(x), Some(y), _) if x == y => return,
            (None, Some(_), Direction::Request) => (
                &checks::REQUEST_PATTERN_ADDED,
                format!("{at}: a pattern was added"),
            ),
            (None, Some(_), Direction::Response) => (
                &checks::RESPONSE_PATTERN_TIGHTENED,
                format!("{at}: a pattern was added"),
            ),
            (Some(_), None, Direction::Request) => (
                &checks::REQUEST_PATTERN_LOOSENED,
                format!("{at}: the pattern was removed"),
            ),
            (Some(_), None, Direction::Response) => (
                &checks::RESPONSE_PATTERN_LOOSENED,
                format!("{at}: the pattern was removed: any string may now be returned"),
            ),
            (Some(bp), Some(hp), dir) => {
                let (_, result) = self.graph.borrow_mut().compare_patterns(hp, bp);
                let Ok(comparison) = result else { return };
                match (comparison, dir) {
                    (Comparison::Equal, _) => return,
                    (Comparison::Stricter { b_not_a }, Direction::Request) => (
                        &checks::REQUEST_PATTERN_TIGHTENED,
                        format!(
                            "{at}: pattern tightened: '{b_not_a}' was accepted and is now rejected"
                        ),
                    ),
                    (Comparison::Looser { a_not_b }, Direction::Request) => (
                        &checks::REQUEST_PATTERN_LOOSENED,
                        format!("{at}: pattern loosened: '{a_not_b}' is now accepted"),
                    ),
                    (Comparison::Incomparable { a_not_b, b_not_a }, Direction::Request) => (
                        &checks::REQUEST_PATTERN_CHANGED,
                        format!(
                            "{at}: pattern changed: '{b_not_a}' is now rejected, '{a_not_b}' now accepted"
                        ),
                    ),
                    (Comparison::Looser { a_not_b }, Direction::Response) => (
                        &checks::RESPONSE_PATTERN_LOOSENED,
                        format!("{at}: pattern loosened: '{a_not_b}' may now be returned"),
                    ),
                    (Comparison::Incomparable { a_not_b, .. }, Direction::Response) => (
                        &checks::RESPONSE_PATTERN_LOOSENED,
                        format!("{at}: pattern changed: '{a_not_b}' may now be returned"),
                    ),
                    (Comparison::Stricter { .. }, Direction::Response) => (
                        &checks::RESPONSE_PATTERN_TIGHTENED,
                        format!("{at}: pattern tightened"),
                    ),
                }
            }
        };
        changes.push(check, message, bn.or(Some(b)), hn.or(Some(h)));
    }

    /// The keywords in [`CONSTRAINTS`]: added (request) or removed (response) breaks;
    /// changed needs a human.
    fn constraints(
        &self,
        b: Node<'_>,
        h: Node<'_>,
        bf: &Flat<'_>,
        hf: &Flat<'_>,
        at: &At<'_>,
        changes: &mut Changes,
    ) {
        for key in CONSTRAINTS {
            // `uniqueItems: false` is the default, the same as absent.
            let unset = |n: &Node<'_>| *key == "uniqueItems" && n.as_bool() == Some(false);
            let bn = bf.keywords.get(key).copied().filter(|n| !unset(n));
            let hn = hf.keywords.get(key).copied().filter(|n| !unset(n));
            let (check, message) = match (bn, hn, self.dir) {
                (None, Some(_), Direction::Request) => (
                    &checks::REQUEST_CONSTRAINT_ADDED,
                    format!("{at}: `{key}` was added"),
                ),
                (Some(_), None, Direction::Response) => (
                    &checks::RESPONSE_CONSTRAINT_REMOVED,
                    format!("{at}: `{key}` was removed"),
                ),
                (Some(_), None, Direction::Request) => (
                    &checks::REQUEST_CONSTRAINT_REMOVED,
                    format!("{at}: `{key}` was removed"),
                ),
                (None, Some(_), Direction::Response) => (
                    &checks::RESPONSE_CONSTRAINT_ADDED,
                    format!("{at}: `{key}` was added"),
                ),
                (Some(x), Some(y), _) if canonical(Some(x)) != canonical(Some(y)) => (
                    self.dir.pick(
                        &checks::REQUEST_CONSTRAINT_CHANGED,
                        &checks::RESPONSE_CONSTRAINT_CHANGED,
                    ),
                    format!("{at}: `{key}` changed"),
                ),
                _ => continue,
            };
            changes.push(check, message, bn.or(Some(b)), hn.or(Some(h)));
        }
    }

    /// `contentMediaType`/`contentEncoding` say how a string is encoded (`image/png`,
    /// `base64`): a client sending or decoding the old encoding breaks when it changes.
    fn content(
        &self,
        b: Node<'_>,
        h: Node<'_>,
        bf: &Flat<'_>,
        hf: &Flat<'_>,
        at: &At<'_>,
        changes: &mut Changes,
    ) {
        for key in ["contentMediaType", "contentEncoding"] {
            let (bn, hn) = (bf.keywords.get(key).copied(), hf.keywords.get(key).copied());
            let (x, y) = (bn.and_then(|n| n.scalar()), hn.and_then(|n| n.scalar()));
            let check = match (x, y, self.dir) {
                (Some(x), Some(y), _) if x == y => continue,
                (None, None, _) => continue,
                (Some(_), Some(_), dir) => dir.pick(
                    &checks::REQUEST_CONTENT_CHANGED,
                    &checks::RESPONSE_CONTENT_CHANGED,
                ),
                (None, Some(_), Direction::Request) => &checks::REQUEST_CONTENT_CHANGED,
                (None, Some(_), Direction::Response) => &checks::RESPONSE_CONSTRAINT_ADDED,
                (Some(_), None, Direction::Response) => &checks::RESPONSE_CONTENT_CHANGED,
                (Some(_), None, Direction::Request) => &checks::REQUEST_CONSTRAINT_REMOVED,
            };
            changes.push(
                check,
                format!(
                    "{at}: {key} changed from {} to {}",
                    x.unwrap_or("none"),
                    y.unwrap_or("none")
                ),
                bn.or(Some(b)),
                hn.or(Some(h)),
            );
        }
    }

    /// `dependentRequired` (`{a: [b]}`: an object with `a` must have `b`), compared pair by
    /// pair: a new pair narrows what a request may send; a pair gone means a response may
    /// come with `a` and without `b`.
    fn dependent_required(
        &self,
        b: Node<'_>,
        h: Node<'_>,
        bf: &Flat<'_>,
        hf: &Flat<'_>,
        at: &At<'_>,
        changes: &mut Changes,
    ) {
        fn pairs(f: &Flat<'_>) -> BTreeSet<(String, String)> {
            let Some(map) = f.keywords.get("dependentRequired") else {
                return BTreeSet::new();
            };
            map.resolve()
                .members()
                .flat_map(|(name, deps)| {
                    deps.resolve()
                        .items()
                        .filter_map(|d| Some((name.to_string(), d.as_str()?.to_string())))
                        .collect::<Vec<_>>()
                })
                .collect()
        }
        let (bp, hp) = (pairs(bf), pairs(hf));
        fn node<'w>(f: &Flat<'w>, n: Node<'w>, name: &str) -> Option<Node<'w>> {
            f.keywords
                .get("dependentRequired")
                .and_then(|m| m.resolve().get(name))
                .or(f.keywords.get("dependentRequired").copied())
                .or(Some(n))
        }
        for (name, dep) in hp.difference(&bp) {
            let check = self.dir.pick(
                &checks::REQUEST_CONSTRAINT_ADDED,
                &checks::RESPONSE_CONSTRAINT_ADDED,
            );
            changes.push(
                check,
                format!("{at}: `dependentRequired`: '{name}' now requires '{dep}'"),
                node(bf, b, name),
                node(hf, h, name),
            );
        }
        for (name, dep) in bp.difference(&hp) {
            let check = self.dir.pick(
                &checks::REQUEST_CONSTRAINT_REMOVED,
                &checks::RESPONSE_CONSTRAINT_REMOVED,
            );
            changes.push(
                check,
                format!("{at}: `dependentRequired`: '{name}' no longer requires '{dep}'"),
                node(bf, b, name),
                node(hf, h, name),
            );
        }
    }

    /// `prefixItems` (a tuple's leading positions): compared position by position when both
    /// sides have it. Added or removed beside an `items` schema, the leading positions move
    /// between the two, which can narrow or widen: a human must judge.
    #[allow(clippy::too_many_arguments)]
    fn prefix_items(
        &mut self,
        b: Node<'_>,
        h: Node<'_>,
        bf: &Flat<'_>,
        hf: &Flat<'_>,
        path: &str,
        at: &At<'_>,
        changes: &mut Changes,
        depth: usize,
    ) {
        fn list<'w>(f: &Flat<'w>) -> Option<Node<'w>> {
            f.keywords
                .get("prefixItems")
                .map(|n| n.resolve())
                .filter(|n| n.is_sequence())
        }
        let (bl, hl) = (list(bf), list(hf));
        let open_items = |f: &Flat<'_>| {
            f.keywords.get("items").is_none_or(|i| {
                let i = i.resolve();
                i.as_bool() == Some(true) || (i.is_mapping() && i.members().next().is_none())
            })
        };
        let changed = self.dir.pick(
            &checks::REQUEST_CONSTRAINT_CHANGED,
            &checks::RESPONSE_CONSTRAINT_CHANGED,
        );
        let (check, message) = match (bl, hl) {
            (None, None) => return,
            (Some(x), Some(y)) => {
                let (xs, ys): (Vec<_>, Vec<_>) = (x.items().collect(), y.items().collect());
                for (i, (xi, yi)) in xs.iter().zip(&ys).enumerate() {
                    let sub = if path.is_empty() {
                        format!("[{i}]")
                    } else {
                        format!("{path}[{i}]")
                    };
                    self.walk(*xi, *yi, &sub, changes, depth);
                }
                if xs.len() == ys.len() {
                    return;
                }
                (
                    changed,
                    format!(
                        "{at}: `prefixItems` has {} positions instead of {}",
                        ys.len(),
                        xs.len()
                    ),
                )
            }
            (None, Some(_)) if !(open_items(bf) && open_items(hf)) => (
                changed,
                format!("{at}: `prefixItems` was added beside `items`"),
            ),
            (Some(_), None) if !(open_items(bf) && open_items(hf)) => (
                changed,
                format!("{at}: `prefixItems` was removed beside `items`"),
            ),
            (None, Some(_)) => (
                self.dir.pick(
                    &checks::REQUEST_CONSTRAINT_ADDED,
                    &checks::RESPONSE_CONSTRAINT_ADDED,
                ),
                format!("{at}: `prefixItems` was added"),
            ),
            (Some(_), None) => (
                self.dir.pick(
                    &checks::REQUEST_CONSTRAINT_REMOVED,
                    &checks::RESPONSE_CONSTRAINT_REMOVED,
                ),
                format!("{at}: `prefixItems` was removed"),
            ),
        };
        changes.push(
            check,
            message,
            bf.keywords.get("prefixItems").copied().or(Some(b)),
            hf.keywords.get("prefixItems").copied().or(Some(h)),
        );
    }

    #[allow(clippy::too_many_arguments)]
    fn properties(
        &mut self,
        b: Node<'_>,
        h: Node<'_>,
        bf: &Flat<'_>,
        hf: &Flat<'_>,
        path: &str,
        at: &At<'_>,
        changes: &mut Changes,
        depth: usize,
    ) {
        // `properties` and `required` constrain objects only: on a schema that cannot be one
        // (a `type: array` with a stray `required`) they change nothing.
        let may_be_object = |f: &Flat<'_>| f.types.is_empty() || f.types.contains("object");
        if !may_be_object(bf) || !may_be_object(hf) {
            return;
        }
        let request = self.dir == Direction::Request;
        for name in hf.required.difference(&bf.required) {
            let hnode = hf.properties.get(name).copied().or(Some(h));
            let check = self.dir.pick(
                &checks::REQUEST_PROPERTY_BECAME_REQUIRED,
                &checks::RESPONSE_PROPERTY_BECAME_REQUIRED,
            );
            let message = if bf.properties.contains_key(name) || !request {
                format!("{at}: property '{name}' is now required")
            } else {
                format!("{at}: a required property '{name}' was added")
            };
            changes.push(check, message, Some(b), hnode);
        }
        for name in bf.required.difference(&hf.required) {
            let bnode = bf.properties.get(name).copied().or(Some(b));
            let (check, message) = if request {
                (
                    &checks::REQUEST_PROPERTY_BECAME_OPTIONAL,
                    format!("{at}: property '{name}' is no longer required"),
                )
            } else if hf.properties.contains_key(name) {
                (
                    &checks::RESPONSE_PROPERTY_MAY_BE_ABSENT,
                    format!("{at}: property '{name}' was required and may now be absent"),
                )
            } else {
                (
                    &checks::RESPONSE_PROPERTY_MAY_BE_ABSENT,
                    format!("{at}: required property '{name}' was removed"),
                )
            };
            changes.push(
                check,
                message,
                bnode,
                hf.properties.get(name).copied().or(Some(h)),
            );
        }
        for (name, bp) in &bf.properties {
            let sub: std::borrow::Cow<'_, str> = if path.is_empty() {
                (*name).into()
            } else {
                format!("{path}.{name}").into()
            };
            match hf.properties.get(name) {
                Some(hp) => {
                    let (br, hr) = (bp.resolve(), hp.resolve());
                    if !same_text(br, hr) {
                        lifecycle::property(br, hr, &self.label(&sub), changes);
                    }
                    self.walk(*bp, *hp, &sub, changes, depth);
                }
                // A removed required response property was reported as may-be-absent.
                None if !request && bf.required.contains(name) && !hf.required.contains(name) => {}
                None => changes.push(
                    self.dir.pick(
                        &checks::REQUEST_PROPERTY_REMOVED,
                        &checks::RESPONSE_PROPERTY_REMOVED,
                    ),
                    format!("{at}: property '{name}' was removed"),
                    Some(*bp),
                    None,
                ),
            }
        }
        for (name, hp) in &hf.properties {
            // A new required request property was reported as such above.
            let reported = request && hf.required.contains(name);
            if !bf.properties.contains_key(name) && !reported {
                changes.push(
                    self.dir.pick(
                        &checks::REQUEST_PROPERTY_ADDED,
                        &checks::RESPONSE_PROPERTY_ADDED,
                    ),
                    format!("{at}: property '{name}' was added"),
                    None,
                    Some(*hp),
                );
            }
        }
        if request {
            let closed = |f: &Flat<'_>| {
                f.keywords
                    .get("additionalProperties")
                    .and_then(|a| a.as_bool())
                    == Some(false)
            };
            if !closed(bf) && closed(hf) {
                changes.push(
                    &checks::REQUEST_ADDITIONAL_PROPERTIES_CLOSED,
                    format!("{at}: additionalProperties is now false"),
                    Some(b),
                    hf.keywords.get("additionalProperties").copied(),
                );
            }
        }
    }

    /// `oneOf`/`anyOf`: branches matched by content (a branch with no change on the other side
    /// first, then the closest), so reordering is no change. A schema without branches is read
    /// as a single branch, so wrapping it in `oneOf` with a new alternative is one added branch.
    #[allow(clippy::too_many_arguments)]
    fn variants(
        &mut self,
        b: Node<'_>,
        h: Node<'_>,
        bf: &Flat<'_>,
        hf: &Flat<'_>,
        path: &str,
        at: &At<'_>,
        changes: &mut Changes,
        depth: usize,
    ) {
        let (bvar, hvar) = (variants(bf), variants(hf));
        // A side without alternatives is read as one, of the other side's kind.
        let kind = match (&bvar, &hvar) {
            (Some((x, _)), Some((y, _))) if x != y => "oneOf/anyOf",
            (Some((x, _)), _) => x,
            (_, Some((y, _))) => y,
            (None, None) => "oneOf",
        };
        let bv = bvar.map_or_else(|| vec![b], |(_, v)| v);
        let hv = hvar.map_or_else(|| vec![h], |(_, v)| v);
        let (pairs, used_b, used_h) = self.pair_branches(&bv, &hv, depth);
        for (i, j) in pairs {
            let sub = if path.is_empty() {
                format!("{kind}[{j}]")
            } else {
                format!("{path}.{kind}[{j}]")
            };
            self.walk(bv[i], hv[j], &sub, changes, depth);
        }
        for (i, x) in bv.iter().enumerate() {
            if !used_b[i] {
                changes.push(
                    self.dir.pick(
                        &checks::REQUEST_VARIANT_REMOVED,
                        &checks::RESPONSE_VARIANT_REMOVED,
                    ),
                    format!("{at}: {kind} alternative #{} was removed", i + 1),
                    Some(*x),
                    Some(h),
                );
            }
        }
        for (j, y) in hv.iter().enumerate() {
            if !used_h[j] {
                changes.push(
                    self.dir.pick(
                        &checks::REQUEST_VARIANT_ADDED,
                        &checks::RESPONSE_VARIANT_ADDED,
                    ),
                    format!("{at}: {kind} alternative #{} was added", j + 1),
                    Some(b),
                    Some(*y),
                );
            }
        }
    }
}
