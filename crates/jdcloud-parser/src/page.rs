//! What kind of page a document is: an operation, a product overview, a change log, a protocol page, or
//! something else (a table of contents, an introduction). Only operation pages are read as operations,
//! so only they can raise errors about operations; every other page is read for what it is or skipped
//! with a note.

use crate::blocks::{Block, Heading};
use crate::changelog::is_changelog_title;
use crate::text::heading_key;
use crate::vocab::{self, Section};

/// The kind of a page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PageKind {
    /// One API operation: it has a request method or a request address section.
    Operation,
    /// A product's `overview.md`: title, introduction, version, table of operations.
    Overview,
    /// A product's change log (`# Update History`): its releases and API revision.
    ChangeLog,
    /// A page describing the protocol itself (`Common-Declaration/`: signing, public headers, errors).
    Protocol,
    /// Anything else: tables of contents, introductions, pages of prose.
    Other,
}

impl PageKind {
    /// The kind's name in notes (`change log`).
    pub fn as_str(self) -> &'static str {
        match self {
            PageKind::Operation => "operation",
            PageKind::Overview => "overview",
            PageKind::ChangeLog => "change log",
            PageKind::Protocol => "protocol page",
            PageKind::Other => "other page",
        }
    }
}

/// Why a page that is not an operation still looks like one: the operation sections it has.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Resemblance {
    /// Byte offset of the first such section's heading.
    pub(crate) at: usize,
    /// The sections, as the page spells them.
    pub(crate) sections: Vec<String>,
}

/// A document's file name without `.md` (`describeBackups` for `redis/describeBackups.md`).
pub(crate) fn file_stem(path: &str) -> &str {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    name.strip_suffix(".md").unwrap_or(name)
}

/// Folders whose pages describe the protocol rather than operations.
fn is_protocol_folder(path: &str) -> bool {
    let mut folders = path.split('/').rev().skip(1);
    folders.any(|folder| {
        let key = folder.to_ascii_lowercase().replace(['-', '_', ' '], "");
        matches!(key.as_str(), "commondeclaration" | "commondeclarations")
    })
}

/// The first line of the page holding text.
fn first_line(text: &str) -> &str {
    text.lines().find(|l| !l.trim().is_empty()).unwrap_or("")
}

fn headings(blocks: &[Block]) -> impl Iterator<Item = &Heading> {
    blocks.iter().filter_map(|b| match b {
        Block::Heading(h) => Some(h),
        _ => None,
    })
}

/// Classifies a page by its path and its structure.
pub(crate) fn classify(path: &str, text: &str, blocks: &[Block]) -> PageKind {
    let stem = file_stem(path);
    if stem.eq_ignore_ascii_case("overview") {
        return PageKind::Overview;
    }
    let has_operation_section = headings(blocks).any(|h| {
        h.level >= 2
            && matches!(
                vocab::section(&heading_key(&h.text)),
                Some(Section::Method | Section::Address)
            )
    });
    if is_changelog_title(first_line(text))
        || (stem.eq_ignore_ascii_case("changelog") && !has_operation_section)
    {
        return PageKind::ChangeLog;
    }
    if is_protocol_folder(path) {
        return PageKind::Protocol;
    }
    if has_operation_section {
        PageKind::Operation
    } else {
        PageKind::Other
    }
}

/// For a page that is not an operation: the operation sections it has anyway (parameters, returns,
/// return codes), when any.
pub(crate) fn resemblance(blocks: &[Block]) -> Option<Resemblance> {
    let mut found: Option<Resemblance> = None;
    for h in headings(blocks) {
        if h.level < 2 {
            continue;
        }
        if let Some(Section::Request | Section::Response | Section::ReturnCodes) =
            vocab::section(&heading_key(&h.text))
        {
            let entry = found.get_or_insert_with(|| Resemblance {
                at: h.start,
                sections: Vec::new(),
            });
            entry.sections.push(h.text.clone());
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocks::blocks;

    fn kind(path: &str, text: &str) -> PageKind {
        classify(path, text, &blocks(text))
    }

    #[test]
    fn operations_have_a_method_or_an_address() {
        let op = "# describeThings\n\n## Request Method\nGET\n\n## Request Address\nhttps://x.jdcloud-api.com/v1/things\n";
        assert_eq!(kind("x/describeThings.md", op), PageKind::Operation);
        let no_heading = "## Description\nLists.\n\n## Request method\nGET\n";
        assert_eq!(kind("x/describeThings.md", no_heading), PageKind::Operation);
        let address_only = "# op\n\n## 请求地址\nhttps://x.jdcloud-api.com/v1/things\n";
        assert_eq!(kind("x/op.md", address_only), PageKind::Operation);
    }

    #[test]
    fn overviews_change_logs_and_protocol_pages() {
        assert_eq!(kind("x/Overview.md", "# X\n"), PageKind::Overview);
        for log in [
            "# Update History #\n",
            "#Update History\n",
            "\n\n\n# Update History\n",
            "Update History\n-----\n",
        ] {
            assert_eq!(kind("x/ChangeLog.md", log), PageKind::ChangeLog, "{log}");
            assert_eq!(kind("x/History.md", log), PageKind::ChangeLog, "{log}");
        }
        assert_eq!(kind("x/ChangeLog.md", "# Releases\n"), PageKind::ChangeLog);
        let signing = "# Signing\n\n## Request Method\nGET\n";
        assert_eq!(
            kind("Common-Declaration/Authorization-Rules.md", signing),
            PageKind::Protocol
        );
    }

    #[test]
    fn everything_else_is_other_and_may_resemble_an_operation() {
        let toc = "# API List\n\n|API|Description|\n|---|---|\n|a|b|\n";
        assert_eq!(kind("x/toc.md", toc), PageKind::Other);
        assert_eq!(resemblance(&blocks(toc)), None);
        let almost = "# describeThing\n\n## Request Parameter\nNone\n\n## Return Parameter\nNone\n";
        assert_eq!(kind("x/describeThing.md", almost), PageKind::Other);
        let found = resemblance(&blocks(almost)).unwrap();
        assert_eq!(found.sections, ["Request Parameter", "Return Parameter"]);
        assert_eq!(found.at, almost.find("## Request").unwrap());
        // A page's title is not one of its sections, whatever it says; deeper headings are.
        let titled = "# Return Parameter\n\nText.\n\n### Return Code\nNone\n";
        let found = resemblance(&blocks(titled)).unwrap();
        assert_eq!(found.sections, ["Return Code"]);
    }
}
