//! The idempotency-aware checks no peer has (DIFF-CHECKS.md): a key removed or made required,
//! its pattern tightened (decided on automata, with a key BASE accepted and HEAD rejects), the
//! 409 and its headers removed or retyped, the status enum grown, the 422 removed, and the
//! key's lifetime (`x-idempotency-ttl`) shortened.

use super::{Changes, checks};
use crate::pattern::{Comparison, Method};
use crate::resolve::Node;
use crate::rules::idempotency::facts::OperationFacts;
use crate::rules::options::IdempotencyOptions;
use crate::spec::{Document, Operation, Schema};

const TTL: &str = "x-idempotency-ttl";

/// An ISO-8601 duration (`PT24H`, `P1DT12H`, `P2W`) in seconds; years and months count as 365
/// and 30 days.
pub fn duration_seconds(text: &str) -> Option<f64> {
    let rest = text.strip_prefix('P')?;
    let (date, time) = match rest.split_once('T') {
        Some((d, t)) => (d, Some(t)),
        None => (rest, None),
    };
    let mut total = 0.0;
    let mut read = |part: &str, units: &[(char, f64)]| -> Option<()> {
        let mut number = String::new();
        for c in part.chars() {
            if c.is_ascii_digit() || c == '.' || c == ',' {
                number.push(if c == ',' { '.' } else { c });
            } else {
                let (_, factor) = units.iter().find(|(u, _)| *u == c)?;
                total += number.parse::<f64>().ok()? * factor;
                number.clear();
            }
        }
        number.is_empty().then_some(())
    };
    read(
        date,
        &[
            ('Y', 365.0 * 86400.0),
            ('M', 30.0 * 86400.0),
            ('W', 7.0 * 86400.0),
            ('D', 86400.0),
        ],
    )?;
    if let Some(t) = time {
        read(t, &[('H', 3600.0), ('M', 60.0), ('S', 1.0)])?;
    }
    (text.len() > 1).then_some(total)
}

/// `x-idempotency-ttl` of `scope` (the document, or an operation) between base and head.
/// `affects` gives the operations that rely on it in base or in head, named at the end of
/// the message (empty for an operation's own setting).
fn ttl_change(
    b: Option<Node<'_>>,
    h: Option<Node<'_>>,
    scope: &str,
    affects: &dyn Fn(bool) -> String,
    changes: &mut Changes,
) {
    let seconds = |n: Option<Node<'_>>| n.and_then(|n| n.as_str()).and_then(duration_seconds);
    let text = |n: Node<'_>| n.scalar().unwrap_or("?").to_string();
    match (b, h) {
        (Some(bn), None) => changes.push(
            &checks::IDEMPOTENCY_TTL_REMOVED,
            format!(
                "x-idempotency-ttl ({}) was removed from {scope}: how long keys are remembered is no longer documented{}",
                text(bn),
                affects(false)
            ),
            Some(bn),
            None,
        ),
        (Some(bn), Some(hn)) => match (seconds(Some(bn)), seconds(Some(hn))) {
            (Some(x), Some(y)) if y < x => changes.push(
                &checks::IDEMPOTENCY_TTL_SHORTENED,
                format!(
                    "x-idempotency-ttl of {scope} shortened from {} to {}: a retry inside the old window now runs again{}",
                    text(bn),
                    text(hn),
                    affects(false)
                ),
                Some(bn),
                Some(hn),
            ),
            (Some(x), Some(y)) if y > x => changes.push(
                &checks::IDEMPOTENCY_TTL_LENGTHENED,
                format!(
                    "x-idempotency-ttl of {scope} lengthened from {} to {}{}",
                    text(bn),
                    text(hn),
                    affects(false)
                ),
                Some(bn),
                Some(hn),
            ),
            _ => {}
        },
        (None, Some(hn)) => changes.push(
            &checks::IDEMPOTENCY_TTL_ADDED,
            format!(
                "x-idempotency-ttl ({}) was added to {scope}: keys are remembered that long{}",
                text(hn),
                affects(true)
            ),
            None,
            Some(hn),
        ),
        (None, None) => {}
    }
}

/// Document-level settings, reported once where written, naming the operations they affect:
/// those in scope that do not set their own `x-idempotency-ttl` (in base for a removal or a
/// change, in head for an addition).
pub(crate) fn document(
    base: Document<'_>,
    head: Document<'_>,
    options: &IdempotencyOptions,
    names: &super::OperationNames,
    changes: &mut Changes,
) {
    let relying = |doc: Document<'_>| -> Vec<String> {
        doc.operations()
            .iter()
            .filter(|o| options.in_scope(o.method) && o.node.get(TTL).is_none())
            .map(|o| o.label())
            .collect()
    };
    let ranks = |labels: &[String]| -> Vec<super::Rank> {
        labels.iter().filter_map(|l| names.rank(l)).collect()
    };
    let (in_base, in_head) = (relying(base), relying(head));
    let affects = |in_head_doc: bool| {
        let ops = if in_head_doc { &in_head } else { &in_base };
        if ops.is_empty() {
            String::new()
        } else {
            format!(" ({})", super::affects_text(ops))
        }
    };
    let before = changes.out.len();
    ttl_change(
        base.root.get(TTL),
        head.root.get(TTL),
        "the document",
        &affects,
        changes,
    );
    for found in &mut changes.out[before..] {
        let change = &found.change;
        found.affects = if change.head.is_some() && change.base.is_none() {
            ranks(&in_head)
        } else {
            ranks(&in_base)
        };
    }
}

pub(crate) fn operation(
    b: &Operation<'_>,
    h: &Operation<'_>,
    bf: &OperationFacts<'_>,
    hf: &OperationFacts<'_>,
    options: &IdempotencyOptions,
    changes: &mut Changes,
) {
    let header = &options.header;
    ttl_change(
        b.node.get(TTL),
        h.node.get(TTL),
        "the operation",
        &|_| String::new(),
        changes,
    );
    match (&bf.key, &hf.key) {
        (Some(bk), None) => changes.push(
            &checks::IDEMPOTENCY_KEY_REMOVED,
            format!("the `{header}` header was removed: clients keep retrying and the server no longer deduplicates (double execution)"),
            Some(bk.node()),
            None,
        ),
        (None, Some(hk)) if hf.key_required() => changes.push(&checks::IDEMPOTENCY_KEY_ADDED_REQUIRED, format!("a required `{header}` header was added: clients that send none now get 400"), None, Some(hk.node())),
        (None, Some(hk)) => changes.push(&checks::IDEMPOTENCY_KEY_ADDED, format!("an optional `{header}` header was added"), None, Some(hk.node())),
        (Some(bk), Some(hk)) => {
            match (bf.key_required(), hf.key_required()) {
                (false, true) => changes.push(&checks::IDEMPOTENCY_KEY_BECAME_REQUIRED, format!("the `{header}` header became required: clients that send none now get 400"), Some(bk.node()), hk.required()),
                (true, false) => changes.push(&checks::IDEMPOTENCY_KEY_BECAME_OPTIONAL, format!("the `{header}` header became optional"), bk.required(), Some(hk.node())),
                _ => {}
            }
            if let (Some(bs), Some(hs)) = (bf.key_schema(), hf.key_schema()) {
                key_schema(bs.node, hs.node, header, changes);
            }
        }
        (None, None) => {}
    }
    let conflict = &options.conflict_status;
    match (&bf.conflict, &hf.conflict) {
        (Some(bc), None) if !hf.unknown.responses => changes.push(
            &checks::IDEMPOTENCY_CONFLICT_RESPONSE_REMOVED,
            format!(
                "the {conflict} response was removed: client retry-on-{conflict} logic misfires"
            ),
            Some(bc.key),
            None,
        ),
        (None, Some(hc)) if !bf.unknown.responses => changes.push(
            &checks::IDEMPOTENCY_CONFLICT_RESPONSE_ADDED,
            format!("a {conflict} response was added"),
            None,
            Some(hc.key),
        ),
        (Some(_), Some(_)) => conflict_headers(bf, hf, options, changes),
        _ => {}
    }
    let mismatch = &options.payload_mismatch_status;
    if b.response(mismatch).is_some() && h.response(mismatch).is_none() && !hf.unknown.responses {
        changes.push(
            &checks::IDEMPOTENCY_PAYLOAD_MISMATCH_REMOVED,
            format!("the {mismatch} response (key reused with a different payload) was removed: clients branch on it to stop retrying"),
            b.response(mismatch).map(|r| r.key),
            None,
        );
    }
}

/// The length of a UUID in its canonical text form.
const UUID_LENGTH: u64 = 36;

fn key_schema(b: Node<'_>, h: Node<'_>, header: &str, changes: &mut Changes) {
    let (bs, hs) = (Schema::new(b), Schema::new(h));
    let base_pattern = bs.pattern().and_then(|p| p.as_str().map(str::to_string));
    let head_pattern = hs.pattern().and_then(|p| p.as_str().map(str::to_string));
    match (&base_pattern, &head_pattern) {
        (Some(bp), Some(hp)) if bp != hp => {
            let (method, result) = changes.graph.borrow_mut().compare_patterns(hp, bp);
            let sampled = if method == Method::Sampled {
                " (sampled)"
            } else {
                ""
            };
            match result {
                Ok(Comparison::Stricter { b_not_a }) => changes.push(&checks::IDEMPOTENCY_KEY_PATTERN_TIGHTENED, format!("the `{header}` pattern was tightened: '{b_not_a}' was accepted and is now rejected{sampled}"), bs.pattern(), hs.pattern()),
                Ok(Comparison::Incomparable { a_not_b, b_not_a }) => changes.push(
                    &checks::IDEMPOTENCY_KEY_PATTERN_CHANGED,
                    format!("the `{header}` pattern changed incomparably: '{b_not_a}' was accepted and is now rejected ('{a_not_b}' is newly accepted){sampled}"),
                    bs.pattern(),
                    hs.pattern(),
                ),
                Ok(Comparison::Looser { a_not_b }) => changes.push(&checks::IDEMPOTENCY_KEY_PATTERN_LOOSENED, format!("the `{header}` pattern was loosened: '{a_not_b}' is now accepted{sampled}"), bs.pattern(), hs.pattern()),
                Ok(Comparison::Equal) => {}
                // Not decided is not "unchanged": say so, and let a person compare them.
                Err(why) => changes.push(
                    &checks::IDEMPOTENCY_KEY_PATTERN_CHANGED,
                    format!("the `{header}` pattern changed and the two could not be compared ({why}); check that every key accepted before is still accepted"),
                    bs.pattern(),
                    hs.pattern(),
                ),
            }
        }
        (None, Some(_)) => changes.push(
            &checks::IDEMPOTENCY_KEY_PATTERN_ADDED,
            format!("a pattern was added to the `{header}` schema: keys it rejects now get 400"),
            Some(b),
            hs.pattern(),
        ),
        _ => {}
    }
    // A base pattern that accepts only UUIDs already limits the key to UUIDs, 36 characters.
    let uuid_only = base_pattern.as_deref().is_some_and(|p| {
        let report = crate::pattern::analyze(p, crate::pattern::CANONICAL_UUID_PATTERN);
        report.invalid.is_none()
            && report.method == Method::Exact
            && report.accepts_non_uuid.is_none()
    });
    // `format: uuid` added narrows the key, unless the base pattern already allows only UUIDs.
    if bs.format() != Some("uuid") && hs.format() == Some("uuid") && !uuid_only {
        changes.push(&checks::IDEMPOTENCY_KEY_FORMAT_ADDED, format!("`format: uuid` was added to the `{header}` schema: keys that are not UUIDs now get 400"), Some(b), h.get("format"));
    }
    let number = |n: Node<'_>, k: &str| {
        n.get(k)
            .and_then(|v| v.scalar())
            .and_then(|v| v.parse::<u64>().ok())
    };
    // The lengths base accepted: 36 for a UUID-only pattern, else what the bounds say.
    let (min, max) = if uuid_only {
        (UUID_LENGTH, UUID_LENGTH)
    } else {
        (
            number(b, "minLength").unwrap_or(0),
            number(b, "maxLength").unwrap_or(u64::MAX),
        )
    };
    let narrowed = number(h, "maxLength")
        .is_some_and(|y| y < max && y < number(b, "maxLength").unwrap_or(u64::MAX))
        || number(h, "minLength")
            .is_some_and(|y| y > min && y > number(b, "minLength").unwrap_or(0));
    if narrowed {
        changes.push(&checks::IDEMPOTENCY_KEY_LENGTH_NARROWED, format!("the `{header}` length bounds were narrowed: keys that were accepted are now rejected"), Some(b), h.get("maxLength").or(h.get("minLength")));
    }
}

fn enum_node<'w>(h: &crate::spec::Header<'w>) -> Option<Node<'w>> {
    h.schema().and_then(|s| s.node.get("enum"))
}

fn retry_after_kind(schema: Option<Node<'_>>) -> Option<&'static str> {
    let s = Schema::new(schema?);
    match (s.types().as_slice(), s.format()) {
        (["integer"], _) | (["number"], _) => Some("seconds"),
        (["string"], Some("http-date" | "date-time")) => Some("date"),
        _ => None,
    }
}

fn conflict_headers(
    bf: &OperationFacts<'_>,
    hf: &OperationFacts<'_>,
    options: &IdempotencyOptions,
    changes: &mut Changes,
) {
    let conflict = &options.conflict_status;
    match (bf.known_conflict_header("Retry-After"), hf.conflict_header("Retry-After")) {
        (Some(bh), None) => changes.push(&checks::IDEMPOTENCY_RETRY_AFTER_REMOVED, format!("`Retry-After` was removed from the {conflict} response: clients fall back to their own backoff"), Some(bh.key), None),
        (Some(bh), Some(hh)) => {
            let (bk, hk) = (retry_after_kind(bh.schema().map(|s| s.node)), retry_after_kind(hh.schema().map(|s| s.node)));
            if let (Some(x), Some(y)) = (bk, hk) {
                if x != y {
                    changes.push(&checks::IDEMPOTENCY_RETRY_AFTER_TYPE_CHANGED, format!("`Retry-After` changed from {x} to {y}: clients parse it the old way"), bh.schema().map(|s| s.node), hh.schema().map(|s| s.node));
                }
            }
        }
        _ => {}
    }
    let name = &options.status_header;
    match (bf.known_conflict_header(name), hf.known_conflict_header(name)) {
        (Some(bh), None) if hf.conflict_header(name).is_none() => changes.push(&checks::IDEMPOTENCY_STATUS_HEADER_REMOVED, format!("`{name}` was removed from the {conflict} response: clients cannot tell a duplicate from an in-flight request"), Some(bh.key), None),
        (Some(bh), Some(hh)) => {
            let values = |h: &crate::spec::Header<'_>| -> Vec<String> {
                h.schema().and_then(|s| Schema::new(s.node).enum_values()).map(|e| e.items().filter_map(|i| i.scalar().map(str::to_string)).collect()).unwrap_or_default()
            };
            let (bv, hv) = (values(&bh), values(&hh));
            let added: Vec<&String> = hv.iter().filter(|v| !bv.contains(v)).collect();
            let removed: Vec<&String> = bv.iter().filter(|v| !hv.contains(v)).collect();
            let (base_enum, head_enum) = (enum_node(&bh), enum_node(&hh));
            if !added.is_empty() {
                let list: Vec<&str> = added.iter().map(|s| s.as_str()).collect();
                changes.push(&checks::IDEMPOTENCY_STATUS_VALUE_ADDED, format!("`{name}` may now be {}: exhaustive client switches meet an unknown value", list.join(", ")), base_enum, head_enum);
            }
            if !removed.is_empty() {
                let list: Vec<&str> = removed.iter().map(|s| s.as_str()).collect();
                changes.push(&checks::IDEMPOTENCY_STATUS_VALUE_REMOVED, format!("`{name}` is no longer {}", list.join(", ")), base_enum, head_enum);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::duration_seconds;

    #[test]
    fn iso_durations() {
        assert_eq!(duration_seconds("PT24H"), Some(86400.0));
        assert_eq!(duration_seconds("P1DT12H"), Some(129600.0));
        assert_eq!(duration_seconds("P2W"), Some(1209600.0));
        assert_eq!(duration_seconds("PT1M30S"), Some(90.0));
        assert_eq!(duration_seconds("PT0.5S"), Some(0.5));
        assert_eq!(duration_seconds("24h"), None);
        assert_eq!(duration_seconds("P"), None);
        assert_eq!(duration_seconds("PT5X"), None);
    }
}
