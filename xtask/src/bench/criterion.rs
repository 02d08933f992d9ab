//! `cargo xtask bench`: the two criterion benchmarks in one run, then their numbers side by side with the
//! targets the issues set (parsing the corpus under 50 ms; building and signing a request within 1.5x
//! of the hashing floor).
//!
//! Criterion writes each measurement to `target/criterion/<group>/<name>/new/estimates.json`; the
//! medians are read back from there, so the ratios compare numbers taken in the same run.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::SystemTime;

use crate::generate::project_root;

/// Criterion's arguments for a shorter run, for a first look (`--quick`).
const QUICK: [&str; 4] = ["--warm-up-time", "1", "--measurement-time", "3"];

pub fn run(quick: bool) -> ExitCode {
    let root = project_root();
    let started = SystemTime::now();
    for (package, bench) in [
        ("jdcloud-runtime", "sign"),
        ("jdcloud-parser", "parse_corpus"),
    ] {
        let mut command = Command::new(std::env::var("CARGO").unwrap_or_else(|_| "cargo".into()));
        command
            .current_dir(&root)
            .args(["bench", "-p", package, "--bench", bench, "--"]);
        if quick {
            command.args(QUICK);
        }
        match command.status() {
            Ok(status) if status.success() => {}
            Ok(status) => {
                eprintln!("error: `cargo bench -p {package} --bench {bench}` failed ({status})");
                return ExitCode::FAILURE;
            }
            Err(e) => {
                eprintln!("error: cannot run cargo: {e}");
                return ExitCode::FAILURE;
            }
        }
    }
    let results = Results {
        dir: criterion_dir(&root),
        started,
    };
    match report(&results) {
        Ok(text) => {
            println!("\n{text}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

fn criterion_dir(root: &Path) -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root.join("target"))
        .join("criterion")
}

/// Where criterion wrote its estimates, and since when they count as this run's.
struct Results {
    dir: PathBuf,
    started: SystemTime,
}

/// The median of one measurement, in nanoseconds; `None` when the benchmark did not run this time
/// (an estimate left by an earlier run is not reported as this one's).
fn median(results: &Results, id: &str) -> Result<Option<f64>, String> {
    let path = results.dir.join(id).join("new/estimates.json");
    let fresh = std::fs::metadata(&path)
        .and_then(|m| m.modified())
        .is_ok_and(|modified| modified >= results.started);
    if !fresh {
        return Ok(None);
    }
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    value["median"]["point_estimate"]
        .as_f64()
        .map(Some)
        .ok_or_else(|| format!("{}: no median point estimate", path.display()))
}

fn report(results: &Results) -> Result<String, String> {
    let mut out = String::from("signing (criterion medians, this run)\n");
    out.push_str(&format!("  {:<20}{:>18}{:>18}\n", "", "GET", "POST"));
    let mut build_ratios = Vec::new();
    let floors = [
        median(results, "sign/get_floor")?,
        median(results, "sign/post_floor")?,
    ];
    for name in ["floor", "build+sign", "sign-only", "http-request-only"] {
        out.push_str(&format!("  {name:<20}"));
        for (method, floor) in ["get", "post"].into_iter().zip(floors) {
            let cell = match (median(results, &format!("sign/{method}_{name}"))?, floor) {
                (Some(ns), Some(floor)) => {
                    let ratio = ns / floor;
                    if name == "build+sign" {
                        build_ratios.push(ratio);
                    }
                    format!("{} ({ratio:.2}x)", micros(ns))
                }
                (Some(ns), None) => micros(ns),
                (None, _) => "not run".to_owned(),
            };
            out.push_str(&format!("{cell:>18}"));
        }
        out.push('\n');
    }
    let worst = build_ratios.iter().copied().fold(f64::NAN, f64::max);
    out.push_str(&format!(
        "  target: build+sign within 1.50x of the floor: {}\n",
        if worst.is_nan() {
            "not measured".to_owned()
        } else if worst <= 1.5 {
            format!("met (worst {worst:.2}x)")
        } else {
            format!("NOT met (worst {worst:.2}x)")
        }
    ));
    out.push_str("\nparsing the corpus (criterion median, this run)\n");
    match median(results, "parse/corpus")? {
        Some(ns) => out.push_str(&format!(
            "  {:.1} ms; target under 50 ms: {}\n",
            ns / 1e6,
            if ns < 50e6 { "met" } else { "NOT met" }
        )),
        None => out.push_str("  not run (the corpus is not beside the project)\n"),
    }
    if let (Some(one), Some(four)) = (
        median(results, "parse/corpus")?,
        median(results, "parse/corpus-x4")?,
    ) {
        // Four copies of the tree hold four times the documents; linear work takes four times as long.
        out.push_str(&format!(
            "  four copies of the tree: {:.1} ms, {:.2}x the time of one per document (1.00x is linear)\n",
            four / 1e6,
            four / (4.0 * one)
        ));
    }
    Ok(out)
}

fn micros(ns: f64) -> String {
    format!("{:.2} us", ns / 1000.0)
}
