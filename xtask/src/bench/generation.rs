//! Generation, ours against progenitor's, in interleaved rounds: ours from the documents to crates on
//! disk (`xtask generate --docs`, a release build: parsing, models, OpenAPI documents and crates),
//! progenitor's from the OpenAPI 3.0 documents our exporter writes to crates on disk (its builder
//! interface, formatted with prettyplease as its own command does). Each side is a process of its own,
//! timed from start to exit, writing into a new folder each round (see [`measure`]).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use super::{cargo, median_ms, output_of};

/// The two generators, built in release, and what they work on.
pub struct Generators {
    pub ours: PathBuf,
    pub progenitor: PathBuf,
    pub docs: PathBuf,
    /// The OpenAPI 3.0 documents of the corpus's models, one per service.
    pub openapi: PathBuf,
    /// Operations per service: ours from the models, progenitor's as it counted them.
    pub ours_operations: BTreeMap<String, usize>,
    pub progenitor_operations: BTreeMap<String, usize>,
    /// Services progenitor refused (left out of every comparison).
    pub refused: Vec<String>,
}

/// The two generators' binaries, built in release.
pub struct Binaries {
    pub ours: PathBuf,
    pub progenitor: PathBuf,
}

/// Builds both generators in release. `cargo xtask bench` does this first, minutes before the
/// generation rounds: a build replaces thousands of files under the build folder, and ext4 passes over
/// inodes freed in the last minutes each time it creates a file (see [`measure`]), which would time
/// cargo's clean-up rather than the generators.
pub fn build(root: &Path, peers_target: &Path) -> Result<Binaries, String> {
    let mut build = cargo();
    build
        .current_dir(root)
        .args(["build", "--release", "-p", "xtask"]);
    output_of(&mut build)?;
    let mut build = cargo();
    build.current_dir(root).args([
        "build",
        "--release",
        "--manifest-path",
        "xtask/peers/Cargo.toml",
        "-p",
        "peer-generators",
    ]);
    build.arg("--target-dir").arg(peers_target);
    output_of(&mut build)?;
    Ok(Binaries {
        ours: crate::generate::build_dir(root).join("release/xtask"),
        progenitor: peers_target.join("release/progenitor-gen"),
    })
}

/// Runs ours once to get the models and writes their OpenAPI 3.0 form, then runs progenitor's once
/// to learn what it accepts.
pub fn prepare(binaries: Binaries, work: &Path, docs: &Path) -> Result<Generators, String> {
    let Binaries { ours, progenitor } = binaries;
    let reference = work.join("gen/reference");
    run_ours(&ours, docs, &reference)?;
    let models = jdcloud_model::read_dir(&reference.join("spec"))
        .map_err(|e| format!("reading the models back: {e}"))?;
    let openapi = work.join("openapi-3.0");
    fresh(&openapi)?;
    let mut ours_operations = BTreeMap::new();
    for service in &models {
        std::fs::write(
            openapi.join(format!("{}.json", service.name)),
            jdcloud_openapi::to_json_3_0(service),
        )
        .map_err(|e| format!("{}: {e}", openapi.display()))?;
        ours_operations.insert(service.name.clone(), service.operations.len());
    }
    let summary = run_progenitor(
        &progenitor,
        &openapi,
        &work.join("gen/progenitor-reference"),
    )?;
    Ok(Generators {
        ours,
        progenitor,
        docs: docs.to_owned(),
        openapi,
        ours_operations,
        progenitor_operations: summary.operations,
        refused: summary.refused,
    })
}

/// Medians of each side's runs, in milliseconds.
pub struct Timings {
    pub ours_ms: f64,
    pub progenitor_ms: f64,
}

/// Each round of each side writes into a folder of its own that did not exist before the
/// measurement, under the system's temporary folder, and the folders are removed only after the last
/// round. Both choices keep the file system's recent history out of the timings: ext4 will not reuse
/// an inode freed in the last minute, and scans past every such inode of the block group for each
/// file it creates. Emptying one folder before each round made writing 600 files take twice as long
/// as where nothing had been deleted, and under the build folder, where cargo has just created and
/// deleted thousands of files, the same run of ours took 350-430 ms against 75-115 ms under the
/// temporary folder, minutes apart (progenitor, with a tenth of the files, suffers less); measured on
/// this project's machines.
pub fn measure(generators: &Generators, rounds: usize) -> Result<Timings, String> {
    let rounds_dir = std::env::temp_dir().join(format!("jdcloud-bench-gen-{}", std::process::id()));
    let mut ours = Vec::new();
    let mut theirs = Vec::new();
    for round in 0..rounds {
        // Alternating which goes first, so that neither always runs on a warmer cache.
        for side in if round % 2 == 0 { [0, 1] } else { [1, 0] } {
            if side == 0 {
                let out = rounds_dir.join(format!("ours-{round}"));
                ours.push(timed(|| {
                    run_ours(&generators.ours, &generators.docs, &out)
                })?);
            } else {
                let out = rounds_dir.join(format!("progenitor-{round}"));
                theirs.push(timed(|| {
                    run_progenitor(&generators.progenitor, &generators.openapi, &out).map(|_| ())
                })?);
            }
        }
    }
    std::fs::remove_dir_all(&rounds_dir).map_err(|e| format!("{}: {e}", rounds_dir.display()))?;
    Ok(Timings {
        ours_ms: median_ms(&ours),
        progenitor_ms: median_ms(&theirs),
    })
}

/// `xtask generate --docs DOCS --out OUT --quiet`.
pub fn run_ours(xtask: &Path, docs: &Path, out: &Path) -> Result<(), String> {
    let mut command = Command::new(xtask);
    command
        .args(["generate", "--quiet", "--docs"])
        .arg(docs)
        .arg("--out")
        .arg(out);
    output_of(&mut command).map(|_| ())
}

/// What progenitor-gen reported.
pub struct ProgenitorSummary {
    pub operations: BTreeMap<String, usize>,
    pub refused: Vec<String>,
}

/// `progenitor-gen OPENAPI OUT`, and its summary.
pub fn run_progenitor(
    binary: &Path,
    openapi: &Path,
    out: &Path,
) -> Result<ProgenitorSummary, String> {
    let mut command = Command::new(binary);
    command.arg(openapi).arg(out);
    let stdout = output_of(&mut command)?;
    let last = stdout.lines().last().unwrap_or_default();
    let value: serde_json::Value = serde_json::from_str(last)
        .map_err(|e| format!("progenitor-gen's summary `{last}`: {e}"))?;
    let operations = value["operations"]
        .as_object()
        .map(|map| {
            map.iter()
                .map(|(name, n)| (name.clone(), n.as_u64().unwrap_or(0) as usize))
                .collect()
        })
        .unwrap_or_default();
    let refused = value["refused"]
        .as_array()
        .map(|list| {
            list.iter()
                .filter_map(|n| n.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    Ok(ProgenitorSummary {
        operations,
        refused,
    })
}

fn timed(run: impl FnOnce() -> Result<(), String>) -> Result<Duration, String> {
    let started = Instant::now();
    run()?;
    Ok(started.elapsed())
}

/// An empty folder at `dir`.
pub fn fresh(dir: &Path) -> Result<(), String> {
    if dir.exists() {
        std::fs::remove_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))
}
