//! Parameters from the address and request tables, each placed where it travels: a `{placeholder}` of
//! the path or host, a header, else the query (GET, HEAD, DELETE) or the JSON body.

use std::collections::{HashMap, HashSet};

use jdcloud_model::{Field, Location, Method, Model, Parameter, Type};

use crate::blocks::Table;
use crate::diagnostic::Sink;
use crate::operation::address::Address;
use crate::operation::rows::{check_columns, read_required, RowReader};
use crate::table::{self, quote_list, RowData};
use crate::vocab;

/// The parameters of an operation: the path parameters in the order of the path's placeholders (a
/// placeholder without a row becomes a required string, with a warning), then the others in the
/// documents' order.
pub(crate) fn place_parameters(
    address: &Address,
    method: Method,
    tables: [Option<&Table>; 2],
    rows: &RowReader,
    sink: &mut Sink<'_>,
) -> Vec<Parameter> {
    let mut placed = Placed {
        address,
        default_location: if method.has_body() {
            Location::Body
        } else {
            Location::Query
        },
        path: HashMap::new(),
        others: Vec::new(),
        other_names: HashSet::new(),
    };
    // The address table, then the request table.
    for (table, from_address) in tables.into_iter().zip([true, false]) {
        let Some(table) = table else { continue };
        check_columns(table, "parameter", sink);
        for row in table::rows(table, sink) {
            placed.add(&row, from_address, rows, sink);
        }
    }
    placed.finish(sink)
}

/// Parameters placed so far.
struct Placed<'a> {
    address: &'a Address,
    /// Where a parameter that is neither path, host nor header goes.
    default_location: Location,
    path: HashMap<String, Parameter>,
    others: Vec<Parameter>,
    other_names: HashSet<String>,
}

impl Placed<'_> {
    fn location(
        &self,
        name: &str,
        row: &RowData,
        from_address: bool,
        sink: &mut Sink<'_>,
    ) -> Location {
        if self.address.path_placeholders.iter().any(|p| p == name) {
            return Location::Path;
        }
        if self.address.host_placeholders.iter().any(|p| p == name) {
            return Location::Host;
        }
        if vocab::is_header_name(name) {
            return Location::Header;
        }
        if from_address {
            sink.warn(
                row.start,
                "unused-path-param",
                format!("path parameter `{name}` does not appear in the address"),
                format!(
                    "a `{{{name}}}` in the address; it is sent as a {} parameter",
                    location_word(self.default_location)
                ),
            );
        }
        self.default_location
    }

    fn add(&mut self, row: &RowData, from_address: bool, rows: &RowReader, sink: &mut Sink<'_>) {
        let Some((name, ty)) = rows.name_and_type(row, sink) else {
            return;
        };
        let required = read_required(row, sink);
        let location = self.location(&name, row, from_address, sink);
        let param = Parameter {
            set_by_runtime: location == Location::Header && vocab::is_runtime_header(&name),
            name: name.clone(),
            location,
            ty,
            required: required || location == Location::Path,
            default: row.default.clone(),
            description: row.description.clone(),
            line: sink.source.line(row.start),
        };
        let duplicate = if location == Location::Path {
            self.path.contains_key(&name)
        } else {
            !self.other_names.insert(name.clone())
        };
        if duplicate {
            sink.warn(
                row.start,
                "duplicate-parameter",
                format!("parameter `{name}` is documented twice"),
                "one row per parameter; the first row is kept",
            );
        } else if location == Location::Path {
            self.path.insert(name, param);
        } else {
            self.others.push(param);
        }
    }

    fn finish(mut self, sink: &mut Sink<'_>) -> Vec<Parameter> {
        let address = self.address;
        let mut parameters = Vec::new();
        for name in &address.path_placeholders {
            match self.path.remove(name) {
                Some(p) => parameters.push(p),
                None => {
                    sink.warn(
                        address.start,
                        "missing-path-param",
                        format!("`{{{name}}}` of the address has no parameter row"),
                        format!(
                            "a row for `{name}` under the address; it is typed as a required string"
                        ),
                    );
                    parameters.push(Parameter {
                        name: name.clone(),
                        location: Location::Path,
                        ty: Type::String,
                        required: true,
                        default: None,
                        description: String::new(),
                        set_by_runtime: false,
                        line: sink.source.line(address.start),
                    });
                }
            }
        }
        parameters.extend(self.others);
        parameters
    }
}

/// A body parameter named `body` whose type is a model stands for the whole body: its fields become the
/// body parameters, keeping their requiredness, and the model goes unless something else uses it (a
/// parameter, another model, the return table).
pub(crate) fn unwrap_body(
    parameters: &mut Vec<Parameter>,
    models: &mut Vec<Model>,
    response: &[Field],
    sink: &mut Sink<'_>,
) {
    let Some((index, name)) = parameters
        .iter()
        .enumerate()
        .find_map(|(i, p)| match &p.ty {
            Type::Model(name)
                if p.location == Location::Body && p.name.eq_ignore_ascii_case("body") =>
            {
                Some((i, name.clone()))
            }
            _ => None,
        })
    else {
        return;
    };
    let Some(model) = models.iter().find(|m| m.name == name) else {
        return;
    };
    let fields = model.fields.clone();
    let wrapper = parameters.remove(index);
    let mut unwrapped = Vec::new();
    for field in fields {
        if parameters.iter().any(|p| p.name == field.name) {
            let at = sink.source.offset_of_line(field.line);
            sink.warn(
                at,
                "duplicate-parameter",
                format!(
                    "field `{}` of body model `{name}` is also a parameter",
                    field.name
                ),
                "one row per parameter; the parameter row is kept",
            );
            continue;
        }
        unwrapped.push(Parameter {
            name: field.name,
            location: Location::Body,
            ty: field.ty,
            required: field.required,
            default: field.default,
            description: field.description,
            set_by_runtime: false,
            line: field.line,
        });
    }
    let names: Vec<&str> = unwrapped.iter().map(|p| p.name.as_str()).collect();
    let moved = quote_list(&names);
    parameters.splice(index..index, unwrapped);
    let used = parameters
        .iter()
        .any(|p| p.ty.model_name() == Some(name.as_str()))
        || response
            .iter()
            .any(|f| f.ty.model_name() == Some(name.as_str()))
        || models
            .iter()
            .filter(|m| m.name != name)
            .flat_map(|m| &m.fields)
            .any(|f| f.ty.model_name() == Some(name.as_str()));
    if !used {
        models.retain(|m| m.name != name);
    }
    let at = sink.source.offset_of_line(wrapper.line);
    sink.note(
        at,
        "body-wrapper",
        format!(
            "parameter `{}` of model `{name}` is the request body: its fields {moved} are the body parameters",
            wrapper.name
        ),
        "the fields of the body model at the top level of the JSON body, as the official SDK sends them",
    );
}

fn location_word(location: Location) -> &'static str {
    match location {
        Location::Body => "body",
        _ => "query",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocks::blocks;
    use crate::operation::address::parse_address;
    use crate::operation::sections::scan_sections;
    use crate::source::SourceText;

    fn placed(method: Method, doc: &str) -> (Vec<(String, Location, bool)>, Vec<&'static str>) {
        let source = SourceText::new(doc);
        let mut sink = Sink::new("a.md", &source);
        let blocks = blocks(doc);
        let sections = scan_sections(&blocks, &mut sink);
        let (raw, start) = sections.address.clone().unwrap();
        let address = parse_address(&raw, start, &mut sink).unwrap();
        let rows = RowReader::new(&sections.models);
        let tables = [sections.path_table, sections.request_table];
        let parameters = place_parameters(&address, method, tables, &rows, &mut sink);
        let codes = sink.into_diagnostics().iter().map(|d| d.code).collect();
        let parameters = parameters
            .into_iter()
            .map(|p| (p.name, p.location, p.required))
            .collect();
        (parameters, codes)
    }

    const TABLE: &str =
        "|Name|Type|Required or Not|Default Value|Description|\n|---|---|---|---|---|\n";

    #[test]
    fn each_parameter_goes_where_it_travels() {
        let doc = format!(
            "# a\n\n## Request Address\nhttps://x.{{regionId}}.jdcloud-api.com/v1/things/{{id}}/{{part}}\n\n\
{TABLE}|id|String|False| | |\n|extra|String|False| | |\n\n\
## Request Parameter\n{TABLE}|regionId|String|True| | |\n|x-jdcloud-pin|String|False| | |\n|name|String|True| | |\n|name|Integer|False| | |\n"
        );
        let (post, codes) = placed(Method::Post, &doc);
        assert_eq!(
            post,
            [
                // Path parameters first, in the path's order, always required; `{part}` has no row.
                ("id".to_owned(), Location::Path, true),
                ("part".to_owned(), Location::Path, true),
                ("extra".to_owned(), Location::Body, false),
                ("regionId".to_owned(), Location::Host, true),
                ("x-jdcloud-pin".to_owned(), Location::Header, false),
                ("name".to_owned(), Location::Body, true),
            ]
        );
        assert_eq!(
            codes,
            [
                "unused-path-param",
                "duplicate-parameter",
                "missing-path-param"
            ]
        );
        let (get, _) = placed(Method::Get, &doc);
        assert_eq!(get[2], ("extra".to_owned(), Location::Query, false));
        assert_eq!(get[5], ("name".to_owned(), Location::Query, true));
    }
}
