//! The models the emitter's whole-output tests run on: the committed ones (the seed's and the
//! fixtures'), and those of the shared corpus when it is beside the project.

use std::path::{Path, PathBuf};

use jdcloud_model::Service;

#[path = "../../../../tests/src/corpus.rs"]
mod shared;

pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .expect("the project root")
}

/// Every committed model: `spec/*.yaml` and `tests/fixtures/spec/*.yaml`.
pub fn committed_models() -> Vec<Service> {
    let mut services = Vec::new();
    for dir in ["spec", "tests/fixtures/spec"] {
        let mut paths: Vec<PathBuf> = std::fs::read_dir(root().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        paths.sort();
        for path in paths {
            let text = std::fs::read_to_string(&path).unwrap();
            services.push(
                jdcloud_model::from_yaml(&text)
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display())),
            );
        }
    }
    services
}

/// The models of the shared corpus, as `cargo xtask generate --docs` reads them; `None` after saying
/// so when the corpus is absent (under `CI`, which always has it, a missing corpus fails instead).
pub fn corpus_models() -> Option<Vec<Service>> {
    let corpus = shared::shared_corpus(&root())?;
    let (inputs, _) = jdcloud_parser::read_tree(&corpus, &[]).unwrap();
    let parsed = jdcloud_parser::parse_tree(&inputs);
    assert_eq!(parsed.errors(), 0, "the corpus parses without errors");
    Some(parsed.services)
}
