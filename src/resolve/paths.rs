//! Lexical path arithmetic for refs: joining, normalizing `.`/`..`, and finding the project root.
//! Lexical on purpose: a missing file must still be judged inside or outside the root, and a
//! revision's paths do not exist on disk at all. Symlinks are checked separately, on disk.

use std::path::{Component, Path, PathBuf};

/// Normalizes an absolute path lexically (`/a/./b/../c` -> `/a/c`). `..` at the filesystem root
/// stays at the root, as the OS does.
pub fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// Joins and normalizes a `/`-separated repository path; `None` when it climbs above the
/// repository root or is absolute (an absolute path names the machine's files, not the
/// revision's).
pub fn join_repo_path(base_dir: &str, relative: &str) -> Option<String> {
    if relative.starts_with('/') {
        return None;
    }
    let mut parts: Vec<&str> = base_dir.split('/').filter(|p| !p.is_empty()).collect();
    for part in relative.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            p => parts.push(p),
        }
    }
    Some(parts.join("/"))
}

/// The directory part of a repository path (`api/openapi.yaml` -> `api`).
pub fn repo_parent(path: &str) -> &str {
    path.rsplit_once('/').map_or("", |(dir, _)| dir)
}

/// Whether `path` is `root` or below it (both normalized).
pub fn is_within(path: &Path, root: &Path) -> bool {
    path.starts_with(root)
}

/// Whether a repository path is inside the repository sub-directory `root` (`""` is the whole
/// repository).
pub fn repo_is_within(path: &str, root: &str) -> bool {
    root.is_empty() || path == root || path.starts_with(&format!("{root}/"))
}

/// The nearest directory at or above `start` holding `.git` (a directory, or a file for a
/// worktree or submodule).
pub fn find_git_root(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join(".git").exists())
        .map(Path::to_path_buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_dots() {
        assert_eq!(normalize(Path::new("/a/./b/../c")), PathBuf::from("/a/c"));
        assert_eq!(normalize(Path::new("/../x")), PathBuf::from("/x"));
    }

    #[test]
    fn repo_paths_cannot_climb_out() {
        assert_eq!(
            join_repo_path("api", "schemas/pet.yaml").as_deref(),
            Some("api/schemas/pet.yaml")
        );
        assert_eq!(
            join_repo_path("api/v1", "../common.yaml").as_deref(),
            Some("api/common.yaml")
        );
        assert_eq!(join_repo_path("api", "../../x.yaml"), None);
        assert_eq!(join_repo_path("", "./a.yaml").as_deref(), Some("a.yaml"));
        assert_eq!(join_repo_path("api", "/etc/passwd"), None);
        assert!(repo_is_within("api/a.yaml", "api"));
        assert!(!repo_is_within("apix/a.yaml", "api"));
        assert!(repo_is_within("anything", ""));
    }
}
