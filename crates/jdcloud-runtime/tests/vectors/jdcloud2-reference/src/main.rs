//! Signs each case with `jdcloud_signer` 0.1.0 (JDCLOUD2-HMAC-SHA256) and prints the vectors as JSON.
//!
//! The crate picks the date and nonce itself (its public `sign_request` reads the clock and draws a
//! UUID), so each vector records the ones it chose, read back from the signed request's
//! `x-jdcloud-date` and `x-jdcloud-nonce` headers. Its signed headers are every header of the request
//! but `user-agent` and `authorization`; it adds no `host` of its own.

use http::Request;
use jdcloud_signer::{Credential, Signer};
use serde_json::{json, Value};

struct Case {
    name: &'static str,
    method: &'static str,
    url: &'static str,
    headers: &'static [(&'static str, &'static str)],
    body: &'static str,
    access_key: &'static str,
    secret_key: &'static str,
    region: &'static str,
    service: &'static str,
}

const JSON: (&str, &str) = ("content-type", "application/json");

fn case(name: &'static str, method: &'static str, url: &'static str) -> Case {
    Case {
        name,
        method,
        url,
        headers: &[JSON],
        body: "",
        access_key: "AKIDEXAMPLE",
        secret_key: "sk-example/+=",
        region: "cn-north-1",
        service: "redis",
    }
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "published-request",
            url: "http://www.jdcloud-api.com/v1/regions/cn-north-1/instances?pageNumber=2&pageSize=10",
            access_key: "ak",
            secret_key: "sk",
            service: "service_name",
            ..case("", "GET", "")
        },
        case("get-seed", "GET", concat!(
            "https://redis.jdcloud-api.com/v1/regions/cn-north-1",
            "/cacheInstance/redis-abc/backup?pageNumber=1&pageSize=10"
        )),
        case("get-no-query", "GET", concat!(
            "https://redis.jdcloud-api.com/v1/regions/cn-north-1",
            "/cacheInstance/redis-abc/backup"
        )),
        case("query-unsorted-repeated", "GET", concat!(
            "https://redis.jdcloud-api.com/v1/regions/cn-north-1",
            "/things?b=2&a=2&a=1&c=3"
        )),
        case("query-key-without-value", "GET", concat!(
            "https://redis.jdcloud-api.com/v1/regions/cn-north-1",
            "/things?flag&b=2&empty="
        )),
        case("query-lists-and-filters", "GET", concat!(
            "https://redis.jdcloud-api.com/v1/regions/cn-north-1",
            "/things?filters.1.name=status&filters.1.values.1=running&filters.1.values.2=stopped",
            "&filters.2.name=az&pageSize=100"
        )),
        case("query-spaces-plus-and-escapes", "GET", concat!(
            "https://redis.jdcloud-api.com/v1/regions/cn-north-1",
            "/things?name=a%20b&other=c+d&sym=%21%2A%27%28%29&eq=x%3Dy"
        )),
        case("query-unicode", "GET", concat!(
            "https://redis.jdcloud-api.com/v1/regions/cn-north-1",
            "/things?city=%E5%8C%97%E4%BA%AC&tag=%C3%BC"
        )),
        case("query-time-value", "GET", concat!(
            "https://redis.jdcloud-api.com/v1/regions/cn-north-1",
            "/things?startTime=2026-11-01T00%3A00%3A00Z&endTime=2026-11-02T00%3A00%3A00Z"
        )),
        case("path-reserved-escaped", "GET", concat!(
            "https://redis.jdcloud-api.com/v1/regions/cn-north-1",
            "/things/a%3Ab/c~d_e.f-g"
        )),
        case("path-action-suffix", "POST", concat!(
            "https://redis.jdcloud-api.com/v1/regions/cn-north-1",
            "/cacheInstance/redis-abc:resetPassword"
        )),
        Case {
            name: "post-json-body",
            body: "{\"cacheInstanceName\":\"demo\",\"cacheInstanceClass\":\"redis.s.micro.basic\"}",
            ..case("", "POST", "https://redis.jdcloud-api.com/v1/regions/cn-north-1/cacheInstance")
        },
        Case {
            name: "post-unicode-body",
            body: "{\"description\":\"北京 ü\"}",
            ..case("", "POST", "https://redis.jdcloud-api.com/v1/regions/cn-north-1/cacheInstance")
        },
        Case {
            name: "put-body",
            body: "{\"a\":1}",
            ..case("", "PUT", "https://redis.jdcloud-api.com/v1/regions/cn-north-1/things/t-1")
        },
        case("delete", "DELETE", "https://redis.jdcloud-api.com/v1/regions/cn-north-1/things/t-1"),
        Case {
            name: "patch",
            body: "{}",
            ..case("", "PATCH", "https://redis.jdcloud-api.com/v1/regions/cn-north-1/things/t-1")
        },
        case("head", "HEAD", "https://redis.jdcloud-api.com/v1/regions/cn-north-1/things/t-1"),
        Case {
            name: "header-runs-of-spaces",
            headers: &[JSON, ("x-jdcloud-custom", "a   b    c  d")],
            ..case("", "GET", "https://redis.jdcloud-api.com/v1/regions/cn-north-1/things")
        },
        Case {
            name: "header-leading-and-trailing-spaces",
            headers: &[JSON, ("x-jdcloud-custom", "  padded value  ")],
            ..case("", "GET", "https://redis.jdcloud-api.com/v1/regions/cn-north-1/things")
        },
        Case {
            name: "header-tabs",
            headers: &[JSON, ("x-jdcloud-custom", "\ta\tb  c\t")],
            ..case("", "GET", "https://redis.jdcloud-api.com/v1/regions/cn-north-1/things")
        },
        Case {
            name: "header-empty-value",
            headers: &[JSON, ("x-jdcloud-empty", "")],
            ..case("", "GET", "https://redis.jdcloud-api.com/v1/regions/cn-north-1/things")
        },
        Case {
            name: "header-base64-pin",
            headers: &[JSON, ("x-jdcloud-pin", "5Lqs5Lic5LqR")],
            ..case("", "GET", "https://redis.jdcloud-api.com/v1/regions/cn-north-1/things")
        },
        Case {
            name: "header-several-sorted",
            headers: &[
                ("x-jdcloud-zeta", "z"),
                JSON,
                ("x-jdcloud-alpha", "a"),
                ("accept", "application/json"),
            ],
            ..case("", "GET", "https://redis.jdcloud-api.com/v1/regions/cn-north-1/things")
        },
        Case {
            name: "host-header-with-port",
            headers: &[JSON, ("host", "redis.jdcloud-api.com:8443")],
            ..case("", "GET", "https://redis.jdcloud-api.com:8443/v1/regions/cn-north-1/things")
        },
        case("port-in-url-only", "GET", "http://127.0.0.1:8080/v1/regions/cn-north-1/things?x=1"),
        Case {
            name: "regionless-api",
            region: "jdcloud-api",
            service: "iam",
            ..case("", "GET", "https://iam.jdcloud-api.com/v1/subUsers?pageNumber=1")
        },
        Case {
            name: "internal-endpoint-other-region",
            region: "cn-east-2",
            ..case("", "GET", "https://redis.internal.cn-east-2.jdcloud-api.com/v1/regions/cn-east-2/things")
        },
        Case {
            name: "secret-with-symbols",
            secret_key: "S3cr3t!@#$%^&*()_+-=[]{}|;':,./<>?",
            ..case("", "GET", "https://redis.jdcloud-api.com/v1/regions/cn-north-1/things")
        },
        Case {
            name: "no-headers-at-all",
            headers: &[],
            ..case("", "GET", "https://redis.jdcloud-api.com/v1/regions/cn-north-1/things")
        },
    ]
}

fn sign(case: &Case) -> Value {
    let mut builder = Request::builder();
    builder.method(case.method).uri(case.url);
    for (name, value) in case.headers {
        builder.header(*name, *value);
    }
    let mut request = builder.body(case.body.to_owned()).expect("a valid request");
    let signer = Signer::new(
        Credential::new(case.access_key, case.secret_key),
        case.service,
        case.region,
    );
    signer.sign_request(&mut request).expect("signed");
    let header = |name: &str| {
        request.headers()[name]
            .to_str()
            .expect("ASCII header")
            .to_owned()
    };
    let headers: serde_json::Map<String, Value> = case
        .headers
        .iter()
        .map(|(name, value)| ((*name).to_owned(), Value::from(*value)))
        .collect();
    json!({
        "name": case.name,
        "algorithm": "JDCLOUD2",
        "method": case.method,
        "url": case.url,
        "headers": headers,
        "body": case.body,
        "access_key": case.access_key,
        "secret_key": case.secret_key,
        "security_token": null,
        "date": header("x-jdcloud-date"),
        "nonce": header("x-jdcloud-nonce"),
        "region": case.region,
        "service": case.service,
        "authorization": header("authorization"),
    })
}

fn main() {
    let cases: Vec<Value> = cases().iter().map(sign).collect();
    let file = json!({
        "source": "jdcloud_signer 0.1.0 (JD Cloud's Rust signer crate), by tests/vectors/jdcloud2-reference",
        "cases": cases,
    });
    println!("{}", serde_json::to_string_pretty(&file).expect("JSON"));
}
