//! The call: build the request, sign every attempt afresh, send, retry within bounds, decode.

use std::borrow::Cow;
use std::sync::Arc;
use std::time::{Duration, Instant};

use base64::Engine as _;
use bytes::Bytes;
use http::header::{HeaderName, HeaderValue, CONTENT_TYPE, USER_AGENT};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use tracing::{field, Instrument};

use crate::config::Config;
use crate::credentials::Credentials;
use crate::encoding::{append_query, check_filled, fill_placeholder};
use crate::error::{DecodeError, Error, ServiceError, BODY_START_LEN};
use crate::retry::retry_after;
use crate::signer::{Signer, SigningParams, BASE64_HEADERS};
use crate::transport::{HttpTransport, ReqwestTransport};

/// The header carrying the request id on HEAD and 204 replies.
pub const REQUEST_ID_HEADER: &str = "x-jdcloud-request-id";
/// The region signed for APIs that have no `regionId`.
pub const NO_REGION: &str = "jdcloud-api";

/// What a generated crate tells the runtime about its service.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ServiceInfo {
    /// Service name, the host's first label (`redis`).
    pub name: &'static str,
    /// Host template (`redis.jdcloud-api.com`, `monitor.{regionId}.jdcloud-api.com`).
    pub host: &'static str,
    /// API version, sent in the user agent.
    pub version: &'static str,
}

/// A client of one service. Cheap to clone; clones share connections and the signing key cache.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    service: ServiceInfo,
    config: Config,
    transport: Arc<dyn HttpTransport>,
    signer: Signer,
    user_agent: HeaderValue,
    /// `https://<service host in the configured region>`, when the host template can be filled so.
    default_base: Option<String>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("service", &self.inner.service)
            .field("config", &self.inner.config)
            .finish()
    }
}

impl Client {
    /// A client of `service` with `config`.
    pub fn new(service: ServiceInfo, config: Config) -> Result<Client, crate::ConfigError> {
        let transport: Arc<dyn HttpTransport> = match &config.transport {
            Some(transport) => transport.clone(),
            None => Arc::new(
                ReqwestTransport::new(config.timeouts.connect, config.max_body_bytes)
                    .map_err(|e| crate::ConfigError(e.to_string()))?,
            ),
        };
        let mut user_agent = format!(
            "JdcloudSdkRust/{} {}/{}",
            env!("CARGO_PKG_VERSION"),
            service.name,
            service.version
        );
        if let Some(suffix) = &config.user_agent_suffix {
            user_agent.push(' ');
            user_agent.push_str(suffix);
        }
        let user_agent = HeaderValue::from_str(&user_agent).map_err(|_| {
            crate::ConfigError("the user agent suffix is not a valid header value".to_owned())
        })?;
        let default_base = expand_host(service.host, &[("regionId", config.region.as_str())])
            .ok()
            .map(|host| format!("https://{host}"));
        Ok(Client {
            inner: Arc::new(Inner {
                service,
                config,
                transport,
                signer: Signer::new(),
                user_agent,
                default_base,
            }),
        })
    }

    /// The service this client calls.
    pub fn service(&self) -> &ServiceInfo {
        &self.inner.service
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.inner.config
    }

    /// Sends a request and decodes the `result` of its reply into `T`.
    pub async fn call<T: DeserializeOwned + Default>(
        &self,
        request: Request,
    ) -> Result<Response<T>, Error> {
        let span = tracing::info_span!(
            "jdcloud.call",
            service = self.inner.service.name,
            operation = request.operation,
            method = %request.method,
            attempts = field::Empty,
            status = field::Empty,
            request_id = field::Empty,
        );
        self.call_inner(request).instrument(span).await
    }

    async fn call_inner<T: DeserializeOwned + Default>(
        &self,
        request: Request,
    ) -> Result<Response<T>, Error> {
        let inner = &self.inner;
        let config = &inner.config;
        let prepared = self.prepared(request)?;
        let writes = !matches!(prepared.method, http::Method::GET | http::Method::HEAD);
        let started = Instant::now();
        let deadline = started + config.timeouts.total;
        let span = tracing::Span::current();
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            span.record("attempts", attempt);
            let credentials = config.credentials.provide().await?;
            let nonce = (config.nonce)();
            let http_request = self.signed(&prepared, &credentials, &nonce)?;
            tracing::debug!(attempt, %nonce, "sending");
            if tracing::enabled!(tracing::Level::TRACE) {
                tracing::trace!(body = %String::from_utf8_lossy(&prepared.body), "request body");
            }

            let now = Instant::now();
            let remaining = deadline.saturating_duration_since(now);
            if remaining.is_zero() {
                return Err(Error::Timeout {
                    elapsed: started.elapsed(),
                    attempts: attempt - 1,
                });
            }
            let attempt_timeout = config.timeouts.attempt.min(remaining);
            let outcome =
                tokio::time::timeout(attempt_timeout, inner.transport.send(http_request)).await;
            let (error, wait_hint) = match outcome {
                Err(_) => (
                    Error::Timeout {
                        elapsed: started.elapsed(),
                        attempts: attempt,
                    },
                    None,
                ),
                Ok(Err(transport)) => (Error::Transport(transport), None),
                Ok(Ok(reply)) => {
                    let status = reply.status();
                    span.record("status", status.as_u16());
                    if let Some(id) = header_request_id(reply.headers()) {
                        span.record("request_id", id.as_str());
                    }
                    if tracing::enabled!(tracing::Level::TRACE) {
                        tracing::trace!(body = %String::from_utf8_lossy(reply.body()), "reply body");
                    }
                    match decode::<T>(&prepared.method, reply, config) {
                        Ok(response) => {
                            span.record("request_id", response.request_id.as_str());
                            tracing::debug!(attempt, status = status.as_u16(), "done");
                            return Ok(response);
                        }
                        Err(error) => {
                            let hint = match &error {
                                Error::Service(e) => e.retry_after,
                                _ => None,
                            };
                            (error, hint)
                        }
                    }
                }
            };
            let may_retry = match &error {
                Error::Transport(e) if e.is_connect() => true,
                _ if writes && !config.retry.retry_writes => false,
                other => other.is_retryable(),
            };
            if !may_retry || attempt >= config.retry.max_attempts {
                tracing::debug!(attempt, error = %error, "giving up");
                return Err(error);
            }
            let backoff = config.retry.backoff(attempt);
            let wait = match wait_hint {
                Some(hint) if hint > config.retry.max_backoff => {
                    tracing::debug!(?hint, "Retry-After beyond max_backoff; giving up");
                    return Err(error);
                }
                Some(hint) => hint.max(backoff),
                None => backoff,
            };
            if Instant::now() + wait >= deadline {
                tracing::debug!(attempt, "no time left for another attempt");
                return Err(match error {
                    Error::Timeout { .. } => Error::Timeout {
                        elapsed: started.elapsed(),
                        attempts: attempt,
                    },
                    other => other,
                });
            }
            tracing::debug!(attempt, ?wait, error = %error, "retrying");
            tokio::time::sleep(wait).await;
        }
    }

    /// Builds and signs a request without sending it, for callers with their own HTTP client (and
    /// benchmarks). The date comes from the configured clock, the nonce from the nonce source.
    pub fn prepare(
        &self,
        request: Request,
        credentials: &Credentials,
    ) -> Result<http::Request<Bytes>, Error> {
        let prepared = self.prepared(request)?;
        let nonce = (self.inner.config.nonce)();
        // One attempt: the request takes the prepared parts instead of a copy.
        let Prepared {
            method,
            uri,
            headers,
            body,
            region,
        } = prepared;
        let http_request = http_request(method, uri, headers, body);
        self.sign(http_request, &region, credentials, &nonce)
    }

    /// What stays the same across attempts: method, URL, body, headers, signing region.
    fn prepared(&self, request: Request) -> Result<Prepared, Error> {
        if let Some(error) = request.error {
            return Err(error);
        }
        let url = self.url(&request)?;
        // Takes the string's buffer instead of copying it.
        let uri = http::Uri::from_maybe_shared(Bytes::from(url))
            .map_err(|e| Error::invalid_request(format!("the request URL is not valid: {e}")))?;
        let mut headers = http::HeaderMap::with_capacity(request.headers.len() + 8);
        headers.insert(USER_AGENT, self.inner.user_agent.clone());
        // The official clients send (and sign) this on every method.
        headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
        for (name, value) in request.headers {
            headers.insert(name, value);
        }
        Ok(Prepared {
            method: request.method,
            uri,
            headers,
            body: Bytes::from(request.body.unwrap_or_default()),
            region: request
                .signing_region
                .unwrap_or_else(|| NO_REGION.to_owned()),
        })
    }

    /// One attempt's request, signed with a fresh date and the given nonce.
    fn signed(
        &self,
        prepared: &Prepared,
        credentials: &Credentials,
        nonce: &str,
    ) -> Result<http::Request<Bytes>, Error> {
        let http_request = http_request(
            prepared.method.clone(),
            prepared.uri.clone(),
            prepared.headers.clone(),
            prepared.body.clone(),
        );
        self.sign(http_request, &prepared.region, credentials, nonce)
    }

    /// Signs a request for `region` with the clock's time and the given nonce.
    fn sign(
        &self,
        mut http_request: http::Request<Bytes>,
        region: &str,
        credentials: &Credentials,
        nonce: &str,
    ) -> Result<http::Request<Bytes>, Error> {
        let inner = &self.inner;
        let config = &inner.config;
        let date = format_date((config.clock)());
        let params = SigningParams {
            algorithm: config.algorithm,
            date: date.as_str(),
            nonce,
            region,
            service: inner.service.name,
        };
        inner.signer.sign(&mut http_request, credentials, &params)?;
        Ok(http_request)
    }

    /// The full URL: endpoint (override, internal or public host), path and query.
    fn url(&self, request: &Request) -> Result<String, Error> {
        let inner = &self.inner;
        let config = &inner.config;
        let service = &inner.service;
        let computed;
        let base = if let Some(base) = override_base(config, service) {
            base
        } else if config.internal_endpoints {
            // The call's own region (its `regionId`) when it has one, else the configured one.
            let region = request.signing_region.as_deref().unwrap_or(&config.region);
            let host = expand_host(
                &format!("{}.internal.{{regionId}}.jdcloud-api.com", service.name),
                &[("regionId", region)],
            )?;
            computed = format!("https://{host}");
            computed.as_str()
        } else if let (Some(base), None, true) = (
            &inner.default_base,
            request.host,
            request.host_params.is_empty(),
        ) {
            // The service's host in the configured region: the same for most calls, made once.
            base.as_str()
        } else {
            let host_params: Vec<(&str, &str)> = request
                .host_params
                .iter()
                .map(|(n, v)| (*n, v.as_str()))
                .collect();
            let region = [("regionId", config.region.as_str())];
            let params = if host_params.is_empty() {
                &region[..]
            } else {
                &host_params[..]
            };
            computed = format!(
                "https://{}",
                expand_host(request.host.unwrap_or(service.host), params)?
            );
            computed.as_str()
        };
        check_filled(&request.path)?;
        // Exactly the length written, so that the URI takes this buffer as it is.
        let query_len = match request.query.len() {
            0 => 0,
            len => len + 1,
        };
        let mut url = String::with_capacity(base.len() + request.path.len() + query_len);
        url.push_str(base);
        url.push_str(&request.path);
        if !request.query.is_empty() {
            url.push('?');
            url.push_str(&request.query);
        }
        Ok(url)
    }
}

/// The endpoint override that applies to a service, if any.
fn override_base<'c>(config: &'c Config, service: &ServiceInfo) -> Option<&'c str> {
    config
        .service_endpoints
        .get(service.name)
        .or(config.endpoint_url.as_ref())
        .map(String::as_str)
}

/// Fills `{name}` in a host template; values must be DNS labels.
fn expand_host(template: &str, params: &[(&str, &str)]) -> Result<String, Error> {
    let mut host = template.to_owned();
    for (name, value) in params {
        let valid =
            !value.is_empty() && value.chars().all(|c| c.is_ascii_alphanumeric() || c == '-');
        let placeholder = format!("{{{name}}}");
        if host.contains(&placeholder) {
            if !valid {
                return Err(Error::invalid_request(format!(
                    "`{value}` is not a valid {name} for a host name"
                )));
            }
            host = host.replace(&placeholder, value);
        }
    }
    if host.contains('{') {
        return Err(Error::invalid_request(format!(
            "host template `{template}` has an unfilled placeholder"
        )));
    }
    Ok(host)
}

/// An `http::Request` of these parts (set directly: the builder would check them again).
fn http_request(
    method: http::Method,
    uri: http::Uri,
    headers: http::HeaderMap,
    body: Bytes,
) -> http::Request<Bytes> {
    let mut request = http::Request::new(body);
    *request.method_mut() = method;
    *request.uri_mut() = uri;
    *request.headers_mut() = headers;
    request
}

/// A request time as the signature writes it, `YYYYMMDDTHHMMSSZ`, on the stack.
struct Date([u8; 16]);

impl Date {
    fn as_str(&self) -> &str {
        std::str::from_utf8(&self.0).expect("digits, T and Z")
    }
}

/// `YYYYMMDDTHHMMSSZ` in UTC, written digit by digit (this runs on every attempt).
fn format_date(time: std::time::SystemTime) -> Date {
    fn put_digits(text: &mut [u8], value: u32) {
        let mut value = value;
        for slot in text.iter_mut().rev() {
            *slot = b'0' + (value % 10) as u8;
            value /= 10;
        }
    }
    let time = OffsetDateTime::from(time);
    let mut text = *b"00000000T000000Z";
    put_digits(&mut text[0..4], time.year().clamp(0, 9999) as u32);
    put_digits(&mut text[4..6], u32::from(u8::from(time.month())));
    put_digits(&mut text[6..8], u32::from(time.day()));
    put_digits(&mut text[9..11], u32::from(time.hour()));
    put_digits(&mut text[11..13], u32::from(time.minute()));
    put_digits(&mut text[13..15], u32::from(time.second()));
    Date(text)
}

fn header_request_id(headers: &http::HeaderMap) -> Option<String> {
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

fn decode<T: DeserializeOwned + Default>(
    method: &http::Method,
    reply: http::Response<Bytes>,
    config: &Config,
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
    let retry_after = retry_after(reply.headers(), (config.clock)());
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

struct Prepared {
    method: http::Method,
    uri: http::Uri,
    /// User agent, content type and header parameters; the signer adds its own to a copy per attempt.
    headers: http::HeaderMap,
    body: Bytes,
    region: String,
}

/// The result of operations that document none: accepts and ignores whatever the reply carries.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Empty;

impl<'de> Deserialize<'de> for Empty {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Empty, D::Error> {
        serde::de::IgnoredAny::deserialize(deserializer).map(|_| Empty)
    }
}

/// A successful reply.
#[derive(Debug, Clone, PartialEq)]
pub struct Response<T> {
    /// The request id (`requestId`, or the `x-jdcloud-request-id` header for HEAD and 204 replies).
    pub request_id: String,
    /// HTTP status of the reply.
    pub http_status: u16,
    /// The `result` member; its default when the reply has none.
    pub result: T,
}

/// A request as generated code describes it; see [`Client::call`].
#[derive(Debug)]
pub struct Request {
    operation: &'static str,
    method: http::Method,
    /// The path template, each placeholder replaced by its encoded value when it is given.
    path: String,
    host: Option<&'static str>,
    host_params: Vec<(&'static str, String)>,
    /// The query parameters, encoded and joined with `&`, in the order given.
    query: String,
    headers: Vec<(HeaderName, HeaderValue)>,
    body: Option<Vec<u8>>,
    signing_region: Option<String>,
    /// The first error met while building; returned by [`Client::call`].
    error: Option<Error>,
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
    /// name the path template does not have fails the request (reported by [`Client::call`]).
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
        if let Err(e) = append_query(query, &mut self.query) {
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

#[cfg(test)]
mod tests {
    use std::time::{Duration, SystemTime};

    use super::{format_date, Client, Request, ServiceInfo};

    #[test]
    fn internal_endpoints_use_the_call_s_region() {
        let service = ServiceInfo {
            name: "redis",
            host: "redis.jdcloud-api.com",
            version: "v1",
        };
        let config = crate::Config::builder()
            .credentials(crate::Credentials::new("AK", "SK"))
            .region("cn-north-1")
            .internal_endpoints(true)
            .build()
            .unwrap();
        let client = Client::new(service, config).unwrap();
        let request = Request::new("x", http::Method::GET, "/v1/regions/{regionId}/x")
            .path_param("regionId", "cn-east-2")
            .signing_region("cn-east-2");
        assert_eq!(
            client.url(&request).unwrap(),
            "https://redis.internal.cn-east-2.jdcloud-api.com/v1/regions/cn-east-2/x"
        );
        let regionless = Request::new("y", http::Method::GET, "/v1/y");
        assert_eq!(
            client.url(&regionless).unwrap(),
            "https://redis.internal.cn-north-1.jdcloud-api.com/v1/y"
        );
        let hostile = Request::new("z", http::Method::GET, "/v1/z").signing_region("evil.example/");
        assert!(client.url(&hostile).is_err());
    }

    #[test]
    fn dates_are_written_as_the_signature_wants_them() {
        let date = |time| format_date(time).as_str().to_owned();
        assert_eq!(date(SystemTime::UNIX_EPOCH), "19700101T000000Z");
        let time = SystemTime::UNIX_EPOCH + Duration::from_secs(1_764_125_081);
        assert_eq!(date(time), "20251126T024441Z");
        let time = SystemTime::UNIX_EPOCH + Duration::from_secs(951_868_799);
        assert_eq!(date(time), "20000229T235959Z");
    }
}
