//! One operation document into one [`Operation`], or an `overview.md` into an [`Overview`].

use std::collections::{HashMap, HashSet};

use jdcloud_model::{
    Field, Location, Method, Model, Operation, Parameter, ReturnCode, Source, Type,
};

use crate::blocks::{Block, Heading, Table};
use crate::diagnostic::Sink;
use crate::page::file_stem;
use crate::table::{self, columns, quote_list, RowData};
use crate::text::{clean_markdown, clean_name, heading_key};
use crate::typecell::{self, TypeCell};
use crate::vocab::{self, Column, Section};

/// An operation read from its document, with what the service is derived from.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationDoc {
    /// The operation; `host` and `version` are left for the service to decide.
    pub operation: Operation,
    /// Host template of the address (`redis.jdcloud-api.com`), when the address has a host.
    pub host: Option<String>,
    /// API version read from the path (`v1`), when the path starts with one.
    pub version: Option<String>,
}

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
struct ModelDef<'t> {
    name: String,
    anchor: Option<String>,
    start: usize,
    table: &'t Table,
}

/// Reads one operation document. Returns `None` when errors prevent building the operation; the sink has
/// them.
pub(crate) fn parse_operation(
    file: &str,
    blocks: &[Block],
    sink: &mut Sink<'_>,
) -> Option<OperationDoc> {
    let text = sink.source.text();
    let headings: Vec<&Heading> = blocks
        .iter()
        .filter_map(|b| match b {
            Block::Heading(h) => Some(h),
            _ => None,
        })
        .collect();

    let mut id: Option<(String, usize)> = None;
    let mut description: Option<String> = None;
    let mut description_start: Option<usize> = None;
    let mut method_heading: Option<usize> = None;
    let mut method: Option<(Method, usize)> = None;
    let mut address_heading: Option<usize> = None;
    let mut address: Option<(String, usize)> = None;
    let mut path_table: Option<&Table> = None;
    let mut request_table: Option<&Table> = None;
    let mut response_table: Option<&Table> = None;
    let mut codes_table: Option<&Table> = None;
    let mut model_defs: Vec<ModelDef<'_>> = Vec::new();
    let mut current = Current::Preamble;
    let mut heading_index = 0usize;

    let finish = |current: &mut Current, sink: &mut Sink<'_>| {
        if let Current::Unknown { start, text, rows } =
            std::mem::replace(current, Current::Preamble)
        {
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
    };

    for (index, block) in blocks.iter().enumerate() {
        match block {
            Block::Heading(h) => {
                if let Some(start) = description_start.take() {
                    description = Some(clean_markdown(&text[start..h.start]));
                }
                finish(&mut current, sink);
                let this_heading = heading_index;
                heading_index += 1;
                if h.level == 1 {
                    if id.is_none() {
                        id = Some((h.text.clone(), h.start));
                        current = Current::Preamble;
                    } else {
                        current = Current::Unknown {
                            start: h.start,
                            text: h.text.clone(),
                            rows: 0,
                        };
                    }
                    continue;
                }
                // A heading right above a table of fields is a model section, whatever its level.
                let next_is_table = match blocks.get(index + 1) {
                    Some(Block::Table(table)) => {
                        let columns = columns(table);
                        columns.contains(&Column::Name) && columns.contains(&Column::Type)
                    }
                    _ => false,
                };
                let in_examples =
                    matches!(current, Current::Section(Section::Examples)) && h.level > 2;
                current = match vocab::section(&heading_key(&h.text)) {
                    Some(section) if h.level == 2 || !next_is_table => {
                        match section {
                            Section::Description => description_start = Some(h.end),
                            Section::Method => method_heading = Some(h.start),
                            Section::Address => address_heading = Some(h.start),
                            _ => {}
                        }
                        Current::Section(section)
                    }
                    _ if in_examples => Current::Section(Section::Examples),
                    _ if next_is_table => Current::Model {
                        heading_index: this_heading,
                    },
                    _ => Current::Unknown {
                        start: h.start,
                        text: h.text.clone(),
                        rows: 0,
                    },
                };
            }
            Block::Text { text: body, start } => match &current {
                Current::Section(Section::Method) if method.is_none() => {
                    let word = clean_name(body);
                    match parse_method(&word) {
                        Some(m) => method = Some((m, *start)),
                        None => sink.error(
                            *start,
                            "invalid-method",
                            format!("`{word}` is not an HTTP method"),
                            "one of GET, POST, PUT, PATCH, DELETE, HEAD",
                        ),
                    }
                }
                Current::Section(Section::Address) if address.is_none() => {
                    address = Some((clean_name(body), *start));
                }
                _ => {}
            },
            Block::Table(table) => match &mut current {
                Current::Section(Section::Address) if path_table.is_none() => {
                    path_table = Some(table)
                }
                Current::Section(Section::Request) if request_table.is_none() => {
                    request_table = Some(table)
                }
                Current::Section(Section::Response) if response_table.is_none() => {
                    response_table = Some(table)
                }
                Current::Section(Section::ReturnCodes) if codes_table.is_none() => {
                    codes_table = Some(table)
                }
                Current::Section(Section::Description | Section::Examples) => {}
                Current::Model { heading_index } => {
                    let h = headings[*heading_index];
                    // The heading's text names the model; a garbled one falls back to its anchor.
                    let name = [Some(&h.text), h.anchor.as_ref()]
                        .into_iter()
                        .flatten()
                        .find(|n| Type::is_model_name(n))
                        .cloned();
                    match name {
                        Some(name) => model_defs.push(ModelDef {
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
                    current = Current::Preamble;
                }
                Current::Unknown { rows, .. } => *rows += table.rows.len(),
                _ => sink.warn(
                    table.header.start,
                    "ignored-table",
                    format!(
                        "table with {} row(s) where none is expected",
                        table.rows.len()
                    ),
                    "a table right after a section heading or a model heading",
                ),
            },
        }
    }
    if let Some(start) = description_start.take() {
        description = Some(clean_markdown(&text[start..]));
    }
    finish(&mut current, sink);

    let id = id.or_else(|| id_from_file_name(file, &headings, sink));
    let Some((id, id_start)) = id else {
        sink.error(
            0,
            "no-operation-heading",
            "document has no operation heading, and its file name is not an operation id",
            "a first-level heading naming the operation, such as `# describeBackups`",
        );
        return None;
    };
    if !is_operation_id(&id) {
        sink.error(
            id_start,
            "invalid-operation-id",
            format!("operation id `{id}` is not a single word"),
            "an operation id such as `describeBackups`",
        );
    }
    check_file_name(file, &id, id_start, sink);
    let method = match method {
        Some((m, _)) => Some(m),
        None => {
            if !sink.has_errors() || method_heading.is_none() {
                sink.error(
                    method_heading.unwrap_or(id_start),
                    "no-method",
                    "document gives no request method",
                    "a `## Request Method` section holding GET, POST, PUT, PATCH, DELETE or HEAD",
                );
            }
            None
        }
    };
    let parsed_address = match &address {
        Some((raw, start)) => parse_address(raw, *start, sink),
        None => {
            sink.error(
                address_heading.unwrap_or(id_start),
                "no-address",
                "document gives no request address",
                "a `## Request Address` section holding the URL template, such as `https://redis.jdcloud-api.com/v1/regions/{regionId}/...`",
            );
            None
        }
    };

    let models = ModelIndex::new(&model_defs);
    let resolve = |cell: &crate::blocks::Cell, sink: &mut Sink<'_>| -> Option<Type> {
        match typecell::parse(&cell.raw) {
            Ok(parsed) => Some(models.resolve(&parsed, cell.start, sink)),
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
    };

    let fields_of = |table: &Table, what: &str, sink: &mut Sink<'_>| -> Vec<Field> {
        check_columns(table, what, sink);
        let mut fields = Vec::new();
        let mut seen = HashSet::new();
        for row in table::rows(table, sink) {
            let Some((name, ty)) = name_and_type(&row, sink, &resolve) else {
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
    };

    let mut model_list: Vec<Model> = Vec::new();
    for def in &model_defs {
        let fields = fields_of(def.table, "model", sink);
        let line = sink.source.line(def.start);
        match model_list.iter_mut().find(|m| m.name == def.name) {
            Some(existing) => {
                let mut added = Vec::new();
                let mut conflicting = Vec::new();
                let known: HashMap<String, Type> = existing
                    .fields
                    .iter()
                    .map(|f| (f.name.clone(), f.ty.clone()))
                    .collect();
                for field in fields {
                    match known.get(&field.name) {
                        Some(ty) if *ty != field.ty => conflicting.push(field.name.clone()),
                        Some(_) => {}
                        None => {
                            added.push(field.name.clone());
                            existing.fields.push(field);
                        }
                    }
                }
                let mut what = format!(
                    "model `{}` is defined again (first at line {}); its {} row(s) are merged",
                    def.name,
                    existing.line,
                    def.table.rows.len()
                );
                if !added.is_empty() {
                    let names: Vec<&str> = added.iter().map(String::as_str).collect();
                    what.push_str(&format!("; fields {} added", quote_list(&names)));
                }
                if !conflicting.is_empty() {
                    let names: Vec<&str> = conflicting.iter().map(String::as_str).collect();
                    what.push_str(&format!(
                        "; fields {} differ in type, the first definition is kept",
                        quote_list(&names)
                    ));
                }
                sink.warn(
                    def.start,
                    "duplicate-model",
                    what,
                    "one section per model; the definitions are merged",
                );
            }
            None => model_list.push(Model {
                name: def.name.clone(),
                fields,
                line,
            }),
        }
    }

    let response = match response_table {
        Some(table) => fields_of(table, "return", sink),
        None => Vec::new(),
    };

    let return_codes = codes_table
        .map(|t| return_codes(t, sink))
        .unwrap_or_default();

    let (method, (host, path, version, placeholders, host_placeholders, address_start)) =
        match (method, parsed_address) {
            (Some(m), Some(a)) => (m, a),
            _ => return None,
        };

    // Parameters: the address table, then the request table.
    let mut path_params: HashMap<String, Parameter> = HashMap::new();
    let mut others: Vec<Parameter> = Vec::new();
    let mut other_names: HashSet<String> = HashSet::new();
    let default_location = if method.has_body() {
        Location::Body
    } else {
        Location::Query
    };
    let mut add = |row: &RowData, from_address: bool, sink: &mut Sink<'_>| {
        let Some((name, ty)) = name_and_type(row, sink, &resolve) else {
            return;
        };
        let required = read_required(row, sink);
        let location = if placeholders.contains(&name) {
            Location::Path
        } else if host_placeholders.contains(&name) {
            Location::Host
        } else if vocab::is_header_name(&name) {
            Location::Header
        } else {
            if from_address {
                sink.warn(
                    row.start,
                    "unused-path-param",
                    format!("path parameter `{name}` does not appear in the address"),
                    format!(
                        "a `{{{name}}}` in the address; it is sent as a {} parameter",
                        location_word(default_location)
                    ),
                );
            }
            default_location
        };
        let param = Parameter {
            set_by_runtime: location == Location::Header && vocab::is_runtime_header(&name),
            name: name.clone(),
            location,
            ty,
            required: required || location == Location::Path,
            default: row.default.clone(),
            description: row.description.clone(),
            line: sink.source.line(row.start),
        };
        let duplicate = if location == Location::Path {
            path_params.contains_key(&name)
        } else {
            !other_names.insert(name.clone())
        };
        if duplicate {
            sink.warn(
                row.start,
                "duplicate-parameter",
                format!("parameter `{name}` is documented twice"),
                "one row per parameter; the first row is kept",
            );
        } else if location == Location::Path {
            path_params.insert(name, param);
        } else {
            others.push(param);
        }
    };
    if let Some(table) = path_table {
        check_columns(table, "parameter", sink);
        for row in table::rows(table, sink) {
            add(&row, true, sink);
        }
    }
    if let Some(table) = request_table {
        check_columns(table, "parameter", sink);
        for row in table::rows(table, sink) {
            add(&row, false, sink);
        }
    }
    let mut parameters = Vec::new();
    for name in &placeholders {
        match path_params.remove(name) {
            Some(p) => parameters.push(p),
            None => {
                sink.warn(
                    address_start,
                    "missing-path-param",
                    format!("`{{{name}}}` of the address has no parameter row"),
                    format!(
                        "a row for `{name}` under the address; it is typed as a required string"
                    ),
                );
                parameters.push(Parameter {
                    name: name.clone(),
                    location: Location::Path,
                    ty: Type::String,
                    required: true,
                    default: None,
                    description: String::new(),
                    set_by_runtime: false,
                    line: sink.source.line(address_start),
                });
            }
        }
    }
    parameters.extend(others);
    if method.has_body() {
        unwrap_body(&mut parameters, &mut model_list, sink);
    }

    Some(OperationDoc {
        operation: Operation {
            id,
            description: description.unwrap_or_default(),
            method,
            path,
            host: None,
            version: None,
            parameters,
            response,
            models: model_list,
            return_codes,
            source: Source {
                file: file.to_owned(),
                line: sink.source.line(id_start),
                copies: Vec::new(),
            },
        },
        host,
        version,
    })
}

/// The id of a page with no `# operationId` heading: its file name, when that is one word.
fn id_from_file_name(
    file: &str,
    headings: &[&Heading],
    sink: &mut Sink<'_>,
) -> Option<(String, usize)> {
    let stem = file_stem(file);
    if !is_operation_id(stem) {
        return None;
    }
    let at = headings.first().map_or(0, |h| h.start);
    sink.warn(
        at,
        "no-operation-heading",
        format!("document has no operation heading; the id `{stem}` is taken from the file name"),
        format!("a first-level heading `# {stem}` above the sections"),
    );
    Some((stem.to_owned(), at))
}

fn is_operation_id(id: &str) -> bool {
    !id.is_empty() && id.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// A body parameter named `body` whose type is a model stands for the whole body: its fields become the
/// body parameters, keeping their requiredness, and the model goes unless something else uses it.
fn unwrap_body(parameters: &mut Vec<Parameter>, models: &mut Vec<Model>, sink: &mut Sink<'_>) {
    let Some((index, name)) = parameters
        .iter()
        .enumerate()
        .find_map(|(i, p)| match &p.ty {
            Type::Model(name)
                if p.location == Location::Body && p.name.eq_ignore_ascii_case("body") =>
            {
                Some((i, name.clone()))
            }
            _ => None,
        })
    else {
        return;
    };
    let Some(model) = models.iter().find(|m| m.name == name) else {
        return;
    };
    let fields = model.fields.clone();
    let wrapper = parameters.remove(index);
    let mut unwrapped = Vec::new();
    for field in fields {
        if parameters.iter().any(|p| p.name == field.name) {
            let at = sink.source.offset_of_line(field.line);
            sink.warn(
                at,
                "duplicate-parameter",
                format!(
                    "field `{}` of body model `{name}` is also a parameter",
                    field.name
                ),
                "one row per parameter; the parameter row is kept",
            );
            continue;
        }
        unwrapped.push(Parameter {
            name: field.name,
            location: Location::Body,
            ty: field.ty,
            required: field.required,
            default: field.default,
            description: field.description,
            set_by_runtime: false,
            line: field.line,
        });
    }
    let names: Vec<&str> = unwrapped.iter().map(|p| p.name.as_str()).collect();
    let moved = quote_list(&names);
    parameters.splice(index..index, unwrapped);
    let used = parameters
        .iter()
        .any(|p| p.ty.model_name() == Some(name.as_str()))
        || models
            .iter()
            .filter(|m| m.name != name)
            .flat_map(|m| &m.fields)
            .any(|f| f.ty.model_name() == Some(name.as_str()));
    if !used {
        models.retain(|m| m.name != name);
    }
    let at = sink.source.offset_of_line(wrapper.line);
    sink.note(
        at,
        "body-wrapper",
        format!(
            "parameter `{}` of model `{name}` is the request body: its fields {moved} are the body parameters",
            wrapper.name
        ),
        "the fields of the body model at the top level of the JSON body, as the official SDK sends them",
    );
}

fn location_word(location: Location) -> &'static str {
    match location {
        Location::Body => "body",
        _ => "query",
    }
}

fn check_file_name(file: &str, id: &str, at: usize, sink: &mut Sink<'_>) {
    let stem = file_stem(file);
    if !stem.is_empty() && !stem.eq_ignore_ascii_case(id) {
        sink.warn(
            at,
            "id-mismatch",
            format!("operation `{id}` is documented in a file named `{stem}.md`"),
            format!("a file named `{id}.md`; the heading wins"),
        );
    }
}

/// The columns a table of fields or parameters needs.
fn check_columns(table: &Table, what: &str, sink: &mut Sink<'_>) {
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

fn name_and_type(
    row: &RowData,
    sink: &mut Sink<'_>,
    resolve: &dyn Fn(&crate::blocks::Cell, &mut Sink<'_>) -> Option<Type>,
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
    let ty = resolve(ty_cell, sink)?;
    Some((name, ty))
}

fn read_required(row: &RowData, sink: &mut Sink<'_>) -> bool {
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

fn return_codes(table: &Table, sink: &mut Sink<'_>) -> Vec<ReturnCode> {
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

fn parse_method(word: &str) -> Option<Method> {
    let word = word.split_whitespace().next()?.to_ascii_uppercase();
    Method::ALL.into_iter().find(|m| m.as_str() == word)
}

/// Host template, path template, version, path placeholders, host placeholders, offset.
type Address = (
    Option<String>,
    String,
    Option<String>,
    Vec<String>,
    Vec<String>,
    usize,
);

fn parse_address(raw: &str, start: usize, sink: &mut Sink<'_>) -> Option<Address> {
    let url = url_token(raw).map(|w| w.trim_matches(['`', '<', '>', '\'', '"', '(', ')']));
    let Some(url) = url else {
        sink.error(
            start,
            "invalid-address",
            format!("`{raw}` is not a URL"),
            "a URL template such as `https://redis.jdcloud-api.com/v1/regions/{regionId}/cacheInstance`",
        );
        return None;
    };
    let (host, path) = match url.split_once("://") {
        Some((_, rest)) => match rest.find('/') {
            Some(slash) => (Some(rest[..slash].to_owned()), rest[slash..].to_owned()),
            None => (Some(rest.to_owned()), "/".to_owned()),
        },
        None => (None, url.to_owned()),
    };
    let mut path = path.split(['?', '#']).next().unwrap_or("/").to_owned();
    let mut segments = path.split('/').filter(|s| !s.is_empty());
    if let (Some(first), Some(second)) = (segments.next(), segments.next()) {
        if first == second && is_version(first) {
            let doubled = format!("/{first}/{second}");
            sink.warn(
                start,
                "doubled-version",
                format!("the path starts with its version twice (`{doubled}`)"),
                format!("one version prefix; read as `/{first}`"),
            );
            path = path.replacen(&doubled, &format!("/{first}"), 1);
        }
    }
    let path_placeholders = match placeholders(&path) {
        Ok(p) => p,
        Err(bad) => {
            let at = sink.source.text()[start..]
                .find(&bad)
                .map_or(start, |i| start + i);
            sink.error(
                at,
                "invalid-address",
                format!("path placeholder `{bad}` is not a name"),
                "placeholders such as `{regionId}`",
            );
            return None;
        }
    };
    let host_placeholders = host
        .as_deref()
        .map(placeholders)
        .and_then(Result::ok)
        .unwrap_or_default();
    let version = path
        .split('/')
        .find(|s| !s.is_empty())
        .filter(|s| is_version(s))
        .map(str::to_owned);
    Some((
        host,
        path,
        version,
        path_placeholders,
        host_placeholders,
        start,
    ))
}

/// The URL in an address paragraph: the first word holding `://` or starting with `/`, where a word
/// goes on through spaces inside `{...}`.
fn url_token(raw: &str) -> Option<&str> {
    let mut word_start = None;
    let mut depth = 0usize;
    for (i, c) in raw.char_indices().chain(std::iter::once((raw.len(), ' '))) {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            c if c.is_whitespace() && depth == 0 => {
                if let Some(start) = word_start.take() {
                    let word = &raw[start..i];
                    if word.contains("://") || word.starts_with('/') {
                        return Some(word);
                    }
                }
                continue;
            }
            _ => {}
        }
        word_start.get_or_insert(i);
    }
    None
}

fn is_version(segment: &str) -> bool {
    let digits = segment.strip_prefix(['v', 'V']).unwrap_or(segment);
    !digits.is_empty()
        && digits.starts_with(|c: char| c.is_ascii_digit())
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && (segment.starts_with(['v', 'V']) || digits.contains('.'))
}

/// The `{name}` placeholders of a template, in order; the error is a malformed one.
fn placeholders(template: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            return Err(rest[open..].to_owned());
        };
        let name = &rest[open + 1..open + close];
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        {
            return Err(format!("{{{name}}}"));
        }
        if !out.iter().any(|n| n == name) {
            out.push(name.to_owned());
        }
        rest = &rest[open + close + 1..];
    }
    Ok(out)
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
