//! Signing files: hashing the translation and its source, building the record, linking it to the
//! previous revision, and writing the envelope atomically; co-signing an existing envelope.
//!
//! Owns the file side of signing (which files are hashed, read and written, and in what order).
//! May use `crate::io`, `crate::crypto` and `crate::record`; never `crate::verify` (a signer
//! does not need the reader's trust) and never the terminal: passphrases and messages are the
//! caller's.

pub mod cosign;

use std::path::{Path, PathBuf};

use jiff::Timestamp;

use crate::Error;
use crate::crypto::digest::Sha256Digest;
use crate::crypto::dsse::Envelope;
use crate::crypto::keys::SecretKey;
use crate::io::files::{self, Overwrite, Visibility};
use crate::record::{self, Documents, Metadata, PreviousRecord, Statement};

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
    /// The signing time to record.
    pub signed_at: Timestamp,
}

/// Hashes the documents, reads the previous revision's link and builds the record (the
/// statement, not yet signed) for a request.
pub fn build_record(request: &SignRequest) -> Result<Statement, Error> {
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
    let previous = request.previous.as_deref().map(previous_link).transpose()?;
    Ok(record::build_statement(
        &documents,
        &request.metadata,
        request.signed_at,
        previous,
    )?)
}

/// The link to the record in the envelope at `path`. The previous envelope's signature is not
/// checked here (the signer may not hold the old key); `tprov log` verifies chains. An envelope
/// that carries no tprov record is [`Error::NotARecord`].
pub fn previous_link(path: &Path) -> Result<PreviousRecord, Error> {
    let envelope = read_envelope(path)?;
    let statement = Statement::from_envelope(&envelope).map_err(|problem| Error::NotARecord {
        path: path.to_path_buf(),
        problem,
    })?;
    Ok(PreviousRecord::to(&envelope, &statement))
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

fn file_name(path: &Path) -> Option<String> {
    path.file_name().map(|n| n.to_string_lossy().into_owned())
}
