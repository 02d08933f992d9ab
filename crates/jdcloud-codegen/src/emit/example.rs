//! The crate docs' usage example and `examples/<operation>.rs`, both about the plan's showcase
//! operation (a paged one when there is one).

use crate::names::snake;
use crate::plan::{ModelPlan, Module, OpPlan, ParamPlan, Plan, TypeRef};
use crate::rust::{lit, Expr, FnSig, Stmt, Ty, Writer};

/// A Rust expression of an example value of `ty`, as the docs write it (`None` when the example would
/// need a value it cannot make up: a model whose required fields it cannot fill).
fn example_value(plan: &Plan<'_>, wire: &str, ty: &TypeRef, crate_ident: &str) -> Option<String> {
    Some(match ty {
        TypeRef::String if wire == "regionId" => "\"cn-north-1\"".to_owned(),
        TypeRef::String => format!("\"{}\"", snake(wire).replace('_', "-")),
        TypeRef::I32 | TypeRef::I64 => "1".to_owned(),
        TypeRef::F32 | TypeRef::F64 => "1.0".to_owned(),
        TypeRef::Bool => "true".to_owned(),
        TypeRef::Json => "serde_json::json!({})".to_owned(),
        TypeRef::List(_) => "Vec::new()".to_owned(),
        TypeRef::Map(_) => "std::collections::BTreeMap::new()".to_owned(),
        TypeRef::Model { module, name } => {
            let model = plan
                .models()
                .find(|m| m.module == *module && m.name == *name)?;
            build_expression(plan, model, crate_ident, "")?
        }
    })
}

/// `Model::builder().field(value)....build()?`, over lines indented by `indent`.
fn build_expression(
    plan: &Plan<'_>,
    model: &ModelPlan,
    crate_ident: &str,
    indent: &str,
) -> Option<String> {
    if !model.builder {
        return None;
    }
    let path = match &model.module {
        Module::Types => format!("{crate_ident}::types::{}", model.name),
        Module::Operation(op) => format!("{crate_ident}::operations::{op}::{}", model.name),
    };
    let mut text = format!("{path}::builder()");
    for field in model.required() {
        // Nested models are not spelled out: only fields with plain example values.
        if matches!(field.ty, TypeRef::Model { .. }) {
            return None;
        }
        let value = example_value(plan, &field.wire, &field.ty, crate_ident)?;
        text.push_str(&format!("\n{indent}    .{}({value})", field.rust));
    }
    let fallible = if model.has_required() { "?" } else { "" };
    text.push_str(&format!("\n{indent}    .build(){fallible}"));
    Some(text)
}

fn arguments(plan: &Plan<'_>, op: &OpPlan<'_>, crate_ident: &str) -> Option<Vec<String>> {
    op.positional
        .iter()
        .map(|&i| {
            let p: &ParamPlan = &op.params[i];
            example_value(plan, &p.wire, &p.ty, crate_ident)
        })
        .collect()
}

/// The `# Example` section of the crate docs: a call (and, when paged, every item); building a model
/// with a required field, when the crate has one; telling a documented error apart.
pub fn usage_example(plan: &Plan<'_>, crate_ident: &str) -> Vec<String> {
    let Some(op) = plan.showcase() else {
        return Vec::new();
    };
    let Some(args) = arguments(plan, op, crate_ident) else {
        return Vec::new();
    };
    let call = format!("client.{}({})", op.method, args.join(", "));
    let mut code = vec![
        format!("# async fn example() -> Result<(), {crate_ident}::Error> {{"),
        format!("let client = {crate_ident}::Client::from_env()?;"),
        format!("let response = {call}.send().await?;"),
        "println!(\"{} {:?}\", response.request_id, response.result);".to_owned(),
    ];
    if op.paging.is_some() {
        code.extend([
            String::new(),
            "// Every item of every page, fetched as they are read:".to_owned(),
            format!("let mut items = {call}.into_stream().items();"),
            "while let Some(item) = items.next().await {".to_owned(),
            "    println!(\"{:?}\", item?);".to_owned(),
            "}".to_owned(),
        ]);
    }
    // A model users build, with a required field: its builder says which one is missing.
    let built = plan
        .models()
        .filter(|m| m.builder && m.has_required())
        .find_map(|m| Some((m, build_expression(plan, m, crate_ident, "")?)));
    if let Some((model, expression)) = built {
        code.push(String::new());
        code.push(format!(
            "// Required fields are checked when a model is built (`{}` here):",
            model.wire
        ));
        let mut lines = expression.lines();
        if let Some(first) = lines.next() {
            code.push(format!("let _model = {first}"));
        }
        code.extend(lines.map(str::to_owned));
        if let Some(last) = code.last_mut() {
            last.push(';');
        }
    }
    // Matching a documented error class.
    let class = op.errors.iter().find_map(|e| e.class).unwrap_or("NotFound");
    code.extend([
        String::new(),
        "// Errors the service names are typed:".to_owned(),
        format!("match {call}.send().await {{"),
        "    Ok(response) => println!(\"{:?}\", response.result),".to_owned(),
        format!(
            "    Err(error) => match error.as_service().map(|e| e.code()) {{\n        Some({crate_ident}::ErrorCode::{class}) => println!(\"{{error}}\"),\n        _ => return Err(error),\n    }},"
        ),
        "}".to_owned(),
        "# Ok(())".to_owned(),
        "# }".to_owned(),
    ]);
    let mut lines = vec![
        String::new(),
        " # Example".to_owned(),
        String::new(),
        " ```no_run".to_owned(),
    ];
    for line in code.iter().flat_map(|l| l.split('\n')) {
        lines.push(if line.is_empty() {
            String::new()
        } else {
            format!(" {line}")
        });
    }
    lines.push(" ```".to_owned());
    lines
}

/// `examples/<operation>.rs`: calls the crate's showcase operation with its required arguments from
/// the command line, configured from the environment. Only operations whose required parameters are
/// all strings have one. Returns the example's name and text.
pub fn example_file(plan: &Plan<'_>, crate_ident: &str) -> Option<(String, String)> {
    let op = plan.showcase()?;
    let required: Vec<&ParamPlan> = op.positional.iter().map(|&i| &op.params[i]).collect();
    if required.iter().any(|p| !p.ty.is_string()) {
        return None;
    }
    let args: Vec<&str> = required.iter().map(|p| p.rust.as_str()).collect();
    let placeholders = required
        .iter()
        .map(|p| format!("<{}>", p.wire))
        .collect::<Vec<_>>()
        .join(" ");
    let usage = format!("usage: {} {placeholders}", op.method);
    let docs = [
        format!(" Calls `{}` and prints what it returns.", op.op.id),
        String::new(),
        " Credentials come from `JDCLOUD_ACCESS_KEY` and `JDCLOUD_SECRET_KEY`; `JDCLOUD_ENDPOINT` sends the".to_owned(),
        " call elsewhere (the project's emulator: `cargo run -p jdcloud-tests --bin emulator`).".to_owned(),
        String::new(),
        " ```sh".to_owned(),
        format!(
            " cargo run -p {} --example {} -- {placeholders}",
            crate_ident.replace('_', "-"),
            op.method,
        ),
        " ```".to_owned(),
    ];
    let call = Expr::atom("client").method(
        op.method.as_str(),
        args.iter().map(|a| Expr::atom(*a)).collect(),
    );
    let mut w = Writer::new();
    w.inner_docs(&docs);
    w.blank();
    w.line("#[tokio::main]");
    w.open_fn(&FnSig::new("async fn main").returns(Ty::generic(
        "Result",
        vec![
            Ty::path("()"),
            Ty::generic("Box", vec![Ty::path("dyn std::error::Error")]),
        ],
    )));
    w.assign(
        "let args: Vec<String>",
        Expr::call("std::env::args", Vec::new())
            .method("skip", vec![Expr::atom("1")])
            .method("collect", Vec::new()),
    );
    w.let_else(
        &format!("let [{}]", args.join(", ")),
        &Expr::atom("args").method("as_slice", Vec::new()),
        &[
            Stmt::Semi(Expr::Macro(
                "eprintln!".to_owned(),
                vec![Expr::atom(lit(&usage))],
            )),
            Stmt::Semi(Expr::call("std::process::exit", vec![Expr::atom("2")])),
        ],
    );
    w.assign(
        "let client",
        Expr::call(format!("{crate_ident}::Client::from_env"), Vec::new()).question(),
    );
    if op.paging.is_some() {
        w.assign(
            "let mut items",
            call.method("into_stream", Vec::new())
                .method("items", Vec::new()),
        );
        w.assign("let mut count", Expr::atom("0"));
        w.stmt(&Stmt::Block(
            "while let Some(item) = items.next().await".to_owned(),
            vec![
                Stmt::Semi(Expr::Macro(
                    "println!".to_owned(),
                    vec![Expr::atom("\"{:?}\""), Expr::atom("item").question()],
                )),
                Stmt::Semi(Expr::atom("count += 1")),
            ],
        ));
        w.semi(Expr::Macro(
            "println!".to_owned(),
            vec![Expr::atom("\"{count} item(s)\"")],
        ));
    } else {
        w.assign(
            "let response",
            call.method("send", Vec::new()).awaited().question(),
        );
        w.semi(Expr::Macro(
            "println!".to_owned(),
            vec![
                Expr::atom("\"request {}: {:#?}\""),
                Expr::place("response.request_id"),
                Expr::place("response.result"),
            ],
        ));
    }
    w.line("Ok(())");
    w.close();
    Some((op.method.clone(), w.finish()))
}
