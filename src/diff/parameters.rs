//! Parameters, matched by (`in`, name) with path-level inheritance (header names
//! case-insensitive). Path parameters are matched by their place in the path template instead,
//! so `/users/{id}` → `/users/{userId}` is one rename, not a removal plus a required addition.

use super::schema::{self, Direction};
use super::{Changes, checks, lifecycle};
use crate::resolve::Node;
use crate::rules::options::IdempotencyOptions;
use crate::spec::{Operation, Parameter, Resolved};
use crate::syntax::fast_hash::FastMap;

/// A parameter's (`in`, name or template position) and its occurrence among parameters with
/// that same key: an invalid spec may declare one twice, and the n-th must meet the n-th.
type ParameterKey = ((String, String), usize);

/// The `{name}`s of a path template, in order.
fn template_names(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .collect()
}

fn parameter_key(location: &str, name: &str, template: &[&str]) -> (String, String) {
    let name = match location {
        "header" => name.to_ascii_lowercase(),
        "path" => match template.iter().position(|n| *n == name) {
            Some(i) => format!("{{{i}}}"),
            None => name.to_string(),
        },
        _ => name.to_string(),
    };
    (location.to_string(), name)
}

fn keyed_parameters<'a>(op: &Operation<'a>) -> Vec<(ParameterKey, Parameter<'a>)> {
    let template = template_names(op.path);
    let mut seen: FastMap<(String, String), usize> = FastMap::default();
    op.parameters()
        .into_iter()
        .filter_map(|p| {
            // Read once: each is a lookup in the parameter's mapping.
            let (location, name) = p.identity();
            // A 2.0 `in: body` parameter is the request body, compared as such.
            if location == Some("body")
                || !op.doc.version.is_swagger2() && ignored_header(location, name)
            {
                return None;
            }
            let key = parameter_key(location?, name?, &template);
            let n = seen.entry(key.clone()).or_default();
            *n += 1;
            Some(((key, *n), p))
        })
        .collect()
}

/// OpenAPI 3.x: header parameters named `Accept`, `Content-Type` or `Authorization` "SHALL be
/// ignored" (content negotiation and security schemes describe those); adding or removing one
/// changes nothing on the wire.
fn ignored_header(location: Option<&str>, name: Option<&str>) -> bool {
    location == Some("header")
        && name.is_some_and(|n| {
            ["accept", "content-type", "authorization"]
                .iter()
                .any(|h| n.eq_ignore_ascii_case(h))
        })
}

fn is_required(p: &Parameter<'_>) -> bool {
    p.location() == Some("path") || p.required().and_then(|r| r.as_bool()) == Some(true)
}

fn label(p: &Parameter<'_>) -> String {
    format!(
        "{} parameter '{}'",
        p.location().unwrap_or_default(),
        p.name().unwrap_or_default()
    )
}

pub(super) fn compare(
    b: &Operation<'_>,
    h: &Operation<'_>,
    options: &IdempotencyOptions,
    in_scope: bool,
    changes: &mut Changes,
) {
    renamed_path_parameters(b, h, changes);
    let base = keyed_parameters(b);
    let head = keyed_parameters(h);
    // The key header of an in-scope operation has its own, idempotency-aware checks.
    let is_key = |k: &ParameterKey| {
        let ((location, name), _) = k;
        in_scope && location == "header" && options.is_key_header(name)
    };
    for (k, bp) in &base {
        let found = head.iter().find(|(hk, _)| hk == k);
        if is_key(k) {
            // Its presence, requiredness, pattern, format and length are the idempotency
            // checks'; the rest of it is compared here.
            if let Some((_, hp)) = found {
                parameter(bp, hp, h, Some(KEY_KEYWORDS), changes);
            }
            continue;
        }
        match found {
            None => {
                let (check, why) = lifecycle::parameter_removed(bp);
                changes.push(
                    check,
                    format!("the {} was removed{why}", label(bp)),
                    Some(bp.node()),
                    None,
                );
            }
            Some((_, hp)) => parameter(bp, hp, h, None, changes),
        }
    }
    for (k, hp) in &head {
        if is_key(k) || base.iter().any(|(bk, _)| bk == k) {
            continue;
        }
        if is_required(hp) {
            changes.push(
                &checks::REQUEST_PARAMETER_ADDED_REQUIRED,
                format!("a required {} was added", label(hp)),
                None,
                Some(hp.node()),
            );
        } else {
            changes.push(
                &checks::REQUEST_PARAMETER_ADDED,
                format!("an optional {} was added", label(hp)),
                None,
                Some(hp.node()),
            );
        }
    }
}

/// `/users/{id}` → `/users/{userId}`: the same operation on the wire, reported once at the
/// path key.
fn renamed_path_parameters(b: &Operation<'_>, h: &Operation<'_>, changes: &mut Changes) {
    let (bn, hn) = (template_names(b.path), template_names(h.path));
    for (x, y) in bn.iter().zip(&hn) {
        if x != y {
            changes.push(
                &checks::PATH_PARAMETER_RENAMED,
                format!(
                    "path parameter '{x}' was renamed to '{y}' ({} → {})",
                    b.path, h.path
                ),
                Some(b.path_item.key),
                Some(h.path_item.key),
            );
        }
    }
}

/// The key schema's keywords the idempotency checks judge.
const KEY_KEYWORDS: &[&str] = &["pattern", "format", "maxLength", "minLength"];

/// Compares a matched parameter; `key_keywords` when it is the idempotency key, whose
/// requiredness and those schema keywords are judged by the idempotency checks.
fn parameter(
    bp: &Parameter<'_>,
    hp: &Parameter<'_>,
    h: &Operation<'_>,
    key_keywords: Option<&'static [&'static str]>,
    changes: &mut Changes,
) {
    // Written alike and self-contained: nothing about it can differ.
    if schema::written_alike(bp.node(), hp.node()) {
        return;
    }
    let what = label(hp);
    let requiredness = if key_keywords.is_some() {
        (false, false)
    } else {
        (is_required(bp), is_required(hp))
    };
    match requiredness {
        (false, true) => changes.push(
            &checks::REQUEST_PARAMETER_BECAME_REQUIRED,
            format!("the {what} became required"),
            bp.required().or(Some(bp.node())),
            hp.required(),
        ),
        (true, false) => changes.push(
            &checks::REQUEST_PARAMETER_BECAME_OPTIONAL,
            format!("the {what} became optional"),
            bp.required(),
            hp.required().or(Some(hp.node())),
        ),
        _ => {}
    }
    lifecycle::parameter(bp, hp, h, &what, changes);
    serialization(bp, hp, &what, changes);
    let (bs, hs) = (bp.schema(), hp.schema());
    // The default applies to clients that omit the parameter: a new one changes what they get.
    fn default<'w>(s: &Option<Resolved<'w>>, p: &Parameter<'w>) -> Option<Node<'w>> {
        s.as_ref()
            .and_then(|s| s.node.get("default"))
            .or(p.node().get("default"))
    }
    let (bd, hd) = (default(&bs, bp), default(&hs, hp));
    if schema::canonical(bd) != schema::canonical(hd) {
        let show =
            |n: Option<Node<'_>>| n.map_or("none".to_string(), |n| schema::canonical(Some(n)));
        changes.push(
            &checks::REQUEST_PARAMETER_DEFAULT_CHANGED,
            format!(
                "the {what} default changed from {} to {}: clients that omit it get another behaviour",
                show(bd),
                show(hd)
            ),
            bd.or(Some(bp.node())),
            hd.or(Some(hp.node())),
        );
    }
    if let (Some(bs), Some(hs)) = (bs, hs) {
        let skip = key_keywords.unwrap_or(&[]);
        schema::compare_except(bs.node, hs.node, Direction::Request, &what, skip, changes);
    }
}

/// `style`/`explode` (3.x) and `collectionFormat` (2.0) decide how a value is written on the
/// wire; each has a default that depends on `in`, so an absent key is read as that default.
fn serialization(bp: &Parameter<'_>, hp: &Parameter<'_>, what: &str, changes: &mut Changes) {
    fn style(p: &Parameter<'_>) -> (String, bool, String) {
        let location = p.location().unwrap_or_default();
        let default_style = match location {
            "query" | "cookie" => "form",
            _ => "simple",
        };
        let style = p
            .node()
            .get("style")
            .and_then(|s| s.as_str())
            .unwrap_or(default_style)
            .to_string();
        let explode = p
            .node()
            .get("explode")
            .and_then(|e| e.as_bool())
            .unwrap_or(style == "form");
        let format = p
            .node()
            .get("collectionFormat")
            .and_then(|c| c.as_str())
            .unwrap_or("csv")
            .to_string();
        (style, explode, format)
    }
    let (bs, hs) = (style(bp), style(hp));
    if bs != hs {
        fn node<'w>(p: &Parameter<'w>) -> Option<Node<'w>> {
            let n = p.node();
            n.get("style")
                .or(n.get("explode"))
                .or(n.get("collectionFormat"))
                .or(Some(n))
        }
        let only_2_0 = bs.0 == hs.0 && bs.1 == hs.1;
        let describe = |s: &(String, bool, String)| {
            if only_2_0 {
                format!("collectionFormat {}", s.2)
            } else {
                format!("style {}, explode {}", s.0, s.1)
            }
        };
        changes.push(
            &checks::REQUEST_PARAMETER_SERIALIZATION_CHANGED,
            format!(
                "the {what} serialization changed from {} to {}",
                describe(&bs),
                describe(&hs)
            ),
            node(bp),
            node(hp),
        );
    }
}
