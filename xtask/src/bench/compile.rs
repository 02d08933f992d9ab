//! Compile time of the generated crates, ours against progenitor's, on the services both generators
//! accept: two workspaces, each pinned by a lock file (ours by the project's, progenitor's by the peers'
//! workspace, which lists the crates its output depends on) and each with its own build folder.
//!
//! - `cargo check` and `cargo build` (debug) of every generated crate, dependencies built: the crates'
//!   sources are touched before each, and incremental compilation is off, so each run compiles the
//!   generated crates whole and nothing else.
//! - A cold `cargo build` of the largest service's crate alone, with its runtime and every dependency,
//!   into an empty build folder (sources already downloaded: `--offline`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use super::generation::{fresh, run_ours, run_progenitor, Generators};
use super::{cargo, median_ms, output_of};

/// One side's workspace of generated crates.
pub struct Workspace {
    pub dir: PathBuf,
    /// By service: the package, and its folder relative to `dir`.
    pub members: BTreeMap<String, (String, String)>,
    /// Operations in those packages.
    pub operations: usize,
}

impl Workspace {
    fn members(&self) -> impl Iterator<Item = PathBuf> + '_ {
        self.members.values().map(|(_, dir)| self.dir.join(dir))
    }

    fn package(&self, service: &str) -> &str {
        &self.members[service].0
    }

    /// Lines of Rust in the generated crates.
    pub fn lines(&self) -> Result<usize, String> {
        let mut lines = 0;
        for member in self.members() {
            lines += rust_lines(&member.join("src"))?;
        }
        Ok(lines)
    }

    fn cargo(&self, target: &Path) -> Command {
        let mut command = cargo();
        command
            .current_dir(&self.dir)
            .env("CARGO_TARGET_DIR", target)
            .env("CARGO_INCREMENTAL", "0");
        command
    }
}

/// Both workspaces, and the service whose crate the cold build compiles.
pub struct Workspaces {
    pub ours: Workspace,
    pub progenitor: Workspace,
    pub largest: String,
}

/// Generates both workspaces on the services both accept, then builds and checks each once, so that
/// the dependencies are built before anything is measured.
pub fn prepare(root: &Path, work: &Path, generators: &Generators) -> Result<Workspaces, String> {
    let common: Vec<String> = generators
        .ours_operations
        .keys()
        .filter(|s| generators.progenitor_operations.contains_key(*s))
        .cloned()
        .collect();
    if common.is_empty() {
        return Err("progenitor accepted none of the services".to_owned());
    }
    let largest = common
        .iter()
        .max_by_key(|s| (generators.ours_operations[*s], std::cmp::Reverse(*s)))
        .cloned()
        .unwrap_or_default();

    let dir = work.join("compile/ours");
    fresh(&dir)?;
    run_ours(&generators.ours, &generators.docs, &dir)?;
    let ours = Workspace {
        members: common
            .iter()
            .map(|s| {
                let package = jdcloud_codegen::crate_name(s);
                let dir = format!("generated/{package}");
                (s.clone(), (package, dir))
            })
            .collect(),
        operations: common.iter().map(|s| generators.ours_operations[s]).sum(),
        dir,
    };
    write_workspace(&ours, &root.join("Cargo.lock"))?;

    let dir = work.join("compile/progenitor");
    fresh(&dir)?;
    run_progenitor(&generators.progenitor, &generators.openapi, &dir)?;
    let progenitor = Workspace {
        members: common
            .iter()
            .map(|s| (s.clone(), (format!("progenitor-{s}"), s.clone())))
            .collect(),
        operations: common
            .iter()
            .map(|s| generators.progenitor_operations[s])
            .sum(),
        dir,
    };
    write_workspace(&progenitor, &root.join("xtask/peers/Cargo.lock"))?;

    for side in [&ours, &progenitor] {
        let target = side.dir.join("target");
        for step in ["build", "check"] {
            let mut command = side.cargo(&target);
            command.args([step, "--workspace"]);
            output_of(&mut command)?;
        }
    }
    Ok(Workspaces {
        ours,
        progenitor,
        largest,
    })
}

/// Medians in milliseconds: `cargo check`, then `cargo build`, of each side's generated crates.
pub struct Incremental {
    pub check: [f64; 2],
    pub build: [f64; 2],
}

pub fn measure(workspaces: &Workspaces, rounds: usize) -> Result<Incremental, String> {
    let sides = [&workspaces.ours, &workspaces.progenitor];
    let mut check = [Vec::new(), Vec::new()];
    let mut build = [Vec::new(), Vec::new()];
    for round in 0..rounds {
        for index in if round % 2 == 0 { [0, 1] } else { [1, 0] } {
            let side = sides[index];
            let target = side.dir.join("target");
            for (step, times) in [("check", &mut check[index]), ("build", &mut build[index])] {
                touch(side)?;
                let mut command = side.cargo(&target);
                command.args([step, "--workspace"]);
                let started = Instant::now();
                output_of(&mut command)?;
                times.push(started.elapsed());
            }
        }
    }
    Ok(Incremental {
        check: [median_ms(&check[0]), median_ms(&check[1])],
        build: [median_ms(&build[0]), median_ms(&build[1])],
    })
}

/// Medians in milliseconds of `cargo build` of our largest crate (dependencies built): with every
/// operation (the default), then with only its first three operations' features.
pub fn subset(workspaces: &Workspaces, rounds: usize) -> Result<([f64; 2], usize), String> {
    let ours = &workspaces.ours;
    let package = ours.package(&workspaces.largest);
    let member = ours.dir.join(&ours.members[&workspaces.largest].1);
    let features = operation_features(&member.join("Cargo.toml"))?;
    let three = features[..features.len().min(3)].join(",");
    let target = ours.dir.join("target");
    let mut times = [Vec::new(), Vec::new()];
    for round in 0..rounds {
        for index in if round % 2 == 0 { [0, 1] } else { [1, 0] } {
            touch(ours)?;
            let mut command = ours.cargo(&target);
            command.args(["build", "-p", package]);
            if index == 1 {
                command.args(["--no-default-features", "--features", &three]);
            }
            let started = Instant::now();
            output_of(&mut command)?;
            times[index].push(started.elapsed());
        }
    }
    Ok(([median_ms(&times[0]), median_ms(&times[1])], features.len()))
}

/// The operation features of a generated crate: the list of its `all` feature.
fn operation_features(manifest: &Path) -> Result<Vec<String>, String> {
    let text =
        std::fs::read_to_string(manifest).map_err(|e| format!("{}: {e}", manifest.display()))?;
    jdcloud_codegen::operation_features(&text)
        .ok_or_else(|| format!("{}: no `all` feature", manifest.display()))
}

/// Medians in milliseconds of a cold build of the largest service's crate, ours then progenitor's.
pub fn cold(workspaces: &Workspaces, work: &Path, rounds: usize) -> Result<[f64; 2], String> {
    let sides = [&workspaces.ours, &workspaces.progenitor];
    let mut times = [Vec::new(), Vec::new()];
    for round in 0..rounds {
        for index in if round % 2 == 0 { [0, 1] } else { [1, 0] } {
            let side = sides[index];
            let target = work.join("cold").join(index.to_string());
            fresh(&target)?;
            let mut command = side.cargo(&target);
            command.args([
                "build",
                "--offline",
                "-p",
                side.package(&workspaces.largest),
            ]);
            let started = Instant::now();
            output_of(&mut command)?;
            times[index].push(started.elapsed());
            std::fs::remove_dir_all(&target).map_err(|e| format!("{}: {e}", target.display()))?;
        }
    }
    Ok([median_ms(&times[0]), median_ms(&times[1])])
}

/// The side's `Cargo.toml` as a workspace of exactly its members, its lock file a copy of `lock` (the
/// versions it pins are kept; what it lacks is resolved).
fn write_workspace(side: &Workspace, lock: &Path) -> Result<(), String> {
    let dir = &side.dir;
    let list: Vec<String> = side
        .members
        .values()
        .map(|(_, member)| format!("\"{member}\""))
        .collect();
    std::fs::write(
        dir.join("Cargo.toml"),
        format!(
            "# Written by `cargo xtask bench`.\n[workspace]\nresolver = \"2\"\nmembers = [{}]\n",
            list.join(", ")
        ),
    )
    .map_err(|e| format!("{}: {e}", dir.display()))?;
    std::fs::copy(lock, dir.join("Cargo.lock"))
        .map(|_| ())
        .map_err(|e| format!("{}: {e}", lock.display()))
}

/// Rewrites every Rust file of the side's crates as it is, so that cargo compiles them again.
fn touch(side: &Workspace) -> Result<(), String> {
    for member in side.members() {
        for file in rust_files(&member.join("src"))? {
            let text = std::fs::read(&file).map_err(|e| format!("{}: {e}", file.display()))?;
            std::fs::write(&file, text).map_err(|e| format!("{}: {e}", file.display()))?;
        }
    }
    Ok(())
}

fn rust_files(dir: &Path) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    let entries = std::fs::read_dir(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files.extend(rust_files(&path)?);
        } else if path.extension().is_some_and(|e| e == "rs") {
            files.push(path);
        }
    }
    Ok(files)
}

fn rust_lines(dir: &Path) -> Result<usize, String> {
    let mut lines = 0;
    for file in rust_files(dir)? {
        let text =
            std::fs::read_to_string(&file).map_err(|e| format!("{}: {e}", file.display()))?;
        lines += text.lines().count();
    }
    Ok(lines)
}
