//! The criterion part of `cargo xtask bench`: the runtime's signing benchmark, the parser's corpus
//! benchmark and the peer signers' (`xtask/peers`), one after the other, then their medians side by
//! side with the targets the issues set (parsing the corpus under 50 ms; building and signing a request,
//! and signing alone, within 1.5x of the hashing floor; signing ahead of the peers).
//!
//! Criterion writes each measurement to `<build dir>/criterion/<group>/<id>/new/estimates.json`, a `/`
//! in the id written `_` (`peers/get/floor` is `peers/get_floor`); the medians are read back from
//! there, and only those written during this run count.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::cargo;

/// Criterion's arguments for a shorter run, for a first look (`--quick`).
const QUICK: [&str; 4] = ["--warm-up-time", "1", "--measurement-time", "3"];

/// Runs the three benchmarks; the peers' build folder is `peers_target`.
pub fn run(root: &Path, peers_target: &Path, quick: bool) -> Result<(), String> {
    let project = ["bench", "-p", "jdcloud-runtime", "--bench", "sign", "--"];
    let parser = [
        "bench",
        "-p",
        "jdcloud-parser",
        "--bench",
        "parse_corpus",
        "--",
    ];
    let manifest = root.join("xtask/peers/Cargo.toml");
    let peers: Vec<String> = vec![
        "bench".into(),
        "--manifest-path".into(),
        manifest.display().to_string(),
        "-p".into(),
        "peer-signers".into(),
        "--bench".into(),
        "signers".into(),
        "--".into(),
    ];
    // The peers' build folder goes through the environment rather than `--target-dir`: criterion
    // reads it there to know where to write its estimates.
    for (args, target) in [
        (
            project.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
            None,
        ),
        (parser.iter().map(|s| s.to_string()).collect(), None),
        (peers, Some(peers_target)),
    ] {
        let mut command = cargo();
        command.current_dir(root).args(&args);
        if let Some(target) = target {
            command.env("CARGO_TARGET_DIR", target);
        }
        if quick {
            command.args(QUICK);
        }
        let status = command
            .status()
            .map_err(|e| format!("cannot run cargo: {e}"))?;
        if !status.success() {
            return Err(format!("`cargo {}` failed ({status})", args.join(" ")));
        }
    }
    Ok(())
}

/// Where criterion wrote its estimates, and since when they count as this run's.
pub struct Results {
    pub dirs: Vec<PathBuf>,
    pub started: SystemTime,
}

/// The median of one measurement, in nanoseconds; `None` when the benchmark did not run this time
/// (an estimate left by an earlier run is not reported as this one's).
pub fn median(results: &Results, id: &str) -> Result<Option<f64>, String> {
    let Some(path) = results
        .dirs
        .iter()
        .map(|dir| dir.join(id).join("new/estimates.json"))
        .find(|path| {
            std::fs::metadata(path)
                .and_then(|m| m.modified())
                .is_ok_and(|modified| modified >= results.started)
        })
    else {
        return Ok(None);
    };
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    let value: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    value["median"]["point_estimate"]
        .as_f64()
        .map(Some)
        .ok_or_else(|| format!("{}: no median point estimate", path.display()))
}

/// The signing ratios of the summary line, from the peers' group: signing alone against the floor;
/// signing with the clock read, the date formatted and a nonce drawn (as both peers do) against each
/// peer.
pub struct SigningRatios {
    pub vs_floor: Option<f64>,
    pub vs_jdcloud_signer: Option<f64>,
    pub vs_aws_sigv4: Option<f64>,
}

pub fn signing_ratios(results: &Results) -> Result<SigningRatios, String> {
    let ratio = |a: Option<f64>, b: Option<f64>| a.zip(b).map(|(a, b)| a / b);
    let ours = median(results, "peers/get_ours")?;
    let ours_full = median(results, "peers/get_ours+clock+nonce")?;
    Ok(SigningRatios {
        vs_floor: ratio(ours, median(results, "peers/get_floor")?),
        vs_jdcloud_signer: ratio(ours_full, median(results, "peers/get_jdcloud_signer")?),
        vs_aws_sigv4: ratio(ours_full, median(results, "peers/get_aws-sigv4")?),
    })
}

pub fn report(results: &Results) -> Result<String, String> {
    let mut out = String::from("signing (criterion medians, this run)\n");
    out.push_str(&format!("  {:<20}{:>18}{:>18}\n", "", "GET", "POST"));
    let mut build_ratios = Vec::new();
    let mut sign_ratios = Vec::new();
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
                    match name {
                        "build+sign" => build_ratios.push(ratio),
                        "sign-only" => sign_ratios.push(ratio),
                        _ => {}
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
    for (what, ratios) in [("build+sign", build_ratios), ("sign-only", sign_ratios)] {
        let worst = ratios.iter().copied().fold(f64::NAN, f64::max);
        out.push_str(&format!(
            "  target: {what} within 1.50x of the floor: {}\n",
            if worst.is_nan() {
                "not measured".to_owned()
            } else if worst <= 1.5 {
                format!("met (worst {worst:.2}x)")
            } else {
                format!("NOT met (worst {worst:.2}x)")
            }
        ));
    }
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
    out.push_str("\nsigning against the peers (criterion medians, this run)\n");
    for (name, label) in [
        ("floor", "floor (hashing only)"),
        ("ours", "ours, signing alone"),
        ("ours+clock+nonce", "ours + clock, date, nonce"),
        ("jdcloud_signer", "jdcloud_signer 0.1.0"),
        ("aws-sigv4", "aws-sigv4 1.x"),
    ] {
        let cell = median(results, &format!("peers/get_{name}"))?
            .map_or_else(|| "not run".to_owned(), micros);
        out.push_str(&format!("  {label:<28}{cell:>12}\n"));
    }
    Ok(out)
}

fn micros(ns: f64) -> String {
    format!("{:.2} us", ns / 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The runtime group's report for these medians (ns) of `sign/<method>_<name>`.
    fn signing_report(medians: &[(&str, f64)]) -> String {
        let dir = std::env::temp_dir().join(format!("xtask-criterion-{}", std::process::id()));
        for (id, ns) in medians {
            let folder = dir.join(id).join("new");
            std::fs::create_dir_all(&folder).unwrap();
            let estimates = format!(r#"{{"median":{{"point_estimate":{ns}}}}}"#);
            std::fs::write(folder.join("estimates.json"), estimates).unwrap();
        }
        let results = Results {
            dirs: vec![dir.clone()],
            started: SystemTime::UNIX_EPOCH,
        };
        let report = report(&results).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        report
    }

    /// The verdicts of the runtime group's targets, in order.
    fn signing_targets(report: &str) -> Vec<&str> {
        report
            .lines()
            .filter_map(|line| line.strip_prefix("  target: "))
            .collect()
    }

    #[test]
    fn each_signing_target_is_judged_on_its_worst_method() {
        let report = signing_report(&[
            ("sign/get_floor", 100.0),
            ("sign/post_floor", 200.0),
            ("sign/get_build+sign", 260.0),
            ("sign/post_build+sign", 280.0),
            ("sign/get_sign-only", 130.0),
            ("sign/post_sign-only", 290.0),
        ]);
        assert_eq!(
            signing_targets(&report),
            [
                "build+sign within 1.50x of the floor: NOT met (worst 2.60x)",
                "sign-only within 1.50x of the floor: met (worst 1.45x)",
            ]
        );
        let report = signing_report(&[
            ("sign/get_floor", 100.0),
            ("sign/post_floor", 100.0),
            ("sign/get_sign-only", 151.0),
        ]);
        assert_eq!(
            signing_targets(&report),
            [
                "build+sign within 1.50x of the floor: not measured",
                "sign-only within 1.50x of the floor: NOT met (worst 1.51x)",
            ]
        );
    }
}
