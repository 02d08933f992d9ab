//! `src/client.rs` of a generated crate: the service's `Client`, one method per operation taking its
//! required parameters.

use proc_macro2::TokenStream;
use quote::quote;

use super::{describe, ident, op_cfg, rust_type};
use crate::docs;
use crate::plan::{OpPlan, Plan, ResultPlan};

pub fn client_file(plan: &Plan<'_>) -> TokenStream {
    let service = plan.service;
    let name = &service.name;
    let host = &service.endpoint.host;
    // The user agent names the revision, as the official SDKs do (`vm/1.6.1`); the API version without one.
    let version = service.revision.as_ref().unwrap_or(&service.version);
    let methods = plan.ops.iter().map(client_method);
    let ids = plan.ops.iter().map(|op| {
        let id = &op.op.id;
        let gate = op_cfg(op);
        quote!(#gate #id)
    });
    let dispatch = plan.ops.iter().map(|op| {
        let id = &op.op.id;
        let module = ident(&op.module);
        let input = ident(&op.input);
        let result = match &op.result {
            ResultPlan::Model(model) => {
                let name = ident(&model.name);
                quote!(crate::operations::#module::#name)
            }
            ResultPlan::Type(ty) => rust_type(ty, None),
            ResultPlan::Empty => quote!(::jdcloud_runtime::Empty),
        };
        let gate = op_cfg(op);
        quote! {
            #gate
            #id => {
                let input = ::jdcloud_runtime::__private::input_from_json::<crate::operations::#module::#input>(#id, input)?;
                let response = self.inner.call::<#result>(input.to_request()).await?;
                Ok(::jdcloud_runtime::__private::json_response(response))
            }
        }
    });
    quote! {
        //! The client of the service.

        /// The ids of the operations this crate has, as documented (what `Client::call_json` takes):
        /// those whose cargo features are enabled.
        pub const OPERATIONS: &[&str] = &[#(#ids),*];

        /// What the runtime needs to know of this service.
        pub const SERVICE: ::jdcloud_runtime::ServiceInfo =
            ::jdcloud_runtime::ServiceInfo::new(#name, #host, #version);

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

            /// Calls an operation by its documented id (one of [`OPERATIONS`]) with its input as JSON,
            /// parameters named as documented, and returns the result as JSON: for tools (test
            /// harnesses, emulators, command lines) that work from data rather than from types. The
            /// reply is decoded as the operation's typed result first, so it is checked as `send()`
            /// checks it.
            ///
            /// # Errors
            ///
            /// [`Error::UnknownOperation`](crate::Error::UnknownOperation) for an id the crate does
            /// not have, [`Error::InvalidInput`](crate::Error::InvalidInput) for an input missing a
            /// required parameter, naming an unknown one or of the wrong type; then as any call.
            pub async fn call_json(
                &self,
                operation: &str,
                input: ::serde_json::Value,
            ) -> Result<::jdcloud_runtime::Response<::serde_json::Value>, ::jdcloud_runtime::Error> {
                match operation {
                    #(#dispatch)*
                    _ => {
                        // Not an operation of this build (with no operation's feature on, nothing is).
                        let _ = input;
                        Err(::jdcloud_runtime::__private::unknown_operation(operation))
                    }
                }
            }

            #(#methods)*
        }
    }
}

fn client_method(op: &OpPlan<'_>) -> TokenStream {
    let method = ident(&op.method);
    let module = ident(&op.module);
    let builder = ident(&op.builder);
    let args = op.positional.iter().map(|&i| {
        let p = &op.params[i];
        let field = ident(&p.rust);
        let ty = rust_type(&p.ty, None);
        quote!(#field: impl Into<#ty>)
    });
    let pass = op.positional.iter().map(|&i| {
        let field = ident(&op.params[i].rust);
        quote!(#field.into())
    });
    let mut notes = Vec::new();
    if !op.positional.is_empty() {
        let mut list = String::from("Arguments:");
        for &i in &op.positional {
            let p = &op.params[i];
            let description = docs::escape(p.description.lines().next().unwrap_or("").trim());
            list.push_str(&format!("\n- `{}`: {description}", p.rust));
        }
        notes.push(list);
    }
    notes.push(format!(
        "Optional parameters and per-call settings are set on the returned [`{0}`](crate::operations::{1}::{0}); \
         its [`send`](crate::operations::{1}::{0}::send) lists the documented errors.",
        op.builder, op.module
    ));
    let doc = describe(&op.op.description, &notes);
    // The documents make these parameters required; each is an argument, however many there are.
    let allow = (op.positional.len() + 1 > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    let gate = op_cfg(op);
    quote! {
        #doc
        #gate
        #allow
        pub fn #method(&self, #(#args),*) -> crate::operations::#module::#builder {
            crate::operations::#module::#builder::new(self.inner.clone(), #(#pass),*)
        }
    }
}
