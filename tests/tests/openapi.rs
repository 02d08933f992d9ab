//! The exported OpenAPI documents pass an independent OpenAPI 3.1 validator (openapi-spec-validator,
//! from PyPI, in the venv `.ci/run` makes): the committed ones (`spec/openapi/`,
//! `tests/fixtures/spec/openapi/`) and those of the whole shared corpus. The documents are also held
//! to the models they come from (`cargo xtask generate --check` compares them byte for byte).

use std::path::{Path, PathBuf};
use std::process::Command;

use jdcloud_parser::{parse_tree, read_tree};
use jdcloud_tests::{project_root as root, shared_corpus};

/// Validates every file in one Python process; the error names each invalid file and why.
const VALIDATE: &str = "
import sys
from openapi_spec_validator import validate
from openapi_spec_validator.readers import read_from_filename
bad = 0
for path in sys.argv[1:]:
    try:
        validate(read_from_filename(path)[0])
    except Exception as error:
        bad += 1
        print(f'{path}: {str(error).splitlines()[0]}')
print(f'validated {len(sys.argv) - 1} document(s), {bad} invalid')
sys.exit(1 if bad else 0)
";

/// A Python with openapi-spec-validator, or why there is none (a failure in CI, which makes one).
fn validator() -> Option<PathBuf> {
    let python = std::env::var_os("JDCLOUD_SDK_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/sdk-venv/bin/python"));
    let works = Command::new(&python)
        .args(["-c", "import openapi_spec_validator"])
        .output()
        .is_ok_and(|o| o.status.success());
    if works {
        return Some(python);
    }
    let why = format!(
        "no Python with openapi-spec-validator at {} (let .ci/run make the venv)",
        python.display()
    );
    assert!(std::env::var_os("CI").is_none(), "{why}");
    eprintln!("SKIPPED: {why}");
    None
}

fn validate(python: &Path, files: &[PathBuf]) {
    assert!(!files.is_empty());
    let output = Command::new(python)
        .arg("-c")
        .arg(VALIDATE)
        .args(files)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    eprint!("{stdout}");
    assert!(
        output.status.success(),
        "{stdout}{}",
        String::from_utf8_lossy(&output.stderr)
    );
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
        .collect();
    files.sort();
    files
}

#[test]
fn the_committed_documents_are_valid_openapi_3_1() {
    let Some(python) = validator() else { return };
    let mut files = json_files(&root().join("spec/openapi"));
    files.extend(json_files(&root().join("tests/fixtures/spec/openapi")));
    assert_eq!(files.len(), 6, "{files:?}");
    validate(&python, &files);
}

#[test]
fn the_corpus_documents_are_valid_openapi_3_1() {
    let Some(corpus) = shared_corpus() else {
        return;
    };
    let Some(python) = validator() else { return };
    let (inputs, _) = read_tree(&corpus, &[]).unwrap();
    let parsed = parse_tree(&inputs);
    assert_eq!(parsed.errors(), 0);
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for service in &parsed.services {
        let path = dir.path().join(format!("{}.json", service.name));
        std::fs::write(&path, jdcloud_openapi::to_json(service)).unwrap();
        files.push(path);
    }
    assert_eq!(files.len(), parsed.services.len());
    validate(&python, &files);
}
