//! The model of the project's own fixture services (`tests/fixtures/docs`), which together cover every
//! document variant the parser knows, guarded by snapshots.

use std::path::Path;

use jdcloud_parser::{parse_tree, read_tree, Parsed};

fn parse_fixtures() -> Parsed {
    let docs = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/docs");
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
    for service in &parsed.services {
        let yaml = jdcloud_model::to_yaml(service);
        insta::assert_snapshot!(format!("model_{}", service.name), yaml);
        // What is written reads back as the same model.
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
    let seed = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../spec/docs");
    let (inputs, _) = read_tree(&seed, &[]).unwrap();
    let parsed = parse_tree(&inputs);
    assert!(parsed.diagnostics.is_empty(), "{:#?}", parsed.diagnostics);
    let [service] = parsed.services.as_slice() else {
        panic!("one service expected")
    };
    insta::assert_snapshot!("model_seed", jdcloud_model::to_yaml(service));
}
