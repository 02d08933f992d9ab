//! Rust names from documented names: idiomatic case, no keywords, no leading digits, no collisions.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words that cannot be identifiers (raw identifiers are avoided: `type_` reads better than `r#type`).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// Type names of the prelude and of what generated code names unqualified: a model with one of these
/// names gets a `Model` suffix so it shadows nothing.
const RESERVED_TYPES: &[&str] = &[
    "AsMut",
    "AsRef",
    "Box",
    "Clone",
    "Copy",
    "Default",
    "Drop",
    "Eq",
    "Err",
    "Extend",
    "Fn",
    "FnMut",
    "FnOnce",
    "From",
    "Into",
    "IntoIterator",
    "Iterator",
    "None",
    "Ok",
    "Option",
    "Ord",
    "PartialEq",
    "PartialOrd",
    "Result",
    "Self",
    "Send",
    "Sized",
    "Some",
    "String",
    "Sync",
    "ToOwned",
    "ToString",
    "TryFrom",
    "TryInto",
    "Unpin",
    "Vec",
];

/// An identifier from `name`, cased by `case`: characters other than ASCII letters and digits become
/// word breaks, an empty result becomes `empty`, a leading digit gets `prefix`.
fn identifier(name: &str, case: fn(&str) -> String, empty: &str, prefix: char) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
        .collect();
    let mut ident = case(&cleaned);
    if ident.is_empty() {
        ident = empty.to_owned();
    }
    if ident.starts_with(|c: char| c.is_ascii_digit()) {
        ident.insert(0, prefix);
    }
    ident
}

/// The identifier a wire name gets as a field, parameter or function: `snake_case`, never a keyword,
/// never starting with a digit (`2ndAxis` -> `x2nd_axis`), never empty.
pub fn snake(name: &str) -> String {
    let mut snake = identifier(name, |s| s.to_snake_case(), "value", 'x');
    if KEYWORDS.contains(&snake.as_str()) {
        snake.push('_');
    }
    snake
}

/// The identifier a wire name gets as a type: `UpperCamelCase`, never a prelude name, never starting
/// with a digit.
pub fn camel(name: &str) -> String {
    let mut camel = identifier(name, |s| s.to_upper_camel_case(), "Value", 'X');
    if RESERVED_TYPES.contains(&camel.as_str()) {
        camel.push_str("Model");
    }
    camel
}

/// `snake(name)`, with a trailing `_` when the result is one of `reserved` (method names of the type the
/// name lands in, or of standard traits clippy would confuse it with).
pub fn snake_avoiding(name: &str, reserved: &[&str]) -> String {
    let mut snake = snake(name);
    if reserved.contains(&snake.as_str()) {
        snake.push('_');
    }
    snake
}

/// Hands out names within one scope, numbering the later of two that would collide
/// (`points`, `points_2`), so that output stays valid and deterministic.
#[derive(Debug, Default)]
pub struct Scope {
    used: BTreeSet<String>,
}

impl Scope {
    /// A scope where `reserved` names are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Scope {
            used: reserved.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// `wanted`, or `wanted_2`, `wanted_3`... (`Wanted2` for types) if taken.
    pub fn claim(&mut self, wanted: String) -> String {
        if self.used.insert(wanted.clone()) {
            return wanted;
        }
        let separator = if wanted.starts_with(|c: char| c.is_ascii_uppercase()) {
            ""
        } else {
            "_"
        };
        let base = wanted.trim_end_matches('_');
        (2..)
            .map(|n| format!("{base}{separator}{n}"))
            .find(|candidate| self.used.insert(candidate.clone()))
            .expect("some number is free")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn idiomatic_and_valid() {
        assert_eq!(snake("describeBackups"), "describe_backups");
        assert_eq!(snake("backupDownloadURL"), "backup_download_url");
        assert_eq!(snake("x-jdcloud-channel"), "x_jdcloud_channel");
        assert_eq!(snake("type"), "type_");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("2ndAxis"), "x2nd_axis");
        assert_eq!(snake("名称"), "value");
        assert_eq!(camel("backup"), "Backup");
        assert_eq!(camel("Option"), "OptionModel");
        assert_eq!(camel("ITEM"), "Item");
        assert_eq!(camel("2fa"), "X2fa");
    }

    #[test]
    fn scopes_number_collisions() {
        let mut scope = Scope::with_reserved(&["send"]);
        assert_eq!(scope.claim("points".into()), "points");
        assert_eq!(scope.claim("points".into()), "points_2");
        assert_eq!(scope.claim("send".into()), "send_2");
        assert_eq!(scope.claim("Item".into()), "Item");
        assert_eq!(scope.claim("Item".into()), "Item2");
    }
}
