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

use jdcloud_model::{Applied, Location, Parameter, Service, Type};
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
            let op = service
                .operations
                .iter_mut()
                .find(|o| o.id == *operation)
                .ok_or_else(|| format!("no operation `{operation}` in service `{}`", c.service))?;
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
        Change::Add {
            operation,
            parameter,
        } => {
            let op = service
                .operations
                .iter_mut()
                .find(|o| o.id == *operation)
                .ok_or_else(|| format!("no operation `{operation}` in service `{}`", c.service))?;
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

#[cfg(test)]
mod tests;
