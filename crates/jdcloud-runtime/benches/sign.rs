//! Building and signing one GET and one POST request, against the floor: the work no signer can skip
//! (SHA-256 of the body, SHA-256 of a canonical request of the same size, one HMAC), measured in the same
//! run. Target: within 1.5x of the floor.

use std::hint::black_box;
use std::time::{Duration, SystemTime};

use criterion::{criterion_group, criterion_main, BatchSize, Criterion};
use hmac::{Hmac, Mac};
use jdcloud_runtime::signer::{Algorithm, Signer, SigningParams};
use jdcloud_runtime::{Client, Config, Credentials, Request, ServiceInfo};
use serde::Serialize;
use sha2::{Digest, Sha256};

const SERVICE: ServiceInfo = ServiceInfo {
    name: "redis",
    host: "redis.jdcloud-api.com",
    version: "v1",
};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Query {
    page_number: i32,
    page_size: i32,
    start_time: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Body {
    cache_instance_name: &'static str,
    cache_instance_class: &'static str,
    azs: [&'static str; 2],
    password: &'static str,
}

fn get() -> Request {
    Request::new(
        "describeBackups",
        http::Method::GET,
        "/v1/regions/{regionId}/cacheInstance/{cacheInstanceId}/backup",
    )
    .path_param("regionId", "cn-north-1")
    .path_param("cacheInstanceId", "redis-abcdefgh")
    .query(&Query {
        page_number: 1,
        page_size: 10,
        start_time: "2026-11-01T00:00:00Z",
    })
    .signing_region("cn-north-1")
}

fn post() -> Request {
    Request::new(
        "createCacheInstance",
        http::Method::POST,
        "/v1/regions/{regionId}/cacheInstance",
    )
    .path_param("regionId", "cn-north-1")
    .json_body(&Body {
        cache_instance_name: "cache-1",
        cache_instance_class: "redis.s.micro.basic",
        azs: ["cn-north-1a", "cn-north-1b"],
        password: "Passw0rd!",
    })
    .signing_region("cn-north-1")
}

/// The unavoidable work for a request of this body and canonical-request size.
fn floor(body: &[u8], canonical_request: &[u8], key: &[u8; 32]) -> [u8; 32] {
    let body_hash = hex::encode(Sha256::digest(body));
    let request_hash = hex::encode(Sha256::digest(canonical_request));
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    mac.update(body_hash.as_bytes());
    mac.update(request_hash.as_bytes());
    mac.finalize().into_bytes().into()
}

fn bench(c: &mut Criterion) {
    let credentials = Credentials::new("AKIDEXAMPLE", "secret");
    let config = Config::builder()
        .credentials(credentials.clone())
        .clock(|| SystemTime::UNIX_EPOCH + Duration::from_secs(1_764_125_081))
        .nonce_source(|| "b3c1d0a4-6f0e-4b7e-9d55-2f1e0c9a7d13".to_owned())
        .build()
        .unwrap();
    let client = Client::new(SERVICE, config).unwrap();
    let key = [7u8; 32];
    let mut group = c.benchmark_group("sign");
    for (name, make) in [
        ("get", get as fn() -> Request),
        ("post", post as fn() -> Request),
    ] {
        // The floor hashes inputs of the sizes the real request has.
        let sample = client.prepare(make(), &credentials).unwrap();
        let body = sample.body().to_vec();
        let canonical = vec![b'x'; 420 + sample.uri().to_string().len()];
        group.bench_function(format!("{name}/build+sign"), |b| {
            b.iter(|| client.prepare(black_box(make()), &credentials).unwrap())
        });
        let signer = Signer::new();
        let params = SigningParams {
            algorithm: Algorithm::Jdcloud3,
            date: "20251126T024441Z",
            nonce: "b3c1d0a4-6f0e-4b7e-9d55-2f1e0c9a7d13",
            region: "cn-north-1",
            service: "redis",
        };
        // Signing alone, on a copy of the built request made outside the measurement.
        group.bench_function(format!("{name}/sign-only"), |b| {
            b.iter_batched(
                || sample.clone(),
                |mut request| signer.sign(&mut request, &credentials, &params).unwrap(),
                BatchSize::SmallInput,
            )
        });
        group.bench_function(format!("{name}/floor"), |b| {
            b.iter(|| floor(black_box(&body), black_box(&canonical), &key))
        });
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
