//! Translation Edit Rate with block shifts (Snover et al., 2006), as in tercom.
//!
//! *TER = (insertions + deletions + substitutions + shifts) / reference tokens*, every edit
//! costing 1 and a *shift* moving a contiguous block of any length to another place. The
//! hypothesis is the text being judged (here: OLD, the machine output) and the reference is the
//! target (NEW, the post-edited revision), so TER is HTER: the share of the post-edit that had
//! to be edited.
//!
//! Finding the fewest edits with shifts is NP-hard; like tercom this uses the paper's greedy
//! search. At each step every admissible shift is tried, and the one that lowers the Levenshtein
//! distance the most is applied; the search stops when no shift lowers it. A shift is
//! admissible when:
//!
//! * the moved hypothesis phrase (at most [`MAX_SHIFT_SIZE`] = 10 tokens) is identical to a
//!   reference phrase that starts at most [`MAX_SHIFT_DIST`] = 50 tokens away;
//! * not all of the phrase's hypothesis tokens are already correctly matched in the current
//!   alignment, and not all of the reference phrase's tokens are matched either;
//! * the reference phrase is not aligned to a position inside the hypothesis phrase itself;
//! * the destination is next to the hypothesis token aligned with the token just before, or
//!   with one of the tokens of, the reference phrase.
//!
//! Ties are broken deterministically: larger gain, then longer phrase, then earlier phrase,
//! then earlier destination. At most [`MAX_CANDIDATES`] = 1000 shifts are tried per
//! computation (the limit sacreBLEU puts on tercom's search). A shift is only applied when it
//! lowers the distance by at least one, so it never raises the score: TER is never above the
//! plain edit rate.
//!
//! Tokens are compared exactly (case-sensitive; punctuation marks are tokens of their own, as
//! [`super::tokenize`] makes them). For an empty reference the score is 0 when the hypothesis
//! is empty too and 1 otherwise (sacreBLEU's convention), while the edit counts are exact.

use std::borrow::Cow;
use std::collections::HashMap;
use std::ops::Range;

use serde::Serialize;
use serde::ser::SerializeStruct;

use super::align::{KeyMode, RawOp, Seq, Tag};
use super::tokenize::Tok;

/// Longest phrase (in tokens) that one shift may move, as in tercom.
pub const MAX_SHIFT_SIZE: usize = 10;
/// Largest distance (in tokens) between the hypothesis phrase and the matching reference
/// phrase for a shift to be considered, as in tercom.
pub const MAX_SHIFT_DIST: usize = 50;
/// Largest number of shifts evaluated in one TER computation (sacreBLEU's bound on tercom's
/// search); the shifts found until then are kept.
pub const MAX_CANDIDATES: usize = 1000;

/// Largest (banded) edit-distance matrix of one computation, in cells: hypothesis tokens × (2 ×
/// the edit distance bound + 1). Beyond it the shift search is skipped and the edits of a plain
/// diff are used ([`Ter::approximated`]).
const MAX_CELLS: usize = 4_000_000;

/// The result of a TER computation: edits broken down by kind, and the score.
///
/// Serialised (in JSON) as
/// `{"score":…, "edits":…, "insertions":…, "deletions":…, "substitutions":…, "shifts":…,
/// "referenceTokens":…, "hypothesisTokens":…, "approximated":…}`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Ter {
    /// Reference tokens missing from the hypothesis (tokens the post-editor added).
    pub insertions: usize,
    /// Hypothesis tokens absent from the reference (tokens the post-editor removed).
    pub deletions: usize,
    /// Hypothesis tokens replaced by a different reference token.
    pub substitutions: usize,
    /// Block moves, each counted as one edit whatever its length.
    pub shifts: usize,
    /// Number of reference tokens (the denominator).
    pub reference_tokens: usize,
    /// Number of hypothesis tokens.
    pub hypothesis_tokens: usize,
    /// Whether a work bound was hit, so that the counts are an upper bound of what the full
    /// greedy search would find (never below it).
    pub approximated: bool,
}

impl Ter {
    /// Total number of edits: insertions + deletions + substitutions + shifts.
    pub fn edits(&self) -> usize {
        self.insertions + self.deletions + self.substitutions + self.shifts
    }

    /// The TER score: edits / reference tokens (0 for two empty texts, 1 for an empty reference
    /// and a non-empty hypothesis). Not capped at 1: a hypothesis much longer than the reference
    /// scores above 1.
    pub fn score(&self) -> f64 {
        rate(self.edits(), self.reference_tokens)
    }

    fn add(&mut self, other: &Ter) {
        self.insertions += other.insertions;
        self.deletions += other.deletions;
        self.substitutions += other.substitutions;
        self.shifts += other.shifts;
        self.reference_tokens += other.reference_tokens;
        self.hypothesis_tokens += other.hypothesis_tokens;
        self.approximated |= other.approximated;
    }
}

/// `edits / reference`, with the conventions of [`Ter::score`] for an empty reference.
pub(crate) fn rate(edits: usize, reference: usize) -> f64 {
    match (edits, reference) {
        (0, _) => 0.0,
        (_, 0) => 1.0,
        (e, r) => e as f64 / r as f64,
    }
}

impl Serialize for Ter {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("Ter", 9)?;
        st.serialize_field("score", &self.score())?;
        st.serialize_field("edits", &self.edits())?;
        st.serialize_field("insertions", &self.insertions)?;
        st.serialize_field("deletions", &self.deletions)?;
        st.serialize_field("substitutions", &self.substitutions)?;
        st.serialize_field("shifts", &self.shifts)?;
        st.serialize_field("referenceTokens", &self.reference_tokens)?;
        st.serialize_field("hypothesisTokens", &self.hypothesis_tokens)?;
        st.serialize_field("approximated", &self.approximated)?;
        st.end()
    }
}

/// Computes TER of a tokenised hypothesis against a tokenised reference.
///
/// Tokens are compared exactly (case-sensitive). Use [`super::tokenize`] to get tokens of the
/// same kind as the diff's: words for space-separated scripts, characters for scripts written
/// without spaces (character-level TER for Chinese, Japanese, Thai…).
///
/// Work is bounded: the edit-distance matrix is kept to a band as wide as the distance, and
/// when it would still exceed 4 000 000 cells (long texts that differ a lot) the shift search is
/// skipped, the edits come from a plain diff, and [`Ter::approximated`] is set.
///
/// ```
/// use tprov::diff::ter;
/// let hyp = ["a", "b", "c", "d", "e", "f"];
/// let reference = ["d", "e", "f", "a", "b", "c"];
/// let t = ter(&hyp, &reference);
/// assert_eq!((t.shifts, t.edits()), (1, 1)); // one block move, not six edits
/// assert!((t.score() - 1.0 / 6.0).abs() < 1e-12);
/// ```
pub fn ter(hypothesis: &[&str], reference: &[&str]) -> Ter {
    let mut ids = Interner::default();
    let h: Vec<u32> = hypothesis
        .iter()
        .map(|t| ids.id(Cow::Borrowed(t)))
        .collect();
    let r: Vec<u32> = reference.iter().map(|t| ids.id(Cow::Borrowed(t))).collect();
    // A plain diff gives an upper bound of the distance (the band) and the fallback.
    let mut plain = Ter {
        reference_tokens: r.len(),
        hypothesis_tokens: h.len(),
        ..Ter::default()
    };
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &h, &r) {
        count_change(
            &mut plain,
            op.old_range().len(),
            op.new_range().len(),
            op.tag() == similar::DiffTag::Equal,
        );
    }
    cap_by_substitution(&mut plain);
    let mut budget = Budget::new(u64::MAX);
    ter_ids(&h, &r, plain.edits(), &mut budget).unwrap_or(Ter {
        approximated: true,
        ..plain
    })
}

/// Adds the edits of one aligned stretch: a replacement of k by m tokens is min(k, m)
/// substitutions plus the rest as insertions or deletions.
fn count_change(t: &mut Ter, k: usize, m: usize, equal: bool) {
    if equal {
        return;
    }
    let s = k.min(m);
    t.substitutions += s;
    t.deletions += k - s;
    t.insertions += m - s;
}

/// Replacing every token pairwise (max(n, m) edits) is also an edit script: use it when the
/// diff's script is longer.
fn cap_by_substitution(t: &mut Ter) {
    let (n, m) = (t.hypothesis_tokens, t.reference_tokens);
    if t.edits() > n.max(m) {
        t.substitutions = n.min(m);
        t.deletions = n - t.substitutions;
        t.insertions = m - t.substitutions;
        t.shifts = 0;
    }
}

/// A fast hasher for the interner's short keys (SipHash's DoS resistance is not needed: the
/// keys come from the texts being compared, and a collision only costs time).
#[derive(Default)]
struct FastHasher(u64);

impl std::hash::Hasher for FastHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        self.0 = (self.0.rotate_left(5) ^ super::tokenize::hash_bytes(bytes))
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// Interns token keys as small integers so that the edit-distance loops compare integers.
#[derive(Default)]
struct Interner<'a> {
    map: HashMap<Cow<'a, str>, u32, std::hash::BuildHasherDefault<FastHasher>>,
}

impl<'a> Interner<'a> {
    fn with_capacity(n: usize) -> Self {
        Interner {
            map: HashMap::with_capacity_and_hasher(n, Default::default()),
        }
    }

    fn id(&mut self, key: Cow<'a, str>) -> u32 {
        let next = self.map.len() as u32;
        *self.map.entry(key).or_insert(next)
    }
}

/// A budget of edit-distance cells, shared by all TER computations of one diff so that the
/// total work stays bounded.
pub(crate) struct Budget {
    left: u64,
    /// Whether some computation was cut short by the budget.
    pub exhausted: bool,
}

impl Budget {
    pub(crate) fn new(cells: u64) -> Self {
        Budget {
            left: cells,
            exhausted: false,
        }
    }

    fn take(&mut self, cells: usize) -> bool {
        let cells = cells as u64;
        if cells > self.left {
            self.exhausted = true;
            self.left = 0;
            false
        } else {
            self.left -= cells;
            true
        }
    }
}

/// "Unreachable" in the banded matrix; small enough that adding a few never overflows.
const INF: u32 = u32::MAX / 4;

/// Banded edit-distance matrix between a hypothesis and the reference (rows = hypothesis
/// prefixes). Only cells with |i − j| ≤ `k` are kept: every alignment path that leaves the band
/// costs more than `k`, so distances up to `k` are exact (Ukkonen) and larger ones come out as
/// larger than `k`. The search only needs exact values below the current distance, so a band
/// of the current distance (at first, the diff's edit count) loses nothing and makes a mostly
/// equal segment cost a few cells per token instead of a full row.
struct Dp {
    n: usize,
    m: usize,
    k: usize,
    /// Band width, 2k + 1.
    w: usize,
    d: Vec<u32>,
}

impl Dp {
    fn new(n: usize, m: usize, k: usize) -> Self {
        let w = 2 * k + 1;
        let mut d = vec![INF; (n + 1) * w];
        // Row 0: cell c holds j = c − k.
        for (c, cell) in d[..w].iter_mut().enumerate() {
            if c >= k && c - k <= m {
                *cell = (c - k) as u32;
            }
        }
        Dp { n, m, k, w, d }
    }

    #[inline]
    fn at(&self, i: usize, j: usize) -> u32 {
        // Cell c of row i holds j = i + c − k.
        let c = j + self.k;
        if c < i || c - i >= self.w {
            INF
        } else {
            self.d[i * self.w + c - i]
        }
    }

    /// Recomputes rows `from + 1 ..= n` for hypothesis `h`.
    fn fill_from(&mut self, h: &[u32], r: &[u32], from: usize) {
        let w = self.w;
        for i in from + 1..=self.n {
            let (prev, cur) = self.d[(i - 1) * w..(i + 1) * w].split_at_mut(w);
            step(prev, cur, i, h[i - 1], r, self.k);
        }
    }

    /// Distance of `shifted` to the reference, where `shifted` equals the matrix's hypothesis
    /// on its first `from` tokens and again from token `to` on; `None` as soon as it is known to
    /// be above `limit`. Reuses the stored rows up to `from`; stops early when a row past `to`
    /// equals the stored one (all later rows, and so the distance, are then the same), or when
    /// no cell of a row can still lead to a distance within `limit` (a cell's value plus the
    /// length difference left to cover is a lower bound). Exact when at most `k`.
    fn distance_from(
        &self,
        shifted: &[u32],
        r: &[u32],
        (from, to): (usize, usize),
        limit: u32,
        scratch: &mut [Vec<u32>; 2],
    ) -> Option<u32> {
        let w = self.w;
        let done = self.at(self.n, self.m);
        if from == self.n {
            return (done <= limit).then_some(done);
        }
        let [a, b] = scratch;
        a.clear();
        a.extend_from_slice(&self.d[from * w..(from + 1) * w]);
        b.clear();
        b.resize(w, INF);
        for i in from + 1..=self.n {
            step(a, b, i, shifted[i - 1], r, self.k);
            std::mem::swap(a, b);
            if i >= to && a[..] == self.d[i * w..(i + 1) * w] {
                return (done <= limit).then_some(done);
            }
            // Cell c is column j = i + c − k; reaching (n, m) from it costs at least
            // |(n − i) − (m − j)|.
            let rows_left = (self.n - i) as isize;
            let bound = a
                .iter()
                .enumerate()
                .map(|(c, &v)| {
                    let j = i as isize + c as isize - self.k as isize;
                    let cols_left = self.m as isize - j;
                    v.saturating_add(rows_left.abs_diff(cols_left).min(INF as usize) as u32)
                })
                .min()
                .unwrap_or(INF);
            if bound > limit {
                return None;
            }
        }
        // Row n, column m: cell m − n + k.
        let v = a[self.m + self.k - self.n];
        (v <= limit).then_some(v)
    }

    /// Backtrace of the optimal alignment: per hypothesis token whether it is an error, per
    /// reference token whether it is an error and which hypothesis index it is aligned to (the
    /// last hypothesis index consumed before it when it is an insertion; -1 for none). Prefers
    /// matches, then substitutions, then deletions, then insertions, so it is deterministic.
    fn alignment(&self, h: &[u32], r: &[u32]) -> Alignment {
        let (mut i, mut j) = (self.n, self.m);
        let mut al = Alignment {
            hyp_err: vec![false; self.n],
            ref_err: vec![false; self.m],
            align: vec![-1; self.m],
            counts: Ter::default(),
        };
        while i > 0 || j > 0 {
            let here = self.at(i, j);
            if i > 0 && j > 0 && h[i - 1] == r[j - 1] && here == self.at(i - 1, j - 1) {
                al.align[j - 1] = (i - 1) as isize;
                i -= 1;
                j -= 1;
            } else if i > 0 && j > 0 && here == self.at(i - 1, j - 1) + 1 {
                al.align[j - 1] = (i - 1) as isize;
                al.hyp_err[i - 1] = true;
                al.ref_err[j - 1] = true;
                al.counts.substitutions += 1;
                i -= 1;
                j -= 1;
            } else if i > 0 && here == self.at(i - 1, j) + 1 {
                al.hyp_err[i - 1] = true;
                al.counts.deletions += 1;
                i -= 1;
            } else if j > 0 {
                // An insertion (here == at(i, j - 1) + 1).
                al.ref_err[j - 1] = true;
                al.align[j - 1] = i as isize - 1;
                al.counts.insertions += 1;
                j -= 1;
            } else {
                // Unreachable when the matrix is consistent; stop rather than loop.
                al.counts.deletions += i;
                al.hyp_err[..i].iter_mut().for_each(|e| *e = true);
                break;
            }
        }
        al
    }
}

/// One banded row of the Levenshtein recurrence: `cur` is row `i`, `prev` row `i − 1`; cell `c`
/// holds column `j = i + c − k`.
#[inline]
fn step(prev: &[u32], cur: &mut [u32], i: usize, hi: u32, r: &[u32], k: usize) {
    let w = cur.len();
    let m = r.len();
    // Valid cells: 0 ≤ j ≤ m.
    let lo = k.saturating_sub(i);
    let hi_c = match (m + k).checked_sub(i) {
        Some(x) if lo <= x.min(w - 1) => x.min(w - 1),
        _ => {
            cur.fill(INF);
            return;
        }
    };
    cur[..lo].fill(INF);
    cur[hi_c + 1..].fill(INF);
    let mut c = lo;
    let mut left = INF;
    if i + lo == k {
        // Column 0: delete the first i hypothesis tokens.
        cur[c] = i as u32;
        left = i as u32;
        c += 1;
    }
    // Cells that have an "up" neighbour (c + 1 < w), as a branch-free zip.
    let inner_end = (hi_c + 1).min(w - 1);
    if c < inner_end {
        let j0 = i + c - k;
        let len = inner_end - c;
        let cells = cur[c..inner_end]
            .iter_mut()
            .zip(&prev[c..inner_end])
            .zip(&prev[c + 1..inner_end + 1])
            .zip(&r[j0 - 1..j0 - 1 + len]);
        for (((out, &diag), &up), &rj) in cells {
            let v = (diag + u32::from(hi != rj)).min(up + 1).min(left + 1);
            *out = v;
            left = v;
        }
        c = inner_end;
    }
    if c <= hi_c {
        // The band's last cell has no "up" neighbour.
        let j = i + c - k;
        cur[c] = (prev[c] + u32::from(hi != r[j - 1])).min(left + 1);
    }
}

struct Alignment {
    hyp_err: Vec<bool>,
    ref_err: Vec<bool>,
    align: Vec<isize>,
    counts: Ter,
}

/// Moves `h[s..s+len]` to just before original index `t` (`t` outside `s..=s+len`).
fn shifted_into(h: &[u32], s: usize, len: usize, t: usize, out: &mut Vec<u32>) {
    out.clear();
    if t < s {
        out.extend_from_slice(&h[..t]);
        out.extend_from_slice(&h[s..s + len]);
        out.extend_from_slice(&h[t..s]);
        out.extend_from_slice(&h[s + len..]);
    } else {
        out.extend_from_slice(&h[..s]);
        out.extend_from_slice(&h[s + len..t]);
        out.extend_from_slice(&h[s..s + len]);
        out.extend_from_slice(&h[t..]);
    }
}

/// For every index, the first index at or after it whose flag is set (or `len`).
fn next_set(flags: &[bool]) -> Vec<usize> {
    let mut out = vec![flags.len(); flags.len() + 1];
    for i in (0..flags.len()).rev() {
        out[i] = if flags[i] { i } else { out[i + 1] };
    }
    out
}

/// TER with shifts on interned tokens. `bound` is an upper bound of the Levenshtein distance
/// (an edit count of some alignment) and sets the band. `None` when the matrix would exceed
/// [`MAX_CELLS`] or the budget cannot pay for a first distance computation.
fn ter_ids(hyp: &[u32], r: &[u32], bound: usize, budget: &mut Budget) -> Option<Ter> {
    let (n, m) = (hyp.len(), r.len());
    let mut t = Ter {
        reference_tokens: m,
        hypothesis_tokens: n,
        ..Ter::default()
    };
    if n == 0 || m == 0 {
        t.insertions = m;
        t.deletions = n;
        return Some(t);
    }
    let k = bound.max(n.abs_diff(m)).min(n.max(m));
    let cells = (n + 1).checked_mul(2 * k + 1)?;
    if cells > MAX_CELLS || !budget.take(cells) {
        return None;
    }
    let mut cur = hyp.to_vec();
    let mut dp = Dp::new(n, m, k);
    dp.fill_from(&cur, r, 0);
    // Where each token occurs in the reference (positions grouped by token, in order), to find
    // matching phrases quickly: the positions of token x are ref_pos[ref_at[x]..ref_at[x + 1]].
    let ids = cur
        .iter()
        .chain(r)
        .copied()
        .max()
        .map_or(0, |x| x as usize + 1);
    let mut ref_at = vec![0usize; ids + 1];
    for &x in r {
        ref_at[x as usize + 1] += 1;
    }
    for x in 0..ids {
        ref_at[x + 1] += ref_at[x];
    }
    let mut fill = ref_at.clone();
    let mut ref_pos = vec![0usize; m];
    for (j, &x) in r.iter().enumerate() {
        ref_pos[fill[x as usize]] = j;
        fill[x as usize] += 1;
    }
    let mut checked = 0usize;
    let mut scratch = [Vec::new(), Vec::new()];
    let mut shifted = Vec::with_capacity(n);
    loop {
        let dist = dp.at(n, m);
        if dist == 0 {
            break;
        }
        let al = dp.alignment(&cur, r);
        let (next_herr, next_rerr) = (next_set(&al.hyp_err), next_set(&al.ref_err));
        // Best candidate so far: (gain, len, s, t), ordered by gain, then len, then smaller s,
        // then smaller t.
        let mut best: Option<(i64, usize, usize, usize)> = None;
        let mut stop = false;
        'cands: for s in 0..n {
            // The phrase must contain a wrong hypothesis token.
            if next_herr[s] >= s + MAX_SHIFT_SIZE {
                continue;
            }
            let lo = s.saturating_sub(MAX_SHIFT_DIST);
            let x = cur[s] as usize;
            let positions = &ref_pos[ref_at[x]..ref_at[x + 1]];
            let first = positions.partition_point(|&p| p < lo);
            for &rs in positions[first..]
                .iter()
                .take_while(|&&p| p <= s + MAX_SHIFT_DIST)
            {
                for len in 1..=MAX_SHIFT_SIZE {
                    if s + len > n || rs + len > m || cur[s + len - 1] != r[rs + len - 1] {
                        break;
                    }
                    // Some hypothesis and some reference token of the phrase must be wrong.
                    if next_herr[s] >= s + len || next_rerr[rs] >= rs + len {
                        continue;
                    }
                    // Not onto itself.
                    let a = al.align[rs];
                    if a >= s as isize && a < (s + len) as isize {
                        continue;
                    }
                    let mut prev_t = usize::MAX;
                    for o in -1..len as isize {
                        let j = rs as isize + o;
                        let dest = if j < 0 {
                            0
                        } else if (j as usize) < m {
                            (al.align[j as usize] + 1) as usize
                        } else {
                            break;
                        };
                        if dest == prev_t {
                            continue;
                        }
                        prev_t = dest;
                        if dest >= s && dest <= s + len {
                            continue;
                        }
                        if checked >= MAX_CANDIDATES {
                            stop = true;
                            break 'cands;
                        }
                        let from = s.min(dest);
                        let to = (s + len).max(dest);
                        if !budget.take((to - from + 1) * dp.w) {
                            t.approximated = true;
                            stop = true;
                            break 'cands;
                        }
                        checked += 1;
                        shifted_into(&cur, s, len, dest, &mut shifted);
                        // Only a shift that lowers the distance (at least as much as the best
                        // one so far) matters; others are abandoned as soon as that is clear.
                        let needed = best.map_or(1, |b| b.0.max(1)) as u32;
                        let Some(cost) = dp.distance_from(
                            &shifted,
                            r,
                            (from, to),
                            dist.saturating_sub(needed),
                            &mut scratch,
                        ) else {
                            continue;
                        };
                        let gain = i64::from(dist) - i64::from(cost);
                        let better = match best {
                            None => true,
                            Some((bg, bl, bs, bt)) => {
                                (gain, len, std::cmp::Reverse(s), std::cmp::Reverse(dest))
                                    > (bg, bl, std::cmp::Reverse(bs), std::cmp::Reverse(bt))
                            }
                        };
                        if better {
                            best = Some((gain, len, s, dest));
                        }
                    }
                }
            }
        }
        match best {
            Some((gain, len, s, dest)) if gain > 0 => {
                shifted_into(&cur, s, len, dest, &mut shifted);
                std::mem::swap(&mut cur, &mut shifted);
                t.shifts += 1;
                let from = s.min(dest);
                // The new distance is below the old one, so the band stays exact. The refill
                // is charged but done even if the budget is short (the shift is already paid).
                let _ = budget.take((n - from) * dp.w);
                dp.fill_from(&cur, r, from);
            }
            _ => break,
        }
        if stop {
            break;
        }
    }
    let al = dp.alignment(&cur, r);
    t.insertions = al.counts.insertions;
    t.deletions = al.counts.deletions;
    t.substitutions = al.counts.substitutions;
    Some(t)
}

/// Whether TER covered the whole document at once or was summed over aligned segments.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum TerScope {
    /// One computation over all tokens: shifts may cross the whole text.
    Document,
    /// Summed over segments: each changed region of the diff together with neighbouring
    /// regions closer than [`MAX_SHIFT_DIST`] tokens (and the equal tokens between them).
    /// Shifts never cross segments; unchanged stretches cost nothing.
    Segments,
}

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

/// TER of OLD (hypothesis) against NEW (reference) for a computed diff: document scope for
/// small texts, otherwise summed over segments built from the diff's changed regions.
pub(crate) fn ter_for_diff(
    old: &TerSide<'_, '_>,
    new: &TerSide<'_, '_>,
    ops: &[RawOp],
    mode: KeyMode,
    case_insensitive: bool,
    budget: &mut Budget,
) -> DiffTer {
    fn key(s: &str, mode: KeyMode, case_insensitive: bool) -> Cow<'_, str> {
        match (mode, case_insensitive) {
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
    let total_old = old.count(0..old.seq.toks.len());
    let total_new = new.count(0..new.seq.toks.len());
    let mut out = DiffTer {
        ter: Ter::default(),
        scope: TerScope::Segments,
        fallback_segments: 0,
        budget_exhausted: false,
    };
    // Segments: maximal runs of ops between equal ops that are short enough for a shift to
    // cross them; a document small enough is a single segment.
    let mut segments: Vec<Range<usize>> = Vec::new();
    if total_old.saturating_mul(total_new) <= DOCUMENT_CELLS {
        out.scope = TerScope::Document;
        segments.push(0..ops.len());
    } else {
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
                let gap = &ops[end];
                let next = &ops[end + 1];
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
    }
    let mut counted_old = 0;
    let mut counted_new = 0;
    for seg in segments {
        let seg_ops = &ops[seg];
        let mut ids = Interner::with_capacity(64);
        let mut h = Vec::new();
        let mut r = Vec::new();
        // The diff's own edits: an upper bound of the distance, and the fallback.
        let mut plain = Ter::default();
        for op in seg_ops {
            h.extend(
                old.content(op.old.clone())
                    .map(|t| ids.id(key(t, mode, case_insensitive))),
            );
            r.extend(
                new.content(op.new.clone())
                    .map(|t| ids.id(key(t, mode, case_insensitive))),
            );
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
        counted_old += h.len();
        counted_new += r.len();
        let seg_ter = if budget.exhausted {
            None
        } else {
            ter_ids(&h, &r, plain.edits(), budget)
        };
        match seg_ter {
            Some(t) => out.ter.add(&t),
            None => {
                out.fallback_segments += 1;
                out.ter.add(&Ter {
                    approximated: true,
                    ..plain
                });
            }
        }
    }
    // Unchanged stretches outside the segments are matched tokens: no edits, but they count in
    // the denominator.
    out.ter.reference_tokens += total_new - counted_new;
    out.ter.hypothesis_tokens += total_old - counted_old;
    out.budget_exhausted = budget.exhausted;
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(s: &str) -> Vec<&str> {
        s.split_whitespace().collect()
    }

    fn t(h: &str, r: &str) -> Ter {
        ter(&words(h), &words(r))
    }

    #[test]
    fn identical_is_zero() {
        let x = t("the cat sat on the mat", "the cat sat on the mat");
        assert_eq!(x.edits(), 0);
        assert_eq!(x.score(), 0.0);
        assert_eq!(x.reference_tokens, 6);
    }

    #[test]
    fn one_substitution() {
        let x = t("the cat sat on the mat", "the dog sat on the mat");
        assert_eq!(
            (x.substitutions, x.insertions, x.deletions, x.shifts),
            (1, 0, 0, 0)
        );
        assert!((x.score() - 1.0 / 6.0).abs() < 1e-12);
    }

    #[test]
    fn moving_a_phrase_is_one_shift() {
        // Moving a phrase of k = 3 words costs 1 shift, not 2k = 6 edits.
        let x = t("a b c x y z q", "x y z a b c q");
        assert_eq!((x.shifts, x.edits()), (1, 1));
        assert!((x.score() - 1.0 / 7.0).abs() < 1e-12);
        // The same with a phrase of 10 words (the largest single shift).
        let h = "p0 p1 p2 p3 p4 p5 p6 p7 p8 p9 m1 m2 m3 end";
        let r = "m1 m2 m3 p0 p1 p2 p3 p4 p5 p6 p7 p8 p9 end";
        let x = t(h, r);
        assert_eq!((x.shifts, x.edits()), (1, 1));
    }

    #[test]
    fn paper_example() {
        // Snover et al. (2006), section 2: 1 shift, 2 substitutions, 1 insertion over 13
        // reference words.
        let hyp = "THIS WEEK THE SAUDIS denied information published in the new york times";
        let rf =
            "SAUDI ARABIA denied THIS WEEK information published in the AMERICAN new york times";
        let x = t(hyp, rf);
        assert_eq!(x.shifts, 1);
        assert_eq!(x.edits(), 4);
        assert_eq!(x.reference_tokens, 13);
        assert!((x.score() - 4.0 / 13.0).abs() < 1e-12);
    }

    #[test]
    fn tercom_style_pairs() {
        // A shift plus a substitution.
        let x = t(
            "he went to school yesterday quickly",
            "yesterday he went to school fast",
        );
        assert_eq!(x.shifts, 1);
        assert_eq!(x.substitutions, 1);
        assert_eq!(x.edits(), 2);
        // Swapped neighbours: a one-word shift.
        let x = t("the big red car", "the red big car");
        assert_eq!(x.edits(), 1);
        assert_eq!(x.shifts, 1);
        // Nothing in common: no shift, only substitutions/insertions.
        let x = t("a b", "c d e");
        assert_eq!((x.shifts, x.substitutions, x.insertions), (0, 2, 1));
    }

    #[test]
    fn empty_sides() {
        let x = t("a b c", "");
        assert_eq!((x.deletions, x.reference_tokens), (3, 0));
        assert_eq!(x.score(), 1.0);
        let x = t("", "a b");
        assert_eq!(x.insertions, 2);
        assert_eq!(x.score(), 1.0);
        let x = t("", "");
        assert_eq!(x.score(), 0.0);
    }

    #[test]
    fn case_sensitive_and_punctuation() {
        let x = ter(&["The", "end", "."], &["the", "end", "!"]);
        assert_eq!(x.substitutions, 2);
    }

    #[test]
    fn shifts_only_when_they_pay() {
        // Levenshtein distance 2 (delete the first `a`, append one); one shift does it.
        let x = t("a b a b a b", "b a b a b a");
        assert_eq!((x.shifts, x.edits()), (1, 1));
        // A shift is only taken when it pays off: here the block is not worth moving.
        let x = t("a b c d", "a b c e");
        assert_eq!((x.shifts, x.edits()), (0, 1));
    }

    #[test]
    fn large_inputs_fall_back() {
        let h: Vec<String> = (0..3000).map(|i| format!("w{}", i % 97)).collect();
        let r: Vec<String> = (0..3000).map(|i| format!("w{}", (i * 7) % 97)).collect();
        let h: Vec<&str> = h.iter().map(String::as_str).collect();
        let r: Vec<&str> = r.iter().map(String::as_str).collect();
        let x = ter(&h, &r);
        assert!(x.approximated);
        assert!(x.edits() <= 3000);
    }

    /// The same greedy search written plainly: full matrices, every candidate evaluated to the
    /// end, no band, no pruning. The optimised search must agree with it exactly.
    fn naive(h: &[u32], r: &[u32]) -> (usize, usize) {
        fn lev(h: &[u32], r: &[u32]) -> Vec<Vec<u32>> {
            let mut d = vec![vec![0u32; r.len() + 1]; h.len() + 1];
            for (j, c) in d[0].iter_mut().enumerate() {
                *c = j as u32;
            }
            for i in 1..=h.len() {
                d[i][0] = i as u32;
                for j in 1..=r.len() {
                    d[i][j] = (d[i - 1][j - 1] + u32::from(h[i - 1] != r[j - 1]))
                        .min(d[i - 1][j] + 1)
                        .min(d[i][j - 1] + 1);
                }
            }
            d
        }
        let (n, m) = (h.len(), r.len());
        let mut cur = h.to_vec();
        let mut shifts = 0;
        loop {
            let d = lev(&cur, r);
            let dist = d[n][m];
            if dist == 0 || n == 0 || m == 0 {
                return (shifts, dist as usize + shifts);
            }
            let mut dp = Dp::new(n, m, n.max(m));
            dp.fill_from(&cur, r, 0);
            let al = dp.alignment(&cur, r);
            let mut best: Option<(i64, usize, usize, usize)> = None;
            for s in 0..n {
                for rs in s.saturating_sub(MAX_SHIFT_DIST)..m.min(s + MAX_SHIFT_DIST + 1) {
                    for len in 1..=MAX_SHIFT_SIZE {
                        if s + len > n || rs + len > m || cur[s..s + len] != r[rs..rs + len] {
                            break;
                        }
                        if !al.hyp_err[s..s + len].contains(&true)
                            || !al.ref_err[rs..rs + len].contains(&true)
                        {
                            continue;
                        }
                        let a = al.align[rs];
                        if a >= s as isize && a < (s + len) as isize {
                            continue;
                        }
                        for o in -1..len as isize {
                            let j = rs as isize + o;
                            let dest = if j < 0 {
                                0
                            } else if (j as usize) < m {
                                (al.align[j as usize] + 1) as usize
                            } else {
                                break;
                            };
                            if dest >= s && dest <= s + len {
                                continue;
                            }
                            let mut sh = Vec::new();
                            shifted_into(&cur, s, len, dest, &mut sh);
                            let gain = i64::from(dist) - i64::from(lev(&sh, r)[n][m]);
                            let key = (gain, len, std::cmp::Reverse(s), std::cmp::Reverse(dest));
                            if best.is_none_or(|(g, l, bs, bt)| {
                                key > (g, l, std::cmp::Reverse(bs), std::cmp::Reverse(bt))
                            }) {
                                best = Some((gain, len, s, dest));
                            }
                        }
                    }
                }
            }
            match best {
                Some((g, len, s, dest)) if g > 0 => {
                    let mut sh = Vec::new();
                    shifted_into(&cur, s, len, dest, &mut sh);
                    cur = sh;
                    shifts += 1;
                }
                _ => return (shifts, dist as usize + shifts),
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn ter_bounds(h in proptest::collection::vec(0u8..4, 0..14), r in proptest::collection::vec(0u8..4, 0..14)) {
            let names = ["a", "b", "c", "d"];
            let h: Vec<&str> = h.iter().map(|&i| names[i as usize]).collect();
            let r: Vec<&str> = r.iter().map(|&i| names[i as usize]).collect();
            let x = ter(&h, &r);
            let same = ter(&r, &r);
            proptest::prop_assert_eq!(same.edits(), 0);
            // Never more than the plain Levenshtein distance, never less than the length gap.
            let lev = similar::capture_diff_slices(similar::Algorithm::Myers, &h, &r)
                .iter()
                .map(|op| if op.tag() == similar::DiffTag::Equal { 0 } else { op.old_range().len().max(op.new_range().len()) })
                .sum::<usize>();
            proptest::prop_assert!(x.edits() <= lev);
            proptest::prop_assert!(x.edits() >= h.len().abs_diff(r.len()));
            // Every hypothesis token is matched, substituted or deleted, every reference token
            // matched, substituted or inserted.
            proptest::prop_assert_eq!(h.len() - x.deletions, r.len() - x.insertions);
        }

        #[test]
        fn optimised_search_matches_plain_search(h in proptest::collection::vec(0u32..5, 0..24), r in proptest::collection::vec(0u32..5, 0..24)) {
            let bound = h.len().max(r.len());
            let x = ter_ids(&h, &r, bound, &mut Budget::new(u64::MAX)).unwrap();
            proptest::prop_assert_eq!((x.shifts, x.edits()), naive(&h, &r));
            // The same through the public function, whose band is a plain diff's edit count.
            let names = ["a", "b", "c", "d", "e"];
            let hs: Vec<&str> = h.iter().map(|&i| names[i as usize]).collect();
            let rs: Vec<&str> = r.iter().map(|&i| names[i as usize]).collect();
            let y = ter(&hs, &rs);
            proptest::prop_assert_eq!((y.shifts, y.edits()), naive(&h, &r));
        }
    }
}
