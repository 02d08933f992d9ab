//! The runtime every generated JD Cloud service crate stands on.
//!
//! - [`signer`]: JDCLOUD3-HMAC-SHA256 (default) and JDCLOUD2-HMAC-SHA256 on `http` types, with a cache
//!   of derived keys.
//! - [`Credentials`] and [`ProvideCredentials`]: static keys, the environment (`JDCLOUD_ACCESS_KEY`,
//!   `JDCLOUD_SECRET_KEY`, `JDCLOUD_SESSION_TOKEN`), and a chain. Secrets never appear in `Debug` output
//!   or logs.
//! - [`Config`]: region, endpoints, user agent, timeouts, [`RetryConfig`], signing algorithm, transport.
//! - [`Client::call`]: builds the URL (path values encoded as single segments, JD Cloud's flattened
//!   query form), signs every attempt afresh, retries within bounds (writes only when they provably never
//!   left, unless asked), and decodes the `{requestId, result}` / `{requestId, error}` envelope into a
//!   [`Response`] or an [`Error`].
//! - [`Pages`]: a stream of pages or items for paged operations.
//!
//! Each call runs in a `jdcloud.call` tracing span (service, operation, method, attempts, status,
//! request id); bodies are logged at trace level only.
//!
//! # Layers
//!
//! The modules, bottom-up; each uses only modules of the layers before its own (`tests/layers.rs`
//! holds the code to this list):
//!
//! 1. `percent` (percent-encoding and decoding), `credentials`, `service` (what a generated crate says
//!    of its service), `date` (the signature's time format), `de` and `ser` (what the generated
//!    `Deserialize` and `Serialize` impls share)
//! 2. `error` (every error of a call)
//! 3. `query` (the query serializer), `path` (path templates), `canonical` (the signature's canonical
//!    path and query), `retry` (backoff, `Retry-After`, whether to try again)
//! 4. `signer`, `transport` (reqwest behind a trait)
//! 5. `request` (a request as generated code describes it, header rules), `config`
//! 6. `endpoint` (which URL a call goes to), `decode` (the reply envelope)
//! 7. `client` (the call loop), `paging`

#![deny(missing_docs)]

mod canonical;
mod client;
mod config;
mod credentials;
mod date;
mod de;
mod decode;
mod endpoint;
mod error;
mod paging;
mod path;
mod percent;
mod query;
mod request;
mod retry;
mod ser;
mod service;
pub mod signer;
mod transport;

pub use client::Client;
pub use config::{
    CallSettings, Config, ConfigBuilder, Timeouts, DEFAULT_REGION, ENDPOINT_ENV, REGION_ENV,
};
pub use credentials::{
    ChainProvider, Credentials, CredentialsError, CredentialsFuture, EnvironmentProvider,
    ProvideCredentials, ACCESS_KEY_ENV, SECRET_KEY_ENV, SESSION_TOKEN_ENV,
};
pub use decode::{Empty, Response, REQUEST_ID_HEADER};
pub use error::{
    BuildError, ConfigError, ConfigErrorKind, DecodeError, Error, ErrorCode, ServiceError,
    TransportError, TransportErrorKind,
};
pub use paging::{Items, Page, Pages, MAX_PAGES};
pub use request::Request;
pub use retry::RetryConfig;
pub use service::ServiceInfo;
pub use signer::{Algorithm, NO_REGION};
pub use transport::{HttpTransport, ReqwestTransport, ResponseFuture};

/// JD Cloud's URL encodings, for callers that build requests themselves: path segments, the flattened
/// query form of structured values, and the canonical path and query of the signature.
pub mod encoding {
    pub use crate::canonical::{canonical_path, canonical_query};
    pub use crate::path::{expand_path, path_segment};
    pub use crate::percent::query_component;
    pub use crate::query::{to_query_pairs, to_query_string};
}

/// For generated code only: the `http` crate (`Method`), so that generated crates need no direct
/// dependency on it, the helpers of their `Deserialize` and `Serialize` impls, and the reading of an
/// operation's input from JSON (`call_json`).
#[doc(hidden)]
pub mod __private {
    pub use http;

    /// What the generated `Deserialize` impls share.
    pub mod de {
        pub use crate::de::{required, skip, value, Fields};
    }

    /// What the generated `Serialize` impls share.
    pub mod ser {
        pub use crate::ser::{optional, value, write_struct, Field};
    }

    /// An operation's input from JSON; what does not fit is an [`Error::InvalidInput`](crate::Error).
    pub fn input_from_json<T: serde::de::DeserializeOwned>(
        operation: &str,
        input: serde_json::Value,
    ) -> Result<T, crate::Error> {
        serde_json::from_value(input).map_err(|e| crate::Error::InvalidInput {
            operation: operation.to_owned(),
            message: e.to_string(),
        })
    }

    /// A typed reply as JSON, for `call_json` (the typed result has been decoded, so the reply fitted
    /// the operation's result; what it did not name is not kept).
    pub fn json_response<T: serde::Serialize>(
        response: crate::Response<T>,
    ) -> crate::Response<serde_json::Value> {
        crate::Response {
            result: serde_json::to_value(&response.result).unwrap_or(serde_json::Value::Null),
            request_id: response.request_id,
            http_status: response.http_status,
        }
    }

    /// The error of a call by an operation id the crate does not have.
    pub fn unknown_operation(operation: &str) -> crate::Error {
        crate::Error::UnknownOperation {
            operation: operation.to_owned(),
        }
    }
}
