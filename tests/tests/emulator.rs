//! The model-driven emulator (`jdcloud-emulator`) serving the fixture services and the seed: every
//! operation called through its generated crate (by id, with sample values for every parameter) gets
//! a typed result; a request missing a required parameter gets a 400 naming it; a wrong key a 401;
//! and a service it has never seen, parsed from documents written in the test, is served too.

use jdcloud_emulator::{sample_input, Emulator, ACCESS_KEY, SECRET_KEY};
use jdcloud_model::{Location, Operation, Service};
use jdcloud_runtime::{Config, Credentials, Request, ServiceInfo};
use serde_json::{Map, Value};

fn model(path: &str) -> Service {
    let text = std::fs::read_to_string(jdcloud_tests::project_root().join(path)).unwrap();
    jdcloud_model::from_yaml(&text).unwrap()
}

fn config(url: &str, secret: &str) -> Config {
    Config::builder()
        .endpoint_url(url)
        .allow_http(true)
        .credentials(Credentials::new(ACCESS_KEY, secret))
        .retry(jdcloud_runtime::RetryConfig::disabled())
        .build()
        .unwrap()
}

fn leak(text: &str) -> &'static str {
    Box::leak(text.to_owned().into_boxed_str())
}

fn text(value: &Value) -> String {
    value
        .as_str()
        .map_or_else(|| value.to_string(), str::to_owned)
}

/// The request of `op` for `input` built by hand with the runtime, leaving out `omit`: what no
/// generated crate would send.
fn request_without(op: &Operation, input: &Value, omit: &str) -> Request {
    let method =
        jdcloud_runtime::__private::http::Method::from_bytes(op.method.as_str().as_bytes())
            .unwrap();
    let mut request = Request::new(leak(&op.id), method, leak(&op.path));
    let (mut query, mut body) = (Map::new(), Map::new());
    for p in op
        .parameters
        .iter()
        .filter(|p| !p.set_by_runtime && p.name != omit)
    {
        let Some(value) = input.get(&p.name) else {
            continue;
        };
        match p.location {
            Location::Path => request = request.path_param(leak(&p.name), text(value)),
            Location::Header => request = request.header(leak(&p.name), text(value)),
            Location::Query => drop(query.insert(p.name.clone(), value.clone())),
            Location::Body => drop(body.insert(p.name.clone(), value.clone())),
            Location::Host => request = request.host_param(leak(&p.name), text(value)),
        }
    }
    if !query.is_empty() {
        request = request.query(&query);
    }
    if op.method.has_body() {
        request = request.json_body(&body);
    }
    request.signing_region("cn-north-1")
}

fn runtime_client(service: &Service, url: &str) -> jdcloud_runtime::Client {
    let info = ServiceInfo::new(
        leak(&service.name),
        leak(&service.endpoint.host),
        leak(&service.version),
    );
    jdcloud_runtime::Client::new(info, config(url, SECRET_KEY)).unwrap()
}

/// Every required parameter outside the path left out in turn: a 400 naming it. How many were tried.
async fn missing_parameters_are_named(service: &Service, url: &str) -> usize {
    let client = runtime_client(service, url);
    let mut tried = 0;
    for op in &service.operations {
        let input = sample_input(op);
        let required = op.parameters.iter().filter(|p| {
            p.required
                && !p.set_by_runtime
                && !matches!(p.location, Location::Path | Location::Host)
        });
        for p in required {
            let error = client
                .call::<Value>(request_without(op, &input, &p.name))
                .await
                .unwrap_err();
            let service_error = error
                .as_service()
                .unwrap_or_else(|| panic!("{}: {error:?}", op.id));
            assert_eq!(service_error.http_status(), 400, "{}: {error}", op.id);
            assert_eq!(
                service_error.code(),
                jdcloud_runtime::ErrorCode::InvalidArgument
            );
            assert!(
                service_error.message().contains(&format!("`{}`", p.name)),
                "{} without {}: {}",
                op.id,
                p.name,
                service_error.message()
            );
            tried += 1;
        }
    }
    tried
}

/// Every operation of one fixture crate through its generated `call_json`, then the refusals.
macro_rules! served {
    ($krate:ident, $model:expr) => {{
        let service = model($model);
        let emulator = Emulator::start(vec![service.clone()]).await;
        let client = $krate::Client::new(config(&emulator.url(), SECRET_KEY)).unwrap();
        let mut ids: Vec<&str> = $krate::OPERATIONS.to_vec();
        ids.sort_unstable();
        let mut documented: Vec<&str> = service.operations.iter().map(|o| o.id.as_str()).collect();
        documented.sort_unstable();
        assert_eq!(ids, documented);
        for op in &service.operations {
            let response = client
                .call_json(&op.id, sample_input(op))
                .await
                .unwrap_or_else(|e| panic!("{}: {e:?}", op.id));
            assert!(response.request_id.starts_with("emu-"), "{}", op.id);
        }
        let wrong = $krate::Client::new(config(&emulator.url(), "not-the-secret")).unwrap();
        let op = &service.operations[0];
        let error = wrong.call_json(&op.id, sample_input(op)).await.unwrap_err();
        let refused = error.as_service().expect("the emulator's answer");
        assert_eq!(
            (refused.http_status(), refused.status()),
            (401, Some("UNAUTHENTICATED"))
        );
        let tried = missing_parameters_are_named(&service, &emulator.url()).await;
        (service.operations.len(), tried)
    }};
}

#[tokio::test]
async fn every_fixture_operation_is_served_through_its_crate() {
    let mut operations = 0;
    let mut omitted = 0;
    for (ops, tried) in [
        served!(jdcloud_widget, "tests/fixtures/spec/widget.yaml"),
        served!(jdcloud_gauge, "tests/fixtures/spec/gauge.yaml"),
        served!(jdcloud_depot, "tests/fixtures/spec/depot.yaml"),
        served!(jdcloud_beacon, "tests/fixtures/spec/beacon.yaml"),
        served!(jdcloud_ledger, "tests/fixtures/spec/ledger.yaml"),
        served!(jdcloud_redis, "spec/redis.yaml"),
    ] {
        operations += ops;
        omitted += tried;
    }
    assert_eq!(operations, 19);
    assert!(
        omitted >= 3,
        "only {omitted} required parameters outside paths were tried"
    );
}

const GADGETS: &str = "# describeGadgets

## Description
Lists the gadgets of a kind.

## Request Method
GET

## Request Address
https://gadget.jdcloud-api.com/v1/regions/{regionId}/gadgets

|Name|Type|Required or Not|Description|
|---|---|---|---|
|**regionId**|String|True|Region|

## Request Parameter
|Name|Type|Required or Not|Description|
|---|---|---|---|
|**kind**|Integer|True|Which kind|
|**tags**|String[]|False|Tags to match|

## Return Parameter
|Name|Type|Description|
|---|---|---|
|**result**|[Result](#Result)| |
|**requestId**|String| |

### <a name=\"Result\">Result</a>
|Name|Type|Description|
|---|---|---|
|**gadgets**|[Gadget[]](#Gadget)|The gadgets|
|**totalCount**|Integer|How many|

### <a name=\"Gadget\">Gadget</a>
|Name|Type|Description|
|---|---|---|
|**id**|String|ID|
|**size**|Double|Size|
";

/// A service the project has no model or crate for: documents written here, parsed, served.
#[tokio::test]
async fn a_service_it_has_never_seen_is_served_from_its_model() {
    let parsed = jdcloud_parser::parse_tree(&[jdcloud_parser::Input {
        path: "gadget/describeGadgets.md".to_owned(),
        bytes: GADGETS.as_bytes().to_vec(),
    }]);
    assert_eq!(parsed.errors(), 0, "{:?}", parsed.diagnostics);
    let service = parsed.services[0].clone();
    let emulator = Emulator::start(vec![service.clone()]).await;
    let client = runtime_client(&service, &emulator.url());
    let get = || {
        Request::new(
            "describeGadgets",
            jdcloud_runtime::__private::http::Method::GET,
            "/v1/regions/{regionId}/gadgets",
        )
        .path_param("regionId", "cn-north-1")
        .signing_region("cn-north-1")
    };
    #[derive(serde::Serialize)]
    struct Query<'a> {
        kind: &'a str,
        tags: Vec<&'a str>,
    }
    let ok = client
        .call::<Value>(get().query(&Query {
            kind: "3",
            tags: vec!["a", "b"],
        }))
        .await
        .unwrap();
    assert_eq!(
        ok.result,
        serde_json::json!({"gadgets": [{"id": "id-1", "size": 1.5}], "totalCount": 1})
    );
    let error = client
        .call::<Value>(get().query(&Query {
            kind: "three",
            tags: vec![],
        }))
        .await
        .unwrap_err();
    let refused = error.as_service().unwrap();
    assert_eq!(refused.http_status(), 400);
    assert!(
        refused.message().contains("`kind` must be an int32"),
        "{}",
        refused.message()
    );
    let error = client.call::<Value>(get()).await.unwrap_err();
    assert!(
        error
            .as_service()
            .unwrap()
            .message()
            .contains("missing required parameter `kind`"),
        "{error}"
    );
    let unknown = Request::new(
        "describeWidgets",
        jdcloud_runtime::__private::http::Method::GET,
        "/v1/widgets",
    );
    let error = client.call::<Value>(unknown).await.unwrap_err();
    assert_eq!(error.as_service().map(|e| e.http_status()), Some(404));
}

/// Calls signed with the previous generation are checked too, with the emulator's own JDCLOUD2.
#[tokio::test]
async fn jdcloud2_signatures_are_checked_too() {
    let service = model("tests/fixtures/spec/widget.yaml");
    let emulator = Emulator::start(vec![service.clone()]).await;
    let signed_with = |algorithm, secret: &str| {
        let config = Config::builder()
            .endpoint_url(emulator.url())
            .allow_http(true)
            .credentials(Credentials::new(ACCESS_KEY, secret))
            .algorithm(algorithm)
            .retry(jdcloud_runtime::RetryConfig::disabled())
            .build()
            .unwrap();
        jdcloud_widget::Client::new(config).unwrap()
    };
    let v2 = signed_with(jdcloud_runtime::Algorithm::Jdcloud2, SECRET_KEY);
    for op in &service.operations {
        v2.call_json(&op.id, sample_input(op))
            .await
            .unwrap_or_else(|e| panic!("{}: {e:?}", op.id));
    }
    let wrong = signed_with(jdcloud_runtime::Algorithm::Jdcloud2, "not-the-secret");
    let op = &service.operations[0];
    let error = wrong.call_json(&op.id, sample_input(op)).await.unwrap_err();
    assert_eq!(error.as_service().map(|e| e.http_status()), Some(401));
    assert!(emulator.requests().iter().all(|r| r
        .header("authorization")
        .unwrap()
        .starts_with("JDCLOUD2-HMAC-SHA256 ")));
}
