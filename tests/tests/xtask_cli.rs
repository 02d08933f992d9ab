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

/// `generate --quiet` of the fixture documents into `out`, dated `date`.
fn generate_fixtures(out: &std::path::Path, date: &str) -> Output {
    let docs = root().join("tests/fixtures/docs");
    xtask(&[
        "--quiet",
        "--docs",
        docs.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
        "--date",
        date,
    ])
}

/// A first run of the fixture documents into `out`, which must succeed: the widget crate's folder.
fn widget_generated(out: &std::path::Path) -> std::path::PathBuf {
    let first = generate_fixtures(out, "2026-12-01");
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    out.join("generated/jdcloud-widget")
}

/// Another run on the same documents reports no change and leaves every file as it was.
fn a_run_without_changes_changes_nothing(out: &std::path::Path, run: impl FnOnce() -> Output) {
    let before = snapshot(out);
    let again = run();
    assert_eq!(again.status.code(), Some(0), "{}", stderr(&again));
    assert!(!stderr(&again).contains("change:"), "{}", stderr(&again));
    assert!(
        before == snapshot(out),
        "a run without changes rewrote files"
    );
}

/// Every file below `dir`, with its contents, for telling whether a run changed anything.
fn snapshot(dir: &std::path::Path) -> std::collections::BTreeMap<std::path::PathBuf, Vec<u8>> {
    walk(dir)
        .into_iter()
        .map(|path| {
            let contents = std::fs::read(&path).unwrap();
            (path, contents)
        })
        .collect()
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut files = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files.extend(walk(&path));
        } else {
            files.push(path);
        }
    }
    files
}

fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    for path in walk(from) {
        let target = to.join(path.strip_prefix(from).unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(&path, target).unwrap();
    }
}

/// A maintainer's cycle: generate, edit a document (an optional parameter added to `deleteWidget`),
/// regenerate: the change is reported, the crate's version bumped as a minor change (0.1.0 -> 0.1.1)
/// and its change log given a dated entry; generating again changes nothing.
#[test]
fn a_documented_change_is_reported_versioned_and_logged_once() {
    let docs = tempfile::tempdir().unwrap();
    copy_tree(&root().join("tests/fixtures/docs"), docs.path());
    let out = tempfile::tempdir().unwrap();
    let (docs_arg, out_arg) = (docs.path().to_str().unwrap(), out.path().to_str().unwrap());
    let run = |date: &str| {
        xtask(&[
            "--quiet", "--docs", docs_arg, "--out", out_arg, "--date", date,
        ])
    };

    let first = run("2026-12-01");
    assert_eq!(first.status.code(), Some(0), "{}", stderr(&first));
    assert!(!stderr(&first).contains("change:"), "{}", stderr(&first));
    let crate_dir = out.path().join("generated/jdcloud-widget");
    let manifest = std::fs::read_to_string(crate_dir.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("\nversion = \"0.1.0\"\n"), "{manifest}");

    let page = docs.path().join("widget/deleteWidget.md");
    let text = std::fs::read_to_string(&page).unwrap();
    let edited = text.replacen(
        "## Request Parameter\nNone\n",
        "## Request Parameter\n|Name|Type|Required or Not|Default Value|Description|\n|---|---|---|---|---|\n|**force**|Boolean|False| |Delete it even while it is in use|\n",
        1,
    );
    assert_ne!(
        edited, text,
        "the fixture page changed shape; update the edit"
    );
    std::fs::write(&page, edited).unwrap();

    let second = run("2026-12-02");
    let summary = stderr(&second);
    assert_eq!(second.status.code(), Some(0), "{summary}");
    assert!(
        summary.contains("change: widget (jdcloud-widget): minor, 1 change(s), 0 breaking; version 0.1.0 -> 0.1.1"),
        "{summary}"
    );
    assert_eq!(summary.matches("change:").count(), 1, "{summary}");
    let manifest = std::fs::read_to_string(crate_dir.join("Cargo.toml")).unwrap();
    assert!(manifest.contains("\nversion = \"0.1.1\"\n"), "{manifest}");
    let changelog = std::fs::read_to_string(crate_dir.join("CHANGELOG.md")).unwrap();
    let newest = changelog.find("## 0.1.1 (2026-12-02)").expect(&changelog);
    let oldest = changelog.find("## 0.1.0 (2026-12-01)").expect(&changelog);
    assert!(newest < oldest, "{changelog}");
    assert!(
        changelog.contains("- `deleteWidget` `force`: a new optional setter (parameter added)"),
        "{changelog}"
    );
    let openapi = std::fs::read_to_string(out.path().join("openapi/widget.json")).unwrap();
    assert!(
        openapi.contains("\"name\": \"force\""),
        "the OpenAPI document follows the model"
    );

    a_run_without_changes_changes_nothing(out.path(), || run("2026-12-03"));
}

/// A crate written by an earlier revision of the generator is versioned by what the revisions since
/// then mean for its users, and its change log lists them, once, even when the documents are the same.
#[test]
fn a_generator_change_is_versioned_and_logged_once() {
    let out = tempfile::tempdir().unwrap();
    let run = |date: &str| generate_fixtures(out.path(), date);
    let crate_dir = widget_generated(out.path());
    let manifest_path = crate_dir.join("Cargo.toml");
    let manifest = std::fs::read_to_string(&manifest_path).unwrap();
    let revision = jdcloud_codegen::revisions::REVISION;
    let line = format!("\ngenerator-revision = {revision}\n");
    assert!(manifest.contains(&line), "{manifest}");
    // As the first revision wrote it: no record of a revision.
    std::fs::write(&manifest_path, manifest.replacen(&line, "\n", 1)).unwrap();

    let second = run("2026-12-02");
    let summary = stderr(&second);
    assert_eq!(second.status.code(), Some(0), "{summary}");
    assert!(
        summary.contains(&format!(
            "change: widget: the generator's revision {revision} changes its code; version 0.1.0 -> 0.1.1"
        )),
        "{summary}"
    );
    assert_eq!(summary.matches("change:").count(), 1, "{summary}");
    let manifest = std::fs::read_to_string(&manifest_path).unwrap();
    assert!(manifest.contains("\nversion = \"0.1.1\"\n"), "{manifest}");
    assert!(manifest.contains(&line), "{manifest}");
    let changelog = std::fs::read_to_string(crate_dir.join("CHANGELOG.md")).unwrap();
    let newest = changelog.find("## 0.1.1 (2026-12-02)\n").expect(&changelog);
    let oldest = changelog.find("## 0.1.0 (2026-12-01)").expect(&changelog);
    assert!(newest < oldest, "{changelog}");
    for later in jdcloud_codegen::revisions::since(1) {
        let entry = format!("- revision {}: {}\n", later.number, later.summary);
        assert_eq!(changelog.matches(&entry).count(), 1, "{changelog}");
    }

    a_run_without_changes_changes_nothing(out.path(), || run("2026-12-03"));
}

/// A regeneration that changes a crate's code while neither its model nor the generator's revision
/// changed is an emitter change without a revision: refused, naming the crate and the file, with
/// nothing written. Recorded by an older revision, the same change is that revision's: written, and
/// the crate versioned.
#[test]
fn a_code_change_without_a_revision_is_refused() {
    let out = tempfile::tempdir().unwrap();
    let run = |date: &str| generate_fixtures(out.path(), date);
    let crate_dir = widget_generated(out.path());
    // As an earlier emitter would have written the crate: other code, and its digest in the manifest
    // (a hand edit changes the code alone, and is repaired: see the test above).
    let lib = crate_dir.join("src/lib.rs");
    let older = std::fs::read_to_string(&lib).unwrap() + "// written by an earlier emitter\n";
    std::fs::write(&lib, &older).unwrap();
    let manifest_path = crate_dir.join("Cargo.toml");
    let manifest = std::fs::read_to_string(&manifest_path).unwrap();
    let digest = jdcloud_codegen::revisions::recorded_digest(&manifest)
        .unwrap()
        .to_owned();
    let older_digest = jdcloud_codegen::revisions::code_digest(&rust_files(&crate_dir));
    assert_ne!(digest, older_digest);
    std::fs::write(&manifest_path, manifest.replace(&digest, &older_digest)).unwrap();

    let refused = run("2026-12-02");
    let message = stderr(&refused);
    assert_eq!(refused.status.code(), Some(1), "{message}");
    assert!(
        message.contains("error[revision]: the code of `widget` changes (src/lib.rs) while its model and the generator's revision"),
        "{message}"
    );
    assert!(message.contains("nothing written"), "{message}");
    assert_eq!(std::fs::read_to_string(&lib).unwrap(), older);

    // Written by the revision before: the change is the later revisions', and goes through.
    let manifest = std::fs::read_to_string(&manifest_path).unwrap();
    let revision = jdcloud_codegen::revisions::REVISION;
    let line = format!("\ngenerator-revision = {revision}\n");
    let earlier = format!("\ngenerator-revision = {}\n", revision - 1);
    std::fs::write(&manifest_path, manifest.replacen(&line, &earlier, 1)).unwrap();
    let accepted = run("2026-12-03");
    assert_eq!(accepted.status.code(), Some(0), "{}", stderr(&accepted));
    assert_ne!(std::fs::read_to_string(&lib).unwrap(), older);
}

/// A crate's Rust files as the generator lists them: paths relative to the crate, with `/`.
fn rust_files(crate_dir: &std::path::Path) -> Vec<jdcloud_codegen::File> {
    walk(crate_dir)
        .into_iter()
        .filter(|path| path.extension().is_some_and(|e| e == "rs"))
        .map(|path| jdcloud_codegen::File {
            path: path
                .strip_prefix(crate_dir)
                .unwrap()
                .components()
                .map(|c| c.as_os_str().to_str().unwrap())
                .collect::<Vec<_>>()
                .join("/"),
            contents: std::fs::read_to_string(&path).unwrap(),
        })
        .collect()
}

/// `cargo xtask diff` prints the library's report: as JSON, the reviewed one of the fixture trees;
/// with `git:REV:DIR`, the models committed at a revision.
#[test]
fn diff_prints_the_report_of_two_model_folders() {
    let fixtures = root().join("tests/fixtures/diff");
    let (old, new) = (fixtures.join("old"), fixtures.join("new"));
    let run = |args: &[&str]| {
        jdcloud_tests::nested_cargo()
            .args(["xtask", "diff"])
            .args(args)
            .output()
            .unwrap()
    };
    let json = run(&[
        "--format",
        "json",
        old.to_str().unwrap(),
        new.to_str().unwrap(),
    ]);
    assert_eq!(json.status.code(), Some(0), "{}", stderr(&json));
    let expected = std::fs::read_to_string(fixtures.join("expected.json")).unwrap();
    assert_eq!(String::from_utf8_lossy(&json.stdout), expected);

    let same = run(&["git:HEAD:tests/fixtures/diff/old", old.to_str().unwrap()]);
    assert_eq!(same.status.code(), Some(0), "{}", stderr(&same));
    assert_eq!(String::from_utf8_lossy(&same.stdout), "no changes\n");

    let wrong = run(&[old.to_str().unwrap()]);
    assert_eq!(wrong.status.code(), Some(1));
    assert!(
        stderr(&wrong).contains("two model folders are needed"),
        "{}",
        stderr(&wrong)
    );
}

/// Overlays correct the parsed models before emission, are recorded in them, and a stale one stops
/// the run with its file and line, writing nothing.
#[test]
fn overlays_correct_the_models_and_stale_ones_are_errors() {
    let docs = root().join("tests/fixtures/docs");
    let docs = docs.to_str().unwrap();
    let overlays = tempfile::tempdir().unwrap();
    let overlay = overlays.path().join("widget.yaml");
    std::fs::write(
        &overlay,
        "# What the widget pages leave out.\n- reason: the SDK sends a force flag\n  service: widget\n  operation: deleteWidget\n  add_parameter: {name: force, in: query, type: bool, description: Delete it even while in use}\n",
    )
    .unwrap();
    let out = tempfile::tempdir().unwrap();
    let out_arg = out.path().to_str().unwrap();
    let overlays_arg = overlays.path().to_str().unwrap();
    let run = || {
        xtask(&[
            "--quiet",
            "--docs",
            docs,
            "--out",
            out_arg,
            "--overlays",
            overlays_arg,
        ])
    };
    let applied = run();
    assert_eq!(applied.status.code(), Some(0), "{}", stderr(&applied));
    let model = std::fs::read_to_string(out.path().join("spec/widget.yaml")).unwrap();
    assert!(
        model.contains("- name: force\n    in: query\n    type: bool"),
        "{model}"
    );
    assert!(model.contains("  overlays:\n  - overlay: "), "{model}");
    assert!(
        model.contains("    line: 2\n    reason: the SDK sends a force flag"),
        "{model}"
    );
    let code = std::fs::read_to_string(
        out.path()
            .join("generated/jdcloud-widget/src/operations/delete_widget.rs"),
    )
    .unwrap();
    assert!(
        code.contains("pub fn force("),
        "the crate has the corrected parameter"
    );

    let mut text = std::fs::read_to_string(&overlay).unwrap();
    text.push_str("- reason: an operation the pages no longer have\n  service: widget\n  operation: renameWidget\n  parameter: name\n  required: true\n");
    std::fs::write(&overlay, text).unwrap();
    let before = snapshot(out.path());
    let stale = run();
    assert_eq!(stale.status.code(), Some(1), "{}", stderr(&stale));
    assert!(
        stderr(&stale).contains(
            "widget.yaml:6:1: error[overlay]: no operation `renameWidget` in service `widget`"
        ),
        "{}",
        stderr(&stale)
    );
    assert!(before == snapshot(out.path()), "a failing run wrote files");
}
