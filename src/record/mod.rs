//! The signed record: an in-toto Statement v1 whose subject is the translated document and whose
//! predicate describes the translation (source, languages, agents, method, times, revision link).
//!
//! Owns the wire model ([`statement`], [`predicate`], [`vocabulary`]), the strict JSON reading
//! of payloads, building a record from a publisher's [`Metadata`] ([`build_statement`]), and the rule
//! that says whether one record revises another ([`revision`]). May use `crate::crypto` (digests,
//! envelopes, keys) and nothing above it: no files, no trust, no output.

mod builder;
pub mod dates;
mod error;
pub mod language;
mod metadata;
pub mod predicate;
pub mod revision;
pub mod statement;
mod strict_json;
mod strict_typed;
mod syntax;
pub mod vocabulary;

pub use builder::build_statement;
pub use error::RecordError;
pub use metadata::{Documents, Metadata};
pub use predicate::{Agent, Predicate, PreviousRecord, Source};
pub use statement::{
    MAX_PAYLOAD_DEPTH, PREDICATE_TYPE, ResourceDescriptor, STATEMENT_TYPE, Statement,
};
pub use syntax::is_bcp47;
pub use vocabulary::{AgentKind, IPTC_DIGITAL_SOURCE_TYPE, Method, Role, UnknownRole};
