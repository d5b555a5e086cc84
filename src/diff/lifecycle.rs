//! Lifecycle: deprecation, `x-sunset` dates and `x-stability-level`. Removing an operation
//! that was never deprecated breaks clients without warning; removing one whose announced
//! sunset has not come yet breaks the promise made to them; removing one after its sunset is
//! the plan working as intended.

use std::time::{SystemTime, UNIX_EPOCH};

use super::{Changes, Check, checks};
use crate::resolve::Node;
use crate::spec::{Document, Operation, Parameter};

const SUNSET: &str = "x-sunset";
const STABILITY: &str = "x-stability-level";

/// The notice a deprecation must give: the fewest days between the day of the diff and the
/// `x-sunset` of something newly deprecated (or whose sunset moved), by the stability of the
/// operation concerned. 0 enforces nothing, the default, as in oasdiff; set, an `x-sunset`
/// becomes mandatory for a new deprecation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SunsetPolicy {
    /// Operations marked `x-stability-level: stable` or not marked, and their parameters and
    /// the schemas they use.
    pub stable_days: u32,
    /// Operations marked `beta`.
    pub beta_days: u32,
}

impl SunsetPolicy {
    /// The notice required for something of `op`'s stability (schemas, shared between
    /// operations, take the stable notice).
    fn days(&self, op: Option<Node<'_>>) -> u32 {
        match op.and_then(stability) {
            Some((rank, _)) if rank == BETA => self.beta_days,
            Some((rank, _)) if rank < BETA => 0,
            _ => self.stable_days,
        }
    }
}

fn deprecated(node: Node<'_>) -> bool {
    node.get("deprecated").and_then(|d| d.as_bool()) == Some(true)
}

/// The date part of an `x-sunset` value (`2025-01-31` or an RFC 3339 date-time), if it is one.
pub fn sunset_date(text: &str) -> Option<&str> {
    let b = text.as_bytes();
    let digits = |r: std::ops::Range<usize>| r.into_iter().all(|i| b[i].is_ascii_digit());
    let well_formed = b.len() >= 10
        && digits(0..4)
        && b[4] == b'-'
        && digits(5..7)
        && b[7] == b'-'
        && digits(8..10)
        && (b.len() == 10 || matches!(b[10], b'T' | b't' | b' '));
    if !well_formed {
        return None;
    }
    // All ten bytes are ASCII, so these slices are on character boundaries.
    let month: u32 = text[5..7].parse().ok()?;
    let day: u32 = text[8..10].parse().ok()?;
    ((1..=12).contains(&month) && (1..=31).contains(&day)).then_some(&text[..10])
}

/// Today as `YYYY-MM-DD` (UTC), or `SPECGUARD_TODAY` when set, so that runs and tests can be
/// reproduced on any day.
pub fn today() -> String {
    if let Ok(fixed) = std::env::var("SPECGUARD_TODAY") {
        if sunset_date(&fixed).is_some() {
            return fixed[..10].to_string();
        }
    }
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    civil_date((secs / 86_400) as i64)
}

/// `date` (`YYYY-MM-DD`) plus `days`.
fn add_days(date: &str, days: u32) -> String {
    let field = |r: std::ops::Range<usize>| date.get(r).and_then(|t| t.parse::<i64>().ok());
    match (field(0..4), field(5..7), field(8..10)) {
        (Some(y), Some(m), Some(d)) => civil_date(days_from_civil(y, m, d) + i64::from(days)),
        _ => date.to_string(),
    }
}

/// A proleptic Gregorian date to days since 1970-01-01 (Howard Hinnant's algorithm).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y.rem_euclid(400);
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_date(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}

fn sunset(node: Node<'_>) -> Option<(Node<'_>, Option<&str>)> {
    let n = node.get(SUNSET)?;
    Some((n, n.scalar().and_then(sunset_date)))
}

/// Which check a removal of a deprecated thing falls under, by its sunset.
fn removal(
    node: Node<'_>,
    never_deprecated: &'static Check,
    before_sunset: &'static Check,
) -> (&'static Check, String) {
    if !deprecated(node) {
        return (never_deprecated, String::new());
    }
    match sunset(node) {
        Some((_, Some(date))) if date > today().as_str() => (
            before_sunset,
            format!(" before its announced sunset ({date})"),
        ),
        Some((_, Some(date))) => (
            &checks::OPERATION_REMOVED_AFTER_SUNSET,
            format!(" after its sunset ({date})"),
        ),
        Some((n, None)) => (
            &checks::SUNSET_INVALID,
            format!(
                " (it was deprecated with x-sunset '{}', which is not a date, so clients cannot have known when)",
                n.scalar().unwrap_or("?")
            ),
        ),
        None => (
            &checks::DEPRECATED_OPERATION_REMOVED,
            " (it was deprecated, with no x-sunset date)".to_string(),
        ),
    }
}

pub(super) fn operation_removed(b: &Operation<'_>) -> (&'static Check, String) {
    let (check, why) = removal(
        b.node,
        &checks::OPERATION_REMOVED,
        &checks::OPERATION_REMOVED_BEFORE_SUNSET,
    );
    (check, format!("{} was removed{why}", b.label()))
}

/// A removed parameter: `request-parameter-removed` unless it was deprecated with a sunset
/// still to come.
pub(super) fn parameter_removed(p: &Parameter<'_>) -> (&'static Check, String) {
    let node = p.node();
    match sunset(node).and_then(|(_, d)| d) {
        Some(date) if deprecated(node) && date > today().as_str() => (
            &checks::PARAMETER_REMOVED_BEFORE_SUNSET,
            format!(" before its announced sunset ({date})"),
        ),
        _ => (&checks::REQUEST_PARAMETER_REMOVED, String::new()),
    }
}

/// Deprecation, sunset and stability changes of a matched operation.
pub(super) fn operation(b: &Operation<'_>, h: &Operation<'_>, changes: &mut Changes) {
    // Deprecation, sunset and stability are the operation's own keys.
    if super::schema::same_text(b.node, h.node) {
        return;
    }
    let what = h.label();
    let days = changes.sunset.days(Some(h.node));
    deprecation(
        b.node,
        h.node,
        &what,
        &checks::OPERATION_DEPRECATED,
        days,
        changes,
    );
    if deprecated(b.node) && !deprecated(h.node) {
        changes.push(
            &checks::OPERATION_REACTIVATED,
            format!("{what} is no longer deprecated"),
            b.node.get("deprecated"),
            Some(h.method_key),
        );
    }
    stability_change(b.node, h.node, &what, changes);
}

/// `x-stability-level` lowered (a promise withdrawn), or set to a value that is not a level.
fn stability_change(b: Node<'_>, h: Node<'_>, what: &dyn std::fmt::Display, changes: &mut Changes) {
    fn written(n: Node<'_>) -> Option<&str> {
        n.get(STABILITY).and_then(|s| s.scalar())
    }
    if let Some(level) = written(h) {
        if stability(h).is_none() && written(b) != Some(level) {
            changes.push(
                &checks::STABILITY_INVALID,
                format!(
                    "{what}: x-stability-level '{level}' is not one of draft, alpha, beta, stable"
                ),
                b.get(STABILITY),
                h.get(STABILITY),
            );
        }
    }
    if let (Some((x, bl)), Some((y, hl))) = (stability(b), stability(h)) {
        if y < x {
            changes.push(
                &checks::STABILITY_DECREASED,
                format!("{what}: x-stability-level decreased from {bl} to {hl}"),
                b.get(STABILITY),
                h.get(STABILITY),
            );
        }
    }
}

/// Whether an operation is marked `draft` or `alpha`: still allowed to change, so what
/// changes in it alone does not break clients (oasdiff's default stability threshold).
pub(super) fn unstable(op: &Operation<'_>) -> Option<&'static str> {
    match stability(op.node) {
        Some((0, _)) => Some("draft"),
        Some((1, _)) => Some("alpha"),
        _ => None,
    }
}

/// The rank of `beta` in [`stability`].
const BETA: usize = 2;

/// `x-stability-level` and its rank (draft < alpha < beta < stable).
fn stability(n: Node<'_>) -> Option<(usize, &str)> {
    let level = n.get(STABILITY)?.as_str()?;
    let rank = ["draft", "alpha", "beta", "stable"]
        .iter()
        .position(|l| l.eq_ignore_ascii_case(level))?;
    Some((rank, level))
}

/// A parameter that became deprecated, under the notice its operation's stability asks.
pub(super) fn parameter(
    bp: &Parameter<'_>,
    hp: &Parameter<'_>,
    operation: &Operation<'_>,
    what: &str,
    changes: &mut Changes,
) {
    let days = changes.sunset.days(Some(operation.node));
    deprecation(
        bp.node(),
        hp.node(),
        &format!("the {what}"),
        &checks::PARAMETER_DEPRECATED,
        days,
        changes,
    );
}

/// A schema property that became deprecated or less stable.
pub(super) fn property(
    b: Node<'_>,
    h: Node<'_>,
    what: &dyn std::fmt::Display,
    changes: &mut Changes,
) {
    let days = changes.sunset.days(None);
    deprecation(b, h, what, &checks::PROPERTY_DEPRECATED, days, changes);
    stability_change(b, h, what, changes);
}

/// Newly deprecated (with or without a sunset), and, when both sides are deprecated, the
/// sunset removed, moved earlier or made unreadable. With a notice of `days` required, a new
/// or moved sunset must be at least that far from today, and a new deprecation must have one.
fn deprecation(
    b: Node<'_>,
    h: Node<'_>,
    what: &dyn std::fmt::Display,
    newly: &'static Check,
    days: u32,
    changes: &mut Changes,
) {
    let head_sunset = sunset(h);
    if let Some((n, None)) = head_sunset {
        if b.get(SUNSET).and_then(|s| s.scalar()) != n.scalar() {
            changes.push(
                &checks::SUNSET_INVALID,
                format!(
                    "{what}: x-sunset '{}' is not a date (YYYY-MM-DD or RFC 3339)",
                    n.scalar().unwrap_or("?")
                ),
                b.get(SUNSET),
                Some(n),
            );
        }
    }
    let earliest = (days > 0).then(|| add_days(&today(), days));
    let too_soon = |date: &str| earliest.as_deref().is_some_and(|e| date < e);
    let notice = |date: &str| {
        format!(
            "{what}: x-sunset {date} gives less notice than the {days} days required (the earliest allowed is {})",
            earliest.as_deref().unwrap_or("?")
        )
    };
    match (deprecated(b), deprecated(h)) {
        (false, true) => match head_sunset {
            Some((n, Some(date))) if too_soon(date) => {
                changes.push(&checks::SUNSET_TOO_SOON, notice(date), None, Some(n))
            }
            Some((n, Some(date))) => changes.push(
                newly,
                format!("{what} is now deprecated, with sunset {date}"),
                None,
                Some(n),
            ),
            Some((_, None)) => {}
            None => changes.push(
                &checks::DEPRECATED_WITHOUT_SUNSET,
                format!("{what} is now deprecated, without an x-sunset date"),
                None,
                h.get("deprecated"),
            ),
        },
        (true, true) => match (sunset(b), head_sunset) {
            (Some((bn, Some(x))), Some((hn, Some(y)))) if y < x => changes.push(
                &checks::SUNSET_SHORTENED,
                format!("{what}: x-sunset moved earlier, from {x} to {y}"),
                Some(bn),
                Some(hn),
            ),
            (Some((bn, Some(x))), Some((hn, Some(y)))) if y != x && too_soon(y) => {
                changes.push(&checks::SUNSET_TOO_SOON, notice(y), Some(bn), Some(hn))
            }
            (None, Some((hn, Some(y)))) if too_soon(y) => {
                changes.push(&checks::SUNSET_TOO_SOON, notice(y), None, Some(hn))
            }
            (Some((bn, Some(x))), None) => changes.push(
                &checks::SUNSET_REMOVED,
                format!("{what}: its x-sunset date ({x}) was removed"),
                Some(bn),
                h.get("deprecated"),
            ),
            _ => {}
        },
        _ => {}
    }
}

/// 3.1 `webhooks`, matched by name.
pub(super) fn webhooks(base: Document<'_>, head: Document<'_>, changes: &mut Changes) {
    fn names(d: Document<'_>) -> Vec<(String, Node<'_>)> {
        d.root
            .get_resolved("webhooks")
            .map(|w| {
                w.entries()
                    .filter_map(|(k, _)| Some((k.scalar()?.to_string(), k)))
                    .collect()
            })
            .unwrap_or_default()
    }
    let (bw, hw) = (names(base), names(head));
    for (name, key) in &bw {
        if !hw.iter().any(|(n, _)| n == name) {
            changes.push(
                &checks::WEBHOOK_REMOVED,
                format!("the webhook '{name}' was removed"),
                Some(*key),
                None,
            );
        }
    }
    for (name, key) in &hw {
        if !bw.iter().any(|(n, _)| n == name) {
            changes.push(
                &checks::WEBHOOK_ADDED,
                format!("the webhook '{name}' was added"),
                None,
                Some(*key),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{add_days, civil_date, days_from_civil, sunset_date};

    #[test]
    fn dates() {
        for days in [-800_000, -1, 0, 1, 11_016, 20_425, 2_932_896] {
            let date = civil_date(days);
            let (y, m, d) = (
                date[..date.len() - 6].parse().unwrap(),
                date[date.len() - 5..date.len() - 3].parse().unwrap(),
                date[date.len() - 2..].parse().unwrap(),
            );
            assert_eq!(days_from_civil(y, m, d), days, "{date}");
        }
        assert_eq!(add_days("2026-12-04", 180), "2027-06-02");
        assert_eq!(add_days("2024-02-28", 1), "2024-02-29");
        assert_eq!(add_days("2023-12-31", 1), "2024-01-01");
        assert_eq!(civil_date(0), "1970-01-01");
        assert_eq!(civil_date(20_425), "2025-12-03");
        assert_eq!(civil_date(11_016), "2000-02-29");
        assert_eq!(sunset_date("2025-01-31"), Some("2025-01-31"));
        assert_eq!(sunset_date("2025-01-31T00:00:00Z"), Some("2025-01-31"));
        assert_eq!(sunset_date("2025-13-01"), None);
        assert_eq!(sunset_date("next year"), None);
        assert_eq!(sunset_date("2025-1-1"), None);
        assert_eq!(sunset_date("2025-01-31x"), None);
        assert_eq!(sunset_date("20\u{e9}5-01-31"), None);
        assert_eq!(sunset_date("2025-0\u{e9}-31"), None);
    }
}
