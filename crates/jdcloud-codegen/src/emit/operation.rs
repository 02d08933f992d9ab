//! An operation's module: its models, its request builder (setters, per-call settings, `send()`,
//! `into_stream()` when paged) and its result's `Page` impl.

use jdcloud_model::Location;
use proc_macro2::TokenStream;
use quote::quote;

use super::models::{builders_module, model_struct};
use super::serde_impls::{deserialize_impl, serialize_impl, SerdeField, UnknownKeys};
use super::{describe, errors_section, first_line, ident, location_word, rust_type};
use crate::docs;
use crate::plan::{Module, OpPlan, PagingPlan, ParamPlan, Plan, ResultPlan, TypeRef};

pub fn operation_file(plan: &Plan<'_>, op: &OpPlan<'_>) -> TokenStream {
    let here = Module::Operation(op.module.clone());
    let builder = ident(&op.builder);
    let op_id = &op.op.id;

    let mut models: Vec<_> = Vec::new();
    if let ResultPlan::Model(result) = &op.result {
        models.push(result);
    }
    models.extend(&op.locals);
    let structs = models.iter().map(|m| model_struct(m));
    let builders = builders_module(models.iter().copied());
    let result_ty = match &op.result {
        ResultPlan::Model(model) => {
            let name = ident(&model.name);
            quote!(#name)
        }
        ResultPlan::Type(ty) => rust_type(ty, Some(&here)),
        ResultPlan::Empty => quote!(::jdcloud_runtime::Empty),
    };

    let input = ident(&op.input);
    let input_struct = input_struct(op, &here);
    let new_allow =
        (op.positional.len() + 1 > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let new_args = op.positional.iter().map(|&i| {
        let p = &op.params[i];
        let field = ident(&p.rust);
        let ty = rust_type(&p.ty, Some(&here));
        quote!(#field: #ty)
    });
    let new_init = op.params.iter().map(|p| {
        let field = ident(&p.rust);
        if p.required {
            quote!(#field,)
        } else {
            quote!(#field: None,)
        }
    });
    let setters = op.optional().map(|p| setter(p, &here));

    let op_doc = describe(
        &op.op.description,
        &[
            format!(
                "`{} {}` (`{}` of the {} API).",
                op.op.method.as_str(),
                op.op.path,
                op_id,
                plan.service.name
            ),
            errors_section(op),
        ],
    );
    let builder_doc = describe(
        "",
        &[format!(
            "Request builder of `{op_id}`, made by [`Client::{0}`](crate::Client::{0}); `send()` sends it.",
            op.method
        )],
    );
    let module_doc: Vec<String> =
        docs::lines(&format!("`{op_id}`: {}", first_line(&op.op.description)));
    let request_body = request_steps(op);
    let into_stream = op
        .paging
        .as_ref()
        .map(|paging| stream_method(op, paging, &result_ty));
    let page_impl = op
        .paging
        .as_ref()
        .map(|paging| page_impl(paging, &result_ty, &here));
    let input_doc = format!(
        " Builds the request of `{op_id}` (what [`{0}::send`] sends, and `Client::call_json` for `{op_id}`).",
        op.builder
    );
    quote! {
        #(#![doc = #module_doc])*
        #(#structs)*

        #builders

        #input_struct

        impl #input {
            #[doc = #input_doc]
            pub fn to_request(&self) -> ::jdcloud_runtime::Request {
                #request_body
            }
        }

        #builder_doc
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent"]
        pub struct #builder {
            client: ::jdcloud_runtime::Client,
            settings: ::jdcloud_runtime::CallSettings,
            input: #input,
        }

        impl #builder {
            #new_allow
            pub(crate) fn new(client: ::jdcloud_runtime::Client, #(#new_args),*) -> Self {
                Self {
                    client,
                    settings: ::jdcloud_runtime::CallSettings::default(),
                    input: #input { #(#new_init)* },
                }
            }

            #(#setters)*

            /// This call's own timeouts or retries, instead of the client's.
            pub fn with_settings(mut self, settings: ::jdcloud_runtime::CallSettings) -> Self {
                self.settings = settings;
                self
            }

            /// The input as set so far: every parameter, as it will be sent.
            pub fn as_input(&self) -> &#input {
                &self.input
            }

            #op_doc
            pub async fn send(self) -> Result<::jdcloud_runtime::Response<#result_ty>, ::jdcloud_runtime::Error> {
                self.client.call_with(self.input.to_request(), &self.settings).await
            }

            #into_stream
        }

        #page_impl
    }
}

/// The operation's input: every parameter, with its wire name (so that JSON with the documented names
/// reads into it, and nothing else does).
fn input_struct(op: &OpPlan<'_>, here: &Module) -> TokenStream {
    let name = ident(&op.input);
    let fields = op.params.iter().map(|p| {
        let field = ident(&p.rust);
        let ty = rust_type(&p.ty, Some(here));
        let doc = describe(
            &p.description,
            &[format!("`{}` ({}).", p.wire, location_word(p.location))],
        );
        if p.required {
            quote!(#doc pub #field: #ty,)
        } else {
            quote!(#doc pub #field: Option<#ty>,)
        }
    });
    let serde_fields: Vec<SerdeField<'_>> = op.params.iter().map(SerdeField::from).collect();
    let no_gate = TokenStream::new();
    let serialize = serialize_impl(&op.input, &serde_fields, &no_gate);
    let deserialize = deserialize_impl(&op.input, &serde_fields, UnknownKeys::Deny, &no_gate);
    let default = op.positional.is_empty().then(|| quote!(Default,));
    let doc = format!(
        " The input of `{}`: every parameter, named in JSON as documented. Made by [`{}`] (see its \
         `as_input`), or read from JSON by `Client::call_json`.",
        op.op.id, op.builder
    );
    quote! {
        #[doc = #doc]
        #[derive(Debug, Clone, PartialEq, #default)]
        #[non_exhaustive]
        pub struct #name {
            #(#fields)*
        }

        #serialize

        #deserialize
    }
}

/// `x(impl Into<T>)` and `set_x(Option<T>)` of an optional parameter.
fn setter(p: &ParamPlan, here: &Module) -> TokenStream {
    let field = ident(&p.rust);
    let set_option = ident(&p.set_option);
    let ty = rust_type(&p.ty, Some(here));
    let mut extra = Vec::new();
    if let Some(default) = &p.default {
        extra.push(format!(
            "The service's default: `{}`.",
            default.replace('`', "'")
        ));
    }
    extra.push(format!(
        "Sent as `{}` ({}).",
        p.wire,
        location_word(p.location)
    ));
    let doc = describe(&p.description, &extra);
    let set_doc = format!(" Sets or clears [`{0}`](Self::{0}).", p.rust);
    quote! {
        #doc
        pub fn #field(mut self, #field: impl Into<#ty>) -> Self {
            self.input.#field = Some(#field.into());
            self
        }

        #[doc = #set_doc]
        pub fn #set_option(mut self, #field: Option<#ty>) -> Self {
            self.input.#field = #field;
            self
        }
    }
}

/// A parameter's value as text: borrowed for the runtime setters that copy it where it goes (path,
/// host and header parameters), owned for those that keep it (`signing_region`).
fn to_text(p: &ParamPlan, value: TokenStream, owned: bool) -> TokenStream {
    match (p.ty.is_string(), owned) {
        (true, true) => quote!(#value.clone()),
        (true, false) => quote!(#value.as_str()),
        (false, _) => quote!(#value.to_string()),
    }
}

/// The body of the input's `to_request()`: the request assembled from its fields.
fn request_steps(op: &OpPlan<'_>) -> TokenStream {
    let method = ident(op.op.method.as_str());
    let op_id = &op.op.id;
    let path = &op.op.path;
    let mut steps = Vec::new();
    if let Some(host) = &op.op.host {
        steps.push(quote!(request = request.host(#host);));
    }
    // Path, host and header parameters are set one by one; the signing region is the `regionId`.
    // Optional ones only when given.
    let set = |p: &ParamPlan, call: TokenStream, wire: TokenStream, owned: bool| {
        let field = ident(&p.rust);
        if p.required {
            let text = to_text(p, quote!(self.#field), owned);
            quote!(request = request.#call(#wire #text);)
        } else {
            let text = to_text(p, quote!(value), owned);
            quote! {
                if let Some(value) = &self.#field {
                    request = request.#call(#wire #text);
                }
            }
        }
    };
    for p in &op.params {
        let wire = &p.wire;
        let call = match p.location {
            Location::Path => quote!(path_param),
            Location::Host => quote!(host_param),
            Location::Header => quote!(header),
            Location::Query | Location::Body => continue,
        };
        steps.push(set(p, call, quote!(#wire,), false));
    }
    if let Some(region) = op.params.iter().find(|p| p.signs_region) {
        steps.push(set(region, quote!(signing_region), quote!(), true));
    }
    // Query and body members one by one, in the documents' order: the runtime writes each as a
    // member of a struct would be (no struct and no `Serialize` derive per operation to compile).
    for p in op.params_in(Location::Query) {
        let field = ident(&p.rust);
        let wire = &p.wire;
        // `None` adds nothing.
        steps.push(quote!(request = request.query_param(#wire, &self.#field);));
    }
    let body: Vec<&ParamPlan> = op.params_in(Location::Body).collect();
    if !body.is_empty() || op.op.method.has_body() {
        steps.push(quote!(request = request.json_object();));
    }
    for p in body {
        let field = ident(&p.rust);
        let wire = &p.wire;
        steps.push(if p.required {
            quote!(request = request.body_member(#wire, &self.#field);)
        } else {
            quote! {
                if let Some(value) = &self.#field {
                    request = request.body_member(#wire, value);
                }
            }
        });
    }
    let new_request = quote! {
        ::jdcloud_runtime::Request::new(#op_id, ::jdcloud_runtime::__private::http::Method::#method, #path)
    };
    // An operation with no parameters at all sets nothing on its request.
    if steps.is_empty() {
        return new_request;
    }
    quote! {
        let mut request = #new_request;
        #(#steps)*
        request
    }
}

/// `into_stream()` of a paged operation's builder.
fn stream_method(op: &OpPlan<'_>, paging: &PagingPlan, result_ty: &TokenStream) -> TokenStream {
    let (number, size) = (&op.params[paging.number], &op.params[paging.size]);
    let number_field = ident(&number.rust);
    let size_field = ident(&size.rust);
    let number_is_i64 = number.ty == TypeRef::I64;
    let size_is_i64 = size.ty == TypeRef::I64;
    let first = match (number.required, number_is_i64) {
        (true, true) => quote!(self.input.#number_field),
        (true, false) => quote!(i64::from(self.input.#number_field)),
        (false, true) => quote!(self.input.#number_field.unwrap_or(1)),
        (false, false) => quote!(self.input.#number_field.map_or(1, i64::from)),
    };
    let set_page = if number.required {
        quote!(request.input.#number_field = page;)
    } else {
        quote!(request.input.#number_field = Some(page);)
    };
    let size_value = match (size.required, size_is_i64) {
        (true, true) => quote!(Some(self.input.#size_field)),
        (true, false) => quote!(Some(i64::from(self.input.#size_field))),
        (false, true) => quote!(self.input.#size_field),
        (false, false) => quote!(self.input.#size_field.map(i64::from)),
    };
    let page_conversion = if number_is_i64 {
        quote!()
    } else {
        quote!(let page = i32::try_from(page).unwrap_or(i32::MAX);)
    };
    quote! {
        /// Every page from the one set with `page_number` (the first by default) on, fetched as the
        /// stream is polled; `.items()` flattens it into the listed items. The stream ends after the
        /// last page (by `totalCount`, a short page or an empty one) or with the first error.
        pub fn into_stream(self) -> ::jdcloud_runtime::Pages<#result_ty> {
            let first = #first;
            let size = #size_value;
            ::jdcloud_runtime::Pages::new(first, size, move |page| {
                #page_conversion
                let mut request = self.clone();
                #set_page
                async move { request.send().await.map(|response| response.result) }
            })
        }
    }
}

fn page_impl(paging: &PagingPlan, result_ty: &TokenStream, here: &Module) -> TokenStream {
    let item = rust_type(&paging.item, Some(here));
    let list = ident(&paging.list);
    let total = ident(&paging.total);
    let total_count = if paging.total_is_i64 {
        quote!(self.#total)
    } else {
        quote!(self.#total.map(i64::from))
    };
    quote! {
        impl ::jdcloud_runtime::Page for #result_ty {
            type Item = #item;

            fn total_count(&self) -> Option<i64> {
                #total_count
            }

            fn len(&self) -> usize {
                self.#list.as_ref().map_or(0, Vec::len)
            }

            fn into_items(self) -> Vec<Self::Item> {
                self.#list.unwrap_or_default()
            }
        }
    }
}
