//! Step 5 by text: when a reader's copy is not the signed bytes, whether its canonical text is
//! the signed text (a *text match*, with what differed), and when it is not, the diagnosis.
//!
//! Readers rarely hold the exact bytes a publisher signed (Windows line endings, a re-wrapped
//! copy, the HTML made from the signed Markdown, the text copied from a browser). The record's
//! `text` block binds the words; this module compares the copy's words with it.

use std::path::Path;

use crate::crypto::digest::Sha256Digest;
use crate::text::diagnose::{self, Diagnosis, WordsVerdict};
use crate::text::differ::{Difference, LineEndings, TextProfile};
use crate::text::punctuation::PunctuationKind;
use crate::text::{CanonicalText, FormatChoice, TextFormat, TextRecord};
use crate::verify::wording::plural;

/// A reader's copy of the document, for a verification that may match by text.
#[derive(Debug, Clone, Copy)]
pub struct TextCopy<'a> {
    /// The copy's bytes.
    pub bytes: &'a [u8],
    /// Its file name (its extension decides the format with [`FormatChoice::Auto`]).
    pub name: Option<&'a Path>,
    /// How to read it (`verify --as`).
    pub format: FormatChoice,
    /// `--exact`: only the signed bytes verify, never a text match.
    pub exact: bool,
}

/// What the copy's text says about a copy whose bytes are not the signed ones.
pub(crate) enum Judgement {
    /// The canonical text is the signed text: verified by text, with notes on what differed.
    Text {
        /// The check's detail.
        detail: String,
        /// What differed, structured.
        differences: Vec<Difference>,
        /// What differed, in plain words.
        notes: Vec<String>,
    },
    /// The text differs: not verified, with why.
    Differs {
        /// The check's detail.
        detail: String,
        /// Which sentences changed.
        diagnosis: Diagnosis,
    },
    /// The text could not be compared (no text block, not text, `--exact`): why not.
    NotCompared(String),
}

/// Judges a copy whose bytes differ from the signed ones against the record's text block.
/// `disclosures` are sentences the copy may carry before or after the signed text without
/// failing (the disclosure lines tprov writes from this record): said in a note when found.
pub(crate) fn judge(
    record: Option<&TextRecord>,
    copy: &TextCopy<'_>,
    disclosures: &[String],
) -> Judgement {
    let Some(record) = record else {
        return Judgement::NotCompared(
            "the record has no text block (it was signed as bytes), so only the signed bytes verify"
                .into(),
        );
    };
    if copy.exact {
        return Judgement::NotCompared(
            "--exact demands the signed bytes (without it, a copy with the signed words would verify by text)".into(),
        );
    }
    if let Err(e) = record.validate() {
        return Judgement::NotCompared(e.to_string());
    }
    let Some(format) = copy.format.resolve(copy.name, copy.bytes) else {
        return Judgement::NotCompared(
            "the document is not UTF-8 text (or is read as bytes), so its text cannot be compared"
                .into(),
        );
    };
    let text = match CanonicalText::from_bytes(copy.bytes, format) {
        Ok(text) => text,
        Err(e) => return Judgement::NotCompared(e.to_string()),
    };
    let with_disclosure = text.sha256() != record.sha256
        && disclosures
            .iter()
            .any(|sentence| is_signed_text_with(&text.text, sentence, record));
    if with_disclosure || text.sha256() == record.sha256 {
        let differences = TextProfile::of(copy.bytes, format)
            .map(|profile| profile.against_record(record))
            .unwrap_or_default();
        let mut notes = explain(&differences, text.removed_invisible);
        if with_disclosure {
            notes.push(
                "the copy also carries the disclosure line tprov writes from this record; it is not part of the signed text"
                    .to_owned(),
            );
        }
        return Judgement::Text {
            detail: format!(
                "text match: the bytes differ, but the canonical text (SHA-256 {}) is the signed text, word for word ({} read as {})",
                record.sha256,
                plural(
                    record
                        .sentences
                        .len()
                        .max(record.sentence_count.unwrap_or(0)),
                    "sentence"
                ),
                format.name()
            ),
            differences,
            notes,
        };
    }
    let diagnosis = diagnose::diagnose(record, &text);
    Judgement::Differs {
        detail: summary(&diagnosis),
        diagnosis,
    }
}

/// Whether `text` is the signed text with the disclosure `sentence` before or after it (with
/// or without a space between, as canonical text joins blocks).
fn is_signed_text_with(text: &str, sentence: &str, record: &TextRecord) -> bool {
    let Ok(sentence) = CanonicalText::from_text(sentence, TextFormat::Plain) else {
        return false;
    };
    let sentence = sentence.text.as_str();
    let rest = [
        text.strip_suffix(sentence).map(str::trim_end),
        text.strip_prefix(sentence).map(str::trim_start),
    ];
    rest.into_iter()
        .flatten()
        .any(|rest| !sentence.is_empty() && Sha256Digest::of(rest.as_bytes()) == record.sha256)
}

/// The check detail of a copy whose text differs.
fn summary(diagnosis: &Diagnosis) -> String {
    let mut detail = String::from("the document's words differ from the signed text: ");
    if diagnosis.sentences_listed {
        detail.push_str(&format!(
            "{} of {} signed sentences found unchanged",
            diagnosis.unchanged, diagnosis.signed_sentences
        ));
    } else {
        detail.push_str(
            "the record lists no sentence digests (a text of more than 20,000 sentences), so the changes cannot be located",
        );
    }
    match &diagnosis.words {
        WordsVerdict::Same { punctuation } if !punctuation.is_empty() => {
            let kinds: Vec<&str> = punctuation.iter().map(|k| punctuation_name(*k)).collect();
            detail.push_str(&format!(
                "; the words are the same, only {} changed",
                kinds.join(", ")
            ));
        }
        WordsVerdict::Same { .. } => detail.push_str("; the words are the same"),
        WordsVerdict::Changed | WordsVerdict::Unknown => {}
    }
    detail
}

/// A kind of punctuation for people.
pub fn punctuation_name(kind: PunctuationKind) -> &'static str {
    match kind {
        PunctuationKind::QuotationMarks => "quotation marks",
        PunctuationKind::Apostrophes => "apostrophes",
        PunctuationKind::Dashes => "dashes",
        PunctuationKind::Ellipsis => "ellipses",
    }
}

/// What differed, in plain words, for the report's notes.
fn explain(differences: &[Difference], invisible: usize) -> Vec<String> {
    let mut notes: Vec<String> = differences.iter().filter_map(note).collect();
    // The record cannot say how the signed bytes were laid out: when nothing else explains
    // the difference, it is in the wrapping, spacing or markup.
    if differences.is_empty() {
        notes.push("the copy is wrapped, spaced or marked up differently from the signed document; none of that is part of the signed text".into());
    }
    if invisible > 0
        && !differences
            .iter()
            .any(|d| matches!(d, Difference::InvisibleCharacters { .. }))
    {
        notes.push(invisible_note(invisible));
    }
    notes
}

fn note(difference: &Difference) -> Option<String> {
    Some(match difference {
        Difference::Format { signed, copy } => format!(
            "the copy is {} and the signed document was {}: markup, links, images and styling are not covered, only the words",
            copy.name(),
            signed.name()
        ),
        Difference::LineEndings { copy, .. } => format!(
            "the copy has {} line endings; line endings are not part of the signed text",
            match copy {
                LineEndings::Crlf => "Windows (CRLF)",
                LineEndings::Cr => "old Mac (CR)",
                LineEndings::Mixed => "mixed",
                LineEndings::Lf | LineEndings::None => return None,
            }
        ),
        Difference::ByteOrderMark { .. } => {
            "the copy starts with a byte order mark (not part of the signed text)".into()
        }
        Difference::Wrapping => "lines are wrapped or spaced differently".into(),
        Difference::Markup => "the markup differs (markup is not covered, only the words)".into(),
        Difference::InvisibleCharacters { copy, .. } => invisible_note(*copy),
        Difference::UnicodeNormalization => {
            "some characters are encoded in another Unicode normalization form (the same characters)"
                .into()
        }
    })
}

fn invisible_note(count: usize) -> String {
    format!(
        "the copy has {} (such as zero-width spaces or soft hyphens); they are not part of the signed text",
        plural(count, "invisible character")
    )
}
