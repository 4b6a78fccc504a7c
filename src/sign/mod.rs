//! Signing files: hashing the translation and its source, building the record, linking it to the
//! previous revision (inheriting its fields), and writing the envelope atomically, archiving the
//! previous record when a revision replaces it in place ([`revision`]); co-signing an existing
//! envelope ([`cosign`]).
//!
//! Owns the file side of signing (which files are hashed, read and written, and in what order).
//! May use `crate::io`, `crate::crypto`, `crate::record` and `crate::text`; never `crate::verify` (a signer
//! does not need the reader's trust) and never the terminal: passphrases and messages are the
//! caller's.

pub mod cosign;
pub mod revision;

use std::path::{Path, PathBuf};

use jiff::Timestamp;

use crate::Error;
use crate::crypto::digest::Sha256Digest;
use crate::crypto::dsse::Envelope;
use crate::crypto::keys::SecretKey;
use crate::io::files::{self, Overwrite, Visibility};
use crate::record::{self, Documents, Metadata, PreviousRecord, Statement};
use crate::sign::revision::PreviousEnvelope;
use crate::text::{CanonicalText, FormatChoice, MAX_TEXT_BYTES, TextRecord};

/// Metadata files are small; a larger one is refused unread.
pub const MAX_METADATA_BYTES: u64 = 1024 * 1024;

/// What to sign.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignRequest {
    /// The translated document.
    pub translation: PathBuf,
    /// The source document, when at hand (otherwise `metadata.source_sha256`).
    pub source: Option<PathBuf>,
    /// The translation metadata (flags already laid over any metadata file).
    pub metadata: Metadata,
    /// The envelope of the record this one revises.
    pub previous: Option<PathBuf>,
    /// Whether the revision inherits the previous record's fields ([`record::inherit`]), with
    /// `metadata` laid over them. Without it, the revision is built from `metadata` alone.
    pub inherit: bool,
    /// The signing time to record.
    pub signed_at: Timestamp,
    /// How the translation is read for its `text` block (`--as`): a text format, bytes only
    /// (no text block), or decided from its name and content.
    pub format: FormatChoice,
}

/// A record built for a request, with the record it revises.
#[derive(Debug, Clone)]
pub struct Built {
    /// The new record (not yet signed).
    pub statement: Statement,
    /// The record it revises, as read (signature not checked).
    pub previous: Option<PreviousEnvelope>,
}

/// Hashes the documents, reads the previous revision and builds the record (the statement,
/// not yet signed) for a request. See [`build_revision`] to keep the previous record too.
pub fn build_record(request: &SignRequest) -> Result<Statement, Error> {
    Ok(build_revision(request)?.statement)
}

/// Hashes the documents, reads the previous revision (strictly parsed; its signature is not
/// checked) and builds the record. With [`SignRequest::inherit`], the previous record's fields
/// are the base the request's metadata is laid over; a source file given now replaces the
/// inherited source digest and name.
pub fn build_revision(request: &SignRequest) -> Result<Built, Error> {
    let previous = request
        .previous
        .as_deref()
        .map(PreviousEnvelope::read)
        .transpose()?;
    let metadata = match (&previous, request.inherit) {
        (Some(previous), true) => {
            let mut base = record::inherit(&previous.statement);
            if request.source.is_some() {
                base.source_sha256 = None;
                base.source_name = None;
            }
            base.overlay(request.metadata.clone())
        }
        _ => request.metadata.clone(),
    };
    let documents = Documents {
        translation_name: file_name(&request.translation),
        translation_sha256: Sha256Digest::of_file(&request.translation)?,
        source_name: request.source.as_deref().and_then(file_name),
        source_sha256: request
            .source
            .as_deref()
            .map(Sha256Digest::of_file)
            .transpose()?,
    };
    let mut statement = record::build_statement(
        &documents,
        &metadata,
        request.signed_at,
        previous.as_ref().map(PreviousEnvelope::link),
    )?;
    statement.predicate.text = text_record(&request.translation, request.format)?;
    Ok(Built {
        statement,
        previous,
    })
}

/// The link to the record in the envelope at `path`. The previous envelope's signature is not
/// checked here (the signer may not hold the old key); `tprov log` verifies chains. An envelope
/// that carries no tprov record is [`Error::NotARecord`].
pub fn previous_link(path: &Path) -> Result<PreviousRecord, Error> {
    Ok(PreviousEnvelope::read(path)?.link())
}

/// Reads and parses an envelope file (owned by [`crate::io::envelope_file`]).
pub use crate::io::envelope_file::read_envelope;

/// Reads a `--meta` JSON file.
pub fn read_metadata(path: &Path) -> Result<Metadata, Error> {
    let bytes = files::read_limited(path, MAX_METADATA_BYTES)?;
    Metadata::from_json(&bytes).map_err(|e| Error::Metadata {
        path: path.to_path_buf(),
        reason: e.to_string(),
    })
}

/// Signs `statement` with `key` and writes the envelope to `output` atomically.
pub fn sign_to_file(
    statement: &Statement,
    key: &SecretKey,
    output: &Path,
    overwrite: Overwrite,
) -> Result<Envelope, Error> {
    let envelope = statement.sign(key);
    write_envelope(&envelope, output, overwrite)?;
    Ok(envelope)
}

/// Writes an envelope atomically.
pub fn write_envelope(
    envelope: &Envelope,
    output: &Path,
    overwrite: Overwrite,
) -> Result<(), Error> {
    files::write_atomic(output, &envelope.to_json(), overwrite, Visibility::Public)
}

/// The `text` block of the translation at `path` read as `choice` says, or `None` for bytes
/// only. With `auto`, a document that is not UTF-8 or is over the text limit is signed as bytes;
/// with an explicit text format, either is an error (the signer asked for text).
pub fn text_record(path: &Path, choice: FormatChoice) -> Result<Option<TextRecord>, Error> {
    if choice == FormatChoice::Bytes {
        return Ok(None);
    }
    let limit = MAX_TEXT_BYTES as u64;
    if choice == FormatChoice::Auto && !may_be_text(path, limit)? {
        return Ok(None);
    }
    let bytes = match files::read_limited(path, limit) {
        Ok(bytes) => bytes,
        Err(Error::TooLarge { .. }) if choice == FormatChoice::Auto => return Ok(None),
        Err(e) => return Err(e),
    };
    let Some(format) = choice.resolve(Some(path), &bytes) else {
        return Ok(None);
    };
    let text = CanonicalText::from_bytes(&bytes, format).map_err(|problem| Error::Text {
        path: path.to_path_buf(),
        problem,
    })?;
    Ok(Some(TextRecord::new(&text)))
}

/// Whether `auto` could read the file as text: within the text limit, and its first bytes are
/// UTF-8. Checked before reading it whole, so signing a large binary file stays a streaming
/// hash in constant memory.
fn may_be_text(path: &Path, limit: u64) -> Result<bool, Error> {
    /// Enough to tell a binary file from text without reading it all.
    const PREFIX: u64 = 64 * 1024;
    let (file, len) = files::open_regular_sized(path)?;
    if len > limit {
        return Ok(false);
    }
    let mut prefix = Vec::with_capacity(PREFIX as usize);
    std::io::Read::read_to_end(&mut std::io::Read::take(file, PREFIX), &mut prefix).map_err(
        |source| Error::Read {
            path: path.to_path_buf(),
            source,
        },
    )?;
    // A character cut by the prefix's end is not an error: only an invalid sequence is.
    Ok(match std::str::from_utf8(&prefix) {
        Ok(_) => true,
        Err(e) => e.error_len().is_none(),
    })
}

fn file_name(path: &Path) -> Option<String> {
    path.file_name().map(|n| n.to_string_lossy().into_owned())
}
