//! Reading a folder of documents from disk: the one place the parser touches the file system.

use std::path::Path;

use globset::{GlobSet, GlobSetBuilder};
use rayon::prelude::*;

use crate::{Diagnostic, Input, Severity};

/// Compiles `--exclude` globs; a glob naming a folder excludes everything below it.
fn build_excludes(globs: &[String]) -> Result<GlobSet, String> {
    let mut builder = GlobSetBuilder::new();
    for glob in globs {
        let glob = glob.trim_end_matches('/');
        for pattern in [glob.to_owned(), format!("{glob}/**")] {
            let compiled = globset::GlobBuilder::new(&pattern)
                .literal_separator(true)
                .build()
                .map_err(|e| format!("invalid --exclude `{glob}`: {e}"))?;
            builder.add(compiled);
        }
    }
    builder
        .build()
        .map_err(|e| format!("invalid --exclude: {e}"))
}

/// Every `*.md` below `docs`, sorted, with paths relative to it, except those matching an `exclude` glob
/// (relative to `docs`; a folder's glob excludes all below it). Unreadable files become diagnostics; the
/// error is a missing folder or an invalid glob.
pub fn read_tree(docs: &Path, exclude: &[String]) -> Result<(Vec<Input>, Vec<Diagnostic>), String> {
    let excludes = build_excludes(exclude)?;
    if !docs.is_dir() {
        return Err(format!(
            "documents folder {} does not exist",
            docs.display()
        ));
    }
    /// A document the walk finds (read in a second step, on all cores), or what went wrong finding
    /// one: one list, so that documents and errors keep the walk's order.
    enum Entry {
        Found(String, std::path::PathBuf),
        Failed(Diagnostic),
    }
    let mut entries = Vec::new();
    let walker = walkdir::WalkDir::new(docs).sort_by_file_name().into_iter();
    for entry in walker.filter_entry(|e| {
        let relative = e.path().strip_prefix(docs).unwrap_or(e.path());
        relative.as_os_str().is_empty() || !excludes.is_match(relative)
    }) {
        let entry = match entry {
            Ok(entry) => entry,
            Err(e) => {
                let path = e
                    .path()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default();
                entries.push(Entry::Failed(Diagnostic::file(
                    Severity::Error,
                    "unreadable-file",
                    &path,
                    e.to_string(),
                )));
                continue;
            }
        };
        let path = entry.path();
        // Files and links to files are read; a link to nothing becomes an `unreadable-file` error.
        if entry.file_type().is_dir() || path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let relative = path
            .strip_prefix(docs)
            .unwrap_or(path)
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        entries.push(Entry::Found(relative, path.to_owned()));
    }
    // The error boxed: a diagnostic is large, and most entries are documents.
    let read: Vec<Result<Input, Box<Diagnostic>>> = entries
        .into_par_iter()
        .map(|entry| match entry {
            Entry::Failed(diagnostic) => Err(Box::new(diagnostic)),
            Entry::Found(relative, path) => match std::fs::read(&path) {
                Ok(bytes) => Ok(Input {
                    path: relative,
                    bytes,
                }),
                Err(e) => Err(Box::new(
                    Diagnostic::file(
                        Severity::Error,
                        "unreadable-file",
                        &relative,
                        format!("cannot read file: {e}"),
                    )
                    .with_help("a readable markdown file"),
                )),
            },
        })
        .collect();
    let mut inputs = Vec::new();
    let mut errors = Vec::new();
    for result in read {
        match result {
            Ok(input) => inputs.push(input),
            Err(diagnostic) => errors.push(*diagnostic),
        }
    }
    Ok((inputs, errors))
}

/// The globs of an exclude file (`--exclude-from`): one per line; blank lines and `#` comments skipped.
pub fn exclude_list(text: &str) -> Vec<String> {
    text.lines()
        .map(str::trim)
        .filter(|line| !line.is_empty() && !line.starts_with('#'))
        .map(str::to_owned)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_markdown_files_outside_the_excluded_globs_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let write = |path: &str| {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, "# page\n").unwrap();
        };
        for path in [
            "a.md",
            "notes.txt",
            "sub/c.md",
            "sub/d.MD.bak",
            "old/e.md",
            "sub.md/f.md",
        ] {
            write(path);
        }
        let (inputs, errors) = read_tree(dir.path(), &["old".to_owned()]).unwrap();
        assert!(errors.is_empty(), "{errors:?}");
        let paths: Vec<&str> = inputs.iter().map(|i| i.path.as_str()).collect();
        // A folder named like a document is walked, not read.
        assert_eq!(paths, ["a.md", "sub/c.md", "sub.md/f.md"]);
    }

    #[test]
    fn exclude_files_skip_blank_lines_and_comments() {
        let text = "# why these are left out\n\nold/**\n  Quota/*.md  \n#not/this\n";
        assert_eq!(exclude_list(text), ["old/**", "Quota/*.md"]);
    }
}
