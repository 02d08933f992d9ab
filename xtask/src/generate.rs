//! `cargo xtask generate`: documents -> models (YAML) -> crates.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use jdcloud_outputs::{relative_path, Outputs};
use jdcloud_parser::{parse_tree_with, read_tree, Severity};

use crate::GenerateOptions;

/// The project root (the workspace holding `xtask/`).
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the project root")
        .to_owned()
}

/// One tree of documents and where its models and crates go.
struct Job {
    name: &'static str,
    docs: PathBuf,
    models: PathBuf,
    crates: PathBuf,
    /// `Some(dir)`: also write `dir/Cargo.toml`, a workspace of the crates.
    workspace: Option<PathBuf>,
    /// Print and count warnings (the fixtures' warnings are intended and asserted by tests).
    show_warnings: bool,
    /// Print warnings (off with `--quiet`; they are counted all the same).
    print_warnings: bool,
}

/// What the jobs of a run found.
#[derive(Default)]
struct Totals {
    services: usize,
    operations: usize,
    documents: usize,
    warnings: usize,
    notes: usize,
    errors: usize,
}

pub fn run(options: &GenerateOptions) -> ExitCode {
    let started = Instant::now();
    let root = project_root();
    let jobs = match (&options.docs, &options.out) {
        (Some(docs), Some(out)) => vec![Job {
            name: "documents",
            docs: docs.clone(),
            models: out.join("spec"),
            crates: out.join("generated"),
            workspace: Some(out.clone()),
            show_warnings: true,
            print_warnings: !options.quiet,
        }],
        _ => vec![
            Job {
                name: "spec",
                docs: root.join("spec/docs"),
                models: root.join("spec"),
                crates: root.join("generated"),
                workspace: None,
                show_warnings: true,
                print_warnings: !options.quiet,
            },
            Job {
                name: "fixtures",
                docs: root.join("tests/fixtures/docs"),
                models: root.join("tests/fixtures/spec"),
                crates: root.join("tests/fixtures/generated"),
                workspace: None,
                show_warnings: false,
                print_warnings: false,
            },
        ],
    };

    let mut outputs = Outputs::default();
    let mut totals = Totals::default();
    for job in &jobs {
        if let Err(message) = run_job(job, options, &root, &mut outputs, &mut totals) {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    }
    let summary = |what: &str| {
        eprintln!(
            "generate: {} service(s), {} operation(s) from {} document(s), {} warning(s), {} note(s), {} error(s), {what} in {:.2?}",
            totals.services,
            totals.operations,
            totals.documents,
            totals.warnings,
            totals.notes,
            totals.errors,
            started.elapsed()
        );
    };
    if totals.errors > 0 {
        summary("nothing written");
        return ExitCode::FAILURE;
    }
    if options.check {
        let stale = outputs.stale();
        if stale.is_empty() {
            summary(&format!("{} file(s) up to date", outputs.len()));
            return ExitCode::SUCCESS;
        }
        for path in &stale {
            eprintln!(
                "stale: {}: {}",
                display(path, &root),
                outputs.difference(path)
            );
        }
        summary(&format!(
            "{} stale file(s); run `cargo xtask generate`",
            stale.len()
        ));
        return ExitCode::FAILURE;
    }
    match outputs.write() {
        Ok(count) => {
            summary(&format!("{count} file(s) written"));
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: writing outputs: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Parses one tree and adds its models and crates to `outputs`. Diagnostics are printed as they come;
/// the error is a problem with the run itself (a missing folder, a bad glob).
fn run_job(
    job: &Job,
    options: &GenerateOptions,
    root: &Path,
    outputs: &mut Outputs,
    totals: &mut Totals,
) -> Result<(), String> {
    let (inputs, mut read_errors) =
        read_tree(&job.docs, &options.exclude).map_err(|e| format!("{}: {e}", job.name))?;
    let parse_options = jdcloud_parser::Options {
        duplicates: options.duplicates,
    };
    let mut parsed = parse_tree_with(&inputs, &parse_options);
    parsed.diagnostics.append(&mut read_errors);
    for diagnostic in &parsed.diagnostics {
        if (job.show_warnings && job.print_warnings) || diagnostic.severity == Severity::Error {
            eprintln!("{diagnostic}\n");
        }
    }
    totals.documents += inputs.len();
    totals.services += parsed.services.len();
    totals.operations += parsed
        .services
        .iter()
        .map(|s| s.operations.len())
        .sum::<usize>();
    totals.errors += parsed.errors();
    if job.show_warnings {
        totals.warnings += parsed.warnings();
        totals.notes += parsed.notes();
    }
    if parsed.errors() > 0 {
        return Ok(());
    }

    outputs.own_models(job.models.clone());
    outputs.own_crates(job.crates.clone());
    let runtime = root.join("crates/jdcloud-runtime");
    let mut crate_names = std::collections::BTreeMap::new();
    for service in &parsed.services {
        if let Some(other) =
            crate_names.insert(jdcloud_codegen::crate_name(&service.name), &service.name)
        {
            eprintln!(
                "error[emit]: services `{other}` and `{}` would both be the crate `{}`\n",
                service.name,
                jdcloud_codegen::crate_name(&service.name)
            );
            totals.errors += 1;
        }
    }
    if totals.errors > 0 {
        return Ok(());
    }
    for service in &parsed.services {
        outputs.add(
            job.models.join(format!("{}.yaml", service.name)),
            jdcloud_model::to_yaml(service),
        );
        let crate_dir = job.crates.join(jdcloud_codegen::crate_name(&service.name));
        let options = jdcloud_codegen::Options {
            runtime_path: relative_path(&crate_dir, &runtime),
            runtime_version: env!("CARGO_PKG_VERSION").to_owned(),
        };
        match jdcloud_codegen::generate(service, &options) {
            Ok(generated) => {
                for file in generated.files {
                    outputs.add(crate_dir.join(&file.path), file.contents);
                }
            }
            Err(errors) => {
                for error in errors {
                    eprintln!("{error}\n");
                    totals.errors += 1;
                }
            }
        }
    }
    if let Some(dir) = &job.workspace {
        outputs.add(
            dir.join("Cargo.toml"),
            "# Generated by `cargo xtask generate`; do not edit.\n[workspace]\nresolver = \"2\"\nmembers = [\"generated/*\"]\n"
                .to_owned(),
        );
    }
    Ok(())
}

fn display(path: &Path, root: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}
