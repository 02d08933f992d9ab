//! JD Cloud's URL encodings: path segments, the flattened query form of structured values, and the
//! canonical path and query of the signature.
//!
//! Hand-written on purpose: `serde_urlencoded` and `serde_qs` do not produce JD Cloud's 1-based dotted
//! form (`filters.1.values.2=x`), and the canonical forms must match the reference signer byte for byte
//! (`+` decoded as a space, only `A-Za-z0-9-_.~` left bare, upper-case hex).

use std::borrow::Cow;

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;

use crate::error::Error;

/// Everything but the unreserved characters `A-Za-z0-9-_.~` is encoded.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');
/// The same, leaving `/` bare (canonical paths).
const UNRESERVED_AND_SLASH: &AsciiSet = &UNRESERVED.remove(b'/');

/// Percent-encodes a value so that it stays one path segment: `/`, `?`, `#`, `%` and the rest are encoded.
/// Empty values and the dot segments `.` and `..` are rejected, since no encoding keeps them from
/// changing the path (URL parsers resolve `%2E%2E` like `..`).
pub fn path_segment(name: &str, value: &str) -> Result<String, Error> {
    if value.is_empty() || value == "." || value == ".." || value.eq_ignore_ascii_case("%2e") {
        return Err(Error::invalid_request(format!(
            "path parameter `{name}` must not be empty, `.` or `..`"
        )));
    }
    Ok(query_component(value))
}

/// Percent-encodes a query key or value.
pub fn query_component(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    push_encoded(&mut out, value);
    out
}

/// Appends `value` percent-encoded, copying runs of unreserved characters as they are.
fn push_encoded(out: &mut String, value: &str) {
    if value.bytes().all(is_unreserved) {
        out.push_str(value);
    } else {
        out.extend(utf8_percent_encode(value, UNRESERVED));
    }
}

/// Fills a path template (`/v1/regions/{regionId}/x`) with encoded segments.
pub fn expand_path(template: &str, params: &[(&str, &str)]) -> Result<String, Error> {
    let mut out = String::with_capacity(template.len() + 32);
    push_path(&mut out, template, |name| {
        params.iter().find(|(n, _)| *n == name).map(|(_, v)| *v)
    })?;
    Ok(out)
}

/// Appends a path template to `out`, each `{name}` filled with `value(name)` encoded as one segment.
pub(crate) fn push_path<'v>(
    out: &mut String,
    template: &str,
    value: impl Fn(&str) -> Option<&'v str>,
) -> Result<(), Error> {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}').map(|i| open + i).ok_or_else(|| {
            Error::invalid_request(format!("unclosed `{{` in path template `{template}`"))
        })?;
        out.push_str(&rest[..open]);
        let name = &rest[open + 1..close];
        let value = value(name).ok_or_else(|| {
            Error::invalid_request(format!("path parameter `{name}` has no value"))
        })?;
        path_segment(name, value)?;
        push_encoded(out, value);
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    Ok(())
}

/// Flattens any serializable value into JD Cloud's query pairs: nested members joined with `.`, list
/// items numbered from 1 (`filters.1.values.2`), `None` left out, booleans as `true`/`false`, in the
/// order the value serializes its members (a generated request: the documents' order).
pub fn to_query_pairs<T: Serialize + ?Sized>(
    value: &T,
) -> Result<Vec<(Cow<'static, str>, String)>, Error> {
    crate::query::to_query_pairs(value)
        .map_err(|e| Error::invalid_request(format!("query parameters cannot be encoded: {e}")))
}

/// Encodes query pairs as `k=v&k=v`, in order.
pub fn query_string<K: AsRef<str>>(pairs: &[(K, String)]) -> String {
    let mut out = String::new();
    push_query(&mut out, pairs);
    out
}

/// Appends query pairs to `out` as `k=v&k=v`.
pub(crate) fn push_query<K: AsRef<str>>(out: &mut String, pairs: &[(K, String)]) {
    for (index, (key, value)) in pairs.iter().enumerate() {
        if index > 0 {
            out.push('&');
        }
        push_encoded(out, key.as_ref());
        out.push('=');
        push_encoded(out, value);
    }
}

/// Decodes like Python's `unquote_plus`: `+` is a space, `%XX` a byte, invalid escapes stay as they are,
/// invalid UTF-8 becomes U+FFFD.
fn decode_plus(value: &str) -> String {
    let spaced = value.replace('+', " ");
    percent_decode_str(&spaced).decode_utf8_lossy().into_owned()
}

fn is_unreserved(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~')
}

/// The canonical path of the signature: decoded, runs of `/` folded, re-encoded leaving `/` bare.
pub fn canonical_path(path: &str) -> Cow<'_, str> {
    // Fast path: what the client itself sends is usually its own canonical form already.
    if path.starts_with('/') && !path.contains("//") && is_canonical(path, true) {
        return Cow::Borrowed(path);
    }
    let decoded = decode_plus(path);
    let mut folded = String::with_capacity(decoded.len());
    for c in decoded.chars() {
        if c == '/' && folded.ends_with('/') {
            continue;
        }
        folded.push(c);
    }
    if folded.is_empty() {
        return Cow::Borrowed("/");
    }
    let encoded = utf8_percent_encode(&folded, UNRESERVED_AND_SLASH).to_string();
    if encoded.starts_with('/') {
        Cow::Owned(encoded)
    } else {
        Cow::Owned(format!("/{encoded}"))
    }
}

/// Whether decoding and re-encoding `text` gives it back unchanged: it holds only unreserved characters
/// (and `/` in paths) and upper-case `%XX` escapes of ASCII bytes that are not (`%2F` in a path decodes
/// to a bare `/`; escapes of non-ASCII bytes and `+` take the slow path).
fn is_canonical(text: &str, path: bool) -> bool {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if is_unreserved(b) || (path && b == b'/') {
            i += 1;
            continue;
        }
        let escaped = (b == b'%')
            .then(|| bytes.get(i + 1..i + 3))
            .flatten()
            .filter(|hex| {
                hex.iter()
                    .all(|h| h.is_ascii_digit() || (b'A'..=b'F').contains(h))
            })
            .and_then(|hex| u8::from_str_radix(std::str::from_utf8(hex).ok()?, 16).ok());
        match escaped {
            Some(decoded)
                if decoded.is_ascii() && !is_unreserved(decoded) && !(path && decoded == b'/') =>
            {
                i += 3
            }
            _ => return false,
        }
    }
    true
}

/// A query key or value in canonical form: decoded and re-encoded, borrowed when it already is.
fn canonical_component(raw: &str) -> Cow<'_, str> {
    if is_canonical(raw, false) {
        Cow::Borrowed(raw)
    } else {
        Cow::Owned(query_component(&decode_plus(raw)))
    }
}

/// The canonical query of the signature: pairs decoded and re-encoded, sorted by key then value.
/// A key without `=` is left out (JDCLOUD3), or written `key=` (JDCLOUD2, `keep_bare_keys`).
pub fn canonical_query(query: &str, keep_bare_keys: bool) -> String {
    let mut out = String::with_capacity(query.len());
    for (index, (key, value)) in canonical_query_pairs(query, keep_bare_keys)
        .iter()
        .enumerate()
    {
        if index > 0 {
            out.push('&');
        }
        out.push_str(key);
        out.push('=');
        out.push_str(value.as_deref().unwrap_or(""));
    }
    out
}

/// The pairs of the canonical query, decoded, re-encoded and sorted, borrowed where they already are.
pub(crate) fn canonical_query_pairs(
    query: &str,
    keep_bare_keys: bool,
) -> Vec<(Cow<'_, str>, Option<Cow<'_, str>>)> {
    let mut pairs: Vec<(Cow<'_, str>, Option<Cow<'_, str>>)> = Vec::new();
    for piece in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = match piece.split_once('=') {
            Some((k, v)) => (k, Some(v)),
            None => (piece, None),
        };
        let key = canonical_component(key);
        if key.is_empty() {
            continue;
        }
        let value = value.map(canonical_component);
        if value.is_none() && !keep_bare_keys {
            continue;
        }
        pairs.push((key, value));
    }
    pairs.sort();
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_segments_cannot_escape() {
        assert_eq!(
            path_segment("id", "a/b?c#d%e f+").unwrap(),
            "a%2Fb%3Fc%23d%25e%20f%2B"
        );
        assert_eq!(path_segment("id", "a..b").unwrap(), "a..b");
        for bad in ["", ".", ".."] {
            assert!(path_segment("id", bad).is_err(), "{bad:?}");
        }
        assert_eq!(
            expand_path(
                "/v1/regions/{regionId}/x/{id}:act",
                &[("regionId", "cn-north-1"), ("id", "a/b")]
            )
            .unwrap(),
            "/v1/regions/cn-north-1/x/a%2Fb:act"
        );
        assert!(expand_path("/v1/{missing}", &[]).is_err());
    }

    #[test]
    fn the_fast_path_agrees_with_decoding_and_re_encoding() {
        for text in [
            "a",
            "a%3Ab",
            "a%3ab",
            "%41",
            "%2F",
            "a+b",
            "%E4%BA%AC",
            "%FF",
            "%",
            "%4",
            "~_.-",
            "a%20b",
            "/x/%2F/y",
        ] {
            // Taking the fast path is only right when the slow path would give the text back.
            let slow = query_component(&decode_plus(text));
            assert!(
                !is_canonical(text, false) || slow == text,
                "query {text:?} -> {slow:?}"
            );
            let slow_path =
                utf8_percent_encode(&decode_plus(text), UNRESERVED_AND_SLASH).to_string();
            assert!(
                !is_canonical(text, true) || slow_path == text,
                "path {text:?} -> {slow_path:?}"
            );
        }
        // What the client sends takes it.
        assert!(is_canonical("2026-11-01T00%3A00%3A00Z", false));
        assert!(is_canonical("/v1/things/a%3Fc", true));
        assert!(
            !is_canonical("/v1/things/a%2Fb", true),
            "%2F is a bare slash in a canonical path"
        );
    }

    proptest::proptest! {
        #[test]
        fn the_fast_path_never_changes_a_signature(text in "([a-zA-Z0-9/:+~._-]|%[0-9a-fA-F]{2}|%|ü){0,12}") {
            let slow = query_component(&decode_plus(&text));
            proptest::prop_assert!(!is_canonical(&text, false) || slow == text);
            let path = format!("/{text}");
            let mut folded = String::new();
            for c in decode_plus(&path).chars() {
                if !(c == '/' && folded.ends_with('/')) {
                    folded.push(c);
                }
            }
            let slow_path = utf8_percent_encode(&folded, UNRESERVED_AND_SLASH).to_string();
            proptest::prop_assert_eq!(canonical_path(&path).into_owned(), slow_path);
        }
    }

    #[test]
    fn canonical_forms() {
        assert_eq!(canonical_path("//v1//a+b/%7Ex/ü"), "/v1/a%20b/~x/%C3%BC");
        assert_eq!(canonical_path(""), "/");
        assert_eq!(
            canonical_query("b=2&a=1&a=0&flag&=x&c=a+b%2f", false),
            "a=0&a=1&b=2&c=a%20b%2F"
        );
        assert_eq!(canonical_query("b=2&flag", true), "b=2&flag=");
    }
}
