//! Where each model goes and what it is: one shared type in `types` for models defined alike
//! (up to descriptions and field order) by every operation that defines them, the others in their
//! operation's module; tolerant (every field optional) when replies carry it; built by users (a
//! builder) when requests carry it; which fields are boxed to break cycles.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use jdcloud_model::{Field, Model, Operation, Service, Type};

use super::check::BUILDER_METHODS;
use super::{FieldPlan, ModelPlan, Module, TypeRef};
use crate::names::{camel, snake, Scope};

/// A model builder's own method: a field of a built model with this name gets a trailing `_` (as do
/// those named like the methods of standard traits, see `BUILDER_METHODS`).
const BUILD: &str = "build";

/// The names an operation's types get, decided before its models are placed.
#[derive(Debug)]
pub(super) struct OpNames {
    pub module: String,
    pub builder: String,
    pub result: String,
    pub input: String,
}

/// The models of a crate, placed.
#[derive(Debug)]
pub(super) struct Models {
    pub shared: Vec<ModelPlan>,
    /// Per operation, in order.
    pub ops: Vec<OpModels>,
}

/// The models of one operation.
#[derive(Debug)]
pub(super) struct OpModels {
    /// The result struct, when `result` is a model of this operation or the return table lists the
    /// result's members at the top level.
    pub result: Option<ModelPlan>,
    pub locals: Vec<ModelPlan>,
    /// The Rust type of each model name the operation's documents use.
    pub homes: HashMap<String, TypeRef>,
}

impl OpModels {
    /// The Rust type of a documented type, in this operation.
    pub fn type_ref(&self, ty: &Type) -> TypeRef {
        type_ref(ty, &self.homes)
    }
}

fn type_ref(ty: &Type, homes: &HashMap<String, TypeRef>) -> TypeRef {
    match ty {
        Type::String => TypeRef::String,
        Type::Int32 => TypeRef::I32,
        Type::Int64 => TypeRef::I64,
        Type::Float => TypeRef::F32,
        Type::Double | Type::Number => TypeRef::F64,
        Type::Bool => TypeRef::Bool,
        Type::Object => TypeRef::Json,
        Type::Array(inner) => TypeRef::List(Box::new(type_ref(inner, homes))),
        Type::Map(inner) => TypeRef::Map(Box::new(type_ref(inner, homes))),
        // A model the documents name but do not define is read as any JSON.
        Type::Model(name) => homes.get(name).cloned().unwrap_or(TypeRef::Json),
    }
}

/// The model `result` names, when it is one.
fn result_model_name(op: &Operation) -> Option<&str> {
    match op.result_type() {
        Some(Type::Model(name)) => Some(name),
        _ => None,
    }
}

/// Whether the return table lists the result's members at the top level (there is no `result` row
/// but other rows than `requestId`): they travel in `result` all the same.
pub(super) fn result_fields_at_top_level(op: &Operation) -> bool {
    op.result_type().is_none() && op.top_level_result_members().next().is_some()
}

/// Models shareable as one type: defined alike everywhere, referring only to shareable models.
fn shareable(service: &Service) -> BTreeMap<&str, &Model> {
    let mut groups: BTreeMap<&str, Vec<&Model>> = BTreeMap::new();
    for op in &service.operations {
        let result = result_model_name(op);
        for model in op.models.iter().filter(|m| Some(m.name.as_str()) != result) {
            groups.entry(model.name.as_str()).or_default().push(model);
        }
    }
    let mut shareable: BTreeSet<&str> = groups
        .iter()
        .filter(|(_, defs)| defs.iter().all(|m| m.shape() == defs[0].shape()))
        .map(|(name, _)| *name)
        .collect();
    loop {
        let snapshot = shareable.clone();
        shareable.retain(|name| {
            groups[name].iter().all(|model| {
                model
                    .fields
                    .iter()
                    .filter_map(|f| f.ty.model_name())
                    .all(|target| snapshot.contains(target))
            })
        });
        if shareable.len() == snapshot.len() {
            break;
        }
    }
    shareable
        .into_iter()
        .map(|name| (name, groups[name][0]))
        .collect()
}

/// The fields of `model` that lead back to it through direct (not list or map) model fields.
fn cyclic_fields<'a>(op: &'a Operation, model: &'a Model) -> BTreeSet<&'a str> {
    let direct = |model: &'a Model| {
        model.fields.iter().filter_map(|f| match &f.ty {
            Type::Model(target) => Some(target.as_str()),
            _ => None,
        })
    };
    let mut cyclic = BTreeSet::new();
    for field in &model.fields {
        let Type::Model(target) = &field.ty else {
            continue;
        };
        let mut stack = vec![target.as_str()];
        let mut seen = BTreeSet::new();
        while let Some(name) = stack.pop() {
            if name == model.name {
                cyclic.insert(field.name.as_str());
                break;
            }
            if seen.insert(name) {
                stack.extend(op.model(name).into_iter().flat_map(direct));
            }
        }
    }
    cyclic
}

/// What is known of a struct before its fields are planned.
#[derive(Default)]
struct Traits<'a> {
    tolerant: bool,
    builder: bool,
    boxed: BTreeSet<&'a str>,
}

type Homes = HashMap<String, TypeRef>;

/// The struct a model is emitted as: its module and Rust name.
type Key = (Module, String);

pub(super) fn plan_models(service: &Service, names: &[OpNames]) -> Models {
    let shareable = shareable(service);
    // Shared names: exact camel-case names first, so `Item` keeps its name over `ITEM`.
    let mut scope = Scope::default();
    let mut ordered: Vec<&str> = shareable.keys().copied().collect();
    ordered.sort_by_key(|name| (camel(name) != *name, *name));
    let shared_names: BTreeMap<&str, String> = ordered
        .into_iter()
        .map(|name| (name, scope.claim(camel(name))))
        .collect();
    let homes: Vec<Homes> = service
        .operations
        .iter()
        .zip(names)
        .map(|(op, names)| homes(op, names, &shared_names))
        .collect();
    let traits = traits(service, &homes);
    let planner = Planner { traits: &traits };

    let mut shared: Vec<ModelPlan> = shared_names
        .iter()
        .map(|(wire, rust)| {
            // Shared models refer only to shared models, which every operation places alike: the
            // homes of any operation defining it serve.
            let index = service
                .operations
                .iter()
                .position(|op| op.model(wire).is_some())
                .expect("a shared model is defined by some operation");
            let doc = format!("The `{wire}` model of the {} API.", service.name);
            let key = (Module::Types, rust.clone());
            planner.model(shareable[wire], key, doc, &homes[index])
        })
        .collect();
    shared.sort_by(|a, b| a.name.cmp(&b.name));
    let ops = service
        .operations
        .iter()
        .zip(names)
        .zip(homes)
        .map(|((op, names), homes)| planner.operation(op, names, homes))
        .collect();
    Models { shared, ops }
}

/// Where each model of an operation lives: its result struct, a shared type, or a struct of its own.
fn homes(op: &Operation, names: &OpNames, shared_names: &BTreeMap<&str, String>) -> Homes {
    let module = Module::Operation(names.module.clone());
    let mut scope = Scope::with_reserved(&[
        names.builder.as_str(),
        names.result.as_str(),
        names.input.as_str(),
    ]);
    let result = result_model_name(op);
    let mut homes = HashMap::new();
    for model in &op.models {
        let (module, name) = if Some(model.name.as_str()) == result {
            (module.clone(), names.result.clone())
        } else if let Some(shared) = shared_names.get(model.name.as_str()) {
            (Module::Types, shared.clone())
        } else {
            (module.clone(), scope.claim(camel(&model.name)))
        };
        homes.insert(model.name.clone(), TypeRef::Model { module, name });
    }
    homes
}

/// What each struct is, across operations: a shared model read from a reply anywhere is tolerant
/// everywhere, and built by users if any request carries it.
fn traits<'a>(service: &'a Service, homes: &[Homes]) -> BTreeMap<Key, Traits<'a>> {
    let mut traits: BTreeMap<Key, Traits<'_>> = BTreeMap::new();
    for (op, homes) in service.operations.iter().zip(homes) {
        let key = |name: &str| match &homes[name] {
            TypeRef::Model { module, name } => (module.clone(), name.clone()),
            _ => unreachable!("homes hold models"),
        };
        for name in op.reachable_models(op.response.iter().map(|f| &f.ty)) {
            traits.entry(key(name)).or_default().tolerant = true;
        }
        let sent = op
            .parameters
            .iter()
            .filter(|p| !p.set_by_runtime)
            .map(|p| &p.ty);
        for name in op.reachable_models(sent) {
            traits.entry(key(name)).or_default().builder = true;
        }
        for model in &op.models {
            let boxed = cyclic_fields(op, model);
            traits
                .entry(key(&model.name))
                .or_default()
                .boxed
                .extend(boxed);
        }
    }
    traits
}

/// Makes model plans once every struct's traits are known.
struct Planner<'t, 'a> {
    traits: &'t BTreeMap<Key, Traits<'a>>,
}

impl Planner<'_, '_> {
    fn model(&self, model: &Model, key: Key, doc: String, homes: &Homes) -> ModelPlan {
        let traits = self.traits.get(&key);
        let (module, name) = key;
        ModelPlan {
            fields: plan_fields(&model.fields, homes, traits),
            builder: traits.is_some_and(|t| t.builder),
            name,
            wire: model.name.clone(),
            module,
            doc,
            gate: Vec::new(),
        }
    }

    /// An operation's result struct and the structs of its own module.
    fn operation(&self, op: &Operation, names: &OpNames, homes: Homes) -> OpModels {
        let module = Module::Operation(names.module.clone());
        let result_doc = format!("The result of [`{}`] (`{}`).", names.builder, op.id);
        let result_name = result_model_name(op);
        let result = match result_name.and_then(|name| op.model(name)) {
            Some(model) => {
                let key = (module.clone(), names.result.clone());
                Some(self.model(model, key, result_doc, &homes))
            }
            None if result_fields_at_top_level(op) => {
                let fields: Vec<Field> = op.top_level_result_members().cloned().collect();
                let tolerant = Traits {
                    tolerant: true,
                    ..Traits::default()
                };
                Some(ModelPlan {
                    name: names.result.clone(),
                    wire: names.result.clone(),
                    module: module.clone(),
                    doc: result_doc,
                    fields: plan_fields(&fields, &homes, Some(&tolerant)),
                    builder: false,
                    gate: Vec::new(),
                })
            }
            None => None,
        };
        let locals = op
            .models
            .iter()
            .filter(|m| Some(m.name.as_str()) != result_name)
            .filter_map(|model| match &homes[&model.name] {
                TypeRef::Model { module: m, name } if *m == module => {
                    let doc = format!("The `{}` model of `{}`.", model.name, op.id);
                    Some(self.model(model, (m.clone(), name.clone()), doc, &homes))
                }
                _ => None,
            })
            .collect();
        OpModels {
            result,
            locals,
            homes,
        }
    }
}

fn plan_fields(fields: &[Field], homes: &Homes, traits: Option<&Traits<'_>>) -> Vec<FieldPlan> {
    let tolerant = traits.is_some_and(|t| t.tolerant);
    let built = traits.is_some_and(|t| t.builder);
    let mut scope = Scope::default();
    let rust: Vec<String> = fields
        .iter()
        .map(|f| {
            let mut name = snake(&f.name);
            if built && (name == BUILD || BUILDER_METHODS.contains(&name.as_str())) {
                name.push('_');
            }
            scope.claim(name)
        })
        .collect();
    let set_option: Vec<String> = rust
        .iter()
        .map(|name| scope.claim(format!("set_{}", name.trim_end_matches('_'))))
        .collect();
    fields
        .iter()
        .zip(rust)
        .zip(set_option)
        .map(|((field, rust), set_option)| {
            let boxed = traits.is_some_and(|t| t.boxed.contains(field.name.as_str()));
            FieldPlan {
                wire: field.name.clone(),
                rust,
                set_option,
                ty: type_ref(&field.ty, homes),
                required: field.required && !tolerant && !boxed,
                boxed,
                description: field.description.clone(),
                default: field.default.clone(),
            }
        })
        .collect()
}
