//! The plan's decisions, on small services written as YAML models.

use jdcloud_model::{from_yaml, Service};

use super::*;

fn service(operations: &str) -> Service {
    let text = format!(
        "schema_version: 2\nname: shop\nversion: v1\nendpoint:\n  host: shop.jdcloud-api.com\noperations:\n{operations}"
    );
    from_yaml(&text).unwrap_or_else(|e| panic!("{e}\n{text}"))
}

/// An operation `id` (`GET /v1/regions/{regionId}/things`) with the given YAML for its parameters,
/// response and models.
fn op(id: &str, method: &str, rest: &str) -> String {
    format!(
        "- id: {id}\n  method: {method}\n  path: /v1/regions/{{regionId}}/{id}\n{rest}  source:\n    file: shop/{id}.md\n    line: 1\n"
    )
}

const FILTER_A: &str = "  - name: Filter
    fields:
    - name: name
      type: string
      required: true
      description: the field to filter on
      line: 30
    - name: values
      type: array<string>
      required: true
      line: 31
    line: 29
";

/// The same model, its rows in another order and other words.
const FILTER_B: &str = "  - name: Filter
    fields:
    - name: values
      type: array<string>
      required: true
      description: what to match
      line: 40
    - name: name
      type: string
      required: true
      description: Filter name
      line: 41
    line: 39
";

const FILTERS_PARAM: &str = "  parameters:
  - name: regionId
    in: path
    type: string
    required: true
    line: 10
  - name: filters
    in: query
    type: array<model:Filter>
    line: 11
";

fn plan_of(service: &Service) -> Plan<'_> {
    plan(service).unwrap_or_else(|e| panic!("{e:?}"))
}

/// Two operations taking `filters`, each defining `Filter` alike up to descriptions and row order.
fn apples_and_pears() -> Service {
    service(&format!(
        "{}{}",
        op(
            "listApples",
            "GET",
            &format!("{FILTERS_PARAM}  models:\n{FILTER_A}")
        ),
        op(
            "listPears",
            "GET",
            &format!("{FILTERS_PARAM}  models:\n{FILTER_B}")
        ),
    ))
}

#[test]
fn models_alike_up_to_descriptions_and_row_order_are_one_type() {
    let service = apples_and_pears();
    let plan = plan_of(&service);
    assert_eq!(plan.shared.len(), 1, "{:#?}", plan.shared);
    let filter = &plan.shared[0];
    assert_eq!(
        (filter.name.as_str(), &filter.module),
        ("Filter", &Module::Types)
    );
    // The first definition's rows, in its order.
    let names: Vec<&str> = filter.fields.iter().map(|f| f.rust.as_str()).collect();
    assert_eq!(names, ["name", "values"]);
    for op in &plan.ops {
        assert!(op.locals.is_empty());
        let filters = op.params.iter().find(|p| p.wire == "filters").unwrap();
        assert_eq!(
            filters.ty,
            TypeRef::List(Box::new(TypeRef::Model {
                module: Module::Types,
                name: "Filter".into()
            }))
        );
    }
}

#[test]
fn models_that_differ_in_what_is_required_stay_apart() {
    let optional_name = FILTER_B.replacen(
        "required: true\n      description: Filter name",
        "description: Filter name",
        1,
    );
    let service = service(&format!(
        "{}{}",
        op(
            "listApples",
            "GET",
            &format!("{FILTERS_PARAM}  models:\n{FILTER_A}")
        ),
        op(
            "listPears",
            "GET",
            &format!("{FILTERS_PARAM}  models:\n{optional_name}")
        ),
    ));
    let plan = plan_of(&service);
    assert!(plan.shared.is_empty());
    for op in &plan.ops {
        assert_eq!(op.locals.len(), 1);
        assert_eq!(op.locals[0].module, Module::Operation(op.module.clone()));
    }
}

#[test]
fn request_models_keep_required_fields_and_get_builders_reply_models_are_tolerant() {
    let rest = "  parameters:
  - name: regionId
    in: path
    type: string
    required: true
    line: 10
  - name: spec
    in: body
    type: model:Spec
    required: true
    line: 11
  response:
  - name: result
    type: model:Result
    line: 20
  models:
  - name: Spec
    fields:
    - name: name
      type: string
      required: true
      line: 31
    - name: note
      type: string
      line: 32
    line: 30
  - name: Result
    fields:
    - name: thing
      type: model:Thing
      line: 41
    line: 40
  - name: Thing
    fields:
    - name: id
      type: string
      required: true
      line: 51
    line: 50
";
    let service = service(&op("createThing", "POST", rest));
    let plan = plan_of(&service);
    let op = &plan.ops[0];
    // Models only one operation defines are alike everywhere: shared.
    let spec = plan.shared.iter().find(|m| m.wire == "Spec").unwrap();
    assert!(spec.builder);
    assert!(spec.has_required());
    assert_eq!(
        spec.fields.iter().map(|f| f.required).collect::<Vec<_>>(),
        [true, false]
    );
    let thing = plan.shared.iter().find(|m| m.wire == "Thing").unwrap();
    assert!(!thing.builder, "replies are not built by users");
    assert!(!thing.has_required(), "replies are read tolerantly");
    let ResultPlan::Model(result) = &op.result else {
        panic!("{:?}", op.result)
    };
    assert_eq!(result.name, "CreateThingResult");
    assert!(!result.builder);
}

#[test]
fn region_id_comes_first_among_the_arguments() {
    let rest = "  parameters:
  - name: instanceId
    in: path
    type: string
    required: true
    line: 10
  - name: regionId
    in: path
    type: string
    required: true
    line: 11
  - name: name
    in: query
    type: string
    line: 12
  - name: setName
    in: query
    type: string
    line: 13
  - name: size
    in: query
    type: int32
    required: true
    line: 14
";
    let service = service(&op("renameThing", "GET", rest));
    let plan = plan_of(&service);
    let op = &plan.ops[0];
    let positional: Vec<&str> = op
        .positional
        .iter()
        .map(|&i| op.params[i].rust.as_str())
        .collect();
    assert_eq!(positional, ["region_id", "instance_id", "size"]);
    assert!(
        op.params
            .iter()
            .find(|p| p.wire == "regionId")
            .unwrap()
            .signs_region
    );
    // `setName` is a setter of its own: `name`'s `set_x` is numbered off it.
    let name = op.params.iter().find(|p| p.wire == "name").unwrap();
    let set_name = op.params.iter().find(|p| p.wire == "setName").unwrap();
    assert_eq!(set_name.rust, "set_name");
    assert_eq!(name.set_option, "set_name_2");
    assert_eq!(set_name.set_option, "set_set_name");
}

#[test]
fn paging_names_the_result_fields_as_emitted_and_errors_their_classes() {
    let rest = "  parameters:
  - name: regionId
    in: path
    type: string
    required: true
    line: 10
  - name: pageNumber
    in: query
    type: int32
    line: 11
  - name: pageSize
    in: query
    type: int32
    line: 12
  response:
  - name: result
    type: model:Result
    line: 20
  models:
  - name: Result
    fields:
    - name: Things
      type: array<string>
      line: 31
    - name: totalCount
      type: int64
      line: 32
    line: 30
  return_codes:
  - code: 200
    description: OK
    line: 60
  - code: 404
    description: NOT_FOUND
    line: 61
  - code: 500
    description: Internal error
    line: 62
";
    let service = service(&op("describeThings", "GET", rest));
    let plan = plan_of(&service);
    let op = &plan.ops[0];
    let paging = op.paging.as_ref().expect("paged");
    assert_eq!(op.params[paging.number].wire, "pageNumber");
    assert_eq!(op.params[paging.size].wire, "pageSize");
    assert_eq!(
        (paging.list.as_str(), paging.total.as_str()),
        ("things", "total_count")
    );
    assert_eq!(paging.item, TypeRef::String);
    assert!(paging.total_is_i64);
    assert_eq!(
        op.errors,
        [
            ErrorDoc {
                code: 404,
                description: "NOT_FOUND".into(),
                class: Some("NotFound"),
            },
            ErrorDoc {
                code: 500,
                description: "Internal error".into(),
                class: None,
            },
        ]
    );
    assert_eq!(
        plan.showcase().map(|o| o.module.as_str()),
        Some("describe_things")
    );
}

#[test]
fn direct_cycles_are_boxed_and_boxed_fields_are_optional() {
    let rest = "  parameters:
  - name: regionId
    in: path
    type: string
    required: true
    line: 10
  - name: node
    in: body
    type: model:Node
    required: true
    line: 11
  models:
  - name: Node
    fields:
    - name: parent
      type: model:Node
      required: true
      line: 31
    - name: children
      type: array<model:Node>
      line: 32
    line: 30
";
    let service = service(&op("addNode", "POST", rest));
    let plan = plan_of(&service);
    let node = &plan.shared[0];
    let parent = &node.fields[0];
    assert!(parent.boxed && !parent.required);
    assert!(!node.fields[1].boxed, "a list breaks the cycle already");
}

#[test]
fn shared_models_are_gated_by_the_features_of_the_operations_that_reach_them() {
    // `Filter` is shared by two of the three operations: one takes it as a parameter, the other
    // reaches it through a model of its own (`Labelled`).
    let labelled_models = format!(
        "{FILTER_A}  - name: Labelled
    fields:
    - name: filter
      type: model:Filter
      line: 50
    line: 49
"
    );
    let labelled_param = "  parameters:
  - name: regionId
    in: path
    type: string
    required: true
    line: 10
  - name: labelled
    in: query
    type: model:Labelled
    line: 11
";
    let service = service(&format!(
        "{}{}{}",
        op(
            "listApples",
            "GET",
            &format!("{FILTERS_PARAM}  models:\n{FILTER_A}")
        ),
        op(
            "listPears",
            "GET",
            &format!("{labelled_param}  models:\n{labelled_models}")
        ),
        op("all", "GET", ""),
    ));
    let plan = plan_of(&service);
    let features: Vec<&str> = plan.ops.iter().map(|o| o.feature.as_str()).collect();
    // `all` is the feature of every operation: the operation of that name gets another.
    assert_eq!(features, ["list-apples", "list-pears", "op-all"]);
    let filter = plan.shared.iter().find(|m| m.name == "Filter").unwrap();
    // Reached directly by one operation and through `Labelled` by the other; not by the third.
    assert_eq!(filter.gate, ["list-apples", "list-pears"]);
}

#[test]
fn a_shared_model_every_operation_reaches_is_not_gated() {
    let service = apples_and_pears();
    let plan = plan_of(&service);
    assert_eq!(plan.shared.len(), 1);
    assert!(plan.shared[0].gate.is_empty(), "{:?}", plan.shared[0].gate);
}
