//! Parse + model of the whole corpus (`../shared/corpus/API`), read into memory first so that only the
//! parser is measured. Target: under 50 ms for the corpus on one core.

use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use jdcloud_parser::{exclude_list, parse_tree, read_tree};

fn bench(c: &mut Criterion) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let docs = root.join("../shared/corpus/API");
    if !docs.is_dir() {
        eprintln!("SKIPPED: corpus not found at {}", docs.display());
        return;
    }
    let excludes =
        exclude_list(&std::fs::read_to_string(root.join("tests/corpus-excludes.txt")).unwrap());
    let (inputs, _) = read_tree(&docs, &excludes).unwrap();
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Elements(inputs.len() as u64));
    group.bench_function("corpus", |b| b.iter(|| parse_tree(&inputs)));
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
