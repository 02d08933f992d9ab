//! When and how long to wait before trying a call again.

use std::time::{Duration, SystemTime};

use http::HeaderMap;
use rand::RngExt;

use crate::error::Error;

/// Bounded retries with exponential backoff and full jitter.
#[derive(Debug, Clone, PartialEq)]
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
    fn backoff_is_bounded_and_grows() {
        let config = RetryConfig {
            initial_backoff: Duration::from_millis(100),
            max_backoff: Duration::from_millis(250),
            ..RetryConfig::default()
        };
        for _ in 0..100 {
            assert!(config.backoff(1) <= Duration::from_millis(100));
            assert!(config.backoff(2) <= Duration::from_millis(200));
            assert!(config.backoff(10) <= Duration::from_millis(250));
        }
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
