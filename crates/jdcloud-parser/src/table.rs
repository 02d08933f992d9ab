//! Reading the rows of a table by what its columns mean, whatever the spelling of its header.

use crate::blocks::{Cell, Table};
use crate::diagnostic::Sink;
use crate::text::{clean_markdown, clean_name, heading_key};
use crate::vocab::{self, Column};

/// One row, its cells sorted by meaning.
#[derive(Debug)]
pub(crate) struct RowData {
    pub(crate) name: Option<Cell>,
    pub(crate) ty: Option<Cell>,
    pub(crate) required: Option<Cell>,
    pub(crate) default: Option<String>,
    pub(crate) code: Option<Cell>,
    pub(crate) method: Option<Cell>,
    /// Description as markdown, with the cells of unexpected columns appended.
    pub(crate) description: String,
    pub(crate) start: usize,
}

impl RowData {
    /// The row's name, cleaned; `None` when it has none.
    pub(crate) fn name(&self) -> Option<(String, usize)> {
        let cell = self.name.as_ref()?;
        let name = clean_name(&cell.raw);
        (!name.is_empty()).then_some((name, cell.start))
    }
}

/// The columns of a table, classified.
pub(crate) fn columns(table: &Table) -> Vec<Column> {
    table
        .header
        .cells
        .iter()
        .map(|cell| vocab::column(&heading_key(&cell.raw), &clean_name(&cell.raw)))
        .collect()
}

/// Reads every row of a table. Extra cells and unknown columns are kept in the description and reported.
pub(crate) fn rows(table: &Table, sink: &mut Sink<'_>) -> Vec<RowData> {
    let columns = columns(table);
    let unknown: Vec<&str> = columns
        .iter()
        .filter_map(|c| match c {
            Column::Other(name) => Some(name.as_str()),
            _ => None,
        })
        .collect();
    if !unknown.is_empty() {
        sink.warn(
            table.header.start,
            "unknown-column",
            format!("unknown table column(s) {}", quote_list(&unknown)),
            "Name, Type, Required, Default, Description (or Return Code); the cells are kept in the description",
        );
    }
    let description_index = columns
        .iter()
        .position(|c| *c == Column::Description)
        .unwrap_or(columns.len().saturating_sub(1));
    let mut out = Vec::with_capacity(table.rows.len());
    for row in &table.rows {
        let mut cells = row.cells.clone();
        if cells.len() > columns.len() && !columns.is_empty() {
            let extra: Vec<String> = cells.drain(columns.len()..).map(|c| c.raw).collect();
            let first_extra = row.cells[columns.len()].start;
            sink.warn(
                first_extra,
                "extra-cells",
                format!(
                    "row has {} cell(s), the header {}",
                    row.cells.len(),
                    columns.len()
                ),
                "one cell per column; an unescaped `|` is written `\\|`. The extra text is kept in the description",
            );
            let target = &mut cells[description_index];
            let joined = std::iter::once(target.raw.as_str())
                .chain(extra.iter().map(String::as_str))
                .collect::<Vec<_>>()
                .join(" | ");
            target.raw = joined.trim_matches([' ', '|']).to_owned();
        } else if cells.len() < columns.len() {
            sink.warn(
                row.start,
                "missing-cells",
                format!(
                    "row has {} cell(s), the header {}",
                    cells.len(),
                    columns.len()
                ),
                "one cell per column; the missing ones are read as empty",
            );
        }
        let mut data = RowData {
            name: None,
            ty: None,
            required: None,
            default: None,
            code: None,
            method: None,
            description: String::new(),
            start: row.start,
        };
        let mut others = Vec::new();
        for (column, cell) in columns.iter().zip(cells) {
            match column {
                Column::Name => data.name = Some(cell),
                Column::Type => data.ty = Some(cell),
                Column::Required => data.required = Some(cell),
                Column::Default => {
                    let value = clean_markdown(&cell.raw);
                    data.default = (!value.is_empty()).then_some(value);
                }
                Column::Description => data.description = clean_markdown(&cell.raw),
                Column::Code => data.code = Some(cell),
                Column::Method => data.method = Some(cell),
                Column::Other(header) => {
                    let value = clean_markdown(&cell.raw);
                    if !value.is_empty() {
                        others.push(format!("{header}: {value}"));
                    }
                }
            }
        }
        for other in others {
            if !data.description.is_empty() {
                data.description.push_str("\n\n");
            }
            data.description.push_str(&other);
        }
        out.push(data);
    }
    out
}

pub(crate) fn quote_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|item| format!("`{item}`"))
        .collect::<Vec<_>>()
        .join(", ")
}
