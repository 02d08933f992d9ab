//! The files a generator run produces (models, crates), held in memory until every one is known, then
//! compared with what is committed or written at once, so that a failing run writes nothing.
//!
//! `cargo xtask generate` writes through it and `--check` compares through it; the parser's and the
//! emitter's tests compare their output with the committed files through it too, so every golden file
//! exists once, on disk, and is accepted the same way: `cargo xtask generate`, then review the diff.

#![deny(missing_docs)]

use std::collections::{BTreeMap, BTreeSet};
use std::io;
use std::path::{Path, PathBuf};

use rayon::prelude::*;

/// Files below a folder, at most some levels down, that a run writes or deletes.
struct Owned {
    dir: PathBuf,
    depth: usize,
    owns: fn(&Path) -> bool,
}

/// Files to produce, by path, and the folders whose other contents are stale.
#[derive(Default)]
pub struct Outputs {
    files: BTreeMap<PathBuf, String>,
    /// Files below these folders that the run does not produce are stale.
    owned: Vec<Owned>,
}

impl Outputs {
    /// Adds a file to produce.
    pub fn add(&mut self, path: PathBuf, contents: String) {
        self.files.insert(path, contents);
    }

    /// Declares that, below `dir` and at most `depth` levels down, the files for which `owns` holds are
    /// this run's to write or delete.
    pub fn own(&mut self, dir: PathBuf, depth: usize, owns: fn(&Path) -> bool) {
        self.owned.push(Owned { dir, depth, owns });
    }

    /// Declares `dir` a folder of models: its `*.yaml` files, not those of subfolders.
    pub fn own_models(&mut self, dir: PathBuf) {
        self.own(dir, 1, |p| p.extension().is_some_and(|e| e == "yaml"));
    }

    /// Declares `dir` a folder of crates: every file below it but build output (`target/`) and lock
    /// files.
    pub fn own_crates(&mut self, dir: PathBuf) {
        self.own(dir, usize::MAX, |p| {
            !p.components().any(|c| c.as_os_str() == "target") && !p.ends_with("Cargo.lock")
        });
    }

    /// Whether the run produces no file at all.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// How many files the run produces.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Owned files on disk that the run would not produce.
    fn leftovers(&self) -> Vec<PathBuf> {
        let mut stale = Vec::new();
        for Owned { dir, depth, owns } in &self.owned {
            let walker = walkdir::WalkDir::new(dir)
                .max_depth(*depth)
                .sort_by_file_name();
            for entry in walker.into_iter().flatten() {
                let path = entry.path();
                if entry.file_type().is_file() && owns(path) && !self.files.contains_key(path) {
                    stale.push(path.to_owned());
                }
            }
        }
        stale
    }

    /// Paths whose content differs from what is on disk, plus leftovers.
    pub fn stale(&self) -> Vec<PathBuf> {
        let mut stale: Vec<PathBuf> = self
            .files
            .iter()
            .filter(|(path, contents)| {
                std::fs::read_to_string(path).ok().as_deref() != Some(contents.as_str())
            })
            .map(|(path, _)| path.clone())
            .collect();
        stale.extend(self.leftovers());
        stale.sort();
        stale
    }

    /// Writes every changed file (one that replaces a file through a temporary file and a rename)
    /// and deletes leftovers.
    /// Returns how many files were written or deleted.
    ///
    /// The files are compared and written on all cores: a run writes hundreds of small files, and on
    /// the virtual disks of CI machines each write waits on the file system more than on the CPU.
    pub fn write(&self) -> io::Result<usize> {
        let leftovers = self.leftovers();
        // Each changed file, and whether there is one on disk to replace.
        let changed: Vec<(&PathBuf, &String, bool)> = self
            .files
            .par_iter()
            .filter_map(|(path, contents)| match std::fs::read_to_string(path) {
                Ok(text) if text == *contents => None,
                Ok(_) => Some((path, contents, true)),
                Err(e) => Some((path, contents, e.kind() != io::ErrorKind::NotFound)),
            })
            .collect();
        let dirs: BTreeSet<&Path> = changed
            .iter()
            .filter_map(|(path, _, _)| path.parent())
            .collect();
        for dir in dirs {
            std::fs::create_dir_all(dir)?;
        }
        changed
            .par_iter()
            .try_for_each(|(path, contents, replaces)| {
                if !replaces {
                    // No file to keep whole for its readers: a new one is written in place (into a
                    // fresh folder, the corpus's 616 files took 75 ms instead of 82, medians of 12
                    // alternating runs, without a temporary file and a rename each).
                    return std::fs::write(path, contents);
                }
                // A file replaced is never seen half-written.
                let tmp = path.with_extension("xtask-tmp");
                std::fs::write(&tmp, contents)?;
                std::fs::rename(&tmp, path)
            })?;
        let mut count = changed.len();
        for path in leftovers {
            std::fs::remove_file(&path)?;
            count += 1;
        }
        Ok(count)
    }

    /// `Ok` when every file on disk is what the run produces and no owned file is left over; else a
    /// report naming each stale file with its first differing line, for a test to fail with.
    pub fn check(&self) -> Result<(), String> {
        let stale = self.stale();
        if stale.is_empty() {
            return Ok(());
        }
        let mut report = String::new();
        for path in &stale {
            report.push_str(&format!("{}: {}\n", path.display(), self.difference(path)));
        }
        report.push_str(&format!(
            "{} committed file(s) differ from what the generator produces; run `cargo xtask generate` \
             to accept the new output, then review it with `git diff`",
            stale.len()
        ));
        Err(report)
    }

    /// How a stale file differs: missing, left over, or its first differing line.
    pub fn difference(&self, path: &Path) -> String {
        let Some(produced) = self.files.get(path) else {
            return "left over: the run does not produce it".to_owned();
        };
        let Ok(committed) = std::fs::read_to_string(path) else {
            return "missing".to_owned();
        };
        let mut committed_lines = committed.lines();
        for (index, line) in produced.lines().enumerate() {
            match committed_lines.next() {
                Some(old) if old == line => {}
                Some(old) => {
                    return format!("line {}: committed `{old}`, produced `{line}`", index + 1)
                }
                None => {
                    return format!("line {}: committed file ends, produced `{line}`", index + 1)
                }
            }
        }
        match committed_lines.next() {
            Some(old) => format!("committed file goes on after the end: `{old}`"),
            None => "line endings or the final newline differ".to_owned(),
        }
    }
}

/// Cargo's build folder for the project at `root`: `CARGO_TARGET_DIR` (relative to the root when
/// relative), else `target/`. The project's tools put their own work folders inside it.
pub fn build_dir(root: &Path) -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root.join(dir),
        None => root.join("target"),
    }
}

/// `to` relative to `from` (both made absolute), with `/` separators, for paths in Cargo.toml.
pub fn relative_path(from: &Path, to: &Path) -> String {
    let from = std::path::absolute(from).unwrap_or_else(|_| from.to_owned());
    let to = std::path::absolute(to).unwrap_or_else(|_| to.to_owned());
    let from: Vec<_> = from.components().collect();
    let to: Vec<_> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    if common == 0 {
        return to
            .iter()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
    }
    let mut parts: Vec<String> = vec!["..".to_owned(); from.len() - common];
    parts.extend(
        to[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_names_what_differs_and_write_makes_it_agree() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("same.txt"), "a\nb\n").unwrap();
        std::fs::write(root.join("changed.txt"), "a\nold\n").unwrap();
        std::fs::write(root.join("left.txt"), "x\n").unwrap();
        std::fs::write(root.join("other.md"), "not owned\n").unwrap();
        let mut outputs = Outputs::default();
        outputs.own(root.to_owned(), 1, |p| {
            p.extension().is_some_and(|e| e == "txt")
        });
        outputs.add(root.join("same.txt"), "a\nb\n".to_owned());
        outputs.add(root.join("changed.txt"), "a\nnew\n".to_owned());
        outputs.add(root.join("new.txt"), "n\n".to_owned());
        let report = outputs.check().unwrap_err();
        assert!(
            report.contains("changed.txt: line 2: committed `old`, produced `new`"),
            "{report}"
        );
        assert!(report.contains("left.txt: left over"), "{report}");
        assert!(report.contains("new.txt: missing"), "{report}");
        assert!(report.contains("3 committed file(s) differ"), "{report}");
        assert!(
            !report.contains("same.txt") && !report.contains("other.md"),
            "{report}"
        );
        assert_eq!(outputs.write().unwrap(), 3);
        assert_eq!(outputs.check(), Ok(()));
        assert!(root.join("other.md").exists() && !root.join("left.txt").exists());
    }

    #[test]
    fn relative_paths_climb_to_the_common_folder() {
        assert_eq!(
            relative_path(
                Path::new("/w/generated/jdcloud-redis"),
                Path::new("/w/crates/jdcloud-runtime")
            ),
            "../../crates/jdcloud-runtime"
        );
        assert_eq!(
            relative_path(
                Path::new("/w/tests/fixtures/generated/jdcloud-widget"),
                Path::new("/w/crates/jdcloud-runtime")
            ),
            "../../../../crates/jdcloud-runtime"
        );
    }
}
