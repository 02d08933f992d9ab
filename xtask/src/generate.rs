//! `cargo xtask generate`: documents -> models (YAML) -> crates.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use jdcloud_parser::{parse_tree, read_tree, Severity};

use crate::outputs::Outputs;
use crate::GenerateOptions;

/// The project root (the workspace holding `xtask/`).
pub fn project_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the project root")
        .to_owned()
}

struct Layout {
    docs: PathBuf,
    models: PathBuf,
    crates: PathBuf,
    /// `Some(out)` when the output folder is a workspace of its own.
    workspace: Option<PathBuf>,
}

pub fn run(options: &GenerateOptions) -> ExitCode {
    let started = Instant::now();
    let root = project_root();
    let layout = match (&options.docs, &options.out) {
        (Some(docs), Some(out)) => Layout {
            docs: docs.clone(),
            models: out.join("spec"),
            crates: out.join("generated"),
            workspace: Some(out.clone()),
        },
        _ => Layout {
            docs: root.join("spec/docs"),
            models: root.join("spec"),
            crates: root.join("generated"),
            workspace: None,
        },
    };
    let (inputs, mut read_errors) = match read_tree(&layout.docs, &options.exclude) {
        Ok(found) => found,
        Err(message) => {
            eprintln!("error: {message}");
            return ExitCode::FAILURE;
        }
    };
    let mut parsed = parse_tree(&inputs);
    parsed.diagnostics.append(&mut read_errors);

    for diagnostic in &parsed.diagnostics {
        if !(options.quiet && diagnostic.severity == Severity::Warning) {
            eprintln!("{diagnostic}\n");
        }
    }
    let errors = parsed.errors();
    let warnings = parsed.warnings();
    let operations: usize = parsed.services.iter().map(|s| s.operations.len()).sum();
    let summary = |written: &str| {
        eprintln!(
            "generate: {} service(s), {operations} operation(s) from {} document(s), {warnings} warning(s), {errors} error(s), {written} in {:.2?}",
            parsed.services.len(),
            inputs.len(),
            started.elapsed()
        );
    };
    if errors > 0 {
        summary("nothing written");
        return ExitCode::FAILURE;
    }

    let mut outputs = Outputs::default();
    outputs.own(layout.models.clone(), 1, |p| {
        p.extension().is_some_and(|e| e == "yaml")
    });
    for service in &parsed.services {
        let path = layout.models.join(format!("{}.yaml", service.name));
        outputs.add(path, jdcloud_model::to_yaml(service));
    }
    let _ = (&layout.crates, &layout.workspace);

    if options.check {
        let stale = outputs.stale();
        if stale.is_empty() {
            summary(&format!("{} file(s) up to date", outputs.len()));
            return ExitCode::SUCCESS;
        }
        for path in &stale {
            eprintln!("stale: {}", display(path, &root));
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

fn display(path: &Path, root: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
}
