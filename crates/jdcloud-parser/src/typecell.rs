//! Reading a type cell (`Integer`, `String[]`, `Map\<String, String>`, `[Backup[]](#Backup)`, `List<Filter>`)
//! into a type expression, and resolving the model names in it against the document's sections.

use jdcloud_model::Type;

use crate::text::clean_name;

/// A type cell, read but not yet resolved.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct TypeCell {
    pub(crate) expr: Expr,
    /// Target of the cell's link (`#Backup`, `##Result`, `otherPage#x`), if it had one.
    pub(crate) link: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Expr {
    Known(Type),
    Array(Box<Expr>),
    Map(Box<Expr>),
    /// A model name, to be resolved against the document's sections.
    Named(String),
}

impl TypeCell {
    /// The model name the cell refers to, if any.
    pub(crate) fn named(&self) -> Option<&str> {
        fn walk(expr: &Expr) -> Option<&str> {
            match expr {
                Expr::Named(name) => Some(name),
                Expr::Array(inner) | Expr::Map(inner) => walk(inner),
                Expr::Known(_) => None,
            }
        }
        walk(&self.expr)
    }

    /// The type, with the named model replaced by `resolved` (a model name, or `None` for any-object).
    pub(crate) fn resolve(&self, resolved: Option<&str>) -> Type {
        fn walk(expr: &Expr, resolved: Option<&str>) -> Type {
            match expr {
                Expr::Known(ty) => ty.clone(),
                Expr::Array(inner) => Type::array(walk(inner, resolved)),
                Expr::Map(inner) => Type::map(walk(inner, resolved)),
                Expr::Named(_) => {
                    resolved.map_or(Type::Object, |name| Type::Model(name.to_owned()))
                }
            }
        }
        walk(&self.expr, resolved)
    }
}

/// Reads a type cell. The error says what was found.
pub(crate) fn parse(raw: &str) -> Result<TypeCell, String> {
    let raw = raw.trim();
    let (text, link) = match split_link(raw) {
        Some((text, dest)) => (text, Some(dest.trim().to_owned())),
        None => (raw, None),
    };
    let text = clean_name(text);
    if text.is_empty() {
        return Err("an empty type".to_owned());
    }
    let expr = parse_expr(&text, 0).ok_or_else(|| {
        let shown: String = text.chars().take(80).collect();
        let more = if shown.len() < text.len() { "..." } else { "" };
        format!("`{shown}{more}`")
    })?;
    Ok(TypeCell { expr, link })
}

/// `[text](dest)` -> (text, dest). The text may itself hold brackets (`[Backup[]](#Backup)`).
fn split_link(raw: &str) -> Option<(&str, &str)> {
    let inner = raw.strip_prefix('[')?.strip_suffix(')')?;
    let split = inner.rfind("](")?;
    Some((&inner[..split], &inner[split + 2..]))
}

/// Deeper nesting than this (`List<List<...>>`) is refused rather than recursed into.
const MAX_DEPTH: usize = 16;

fn parse_expr(text: &str, depth: usize) -> Option<Expr> {
    if depth > MAX_DEPTH {
        return None;
    }
    let text = text.trim();
    if let Some(inner) = text.strip_suffix("[]") {
        return Some(Expr::Array(Box::new(parse_expr(inner, depth + 1)?)));
    }
    let lower = text.to_ascii_lowercase();
    for prefix in ["list<", "array<", "set<", "collection<"] {
        if lower.starts_with(prefix) && lower.ends_with('>') {
            let inner = &text[prefix.len()..text.len() - 1];
            return Some(Expr::Array(Box::new(parse_expr(inner, depth + 1)?)));
        }
    }
    if lower.starts_with("map<") && lower.ends_with('>') {
        let inner = &text[4..text.len() - 1];
        let value = split_top_level_comma(inner).map_or(inner, |(_, value)| value);
        return Some(Expr::Map(Box::new(parse_expr(value, depth + 1)?)));
    }
    let known = match lower.as_str() {
        "string" | "str" | "date" | "datetime" | "字符串" => Type::String,
        "integer" | "int" | "int32" | "short" | "整数" | "整型" => Type::Int32,
        "long" | "int64" | "长整型" => Type::Int64,
        "float" => Type::Float,
        "double" => Type::Double,
        "number" | "数字" => Type::Number,
        "boolean" | "bool" | "布尔" => Type::Bool,
        "object" | "json" | "any" | "对象" => Type::Object,
        "map" => Type::map(Type::Object),
        "array" | "list" => Type::array(Type::Object),
        _ => {
            let valid = text.starts_with(|c: char| c.is_alphabetic() || c == '_')
                && text
                    .chars()
                    .all(|c| c.is_alphanumeric() || c == '_' || c == '.');
            return valid.then(|| Expr::Named(text.to_owned()));
        }
    };
    Some(Expr::Known(known))
}

fn split_top_level_comma(text: &str) -> Option<(&str, &str)> {
    let mut depth = 0i32;
    for (i, c) in text.char_indices() {
        match c {
            '<' => depth += 1,
            '>' => depth -= 1,
            ',' if depth == 0 => return Some((&text[..i], &text[i + 1..])),
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ty(raw: &str, resolved: Option<&str>) -> String {
        parse(raw).unwrap().resolve(resolved).to_string()
    }

    #[test]
    fn reads_every_spelling() {
        assert_eq!(ty("Integer", None), "int32");
        assert_eq!(ty("Long", None), "int64");
        assert_eq!(ty("String[]", None), "array<string>");
        assert_eq!(ty("Object[]", None), "array<object>");
        assert_eq!(ty("Map[]", None), "array<map<object>>");
        assert_eq!(ty("Map\\<String, String>", None), "map<string>");
        assert_eq!(ty("Map<String, List<Long>>", None), "map<array<int64>>");
        assert_eq!(ty("List<Filter>", Some("Filter")), "array<model:Filter>");
        assert_eq!(
            ty("[Backup[]](#Backup)", Some("Backup")),
            "array<model:Backup>"
        );
        assert_eq!(ty("Filter[]", None), "array<object>");
        assert_eq!(ty("**Boolean**", None), "bool");
    }

    #[test]
    fn keeps_links_and_names() {
        let cell = parse("[Result](##Result)").unwrap();
        assert_eq!(cell.link.as_deref(), Some("##Result"));
        assert_eq!(cell.named(), Some("Result"));
        let cell = parse("[DBNode](otherPage#dbnode)").unwrap();
        assert_eq!(cell.link.as_deref(), Some("otherPage#dbnode"));
    }

    #[test]
    fn rejects_what_is_not_a_type() {
        assert!(parse(&format!(
            "{}String{}",
            "List<".repeat(100_000),
            ">".repeat(100_000)
        ))
        .is_err());
        assert!(parse(&format!("String{}", "[]".repeat(100_000))).is_err());
        assert!(parse("").is_err());
        assert!(parse("a b").is_err());
        assert!(parse("List<>").is_err());
    }

    #[test]
    fn nesting_is_bounded_and_long_refusals_are_cut() {
        let nested =
            |levels: usize| format!("{}String{}", "List<".repeat(levels), ">".repeat(levels));
        assert_eq!(
            ty(&nested(16), None),
            format!("{}string{}", "array<".repeat(16), ">".repeat(16))
        );
        assert!(parse(&nested(17)).is_err());
        let long = format!("Some {} type", "very ".repeat(30));
        let error = parse(&long).unwrap_err();
        assert!(error.ends_with("...`"), "{error}");
        assert_eq!(error.chars().count(), 80 + 5, "{error}");
        let short = parse("Some odd type").unwrap_err();
        assert_eq!(short, "`Some odd type`");
    }

    #[test]
    fn maps_names_and_what_is_not_a_type() {
        // A key type with its own comma does not end the key.
        assert_eq!(ty("Map<Map<String, String>, Long>", None), "map<int64>");
        assert!(parse("Map<String").is_err());
        let maps = |levels: usize| {
            format!(
                "{}String{}",
                "Map<String, ".repeat(levels),
                ">".repeat(levels)
            )
        };
        assert!(parse(&maps(16)).is_ok());
        assert!(parse(&maps(17)).is_err());
        assert_eq!(ty("_Thing", Some("_Thing")), "model:_Thing");
        assert_eq!(
            ty("com.jd.Thing", Some("com.jd.Thing")),
            "model:com.jd.Thing"
        );
        assert!(parse("1abc").is_err());
    }
}
