//! Model structs and their builders.

use super::serde_impls::{deserialize_impl, serialize_impl, SerdeField, UnknownKeys};
use super::{describe, doc, rust_type};
use crate::plan::{FieldPlan, ModelPlan, Module};
use crate::rust::{lit, Expr, FnSig, Ty, Writer};

/// A model as a struct: `#[non_exhaustive]` (a later revision may add fields), `Default` only when no
/// field is required, and `builder()` when users build it.
pub fn model_struct(w: &mut Writer, model: &ModelPlan) {
    let here = Some(&model.module);
    let mut notes = vec![model.doc.clone()];
    if model.builder {
        notes.push(format!(
            "Build one with [`{0}::builder`]{1}.",
            model.name,
            if model.has_required() {
                ", which names any required field left out"
            } else {
                ""
            }
        ));
    }
    w.blank();
    w.docs(&describe("", &notes));
    w.cfg_features(&model.gate);
    let default = if model.has_required() {
        ""
    } else {
        ", Default"
    };
    w.line(&format!("#[derive(Debug, Clone, PartialEq{default})]"));
    w.line("#[non_exhaustive]");
    w.open(&format!("pub struct {}", model.name));
    for field in &model.fields {
        w.docs(&field_doc(field));
        let ty = field_type(field, here);
        let ty = if field.required { ty } else { ty.option() };
        w.field(&format!("pub {}", field.rust), &ty);
    }
    w.close();
    let serde_fields: Vec<SerdeField<'_>> = model.fields.iter().map(SerdeField::from).collect();
    w.blank();
    serialize_impl(w, &model.name, &serde_fields, &model.gate);
    w.blank();
    deserialize_impl(
        w,
        &model.name,
        &serde_fields,
        UnknownKeys::Skip,
        &model.gate,
    );
    if model.builder {
        w.blank();
        w.cfg_features(&model.gate);
        w.open(&format!("impl {}", model.name));
        w.docs(&doc(&format!("A builder of [`{}`].", model.name)));
        w.open_fn(
            &FnSig::new("pub fn builder").returns(Ty::path(format!("builders::{}", model.name))),
        );
        w.tail(Expr::call(
            format!("builders::{}::default", model.name),
            Vec::new(),
        ));
        w.close();
        w.close();
    }
}

/// `pub mod builders`: one builder per model of the module that users build, named like it.
pub fn builders_module<'m>(w: &mut Writer, models: impl IntoIterator<Item = &'m ModelPlan>) {
    let mut models = models.into_iter().filter(|m| m.builder).peekable();
    if models.peek().is_none() {
        return;
    }
    w.blank();
    w.docs(&doc(
        "Builders of the models of this module that requests carry, each named like its model.",
    ));
    w.open("pub mod builders");
    for model in models {
        builder_struct(w, model);
    }
    w.close();
}

fn builder_struct(w: &mut Writer, model: &ModelPlan) {
    let name = &model.name;
    w.blank();
    w.docs(&doc(&format!(
        "Builds a [`{name}`](super::{name}); made by [`{name}::builder`](super::{name}::builder)."
    )));
    w.cfg_features(&model.gate);
    w.line("#[derive(Debug, Clone, Default)]");
    w.line("#[must_use = \"a builder does nothing until it is built\"]");
    w.open(&format!("pub struct {name}"));
    for f in &model.fields {
        w.field(&f.rust, &field_type(f, None).option());
    }
    w.close();
    w.blank();
    w.cfg_features(&model.gate);
    w.open(&format!("impl {name}"));
    for f in &model.fields {
        let ty = rust_type(&f.ty, None);
        let field = f.rust.as_str();
        let (wrap, wrap_option) = if f.boxed {
            (
                Expr::call(
                    "Some",
                    vec![Expr::call(
                        "Box::new",
                        vec![Expr::atom(field).method("into", Vec::new())],
                    )],
                ),
                Expr::atom(field).method("map", vec![Expr::atom("Box::new")]),
            )
        } else {
            (
                Expr::call("Some", vec![Expr::atom(field).method("into", Vec::new())]),
                Expr::atom(field),
            )
        };
        let mut notes = Vec::new();
        if f.required {
            notes.push("Required.".to_owned());
        }
        w.blank();
        w.docs(&describe(&f.description, &notes));
        w.open_fn(
            &FnSig::new(format!("pub fn {field}"))
                .receiver("mut self")
                .param(field, ty.clone().impl_into())
                .returns(Ty::path("Self")),
        );
        w.assign(&format!("self.{field}"), wrap);
        w.line("self");
        w.close();
        w.blank();
        w.docs(&doc(&format!("Sets or clears [`{field}`](Self::{field}).")));
        w.open_fn(
            &FnSig::new(format!("pub fn {}", f.set_option))
                .receiver("mut self")
                .param(field, ty.option())
                .returns(Ty::path("Self")),
        );
        w.assign(&format!("self.{field}"), wrap_option);
        w.line("self");
        w.close();
    }
    let init = model
        .fields
        .iter()
        .map(|f| {
            let value = Expr::self_field(&f.rust);
            let value = if f.required {
                value
                    .method(
                        "ok_or",
                        vec![Expr::call(
                            "::jdcloud_runtime::BuildError::missing",
                            vec![Expr::atom(lit(&model.wire)), Expr::atom(lit(&f.wire))],
                        )],
                    )
                    .question()
            } else {
                value
            };
            (f.rust.clone(), Some(value))
        })
        .collect();
    let built = Expr::Struct(format!("super::{name}"), init);
    w.blank();
    if model.has_required() {
        let required: Vec<String> = model.required().map(|f| format!("`{}`", f.rust)).collect();
        w.docs(&doc(&format!(
            "The [`{name}`](super::{name}); an error names the first required field left out ({}).",
            required.join(", ")
        )));
        w.open_fn(
            &FnSig::new("pub fn build")
                .receiver("self")
                .returns(Ty::generic(
                    "Result",
                    vec![
                        Ty::path(format!("super::{name}")),
                        Ty::path("::jdcloud_runtime::BuildError"),
                    ],
                )),
        );
        w.tail(Expr::call("Ok", vec![built]));
    } else {
        w.docs(&doc(&format!("The [`{name}`](super::{name}).")));
        w.open_fn(
            &FnSig::new("pub fn build")
                .receiver("self")
                .returns(Ty::path(format!("super::{name}"))),
        );
        w.tail(built);
    }
    w.close();
    w.close();
}

/// A field's type in its struct, boxed when the plan says so (without the `Option`).
fn field_type(field: &FieldPlan, here: Option<&Module>) -> Ty {
    let ty = rust_type(&field.ty, here);
    if field.boxed {
        Ty::generic("Box", vec![ty])
    } else {
        ty
    }
}

fn field_doc(field: &FieldPlan) -> Vec<String> {
    let mut extra = Vec::new();
    if let Some(default) = &field.default {
        extra.push(format!("Default: `{}`.", default.replace('`', "'")));
    }
    describe(&field.description, &extra)
}
