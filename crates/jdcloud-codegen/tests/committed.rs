//! The emitted crates of the seed service and of the fixture services, read from their committed YAML
//! models (the emitter's only input), compared with the committed crates (`generated/`,
//! `tests/fixtures/generated/`, which are also compiled as workspace members): a change shows as their
//! diff, accepted by `cargo xtask generate`.

use std::path::{Path, PathBuf};

use jdcloud_codegen::{generate, Options};
use jdcloud_outputs::{relative_path, Outputs};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the project root")
}

/// The crates of every model in `models`, as they would be written below `crates`.
fn emit_all(models: &str, crates: &str) -> Outputs {
    let root = root();
    let crates = root.join(crates);
    let mut outputs = Outputs::default();
    outputs.own_crates(crates.clone());
    let mut paths: Vec<PathBuf> = std::fs::read_dir(root.join(models))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty(), "no models in {models}");
    for path in paths {
        let service = jdcloud_model::from_yaml(&std::fs::read_to_string(&path).unwrap())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let dir = crates.join(jdcloud_codegen::crate_name(&service.name));
        // The version and the change log are the generator run's decisions (from what changed
        // since the committed model): the emitter is given the committed ones.
        let manifest = std::fs::read_to_string(dir.join("Cargo.toml")).unwrap_or_default();
        let version = manifest
            .lines()
            .find_map(|l| l.strip_prefix("version = \""))
            .and_then(|v| v.strip_suffix('"'))
            .unwrap_or("0.1.0")
            .to_owned();
        let options = Options {
            runtime_path: relative_path(&dir, &root.join("crates/jdcloud-runtime")),
            runtime_version: env!("CARGO_PKG_VERSION").to_owned(),
            version,
            changelog: std::fs::read_to_string(dir.join("CHANGELOG.md")).ok(),
        };
        let generated = generate(&service, &options).unwrap_or_else(|e| panic!("{e:?}"));
        for file in generated.files {
            outputs.add(dir.join(&file.path), file.contents);
        }
    }
    outputs
}

#[test]
fn seed_crate() {
    if let Err(report) = emit_all("spec", "generated").check() {
        panic!("{report}");
    }
}

#[test]
fn fixture_crates() {
    if let Err(report) = emit_all("tests/fixtures/spec", "tests/fixtures/generated").check() {
        panic!("{report}");
    }
}

#[test]
fn emission_is_deterministic() {
    let model = root().join("tests/fixtures/spec/widget.yaml");
    let service = jdcloud_model::from_yaml(&std::fs::read_to_string(model).unwrap()).unwrap();
    let options = Options {
        runtime_path: "../runtime".to_owned(),
        runtime_version: "0.1.0".to_owned(),
        version: "0.1.0".to_owned(),
        changelog: None,
    };
    assert_eq!(
        generate(&service, &options).unwrap(),
        generate(&service, &options).unwrap()
    );
}
