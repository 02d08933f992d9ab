use jdcloud_emulator::server::Seen;
use jdcloud_model::{Location, Method, Operation, Parameter, Source, Type};
use serde_json::json;

use super::*;
use crate::compare::{differences, Difference};

fn parameter(name: &str, location: Location, ty: Type) -> Parameter {
    Parameter {
        name: name.to_owned(),
        location,
        ty,
        required: false,
        default: None,
        description: String::new(),
        set_by_runtime: false,
        line: 0,
    }
}

fn operation(method: Method, parameters: Vec<Parameter>) -> Operation {
    Operation {
        id: "createWidget".to_owned(),
        description: String::new(),
        method,
        path: "/v1/regions/{regionId}/widgets".to_owned(),
        host: None,
        version: None,
        parameters,
        response: Vec::new(),
        models: Vec::new(),
        return_codes: Vec::new(),
        source: Source {
            file: "widget/createWidget.md".to_owned(),
            line: 1,
            copies: Vec::new(),
        },
        overlays: Vec::new(),
    }
}

fn captured(method: &str, target: &str, headers: &[(&str, &str)], body: &str) -> Captured {
    Captured::from_seen(&Seen {
        method: method.to_owned(),
        target: target.to_owned(),
        headers: headers
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect(),
        body: body.to_owned(),
    })
}

#[test]
fn a_write_that_repeats_everything_in_its_body_agrees_once_normalised() {
    let op = operation(
        Method::Post,
        vec![
            parameter("regionId", Location::Path, Type::String),
            parameter("dryRun", Location::Query, Type::Bool),
            parameter("ids", Location::Query, Type::Array(Box::new(Type::String))),
            parameter("name", Location::Body, Type::String),
            parameter("note", Location::Body, Type::String),
        ],
    );
    let ours = captured(
        "POST",
        "/v1/regions/cn-north-1/widgets?dryRun=true&ids.1=a&ids.2=b",
        &[],
        r#"{"name":"n"}"#,
    );
    let mut theirs = captured(
        "POST",
        "/v1/regions/cn-north-1/widgets",
        &[],
        r#"{"regionId":"cn-north-1","dryRun":true,"ids":["a","b"],"name":"n","note":null}"#,
    );
    let rules = normalize(&op, &ours, &mut theirs);
    assert_eq!(
        rules,
        [
            Rule::UnsetParametersSentAsNull,
            Rule::WritesRepeatParametersInTheBody,
            Rule::PythonBooleansInTheQuery
        ]
    );
    assert_eq!(differences(&op, &ours, &theirs), []);
}

#[test]
fn rules_never_hide_a_value_that_differs() {
    let op = operation(
        Method::Post,
        vec![
            parameter("regionId", Location::Path, Type::String),
            parameter("dryRun", Location::Query, Type::Bool),
            parameter("name", Location::Body, Type::String),
        ],
    );
    let ours = captured(
        "POST",
        "/v1/regions/cn-north-1/widgets?dryRun=true",
        &[],
        r#"{"name":"n"}"#,
    );
    let mut theirs = captured(
        "POST",
        "/v1/regions/cn-north-1/widgets",
        &[],
        r#"{"regionId":"cn-north-1","dryRun":false,"name":"m"}"#,
    );
    normalize(&op, &ours, &mut theirs);
    assert_eq!(
        differences(&op, &ours, &theirs),
        [
            Difference::new("query dryRun", "true", "false"),
            Difference::new("body.name", "\"n\"", "\"m\""),
        ]
    );
}

#[test]
fn reads_leave_the_query_and_body_alone_so_a_moved_parameter_shows() {
    // The model puts `pageNumber` in the body of a GET; the SDK sends it in the query.
    let op = operation(
        Method::Get,
        vec![
            parameter("regionId", Location::Path, Type::String),
            parameter("pageNumber", Location::Body, Type::Int32),
        ],
    );
    let ours = captured(
        "GET",
        "/v1/regions/cn-north-1/widgets",
        &[],
        r#"{"pageNumber":1}"#,
    );
    let mut theirs = captured(
        "GET",
        "/v1/regions/cn-north-1/widgets?pageNumber=1",
        &[],
        "",
    );
    assert_eq!(normalize(&op, &ours, &mut theirs), []);
    assert_eq!(
        differences(&op, &ours, &theirs),
        [
            Difference::new("query pageNumber", "(absent)", "1"),
            Difference::new("body.pageNumber", "1", "(absent)"),
        ]
    );
}

#[test]
fn raw_path_values_are_compared_decoded_and_header_parameters_as_sent() {
    let op = operation(
        Method::Get,
        vec![
            parameter("regionId", Location::Path, Type::String),
            parameter("x-jdcloud-pin", Location::Header, Type::String),
            parameter("x-jdcloud-channel", Location::Header, Type::String),
            Parameter {
                set_by_runtime: true,
                ..parameter("x-jdcloud-nonce", Location::Header, Type::String)
            },
        ],
    );
    let ours = captured(
        "GET",
        "/v1/regions/cn%20north/widgets",
        &[
            ("x-jdcloud-pin", "pin-1"),
            ("x-jdcloud-channel", "c-1"),
            ("x-jdcloud-nonce", "n-1"),
        ],
        "",
    );
    let mut theirs = captured(
        "GET",
        "/v1/regions/cn north/widgets",
        &[
            ("X-Jdcloud-Pin", "pin-1"),
            ("x-jdcloud-channel", "c-2"),
            ("x-jdcloud-nonce", "n-2"),
        ],
        "",
    );
    assert_eq!(
        normalize(&op, &ours, &mut theirs),
        [Rule::PathValuesInsertedRaw]
    );
    assert_eq!(
        differences(&op, &ours, &theirs),
        [Difference::new("header x-jdcloud-channel", "c-1", "c-2")]
    );
}

#[test]
fn the_sdk_query_form_of_values() {
    assert_eq!(
        sdk_query_pairs(
            "f",
            &json!([{"name": "a", "values": ["x", "y"]}, {"name": "b"}])
        )
        .unwrap(),
        [
            ("f.1.name".to_owned(), "a".to_owned()),
            ("f.1.values.1".to_owned(), "x".to_owned()),
            ("f.1.values.2".to_owned(), "y".to_owned()),
            ("f.2.name".to_owned(), "b".to_owned()),
        ]
    );
    assert_eq!(
        sdk_query_pairs("on", &json!(true)).unwrap(),
        [("on".to_owned(), "True".to_owned())]
    );
    assert_eq!(
        sdk_query_pairs("n", &json!(1.5)).unwrap(),
        [("n".to_owned(), "1.5".to_owned())]
    );
    assert_eq!(sdk_query_pairs("m", &json!({"a": 1})), None);
    assert_eq!(sdk_query_pairs("l", &json!([1.5])), None);
    assert_eq!(sdk_query_pairs("z", &json!(null)).unwrap(), []);
}
