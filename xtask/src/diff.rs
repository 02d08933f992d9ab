//! `cargo xtask diff OLD NEW [--format text|markdown|json]`: what changed between two folders of
//! models, per service, with its semver. `git:REV` (or `git:REV:DIR`) names the models committed at a
//! revision (in `spec/`, or `DIR`).

use std::path::Path;
use std::process::{Command, ExitCode};

use jdcloud_model::{from_yaml, Service};

use crate::args::{Arg, Args};
use crate::generate::project_root;

enum Format {
    Text,
    Markdown,
    Json,
}

pub fn run(args: &[String]) -> ExitCode {
    match parse(args).and_then(|(old, new, format)| Ok((load(&old)?, load(&new)?, format))) {
        Ok((old, new, format)) => {
            let report = jdcloud_diff::diff(&old, &new);
            let text = match format {
                Format::Text => jdcloud_diff::text(&report),
                Format::Markdown => jdcloud_diff::markdown(&report),
                Format::Json => serde_json::to_string_pretty(&report).unwrap_or_default() + "\n",
            };
            print!("{text}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!(
                "error: {message}\n\nusage: cargo xtask diff OLD NEW [--format text|markdown|json]"
            );
            ExitCode::FAILURE
        }
    }
}

fn parse(args: &[String]) -> Result<(String, String, Format), String> {
    let mut places = Vec::new();
    let mut format = Format::Text;
    let mut args = Args::new(args);
    while let Some(arg) = args.next()? {
        match arg {
            Arg::Value(place) => places.push(place),
            Arg::Flag(flag) if flag == "--format" => {
                format = match args.value(&flag)?.as_str() {
                    "text" => Format::Text,
                    "markdown" => Format::Markdown,
                    "json" => Format::Json,
                    other => {
                        return Err(format!(
                            "--format takes text, markdown or json, not `{other}`"
                        ))
                    }
                }
            }
            Arg::Flag(other) => return Err(crate::args::unknown(&other)),
        }
    }
    match <[String; 2]>::try_from(places) {
        Ok([old, new]) => Ok((old, new, format)),
        Err(places) => Err(format!(
            "two model folders are needed, not {}",
            places.len()
        )),
    }
}

/// The models of a folder, or of a revision (`git:REV`, `git:REV:DIR`), sorted by service name.
fn load(place: &str) -> Result<Vec<Service>, String> {
    let mut services = Vec::new();
    if let Some(rest) = place.strip_prefix("git:") {
        let (revision, dir) = rest.split_once(':').unwrap_or((rest, "spec"));
        let dir = dir.trim_end_matches('/');
        let listing = git(&["ls-tree", "--name-only", &format!("{revision}:{dir}")])?;
        for name in listing.lines().filter(|n| n.ends_with(".yaml")) {
            let text = git(&["show", &format!("{revision}:{dir}/{name}")])?;
            services.push(from_yaml(&text).map_err(|e| format!("{place}: {name}: {e}"))?);
        }
    } else {
        let dir = Path::new(place);
        let entries = std::fs::read_dir(dir).map_err(|e| format!("{place}: {e}"))?;
        let mut paths: Vec<_> = entries
            .flatten()
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        paths.sort();
        for path in paths {
            let text =
                std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
            services.push(from_yaml(&text).map_err(|e| format!("{}: {e}", path.display()))?);
        }
    }
    services.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(services)
}

fn git(args: &[&str]) -> Result<String, String> {
    let output = Command::new("git")
        .current_dir(project_root())
        .args(args)
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !output.status.success() {
        return Err(format!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&output.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&output.stdout).into_owned())
}
