//! A request read back into its operation's input, as JSON with the documented names, and checked
//! against the model: every required parameter present (in its location), every value of its type,
//! nested models included. The error names the parameter (`widgetSpec.name`).

use jdcloud_model::{Location, Operation, Type};
use serde_json::{Map, Value};

use crate::routes::decode;
use crate::server::Seen;

/// Values of JD Cloud's indexed query form (`filters.1.name=a&ids.2=b`), as JSON: numbers are
/// 1-based list positions, other parts member names; every leaf a string.
fn query_values(query: &str) -> Map<String, Value> {
    let mut root = Value::Object(Map::new());
    for pair in query.split('&').filter(|p| !p.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        let plus = |t: &str| decode(&t.replace('+', " "));
        let (key, value) = (plus(key), plus(value));
        let mut slot = &mut root;
        for part in key.split('.') {
            slot = match part.parse::<usize>() {
                Ok(index) if index >= 1 => {
                    if !slot.is_array() {
                        *slot = Value::Array(Vec::new());
                    }
                    let list = slot.as_array_mut().expect("made a list");
                    while list.len() < index {
                        list.push(Value::Null);
                    }
                    &mut list[index - 1]
                }
                _ => {
                    if !slot.is_object() {
                        *slot = Value::Object(Map::new());
                    }
                    slot.as_object_mut()
                        .expect("made an object")
                        .entry(part.to_owned())
                        .or_insert(Value::Null)
                }
            };
        }
        *slot = Value::String(value);
    }
    match root {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

/// The operation's input as the request carries it, checked.
pub(crate) fn input(
    op: &Operation,
    path: &std::collections::BTreeMap<String, String>,
    request: &Seen,
) -> Result<Value, String> {
    let query = request
        .target
        .split_once('?')
        .map_or_else(Map::new, |(_, q)| query_values(q));
    let body: Map<String, Value> = if request.body.trim().is_empty() {
        Map::new()
    } else {
        match serde_json::from_str(&request.body) {
            Ok(Value::Object(map)) => map,
            Ok(_) => return Err("the body is not a JSON object".to_owned()),
            Err(e) => return Err(format!("the body is not JSON: {e}")),
        }
    };
    let mut input = Map::new();
    for p in op.parameters.iter().filter(|p| !p.set_by_runtime) {
        let (value, from_text) = match p.location {
            Location::Path => (path.get(&p.name).cloned().map(Value::String), true),
            Location::Query => (query.get(&p.name).cloned(), true),
            Location::Header => (
                request.header(&p.name).map(|v| Value::String(v.to_owned())),
                true,
            ),
            Location::Body => (body.get(&p.name).cloned(), false),
            // The host is the emulator's own; host values are not seen.
            Location::Host => continue,
        };
        match value {
            None | Some(Value::Null) if p.required => {
                return Err(format!(
                    "missing required parameter `{}` ({})",
                    p.name,
                    where_word(p.location)
                ))
            }
            None | Some(Value::Null) => {}
            Some(value) => {
                fits(op, &value, &p.ty, &p.name, from_text)?;
                input.insert(p.name.clone(), value);
            }
        }
    }
    Ok(Value::Object(input))
}

fn where_word(location: Location) -> &'static str {
    match location {
        Location::Path => "path",
        Location::Query => "query",
        Location::Header => "header",
        Location::Body => "body",
        Location::Host => "host",
    }
}

/// Whether `value` is of type `ty`; `from_text`: scalars came as text (query, path, header) and are
/// read as the type would be written there (`true`, `10`).
fn fits(
    op: &Operation,
    value: &Value,
    ty: &Type,
    name: &str,
    from_text: bool,
) -> Result<(), String> {
    let wrong = |expected: &str| Err(format!("`{name}` must be {expected}, not {value}"));
    let text = value.as_str().filter(|_| from_text);
    match ty {
        Type::String => {
            if value.is_string() {
                Ok(())
            } else {
                wrong("a string")
            }
        }
        Type::Int32 | Type::Int64 => {
            let number = match text {
                Some(t) => t.parse::<i64>().ok(),
                None => value.as_i64(),
            };
            match number {
                Some(n) if *ty == Type::Int64 || i32::try_from(n).is_ok() => Ok(()),
                _ => wrong(if *ty == Type::Int32 {
                    "an int32"
                } else {
                    "an int64"
                }),
            }
        }
        Type::Float | Type::Double | Type::Number => {
            let ok = match text {
                Some(t) => t.parse::<f64>().is_ok(),
                None => value.is_number(),
            };
            if ok {
                Ok(())
            } else {
                wrong("a number")
            }
        }
        Type::Bool => {
            // The official SDKs send Python's `True` in queries; both spellings are read.
            let ok = match text {
                Some(t) => matches!(t, "true" | "false" | "True" | "False"),
                None => value.is_boolean(),
            };
            if ok {
                Ok(())
            } else {
                wrong("a boolean")
            }
        }
        Type::Object => Ok(()),
        Type::Array(inner) => match value.as_array() {
            Some(items) => items.iter().enumerate().try_for_each(|(i, item)| {
                fits(op, item, inner, &format!("{name}.{}", i + 1), from_text)
            }),
            None => wrong("a list"),
        },
        Type::Map(inner) => match value.as_object() {
            Some(members) => members
                .iter()
                .try_for_each(|(k, v)| fits(op, v, inner, &format!("{name}.{k}"), from_text)),
            None => wrong("a map"),
        },
        Type::Model(model) => {
            let Some(model) = op.model(model) else {
                return Ok(());
            };
            let Some(members) = value.as_object() else {
                return wrong("an object");
            };
            for field in &model.fields {
                let path = format!("{name}.{}", field.name);
                match members.get(&field.name) {
                    None | Some(Value::Null) if field.required => {
                        return Err(format!("missing required parameter `{path}`"))
                    }
                    None | Some(Value::Null) => {}
                    Some(member) => fits(op, member, &field.ty, &path, from_text)?,
                }
            }
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_indexed_query_form_reads_back_as_json() {
        let values = query_values("filters.1.name=az&filters.1.values.1=cn-north-1a&filters.1.values.2=b+c&ids.1=x&ids.2=y&pageSize=10");
        assert_eq!(
            Value::Object(values),
            serde_json::json!({
                "filters": [{"name": "az", "values": ["cn-north-1a", "b c"]}],
                "ids": ["x", "y"],
                "pageSize": "10",
            })
        );
    }
}
