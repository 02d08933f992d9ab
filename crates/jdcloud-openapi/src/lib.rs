//! A JD Cloud service's model as an OpenAPI 3.1 document, so that the model can be taken to the tools
//! users already have (Postman, oasdiff, other generators): every operation with its method, path,
//! parameters, JSON request body and reply envelope (`requestId`, `result`, `error`), the models as
//! component schemas, the server from the host template (a `regionId` variable where the host has
//! one), and JDCLOUD3 signing described as the security scheme. Descriptions are carried.
//!
//! What OpenAPI cannot say is kept in `x-jdcloud-*` extensions: the indexed query form of structured
//! values (`filters.1.name=...`), parameters the runtime sets, and where the documents contradict
//! themselves (a path parameter missing from the path template).
//!
//! The output is deterministic: objects are written with sorted keys (serde_json's default map).

#![deny(missing_docs)]

use std::collections::{BTreeMap, BTreeSet};

use jdcloud_model::{Location, Model, Operation, Service, Type};
use serde_json::{json, Map, Value};

/// The OpenAPI version written.
pub const OPENAPI_VERSION: &str = "3.1.0";

/// The document, pretty-printed with a final newline.
pub fn to_json(service: &Service) -> String {
    let mut text = serde_json::to_string_pretty(&to_openapi(service)).unwrap_or_default();
    text.push('\n');
    text
}

/// The document in the OpenAPI 3.0 form, for tools that read only 3.0 (progenitor's `openapiv3`).
///
/// The exporter writes no keyword that 3.0 lacks (no `null` in `type`, no `examples`, no numeric
/// `exclusiveMinimum`, no `const`), so the two forms differ in the version and in one rule: 3.0 ignores
/// the siblings of a `$ref`, so a described reference becomes `allOf: [$ref]` beside its description,
/// which keeps the description where 3.0 tools read it.
pub fn to_json_3_0(service: &Service) -> String {
    let mut document = to_openapi(service);
    document["openapi"] = Value::String(OPENAPI_3_0_VERSION.to_owned());
    wrap_described_refs(&mut document);
    let mut text = serde_json::to_string_pretty(&document).unwrap_or_default();
    text.push('\n');
    text
}

/// The OpenAPI version of [`to_json_3_0`].
pub const OPENAPI_3_0_VERSION: &str = "3.0.3";

/// `{"$ref": r, "description": d}` becomes `{"allOf": [{"$ref": r}], "description": d}`, everywhere.
fn wrap_described_refs(value: &mut Value) {
    match value {
        Value::Object(object) => {
            if object.len() > 1 {
                if let Some(reference) = object.remove("$ref") {
                    object.insert("allOf".to_owned(), json!([{ "$ref": reference }]));
                }
            }
            object.values_mut().for_each(wrap_described_refs);
        }
        Value::Array(items) => items.iter_mut().for_each(wrap_described_refs),
        _ => {}
    }
}

/// The document as a JSON value.
pub fn to_openapi(service: &Service) -> Value {
    let names = ComponentNames::new(service);
    let mut paths: BTreeMap<String, Map<String, Value>> = BTreeMap::new();
    let mut conflicts = Vec::new();
    for op in &service.operations {
        let method = op.method.as_str().to_ascii_lowercase();
        let item = paths.entry(op.path.clone()).or_default();
        if item.contains_key(&method) {
            // Two documented operations on one method and path: OpenAPI holds one; the other is named.
            conflicts
                .push(json!({"operationId": op.id, "method": op.method.as_str(), "path": op.path}));
            continue;
        }
        item.insert(method, operation(service, op, &names));
    }
    let mut schemas = Map::new();
    for op in &service.operations {
        for model in &op.models {
            let name = names.of(op, &model.name);
            schemas
                .entry(name)
                .or_insert_with(|| model_schema(op, model, &names));
        }
    }
    schemas.insert("Error".to_owned(), error_schema());
    let mut document = json!({
        "openapi": OPENAPI_VERSION,
        "info": info(service),
        "servers": [server(&service.endpoint.host)],
        "paths": paths,
        "components": {
            "schemas": schemas,
            "securitySchemes": {
                "jdcloud3": {
                    "type": "apiKey",
                    "in": "header",
                    "name": "Authorization",
                    "description": "JDCLOUD3-HMAC-SHA256: each request is signed with the access key's secret over its method, canonical path and query, signed headers (`host`, `x-jdcloud-date`, `x-jdcloud-nonce`, `content-type`...) and body hash, scoped to date, region and service; the header reads `JDCLOUD3-HMAC-SHA256 Credential=<access key>/<date>/<region>/<service>/jdcloud3_request, SignedHeaders=..., Signature=...`."
                }
            }
        },
        "security": [{"jdcloud3": []}],
    });
    if !conflicts.is_empty() {
        document["x-jdcloud-conflicting-operations"] = Value::Array(conflicts);
    }
    document
}

fn info(service: &Service) -> Value {
    let title = service
        .title
        .clone()
        .unwrap_or_else(|| format!("JD Cloud {} API", service.name));
    let mut info = json!({"title": title, "version": service.version});
    let mut description = service.description.clone().unwrap_or_default();
    if let Some(revision) = &service.revision {
        if !description.is_empty() {
            description.push_str("\n\n");
        }
        description.push_str(&format!("Revision {revision}."));
    }
    if !description.is_empty() {
        info["description"] = Value::String(description);
    }
    info
}

/// A server for a host template: `{name}` placeholders become variables (`regionId` defaults to
/// `cn-north-1`).
fn server(host: &str) -> Value {
    let mut server = json!({"url": format!("https://{host}")});
    let variables: Map<String, Value> = placeholders(host)
        .into_iter()
        .map(|name| {
            let default = if name == "regionId" {
                "cn-north-1"
            } else {
                name.as_str()
            };
            (name.clone(), json!({"default": default}))
        })
        .collect();
    if !variables.is_empty() {
        server["variables"] = Value::Object(variables);
    }
    server
}

fn placeholders(template: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let Some(end) = rest[start..].find('}') else {
            break;
        };
        let name = &rest[start + 1..start + end];
        if !name.is_empty() && !names.iter().any(|n| n == name) {
            names.push(name.to_owned());
        }
        rest = &rest[start + end + 1..];
    }
    names
}

fn operation(service: &Service, op: &Operation, names: &ComponentNames) -> Value {
    let mut object = json!({
        "operationId": op.id,
        "responses": {
            "200": {
                "description": "Success: the `result`, with the request's id.",
                "content": {"application/json": {"schema": {
                    "type": "object",
                    "properties": {
                        "requestId": {"type": "string"},
                        "result": result_schema(op, names),
                    },
                }}},
            },
            "default": {
                "description": "An error: the HTTP status, repeated in `error.code`, and its class in `error.status`.",
                "content": {"application/json": {"schema": {
                    "type": "object",
                    "properties": {
                        "requestId": {"type": "string"},
                        "error": {"$ref": "#/components/schemas/Error"},
                    },
                }}},
            },
        },
    });
    if let Some(summary) = op
        .description
        .lines()
        .next()
        .filter(|l| !l.trim().is_empty())
    {
        object["summary"] = Value::String(summary.trim().to_owned());
        object["description"] = Value::String(op.description.clone());
    }
    let in_path: BTreeSet<String> = placeholders(&op.path).into_iter().collect();
    let mut parameters = Vec::new();
    let mut undeclared = Vec::new();
    let mut body = Map::new();
    let mut body_required = Vec::new();
    for p in &op.parameters {
        let mut schema = schema_of(op, &p.ty, names);
        if let Some(default) = &p.default {
            schema = with_note(schema, &format!("Default: {default}."));
        }
        let location = match p.location {
            Location::Body => {
                let schema = describe(schema, &p.description);
                body.insert(p.name.clone(), schema);
                if p.required {
                    body_required.push(Value::String(p.name.clone()));
                }
                continue;
            }
            Location::Path if !in_path.contains(&p.name) => {
                undeclared.push(Value::String(p.name.clone()));
                continue;
            }
            Location::Path => "path",
            Location::Query => "query",
            Location::Header => "header",
            // Host parameters are the server's variables (below).
            Location::Host => continue,
        };
        let mut parameter = json!({
            "name": p.name,
            "in": location,
            "required": p.required || location == "path",
            "schema": schema,
        });
        if !p.description.is_empty() {
            parameter["description"] = Value::String(p.description.clone());
        }
        if location == "query" && structured(&p.ty) {
            parameter["x-jdcloud-encoding"] =
                Value::String("indexed: name.1=a&name.2=b, name.1.member=x (1-based)".to_owned());
        }
        if p.set_by_runtime {
            parameter["x-jdcloud-set-by-runtime"] = Value::Bool(true);
        }
        parameters.push(parameter);
    }
    // Placeholders of the path the documents give no parameter for.
    for name in &in_path {
        let documented = op
            .parameters
            .iter()
            .any(|p| p.location == Location::Path && p.name == *name);
        if !documented {
            parameters.push(json!({
                "name": name, "in": "path", "required": true, "schema": {"type": "string"},
                "description": "In the path template, but not documented as a parameter.",
            }));
        }
    }
    if !parameters.is_empty() {
        object["parameters"] = Value::Array(parameters);
    }
    if !undeclared.is_empty() {
        object["x-jdcloud-path-parameters-not-in-path"] = Value::Array(undeclared);
    }
    if !body.is_empty() {
        let mut schema = json!({"type": "object", "properties": body});
        if !body_required.is_empty() {
            schema["required"] = Value::Array(body_required.clone());
        }
        object["requestBody"] = json!({
            "required": !body_required.is_empty(),
            "content": {"application/json": {"schema": schema}},
        });
    }
    if let Some(host) = op.host.as_deref().filter(|h| *h != service.endpoint.host) {
        object["servers"] = json!([server(host)]);
    }
    object
}

fn structured(ty: &Type) -> bool {
    matches!(
        ty,
        Type::Array(_) | Type::Map(_) | Type::Model(_) | Type::Object
    )
}

/// The reply's `result`: the `result` row's type, or the other top-level rows as an object.
fn result_schema(op: &Operation, names: &ComponentNames) -> Value {
    if let Some(ty) = op.result_type() {
        return schema_of(op, ty, names);
    }
    let members: Map<String, Value> = op
        .top_level_result_members()
        .map(|f| {
            (
                f.name.clone(),
                describe(schema_of(op, &f.ty, names), &f.description),
            )
        })
        .collect();
    json!({"type": "object", "properties": members})
}

fn schema_of(op: &Operation, ty: &Type, names: &ComponentNames) -> Value {
    match ty {
        Type::String => json!({"type": "string"}),
        Type::Int32 => json!({"type": "integer", "format": "int32"}),
        Type::Int64 => json!({"type": "integer", "format": "int64"}),
        Type::Float => json!({"type": "number", "format": "float"}),
        Type::Double => json!({"type": "number", "format": "double"}),
        Type::Number => json!({"type": "number"}),
        Type::Bool => json!({"type": "boolean"}),
        Type::Object => json!({"type": "object"}),
        Type::Array(inner) => json!({"type": "array", "items": schema_of(op, inner, names)}),
        Type::Map(inner) => {
            json!({"type": "object", "additionalProperties": schema_of(op, inner, names)})
        }
        Type::Model(name) if op.model(name).is_some() => {
            json!({"$ref": format!("#/components/schemas/{}", names.of(op, name))})
        }
        // A model named but not defined: any JSON value.
        Type::Model(name) => {
            json!({"description": format!("`{name}`, not defined in the documents.")})
        }
    }
}

fn describe(mut schema: Value, description: &str) -> Value {
    if !description.is_empty() {
        schema["description"] = Value::String(description.to_owned());
    }
    schema
}

fn with_note(mut schema: Value, note: &str) -> Value {
    let text = match schema.get("description").and_then(Value::as_str) {
        Some(existing) => format!("{existing} {note}"),
        None => note.to_owned(),
    };
    schema["description"] = Value::String(text);
    schema
}

fn model_schema(op: &Operation, model: &Model, names: &ComponentNames) -> Value {
    let properties: Map<String, Value> = model
        .fields
        .iter()
        .map(|f| {
            let mut schema = describe(schema_of(op, &f.ty, names), &f.description);
            if let Some(default) = &f.default {
                schema = with_note(schema, &format!("Default: {default}."));
            }
            (f.name.clone(), schema)
        })
        .collect();
    let required: Vec<Value> = model
        .fields
        .iter()
        .filter(|f| f.required)
        .map(|f| Value::String(f.name.clone()))
        .collect();
    let mut schema = json!({"type": "object", "properties": properties});
    if !required.is_empty() {
        schema["required"] = Value::Array(required);
    }
    schema
}

fn error_schema() -> Value {
    json!({
        "type": "object",
        "properties": {
            "code": {"type": "integer", "description": "The HTTP status, repeated."},
            "status": {"type": "string", "description": "The error class: `INVALID_ARGUMENT`, `NOT_FOUND`, `RATE_LIMIT`..."},
            "message": {"type": "string"},
            "details": {"description": "More about the error, as the service sends it."},
        },
    })
}

/// Component names: a model's own name when every operation defining it defines it alike, else the
/// name prefixed with its operation (`describeBackups.Result`); characters other than ASCII letters,
/// digits, `.`, `-` and `_` become `_`.
struct ComponentNames {
    shared: BTreeSet<String>,
}

impl ComponentNames {
    fn new(service: &Service) -> Self {
        let mut definitions: BTreeMap<&str, Vec<&Model>> = BTreeMap::new();
        for op in &service.operations {
            for model in &op.models {
                definitions.entry(&model.name).or_default().push(model);
            }
        }
        let mut shared: BTreeSet<String> = definitions
            .iter()
            .filter(|(_, defs)| defs.iter().all(|m| m.shape() == defs[0].shape()))
            .map(|(name, _)| (*name).to_owned())
            .collect();
        // A model referring to one that is not shared is not shared either.
        loop {
            let before = shared.clone();
            shared.retain(|name| {
                definitions[name.as_str()].iter().all(|m| {
                    m.fields
                        .iter()
                        .filter_map(|f| f.ty.model_name())
                        .all(|target| before.contains(target))
                })
            });
            if shared.len() == before.len() {
                break;
            }
        }
        ComponentNames { shared }
    }

    fn of(&self, op: &Operation, model: &str) -> String {
        let name = if self.shared.contains(model) {
            model.to_owned()
        } else {
            format!("{}.{model}", op.id)
        };
        name.chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                    c
                } else {
                    '_'
                }
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn service(yaml_operations: &str, host: &str) -> Service {
        jdcloud_model::from_yaml(&format!(
            "schema_version: 2\nname: shop\nversion: v1\nendpoint:\n  host: {host}\noperations:\n{yaml_operations}"
        ))
        .unwrap()
    }

    const TWO: &str = "- id: listThings
  method: GET
  path: /v1/regions/{regionId}/things/{kind}
  parameters:
  - name: regionId
    in: path
    type: string
    required: true
    line: 1
  - name: filters
    in: query
    type: array<model:Filter>
    line: 2
  response:
  - name: result
    type: model:Result
    line: 3
  models:
  - name: Filter
    fields:
    - name: name
      type: string
      required: true
      line: 4
    line: 4
  - name: Result
    fields:
    - name: total
      type: int32
      line: 5
    line: 5
  source:
    file: shop/listThings.md
    line: 1
- id: listThingsAgain
  method: GET
  path: /v1/regions/{regionId}/things/{kind}
  models:
  - name: Filter
    fields:
    - name: name
      type: string
      required: true
      line: 4
    line: 4
  - name: Result
    fields:
    - name: count
      type: int64
      line: 5
    line: 5
  source:
    file: shop/listThingsAgain.md
    line: 1
";

    #[test]
    fn hosts_paths_components_and_conflicts() {
        let doc = to_openapi(&service(TWO, "shop.{regionId}.jdcloud-api.com"));
        assert_eq!(doc["openapi"], "3.1.0");
        assert_eq!(
            doc["servers"][0]["url"],
            "https://shop.{regionId}.jdcloud-api.com"
        );
        assert_eq!(
            doc["servers"][0]["variables"]["regionId"]["default"],
            "cn-north-1"
        );
        let op = &doc["paths"]["/v1/regions/{regionId}/things/{kind}"]["get"];
        assert_eq!(op["operationId"], "listThings");
        let parameters = op["parameters"].as_array().unwrap();
        let names: Vec<&str> = parameters
            .iter()
            .map(|p| p["name"].as_str().unwrap())
            .collect();
        // `kind` is in the path but not documented: declared, so the document stays valid.
        assert_eq!(names, ["regionId", "filters", "kind"]);
        assert!(parameters[1]["x-jdcloud-encoding"].is_string());
        assert_eq!(
            parameters[1]["schema"]["items"]["$ref"], "#/components/schemas/Filter",
            "defined alike everywhere: one component"
        );
        let schemas = doc["components"]["schemas"].as_object().unwrap();
        assert!(
            schemas.contains_key("listThings.Result")
                && schemas.contains_key("listThingsAgain.Result")
        );
        assert_eq!(
            op["responses"]["200"]["content"]["application/json"]["schema"]["properties"]["result"]
                ["$ref"],
            "#/components/schemas/listThings.Result"
        );
        // The second operation on the same method and path is named, not silently dropped.
        assert_eq!(
            doc["x-jdcloud-conflicting-operations"][0]["operationId"],
            "listThingsAgain"
        );
        assert_eq!(
            to_json(&service(TWO, "shop.jdcloud-api.com")),
            to_json(&service(TWO, "shop.jdcloud-api.com"))
        );
    }

    #[test]
    fn the_3_0_form_differs_in_its_version_and_its_described_references() {
        let shop = service(TWO, "shop.jdcloud-api.com");
        let three_one = to_openapi(&shop);
        let three_oh: Value = serde_json::from_str(&to_json_3_0(&shop)).unwrap();
        assert_eq!(three_oh["openapi"], "3.0.3");
        // A bare reference stays as it is.
        let op = &three_oh["paths"]["/v1/regions/{regionId}/things/{kind}"]["get"];
        assert_eq!(
            op["parameters"][1]["schema"]["items"]["$ref"],
            "#/components/schemas/Filter"
        );
        // A described one keeps its description beside an `allOf` of the reference.
        let described = json!({"description": "d", "$ref": "#/components/schemas/Filter"});
        let mut wrapped = json!({"properties": {"f": described}});
        wrap_described_refs(&mut wrapped);
        assert_eq!(
            wrapped["properties"]["f"],
            json!({"description": "d", "allOf": [{"$ref": "#/components/schemas/Filter"}]})
        );
        // Nothing else changes.
        let mut back = three_oh.clone();
        back["openapi"] = three_one["openapi"].clone();
        assert_eq!(back, three_one);
    }
}
