//! The canonical text of a document (canonical text v1) and its sentences.

use std::ops::Range;

use serde::{Deserialize, Serialize};
use unicode_segmentation::UnicodeSegmentation;

use super::error::TextError;
use super::{chars, extract, html, markdown, normalize};
use crate::Sha256Digest;

/// The largest input canonicalised as text (bigger documents are signed and verified as bytes).
pub const MAX_TEXT_BYTES: usize = 256 << 20;

/// How a text document is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TextFormat {
    /// Plain text.
    Plain,
    /// CommonMark Markdown (with tables and front matter).
    Markdown,
    /// HTML (HTML5 parsing).
    Html,
}

impl TextFormat {
    /// The name used in records and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Self::Plain => "plain",
            Self::Markdown => "markdown",
            Self::Html => "html",
        }
    }
}

/// The canonical text of a document: what a reader sees as its words, independent of line
/// endings, wrapping, markup and invisible characters.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct CanonicalText {
    /// The format the text was extracted from.
    pub format: TextFormat,
    /// The canonical text (NFC, single spaces, trimmed).
    pub text: String,
    /// Byte ranges of the sentences in `text`, in order, each trimmed and non-empty.
    pub sentences: Vec<Range<usize>>,
    /// Index (into `sentences`) of the first sentence of each block, strictly increasing.
    pub paragraph_starts: Vec<usize>,
    /// How many invisible characters (Default_Ignorable_Code_Point but ZWNJ and ZWJ) the input
    /// had: they are not part of the text, and a copy carrying them is reported.
    pub removed_invisible: usize,
    /// Whether the input started with a byte order mark (dropped; not counted as invisible).
    pub had_bom: bool,
    /// Byte offsets in `text` where a line of the input began inside a block (for diagnosis).
    line_starts: Vec<usize>,
}

impl CanonicalText {
    /// Canonicalises a document given as bytes; it must be UTF-8.
    pub fn from_bytes(bytes: &[u8], format: TextFormat) -> Result<Self, TextError> {
        if bytes.len() > MAX_TEXT_BYTES {
            return Err(TextError::TooLarge {
                len: bytes.len(),
                limit: MAX_TEXT_BYTES,
            });
        }
        let text = std::str::from_utf8(bytes).map_err(|e| TextError::NotUtf8 {
            valid_up_to: e.valid_up_to(),
        })?;
        Self::from_text(text, format)
    }

    /// Canonicalises a document given as text.
    pub fn from_text(text: &str, format: TextFormat) -> Result<Self, TextError> {
        if text.len() > MAX_TEXT_BYTES {
            return Err(TextError::TooLarge {
                len: text.len(),
                limit: MAX_TEXT_BYTES,
            });
        }
        let (text, had_bom) = match text.strip_prefix('\u{FEFF}') {
            Some(rest) => (rest, true),
            None => (text, false),
        };
        let blocks = match format {
            TextFormat::Plain => extract::plain(text),
            TextFormat::Markdown => markdown::extract(text),
            TextFormat::Html => html::extract(text),
        };
        let normalized = normalize::normalize(&blocks, format == TextFormat::Plain);
        let (sentences, paragraph_starts) = segment(&normalized.text, &normalized.block_starts);
        Ok(Self {
            format,
            text: normalized.text,
            sentences,
            paragraph_starts,
            removed_invisible: normalized.removed_invisible,
            had_bom,
            line_starts: normalized.line_starts,
        })
    }

    /// SHA-256 of the canonical text (UTF-8): the `text.sha256` of a record.
    pub fn sha256(&self) -> Sha256Digest {
        Sha256Digest::of(self.text.as_bytes())
    }

    /// The text of sentence `index`.
    pub fn sentence(&self, index: usize) -> Option<&str> {
        self.sentences
            .get(index)
            .map(|range| &self.text[range.clone()])
    }

    /// SHA-256 of each sentence, in order.
    pub fn sentence_digests(&self) -> impl Iterator<Item = Sha256Digest> + '_ {
        self.sentences
            .iter()
            .map(|range| Sha256Digest::of(self.text[range.clone()].as_bytes()))
    }

    /// The index of the sentence that contains byte `offset` of the text (or the last one that
    /// starts before it).
    pub fn sentence_at(&self, offset: usize) -> usize {
        self.sentences
            .partition_point(|range| range.start <= offset)
            .saturating_sub(1)
    }

    /// The paragraph (index into `paragraph_starts`) of sentence `index`.
    pub fn paragraph_of(&self, sentence: usize) -> usize {
        paragraph_of(&self.paragraph_starts, sentence)
    }

    /// Byte offsets where an input line began inside a block.
    pub fn line_starts(&self) -> &[usize] {
        &self.line_starts
    }
}

/// The paragraph of sentence `sentence`, given the paragraphs' first sentences.
pub(crate) fn paragraph_of(paragraph_starts: &[usize], sentence: usize) -> usize {
    paragraph_starts
        .partition_point(|&start| start <= sentence)
        .saturating_sub(1)
}

/// Step 5: UAX #29 sentences within each block (a block edge always ends a sentence), trimmed.
fn segment(text: &str, block_starts: &[usize]) -> (Vec<Range<usize>>, Vec<usize>) {
    let mut sentences = Vec::new();
    let mut paragraphs = Vec::with_capacity(block_starts.len());
    let ends = block_starts.iter().skip(1).copied().chain([text.len()]);
    for (&start, end) in block_starts.iter().zip(ends) {
        let first = sentences.len();
        let block = &text[start..end];
        let mut from = 0;
        for to in sentence_bounds(block) {
            let piece = &block[from..to];
            let trimmed = piece.trim_matches(' ');
            if !trimmed.is_empty() {
                let at = start + from + (piece.len() - piece.trim_start_matches(' ').len());
                sentences.push(at..at + trimmed.len());
            }
            from = to;
        }
        if sentences.len() > first {
            paragraphs.push(first);
        }
    }
    (sentences, paragraphs)
}

/// The UAX #29 sentence boundaries of a canonical block (the ends of `split_sentence_bounds`'s
/// pieces), found fast: in canonical text a boundary can only follow a terminator (STerm or
/// ATerm; there are no separators left), so the segmenter runs only from the character before
/// each terminator — the one character of look-behind the rules use (SB7) — to the boundary
/// after it, instead of over every character; the most common end (`end. Next`) needs no
/// segmenter at all ([`obvious_bound`]). A unit test and a property test check it against
/// `split_sentence_bound_indices` over the whole block. Each step advances, so the loop is
/// bounded by the block's length.
fn sentence_bounds(block: &str) -> Vec<usize> {
    let mut bounds = Vec::new();
    let mut start = 0;
    while start < block.len() {
        let next = match next_terminator(block, start) {
            None => block.len(),
            Some(terminator) => obvious_bound(block, terminator)
                .unwrap_or_else(|| segmenter_bound(block, start, terminator)),
        };
        bounds.push(next);
        start = next;
    }
    bounds
}

/// The next boundary after `start`, whose first terminator is at `terminator`, from the
/// segmenter run from the character before the terminator.
fn segmenter_bound(block: &str, start: usize, terminator: usize) -> usize {
    let from = block[start..terminator]
        .char_indices()
        .next_back()
        .map_or(start, |(i, _)| start + i);
    let end = first_bound(&block[from..]) + from;
    if end > terminator {
        end
    } else {
        start + first_bound(&block[start..])
    }
}

/// The most common sentence end, decided without the segmenter: an ASCII terminator, one
/// space and an ASCII capital letter (`… end. Next`). The boundary is before the capital: the
/// space keeps SB7 (`U.S`) from applying, a capital is not the lowercase SB8 looks for, nor
/// SContinue or a terminator (SB8a), nor a space (SB9, SB10), so SB11 breaks there.
fn obvious_bound(block: &str, terminator: usize) -> Option<usize> {
    let bytes = block.as_bytes();
    let obvious = bytes[terminator].is_ascii()
        && bytes.get(terminator + 1) == Some(&b' ')
        && bytes
            .get(terminator + 2)
            .is_some_and(u8::is_ascii_uppercase);
    obvious.then_some(terminator + 2)
}

/// The end of the first sentence piece of `text` (its length if there is one piece).
fn first_bound(text: &str) -> usize {
    text.split_sentence_bound_indices()
        .next()
        .map_or(text.len(), |(_, piece)| piece.len())
}

/// The byte offset of the first sentence terminator at or after `from`.
fn next_terminator(block: &str, from: usize) -> Option<usize> {
    let rest = &block.as_bytes()[from..];
    let ascii_end = rest
        .iter()
        .position(|b| !b.is_ascii())
        .unwrap_or(rest.len());
    if let Some(at) = memchr::memchr3(b'.', b'!', b'?', &rest[..ascii_end]) {
        return Some(from + at);
    }
    let tail = from + ascii_end;
    block[tail..]
        .char_indices()
        .find(|&(_, c)| chars::is_sentence_terminator(c))
        .map(|(i, _)| tail + i)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;

    fn reference(block: &str) -> Vec<usize> {
        block
            .split_sentence_bound_indices()
            .map(|(i, piece)| i + piece.len())
            .collect()
    }

    #[test]
    fn fast_sentence_bounds_match_the_segmenter_on_known_cases() {
        for block in [
            "",
            "One.",
            "Mr. Smith went. He left.",
            "U.S. News. ok",
            "e.g. the cat. The dog!",
            "“Stop.” Then (he left.) And 3.14 is pi. a.b",
            "你好。世界！再见？",
            "He said... so. Yes?! No.",
            "The end.)  Next",
            "x.\u{201D} ",
            "Wait . . . what? A",
            "ﾃｽﾄ｡ abc．Def",
        ] {
            assert_eq!(sentence_bounds(block), reference(block), "{block:?}");
        }
    }

    proptest! {
        #[test]
        fn fast_sentence_bounds_match_the_segmenter(
            parts in prop::collection::vec(prop_oneof![
                "[a-zA-Z0-9]{1,5}", Just(".".to_owned()), Just("!".to_owned()), Just("?".to_owned()),
                Just(" ".to_owned()), Just("“".to_owned()), Just("”".to_owned()), Just(")".to_owned()),
                Just("(".to_owned()), Just("。".to_owned()), Just("中".to_owned()), Just(",".to_owned()),
                Just("…".to_owned()), Just("'".to_owned()), Just("3".to_owned()), Just("Ａ".to_owned()),
            ], 0..40)
        ) {
            let block = parts.concat();
            prop_assert_eq!(sentence_bounds(&block), reference(&block), "{:?}", block);
        }
    }
}
