//! A request as generated code describes it: operation, method, path filled with encoded segments, the
//! query in JD Cloud's form, header parameters under JD Cloud's rules, the JSON body and the region to
//! sign for. Building never fails on the spot: the first error is kept and returned by the call.

use std::borrow::Cow;

use base64::Engine as _;
use http::header::{HeaderName, HeaderValue};
use serde::Serialize;

use crate::error::Error;
use crate::path::fill_placeholder;
use crate::query::write_query;
use crate::signer::BASE64_HEADERS;

/// A request as generated code describes it; see [`Client::call`](crate::Client::call).
#[derive(Debug)]
pub struct Request {
    pub(crate) operation: &'static str,
    pub(crate) method: http::Method,
    /// The path template, each placeholder replaced by its encoded value when it is given.
    pub(crate) path: String,
    pub(crate) host: Option<&'static str>,
    pub(crate) host_params: Vec<(&'static str, String)>,
    /// The query parameters, encoded and joined with `&`, in the order given.
    pub(crate) query: String,
    pub(crate) headers: Vec<(HeaderName, HeaderValue)>,
    pub(crate) body: Option<Vec<u8>>,
    pub(crate) signing_region: Option<String>,
    /// The first error met while building; returned by [`Client::call`](crate::Client::call).
    pub(crate) error: Option<Error>,
}

impl Request {
    /// A request of `operation` with a path template (`/v1/regions/{regionId}/cacheInstance`).
    pub fn new(operation: &'static str, method: http::Method, path: &'static str) -> Request {
        Request {
            operation,
            method,
            path: {
                // Room for the values that replace the placeholders.
                let mut filled = String::with_capacity(path.len() + 32);
                filled.push_str(path);
                filled
            },
            host: None,
            host_params: Vec::new(),
            query: String::new(),
            headers: Vec::new(),
            body: None,
            signing_region: None,
            error: None,
        }
    }

    fn fail(&mut self, error: Error) {
        if self.error.is_none() {
            self.error = Some(error);
        }
    }

    /// Fills `{name}` of the path with `value`, encoded as one segment. An empty value, `.`, `..`, or a
    /// name the path template does not have fails the request (reported by [`Client::call`](crate::Client::call)).
    pub fn path_param(mut self, name: &'static str, value: impl AsRef<str>) -> Request {
        if let Err(e) = fill_placeholder(&mut self.path, name, value.as_ref()) {
            self.fail(e);
        }
        self
    }

    /// Sends this operation to another host template than the service's (some operations of a service
    /// are served elsewhere, `widget.cn-south-1.jdcloud-api.com`). An endpoint override still wins.
    pub fn host(mut self, template: &'static str) -> Request {
        self.host = Some(template);
        self
    }

    /// Fills `{name}` of the host template.
    pub fn host_param(mut self, name: &'static str, value: impl AsRef<str>) -> Request {
        self.host_params.push((name, value.as_ref().to_owned()));
        self
    }

    /// Adds query parameters in JD Cloud's flattened form (`filters.1.name=...`).
    pub fn query<Q: Serialize + ?Sized>(mut self, query: &Q) -> Request {
        // Room for a few parameters at once, rather than growing from nothing.
        self.query.reserve(64);
        if let Err(e) = write_query(query, &mut self.query) {
            self.fail(e);
        }
        self
    }

    /// Sets the JSON body.
    pub fn json_body<B: Serialize + ?Sized>(mut self, body: &B) -> Request {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Some(bytes),
            Err(e) => self.fail(Error::invalid_request(format!(
                "the body cannot be encoded: {e}"
            ))),
        }
        self
    }

    /// Adds a header parameter. Values of `x-jdcloud-pin`, `x-jdcloud-erp` and
    /// `x-jdcloud-security-token` are base64-encoded, as JD Cloud expects; values with CR, LF or other
    /// control characters are refused.
    pub fn header(mut self, name: &'static str, value: impl AsRef<str>) -> Request {
        let value = value.as_ref();
        if value.chars().any(|c| c.is_control() && c != '\t') {
            self.fail(Error::invalid_request(format!(
                "header `{name}` holds a line break or control character"
            )));
            return self;
        }
        let lower = name.to_ascii_lowercase();
        let value = if BASE64_HEADERS.contains(&lower.as_str()) {
            Cow::Owned(base64::engine::general_purpose::STANDARD.encode(value.as_bytes()))
        } else {
            Cow::Borrowed(value)
        };
        match (HeaderName::from_bytes(lower.as_bytes()), HeaderValue::from_str(&value)) {
            (Ok(name), Ok(value)) => self.headers.push((name, value)),
            _ => self.fail(Error::invalid_request(format!(
                "header `{name}` must be visible ASCII (non-ASCII values go in x-jdcloud-pin style headers)"
            ))),
        }
        self
    }

    /// The region to sign for (the request's `regionId`); `jdcloud-api` when not set.
    pub fn signing_region(mut self, region: impl Into<String>) -> Request {
        self.signing_region = Some(region.into());
        self
    }
}
