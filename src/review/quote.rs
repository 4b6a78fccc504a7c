//! "Was this quoted correctly?" — a quote checked against a signed text record (the quote must
//! be a run of whole signed sentences) or found anywhere in a verified document's canonical
//! text (with where it is, or the closest passage and a word diff when it is not there).
//! Data only; the caller verifies the envelope and the document first, and renders.

use std::collections::HashMap;
use std::collections::VecDeque;
use std::ops::Range;

use memchr::memmem;
use serde::Serialize;
use similar::{ChangeTag, TextDiff};
use unicode_segmentation::UnicodeSegmentation;

use crate::Sha256Digest;
use crate::text::{CanonicalText, TextError, TextRecord};

/// Words of context shown before and after a quote found in a document.
const CONTEXT_WORDS: usize = 8;
/// The most candidate boundaries a quote is cut at when matched against signed sentences.
const MAX_QUOTE_CUTS: usize = 4096;
/// How many boundaries ahead a piece of the quote is tried as one signed sentence.
const REACH: usize = 6;
/// The most words of a quote the closest-passage search uses.
const MAX_QUOTE_WORDS: usize = 4096;
/// The most occurrences of a quote examined for word boundaries before giving up.
const MAX_OCCURRENCES: usize = 100_000;

/// The answer with the envelope alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(
    tag = "result",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum InRecord {
    /// The quote is exactly signed sentences `first..first + count` (0-based).
    Found {
        /// Index of the first signed sentence.
        first_sentence: usize,
        /// How many signed sentences the quote is.
        sentence_count: usize,
        /// Index of the signed paragraph of the first sentence.
        paragraph: usize,
    },
    /// The quote is not a run of whole signed sentences (it may still be part of one: check
    /// it with the document).
    NotFound {
        /// How many of the quote's own sentences are signed sentences somewhere.
        sentences_found: usize,
        /// How many sentences the quote has.
        quote_sentences: usize,
    },
    /// The record lists no sentence digests (too many sentences): only the document can tell.
    NoSentencesListed,
}

/// Checks a canonicalised quote against a signed record alone.
pub fn find_in_record(record: &TextRecord, quote: &CanonicalText) -> Result<InRecord, TextError> {
    if quote.text.is_empty() {
        return Err(TextError::EmptyQuote);
    }
    if !record.lists_sentences() {
        return Ok(InRecord::NoSentencesListed);
    }
    let cuts = quote_cuts(quote);
    // For each cut, the signed sentences some piece starting there equals, and where it ends.
    let mut pieces: HashMap<usize, Vec<(usize, usize)>> = HashMap::new();
    let positions: HashMap<Sha256Digest, Vec<usize>> =
        record
            .sentences
            .iter()
            .enumerate()
            .fold(HashMap::new(), |mut map, (i, d)| {
                map.entry(*d).or_default().push(i);
                map
            });
    for (i, &start) in cuts.iter().enumerate() {
        for (j, &end) in cuts.iter().enumerate().skip(i + 1).take(REACH) {
            let digest = Sha256Digest::of(quote.text[start..end].trim_matches(' ').as_bytes());
            for &signed in positions.get(&digest).into_iter().flatten() {
                pieces.entry(i).or_default().push((signed, j));
            }
        }
    }
    let last_cut = cuts.len() - 1;
    for &(first, next_cut) in pieces.get(&0).into_iter().flatten() {
        if let Some(count) = chain(&pieces, first, next_cut, last_cut) {
            return Ok(InRecord::Found {
                first_sentence: first,
                sentence_count: count,
                paragraph: record.paragraph_of(first),
            });
        }
    }
    let wanted: std::collections::HashSet<_> = record.sentences.iter().collect();
    let sentences_found = quote
        .sentence_digests()
        .filter(|d| wanted.contains(d))
        .count();
    Ok(InRecord::NotFound {
        sentences_found,
        quote_sentences: quote.sentences.len(),
    })
}

/// Follows consecutive signed sentences from `first` through the quote's cuts to its end:
/// the number of sentences when the whole quote is covered. Each step advances a cut, so the
/// walk is bounded by the number of cuts.
fn chain(
    pieces: &HashMap<usize, Vec<(usize, usize)>>,
    first: usize,
    mut cut: usize,
    last: usize,
) -> Option<usize> {
    let (mut signed, mut count) = (first, 1);
    while cut < last {
        let next = pieces.get(&cut)?.iter().find(|&&(s, _)| s == signed + 1)?;
        signed = next.0;
        cut = next.1;
        count += 1;
    }
    Some(count)
}

/// Where a quote may be cut into signed sentences: its sentence starts, its line starts, and
/// its end (bounded by [`MAX_QUOTE_CUTS`]).
fn quote_cuts(quote: &CanonicalText) -> Vec<usize> {
    let mut cuts: Vec<usize> = quote.sentences.iter().map(|r| r.start).collect();
    cuts.extend_from_slice(quote.line_starts());
    cuts.push(0);
    cuts.sort_unstable();
    cuts.dedup();
    cuts.truncate(MAX_QUOTE_CUTS);
    cuts.push(quote.text.len());
    cuts
}

/// The answer with the (verified) document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(
    tag = "result",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum InDocument {
    /// The quote is in the document's canonical text, starting and ending at word boundaries.
    Found(Location),
    /// It is not; here is the closest passage and how the quote differs from it.
    NotFound(Closest),
}

/// Where a quote is in a document.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Location {
    /// Byte range in the document's canonical text.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
    /// Index of the sentence the quote starts in (0-based).
    pub sentence: usize,
    /// Index of the paragraph the quote starts in (0-based).
    pub paragraph: usize,
    /// Whether the quote is whole sentences (starts at a sentence start, ends at a sentence end).
    pub whole_sentences: bool,
    /// Up to eight words before the quote (untrusted text).
    pub before: String,
    /// Up to eight words after the quote (untrusted text).
    pub after: String,
}

/// The passage of a document closest to a quote that is not in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Closest {
    /// Byte range of the passage in the document's canonical text (empty if nothing is close).
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
    /// Index of the sentence the passage starts in.
    pub sentence: usize,
    /// Index of the paragraph the passage starts in.
    pub paragraph: usize,
    /// The signed passage (untrusted text).
    pub passage: String,
    /// Word diff from the passage (what was signed) to the quote.
    pub diff: Vec<WordChange>,
}

/// One step of a word diff between the signed passage and a quote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WordChange {
    /// Whether the words are in both, only in the signed passage, or only in the quote.
    pub kind: WordChangeKind,
    /// The words (with the spaces between them).
    pub text: String,
}

/// The side a diff step belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum WordChangeKind {
    /// In both.
    Same,
    /// In the signed passage, not in the quote (`[-…-]`).
    Signed,
    /// In the quote, not in the signed passage (`{+…+}`).
    Quote,
}

/// Finds a canonicalised quote in a document's canonical text. The search is linear in the
/// document (memchr's Two-Way/SIMD substring search); an occurrence counts only if it starts
/// and ends at word boundaries, so "now" is not found in "nowhere".
pub fn find_in_document(
    document: &CanonicalText,
    quote: &CanonicalText,
) -> Result<InDocument, TextError> {
    if quote.text.is_empty() {
        return Err(TextError::EmptyQuote);
    }
    let text = &document.text;
    let finder = memmem::Finder::new(quote.text.as_bytes());
    for start in finder.find_iter(text.as_bytes()).take(MAX_OCCURRENCES) {
        let end = start + quote.text.len();
        if is_word_boundary(text, start) && is_word_boundary(text, end) {
            return Ok(InDocument::Found(locate(document, start..end)));
        }
    }
    Ok(InDocument::NotFound(closest(document, &quote.text)))
}

fn locate(document: &CanonicalText, range: Range<usize>) -> Location {
    let sentence = document.sentence_at(range.start);
    let last = document.sentence_at(range.end.saturating_sub(1));
    let whole_sentences = document
        .sentences
        .get(sentence)
        .is_some_and(|s| s.start == range.start)
        && document
            .sentences
            .get(last)
            .is_some_and(|s| s.end == range.end);
    Location {
        start: range.start,
        end: range.end,
        sentence,
        paragraph: document.paragraph_of(sentence),
        whole_sentences,
        before: words_before(&document.text, range.start),
        after: words_after(&document.text, range.end),
    }
}

/// Whether byte `at` of `text` is a UAX #29 word boundary, judged on a window around it (word
/// boundaries depend on a few characters of context, never on more than the window).
fn is_word_boundary(text: &str, at: usize) -> bool {
    if at == 0 || at == text.len() {
        return true;
    }
    let from = floor_char(text, at.saturating_sub(64));
    let to = ceil_char(text, (at + 64).min(text.len()));
    text[from..to]
        .split_word_bound_indices()
        .any(|(i, _)| from + i == at)
}

fn floor_char(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_char(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

fn words_before(text: &str, at: usize) -> String {
    let from = floor_char(text, at.saturating_sub(CONTEXT_WORDS * 24));
    let window = &text[from..at];
    let words: Vec<(usize, &str)> = window
        .split_word_bound_indices()
        .filter(|(_, w)| !w.trim().is_empty())
        .collect();
    let keep = words.len().saturating_sub(CONTEXT_WORDS);
    words
        .get(keep)
        .map_or(String::new(), |&(i, _)| window[i..].trim().to_owned())
}

fn words_after(text: &str, at: usize) -> String {
    let to = ceil_char(text, (at + CONTEXT_WORDS * 24).min(text.len()));
    let window = &text[at..to];
    let end = window
        .split_word_bound_indices()
        .filter(|(_, w)| !w.trim().is_empty())
        .take(CONTEXT_WORDS)
        .last()
        .map_or(0, |(i, w)| i + w.len());
    window[..end].trim().to_owned()
}

/// The window of the document, as long in words as the quote, that shares the most words with
/// it (a sliding window over the document's words: linear, bounded memory), and the word diff.
fn closest(document: &CanonicalText, quote: &str) -> Closest {
    let text = &document.text;
    let quote_words: Vec<&str> = words(quote).map(|(_, w)| w).take(MAX_QUOTE_WORDS).collect();
    let mut wanted: HashMap<&str, i64> = HashMap::new();
    for word in &quote_words {
        *wanted.entry(word).or_default() += 1;
    }
    let mut window: VecDeque<(usize, &str)> = VecDeque::with_capacity(quote_words.len() + 1);
    let mut held: HashMap<&str, i64> = HashMap::new();
    let (mut score, mut best, mut best_range) = (0i64, 0i64, 0..0);
    let mut best_aligned = false;
    for (at, word) in words(text) {
        window.push_back((at, word));
        if let Some(&want) = wanted.get(word) {
            let count = held.entry(word).or_default();
            *count += 1;
            score += i64::from(*count <= want);
        }
        if window.len() > quote_words.len() {
            let (_, gone) = window.pop_front().expect("the window is not empty");
            if let (Some(&want), Some(count)) = (wanted.get(gone), held.get_mut(gone)) {
                score -= i64::from(*count <= want);
                *count -= 1;
            }
        }
        // Ties go to a window that starts where the quote starts.
        let aligned = window[0].1 == quote_words.first().copied().unwrap_or_default();
        if score > best || (score == best && score > 0 && aligned && !best_aligned) {
            (best, best_aligned) = (score, aligned);
            best_range = window[0].0..at + word.len();
        }
    }
    let passage = text[best_range.clone()].to_owned();
    let sentence = document.sentence_at(best_range.start);
    Closest {
        start: best_range.start,
        end: best_range.end,
        sentence,
        paragraph: document.paragraph_of(sentence),
        diff: word_diff(&passage, quote),
        passage,
    }
}

/// The words of a text (UAX #29 word segments that are not spaces), with their offsets.
fn words(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_word_bound_indices().filter(|(_, w)| *w != " ")
}

/// A word diff from `signed` to `quote`, consecutive steps of one kind merged.
fn word_diff(signed: &str, quote: &str) -> Vec<WordChange> {
    let diff = TextDiff::from_unicode_words(signed, quote);
    let mut out: Vec<WordChange> = Vec::new();
    for change in diff.iter_all_changes() {
        let kind = match change.tag() {
            ChangeTag::Equal => WordChangeKind::Same,
            ChangeTag::Delete => WordChangeKind::Signed,
            ChangeTag::Insert => WordChangeKind::Quote,
        };
        let piece = change.value();
        match out.last_mut() {
            Some(last) if last.kind == kind => last.text.push_str(piece),
            _ => out.push(WordChange {
                kind,
                text: piece.to_owned(),
            }),
        }
    }
    out
}
