//! The request method and address of an operation: host and path templates, the API version, and the
//! placeholders of each.

use jdcloud_model::Method;

use crate::diagnostic::Sink;

/// A request address, split into what the model needs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Address {
    /// Host template (`redis.jdcloud-api.com`), when the address has a host.
    pub(crate) host: Option<String>,
    /// Path template (`/v1/regions/{regionId}/cacheInstance`).
    pub(crate) path: String,
    /// The path's first segment, when it is a version (`v1`).
    pub(crate) version: Option<String>,
    /// The `{name}`s of the path, in order, each once.
    pub(crate) path_placeholders: Vec<String>,
    /// The `{name}`s of the host (`{regionId}` in `monitor.{regionId}.jdcloud-api.com`).
    pub(crate) host_placeholders: Vec<String>,
    /// Byte offset of the address paragraph, for diagnostics.
    pub(crate) start: usize,
}

/// The method a `Request Method` paragraph (or an overview cell) names, in any case.
pub(crate) fn parse_method(word: &str) -> Option<Method> {
    let word = word.split_whitespace().next()?.to_ascii_uppercase();
    Method::ALL.into_iter().find(|m| m.as_str() == word)
}

/// Reads the address paragraph at `start`: host, path (without query or fragment; a doubled version
/// prefix made one), version, and the placeholders of each. `None` when it holds no URL or a malformed
/// placeholder; the sink has the error.
pub(crate) fn parse_address(raw: &str, start: usize, sink: &mut Sink<'_>) -> Option<Address> {
    let url = url_token(raw).map(|w| w.trim_matches(['`', '<', '>', '\'', '"', '(', ')']));
    let Some(url) = url else {
        sink.error(
            start,
            "invalid-address",
            format!("`{raw}` is not a URL"),
            "a URL template such as `https://redis.jdcloud-api.com/v1/regions/{regionId}/cacheInstance`",
        );
        return None;
    };
    let (host, path) = match url.split_once("://") {
        Some((_, rest)) => match rest.find('/') {
            Some(slash) => (Some(rest[..slash].to_owned()), rest[slash..].to_owned()),
            None => (Some(rest.to_owned()), "/".to_owned()),
        },
        None => (None, url.to_owned()),
    };
    let mut path = path.split(['?', '#']).next().unwrap_or("/").to_owned();
    let mut segments = path.split('/').filter(|s| !s.is_empty());
    if let (Some(first), Some(second)) = (segments.next(), segments.next()) {
        if first == second && is_version(first) {
            let doubled = format!("/{first}/{second}");
            sink.warn(
                start,
                "doubled-version",
                format!("the path starts with its version twice (`{doubled}`)"),
                format!("one version prefix; read as `/{first}`"),
            );
            path = path.replacen(&doubled, &format!("/{first}"), 1);
        }
    }
    let path_placeholders = match placeholders(&path) {
        Ok(p) => p,
        Err(bad) => {
            let at = sink.source.text()[start..]
                .find(&bad)
                .map_or(start, |i| start + i);
            sink.error(
                at,
                "invalid-address",
                format!("path placeholder `{bad}` is not a name"),
                "placeholders such as `{regionId}`",
            );
            return None;
        }
    };
    let host_placeholders = host
        .as_deref()
        .map(placeholders)
        .and_then(Result::ok)
        .unwrap_or_default();
    let version = path
        .split('/')
        .find(|s| !s.is_empty())
        .filter(|s| is_version(s))
        .map(str::to_owned);
    Some(Address {
        host,
        path,
        version,
        path_placeholders,
        host_placeholders,
        start,
    })
}

/// The URL in an address paragraph: the first word holding `://` or starting with `/`, where a word
/// goes on through spaces inside `{...}`.
fn url_token(raw: &str) -> Option<&str> {
    let mut word_start = None;
    let mut depth = 0usize;
    for (i, c) in raw.char_indices().chain(std::iter::once((raw.len(), ' '))) {
        match c {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            c if c.is_whitespace() && depth == 0 => {
                if let Some(start) = word_start.take() {
                    let word = &raw[start..i];
                    if word.contains("://") || word.starts_with('/') {
                        return Some(word);
                    }
                }
                continue;
            }
            _ => {}
        }
        word_start.get_or_insert(i);
    }
    None
}

fn is_version(segment: &str) -> bool {
    let digits = segment.strip_prefix(['v', 'V']).unwrap_or(segment);
    !digits.is_empty()
        && digits.starts_with(|c: char| c.is_ascii_digit())
        && digits.chars().all(|c| c.is_ascii_digit() || c == '.')
        && (segment.starts_with(['v', 'V']) || digits.contains('.'))
}

/// The `{name}` placeholders of a template, in order; the error is a malformed one.
fn placeholders(template: &str) -> Result<Vec<String>, String> {
    let mut out = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            return Err(rest[open..].to_owned());
        };
        let name = &rest[open + 1..open + close];
        if name.is_empty()
            || !name
                .chars()
                .all(|c| c.is_alphanumeric() || c == '_' || c == '-')
        {
            return Err(format!("{{{name}}}"));
        }
        if !out.iter().any(|n| n == name) {
            out.push(name.to_owned());
        }
        rest = &rest[open + close + 1..];
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::SourceText;

    fn address(raw: &str) -> (Option<Address>, Vec<String>) {
        let source = SourceText::new(raw);
        let mut sink = Sink::new("x.md", &source);
        let address = parse_address(raw, 0, &mut sink);
        let codes = sink
            .into_diagnostics()
            .into_iter()
            .map(|d| d.code.to_owned())
            .collect();
        (address, codes)
    }

    #[test]
    fn an_address_splits_into_host_path_version_and_placeholders() {
        let (parsed, codes) = address(
            "`https://monitor.{regionId}.jdcloud-api.com/v1/v1/regions/{regionId}/x/{id}:act?a=1`",
        );
        assert_eq!(
            parsed,
            Some(Address {
                host: Some("monitor.{regionId}.jdcloud-api.com".to_owned()),
                path: "/v1/regions/{regionId}/x/{id}:act".to_owned(),
                version: Some("v1".to_owned()),
                path_placeholders: vec!["regionId".to_owned(), "id".to_owned()],
                host_placeholders: vec!["regionId".to_owned()],
                start: 0,
            })
        );
        assert_eq!(codes, ["doubled-version"]);
    }

    #[test]
    fn a_path_alone_and_spaces_inside_placeholders() {
        let (parsed, codes) = address("GET /2.0/things/{ thing id }");
        assert!(
            codes.is_empty() || codes == ["invalid-address"],
            "{codes:?}"
        );
        let (parsed_plain, _) = address("see /2.0/things/{thingId} here");
        let plain = parsed_plain.unwrap();
        assert_eq!(plain.host, None);
        assert_eq!(plain.version.as_deref(), Some("2.0"));
        assert_eq!(plain.path_placeholders, ["thingId"]);
        // `{ thing id }` is one word of the URL, and not a name.
        assert!(parsed.is_none());
    }

    #[test]
    fn no_url_is_an_error() {
        let (parsed, codes) = address("to be announced");
        assert!(parsed.is_none());
        assert_eq!(codes, ["invalid-address"]);
        assert_eq!(parse_method(" post \n"), Some(Method::Post));
        assert_eq!(parse_method("FETCH"), None);
    }

    #[test]
    fn versions_and_placeholders() {
        for (segment, version) in [
            ("v1", true),
            ("V2", true),
            ("2.0", true),
            ("v1.5", true),
            ("2", false),
            ("v", false),
            ("va", false),
            ("v1a", false),
            ("things", false),
            (".5", false),
        ] {
            assert_eq!(is_version(segment), version, "{segment}");
        }
        assert_eq!(placeholders("/a/{x}/b/{y-z}/c/{x}").unwrap(), ["x", "y-z"]);
        // Adjacent placeholders are both read.
        assert_eq!(placeholders("/a/{abcd}{e}").unwrap(), ["abcd", "e"]);
        assert_eq!(placeholders("/a/{}").unwrap_err(), "{}");
        assert_eq!(placeholders("/a/{b c}").unwrap_err(), "{b c}");
        assert_eq!(placeholders("/a/{b").unwrap_err(), "{b");
    }
}
