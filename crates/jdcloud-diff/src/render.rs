//! Reports as text (the terminal), markdown (a pull request) and change log entries.

use std::fmt::Write;

use crate::{Change, Report, ServiceReport};

fn word(change: &Change) -> &'static str {
    match (change.breaking, change.kind) {
        (true, _) => "breaking",
        (false, crate::Kind::DescriptionChanged) => "docs",
        (false, _) => "additive",
    }
}

fn headline(service: &ServiceReport) -> String {
    format!(
        "{} ({}): {}, {} change(s), {} breaking",
        service.name,
        service.crate_name,
        serde_json::to_value(service.semver)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default(),
        service.changes.len(),
        service.breaking()
    )
}

/// A block per service: its semver, then a line per change.
pub fn text(report: &Report) -> String {
    let mut out = String::new();
    if report.services.is_empty() {
        out.push_str("no changes\n");
    }
    for service in &report.services {
        let _ = writeln!(out, "{}", headline(service));
        for c in &service.changes {
            let _ = writeln!(
                out,
                "  {:<9}{:<33}{} {}: {}",
                word(c),
                c.kind.as_str(),
                c.operation.as_deref().unwrap_or("-"),
                c.name,
                c.detail
            );
        }
    }
    out
}

fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace('\n', " ")
}

/// A section per service with a table of its changes.
pub fn markdown(report: &Report) -> String {
    let mut out = String::new();
    if report.services.is_empty() {
        out.push_str("No changes.\n");
    }
    for service in &report.services {
        let _ = writeln!(out, "## {}\n", headline(service));
        out.push_str("| | kind | operation | item | what it means |\n|---|---|---|---|---|\n");
        for c in &service.changes {
            let _ = writeln!(
                out,
                "| {} | `{}` | {} | `{}` | {} |",
                word(c),
                c.kind.as_str(),
                c.operation
                    .as_deref()
                    .map_or("-".to_owned(), |o| format!("`{o}`")),
                cell(&c.name),
                cell(&c.detail)
            );
        }
        out.push('\n');
    }
    out
}

/// A change log entry for `version` of a service's crate: breaking changes first, then additions and
/// other changes of behaviour, then documentation. `date` is `YYYY-MM-DD`; `revision` the revision
/// of the product's own change log, when it has one.
pub fn changelog_entry(
    service: &ServiceReport,
    version: &str,
    date: &str,
    revision: Option<&str>,
) -> String {
    let mut out = match revision {
        Some(revision) => format!("## {version} ({date}, documents revision {revision})\n"),
        None => format!("## {version} ({date})\n"),
    };
    for (title, pick) in [
        ("Breaking", "breaking"),
        ("Added and changed", "additive"),
        ("Documentation", "docs"),
    ] {
        let lines: Vec<String> = service
            .changes
            .iter()
            .filter(|c| word(c) == pick)
            .map(|c| {
                let place = match &c.operation {
                    Some(op) if *op != c.name => format!("`{op}` `{}`", c.name),
                    _ => format!("`{}`", c.name),
                };
                format!(
                    "- {place}: {} ({})",
                    c.detail,
                    c.kind.as_str().replace('_', " ")
                )
            })
            .collect();
        if !lines.is_empty() {
            let _ = write!(out, "\n{title}:\n\n{}\n", lines.join("\n"));
        }
    }
    out
}
