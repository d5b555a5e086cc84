//! Byte offset -> line/column mapping for one source text.
//!
//! Every finding is stored as a byte span; humans and CI annotations want lines and columns.
//! Lines break at `\n`, `\r\n` and a lone `\r` (YAML 1.2 treats all three as line breaks, and
//! editors display them so), and columns count Unicode scalar values (characters), which is what
//! SARIF's `columnKind: unicodeCodePoints` means. A UTF-8 byte order mark is not a column.

/// A 1-based line and column, columns counted in characters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LineCol {
    pub line: u32,
    pub column: u32,
}

/// Start offsets of every line of a text, built once per source in a single pass.
#[derive(Debug, Clone)]
pub struct LineIndex {
    /// Byte offset where each line starts; `line_starts[0]` is 0 (or 3 after a BOM).
    line_starts: Vec<u32>,
    /// Whether the whole text is ASCII, so a column is a byte difference.
    ascii: bool,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let first = if text.starts_with('\u{feff}') { 3 } else { 0 };
        let mut line_starts = Vec::with_capacity(bytes.len() / 32 + 1);
        line_starts.push(first);
        for pos in memchr::memchr2_iter(b'\n', b'\r', bytes) {
            let is_crlf_head = bytes[pos] == b'\r' && bytes.get(pos + 1) == Some(&b'\n');
            if !is_crlf_head {
                line_starts.push(pos as u32 + 1);
            }
        }
        LineIndex {
            line_starts,
            ascii: bytes.is_ascii(),
        }
    }

    /// Number of lines (a text without line breaks has one line).
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }

    /// Byte offset at which the 1-based `line` starts.
    pub fn line_start(&self, line: u32) -> Option<usize> {
        self.line_starts
            .get(line.checked_sub(1)? as usize)
            .map(|&s| s as usize)
    }

    /// The 1-based line and character column of a byte offset. Offsets inside a multi-byte
    /// character or beyond the end are clamped to the nearest character boundary before it.
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let line_idx = match self.line_starts.binary_search(&(offset as u32)) {
            Ok(i) => i,
            Err(i) => i.saturating_sub(1),
        };
        let start = (self.line_starts[line_idx] as usize).min(offset);
        let column = if self.ascii {
            offset - start
        } else {
            text[start..offset].chars().count()
        };
        LineCol {
            line: line_idx as u32 + 1,
            column: column as u32 + 1,
        }
    }
}

/// The largest char boundary `<= offset` (`str::floor_char_boundary` is not stable yet).
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    if offset >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lc(text: &str, offset: usize) -> (u32, u32) {
        let p = LineIndex::new(text).line_col(text, offset);
        (p.line, p.column)
    }

    #[test]
    fn lf_crlf_and_lone_cr_all_break_lines() {
        let text = "a\nb\r\nc\rd";
        assert_eq!(lc(text, 0), (1, 1));
        assert_eq!(lc(text, 2), (2, 1));
        assert_eq!(lc(text, 3), (2, 2)); // the \r of \r\n still belongs to line 2
        assert_eq!(lc(text, 5), (3, 1));
        assert_eq!(lc(text, 7), (4, 1));
        assert_eq!(LineIndex::new(text).line_count(), 4);
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "ä: ö\nx: y";
        assert_eq!(lc(text, 4), (1, 4)); // 'ö' starts at byte 4, char column 4
        assert_eq!(lc(text, 7), (2, 1));
    }

    #[test]
    fn bom_is_not_a_column() {
        let text = "\u{feff}openapi: 3.1.0";
        assert_eq!(lc(text, 3), (1, 1));
        assert_eq!(lc(text, 12), (1, 10));
    }

    #[test]
    fn offsets_inside_a_character_clamp_backwards() {
        let text = "é";
        assert_eq!(lc(text, 1), (1, 1));
        assert_eq!(lc(text, 99), (1, 2));
    }
}
