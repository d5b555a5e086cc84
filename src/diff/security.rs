//! Security: what an operation demands of a client. A requirement list is a set of
//! alternatives (OR), each a set of schemes (AND) with scopes; a client satisfied BASE through
//! one alternative and keeps working if HEAD accepts some alternative that asks for no more.

use std::collections::{BTreeMap, BTreeSet};

use super::{Changes, checks};
use crate::resolve::Node;
use crate::spec::{Document, Operation};

/// One alternative: scheme name → scopes.
type Alternative = BTreeMap<String, BTreeSet<String>>;

/// The operation's own `security`, else the document's, with the node it was read from.
fn effective<'w>(op: &Operation<'w>) -> (Vec<Alternative>, Option<Node<'w>>) {
    let node = op.node.get("security").or(op.doc.root.get("security"));
    let alternatives = node
        .map(|n| {
            n.resolve()
                .items()
                .map(|alt| {
                    alt.resolve()
                        .members()
                        .map(|(scheme, scopes)| {
                            let scopes = scopes
                                .resolve()
                                .items()
                                .filter_map(|s| s.scalar().map(str::to_string))
                                .collect();
                            (scheme.to_string(), scopes)
                        })
                        .collect()
                })
                .collect()
        })
        .unwrap_or_default();
    (alternatives, node)
}

/// No requirement, or an empty alternative (`- {}`), lets anonymous clients in.
fn anonymous(alternatives: &[Alternative]) -> bool {
    alternatives.is_empty() || alternatives.iter().any(|a| a.is_empty())
}

/// Whether a client holding `held` meets `asked`.
fn satisfies(held: &Alternative, asked: &Alternative) -> bool {
    asked
        .iter()
        .all(|(scheme, scopes)| held.get(scheme).is_some_and(|have| scopes.is_subset(have)))
}

fn describe(a: &Alternative) -> String {
    a.iter()
        .map(|(scheme, scopes)| {
            if scopes.is_empty() {
                scheme.clone()
            } else {
                let list: Vec<&str> = scopes.iter().map(String::as_str).collect();
                format!("{scheme} [{}]", list.join(", "))
            }
        })
        .collect::<Vec<_>>()
        .join(" + ")
}

pub(super) fn operation(b: &Operation<'_>, h: &Operation<'_>, changes: &mut Changes) {
    let ((ba, bn), (ha, hn)) = (effective(b), effective(h));
    let (bn, hn) = (bn.or(Some(b.method_key)), hn.or(Some(h.method_key)));
    match (anonymous(&ba), anonymous(&ha)) {
        (true, false) => {
            let list: Vec<String> = ha.iter().map(describe).collect();
            changes.push(
                &checks::SECURITY_ADDED,
                format!(
                    "the operation needed no credentials and now requires {}",
                    list.join(" or ")
                ),
                bn,
                hn,
            );
            return;
        }
        (false, true) => {
            changes.push(
                &checks::SECURITY_REMOVED,
                "the operation no longer requires credentials".into(),
                bn,
                hn,
            );
            return;
        }
        (true, true) => return,
        (false, false) => {}
    }
    for held in &ba {
        if ha.iter().any(|asked| satisfies(held, asked)) {
            continue;
        }
        let same_schemes = ha.iter().find(|asked| asked.keys().eq(held.keys()));
        match same_schemes {
            Some(asked) => {
                let extra: Vec<String> = asked
                    .iter()
                    .flat_map(|(scheme, scopes)| {
                        scopes
                            .difference(&held[scheme])
                            .map(move |s| format!("{scheme}:{s}"))
                    })
                    .collect();
                changes.push(
                    &checks::SECURITY_SCOPE_ADDED,
                    format!(
                        "clients authenticated with {} now also need scope(s) {}",
                        describe(held),
                        extra.join(", ")
                    ),
                    bn,
                    hn,
                );
            }
            None => changes.push(
                &checks::SECURITY_REQUIREMENT_REMOVED,
                format!(
                    "clients authenticated with {} are no longer accepted",
                    describe(held)
                ),
                bn,
                hn,
            ),
        }
    }
    for asked in &ha {
        if ba.iter().any(|held| held == asked) {
            continue;
        }
        match ba.iter().find(|held| held.keys().eq(asked.keys())) {
            Some(held) if satisfies(held, asked) => changes.push(
                &checks::SECURITY_SCOPE_REMOVED,
                format!("{} now suffices (was {})", describe(asked), describe(held)),
                bn,
                hn,
            ),
            Some(_) => {}
            None => changes.push(
                &checks::SECURITY_REQUIREMENT_ADDED,
                format!("clients may now also authenticate with {}", describe(asked)),
                bn,
                hn,
            ),
        }
    }
}

/// The scheme definitions: 3.x `components.securitySchemes`, 2.0 `securityDefinitions`.
fn scheme_map(doc: Document<'_>) -> Vec<(String, Node<'_>)> {
    let map = doc
        .root
        .get_resolved("components")
        .and_then(|c| c.get_resolved("securitySchemes"))
        .or(doc.root.get_resolved("securityDefinitions"));
    map.map(|m| {
        m.entries()
            .filter_map(|(k, v)| Some((k.scalar()?.to_string(), v.resolve())))
            .collect()
    })
    .unwrap_or_default()
}

/// A scheme kept under the same name but sending credentials differently (another type,
/// header name, HTTP scheme or OAuth2 flow) breaks every client that used it. Reported once,
/// where the scheme is defined.
pub(super) fn schemes(base: Document<'_>, head: Document<'_>, changes: &mut Changes) {
    let head_schemes = scheme_map(head);
    for (name, b) in scheme_map(base) {
        let Some((_, h)) = head_schemes.iter().find(|(n, _)| *n == name) else {
            continue;
        };
        for key in ["type", "in", "name", "scheme", "openIdConnectUrl", "flow"] {
            let value = |n: Node<'_>| n.get(key).and_then(|v| v.scalar().map(str::to_string));
            let (x, y) = (value(b), value(*h));
            let same = match key {
                // HTTP auth scheme names and header names are case-insensitive.
                "scheme" | "name" => {
                    x.as_deref().map(str::to_ascii_lowercase)
                        == y.as_deref().map(str::to_ascii_lowercase)
                }
                _ => x == y,
            };
            if !same {
                changes.push(
                    &checks::SECURITY_SCHEME_CHANGED,
                    format!(
                        "security scheme '{name}': {key} changed from {} to {}",
                        x.as_deref().unwrap_or("none"),
                        y.as_deref().unwrap_or("none")
                    ),
                    b.get(key).or(Some(b)),
                    h.get(key).or(Some(*h)),
                );
            }
        }
        let flows = |n: Node<'_>| -> BTreeSet<String> {
            n.get_resolved("flows")
                .map(|f| f.members().map(|(k, _)| k.to_string()).collect())
                .unwrap_or_default()
        };
        let (bf, hf) = (flows(b), flows(*h));
        let lost: Vec<&String> = bf.difference(&hf).collect();
        if !lost.is_empty() {
            let list: Vec<&str> = lost.iter().map(|s| s.as_str()).collect();
            changes.push(
                &checks::SECURITY_SCHEME_CHANGED,
                format!(
                    "security scheme '{name}': OAuth2 flow(s) {} removed",
                    list.join(", ")
                ),
                b.get("flows"),
                h.get("flows").or(Some(*h)),
            );
        }
    }
}
