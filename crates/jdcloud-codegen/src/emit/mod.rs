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
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::docs;
use crate::plan::{Module, OpPlan, TypeRef};

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// A type as written in `here` (bare for a model of that module); `None` writes every model with its
/// full path (for code in a submodule, and in the client).
fn rust_type(ty: &TypeRef, here: Option<&Module>) -> TokenStream {
    match ty {
        TypeRef::String => quote!(String),
        TypeRef::I32 => quote!(i32),
        TypeRef::I64 => quote!(i64),
        TypeRef::F32 => quote!(f32),
        TypeRef::F64 => quote!(f64),
        TypeRef::Bool => quote!(bool),
        TypeRef::Json => quote!(::serde_json::Value),
        TypeRef::List(inner) => {
            let inner = rust_type(inner, here);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = rust_type(inner, here);
            quote!(::std::collections::BTreeMap<String, #inner>)
        }
        TypeRef::Model { module, name } => {
            let name = ident(name);
            match module {
                _ if Some(module) == here => quote!(#name),
                Module::Types => quote!(crate::types::#name),
                Module::Operation(op) => {
                    let op = ident(op);
                    quote!(crate::operations::#op::#name)
                }
            }
        }
    }
}

/// Doc attributes: a description from the documents (escaped for rustdoc), then generated notes
/// (written as rustdoc markdown, intra-doc links included), separated by blank lines.
fn describe(description: &str, notes: &[String]) -> TokenStream {
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
    quote! { #( #[doc = #lines] )* }
}

/// The `cfg` attribute of code compiled under any of `features`; nothing when the list is empty.
fn cfg(features: &[String]) -> TokenStream {
    match features {
        [] => TokenStream::new(),
        [one] => quote!(#[cfg(feature = #one)]),
        many => quote!(#[cfg(any(#(feature = #many),*))]),
    }
}

/// The `cfg` attribute of an operation's code.
fn op_cfg(op: &OpPlan<'_>) -> TokenStream {
    cfg(std::slice::from_ref(&op.feature))
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
