//! The files a run produces, held in memory until every one of them is known, then written (or compared)
//! at once, so that a failing run writes nothing.

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

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
    pub fn add(&mut self, path: PathBuf, contents: String) {
        self.files.insert(path, contents);
    }

    /// Declares that, below `dir` and at most `depth` levels down, the files for which `owns` holds are
    /// this run's to write or delete.
    pub fn own(&mut self, dir: PathBuf, depth: usize, owns: fn(&Path) -> bool) {
        self.owned.push(Owned { dir, depth, owns });
    }

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

    /// Writes every changed file (through a temporary file and a rename) and deletes leftovers.
    /// Returns how many files were written or deleted.
    pub fn write(&self) -> io::Result<usize> {
        let leftovers = self.leftovers();
        let mut count = 0;
        for (path, contents) in &self.files {
            if std::fs::read_to_string(path).ok().as_deref() == Some(contents.as_str()) {
                continue;
            }
            if let Some(dir) = path.parent() {
                std::fs::create_dir_all(dir)?;
            }
            let tmp = path.with_extension("xtask-tmp");
            std::fs::write(&tmp, contents)?;
            std::fs::rename(&tmp, path)?;
            count += 1;
        }
        for path in leftovers {
            std::fs::remove_file(&path)?;
            count += 1;
        }
        Ok(count)
    }
}
