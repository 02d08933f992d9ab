//! JD Cloud's query form of structured values, as a serde serializer: nested members joined with `.`,
//! list items numbered from 1 (`filters.1.values.2=x`), `None` and unit left out.
//!
//! Hand-written because no query-string crate writes this form: `serde_urlencoded` refuses nesting and
//! `serde_qs` writes `filters[0][values][1]`.

use std::borrow::Cow;
use std::fmt::{self, Display};

use serde::ser::{self, Impossible, Serialize};

use crate::error::Error;
use crate::percent::push_encoded;

/// Why a value cannot be written as query parameters (the serializer's own error type, which serde
/// requires; callers get an [`Error`]).
#[derive(Debug)]
struct QueryError(String);

impl From<QueryError> for Error {
    fn from(e: QueryError) -> Error {
        Error::invalid_request(format!("query parameters cannot be encoded: {e}"))
    }
}

impl Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for QueryError {}

impl ser::Error for QueryError {
    fn custom<T: Display>(message: T) -> Self {
        QueryError(message.to_string())
    }
}

/// Flattens any serializable value into JD Cloud's query pairs: nested members joined with `.`, list
/// items numbered from 1 (`filters.1.values.2`), `None` left out, booleans as `true`/`false`, in the
/// order the value serializes its members (a generated request: the documents' order).
pub fn to_query_pairs<T: Serialize + ?Sized>(
    value: &T,
) -> Result<Vec<(Cow<'static, str>, String)>, Error> {
    let mut pairs = Vec::new();
    value.serialize(Flatten {
        key: Cow::Borrowed(""),
        pairs: &mut pairs,
    })?;
    Ok(pairs)
}

/// The same pairs as [`to_query_pairs`], encoded as a query string (`k=v&k=v`), in order.
pub fn to_query_string<T: Serialize + ?Sized>(value: &T) -> Result<String, Error> {
    let mut query = String::new();
    write_query(value, &mut query)?;
    Ok(query)
}

/// Appends the encoded pairs of `value` to `query` (`&k=v`), in serialization order; on error `query`
/// is left as it was.
pub(crate) fn write_query<T: Serialize + ?Sized>(
    value: &T,
    query: &mut String,
) -> Result<(), Error> {
    let start = query.len();
    let result = value.serialize(Flatten {
        key: Cow::Borrowed(""),
        pairs: &mut QueryString(query),
    });
    if result.is_err() {
        query.truncate(start);
    }
    Ok(result?)
}

/// Appends the encoded pairs of one parameter `value` at `name` (`name=v`, `name.1=v`,
/// `name.member=v`; nothing for `None`); on error `query` is left as it was.
pub(crate) fn write_query_param<T: Serialize + ?Sized>(
    name: &'static str,
    value: &T,
    query: &mut String,
) -> Result<(), Error> {
    let start = query.len();
    let result = value.serialize(Flatten {
        key: Cow::Borrowed(name),
        pairs: &mut QueryString(query),
    });
    if result.is_err() {
        query.truncate(start);
    }
    Ok(result?)
}

trait PairSink {
    fn pair(&mut self, key: Cow<'static, str>, value: &str);
}

impl PairSink for Vec<(Cow<'static, str>, String)> {
    fn pair(&mut self, key: Cow<'static, str>, value: &str) {
        self.push((key, value.to_owned()));
    }
}

/// Pairs written straight into a query string, encoded and joined with `&`: no allocation per pair.
struct QueryString<'s>(&'s mut String);

impl PairSink for QueryString<'_> {
    fn pair(&mut self, key: Cow<'static, str>, value: &str) {
        if !self.0.is_empty() {
            self.0.push('&');
        }
        push_encoded(self.0, &key);
        self.0.push('=');
        push_encoded(self.0, value);
    }
}

/// Serializes one value at `key` (empty at the top, where only structs and maps are accepted).
struct Flatten<'a> {
    /// Borrowed for top-level struct fields (the usual case), built for nested ones.
    key: Cow<'static, str>,
    pairs: &'a mut dyn PairSink,
}

impl Flatten<'_> {
    fn scalar(self, value: &str) -> Result<(), QueryError> {
        if self.key.is_empty() {
            return Err(QueryError(format!(
                "query parameters must be a struct or a map, not the single value `{value}`"
            )));
        }
        self.pairs.pair(self.key, value);
        Ok(())
    }

    fn child(&mut self, name: &str) -> Flatten<'_> {
        let key = if self.key.is_empty() {
            Cow::Owned(name.to_owned())
        } else {
            Cow::Owned(self.nested(name))
        };
        Flatten {
            key,
            pairs: self.pairs,
        }
    }

    /// A struct field: its name is `'static`, so a top-level one costs nothing.
    fn field(&mut self, name: &'static str) -> Flatten<'_> {
        let key = if self.key.is_empty() {
            Cow::Borrowed(name)
        } else {
            Cow::Owned(self.nested(name))
        };
        Flatten {
            key,
            pairs: self.pairs,
        }
    }

    fn nested(&self, name: &str) -> String {
        let mut key = String::with_capacity(self.key.len() + 1 + name.len());
        key.push_str(&self.key);
        key.push('.');
        key.push_str(name);
        key
    }
}

/// Lists and tuples: items at `key.1`, `key.2`...
struct Items<'a> {
    parent: Flatten<'a>,
    index: usize,
}

/// Structs and maps: members at `key.name`.
struct Members<'a> {
    parent: Flatten<'a>,
    pending_key: Option<String>,
}

impl<'a> ser::Serializer for Flatten<'a> {
    type Ok = ();
    type Error = QueryError;
    type SerializeSeq = Items<'a>;
    type SerializeTuple = Items<'a>;
    type SerializeTupleStruct = Items<'a>;
    type SerializeTupleVariant = Items<'a>;
    type SerializeMap = Members<'a>;
    type SerializeStruct = Members<'a>;
    type SerializeStructVariant = Members<'a>;

    fn serialize_bool(self, v: bool) -> Result<(), QueryError> {
        self.scalar(if v { "true" } else { "false" })
    }
    fn serialize_i8(self, v: i8) -> Result<(), QueryError> {
        self.scalar(itoa::Buffer::new().format(v))
    }
    fn serialize_i16(self, v: i16) -> Result<(), QueryError> {
        self.scalar(itoa::Buffer::new().format(v))
    }
    fn serialize_i32(self, v: i32) -> Result<(), QueryError> {
        self.scalar(itoa::Buffer::new().format(v))
    }
    fn serialize_i64(self, v: i64) -> Result<(), QueryError> {
        self.scalar(itoa::Buffer::new().format(v))
    }
    fn serialize_i128(self, v: i128) -> Result<(), QueryError> {
        self.scalar(itoa::Buffer::new().format(v))
    }
    fn serialize_u8(self, v: u8) -> Result<(), QueryError> {
        self.scalar(itoa::Buffer::new().format(v))
    }
    fn serialize_u16(self, v: u16) -> Result<(), QueryError> {
        self.scalar(itoa::Buffer::new().format(v))
    }
    fn serialize_u32(self, v: u32) -> Result<(), QueryError> {
        self.scalar(itoa::Buffer::new().format(v))
    }
    fn serialize_u64(self, v: u64) -> Result<(), QueryError> {
        self.scalar(itoa::Buffer::new().format(v))
    }
    fn serialize_u128(self, v: u128) -> Result<(), QueryError> {
        self.scalar(itoa::Buffer::new().format(v))
    }
    fn serialize_f32(self, v: f32) -> Result<(), QueryError> {
        self.scalar(&v.to_string())
    }
    fn serialize_f64(self, v: f64) -> Result<(), QueryError> {
        self.scalar(&v.to_string())
    }
    fn serialize_char(self, v: char) -> Result<(), QueryError> {
        self.scalar(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> Result<(), QueryError> {
        self.scalar(v)
    }
    fn serialize_bytes(self, _: &[u8]) -> Result<(), QueryError> {
        Err(QueryError("bytes have no query form".to_owned()))
    }
    fn serialize_none(self) -> Result<(), QueryError> {
        Ok(())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), QueryError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<(), QueryError> {
        Ok(())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<(), QueryError> {
        Ok(())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<(), QueryError> {
        self.scalar(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), QueryError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        mut self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<(), QueryError> {
        value.serialize(self.child(variant))
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Items<'a>, QueryError> {
        if self.key.is_empty() {
            return Err(QueryError(
                "query parameters must be a struct or a map, not a list".to_owned(),
            ));
        }
        Ok(Items {
            parent: self,
            index: 0,
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<Items<'a>, QueryError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Items<'a>, QueryError> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        mut self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Items<'a>, QueryError> {
        let key = self.child(variant).key;
        Ok(Items {
            parent: Flatten {
                key,
                pairs: self.pairs,
            },
            index: 0,
        })
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Members<'a>, QueryError> {
        Ok(Members {
            parent: self,
            pending_key: None,
        })
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Members<'a>, QueryError> {
        self.serialize_map(None)
    }
    fn serialize_struct_variant(
        mut self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Members<'a>, QueryError> {
        let key = self.child(variant).key;
        Ok(Members {
            parent: Flatten {
                key,
                pairs: self.pairs,
            },
            pending_key: None,
        })
    }
}

impl Items<'_> {
    fn item<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), QueryError> {
        self.index += 1;
        let name = self.index.to_string();
        value.serialize(self.parent.child(&name))
    }
}

macro_rules! items {
    ($($trait:ident :: $method:ident),*) => {$(
        impl ser::$trait for Items<'_> {
            type Ok = ();
            type Error = QueryError;
            fn $method<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), QueryError> {
                self.item(value)
            }
            fn end(self) -> Result<(), QueryError> {
                Ok(())
            }
        }
    )*};
}

items!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl ser::SerializeMap for Members<'_> {
    type Ok = ();
    type Error = QueryError;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), QueryError> {
        self.pending_key = Some(key.serialize(KeyName)?);
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), QueryError> {
        let key = self
            .pending_key
            .take()
            .ok_or_else(|| QueryError("a map value came without its key".to_owned()))?;
        value.serialize(self.parent.child(&key))
    }

    fn end(self) -> Result<(), QueryError> {
        Ok(())
    }
}

macro_rules! members {
    ($($trait:ident),*) => {$(
        impl ser::$trait for Members<'_> {
            type Ok = ();
            type Error = QueryError;
            fn serialize_field<T: Serialize + ?Sized>(&mut self, name: &'static str, value: &T) -> Result<(), QueryError> {
                value.serialize(self.parent.field(name))
            }
            fn end(self) -> Result<(), QueryError> {
                Ok(())
            }
        }
    )*};
}

members!(SerializeStruct, SerializeStructVariant);

/// Map keys: strings, characters, numbers and booleans, written as text.
struct KeyName;

macro_rules! key_from_display {
    ($($method:ident: $ty:ty),*) => {$(
        fn $method(self, v: $ty) -> Result<String, QueryError> {
            Ok(v.to_string())
        }
    )*};
}

impl ser::Serializer for KeyName {
    type Ok = String;
    type Error = QueryError;
    type SerializeSeq = Impossible<String, QueryError>;
    type SerializeTuple = Impossible<String, QueryError>;
    type SerializeTupleStruct = Impossible<String, QueryError>;
    type SerializeTupleVariant = Impossible<String, QueryError>;
    type SerializeMap = Impossible<String, QueryError>;
    type SerializeStruct = Impossible<String, QueryError>;
    type SerializeStructVariant = Impossible<String, QueryError>;

    key_from_display!(
        serialize_bool: bool, serialize_i8: i8, serialize_i16: i16, serialize_i32: i32, serialize_i64: i64,
        serialize_i128: i128, serialize_u8: u8, serialize_u16: u16, serialize_u32: u32, serialize_u64: u64,
        serialize_u128: u128, serialize_f32: f32, serialize_f64: f64, serialize_char: char, serialize_str: &str
    );

    fn serialize_bytes(self, _: &[u8]) -> Result<String, QueryError> {
        Err(key_error())
    }
    fn serialize_none(self) -> Result<String, QueryError> {
        Err(key_error())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<String, QueryError> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<String, QueryError> {
        Err(key_error())
    }
    fn serialize_unit_struct(self, _: &'static str) -> Result<String, QueryError> {
        Err(key_error())
    }
    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<String, QueryError> {
        Ok(variant.to_owned())
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<String, QueryError> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<String, QueryError> {
        Err(key_error())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, QueryError> {
        Err(key_error())
    }
    fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, QueryError> {
        Err(key_error())
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleStruct, QueryError> {
        Err(key_error())
    }
    fn serialize_tuple_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeTupleVariant, QueryError> {
        Err(key_error())
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, QueryError> {
        Err(key_error())
    }
    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, QueryError> {
        Err(key_error())
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStructVariant, QueryError> {
        Err(key_error())
    }
}

fn key_error() -> QueryError {
    QueryError("map keys in query parameters must be strings, numbers or booleans".to_owned())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Serialize;

    use super::*;

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Filter {
        name: &'static str,
        values: Vec<&'static str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        operator: Option<&'static str>,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct Query {
        page_number: Option<i32>,
        instance_ids: Vec<&'static str>,
        filters: Vec<Filter>,
        tags: BTreeMap<&'static str, Vec<u8>>,
        enabled: bool,
        ratio: f64,
    }

    fn text(pairs: &[(Cow<'static, str>, String)]) -> String {
        pairs
            .iter()
            .map(|(k, v)| format!("{k}={v}"))
            .collect::<Vec<_>>()
            .join("&")
    }

    #[test]
    fn flattens_in_order_numbering_from_one() {
        let query = Query {
            page_number: None,
            instance_ids: vec!["a", "b"],
            filters: vec![Filter {
                name: "az",
                values: vec!["cn-north-1a", "cn-north-1b"],
                operator: Some("eq"),
            }],
            tags: BTreeMap::from([("env", vec![1, 2])]),
            enabled: true,
            ratio: 0.5,
        };
        assert_eq!(
            text(&to_query_pairs(&query).unwrap()),
            "instanceIds.1=a&instanceIds.2=b&filters.1.name=az&filters.1.values.1=cn-north-1a\
             &filters.1.values.2=cn-north-1b&filters.1.operator=eq&tags.env.1=1&tags.env.2=2&enabled=true&ratio=0.5"
        );
    }

    #[test]
    fn every_scalar_writes_its_value() {
        #[derive(Serialize)]
        struct Newtype(u8);
        #[derive(Serialize)]
        enum Mode {
            Fast,
        }
        #[derive(Serialize)]
        struct All {
            a: i8,
            b: i16,
            c: i64,
            d: u16,
            e: u32,
            f: u64,
            g: u128,
            h: f32,
            i: Newtype,
            j: Mode,
        }
        let all = All {
            a: -8,
            b: -16,
            c: -64,
            d: 16,
            e: 32,
            f: 64,
            g: 128,
            h: 0.5,
            i: Newtype(7),
            j: Mode::Fast,
        };
        assert_eq!(
            to_query_string(&all).unwrap(),
            "a=-8&b=-16&c=-64&d=16&e=32&f=64&g=128&h=0.5&i=7&j=Fast"
        );
        let empty = to_query_string(&BTreeMap::from([("k", vec![(); 0])]));
        assert_eq!(empty.unwrap(), "", "an empty list is no parameter");
        let message = to_query_string(&5).unwrap_err().to_string();
        assert!(message.contains("struct or a map"), "{message}");
    }

    #[test]
    fn map_keys_name_members_or_are_refused() {
        #[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
        struct Unit;
        #[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
        struct Wrapped(&'static str);
        #[derive(Serialize, PartialEq, Eq, PartialOrd, Ord)]
        enum Kind {
            Fast,
            Tagged(i32),
        }
        let one = |key| BTreeMap::from([(key, 1)]);
        assert_eq!(to_query_string(&one(Some("k"))).unwrap(), "k=1");
        assert_eq!(
            to_query_string(&BTreeMap::from([(Wrapped("w"), 1)])).unwrap(),
            "w=1"
        );
        assert_eq!(
            to_query_string(&BTreeMap::from([(Kind::Fast, 1)])).unwrap(),
            "Fast=1"
        );
        assert_eq!(to_query_string(&BTreeMap::from([('c', 1)])).unwrap(), "c=1");
        // Refused as keys, with the reason (not as a value without a name further on).
        let refused = |result: Result<String, Error>| {
            let error = result.unwrap_err().to_string();
            assert!(
                error.contains("map keys in query parameters must be strings"),
                "{error}"
            );
        };
        refused(to_query_string(&one(None::<&str>)));
        refused(to_query_string(&BTreeMap::from([((), 1)])));
        refused(to_query_string(&BTreeMap::from([(Unit, 1)])));
        refused(to_query_string(&BTreeMap::from([(Kind::Tagged(1), 1)])));
        // A newtype variant as a value is its variant's member.
        #[derive(Serialize)]
        struct Holder {
            kind: Kind,
        }
        assert_eq!(
            to_query_string(&Holder {
                kind: Kind::Tagged(7)
            })
            .unwrap(),
            "kind.Tagged=7"
        );
    }

    #[test]
    fn refuses_what_has_no_query_form() {
        assert!(to_query_pairs(&5).is_err());
        assert!(to_query_pairs(&vec![1, 2]).is_err());
        assert!(to_query_pairs(&BTreeMap::from([((1, 2), 3)])).is_err());
        assert!(to_query_pairs(&()).unwrap().is_empty());
    }

    #[test]
    fn writes_the_same_pairs_encoded_into_a_query_string() {
        #[derive(Serialize)]
        struct Odd {
            #[serde(rename = "start time")]
            start: &'static str,
            big: i128,
            huge: f64,
            list: Vec<char>,
        }
        let odd = Odd {
            start: "2026-11-01T00:00:00Z",
            big: i128::MIN,
            huge: 1e300,
            list: vec!['ü', '&'],
        };
        let mut query = "a=1".to_owned();
        write_query(&odd, &mut query).unwrap();
        let expected: Vec<String> = to_query_pairs(&odd)
            .unwrap()
            .iter()
            .map(|(k, v)| {
                format!(
                    "{}={}",
                    crate::percent::query_component(k),
                    crate::percent::query_component(v)
                )
            })
            .collect();
        assert_eq!(query, format!("a=1&{}", expected.join("&")));
        assert!(query.contains(&format!("big={}", i128::MIN)), "{query}");
        assert!(query.contains("list.1=%C3%BC&list.2=%26"), "{query}");

        // Nothing is left behind by a value that fails halfway.
        let mut query = "a=1".to_owned();
        let bad = BTreeMap::from([("x", vec![Some(1)]), ("y", vec![None])]);
        write_query(&bad, &mut query).unwrap();
        assert_eq!(query, "a=1&x.1=1");
        #[derive(Serialize)]
        struct Failing {
            fine: i32,
            keyed_by_pairs: BTreeMap<(i32, i32), i32>,
        }
        let failing = Failing {
            fine: 1,
            keyed_by_pairs: BTreeMap::from([((1, 2), 3)]),
        };
        let mut query = "a=1".to_owned();
        assert!(write_query(&failing, &mut query).is_err());
        assert_eq!(query, "a=1");
    }

    #[test]
    fn query_strings_are_the_pairs_encoded_in_order() {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Query {
            page_size: i32,
            names: Vec<&'static str>,
        }
        let query = Query {
            page_size: 10,
            names: vec!["a b", "c&d"],
        };
        assert_eq!(
            to_query_string(&query).unwrap(),
            "pageSize=10&names.1=a%20b&names.2=c%26d"
        );
        assert_eq!(to_query_pairs(&query).unwrap().len(), 3);
        let refused = to_query_string(&5).unwrap_err().to_string();
        assert!(
            refused.contains("query parameters cannot be encoded"),
            "{refused}"
        );
    }
}
