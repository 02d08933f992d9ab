use super::*;

#[test]
fn versions_follow_cargos_rules() {
    let next = |v: &str, s| next_version(v, s).unwrap();
    assert_eq!(next("0.1.0", Semver::Major), "0.2.0");
    assert_eq!(next("0.1.3", Semver::Minor), "0.1.4");
    assert_eq!(next("0.1.3", Semver::Patch), "0.1.4");
    assert_eq!(next("0.1.3", Semver::None), "0.1.3");
    assert_eq!(next("1.4.2", Semver::Major), "2.0.0");
    assert_eq!(next("1.4.2", Semver::Minor), "1.5.0");
    assert_eq!(next("1.4.2", Semver::Patch), "1.4.3");
    assert_eq!(next_version("1.4", Semver::Patch), None);
    assert_eq!(next_version("1.4.2-beta", Semver::Patch), None);
}

#[test]
fn the_worst_change_decides() {
    let c = |kind, breaking| Change {
        kind,
        operation: None,
        name: String::new(),
        breaking,
        detail: String::new(),
    };
    assert_eq!(semver_of(&[]), Semver::None);
    assert_eq!(
        semver_of(&[c(Kind::DescriptionChanged, false)]),
        Semver::Patch
    );
    assert_eq!(
        semver_of(&[
            c(Kind::DescriptionChanged, false),
            c(Kind::ParameterMoved, false)
        ]),
        Semver::Minor
    );
    assert_eq!(
        semver_of(&[
            c(Kind::ParameterAdded, false),
            c(Kind::ParameterAdded, true)
        ]),
        Semver::Major
    );
    assert_eq!(Kind::ReplyFieldRetyped.as_str(), "reply_field_retyped");
}
