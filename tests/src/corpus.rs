//! Where the tests find JD Cloud's documentation tree, and what they do without it. One file, included
//! by path where a crate's tests cannot depend on this crate (the parser's and the code generator's,
//! which this crate builds on).

use std::path::{Path, PathBuf};

/// JD Cloud's documentation tree beside the project at `root` (`../shared/corpus/API`), or `None`
/// after saying that the test is skipped. Under `CI`, which always has it, a missing corpus fails
/// instead.
pub fn shared_corpus(root: &Path) -> Option<PathBuf> {
    let corpus = root.join("../shared/corpus/API");
    if corpus.is_dir() {
        return Some(corpus);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "the corpus is missing at {}; CI always has it beside the project",
        corpus.display()
    );
    eprintln!("SKIPPED: corpus not found at {}", corpus.display());
    None
}
