//! A transport that counts the requests it sends: the attempts a client makes against a port where
//! nothing listens cannot be counted by a server.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;
use jdcloud_runtime::{HttpTransport, ReqwestTransport, ResponseFuture};

/// The default transport, counting every request handed to it.
#[derive(Debug, Clone)]
pub struct Counting {
    inner: ReqwestTransport,
    sent: Arc<AtomicUsize>,
}

impl Counting {
    /// A counting transport (500 ms connect timeout, replies up to `max_body_bytes`) and the handle to
    /// read its count.
    pub fn new(max_body_bytes: usize) -> (Counting, Arc<AtomicUsize>) {
        let sent = Arc::new(AtomicUsize::new(0));
        let inner = ReqwestTransport::new(Duration::from_millis(500), max_body_bytes)
            .expect("a reqwest client");
        (
            Counting {
                inner,
                sent: sent.clone(),
            },
            sent,
        )
    }
}

impl HttpTransport for Counting {
    fn send(&self, request: http::Request<Bytes>) -> ResponseFuture<'_> {
        self.sent.fetch_add(1, Ordering::SeqCst);
        self.inner.send(request)
    }
}

/// How many requests a counting transport sent.
pub fn count(sent: &AtomicUsize) -> usize {
    sent.load(Ordering::SeqCst)
}
