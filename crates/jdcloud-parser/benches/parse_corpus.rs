//! Parse + model of the whole corpus (`../shared/corpus/API`, read whole as published), read into memory
//! first so that only the parser is measured. Target: under 50 ms for the corpus on one core.
//!
//! `corpus-x4` parses four copies of the tree side by side (each under its own folder, so that every
//! operation has four copies to resolve): its time per document against `corpus`'s shows whether the
//! parser stays linear in the size of the tree.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use jdcloud_parser::{parse_tree, read_tree, Input};

fn bench(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let docs = root.join("../shared/corpus/API");
    if !docs.is_dir() {
        eprintln!("SKIPPED: corpus not found at {}", docs.display());
        return;
    }
    let (inputs, _) = read_tree(&docs, &[]).unwrap();
    let four: Vec<Input> = (0..4)
        .flat_map(|copy| {
            inputs.iter().map(move |input| Input {
                path: format!("copy{copy}/{}", input.path),
                bytes: input.bytes.clone(),
            })
        })
        .collect();
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Elements(inputs.len() as u64));
    group.bench_function("corpus", |b| b.iter(|| parse_tree(&inputs)));
    group.throughput(Throughput::Elements(four.len() as u64));
    group.bench_function("corpus-x4", |b| b.iter(|| parse_tree(&four)));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
