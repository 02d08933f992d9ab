//! The model of the project's own fixture services (`tests/fixtures/docs`), which together cover every
//! document variant the parser knows, and of the seed, compared with the committed models
//! (`tests/fixtures/spec/*.yaml`, `spec/*.yaml`): a change shows as their diff, accepted by
//! `cargo xtask generate`. The diagnostics, which are committed nowhere else, are a snapshot.

use std::path::{Path, PathBuf};

use jdcloud_outputs::Outputs;

use jdcloud_parser::{parse_tree, read_tree, Parsed};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the project root")
}

/// `Ok` when the models of `parsed` are the committed YAML files of `dir`, and `dir` holds no other.
fn compare_models(parsed: &Parsed, dir: &str) -> Result<(), String> {
    let dir = root().join(dir);
    let mut outputs = Outputs::default();
    outputs.own_models(dir.clone());
    for service in &parsed.services {
        outputs.add(
            dir.join(format!("{}.yaml", service.name)),
            jdcloud_model::to_yaml(service),
        );
    }
    outputs.check()
}

fn parse_fixtures() -> Parsed {
    let docs = root().join("tests/fixtures/docs");
    let (inputs, read_errors) = read_tree(&docs, &[]).expect("fixtures folder");
    assert!(read_errors.is_empty(), "{read_errors:?}");
    parse_tree(&inputs)
}

#[test]
fn fixture_models() {
    let parsed = parse_fixtures();
    assert_eq!(parsed.errors(), 0, "{:#?}", parsed.diagnostics);
    let names: Vec<&str> = parsed.services.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["beacon", "depot", "gauge", "ledger", "widget"]);
    if let Err(report) = compare_models(&parsed, "tests/fixtures/spec") {
        panic!("{report}");
    }
    for service in &parsed.services {
        // What is written reads back as the same model.
        let yaml = jdcloud_model::to_yaml(service);
        assert_eq!(&jdcloud_model::from_yaml(&yaml).unwrap(), service);
    }
}

#[test]
fn fixture_diagnostics() {
    let parsed = parse_fixtures();
    let rendered: Vec<String> = parsed.diagnostics.iter().map(ToString::to_string).collect();
    insta::assert_snapshot!("diagnostics", rendered.join("\n\n"));
}

#[test]
fn output_is_deterministic() {
    let first: Vec<String> = parse_fixtures()
        .services
        .iter()
        .map(jdcloud_model::to_yaml)
        .collect();
    let second: Vec<String> = parse_fixtures()
        .services
        .iter()
        .map(jdcloud_model::to_yaml)
        .collect();
    assert_eq!(first, second);
}

#[test]
fn seed_model() {
    let (inputs, _) = read_tree(&root().join("spec/docs"), &[]).unwrap();
    let parsed = parse_tree(&inputs);
    assert!(parsed.diagnostics.is_empty(), "{:#?}", parsed.diagnostics);
    assert_eq!(parsed.services.len(), 1, "one service expected");
    if let Err(report) = compare_models(&parsed, "spec") {
        panic!("{report}");
    }
}
