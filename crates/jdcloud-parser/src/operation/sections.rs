//! The first phase of reading an operation: one pass over the document's blocks that finds its sections
//! (id heading, description, method, address, parameter, return and return-code tables, model sections)
//! and reports headings and tables it does not know. Nothing is interpreted yet but the method word.

use jdcloud_model::{Method, Type};

use crate::blocks::{Block, Heading, Table};
use crate::diagnostic::Sink;
use crate::operation::address::parse_method;
use crate::table::columns;
use crate::text::{clean_markdown, clean_name, heading_key};
use crate::vocab::{self, Column, Section};

/// What an operation document holds, section by section.
#[derive(Default)]
pub(crate) struct Sections<'d> {
    /// Every heading, in order.
    pub(crate) headings: Vec<&'d Heading>,
    /// The first `#` heading and where it starts.
    pub(crate) id: Option<(String, usize)>,
    /// The Description section, as markdown.
    pub(crate) description: Option<String>,
    /// Where the Request Method heading starts.
    pub(crate) method_heading: Option<usize>,
    /// The method its paragraph names.
    pub(crate) method: Option<Method>,
    /// Where the Request Address heading starts.
    pub(crate) address_heading: Option<usize>,
    /// The address paragraph and where it starts.
    pub(crate) address: Option<(String, usize)>,
    /// The table under the address (path parameters).
    pub(crate) path_table: Option<&'d Table>,
    /// The Request Parameter table.
    pub(crate) request_table: Option<&'d Table>,
    /// The Return Parameter table.
    pub(crate) response_table: Option<&'d Table>,
    /// The Return Code table.
    pub(crate) codes_table: Option<&'d Table>,
    /// Model sections, in order.
    pub(crate) models: Vec<ModelDef<'d>>,
}

/// What a heading opened.
enum Current {
    Preamble,
    Section(Section),
    /// A heading the parser does not know; its content is skipped and reported.
    Unknown {
        start: usize,
        text: String,
        rows: usize,
    },
    /// A model section (`### Backup`): waits for its table.
    Model {
        heading_index: usize,
    },
}

/// A model section's table, before its types are resolved.
pub(crate) struct ModelDef<'t> {
    pub(crate) name: String,
    pub(crate) anchor: Option<String>,
    pub(crate) start: usize,
    pub(crate) table: &'t Table,
}

/// Finds the sections of an operation document.
pub(crate) fn scan_sections<'d>(blocks: &'d [Block], sink: &mut Sink<'_>) -> Sections<'d> {
    let text = sink.source.text();
    let mut found = Sections {
        headings: blocks
            .iter()
            .filter_map(|b| match b {
                Block::Heading(h) => Some(h),
                _ => None,
            })
            .collect(),
        ..Sections::default()
    };
    let mut description_start: Option<usize> = None;
    let mut current = Current::Preamble;
    let mut heading_index = 0usize;
    for (index, block) in blocks.iter().enumerate() {
        match block {
            Block::Heading(h) => {
                if let Some(start) = description_start.take() {
                    found.description = Some(clean_markdown(&text[start..h.start]));
                }
                close_section(&mut current, sink);
                let this_heading = heading_index;
                heading_index += 1;
                current = open_section(blocks, index, h, this_heading, &current, &mut found);
                if matches!(current, Current::Section(Section::Description)) {
                    description_start = Some(h.end);
                }
            }
            Block::Text { text: body, start } => match &current {
                Current::Section(Section::Method) if found.method.is_none() => {
                    let word = clean_name(body);
                    match parse_method(&word) {
                        Some(m) => found.method = Some(m),
                        None => sink.error(
                            *start,
                            "invalid-method",
                            format!("`{word}` is not an HTTP method"),
                            "one of GET, POST, PUT, PATCH, DELETE, HEAD",
                        ),
                    }
                }
                Current::Section(Section::Address) if found.address.is_none() => {
                    found.address = Some((clean_name(body), *start));
                }
                _ => {}
            },
            Block::Table(table) => place_table(table, &mut current, &mut found, sink),
        }
    }
    if let Some(start) = description_start.take() {
        found.description = Some(clean_markdown(&text[start..]));
    }
    close_section(&mut current, sink);
    found
}

/// What heading `h` (block `index`, heading number `heading_index`) opens; records the id and where
/// the method and address headings are.
fn open_section<'d>(
    blocks: &'d [Block],
    index: usize,
    h: &'d Heading,
    heading_index: usize,
    current: &Current,
    found: &mut Sections<'d>,
) -> Current {
    if h.level == 1 {
        if found.id.is_none() {
            found.id = Some((h.text.clone(), h.start));
            return Current::Preamble;
        }
        return Current::Unknown {
            start: h.start,
            text: h.text.clone(),
            rows: 0,
        };
    }
    // A heading right above a table of fields is a model section, whatever its level.
    let next_is_table = match blocks.get(index + 1) {
        Some(Block::Table(table)) => {
            let columns = columns(table);
            columns.contains(&Column::Name) && columns.contains(&Column::Type)
        }
        _ => false,
    };
    let in_examples = matches!(current, Current::Section(Section::Examples)) && h.level > 2;
    match vocab::section(&heading_key(&h.text)) {
        Some(section) if h.level == 2 || !next_is_table => {
            match section {
                Section::Method => found.method_heading = Some(h.start),
                Section::Address => found.address_heading = Some(h.start),
                _ => {}
            }
            Current::Section(section)
        }
        _ if in_examples => Current::Section(Section::Examples),
        _ if next_is_table => Current::Model { heading_index },
        _ => Current::Unknown {
            start: h.start,
            text: h.text.clone(),
            rows: 0,
        },
    }
}

/// Files a table under the section it belongs to, or reports it.
fn place_table<'d>(
    table: &'d Table,
    current: &mut Current,
    found: &mut Sections<'d>,
    sink: &mut Sink<'_>,
) {
    let slot = match current {
        Current::Section(Section::Address) => &mut found.path_table,
        Current::Section(Section::Request) => &mut found.request_table,
        Current::Section(Section::Response) => &mut found.response_table,
        Current::Section(Section::ReturnCodes) => &mut found.codes_table,
        Current::Section(Section::Description | Section::Examples) => return,
        Current::Model { heading_index } => {
            let h = found.headings[*heading_index];
            // The heading's text names the model; a garbled one falls back to its anchor.
            let name = [Some(&h.text), h.anchor.as_ref()]
                .into_iter()
                .flatten()
                .find(|n| Type::is_model_name(n))
                .cloned();
            match name {
                Some(name) => found.models.push(ModelDef {
                    name,
                    anchor: h.anchor.clone(),
                    start: h.start,
                    table,
                }),
                None => sink.error(
                    h.start,
                    "invalid-model-name",
                    format!("model section `{}` has no usable name", h.text),
                    "a model name without spaces, `<`, `>` or `:`, such as `### Backup`; its table is not read",
                ),
            }
            // A later table under the same heading is reported as ignored.
            *current = Current::Preamble;
            return;
        }
        Current::Unknown { rows, .. } => {
            *rows += table.rows.len();
            return;
        }
        _ => {
            ignored_table(table, sink);
            return;
        }
    };
    if slot.is_none() {
        *slot = Some(table);
    } else {
        ignored_table(table, sink);
    }
}

fn ignored_table(table: &Table, sink: &mut Sink<'_>) {
    sink.warn(
        table.header.start,
        "ignored-table",
        format!(
            "table with {} row(s) where none is expected",
            table.rows.len()
        ),
        "a table right after a section heading or a model heading",
    );
}

/// Ends the current section: an unknown one is reported, with the rows it held, and forgotten; any
/// other stays current until the next heading opens its own (which looks at it: subheadings of an
/// examples section stay examples).
fn close_section(current: &mut Current, sink: &mut Sink<'_>) {
    if !matches!(current, Current::Unknown { .. }) {
        return;
    }
    if let Current::Unknown { start, text, rows } = std::mem::replace(current, Current::Preamble) {
        let ignored = if rows > 0 {
            format!("; its {rows} table row(s) are ignored")
        } else {
            String::new()
        };
        sink.warn(
            start,
            "unknown-heading",
            format!("unknown section `{text}`{ignored}"),
            "Description, Request Method, Request Address, Request Parameter, Return Parameter, Return Code, examples, or a model section followed by its table",
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocks::blocks;
    use crate::source::SourceText;

    const DOC: &str = "# describeThings\n\n\
## Description\nLists the things.\n\n\
## Request Method\nget\n\n\
## Request Address\nhttps://thing.jdcloud-api.com/v1/regions/{regionId}/things\n\n\
|Name|Type|Required or Not|Default Value|Description|\n|---|---|---|---|---|\n|**regionId**|String|True| |Region|\n\n\
## Request Parameter\n|Name|Type|Required or Not|Default Value|Description|\n|---|---|---|---|---|\n|**pageSize**|Integer|False|10|Size|\n\n\
## Return Parameter\n|Name|Type|Description|\n|---|---|---|\n|**result**|[Result](#result)| |\n\n\
### <div id=\"result\">Result</div>\n|Name|Type|Description|\n|---|---|---|\n|**things**|[Thing[]](#thing)| |\n\n\
### Gadgets\nNot a model: no table follows.\n\n\
## Return Code\n|Return code|Description|\n|---|---|\n|200|OK|\n\n\
|a|b|\n|---|---|\n|1|2|\n";

    #[test]
    fn one_pass_finds_every_section() {
        let source = SourceText::new(DOC);
        let mut sink = Sink::new("describeThings.md", &source);
        let blocks = blocks(DOC);
        let found = scan_sections(&blocks, &mut sink);
        assert_eq!(
            found.id.as_ref().map(|(id, _)| id.as_str()),
            Some("describeThings")
        );
        assert_eq!(found.description.as_deref(), Some("Lists the things."));
        assert_eq!(found.method, Some(Method::Get));
        assert!(found.method_heading.is_some() && found.address_heading.is_some());
        let (address, _) = found.address.clone().unwrap();
        assert!(address.ends_with("/things"), "{address}");
        assert_eq!(found.path_table.unwrap().rows.len(), 1);
        assert_eq!(found.request_table.unwrap().rows.len(), 1);
        assert_eq!(found.response_table.unwrap().rows.len(), 1);
        assert_eq!(found.codes_table.unwrap().rows.len(), 1);
        let models: Vec<(&str, Option<&str>)> = found
            .models
            .iter()
            .map(|m| (m.name.as_str(), m.anchor.as_deref()))
            .collect();
        assert_eq!(models, [("Result", Some("result"))]);
        let codes: Vec<&str> = sink.into_diagnostics().iter().map(|d| d.code).collect();
        // `### Gadgets` has no table, so it is no model; the second table under Return Code is extra.
        assert_eq!(codes, ["unknown-heading", "ignored-table"]);
    }

    #[test]
    fn a_bad_method_word_is_an_error_and_a_second_id_heading_is_unknown() {
        let doc = "# a\n\n## Request Method\nFETCH\n\n# b\n";
        let source = SourceText::new(doc);
        let mut sink = Sink::new("a.md", &source);
        let blocks = blocks(doc);
        let found = scan_sections(&blocks, &mut sink);
        assert_eq!(found.method, None);
        assert_eq!(found.id.map(|(id, _)| id), Some("a".to_owned()));
        let codes: Vec<&str> = sink.into_diagnostics().iter().map(|d| d.code).collect();
        assert_eq!(codes, ["invalid-method", "unknown-heading"]);
    }

    fn scan(doc: &str) -> (Sections<'static>, Vec<String>) {
        let doc: &'static str = Box::leak(doc.to_owned().into_boxed_str());
        let source: &'static SourceText<'static> = Box::leak(Box::new(SourceText::new(doc)));
        let mut sink = Sink::new("a.md", source);
        let blocks: &'static [Block] = Box::leak(blocks(doc).into_boxed_slice());
        let found = scan_sections(blocks, &mut sink);
        let messages = sink
            .into_diagnostics()
            .iter()
            .map(|d| format!("{}: {}", d.code, d.message))
            .collect();
        (found, messages)
    }

    #[test]
    fn the_first_text_of_the_method_and_address_sections_is_theirs() {
        let (found, messages) = scan(
            "# a\n\n## Request Method\nGET\n\nAs above.\n\n## Request Address\nhttps://x.jdcloud-api.com/v1/a\n\nSee above.\n",
        );
        assert_eq!(found.method, Some(Method::Get));
        assert_eq!(
            found.address.map(|(a, _)| a),
            Some("https://x.jdcloud-api.com/v1/a".to_owned())
        );
        assert_eq!(messages, Vec::<String>::new());
    }

    #[test]
    fn headings_below_level_two_name_sections_unless_a_field_table_follows() {
        // A section heading at level 3 without a table is still the section...
        let (found, _) = scan("# a\n\n### Request Method\nGET\n");
        assert_eq!(found.method, Some(Method::Get));
        // ...and with a table of fields it is a model of that name.
        let (found, _) =
            scan("# a\n\n### Description\n|Name|Type|Description|\n|---|---|---|\n|a|String|x|\n");
        let models: Vec<&str> = found.models.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(models, ["Description"]);
        // A table with a name column but no type column makes no model.
        let (found, messages) =
            scan("# a\n\n### Limits\n|Name|Description|\n|---|---|\n|a|b|\n|c|d|\n");
        assert!(found.models.is_empty());
        assert_eq!(
            messages,
            ["unknown-heading: unknown section `Limits`; its 2 table row(s) are ignored"]
        );
        let (_, messages) = scan("# a\n\n## Odd one\ntext\n");
        assert_eq!(messages, ["unknown-heading: unknown section `Odd one`"]);
    }

    #[test]
    fn examples_keep_their_subheadings_and_tables_to_themselves() {
        let (found, messages) = scan(
            "# a\n\n## Description\nText.\n\n|k|v|\n|---|---|\n|1|2|\n\n## Examples\n\n### A case\ntext\n\n### Sample\n|Name|Type|\n|---|---|\n|a|String|\n\n|k|v|\n|---|---|\n|1|2|\n\n## Odd heading\n",
        );
        assert!(
            found.models.is_empty(),
            "{:?}",
            found.models.iter().map(|m| &m.name).collect::<Vec<_>>()
        );
        // Only the level-2 heading after the examples is unknown; tables in descriptions are prose.
        assert_eq!(messages, ["unknown-heading: unknown section `Odd heading`"]);
    }
}
