//! `cargo xtask conformance` as CI runs it: the shipped spec and the fixtures agree with the official SDK
//! on the wire; a deliberately broken model (a parameter moved from the query to the body, by an
//! overlay) is reported as exactly that operation and field, with exit status 1; and every operation
//! of the shared corpus that the SDK has agrees, with the reviewed overlays of `tests/corpus-overlays`.
//!
//! The three runs go one after the other in one test, sharing one work folder (and so one build of
//! the runner's dependencies). Skips, saying so, without a Python that has jdcloud-sdk; under `CI`,
//! which always has it, that fails instead.

use std::path::Path;
use std::process::Output;

use jdcloud_tests::project_root as root;

fn conformance(python: &Path, work: &Path, args: &[&str]) -> Output {
    jdcloud_tests::nested_cargo()
        .args(["xtask", "conformance", "--python"])
        .arg(python)
        .arg("--work")
        .arg(work)
        .args(args)
        .output()
        .unwrap()
}

/// The report's lines naming a disagreement (`service operation field: ours ..., theirs ...`).
fn disagreements(stdout: &str) -> Vec<&str> {
    stdout
        .lines()
        .take_while(|line| !line.is_empty() && !line.starts_with("per service:"))
        .collect()
}

fn show(output: &Output) -> String {
    format!(
        "status {:?}\nstdout:\n{}\nstderr:\n{}",
        output.status.code(),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

#[test]
fn generated_requests_agree_with_the_official_sdk() {
    let python = match jdcloud_tests::sdk_python() {
        Ok(python) => python,
        Err(why) => {
            assert!(std::env::var_os("CI").is_none(), "{why}");
            eprintln!("SKIPPED: {why}");
            return;
        }
    };
    let work = jdcloud_tests::nested_target_dir().join("conformance");

    // The shipped spec and the fixtures (the fixtures' services are the project's own: not in the SDK).
    let output = conformance(&python, &work, &[]);
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert_eq!(output.status.code(), Some(0), "{}", show(&output));
    assert_eq!(
        stdout.lines().last(),
        Some("conformance: 1 of 1 operations agree (18 not in the SDK)"),
        "{}",
        show(&output)
    );
    assert_eq!(disagreements(&stdout), Vec::<&str>::new());

    // A broken copy of the seed's model: `pageNumber` moved from the query to the body.
    let broken = tempfile::tempdir().unwrap();
    std::fs::write(
        broken.path().join("redis.yaml"),
        "- reason: a deliberate break, which the harness must report\n  service: redis\n  operation: describeBackups\n  parameter: pageNumber\n  in: body\n",
    )
    .unwrap();
    let docs = root().join("spec/docs");
    let output = conformance(
        &python,
        &work,
        &[
            "--docs",
            docs.to_str().unwrap(),
            "--overlays",
            broken.path().to_str().unwrap(),
        ],
    );
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert_eq!(output.status.code(), Some(1), "{}", show(&output));
    assert_eq!(
        disagreements(&stdout),
        [
            "redis describeBackups query pageNumber: ours (absent), theirs 1",
            "redis describeBackups body.pageNumber: ours 1, theirs (absent)",
        ],
        "{}",
        show(&output)
    );
    assert_eq!(
        stdout.lines().last(),
        Some("conformance: 0 of 1 operations agree (0 not in the SDK)")
    );

    // The shared corpus, as published, with the reviewed overlays.
    let Some(corpus) = jdcloud_tests::shared_corpus() else {
        return;
    };
    let overlays = root().join("tests/corpus-overlays");
    let output = conformance(
        &python,
        &work,
        &[
            "--docs",
            corpus.to_str().unwrap(),
            "--overlays",
            overlays.to_str().unwrap(),
        ],
    );
    let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
    assert_eq!(
        disagreements(&stdout),
        Vec::<&str>::new(),
        "{}",
        show(&output)
    );
    assert_eq!(output.status.code(), Some(0), "{}", show(&output));
    let last = stdout.lines().last().unwrap_or_default();
    // Every operation the SDK has is compared: at least the 331 of today's corpus.
    let compared: usize = last
        .strip_prefix("conformance: ")
        .and_then(|rest| rest.split(" of ").next())
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(compared >= 331, "{last}");
    eprintln!("{last}");
}
