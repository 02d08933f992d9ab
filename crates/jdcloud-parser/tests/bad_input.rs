//! Each error the parser reports, on a document made to trigger it, and the files that are not documents.

use std::path::Path;

use jdcloud_parser::{parse_document, parse_tree, read_tree, Diagnostic, Input, Severity};

fn bad(name: &str) -> Vec<Diagnostic> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/bad")
        .join(name);
    let bytes = std::fs::read(&path).unwrap();
    parse_document(name, &bytes).diagnostics
}

/// Asserts that an error with `code` is reported at `line:col` with `message` in its text.
#[track_caller]
fn assert_error(diagnostics: &[Diagnostic], code: &str, line: u32, col: u32, message: &str) {
    let found = diagnostics
        .iter()
        .find(|d| d.code == code && d.severity == Severity::Error)
        .unwrap_or_else(|| panic!("no error[{code}] in {diagnostics:#?}"));
    assert_eq!((found.line, found.col), (line, col), "{found}");
    let rendered = found.to_string();
    assert!(rendered.contains(message), "{rendered}");
    assert!(
        found.help.is_some(),
        "an error says what was expected: {rendered}"
    );
}

#[test]
fn no_operation_heading() {
    // The file name is not an operation id either.
    assert_error(
        &bad("no-heading.md"),
        "no-operation-heading",
        1,
        1,
        "no operation heading, and its file name is not an operation id",
    );
    // A file name that is one word stands in for the heading, with a warning.
    let bytes =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad/no-heading.md"))
            .unwrap();
    let parsed = parse_document("things/describeThing.md", &bytes);
    let warning = parsed
        .diagnostics
        .iter()
        .find(|d| d.code == "no-operation-heading")
        .unwrap();
    assert_eq!(warning.severity, Severity::Warning, "{warning}");
    assert_eq!((warning.line, warning.col), (3, 1));
    assert!(warning
        .message
        .contains("the id `describeThing` is taken from the file name"));
}

#[test]
fn a_file_that_is_only_a_heading_is_no_operation() {
    let diagnostics = bad("only-heading.md");
    let [note] = diagnostics.as_slice() else {
        panic!("{diagnostics:#?}")
    };
    assert_eq!((note.severity, note.code), (Severity::Note, "skipped-page"));
    assert!(
        note.message
            .contains("no Request Method or Request Address"),
        "{note}"
    );
}

#[test]
fn a_page_almost_an_operation_is_skipped_with_a_warning() {
    let text = "# describeThing\n\n## Request Parameter\n|Name|Type|\n|---|---|\n|a|String|\n";
    let parsed = parse_document("describeThing.md", text.as_bytes());
    assert_eq!(parsed.errors(), 0);
    assert!(parsed.services.is_empty());
    let [warning] = parsed.diagnostics.as_slice() else {
        panic!("{:#?}", parsed.diagnostics)
    };
    assert_eq!((warning.code, warning.line), ("not-an-operation", 3));
    assert!(warning.message.contains("`Request Parameter`"), "{warning}");
}

#[test]
fn no_method() {
    assert_error(&bad("no-method.md"), "no-method", 1, 1, "no request method");
}

#[test]
fn invalid_method() {
    let diagnostics = bad("bad-method.md");
    assert_error(
        &diagnostics,
        "invalid-method",
        4,
        1,
        "`FETCH` is not an HTTP method",
    );
    // One error for the method: the section is there, its value is wrong.
    assert!(
        !diagnostics.iter().any(|d| d.code == "no-method"),
        "{diagnostics:#?}"
    );
}

#[test]
fn no_method_is_reported_beside_other_errors() {
    let text = "# describe thing\n\n## Request Address\nhttps://thing.jdcloud-api.com/v1/things\n";
    let diagnostics = parse_document("describeThing.md", text.as_bytes()).diagnostics;
    let codes: Vec<&str> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| d.code)
        .collect();
    assert!(codes.contains(&"invalid-operation-id"), "{codes:?}");
    assert!(codes.contains(&"no-method"), "{codes:?}");
}

#[test]
fn no_address() {
    assert_error(
        &bad("no-address.md"),
        "no-address",
        1,
        1,
        "no request address",
    );
}

#[test]
fn invalid_address() {
    assert_error(
        &bad("bad-address.md"),
        "invalid-address",
        7,
        41,
        "`{thing id}` is not a name",
    );
}

#[test]
fn parameter_without_name() {
    assert_error(
        &bad("missing-name.md"),
        "missing-name",
        13,
        1,
        "row has no name",
    );
}

#[test]
fn parameter_without_type() {
    assert_error(
        &bad("missing-type.md"),
        "missing-type",
        12,
        15,
        "`pageSize` has no type",
    );
}

#[test]
fn unreadable_type() {
    assert_error(
        &bad("bad-type.md"),
        "invalid-type",
        12,
        15,
        "`Integer or Long`",
    );
}

#[test]
fn table_without_type_column() {
    assert_error(
        &bad("missing-column.md"),
        "missing-column",
        10,
        1,
        "no Type column",
    );
}

#[test]
fn model_heading_without_a_usable_name() {
    assert_error(
        &bad("bad-model-name.md"),
        "invalid-model-name",
        14,
        1,
        "has no usable name",
    );
}

#[test]
fn operation_id_with_spaces() {
    assert_error(
        &bad("bad-id.md"),
        "invalid-operation-id",
        1,
        1,
        "not a single word",
    );
}

#[test]
fn duplicates_are_resolved_and_name_every_copy() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad/dup");
    let (inputs, _) = read_tree(&root, &[]).unwrap();
    let parsed = parse_tree(&inputs);
    assert_eq!(parsed.errors(), 0, "{:#?}", parsed.diagnostics);
    let found: Vec<&Diagnostic> = parsed
        .diagnostics
        .iter()
        .filter(|d| d.code == "duplicate-operation")
        .collect();
    // The copies document as much as each other: the path that sorts last is kept, the other reported.
    let [found] = found.as_slice() else {
        panic!("one duplicate warning expected: {found:#?}")
    };
    assert_eq!(found.severity, Severity::Warning);
    assert_eq!((found.file.as_str(), found.line), ("a/describeThing.md", 1));
    assert!(
        found
            .message
            .contains("2 files: a/describeThing.md, b/describeThing.md; kept b/describeThing.md"),
        "{found}"
    );
    let op = &parsed.services[0].operations[0];
    assert_eq!(op.path, "/v1/things/all");
    assert_eq!(op.source.copies, ["a/describeThing.md"]);
    // --exclude overrides the rule.
    let (inputs, _) = read_tree(&root, &["b".to_owned()]).unwrap();
    let parsed = parse_tree(&inputs);
    assert!(parsed.diagnostics.is_empty(), "{:#?}", parsed.diagnostics);
    assert_eq!(parsed.services[0].operations[0].path, "/v1/things");
}

#[test]
fn empty_files_are_skipped_with_a_warning() {
    for (name, bytes) in [("empty.md", &b""[..]), ("blank.md", &b" \n\r\n\t"[..])] {
        let parsed = parse_document(name, bytes);
        assert_eq!(parsed.errors(), 0, "{:#?}", parsed.diagnostics);
        let [warning] = parsed.diagnostics.as_slice() else {
            panic!("{:#?}", parsed.diagnostics)
        };
        assert_eq!(
            (warning.severity, warning.code, warning.line),
            (Severity::Warning, "empty-document", 0)
        );
        assert!(
            warning.message.contains("empty; it is skipped"),
            "{warning}"
        );
    }
}

#[test]
fn binary_file() {
    let bytes = [0x89, b'P', b'N', b'G', 0, 0, 0, 13, 0xff];
    assert_error(
        &parse_document("image.md", &bytes).diagnostics,
        "not-text",
        0,
        0,
        "binary",
    );
}

#[test]
fn non_utf8_file() {
    let bytes = b"# describeThing\n\n## Request Method\nG\xe9T\n";
    assert_error(
        &parse_document("latin1.md", bytes).diagnostics,
        "not-utf8",
        4,
        2,
        "invalid UTF-8 at byte 36",
    );
}

#[cfg(unix)]
#[test]
fn a_missing_file_is_an_unreadable_file() {
    let dir = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(
        dir.path().join("gone.md"),
        dir.path().join("describeGone.md"),
    )
    .unwrap();
    let (inputs, errors) = read_tree(dir.path(), &[]).unwrap();
    assert!(inputs.is_empty());
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(
        (errors[0].code, errors[0].file.as_str()),
        ("unreadable-file", "describeGone.md")
    );
    assert!(
        errors[0].message.contains("cannot read file"),
        "{}",
        errors[0]
    );
}

#[test]
fn missing_folder_and_bad_glob() {
    let err = read_tree(Path::new("/nonexistent/docs"), &[]).unwrap_err();
    assert!(err.contains("does not exist"), "{err}");
    let here = Path::new(env!("CARGO_MANIFEST_DIR"));
    let err = read_tree(here, &["[".to_owned()]).unwrap_err();
    assert!(err.contains("invalid --exclude"), "{err}");
}

#[test]
fn errors_leave_no_service_half_built() {
    let inputs = [
        Input {
            path: "ok.md".into(),
            bytes: std::fs::read(
                Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad/dup/a/describeThing.md"),
            )
            .unwrap(),
        },
        Input {
            path: "no-method.md".into(),
            bytes: b"# describeOther\n\n## Request Address\nhttps://thing.jdcloud-api.com/v1/o\n"
                .to_vec(),
        },
    ];
    let parsed = parse_tree(&inputs);
    assert_eq!(parsed.errors(), 1);
    // The broken operation is not in the model.
    let ops: Vec<&str> = parsed
        .services
        .iter()
        .flat_map(|s| s.operations.iter().map(|o| o.id.as_str()))
        .collect();
    assert_eq!(ops, ["describeThing"]);
}

/// A `body` parameter of a model type stands for the whole body; its model goes unless something else
/// uses it.
#[test]
fn a_body_wrapper_is_unwrapped_and_its_model_kept_only_when_used_elsewhere() {
    let doc = |reply: &str| {
        format!(
            "# createThing\n\n## Request Method\nPOST\n\n## Request Address\nhttps://thing.jdcloud-api.com/v1/regions/{{regionId}}/things\n\n\
|Name|Type|Required or Not|\n|---|---|---|\n|**regionId**|String|True|\n\n\
## Request Parameter\n|Name|Type|Required or Not|\n|---|---|---|\n|**body**|[Spec](#Spec)|True|\n\n\
### <a name=\"Spec\">Spec</a>\n|Name|Type|Required or Not|\n|---|---|---|\n|**name**|String|True|\n|**size**|Integer|False|\n\n\
## Return Parameter\n|Name|Type|Description|\n|---|---|---|\n{reply}\n"
        )
    };
    let parsed = parse_document(
        "thing/createThing.md",
        doc("|**requestId**|String|id|").as_bytes(),
    );
    assert_eq!(parsed.errors(), 0, "{:?}", parsed.diagnostics);
    let op = &parsed.services[0].operations[0];
    let params: Vec<(&str, bool)> = op
        .parameters
        .iter()
        .map(|p| (p.name.as_str(), p.required))
        .collect();
    assert_eq!(
        params,
        [("regionId", true), ("name", true), ("size", false)]
    );
    assert!(
        op.models.is_empty(),
        "the wrapper's model is used by nothing else"
    );
    assert!(parsed.diagnostics.iter().any(|d| d.code == "body-wrapper"));

    let parsed = parse_document(
        "thing/createThing.md",
        doc("|**requestId**|String|id|\n|**result**|[Spec](#Spec)|the created spec|").as_bytes(),
    );
    let op = &parsed.services[0].operations[0];
    let models: Vec<&str> = op.models.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(models, ["Spec"], "the reply uses it");

    // Another model of the request uses it.
    let text = doc("|**requestId**|String|id|").replace(
        "|**body**|[Spec](#Spec)|True|\n",
        "|**body**|[Spec](#Spec)|True|\n|**copy**|[Copy](#Copy)|False|\n\n### <a name=\"Copy\">Copy</a>\n|Name|Type|Required or Not|\n|---|---|---|\n|**of**|[Spec](#Spec)|True|\n",
    );
    let parsed = parse_document("thing/createThing.md", text.as_bytes());
    let op = &parsed.services[0].operations[0];
    let mut models: Vec<&str> = op.models.iter().map(|m| m.name.as_str()).collect();
    models.sort_unstable();
    assert_eq!(
        models,
        ["Copy", "Spec"],
        "`Copy.of` uses it: {:?}",
        parsed.diagnostics
    );
}

/// The help of a path row that is not in the path says where the parameter goes instead.
#[test]
fn a_path_row_not_in_the_path_travels_by_the_method() {
    let doc = |method: &str| {
        format!(
            "# touchThing\n\n## Request Method\n{method}\n\n## Request Address\nhttps://thing.jdcloud-api.com/v1/things\n\n\
|Name|Type|Required or Not|\n|---|---|---|\n|**thingId**|String|True|\n"
        )
    };
    let help = |method: &str| {
        parse_document("thing/touchThing.md", doc(method).as_bytes())
            .diagnostics
            .iter()
            .find(|d| d.code == "unused-path-param")
            .and_then(|d| d.help.clone())
            .unwrap()
    };
    assert!(
        help("POST").ends_with("it is sent as a body parameter"),
        "{}",
        help("POST")
    );
    assert!(
        help("GET").ends_with("it is sent as a query parameter"),
        "{}",
        help("GET")
    );
}

/// Return codes outside 100..600 are reported and left out.
#[test]
fn return_codes_outside_http_are_refused() {
    let text = "# getThing\n\n## Request Method\nGET\n\n## Request Address\nhttps://thing.jdcloud-api.com/v1/things\n\n## Return Code\n|Return Code|Description|\n|---|---|\n|200|OK|\n|700|Odd|\n|99|Odder|\n";
    let parsed = parse_document("thing/getThing.md", text.as_bytes());
    let codes: Vec<u16> = parsed.services[0].operations[0]
        .return_codes
        .iter()
        .map(|c| c.code)
        .collect();
    assert_eq!(codes, [200]);
    let warned = parsed
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Warning)
        .count();
    assert_eq!(warned, 2, "{:?}", parsed.diagnostics);
}

/// A row with a name but no type cell at all is an error naming it.
#[test]
fn a_row_without_its_type_cell_is_an_error() {
    let text = "# getThing\n\n## Request Method\nGET\n\n## Request Address\nhttps://thing.jdcloud-api.com/v1/things\n\n## Request Parameter\n|Name|Type|Required or Not|\n|---|---|---|\n|**size**|\n";
    let diagnostics = parse_document("thing/getThing.md", text.as_bytes()).diagnostics;
    assert!(
        diagnostics
            .iter()
            .any(|d| d.code == "missing-type" && d.message == "`size` has no type"),
        "{diagnostics:#?}"
    );
}
