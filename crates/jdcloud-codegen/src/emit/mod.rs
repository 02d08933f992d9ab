//! Prints a [`Plan`](crate::plan::Plan) as tokens, one module per kind of file: [`models`] (structs
//! and their builders, with their `Serialize` and `Deserialize` impls from
//! [`serde_impls`]), [`operation`] (an operation's module), [`client`], [`root`] (the crate root,
//! `operations` and `types`) and [`example`]. Nothing here decides a name or a type.

pub mod client;
pub mod example;
pub mod models;
pub mod operation;
pub mod root;
pub mod serde_impls;

use jdcloud_model::Location;

use crate::docs;
use crate::plan::{Module, OpPlan, TypeRef};
use crate::rust::{Ty, Writer};

/// A type as written in `here` (bare for a model of that module); `None` writes every model with its
/// full path (for code in a submodule, and in the client).
fn rust_type(ty: &TypeRef, here: Option<&Module>) -> Ty {
    match ty {
        TypeRef::String => Ty::path("String"),
        TypeRef::I32 => Ty::path("i32"),
        TypeRef::I64 => Ty::path("i64"),
        TypeRef::F32 => Ty::path("f32"),
        TypeRef::F64 => Ty::path("f64"),
        TypeRef::Bool => Ty::path("bool"),
        TypeRef::Json => Ty::path("::serde_json::Value"),
        TypeRef::List(inner) => Ty::generic("Vec", vec![rust_type(inner, here)]),
        TypeRef::Map(inner) => Ty::generic(
            "::std::collections::BTreeMap",
            vec![Ty::path("String"), rust_type(inner, here)],
        ),
        TypeRef::Model { module, name } => match module {
            _ if Some(module) == here => Ty::path(name.as_str()),
            Module::Types => Ty::path(format!("crate::types::{name}")),
            Module::Operation(op) => Ty::path(format!("crate::operations::{op}::{name}")),
        },
    }
}

/// Doc lines: a description from the documents (escaped for rustdoc), then generated notes (written
/// as rustdoc markdown, intra-doc links included), separated by blank lines.
fn describe(description: &str, notes: &[String]) -> Vec<String> {
    let mut lines = if description.trim().is_empty() {
        Vec::new()
    } else {
        docs::lines(description)
    };
    for note in notes {
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.extend(note.lines().map(|l| format!(" {l}")));
    }
    if lines.is_empty() {
        lines.push(" Not described in the documents.".to_owned());
    }
    lines
}

/// A doc line of one sentence written by the generator.
fn doc(text: &str) -> Vec<String> {
    vec![format!(" {text}")]
}

/// The `cfg` attribute of an operation's code.
fn op_cfg(w: &mut Writer, op: &OpPlan<'_>) {
    w.cfg_features(std::slice::from_ref(&op.feature));
}

fn first_line(description: &str) -> &str {
    description.lines().next().unwrap_or("")
}

fn location_word(location: Location) -> &'static str {
    match location {
        Location::Path => "path",
        Location::Query => "query",
        Location::Body => "JSON body",
        Location::Header => "header",
        Location::Host => "host",
    }
}

/// The `# Errors` section of an operation's docs: its documented replies other than success, with
/// the `ErrorCode` each names.
fn errors_section(op: &OpPlan<'_>) -> String {
    let mut text = String::from("# Errors\n\n");
    if op.errors.is_empty() {
        text.push_str("The documents list no error replies of their own for this operation.\n");
    } else {
        text.push_str("The documents list these replies:\n");
        for error in &op.errors {
            let description = docs::escape(&error.description);
            let class = match error.class {
                Some(variant) => {
                    format!(" ([`ErrorCode::{variant}`](crate::ErrorCode::{variant}))")
                }
                None => String::new(),
            };
            let sep = if description.is_empty() { "" } else { " " };
            text.push_str(&format!("- `{}`{sep}{description}{class}\n", error.code));
        }
    }
    text.push_str(
        "\nA reply of the service is a [`ServiceError`](crate::ServiceError) (match on its \
         [`code()`](crate::ServiceError::code)); the call can also fail to be sent, time out or be \
         undecodable: see [`Error`](crate::Error).",
    );
    text
}
