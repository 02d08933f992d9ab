//! The generator's own changes: what it emits for the same model changes when the generator does, and
//! users of a published crate must see that in its version and change log as they see a change of
//! the documents. Each generated crate records in its `Cargo.toml` the revision that produced it; a
//! regeneration by a later revision versions the crate by what the revisions since then mean for its
//! users, and lists them in its change log (`xtask/src/release.rs`).
//!
//! A change to the emitter that changes its output for a model already generated adds a revision
//! here, saying what it changes for users; the committed crates' diffs are then reviewed against it.
//! `cargo xtask generate` holds to this: when a crate's code would differ from what the committed
//! crate's generator wrote (its manifest's [`code_digest`]) while its model and the revision its
//! manifest records are the same, it stops with an `error[revision]` and writes nothing (a manifest
//! without a digest is not checked: removing the line accepts the code as it comes).

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
    Revision {
        number: 3,
        impact: Impact::Patch,
        summary: "Functions that are neither generic nor `async` are marked `#[inline]`, so \
                  that a build compiles the ones its callers use rather than all of them (the \
                  same API).",
    },
];

/// The generator's revision, which every crate it writes records.
pub const REVISION: u32 = REVISIONS[REVISIONS.len() - 1].number;

/// The revisions after `since`, oldest first.
pub fn since(since: u32) -> &'static [Revision] {
    let start = REVISIONS.partition_point(|r| r.number <= since);
    &REVISIONS[start..]
}

/// A fingerprint of a crate's Rust files (`code-digest` of `[package.metadata.jdcloud]`): 16 hex
/// digits, the same on every machine.
///
/// It tells an emitter change from a hand edit: a regeneration whose code differs from what the
/// committed crate's generator wrote (its recorded digest), for the same model and revision, is the
/// emitter's doing; committed files that differ from their own digest were edited, and are repaired.
/// Not cryptographic (no one forges it), and hand-written rather than a hashing crate: it reads 32
/// bytes a step, so that fingerprinting the corpus's six megabytes of code costs about a millisecond
/// of a generation run.
pub fn code_digest(files: &[crate::File]) -> String {
    const K: u64 = 0x517c_c1b7_2722_0a95;
    let mix = |hash: u64, word: u64| (hash.rotate_left(5) ^ word).wrapping_mul(K);
    let mut rust: Vec<&crate::File> = files.iter().filter(|f| f.path.ends_with(".rs")).collect();
    rust.sort_by(|a, b| a.path.cmp(&b.path));
    // Four lanes of 8 bytes each step, so that the multiplications do not wait on one another.
    let mut lanes = [0u64, 1, 2, 3];
    let mut absorb = |block: &[u8]| {
        for (lane, word) in lanes.iter_mut().zip(block.chunks_exact(8)) {
            *lane = mix(
                *lane,
                u64::from_le_bytes(word.try_into().expect("eight bytes")),
            );
        }
    };
    for file in rust {
        for bytes in [file.path.as_bytes(), file.contents.as_bytes()] {
            let mut blocks = bytes.chunks_exact(32);
            blocks.by_ref().for_each(&mut absorb);
            // The rest, zero-padded, then the length (so that padding is not mistaken for text).
            let mut last = [0u8; 32];
            last[..blocks.remainder().len()].copy_from_slice(blocks.remainder());
            absorb(&last);
            absorb(&(bytes.len() as u64).to_le_bytes());
        }
    }
    let hash = lanes.iter().fold(0, |hash, &lane| mix(hash, lane));
    format!("{hash:016x}")
}

/// The code digest a generated crate's `Cargo.toml` records, if any (see [`code_digest`]).
pub fn recorded_digest(manifest: &str) -> Option<&str> {
    manifest
        .lines()
        .find_map(|l| l.trim().strip_prefix("code-digest = "))
        .map(|d| d.trim().trim_matches('"'))
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

    #[test]
    fn the_code_digest_is_pinned_and_covers_rust_files_alone() {
        let file = |path: &str, contents: &str| crate::File {
            path: path.to_owned(),
            contents: contents.to_owned(),
        };
        let files = [
            file("src/lib.rs", "//! A crate.\npub mod types;\n"),
            file("src/types.rs", "pub struct Thing;\n"),
            file("Cargo.toml", "[package]\n"),
        ];
        let digest = code_digest(&files);
        // Crates record it: the same files must give the same digest on every machine, in every
        // version of the generator.
        assert_eq!(digest, "b725f6c4df6f28dd");
        let reordered = [files[2].clone(), files[1].clone(), files[0].clone()];
        assert_eq!(code_digest(&reordered), digest);
        let mut manifest = files.clone();
        manifest[2].contents.push_str("version = \"2.0.0\"\n");
        assert_eq!(code_digest(&manifest), digest);
        let mut edited = files.clone();
        edited[1].contents = "pub struct Thing2;\n".to_owned();
        assert_ne!(code_digest(&edited), digest);
        let mut moved = files.clone();
        moved[1].path = "src/model.rs".to_owned();
        assert_ne!(code_digest(&moved), digest);
        assert_eq!(
            recorded_digest(&format!(
                "[package.metadata.jdcloud]\ncode-digest = \"{digest}\"\n"
            )),
            Some(digest.as_str())
        );
        assert_eq!(recorded_digest("[package]\n"), None);
    }
}
