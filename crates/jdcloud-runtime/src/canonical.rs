//! The canonical path and query of the signature: decoded, re-encoded with only `A-Za-z0-9-_.~` bare and
//! upper-case hex, runs of `/` folded, pairs sorted. Borrowed where the text already is canonical, which
//! is what this client sends.

use std::borrow::Cow;

use percent_encoding::utf8_percent_encode;
use smallvec::SmallVec;

use crate::percent::{
    decode_plus, is_unreserved, query_component, upper_hex, UNRESERVED_AND_SLASH,
};

/// The canonical path of the signature: decoded, runs of `/` folded, re-encoded leaving `/` bare.
pub fn canonical_path(path: &str) -> Cow<'_, str> {
    // Fast path: what the client itself sends is usually its own canonical form already.
    if path.starts_with('/') && is_canonical(path, true) {
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
/// (and in paths `/`, never two in a row, which would be folded) and upper-case `%XX` escapes of ASCII
/// bytes that are not (`%2F` in a path decodes to a bare `/`; escapes of non-ASCII bytes and `+` take
/// the slow path).
fn is_canonical(text: &str, path: bool) -> bool {
    let bytes = text.as_bytes();
    if path {
        let mut i = 0;
        while i < bytes.len() {
            i = canonical_run(bytes, i, true);
            match bytes.get(i) {
                None => return true,
                Some(b'/') if i == 0 || bytes[i - 1] != b'/' => i += 1,
                Some(_) => return false,
            }
        }
        true
    } else {
        canonical_run(bytes, 0, false) == bytes.len()
    }
}

/// The end of the run of canonical text from `start`: unreserved bytes and escapes that decoding and
/// re-encoding keep (see [`is_canonical`]); the index of the first byte that is neither.
fn canonical_run(bytes: &[u8], start: usize, path: bool) -> usize {
    let mut i = start;
    loop {
        while i < bytes.len() && is_unreserved(bytes[i]) {
            i += 1;
        }
        let escaped = match bytes.get(i..i + 3) {
            Some([b'%', high, low]) => upper_hex(*high)
                .zip(upper_hex(*low))
                .map(|(high, low)| high << 4 | low),
            _ => return i,
        };
        match escaped {
            Some(decoded)
                if decoded.is_ascii() && !is_unreserved(decoded) && !(path && decoded == b'/') =>
            {
                i += 3
            }
            _ => return i,
        }
    }
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
    canonical_query_text(query, keep_bare_keys).into_owned()
}

/// The canonical query, borrowed when the query already is canonical, which is what this client sends
/// (its query serializer writes canonical components, sorted): then signing copies nothing.
pub(crate) fn canonical_query_text(query: &str, keep_bare_keys: bool) -> Cow<'_, str> {
    if is_canonical_query(query) {
        return Cow::Borrowed(query);
    }
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
    Cow::Owned(out)
}

/// Whether the pairs path would give `query` back unchanged: no empty piece, every piece a non-empty
/// key, `=` and a value, both canonical, and the pairs in order (a bare key would be left out or
/// given an `=`, either way a change). One pass over the bytes: each key and value is the canonical
/// run that ends at its `=` or `&`.
fn is_canonical_query(query: &str) -> bool {
    let bytes = query.as_bytes();
    if bytes.is_empty() {
        return true;
    }
    let mut previous: Option<(&[u8], &[u8])> = None;
    let mut start = 0;
    loop {
        let equals = canonical_run(bytes, start, false);
        if equals == start || bytes.get(equals) != Some(&b'=') {
            return false;
        }
        let end = canonical_run(bytes, equals + 1, false);
        let pair = (&bytes[start..equals], &bytes[equals + 1..end]);
        if previous.is_some_and(|previous| previous > pair) {
            return false;
        }
        previous = Some(pair);
        match bytes.get(end) {
            None => return true,
            Some(b'&') => start = end + 1,
            Some(_) => return false,
        }
    }
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
        // What the client sends takes it, escapes with digits included.
        assert!(is_canonical("2026-11-01T00%3A00%3A00Z", false));
        assert!(is_canonical("a%21b%20c%2C%3D", false));
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

    /// The canonical query as the pairs path writes it, without the fast path.
    fn query_by_pairs(query: &str, keep_bare_keys: bool) -> String {
        let pairs = canonical_query_pairs(query, keep_bare_keys);
        let pairs: Vec<String> = pairs
            .iter()
            .map(|(key, value)| format!("{key}={}", value.as_deref().unwrap_or("")))
            .collect();
        pairs.join("&")
    }

    proptest::proptest! {
        #[test]
        fn the_query_fast_path_gives_what_the_pairs_give(
            query in "(([ab~]|%3[Aa]|%2|\\+|ü){0,2}(=([ab1]|%3A|=|\\+){0,2})?&?){0,4}",
            keep_bare_keys: bool,
        ) {
            let text = canonical_query_text(&query, keep_bare_keys);
            proptest::prop_assert_eq!(text.as_ref(), query_by_pairs(&query, keep_bare_keys));
        }
    }

    #[test]
    fn queries_the_client_sends_are_borrowed() {
        for query in [
            "",
            "a=1",
            "a=0&a=1&b=",
            "pageNumber=1&pageSize=10&startTime=2026-11-01T00%3A00%3A00Z",
        ] {
            assert!(matches!(canonical_query_text(query, false), Cow::Borrowed(q) if q == query));
        }
        for query in [
            "b=1&a=1", "a=1&", "a", "=1", "a=1&&b=2", "a=%3a", "a=b=c", "a=x+y",
        ] {
            let text = canonical_query_text(query, false);
            assert!(matches!(text, Cow::Owned(_)), "{query}");
            assert_eq!(text, query_by_pairs(query, false), "{query}");
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
