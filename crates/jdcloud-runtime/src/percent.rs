//! Percent-encoding as JD Cloud's signature wants it: only `A-Za-z0-9-_.~` left bare, upper-case hex,
//! and decoding like Python's `unquote_plus` (`+` is a space).
//!
//! The leaf of the runtime: it knows nothing of requests. `percent_encoding` does the general work;
//! [`push_encoded`] is written out because it runs over every byte of every request.

use percent_encoding::{percent_decode_str, AsciiSet, NON_ALPHANUMERIC};

/// Everything but the unreserved characters `A-Za-z0-9-_.~` is encoded.
pub(crate) const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');
/// The same, leaving `/` bare (canonical paths).
pub(crate) const UNRESERVED_AND_SLASH: &AsciiSet = &UNRESERVED.remove(b'/');

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

/// Decodes like Python's `unquote_plus`: `+` is a space, `%XX` a byte, invalid escapes stay as they are,
/// invalid UTF-8 becomes U+FFFD.
pub(crate) fn decode_plus(value: &str) -> String {
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

pub(crate) fn is_unreserved(b: u8) -> bool {
    UNRESERVED_BYTES[usize::from(b)]
}

/// The value of an upper-case hex digit.
pub(crate) fn upper_hex(h: u8) -> Option<u8> {
    match h {
        b'0'..=b'9' => Some(h - b'0'),
        b'A'..=b'F' => Some(h - b'A' + 10),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use percent_encoding::utf8_percent_encode;

    use super::*;

    proptest::proptest! {
        #[test]
        fn encoding_matches_the_percent_encoding_crate(text in "\\PC{0,16}|[ -~]{0,16}") {
            let mut ours = String::new();
            push_encoded(&mut ours, &text);
            proptest::prop_assert_eq!(ours, utf8_percent_encode(&text, UNRESERVED).to_string());
        }
    }

    #[test]
    fn plus_is_a_space_and_bad_escapes_stay() {
        assert_eq!(decode_plus("a+b%20c%zz%"), "a b c%zz%");
        assert_eq!(query_component("a b/ü~"), "a%20b%2F%C3%BC~");
    }
}
