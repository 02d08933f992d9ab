//! Model structs and their builders.

use proc_macro2::TokenStream;
use quote::quote;

use super::serde_impls::{deserialize_impl, serialize_impl, SerdeField, UnknownKeys};
use super::{cfg, describe, ident, rust_type};
use crate::plan::{FieldPlan, ModelPlan};

/// A model as a struct: `#[non_exhaustive]` (a later revision may add fields), `Default` only when no
/// field is required, and `builder()` when users build it.
pub fn model_struct(model: &ModelPlan) -> TokenStream {
    let here = Some(&model.module);
    let fields = model.fields.iter().map(|field| {
        let name = ident(&field.rust);
        let ty = field_type(field, here);
        let doc = field_doc(field);
        if field.required {
            quote!(#doc pub #name: #ty,)
        } else {
            quote!(#doc pub #name: Option<#ty>,)
        }
    });
    let serde_fields: Vec<SerdeField<'_>> = model.fields.iter().map(SerdeField::from).collect();
    let name = ident(&model.name);
    let mut notes = vec![model.doc.clone()];
    if model.builder {
        notes.push(format!(
            "Build one with [`{0}::builder`]{1}.",
            model.name,
            if model.has_required() {
                ", which names any required field left out"
            } else {
                ""
            }
        ));
    }
    let doc = describe("", &notes);
    let default = (!model.has_required()).then(|| quote!(Default,));
    let gate = cfg(&model.gate);
    let serialize = serialize_impl(&model.name, &serde_fields, &gate);
    let deserialize = deserialize_impl(&model.name, &serde_fields, UnknownKeys::Skip, &gate);
    let builder = model.builder.then(|| {
        let builder_doc = format!(" A builder of [`{}`].", model.name);
        quote! {
            #gate
            impl #name {
                #[doc = #builder_doc]
                pub fn builder() -> builders::#name {
                    builders::#name::default()
                }
            }
        }
    });
    quote! {
        #doc
        #gate
        #[derive(Debug, Clone, PartialEq, #default)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        #serialize

        #deserialize

        #builder
    }
}

/// `pub mod builders`: one builder per model of the module that users build, named like it.
pub fn builders_module<'m>(models: impl IntoIterator<Item = &'m ModelPlan>) -> TokenStream {
    let builders: Vec<TokenStream> = models
        .into_iter()
        .filter(|m| m.builder)
        .map(builder_struct)
        .collect();
    if builders.is_empty() {
        return TokenStream::new();
    }
    quote! {
        /// Builders of the models of this module that requests carry, each named like its model.
        pub mod builders {
            #(#builders)*
        }
    }
}

fn builder_struct(model: &ModelPlan) -> TokenStream {
    let name = ident(&model.name);
    let wire_model = &model.wire;
    let fields = model.fields.iter().map(|f| {
        let field = ident(&f.rust);
        let ty = field_type(f, None);
        quote!(#field: Option<#ty>,)
    });
    let setters = model.fields.iter().map(|f| {
        let field = ident(&f.rust);
        let set_option = ident(&f.set_option);
        let ty = rust_type(&f.ty, None);
        let (wrap, wrap_option) = if f.boxed {
            (
                quote!(Some(Box::new(#field.into()))),
                quote!(#field.map(Box::new)),
            )
        } else {
            (quote!(Some(#field.into())), quote!(#field))
        };
        let mut notes = Vec::new();
        if f.required {
            notes.push("Required.".to_owned());
        }
        let doc = describe(&f.description, &notes);
        let set_doc = format!(" Sets or clears [`{0}`](Self::{0}).", f.rust);
        quote! {
            #doc
            pub fn #field(mut self, #field: impl Into<#ty>) -> Self {
                self.#field = #wrap;
                self
            }

            #[doc = #set_doc]
            pub fn #set_option(mut self, #field: Option<#ty>) -> Self {
                self.#field = #wrap_option;
                self
            }
        }
    });
    let init = model.fields.iter().map(|f| {
        let field = ident(&f.rust);
        if f.required {
            let wire = &f.wire;
            quote!(#field: self.#field.ok_or(::jdcloud_runtime::BuildError::missing(#wire_model, #wire))?,)
        } else {
            quote!(#field: self.#field,)
        }
    });
    let build = if model.has_required() {
        let required: Vec<String> = model.required().map(|f| format!("`{}`", f.rust)).collect();
        let doc = format!(
            " The [`{}`](super::{}); an error names the first required field left out ({}).",
            model.name,
            model.name,
            required.join(", ")
        );
        quote! {
            #[doc = #doc]
            pub fn build(self) -> Result<super::#name, ::jdcloud_runtime::BuildError> {
                Ok(super::#name { #(#init)* })
            }
        }
    } else {
        let doc = format!(" The [`{}`](super::{}).", model.name, model.name);
        quote! {
            #[doc = #doc]
            pub fn build(self) -> super::#name {
                super::#name { #(#init)* }
            }
        }
    };
    let doc = format!(
        " Builds a [`{0}`](super::{0}); made by [`{0}::builder`](super::{0}::builder).",
        model.name
    );
    let gate = cfg(&model.gate);
    quote! {
        #[doc = #doc]
        #gate
        #[derive(Debug, Clone, Default)]
        #[must_use = "a builder does nothing until it is built"]
        pub struct #name {
            #(#fields)*
        }

        #gate
        impl #name {
            #(#setters)*

            #build
        }
    }
}

/// A field's type in its struct, boxed when the plan says so (without the `Option`).
fn field_type(field: &FieldPlan, here: Option<&crate::plan::Module>) -> TokenStream {
    let ty = rust_type(&field.ty, here);
    if field.boxed {
        quote!(Box<#ty>)
    } else {
        ty
    }
}

fn field_doc(field: &FieldPlan) -> TokenStream {
    let mut extra = Vec::new();
    if let Some(default) = &field.default {
        extra.push(format!("Default: `{}`.", default.replace('`', "'")));
    }
    describe(&field.description, &extra)
}
