//! YAML 1.2 front end: `saphyr-parser` events into the shared [`Builder`].
//!
//! saphyr's markers count characters, not bytes, so they go through [`CharToByte`]. Plain
//! scalars are resolved with the YAML 1.2 core schema (`NO` and `yes` stay strings, `0o17` is an
//! int); quoted and block scalars are strings; core-schema tags (`!!str`, `!!int`) override.

use std::collections::HashMap;

use saphyr_parser::{Event, Parser, ScalarStyle, ScanError, Tag};

use super::builder::{BuildIssue, Builder};
use super::tree::ScalarKind;
use super::yaml_split;
use super::{ParseOutcome, SyntaxError};
use crate::finding::Span;

/// Documents smaller than this are parsed in one piece: cutting them gains nothing.
const PARALLEL_MIN_BYTES: usize = 512 << 10;
/// No chunk but the first is made smaller than this.
const MIN_CHUNK_BYTES: usize = 128 << 10;

pub fn parse(text: &str, start: usize, max_depth: usize) -> ParseOutcome {
    if let Some(at) = memchr::memchr(0, &text.as_bytes()[start..]) {
        return parse_up_to_nul(text, start, start + at, max_depth);
    }
    let threads = rayon::current_num_threads();
    let len = text.len() - start;
    if len >= PARALLEL_MIN_BYTES && threads > 1 {
        if let Some(outcome) =
            parse_in_chunks(text, start, max_depth, Sizes::for_threads(len, threads))
        {
            return outcome;
        }
    }
    parse_whole(text, start, max_depth)
}

/// YAML allows no NUL character anywhere (YAML 1.2, 5.1), and saphyr takes one for the end of
/// the stream, which would report a misleading error somewhere before it. What precedes the
/// NUL is read; the NUL itself is the error, unless the prefix already has an earlier one.
fn parse_up_to_nul(text: &str, start: usize, nul: usize, max_depth: usize) -> ParseOutcome {
    let mut outcome = parse_whole(&text[..nul], start, max_depth);
    let earlier_error = outcome
        .error
        .as_ref()
        .is_some_and(|e| (e.span.start as usize) < nul && !e.message.contains("end of stream"));
    if !earlier_error {
        outcome.error = Some(SyntaxError {
            span: Span::new(nul, nul + 1),
            message: "YAML syntax error: a NUL character (U+0000) is not allowed in YAML; the rest of the file is not read".into(),
            pointer: outcome.error.take().map(|e| e.pointer).unwrap_or_default(),
            too_deep: false,
        });
    }
    outcome
}

/// The document in one piece, on this thread.
fn parse_whole(text: &str, start: usize, max_depth: usize) -> ParseOutcome {
    let input = &text[start..];
    let mut offsets = CharToByte::new(input, start);
    let mut reader = Reader::new(text, max_depth);
    for event in Parser::new_from_str(input) {
        let (event, span) = match event {
            Ok(pair) => pair,
            Err(e) => {
                reader.error = Some(scan_error(&e, &mut offsets, &reader.builder));
                break;
            }
        };
        let byte_span = Span::new(
            offsets.byte(span.start.index()),
            offsets.byte(span.end.index()),
        );
        if reader.take(Step::of(text, event, byte_span)).is_break() {
            break;
        }
    }
    reader.finish()
}

/// The document cut into chunks parsed at once (see [`yaml_split`]): the first is read straight
/// into the tree on this thread while the others are parsed into compact buffers on other
/// threads; this thread replays each buffer, in order, as soon as it has finished its own chunk
/// and that buffer is ready, so that only the last buffers' replay is left after the parse.
/// `None` when the document cannot be cut safely or a chunk does not confirm the cut: then it
/// is parsed whole, which also reports any error exactly where it is.
pub(super) fn parse_in_chunks(
    text: &str,
    start: usize,
    max_depth: usize,
    sizes: Sizes,
) -> Option<ParseOutcome> {
    use rayon::prelude::*;
    let input = &text[start..];
    let chunks = yaml_split::plan(input, sizes)?;
    let (first, rest) = chunks.split_first()?;
    let mut reader = Reader::new(text, max_depth);
    let ready = Ready::new(rest.len());
    let ((ok, replayed), ()) = rayon::join(
        || {
            let mut stopped = false;
            let Some(trailing) = yaml_split::read_chunk(text, start, first, 1, &mut |step| {
                stopped |= reader.take(step).is_break();
            }) else {
                ready.abandon();
                return (false, 0);
            };
            let mut ok = !stopped
                && yaml_split::close_chunk(&chunks, 0, trailing, &mut |step| {
                    reader.take(step).is_continue()
                });
            let mut replayed = 0;
            while ok && let Some(part) = ready.wait_for(replayed) {
                ok = replay(&mut reader, text, &chunks, replayed, part);
                replayed += 1;
            }
            (ok, replayed)
        },
        || {
            ready.started();
            rest.par_iter().enumerate().for_each(|(i, chunk)| {
                if !ready.abandoned() {
                    ready.set(i, yaml_split::Buffered::read(text, start, chunk));
                }
            });
        },
    );
    let mut ok = ok;
    for i in replayed..rest.len() {
        ok = ok && replay(&mut reader, text, &chunks, i, ready.get(i));
    }
    ok.then(|| reader.finish())
}

/// Replays the buffer of chunk `index + 1` (`index` counts the buffered chunks) and its end.
fn replay(
    reader: &mut Reader<'_>,
    text: &str,
    chunks: &[yaml_split::Chunk],
    index: usize,
    part: Option<&yaml_split::Buffered>,
) -> bool {
    let Some(part) = part else {
        return false;
    };
    part.replay(text, &mut |step| reader.take(step).is_continue())
        && yaml_split::close_chunk(chunks, index + 1, part.trailing(text), &mut |step| {
            reader.take(step).is_continue()
        })
}

/// The buffered chunks as they are parsed, for the thread that replays them in order.
///
/// That thread waits for the next buffer only once the parsing side has started on another
/// thread (otherwise the parse would be queued behind the wait) and never for long: after a
/// bounded wait it leaves the rest to be replayed after the join, so a busy pool can delay the
/// replay but never deadlock it.
struct Ready {
    slots: Vec<std::sync::OnceLock<Option<yaml_split::Buffered>>>,
    started: std::sync::atomic::AtomicBool,
    abandoned: std::sync::atomic::AtomicBool,
    lock: std::sync::Mutex<()>,
    filled: std::sync::Condvar,
}

/// The longest the replaying thread waits for one buffer before leaving the rest for later.
const MAX_WAIT: std::time::Duration = std::time::Duration::from_millis(50);

impl Ready {
    fn new(count: usize) -> Ready {
        Ready {
            slots: (0..count).map(|_| std::sync::OnceLock::new()).collect(),
            started: false.into(),
            abandoned: false.into(),
            lock: std::sync::Mutex::new(()),
            filled: std::sync::Condvar::new(),
        }
    }

    fn started(&self) {
        self.started
            .store(true, std::sync::atomic::Ordering::Release);
    }

    /// The first chunk did not parse as planned: the buffers are not needed.
    fn abandon(&self) {
        self.abandoned
            .store(true, std::sync::atomic::Ordering::Release);
    }

    fn abandoned(&self) -> bool {
        self.abandoned.load(std::sync::atomic::Ordering::Acquire)
    }

    fn set(&self, index: usize, part: Option<yaml_split::Buffered>) {
        if part.is_none() {
            self.abandon();
        }
        let _ = self.slots[index].set(part);
        let _guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        self.filled.notify_all();
    }

    /// A buffer that is ready (`Some(None)` for a chunk that did not parse as planned).
    fn get(&self, index: usize) -> Option<&yaml_split::Buffered> {
        self.slots.get(index)?.get()?.as_ref()
    }

    /// Buffer `index` once it is ready; `None` when there is none, or when it is not ready
    /// and waiting is not safe or took too long.
    fn wait_for(&self, index: usize) -> Option<Option<&yaml_split::Buffered>> {
        let slot = self.slots.get(index)?;
        if let Some(part) = slot.get() {
            return Some(part.as_ref());
        }
        if !self.started.load(std::sync::atomic::Ordering::Acquire) || self.abandoned() {
            return None;
        }
        let guard = self.lock.lock().unwrap_or_else(|e| e.into_inner());
        let (_guard, _) = self
            .filled
            .wait_timeout_while(guard, MAX_WAIT, |_| {
                slot.get().is_none() && !self.abandoned()
            })
            .unwrap_or_else(|e| e.into_inner());
        slot.get().map(Option::as_ref)
    }
}

/// Where a chunked parse of `text` (cut into chunks of about `len / parts` bytes) differs from
/// the parse in one piece, or `Ok(false)` when the text was not cut. For the tests and the
/// `yaml_chunks` fuzz target: cutting must never change what is read.
#[doc(hidden)]
pub fn chunked_parse_differs(text: &str, parts: usize) -> Result<bool, String> {
    let Some(chunked) = parse_in_chunks(text, 0, 1000, Sizes::even(text.len(), parts)) else {
        return Ok(false);
    };
    let whole = parse_whole(text, 0, 1000);
    if chunked.error.is_some() || whole.error.is_some() {
        return Err(format!(
            "chunking went ahead despite an error: {:?} / {:?}",
            chunked.error, whole.error
        ));
    }
    if chunked.issues != whole.issues {
        return Err(format!(
            "issues differ: {:?} vs {:?}",
            chunked.issues, whole.issues
        ));
    }
    if chunked.extra_document != whole.extra_document {
        return Err("extra documents differ".into());
    }
    if chunked.tree != whole.tree {
        let (a, b) = (&whole.tree, &chunked.tree);
        let first = (0..a.nodes.len().min(b.nodes.len())).find(|&i| a.nodes[i] != b.nodes[i]);
        return Err(format!(
            "trees differ; nodes {} vs {}, first differing node {first:?}: {:?} vs {:?}",
            a.nodes.len(),
            b.nodes.len(),
            first.map(|i| &a.nodes[i]),
            first.map(|i| &b.nodes[i]),
        ));
    }
    Ok(true)
}

/// How large to make the chunks of a document cut for `threads` threads.
#[derive(Debug, Clone, Copy)]
pub(super) struct Sizes {
    /// Bytes of the first chunk, which its thread reads into the tree as it parses it.
    pub first: usize,
    /// Bytes of each further chunk.
    pub rest: usize,
}

impl Sizes {
    /// The first chunk's thread also builds the whole tree, which costs about a sixth of
    /// parsing the same text, so it gets a little less than an equal share of the parse; the
    /// rest is cut finer so that its buffers can be replayed while later ones are parsed.
    fn for_threads(len: usize, threads: usize) -> Sizes {
        let share = len / threads;
        Sizes {
            first: share - share / 7,
            rest: (share / 4).max(MIN_CHUNK_BYTES),
        }
    }

    /// Equal chunks of `len / parts` bytes (tests and fuzzing).
    pub(super) fn even(len: usize, parts: usize) -> Sizes {
        let size = (len / parts).max(1);
        Sizes {
            first: size,
            rest: size,
        }
    }
}

/// An event reduced to what the tree needs, its span already the node's source.
pub(super) enum Step<'v> {
    DocumentStart(Span),
    Open {
        mapping: bool,
        span: Span,
        anchor: usize,
    },
    Close(Span),
    Scalar {
        kind: ScalarKind,
        span: Span,
        value: std::borrow::Cow<'v, str>,
        anchor: usize,
        /// A core-schema tag the value does not fit (`!!int twelve`).
        mistagged: Option<&'static str>,
    },
    Alias {
        span: Span,
        anchor: usize,
    },
    Nothing,
}

impl<'v> Step<'v> {
    /// The step of a parser event (`byte_span` in the full text).
    pub(super) fn of(text: &str, event: Event<'v>, byte_span: Span) -> Step<'v> {
        match event {
            Event::DocumentStart(_) => Step::DocumentStart(byte_span),
            Event::Scalar(value, style, anchor, tag) => {
                let (kind, mistagged) = match resolve_kind(&value, style, tag.as_deref()) {
                    Ok(kind) => (kind, None),
                    Err(tag) => (ScalarKind::String, Some(tag)),
                };
                Step::Scalar {
                    kind,
                    span: if matches!(style, ScalarStyle::Literal | ScalarStyle::Folded) {
                        block_scalar_span(text, byte_span)
                    } else {
                        byte_span
                    },
                    value,
                    anchor,
                    mistagged,
                }
            }
            Event::Alias(anchor) => Step::Alias {
                span: byte_span,
                anchor,
            },
            Event::MappingStart(anchor, _) => Step::Open {
                mapping: true,
                span: byte_span,
                anchor,
            },
            Event::SequenceStart(anchor, _) => Step::Open {
                mapping: false,
                span: block_sequence_start(text, byte_span),
                anchor,
            },
            Event::MappingEnd | Event::SequenceEnd => Step::Close(byte_span),
            Event::StreamStart | Event::StreamEnd | Event::DocumentEnd | Event::Nothing => {
                Step::Nothing
            }
        }
    }
}

/// Turns steps into the tree.
struct Reader<'t> {
    text: &'t str,
    max_depth: usize,
    builder: Builder<'t>,
    anchors: HashMap<usize, super::tree::NodeId>,
    documents: usize,
    error: Option<SyntaxError>,
    extra_document: Option<Span>,
}

impl<'t> Reader<'t> {
    fn new(text: &'t str, max_depth: usize) -> Reader<'t> {
        Reader {
            text,
            max_depth,
            builder: Builder::new(text, max_depth),
            anchors: HashMap::new(),
            documents: 0,
            error: None,
            extra_document: None,
        }
    }

    /// Takes one step; `Break` when reading must stop (a second document, the nesting
    /// limit).
    fn take(&mut self, step: Step<'_>) -> std::ops::ControlFlow<()> {
        use std::ops::ControlFlow::{Break, Continue};
        let builder = &mut self.builder;
        match step {
            Step::DocumentStart(span) => {
                self.documents += 1;
                if self.documents > 1 {
                    self.extra_document = Some(span);
                    return Break(());
                }
            }
            Step::Scalar {
                kind,
                span,
                value,
                anchor,
                mistagged,
            } => {
                // The value left out after an explicit key (`? a` with no `: b`) is an empty
                // scalar that saphyr places at the next token, wherever that is (the next line's
                // key, or the end of a chunk): it is placed where its key ends instead.
                let span = match builder.pending_key_end() {
                    Some(key_end)
                        if value.is_empty()
                            && span.is_empty()
                            && self
                                .text
                                .get(key_end as usize..span.start as usize)
                                .is_some_and(|gap| gap.contains(['\n', '\r'])) =>
                    {
                        Span::empty(key_end as usize)
                    }
                    _ => span,
                };
                let id = builder.scalar(kind, span, &value);
                if let Some(tag) = mistagged {
                    builder.report(BuildIssue::MistaggedScalar { node: id, tag });
                }
                if anchor != 0 {
                    self.anchors.insert(anchor, id);
                }
            }
            Step::Alias { span, anchor } => {
                builder.alias(span, self.anchors.get(&anchor).copied());
            }
            Step::Open {
                mapping,
                span,
                anchor,
            } => {
                let opened = if mapping {
                    builder.open_mapping(span)
                } else {
                    builder.open_sequence(span)
                };
                match opened {
                    Ok(id) => {
                        if anchor != 0 {
                            self.anchors.insert(anchor, id);
                        }
                    }
                    Err(_) => {
                        self.error = Some(SyntaxError::too_deep(
                            span,
                            builder.open_path(),
                            self.max_depth,
                        ));
                        return Break(());
                    }
                }
            }
            Step::Close(span) => {
                // A flow collection ends at its closing bracket; a block collection at the end
                // of its last child (its end event sits at the next token, past blank lines
                // and comments), which `close` takes when `end` is smaller.
                let is_flow = matches!(
                    self.text.as_bytes().get(span.start as usize),
                    Some(b'}' | b']')
                );
                // The end event's span may run over the blanks after the bracket.
                builder.close(if is_flow { span.start as usize + 1 } else { 0 });
            }
            Step::Nothing => {}
        }
        Continue(())
    }

    fn finish(self) -> ParseOutcome {
        let (tree, issues) = self.builder.finish(self.text.len());
        ParseOutcome {
            tree,
            issues,
            error: self.error,
            extra_document: self.extra_document,
        }
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
    // Back over the blank lines and indentation between the header and the content.
    let mut header_end = span.start as usize;
    while header_end > 0 && bytes[header_end - 1].is_ascii_whitespace() {
        header_end -= 1;
    }
    let line_start = text[..header_end].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let start = match block_scalar_header(&text[line_start..header_end]) {
        Some(i) => line_start + i,
        None => span.start as usize,
    };
    // The content ends at its last non-blank character; an empty scalar (`>-` and blank lines)
    // is its header alone. Where the parser's span ends in the blanks after it depends on what
    // follows, which a chunked parse does not see.
    let mut end = (span.end as usize).max(start);
    while end > start && bytes[end - 1].is_ascii_whitespace() {
        end -= 1;
    }
    Span::new(start, end)
}

/// Where a block scalar's header (`|`, `>-`, `|2+`) starts in its line: the last `|` or `>`
/// before the line's comment (a `#` after a blank) that follows a blank (or starts the line)
/// and is followed by at most two indicators and blanks. Plain text before it may hold `|`,
/// `>` and `#`, and the comment after it anything.
fn block_scalar_header(line: &str) -> Option<usize> {
    let bytes = line.as_bytes();
    let code_end = (1..bytes.len())
        .find(|&i| bytes[i] == b'#' && matches!(bytes[i - 1], b' ' | b'\t'))
        .unwrap_or(bytes.len());
    let code = &bytes[..code_end];
    (0..code.len()).rev().find(|&i| {
        if !matches!(code[i], b'|' | b'>') || (i > 0 && !matches!(code[i - 1], b' ' | b'\t')) {
            return false;
        }
        let rest = &code[i + 1..];
        let indicators = rest
            .iter()
            .take(2)
            .take_while(|b| matches!(b, b'1'..=b'9' | b'+' | b'-'))
            .count();
        rest[indicators..].iter().all(|b| matches!(b, b' ' | b'\t'))
    })
}

/// YAML 1.2 core schema resolution of a scalar; `Err(tag)` when a core-schema tag names a type the
/// value does not fit (`!!int twelve`, `!!bool "maybe"`): the caller reads it as a string and
/// reports it, rather than hand later stages an "integer" that is no number.
fn resolve_kind(
    value: &str,
    style: ScalarStyle,
    tag: Option<&Tag>,
) -> Result<ScalarKind, &'static str> {
    if let Some(tag) = tag {
        if tag.handle == "tag:yaml.org,2002:" || tag.handle == "!!" {
            let (wanted, name) = match tag.suffix.as_str() {
                "str" | "binary" | "timestamp" => return Ok(ScalarKind::String),
                "int" => (ScalarKind::Int, "!!int"),
                "float" => (ScalarKind::Float, "!!float"),
                "bool" => (ScalarKind::Bool, "!!bool"),
                "null" => (ScalarKind::Null, "!!null"),
                _ => return Ok(untagged_kind(value, style)),
            };
            let fits = match (wanted, plain_scalar_kind(value)) {
                (w, k) if w == k => true,
                // An integer is a float too (`!!float 1`).
                (ScalarKind::Float, ScalarKind::Int) => true,
                // `!!null ""`: the empty value is null.
                (ScalarKind::Null, _) => value.is_empty(),
                _ => false,
            };
            return if fits { Ok(wanted) } else { Err(name) };
        } else if tag.handle == "!" && tag.suffix.is_empty() {
            // The non-specific tag `!` forces a string.
            return Ok(ScalarKind::String);
        }
    }
    Ok(untagged_kind(value, style))
}

fn untagged_kind(value: &str, style: ScalarStyle) -> ScalarKind {
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
pub(super) struct CharToByte {
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
    pub(super) fn new(input: &str, base: usize) -> CharToByte {
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

    pub(super) fn byte(&mut self, char_index: usize) -> usize {
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

    /// Parses `text` whole and in chunks of every size down to one entry each, and requires
    /// the same tree, the same issues and the same error (or that no chunking was possible).
    /// Returns how many chunkings were compared.
    fn same_either_way(name: &str, text: &str) -> usize {
        [2, 64]
            .into_iter()
            .map(|parts| match chunked_parse_differs(text, parts) {
                Ok(cut) => usize::from(cut),
                Err(difference) => panic!("{name} in {parts} parts: {difference}"),
            })
            .sum()
    }

    fn yaml_files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                yaml_files(&p, out);
            } else if matches!(p.extension().and_then(|x| x.to_str()), Some("yaml" | "yml")) {
                out.push(p);
            }
        }
    }

    #[test]
    fn chunked_parsing_gives_the_same_tree_for_every_yaml_file() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        yaml_files(&root.join("tests"), &mut files);
        yaml_files(&root.join("examples"), &mut files);
        yaml_files(&root.join("../shared/corpus"), &mut files);
        files.sort();
        let (mut documents, mut chunked) = (0, 0);
        for path in &files {
            let Ok(text) = std::fs::read_to_string(path) else {
                continue;
            };
            documents += 1;
            chunked += usize::from(same_either_way(&path.display().to_string(), &text) > 0);
        }
        // Most real specs can be cut; the tests' own files include the hostile ones.
        assert!(documents > 100, "{documents}");
        assert!(
            chunked * 2 > documents,
            "only {chunked} of {documents} could be cut"
        );
    }

    /// With one thread, the buffered chunks are only parsed once the first one is done (no
    /// thread is there to start them sooner, so the replay must not wait for them): the tree
    /// is still the same.
    #[test]
    fn chunked_parsing_on_one_thread_does_not_wait_for_the_buffers() {
        let text = std::fs::read_to_string(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../shared/corpus/openai/2026-08-21/openapi.yaml"),
        )
        .expect("corpus spec");
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .expect("pool");
        assert_eq!(pool.install(|| same_either_way("openai", &text)), 2);
    }

    #[test]
    fn block_scalar_headers_are_found_after_any_plain_text() {
        for (line, header) in [
            ("key: |", Some(5)),
            ("key: >- # a|b", Some(5)),
            ("- |2+", Some(2)),
            ("  k x|y### z: |", Some(14)),
            ("  k x|y ### z: |", None),
            ("a: | ###### b: |", Some(3)),
            ("a: >-#b: |", Some(9)),
            ("|", Some(0)),
            ("a: >\t#c", Some(3)),
            ("x|y", None),
            ("key: '|'", None),
            ("key: |x", None),
            ("key: |123", None),
        ] {
            assert_eq!(block_scalar_header(line), header, "{line:?}");
        }
    }

    #[test]
    fn chunked_parsing_of_tricky_documents() {
        for text in [
            // Quoted keys, flow values, comments between entries, CRLF, trailing blanks.
            "openapi: 3.1.0\r\npaths:\r\n  '/a/{id}':\r\n    get: {responses: {'200': {description: ok}}}\r\n  # a comment\r\n  \"/b\":\r\n    post:\r\n      summary: x\r\n\r\n\r\ncomponents:\r\n  schemas:\r\n    A: {type: string}\r\n    B:\r\n      type: object\r\n",
            // Block scalars whose content looks like keys, and a compact sequence.
            "a:\n  b: |\n    c: 1\n    d: 2\n  e: >-\n    f: 3\n  g:\n  - h: 1\n    i: 2\n  j: 4\nk:\n  l: 5\n  m: 6\n",
            // Duplicate keys across cuts are found as in one piece.
            "a:\n  x: 1\n  y: 2\n  x: 3\nb:\n  z: 1\nb:\n  z: 2\n",
            // Unicode before and after cuts (saphyr counts characters).
            "a:\n  é: ü\n  ö:\n    ß: 😀\nb:\n  c: 中文\n  d: e\n",
            // Deep nesting ending in several levels at once.
            "a:\n  b:\n    c:\n      d: 1\n      e: 2\n    f: 3\n  g: 4\nh: 5\n",
            // Tags that fit their values anywhere, one that does not in the first chunk (it is
            // reported while the tree is built, the same either way).
            "a:\n  x: !!int twelve\n  y: 2\nb:\n  z: !!str 3\n  w: !!int 4\n  v: !!float 1\n",
            // An empty block scalar last in a chunk: blank lines after it and a dedent (found
            // by the yaml_chunks fuzz target).
            "a:\n  x: 1\n  y: >-\n\nb: 2\nc:\n  d: |\n\n\n  e: 3\nf: 4\n",
            // An explicit key without a value last in a chunk (found the same way).
            "a:\n  x:\n   ? k: v\n  y: 1\n  z:\n    ? w\n  u: 2\n",
        ] {
            assert!(same_either_way(text, text) > 0, "{text:?} was not cut");
        }
        // Anchors and aliases, a value that does not fit its tag after the first chunk, or
        // errors: not cut, parsed whole.
        for text in [
            "a:\n  x: &k 1\n  y: 2\nb:\n  z: *k\n",
            "a:\n  x: 1\n  y: 2\nb:\n  z: !!bool maybe\n",
            "a:\n  x: 1\n  y: [2\nb:\n  z: 3\n",
            "a:\n  x: 1\n  y: \"2\nb: 3\"\n",
        ] {
            assert!(
                parse_in_chunks(text, 0, 1000, Sizes::even(text.len(), 8)).is_none(),
                "{text:?}"
            );
        }
    }

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
