//! `specguard::source::git` through the public interface, against real repositories.

use std::path::Path;
use std::process::{Command, Stdio};

use specguard::source::git::{GitError, GitRepo};

fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["-c", "user.name=t", "-c", "user.email=t@t"])
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "core.hooksPath=/dev/null",
        ])
        .args(args)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .stdin(Stdio::null())
        .output()
        .expect("run git");
    assert!(
        output.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}

fn repo_with_history() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path();
    git(root, &["init", "-q"]);
    git(root, &["symbolic-ref", "HEAD", "refs/heads/main"]);
    std::fs::create_dir_all(root.join("api")).expect("mkdir");
    std::fs::write(root.join("api/openapi.yaml"), "info: {version: '1'}\n").expect("write");
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "v1"]);
    std::fs::write(root.join("api/openapi.yaml"), "info: {version: '2'}\n").expect("write");
    git(root, &["add", "-A"]);
    git(root, &["commit", "-q", "-m", "v2"]);
    dir
}

#[test]
fn reads_two_revisions_of_a_spec() {
    let dir = repo_with_history();
    let repo = GitRepo::discover(&dir.path().join("api")).expect("discover");
    let main = repo.resolve_commit("main").expect("main");
    assert_eq!(main, git(dir.path(), &["rev-parse", "main"]));
    let prev = repo.resolve_commit("main~1").expect("main~1");
    let now = repo
        .read_blob(&main, "main", "api/openapi.yaml", 1 << 20)
        .expect("read");
    let then = repo
        .read_blob(&prev, "main~1", "api/openapi.yaml", 1 << 20)
        .expect("read");
    assert_eq!(now, b"info: {version: '2'}\n");
    assert_eq!(then, b"info: {version: '1'}\n");
}

#[test]
fn errors_read_well() {
    let dir = repo_with_history();
    let repo = GitRepo::discover(dir.path()).expect("discover");
    let main = repo.resolve_commit("main").expect("main");

    let err = repo.resolve_commit("nope").expect_err("unknown");
    assert!(
        err.to_string()
            .starts_with("unknown git revision 'nope' (git: "),
        "{err}"
    );

    let err = repo
        .read_blob(&main, "main", "api/x.yaml", 1 << 20)
        .expect_err("missing");
    assert_eq!(
        err.to_string(),
        "'api/x.yaml' does not exist at revision 'main'"
    );

    let err = repo
        .read_blob(&main, "main", "api", 1 << 20)
        .expect_err("dir");
    assert_eq!(
        err.to_string(),
        "'api' at revision 'main' is a directory, not a file"
    );

    let err = repo
        .read_blob(&main, "main", "api/openapi.yaml", 4)
        .expect_err("too large");
    assert!(
        matches!(
            err,
            GitError::TooLarge {
                size: 21,
                limit: 4,
                ..
            }
        ),
        "{err:?}"
    );
    assert_eq!(
        err.to_string(),
        "'api/openapi.yaml' at revision 'main' is 21 bytes, over the file size limit of 4 bytes \
         (raise it with --max-file-size)"
    );
    let _: &dyn std::error::Error = &err;
}

#[test]
fn shared_across_rayon_style_threads() {
    let dir = repo_with_history();
    let repo = GitRepo::discover(dir.path()).expect("discover");
    let main = repo.resolve_commit("main").expect("main");
    std::thread::scope(|scope| {
        for _ in 0..4 {
            scope.spawn(|| {
                for _ in 0..100 {
                    let bytes = repo
                        .read_blob(&main, "main", "api/openapi.yaml", 1 << 20)
                        .expect("read");
                    assert_eq!(bytes, b"info: {version: '2'}\n");
                }
            });
        }
    });
}
