//! JDCLOUD2-HMAC-SHA256, the previous generation, written plainly from its description for the
//! emulator to verify signatures with, as [`crate::jdcloud3`] is for the current one: the path is
//! signed as sent, a query key without a value is written `key=`, there is no implicit `host`, and
//! header values lose their surrounding spaces and have inner runs of spaces made one. It shares no
//! code with the runtime's signer; `agrees_with_every_reference_vector` holds it to the vectors JD
//! Cloud's own Rust signer crate computed.

use crate::jdcloud3::{assemble, query_pairs, sign};

/// Every `key=value` (or bare `key`, as `key=`) decoded and re-encoded, sorted; empty keys left out.
pub fn canonical_query(query: &str) -> String {
    query_pairs(query, true)
}

/// Spaces around a value removed, inner runs of spaces made one (other whitespace kept).
fn header_value(value: &str) -> String {
    value
        .trim_matches(' ')
        .split(' ')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The canonical request of `method target` with the signed `headers` and `body`: the path as sent.
pub fn canonical_request(
    method: &str,
    target: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> String {
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let lines = headers
        .iter()
        .map(|(name, value)| (name.to_ascii_lowercase(), header_value(value)))
        .collect();
    let path = if path.is_empty() { "/" } else { path };
    assemble(method, path, &canonical_query(query), lines, body)
}

/// The hex signature of a canonical request.
pub fn signature(
    secret: &str,
    date: &str,
    region: &str,
    service: &str,
    canonical_request: &str,
) -> String {
    sign("JDCLOUD2", secret, date, region, service, canonical_request)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn agrees_with_every_reference_vector() {
        #[derive(serde::Deserialize)]
        struct File {
            cases: Vec<Case>,
        }
        #[derive(serde::Deserialize)]
        struct Case {
            name: String,
            method: String,
            url: String,
            headers: std::collections::BTreeMap<String, String>,
            body: String,
            authorization: String,
            secret_key: String,
            date: String,
            region: String,
            service: String,
            nonce: String,
            security_token: Option<String>,
        }
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../jdcloud-runtime/tests/vectors/jdcloud2.json"
        );
        let file: File = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
        assert!(file.cases.len() >= 20);
        for case in &file.cases {
            let uri: http::Uri = case.url.parse().unwrap();
            let target = uri.path_and_query().map_or("/", |p| p.as_str());
            // Signed: the headers given, the date and the nonce (and the token, when there is one),
            // as the authorization's SignedHeaders lists them.
            let signed_names = case
                .authorization
                .split("SignedHeaders=")
                .nth(1)
                .and_then(|rest| rest.split(',').next())
                .unwrap();
            let mut all: Vec<(String, String)> = case
                .headers
                .iter()
                .map(|(k, v)| (k.to_ascii_lowercase(), v.clone()))
                .collect();
            all.push(("x-jdcloud-date".into(), case.date.clone()));
            all.push(("x-jdcloud-nonce".into(), case.nonce.clone()));
            if let Some(token) = &case.security_token {
                all.push(("x-jdcloud-security-token".into(), token.clone()));
            }
            let headers: Vec<(&str, &str)> = signed_names
                .split(';')
                .map(|name| {
                    let (n, v) = all
                        .iter()
                        .find(|(n, _)| n == name)
                        .unwrap_or_else(|| panic!("{}: no header {name}", case.name));
                    (n.as_str(), v.as_str())
                })
                .collect();
            let canonical = canonical_request(&case.method, target, &headers, case.body.as_bytes());
            let expected = signature(
                &case.secret_key,
                &case.date,
                &case.region,
                &case.service,
                &canonical,
            );
            assert!(
                case.authorization
                    .ends_with(&format!("Signature={expected}")),
                "{}: {}\n{canonical}",
                case.name,
                case.authorization
            );
        }
    }
}
