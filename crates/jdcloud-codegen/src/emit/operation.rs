//! An operation's module: its models, its request builder (setters, per-call settings, `send()`,
//! `into_stream()` when paged) and its result's `Page` impl.

use jdcloud_model::Location;

use super::models::{builders_module, model_struct};
use super::serde_impls::{deserialize_impl, serialize_impl, SerdeField, UnknownKeys};
use super::{describe, doc, errors_section, first_line, location_word, rust_type};
use crate::docs;
use crate::plan::{Module, OpPlan, PagingPlan, ParamPlan, Plan, ResultPlan, TypeRef};
use crate::rust::{lit, Expr, FnSig, Stmt, Ty, Writer};

pub fn operation_file(w: &mut Writer, plan: &Plan<'_>, op: &OpPlan<'_>) {
    let here = Module::Operation(op.module.clone());
    let op_id = &op.op.id;
    w.inner_docs(&docs::lines(&format!(
        "`{op_id}`: {}",
        first_line(&op.op.description)
    )));

    let mut models: Vec<_> = Vec::new();
    if let ResultPlan::Model(result) = &op.result {
        models.push(result);
    }
    models.extend(&op.locals);
    for model in &models {
        model_struct(w, model);
    }
    builders_module(w, models.iter().copied());
    let result_ty = match &op.result {
        ResultPlan::Model(model) => Ty::path(model.name.as_str()),
        ResultPlan::Type(ty) => rust_type(ty, Some(&here)),
        ResultPlan::Empty => Ty::path("::jdcloud_runtime::Empty"),
    };

    input_struct(w, op, &here);
    w.blank();
    w.open(&format!("impl {}", op.input));
    w.docs(&doc(&format!(
        "Builds the request of `{op_id}` (what [`{0}::send`] sends, and `Client::call_json` for `{op_id}`).",
        op.builder
    )));
    w.open_fn(
        &FnSig::new("pub fn to_request")
            .receiver("&self")
            .returns(Ty::path("::jdcloud_runtime::Request")),
    );
    request_steps(w, op);
    w.close();
    w.close();

    let input = op.input.as_str();
    let builder = op.builder.as_str();
    w.blank();
    w.docs(&describe(
        "",
        &[format!(
            "Request builder of `{op_id}`, made by [`Client::{0}`](crate::Client::{0}); `send()` sends it.",
            op.method
        )],
    ));
    w.line("#[derive(Debug, Clone)]");
    w.line("#[must_use = \"a request does nothing until it is sent\"]");
    w.open(&format!("pub struct {builder}"));
    w.field("client", &Ty::path("::jdcloud_runtime::Client"));
    w.field("settings", &Ty::path("::jdcloud_runtime::CallSettings"));
    w.field("input", &Ty::path(input));
    w.close();

    w.blank();
    w.open(&format!("impl {builder}"));
    if op.positional.len() + 1 > 7 {
        w.line("#[allow(clippy::too_many_arguments)]");
    }
    let mut new =
        FnSig::new("pub(crate) fn new").param("client", Ty::path("::jdcloud_runtime::Client"));
    for &i in &op.positional {
        let p = &op.params[i];
        new = new.param(p.rust.as_str(), rust_type(&p.ty, Some(&here)));
    }
    w.open_fn(&new.returns(Ty::path("Self")));
    let fields = op
        .params
        .iter()
        .map(|p| {
            let value = (!p.required).then(|| Expr::atom("None"));
            (p.rust.clone(), value)
        })
        .collect();
    w.tail(Expr::Struct(
        "Self".to_owned(),
        vec![
            ("client".to_owned(), None),
            (
                "settings".to_owned(),
                Some(Expr::call(
                    "::jdcloud_runtime::CallSettings::default",
                    Vec::new(),
                )),
            ),
            (
                "input".to_owned(),
                Some(Expr::Struct(input.to_owned(), fields)),
            ),
        ],
    ));
    w.close();

    for p in op.optional() {
        setter(w, p, &here);
    }

    w.blank();
    w.docs(&doc(
        "This call's own timeouts or retries, instead of the client's.",
    ));
    w.open_fn(
        &FnSig::new("pub fn with_settings")
            .receiver("mut self")
            .param("settings", Ty::path("::jdcloud_runtime::CallSettings"))
            .returns(Ty::path("Self")),
    );
    w.line("self.settings = settings;");
    w.line("self");
    w.close();

    w.blank();
    w.docs(&doc(
        "The input as set so far: every parameter, as it will be sent.",
    ));
    w.open_fn(
        &FnSig::new("pub fn as_input")
            .receiver("&self")
            .returns(Ty::path(input).reference()),
    );
    w.line("&self.input");
    w.close();

    w.blank();
    w.docs(&describe(
        &op.op.description,
        &[
            format!(
                "`{} {}` (`{}` of the {} API).",
                op.op.method.as_str(),
                op.op.path,
                op_id,
                plan.service.name
            ),
            errors_section(op),
        ],
    ));
    w.open_fn(
        &FnSig::new("pub async fn send")
            .receiver("self")
            .returns(Ty::generic(
                "Result",
                vec![
                    Ty::generic("::jdcloud_runtime::Response", vec![result_ty.clone()]),
                    Ty::path("::jdcloud_runtime::Error"),
                ],
            )),
    );
    w.tail(
        Expr::place("self.client")
            .method(
                "call_with",
                vec![
                    Expr::place("self.input").method("to_request", Vec::new()),
                    Expr::place("self.settings").borrowed(),
                ],
            )
            .awaited(),
    );
    w.close();

    if let Some(paging) = &op.paging {
        stream_method(w, op, paging, &result_ty);
    }
    w.close();

    if let Some(paging) = &op.paging {
        page_impl(w, paging, &result_ty, &here);
    }
}

/// The operation's input: every parameter, with its wire name (so that JSON with the documented names
/// reads into it, and nothing else does).
fn input_struct(w: &mut Writer, op: &OpPlan<'_>, here: &Module) {
    w.blank();
    w.docs(&doc(&format!(
        "The input of `{}`: every parameter, named in JSON as documented. Made by [`{}`] (see its \
         `as_input`), or read from JSON by `Client::call_json`.",
        op.op.id, op.builder
    )));
    let default = if op.positional.is_empty() {
        ", Default"
    } else {
        ""
    };
    w.line(&format!("#[derive(Debug, Clone, PartialEq{default})]"));
    w.line("#[non_exhaustive]");
    w.open(&format!("pub struct {}", op.input));
    for p in &op.params {
        w.docs(&describe(
            &p.description,
            &[format!("`{}` ({}).", p.wire, location_word(p.location))],
        ));
        let ty = rust_type(&p.ty, Some(here));
        let ty = if p.required { ty } else { ty.option() };
        w.field(&format!("pub {}", p.rust), &ty);
    }
    w.close();
    let serde_fields: Vec<SerdeField<'_>> = op.params.iter().map(SerdeField::from).collect();
    w.blank();
    serialize_impl(w, &op.input, &serde_fields, &[]);
    w.blank();
    deserialize_impl(w, &op.input, &serde_fields, UnknownKeys::Deny, &[]);
}

/// `x(impl Into<T>)` and `set_x(Option<T>)` of an optional parameter.
fn setter(w: &mut Writer, p: &ParamPlan, here: &Module) {
    let field = p.rust.as_str();
    let ty = rust_type(&p.ty, Some(here));
    let mut extra = Vec::new();
    if let Some(default) = &p.default {
        extra.push(format!(
            "The service's default: `{}`.",
            default.replace('`', "'")
        ));
    }
    extra.push(format!(
        "Sent as `{}` ({}).",
        p.wire,
        location_word(p.location)
    ));
    w.blank();
    w.docs(&describe(&p.description, &extra));
    w.open_fn(
        &FnSig::new(format!("pub fn {field}"))
            .receiver("mut self")
            .param(field, ty.clone().impl_into())
            .returns(Ty::path("Self")),
    );
    w.assign(
        &format!("self.input.{field}"),
        Expr::call("Some", vec![Expr::atom(field).method("into", Vec::new())]),
    );
    w.line("self");
    w.close();
    w.blank();
    w.docs(&doc(&format!("Sets or clears [`{field}`](Self::{field}).")));
    w.open_fn(
        &FnSig::new(format!("pub fn {}", p.set_option))
            .receiver("mut self")
            .param(field, ty.option())
            .returns(Ty::path("Self")),
    );
    w.assign(&format!("self.input.{field}"), Expr::atom(field));
    w.line("self");
    w.close();
}

/// A parameter's value as text: borrowed for the runtime setters that copy it where it goes (path,
/// host and header parameters), owned for those that keep it (`signing_region`).
fn to_text(p: &ParamPlan, value: Expr, owned: bool) -> Expr {
    match (p.ty.is_string(), owned) {
        (true, true) => value.method("clone", Vec::new()),
        (true, false) => value.method("as_str", Vec::new()),
        (false, _) => value.method("to_string", Vec::new()),
    }
}

/// The body of the input's `to_request()`: the request assembled from its fields.
fn request_steps(w: &mut Writer, op: &OpPlan<'_>) {
    let new_request = Expr::call(
        "::jdcloud_runtime::Request::new",
        vec![
            Expr::atom(lit(&op.op.id)),
            Expr::atom(format!(
                "::jdcloud_runtime::__private::http::Method::{}",
                op.op.method.as_str()
            )),
            Expr::atom(lit(&op.op.path)),
        ],
    );
    let mut steps = Vec::new();
    let request_call = |call: &str, args: Vec<Expr>| {
        Stmt::Let(
            "request".to_owned(),
            Expr::atom("request").method(call, args),
        )
    };
    if let Some(host) = &op.op.host {
        steps.push(request_call("host", vec![Expr::atom(lit(host))]));
    }
    // Path, host and header parameters are set one by one; the signing region is the `regionId`.
    // Optional ones only when given.
    let set = |p: &ParamPlan, call: &str, wire: bool, owned: bool| {
        let field = Expr::self_field(&p.rust);
        let mut args = Vec::new();
        if wire {
            args.push(Expr::atom(lit(&p.wire)));
        }
        if p.required {
            args.push(to_text(p, field, owned));
            request_call(call, args)
        } else {
            args.push(to_text(p, Expr::atom("value"), owned));
            Stmt::Block(
                format!("if let Some(value) = &self.{}", p.rust),
                vec![request_call(call, args)],
            )
        }
    };
    for p in &op.params {
        let call = match p.location {
            Location::Path => "path_param",
            Location::Host => "host_param",
            Location::Header => "header",
            Location::Query | Location::Body => continue,
        };
        steps.push(set(p, call, true, false));
    }
    if let Some(region) = op.params.iter().find(|p| p.signs_region) {
        steps.push(set(region, "signing_region", false, true));
    }
    // Query and body members one by one, in the documents' order: the runtime writes each as a
    // member of a struct would be (no struct and no `Serialize` derive per operation to compile).
    for p in op.params_in(Location::Query) {
        // `None` adds nothing.
        steps.push(request_call(
            "query_param",
            vec![
                Expr::atom(lit(&p.wire)),
                Expr::self_field(&p.rust).borrowed(),
            ],
        ));
    }
    let body: Vec<&ParamPlan> = op.params_in(Location::Body).collect();
    if !body.is_empty() || op.op.method.has_body() {
        steps.push(request_call("json_object", Vec::new()));
    }
    for p in body {
        steps.push(if p.required {
            request_call(
                "body_member",
                vec![
                    Expr::atom(lit(&p.wire)),
                    Expr::self_field(&p.rust).borrowed(),
                ],
            )
        } else {
            Stmt::Block(
                format!("if let Some(value) = &self.{}", p.rust),
                vec![request_call(
                    "body_member",
                    vec![Expr::atom(lit(&p.wire)), Expr::atom("value")],
                )],
            )
        });
    }
    // An operation with no parameters at all sets nothing on its request.
    if steps.is_empty() {
        w.tail(new_request);
        return;
    }
    w.assign("let mut request", new_request);
    for step in &steps {
        w.stmt(step);
    }
    w.line("request");
}

/// `into_stream()` of a paged operation's builder.
fn stream_method(w: &mut Writer, op: &OpPlan<'_>, paging: &PagingPlan, result_ty: &Ty) {
    let (number, size) = (&op.params[paging.number], &op.params[paging.size]);
    let number_field = Expr::place(&format!("self.input.{}", number.rust));
    let size_field = Expr::place(&format!("self.input.{}", size.rust));
    let number_is_i64 = number.ty == TypeRef::I64;
    let size_is_i64 = size.ty == TypeRef::I64;
    let first = match (number.required, number_is_i64) {
        (true, true) => number_field,
        (true, false) => Expr::call("i64::from", vec![number_field]),
        (false, true) => number_field.method("unwrap_or", vec![Expr::atom("1")]),
        (false, false) => {
            number_field.method("map_or", vec![Expr::atom("1"), Expr::atom("i64::from")])
        }
    };
    let size_value = match (size.required, size_is_i64) {
        (true, true) => Expr::call("Some", vec![size_field]),
        (true, false) => Expr::call("Some", vec![Expr::call("i64::from", vec![size_field])]),
        (false, true) => size_field,
        (false, false) => size_field.method("map", vec![Expr::atom("i64::from")]),
    };
    let page = if number.required {
        Expr::atom("page")
    } else {
        Expr::call("Some", vec![Expr::atom("page")])
    };
    let mut body = Vec::new();
    if !number_is_i64 {
        body.push(Stmt::Let(
            "let page".to_owned(),
            Expr::call("i32::try_from", vec![Expr::atom("page")])
                .method("unwrap_or", vec![Expr::atom("i32::MAX")]),
        ));
    }
    body.push(Stmt::Let(
        "let mut request".to_owned(),
        Expr::atom("self").method("clone", Vec::new()),
    ));
    body.push(Stmt::Let(format!("request.input.{}", number.rust), page));
    body.push(Stmt::Tail(Expr::Block(
        "async move".to_owned(),
        vec![Stmt::Tail(
            Expr::atom("request")
                .method("send", Vec::new())
                .awaited()
                .method(
                    "map",
                    vec![Expr::Closure(
                        "|response|".to_owned(),
                        Box::new(Expr::place("response.result")),
                    )],
                ),
        )],
    )));
    w.blank();
    w.docs(&[
        " Every page from the one set with `page_number` (the first by default) on, fetched as the"
            .to_owned(),
        " stream is polled; `.items()` flattens it into the listed items. The stream ends after the"
            .to_owned(),
        " last page (by `totalCount`, a short page or an empty one) or with the first error."
            .to_owned(),
    ]);
    w.open_fn(
        &FnSig::new("pub fn into_stream")
            .receiver("self")
            .returns(Ty::generic(
                "::jdcloud_runtime::Pages",
                vec![result_ty.clone()],
            )),
    );
    w.assign("let first", first);
    w.assign("let size", size_value);
    w.tail(Expr::call(
        "::jdcloud_runtime::Pages::new",
        vec![
            Expr::atom("first"),
            Expr::atom("size"),
            Expr::Closure(
                "move |page|".to_owned(),
                Box::new(Expr::Block(String::new(), body)),
            ),
        ],
    ));
    w.close();
}

fn page_impl(w: &mut Writer, paging: &PagingPlan, result_ty: &Ty, here: &Module) {
    let item = rust_type(&paging.item, Some(here));
    let total = Expr::self_field(&paging.total);
    let total_count = if paging.total_is_i64 {
        total
    } else {
        total.method("map", vec![Expr::atom("i64::from")])
    };
    w.blank();
    w.open(&format!(
        "impl ::jdcloud_runtime::Page for {}",
        result_ty.flat()
    ));
    w.line(&format!("type Item = {};", item.flat()));
    w.blank();
    w.open_fn(
        &FnSig::new("fn total_count")
            .receiver("&self")
            .returns(Ty::generic("Option", vec![Ty::path("i64")])),
    );
    w.tail(total_count);
    w.close();
    w.blank();
    w.open_fn(
        &FnSig::new("fn len")
            .receiver("&self")
            .returns(Ty::path("usize")),
    );
    w.tail(
        Expr::self_field(&paging.list)
            .method("as_ref", Vec::new())
            .method("map_or", vec![Expr::atom("0"), Expr::atom("Vec::len")]),
    );
    w.close();
    w.blank();
    w.open_fn(
        &FnSig::new("fn into_items")
            .receiver("self")
            .returns(Ty::generic("Vec", vec![Ty::path("Self::Item")])),
    );
    w.tail(Expr::self_field(&paging.list).method("unwrap_or_default", Vec::new()));
    w.close();
    w.close();
}
