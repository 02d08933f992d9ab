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

/// A reply the call loop accepted, its `result` not yet decoded into the operation's type: nothing the
/// loop decides (retry, give up, done) depends on that type, so the loop is compiled once for all
/// operations and only [`Reply::decode`] once per result type.
pub(crate) struct Reply {
    pub(crate) request_id: String,
    http_status: u16,
    body: Bytes,
    /// Where the `result` member's JSON text is in `body`; `None` when there is none (absent, `null`,
    /// or a bodiless reply).
    result: Option<std::ops::Range<usize>>,
}

impl Reply {
    /// The reply with its `result` decoded into `T` (its default when there is none).
    pub(crate) fn decode<T: DeserializeOwned + Default>(self) -> Result<Response<T>, Error> {
        let result = match self.result {
            None => T::default(),
            Some(range) => serde_json::from_slice(&self.body[range]).map_err(|e| {
                Error::Decode(DecodeError {
                    http_status: self.http_status,
                    message: format!("in `result`: {e}"),
                    body_start: body_start(&self.body),
                    request_id: Some(self.request_id.clone()).filter(|id| !id.is_empty()),
                })
            })?,
        };
        Ok(Response {
            request_id: self.request_id,
            http_status: self.http_status,
            result,
        })
    }
}

/// The reply of a `method` request, received at `now` (for an HTTP-date `Retry-After`): accepted,
/// or the error it carries (a service error, or a body that is not JD Cloud's envelope).
pub(crate) fn accept(
    method: &http::Method,
    reply: http::Response<Bytes>,
    now: SystemTime,
) -> Result<Reply, Error> {
    let status = reply.status().as_u16();
    let header_id = header_request_id(reply.headers());
    let body = reply.body();
    if reply.status().is_success() {
        // HEAD and 204 replies, and bodiless replies that carry their request id in the header (as the
        // official clients accept them); a bodiless reply with neither is not a JD Cloud reply.
        let empty = body.iter().all(u8::is_ascii_whitespace);
        if *method == http::Method::HEAD || status == 204 || (empty && header_id.is_some()) {
            return Ok(Reply {
                request_id: header_id.unwrap_or_default(),
                http_status: status,
                body: Bytes::new(),
                result: None,
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
        let envelope: Envelope<&serde_json::value::RawValue> = serde_json::from_slice(body)
            .map_err(|e| {
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
        // The raw value borrows from `body`: its place there, as offsets.
        let result = envelope.result.map(|raw| {
            let start = raw.get().as_ptr() as usize - body.as_ptr() as usize;
            start..start + raw.get().len()
        });
        return Ok(Reply {
            request_id: envelope.request_id.or(header_id).unwrap_or_default(),
            http_status: status,
            body: reply.into_body(),
            result,
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

#[cfg(test)]
mod tests {
    use super::*;

    fn reply(status: u16, body: &'static str) -> http::Response<Bytes> {
        http::Response::builder()
            .status(status)
            .header(REQUEST_ID_HEADER, "header-id")
            .body(Bytes::from_static(body.as_bytes()))
            .unwrap()
    }

    fn get(status: u16, body: &'static str) -> Result<Reply, Error> {
        accept(
            &http::Method::GET,
            reply(status, body),
            SystemTime::UNIX_EPOCH,
        )
    }

    #[derive(Debug, Default, PartialEq, Deserialize)]
    struct Count {
        total: i32,
    }

    #[test]
    fn the_result_is_decoded_after_the_envelope_is_accepted() {
        let body = r#"{"requestId": "r-1", "result": {"total": 3}, "extra": [1, {"total": "x"}]}"#;
        let response = get(200, body).unwrap().decode::<Count>().unwrap();
        assert_eq!(response, Response::new("r-1", 200, Count { total: 3 }));
        // `null`, or no result at all: the type's default.
        for body in [
            r#"{"requestId": "r-2", "result": null}"#,
            r#"{"requestId": "r-2"}"#,
        ] {
            let response = get(200, body).unwrap().decode::<Count>().unwrap();
            assert_eq!(response, Response::new("r-2", 200, Count::default()));
        }
        // A HEAD reply has no body: the header's id and the default.
        let head = accept(&http::Method::HEAD, reply(200, ""), SystemTime::UNIX_EPOCH);
        let response = head.unwrap().decode::<Count>().unwrap();
        assert_eq!(response, Response::new("header-id", 200, Count::default()));
    }

    #[test]
    fn an_operation_without_a_documented_result_accepts_any() {
        for body in [
            r#"{"requestId": "r-5", "result": {"taskId": "t", "nested": [1, {"a": null}]}}"#,
            r#"{"requestId": "r-5", "result": "done"}"#,
            r#"{"requestId": "r-5", "result": null}"#,
        ] {
            let response = get(200, body).unwrap().decode::<Empty>().unwrap();
            assert_eq!(response, Response::new("r-5", 200, Empty));
        }
        assert_eq!(serde_json::to_string(&Empty).unwrap(), "null");
    }

    #[test]
    fn a_result_of_another_shape_is_a_decode_error_naming_it() {
        let body = r#"{"requestId": "r-3", "result": {"total": "three"}}"#;
        let accepted = get(200, body).unwrap();
        match accepted.decode::<Count>() {
            Err(Error::Decode(e)) => {
                assert!(e.to_string().contains("in `result`"), "{e}");
                assert_eq!(e.request_id.as_deref(), Some("r-3"));
                assert_eq!(e.body_start(), body);
            }
            other => panic!("expected a decode error, got {other:?}"),
        }
    }

    #[test]
    fn an_error_envelope_is_a_service_error_whatever_the_status() {
        for status in [200, 500] {
            let body = r#"{"requestId": "r-4", "error": {"code": 500, "status": "INTERNAL", "message": "boom"}}"#;
            match get(status, body) {
                Err(Error::Service(e)) => {
                    assert_eq!(e.http_status, status);
                    assert_eq!(e.message, "boom");
                    assert_eq!(e.request_id.as_deref(), Some("r-4"));
                }
                Err(other) => panic!("expected a service error, got {other:?}"),
                Ok(_) => panic!("expected a service error, got a reply"),
            }
        }
        // Not JSON at all: a decode error keeping the body's start.
        match get(200, "<html>oops</html>") {
            Err(Error::Decode(e)) => assert_eq!(e.body_start(), "<html>oops</html>"),
            Err(other) => panic!("expected a decode error, got {other:?}"),
            Ok(_) => panic!("expected a decode error, got a reply"),
        }
    }

    fn bare(status: u16, body: &'static str) -> http::Response<Bytes> {
        http::Response::builder()
            .status(status)
            .body(Bytes::from_static(body.as_bytes()))
            .unwrap()
    }

    fn accept_get(reply: http::Response<Bytes>) -> Result<Reply, Error> {
        accept(&http::Method::GET, reply, SystemTime::UNIX_EPOCH)
    }

    #[test]
    fn bodiless_replies_need_a_request_id_unless_their_status_says_so() {
        // 204 says there is no body; a body it carries anyway is not read.
        let reply = accept_get(bare(204, "{not json")).unwrap();
        assert_eq!((reply.http_status, reply.request_id.as_str()), (204, ""));
        assert!(reply.result.is_none());
        // A 200 with only whitespace and the header's id.
        let reply = get(200, " \n").unwrap();
        assert_eq!(reply.request_id, "header-id");
        assert!(reply.result.is_none());
        // Neither a body nor an id: not a JD Cloud reply.
        match accept_get(bare(200, "")) {
            Err(Error::Decode(e)) => {
                assert!(e.message().contains("neither a body nor"), "{e}");
                assert_eq!(e.request_id(), None);
            }
            Err(other) => panic!("expected a decode error, got {other:?}"),
            Ok(_) => panic!("expected a decode error, got a reply"),
        }
        // A body that is not the envelope keeps the header's id in its error.
        match get(200, "[1, 2]") {
            Err(Error::Decode(e)) => assert_eq!(e.request_id(), Some("header-id")),
            Err(other) => panic!("expected a decode error, got {other:?}"),
            Ok(_) => panic!("expected a decode error, got a reply"),
        }
        // The envelope's id comes before the header's.
        let reply = get(200, r#"{"requestId": "body-id", "result": 1}"#).unwrap();
        assert_eq!(reply.request_id, "body-id");
        let reply = get(200, r#"{"result": 1}"#).unwrap();
        assert_eq!(reply.request_id, "header-id");
    }

    #[test]
    fn failures_without_an_envelope_still_say_what_came_back() {
        let service = |result: Result<Reply, Error>| match result {
            Err(Error::Service(e)) => *e,
            Err(other) => panic!("expected a service error, got {other:?}"),
            Ok(_) => panic!("expected a service error, got a reply"),
        };
        let e = service(accept_get(bare(502, "")));
        assert_eq!((e.http_status(), e.message()), (502, "Bad Gateway"));
        assert_eq!((e.status(), e.request_id()), (None, None));
        let e = service(get(503, "upstream <b>down</b>"));
        assert_eq!(e.message(), "upstream <b>down</b>");
        assert_eq!(e.request_id(), Some("header-id"));
        // An envelope without an error member: its id, and the body as the message.
        let e = service(get(500, r#"{"requestId": "body-id"}"#));
        assert_eq!(e.request_id(), Some("body-id"));
        assert_eq!(e.message(), r#"{"requestId": "body-id"}"#);
        // An error envelope with Retry-After.
        let throttled = http::Response::builder()
            .status(429)
            .header(http::header::RETRY_AFTER, "7")
            .body(Bytes::from_static(
                br#"{"error": {"code": 429, "status": "RATE_LIMIT", "message": "slow", "details": [1]}}"#,
            ))
            .unwrap();
        let e = service(accept_get(throttled));
        assert_eq!(e.retry_after(), Some(Duration::from_secs(7)));
        assert_eq!(
            (e.envelope_code(), e.status()),
            (Some(429), Some("RATE_LIMIT"))
        );
        assert_eq!(e.details(), Some(&serde_json::json!([1])));
        assert_eq!(e.request_id(), None);
    }
}
