//! Signing one GET request, in one criterion run: the floor (the hashing no signer can skip, the
//! function the runtime's own benchmark uses), the runtime's JDCLOUD3 signer, JD Cloud's own Rust
//! signer crate (`jdcloud_signer` 0.1.0, JDCLOUD2) on the same request, and `aws-sigv4` on a request of
//! the same shape (method, URI, headers, empty body).
//!
//! `jdcloud_signer` reads the clock and draws a UUID nonce inside `sign_request`, and aws-sigv4 formats
//! the date it is given; so the runtime is measured twice: signing alone (the date and nonce given, as
//! its call loop hands them over), and with the clock read, the date formatted and a UUID drawn, as the
//! call loop does for each attempt. The ratios against the peers use the second.
//!
//! Every routine signs its request in place, by reference, in batches of [`floor::BATCH`]: nothing is
//! moved in or out of the measurement, and criterion drops the requests outside it (the floor drops
//! nothing either).

#[path = "../../../../crates/jdcloud-runtime/benches/support/floor.rs"]
mod floor;

use std::hint::black_box;
use std::time::SystemTime;

use criterion::{criterion_group, criterion_main, Criterion};
use jdcloud_runtime::signer::{Signer, SigningParams};
use jdcloud_runtime::Credentials;


const URL: &str = "https://redis.jdcloud-api.com/v1/regions/cn-north-1/cacheInstance/redis-abcdefgh/backup?pageNumber=1&pageSize=10&startTime=2026-11-01T00%3A00%3A00Z";
const USER_AGENT: &str = "JdcloudSdkRust/0.1.0 redis/v1";
const DATE_FORMAT: &[time::format_description::BorrowedFormatItem<'static>] =
    time::macros::format_description!("[year][month][day]T[hour][minute][second]Z");

fn ours_request() -> http::Request<Vec<u8>> {
    http::Request::builder()
        .method("GET")
        .uri(URL)
        .header("content-type", "application/json")
        .header("user-agent", USER_AGENT)
        .body(Vec::new())
        .unwrap()
}

fn bench(c: &mut Criterion) {
    let credentials = Credentials::new("AKIDEXAMPLE", "secret");
    let signer = Signer::new();
    let params = SigningParams::new(
        "redis",
        "cn-north-1",
        "20261126T024441Z",
        "b3c1d0a4-6f0e-4b7e-9d55-2f1e0c9a7d13",
    );
    let mut group = c.benchmark_group("peers");

    // The floor, on inputs of the sizes the runtime's signer hashes for this request.
    let mut signed = ours_request();
    signer.sign(&mut signed, &credentials, &params).unwrap();
    let floor::Inputs {
        canonical,
        mut string_to_sign,
    } = floor::inputs(&mut signed, &signer, &credentials, &params);
    let key = [7u8; 32];
    group.bench_function("get/floor", |b| {
        b.iter(|| {
            floor::floor(
                black_box(b""),
                black_box(&canonical),
                black_box(&mut string_to_sign),
                &key,
            )
        })
    });

    group.bench_function("get/ours", |b| {
        b.iter_batched_ref(
            ours_request,
            |request| {
                signer.sign(request, &credentials, &params).unwrap();
            },
            floor::BATCH,
        )
    });
    group.bench_function("get/ours+clock+nonce", |b| {
        b.iter_batched_ref(
            ours_request,
            |request| {
                let now = time::OffsetDateTime::from(SystemTime::now());
                let date = now.format(DATE_FORMAT).unwrap();
                let nonce = uuid::Uuid::new_v4().to_string();
                let params = SigningParams::new("redis", "cn-north-1", &date, &nonce);
                signer.sign(request, &credentials, &params).unwrap();
            },
            floor::BATCH,
        )
    });

    let jd = jdcloud_signer::Signer::new(
        jdcloud_signer::Credential::new("AKIDEXAMPLE", "secret"),
        "redis".to_owned(),
        "cn-north-1".to_owned(),
    );
    let jd_request = || {
        let mut builder = http01::Request::builder();
        builder
            .method("GET")
            .uri(URL)
            .header("content-type", "application/json")
            .header("user-agent", USER_AGENT);
        builder.body(String::new()).unwrap()
    };
    group.bench_function("get/jdcloud_signer", |b| {
        b.iter_batched_ref(
            jd_request,
            |request| {
                jd.sign_request(request).unwrap();
            },
            floor::BATCH,
        )
    });

    let identity: aws_smithy_runtime_api::client::identity::Identity =
        aws_credential_types::Credentials::new("AKIDEXAMPLE", "secret", None, None, "bench").into();
    group.bench_function("get/aws-sigv4", |b| {
        b.iter_batched_ref(
            ours_request,
            |request| {
                let params = aws_sigv4::sign::v4::SigningParams::builder()
                    .identity(&identity)
                    .region("cn-north-1")
                    .name("redis")
                    .time(SystemTime::now())
                    .settings(aws_sigv4::http_request::SigningSettings::default())
                    .build()
                    .unwrap()
                    .into();
                let headers = request
                    .headers()
                    .iter()
                    .map(|(n, v)| (n.as_str(), v.to_str().unwrap()));
                let signable = aws_sigv4::http_request::SignableRequest::new(
                    "GET",
                    URL,
                    headers,
                    aws_sigv4::http_request::SignableBody::Bytes(b""),
                )
                .unwrap();
                let (instructions, _) = aws_sigv4::http_request::sign(signable, &params)
                    .unwrap()
                    .into_parts();
                instructions.apply_to_request_http1x(request);
            },
            floor::BATCH,
        )
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
