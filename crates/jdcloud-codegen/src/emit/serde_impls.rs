//! The `Serialize` and `Deserialize` impls of a generated struct.
//!
//! Written out rather than derived, because the derives were most of what `cargo check` spent on a
//! generated crate. serde's `Deserialize` derive gives every struct its own field enum, a visitor of
//! identifiers and one of sequences besides the visitor of maps (about 230 lines for a struct); the
//! impl printed here is one visitor of maps that reads each key into a field's index through the
//! runtime's `de::Fields`, and leaves the errors (a repeated key, a required field left out, an
//! unknown key where those are refused) to the runtime's helpers. The `Serialize` derive tests and
//! writes each field through generic calls; the impl printed here hands the runtime's `ser` a table
//! of the fields. The runtime's `de` and `ser` tests hold both to the derives' behaviour.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

use super::ident;
use crate::plan::{FieldPlan, ParamPlan};

/// A field as the impls read and write it.
pub struct SerdeField<'a> {
    /// The struct field (and the local that holds its value while a map is read).
    pub rust: &'a str,
    /// Its key.
    pub wire: &'a str,
    /// Not an `Option`: leaving it out of a map is an error, and it is always written.
    pub required: bool,
}

impl<'a> From<&'a FieldPlan> for SerdeField<'a> {
    fn from(field: &'a FieldPlan) -> Self {
        SerdeField {
            rust: &field.rust,
            wire: &field.wire,
            required: field.required,
        }
    }
}

impl<'a> From<&'a ParamPlan> for SerdeField<'a> {
    fn from(param: &'a ParamPlan) -> Self {
        SerdeField {
            rust: &param.rust,
            wire: &param.wire,
            required: param.required,
        }
    }
}

/// `impl Serialize for #name`, under `gate`: the fields in order, those unset left out.
pub fn serialize_impl(name: &str, fields: &[SerdeField<'_>], gate: &TokenStream) -> TokenStream {
    let ty = ident(name);
    let entries = fields.iter().map(|f| {
        let field = ident(f.rust);
        let wire = f.wire;
        if f.required {
            quote!((#wire, ser::value(&self.#field)))
        } else {
            quote!((#wire, ser::optional(&self.#field)))
        }
    });
    quote! {
        #gate
        impl ::serde::Serialize for #ty {
            fn serialize<S: ::serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                use ::jdcloud_runtime::__private::ser;

                ser::write_struct(serializer, #name, &[#(#entries),*])
            }
        }
    }
}

/// Which keys a struct refuses.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum UnknownKeys {
    /// Skipped (a reply's models: a later revision of the service may add fields).
    Skip,
    /// An error naming the fields there are (an operation's input, read from JSON by `call_json`).
    Deny,
}

/// `impl Deserialize for #name`, under `gate`.
pub fn deserialize_impl(
    name: &str,
    fields: &[SerdeField<'_>],
    unknown: UnknownKeys,
    gate: &TokenStream,
) -> TokenStream {
    let ty = ident(name);
    let expecting = format!("struct {name}");
    let wires = fields.iter().map(|f| f.wire);
    let fields_const = match unknown {
        UnknownKeys::Skip => quote!(de::Fields::new(&[#(#wires),*])),
        UnknownKeys::Deny => quote!(de::Fields::deny_unknown(&[#(#wires),*])),
    };
    // The locals of the visitor besides the fields' own: `map` and `field`, unless a field takes one
    // of those names for its slot (a slot shadowed by the key would take the key's value instead).
    let map = local("map", fields);
    let key = local("field", fields);
    let slots = fields.iter().map(|f| {
        let slot = ident(f.rust);
        quote!(let mut #slot = None;)
    });
    let arms = fields.iter().enumerate().map(|(index, f)| {
        let slot = ident(f.rust);
        let wire = f.wire;
        let index = Literal::usize_unsuffixed(index);
        quote!(Some(#index) => de::value(&mut #map, &mut #slot, #wire),)
    });
    let init = fields.iter().map(|f| {
        let slot = ident(f.rust);
        let wire = f.wire;
        if f.required {
            quote!(#slot: de::required(&#map, #slot, #wire)?,)
        } else {
            quote!(#slot: #slot.flatten(),)
        }
    });
    // A struct without fields binds no key to a field, and reads its map only to skip it.
    let read = if fields.is_empty() {
        quote! {
            while #map.next_key_seed(FIELDS)?.is_some() {
                de::skip(&mut #map)?;
            }
        }
    } else {
        quote! {
            #(#slots)*
            while let Some(#key) = #map.next_key_seed(FIELDS)? {
                match #key {
                    #(#arms)*
                    _ => de::skip(&mut #map),
                }?;
            }
        }
    };
    quote! {
        #gate
        impl<'de> ::serde::Deserialize<'de> for #ty {
            fn deserialize<D: ::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                use ::jdcloud_runtime::__private::de;

                const FIELDS: de::Fields = #fields_const;

                struct Visitor;

                impl<'de> ::serde::de::Visitor<'de> for Visitor {
                    type Value = #ty;

                    fn expecting(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                        f.write_str(#expecting)
                    }

                    fn visit_map<A: ::serde::de::MapAccess<'de>>(self, mut #map: A) -> Result<#ty, A::Error> {
                        #read
                        Ok(#ty { #(#init)* })
                    }
                }

                deserializer.deserialize_struct(#name, FIELDS.names(), Visitor)
            }
        }
    }
}

/// `name`, or `name` with underscores added until no field's slot is called that.
fn local(name: &str, fields: &[SerdeField<'_>]) -> proc_macro2::Ident {
    let mut name = name.to_owned();
    while fields.iter().any(|f| f.rust == name) {
        name.push('_');
    }
    ident(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(rust: &'static str) -> SerdeField<'static> {
        SerdeField {
            rust,
            wire: rust,
            required: false,
        }
    }

    #[test]
    fn the_visitors_locals_never_shadow_a_field() {
        let fields = [field("map"), field("field"), field("map_")];
        let text =
            deserialize_impl("Point", &fields, UnknownKeys::Skip, &TokenStream::new()).to_string();
        assert!(text.contains("mut map__ : A"), "{text}");
        assert!(
            text.contains("while let Some (field_) = map__ . next_key_seed"),
            "{text}"
        );
        assert!(
            text.contains("Some (1) => de :: value (& mut map__ , & mut field , \"field\")"),
            "{text}"
        );
        let plain = deserialize_impl(
            "Point",
            &[field("x")],
            UnknownKeys::Skip,
            &TokenStream::new(),
        )
        .to_string();
        assert!(
            plain.contains("while let Some (field) = map . next_key_seed"),
            "{plain}"
        );
    }
}
