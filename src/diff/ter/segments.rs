//! TER of a computed diff: the whole document at once when it is small, else summed over
//! segments cut around the diff's changed regions.

use std::borrow::Cow;
use std::ops::Range;

use super::super::align::Seq;
use super::super::align::{KeyMode, RawOp, Tag};
use super::super::tokenize::Tok;
use super::shift::ter_ids;
use super::{Budget, Interner, MAX_SHIFT_DIST, Ter, TerScope, cap_by_substitution, count_change};

/// Largest document (hypothesis × reference tokens) scored in [`TerScope::Document`].
const DOCUMENT_CELLS: usize = 1_000_000;
/// Largest segment, in tokens per side, when merging neighbouring regions (about a paragraph).
const SEGMENT_TOKENS: usize = 250;

/// What [`ter_for_diff`] reports besides the score.
pub(crate) struct DiffTer {
    pub ter: Ter,
    pub scope: TerScope,
    /// Segments for which the diff's own edits were used (too large, or budget exhausted).
    pub fallback_segments: usize,
    pub budget_exhausted: bool,
    /// The work done ([`Budget::work`]).
    pub work: u64,
}

/// One side as TER sees it.
pub(crate) struct TerSide<'a, 'b> {
    pub seq: &'b Seq<'a>,
    /// Whether `seq` contains whitespace tokens (they are skipped).
    pub has_ws: bool,
}

impl<'a> TerSide<'a, '_> {
    fn content(&self, r: Range<usize>) -> impl Iterator<Item = &'a str> + '_ {
        let text = self.seq.text;
        self.seq.toks[r]
            .iter()
            .filter(|t| !t.ws())
            .map(move |t: &Tok| t.text(text))
    }
    fn count(&self, r: Range<usize>) -> usize {
        if self.has_ws {
            self.seq.toks[r].iter().filter(|t| !t.ws()).count()
        } else {
            r.len()
        }
    }
}

/// How tokens are compared.
#[derive(Clone, Copy)]
pub(crate) struct TerKey {
    pub mode: KeyMode,
    pub case_insensitive: bool,
}

impl TerKey {
    /// The key a token is interned under.
    fn of<'s>(&self, s: &'s str) -> Cow<'s, str> {
        match (self.mode, self.case_insensitive) {
            (KeyMode::NormalizedLine, false) => {
                Cow::Owned(s.split_whitespace().collect::<Vec<_>>().join(" "))
            }
            (KeyMode::NormalizedLine, true) => Cow::Owned(
                s.split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .to_lowercase(),
            ),
            (KeyMode::Exact, false) => Cow::Borrowed(s),
            (KeyMode::Exact, true) => Cow::Owned(s.to_lowercase()),
        }
    }
}

/// TER of OLD (hypothesis) against NEW (reference) for a computed diff: document scope for
/// small texts, otherwise summed over segments built from the diff's changed regions.
pub(crate) fn ter_for_diff(
    old: &TerSide<'_, '_>,
    new: &TerSide<'_, '_>,
    ops: &[RawOp],
    key: TerKey,
    budget: &mut Budget,
) -> DiffTer {
    let total_old = old.count(0..old.seq.toks.len());
    let total_new = new.count(0..new.seq.toks.len());
    let (scope, segments) = if total_old.saturating_mul(total_new) <= DOCUMENT_CELLS {
        (TerScope::Document, std::iter::once(0..ops.len()).collect())
    } else {
        (TerScope::Segments, segments(old, new, ops))
    };
    let mut out = DiffTer {
        ter: Ter::default(),
        scope,
        fallback_segments: 0,
        budget_exhausted: false,
        work: 0,
    };
    let (mut counted_old, mut counted_new) = (0, 0);
    for seg in segments {
        let (t, fallback) = score_segment(old, new, &ops[seg], key, budget);
        counted_old += t.hypothesis_tokens;
        counted_new += t.reference_tokens;
        out.fallback_segments += usize::from(fallback);
        out.ter.add(&t);
    }
    // Unchanged stretches outside the segments are matched tokens: no edits, but they count in
    // the denominator.
    out.ter.reference_tokens += total_new - counted_new;
    out.ter.hypothesis_tokens += total_old - counted_old;
    out.budget_exhausted = budget.exhausted;
    out.work = budget.work;
    out
}

/// Segments: maximal runs of ops between equal ops that are short enough for a shift to cross
/// them, each at most [`SEGMENT_TOKENS`] per side.
fn segments(old: &TerSide<'_, '_>, new: &TerSide<'_, '_>, ops: &[RawOp]) -> Vec<Range<usize>> {
    let mut segments = Vec::new();
    let mut i = 0;
    while i < ops.len() {
        if ops[i].tag == Tag::Equal {
            i += 1;
            continue;
        }
        let start = i;
        let (mut so, mut sn) = (old.count(ops[i].old.clone()), new.count(ops[i].new.clone()));
        let mut end = i + 1;
        while end + 1 < ops.len() {
            let (gap, next) = (&ops[end], &ops[end + 1]);
            let go = old.count(gap.old.clone());
            let gn = new.count(gap.new.clone());
            let no = old.count(next.old.clone());
            let nn = new.count(next.new.clone());
            if go.max(gn) > MAX_SHIFT_DIST
                || so + go + no > SEGMENT_TOKENS
                || sn + gn + nn > SEGMENT_TOKENS
            {
                break;
            }
            so += go + no;
            sn += gn + nn;
            end += 2;
        }
        segments.push(start..end);
        i = end;
    }
    segments
}

/// TER of one segment, and whether it fell back to the diff's own edits (too large, or the
/// budget is exhausted).
fn score_segment(
    old: &TerSide<'_, '_>,
    new: &TerSide<'_, '_>,
    seg_ops: &[RawOp],
    key: TerKey,
    budget: &mut Budget,
) -> (Ter, bool) {
    let mut ids = Interner::with_capacity(64);
    let (mut h, mut r) = (Vec::new(), Vec::new());
    // The diff's own edits: an upper bound of the distance, and the fallback.
    let mut plain = Ter::default();
    for op in seg_ops {
        h.extend(old.content(op.old.clone()).map(|t| ids.id(key.of(t))));
        r.extend(new.content(op.new.clone()).map(|t| ids.id(key.of(t))));
        count_change(
            &mut plain,
            old.count(op.old.clone()),
            new.count(op.new.clone()),
            op.tag == Tag::Equal,
        );
    }
    plain.hypothesis_tokens = h.len();
    plain.reference_tokens = r.len();
    cap_by_substitution(&mut plain);
    let scored = if budget.exhausted {
        None
    } else {
        ter_ids(&h, &r, plain.edits(), budget)
    };
    match scored {
        Some(t) => (t, false),
        None => (
            Ter {
                approximated: true,
                ..plain
            },
            true,
        ),
    }
}
