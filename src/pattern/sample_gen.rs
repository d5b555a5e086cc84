//! Generates the fallback's fixed sample (see `sample.rs`). `build.rs` runs this when the crate
//! is built and embeds the result, sorted, as a static: generating and sorting some 6,000
//! strings at run time was most of what linting a small spec cost. The tests run it again and
//! compare. Uses nothing but `std`, and [`super::order`].

use super::order::rank;

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

/// The sample, in counterexample order (by [`order_key`]), without duplicates.
pub(crate) fn generate() -> Vec<String> {
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

/// A byte string whose order is the counterexample order (shorter first, in characters, then
/// by [`rank`]): the length, then each ASCII character as its place in rank order (one byte
/// below 0x80) and any other as 0x80 and three bytes of its code point (they rank after all
/// ASCII, by code point). The sample is sorted by these: comparing bytes, with one small key
/// per string, instead of vectors of `(group, code point)` pairs (`string_key` in the tests).
pub(crate) fn order_key(s: &str) -> Vec<u8> {
    static ASCII_PLACE: std::sync::OnceLock<[u8; 128]> = std::sync::OnceLock::new();
    let place = ASCII_PLACE.get_or_init(|| {
        let mut ascii: Vec<char> = (0u8..128).map(char::from).collect();
        ascii.sort_by_key(|&c| rank(c));
        let mut place = [0u8; 128];
        for (i, c) in ascii.into_iter().enumerate() {
            place[c as usize] = i as u8;
        }
        place
    });
    let count = s.chars().count() as u32;
    let mut key = Vec::with_capacity(4 + s.len());
    key.extend_from_slice(&count.to_be_bytes());
    for c in s.chars() {
        if c.is_ascii() {
            key.push(place[c as usize]);
        } else {
            key.push(0x80);
            key.extend_from_slice(&(c as u32).to_be_bytes()[1..]);
        }
    }
    key
}
