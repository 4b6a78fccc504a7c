//! Verifying files: hashing the document (and source), reading the envelope within its limit,
//! and running the pipeline on them.

use std::path::PathBuf;

use crate::Error;
use crate::crypto::digest::Sha256Digest;
use crate::io::envelope_file::{default_envelope_path, read_envelope_bytes};
use crate::io::files;
use crate::publish::embed::DocumentFormat;
use crate::text::{FormatChoice, MAX_TEXT_BYTES};
use crate::verify::page::{Page, verify_page};
use crate::verify::pipeline::{Subjects, envelope_too_large, verify_envelope_text};
use crate::verify::policy::Policy;
use crate::verify::report::{MatchKind, Report};
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

/// Documents up to this size that may be matched by text are read whole at once: one read
/// serves the hash and the text. Larger ones are hashed as a stream and read into memory only
/// when their bytes differ from the signed ones, so an exact copy of a large file verifies in
/// constant memory — except HTML pages, which are always read (within the text limit) because
/// their disclosure is checked even when the bytes are the signed ones.
const READ_WHOLE_UP_TO: u64 = 1024 * 1024;

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
    // The document first: when it and its envelope are both missing, the document is named.
    let (file, size) = files::open_regular_sized(&paths.document)?;
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
    let judge = |document: Document<'_>| {
        let Some(envelope) = &envelope else {
            return envelope_too_large(source.is_some());
        };
        match document {
            // The document in memory: a page, matched by its text (decoded from its declared
            // charset) and its disclosure checked. Given even with `exact`, so the report
            // can say a text match was refused.
            Document::Read(bytes) => {
                let page = Page {
                    bytes,
                    name: Some(&paths.document),
                    format,
                    charset: None,
                    exact,
                };
                verify_page(&page, envelope, source, trust, policy)
            }
            Document::Hashed(digest) => {
                let subjects = Subjects {
                    document: digest,
                    document_name: paths
                        .document
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned()),
                    source,
                };
                verify_envelope_text(envelope, &subjects, None, trust, policy)
            }
        }
    };
    let text_limit = MAX_TEXT_BYTES as u64;
    let by_text = format != FormatChoice::Bytes;
    let read_whole = size <= READ_WHOLE_UP_TO || is_html(format, &paths.document);
    let mut report = if by_text && read_whole && size <= text_limit {
        let bytes = files::read_opened_limited(file, size, &paths.document, text_limit)?;
        judge(Document::Read(&bytes))
    } else {
        let digest = Sha256Digest::of_opened_file(file, size, &paths.document)?;
        let report = judge(Document::Hashed(digest));
        let bytes_differ = report.match_kind == Some(MatchKind::None);
        if by_text && bytes_differ && size <= text_limit {
            match files::read_limited(&paths.document, text_limit) {
                // Judged again on the bytes read, so hash and text are of the same content.
                Ok(bytes) => judge(Document::Read(&bytes)),
                Err(Error::TooLarge { .. }) => report,
                Err(e) => return Err(e),
            }
        } else {
            report
        }
    };
    report.document = Some(paths.document.clone());
    report.envelope = Some(paths.envelope.clone());
    Ok(report)
}

/// The document of a verification: read into memory, or only hashed.
enum Document<'a> {
    Read(&'a [u8]),
    Hashed(Sha256Digest),
}

/// Whether the document is read as HTML (`--as html`, or `auto` with an HTML file name).
fn is_html(format: FormatChoice, path: &std::path::Path) -> bool {
    let by_name = || {
        path.file_name()
            .and_then(|name| name.to_str())
            .is_some_and(|name| DocumentFormat::from_file_name(name) == DocumentFormat::Html)
    };
    format == FormatChoice::Html || (format == FormatChoice::Auto && by_name())
}
