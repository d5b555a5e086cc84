//! The keyword checks of the schema walk: type, nullability, enums, defaults and constants,
//! numeric and length bounds, `pattern`, the constraints compared as a whole, content
//! encoding and `dependentRequired`. Each compares one keyword family of a pair of schemas.

use super::*;

/// One pair of schemas as every keyword check reads it: the nodes (where a change without a
/// keyword of its own is located), their flattened views (the keywords, `allOf` merged) and
/// the label of where they sit.
#[derive(Clone, Copy)]
pub(super) struct Sides<'a, 'w> {
    pub(super) b: Node<'w>,
    pub(super) h: Node<'w>,
    pub(super) bf: &'a Flat<'w>,
    pub(super) hf: &'a Flat<'w>,
    pub(super) at: &'a At<'a>,
}

/// The keyword checks, in the order their changes are reported.
pub(super) const KEYWORD_CHECKS: [fn(&Walker, Sides<'_, '_>, &mut Changes); 9] = [
    Walker::types,
    Walker::nullable,
    Walker::enums,
    Walker::extensible_enum,
    Walker::bounds,
    Walker::pattern,
    Walker::constraints,
    Walker::content,
    Walker::dependent_required,
];

impl Walker {
    pub(super) fn types(&self, s: Sides<'_, '_>, changes: &mut Changes) {
        let Sides { b, h, bf, hf, at } = s;
        if !bf.types.is_empty() && !hf.types.is_empty() && bf.types != hf.types {
            let widened = covers(&hf.types, &bf.types);
            let narrowed = covers(&bf.types, &hf.types);
            let list = |t: &BTreeSet<&str>| t.iter().copied().collect::<Vec<_>>().join(", ");
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
    pub(super) fn nullable(&self, s: Sides<'_, '_>, changes: &mut Changes) {
        let Sides { b, h, bf, hf, at } = s;
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
    pub(super) fn enums(&self, s: Sides<'_, '_>, changes: &mut Changes) {
        let Sides { b, h, bf, hf, at } = s;
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
    pub(super) fn extensible_enum(&self, s: Sides<'_, '_>, changes: &mut Changes) {
        let Sides { b, h, bf, hf, at } = s;
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
    pub(super) fn value_changes(
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
    pub(super) fn bounds(&self, s: Sides<'_, '_>, changes: &mut Changes) {
        let Sides { b, h, bf, hf, at } = s;
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
                |f: &Flat<'_>| !f.types.is_empty() && f.types.iter().all(|t| *t == "integer");
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
    pub(super) fn bound_change(
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
    pub(super) fn pattern(&self, s: Sides<'_, '_>, changes: &mut Changes) {
        let Sides { b, h, bf, hf, at } = s;
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
    pub(super) fn constraints(&self, s: Sides<'_, '_>, changes: &mut Changes) {
        let Sides { b, h, bf, hf, at } = s;
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
    pub(super) fn content(&self, s: Sides<'_, '_>, changes: &mut Changes) {
        let Sides { b, h, bf, hf, at } = s;
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
    pub(super) fn dependent_required(&self, s: Sides<'_, '_>, changes: &mut Changes) {
        let Sides { b, h, bf, hf, at } = s;
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
}
