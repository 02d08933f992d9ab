//! The emitted code of the seed service and of the fixture services, read from their committed YAML
//! models (the emitter's only input), guarded by snapshots. The same crates are committed under
//! `generated/` and `tests/fixtures/generated/` and compiled as workspace members.

use std::path::Path;

use jdcloud_codegen::{generate, Options};

fn emit(model: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .join(model);
    let service = jdcloud_model::from_yaml(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let options = Options {
        runtime_path: "../../crates/jdcloud-runtime".to_owned(),
        runtime_version: "0.1.0".to_owned(),
    };
    let generated = generate(&service, &options).unwrap();
    let mut text = String::new();
    for file in generated.files {
        text.push_str(&format!(
            "===== {}/{} =====\n{}\n",
            generated.name, file.path, file.contents
        ));
    }
    text
}

#[test]
fn seed_crate() {
    insta::assert_snapshot!("redis", emit("spec/redis.yaml"));
}

#[test]
fn fixture_crates() {
    for service in ["widget", "gauge", "ledger", "depot", "beacon"] {
        insta::assert_snapshot!(
            service,
            emit(&format!("tests/fixtures/spec/{service}.yaml"))
        );
    }
}

#[test]
fn emission_is_deterministic() {
    assert_eq!(
        emit("tests/fixtures/spec/widget.yaml"),
        emit("tests/fixtures/spec/widget.yaml")
    );
}
