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
