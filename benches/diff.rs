//! Diff benchmark: two published versions of the largest corpus specs, diffed, against the time
//! to load both (the goal: within 2x of it). Loading is as `specguard diff` does it
//! (both sides at once); the diff then runs on the loaded documents.
//!
//! Run: `cargo bench --bench diff` (reads `../shared/corpus`). Peak memory is measured on the
//! command line instead (`/usr/bin/time -f %M specguard diff ...`; see the README).

use std::path::Path;
use std::time::Duration;

mod common;

use common::corpus;
use criterion::{Criterion, criterion_group, criterion_main};
use specguard::resolve::{LoadOptions, Loader, SpecInput, Workspace};
use specguard::rules::options::IdempotencyOptions;
use specguard::spec::Document;

fn load_both(loader: &Loader, base: &Path, head: &Path) -> (Workspace, Workspace) {
    let (b, h) = rayon::join(
        || loader.load(&SpecInput::File(base.to_path_buf())),
        || loader.load(&SpecInput::File(head.to_path_buf())),
    );
    (b.unwrap(), h.unwrap())
}

fn pair(c: &mut Criterion, name: &str, base: &str, head: &str) {
    let (base, head) = (corpus(base), corpus(head));
    let root = base.parent().unwrap().parent().unwrap().to_path_buf();
    let loader = Loader::new(
        LoadOptions {
            root: Some(root.clone()),
            ..Default::default()
        },
        root,
    );
    let options = IdempotencyOptions::default();
    let mut group = c.benchmark_group(name);
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("load both", |b| {
        b.iter(|| {
            let (bw, hw) = load_both(&loader, &base, &head);
            bw.files().len() + hw.files().len()
        })
    });
    group.bench_function("load both and diff", |b| {
        b.iter(|| {
            let (bw, hw) = load_both(&loader, &base, &head);
            let changes = specguard::diff::diff(
                Document::new(&bw).unwrap(),
                Document::new(&hw).unwrap(),
                &options,
            );
            changes.len()
        })
    });
    let (bw, hw) = load_both(&loader, &base, &head);
    group.bench_function("diff only", |b| {
        b.iter(|| {
            specguard::diff::diff(
                Document::new(&bw).unwrap(),
                Document::new(&hw).unwrap(),
                &options,
            )
            .len()
        })
    });
    group.finish();
}

fn stripe(c: &mut Criterion) {
    pair(
        c,
        "stripe 2023-08-09 -> 2023-09-12 (4.1 + 4.2 MB YAML)",
        "stripe/2023-08-09/spec3.yaml",
        "stripe/2023-09-12/spec3.yaml",
    );
}

fn kubernetes(c: &mut Criterion) {
    pair(
        c,
        "kubernetes 2018-08-13 -> 2018-10-15 (3.7 + 4.2 MB JSON)",
        "kubernetes-swagger2/2018-08-13/swagger.json",
        "kubernetes-swagger2/2018-10-15/swagger.json",
    );
}

fn github(c: &mut Criterion) {
    pair(
        c,
        "github 2020-07-14 -> 2020-07-30 (3.8 + 3.0 MB JSON, 4,385 changes)",
        "github/2020-07-14/api.github.com.json",
        "github/2020-07-30/api.github.com.json",
    );
}

criterion_group!(benches, stripe, kubernetes, github);
criterion_main!(benches);
