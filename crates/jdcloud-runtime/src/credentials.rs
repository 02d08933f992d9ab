//! Credentials and where they come from.

use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;

use secrecy::{ExposeSecret, SecretString};

/// Environment variable holding the access key.
pub const ACCESS_KEY_ENV: &str = "JDCLOUD_ACCESS_KEY";
/// Environment variable holding the secret key.
pub const SECRET_KEY_ENV: &str = "JDCLOUD_SECRET_KEY";
/// Environment variable holding an optional session token.
pub const SESSION_TOKEN_ENV: &str = "JDCLOUD_SESSION_TOKEN";

/// An access key, its secret, and optionally a session token. `Debug` shows the access key only.
#[derive(Clone)]
pub struct Credentials {
    access_key: String,
    secret_key: SecretString,
    session_token: Option<SecretString>,
}

impl Credentials {
    /// Long-lived keys.
    pub fn new(access_key: impl Into<String>, secret_key: impl Into<String>) -> Self {
        Credentials {
            access_key: access_key.into(),
            secret_key: SecretString::from(secret_key.into()),
            session_token: None,
        }
    }

    /// Adds a session token (temporary credentials); it is sent base64-encoded in
    /// `x-jdcloud-security-token` and signed.
    pub fn with_session_token(mut self, token: impl Into<String>) -> Self {
        self.session_token = Some(SecretString::from(token.into()));
        self
    }

    /// The access key (public).
    pub fn access_key(&self) -> &str {
        &self.access_key
    }

    /// The secret key.
    pub fn secret_key(&self) -> &SecretString {
        &self.secret_key
    }

    /// The session token, if any.
    pub fn session_token(&self) -> Option<&SecretString> {
        self.session_token.as_ref()
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("access_key", &self.access_key)
            .field("secret_key", &"** redacted **")
            .field(
                "session_token",
                &self.session_token.as_ref().map(|_| "** redacted **"),
            )
            .finish()
    }
}

impl PartialEq for Credentials {
    fn eq(&self, other: &Self) -> bool {
        self.access_key == other.access_key
            && self.secret_key.expose_secret() == other.secret_key.expose_secret()
            && self.session_token.as_ref().map(ExposeSecret::expose_secret)
                == other
                    .session_token
                    .as_ref()
                    .map(ExposeSecret::expose_secret)
    }
}

/// Credentials could not be found or loaded.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("no credentials: {0}")]
pub struct CredentialsError(pub String);

/// A boxed future of credentials.
pub type CredentialsFuture<'a> =
    Pin<Box<dyn Future<Output = Result<Credentials, CredentialsError>> + Send + 'a>>;

/// Something that hands out credentials, asked before every attempt (so that rotating providers work).
pub trait ProvideCredentials: Send + Sync + fmt::Debug {
    /// The credentials to sign with now.
    fn provide(&self) -> CredentialsFuture<'_>;
}

impl ProvideCredentials for Credentials {
    fn provide(&self) -> CredentialsFuture<'_> {
        let credentials = self.clone();
        Box::pin(async move { Ok(credentials) })
    }
}

/// Reads `JDCLOUD_ACCESS_KEY`, `JDCLOUD_SECRET_KEY` and optionally `JDCLOUD_SESSION_TOKEN`.
#[derive(Debug, Default, Clone, Copy)]
pub struct EnvironmentProvider;

impl EnvironmentProvider {
    /// Reads the variables now.
    pub fn load() -> Result<Credentials, CredentialsError> {
        let read = |name: &str| std::env::var(name).ok().filter(|v| !v.trim().is_empty());
        let access_key = read(ACCESS_KEY_ENV)
            .ok_or_else(|| CredentialsError(format!("{ACCESS_KEY_ENV} is not set")))?;
        let secret_key = read(SECRET_KEY_ENV)
            .ok_or_else(|| CredentialsError(format!("{SECRET_KEY_ENV} is not set")))?;
        let mut credentials = Credentials::new(access_key.trim(), secret_key.trim());
        if let Some(token) = read(SESSION_TOKEN_ENV) {
            credentials = credentials.with_session_token(token.trim());
        }
        Ok(credentials)
    }
}

impl ProvideCredentials for EnvironmentProvider {
    fn provide(&self) -> CredentialsFuture<'_> {
        Box::pin(async { EnvironmentProvider::load() })
    }
}

/// Tries providers in order and uses the first that has credentials. The default chain is the
/// environment alone; add providers with [`ChainProvider::or`].
#[derive(Debug, Clone)]
pub struct ChainProvider {
    providers: Vec<Arc<dyn ProvideCredentials>>,
}

impl Default for ChainProvider {
    fn default() -> Self {
        ChainProvider {
            providers: vec![Arc::new(EnvironmentProvider)],
        }
    }
}

impl ChainProvider {
    /// An empty chain.
    pub fn empty() -> Self {
        ChainProvider {
            providers: Vec::new(),
        }
    }

    /// Adds a provider at the end of the chain.
    pub fn or(mut self, provider: impl ProvideCredentials + 'static) -> Self {
        self.providers.push(Arc::new(provider));
        self
    }
}

impl ProvideCredentials for ChainProvider {
    fn provide(&self) -> CredentialsFuture<'_> {
        Box::pin(async move {
            let mut reasons = Vec::new();
            for provider in &self.providers {
                match provider.provide().await {
                    Ok(credentials) => return Ok(credentials),
                    Err(CredentialsError(reason)) => reasons.push(reason),
                }
            }
            Err(CredentialsError(if reasons.is_empty() {
                "the provider chain is empty".to_owned()
            } else {
                reasons.join("; ")
            }))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_hides_secrets() {
        let credentials = Credentials::new("AK", "very-secret").with_session_token("token-value");
        let text = format!("{credentials:?}");
        assert!(text.contains("AK"));
        assert!(
            !text.contains("very-secret") && !text.contains("token-value"),
            "{text}"
        );
    }

    #[test]
    fn credentials_are_equal_only_when_every_part_is() {
        let base = Credentials::new("AK", "SK").with_session_token("T");
        assert_eq!(base, base.clone());
        assert_ne!(base, Credentials::new("AK2", "SK").with_session_token("T"));
        assert_ne!(base, Credentials::new("AK", "SK2").with_session_token("T"));
        assert_ne!(base, Credentials::new("AK", "SK").with_session_token("T2"));
        assert_ne!(base, Credentials::new("AK", "SK"));
        assert_eq!(base.access_key(), "AK");
        assert_eq!(base.secret_key().expose_secret(), "SK");
        assert_eq!(
            base.session_token().map(ExposeSecret::expose_secret),
            Some("T")
        );
    }

    /// A provider that always fails with its reason.
    #[derive(Debug)]
    struct Failing(&'static str);

    impl ProvideCredentials for Failing {
        fn provide(&self) -> CredentialsFuture<'_> {
            Box::pin(async move { Err(CredentialsError(self.0.to_owned())) })
        }
    }

    #[test]
    fn a_chain_uses_the_first_provider_that_has_credentials() {
        let provide = |chain: &ChainProvider| futures::executor::block_on(chain.provide());
        assert_eq!(
            provide(&ChainProvider::empty()),
            Err(CredentialsError("the provider chain is empty".to_owned()))
        );
        assert_eq!(
            provide(&ChainProvider::empty().or(Failing("a")).or(Failing("b"))),
            Err(CredentialsError("a; b".to_owned()))
        );
        let chain = ChainProvider::empty()
            .or(Failing("a"))
            .or(Credentials::new("first", "s1"))
            .or(Credentials::new("second", "s2"));
        assert_eq!(provide(&chain), Ok(Credentials::new("first", "s1")));
        assert_eq!(
            format!("{:?}", ChainProvider::default()),
            "ChainProvider { providers: [EnvironmentProvider] }"
        );
    }
}
