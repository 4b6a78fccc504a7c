//! Why a record cannot be built, or why a payload is not a tprov record.

use crate::crypto::digest::{ParseDigestError, Sha256Digest};
use crate::crypto::dsse::IN_TOTO_PAYLOAD_TYPE;
use crate::record::statement::PREDICATE_TYPE;

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
    /// The stated source SHA-256 (`--source-sha256`, `sourceSha256`) is not a SHA-256 digest.
    #[error("sourceSha256: {problem}")]
    SourceDigestSyntax {
        /// What is wrong with it.
        problem: ParseDigestError,
    },
    /// The source file and the stated source SHA-256 disagree.
    #[error(
        "the source file's SHA-256 is {file} but the stated source SHA-256 is {stated}; give one or the other"
    )]
    SourceDigestConflict {
        /// The digest of the source file given.
        file: Sha256Digest,
        /// The digest stated in the metadata.
        stated: Sha256Digest,
    },
    /// The method is not one tprov knows.
    #[error("method {value:?} is not one of machine, machine+post-edit, human")]
    UnknownMethod {
        /// The method as given.
        value: String,
    },
    /// A machine method was given without a machine translation engine.
    #[error("method {method} needs the machine translation engine: give --engine NAME")]
    MethodNeedsEngine {
        /// The method as given.
        method: String,
    },
    /// The human method was given without a human translator.
    #[error("method human needs the translator's name: give --translator NAME")]
    MethodNeedsTranslator,
    /// The record revised has the largest possible revision number.
    #[error(
        "the previous record's revision is {revision}, the largest possible: it cannot be revised"
    )]
    RevisionOverflow {
        /// The previous record's revision.
        revision: u64,
    },
    /// The envelope's payload type is not the in-toto one, so its payload is no tprov record.
    #[error("its payload type is {found:?}, not {IN_TOTO_PAYLOAD_TYPE:?}")]
    PayloadType {
        /// The payload type found.
        found: String,
    },
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
