//! Numbers from a spec, compared exactly where floats would not be: `maximum:
//! 9223372036854775807` and `9223372036854775806` differ, though both are the same `f64`.

use std::cmp::Ordering;
use std::fmt;

/// A number as a spec writes it: an integer (exact up to 38 digits, in any decimal notation,
/// `1e3` included), else a float.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Num {
    Int(i128),
    Float(f64),
}

impl Num {
    pub fn parse(text: &str) -> Option<Num> {
        if let Ok(i) = text.parse::<i128>() {
            return Some(Num::Int(i));
        }
        if let Some(i) = decimal_integer(text) {
            return Some(Num::Int(i));
        }
        text.parse::<f64>().ok().map(Num::Float)
    }

    fn as_f64(self) -> f64 {
        match self {
            Num::Int(i) => i as f64,
            Num::Float(f) => f,
        }
    }

    pub fn neg(self) -> Num {
        match self {
            Num::Int(i) => Num::Int(-i),
            Num::Float(f) => Num::Float(-f),
        }
    }

    /// The smallest integer at or above (`up`) or at or below the number, moved by `step`
    /// (for integer schemas, where `exclusiveMinimum: 0` is `minimum: 1`).
    pub fn integer(self, up: bool, step: i128) -> Num {
        match self {
            Num::Int(i) => Num::Int(i.saturating_add(step)),
            Num::Float(f) => {
                let whole = if up { f.ceil() } else { f.floor() };
                if whole.is_finite() && whole.abs() < 1e38 {
                    Num::Int((whole as i128).saturating_add(step))
                } else {
                    Num::Float(whole + step as f64)
                }
            }
        }
    }
}

impl PartialOrd for Num {
    fn partial_cmp(&self, other: &Num) -> Option<Ordering> {
        match (self, other) {
            (Num::Int(a), Num::Int(b)) => Some(a.cmp(b)),
            _ => self.as_f64().partial_cmp(&other.as_f64()),
        }
    }
}

/// Integers exactly; floats as usual up to 16 digits, in exponent form beyond (`1e300`, not 301
/// digits), and named when beyond what a 64-bit float holds (JSON allows `1e400`).
impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Num::Int(i) => write!(f, "{i}"),
            Num::Float(v) if !v.is_finite() => {
                let sign = if v < 0.0 { "-" } else { "" };
                write!(f, "{sign}(a number beyond the range of 64-bit floats)")
            }
            Num::Float(v) if v.abs() < 1e16 => write!(f, "{v}"),
            Num::Float(v) => write!(f, "{v:e}"),
        }
    }
}

/// `1e3`, `2.50E2`, `-1.0`: a decimal that is a whole number within 38 digits, exactly.
fn decimal_integer(text: &str) -> Option<i128> {
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (mantissa, exponent) = match rest.split_once(['e', 'E']) {
        Some((m, e)) => (m, e.parse::<i64>().ok()?),
        None => (rest, 0),
    };
    let (whole, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if whole.is_empty() && fraction.is_empty()
        || !whole
            .bytes()
            .chain(fraction.bytes())
            .all(|b| b.is_ascii_digit())
    {
        return None;
    }
    let mut digits: String = format!("{whole}{fraction}");
    let mut exponent = exponent.checked_sub(fraction.len() as i64)?;
    while exponent < 0 && digits.ends_with('0') {
        digits.pop();
        exponent += 1;
    }
    if exponent < 0 {
        return None;
    }
    let digits = digits.trim_start_matches('0');
    if digits.is_empty() {
        return Some(0);
    }
    if digits.len() as i64 + exponent > 38 {
        return None;
    }
    let value: i128 = digits.parse().ok()?;
    let value = value.checked_mul(10i128.checked_pow(u32::try_from(exponent).ok()?)?)?;
    Some(if negative { -value } else { value })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_are_exact_in_any_notation() {
        let n = |t: &str| Num::parse(t).unwrap();
        assert!(n("9223372036854775807") > n("9223372036854775806"));
        assert_eq!(n("1e3"), Num::Int(1000));
        assert_eq!(n("2.50E2"), Num::Int(250));
        assert_eq!(n("-1.0"), Num::Int(-1));
        assert_eq!(n("0.0"), Num::Int(0));
        assert_eq!(n("1.5"), Num::Float(1.5));
        assert_eq!(
            n("1e400").to_string(),
            "(a number beyond the range of 64-bit floats)"
        );
        assert_eq!(n("1e300").to_string(), "1e300");
        assert_eq!(n("1e30"), Num::Int(10i128.pow(30)));
        assert!(n("1e39") == Num::Float(1e39));
        assert_eq!(n("1.5").integer(true, 0), Num::Int(2));
        assert_eq!(n("1.5").integer(false, -1), Num::Int(0));
        assert!(n("0.1") < n("1"));
    }
}
