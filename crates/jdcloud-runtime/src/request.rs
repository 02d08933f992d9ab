//! A request as generated code describes it: operation, method, path filled with encoded segments, the
//! query in JD Cloud's form, header parameters under JD Cloud's rules, the JSON body and the region to
//! sign for. Building never fails on the spot: the first error is kept and returned by the call.

use std::borrow::Cow;

use base64::Engine as _;
use http::header::{HeaderName, HeaderValue};
use serde::Serialize;

use crate::error::Error;
use crate::path::fill_placeholder;
use crate::query::{write_query, write_query_param};
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

    /// Adds one query parameter at `name`, flattened like [`query`](Request::query)'s members
    /// (`name.1`, `name.member`); `None` adds nothing.
    pub fn query_param<T: Serialize + ?Sized>(mut self, name: &'static str, value: &T) -> Request {
        if let Err(e) = write_query_param(name, value, &mut self.query) {
            self.fail(e);
        }
        self
    }

    /// Starts a JSON object body (`{}`), for [`body_member`](Request::body_member) to fill.
    pub fn json_object(mut self) -> Request {
        let mut body = Vec::with_capacity(64);
        body.extend_from_slice(b"{}");
        self.body = Some(body);
        self
    }

    /// Adds `"name": value` to the JSON object body, after the members added before it (the object
    /// is started when there is none). The same bytes as [`json_body`](Request::json_body) of a
    /// struct with these members in this order.
    pub fn body_member<T: Serialize + ?Sized>(mut self, name: &'static str, value: &T) -> Request {
        let body = self.body.get_or_insert_with(|| b"{}".to_vec());
        // Of what `json_body` and `json_object` write (serde_json's output), only an object ends in `}`.
        if body.last() != Some(&b'}') {
            self.fail(Error::invalid_request(format!(
                "the body member `{name}` was added to a body that is not a JSON object"
            )));
            return self;
        }
        // The object stays whole after every member: its closing brace moves to the end.
        let end = body.len() - 1;
        body.truncate(end);
        if end > 1 {
            body.push(b',');
        }
        let mut written = serde_json::to_writer(&mut *body, name);
        if written.is_ok() {
            body.push(b':');
            written = serde_json::to_writer(&mut *body, value);
        }
        if written.is_err() {
            body.truncate(end);
        }
        body.push(b'}');
        if let Err(e) = written {
            self.fail(Error::invalid_request(format!(
                "the body member `{name}` cannot be encoded: {e}"
            )));
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
        // `HeaderValue` takes bytes past ASCII as they are (obs-text), which the service would read
        // in no defined charset: such values are refused here, as documented.
        let value = value.is_ascii().then_some(value);
        match (
            HeaderName::from_bytes(lower.as_bytes()),
            value.as_deref().map(HeaderValue::from_str),
        ) {
            (Ok(name), Some(Ok(value))) => self.headers.push((name, value)),
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

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;

    fn get() -> Request {
        Request::new(
            "describeThing",
            http::Method::GET,
            "/v1/regions/{regionId}/things/{id}",
        )
    }

    fn headers(request: &Request) -> Vec<(&str, &str)> {
        request
            .headers
            .iter()
            .map(|(n, v)| (n.as_str(), v.to_str().unwrap()))
            .collect()
    }

    #[test]
    fn parts_land_where_the_call_reads_them() {
        let request = get()
            .path_param("regionId", "cn-north-1")
            .path_param("id", "a b")
            .query(&BTreeMap::from([("pageNumber", 2)]))
            .query(&BTreeMap::from([("filters", ["x"])]))
            .json_body(&BTreeMap::from([("name", "n")]))
            .host("{bucket}.oss.example")
            .host_param("bucket", "b1")
            .signing_region("cn-north-1");
        assert!(request.error.is_none(), "{:?}", request.error);
        assert_eq!(
            (request.operation, request.method.as_str()),
            ("describeThing", "GET")
        );
        assert_eq!(request.path, "/v1/regions/cn-north-1/things/a%20b");
        assert_eq!(request.query, "pageNumber=2&filters.1=x");
        assert_eq!(request.body.as_deref(), Some(&br#"{"name":"n"}"#[..]));
        assert_eq!(request.host, Some("{bucket}.oss.example"));
        assert_eq!(request.host_params, [("bucket", "b1".to_owned())]);
        assert_eq!(request.signing_region.as_deref(), Some("cn-north-1"));
    }

    #[test]
    fn the_first_error_is_the_one_kept() {
        let request = get()
            .path_param("nope", "x")
            .path_param("id", "..")
            .header("x-a", "line\nbreak");
        let error = request.error.expect("an error").to_string();
        assert!(error.contains("nope"), "{error}");
    }

    #[test]
    fn headers_are_checked_and_some_base64_encoded() {
        let request = get()
            .header("X-Jdcloud-Pin", "京东")
            .header("x-custom", "tab\tinside");
        assert!(request.error.is_none(), "{:?}", request.error);
        assert_eq!(
            headers(&request),
            [("x-jdcloud-pin", "5Lqs5Lic"), ("x-custom", "tab\tinside")]
        );
        let error = get().header("x-custom", "a\rb").error.unwrap().to_string();
        assert_eq!(
            error,
            "invalid request: header `x-custom` holds a line break or control character"
        );
        let error = get().header("x-custom", "é").error.unwrap().to_string();
        assert!(error.contains("must be visible ASCII"), "{error}");
        let error = get().header("bad name", "v").error.unwrap().to_string();
        assert!(error.contains("must be visible ASCII"), "{error}");
    }

    #[derive(serde::Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Whole<'a> {
        page_size: i32,
        #[serde(skip_serializing_if = "Option::is_none")]
        name: Option<&'a str>,
        filters: &'a [Filter<'a>],
    }

    #[derive(serde::Serialize)]
    struct Filter<'a> {
        name: &'a str,
        values: &'a [&'a str],
    }

    #[test]
    fn parameters_one_by_one_are_the_whole_struct_s_bytes() {
        let filters = [Filter {
            name: "status",
            values: &["running", "a&b c"],
        }];
        for name in [Some("x=\"y\""), None] {
            let whole = Whole {
                page_size: 10,
                name,
                filters: &filters,
            };
            let at_once = get().query(&whole).json_body(&whole);
            let mut one_by_one = get()
                .query_param("pageSize", &10)
                .query_param("name", &name)
                .query_param("filters", &filters)
                .json_object()
                .body_member("pageSize", &10);
            if let Some(name) = name {
                one_by_one = one_by_one.body_member("name", name);
            }
            let one_by_one = one_by_one.body_member("filters", &filters);
            assert!(one_by_one.error.is_none(), "{:?}", one_by_one.error);
            assert_eq!(one_by_one.query, at_once.query);
            assert_eq!(one_by_one.body, at_once.body);
        }
        let empty = get().json_object();
        assert_eq!(empty.body.as_deref(), Some(&b"{}"[..]));
        let started = get().body_member("a", &1).body_member("b", &[true]);
        assert_eq!(started.body.as_deref(), Some(&br#"{"a":1,"b":[true]}"#[..]));
    }

    #[test]
    fn a_member_that_cannot_be_encoded_leaves_the_object_whole() {
        let mut map = BTreeMap::new();
        map.insert(vec![1u8], 1);
        let request = get().body_member("a", &1).body_member("bad", &map);
        assert_eq!(request.body.as_deref(), Some(&br#"{"a":1}"#[..]));
        let error = request.error.unwrap().to_string();
        assert!(
            error.contains("the body member `bad` cannot be encoded"),
            "{error}"
        );
        let request = get().json_body(&[1]).body_member("a", &1);
        assert_eq!(request.body.as_deref(), Some(&b"[1]"[..]));
        assert!(request
            .error
            .unwrap()
            .to_string()
            .contains("not a JSON object"));
        let request = get().query_param("bad", &map);
        assert!(request.error.is_some());
        assert_eq!(request.query, "");
    }

    #[test]
    fn a_value_with_no_query_or_json_form_fails_the_request() {
        let request = get().query(&[("pageSize", 10)]);
        assert!(request.error.is_some(), "a sequence has no query form");
        let mut map = BTreeMap::new();
        map.insert(vec![1u8], 1);
        let request = get().json_body(&map);
        let error = request.error.unwrap().to_string();
        assert!(
            error.starts_with("invalid request: the body cannot be encoded"),
            "{error}"
        );
    }
}
