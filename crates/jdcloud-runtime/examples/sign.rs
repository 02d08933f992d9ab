//! Prints the `Authorization` header for one request, for people debugging signatures.
//!
//! ```sh
//! echo '{"method":"GET","url":"https://redis.jdcloud-api.com/v1/regions/cn-north-1/cacheInstance",
//!        "headers":{"content-type":"application/json"},"body":"","access_key":"AK","secret_key":"SK",
//!        "date":"20261126T024441Z","nonce":"b3c1d0a4-6f0e-4b7e-9d55-2f1e0c9a7d13"}' \
//!   | cargo run -q -p jdcloud-runtime --example sign
//! ```
//!
//! Input fields: `method`, `url`, `headers` (object), `body` (string), `access_key`, `secret_key`, optional
//! `security_token`, `date` (`YYYYMMDDTHHMMSSZ`), `nonce`, optional `algorithm` (`JDCLOUD3` or
//! `JDCLOUD2`), optional `region` and `service` (derived as the clients derive them when absent).

use std::collections::BTreeMap;
use std::io::Read;
use std::process::ExitCode;

use jdcloud_runtime::signer::{
    region_from_uri, service_from_host, Algorithm, Signer, SigningParams,
};
use jdcloud_runtime::Credentials;
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Input {
    method: String,
    url: String,
    #[serde(default)]
    headers: BTreeMap<String, String>,
    #[serde(default)]
    body: String,
    access_key: String,
    secret_key: String,
    security_token: Option<String>,
    date: String,
    nonce: String,
    algorithm: Option<String>,
    region: Option<String>,
    service: Option<String>,
}

fn run() -> Result<String, String> {
    let mut text = String::new();
    std::io::stdin()
        .read_to_string(&mut text)
        .map_err(|e| format!("cannot read stdin: {e}"))?;
    let input: Input = serde_json::from_str(&text).map_err(|e| format!("invalid input: {e}"))?;
    let algorithm = match input.algorithm.as_deref().unwrap_or("JDCLOUD3") {
        "JDCLOUD3" | "JDCLOUD3-HMAC-SHA256" => Algorithm::Jdcloud3,
        "JDCLOUD2" | "JDCLOUD2-HMAC-SHA256" => Algorithm::Jdcloud2,
        other => return Err(format!("unknown algorithm `{other}`: JDCLOUD3 or JDCLOUD2")),
    };
    let mut builder = http::Request::builder()
        .method(input.method.as_str())
        .uri(&input.url);
    for (name, value) in &input.headers {
        builder = builder.header(name, value);
    }
    let mut request = builder
        .body(input.body.into_bytes())
        .map_err(|e| format!("invalid request: {e}"))?;
    let uri = request.uri().clone();
    let region = input.region.unwrap_or_else(|| region_from_uri(&uri));
    let service = match input.service {
        Some(service) => service,
        None => service_from_host(uri.host().ok_or("the url has no host")?).to_owned(),
    };
    let mut credentials = Credentials::new(input.access_key, input.secret_key);
    if let Some(token) = input.security_token {
        credentials = credentials.with_session_token(token);
    }
    let params =
        SigningParams::new(&service, &region, &input.date, &input.nonce).with_algorithm(algorithm);
    Signer::new()
        .sign(&mut request, &credentials, &params)
        .map_err(|e| e.to_string())?;
    let authorization = request.headers()[http::header::AUTHORIZATION]
        .to_str()
        .map_err(|e| e.to_string())?;
    Ok(authorization.to_owned())
}

fn main() -> ExitCode {
    match run() {
        Ok(authorization) => {
            println!("{authorization}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}
