//! The client against a real HTTP server on loopback: replies, error envelopes, throttling, faults and
//! timeouts, with the number of attempts, their nonces and the error fields asserted.

use std::time::{Duration, Instant};

use jdcloud_runtime::{
    Client, Config, Credentials, Error, Request, RetryConfig, Timeouts, TransportErrorKind,
};
use jdcloud_tests::counting::{count, Counting};
use jdcloud_tests::server::{refused, Action, Server};
use serde::{Deserialize, Serialize};

use jdcloud_tests::REDIS as SERVICE;

#[derive(Debug, Default, Deserialize, PartialEq)]
struct Out {
    #[serde(rename = "totalCount", default)]
    total_count: i64,
}

#[derive(Serialize)]
struct Query {
    #[serde(rename = "pageNumber")]
    page_number: i32,
}

fn retry() -> RetryConfig {
    RetryConfig::default()
        .with_max_attempts(3)
        .with_initial_backoff(Duration::from_millis(5))
        .with_max_backoff(Duration::from_secs(3))
        .with_retry_writes(false)
}

fn client_with(url: &str, retry: RetryConfig, timeouts: Timeouts) -> Client {
    let config = Config::builder()
        .endpoint_url(url)
        .allow_http(true)
        .credentials(Credentials::new("AKID", "secret-key"))
        .retry(retry)
        .timeouts(timeouts)
        .build()
        .unwrap();
    Client::new(SERVICE, config).unwrap()
}

fn client(url: &str) -> Client {
    client_with(url, retry(), Timeouts::default())
}

fn get() -> Request {
    Request::new(
        "describeBackups",
        http::Method::GET,
        "/v1/regions/{regionId}/cacheInstance/{cacheInstanceId}/backup",
    )
    .path_param("regionId", "cn-north-1")
    .path_param("cacheInstanceId", "redis-1")
    .query(&Query { page_number: 2 })
    .signing_region("cn-north-1")
}

fn post() -> Request {
    Request::new(
        "createBackup",
        http::Method::POST,
        "/v1/regions/{regionId}/cacheInstance/{cacheInstanceId}/backup",
    )
    .path_param("regionId", "cn-north-1")
    .path_param("cacheInstanceId", "redis-1")
    .json_body(&serde_json::json!({"fileName": "b1"}))
    .signing_region("cn-north-1")
}

fn ok(body: &str) -> Action {
    Action::Reply(200, vec![], body.to_owned())
}

fn envelope_error(status: u16, class: &str) -> Action {
    Action::Reply(
        status,
        vec![],
        format!(
            r#"{{"requestId":"req-{status}","error":{{"code":{status},"status":"{class}","message":"it failed","details":{{"k":"v"}}}}}}"#
        ),
    )
}

/// Every attempt carried its own nonce and a valid-looking signature.
fn assert_fresh_signatures(server: &Server) {
    let seen = server.seen();
    let mut nonces: Vec<&str> = seen
        .iter()
        .map(|s| s.header("x-jdcloud-nonce").unwrap())
        .collect();
    for s in &seen {
        let auth = s.header("authorization").unwrap();
        assert!(
            auth.starts_with("JDCLOUD3-HMAC-SHA256 Credential=AKID/"),
            "{auth}"
        );
        assert!(
            auth.contains("/cn-north-1/redis/jdcloud3_request"),
            "{auth}"
        );
    }
    nonces.sort();
    nonces.dedup();
    assert_eq!(nonces.len(), seen.len(), "a nonce was reused");
}

#[tokio::test]
async fn success_decodes_the_result() {
    let server = Server::start(vec![ok(
        r#"{"requestId":"req-1","result":{"totalCount":7,"extra":1}}"#,
    )])
    .await;
    let response = client(&server.url()).call::<Out>(get()).await.unwrap();
    assert_eq!(response.request_id, "req-1");
    assert_eq!(response.result, Out { total_count: 7 });
    let seen = server.seen();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].method, "GET");
    assert_eq!(
        seen[0].target,
        "/v1/regions/cn-north-1/cacheInstance/redis-1/backup?pageNumber=2"
    );
    assert_eq!(seen[0].header("content-type"), Some("application/json"));
    assert!(seen[0]
        .header("user-agent")
        .unwrap()
        .starts_with("JdcloudSdkRust/"));
    assert!(seen[0].header("x-jdcloud-date").is_some());
    assert_fresh_signatures(&server);
}

#[tokio::test]
async fn error_envelope_becomes_a_service_error() {
    let server = Server::start(vec![envelope_error(400, "INVALID_ARGUMENT")]).await;
    let error = client(&server.url()).call::<Out>(get()).await.unwrap_err();
    let service = error.as_service().expect("service error");
    assert_eq!(service.http_status(), 400);
    assert_eq!(service.envelope_code(), Some(400));
    assert_eq!(service.status(), Some("INVALID_ARGUMENT"));
    assert_eq!(service.message(), "it failed");
    assert_eq!(service.details(), Some(&serde_json::json!({"k": "v"})));
    assert_eq!(error.request_id(), Some("req-400"));
    assert!(!error.is_retryable());
    assert_eq!(server.seen().len(), 1);
}

#[tokio::test]
async fn not_found_is_not_retried() {
    let server = Server::start(vec![envelope_error(404, "NOT_FOUND")]).await;
    let error = client(&server.url()).call::<Out>(get()).await.unwrap_err();
    assert_eq!(error.as_service().unwrap().http_status(), 404);
    assert_eq!(server.seen().len(), 1);
}

#[tokio::test]
async fn throttling_honours_retry_after() {
    let server = Server::start(vec![
        Action::Reply(
            429,
            vec![("Retry-After", "1".into())],
            r#"{"requestId":"r","error":{"code":429,"status":"RATE_LIMIT","message":"slow down"}}"#
                .into(),
        ),
        ok(r#"{"requestId":"req-2","result":{"totalCount":1}}"#),
    ])
    .await;
    let started = Instant::now();
    let response = client(&server.url()).call::<Out>(get()).await.unwrap();
    assert!(
        started.elapsed() >= Duration::from_secs(1),
        "Retry-After not honoured: {:?}",
        started.elapsed()
    );
    assert_eq!(response.request_id, "req-2");
    assert_eq!(server.seen().len(), 2);
    assert_fresh_signatures(&server);
}

#[tokio::test]
async fn throttled_beyond_max_backoff_gives_up_at_once() {
    let server = Server::start(vec![Action::Reply(
        429,
        vec![("Retry-After", "3600".into())],
        r#"{"error":{"code":429,"status":"RATE_LIMIT","message":"x"}}"#.into(),
    )])
    .await;
    let error = client(&server.url()).call::<Out>(get()).await.unwrap_err();
    let service = error.as_service().unwrap();
    assert!(service.is_throttling());
    assert_eq!(service.retry_after(), Some(Duration::from_secs(3600)));
    assert!(error.is_retryable());
    assert_eq!(server.seen().len(), 1);
}

#[tokio::test]
async fn unavailable_then_success() {
    let server = Server::start(vec![
        envelope_error(503, "UNAVAILABLE"),
        ok(r#"{"requestId":"r2","result":{}}"#),
    ])
    .await;
    let response = client(&server.url()).call::<Out>(get()).await.unwrap();
    assert_eq!(response.request_id, "r2");
    assert_eq!(server.seen().len(), 2);
    assert_fresh_signatures(&server);
}

#[tokio::test]
async fn attempts_are_bounded() {
    let server = Server::start(vec![envelope_error(500, "INTERNAL"); 5]).await;
    let error = client(&server.url()).call::<Out>(get()).await.unwrap_err();
    assert_eq!(error.as_service().unwrap().http_status(), 500);
    assert_eq!(server.seen().len(), 3);
    assert_fresh_signatures(&server);
}

#[tokio::test]
async fn writes_are_not_repeated_after_the_server_saw_them() {
    let server = Server::start(vec![
        envelope_error(503, "UNAVAILABLE"),
        ok(r#"{"requestId":"r"}"#),
    ])
    .await;
    let error = client(&server.url())
        .call::<serde_json::Value>(post())
        .await
        .unwrap_err();
    assert_eq!(error.as_service().unwrap().http_status(), 503);
    assert_eq!(server.seen().len(), 1, "a POST was sent twice");
    assert_eq!(server.seen()[0].body, r#"{"fileName":"b1"}"#);

    let server = Server::start(vec![Action::Reset, ok(r#"{"requestId":"r"}"#)]).await;
    let error = client(&server.url())
        .call::<serde_json::Value>(post())
        .await
        .unwrap_err();
    assert!(
        matches!(&error, Error::Transport(e) if e.kind == TransportErrorKind::Io),
        "{error:?}"
    );
    assert_eq!(server.seen().len(), 1, "a POST was sent twice");
}

#[tokio::test]
async fn writes_are_retried_when_asked() {
    let server = Server::start(vec![
        envelope_error(503, "UNAVAILABLE"),
        ok(r#"{"requestId":"r"}"#),
    ])
    .await;
    let retry = retry().with_retry_writes(true);
    let response = client_with(&server.url(), retry, Timeouts::default())
        .call::<serde_json::Value>(post())
        .await
        .unwrap();
    assert_eq!(response.request_id, "r");
    assert_eq!(server.seen().len(), 2);
}

#[tokio::test]
async fn refused_connections_are_retried_even_for_writes() {
    let refused_port = refused();
    let (transport, sent) = Counting::new(64 << 20);
    let config = Config::builder()
        .endpoint_url(refused_port.url())
        .allow_http(true)
        .credentials(Credentials::new("AKID", "secret-key"))
        .retry(retry())
        .transport(transport)
        .build()
        .unwrap();
    let started = Instant::now();
    let error = Client::new(SERVICE, config)
        .unwrap()
        .call::<serde_json::Value>(post())
        .await
        .unwrap_err();
    match &error {
        Error::Transport(e) => assert!(e.is_connect(), "{e:?}"),
        other => panic!("{other:?}"),
    }
    assert!(error.is_retryable());
    assert_eq!(
        count(&sent),
        3,
        "a write that never left is retried up to max_attempts"
    );
    assert!(started.elapsed() < Duration::from_secs(5));
}

#[tokio::test]
async fn connection_reset_is_retried_for_reads() {
    let server = Server::start(vec![
        Action::Reset,
        Action::Reset,
        ok(r#"{"requestId":"r3","result":{"totalCount":3}}"#),
    ])
    .await;
    let response = client(&server.url()).call::<Out>(get()).await.unwrap();
    assert_eq!(response.result.total_count, 3);
    assert_eq!(server.seen().len(), 3);
    assert_fresh_signatures(&server);
}

#[tokio::test]
async fn slow_replies_time_out_within_the_budget() {
    let server = Server::start(vec![
        Action::Slow(Duration::from_secs(5), 200, "{}".into());
        3
    ])
    .await;
    let timeouts = Timeouts::default()
        .with_connect(Duration::from_secs(1))
        .with_attempt(Duration::from_millis(300))
        .with_total(Duration::from_millis(800));
    let started = Instant::now();
    let error = client_with(&server.url(), retry(), timeouts)
        .call::<Out>(get())
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    assert!(matches!(error, Error::Timeout { .. }), "{error:?}");
    assert!(elapsed < Duration::from_millis(1500), "took {elapsed:?}");
    assert!(
        (2..=3).contains(&server.seen().len()),
        "{} attempts",
        server.seen().len()
    );
}

/// Ten attempts of 300 ms would take 3 s; the total budget of 800 ms must stop them all together.
#[tokio::test]
async fn the_total_budget_bounds_all_attempts_together() {
    let server = Server::start(vec![
        Action::Slow(Duration::from_secs(5), 200, "{}".into());
        10
    ])
    .await;
    let timeouts = Timeouts::default()
        .with_connect(Duration::from_secs(1))
        .with_attempt(Duration::from_millis(300))
        .with_total(Duration::from_millis(800));
    let retry = retry().with_max_attempts(10);
    let started = Instant::now();
    let error = client_with(&server.url(), retry, timeouts)
        .call::<Out>(get())
        .await
        .unwrap_err();
    let elapsed = started.elapsed();
    let Error::Timeout { attempts, .. } = error else {
        panic!("{error:?}")
    };
    // The budget plus a margin for scheduling; far below ten attempts' 3 s.
    assert!(elapsed < Duration::from_millis(1200), "took {elapsed:?}");
    assert!((2..=3).contains(&attempts), "{attempts} attempts");
    assert_eq!(server.seen().len() as u32, attempts);
}

/// One call answered `429` with `Retry-After: <seconds>` (then success, which a retry would reach):
/// the error, how long the call took, and how many requests the server saw.
async fn throttled_once(
    retry_after_secs: u64,
    max_backoff: Duration,
    total: Duration,
) -> (Error, Duration, usize) {
    let server = Server::start(vec![
        Action::Reply(
            429,
            vec![("Retry-After", retry_after_secs.to_string())],
            r#"{"error":{"code":429,"status":"RATE_LIMIT","message":"x"}}"#.into(),
        ),
        ok(r#"{"requestId":"r2","result":{}}"#),
    ])
    .await;
    let retry = retry().with_max_backoff(max_backoff);
    let timeouts = Timeouts::default().with_total(total);
    let started = Instant::now();
    let error = client_with(&server.url(), retry, timeouts)
        .call::<Out>(get())
        .await
        .unwrap_err();
    (error, started.elapsed(), server.seen().len())
}

/// A Retry-After above `max_backoff` ends the call at once, even with time left in the budget for it.
#[tokio::test]
async fn retry_after_beyond_max_backoff_gives_up_within_the_budget() {
    let (error, elapsed, seen) =
        throttled_once(2, Duration::from_secs(1), Duration::from_secs(30)).await;
    assert!(elapsed < Duration::from_secs(1), "it waited");
    let service = error.as_service().unwrap();
    assert_eq!(service.retry_after(), Some(Duration::from_secs(2)));
    assert_eq!(seen, 1);
}

/// A Retry-After within `max_backoff` but past the total budget also ends the call at once, with the
/// service's error rather than a timeout after the wait.
#[tokio::test]
async fn a_retry_after_past_the_total_budget_returns_the_error_at_once() {
    let (error, elapsed, seen) =
        throttled_once(3, Duration::from_secs(10), Duration::from_secs(1)).await;
    assert!(elapsed < Duration::from_millis(900), "it waited");
    assert_eq!(
        error.as_service().map(|e| e.http_status()),
        Some(429),
        "{error:?}"
    );
    assert_eq!(seen, 1);
}

#[tokio::test]
async fn stalled_bodies_time_out() {
    let server = Server::start(vec![Action::StallMidBody(Duration::from_secs(5))]).await;
    let timeouts = Timeouts::default()
        .with_connect(Duration::from_secs(1))
        .with_attempt(Duration::from_millis(300))
        .with_total(Duration::from_millis(500));
    let error = client_with(&server.url(), RetryConfig::disabled(), timeouts)
        .call::<Out>(get())
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::Timeout { attempts: 1, .. }),
        "{error:?}"
    );
}

#[tokio::test]
async fn truncated_bodies_are_transport_errors() {
    let server = Server::start(vec![Action::Truncate(r#"{"requestId":"r","res"#.into()); 3]).await;
    let error = client(&server.url()).call::<Out>(get()).await.unwrap_err();
    assert!(
        matches!(&error, Error::Transport(e) if e.kind == TransportErrorKind::Io),
        "{error:?}"
    );
    assert_eq!(server.seen().len(), 3);
}

#[tokio::test]
async fn invalid_json_is_a_decode_error_with_the_body_start() {
    let server = Server::start(vec![Action::Reply(
        200,
        vec![("x-jdcloud-request-id", "hdr-1".into())],
        "<html>not json</html>".into(),
    )])
    .await;
    let error = client(&server.url()).call::<Out>(get()).await.unwrap_err();
    match &error {
        Error::Decode(e) => {
            assert_eq!(e.http_status(), 200);
            assert_eq!(e.body_start(), "<html>not json</html>");
            assert_eq!(e.request_id(), Some("hdr-1"));
        }
        other => panic!("{other:?}"),
    }
    assert!(!error.is_retryable());
    assert_eq!(server.seen().len(), 1);
}

#[tokio::test]
async fn head_and_no_content_replies_take_the_request_id_from_the_header() {
    let server = Server::start(vec![
        Action::Reply(
            200,
            vec![("x-jdcloud-request-id", "head-1".into())],
            String::new(),
        ),
        Action::Reply(
            204,
            vec![("x-jdcloud-request-id", "del-1".into())],
            String::new(),
        ),
        Action::Reply(
            200,
            vec![("x-jdcloud-request-id", "post-1".into())],
            "\n".into(),
        ),
    ])
    .await;
    let client = client(&server.url());
    let head = Request::new("describeThing", http::Method::HEAD, "/v1/things/{id}")
        .path_param("id", "t-1");
    assert_eq!(client.call::<()>(head).await.unwrap().request_id, "head-1");
    let delete = Request::new("deleteThing", http::Method::DELETE, "/v1/things/{id}")
        .path_param("id", "t-1");
    let response = client.call::<()>(delete).await.unwrap();
    assert_eq!(
        (response.request_id.as_str(), response.http_status),
        ("del-1", 204)
    );
    // Any other reply without a body is accepted when the header names its request id.
    let action = Request::new("stopThing", http::Method::POST, "/v1/things/{id}:stop")
        .path_param("id", "t-1");
    let response = client.call::<()>(action).await.unwrap();
    assert_eq!(
        (response.request_id.as_str(), response.http_status),
        ("post-1", 200)
    );
    // Region-less calls are signed for `jdcloud-api`.
    let auth = server.seen()[0].header("authorization").unwrap().to_owned();
    assert!(
        auth.contains("/jdcloud-api/redis/jdcloud3_request"),
        "{auth}"
    );
}

#[tokio::test]
async fn hostile_values_are_encoded_or_refused() {
    let server = Server::start(vec![ok(r#"{"requestId":"r"}"#)]).await;
    let client = client(&server.url());
    #[derive(Serialize)]
    struct Q {
        q: &'static str,
    }
    let request = Request::new("x", http::Method::GET, "/v1/things/{id}")
        .path_param("id", "../a/b?c#d%")
        .query(&Q { q: "a&b=c ü" });
    client.call::<serde_json::Value>(request).await.unwrap();
    assert_eq!(
        server.seen()[0].target,
        "/v1/things/..%2Fa%2Fb%3Fc%23d%25?q=a%26b%3Dc%20%C3%BC"
    );

    for bad in ["..", "."] {
        let request = Request::new("x", http::Method::GET, "/v1/things/{id}").path_param("id", bad);
        assert!(matches!(
            client.call::<()>(request).await,
            Err(Error::InvalidRequest(_))
        ));
    }
    let request = Request::new("x", http::Method::GET, "/v1/things")
        .header("x-jdcloud-trace", "a\r\nInjected: yes");
    assert!(matches!(
        client.call::<()>(request).await,
        Err(Error::InvalidRequest(_))
    ));
    assert_eq!(server.seen().len(), 1, "refused requests must not be sent");
}
