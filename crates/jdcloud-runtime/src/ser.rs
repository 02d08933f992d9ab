//! What the `Serialize` impls of generated structs share: a struct written from a table of its fields.
//!
//! The generator writes those impls itself instead of `#[derive(Serialize)]`. The derive's impl of a
//! struct whose fields are skipped when unset tests every field twice (once to count the fields
//! written, once to write or skip it), each through generic calls that `cargo check` type-checks one
//! by one: about a third of what it spent on a generated crate. A generated impl is one call here,
//! with a table of the fields as `erased_serde` trait objects, so that what is generic is checked
//! once, in this module.
//!
//! The output is the derive's, in every format: `serialize_struct` with the number of fields set,
//! then `serialize_field` for each field set (an optional one as `Some`) and `skip_field` for each
//! unset one, in order.

use serde::ser::{SerializeStruct, Serializer};

/// A field of a struct: its wire name, and its value unless it is unset (and so left out).
pub type Field<'a> = (&'static str, Option<&'a dyn erased_serde::Serialize>);

/// A field that is always written.
pub fn value<T: serde::Serialize>(value: &T) -> Option<&dyn erased_serde::Serialize> {
    Some(value)
}

/// A field that is written when set and left out when `None`; when set it is written as the `Option`
/// it is (`serialize_some`), as the derive writes it.
pub fn optional<T: serde::Serialize>(value: &Option<T>) -> Option<&dyn erased_serde::Serialize> {
    match value {
        Some(_) => Some(value),
        None => None,
    }
}

/// Writes the struct `name` with `fields`, in order.
pub fn write_struct<S: Serializer>(
    serializer: S,
    name: &'static str,
    fields: &[Field<'_>],
) -> Result<S::Ok, S::Error> {
    let set = fields.iter().filter(|(_, value)| value.is_some()).count();
    let mut state = serializer.serialize_struct(name, set)?;
    for &(key, value) in fields {
        match value {
            Some(value) => state.serialize_field(key, value)?,
            None => state.skip_field(key)?,
        }
    }
    state.end()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;
    use serde_test::{assert_ser_tokens, Token};

    /// A struct as the generator writes it: required fields, optional ones, a nested struct.
    #[derive(Debug, Clone, PartialEq)]
    struct Disk {
        disk_id: String,
        size: Option<i32>,
        tags: Option<Vec<Tag>>,
        zone: Zone,
    }

    #[derive(Debug, Clone, PartialEq, Serialize)]
    struct Tag {
        key: String,
    }

    #[derive(Debug, Clone, PartialEq, Serialize)]
    struct Zone {
        name: String,
    }

    impl Serialize for Disk {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            write_struct(
                serializer,
                "Disk",
                &[
                    ("diskId", value(&self.disk_id)),
                    ("size", optional(&self.size)),
                    ("tags", optional(&self.tags)),
                    ("zone", value(&self.zone)),
                ],
            )
        }
    }

    /// The same struct with the derive and the attributes the generator used to write (in a module
    /// of its own, so that it has the same name).
    mod derived {
        use super::{Tag, Zone};
        use serde::Serialize;

        #[derive(Serialize)]
        pub struct Disk {
            #[serde(rename = "diskId")]
            pub disk_id: String,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub size: Option<i32>,
            #[serde(skip_serializing_if = "Option::is_none")]
            pub tags: Option<Vec<Tag>>,
            pub zone: Zone,
        }
    }

    fn derived(disk: &Disk) -> derived::Disk {
        derived::Disk {
            disk_id: disk.disk_id.clone(),
            size: disk.size,
            tags: disk.tags.clone(),
            zone: disk.zone.clone(),
        }
    }

    fn disk(size: Option<i32>, tags: Option<Vec<Tag>>) -> Disk {
        Disk {
            disk_id: "d-1".into(),
            size,
            tags,
            zone: Zone { name: "a".into() },
        }
    }

    #[test]
    fn writes_the_set_fields_counted_and_skips_the_rest() {
        let sparse = disk(None, Some(vec![]));
        let tokens = [
            Token::Struct {
                name: "Disk",
                len: 3,
            },
            Token::Str("diskId"),
            Token::Str("d-1"),
            Token::Str("tags"),
            Token::Some,
            Token::Seq { len: Some(0) },
            Token::SeqEnd,
            Token::Str("zone"),
            Token::Struct {
                name: "Zone",
                len: 1,
            },
            Token::Str("name"),
            Token::Str("a"),
            Token::StructEnd,
            Token::StructEnd,
        ];
        assert_ser_tokens(&sparse, &tokens);
        assert_ser_tokens(&derived(&sparse), &tokens);

        let full = disk(Some(20), None);
        let tokens = [
            Token::Struct {
                name: "Disk",
                len: 3,
            },
            Token::Str("diskId"),
            Token::Str("d-1"),
            Token::Str("size"),
            Token::Some,
            Token::I32(20),
            Token::Str("zone"),
            Token::Struct {
                name: "Zone",
                len: 1,
            },
            Token::Str("name"),
            Token::Str("a"),
            Token::StructEnd,
            Token::StructEnd,
        ];
        assert_ser_tokens(&full, &tokens);
        assert_ser_tokens(&derived(&full), &tokens);
    }

    #[test]
    fn writes_json_as_the_derive_does() {
        let tag = || Tag { key: "k".into() };
        for value in [
            disk(None, None),
            disk(Some(-1), None),
            disk(None, Some(vec![tag(), tag()])),
            disk(Some(0), Some(vec![])),
        ] {
            let ours = serde_json::to_string(&value).unwrap();
            assert_eq!(ours, serde_json::to_string(&derived(&value)).unwrap());
            assert_eq!(
                serde_json::to_value(&value).unwrap(),
                serde_json::to_value(derived(&value)).unwrap()
            );
        }
        assert_eq!(
            serde_json::to_string(&disk(Some(3), None)).unwrap(),
            r#"{"diskId":"d-1","size":3,"zone":{"name":"a"}}"#
        );
    }

    #[test]
    fn a_field_that_fails_fails_the_struct() {
        // JSON keys must be strings: a map keyed by integers cannot be written as a JSON value.
        #[derive(Serialize)]
        struct Keyed(std::collections::BTreeMap<(i32, i32), i32>);
        let bad = Keyed([((1, 2), 3)].into());
        let result = serde_json::to_string(&Wrapper(&bad));
        assert!(result.unwrap_err().to_string().contains("key must be"));

        struct Wrapper<'a>(&'a Keyed);
        impl Serialize for Wrapper<'_> {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                write_struct(serializer, "Wrapper", &[("bad", value(self.0))])
            }
        }
    }
}
