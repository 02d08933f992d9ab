//! Every decision about a crate, made once, before any token is written: what each type, field,
//! parameter and method is called, where each model lives and whether users build it, what is optional,
//! boxed, paged, and which errors an operation documents. Emission (`crate::emit`) only prints a
//! [`Plan`].
//!
//! The passes, in order: [`check`] refuses names no Rust identifier can be made of; [`models`] decides
//! which models are one shared type, their names, which are read from replies (tolerant) or built by
//! users (builders), and which fields are boxed; [`operations`] plans each operation on top of that.

mod check;
mod features;
mod models;
mod operations;

use jdcloud_model::{Location, Operation, Service};

pub use check::EmitError;
pub use operations::ERROR_CLASSES;

/// The plan of one crate.
#[derive(Debug)]
pub struct Plan<'a> {
    pub service: &'a Service,
    /// Models shared by several operations, sorted by Rust name, emitted in `types`.
    pub shared: Vec<ModelPlan>,
    /// One per operation, in the model's order.
    pub ops: Vec<OpPlan<'a>>,
}

/// The module a type is emitted in.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Module {
    /// `crate::types`.
    Types,
    /// `crate::operations::<module>`.
    Operation(String),
}

/// A field's, parameter's or result's Rust type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TypeRef {
    String,
    I32,
    I64,
    F32,
    F64,
    Bool,
    /// Any JSON (`serde_json::Value`): an untyped object, or a model the documents do not define.
    Json,
    List(Box<TypeRef>),
    Map(Box<TypeRef>),
    Model {
        module: Module,
        name: String,
    },
}

impl TypeRef {
    pub fn is_string(&self) -> bool {
        matches!(self, TypeRef::String)
    }
}

/// A struct emitted from a documented model (or from the result members of a return table).
#[derive(Debug, Clone, PartialEq)]
pub struct ModelPlan {
    /// Rust name.
    pub name: String,
    /// The name in the documents.
    pub wire: String,
    pub module: Module,
    /// The struct's doc line (generated: models have no description of their own).
    pub doc: String,
    pub fields: Vec<FieldPlan>,
    /// Whether users build it (it is reachable from a request): then it has a builder, in the
    /// module's `builders`, with the same name.
    pub builder: bool,
    /// The cargo features it is compiled under (any of them), for a shared model that not every
    /// operation reaches; empty: always (an operation's own models are under its module's feature).
    pub gate: Vec<String>,
}

impl ModelPlan {
    /// Fields a value cannot lack; a model with any has no `Default` and its builder's `build()` can
    /// fail.
    pub fn required(&self) -> impl Iterator<Item = &FieldPlan> {
        self.fields.iter().filter(|f| f.required)
    }

    pub fn has_required(&self) -> bool {
        self.required().next().is_some()
    }
}

/// A field of a model struct.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldPlan {
    pub wire: String,
    /// The struct field, and the builder's setter.
    pub rust: String,
    /// The builder's `set_x(Option<T>)`.
    pub set_option: String,
    pub ty: TypeRef,
    /// Not `Option`: the documents require it and no reply reads it (replies are read tolerantly).
    pub required: bool,
    /// `Box`ed, to break a cycle of direct fields.
    pub boxed: bool,
    pub description: String,
    pub default: Option<String>,
}

/// One operation.
#[derive(Debug)]
pub struct OpPlan<'a> {
    pub op: &'a Operation,
    /// Module name (`describe_backups`).
    pub module: String,
    /// The cargo feature the operation is compiled under (`describe-backups`).
    pub feature: String,
    /// The client's method (usually the module name; never one of the client's own methods).
    pub method: String,
    /// Request builder type (`DescribeBackups`).
    pub builder: String,
    /// The operation's input type (`DescribeBackupsInput`): every parameter, serde with the wire
    /// names; the builder fills it, `call_json` reads it from JSON.
    pub input: String,
    /// Parameters users set, in the documents' order (those the runtime sets are left out).
    pub params: Vec<ParamPlan>,
    /// The client method's arguments: indexes into `params` of the required parameters, `regionId`
    /// first, then in the documents' order.
    pub positional: Vec<usize>,
    pub result: ResultPlan,
    /// Models emitted in this operation's module, in the documents' order.
    pub locals: Vec<ModelPlan>,
    pub paging: Option<PagingPlan>,
    /// Documented replies other than success, in the documents' order.
    pub errors: Vec<ErrorDoc>,
}

impl OpPlan<'_> {
    /// The optional parameters, which get setters.
    pub fn optional(&self) -> impl Iterator<Item = &ParamPlan> {
        self.params.iter().filter(|p| !p.required)
    }

    pub fn params_in(&self, location: Location) -> impl Iterator<Item = &ParamPlan> {
        self.params.iter().filter(move |p| p.location == location)
    }
}

/// A parameter of a request builder.
#[derive(Debug, Clone, PartialEq)]
pub struct ParamPlan {
    pub wire: String,
    /// The builder's field, its setter, and the client method's argument.
    pub rust: String,
    /// The `set_x(Option<T>)` of an optional parameter.
    pub set_option: String,
    pub ty: TypeRef,
    pub location: Location,
    pub required: bool,
    pub default: Option<String>,
    pub description: String,
    /// `regionId`: also the region the request is signed for.
    pub signs_region: bool,
}

/// What `send()` returns in its `Response`.
#[derive(Debug, Clone, PartialEq)]
pub enum ResultPlan {
    /// Nothing documented: `jdcloud_runtime::Empty`.
    Empty,
    /// A documented `result` of a type of its own (a list, a scalar, a shared model).
    Type(TypeRef),
    /// A result struct emitted in the operation's module.
    Model(ModelPlan),
}

/// How a paged operation pages: its page number and size parameters, and the result's list and total.
#[derive(Debug, Clone, PartialEq)]
pub struct PagingPlan {
    /// Index into the operation's `params` of `pageNumber`.
    pub number: usize,
    /// Index of `pageSize`.
    pub size: usize,
    /// The result field holding the page's items.
    pub list: String,
    pub item: TypeRef,
    /// The result field holding `totalCount`.
    pub total: String,
    pub total_is_i64: bool,
}

/// A documented reply other than success.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ErrorDoc {
    pub code: u16,
    pub description: String,
    /// The `jdcloud_runtime::ErrorCode` variant, when the description is one of its classes.
    pub class: Option<&'static str>,
}

/// Plans a crate. The error lists names that cannot be emitted, or would collide however they are
/// numbered.
pub fn plan(service: &Service) -> Result<Plan<'_>, Vec<EmitError>> {
    let mut errors = Vec::new();
    check::check_names(service, &mut errors);
    let names = operations::name_operations(service, &mut errors);
    let models = models::plan_models(service, &names);
    let ops = operations::plan_operations(service, names, models.ops);
    let mut shared = models.shared;
    features::gate_shared(&ops, &mut shared);
    if errors.is_empty() {
        Ok(Plan {
            service,
            shared,
            ops,
        })
    } else {
        Err(errors)
    }
}

impl Plan<'_> {
    /// The operation the crate's docs and example show: the first paged one, else the first.
    pub fn showcase(&self) -> Option<&OpPlan<'_>> {
        self.ops
            .iter()
            .find(|o| o.paging.is_some())
            .or_else(|| self.ops.first())
    }

    /// Every model struct of the crate: shared ones, then each operation's result and locals.
    pub fn models(&self) -> impl Iterator<Item = &ModelPlan> {
        self.shared.iter().chain(self.ops.iter().flat_map(|op| {
            let result = match &op.result {
                ResultPlan::Model(model) => Some(model),
                _ => None,
            };
            result.into_iter().chain(op.locals.iter())
        }))
    }
}

#[cfg(test)]
mod tests;
