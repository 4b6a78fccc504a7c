//! The signed record: an in-toto Statement v1 whose subject is the translated document and whose
//! predicate describes the translation (source, languages, agents, method, times, revision link).
//!
//! Owns the wire model ([`statement`], [`predicate`], [`vocabulary`]), the strict JSON reading
//! of payloads, building a record from a publisher's [`Metadata`] ([`build_statement`]), what a
//! revision inherits from the record it revises ([`inherit`]), and the rule that says whether one
//! record revises another ([`revision`]). The checks of what people type (language tags against
//! the IANA registry, publication dates, source addresses, digests) are [`language`] and [`dates`].
//! May use `crate::crypto` (digests, envelopes, keys) and `crate::text` (the `text` block's
//! type) and nothing above them: no files, no trust, no output.

mod builder;
pub mod dates;
mod error;
mod inherit;
pub mod language;
mod metadata;
pub mod predicate;
pub mod revision;
pub mod statement;
mod strict_json;
mod strict_typed;
pub mod vocabulary;

pub use builder::build_statement;
pub use error::RecordError;
pub use inherit::inherit;
pub use metadata::{Documents, Metadata};
pub use predicate::{Agent, MAX_NOTE_CHARS, Predicate, PreviousRecord, Source};
pub use statement::{
    MAX_PAYLOAD_DEPTH, PREDICATE_TYPE, ResourceDescriptor, STATEMENT_TYPE, Statement,
};
pub use vocabulary::{AgentKind, IPTC_DIGITAL_SOURCE_TYPE, Method, Role, UnknownRole};
