//! Tokens for each file of a generated crate.

use jdcloud_model::{Field, Location, Method, Model, Parameter, Service, Type};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

use crate::docs;
use crate::layout::{Home, Layout, OpLayout, TypeKey, BUILDER_METHODS};
use crate::names::{snake, snake_avoiding, Scope};

fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// Where a type is written from: the shared `types` module or an operation's module.
#[derive(Clone, Copy)]
enum Context<'l, 'a> {
    Shared,
    Op(&'l OpLayout<'a>),
    /// Outside the operation's module (the client): local models need their module path.
    Client(&'l OpLayout<'a>),
}

fn rust_type(ty: &Type, context: Context<'_, '_>, layout: &Layout<'_>) -> TokenStream {
    match ty {
        Type::String => quote!(String),
        Type::Int32 => quote!(i32),
        Type::Int64 => quote!(i64),
        Type::Float => quote!(f32),
        Type::Double | Type::Number => quote!(f64),
        Type::Bool => quote!(bool),
        Type::Object => quote!(::serde_json::Value),
        Type::Array(inner) => {
            let inner = rust_type(inner, context, layout);
            quote!(Vec<#inner>)
        }
        Type::Map(inner) => {
            let inner = rust_type(inner, context, layout);
            quote!(::std::collections::BTreeMap<String, #inner>)
        }
        Type::Model(name) => match context {
            Context::Shared => {
                // Shared models only refer to shared models.
                let rust = layout
                    .shared
                    .iter()
                    .find(|(_, m)| m.name == *name)
                    .map(|(rust, _)| rust.as_str())
                    .unwrap_or("Value");
                let rust = ident(rust);
                quote!(#rust)
            }
            Context::Op(op) | Context::Client(op) => match op.homes.get(name.as_str()) {
                Some(Home::Shared(rust)) => {
                    let rust = ident(rust);
                    quote!(crate::types::#rust)
                }
                Some(Home::Local(rust)) => {
                    let rust = ident(rust);
                    if matches!(context, Context::Client(_)) {
                        let module = ident(&op.method);
                        quote!(crate::operations::#module::#rust)
                    } else {
                        quote!(#rust)
                    }
                }
                None => quote!(::serde_json::Value),
            },
        },
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

/// A model as a struct. Models read from replies (`from_reply`, or so found by the layout) have every
/// field optional.
fn model_struct(
    rust_name: &str,
    model: &Model,
    doc: &str,
    context: Context<'_, '_>,
    layout: &Layout<'_>,
    from_reply: bool,
) -> TokenStream {
    let key = match context {
        Context::Shared => TypeKey::Shared(rust_name.to_owned()),
        Context::Op(op) | Context::Client(op) => TypeKey::Local {
            module: op.method.clone(),
            name: rust_name.to_owned(),
        },
    };
    let all_optional = from_reply || layout.is_read_from_reply(&key);
    let mut scope = Scope::default();
    let fields = model.fields.iter().map(|field| {
        let name = ident(&scope.claim(snake(&field.name)));
        let mut ty = rust_type(&field.ty, context, layout);
        let boxed = layout.is_boxed(&key, &field.name);
        if boxed {
            ty = quote!(Box<#ty>);
        }
        let optional = all_optional || !field.required || boxed;
        let wire = &field.name;
        let rename = (name != wire.as_str()).then(|| quote!(rename = #wire,));
        let doc = field_doc(field);
        if optional {
            quote! {
                #doc
                #[serde(#rename default, skip_serializing_if = "Option::is_none")]
                pub #name: Option<#ty>,
            }
        } else {
            let rename = (name != wire.as_str()).then(|| quote!(#[serde(rename = #wire)]));
            quote! {
                #doc
                #rename
                pub #name: #ty,
            }
        }
    });
    let name = ident(rust_name);
    let doc = describe("", &[doc.to_owned()]);
    quote! {
        #doc
        #[derive(Debug, Clone, PartialEq, Default, ::serde::Serialize, ::serde::Deserialize)]
        pub struct #name {
            #(#fields)*
        }
    }
}

fn field_doc(field: &Field) -> TokenStream {
    let mut extra = Vec::new();
    if let Some(default) = &field.default {
        extra.push(format!("Default: `{}`.", default.replace('`', "'")));
    }
    describe(&field.description, &extra)
}

/// `crate::types`.
pub fn types_file(service: &Service, layout: &Layout<'_>) -> TokenStream {
    let models = layout.shared.iter().map(|(rust, model)| {
        let doc = format!("The `{}` model of the {} API.", model.name, service.name);
        model_struct(rust, model, &doc, Context::Shared, layout, false)
    });
    quote! {
        //! Models shared by several operations (defined alike wherever they appear).
        #(#models)*
    }
}

/// A parameter of a request builder.
struct Param<'p> {
    param: &'p Parameter,
    field: Ident,
    ty: TokenStream,
}

fn is_string(ty: &Type) -> bool {
    matches!(ty, Type::String)
}

/// The value of a parameter as a string, for paths and headers.
/// A parameter's value as text: borrowed for the runtime setters that copy it where it goes (path,
/// host and header parameters), owned for those that keep it (`signing_region`).
fn to_text(param: &Param<'_>, value: TokenStream, owned: bool) -> TokenStream {
    match (is_string(&param.param.ty), owned) {
        (true, true) => quote!(#value.clone()),
        (true, false) => quote!(#value.as_str()),
        (false, _) => quote!(#value.to_string()),
    }
}

/// How a paged operation's result lists its items.
struct Paging {
    /// The result's list field.
    list: Ident,
    /// The type of its items.
    item: TokenStream,
    /// The result's `totalCount` field.
    total: Ident,
    total_is_i64: bool,
}

/// Paged operations: optional or required `pageNumber` and `pageSize` query integers, and a result
/// model with an integer `totalCount` and exactly one list.
fn paging(op_layout: &OpLayout<'_>, layout: &Layout<'_>) -> Option<Paging> {
    let op = op_layout.op;
    let has = |name: &str| {
        op.parameters.iter().any(|p| {
            p.name == name
                && p.location == Location::Query
                && matches!(p.ty, Type::Int32 | Type::Int64)
        })
    };
    if !has("pageNumber") || !has("pageSize") {
        return None;
    }
    let result = op_layout.result_model?;
    let total = result
        .fields
        .iter()
        .position(|f| f.name == "totalCount" && matches!(f.ty, Type::Int32 | Type::Int64))?;
    let lists: Vec<usize> = (0..result.fields.len())
        .filter(|&i| matches!(result.fields[i].ty, Type::Array(_)))
        .collect();
    let [list] = lists.as_slice() else {
        return None;
    };
    let Type::Array(item) = &result.fields[*list].ty else {
        return None;
    };
    // Field names as the result struct names them.
    let mut scope = Scope::default();
    let names: Vec<String> = result
        .fields
        .iter()
        .map(|f| scope.claim(snake(&f.name)))
        .collect();
    Some(Paging {
        list: ident(&names[*list]),
        item: rust_type(item, Context::Op(op_layout), layout),
        total: ident(&names[total]),
        total_is_i64: matches!(result.fields[total].ty, Type::Int64),
    })
}

/// `into_stream()` of a paged operation's builder.
fn stream_method(params: &[Param<'_>], result_name: &Ident) -> TokenStream {
    let find = |name: &str| {
        params
            .iter()
            .find(|p| p.param.name == name)
            .expect("paged operations have it")
    };
    let (number, size) = (find("pageNumber"), find("pageSize"));
    let number_field = &number.field;
    let size_field = &size.field;
    let page_ty = &number.ty;
    let number_is_i64 = matches!(number.param.ty, Type::Int64);
    let size_is_i64 = matches!(size.param.ty, Type::Int64);
    let first = match (number.param.required, number_is_i64) {
        (true, true) => quote!(self.#number_field),
        (true, false) => quote!(i64::from(self.#number_field)),
        (false, true) => quote!(self.#number_field.unwrap_or(1)),
        (false, false) => quote!(self.#number_field.map_or(1, i64::from)),
    };
    let set_page = if number.param.required {
        quote!(request.#number_field = page;)
    } else {
        quote!(request.#number_field = Some(page);)
    };
    let size_value = match (size.param.required, size_is_i64) {
        (true, true) => quote!(Some(self.#size_field)),
        (true, false) => quote!(Some(i64::from(self.#size_field))),
        (false, true) => quote!(self.#size_field),
        (false, false) => quote!(self.#size_field.map(i64::from)),
    };
    let page_conversion = if matches!(number.param.ty, Type::Int64) {
        quote!()
    } else {
        quote!(let page = #page_ty::try_from(page).unwrap_or(#page_ty::MAX);)
    };
    quote! {
        /// Every page from the one set with `page_number` (the first by default) on, fetched as the
        /// stream is polled; `.items()` flattens it into the listed items. The stream ends after the
        /// last page (by `totalCount`, a short page or an empty one) or with the first error.
        pub fn into_stream(self) -> ::jdcloud_runtime::Pages<#result_name> {
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

/// One operation's module.
pub fn operation_file(
    service: &Service,
    layout: &Layout<'_>,
    op_layout: &OpLayout<'_>,
) -> TokenStream {
    let op = op_layout.op;
    let context = Context::Op(op_layout);
    let builder = ident(&op_layout.builder);
    let result_name = ident(&op_layout.result_name);
    let op_id = &op.id;
    let path = &op.path;
    let method = match op.method {
        Method::Get => quote!(GET),
        Method::Post => quote!(POST),
        Method::Put => quote!(PUT),
        Method::Patch => quote!(PATCH),
        Method::Delete => quote!(DELETE),
        Method::Head => quote!(HEAD),
    };

    let mut scope = Scope::default();
    let params: Vec<Param<'_>> = op
        .parameters
        .iter()
        .filter(|p| !p.set_by_runtime)
        .map(|p| Param {
            param: p,
            field: ident(&scope.claim(snake_avoiding(&p.name, BUILDER_METHODS))),
            ty: rust_type(&p.ty, context, layout),
        })
        .collect();
    let required: Vec<&Param<'_>> = params.iter().filter(|p| p.param.required).collect();
    let optional: Vec<&Param<'_>> = params.iter().filter(|p| !p.param.required).collect();

    // The result type.
    let mut items = Vec::new();
    let result_ty = match (op.result_type(), op_layout.result_model) {
        (Some(Type::Model(_)), Some(model)) => {
            let doc = format!("The result of [`{builder}`] (`{op_id}`).");
            items.push(model_struct(
                &op_layout.result_name,
                model,
                &doc,
                context,
                layout,
                false,
            ));
            quote!(#result_name)
        }
        (Some(ty), _) => rust_type(ty, context, layout),
        (None, _) if op_layout.result_fields_at_top_level => {
            // The return table lists result members at the top level; they travel in `result`.
            let model = Model {
                name: op_layout.result_name.clone(),
                fields: op
                    .response
                    .iter()
                    .filter(|f| f.name != "requestId" && f.name != "result")
                    .cloned()
                    .collect(),
                line: 0,
            };
            let doc = format!("The result of [`{builder}`] (`{op_id}`).");
            let tokens = model_struct(&op_layout.result_name, &model, &doc, context, layout, true);
            items.push(tokens);
            quote!(#result_name)
        }
        (None, _) => quote!(::jdcloud_runtime::Empty),
    };
    for (rust, model) in &op_layout.locals {
        let doc = format!("The `{}` model of `{op_id}`.", model.name);
        items.push(model_struct(rust, model, &doc, context, layout, false));
    }

    let fields = params.iter().map(|p| {
        let field = &p.field;
        let ty = &p.ty;
        if p.param.required {
            quote!(#field: #ty,)
        } else {
            quote!(#field: Option<#ty>,)
        }
    });
    let new_allow = (required.len() + 1 > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let new_args = required.iter().map(|p| {
        let field = &p.field;
        let ty = &p.ty;
        quote!(#field: #ty)
    });
    let new_init = params.iter().map(|p| {
        let field = &p.field;
        if p.param.required {
            quote!(#field,)
        } else {
            quote!(#field: None,)
        }
    });
    let setters = optional.iter().map(|p| {
        let field = &p.field;
        let ty = &p.ty;
        let mut extra = Vec::new();
        if let Some(default) = &p.param.default {
            extra.push(format!(
                "The service's default: `{}`.",
                default.replace('`', "'")
            ));
        }
        extra.push(format!(
            "Sent as `{}` ({}).",
            p.param.name,
            location_word(p.param.location)
        ));
        let doc = describe(&p.param.description, &extra);
        quote! {
            #doc
            pub fn #field(mut self, #field: impl Into<#ty>) -> Self {
                self.#field = Some(#field.into());
                self
            }
        }
    });

    // Request assembly.
    let mut steps = Vec::new();
    if let Some(host) = &op.host {
        steps.push(quote!(request = request.host(#host);));
    }
    // Path, host and header parameters are set one by one; the signing region is the `regionId`.
    // Optional ones only when given.
    let set = |p: &Param<'_>, call: TokenStream, wire: TokenStream, owned: bool| {
        let field = &p.field;
        if p.param.required {
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
    for p in &params {
        let wire = &p.param.name;
        let call = match p.param.location {
            Location::Path => quote!(path_param),
            Location::Host => quote!(host_param),
            Location::Header => quote!(header),
            Location::Query | Location::Body => continue,
        };
        steps.push(set(p, call, quote!(#wire,), false));
    }
    if let Some(region) = params.iter().find(|p| p.param.name == "regionId") {
        steps.push(set(region, quote!(signing_region), quote!(), true));
    }
    for (location, struct_name, call) in [
        (Location::Query, quote!(Query), quote!(query)),
        (Location::Body, quote!(Body), quote!(json_body)),
    ] {
        let members: Vec<&Param<'_>> = params
            .iter()
            .filter(|p| p.param.location == location)
            .collect();
        if members.is_empty() {
            if location == Location::Body && op.method.has_body() {
                steps.push(quote!(request = request.json_body(&::serde_json::Map::new());));
            }
            continue;
        }
        let decl = members.iter().map(|p| {
            let field = &p.field;
            let ty = &p.ty;
            let wire = &p.param.name;
            let rename = (*field != wire.as_str()).then(|| quote!(rename = #wire,));
            if p.param.required {
                let rename = (*field != wire.as_str()).then(|| quote!(#[serde(rename = #wire)]));
                quote!(#rename #field: &'a #ty,)
            } else {
                quote!(#[serde(#rename skip_serializing_if = "Option::is_none")] #field: Option<&'a #ty>,)
            }
        });
        let init = members.iter().map(|p| {
            let field = &p.field;
            if p.param.required {
                quote!(#field: &self.#field,)
            } else {
                quote!(#field: self.#field.as_ref(),)
            }
        });
        steps.push(quote! {
            #[derive(::serde::Serialize)]
            struct #struct_name<'a> {
                #(#decl)*
            }
            request = request.#call(&#struct_name { #(#init)* });
        });
    }

    let paged = paging(op_layout, layout);
    let into_stream = paged.as_ref().map(|_| stream_method(&params, &result_name));
    let page_impl = paged.map(
        |Paging {
             list,
             item,
             total,
             total_is_i64,
         }| {
            let total_count = if total_is_i64 {
                quote!(self.#total)
            } else {
                quote!(self.#total.map(i64::from))
            };
            quote! {
                impl ::jdcloud_runtime::Page for #result_name {
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
        },
    );
    let op_doc = describe(
        &op.description,
        &[format!(
            "`{} {}` (`{}` of the {} API).",
            op.method.as_str(),
            op.path,
            op_id,
            service.name
        )],
    );
    let builder_doc = format!(
        "Request builder of `{op_id}`, made by [`Client::{}`](crate::Client::{}); `send()` sends it.",
        op_layout.method, op_layout.method
    );
    let builder_doc = describe("", &[builder_doc]);
    let module_doc: Vec<String> =
        docs::lines(&format!("`{op_id}`: {}", first_line(&op.description)));
    let new_request = quote! {
        ::jdcloud_runtime::Request::new(#op_id, ::jdcloud_runtime::__private::http::Method::#method, #path)
    };
    // An operation with no parameters at all sets nothing on its request.
    let request_binding = if steps.is_empty() {
        quote! { let request = #new_request; }
    } else {
        quote! { let mut request = #new_request; }
    };
    quote! {
        #(#![doc = #module_doc])*
        #(#items)*

        #builder_doc
        #[derive(Debug, Clone)]
        #[must_use = "a request does nothing until it is sent"]
        pub struct #builder {
            client: ::jdcloud_runtime::Client,
            #(#fields)*
        }

        impl #builder {
            #new_allow
            pub(crate) fn new(client: ::jdcloud_runtime::Client, #(#new_args),*) -> Self {
                Self { client, #(#new_init)* }
            }

            #(#setters)*

            #op_doc
            pub async fn send(self) -> Result<::jdcloud_runtime::Response<#result_ty>, ::jdcloud_runtime::Error> {
                #request_binding
                #(#steps)*
                self.client.call(request).await
            }

            #into_stream
        }

        #page_impl
    }
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

/// `crate::operations`: one module per operation.
pub fn operations_mod(layout: &Layout<'_>) -> TokenStream {
    let modules = layout.ops.iter().map(|op| {
        let module = ident(&op.method);
        let doc = describe(
            "",
            &[format!(
                "`{}`: {}",
                op.op.id,
                first_line(&op.op.description)
            )],
        );
        quote!(#doc pub mod #module;)
    });
    quote! {
        //! One module per operation: its request builder, its result and the models only it uses.
        #(#modules)*
    }
}

/// `crate::client`.
pub fn client_file(service: &Service, layout: &Layout<'_>) -> TokenStream {
    let name = &service.name;
    let host = &service.endpoint.host;
    // The user agent names the revision, as the official SDKs do (`vm/1.6.1`); the API version without one.
    let version = service.revision.as_ref().unwrap_or(&service.version);
    let methods = layout.ops.iter().map(|op_layout| {
        let op = op_layout.op;
        let method = ident(&op_layout.method);
        let module = ident(&op_layout.method);
        let builder = ident(&op_layout.builder);
        let mut scope = Scope::default();
        let params: Vec<(Ident, &Parameter)> = op
            .parameters
            .iter()
            .filter(|p| !p.set_by_runtime)
            .map(|p| {
                (
                    ident(&scope.claim(snake_avoiding(&p.name, BUILDER_METHODS))),
                    p,
                )
            })
            .collect();
        let required: Vec<&(Ident, &Parameter)> =
            params.iter().filter(|(_, p)| p.required).collect();
        let context = Context::Client(op_layout);
        let args = required.iter().map(|(field, p)| {
            let ty = rust_type(&p.ty, context, layout);
            quote!(#field: impl Into<#ty>)
        });
        let pass = required.iter().map(|(field, _)| quote!(#field.into()));
        let mut extra = Vec::new();
        if !required.is_empty() {
            let mut list = String::from("Arguments:");
            for (field, p) in &required {
                let description = docs::escape(p.description.lines().next().unwrap_or("").trim());
                list.push_str(&format!("\n- `{field}`: {description}"));
            }
            extra.push(list);
        }
        extra.push(format!(
            "Optional parameters are set on the returned [`{}`](operations::{}::{}).",
            op_layout.builder, op_layout.method, op_layout.builder
        ));
        let doc = describe(&op.description, &extra);
        // The documents make these parameters required; each is an argument, however many there are.
        let allow = (required.len() + 1 > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
        quote! {
            #doc
            #allow
            pub fn #method(&self, #(#args),*) -> operations::#module::#builder {
                operations::#module::#builder::new(self.inner.clone(), #(#pass),*)
            }
        }
    });
    quote! {
        //! The client of the service.

        use crate::operations;

        /// What the runtime needs to know of this service.
        pub const SERVICE: ::jdcloud_runtime::ServiceInfo = ::jdcloud_runtime::ServiceInfo {
            name: #name,
            host: #host,
            version: #version,
        };

        /// A client of the service. Cheap to clone: clones share connections and configuration.
        #[derive(Debug, Clone)]
        pub struct Client {
            inner: ::jdcloud_runtime::Client,
        }

        impl Client {
            /// A client with the given configuration.
            pub fn new(config: ::jdcloud_runtime::Config) -> Result<Self, ::jdcloud_runtime::ConfigError> {
                Ok(Self { inner: ::jdcloud_runtime::Client::new(SERVICE, config)? })
            }

            /// A client configured from the environment: `JDCLOUD_ACCESS_KEY`, `JDCLOUD_SECRET_KEY`,
            /// optionally `JDCLOUD_SESSION_TOKEN`, and `JDCLOUD_REGION`.
            pub fn from_env() -> Result<Self, ::jdcloud_runtime::ConfigError> {
                Self::new(::jdcloud_runtime::Config::from_env()?)
            }

            /// The runtime client underneath.
            pub fn runtime(&self) -> &::jdcloud_runtime::Client {
                &self.inner
            }

            #(#methods)*
        }
    }
}

/// The crate root.
pub fn lib_file(service: &Service, layout: &Layout<'_>, crate_ident: &str) -> TokenStream {
    let title = service
        .title
        .clone()
        .unwrap_or_else(|| format!("JD Cloud {} API", service.name));
    let mut text = match &service.revision {
        Some(revision) => format!(
            "{title} (`{}`, API version {}, revision {revision}).",
            service.name, service.version
        ),
        None => format!("{title} (`{}`, version {}).", service.name, service.version),
    };
    if let Some(description) = &service.description {
        text.push_str("\n\n");
        text.push_str(description);
    }
    if !service.history.is_empty() {
        text.push_str("\n\n# Releases\n");
        for release in &service.history {
            let date = if release.date.is_empty() {
                String::new()
            } else {
                format!(" ({})", release.date)
            };
            let summary = [&release.summary, &release.description]
                .into_iter()
                .filter(|s| !s.is_empty())
                // One line per release: the documents' bullets and line breaks become `; `.
                .map(|s| {
                    s.lines()
                        .map(|l| l.trim().trim_start_matches(['*', '-']).trim())
                        .filter(|l| !l.is_empty())
                        .collect::<Vec<_>>()
                        .join("; ")
                })
                .collect::<Vec<_>>()
                .join(": ");
            let summary = if summary.is_empty() {
                String::new()
            } else {
                format!(": {summary}")
            };
            text.push_str(&format!("\n- {}{date}{summary}", release.version));
        }
    }
    text.push_str(&format!(
        "\n\nGenerated by `cargo xtask generate` from `spec/{}.yaml`; do not edit.",
        service.name
    ));
    let mut lines = docs::lines(&text);
    lines.extend(usage_example(layout, crate_ident));
    quote! {
        #(#![doc = #lines])*
        #![deny(missing_docs)]

        mod client;
        pub mod operations;
        pub mod types;

        pub use client::{Client, SERVICE};
        pub use jdcloud_runtime::{Config, ConfigError, Credentials, Error, Response, RetryConfig, ServiceError, Timeouts};
    }
}

/// The operation the crate's docs and example show: the first paged one, else the first; and whether
/// it is paged.
fn showcase<'l, 'a>(layout: &'l Layout<'a>) -> Option<(&'l OpLayout<'a>, bool)> {
    match layout.ops.iter().find(|o| paging(o, layout).is_some()) {
        Some(paged) => Some((paged, true)),
        None => layout.ops.first().map(|first| (first, false)),
    }
}

fn usage_example(layout: &Layout<'_>, crate_ident: &str) -> Vec<String> {
    let Some((op_layout, paged)) = showcase(layout) else {
        return Vec::new();
    };
    let args: Vec<String> = op_layout
        .op
        .parameters
        .iter()
        .filter(|p| p.required && !p.set_by_runtime)
        .map(|p| match (&p.ty, p.name.as_str()) {
            (_, "regionId") => "\"cn-north-1\"".to_owned(),
            (Type::String, name) => format!("\"{}\"", example_value(name)),
            _ => "Default::default()".to_owned(),
        })
        .collect();
    let call = format!("client.{}({})", op_layout.method, args.join(", "));
    let mut lines = vec![
        String::new(),
        " # Example".to_owned(),
        String::new(),
        " ```no_run".to_owned(),
        format!(" # async fn example() -> Result<(), {crate_ident}::Error> {{"),
        format!(" let client = {crate_ident}::Client::from_env()?;"),
        format!(" let response = {call}.send().await?;"),
        " println!(\"{} {:?}\", response.request_id, response.result);".to_owned(),
    ];
    if paged {
        lines.extend([
            String::new(),
            " // Every item of every page:".to_owned(),
            " use futures::StreamExt;".to_owned(),
            format!(" let mut items = {call}.into_stream().items();"),
            " while let Some(item) = items.next().await {".to_owned(),
            "     println!(\"{:?}\", item?);".to_owned(),
            " }".to_owned(),
        ]);
    }
    lines.extend([" # Ok(())".to_owned(), " # }".to_owned(), " ```".to_owned()]);
    lines
}

fn example_value(name: &str) -> String {
    snake(name).replace('_', "-")
}

/// `examples/<operation>.rs`: calls the crate's showcase operation (a paged one when there is one) with
/// its required arguments from the command line, configured from the environment. Only operations whose
/// required parameters are all strings have one.
pub fn example_file(layout: &Layout<'_>, crate_ident: &str) -> Option<(String, TokenStream)> {
    let (op_layout, paged) = showcase(layout)?;
    let op = op_layout.op;
    let required: Vec<&Parameter> = op
        .parameters
        .iter()
        .filter(|p| p.required && !p.set_by_runtime)
        .collect();
    if required.iter().any(|p| !is_string(&p.ty)) {
        return None;
    }
    let crate_name = ident(crate_ident);
    let method = ident(&op_layout.method);
    let mut scope = Scope::default();
    let args: Vec<Ident> = required
        .iter()
        .map(|p| ident(&scope.claim(snake_avoiding(&p.name, BUILDER_METHODS))))
        .collect();
    let placeholders = required
        .iter()
        .map(|p| format!("<{}>", p.name))
        .collect::<Vec<_>>()
        .join(" ");
    let usage = format!("usage: {} {placeholders}", op_layout.method);
    let docs = [
        format!(" Calls `{}` and prints what it returns.", op.id),
        String::new(),
        " Credentials come from `JDCLOUD_ACCESS_KEY` and `JDCLOUD_SECRET_KEY`; `JDCLOUD_ENDPOINT` sends the".to_owned(),
        " call elsewhere (the project's emulator: `cargo run -p jdcloud-tests --bin emulator`).".to_owned(),
        String::new(),
        " ```sh".to_owned(),
        format!(
            " cargo run -p {} --example {} -- {placeholders}",
            crate_ident.replace('_', "-"),
            op_layout.method,
        ),
        " ```".to_owned(),
    ];
    let body = if paged {
        quote! {
            let mut items = client.#method(#(#args),*).into_stream().items();
            let mut count = 0;
            while let Some(item) = items.next().await {
                println!("{:?}", item?);
                count += 1;
            }
            println!("{count} item(s)");
        }
    } else {
        quote! {
            let response = client.#method(#(#args),*).send().await?;
            println!("request {}: {:#?}", response.request_id, response.result);
        }
    };
    let uses = paged.then(|| {
        quote!(
            use futures::StreamExt;
        )
    });
    let tokens = quote! {
        #(#![doc = #docs])*

        #uses

        #[tokio::main]
        async fn main() -> Result<(), Box<dyn std::error::Error>> {
            let args: Vec<String> = std::env::args().skip(1).collect();
            let [#(#args),*] = args.as_slice() else {
                eprintln!(#usage);
                std::process::exit(2);
            };
            let client = #crate_name::Client::from_env()?;
            #body
            Ok(())
        }
    };
    Some((op_layout.method.clone(), tokens))
}
