//! Model sections into models: each section's table read as fields, a model defined twice merged.

use std::collections::HashMap;

use jdcloud_model::{Field, Model, Type};

use crate::diagnostic::Sink;
use crate::operation::rows::RowReader;
use crate::operation::sections::ModelDef;
use crate::table::quote_list;

/// The models of a document, in the order their sections first appear.
pub(crate) fn read_models(
    defs: &[ModelDef<'_>],
    rows: &RowReader,
    sink: &mut Sink<'_>,
) -> Vec<Model> {
    let mut models: Vec<Model> = Vec::new();
    for def in defs {
        let fields = rows.fields(def.table, "model", sink);
        match models.iter_mut().find(|m| m.name == def.name) {
            Some(existing) => merge_model(existing, def, fields, sink),
            None => models.push(Model {
                name: def.name.clone(),
                fields,
                line: sink.source.line(def.start),
            }),
        }
    }
    models
}

/// A second section of a model adds the fields the first lacks; fields of another type keep the
/// first definition. Either way a warning says what happened.
fn merge_model(existing: &mut Model, def: &ModelDef<'_>, fields: Vec<Field>, sink: &mut Sink<'_>) {
    let mut added = Vec::new();
    let mut conflicting = Vec::new();
    let known: HashMap<String, Type> = existing
        .fields
        .iter()
        .map(|f| (f.name.clone(), f.ty.clone()))
        .collect();
    for field in fields {
        match known.get(&field.name) {
            Some(ty) if *ty != field.ty => conflicting.push(field.name.clone()),
            Some(_) => {}
            None => {
                added.push(field.name.clone());
                existing.fields.push(field);
            }
        }
    }
    let mut what = format!(
        "model `{}` is defined again (first at line {}); its {} row(s) are merged",
        def.name,
        existing.line,
        def.table.rows.len()
    );
    if !added.is_empty() {
        let names: Vec<&str> = added.iter().map(String::as_str).collect();
        what.push_str(&format!("; fields {} added", quote_list(&names)));
    }
    if !conflicting.is_empty() {
        let names: Vec<&str> = conflicting.iter().map(String::as_str).collect();
        what.push_str(&format!(
            "; fields {} differ in type, the first definition is kept",
            quote_list(&names)
        ));
    }
    sink.warn(
        def.start,
        "duplicate-model",
        what,
        "one section per model; the definitions are merged",
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::blocks::blocks;
    use crate::operation::sections::scan_sections;
    use crate::source::SourceText;

    #[test]
    fn a_model_defined_twice_is_merged_keeping_the_first_type() {
        let doc = "# a\n\n### Thing\n|Name|Type|Description|\n|---|---|---|\n|id|String| |\n|size|Integer| |\n\n\
### Thing\n|Name|Type|Description|\n|---|---|---|\n|size|String| |\n|tags|[Tag[]](#tag)| |\n\n\
### Tag\n|Name|Type|Description|\n|---|---|---|\n|key|String| |\n";
        let source = SourceText::new(doc);
        let mut sink = Sink::new("a.md", &source);
        let blocks = blocks(doc);
        let sections = scan_sections(&blocks, &mut sink);
        let rows = RowReader::new(&sections.models);
        let models = read_models(&sections.models, &rows, &mut sink);
        let names: Vec<&str> = models.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["Thing", "Tag"]);
        let thing: Vec<(&str, String)> = models[0]
            .fields
            .iter()
            .map(|f| (f.name.as_str(), f.ty.to_string()))
            .collect();
        assert_eq!(
            thing,
            [
                ("id", "string".to_owned()),
                ("size", "int32".to_owned()),
                ("tags", "array<model:Tag>".to_owned())
            ]
        );
        let diagnostics = sink.into_diagnostics();
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].code, "duplicate-model");
        assert!(
            diagnostics[0].message.contains("fields `tags` added")
                && diagnostics[0]
                    .message
                    .contains("fields `size` differ in type"),
            "{}",
            diagnostics[0].message
        );
    }
}
