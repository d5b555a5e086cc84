//! Reading specs from git revisions (`main:openapi.yaml`) through one long-lived
//! `git cat-file --batch` child per repository.
//!
//! A spec split over thousands of files must not cost thousands of processes, so a [`GitRepo`]
//! starts one `git cat-file --batch --follow-symlinks` child on first use and sends every
//! lookup through it. The protocol is line based: we write `<object name>\n`, git answers
//! `<oid> <type> <size>\n<size bytes>\n`, or `<object name> missing\n` (or `ambiguous`); with
//! `--follow-symlinks` a symlink that cannot be followed inside the tree is answered with
//! `symlink|dangling|loop|notdir <size>\n<size bytes>\n`. All of this works on git 2.5 and
//! later.
//!
//! The child's pipes sit behind a [`Mutex`], so one `GitRepo` can be shared by rayon threads;
//! a request (header plus content) is answered while holding the lock, which keeps the pipes
//! in step. Blobs over the size limit and trees are never collected: their bytes are read
//! and discarded in small chunks. If the child dies or answers something unexpected it is
//! thrown away (with whatever it said on stderr in the error) and a fresh one is started on
//! the next request.

use std::fmt;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStderr, ChildStdin, ChildStdout, Command, Stdio};
use std::sync::{Mutex, MutexGuard};
use std::thread::JoinHandle;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GitError {
    /// `discover` found no work tree containing the directory.
    NotARepository(PathBuf),
    /// The revision does not name a commit; `message` says why (git's words where it had any).
    UnknownRevision { rev: String, message: String },
    /// The revision has no entry at the path.
    PathNotFound { rev: String, path: String },
    /// The path names a tree (directory) or a submodule.
    NotAFile { rev: String, path: String },
    /// The blob is larger than the limit; its content was not kept.
    TooLarge {
        rev: String,
        path: String,
        size: u64,
        limit: u64,
    },
    /// git could not be started.
    Spawn(String),
    /// `git cat-file` exited or answered something unexpected.
    Protocol(String),
}

impl fmt::Display for GitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GitError::NotARepository(path) => {
                write!(f, "'{}' is not inside a git work tree", path.display())
            }
            GitError::UnknownRevision { rev, message } => {
                write!(f, "unknown git revision '{rev}' (git: {message})")
            }
            GitError::PathNotFound { rev, path } => {
                write!(f, "'{path}' does not exist at revision '{rev}'")
            }
            GitError::NotAFile { rev, path } => {
                write!(f, "'{path}' at revision '{rev}' is a directory, not a file")
            }
            GitError::TooLarge {
                rev,
                path,
                size,
                limit,
            } => write!(
                f,
                "{}",
                super::too_large_message(
                    &format!("'{path}' at revision '{rev}'"),
                    Some(*size),
                    *limit
                )
            ),
            GitError::Spawn(message) => write!(f, "{message}"),
            GitError::Protocol(message) => {
                write!(f, "unexpected answer from git cat-file: {message}")
            }
        }
    }
}

impl std::error::Error for GitError {}

/// Variables git sets for hooks and aliases that would point our commands at another
/// repository than the one containing the spec.
const SCRUBBED_ENV: &[&str] = &[
    "GIT_DIR",
    "GIT_WORK_TREE",
    "GIT_COMMON_DIR",
    "GIT_INDEX_FILE",
    "GIT_PREFIX",
];

/// Trees read to tell a submodule from a missing path are small; larger ones are skipped.
const MAX_TREE_SIZE: u64 = 16 * 1024 * 1024;

/// How much of the child's stderr is kept for error messages.
const STDERR_TAIL: usize = 8 * 1024;

/// A git repository with a lazily started `git cat-file --batch` child.
pub struct GitRepo {
    /// Canonical work tree root.
    workdir: PathBuf,
    /// The root as git printed it, passed to `git -C` (canonical paths can carry a `\\?\`
    /// prefix on Windows that git does not accept).
    git_cwd: PathBuf,
    batch: Mutex<Option<Batch>>,
}

impl fmt::Debug for GitRepo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("GitRepo")
            .field("workdir", &self.workdir)
            .finish_non_exhaustive()
    }
}

impl GitRepo {
    /// Finds the repository containing `start` (a directory) via
    /// `git -C start rev-parse --show-toplevel`.
    pub fn discover(start: &Path) -> Result<GitRepo, GitError> {
        let dir = if start.as_os_str().is_empty() {
            Path::new(".")
        } else if start.is_file() {
            start.parent().unwrap_or(Path::new("."))
        } else {
            start
        };
        let not_a_repo = || GitError::NotARepository(start.to_path_buf());
        let output = git_command(dir)
            .args(["rev-parse", "--show-toplevel"])
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .output()
            .map_err(spawn_error)?;
        if !output.status.success() {
            return Err(not_a_repo());
        }
        let mut top = output.stdout;
        while matches!(top.last(), Some(b'\n' | b'\r')) {
            top.pop();
        }
        if top.is_empty() {
            return Err(not_a_repo());
        }
        let git_cwd = bytes_to_path(top)?;
        let workdir = std::fs::canonicalize(&git_cwd).map_err(|_| not_a_repo())?;
        Ok(GitRepo {
            workdir,
            git_cwd,
            batch: Mutex::new(None),
        })
    }

    /// The work tree root (absolute, canonicalized).
    pub fn workdir(&self) -> &Path {
        &self.workdir
    }

    /// Resolves a revision (`main`, `origin/main`, `HEAD~1`, a sha) to a full commit sha
    /// through the batch child.
    pub fn resolve_commit(&self, rev: &str) -> Result<String, GitError> {
        let unknown = |message: &str| GitError::UnknownRevision {
            rev: rev.to_string(),
            message: message.to_string(),
        };
        if rev.is_empty() || !is_sendable(rev) {
            return Err(unknown("not a valid revision name"));
        }
        let peeled = format!("{rev}^{{commit}}");
        let answer = self.with_batch(|batch| {
            match batch.query(&peeled)? {
                Reply::Object { oid, kind, size } => {
                    batch.skip_content(size)?;
                    if kind == "commit" {
                        return Ok(Ok(oid));
                    }
                    return Ok(Err(format!("names a {kind}, not a commit")));
                }
                Reply::Ambiguous => return Ok(Err("short object name is ambiguous".into())),
                Reply::Missing | Reply::Unresolved => {}
            }
            // Peeling failed: ask about the name alone, both for a better message and for
            // names that swallow the suffix (`:/message text` searches commit messages).
            match batch.query(rev)? {
                Reply::Object { oid, kind, size } => {
                    batch.skip_content(size)?;
                    if kind == "commit" {
                        Ok(Ok(oid))
                    } else {
                        Ok(Err(format!("names a {kind}, not a commit")))
                    }
                }
                Reply::Ambiguous => Ok(Err("short object name is ambiguous".into())),
                Reply::Missing | Reply::Unresolved => Ok(Err("not a valid object name".into())),
            }
        });
        match answer {
            Ok(Ok(oid)) => Ok(oid),
            Ok(Err(message)) => Err(unknown(&message)),
            // git dies on some names (`HEAD:../x` is "outside repository"): that is its
            // verdict on the revision, and the next request starts a fresh child.
            Err(Broken::Failed { stderr, .. }) if !stderr.is_empty() => Err(unknown(&stderr)),
            Err(broken) => Err(broken.into_error()),
        }
    }

    /// Reads the blob at `commit:path` (path is repository-relative, '/'-separated).
    /// `rev_display` is the revision as the user typed it, used only in error messages.
    /// Blobs above `limit` bytes are refused without keeping their content.
    pub fn read_blob(
        &self,
        commit: &str,
        rev_display: &str,
        path: &str,
        limit: u64,
    ) -> Result<Vec<u8>, GitError> {
        let not_found = || GitError::PathNotFound {
            rev: rev_display.to_string(),
            path: path.to_string(),
        };
        let not_a_file = || GitError::NotAFile {
            rev: rev_display.to_string(),
            path: path.to_string(),
        };
        let Some(rel) = normalize_repo_path(path) else {
            return Err(not_found());
        };
        if commit.is_empty() || commit.contains(':') || !is_sendable(commit) {
            return Err(GitError::UnknownRevision {
                rev: rev_display.to_string(),
                message: format!("'{commit}' is not a commit id"),
            });
        }
        let name = format!("{commit}:{rel}");
        let outcome = self
            .with_batch(|batch| match batch.query(&name)? {
                Reply::Object { kind, size, .. } if kind == "blob" => {
                    if size > limit {
                        batch.skip_content(size)?;
                        Ok(BlobOutcome::TooLarge(size))
                    } else {
                        Ok(BlobOutcome::Blob(batch.read_content(size)?))
                    }
                }
                Reply::Object { size, .. } => {
                    batch.skip_content(size)?;
                    Ok(BlobOutcome::NotAFile)
                }
                Reply::Missing => {
                    // A submodule entry points at a commit of another repository, which
                    // cat-file reports as missing: look the entry up in the parent tree.
                    if is_gitlink(batch, commit, &rel)? {
                        Ok(BlobOutcome::NotAFile)
                    } else {
                        Ok(BlobOutcome::Missing)
                    }
                }
                Reply::Unresolved => Ok(BlobOutcome::Missing),
                Reply::Ambiguous => Ok(BlobOutcome::Ambiguous),
            })
            .map_err(Broken::into_error)?;
        match outcome {
            BlobOutcome::Blob(bytes) => Ok(bytes),
            BlobOutcome::TooLarge(size) => Err(GitError::TooLarge {
                rev: rev_display.to_string(),
                path: path.to_string(),
                size,
                limit,
            }),
            BlobOutcome::NotAFile => Err(not_a_file()),
            BlobOutcome::Missing => Err(not_found()),
            BlobOutcome::Ambiguous => Err(GitError::UnknownRevision {
                rev: rev_display.to_string(),
                message: "short object name is ambiguous".to_string(),
            }),
        }
    }

    /// Runs one exchange with the child, starting it if needed. On any failure the child is
    /// discarded, because its pipes can no longer be trusted to be in step.
    fn with_batch<T>(
        &self,
        exchange: impl FnOnce(&mut Batch) -> Result<T, Failure>,
    ) -> Result<T, Broken> {
        let mut guard = self.lock_batch();
        // A child that exited since the last request (killed from outside, say) is replaced
        // before anything is sent to it.
        if guard.as_mut().is_some_and(|batch| !batch.is_alive()) {
            *guard = None;
        }
        if guard.is_none() {
            *guard = Some(Batch::spawn(&self.git_cwd).map_err(Broken::Spawn)?);
        }
        let Some(batch) = guard.as_mut() else {
            return Err(Broken::Spawn(GitError::Spawn(
                "could not start git cat-file".to_string(),
            )));
        };
        match exchange(batch) {
            Ok(value) => Ok(value),
            Err(Failure(what)) => {
                let stderr = match guard.take() {
                    Some(mut batch) => batch.shutdown(),
                    None => String::new(),
                };
                Err(Broken::Failed { what, stderr })
            }
        }
    }

    fn lock_batch(&self) -> MutexGuard<'_, Option<Batch>> {
        match self.batch.lock() {
            Ok(guard) => guard,
            Err(poisoned) => {
                // A thread panicked mid-exchange: the pipes may be out of step.
                let mut guard = poisoned.into_inner();
                *guard = None;
                self.batch.clear_poison();
                guard
            }
        }
    }

    #[cfg(test)]
    fn child_pid(&self) -> Option<u32> {
        self.lock_batch().as_ref().map(|batch| batch.child.id())
    }

    #[cfg(test)]
    fn kill_child(&self) {
        if let Some(batch) = self.lock_batch().as_mut() {
            let _ = batch.child.kill();
            let _ = batch.child.wait();
        }
    }
}

enum BlobOutcome {
    Blob(Vec<u8>),
    TooLarge(u64),
    NotAFile,
    Missing,
    Ambiguous,
}

/// Why an exchange with the child went wrong (the child is gone afterwards).
struct Failure(String);

impl From<io::Error> for Failure {
    fn from(e: io::Error) -> Failure {
        match e.kind() {
            io::ErrorKind::BrokenPipe | io::ErrorKind::UnexpectedEof => {
                Failure("git cat-file exited unexpectedly".to_string())
            }
            _ => Failure(format!("reading from git cat-file failed: {e}")),
        }
    }
}

enum Broken {
    Spawn(GitError),
    Failed { what: String, stderr: String },
}

impl Broken {
    fn into_error(self) -> GitError {
        match self {
            Broken::Spawn(e) => e,
            Broken::Failed { what, stderr } if stderr.is_empty() => GitError::Protocol(what),
            Broken::Failed { what, stderr } => {
                GitError::Protocol(format!("{what} (git: {stderr})"))
            }
        }
    }
}

/// The header git answers a request with.
#[derive(Debug)]
enum Reply {
    Object {
        oid: String,
        kind: String,
        size: u64,
    },
    Missing,
    Ambiguous,
    /// `--follow-symlinks` could not follow a link (dangling, loop, outside the tree, through a
    /// file); the explanation that came with it has been discarded.
    Unresolved,
}

/// The running `git cat-file --batch --follow-symlinks` child.
struct Batch {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
    stderr: Option<JoinHandle<String>>,
    done: bool,
}

impl Batch {
    fn spawn(git_cwd: &Path) -> Result<Batch, GitError> {
        let mut child = git_command(git_cwd)
            .args(["cat-file", "--batch", "--follow-symlinks"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(spawn_error)?;
        let stdin = child.stdin.take();
        let stdout = child.stdout.take();
        let stderr = child.stderr.take().and_then(drain_stderr);
        let (Some(stdin), Some(stdout)) = (stdin, stdout) else {
            let _ = child.kill();
            let _ = child.wait();
            return Err(GitError::Spawn(
                "could not connect to git cat-file".to_string(),
            ));
        };
        Ok(Batch {
            child,
            stdin: Some(stdin),
            stdout: BufReader::with_capacity(64 * 1024, stdout),
            stderr,
            done: false,
        })
    }

    fn is_alive(&mut self) -> bool {
        matches!(self.child.try_wait(), Ok(None))
    }

    /// Sends one object name and reads the header of the answer. The caller must then read or
    /// skip the content of an [`Reply::Object`].
    fn query(&mut self, name: &str) -> Result<Reply, Failure> {
        let Some(stdin) = self.stdin.as_mut() else {
            return Err(Failure("git cat-file input is closed".to_string()));
        };
        let mut request = Vec::with_capacity(name.len() + 1);
        request.extend_from_slice(name.as_bytes());
        request.push(b'\n');
        stdin.write_all(&request)?;
        stdin.flush()?;

        // The longest legitimate header echoes the name back (`<name> missing`).
        let max_line = name.len() as u64 + 256;
        let mut line = Vec::new();
        (&mut self.stdout)
            .take(max_line)
            .read_until(b'\n', &mut line)?;
        if line.last() != Some(&b'\n') {
            if line.is_empty() {
                return Err(Failure("git cat-file exited unexpectedly".to_string()));
            }
            return Err(Failure(format!(
                "unterminated header {:?}",
                String::from_utf8_lossy(&line)
            )));
        }
        line.pop();
        if let Some(rest) = line.strip_prefix(name.as_bytes()) {
            match rest {
                b" missing" => return Ok(Reply::Missing),
                b" ambiguous" => return Ok(Reply::Ambiguous),
                _ => {}
            }
        }
        let header = String::from_utf8_lossy(&line).into_owned();
        let bad = || Failure(format!("unexpected header {header:?} for {name:?}"));
        let fields: Vec<&str> = header.split(' ').collect();
        match fields.as_slice() {
            [oid, kind, size] if is_hex_oid(oid) => {
                let size = size.parse::<u64>().map_err(|_| bad())?;
                Ok(Reply::Object {
                    oid: oid.to_string(),
                    kind: kind.to_string(),
                    size,
                })
            }
            [word, size] if matches!(*word, "symlink" | "dangling" | "loop" | "notdir") => {
                let size = size.parse::<u64>().map_err(|_| bad())?;
                self.skip_content(size)?;
                Ok(Reply::Unresolved)
            }
            _ => Err(bad()),
        }
    }

    /// Reads `size` content bytes and the newline after them.
    fn read_content(&mut self, size: u64) -> Result<Vec<u8>, Failure> {
        // The capacity is only a hint: a bogus size must not allocate before bytes arrive.
        let hint = usize::try_from(size.min(64 * 1024 * 1024)).unwrap_or(0);
        let mut bytes = Vec::with_capacity(hint);
        let got = (&mut self.stdout).take(size).read_to_end(&mut bytes)?;
        if got as u64 != size {
            return Err(Failure(format!("object ended after {got} of {size} bytes")));
        }
        self.read_terminator()?;
        Ok(bytes)
    }

    /// Reads and discards `size` content bytes and the newline after them, in small chunks.
    fn skip_content(&mut self, size: u64) -> Result<(), Failure> {
        let got = io::copy(&mut (&mut self.stdout).take(size), &mut io::sink())?;
        if got != size {
            return Err(Failure(format!("object ended after {got} of {size} bytes")));
        }
        self.read_terminator()
    }

    fn read_terminator(&mut self) -> Result<(), Failure> {
        let mut newline = [0u8; 1];
        self.stdout.read_exact(&mut newline)?;
        if newline[0] != b'\n' {
            return Err(Failure(
                "object content is not followed by a newline".to_string(),
            ));
        }
        Ok(())
    }

    /// Stops the child and returns the gist of what it wrote on stderr.
    fn shutdown(&mut self) -> String {
        if self.done {
            return String::new();
        }
        self.done = true;
        // Closing stdin alone would end cat-file, but a stuck child must not hang us.
        drop(self.stdin.take());
        let _ = self.child.kill();
        let _ = self.child.wait();
        match self.stderr.take() {
            Some(handle) => handle.join().unwrap_or_default(),
            None => String::new(),
        }
    }
}

impl Drop for Batch {
    fn drop(&mut self) {
        self.shutdown();
    }
}

/// Collects the child's stderr on a thread (so a chatty git can never block on a full pipe)
/// and, once it closes, condenses it to the line that matters.
fn drain_stderr(mut stderr: ChildStderr) -> Option<JoinHandle<String>> {
    std::thread::Builder::new()
        .name("git-cat-file-stderr".to_string())
        .spawn(move || {
            let mut tail: Vec<u8> = Vec::new();
            let mut chunk = [0u8; 4096];
            loop {
                match stderr.read(&mut chunk) {
                    Ok(0) => break,
                    Ok(n) => {
                        tail.extend_from_slice(&chunk[..n]);
                        if tail.len() > STDERR_TAIL {
                            let cut = tail.len() - STDERR_TAIL;
                            tail.drain(..cut);
                        }
                    }
                    Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
                    Err(_) => break,
                }
            }
            summarize_stderr(&String::from_utf8_lossy(&tail))
        })
        .ok()
}

/// The last `fatal:` line, else the last `error:` line, else the last line, without prefix.
fn summarize_stderr(text: &str) -> String {
    let lines: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    let pick = lines
        .iter()
        .rev()
        .find_map(|l| l.strip_prefix("fatal: "))
        .or_else(|| lines.iter().rev().find_map(|l| l.strip_prefix("error: ")))
        .or_else(|| lines.last().copied());
    pick.unwrap_or_default().to_string()
}

/// Whether `rel` names a submodule (gitlink, mode 160000) entry at `commit`.
fn is_gitlink(batch: &mut Batch, commit: &str, rel: &str) -> Result<bool, Failure> {
    if rel.is_empty() {
        return Ok(false);
    }
    let (parent, entry) = rel.rsplit_once('/').unwrap_or(("", rel));
    let Reply::Object { oid, kind, size } = batch.query(&format!("{commit}:{parent}"))? else {
        return Ok(false);
    };
    if kind != "tree" || size > MAX_TREE_SIZE {
        batch.skip_content(size)?;
        return Ok(false);
    }
    let tree = batch.read_content(size)?;
    Ok(tree_has_gitlink(&tree, oid.len() / 2, entry.as_bytes()))
}

/// Scans a raw tree object (`<mode> <name>\0<hash>` entries) for a gitlink named `entry`.
fn tree_has_gitlink(mut tree: &[u8], hash_len: usize, entry: &[u8]) -> bool {
    while !tree.is_empty() {
        let Some(space) = tree.iter().position(|&b| b == b' ') else {
            return false;
        };
        let Some(nul) = tree.iter().position(|&b| b == 0) else {
            return false;
        };
        if nul < space {
            return false;
        }
        let (mode, name) = (&tree[..space], &tree[space + 1..nul]);
        if mode == b"160000" && name == entry {
            return true;
        }
        let Some(rest) = tree.get(nul + 1 + hash_len..) else {
            return false;
        };
        tree = rest;
    }
    false
}

/// Lexically normalizes a repository path: drops empty and `.` segments, applies `..`.
/// `None` for paths that cannot be sent (newline, NUL, trailing CR, which git would strip)
/// or that climb above the root.
fn normalize_repo_path(path: &str) -> Option<String> {
    if !is_sendable(path) {
        return None;
    }
    let mut parts: Vec<&str> = Vec::new();
    for segment in path.split('/') {
        match segment {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// Whether a string can go on one request line unchanged.
fn is_sendable(s: &str) -> bool {
    !s.contains(['\n', '\0']) && !s.ends_with('\r')
}

fn is_hex_oid(s: &str) -> bool {
    (s.len() == 40 || s.len() == 64) && s.bytes().all(|b| b.is_ascii_hexdigit())
}

fn git_command(dir: &Path) -> Command {
    let mut command = Command::new("git");
    command
        .arg("-c")
        .arg("core.quotePath=false")
        .arg("-C")
        .arg(dir)
        .env("LC_ALL", "C")
        .env("GIT_TERMINAL_PROMPT", "0");
    for var in SCRUBBED_ENV {
        command.env_remove(var);
    }
    command
}

fn spawn_error(e: io::Error) -> GitError {
    if e.kind() == io::ErrorKind::NotFound {
        GitError::Spawn("git not found on PATH".to_string())
    } else {
        GitError::Spawn(format!("could not start git: {e}"))
    }
}

#[cfg(unix)]
fn bytes_to_path(bytes: Vec<u8>) -> Result<PathBuf, GitError> {
    use std::os::unix::ffi::OsStringExt;
    Ok(PathBuf::from(std::ffi::OsString::from_vec(bytes)))
}

#[cfg(not(unix))]
fn bytes_to_path(bytes: Vec<u8>) -> Result<PathBuf, GitError> {
    String::from_utf8(bytes)
        .map(PathBuf::from)
        .map_err(|_| GitError::Protocol("work tree path is not valid UTF-8".to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::fs;
    use std::sync::Arc;

    /// Runs git in `dir` with a neutral identity and no signing or hooks; returns stdout.
    fn git(dir: &Path, args: &[&str]) -> String {
        let output = git_command(dir)
            .args([
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@t",
                "-c",
                "commit.gpgsign=false",
                "-c",
                "core.hooksPath=/dev/null",
            ])
            .args(args)
            .stdin(Stdio::null())
            .output()
            .expect("run git");
        assert!(
            output.status.success(),
            "git {args:?} failed: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8_lossy(&output.stdout).trim().to_string()
    }

    fn write(root: &Path, rel: &str, content: &[u8]) {
        let path = root.join(rel);
        fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
        fs::write(path, content).expect("write");
    }

    fn commit_all(root: &Path, message: &str) {
        git(root, &["add", "-A"]);
        git(root, &["commit", "-q", "-m", message]);
    }

    /// A repository on branch `main` with two commits: `openapi.yaml` changes between them,
    /// `api/paths/pets.yaml` sits in a subdirectory.
    fn fixture() -> (tempfile::TempDir, GitRepo) {
        let dir = tempfile::tempdir().expect("tempdir");
        let root = dir.path();
        git(root, &["init", "-q"]);
        git(root, &["symbolic-ref", "HEAD", "refs/heads/main"]);
        write(root, "openapi.yaml", b"openapi: 3.0.0\nversion: one\n");
        write(root, "api/paths/pets.yaml", b"get: {}\n");
        commit_all(root, "one");
        write(root, "openapi.yaml", b"openapi: 3.1.0\nversion: two\n");
        commit_all(root, "two");
        let repo = GitRepo::discover(root).expect("discover");
        (dir, repo)
    }

    const LIMIT: u64 = crate::source::DEFAULT_MAX_FILE_SIZE;

    #[test]
    fn git_repo_is_send_and_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<GitRepo>();
    }

    #[test]
    fn discover_finds_toplevel_from_subdirectory() {
        let (dir, _) = fixture();
        let repo = GitRepo::discover(&dir.path().join("api/paths")).expect("discover");
        let expected = fs::canonicalize(dir.path()).expect("canonicalize");
        assert_eq!(repo.workdir(), expected);
        assert!(repo.workdir().is_absolute());
    }

    #[test]
    fn discover_outside_repository_is_not_a_repository() {
        let dir = tempfile::tempdir().expect("tempdir");
        // If the temp directory itself lives inside some repository, there is nothing to test.
        if GitRepo::discover(dir.path().parent().unwrap_or(dir.path())).is_ok() {
            return;
        }
        let err = GitRepo::discover(dir.path()).expect_err("not a repository");
        assert_eq!(err, GitError::NotARepository(dir.path().to_path_buf()));
        let missing = dir.path().join("does-not-exist");
        assert!(matches!(
            GitRepo::discover(&missing),
            Err(GitError::NotARepository(_))
        ));
    }

    #[test]
    fn reads_file_at_head_and_previous_commit() {
        let (_dir, repo) = fixture();
        let head = repo.resolve_commit("HEAD").expect("HEAD");
        let prev = repo.resolve_commit("HEAD~1").expect("HEAD~1");
        assert_ne!(head, prev);
        let now = repo
            .read_blob(&head, "HEAD", "openapi.yaml", LIMIT)
            .expect("read");
        let then = repo
            .read_blob(&prev, "HEAD~1", "openapi.yaml", LIMIT)
            .expect("read");
        assert_eq!(now, b"openapi: 3.1.0\nversion: two\n");
        assert_eq!(then, b"openapi: 3.0.0\nversion: one\n");
    }

    #[test]
    fn reads_file_in_subdirectory() {
        let (_dir, repo) = fixture();
        let head = repo.resolve_commit("HEAD").expect("HEAD");
        let bytes = repo
            .read_blob(&head, "HEAD", "api/paths/pets.yaml", LIMIT)
            .expect("read");
        assert_eq!(bytes, b"get: {}\n");
        // `.`, `..` and doubled slashes are normalized before the request.
        let bytes = repo
            .read_blob(&head, "HEAD", "./api//x/../paths/pets.yaml", LIMIT)
            .expect("read");
        assert_eq!(bytes, b"get: {}\n");
    }

    #[test]
    fn resolves_branch_name_and_short_sha_to_full_sha() {
        let (dir, repo) = fixture();
        let expected = git(dir.path(), &["rev-parse", "main"]);
        assert_eq!(repo.resolve_commit("main").expect("main"), expected);
        assert_eq!(repo.resolve_commit("HEAD").expect("HEAD"), expected);
        assert_eq!(
            repo.resolve_commit("refs/heads/main").expect("ref"),
            expected
        );
        assert_eq!(
            repo.resolve_commit(&expected[..10]).expect("short"),
            expected
        );
        // A tag peels to its commit.
        git(dir.path(), &["tag", "-a", "-m", "v1", "v1", "HEAD~1"]);
        let prev = git(dir.path(), &["rev-parse", "HEAD~1"]);
        assert_eq!(repo.resolve_commit("v1").expect("tag"), prev);
        // `:/text` searches commit messages.
        assert_eq!(repo.resolve_commit(":/one").expect(":/one"), prev);
    }

    #[test]
    fn unknown_revision_names_it() {
        let (_dir, repo) = fixture();
        let err = repo.resolve_commit("nope").expect_err("unknown");
        assert!(
            matches!(&err, GitError::UnknownRevision { rev, .. } if rev == "nope"),
            "{err:?}"
        );
        assert_eq!(
            err.to_string(),
            "unknown git revision 'nope' (git: not a valid object name)"
        );
        for rev in ["", "main\nHEAD", "HEAD~99"] {
            let err = repo.resolve_commit(rev).expect_err("unknown");
            assert!(
                matches!(&err, GitError::UnknownRevision { rev: r, .. } if r == rev),
                "{err:?}"
            );
        }
    }

    #[test]
    fn non_commit_revision_is_unknown_revision() {
        let (_dir, repo) = fixture();
        let err = repo.resolve_commit("HEAD:api").expect_err("a tree");
        assert_eq!(
            err,
            GitError::UnknownRevision {
                rev: "HEAD:api".into(),
                message: "names a tree, not a commit".into()
            }
        );
    }

    #[test]
    fn revision_that_kills_git_is_reported_and_next_request_works() {
        let (_dir, repo) = fixture();
        // git dies on this name ("outside repository"); its message becomes the error.
        let err = repo.resolve_commit("HEAD:../x").expect_err("outside");
        match &err {
            GitError::UnknownRevision { rev, message } => {
                assert_eq!(rev, "HEAD:../x");
                assert!(message.contains("outside repository"), "{message}");
            }
            other => panic!("unexpected {other:?}"),
        }
        let head = repo.resolve_commit("HEAD").expect("fresh child");
        assert!(repo.read_blob(&head, "HEAD", "openapi.yaml", LIMIT).is_ok());
    }

    #[test]
    fn missing_path_is_path_not_found() {
        let (_dir, repo) = fixture();
        let head = repo.resolve_commit("main").expect("main");
        let err = repo
            .read_blob(&head, "main", "api/x.yaml", LIMIT)
            .expect_err("missing");
        assert_eq!(
            err,
            GitError::PathNotFound {
                rev: "main".into(),
                path: "api/x.yaml".into()
            }
        );
        assert_eq!(
            err.to_string(),
            "'api/x.yaml' does not exist at revision 'main'"
        );
        // Paths that cannot be sent or that leave the tree are refused the same way.
        for path in [
            "api\nopenapi.yaml",
            "../openapi.yaml",
            "a\0b",
            "openapi.yaml\r",
        ] {
            let err = repo.read_blob(&head, "main", path, LIMIT).expect_err(path);
            assert!(matches!(err, GitError::PathNotFound { .. }), "{err:?}");
        }
        assert!(repo.read_blob(&head, "main", "openapi.yaml", LIMIT).is_ok());
    }

    #[test]
    fn directory_path_is_not_a_file() {
        let (_dir, repo) = fixture();
        let head = repo.resolve_commit("main").expect("main");
        for path in ["api", "api/paths", "api/", ""] {
            let err = repo.read_blob(&head, "main", path, LIMIT).expect_err(path);
            assert_eq!(
                err,
                GitError::NotAFile {
                    rev: "main".into(),
                    path: path.into()
                }
            );
        }
        let err = repo
            .read_blob(&head, "main", "api", LIMIT)
            .expect_err("dir");
        assert_eq!(
            err.to_string(),
            "'api' at revision 'main' is a directory, not a file"
        );
        // The tree bytes were drained: the next read still lines up.
        assert_eq!(
            repo.read_blob(&head, "main", "api/paths/pets.yaml", LIMIT)
                .expect("read"),
            b"get: {}\n"
        );
    }

    #[test]
    fn submodule_path_is_not_a_file() {
        let (dir, repo) = fixture();
        let head = git(dir.path(), &["rev-parse", "HEAD"]);
        let entry = format!("160000,{head},vendor/sub");
        git(
            dir.path(),
            &["update-index", "--add", "--cacheinfo", &entry],
        );
        git(dir.path(), &["commit", "-q", "-m", "submodule"]);
        let commit = repo.resolve_commit("HEAD").expect("HEAD");
        let err = repo
            .read_blob(&commit, "HEAD", "vendor/sub", LIMIT)
            .expect_err("submodule");
        assert!(matches!(err, GitError::NotAFile { .. }), "{err:?}");
        let err = repo
            .read_blob(&commit, "HEAD", "vendor/other", LIMIT)
            .expect_err("missing");
        assert!(matches!(err, GitError::PathNotFound { .. }), "{err:?}");
    }

    #[cfg(unix)]
    #[test]
    fn symlinks_inside_the_tree_are_followed() {
        let (dir, repo) = fixture();
        std::os::unix::fs::symlink("api/paths/pets.yaml", dir.path().join("link.yaml"))
            .expect("symlink");
        std::os::unix::fs::symlink("nowhere.yaml", dir.path().join("dangling.yaml"))
            .expect("symlink");
        commit_all(dir.path(), "links");
        let head = repo.resolve_commit("HEAD").expect("HEAD");
        assert_eq!(
            repo.read_blob(&head, "HEAD", "link.yaml", LIMIT)
                .expect("link"),
            b"get: {}\n"
        );
        let err = repo
            .read_blob(&head, "HEAD", "dangling.yaml", LIMIT)
            .expect_err("dangling");
        assert!(matches!(err, GitError::PathNotFound { .. }), "{err:?}");
        assert!(repo.read_blob(&head, "HEAD", "openapi.yaml", LIMIT).is_ok());
    }

    #[test]
    fn unusual_file_names_are_read() {
        let (dir, repo) = fixture();
        write(dir.path(), "my api/spéc missing.yaml", b"x: 1\n");
        commit_all(dir.path(), "names");
        let head = repo.resolve_commit("HEAD").expect("HEAD");
        assert_eq!(
            repo.read_blob(&head, "HEAD", "my api/spéc missing.yaml", LIMIT)
                .expect("read"),
            b"x: 1\n"
        );
    }

    #[test]
    fn size_limit_is_enforced_and_protocol_stays_in_sync() {
        let (dir, repo) = fixture();
        let big = vec![b'a'; 200_000];
        write(dir.path(), "big.yaml", &big);
        write(dir.path(), "empty.yaml", b"");
        commit_all(dir.path(), "big");
        let head = repo.resolve_commit("HEAD").expect("HEAD");
        let err = repo
            .read_blob(&head, "main", "big.yaml", 1000)
            .expect_err("too large");
        assert_eq!(
            err,
            GitError::TooLarge {
                rev: "main".into(),
                path: "big.yaml".into(),
                size: 200_000,
                limit: 1000
            }
        );
        assert_eq!(
            err.to_string(),
            "'big.yaml' at revision 'main' is 200000 bytes, over the file size limit of 1000 \
             bytes (raise it with --max-file-size)"
        );
        let pid = repo.child_pid();
        assert_eq!(
            repo.read_blob(&head, "main", "openapi.yaml", 1000)
                .expect("next read"),
            b"openapi: 3.1.0\nversion: two\n"
        );
        assert_eq!(repo.child_pid(), pid, "the child survived the refusal");
        // Exactly at the limit is accepted.
        assert_eq!(
            repo.read_blob(&head, "main", "big.yaml", 200_000)
                .expect("at limit"),
            big
        );
        assert!(repo.read_blob(&head, "main", "big.yaml", 199_999).is_err());
        assert_eq!(
            repo.read_blob(&head, "main", "empty.yaml", 0)
                .expect("empty"),
            b""
        );
    }

    #[test]
    fn many_reads_share_one_child() {
        let (dir, repo) = fixture();
        for i in 0..50 {
            write(
                dir.path(),
                &format!("paths/p{i}.yaml"),
                format!("n: {i}\n").as_bytes(),
            );
        }
        commit_all(dir.path(), "many");
        let head = repo.resolve_commit("HEAD").expect("HEAD");
        let pid = repo.child_pid().expect("child started");
        for i in 0..500 {
            let n = i % 50;
            let bytes = repo
                .read_blob(&head, "HEAD", &format!("paths/p{n}.yaml"), LIMIT)
                .expect("read");
            assert_eq!(bytes, format!("n: {n}\n").as_bytes());
            if i % 100 == 0 {
                assert!(repo.read_blob(&head, "HEAD", "nope.yaml", LIMIT).is_err());
            }
        }
        assert_eq!(repo.child_pid(), Some(pid));
    }

    #[test]
    fn concurrent_reads_from_four_threads() {
        let (dir, repo) = fixture();
        for i in 0..20 {
            write(
                dir.path(),
                &format!("c/{i}.yaml"),
                format!("{i}\n").repeat(i * 100).as_bytes(),
            );
        }
        commit_all(dir.path(), "concurrent");
        let repo = Arc::new(repo);
        let head = repo.resolve_commit("HEAD").expect("HEAD");
        let threads: Vec<_> = (0..4)
            .map(|t| {
                let repo = Arc::clone(&repo);
                let head = head.clone();
                std::thread::spawn(move || {
                    for k in 0..200 {
                        let i = (k + t * 5) % 20;
                        let bytes = repo
                            .read_blob(&head, "HEAD", &format!("c/{i}.yaml"), LIMIT)
                            .expect("read");
                        assert_eq!(bytes, format!("{i}\n").repeat(i * 100).as_bytes());
                        if k % 50 == 0 {
                            let err = repo.read_blob(&head, "HEAD", "c", 10).expect_err("dir");
                            assert!(matches!(err, GitError::NotAFile { .. }));
                        }
                    }
                })
            })
            .collect();
        for thread in threads {
            thread.join().expect("thread");
        }
    }

    #[test]
    fn a_dead_child_is_replaced() {
        let (_dir, repo) = fixture();
        let head = repo.resolve_commit("HEAD").expect("HEAD");
        let first = repo.child_pid().expect("child");
        repo.kill_child();
        assert!(repo.read_blob(&head, "HEAD", "openapi.yaml", LIMIT).is_ok());
        let second = repo.child_pid().expect("child");
        assert_ne!(first, second);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn drop_reaps_the_child() {
        let (_dir, repo) = fixture();
        repo.resolve_commit("HEAD").expect("HEAD");
        let pid = repo.child_pid().expect("child");
        assert!(Path::new(&format!("/proc/{pid}")).exists());
        drop(repo);
        assert!(!Path::new(&format!("/proc/{pid}")).exists());
    }

    #[test]
    fn tree_scan_finds_only_gitlinks() {
        let mut tree = Vec::new();
        tree.extend_from_slice(b"100644 a\0");
        tree.extend_from_slice(&[1u8; 20]);
        tree.extend_from_slice(b"160000 sub\0");
        tree.extend_from_slice(&[0u8; 20]);
        assert!(tree_has_gitlink(&tree, 20, b"sub"));
        assert!(!tree_has_gitlink(&tree, 20, b"a"));
        assert!(!tree_has_gitlink(&tree[..12], 20, b"sub"));
    }

    #[test]
    fn error_messages_are_one_line() {
        let errors = [
            GitError::NotARepository(PathBuf::from("/tmp/x")),
            GitError::Spawn("git not found on PATH".into()),
            GitError::Protocol("git cat-file exited unexpectedly".into()),
        ];
        for err in errors {
            let text = err.to_string();
            assert!(!text.contains('\n') && !text.is_empty(), "{text}");
        }
        assert_eq!(
            GitError::NotARepository(PathBuf::from("/tmp/x")).to_string(),
            "'/tmp/x' is not inside a git work tree"
        );
    }
}
