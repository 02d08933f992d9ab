//! The generator's own changes: what it emits for the same model changes when the generator does, and
//! users of a published crate must see that in its version and change log as they see a change of
//! the documents. Each generated crate records in its `Cargo.toml` the revision that produced it; a
//! regeneration by a later revision versions the crate by what the revisions since then mean for its
//! users, and lists them in its change log (`xtask/src/release.rs`).
//!
//! A change to the emitter that changes its output for a model already generated adds a revision
//! here, saying what it changes for users; the committed crates' diffs are then reviewed against it.

/// What a revision of the generator means for the users of the crates it regenerates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Impact {
    /// Nothing users can see (no crate needs a new version).
    None,
    /// Source or documentation only: the same API.
    Patch,
    /// Additions to the API.
    Minor,
    /// Code written against the previous output may not compile.
    Major,
}

/// One revision of the generator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Revision {
    /// Its number: one more than the revision before it.
    pub number: u32,
    /// What it means for the crates it regenerates.
    pub impact: Impact,
    /// One line for the crates' change logs, in terms of the generated code.
    pub summary: &'static str,
}

/// Every revision, oldest first; the last is the generator's own. Crates whose manifest records none
/// come from revision 1.
pub const REVISIONS: &[Revision] = &[
    Revision {
        number: 1,
        impact: Impact::None,
        summary: "Crates generated before the generator recorded its revision.",
    },
    Revision {
        number: 2,
        impact: Impact::Patch,
        summary: "Structs' `Serialize` and `Deserialize` impls are written out instead of derived \
                  (the same wire form, errors and API; serde's `derive` feature is no longer \
                  enabled), and the code is laid out as rustfmt lays it out.",
    },
];

/// The generator's revision, which every crate it writes records.
pub const REVISION: u32 = REVISIONS[REVISIONS.len() - 1].number;

/// The revisions after `since`, oldest first.
pub fn since(since: u32) -> &'static [Revision] {
    let start = REVISIONS.partition_point(|r| r.number <= since);
    &REVISIONS[start..]
}

/// The revision a generated crate's `Cargo.toml` records (`generator-revision` of
/// `[package.metadata.jdcloud]`), 1 when it records none.
pub fn recorded(manifest: &str) -> u32 {
    manifest
        .lines()
        .find_map(|l| l.trim().strip_prefix("generator-revision = "))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revisions_are_numbered_in_order_and_read_back_from_manifests() {
        for (index, revision) in REVISIONS.iter().enumerate() {
            assert_eq!(revision.number as usize, index + 1);
        }
        assert_eq!(since(REVISION), &[]);
        assert_eq!(since(0).len(), REVISIONS.len());
        assert_eq!(since(1), &REVISIONS[1..]);
        assert_eq!(recorded("[package]\nname = \"x\"\n"), 1);
        assert_eq!(
            recorded("[package.metadata.jdcloud]\ngenerator-revision = 7\n"),
            7
        );
    }
}
