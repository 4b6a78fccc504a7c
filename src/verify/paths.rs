//! Verifying files: hashing the document (and source), reading the envelope within its limit,
//! and running the pipeline on them.

use std::path::PathBuf;

use crate::Error;
use crate::crypto::digest::Sha256Digest;
use crate::io::envelope_file::{default_envelope_path, read_envelope_bytes};
use crate::verify::pipeline::{Subjects, envelope_too_large, verify_envelope_with};
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
    let document = Sha256Digest::of_file(&paths.document)?;
    let source = paths
        .source
        .as_deref()
        .map(Sha256Digest::of_file)
        .transpose()?;
    let subjects = Subjects {
        document,
        document_name: paths
            .document
            .file_name()
            .map(|n| n.to_string_lossy().into_owned()),
        source,
    };
    let mut report = match read_envelope_bytes(&paths.envelope) {
        Ok(bytes) => verify_envelope_with(&bytes, &subjects, trust, policy),
        Err(Error::TooLarge { .. }) => envelope_too_large(source.is_some()),
        Err(e) => return Err(e),
    };
    report.document = Some(paths.document.clone());
    report.envelope = Some(paths.envelope.clone());
    Ok(report)
}
