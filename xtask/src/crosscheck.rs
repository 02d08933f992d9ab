//! `cargo xtask crosscheck --docs DIR [--overlays DIR] [--python PY] [--out DIR]`: where the
//! documents and the official SDK disagree (service name and host, method, path, parameters, required
//! parameters), and the overlays that would make them agree written to a folder for a person to
//! review (default `target/crosscheck/overlays`). The SDK's operation list comes from
//! `tests/sdk/operations.py`, run by a Python that has jdcloud-sdk (default `target/sdk-venv`, which
//! `.ci/run` makes).

use std::path::PathBuf;
use std::process::{Command, ExitCode};

use jdcloud_parser::{parse_tree, read_tree};

use crate::args::{Arg, Args};
use crate::generate::project_root;

struct Options {
    docs: PathBuf,
    overlays: Option<PathBuf>,
    python: PathBuf,
    out: PathBuf,
}

fn parse(args: &[String]) -> Result<Options, String> {
    let root = project_root();
    let mut docs = None;
    let mut overlays = None;
    let mut python = root.join("target/sdk-venv/bin/python");
    let mut out = root.join("target/crosscheck/overlays");
    let mut args = Args::new(args);
    while let Some(arg) = args.next()? {
        let Arg::Flag(flag) = arg else {
            return Err(format!("unexpected argument `{arg}`"));
        };
        match flag.as_str() {
            "--docs" => docs = Some(PathBuf::from(args.value(&flag)?)),
            "--overlays" => overlays = Some(PathBuf::from(args.value(&flag)?)),
            "--python" => python = PathBuf::from(args.value(&flag)?),
            "--out" => out = PathBuf::from(args.value(&flag)?),
            other => return Err(crate::args::unknown(other)),
        }
    }
    Ok(Options {
        docs: docs.ok_or("--docs DIR is needed")?,
        overlays,
        python,
        out,
    })
}

pub fn run(args: &[String]) -> ExitCode {
    match parse(args).and_then(|options| crosscheck(&options)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("error: {message}\n\nusage: cargo xtask crosscheck --docs DIR [--overlays DIR] [--python PY] [--out DIR]");
            ExitCode::FAILURE
        }
    }
}

fn crosscheck(options: &Options) -> Result<(), String> {
    let output = Command::new(&options.python)
        .arg(project_root().join("tests/sdk/operations.py"))
        .output()
        .map_err(|e| format!("cannot run {}: {e}", options.python.display()))?;
    if !output.status.success() {
        return Err(format!(
            "tests/sdk/operations.py failed (is jdcloud-sdk installed for {}?): {}",
            options.python.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    let sdk: serde_json::Value = serde_json::from_slice(&output.stdout)
        .map_err(|e| format!("the SDK's operation list is not JSON: {e}"))?;
    let sdk_version = sdk["sdk_version"].as_str().unwrap_or("?").to_owned();
    let (inputs, errors) = read_tree(&options.docs, &[]).map_err(|e| e.to_string())?;
    let mut parsed = parse_tree(&inputs);
    parsed.diagnostics.extend(errors);
    if parsed.errors() > 0 {
        return Err(format!(
            "the documents have {} error(s); `cargo xtask generate --docs` shows them",
            parsed.errors()
        ));
    }
    if let Some(dir) = &options.overlays {
        let errors = crate::generate::apply_overlays(dir, &project_root(), &mut parsed.services)?;
        if let Some(first) = errors.first() {
            return Err(format!("{first} ({} overlay error(s))", errors.len()));
        }
    }
    let check = jdcloud_crosscheck::check(&parsed.services, &sdk);
    for service in &check.services {
        match &service.sdk {
            None => println!("{}: not in the SDK", service.name),
            Some((name, host)) if *name != service.name || *host != service.host => println!(
                "{}: the SDK calls it `{name}` at {host} (the documents: {})",
                service.name, service.host
            ),
            Some(_) => {}
        }
    }
    let join = |set: &std::collections::BTreeSet<String>| {
        set.iter().cloned().collect::<Vec<_>>().join(", ")
    };
    for op in check.operations.iter().filter(|o| o.in_sdk && !o.agrees()) {
        let mut what = Vec::new();
        if let Some((ours, theirs)) = &op.method {
            what.push(format!("method {ours}, the SDK's {theirs}"));
        }
        if let Some((ours, theirs)) = &op.path {
            what.push(format!("path {ours}, the SDK's {theirs}"));
        }
        if !op.not_in_sdk.is_empty() {
            what.push(format!("not in the SDK: {}", join(&op.not_in_sdk)));
        }
        if !op.required_ours.is_empty() {
            what.push(format!("required here only: {}", join(&op.required_ours)));
        }
        if !op.required_theirs.is_empty() {
            what.push(format!(
                "required by the SDK only: {}",
                join(&op.required_theirs)
            ));
        }
        println!("{} {}: {}", op.service, op.operation, what.join("; "));
    }
    let files = jdcloud_crosscheck::overlays(&parsed.services, &check, &sdk_version);
    std::fs::create_dir_all(&options.out).map_err(|e| format!("{}: {e}", options.out.display()))?;
    let mut corrections = 0;
    for (name, text) in &files {
        corrections += text.lines().filter(|l| l.starts_with("- ")).count();
        let path = options.out.join(name);
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
    }
    let in_sdk = check.operations.iter().filter(|o| o.in_sdk).count();
    let agree = check.operations.iter().filter(|o| o.agrees()).count();
    eprintln!(
        "crosscheck: {agree} of {in_sdk} operations agree with jdcloud-sdk {sdk_version} ({} not in the SDK); {corrections} correction(s) in {} overlay file(s) written to {} for review",
        check.operations.len() - in_sdk,
        files.len(),
        options.out.display()
    );
    Ok(())
}
