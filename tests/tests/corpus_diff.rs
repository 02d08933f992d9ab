//! The change report on real revisions: operations the shared corpus documents twice, in an older and a
//! newer folder of the same product, diffed as two one-document trees. The expected changes are what
//! reading the two pages shows (`diff` of the files).

use jdcloud_diff::{diff, Kind, Semver};
use jdcloud_parser::{parse_tree, Input};

/// The service parsed from one document alone.
fn service_of(path: &str) -> Option<Vec<jdcloud_model::Service>> {
    let corpus = jdcloud_tests::shared_corpus()?;
    let bytes = std::fs::read(corpus.join(path)).unwrap();
    let parsed = parse_tree(&[Input {
        path: path.to_owned(),
        bytes,
    }]);
    assert_eq!(parsed.errors(), 0, "{path}: {:?}", parsed.diagnostics);
    Some(parsed.services)
}

/// A change as the tests compare it: kind, item name, breaking.
type Seen = (Kind, String, bool);

/// (kind, name, breaking) of every change between the two copies, and the semver.
fn changes(one: &str, other: &str) -> Option<(Semver, Vec<Seen>)> {
    let report = diff(&service_of(one)?, &service_of(other)?);
    let [service] = report.services.as_slice() else {
        panic!("one service changed: {report:#?}");
    };
    let changes = service
        .changes
        .iter()
        .map(|c| (c.kind, c.name.clone(), c.breaking))
        .collect();
    Some((service.semver, changes))
}

#[test]
fn containerregistry_describe_images_retypes_a_reply_field() {
    let Some((semver, changes)) = changes(
        "Containerregistry/Quota/describeImages.md",
        "Containerregistry/Image/describeImages.md",
    ) else {
        return;
    };
    // `imageSizeMB`: `Integer` in one copy, `Number` in the other.
    assert_eq!(
        changes,
        [(
            Kind::ReplyFieldRetyped,
            "ImageDetail.imageSizeMB".to_owned(),
            true
        )]
    );
    assert_eq!(semver, Semver::Major);
}

#[test]
fn containerregistry_get_authorization_token_flattens_its_result() {
    let Some((semver, changes)) = changes(
        "Containerregistry/Quota/getAuthorizationToken.md",
        "Containerregistry/Authentication/getAuthorizationToken.md",
    ) else {
        return;
    };
    let kinds: Vec<(Kind, &str)> = changes.iter().map(|(k, n, _)| (*k, n.as_str())).collect();
    // The `authorizationData` member and its model are gone; their three fields are the result's own.
    assert!(
        kinds.contains(&(Kind::ModelRemoved, "AuthorizationData")),
        "{kinds:?}"
    );
    assert!(
        kinds.contains(&(Kind::ReplyFieldRemoved, "Result.authorizationData")),
        "{kinds:?}"
    );
    for field in ["authorizationToken", "expiresAt", "loginCmdLine"] {
        let name = format!("Result.{field}");
        assert!(
            kinds.contains(&(Kind::ReplyFieldAdded, name.as_str())),
            "{kinds:?}"
        );
    }
    assert_eq!(semver, Semver::Major);
}

#[test]
fn pod_exec_start_makes_a_parameter_optional_and_attach_changes_words_only() {
    let Some((semver, changes)) = changes(
        "Pod/Container/execStart.md",
        "Pod/Native-Container/execStart.md",
    ) else {
        return;
    };
    assert_eq!(
        changes,
        [(Kind::ParameterMadeOptional, "execId".to_owned(), true)]
    );
    assert_eq!(semver, Semver::Major);

    let Some((semver, words)) =
        self::changes("Pod/Container/attach.md", "Pod/Native-Container/attach.md")
    else {
        return;
    };
    assert_eq!(
        words,
        [(Kind::DescriptionChanged, "attach".to_owned(), false)]
    );
    assert_eq!(semver, Semver::Patch);
}

#[test]
fn containerregistry_create_registry_changes_quotes_in_descriptions_only() {
    let Some((semver, changes)) = changes(
        "Containerregistry/Quota/createRegistry.md",
        "Containerregistry/Registry/createRegistry.md",
    ) else {
        return;
    };
    assert_eq!(
        changes,
        [(Kind::DescriptionChanged, "createRegistry".to_owned(), false)]
    );
    assert_eq!(semver, Semver::Patch);
}
