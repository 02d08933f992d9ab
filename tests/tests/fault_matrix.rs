//! Every failure the network or the service can produce, for a read (GET) and a write (POST): the error
//! type, the number of attempts (writes are never repeated once they may have reached the server), and
//! the total time staying within the configured budget.

use std::sync::Arc;
use std::time::{Duration, Instant};

use jdcloud_runtime::{
    Client, Config, Credentials, Error, Request, RetryConfig, Timeouts, TransportErrorKind,
};
use jdcloud_tests::counting::{count, Counting};
use jdcloud_tests::server::{refused, Action, Seen, Server};

use jdcloud_tests::REDIS as SERVICE;
const TOTAL: Duration = Duration::from_secs(4);
const MAX_BODY: usize = 1 << 20;

#[derive(Debug, Clone, Copy, PartialEq)]
enum Expect {
    /// A transport error of exactly this kind.
    Transport(TransportErrorKind),
    Timeout,
    /// A service error with this HTTP status and status word (and code, the same number), and the
    /// `Retry-After` the reply gave, in seconds.
    Service {
        http: u16,
        status: &'static str,
        retry_after: Option<u64>,
    },
    Decode,
}

const CONNECT: Expect = Expect::Transport(TransportErrorKind::Connect);

fn service(http: u16, status: &'static str) -> Expect {
    Expect::Service {
        http,
        status,
        retry_after: None,
    }
}

fn envelope(status: u16, class: &str) -> Action {
    Action::Reply(
        status,
        vec![],
        format!(
            r#"{{"requestId":"r-{status}","error":{{"code":{status},"status":"{class}","message":"m"}}}}"#
        ),
    )
}

/// (name, what the server does every time (nothing listens for `None`), expected error, attempts for
/// GET, attempts for POST).
fn matrix() -> Vec<(&'static str, Option<Action>, Expect, usize, usize)> {
    let throttled = |retry_after: Option<&str>| {
        let headers = retry_after
            .map(|s| vec![("Retry-After", s.to_owned())])
            .unwrap_or_default();
        Action::Reply(
            429,
            headers,
            r#"{"requestId":"r","error":{"code":429,"status":"RATE_LIMIT","message":"m"}}"#.into(),
        )
    };
    vec![
        ("connect refused", None, CONNECT, 3, 3),
        (
            "reset mid-body",
            Some(Action::ResetMidBody),
            Expect::Transport(TransportErrorKind::Io),
            3,
            1,
        ),
        (
            "timeout before headers",
            Some(Action::Slow(Duration::from_secs(30), 200, "{}".into())),
            Expect::Timeout,
            3,
            1,
        ),
        (
            "timeout mid-body",
            Some(Action::StallMidBody(Duration::from_secs(30))),
            Expect::Timeout,
            3,
            1,
        ),
        (
            "429 with Retry-After",
            Some(throttled(Some("1"))),
            Expect::Service {
                http: 429,
                status: "RATE_LIMIT",
                retry_after: Some(1),
            },
            3,
            1,
        ),
        (
            "429 without Retry-After",
            Some(throttled(None)),
            service(429, "RATE_LIMIT"),
            3,
            1,
        ),
        (
            "500",
            Some(envelope(500, "INTERNAL")),
            service(500, "INTERNAL"),
            3,
            1,
        ),
        (
            "502",
            Some(envelope(502, "BAD_GATEWAY")),
            service(502, "BAD_GATEWAY"),
            3,
            1,
        ),
        (
            "503",
            Some(envelope(503, "UNAVAILABLE")),
            service(503, "UNAVAILABLE"),
            3,
            1,
        ),
        (
            "504",
            Some(envelope(504, "GATEWAY_TIMEOUT")),
            service(504, "GATEWAY_TIMEOUT"),
            3,
            1,
        ),
        (
            "400",
            Some(envelope(400, "INVALID_ARGUMENT")),
            service(400, "INVALID_ARGUMENT"),
            1,
            1,
        ),
        (
            "401",
            Some(envelope(401, "UNAUTHENTICATED")),
            service(401, "UNAUTHENTICATED"),
            1,
            1,
        ),
        (
            "403",
            Some(envelope(403, "PERMISSION_DENIED")),
            service(403, "PERMISSION_DENIED"),
            1,
            1,
        ),
        (
            "404",
            Some(envelope(404, "NOT_FOUND")),
            service(404, "NOT_FOUND"),
            1,
            1,
        ),
        (
            "invalid JSON",
            Some(Action::Reply(200, vec![], "{\"requestId\": nope".into())),
            Expect::Decode,
            1,
            1,
        ),
        (
            "empty body",
            Some(Action::Reply(200, vec![], String::new())),
            Expect::Decode,
            1,
            1,
        ),
        (
            "huge body",
            Some(Action::HugeBody(4 * MAX_BODY)),
            Expect::Transport(TransportErrorKind::BodyTooLarge),
            1,
            1,
        ),
    ]
}

/// Whether `error` is exactly what `expect` says.
fn is_expected(error: &Error, expect: Expect) -> bool {
    match (expect, error) {
        (Expect::Transport(kind), Error::Transport(e)) => e.kind == kind,
        (Expect::Timeout, Error::Timeout { .. }) => true,
        (
            Expect::Service {
                http,
                status,
                retry_after,
            },
            Error::Service(e),
        ) => {
            e.http_status() == http
                && e.envelope_code() == Some(i64::from(http))
                && e.status() == Some(status)
                && e.request_id().is_some()
                && e.retry_after() == retry_after.map(Duration::from_secs)
        }
        (Expect::Decode, Error::Decode(_)) => true,
        _ => false,
    }
}

async fn cell(
    name: &'static str,
    action: Option<Action>,
    expect: Expect,
    attempts: usize,
    write: bool,
) -> Result<(), String> {
    let (transport, sent) = Counting::new(MAX_BODY);
    let refused_port = refused();
    let (server, url) = match action {
        Some(action) => {
            let server = Server::serve(Arc::new(move |_: &Seen| action.clone())).await;
            let url = server.url();
            (Some(server), url)
        }
        None => (None, refused_port.url()),
    };
    let config = Config::builder()
        .endpoint_url(url)
        .allow_http(true)
        .credentials(Credentials::new("AK", "SK"))
        .transport(transport)
        .retry(
            RetryConfig::default()
                .with_max_attempts(3)
                .with_initial_backoff(Duration::from_millis(10))
                .with_max_backoff(Duration::from_secs(2))
                .with_retry_writes(false),
        )
        .timeouts(
            Timeouts::default()
                .with_connect(Duration::from_millis(500))
                .with_attempt(Duration::from_millis(300))
                .with_total(TOTAL),
        )
        .build()
        .unwrap();
    let client = Client::new(SERVICE, config).unwrap();
    let request = if write {
        Request::new("createThing", http::Method::POST, "/v1/things")
            .json_body(&serde_json::json!({"name": "x"}))
    } else {
        Request::new("describeThings", http::Method::GET, "/v1/things")
    };
    let started = Instant::now();
    let outcome = client.call::<serde_json::Value>(request).await;
    let elapsed = started.elapsed();
    let method = if write { "POST" } else { "GET" };
    let error = match outcome {
        Ok(response) => return Err(format!("{name} {method}: succeeded: {response:?}")),
        Err(error) => error,
    };
    let mut problems = Vec::new();
    if !is_expected(&error, expect) {
        problems.push(format!("error {error:?}, expected {expect:?}"));
    }
    if count(&sent) != attempts {
        problems.push(format!("{} attempt(s), expected {attempts}", count(&sent)));
    }
    if let Some(server) = &server {
        let seen = server.seen().len();
        if seen != attempts {
            problems.push(format!(
                "the server saw {seen} request(s), expected {attempts}"
            ));
        }
    }
    if elapsed > TOTAL + Duration::from_millis(500) {
        problems.push(format!("took {elapsed:?}, over the {TOTAL:?} budget"));
    }
    if problems.is_empty() {
        Ok(())
    } else {
        Err(format!("{name} {method}: {}", problems.join("; ")))
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_fault_for_reads_and_writes() {
    let mut cells = Vec::new();
    for (name, action, expect, get_attempts, post_attempts) in matrix() {
        cells.push(tokio::spawn(cell(
            name,
            action.clone(),
            expect,
            get_attempts,
            false,
        )));
        cells.push(tokio::spawn(cell(
            name,
            action,
            expect,
            post_attempts,
            true,
        )));
    }
    let mut failures = Vec::new();
    let count = cells.len();
    for cell in cells {
        if let Err(failure) = cell.await.unwrap() {
            failures.push(failure);
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {count} cells failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
