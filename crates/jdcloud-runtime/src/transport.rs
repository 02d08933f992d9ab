//! The HTTP exchange, behind a small trait so that tests and users can swap the client.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

use bytes::Bytes;

use crate::error::{TransportError, TransportErrorKind};

/// A boxed future of a reply.
pub type ResponseFuture<'a> =
    Pin<Box<dyn Future<Output = Result<http::Response<Bytes>, TransportError>> + Send + 'a>>;

/// Sends one request and reads its whole reply. Timeouts are applied around it by the client.
pub trait HttpTransport: Send + Sync + fmt::Debug {
    /// Sends `request`, returning the reply with its body read.
    fn send(&self, request: http::Request<Bytes>) -> ResponseFuture<'_>;
}

/// The default transport: reqwest with rustls (no OpenSSL), connection reuse, gzip.
#[derive(Debug, Clone)]
pub struct ReqwestTransport {
    client: reqwest::Client,
    max_body_bytes: usize,
}

impl ReqwestTransport {
    /// A transport with a connect timeout and a cap on reply bodies.
    pub fn new(connect_timeout: Duration, max_body_bytes: usize) -> Result<Self, TransportError> {
        let client = reqwest::Client::builder()
            .connect_timeout(connect_timeout)
            .pool_idle_timeout(Duration::from_secs(90))
            .gzip(true)
            .build()
            .map_err(|e| {
                TransportError::new(TransportErrorKind::Other, e.to_string(), Some(Box::new(e)))
            })?;
        Ok(ReqwestTransport {
            client,
            max_body_bytes,
        })
    }

    /// Uses an existing reqwest client (its settings are kept).
    pub fn from_client(client: reqwest::Client, max_body_bytes: usize) -> Self {
        ReqwestTransport {
            client,
            max_body_bytes,
        }
    }
}

fn classify(error: reqwest::Error) -> TransportError {
    let kind = if error.is_connect() {
        TransportErrorKind::Connect
    } else if error.is_body() || error.is_request() || error.is_decode() {
        TransportErrorKind::Io
    } else {
        TransportErrorKind::Other
    };
    let message = {
        // reqwest's Display does not include the cause chain, which is where "connection reset" lives.
        let mut text = error.to_string();
        let mut source = std::error::Error::source(&error);
        while let Some(cause) = source {
            text.push_str(": ");
            text.push_str(&cause.to_string());
            source = cause.source();
        }
        text
    };
    TransportError::new(kind, message, Some(Box::new(error)))
}

impl HttpTransport for ReqwestTransport {
    fn send(&self, request: http::Request<Bytes>) -> ResponseFuture<'_> {
        Box::pin(async move {
            let request = reqwest::Request::try_from(request).map_err(|e| {
                TransportError::new(TransportErrorKind::Other, e.to_string(), Some(Box::new(e)))
            })?;
            let mut response = self.client.execute(request).await.map_err(classify)?;
            let mut builder = http::Response::builder()
                .status(response.status())
                .version(response.version());
            if let Some(headers) = builder.headers_mut() {
                *headers = std::mem::take(response.headers_mut());
            }
            let mut body = Vec::new();
            while let Some(chunk) = response.chunk().await.map_err(classify)? {
                if body.len() + chunk.len() > self.max_body_bytes {
                    return Err(TransportError::new(
                        TransportErrorKind::BodyTooLarge,
                        format!("reply body exceeds {} bytes", self.max_body_bytes),
                        None,
                    ));
                }
                body.extend_from_slice(&chunk);
            }
            builder.body(Bytes::from(body)).map_err(|e| {
                TransportError::new(TransportErrorKind::Other, e.to_string(), Some(Box::new(e)))
            })
        })
    }
}
