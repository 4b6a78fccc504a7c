//! What differed between two copies with the same canonical text: line endings, wrapping,
//! markup or format, invisible characters, Unicode normalization, a byte order mark.
//!
//! With both copies (`tprov diff`), [`what_differed`] compares their profiles. At verification
//! the signed bytes are not at hand: [`TextProfile::against_record`] says what can be said from
//! the copy and the record alone (its format, its line endings, its invisible characters).

use serde::Serialize;
use sha2::{Digest as _, Sha256};

use super::canonical::{CanonicalText, TextFormat};
use super::error::TextError;
use super::record::TextRecord;
use super::{extract, html, markdown, normalize};

/// The line endings a text uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum LineEndings {
    /// No line break at all.
    None,
    /// LF only (Unix).
    Lf,
    /// CRLF only (Windows).
    Crlf,
    /// CR only (classic Mac OS).
    Cr,
    /// More than one kind (or NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR).
    Mixed,
}

/// One way two copies with the same canonical text differ.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[non_exhaustive]
pub enum Difference {
    /// The copies are in different formats (e.g. the Markdown signed, its HTML read).
    Format {
        /// The signed document's format.
        signed: TextFormat,
        /// The copy's format.
        copy: TextFormat,
    },
    /// The line endings differ (`signed` is unknown at verification).
    LineEndings {
        /// The signed document's line endings, when it is at hand.
        signed: Option<LineEndings>,
        /// The copy's line endings.
        copy: LineEndings,
    },
    /// One copy starts with a byte order mark and the other does not.
    ByteOrderMark {
        /// Whether the copy has one.
        copy: bool,
    },
    /// Where lines break, or how much white space there is (re-wrapped, re-indented).
    Wrapping,
    /// The markup differs (or content that is not text: front matter, comments, scripts, an
    /// embedded envelope, text outside the article).
    Markup,
    /// Invisible characters (not part of the text) were added, removed or moved.
    InvisibleCharacters {
        /// How many the signed document had, when it is at hand.
        signed: Option<usize>,
        /// How many the copy has.
        copy: usize,
    },
    /// The same characters in another Unicode normalization form (decomposed accents).
    UnicodeNormalization,
}

/// What a copy looks like below its canonical text: enough to name what differed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TextProfile {
    format: TextFormat,
    bom: bool,
    line_endings: LineEndings,
    removed_invisible: usize,
    /// Whether the extracted text was not in NFC.
    denormalized: bool,
    /// SHA-256 of the input with line endings made LF (and no BOM).
    source: [u8; 32],
    /// SHA-256 of the extracted blocks, line endings made LF, before any normalization.
    extracted: [u8; 32],
    /// The same after invisible characters are removed and NFC applied.
    cleaned: [u8; 32],
}

impl TextProfile {
    /// Profiles a copy (off the hot path: only when a text match or a diff needs it).
    pub fn of(bytes: &[u8], format: TextFormat) -> Result<Self, TextError> {
        let canonical = CanonicalText::from_bytes(bytes, format)?;
        let text = std::str::from_utf8(bytes).map_err(|e| TextError::NotUtf8 {
            valid_up_to: e.valid_up_to(),
        })?;
        let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
        let blocks = match format {
            TextFormat::Plain => extract::plain(text),
            TextFormat::Markdown => markdown::extract(text),
            TextFormat::Html => html::extract(text),
        };
        let (mut extracted, mut cleaned) = (Sha256::new(), Sha256::new());
        let mut denormalized = false;
        for block in blocks.iter() {
            extracted.update(lf(block).as_bytes());
            extracted.update(b"\x1e");
            let mut ignored = 0;
            let clean = normalize::clean_block(block, &mut ignored);
            denormalized |= normalize::was_denormalized(block);
            cleaned.update(lf(&clean).as_bytes());
            cleaned.update(b"\x1e");
        }
        Ok(Self {
            format,
            bom: canonical.had_bom,
            line_endings: line_endings(text),
            removed_invisible: canonical.removed_invisible,
            denormalized,
            source: Sha256::digest(lf(text).as_bytes()).into(),
            extracted: extracted.finalize().into(),
            cleaned: cleaned.finalize().into(),
        })
    }

    /// The copy's line endings.
    pub fn line_endings(&self) -> LineEndings {
        self.line_endings
    }

    /// What can be said at verification, from the copy and the signed record alone, of a copy
    /// whose canonical text matches the record but whose bytes do not.
    pub fn against_record(&self, record: &TextRecord) -> Vec<Difference> {
        let mut found = Vec::new();
        if record.format != self.format {
            found.push(Difference::Format {
                signed: record.format,
                copy: self.format,
            });
        }
        if matches!(
            self.line_endings,
            LineEndings::Crlf | LineEndings::Cr | LineEndings::Mixed
        ) {
            found.push(Difference::LineEndings {
                signed: None,
                copy: self.line_endings,
            });
        }
        if self.bom {
            found.push(Difference::ByteOrderMark { copy: true });
        }
        if self.removed_invisible > 0 {
            found.push(Difference::InvisibleCharacters {
                signed: None,
                copy: self.removed_invisible,
            });
        }
        if self.denormalized {
            found.push(Difference::UnicodeNormalization);
        }
        found
    }
}

/// What differed between a signed document and a copy whose canonical texts are equal
/// (empty when the profiles are the same, which for equal texts means equal bytes up to what
/// the profile does not see).
pub fn what_differed(signed: &TextProfile, copy: &TextProfile) -> Vec<Difference> {
    let mut found = Vec::new();
    if signed.format != copy.format {
        found.push(Difference::Format {
            signed: signed.format,
            copy: copy.format,
        });
    }
    if signed.line_endings != copy.line_endings
        && signed.line_endings != LineEndings::None
        && copy.line_endings != LineEndings::None
    {
        found.push(Difference::LineEndings {
            signed: Some(signed.line_endings),
            copy: copy.line_endings,
        });
    }
    if signed.bom != copy.bom {
        found.push(Difference::ByteOrderMark { copy: copy.bom });
    }
    if signed.denormalized != copy.denormalized {
        found.push(Difference::UnicodeNormalization);
    }
    let invisible_moved = signed.extracted != copy.extracted && signed.cleaned == copy.cleaned;
    if signed.removed_invisible != copy.removed_invisible
        || (invisible_moved && !found.contains(&Difference::UnicodeNormalization))
    {
        found.push(Difference::InvisibleCharacters {
            signed: Some(signed.removed_invisible),
            copy: copy.removed_invisible,
        });
    }
    if signed.format == copy.format {
        if signed.cleaned != copy.cleaned {
            found.push(Difference::Wrapping);
        }
        if signed.source != copy.source && signed.extracted == copy.extracted {
            found.push(Difference::Markup);
        }
    }
    found
}

/// The text with every CRLF and CR made LF.
fn lf(text: &str) -> std::borrow::Cow<'_, str> {
    if text.contains('\r') {
        std::borrow::Cow::Owned(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

/// The line endings of a text (one pass over its bytes).
fn line_endings(text: &str) -> LineEndings {
    let bytes = text.as_bytes();
    let crlf = bytes.windows(2).filter(|pair| pair == b"\r\n").count();
    let cr = memchr::memchr_iter(b'\r', bytes).count() - crlf;
    let lf = memchr::memchr_iter(b'\n', bytes).count() - crlf;
    let other = text.contains(['\u{85}', '\u{2028}', '\u{2029}']);
    match (crlf > 0, cr > 0, lf > 0, other) {
        (false, false, false, false) => LineEndings::None,
        (false, false, true, false) => LineEndings::Lf,
        (true, false, false, false) => LineEndings::Crlf,
        (false, true, false, false) => LineEndings::Cr,
        _ => LineEndings::Mixed,
    }
}
