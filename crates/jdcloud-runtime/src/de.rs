//! What the `Deserialize` impls of generated structs share: reading a key into the index of a field,
//! the duplicate, missing and unknown field errors, and skipping values nobody named.
//!
//! The generator writes those impls itself instead of `#[derive(Deserialize)]`. For each struct, serde's
//! derive emits a field enum with its own visitor of strings, bytes and integers, and a visitor that
//! reads sequences as well as maps: about 230 lines for a struct of eight fields, most of what
//! `cargo check` type-checks in a generated crate. A generated impl is one visitor of maps whose
//! arms call the functions here; what varies between structs is only the names and the slots.
//!
//! The behaviour is the derive's for these structs, in any self-describing format: keys are the wire
//! names; a repeated key is an error; a required field left out is an error; a struct that denies
//! unknown fields (an operation's input) names the fields it has. Sequences are not read as structs:
//! the derive reads them by position, which no format the structs are written in produces (their
//! `Serialize` leaves out unset fields, so positions would not line up).

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, Visitor};

/// The wire names of a struct's fields, in order, and whether a key not among them is an error: as a
/// seed, it reads one key into the index of the field it names (`None` for a key to skip).
#[derive(Debug, Clone, Copy)]
pub struct Fields {
    names: &'static [&'static str],
    deny_unknown: bool,
}

impl Fields {
    /// Fields that skip unknown keys (the models of replies, which later revisions may extend).
    pub const fn new(names: &'static [&'static str]) -> Self {
        Fields {
            names,
            deny_unknown: false,
        }
    }

    /// Fields that refuse unknown keys, naming those they have (the inputs of operations).
    pub const fn deny_unknown(names: &'static [&'static str]) -> Self {
        Fields {
            names,
            deny_unknown: true,
        }
    }

    /// The wire names, for `Deserializer::deserialize_struct`.
    pub const fn names(&self) -> &'static [&'static str] {
        self.names
    }

    fn find<E: de::Error>(self, key: &str) -> Result<Option<usize>, E> {
        match self.names.iter().position(|name| *name == key) {
            Some(index) => Ok(Some(index)),
            None if self.deny_unknown => Err(E::unknown_field(key, self.names)),
            None => Ok(None),
        }
    }
}

impl<'de> DeserializeSeed<'de> for Fields {
    type Value = Option<usize>;

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_identifier(self)
    }
}

impl<'de> Visitor<'de> for Fields {
    type Value = Option<usize>;

    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("a field name")
    }

    fn visit_str<E: de::Error>(self, key: &str) -> Result<Self::Value, E> {
        self.find(key)
    }

    fn visit_bytes<E: de::Error>(self, key: &[u8]) -> Result<Self::Value, E> {
        // Every wire name is UTF-8, so other bytes name no field.
        self.find(&String::from_utf8_lossy(key))
    }
}

/// Reads the value of the field `name` into its slot; a second value for it is an error.
pub fn value<'de, A, T>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error>
where
    A: MapAccess<'de>,
    T: de::Deserialize<'de>,
{
    if slot.is_some() {
        return Err(de::Error::duplicate_field(name));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Skips the value of a key that names no field.
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}

/// The value of a required field, or the error naming it. `map` only fixes the error's type.
pub fn required<'de, A: MapAccess<'de>, T>(
    _map: &A,
    slot: Option<T>,
    name: &'static str,
) -> Result<T, A::Error> {
    slot.ok_or_else(|| de::Error::missing_field(name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    /// A struct as the generator writes it: one required field, one optional, one of another struct.
    #[derive(Debug, PartialEq)]
    struct Disk {
        disk_id: String,
        size: Option<i32>,
        tags: Option<Vec<Tag>>,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Tag {
        key: String,
    }

    const FIELDS: Fields = Fields::new(&["diskId", "size", "tags"]);

    struct DiskVisitor(Fields);

    impl<'de> Visitor<'de> for DiskVisitor {
        type Value = Disk;

        fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            f.write_str("struct Disk")
        }

        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Disk, A::Error> {
            let mut disk_id = None;
            let mut size = None;
            let mut tags = None;
            while let Some(field) = map.next_key_seed(self.0)? {
                match field {
                    Some(0) => value(&mut map, &mut disk_id, "diskId")?,
                    Some(1) => value(&mut map, &mut size, "size")?,
                    Some(2) => value(&mut map, &mut tags, "tags")?,
                    _ => skip(&mut map)?,
                }
            }
            Ok(Disk {
                disk_id: required(&map, disk_id, "diskId")?,
                size: Option::flatten(size),
                tags: Option::flatten(tags),
            })
        }
    }

    fn read(json: &str, fields: Fields) -> Result<Disk, String> {
        let mut deserializer = serde_json::Deserializer::from_str(json);
        deserializer
            .deserialize_struct("Disk", fields.names(), DiskVisitor(fields))
            .map_err(|e| e.to_string())
    }

    #[test]
    fn reads_fields_by_wire_name_and_skips_unknown_keys() {
        let disk = read(
            r#"{"size": 20, "later": {"a": [1, 2]}, "diskId": "d-1", "tags": [{"key": "k"}]}"#,
            FIELDS,
        )
        .unwrap();
        assert_eq!(
            disk,
            Disk {
                disk_id: "d-1".into(),
                size: Some(20),
                tags: Some(vec![Tag { key: "k".into() }]),
            }
        );
        // Optional fields: left out or null, both unset.
        let disk = read(r#"{"diskId": "d-1", "size": null}"#, FIELDS).unwrap();
        assert_eq!((disk.size, disk.tags), (None, None));
    }

    #[test]
    fn names_the_field_that_is_missing_repeated_or_unknown() {
        assert_eq!(
            read(r#"{"size": 1}"#, FIELDS).unwrap_err(),
            "missing field `diskId` at line 1 column 11"
        );
        assert_eq!(
            read(r#"{"diskId": "a", "size": null, "size": 2}"#, FIELDS).unwrap_err(),
            "duplicate field `size` at line 1 column 36"
        );
        assert_eq!(
            read(
                r#"{"diskId": "a", "color": 1}"#,
                Fields::deny_unknown(FIELDS.names())
            )
            .unwrap_err(),
            "unknown field `color`, expected one of `diskId`, `size`, `tags` at line 1 column 23"
        );
        // The wrong type of value, and a sequence where a struct belongs.
        assert!(read(r#"{"diskId": 7}"#, FIELDS)
            .unwrap_err()
            .starts_with("invalid type: integer `7`, expected a string"));
        assert!(read(r#"["d-1", 20]"#, FIELDS)
            .unwrap_err()
            .starts_with("invalid type: sequence, expected struct Disk"));
    }

    /// The struct as serde's derive reads it, with the attributes the generator used to write (in a
    /// module of its own, so that its errors name the same struct).
    mod derived {
        use super::Tag;
        use serde::Deserialize;

        #[derive(Debug, PartialEq, Deserialize)]
        pub struct Disk {
            #[serde(rename = "diskId")]
            pub disk_id: String,
            #[serde(default)]
            pub size: Option<i32>,
            #[serde(default)]
            pub tags: Option<Vec<Tag>>,
        }

        pub mod strict {
            use super::Tag;
            use serde::Deserialize;

            #[derive(Debug, PartialEq, Deserialize)]
            #[serde(deny_unknown_fields)]
            pub struct Disk {
                #[serde(rename = "diskId")]
                pub disk_id: String,
                #[serde(default)]
                pub size: Option<i32>,
                #[serde(default)]
                pub tags: Option<Vec<Tag>>,
            }
        }
    }

    #[test]
    fn reads_objects_as_the_derive_does() {
        let inputs = [
            r#"{"diskId": "d-1"}"#,
            r#"{"diskId": "d-1", "size": 3, "tags": []}"#,
            r#"{"tags": null, "diskId": "d-1", "size": null}"#,
            r#"{"diskId": "d-1", "extra": [1, {"x": null}], "size": 4}"#,
            r#"{"size": 4}"#,
            r#"{}"#,
            r#"{"diskId": "d-1", "diskId": "d-2"}"#,
            r#"{"diskId": "d-1", "tags": null, "tags": null}"#,
            r#"{"diskId": 1}"#,
            r#"{"diskId": "d-1", "size": "big"}"#,
            r#"{"diskId": "d-1", "tags": [{"key": 1}]}"#,
            r#"{"diskId": "d-1", "size": 1"#,
            r#""d-1""#,
            r#"null"#,
        ];
        for input in inputs {
            let ours = read(input, FIELDS).map(|d| (d.disk_id, d.size, d.tags));
            let derived = serde_json::from_str::<derived::Disk>(input)
                .map(|d| (d.disk_id, d.size, d.tags))
                .map_err(|e| e.to_string());
            assert_eq!(ours, derived, "reading {input}");

            let ours = read(input, Fields::deny_unknown(FIELDS.names()))
                .map(|d| (d.disk_id, d.size, d.tags));
            let derived = serde_json::from_str::<derived::strict::Disk>(input)
                .map(|d| (d.disk_id, d.size, d.tags))
                .map_err(|e| e.to_string());
            assert_eq!(ours, derived, "reading {input} refusing unknown keys");
        }
    }

    #[test]
    fn keys_given_as_bytes_are_looked_up_as_text() {
        let found: Result<_, de::value::Error> = FIELDS.visit_bytes(b"tags");
        assert_eq!(found.unwrap(), Some(2));
        let unknown: Result<_, de::value::Error> = FIELDS.visit_bytes(b"\xff");
        assert_eq!(unknown.unwrap(), None);
        let denied: Result<_, de::value::Error> =
            Fields::deny_unknown(FIELDS.names()).visit_bytes(b"\xff");
        assert!(denied.is_err());
    }
}
