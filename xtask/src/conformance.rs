//! `cargo xtask conformance [--docs DIR [--overlays DIR] [--exclude GLOB]...] [--python PY] [--work DIR]`:
//! every generated operation that the official Python SDK also has, sent through the generated crate
//! and through the SDK's own client to one capture server, and compared (see `jdcloud-conformance`).
//!
//! Without `--docs`, the shipped spec and the fixtures. Each tree's crates are generated into
//! `WORK/trees/<tree>/` (default `WORK` = `target/conformance`, inside `CARGO_TARGET_DIR` when set), a
//! runner crate depending on all of them is written to `WORK/runner/` (a workspace of its own, its
//! dependencies pinned by the project's `Cargo.lock`) and run; its report is the command's output
//! and its exit status the command's (1 when an operation disagrees). The SDK comes from a venv that
//! the command makes at `target/sdk-venv` unless `--python` names a Python that has it.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

use crate::args::{Arg, Args};
use crate::generate::{build_dir, project_root};
use crate::GenerateOptions;

/// The SDK release the project compares with.
const SDK: &str = "jdcloud-sdk==1.6.354";

struct Tree {
    name: &'static str,
    docs: PathBuf,
    overlays: Option<PathBuf>,
}

struct Options {
    trees: Vec<Tree>,
    exclude: Vec<String>,
    python: Option<PathBuf>,
    work: PathBuf,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let root = project_root();
    let (mut docs, mut overlays, mut exclude, mut python, mut work) =
        (None, None, Vec::new(), None, None);
    let mut args = Args::new(args);
    while let Some(arg) = args.next()? {
        let Arg::Flag(flag) = arg else {
            return Err(format!("unexpected argument `{arg}`"));
        };
        match flag.as_str() {
            "--docs" => docs = Some(PathBuf::from(args.value(&flag)?)),
            "--overlays" => overlays = Some(PathBuf::from(args.value(&flag)?)),
            "--exclude" => exclude.push(args.value(&flag)?),
            "--python" => python = Some(PathBuf::from(args.value(&flag)?)),
            "--work" => work = Some(PathBuf::from(args.value(&flag)?)),
            other => return Err(crate::args::unknown(other)),
        }
    }
    let trees = match docs {
        Some(docs) => vec![Tree {
            name: "docs",
            docs,
            overlays,
        }],
        None if overlays.is_some() || !exclude.is_empty() => {
            return Err("--overlays and --exclude go with --docs".to_owned())
        }
        None => vec![
            Tree {
                name: "spec",
                docs: root.join("spec/docs"),
                overlays: Some(root.join("spec/overlays")).filter(|d| d.is_dir()),
            },
            Tree {
                name: "fixtures",
                docs: root.join("tests/fixtures/docs"),
                overlays: Some(root.join("tests/fixtures/overlays")).filter(|d| d.is_dir()),
            },
        ],
    };
    Ok(Options {
        trees,
        exclude,
        python,
        work: work.unwrap_or_else(|| build_dir(&root).join("conformance")),
    })
}

pub fn run(args: &[String]) -> ExitCode {
    match parse(args).and_then(|options| conformance(&options)) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}\n\nusage: cargo xtask conformance [--docs DIR [--overlays DIR] [--exclude GLOB]...] [--python PY] [--work DIR]");
            ExitCode::FAILURE
        }
    }
}

/// A Python that has the SDK: the one named, or the project's venv, made when missing.
fn sdk_python(named: Option<&Path>) -> Result<PathBuf, String> {
    let has_sdk = |python: &Path| {
        Command::new(python)
            .args(["-c", "import jdcloud_sdk"])
            .output()
            .is_ok_and(|o| o.status.success())
    };
    if let Some(python) = named {
        return if has_sdk(python) {
            Ok(python.to_owned())
        } else {
            Err(format!("{} cannot import jdcloud_sdk", python.display()))
        };
    }
    let venv = project_root().join("target/sdk-venv");
    let python = venv.join("bin/python");
    if has_sdk(&python) {
        return Ok(python);
    }
    eprintln!("conformance: making {} with {SDK}", venv.display());
    let made = Command::new("python3")
        .args(["-m", "venv"])
        .arg(&venv)
        .status()
        .is_ok_and(|s| s.success())
        && Command::new(venv.join("bin/pip"))
            .args(["install", "--quiet", "--disable-pip-version-check", SDK])
            .status()
            .is_ok_and(|s| s.success());
    if made && has_sdk(&python) {
        Ok(python)
    } else {
        Err(format!(
            "could not make a venv with {SDK} at {} (or name a Python that has it with --python)",
            venv.display()
        ))
    }
}

/// A generated crate of a tree: its package name and the service it serves.
struct Crate {
    package: String,
    service: String,
    dir: PathBuf,
}

fn crates_of(tree: &Path) -> Result<Vec<Crate>, String> {
    let mut crates = Vec::new();
    for service in jdcloud_model::read_dir(&tree.join("spec"))?
        .into_iter()
        .map(|s| s.name)
    {
        let package = jdcloud_codegen::crate_name(&service);
        let dir = tree.join("generated").join(&package);
        if !dir.join("Cargo.toml").is_file() {
            return Err(format!("no generated crate at {}", dir.display()));
        }
        crates.push(Crate {
            package,
            service,
            dir,
        });
    }
    Ok(crates)
}

/// The runner crate: a dispatch by service over every generated crate, handed to
/// `jdcloud_conformance::main`.
fn runner_sources(root: &Path, runner: &Path, crates: &[Crate]) -> (String, String) {
    let path = |dir: &Path| jdcloud_outputs::relative_path(runner, dir);
    let mut manifest = String::from(
        "# Written by `cargo xtask conformance`; rewritten on every run.\n[package]\nname = \"conformance-runner\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n[workspace]\n\n[dependencies]\n",
    );
    let _ = writeln!(manifest, "serde_json = \"1\"");
    for (name, dir) in [
        (
            "jdcloud-conformance",
            root.join("crates/jdcloud-conformance"),
        ),
        ("jdcloud-runtime", root.join("crates/jdcloud-runtime")),
    ] {
        let _ = writeln!(manifest, "{name} = {{ path = \"{}\" }}", path(&dir));
    }
    for c in crates {
        let _ = writeln!(
            manifest,
            "{} = {{ path = \"{}\" }}",
            c.package,
            path(&c.dir)
        );
    }
    manifest.push_str("\n[profile.dev]\ndebug = false\n");

    let mut arms = String::new();
    for c in crates {
        let _ = writeln!(
            arms,
            "            {:?} => match {}::Client::new(config.clone()) {{\n                Ok(client) => jdcloud_conformance::sent(client.call_json(operation, input).await),\n                Err(e) => Err(e.to_string()),\n            }},",
            c.service,
            c.package.replace('-', "_")
        );
    }
    let main = format!(
        "//! Written by `cargo xtask conformance`: every generated crate of the run, by service.\n\n\
         fn call<'a>(\n    config: &'a jdcloud_runtime::Config,\n    service: &'a str,\n    operation: &'a str,\n    input: serde_json::Value,\n) -> jdcloud_conformance::CallFuture<'a> {{\n    Box::pin(async move {{\n        match service {{\n{arms}            other => Err(format!(\"no generated crate for service `{{other}}`\")),\n        }}\n    }})\n}}\n\n\
         fn main() -> std::process::ExitCode {{\n    jdcloud_conformance::main(call)\n}}\n"
    );
    (manifest, main)
}

fn conformance(options: &Options) -> Result<ExitCode, String> {
    let root = project_root();
    let python = sdk_python(options.python.as_deref())?;
    std::fs::create_dir_all(&options.work)
        .map_err(|e| format!("{}: {e}", options.work.display()))?;
    let work = options
        .work
        .canonicalize()
        .map_err(|e| format!("{}: {e}", options.work.display()))?;

    let mut crates = Vec::new();
    let mut specs = Vec::new();
    for tree in &options.trees {
        let out = work.join("trees").join(tree.name);
        let _ = std::fs::remove_dir_all(&out);
        let generated = crate::generate::run(&GenerateOptions {
            docs: Some(tree.docs.clone()),
            out: Some(out.clone()),
            exclude: options.exclude.clone(),
            quiet: true,
            overlays: tree.overlays.clone(),
            ..GenerateOptions::default()
        });
        if generated != ExitCode::SUCCESS {
            return Err(format!("generation of {} failed", tree.docs.display()));
        }
        crates.extend(crates_of(&out)?);
        specs.push(out.join("spec"));
    }
    let mut packages: Vec<&str> = crates.iter().map(|c| c.package.as_str()).collect();
    packages.sort_unstable();
    if let Some(pair) = packages.windows(2).find(|w| w[0] == w[1]) {
        return Err(format!("two trees generate the crate `{}`", pair[0]));
    }

    let runner = work.join("runner");
    std::fs::create_dir_all(runner.join("src"))
        .map_err(|e| format!("{}: {e}", runner.display()))?;
    let (manifest, main) = runner_sources(&root, &runner, &crates);
    let write = |path: PathBuf, text: &str| {
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))
    };
    write(runner.join("Cargo.toml"), &manifest)?;
    write(runner.join("src/main.rs"), &main)?;
    std::fs::copy(root.join("Cargo.lock"), runner.join("Cargo.lock"))
        .map_err(|e| format!("cannot copy Cargo.lock: {e}"))?;

    eprintln!(
        "conformance: {} crate(s) generated; building the runner in {}",
        crates.len(),
        work.join("target").display()
    );
    let mut command = Command::new(std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    command
        .args(["run", "--quiet", "--manifest-path"])
        .arg(runner.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(work.join("target"))
        .arg("--")
        .arg("--python")
        .arg(&python)
        .arg("--helper")
        .arg(root.join("tests/sdk/conformance.py"));
    for spec in &specs {
        command.arg("--spec").arg(spec);
    }
    let status = command
        .status()
        .map_err(|e| format!("cannot run cargo: {e}"))?;
    Ok(match status.code() {
        Some(0) => ExitCode::SUCCESS,
        Some(1) => ExitCode::FAILURE,
        _ => {
            return Err("the conformance runner did not finish (see above)".to_owned());
        }
    })
}
