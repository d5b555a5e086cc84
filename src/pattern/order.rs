//! The order counterexamples are given in, shared with `build.rs` (which sorts the fallback's
//! sample by it when the crate is built), so it uses nothing but `std`.

/// The preferred order of characters in counterexamples: digits, lowercase, uppercase, '-', other
/// printable ASCII (in ASCII order), space, ASCII control characters, then non-ASCII by code point.
pub(crate) fn rank(c: char) -> (u8, u32) {
    let group = match c {
        '0'..='9' => 0,
        'a'..='z' => 1,
        'A'..='Z' => 2,
        '-' => 3,
        '!'..='~' => 4,
        ' ' => 5,
        '\0'..='\x7f' => 6,
        _ => 7,
    };
    (group, c as u32)
}

/// Counterexample order on strings: shorter first (in characters), then by [`rank`]; the
/// tests' statement of what `order_key` (in `sample_gen`) encodes.
#[cfg(test)]
pub(crate) fn string_key(s: &str) -> (usize, Vec<(u8, u32)>) {
    (s.chars().count(), s.chars().map(rank).collect())
}
