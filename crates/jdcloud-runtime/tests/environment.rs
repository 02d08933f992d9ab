//! Configuration and credentials read from the environment. One test in its own process, because
//! the environment is shared by every thread of a test binary.

use jdcloud_runtime::{
    Config, ConfigErrorKind, Credentials, EnvironmentProvider, ProvideCredentials,
};

const VARIABLES: [&str; 5] = [
    "JDCLOUD_ACCESS_KEY",
    "JDCLOUD_SECRET_KEY",
    "JDCLOUD_SESSION_TOKEN",
    "JDCLOUD_REGION",
    "JDCLOUD_ENDPOINT",
];

fn set(pairs: &[(&str, &str)]) {
    for name in VARIABLES {
        std::env::remove_var(name);
    }
    for (name, value) in pairs {
        std::env::set_var(name, value);
    }
}

#[test]
fn the_environment_gives_credentials_region_and_endpoint() {
    set(&[]);
    let error = EnvironmentProvider::load().unwrap_err();
    assert_eq!(error.0, "JDCLOUD_ACCESS_KEY is not set");
    assert_eq!(
        Config::from_env().unwrap_err().kind(),
        ConfigErrorKind::Credentials
    );

    set(&[("JDCLOUD_ACCESS_KEY", " ak "), ("JDCLOUD_SECRET_KEY", "  ")]);
    assert_eq!(
        EnvironmentProvider::load().unwrap_err().0,
        "JDCLOUD_SECRET_KEY is not set",
        "a blank value is no value"
    );

    set(&[
        ("JDCLOUD_ACCESS_KEY", " ak "),
        ("JDCLOUD_SECRET_KEY", "sk\n"),
    ]);
    assert_eq!(
        EnvironmentProvider::load(),
        Ok(Credentials::new("ak", "sk"))
    );
    let config = Config::from_env().unwrap();
    assert_eq!(config.region(), jdcloud_runtime::DEFAULT_REGION);
    assert!(
        format!("{config:?}").contains("endpoint_url: None"),
        "{config:?}"
    );

    set(&[
        ("JDCLOUD_ACCESS_KEY", "ak"),
        ("JDCLOUD_SECRET_KEY", "sk-secret-value"),
        ("JDCLOUD_SESSION_TOKEN", " token "),
        ("JDCLOUD_REGION", " cn-south-1 "),
        ("JDCLOUD_ENDPOINT", "http://127.0.0.1:9/"),
    ]);
    let expected = Credentials::new("ak", "sk-secret-value").with_session_token("token");
    assert_eq!(EnvironmentProvider::load(), Ok(expected.clone()));
    let provided = futures::executor::block_on(EnvironmentProvider.provide());
    assert_eq!(provided, Ok(expected));
    // An http:// endpoint from the environment is its own opt-in to plain HTTP.
    let config = Config::from_env().unwrap();
    assert_eq!(config.region(), "cn-south-1");
    let debug = format!("{config:?}");
    assert!(
        debug.contains("endpoint_url: Some(\"http://127.0.0.1:9\")"),
        "{debug}"
    );
    assert!(
        !debug.contains("sk-secret-value") && !debug.contains("token\""),
        "{debug}"
    );

    set(&[
        ("JDCLOUD_ACCESS_KEY", "ak"),
        ("JDCLOUD_SECRET_KEY", "sk"),
        ("JDCLOUD_ENDPOINT", "https://gateway.example"),
    ]);
    let builder = Config::builder_from_env().unwrap();
    assert_eq!(
        builder
            .endpoint_url("http://127.0.0.1:9")
            .build()
            .unwrap_err()
            .kind(),
        ConfigErrorKind::Endpoint,
        "an https endpoint from the environment does not allow plain HTTP"
    );
    set(&[]);
}
