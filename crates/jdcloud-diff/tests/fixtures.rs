//! The diff of two model trees made for it (`tests/fixtures/diff/old` and `new`, one change of each
//! kind), against the reviewed report in `tests/fixtures/diff/expected.json` (`JDCLOUD_BLESS=1`
//! rewrites it; review the diff).

use std::path::{Path, PathBuf};

use jdcloud_model::{from_yaml, Service};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/diff")
}

fn models(dir: &Path) -> Vec<Service> {
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    paths
        .iter()
        .map(|p| {
            from_yaml(&std::fs::read_to_string(p).unwrap())
                .unwrap_or_else(|e| panic!("{}: {e}", p.display()))
        })
        .collect()
}

#[test]
fn every_kind_of_change_between_the_fixture_trees() {
    let dir = fixtures();
    let report = jdcloud_diff::diff(&models(&dir.join("old")), &models(&dir.join("new")));
    let json = serde_json::to_string_pretty(&report).unwrap() + "\n";
    let expected_path = dir.join("expected.json");
    if std::env::var_os("JDCLOUD_BLESS").is_some() {
        std::fs::write(&expected_path, &json).unwrap();
    }
    let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
    assert_eq!(
        json, expected,
        "the report differs from tests/fixtures/diff/expected.json; review, then JDCLOUD_BLESS=1"
    );
}

#[test]
fn the_same_trees_make_no_report() {
    let old = models(&fixtures().join("old"));
    assert!(jdcloud_diff::diff(&old, &old).services.is_empty());
}
