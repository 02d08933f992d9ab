//! Two requests for one operation, compared part by part: method, path (decoded), query pairs (as a
//! multiset), JSON body (as JSON values, member by member), and the operation's header parameters.

use std::collections::BTreeSet;

use jdcloud_model::{Location, Operation};
use serde_json::Value;

use crate::captured::Captured;

/// One part in which the two requests differ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Difference {
    /// `method`, `path`, `query <key>`, `body`, `body.<member>`, `header <name>`, `signature`,
    /// `request`.
    pub field: String,
    /// What the generated crate sent.
    pub ours: String,
    /// What the SDK sent.
    pub theirs: String,
}

impl Difference {
    /// A difference in `field`.
    pub fn new(
        field: impl Into<String>,
        ours: impl Into<String>,
        theirs: impl Into<String>,
    ) -> Self {
        Difference {
            field: field.into(),
            ours: ours.into(),
            theirs: theirs.into(),
        }
    }
}

const ABSENT: &str = "(absent)";

fn json(value: Option<&Value>) -> String {
    value.map_or_else(|| ABSENT.to_owned(), Value::to_string)
}

/// Where `ours` and `theirs` (already normalised) differ.
pub fn differences(op: &Operation, ours: &Captured, theirs: &Captured) -> Vec<Difference> {
    let mut found = Vec::new();
    if ours.method != theirs.method {
        found.push(Difference::new("method", &ours.method, &theirs.method));
    }
    if ours.path != theirs.path {
        found.push(Difference::new("path", &ours.path, &theirs.path));
    }

    let keys: BTreeSet<&str> = ours
        .query
        .iter()
        .chain(&theirs.query)
        .map(|(k, _)| k.as_str())
        .collect();
    for key in keys {
        let (a, b) = (ours.query_values(key), theirs.query_values(key));
        if a != b {
            let show = |v: Vec<&str>| {
                if v.is_empty() {
                    ABSENT.to_owned()
                } else {
                    v.join(", ")
                }
            };
            found.push(Difference::new(format!("query {key}"), show(a), show(b)));
        }
    }

    let empty = Value::Object(serde_json::Map::new());
    let (a, b) = match (&ours.body, &theirs.body) {
        // One side has members where the other has no body: name the members.
        (Some(Value::Object(a)), None) if !a.is_empty() => (ours.body.as_ref(), Some(&empty)),
        (None, Some(Value::Object(b))) if !b.is_empty() => (Some(&empty), theirs.body.as_ref()),
        (a, b) => (a.as_ref(), b.as_ref()),
    };
    match (a, b) {
        (Some(Value::Object(a)), Some(Value::Object(b))) => {
            let members: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
            for member in members {
                if a.get(member) != b.get(member) {
                    found.push(Difference::new(
                        format!("body.{member}"),
                        json(a.get(member)),
                        json(b.get(member)),
                    ));
                }
            }
        }
        (a, b) if a != b => found.push(Difference::new("body", json(a), json(b))),
        _ => {}
    }

    // Headers the runtime sets itself (the signature's) differ by nature; the signature is checked
    // on its own.
    for p in op
        .parameters
        .iter()
        .filter(|p| p.location == Location::Header && !p.set_by_runtime)
    {
        let (a, b) = (ours.header(&p.name), theirs.header(&p.name));
        if a != b {
            found.push(Difference::new(
                format!("header {}", p.name.to_ascii_lowercase()),
                a.unwrap_or(ABSENT),
                b.unwrap_or(ABSENT),
            ));
        }
    }
    found
}
