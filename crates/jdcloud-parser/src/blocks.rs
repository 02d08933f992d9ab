//! The block structure of a document, from pulldown-cmark: headings, tables and runs of other text, each
//! with its byte range so that diagnostics can point at it.
//!
//! Table rows are split from their source text rather than taken from pulldown-cmark's cells, because a
//! GFM table parser drops cells beyond the header's count, and the documents' extra cells (often an
//! unescaped `|` inside a description) must be reported and kept, not lost.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::text::{clean_name, parse_tag};

/// One top-level block of a document.
#[derive(Debug)]
pub(crate) enum Block {
    Heading(Heading),
    Table(Table),
    /// A paragraph, list, code block or HTML block, as its source text.
    Text {
        text: String,
        start: usize,
    },
}

#[derive(Debug)]
pub(crate) struct Heading {
    pub(crate) level: u8,
    /// Text with markup removed (`Backup` for `<a name="Backup">Backup</a>`).
    pub(crate) text: String,
    /// `name` or `id` of an anchor in the heading, if any.
    pub(crate) anchor: Option<String>,
    pub(crate) start: usize,
    /// Where the heading's content starts, for sections read as source text.
    pub(crate) end: usize,
}

#[derive(Debug)]
pub(crate) struct Table {
    pub(crate) header: Row,
    pub(crate) rows: Vec<Row>,
}

#[derive(Debug)]
pub(crate) struct Row {
    pub(crate) cells: Vec<Cell>,
    /// Byte offset of the row's line.
    pub(crate) start: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct Cell {
    /// Source text of the cell, trimmed.
    pub(crate) raw: String,
    /// Byte offset of the cell's text in the document.
    pub(crate) start: usize,
}

/// Splits a document into its top-level blocks.
pub(crate) fn blocks(text: &str) -> Vec<Block> {
    let parser = Parser::new_ext(text, Options::ENABLE_TABLES).into_offset_iter();
    let mut blocks = Vec::new();
    let mut depth = 0usize;
    let mut heading: Option<Heading> = None;
    let mut table: Option<Table> = None;
    let mut text_start = 0usize;
    for (event, range) in parser {
        match event {
            Event::Start(tag) => {
                if depth == 0 {
                    match tag {
                        Tag::Heading { level, .. } => {
                            heading = Some(Heading {
                                level: level as u8,
                                text: String::new(),
                                anchor: None,
                                start: range.start,
                                end: range.end,
                            });
                        }
                        Tag::Table(_) => {
                            table = Some(Table {
                                header: Row {
                                    cells: Vec::new(),
                                    start: range.start,
                                },
                                rows: Vec::new(),
                            });
                        }
                        _ => text_start = range.start,
                    }
                } else if let Some(table) = table.as_mut() {
                    match tag {
                        Tag::TableHead => table.header = split_row(text, range.start),
                        Tag::TableRow => table.rows.push(split_row(text, range.start)),
                        _ => {}
                    }
                }
                depth += 1;
            }
            Event::End(end) => {
                depth -= 1;
                if depth == 0 {
                    match end {
                        TagEnd::Heading(_) => {
                            if let Some(mut h) = heading.take() {
                                h.text = clean_name(&h.text);
                                blocks.push(Block::Heading(h));
                            }
                        }
                        TagEnd::Table => {
                            if let Some(t) = table.take() {
                                blocks.push(Block::Table(t));
                            }
                        }
                        _ => blocks.push(Block::Text {
                            text: text[text_start..range.end].to_owned(),
                            start: text_start,
                        }),
                    }
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = heading.as_mut() {
                    h.text.push_str(&t);
                }
            }
            Event::InlineHtml(html) | Event::Html(html) => {
                if let Some(h) = heading.as_mut() {
                    if let Some(tag) = parse_tag(&html) {
                        if h.anchor.is_none() {
                            h.anchor = tag.attribute("name").or_else(|| tag.attribute("id"));
                        }
                    }
                } else if depth == 0 {
                    // An HTML block at the top level comes as bare events.
                    blocks.push(Block::Text {
                        text: html.to_string(),
                        start: range.start,
                    });
                }
            }
            _ => {}
        }
    }
    blocks
}

/// Splits one table line into cells at unescaped `|`, from the source text.
fn split_row(text: &str, start: usize) -> Row {
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = &text[start..line_end];
    let mut cells = Vec::new();
    let mut cell_start = 0usize;
    let mut escaped = false;
    let mut bounds = Vec::new();
    for (i, c) in line.char_indices() {
        match c {
            '\\' if !escaped => {
                escaped = true;
                continue;
            }
            '|' if !escaped => {
                bounds.push((cell_start, i));
                cell_start = i + 1;
            }
            _ => {}
        }
        escaped = false;
    }
    bounds.push((cell_start, line.len()));
    // A leading pipe makes an empty first segment, a trailing one an empty last segment.
    if line.trim_start().starts_with('|') {
        bounds.remove(0);
    }
    if let Some(&(s, e)) = bounds.last() {
        if line[s..e].trim().is_empty()
            && line.trim_end().ends_with('|')
            && !line.trim_end().ends_with("\\|")
        {
            bounds.pop();
        }
    }
    for (s, e) in bounds {
        let piece = &line[s..e];
        let lead = piece.len() - piece.trim_start().len();
        cells.push(Cell {
            raw: piece.trim().to_owned(),
            start: start + s + lead,
        });
    }
    Row { cells, start }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_rows_keeping_extra_cells() {
        let doc = "|a|b|\n|---|---|\n|**x**|y \\| z|\n|p||r|extra|\n";
        let blocks = blocks(doc);
        let [Block::Table(table)] = blocks.as_slice() else {
            panic!("{blocks:?}")
        };
        let raw = |row: &Row| row.cells.iter().map(|c| c.raw.clone()).collect::<Vec<_>>();
        assert_eq!(raw(&table.header), ["a", "b"]);
        assert_eq!(raw(&table.rows[0]), ["**x**", "y \\| z"]);
        assert_eq!(raw(&table.rows[1]), ["p", "", "r", "extra"]);
        assert_eq!(&doc[table.rows[1].cells[2].start..][..1], "r");
    }

    #[test]
    fn cells_start_after_their_padding_and_a_doubled_backslash_escapes_itself() {
        let doc = "|a|b|\n|---|---|\n|  x  | y |\n|a\\\\|b|\n";
        let blocks = blocks(doc);
        let [Block::Table(table)] = blocks.as_slice() else {
            panic!("{blocks:?}")
        };
        let padded = &table.rows[0];
        assert_eq!(&doc[padded.cells[0].start..][..1], "x");
        assert_eq!(&doc[padded.cells[1].start..][..1], "y");
        // `\\|`: a literal backslash, then a cell boundary.
        let raw: Vec<&str> = table.rows[1].cells.iter().map(|c| c.raw.as_str()).collect();
        assert_eq!(raw, ["a\\\\", "b"]);
    }

    #[test]
    fn html_blocks_at_the_top_level_are_text_and_inline_html_is_not_a_block() {
        let doc = "<div>A note.</div>\n\nSome <b>bold</b> words.\n";
        let blocks = blocks(doc);
        let texts: Vec<&str> = blocks
            .iter()
            .map(|b| match b {
                Block::Text { text, .. } => text.trim_end(),
                other => panic!("{other:?}"),
            })
            .collect();
        assert_eq!(texts, ["<div>A note.</div>", "Some <b>bold</b> words."]);
    }

    #[test]
    fn reads_heading_anchors() {
        let blocks = blocks("# op\n\n### <div id=\"backup\">Backup</div>\ntext\n");
        let Block::Heading(h) = &blocks[1] else {
            panic!()
        };
        assert_eq!(
            (h.level, h.text.as_str(), h.anchor.as_deref()),
            (3, "Backup", Some("backup"))
        );
    }
}
