//! Names the emitter refuses (nothing to make a Rust identifier of) and names it keeps parameters and
//! operations off (the methods of the types they land in).

use jdcloud_model::{Operation, Service};

/// Names that a builder type's methods take, and the methods of standard traits a setter could be
/// mistaken for: parameters with these names get a trailing `_`.
pub(crate) const BUILDER_METHODS: &[&str] = &[
    "add",
    "as_input",
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
    "with_settings",
];
/// Names of the generated `Client`'s own methods: operations get a suffix rather than these.
pub(crate) const CLIENT_METHODS: &[&str] =
    &["call_json", "clone", "fmt", "from_env", "new", "runtime"];

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
    pub(super) fn at(op: &Operation, line: u32, message: String) -> EmitError {
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
pub(crate) fn check_names(service: &Service, errors: &mut Vec<EmitError>) {
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
