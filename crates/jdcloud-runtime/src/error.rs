//! Errors of a call: what happened, with what the service said, and whether trying again may help.

use std::fmt;
use std::time::Duration;

use crate::credentials::CredentialsError;

/// Why a call failed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The service answered with an error.
    #[error(transparent)]
    Service(Box<ServiceError>),
    /// The request could not be sent or its answer not received.
    #[error(transparent)]
    Transport(#[from] TransportError),
    /// No answer within the configured time.
    #[error("timed out after {elapsed:?} ({attempts} attempt(s))")]
    Timeout {
        /// Time spent on the call.
        elapsed: Duration,
        /// Attempts made.
        attempts: u32,
    },
    /// The answer could not be read.
    #[error(transparent)]
    Decode(#[from] DecodeError),
    /// No credentials to sign with.
    #[error(transparent)]
    Credentials(#[from] CredentialsError),
    /// The request cannot be built (a path value of `..`, a header value with a line break...).
    #[error("invalid request: {0}")]
    InvalidRequest(String),
    /// The client cannot be configured (no credentials in the environment, an invalid endpoint...).
    #[error(transparent)]
    Config(#[from] ConfigError),
}

impl From<ServiceError> for Error {
    fn from(error: ServiceError) -> Self {
        Error::Service(Box::new(error))
    }
}

impl Error {
    pub(crate) fn invalid_request(message: impl Into<String>) -> Error {
        Error::InvalidRequest(message.into())
    }

    /// Whether the same call may succeed if tried again: throttling, server errors, connection
    /// failures and timeouts.
    pub fn is_retryable(&self) -> bool {
        match self {
            Error::Service(e) => e.is_retryable(),
            Error::Transport(e) => e.kind != TransportErrorKind::BodyTooLarge,
            Error::Timeout { .. } => true,
            Error::Decode(_)
            | Error::Credentials(_)
            | Error::InvalidRequest(_)
            | Error::Config(_) => false,
        }
    }

    /// The service's request id, when the service answered.
    pub fn request_id(&self) -> Option<&str> {
        match self {
            Error::Service(e) => e.request_id.as_deref(),
            Error::Decode(e) => e.request_id.as_deref(),
            _ => None,
        }
    }

    /// The service error, if the service answered with one.
    pub fn as_service(&self) -> Option<&ServiceError> {
        match self {
            Error::Service(e) => Some(e),
            _ => None,
        }
    }
}

/// The `error` member of JD Cloud's reply envelope, with the HTTP status and request id.
#[derive(Debug, Clone, PartialEq)]
pub struct ServiceError {
    /// HTTP status of the reply.
    pub http_status: u16,
    /// `error.code` (repeats the HTTP status).
    pub code: Option<i64>,
    /// `error.status`, the error class (`RATE_LIMIT`, `NOT_FOUND`, `INVALID_ARGUMENT`...).
    pub status: Option<String>,
    /// `error.message`.
    pub message: String,
    /// `error.details`, as sent.
    pub details: Option<serde_json::Value>,
    /// The request id, from the body or the `x-jdcloud-request-id` header.
    pub request_id: Option<String>,
    /// How long the service asked to wait (`Retry-After`).
    pub retry_after: Option<Duration>,
}

impl ServiceError {
    /// Throttling (429) and server-side failures (500, 502, 503, 504) are worth retrying.
    pub fn is_retryable(&self) -> bool {
        matches!(self.http_status, 429 | 500 | 502 | 503 | 504)
    }

    /// Whether the service throttled the call.
    pub fn is_throttling(&self) -> bool {
        self.http_status == 429 || self.status.as_deref() == Some("RATE_LIMIT")
    }
}

impl fmt::Display for ServiceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "service error {}", self.http_status)?;
        if let Some(status) = &self.status {
            write!(f, " {status}")?;
        }
        if !self.message.is_empty() {
            write!(f, ": {}", self.message)?;
        }
        if let Some(id) = &self.request_id {
            write!(f, " (request id {id})")?;
        }
        Ok(())
    }
}

impl std::error::Error for ServiceError {}

/// What part of the exchange failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportErrorKind {
    /// No connection was made: the request provably never reached the server.
    Connect,
    /// The connection failed after the request may have been sent (reset, closed early).
    Io,
    /// The reply's body was larger than allowed.
    BodyTooLarge,
    /// Anything else the HTTP client reported.
    Other,
}

/// The request could not be sent or its answer not received.
#[derive(Debug, thiserror::Error)]
#[error("transport error ({kind:?}): {message}")]
pub struct TransportError {
    /// What failed.
    pub kind: TransportErrorKind,
    /// What the HTTP client said.
    pub message: String,
    #[source]
    source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl TransportError {
    /// A transport error of some kind, with its cause.
    pub fn new(
        kind: TransportErrorKind,
        message: impl Into<String>,
        source: Option<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        TransportError {
            kind,
            message: message.into(),
            source,
        }
    }

    /// Whether the request provably never reached the server.
    pub fn is_connect(&self) -> bool {
        self.kind == TransportErrorKind::Connect
    }
}

/// The reply could not be decoded.
#[derive(Debug, Clone, thiserror::Error)]
#[error("cannot decode reply (HTTP {http_status}): {message}; body starts with {body_start:?}")]
pub struct DecodeError {
    /// HTTP status of the reply.
    pub http_status: u16,
    /// What the JSON decoder said.
    pub message: String,
    /// The first bytes of the body (at most 256), lossily as text.
    pub body_start: String,
    /// The request id from the `x-jdcloud-request-id` header, if any.
    pub request_id: Option<String>,
}

/// A configuration is invalid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid configuration: {0}")]
pub struct ConfigError(pub String);
