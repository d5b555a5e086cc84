//! Loads every root document of the shared corpus (`../shared/corpus/INDEX.tsv`, 573 specs from
//! Swagger 2.0 to OpenAPI 3.2, up to 4 MB or 2,850 files per spec) and checks what the loader says
//! against what INDEX.tsv knows about each: no panic, no hang, the entry readable, no error on a
//! spec not marked broken, and the marked unresolved/remote refs found, with their counts.
//!
//! All problems are collected and printed per file before the test fails, so one run shows
//! them all. The corpus is not part of the crate: without it the test fails, unless
//! `SPECGUARD_SKIP_SHARED=1` says to skip it (and it then says that it skipped).

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use specguard::finding::Severity;
use specguard::lint::{LOADER_RULES, lint_workspace};
use specguard::resolve::{LoadOptions, Loader, SpecInput};

/// Per-document limit before it counts as a hang (debug builds; the largest takes ~2 s).
const HANG_AFTER: Duration = Duration::from_secs(120);

/// What the corpus index does not say: specs not marked broken that are broken, each checked by
/// reading the file.
enum Known {
    /// Exactly this many error findings, all of this rule.
    Broken { rule: &'static str, count: usize },
}

fn known(path: &str) -> Option<Known> {
    Some(match path {
        // Line 196 `$ref: '#/components/links/getBurger'`; components/links has only `burger`.
        "libopenapi/test_specs/all-the-components.yaml" => Known::Broken {
            rule: "ref-unresolved",
            count: 1,
        },
        // Lines 1983 and 2006: `#/definitions/samplesResults` and `#/definitions/sessionsResults`,
        // neither of which is among the definitions.
        "libopenapi/test_specs/xsoar.json" => Known::Broken {
            rule: "ref-unresolved",
            count: 2,
        },
        // Lines 20724-20725: `refund:` has `description: |-` twice in a row.
        "libopenapi/test_specs/stripe-old.yaml" => Known::Broken {
            rule: "duplicate-key",
            count: 1,
        },
        // Swagger 2.0 with `definitions`, but its ref names `#/components/schemas/...`.
        "mermade-openapi3-examples/3.0/pass/fiendish/ref-encoding2.yaml" => Known::Broken {
            rule: "ref-unresolved",
            count: 1,
        },
        // `#/.../with+space`: a `+` is no space in a URI fragment; the property is `with space`.
        "mermade-openapi3-examples/3.0/pass/fiendish/ref-encoding3.yaml" => Known::Broken {
            rule: "ref-unresolved",
            count: 1,
        },
        _ => return None,
    })
}

/// What one document's load gave.
struct Outcome {
    files: usize,
    /// Loader error findings by rule.
    errors: BTreeMap<&'static str, usize>,
    /// Findings of other (lint) rules, any severity.
    other_rules: usize,
    /// Rendered error findings (the first few), for the report.
    error_lines: Vec<String>,
    warnings: usize,
    /// Spans outside their text or splitting a character.
    bad_spans: Vec<String>,
    /// Changes `diff` found between the document and a second load of itself (must be none).
    self_diff: Vec<String>,
    /// For a multi-file document that loads cleanly: whether it was diffed against its
    /// bundled single-file form, and the changes found (must be none).
    bundled: bool,
    bundle_diff: Vec<String>,
}

fn check_one(corpus: &Path, rel: &str) -> Result<Outcome, String> {
    let loader = Loader::new(
        LoadOptions {
            root: Some(corpus.to_path_buf()),
            ..Default::default()
        },
        corpus.to_path_buf(),
    );
    let ws = loader
        .load(&SpecInput::File(PathBuf::from(rel)))
        .map_err(|e| format!("entry not loaded: {e}"))?;
    let findings = lint_workspace(&ws);
    let mut out = Outcome {
        files: ws.files().len(),
        errors: BTreeMap::new(),
        error_lines: Vec::new(),
        warnings: 0,
        other_rules: 0,
        bad_spans: Vec::new(),
        self_diff: Vec::new(),
        bundled: false,
        bundle_diff: Vec::new(),
    };
    // diff(a, a) is empty: a second, independent load of the same document.
    if let Some(base) = specguard::spec::Document::new(&ws) {
        let again = loader
            .load(&SpecInput::File(PathBuf::from(rel)))
            .map_err(|e| format!("second load failed: {e}"))?;
        if let Some(head) = specguard::spec::Document::new(&again) {
            let options = specguard::rules::options::IdempotencyOptions::default();
            out.self_diff = specguard::diff::diff(base, head, &options)
                .iter()
                .take(3)
                .map(|c| format!("{} {}", c.id, c.message))
                .collect();
        }
    }
    // diff(a, bundled(a)) is empty: splitting a spec into files changes nothing on the wire.
    let clean = !ws.findings().iter().any(|f| f.severity == Severity::Error);
    if ws.files().len() > 1 && clean {
        if let (Some(base), Some(bundle)) =
            (specguard::spec::Document::new(&ws), common::bundle(&ws))
        {
            let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
            let text = serde_json::to_string(&bundle).map_err(|e| e.to_string())?;
            std::fs::write(dir.path().join("bundled.json"), text).map_err(|e| e.to_string())?;
            let bundled = Loader::new(LoadOptions::default(), dir.path().to_path_buf())
                .load(&SpecInput::File(PathBuf::from("bundled.json")))
                .map_err(|e| format!("bundle not loaded: {e}"))?;
            let problems: Vec<String> = bundled
                .findings()
                .iter()
                .filter(|f| f.severity == Severity::Error)
                .take(3)
                .map(|f| format!("bundle: {} {}", f.rule, f.message))
                .collect();
            out.bundle_diff = problems;
            if let Some(head) = specguard::spec::Document::new(&bundled) {
                let options = specguard::rules::options::IdempotencyOptions::default();
                out.bundle_diff.extend(
                    specguard::diff::diff(base, head, &options)
                        .iter()
                        .take(3)
                        .map(|c| format!("{} {}", c.id, c.message)),
                );
            }
            out.bundled = true;
        }
    }
    for f in &findings {
        let source = ws.source(f.location.source);
        let (start, end) = (f.location.span.start as usize, f.location.span.end as usize);
        if !(start <= end
            && end <= source.text.len()
            && source.text.is_char_boundary(start)
            && source.text.is_char_boundary(end))
        {
            out.bad_spans.push(format!(
                "{} span {start}..{end} invalid in {} ({} bytes)",
                f.rule,
                source.name,
                source.text.len()
            ));
            continue;
        }
        if !LOADER_RULES.contains(&f.rule) {
            out.other_rules += 1;
            continue;
        }
        match f.severity {
            Severity::Error => {
                *out.errors.entry(f.rule).or_default() += 1;
                if out.error_lines.len() < 5 {
                    let lc = source.line_col(start);
                    out.error_lines.push(format!(
                        "{} {}:{}:{} {} {}",
                        f.rule, source.name, lc.line, lc.column, f.location.pointer, f.message
                    ));
                }
            }
            Severity::Warn => out.warnings += 1,
            _ => {}
        }
    }
    Ok(out)
}

/// Runs `check_one` on a thread of its own: a panic or a hang is a result, not the end of
/// the run.
fn run_guarded(corpus: &Path, rel: &str) -> Result<Outcome, String> {
    let (tx, rx) = mpsc::channel();
    let (corpus, rel_owned) = (corpus.to_path_buf(), rel.to_string());
    let handle = std::thread::Builder::new()
        .name(format!("load {rel}"))
        .spawn(move || {
            let result = check_one(&corpus, &rel_owned);
            let _ = tx.send(result);
        })
        .expect("spawn a loader thread");
    match rx.recv_timeout(HANG_AFTER) {
        Ok(result) => {
            let _ = handle.join();
            result
        }
        Err(mpsc::RecvTimeoutError::Disconnected) => {
            let message = match handle.join() {
                Err(payload) => payload
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_else(|| "non-string payload".to_string()),
                Ok(()) => "thread ended without a result".to_string(),
            };
            Err(format!("PANIC: {message}"))
        }
        // The thread is left running; the test process ends it when the run is over.
        Err(mpsc::RecvTimeoutError::Timeout) => {
            Err(format!("HANG: no result after {} s", HANG_AFTER.as_secs()))
        }
    }
}

#[test]
fn every_corpus_document_loads_as_indexed() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/corpus");
    if !corpus.join("INDEX.tsv").is_file() {
        if std::env::var("SPECGUARD_SKIP_SHARED").as_deref() == Ok("1") {
            eprintln!(
                "SKIPPED every_corpus_document_loads_as_indexed: no corpus at {} \
                 (SPECGUARD_SKIP_SHARED=1)",
                corpus.display()
            );
            return;
        }
        panic!(
            "the shared corpus is missing: expected {}/INDEX.tsv. Provide it, or set \
             SPECGUARD_SKIP_SHARED=1 to skip this test explicitly.",
            corpus.display()
        );
    }
    let corpus = corpus.canonicalize().expect("corpus path");
    let rows = common::corpus_index(&corpus);
    assert!(rows.len() > 500, "INDEX.tsv has only {} rows", rows.len());

    let started = Instant::now();
    let mut failures: Vec<(String, Vec<String>)> = Vec::new();
    let (mut clean, mut with_errors, mut warnings, mut files) = (0usize, 0usize, 0usize, 0usize);
    let mut other_rules = 0usize;
    let mut bundled = 0usize;
    let mut slowest: Vec<(Duration, String)> = Vec::new();

    for row in &rows {
        let t = Instant::now();
        let result = run_guarded(&corpus, &row.path);
        slowest.push((t.elapsed(), row.path.clone()));
        let mut problems = Vec::new();
        match result {
            Err(e) => problems.push(e),
            Ok(out) => {
                files += out.files;
                warnings += out.warnings;
                other_rules += out.other_rules;
                let error_total: usize = out.errors.values().sum();
                if error_total == 0 {
                    clean += 1;
                } else {
                    with_errors += 1;
                }
                problems.extend(out.bad_spans.iter().cloned());
                bundled += usize::from(out.bundled);
                problems.extend(
                    out.bundle_diff
                        .iter()
                        .map(|c| format!("diff against its bundled form: {c}")),
                );
                problems.extend(
                    out.self_diff
                        .iter()
                        .map(|c| format!("diff against itself: {c}")),
                );
                let count = |rules: &[&str]| -> usize {
                    rules
                        .iter()
                        .map(|r| out.errors.get(r).copied().unwrap_or(0))
                        .sum()
                };
                let unresolved = row.note_count("unresolved-local-refs");
                let remote = row.note_count("remote-refs");
                if let Some(n) = unresolved {
                    // An integer `$ref` (refAsInteger.yaml) is counted there too: `ref-invalid`.
                    let got = count(&["ref-unresolved", "ref-invalid"]);
                    if got != n {
                        problems.push(format!(
                            "notes say unresolved-local-refs={n}; ref-unresolved/ref-invalid findings: {got}"
                        ));
                    }
                }
                if let Some(n) = remote {
                    let got = count(&["ref-remote"]);
                    if got != n {
                        problems.push(format!(
                            "notes say remote-refs={n}; ref-remote findings: {got}"
                        ));
                    }
                }
                let marked = row.expected_broken() || unresolved.is_some() || remote.is_some();
                if !marked {
                    match known(&row.path) {
                        None => {
                            if error_total > 0 {
                                problems.push(format!(
                                    "not marked broken, but {error_total} error finding(s): {:?}",
                                    out.errors
                                ));
                            }
                        }
                        Some(Known::Broken { rule, count: n }) => {
                            let got = count(&[rule]);
                            if got != n || error_total != n {
                                problems.push(format!(
                                    "known broken: expected exactly {n} {rule}, got {:?}",
                                    out.errors
                                ));
                            }
                        }
                    }
                }
                if !problems.is_empty() {
                    problems.extend(out.error_lines.iter().map(|l| format!("  {l}")));
                }
            }
        }
        if !problems.is_empty() {
            failures.push((row.path.clone(), problems));
        }
    }

    let elapsed = started.elapsed();
    slowest.sort_by_key(|s| std::cmp::Reverse(s.0));
    eprintln!(
        "whole corpus: {} documents ({files} files) in {:.1} s; {clean} without loader errors, \
         {with_errors} with loader errors, {warnings} loader warnings, {other_rules} findings of \
         other rules; {bundled} multi-file documents diffed against their bundled form",
        rows.len(),
        elapsed.as_secs_f64()
    );
    for (d, p) in slowest.iter().take(5) {
        eprintln!("  slowest: {:.2} s {p}", d.as_secs_f64());
    }
    for (path, problems) in &failures {
        eprintln!("FAIL {path}");
        for p in problems {
            eprintln!("    {p}");
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} corpus documents failed (listed above)",
        failures.len(),
        rows.len()
    );
}
