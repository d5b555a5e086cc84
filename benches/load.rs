//! Load benchmark: parse + index + resolve of the largest corpus specs, against the bare
//! parse of the same bytes with the same parser (the goal: within 1.3x of it), and
//! the 2,850-file DigitalOcean spec (goal: well under a second).
//!
//! Run: `cargo bench --bench load` (reads `../shared/corpus`).

use std::path::Path;
use std::time::Duration;

mod common;

use common::corpus;
use criterion::{Criterion, criterion_group, criterion_main};
use specguard::resolve::{LoadOptions, Loader, SpecInput};

fn loader(root: &Path) -> Loader {
    Loader::new(
        LoadOptions {
            root: Some(root.to_path_buf()),
            ..Default::default()
        },
        std::env::current_dir().unwrap(),
    )
}

/// jsonc-parser with every leniency off, to its AST: the bare parse of a JSON spec.
fn bare_json(text: &str) -> usize {
    let options = jsonc_parser::ParseOptions {
        allow_comments: false,
        allow_loose_object_property_names: false,
        allow_trailing_commas: false,
        allow_missing_commas: false,
        allow_single_quoted_strings: false,
        allow_hexadecimal_numbers: false,
        allow_unary_plus_numbers: false,
        allow_bare_decimal_point_numbers: false,
        allow_non_finite_numbers: false,
        allow_extended_string_escapes: false,
    };
    let result = jsonc_parser::parse_to_ast(text, &Default::default(), &options).unwrap();
    result.value.is_some() as usize
}

/// saphyr-parser's events, all of them: the bare parse of a YAML spec.
fn bare_yaml(text: &str) -> usize {
    let mut events = 0;
    for event in saphyr_parser::Parser::new_from_str(text) {
        event.expect("the corpus spec parses");
        events += 1;
    }
    events
}

fn single_file(c: &mut Criterion, name: &str, rel: &str, bare: fn(&str) -> usize) {
    let path = corpus(rel);
    let bytes = std::fs::read(&path).unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    let loader = loader(path.parent().unwrap());
    let mut group = c.benchmark_group(name);
    group
        .sample_size(20)
        .measurement_time(Duration::from_secs(8));
    group.bench_function("bare parse", |b| b.iter(|| bare(&text)));
    group.bench_function("specguard load", |b| {
        b.iter(|| {
            let ws = loader.load_bytes(rel, bytes.clone());
            assert!(ws.findings().is_empty());
            ws.files().len()
        })
    });
    group.finish();
}

fn largest_json(c: &mut Criterion) {
    single_file(
        c,
        "json kubernetes-swagger2 4.2MB",
        "kubernetes-swagger2/2018-10-15/swagger.json",
        bare_json,
    );
}

fn largest_yaml(c: &mut Criterion) {
    single_file(
        c,
        "yaml stripe 4.2MB",
        "stripe/2023-09-12/spec3.yaml",
        bare_yaml,
    );
}

fn digitalocean(c: &mut Criterion) {
    let entry = corpus("digitalocean/specification/DigitalOcean-public.v2.yaml");
    let root = entry.parent().unwrap().to_path_buf();
    let loader = loader(&root);
    let ws = loader.load(&SpecInput::File(entry.clone())).unwrap();
    let files: Vec<String> = ws.files().iter().map(|f| f.source.text.clone()).collect();
    // 2,849: the INDEX says 2,850, counting a commented-out `#$ref` in apps_domain_progress.yml.
    assert_eq!(files.len(), 2849);
    let mut group = c.benchmark_group("digitalocean 2850 files");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("bare parse, in memory, sequential", |b| {
        b.iter(|| files.iter().map(|t| bare_yaml(t)).sum::<usize>())
    });
    group.bench_function("specguard load from disk", |b| {
        b.iter(|| {
            let ws = loader.load(&SpecInput::File(entry.clone())).unwrap();
            assert_eq!(ws.files().len(), 2849);
        })
    });
    group.finish();
}

criterion_group!(benches, largest_json, largest_yaml, digitalocean);
criterion_main!(benches);
