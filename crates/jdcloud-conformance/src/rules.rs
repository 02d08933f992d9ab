//! The official SDK's known quirks, each a named rule that rewrites what the SDK sent into the form the
//! documents describe before the two requests are compared. Rules only ever touch the SDK's side, and
//! only in the way their description says; the report lists each with the number of operations it
//! changed, so that none hides anything unseen. Any difference left after them is a disagreement.

use jdcloud_model::{Method, Operation};
use serde_json::Value;

use crate::captured::Captured;

/// A known quirk of jdcloud-sdk 1.6.354.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Rule {
    /// Writes (POST, PUT, PATCH) carry every parameter in the JSON body, path ones included, and no
    /// query string.
    WritesRepeatParametersInTheBody,
    /// Optional parameters left unset are sent as `null` members of the body.
    UnsetParametersSentAsNull,
    /// Booleans in the query are Python's `True` and `False`.
    PythonBooleansInTheQuery,
    /// Path values are inserted into the URL as they are, not percent-encoded.
    PathValuesInsertedRaw,
    /// The SDK's request file is not valid Python 3 (`self.async = None`).
    RequestFileNotPython3,
    /// A documented parameter the SDK's parameters class does not have.
    ParameterMissingFromSdkClass,
}

impl Rule {
    /// Every rule, in report order.
    pub const ALL: [Rule; 6] = [
        Rule::WritesRepeatParametersInTheBody,
        Rule::UnsetParametersSentAsNull,
        Rule::PythonBooleansInTheQuery,
        Rule::PathValuesInsertedRaw,
        Rule::RequestFileNotPython3,
        Rule::ParameterMissingFromSdkClass,
    ];

    /// The rule's name in the report.
    pub fn name(self) -> &'static str {
        match self {
            Rule::WritesRepeatParametersInTheBody => "writes-repeat-parameters-in-the-body",
            Rule::UnsetParametersSentAsNull => "unset-parameters-sent-as-null",
            Rule::PythonBooleansInTheQuery => "python-booleans-in-the-query",
            Rule::PathValuesInsertedRaw => "path-values-inserted-raw",
            Rule::RequestFileNotPython3 => "request-file-not-python-3",
            Rule::ParameterMissingFromSdkClass => "parameter-missing-from-the-sdk-class",
        }
    }

    /// What the rule does, for the report.
    pub fn description(self) -> &'static str {
        match self {
            Rule::WritesRepeatParametersInTheBody => {
                "the SDK's writes send every parameter in the body and no query: body members that are path \
                 parameters are dropped, those we send in the query are moved to the SDK's query as the SDK \
                 encodes queries (so for writes the SDK cannot tell query from body)"
            }
            Rule::UnsetParametersSentAsNull => "`null` members of the SDK's body are dropped",
            Rule::PythonBooleansInTheQuery => "`True`/`False` in the SDK's query read as `true`/`false`",
            Rule::PathValuesInsertedRaw => {
                "paths are compared percent-decoded (the SDK inserts path values unencoded)"
            }
            Rule::RequestFileNotPython3 => {
                "the request is built as the SDK's file builds it (its URL, method, version and parameters \
                 class attributes), since Python 3 cannot import the file"
            }
            Rule::ParameterMissingFromSdkClass => {
                "a documented parameter the SDK's parameters class lacks is set on it as an attribute, \
                 which the SDK's client sends like any other"
            }
        }
    }
}

/// The query pairs the SDK makes of parameter `key` with `value` (its `_build_params`): scalars as
/// Python prints them, lists as `key.1=`, `key.2=`..., objects in lists as `key.1.member=`. `None` for
/// what it cannot express that way (an object outside a list, a float in a list).
pub fn sdk_query_pairs(key: &str, value: &Value) -> Option<Vec<(String, String)>> {
    fn scalar(value: &Value) -> Option<String> {
        match value {
            Value::String(s) => Some(s.clone()),
            Value::Bool(true) => Some("True".to_owned()),
            Value::Bool(false) => Some("False".to_owned()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }
    fn object(
        prefix: &str,
        map: &serde_json::Map<String, Value>,
        out: &mut Vec<(String, String)>,
    ) -> Option<()> {
        for (key, value) in map {
            members(&format!("{prefix}{key}"), value, out)?;
        }
        Some(())
    }
    fn members(key: &str, value: &Value, out: &mut Vec<(String, String)>) -> Option<()> {
        match value {
            Value::Null => {}
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    let at = format!("{key}.{}", i + 1);
                    match item {
                        Value::String(_) | Value::Bool(_) => out.push((at, scalar(item)?)),
                        Value::Number(n) if n.is_i64() || n.is_u64() => {
                            out.push((at, n.to_string()))
                        }
                        Value::Object(map) => object(&format!("{at}."), map, out)?,
                        _ => return None,
                    }
                }
            }
            Value::Object(_) => return None,
            _ => out.push((key.to_owned(), scalar(value)?)),
        }
        Some(())
    }
    let mut out = Vec::new();
    members(key, value, &mut out)?;
    Some(out)
}

/// The placeholders of a path template (`{regionId}` -> `regionId`).
fn placeholders(template: &str) -> impl Iterator<Item = &str> {
    template
        .split('{')
        .skip(1)
        .filter_map(|part| part.split_once('}').map(|(name, _)| name))
}

/// Rewrites `theirs` (the SDK's request for `op`) by the rules, looking at `ours` only to know which
/// query keys we chose; returns the rules that changed something.
pub fn normalize(op: &Operation, ours: &Captured, theirs: &mut Captured) -> Vec<Rule> {
    let mut applied = Vec::new();
    let write = matches!(op.method, Method::Post | Method::Put | Method::Patch);

    if let Some(Value::Object(body)) = &mut theirs.body {
        let before = body.len();
        body.retain(|_, v| !v.is_null());
        if body.len() != before {
            applied.push(Rule::UnsetParametersSentAsNull);
        }
    }

    if write {
        if let Some(Value::Object(body)) = &mut theirs.body {
            let mut changed = false;
            for name in placeholders(&op.path)
                .chain(op.host.as_deref().map(placeholders).into_iter().flatten())
            {
                changed |= body.remove(name).is_some();
            }
            let our_keys: Vec<String> = ours
                .query
                .iter()
                .map(|(k, _)| k.split('.').next().unwrap_or(k).to_owned())
                .collect();
            for key in our_keys {
                let Some(value) = body.get(&key) else {
                    continue;
                };
                if let Some(pairs) = sdk_query_pairs(&key, value) {
                    body.remove(&key);
                    theirs.query.extend(pairs);
                    changed = true;
                }
            }
            if changed {
                theirs.query.sort();
                applied.push(Rule::WritesRepeatParametersInTheBody);
            }
        }
    }

    let mut booleans = false;
    for (_, value) in &mut theirs.query {
        let lowered = match value.as_str() {
            "True" => "true",
            "False" => "false",
            _ => continue,
        };
        *value = lowered.to_owned();
        booleans = true;
    }
    if booleans {
        theirs.query.sort();
        applied.push(Rule::PythonBooleansInTheQuery);
    }

    if theirs.raw_path != ours.raw_path && theirs.path == ours.path {
        applied.push(Rule::PathValuesInsertedRaw);
    }

    applied
}

#[cfg(test)]
mod tests;
