//! One operation document into one [`Operation`], in phases:
//!
//! 1. [`sections::scan_sections`]: find the sections (one pass over the blocks);
//! 2. [`read_header`]: the id, method and [`address::Address`];
//! 3. [`models::read_models`]: model sections into models (types resolved by [`rows::RowReader`]);
//!    the return and return-code tables;
//! 4. [`parameters::place_parameters`]: each parameter where it travels (path, host, header, query,
//!    body), a `body` wrapper model unwrapped.

mod address;
mod models;
mod parameters;
mod rows;
mod sections;

use jdcloud_model::{Method, Operation, Source};

use crate::blocks::{Block, Heading};
use crate::diagnostic::Sink;
use crate::page::file_stem;

pub(crate) use address::parse_method;
use address::{parse_address, Address};
use sections::Sections;

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

/// Reads one operation document. Returns `None` when errors prevent building the operation; the sink has
/// them.
pub(crate) fn parse_operation(
    file: &str,
    blocks: &[Block],
    sink: &mut Sink<'_>,
) -> Option<OperationDoc> {
    let sections = sections::scan_sections(blocks, sink);
    let header = read_header(file, &sections, sink)?;
    let rows = rows::RowReader::new(&sections.models);
    let mut models = models::read_models(&sections.models, &rows, sink);
    let response = sections
        .response_table
        .map(|table| rows.fields(table, "return", sink))
        .unwrap_or_default();
    let return_codes = sections
        .codes_table
        .map(|table| rows::return_codes(table, sink))
        .unwrap_or_default();
    // What is read above is reported even when the method or address is missing.
    let (Some(method), Some(address)) = (header.method, header.address) else {
        return None;
    };
    let tables = [sections.path_table, sections.request_table];
    let mut parameters = parameters::place_parameters(&address, method, tables, &rows, sink);
    if method.has_body() {
        parameters::unwrap_body(&mut parameters, &mut models, &response, sink);
    }
    Some(OperationDoc {
        operation: Operation {
            id: header.id,
            description: sections.description.unwrap_or_default(),
            method,
            path: address.path,
            host: None,
            version: None,
            parameters,
            response,
            models,
            return_codes,
            source: Source {
                file: file.to_owned(),
                line: sink.source.line(header.id_start),
                copies: Vec::new(),
            },
            overlays: Vec::new(),
        },
        host: address.host,
        version: address.version,
    })
}

/// What identifies an operation and where it is sent.
struct Header {
    id: String,
    /// Where the id heading starts (the start of the page when the id is the file name's).
    id_start: usize,
    /// `None` after an error.
    method: Option<Method>,
    /// `None` after an error.
    address: Option<Address>,
}

/// The id (from the `#` heading, else the file name), the method and the address. `None` when there
/// is no id at all; a missing method or address is an error in the sink and `None` in the header.
fn read_header(file: &str, sections: &Sections<'_>, sink: &mut Sink<'_>) -> Option<Header> {
    let id = sections
        .id
        .clone()
        .or_else(|| id_from_file_name(file, &sections.headings, sink));
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
    if sections.method.is_none() && (!sink.has_errors() || sections.method_heading.is_none()) {
        sink.error(
            sections.method_heading.unwrap_or(id_start),
            "no-method",
            "document gives no request method",
            "a `## Request Method` section holding GET, POST, PUT, PATCH, DELETE or HEAD",
        );
    }
    let address = match &sections.address {
        Some((raw, start)) => parse_address(raw, *start, sink),
        None => {
            sink.error(
                sections.address_heading.unwrap_or(id_start),
                "no-address",
                "document gives no request address",
                "a `## Request Address` section holding the URL template, such as `https://redis.jdcloud-api.com/v1/regions/{regionId}/...`",
            );
            None
        }
    };
    Some(Header {
        id,
        id_start,
        method: sections.method,
        address,
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
