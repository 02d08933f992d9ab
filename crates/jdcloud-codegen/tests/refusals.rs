//! Names the emitter cannot make Rust of are refused with a diagnostic pointing at the document, and
//! whatever a documented name is, what the emitter makes of it is a valid identifier.

use jdcloud_codegen::{camel, generate, snake, Options};
use proptest::prelude::*;

fn service(operations: &str) -> jdcloud_model::Service {
    let yaml = format!(
        "schema_version: {}\nname: demo\nversion: v1\nendpoint:\n  host: demo.jdcloud-api.com\noperations:\n{operations}",
        jdcloud_model::SCHEMA_VERSION
    );
    jdcloud_model::from_yaml(&yaml).unwrap()
}

fn options() -> Options {
    Options {
        runtime_path: "../runtime".into(),
        runtime_version: "0.1.0".into(),
        version: "0.1.0".into(),
        changelog: None,
    }
}

const OPERATION: &str = "- id: describeThings
  method: GET
  path: /v1/things
  parameters:
  - name: PARAM
    in: query
    type: string
    line: 12
  response:
  - name: result
    type: model:Result
    line: 20
  models:
  - name: Result
    fields:
    - name: FIELD
      type: string
      line: 25
    line: 23
  source:
    file: demo/describeThings.md
    line: 1
";

#[test]
fn names_without_ascii_letters_are_refused_with_their_place() {
    let text = OPERATION.replace("PARAM", "名称").replace("FIELD", "数量");
    let errors = generate(&service(&text), &options()).unwrap_err();
    let rendered: Vec<String> = errors.iter().map(ToString::to_string).collect();
    assert_eq!(
        rendered,
        [
            "demo/describeThings.md:12:1: error[emit]: parameter `名称` has no ASCII letters or digits to make a Rust name of",
            "demo/describeThings.md:25:1: error[emit]: field `数量` has no ASCII letters or digits to make a Rust name of",
        ]
    );
}

#[test]
fn operations_that_would_share_a_name_are_refused() {
    let first = OPERATION.replace("PARAM", "a").replace("FIELD", "b");
    let second = first
        .replace("id: describeThings", "id: DescribeThings")
        .replace("line: 1\n", "line: 3\n");
    let errors = generate(&service(&format!("{first}{second}")), &options()).unwrap_err();
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0]
            .message
            .contains("would both be `describe_things`"),
        "{}",
        errors[0]
    );
    assert_eq!(errors[0].line, 3);
}

#[test]
fn names_that_differ_only_after_sanitizing_are_numbered() {
    let text = OPERATION.replace("PARAM", "a").replace(
        "    - name: FIELD\n      type: string\n      line: 25\n",
        "    - name: points\n      type: string\n      line: 25\n    - name: POINTS\n      type: int32\n      line: 26\n",
    );
    let generated = generate(&service(&text), &options()).unwrap();
    let op = generated
        .files
        .iter()
        .find(|f| f.path == "src/operations/describe_things.rs")
        .unwrap();
    assert!(
        op.contents.contains("pub points: Option<String>"),
        "{}",
        op.contents
    );
    assert!(
        op.contents.contains("pub points_2: Option<i32>"),
        "{}",
        op.contents
    );
    // Each keeps its own wire name, written and read.
    for wire in [
        "(\"points\", ser::optional(&self.points))",
        "(\"POINTS\", ser::optional(&self.points_2))",
        "Some(0) => de::value(&mut map, &mut points, \"points\")",
        "Some(1) => de::value(&mut map, &mut points_2, \"POINTS\")",
    ] {
        assert!(op.contents.contains(wire), "{wire}:\n{}", op.contents);
    }
}

proptest! {
    #[test]
    fn sanitized_names_are_identifiers(name in "\\PC{0,24}") {
        let snake = snake(&name);
        let camel = camel(&name);
        prop_assert!(syn::parse_str::<syn::Ident>(&snake).is_ok(), "{:?} -> {:?}", name, snake);
        prop_assert!(syn::parse_str::<syn::Ident>(&camel).is_ok(), "{:?} -> {:?}", name, camel);
        prop_assert!(!snake.starts_with("r#") && !camel.starts_with("r#"));
    }
}
