use jdcloud_model::from_yaml;
use serde_json::json;

use super::*;

fn model() -> Service {
    from_yaml(
        "schema_version: 2
name: resource-tag
version: v1
endpoint:
  host: resource-tag.jdcloud-api.com
operations:
- id: describeKeys
  method: POST
  path: /v1/regions/{regionId}/tags:describeKeys
  parameters:
  - name: regionId
    in: path
    type: string
    required: true
    line: 10
  - name: tagKeysVo
    in: body
    type: string
    line: 11
  - name: legacy
    in: body
    type: string
    line: 12
  source:
    file: rt/describeKeys.md
    line: 1
- id: describeTags
  method: GET
  path: /v1/regions/{regionId}/tags
  source:
    file: rt/describeTags.md
    line: 1
",
    )
    .unwrap()
}

fn sdk() -> Value {
    json!({"sdk_version": "1.6.354", "services": {"resourcetag": {
        "host": "resourcetag.jdcloud-api.com", "signing_name": "resourcetag", "revision": "0.6.0",
        "operations": {
            "describeKeys": {"method": "POST", "path": "/v1/regions/{regionId}/tags:describeKeys",
                "parameters": ["regionId", "tagKeysVo", "pageSize"], "required": ["regionId", "tagKeysVo"]},
            "describeTags": {"method": "POST", "path": "/v1/regions/{regionId}/tags:describe",
                "parameters": [], "required": []}
        }
    }}})
}

#[test]
fn differences_are_told_per_service_and_operation() {
    let services = [model()];
    let check = check(&services, &sdk());
    assert_eq!(
        check.services[0].sdk,
        Some(("resourcetag".into(), "resourcetag.jdcloud-api.com".into()))
    );
    let keys = &check.operations[0];
    assert!(keys.in_sdk && keys.method.is_none() && keys.path.is_none());
    assert_eq!(keys.not_in_sdk, BTreeSet::from(["legacy".to_owned()]));
    assert_eq!(keys.not_documented, BTreeSet::from(["pageSize".to_owned()]));
    assert_eq!(
        keys.required_theirs,
        BTreeSet::from(["tagKeysVo".to_owned()])
    );
    assert_eq!(keys.covered, 2);
    assert!(!keys.agrees());
    let tags = &check.operations[1];
    assert_eq!(tags.method, Some(("GET".into(), "POST".into())));
    assert_eq!(
        tags.path,
        Some((
            "/v1/regions/{regionId}/tags".into(),
            "/v1/regions/{regionId}/tags:describe".into()
        ))
    );
}

/// The overlays written apply cleanly, and the corrected model agrees where overlays can make it.
#[test]
fn the_overlays_written_apply_and_make_the_model_agree() {
    let mut services = vec![model()];
    let check = check(&services, &sdk());
    let files = overlays(&services, &check, "1.6.354");
    let text = &files["resource-tag.yaml"];
    let corrections = jdcloud_overlays::read("resource-tag.yaml", text).unwrap();
    assert_eq!(jdcloud_overlays::apply(&mut services, &corrections), []);
    let after = super::check(&services, &sdk());
    assert_eq!(after.services[0].name, "resourcetag");
    assert_eq!(after.services[0].host, "resourcetag.jdcloud-api.com");
    let keys = &after.operations[0];
    assert!(
        keys.required_theirs.is_empty() && keys.not_documented.is_empty(),
        "{keys:?}"
    );
    let added = services[0].operations[0]
        .parameters
        .iter()
        .find(|p| p.name == "pageSize")
        .unwrap();
    assert_eq!((added.location, added.required), (Location::Body, false));
    // The method and path are the SDK's now.
    let tags = &after.operations[1];
    assert!(tags.method.is_none() && tags.path.is_none(), "{tags:?}");
    assert!(text.contains(
        "reason: \"jdcloud-sdk 1.6.354 calls it with method POST and path /v1/regions/{regionId}/tags:describe (review: the SDK may be the one that is wrong)\""
    ));
    // What overlays cannot correct stays to be reviewed.
    assert_eq!(keys.not_in_sdk, BTreeSet::from(["legacy".to_owned()]));
    assert!(!keys.agrees());
}
