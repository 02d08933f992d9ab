//! The intermediate model of JD Cloud API documents.
//!
//! This crate is the one contract between the markdown parser (`jdcloud-parser`) and the Rust emitter
//! (`jdcloud-codegen`). It holds plain serde types and their YAML form, and nothing else: no markdown, no
//! Rust code generation. A model is written one file per service (`spec/<service>.yaml`) so that SDK
//! maintainers can review what the parser understood before any code is emitted.
//!
//! Invariants the parser guarantees and the emitter relies on:
//! - every [`Type::Model`] names a model defined in the same [`Operation`];
//! - every `{name}` placeholder of [`Operation::path`] has exactly one [`Location::Path`] parameter, and
//!   every path parameter has a placeholder;
//! - operations are sorted by id, return codes by code; all other lists keep document order.

#![deny(missing_docs)]

mod types;
mod yaml;
mod yaml_writer;

pub use types::{Type, TypeParseError};
pub use yaml::{from_yaml, read_dir, to_yaml, ModelError};

use serde::{Deserialize, Serialize};

/// Version of the YAML schema. Bump it whenever the shape of the model changes.
pub const SCHEMA_VERSION: u32 = 2;

/// One JD Cloud service (one product API, one host), with every operation documented for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Service {
    /// Version of the schema this model was written with; see [`SCHEMA_VERSION`].
    pub schema_version: u32,
    /// Service name, taken from the first label of the API host (`redis`, `vm`, `vpc`...).
    pub name: String,
    /// Human title, from the product's `overview.md` when there is one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Introduction of the product, from `overview.md`, as markdown.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
    /// API version (`v1`, `v2`, `0.2.9`...): the one most operations use.
    pub version: String,
    /// API revision: the newest version number of the product's change log (`2.1.0`), when it has one.
    /// The official SDKs send it in their user agent (`vm/1.6.1`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revision: Option<String>,
    /// Where the service is reached.
    pub endpoint: Endpoint,
    /// The `overview.md` the title and description came from, relative to the documents root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub overview: Option<String>,
    /// The change log page the revision and history came from, relative to the documents root.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub changelog: Option<String>,
    /// The product's dated releases, newest first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub history: Vec<Release>,
    /// Operations, sorted by id.
    pub operations: Vec<Operation>,
    /// Corrections of the service itself (name, host) applied from overlays.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overlays: Vec<Applied>,
}

/// A correction from an overlay (`spec/overlays/*.yaml`), as applied: where it is written and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Applied {
    /// The overlay file, relative to the project (or to the overlays folder given).
    pub overlay: String,
    /// The line of the correction in it.
    pub line: u32,
    /// Why the documents are corrected.
    pub reason: String,
}

/// One row of a product's change log.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Release {
    /// Release date as written (`2019-08-06`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub date: String,
    /// Version number (`2.1.0`).
    pub version: String,
    /// What kind of update it was, as markdown.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub summary: String,
    /// What changed, as markdown.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Line of the change log the release was read from.
    pub line: u32,
}

/// The host of a service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Endpoint {
    /// Host template, e.g. `redis.jdcloud-api.com` or `monitor.{regionId}.jdcloud-api.com`.
    pub host: String,
}

/// One API operation: one document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operation {
    /// Operation id as documented (`describeBackups`).
    pub id: String,
    /// What the operation does, as markdown.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// HTTP method.
    pub method: Method,
    /// Path template, version included: `/v1/regions/{regionId}/cacheInstance/{cacheInstanceId}/backup`.
    pub path: String,
    /// Host template of this operation when it differs from the service's endpoint.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub host: Option<String>,
    /// API version of this operation when it differs from the service's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Parameters, path ones first, then in document order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parameters: Vec<Parameter>,
    /// The rows of the return table (`result`, `requestId`, ...); empty when the operation returns nothing.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub response: Vec<Field>,
    /// Models defined in this document, in document order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub models: Vec<Model>,
    /// Documented return codes, sorted by code.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub return_codes: Vec<ReturnCode>,
    /// Where the operation was read from.
    pub source: Source,
    /// Corrections of this operation applied from overlays.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub overlays: Vec<Applied>,
}

impl Operation {
    /// The names of this operation's models reachable from `roots` (types of parameters, of return
    /// rows...) through model fields, the roots' own models included.
    pub fn reachable_models<'a>(
        &'a self,
        roots: impl Iterator<Item = &'a Type>,
    ) -> std::collections::BTreeSet<&'a str> {
        let mut stack: Vec<&str> = roots.filter_map(Type::model_name).collect();
        let mut seen = std::collections::BTreeSet::new();
        while let Some(name) = stack.pop() {
            if let Some(model) = self.model(name) {
                if seen.insert(model.name.as_str()) {
                    stack.extend(model.fields.iter().filter_map(|f| f.ty.model_name()));
                }
            }
        }
        seen
    }

    /// The type of the `result` member of the response envelope, when the operation documents one.
    pub fn result_type(&self) -> Option<&Type> {
        self.response
            .iter()
            .find(|f| f.name == "result")
            .map(|f| &f.ty)
    }

    /// The return table's rows other than the envelope's own (`requestId`, `result`): the members of
    /// the result, when the documents list them at the top level instead of under `result` (they
    /// travel in `result` all the same).
    pub fn top_level_result_members(&self) -> impl Iterator<Item = &Field> {
        self.response
            .iter()
            .filter(|f| f.name != "requestId" && f.name != "result")
    }

    /// The model with this name, if this operation defines it.
    pub fn model(&self, name: &str) -> Option<&Model> {
        self.models.iter().find(|m| m.name == name)
    }
}

/// HTTP methods an operation may use.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
#[allow(missing_docs)]
pub enum Method {
    Get,
    Post,
    Put,
    Patch,
    Delete,
    Head,
}

impl Method {
    /// All methods, in a fixed order.
    pub const ALL: [Method; 6] = [
        Method::Get,
        Method::Post,
        Method::Put,
        Method::Patch,
        Method::Delete,
        Method::Head,
    ];

    /// The method's name on the wire (`GET`).
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Put => "PUT",
            Method::Patch => "PATCH",
            Method::Delete => "DELETE",
            Method::Head => "HEAD",
        }
    }

    /// Whether non-path parameters travel in a JSON body (POST, PUT, PATCH) rather than the query string.
    pub fn has_body(self) -> bool {
        matches!(self, Method::Post | Method::Put | Method::Patch)
    }
}

/// Where a parameter travels.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Location {
    /// Substituted into the path template.
    Path,
    /// Encoded into the query string.
    Query,
    /// A member of the JSON body.
    Body,
    /// An HTTP header.
    Header,
    /// Substituted into the host template (`monitor.{regionId}.jdcloud-api.com`).
    Host,
}

/// A request parameter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Parameter {
    /// Name on the wire, as documented (`cacheInstanceId`, `x-jdcloud-channel`).
    pub name: String,
    /// Where it travels.
    #[serde(rename = "in")]
    pub location: Location,
    /// Its type.
    #[serde(rename = "type")]
    pub ty: Type,
    /// Whether the caller must give it.
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    /// Default value the service applies, as documented; informative, never sent by the client.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// Description, as markdown.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// A header the runtime sets itself (`authorization`, `x-jdcloud-date`, `content-type`...): not a user parameter.
    #[serde(default, skip_serializing_if = "is_false")]
    pub set_by_runtime: bool,
    /// Line of the document the parameter was read from.
    pub line: u32,
}

/// A member of a model, or a row of the return table.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Field {
    /// Name on the wire, as documented.
    pub name: String,
    /// Its type.
    #[serde(rename = "type")]
    pub ty: Type,
    /// Whether the field is documented as required (request models only).
    #[serde(default, skip_serializing_if = "is_false")]
    pub required: bool,
    /// Documented default value, informative.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub default: Option<String>,
    /// Description, as markdown.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Line of the document the field was read from.
    pub line: u32,
}

/// A named structure (`### Backup` and its table).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Model {
    /// Name as the section heading gives it (`Backup`).
    pub name: String,
    /// Fields, in document order.
    #[serde(default)]
    pub fields: Vec<Field>,
    /// Line of the section heading.
    pub line: u32,
}

impl Model {
    /// What makes two definitions one type: the fields by name, with type and requiredness, sorted.
    /// Descriptions, defaults and the order of the rows do not count.
    pub fn shape(&self) -> Vec<(&str, String, bool)> {
        let mut shape: Vec<_> = self
            .fields
            .iter()
            .map(|f| (f.name.as_str(), f.ty.to_string(), f.required))
            .collect();
        shape.sort();
        shape
    }
}

/// A documented HTTP return code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReturnCode {
    /// HTTP status code.
    pub code: u16,
    /// What it means (`NOT_FOUND`, `Invalid parameter`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Line of the document the code was read from.
    pub line: u32,
}

/// Where something was read from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Path of the document, relative to the documents root, with `/` separators.
    pub file: String,
    /// Line of the operation heading.
    pub line: u32,
    /// Other documents of the same operation (older or newer copies), merged into this one.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub copies: Vec<String>,
}

fn is_false(b: &bool) -> bool {
    !*b
}
