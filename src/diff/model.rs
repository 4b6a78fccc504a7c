//! The diff result — [`TextDiff`], its hunks and ops — which is also the JSON document.
//!
//! Conventions shared by every position in this module: offsets are 0-based and ranges are
//! half-open (`start..end`); *byte* offsets index the UTF-8 text as given (after
//! [`super::decode_text`]: without BOM); *token* indices count content tokens only (words,
//! punctuation marks, characters of spaceless scripts — never whitespace; lines in line mode), as
//! returned by [`super::tokenize`]; *line* indices count `\n`-terminated lines.

use std::ops::Range;

use serde::Serialize;

use super::Granularity;
use super::moves::Move;
use super::paragraph_view::ParagraphRow;
use super::stats::Stats;
use super::terms::TermChange;
use super::tokenize::Tok;

/// Version of the JSON document produced by serialising a [`TextDiff`]; raised on any
/// incompatible change.
pub const SCHEMA_VERSION: u32 = 1;

/// The result of [`super::diff_texts`]: what changed between OLD and NEW, grouped into hunks,
/// with statistics.
///
/// Serialising it (serde, e.g. with `serde_json`) gives the JSON document of `--format json`:
///
/// ```json
/// {
///   "schemaVersion": 1,
///   "granularity": "auto",          // "auto" | "word" | "char" | "line"
///   "ignoreWhitespace": true,
///   "context": 3,
///   "identical": false,             // no change other than ignored whitespace
///   "approximated": false,          // a work bound was hit (see "approximations")
///   "approximations": [],           // e.g. [{"kind": "regionTooLarge", "regions": 1}]
///   "hunks": [ {
///       "oldRange": {"lineStart": 0, "lineEnd": 2, "tokenStart": 0, "tokenEnd": 9,
///                    "byteStart": 0, "byteEnd": 41},
///       "newRange": { … same fields … },
///       "ops": [
///         {"op": "equal",
///          "old": {"tokenStart": 0, "tokenEnd": 3, "byteStart": 0, "byteEnd": 12, "text": "The cat sat "},
///          "new": {"tokenStart": 0, "tokenEnd": 3, "byteStart": 0, "byteEnd": 12, "text": "The cat sat "}},
///         {"op": "replace", "old": {…, "text": "on "}, "new": {…, "text": "upon "}},
///         …
///       ] } ],
///   "stats": { … see [`Stats`] … },
///   "moves": [ … see [`Move`] … ],  // blocks moved from one place to another
///   "terminology": [ … see [`TermChange`] … ],  // substitutions made at least twice
///   "paragraphs": [ … see [`ParagraphRow`] … ]  // only when asked for
/// }
/// ```
///
/// Every position follows the conventions of this module (0-based, half-open; bytes, content
/// tokens, lines). Within a hunk the ops are contiguous on both sides and in order.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TextDiff<'a> {
    pub(crate) schema_version: u32,
    pub(crate) granularity: Granularity,
    pub(crate) ignore_whitespace: bool,
    pub(crate) context: usize,
    pub(crate) identical: bool,
    pub(crate) approximated: bool,
    pub(crate) approximations: Vec<Approximation>,
    pub(crate) hunks: Vec<Hunk<'a>>,
    pub(crate) stats: Stats,
    pub(crate) moves: Vec<Move<'a>>,
    pub(crate) terminology: Vec<TermChange>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(crate) paragraphs: Option<Vec<ParagraphRow>>,
    /// Work units TER's shift search spent (see [`TextDiff::ter_work`]).
    #[serde(skip)]
    pub(crate) ter_work: u64,
    #[serde(skip)]
    pub(crate) ops: Vec<Op<'a>>,
    #[serde(skip)]
    pub(crate) old: &'a str,
    #[serde(skip)]
    pub(crate) new: &'a str,
}

impl<'a> TextDiff<'a> {
    /// Whether OLD and NEW are identical at this granularity — apart from whitespace when
    /// whitespace is ignored (count in [`Stats::whitespace_only_changes`]).
    pub fn is_identical(&self) -> bool {
        self.identical
    }

    /// Whether a work bound was hit, so that the alignment (or TER) is an approximation; see
    /// [`TextDiff::approximations`].
    pub fn is_approximated(&self) -> bool {
        self.approximated
    }

    /// Which bounds were hit, if any.
    pub fn approximations(&self) -> &[Approximation] {
        &self.approximations
    }

    /// The work TER's shift search did, in edit-distance matrix cells (plus one unit per
    /// phrase pair looked at): everything computed is counted. It exceeds
    /// [`super::DiffOptions::ter_budget`] by at most the distance computation that ran the
    /// budget out and the refill for the shift found before it (each at most 4,000,000 cells).
    /// A work counter for tests and measurements; 0 without TER.
    pub fn ter_work(&self) -> u64 {
        self.ter_work
    }

    /// The statistics.
    pub fn stats(&self) -> &Stats {
        &self.stats
    }

    /// The hunks: the changes with up to [`TextDiff::context`] lines of unchanged text around
    /// them. Empty when the texts are identical.
    pub fn hunks(&self) -> &[Hunk<'a>] {
        &self.hunks
    }

    /// All ops, in order, covering both texts completely: concatenating the `old` texts gives
    /// OLD and concatenating the `new` texts gives NEW, byte for byte.
    pub fn ops(&self) -> &[Op<'a>] {
        &self.ops
    }

    /// Blocks moved from one place to another (see [`super::DiffOptions::min_move_tokens`]),
    /// ordered by their place in NEW. Their deletion and insertion are still among the ops.
    pub fn moves(&self) -> &[Move<'a>] {
        &self.moves
    }

    /// Substitutions made at least twice, most frequent first.
    pub fn terminology(&self) -> &[TermChange] {
        &self.terminology
    }

    /// The paragraph view, when asked for ([`super::DiffOptions::paragraphs`]). A text with
    /// blank lines has its paragraphs separated by them; a text without any has one paragraph
    /// per line.
    pub fn paragraphs(&self) -> Option<&[ParagraphRow]> {
        self.paragraphs.as_deref()
    }

    /// The granularity the diff was computed at.
    pub fn granularity(&self) -> Granularity {
        self.granularity
    }

    /// Whether whitespace-only differences were ignored.
    pub fn ignores_whitespace(&self) -> bool {
        self.ignore_whitespace
    }

    /// Lines of context the hunks were cut with.
    pub fn context(&self) -> usize {
        self.context
    }

    /// OLD, as given.
    pub fn old_text(&self) -> &'a str {
        self.old
    }

    /// NEW, as given.
    pub fn new_text(&self) -> &'a str {
        self.new
    }
}

/// A work bound that was hit. The diff is still complete and correct (the ops reconstruct both
/// texts); only the alignment, or TER, may be coarser than without the bound.
///
/// JSON: an object tagged by `"kind"`, e.g. `{"kind": "regionTooLarge", "regions": 2}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[non_exhaustive]
pub enum Approximation {
    /// Changed regions too large to be aligned token by token were shown as one replacement
    /// each ([`super::DiffOptions::max_region_tokens`]).
    RegionTooLarge {
        /// How many regions.
        regions: usize,
    },
    /// The time budget ([`super::DiffOptions::time_budget`]) ran out; the rest of the diff was
    /// aligned coarsely.
    TimeBudget,
    /// A text of 2 GiB or more was compared as a whole.
    InputTooLarge,
    /// TER's greedy shift search was cut short for some segments, or skipped and replaced by the
    /// diff's own edit counts, because a segment was too large or the work budget for TER ran
    /// out. The TER reported is then an upper bound.
    TerBudget {
        /// Segments whose TER came from the diff's edit counts instead of the shift search.
        fallback_segments: usize,
    },
    /// Move detection hit one of its bounds ([`super::MAX_MOVE_TOKENS`], [`super::MAX_BUCKET`],
    /// [`super::MAX_COMPARISONS`]): some moved blocks may be shown only as a deletion and an
    /// insertion.
    MoveSearch,
}

impl std::fmt::Display for Approximation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Approximation::RegionTooLarge { regions } => write!(
                f,
                "{regions} changed region(s) too large for token-level alignment shown as whole replacements"
            ),
            Approximation::TimeBudget => {
                f.write_str("time budget exhausted; later changes aligned coarsely")
            }
            Approximation::InputTooLarge => {
                f.write_str("input of 2 GiB or more compared as a whole")
            }
            Approximation::TerBudget { fallback_segments } => write!(
                f,
                "TER shift search bounded ({fallback_segments} segment(s) scored from the diff's edits)"
            ),
            Approximation::MoveSearch => f.write_str(
                "move detection bounded; some moves may be shown as a deletion and an insertion",
            ),
        }
    }
}

/// A group of nearby changes with their context.
#[derive(Clone, Debug, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Hunk<'a> {
    /// What the hunk covers in OLD.
    pub old_range: HunkRange,
    /// What the hunk covers in NEW.
    pub new_range: HunkRange,
    /// The ops, contiguous on both sides: equal (context) and change ops.
    pub ops: Vec<Op<'a>>,
}

/// The part of one text a hunk covers, in lines, content tokens and bytes (0-based, half-open).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct HunkRange {
    /// First line (0-based) touched by the hunk.
    pub line_start: usize,
    /// One past the last line touched; equal to `line_start` when the hunk covers no text on
    /// this side (a pure insertion or deletion without context).
    pub line_end: usize,
    /// First content token.
    pub token_start: usize,
    /// One past the last content token.
    pub token_end: usize,
    /// First byte.
    pub byte_start: usize,
    /// One past the last byte.
    pub byte_end: usize,
}

/// What an op does.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum OpKind {
    /// The same on both sides (when whitespace is ignored, the whitespace may differ).
    Equal,
    /// Text only in NEW (`old` is empty, positioned where the insertion happens).
    Insert,
    /// Text only in OLD (`new` is empty).
    Delete,
    /// OLD text replaced by different NEW text.
    Replace,
}

/// One step of the diff, with the text it covers on each side.
///
/// JSON: `{"op": "equal" | "insert" | "delete" | "replace", "old": Span, "new": Span}`.
#[derive(Clone, Debug, Serialize)]
#[non_exhaustive]
pub struct Op<'a> {
    /// What the op does.
    #[serde(rename = "op")]
    pub kind: OpKind,
    /// The OLD side.
    pub old: Span<'a>,
    /// The NEW side.
    pub new: Span<'a>,
    /// Indices in the compared token sequences (internal: whitespace tokens included when
    /// whitespace is significant).
    #[serde(skip)]
    pub(crate) oseq: Range<usize>,
    #[serde(skip)]
    pub(crate) nseq: Range<usize>,
}

/// A stretch of one text.
///
/// When whitespace is ignored, a span owns the whitespace that follows its last token (and the
/// first span of a text also the whitespace before its first token), so that spans stay
/// contiguous. Renderers put that whitespace outside the change markers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Span<'a> {
    /// First content token.
    pub token_start: usize,
    /// One past the last content token.
    pub token_end: usize,
    /// First byte.
    pub byte_start: usize,
    /// One past the last byte.
    pub byte_end: usize,
    /// The text, `&text[byte_start..byte_end]`.
    pub text: &'a str,
}

impl Span<'_> {
    /// Number of content tokens.
    pub fn tokens(&self) -> usize {
        self.token_end - self.token_start
    }
}

/// One side while building the model.
pub(crate) struct Side<'a, 'b> {
    pub text: &'a str,
    pub toks: &'b [Tok],
    /// Whether `toks` includes whitespace tokens.
    pub has_ws: bool,
    /// A known (byte offset, line index) pair: line numbers are counted from the nearest one,
    /// since hunks are visited in order (cheaper than indexing every line of a large text).
    line_cursor: std::cell::Cell<(usize, usize)>,
}

impl<'a, 'b> Side<'a, 'b> {
    pub(crate) fn new(text: &'a str, toks: &'b [Tok], has_ws: bool) -> Self {
        Side {
            text,
            toks,
            has_ws,
            line_cursor: std::cell::Cell::new((0, 0)),
        }
    }

    /// Content tokens among `toks[r]`.
    pub(crate) fn count(&self, r: Range<usize>) -> usize {
        if self.has_ws {
            self.toks[r].iter().filter(|t| !t.ws()).count()
        } else {
            r.len()
        }
    }

    fn slice(&self, r: Range<usize>) -> &'a str {
        self.text.get(r).unwrap_or("")
    }

    /// Line index of byte `pos` (the number of line feeds before it).
    fn line_of(&self, pos: usize) -> usize {
        let pos = pos.min(self.text.len());
        let (at, line) = self.line_cursor.get();
        let bytes = self.text.as_bytes();
        let count = |a: usize, b: usize| bytes[a..b].iter().filter(|&&c| c == b'\n').count();
        let line = if pos >= at {
            line + count(at, pos)
        } else {
            line - count(pos, at)
        };
        self.line_cursor.set((pos, line));
        line
    }

    fn range(&self, bytes: Range<usize>, tokens: Range<usize>) -> HunkRange {
        let line_start = self.line_of(bytes.start);
        let line_end = if bytes.end > bytes.start {
            self.line_of(bytes.end - 1) + 1
        } else {
            line_start
        };
        HunkRange {
            line_start,
            line_end,
            token_start: tokens.start,
            token_end: tokens.end,
            byte_start: bytes.start,
            byte_end: bytes.end,
        }
    }
}

/// Turns aligned token ranges into ops with byte spans and content-token indices.
///
/// Each op covers its tokens and the whitespace after them (see [`Span`]); an op without tokens
/// on a side gets an empty span there. A side made of whitespace only (no tokens at all, only
/// possible when whitespace is ignored) is given to the last op, turning an insertion into a
/// replacement of that whitespace.
pub(crate) fn build_ops<'a>(
    raw: &[super::align::RawOp],
    old: &Side<'a, '_>,
    new: &Side<'a, '_>,
) -> Vec<Op<'a>> {
    use super::align::Tag;
    struct Cursor {
        pos: usize,
        tok: usize,
    }
    fn span<'a>(side: &Side<'a, '_>, c: &mut Cursor, r: &Range<usize>) -> Span<'a> {
        let start = c.pos;
        let end = if r.is_empty() {
            start
        } else if r.end < side.toks.len() {
            side.toks[r.end].start as usize
        } else {
            side.text.len()
        };
        let count = side.count(r.clone());
        let s = Span {
            token_start: c.tok,
            token_end: c.tok + count,
            byte_start: start,
            byte_end: end,
            text: side.slice(start..end),
        };
        c.pos = end;
        c.tok += count;
        s
    }
    let mut ops = Vec::with_capacity(raw.len() + 1);
    let (mut co, mut cn) = (Cursor { pos: 0, tok: 0 }, Cursor { pos: 0, tok: 0 });
    for op in raw {
        let kind = match op.tag {
            Tag::Equal => OpKind::Equal,
            Tag::Insert => OpKind::Insert,
            Tag::Delete => OpKind::Delete,
            Tag::Replace => OpKind::Replace,
        };
        ops.push(Op {
            kind,
            old: span(old, &mut co, &op.old),
            new: span(new, &mut cn, &op.new),
            oseq: op.old.clone(),
            nseq: op.new.clone(),
        });
    }
    if ops.is_empty() && (!old.text.is_empty() || !new.text.is_empty()) {
        // Only whitespace on both sides (no tokens at all).
        ops.push(Op {
            kind: OpKind::Equal,
            old: span(old, &mut co, &(0..0)),
            new: span(new, &mut cn, &(0..0)),
            oseq: 0..0,
            nseq: 0..0,
        });
    }
    for (side, c, is_old) in [(old, &co, true), (new, &cn, false)] {
        if c.pos < side.text.len()
            && let Some(last) = ops.last_mut()
        {
            let sp = if is_old { &mut last.old } else { &mut last.new };
            sp.byte_end = side.text.len();
            sp.text = side.slice(sp.byte_start..sp.byte_end);
            if last.kind == OpKind::Insert || last.kind == OpKind::Delete {
                last.kind = OpKind::Replace;
            }
        }
    }
    ops
}

/// Groups the change ops into hunks with `context` lines around them.
///
/// Context is counted in lines of NEW (the text the renderers follow): a hunk extends to the end
/// of the line where its last change ends plus `context` lines, and back to the start of the
/// line where its first change starts minus `context` lines; hunks whose context would touch or
/// overlap are merged.
pub(crate) fn build_hunks<'a>(
    ops: &[Op<'a>],
    old: &Side<'a, '_>,
    new: &Side<'a, '_>,
    context: usize,
) -> Vec<Hunk<'a>> {
    let mut hunks = Vec::new();
    let changes: Vec<usize> = (0..ops.len())
        .filter(|&i| ops[i].kind != OpKind::Equal)
        .collect();
    let Some(&first) = changes.first() else {
        return hunks;
    };
    let mut cur: Vec<Op<'a>> = Vec::new();
    if first > 0 {
        let e = &ops[first - 1];
        let cut = leading_cut(e, context);
        cur.push(split_equal(e, cut, old, new).1);
    }
    for (ci, &c) in changes.iter().enumerate() {
        cur.push(ops[c].clone());
        let Some(e) = ops.get(c + 1) else { break };
        let trail = trailing_cut(e, new, context);
        match changes.get(ci + 1) {
            Some(_) => {
                let lead = leading_cut(e, context);
                if trail >= lead {
                    cur.push(e.clone());
                } else {
                    cur.push(split_equal(e, trail, old, new).0);
                    hunks.push(finish_hunk(std::mem::take(&mut cur), old, new));
                    cur.push(split_equal(e, lead, old, new).1);
                }
            }
            None => cur.push(split_equal(e, trail, old, new).0),
        }
    }
    hunks.push(finish_hunk(cur, old, new));
    hunks
}

/// Where the context after a change ends: after the rest of the changed line plus `context`
/// lines of the equal op `e` (a byte offset in NEW).
fn trailing_cut(e: &Op<'_>, new: &Side<'_, '_>, context: usize) -> usize {
    let s = e.new.byte_start;
    let mid_line = s > 0 && new.text.as_bytes().get(s - 1) != Some(&b'\n');
    let want = context + usize::from(mid_line);
    if want == 0 {
        return s;
    }
    e.new
        .text
        .match_indices('\n')
        .nth(want - 1)
        .map_or(e.new.byte_end, |(i, _)| s + i + 1)
}

/// Where the context before a change starts: `context` lines before the line where the change
/// starts (a byte offset in NEW).
fn leading_cut(e: &Op<'_>, context: usize) -> usize {
    e.new
        .text
        .rmatch_indices('\n')
        .nth(context)
        .map_or(e.new.byte_start, |(i, _)| e.new.byte_start + i + 1)
}

/// Splits an equal op at byte `cut` of NEW (which lies at a line start, never inside a content
/// token), mapping the cut to OLD: by offset when both texts are the same, else by token index.
fn split_equal<'a>(
    e: &Op<'a>,
    cut: usize,
    old: &Side<'a, '_>,
    new: &Side<'a, '_>,
) -> (Op<'a>, Op<'a>) {
    let cut = cut.clamp(e.new.byte_start, e.new.byte_end);
    // Position of the cut in NEW's token sequence, and the content tokens before it.
    let ntoks = &new.toks[e.nseq.clone()];
    let q = ntoks.partition_point(|t| (t.start as usize) < cut);
    let k = if new.has_ws {
        ntoks[..q].iter().filter(|t| !t.ws()).count()
    } else {
        q
    };
    let (ocut, oq) = if e.old.text == e.new.text {
        (e.old.byte_start + (cut - e.new.byte_start), q)
    } else {
        // Whitespace differs (only possible when whitespace is ignored, so there are no
        // whitespace tokens and token k of OLD matches token k of NEW).
        let oq = k.min(e.oseq.len());
        let ocut = if oq < e.oseq.len() {
            old.toks[e.oseq.start + oq].start as usize
        } else {
            e.old.byte_end
        };
        (ocut, oq)
    };
    let ocut = ocut.clamp(e.old.byte_start, e.old.byte_end);
    let part = |ob: Range<usize>,
                nb: Range<usize>,
                ot: Range<usize>,
                nt: Range<usize>,
                os: Range<usize>,
                ns: Range<usize>| Op {
        kind: OpKind::Equal,
        old: Span {
            token_start: ot.start,
            token_end: ot.end,
            byte_start: ob.start,
            byte_end: ob.end,
            text: old.slice(ob),
        },
        new: Span {
            token_start: nt.start,
            token_end: nt.end,
            byte_start: nb.start,
            byte_end: nb.end,
            text: new.slice(nb),
        },
        oseq: os,
        nseq: ns,
    };
    let (ots, nts) = (e.old.token_start, e.new.token_start);
    let first = part(
        e.old.byte_start..ocut,
        e.new.byte_start..cut,
        ots..ots + k,
        nts..nts + k,
        e.oseq.start..e.oseq.start + oq,
        e.nseq.start..e.nseq.start + q,
    );
    let second = part(
        ocut..e.old.byte_end,
        cut..e.new.byte_end,
        ots + k..e.old.token_end,
        nts + k..e.new.token_end,
        e.oseq.start + oq..e.oseq.end,
        e.nseq.start + q..e.nseq.end,
    );
    (first, second)
}

fn finish_hunk<'a>(mut ops: Vec<Op<'a>>, old: &Side<'a, '_>, new: &Side<'a, '_>) -> Hunk<'a> {
    // Context trimmed to nothing leaves empty equal ops at the edges: drop them.
    ops.retain(|o| !(o.kind == OpKind::Equal && o.old.text.is_empty() && o.new.text.is_empty()));
    let (f, l) = match (ops.first(), ops.last()) {
        (Some(f), Some(l)) => (f, l),
        _ => {
            let r = old.range(0..0, 0..0);
            return Hunk {
                old_range: r,
                new_range: new.range(0..0, 0..0),
                ops,
            };
        }
    };
    Hunk {
        old_range: old.range(
            f.old.byte_start..l.old.byte_end,
            f.old.token_start..l.old.token_end,
        ),
        new_range: new.range(
            f.new.byte_start..l.new.byte_end,
            f.new.token_start..l.new.token_end,
        ),
        ops,
    }
}

#[cfg(test)]
mod tests {
    use super::super::{DiffOptions, OpKind, diff_texts};

    #[test]
    fn spans_own_the_whitespace_after_them() {
        let d = diff_texts("a  b c", "a b\nx", &DiffOptions::new().ter(false));
        let texts: Vec<_> = d
            .ops()
            .iter()
            .map(|o| (o.kind, o.old.text, o.new.text))
            .collect();
        assert_eq!(
            texts,
            [
                (OpKind::Equal, "a  b ", "a b\n"),
                (OpKind::Replace, "c", "x")
            ]
        );
    }

    #[test]
    fn whitespace_only_side_goes_to_the_last_op() {
        // OLD has no tokens at all: its whitespace is replaced, not lost.
        let d = diff_texts(" \n ", "word", &DiffOptions::new());
        assert_eq!(d.ops().len(), 1);
        assert_eq!(
            (d.ops()[0].kind, d.ops()[0].old.text),
            (OpKind::Replace, " \n ")
        );
        // Both whitespace only: equal, with one whitespace-only change.
        let d = diff_texts("  ", "\n", &DiffOptions::new());
        assert!(d.is_identical());
        assert_eq!(d.stats().whitespace_only_changes, 1);
    }

    #[test]
    fn hunk_ranges_map_context_to_old_through_tokens() {
        // NEW re-wraps OLD; the hunk's context is cut at NEW's line starts and mapped to OLD by
        // token index, so OLD's range starts at the matching token.
        let old = "l1\nl2\nl3\nalpha beta gamma\ndelta\n";
        let new = "l1\nl2\nl3\nalpha beta\ngamma DELTA\n";
        let d = diff_texts(old, new, &DiffOptions::new().context(1));
        let h = &d.hunks()[0];
        assert_eq!((h.new_range.line_start, h.new_range.line_end), (3, 5));
        assert_eq!(h.old_range.token_start, h.new_range.token_start);
        assert_eq!(&old[h.old_range.byte_start..], "alpha beta gamma\ndelta\n");
    }
}
