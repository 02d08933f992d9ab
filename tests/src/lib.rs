//! Support for the project's end-to-end tests (in `tests/tests/`): the Redis emulator (the model-driven
//! emulator configured for `spec/redis.yaml`), the corpus and project paths, nested cargo runs.

pub mod api_rules;
mod corpus;
pub mod counting;
pub mod emulator;

/// The loopback server and the independent JDCLOUD3 implementation live in the model-driven emulator's
/// crate, which users can depend on in their own tests.
pub use jdcloud_emulator::{jdcloud3, server};

use std::path::{Path, PathBuf};

use jdcloud_runtime::ServiceInfo;

/// The service the runtime tests call: the Redis API, as its generated crate describes it.
pub const REDIS: ServiceInfo = ServiceInfo::new("redis", "redis.jdcloud-api.com", "v1");

/// The project root (the workspace holding `tests/`).
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .canonicalize()
        .expect("the project root")
}

/// Where the tests that run cargo themselves (the command line, the example, the corpus crates) build:
/// a folder of their own inside the build folder in use (`CARGO_TARGET_DIR` when set, else `target/`),
/// so that they never write into the build folder of the `cargo test` running them, nor anywhere the
/// user did not choose.
pub fn nested_target_dir() -> PathBuf {
    jdcloud_outputs::build_dir(&project_root()).join("nested-cargo")
}

/// `cargo` (the one running the tests) in the project root, building into [`nested_target_dir`].
pub fn nested_cargo() -> std::process::Command {
    let mut command = std::process::Command::new(env!("CARGO"));
    command
        .current_dir(project_root())
        .env("CARGO_TARGET_DIR", nested_target_dir());
    command
}

/// JD Cloud's documentation tree beside the project (`../shared/corpus/API`), or `None` after saying
/// that the test is skipped. Under `CI`, which always has it, a missing corpus fails instead.
pub fn shared_corpus() -> Option<PathBuf> {
    corpus::shared_corpus(&project_root())
}

/// A Python that has the official SDK (jdcloud-sdk): `JDCLOUD_SDK_PYTHON`, else the venv `.ci/run`
/// makes (`target/sdk-venv`); or `None` after saying that the test is skipped. Under `CI`, whose
/// `.ci/run` makes the venv, a missing one fails instead.
pub fn sdk_python() -> Option<PathBuf> {
    let python = std::env::var_os("JDCLOUD_SDK_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| project_root().join("target/sdk-venv/bin/python"));
    let works = std::process::Command::new(&python)
        .args(["-c", "import jdcloud_sdk"])
        .output()
        .is_ok_and(|o| o.status.success());
    if works {
        return Some(python);
    }
    let why = format!(
        "no Python with jdcloud-sdk at {} (set JDCLOUD_SDK_PYTHON, or let .ci/run make the venv)",
        python.display()
    );
    assert!(std::env::var_os("CI").is_none(), "{why}");
    eprintln!("SKIPPED: {why}");
    None
}

/// The README's example, compiled as a doctest so that it stays true.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
mod readme {}

/// The operation features of a generated crate's manifest, in order: the list of its `all` feature.
pub fn operation_features(manifest: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(manifest).unwrap();
    jdcloud_codegen::operation_features(&text)
        .unwrap_or_else(|| panic!("{}: no `all` feature", manifest.display()))
}
