//! Finding the OpenAPI documents under a directory given on the command line.
//!
//! The walk honours `.gitignore` (and `.ignore`), skips hidden entries, and keeps `.yaml`,
//! `.yml` and `.json` files whose top level declares `openapi:` or `swagger:` in the first
//! kilobytes: files that are only `$ref` targets (schemas, parameters) are linted through the
//! documents that reference them, not as documents of their own.

use std::io::Read;
use std::path::{Path, PathBuf};

/// How much of a file is read to decide whether it is an OpenAPI document.
const SNIFF_BYTES: u64 = 8 * 1024;

/// OpenAPI documents under `dir`, sorted by path.
pub fn openapi_documents(dir: &Path) -> Vec<PathBuf> {
    let mut found: Vec<PathBuf> = ignore::WalkBuilder::new(dir)
        .build()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .map(|e| e.into_path())
        .filter(|p| {
            let ext = p
                .extension()
                .and_then(|e| e.to_str())
                .map(str::to_ascii_lowercase);
            matches!(ext.as_deref(), Some("yaml" | "yml" | "json"))
        })
        .filter(|p| looks_like_openapi(p))
        .collect();
    found.sort();
    found
}

/// Whether the start of a file declares an OpenAPI or Swagger version at its top level.
fn looks_like_openapi(path: &Path) -> bool {
    let mut head = Vec::new();
    let Ok(file) = std::fs::File::open(path) else {
        return false;
    };
    if file.take(SNIFF_BYTES).read_to_end(&mut head).is_err() {
        return false;
    }
    let text = String::from_utf8_lossy(&head);
    text.lines().any(|line| {
        let l = line.trim_start_matches('\u{feff}');
        // YAML: a top-level key (no indentation); JSON: the quoted key anywhere in the head.
        l.starts_with("openapi:")
            || l.starts_with("swagger:")
            || l.starts_with("\"openapi\":")
            || l.starts_with("\"swagger\":")
            || (l.trim_start().starts_with('{') || l.trim_start().starts_with('"'))
                && (l.contains("\"openapi\"") || l.contains("\"swagger\""))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_documents_not_fragments_and_honours_gitignore() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path();
        std::fs::create_dir_all(p.join("api/schemas")).unwrap();
        std::fs::create_dir_all(p.join("build")).unwrap();
        std::fs::create_dir_all(p.join(".git")).unwrap();
        std::fs::write(p.join("api/openapi.yaml"), "openapi: 3.1.0\n").unwrap();
        std::fs::write(p.join("api/schemas/pet.yaml"), "type: object\n").unwrap();
        std::fs::write(p.join("swagger.json"), "{\n  \"swagger\": \"2.0\"\n}\n").unwrap();
        std::fs::write(p.join("min.json"), "{\"openapi\":\"3.0.0\"}").unwrap();
        std::fs::write(p.join("build/openapi.yaml"), "openapi: 3.1.0\n").unwrap();
        std::fs::write(p.join(".gitignore"), "build/\n").unwrap();
        std::fs::write(p.join("notes.txt"), "openapi: 3.1.0\n").unwrap();
        let found: Vec<String> = openapi_documents(p)
            .iter()
            .map(|f| crate::source::slash_path(f.strip_prefix(p).unwrap()))
            .collect();
        assert_eq!(found, ["api/openapi.yaml", "min.json", "swagger.json"]);
    }
}
