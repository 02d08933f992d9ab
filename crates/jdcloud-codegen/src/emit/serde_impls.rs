//! The `Serialize` and `Deserialize` impls of a generated struct.
//!
//! Written out rather than derived, because the derives were most of what `cargo check` spent on a
//! generated crate. serde's `Deserialize` derive gives every struct its own field enum, a visitor of
//! identifiers and one of sequences besides the visitor of maps (about 230 lines for a struct); the
//! impl printed here is one visitor of maps that reads each key into a field's index through the
//! runtime's `de::Fields`, and leaves the errors (a repeated key, a required field left out, an
//! unknown key where those are refused) to the runtime's helpers. The `Serialize` derive tests and
//! writes each field through generic calls; the impl printed here hands the runtime's `ser` a table
//! of the fields. The runtime's `de` and `ser` tests hold both to the derives' behaviour.

use crate::plan::{FieldPlan, ParamPlan};
use crate::rust::{lit, Arm, Expr, FnSig, Stmt, Ty, Writer};

/// A field as the impls read and write it.
pub struct SerdeField<'a> {
    /// The struct field (and the local that holds its value while a map is read).
    pub rust: &'a str,
    /// Its key.
    pub wire: &'a str,
    /// Not an `Option`: leaving it out of a map is an error, and it is always written.
    pub required: bool,
}

impl<'a> From<&'a FieldPlan> for SerdeField<'a> {
    fn from(field: &'a FieldPlan) -> Self {
        SerdeField {
            rust: &field.rust,
            wire: &field.wire,
            required: field.required,
        }
    }
}

impl<'a> From<&'a ParamPlan> for SerdeField<'a> {
    fn from(param: &'a ParamPlan) -> Self {
        SerdeField {
            rust: &param.rust,
            wire: &param.wire,
            required: param.required,
        }
    }
}

/// `impl Serialize for name`, under `gate`: the fields in order, those unset left out.
pub fn serialize_impl(w: &mut Writer, name: &str, fields: &[SerdeField<'_>], gate: &[String]) {
    let entries = fields
        .iter()
        .map(|f| {
            let helper = if f.required {
                "ser::value"
            } else {
                "ser::optional"
            };
            let value = Expr::self_field(f.rust).borrowed();
            Expr::Tuple(vec![
                Expr::atom(lit(f.wire)),
                Expr::call(helper, vec![value]),
            ])
        })
        .collect();
    w.cfg_features(gate);
    w.open(&format!("impl ::serde::Serialize for {name}"));
    w.open_fn(
        &FnSig::new("fn serialize<S: ::serde::Serializer>")
            .receiver("&self")
            .param("serializer", Ty::path("S"))
            .returns(Ty::generic(
                "Result",
                vec![Ty::path("S::Ok"), Ty::path("S::Error")],
            )),
    );
    w.line("use ::jdcloud_runtime::__private::ser;");
    w.blank();
    w.tail(Expr::call(
        "ser::write_struct",
        vec![
            Expr::atom("serializer"),
            Expr::atom(lit(name)),
            Expr::Array(entries).borrowed(),
        ],
    ));
    w.close();
    w.close();
}

/// Which keys a struct refuses.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum UnknownKeys {
    /// Skipped (a reply's models: a later revision of the service may add fields).
    Skip,
    /// An error naming the fields there are (an operation's input, read from JSON by `call_json`).
    Deny,
}

/// `impl Deserialize for name`, under `gate`.
pub fn deserialize_impl(
    w: &mut Writer,
    name: &str,
    fields: &[SerdeField<'_>],
    unknown: UnknownKeys,
    gate: &[String],
) {
    let wires = fields.iter().map(|f| Expr::atom(lit(f.wire))).collect();
    let constructor = match unknown {
        UnknownKeys::Skip => "de::Fields::new",
        UnknownKeys::Deny => "de::Fields::deny_unknown",
    };
    // The locals of the visitor besides the fields' own: `map` and `field`, unless a field takes one
    // of those names for its slot (a slot shadowed by the key would take the key's value instead).
    let map = local("map", fields);
    let key = local("field", fields);
    w.cfg_features(gate);
    w.open(&format!("impl<'de> ::serde::Deserialize<'de> for {name}"));
    w.open_fn(
        &FnSig::new("fn deserialize<D: ::serde::Deserializer<'de>>")
            .param("deserializer", Ty::path("D"))
            .returns(Ty::generic(
                "Result",
                vec![Ty::path("Self"), Ty::path("D::Error")],
            )),
    );
    w.line("use ::jdcloud_runtime::__private::de;");
    w.blank();
    w.item_assign(
        "const FIELDS: de::Fields",
        Expr::call(constructor, vec![Expr::Array(wires).borrowed()]),
    );
    w.blank();
    w.line("struct Visitor;");
    w.blank();
    w.open("impl<'de> ::serde::de::Visitor<'de> for Visitor");
    w.line(&format!("type Value = {name};"));
    w.blank();
    w.open_fn(
        &FnSig::new("fn expecting")
            .receiver("&self")
            .param("f", Ty::path("&mut ::std::fmt::Formatter<'_>"))
            .returns(Ty::path("::std::fmt::Result")),
    );
    w.tail(Expr::atom("f").method(
        "write_str",
        vec![Expr::atom(lit(&format!("struct {name}")))],
    ));
    w.close();
    w.blank();
    w.open_fn(
        &FnSig::new("fn visit_map<A: ::serde::de::MapAccess<'de>>")
            .receiver("self")
            .param(format!("mut {map}"), Ty::path("A"))
            .returns(Ty::generic(
                "Result",
                vec![Ty::path(name), Ty::path("A::Error")],
            )),
    );
    let next_key = Expr::atom(map.as_str())
        .method("next_key_seed", vec![Expr::atom("FIELDS")])
        .question();
    let skip = Expr::call("de::skip", vec![Expr::atom(map.as_str()).borrowed_mut()]);
    if fields.is_empty() {
        // A struct without fields binds no key to a field, and reads its map only to skip it.
        w.stmt(&Stmt::Block(
            format!(
                "while {}",
                next_key_text(&next_key.method("is_some", Vec::new()))
            ),
            vec![Stmt::Semi(skip.question())],
        ));
    } else {
        for f in fields {
            w.assign(&format!("let mut {}", f.rust), Expr::atom("None"));
        }
        let mut arms: Vec<Arm> = fields
            .iter()
            .enumerate()
            .map(|(index, f)| Arm {
                pat: format!("Some({index})"),
                body: Expr::call(
                    "de::value",
                    vec![
                        Expr::atom(map.as_str()).borrowed_mut(),
                        Expr::atom(f.rust).borrowed_mut(),
                        Expr::atom(lit(f.wire)),
                    ],
                ),
            })
            .collect();
        arms.push(Arm {
            pat: "_".to_owned(),
            body: skip,
        });
        w.stmt(&Stmt::Block(
            format!("while let Some({key}) = {}", next_key_text(&next_key)),
            vec![Stmt::Semi(Expr::Match(key.clone(), arms).question())],
        ));
        w.blank();
    }
    let init = fields
        .iter()
        .map(|f| {
            let value = if f.required {
                Expr::call(
                    "de::required",
                    vec![
                        Expr::atom(map.as_str()).borrowed(),
                        Expr::atom(f.rust),
                        Expr::atom(lit(f.wire)),
                    ],
                )
                .question()
            } else {
                Expr::atom(f.rust).method("flatten", Vec::new())
            };
            (f.rust.to_owned(), Some(value))
        })
        .collect();
    w.tail(Expr::call("Ok", vec![Expr::Struct(name.to_owned(), init)]));
    w.close();
    w.close();
    w.blank();
    w.tail(Expr::atom("deserializer").method(
        "deserialize_struct",
        vec![
            Expr::atom(lit(name)),
            Expr::atom("FIELDS").method("names", Vec::new()),
            Expr::atom("Visitor"),
        ],
    ));
    w.close();
    w.close();
}

/// A loop condition's expression, which is short enough never to be broken.
fn next_key_text(expr: &Expr) -> String {
    expr.flat()
}

/// `name`, or `name` with underscores added until no field's slot is called that.
fn local(name: &str, fields: &[SerdeField<'_>]) -> String {
    let mut name = name.to_owned();
    while fields.iter().any(|f| f.rust == name) {
        name.push('_');
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    fn field(rust: &'static str) -> SerdeField<'static> {
        SerdeField {
            rust,
            wire: rust,
            required: false,
        }
    }

    fn deserialize(fields: &[SerdeField<'_>]) -> String {
        let mut w = Writer::new();
        deserialize_impl(&mut w, "Point", fields, UnknownKeys::Skip, &[]);
        w.finish()
    }

    #[test]
    fn the_visitors_locals_never_shadow_a_field() {
        let text = deserialize(&[field("map"), field("field"), field("map_")]);
        assert!(text.contains("mut map__: A"), "{text}");
        assert!(
            text.contains("while let Some(field_) = map__.next_key_seed(FIELDS)? {"),
            "{text}"
        );
        assert!(
            text.contains("Some(1) => de::value(&mut map__, &mut field, \"field\"),"),
            "{text}"
        );
        let plain = deserialize(&[field("x")]);
        assert!(
            plain.contains("while let Some(field) = map.next_key_seed(FIELDS)? {"),
            "{plain}"
        );
    }
}
