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
        /// `None` when the size is not known in advance (a pipe, a device, stdin) and reading
        /// stopped one byte past the limit.
        size: Option<u64>,
        limit: u64,
    },
    /// A FIFO, device or socket reached through `$ref`: a spec never needs one, and reading
    /// one could block forever.
    NotAFile(PathBuf),
    Io {
        path: PathBuf,
        message: String,
    },
}

/// Worded to follow the name of the input, which the caller prints first
/// (`error: openapi.yaml: no such file`).
impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::NotFound(_) => write!(f, "no such file"),
            ReadError::IsDirectory(_) => write!(f, "is a directory, not a file"),
            ReadError::TooLarge { size, limit, .. } => {
                write!(f, "{}", too_large_message("the file", *size, *limit))
            }
            ReadError::NotAFile(_) => write!(f, "is not a regular file (a FIFO, device or socket)"),
            ReadError::Io { message, .. } => write!(f, "{message}"),
        }
    }
}

impl std::error::Error for ReadError {}

/// The one wording of a size refusal, for files, blobs and stdin alike.
pub fn too_large_message(name: &str, size: Option<u64>, limit: u64) -> String {
    match size {
        Some(size) => format!(
            "{name} is {size} bytes, over the file size limit of {limit} bytes (raise it with --max-file-size)"
        ),
        None => format!(
            "{name} is larger than the file size limit of {limit} bytes; reading stopped there (raise it with --max-file-size)"
        ),
    }
}

/// Reads a whole file, refusing directories and files above `limit` bytes. A regular file's
/// size is checked before reading; anything else (a pipe from `<(...)`, a device such as
/// `/dev/zero`) is read only up to one byte past the limit, so it can never exhaust memory.
/// `only_regular` refuses non-regular files outright (for files reached through `$ref`).
pub fn read_file_limited(
    path: &Path,
    limit: u64,
    only_regular: bool,
) -> Result<Vec<u8>, ReadError> {
    use std::io::Read;
    let meta = std::fs::metadata(path).map_err(|e| io_error(path, e))?;
    if meta.is_dir() {
        return Err(ReadError::IsDirectory(path.to_path_buf()));
    }
    if !meta.is_file() && only_regular {
        return Err(ReadError::NotAFile(path.to_path_buf()));
    }
    if meta.is_file() && meta.len() > limit {
        return Err(ReadError::TooLarge {
            path: path.to_path_buf(),
            size: Some(meta.len()),
            limit,
        });
    }
    let file = std::fs::File::open(path).map_err(|e| io_error(path, e))?;
    let mut bytes = Vec::with_capacity(if meta.is_file() {
        meta.len() as usize
    } else {
        0
    });
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(|e| io_error(path, e))?;
    if bytes.len() as u64 > limit {
        // A regular file that grew while being read, or a stream.
        return Err(ReadError::TooLarge {
            path: path.to_path_buf(),
            size: None,
            limit,
        });
    }
    Ok(bytes)
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
            read_file_limited(dir.path(), 10, false),
            Err(ReadError::IsDirectory(dir.path().to_path_buf()))
        );
        let file = dir.path().join("big.yaml");
        std::fs::write(&file, "x".repeat(11)).unwrap();
        assert!(matches!(
            read_file_limited(&file, 10, false),
            Err(ReadError::TooLarge {
                size: Some(11),
                limit: 10,
                ..
            })
        ));
        assert!(matches!(
            read_file_limited(&dir.path().join("nope"), 10, false),
            Err(ReadError::NotFound(_))
        ));
        // A device is read only up to one byte past the limit; a ref may not name one at all.
        assert!(matches!(
            read_file_limited(Path::new("/dev/zero"), 10, false),
            Err(ReadError::TooLarge {
                size: None,
                limit: 10,
                ..
            })
        ));
        assert!(matches!(
            read_file_limited(Path::new("/dev/zero"), 10, true),
            Err(ReadError::NotAFile(_))
        ));
    }
}
