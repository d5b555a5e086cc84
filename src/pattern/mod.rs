//! Exact analysis of an `Idempotency-Key` schema `pattern` (the pattern rules of
//! `IDEMPOTENCY-RULES.md`).
//!
//! OpenAPI / JSON Schema `pattern` is an ECMA-262 regular expression used as a *search*: a string
//! is valid when the pattern matches somewhere in it. So the language of a pattern `P` is the set
//! of strings matched by `.*(?:P).*` as a whole, where the outer `.*` accept anything (including
//! line terminators) while a `.` inside `P` keeps its ECMA meaning. Patterns have no flags; they
//! are read in ECMA's non-Unicode mode with the Annex B grammar (so `a{,3}` is a literal), which is
//! what `new RegExp(pattern)` and most validators do.
//!
//! # How
//! 1. `regress` (an ECMA-262 engine) compiles the pattern: its error is [`PatternReport::invalid`].
//! 2. `ecma` parses it into a syntax tree, mirroring regress's parser; every ECMA-vs-`regex-syntax`
//!    difference is decided there (see its docs and the tests).
//! 3. `automaton` lowers the trees of the pattern and of the reference languages (lowercase v4
//!    UUID, any-case syntactic UUID, the canonical pattern) to byte DFAs over a shared alphabet (one
//!    byte per character, see its docs) and decides inclusion by a breadth-first product walk,
//!    which yields a *shortest* counterexample, the smallest in the `rank` order among equals.
//! 4. Every exact result is cross-checked against regress on a slice of the sample plus the
//!    counterexamples themselves; a disagreement (a translation bug) falls back to sampling.
//! 5. What the automaton engine cannot express (look-around, back-references, `(?i:...)`,
//!    multiline anchors) or what exceeds a size limit is checked on a fixed seeded sample with
//!    regress instead (`sample`), and [`Method::Sampled`] says so, with the reason in
//!    [`PatternReport::note`].
//!
//! Counterexamples are real strings: they hold a space, a control or a non-ASCII character only
//! when no string of the same length without one would do. [`escape_example`] renders them for a
//! message.
//!
//! # Limitations
//! - Where regress departs from ECMA-262 we follow regress (it decides validity and runs the
//!   sample): `\u{41}` is `A` (JS without the `u` flag reads 41 `u`s), a quantifier after `\b` is
//!   accepted, and a string is a sequence of code points, so an astral character such as U+1F600
//!   is one character for `.` (JS without `u` sees two UTF-16 code units).
//! - Sampled answers are only as good as the sample: "rejects none" / "accepts no non-UUID" /
//!   `Equal` then mean "none found among the sample" (UUIDs and near-UUIDs), not "none exists".
//! - The ECMA engine backtracks; a pattern that backtracks catastrophically on the short sample
//!   strings is abandoned after 5 s (1 s for the cross-check of an exact result, which is then
//!   kept), and the abandoned worker thread runs on until regress returns or the process exits.
//! - A pattern whose non-ASCII character sets split the code points into more than 128 blocks,
//!   a counted repetition above 10 000, or an automaton above the size limits is sampled.

mod automaton;
mod ecma;
pub mod isolated;
mod order;
pub(crate) use order::rank;
#[cfg(test)]
pub(crate) use order::string_key;
mod sample;
#[cfg(test)]
mod sample_gen;

#[cfg(test)]
mod tests;

use automaton::{Alphabet, Lang, shortest_difference};

/// The seed's canonical pattern: lowercase v1-v5 UUIDs.
pub const CANONICAL_UUID_PATTERN: &str =
    "^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$";

/// What `crypto.randomUUID()` produces: a lowercase v4 UUID.
const LOWER_V4_PATTERN: &str =
    "^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$";

/// Any syntactic UUID: 8-4-4-4-12 hex digits, any case, any version.
const SYNTACTIC_UUID_PATTERN: &str =
    "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";

/// How a result was obtained.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// Decided on automata: every answer and counterexample holds for all strings.
    Exact,
    /// The automaton engine cannot express the pattern (look-around, back-reference, `(?i:...)`),
    /// or a size limit stopped it: checked on a fixed, seeded sample with an ECMA-262 engine
    /// (`regress`). A "no difference" answer then only means none was found in the sample, so a
    /// message should say the result was sampled.
    Sampled,
}

/// The language of A relative to B.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Comparison {
    /// Same language.
    Equal,
    /// A ⊂ B: an example B accepts and A rejects.
    Stricter { b_not_a: String },
    /// A ⊃ B: an example A accepts and B rejects.
    Looser { a_not_b: String },
    /// Neither contains the other: one example each way.
    Incomparable { a_not_b: String, b_not_a: String },
}

impl Comparison {
    fn from_differences(a_not_b: Option<String>, b_not_a: Option<String>) -> Comparison {
        match (a_not_b, b_not_a) {
            (None, None) => Comparison::Equal,
            (None, Some(b_not_a)) => Comparison::Stricter { b_not_a },
            (Some(a_not_b), None) => Comparison::Looser { a_not_b },
            (Some(a_not_b), Some(b_not_a)) => Comparison::Incomparable { a_not_b, b_not_a },
        }
    }
}

/// Everything the pattern rules need to know about one `pattern`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatternReport {
    pub method: Method,
    /// ECMA-262 compile error (message), when the pattern is not a valid ECMA regex. When set,
    /// nothing else is computed (fields None/false, `vs_canonical` Equal): the rules stop at
    /// `idempotency-key-pattern-invalid`.
    pub invalid: Option<String>,
    /// The pattern is anchored at both ends: every top-level alternative starts with `^` and ends
    /// with `$` (so it cannot match as a substring). `^a|b$` is NOT anchored; `^(?:a|b)$` is.
    /// Decided on the syntax, also when sampled.
    pub anchored: bool,
    /// A lowercase v4 UUID (what `crypto.randomUUID()` produces:
    /// `xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx`, lowercase hex) that the pattern rejects; the
    /// smallest such (all have length 36; lexicographic with '0' < ... < '9' < 'a' < ...), or None
    /// if it accepts them all.
    pub rejects_random_uuid: Option<String>,
    /// The shortest string the pattern accepts that is NOT a syntactic UUID (8-4-4-4-12 hex
    /// digits, any case); None if none. Among equal lengths, the smallest in `rank` order
    /// (digits, lowercase, uppercase, '-', other printable ASCII, space, control characters,
    /// non-ASCII). An unanchored pattern typically yields the canonical UUID with one extra char.
    pub accepts_non_uuid: Option<String>,
    /// The pattern's language compared with the canonical pattern's (A = this pattern,
    /// B = canonical); counterexamples are shortest, then smallest.
    pub vs_canonical: Comparison,
    /// Why `method` is `Sampled`: the construct or limit that kept the automaton engine out, as a
    /// clause for the finding's message ("the pattern uses a look-ahead", "exact analysis stopped
    /// at the automaton size limit (...)"); it also says when the ECMA engine did not finish the
    /// sample in time (then nothing was found, for lack of checking). None when exact.
    pub note: Option<String>,
    /// The ECMA engine did not finish the sample in time: nothing above was checked, and the
    /// rules must say so rather than report a clean pattern.
    pub unchecked: bool,
}

/// Analyses a schema `pattern` for the pattern rules; `canonical` is the configured canonical
/// pattern (if it is itself not a valid ECMA regex, [`CANONICAL_UUID_PATTERN`] is used instead;
/// the configuration layer should reject it with [`validate`] first).
pub fn analyze(pattern: &str, canonical: &str) -> PatternReport {
    if let Err(e) = validate(pattern) {
        return PatternReport {
            method: Method::Exact,
            invalid: Some(e),
            anchored: false,
            rejects_random_uuid: None,
            accepts_non_uuid: None,
            vs_canonical: Comparison::Equal,
            note: None,
            unchecked: false,
        };
    }
    let canonical = if validate(canonical).is_ok() {
        canonical
    } else {
        CANONICAL_UUID_PATTERN
    };
    let anchored = ecma::parse(pattern).is_ok_and(|p| ecma::is_anchored(&p.root));
    match analyze_exact(pattern, canonical) {
        Ok(report) => PatternReport { anchored, ..report },
        Err(why) => analyze_sampled(pattern, canonical, anchored, why),
    }
}

/// For the differ: compare two patterns' languages (A = head, B = base), exactly when possible.
/// `Err` carries the ECMA-262 compile error of an invalid pattern (prefixed `A:` or `B:`), or says
/// that the sampled check timed out.
pub fn compare(a: &str, b: &str) -> (Method, Result<Comparison, String>) {
    if let Err(e) = validate(a) {
        return (Method::Exact, Err(format!("A: {e}")));
    }
    if let Err(e) = validate(b) {
        return (Method::Exact, Err(format!("B: {e}")));
    }
    let exact = (|| {
        let ex = Exact::build(&[("A", a), ("B", b)])?;
        let a_not_b = shortest_difference(&ex.langs[0], &ex.langs[1], &ex.alpha)?;
        let b_not_a = shortest_difference(&ex.langs[1], &ex.langs[0], &ex.alpha)?;
        let found: Vec<String> = a_not_b.iter().chain(&b_not_a).cloned().collect();
        ex.cross_check(&[a, b], found)?;
        Ok::<_, String>(Comparison::from_differences(a_not_b, b_not_a))
    })();
    match exact {
        Ok(c) => (Method::Exact, Ok(c)),
        Err(_) => {
            let patterns = vec![a.to_string(), b.to_string()];
            let strings = sample::sample();
            match isolated::matches_within(patterns, owned(strings), sample::DEADLINE) {
                Some(m) => {
                    let first = |f: &dyn Fn(usize) -> bool| {
                        (0..strings.len())
                            .find(|&i| f(i))
                            .map(|i| strings[i].to_string())
                    };
                    let a_not_b = first(&|i| m[0][i] && !m[1][i]);
                    let b_not_a = first(&|i| m[1][i] && !m[0][i]);
                    (
                        Method::Sampled,
                        Ok(Comparison::from_differences(a_not_b, b_not_a)),
                    )
                }
                None => (
                    Method::Sampled,
                    Err(format!(
                        "the ECMA engine did not finish the sample within {} s",
                        sample::DEADLINE.as_secs()
                    )),
                ),
            }
        }
    }
}

/// Whether `pattern` compiles as an ECMA-262 regular expression (no flags); the error message
/// otherwise.
pub fn validate(pattern: &str) -> Result<(), String> {
    regress::Regex::new(pattern).map(|_| ()).map_err(|e| e.text)
}

/// Renders a counterexample for a message: printable ASCII as is, everything else (and `\`)
/// escaped (`\n`, `\t`, `\u{2028}`, ...), so invisible or ambiguous characters show.
pub fn escape_example(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            ' '..='~' => out.push(c),
            _ => out.push_str(&format!("\\u{{{:04x}}}", c as u32)),
        }
    }
    out
}

/// The sample's strings as the matching process takes them.
fn owned(strings: &[&str]) -> Vec<String> {
    strings.iter().map(|s| s.to_string()).collect()
}

/// The automata of several patterns over one shared alphabet.
struct Exact {
    alpha: Alphabet,
    langs: Vec<Lang>,
}

impl Exact {
    /// `patterns` are `(label, pattern)`, valid ECMA; the label names the pattern in a fallback
    /// note.
    fn build(patterns: &[(&str, &str)]) -> Result<Exact, String> {
        let mut trees = Vec::new();
        for &(label, p) in patterns {
            let parsed =
                ecma::parse(p).map_err(|e| format!("{label} could not be parsed exactly ({e})"))?;
            if let Some(what) = parsed.features.blocker() {
                return Err(format!("{label} uses a {what}"));
            }
            trees.push(parsed.root);
        }
        let refs: Vec<&ecma::Node> = trees.iter().collect();
        let alpha = Alphabet::new(&refs)?;
        let langs = trees
            .iter()
            .map(|t| Lang::build(t, &alpha))
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| format!("exact analysis stopped at {e}"))?;
        Ok(Exact { alpha, langs })
    }

    /// Checks the automata of the first `patterns.len()` languages against regress on a slice of
    /// the sample plus `extra` strings (the counterexamples). A time-out passes (the automata are
    /// trusted); a disagreement is an error.
    fn cross_check(&self, patterns: &[&str], extra: Vec<String>) -> Result<(), String> {
        let mut probes: Vec<String> = sample::sample()
            .iter()
            .step_by(32)
            .map(|s| s.to_string())
            .collect();
        probes.extend(extra);
        let expected: Vec<Vec<bool>> = self.langs[..patterns.len()]
            .iter()
            .map(|l| probes.iter().map(|s| l.accepts(&self.alpha, s)).collect())
            .collect();
        let owned: Vec<String> = patterns.iter().map(|p| p.to_string()).collect();
        let Some(actual) = isolated::matches_within(owned, probes.clone(), sample::CHECK_DEADLINE)
        else {
            return Ok(());
        };
        for (k, (exp, act)) in expected.iter().zip(&actual).enumerate() {
            if let Some(i) = (0..probes.len()).find(|&i| exp[i] != act[i]) {
                return Err(format!(
                    "internal: the exact translation of {:?} disagreed with the ECMA engine on {:?}",
                    patterns[k],
                    escape_example(&probes[i])
                ));
            }
        }
        Ok(())
    }
}

fn analyze_exact(pattern: &str, canonical: &str) -> Result<PatternReport, String> {
    let ex = Exact::build(&[
        ("the pattern", pattern),
        ("the canonical pattern", canonical),
        ("the v4 reference", LOWER_V4_PATTERN),
        ("the UUID reference", SYNTACTIC_UUID_PATTERN),
    ])?;
    let [p, c, v4, syn] = &ex.langs[..] else {
        return Err("internal: wrong number of automata".into());
    };
    let diff = |a, b| {
        shortest_difference(a, b, &ex.alpha).map_err(|e| format!("exact analysis stopped at {e}"))
    };
    let rejects_random_uuid = diff(v4, p)?;
    let accepts_non_uuid = diff(p, syn)?;
    let a_not_b = diff(p, c)?;
    let b_not_a = diff(c, p)?;
    let found: Vec<String> = [&rejects_random_uuid, &accepts_non_uuid, &a_not_b, &b_not_a]
        .into_iter()
        .flatten()
        .cloned()
        .collect();
    ex.cross_check(&[pattern, canonical], found)?;
    Ok(PatternReport {
        method: Method::Exact,
        invalid: None,
        anchored: false,
        rejects_random_uuid,
        accepts_non_uuid,
        vs_canonical: Comparison::from_differences(a_not_b, b_not_a),
        note: None,
        unchecked: false,
    })
}

fn analyze_sampled(pattern: &str, canonical: &str, anchored: bool, why: String) -> PatternReport {
    let patterns = vec![pattern.to_string(), canonical.to_string()];
    let strings = sample::sample();
    let Some(m) = isolated::matches_within(patterns, owned(strings), sample::DEADLINE) else {
        return PatternReport {
            method: Method::Sampled,
            invalid: None,
            anchored,
            rejects_random_uuid: None,
            accepts_non_uuid: None,
            vs_canonical: Comparison::Equal,
            note: Some(format!(
                "{why}, so only a backtracking ECMA-262 engine can match it, and that engine did not finish a fixed sample of keys within {} s and {} MiB (catastrophic backtracking, which stalls a server validating keys with it too; or {} patterns had already timed out in this run)",
                sample::DEADLINE.as_secs(),
                isolated::MEMORY_LIMIT >> 20,
                isolated::MAX_TIME_OUTS
            )),
            unchecked: true,
        };
    };
    let (p, c) = (&m[0], &m[1]);
    let first = |f: &dyn Fn(usize) -> bool| {
        (0..strings.len())
            .find(|&i| f(i))
            .map(|i| strings[i].to_string())
    };
    PatternReport {
        method: Method::Sampled,
        invalid: None,
        anchored,
        rejects_random_uuid: first(&|i| !p[i] && sample::is_lower_v4(strings[i])),
        accepts_non_uuid: first(&|i| p[i] && !sample::is_syntactic_uuid(strings[i])),
        vs_canonical: Comparison::from_differences(
            first(&|i| p[i] && !c[i]),
            first(&|i| c[i] && !p[i]),
        ),
        note: Some(why),
        unchecked: false,
    }
}
