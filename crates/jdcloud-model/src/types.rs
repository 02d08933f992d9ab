//! The type language of the model, and its one-line text form used in YAML.
//!
//! Text form: `string`, `int32`, `int64`, `float`, `double`, `number`, `bool`, `object` (any JSON value),
//! `array<T>`, `map<T>` (string keys), `model:Name` (a model of the same operation).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The type of a parameter or field: a small closed language, not the text of a document's cell.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Type {
    /// A string.
    String,
    /// A 32-bit integer (`Integer`).
    Int32,
    /// A 64-bit integer (`Long`).
    Int64,
    /// A single-precision float (`Float`).
    Float,
    /// A double-precision float (`Double`).
    Double,
    /// A JSON number of unspecified kind (`Number`).
    Number,
    /// A boolean.
    Bool,
    /// Any JSON value (`Object`, or a model reference that resolves to nothing).
    Object,
    /// A list.
    Array(Box<Type>),
    /// A map with string keys.
    Map(Box<Type>),
    /// A model defined in the same operation, by name.
    Model(String),
}

impl Type {
    /// `array<T>` of `inner`.
    pub fn array(inner: Type) -> Type {
        Type::Array(Box::new(inner))
    }

    /// `map<T>` of `inner`.
    pub fn map(inner: Type) -> Type {
        Type::Map(Box::new(inner))
    }

    /// Whether `name` can name a model: not empty, no white space, none of `<`, `>`, `:` (they would
    /// make the text form ambiguous).
    pub fn is_model_name(name: &str) -> bool {
        !name.is_empty()
            && name
                .chars()
                .all(|c| !c.is_whitespace() && !c.is_control() && !"<>:".contains(c))
    }

    /// The model this type names, looking through arrays and maps.
    pub fn model_name(&self) -> Option<&str> {
        match self {
            Type::Model(name) => Some(name),
            Type::Array(inner) | Type::Map(inner) => inner.model_name(),
            _ => None,
        }
    }
}

impl fmt::Display for Type {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Type::String => f.write_str("string"),
            Type::Int32 => f.write_str("int32"),
            Type::Int64 => f.write_str("int64"),
            Type::Float => f.write_str("float"),
            Type::Double => f.write_str("double"),
            Type::Number => f.write_str("number"),
            Type::Bool => f.write_str("bool"),
            Type::Object => f.write_str("object"),
            Type::Array(inner) => write!(f, "array<{inner}>"),
            Type::Map(inner) => write!(f, "map<{inner}>"),
            Type::Model(name) => write!(f, "model:{name}"),
        }
    }
}

/// A type's text form could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid type `{text}`: expected string, int32, int64, float, double, number, bool, object, array<T>, map<T> or model:Name")]
pub struct TypeParseError {
    text: String,
}

impl FromStr for Type {
    type Err = TypeParseError;

    fn from_str(s: &str) -> Result<Type, TypeParseError> {
        let err = || TypeParseError { text: s.to_owned() };
        let s = s.trim();
        let wrapped = |prefix: &str| {
            s.strip_prefix(prefix)
                .and_then(|rest| rest.strip_suffix('>'))
                .map(|inner| inner.parse::<Type>())
        };
        if let Some(inner) = wrapped("array<") {
            return Ok(Type::array(inner.map_err(|_| err())?));
        }
        if let Some(inner) = wrapped("map<") {
            return Ok(Type::map(inner.map_err(|_| err())?));
        }
        if let Some(name) = s.strip_prefix("model:") {
            return if Type::is_model_name(name) {
                Ok(Type::Model(name.to_owned()))
            } else {
                Err(err())
            };
        }
        Ok(match s {
            "string" => Type::String,
            "int32" => Type::Int32,
            "int64" => Type::Int64,
            "float" => Type::Float,
            "double" => Type::Double,
            "number" => Type::Number,
            "bool" => Type::Bool,
            "object" => Type::Object,
            _ => return Err(err()),
        })
    }
}

impl Serialize for Type {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Type {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Type, D::Error> {
        let text = String::deserialize(deserializer)?;
        text.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_form_round_trips() {
        let types = [
            Type::String,
            Type::Int64,
            Type::Object,
            Type::array(Type::Model("Backup".into())),
            Type::map(Type::array(Type::String)),
            Type::array(Type::map(Type::Object)),
        ];
        for ty in types {
            let text = ty.to_string();
            assert_eq!(text.parse::<Type>(), Ok(ty), "{text}");
        }
    }

    #[test]
    fn rejects_garbage() {
        for text in [
            "",
            "Integer",
            "array<",
            "array<string",
            "model:",
            "model:a b",
            "map<nope>",
        ] {
            assert!(text.parse::<Type>().is_err(), "{text:?} parsed");
        }
    }
}
