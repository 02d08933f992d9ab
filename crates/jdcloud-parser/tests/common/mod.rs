//! Invariants every parsed operation holds, whatever the document (see `jdcloud_model`'s crate docs).

use std::collections::BTreeSet;

use jdcloud_model::{Location, Operation};

/// Every `{param}` of the path has exactly its path parameter and the other way round, and every model
/// reference names a model of the operation.
pub fn assert_operation_invariants(op: &Operation) {
    let placeholders: BTreeSet<&str> = op
        .path
        .split('{')
        .skip(1)
        .filter_map(|s| s.split_once('}').map(|(n, _)| n))
        .collect();
    let path_params: Vec<&str> = op
        .parameters
        .iter()
        .filter(|p| p.location == Location::Path)
        .map(|p| p.name.as_str())
        .collect();
    assert_eq!(
        path_params.len(),
        placeholders.len(),
        "{}: {} has {path_params:?}",
        op.source.file,
        op.path
    );
    assert_eq!(
        placeholders,
        path_params.into_iter().collect(),
        "{}: {}",
        op.source.file,
        op.path
    );
    let types = op.parameters.iter().map(|p| &p.ty).chain(
        op.response
            .iter()
            .chain(op.models.iter().flat_map(|m| &m.fields))
            .map(|f| &f.ty),
    );
    for ty in types {
        if let Some(name) = ty.model_name() {
            assert!(
                op.model(name).is_some(),
                "{}: {ty} names no model",
                op.source.file
            );
        }
    }
}
