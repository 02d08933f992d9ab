//! What a regeneration means for each crate: the change report against the committed model, the
//! crate's next version, and its change log with a new entry. Read from disk (the committed model, the
//! crate's `Cargo.toml` and `CHANGELOG.md`), so that a run without changes to the documents changes
//! nothing and `--check` passes on a fresh clone.

use std::path::Path;

use jdcloud_diff::{changelog_entry, diff_service, next_version, Semver, ServiceReport};
use jdcloud_model::Service;

/// The version of a crate generated for the first time.
pub const FIRST_VERSION: &str = "0.1.0";

const CHANGELOG_HEADER: &str = "# Changelog\n\nWritten by `cargo xtask generate` from what changed in the documents; newest first.\n";

/// A crate's release, as this run decides it.
pub struct Release {
    pub version: String,
    pub changelog: String,
    /// The changes since the committed model; `None` when the crate is new or unchanged.
    pub report: Option<ServiceReport>,
    pub previous: Option<String>,
}

/// The date of a change log entry: `--date`, else `SOURCE_DATE_EPOCH`, else today (UTC).
pub fn run_date(option: Option<&str>) -> Result<String, String> {
    if let Some(date) = option {
        let format = time::macros::format_description!("[year]-[month]-[day]");
        time::Date::parse(date, format)
            .map_err(|_| format!("--date takes YYYY-MM-DD, not `{date}`"))?;
        return Ok(date.to_owned());
    }
    let seconds = match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(value) => value
            .trim()
            .parse::<i64>()
            .map_err(|_| format!("SOURCE_DATE_EPOCH is not a number of seconds: `{value}`"))?,
        Err(_) => std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs() as i64),
    };
    let date = time::OffsetDateTime::from_unix_timestamp(seconds)
        .map_err(|e| format!("SOURCE_DATE_EPOCH out of range: {e}"))?
        .date();
    Ok(date.to_string())
}

/// The version in a crate's `Cargo.toml` (its `[package]` table's first `version`).
fn committed_version(crate_dir: &Path) -> Option<String> {
    let manifest = std::fs::read_to_string(crate_dir.join("Cargo.toml")).ok()?;
    manifest.lines().find_map(|line| {
        let value = line
            .trim()
            .strip_prefix("version = \"")?
            .strip_suffix('"')?;
        Some(value.to_owned())
    })
}

/// Decides the release of `service`'s crate in `crate_dir`, whose committed model (if any) is
/// `committed`. `date` dates a new entry unless the product's change log gives its newest release.
pub fn release(
    committed: Option<&Result<Service, String>>,
    service: &Service,
    crate_dir: &Path,
    date: &str,
) -> Release {
    let previous = committed_version(crate_dir);
    let changelog = std::fs::read_to_string(crate_dir.join("CHANGELOG.md")).ok();
    // The product's change log dates the entry when it has one.
    let (date, revision) = match service.history.first() {
        Some(release) if !release.date.is_empty() => {
            (release.date.clone(), Some(release.version.as_str()))
        }
        _ => (date.to_owned(), service.revision.as_deref()),
    };
    let report = match committed {
        Some(Ok(old)) => diff_service(Some(old), Some(service)),
        // A committed model this version cannot read: say so, and count it as breaking.
        Some(Err(message)) => {
            let mut report = diff_service(None, Some(service));
            report.semver = Semver::Major;
            if let Some(first) = report.changes.first_mut() {
                first.breaking = true;
                first.detail = format!("the committed model could not be compared: {message}");
            }
            report
        }
        None => diff_service(None, Some(service)),
    };
    match (&previous, committed) {
        // A new crate (or one whose files are gone): its first entry.
        (None, _) | (_, None) => {
            let version = previous.clone().unwrap_or_else(|| FIRST_VERSION.to_owned());
            let entry = first_entry(service, &version, &date, revision);
            Release {
                changelog: changelog.unwrap_or_else(|| format!("{CHANGELOG_HEADER}\n{entry}")),
                version,
                report: None,
                previous,
            }
        }
        (Some(version), Some(_)) if report.semver == Semver::None => Release {
            // Unchanged; a crate from before change logs were written gets its first entry, once.
            changelog: changelog.unwrap_or_else(|| {
                format!(
                    "{CHANGELOG_HEADER}\n{}",
                    first_entry(service, version, &date, revision)
                )
            }),
            version: version.clone(),
            report: None,
            previous,
        },
        (Some(version), Some(_)) => {
            let next = next_version(version, report.semver)
                .unwrap_or_else(|| format!("{version}+unversioned"));
            let entry = changelog_entry(&report, &next, &date, revision);
            let older = changelog
                .as_deref()
                .and_then(|c| c.strip_prefix(CHANGELOG_HEADER))
                .map(str::trim_start)
                .unwrap_or("");
            let changelog = if older.is_empty() {
                format!("{CHANGELOG_HEADER}\n{entry}")
            } else {
                format!("{CHANGELOG_HEADER}\n{entry}\n{older}")
            };
            Release {
                version: next,
                changelog,
                report: Some(report),
                previous,
            }
        }
    }
}

fn first_entry(service: &Service, version: &str, date: &str, revision: Option<&str>) -> String {
    let heading = match revision {
        Some(revision) => format!("## {version} ({date}, documents revision {revision})"),
        None => format!("## {version} ({date})"),
    };
    format!(
        "{heading}\n\nGenerated from the documents: {} operation(s) of the {} API.\n",
        service.operations.len(),
        service.name
    )
}
