//! RFC 6901 JSON pointers: escaping, parsing, and the URI-fragment form used in `$ref`.

use percent_encoding::percent_decode_str;

/// Escapes one reference token (`~` -> `~0`, `/` -> `~1`). Whole runs between escapes are
/// copied at once: almost every token (a key like `properties` or `200`) has none at all.
pub fn escape_token(token: &str, out: &mut String) {
    let mut run = 0;
    for (at, byte) in token.bytes().enumerate() {
        let escaped = match byte {
            b'~' => "~0",
            b'/' => "~1",
            _ => continue,
        };
        out.push_str(&token[run..at]);
        out.push_str(escaped);
        run = at + 1;
    }
    out.push_str(&token[run..]);
}

/// Builds a pointer from unescaped tokens.
pub fn from_tokens<'a>(tokens: impl IntoIterator<Item = &'a str>) -> String {
    let mut out = String::new();
    for t in tokens {
        out.push('/');
        escape_token(t, &mut out);
    }
    out
}

/// Why a pointer could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PointerError {
    /// A non-empty pointer must start with `/`.
    MissingLeadingSlash,
    /// `~` followed by something other than `0` or `1`.
    BadEscape,
    /// Percent-encoding that does not decode to UTF-8.
    BadPercentEncoding,
}

impl std::fmt::Display for PointerError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            PointerError::MissingLeadingSlash => "a JSON pointer must be empty or start with '/'",
            PointerError::BadEscape => "'~' in a JSON pointer must be followed by 0 or 1",
            PointerError::BadPercentEncoding => "the fragment's percent-encoding is not UTF-8",
        })
    }
}

/// Parses a pointer written in a URI fragment (the part after `#` of a `$ref`): first
/// percent-decoding (`%7B` -> `{`), then `~1`/`~0` unescaping of each token, in that order as
/// RFC 6901 section 6 requires. Tokens borrow from the fragment when nothing needs decoding
/// (almost every real ref).
pub fn parse_fragment(fragment: &str) -> Result<Vec<std::borrow::Cow<'_, str>>, PointerError> {
    if !fragment.contains(['%', '~']) {
        if fragment.is_empty() {
            return Ok(Vec::new());
        }
        let rest = fragment
            .strip_prefix('/')
            .ok_or(PointerError::MissingLeadingSlash)?;
        return Ok(rest.split('/').map(std::borrow::Cow::Borrowed).collect());
    }
    let decoded = percent_decode_str(fragment)
        .decode_utf8()
        .map_err(|_| PointerError::BadPercentEncoding)?;
    Ok(parse(&decoded)?
        .into_iter()
        .map(std::borrow::Cow::Owned)
        .collect())
}

/// Parses a plain (already decoded) JSON pointer into its unescaped tokens.
pub fn parse(pointer: &str) -> Result<Vec<String>, PointerError> {
    if pointer.is_empty() {
        return Ok(Vec::new());
    }
    let rest = pointer
        .strip_prefix('/')
        .ok_or(PointerError::MissingLeadingSlash)?;
    rest.split('/').map(unescape_token).collect()
}

fn unescape_token(token: &str) -> Result<String, PointerError> {
    if !token.contains('~') {
        return Ok(token.to_string());
    }
    let mut out = String::with_capacity(token.len());
    let mut chars = token.chars();
    while let Some(c) = chars.next() {
        if c == '~' {
            match chars.next() {
                Some('0') => out.push('~'),
                Some('1') => out.push('/'),
                _ => return Err(PointerError::BadEscape),
            }
        } else {
            out.push(c);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_round_trip() {
        let p = from_tokens(["paths", "/users/{id}", "a~b"]);
        assert_eq!(p, "/paths/~1users~1{id}/a~0b");
        assert_eq!(parse(&p).unwrap(), vec!["paths", "/users/{id}", "a~b"]);
    }

    #[test]
    fn fragments_are_percent_decoded_before_tilde_unescaping() {
        assert_eq!(
            parse_fragment("/paths/~1users~1%7Bid%7D/get").unwrap(),
            vec!["paths", "/users/{id}", "get"]
        );
        // %7E1 decodes to ~1, which then unescapes to '/': decoding happens first.
        assert_eq!(parse_fragment("/a%7E1b").unwrap(), vec!["a/b"]);
        assert_eq!(parse_fragment("/a%20b").unwrap(), vec!["a b"]);
    }

    #[test]
    fn malformed_pointers_are_errors() {
        assert_eq!(parse("a/b"), Err(PointerError::MissingLeadingSlash));
        assert_eq!(parse("/a~2"), Err(PointerError::BadEscape));
        assert_eq!(parse("/a~"), Err(PointerError::BadEscape));
        assert_eq!(
            parse_fragment("/%FF"),
            Err(PointerError::BadPercentEncoding)
        );
        assert_eq!(parse("").unwrap(), Vec::<String>::new());
        assert_eq!(parse("/").unwrap(), vec![""]);
    }
}
