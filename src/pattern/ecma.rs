//! A parser for ECMA-262 regular expressions as JSON Schema / OpenAPI `pattern` uses them (no
//! flags: not Unicode mode, so the Annex B grammar applies), producing a small syntax tree that
//! [`super::automaton`] lowers to `regex-syntax`'s HIR.
//!
//! Why our own parser instead of translating the text for `regex-syntax`: the two dialects differ
//! in many small ways (`a{,3}` is a literal in ECMA, `\/` and `\-` are identity escapes, `]` and
//! `}` are literal characters, `\0`/`\12` are legacy octal escapes, `\8` is the digit `8`, a
//! `\1` is a back-reference only when the pattern has a capture group 1, `\u{41}`, named groups,
//! `.` excludes four line terminators, `\s` is ECMA's white space list, ...). Translating text would
//! have to get each of them right *and* rely on `regex-syntax` reading the result the same way.
//! Parsing into our own tree makes every one of those decisions once, here, in code that mirrors
//! the parser of `regress` (the ECMA-262 engine that decides validity and runs the sampled
//! fallback), so the exact engine and the ECMA engine agree on what a pattern means.
//!
//! The parser is only ever run on patterns that `regress` has already accepted; its own errors are
//! a safety net (the caller then falls back to sampling).

/// The largest Unicode scalar value.
pub(crate) const MAX_CP: u32 = 0x10_FFFF;

/// A set of code points: sorted, disjoint, non-adjacent inclusive ranges.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct CharSet {
    ranges: Vec<(u32, u32)>,
}

impl CharSet {
    pub(crate) fn single(c: u32) -> CharSet {
        CharSet {
            ranges: vec![(c, c)],
        }
    }

    pub(crate) fn from_ranges(ranges: &[(u32, u32)]) -> CharSet {
        let mut set = CharSet::default();
        for &(lo, hi) in ranges {
            set.add(lo, hi);
        }
        set
    }

    /// Every code point (`[^]`, `.` under the `s` modifier).
    pub(crate) fn all() -> CharSet {
        CharSet {
            ranges: vec![(0, MAX_CP)],
        }
    }

    pub(crate) fn ranges(&self) -> &[(u32, u32)] {
        &self.ranges
    }

    pub(crate) fn add(&mut self, lo: u32, hi: u32) {
        debug_assert!(lo <= hi);
        self.ranges.push((lo, hi));
        self.normalize();
    }

    pub(crate) fn add_set(&mut self, other: &CharSet) {
        self.ranges.extend_from_slice(&other.ranges);
        self.normalize();
    }

    fn normalize(&mut self) {
        self.ranges.sort_unstable();
        let mut out: Vec<(u32, u32)> = Vec::with_capacity(self.ranges.len());
        for &(lo, hi) in &self.ranges {
            match out.last_mut() {
                Some(last) if lo <= last.1.saturating_add(1) => last.1 = last.1.max(hi),
                _ => out.push((lo, hi)),
            }
        }
        self.ranges = out;
    }

    /// The complement within `0..=MAX_CP`.
    pub(crate) fn complement(&self) -> CharSet {
        let mut out = Vec::with_capacity(self.ranges.len() + 1);
        let mut next = 0u32;
        for &(lo, hi) in &self.ranges {
            if lo > next {
                out.push((next, lo - 1));
            }
            next = hi.saturating_add(1);
        }
        if next <= MAX_CP {
            out.push((next, MAX_CP));
        }
        CharSet { ranges: out }
    }

    pub(crate) fn contains(&self, c: u32) -> bool {
        let i = self.ranges.partition_point(|&(_, hi)| hi < c);
        self.ranges.get(i).is_some_and(|&(lo, _)| lo <= c)
    }
}

/// `\d`: ASCII digits only in ECMA-262 (also in Unicode mode).
pub(crate) const DIGIT: &[(u32, u32)] = &[(0x30, 0x39)];
/// `\w`: ASCII `[A-Za-z0-9_]` (without the `i`+`u` flag combination, which a `pattern` never has).
pub(crate) const WORD: &[(u32, u32)] = &[(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)];
/// `\s`: ECMA-262 WhiteSpace (TAB, VT, FF, SP, NBSP, ZWNBSP/BOM and the `Zs` category) plus
/// LineTerminator (LF, CR, LS, PS). This is wider than `regex-syntax`'s ASCII `\s` (which has no
/// U+00A0 or U+FEFF), which is one reason we build classes ourselves.
pub(crate) const SPACE: &[(u32, u32)] = &[
    (0x09, 0x0D),
    (0x20, 0x20),
    (0xA0, 0xA0),
    (0x1680, 0x1680),
    (0x2000, 0x200A),
    (0x2028, 0x2029),
    (0x202F, 0x202F),
    (0x205F, 0x205F),
    (0x3000, 0x3000),
    (0xFEFF, 0xFEFF),
];
/// ECMA-262 LineTerminator: what `.` does not match (without the `s` flag).
pub(crate) const LINE_TERMINATOR: &[(u32, u32)] = &[(0x0A, 0x0A), (0x0D, 0x0D), (0x2028, 0x2029)];

/// The syntax tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Node {
    Empty,
    /// One character out of a set (literal, class, escape, `.`).
    Chars(CharSet),
    Cat(Vec<Node>),
    Alt(Vec<Node>),
    /// A capturing, named or non-capturing group, or a modifier group `(?s:...)`.
    Group(Box<Node>),
    /// `*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}` (laziness does not change the language).
    Repeat {
        sub: Box<Node>,
        min: usize,
        max: Option<usize>,
    },
    /// `^`; `multiline` under a `(?m:...)` modifier (then it also matches after line terminators).
    Start {
        multiline: bool,
    },
    /// `$`.
    End {
        multiline: bool,
    },
    /// `\b` (`negate`: `\B`), over ASCII word characters.
    WordBoundary {
        negate: bool,
    },
    /// A look-around assertion.
    Look {
        behind: bool,
        negate: bool,
        sub: Box<Node>,
    },
    /// A numbered or named back-reference.
    BackRef,
}

/// Features the automaton engine cannot express (exactly); any of them means sampling.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct Features {
    pub lookahead: bool,
    pub lookbehind: bool,
    pub backref: bool,
    /// A `(?i:...)` modifier group (ES2025): case folding is not modelled.
    pub case_insensitive: bool,
    /// `^`/`$` inside a `(?m:...)` modifier group: ECMA's multiline anchors (after/before any of
    /// LF, CR, LS, PS, including between CR and LF) have no `regex-automata` equivalent.
    pub multiline: bool,
}

impl Features {
    /// Why the pattern cannot be compiled to an automaton, if it cannot.
    pub(crate) fn blocker(&self) -> Option<&'static str> {
        if self.lookahead {
            Some("look-ahead")
        } else if self.lookbehind {
            Some("look-behind")
        } else if self.backref {
            Some("back-reference")
        } else if self.case_insensitive {
            Some("case-insensitive group (?i:...)")
        } else if self.multiline {
            Some("multiline anchor in (?m:...)")
        } else {
            None
        }
    }
}

#[derive(Clone, Debug)]
pub(crate) struct Parsed {
    pub root: Node,
    pub features: Features,
}

#[derive(Clone, Copy, Default)]
struct Flags {
    icase: bool,
    multiline: bool,
    dot_all: bool,
}

struct Parser {
    chars: Vec<char>,
    pos: usize,
    flags: Flags,
    features: Features,
    /// Number of capture groups in the whole pattern (a `\N` with N at most this is a
    /// back-reference, otherwise an octal or identity escape).
    group_count_max: usize,
    /// Whether the pattern has named groups (then `\k<name>` is a back-reference, else `\k` = `k`).
    has_named_groups: bool,
}

type PResult<T> = Result<T, String>;

/// Parses `pattern` (already accepted by `regress`) into a tree.
pub(crate) fn parse(pattern: &str) -> PResult<Parsed> {
    let mut p = Parser {
        chars: pattern.chars().collect(),
        pos: 0,
        flags: Flags::default(),
        features: Features::default(),
        group_count_max: 0,
        has_named_groups: false,
    };
    p.count_groups();
    let root = p.disjunction(0)?;
    match p.peek() {
        None => Ok(Parsed {
            root,
            features: p.features,
        }),
        Some(')') => Err("Unbalanced parenthesis".into()),
        Some(c) => Err(format!("Unexpected char: {c}")),
    }
}

fn is_ascii_digit(c: Option<char>) -> bool {
    c.is_some_and(|c| c.is_ascii_digit())
}

impl Parser {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn peek_at(&self, k: usize) -> Option<char> {
        self.chars.get(self.pos + k).copied()
    }

    fn next(&mut self) -> Option<char> {
        let c = self.peek();
        if c.is_some() {
            self.pos += 1;
        }
        c
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn eat_str(&mut self, s: &str) -> bool {
        let n = s.chars().count();
        if self.chars.len() >= self.pos + n
            && s.chars().zip(&self.chars[self.pos..]).all(|(a, &b)| a == b)
        {
            self.pos += n;
            true
        } else {
            false
        }
    }

    /// Pre-pass (as in `regress`): count capture groups and see whether any is named.
    fn count_groups(&mut self) {
        let cs = &self.chars;
        let mut i = 0;
        while i < cs.len() {
            match cs[i] {
                '\\' => i += 2,
                '[' => {
                    i += 1;
                    while i < cs.len() {
                        match cs[i] {
                            '\\' => i += 2,
                            ']' => {
                                i += 1;
                                break;
                            }
                            _ => i += 1,
                        }
                    }
                }
                '(' => {
                    i += 1;
                    if cs.get(i) == Some(&'?') {
                        // `(?<name>` is a named capture; `(?<=`, `(?<!`, `(?:`, `(?=`, ... are not.
                        if cs.get(i + 1) == Some(&'<')
                            && !matches!(cs.get(i + 2), Some('=') | Some('!') | None)
                        {
                            self.group_count_max += 1;
                            self.has_named_groups = true;
                        }
                    } else {
                        self.group_count_max += 1;
                    }
                }
                _ => i += 1,
            }
        }
    }

    fn disjunction(&mut self, depth: u32) -> PResult<Node> {
        if depth > 300 {
            return Err("Regular expression is too deeply nested".into());
        }
        let mut alts = vec![self.term(depth)?];
        while self.eat('|') {
            alts.push(self.term(depth)?);
        }
        Ok(if alts.len() == 1 {
            alts.pop().unwrap_or(Node::Empty)
        } else {
            Node::Alt(alts)
        })
    }

    fn chars_node(&mut self, set: CharSet) -> Node {
        if self.flags.icase {
            self.features.case_insensitive = true;
        }
        Node::Chars(set)
    }

    fn term(&mut self, depth: u32) -> PResult<Node> {
        let mut items: Vec<Node> = Vec::new();
        loop {
            let mut start = items.len();
            let mut quantifier_allowed = true;
            let Some(c) = self.peek() else { break };
            match c {
                ')' | '|' => break,
                '^' => {
                    self.pos += 1;
                    if self.flags.multiline {
                        self.features.multiline = true;
                    }
                    items.push(Node::Start {
                        multiline: self.flags.multiline,
                    });
                    quantifier_allowed = false;
                }
                '$' => {
                    self.pos += 1;
                    if self.flags.multiline {
                        self.features.multiline = true;
                    }
                    items.push(Node::End {
                        multiline: self.flags.multiline,
                    });
                    quantifier_allowed = false;
                }
                '\\' => {
                    self.pos += 1;
                    match self.peek() {
                        None => return Err("Incomplete escape".into()),
                        // Like regress (and unlike the ECMA grammar), a quantifier after `\b` is
                        // accepted; it does not change the language.
                        Some('b') => {
                            self.pos += 1;
                            items.push(Node::WordBoundary { negate: false });
                        }
                        Some('B') => {
                            self.pos += 1;
                            items.push(Node::WordBoundary { negate: true });
                        }
                        Some('c') => {
                            self.pos += 1;
                            match self.peek() {
                                Some(l) if l.is_ascii_alphabetic() => {
                                    self.pos += 1;
                                    let n = self.chars_node(CharSet::single(l as u32 % 32));
                                    items.push(n);
                                }
                                // Annex B: `\c` not followed by a letter is a literal `\` and `c`
                                // (a following quantifier applies to the `c` only).
                                _ => {
                                    let n = self.chars_node(CharSet::single('\\' as u32));
                                    items.push(n);
                                    start += 1;
                                    let n = self.chars_node(CharSet::single('c' as u32));
                                    items.push(n);
                                }
                            }
                        }
                        Some(_) => {
                            let n = self.atom_escape()?;
                            items.push(n);
                        }
                    }
                }
                '.' => {
                    self.pos += 1;
                    let set = if self.flags.dot_all {
                        CharSet::all()
                    } else {
                        CharSet::from_ranges(LINE_TERMINATOR).complement()
                    };
                    items.push(Node::Chars(set));
                }
                '(' => {
                    let node = if self.eat_str("(?=") {
                        self.features.lookahead = true;
                        let sub = self.disjunction(depth + 1)?;
                        Node::Look {
                            behind: false,
                            negate: false,
                            sub: Box::new(sub),
                        }
                    } else if self.eat_str("(?!") {
                        self.features.lookahead = true;
                        let sub = self.disjunction(depth + 1)?;
                        Node::Look {
                            behind: false,
                            negate: true,
                            sub: Box::new(sub),
                        }
                    } else if self.eat_str("(?<=") {
                        quantifier_allowed = false;
                        self.features.lookbehind = true;
                        let sub = self.disjunction(depth + 1)?;
                        Node::Look {
                            behind: true,
                            negate: false,
                            sub: Box::new(sub),
                        }
                    } else if self.eat_str("(?<!") {
                        quantifier_allowed = false;
                        self.features.lookbehind = true;
                        let sub = self.disjunction(depth + 1)?;
                        Node::Look {
                            behind: true,
                            negate: true,
                            sub: Box::new(sub),
                        }
                    } else if self.eat_str("(?:") {
                        Node::Group(Box::new(self.disjunction(depth + 1)?))
                    } else if let Some(g) = self.modifier_group(depth)? {
                        g
                    } else {
                        self.pos += 1; // '('
                        if self.eat('?') {
                            // A named group `(?<name>...)`; regress has validated the name.
                            if !self.eat('<') {
                                return Err(
                                    "Invalid token at named capture group identifier".into()
                                );
                            }
                            self.skip_group_name()?;
                        }
                        Node::Group(Box::new(self.disjunction(depth + 1)?))
                    };
                    if !self.eat(')') {
                        return Err("Unbalanced parenthesis".into());
                    }
                    items.push(node);
                }
                '[' => {
                    let set = self.bracket()?;
                    let n = self.chars_node(set);
                    items.push(n);
                }
                '{' => {
                    // Annex B: a `{` that does not start a valid quantifier is a literal.
                    let save = self.pos;
                    if self.braced_quantifier().is_some() {
                        return Err("Invalid braced quantifier".into());
                    }
                    self.pos = save + 1;
                    let n = self.chars_node(CharSet::single('{' as u32));
                    items.push(n);
                }
                '*' | '+' | '?' => return Err("Invalid atom character".into()),
                // Annex B: `]` and `}` are literal characters, as is everything else.
                _ => {
                    self.pos += 1;
                    let n = self.chars_node(CharSet::single(c as u32));
                    items.push(n);
                }
            }

            if let Some((min, max)) = self.quantifier() {
                if !quantifier_allowed {
                    return Err("Quantifier not allowed here".into());
                }
                if max.is_some_and(|max| min > max) {
                    return Err("Invalid quantifier".into());
                }
                let quantified = items.split_off(start);
                let sub = if quantified.len() == 1 {
                    quantified.into_iter().next().unwrap_or(Node::Empty)
                } else {
                    Node::Cat(quantified)
                };
                items.push(Node::Repeat {
                    sub: Box::new(sub),
                    min,
                    max,
                });
            }
        }
        Ok(match items.len() {
            0 => Node::Empty,
            1 => items.pop().unwrap_or(Node::Empty),
            _ => Node::Cat(items),
        })
    }

    /// `(?ims-ims:...)` (ES2025 pattern modifiers, which regress supports). Returns `None` when the
    /// input is not such a group (the caller then parses a capture group).
    fn modifier_group(&mut self, depth: u32) -> PResult<Option<Node>> {
        if self.peek() != Some('(') || self.peek_at(1) != Some('?') {
            return Ok(None);
        }
        let mut k = 2;
        let Some(mut cur) = self.peek_at(k) else {
            return Ok(None);
        };
        if cur == '<' {
            return Ok(None);
        }
        let mut seen_hyphen = false;
        let mut saw_flag = false;
        let mut overrides: [Option<bool>; 3] = [None; 3];
        loop {
            match cur {
                'i' | 'm' | 's' => {
                    let slot = match cur {
                        'i' => 0,
                        'm' => 1,
                        _ => 2,
                    };
                    if overrides[slot].is_some() {
                        return Err("Invalid group modifier".into());
                    }
                    overrides[slot] = Some(!seen_hyphen);
                    saw_flag = true;
                }
                '-' => {
                    if seen_hyphen {
                        return Err("Invalid group modifier".into());
                    }
                    seen_hyphen = true;
                }
                ':' => {
                    if !saw_flag {
                        return Err("Invalid group modifier".into());
                    }
                    self.pos += k + 1;
                    let saved = self.flags;
                    if let Some(v) = overrides[0] {
                        self.flags.icase = v;
                        if v {
                            self.features.case_insensitive = true;
                        }
                    }
                    if let Some(v) = overrides[1] {
                        self.flags.multiline = v;
                    }
                    if let Some(v) = overrides[2] {
                        self.flags.dot_all = v;
                    }
                    let sub = self.disjunction(depth + 1);
                    self.flags = saved;
                    return Ok(Some(Node::Group(Box::new(sub?))));
                }
                _ => return Err("Invalid group modifier".into()),
            }
            k += 1;
            cur = match self.peek_at(k) {
                Some(c) => c,
                None => return Err("Invalid group modifier".into()),
            };
        }
    }

    /// After `<` of a group name or `\k<`: skip to the closing `>`.
    fn skip_group_name(&mut self) -> PResult<()> {
        let start = self.pos;
        while let Some(c) = self.next() {
            if c == '>' {
                if self.pos - 1 == start {
                    return Err("Invalid capture group name".into());
                }
                return Ok(());
            }
        }
        Err("Invalid capture group name".into())
    }

    fn quantifier(&mut self) -> Option<(usize, Option<usize>)> {
        let q = match self.peek()? {
            '+' => {
                self.pos += 1;
                (1, None)
            }
            '*' => {
                self.pos += 1;
                (0, None)
            }
            '?' => {
                self.pos += 1;
                (0, Some(1))
            }
            '{' => self.braced_quantifier()?,
            _ => return None,
        };
        self.eat('?'); // lazy: same language
        Some(q)
    }

    /// `{n}`, `{n,}`, `{n,m}`; on anything else the input is left untouched.
    fn braced_quantifier(&mut self) -> Option<(usize, Option<usize>)> {
        let save = self.pos;
        self.pos += 1; // '{'
        let Some(min) = self.decimal() else {
            self.pos = save;
            return None;
        };
        let mut max = Some(min);
        if self.eat(',') {
            max = self.decimal();
        }
        if !self.eat('}') {
            self.pos = save;
            return None;
        }
        Some((min, max))
    }

    /// A decimal integer (saturating, like regress).
    fn decimal(&mut self) -> Option<usize> {
        let mut n: usize = 0;
        let mut any = false;
        while let Some(d) = self.peek().and_then(|c| c.to_digit(10)) {
            self.pos += 1;
            any = true;
            n = n.saturating_mul(10).saturating_add(d as usize);
        }
        any.then_some(n)
    }

    /// After a `\` outside a class (not `\b`, `\B`, `\c`).
    fn atom_escape(&mut self) -> PResult<Node> {
        let Some(c) = self.peek() else {
            return Err("Incomplete escape".into());
        };
        match c {
            'd' | 'D' | 's' | 'S' | 'w' | 'W' => {
                self.pos += 1;
                let set = class_escape(c);
                Ok(self.chars_node(set))
            }
            '1'..='9' => {
                let save = self.pos;
                let n = self.decimal().unwrap_or(0);
                if n <= self.group_count_max {
                    self.features.backref = true;
                    Ok(Node::BackRef)
                } else {
                    // Annex B: not a back-reference, so a legacy octal or identity escape.
                    self.pos = save;
                    let cp = self.character_escape()?;
                    Ok(self.chars_node(CharSet::single(cp)))
                }
            }
            'k' if self.has_named_groups => {
                self.pos += 1;
                if !self.eat('<') {
                    return Err("Invalid named backreference syntax".into());
                }
                self.skip_group_name()?;
                self.features.backref = true;
                Ok(Node::BackRef)
            }
            _ => {
                let cp = self.character_escape()?;
                Ok(self.chars_node(CharSet::single(cp)))
            }
        }
    }

    /// CharacterEscape (Annex B, non-Unicode mode), after the `\`; mirrors regress.
    fn character_escape(&mut self) -> PResult<u32> {
        let Some(c) = self.next() else {
            return Err("Incomplete escape".into());
        };
        Ok(match c {
            'f' => 0x0C,
            'n' => 0x0A,
            'r' => 0x0D,
            't' => 0x09,
            'v' => 0x0B,
            'c' => match self.next() {
                Some(l) if l.is_ascii_alphabetic() => l as u32 % 32,
                _ => return Err("Invalid character escape".into()),
            },
            '0' if !is_ascii_digit(self.peek()) => 0,
            'x' => {
                let save = self.pos;
                let h1 = self.next().and_then(|c| c.to_digit(16));
                let h2 = self.next().and_then(|c| c.to_digit(16));
                match (h1, h2) {
                    (Some(a), Some(b)) => a * 16 + b,
                    _ => {
                        // Annex B: `\x` without two hex digits is the letter `x`.
                        self.pos = save;
                        'x' as u32
                    }
                }
            }
            'u' => self.unicode_escape().unwrap_or('u' as u32),
            '0'..='7' => {
                // Annex B LegacyOctalEscapeSequence.
                let d0 = c as u32 - '0' as u32;
                let Some(c1) = self.peek() else { return Ok(d0) };
                let is_octal = |c: char| ('0'..='7').contains(&c);
                if c == '0' && (c1 == '8' || c1 == '9') {
                    0
                } else if !is_octal(c1) {
                    d0
                } else if ('4'..='7').contains(&c) {
                    self.pos += 1;
                    d0 * 8 + (c1 as u32 - '0' as u32)
                } else {
                    self.pos += 1;
                    let d1 = c1 as u32 - '0' as u32;
                    match self.peek() {
                        Some(c2) if is_octal(c2) => {
                            self.pos += 1;
                            d0 * 64 + d1 * 8 + (c2 as u32 - '0' as u32)
                        }
                        _ => d0 * 8 + d1,
                    }
                }
            }
            // IdentityEscape: any other character stands for itself (`\/`, `\-`, `\8`, `\p`, ...).
            other => other as u32,
        })
    }

    /// After `\u`: `XXXX` (a surrogate pair `\uD83D\uDE00` is combined) or `{X...}`; `None` (input
    /// untouched) when neither follows, which makes `\u` the letter `u`. Mirrors regress, which
    /// (unlike the ECMA grammar in non-Unicode mode) also accepts the `\u{...}` form and parses the
    /// digits with `from_str_radix`.
    fn unicode_escape(&mut self) -> Option<u32> {
        let orig = self.pos;
        if self.eat('{') {
            let mut s = String::new();
            loop {
                match self.next() {
                    Some('}') => break,
                    Some(c) => s.push(c),
                    None => {
                        self.pos = orig;
                        return None;
                    }
                }
            }
            return match u32::from_str_radix(&s, 16) {
                Ok(u) if u <= MAX_CP => Some(u),
                _ => {
                    self.pos = orig;
                    None
                }
            };
        }
        let hex4 = |p: &mut Parser| -> Option<String> {
            let mut s = String::new();
            for _ in 0..4 {
                s.push(p.next()?);
            }
            Some(s)
        };
        let Some(s) = hex4(self) else {
            self.pos = orig;
            return None;
        };
        let Ok(u) = u16::from_str_radix(&s, 16) else {
            self.pos = orig;
            return None;
        };
        if !(0xD800..=0xDBFF).contains(&u) {
            return Some(u as u32);
        }
        if !self.eat_str("\\u") {
            return Some(u as u32);
        }
        let after = self.pos;
        let pair = hex4(self)
            .and_then(|s| u16::from_str_radix(&s, 16).ok())
            .and_then(|uu| char::decode_utf16([u, uu]).next()?.ok());
        match pair {
            Some(ch) => Some(ch as u32),
            None => {
                // (regress quirk, mirrored: the second `\u` stays consumed.)
                self.pos = after;
                Some(u as u32)
            }
        }
    }

    /// A character class `[...]` (non-Unicode mode).
    fn bracket(&mut self) -> PResult<CharSet> {
        self.pos += 1; // '['
        let invert = self.eat('^');
        let mut set = CharSet::default();
        loop {
            match self.peek() {
                None => return Err("Unbalanced bracket".into()),
                Some(']') => {
                    self.pos += 1;
                    return Ok(if invert { set.complement() } else { set });
                }
                _ => {}
            }
            let Some(first) = self.class_atom()? else {
                continue;
            };
            if !self.eat('-') {
                set.add_set(&first.into_set());
                continue;
            }
            let Some(second) = self.class_atom()? else {
                // `[a-]`
                set.add_set(&first.into_set());
                set.add('-' as u32, '-' as u32);
                continue;
            };
            match (&first, &second) {
                (ClassAtom::Char(a), ClassAtom::Char(b)) => {
                    if a > b {
                        return Err("Range values reversed".into());
                    }
                    set.add(*a, *b);
                }
                // Annex B: `[\d-z]` is `\d`, `-` and `z`.
                _ => {
                    set.add_set(&first.into_set());
                    set.add('-' as u32, '-' as u32);
                    set.add_set(&second.into_set());
                }
            }
        }
    }

    fn class_atom(&mut self) -> PResult<Option<ClassAtom>> {
        let Some(c) = self.peek() else {
            return Ok(None);
        };
        match c {
            ']' => Ok(None),
            '\\' => {
                self.pos += 1;
                let Some(e) = self.peek() else {
                    return Err("Unterminated escape".into());
                };
                match e {
                    'b' => {
                        self.pos += 1;
                        Ok(Some(ClassAtom::Char(0x08)))
                    }
                    'c' => {
                        let save = self.pos;
                        self.pos += 1;
                        match self.peek() {
                            Some(d) if d.is_ascii_digit() || d == '_' => {
                                self.pos += 1;
                                Ok(Some(ClassAtom::Char(d as u32 & 0x1F)))
                            }
                            Some(l) if l.is_ascii_alphabetic() => {
                                self.pos += 1;
                                Ok(Some(ClassAtom::Char(l as u32 % 32)))
                            }
                            // `[\c]`: a literal backslash; the `c` is read next.
                            _ => {
                                self.pos = save;
                                Ok(Some(ClassAtom::Char('\\' as u32)))
                            }
                        }
                    }
                    'd' | 'D' | 's' | 'S' | 'w' | 'W' => {
                        self.pos += 1;
                        Ok(Some(ClassAtom::Class(class_escape(e))))
                    }
                    _ => Ok(Some(ClassAtom::Char(self.character_escape()?))),
                }
            }
            _ => {
                self.pos += 1;
                Ok(Some(ClassAtom::Char(c as u32)))
            }
        }
    }
}

enum ClassAtom {
    Char(u32),
    Class(CharSet),
}

impl ClassAtom {
    fn into_set(self) -> CharSet {
        match self {
            ClassAtom::Char(c) => CharSet::single(c),
            ClassAtom::Class(s) => s,
        }
    }
}

fn class_escape(c: char) -> CharSet {
    let base = match c.to_ascii_lowercase() {
        'd' => DIGIT,
        's' => SPACE,
        _ => WORD,
    };
    let set = CharSet::from_ranges(base);
    if c.is_ascii_uppercase() {
        set.complement()
    } else {
        set
    }
}

/// Whether every top-level alternative starts with `^` and ends with `$` (looking through groups;
/// `^(?:a|b)$` and `(?:^a$|^b$)` are anchored, `^a|b$` is not). Multiline anchors do not count.
pub(crate) fn is_anchored(root: &Node) -> bool {
    starts_anchored(root) && ends_anchored(root)
}

fn starts_anchored(n: &Node) -> bool {
    match n {
        Node::Start { multiline } => !multiline,
        Node::Group(sub) => starts_anchored(sub),
        Node::Alt(alts) => alts.iter().all(starts_anchored),
        Node::Cat(items) => items.first().is_some_and(starts_anchored),
        Node::Repeat { sub, min, .. } => *min >= 1 && starts_anchored(sub),
        _ => false,
    }
}

fn ends_anchored(n: &Node) -> bool {
    match n {
        Node::End { multiline } => !multiline,
        Node::Group(sub) => ends_anchored(sub),
        Node::Alt(alts) => alts.iter().all(ends_anchored),
        Node::Cat(items) => items.last().is_some_and(ends_anchored),
        Node::Repeat { sub, min, .. } => *min >= 1 && ends_anchored(sub),
        _ => false,
    }
}
