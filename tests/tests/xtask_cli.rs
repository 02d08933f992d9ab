//! The `cargo xtask generate` command line as maintainers use it: exit codes, the summary line,
//! `--check` naming stale and stray files, and nothing written when there are errors.

use std::process::Output;

use jdcloud_tests::project_root as root;

fn xtask(args: &[&str]) -> Output {
    xtask_with(args, &[])
}

fn xtask_with(args: &[&str], env: &[(&str, &str)]) -> Output {
    jdcloud_tests::nested_cargo()
        .envs(env.iter().copied())
        .args(["xtask", "generate"])
        .args(args)
        .output()
        .unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn check_names_stale_and_stray_files_and_generate_repairs_them() {
    let out = tempfile::tempdir().unwrap();
    let out_path = out.path().to_str().unwrap();
    let docs = root().join("tests/fixtures/docs");
    let docs = docs.to_str().unwrap();
    let generated = xtask(&["--quiet", "--docs", docs, "--out", out_path]);
    assert_eq!(generated.status.code(), Some(0), "{}", stderr(&generated));
    let summary = stderr(&generated);
    let last = summary.lines().last().unwrap();
    assert!(
        last.starts_with("generate: 5 service(s), 18 operation(s) from 27 document(s)"),
        "{last}"
    );
    assert!(
        last.contains("0 error(s)") && last.contains("file(s) written in"),
        "{last}"
    );
    assert!(out.path().join("Cargo.toml").is_file());
    assert!(out.path().join("spec/widget.yaml").is_file());
    assert!(out
        .path()
        .join("generated/jdcloud-widget/src/lib.rs")
        .is_file());

    let check = xtask(&["--check", "--quiet", "--docs", docs, "--out", out_path]);
    assert_eq!(check.status.code(), Some(0), "{}", stderr(&check));
    // The generator formats its output itself: a machine without rustfmt writes the same bytes.
    let without_rustfmt = xtask_with(
        &["--check", "--quiet", "--docs", docs, "--out", out_path],
        &[("RUSTFMT", "/nonexistent/rustfmt")],
    );
    assert_eq!(
        without_rustfmt.status.code(),
        Some(0),
        "{}",
        stderr(&without_rustfmt)
    );

    let edited = out.path().join("generated/jdcloud-widget/src/client.rs");
    std::fs::write(&edited, "// edited by hand\n").unwrap();
    let stray = out.path().join("generated/jdcloud-widget/src/stray.rs");
    std::fs::write(&stray, "// left over\n").unwrap();
    let check = xtask(&["--check", "--quiet", "--docs", docs, "--out", out_path]);
    assert_eq!(check.status.code(), Some(1));
    let text = stderr(&check);
    assert!(
        text.contains("stale: ") && text.contains("jdcloud-widget/src/client.rs"),
        "{text}"
    );
    assert!(text.contains("jdcloud-widget/src/stray.rs"), "{text}");
    assert_eq!(
        std::fs::read_to_string(&edited).unwrap(),
        "// edited by hand\n",
        "--check wrote"
    );

    let repaired = xtask(&["--quiet", "--docs", docs, "--out", out_path]);
    assert_eq!(repaired.status.code(), Some(0));
    assert!(!stray.exists(), "the stray file was not removed");
    assert_ne!(
        std::fs::read_to_string(&edited).unwrap(),
        "// edited by hand\n"
    );
}

#[test]
fn errors_write_nothing_and_exit_1() {
    let docs = tempfile::tempdir().unwrap();
    std::fs::copy(
        root().join("spec/docs/redis/describeBackups.md"),
        docs.path().join("describeBackups.md"),
    )
    .unwrap();
    std::fs::write(
        docs.path().join("broken.md"),
        "# broken\n\n## Request Method\nGET\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("out");
    let output = xtask(&[
        "--docs",
        docs.path().to_str().unwrap(),
        "--out",
        target.to_str().unwrap(),
    ]);
    assert_eq!(output.status.code(), Some(1));
    let text = stderr(&output);
    assert!(text.contains("broken.md:1:1: error[no-address]"), "{text}");
    assert!(
        text.lines()
            .last()
            .unwrap()
            .contains("1 error(s), nothing written"),
        "{text}"
    );
    assert!(!target.exists(), "a failed run wrote files");
}

#[test]
fn usage_errors_exit_1_not_101() {
    for args in [
        &["--bogus"][..],
        &["--docs"][..],
        &["--docs", "/nonexistent", "--out", "/tmp/x"][..],
        &["--out", "x"][..],
    ] {
        let output = xtask(args);
        assert_eq!(
            output.status.code(),
            Some(1),
            "{args:?}: {}",
            stderr(&output)
        );
        assert!(stderr(&output).contains("error:"), "{args:?}");
    }
}
