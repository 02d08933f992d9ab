//! When and how long to wait before trying a call again.

use std::time::{Duration, SystemTime};

use http::HeaderMap;
use rand::RngExt;

use crate::error::{ConfigError, ConfigErrorKind, Error};

/// Bounded retries with exponential backoff and full jitter:
/// `RetryConfig::default().with_max_attempts(5)`.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct RetryConfig {
    /// Attempts in all, the first included (1 disables retries).
    pub max_attempts: u32,
    /// Backoff before the second attempt; doubled for each later one.
    pub initial_backoff: Duration,
    /// Upper bound of one backoff, and of a `Retry-After` the client is willing to honour.
    pub max_backoff: Duration,
    /// Retry writes (POST, PUT, PATCH, DELETE) after failures where the request may have reached the
    /// server. Off by default: a write is retried only when it provably never left (connect failure).
    pub retry_writes: bool,
}

impl Default for RetryConfig {
    fn default() -> Self {
        RetryConfig {
            max_attempts: 3,
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_secs(20),
            retry_writes: false,
        }
    }
}

impl RetryConfig {
    /// No retries at all.
    pub fn disabled() -> Self {
        RetryConfig {
            max_attempts: 1,
            ..RetryConfig::default()
        }
    }

    /// The same, with `max_attempts` attempts in all (the first included).
    pub fn with_max_attempts(mut self, max_attempts: u32) -> Self {
        self.max_attempts = max_attempts;
        self
    }

    /// The same, with another first backoff.
    pub fn with_initial_backoff(mut self, backoff: Duration) -> Self {
        self.initial_backoff = backoff;
        self
    }

    /// The same, with another bound of one backoff (and of an honoured `Retry-After`).
    pub fn with_max_backoff(mut self, backoff: Duration) -> Self {
        self.max_backoff = backoff;
        self
    }

    /// The same, retrying writes that may have reached the server (or not).
    pub fn with_retry_writes(mut self, retry_writes: bool) -> Self {
        self.retry_writes = retry_writes;
        self
    }

    pub(crate) fn check(&self) -> Result<(), ConfigError> {
        if self.max_attempts == 0 {
            return Err(ConfigError::new(
                ConfigErrorKind::Retry,
                "max_attempts must be at least 1",
            ));
        }
        Ok(())
    }

    /// The wait after failed attempt number `attempt` (1-based): uniformly random in
    /// `[0, min(max_backoff, initial_backoff * 2^(attempt-1))]`.
    pub fn backoff(&self, attempt: u32) -> Duration {
        let exponent = attempt.saturating_sub(1).min(30);
        let ceiling = self
            .initial_backoff
            .saturating_mul(1u32 << exponent)
            .min(self.max_backoff);
        if ceiling.is_zero() {
            return Duration::ZERO;
        }
        let nanos = rand::rng().random_range(0..=ceiling.as_nanos().min(u64::MAX as u128) as u64);
        Duration::from_nanos(nanos)
    }

    /// Whether to try again after failed attempt number `attempt` (1-based), and after what wait:
    /// connect failures always may (the request never left); other failures of writes only with
    /// `retry_writes`; then only retryable errors, within `max_attempts`. A `Retry-After` (`hint`)
    /// longer than `max_backoff` gives up; a shorter one is waited out, or the backoff if longer.
    pub(crate) fn after_failure(
        &self,
        error: &Error,
        attempt: u32,
        writes: bool,
        hint: Option<Duration>,
    ) -> Option<Duration> {
        let may_retry = match error {
            Error::Transport(e) if e.is_connect() => true,
            _ if writes && !self.retry_writes => false,
            other => other.is_retryable(),
        };
        if !may_retry || attempt >= self.max_attempts {
            tracing::debug!(attempt, error = %error, "giving up");
            return None;
        }
        let backoff = self.backoff(attempt);
        match hint {
            Some(hint) if hint > self.max_backoff => {
                tracing::debug!(?hint, "Retry-After beyond max_backoff; giving up");
                None
            }
            Some(hint) => Some(hint.max(backoff)),
            None => Some(backoff),
        }
    }
}

/// `Retry-After` as seconds or as an HTTP date.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers
        .get(http::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = httpdate::parse_http_date(value).ok()?;
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_setting_sets_its_own_field() {
        let retry = RetryConfig::default()
            .with_max_attempts(7)
            .with_initial_backoff(Duration::from_millis(3))
            .with_max_backoff(Duration::from_secs(4))
            .with_retry_writes(true);
        assert_eq!(
            retry,
            RetryConfig {
                max_attempts: 7,
                initial_backoff: Duration::from_millis(3),
                max_backoff: Duration::from_secs(4),
                retry_writes: true,
            }
        );
        assert_eq!(RetryConfig::disabled().max_attempts, 1);
    }

    #[test]
    fn backoff_is_bounded_and_grows() {
        let config = RetryConfig {
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(250),
            ..RetryConfig::default()
        };
        let mut longest = [Duration::ZERO; 3];
        for _ in 0..200 {
            let waits = [config.backoff(1), config.backoff(2), config.backoff(10)];
            assert!(waits[0] <= Duration::from_millis(100));
            assert!(waits[1] <= Duration::from_millis(200));
            assert!(waits[2] <= Duration::from_millis(250));
            for (longest, wait) in longest.iter_mut().zip(waits) {
                *longest = (*longest).max(wait);
            }
        }
        // Full jitter over a ceiling that doubles: of 200 draws, some come near each ceiling (that
        // none would is about 2^-200 for the first two, 0.8^200 for the third).
        assert!(longest[0] > Duration::from_millis(50), "{longest:?}");
        assert!(longest[1] > Duration::from_millis(100), "{longest:?}");
        assert!(longest[2] > Duration::from_millis(200), "{longest:?}");
        let none = RetryConfig {
            initial_backoff: Duration::ZERO,
            ..config
        };
        assert_eq!(none.backoff(3), Duration::ZERO);
    }

    fn status(http_status: u16) -> Error {
        Error::from(crate::error::ServiceError {
            http_status,
            code: Some(i64::from(http_status)),
            status: None,
            message: String::new(),
            details: None,
            request_id: None,
            retry_after: None,
        })
    }

    #[test]
    fn what_may_be_tried_again_and_after_how_long() {
        let config = RetryConfig {
            max_attempts: 3,
            initial_backoff: Duration::ZERO,
            max_backoff: Duration::from_secs(2),
            retry_writes: false,
        };
        let refused = Error::Transport(crate::error::TransportError::new(
            crate::error::TransportErrorKind::Connect,
            "refused",
            None,
        ));
        let zero = Some(Duration::ZERO);
        // Reads retry what is retryable; writes only what never left, unless asked.
        assert_eq!(config.after_failure(&status(503), 1, false, None), zero);
        assert_eq!(config.after_failure(&status(503), 1, true, None), None);
        assert_eq!(config.after_failure(&refused, 1, true, None), zero);
        let writes = RetryConfig {
            retry_writes: true,
            ..config.clone()
        };
        assert_eq!(writes.after_failure(&status(503), 1, true, None), zero);
        assert_eq!(config.after_failure(&status(400), 1, false, None), None);
        // Within max_attempts.
        assert_eq!(config.after_failure(&status(503), 2, false, None), zero);
        assert_eq!(config.after_failure(&status(503), 3, false, None), None);
        assert_eq!(config.after_failure(&refused, 3, true, None), None);
        // A Retry-After up to max_backoff is waited out, a longer one gives up.
        let secs = |s| Some(Duration::from_secs(s));
        assert_eq!(
            config.after_failure(&status(429), 1, false, secs(1)),
            secs(1)
        );
        assert_eq!(
            config.after_failure(&status(429), 1, false, secs(2)),
            secs(2)
        );
        assert_eq!(config.after_failure(&status(429), 1, false, secs(3)), None);
    }

    #[test]
    fn reads_retry_after() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        let mut headers = HeaderMap::new();
        headers.insert("retry-after", "3".parse().unwrap());
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(3)));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(7));
        headers.insert("retry-after", later.parse().unwrap());
        assert_eq!(retry_after(&headers, now), Some(Duration::from_secs(7)));
        headers.insert("retry-after", "soon".parse().unwrap());
        assert_eq!(retry_after(&headers, now), None);
    }
}
