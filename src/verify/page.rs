//! Verifying a published page: its bytes (read from a file or fetched from an address), an
//! envelope from wherever it came (beside the page, embedded in it, behind its `has_provenance`
//! link), matched by text, and the page's disclosure checked against the verified record.
//!
//! A page that carries its envelope never has the signed bytes (embedding changed them), so it
//! verifies by its text: embedding never changes the canonical text, and the embedded block is
//! no part of it. Keys never come from the page: the reader's trusted keys are the only ones.

use std::borrow::Cow;
use std::path::Path;

use serde::Serialize;

use crate::crypto::digest::Sha256Digest;
use crate::publish::embed::{self, DocumentFormat, EmbedError, Embedded};
use crate::text::FormatChoice;
use crate::verify::disclosure::check_page_disclosures;
use crate::verify::pipeline::{Subjects, verify_envelope_text};
use crate::verify::policy::Policy;
use crate::verify::report::Report;
use crate::verify::text_match::TextCopy;
use crate::verify::trust::TrustStore;

/// Where the envelope of a page verification came from (`envelopeSource` in JSON, tagged by
/// `kind`). Absent from a report on a document verified with an envelope file: the file is the
/// report's `envelope`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
#[non_exhaustive]
pub enum EnvelopeSource {
    /// A file: the one beside the document or the one given (its path is the report's
    /// `envelope`).
    File,
    /// Embedded in the page.
    Embedded,
    /// Fetched from the page's `has_provenance` link.
    Link {
        /// The envelope's address, resolved against the page's.
        url: String,
    },
}

impl EnvelopeSource {
    /// Where the envelope came from, in words ("embedded in the page").
    pub fn describe(&self, path: Option<&Path>) -> String {
        match self {
            Self::File => path.map_or_else(|| "a file".to_owned(), |p| p.display().to_string()),
            Self::Embedded => "embedded in the page".to_owned(),
            Self::Link { url } => format!("{url} (the page's has_provenance link)"),
        }
    }
}

/// A reader's copy of a page.
#[derive(Debug, Clone, Copy)]
pub struct Page<'a> {
    /// The page's bytes, as read or fetched.
    pub bytes: &'a [u8],
    /// Its file name (or the last segment of its address): with [`FormatChoice::Auto`], its
    /// extension decides the format.
    pub name: Option<&'a Path>,
    /// How to read it (`verify --as`).
    pub format: FormatChoice,
    /// The charset its server declared (the HTTP `Content-Type`), which wins over the page's
    /// own `<meta charset>`.
    pub charset: Option<&'a str>,
    /// `--exact`: only the signed bytes verify.
    pub exact: bool,
}

impl<'a> Page<'a> {
    /// The format the page carries an envelope in: `--as`, else its name's extension.
    pub fn document_format(&self) -> DocumentFormat {
        match self.format {
            FormatChoice::Html => DocumentFormat::Html,
            FormatChoice::Markdown => DocumentFormat::Markdown,
            FormatChoice::Plain => DocumentFormat::Plain,
            _ => DocumentFormat::from_file_name(
                &self
                    .name
                    .and_then(Path::file_name)
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            ),
        }
    }

    fn is_html(&self) -> bool {
        self.format != FormatChoice::Bytes && self.document_format() == DocumentFormat::Html
    }

    /// What tprov put into the page: the envelope (an error when two differ or one is
    /// malformed), the provenance links and the disclosure elements.
    pub fn embedded(&self) -> Result<Embedded, EmbedError> {
        match self.document_format() {
            DocumentFormat::Html => embed::extract_html(self.bytes, self.charset),
            format => embed::extract(self.bytes, format),
        }
    }

    /// The bytes whose text is compared: an HTML page in a declared legacy charset (a
    /// `<meta charset>` or the server's) decoded to UTF-8, as a browser shows it; any other
    /// page as it is. A page whose encoding cannot be told stays as it is, and its text match
    /// then says it is not UTF-8.
    fn text_bytes(&self) -> Cow<'a, [u8]> {
        if !self.is_html() {
            return Cow::Borrowed(self.bytes);
        }
        match embed::html_encoding(self.bytes, self.charset) {
            Ok(encoding) if encoding != encoding_rs::UTF_8 => {
                let (text, _, _) = encoding.decode(self.bytes);
                Cow::Owned(text.into_owned().into_bytes())
            }
            _ => Cow::Borrowed(self.bytes),
        }
    }
}

/// Verifies a page against envelope bytes: the record checks, the page by its bytes or its
/// text, the source when its digest is given, then (for an HTML page, once everything else
/// passed) its disclosure against the verified record. Never fails: every problem is a check
/// in the report.
pub fn verify_page(
    page: &Page<'_>,
    envelope_bytes: &[u8],
    source: Option<Sha256Digest>,
    trust: &TrustStore,
    policy: &Policy,
) -> Report {
    let text = page.text_bytes();
    let copy = TextCopy {
        bytes: &text,
        name: page.name,
        format: page.format,
        exact: page.exact,
    };
    let subjects = Subjects {
        document: Sha256Digest::of(page.bytes),
        document_name: page
            .name
            .and_then(Path::file_name)
            .map(|n| n.to_string_lossy().into_owned()),
        source,
    };
    let mut report = verify_envelope_text(envelope_bytes, &subjects, Some(&copy), trust, policy);
    if page.is_html() {
        let disclosures = embed::html_disclosures(page.bytes, page.charset);
        check_page_disclosures(&mut report, disclosures);
    }
    report
}
