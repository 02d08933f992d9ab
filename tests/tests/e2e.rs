//! The generated Redis crate (not hand-written requests) against the emulator: pages, filters, errors,
//! faults, and fresh signatures on every retry.

use std::collections::HashSet;
use std::time::{Duration, SystemTime};

use futures::StreamExt;
use jdcloud_redis::{Client, Config, Credentials, Error, RetryConfig, Timeouts};
use jdcloud_tests::emulator::{Emulator, Fault, DEMO_BACKUPS, INSTANCE, REGION};

fn retry() -> RetryConfig {
    RetryConfig::default()
        .with_max_attempts(3)
        .with_initial_backoff(Duration::from_millis(10))
        .with_max_backoff(Duration::from_secs(2))
        .with_retry_writes(false)
}

fn client(emulator: &Emulator) -> Client {
    client_with(
        emulator,
        Config::builder().credentials(Emulator::credentials()),
    )
}

fn client_with(emulator: &Emulator, builder: jdcloud_runtime::ConfigBuilder) -> Client {
    let config = builder
        .endpoint_url(emulator.url())
        .allow_http(true)
        .retry(retry())
        .timeouts(
            Timeouts::default()
                .with_connect(Duration::from_secs(1))
                .with_attempt(Duration::from_millis(500))
                .with_total(Duration::from_secs(5)),
        )
        .build()
        .unwrap();
    Client::new(config).unwrap()
}

/// Every attempt was signed afresh: no nonce twice, and every attempt that reached the checks passed.
fn assert_resigned(emulator: &Emulator, attempts: usize) {
    let verdicts = emulator.verdicts();
    assert_eq!(verdicts.len(), attempts, "{verdicts:?}");
    let nonces: HashSet<&str> = verdicts.iter().map(|v| v.nonce.as_str()).collect();
    assert_eq!(nonces.len(), attempts, "a nonce was reused: {verdicts:?}");
    assert!(verdicts.last().unwrap().authenticated, "{verdicts:?}");
}

#[tokio::test]
async fn a_single_page() {
    let emulator = Emulator::start().await;
    let response = client(&emulator)
        .describe_backups(REGION, INSTANCE)
        .page_size(10)
        .send()
        .await
        .unwrap();
    let result = response.result;
    assert_eq!(result.total_count, Some(DEMO_BACKUPS as i32));
    let backups = result.backups.unwrap();
    assert_eq!(backups.len(), 10);
    assert_eq!(backups[0].base_id.as_deref(), Some("backup-01"));
    assert_eq!(backups[0].backup_size, Some(1_073_741_824));
    assert!(response.request_id.starts_with("emu-"));
    assert_resigned(&emulator, 1);
}

#[tokio::test]
async fn every_page_through_the_stream() {
    let emulator = Emulator::start().await;
    let ids: Vec<String> = client(&emulator)
        .describe_backups(REGION, INSTANCE)
        .page_size(10)
        .into_stream()
        .items()
        .map(|backup| backup.unwrap().base_id.unwrap())
        .collect()
        .await;
    let expected: Vec<String> = (1..=DEMO_BACKUPS)
        .map(|d| format!("backup-{d:02}"))
        .collect();
    assert_eq!(ids, expected);
    // 25 backups by 10: three pages, the last one short; no fourth request.
    assert_eq!(emulator.requests().len(), 3);
    let pages: Vec<usize> = client(&emulator)
        .describe_backups(REGION, INSTANCE)
        .page_size(10)
        .into_stream()
        .map(|page| page.unwrap().backups.unwrap().len())
        .collect()
        .await;
    assert_eq!(pages, [10, 10, 5]);
}

#[tokio::test]
async fn filters_by_time_and_by_id() {
    let emulator = Emulator::start().await;
    let client = client(&emulator);
    let window = client
        .describe_backups(REGION, INSTANCE)
        .start_time("2026-11-10T00:00:00Z")
        .end_time("2026-11-12T23:59:59Z")
        .send()
        .await
        .unwrap()
        .result;
    let ids: Vec<String> = window
        .backups
        .unwrap()
        .into_iter()
        .map(|b| b.base_id.unwrap())
        .collect();
    assert_eq!(ids, ["backup-10", "backup-11", "backup-12"]);
    assert_eq!(window.total_count, Some(3));

    let one = client
        .describe_backups(REGION, INSTANCE)
        .base_id("backup-07")
        .send()
        .await
        .unwrap()
        .result;
    assert_eq!(one.total_count, Some(1));
    assert_eq!(
        one.backups.unwrap()[0].backup_file_name.as_deref(),
        Some("redis-demo-2026-11-07.rdb")
    );
}

#[tokio::test]
async fn invalid_page_size_is_an_invalid_argument() {
    let emulator = Emulator::start().await;
    let error = client(&emulator)
        .describe_backups(REGION, INSTANCE)
        .page_size(5)
        .send()
        .await
        .unwrap_err();
    let service = error.as_service().expect("service error");
    assert_eq!(
        (service.http_status(), service.status()),
        (400, Some("INVALID_ARGUMENT"))
    );
    assert!(!error.is_retryable());
}

#[tokio::test]
async fn wrong_credentials_are_refused_once() {
    let emulator = Emulator::start().await;
    let client = client_with(
        &emulator,
        Config::builder().credentials(Credentials::new(
            jdcloud_tests::emulator::ACCESS_KEY,
            "wrong-secret",
        )),
    );
    let error = client
        .describe_backups(REGION, INSTANCE)
        .send()
        .await
        .unwrap_err();
    let service = error.as_service().expect("service error");
    assert_eq!(service.http_status(), 401);
    assert_eq!(service.envelope_code(), Some(401));
    assert_eq!(service.status(), Some("UNAUTHENTICATED"));
    assert_eq!(service.message(), "the signature does not match");
    assert!(error.request_id().unwrap().starts_with("emu-"));
    assert_eq!(emulator.requests().len(), 1, "a 401 is not retried");
}

#[tokio::test]
async fn a_skewed_clock_is_refused() {
    let emulator = Emulator::start().await;
    let client = client_with(
        &emulator,
        Config::builder()
            .credentials(Emulator::credentials())
            .clock(|| SystemTime::now() - Duration::from_secs(3600)),
    );
    let error = client
        .describe_backups(REGION, INSTANCE)
        .send()
        .await
        .unwrap_err();
    let message = error.as_service().unwrap().message();
    assert!(message.contains("outside the allowed window"), "{message}");
}

#[tokio::test]
async fn unknown_instance_is_not_found() {
    let emulator = Emulator::start().await;
    let error = client(&emulator)
        .describe_backups(REGION, "redis-nope")
        .send()
        .await
        .unwrap_err();
    let service = error.as_service().unwrap();
    assert_eq!(
        (service.http_status(), service.status()),
        (404, Some("NOT_FOUND"))
    );
    assert_eq!(
        service.message(),
        "cache instance redis-nope not found in cn-north-1"
    );
    assert_eq!(emulator.requests().len(), 1);
}

/// Injects `faults` in order, then checks the call is served and every attempt was signed afresh.
async fn served_after(faults: &[Fault]) -> Duration {
    let emulator = Emulator::start().await;
    for fault in faults {
        emulator.inject(fault.clone());
    }
    let started = std::time::Instant::now();
    let response = client(&emulator)
        .describe_backups(REGION, INSTANCE)
        .send()
        .await
        .unwrap();
    assert_eq!(response.result.total_count, Some(DEMO_BACKUPS as i32));
    assert_resigned(&emulator, faults.len() + 1);
    started.elapsed()
}

/// Injects more faults than attempts and returns the error.
async fn failed_after(fault: Fault) -> (Error, usize) {
    let emulator = Emulator::start().await;
    for _ in 0..5 {
        emulator.inject(fault.clone());
    }
    let error = client(&emulator)
        .describe_backups(REGION, INSTANCE)
        .send()
        .await
        .unwrap_err();
    (error, emulator.requests().len())
}

#[tokio::test]
async fn throttling_is_waited_out_and_re_signed() {
    assert!(served_after(&[Fault::Throttle(1)]).await >= Duration::from_secs(1));
}

#[tokio::test]
async fn unavailable_then_served() {
    served_after(&[Fault::Unavailable, Fault::Unavailable]).await;
}

#[tokio::test]
async fn unavailable_every_time_gives_up_after_three_attempts() {
    let (error, attempts) = failed_after(Fault::Unavailable).await;
    assert_eq!(error.as_service().unwrap().http_status(), 503);
    assert_eq!(attempts, 3);
}

#[tokio::test]
async fn a_slow_reply_times_out_then_the_retry_is_served() {
    served_after(&[Fault::Slow(Duration::from_secs(3))]).await;
}

#[tokio::test]
async fn slow_every_time_is_a_timeout() {
    let (error, attempts) = failed_after(Fault::Slow(Duration::from_secs(3))).await;
    assert!(
        matches!(error, Error::Timeout { attempts: 3, .. }),
        "{error:?}"
    );
    assert_eq!(attempts, 3);
}

#[tokio::test]
async fn a_reset_connection_is_retried() {
    served_after(&[Fault::Reset]).await;
}

#[tokio::test]
async fn a_truncated_reply_is_retried() {
    served_after(&[Fault::Truncate]).await;
}

#[tokio::test]
async fn invalid_json_is_a_decode_error() {
    let emulator = Emulator::start().await;
    emulator.inject(Fault::InvalidJson);
    let error = client(&emulator)
        .describe_backups(REGION, INSTANCE)
        .send()
        .await
        .unwrap_err();
    match &error {
        Error::Decode(e) => {
            assert_eq!(e.http_status(), 200);
            assert!(e.body_start().starts_with("<html>"), "{e}");
            assert!(e.request_id().unwrap().starts_with("emu-"));
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        emulator.requests().len(),
        1,
        "a decode error is not retried"
    );
}
