//! Request signing: JDCLOUD3-HMAC-SHA256 (the default) and JDCLOUD2-HMAC-SHA256, on `http` types.
//!
//! Both follow the same shape: a canonical request (method, path, query, headers, signed header names,
//! body hash), a string to sign over its hash, and an HMAC-SHA256 key derived from the secret through the
//! date, region and service. The differences, pinned by the vectors in `tests/vectors/`:
//!
//! | | JDCLOUD3 | JDCLOUD2 |
//! |---|---|---|
//! | path | decoded, `/` runs folded, re-encoded | as sent |
//! | `host` header signed | always, `:port` unless 80/443 | only if the request carries one |
//! | header values | trimmed of whitespace | trimmed of spaces (not tabs), inner runs of spaces folded to one |
//! | query key without `=` | left out | written `k=` |
//! | key seed / scope suffix | `JDCLOUD3` / `jdcloud3_request` | `JDCLOUD2` / `jdcloud2_request` |

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Mutex;

use base64::Engine as _;
use hmac::{Hmac, Mac};
use http::header::{HeaderName, HeaderValue, AUTHORIZATION};
use http::Request;
use secrecy::{ExposeSecret, SecretString};
use sha2::{Digest, Sha256};
use smallvec::SmallVec;

use crate::canonical::{canonical_path, canonical_query_text};
use crate::credentials::Credentials;
use crate::error::Error;

type HmacSha256 = Hmac<Sha256>;

/// The region signed for APIs that have no `regionId`.
pub const NO_REGION: &str = "jdcloud-api";
/// The header carrying the request time.
pub const DATE_HEADER: &str = "x-jdcloud-date";
/// The header carrying the request nonce.
pub const NONCE_HEADER: &str = "x-jdcloud-nonce";
/// The header carrying the hex SHA-256 of the body.
pub const CONTENT_SHA256_HEADER: &str = "x-jdcloud-content-sha256";
/// The header carrying a session token, base64-encoded.
pub const SECURITY_TOKEN_HEADER: &str = "x-jdcloud-security-token";

// The same names, parsed once.
const DATE: HeaderName = HeaderName::from_static(DATE_HEADER);
const NONCE: HeaderName = HeaderName::from_static(NONCE_HEADER);
const CONTENT_SHA256: HeaderName = HeaderName::from_static(CONTENT_SHA256_HEADER);
const SECURITY_TOKEN: HeaderName = HeaderName::from_static(SECURITY_TOKEN_HEADER);

/// Headers whose values the official clients base64-encode before signing.
pub const BASE64_HEADERS: [&str; 3] = ["x-jdcloud-pin", "x-jdcloud-erp", SECURITY_TOKEN_HEADER];

/// The signing algorithm.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Algorithm {
    /// `JDCLOUD3-HMAC-SHA256`, what the current official SDKs use.
    #[default]
    Jdcloud3,
    /// `JDCLOUD2-HMAC-SHA256`, the previous generation.
    Jdcloud2,
}

impl Algorithm {
    /// The name in the `Authorization` header.
    pub fn name(self) -> &'static str {
        match self {
            Algorithm::Jdcloud3 => "JDCLOUD3-HMAC-SHA256",
            Algorithm::Jdcloud2 => "JDCLOUD2-HMAC-SHA256",
        }
    }

    fn key_prefix(self) -> &'static str {
        match self {
            Algorithm::Jdcloud3 => "JDCLOUD3",
            Algorithm::Jdcloud2 => "JDCLOUD2",
        }
    }

    fn scope_suffix(self) -> &'static str {
        match self {
            Algorithm::Jdcloud3 => "jdcloud3_request",
            Algorithm::Jdcloud2 => "jdcloud2_request",
        }
    }
}

/// What a signature is made for, besides the request and the credentials:
/// `SigningParams::new("redis", "cn-north-1", date, nonce)`, JDCLOUD3 unless
/// [`with_algorithm`](SigningParams::with_algorithm) says otherwise.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct SigningParams<'a> {
    /// The algorithm.
    pub algorithm: Algorithm,
    /// Time of the request, `YYYYMMDDTHHMMSSZ` (UTC).
    pub date: &'a str,
    /// A fresh nonce (a UUID v4) for every attempt.
    pub nonce: &'a str,
    /// The request's `regionId`, or `jdcloud-api` for region-less APIs.
    pub region: &'a str,
    /// The service: the first label of the host.
    pub service: &'a str,
}

impl<'a> SigningParams<'a> {
    /// A JDCLOUD3 signature for `service` in `region` (or [`NO_REGION`]), at `date`
    /// (`YYYYMMDDTHHMMSSZ`, UTC) with `nonce`.
    pub fn new(service: &'a str, region: &'a str, date: &'a str, nonce: &'a str) -> Self {
        SigningParams {
            algorithm: Algorithm::Jdcloud3,
            date,
            nonce,
            region,
            service,
        }
    }

    /// The same, signed with `algorithm`.
    pub fn with_algorithm(mut self, algorithm: Algorithm) -> Self {
        self.algorithm = algorithm;
        self
    }
}

/// The result of signing, for debugging and tests. Its `Debug` output leaves out the session token
/// that the canonical request carries.
#[derive(Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Signature {
    /// The canonical request that was hashed.
    pub canonical_request: String,
    /// The string that was signed.
    pub string_to_sign: String,
    /// The `Authorization` header value.
    pub authorization: String,
}

impl std::fmt::Debug for Signature {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let prefix = format!("{SECURITY_TOKEN_HEADER}:");
        let canonical: Vec<String> = self
            .canonical_request
            .lines()
            .map(|line| {
                if line.starts_with(&prefix) {
                    format!("{prefix}** redacted **")
                } else {
                    line.to_owned()
                }
            })
            .collect();
        f.debug_struct("Signature")
            .field("canonical_request", &canonical.join("\n"))
            .field("string_to_sign", &self.string_to_sign)
            .field("authorization", &self.authorization)
            .finish()
    }
}

/// Signs requests, caching derived keys per (algorithm, secret, date, region, service).
#[derive(Default)]
pub struct Signer {
    keys: Mutex<Vec<CachedKey>>,
}

impl std::fmt::Debug for Signer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Signer").finish_non_exhaustive()
    }
}

/// A derived key and what it was derived from. The secret is part of the identity, so that the cache
/// never hands one secret's key to another; it lives here no longer than the credentials do elsewhere.
struct CachedKey {
    algorithm: Algorithm,
    secret: SecretString,
    day: String,
    region: String,
    service: String,
    key: [u8; 32],
    /// An HMAC keyed with `key`, ready to be copied.
    mac: HmacSha256,
    /// `day/region/service/suffix`, what the key was derived from, as the string to sign and the
    /// `Authorization` header write it.
    scope: String,
}

/// Room for the canonical request and the string to sign of a usual call, so that writing them
/// allocates once.
const CANONICAL_CAPACITY: usize = 1024;

/// At most this many derived keys are kept; a full cache is emptied (keys change daily anyway).
const KEY_CACHE_LIMIT: usize = 64;

impl Signer {
    /// A signer with an empty key cache.
    pub fn new() -> Self {
        Signer::default()
    }

    /// Signs `request` in place: sets `x-jdcloud-date`, `x-jdcloud-nonce` and, with a session token,
    /// `x-jdcloud-security-token` before signing; then `Authorization` and `x-jdcloud-content-sha256`.
    ///
    /// The canonical request and the string to sign are written into one buffer, one after the other,
    /// and each is hashed in one call; [`Signer::signature`] returns them, for debugging.
    pub fn sign(
        &self,
        request: &mut Request<impl AsRef<[u8]>>,
        credentials: &Credentials,
        params: &SigningParams<'_>,
    ) -> Result<(), Error> {
        let headers = request.headers_mut();
        // Room for exactly the headers this adds (four, five with a token), so that the map grows once
        // at most, and not at all when it has that room: asking for more than is added can grow a map
        // that would have held them.
        headers.reserve(4 + usize::from(credentials.session_token().is_some()));
        headers.insert(DATE, header_value(params.date)?);
        headers.insert(NONCE, header_value(params.nonce)?);
        if let Some(token) = credentials.session_token() {
            let encoded = base64::engine::general_purpose::STANDARD.encode(token.expose_secret());
            headers.insert(SECURITY_TOKEN, header_value(&encoded)?);
        }
        let body_hash = body_sha256(request.body().as_ref());
        let texts = self.texts(
            &Canonical::new(request, params.algorithm)?,
            credentials,
            params,
            &body_hash,
        );
        request.headers_mut().insert(
            AUTHORIZATION,
            owned_header_value(texts.authorization(credentials, params.algorithm))?,
        );
        let body_hash = if request.body().as_ref().is_empty() {
            // Every GET, HEAD and DELETE: a constant, shared rather than copied.
            HeaderValue::from_static(EMPTY_BODY_SHA256_TEXT)
        } else {
            header_value(body_hash)?
        };
        request.headers_mut().insert(CONTENT_SHA256, body_hash);
        Ok(())
    }

    /// The signature of a request as it stands (its date and nonce headers set), changing nothing: the
    /// canonical request, the string to sign and the `Authorization` value, for debugging and for
    /// checking signatures.
    pub fn signature(
        &self,
        request: &Request<impl AsRef<[u8]>>,
        credentials: &Credentials,
        params: &SigningParams<'_>,
        body_hash: &str,
    ) -> Result<Signature, Error> {
        let texts = self.texts(
            &Canonical::new(request, params.algorithm)?,
            credentials,
            params,
            body_hash.as_bytes(),
        );
        // Every piece was text or hex, so nothing is replaced.
        let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
        Ok(Signature {
            canonical_request: text(texts.canonical_request()),
            string_to_sign: text(texts.string_to_sign()),
            authorization: text(&texts.authorization(credentials, params.algorithm)),
        })
    }

    /// Writes the canonical request and the string to sign, and signs the latter.
    ///
    /// The string to sign takes its scope from the key cache, where it was written when the key was
    /// derived from it; the HMAC is a copy of the cached keyed state, so that the key's two padding
    /// blocks are hashed once a day rather than once a request.
    fn texts(
        &self,
        canonical: &Canonical<'_>,
        credentials: &Credentials,
        params: &SigningParams<'_>,
        body_hash: &[u8],
    ) -> Texts {
        // Written out whole, then hashed in one call: the hashes' per-call buffering costs more than
        // the copy, for the forty-odd short pieces a canonical request is made of.
        let mut buffer = Vec::with_capacity(CANONICAL_CAPACITY);
        let signed_headers = canonical.write(&mut buffer, body_hash);
        let canonical_end = buffer.len();
        let request_hash = hex(&Sha256::digest(&buffer).into());
        buffer.extend_from_slice(params.algorithm.name().as_bytes());
        buffer.push(b'\n');
        buffer.extend_from_slice(params.date.as_bytes());
        buffer.push(b'\n');
        let scope_start = buffer.len();
        let mut mac = self.with_key(credentials, params, |cached| {
            buffer.extend_from_slice(cached.scope.as_bytes());
            cached.mac.clone()
        });
        let scope = scope_start..buffer.len();
        buffer.push(b'\n');
        buffer.extend_from_slice(&request_hash);
        Mac::update(&mut mac, &buffer[canonical_end..]);
        Texts {
            signature: hex(&mac.finalize().into_bytes().into()),
            buffer,
            canonical_end,
            signed_headers,
            scope,
        }
    }

    /// The key derived for the day of `params.date`, its region and service, from the cache when it has
    /// it.
    pub fn signing_key(&self, credentials: &Credentials, params: &SigningParams<'_>) -> [u8; 32] {
        self.with_key(credentials, params, |cached| cached.key)
    }

    /// Reads the cache entry for these credentials and the scope of `params`, deriving it first when the
    /// cache has none.
    fn with_key<R>(
        &self,
        credentials: &Credentials,
        params: &SigningParams<'_>,
        read: impl FnOnce(&CachedKey) -> R,
    ) -> R {
        let (algorithm, day, region, service) = (
            params.algorithm,
            day(params.date),
            params.region,
            params.service,
        );
        let secret = credentials.secret_key().expose_secret();
        let mut keys = self
            .keys
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        // A linear scan of a few entries, comparing borrowed strings: no allocation on a hit.
        let hit = keys.iter().find(|k| {
            k.algorithm == algorithm
                && k.day == day
                && k.region == region
                && k.service == service
                && k.secret.expose_secret() == secret
        });
        if let Some(cached) = hit {
            return read(cached);
        }
        let key = derive_key(secret, algorithm, day, region, service);
        if keys.len() >= KEY_CACHE_LIMIT {
            keys.clear();
        }
        keys.push(CachedKey {
            algorithm,
            secret: credentials.secret_key().clone(),
            day: day.to_owned(),
            region: region.to_owned(),
            service: service.to_owned(),
            key,
            mac: HmacSha256::new_from_slice(&key).expect("HMAC takes keys of any length"),
            scope: [day, region, service, algorithm.scope_suffix()].join("/"),
        });
        read(keys.last().expect("just pushed"))
    }
}

/// The HMAC chain: `prefix + secret` over the day, region, service and scope suffix.
pub fn derive_key(
    secret: &str,
    algorithm: Algorithm,
    day: &str,
    region: &str,
    service: &str,
) -> [u8; 32] {
    let seed = format!("{}{secret}", algorithm.key_prefix());
    let k_date = hmac(seed.as_bytes(), day.as_bytes());
    let k_region = hmac(&k_date, region.as_bytes());
    let k_service = hmac(&k_region, service.as_bytes());
    hmac(&k_service, algorithm.scope_suffix().as_bytes())
}

/// The hex SHA-256 of an empty body: what every GET, HEAD and DELETE signs.
const EMPTY_BODY_SHA256_TEXT: &str =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
const EMPTY_BODY_SHA256: &[u8; 64] = match EMPTY_BODY_SHA256_TEXT.as_bytes().first_chunk() {
    Some(bytes) => bytes,
    None => panic!("a SHA-256 in hex is 64 characters"),
};

/// The hex SHA-256 of a body, without hashing when it is empty.
fn body_sha256(body: &[u8]) -> [u8; 64] {
    if body.is_empty() {
        *EMPTY_BODY_SHA256
    } else {
        hex(&Sha256::digest(body).into())
    }
}

/// Lower-case hex of a 32-byte digest, on the stack. Written out rather than `hex::encode_to_slice`:
/// three of these run per signature and the crate's checked, generic loop showed in profiles.
fn hex(digest: &[u8; 32]) -> [u8; 64] {
    /// Each byte's two hex digits, as one table lookup.
    const PAIRS: [[u8; 2]; 256] = {
        const DIGITS: &[u8; 16] = b"0123456789abcdef";
        let mut pairs = [[0; 2]; 256];
        let mut b = 0;
        while b < 256 {
            pairs[b] = [DIGITS[b >> 4], DIGITS[b & 15]];
            b += 1;
        }
        pairs
    };
    let mut buffer = [0u8; 64];
    for i in 0..32 {
        let [high, low] = PAIRS[usize::from(digest[i])];
        buffer[2 * i] = high;
        buffer[2 * i + 1] = low;
    }
    buffer
}

/// The date part (`YYYYMMDD`) of a request time.
fn day(date: &str) -> &str {
    date.get(..8).unwrap_or(date)
}

/// Canonical headers, on the stack for requests with the usual handful (room for more would be
/// copied with the canonical parts for nothing).
type CanonicalHeaders<'r> = SmallVec<[(&'r str, Cow<'r, str>); 6]>;

/// The canonical forms of a request's parts, borrowed from it where they already are canonical.
struct Canonical<'r> {
    method: &'r str,
    path: Cow<'r, str>,
    query: Cow<'r, str>,
    /// Lower-case names and trimmed values, sorted by name.
    headers: CanonicalHeaders<'r>,
}

impl<'r> Canonical<'r> {
    fn new<B>(request: &'r Request<B>, algorithm: Algorithm) -> Result<Canonical<'r>, Error> {
        let uri = request.uri();
        Ok(Canonical {
            method: request.method().as_str(),
            path: match algorithm {
                Algorithm::Jdcloud3 => canonical_path(uri.path()),
                // JDCLOUD2 signs the path as sent (`jdcloud_signer` takes it as it is).
                Algorithm::Jdcloud2 => Cow::Borrowed(uri.path()),
            },
            query: canonical_query_text(
                uri.query().unwrap_or(""),
                algorithm == Algorithm::Jdcloud2,
            ),
            headers: canonical_headers(request, algorithm)?,
        })
    }

    /// Method, path, query, headers, signed headers and body hash, one per line; returns where the
    /// signed headers are.
    fn write(&self, out: &mut Vec<u8>, body_hash: &[u8]) -> Range<usize> {
        for part in [self.method, &self.path, &self.query] {
            out.extend_from_slice(part.as_bytes());
            out.push(b'\n');
        }
        for (name, value) in &self.headers {
            out.extend_from_slice(name.as_bytes());
            out.push(b':');
            out.extend_from_slice(value.as_bytes());
            out.push(b'\n');
        }
        out.push(b'\n');
        let start = out.len();
        for (index, (name, _)) in self.headers.iter().enumerate() {
            if index > 0 {
                out.push(b';');
            }
            out.extend_from_slice(name.as_bytes());
        }
        let signed_headers = start..out.len();
        out.push(b'\n');
        out.extend_from_slice(body_hash);
        signed_headers
    }
}

/// The canonical request and the string to sign, one after the other in one buffer, and the signature
/// of the latter; the `Authorization` value copies its scope and signed headers from them.
struct Texts {
    buffer: Vec<u8>,
    canonical_end: usize,
    /// The signed header names, joined with `;`, in the canonical request.
    signed_headers: Range<usize>,
    /// `day/region/service/suffix`, in the string to sign.
    scope: Range<usize>,
    signature: [u8; 64],
}

impl Texts {
    fn canonical_request(&self) -> &[u8] {
        &self.buffer[..self.canonical_end]
    }

    /// `ALGORITHM\ndate\nscope\nhash of the canonical request`.
    fn string_to_sign(&self) -> &[u8] {
        &self.buffer[self.canonical_end..]
    }

    /// `ALGORITHM Credential=ak/scope, SignedHeaders=a;b, Signature=hex`, in a buffer of exactly its
    /// length, which the header value then takes as it is.
    fn authorization(&self, credentials: &Credentials, algorithm: Algorithm) -> Vec<u8> {
        let parts: [&[u8]; 9] = [
            algorithm.name().as_bytes(),
            b" Credential=",
            credentials.access_key().as_bytes(),
            b"/",
            &self.buffer[self.scope.clone()],
            b", SignedHeaders=",
            &self.buffer[self.signed_headers.clone()],
            b", Signature=",
            &self.signature,
        ];
        let mut out = Vec::with_capacity(parts.iter().map(|part| part.len()).sum());
        for part in parts {
            out.extend_from_slice(part);
        }
        out
    }
}

fn hmac(key: &[u8], data: &[u8]) -> [u8; 32] {
    let mut mac = HmacSha256::new_from_slice(key).expect("HMAC takes keys of any length");
    mac.update(data);
    mac.finalize().into_bytes().into()
}

/// A header value taking the buffer rather than copying it.
fn owned_header_value(value: Vec<u8>) -> Result<HeaderValue, Error> {
    HeaderValue::from_maybe_shared(bytes::Bytes::from(value))
        .map_err(|_| Error::invalid_request("a signing header value is not a valid header"))
}

fn header_value(value: impl AsRef<[u8]>) -> Result<HeaderValue, Error> {
    HeaderValue::from_bytes(value.as_ref())
        .map_err(|_| Error::invalid_request("a signing header value is not a valid header"))
}

/// Canonical headers: lower-case names with trimmed values (several values of one name joined with
/// `,`), sorted by name; `host` first added for JDCLOUD3; `authorization` and `user-agent` left out.
fn canonical_headers<B>(
    request: &Request<B>,
    algorithm: Algorithm,
) -> Result<CanonicalHeaders<'_>, Error> {
    let mut entries = CanonicalHeaders::new();
    let mut has_host_header = false;
    // `iter` yields every value, those of one name one after the other: they are joined with `,`.
    for (name, raw) in request.headers() {
        if *name == AUTHORIZATION || *name == http::header::USER_AGENT {
            continue;
        }
        has_host_header |= *name == http::header::HOST;
        let text = raw
            .to_str()
            .map_err(|_| Error::invalid_request(format!("header `{name}` is not visible ASCII")))?;
        let text: Cow<'_, str> = match algorithm {
            // A visible-ASCII value's whitespace is ASCII's.
            Algorithm::Jdcloud3 => Cow::Borrowed(text.trim_ascii()),
            // Only spaces: a tab is kept, at the ends too (as `jdcloud_signer` keeps it).
            Algorithm::Jdcloud2 => match text.trim_matches(' ') {
                text if text.contains("  ") => Cow::Owned(
                    text.split(' ')
                        .filter(|s| !s.is_empty())
                        .collect::<Vec<_>>()
                        .join(" "),
                ),
                text => Cow::Borrowed(text),
            },
        };
        match entries.last_mut() {
            Some((last, value)) if *last == name.as_str() => {
                *value = Cow::Owned(format!("{value},{text}"))
            }
            _ => entries.push((name.as_str(), text)),
        }
    }
    if algorithm == Algorithm::Jdcloud3 && !has_host_header {
        entries.push(("host", host_header(request.uri())?));
    }
    entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
    Ok(entries)
}

/// The signed `host` of a URL: its host, and its port unless 80 or 443.
fn host_header(uri: &http::Uri) -> Result<Cow<'_, str>, Error> {
    let no_host = || Error::invalid_request("the request URL has no host");
    let authority = uri.authority().ok_or_else(no_host)?.as_str();
    // Usually a bare host name, signed as it is (parsing the authority for a host and a port costs
    // more than the rest of the canonical headers); else parsed: user info left out, the port kept
    // unless it is the scheme's.
    if !authority.is_empty() && !authority.contains([':', '@']) {
        return Ok(Cow::Borrowed(authority));
    }
    let host = uri.host().ok_or_else(no_host)?;
    Ok(match uri.port_u16() {
        Some(port) if port != 80 && port != 443 => Cow::Owned(format!("{host}:{port}")),
        _ => Cow::Borrowed(host),
    })
}

/// The service a host belongs to, as the clients derive it: the host's first label.
pub fn service_from_host(host: &str) -> &str {
    host.split('.').next().unwrap_or(host)
}

/// The region a request is signed for, as the clients derive it from its `regionId`: the segment after
/// `/regions/` in the path, else a `regionId` query parameter, else `jdcloud-api`.
pub fn region_from_uri(uri: &http::Uri) -> String {
    let mut segments = uri.path().split('/');
    while let Some(segment) = segments.next() {
        if segment == "regions" {
            if let Some(region) = segments.next().filter(|r| !r.is_empty()) {
                return region.to_owned();
            }
        }
    }
    uri.query()
        .into_iter()
        .flat_map(|q| q.split('&'))
        .filter_map(|pair| pair.split_once('='))
        .find(|(key, value)| *key == "regionId" && !value.is_empty())
        .map_or_else(|| NO_REGION.to_owned(), |(_, value)| value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_body_has_the_hash_of_nothing() {
        assert_eq!(body_sha256(b""), hex(&Sha256::digest(b"").into()));
        assert_eq!(body_sha256(b"{}"), hex(&Sha256::digest(b"{}").into()));
    }

    #[test]
    fn hex_is_lower_case_two_digits_a_byte() {
        let mut digest = [0u8; 32];
        for (i, byte) in digest.iter_mut().enumerate() {
            *byte = (i as u8).wrapping_mul(37).wrapping_add(250);
        }
        assert_eq!(hex(&digest), ::hex::encode(digest).as_bytes());
    }

    #[test]
    fn cached_keys_are_the_derived_ones_per_secret() {
        let signer = Signer::new();
        let params = SigningParams {
            algorithm: Algorithm::Jdcloud3,
            date: "20261126T000000Z",
            nonce: "n",
            region: "cn-north-1",
            service: "redis",
        };
        for secret in ["first", "second", "first"] {
            let credentials = Credentials::new("AK", secret);
            assert_eq!(
                signer.signing_key(&credentials, &params),
                derive_key(
                    secret,
                    Algorithm::Jdcloud3,
                    "20261126",
                    "cn-north-1",
                    "redis"
                ),
                "{secret}"
            );
        }
        assert_eq!(signer.keys.lock().unwrap().len(), 2);
    }

    #[test]
    fn one_signer_writes_each_requests_own_scope() {
        // The scope comes from the key cache: a second region, day or algorithm is a second entry.
        let signer = Signer::new();
        let credentials = Credentials::new("AK", "SK");
        let request = http::Request::builder()
            .uri("https://vm.jdcloud-api.com/v1/x")
            .body(Vec::new())
            .unwrap();
        for (region, date, algorithm, scope) in [
            (
                "cn-north-1",
                "20260101T000000Z",
                Algorithm::Jdcloud3,
                "20260101/cn-north-1/vm/jdcloud3_request",
            ),
            (
                "cn-east-2",
                "20260101T000000Z",
                Algorithm::Jdcloud3,
                "20260101/cn-east-2/vm/jdcloud3_request",
            ),
            (
                "cn-north-1",
                "20260102T000000Z",
                Algorithm::Jdcloud3,
                "20260102/cn-north-1/vm/jdcloud3_request",
            ),
            (
                "cn-north-1",
                "20260101T000000Z",
                Algorithm::Jdcloud2,
                "20260101/cn-north-1/vm/jdcloud2_request",
            ),
            (
                "cn-north-1",
                "20260101T235959Z",
                Algorithm::Jdcloud3,
                "20260101/cn-north-1/vm/jdcloud3_request",
            ),
        ] {
            let params = SigningParams::new("vm", region, date, "n").with_algorithm(algorithm);
            let signature = signer
                .signature(&request, &credentials, &params, "UNSIGNED")
                .unwrap();
            assert_eq!(
                signature.string_to_sign.lines().nth(2),
                Some(scope),
                "{signature:?}"
            );
            assert!(
                signature
                    .authorization
                    .contains(&format!("Credential=AK/{scope}, ")),
                "{signature:?}"
            );
        }
        assert_eq!(signer.keys.lock().unwrap().len(), 4);
    }

    #[test]
    fn the_signed_host_keeps_a_port_unless_the_schemes() {
        let host = |url: &str| {
            let uri: http::Uri = url.parse().unwrap();
            host_header(&uri).map(Cow::into_owned).ok()
        };
        assert_eq!(
            host("https://vm.jdcloud-api.com/v1").as_deref(),
            Some("vm.jdcloud-api.com")
        );
        assert_eq!(
            host("http://127.0.0.1:8080/v1").as_deref(),
            Some("127.0.0.1:8080")
        );
        assert_eq!(
            host("https://vm.jdcloud-api.com:443/v1").as_deref(),
            Some("vm.jdcloud-api.com")
        );
        assert_eq!(
            host("http://vm.jdcloud-api.com:80/v1").as_deref(),
            Some("vm.jdcloud-api.com")
        );
        assert_eq!(
            host("http://user@vm.jdcloud-api.com/v1").as_deref(),
            Some("vm.jdcloud-api.com")
        );
        assert_eq!(host("http://[::1]:9000/v1").as_deref(), Some("[::1]:9000"));
        assert_eq!(host("/v1/no-host"), None);
    }

    #[test]
    fn derives_region_and_service() {
        let uri: http::Uri = "https://redis.jdcloud-api.com/v1/regions/cn-east-2/cacheInstance"
            .parse()
            .unwrap();
        assert_eq!(region_from_uri(&uri), "cn-east-2");
        assert_eq!(service_from_host(uri.host().unwrap()), "redis");
        let uri: http::Uri = "https://billing.jdcloud-api.com/v1/bills?regionId=cn-south-1"
            .parse()
            .unwrap();
        assert_eq!(region_from_uri(&uri), "cn-south-1");
        let uri: http::Uri = "https://billing.jdcloud-api.com/v1/bills".parse().unwrap();
        assert_eq!(region_from_uri(&uri), "jdcloud-api");
        // The `regionId` pair, not the first one with a value; an empty one is no region.
        let uri: http::Uri = "https://billing.jdcloud-api.com/v1/bills?pageSize=10&regionId=&x=1"
            .parse()
            .unwrap();
        assert_eq!(region_from_uri(&uri), "jdcloud-api");
        let uri: http::Uri = "https://b.jdcloud-api.com/v1/bills?pageSize=10&regionId=cn-east-2"
            .parse()
            .unwrap();
        assert_eq!(region_from_uri(&uri), "cn-east-2");
    }

    fn signature_of(request: &http::Request<Vec<u8>>, algorithm: Algorithm) -> Signature {
        let credentials = Credentials::new("AK", "SK").with_session_token("token-secret");
        let params = SigningParams::new("vm", "cn-north-1", "20260101T000000Z", "n")
            .with_algorithm(algorithm);
        Signer::new()
            .signature(request, &credentials, &params, "UNSIGNED")
            .unwrap()
    }

    #[test]
    fn values_of_one_header_are_joined_in_order() {
        let request = http::Request::builder()
            .uri("https://vm.jdcloud-api.com/v1/x")
            .header("x-jdcloud-a", "1")
            .header("x-jdcloud-a", " 2 ")
            .header("x-jdcloud-b", "3")
            .body(Vec::new())
            .unwrap();
        for algorithm in [Algorithm::Jdcloud3, Algorithm::Jdcloud2] {
            let signature = signature_of(&request, algorithm);
            assert!(
                signature
                    .canonical_request
                    .contains("\nx-jdcloud-a:1,2\nx-jdcloud-b:3\n"),
                "{}",
                signature.canonical_request
            );
            assert!(
                signature
                    .authorization
                    .contains("x-jdcloud-a;x-jdcloud-b, Signature="),
                "{}",
                signature.authorization
            );
        }
    }

    #[test]
    fn debug_shows_the_signature_without_the_token() {
        let request = http::Request::builder()
            .uri("https://vm.jdcloud-api.com/v1/x")
            .header(SECURITY_TOKEN_HEADER, "dG9rZW4tc2VjcmV0")
            .body(Vec::new())
            .unwrap();
        let signature = signature_of(&request, Algorithm::Jdcloud3);
        let debug = format!("{signature:?}");
        assert!(
            debug.starts_with("Signature { canonical_request: "),
            "{debug}"
        );
        assert!(
            debug.contains(&format!("{SECURITY_TOKEN_HEADER}:** redacted **")),
            "{debug}"
        );
        assert!(!debug.contains("dG9rZW4tc2VjcmV0"), "{debug}");
        assert!(debug.contains(&signature.authorization), "{debug}");
        assert_eq!(format!("{:?}", Signer::new()), "Signer { .. }");
    }
}
