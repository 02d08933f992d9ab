//! Which operation a request is for: its method and its path against each operation's template
//! (`/v1/regions/{regionId}/widgets/{widgetId}:archive`), path values decoded.

use std::collections::BTreeMap;

use jdcloud_model::{Operation, Service};
use percent_encoding::percent_decode_str;

/// One segment of a path template: text, or a placeholder with text around it (`{id}:start`).
#[derive(Debug, Clone)]
enum Segment {
    Literal(String),
    Placeholder {
        prefix: String,
        name: String,
        suffix: String,
    },
}

fn segments(template: &str) -> Vec<Segment> {
    template
        .split('/')
        .map(|part| match (part.find('{'), part.find('}')) {
            (Some(open), Some(close)) if open < close => Segment::Placeholder {
                prefix: part[..open].to_owned(),
                name: part[open + 1..close].to_owned(),
                suffix: part[close + 1..].to_owned(),
            },
            _ => Segment::Literal(part.to_owned()),
        })
        .collect()
}

/// A decoded path value.
pub(crate) fn decode(text: &str) -> String {
    percent_decode_str(text).decode_utf8_lossy().into_owned()
}

/// The operations of the services served, by route.
pub(crate) struct Routes<'s> {
    routes: Vec<(&'s Service, &'s Operation, Vec<Segment>)>,
}

/// A request matched to its operation.
pub(crate) struct Matched<'s> {
    pub service: &'s Service,
    pub operation: &'s Operation,
    /// Path parameters, decoded.
    pub path: BTreeMap<String, String>,
}

impl<'s> Routes<'s> {
    pub(crate) fn new(services: &'s [Service]) -> Self {
        let mut routes: Vec<_> = services
            .iter()
            .flat_map(|s| {
                s.operations
                    .iter()
                    .map(move |op| (s, op, segments(&op.path)))
            })
            .collect();
        // The most literal text first: `/things/{id}:archive` before `/things/{id}`, which would take
        // `abc:archive` for an id.
        routes.sort_by_key(|(_, _, segs)| {
            let literal: usize = segs
                .iter()
                .map(|s| match s {
                    Segment::Literal(text) => text.len(),
                    Segment::Placeholder { prefix, suffix, .. } => prefix.len() + suffix.len(),
                })
                .sum();
            std::cmp::Reverse(literal)
        });
        Routes { routes }
    }

    /// The operation `method path` is for; `Err(true)` when the path is known but not for this method.
    pub(crate) fn find(&self, method: &str, path: &str) -> Result<Matched<'s>, bool> {
        let parts: Vec<&str> = path.split('/').collect();
        let mut path_known = false;
        for (service, op, template) in &self.routes {
            if template.len() != parts.len() {
                continue;
            }
            let Some(values) = capture(template, &parts) else {
                continue;
            };
            if op.method.as_str() != method {
                path_known = true;
                continue;
            }
            return Ok(Matched {
                service,
                operation: op,
                path: values,
            });
        }
        Err(path_known)
    }
}

fn capture(template: &[Segment], parts: &[&str]) -> Option<BTreeMap<String, String>> {
    let mut values = BTreeMap::new();
    for (segment, part) in template.iter().zip(parts) {
        match segment {
            Segment::Literal(text) => {
                if decode(part) != *text {
                    return None;
                }
            }
            Segment::Placeholder {
                prefix,
                name,
                suffix,
            } => {
                let inner = part
                    .strip_prefix(prefix.as_str())?
                    .strip_suffix(suffix.as_str())?;
                if inner.is_empty() {
                    return None;
                }
                values.insert(name.clone(), decode(inner));
            }
        }
    }
    Some(values)
}
