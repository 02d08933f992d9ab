//! The reqwest transport against a loopback server that answers with raw bytes: what it hands back,
//! and which kind each failure is given (the call loop retries by kind).

use std::time::Duration;

use bytes::Bytes;
use jdcloud_runtime::{HttpTransport, ReqwestTransport, TransportError, TransportErrorKind};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// A server on a loopback port that reads one request's head, then writes `answer` and closes.
async fn serve_once(answer: &'static [u8]) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    tokio::spawn(async move {
        let (mut stream, _) = listener.accept().await.unwrap();
        let mut head = Vec::new();
        let mut buffer = [0u8; 1024];
        while !head.windows(4).any(|w| w == b"\r\n\r\n") {
            let read = stream.read(&mut buffer).await.unwrap();
            if read == 0 {
                return;
            }
            head.extend_from_slice(&buffer[..read]);
        }
        stream.write_all(answer).await.unwrap();
        stream.shutdown().await.ok();
    });
    format!("http://{address}/v1/things")
}

fn request(url: &str) -> http::Request<Bytes> {
    http::Request::builder()
        .method("POST")
        .uri(url)
        .header("x-test", "1")
        .body(Bytes::from_static(b"{}"))
        .unwrap()
}

fn transport(max_body_bytes: usize) -> ReqwestTransport {
    ReqwestTransport::new(Duration::from_secs(5), max_body_bytes).unwrap()
}

async fn failure(transport: &ReqwestTransport, url: &str) -> TransportError {
    match transport.send(request(url)).await {
        Err(e) => e,
        Ok(reply) => panic!("expected a failure, got {reply:?}"),
    }
}

#[tokio::test]
async fn a_reply_comes_back_whole() {
    let url = serve_once(
        b"HTTP/1.1 201 Created\r\nx-jdcloud-request-id: r-1\r\ncontent-length: 11\r\n\r\n{\"a\":\"bc\"}\n",
    )
    .await;
    let reply = transport(1024).send(request(&url)).await.unwrap();
    assert_eq!(reply.status(), 201);
    assert_eq!(reply.version(), http::Version::HTTP_11);
    assert_eq!(reply.headers()["x-jdcloud-request-id"], "r-1");
    assert_eq!(reply.body().as_ref(), b"{\"a\":\"bc\"}\n");
}

#[tokio::test]
async fn a_body_up_to_the_limit_is_read_and_one_past_it_refused() {
    let answer = b"HTTP/1.1 200 OK\r\ncontent-length: 16\r\n\r\n0123456789abcdef";
    let url = serve_once(answer).await;
    let reply = transport(16).send(request(&url)).await.unwrap();
    assert_eq!(reply.body().len(), 16);
    let url = serve_once(answer).await;
    let error = failure(&transport(15), &url).await;
    assert_eq!(error.kind, TransportErrorKind::BodyTooLarge);
    assert_eq!(error.message, "reply body exceeds 15 bytes");
}

#[tokio::test]
async fn a_refused_connection_is_a_connect_failure_with_its_cause() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    drop(listener);
    let error = failure(&transport(1024), &format!("http://{address}/")).await;
    assert_eq!(error.kind, TransportErrorKind::Connect, "{error}");
    assert!(error.is_connect());
    // The cause chain is in the message: reqwest's own text does not say what went wrong.
    assert!(error.message.contains("refused"), "{}", error.message);
    assert!(std::error::Error::source(&error).is_some());
}

#[tokio::test]
async fn a_connection_lost_after_sending_is_an_io_failure() {
    // Closed before any reply: the request may have been read.
    let url = serve_once(b"").await;
    let error = failure(&transport(1024), &url).await;
    assert_eq!(error.kind, TransportErrorKind::Io, "{error}");
    // Closed in the middle of the body.
    let url = serve_once(b"HTTP/1.1 200 OK\r\ncontent-length: 100\r\n\r\n{\"requestId\"").await;
    let error = failure(&transport(1024), &url).await;
    assert_eq!(error.kind, TransportErrorKind::Io, "{error}");
    assert!(!error.is_connect());
}

#[tokio::test]
async fn a_request_reqwest_cannot_take_is_refused_before_sending() {
    let request = http::Request::builder()
        .uri("/relative/only")
        .body(Bytes::new())
        .unwrap();
    let error = transport(1024).send(request).await.unwrap_err();
    assert_eq!(error.kind, TransportErrorKind::Other, "{error}");
}

#[tokio::test]
async fn a_given_reqwest_client_is_used() {
    let url = serve_once(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\n\r\nok").await;
    let client = reqwest::Client::builder().build().unwrap();
    let reply = ReqwestTransport::from_client(client, 1)
        .send(request(&url))
        .await;
    // The cap given with the client applies.
    assert_eq!(reply.unwrap_err().kind, TransportErrorKind::BodyTooLarge);
}
