//! The in-toto Statement v1 that carries the predicate: its subject (the translated document),
//! its payload bytes, and the checks a payload passes before it is believed to be a tprov record.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::crypto::digest::Sha256Digest;
use crate::crypto::dsse::{Envelope, IN_TOTO_PAYLOAD_TYPE};
use crate::crypto::keys::SecretKey;
use crate::record::RecordError;
use crate::record::predicate::{Predicate, Source};
use crate::record::{strict_json, strict_typed};

/// The in-toto Statement type this crate writes and accepts.
pub const STATEMENT_TYPE: &str = "https://in-toto.io/Statement/v1";

/// The predicate type of a tprov translation-provenance record, version 1. A later incompatible
/// predicate gets a new version; verifiers refuse types they do not know rather than guess.
pub const PREDICATE_TYPE: &str = "https://tprov.dev/translation-provenance/v1";

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
    /// Digests by algorithm name; tprov writes and checks `sha256`. Empty (absent on the wire)
    /// only for a source known by its address or citation alone.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub digest: BTreeMap<String, String>,
    /// The document's media type, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub media_type: Option<String>,
    /// Fields tprov does not know, kept.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ResourceDescriptor {
    /// A descriptor with a name and no digest (a source known only by address or citation).
    pub fn undigested(name: Option<String>) -> Self {
        Self {
            name,
            uri: None,
            digest: BTreeMap::new(),
            media_type: None,
            extra: Map::new(),
        }
    }

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

    /// The record an envelope carries: its payload type must be in-toto
    /// ([`RecordError::PayloadType`]) and its payload a tprov record (see
    /// [`Statement::from_payload`]). Checks no signature.
    pub fn from_envelope(envelope: &Envelope) -> Result<Self, RecordError> {
        if envelope.payload_type != IN_TOTO_PAYLOAD_TYPE {
            return Err(RecordError::PayloadType {
                found: envelope.payload_type.clone(),
            });
        }
        Self::from_payload(&envelope.payload)
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
    pub(super) fn from_payload_value(bytes: &[u8]) -> Result<Self, RecordError> {
        let value: Value = strict_json::from_slice(bytes)
            .map_err(|e| RecordError::PayloadNotJson(e.to_string()))?;
        if strict_json::depth(&value) > MAX_PAYLOAD_DEPTH {
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
        check_source(&self.predicate.source)?;
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

/// Source digests, when present, must include a valid SHA-256 (the one tprov checks); without
/// any digest the source must at least be identified (an address, a name, a title, an author or
/// a publisher).
fn check_source(source: &Source) -> Result<(), RecordError> {
    let descriptor = &source.descriptor;
    if !descriptor.digest.is_empty() {
        return match descriptor.sha256() {
            Some(_) => Ok(()),
            None => Err(RecordError::Shape(
                "the source has no valid sha256 digest".into(),
            )),
        };
    }
    let identified = [
        &descriptor.uri,
        &descriptor.name,
        &source.title,
        &source.author,
        &source.publisher,
    ]
    .iter()
    .any(|field| field.is_some());
    if !identified {
        return Err(RecordError::Shape(
            "the source has neither a sha256 digest nor an address, name, title, author or publisher".into(),
        ));
    }
    Ok(())
}
