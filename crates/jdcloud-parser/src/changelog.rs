//! A product's `ChangeLog.md` (`# Update History`) into its dated releases and API revision.
//!
//! The pages come in several shapes: `# Update History #`, `#Update History` (no space, so not a markdown
//! heading), `Update History` underlined with dashes; one or more `API Version: x.y.z` lines, each
//! followed by a table `Release Time | Version Number | Update | Instructions` whose rows may be padded,
//! lack a cell or the closing `|`. Every row becomes a [`Release`] or a diagnostic.

use std::cmp::Ordering;

use jdcloud_model::Release;

use crate::blocks::{Block, Table};
use crate::diagnostic::Sink;
use crate::text::{clean_markdown, clean_name, heading_key};

/// What a change log page holds.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct ChangeLog {
    /// Path of the page.
    pub(crate) file: String,
    /// Its releases, newest first (see [`ChangeLog::revision`]).
    pub(crate) releases: Vec<Release>,
    /// The versions stated by `API Version:` lines, in page order.
    pub(crate) stated_versions: Vec<String>,
}

impl ChangeLog {
    /// The API revision: the highest version number of the releases, else the last stated version.
    pub(crate) fn revision(&self) -> Option<&str> {
        self.releases
            .first()
            .map(|r| r.version.as_str())
            .or(self.stated_versions.last().map(String::as_str))
    }
}

/// Whether a page's title (its first line, `#` marks and all) names a change log.
pub(crate) fn is_changelog_title(first_line: &str) -> bool {
    let key = heading_key(first_line.trim().trim_matches('#'));
    matches!(
        key.as_str(),
        "update history"
            | "change log"
            | "changelog"
            | "change history"
            | "release history"
            | "release notes"
            | "version history"
            | "更新历史"
            | "版本历史"
            | "历史版本"
            | "更新记录"
    )
}

/// Which column of a release table a header cell names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ReleaseColumn {
    Date,
    Version,
    Summary,
    Description,
    Other,
}

fn release_column(key: &str) -> ReleaseColumn {
    match key {
        "release time" | "release date" | "date" | "time" | "发布时间" | "更新时间" | "日期" => {
            ReleaseColumn::Date
        }
        "version number" | "version" | "api version" | "版本号" | "版本" => {
            ReleaseColumn::Version
        }
        "update" | "update type" | "updates" | "更新" | "更新类型" => ReleaseColumn::Summary,
        "instructions" | "instruction" | "description" | "details" | "说明" | "描述"
        | "更新内容" => ReleaseColumn::Description,
        _ => ReleaseColumn::Other,
    }
}

/// Reads a change log page. Never fails: rows that cannot be read are reported and skipped.
pub(crate) fn parse_changelog(file: &str, blocks: &[Block], sink: &mut Sink<'_>) -> ChangeLog {
    let mut log = ChangeLog {
        file: file.to_owned(),
        ..ChangeLog::default()
    };
    for block in blocks {
        match block {
            Block::Text { text, .. } => {
                for line in text.lines() {
                    if let Some(version) = stated_version(line) {
                        log.stated_versions.push(version);
                    }
                }
            }
            Block::Table(table) => read_table(table, &mut log.releases, sink),
            Block::Heading(_) => {}
        }
    }
    log.releases
        .sort_by(|a, b| newer(b, a).then_with(|| a.line.cmp(&b.line)));
    log
}

/// `API Version: 1.2.1` (or `API版本：...`): the version it states.
fn stated_version(line: &str) -> Option<String> {
    let line = clean_name(line);
    let (label, value) = line.split_once([':', '：'])?;
    let label = heading_key(label);
    if !matches!(
        label.as_str(),
        "api version" | "version" | "api版本" | "版本"
    ) {
        return None;
    }
    let value = value.trim();
    version_key(value).map(|_| value.to_owned())
}

fn read_table(table: &Table, releases: &mut Vec<Release>, sink: &mut Sink<'_>) {
    let columns: Vec<ReleaseColumn> = table
        .header
        .cells
        .iter()
        .map(|c| release_column(&heading_key(&c.raw)))
        .collect();
    if !columns.contains(&ReleaseColumn::Version) {
        sink.warn(
            table.header.start,
            "ignored-table",
            format!(
                "change log table with {} row(s) has no version column",
                table.rows.len()
            ),
            "a header such as `|Release Time|Version Number|Update|Instructions|`",
        );
        return;
    }
    for row in &table.rows {
        if row.cells.len() < columns.len() {
            sink.warn(
                row.start,
                "missing-cells",
                format!(
                    "row has {} cell(s), the header {}",
                    row.cells.len(),
                    columns.len()
                ),
                "one cell per column; the missing ones are read as empty",
            );
        }
        let mut release = Release {
            date: String::new(),
            version: String::new(),
            summary: String::new(),
            description: String::new(),
            line: sink.source.line(row.start),
        };
        let mut others = Vec::new();
        let mut version_at = row.start;
        for (index, cell) in row.cells.iter().enumerate() {
            // Cells beyond the header belong to the description.
            let column = columns
                .get(index)
                .copied()
                .unwrap_or(ReleaseColumn::Description);
            let text = clean_markdown(&cell.raw);
            match column {
                ReleaseColumn::Date => release.date = clean_name(&cell.raw),
                ReleaseColumn::Version => {
                    release.version = clean_name(&cell.raw);
                    version_at = cell.start;
                }
                ReleaseColumn::Summary => release.summary = text,
                ReleaseColumn::Description | ReleaseColumn::Other => {
                    if !text.is_empty() {
                        others.push(text)
                    }
                }
            }
        }
        release.description = others.join("\n\n");
        if version_key(&release.version).is_none() {
            sink.warn(
                version_at,
                "invalid-release",
                format!("`{}` is not a version number", release.version),
                "a version such as `1.2.0`; the row is ignored",
            );
            continue;
        }
        releases.push(release);
    }
}

/// The numeric parts of a version (`v1.2.10` -> [1, 2, 10]); `None` when it is not one.
fn version_key(version: &str) -> Option<Vec<u64>> {
    let digits = version.strip_prefix(['v', 'V']).unwrap_or(version);
    if digits.is_empty() {
        return None;
    }
    digits.split('.').map(|part| part.parse().ok()).collect()
}

/// Orders releases by version number, then by date.
fn newer(a: &Release, b: &Release) -> Ordering {
    version_key(&a.version)
        .cmp(&version_key(&b.version))
        .then_with(|| a.date.cmp(&b.date))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocks::blocks;
    use crate::source::SourceText;

    fn read(text: &str) -> (ChangeLog, Vec<String>) {
        let source = SourceText::new(text);
        let mut sink = Sink::new("p/ChangeLog.md", &source);
        let log = parse_changelog("p/ChangeLog.md", &blocks(text), &mut sink);
        let codes = sink
            .into_diagnostics()
            .iter()
            .map(|d| format!("{}:{}", d.line, d.code))
            .collect();
        (log, codes)
    }

    fn versions(log: &ChangeLog) -> Vec<&str> {
        log.releases.iter().map(|r| r.version.as_str()).collect()
    }

    #[test]
    fn recognises_every_title_spelling() {
        for title in [
            "# Update History #",
            "# Update History",
            "#Update History",
            "Update History",
            "## Change Log:",
            "# 更新历史",
        ] {
            assert!(is_changelog_title(title), "{title}");
        }
        for title in ["# describeBackups", "# Update", "History of the product"] {
            assert!(!is_changelog_title(title), "{title}");
        }
    }

    #[test]
    fn hashes_around_the_title_and_a_stated_version() {
        let (log, codes) = read(
            "# Update History #\nAPI Version: 0.4.0\n\n|Release Time|Version Number|Update|Instructions|\n|---|---|---|---|\n|2018-03-30|0.1.0|Initial Version|Quota APIs|\n|2019-05-29|0.4.0|Perfect Function|Defaults|",
        );
        assert_eq!(codes, Vec::<String>::new());
        assert_eq!(versions(&log), ["0.4.0", "0.1.0"]);
        assert_eq!(log.revision(), Some("0.4.0"));
        assert_eq!(log.stated_versions, ["0.4.0"]);
        let newest = &log.releases[0];
        assert_eq!(
            (
                newest.date.as_str(),
                newest.summary.as_str(),
                newest.description.as_str(),
                newest.line
            ),
            ("2019-05-29", "Perfect Function", "Defaults", 7)
        );
    }

    #[test]
    fn underlined_title_padded_cells_and_no_closing_pipes() {
        let (log, codes) = read(
            "Update History\n------------------\nAPI Version: 0.4.1\n \n| Release Time | Version Number | Update | Description\n| ------| -----|-----|---------|\n| 2018-03-31  | 0.2.1 | Modify | Add taskID\n| 2019-03-07  |0.4.1 | Add delimiter |Add delimiter\n",
        );
        assert_eq!(codes, Vec::<String>::new());
        assert_eq!(versions(&log), ["0.4.1", "0.2.1"]);
        assert_eq!(log.releases[1].description, "Add taskID");
    }

    #[test]
    fn a_row_missing_a_cell_is_kept_and_reported() {
        let (log, codes) = read(
            "# Update History #\nAPI Version: 0.0.1\n\n|Release Time|Version Number|Update|Instructions|\n|---|---|---|---|\n|2018-10-25|0.2.0|bugfix|* Some problems are solved|\n|2018-08-29|0.0.1|Initial Version|\n",
        );
        assert_eq!(codes, ["7:missing-cells"]);
        // The stated version is older than the table's newest: the table wins.
        assert_eq!(log.revision(), Some("0.2.0"));
        assert_eq!(versions(&log), ["0.2.0", "0.0.1"]);
    }

    #[test]
    fn versions_compare_as_numbers_and_several_tables_add_up() {
        let (log, _) = read(
            "#Update History\nAPI Version: 0.1.1\n\n|Release Time|Version Number|Update|Instructions|\n|---|---|---|---|\n|2019-07-02|0.1.1|Initialization|Initial\n\nAPI Version: 0.10.0\n\n|Release Time|Version Number|Update|Instructions|\n|---|---|---|---|\n|2019-07-08|0.10.0|Parameters|Iteration\n|2019-07-08|0.9.0|Parameters|Iteration\n",
        );
        assert_eq!(versions(&log), ["0.10.0", "0.9.0", "0.1.1"]);
        assert_eq!(log.stated_versions, ["0.1.1", "0.10.0"]);
    }

    #[test]
    fn rows_without_a_version_are_reported() {
        let (log, codes) = read(
            "# Update History\n\n|Release Time|Version Number|Update|\n|---|---|---|\n|2019-01-01|soon|x|\n|2019-01-02|1.0.0|y|\n",
        );
        assert_eq!(codes, ["5:invalid-release"]);
        assert_eq!(versions(&log), ["1.0.0"]);
        let (log, codes) = read("# Update History\n\n|Date|What|\n|---|---|\n|2019|x|\n");
        assert_eq!(codes, ["3:ignored-table"]);
        assert_eq!(log.revision(), None);
    }
}
