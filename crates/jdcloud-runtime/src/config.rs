//! Client configuration: region, credentials, endpoints, user agent, timeouts, retries, signing.

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use crate::credentials::{ChainProvider, EnvironmentProvider, ProvideCredentials};
use crate::error::{ConfigError, ConfigErrorKind};
use crate::retry::RetryConfig;
use crate::signer::Algorithm;
use crate::transport::HttpTransport;

/// Environment variable holding the default region.
pub const REGION_ENV: &str = "JDCLOUD_REGION";
/// Environment variable sending every call to another base URL (a private endpoint, a local emulator).
/// Setting it to an `http://` URL is taken as the explicit opt-in to plain HTTP.
pub const ENDPOINT_ENV: &str = "JDCLOUD_ENDPOINT";
/// The region used when none is configured.
pub const DEFAULT_REGION: &str = "cn-north-1";

/// Timeouts of a call: `Timeouts::default().with_total(Duration::from_secs(5))`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Timeouts {
    /// Establishing a connection.
    pub connect: Duration,
    /// One attempt, from sending to the end of the reply body.
    pub attempt: Duration,
    /// The whole call, retries and backoff included.
    pub total: Duration,
}

impl Default for Timeouts {
    fn default() -> Self {
        Timeouts {
            connect: Duration::from_secs(5),
            attempt: Duration::from_secs(10),
            total: Duration::from_secs(60),
        }
    }
}

impl Timeouts {
    /// The same, with another connect timeout.
    pub fn with_connect(mut self, connect: Duration) -> Self {
        self.connect = connect;
        self
    }

    /// The same, with another timeout of one attempt.
    pub fn with_attempt(mut self, attempt: Duration) -> Self {
        self.attempt = attempt;
        self
    }

    /// The same, with another timeout of the whole call.
    pub fn with_total(mut self, total: Duration) -> Self {
        self.total = total;
        self
    }

    fn check(&self) -> Result<(), ConfigError> {
        if self.attempt.is_zero() || self.total.is_zero() {
            return Err(ConfigError::new(
                ConfigErrorKind::Timeouts,
                "timeouts must be longer than zero",
            ));
        }
        Ok(())
    }
}

/// Settings of one call that override the client's: set on a request builder with `with_settings`.
/// The connect timeout is the HTTP client's and cannot change per call.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct CallSettings {
    /// Timeout of one attempt, instead of the configured one.
    pub attempt_timeout: Option<Duration>,
    /// Timeout of the whole call, retries included, instead of the configured one.
    pub total_timeout: Option<Duration>,
    /// Retries, instead of the configured ones.
    pub retry: Option<RetryConfig>,
}

impl CallSettings {
    /// No overrides: the client's settings.
    pub fn new() -> Self {
        CallSettings::default()
    }

    /// This call's attempts time out after `timeout`.
    pub fn attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = Some(timeout);
        self
    }

    /// This call, retries included, times out after `timeout`.
    pub fn total_timeout(mut self, timeout: Duration) -> Self {
        self.total_timeout = Some(timeout);
        self
    }

    /// This call retries by `retry`.
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = Some(retry);
        self
    }

    /// The timeouts and retries of a call under `config` with these overrides, checked as the
    /// configuration's own are.
    pub(crate) fn resolve<'a>(
        &'a self,
        config: &'a Config,
    ) -> Result<(Timeouts, &'a RetryConfig), ConfigError> {
        let mut timeouts = config.timeouts;
        if let Some(attempt) = self.attempt_timeout {
            timeouts.attempt = attempt;
        }
        if let Some(total) = self.total_timeout {
            timeouts.total = total;
        }
        timeouts.check()?;
        let retry = self.retry.as_ref().unwrap_or(&config.retry);
        retry.check()?;
        Ok((timeouts, retry))
    }
}

/// Where calls go and how they are made. Build it with [`Config::builder`] or [`Config::from_env`].
#[derive(Clone)]
pub struct Config {
    pub(crate) region: String,
    pub(crate) credentials: Arc<dyn ProvideCredentials>,
    pub(crate) endpoint_url: Option<String>,
    pub(crate) service_endpoints: HashMap<String, String>,
    pub(crate) internal_endpoints: bool,
    pub(crate) user_agent_suffix: Option<String>,
    pub(crate) timeouts: Timeouts,
    pub(crate) retry: RetryConfig,
    pub(crate) algorithm: Algorithm,
    pub(crate) transport: Option<Arc<dyn HttpTransport>>,
    pub(crate) max_body_bytes: usize,
    pub(crate) clock: Arc<dyn Fn() -> SystemTime + Send + Sync>,
    pub(crate) nonce: Arc<dyn Fn() -> String + Send + Sync>,
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("region", &self.region)
            .field("credentials", &self.credentials)
            .field("endpoint_url", &self.endpoint_url)
            .field("service_endpoints", &self.service_endpoints)
            .field("internal_endpoints", &self.internal_endpoints)
            .field("user_agent_suffix", &self.user_agent_suffix)
            .field("timeouts", &self.timeouts)
            .field("retry", &self.retry)
            .field("algorithm", &self.algorithm)
            .field("transport", &self.transport)
            .field("max_body_bytes", &self.max_body_bytes)
            .finish_non_exhaustive()
    }
}

impl Config {
    /// A builder with defaults: region from nothing (`cn-north-1`), credentials from the environment,
    /// public HTTPS endpoints, JDCLOUD3 signing, 3 attempts.
    pub fn builder() -> ConfigBuilder {
        ConfigBuilder::default()
    }

    /// Credentials from `JDCLOUD_ACCESS_KEY` / `JDCLOUD_SECRET_KEY` (and `JDCLOUD_SESSION_TOKEN`), read
    /// now so that a missing key fails here, the region from `JDCLOUD_REGION`, and an endpoint override
    /// from `JDCLOUD_ENDPOINT`.
    pub fn from_env() -> Result<Config, ConfigError> {
        Config::builder_from_env()?.build()
    }

    /// A builder holding what the environment gives: credentials (read now), `JDCLOUD_REGION`, and
    /// `JDCLOUD_ENDPOINT` (an `http://` value allows plain HTTP), to adjust before building.
    pub fn builder_from_env() -> Result<ConfigBuilder, ConfigError> {
        let credentials = EnvironmentProvider::load()
            .map_err(|e| ConfigError::new(ConfigErrorKind::Credentials, e.to_string()))?;
        let mut builder = Config::builder().credentials(credentials);
        let read = |name: &str| {
            std::env::var(name)
                .ok()
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        if let Some(region) = read(REGION_ENV) {
            builder = builder.region(region);
        }
        if let Some(endpoint) = read(ENDPOINT_ENV) {
            builder = builder
                .allow_http(endpoint.starts_with("http://"))
                .endpoint_url(endpoint);
        }
        Ok(builder)
    }

    /// The configured region.
    pub fn region(&self) -> &str {
        &self.region
    }

    /// The timeouts.
    pub fn timeouts(&self) -> Timeouts {
        self.timeouts
    }

    /// The retry settings.
    pub fn retry(&self) -> &RetryConfig {
        &self.retry
    }
}

/// Builds a [`Config`].
#[derive(Default)]
pub struct ConfigBuilder {
    region: Option<String>,
    credentials: Option<Arc<dyn ProvideCredentials>>,
    endpoint_url: Option<String>,
    service_endpoints: HashMap<String, String>,
    internal_endpoints: bool,
    allow_http: bool,
    user_agent_suffix: Option<String>,
    timeouts: Option<Timeouts>,
    retry: Option<RetryConfig>,
    algorithm: Algorithm,
    transport: Option<Arc<dyn HttpTransport>>,
    max_body_bytes: Option<usize>,
    clock: Option<Arc<dyn Fn() -> SystemTime + Send + Sync>>,
    nonce: Option<Arc<dyn Fn() -> String + Send + Sync>>,
}

impl ConfigBuilder {
    /// The region of host templates (`monitor.{regionId}...`) and internal endpoints.
    pub fn region(mut self, region: impl Into<String>) -> Self {
        self.region = Some(region.into());
        self
    }

    /// Where credentials come from (a [`crate::Credentials`] value works too).
    pub fn credentials(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.credentials = Some(Arc::new(provider));
        self
    }

    /// Sends every service's calls to this base URL (`https://gateway.example`), for private endpoints
    /// and tests.
    pub fn endpoint_url(mut self, url: impl Into<String>) -> Self {
        self.endpoint_url = Some(url.into());
        self
    }

    /// Sends one service's calls to this base URL.
    pub fn service_endpoint(mut self, service: impl Into<String>, url: impl Into<String>) -> Self {
        self.service_endpoints.insert(service.into(), url.into());
        self
    }

    /// Uses the private-network hosts `{service}.internal.{regionId}.jdcloud-api.com`.
    pub fn internal_endpoints(mut self, internal: bool) -> Self {
        self.internal_endpoints = internal;
        self
    }

    /// Allows `http://` endpoint URLs (refused by default).
    pub fn allow_http(mut self, allow: bool) -> Self {
        self.allow_http = allow;
        self
    }

    /// Appended to the user agent (`JdcloudSdkRust/<version> <service>/<revision> <suffix>`).
    pub fn user_agent_suffix(mut self, suffix: impl Into<String>) -> Self {
        self.user_agent_suffix = Some(suffix.into());
        self
    }

    /// Connect, per-attempt and total timeouts.
    pub fn timeouts(mut self, timeouts: Timeouts) -> Self {
        self.timeouts = Some(timeouts);
        self
    }

    /// Retry settings.
    pub fn retry(mut self, retry: RetryConfig) -> Self {
        self.retry = Some(retry);
        self
    }

    /// The signing algorithm (JDCLOUD3 by default).
    pub fn algorithm(mut self, algorithm: Algorithm) -> Self {
        self.algorithm = algorithm;
        self
    }

    /// Replaces the HTTP transport.
    pub fn transport(mut self, transport: impl HttpTransport + 'static) -> Self {
        self.transport = Some(Arc::new(transport));
        self
    }

    /// Largest reply body accepted (64 MiB by default).
    pub fn max_body_bytes(mut self, max: usize) -> Self {
        self.max_body_bytes = Some(max);
        self
    }

    /// The clock used for `x-jdcloud-date` (tests).
    pub fn clock(mut self, clock: impl Fn() -> SystemTime + Send + Sync + 'static) -> Self {
        self.clock = Some(Arc::new(clock));
        self
    }

    /// The source of nonces (tests); a fresh UUID v4 per attempt by default.
    pub fn nonce_source(mut self, nonce: impl Fn() -> String + Send + Sync + 'static) -> Self {
        self.nonce = Some(Arc::new(nonce));
        self
    }

    /// Checks and builds the configuration.
    pub fn build(self) -> Result<Config, ConfigError> {
        for url in self
            .endpoint_url
            .iter()
            .chain(self.service_endpoints.values())
        {
            let uri: http::Uri = url
                .parse()
                .map_err(|e| endpoint_error(format!("endpoint `{url}` is not a URL: {e}")))?;
            match uri.scheme_str() {
                Some("https") => {}
                Some("http") if self.allow_http => {}
                Some("http") => {
                    return Err(endpoint_error(format!(
                        "endpoint `{url}` is plain http; allow it with allow_http(true)"
                    )))
                }
                _ => {
                    return Err(endpoint_error(format!(
                        "endpoint `{url}` needs an https:// scheme"
                    )))
                }
            }
            if uri.host().is_none() {
                return Err(endpoint_error(format!("endpoint `{url}` has no host")));
            }
        }
        let timeouts = self.timeouts.unwrap_or_default();
        timeouts.check()?;
        let retry = self.retry.unwrap_or_default();
        retry.check()?;
        Ok(Config {
            region: self.region.unwrap_or_else(|| DEFAULT_REGION.to_owned()),
            credentials: self
                .credentials
                .unwrap_or_else(|| Arc::new(ChainProvider::default())),
            endpoint_url: self
                .endpoint_url
                .map(|u| u.trim_end_matches('/').to_owned()),
            service_endpoints: self
                .service_endpoints
                .into_iter()
                .map(|(k, v)| (k, v.trim_end_matches('/').to_owned()))
                .collect(),
            internal_endpoints: self.internal_endpoints,
            user_agent_suffix: self.user_agent_suffix,
            timeouts,
            retry,
            algorithm: self.algorithm,
            transport: self.transport,
            max_body_bytes: self.max_body_bytes.unwrap_or(64 << 20),
            clock: self.clock.unwrap_or_else(|| Arc::new(SystemTime::now)),
            nonce: self
                .nonce
                .unwrap_or_else(|| Arc::new(|| uuid::Uuid::new_v4().to_string())),
        })
    }
}

fn endpoint_error(message: String) -> ConfigError {
    ConfigError::new(ConfigErrorKind::Endpoint, message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::credentials::Credentials;

    fn config() -> Config {
        Config::builder()
            .credentials(Credentials::new("ak", "sk"))
            .timeouts(
                Timeouts::default()
                    .with_attempt(Duration::from_secs(3))
                    .with_total(Duration::from_secs(9)),
            )
            .retry(RetryConfig::default().with_max_attempts(4))
            .build()
            .unwrap()
    }

    #[test]
    fn call_settings_override_only_what_they_set() {
        let config = config();
        let none = CallSettings::new();
        let (timeouts, retry) = none.resolve(&config).unwrap();
        assert_eq!(timeouts, config.timeouts);
        assert_eq!(retry.max_attempts, 4);

        let settings = CallSettings::new()
            .attempt_timeout(Duration::from_millis(200))
            .retry(RetryConfig::disabled());
        let (timeouts, retry) = settings.resolve(&config).unwrap();
        assert_eq!(timeouts.attempt, Duration::from_millis(200));
        assert_eq!(timeouts.total, Duration::from_secs(9));
        assert_eq!(retry.max_attempts, 1);

        let settings = CallSettings::new().total_timeout(Duration::from_secs(1));
        let (timeouts, _) = settings.resolve(&config).unwrap();
        assert_eq!(
            (timeouts.attempt, timeouts.total),
            (Duration::from_secs(3), Duration::from_secs(1))
        );
    }

    #[test]
    fn call_settings_are_checked_like_the_configuration() {
        let config = config();
        let zero = CallSettings::new().total_timeout(Duration::ZERO);
        assert_eq!(
            zero.resolve(&config).unwrap_err().kind(),
            ConfigErrorKind::Timeouts
        );
        let zero = CallSettings::new().attempt_timeout(Duration::ZERO);
        assert_eq!(
            zero.resolve(&config).unwrap_err().kind(),
            ConfigErrorKind::Timeouts
        );
        let none = CallSettings::new().retry(RetryConfig::default().with_max_attempts(0));
        assert_eq!(
            none.resolve(&config).unwrap_err().kind(),
            ConfigErrorKind::Retry
        );
    }

    /// A transport that is never called: the tests only check that it is kept.
    #[derive(Debug)]
    struct Unused;

    impl HttpTransport for Unused {
        fn send(&self, _: http::Request<bytes::Bytes>) -> crate::transport::ResponseFuture<'_> {
            unreachable!("the configuration tests send nothing")
        }
    }

    #[test]
    fn every_setting_reaches_the_configuration() {
        let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_600_000_000);
        let timeouts = Timeouts::default()
            .with_connect(Duration::from_secs(2))
            .with_attempt(Duration::from_secs(4))
            .with_total(Duration::from_secs(8));
        let config = Config::builder()
            .region("cn-east-2")
            .credentials(Credentials::new("ak", "sk").with_session_token("tok"))
            .endpoint_url("http://127.0.0.1:8000/")
            .service_endpoint("vm", "https://vm.gateway.example//")
            .internal_endpoints(true)
            .allow_http(true)
            .user_agent_suffix("app/1.0")
            .timeouts(timeouts)
            .retry(RetryConfig::default().with_max_attempts(5))
            .algorithm(Algorithm::Jdcloud2)
            .transport(Unused)
            .max_body_bytes(1024)
            .clock(move || at)
            .nonce_source(|| "fixed-nonce".to_owned())
            .build()
            .unwrap();
        assert_eq!(config.region(), "cn-east-2");
        let credentials = futures::executor::block_on(config.credentials.provide()).unwrap();
        assert_eq!(
            credentials,
            Credentials::new("ak", "sk").with_session_token("tok")
        );
        assert_eq!(
            config.endpoint_url.as_deref(),
            Some("http://127.0.0.1:8000")
        );
        assert_eq!(
            config.service_endpoints,
            HashMap::from([("vm".to_owned(), "https://vm.gateway.example".to_owned())])
        );
        assert!(config.internal_endpoints);
        assert_eq!(config.user_agent_suffix.as_deref(), Some("app/1.0"));
        assert_eq!(config.timeouts(), timeouts);
        assert_eq!(config.timeouts.connect, Duration::from_secs(2));
        assert_eq!(config.retry().max_attempts, 5);
        assert_eq!(config.algorithm, Algorithm::Jdcloud2);
        assert!(format!("{:?}", config.transport).contains("Unused"));
        assert_eq!(config.max_body_bytes, 1024);
        assert_eq!((config.clock)(), at);
        assert_eq!((config.nonce)(), "fixed-nonce");
    }

    #[test]
    fn defaults_are_documented_ones() {
        let config = Config::builder().build().unwrap();
        assert_eq!(config.region(), DEFAULT_REGION);
        assert!(format!("{:?}", config.credentials).contains("EnvironmentProvider"));
        assert_eq!(config.endpoint_url, None);
        assert!(config.service_endpoints.is_empty());
        assert!(!config.internal_endpoints);
        assert_eq!(config.user_agent_suffix, None);
        let timeouts = config.timeouts();
        assert_eq!(
            (timeouts.connect, timeouts.attempt, timeouts.total),
            (
                Duration::from_secs(5),
                Duration::from_secs(10),
                Duration::from_secs(60)
            )
        );
        assert_eq!(config.retry(), &RetryConfig::default());
        assert_eq!(config.retry().max_attempts, 3);
        assert_eq!(config.algorithm, Algorithm::Jdcloud3);
        assert!(config.transport.is_none());
        assert_eq!(config.max_body_bytes, 64 << 20);
        let now = SystemTime::now();
        let clock = (config.clock)();
        let apart = clock.duration_since(now).unwrap_or_else(|e| e.duration());
        assert!(
            apart < Duration::from_secs(60),
            "the default clock is the system's"
        );
        let (a, b) = ((config.nonce)(), (config.nonce)());
        assert_ne!(a, b, "a fresh nonce each time");
        let uuid = uuid::Uuid::parse_str(&a).unwrap();
        assert_eq!(uuid.get_version_num(), 4);
    }

    #[test]
    fn plain_http_needs_the_opt_in_for_every_endpoint() {
        let kind = |builder: ConfigBuilder| builder.build().map(|_| ()).map_err(|e| e.kind());
        let plain = Config::builder()
            .service_endpoint("vm", "http://127.0.0.1:1")
            .build()
            .unwrap_err();
        assert_eq!(plain.kind(), ConfigErrorKind::Endpoint);
        assert_eq!(
            plain.message(),
            "endpoint `http://127.0.0.1:1` is plain http; allow it with allow_http(true)",
            "the error names the opt-in"
        );
        let other = Config::builder()
            .endpoint_url("ftp://gateway.example")
            .build()
            .unwrap_err();
        assert_eq!(
            other.message(),
            "endpoint `ftp://gateway.example` needs an https:// scheme"
        );
        assert_eq!(
            kind(
                Config::builder()
                    .service_endpoint("vm", "http://127.0.0.1:1")
                    .allow_http(true)
            ),
            Ok(())
        );
        assert_eq!(
            kind(Config::builder().endpoint_url("ftp://gateway.example")),
            Err(ConfigErrorKind::Endpoint)
        );
        assert_eq!(
            kind(Config::builder().endpoint_url("/no/host")),
            Err(ConfigErrorKind::Endpoint)
        );
    }

    #[test]
    fn configuration_errors_have_kinds() {
        let kind = |builder: ConfigBuilder| builder.build().unwrap_err().kind();
        assert_eq!(
            kind(Config::builder().endpoint_url("not a url")),
            ConfigErrorKind::Endpoint
        );
        assert_eq!(
            kind(Config::builder().endpoint_url("http://127.0.0.1:1")),
            ConfigErrorKind::Endpoint
        );
        assert_eq!(
            kind(Config::builder().timeouts(Timeouts::default().with_attempt(Duration::ZERO))),
            ConfigErrorKind::Timeouts
        );
        assert_eq!(
            kind(Config::builder().retry(RetryConfig::default().with_max_attempts(0))),
            ConfigErrorKind::Retry
        );
    }
}
