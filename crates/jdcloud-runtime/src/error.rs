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
    /// A model could not be built: a required field was left out.
    #[error(transparent)]
    Build(#[from] BuildError),
    /// A call by operation id (`call_json`) named an operation the crate does not have.
    #[error("no operation `{operation}` in this crate")]
    UnknownOperation {
        /// The id given.
        operation: String,
    },
    /// A call by operation id was given an input that does not fit the operation's.
    #[error("the input of `{operation}` does not fit: {message}")]
    InvalidInput {
        /// The operation.
        operation: String,
        /// What does not fit (a missing required parameter, an unknown one, a wrong type).
        message: String,
    },
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
            | Error::Config(_)
            | Error::Build(_)
            | Error::UnknownOperation { .. }
            | Error::InvalidInput { .. } => false,
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
#[non_exhaustive]
pub struct ServiceError {
    pub(crate) http_status: u16,
    pub(crate) code: Option<i64>,
    pub(crate) status: Option<String>,
    pub(crate) message: String,
    pub(crate) details: Option<serde_json::Value>,
    pub(crate) request_id: Option<String>,
    pub(crate) retry_after: Option<Duration>,
}

impl ServiceError {
    /// The error class, typed: what to match on (`ErrorCode::NotFound`, `ErrorCode::RateLimit`...).
    pub fn code(&self) -> ErrorCode {
        ErrorCode::from_status(self.status.as_deref().unwrap_or(""))
    }

    /// `error.status` as sent, the error class (`RATE_LIMIT`, `NOT_FOUND`, `INVALID_ARGUMENT`...).
    pub fn status(&self) -> Option<&str> {
        self.status.as_deref()
    }

    /// HTTP status of the reply.
    pub fn http_status(&self) -> u16 {
        self.http_status
    }

    /// `error.code` as sent (it repeats the HTTP status).
    pub fn envelope_code(&self) -> Option<i64> {
        self.code
    }

    /// `error.message`.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// `error.details`, as sent.
    pub fn details(&self) -> Option<&serde_json::Value> {
        self.details.as_ref()
    }

    /// The request id, from the body or the `x-jdcloud-request-id` header.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }

    /// How long the service asked to wait (`Retry-After`).
    pub fn retry_after(&self) -> Option<Duration> {
        self.retry_after
    }

    /// Throttling (429) and server-side failures (500, 502, 503, 504) are worth retrying.
    pub fn is_retryable(&self) -> bool {
        matches!(self.http_status, 429 | 500 | 502 | 503 | 504)
    }

    /// Whether the service throttled the call.
    pub fn is_throttling(&self) -> bool {
        self.http_status == 429 || self.code() == ErrorCode::RateLimit
    }
}

/// The error classes JD Cloud names in `error.status`, typed; [`ErrorCode::Unknown`] holds any other
/// (or an empty string when the reply named none). Match with a wildcard arm: classes may be added.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ErrorCode {
    /// `INVALID_ARGUMENT` (400): a parameter is missing or malformed.
    InvalidArgument,
    /// `FAILED_PRECONDITION` (400): the resource is not in a state that allows the call.
    FailedPrecondition,
    /// `OUT_OF_RANGE` (400).
    OutOfRange,
    /// `UNAUTHENTICATED` (401): the signature or the credentials were refused.
    Unauthenticated,
    /// `ACCESS_ERROR` (401/403): the caller may not do this.
    AccessError,
    /// `PERMISSION_DENIED` (403).
    PermissionDenied,
    /// `NOT_FOUND` (404).
    NotFound,
    /// `ABORTED` (409): a concurrent change got there first.
    Aborted,
    /// `ALREADY_EXISTS` (409).
    AlreadyExists,
    /// `RATE_LIMIT` (429): throttled.
    RateLimit,
    /// `RESOURCE_EXHAUSTED` (429).
    ResourceExhausted,
    /// `QUOTA_EXCEEDED`.
    QuotaExceeded,
    /// `CANCELLED` (499).
    Cancelled,
    /// `INTERNAL_ERROR` (500).
    InternalError,
    /// `INTERNAL` (500).
    Internal,
    /// `DATA_LOSS` (500).
    DataLoss,
    /// `NOT_IMPLEMENTED` (501).
    NotImplemented,
    /// `UNAVAILABLE` (503).
    Unavailable,
    /// `DEADLINE_EXCEEDED` (504).
    DeadlineExceeded,
    /// Any other class, as sent.
    Unknown(String),
}

/// Each known class with its wire name, in one table for both directions.
const ERROR_CODES: &[(ErrorCode, &str)] = &[
    (ErrorCode::InvalidArgument, "INVALID_ARGUMENT"),
    (ErrorCode::FailedPrecondition, "FAILED_PRECONDITION"),
    (ErrorCode::OutOfRange, "OUT_OF_RANGE"),
    (ErrorCode::Unauthenticated, "UNAUTHENTICATED"),
    (ErrorCode::AccessError, "ACCESS_ERROR"),
    (ErrorCode::PermissionDenied, "PERMISSION_DENIED"),
    (ErrorCode::NotFound, "NOT_FOUND"),
    (ErrorCode::Aborted, "ABORTED"),
    (ErrorCode::AlreadyExists, "ALREADY_EXISTS"),
    (ErrorCode::RateLimit, "RATE_LIMIT"),
    (ErrorCode::ResourceExhausted, "RESOURCE_EXHAUSTED"),
    (ErrorCode::QuotaExceeded, "QUOTA_EXCEEDED"),
    (ErrorCode::Cancelled, "CANCELLED"),
    (ErrorCode::InternalError, "INTERNAL_ERROR"),
    (ErrorCode::Internal, "INTERNAL"),
    (ErrorCode::DataLoss, "DATA_LOSS"),
    (ErrorCode::NotImplemented, "NOT_IMPLEMENTED"),
    (ErrorCode::Unavailable, "UNAVAILABLE"),
    (ErrorCode::DeadlineExceeded, "DEADLINE_EXCEEDED"),
];

impl ErrorCode {
    /// The class a `status` string names (exactly, as JD Cloud writes them).
    pub fn from_status(status: &str) -> ErrorCode {
        ERROR_CODES
            .iter()
            .find(|(_, name)| *name == status)
            .map_or_else(
                || ErrorCode::Unknown(status.to_owned()),
                |(code, _)| code.clone(),
            )
    }

    /// The wire names of every class with a variant of its own, in the order of the variants.
    pub fn known_classes() -> impl Iterator<Item = &'static str> {
        ERROR_CODES.iter().map(|(_, name)| *name)
    }

    /// The wire name (`NOT_FOUND`), or the unknown string as sent.
    pub fn as_str(&self) -> &str {
        match self {
            ErrorCode::Unknown(status) => status,
            known => ERROR_CODES
                .iter()
                .find(|(code, _)| code == known)
                .map_or("", |(_, name)| name),
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
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
#[non_exhaustive]
#[error("cannot decode reply (HTTP {http_status}): {message}; body starts with {body_start:?}")]
pub struct DecodeError {
    pub(crate) http_status: u16,
    pub(crate) message: String,
    pub(crate) body_start: String,
    pub(crate) request_id: Option<String>,
}

impl DecodeError {
    /// HTTP status of the reply.
    pub fn http_status(&self) -> u16 {
        self.http_status
    }

    /// What the JSON decoder said.
    pub fn message(&self) -> &str {
        &self.message
    }

    /// The first bytes of the body (at most 256), lossily as text.
    pub fn body_start(&self) -> &str {
        &self.body_start
    }

    /// The request id from the `x-jdcloud-request-id` header, if any.
    pub fn request_id(&self) -> Option<&str> {
        self.request_id.as_deref()
    }
}

/// A configuration is invalid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid configuration: {message}")]
pub struct ConfigError {
    kind: ConfigErrorKind,
    message: String,
}

/// What part of a configuration is invalid.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ConfigErrorKind {
    /// No credentials could be loaded (from the environment, say).
    Credentials,
    /// An endpoint is not an `https://` URL with a host (or plain `http://` without the opt-in).
    Endpoint,
    /// A timeout of zero.
    Timeouts,
    /// Retry settings that allow no attempt at all.
    Retry,
    /// The user agent suffix is not a valid header value.
    UserAgent,
    /// The HTTP client could not be built.
    Transport,
}

impl ConfigError {
    /// A configuration error of some kind.
    pub fn new(kind: ConfigErrorKind, message: impl Into<String>) -> ConfigError {
        ConfigError {
            kind,
            message: message.into(),
        }
    }

    /// What part of the configuration is invalid.
    pub fn kind(&self) -> ConfigErrorKind {
        self.kind
    }

    /// What is wrong, in words.
    pub fn message(&self) -> &str {
        &self.message
    }
}

/// A model's builder was asked to build without a field the documents make required.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{model}` needs `{field}`, which was not set")]
pub struct BuildError {
    model: &'static str,
    field: &'static str,
}

impl BuildError {
    /// `model` was built without its required `field` (both as the documents name them).
    pub fn missing(model: &'static str, field: &'static str) -> BuildError {
        BuildError { model, field }
    }

    /// The model, as the documents name it.
    pub fn model(&self) -> &'static str {
        self.model
    }

    /// The field left out, as the documents (and the wire) name it.
    pub fn field(&self) -> &'static str {
        self.field
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service_error(http_status: u16, status: Option<&str>) -> ServiceError {
        ServiceError {
            http_status,
            code: Some(i64::from(http_status)),
            status: status.map(str::to_owned),
            message: "m".to_owned(),
            details: None,
            request_id: Some("r".to_owned()),
            retry_after: None,
        }
    }

    #[test]
    fn error_codes_are_typed_both_ways() {
        for name in ErrorCode::known_classes() {
            let code = ErrorCode::from_status(name);
            assert!(!matches!(code, ErrorCode::Unknown(_)), "{name}");
            assert_eq!(code.as_str(), name);
            assert_eq!(code.to_string(), name);
        }
        assert_eq!(ErrorCode::known_classes().count(), ERROR_CODES.len());
        assert_eq!(ErrorCode::from_status("NOT_FOUND"), ErrorCode::NotFound);
        assert_eq!(
            ErrorCode::from_status("NEW_CLASS"),
            ErrorCode::Unknown("NEW_CLASS".to_owned())
        );
        assert_eq!(ErrorCode::Unknown("X".into()).as_str(), "X");
    }

    #[test]
    fn a_service_error_reads_its_class_and_throttling() {
        let error = service_error(404, Some("NOT_FOUND"));
        assert_eq!(error.code(), ErrorCode::NotFound);
        assert_eq!(error.status(), Some("NOT_FOUND"));
        assert_eq!(
            (error.http_status(), error.envelope_code()),
            (404, Some(404))
        );
        assert_eq!((error.message(), error.request_id()), ("m", Some("r")));
        assert!(!error.is_throttling() && !error.is_retryable());
        // Throttled by status alone, by HTTP status alone, or not at all without a class.
        assert!(service_error(400, Some("RATE_LIMIT")).is_throttling());
        assert!(service_error(429, None).is_throttling());
        assert_eq!(
            service_error(500, None).code(),
            ErrorCode::Unknown(String::new())
        );
    }

    #[test]
    fn a_build_error_names_the_model_and_field() {
        let error = BuildError::missing("Spec", "subnetId");
        assert_eq!((error.model(), error.field()), ("Spec", "subnetId"));
        assert_eq!(
            error.to_string(),
            "`Spec` needs `subnetId`, which was not set"
        );
        assert!(!Error::from(error).is_retryable());
    }

    #[test]
    fn a_service_error_is_shown_and_read_whole() {
        let mut error = service_error(503, Some("UNAVAILABLE"));
        error.details = Some(serde_json::json!({"field": "x"}));
        error.retry_after = Some(Duration::from_secs(2));
        assert_eq!(
            error.to_string(),
            "service error 503 UNAVAILABLE: m (request id r)"
        );
        assert_eq!(error.details(), Some(&serde_json::json!({"field": "x"})));
        assert_eq!(error.retry_after(), Some(Duration::from_secs(2)));
        let bare = ServiceError {
            message: String::new(),
            request_id: None,
            ..service_error(500, None)
        };
        assert_eq!(bare.to_string(), "service error 500");
        for (status, retryable) in [
            (429, true),
            (500, true),
            (502, true),
            (503, true),
            (504, true),
            (400, false),
            (404, false),
            (501, false),
        ] {
            assert_eq!(
                service_error(status, None).is_retryable(),
                retryable,
                "{status}"
            );
        }
        assert!(!service_error(503, Some("UNAVAILABLE")).is_throttling());
    }

    #[test]
    fn errors_say_whether_to_retry_and_which_request_it_was() {
        let service = Error::from(service_error(503, Some("UNAVAILABLE")));
        assert!(service.is_retryable());
        assert_eq!(service.request_id(), Some("r"));
        assert_eq!(
            service.as_service().map(ServiceError::http_status),
            Some(503)
        );
        assert!(!Error::from(service_error(404, None)).is_retryable());

        let decode = DecodeError {
            http_status: 200,
            message: "expected `,`".to_owned(),
            body_start: "{\"result\"".to_owned(),
            request_id: Some("d".to_owned()),
        };
        assert_eq!(
            (decode.http_status(), decode.message(), decode.body_start()),
            (200, "expected `,`", "{\"result\"")
        );
        assert_eq!(decode.request_id(), Some("d"));
        let decode = Error::from(decode);
        assert_eq!(decode.request_id(), Some("d"));
        assert!(!decode.is_retryable() && decode.as_service().is_none());

        let transport = |kind| Error::from(TransportError::new(kind, "t", None));
        assert!(transport(TransportErrorKind::Connect).is_retryable());
        assert!(transport(TransportErrorKind::Io).is_retryable());
        assert!(transport(TransportErrorKind::Other).is_retryable());
        assert!(!transport(TransportErrorKind::BodyTooLarge).is_retryable());
        assert_eq!(transport(TransportErrorKind::Io).request_id(), None);
        assert!(TransportError::new(TransportErrorKind::Connect, "t", None).is_connect());
        assert!(!TransportError::new(TransportErrorKind::Io, "t", None).is_connect());

        let timeout = Error::Timeout {
            elapsed: Duration::from_secs(1),
            attempts: 2,
        };
        assert!(timeout.is_retryable());
        assert_eq!(timeout.to_string(), "timed out after 1s (2 attempt(s))");
        let invalid = Error::invalid_request("a path value of `..`");
        assert_eq!(invalid.to_string(), "invalid request: a path value of `..`");
        for error in [
            invalid,
            Error::Credentials(CredentialsError("none".to_owned())),
            Error::Config(ConfigError::new(ConfigErrorKind::Endpoint, "e")),
            Error::UnknownOperation {
                operation: "x".to_owned(),
            },
            Error::InvalidInput {
                operation: "x".to_owned(),
                message: "m".to_owned(),
            },
        ] {
            assert!(!error.is_retryable(), "{error}");
            assert_eq!(error.request_id(), None);
        }
        let config = ConfigError::new(ConfigErrorKind::Retry, "no attempt");
        assert_eq!(config.message(), "no attempt");
        assert_eq!(config.to_string(), "invalid configuration: no attempt");
    }
}
