//! YAML 1.2 front end: `saphyr-parser` events into the shared [`Builder`].
//!
//! saphyr's markers count characters, not bytes, so they go through [`CharToByte`]. Plain
//! scalars are resolved with the YAML 1.2 core schema (`NO` and `yes` stay strings, `0o17` is an
//! int); quoted and block scalars are strings; core-schema tags (`!!str`, `!!int`) override.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Tag};

use super::builder::Builder;
use super::tree::ScalarKind;
use super::{ParseOutcome, SyntaxError};
use crate::finding::Span;

pub fn parse(text: &str, start: usize, max_depth: usize) -> ParseOutcome {
    let input = &text[start..];
    let mut offsets = CharToByte::new(input, start);
    let mut builder = Builder::new(text, max_depth);
    let mut anchors: HashMap<usize, super::tree::NodeId> = HashMap::new();
    let mut documents = 0usize;
    let mut error = None;
    let mut extra_document = None;

    for event in Parser::new_from_str(input) {
        let (event, span) = match event {
            Ok(pair) => pair,
            Err(e) => {
                error = Some(scan_error(&e, &mut offsets, &builder));
                break;
            }
        };
        let byte_span = Span::new(
            offsets.byte(span.start.index()),
            offsets.byte(span.end.index()),
        );
        match event {
            Event::DocumentStart(_) => {
                documents += 1;
                if documents > 1 {
                    extra_document = Some(byte_span);
                    break;
                }
            }
            Event::Scalar(value, style, anchor, tag) => {
                let kind = resolve_kind(&value, style, tag.as_deref());
                let byte_span = if matches!(style, ScalarStyle::Literal | ScalarStyle::Folded) {
                    block_scalar_span(text, byte_span)
                } else {
                    byte_span
                };
                let id = builder.scalar(kind, byte_span, &value);
                if anchor != 0 {
                    anchors.insert(anchor, id);
                }
            }
            Event::Alias(anchor) => {
                builder.alias(byte_span, anchors.get(&anchor).copied());
            }
            Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) => {
                let is_mapping = matches!(event, Event::MappingStart(..));
                let opened = if is_mapping {
                    builder.open_mapping(byte_span)
                } else {
                    builder.open_sequence(block_sequence_start(text, byte_span))
                };
                match opened {
                    Ok(id) => {
                        if anchor != 0 {
                            anchors.insert(anchor, id);
                        }
                    }
                    Err(_) => {
                        error = Some(SyntaxError::too_deep(
                            byte_span,
                            builder.open_path(),
                            max_depth,
                        ));
                        break;
                    }
                }
            }
            Event::MappingEnd | Event::SequenceEnd => {
                // A flow collection ends at its closing bracket; a block collection at the end
                // of its last child (its end event sits at the next token, past blank lines
                // and comments), which `close` takes when `end` is smaller.
                let is_flow = matches!(
                    text.as_bytes().get(byte_span.start as usize),
                    Some(b'}' | b']')
                );
                // The end event's span may run over the blanks after the bracket.
                builder.close(if is_flow {
                    byte_span.start as usize + 1
                } else {
                    0
                });
            }
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {}
        }
    }
    let end = text.len();
    let (tree, issues) = builder.finish(end);
    ParseOutcome {
        tree,
        issues,
        error,
        extra_document,
    }
}

fn scan_error(e: &ScanError, offsets: &mut CharToByte, builder: &Builder<'_>) -> SyntaxError {
    let at = offsets.byte(e.marker().index());
    // saphyr counts flow nesting in a u8 and gives up past 255 levels.
    let too_deep = e.info() == "recursion limit exceeded";
    let message = if too_deep {
        "YAML flow collections ('[...]', '{...}') nested deeper than 255 levels, the YAML parser's limit; the rest of the file is not read".to_string()
    } else {
        format!("YAML syntax error: {}", e.info())
    };
    SyntaxError {
        span: Span::empty(at),
        message,
        pointer: builder.open_path(),
        too_deep,
    }
}

/// saphyr starts a block sequence at its first item; the node's source starts at the `-`.
fn block_sequence_start(text: &str, span: Span) -> Span {
    let bytes = text.as_bytes();
    let start = span.start as usize;
    if bytes.get(start) == Some(&b'[') {
        return span;
    }
    let mut i = start;
    while i > 0 && matches!(bytes[i - 1], b' ' | b'\t') {
        i -= 1;
    }
    if i > 0 && bytes[i - 1] == b'-' {
        Span::new(i - 1, span.end as usize)
    } else {
        span
    }
}

/// saphyr's span of a block scalar starts at its first content line and runs over trailing
/// blank lines. The node's source is the header (`|`, `>-`, `|2+`) through the last content
/// character, which is what this returns.
fn block_scalar_span(text: &str, span: Span) -> Span {
    let bytes = text.as_bytes();
    let mut end = span.end as usize;
    while end > span.start as usize && bytes[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    // Back over the blank lines and indentation between the header and the content.
    let mut header_end = span.start as usize;
    while header_end > 0 && bytes[header_end - 1].is_ascii_whitespace() {
        header_end -= 1;
    }
    let line_start = text[..header_end].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let header_line = &text[line_start..header_end];
    // A comment on the header line may hold '|' or '>' itself: cut it off first.
    let code = match header_line.find(" #") {
        Some(i) => &header_line[..i],
        None => header_line,
    };
    let start = match code.rfind(['|', '>']) {
        Some(i) => line_start + i,
        None => span.start as usize,
    };
    Span::new(start, end.max(start))
}

/// YAML 1.2 core schema resolution of a scalar.
fn resolve_kind(value: &str, style: ScalarStyle, tag: Option<&Tag>) -> ScalarKind {
    if let Some(tag) = tag {
        if tag.handle == "tag:yaml.org,2002:" || tag.handle == "!!" {
            match tag.suffix.as_str() {
                "str" | "binary" | "timestamp" => return ScalarKind::String,
                "int" => return ScalarKind::Int,
                "float" => return ScalarKind::Float,
                "bool" => return ScalarKind::Bool,
                "null" => return ScalarKind::Null,
                _ => {}
            }
        } else if tag.handle == "!" && tag.suffix.is_empty() {
            // The non-specific tag `!` forces a string.
            return ScalarKind::String;
        }
    }
    if style != ScalarStyle::Plain {
        return ScalarKind::String;
    }
    plain_scalar_kind(value)
}

/// The core schema's regular expressions, written out by hand.
pub fn plain_scalar_kind(v: &str) -> ScalarKind {
    match v {
        "" | "~" | "null" | "Null" | "NULL" => return ScalarKind::Null,
        "true" | "True" | "TRUE" | "false" | "False" | "FALSE" => return ScalarKind::Bool,
        ".nan" | ".NaN" | ".NAN" => return ScalarKind::Float,
        _ => {}
    }
    let b = v.as_bytes();
    let unsigned = match b[0] {
        b'+' | b'-' => &b[1..],
        _ => b,
    };
    if matches!(unsigned, b".inf" | b".Inf" | b".INF") {
        return ScalarKind::Float;
    }
    if let Some(oct) = v.strip_prefix("0o") {
        if !oct.is_empty() && oct.bytes().all(|c| (b'0'..=b'7').contains(&c)) {
            return ScalarKind::Int;
        }
    }
    if let Some(hex) = v.strip_prefix("0x") {
        if !hex.is_empty() && hex.bytes().all(|c| c.is_ascii_hexdigit()) {
            return ScalarKind::Int;
        }
    }
    if !unsigned.is_empty() && unsigned.iter().all(u8::is_ascii_digit) {
        return ScalarKind::Int;
    }
    if is_core_float(unsigned) {
        return ScalarKind::Float;
    }
    ScalarKind::String
}

/// `( \. [0-9]+ | [0-9]+ ( \. [0-9]* )? ) ( [eE] [-+]? [0-9]+ )?` (sign already stripped).
fn is_core_float(b: &[u8]) -> bool {
    let digits = |s: &[u8]| s.iter().take_while(|c| c.is_ascii_digit()).count();
    let mut i = digits(b);
    let int_digits = i;
    let mut frac_digits = 0;
    if b.get(i) == Some(&b'.') {
        i += 1;
        frac_digits = digits(&b[i..]);
        i += frac_digits;
    } else if int_digits == 0 {
        return false;
    }
    if int_digits == 0 && frac_digits == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let exp = digits(&b[i..]);
        if exp == 0 {
            return false;
        }
        i += exp;
    }
    i == b.len()
}

/// Converts saphyr's character indices into byte offsets of the full text.
///
/// ASCII input (most specs) maps one to one. Otherwise one pass records each non-ASCII
/// character's index and the extra bytes it adds; a cursor that moves with the events (which
/// arrive in document order) then makes each conversion O(1), and a rare backward jump is a
/// binary search.
struct CharToByte {
    base: usize,
    len: usize,
    /// Character index of each non-ASCII character, ascending.
    wide_chars: Vec<u32>,
    /// Extra bytes (UTF-8 length minus one) of all non-ASCII characters up to and including
    /// the one at the same position in `wide_chars`.
    extra: Vec<u32>,
    /// How many entries of `wide_chars` lie before the last index asked for.
    cursor: usize,
}

impl CharToByte {
    fn new(input: &str, base: usize) -> CharToByte {
        let mut wide_chars = Vec::new();
        let mut extra = Vec::new();
        let bytes = input.as_bytes();
        let mut total_extra = 0u32;
        let mut i = 0;
        while i < bytes.len() {
            // Skip ASCII a word at a time.
            if i + 8 <= bytes.len() && bytes[i..i + 8].is_ascii() {
                i += 8;
                continue;
            }
            let b = bytes[i];
            if b < 0x80 {
                i += 1;
                continue;
            }
            let width = match b {
                0xF0.. => 4,
                0xE0.. => 3,
                _ => 2,
            };
            wide_chars.push(i as u32 - total_extra);
            total_extra += width - 1;
            extra.push(total_extra);
            i += width as usize;
        }
        CharToByte {
            base,
            len: input.len(),
            wide_chars,
            extra,
            cursor: 0,
        }
    }

    fn byte(&mut self, char_index: usize) -> usize {
        let c = char_index as u32;
        let w = &self.wide_chars;
        if self.cursor > 0 && w[self.cursor - 1] >= c {
            self.cursor = w.partition_point(|&x| x < c);
        }
        while self.cursor < w.len() && w[self.cursor] < c {
            self.cursor += 1;
        }
        let extra = match self.cursor {
            0 => 0,
            n => self.extra[n - 1] as usize,
        };
        self.base + (char_index + extra).min(self.len)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_to_byte_moves_forward_and_back() {
        let text = "aé€😀b c";
        let mut c = CharToByte::new(text, 10);
        let expected: Vec<usize> = text.char_indices().map(|(b, _)| b + 10).collect();
        for (i, &b) in expected.iter().enumerate() {
            assert_eq!(c.byte(i), b, "char {i}");
        }
        assert_eq!(c.byte(2), 13, "backward jump");
        assert_eq!(c.byte(6), 22);
        assert_eq!(c.byte(99), 10 + text.len(), "past the end clamps");
        let long = format!("{}é{}", "x".repeat(100), "y".repeat(100));
        let mut c = CharToByte::new(&long, 0);
        assert_eq!(c.byte(100), 100);
        assert_eq!(c.byte(101), 102);
        assert_eq!(c.byte(150), 151);
    }

    #[test]
    fn core_schema_resolution() {
        use ScalarKind::*;
        for (v, k) in [
            ("NO", String),
            ("yes", String),
            ("on", String),
            ("~", Null),
            ("null", Null),
            ("True", Bool),
            ("200", Int),
            ("-12", Int),
            ("0o17", Int),
            ("0x1F", Int),
            ("1.5", Float),
            ("1.", Float),
            (".5", Float),
            ("1e3", Float),
            ("-.inf", Float),
            (".NaN", Float),
            ("1.2.3", String),
            ("0x", String),
            ("e3", String),
            ("3.0.3", String),
            ("+", String),
            ("-", String),
            (".", String),
        ] {
            assert_eq!(plain_scalar_kind(v), k, "{v}");
        }
    }
}
