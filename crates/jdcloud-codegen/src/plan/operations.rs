//! Each operation's plan: its names, its parameters (Rust names, types, which are arguments of the
//! client method and in what order), its result, whether and how it pages, and its documented errors.

use jdcloud_model::{Location, Operation, Service};

use super::check::{BUILDER_METHODS, CLIENT_METHODS};
use super::models::{OpModels, OpNames};
use super::{EmitError, ErrorDoc, OpPlan, PagingPlan, ParamPlan, ResultPlan, TypeRef};
use crate::names::{camel, snake, snake_avoiding, Scope};

/// The error classes `jdcloud_runtime::ErrorCode` has a variant for, with the variant's name, which
/// the generated docs link (`tests/tests/api_rules.rs` holds this list to the runtime's).
pub const ERROR_CLASSES: &[(&str, &str)] = &[
    ("INVALID_ARGUMENT", "InvalidArgument"),
    ("FAILED_PRECONDITION", "FailedPrecondition"),
    ("OUT_OF_RANGE", "OutOfRange"),
    ("UNAUTHENTICATED", "Unauthenticated"),
    ("ACCESS_ERROR", "AccessError"),
    ("PERMISSION_DENIED", "PermissionDenied"),
    ("NOT_FOUND", "NotFound"),
    ("ABORTED", "Aborted"),
    ("ALREADY_EXISTS", "AlreadyExists"),
    ("RATE_LIMIT", "RateLimit"),
    ("RESOURCE_EXHAUSTED", "ResourceExhausted"),
    ("QUOTA_EXCEEDED", "QuotaExceeded"),
    ("CANCELLED", "Cancelled"),
    ("INTERNAL_ERROR", "InternalError"),
    ("INTERNAL", "Internal"),
    ("DATA_LOSS", "DataLoss"),
    ("NOT_IMPLEMENTED", "NotImplemented"),
    ("UNAVAILABLE", "Unavailable"),
    ("DEADLINE_EXCEEDED", "DeadlineExceeded"),
];

/// Module, client method, builder and result names of every operation. Two operations whose names
/// only differ in case or punctuation cannot both be emitted.
pub(super) fn name_operations(service: &Service, errors: &mut Vec<EmitError>) -> Vec<OpNames> {
    let mut method_scope = Scope::default();
    let mut modules: std::collections::BTreeMap<String, &str> = Default::default();
    let mut names = Vec::new();
    for op in &service.operations {
        // `snake_avoiding` keeps operations off the client's own method names.
        let module = method_scope.claim(snake_avoiding(&op.id, CLIENT_METHODS));
        if let Some(other) = modules.insert(snake(&op.id), &op.id) {
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
        let result = format!("{}Result", builder.trim_end_matches("Model"));
        let input = format!("{}Input", builder.trim_end_matches("Model"));
        names.push(OpNames {
            module,
            builder,
            result,
            input,
        });
    }
    names
}

pub(super) fn plan_operations<'a>(
    service: &'a Service,
    names: Vec<OpNames>,
    models: Vec<OpModels>,
) -> Vec<OpPlan<'a>> {
    service
        .operations
        .iter()
        .zip(names)
        .zip(models)
        .map(|((op, names), models)| plan_operation(op, names, models))
        .collect()
}

fn plan_operation(op: &Operation, names: OpNames, models: OpModels) -> OpPlan<'_> {
    let params = plan_params(op, &models);
    let mut positional: Vec<usize> = (0..params.len()).filter(|&i| params[i].required).collect();
    positional.sort_by_key(|&i| !params[i].signs_region);
    let result = match (&models.result, op.result_type()) {
        (Some(model), _) => ResultPlan::Model(model.clone()),
        (None, Some(ty)) => ResultPlan::Type(models.type_ref(ty)),
        (None, None) => ResultPlan::Empty,
    };
    let paging = paging(&params, &result);
    OpPlan {
        op,
        method: names.module.clone(),
        feature: super::features::feature_name(&names.module),
        module: names.module,
        builder: names.builder,
        input: names.input,
        params,
        positional,
        result,
        locals: models.locals,
        paging,
        errors: errors(op),
    }
}

fn plan_params(op: &Operation, models: &OpModels) -> Vec<ParamPlan> {
    let visible: Vec<_> = op.parameters.iter().filter(|p| !p.set_by_runtime).collect();
    let mut scope = Scope::default();
    let rust: Vec<String> = visible
        .iter()
        .map(|p| scope.claim(snake_avoiding(&p.name, BUILDER_METHODS)))
        .collect();
    // `set_x` of optional parameters, after every setter has its name.
    let set_option: Vec<String> = visible
        .iter()
        .zip(&rust)
        .map(|(p, rust)| {
            if p.required {
                String::new()
            } else {
                scope.claim(format!("set_{}", rust.trim_end_matches('_')))
            }
        })
        .collect();
    visible
        .iter()
        .zip(rust)
        .zip(set_option)
        .map(|((p, rust), set_option)| ParamPlan {
            wire: p.name.clone(),
            rust,
            set_option,
            ty: models.type_ref(&p.ty),
            location: p.location,
            required: p.required,
            default: p.default.clone(),
            description: p.description.clone(),
            signs_region: p.name == "regionId",
        })
        .collect()
}

/// Paged operations: `pageNumber` and `pageSize` query integers, and a result struct with an integer
/// `totalCount` and exactly one list.
fn paging(params: &[ParamPlan], result: &ResultPlan) -> Option<PagingPlan> {
    let integer = |ty: &TypeRef| matches!(ty, TypeRef::I32 | TypeRef::I64);
    let find = |wire: &str| {
        params
            .iter()
            .position(|p| p.wire == wire && p.location == Location::Query && integer(&p.ty))
    };
    let (number, size) = (find("pageNumber")?, find("pageSize")?);
    let ResultPlan::Model(result) = result else {
        return None;
    };
    let total = result
        .fields
        .iter()
        .find(|f| f.wire == "totalCount" && integer(&f.ty))?;
    let lists: Vec<_> = result
        .fields
        .iter()
        .filter(|f| matches!(f.ty, TypeRef::List(_)))
        .collect();
    let [list] = lists.as_slice() else {
        return None;
    };
    let TypeRef::List(item) = &list.ty else {
        return None;
    };
    Some(PagingPlan {
        number,
        size,
        list: list.rust.clone(),
        item: (**item).clone(),
        total: total.rust.clone(),
        total_is_i64: total.ty == TypeRef::I64,
    })
}

/// The documented replies other than success, with the error class each names, if it is one.
fn errors(op: &Operation) -> Vec<ErrorDoc> {
    op.return_codes
        .iter()
        .filter(|c| !(200..300).contains(&c.code))
        .map(|c| ErrorDoc {
            code: c.code,
            description: c.description.trim().to_owned(),
            class: error_class(&c.description),
        })
        .collect()
}

/// The `ErrorCode` variant a return code's description names: `NOT_FOUND`, `NOT_FOUND: no such
/// instance`.
fn error_class(description: &str) -> Option<&'static str> {
    description
        .split(|c: char| !(c.is_ascii_uppercase() || c == '_'))
        .find_map(|word| {
            ERROR_CLASSES
                .iter()
                .find(|(class, _)| *class == word)
                .map(|(_, variant)| *variant)
        })
}
