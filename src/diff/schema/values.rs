//! Values written in a spec, compared and shown: canonical text of defaults and constants,
//! numbers read by value, whether two nodes are written alike or are the same value through
//! `$ref`s, and the names messages give schemas reached through a ref.

use super::*;

/// How a schema reached through a `$ref` is named in messages: the component name
/// (`#/components/schemas/Pet`, 2.0 `#/definitions/Pet`), else the file and pointer.
pub(super) fn schema_name(node: Node<'_>) -> String {
    // Every schema pair compared through a ref is named: a component's name is read off the
    // keys it is written under, and the pointer is built only for other schemas.
    match trailing_keys(node).as_deref() {
        Some(["components", "schemas", name] | ["definitions", name]) => {
            return format!("schema '{name}'");
        }
        Some([]) => return format!("schema '{}'", node.file().source.name),
        _ => {}
    }
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

/// The keys a node is written under, root first (its pointer's tokens), when there are at
/// most three and none is a sequence index.
fn trailing_keys<'w>(node: Node<'w>) -> Option<Vec<&'w str>> {
    let mut keys = Vec::with_capacity(3);
    let mut current = node;
    while let Some(parent) = current.parent() {
        if keys.len() == 3 {
            return None;
        }
        keys.push(current.key_text()?);
        current = parent;
    }
    keys.reverse();
    Some(keys)
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
pub(super) fn number_text(n: Node<'_>) -> Option<String> {
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
pub(super) fn holds_ref(text: &str) -> bool {
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
pub(super) fn same_value(b: Node<'_>, h: Node<'_>) -> bool {
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
pub(super) const SAME_VALUE_BUDGET: usize = 1_000_000;
