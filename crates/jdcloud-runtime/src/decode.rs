//! Reading a reply: the `{requestId, result}` / `{requestId, error}` envelope, bodiless replies, and
//! error bodies that are not JD Cloud's.

use std::time::{Duration, SystemTime};

use bytes::Bytes;
use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::error::{DecodeError, Error, ServiceError};
use crate::retry::retry_after;

/// The header carrying the request id on HEAD and 204 replies.
pub const REQUEST_ID_HEADER: &str = "x-jdcloud-request-id";

/// How much of a body a decode error keeps.
const BODY_START_LEN: usize = 256;

pub(crate) fn header_request_id(headers: &http::HeaderMap) -> Option<String> {
    headers
        .get(REQUEST_ID_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned)
        .filter(|v| !v.is_empty())
}

#[derive(Deserialize)]
struct Envelope<T> {
    #[serde(rename = "requestId")]
    request_id: Option<String>,
    result: Option<T>,
    error: Option<ErrorBody>,
}

#[derive(Deserialize)]
struct ErrorBody {
    code: Option<i64>,
    status: Option<String>,
    #[serde(default)]
    message: String,
    details: Option<serde_json::Value>,
}

fn body_start(body: &[u8]) -> String {
    String::from_utf8_lossy(&body[..body.len().min(BODY_START_LEN)]).into_owned()
}

/// The reply of a `method` request, received at `now` (for an HTTP-date `Retry-After`).
pub(crate) fn decode<T: DeserializeOwned + Default>(
    method: &http::Method,
    reply: http::Response<Bytes>,
    now: SystemTime,
) -> Result<Response<T>, Error> {
    let status = reply.status().as_u16();
    let header_id = header_request_id(reply.headers());
    let body = reply.body();
    if reply.status().is_success() {
        // HEAD and 204 replies, and bodiless replies that carry their request id in the header (as the
        // official clients accept them); a bodiless reply with neither is not a JD Cloud reply.
        let empty = body.iter().all(u8::is_ascii_whitespace);
        if *method == http::Method::HEAD || status == 204 || (empty && header_id.is_some()) {
            return Ok(Response {
                request_id: header_id.unwrap_or_default(),
                http_status: status,
                result: T::default(),
            });
        }
        if empty {
            return Err(Error::Decode(DecodeError {
                http_status: status,
                message: "the reply has neither a body nor an x-jdcloud-request-id header"
                    .to_owned(),
                body_start: String::new(),
                request_id: None,
            }));
        }
        let envelope: Envelope<T> = serde_json::from_slice(body).map_err(|e| {
            Error::Decode(DecodeError {
                http_status: status,
                message: e.to_string(),
                body_start: body_start(body),
                request_id: header_id.clone(),
            })
        })?;
        if let Some(error) = envelope.error {
            return Err(
                service_error(status, error, envelope.request_id.or(header_id), None).into(),
            );
        }
        return Ok(Response {
            request_id: envelope.request_id.or(header_id).unwrap_or_default(),
            http_status: status,
            result: envelope.result.unwrap_or_default(),
        });
    }
    let retry_after = retry_after(reply.headers(), now);
    let parsed: Option<Envelope<serde::de::IgnoredAny>> = serde_json::from_slice(body).ok();
    let error = match parsed {
        Some(Envelope {
            error: Some(error),
            request_id,
            ..
        }) => service_error(status, error, request_id.or(header_id), retry_after),
        other => ServiceError {
            http_status: status,
            code: None,
            status: None,
            message: if body.is_empty() {
                reply.status().canonical_reason().unwrap_or("").to_owned()
            } else {
                body_start(body)
            },
            details: None,
            request_id: other.and_then(|e| e.request_id).or(header_id),
            retry_after,
        },
    };
    Err(error.into())
}

fn service_error(
    status: u16,
    body: ErrorBody,
    request_id: Option<String>,
    retry_after: Option<Duration>,
) -> ServiceError {
    ServiceError {
        http_status: status,
        code: body.code,
        status: body.status,
        message: body.message,
        details: body.details,
        request_id,
        retry_after,
    }
}

/// The result of operations that document none: accepts and ignores whatever the reply carries
/// (and is written as `null`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct Empty;

impl<'de> Deserialize<'de> for Empty {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Empty, D::Error> {
        serde::de::IgnoredAny::deserialize(deserializer).map(|_| Empty)
    }
}

/// A successful reply.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct Response<T> {
    /// The request id (`requestId`, or the `x-jdcloud-request-id` header for HEAD and 204 replies).
    pub request_id: String,
    /// HTTP status of the reply.
    pub http_status: u16,
    /// The `result` member; its default when the reply has none.
    pub result: T,
}

impl<T> Response<T> {
    /// A reply as the runtime decodes it (for tests and mock transports of code that uses the crates).
    pub fn new(request_id: impl Into<String>, http_status: u16, result: T) -> Self {
        Response {
            request_id: request_id.into(),
            http_status,
            result,
        }
    }
}
