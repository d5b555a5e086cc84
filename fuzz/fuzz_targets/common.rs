//! What the fuzz targets share: a per-process scratch directory, a loader confined to it, and
//! lint + render with the invariants every report must keep.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use specguard::finding::Location;
use specguard::lint::lint_workspace;
use specguard::report::{self, Item, Position, PrettyOptions};
use specguard::resolve::{LoadOptions, Loader, Workspace};

/// A directory of this process's own (`$TMPDIR/specguard-fuzz-TAG-PID`), made once and
/// reused by every iteration; the targets clean what they write into it.
pub fn scratch(tag: &str) -> &'static Path {
    static DIR: OnceLock<PathBuf> = OnceLock::new();
    DIR.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("specguard-fuzz-{tag}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("scratch directory");
        // Canonical, so that `root` below is the real directory however TMPDIR is spelled.
        std::fs::canonicalize(&dir).expect("scratch directory")
    })
}

/// A loader whose current directory and root are `dir`: refs cannot leave it.
pub fn loader(dir: &Path) -> Loader {
    Loader::new(
        LoadOptions {
            root: Some(dir.to_path_buf()),
            ..LoadOptions::default()
        },
        dir.to_path_buf(),
    )
}

/// A location's span lies inside its source's text, on character boundaries.
pub fn check_location(ws: &Workspace, location: &Location, what: &str) {
    let source = ws.source(location.source);
    let text = &source.text;
    let (start, end) = (location.span.start as usize, location.span.end as usize);
    // The one span allowed past the text: `invalid-utf8` points at the byte where decoding
    // stopped, which the decoded text (the valid prefix) does not hold.
    let at_decode_error = source.decode_error == Some(start) && start == text.len();
    assert!(
        start <= end && (end <= text.len() || at_decode_error),
        "{what}: span {start}..{end} outside {} bytes of {}",
        text.len(),
        source.name
    );
    let end = end.min(text.len());
    assert!(
        text.is_char_boundary(start) && text.is_char_boundary(end),
        "{what}: span {start}..{end} not on character boundaries"
    );
    let p = Position::of(ws, location);
    assert!(
        p.start.line >= 1 && p.start.column >= 1,
        "{what}: position {p:?}"
    );
}

/// Lints the workspace and renders its findings as JSON (which must parse) and pretty text
/// (which computes every frame's lines and columns).
pub fn lint_and_render(ws: &Workspace) {
    let findings = lint_workspace(ws);
    for f in &findings {
        check_location(ws, &f.location, f.rule);
        for r in &f.related {
            check_location(ws, &r.location, f.rule);
        }
    }
    let mut items: Vec<Item<'_>> = findings
        .iter()
        .map(|finding| Item { ws, finding })
        .collect();
    report::sort_and_dedupe(&mut items);
    let files = ws.files().len();
    let json = report::render_json(&items, files);
    if let Err(e) = serde_json::from_str::<serde_json::Value>(&json) {
        panic!("render_json is not JSON: {e}\n{json}");
    }
    let pretty = report::render_pretty(&items, files, PrettyOptions { color: false });
    assert!(items.is_empty() || !pretty.is_empty());
}
