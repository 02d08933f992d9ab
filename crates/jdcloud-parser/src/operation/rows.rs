//! Table rows into fields, types and return codes: the row reading shared by models, returns and
//! parameters.

use std::collections::{HashMap, HashSet};

use jdcloud_model::{Field, ReturnCode, Type};

use crate::blocks::{Cell, Table};
use crate::diagnostic::Sink;
use crate::operation::sections::ModelDef;
use crate::table::{self, columns, RowData};
use crate::text::{clean_name, heading_key};
use crate::typecell::{self, TypeCell};
use crate::vocab::{self, Column};

/// Reads table rows into fields and parameters, resolving model links against the document's model
/// sections.
pub(crate) struct RowReader {
    models: ModelIndex,
}

impl RowReader {
    pub(crate) fn new(defs: &[ModelDef<'_>]) -> Self {
        RowReader {
            models: ModelIndex::new(defs),
        }
    }

    /// The type of a Type cell; an unreadable one is an error.
    fn ty(&self, cell: &Cell, sink: &mut Sink<'_>) -> Option<Type> {
        match typecell::parse(&cell.raw) {
            Ok(parsed) => Some(self.models.resolve(&parsed, cell.start, sink)),
            Err(found) => {
                sink.error(
                    cell.start,
                    "invalid-type",
                    format!("cannot read type {found}"),
                    "String, Integer, Long, Double, Float, Number, Boolean, Object, Map, Map<K, V>, X[], List<X> or a model link such as [Backup[]](#Backup)",
                );
                None
            }
        }
    }

    /// The name and type of a row; a row missing either is an error.
    pub(crate) fn name_and_type(
        &self,
        row: &RowData,
        sink: &mut Sink<'_>,
    ) -> Option<(String, Type)> {
        if row.name.is_none() && row.ty.is_none() {
            // The table lacks the columns; `check_columns` said so.
            return None;
        }
        let Some((name, _)) = row.name() else {
            sink.error(
                row.start,
                "missing-name",
                "row has no name",
                "the parameter or field name in the first cell",
            );
            return None;
        };
        let ty_cell = row.ty.as_ref().filter(|c| !clean_name(&c.raw).is_empty());
        let Some(ty_cell) = ty_cell else {
            let at = row.ty.as_ref().map_or(row.start, |c| c.start);
            sink.error(
                at,
                "missing-type",
                format!("`{name}` has no type"),
                "a type such as String, Integer or a model link",
            );
            return None;
        };
        let ty = self.ty(ty_cell, sink)?;
        Some((name, ty))
    }

    /// The fields of a model or return table, each name once (a repeated one is a warning).
    pub(crate) fn fields(&self, table: &Table, what: &str, sink: &mut Sink<'_>) -> Vec<Field> {
        check_columns(table, what, sink);
        let mut fields = Vec::new();
        let mut seen = HashSet::new();
        for row in table::rows(table, sink) {
            let Some((name, ty)) = self.name_and_type(&row, sink) else {
                continue;
            };
            let required = read_required(&row, sink);
            if !seen.insert(name.clone()) {
                sink.warn(
                    row.start,
                    "duplicate-field",
                    format!("field `{name}` appears twice in this table"),
                    "one row per field; the first row is kept",
                );
                continue;
            }
            fields.push(Field {
                name,
                ty,
                required,
                default: row.default.clone(),
                description: row.description.clone(),
                line: sink.source.line(row.start),
            });
        }
        fields
    }
}

/// The columns a table of fields or parameters needs.
pub(crate) fn check_columns(table: &Table, what: &str, sink: &mut Sink<'_>) {
    let columns = columns(table);
    for (needed, label) in [(Column::Name, "Name"), (Column::Type, "Type")] {
        if !columns.contains(&needed) && !table.rows.is_empty() {
            sink.error(
                table.header.start,
                "missing-column",
                format!("{what} table has no {label} column"),
                "a header such as `|Name|Type|Required or Not|Default Value|Description|`",
            );
        }
    }
}

/// The Required cell of a row: yes or no in any of the documents' spellings; anything else is a warning
/// and no.
pub(crate) fn read_required(row: &RowData, sink: &mut Sink<'_>) -> bool {
    let Some(cell) = &row.required else {
        return false;
    };
    let key = heading_key(&cell.raw);
    match vocab::required(&key) {
        Some(value) => value,
        None => {
            sink.warn(
                cell.start,
                "invalid-required",
                format!("`{}` is not a yes or no", cell.raw),
                "True, False, Yes or No; read as not required",
            );
            false
        }
    }
}

/// The rows of a Return Code table, sorted by code; rows that are not HTTP statuses are warnings.
pub(crate) fn return_codes(table: &Table, sink: &mut Sink<'_>) -> Vec<ReturnCode> {
    let mut codes = Vec::new();
    let has_code_column = columns(table).contains(&Column::Code);
    for row in table::rows(table, sink) {
        let cell = if has_code_column {
            row.code.as_ref()
        } else {
            row.name.as_ref()
        };
        let raw = cell.map(|c| clean_name(&c.raw)).unwrap_or_default();
        match raw.parse::<u16>() {
            Ok(code) if (100..600).contains(&code) => codes.push(ReturnCode {
                code,
                description: row.description.clone(),
                line: sink.source.line(row.start),
            }),
            _ => sink.warn(
                cell.map_or(row.start, |c| c.start),
                "invalid-return-code",
                format!("`{raw}` is not an HTTP status code"),
                "a status code from 100 to 599; the row is ignored",
            ),
        }
    }
    codes.sort_by_key(|c| c.code);
    codes
}

/// Where model names point: names and anchors of the document's model sections.
struct ModelIndex {
    /// (key, canonical name), keys being names and anchors as written.
    exact: HashMap<String, String>,
    /// The same, lower-cased.
    folded: HashMap<String, String>,
}

impl ModelIndex {
    fn new(defs: &[ModelDef<'_>]) -> Self {
        let mut exact = HashMap::new();
        let mut folded = HashMap::new();
        for def in defs {
            for key in std::iter::once(&def.name).chain(def.anchor.as_ref()) {
                exact.entry(key.clone()).or_insert_with(|| def.name.clone());
                folded
                    .entry(key.to_lowercase())
                    .or_insert_with(|| def.name.clone());
            }
        }
        ModelIndex { exact, folded }
    }

    fn lookup(&self, key: &str) -> Option<&str> {
        self.exact
            .get(key)
            .or_else(|| self.folded.get(&key.to_lowercase()))
            .map(String::as_str)
    }

    fn resolve(&self, cell: &TypeCell, at: usize, sink: &mut Sink<'_>) -> Type {
        let Some(named) = cell.named() else {
            return cell.resolve(None);
        };
        let fragment = cell
            .link
            .as_deref()
            .and_then(|link| link.rsplit_once('#').map(|(_, f)| f).or(Some(link)))
            .map(|f| f.trim_start_matches('#'))
            .filter(|f| !f.is_empty());
        let found = fragment
            .and_then(|f| self.lookup(f))
            .or_else(|| self.lookup(named));
        if found.is_none() {
            let target = cell
                .link
                .as_deref()
                .map(|l| format!(" (link `{l}`)"))
                .unwrap_or_default();
            sink.warn(
                at,
                "unresolved-model",
                format!("model `{named}`{target} is not defined in this document"),
                format!("a section `### {named}` with its table; typed as any-object"),
            );
        }
        cell.resolve(found)
    }
}
