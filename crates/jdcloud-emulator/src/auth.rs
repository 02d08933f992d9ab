//! What JD Cloud's gateway checks before serving a request: a JDCLOUD3 (or JDCLOUD2) signature by a
//! known key over the request as received (computed with [`crate::jdcloud3`] and
//! [`crate::jdcloud2`], not the runtime's signer), the date window, and that no nonce is used twice.

use std::collections::{HashMap, HashSet};
use std::time::{Duration, SystemTime};

use crate::server::Seen;
use crate::{jdcloud2, jdcloud3};

/// How far the request date may be from the emulator's clock.
pub const DATE_WINDOW: Duration = Duration::from_secs(5 * 60);

/// Keys known, and nonces seen.
#[derive(Debug, Default)]
pub struct Gate {
    /// Access key -> secret key.
    pub secrets: HashMap<String, String>,
    nonces: HashSet<String>,
}

impl Gate {
    /// A gate knowing one key.
    pub fn with_key(access_key: &str, secret_key: &str) -> Gate {
        Gate {
            secrets: HashMap::from([(access_key.to_owned(), secret_key.to_owned())]),
            nonces: HashSet::new(),
        }
    }

    /// Checks the signature, the date window and the nonce; the error says what is wrong.
    pub fn authenticate(&mut self, request: &Seen) -> Result<(), String> {
        let authorization = request
            .header("authorization")
            .ok_or("missing Authorization header")?;
        let (v2, rest) = match (
            authorization.strip_prefix("JDCLOUD3-HMAC-SHA256 "),
            authorization.strip_prefix("JDCLOUD2-HMAC-SHA256 "),
        ) {
            (Some(rest), _) => (false, rest),
            (None, Some(rest)) => (true, rest),
            (None, None) => return Err("unsupported signing algorithm".to_owned()),
        };
        let suffix = if v2 {
            "jdcloud2_request"
        } else {
            "jdcloud3_request"
        };
        let mut parts = HashMap::new();
        for part in rest.split(", ") {
            if let Some((key, value)) = part.split_once('=') {
                parts.insert(key, value);
            }
        }
        let credential = parts.get("Credential").ok_or("no Credential")?;
        let signed_headers = parts.get("SignedHeaders").ok_or("no SignedHeaders")?;
        let signature = parts.get("Signature").ok_or("no Signature")?;
        let scope: Vec<&str> = credential.split('/').collect();
        let [access_key, day, region, service, last] = scope.as_slice() else {
            return Err(format!("malformed credential scope `{credential}`"));
        };
        if *last != suffix {
            return Err(format!("malformed credential scope `{credential}`"));
        }
        let secret = self.secrets.get(*access_key).ok_or("unknown access key")?;
        let date = request
            .header("x-jdcloud-date")
            .ok_or("missing x-jdcloud-date")?;
        if !date.starts_with(day) {
            return Err("credential scope and x-jdcloud-date disagree".to_owned());
        }
        let sent_at = parse_date(date).ok_or("malformed x-jdcloud-date")?;
        let skew = SystemTime::now()
            .duration_since(sent_at)
            .unwrap_or_else(|e| e.duration());
        if skew > DATE_WINDOW {
            return Err(format!("request date {date} is outside the allowed window"));
        }
        let nonce = request
            .header("x-jdcloud-nonce")
            .ok_or("missing x-jdcloud-nonce")?;
        // JDCLOUD2 signs no implicit `host`.
        let required: &[&str] = if v2 {
            &["x-jdcloud-date", "x-jdcloud-nonce"]
        } else {
            &["host", "x-jdcloud-date", "x-jdcloud-nonce"]
        };
        for required in required {
            if !signed_headers.split(';').any(|h| h == *required) {
                return Err(format!("`{required}` is not signed"));
            }
        }
        let mut signed = Vec::new();
        for name in signed_headers.split(';') {
            let value = request
                .header(name)
                .ok_or_else(|| format!("signed header `{name}` is missing"))?;
            signed.push((name, value));
        }
        let (method, target, body) = (&request.method, &request.target, request.body.as_bytes());
        let expected = if v2 {
            let canonical = jdcloud2::canonical_request(method, target, &signed, body);
            jdcloud2::signature(secret, date, region, service, &canonical)
        } else {
            let canonical = jdcloud3::canonical_request(method, target, &signed, body);
            jdcloud3::signature(secret, date, region, service, &canonical)
        };
        if expected != *signature {
            return Err("the signature does not match".to_owned());
        }
        if !self.nonces.insert(nonce.to_owned()) {
            return Err(format!("nonce {nonce} was already used"));
        }
        Ok(())
    }
}

fn parse_date(text: &str) -> Option<SystemTime> {
    let format = time::macros::format_description!("[year][month][day]T[hour][minute][second]Z");
    let parsed = time::PrimitiveDateTime::parse(text, &format).ok()?;
    Some(parsed.assume_utc().into())
}
