//! Cargo features: one per operation, named after its module (`describe-backups`), so that users who
//! call three operations of a large service compile three; `all`, the default, enables every one.
//! An operation's module, client method and `call_json` arm are compiled under its feature; a shared
//! model under the features of the operations that reach it (through parameters, results or other
//! models), unless every operation does.

use std::collections::{BTreeMap, BTreeSet};

use super::{ModelPlan, Module, OpPlan, ResultPlan, TypeRef};

/// Feature names cargo reserves or the crate uses for itself.
const RESERVED: &[&str] = &["all", "default"];

/// The feature of an operation whose module is `module`.
pub(super) fn feature_name(module: &str) -> String {
    let name = module.trim_start_matches("r#").replace('_', "-");
    if RESERVED.contains(&name.as_str()) {
        format!("op-{name}")
    } else {
        name
    }
}

/// Sets each shared model's `gate`: the features of the operations that reach it, or none when every
/// operation does.
pub(super) fn gate_shared(ops: &[OpPlan<'_>], shared: &mut [ModelPlan]) {
    let models: BTreeMap<&str, &ModelPlan> = shared.iter().map(|m| (m.name.as_str(), m)).collect();
    let mut users: BTreeMap<String, BTreeSet<&str>> = BTreeMap::new();
    for op in ops {
        let mut reached = BTreeSet::new();
        let mut roots: Vec<&TypeRef> = op.params.iter().map(|p| &p.ty).collect();
        match &op.result {
            ResultPlan::Type(ty) => roots.push(ty),
            ResultPlan::Model(model) => roots.extend(model.fields.iter().map(|f| &f.ty)),
            ResultPlan::Empty => {}
        }
        roots.extend(
            op.locals
                .iter()
                .flat_map(|m| m.fields.iter().map(|f| &f.ty)),
        );
        while let Some(ty) = roots.pop() {
            match ty {
                TypeRef::List(inner) | TypeRef::Map(inner) => roots.push(inner),
                TypeRef::Model {
                    module: Module::Types,
                    name,
                } if reached.insert(name.as_str()) => {
                    if let Some(model) = models.get(name.as_str()) {
                        roots.extend(model.fields.iter().map(|f| &f.ty));
                    }
                }
                _ => {}
            }
        }
        for name in reached {
            users
                .entry(name.to_owned())
                .or_default()
                .insert(op.feature.as_str());
        }
    }
    for model in shared {
        let features = users.remove(&model.name).unwrap_or_default();
        model.gate = if features.len() == ops.len() {
            Vec::new()
        } else {
            features.into_iter().map(str::to_owned).collect()
        };
    }
}
