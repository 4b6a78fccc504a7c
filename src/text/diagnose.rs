//! Why a copy's text does not match a signed record: which signed sentences are found
//! unchanged, which are changed or missing (and where), what text was added, and whether the
//! words are the same with only punctuation or quotation marks changed. Data only: rendering
//! is the caller's.
//!
//! ## What digests alone can tell, and what needs the signed document
//!
//! The record holds a digest per signed sentence, not its text. So, from the record and a copy:
//! - a signed sentence is *found* when some run of the copy's text (cut at the copy's sentence
//!   and line boundaries, so a different block structure still finds it) has its digest;
//! - a *changed* sentence is shown as the copy's text in its place — the signed wording cannot
//!   be shown, it is not in the record;
//! - *punctuation only* is proved by restyling the copy's text in its place (quotation marks,
//!   apostrophes, dashes, ellipses; [`super::punctuation`]) until a variant has the signed
//!   digest. Any other punctuation change (a comma added, a full stop made an exclamation mark)
//!   cannot be told from a changed word without the signed text: the verdict is then
//!   [`WordsVerdict::Unknown`].
//!
//! With the signed document as well ([`diagnose_with_document`]), the word sequences are
//! compared directly and the verdict is always [`WordsVerdict::Same`] or
//! [`WordsVerdict::Changed`].

use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::Range;

use serde::Serialize;

use super::canonical::CanonicalText;
use super::punctuation::{self, PunctuationKind};
use super::record::TextRecord;
use crate::Sha256Digest;

/// How many boundaries ahead a run of the copy is tried as one signed sentence (a signed
/// sentence the copy splits at up to five line or sentence boundaries is still found).
const SPAN_REACH: usize = 6;
/// The longest excerpt of the copy's text a diagnosis carries, in characters.
const EXCERPT_CHARS: usize = 160;
/// The largest gap of the copy that is tried for punctuation-only changes (bytes).
const MAX_PUNCTUATION_GAP: usize = 64 << 10;
/// The largest text whose whole-text punctuation variants are tried (bytes).
const MAX_WHOLE_TEXT_VARIANTS: usize = 1 << 20;

/// Why a copy's canonical text differs from the signed one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Diagnosis {
    /// How many sentences the signed text has.
    pub signed_sentences: usize,
    /// Signed sentences found unchanged, in their order.
    pub unchanged: usize,
    /// Runs of signed sentences that are changed, missing or moved, in signed order.
    pub changes: Vec<Change>,
    /// Text of the copy that stands in place of no signed sentence (inserted text).
    pub added: Vec<Passage>,
    /// Whether the words are the same (only punctuation or spacing changed).
    pub words: WordsVerdict,
    /// False when the record lists no sentence digests (a text of more than
    /// [`super::MAX_LISTED_SENTENCES`] sentences): only the whole-text digest could be compared.
    pub sentences_listed: bool,
}

/// A run of consecutive signed sentences that the copy does not have unchanged in place.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Change {
    /// Index of the first signed sentence of the run (0-based; people count from 1).
    pub first_sentence: usize,
    /// How many signed sentences the run has.
    pub sentence_count: usize,
    /// Index of the signed paragraph of the first sentence (0-based).
    pub paragraph: usize,
    /// What happened to them.
    pub kind: ChangeKind,
    /// The copy's text in their place (absent when they are missing).
    pub copy: Option<Passage>,
    /// For [`ChangeKind::PunctuationOnly`]: which punctuation differs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub punctuation: Vec<PunctuationKind>,
}

/// What happened to a run of signed sentences.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum ChangeKind {
    /// Other text stands in their place.
    Changed,
    /// Nothing stands in their place.
    Missing,
    /// They are in the copy, but elsewhere (reordered).
    Moved,
    /// The copy's text in their place differs only in quotation marks, apostrophes, dashes or
    /// ellipses (proved: a restyled copy has the signed digests).
    PunctuationOnly,
}

/// A passage of the copy's canonical text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Passage {
    /// Byte offset of its start in the copy's canonical text.
    pub start: usize,
    /// Byte offset of its end.
    pub end: usize,
    /// Its text, cut to at most 160 characters (untrusted: sanitise before display).
    pub excerpt: String,
    /// Whether `excerpt` was cut.
    pub truncated: bool,
}

/// Whether the words of the copy are the signed words.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(
    tag = "verdict",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum WordsVerdict {
    /// The same words in the same order; only the listed punctuation (or spacing) differs.
    Same {
        /// The kinds of punctuation that differ (empty: only spacing, or not determined).
        punctuation: Vec<PunctuationKind>,
    },
    /// Words differ (known only when the signed document is at hand).
    Changed,
    /// The digests cannot tell (see the module documentation).
    Unknown,
}

/// Diagnoses a copy against a signed record (the copy's digest differs from `record.sha256`).
pub fn diagnose(record: &TextRecord, copy: &CanonicalText) -> Diagnosis {
    if !record.lists_sentences() {
        return Diagnosis {
            signed_sentences: record.sentence_count.unwrap_or(0),
            unchanged: 0,
            changes: Vec::new(),
            added: Vec::new(),
            words: whole_text_verdict(record, copy),
            sentences_listed: false,
        };
    }
    let wanted: HashSet<Sha256Digest> = record.sentences.iter().copied().collect();
    let boundaries = boundaries(copy);
    let found = spans_with_digests(copy, &boundaries, &wanted, 0..copy.text.len());
    let (anchors, moved) = align(record, &found);
    let mut diagnosis = Diagnosis {
        signed_sentences: record.sentences.len(),
        unchanged: anchors.len(),
        changes: Vec::new(),
        added: Vec::new(),
        words: WordsVerdict::Unknown,
        sentences_listed: true,
    };
    let ends = anchors.iter().map(|(i, r)| (*i, r.clone()));
    let sentinel = (record.sentences.len(), copy.text.len()..copy.text.len());
    let (mut next_signed, mut gap_start) = (0, 0);
    for (signed, range) in ends.chain([sentinel]) {
        let gap = trim(&copy.text, gap_start..range.start);
        let run = next_signed..signed;
        if run.is_empty() {
            if !gap.is_empty() {
                diagnosis.added.push(passage(&copy.text, gap));
            }
        } else {
            let change = describe_run(record, copy, &boundaries, run, gap, &moved);
            diagnosis.changes.push(change);
        }
        next_signed = signed + 1;
        gap_start = range.end;
    }
    diagnosis.words = digest_verdict(&diagnosis, record, copy);
    diagnosis
}

/// Diagnoses a copy with the signed document at hand: as [`diagnose`], and the words compared.
pub fn diagnose_with_document(signed: &CanonicalText, copy: &CanonicalText) -> Diagnosis {
    let mut diagnosis = diagnose(&TextRecord::new(signed), copy);
    if diagnosis.words == WordsVerdict::Unknown {
        diagnosis.words = if punctuation::same_words(&signed.text, &copy.text) {
            WordsVerdict::Same {
                punctuation: Vec::new(),
            }
        } else {
            WordsVerdict::Changed
        };
    }
    diagnosis
}

/// Where a signed sentence may start or end in the copy: its sentence starts and its line
/// starts (so a copy that joins a heading to the next sentence still finds both).
fn boundaries(copy: &CanonicalText) -> Vec<usize> {
    let mut all: Vec<usize> = copy.sentences.iter().map(|r| r.start).collect();
    all.extend_from_slice(copy.line_starts());
    all.push(copy.text.len());
    all.sort_unstable();
    all.dedup();
    all
}

/// The runs of the copy within `within` (between boundaries at most [`SPAN_REACH`] apart)
/// whose digest is in `wanted`, by digest, in text order. Hashes about `SPAN_REACH²/2` times
/// the text: bounded, and only on the failure path.
fn spans_with_digests(
    copy: &CanonicalText,
    boundaries: &[usize],
    wanted: &HashSet<Sha256Digest>,
    within: Range<usize>,
) -> HashMap<Sha256Digest, Vec<Range<usize>>> {
    let mut found: HashMap<Sha256Digest, Vec<Range<usize>>> = HashMap::new();
    let first = boundaries.partition_point(|&b| b < within.start);
    let last = boundaries.partition_point(|&b| b <= within.end);
    let inside = &boundaries[first..last];
    for (i, &start) in inside.iter().enumerate() {
        for &end in inside.iter().skip(i + 1).take(SPAN_REACH) {
            let range = trim(&copy.text, start..end);
            let digest = Sha256Digest::of(copy.text[range.clone()].as_bytes());
            if wanted.contains(&digest) {
                found.entry(digest).or_default().push(range);
            }
        }
    }
    found
}

/// Aligns signed sentences to the copy in order (greedy: each signed sentence takes its first
/// occurrence after the previous one). Returns the in-order anchors and the signed sentences
/// found only out of order.
fn align(
    record: &TextRecord,
    found: &HashMap<Sha256Digest, Vec<Range<usize>>>,
) -> (Vec<(usize, Range<usize>)>, BTreeSet<usize>) {
    let (mut anchors, mut moved) = (Vec::new(), BTreeSet::new());
    let mut cursor = 0;
    for (index, digest) in record.sentences.iter().enumerate() {
        let Some(ranges) = found.get(digest) else {
            continue;
        };
        match ranges.iter().find(|r| r.start >= cursor) {
            Some(range) => {
                cursor = range.end;
                anchors.push((index, range.clone()));
            }
            None => {
                moved.insert(index);
            }
        }
    }
    (anchors, moved)
}

/// Describes a run of signed sentences not found in place, given the copy's text in its place.
fn describe_run(
    record: &TextRecord,
    copy: &CanonicalText,
    boundaries: &[usize],
    run: Range<usize>,
    gap: Range<usize>,
    moved: &BTreeSet<usize>,
) -> Change {
    let mut change = Change {
        first_sentence: run.start,
        sentence_count: run.len(),
        paragraph: record.paragraph_of(run.start),
        kind: ChangeKind::Changed,
        copy: (!gap.is_empty()).then(|| passage(&copy.text, gap.clone())),
        punctuation: Vec::new(),
    };
    if run.clone().all(|i| moved.contains(&i)) {
        change.kind = ChangeKind::Moved;
    } else if gap.is_empty() {
        change.kind = ChangeKind::Missing;
    } else if let Some(kinds) = punctuation_only(record, copy, boundaries, run, gap) {
        change.kind = ChangeKind::PunctuationOnly;
        change.punctuation = kinds;
    }
    change
}

/// Whether every signed sentence of `run` has a punctuation variant of some run of `gap`.
fn punctuation_only(
    record: &TextRecord,
    copy: &CanonicalText,
    boundaries: &[usize],
    run: Range<usize>,
    gap: Range<usize>,
) -> Option<Vec<PunctuationKind>> {
    if gap.len() > MAX_PUNCTUATION_GAP {
        return None;
    }
    let wanted: HashMap<Sha256Digest, usize> =
        run.clone().map(|i| (record.sentences[i], i)).collect();
    let mut cuts: Vec<usize> = boundaries
        .iter()
        .copied()
        .filter(|b| gap.contains(b))
        .collect();
    cuts.insert(0, gap.start);
    cuts.push(gap.end);
    cuts.dedup();
    let (mut explained, mut kinds) = (BTreeSet::new(), BTreeSet::new());
    for (i, &start) in cuts.iter().enumerate() {
        for &end in cuts.iter().skip(i + 1).take(SPAN_REACH) {
            let piece = &copy.text[trim(&copy.text, start..end)];
            for (variant, changed) in punctuation::variants(piece) {
                if let Some(&index) = wanted.get(&Sha256Digest::of(variant.as_bytes())) {
                    explained.insert(index);
                    kinds.extend(changed);
                }
            }
        }
    }
    (explained.len() == run.len()).then(|| kinds.into_iter().collect())
}

/// The verdict from digests: the same words when every change is proved punctuation-only and
/// nothing was added, or when a restyled whole text has the signed digest.
fn digest_verdict(
    diagnosis: &Diagnosis,
    record: &TextRecord,
    copy: &CanonicalText,
) -> WordsVerdict {
    let proved = diagnosis.added.is_empty()
        && diagnosis
            .changes
            .iter()
            .all(|c| c.kind == ChangeKind::PunctuationOnly);
    if proved {
        let kinds: BTreeSet<PunctuationKind> = diagnosis
            .changes
            .iter()
            .flat_map(|c| c.punctuation.iter().copied())
            .collect();
        return WordsVerdict::Same {
            punctuation: kinds.into_iter().collect(),
        };
    }
    whole_text_verdict(record, copy)
}

fn whole_text_verdict(record: &TextRecord, copy: &CanonicalText) -> WordsVerdict {
    if copy.text.len() <= MAX_WHOLE_TEXT_VARIANTS {
        for (variant, kinds) in punctuation::variants(&copy.text) {
            if Sha256Digest::of(variant.as_bytes()) == record.sha256 {
                return WordsVerdict::Same { punctuation: kinds };
            }
        }
    }
    WordsVerdict::Unknown
}

/// `range` without the spaces at its ends.
fn trim(text: &str, range: Range<usize>) -> Range<usize> {
    let piece = &text[range.clone()];
    let start = range.start + (piece.len() - piece.trim_start_matches(' ').len());
    let end = range.end - (piece.len() - piece.trim_end_matches(' ').len());
    start..end.max(start)
}

/// A passage of `text`, its excerpt cut to [`EXCERPT_CHARS`] characters.
pub(crate) fn passage(text: &str, range: Range<usize>) -> Passage {
    let full = &text[range.clone()];
    let cut = full
        .char_indices()
        .nth(EXCERPT_CHARS)
        .map_or(full.len(), |(i, _)| i);
    Passage {
        start: range.start,
        end: range.end,
        excerpt: full[..cut].to_owned(),
        truncated: cut < full.len(),
    }
}
