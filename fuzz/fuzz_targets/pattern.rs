//! An arbitrary string as the `Idempotency-Key` schema `pattern`: validated, analysed against
//! the canonical pattern (as the pattern rules call it), compared with the canonical pattern
//! both ways and with itself.
//!
//! Invariants: `analyze` calls a pattern invalid exactly when `validate` does, and
//! `compare(p, p)` never says a valid pattern differs from itself (a sampled comparison may
//! time out, and says so; that is not a difference).
//!
//! Mind the clock: coverage instrumentation makes regex-automata's determinization about ten
//! times slower than in a release build, and a catastrophic pattern leaves up to two regress
//! workers spinning for the rest of the process (by design, see `pattern::sample`), so check a
//! time-out against `target/release/specguard` before calling it a hang.
#![no_main]

use libfuzzer_sys::fuzz_target;
use specguard::pattern::{Comparison, analyze, compare, escape_example, validate};
use specguard::rules::options::IdempotencyOptions;

fuzz_target!(|data: &[u8]| {
    let Ok(p) = std::str::from_utf8(data) else {
        return;
    };
    let canonical = IdempotencyOptions::default().canonical_pattern;
    let valid = validate(p).is_ok();
    let report = analyze(p, &canonical);
    assert_eq!(report.invalid.is_some(), !valid, "{p:?}: {report:?}");
    for example in [&report.rejects_random_uuid, &report.accepts_non_uuid]
        .into_iter()
        .flatten()
    {
        let _ = escape_example(example);
    }
    // As the differ calls it (A = head, B = base); the mirror call (canonical, p) builds the
    // same two automata and added only time.
    let _ = compare(p, &canonical);
    let (method, itself) = compare(p, p);
    match itself {
        Ok(Comparison::Equal) => assert!(valid, "{p:?} is invalid yet compares"),
        Ok(other) => panic!("compare(p, p) says {p:?} differs from itself ({method:?}): {other:?}"),
        Err(e) => assert!(
            !valid || e.contains("did not finish"),
            "compare(p, p) failed on the valid {p:?}: {e}"
        ),
    }
});
