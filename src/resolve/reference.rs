//! What a `$ref` string says: which document and which pointer, or why it is refused before
//! any I/O happens.

use percent_encoding::percent_decode_str;

/// A parsed `$ref` value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RefTarget {
    /// The document part, percent-decoded; empty for a same-document ref (`#/...`).
    pub document: String,
    /// The fragment after `#`, still percent-encoded (decoded by the pointer parser).
    pub fragment: String,
}

/// A `$ref` refused by its form alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefForm {
    /// `http://` or `https://`: never fetched.
    Remote(String),
    /// `file://` and other URL schemes (`urn:`, `ftp:`): not followed.
    UnsupportedScheme(String),
    /// The fragment is not a JSON pointer (`#Pet`: a plain-name fragment / `$anchor`).
    NotAPointer(String),
}

/// Splits a `$ref` into document and fragment, refusing URLs.
pub fn parse_ref(value: &str) -> Result<RefTarget, RefForm> {
    let (document, fragment) = match value.split_once('#') {
        Some((d, f)) => (d, f),
        None => (value, ""),
    };
    if let Some(scheme) = url_scheme(document) {
        let lower = scheme.to_ascii_lowercase();
        return Err(if lower == "http" || lower == "https" {
            RefForm::Remote(value.to_string())
        } else {
            RefForm::UnsupportedScheme(lower)
        });
    }
    if !fragment.is_empty() && !fragment.starts_with('/') {
        return Err(RefForm::NotAPointer(fragment.to_string()));
    }
    let document = percent_decode_str(document)
        .decode_utf8()
        .map(|d| d.into_owned())
        .unwrap_or_else(|_| document.to_string());
    Ok(RefTarget {
        document,
        fragment: fragment.to_string(),
    })
}

/// The scheme of a URL (`https` of `https://x`), per RFC 3986: a letter, then letters, digits,
/// `+`, `-` or `.`, then `:`. A one-letter scheme is taken as a Windows drive, not a URL.
fn url_scheme(document: &str) -> Option<&str> {
    let colon = document.find(':')?;
    let scheme = &document[..colon];
    let mut chars = scheme.chars();
    let first = chars.next()?;
    let valid = first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    (valid && scheme.len() > 1).then_some(scheme)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_and_relative_refs() {
        assert_eq!(
            parse_ref("#/components/schemas/Pet").unwrap(),
            RefTarget {
                document: String::new(),
                fragment: "/components/schemas/Pet".into()
            }
        );
        assert_eq!(
            parse_ref("./schemas/pet.yaml#/Pet").unwrap(),
            RefTarget {
                document: "./schemas/pet.yaml".into(),
                fragment: "/Pet".into()
            }
        );
        assert_eq!(parse_ref("../common.yaml").unwrap().fragment, "");
        assert_eq!(
            parse_ref("my%20file.yaml").unwrap().document,
            "my file.yaml"
        );
        assert_eq!(parse_ref("C:/x.yaml").unwrap().document, "C:/x.yaml");
    }

    #[test]
    fn urls_and_anchors_are_refused() {
        assert!(matches!(
            parse_ref("https://example.com/a.yaml#/A"),
            Err(RefForm::Remote(_))
        ));
        assert!(matches!(
            parse_ref("HTTP://example.com/a.yaml"),
            Err(RefForm::Remote(_))
        ));
        assert_eq!(
            parse_ref("file:///etc/passwd"),
            Err(RefForm::UnsupportedScheme("file".into()))
        );
        assert_eq!(parse_ref("#Pet"), Err(RefForm::NotAPointer("Pet".into())));
    }
}
