//! What the generated crates' public API must refuse at compile time, checked against the compiler's
//! messages in `tests/ui/*.stderr` (`TRYBUILD=overwrite` rewrites them after a reviewed change). What
//! must compile beside each case is in `src/api_rules.rs`, as doctests.

#[test]
fn the_public_api_refuses_what_would_break_users() {
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/*.rs");
}

fn send_and_sync<T: Send + Sync>() {}

fn send<T: Send>(_: &T) {}

/// Clients, request builders, models, builders, settings and errors can be shared across tasks; the
/// futures and streams of calls can be spawned on a multi-threaded runtime.
#[test]
fn what_users_hold_is_send_and_sync_and_what_they_await_is_send() {
    use jdcloud_redis::operations::describe_backups::{DescribeBackups, DescribeBackupsResult};
    use jdcloud_widget::operations::create_widget::{builders, CreateWidget, WidgetSpec};

    send_and_sync::<jdcloud_redis::Client>();
    send_and_sync::<DescribeBackups>();
    send_and_sync::<DescribeBackupsResult>();
    send_and_sync::<CreateWidget>();
    send_and_sync::<jdcloud_widget::operations::create_widget::CreateWidgetInput>();
    send_and_sync::<WidgetSpec>();
    send_and_sync::<builders::WidgetSpec>();
    send_and_sync::<jdcloud_redis::Config>();
    send_and_sync::<jdcloud_redis::CallSettings>();
    send_and_sync::<jdcloud_redis::Error>();
    send_and_sync::<jdcloud_redis::ServiceError>();
    send_and_sync::<jdcloud_redis::BuildError>();
    send_and_sync::<jdcloud_redis::ConfigError>();
    send_and_sync::<jdcloud_redis::ErrorCode>();

    let config = jdcloud_redis::Config::builder()
        .credentials(jdcloud_redis::Credentials::new("ak", "sk"))
        .build()
        .unwrap();
    let client = jdcloud_redis::Client::new(config).unwrap();
    let call = client.describe_backups("cn-north-1", "redis-1").send();
    send(&call);
    let pages = client
        .describe_backups("cn-north-1", "redis-1")
        .into_stream();
    send(&pages);
    send(&pages.items());
}

/// The error classes the generated docs link as `ErrorCode` variants are the runtime's, by name and by
/// wire string, and every runtime class is one the emitter knows.
#[test]
fn the_emitters_error_classes_are_the_runtimes() {
    use jdcloud_runtime::ErrorCode;
    for (class, variant) in jdcloud_codegen::ERROR_CLASSES {
        let code = ErrorCode::from_status(class);
        assert_eq!(format!("{code:?}"), *variant, "{class}");
        assert_eq!(code.as_str(), *class);
    }
    let emitted: Vec<&str> = jdcloud_codegen::ERROR_CLASSES
        .iter()
        .map(|(c, _)| *c)
        .collect();
    assert_eq!(ErrorCode::known_classes().collect::<Vec<_>>(), emitted);
    assert_eq!(
        ErrorCode::from_status("SOMETHING_NEW"),
        ErrorCode::Unknown("SOMETHING_NEW".to_owned())
    );
    assert_eq!(ErrorCode::from_status("not_found").as_str(), "not_found");
}
