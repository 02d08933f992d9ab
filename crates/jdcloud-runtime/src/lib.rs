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

#![deny(missing_docs)]

mod client;
mod config;
mod credentials;
pub mod encoding;
mod error;
mod paging;
mod query;
mod retry;
pub mod signer;
mod transport;

pub use client::{Client, Empty, Request, Response, ServiceInfo, NO_REGION, REQUEST_ID_HEADER};
pub use config::{
    Config, ConfigBuilder, ConfigError, Timeouts, DEFAULT_REGION, ENDPOINT_ENV, REGION_ENV,
};
pub use credentials::{
    ChainProvider, Credentials, CredentialsError, CredentialsFuture, EnvironmentProvider,
    ProvideCredentials, ACCESS_KEY_ENV, SECRET_KEY_ENV, SESSION_TOKEN_ENV,
};
pub use error::{DecodeError, Error, ServiceError, TransportError, TransportErrorKind};
pub use paging::{Page, Pages, MAX_PAGES};
pub use retry::RetryConfig;
pub use signer::Algorithm;
pub use transport::{HttpTransport, ReqwestTransport, ResponseFuture};

/// Re-exports generated crates use, so that they need no direct dependency on these.
#[doc(hidden)]
pub mod __private {
    pub use futures;
    pub use http;
    pub use serde;
    pub use serde_json;
}
