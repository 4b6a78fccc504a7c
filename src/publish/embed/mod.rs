//! Putting an envelope into a document and taking it out again.
//!
//! Three carriers, one per document format, each chosen so that the document's *text* (what a
//! reader sees, and what tprov's canonical text is made of) does not change:
//!
//! - **HTML**: `<script type="application/vnd.dsse.envelope.v1+json" id="tprov-envelope">` at the
//!   end of `<head>`, an optional `<link rel="http://www.w3.org/ns/prov#has_provenance">` (W3C
//!   PROV-AQ) beside it, and an optional disclosure element (`<p data-tprov-disclosure>`) at the
//!   end of the article root. Written with a streaming rewriter (`lol_html`) that copies every
//!   other byte unchanged; read back with an HTML5 tree builder (html5ever through `scraper`).
//! - **Markdown**: an HTML comment block at the end, `<!-- tprov-envelope`, the envelope JSON on
//!   one line, `-->`. CommonMark keeps it as raw HTML and renders nothing. The JSON is written
//!   with `<` and `>` as `\u003c` and `\u003e` — the same JSON value — so it cannot contain the
//!   `-->` or `--!>` that would end the comment; JSON rather than base64 so a person (or `jq`)
//!   can read the record in place, and copying the block out gives a valid envelope file.
//! - **Plain text**: an armour block at the end, `-----BEGIN TPROV ENVELOPE-----`, the base64 of
//!   the envelope JSON wrapped at 64 columns, `-----END TPROV ENVELOPE-----`.
//!
//! Embedding again replaces every tprov block with the new ones: it never duplicates.
//! [`strip`] gives the document back without them; for HTML, byte for byte as it was before
//! the first embedding.

mod charset;
mod html;
mod html_read;
mod markdown;
mod plain;

use crate::crypto::dsse::{Envelope, EnvelopeError, MAX_ENVELOPE_BYTES};

pub use charset::{decode_html, html_encoding};

/// The media type of the script element that carries an envelope in a page: the one cosign uses
/// for DSSE envelopes in OCI registries (DSSE's `envelope.md` names none).
pub const ENVELOPE_MEDIA_TYPE: &str = "application/vnd.dsse.envelope.v1+json";

/// The `id` of the script element that carries the envelope.
pub const ENVELOPE_ELEMENT_ID: &str = "tprov-envelope";

/// The W3C PROV-AQ link relation from a document to its provenance record.
pub const HAS_PROVENANCE_REL: &str = "http://www.w3.org/ns/prov#has_provenance";

/// The attribute that marks tprov's disclosure element in a page.
pub const DISCLOSURE_ATTRIBUTE: &str = "data-tprov-disclosure";

/// The largest document tprov embeds into or reads from: far above any article, it only stops
/// a mistaken input (a video) from being parsed into memory.
pub const MAX_DOCUMENT_BYTES: usize = 64 * 1024 * 1024;

/// The most envelope carriers, provenance links or disclosure elements read from one document;
/// a page with more is not one tprov made, and refusing it bounds the work.
pub const MAX_EMBEDDED_ITEMS: usize = 16;

/// A document format that can carry an envelope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DocumentFormat {
    /// An HTML page.
    Html,
    /// A CommonMark document.
    Markdown,
    /// Plain text.
    Plain,
}

impl DocumentFormat {
    /// The format a file name suggests: `.html`/`.htm`/`.xhtml` → HTML, `.md`/`.markdown` →
    /// Markdown, anything else → plain text.
    pub fn from_file_name(name: &str) -> Self {
        let extension = name
            .rsplit_once('.')
            .map(|(_, ext)| ext.to_ascii_lowercase());
        match extension.as_deref() {
            Some("html" | "htm" | "xhtml") => Self::Html,
            Some("md" | "markdown") => Self::Markdown,
            _ => Self::Plain,
        }
    }

    /// The name used in messages.
    pub fn name(self) -> &'static str {
        match self {
            Self::Html => "HTML",
            Self::Markdown => "Markdown",
            Self::Plain => "plain text",
        }
    }
}

/// Why an envelope could not be embedded in, or read from, a document.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EmbedError {
    /// The document is larger than [`MAX_DOCUMENT_BYTES`].
    #[error("the document is larger than the {MAX_DOCUMENT_BYTES}-byte limit")]
    DocumentTooLarge,
    /// The envelope to embed is not a well-formed DSSE envelope.
    #[error("the envelope to embed is malformed: {0}")]
    EnvelopeToEmbed(EnvelopeError),
    /// An embedded envelope, once its carrier is decoded, is larger than [`MAX_ENVELOPE_BYTES`].
    #[error("embedded envelope {index} is larger than the {MAX_ENVELOPE_BYTES}-byte limit")]
    EmbeddedTooLarge {
        /// Which carrier, counting from 1 in document order.
        index: usize,
    },
    /// A carrier's content is not JSON.
    #[error("embedded envelope {index} is not JSON ({reason})")]
    EmbeddedNotJson {
        /// Which carrier, counting from 1 in document order.
        index: usize,
        /// The parser's message.
        reason: String,
    },
    /// A carrier's content is JSON but not a well-formed DSSE envelope.
    #[error("embedded envelope {index} is malformed: {source}")]
    EmbeddedMalformed {
        /// Which carrier, counting from 1 in document order.
        index: usize,
        /// What is wrong with it.
        source: EnvelopeError,
    },
    /// A plain-text armour block's content is not base64.
    #[error("embedded envelope {index} is not valid base64 inside its armour block")]
    ArmourNotBase64 {
        /// Which block, counting from 1 in document order.
        index: usize,
    },
    /// A plain-text armour block has a BEGIN line but no END line.
    #[error("an armour block starts on line {line} but has no -----END TPROV ENVELOPE----- line")]
    ArmourUnterminated {
        /// The BEGIN line's number, from 1.
        line: usize,
    },
    /// The document carries two or more different envelopes: which one speaks for it?
    #[error("the document carries {count} different envelopes; it cannot be verified by either")]
    ConflictingEnvelopes {
        /// How many different envelopes were found.
        count: usize,
    },
    /// More carriers, links or disclosure elements than [`MAX_EMBEDDED_ITEMS`].
    #[error("the document has more than {MAX_EMBEDDED_ITEMS} {what}; it was not made by tprov")]
    TooManyItems {
        /// What there were too many of.
        what: &'static str,
    },
    /// The document (Markdown or plain text) is not UTF-8.
    #[error("the {format} document is not UTF-8; convert it to UTF-8 first")]
    NotUtf8 {
        /// The format's name.
        format: &'static str,
    },
    /// The page is not UTF-8 and declares no character encoding.
    #[error(
        "the page is not UTF-8 and declares no charset; add <meta charset=\"…\"> or convert it to UTF-8"
    )]
    UndeclaredEncoding,
    /// The page declares a character encoding the WHATWG Encoding Standard does not know.
    #[error("the page declares charset {label:?}, which is not a known encoding label")]
    UnknownEncoding {
        /// The label as declared.
        label: String,
    },
    /// The page is in UTF-16 (a byte-order mark says so), which the rewriter cannot edit.
    #[error("the page is UTF-16; convert it to UTF-8 first")]
    Utf16,
    /// The page has neither a `</head>` end tag nor a `<body>` start tag to place the envelope by.
    #[error("the page has no </head> end tag and no <body> start tag; make it a full HTML page")]
    NoHead,
    /// The article root chosen for the disclosure has no end tag to place the disclosure before.
    #[error("the page's <{element}> has no end tag, so the disclosure cannot be placed at its end")]
    RootNotClosed {
        /// The root element's tag name.
        element: String,
    },
    /// The page has no element that could hold the disclosure.
    #[error(
        "the page has no [data-tprov-root], <article>, <main> or <body> to hold the disclosure"
    )]
    NoArticleRoot,
    /// A disclosure element or a provenance link was asked for in a format that has no place for it.
    #[error("{what} can only be embedded in HTML, not in {format}")]
    HtmlOnly {
        /// `a disclosure` or `a provenance link`.
        what: &'static str,
        /// The document's format.
        format: &'static str,
    },
    /// The Markdown document ends inside an open block (an unclosed code fence or raw HTML
    /// block), which would swallow the comment block as text.
    #[error(
        "the Markdown document ends inside an open block (an unclosed ``` fence or HTML block?); close it and embed again"
    )]
    MarkdownOpenBlock,
    /// The HTML rewriter stopped (a memory limit, or markup it cannot rewrite safely).
    #[error("the page could not be rewritten: {reason}")]
    Rewrite {
        /// The rewriter's message.
        reason: String,
    },
}

/// One envelope found in a document.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EmbeddedEnvelope {
    /// The envelope's JSON as the carrier held it (decoded from base64 for plain text).
    pub json: Vec<u8>,
    /// The parsed envelope (signatures not checked).
    pub envelope: Envelope,
}

/// A disclosure element read from a page: its text and its machine-readable attributes.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PageDisclosure {
    /// The element's text, entities decoded and white space collapsed to single spaces.
    pub text: String,
    /// Its `lang` attribute, when present.
    pub lang: Option<String>,
    /// Its `its-*` (W3C ITS 2.0) and `data-tprov-*` attributes, by name, in document order.
    pub attributes: Vec<(String, String)>,
}

impl PageDisclosure {
    /// The value of an attribute, if present.
    pub fn attribute(&self, name: &str) -> Option<&str> {
        self.attributes
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// Everything tprov put into a document (or someone else did in its format).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Embedded {
    /// The envelope, when the document carries one (copies of the same envelope count once).
    pub envelope: Option<EmbeddedEnvelope>,
    /// The `has_provenance` link targets, in document order (HTML only).
    pub provenance_links: Vec<String>,
    /// The disclosure elements, in document order (HTML only).
    pub disclosures: Vec<PageDisclosure>,
}

/// What to embed besides the envelope (HTML only).
#[derive(Debug, Clone, Copy, Default)]
pub struct EmbedOptions<'a> {
    /// The address of the published envelope, for a `has_provenance` link.
    pub provenance_link: Option<&'a str>,
    /// The disclosure element, as [`crate::publish::disclose`] renders it.
    pub disclosure: Option<&'a crate::publish::disclose::DisclosureHtml>,
}

/// Puts `envelope_json` into `document`, replacing any envelope, provenance link and disclosure
/// element tprov put there before. The document's text outside the block is unchanged.
pub fn embed(
    document: &[u8],
    format: DocumentFormat,
    envelope_json: &[u8],
    options: &EmbedOptions<'_>,
) -> Result<Vec<u8>, EmbedError> {
    check_document_size(document)?;
    if envelope_json.len() as u64 > MAX_ENVELOPE_BYTES {
        return Err(EmbedError::EnvelopeToEmbed(EnvelopeError::TooLarge));
    }
    // Parsing first means a broken envelope is never published. The carriers get compact JSON
    // (one line, fields in the file's order): the same envelope without the file's layout.
    Envelope::from_json(envelope_json).map_err(EmbedError::EnvelopeToEmbed)?;
    let value: serde_json::Value =
        serde_json::from_slice(envelope_json).expect("an envelope that parses is JSON");
    let json = serde_json::to_vec(&value).expect("a JSON value serialises");
    if format != DocumentFormat::Html {
        if options.disclosure.is_some() {
            return Err(html_only("a disclosure", format));
        }
        if options.provenance_link.is_some() {
            return Err(html_only("a provenance link", format));
        }
    }
    match format {
        DocumentFormat::Html => html::embed(document, &json, options),
        DocumentFormat::Markdown => markdown::embed(document, &json),
        DocumentFormat::Plain => plain::embed(document, &json),
    }
}

/// Reads what is embedded in `document`: the envelope (an error when two differ), provenance
/// links and disclosure elements.
pub fn extract(document: &[u8], format: DocumentFormat) -> Result<Embedded, EmbedError> {
    check_document_size(document)?;
    match format {
        DocumentFormat::Html => html_read::extract(document, None),
        DocumentFormat::Markdown => markdown::extract(document),
        DocumentFormat::Plain => plain::extract(document),
    }
}

/// Reads what is embedded in a page fetched with a declared charset (the `charset` parameter of
/// its HTTP `Content-Type`), which takes precedence over the page's own `<meta charset>`.
pub fn extract_html(page: &[u8], transport_charset: Option<&str>) -> Result<Embedded, EmbedError> {
    check_document_size(page)?;
    html_read::extract(page, transport_charset)
}

/// The disclosure elements of a page (the `charset` of its HTTP `Content-Type`, when fetched,
/// takes precedence over its `<meta charset>`), whatever envelopes it carries.
pub fn html_disclosures(
    page: &[u8],
    transport_charset: Option<&str>,
) -> Result<Vec<PageDisclosure>, EmbedError> {
    check_document_size(page)?;
    html_read::extract_disclosures(page, transport_charset)
}

/// The document without tprov's blocks: what it was before [`embed`].
pub fn strip(document: &[u8], format: DocumentFormat) -> Result<Vec<u8>, EmbedError> {
    check_document_size(document)?;
    match format {
        DocumentFormat::Html => html::strip(document),
        DocumentFormat::Markdown => markdown::strip(document).map(String::into_bytes),
        DocumentFormat::Plain => plain::strip(document),
    }
}

fn check_document_size(document: &[u8]) -> Result<(), EmbedError> {
    if document.len() > MAX_DOCUMENT_BYTES {
        Err(EmbedError::DocumentTooLarge)
    } else {
        Ok(())
    }
}

fn html_only(what: &'static str, format: DocumentFormat) -> EmbedError {
    EmbedError::HtmlOnly {
        what,
        format: format.name(),
    }
}

/// Parses each carrier's JSON (numbered from 1) and keeps one envelope: several copies of the
/// same envelope are one, two different ones are a conflict.
fn one_envelope(carriers: Vec<Vec<u8>>) -> Result<Option<EmbeddedEnvelope>, EmbedError> {
    if carriers.len() > MAX_EMBEDDED_ITEMS {
        return Err(EmbedError::TooManyItems {
            what: "embedded envelopes",
        });
    }
    let mut found: Vec<EmbeddedEnvelope> = Vec::new();
    for (i, json) in carriers.into_iter().enumerate() {
        let index = i + 1;
        if json.len() as u64 > MAX_ENVELOPE_BYTES {
            return Err(EmbedError::EmbeddedTooLarge { index });
        }
        if let Err(e) = serde_json::from_slice::<serde::de::IgnoredAny>(&json) {
            return Err(EmbedError::EmbeddedNotJson {
                index,
                reason: e.to_string(),
            });
        }
        let envelope = Envelope::from_json(&json)
            .map_err(|source| EmbedError::EmbeddedMalformed { index, source })?;
        if !found.iter().any(|f| f.envelope == envelope) {
            found.push(EmbeddedEnvelope { json, envelope });
        }
    }
    match found.len() {
        0 | 1 => Ok(found.pop()),
        count => Err(EmbedError::ConflictingEnvelopes { count }),
    }
}

/// JSON text with `<` and `>` written as `\u003c` and `\u003e`, and, with `ascii`, every
/// non-ASCII character as `\uXXXX`: the same JSON value, since these characters can only occur
/// inside JSON strings, where the escapes mean the same characters.
///
/// Why: in a `<script>`, `</script` ends the element and `<!--` followed by `<script` switches
/// the HTML tokenizer into a state where the real `</script>` no longer ends it; in a Markdown
/// comment block, `-->` or `--!>` end the comment. No `<` and no `>` rules all of these out.
/// ASCII output fits a page in any ASCII-compatible legacy encoding.
fn inert_json(json: &[u8], ascii: bool) -> String {
    let text = String::from_utf8_lossy(json);
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            c if ascii && !c.is_ascii() => {
                let mut units = [0u16; 2];
                for unit in c.encode_utf16(&mut units) {
                    out.push_str(&format!("\\u{unit:04x}"));
                }
            }
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inert_json_is_the_same_value_without_angle_brackets() {
        let json = br#"{"a":"</script><!--<script>","b":"-->","c":"\u00e9\u4e2d\ud83d\ude00"}"#;
        let value: serde_json::Value = serde_json::from_slice(json).unwrap();
        for ascii in [false, true] {
            let inert = inert_json(json, ascii);
            assert!(!inert.contains('<') && !inert.contains('>'), "{inert}");
            let again: serde_json::Value = serde_json::from_str(&inert).unwrap();
            assert_eq!(again, value);
        }
        let raw = "{\"c\":\"é中😀\"}";
        let inert = inert_json(raw.as_bytes(), true);
        assert!(inert.is_ascii(), "{inert}");
        let again: serde_json::Value = serde_json::from_str(&inert).unwrap();
        assert_eq!(again["c"], "é中😀");
    }

    #[test]
    fn formats_from_file_names() {
        assert_eq!(
            DocumentFormat::from_file_name("a.HTML"),
            DocumentFormat::Html
        );
        assert_eq!(
            DocumentFormat::from_file_name("a.md"),
            DocumentFormat::Markdown
        );
        assert_eq!(
            DocumentFormat::from_file_name("a.txt"),
            DocumentFormat::Plain
        );
        assert_eq!(
            DocumentFormat::from_file_name("README"),
            DocumentFormat::Plain
        );
    }
}
