//! The secret key and the session token never appear in `Debug` or `Display` output of any public
//! configuration or error type, nor in trace-level logs of full calls (successful, failed, retried).

use std::io::Write;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine as _;
use jdcloud_runtime::signer::{Signer, SigningParams};
use jdcloud_runtime::{
    ChainProvider, Client, Config, ConfigErrorKind, Credentials, CredentialsError, Request,
    RetryConfig, Timeouts,
};
use jdcloud_tests::server::{refused, Action, Server};

const SECRET: &str = "SECRET-KEY-do-not-print-7f3a";
const TOKEN: &str = "SESSION-TOKEN-do-not-print-91c2";

use jdcloud_tests::REDIS as SERVICE;

fn credentials() -> Credentials {
    Credentials::new("AKID-public", SECRET).with_session_token(TOKEN)
}

/// Every way a secret could be written.
fn forbidden() -> Vec<String> {
    let b64 = base64::engine::general_purpose::STANDARD;
    vec![
        SECRET.to_owned(),
        TOKEN.to_owned(),
        b64.encode(SECRET),
        b64.encode(TOKEN),
    ]
}

fn assert_clean(what: &str, text: &str) {
    for secret in forbidden() {
        assert!(!text.contains(&secret), "{what} shows a secret: {text}");
    }
}

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<u8>>>);

impl Write for Capture {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn config(url: &str) -> Config {
    Config::builder()
        .endpoint_url(url)
        .allow_http(true)
        .credentials(credentials())
        .retry(
            RetryConfig::default()
                .with_max_attempts(2)
                .with_initial_backoff(Duration::from_millis(5))
                .with_max_backoff(Duration::from_millis(50))
                .with_retry_writes(false),
        )
        .timeouts(
            Timeouts::default()
                .with_connect(Duration::from_millis(300))
                .with_attempt(Duration::from_millis(300))
                .with_total(Duration::from_secs(2)),
        )
        .build()
        .unwrap()
}

#[tokio::test]
async fn secrets_stay_out_of_debug_display_and_logs() {
    let capture = Capture::default();
    let writer = capture.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    // Public values, formatted every way.
    let credentials = credentials();
    assert_clean("Credentials", &format!("{credentials:?}"));
    let chain = ChainProvider::empty().or(credentials.clone());
    assert_clean("ChainProvider", &format!("{chain:?}"));
    let server = Server::start(vec![
        Action::Reply(503, vec![], r#"{"requestId":"r1","error":{"code":503,"status":"UNAVAILABLE","message":"m"}}"#.into()),
        Action::Reply(200, vec![], r#"{"requestId":"r2","result":{"ok":true}}"#.into()),
        Action::Reply(401, vec![], r#"{"requestId":"r3","error":{"code":401,"status":"UNAUTHENTICATED","message":"bad signature"}}"#.into()),
        Action::Reply(200, vec![], "not json".into()),
    ])
    .await;
    let config = config(&server.url());
    assert_clean("Config", &format!("{config:?}"));
    let client = Client::new(SERVICE, config).unwrap();
    let debug = format!("{client:?}");
    assert_clean("Client", &debug);
    // Clean because it holds no secret, not because it says nothing.
    assert!(
        debug.starts_with("Client") && debug.contains("redis") && debug.contains("AK"),
        "{debug}"
    );

    // A retried call that succeeds, a service error, a decode error, a transport error.
    let get = || {
        Request::new(
            "describeThings",
            http::Method::GET,
            "/v1/regions/{regionId}/things",
        )
        .path_param("regionId", "cn-north-1")
        .header("x-jdcloud-pin", "user-pin")
        .signing_region("cn-north-1")
    };
    let ok = client.call::<serde_json::Value>(get()).await.unwrap();
    assert_clean("Response", &format!("{ok:?}"));
    for _ in 0..2 {
        let error = client.call::<serde_json::Value>(get()).await.unwrap_err();
        assert_clean("Error", &format!("{error:?} {error}"));
    }
    let refused_port = refused();
    let refused = Client::new(SERVICE, self::config(&refused_port.url())).unwrap();
    let error = refused.call::<serde_json::Value>(get()).await.unwrap_err();
    assert_clean("Error", &format!("{error:?} {error}"));
    let error = Client::new(SERVICE, self::config(&server.url()))
        .unwrap()
        .call::<serde_json::Value>(get().path_param("regionId", "..").header("x-bad", "a\r\nb"))
        .await
        .unwrap_err();
    assert_clean("Error", &format!("{error:?} {error}"));
    assert_clean(
        "CredentialsError",
        &format!("{0:?} {0}", CredentialsError("no keys".into())),
    );
    // A configuration refused while it holds the secrets.
    let refused = Config::builder()
        .credentials(Credentials::new("AKID-public", SECRET).with_session_token(TOKEN))
        .endpoint_url("ftp://example.com")
        .build()
        .unwrap_err();
    assert_eq!(refused.kind(), ConfigErrorKind::Endpoint);
    assert_clean("ConfigError", &format!("{refused:?} {refused}"));

    // The signer's debugging output.
    let mut request = http::Request::builder()
        .uri("https://redis.jdcloud-api.com/v1/regions/cn-north-1/things")
        .body(Vec::new())
        .unwrap();
    let params = SigningParams::new("redis", "cn-north-1", "20261126T000000Z", "n");
    let signer = Signer::new();
    signer.sign(&mut request, &credentials, &params).unwrap();
    let signature = signer
        .signature(&request, &credentials, &params, "")
        .unwrap();
    assert!(
        signature
            .canonical_request
            .contains("x-jdcloud-security-token:"),
        "the token is signed"
    );
    assert_clean("Signature", &format!("{signature:?}"));
    assert_clean("Signer", &format!("{:?}", Signer::new()));

    let logs = String::from_utf8(capture.0.lock().unwrap().clone()).unwrap();
    assert!(
        logs.contains("jdcloud.call"),
        "trace output was captured: {logs}"
    );
    assert!(
        logs.contains("request body") || logs.contains("reply body"),
        "{logs}"
    );
    assert_clean("the trace-level logs", &logs);
    // The session token was sent all the same (base64-encoded), and signed.
    let sent = server.seen();
    let token = base64::engine::general_purpose::STANDARD.encode(TOKEN);
    assert_eq!(
        sent[0].header("x-jdcloud-security-token"),
        Some(token.as_str())
    );
    assert!(sent[0]
        .header("authorization")
        .unwrap()
        .contains("x-jdcloud-security-token"));
}
