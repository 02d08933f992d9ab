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
    let Some(python) = jdcloud_tests::sdk_python() else {
        return;
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

/// The SDK's signer, as the harness asks it, accepts a request the generated crate signed, and
/// refuses it once anything signed changes: the query, the body hash's input, the region.
#[tokio::test]
async fn the_sdk_signer_check_refuses_what_was_not_signed() {
    let Some(python) = jdcloud_tests::sdk_python() else {
        return;
    };
    let text = std::fs::read_to_string(root().join("spec/redis.yaml")).unwrap();
    let service = jdcloud_model::from_yaml(&text).unwrap();
    let emulator = jdcloud_emulator::Emulator::start(vec![service]).await;
    let config = jdcloud_runtime::Config::builder()
        .endpoint_url(emulator.url())
        .allow_http(true)
        .credentials(jdcloud_runtime::Credentials::new(
            jdcloud_emulator::ACCESS_KEY,
            jdcloud_emulator::SECRET_KEY,
        ))
        .build()
        .unwrap();
    let client = jdcloud_redis::Client::new(config).unwrap();
    client
        .describe_backups("cn-north-1", "redis-1")
        .page_number(2)
        .send()
        .await
        .unwrap();
    let seen = emulator.requests().pop().unwrap();

    let mut helper = jdcloud_conformance::conduct::Helper::start(
        &python,
        &root().join("tests/sdk/conformance.py"),
    )
    .unwrap();
    let parameters = |region: &str| {
        serde_json::json!({"regionId": region, "cacheInstanceId": "redis-1", "pageNumber": 2})
            .as_object()
            .cloned()
            .unwrap()
    };
    assert_eq!(
        helper
            .verify("redis", &parameters("cn-north-1"), &seen)
            .unwrap(),
        None
    );

    let mut other_query = seen.clone();
    other_query.target = other_query.target.replace("pageNumber=2", "pageNumber=3");
    let mut other_body = seen.clone();
    other_body.body = "{}".to_owned();
    for (what, request, region) in [
        ("query", &other_query, "cn-north-1"),
        ("body", &other_body, "cn-north-1"),
        ("region", &seen, "cn-south-1"),
    ] {
        let difference = helper
            .verify("redis", &parameters(region), request)
            .unwrap()
            .unwrap_or_else(|| panic!("a changed {what} was accepted"));
        assert_eq!(difference.field, "signature", "{what}");
        assert_ne!(difference.ours, difference.theirs, "{what}");
    }
}
