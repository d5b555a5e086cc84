//! What the benchmarks share: where the shared corpus is.

use std::path::{Path, PathBuf};

/// A spec of `../shared/corpus`, which the benchmarks read (they fail clearly without it).
pub fn corpus(rel: &str) -> PathBuf {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../shared/corpus")
        .join(rel);
    assert!(
        path.exists(),
        "{} is missing: the benchmark reads the shared corpus",
        path.display()
    );
    path
}
