//! What a publisher says about a translation before it becomes a record: [`Metadata`] (from flags
//! or a `--meta` file) and the [`Documents`] being signed.

use serde::{Deserialize, Serialize};

use crate::crypto::digest::Sha256Digest;
use crate::record::predicate::Agent;

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
