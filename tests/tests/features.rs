//! The per-operation cargo features of generated crates: each fixture crate builds clippy-clean with
//! no operation at all, with each operation alone, and with every one (the default, which the
//! workspace's own clippy run covers). The corpus test (`corpus_crates.rs`) does the same for the
//! largest corpus crate with none and with three of its operations.

use jdcloud_tests::{operation_features, project_root};

fn clippy(package: &str, features: &[&str]) {
    let mut command = jdcloud_tests::nested_cargo();
    command.args([
        "clippy",
        "--quiet",
        "-p",
        package,
        "--all-targets",
        "--no-default-features",
    ]);
    if !features.is_empty() {
        command.arg("--features").arg(features.join(","));
    }
    let output = command.args(["--", "-D", "warnings"]).output().unwrap();
    assert!(
        output.status.success(),
        "{package} with features {features:?} does not build clippy-clean:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn fixture_crates_build_with_any_one_operation_or_none() {
    let dir = project_root().join("tests/fixtures/generated");
    let mut crates: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    crates.sort();
    assert!(
        crates.len() >= 5,
        "fixture crates missing in {}",
        dir.display()
    );
    for krate in crates {
        let package = krate.file_name().unwrap().to_str().unwrap().to_owned();
        let features = operation_features(&krate.join("Cargo.toml"));
        assert!(!features.is_empty(), "{package} has no operation features");
        clippy(&package, &[]);
        for feature in &features {
            clippy(&package, &[feature]);
        }
    }
}
