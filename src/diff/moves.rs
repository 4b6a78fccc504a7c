//! Moved blocks: text deleted in one place and inserted, word for word, in another.
//!
//! The alignment shows a moved sentence as a deletion plus an insertion; this pass pairs them.
//! A *move* is a run of content tokens that is deleted from OLD (in a delete or replace op) and
//! inserted into NEW (in an insert or replace op) identically, at any distance, and that is
//! either at least [`super::DiffOptions::min_move_tokens`] tokens long or a whole sentence on
//! both sides (from just after a sentence end — `.`, `!`, `?`, `。`, `！`, `？` — through the
//! next one) of at least two tokens. Runs are matched greedily in NEW's order, longest first,
//! each token used once.
//!
//! Bounds (the result then says [`super::Approximation::MoveSearch`]): at most
//! [`MAX_MOVE_TOKENS`] changed tokens per side are considered, at most [`MAX_BUCKET`] places
//! per key are remembered, and at most [`MAX_COMPARISONS`] token comparisons are made. Moves do
//! not change the statistics or TER (TER counts shifts its own way); they are reported beside
//! them.

use std::ops::Range;

use serde::Serialize;

use super::model::{Op, OpKind, Side};
use super::paragraphs::Paragraphs;
use super::tokenize::hash_bytes;

/// Most changed tokens per side considered for moves.
pub const MAX_MOVE_TOKENS: usize = 1_000_000;
/// Most places remembered for one key (a run of tokens); further places are not matched.
pub const MAX_BUCKET: usize = 16;
/// Most token comparisons made while matching.
pub const MAX_COMPARISONS: usize = 20_000_000;

/// One side of a moved block (0-based, half-open; see [`super::TextDiff`]'s conventions).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct MovePlace {
    /// First content token.
    pub token_start: usize,
    /// One past the last content token.
    pub token_end: usize,
    /// First byte.
    pub byte_start: usize,
    /// One past the last byte.
    pub byte_end: usize,
    /// The line (0-based) where the block starts.
    pub line: usize,
    /// The paragraph (0-based; see [`super::TextDiff::paragraphs`] for what a paragraph is)
    /// where the block starts.
    pub paragraph: usize,
}

/// The tag of a move in JSON: `"op": "move"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
enum MoveTag {
    Move,
}

/// A block of text moved from one place to another.
///
/// JSON: `{"op": "move", "id": 0, "tokens": 26, "sentence": true, "text": "…",
/// "old": MovePlace, "new": MovePlace}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Move<'a> {
    #[serde(rename = "op")]
    tag: MoveTag,
    /// Index of the move in [`super::TextDiff::moves`] (ordered by the place in NEW).
    pub id: usize,
    /// Content tokens moved.
    pub tokens: usize,
    /// Whether the block is a whole sentence (or several) on both sides.
    pub sentence: bool,
    /// The moved text, as it stands in OLD.
    pub text: &'a str,
    /// Where it was in OLD.
    pub old: MovePlace,
    /// Where it is in NEW.
    pub new: MovePlace,
}

/// The changed tokens of one side: their content-token index, token index and text, cut into
/// runs (one per change op).
struct Changed<'t> {
    index: Vec<usize>,
    tok: Vec<usize>,
    text: Vec<&'t str>,
    /// Per token, the end of its run (an index into the vectors above).
    run_end: Vec<usize>,
    /// Per token, whether a sentence may start at it (first token, or after a sentence end).
    starts_sentence: Vec<bool>,
    /// Per token, whether the next content token ends a sentence (the alignment may give the
    /// full stop of a moved sentence to its neighbour).
    before_end: Vec<bool>,
    runs: Vec<Range<usize>>,
}

fn ends_sentence(token: &str) -> bool {
    matches!(token, "." | "!" | "?" | "。" | "！" | "？")
}

impl<'t> Changed<'t> {
    /// The changed tokens of OLD (`old`) or NEW, and whether there were more than
    /// [`MAX_MOVE_TOKENS`] (only the first are kept).
    fn collect(ops: &[Op<'t>], side: &Side<'t, '_>, old: bool) -> (Self, bool) {
        let mut c = Changed {
            index: Vec::new(),
            tok: Vec::new(),
            text: Vec::new(),
            run_end: Vec::new(),
            starts_sentence: Vec::new(),
            before_end: Vec::new(),
            runs: Vec::new(),
        };
        for op in ops.iter().filter(|o| o.kind != OpKind::Equal) {
            let (span, seq) = if old {
                (&op.old, &op.oseq)
            } else {
                (&op.new, &op.nseq)
            };
            let start = c.text.len();
            let content = seq.clone().filter(|&t| !side.toks[t].ws());
            for (index, t) in (span.token_start..).zip(content) {
                if c.text.len() >= MAX_MOVE_TOKENS {
                    c.close_run(start);
                    return (c, true);
                }
                let after_end = previous_content(side, t).is_none_or(ends_sentence);
                c.index.push(index);
                c.tok.push(t);
                c.text.push(side.toks[t].text(side.text));
                c.starts_sentence.push(after_end);
                c.before_end
                    .push(next_content(side, t).is_some_and(ends_sentence));
            }
            c.close_run(start);
        }
        (c, false)
    }

    fn close_run(&mut self, start: usize) {
        let end = self.text.len();
        if end > start {
            self.run_end.resize(end, end);
            self.runs.push(start..end);
        }
    }

    /// Whether `r` is one or more whole sentences (perhaps without the final full stop, when
    /// it is the next token).
    fn whole_sentences(&self, r: Range<usize>) -> bool {
        let last = r.end - 1;
        !r.is_empty()
            && self.starts_sentence[r.start]
            && (ends_sentence(self.text[last]) || self.before_end[last])
    }
}

/// The content token before token `t`, if any (whitespace tokens are single runs, so at most
/// two steps back).
fn previous_content<'t>(side: &Side<'t, '_>, t: usize) -> Option<&'t str> {
    side.toks[..t]
        .iter()
        .rev()
        .take(2)
        .find(|x| !x.ws())
        .map(|x| x.text(side.text))
}

/// The content token after token `t`, if any.
fn next_content<'t>(side: &Side<'t, '_>, t: usize) -> Option<&'t str> {
    side.toks[t + 1..]
        .iter()
        .take(2)
        .find(|x| !x.ws())
        .map(|x| x.text(side.text))
}

fn key(tokens: &[&str]) -> u64 {
    tokens.iter().fold(0u64, |h, t| {
        (h.rotate_left(7) ^ hash_bytes(t.as_bytes())).wrapping_mul(0x9E37_79B9_7F4A_7C15)
    })
}

/// A matched block: `len` tokens at `old` in OLD's changed tokens and `new` in NEW's.
struct Found {
    old: usize,
    new: usize,
    len: usize,
}

/// The matching state.
struct Matcher<'c, 't> {
    old: &'c Changed<'t>,
    new: &'c Changed<'t>,
    used_old: Vec<bool>,
    used_new: Vec<bool>,
    comparisons: usize,
    bounded: bool,
    found: Vec<Found>,
}

impl Matcher<'_, '_> {
    /// Length of the common run at `q` (OLD) and `p` (NEW) of unused tokens within both runs.
    fn extend(&mut self, q: usize, p: usize) -> usize {
        let mut len = 0;
        while q + len < self.old.run_end[q]
            && p + len < self.new.run_end[p]
            && !self.used_old[q + len]
            && !self.used_new[p + len]
            && self.old.text[q + len] == self.new.text[p + len]
        {
            len += 1;
        }
        self.comparisons += len + 1;
        len
    }

    fn take(&mut self, q: usize, p: usize, len: usize) {
        self.used_old[q..q + len].iter_mut().for_each(|u| *u = true);
        self.used_new[p..p + len].iter_mut().for_each(|u| *u = true);
        self.found.push(Found {
            old: q,
            new: p,
            len,
        });
    }

    /// Runs of at least `k` tokens, found through an index of OLD's `k`-token windows.
    fn long_runs(&mut self, k: usize) {
        let mut windows = Vec::new();
        for r in &self.old.runs {
            windows.extend(
                (r.start..r.end.saturating_sub(k - 1)).map(|q| (key(&self.old.text[q..q + k]), q)),
            );
        }
        let index = Index::new(windows, &mut self.bounded);
        for r in self.new.runs.clone() {
            let mut p = r.start;
            while p + k <= r.end {
                if self.comparisons > MAX_COMPARISONS {
                    self.bounded = true;
                    return;
                }
                let mut best = (0, 0);
                for &(_, q) in index.get(key(&self.new.text[p..p + k])) {
                    let len = self.extend(q, p);
                    if len > best.1 {
                        best = (q, len);
                    }
                }
                if best.1 >= k {
                    self.take(best.0, p, best.1);
                    p += best.1;
                } else {
                    p += 1;
                }
            }
        }
    }

    /// Whole sentences shorter than `k` tokens, matched without their final full stop (the
    /// alignment may leave it out of the change).
    fn short_sentences(&mut self, k: usize) {
        let bodies = sentence_bodies(self.old, &self.used_old, k);
        let keyed = bodies
            .into_iter()
            .map(|b| (key(&self.old.text[b.clone()]), b.start));
        let index = Index::new(keyed.collect(), &mut self.bounded);
        for body in sentence_bodies(self.new, &self.used_new, k) {
            let len = body.len();
            for &(_, q) in index.get(key(&self.new.text[body.clone()])) {
                if self.used_old[q] || !self.old.whole_sentences(q..q + len) {
                    continue;
                }
                let common = self.extend(q, body.start);
                if common >= len {
                    self.take(q, body.start, common);
                    break;
                }
            }
        }
    }
}

/// The sentences of the changed runs shorter than `k` tokens, without their final full stop,
/// that are not already part of a move.
fn sentence_bodies(c: &Changed<'_>, used: &[bool], k: usize) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for r in &c.runs {
        let mut s = r.start;
        for i in r.clone() {
            let stop = ends_sentence(c.text[i]);
            let end = if stop {
                i
            } else if i + 1 == r.end && c.before_end[i] {
                i + 1
            } else {
                continue;
            };
            let body = s..end;
            if !body.is_empty()
                && body.len() < k
                && c.starts_sentence[s]
                && !used[body.clone()].contains(&true)
            {
                out.push(body);
            }
            s = i + 1;
        }
    }
    out
}

/// Places of OLD by key: sorted pairs, at most [`MAX_BUCKET`] per key (a sorted vector
/// rather than a map of vectors: one allocation, and cheap for the few thousand changed tokens
/// of a typical post-edit).
struct Index(Vec<(u64, usize)>);

impl Index {
    fn new(mut pairs: Vec<(u64, usize)>, bounded: &mut bool) -> Self {
        pairs.sort_unstable();
        let mut kept: Vec<(u64, usize)> = Vec::with_capacity(pairs.len());
        let mut run = 0;
        for (i, &(key, q)) in pairs.iter().enumerate() {
            run = if i > 0 && pairs[i - 1].0 == key {
                run + 1
            } else {
                0
            };
            if run < MAX_BUCKET {
                kept.push((key, q));
            } else {
                *bounded = true;
            }
        }
        Index(kept)
    }

    fn get(&self, key: u64) -> &[(u64, usize)] {
        let start = self.0.partition_point(|&(k, _)| k < key);
        let end = start + self.0[start..].partition_point(|&(k, _)| k == key);
        &self.0[start..end]
    }
}

/// Finds the moves among `ops` (see the module documentation); the flag says whether a bound
/// was hit.
pub(crate) fn find<'a>(
    ops: &[Op<'a>],
    old: &Side<'a, '_>,
    new: &Side<'a, '_>,
    min_tokens: usize,
) -> (Vec<Move<'a>>, bool) {
    let k = min_tokens.max(2);
    let (co, bounded_old) = Changed::collect(ops, old, true);
    let (cn, bounded_new) = Changed::collect(ops, new, false);
    if co.text.is_empty() || cn.text.is_empty() {
        return (Vec::new(), bounded_old || bounded_new);
    }
    let mut m = Matcher {
        used_old: vec![false; co.text.len()],
        used_new: vec![false; cn.text.len()],
        old: &co,
        new: &cn,
        comparisons: 0,
        bounded: bounded_old || bounded_new,
        found: Vec::new(),
    };
    m.long_runs(k);
    m.short_sentences(k);
    let bounded = m.bounded;
    let mut found = m.found;
    found.sort_by_key(|f| f.new);
    (places(&found, &co, &cn, old, new), bounded)
}

/// Turns matched blocks into moves with byte offsets, lines and paragraphs.
fn places<'a>(
    found: &[Found],
    co: &Changed<'a>,
    cn: &Changed<'a>,
    old: &Side<'a, '_>,
    new: &Side<'a, '_>,
) -> Vec<Move<'a>> {
    if found.is_empty() {
        return Vec::new();
    }
    let (po, pn) = (Paragraphs::of(old.text), Paragraphs::of(new.text));
    let starts = |c: &Changed<'a>, side: &Side<'a, '_>, at: &dyn Fn(&Found) -> usize| {
        let bytes: Vec<usize> = found
            .iter()
            .map(|f| side.toks[c.tok[at(f)]].start as usize)
            .collect();
        lines_of(side.text, &bytes)
    };
    let (lo, ln) = (starts(co, old, &|f| f.old), starts(cn, new, &|f| f.new));
    let place = |c: &Changed<'a>,
                 side: &Side<'a, '_>,
                 paras: &Paragraphs,
                 at: usize,
                 len: usize,
                 line: usize| {
        let first = &side.toks[c.tok[at]];
        let last = &side.toks[c.tok[at + len - 1]];
        let byte_start = first.start as usize;
        MovePlace {
            token_start: c.index[at],
            token_end: c.index[at] + len,
            byte_start,
            byte_end: last.end() as usize,
            line,
            paragraph: paras.index(byte_start),
        }
    };
    found
        .iter()
        .enumerate()
        .map(|(id, f)| {
            let o = place(co, old, &po, f.old, f.len, lo[id]);
            Move {
                tag: MoveTag::Move,
                id,
                tokens: f.len,
                sentence: co.whole_sentences(f.old..f.old + f.len)
                    && cn.whole_sentences(f.new..f.new + f.len),
                text: old.text.get(o.byte_start..o.byte_end).unwrap_or(""),
                old: o,
                new: place(cn, new, &pn, f.new, f.len, ln[id]),
            }
        })
        .collect()
}

/// The 0-based line of each byte offset, in one pass over the text.
fn lines_of(text: &str, bytes: &[usize]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..bytes.len()).collect();
    order.sort_by_key(|&i| bytes[i]);
    let mut out = vec![0; bytes.len()];
    let (mut at, mut line) = (0, 0);
    for i in order {
        let to = bytes[i].min(text.len());
        line += text.as_bytes()[at..to]
            .iter()
            .filter(|&&b| b == b'\n')
            .count();
        at = to;
        out[i] = line;
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::diff::{DiffOptions, diff_texts};

    const OLD: &str = "Intro.\n\nThe minister said costs would halve. Critics disagreed strongly \
                       with everything proposed at the long meeting.\n\nA second paragraph \
                       follows with more words in it to keep it long.\n\nThe end.\n";
    const NEW: &str = "Intro.\n\nCritics disagreed strongly with everything proposed at the long \
                       meeting.\n\nA second paragraph follows with more words in it to keep it \
                       long. The minister said costs would halve.\n\nThe end.\n";

    #[test]
    fn a_sentence_moved_to_another_paragraph_is_one_move() {
        let d = diff_texts(OLD, NEW, &DiffOptions::new());
        assert_eq!(d.moves().len(), 1, "{:?}", d.moves());
        let m = &d.moves()[0];
        assert!(m.sentence, "{m:?}");
        assert!(m.tokens >= 6);
        assert!(
            m.text.starts_with("The minister said costs would halve"),
            "{m:?}"
        );
        assert_eq!((m.old.paragraph, m.new.paragraph), (1, 2));
        assert_eq!((m.old.line, m.new.line), (2, 4));
        assert_eq!(&NEW[m.new.byte_start..m.new.byte_end], m.text);
        // TER is computed as before: moves are reported beside it.
        assert!(d.stats().ter.is_some());
        assert!(!d.is_approximated());
    }

    #[test]
    fn short_runs_are_moves_only_when_whole_sentences() {
        let d = diff_texts(
            "Yes. a b c d e f g h.",
            "a b c d e f g h. Yes.",
            &DiffOptions::new(),
        );
        assert!(
            d.moves()
                .iter()
                .any(|m| m.text.starts_with("Yes") && m.sentence),
            "{:?}",
            d.moves()
        );
        let d = diff_texts("x y a b c d e f", "a b c d e f x y", &DiffOptions::new());
        assert!(d.moves().iter().all(|m| m.text != "x y"), "{:?}", d.moves());
        let d = diff_texts("a b c", "a b c", &DiffOptions::new().moves(false));
        assert!(d.moves().is_empty());
    }

    #[test]
    fn a_bound_reached_is_reported() {
        // The same five tokens deleted twenty times: more places than a key may remember.
        let old: String = (0..20).map(|i| format!("p q r s t u{i} ")).collect();
        let new: String = (0..20).map(|i| format!("v{i} ")).collect::<String>() + "p q r s t";
        let d = diff_texts(&old, &new, &DiffOptions::new());
        assert!(
            d.approximations()
                .contains(&crate::diff::Approximation::MoveSearch)
        );
        assert!(d.is_approximated());
    }
}
