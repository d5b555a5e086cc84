//! Parsing one large YAML document on several cores. A YAML parser reads a document start to
//! end, but an OpenAPI document is a block mapping whose big parts (`paths`, `components`,
//! `components/schemas`) are long runs of block-mapping entries: a run of entries, cut at a
//! key line, is itself a YAML document (a root mapping, indented or not). So the text is cut
//! at such key lines into chunks of planned sizes, the chunks are parsed at once, and their
//! events are stitched into the one stream the whole document would have given.
//!
//! Nothing is assumed: a cut is made only where the line structure leaves no doubt (a key of a
//! block mapping whose every enclosing value is a block mapping too, never the first key of a
//! mapping, so that each header keeps its first entry), and each chunk's parse must confirm
//! the plan (no error, no anchor or alias, one root mapping whose keys are exactly the planned
//! lines). Anything else gives `None`, and the caller parses the document in one piece, which
//! also reports every error exactly as it would otherwise.

use saphyr_parser::{Event, Parser};

use super::tree::ScalarKind;
use super::yaml::{Sizes, Step};
use crate::finding::Span;

/// One piece of the document, to be parsed on its own.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Chunk {
    /// Byte range in the input (the text after a BOM).
    pub start: usize,
    pub end: usize,
    /// The block mapping whose entries the chunk holds at its top: 1 for the document's root
    /// mapping, 2 for a mapping that is the value of a root entry, and so on.
    pub level: usize,
    /// Where those entries' keys start (byte offsets in the input): the chunk's parse must
    /// find its root keys exactly there.
    pub keys: Vec<usize>,
}

/// The deepest block mapping whose entries a cut may fall between: the root (1), `paths` and
/// `components` (2), `components/schemas` (3). Mappings deeper down (one path's operations, one
/// schema's keywords) are read as opaque values, which makes planning a count of indentation
/// for most lines; no single entry of those maps comes near a chunk's size in real specs.
const MAX_CUT_LEVEL: usize = 3;

/// What one content line of the document is, for planning.
struct Line {
    start: usize,
    indent: usize,
    /// For a key of a block mapping: that mapping's level, and whether the line may start a
    /// chunk.
    entry: Option<(usize, bool)>,
}

/// An open block structure while scanning lines.
struct Open {
    indent: usize,
    /// `Some(level)` for a block mapping; `None` for anything else (a block scalar, a
    /// sequence, flow content), inside which no line is looked at.
    mapping: Option<usize>,
    /// A mapping whose entries may start chunks (its enclosing values are all mappings).
    splittable: bool,
    entries: usize,
    /// The last entry is `key:` with its value on the following lines.
    last_is_header: bool,
    /// The last entry's value is a sequence written at the mapping's own indentation.
    in_compact_sequence: bool,
}

/// Whether a line (from its first non-space character) is a plain `key: value` or `key:`
/// line, the only kind a chunk may start at or a nested mapping may be read from.
fn key_like(content: &str) -> bool {
    let Some(first) = content.bytes().next() else {
        return false;
    };
    if b"-#?:,[]{}&*!|>%@`\t".contains(&first) {
        return false;
    }
    let bytes = content.as_bytes();
    memchr::memchr_iter(b':', bytes)
        .any(|i| matches!(bytes.get(i + 1), None | Some(b' ' | b'\r' | b'\n')))
}

/// `key:` with nothing after the colon but spaces or a comment: the value follows on the next
/// lines.
fn is_header(content: &str) -> bool {
    let bytes = content.as_bytes();
    let comment = memchr::memchr_iter(b'#', bytes).find(|&i| i > 0 && bytes[i - 1] == b' ');
    let code = &content[..comment.unwrap_or(bytes.len())];
    code.trim_end().ends_with(':')
}

/// Cuts `input` into chunks of about the given sizes, or `None` when it cannot be cut safely
/// (or there is nothing to gain). One pass over the lines, nothing kept per line: planning
/// runs before any parse starts, so its time is paid in full.
pub(super) fn plan(input: &str, sizes: Sizes) -> Option<Vec<Chunk>> {
    let mut chunks: Vec<Chunk> = Vec::new();
    let mut current = Chunk {
        start: 0,
        end: input.len(),
        level: 1,
        keys: Vec::new(),
    };
    let mut current_indent = 0;
    scan(input, |line| {
        let split = match line.entry {
            Some((_, true)) if line.indent < current_indent => true,
            _ if line.indent < current_indent => return None,
            Some((_, true)) => {
                let target = if chunks.is_empty() {
                    sizes.first
                } else {
                    sizes.rest
                };
                line.start - current.start >= target
            }
            _ => false,
        };
        if split {
            let level = line.entry.map_or(1, |(level, _)| level);
            current.end = line.start;
            chunks.push(std::mem::replace(
                &mut current,
                Chunk {
                    start: line.start,
                    end: input.len(),
                    level,
                    keys: Vec::new(),
                },
            ));
            current_indent = line.indent;
        }
        if line.entry.is_some() && line.indent == current_indent {
            current.keys.push(line.start + line.indent);
        }
        Some(())
    })?;
    chunks.push(current);
    (chunks.len() > 1).then_some(chunks)
}

/// Reads the line structure, handing `visit` every content line with its indentation and
/// whether it is a key of a block mapping (and whether that key may start a chunk). `None`
/// for a document that is not a block mapping at column 0, or holds directives, document
/// markers or tabs where structure is decided, or when `visit` says so.
fn scan(input: &str, mut visit: impl FnMut(Line) -> Option<()>) -> Option<()> {
    let bytes = input.as_bytes();
    // A carriage return not followed by a line feed breaks a line for YAML but not for the
    // line reading below.
    if memchr::memchr_iter(b'\r', bytes).any(|i| bytes.get(i + 1) != Some(&b'\n')) {
        return None;
    }
    let mut stack: Vec<Open> = vec![Open {
        indent: 0,
        mapping: Some(1),
        splittable: true,
        entries: 0,
        last_is_header: false,
        in_compact_sequence: false,
    }];
    let mut first = true;
    let mut start = 0;
    while start < bytes.len() {
        let line_start = start;
        let newline = memchr::memchr(b'\n', &bytes[start..]).map_or(bytes.len(), |i| start + i);
        start = newline + 1;
        let raw = &bytes[line_start..newline];
        let indent = raw.iter().take_while(|&&b| b == b' ').count();
        // Inside an opaque value (a block scalar, a sequence, a deep mapping) only a line that
        // leaves it matters; most lines of a large spec are such insides.
        if stack
            .last()
            .is_some_and(|top| top.mapping.is_none() && indent > top.indent)
        {
            continue;
        }
        let mut end = raw.len();
        while end > indent && raw[end - 1] == b'\r' {
            end -= 1;
        }
        if end == indent || raw[indent] == b'#' {
            continue;
        }
        // Cut at ASCII bytes only, so these are `str` boundaries.
        let content_trimmed = &input[line_start + indent..line_start + end];
        let first_byte = raw[indent];
        // Close what this line is outside of.
        while stack.len() > 1 && stack.last().is_some_and(|o| o.indent > indent) {
            stack.pop();
            if let Some(parent) = stack.last_mut() {
                // The entry whose value just ended is complete.
                parent.last_is_header = false;
            }
        }
        let top = stack.last_mut()?;
        if first_byte == b'\t' && (top.mapping.is_some() || indent <= top.indent) {
            return None;
        }
        let mut entry = None;
        if indent == top.indent {
            match top.mapping {
                // More of something opaque (the next line of a block scalar, another item).
                None => {}
                Some(level) => {
                    if first_byte == b'-'
                        && content_trimmed
                            .as_bytes()
                            .get(1)
                            .is_none_or(|b| b.is_ascii_whitespace())
                    {
                        if level == 1 && content_trimmed.starts_with("---") {
                            return None;
                        }
                        top.in_compact_sequence = true;
                    } else if key_like(content_trimmed) {
                        entry = Some((level, top.splittable && top.entries > 0));
                        top.entries += 1;
                        top.in_compact_sequence = false;
                        top.last_is_header = is_header(content_trimmed);
                    } else {
                        // `...`, `%YAML`, a stray scalar: not a plain block mapping.
                        return None;
                    }
                }
            }
        } else {
            // Deeper: the value of the last entry (or more of something opaque).
            let nested = match top.mapping {
                Some(level)
                    if level < MAX_CUT_LEVEL
                        && top.last_is_header
                        && !top.in_compact_sequence
                        && top.entries > 0
                        && key_like(content_trimmed) =>
                {
                    Some((level + 1, top.splittable))
                }
                _ => None,
            };
            stack.push(match nested {
                Some((level, splittable)) => {
                    entry = Some((level, false));
                    Open {
                        indent,
                        mapping: Some(level),
                        splittable,
                        entries: 1,
                        last_is_header: is_header(content_trimmed),
                        in_compact_sequence: false,
                    }
                }
                None => Open {
                    indent,
                    mapping: None,
                    splittable: false,
                    entries: 0,
                    last_is_header: false,
                    in_compact_sequence: false,
                },
            });
        }
        if first && (indent != 0 || entry.is_none()) {
            // The document does not open with a key at column 0.
            return None;
        }
        first = false;
        visit(Line {
            start: line_start,
            indent,
            entry,
        })?;
    }
    Some(())
}

/// Parses one chunk, checks it against the plan and hands its steps to `sink`, leaving out
/// the first `skip` events (the stream start; for every chunk but the first, also the document
/// start and the root mapping's start, which stands for a mapping already open). The end
/// events that close the chunk are held back and returned: which of them the stitched stream
/// keeps depends on where the next chunk starts (see [`close_chunk`]). `None` when the chunk
/// does not parse, or not as planned; `sink` may then have been given part of it.
pub(super) fn read_chunk<'a>(
    text: &'a str,
    base: usize,
    chunk: &Chunk,
    skip: usize,
    sink: &mut dyn FnMut(Step<'a>),
) -> Option<Vec<Step<'a>>> {
    let source = &text[base + chunk.start..base + chunk.end];
    let mut offsets = super::yaml::CharToByte::new(source, base + chunk.start);
    let mut depth = 0usize;
    let mut expect_key = true;
    let mut keys = Vec::with_capacity(chunk.keys.len());
    let mut pending: Vec<Step<'a>> = Vec::new();
    for (index, item) in Parser::new_from_str(source).enumerate() {
        let (event, span) = item.ok()?;
        let span = Span::new(
            offsets.byte(span.start.index()),
            offsets.byte(span.end.index()),
        );
        let expected_opening = match index {
            0 => matches!(event, Event::StreamStart),
            1 => matches!(event, Event::DocumentStart(_)),
            2 => matches!(event, Event::MappingStart(..)),
            _ => true,
        };
        if !expected_opening {
            return None;
        }
        let is_end = match &event {
            Event::DocumentStart(_) if index != 1 => return None,
            Event::Alias(_) => return None,
            Event::Scalar(value, _, anchor, _) => {
                if *anchor != 0 {
                    return None;
                }
                // A left-out node (`? ` with nothing after it) is an empty scalar that saphyr
                // places at the next token: at the end of a chunk, that is somewhere else than
                // in the whole document.
                if value.is_empty() && span.is_empty() && span.start as usize >= base + chunk.end {
                    return None;
                }
                if depth == 1 {
                    if expect_key {
                        keys.push(span.start as usize - base);
                    }
                    expect_key = !expect_key;
                }
                false
            }
            Event::MappingStart(anchor, _) | Event::SequenceStart(anchor, _) => {
                // An anchor, or a complex key (a collection where a key is expected).
                if *anchor != 0 || (depth == 1 && expect_key) {
                    return None;
                }
                depth += 1;
                false
            }
            Event::MappingEnd | Event::SequenceEnd => {
                depth = depth.checked_sub(1)?;
                if depth == 1 {
                    expect_key = true;
                }
                true
            }
            Event::DocumentEnd | Event::StreamEnd => continue,
            _ => false,
        };
        let step = Step::of(text, event, span);
        if is_end {
            pending.push(step);
            continue;
        }
        for held in pending.drain(..) {
            sink(held);
        }
        if index >= skip {
            sink(step);
        }
    }
    (keys == chunk.keys).then_some(pending)
}

/// How the stitched stream ends chunk `index`, given the end events that closed it on its own
/// (innermost first): the collections opened inside the chunk that the next chunk is outside
/// of end here, the mappings the next chunk goes on in stay open, and the mappings opened by
/// earlier chunks that the next chunk is outside of end here too. Spans of those added ends do
/// not matter: a block collection ends at its last child. `sink` answers whether to go on.
pub(super) fn close_chunk<'a>(
    chunks: &[Chunk],
    index: usize,
    trailing: Vec<Step<'a>>,
    sink: &mut dyn FnMut(Step<'a>) -> bool,
) -> bool {
    let chunk = &chunks[index];
    let next_level = chunks.get(index + 1).map_or(0, |c| c.level);
    let (s, n, d) = (chunk.level, next_level, trailing.len());
    let (keep, add) = if n >= s {
        match d.checked_sub(n - s + 1) {
            Some(keep) => (keep, 0),
            None => return false,
        }
    } else {
        (d, s - n - 1)
    };
    let at = Span::empty(chunk.end);
    trailing
        .into_iter()
        .take(keep)
        .chain((0..add).map(|_| Step::Close(at)))
        .all(sink)
}

/// A chunk parsed on another thread, kept compact until it is replayed into the tree: a
/// step's text is where it lies in the source when the parser took it from there (most
/// scalars), and in the chunk's own string store otherwise (escapes, folded lines).
pub(super) struct Buffered {
    steps: Vec<Compact>,
    strings: String,
    trailing: Vec<Compact>,
}

enum Compact {
    Open {
        mapping: bool,
        span: Span,
    },
    Close(Span),
    Scalar {
        kind: ScalarKind,
        span: Span,
        text: Text,
    },
}

enum Text {
    /// A byte range of the full text.
    Source(u32, u32),
    /// A byte range of the chunk's string store.
    Owned(u32, u32),
}

impl Buffered {
    pub(super) fn read(text: &str, base: usize, chunk: &Chunk) -> Option<Buffered> {
        let mut steps = Vec::with_capacity((chunk.end - chunk.start) / 20);
        let mut strings = String::new();
        let origin = text.as_ptr() as usize;
        // A value that does not fit its tag (`!!int twelve`) is reported as the tree is built;
        // a compact step has no room for that, so such a chunk is left to the whole parse.
        let mut mistagged = false;
        let mut compact = |step: Step<'_>, strings: &mut String| match step {
            Step::Open { mapping, span, .. } => Some(Compact::Open { mapping, span }),
            Step::Close(span) => Some(Compact::Close(span)),
            Step::Scalar {
                kind,
                span,
                value,
                mistagged: tag,
                ..
            } => {
                mistagged |= tag.is_some();
                let at = value.as_ptr() as usize;
                let text = if at >= origin && at + value.len() <= origin + text.len() {
                    Text::Source((at - origin) as u32, value.len() as u32)
                } else {
                    let start = strings.len() as u32;
                    strings.push_str(&value);
                    Text::Owned(start, value.len() as u32)
                };
                Some(Compact::Scalar { kind, span, text })
            }
            Step::DocumentStart(_) | Step::Alias { .. } | Step::Nothing => None,
        };
        let trailing = read_chunk(text, base, chunk, 3, &mut |step| {
            if let Some(c) = compact(step, &mut strings) {
                steps.push(c);
            }
        })?;
        let trailing = trailing
            .into_iter()
            .filter_map(|step| compact(step, &mut strings))
            .collect();
        if mistagged {
            return None;
        }
        Some(Buffered {
            steps,
            strings,
            trailing,
        })
    }

    fn step<'a>(&'a self, text: &'a str, c: &Compact) -> Step<'a> {
        match c {
            Compact::Open { mapping, span } => Step::Open {
                mapping: *mapping,
                span: *span,
                anchor: 0,
            },
            Compact::Close(span) => Step::Close(*span),
            Compact::Scalar {
                kind,
                span,
                text: t,
            } => {
                let value = match *t {
                    Text::Source(start, len) => &text[start as usize..(start + len) as usize],
                    Text::Owned(start, len) => {
                        &self.strings[start as usize..(start + len) as usize]
                    }
                };
                Step::Scalar {
                    kind: *kind,
                    span: *span,
                    value: value.into(),
                    anchor: 0,
                    mistagged: None,
                }
            }
        }
    }

    /// Hands the chunk's steps to `sink`, which answers whether to go on.
    pub(super) fn replay<'a>(
        &'a self,
        text: &'a str,
        sink: &mut dyn FnMut(Step<'a>) -> bool,
    ) -> bool {
        self.steps.iter().all(|c| sink(self.step(text, c)))
    }

    /// The end events that closed the chunk on its own, innermost first.
    pub(super) fn trailing<'a>(&'a self, text: &'a str) -> Vec<Step<'a>> {
        self.trailing.iter().map(|c| self.step(text, c)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan_of(text: &str, parts: usize) -> Option<Vec<(usize, usize, usize)>> {
        plan(text, Sizes::even(text.len(), parts))
            .map(|c| c.iter().map(|c| (c.start, c.end, c.level)).collect())
    }

    #[test]
    fn cuts_at_keys_of_nested_block_mappings_only() {
        let text = "openapi: 3.1.0\npaths:\n  /a:\n    get: {}\n  /b:\n    get: {}\n  /c:\n    get: {}\ncomponents:\n  schemas: {}\n";
        let chunks = plan(text, Sizes::even(text.len(), 3)).unwrap();
        // Never at the first key of a mapping (`/a` stays with `paths:`).
        assert!(chunks.iter().all(|c| !text[c.start..].starts_with("  /a")));
        for c in &chunks[1..] {
            let line = &text[c.start..];
            assert!(
                line.starts_with("  /")
                    || line.starts_with("paths:")
                    || line.starts_with("components:"),
                "{line:?}"
            );
        }
        // A chunk inside `paths` ends where `paths` does.
        assert!(
            chunks
                .iter()
                .any(|c| text[c.start..].starts_with("components:"))
        );
    }

    #[test]
    fn what_is_not_a_plain_block_mapping_is_not_cut() {
        for text in [
            "---\na: 1\nb: 2\n",
            "%YAML 1.2\n---\na: 1\n",
            "- a\n- b\n",
            "  a: 1\nb: 2\n",
            "[a, b]\n",
            "a: 1\n...\nb: 2\n",
            // A lone carriage return breaks lines for YAML (found by the yaml_chunks fuzz
            // target: `a:\r  b:` read as one header line put what follows a level too high).
            "a:\r  b:\n    c: 1\n    d: 2\ne: 3\n",
            "a:\n  b: |\n    x\ry: 1\n  c: 2\nd: 3\n",
        ] {
            assert_eq!(plan_of(text, 4), None, "{text:?}");
        }
        // Inside a sequence, a block scalar or a compact sequence nothing is cut.
        let text = "a:\n  - x: 1\n    y: 2\n  - x: 3\nb: |\n  c: 1\n  d: 2\ne:\n- f: 1\n  g: 2\n";
        let cuts = plan_of(text, 8).unwrap_or_default();
        assert!(!cuts.is_empty());
        for (start, _, _) in cuts.into_iter().skip(1) {
            let line = &text[start..];
            assert!(line.starts_with("b:") || line.starts_with("e:"), "{line:?}");
        }
    }
}
