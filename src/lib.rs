//! # tprov — translation provenance
//!
//! A publisher signs a translated document together with the SHA-256 of its source and
//! structured translator metadata; a reader verifies the signature against keys they trust and
//! learns exactly what the record claims, or exactly why it fails.
//!
//! Records are [in-toto Statements v1](https://github.com/in-toto/attestation) in
//! [DSSE envelopes](https://github.com/secure-systems-lab/dsse) signed with Ed25519, so any
//! conforming DSSE implementation can check them.
//!
//! The library never prints and never exits: it returns values, reports and typed [`Error`]s.
//!
//! ## Walkthrough: keygen → sign → verify
//!
//! ```
//! use tprov::record::{build_statement, Documents, Metadata};
//! use tprov::verify::{verify_envelope, Subjects};
//! use tprov::{SecretKey, Sha256Digest, TrustStore};
//!
//! // The publisher makes a key pair (`tprov keygen`) and gives readers the public half.
//! let key = SecretKey::generate();
//! let public_pem = key.public_key().to_pem();
//!
//! // The documents: the Chinese source and its English machine translation.
//! let source = "人工智能翻译正在改变新闻业。".as_bytes();
//! let translation = b"AI translation is changing journalism.\n";
//!
//! // The publisher describes the translation and signs it (`tprov sign`).
//! let metadata = Metadata {
//!     source_language: Some("zh".into()),
//!     target_language: Some("en".into()),
//!     engine: Some("ExampleMT".into()),
//!     model: Some("example-2026".into()),
//!     post_editor: Some("Li Wei".into()),
//!     ..Metadata::default()
//! };
//! let documents = Documents {
//!     translation_name: Some("article.en.md".into()),
//!     translation_sha256: Sha256Digest::of(translation),
//!     source_name: Some("article.zh.md".into()),
//!     source_sha256: Some(Sha256Digest::of(source)),
//! };
//! let signed_at = "2026-11-24T09:30:00Z".parse()?;
//! let statement = build_statement(&documents, &metadata, signed_at, None)?;
//! let envelope = statement.sign(&key);
//! let envelope_json = envelope.to_json();
//!
//! // A reader trusts the publisher's public key and verifies (`tprov verify`).
//! let mut trust = TrustStore::new();
//! trust.add("newsroom", tprov::PublicKey::from_pem(&public_pem)?, "newsroom.pub");
//! let subjects = Subjects {
//!     document: Sha256Digest::of(translation),
//!     document_name: Some("article.en.md".into()),
//!     source: Some(Sha256Digest::of(source)),
//! };
//! let report = verify_envelope(&envelope_json, &subjects, &trust);
//! assert!(report.verified);
//! let record = report.record.as_ref().unwrap();
//! assert_eq!(record.predicate.source_language, "zh");
//! assert_eq!(report.signers().next().unwrap().name, "newsroom");
//!
//! // One changed byte in the translation and verification fails, saying which check failed.
//! let tampered = Subjects { document: Sha256Digest::of(b"AI translation is changing journalism!\n"), ..subjects };
//! let report = verify_envelope(&envelope_json, &tampered, &trust);
//! assert!(!report.verified);
//! assert_eq!(report.failure().unwrap().kind, tprov::verify::CheckKind::Document);
//! assert!(report.record.is_none(), "a failed verification exposes no record");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Modules
//!
//! The folders are the architecture (see `ARCHITECTURE.md`):
//!
//! - [`io`]: bounded reads, atomic no-clobber writes ([`io::files`]), the envelope file;
//! - [`crypto`]: streaming SHA-256 ([`crypto::digest`]), Ed25519 keys and key ids
//!   ([`crypto::keys`]), DSSE envelopes ([`crypto::dsse`]);
//! - [`record`]: the in-toto Statement and the translation-provenance predicate
//!   ([`record::statement`], [`record::predicate`], [`record::vocabulary`]), building a record,
//!   and the revision link ([`record::revision`]);
//! - [`sign`]: signing a document and co-signing an envelope ([`sign::cosign`]);
//! - [`verify`]: the verification pipeline and its report, trust stores ([`verify::trust`]),
//!   policies ([`verify::policy`]), batches ([`verify::batch`]);
//! - [`text`]: canonical text, sentence digests, what differed, diagnosis of a changed text;
//! - [`review`]: inspecting ([`review::inspect`]), comparing ([`review::compare`]) and chaining
//!   ([`review::chain`]) records;
//! - [`publish`]: embedding envelopes in pages ([`publish::embed`]), disclosure sentences
//!   ([`publish::disclose`]), fetching a page by URL ([`publish::fetch`]);
//! - [`diff`]: comparing revisions of a translation (tokens, alignment, TER, statistics);
//! - [`render`]: every human-readable output, through one terminal sanitizer
//!   ([`render::printable`]) and one palette ([`render::style`]).
//!
//! Errors are [`Error`]; a message never repeats its cause, so show one to people with
//! [`ErrorChain`], which appends the chain of causes.

#![forbid(unsafe_code)]
#![deny(missing_docs)]

pub mod crypto;
pub mod diff;
mod error;
pub mod io;
pub mod publish;
pub mod record;
pub mod render;
pub mod review;
pub mod sign;
pub mod text;
pub mod verify;

pub use crypto::digest::Sha256Digest;
pub use crypto::dsse::Envelope;
pub use crypto::keys::{KeyId, PublicKey, SecretKey};
pub use error::{Error, ErrorChain, KeyProblem, TrustFileProblem};
pub use record::Statement;
pub use verify::trust::TrustStore;
