//! The translation-provenance predicate: the source, the agents, the method, the times and the
//! link to the previous revision (the wire model, lowerCamelCase; unknown fields kept).

use jiff::Timestamp;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::crypto::digest::Sha256Digest;
use crate::crypto::dsse::Envelope;
use crate::record::statement::{ResourceDescriptor, Statement};
use crate::record::vocabulary::{AgentKind, Method, Role};

/// The longest `note`, in characters: a few paragraphs, not an article.
pub const MAX_NOTE_CHARS: usize = 2000;

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

impl Source {
    /// The source's SHA-256, when the record binds the source by digest. `None` for a source
    /// known only by its address or citation (`--source-uri`, `--source-author` …): then a
    /// reader's source file cannot be checked against the record, and verifiers must say so.
    pub fn digest(&self) -> Option<Sha256Digest> {
        self.descriptor.sha256()
    }
}

/// Someone or something that took part in the translation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "AgentWire", try_from = "AgentWire")]
pub struct Agent {
    /// What the agent did.
    pub role: Role,
    /// Software, person or organisation.
    pub kind: AgentKind,
    /// The agent's name (engine name, person's name, organisation's name). Empty, and absent
    /// on the wire, for an agent marked [`Agent::undisclosed`].
    pub name: String,
    /// The publisher says the agent took part but was not told, or may not say, which it was
    /// (an AI engine that was not disclosed): `"undisclosed": true` and no `name`. The record
    /// says what is known and invents nothing; a reader that does not know the field refuses
    /// the record (no name) rather than show an empty one.
    pub undisclosed: bool,
    /// Software version.
    pub version: Option<String>,
    /// Model name, for language-model or neural engines.
    pub model: Option<String>,
    /// Fields tprov does not know, kept.
    pub extra: Map<String, Value>,
}

/// An agent as written: the name is required unless the agent is undisclosed, and absent when
/// it is. (A named agent's name is written even when empty, so records round-trip.)
#[derive(Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
struct AgentWire {
    role: Role,
    kind: AgentKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    undisclosed: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    version: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    model: Option<String>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

impl From<Agent> for AgentWire {
    fn from(agent: Agent) -> Self {
        Self {
            name: (!agent.undisclosed || !agent.name.is_empty()).then_some(agent.name),
            role: agent.role,
            kind: agent.kind,
            undisclosed: agent.undisclosed,
            version: agent.version,
            model: agent.model,
            extra: agent.extra,
        }
    }
}

impl TryFrom<AgentWire> for Agent {
    type Error = String;

    fn try_from(wire: AgentWire) -> Result<Self, String> {
        let name = match (wire.name, wire.undisclosed) {
            (Some(name), false) => name,
            (None, true) => String::new(),
            (None, false) => {
                return Err("an agent has no name and is not marked undisclosed".into());
            }
            (Some(_), true) => return Err("an agent marked undisclosed has a name".into()),
        };
        Ok(Self {
            role: wire.role,
            kind: wire.kind,
            name,
            undisclosed: wire.undisclosed,
            version: wire.version,
            model: wire.model,
            extra: wire.extra,
        })
    }
}

impl Agent {
    /// An agent with a role, kind and name.
    pub fn new(role: Role, kind: AgentKind, name: impl Into<String>) -> Self {
        Self {
            role,
            kind,
            name: name.into(),
            undisclosed: false,
            version: None,
            model: None,
            extra: Map::new(),
        }
    }

    /// A translation engine the publisher did not name (`--engine-undisclosed`): a software
    /// translator with no name, marked `"undisclosed": true`.
    pub fn undisclosed_engine() -> Self {
        let mut agent = Self::new(Role::Translator, AgentKind::Software, "");
        agent.undisclosed = true;
        agent
    }

    /// The agent's name for people: its name, or for an undisclosed agent what is known
    /// ("an AI system that was not named" for software).
    pub fn display_name(&self) -> &str {
        match (self.undisclosed, &self.kind) {
            (false, _) => &self.name,
            (true, AgentKind::Software) => "an AI system that was not named",
            (true, AgentKind::Person) => "a person who was not named",
            (true, _) => "an agent that was not named",
        }
    }

    /// The agent for people, in one line: name, version and model, then the kind, as in
    /// `ExampleMT 4.2, model example-nmt-2026 (software)` or `Li Wei (person)`; an undisclosed
    /// engine is `an AI system that was not named (software)`. Every output that describes an
    /// agent uses this one form.
    pub fn describe(&self) -> String {
        let mut text = self.display_name().to_owned();
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
    /// When the translation was made, only when the publisher stated it: absent means not
    /// stated (never the signing time in disguise). Records written before this was optional
    /// carry it always and still read.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub translated_at: Option<Timestamp>,
    /// When the record was signed, as the signer's clock said. Self-asserted: see SECURITY notes.
    pub signed_at: Timestamp,
    /// 1 for a first release, previous + 1 for each revision.
    pub revision: u64,
    /// The record this one revises, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub previous: Option<PreviousRecord>,
    /// A signed free-text note for what the fields cannot say (at most [`MAX_NOTE_CHARS`]
    /// characters).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
    /// How the subject was put into canonical form before hashing. Absent means the digest is
    /// over the file's raw bytes, the only form this version writes; verifiers refuse values
    /// they do not know (reserved for embedded provenance).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canonicalization: Option<String>,
    /// The translation's canonical text: its digest, sentence digests and paragraph starts, so
    /// a reader's copy in another format or wrapping can be verified by its words. Absent for
    /// documents signed as bytes (`--as bytes`, or not UTF-8). Additive: readers that predate
    /// it keep it as an unknown field.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<crate::text::TextRecord>,
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
