//! `src/client.rs` of a generated crate: the service's `Client`, one method per operation taking its
//! required parameters.

use super::{describe, doc, op_cfg, rust_type};
use crate::docs;
use crate::plan::{OpPlan, Plan, ResultPlan};
use crate::rust::{lit, Expr, FnSig, Stmt, Ty, Writer};

pub fn client_file(w: &mut Writer, plan: &Plan<'_>) {
    let service = plan.service;
    // The user agent names the revision, as the official SDKs do (`vm/1.6.1`); the API version without one.
    let version = service.revision.as_ref().unwrap_or(&service.version);
    w.inner_docs(&doc("The client of the service."));
    w.blank();
    w.docs(&[
        " The ids of the operations this crate has, as documented (what `Client::call_json` takes):"
            .to_owned(),
        " those whose cargo features are enabled.".to_owned(),
    ]);
    if plan.ops.is_empty() {
        w.line("pub const OPERATIONS: &[&str] = &[];");
    } else {
        // Each id under its operation's feature: a list with attributes is one item per line.
        w.line("pub const OPERATIONS: &[&str] = &[");
        let mut inner = Writer::new();
        for op in &plan.ops {
            op_cfg(&mut inner, op);
            inner.line(&format!("{},", lit(&op.op.id)));
        }
        for line in inner.finish().lines() {
            w.line(&format!("    {line}"));
        }
        w.line("];");
    }
    w.blank();
    w.docs(&doc("What the runtime needs to know of this service."));
    w.item_assign(
        "pub const SERVICE: ::jdcloud_runtime::ServiceInfo",
        Expr::call(
            "::jdcloud_runtime::ServiceInfo::new",
            vec![
                Expr::atom(lit(&service.name)),
                Expr::atom(lit(&service.endpoint.host)),
                Expr::atom(lit(version)),
            ],
        ),
    );
    w.blank();
    w.docs(&doc(
        "A client of the service. Cheap to clone: clones share connections and configuration.",
    ));
    w.line("#[derive(Debug, Clone)]");
    w.open("pub struct Client");
    w.field("inner", &Ty::path("::jdcloud_runtime::Client"));
    w.close();
    w.blank();
    w.open("impl Client");
    w.docs(&doc("A client with the given configuration."));
    w.open_fn(
        &FnSig::new("pub fn new")
            .param("config", Ty::path("::jdcloud_runtime::Config"))
            .returns(Ty::generic(
                "Result",
                vec![Ty::path("Self"), Ty::path("::jdcloud_runtime::ConfigError")],
            )),
    );
    w.tail(Expr::call(
        "Ok",
        vec![Expr::Struct(
            "Self".to_owned(),
            vec![(
                "inner".to_owned(),
                Some(
                    Expr::call(
                        "::jdcloud_runtime::Client::new",
                        vec![Expr::atom("SERVICE"), Expr::atom("config")],
                    )
                    .question(),
                ),
            )],
        )],
    ));
    w.close();
    w.blank();
    w.docs(&[
        " A client configured from the environment: `JDCLOUD_ACCESS_KEY`, `JDCLOUD_SECRET_KEY`,"
            .to_owned(),
        " optionally `JDCLOUD_SESSION_TOKEN`, and `JDCLOUD_REGION`.".to_owned(),
    ]);
    w.open_fn(&FnSig::new("pub fn from_env").returns(Ty::generic(
        "Result",
        vec![Ty::path("Self"), Ty::path("::jdcloud_runtime::ConfigError")],
    )));
    w.tail(Expr::call(
        "Self::new",
        vec![Expr::call("::jdcloud_runtime::Config::from_env", Vec::new()).question()],
    ));
    w.close();
    w.blank();
    w.docs(&doc("The runtime client underneath."));
    w.open_fn(
        &FnSig::new("pub fn runtime")
            .receiver("&self")
            .returns(Ty::path("::jdcloud_runtime::Client").reference()),
    );
    w.line("&self.inner");
    w.close();
    w.blank();
    w.docs(&[
        " Calls an operation by its documented id (one of [`OPERATIONS`]) with its input as JSON,"
            .to_owned(),
        " parameters named as documented, and returns the result as JSON: for tools (test"
            .to_owned(),
        " harnesses, emulators, command lines) that work from data rather than from types. The"
            .to_owned(),
        " reply is decoded as the operation's typed result first, so it is checked as `send()`"
            .to_owned(),
        " checks it.".to_owned(),
        String::new(),
        " # Errors".to_owned(),
        String::new(),
        " [`Error::UnknownOperation`](crate::Error::UnknownOperation) for an id the crate does"
            .to_owned(),
        " not have, [`Error::InvalidInput`](crate::Error::InvalidInput) for an input missing a"
            .to_owned(),
        " required parameter, naming an unknown one or of the wrong type; then as any call."
            .to_owned(),
    ]);
    w.open_fn(
        &FnSig::new("pub async fn call_json")
            .receiver("&self")
            .param("operation", Ty::path("&str"))
            .param("input", Ty::path("::serde_json::Value"))
            .returns(Ty::generic(
                "Result",
                vec![
                    Ty::generic(
                        "::jdcloud_runtime::Response",
                        vec![Ty::path("::serde_json::Value")],
                    ),
                    Ty::path("::jdcloud_runtime::Error"),
                ],
            )),
    );
    w.open("match operation");
    for op in &plan.ops {
        dispatch_arm(w, op);
    }
    w.open("_ =>");
    w.line("// Not an operation of this build (with no operation's feature on, nothing is).");
    w.line("let _ = input;");
    w.tail(Expr::call(
        "Err",
        vec![Expr::call(
            "::jdcloud_runtime::__private::unknown_operation",
            vec![Expr::atom("operation")],
        )],
    ));
    w.close();
    w.close();
    w.close();
    for op in &plan.ops {
        client_method(w, op);
    }
    w.close();
}

/// The arm of `call_json` calling one operation.
fn dispatch_arm(w: &mut Writer, op: &OpPlan<'_>) {
    let id = lit(&op.op.id);
    let module = &op.module;
    let result = match &op.result {
        ResultPlan::Model(model) => {
            Ty::path(format!("crate::operations::{module}::{}", model.name))
        }
        ResultPlan::Type(ty) => rust_type(ty, None),
        ResultPlan::Empty => Ty::path("::jdcloud_runtime::Empty"),
    };
    let from_json = Expr::Call(
        Box::new(Expr::Turbofish(
            "::jdcloud_runtime::__private::input_from_json".to_owned(),
            vec![Ty::path(format!(
                "crate::operations::{module}::{}",
                op.input
            ))],
        )),
        vec![Expr::atom(id.as_str()), Expr::atom("input")],
    );
    let call = Expr::place("self.inner")
        .method_with(
            "call",
            vec![result],
            vec![Expr::atom("input").method("to_request", Vec::new())],
        )
        .awaited()
        .question();
    op_cfg(w, op);
    w.open(&format!("{id} =>"));
    w.stmt(&Stmt::Let("let input".to_owned(), from_json.question()));
    w.stmt(&Stmt::Let("let response".to_owned(), call));
    w.tail(Expr::call(
        "Ok",
        vec![Expr::call(
            "::jdcloud_runtime::__private::json_response",
            vec![Expr::atom("response")],
        )],
    ));
    w.close();
}

fn client_method(w: &mut Writer, op: &OpPlan<'_>) {
    let module = &op.module;
    let builder = &op.builder;
    let mut notes = Vec::new();
    if !op.positional.is_empty() {
        let mut list = String::from("Arguments:");
        for &i in &op.positional {
            let p = &op.params[i];
            let description = docs::escape(p.description.lines().next().unwrap_or("").trim());
            list.push_str(&format!("\n- `{}`: {description}", p.rust));
        }
        notes.push(list);
    }
    notes.push(format!(
        "Optional parameters and per-call settings are set on the returned [`{builder}`](crate::operations::{module}::{builder}); \
         its [`send`](crate::operations::{module}::{builder}::send) lists the documented errors."
    ));
    let path = format!("crate::operations::{module}::{builder}");
    let mut sig = FnSig::new(format!("pub fn {}", op.method)).receiver("&self");
    let mut pass = vec![Expr::place("self.inner").method("clone", Vec::new())];
    for &i in &op.positional {
        let p = &op.params[i];
        sig = sig.param(p.rust.as_str(), rust_type(&p.ty, None).impl_into());
        pass.push(Expr::atom(p.rust.as_str()).method("into", Vec::new()));
    }
    w.blank();
    w.docs(&describe(&op.op.description, &notes));
    op_cfg(w, op);
    // The documents make these parameters required; each is an argument, however many there are.
    if op.positional.len() + 1 > 7 {
        w.line("#[allow(clippy::too_many_arguments)]");
    }
    w.open_fn(&sig.returns(Ty::path(path.as_str())));
    w.tail(Expr::call(format!("{path}::new"), pass));
    w.close();
}
