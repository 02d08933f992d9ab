//! The call loop: prepare the request once, then per attempt sign it afresh, send it within the time
//! left, decode the reply, and retry within bounds.

use std::sync::Arc;
use std::time::{Duration, Instant};

use bytes::Bytes;
use http::header::{HeaderValue, CONTENT_TYPE, USER_AGENT};
use serde::de::DeserializeOwned;
use tracing::{field, Instrument};

use crate::config::{CallSettings, Config};
use crate::credentials::Credentials;
use crate::date::format_date;
use crate::decode::{accept, header_request_id, Reply, Response};
use crate::endpoint::Endpoints;
use crate::error::{ConfigError, ConfigErrorKind, Error};
use crate::request::Request;
use crate::service::ServiceInfo;
use crate::signer::{Signer, SigningParams, NO_REGION};
use crate::transport::{HttpTransport, ReqwestTransport};

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
    endpoints: Endpoints,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("service", &self.inner.service)
            .field("config", &self.inner.config)
            .finish()
    }
}

/// How an attempt failed.
enum Failure {
    /// No reply within the attempt's time.
    TimedOut,
    /// An error, with the wait the service asked for (`Retry-After`), if any.
    Failed {
        error: Error,
        retry_after: Option<Duration>,
    },
}

impl From<Error> for Failure {
    fn from(error: Error) -> Failure {
        let retry_after = match &error {
            Error::Service(e) => e.retry_after,
            _ => None,
        };
        Failure::Failed { error, retry_after }
    }
}

/// What stays the same across attempts: method, URL, body, headers, signing region.
struct Prepared {
    method: http::Method,
    uri: http::Uri,
    /// User agent, content type and header parameters; the signer adds its own to a copy per attempt.
    headers: http::HeaderMap,
    body: Bytes,
    region: String,
}

impl Client {
    /// A client of `service` with `config`.
    pub fn new(service: ServiceInfo, config: Config) -> Result<Client, ConfigError> {
        let transport: Arc<dyn HttpTransport> = match &config.transport {
            Some(transport) => transport.clone(),
            None => Arc::new(
                ReqwestTransport::new(config.timeouts.connect, config.max_body_bytes)
                    .map_err(|e| ConfigError::new(ConfigErrorKind::Transport, e.to_string()))?,
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
            ConfigError::new(
                ConfigErrorKind::UserAgent,
                "the user agent suffix is not a valid header value",
            )
        })?;
        let endpoints = Endpoints::new(service, &config);
        Ok(Client {
            inner: Arc::new(Inner {
                service,
                config,
                transport,
                signer: Signer::new(),
                user_agent,
                endpoints,
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
        self.call_with(request, &CallSettings::default()).await
    }

    /// [`call`](Client::call) with this call's own timeouts or retries.
    pub async fn call_with<T: DeserializeOwned + Default>(
        &self,
        request: Request,
        settings: &CallSettings,
    ) -> Result<Response<T>, Error> {
        // Only the result's decoding depends on `T`: the call loop is compiled once, not once per
        // operation.
        self.call_reply(request, settings).await?.decode()
    }

    /// The call loop, in its span, up to an accepted reply.
    async fn call_reply(&self, request: Request, settings: &CallSettings) -> Result<Reply, Error> {
        let span = tracing::info_span!(
            "jdcloud.call",
            service = self.inner.service.name,
            operation = request.operation,
            method = %request.method,
            attempts = field::Empty,
            status = field::Empty,
            request_id = field::Empty,
        );
        self.call_inner(request, settings).instrument(span).await
    }

    async fn call_inner(&self, request: Request, settings: &CallSettings) -> Result<Reply, Error> {
        let (timeouts, retry) = settings.resolve(&self.inner.config)?;
        let prepared = self.prepared(request)?;
        let writes = !matches!(prepared.method, http::Method::GET | http::Method::HEAD);
        let started = Instant::now();
        let deadline = started + timeouts.total;
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            tracing::Span::current().record("attempts", attempt);
            let remaining = deadline.saturating_duration_since(Instant::now());
            if remaining.is_zero() {
                return Err(Error::Timeout {
                    elapsed: started.elapsed(),
                    attempts: attempt - 1,
                });
            }
            let attempt_timeout = timeouts.attempt.min(remaining);
            let (error, hint) = match self.attempt(&prepared, attempt, attempt_timeout).await {
                Ok(response) => return Ok(response),
                Err(Failure::TimedOut) => (
                    Error::Timeout {
                        elapsed: started.elapsed(),
                        attempts: attempt,
                    },
                    None,
                ),
                Err(Failure::Failed { error, retry_after }) => (error, retry_after),
            };
            let Some(wait) = retry.after_failure(&error, attempt, writes, hint) else {
                return Err(error);
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

    /// One attempt, signed afresh, given `timeout` (the attempt timeout, or what is left of the total
    /// budget when that is less).
    async fn attempt(
        &self,
        prepared: &Prepared,
        attempt: u32,
        timeout: Duration,
    ) -> Result<Reply, Failure> {
        let inner = &self.inner;
        let config = &inner.config;
        let credentials = config.credentials.provide().await.map_err(Error::from)?;
        let nonce = (config.nonce)();
        let http_request = self.signed(prepared, &credentials, &nonce)?;
        tracing::debug!(attempt, %nonce, "sending");
        if tracing::enabled!(tracing::Level::TRACE) {
            tracing::trace!(body = %String::from_utf8_lossy(&prepared.body), "request body");
        }
        let reply = tokio::time::timeout(timeout, inner.transport.send(http_request))
            .await
            .map_err(|_| Failure::TimedOut)?
            .map_err(Error::Transport)?;
        let span = tracing::Span::current();
        let status = reply.status();
        span.record("status", status.as_u16());
        if let Some(id) = header_request_id(reply.headers()) {
            span.record("request_id", id.as_str());
        }
        if tracing::enabled!(tracing::Level::TRACE) {
            tracing::trace!(body = %String::from_utf8_lossy(reply.body()), "reply body");
        }
        let reply = accept(&prepared.method, reply, (config.clock)())?;
        span.record("request_id", reply.request_id.as_str());
        tracing::debug!(attempt, status = status.as_u16(), "done");
        Ok(reply)
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
        let url = self.inner.endpoints.url(&self.inner.config, &request)?;
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
