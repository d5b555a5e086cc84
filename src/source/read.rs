//! Reading a spec file from disk with the size limit applied before the bytes are read.

use std::fmt;
use std::path::{Path, PathBuf};

/// Files above this size are refused unless `--max-file-size` raises it. The largest public
/// specs we know of (Microsoft Graph, ~35 MB) fit with room to spare.
pub const DEFAULT_MAX_FILE_SIZE: u64 = 100 * 1024 * 1024;

/// Why a file could not be read. For the entry spec this stops the run (exit 2); for a file
/// reached through `$ref` it becomes a located finding at the ref.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReadError {
    NotFound(PathBuf),
    IsDirectory(PathBuf),
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    Io {
        path: PathBuf,
        message: String,
    },
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::NotFound(p) => write!(f, "{}: no such file", p.display()),
            ReadError::IsDirectory(p) => write!(f, "{}: is a directory, not a file", p.display()),
            ReadError::TooLarge { path, size, limit } => write!(
                f,
                "{}: {size} bytes is over the file size limit of {limit} bytes (raise it with --max-file-size)",
                path.display()
            ),
            ReadError::Io { path, message } => write!(f, "{}: {message}", path.display()),
        }
    }
}

impl std::error::Error for ReadError {}

/// Reads a whole file, refusing directories and files above `limit` bytes.
pub fn read_file_limited(path: &Path, limit: u64) -> Result<Vec<u8>, ReadError> {
    let meta = std::fs::metadata(path).map_err(|e| io_error(path, e))?;
    if meta.is_dir() {
        return Err(ReadError::IsDirectory(path.to_path_buf()));
    }
    if meta.len() > limit {
        return Err(ReadError::TooLarge {
            path: path.to_path_buf(),
            size: meta.len(),
            limit,
        });
    }
    std::fs::read(path).map_err(|e| io_error(path, e))
}

fn io_error(path: &Path, e: std::io::Error) -> ReadError {
    match e.kind() {
        std::io::ErrorKind::NotFound => ReadError::NotFound(path.to_path_buf()),
        std::io::ErrorKind::IsADirectory => ReadError::IsDirectory(path.to_path_buf()),
        _ => ReadError::Io {
            path: path.to_path_buf(),
            message: e.to_string(),
        },
    }
}

/// Decodes bytes as UTF-8 without copying when they are valid. Invalid input keeps the valid
/// prefix (so locations up to the bad byte stay exact) and returns the bad byte's offset.
pub fn decode_text(bytes: Vec<u8>) -> (String, Option<usize>) {
    match String::from_utf8(bytes) {
        Ok(text) => (text, None),
        Err(err) => {
            let valid = err.utf8_error().valid_up_to();
            let mut bytes = err.into_bytes();
            bytes.truncate(valid);
            // The prefix is valid UTF-8 by construction.
            let text = String::from_utf8(bytes).unwrap_or_default();
            (text, Some(valid))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_keeps_the_valid_prefix_and_the_offset() {
        let (text, bad) = decode_text(b"openapi: 3.1.0\ninfo: \xff\xfe".to_vec());
        assert_eq!(text, "openapi: 3.1.0\ninfo: ");
        assert_eq!(bad, Some(21));
    }

    #[test]
    fn directories_and_large_files_are_refused_before_reading() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            read_file_limited(dir.path(), 10),
            Err(ReadError::IsDirectory(dir.path().to_path_buf()))
        );
        let file = dir.path().join("big.yaml");
        std::fs::write(&file, "x".repeat(11)).unwrap();
        assert!(matches!(
            read_file_limited(&file, 10),
            Err(ReadError::TooLarge {
                size: 11,
                limit: 10,
                ..
            })
        ));
        assert!(matches!(
            read_file_limited(&dir.path().join("nope"), 10),
            Err(ReadError::NotFound(_))
        ));
    }
}
