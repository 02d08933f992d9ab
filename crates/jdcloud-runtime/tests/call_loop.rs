//! The call loop against a scripted transport, in process: how many attempts a call makes, which
//! error it ends with, how long it takes against its budget, and what each attempt sends. The
//! loopback suites in `tests/` test the same loop over real HTTP; these run in the runtime's own
//! tests, so that they judge every change to the loop in a rebuild of this crate alone.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use bytes::Bytes;
use jdcloud_runtime::{
    Algorithm, CallSettings, ChainProvider, Client, Config, ConfigBuilder, ConfigErrorKind,
    Credentials, Error, ErrorCode, HttpTransport, Request, ResponseFuture, RetryConfig,
    ServiceInfo, Timeouts, TransportError, TransportErrorKind,
};
use serde::Deserialize;

const SERVICE: ServiceInfo = ServiceInfo::new("widget", "widget.jdcloud-api.com", "v1");

/// What the transport does with one request.
#[derive(Debug, Clone)]
enum Step {
    /// Answers with this status, these headers and this body.
    Reply(u16, &'static [(&'static str, &'static str)], &'static str),
    /// Fails with a transport error of this kind.
    Fail(TransportErrorKind),
    /// Never answers.
    Hang,
}

const OK: Step = Step::Reply(
    200,
    &[("x-jdcloud-request-id", "req-ok")],
    r#"{"requestId":"req-ok","result":{"name":"w1","size":3}}"#,
);
const UNAVAILABLE: Step = Step::Reply(
    503,
    &[],
    r#"{"requestId":"req-503","error":{"code":503,"status":"UNAVAILABLE","message":"busy"}}"#,
);

/// A transport that plays its steps in order (the last one again when they run out) and keeps
/// every request it was given.
#[derive(Debug, Clone)]
struct Scripted {
    steps: Arc<Mutex<VecDeque<Step>>>,
    sent: Arc<Mutex<Vec<http::Request<Bytes>>>>,
}

impl Scripted {
    fn new(steps: &[Step]) -> Scripted {
        Scripted {
            steps: Arc::new(Mutex::new(steps.iter().cloned().collect())),
            sent: Arc::default(),
        }
    }

    fn sent(&self) -> Vec<http::Request<Bytes>> {
        self.sent.lock().unwrap().clone()
    }

    fn attempts(&self) -> usize {
        self.sent.lock().unwrap().len()
    }
}

impl HttpTransport for Scripted {
    fn send(&self, request: http::Request<Bytes>) -> ResponseFuture<'_> {
        self.sent.lock().unwrap().push(request);
        let step = {
            let mut steps = self.steps.lock().unwrap();
            if steps.len() > 1 {
                steps.pop_front()
            } else {
                steps.front().cloned()
            }
        };
        Box::pin(async move {
            match step.expect("a script has at least one step") {
                Step::Reply(status, headers, body) => {
                    let mut reply = http::Response::builder().status(status);
                    for (name, value) in headers {
                        reply = reply.header(*name, *value);
                    }
                    Ok(reply.body(Bytes::from_static(body.as_bytes())).unwrap())
                }
                Step::Fail(kind) => Err(TransportError::new(kind, "scripted failure", None)),
                Step::Hang => {
                    std::future::pending::<()>().await;
                    unreachable!()
                }
            }
        })
    }
}

#[derive(Debug, Default, Deserialize, PartialEq)]
struct Widget {
    name: String,
    size: u32,
}

/// A configuration on `transport` with fast retries and a counting nonce source.
fn builder(transport: &Scripted) -> ConfigBuilder {
    let nonces = Arc::new(AtomicU32::new(0));
    Config::builder()
        .credentials(Credentials::new("AK", "SK"))
        .endpoint_url("https://gateway.example/")
        .transport(transport.clone())
        .retry(
            RetryConfig::default()
                .with_max_attempts(3)
                .with_initial_backoff(Duration::from_millis(1))
                .with_max_backoff(Duration::from_millis(50)),
        )
        .nonce_source(move || format!("nonce-{}", nonces.fetch_add(1, Ordering::SeqCst)))
}

fn client_of(config: ConfigBuilder) -> Client {
    Client::new(SERVICE, config.build().unwrap()).unwrap()
}

fn get() -> Request {
    Request::new("describeWidget", http::Method::GET, "/v1/widgets/{id}").path_param("id", "w1")
}

fn post() -> Request {
    Request::new("createWidget", http::Method::POST, "/v1/widgets").json_body(&[("name", "w1")])
}

fn header<'r>(request: &'r http::Request<Bytes>, name: &str) -> &'r str {
    request
        .headers()
        .get(name)
        .unwrap_or_else(|| panic!("no {name} header"))
        .to_str()
        .unwrap()
}

/// Every call here ends within seconds; one that does not is a loop that does not stop, and fails the
/// test rather than hanging it.
async fn bounded<F: std::future::Future>(call: F) -> F::Output {
    tokio::time::timeout(Duration::from_secs(10), call)
        .await
        .expect("the call did not end within 10 s")
}

fn service_status(error: &Error) -> Option<u16> {
    error.as_service().map(|e| e.http_status())
}

#[tokio::test]
async fn a_call_sends_one_signed_request_and_decodes_its_result() {
    let transport = Scripted::new(&[OK]);
    let client = client_of(builder(&transport).user_agent_suffix("app/2"));
    assert_eq!(client.service().name, "widget");
    assert_eq!(client.config().region(), "cn-north-1");
    let response = bounded(client.call::<Widget>(get().signing_region("cn-east-2")))
        .await
        .unwrap();
    assert_eq!(
        response.result,
        Widget {
            name: "w1".to_owned(),
            size: 3
        }
    );
    assert_eq!(
        (response.request_id.as_str(), response.http_status),
        ("req-ok", 200)
    );
    let sent = transport.sent();
    assert_eq!(sent.len(), 1);
    let request = &sent[0];
    assert_eq!(request.method(), http::Method::GET);
    assert_eq!(request.uri(), "https://gateway.example/v1/widgets/w1");
    assert_eq!(
        header(request, "user-agent"),
        format!(
            "JdcloudSdkRust/{} widget/v1 app/2",
            env!("CARGO_PKG_VERSION")
        )
    );
    assert_eq!(header(request, "content-type"), "application/json");
    assert_eq!(header(request, "x-jdcloud-nonce"), "nonce-0");
    let authorization = header(request, "authorization");
    assert!(authorization.starts_with("JDCLOUD3-HMAC-SHA256 Credential=AK/"));
    assert!(
        authorization.contains("/cn-east-2/widget/"),
        "{authorization}"
    );
    assert_eq!(
        header(request, "x-jdcloud-date").len(),
        "20260101T000000Z".len()
    );
    assert!(request.headers().get("x-jdcloud-security-token").is_none());
}

#[tokio::test]
async fn reads_are_retried_with_a_fresh_nonce_until_they_succeed() {
    let transport = Scripted::new(&[UNAVAILABLE, Step::Fail(TransportErrorKind::Io), OK]);
    let client = client_of(builder(&transport));
    let response = bounded(client.call::<Widget>(get())).await.unwrap();
    assert_eq!(response.result.name, "w1");
    let nonces: Vec<_> = transport
        .sent()
        .iter()
        .map(|r| header(r, "x-jdcloud-nonce").to_owned())
        .collect();
    assert_eq!(nonces, ["nonce-0", "nonce-1", "nonce-2"]);
}

#[tokio::test]
async fn retries_stop_at_max_attempts_with_the_last_error() {
    let transport = Scripted::new(&[UNAVAILABLE]);
    let client = client_of(builder(&transport));
    let error = bounded(client.call::<Widget>(get())).await.unwrap_err();
    assert_eq!(service_status(&error), Some(503));
    assert_eq!(error.request_id(), Some("req-503"));
    assert_eq!(transport.attempts(), 3);

    let transport = Scripted::new(&[UNAVAILABLE]);
    let client = client_of(builder(&transport));
    let settings = CallSettings::new().retry(RetryConfig::disabled());
    let error = bounded(client.call_with::<Widget>(get(), &settings))
        .await
        .unwrap_err();
    assert_eq!(service_status(&error), Some(503));
    assert_eq!(transport.attempts(), 1, "the call's own settings apply");
}

#[tokio::test]
async fn errors_that_cannot_succeed_are_not_retried() {
    let transport = Scripted::new(&[Step::Reply(
        404,
        &[],
        r#"{"requestId":"req-404","error":{"code":404,"status":"NOT_FOUND","message":"no"}}"#,
    )]);
    let client = client_of(builder(&transport));
    let error = bounded(client.call::<Widget>(get())).await.unwrap_err();
    assert_eq!(
        error.as_service().map(|e| e.code()),
        Some(ErrorCode::NotFound)
    );
    assert_eq!(transport.attempts(), 1);

    let transport = Scripted::new(&[Step::Fail(TransportErrorKind::BodyTooLarge)]);
    let client = client_of(builder(&transport));
    let error = bounded(client.call::<Widget>(get())).await.unwrap_err();
    assert!(
        matches!(&error, Error::Transport(e) if e.kind == TransportErrorKind::BodyTooLarge),
        "{error:?}"
    );
    assert_eq!(transport.attempts(), 1);
}

#[tokio::test]
async fn writes_are_retried_only_when_they_never_left() {
    let transport = Scripted::new(&[UNAVAILABLE, OK]);
    let client = client_of(builder(&transport));
    let error = bounded(client.call::<Widget>(post())).await.unwrap_err();
    assert_eq!(service_status(&error), Some(503));
    assert_eq!(transport.attempts(), 1, "a write that may have landed");

    let transport = Scripted::new(&[Step::Fail(TransportErrorKind::Io), OK]);
    let client = client_of(builder(&transport));
    let error = bounded(client.call::<Widget>(post())).await.unwrap_err();
    assert!(
        matches!(&error, Error::Transport(e) if e.kind == TransportErrorKind::Io),
        "{error:?}"
    );
    assert_eq!(
        transport.attempts(),
        1,
        "a write lost after it may have left"
    );

    let transport = Scripted::new(&[Step::Fail(TransportErrorKind::Connect), OK]);
    let client = client_of(builder(&transport));
    bounded(client.call::<Widget>(post())).await.unwrap();
    let sent = transport.sent();
    assert_eq!(sent.len(), 2, "a write that provably never left");
    assert_eq!(sent[1].body().as_ref(), br#"[["name","w1"]]"#);

    let transport = Scripted::new(&[UNAVAILABLE, OK]);
    let retry = RetryConfig::default()
        .with_initial_backoff(Duration::from_millis(1))
        .with_retry_writes(true);
    let client = client_of(builder(&transport).retry(retry));
    bounded(client.call::<Widget>(post())).await.unwrap();
    assert_eq!(transport.attempts(), 2, "writes retried when asked to");
}

#[tokio::test]
async fn a_retry_after_beyond_the_longest_backoff_gives_up_at_once() {
    let throttled = Step::Reply(
        429,
        &[("retry-after", "30")],
        r#"{"requestId":"req-429","error":{"code":429,"status":"RATE_LIMIT","message":"slow down"}}"#,
    );
    let transport = Scripted::new(&[throttled, OK]);
    let client = client_of(builder(&transport));
    let started = Instant::now();
    let error = bounded(client.call::<Widget>(get())).await.unwrap_err();
    let service = error.as_service().expect("the throttling error");
    assert!(service.is_throttling());
    assert_eq!(service.retry_after(), Some(Duration::from_secs(30)));
    assert_eq!(transport.attempts(), 1);
    assert!(started.elapsed() < Duration::from_secs(5));

    let short = Step::Reply(
        429,
        &[("retry-after", "0")],
        r#"{"requestId":"req-429","error":{"code":429,"status":"RATE_LIMIT","message":"again"}}"#,
    );
    let transport = Scripted::new(&[short, OK]);
    let client = client_of(builder(&transport));
    bounded(client.call::<Widget>(get())).await.unwrap();
    assert_eq!(transport.attempts(), 2, "a short Retry-After is waited out");
}

#[tokio::test]
async fn attempts_that_hang_time_out_one_by_one() {
    let transport = Scripted::new(&[Step::Hang]);
    let timeouts = Timeouts::default()
        .with_attempt(Duration::from_millis(40))
        .with_total(Duration::from_secs(20));
    let client = client_of(builder(&transport).timeouts(timeouts));
    let started = Instant::now();
    let error = bounded(client.call::<Widget>(get())).await.unwrap_err();
    let elapsed = started.elapsed();
    assert!(
        matches!(error, Error::Timeout { attempts: 3, .. }),
        "{error:?}"
    );
    assert!(elapsed >= Duration::from_millis(120), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(10), "{elapsed:?}");
    assert_eq!(transport.attempts(), 3);
}

#[tokio::test]
async fn the_total_budget_bounds_the_call() {
    // Three attempts of 2 s would take 6 s; the budget is 300 ms.
    let transport = Scripted::new(&[Step::Hang]);
    let timeouts = Timeouts::default()
        .with_attempt(Duration::from_secs(2))
        .with_total(Duration::from_millis(300));
    let client = client_of(builder(&transport).timeouts(timeouts));
    let started = Instant::now();
    let error = bounded(client.call::<Widget>(get())).await.unwrap_err();
    let elapsed = started.elapsed();
    let Error::Timeout {
        elapsed: reported,
        attempts,
    } = error
    else {
        panic!("{error:?}")
    };
    assert_eq!(attempts, 1);
    assert!(elapsed >= Duration::from_millis(300), "{elapsed:?}");
    assert!(elapsed < Duration::from_millis(1500), "{elapsed:?}");
    assert!(
        reported >= Duration::from_millis(300) && reported <= elapsed,
        "{reported:?}"
    );
    assert_eq!(transport.attempts(), 1);
}

#[tokio::test]
async fn no_retry_starts_when_its_wait_would_pass_the_budget() {
    // A Retry-After of 1 s makes the wait at least that, whatever the jitter draws: past a budget of
    // 200 ms, so the service's error stands, without waiting.
    let throttled = Step::Reply(
        503,
        &[("retry-after", "1")],
        r#"{"requestId":"req-503","error":{"code":503,"status":"UNAVAILABLE","message":"busy"}}"#,
    );
    let transport = Scripted::new(&[throttled, OK]);
    let timeouts = Timeouts::default().with_total(Duration::from_millis(200));
    let client = client_of(builder(&transport).timeouts(timeouts));
    let started = Instant::now();
    let error = bounded(client.call::<Widget>(get())).await.unwrap_err();
    assert_eq!(service_status(&error), Some(503), "{error:?}");
    assert_eq!(transport.attempts(), 1);
    assert!(started.elapsed() < Duration::from_millis(900));

    // A timed-out attempt whose retry cannot fit ends as a timeout that counts it. The backoff is
    // drawn up to an hour, so all but a draw in ten thousand end after the first attempt.
    let transport = Scripted::new(&[Step::Hang]);
    let timeouts = Timeouts::default()
        .with_attempt(Duration::from_millis(50))
        .with_total(Duration::from_millis(500));
    let retry = RetryConfig::default()
        .with_initial_backoff(Duration::from_secs(3600))
        .with_max_backoff(Duration::from_secs(3600));
    let client = client_of(builder(&transport).retry(retry).timeouts(timeouts));
    let started = Instant::now();
    match bounded(client.call::<Widget>(get())).await.unwrap_err() {
        Error::Timeout { attempts, .. } => {
            assert!(attempts >= 1);
            assert_eq!(attempts, transport.attempts() as u32);
        }
        other => panic!("{other:?}"),
    }
    assert!(started.elapsed() < Duration::from_millis(1500));
}

#[tokio::test]
async fn nothing_is_sent_without_credentials_or_with_an_invalid_request() {
    let transport = Scripted::new(&[OK]);
    let client = client_of(builder(&transport).credentials(ChainProvider::empty()));
    let error = bounded(client.call::<Widget>(get())).await.unwrap_err();
    assert!(matches!(error, Error::Credentials(_)), "{error:?}");

    let client = client_of(builder(&transport));
    let invalid = Request::new("describeWidget", http::Method::GET, "/v1/widgets/{id}")
        .path_param("id", "..");
    let error = bounded(client.call::<Widget>(invalid)).await.unwrap_err();
    assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
    assert_eq!(transport.attempts(), 0);
}

#[tokio::test]
async fn a_session_token_and_the_algorithm_reach_every_attempt() {
    let transport = Scripted::new(&[UNAVAILABLE, OK]);
    let config = builder(&transport)
        .credentials(Credentials::new("AK", "SK").with_session_token("tok"))
        .algorithm(Algorithm::Jdcloud2);
    let client = client_of(config);
    bounded(client.call::<Widget>(get())).await.unwrap();
    for request in transport.sent() {
        assert_eq!(header(&request, "x-jdcloud-security-token"), "dG9r");
        assert!(header(&request, "authorization").starts_with("JDCLOUD2-HMAC-SHA256"));
    }
}

#[test]
fn prepare_signs_without_sending() {
    let transport = Scripted::new(&[OK]);
    let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_764_125_081);
    let client = client_of(builder(&transport).clock(move || at));
    let request = client
        .prepare(post(), &Credentials::new("AK", "SK"))
        .unwrap();
    assert_eq!(request.method(), http::Method::POST);
    assert_eq!(request.uri(), "https://gateway.example/v1/widgets");
    assert_eq!(request.body().as_ref(), br#"[["name","w1"]]"#);
    assert_eq!(header(&request, "x-jdcloud-date"), "20251126T024441Z");
    assert_eq!(header(&request, "x-jdcloud-nonce"), "nonce-0");
    let scope = format!("/20251126/{}/widget/", jdcloud_runtime::NO_REGION);
    assert!(header(&request, "authorization").contains(&scope));
    assert_eq!(
        header(&request, "x-jdcloud-content-sha256"),
        hex::encode(<sha2::Sha256 as sha2::Digest>::digest(
            br#"[["name","w1"]]"#
        ))
    );
    assert_eq!(transport.attempts(), 0);
    let debug = format!("{client:?}");
    assert!(
        debug.contains("widget") && !debug.contains("\"SK\""),
        "{debug}"
    );
}

#[test]
fn a_user_agent_suffix_must_be_a_header_value() {
    let transport = Scripted::new(&[OK]);
    let config = builder(&transport)
        .user_agent_suffix("bad\nsuffix")
        .build()
        .unwrap();
    let error = Client::new(SERVICE, config).unwrap_err();
    assert_eq!(error.kind(), ConfigErrorKind::UserAgent);
    // Without a transport of its own, a client makes its HTTP client.
    let config = Config::builder()
        .credentials(Credentials::new("AK", "SK"))
        .build()
        .unwrap();
    assert!(Client::new(SERVICE, config).is_ok());
}
