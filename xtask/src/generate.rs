//! `cargo xtask generate`: documents -> models (YAML) -> crates.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use std::collections::BTreeMap;

use jdcloud_model::Service;
use jdcloud_outputs::{relative_path, Outputs};
use jdcloud_parser::{parse_tree_with, read_tree, Severity};
use rayon::prelude::*;

use crate::{release, GenerateOptions};

/// The project root (the workspace holding `xtask/`).
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the project root")
        .to_owned()
}

pub use jdcloud_outputs::build_dir;

/// One tree of documents and where its models and crates go.
struct Job {
    name: &'static str,
    docs: PathBuf,
    models: PathBuf,
    crates: PathBuf,
    /// Where the OpenAPI documents go.
    openapi: PathBuf,
    /// Overlays applied to the parsed models, when the folder exists.
    overlays: Option<PathBuf>,
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
            openapi: out.join("openapi"),
            overlays: options.overlays.clone(),
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
                openapi: root.join("spec/openapi"),
                overlays: Some(root.join("spec/overlays")),
                workspace: None,
                show_warnings: true,
                print_warnings: !options.quiet,
            },
            Job {
                name: "fixtures",
                docs: root.join("tests/fixtures/docs"),
                models: root.join("tests/fixtures/spec"),
                crates: root.join("tests/fixtures/generated"),
                openapi: root.join("tests/fixtures/spec/openapi"),
                overlays: Some(root.join("tests/fixtures/overlays")),
                workspace: None,
                show_warnings: false,
                print_warnings: false,
            },
        ],
    };

    let date = match release::run_date(options.date.as_deref()) {
        Ok(date) => date,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    let mut outputs = Outputs::default();
    let mut totals = Totals::default();
    for job in &jobs {
        if let Err(message) = run_job(job, options, &root, &date, &mut outputs, &mut totals) {
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
    date: &str,
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
    if let Some(dir) = &job.overlays {
        let errors = apply_overlays(dir, root, &mut parsed.services)?;
        for error in &errors {
            eprintln!("{error}\n");
        }
        totals.errors += errors.len();
        if !errors.is_empty() {
            return Ok(());
        }
    }

    outputs.own_models(job.models.clone());
    outputs.own_crates(job.crates.clone());
    outputs.own(job.openapi.clone(), 1, |p| {
        p.extension().is_some_and(|e| e == "json")
    });
    let committed = committed_models(&job.models);
    for name in committed.keys() {
        if !parsed.services.iter().any(|s| s.name == *name) {
            let report = jdcloud_diff::diff_service(committed[name].as_ref().ok(), None);
            eprint!("change: {}", jdcloud_diff::text(&single(report)));
        }
    }
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
    // Each service's outputs are made on all cores (they depend on nothing but the service), then
    // reported and added in service order, so that the run prints and writes the same on any machine.
    let made: Vec<Made> = parsed
        .services
        .par_iter()
        .map(|service| {
            let crate_dir = job.crates.join(jdcloud_codegen::crate_name(&service.name));
            let release = release::release(committed.get(&service.name), service, &crate_dir, date);
            let options = jdcloud_codegen::Options {
                runtime_path: relative_path(&crate_dir, &runtime),
                runtime_version: env!("CARGO_PKG_VERSION").to_owned(),
                version: release.version.clone(),
                changelog: Some(release.changelog.clone()),
            };
            Made {
                model: jdcloud_model::to_yaml(service),
                openapi: jdcloud_openapi::to_json(service),
                generated: jdcloud_codegen::generate(service, &options),
                release,
                crate_dir,
            }
        })
        .collect();
    for (service, made) in parsed.services.iter().zip(made) {
        outputs.add(
            job.models.join(format!("{}.yaml", service.name)),
            made.model,
        );
        outputs.add(
            job.openapi.join(format!("{}.json", service.name)),
            made.openapi,
        );
        let release = made.release;
        if let (None, [.., last]) = (&release.report, release.generator) {
            let previous = release.previous.as_deref().unwrap_or("-");
            eprintln!(
                "change: {}: the generator's revision {} changes its code; version {previous} -> {}",
                service.name, last.number, release.version
            );
        }
        if let Some(report) = release.report {
            let previous = release.previous.as_deref().unwrap_or("-");
            let text = jdcloud_diff::text(&single(report));
            let mut lines = text.lines();
            if let Some(headline) = lines.next() {
                eprintln!(
                    "change: {headline}; version {previous} -> {}",
                    release.version
                );
            }
            if !options.quiet {
                for line in lines {
                    eprintln!("{line}");
                }
            }
        }
        match made.generated {
            Ok(generated) => {
                let unrevised = unrevised_changes(
                    committed.get(&service.name),
                    service,
                    &generated,
                    release.manifest.as_deref(),
                    &made.crate_dir,
                );
                if let [first, ..] = unrevised.as_slice() {
                    eprintln!(
                        "error[revision]: the code of `{}` changes ({first}{}) while its model and the generator's revision ({}) do not: a change to the emitter that changes its output adds a revision to `crates/jdcloud-codegen/src/revisions.rs`, saying what it means for users, so that the crates it changes get a new version (a crate whose manifest records no code digest is not checked)\n",
                        service.name,
                        match unrevised.len() {
                            1 => String::new(),
                            n => format!(" and {} more file(s)", n - 1),
                        },
                        jdcloud_codegen::revisions::REVISION,
                    );
                    totals.errors += 1;
                }
                for file in generated.files {
                    outputs.add(made.crate_dir.join(&file.path), file.contents);
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

/// The Rust files of a committed crate that its regeneration changes although neither its model nor
/// the generator's revision changed, while the crate's files are what that generator wrote (its
/// manifest's code digest): the sign of an emitter change without a revision of its own, which would
/// change published crates without a new version. Files edited by hand leave the digest as it was,
/// and are repaired. `manifest` is the committed `Cargo.toml`, as the release read it.
fn unrevised_changes(
    committed: Option<&Result<Service, String>>,
    service: &Service,
    generated: &jdcloud_codegen::Crate,
    manifest: Option<&str>,
    crate_dir: &Path,
) -> Vec<String> {
    use jdcloud_codegen::revisions;
    let Some(manifest) = manifest else {
        return Vec::new();
    };
    let unchanged_model = matches!(committed, Some(Ok(old)) if old == service);
    let Some(recorded) = revisions::recorded_digest(manifest) else {
        return Vec::new();
    };
    // The digest the new manifest records, made by the emitter from the same files.
    let fresh = generated
        .files
        .iter()
        .find(|file| file.path == "Cargo.toml")
        .and_then(|file| revisions::recorded_digest(&file.contents));
    if !unchanged_model
        || revisions::recorded(manifest) != revisions::REVISION
        || fresh == Some(recorded)
    {
        return Vec::new();
    }
    // Named for the message: the files that differ from the committed ones.
    let mut changed: Vec<String> = generated
        .files
        .iter()
        .filter(|file| file.path.ends_with(".rs"))
        .filter(|file| {
            std::fs::read_to_string(crate_dir.join(&file.path))
                .ok()
                .as_deref()
                != Some(file.contents.as_str())
        })
        .map(|file| file.path.clone())
        .collect();
    if changed.is_empty() {
        // Files gone, or a digest changed by hand.
        changed.push("the code digest of Cargo.toml".to_owned());
    }
    changed
}

/// What one service becomes: its model, its OpenAPI document, its crate and its release.
struct Made {
    model: String,
    openapi: String,
    generated: Result<jdcloud_codegen::Crate, Vec<jdcloud_codegen::EmitError>>,
    release: release::Release,
    crate_dir: PathBuf,
}

/// Applies every overlay file of `dir` (in name order; none when it does not exist) to `services`.
/// The error is a folder that cannot be read; the list, corrections that cannot be read or applied.
pub fn apply_overlays(
    dir: &Path,
    root: &Path,
    services: &mut [Service],
) -> Result<Vec<jdcloud_overlays::OverlayError>, String> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| format!("{}: {e}", dir.display()))?
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    paths.sort();
    let mut errors = Vec::new();
    for path in paths {
        let text =
            std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        let name = display(&path, root);
        match jdcloud_overlays::read(&name, &text) {
            Ok(corrections) => errors.extend(jdcloud_overlays::apply(services, &corrections)),
            Err(mut refused) => errors.append(&mut refused),
        }
    }
    Ok(errors)
}

/// The models committed in `dir`, by service name (an unreadable one as its error).
fn committed_models(dir: &Path) -> BTreeMap<String, Result<Service, String>> {
    let mut models = BTreeMap::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return models;
    };
    for path in entries.flatten().map(|e| e.path()) {
        if path.extension().is_none_or(|e| e != "yaml") {
            continue;
        }
        let Some(name) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        let model = std::fs::read_to_string(&path)
            .map_err(|e| e.to_string())
            .and_then(|text| jdcloud_model::from_yaml(&text).map_err(|e| e.to_string()));
        models.insert(name.to_owned(), model);
    }
    models
}

fn single(report: jdcloud_diff::ServiceReport) -> jdcloud_diff::Report {
    jdcloud_diff::Report {
        services: vec![report],
    }
}

fn display(path: &Path, root: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}
