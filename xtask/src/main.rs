//! Project tasks, run as `cargo xtask <task>`.
//!
//! - `cargo xtask generate`: the shipped documents (`spec/docs/`) into models (`spec/*.yaml`) and crates
//!   (`generated/`).
//! - `cargo xtask generate --docs DIR --out DIR [--exclude GLOB]... [--exclude-from FILE]`: any tree of documents into
//!   `OUT/spec/*.yaml` and `OUT/generated/*`, with `OUT/Cargo.toml` making it a workspace of its own.
//! - `cargo xtask generate --check`: compare instead of write; exit 1 naming stale files.
//! - `cargo xtask diff OLD NEW [--format text|markdown|json]`: the change report between two folders
//!   of models (or `git:REV`).
//!
//! - `cargo xtask crosscheck --docs DIR`: where the documents and the official SDK disagree, and
//!   the overlays that would make them agree, for review.
//! - `cargo xtask conformance [--docs DIR]`: every operation the official SDK also has, on the wire
//!   through the generated crate and through the SDK, compared.
//! - `cargo xtask bench [--quick]`: every benchmark in one run (signing against the floor and the peer
//!   signers, parsing, generation and compile time against progenitor), ending in one summary line.
//! - `cargo xtask mutants [--package P]... [--file GLOB]... [--jobs N] [--resume]`: mutation testing of the runtime
//!   and the parser (cargo-mutants), held against `tests/mutants-accepted.txt`.
//!
//! Exit status: 0 without errors (warnings allowed), 1 with errors or stale files.

mod args;
mod bench;
mod conformance;
mod crosscheck;
mod diff;
mod generate;
mod mutants;
mod release;

use std::path::PathBuf;
use std::process::ExitCode;

use args::{Arg, Args};

/// mimalloc rather than the system allocator: generation allocates and frees many small strings and
/// vectors on all cores (pages read, models, YAML and JSON values, the emitter's layout pieces), and
/// mimalloc's per-thread free lists do that faster: `generate --check` of the corpus took 70 ms with it
/// against 87 ms with the system allocator, medians of 15 runs each, side by side.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const USAGE: &str = "\
usage: cargo xtask generate [--check] [--docs DIR --out DIR [--overlays DIR]] [--exclude GLOB]... [--exclude-from FILE] [--duplicates RULE] [--date YYYY-MM-DD] [--quiet]

  (no options)     spec/docs/ -> spec/*.yaml, spec/openapi/*.json and generated/; prints what
                   changed since the committed models, versions each crate by it and adds an
                   entry to its CHANGELOG.md
  --docs DIR       read documents from DIR (every *.md below it)
  --out DIR        write OUT/spec/*.yaml, OUT/openapi/*.json, OUT/generated/*, OUT/Cargo.toml
                   (with --docs)
  --exclude GLOB   skip documents whose path relative to DIR matches GLOB (repeatable)
  --exclude-from FILE  the same, one glob per line of FILE (`#` comments allowed)
  --duplicates RULE  how copies of one operation become one: `richest` (the default: keep the
                   copy documenting the most), `merge` (add what only other copies document)
                   or `last-path` (keep the copy whose path sorts last)
  --check          write nothing; exit 1 naming the files that differ from what would be generated
  --overlays DIR   apply the corrections of DIR/*.yaml to the parsed models (with --docs; the
                   shipped spec's are spec/overlays/)
  --date DATE      date of change log entries the product's change log does not date (default:
                   SOURCE_DATE_EPOCH, else today)
  --quiet          print errors and summaries only, not warnings and single changes

usage: cargo xtask diff OLD NEW [--format text|markdown|json]

  what changed between two folders of models (`spec/` of two trees, or `git:REV` for the models
  committed at a revision), classified per service as major, minor, patch or none

usage: cargo xtask crosscheck --docs DIR [--overlays DIR] [--python PY] [--out DIR]

  where the documents and the official SDK (jdcloud-sdk, by tests/sdk/operations.py run with PY,
  default target/sdk-venv/bin/python) disagree, and the overlays that would make them agree
  written to OUT (default target/crosscheck/overlays) for a person to review

usage: cargo xtask conformance [--docs DIR [--overlays DIR] [--exclude GLOB]...] [--python PY] [--work DIR]

  every operation the official SDK also has, called with sample values through the generated
  crate and through the SDK's own client (jdcloud-sdk, in a venv made at target/sdk-venv unless
  --python names one) to one capture server, and compared under named rules for the SDK's
  quirks; exit 1 when an operation disagrees. Without --docs: the shipped spec and the fixtures
  --work DIR       where the crates and the runner are generated and built (default
                   target/conformance)

usage: cargo xtask bench [--quick]

  runs every benchmark in one process tree: signing (against the hashing floor and the peer
  signers jdcloud_signer and aws-sigv4), parsing the corpus, generation and the generated crates'
  compile time against progenitor 0.15.1 (peers built from xtask/peers, never dependencies of
  the project); prints the numbers with their targets and, last, one `bench: ...` summary line
  --quick          shorter measurements and fewer rounds, for a first look

usage: cargo xtask mutants [--package P]... [--file GLOB]... [--jobs N] [--resume]

  mutates jdcloud-runtime and jdcloud-parser with cargo-mutants (install it first:
  `cargo install cargo-mutants --locked`), prints caught / missed / unviable / timeout counts and
  fails on any survivor not listed, with its reason, in tests/mutants-accepted.txt
  --package P      only this package (repeatable)
  --file GLOB      only mutants in matching files (repeatable; a partial run)
  --jobs N         cargo-mutants' parallel jobs
  --resume         carry on from the last run's outcomes (cargo-mutants' --iterate): test only the
                   mutants it did not catch or find unviable";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("generate") => match parse_generate(&args[1..]) {
            Ok(options) => generate::run(&options),
            Err(message) => {
                eprintln!("error: {message}\n\n{USAGE}");
                ExitCode::FAILURE
            }
        },
        Some("diff") => diff::run(&args[1..]),
        Some("crosscheck") => crosscheck::run(&args[1..]),
        Some("conformance") => conformance::run(&args[1..]),
        Some("bench") => match &args[1..] {
            [] => bench::run(false),
            [flag] if flag == "--quick" => bench::run(true),
            _ => {
                eprintln!("error: `bench` takes only `--quick`\n\n{USAGE}");
                ExitCode::FAILURE
            }
        },
        Some("mutants") => match parse_mutants(&args[1..]) {
            Ok(options) => mutants::run(&options),
            Err(message) => {
                eprintln!("error: {message}\n\n{USAGE}");
                ExitCode::FAILURE
            }
        },
        Some("-h" | "--help" | "help") => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Some(other) => {
            eprintln!("error: unknown task `{other}`\n\n{USAGE}");
            ExitCode::FAILURE
        }
        None => {
            eprintln!("{USAGE}");
            ExitCode::FAILURE
        }
    }
}

/// Options of `cargo xtask generate`.
#[derive(Debug, Default)]
pub struct GenerateOptions {
    pub docs: Option<PathBuf>,
    pub out: Option<PathBuf>,
    pub exclude: Vec<String>,
    pub check: bool,
    pub quiet: bool,
    pub duplicates: jdcloud_parser::DuplicateRule,
    /// The date of change log entries the documents do not date (`YYYY-MM-DD`).
    pub date: Option<String>,
    /// Overlays for `--docs` (the shipped spec's are `spec/overlays/`).
    pub overlays: Option<PathBuf>,
}

fn parse_generate(args: &[String]) -> Result<GenerateOptions, String> {
    let mut options = GenerateOptions::default();
    let mut args = Args::new(args);
    while let Some(arg) = args.next()? {
        let Arg::Flag(flag) = arg else {
            return Err(format!("unexpected argument `{arg}`"));
        };
        match flag.as_str() {
            "--docs" => options.docs = Some(PathBuf::from(args.value(&flag)?)),
            "--out" => options.out = Some(PathBuf::from(args.value(&flag)?)),
            "--exclude" => options.exclude.push(args.value(&flag)?),
            "--exclude-from" => {
                let path = args.value(&flag)?;
                let text = std::fs::read_to_string(&path)
                    .map_err(|e| format!("cannot read {path}: {e}"))?;
                options.exclude.extend(jdcloud_parser::exclude_list(&text));
            }
            "--duplicates" => {
                options.duplicates = match args.value(&flag)?.as_str() {
                    "richest" => jdcloud_parser::DuplicateRule::Richest,
                    "merge" => jdcloud_parser::DuplicateRule::Merge,
                    "last-path" => jdcloud_parser::DuplicateRule::LastPath,
                    other => {
                        return Err(format!(
                            "--duplicates takes `richest`, `merge` or `last-path`, not `{other}`"
                        ))
                    }
                }
            }
            "--check" => options.check = true,
            "--quiet" | "-q" => options.quiet = true,
            "--date" => options.date = Some(args.value(&flag)?),
            "--overlays" => options.overlays = Some(PathBuf::from(args.value(&flag)?)),
            other => return Err(args::unknown(other)),
        }
    }
    if options.docs.is_some() != options.out.is_some() {
        return Err("--docs and --out go together".to_owned());
    }
    if options.overlays.is_some() && options.docs.is_none() {
        return Err(
            "--overlays goes with --docs (the shipped spec's are spec/overlays/)".to_owned(),
        );
    }
    Ok(options)
}

fn parse_mutants(args: &[String]) -> Result<mutants::MutantsOptions, String> {
    let mut options = mutants::MutantsOptions::default();
    let mut args = Args::new(args);
    while let Some(arg) = args.next()? {
        let Arg::Flag(flag) = arg else {
            return Err(format!("unexpected argument `{arg}`"));
        };
        match flag.as_str() {
            "--package" | "-p" => options.packages.push(args.value(&flag)?),
            "--file" | "-f" => options.files.push(args.value(&flag)?),
            "--resume" => options.resume = true,
            "--jobs" | "-j" => {
                let jobs = args.value(&flag)?;
                options.jobs = Some(
                    jobs.parse()
                        .map_err(|_| format!("--jobs takes a number, not `{jobs}`"))?,
                );
            }
            other => return Err(args::unknown(other)),
        }
    }
    Ok(options)
}
