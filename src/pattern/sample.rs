//! The sampled fallback: a fixed, seeded sample of strings checked with `regress` (an ECMA-262
//! engine) when the automaton engine cannot express a pattern (look-around, back-reference,
//! `(?i:...)`, multiline anchors) or a size limit stops it.
//!
//! The sample is deterministic (same strings in the same order on every run and machine): 2000
//! random lowercase v4 UUIDs from a SplitMix64 generator with a fixed seed, the all-zero and all-`f`
//! v4 UUIDs, UUIDs of every other version and variant nibble, nil and max, upper- and mixed-case
//! UUIDs, and negatives made by mutating the first 200 random UUIDs (no dashes, a dash missing or
//! replaced, a character too few or too many, a prefix or suffix character, braces, `urn:uuid:`, a
//! non-hex letter), plus the empty string and every single printable ASCII character. It is sorted
//! by the counterexample order (shorter first, then by [`super::rank`]), so the first string that
//! shows a difference is the smallest the sample has.
//!
//! `regress` backtracks, so a hostile pattern could take exponential time even on these short
//! strings: every run is stopped after [`DEADLINE`] ([`CHECK_DEADLINE`] for the cross-check of
//! exact results), in a child process that is killed (see [`super::isolated`]).

use std::sync::OnceLock;
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use super::order_key;

/// How long the ECMA engine may take over a whole sample.
pub(crate) const DEADLINE: Duration = Duration::from_secs(2);
/// How long the ECMA engine may take to cross-check an exact result (a time-out keeps the result).
pub(crate) const CHECK_DEADLINE: Duration = Duration::from_secs(1);

/// Random v4 UUIDs in the sample.
const RANDOM_V4: usize = 2000;
/// Random UUIDs that get mutated into negatives.
const MUTATED: usize = 200;
/// Fixed seed: the sample never changes.
const SEED: u64 = 0x5eed_1de4_7e57_c0de;

/// SplitMix64 (Steele, Lea, Flood 2014): tiny, fast, and good enough for a fixed sample.
struct SplitMix64(u64);

impl SplitMix64 {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    fn uuid(&mut self, version: u8, variant_nibble: Option<u8>) -> String {
        let hi = self.next_u64();
        let lo = self.next_u64();
        let mut bytes = [0u8; 16];
        bytes[..8].copy_from_slice(&hi.to_be_bytes());
        bytes[8..].copy_from_slice(&lo.to_be_bytes());
        bytes[6] = (bytes[6] & 0x0f) | (version << 4);
        bytes[8] = match variant_nibble {
            Some(n) => (bytes[8] & 0x0f) | (n << 4),
            None => (bytes[8] & 0x3f) | 0x80, // RFC 9562 variant: 10xx
        };
        format_uuid(&bytes)
    }
}

fn format_uuid(bytes: &[u8; 16]) -> String {
    let mut s = String::with_capacity(36);
    for (i, b) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            s.push('-');
        }
        const HEX: &[u8; 16] = b"0123456789abcdef";
        s.push(HEX[usize::from(b >> 4)] as char);
        s.push(HEX[usize::from(b & 0xf)] as char);
    }
    s
}

/// `xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx`, lowercase hex: what `crypto.randomUUID()` makes.
pub(crate) fn is_lower_v4(s: &str) -> bool {
    let b = s.as_bytes();
    is_syntactic_uuid(s)
        && !s.bytes().any(|c| c.is_ascii_uppercase())
        && b[14] == b'4'
        && matches!(b[19], b'8' | b'9' | b'a' | b'b')
}

/// 8-4-4-4-12 hex digits, any case.
pub(crate) fn is_syntactic_uuid(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 36
        && b.iter().enumerate().all(|(i, &c)| {
            if matches!(i, 8 | 13 | 18 | 23) {
                c == b'-'
            } else {
                c.is_ascii_hexdigit()
            }
        })
}

/// The sample, in counterexample order (see [`order_key`]), without duplicates.
pub(crate) fn sample() -> &'static [String] {
    static SAMPLE: OnceLock<Vec<String>> = OnceLock::new();
    SAMPLE.get_or_init(build_sample)
}

fn build_sample() -> Vec<String> {
    let mut rng = SplitMix64(SEED);
    let mut out: Vec<String> = vec![String::new(), "\n".into(), "\t".into()];
    out.extend((0x20u8..0x7f).map(|b| (b as char).to_string()));
    out.push("0".repeat(32));
    out.push("0".repeat(36));
    out.push("0".repeat(37));
    out.push("-".repeat(36));
    let zero = "00000000-0000-0000-0000-000000000000";
    let max = "ffffffff-ffff-ffff-ffff-ffffffffffff";
    out.push(zero.into());
    out.push(max.into());
    out.push(max.to_ascii_uppercase());
    for n in 0..16u8 {
        // The smallest strings of each version, and their smallest one-character variations:
        // often exactly the counterexamples the exact engine would give.
        let z = format!("00000000-0000-{n:x}000-8000-000000000000");
        out.push(format!("0{z}"));
        out.push(format!("{z}0"));
        out.push(format!("{}A", &z[..35]));
        out.push(format!("{}a", &z[..35]));
        out.push(z);
        out.push(format!("00000000-0000-4000-{n:x}000-000000000000"));
        out.push(format!("ffffffff-ffff-{n:x}fff-bfff-ffffffffffff"));
    }
    for version in [1u8, 2, 3, 5, 6, 7, 8] {
        for _ in 0..50 {
            let u = rng.uuid(version, None);
            out.push(u.to_ascii_uppercase());
            out.push(u);
        }
    }
    for nibble in [0u8, 7, 0xc, 0xf] {
        for _ in 0..20 {
            out.push(rng.uuid(4, Some(nibble)));
        }
    }
    let v4: Vec<String> = (0..RANDOM_V4).map(|_| rng.uuid(4, None)).collect();
    for u in v4.iter().take(MUTATED) {
        let hex_positions: Vec<usize> =
            (0..36).filter(|i| !matches!(i, 8 | 13 | 18 | 23)).collect();
        let p = hex_positions[rng.below(hex_positions.len())];
        let mut g = u.clone();
        g.replace_range(p..p + 1, "g");
        let mut mixed = u.clone();
        if let Some(i) = mixed.find(|c: char| c.is_ascii_lowercase()) {
            mixed.replace_range(i..i + 1, &mixed[i..i + 1].to_ascii_uppercase());
        }
        let mut extra = u.clone();
        extra.insert(p, '0');
        let mut fewer = u.clone();
        fewer.remove(p);
        out.extend([
            u.to_ascii_uppercase(),
            mixed,
            u.replace('-', ""),
            format!("{}{}", &u[..8], &u[9..]),
            format!("{}_{}", &u[..8], &u[9..]),
            u[..35].to_string(),
            u[1..].to_string(),
            format!("{u}0"),
            format!("0{u}"),
            format!("{u}\n"),
            format!("\n{u}"),
            format!(" {u}"),
            format!("{u} "),
            format!("{{{u}}}"),
            format!("urn:uuid:{u}"),
            g,
            extra,
            fewer,
        ]);
    }
    out.extend(v4);
    out.sort_by_cached_key(|s| order_key(s));
    out.dedup();
    out
}

/// Runs `f` on a worker thread and waits at most `deadline` for it; `None` on time-out (the
/// thread is then left to finish on its own: a backtracking engine cannot be interrupted, which
/// is why the binary matches in a child process instead, see [`super::isolated`]).
pub(crate) fn bounded<T: Send + 'static>(
    deadline: Duration,
    f: impl FnOnce() -> T + Send + 'static,
) -> Option<T> {
    let (tx, rx) = mpsc::channel();
    thread::Builder::new()
        .name("specguard-pattern".into())
        .spawn(move || {
            let _ = tx.send(f());
        })
        .ok()?;
    rx.recv_timeout(deadline).ok()
}

/// For each pattern, whether it matches (anywhere: search semantics) each string.
/// Patterns must be valid (checked by the caller).
pub(crate) fn matches(patterns: &[String], strings: &[String]) -> Vec<Vec<bool>> {
    patterns
        .iter()
        .map(|p| match regress::Regex::new(p) {
            Ok(re) => strings.iter().map(|s| re.find(s).is_some()).collect(),
            Err(_) => vec![false; strings.len()],
        })
        .collect()
}
