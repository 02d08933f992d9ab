//! Every service of `../shared/corpus/API`, read whole as published (no exclude list), through the whole
//! pipeline, as a user runs it:
//! `cargo xtask generate --docs ... --out ...`, then `cargo clippy -- -D warnings` and `cargo doc` (with
//! warnings denied) inside the out folder, which is a workspace of its own. Skips, saying so, when the corpus is absent.

use std::time::Instant;

use jdcloud_tests::project_root as root;

#[test]
fn corpus_crates_build() {
    let root = root();
    let Some(corpus) = jdcloud_tests::shared_corpus() else {
        return;
    };
    let out = root.join("target/corpus-crates");
    let _ = std::fs::remove_dir_all(&out);
    let mut generate = jdcloud_tests::nested_cargo();
    generate
        .current_dir(&root)
        .args(["xtask", "generate", "--quiet", "--docs"])
        .arg(&corpus)
        .arg("--out")
        .arg(&out);
    let started = Instant::now();
    let output = generate.output().unwrap();
    let generation = started.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(output.status.success(), "generation failed:\n{stderr}");
    let summary = stderr.lines().last().unwrap_or_default().to_owned();

    // Pin the dependencies to the workspace's versions, so that builds are shared.
    std::fs::copy(root.join("Cargo.lock"), out.join("Cargo.lock")).unwrap();
    let started = Instant::now();
    let output = jdcloud_tests::nested_cargo()
        .current_dir(&out)
        .args(["clippy", "--workspace", "--quiet", "--", "-D", "warnings"])
        .output()
        .unwrap();
    let check = started.elapsed();
    assert!(
        output.status.success(),
        "generated crates do not build:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    // The largest crate with no operation's feature, and with three: shared models are compiled under
    // the features of the operations that reach them, which the full build cannot show.
    let largest = largest_crate(&out.join("generated"));
    let features = jdcloud_tests::operation_features(&largest.join("Cargo.toml"));
    let package = largest.file_name().unwrap().to_str().unwrap().to_owned();
    for subset in [&features[..0], &features[..features.len().min(3)]] {
        let output = jdcloud_tests::nested_cargo()
            .current_dir(&out)
            .args(["clippy", "--quiet", "-p", &package, "--no-default-features"])
            .args(["--features", &subset.join(",")])
            .args(["--", "-D", "warnings"])
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{package} with only {subset:?} does not build clippy-clean:\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
    let started = Instant::now();
    let output = jdcloud_tests::nested_cargo()
        .current_dir(&out)
        .env("RUSTDOCFLAGS", "-D warnings")
        .args(["doc", "--workspace", "--no-deps", "--quiet"])
        .output()
        .unwrap();
    let doc = started.elapsed();
    assert!(
        output.status.success(),
        "rustdoc warns about generated crates:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let crates = std::fs::read_dir(out.join("generated")).unwrap().count();
    let operations: usize = std::fs::read_dir(out.join("generated"))
        .unwrap()
        .map(|c| {
            std::fs::read_dir(c.unwrap().path().join("src/operations"))
                .unwrap()
                .count()
                - 1
        })
        .sum();
    eprintln!("{summary}");
    eprintln!(
        "corpus crates: {crates} crates, {operations} operations; generation {generation:.2?} ({:.2?}/operation, formatting included), cargo clippy {check:.2?} ({:.2?}/operation), cargo doc {doc:.2?}",
        generation / operations as u32,
        check / operations as u32,
    );
    assert!(operations >= 180, "only {operations} operations generated");
}

/// The generated crate with the most operations.
fn largest_crate(generated: &std::path::Path) -> std::path::PathBuf {
    std::fs::read_dir(generated)
        .unwrap()
        .map(|c| c.unwrap().path())
        .max_by_key(|c| {
            let count = std::fs::read_dir(c.join("src/operations")).unwrap().count();
            (count, std::cmp::Reverse(c.clone()))
        })
        .unwrap()
}
