//! Exact languages: ECMA syntax trees lowered to byte DFAs (`regex-automata`, Unicode off), and a
//! product walk that decides inclusion and returns a shortest counterexample.
//!
//! # The alphabet
//! A DFA runs over bytes, but an ECMA pattern matches characters. Rather than UTF-8 (where one
//! negated class like `[^a]` would have to match a multi-byte sequence, and a shortest
//! counterexample could come out as invalid UTF-8), every character is mapped to exactly one byte
//! ("symbol"):
//! - an ASCII character is its own byte (`0x00..=0x7F`), so ASCII classes, `\b` (ASCII word
//!   boundary, as ECMA's non-Unicode `\b`) and anchors keep their meaning;
//! - the non-ASCII code points are split into the coarsest partition that every character set of
//!   the patterns involved respects (for example "U+2028/U+2029", "U+00A0 and the other `\s`
//!   spaces", "everything else"), and each block becomes one byte `0x80 + k`.
//!
//! A string then belongs to a pattern's language exactly when its symbol string belongs to the
//! DFA's language, because every character set is a union of blocks. At most 128 blocks fit; a
//! pattern needing more falls back to sampling. A counterexample maps a block back to one
//! representative character (the smallest printable one in it), so it is a real counterexample.
//! Surrogate code points are not characters of a Rust string and belong to no block (regress, on a
//! `&str`, cannot match them either).

use std::collections::{HashMap, HashSet};

use regex_automata::dfa::{Automaton, StartKind, dense};
use regex_automata::nfa::thompson;
use regex_automata::util::primitives::StateID;
use regex_automata::{Anchored, Input, MatchKind};
use regex_syntax::hir::{Class, ClassBytes, ClassBytesRange, Hir, Look, Repetition};

use super::ecma::{CharSet, MAX_CP, Node};
use super::rank;

/// Thompson NFA size limit (bytes of heap): `a{1000}{1000}` stops here.
const NFA_SIZE_LIMIT: usize = 8 << 20;
/// Dense DFA size limits (bytes): `(a|b)*a(a|b){20}` stops here.
const DFA_SIZE_LIMIT: usize = 4 << 20;
const DETERMINIZE_SIZE_LIMIT: usize = 4 << 20;
/// Counted repetitions above this are not expanded (the NFA would hit its limit anyway).
const MAX_REPEAT: usize = 10_000;
/// Product states a single inclusion walk may visit.
const MAX_PRODUCT_STATES: usize = 1_000_000;
/// Non-ASCII blocks that fit in `0x80..=0xFF`.
const MAX_BLOCKS: usize = 128;

/// Why the exact engine gave up (the caller then samples).
pub(crate) type Fallback = String;

/// The shared alphabet of one comparison (see the module docs).
pub(crate) struct Alphabet {
    /// Elementary non-ASCII intervals `(lo, hi, block)`, sorted, covering every non-surrogate code
    /// point from U+0080 to U+10FFFF.
    intervals: Vec<(u32, u32, u8)>,
    /// Representative character of each block.
    reps: Vec<char>,
    /// Every symbol in use, in the preferred order for counterexamples.
    order: Vec<u8>,
}

impl Alphabet {
    /// The coarsest partition respected by every character set in `trees`.
    pub(crate) fn new(trees: &[&Node]) -> Result<Alphabet, Fallback> {
        let mut sets: Vec<&CharSet> = Vec::new();
        for t in trees {
            collect_sets(t, &mut sets);
        }
        sets.sort_by(|a, b| a.ranges().cmp(b.ranges()));
        sets.dedup();
        let mut bounds: Vec<u32> = vec![0x80, 0xD800, 0xE000, MAX_CP + 1];
        for s in &sets {
            for &(lo, hi) in s.ranges() {
                if hi >= 0x80 {
                    bounds.push(lo.max(0x80));
                    bounds.push(hi + 1);
                }
            }
        }
        bounds.sort_unstable();
        bounds.dedup();
        let mut by_signature: HashMap<Vec<bool>, u8> = HashMap::new();
        let mut intervals = Vec::new();
        for w in bounds.windows(2) {
            let (lo, hi) = (w[0], w[1] - 1);
            if (0xD800..=0xDFFF).contains(&lo) {
                continue;
            }
            let signature: Vec<bool> = sets.iter().map(|s| s.contains(lo)).collect();
            let next = by_signature.len();
            let block = match by_signature.get(&signature) {
                Some(&b) => b,
                None => {
                    if next >= MAX_BLOCKS {
                        return Err(format!(
                            "exact analysis stopped at more than {MAX_BLOCKS} distinct sets of non-ASCII characters"
                        ));
                    }
                    by_signature.insert(signature, next as u8);
                    next as u8
                }
            };
            intervals.push((lo, hi, block));
        }
        let mut reps: Vec<Option<char>> = vec![None; by_signature.len()];
        let mut fallback: Vec<Option<char>> = vec![None; by_signature.len()];
        for &(lo, hi, b) in &intervals {
            let b = b as usize;
            if fallback[b].is_none() {
                fallback[b] = char::from_u32(lo);
            }
            if reps[b].is_none() {
                reps[b] = (lo..=hi.min(lo.saturating_add(256)))
                    .filter_map(char::from_u32)
                    .find(|&c| readable(c));
            }
        }
        let reps: Vec<char> = reps
            .iter()
            .zip(&fallback)
            .map(|(r, f)| r.or(*f).unwrap_or('\u{80}'))
            .collect();
        let mut order: Vec<u8> = (0u8..0x80).collect();
        order.extend((0..reps.len()).map(|b| 0x80 + b as u8));
        let rep_of = |s: u8| {
            if s < 0x80 {
                s as char
            } else {
                reps[(s - 0x80) as usize]
            }
        };
        order.sort_by_key(|&s| rank(rep_of(s)));
        Ok(Alphabet {
            intervals,
            reps,
            order,
        })
    }

    /// The symbol class of a character set.
    fn class_of(&self, set: &CharSet) -> ClassBytes {
        let mut ranges = Vec::new();
        for &(lo, hi) in set.ranges() {
            if lo < 0x80 {
                ranges.push(ClassBytesRange::new(lo as u8, hi.min(0x7F) as u8));
            }
        }
        for &(lo, _, b) in &self.intervals {
            if set.contains(lo) {
                ranges.push(ClassBytesRange::new(0x80 + b, 0x80 + b));
            }
        }
        ClassBytes::new(ranges)
    }

    fn symbol_of(&self, c: char) -> u8 {
        let cp = c as u32;
        if cp < 0x80 {
            return cp as u8;
        }
        let i = self.intervals.partition_point(|&(_, hi, _)| hi < cp);
        0x80 + self.intervals[i].2
    }

    fn char_of(&self, s: u8) -> char {
        if s < 0x80 {
            s as char
        } else {
            self.reps[(s - 0x80) as usize]
        }
    }
}

/// A non-ASCII character that shows up in a message (not a control, space or invisible format
/// character).
fn readable(c: char) -> bool {
    let cp = c as u32;
    cp >= 0xA1
        && !c.is_control()
        && !c.is_whitespace()
        && !matches!(cp, 0xAD | 0x200B..=0x200F | 0x2028..=0x202E | 0x2060..=0x206F | 0xFEFF | 0xFFF0..=0xFFFF)
}

fn collect_sets<'a>(n: &'a Node, out: &mut Vec<&'a CharSet>) {
    match n {
        Node::Chars(s) => out.push(s),
        Node::Cat(v) | Node::Alt(v) => v.iter().for_each(|n| collect_sets(n, out)),
        Node::Group(sub) | Node::Repeat { sub, .. } | Node::Look { sub, .. } => {
            collect_sets(sub, out)
        }
        Node::Empty
        | Node::Start { .. }
        | Node::End { .. }
        | Node::WordBoundary { .. }
        | Node::BackRef => {}
    }
}

fn lower(n: &Node, a: &Alphabet) -> Result<Hir, Fallback> {
    Ok(match n {
        Node::Empty => Hir::empty(),
        Node::Chars(s) => Hir::class(Class::Bytes(a.class_of(s))),
        Node::Cat(v) => Hir::concat(v.iter().map(|n| lower(n, a)).collect::<Result<_, _>>()?),
        Node::Alt(v) => Hir::alternation(v.iter().map(|n| lower(n, a)).collect::<Result<_, _>>()?),
        Node::Group(sub) => lower(sub, a)?,
        Node::Repeat { sub, min, max } => {
            if *min > MAX_REPEAT || max.is_some_and(|m| m > MAX_REPEAT) {
                return Err(format!("a repetition count above {MAX_REPEAT}"));
            }
            Hir::repetition(Repetition {
                min: *min as u32,
                max: max.map(|m| m as u32),
                greedy: true,
                sub: Box::new(lower(sub, a)?),
            })
        }
        // Without the `m` flag, ECMA `^`/`$` are start/end of input: regex-syntax's `\A`/`\z`.
        Node::Start { multiline: false } => Hir::look(Look::Start),
        Node::End { multiline: false } => Hir::look(Look::End),
        // ECMA `\b` is an ASCII word boundary (non-ASCII characters are not word characters, and
        // they map to symbols >= 0x80, which regex-automata's ASCII boundary also treats as
        // non-word).
        Node::WordBoundary { negate: false } => Hir::look(Look::WordAscii),
        Node::WordBoundary { negate: true } => Hir::look(Look::WordAsciiNegate),
        Node::Start { multiline: true } | Node::End { multiline: true } => {
            return Err("a multiline anchor".into());
        }
        Node::Look { .. } => return Err("a look-around".into()),
        Node::BackRef => return Err("a back-reference".into()),
    })
}

/// The language of a pattern used as a search (`pattern` semantics), as a DFA over symbols that
/// reads a whole string and accepts it on end of input.
pub(crate) struct Lang {
    dfa: dense::DFA<Vec<u32>>,
    start: StateID,
}

impl Lang {
    /// Builds `(?s:.)*(?:P)(?s:.)*` over the symbol alphabet. The wrappers are the full byte class
    /// (any symbol), independent of what `.` means inside `P`.
    pub(crate) fn build(root: &Node, alpha: &Alphabet) -> Result<Lang, Fallback> {
        let any = || {
            Hir::repetition(Repetition {
                min: 0,
                max: None,
                greedy: true,
                sub: Box::new(Hir::class(Class::Bytes(ClassBytes::new([
                    ClassBytesRange::new(0x00, 0xFF),
                ])))),
            })
        };
        let hir = Hir::concat(vec![any(), lower(root, alpha)?, any()]);
        let nfa = thompson::Compiler::new()
            .configure(
                thompson::Config::new()
                    .utf8(false)
                    .shrink(false)
                    .nfa_size_limit(Some(NFA_SIZE_LIMIT)),
            )
            .build_from_hir(&hir)
            .map_err(|e| format!("the automaton size limit ({e})"))?;
        let dfa = dense::Builder::new()
            .configure(
                dense::Config::new()
                    .match_kind(MatchKind::All)
                    .start_kind(StartKind::Anchored)
                    .minimize(false)
                    .accelerate(false)
                    .byte_classes(true)
                    .dfa_size_limit(Some(DFA_SIZE_LIMIT))
                    .determinize_size_limit(Some(DETERMINIZE_SIZE_LIMIT)),
            )
            .build_from_nfa(&nfa)
            .map_err(|e| format!("the automaton size limit ({e})"))?;
        let start = dfa
            .start_state_forward(&Input::new(&b""[..]).anchored(Anchored::Yes))
            .map_err(|e| format!("an automaton error ({e})"))?;
        Ok(Lang { dfa, start })
    }

    fn accepts_at_end(&self, s: StateID) -> bool {
        self.dfa.is_match_state(self.dfa.next_eoi_state(s))
    }

    /// Whether the whole string `s` is in the language.
    pub(crate) fn accepts(&self, alpha: &Alphabet, s: &str) -> bool {
        let mut st = self.start;
        for c in s.chars() {
            st = self.dfa.next_state(st, alpha.symbol_of(c));
            if self.dfa.is_dead_state(st) {
                return false;
            }
        }
        self.accepts_at_end(st)
    }
}

/// The shortest string in `L(a) \ L(b)` (among equal lengths, the smallest in the preferred
/// character order), or `None` when `L(a) ⊆ L(b)`. Breadth-first over the product automaton,
/// expanding symbols in the preferred order, so the first accepting product state discovered is
/// reached by the lexicographically smallest of the shortest paths.
pub(crate) fn shortest_difference(
    a: &Lang,
    b: &Lang,
    alpha: &Alphabet,
) -> Result<Option<String>, Fallback> {
    // One symbol per pair of (a-class, b-class), the most preferred one: the others lead to the
    // same product state and can only give a larger string.
    let mut seen_classes = HashSet::new();
    let symbols: Vec<u8> = alpha
        .order
        .iter()
        .copied()
        .filter(|&s| {
            seen_classes.insert((a.dfa.byte_classes().get(s), b.dfa.byte_classes().get(s)))
        })
        .collect();
    let goal = |sa: StateID, sb: StateID| a.accepts_at_end(sa) && !b.accepts_at_end(sb);
    // (a state, b state, parent index, symbol)
    let mut nodes: Vec<(StateID, StateID, usize, u8)> = vec![(a.start, b.start, usize::MAX, 0)];
    let mut seen: HashSet<(StateID, StateID)> = HashSet::from([(a.start, b.start)]);
    let path = |nodes: &[(StateID, StateID, usize, u8)], mut i: usize| -> String {
        let mut syms = Vec::new();
        while nodes[i].2 != usize::MAX {
            syms.push(nodes[i].3);
            i = nodes[i].2;
        }
        syms.iter().rev().map(|&s| alpha.char_of(s)).collect()
    };
    if goal(a.start, b.start) {
        return Ok(Some(String::new()));
    }
    let mut i = 0;
    while i < nodes.len() {
        let (sa, sb, _, _) = nodes[i];
        for &sym in &symbols {
            let na = a.dfa.next_state(sa, sym);
            if a.dfa.is_dead_state(na) {
                continue;
            }
            let nb = b.dfa.next_state(sb, sym);
            if seen.insert((na, nb)) {
                nodes.push((na, nb, i, sym));
                if goal(na, nb) {
                    return Ok(Some(path(&nodes, nodes.len() - 1)));
                }
                if nodes.len() > MAX_PRODUCT_STATES {
                    return Err(format!(
                        "the product automaton limit ({MAX_PRODUCT_STATES} states)"
                    ));
                }
            }
        }
        i += 1;
    }
    Ok(None)
}
