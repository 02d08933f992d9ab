//! Fidelity of the model to the official SDK: every operation of `../shared/corpus/API` that
//! jdcloud-sdk 1.6.354 also has is compared with it (method, path, parameters a subset of the SDK's,
//! the same required parameters), under each rule for duplicate copies. The result is the committed
//! report `tests/sdk-agreement.md`: the test fails when agreement under the chosen rule drops below the
//! report's baseline, and when the report is stale (`JDCLOUD_BLESS=1` rewrites it, for review).
//!
//! The SDK's operations come from `tests/sdk/operations.py`, run by the Python of `JDCLOUD_SDK_PYTHON`
//! or of the venv `.ci/run` makes (`target/sdk-venv`). Skips, saying so, when neither the corpus nor
//! such a Python is present.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::Path;
use std::process::Command;

use jdcloud_model::Service;
use jdcloud_parser::{parse_tree_with, read_tree, DuplicateRule, Options};
use serde_json::Value;

use jdcloud_tests::project_root as root;

fn sdk_operations(python: &Path) -> Value {
    let output = Command::new(python)
        .arg(root().join("tests/sdk/operations.py"))
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "tests/sdk/operations.py failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).unwrap()
}

/// One difference between the model and the SDK.
struct Difference {
    service: String,
    operation: String,
    what: &'static str,
    ours: String,
    theirs: String,
}

#[derive(Default)]
struct Agreement {
    operations: usize,
    in_sdk: usize,
    method: usize,
    path: usize,
    parameters: usize,
    required: usize,
    all: usize,
    /// SDK parameters the model documents too, over every operation in the SDK.
    covered: usize,
    /// Operations documented in several copies, and how many of them agree.
    copied: usize,
    copied_all: usize,
    differences: Vec<Difference>,
    not_in_sdk: BTreeMap<String, Vec<String>>,
}

/// The report's columns, in the order of [`Agreement::cells`].
const COLUMNS: [&str; 9] = [
    "operations",
    "in the SDK",
    "method",
    "path",
    "parameters a subset",
    "required alike",
    "all agree",
    "SDK parameters documented",
    "copied operations agreeing",
];

impl Agreement {
    /// The counts, in the order of the report's columns.
    fn cells(&self) -> [String; 9] {
        [
            self.operations.to_string(),
            self.in_sdk.to_string(),
            self.method.to_string(),
            self.path.to_string(),
            self.parameters.to_string(),
            self.required.to_string(),
            self.all.to_string(),
            self.covered.to_string(),
            format!("{} of {}", self.copied_all, self.copied),
        ]
    }
}

fn set_text(set: &BTreeSet<String>) -> String {
    set.iter().cloned().collect::<Vec<_>>().join(", ")
}

/// The counts and differences of the report, from the crosscheck of the model with the SDK.
fn compare(services: &[Service], sdk: &Value) -> Agreement {
    let mut agreement = Agreement::default();
    for op in jdcloud_crosscheck::check(services, sdk).operations {
        agreement.operations += 1;
        if !op.in_sdk {
            agreement
                .not_in_sdk
                .entry(op.service.clone())
                .or_default()
                .push(op.operation.clone());
            continue;
        }
        agreement.in_sdk += 1;
        let mut differs = |what, ours: String, theirs: String| {
            agreement.differences.push(Difference {
                service: op.service.clone(),
                operation: op.operation.clone(),
                what,
                ours,
                theirs,
            });
        };
        match &op.method {
            Some((ours, theirs)) => differs("method", ours.clone(), theirs.clone()),
            None => agreement.method += 1,
        }
        match &op.path {
            Some((ours, theirs)) => differs("path", ours.clone(), theirs.clone()),
            None => agreement.path += 1,
        }
        agreement.covered += op.covered;
        if op.not_in_sdk.is_empty() {
            agreement.parameters += 1;
        } else {
            differs(
                "parameters not in the SDK",
                set_text(&op.not_in_sdk),
                String::new(),
            );
        }
        if op.required_ours.is_empty() && op.required_theirs.is_empty() {
            agreement.required += 1;
        } else {
            differs(
                "required parameters",
                set_text(&op.required_ours),
                set_text(&op.required_theirs),
            );
        }
        agreement.all += usize::from(op.agrees());
        if op.copied {
            agreement.copied += 1;
            agreement.copied_all += usize::from(op.agrees());
        }
    }
    agreement
}

const CHOSEN: DuplicateRule = DuplicateRule::Richest;
const REJECTED: [DuplicateRule; 2] = [DuplicateRule::Merge, DuplicateRule::LastPath];

fn report(sdk_version: &str, results: &[(DuplicateRule, Agreement)]) -> String {
    let mut out = String::new();
    let chosen = &results[0].1;
    writeln!(
        out,
        "# The corpus model next to jdcloud-sdk {sdk_version}\n\n\
         Written by `tests/tests/sdk_agreement.rs` (`JDCLOUD_BLESS=1 cargo test -p jdcloud-tests --test sdk_agreement`\n\
         rewrites it); review its diff like any other output. The documents are years older than the SDK:\n\
         most differences below are drift between the two, listed so that none is hidden.\n\n\
         baseline: {} of {} operations in the SDK agree under the `{}` rule\n\n\
         | rule for duplicate copies | {} |\n|---|{}",
        chosen.all,
        chosen.in_sdk,
        CHOSEN.as_str(),
        COLUMNS.join(" | "),
        "---|".repeat(COLUMNS.len())
    )
    .unwrap();
    for (rule, a) in results {
        let label = if *rule == CHOSEN { " (chosen)" } else { "" };
        writeln!(
            out,
            "| {}{label} | {} |",
            rule.as_str(),
            a.cells().join(" | ")
        )
        .unwrap();
    }
    writeln!(
        out,
        "\n## Differences under the `{}` rule\n\n| service | operation | what | ours only | the SDK's only |\n|---|---|---|---|---|",
        CHOSEN.as_str()
    )
    .unwrap();
    for d in &chosen.differences {
        writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            d.service, d.operation, d.what, d.ours, d.theirs
        )
        .unwrap();
    }
    writeln!(out, "\n## Operations the SDK does not have\n").unwrap();
    for (service, ops) in &chosen.not_in_sdk {
        writeln!(out, "- {service}: {}", ops.join(", ")).unwrap();
    }
    out
}

/// The `baseline: N of ...` of a committed report.
fn baseline(report: &str) -> Option<usize> {
    report
        .lines()
        .find_map(|l| l.strip_prefix("baseline: "))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
}

#[test]
fn the_model_agrees_with_the_official_sdk() {
    let Some(corpus) = jdcloud_tests::shared_corpus() else {
        return;
    };
    let Some(python) = jdcloud_tests::sdk_python() else {
        return;
    };
    let sdk = sdk_operations(&python);
    let (inputs, errors) = read_tree(&corpus, &[]).unwrap();
    assert!(errors.is_empty());
    let results: Vec<(DuplicateRule, Agreement)> = std::iter::once(CHOSEN)
        .chain(REJECTED)
        .map(|rule| {
            let parsed = parse_tree_with(&inputs, &Options { duplicates: rule });
            assert_eq!(parsed.errors(), 0);
            (rule, compare(&parsed.services, &sdk))
        })
        .collect();
    for (rule, a) in &results {
        let cells = COLUMNS
            .iter()
            .zip(a.cells())
            .map(|(c, v)| format!("{c} {v}"));
        eprintln!(
            "sdk agreement ({}): {}",
            rule.as_str(),
            cells.collect::<Vec<_>>().join(", ")
        );
    }
    let text = report(sdk["sdk_version"].as_str().unwrap(), &results);
    let path = root().join("tests/sdk-agreement.md");
    if std::env::var_os("JDCLOUD_BLESS").is_some() {
        std::fs::write(&path, &text).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    let floor = baseline(&committed).unwrap_or(0);
    let now = results[0].1.all;
    assert!(
        now >= floor,
        "agreement with the SDK dropped: {now} operations agree, the baseline is {floor}"
    );
    assert!(
        committed == text,
        "tests/sdk-agreement.md is stale; review and rewrite it with \
         `JDCLOUD_BLESS=1 cargo test -p jdcloud-tests --test sdk_agreement`. It would now read:\n\n{text}"
    );
}

/// The overlays `cargo xtask crosscheck` would write for the corpus apply cleanly to it, leave
/// nothing more to write, and make more operations agree with the SDK.
#[test]
fn crosscheck_overlays_make_the_corpus_agree_more() {
    let Some(corpus) = jdcloud_tests::shared_corpus() else {
        return;
    };
    let Some(python) = jdcloud_tests::sdk_python() else {
        return;
    };
    let sdk = sdk_operations(&python);
    let (inputs, _) = read_tree(&corpus, &[]).unwrap();
    let mut services = jdcloud_parser::parse_tree(&inputs).services;
    let agreeing = |services: &[Service]| {
        jdcloud_crosscheck::check(services, &sdk)
            .operations
            .iter()
            .filter(|o| o.agrees())
            .count()
    };
    let before = agreeing(&services);
    let check = jdcloud_crosscheck::check(&services, &sdk);
    let files = jdcloud_crosscheck::overlays(&services, &check, "1.6.354");
    assert!(!files.is_empty());
    for (name, text) in &files {
        let corrections = jdcloud_overlays::read(name, text).unwrap();
        let errors = jdcloud_overlays::apply(&mut services, &corrections);
        assert!(errors.is_empty(), "{name}: {errors:?}");
    }
    let after = agreeing(&services);
    let again = jdcloud_crosscheck::check(&services, &sdk);
    assert!(
        jdcloud_crosscheck::overlays(&services, &again, "1.6.354").is_empty(),
        "nothing more to correct"
    );
    eprintln!("crosscheck: {before} operations agree before the overlays, {after} after");
    assert!(after > before, "{before} -> {after}");
}
