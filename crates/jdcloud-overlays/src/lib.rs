//! Overlays: small, reviewable corrections of the parsed model for what the documents get wrong,
//! applied before emission. An overlay file (`spec/overlays/*.yaml`) is a list of corrections, each
//! naming what it corrects and why:
//!
//! ```yaml
//! # The documents give resource-tag.jdcloud-api.com; the SDK calls `resourcetag`.
//! - reason: the official SDK names this service resourcetag, at resourcetag.jdcloud-api.com
//!   service: resource-tag
//!   rename_service: resourcetag
//!   host: resourcetag.jdcloud-api.com
//! - reason: the SDK sends it in the query
//!   service: widget
//!   operation: describeWidgets
//!   parameter: widgetIds
//!   in: query            # and/or `type: array<string>`, `required: true`
//! - reason: the SDK calls the path with underscores
//!   service: widget
//!   operation: describeWidgetStats
//!   path: /v1/regions/{regionId}/widget_stats    # and/or `method: GET`
//! - reason: the SDK sends the members of `spec` as body parameters of their own
//!   service: widget
//!   operation: createWidget
//!   flatten_body: spec   # or `wrap_body: spec`: every body parameter becomes a member of `spec`
//! - reason: the page forgets the flag the SDK sends
//!   service: widget
//!   operation: deleteWidget
//!   add_parameter: {name: force, in: query, type: bool, description: Delete even when in use}
//! ```
//!
//! A correction that matches nothing is an error (the overlay is stale: the documents changed, or
//! it was never right); every applied one is recorded in the model (`overlays:`, with file, line and
//! reason), so the YAML shows what was corrected. Errors read `file:line:1: error[overlay]: ...`.

#![deny(missing_docs)]

use std::fmt;

use jdcloud_model::{Applied, Field, Location, Method, Model, Operation, Parameter, Service, Type};
use serde::Deserialize;

/// One correction, as written.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct Written {
    reason: String,
    service: String,
    #[serde(default)]
    operation: Option<String>,
    #[serde(default)]
    parameter: Option<String>,
    #[serde(default)]
    rename_service: Option<String>,
    #[serde(default)]
    host: Option<String>,
    #[serde(default, rename = "in")]
    location: Option<Location>,
    #[serde(default, rename = "type")]
    ty: Option<Type>,
    #[serde(default)]
    required: Option<bool>,
    #[serde(default)]
    add_parameter: Option<NewParameter>,
    #[serde(default)]
    path: Option<String>,
    #[serde(default)]
    method: Option<Method>,
    #[serde(default)]
    flatten_body: Option<String>,
    #[serde(default)]
    wrap_body: Option<String>,
}

/// A parameter an overlay adds.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
struct NewParameter {
    name: String,
    #[serde(rename = "in")]
    location: Location,
    #[serde(rename = "type")]
    ty: Type,
    #[serde(default)]
    required: bool,
    #[serde(default)]
    description: String,
}

/// What a correction does.
#[derive(Debug, Clone, PartialEq)]
enum Change {
    /// A new name and/or host for the service.
    Service {
        rename: Option<String>,
        host: Option<String>,
    },
    /// A parameter's location, type or requiredness.
    Parameter {
        operation: String,
        parameter: String,
        location: Option<Location>,
        ty: Option<Type>,
        required: Option<bool>,
    },
    /// An operation's path template and/or method.
    Operation {
        operation: String,
        path: Option<String>,
        method: Option<Method>,
    },
    /// Body parameters wrapped into one member, or one member's fields made body parameters.
    Body {
        operation: String,
        wrapper: String,
        flatten: bool,
    },
    /// A parameter the documents leave out.
    Add {
        operation: String,
        parameter: NewParameter,
    },
}

/// A correction read from an overlay file.
#[derive(Debug, Clone, PartialEq)]
pub struct Correction {
    file: String,
    line: u32,
    reason: String,
    service: String,
    change: Change,
}

/// An overlay that cannot be read or applied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverlayError {
    /// The overlay file.
    pub file: String,
    /// The line of the correction (1 for the file as a whole).
    pub line: u32,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for OverlayError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}:1: error[overlay]: {}",
            self.file, self.line, self.message
        )
    }
}

impl std::error::Error for OverlayError {}

/// The lines where the top-level list items of a YAML file start.
fn item_lines(text: &str) -> Vec<u32> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.starts_with("- ") || *l == "-")
        .map(|(i, _)| i as u32 + 1)
        .collect()
}

/// Reads an overlay file (`file` names it in errors and in the model).
pub fn read(file: &str, text: &str) -> Result<Vec<Correction>, Vec<OverlayError>> {
    let error = |line: u32, message: String| OverlayError {
        file: file.to_owned(),
        line,
        message,
    };
    let written: Vec<Written> = match serde_norway::from_str::<Option<Vec<Written>>>(text) {
        Ok(list) => list.unwrap_or_default(),
        Err(e) => {
            let line = e.location().map_or(1, |l| l.line() as u32);
            return Err(vec![error(line, format!("not a list of corrections: {e}"))]);
        }
    };
    let lines = item_lines(text);
    let mut corrections = Vec::new();
    let mut errors = Vec::new();
    for (index, w) in written.into_iter().enumerate() {
        let line = lines.get(index).copied().unwrap_or(1);
        match change_of(&w) {
            Ok(change) => corrections.push(Correction {
                file: file.to_owned(),
                line,
                reason: w.reason.trim().to_owned(),
                service: w.service,
                change,
            }),
            Err(message) => errors.push(error(line, message)),
        }
        if corrections.last().is_some_and(|c| c.reason.is_empty()) {
            corrections.pop();
            errors.push(error(line, "a correction needs its `reason`".to_owned()));
        }
    }
    if errors.is_empty() {
        Ok(corrections)
    } else {
        Err(errors)
    }
}

/// What a written correction asks for; the error says which fields do not go together.
fn change_of(w: &Written) -> Result<Change, String> {
    let service_level = w.rename_service.is_some() || w.host.is_some();
    let parameter_level = w.location.is_some() || w.ty.is_some() || w.required.is_some();
    let operation_level =
        w.path.is_some() || w.method.is_some() || w.flatten_body.is_some() || w.wrap_body.is_some();
    if operation_level
        && (w.operation.is_none() || w.parameter.is_some() || w.add_parameter.is_some())
    {
        return Err(
            "`path`, `method`, `flatten_body` and `wrap_body` take `operation` and no parameter"
                .to_owned(),
        );
    }
    match (&w.operation, &w.parameter, &w.add_parameter) {
        (None, None, None) if service_level && !parameter_level => Ok(Change::Service {
            rename: w.rename_service.clone(),
            host: w.host.clone(),
        }),
        (None, None, None) => Err(
            "a correction of a service gives `rename_service` or `host`; of a parameter, `operation` and `parameter`"
                .to_owned(),
        ),
        (Some(operation), Some(parameter), None) if parameter_level && !service_level => {
            Ok(Change::Parameter {
                operation: operation.clone(),
                parameter: parameter.clone(),
                location: w.location,
                ty: w.ty.clone(),
                required: w.required,
            })
        }
        (Some(_), Some(_), None) => Err(
            "a correction of a parameter gives `in`, `type` or `required` (and nothing of the service)"
                .to_owned(),
        ),
        (Some(operation), None, None)
            if !service_level && !parameter_level && (w.path.is_some() || w.method.is_some()) =>
        {
            if w.flatten_body.is_some() || w.wrap_body.is_some() {
                return Err("`path`/`method` and a body change are separate corrections".to_owned());
            }
            Ok(Change::Operation {
                operation: operation.clone(),
                path: w.path.clone(),
                method: w.method,
            })
        }
        (Some(operation), None, None) if !service_level && !parameter_level => {
            match (&w.flatten_body, &w.wrap_body) {
                (Some(wrapper), None) | (None, Some(wrapper)) => Ok(Change::Body {
                    operation: operation.clone(),
                    wrapper: wrapper.clone(),
                    flatten: w.flatten_body.is_some(),
                }),
                (Some(_), Some(_)) => Err("`flatten_body` and `wrap_body` do not go together".to_owned()),
                (None, None) => Err(
                    "a correction of an operation gives `path`, `method`, `flatten_body`, `wrap_body`, a `parameter` or `add_parameter`"
                        .to_owned(),
                ),
            }
        }
        (Some(operation), None, Some(parameter)) if !service_level && !parameter_level => {
            Ok(Change::Add {
                operation: operation.clone(),
                parameter: parameter.clone(),
            })
        }
        _ => Err(
            "fields that do not go together: `add_parameter` takes `operation` and nothing else; `parameter` takes `operation`"
                .to_owned(),
        ),
    }
}

/// Applies `corrections` to `services` in order; the errors name those that match nothing (stale)
/// or cannot be applied. Services are kept sorted by name.
pub fn apply(services: &mut [Service], corrections: &[Correction]) -> Vec<OverlayError> {
    let mut errors = Vec::new();
    for c in corrections {
        if let Err(message) = apply_one(services, c) {
            errors.push(OverlayError {
                file: c.file.clone(),
                line: c.line,
                message,
            });
        }
    }
    services.sort_by(|a, b| a.name.cmp(&b.name));
    errors
}

fn apply_one(services: &mut [Service], c: &Correction) -> Result<(), String> {
    let applied = Applied {
        overlay: c.file.clone(),
        line: c.line,
        reason: c.reason.clone(),
    };
    let service = services
        .iter_mut()
        .find(|s| s.name == c.service)
        .ok_or_else(|| format!("no service `{}` to correct (stale overlay?)", c.service))?;
    match &c.change {
        Change::Service { rename, host } => {
            if let Some(name) = rename {
                service.name = name.clone();
            }
            if let Some(host) = host {
                service.endpoint.host = host.clone();
            }
            service.overlays.push(applied);
        }
        Change::Parameter {
            operation,
            parameter,
            location,
            ty,
            required,
        } => {
            let op = operation_mut(service, operation)?;
            let p = op
                .parameters
                .iter_mut()
                .find(|p| p.name == *parameter)
                .ok_or_else(|| format!("no parameter `{parameter}` in `{operation}`"))?;
            let before = (p.location, p.ty.clone(), p.required);
            if let Some(location) = location {
                p.location = *location;
            }
            if let Some(ty) = ty {
                p.ty = ty.clone();
            }
            if let Some(required) = required {
                p.required = *required;
            }
            if before == (p.location, p.ty.clone(), p.required) {
                return Err(format!(
                    "`{operation}` `{parameter}` is already as corrected (stale overlay?)"
                ));
            }
            op.overlays.push(applied);
        }
        Change::Operation {
            operation,
            path,
            method,
        } => {
            let op = operation_mut(service, operation)?;
            let before = (op.path.clone(), op.method);
            if let Some(path) = path {
                op.path = path.clone();
            }
            if let Some(method) = method {
                op.method = *method;
            }
            if before == (op.path.clone(), op.method) {
                return Err(format!(
                    "`{operation}` is already as corrected (stale overlay?)"
                ));
            }
            op.overlays.push(applied);
        }
        Change::Body {
            operation,
            wrapper,
            flatten,
        } => {
            let op = operation_mut(service, operation)?;
            if *flatten {
                flatten_body(op, wrapper)?;
            } else {
                wrap_body(op, wrapper)?;
            }
            op.overlays.push(applied);
        }
        Change::Add {
            operation,
            parameter,
        } => {
            let op = operation_mut(service, operation)?;
            if op.parameters.iter().any(|p| p.name == parameter.name) {
                return Err(format!(
                    "`{operation}` already has a parameter `{}` (stale overlay?)",
                    parameter.name
                ));
            }
            op.parameters.push(Parameter {
                name: parameter.name.clone(),
                location: parameter.location,
                ty: parameter.ty.clone(),
                required: parameter.required,
                default: None,
                description: parameter.description.clone(),
                set_by_runtime: false,
                line: 0,
            });
            op.overlays.push(applied);
        }
    }
    Ok(())
}

fn operation_mut<'a>(service: &'a mut Service, id: &str) -> Result<&'a mut Operation, String> {
    let name = service.name.clone();
    service
        .operations
        .iter_mut()
        .find(|o| o.id == id)
        .ok_or_else(|| format!("no operation `{id}` in service `{name}`"))
}

/// The body parameter `wrapper`, of a model type, replaced by the model's fields as body
/// parameters, in its place.
fn flatten_body(op: &mut Operation, wrapper: &str) -> Result<(), String> {
    let index = op
        .parameters
        .iter()
        .position(|p| p.name == wrapper && p.location == Location::Body)
        .ok_or_else(|| format!("no body parameter `{wrapper}` in `{}`", op.id))?;
    let model = op.parameters[index]
        .ty
        .model_name()
        .and_then(|name| op.model(name))
        .ok_or_else(|| {
            format!(
                "`{}` `{wrapper}` is not of a model documented with it",
                op.id
            )
        })?;
    let members: Vec<Parameter> = model
        .fields
        .iter()
        .map(|f| Parameter {
            name: f.name.clone(),
            location: Location::Body,
            ty: f.ty.clone(),
            required: f.required,
            default: f.default.clone(),
            description: f.description.clone(),
            set_by_runtime: false,
            line: f.line,
        })
        .collect();
    if let Some(clash) = members
        .iter()
        .find(|m| op.parameters.iter().any(|p| p.name == m.name))
    {
        return Err(format!(
            "`{}` already has a parameter `{}`",
            op.id, clash.name
        ));
    }
    op.parameters.splice(index..=index, members);
    Ok(())
}

/// Every body parameter made a member of one new body parameter `wrapper`, whose model (named
/// after it, `spec` -> `Spec`) is added to the operation's models.
fn wrap_body(op: &mut Operation, wrapper: &str) -> Result<(), String> {
    let model_name = {
        let mut chars = wrapper.chars();
        chars
            .next()
            .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
            .unwrap_or_default()
    };
    if op.model(&model_name).is_some() {
        return Err(format!("`{}` already has a model `{model_name}`", op.id));
    }
    let first = op
        .parameters
        .iter()
        .position(|p| p.location == Location::Body)
        .ok_or_else(|| format!("`{}` has no body parameters to wrap", op.id))?;
    if op.parameters.iter().any(|p| p.name == wrapper) {
        return Err(format!("`{}` already has a parameter `{wrapper}`", op.id));
    }
    let (body, mut rest): (Vec<Parameter>, Vec<Parameter>) = std::mem::take(&mut op.parameters)
        .into_iter()
        .partition(|p| p.location == Location::Body);
    let line = body[0].line;
    let fields = body
        .iter()
        .map(|p| Field {
            name: p.name.clone(),
            ty: p.ty.clone(),
            required: p.required,
            default: p.default.clone(),
            description: p.description.clone(),
            line: p.line,
        })
        .collect();
    rest.insert(
        first,
        Parameter {
            name: wrapper.to_owned(),
            location: Location::Body,
            ty: Type::Model(model_name.clone()),
            required: body.iter().any(|p| p.required),
            default: None,
            description: String::new(),
            set_by_runtime: false,
            line,
        },
    );
    op.parameters = rest;
    op.models.push(Model {
        name: model_name,
        fields,
        line,
    });
    Ok(())
}

#[cfg(test)]
mod tests;
