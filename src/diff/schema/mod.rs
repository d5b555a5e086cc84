//! Structural schema comparison with direction: on the request side narrowing what is accepted
//! breaks clients, on the response side widening what is returned does. Compared after `$ref`
//! resolution and `allOf` flattening (a reorganisation into the same properties and keywords is
//! no change), with 3.0 `nullable: true` and a 3.1 `"null"` in the type list read alike, and
//! `oneOf`/`anyOf` branches matched by content rather than position. Recursive schemas
//! terminate: each pair of schemas reached through a `$ref` is compared once per diff (see
//! [`graph`]), which also keeps large specs linear.

mod flat;
mod graph;
mod keywords;
mod number;
mod values;

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::rc::Rc;

pub(crate) use graph::EntryId;
pub(crate) use graph::Graph;

use super::checks::{self, Check};
use super::{Changes, lifecycle};
use crate::resolve::{Deref, Node};
use crate::spec::Schema;
use flat::*;
use number::Num;
use values::*;
pub(crate) use values::{canonical, same_text, written_alike};

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
        fn signature<'w>(n: &Node<'w>) -> BTreeSet<&'w str> {
            flatten(n.resolve()).types
        }
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
        let sides = keywords::Sides {
            b,
            h,
            bf: &bf,
            hf: &hf,
            at: &at,
        };
        for check in keywords::KEYWORD_CHECKS {
            check(self, sides, changes);
        }
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
