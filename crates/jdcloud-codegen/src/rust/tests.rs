//! Layouts held to what rustfmt (the project's toolchain, default configuration) makes of the same
//! code, construct by construct; and the one-line test (`flat.rs`) held to the general layout on
//! every statement of every model there is.

use super::expr::SHORTCUT;
use super::*;

/// `stmt` as written at `indent`.
fn statement(stmt: Stmt, indent: usize) -> String {
    let mut w = Writer::new();
    for _ in 0..indent / TAB {
        w.open("x");
    }
    w.stmt(&stmt);
    let text = w.finish();
    text.lines()
        .skip(indent / TAB)
        .map(|l| format!("{l}\n"))
        .collect()
}

fn call(callee: &str, args: Vec<Expr>) -> Expr {
    Expr::call(callee, args)
}

fn atom(text: &str) -> Expr {
    Expr::atom(text)
}

fn strs(items: &[&str]) -> Expr {
    Expr::Array(items.iter().map(|s| atom(&lit(s))).collect()).borrowed()
}

#[test]
fn a_single_argument_array_overflows_and_short_simple_items_fill_lines() {
    let fields = |items: &[&str]| {
        statement(
            Stmt::Let(
                "const FIELDS: de::Fields".into(),
                call("de::Fields::new", vec![strs(items)]),
            ),
            8,
        )
    };
    assert_eq!(
        fields(&["backups", "totalCount"]),
        "        const FIELDS: de::Fields = de::Fields::new(&[\"backups\", \"totalCount\"]);\n"
    );
    assert_eq!(
        fields(&["backups", "total", "a", "b", "ccccc", "ddddddd", "eeeeeeeeee", "ffff"]),
        "        const FIELDS: de::Fields = de::Fields::new(&[\n            \"backups\",\n            \"total\",\n            \"a\",\n            \"b\",\n            \"ccccc\",\n            \"ddddddd\",\n            \"eeeeeeeeee\",\n            \"ffff\",\n        ]);\n"
    );
    // All no wider than ten columns: several to a line.
    let short: Vec<String> = (0..16).map(|i| format!("k{i:04}")).collect();
    let short: Vec<&str> = short.iter().map(String::as_str).collect();
    assert_eq!(
        fields(&short),
        "        const FIELDS: de::Fields = de::Fields::new(&[\n            \"k0000\", \"k0001\", \"k0002\", \"k0003\", \"k0004\", \"k0005\", \"k0006\", \"k0007\", \"k0008\",\n            \"k0009\", \"k0010\", \"k0011\", \"k0012\", \"k0013\", \"k0014\", \"k0015\",\n        ]);\n"
    );
}

#[test]
fn calls_break_their_arguments_one_per_line_past_the_call_width() {
    let path_param = |wire: &str, field: &str| {
        statement(
            Stmt::Let(
                "request".into(),
                atom("request").method(
                    "path_param",
                    vec![
                        atom(&lit(wire)),
                        Expr::place(&format!("self.{field}")).method("as_str", vec![]),
                    ],
                ),
            ),
            8,
        )
    };
    assert_eq!(
        path_param("cacheInstanceId", "cache_instance_id"),
        "        request = request.path_param(\"cacheInstanceId\", self.cache_instance_id.as_str());\n"
    );
    assert_eq!(
        path_param("cacheInstanceIdentifierLong", "cache_instance_identifier_long"),
        "        request = request.path_param(\n            \"cacheInstanceIdentifierLong\",\n            self.cache_instance_identifier_long.as_str(),\n        );\n"
    );
}

#[test]
fn chains_past_the_chain_width_take_a_line_per_link() {
    let send = Expr::place("self.client")
        .method(
            "call_with",
            vec![
                Expr::place("self.input").method("to_request", vec![]),
                Expr::place("self.settings").borrowed(),
            ],
        )
        .awaited();
    assert_eq!(
        statement(Stmt::Tail(send), 8),
        "        self.client\n            .call_with(self.input.to_request(), &self.settings)\n            .await\n"
    );
    // Past the start of the line, the root keeps none of its links.
    let required = Expr::Struct(
        "B".into(),
        vec![(
            "name".into(),
            Some(
                Expr::place("self.name")
                    .method(
                        "ok_or",
                        vec![call(
                            "::jdcloud_runtime::BuildError::missing",
                            vec![atom("\"Tag\""), atom("\"key\"")],
                        )],
                    )
                    .question(),
            ),
        )],
    );
    assert_eq!(
        statement(Stmt::Let("let x".into(), required), 4),
        "    let x = B {\n        name: self\n            .name\n            .ok_or(::jdcloud_runtime::BuildError::missing(\"Tag\", \"key\"))?,\n    };\n"
    );
}

#[test]
fn a_last_closure_overflows_and_a_short_async_block_stays_on_its_line() {
    let body = Expr::Block(
        String::new(),
        vec![
            Stmt::Let(
                "let mut request".into(),
                atom("self").method("clone", vec![]),
            ),
            Stmt::Tail(Expr::Block(
                "async move".into(),
                vec![Stmt::Tail(
                    atom("request").method("send", vec![]).awaited().method(
                        "map",
                        vec![Expr::Closure(
                            "|response|".into(),
                            Box::new(Expr::place("response.result")),
                        )],
                    ),
                )],
            )),
        ],
    );
    let pages = call(
        "::jdcloud_runtime::Pages::new",
        vec![
            atom("first"),
            atom("size"),
            Expr::Closure("move |page|".into(), Box::new(body)),
        ],
    );
    assert_eq!(
        statement(Stmt::Tail(pages), 8),
        "        ::jdcloud_runtime::Pages::new(first, size, move |page| {\n            let mut request = self.clone();\n            async move { request.send().await.map(|response| response.result) }\n        })\n"
    );
}

#[test]
fn match_arms_go_to_a_block_only_when_that_makes_them_one_line() {
    let arm = |slot: &str, wire: &str| Arm {
        pat: "Some(1)".into(),
        body: call(
            "de::value",
            vec![
                atom("map").borrowed_mut(),
                atom(slot).borrowed_mut(),
                atom(&lit(wire)),
            ],
        ),
    };
    let matched = Expr::Match(
        "field".into(),
        vec![
            arm("region_id", "regionId"),
            // One column too many for the arm's line, and short enough for a line of its own.
            arm("cache_instance_idss", "cacheInstanceIdss"),
            // Too long for either: broken where it starts.
            arm("cache_instance_id_longer_name", "cacheInstanceIdLongerName"),
        ],
    );
    assert_eq!(
        statement(Stmt::Semi(matched.question()), 20),
        "                    match field {\n                        Some(1) => de::value(&mut map, &mut region_id, \"regionId\"),\n                        Some(1) => {\n                            de::value(&mut map, &mut cache_instance_idss, \"cacheInstanceIdss\")\n                        }\n                        Some(1) => de::value(\n                            &mut map,\n                            &mut cache_instance_id_longer_name,\n                            \"cacheInstanceIdLongerName\",\n                        ),\n                    }?;\n"
    );
}

#[test]
fn signatures_break_parameters_then_the_return_type() {
    let sig = |ret: &str| {
        let mut w = Writer::new();
        w.open("impl A");
        w.open_fn(
            &FnSig::new("pub async fn send")
                .receiver("self")
                .returns(Ty::generic(
                    "Result",
                    vec![
                        Ty::generic("::jdcloud_runtime::Response", vec![Ty::path(ret)]),
                        Ty::path("::jdcloud_runtime::Error"),
                    ],
                )),
        );
        w.line("todo!()");
        w.close();
        w.close();
        w.finish()
    };
    assert_eq!(
        sig("DescribeBackupsResult"),
        "impl A {\n    pub async fn send(\n        self,\n    ) -> Result<::jdcloud_runtime::Response<DescribeBackupsResult>, ::jdcloud_runtime::Error> {\n        todo!()\n    }\n}\n"
    );
    assert_eq!(
        sig("DescribeBackupsResultWithAVeryLongNameIndeed"),
        "impl A {\n    pub async fn send(\n        self,\n    ) -> Result<\n        ::jdcloud_runtime::Response<DescribeBackupsResultWithAVeryLongNameIndeed>,\n        ::jdcloud_runtime::Error,\n    > {\n        todo!()\n    }\n}\n"
    );
    // Room for the signature but not for its ` {`: the brace goes on a line of its own.
    assert!(sig("::jdcloud_runtime::Empty").contains("::jdcloud_runtime::Error>\n    {\n"));
}

#[test]
fn long_attribute_lists_and_field_types_break_as_rustfmt_breaks_them() {
    let mut w = Writer::new();
    w.cfg_features(&[
        "create-instance-something".into(),
        "describe-instances-something".into(),
        "x".into(),
    ]);
    w.open("pub struct A");
    w.field(
        "pub some_long_field_name_here",
        &Ty::generic(
            "Vec",
            vec![Ty::path(
                "crate::operations::describe_something_long_here::SomeModelName",
            )],
        )
        .option(),
    );
    w.close();
    assert_eq!(
        w.finish(),
        "#[cfg(any(\n    feature = \"create-instance-something\",\n    feature = \"describe-instances-something\",\n    feature = \"x\"\n))]\npub struct A {\n    pub some_long_field_name_here:\n        Option<Vec<crate::operations::describe_something_long_here::SomeModelName>>,\n}\n"
    );
}

#[test]
fn what_cannot_fit_is_laid_out_with_only_its_long_literal_past_the_line() {
    let long = format!("\"/v1/{}\"", "segment/".repeat(12));
    let text = statement(
        Stmt::Let(
            "let mut request".into(),
            call(
                "Request::new",
                vec![atom("\"describeImages\""), atom(&long)],
            ),
        ),
        8,
    );
    assert_eq!(
        text,
        format!("        let mut request = Request::new(\n            \"describeImages\",\n            {long},\n        );\n")
    );
}

#[test]
fn a_chain_that_cannot_fit_keeps_its_links_on_lines_of_their_own() {
    // The turbofish alone is wider than the line: rustfmt cannot lay the statement out, and leaves
    // it as it is; it is written as if the type fitted.
    let result = "crate::operations::describe_consumer_group_ids::DescribeConsumerGroupIdsResult";
    let call = Expr::place("self.inner")
        .method_with(
            "call",
            vec![Ty::path(result)],
            vec![atom("input").method("to_request", vec![])],
        )
        .awaited()
        .question();
    assert_eq!(
        statement(Stmt::Let("let response".into(), call), 16),
        format!("                let response = self\n                    .inner\n                    .call::<{result}>(\n                        input.to_request(),\n                    )\n                    .await?;\n")
    );
}

#[test]
fn literals_are_escaped_as_rust_source() {
    assert_eq!(lit("a\"b\\c\nd'"), "\"a\\\"b\\\\c\\nd'\"");
    assert_eq!(lit("\u{0}1"), "\"\\x001\"");
}

#[path = "../../tests/support/mod.rs"]
mod support;

/// Every file of every crate, emitted with the one-line test on and off.
#[test]
fn the_one_line_test_agrees_with_the_general_layout_everywhere() {
    let mut services = support::committed_models();
    services.extend(support::corpus_models().unwrap_or_default());
    let emit = |service: &jdcloud_model::Service, shortcut: bool| {
        SHORTCUT.with(|s| s.set(shortcut));
        let options = crate::Options {
            runtime_path: "../runtime".to_owned(),
            runtime_version: "0.1.0".to_owned(),
            version: "0.1.0".to_owned(),
            changelog: None,
        };
        let files = crate::generate(service, &options)
            .unwrap_or_else(|e| panic!("{}: {e:?}", service.name))
            .files;
        SHORTCUT.with(|s| s.set(true));
        files
    };
    let mut compared = 0;
    for service in &services {
        let fast = emit(service, true);
        let slow = emit(service, false);
        assert_eq!(fast.len(), slow.len());
        for (fast, slow) in fast.iter().zip(&slow) {
            if fast.contents != slow.contents {
                let line = fast
                    .contents
                    .lines()
                    .zip(slow.contents.lines())
                    .position(|(a, b)| a != b)
                    .map_or(0, |l| l + 1);
                panic!(
                    "{} {}: the one-line test and the general layout differ at line {line}",
                    service.name, fast.path
                );
            }
            compared += 1;
        }
    }
    assert!(compared > 40, "{compared} files compared");
}
