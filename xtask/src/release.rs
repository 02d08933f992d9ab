//! What a regeneration means for each crate: the change report against the committed model, the
//! crate's next version, and its change log with a new entry. Read from disk (the committed model, the
//! crate's `Cargo.toml` and `CHANGELOG.md`), so that a run without changes to the documents changes
//! nothing and `--check` passes on a fresh clone.

use std::path::Path;

use jdcloud_codegen::revisions::{self, Impact, Revision};
use jdcloud_diff::{changelog_entry, diff_service, next_version, Semver, ServiceReport};
use jdcloud_model::Service;

/// The version of a crate generated for the first time.
pub const FIRST_VERSION: &str = "0.1.0";

const CHANGELOG_HEADER: &str = "# Changelog\n\nWritten by `cargo xtask generate` from what changed in the documents and in the generator; newest first.\n";

/// The header of change logs written before generator changes were logged, replaced when read.
const OLD_CHANGELOG_HEADER: &str = "# Changelog\n\nWritten by `cargo xtask generate` from what changed in the documents; newest first.\n";

/// A crate's release, as this run decides it.
pub struct Release {
    pub version: String,
    pub changelog: String,
    /// The changes since the committed model; `None` when the crate is new or unchanged.
    pub report: Option<ServiceReport>,
    /// The generator's revisions since the one that wrote the committed crate, when they version it.
    pub generator: &'static [Revision],
    pub previous: Option<String>,
    /// The committed crate's `Cargo.toml`, as read for this decision (for the code digest it records).
    pub manifest: Option<String>,
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
fn committed_version(manifest: &str) -> Option<String> {
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
    let manifest = std::fs::read_to_string(crate_dir.join("Cargo.toml")).ok();
    let previous = manifest.as_deref().and_then(committed_version);
    // What the generator changed since it wrote the committed crate versions it as the documents'
    // changes do (the larger of the two counts).
    let generator = manifest
        .as_deref()
        .map_or(&[][..], |m| revisions::since(revisions::recorded(m)));
    let generator_semver = generator
        .iter()
        .map(|r| semver_of(r.impact))
        .max()
        .unwrap_or(Semver::None);
    // Listed only when they version the crate.
    let generator = if generator_semver == Semver::None {
        &[][..]
    } else {
        generator
    };
    let changelog = std::fs::read_to_string(crate_dir.join("CHANGELOG.md")).ok();
    // The product's change log dates the entry when it has one.
    let run_date = date;
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
                generator: &[],
                previous,
                manifest,
            }
        }
        (Some(version), Some(_))
            if report.semver == Semver::None && generator_semver == Semver::None =>
        {
            Release {
                // Unchanged; a crate from before change logs were written gets its first entry, once.
                changelog: changelog.unwrap_or_else(|| {
                    format!(
                        "{CHANGELOG_HEADER}\n{}",
                        first_entry(service, version, &date, revision)
                    )
                }),
                version: version.clone(),
                report: None,
                generator: &[],
                previous,
                manifest,
            }
        }
        (Some(version), Some(_)) => {
            let next = next_version(version, report.semver.max(generator_semver))
                .unwrap_or_else(|| format!("{version}+unversioned"));
            // A change of the generator alone is dated by this run, not by the documents.
            let mut entry = if report.semver == Semver::None {
                changelog_entry(&report, &next, run_date, None)
            } else {
                changelog_entry(&report, &next, &date, revision)
            };
            if !generator.is_empty() {
                entry.push_str("\nGenerator:\n\n");
                for revision in generator {
                    entry.push_str(&format!(
                        "- revision {}: {}\n",
                        revision.number, revision.summary
                    ));
                }
            }
            let older = changelog
                .as_deref()
                .and_then(|c| {
                    c.strip_prefix(CHANGELOG_HEADER)
                        .or_else(|| c.strip_prefix(OLD_CHANGELOG_HEADER))
                })
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
                report: (report.semver != Semver::None).then_some(report),
                generator,
                previous,
                manifest,
            }
        }
    }
}

fn semver_of(impact: Impact) -> Semver {
    match impact {
        Impact::None => Semver::None,
        Impact::Patch => Semver::Patch,
        Impact::Minor => Semver::Minor,
        Impact::Major => Semver::Major,
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
