//! JD Cloud's URL encodings: path segments, the flattened query form of structured values, and the
//! canonical path and query of the signature.
//!
//! Hand-written on purpose: `serde_urlencoded` and `serde_qs` do not produce JD Cloud's 1-based dotted
//! form (`filters.1.values.2=x`), and the canonical forms must match the reference signer byte for byte
//! (`+` decoded as a space, only `A-Za-z0-9-_.~` left bare, upper-case hex).

use std::borrow::Cow;

use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;
use smallvec::SmallVec;

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
    check_segment(name, value)?;
    Ok(query_component(value))
}

fn check_segment(name: &str, value: &str) -> Result<(), Error> {
    if value.is_empty() || value == "." || value == ".." || value.eq_ignore_ascii_case("%2e") {
        return Err(Error::invalid_request(format!(
            "path parameter `{name}` must not be empty, `.` or `..`"
        )));
    }
    Ok(())
}

/// Percent-encodes a query key or value.
pub fn query_component(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    push_encoded(&mut out, value);
    out
}

/// Appends `value` percent-encoded, copying runs of unreserved characters as they are. The same as
/// `utf8_percent_encode(value, UNRESERVED)` (a test holds them together), written out because it runs
/// over every byte of every request and the iterator pushes one piece at a time.
pub(crate) fn push_encoded(out: &mut String, value: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let bytes = value.as_bytes();
    let mut run = 0;
    for (i, &b) in bytes.iter().enumerate() {
        if is_unreserved(b) {
            continue;
        }
        // Bytes before `i` since the last escape are ASCII, so both ends are character boundaries.
        if i > run {
            out.push_str(&value[run..i]);
        }
        out.push('%');
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 15)]));
        run = i + 1;
    }
    if run < bytes.len() {
        out.push_str(&value[run..]);
    }
}

/// Fills a path template (`/v1/regions/{regionId}/x`) with encoded segments.
pub fn expand_path(template: &str, params: &[(&str, &str)]) -> Result<String, Error> {
    let mut path = template.to_owned();
    for (name, value) in params {
        fill_placeholder(&mut path, name, value)?;
    }
    check_filled(&path)?;
    Ok(path)
}

/// Replaces every `{name}` in a partly filled path template with `value` encoded as one segment. Filled
/// values never hold `{` (it is encoded), so what is left of the template stays recognisable.
pub(crate) fn fill_placeholder(path: &mut String, name: &str, value: &str) -> Result<(), Error> {
    check_segment(name, value)?;
    // Most values (ids, regions) need no encoding and are copied in place.
    let encoded = if value.bytes().all(is_unreserved) {
        Cow::Borrowed(value)
    } else {
        Cow::Owned(query_component(value))
    };
    let mut from = 0;
    let mut found = false;
    while let Some(open) = find_placeholder(&path.as_bytes()[from..], name.as_bytes()) {
        let open = from + open;
        path.replace_range(open..open + name.len() + 2, &encoded);
        from = open + encoded.len();
        found = true;
    }
    if found {
        Ok(())
    } else {
        Err(Error::invalid_request(format!(
            "the path has no parameter `{name}`"
        )))
    }
}

/// Where `{name}` starts in `path`. A plain loop: templates are a few dozen bytes, too short for a
/// substring searcher's setup to pay off.
fn find_placeholder(path: &[u8], name: &[u8]) -> Option<usize> {
    let last = path.len().checked_sub(name.len() + 2)?;
    (0..=last).find(|&at| {
        path[at] == b'{'
            && path[at + name.len() + 1] == b'}'
            && &path[at + 1..=at + name.len()] == name
    })
}

/// Fails when a placeholder of the template is still unfilled (or a `{` unclosed).
pub(crate) fn check_filled(path: &str) -> Result<(), Error> {
    let Some(open) = path.find('{') else {
        return Ok(());
    };
    Err(match path[open..].find('}') {
        Some(close) => Error::invalid_request(format!(
            "path parameter `{}` has no value",
            &path[open + 1..open + close]
        )),
        None => Error::invalid_request(format!("unclosed `{{` in path template `{path}`")),
    })
}

/// Flattens any serializable value into JD Cloud's query pairs: nested members joined with `.`, list
/// items numbered from 1 (`filters.1.values.2`), `None` left out, booleans as `true`/`false`, in the
/// order the value serializes its members (a generated request: the documents' order).
pub fn to_query_pairs<T: Serialize + ?Sized>(
    value: &T,
) -> Result<Vec<(Cow<'static, str>, String)>, Error> {
    crate::query::to_query_pairs(value).map_err(query_error)
}

/// The same pairs as [`to_query_pairs`], encoded as a query string (`k=v&k=v`), in order.
pub fn to_query_string<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    let mut query = String::new();
    append_query(value, &mut query)?;
    Ok(query)
}

/// Appends the encoded pairs of `value` to `query`, joined with `&`; on error `query` is left as it was.
pub(crate) fn append_query<T: Serialize + ?Sized>(
    value: &T,
    query: &mut String,
) -> Result<(), Error> {
    crate::query::write_query(value, query).map_err(query_error)
}

fn query_error(e: crate::query::QueryError) -> Error {
    Error::invalid_request(format!("query parameters cannot be encoded: {e}"))
}

/// Decodes like Python's `unquote_plus`: `+` is a space, `%XX` a byte, invalid escapes stay as they are,
/// invalid UTF-8 becomes U+FFFD.
fn decode_plus(value: &str) -> String {
    let spaced = value.replace('+', " ");
    percent_decode_str(&spaced).decode_utf8_lossy().into_owned()
}

/// The unreserved bytes, as a table: every byte of every request is looked up here at least twice.
const UNRESERVED_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let byte = b as u8;
        table[b] = byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'_' | b'.' | b'~');
        b += 1;
    }
    table
};

fn is_unreserved(b: u8) -> bool {
    UNRESERVED_BYTES[usize::from(b)]
}

/// The value of an upper-case hex digit.
fn upper_hex(h: u8) -> Option<u8> {
    match h {
        b'0'..=b'9' => Some(h - b'0'),
        b'A'..=b'F' => Some(h - b'A' + 10),
        _ => None,
    }
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
        let escaped = match bytes.get(i..i + 3) {
            Some([b'%', high, low]) => upper_hex(*high)
                .zip(upper_hex(*low))
                .map(|(high, low)| high << 4 | low),
            _ => None,
        };
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

/// Canonical query pairs, on the stack for queries of up to a dozen pairs.
pub(crate) type QueryPairs<'q> = SmallVec<[(Cow<'q, str>, Option<Cow<'q, str>>); 12]>;

/// The pairs of the canonical query, decoded, re-encoded and sorted, borrowed where they already are.
pub(crate) fn canonical_query_pairs(query: &str, keep_bare_keys: bool) -> QueryPairs<'_> {
    let mut pairs = QueryPairs::new();
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
        assert!(
            expand_path("/v1/{id}", &[("id", "a"), ("other", "b")]).is_err(),
            "a parameter the path does not have"
        );
        // A value that looks like a placeholder is encoded and not filled again.
        assert_eq!(
            expand_path("/v1/{a}/{b}/{a}", &[("a", "{b}"), ("b", "x y")]).unwrap(),
            "/v1/%7Bb%7D/x%20y/%7Bb%7D"
        );
        assert!(expand_path("/v1/{a", &[]).is_err());
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
        fn encoding_matches_the_percent_encoding_crate(text in "\\PC{0,16}|[ -~]{0,16}") {
            let mut ours = String::new();
            push_encoded(&mut ours, &text);
            proptest::prop_assert_eq!(ours, utf8_percent_encode(&text, UNRESERVED).to_string());
        }

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
    fn query_strings_are_the_pairs_encoded_in_order() {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Query {
            page_size: i32,
            names: Vec<&'static str>,
        }
        let query = Query {
            page_size: 10,
            names: vec!["a b", "c&d"],
        };
        assert_eq!(
            to_query_string(&query).unwrap(),
            "pageSize=10&names.1=a%20b&names.2=c%26d"
        );
        assert_eq!(to_query_pairs(&query).unwrap().len(), 3);
        let refused = to_query_string(&5).unwrap_err().to_string();
        assert!(
            refused.contains("query parameters cannot be encoded"),
            "{refused}"
        );
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
