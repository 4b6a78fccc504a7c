//! Verifying files: hashing the document (and source), reading the envelope within its limit,
//! and running the pipeline on them.

use std::path::PathBuf;

use crate::Error;
use crate::crypto::digest::Sha256Digest;
use crate::io::envelope_file::{default_envelope_path, read_envelope_bytes};
use crate::io::files;
use crate::text::{FormatChoice, MAX_TEXT_BYTES};
use crate::verify::page::{Page, verify_page};
use crate::verify::pipeline::{Subjects, envelope_too_large, verify_envelope_text};
use crate::verify::policy::Policy;
use crate::verify::report::Report;
use crate::verify::trust::TrustStore;

/// Where the documents of a verification are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyPaths {
    /// The translated document.
    pub document: PathBuf,
    /// Its envelope (usually `DOCUMENT.tprov.json`).
    pub envelope: PathBuf,
    /// The source document, when the reader has it.
    pub source: Option<PathBuf>,
}

impl VerifyPaths {
    /// Paths for `document` with its envelope in the default place.
    pub fn for_document(document: impl Into<PathBuf>) -> Self {
        let document = document.into();
        Self {
            envelope: default_envelope_path(&document),
            document,
            source: None,
        }
    }
}

/// Verifies files with the default [`Policy`]. See [`verify_files_with`].
pub fn verify_files(paths: &VerifyPaths, trust: &TrustStore) -> Result<Report, Error> {
    verify_files_with(paths, trust, &Policy::default())
}

/// Verifies files against trusted keys and a policy. Missing or unreadable documents and
/// envelopes are errors (the check could not be made); an envelope over the size limit is a
/// failed envelope check.
pub fn verify_files_with(
    paths: &VerifyPaths,
    trust: &TrustStore,
    policy: &Policy,
) -> Result<Report, Error> {
    verify_files_text(paths, trust, policy, FormatChoice::Bytes, true)
}

/// Verifies files, matching the document by its text when its bytes are not the signed ones
/// (unless `exact`): `format` says how to read it (`verify --as`). A document over the text
/// limit is checked by its bytes only.
pub fn verify_files_text(
    paths: &VerifyPaths,
    trust: &TrustStore,
    policy: &Policy,
    format: FormatChoice,
    exact: bool,
) -> Result<Report, Error> {
    // Read even with `exact`, so the report can say a text match was refused.
    let bytes = match format != FormatChoice::Bytes {
        true => match files::read_limited(&paths.document, MAX_TEXT_BYTES as u64) {
            Ok(bytes) => Some(bytes),
            Err(Error::TooLarge { .. }) => None,
            Err(e) => return Err(e),
        },
        false => None,
    };
    // Hashed before the envelope is read, so a missing document is named first.
    let document = match &bytes {
        Some(_) => None,
        None => Some(Sha256Digest::of_file(&paths.document)?),
    };
    let source = paths
        .source
        .as_deref()
        .map(Sha256Digest::of_file)
        .transpose()?;
    let envelope = match read_envelope_bytes(&paths.envelope) {
        Ok(envelope) => Some(envelope),
        Err(Error::TooLarge { .. }) => None,
        Err(e) => return Err(e),
    };
    let mut report = match (&envelope, &bytes) {
        (None, _) => envelope_too_large(source.is_some()),
        // The document in memory: a page, matched by its text (decoded from its declared
        // charset) and its disclosure checked.
        (Some(envelope), Some(bytes)) => {
            let page = Page {
                bytes,
                name: Some(&paths.document),
                format,
                charset: None,
                exact,
            };
            verify_page(&page, envelope, source, trust, policy)
        }
        (Some(envelope), None) => {
            let subjects = Subjects {
                document: document.expect("hashed when not read"),
                document_name: paths
                    .document
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned()),
                source,
            };
            verify_envelope_text(envelope, &subjects, None, trust, policy)
        }
    };
    report.document = Some(paths.document.clone());
    report.envelope = Some(paths.envelope.clone());
    Ok(report)
}
