//! Reads JD Cloud API reference documents (markdown, one file per operation) into the
//! [`jdcloud_model`] types.
//!
//! Every page is first classified ([`PageKind`]): operations are read as operations, `overview.md` and
//! change logs as product metadata; other pages are skipped with a note and can never stop a run.
//!
//! The parser takes documents as bytes ([`Input`]) and returns services plus diagnostics ([`Parsed`]);
//! it never panics on bad input. [`read_tree`] loads a folder of documents from disk. Every table row of every document
//! ends up in the model or in a [`Diagnostic`].
//!
//! Diagnostic codes:
//!
//! | code | severity | meaning |
//! |---|---|---|
//! | `not-text`, `not-utf8` | error | the file cannot be read as a document |
//! | `empty-document` | warning | the file holds nothing but white space; it is skipped |
//! | `no-operation-heading` | warning | an operation page with no `# operationId` heading; the file name is the id (an error when the file name is not one word) |
//! | `invalid-operation-id` | error | the operation heading is not a single word |
//! | `no-method`, `invalid-method` | error | no request method, or not an HTTP method |
//! | `no-address`, `invalid-address` | error | no request address, or not a URL template |
//! | `missing-column` | error | a parameter or field table lacks its Name or Type column |
//! | `missing-name`, `missing-type`, `invalid-type` | error | a row with no name, no type, or an unreadable type |
//! | `invalid-model-name` | error | a model section whose heading (and anchor) cannot name a model |
//! | `duplicate-operation` | warning | one operation of one service (ids equal up to case) in several files; one copy is kept (see [`DuplicateRule`]) |
//! | `not-an-operation` | warning | a page with parameter or return sections but no method or address; it is skipped |
//! | `doubled-version` | warning | a path starting with its version twice (`/v1/v1/...`); read with one |
//! | `invalid-release` | warning | a change log row whose version is not a version number; the row is ignored |
//! | `skipped-page` | note | a page that is not an operation (protocol page, table of contents, introduction) |
//! | `body-wrapper` | note | a body parameter `body` of a model type: the model's fields are the body parameters |
//! | `unknown-heading` | warning | a section the parser does not know; its content is ignored |
//! | `ignored-table` | warning | a table where none is expected |
//! | `unknown-column` | warning | an unexpected column; its cells are kept in the description |
//! | `extra-cells`, `missing-cells` | warning | a row with more or fewer cells than its header |
//! | `unresolved-model` | warning | a model link that resolves to no section; typed as any-object |
//! | `duplicate-model` | warning | a model defined twice in one document; the definitions are merged |
//! | `duplicate-parameter`, `duplicate-field` | warning | a parameter or field documented twice; the first row is kept |
//! | `missing-path-param` | warning | a `{param}` of the path with no row; typed as a required string |
//! | `unused-path-param` | warning | a path parameter row not in the path; sent as a query or body parameter |
//! | `invalid-required` | warning | a required cell that is not a yes or no; read as not required |
//! | `invalid-return-code` | warning | a return code that is not an HTTP status; the row is ignored |
//! | `id-mismatch` | warning | the operation heading differs from the file name |
//! | `no-host` | warning | an address without a host; the service is taken from the folder |
//! | `stale-overview` | warning | an overview lists operations that have no document |
//! | `too-many-diagnostics` | as the worst suppressed | more than 200 diagnostics in one document; the rest are counted |

#![deny(missing_docs)]

mod blocks;
mod changelog;
mod diagnostic;
mod duplicates;
mod load;
mod operation;
mod overview;
mod page;
mod services;
mod source;
mod table;
mod text;
mod typecell;
mod vocab;

pub use diagnostic::{Diagnostic, Severity, Snippet};
pub use duplicates::DuplicateRule;
pub use load::{exclude_list, read_tree};
pub use operation::OperationDoc;
pub use overview::Overview;
pub use page::PageKind;
pub use services::{parse_tree, parse_tree_with, Input, Options, Parsed};

/// Parses a single operation document (for tools, tests and fuzzing). `file` names it in diagnostics.
pub fn parse_document(file: &str, bytes: &[u8]) -> Parsed {
    parse_tree(&[Input {
        path: file.to_owned(),
        bytes: bytes.to_vec(),
    }])
}
