//! Deterministic sample values shaped from the model, for replies: every field of a model present (a
//! model met again inside itself is left out), one item per list, one entry per map.

use jdcloud_model::{Field, Operation, Type};
use serde_json::{Map, Value};

/// A sample of `ty` named `name` (strings are `"<name>-1"`).
pub(crate) fn value(
    op: &Operation,
    ty: &Type,
    name: &str,
    stack: &mut Vec<String>,
) -> Option<Value> {
    Some(match ty {
        Type::String => Value::String(format!("{name}-1")),
        Type::Int32 | Type::Int64 => Value::from(1),
        Type::Float | Type::Double | Type::Number => Value::from(1.5),
        Type::Bool => Value::Bool(true),
        Type::Object => Value::Object(Map::new()),
        Type::Array(inner) => Value::Array(value(op, inner, name, stack).into_iter().collect()),
        Type::Map(inner) => {
            let mut map = Map::new();
            if let Some(v) = value(op, inner, name, stack) {
                map.insert("key".to_owned(), v);
            }
            Value::Object(map)
        }
        Type::Model(model) => {
            if stack.iter().any(|m| m == model) {
                return None;
            }
            let Some(definition) = op.model(model) else {
                return Some(Value::Object(Map::new()));
            };
            stack.push(model.clone());
            let object = members(op, &definition.fields, stack);
            stack.pop();
            Value::Object(object)
        }
    })
}

/// A sample object of `fields`.
pub(crate) fn members(
    op: &Operation,
    fields: &[Field],
    stack: &mut Vec<String>,
) -> Map<String, Value> {
    fields
        .iter()
        .filter_map(|f| Some((f.name.clone(), value(op, &f.ty, &f.name, stack)?)))
        .collect()
}

/// The `result` of a successful reply: its documented type, or the return table's top-level
/// members; `None` when the documents give none.
pub(crate) fn result(op: &Operation) -> Option<Value> {
    if let Some(ty) = op.result_type() {
        return value(op, ty, "result", &mut Vec::new());
    }
    let fields: Vec<Field> = op.top_level_result_members().cloned().collect();
    (!fields.is_empty()).then(|| Value::Object(members(op, &fields, &mut Vec::new())))
}

/// A sample input of `op`: every parameter users set (required and optional, host values too), as
/// JSON with the documented names; `regionId` is `cn-north-1`.
pub fn input(op: &Operation) -> Value {
    let mut stack = Vec::new();
    let members = op
        .parameters
        .iter()
        .filter(|p| !p.set_by_runtime)
        .filter_map(|p| {
            let value = if p.name == "regionId" {
                Value::String("cn-north-1".to_owned())
            } else {
                value(op, &p.ty, &p.name, &mut stack)?
            };
            Some((p.name.clone(), value))
        })
        .collect();
    Value::Object(members)
}
