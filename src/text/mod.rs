//! Text records: the canonical text of a document (plain text, Markdown, HTML), its sentence
//! digests, and what a reader's copy or a quote can be checked against.
//!
//! Owns canonical text v1 (extraction per format, NFC, invisible characters, the whitespace
//! rule, UAX #29 sentences), the `text` block of a record ([`TextRecord`]), what differed
//! between two copies with equal text ([`differ`]) and the diagnosis of a copy whose text
//! differs ([`diagnose`]). May use `crate::crypto` (digests) and nothing else of the crate: it
//! never reads files, prints or verifies signatures.
//!
//! ```
//! use tprov::text::{CanonicalText, TextFormat, TextRecord};
//!
//! let signed = "# Report\n\nThe council met on\nMonday.  It voted 7–2.\n";
//! let record = TextRecord::new(&CanonicalText::from_bytes(signed.as_bytes(), TextFormat::Markdown)?);
//! assert_eq!(record.sentences.len(), 3);
//! assert_eq!(record.paragraphs, [0, 1]);
//!
//! // A reader's copy from the web page: other markup, other wrapping, same words.
//! let copy = "<article><h1>Report</h1><p>The council met on Monday. It voted 7–2.</p></article>";
//! let copy = CanonicalText::from_bytes(copy.as_bytes(), TextFormat::Html)?;
//! assert_eq!(copy.sha256(), record.sha256);
//! # Ok::<(), tprov::text::TextError>(())
//! ```

mod canonical;
mod chars;
pub mod diagnose;
pub mod differ;
mod error;
mod extract;
mod html;
mod html_tree;
pub mod markdown;
mod normalize;
pub mod punctuation;
mod record;

use std::path::Path;

pub use canonical::{CanonicalText, MAX_TEXT_BYTES, TextFormat};
pub use error::{RecordProblem, TextError};
pub use record::{CANONICALIZATION_V1, MAX_LISTED_SENTENCES, TextRecord};

/// How a document is to be read (`--as`): as one of the text formats, as bytes only, or
/// decided from its name and content.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum FormatChoice {
    /// Markdown by extension (`.md`, `.markdown`), HTML by extension (`.html`, `.htm`,
    /// `.xhtml`), any other valid UTF-8 plain text, anything else bytes.
    #[default]
    Auto,
    /// Plain text.
    Plain,
    /// Markdown.
    Markdown,
    /// HTML.
    Html,
    /// Bytes only: no text record (the behaviour before text records).
    Bytes,
}

impl FormatChoice {
    /// The text format to use for a document named `name` with content `bytes`, or `None` for
    /// bytes only. An explicit text format is returned as is (canonicalising a document that is
    /// not UTF-8 then fails with [`TextError::NotUtf8`]); `Auto` never picks a text format for
    /// a document that is not UTF-8, whatever its extension.
    pub fn resolve(self, name: Option<&Path>, bytes: &[u8]) -> Option<TextFormat> {
        match self {
            Self::Plain => Some(TextFormat::Plain),
            Self::Markdown => Some(TextFormat::Markdown),
            Self::Html => Some(TextFormat::Html),
            Self::Bytes => None,
            Self::Auto => {
                if bytes.len() > MAX_TEXT_BYTES || std::str::from_utf8(bytes).is_err() {
                    return None;
                }
                let extension = name
                    .and_then(Path::extension)
                    .and_then(|e| e.to_str())
                    .map(str::to_ascii_lowercase);
                Some(match extension.as_deref() {
                    Some("md" | "markdown") => TextFormat::Markdown,
                    Some("html" | "htm" | "xhtml") => TextFormat::Html,
                    _ => TextFormat::Plain,
                })
            }
        }
    }
}

impl std::str::FromStr for FormatChoice {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        match name {
            "auto" => Ok(Self::Auto),
            "plain" => Ok(Self::Plain),
            "markdown" => Ok(Self::Markdown),
            "html" => Ok(Self::Html),
            "bytes" => Ok(Self::Bytes),
            other => Err(format!(
                "unknown format {other:?}: use auto, plain, markdown, html or bytes"
            )),
        }
    }
}
