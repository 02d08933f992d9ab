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
use std::path::{Path, PathBuf};
use std::process::Command;

use jdcloud_model::{Location, Service};
use jdcloud_parser::{parse_tree_with, read_tree, DuplicateRule, Options};
use serde_json::Value;

use jdcloud_tests::project_root as root;

/// A Python that has the SDK, or why there is none.
fn sdk_python() -> Result<PathBuf, String> {
    let python = std::env::var_os("JDCLOUD_SDK_PYTHON")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target/sdk-venv/bin/python"));
    let works = Command::new(&python)
        .args(["-c", "import jdcloud_sdk"])
        .output()
        .is_ok_and(|o| o.status.success());
    if works {
        Ok(python)
    } else {
        Err(format!(
            "no Python with jdcloud-sdk at {} (set JDCLOUD_SDK_PYTHON, or let .ci/run make the venv)",
            python.display()
        ))
    }
}

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

/// A service name as the SDK spells its folder: lower case, no `-` or `_`.
fn folded(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '-' | '_'))
        .flat_map(char::to_lowercase)
        .collect()
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

fn names(list: &Value) -> BTreeSet<String> {
    list.as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect()
}

fn set_text(set: &BTreeSet<String>) -> String {
    set.iter().cloned().collect::<Vec<_>>().join(", ")
}

fn compare(services: &[Service], sdk: &Value) -> Agreement {
    let sdk_services: BTreeMap<String, &Value> = sdk["services"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(name, service)| (folded(name), service))
        .collect();
    let mut agreement = Agreement::default();
    for service in services {
        let theirs = sdk_services.get(&folded(&service.name));
        for op in &service.operations {
            agreement.operations += 1;
            let sdk_op = theirs.and_then(|s| {
                s["operations"]
                    .as_object()
                    .unwrap()
                    .iter()
                    .find(|(id, _)| id.eq_ignore_ascii_case(&op.id))
                    .map(|(_, op)| op)
            });
            let Some(sdk_op) = sdk_op else {
                agreement
                    .not_in_sdk
                    .entry(service.name.clone())
                    .or_default()
                    .push(op.id.clone());
                continue;
            };
            agreement.in_sdk += 1;
            let mut differs = |what, ours: String, theirs: String| {
                agreement.differences.push(Difference {
                    service: service.name.clone(),
                    operation: op.id.clone(),
                    what,
                    ours,
                    theirs,
                });
            };
            let mut agrees = true;
            let method = sdk_op["method"].as_str().unwrap();
            if op.method.as_str() == method {
                agreement.method += 1;
            } else {
                agrees = false;
                differs("method", op.method.as_str().into(), method.into());
            }
            let path = sdk_op["path"].as_str().unwrap();
            if op.path == path {
                agreement.path += 1;
            } else {
                agrees = false;
                differs("path", op.path.clone(), path.into());
            }
            // Header parameters travel in the SDK's `header` argument, not in its parameters.
            let params = op
                .parameters
                .iter()
                .filter(|p| !p.set_by_runtime && p.location != Location::Header);
            let ours: BTreeSet<String> = params.clone().map(|p| p.name.clone()).collect();
            let sdk_params = names(&sdk_op["parameters"]);
            agreement.covered += ours.intersection(&sdk_params).count();
            let extra: BTreeSet<String> = ours.difference(&sdk_params).cloned().collect();
            if extra.is_empty() {
                agreement.parameters += 1;
            } else {
                agrees = false;
                differs("parameters not in the SDK", set_text(&extra), String::new());
            }
            let ours_required: BTreeSet<String> = params
                .filter(|p| p.required)
                .map(|p| p.name.clone())
                .collect();
            let sdk_required = names(&sdk_op["required"]);
            if ours_required == sdk_required {
                agreement.required += 1;
            } else {
                agrees = false;
                let only_ours: BTreeSet<String> =
                    ours_required.difference(&sdk_required).cloned().collect();
                let only_theirs: BTreeSet<String> =
                    sdk_required.difference(&ours_required).cloned().collect();
                differs(
                    "required parameters",
                    set_text(&only_ours),
                    set_text(&only_theirs),
                );
            }
            agreement.all += usize::from(agrees);
            if !op.source.copies.is_empty() {
                agreement.copied += 1;
                agreement.copied_all += usize::from(agrees);
            }
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
    let python = match sdk_python() {
        Ok(python) => python,
        Err(why) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "{why}; CI makes the venv in .ci/run"
            );
            eprintln!("SKIPPED: {why}");
            return;
        }
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
