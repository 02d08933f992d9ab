//! The model of the documents next to the official SDK's list of operations (as
//! `tests/sdk/operations.py` writes it from jdcloud-sdk): per service, whether the SDK has it under
//! the same name and host; per operation, whether method, path, parameters and required parameters
//! agree. [`overlays`] writes the corrections (`spec/overlays/*.yaml`) that would make the model agree
//! where an overlay can: the service's name and host, requiredness, parameters the documents leave
//! out. A person reviews them before they are committed: the SDK is newer than most documents, but
//! not always right.

#![deny(missing_docs)]

use std::collections::{BTreeMap, BTreeSet};

use jdcloud_model::{Location, Method, Service};
use serde_json::Value;

/// A service name as the SDK spells its folder: lower case, no `-` or `_`.
pub fn folded(name: &str) -> String {
    name.chars()
        .filter(|c| !matches!(c, '-' | '_'))
        .flat_map(char::to_lowercase)
        .collect()
}

/// One operation of the model next to the SDK's.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OperationCheck {
    /// The model's service.
    pub service: String,
    /// The operation id.
    pub operation: String,
    /// Whether the SDK has the operation (the rest is empty when it has not).
    pub in_sdk: bool,
    /// `(ours, the SDK's)` when the methods differ.
    pub method: Option<(String, String)>,
    /// `(ours, the SDK's)` when the paths differ.
    pub path: Option<(String, String)>,
    /// Parameters the model has and the SDK has not (header parameters, which the SDK takes apart,
    /// are not compared).
    pub not_in_sdk: BTreeSet<String>,
    /// Parameters the SDK has and the model has not.
    pub not_documented: BTreeSet<String>,
    /// Parameters the SDK has that the model documents too.
    pub covered: usize,
    /// Required in the model only.
    pub required_ours: BTreeSet<String>,
    /// Required in the SDK only.
    pub required_theirs: BTreeSet<String>,
    /// Whether the model's operation was made of several copies.
    pub copied: bool,
}

impl OperationCheck {
    /// Whether method, path, parameters (the model's a subset of the SDK's) and requiredness agree.
    pub fn agrees(&self) -> bool {
        self.in_sdk
            && self.method.is_none()
            && self.path.is_none()
            && self.not_in_sdk.is_empty()
            && self.required_ours.is_empty()
            && self.required_theirs.is_empty()
    }
}

/// One service of the model next to the SDK's.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServiceCheck {
    /// The model's name.
    pub name: String,
    /// The model's host.
    pub host: String,
    /// The SDK's signing name and host for it, when it has the service.
    pub sdk: Option<(String, String)>,
}

/// Everything compared.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Crosscheck {
    /// Services, in the model's order.
    pub services: Vec<ServiceCheck>,
    /// Operations, in the model's order.
    pub operations: Vec<OperationCheck>,
}

fn names(list: &Value) -> BTreeSet<String> {
    list.as_array()
        .into_iter()
        .flatten()
        .filter_map(|v| v.as_str().map(str::to_owned))
        .collect()
}

/// Compares `services` with `sdk` (the JSON of `tests/sdk/operations.py`).
pub fn check(services: &[Service], sdk: &Value) -> Crosscheck {
    let sdk_services: BTreeMap<String, &Value> = sdk["services"]
        .as_object()
        .into_iter()
        .flatten()
        .map(|(name, service)| (folded(name), service))
        .collect();
    let mut result = Crosscheck::default();
    for service in services {
        let theirs = sdk_services.get(&folded(&service.name));
        result.services.push(ServiceCheck {
            name: service.name.clone(),
            host: service.endpoint.host.clone(),
            sdk: theirs.map(|s| {
                (
                    s["signing_name"].as_str().unwrap_or_default().to_owned(),
                    s["host"].as_str().unwrap_or_default().to_owned(),
                )
            }),
        });
        for op in &service.operations {
            let mut check = OperationCheck {
                service: service.name.clone(),
                operation: op.id.clone(),
                copied: !op.source.copies.is_empty(),
                ..OperationCheck::default()
            };
            let sdk_op = theirs.and_then(|s| {
                s["operations"]
                    .as_object()?
                    .iter()
                    .find(|(id, _)| id.eq_ignore_ascii_case(&op.id))
                    .map(|(_, op)| op)
            });
            if let Some(sdk_op) = sdk_op {
                check.in_sdk = true;
                let method = sdk_op["method"].as_str().unwrap_or_default();
                if op.method.as_str() != method {
                    check.method = Some((op.method.as_str().to_owned(), method.to_owned()));
                }
                let path = sdk_op["path"].as_str().unwrap_or_default();
                if op.path != path {
                    check.path = Some((op.path.clone(), path.to_owned()));
                }
                // Header parameters travel in the SDK's `header` argument, not in its parameters.
                let params: Vec<_> = op
                    .parameters
                    .iter()
                    .filter(|p| !p.set_by_runtime && p.location != Location::Header)
                    .collect();
                let ours: BTreeSet<String> = params.iter().map(|p| p.name.clone()).collect();
                let sdk_params = names(&sdk_op["parameters"]);
                check.covered = ours.intersection(&sdk_params).count();
                check.not_in_sdk = ours.difference(&sdk_params).cloned().collect();
                check.not_documented = sdk_params.difference(&ours).cloned().collect();
                let ours_required: BTreeSet<String> = params
                    .iter()
                    .filter(|p| p.required)
                    .map(|p| p.name.clone())
                    .collect();
                let sdk_required = names(&sdk_op["required"]);
                check.required_ours = ours_required.difference(&sdk_required).cloned().collect();
                check.required_theirs = sdk_required.difference(&ours_required).cloned().collect();
            }
            result.operations.push(check);
        }
    }
    result
}

fn yaml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_default()
}

/// The overlays that would make the model agree with the SDK where an overlay can, one file per
/// service (`<service>.yaml`), each correction with its reason; services that need none are left
/// out. Paths and methods are set to the SDK's. Parameters the documents leave out are added in the query of reads and the body of writes,
/// as strings: their type and place are a guess for the reviewer to confirm.
pub fn overlays(
    services: &[Service],
    check: &Crosscheck,
    sdk_version: &str,
) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    for (service, service_check) in services.iter().zip(&check.services) {
        let mut text = String::new();
        let mut name = service.name.clone();
        if let Some((sdk_name, sdk_host)) = &service_check.sdk {
            let rename = (!sdk_name.is_empty() && *sdk_name != service.name).then_some(sdk_name);
            let host =
                (!sdk_host.is_empty() && *sdk_host != service.endpoint.host).then_some(sdk_host);
            if rename.is_some() || host.is_some() {
                text.push_str(&format!(
                    "- reason: {}\n  service: {}\n",
                    yaml_string(&format!(
                        "jdcloud-sdk {sdk_version} calls this service `{}` at {}",
                        rename.unwrap_or(&service.name),
                        host.unwrap_or(&service.endpoint.host)
                    )),
                    service.name
                ));
                if let Some(rename) = rename {
                    text.push_str(&format!("  rename_service: {rename}\n"));
                    name = rename.clone();
                }
                if let Some(host) = host {
                    text.push_str(&format!("  host: {host}\n"));
                }
            }
        }
        for (op, op_check) in service.operations.iter().zip(
            check
                .operations
                .iter()
                .filter(|c| c.service == service.name),
        ) {
            if op_check.method.is_some() || op_check.path.is_some() {
                text.push_str(&format!(
                    "- reason: {}\n  service: {name}\n  operation: {}\n",
                    yaml_string(&format!(
                        "jdcloud-sdk {sdk_version} calls it with {} (review: the SDK may be the one that is wrong)",
                        [
                            op_check.method.as_ref().map(|(_, m)| format!("method {m}")),
                            op_check.path.as_ref().map(|(_, p)| format!("path {p}")),
                        ]
                        .into_iter()
                        .flatten()
                        .collect::<Vec<_>>()
                        .join(" and ")
                    )),
                    op.id
                ));
                if let Some((_, path)) = &op_check.path {
                    text.push_str(&format!("  path: {path}\n"));
                }
                if let Some((_, method)) = &op_check.method {
                    text.push_str(&format!("  method: {method}\n"));
                }
            }
            for (parameter, required) in op_check
                .required_theirs
                .iter()
                .map(|p| (p, true))
                .chain(op_check.required_ours.iter().map(|p| (p, false)))
            {
                if !op.parameters.iter().any(|p| p.name == *parameter) {
                    continue;
                }
                let word = if required {
                    "requires"
                } else {
                    "does not require"
                };
                text.push_str(&format!(
                    "- reason: {}\n  service: {name}\n  operation: {}\n  parameter: {parameter}\n  required: {required}\n",
                    yaml_string(&format!("jdcloud-sdk {sdk_version} {word} it")),
                    op.id
                ));
            }
            let location = if matches!(op.method, Method::Get | Method::Delete | Method::Head) {
                "query"
            } else {
                "body"
            };
            for parameter in &op_check.not_documented {
                let required = op_check.required_theirs.contains(parameter);
                text.push_str(&format!(
                    "- reason: {}\n  service: {name}\n  operation: {}\n  add_parameter: {{name: {parameter}, in: {location}, type: string, required: {required}}}\n",
                    yaml_string(&format!(
                        "jdcloud-sdk {sdk_version} sends it; the documents leave it out (place and type guessed: review)"
                    )),
                    op.id
                ));
            }
        }
        if !text.is_empty() {
            files.insert(
                format!("{}.yaml", service.name),
                format!(
                    "# Written by `cargo xtask crosscheck` from jdcloud-sdk {sdk_version}; review every correction before committing it.\n{text}"
                ),
            );
        }
    }
    files
}

#[cfg(test)]
mod tests;
