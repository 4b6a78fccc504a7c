//! The translation-provenance predicate: the source, the agents, the method, the times and the
//! link to the previous revision (the wire model, lowerCamelCase; unknown fields kept).

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::crypto::digest::Sha256Digest;
use crate::crypto::dsse::Envelope;
use crate::record::statement::{ResourceDescriptor, Statement};
use crate::record::vocabulary::{AgentKind, Method, Role};

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

    /// The agent for people, in one line: name, version and model, then the kind, as in
    /// `ExampleMT 4.2, model example-nmt-2026 (software)` or `Li Wei (person)`. Every output
    /// that describes an agent uses this one form.
    pub fn describe(&self) -> String {
        let mut text = self.name.clone();
        if let Some(version) = &self.version {
            text.push(' ');
            text.push_str(version);
        }
        if let Some(model) = &self.model {
            text.push_str(", model ");
            text.push_str(model);
        }
        format!("{text} ({})", self.kind)
    }
}

/// The link from a revision to the record it revises (W3C PROV `wasRevisionOf`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PreviousRecord {
    /// SHA-256 of the previous envelope's *payload* bytes: unchanged when co-signatures are added
    /// to that envelope, so the link survives co-signing.
    pub payload_sha256: Sha256Digest,
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
            payload_sha256: envelope.payload_digest(),
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
