//! The exact wire form of generated requests (method, path, query, JSON body, headers), sent by the
//! generated crates to a loopback server, and the typed decoding of their replies.

use futures::StreamExt;
use jdcloud_tests::server::{Action, Server};
use jdcloud_widget::operations::create_widget::WidgetSpec;
use jdcloud_widget::operations::describe_widgets::Filter;
use jdcloud_widget::types::{ChargeSpec, Part, Sort, Tag};

fn config(server: &Server) -> jdcloud_runtime::Config {
    jdcloud_runtime::Config::builder()
        .endpoint_url(server.url())
        .allow_http(true)
        .credentials(jdcloud_runtime::Credentials::new("AKID", "secret"))
        .build()
        .unwrap()
}

fn reply(body: &str) -> Action {
    Action::Reply(200, vec![], body.to_owned())
}

#[tokio::test]
async fn seed_operation() {
    let server = Server::start(vec![reply(
        r#"{"requestId":"req-1","result":{"totalCount":1,"backups":[{"baseId":"b-1","backupSize":12345678901,"backupType":1,"backupStatus":2,"unknownField":true}]}}"#,
    )])
    .await;
    let client = jdcloud_redis::Client::new(config(&server)).unwrap();
    let response = client
        .describe_backups("cn-north-1", "redis-abc")
        .page_number(2)
        .page_size(20)
        .start_time("2026-11-01T00:00:00Z")
        .send()
        .await
        .unwrap();
    let seen = &server.seen()[0];
    assert_eq!(seen.method, "GET");
    assert_eq!(
        seen.target,
        "/v1/regions/cn-north-1/cacheInstance/redis-abc/backup?pageNumber=2&pageSize=20&startTime=2026-11-01T00%3A00%3A00Z"
    );
    assert_eq!(seen.body, "");
    let auth = seen.header("authorization").unwrap();
    assert!(
        auth.contains("/cn-north-1/redis/jdcloud3_request"),
        "{auth}"
    );

    assert_eq!(response.request_id, "req-1");
    let backups = response.result.backups.unwrap();
    assert_eq!(backups[0].base_id.as_deref(), Some("b-1"));
    assert_eq!(backups[0].backup_size, Some(12_345_678_901));
    assert_eq!(backups[0].backup_file_name, None);
    assert_eq!(response.result.total_count, Some(1));
}

#[tokio::test]
async fn post_with_nested_body_arrays_of_models_and_a_header() {
    let server = Server::start(vec![reply(
        r#"{"requestId":"req-2","result":{"widgetId":"w-1"}}"#,
    )])
    .await;
    let client = jdcloud_widget::Client::new(config(&server)).unwrap();
    let spec = WidgetSpec::builder()
        .name("gear")
        .parts(vec![
            Part::builder().sku("cog").quantity(2).build().unwrap(),
            Part::builder().sku("axle").build().unwrap(),
        ])
        .charge(
            ChargeSpec::builder()
                .charge_mode("prepaid_by_duration")
                .charge_duration(3)
                .build(),
        )
        .tags(vec![Tag::builder()
            .key("team")
            .value("a b")
            .build()
            .unwrap()])
        .build()
        .unwrap();
    let response = client
        .create_widget("cn-north-1", spec)
        .x_jdcloud_channel("vod")
        .client_token("token-1")
        .send()
        .await
        .unwrap();
    assert_eq!(response.result.widget_id.as_deref(), Some("w-1"));
    let seen = &server.seen()[0];
    assert_eq!(seen.method, "POST");
    assert_eq!(seen.target, "/v1/regions/cn-north-1/widgets:create");
    assert_eq!(
        seen.body,
        r#"{"widgetSpec":{"name":"gear","parts":[{"sku":"cog","quantity":2},{"sku":"axle"}],"charge":{"chargeMode":"prepaid_by_duration","chargeDuration":3},"tags":[{"key":"team","value":"a b"}]},"clientToken":"token-1"}"#
    );
    assert_eq!(seen.header("content-type"), Some("application/json"));
    assert_eq!(seen.header("x-jdcloud-channel"), Some("vod"));
    let signed = seen.header("authorization").unwrap();
    assert!(
        signed.contains("x-jdcloud-channel"),
        "header parameters are signed: {signed}"
    );
}

#[tokio::test]
async fn query_of_lists_and_models() {
    let server = Server::start(vec![reply(
        r#"{"requestId":"r","result":{"widgets":[],"totalCount":0}}"#,
    )])
    .await;
    let client = jdcloud_widget::Client::new(config(&server)).unwrap();
    client
        .describe_widgets("cn-north-1")
        .widget_ids(vec!["w-1".to_owned(), "w-2".to_owned()])
        .filters(vec![Filter::builder()
            .name("name")
            .operator("like")
            .values(vec!["gear".to_owned(), "cog wheel".to_owned()])
            .build()
            .unwrap()])
        .sorts(vec![Sort::builder()
            .name("createTime")
            .direction("desc")
            .build()])
        .include_deleted(false)
        .send()
        .await
        .unwrap();
    assert_eq!(
        server.seen()[0].target,
        "/v1/regions/cn-north-1/widgets?widgetIds.1=w-1&widgetIds.2=w-2&filters.1.name=name&filters.1.operator=like\
         &filters.1.values.1=gear&filters.1.values.2=cog%20wheel&sorts.1.name=createTime&sorts.1.direction=desc\
         &includeDeleted=false"
    );
}

#[tokio::test]
async fn pages_until_the_total_is_reached() {
    let page = |ids: &[&str]| {
        let widgets: Vec<String> = ids
            .iter()
            .map(|id| format!(r#"{{"widgetId":"{id}"}}"#))
            .collect();
        reply(&format!(
            r#"{{"requestId":"r","result":{{"widgets":[{}],"totalCount":5}}}}"#,
            widgets.join(",")
        ))
    };
    let server = Server::start(vec![page(&["a", "b"]), page(&["c", "d"]), page(&["e"])]).await;
    let client = jdcloud_widget::Client::new(config(&server)).unwrap();
    let ids: Vec<String> = client
        .describe_widgets("cn-north-1")
        .page_size(2)
        .into_stream()
        .items()
        .map(|widget| widget.unwrap().widget_id.unwrap())
        .collect()
        .await;
    assert_eq!(ids, ["a", "b", "c", "d", "e"]);
    let targets: Vec<String> = server.seen().into_iter().map(|s| s.target).collect();
    assert_eq!(
        targets,
        [
            "/v1/regions/cn-north-1/widgets?pageNumber=1&pageSize=2",
            "/v1/regions/cn-north-1/widgets?pageNumber=2&pageSize=2",
            "/v1/regions/cn-north-1/widgets?pageNumber=3&pageSize=2",
        ]
    );
}

#[tokio::test]
async fn patch_with_a_custom_action_and_path_parameters_from_the_request_table() {
    let server = Server::start(vec![reply(
        r#"{"requestId":"r","result":{"orderId":"o-1"}}"#,
    )])
    .await;
    let client = jdcloud_widget::Client::new(config(&server)).unwrap();
    let response = client
        .modify_widget_class("cn-north-1", "w/1", "w.large")
        .send()
        .await
        .unwrap();
    assert_eq!(response.result.order_id.as_deref(), Some("o-1"));
    let seen = &server.seen()[0];
    assert_eq!(seen.method, "PATCH");
    assert_eq!(
        seen.target,
        "/v1/regions/cn-north-1/widgets/w%2F1:modifyWidgetClass"
    );
    assert_eq!(seen.body, r#"{"widgetClass":"w.large"}"#);
}

#[tokio::test]
async fn head_and_delete_take_the_request_id_from_the_header() {
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
    ])
    .await;
    let client = jdcloud_widget::Client::new(config(&server)).unwrap();
    let head = client
        .describe_widget_stats("cn-north-1", "w-1")
        .x_widget_trace("trace-9")
        .send()
        .await
        .unwrap();
    assert_eq!(head.request_id, "head-1");
    let delete = client
        .delete_widget("cn-north-1", "w-1")
        .send()
        .await
        .unwrap();
    assert_eq!(
        (delete.request_id.as_str(), delete.http_status),
        ("del-1", 204)
    );
    let seen = server.seen();
    assert_eq!(
        (seen[0].method.as_str(), seen[0].target.as_str()),
        ("HEAD", "/v1/regions/cn-north-1/widgets/w-1/stats")
    );
    assert_eq!(seen[0].header("x-widget-trace"), Some("trace-9"));
    assert_eq!(
        (seen[1].method.as_str(), seen[1].target.as_str()),
        ("DELETE", "/v1/regions/cn-north-1/widgets/w-1")
    );
}

#[tokio::test]
async fn a_body_model_parameter_is_the_body_and_the_revision_is_in_the_user_agent() {
    let server = Server::start(vec![reply(r#"{"requestId":"req-9"}"#)]).await;
    let client = jdcloud_depot::Client::new(config(&server)).unwrap();
    let spec = jdcloud_depot::types::RegistrySpec::builder()
        .tier("basic")
        .build()
        .unwrap();
    client
        .create_registry("cn-north-1", "images")
        .spec(spec)
        .send()
        .await
        .unwrap();
    let seen = &server.seen()[0];
    assert_eq!(
        (seen.method.as_str(), seen.target.as_str()),
        ("POST", "/v1/regions/cn-north-1/registries")
    );
    // The fields of the `body` model at the top level, exactly those given; no `body` wrapper.
    let body: serde_json::Value = serde_json::from_str(&seen.body).unwrap();
    assert_eq!(
        body,
        serde_json::json!({"registryName": "images", "spec": {"tier": "basic"}})
    );
    let agent = seen.header("user-agent").unwrap();
    assert!(agent.ends_with(" depot/0.10.2"), "{agent}");
}

#[tokio::test]
async fn an_operation_without_parameters_and_one_read_without_a_heading() {
    let server = Server::start(vec![
        reply(r#"{"requestId":"req-10","result":{"regions":["cn-north-1"]}}"#),
        reply(r#"{"requestId":"req-11","result":{"limit":10,"used":3,"requestId":"req-11"}}"#),
    ])
    .await;
    let client = jdcloud_depot::Client::new(config(&server)).unwrap();
    let regions = client.describe_regions().send().await.unwrap();
    assert_eq!(regions.result.regions.unwrap(), ["cn-north-1"]);
    let quota = client
        .describe_quota("cn-north-1", "registry")
        .send()
        .await
        .unwrap();
    assert_eq!((quota.result.limit, quota.result.used), (Some(10), Some(3)));
    let seen = server.seen();
    assert_eq!(
        (seen[0].method.as_str(), seen[0].target.as_str()),
        ("GET", "/v1/regions")
    );
    assert_eq!(
        seen[1].target,
        "/v1/regions/cn-north-1/quotas?resource=registry"
    );
}

#[tokio::test]
async fn a_host_outside_jdcloud_api_and_a_doubled_version_prefix() {
    let server = Server::start(vec![reply(
        r#"{"requestId":"req-12","result":{"beaconId":"b-1"}}"#,
    )])
    .await;
    let client = jdcloud_beacon::Client::new(config(&server)).unwrap();
    let made = client.create_beacon("north").send().await.unwrap();
    assert_eq!(made.result.beacon_id.as_deref(), Some("b-1"));
    let seen = &server.seen()[0];
    assert_eq!(seen.target, "/v1/beacons");
    assert_eq!(jdcloud_beacon::SERVICE.host, "beacon.cn-north-1.jcloud.com");
    let auth = seen.header("authorization").unwrap();
    assert!(auth.contains("/beacon/jdcloud3_request"), "{auth}");
}

/// A body model built with only its required fields sends only them: no empty strings or zeros for
/// what was not given (what `Default` used to let through).
#[tokio::test]
async fn a_model_built_with_its_required_fields_sends_exactly_those() {
    let server = Server::start(vec![reply(r#"{"requestId":"req-3","result":{}}"#)]).await;
    let client = jdcloud_widget::Client::new(config(&server)).unwrap();
    let spec = WidgetSpec::builder().name("gear").build().unwrap();
    client
        .create_widget("cn-north-1", spec)
        .send()
        .await
        .unwrap();
    assert_eq!(server.seen()[0].body, r#"{"widgetSpec":{"name":"gear"}}"#);

    // Left out, the required field is named before anything is sent.
    let error = WidgetSpec::builder()
        .set_name(None)
        .parts(vec![])
        .build()
        .unwrap_err();
    assert_eq!(
        error.to_string(),
        "`WidgetSpec` needs `name`, which was not set"
    );
    let error = jdcloud_widget::Error::from(error);
    assert!(!error.is_retryable());
    assert_eq!(server.seen().len(), 1);
}

fn unavailable() -> Action {
    Action::Reply(
        503,
        vec![],
        r#"{"requestId":"busy","error":{"code":503,"status":"UNAVAILABLE","message":"busy"}}"#
            .to_owned(),
    )
}

/// Settings given to one request builder apply to that call only.
#[tokio::test]
async fn per_call_settings_override_the_clients_for_that_call_only() {
    use jdcloud_runtime::{CallSettings, RetryConfig};
    use std::time::{Duration, Instant};

    let server = Server::start(vec![
        unavailable(),
        unavailable(),
        unavailable(),
        unavailable(),
    ])
    .await;
    let retrying = RetryConfig::default()
        .with_max_attempts(3)
        .with_initial_backoff(Duration::from_millis(1))
        .with_max_backoff(Duration::from_millis(5));
    let config = jdcloud_runtime::Config::builder()
        .endpoint_url(server.url())
        .allow_http(true)
        .credentials(jdcloud_runtime::Credentials::new("AKID", "secret"))
        .retry(retrying)
        .build()
        .unwrap();
    let client = jdcloud_redis::Client::new(config).unwrap();

    // No retries for this call: one request, and the service's error.
    let error = client
        .describe_backups("cn-north-1", "redis-abc")
        .with_settings(CallSettings::new().retry(RetryConfig::disabled()))
        .send()
        .await
        .unwrap_err();
    let service = error.as_service().expect("the service's error");
    assert_eq!(service.code(), jdcloud_runtime::ErrorCode::Unavailable);
    assert_eq!(server.seen().len(), 1);

    // The next call has the client's retries again: three attempts.
    let error = client
        .describe_backups("cn-north-1", "redis-abc")
        .send()
        .await
        .unwrap_err();
    assert_eq!(error.as_service().map(|e| e.http_status()), Some(503));
    assert_eq!(server.seen().len(), 4);

    // A per-call total timeout shorter than the service's answer ends the call at that timeout.
    let slow = Server::start(vec![Action::Slow(Duration::from_secs(5), 200, "{}".into())]).await;
    let config = jdcloud_runtime::Config::builder()
        .endpoint_url(slow.url())
        .allow_http(true)
        .credentials(jdcloud_runtime::Credentials::new("AKID", "secret"))
        .build()
        .unwrap();
    let client = jdcloud_redis::Client::new(config).unwrap();
    let started = Instant::now();
    let error = client
        .describe_backups("cn-north-1", "redis-abc")
        .with_settings(CallSettings::new().total_timeout(Duration::from_millis(200)))
        .send()
        .await
        .unwrap_err();
    assert!(
        matches!(error, jdcloud_runtime::Error::Timeout { .. }),
        "{error:?}"
    );
    assert!(
        started.elapsed() < Duration::from_secs(3),
        "{:?}",
        started.elapsed()
    );

    // Settings that allow no attempt are refused as configuration, before anything is sent.
    let error = client
        .describe_backups("cn-north-1", "redis-abc")
        .with_settings(CallSettings::new().retry(RetryConfig::default().with_max_attempts(0)))
        .send()
        .await
        .unwrap_err();
    match error {
        jdcloud_runtime::Error::Config(e) => {
            assert_eq!(e.kind(), jdcloud_runtime::ConfigErrorKind::Retry)
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(slow.seen().len(), 1);
}

/// A call by operation id with its input as JSON puts the same request on the wire as the typed
/// builder: the builder's input, serialized, is what `call_json` reads.
#[tokio::test]
async fn call_json_sends_what_the_typed_builder_sends() {
    let ok = || reply(r#"{"requestId":"r","result":{"widgetId":"w-1"}}"#);
    let server = Server::start(vec![ok(), ok(), ok()]).await;
    let client = jdcloud_widget::Client::new(config(&server)).unwrap();
    let spec = WidgetSpec::builder()
        .name("gear")
        .tags(vec![Tag::builder()
            .key("team")
            .value("a b")
            .build()
            .unwrap()])
        .build()
        .unwrap();
    let typed = client
        .create_widget("cn-north-1", spec)
        .x_jdcloud_channel("vod")
        .client_token("token-1");
    let input = serde_json::to_value(typed.as_input()).unwrap();
    assert_eq!(
        input,
        serde_json::json!({
            "regionId": "cn-north-1",
            "x-jdcloud-channel": "vod",
            "widgetSpec": {"name": "gear", "tags": [{"key": "team", "value": "a b"}]},
            "clientToken": "token-1",
        })
    );
    typed.send().await.unwrap();
    let by_id = client.call_json("createWidget", input).await.unwrap();
    assert_eq!(by_id.result, serde_json::json!({"widgetId": "w-1"}));
    let seen = server.seen();
    let (a, b) = (&seen[0], &seen[1]);
    assert_eq!(
        (&a.method, &a.target, &a.body),
        (&b.method, &b.target, &b.body)
    );
    assert_eq!(a.header("x-jdcloud-channel"), b.header("x-jdcloud-channel"));

    // Query parameters and paging inputs too.
    let listed = jdcloud_redis::Client::new(config(&server)).unwrap();
    let input = serde_json::json!({
        "regionId": "cn-north-1",
        "cacheInstanceId": "redis-abc",
        "pageNumber": 2,
        "startTime": "2026-11-01T00:00:00Z",
    });
    listed.call_json("describeBackups", input).await.unwrap();
    assert_eq!(
        server.seen()[2].target,
        "/v1/regions/cn-north-1/cacheInstance/redis-abc/backup?pageNumber=2&startTime=2026-11-01T00%3A00%3A00Z"
    );
    assert_eq!(jdcloud_redis::OPERATIONS, ["describeBackups"]);
}

/// What does not fit is refused before anything is sent, naming what is wrong.
#[tokio::test]
async fn call_json_refuses_unknown_operations_and_inputs_that_do_not_fit() {
    let server = Server::start(vec![]).await;
    let client = jdcloud_widget::Client::new(config(&server)).unwrap();
    let error = client
        .call_json("createGadget", serde_json::json!({}))
        .await
        .unwrap_err();
    assert!(
        matches!(&error, jdcloud_runtime::Error::UnknownOperation { operation } if operation == "createGadget"),
        "{error:?}"
    );
    for (input, says) in [
        (
            serde_json::json!({"widgetSpec": {"name": "gear"}}),
            "missing field `regionId`",
        ),
        (
            serde_json::json!({"regionId": "cn-north-1", "widgetSpec": {"name": "gear"}, "colour": "red"}),
            "unknown field `colour`",
        ),
        (
            serde_json::json!({"regionId": 7, "widgetSpec": {"name": "gear"}}),
            "invalid type: integer `7`, expected a string",
        ),
    ] {
        let error = client.call_json("createWidget", input).await.unwrap_err();
        match &error {
            jdcloud_runtime::Error::InvalidInput { operation, message } => {
                assert_eq!(operation, "createWidget");
                assert!(message.contains(says), "{message}");
            }
            other => panic!("{other:?}"),
        }
        assert!(!error.is_retryable());
    }
    assert!(server.seen().is_empty());
}

/// Fields whose names are those of the written-out `Deserialize` impl's own locals (`map`, `field`)
/// are read into the fields, and written back under their wire names.
#[test]
fn fields_named_like_the_readers_locals_keep_their_values() {
    let json = r#"{"field":"cpu","timestamp":7,"map":"north","value":0.5,"later":[1]}"#;
    let point: jdcloud_gauge::types::Point = serde_json::from_str(json).unwrap();
    assert_eq!(point.map.as_deref(), Some("north"));
    assert_eq!(point.field.as_deref(), Some("cpu"));
    assert_eq!((point.timestamp, point.value), (Some(7), Some(0.5)));
    assert_eq!(
        serde_json::to_string(&point).unwrap(),
        r#"{"timestamp":7,"value":0.5,"map":"north","field":"cpu"}"#
    );
}
