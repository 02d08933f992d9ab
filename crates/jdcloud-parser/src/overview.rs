//! A product's `overview.md`: its title, introduction, version and the table of its operations.

use jdcloud_model::Method;

use crate::blocks::Block;
use crate::diagnostic::Sink;
use crate::operation::parse_method;
use crate::table;
use crate::text::{clean_markdown, clean_name, heading_key};
use crate::vocab::{self, Section};

/// The metadata of a product, from its `overview.md`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Overview {
    /// Path of the file.
    pub file: String,
    /// The first heading.
    pub title: Option<String>,
    /// The introduction, as markdown.
    pub description: Option<String>,
    /// The version the overview states.
    pub version: Option<String>,
    /// The operations its table lists: id, method, line.
    pub operations: Vec<(String, Option<Method>, u32)>,
    /// Line of the operations table, for diagnostics.
    pub table_line: u32,
}

/// Reads an `overview.md`.
pub(crate) fn parse_overview(file: &str, blocks: &[Block], sink: &mut Sink<'_>) -> Overview {
    let text = sink.source.text();
    let mut overview = Overview {
        file: file.to_owned(),
        ..Overview::default()
    };
    let mut current: Option<Section> = None;
    let mut intro_start: Option<usize> = None;
    for block in blocks {
        match block {
            Block::Heading(h) => {
                if let Some(start) = intro_start.take() {
                    overview.description =
                        Some(clean_markdown(&text[start..h.start])).filter(|d| !d.is_empty());
                }
                if h.level == 1 && overview.title.is_none() {
                    overview.title = Some(h.text.clone());
                    current = None;
                    continue;
                }
                current = vocab::section(&heading_key(&h.text));
                if current == Some(Section::Introduction) {
                    intro_start = Some(h.end);
                }
            }
            Block::Text { text: body, .. } => {
                if current == Some(Section::Version) && overview.version.is_none() {
                    overview.version = Some(clean_name(body)).filter(|v| !v.is_empty());
                }
            }
            Block::Table(table) => {
                if current == Some(Section::OperationList) {
                    overview.table_line = sink.source.line(table.header.start);
                    for row in table::rows(table, sink) {
                        if let Some((name, _)) = row.name() {
                            let method = row
                                .method
                                .as_ref()
                                .and_then(|c| parse_method(&clean_name(&c.raw)));
                            overview
                                .operations
                                .push((name, method, sink.source.line(row.start)));
                        }
                    }
                }
            }
        }
    }
    if let Some(start) = intro_start {
        overview.description = Some(clean_markdown(&text[start..])).filter(|d| !d.is_empty());
    }
    overview
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocks::blocks;
    use crate::source::SourceText;

    fn read(text: &str) -> Overview {
        let source = SourceText::new(text);
        let mut sink = Sink::new("p/overview.md", &source);
        parse_overview("p/overview.md", &blocks(text), &mut sink)
    }

    #[test]
    fn title_introduction_version_and_operations() {
        let overview = read(
            "# Widget Factory\n\n## Introduction\nBuilds **widgets**.\n\n## Version\n\n\n## Version\nv2\n\nv3\n\n# Second title\n\n## API\n|API|Description|Method|\n|---|---|---|\n|describeWidgets|List|GET|\n",
        );
        // The first level-1 heading is the title; a later one is not.
        assert_eq!(overview.title.as_deref(), Some("Widget Factory"));
        // The introduction runs to the next heading, as markdown.
        assert_eq!(overview.description.as_deref(), Some("Builds **widgets**."));
        // The first text of a version section that has one; later text does not replace it.
        assert_eq!(overview.version.as_deref(), Some("v2"));
        assert_eq!(
            overview.operations,
            [("describeWidgets".to_owned(), Some(Method::Get), 19)]
        );
    }

    #[test]
    fn an_empty_introduction_at_the_end_is_none_and_a_level_two_heading_is_no_title() {
        let overview = read("## Version\nv1\n\n## Introduction\n\n");
        assert_eq!(overview.title, None);
        assert_eq!(overview.version.as_deref(), Some("v1"));
        assert_eq!(overview.description, None);
        let overview = read("# T\n\n## Introduction\nAt the end.\n");
        assert_eq!(overview.description.as_deref(), Some("At the end."));
    }
}
