//! Where spec bytes come from: files on disk, standard input, or a git revision.
//!
//! Every loaded text becomes a [`Source`] with a [`SourceId`] and a [`LineIndex`], so that any
//! byte span found later (by the parser, the resolver, a rule or the differ) can be shown as
//! file, line and column. Nothing here knows YAML from JSON.

pub mod git;
mod line_index;
mod read;
pub mod walk;

pub use line_index::{LineCol, LineIndex, floor_char_boundary};
pub use read::{
    DEFAULT_MAX_FILE_SIZE, ReadError, decode_text, read_file_limited, too_large_message,
};

use std::path::{Path, PathBuf};

/// Index of a source inside a [`crate::resolve::Workspace`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SourceId(pub u32);

/// Where a source's bytes were read from. The resolver uses it to turn a relative `$ref` into
/// the next source: a file's refs stay on disk, a revision's refs stay in that revision.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Origin {
    /// A file on disk, as an absolute, lexically normalized path.
    File(PathBuf),
    /// Standard input; relative refs resolve against the current directory.
    Stdin { cwd: PathBuf },
    /// A blob at a commit of a repository.
    Git {
        /// The repository's work tree (where `.git` is).
        repo: PathBuf,
        /// The revision as the user wrote it (`main`, `HEAD~1`), for display.
        rev: String,
        /// The commit it resolved to, so every file of one spec comes from the same commit.
        commit: String,
        /// Path inside the repository, `/`-separated, without a leading `./`.
        path: String,
    },
}

impl Origin {
    /// How the source is named in findings: a path relative to the current directory when it
    /// is below it, `-` for stdin, `REV:path` for a revision.
    pub fn display_name(&self, cwd: &Path) -> String {
        match self {
            Origin::File(path) => match path.strip_prefix(cwd) {
                Ok(rel) => slash_path(rel),
                Err(_) => slash_path(path),
            },
            Origin::Stdin { .. } => "-".to_string(),
            Origin::Git { rev, path, .. } => format!("{rev}:{path}"),
        }
    }
}

/// A path with `/` separators, as findings print it on every platform.
pub fn slash_path(path: &Path) -> String {
    path.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
        .replace("//", "/")
}

/// The syntax a text is parsed with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    Yaml,
    Json,
}

impl Format {
    /// By extension first (`.json` is JSON, `.yaml`/`.yml` YAML); otherwise by content: a text
    /// whose first significant character opens a JSON object or array is read as JSON.
    pub fn detect(name: &str, text: &str) -> Format {
        let lower = name.to_ascii_lowercase();
        if lower.ends_with(".json") {
            return Format::Json;
        }
        if lower.ends_with(".yaml") || lower.ends_with(".yml") {
            return Format::Yaml;
        }
        match text
            .trim_start_matches('\u{feff}')
            .trim_start()
            .as_bytes()
            .first()
        {
            Some(b'{') | Some(b'[') => Format::Json,
            _ => Format::Yaml,
        }
    }
}

/// One loaded text.
#[derive(Debug)]
pub struct Source {
    pub id: SourceId,
    pub origin: Origin,
    /// The name findings use (see [`Origin::display_name`]).
    pub name: String,
    /// The decoded text. For input that is not valid UTF-8 it is the valid prefix only, and
    /// `decode_error` says where decoding stopped.
    pub text: String,
    /// Built on first use: only sources with findings to show need it.
    line_index: std::sync::OnceLock<LineIndex>,
    pub format: Format,
    /// Byte offset of the first invalid UTF-8 sequence, when there is one.
    pub decode_error: Option<usize>,
}

impl Source {
    pub fn new(id: SourceId, origin: Origin, name: String, bytes: Vec<u8>) -> Source {
        let (text, decode_error) = decode_text(bytes);
        let format = Format::detect(&name, &text);
        Source {
            id,
            origin,
            name,
            text,
            line_index: std::sync::OnceLock::new(),
            format,
            decode_error,
        }
    }

    pub fn line_index(&self) -> &LineIndex {
        self.line_index.get_or_init(|| LineIndex::new(&self.text))
    }

    pub fn line_col(&self, offset: usize) -> LineCol {
        self.line_index().line_col(&self.text, offset)
    }

    /// Where the content starts: after a UTF-8 byte order mark, if any.
    pub fn content_start(&self) -> usize {
        if self.text.starts_with('\u{feff}') {
            3
        } else {
            0
        }
    }
}
