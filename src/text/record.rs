//! The `text` block of a record: the canonical-text digest, sentence digests and paragraph
//! starts, as signed.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::canonical::{CanonicalText, TextFormat};
use super::error::{RecordProblem, TextError};
use crate::Sha256Digest;

/// The canonicalisation URI of canonical text v1 (the rules in the README).
pub const CANONICALIZATION_V1: &str = "https://tprov.dev/canonical-text/v1";

/// The most sentence digests a record lists. Beyond that the record carries only the digest
/// of the whole text (and says so): a text match still works, a diagnosis and a quote check
/// with the envelope alone do not. 20,000 sentences is a book of some 400 pages; the list is
/// then about 1.3 MB of JSON.
pub const MAX_LISTED_SENTENCES: usize = 20_000;

/// The `text` block of a translation-provenance predicate (lowerCamelCase JSON).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TextRecord {
    /// The canonicalisation rules, as a URI ([`CANONICALIZATION_V1`]).
    pub canonicalization: String,
    /// The format the signed document was read as.
    pub format: TextFormat,
    /// SHA-256 of the canonical text.
    #[serde(with = "hex_digest")]
    pub sha256: Sha256Digest,
    /// SHA-256 of each sentence's canonical text, in order (empty when omitted).
    #[serde(with = "hex_digests", default)]
    pub sentences: Vec<Sha256Digest>,
    /// Index of the first sentence of each paragraph (empty when the sentences are omitted).
    #[serde(default)]
    pub paragraphs: Vec<usize>,
    /// The text had more than [`MAX_LISTED_SENTENCES`] sentences: none are listed.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub sentences_omitted: bool,
    /// How many sentences the text had, when they are omitted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sentence_count: Option<usize>,
    /// Fields this version does not know: kept, so a re-written record drops nothing.
    #[serde(flatten)]
    pub unknown: serde_json::Map<String, serde_json::Value>,
}

impl TextRecord {
    /// The record of a canonical text, as `tprov sign` writes it.
    pub fn new(text: &CanonicalText) -> Self {
        let listed = text.sentences.len() <= MAX_LISTED_SENTENCES;
        Self {
            canonicalization: CANONICALIZATION_V1.to_owned(),
            format: text.format,
            sha256: text.sha256(),
            sentences: if listed {
                text.sentence_digests().collect()
            } else {
                Vec::new()
            },
            paragraphs: if listed {
                text.paragraph_starts.clone()
            } else {
                Vec::new()
            },
            sentences_omitted: !listed,
            sentence_count: (!listed).then_some(text.sentences.len()),
            unknown: serde_json::Map::new(),
        }
    }

    /// Checks a record read from an envelope before it is used: the canonicalisation must be
    /// one this version implements, and the lists must be within limits and consistent.
    pub fn validate(&self) -> Result<(), TextError> {
        if self.canonicalization != CANONICALIZATION_V1 {
            return Err(TextError::UnsupportedCanonicalization {
                uri: self.canonicalization.clone(),
            });
        }
        let malformed = |problem| Err(TextError::MalformedRecord(problem));
        if self.sentences.len() > MAX_LISTED_SENTENCES {
            return malformed(RecordProblem::TooManySentences {
                count: self.sentences.len(),
                limit: MAX_LISTED_SENTENCES,
            });
        }
        if self.sentences_omitted && !self.sentences.is_empty() {
            return malformed(RecordProblem::OmittedButListed);
        }
        let increasing = self.paragraphs.windows(2).all(|pair| pair[0] < pair[1]);
        let in_range = self
            .paragraphs
            .last()
            .is_none_or(|&last| last < self.sentences.len());
        let starts_at_zero = self.paragraphs.first().is_none_or(|&first| first == 0);
        if !(increasing && in_range && starts_at_zero) {
            return malformed(RecordProblem::BadParagraphs);
        }
        Ok(())
    }

    /// Whether sentence digests are listed (so a diagnosis and an envelope-only quote check are
    /// possible).
    pub fn lists_sentences(&self) -> bool {
        !self.sentences_omitted && !self.sentences.is_empty()
    }

    /// The paragraph (index into `paragraphs`) of signed sentence `sentence`.
    pub fn paragraph_of(&self, sentence: usize) -> usize {
        super::canonical::paragraph_of(&self.paragraphs, sentence)
    }
}

/// A digest as 64 lowercase hex characters.
mod hex_digest {
    use super::*;

    pub(super) fn serialize<S: Serializer>(digest: &Sha256Digest, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&digest.to_hex())
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Sha256Digest, D::Error> {
        let hex = String::deserialize(d)?;
        hex.parse().map_err(serde::de::Error::custom)
    }
}

/// A list of digests, each as 64 lowercase hex characters.
mod hex_digests {
    use super::*;

    pub(super) fn serialize<S: Serializer>(
        digests: &[Sha256Digest],
        s: S,
    ) -> Result<S::Ok, S::Error> {
        s.collect_seq(digests.iter().map(Sha256Digest::to_hex))
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        d: D,
    ) -> Result<Vec<Sha256Digest>, D::Error> {
        let hexes = Vec::<String>::deserialize(d)?;
        hexes
            .iter()
            .map(|hex| hex.parse().map_err(serde::de::Error::custom))
            .collect()
    }
}
