//! The emitter lays its code out as rustfmt would, without running it: every Rust file of the
//! committed crates and, when the corpus is beside the project, of every corpus crate, is what
//! rustfmt (the project's toolchain, default configuration, edition 2021) makes of it. Generated files
//! tell `cargo fmt` to leave them alone, so this is what holds their layout; the generator itself never
//! runs rustfmt, so its output is the same with or without one (`tests/tests/xtask_cli.rs`).
//!
//! Skips, saying so, when no rustfmt can be run; under `CI`, which always has one, that fails instead.

mod support;

use std::path::Path;
use std::process::Command;

/// The attribute each generated file opens with, which rustfmt obeys; left out for the comparison.
const SKIP: &str = "#![cfg_attr(rustfmt, rustfmt::skip)]\n";

fn rustfmt() -> Option<Command> {
    let program = std::env::var_os("RUSTFMT").unwrap_or_else(|| "rustfmt".into());
    let works = Command::new(&program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if works {
        return Some(Command::new(program));
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "no rustfmt to run; CI always has one"
    );
    eprintln!("SKIPPED: no rustfmt to compare the emitter's layout with");
    None
}

/// Files (path, contents) written out, formatted by one rustfmt run, and read back: the files whose
/// text changed, with their first changed line.
fn reformatted(files: &[(String, String)]) -> Option<Vec<String>> {
    let mut command = rustfmt()?;
    let dir = tempfile::tempdir().unwrap();
    let mut paths = Vec::new();
    for (index, (_, contents)) in files.iter().enumerate() {
        assert!(contents.contains(SKIP), "a generated file without `{SKIP}`");
        let path = dir.path().join(format!("f{index}.rs"));
        std::fs::write(&path, contents.replacen(SKIP, "", 1)).unwrap();
        paths.push(path);
    }
    let output = command
        .args(["--edition", "2021", "--config", "skip_children=true"])
        .args(&paths)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "rustfmt failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let mut changed = Vec::new();
    for ((name, contents), path) in files.iter().zip(&paths) {
        let expected = contents.replacen(SKIP, "", 1);
        let formatted = std::fs::read_to_string(path).unwrap();
        if formatted != expected {
            let line = formatted
                .lines()
                .zip(expected.lines())
                .position(|(a, b)| a != b)
                .map_or(0, |l| l + 1);
            changed.push(format!("{name}: line {line}"));
        }
    }
    Some(changed)
}

fn rust_files(services: &[jdcloud_model::Service]) -> Vec<(String, String)> {
    let options = jdcloud_codegen::Options {
        runtime_path: "../runtime".to_owned(),
        runtime_version: "0.1.0".to_owned(),
        version: "0.1.0".to_owned(),
        changelog: None,
    };
    let mut files = Vec::new();
    for service in services {
        let generated = jdcloud_codegen::generate(service, &options)
            .unwrap_or_else(|e| panic!("{}: {e:?}", service.name));
        for file in generated.files {
            if Path::new(&file.path).extension().is_some_and(|e| e == "rs") {
                files.push((format!("{}/{}", generated.name, file.path), file.contents));
            }
        }
    }
    files
}

#[test]
fn emitted_code_is_laid_out_as_rustfmt_lays_it_out() {
    let mut services = support::committed_models();
    services.extend(support::corpus_models().unwrap_or_default());
    let files = rust_files(&services);
    let Some(changed) = reformatted(&files) else {
        return;
    };
    assert!(
        changed.is_empty(),
        "rustfmt lays out {} of {} emitted files differently:\n{}",
        changed.len(),
        files.len(),
        changed.join("\n")
    );
}
