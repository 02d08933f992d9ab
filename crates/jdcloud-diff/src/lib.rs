//! What changed between two models of JD Cloud services, and what it means for the users of the
//! generated crates: every change classified (`kind`, `breaking`) and explained in terms of the
//! generated Rust API, and each service's semver outcome. `cargo xtask diff` prints a [`Report`];
//! `cargo xtask generate` uses it to version the crates and write their change logs.
//!
//! The rules follow the generated API, not only the wire: a parameter the documents make optional
//! stops being an argument of the client method (callers passing it break), a request model field
//! made optional becomes an `Option` (its readers break), while replies are read tolerantly, so a
//! reply field added breaks no one.

#![deny(missing_docs)]

mod compare;
mod render;

use serde::Serialize;

use jdcloud_model::Service;

pub use render::{changelog_entry, markdown, text};

/// The changes of every service between two sets of models.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Report {
    /// By service name; services whose models are identical are left out.
    pub services: Vec<ServiceReport>,
}

/// The changes of one service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ServiceReport {
    /// The service (`vpc`).
    pub name: String,
    /// Its generated crate (`jdcloud-vpc`).
    #[serde(rename = "crate")]
    pub crate_name: String,
    /// What the changes call for.
    pub semver: Semver,
    /// In order: operations by id, then within each its parameters, models and descriptions.
    pub changes: Vec<Change>,
}

/// How much a set of changes moves a crate's version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Semver {
    /// Nothing the generated crate shows changed.
    None,
    /// Descriptions only (rustdoc).
    Patch,
    /// Additions, or changes of what goes on the wire that leave the Rust API as it was.
    Minor,
    /// Something users' code may no longer compile against, or may break at run time.
    Major,
}

/// One change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Change {
    /// What changed (`parameter_added`, `reply_field_retyped`...).
    pub kind: Kind,
    /// The operation it is in, when it is in one.
    pub operation: Option<String>,
    /// The item: parameter, field (`Model.field`), model or operation name as documented.
    pub name: String,
    /// Whether users' code may break.
    pub breaking: bool,
    /// One line, in terms of the generated Rust API.
    pub detail: String,
}

/// The kinds of change.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
#[allow(missing_docs)]
pub enum Kind {
    ServiceAdded,
    ServiceRemoved,
    OperationAdded,
    OperationRemoved,
    MethodChanged,
    PathChanged,
    HostChanged,
    ParameterAdded,
    ParameterRemoved,
    ParameterRenamed,
    ParameterMoved,
    ParameterRetyped,
    ParameterMadeRequired,
    ParameterMadeOptional,
    ModelAdded,
    ModelRemoved,
    ModelRenamed,
    RequestFieldAdded,
    RequestFieldRemoved,
    RequestFieldRenamed,
    RequestFieldRetyped,
    RequestFieldMadeRequired,
    RequestFieldMadeOptional,
    ReplyFieldAdded,
    ReplyFieldRemoved,
    ReplyFieldRetyped,
    ReplyFieldRequirednessChanged,
    DescriptionChanged,
}

impl Kind {
    /// The name in reports (`parameter_added`).
    pub fn as_str(self) -> String {
        serde_json::to_value(self)
            .ok()
            .and_then(|v| v.as_str().map(str::to_owned))
            .unwrap_or_default()
    }
}

impl ServiceReport {
    /// How many changes may break users.
    pub fn breaking(&self) -> usize {
        self.changes.iter().filter(|c| c.breaking).count()
    }
}

/// The changes between two sets of services (`old` as committed, `new` as regenerated), services
/// sorted by name.
pub fn diff(old: &[Service], new: &[Service]) -> Report {
    let mut names: Vec<&str> = old.iter().chain(new).map(|s| s.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    let services = names
        .into_iter()
        .map(|name| {
            let find = |set: &'_ [Service]| set.iter().find(|s| s.name == name).cloned();
            diff_service(find(old).as_ref(), find(new).as_ref())
        })
        .filter(|report| report.semver != Semver::None)
        .collect();
    Report { services }
}

/// The changes of one service: `None` on one side for a service added or removed.
pub fn diff_service(old: Option<&Service>, new: Option<&Service>) -> ServiceReport {
    let name = new.or(old).map(|s| s.name.clone()).unwrap_or_default();
    let changes = compare::service(old, new);
    let semver = semver_of(&changes);
    ServiceReport {
        crate_name: jdcloud_codegen::crate_name(&name),
        name,
        semver,
        changes,
    }
}

fn semver_of(changes: &[Change]) -> Semver {
    changes
        .iter()
        .map(|c| match (c.breaking, c.kind) {
            (true, _) => Semver::Major,
            (false, Kind::DescriptionChanged) => Semver::Patch,
            (false, _) => Semver::Minor,
        })
        .max()
        .unwrap_or(Semver::None)
}

/// The version after `semver`'s changes, by Cargo's rules: below 1.0 a breaking change bumps the
/// minor and anything else the patch; from 1.0 on, major, minor and patch. `None` for a version that
/// is not `MAJOR.MINOR.PATCH`.
pub fn next_version(version: &str, semver: Semver) -> Option<String> {
    let mut parts = version.trim().split('.').map(|p| p.parse::<u64>().ok());
    let (Some(Some(major)), Some(Some(minor)), Some(Some(patch)), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return None;
    };
    let (major, minor, patch) = match (semver, major) {
        (Semver::None, _) => (major, minor, patch),
        (Semver::Major, 0) => (0, minor + 1, 0),
        (Semver::Minor | Semver::Patch, 0) => (0, minor, patch + 1),
        (Semver::Major, _) => (major + 1, 0, 0),
        (Semver::Minor, _) => (major, minor + 1, 0),
        (Semver::Patch, _) => (major, minor, patch + 1),
    };
    Some(format!("{major}.{minor}.{patch}"))
}

#[cfg(test)]
mod tests;
