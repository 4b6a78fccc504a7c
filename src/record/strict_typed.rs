//! Strict JSON straight into a typed value: the rules of `strict_json` (no duplicate object
//! keys; at most [`super::MAX_PAYLOAD_DEPTH`] levels of nesting) enforced while serde_json
//! deserialises the target type, in one pass and without building a `serde_json::Value` first.
//!
//! [`Strict`] wraps a deserializer and every visitor, map, sequence and seed it hands out, so
//! every object at every depth — known fields, unknown fields kept in `extra` maps, digest maps —
//! goes through [`StrictMap`], which refuses a key it has already seen, and every value goes
//! through [`StrictSeed`], which refuses one nested too deep. Enum access is passed through
//! unwrapped: JSON has no enums, and the record types deserialise none.

use std::borrow::Cow;
use std::collections::BTreeSet;
use std::fmt;

use serde::de::value::{BorrowedStrDeserializer, StringDeserializer};
use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};

/// Why a strict parse failed on the strict rules themselves (serde_json's own errors pass as
/// they are).
pub(super) const DUPLICATE_KEY: &str = "duplicate key";
/// See [`DUPLICATE_KEY`].
pub(super) const TOO_DEEP: &str = "nested too deep";

/// Parses `bytes` as one JSON value of type `T` under the strict rules, nesting at most
/// `max_depth` levels (a scalar at the top is level 1, each array or object adds one).
pub(super) fn from_slice<'de, T: de::Deserialize<'de>>(
    bytes: &'de [u8],
    max_depth: usize,
) -> Result<T, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = StrictSeed {
        seed: std::marker::PhantomData::<T>,
        depth: 1,
        max_depth,
    }
    .deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(value)
}

/// A deserializer whose value sits at `depth`.
struct Strict<D> {
    inner: D,
    depth: usize,
    max_depth: usize,
}

/// A visitor for a value at `depth`: containers it visits hand out children at `depth + 1`.
struct StrictVisitor<V> {
    inner: V,
    depth: usize,
    max_depth: usize,
}

/// A seed for a value at `depth`, refused when that is deeper than allowed.
struct StrictSeed<S> {
    seed: S,
    depth: usize,
    max_depth: usize,
}

struct StrictSeq<A> {
    inner: A,
    depth: usize,
    max_depth: usize,
}

struct StrictMap<'de, A> {
    inner: A,
    depth: usize,
    max_depth: usize,
    seen: BTreeSet<Cow<'de, str>>,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for StrictSeed<S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, inner: D) -> Result<S::Value, D::Error> {
        if self.depth > self.max_depth {
            return Err(de::Error::custom(TOO_DEEP));
        }
        self.seed.deserialize(Strict {
            inner,
            depth: self.depth,
            max_depth: self.max_depth,
        })
    }
}

macro_rules! forward_deserialize {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, $($arg: $ty,)* visitor: V) -> Result<V::Value, D::Error> {
                let visitor = StrictVisitor { inner: visitor, depth: self.depth, max_depth: self.max_depth };
                self.inner.$method($($arg,)* visitor)
            }
        )*
    };
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Strict<D> {
    type Error = D::Error;

    forward_deserialize! {
        deserialize_any(); deserialize_bool(); deserialize_i8(); deserialize_i16();
        deserialize_i32(); deserialize_i64(); deserialize_i128(); deserialize_u8();
        deserialize_u16(); deserialize_u32(); deserialize_u64(); deserialize_u128();
        deserialize_f32(); deserialize_f64(); deserialize_char(); deserialize_str();
        deserialize_string(); deserialize_bytes(); deserialize_byte_buf(); deserialize_option();
        deserialize_unit(); deserialize_unit_struct(name: &'static str);
        deserialize_newtype_struct(name: &'static str); deserialize_seq();
        deserialize_tuple(len: usize);
        deserialize_tuple_struct(name: &'static str, len: usize); deserialize_map();
        deserialize_struct(name: &'static str, fields: &'static [&'static str]);
        deserialize_enum(name: &'static str, variants: &'static [&'static str]);
        deserialize_identifier(); deserialize_ignored_any();
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

macro_rules! forward_visit {
    ($($method:ident($ty:ty);)*) => {
        $(
            fn $method<E: de::Error>(self, v: $ty) -> Result<V::Value, E> {
                self.inner.$method(v)
            }
        )*
    };
}

impl<'de, V: Visitor<'de>> Visitor<'de> for StrictVisitor<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.inner.expecting(f)
    }

    forward_visit! {
        visit_bool(bool); visit_i8(i8); visit_i16(i16); visit_i32(i32); visit_i64(i64);
        visit_i128(i128); visit_u8(u8); visit_u16(u16); visit_u32(u32); visit_u64(u64);
        visit_u128(u128); visit_f32(f32); visit_f64(f64); visit_char(char); visit_str(&str);
        visit_borrowed_str(&'de str); visit_string(String); visit_bytes(&[u8]);
        visit_borrowed_bytes(&'de [u8]); visit_byte_buf(Vec<u8>);
    }

    fn visit_none<E: de::Error>(self) -> Result<V::Value, E> {
        self.inner.visit_none()
    }

    fn visit_unit<E: de::Error>(self) -> Result<V::Value, E> {
        self.inner.visit_unit()
    }

    fn visit_some<D: Deserializer<'de>>(self, inner: D) -> Result<V::Value, D::Error> {
        self.inner.visit_some(Strict {
            inner,
            depth: self.depth,
            max_depth: self.max_depth,
        })
    }

    fn visit_newtype_struct<D: Deserializer<'de>>(self, inner: D) -> Result<V::Value, D::Error> {
        self.inner.visit_newtype_struct(Strict {
            inner,
            depth: self.depth,
            max_depth: self.max_depth,
        })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, inner: A) -> Result<V::Value, A::Error> {
        self.inner.visit_seq(StrictSeq {
            inner,
            depth: self.depth + 1,
            max_depth: self.max_depth,
        })
    }

    fn visit_map<A: MapAccess<'de>>(self, inner: A) -> Result<V::Value, A::Error> {
        self.inner.visit_map(StrictMap {
            inner,
            depth: self.depth + 1,
            max_depth: self.max_depth,
            seen: BTreeSet::new(),
        })
    }

    fn visit_enum<A: de::EnumAccess<'de>>(self, data: A) -> Result<V::Value, A::Error> {
        self.inner.visit_enum(data)
    }
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for StrictSeq<A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        self.inner.next_element_seed(StrictSeed {
            seed,
            depth: self.depth,
            max_depth: self.max_depth,
        })
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

/// A key as serde_json hands it out: borrowed from the input when it has no escapes.
struct KeyVisitor;

impl<'de> Visitor<'de> for KeyVisitor {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        d.deserialize_str(KeyVisitor)
    }
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for StrictMap<'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        let Some(key) = self.inner.next_key_seed(KeySeed)? else {
            return Ok(None);
        };
        if self.seen.contains(&key) {
            return Err(de::Error::custom(format_args!("{DUPLICATE_KEY} {key:?}")));
        }
        let value = match &key {
            Cow::Borrowed(text) => seed.deserialize(BorrowedStrDeserializer::new(text))?,
            Cow::Owned(text) => seed.deserialize(StringDeserializer::new(text.clone()))?,
        };
        self.seen.insert(key);
        Ok(Some(value))
    }

    fn next_value_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<T::Value, A::Error> {
        self.inner.next_value_seed(StrictSeed {
            seed,
            depth: self.depth,
            max_depth: self.max_depth,
        })
    }

    fn size_hint(&self) -> Option<usize> {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;

    fn parse(text: &str, max_depth: usize) -> Result<Value, String> {
        from_slice::<Value>(text.as_bytes(), max_depth).map_err(|e| e.to_string())
    }

    #[test]
    fn duplicate_keys_are_refused_at_every_depth_escaped_or_not() {
        assert!(parse(r#"{"a":1,"b":{"a":2}}"#, 32).is_ok());
        for text in [
            r#"{"a":1,"a":2}"#,
            r#"{"x":[{"k":1,"k":1}]}"#,
            r#"{"a":1,"\u0061":2}"#,
            r#"{"\u0061":1,"a":2}"#,
        ] {
            let err = parse(text, 32).unwrap_err();
            assert!(
                err.contains("duplicate key \"a\"") || err.contains("duplicate key \"k\""),
                "{text}: {err}"
            );
        }
    }

    /// A real record's payload as text.
    fn record_text() -> String {
        use crate::crypto::digest::Sha256Digest;
        use crate::record::{Documents, Metadata, build_statement};
        let documents = Documents {
            translation_name: Some("a.en.md".into()),
            translation_sha256: Sha256Digest::of(b"translation"),
            source_name: None,
            source_sha256: Some(Sha256Digest::of(b"source")),
        };
        let metadata = Metadata {
            source_language: Some("zh".into()),
            target_language: Some("en".into()),
            engine: Some("ExampleMT".into()),
            post_editor: Some("Li Wei".into()),
            ..Metadata::default()
        };
        let at = "2026-11-24T09:30:00Z".parse().unwrap();
        let statement = build_statement(&documents, &metadata, at, None).unwrap();
        String::from_utf8(statement.to_payload()).unwrap()
    }

    /// Nested `[[...]]` `levels` deep around 0.
    fn nested(levels: usize) -> String {
        format!("{}0{}", "[".repeat(levels), "]".repeat(levels))
    }

    #[test]
    fn the_one_pass_parse_agrees_with_the_value_parse_on_good_and_bad_payloads() {
        use crate::record::Statement;
        let good = record_text();
        let variants: Vec<String> = vec![
            good.clone(),
            good.replacen("{", r#"{"x-extra":{"k":[1,2.5,null,true]},"#, 1),
            good.replacen("{", r#"{"x":1,"x":2,"#, 1),
            good.replacen("{", r#"{"_type":"https://in-toto.io/Statement/v1","#, 1),
            good.replacen("\"predicate\":{", "\"predicate\":{\"revision\":7,", 1),
            good.replacen(
                "\"sha256\":",
                "\"sha512\":\"00\",\"sha256\":\"00\",\"sha256\":",
                1,
            ),
            good.replacen("\"role\":", "\"r\\u006fle\":\"editor\",\"role\":", 1),
            good.replacen("{", &format!(r#"{{"deep":{},"#, nested(30)), 1),
            good.replacen("{", &format!(r#"{{"deep":{},"#, nested(31)), 1),
            good.replacen("{", &format!(r#"{{"deep":{},"#, nested(200)), 1),
            good.replace(
                "https://in-toto.io/Statement/v1",
                "https://in-toto.io/Statement/v0.1",
            ),
            good.replace("https://tprov.dev/translation-provenance/v1", "other"),
            good.replacen("\"revision\":1", "\"revision\":\"1\"", 1),
            good.replacen("{", "[", 1),
            format!("{good} trailing"),
            String::new(),
        ];
        for (i, text) in variants.iter().enumerate() {
            let one_pass = Statement::from_payload(text.as_bytes());
            let by_value = Statement::from_payload_value(text.as_bytes());
            assert_eq!(one_pass, by_value, "variant #{i}: {text}");
        }
        // Good records take the one pass, not the fallback.
        for text in [&variants[0], &variants[1], &variants[7]] {
            let parsed = from_slice::<Statement>(text.as_bytes(), crate::record::MAX_PAYLOAD_DEPTH);
            assert!(parsed.is_ok(), "{parsed:?}");
        }
        assert!(Statement::from_payload(good.as_bytes()).is_ok());
        assert!(Statement::from_payload(variants[1].as_bytes()).is_ok());
        assert!(Statement::from_payload(variants[2].as_bytes()).is_err());
        assert!(Statement::from_payload(variants[7].as_bytes()).is_ok());
        assert!(Statement::from_payload(variants[8].as_bytes()).is_err());
    }

    #[test]
    fn depth_counts_levels_as_the_value_walk_does() {
        // A scalar is level 1; `[[0]]` reaches level 3; empty containers add no level below.
        assert!(parse("0", 1).is_ok());
        assert!(parse("[[0]]", 3).is_ok());
        assert!(parse("[[0]]", 2).unwrap_err().contains(TOO_DEEP));
        assert!(parse("[[]]", 2).is_ok());
        assert!(parse(r#"{"a":{"b":0}}"#, 3).is_ok());
        assert!(parse(r#"{"a":{"b":0}}"#, 2).is_err());
        assert!(parse(r#"{"a":{}}"#, 2).is_ok());
    }
}
