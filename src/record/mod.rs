//! The signed record: an in-toto Statement v1 whose subject is the translated document and whose
//! predicate describes the translation (source, languages, agents, method, times, revision link).

use std::collections::BTreeMap;
use std::fmt;

use jiff::Timestamp;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

use crate::crypto::digest::Sha256Digest;
use crate::crypto::dsse::{Envelope, IN_TOTO_PAYLOAD_TYPE};
use crate::crypto::keys::SecretKey;

/// The in-toto Statement type this crate writes and accepts.
pub const STATEMENT_TYPE: &str = "https://in-toto.io/Statement/v1";

/// The predicate type of a tprov translation-provenance record, version 1. A later incompatible
/// predicate gets a new version; verifiers refuse types they do not know rather than guess.
pub const PREDICATE_TYPE: &str = "https://tprov.dev/translation-provenance/v1";

/// The IPTC digital source type vocabulary that C2PA uses in its actions.
pub const IPTC_DIGITAL_SOURCE_TYPE: &str = "http://cv.iptc.org/newscodes/digitalsourcetype/";

/// Why a record could not be built, or why a payload is not a tprov record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RecordError {
    /// A required field was not given.
    #[error("missing {field}: {hint}")]
    Missing {
        /// The field, as a command-line flag or metadata key.
        field: &'static str,
        /// What to give.
        hint: &'static str,
    },
    /// A language is not a well-formed BCP 47 tag.
    #[error(
        "{field} {value:?} is not a BCP 47 language tag (examples: zh, zh-Hans, en, en-GB, pt-BR)"
    )]
    LanguageTag {
        /// `sourceLanguage` or `targetLanguage`.
        field: &'static str,
        /// The rejected value.
        value: String,
    },
    /// A date or time is not in the accepted form.
    #[error(
        "{field} {value:?} is not a date (YYYY-MM-DD) or an RFC 3339 time (2026-11-24T09:30:00Z)"
    )]
    Date {
        /// The field.
        field: &'static str,
        /// The rejected value.
        value: String,
    },
    /// The metadata contradicts itself.
    #[error("{0}")]
    Inconsistent(String),
    /// The payload is not JSON.
    #[error("the payload is not JSON: {0}")]
    PayloadNotJson(String),
    /// The payload is JSON but not an in-toto Statement v1.
    #[error("the payload is not an in-toto Statement v1 (_type is {found:?})")]
    StatementType {
        /// The `_type` found.
        found: String,
    },
    /// The Statement carries a predicate type tprov does not know.
    #[error("the statement's predicateType is {found:?}, not {PREDICATE_TYPE}")]
    PredicateType {
        /// The `predicateType` found.
        found: String,
    },
    /// The Statement or its predicate lacks a field or has one of the wrong type.
    #[error("the record is malformed: {0}")]
    Shape(String),
}

/// Declares a string-valued vocabulary as an enum that keeps unknown values, so a record written
/// by a newer tprov is read, shown and re-written without losing anything.
macro_rules! vocabulary {
    ($(#[$meta:meta])* $name:ident { $($(#[$vmeta:meta])* $variant:ident = $text:literal),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum $name {
            $($(#[$vmeta])* $variant,)+
            /// A value this version of tprov does not know, kept as written.
            Other(String),
        }

        impl $name {
            /// The value as written in records.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $text,)+
                    Self::Other(other) => other,
                }
            }

            /// Parses a value, keeping unknown ones as [`Self::Other`].
            pub fn from_wire(text: &str) -> Self {
                match text {
                    $($text => Self::$variant,)+
                    other => Self::Other(other.to_owned()),
                }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                String::deserialize(d).map(|s| Self::from_wire(&s))
            }
        }
    };
}

vocabulary! {
    /// What an agent did. Follows W3C ITS 2.0 Provenance: the translator (its `person`, `org`,
    /// `tool`) and the revisers (`revPerson`, `revOrg`, `revTool`).
    Role {
        /// Produced the translation (a machine translation engine or a human translator).
        Translator = "translator",
        /// Corrected a machine translation (ITS `revPerson`).
        PostEditor = "postEditor",
        /// Reviewed the translation against the source.
        Reviewer = "reviewer",
        /// Edited the text for publication.
        Editor = "editor",
        /// Published the translation and answers for it.
        Publisher = "publisher",
    }
}

/// A role name that is not one tprov knows (see [`Role`]'s `FromStr`).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown role {given:?}; roles are translator, post-editor, reviewer, editor, publisher")]
pub struct UnknownRole {
    /// The name as given.
    pub given: String,
}

impl Role {
    /// The roles this version of tprov knows, in the order they are shown.
    pub const KNOWN: [Role; 5] = [
        Role::Translator,
        Role::PostEditor,
        Role::Reviewer,
        Role::Editor,
        Role::Publisher,
    ];

    /// The spelling for people and the command line: the record's name ([`Role::as_str`]),
    /// except `post-editor` for `postEditor`.
    ///
    /// ```
    /// use tprov::record::Role;
    /// assert_eq!(Role::PostEditor.cli_name(), "post-editor");
    /// assert_eq!(Role::PostEditor.as_str(), "postEditor");
    /// ```
    pub fn cli_name(&self) -> &str {
        match self {
            Self::PostEditor => "post-editor",
            other => other.as_str(),
        }
    }
}

impl std::str::FromStr for Role {
    type Err = UnknownRole;

    /// Parses a role as a reader writes it, in a trust file or on the command line: a known
    /// role in either spelling ([`Role::as_str`] or [`Role::cli_name`]). Unknown names are
    /// refused — in a trust file or a policy a typo must not pass silently (records, which keep
    /// unknown roles, use [`Role::from_wire`]).
    ///
    /// ```
    /// use tprov::record::Role;
    /// assert_eq!("post-editor".parse(), Ok(Role::PostEditor));
    /// assert_eq!("postEditor".parse(), Ok(Role::PostEditor));
    /// assert!("publsher".parse::<Role>().is_err());
    /// ```
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::KNOWN
            .into_iter()
            .find(|role| role.as_str() == text || role.cli_name() == text)
            .ok_or_else(|| UnknownRole {
                given: text.to_owned(),
            })
    }
}

vocabulary! {
    /// What kind of agent it is (W3C PROV `SoftwareAgent`, `Person`, `Organization`).
    AgentKind {
        /// A program: a machine translation engine or a language model.
        Software = "software",
        /// A named person.
        Person = "person",
        /// An organisation.
        Organization = "organization",
    }
}

vocabulary! {
    /// How the translation was made.
    Method {
        /// Machine translation, published as the machine produced it.
        Machine = "machine",
        /// Machine translation corrected by a person (post-editing).
        MachinePostEdit = "machinePostEdit",
        /// Translated by a person.
        Human = "human",
    }
}

impl Method {
    /// Parses the command-line spelling: `machine`, `machine+post-edit` or `human`.
    pub fn from_cli(text: &str) -> Option<Self> {
        match text {
            "machine" => Some(Self::Machine),
            "machine+post-edit" | "machinePostEdit" => Some(Self::MachinePostEdit),
            "human" => Some(Self::Human),
            _ => None,
        }
    }

    /// The IPTC digital source types (as C2PA uses them) of the steps this method involves,
    /// in order: the translation, then any human editing of it.
    pub fn digital_source_types(&self) -> Vec<String> {
        let terms: &[&str] = match self {
            Self::Machine => &["trainedAlgorithmicMedia"],
            Self::MachinePostEdit => &["trainedAlgorithmicMedia", "humanEdits"],
            Self::Human => &["digitalCreation"],
            Self::Other(_) => &[],
        };
        terms
            .iter()
            .map(|t| format!("{IPTC_DIGITAL_SOURCE_TYPE}{t}"))
            .collect()
    }

    /// A phrase for people.
    pub fn describe(&self) -> &str {
        match self {
            Self::Machine => "machine translation",
            Self::MachinePostEdit => "machine translation, post-edited by a person",
            Self::Human => "human translation",
            Self::Other(other) => other,
        }
    }
}

/// An in-toto resource descriptor naming a document by digest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResourceDescriptor {
    /// A file name, for people; not checked.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Where the document can be found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uri: Option<String>,
    /// Digests by algorithm name; tprov writes and checks `sha256`.
    #[serde(default)]
    pub digest: BTreeMap<String, String>,
    /// The document's media type, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    /// Fields tprov does not know, kept.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ResourceDescriptor {
    /// A descriptor with a name and a SHA-256 digest.
    pub fn new(name: Option<String>, sha256: Sha256Digest) -> Self {
        Self {
            name,
            uri: None,
            digest: BTreeMap::from([("sha256".to_owned(), sha256.to_hex())]),
            media_type: None,
            extra: Map::new(),
        }
    }

    /// The SHA-256 digest, if present and well-formed.
    pub fn sha256(&self) -> Option<Sha256Digest> {
        self.digest.get("sha256")?.parse().ok()
    }
}

/// The source document: a resource descriptor plus what is known of its publication.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Source {
    /// Name, URI, digest and media type of the source document.
    #[serde(flatten)]
    pub descriptor: ResourceDescriptor,
    /// The source's title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Its author.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    /// Who first published it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub publisher: Option<String>,
    /// When it was first published (YYYY-MM-DD or RFC 3339).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
}

/// Someone or something that took part in the translation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Agent {
    /// What the agent did.
    pub role: Role,
    /// Software, person or organisation.
    pub kind: AgentKind,
    /// The agent's name (engine name, person's name, organisation's name).
    pub name: String,
    /// Software version.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// Model name, for language-model or neural engines.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub model: Option<String>,
    /// Fields tprov does not know, kept.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Agent {
    /// An agent with a role, kind and name.
    pub fn new(role: Role, kind: AgentKind, name: impl Into<String>) -> Self {
        Self {
            role,
            kind,
            name: name.into(),
            version: None,
            model: None,
            extra: Map::new(),
        }
    }
}

/// The link from a revision to the record it revises (W3C PROV `wasRevisionOf`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PreviousRecord {
    /// SHA-256 of the previous envelope's *payload* bytes: unchanged when co-signatures are added
    /// to that envelope, so the link survives co-signing.
    pub payload_sha256: String,
    /// The previous record's revision number.
    pub revision: u64,
    /// Fields tprov does not know, kept.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl PreviousRecord {
    /// The link to the record carried by `envelope`.
    pub fn to(envelope: &Envelope, statement: &Statement) -> Self {
        Self {
            payload_sha256: envelope.payload_digest().to_hex(),
            revision: statement.predicate.revision,
            extra: Map::new(),
        }
    }
}

/// The translation-provenance predicate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Predicate {
    /// The source document (W3C PROV `wasDerivedFrom`).
    pub source: Source,
    /// BCP 47 tag of the source language (C2PA `c2pa.translated` parameter name).
    pub source_language: String,
    /// BCP 47 tag of the translation's language.
    pub target_language: String,
    /// How the translation was made.
    pub method: Method,
    /// IPTC digital source types of the steps (see [`Method::digital_source_types`]).
    #[serde(default)]
    pub digital_source_types: Vec<String>,
    /// Who took part (W3C PROV `wasAttributedTo`, `wasAssociatedWith`).
    pub agents: Vec<Agent>,
    /// When the translation was made.
    pub translated_at: Timestamp,
    /// When the record was signed, as the signer's clock said. Self-asserted: see SECURITY notes.
    pub signed_at: Timestamp,
    /// 1 for a first release, previous + 1 for each revision.
    pub revision: u64,
    /// The record this one revises, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<PreviousRecord>,
    /// How the subject was put into canonical form before hashing. Absent means the digest is
    /// over the file's raw bytes, the only form this version writes; verifiers refuse values
    /// they do not know (reserved for embedded provenance).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canonicalization: Option<String>,
    /// Fields tprov does not know, kept.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl Predicate {
    /// The agents with a given role.
    pub fn agents_with_role<'a>(&'a self, role: &'a Role) -> impl Iterator<Item = &'a Agent> + 'a {
        self.agents.iter().filter(move |a| &a.role == role)
    }
}

/// An in-toto Statement v1 carrying a translation-provenance predicate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Statement {
    /// Always [`STATEMENT_TYPE`].
    #[serde(rename = "_type")]
    pub statement_type: String,
    /// The translated document (exactly one).
    pub subject: Vec<ResourceDescriptor>,
    /// Always [`PREDICATE_TYPE`].
    pub predicate_type: String,
    /// The provenance.
    pub predicate: Predicate,
    /// Fields tprov does not know, kept.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The most nesting accepted in a payload: a record is a few levels deep, so anything deeper is
/// not a record, and refusing it early bounds the parser's work.
pub const MAX_PAYLOAD_DEPTH: usize = 32;

impl Statement {
    /// The payload bytes: compact JSON, the form that is signed.
    pub fn to_payload(&self) -> Vec<u8> {
        serde_json::to_vec(self).expect("a statement always serialises")
    }

    /// Signs the statement into a DSSE envelope.
    pub fn sign(&self, key: &SecretKey) -> Envelope {
        Envelope::sign(IN_TOTO_PAYLOAD_TYPE, self.to_payload(), key)
    }

    /// Parses and checks payload bytes. Only call this on a payload whose signature has been
    /// verified (or to *show* an unverified record, labelled as such).
    pub fn from_payload(bytes: &[u8]) -> Result<Self, RecordError> {
        // One pass straight into the typed record, under the same strict rules (duplicate keys,
        // depth). Only a payload that fails it is read again through `Value`, so that what is
        // wrong is named exactly as before (JSON, statement type, predicate type, shape).
        let Ok(statement) = strict_typed::from_slice::<Statement>(bytes, MAX_PAYLOAD_DEPTH) else {
            return Self::from_payload_value(bytes);
        };
        if statement.statement_type != STATEMENT_TYPE {
            return Err(RecordError::StatementType {
                found: statement.statement_type,
            });
        }
        if statement.predicate_type != PREDICATE_TYPE {
            return Err(RecordError::PredicateType {
                found: statement.predicate_type,
            });
        }
        statement.check_shape()?;
        Ok(statement)
    }

    /// [`Statement::from_payload`] through a `serde_json::Value`, checking the statement and
    /// predicate types before the shape: the path that names what is wrong with a payload.
    fn from_payload_value(bytes: &[u8]) -> Result<Self, RecordError> {
        let value: Value = strict_json::from_slice(bytes)
            .map_err(|e| RecordError::PayloadNotJson(e.to_string()))?;
        if json_depth(&value) > MAX_PAYLOAD_DEPTH {
            return Err(RecordError::Shape(format!(
                "nested more than {MAX_PAYLOAD_DEPTH} levels deep"
            )));
        }
        let field = |name: &str| {
            value
                .get(name)
                .and_then(Value::as_str)
                .unwrap_or("")
                .to_owned()
        };
        let statement_type = field("_type");
        if statement_type != STATEMENT_TYPE {
            return Err(RecordError::StatementType {
                found: statement_type,
            });
        }
        let predicate_type = field("predicateType");
        if predicate_type != PREDICATE_TYPE {
            return Err(RecordError::PredicateType {
                found: predicate_type,
            });
        }
        let statement: Statement =
            serde_json::from_value(value).map_err(|e| RecordError::Shape(e.to_string()))?;
        statement.check_shape()?;
        Ok(statement)
    }

    fn check_shape(&self) -> Result<(), RecordError> {
        if self.subject.len() != 1 {
            return Err(RecordError::Shape(format!(
                "a translation record has exactly one subject, this one has {}",
                self.subject.len()
            )));
        }
        if self.subject[0].sha256().is_none() {
            return Err(RecordError::Shape(
                "the subject has no valid sha256 digest".into(),
            ));
        }
        if self.predicate.source.descriptor.sha256().is_none() {
            return Err(RecordError::Shape(
                "the source has no valid sha256 digest".into(),
            ));
        }
        if let Some(c) = &self.predicate.canonicalization {
            return Err(RecordError::Shape(format!(
                "canonicalization {c:?} is not supported by this version of tprov; upgrade tprov"
            )));
        }
        Ok(())
    }

    /// The translated document's name and digest.
    pub fn subject(&self) -> &ResourceDescriptor {
        &self.subject[0]
    }
}

mod strict_typed;

/// JSON parsing that refuses duplicate object keys.
///
/// `{"subject": [A], "subject": [B]}` is valid JSON whose meaning depends on the parser: most
/// keep the last value, some the first. A signer could exploit that to show one reader A and
/// another B under the same signature, so a signed payload with duplicate keys is refused.
mod strict_json {
    use std::fmt;

    use serde::de::{self, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
    use serde_json::{Map, Number, Value};

    pub fn from_slice(bytes: &[u8]) -> Result<Value, serde_json::Error> {
        let mut deserializer = serde_json::Deserializer::from_slice(bytes);
        let value = StrictValue.deserialize(&mut deserializer)?;
        deserializer.end()?;
        Ok(value)
    }

    struct StrictValue;

    impl<'de> DeserializeSeed<'de> for StrictValue {
        type Value = Value;
        fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
            d.deserialize_any(self)
        }
    }

    impl<'de> Visitor<'de> for StrictValue {
        type Value = Value;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("JSON without duplicate object keys")
        }
        fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
            Ok(Value::Bool(v))
        }
        fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
            Ok(Value::Number(v.into()))
        }
        fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
            Ok(Value::Number(v.into()))
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
            Number::from_f64(v)
                .map(Value::Number)
                .ok_or_else(|| E::custom("a number out of range"))
        }
        fn visit_str<E>(self, v: &str) -> Result<Value, E> {
            Ok(Value::String(v.to_owned()))
        }
        fn visit_string<E>(self, v: String) -> Result<Value, E> {
            Ok(Value::String(v))
        }
        fn visit_unit<E>(self) -> Result<Value, E> {
            Ok(Value::Null)
        }
        fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
            let mut items = Vec::new();
            while let Some(item) = seq.next_element_seed(StrictValue)? {
                items.push(item);
            }
            Ok(Value::Array(items))
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
            let mut object = Map::new();
            while let Some(key) = map.next_key::<String>()? {
                if object.contains_key(&key) {
                    return Err(de::Error::custom(format!("duplicate key {key:?}")));
                }
                let value = map.next_value_seed(StrictValue)?;
                object.insert(key, value);
            }
            Ok(Value::Object(object))
        }
    }
}

fn json_depth(value: &Value) -> usize {
    // Iterative, so a hostile payload cannot exhaust the stack here (serde_json already caps
    // its own recursion at 128).
    let mut deepest = 0;
    let mut stack = vec![(value, 1usize)];
    while let Some((v, depth)) = stack.pop() {
        deepest = deepest.max(depth);
        match v {
            Value::Array(items) => stack.extend(items.iter().map(|i| (i, depth + 1))),
            Value::Object(map) => stack.extend(map.values().map(|i| (i, depth + 1))),
            _ => {}
        }
    }
    deepest
}

/// Translation metadata as a publisher gives it: on the command line or in a `--meta` JSON file
/// (same names in lowerCamelCase). [`Metadata::overlay`] lets flags win over the file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Metadata {
    /// BCP 47 tag of the source language.
    pub source_language: Option<String>,
    /// BCP 47 tag of the target language.
    pub target_language: Option<String>,
    /// SHA-256 of the source, when the source file is not at hand.
    pub source_sha256: Option<String>,
    /// Where the source is published.
    pub source_uri: Option<String>,
    /// The source's file name.
    pub source_name: Option<String>,
    /// The source's media type.
    pub source_media_type: Option<String>,
    /// The source's title.
    pub source_title: Option<String>,
    /// The source's author.
    pub source_author: Option<String>,
    /// Who first published the source.
    pub source_publisher: Option<String>,
    /// When the source was first published.
    pub source_published: Option<String>,
    /// The machine translation engine.
    pub engine: Option<String>,
    /// The engine's version.
    pub engine_version: Option<String>,
    /// The engine's model.
    pub model: Option<String>,
    /// A human translator.
    pub translator: Option<String>,
    /// The post-editor.
    pub post_editor: Option<String>,
    /// A reviewer.
    pub reviewer: Option<String>,
    /// The editor.
    pub editor: Option<String>,
    /// The publishing organisation.
    pub publisher: Option<String>,
    /// How the translation was made (`machine`, `machinePostEdit`/`machine+post-edit`, `human`).
    pub method: Option<String>,
    /// When the translation was made (RFC 3339); defaults to the signing time.
    pub translated_at: Option<String>,
    /// Further agents, added after those above.
    #[serde(default)]
    pub agents: Vec<Agent>,
}

impl Metadata {
    /// Parses a `--meta` file's JSON. Unknown keys are refused so a typo is not silently lost.
    pub fn from_json(bytes: &[u8]) -> Result<Self, serde_json::Error> {
        serde_json::from_slice(bytes)
    }

    /// This metadata with every field that `over` sets replaced by `over`'s value
    /// (flags over a metadata file). Extra agents are concatenated.
    pub fn overlay(self, over: Metadata) -> Metadata {
        macro_rules! pick {
            ($($f:ident),+) => { Metadata { $($f: over.$f.or(self.$f),)+ agents: [self.agents, over.agents].concat() } };
        }
        pick!(
            source_language,
            target_language,
            source_sha256,
            source_uri,
            source_name,
            source_media_type,
            source_title,
            source_author,
            source_publisher,
            source_published,
            engine,
            engine_version,
            model,
            translator,
            post_editor,
            reviewer,
            editor,
            publisher,
            method,
            translated_at
        )
    }
}

/// What is being signed: the translated document and its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Documents {
    /// File name of the translation (recorded as the subject name).
    pub translation_name: Option<String>,
    /// SHA-256 of the translation's raw bytes.
    pub translation_sha256: Sha256Digest,
    /// File name of the source, when the file was at hand.
    pub source_name: Option<String>,
    /// SHA-256 of the source's raw bytes, when the file was at hand (else from metadata).
    pub source_sha256: Option<Sha256Digest>,
}

/// Builds the statement for `documents` described by `metadata`, signed at `signed_at`, as a
/// revision of `previous` when given. Checks languages, dates and who translated.
pub fn build_statement(
    documents: &Documents,
    metadata: &Metadata,
    signed_at: Timestamp,
    previous: Option<PreviousRecord>,
) -> Result<Statement, RecordError> {
    let source_sha256 = source_digest(documents, metadata)?;
    let source_language = language(
        metadata.source_language.as_deref(),
        "sourceLanguage",
        "--source-lang",
    )?;
    let target_language = language(
        metadata.target_language.as_deref(),
        "targetLanguage",
        "--target-lang",
    )?;
    let agents = agents(metadata);
    let method = method(metadata)?;
    let translated_at = match &metadata.translated_at {
        Some(text) => text.parse::<Timestamp>().map_err(|_| RecordError::Date {
            field: "translatedAt",
            value: text.clone(),
        })?,
        None => signed_at,
    };
    if let Some(published) = &metadata.source_published {
        check_date(published, "sourcePublished")?;
    }
    let mut descriptor = ResourceDescriptor::new(
        metadata
            .source_name
            .clone()
            .or_else(|| documents.source_name.clone()),
        source_sha256,
    );
    descriptor.uri = metadata.source_uri.clone();
    descriptor.media_type = metadata.source_media_type.clone();
    let revision = match &previous {
        None => 1,
        Some(p) => p.revision.checked_add(1).ok_or_else(|| {
            RecordError::Inconsistent(format!(
                "the previous record's revision is {}, the largest possible: it cannot be revised",
                p.revision
            ))
        })?,
    };
    let statement = Statement {
        statement_type: STATEMENT_TYPE.to_owned(),
        subject: vec![ResourceDescriptor::new(
            documents.translation_name.clone(),
            documents.translation_sha256,
        )],
        predicate_type: PREDICATE_TYPE.to_owned(),
        predicate: Predicate {
            source: Source {
                descriptor,
                title: metadata.source_title.clone(),
                author: metadata.source_author.clone(),
                publisher: metadata.source_publisher.clone(),
                published: metadata.source_published.clone(),
            },
            source_language,
            target_language,
            digital_source_types: method.digital_source_types(),
            method,
            agents,
            translated_at,
            signed_at,
            revision,
            previous,
            canonicalization: None,
            extra: Map::new(),
        },
        extra: Map::new(),
    };
    // Extra agents from a metadata file can nest arbitrarily; a record verifiers would refuse
    // must not be signed in the first place.
    let value = serde_json::to_value(&statement).expect("a statement always serialises");
    if json_depth(&value) > MAX_PAYLOAD_DEPTH {
        return Err(RecordError::Shape(format!(
            "the metadata nests more than {MAX_PAYLOAD_DEPTH} levels deep; verifiers would refuse the record"
        )));
    }
    Ok(statement)
}

fn source_digest(documents: &Documents, metadata: &Metadata) -> Result<Sha256Digest, RecordError> {
    let stated = match &metadata.source_sha256 {
        Some(hex) => Some(
            hex.parse::<Sha256Digest>()
                .map_err(|e| RecordError::Inconsistent(format!("sourceSha256: {e}")))?,
        ),
        None => None,
    };
    match (documents.source_sha256, stated) {
        (Some(file), Some(stated)) if file != stated => Err(RecordError::Inconsistent(format!(
            "the source file's SHA-256 is {file} but the stated source SHA-256 is {stated}; give one or the other"
        ))),
        (Some(digest), _) | (None, Some(digest)) => Ok(digest),
        (None, None) => Err(RecordError::Missing {
            field: "source",
            hint: "give the source document with --source FILE, or its digest with --source-sha256 HEX",
        }),
    }
}

fn language(
    value: Option<&str>,
    field: &'static str,
    flag: &'static str,
) -> Result<String, RecordError> {
    let tag = value.ok_or(RecordError::Missing {
        field,
        hint: if flag == "--source-lang" {
            "give the source language with --source-lang (a BCP 47 tag such as zh)"
        } else {
            "give the target language with --target-lang (a BCP 47 tag such as en)"
        },
    })?;
    if is_bcp47(tag) {
        Ok(tag.to_owned())
    } else {
        Err(RecordError::LanguageTag {
            field,
            value: tag.to_owned(),
        })
    }
}

/// Well-formedness of a BCP 47 tag (RFC 5646 §2.1), without registry look-up: a 2–3 letter
/// primary language subtag (or `x`/`i` for private and grandfathered tags), then subtags of 1–8
/// letters or digits. RFC 5646 reserves 5–8 letter primary subtags but none is registered, so
/// they are refused: that catches `english` or `chinese` given for `en` or `zh`.
pub fn is_bcp47(tag: &str) -> bool {
    let subtags: Vec<&str> = tag.split('-').collect();
    let well_formed_subtag =
        |s: &&str| (1..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric());
    let primary = subtags[0];
    let primary_ok = (matches!(primary.len(), 2 | 3)
        && primary.bytes().all(|b| b.is_ascii_alphabetic()))
        || primary.eq_ignore_ascii_case("x")
        || primary.eq_ignore_ascii_case("i");
    // A single-character subtag (an extension or private-use singleton, or the `x`/`i` prefix)
    // must be followed by at least one more subtag: `en-a` and `zh-x` are not well-formed.
    // After the private-use singleton `x`, subtags are free-form (`en-x-a` is well-formed).
    let private_use = subtags
        .iter()
        .position(|s| s.eq_ignore_ascii_case("x"))
        .unwrap_or(subtags.len());
    // An extension singleton needs a subtag of 2–8 characters after it (RFC 5646 §2.1).
    let singletons_followed = subtags[..private_use]
        .iter()
        .enumerate()
        .all(|(i, s)| s.len() != 1 || subtags.get(i + 1).is_some_and(|next| next.len() >= 2))
        && (private_use == subtags.len() || private_use + 1 < subtags.len());
    primary_ok && singletons_followed && subtags.iter().all(well_formed_subtag)
}

fn check_date(text: &str, field: &'static str) -> Result<(), RecordError> {
    let is_date = text.parse::<jiff::civil::Date>().is_ok() && text.len() == 10;
    if is_date || text.parse::<Timestamp>().is_ok() {
        Ok(())
    } else {
        Err(RecordError::Date {
            field,
            value: text.to_owned(),
        })
    }
}

fn agents(metadata: &Metadata) -> Vec<Agent> {
    let mut agents = Vec::new();
    if let Some(engine) = &metadata.engine {
        let mut agent = Agent::new(Role::Translator, AgentKind::Software, engine);
        agent.version = metadata.engine_version.clone();
        agent.model = metadata.model.clone();
        agents.push(agent);
    }
    let people = [
        (&metadata.translator, Role::Translator, AgentKind::Person),
        (&metadata.post_editor, Role::PostEditor, AgentKind::Person),
        (&metadata.reviewer, Role::Reviewer, AgentKind::Person),
        (&metadata.editor, Role::Editor, AgentKind::Person),
        (
            &metadata.publisher,
            Role::Publisher,
            AgentKind::Organization,
        ),
    ];
    for (name, role, kind) in people {
        if let Some(name) = name {
            agents.push(Agent::new(role, kind, name));
        }
    }
    agents.extend(metadata.agents.iter().cloned());
    agents
}

/// The method as given, or derived: an engine with a post-editor or editor is machine
/// translation with post-editing, an engine alone is machine translation, a human translator
/// without an engine is human translation.
fn method(metadata: &Metadata) -> Result<Method, RecordError> {
    let has_engine = metadata.engine.is_some()
        || metadata
            .agents
            .iter()
            .any(|a| a.role == Role::Translator && a.kind == AgentKind::Software);
    let has_human_translator = metadata.translator.is_some()
        || metadata
            .agents
            .iter()
            .any(|a| a.role == Role::Translator && a.kind == AgentKind::Person);
    let has_human_editing = metadata.post_editor.is_some() || metadata.editor.is_some();
    if let Some(text) = &metadata.method {
        let method = Method::from_cli(text).ok_or_else(|| {
            RecordError::Inconsistent(format!(
                "method {text:?} is not one of machine, machine+post-edit, human"
            ))
        })?;
        if matches!(method, Method::Machine | Method::MachinePostEdit) && !has_engine {
            return Err(RecordError::Inconsistent(format!(
                "method {text} needs the machine translation engine: give --engine NAME"
            )));
        }
        if method == Method::Human && !has_human_translator {
            return Err(RecordError::Inconsistent(
                "method human needs the translator's name: give --translator NAME".into(),
            ));
        }
        return Ok(method);
    }
    match (has_engine, has_human_editing, has_human_translator) {
        (true, true, _) => Ok(Method::MachinePostEdit),
        (true, false, _) => Ok(Method::Machine),
        (false, _, true) => Ok(Method::Human),
        (false, _, false) => Err(RecordError::Missing {
            field: "translator",
            hint: "say who translated: --engine NAME for machine translation, --translator NAME for a person",
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn documents() -> Documents {
        Documents {
            translation_name: Some("article.en.md".into()),
            translation_sha256: Sha256Digest::of(b"translation"),
            source_name: Some("article.zh.md".into()),
            source_sha256: Some(Sha256Digest::of(b"source")),
        }
    }

    fn metadata() -> Metadata {
        Metadata {
            source_language: Some("zh".into()),
            target_language: Some("en".into()),
            engine: Some("DeepL".into()),
            post_editor: Some("Li Wei".into()),
            ..Metadata::default()
        }
    }

    fn at() -> Timestamp {
        "2026-11-24T09:30:00Z".parse().unwrap()
    }

    #[test]
    fn builds_a_record_that_survives_the_payload_round_trip() {
        let statement = build_statement(&documents(), &metadata(), at(), None).unwrap();
        assert_eq!(statement.predicate.method, Method::MachinePostEdit);
        assert_eq!(statement.predicate.revision, 1);
        assert_eq!(statement.predicate.translated_at, at());
        let payload = statement.to_payload();
        let text = String::from_utf8(payload.clone()).unwrap();
        assert!(
            text.contains("\"signedAt\":\"2026-11-24T09:30:00Z\""),
            "{text}"
        );
        assert!(text.contains("\"postEditor\""), "{text}");
        assert_eq!(Statement::from_payload(&payload).unwrap(), statement);
    }

    #[test]
    fn unknown_fields_and_values_are_kept() {
        let statement = build_statement(&documents(), &metadata(), at(), None).unwrap();
        let mut value: Value = serde_json::from_slice(&statement.to_payload()).unwrap();
        value["predicate"]["futureField"] = Value::from("x");
        value["predicate"]["agents"][0]["role"] = Value::from("terminologist");
        value["predicate"]["source"]["annotations"] = Value::from(3);
        let parsed = Statement::from_payload(value.to_string().as_bytes()).unwrap();
        assert_eq!(
            parsed.predicate.agents[0].role,
            Role::Other("terminologist".into())
        );
        let again: Value = serde_json::from_slice(&parsed.to_payload()).unwrap();
        assert_eq!(again, value);
    }

    #[test]
    fn method_is_derived_and_checked() {
        let mut m = metadata();
        m.post_editor = None;
        assert_eq!(method(&m).unwrap(), Method::Machine);
        m.engine = None;
        assert!(matches!(
            method(&m),
            Err(RecordError::Missing {
                field: "translator",
                ..
            })
        ));
        m.translator = Some("Ann".into());
        assert_eq!(method(&m).unwrap(), Method::Human);
        m.method = Some("machine".into());
        assert!(matches!(method(&m), Err(RecordError::Inconsistent(_))));
        m.method = Some("telepathy".into());
        assert!(matches!(method(&m), Err(RecordError::Inconsistent(_))));
    }

    #[test]
    fn bcp47_well_formedness() {
        for good in [
            "zh",
            "en",
            "zh-Hans",
            "zh-Hant-TW",
            "en-GB",
            "pt-BR",
            "yue",
            "sr-Latn-RS",
            "x-klingon",
            "x-c-h",
            "en-x-a",
            "zh-Hans-x-a-b",
        ] {
            assert!(is_bcp47(good), "{good}");
        }
        for bad in [
            "",
            "english",
            "e",
            "en_GB",
            "zh--Hans",
            "en-",
            "中文",
            "en-toolongsubtag",
        ] {
            assert!(!is_bcp47(bad), "{bad}");
        }
    }

    #[test]
    fn bad_dates_and_digest_conflicts_are_refused() {
        let mut m = metadata();
        m.source_published = Some("yesterday".into());
        assert!(matches!(
            build_statement(&documents(), &m, at(), None),
            Err(RecordError::Date { .. })
        ));
        m.source_published = Some("2026-11-20".into());
        assert!(build_statement(&documents(), &m, at(), None).is_ok());
        m.source_sha256 = Some(Sha256Digest::of(b"other").to_hex());
        assert!(matches!(
            build_statement(&documents(), &m, at(), None),
            Err(RecordError::Inconsistent(_))
        ));
    }

    #[test]
    fn payloads_of_other_kinds_are_told_apart() {
        assert!(matches!(
            Statement::from_payload(b"nope"),
            Err(RecordError::PayloadNotJson(_))
        ));
        assert!(matches!(
            Statement::from_payload(br#"{"_type":"https://in-toto.io/Statement/v0.1"}"#),
            Err(RecordError::StatementType { .. })
        ));
        assert!(matches!(
            Statement::from_payload(br#"{"_type":"https://in-toto.io/Statement/v1","predicateType":"https://slsa.dev/provenance/v1"}"#),
            Err(RecordError::PredicateType { .. })
        ));
        let deep = format!(
            r#"{{"_type":"https://in-toto.io/Statement/v1","predicateType":"{PREDICATE_TYPE}","x":{}{}}}"#,
            "[".repeat(40),
            "]".repeat(40)
        );
        assert!(matches!(
            Statement::from_payload(deep.as_bytes()),
            Err(RecordError::Shape(_))
        ));
    }

    #[test]
    fn duplicate_keys_in_a_payload_are_refused() {
        let statement = build_statement(&documents(), &metadata(), at(), None).unwrap();
        let text = String::from_utf8(statement.to_payload()).unwrap();
        let doubled = text.replacen(
            "\"subject\":",
            "\"subject\":[{\"digest\":{\"sha256\":\"00\"}}],\"subject\":",
            1,
        );
        let err = Statement::from_payload(doubled.as_bytes()).unwrap_err();
        assert!(
            err.to_string().contains("duplicate key \"subject\""),
            "{err}"
        );
        assert!(Statement::from_payload(text.as_bytes()).is_ok());
    }

    #[test]
    fn revision_follows_the_previous_link() {
        let previous = PreviousRecord {
            payload_sha256: Sha256Digest::of(b"p").to_hex(),
            revision: 4,
            extra: Map::new(),
        };
        let statement = build_statement(&documents(), &metadata(), at(), Some(previous)).unwrap();
        assert_eq!(statement.predicate.revision, 5);
    }
}
