use jdcloud_model::from_yaml;

use super::*;

fn services() -> Vec<Service> {
    let service = from_yaml(
        "schema_version: 2
name: resource-tag
version: v1
endpoint:
  host: resource-tag.jdcloud-api.com
operations:
- id: describeTags
  method: GET
  path: /v1/regions/{regionId}/tags
  parameters:
  - name: regionId
    in: path
    type: string
    required: true
    line: 10
  - name: keys
    in: body
    type: string
    line: 11
  source:
    file: rt/describeTags.md
    line: 1
",
    )
    .unwrap();
    vec![service]
}

const OVERLAY: &str = "# Corrections of the resource tag pages.
- reason: the official SDK names this service resourcetag
  service: resource-tag
  rename_service: resourcetag
  host: resourcetag.jdcloud-api.com

- reason: a GET sends no body; the SDK sends it in the query, as a list
  service: resourcetag
  operation: describeTags
  parameter: keys
  in: query
  type: array<string>
- reason: the page leaves out the paging the SDK sends
  service: resourcetag
  operation: describeTags
  add_parameter: {name: pageSize, in: query, type: int32, description: Page size}
";

#[test]
fn corrections_apply_in_order_and_are_recorded() {
    let corrections = read("spec/overlays/resourcetag.yaml", OVERLAY).unwrap();
    let mut services = services();
    assert_eq!(apply(&mut services, &corrections), []);
    let service = &services[0];
    assert_eq!(service.name, "resourcetag");
    assert_eq!(service.endpoint.host, "resourcetag.jdcloud-api.com");
    assert_eq!(
        service.overlays,
        [Applied {
            overlay: "spec/overlays/resourcetag.yaml".into(),
            line: 2,
            reason: "the official SDK names this service resourcetag".into(),
        }]
    );
    let op = &service.operations[0];
    let keys = op.parameters.iter().find(|p| p.name == "keys").unwrap();
    assert_eq!(keys.location, Location::Query);
    assert_eq!(keys.ty.to_string(), "array<string>");
    let page_size = op.parameters.iter().find(|p| p.name == "pageSize").unwrap();
    assert_eq!(
        (page_size.location, page_size.required),
        (Location::Query, false)
    );
    let lines: Vec<u32> = op.overlays.iter().map(|a| a.line).collect();
    assert_eq!(lines, [7, 13]);
}

#[test]
fn a_correction_matching_nothing_is_stale() {
    let corrections = read("o.yaml", OVERLAY).unwrap();
    let mut services = services();
    apply(&mut services, &corrections);
    // Applied twice: everything it names has already changed.
    let errors: Vec<String> = apply(&mut services, &corrections)
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        errors,
        [
            "o.yaml:2:1: error[overlay]: no service `resource-tag` to correct (stale overlay?)",
            "o.yaml:7:1: error[overlay]: `describeTags` `keys` is already as corrected (stale overlay?)",
            "o.yaml:13:1: error[overlay]: `describeTags` already has a parameter `pageSize` (stale overlay?)",
        ]
    );
    let missing = read(
        "p.yaml",
        "- reason: r\n  service: resourcetag\n  operation: describeTag\n  parameter: keys\n  required: true\n",
    )
    .unwrap();
    let errors = apply(&mut services, &missing);
    assert_eq!(
        errors[0].message,
        "no operation `describeTag` in service `resourcetag`"
    );
}

#[test]
fn corrections_that_say_nothing_or_too_much_are_refused_with_their_line() {
    let text = "- reason: r
  service: s
- reason: r
  service: s
  operation: o
  parameter: p
  host: h.jdcloud-api.com
- reason: ''
  service: s
  host: h.jdcloud-api.com
- reason: r
  service: s
  colour: red
";
    let errors = read("bad.yaml", text).unwrap_err();
    assert_eq!(errors[0].line, 13, "{errors:?}");
    assert!(
        errors[0].message.contains("unknown field `colour`"),
        "{errors:?}"
    );
    let errors = read(
        "bad.yaml",
        &text[..text.find("- reason: r\n  service: s\n  colour").unwrap()],
    )
    .unwrap_err();
    let found: Vec<(u32, &str)> = errors
        .iter()
        .map(|e| (e.line, e.message.split(';').next().unwrap()))
        .collect();
    assert_eq!(
        found,
        [
            (1, "a correction of a service gives `rename_service` or `host`"),
            (3, "a correction of a parameter gives `in`, `type` or `required` (and nothing of the service)"),
            (8, "a correction needs its `reason`"),
        ]
    );
    assert_eq!(read("empty.yaml", "# nothing yet\n").unwrap(), []);
}

fn widget() -> Vec<Service> {
    vec![from_yaml(
        "schema_version: 2
name: widget
version: v1
endpoint:
  host: widget.jdcloud-api.com
operations:
- id: createWidget
  method: POST
  path: /v1/regions/{regionId}/widget-stats
  parameters:
  - name: regionId
    in: path
    type: string
    required: true
    line: 10
  - name: spec
    in: body
    type: model:WidgetSpec
    required: true
    line: 11
  - name: dryRun
    in: query
    type: bool
    line: 12
  models:
  - name: WidgetSpec
    fields:
    - name: name
      type: string
      required: true
      line: 20
    - name: size
      type: int32
      line: 21
    line: 19
  source:
    file: widget/createWidget.md
    line: 1
",
    )
    .unwrap()]
}

fn applied(overlay: &str) -> Result<Vec<Service>, Vec<String>> {
    let corrections = read("o.yaml", overlay)
        .map_err(|e| e.iter().map(ToString::to_string).collect::<Vec<_>>())?;
    let mut services = widget();
    let errors = apply(&mut services, &corrections);
    if errors.is_empty() {
        Ok(services)
    } else {
        Err(errors.iter().map(ToString::to_string).collect())
    }
}

fn names(op: &jdcloud_model::Operation) -> Vec<(&str, Location)> {
    op.parameters
        .iter()
        .map(|p| (p.name.as_str(), p.location))
        .collect()
}

#[test]
fn path_and_method_of_an_operation() {
    let services = applied(
        "- reason: the SDK's path and method
  service: widget
  operation: createWidget
  path: /v1/regions/{regionId}/widget_stats
  method: PUT
",
    )
    .unwrap();
    let op = &services[0].operations[0];
    assert_eq!(
        (op.path.as_str(), op.method),
        ("/v1/regions/{regionId}/widget_stats", Method::Put)
    );
    assert_eq!(op.overlays[0].line, 1);
    // Already so: stale.
    let errors = applied(
        "- reason: nothing to do
  service: widget
  operation: createWidget
  method: POST
",
    )
    .unwrap_err();
    assert_eq!(
        errors,
        ["o.yaml:1:1: error[overlay]: `createWidget` is already as corrected (stale overlay?)"]
    );
}

#[test]
fn flattening_and_wrapping_a_body() {
    let flat = applied(
        "- reason: the SDK sends the members of spec on their own
  service: widget
  operation: createWidget
  flatten_body: spec
",
    )
    .unwrap();
    let op = &flat[0].operations[0];
    assert_eq!(
        names(op),
        [
            ("regionId", Location::Path),
            ("name", Location::Body),
            ("size", Location::Body),
            ("dryRun", Location::Query)
        ]
    );
    assert!(op.parameters[1].required && !op.parameters[2].required);

    // Wrapping the flattened body again gives one member of a new model with the same fields.
    let corrections = read(
        "o.yaml",
        "- reason: the SDK wraps them in body
  service: widget
  operation: createWidget
  wrap_body: body
",
    )
    .unwrap();
    let mut services = flat;
    assert_eq!(apply(&mut services, &corrections), []);
    let op = &services[0].operations[0];
    assert_eq!(
        names(op),
        [
            ("regionId", Location::Path),
            ("body", Location::Body),
            ("dryRun", Location::Query)
        ]
    );
    assert_eq!(op.parameters[1].ty, Type::Model("Body".to_owned()));
    let model = op.model("Body").unwrap();
    assert_eq!(model.shape(), op.model("WidgetSpec").unwrap().shape());
}

#[test]
fn body_corrections_that_cannot_apply_say_why() {
    let errors = applied(
        "- reason: not a model
  service: widget
  operation: createWidget
  flatten_body: dryRun
- reason: no such member
  service: widget
  operation: createWidget
  flatten_body: other
- reason: a clash
  service: widget
  operation: createWidget
  wrap_body: dryRun
",
    )
    .unwrap_err();
    assert_eq!(
        errors,
        [
            "o.yaml:1:1: error[overlay]: no body parameter `dryRun` in `createWidget`",
            "o.yaml:5:1: error[overlay]: no body parameter `other` in `createWidget`",
            "o.yaml:9:1: error[overlay]: `createWidget` already has a parameter `dryRun`",
        ]
    );
    let errors = applied(
        "- reason: mixed
  service: widget
  operation: createWidget
  parameter: dryRun
  path: /v1/x
",
    )
    .unwrap_err();
    assert_eq!(
        errors,
        ["o.yaml:1:1: error[overlay]: `path`, `method`, `flatten_body` and `wrap_body` take `operation` and no parameter"]
    );
}
