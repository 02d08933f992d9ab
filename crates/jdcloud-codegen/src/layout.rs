//! Where each model of a service goes and what it is called: shared models (identical wherever they are
//! defined) in `types`, the others in their operation's module; which fields are boxed to break cycles;
//! which models must tolerate missing fields because replies carry them.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use jdcloud_model::{Model, Operation, Service, Type};

use crate::names::{camel, snake, snake_avoiding, Scope};

/// Where a model's Rust type lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Home {
    /// `crate::types::Name`.
    Shared(String),
    /// `Name` in the operation's module.
    Local(String),
}

/// The plan of one operation's module.
#[derive(Debug)]
pub struct OpLayout<'a> {
    pub op: &'a Operation,
    /// Module and method name (`describe_backups`).
    pub method: String,
    /// Request builder type (`DescribeBackups`).
    pub builder: String,
    /// Type of the reply's `result` (`DescribeBackupsResult`), when it is a model of its own.
    pub result_model: Option<&'a Model>,
    pub result_name: String,
    /// Fields of the return table other than `result` and `requestId`, when there is no `result`.
    pub result_fields_at_top_level: bool,
    /// Models emitted in this module: (Rust name, model).
    pub locals: Vec<(String, &'a Model)>,
    /// Where each model name of this operation lives.
    pub homes: HashMap<&'a str, Home>,
}

/// The plan of a whole crate.
#[derive(Debug)]
pub struct Layout<'a> {
    /// Shared models, sorted by Rust name: (Rust name, model).
    pub shared: Vec<(String, &'a Model)>,
    pub ops: Vec<OpLayout<'a>>,
    /// Types read from replies: all their fields are optional.
    read_from_reply: BTreeSet<TypeKey>,
    /// (type, field name) pairs to box.
    boxed: BTreeSet<(TypeKey, String)>,
}

/// One emitted struct: a shared model, or a model of an operation's module.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub enum TypeKey {
    /// `crate::types::Name`.
    Shared(String),
    /// `crate::operations::module::Name`.
    Local { module: String, name: String },
}

impl Layout<'_> {
    /// Whether a type is read from replies (then every field of it is optional).
    pub fn is_read_from_reply(&self, key: &TypeKey) -> bool {
        self.read_from_reply.contains(key)
    }

    pub fn is_boxed(&self, key: &TypeKey, field: &str) -> bool {
        self.boxed.contains(&(key.clone(), field.to_owned()))
    }
}

impl OpLayout<'_> {
    /// The struct a model name of this operation is emitted as.
    pub fn key(&self, model: &str) -> Option<TypeKey> {
        Some(match self.homes.get(model)? {
            Home::Shared(name) => TypeKey::Shared(name.clone()),
            Home::Local(name) => TypeKey::Local {
                module: self.method.clone(),
                name: name.clone(),
            },
        })
    }
}

/// Names that a builder type's methods take, and the methods of standard traits a setter could be
/// mistaken for: parameters with these names get a trailing `_`.
pub const BUILDER_METHODS: &[&str] = &[
    "add",
    "as_mut",
    "as_ref",
    "bitand",
    "bitor",
    "bitxor",
    "borrow",
    "borrow_mut",
    "client",
    "clone",
    "cmp",
    "default",
    "deref",
    "deref_mut",
    "div",
    "drop",
    "eq",
    "fmt",
    "from_iter",
    "from_str",
    "hash",
    "index",
    "index_mut",
    "into_iter",
    "into_stream",
    "mul",
    "neg",
    "new",
    "next",
    "not",
    "rem",
    "send",
    "shl",
    "shr",
    "sub",
];
/// Names of the generated `Client`'s own methods: operations get a suffix rather than these.
pub const CLIENT_METHODS: &[&str] = &["new", "from_env", "runtime", "clone", "fmt"];

/// A name the emitter cannot turn into Rust, or two names it cannot tell apart, with where it was read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmitError {
    /// The document, when the name comes from one.
    pub file: Option<String>,
    /// Its line (0 when unknown).
    pub line: u32,
    /// What is wrong.
    pub message: String,
}

impl EmitError {
    fn at(op: &Operation, line: u32, message: String) -> EmitError {
        EmitError {
            file: Some(op.source.file.clone()),
            line,
            message,
        }
    }
}

impl std::fmt::Display for EmitError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.file {
            Some(file) => write!(f, "{file}:{}:1: error[emit]: {}", self.line, self.message),
            None => write!(f, "error[emit]: {}", self.message),
        }
    }
}

/// Whether a documented name has something to make a Rust identifier of (ASCII letters or digits);
/// `名称` has not, and would become a placeholder nobody could recognize.
fn nameable(name: &str) -> bool {
    name.chars().any(|c| c.is_ascii_alphanumeric())
}

/// Refuses names that cannot be made into Rust identifiers, rather than emitting made-up ones.
fn check_names(service: &Service, errors: &mut Vec<EmitError>) {
    if !nameable(&service.name) {
        errors.push(EmitError {
            file: None,
            line: 0,
            message: format!(
                "service `{}` has no ASCII letters or digits for a crate name",
                service.name
            ),
        });
    }
    let refuse = |op: &Operation, line: u32, what: &str, name: &str| {
        EmitError::at(
            op,
            line,
            format!("{what} `{name}` has no ASCII letters or digits to make a Rust name of"),
        )
    };
    for op in &service.operations {
        if !nameable(&op.id) {
            errors.push(refuse(op, op.source.line, "operation", &op.id));
        }
        for p in op.parameters.iter().filter(|p| !nameable(&p.name)) {
            errors.push(refuse(op, p.line, "parameter", &p.name));
        }
        for f in op.response.iter().filter(|f| !nameable(&f.name)) {
            errors.push(refuse(op, f.line, "return field", &f.name));
        }
        for m in &op.models {
            if !nameable(&m.name) {
                errors.push(refuse(op, m.line, "model", &m.name));
            }
            for f in m.fields.iter().filter(|f| !nameable(&f.name)) {
                errors.push(refuse(op, f.line, "field", &f.name));
            }
        }
    }
}

/// A model's shape, for telling whether two definitions are the same type.
fn shape(model: &Model) -> Vec<(&str, String, bool)> {
    model
        .fields
        .iter()
        .map(|f| (f.name.as_str(), f.ty.to_string(), f.required))
        .collect()
}

/// Plans a crate. The error lists names that would collide however they are numbered.
pub fn plan<'a>(service: &'a Service) -> Result<Layout<'a>, Vec<EmitError>> {
    let mut errors = Vec::new();
    check_names(service, &mut errors);
    // Result models are per operation.
    let result_of = |op: &Operation| -> Option<String> {
        match op.result_type() {
            Some(Type::Model(name)) => Some(name.clone()),
            _ => None,
        }
    };

    // Group the other models by name and keep those defined alike everywhere.
    let mut groups: BTreeMap<&str, Vec<(&Operation, &Model)>> = BTreeMap::new();
    for op in &service.operations {
        let result = result_of(op);
        for model in &op.models {
            if Some(&model.name) != result.as_ref() {
                groups
                    .entry(model.name.as_str())
                    .or_default()
                    .push((op, model));
            }
        }
    }
    let mut shareable: BTreeSet<&str> = groups
        .iter()
        .filter(|(_, defs)| defs.iter().all(|(_, m)| shape(m) == shape(defs[0].1)))
        .map(|(name, _)| *name)
        .collect();
    // A model referring to a model that is not shared cannot be shared either.
    loop {
        let before = shareable.len();
        let snapshot = shareable.clone();
        shareable.retain(|name| {
            groups[name].iter().all(|(_, model)| {
                model
                    .fields
                    .iter()
                    .filter_map(|f| f.ty.model_name())
                    .all(|target| snapshot.contains(target))
            })
        });
        if shareable.len() == before {
            break;
        }
    }

    // Shared names: exact camel-case names first, so `Item` keeps its name over `ITEM`.
    let mut shared_scope = Scope::default();
    let mut shared_names: BTreeMap<&str, String> = BTreeMap::new();
    let mut ordered: Vec<&str> = shareable.iter().copied().collect();
    ordered.sort_by_key(|name| (camel(name) != *name, *name));
    for name in ordered {
        shared_names.insert(name, shared_scope.claim(camel(name)));
    }
    let mut shared: Vec<(String, &Model)> = shared_names
        .iter()
        .map(|(name, rust)| (rust.clone(), groups[name][0].1))
        .collect();
    shared.sort_by(|a, b| a.0.cmp(&b.0));

    // `snake_avoiding` keeps operations off the client's own method names.
    let mut method_scope = Scope::default();
    let mut module_names: BTreeMap<String, &str> = BTreeMap::new();
    let mut ops = Vec::new();
    for op in &service.operations {
        let method = method_scope.claim(snake_avoiding(&op.id, CLIENT_METHODS));
        if let Some(other) = module_names.insert(snake(&op.id), &op.id) {
            errors.push(EmitError::at(
                op,
                op.source.line,
                format!(
                    "operations `{other}` and `{}` would both be `{}` in Rust; rename one in the documents",
                    op.id,
                    snake(&op.id)
                ),
            ));
        }
        let builder = camel(&op.id);
        let result_name = format!("{}Result", builder.trim_end_matches("Model"));
        let mut scope = Scope::with_reserved(&[builder.as_str(), result_name.as_str()]);
        let result = result_of(op);
        let result_model = result.as_deref().and_then(|name| op.model(name));
        let result_fields_at_top_level = op.result_type().is_none()
            && op
                .response
                .iter()
                .any(|f| f.name != "requestId" && f.name != "result");
        let mut homes = HashMap::new();
        let mut locals = Vec::new();
        for model in &op.models {
            if Some(&model.name) == result.as_ref() {
                homes.insert(model.name.as_str(), Home::Local(result_name.clone()));
            } else if let Some(rust) = shared_names.get(model.name.as_str()) {
                homes.insert(model.name.as_str(), Home::Shared(rust.clone()));
            } else {
                let rust = scope.claim(camel(&model.name));
                homes.insert(model.name.as_str(), Home::Local(rust.clone()));
                locals.push((rust, model));
            }
        }
        ops.push(OpLayout {
            op,
            method,
            builder,
            result_model,
            result_name,
            result_fields_at_top_level,
            locals,
            homes,
        });
    }

    // Models read from replies: reachable from a return table. A shared model is one type, read from a
    // reply everywhere if it is anywhere.
    let mut read_from_reply = BTreeSet::new();
    for layout in &ops {
        let op = layout.op;
        let mut stack: Vec<&str> = op
            .response
            .iter()
            .filter_map(|f| f.ty.model_name())
            .collect();
        let mut seen = BTreeSet::new();
        while let Some(name) = stack.pop() {
            if !seen.insert(name) {
                continue;
            }
            if let (Some(model), Some(key)) = (op.model(name), layout.key(name)) {
                read_from_reply.insert(key);
                stack.extend(model.fields.iter().filter_map(|f| f.ty.model_name()));
            }
        }
    }

    // Boxing: a direct (not in a list or map) model field that leads back to its own model.
    let mut boxed = BTreeSet::new();
    for layout in &ops {
        let op = layout.op;
        let direct = |model: &'a Model| {
            model.fields.iter().filter_map(|f| match &f.ty {
                Type::Model(target) => Some(target.as_str()),
                _ => None,
            })
        };
        for model in &op.models {
            for field in &model.fields {
                let Type::Model(target) = &field.ty else {
                    continue;
                };
                // Is `model` reachable from `target` through direct fields?
                let mut stack = vec![target.as_str()];
                let mut seen = BTreeSet::new();
                let mut cycle = false;
                while let Some(name) = stack.pop() {
                    if name == model.name {
                        cycle = true;
                        break;
                    }
                    if seen.insert(name) {
                        if let Some(next) = op.model(name) {
                            stack.extend(direct(next));
                        }
                    }
                }
                if let (true, Some(key)) = (cycle, layout.key(&model.name)) {
                    boxed.insert((key, field.name.clone()));
                }
            }
        }
    }

    if errors.is_empty() {
        Ok(Layout {
            shared,
            ops,
            read_from_reply,
            boxed,
        })
    } else {
        Err(errors)
    }
}
