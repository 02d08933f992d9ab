//! `cargo xtask bench [--quick]`: every benchmark of the project in one process tree, then one summary.
//!
//! 0. both generators are built in release first, so that the file system has forgotten the files
//!    those builds replaced by the time the generation rounds run (`generation::build` says why);
//! 1. criterion (`criterion.rs`): the runtime's signing, the parser's corpus, the peer signers;
//! 2. generation (`generation.rs`): ours and progenitor 0.15.1 on the shared corpus, interleaved;
//! 3. compile time (`compile.rs`): `cargo check` and `cargo build` of both sides' crates with their
//!    dependencies built, a cold build of the largest service's crate, and that crate built with
//!    three of its operations' features against all of them.
//!
//! The peers (progenitor, `jdcloud_signer`, aws-sigv4) live in `xtask/peers`, a workspace of their
//! own, built into `<build dir>/peers`; none of them is a dependency of the runtime or of generated
//! crates. The last line printed is the summary:
//! `bench: gen_ms_per_op=G vs_progenitor_gen=R1 check_vs_progenitor=R2 build_vs_progenitor=R3
//! cold_vs_progenitor=R4 sign_vs_jdcloud_signer=R5 sign_vs_aws_sigv4=R6 sign_vs_floor=R7`
//! (ratios ours / theirs, per operation where the sides' operation counts differ; `n/a` for what did
//! not run, as the generation and compile parts when the corpus is not beside the project).

mod compile;
mod criterion;
mod generation;

use std::fmt::Write as _;
use std::process::{Command, ExitCode, Stdio};
use std::time::{Duration, SystemTime};

use crate::generate::{build_dir, project_root};

/// Rounds of each comparison: generation, incremental compile, cold build.
const ROUNDS: [usize; 3] = [5, 5, 3];
const QUICK_ROUNDS: [usize; 3] = [3, 2, 1];

pub fn run(quick: bool) -> ExitCode {
    match run_all(quick) {
        Ok(summary) => {
            println!("{summary}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

fn run_all(quick: bool) -> Result<String, String> {
    let root = project_root();
    let build = build_dir(&root);
    let peers_target = build.join("peers");
    let work = build.join("bench");
    let [gen_rounds, compile_rounds, cold_rounds] = if quick { QUICK_ROUNDS } else { ROUNDS };
    let started = SystemTime::now();
    let docs = root.join("../shared/corpus/API");
    let binaries = if docs.is_dir() {
        Some(generation::build(&root, &peers_target)?)
    } else {
        None
    };

    criterion::run(&root, &peers_target, quick)?;
    let results = criterion::Results {
        dirs: vec![build.join("criterion"), peers_target.join("criterion")],
        started,
    };
    let mut out = criterion::report(&results)?;
    let signing = criterion::signing_ratios(&results)?;

    let mut line = Summary {
        sign: [
            signing.vs_jdcloud_signer,
            signing.vs_aws_sigv4,
            signing.vs_floor,
        ],
        ..Summary::default()
    };
    if let Some(binaries) = binaries {
        eprintln!("bench: generation, ours and progenitor's, {gen_rounds} rounds");
        let generators = generation::prepare(binaries, &work, &docs)?;
        let timings = generation::measure(&generators, gen_rounds)?;
        eprintln!("bench: compile time, {compile_rounds} rounds, and {cold_rounds} cold build(s)");
        let workspaces = compile::prepare(&root, &work, &generators)?;
        let incremental = compile::measure(&workspaces, compile_rounds)?;
        let cold = compile::cold(&workspaces, &work, cold_rounds)?;
        let (subset, operations) = compile::subset(&workspaces, compile_rounds)?;
        out.push_str(&comparison(
            &generators,
            &timings,
            &workspaces,
            &incremental,
            cold,
            &mut line,
        )?);
        let _ = writeln!(
            out,
            "  per-operation features: `cargo build` of `{}` ({operations} operations), dependencies built: {:.0} ms with all, {:.0} ms with three ({:.2}x)",
            workspaces.largest,
            subset[0],
            subset[1],
            subset[1] / subset[0]
        );
    } else {
        let _ = writeln!(
            out,
            "\ngeneration and compile time: not run (no corpus at {})",
            docs.display()
        );
    }
    out.push_str(&targets(&line));
    out.push_str(&line.to_string());
    Ok(out)
}

/// The ratios of the summary line.
#[derive(Default)]
struct Summary {
    gen_ms_per_op: Option<f64>,
    gen: Option<f64>,
    check: Option<f64>,
    build: Option<f64>,
    cold: Option<f64>,
    /// Against jdcloud_signer, aws-sigv4, the floor.
    sign: [Option<f64>; 3],
}

impl std::fmt::Display for Summary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let show = |value: Option<f64>, digits: usize| {
            value.map_or_else(|| "n/a".to_owned(), |v| format!("{v:.digits$}"))
        };
        write!(
            f,
            "bench: gen_ms_per_op={} vs_progenitor_gen={} check_vs_progenitor={} build_vs_progenitor={} cold_vs_progenitor={} sign_vs_jdcloud_signer={} sign_vs_aws_sigv4={} sign_vs_floor={}",
            show(self.gen_ms_per_op, 3),
            show(self.gen, 2),
            show(self.check, 2),
            show(self.build, 2),
            show(self.cold, 2),
            show(self.sign[0], 2),
            show(self.sign[1], 2),
            show(self.sign[2], 2),
        )
    }
}

fn comparison(
    generators: &generation::Generators,
    timings: &generation::Timings,
    workspaces: &compile::Workspaces,
    incremental: &compile::Incremental,
    cold: [f64; 2],
    line: &mut Summary,
) -> Result<String, String> {
    let ours_ops: usize = generators.ours_operations.values().sum();
    let their_ops: usize = generators.progenitor_operations.values().sum();
    let (ours, theirs) = (&workspaces.ours, &workspaces.progenitor);
    let per_op = |a: f64, b: f64| (a / ours.operations as f64) / (b / theirs.operations as f64);
    let gen_per_op = timings.ours_ms / ours_ops as f64;
    line.gen_ms_per_op = Some(gen_per_op);
    line.gen = Some(gen_per_op / (timings.progenitor_ms / their_ops as f64));
    line.check = Some(per_op(incremental.check[0], incremental.check[1]));
    line.build = Some(per_op(incremental.build[0], incremental.build[1]));
    line.cold = Some(cold[0] / cold[1]);

    let mut out = String::new();
    let _ = writeln!(
        out,
        "\nours against progenitor 0.15.1 (medians, this run; ratios per operation)"
    );
    let _ = writeln!(
        out,
        "  generation: the whole corpus, {} services: ours {ours_ops} operations from the documents, progenitor {their_ops} from the OpenAPI 3.0 documents, each round into a new folder under {}{}",
        generators.ours_operations.len(),
        std::env::temp_dir().display(),
        if generators.refused.is_empty() {
            String::new()
        } else {
            format!(" (refused: {})", generators.refused.join(", "))
        }
    );
    let _ = writeln!(
        out,
        "  compile: {} services both accept, ours {} operations, progenitor {}; cold: `{}` alone",
        ours.members.len(),
        ours.operations,
        theirs.operations,
        workspaces.largest
    );
    let _ = writeln!(
        out,
        "  {:<44}{:>12}{:>12}{:>8}",
        "", "ours", "progenitor", "ratio"
    );
    let mut row = |name: &str, a: f64, b: f64, ratio: f64| {
        let _ = writeln!(out, "  {name:<44}{a:>12.1}{b:>12.1}{ratio:>8.2}");
    };
    row(
        "generate, docs to crates on disk (ms)",
        timings.ours_ms,
        timings.progenitor_ms,
        line.gen.unwrap_or(f64::NAN),
    );
    row(
        "cargo check, dependencies built (ms)",
        incremental.check[0],
        incremental.check[1],
        line.check.unwrap_or(f64::NAN),
    );
    row(
        "cargo build, dependencies built (ms)",
        incremental.build[0],
        incremental.build[1],
        line.build.unwrap_or(f64::NAN),
    );
    row(
        "cold cargo build of one crate (ms)",
        cold[0],
        cold[1],
        cold[0] / cold[1],
    );
    let lines = [ours.lines()? as f64, theirs.lines()? as f64];
    row(
        "lines of generated Rust per operation",
        lines[0] / ours.operations as f64,
        lines[1] / theirs.operations as f64,
        per_op(lines[0], lines[1]),
    );
    Ok(out)
}

/// Each target of the issues, met or not, from the summary's numbers.
fn targets(line: &Summary) -> String {
    let verdict = |value: Option<f64>, limit: f64| match value {
        None => "not measured".to_owned(),
        Some(v) if v <= limit => format!("met ({v:.2})"),
        Some(v) => format!("NOT met ({v:.2})"),
    };
    let mut out = String::from("\ntargets\n");
    for (name, value, limit) in [
        (
            "generation under 0.3 ms per operation",
            line.gen_ms_per_op,
            0.3,
        ),
        ("generation faster than progenitor", line.gen, 1.0),
        ("cargo check at most 0.4x progenitor's", line.check, 0.4),
        ("cargo build at most 0.6x progenitor's", line.build, 0.6),
        ("cold build at most progenitor's", line.cold, 1.0),
        ("signing faster than jdcloud_signer", line.sign[0], 1.0),
        ("signing faster than aws-sigv4", line.sign[1], 1.0),
        ("signing alone within 1.5x the floor", line.sign[2], 1.5),
    ] {
        let _ = writeln!(out, "  {name:<44}{}", verdict(value, limit));
    }
    out.push('\n');
    out
}

/// `cargo`, as the xtask was started with.
fn cargo() -> Command {
    Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()))
}

/// Runs `command` to its end, its output kept; the error names it and ends with what it printed.
fn output_of(command: &mut Command) -> Result<String, String> {
    let output = command
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {command:?}: {e}"))?;
    if !output.status.success() {
        let stderr = String::from_utf8_lossy(&output.stderr);
        let tail: Vec<&str> = stderr.lines().rev().take(30).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        return Err(format!(
            "{command:?} failed ({}):\n{}",
            output.status,
            tail.join("\n")
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}

/// The median of some durations, in milliseconds (the mean of the middle two for an even count).
fn median_ms(times: &[Duration]) -> f64 {
    let mut ms: Vec<f64> = times.iter().map(|t| t.as_secs_f64() * 1000.0).collect();
    ms.sort_by(f64::total_cmp);
    match ms.len() {
        0 => f64::NAN,
        n if n % 2 == 1 => ms[n / 2],
        n => (ms[n / 2 - 1] + ms[n / 2]) / 2.0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn medians_and_the_summary_line() {
        let ms = |v: &[u64]| {
            v.iter()
                .map(|&m| Duration::from_millis(m))
                .collect::<Vec<_>>()
        };
        assert_eq!(median_ms(&ms(&[30, 10, 20])), 20.0);
        assert_eq!(median_ms(&ms(&[40, 10, 20, 30])), 25.0);
        assert!(median_ms(&[]).is_nan());
        let line = Summary {
            gen_ms_per_op: Some(0.2512),
            gen: Some(0.5),
            sign: [Some(0.25), None, Some(1.4)],
            ..Summary::default()
        };
        assert_eq!(
            line.to_string(),
            "bench: gen_ms_per_op=0.251 vs_progenitor_gen=0.50 check_vs_progenitor=n/a build_vs_progenitor=n/a cold_vs_progenitor=n/a sign_vs_jdcloud_signer=0.25 sign_vs_aws_sigv4=n/a sign_vs_floor=1.40"
        );
        let verdicts = targets(&line);
        let verdict = |name: &str| {
            verdicts
                .lines()
                .find_map(|l| l.trim().strip_prefix(name))
                .map(str::trim)
                .unwrap_or_else(|| panic!("no `{name}` in {verdicts}"))
                .to_owned()
        };
        assert_eq!(
            verdict("generation under 0.3 ms per operation"),
            "met (0.25)"
        );
        assert_eq!(verdict("signing alone within 1.5x the floor"), "met (1.40)");
        assert_eq!(verdict("generation faster than progenitor"), "met (0.50)");
        assert_eq!(
            verdict("cargo check at most 0.4x progenitor's"),
            "not measured"
        );
        let slow = Summary {
            sign: [None, None, Some(2.4)],
            ..Summary::default()
        };
        assert!(targets(&slow).contains("NOT met (2.40)"));
    }
}
