//! A request as the capture server received it, read into the parts that are compared: method, path,
//! query pairs, headers and JSON body, each decoded to a canonical form.

use std::collections::BTreeMap;

use jdcloud_emulator::server::Seen;
use percent_encoding::percent_decode_str;
use serde_json::Value;

/// One captured request, decoded.
#[derive(Debug, Clone, PartialEq)]
pub struct Captured {
    /// `GET`, `POST`...
    pub method: String,
    /// The path as sent (percent-encoded as the sender chose).
    pub raw_path: String,
    /// The path, percent-decoded.
    pub path: String,
    /// Query pairs, percent-decoded (`+` stays a plus: neither side encodes spaces that way), sorted:
    /// a multiset.
    pub query: Vec<(String, String)>,
    /// Headers by lowercased name; repeated headers joined with `,`.
    pub headers: BTreeMap<String, String>,
    /// The body as JSON; `None` when it is empty, `Some(Value::String(raw))` when it is not JSON.
    pub body: Option<Value>,
}

fn decode(text: &str) -> String {
    percent_decode_str(text).decode_utf8_lossy().into_owned()
}

impl Captured {
    /// Reads a request the server saw.
    pub fn from_seen(seen: &Seen) -> Captured {
        let (raw_path, raw_query) = seen
            .target
            .split_once('?')
            .unwrap_or((seen.target.as_str(), ""));
        let mut query: Vec<(String, String)> = raw_query
            .split('&')
            .filter(|pair| !pair.is_empty())
            .map(|pair| {
                let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
                (decode(key), decode(value))
            })
            .collect();
        query.sort();
        let mut headers = BTreeMap::<String, String>::new();
        for (name, value) in &seen.headers {
            headers
                .entry(name.to_ascii_lowercase())
                .and_modify(|v| {
                    v.push(',');
                    v.push_str(value);
                })
                .or_insert_with(|| value.clone());
        }
        let body = if seen.body.trim().is_empty() {
            None
        } else {
            Some(
                serde_json::from_str(&seen.body)
                    .unwrap_or_else(|_| Value::String(seen.body.clone())),
            )
        };
        Captured {
            method: seen.method.clone(),
            raw_path: raw_path.to_owned(),
            path: decode(raw_path),
            query,
            headers,
            body,
        }
    }

    /// A header's value, by case-blind name.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .get(&name.to_ascii_lowercase())
            .map(String::as_str)
    }

    /// The values sent for the query key `key`, in sorted order.
    pub fn query_values(&self, key: &str) -> Vec<&str> {
        self.query
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seen(target: &str, headers: &[(&str, &str)], body: &str) -> Seen {
        Seen {
            method: "GET".to_owned(),
            target: target.to_owned(),
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
            body: body.to_owned(),
        }
    }

    #[test]
    fn decodes_path_and_query_into_a_sorted_multiset() {
        let c = Captured::from_seen(&seen(
            "/v1/regions/cn-north-1/a%20b?ids.2=y&ids.1=x&name=a%2Bb&flag",
            &[],
            "",
        ));
        assert_eq!(c.raw_path, "/v1/regions/cn-north-1/a%20b");
        assert_eq!(c.path, "/v1/regions/cn-north-1/a b");
        assert_eq!(
            c.query,
            [
                ("flag".to_owned(), String::new()),
                ("ids.1".to_owned(), "x".to_owned()),
                ("ids.2".to_owned(), "y".to_owned()),
                ("name".to_owned(), "a+b".to_owned()),
            ]
        );
        assert_eq!(c.query_values("ids.1"), ["x"]);
        assert_eq!(c.body, None);
    }

    #[test]
    fn headers_are_case_blind_and_bodies_json_when_they_can_be() {
        let c = Captured::from_seen(&seen(
            "/x",
            &[("X-Jdcloud-Pin", "a"), ("x-jdcloud-pin", "b")],
            r#"{"a":1}"#,
        ));
        assert_eq!(c.header("x-JDCLOUD-pin"), Some("a,b"));
        assert_eq!(c.body, Some(serde_json::json!({"a": 1})));
        let c = Captured::from_seen(&seen("/x", &[], "not json"));
        assert_eq!(c.body, Some(Value::String("not json".to_owned())));
    }
}
