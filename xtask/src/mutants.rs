//! `cargo xtask mutants`: mutation testing of the runtime and the parser with cargo-mutants, held
//! against the committed list of survivors accepted as harmless (`tests/mutants-accepted.txt`).
//!
//! Not part of CI (a full run takes hours on two cores). A survivor that is not on the list fails the
//! run: kill it with a test, or list it with the reason it is harmless. A listed one that no longer
//! survives fails too, so the list stays true.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use crate::generate::project_root;

/// The crates mutated, each with the stages of tests that judge its mutants. The first stage runs on
/// every mutant; each later one, with cargo-mutants' `--iterate`, only on those the stages before it
/// missed (or that timed out), and the outcomes accumulate. A mutant caught at any stage is caught by a
/// test of the judged set; a cheap first stage only saves the rebuilds of the slower ones.
///
/// The runtime's first stage is its own tests (a rebuild of one crate); the second adds the end-to-end
/// tests that exercise it over loopback through generated crates (the slow nested-cargo and corpus
/// tests are left out: they test the pipeline, not the runtime).
const TARGETS: &[(&str, &[&[&str]])] = &[
    (
        "jdcloud-runtime",
        &[
            &["--package=jdcloud-runtime"],
            &[
                "--package=jdcloud-runtime",
                "--package=jdcloud-tests",
                "--lib",
                "--test=signing_vectors",
                "--test=loopback",
                "--test=fault_matrix",
                "--test=wire",
                "--test=e2e",
                "--test=injection",
                "--test=secrets",
            ],
        ],
    ),
    // `ten_megabyte_documents` takes 25 s of the 27 s the parser's tests take in a debug build; it
    // guards against blowups on huge input, which the other tests' timeouts catch in mutants too.
    (
        "jdcloud-parser",
        &[&[
            "--package=jdcloud-parser",
            "--",
            "--skip",
            "ten_megabyte_documents",
        ]],
    ),
];

const ACCEPTED: &str = "tests/mutants-accepted.txt";

/// Options of `cargo xtask mutants`.
#[derive(Debug, Default)]
pub struct MutantsOptions {
    /// Only these packages (`jdcloud-runtime`, `jdcloud-parser`); all when empty.
    pub packages: Vec<String>,
    /// Only mutants in files matching these globs (cargo-mutants' `--file`), for a partial run.
    pub files: Vec<String>,
    /// Parallel jobs of cargo-mutants.
    pub jobs: Option<u32>,
    /// Carry on from the last run's outcomes (cargo-mutants' `--iterate` from the first stage on):
    /// for a run that was stopped, or to re-test only what an earlier one missed.
    pub resume: bool,
}

/// How a run's mutants ended, by outcome.
#[derive(Debug, Default)]
struct Outcomes {
    caught: Vec<String>,
    missed: Vec<String>,
    unviable: Vec<String>,
    timeout: Vec<String>,
    /// Skipped with `--iterate`: caught or unviable in an earlier run (cargo-mutants lists both in
    /// `previously_caught.txt`, without saying which).
    carried: Vec<String>,
}

impl Outcomes {
    /// Adds one stage's outcomes: what it caught, found unviable or saw time out adds up (later stages
    /// leave out what timed out before: a mutant that hangs the tests has been noticed, and would only
    /// hang the slower tests too); what it missed is what is left; what it skipped as already judged
    /// counts once, from the first stage (the later ones skip what the stages before them judged, which
    /// is counted already).
    fn add_stage(&mut self, stage: Outcomes, index: usize) {
        self.caught.extend(stage.caught);
        self.unviable.extend(stage.unviable);
        self.missed = stage.missed;
        self.timeout.extend(stage.timeout);
        if index == 0 {
            self.carried = stage.carried;
        }
    }
}

pub fn run(options: &MutantsOptions) -> ExitCode {
    let root = project_root();
    let installed = Command::new("cargo")
        .args(["mutants", "--version"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !installed {
        eprintln!("error: cargo-mutants is not installed; `cargo install cargo-mutants --locked`");
        return ExitCode::FAILURE;
    }
    let accepted = match std::fs::read_to_string(root.join(ACCEPTED)) {
        Ok(text) => accepted_list(&text),
        Err(e) => {
            eprintln!("error: cannot read {ACCEPTED}: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut failed = false;
    for (package, stages) in TARGETS {
        if !options.packages.is_empty() && !options.packages.iter().any(|p| p == package) {
            continue;
        }
        let output = root.join("target/mutants").join(package);
        if let Err(e) = std::fs::create_dir_all(&output) {
            eprintln!("error: cannot create {}: {e}", output.display());
            return ExitCode::FAILURE;
        }
        let mut total = Outcomes::default();
        for (stage, test_args) in stages.iter().enumerate() {
            let outcomes = run_stage(&root, package, &output, test_args, options, stage, &total)
                .and_then(|()| {
                    read_outcomes(&output.join("mutants.out"))
                        .map_err(|e| format!("cannot read the outcomes: {e}"))
                });
            match outcomes {
                Ok(outcomes) => total.add_stage(outcomes, stage),
                Err(message) => {
                    eprintln!("error: {package}: {message}");
                    return ExitCode::FAILURE;
                }
            }
        }
        eprintln!(
            "mutants: {package}: caught={} missed={} unviable={} timeout={} carried over from an earlier run={}",
            total.caught.len(),
            total.missed.len(),
            total.unviable.len(),
            total.timeout.len(),
            total.carried.len()
        );
        let outcomes = total;
        let partial = !options.files.is_empty();
        failed |= !compare(package, &outcomes, &accepted, partial);
    }
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// One stage of a package's run: cargo-mutants with these test arguments, writing to `output`.
fn run_stage(
    root: &Path,
    package: &str,
    output: &Path,
    test_args: &[&str],
    options: &MutantsOptions,
    stage: usize,
    before: &Outcomes,
) -> Result<(), String> {
    let mut command = Command::new("cargo");
    command
        .current_dir(root)
        .args([
            "mutants",
            "--no-shuffle",
            "--colors=never",
            "--package",
            package,
        ])
        .arg("--output")
        .arg(output);
    if stage > 0 || options.resume {
        command.arg("--iterate");
    }
    for file in &options.files {
        command.args(["--file", file]);
    }
    if let Some(jobs) = options.jobs {
        command.arg(format!("--jobs={jobs}"));
    }
    for hung in &before.timeout {
        command.arg(format!("--exclude-re=^{}$", regex_escape(hung)));
    }
    // Every mutant runs the property tests: 25 cases each instead of 400 keeps a full run within
    // hours on two cores (CI runs all 400).
    command.env("PROPTEST_CASES", "25");
    command.arg("--").args(test_args);
    eprintln!("mutants: {package}: stage {}: {command:?}", stage + 1);
    match command.status().map(|s| s.code()) {
        // 0: every mutant caught; 2: some missed; 3: some timed out. The lists say which.
        Ok(Some(0 | 2 | 3)) => Ok(()),
        Ok(code) => Err(format!(
            "cargo-mutants failed (exit {code:?}); see its output above"
        )),
        Err(e) => Err(format!("cannot run cargo-mutants: {e}")),
    }
}

/// A mutant's name without its line and column, so the list survives edits elsewhere in the file:
/// `crates/x/src/a.rs:12:5: replace f -> bool with true` is `crates/x/src/a.rs: replace f -> bool with
/// true`.
fn without_position(name: &str) -> String {
    let mut parts = name.splitn(4, ':');
    match (parts.next(), parts.next(), parts.next(), parts.next()) {
        (Some(file), Some(line), Some(col), Some(rest))
            if line.chars().all(|c| c.is_ascii_digit())
                && col.chars().all(|c| c.is_ascii_digit()) =>
        {
            format!("{file}:{rest}")
        }
        _ => name.to_owned(),
    }
}

/// `text` as a regular expression that matches it alone (cargo-mutants' `--exclude-re`). Written out
/// here rather than taking the `regex` crate into xtask for its `escape`.
fn regex_escape(text: &str) -> String {
    let mut escaped = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if "\\.+*?()|[]{}^$#&-~".contains(c) {
            escaped.push('\\');
        }
        escaped.push(c);
    }
    escaped
}

/// The accepted survivors: `mutant name (without position) -- why it is harmless`, `#` comments.
fn accepted_list(text: &str) -> BTreeMap<String, String> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| match l.split_once(" -- ") {
            Some((name, why)) => (name.trim().to_owned(), why.trim().to_owned()),
            None => (l.to_owned(), String::new()),
        })
        .collect()
}

fn read_outcomes(dir: &Path) -> std::io::Result<Outcomes> {
    // cargo-mutants writes outcomes.json when it has tested anything at all.
    std::fs::metadata(dir.join("outcomes.json"))?;
    let lines = |name: &str| -> std::io::Result<Vec<String>> {
        let path: PathBuf = dir.join(name);
        if !path.exists() {
            return Ok(Vec::new());
        }
        Ok(std::fs::read_to_string(path)?
            .lines()
            .filter(|l| !l.trim().is_empty())
            .map(str::to_owned)
            .collect())
    };
    let list = |name: &str| -> std::io::Result<Vec<String>> {
        Ok(lines(name)?.iter().map(|l| without_position(l)).collect())
    };
    Ok(Outcomes {
        caught: list("caught.txt")?,
        carried: list("previously_caught.txt")?,
        missed: list("missed.txt")?,
        unviable: list("unviable.txt")?,
        // With their positions: later stages leave out exactly these.
        timeout: lines("timeout.txt")?,
    })
}

/// Prints survivors that are not accepted, and accepted ones of `package` that no longer survive (on a
/// whole run only); `true` when there are none.
fn compare(
    package: &str,
    outcomes: &Outcomes,
    accepted: &BTreeMap<String, String>,
    partial: bool,
) -> bool {
    let mut ok = true;
    for missed in &outcomes.missed {
        if !accepted.contains_key(missed) {
            eprintln!("survivor: {missed}\n  kill it with a test, or list it in {ACCEPTED} with why it is harmless");
            ok = false;
        } else if accepted[missed].is_empty() {
            eprintln!("accepted without a reason: {missed}");
            ok = false;
        }
    }
    let prefix = format!("crates/{package}/");
    for name in accepted.keys() {
        let ours = name.starts_with(&prefix);
        if ours && !partial && !outcomes.missed.contains(name) {
            eprintln!("no longer survives (remove it from {ACCEPTED}): {name}");
            ok = false;
        }
    }
    ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_lose_their_position_and_the_list_its_comments() {
        assert_eq!(
            without_position("crates/a/src/b.rs:12:5: replace f -> bool with true"),
            "crates/a/src/b.rs: replace f -> bool with true"
        );
        assert_eq!(without_position("odd name"), "odd name");
        let list = accepted_list(
            "# why\n\ncrates/a/src/b.rs: replace f -> bool with true -- only a log line\ncrates/a/src/c.rs: x\n",
        );
        assert_eq!(
            list["crates/a/src/b.rs: replace f -> bool with true"],
            "only a log line"
        );
        assert_eq!(list["crates/a/src/c.rs: x"], "");
    }

    #[test]
    fn names_are_escaped_for_an_exact_match() {
        assert_eq!(
            regex_escape("src/a.rs:4:2: replace += with *= in f -> Option<&'a str>"),
            r"src/a\.rs:4:2: replace \+= with \*= in f \-> Option<\&'a str>"
        );
        assert_eq!(
            regex_escape(r"a\b(c)[d]{e}|^$"),
            r"a\\b\(c\)\[d\]\{e\}\|\^\$"
        );
    }

    #[test]
    fn stages_add_up_what_they_caught_and_leave_what_the_last_missed() {
        let names = |n: &[&str]| n.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let mut total = Outcomes::default();
        total.add_stage(
            Outcomes {
                caught: names(&["a", "b"]),
                missed: names(&["c", "d", "e"]),
                unviable: names(&["u"]),
                timeout: names(&["t"]),
                carried: names(&["old"]),
            },
            0,
        );
        total.add_stage(
            Outcomes {
                caught: names(&["c"]),
                missed: names(&["d"]),
                timeout: names(&["e"]),
                // The second stage's skipped list holds the first stage's caught and unviable.
                carried: names(&["a", "b", "u", "old"]),
                ..Outcomes::default()
            },
            1,
        );
        assert_eq!(total.caught, names(&["a", "b", "c"]));
        assert_eq!(total.missed, names(&["d"]));
        assert_eq!(total.unviable, names(&["u"]));
        // The second stage left out `t`, which hung the first.
        assert_eq!(
            total.timeout,
            names(&["t", "e"]),
            "what hung once stays counted"
        );
        assert_eq!(total.carried, names(&["old"]));
    }

    #[test]
    fn survivors_must_be_listed_with_a_reason_and_listed_ones_must_survive() {
        let accepted = accepted_list(
            "crates/p/src/a.rs: m1 -- harmless\ncrates/p/src/a.rs: gone -- was harmless\n",
        );
        let outcomes = Outcomes {
            missed: vec!["crates/p/src/a.rs: m1".to_owned()],
            ..Outcomes::default()
        };
        assert!(
            !compare("p", &outcomes, &accepted, false),
            "a listed mutant no longer survives"
        );
        assert!(
            compare("p", &outcomes, &accepted, true),
            "a partial run cannot tell"
        );
        let new = Outcomes {
            missed: vec![
                "crates/p/src/a.rs: m1".to_owned(),
                "crates/p/src/a.rs: new".to_owned(),
            ],
            ..Outcomes::default()
        };
        assert!(!compare("p", &new, &accepted, true));
    }
}
