//! Strict JSON front end: `jsonc-parser`'s scanner (every leniency off) driven by an iterative
//! state machine into the shared [`Builder`].
//!
//! Driving the scanner directly, instead of `parse_to_ast`, builds the arena in one pass with no
//! intermediate AST and no recursion (100,000 nested arrays cannot overflow the stack), and
//! still keeps duplicate keys, which the builder reports.

use jsonc_parser::tokens::Token;
use jsonc_parser::{Scanner, ScannerOptions};

use super::builder::Builder;
use super::tree::ScalarKind;
use super::{ParseOutcome, SyntaxError};
use crate::finding::Span;

/// RFC 8259 requires U+0000..U+001F to be escaped inside strings; the scanner lets them through
/// raw, so a tab, a newline or a NUL written literally inside a string is checked here.
fn raw_control_character(token: &str) -> Option<usize> {
    token.bytes().position(|b| b < 0x20)
}

fn strict_options() -> ScannerOptions {
    ScannerOptions {
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    }
}

/// What the parser expects next.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// A value (document start, after `:` or after `,` in an array).
    Value,
    /// A value or `]` (just after `[`).
    ValueOrClose,
    /// A key string or `}` (just after `{`).
    KeyOrClose,
    /// A key string (after `,` in an object).
    Key,
    /// `:` after a key.
    Colon,
    /// `,` or the container's closing bracket.
    CommaOrClose,
    /// Nothing but whitespace (after the root value).
    End,
}

pub fn parse(text: &str, start: usize, max_depth: usize) -> ParseOutcome {
    let mut builder = Builder::new(text, max_depth);
    let error = run(text, start, &mut builder).err();
    let (tree, issues) = builder.finish(text.len());
    ParseOutcome {
        tree,
        issues,
        error,
        extra_document: None,
    }
}

fn run(text: &str, start: usize, b: &mut Builder<'_>) -> Result<(), SyntaxError> {
    let input = &text[start..];
    let mut scanner = Scanner::new(input, &strict_options());
    let mut expect = Expect::Value;
    // Per open container: is it an object?
    let mut containers: Vec<bool> = Vec::new();
    let err = |b: &Builder<'_>, span: Span, message: String| SyntaxError {
        span,
        message,
        pointer: b.open_path(),
        too_deep: false,
    };
    loop {
        let token = scanner.scan().map_err(|e| {
            let r = e.range();
            err(
                b,
                Span::new(start + r.start, start + r.end),
                format!("JSON syntax error: {}", e.kind()),
            )
        })?;
        let span = Span::new(start + scanner.token_start(), start + scanner.token_end());
        let Some(token) = token else {
            return match expect {
                Expect::End => Ok(()),
                _ if b.depth() == 0 && expect == Expect::Value && b.tree.root().is_none() => Err(
                    err(b, span, "JSON syntax error: the document is empty".into()),
                ),
                _ => Err(err(
                    b,
                    span,
                    "JSON syntax error: unexpected end of input (an object or array is not closed)"
                        .into(),
                )),
            };
        };
        let unexpected = |b: &Builder<'_>, what: &str| {
            let wanted = match expect {
                Expect::Value | Expect::ValueOrClose => "a value",
                Expect::KeyOrClose | Expect::Key => "a property name in double quotes",
                Expect::Colon => "':'",
                Expect::CommaOrClose => "',' or a closing bracket",
                Expect::End => "the end of the document",
            };
            err(
                b,
                span,
                format!("JSON syntax error: expected {wanted}, found {what}"),
            )
        };
        match token {
            Token::CommentLine(_) | Token::CommentBlock(_) => {
                return Err(err(
                    b,
                    span,
                    "JSON syntax error: comments are not allowed in JSON".into(),
                ));
            }
            Token::OpenBrace | Token::OpenBracket => {
                if !matches!(expect, Expect::Value | Expect::ValueOrClose) {
                    return Err(unexpected(b, describe(&token)));
                }
                let is_object = token == Token::OpenBrace;
                let opened = if is_object {
                    b.open_mapping(span)
                } else {
                    b.open_sequence(span)
                };
                if opened.is_err() {
                    let limit = b.depth();
                    return Err(SyntaxError::too_deep(span, b.open_path(), limit));
                }
                containers.push(is_object);
                expect = if is_object {
                    Expect::KeyOrClose
                } else {
                    Expect::ValueOrClose
                };
            }
            Token::CloseBrace | Token::CloseBracket => {
                let is_object = token == Token::CloseBrace;
                let open_is_object = containers.last().copied();
                let fits = match expect {
                    Expect::KeyOrClose => is_object,
                    Expect::ValueOrClose => !is_object,
                    Expect::CommaOrClose => open_is_object == Some(is_object),
                    _ => false,
                };
                if !fits {
                    if matches!(expect, Expect::Key | Expect::Value) && !containers.is_empty() {
                        return Err(err(
                            b,
                            span,
                            "JSON syntax error: trailing comma before a closing bracket".into(),
                        ));
                    }
                    return Err(unexpected(b, describe(&token)));
                }
                containers.pop();
                b.close(span.end as usize);
                expect = after_value(&containers);
            }
            Token::Colon => {
                if expect != Expect::Colon {
                    return Err(unexpected(b, "':'"));
                }
                expect = Expect::Value;
            }
            Token::Comma => {
                if expect != Expect::CommaOrClose {
                    return Err(unexpected(b, "','"));
                }
                expect = if containers.last() == Some(&true) {
                    Expect::Key
                } else {
                    Expect::Value
                };
            }
            Token::String(ref value) => match expect {
                _ if let Some(at) =
                    raw_control_character(&text[span.start as usize..span.end as usize]) =>
                {
                    let at = span.start as usize + at;
                    let code = text.as_bytes()[at];
                    return Err(err(
                        b,
                        Span::new(at, at + 1),
                        format!(
                            "JSON syntax error: control character U+{code:04X} inside a string must be escaped (\\u{code:04x})"
                        ),
                    ));
                }
                Expect::Key | Expect::KeyOrClose => {
                    b.scalar(ScalarKind::String, span, value);
                    expect = Expect::Colon;
                }
                Expect::Value | Expect::ValueOrClose => {
                    b.scalar(ScalarKind::String, span, value);
                    expect = after_value(&containers);
                }
                _ => return Err(unexpected(b, "a string")),
            },
            Token::Number(raw) | Token::Word(raw) => {
                let is_number = matches!(token, Token::Number(_));
                if !is_number || !matches!(expect, Expect::Value | Expect::ValueOrClose) {
                    let what = if is_number {
                        format!("the number {raw}")
                    } else {
                        format!("'{raw}'")
                    };
                    return Err(unexpected(b, &what));
                }
                let kind = if raw.contains(['.', 'e', 'E']) {
                    ScalarKind::Float
                } else {
                    ScalarKind::Int
                };
                b.scalar(kind, span, raw);
                expect = after_value(&containers);
            }
            Token::Boolean(_) | Token::Null => {
                if !matches!(expect, Expect::Value | Expect::ValueOrClose) {
                    return Err(unexpected(b, describe(&token)));
                }
                let kind = if token == Token::Null {
                    ScalarKind::Null
                } else {
                    ScalarKind::Bool
                };
                // The literal's text is the source slice itself.
                b.scalar(kind, span, &text[span.range()]);
                expect = after_value(&containers);
            }
        }
    }
}

fn after_value(containers: &[bool]) -> Expect {
    if containers.is_empty() {
        Expect::End
    } else {
        Expect::CommaOrClose
    }
}

fn describe(token: &Token<'_>) -> &'static str {
    match token {
        Token::OpenBrace => "'{'",
        Token::CloseBrace => "'}'",
        Token::OpenBracket => "'['",
        Token::CloseBracket => "']'",
        Token::Boolean(_) => "a boolean",
        Token::Null => "null",
        _ => "a token",
    }
}
