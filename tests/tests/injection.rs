//! Values that could change the request's shape are encoded or refused, as seen on the wire: path
//! values with `/`, `..`, `%`, `?`, `#`; query values with `&`, `=` and non-ASCII text; header values
//! with CR or LF; host values that are not DNS labels.

use jdcloud_runtime::{Config, Credentials, Error};
use jdcloud_tests::server::{Action, Server};

fn config(server: &Server) -> Config {
    Config::builder()
        .endpoint_url(server.url())
        .allow_http(true)
        .credentials(Credentials::new("AK", "SK"))
        .build()
        .unwrap()
}

/// A transport that fails the test, naming the request, when anything reaches it.
#[derive(Debug)]
struct SendsNothing;

impl jdcloud_runtime::HttpTransport for SendsNothing {
    fn send(&self, request: http::Request<bytes::Bytes>) -> jdcloud_runtime::ResponseFuture<'_> {
        let uri = request.uri().to_string();
        Box::pin(async move { panic!("a request reached the transport: {uri}") })
    }
}

fn ok() -> Action {
    Action::Reply(200, vec![], r#"{"requestId":"r","result":{}}"#.into())
}

#[tokio::test]
async fn path_values_stay_one_segment() {
    let cases = [
        ("a/b", "/v1/regions/cn-north-1/widgets/a%2Fb"),
        (
            "../../admin",
            "/v1/regions/cn-north-1/widgets/..%2F..%2Fadmin",
        ),
        ("100%", "/v1/regions/cn-north-1/widgets/100%25"),
        ("what?x=1", "/v1/regions/cn-north-1/widgets/what%3Fx%3D1"),
        ("frag#ment", "/v1/regions/cn-north-1/widgets/frag%23ment"),
        (
            "sp ace+plus",
            "/v1/regions/cn-north-1/widgets/sp%20ace%2Bplus",
        ),
        ("京东", "/v1/regions/cn-north-1/widgets/%E4%BA%AC%E4%B8%9C"),
    ];
    let server = Server::start(vec![ok(); cases.len()]).await;
    let client = jdcloud_widget::Client::new(config(&server)).unwrap();
    for (value, _) in &cases {
        client
            .delete_widget("cn-north-1", *value)
            .send()
            .await
            .unwrap();
    }
    let targets: Vec<String> = server.seen().into_iter().map(|s| s.target).collect();
    let expected: Vec<&str> = cases.iter().map(|(_, t)| *t).collect();
    assert_eq!(targets, expected);
}

#[tokio::test]
async fn dot_segments_and_empty_values_are_refused() {
    let server = Server::start(vec![]).await;
    let client = jdcloud_widget::Client::new(config(&server)).unwrap();
    for value in ["..", ".", ""] {
        let error = client
            .delete_widget("cn-north-1", value)
            .send()
            .await
            .unwrap_err();
        assert!(
            matches!(error, Error::InvalidRequest(_)),
            "{value:?}: {error:?}"
        );
    }
    assert!(server.seen().is_empty(), "refused requests were sent");
}

#[tokio::test]
async fn query_values_are_encoded() {
    let server = Server::start(vec![ok()]).await;
    let client = jdcloud_widget::Client::new(config(&server)).unwrap();
    client
        .describe_widgets("cn-north-1")
        .widget_ids(vec![
            "a&b=c".to_owned(),
            "x=y&z".to_owned(),
            "缓存 ü".to_owned(),
            "p+q%r".to_owned(),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        server.seen()[0].target,
        "/v1/regions/cn-north-1/widgets?widgetIds.1=a%26b%3Dc&widgetIds.2=x%3Dy%26z\
         &widgetIds.3=%E7%BC%93%E5%AD%98%20%C3%BC&widgetIds.4=p%2Bq%25r"
    );
}

#[tokio::test]
async fn header_values_with_line_breaks_are_refused() {
    let server = Server::start(vec![ok()]).await;
    let client = jdcloud_widget::Client::new(config(&server)).unwrap();
    for value in ["a\r\nX-Injected: 1", "a\nb", "a\rb", "a\0b"] {
        let error = client
            .describe_widget_stats("cn-north-1", "w-1")
            .x_widget_trace(value)
            .send()
            .await
            .unwrap_err();
        assert!(
            matches!(error, Error::InvalidRequest(_)),
            "{value:?}: {error:?}"
        );
    }
    assert!(server.seen().is_empty(), "refused requests were sent");
    // An ordinary value goes through as it is.
    client
        .describe_widget_stats("cn-north-1", "w-1")
        .x_widget_trace("a b\tc")
        .send()
        .await
        .unwrap();
    assert_eq!(server.seen()[0].header("x-widget-trace"), Some("a b\tc"));
}

#[tokio::test]
async fn host_values_must_be_dns_labels() {
    // No endpoint override: the host comes from the template `gauge.{regionId}.jdcloud-api.com`. The
    // transport sends nothing, so a regression fails here instead of asking a real DNS server.
    let config = Config::builder()
        .credentials(Credentials::new("AK", "SK"))
        .transport(SendsNothing)
        .build()
        .unwrap();
    let client = jdcloud_gauge::Client::new(config).unwrap();
    for region in ["evil.example/", "a.b", "cn-north-1#", "", "x@y"] {
        let error = client
            .describe_metric_series(region, "cpu")
            .send()
            .await
            .unwrap_err();
        assert!(
            matches!(error, Error::InvalidRequest(_)),
            "{region:?}: {error:?}"
        );
    }
}
