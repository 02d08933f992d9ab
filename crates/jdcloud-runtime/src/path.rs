//! Path templates (`/v1/regions/{regionId}/x/{id}:act`) filled with values encoded as single segments.

use std::borrow::Cow;

use crate::error::Error;
use crate::percent::{is_unreserved, query_component};

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
}
