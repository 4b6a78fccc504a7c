//! The greedy shift search of TER on interned tokens (the admissibility rules are in the module
//! documentation of [`super`]).

use std::cmp::Reverse;

use super::dp::{Alignment, Dp};
use super::{Budget, MAX_CANDIDATES, MAX_CELLS, MAX_SHIFT_DIST, MAX_SHIFT_SIZE, Ter};

/// A candidate shift: `len` hypothesis tokens moved from `start` to just before `dest` (an index
/// of the hypothesis before the move), lowering the distance by `gain`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Shift {
    pub gain: i64,
    pub len: usize,
    pub start: usize,
    pub dest: usize,
}

impl Shift {
    /// The tie-break order: larger gain, then longer phrase, then earlier phrase, then earlier
    /// destination.
    fn rank(&self) -> (i64, usize, Reverse<usize>, Reverse<usize>) {
        (self.gain, self.len, Reverse(self.start), Reverse(self.dest))
    }

    /// Whether this shift is preferred to `best`.
    pub(super) fn beats(&self, best: Option<&Shift>) -> bool {
        best.is_none_or(|b| self.rank() > b.rank())
    }
}

/// Why a search round stopped before trying every candidate.
enum Stop {
    /// [`MAX_CANDIDATES`] shifts were tried.
    Candidates,
    /// The work budget ran out.
    Budget,
}

/// Where each token occurs in the reference (positions grouped by token, in order), to find
/// matching phrases quickly: the positions of token x are `pos[at[x]..at[x + 1]]`.
struct RefIndex {
    at: Vec<usize>,
    pos: Vec<usize>,
}

impl RefIndex {
    fn new(hyp: &[u32], r: &[u32]) -> Self {
        let ids = hyp
            .iter()
            .chain(r)
            .copied()
            .max()
            .map_or(0, |x| x as usize + 1);
        let mut at = vec![0usize; ids + 1];
        for &x in r {
            at[x as usize + 1] += 1;
        }
        for x in 0..ids {
            at[x + 1] += at[x];
        }
        let mut fill = at.clone();
        let mut pos = vec![0usize; r.len()];
        for (j, &x) in r.iter().enumerate() {
            pos[fill[x as usize]] = j;
            fill[x as usize] += 1;
        }
        RefIndex { at, pos }
    }

    fn positions(&self, x: u32) -> &[usize] {
        let x = x as usize;
        &self.pos[self.at[x]..self.at[x + 1]]
    }
}

/// The state of one greedy search: the shifted hypothesis and its matrix.
struct Search<'r> {
    r: &'r [u32],
    cur: Vec<u32>,
    dp: Dp,
    index: RefIndex,
    /// Shifts evaluated so far (bounded by [`MAX_CANDIDATES`]).
    checked: usize,
    scratch: [Vec<u32>; 2],
    shifted: Vec<u32>,
}

/// What one round of the search knows: the current distance and alignment.
struct Round {
    dist: u32,
    al: Alignment,
    /// For every index, the next wrong hypothesis (reference) token at or after it.
    next_herr: Vec<usize>,
    next_rerr: Vec<usize>,
    best: Option<Shift>,
}

impl<'r> Search<'r> {
    /// The best admissible shift of this round, and whether the search must stop after it.
    fn round(&mut self, budget: &mut Budget) -> (Option<Shift>, Option<Stop>) {
        // The backtrace and the error indices: a pass over both texts.
        if !budget.take(self.dp.n + self.dp.m) {
            return (None, Some(Stop::Budget));
        }
        budget.did(self.dp.n + self.dp.m);
        let al = self.dp.alignment(&self.cur, self.r);
        let mut round = Round {
            dist: self.dp.at(self.dp.n, self.dp.m),
            next_herr: next_set(&al.hyp_err),
            next_rerr: next_set(&al.ref_err),
            al,
            best: None,
        };
        let stop = self.scan(&mut round, budget).err();
        (round.best, stop)
    }

    /// Tries every phrase start and every reference position its first token occurs at.
    fn scan(&mut self, round: &mut Round, budget: &mut Budget) -> Result<(), Stop> {
        for s in 0..self.dp.n {
            // The phrase must contain a wrong hypothesis token.
            if round.next_herr[s] >= s + MAX_SHIFT_SIZE {
                continue;
            }
            let lo = s.saturating_sub(MAX_SHIFT_DIST);
            let positions = self.index.positions(self.cur[s]);
            let first = positions.partition_point(|&p| p < lo);
            let hi = positions[first..].partition_point(|&p| p <= s + MAX_SHIFT_DIST);
            // Each phrase pair looked at is a unit of work, even when no shift is tried.
            if !budget.take(hi) {
                return Err(Stop::Budget);
            }
            budget.did(hi);
            for k in first..first + hi {
                let rs = self.index.positions(self.cur[s])[k];
                self.phrases(round, s, rs, budget)?;
            }
        }
        Ok(())
    }

    /// Tries the phrases of every length at hypothesis `s` matching the reference at `rs`.
    fn phrases(
        &mut self,
        round: &mut Round,
        s: usize,
        rs: usize,
        budget: &mut Budget,
    ) -> Result<(), Stop> {
        let (n, m) = (self.dp.n, self.dp.m);
        for len in 1..=MAX_SHIFT_SIZE {
            if s + len > n || rs + len > m || self.cur[s + len - 1] != self.r[rs + len - 1] {
                break;
            }
            // Some hypothesis and some reference token of the phrase must be wrong.
            if round.next_herr[s] >= s + len || round.next_rerr[rs] >= rs + len {
                continue;
            }
            // Not onto itself.
            let a = round.al.align[rs];
            if a >= s as isize && a < (s + len) as isize {
                continue;
            }
            self.destinations(round, s, rs, len, budget)?;
        }
        Ok(())
    }

    /// Tries the destinations next to the hypothesis tokens aligned with the reference phrase
    /// `rs..rs + len` (or the token before it).
    fn destinations(
        &mut self,
        round: &mut Round,
        s: usize,
        rs: usize,
        len: usize,
        budget: &mut Budget,
    ) -> Result<(), Stop> {
        let m = self.dp.m;
        let mut prev_dest = usize::MAX;
        for o in -1..len as isize {
            let j = rs as isize + o;
            let dest = if j < 0 {
                0
            } else if (j as usize) < m {
                (round.al.align[j as usize] + 1) as usize
            } else {
                break;
            };
            if dest == prev_dest {
                continue;
            }
            prev_dest = dest;
            if dest >= s && dest <= s + len {
                continue;
            }
            self.evaluate(round, s, len, dest, budget)?;
        }
        Ok(())
    }

    /// Computes the gain of one shift and keeps it when it is the best so far.
    fn evaluate(
        &mut self,
        round: &mut Round,
        start: usize,
        len: usize,
        dest: usize,
        budget: &mut Budget,
    ) -> Result<(), Stop> {
        if self.checked >= MAX_CANDIDATES {
            return Err(Stop::Candidates);
        }
        let from = start.min(dest);
        let to = (start + len).max(dest);
        // At least the moved stretch is recomputed; what is charged is every row computed,
        // which may run to the end of the text.
        if !budget.affords((to - from + 1) * self.dp.w) {
            return Err(Stop::Budget);
        }
        self.checked += 1;
        shifted_into(&self.cur, start, len, dest, &mut self.shifted);
        // Only a shift that lowers the distance (at least as much as the best one so far)
        // matters; others are abandoned as soon as that is clear.
        let needed = round.best.map_or(1, |b| b.gain.max(1)) as u32;
        let mut rows = 0;
        let cost = self.dp.distance_from(
            &self.shifted,
            self.r,
            (from, to),
            round.dist.saturating_sub(needed),
            &mut self.scratch,
            &mut rows,
        );
        budget.did(rows * self.dp.w);
        budget.charge(rows.max(1) * self.dp.w);
        let Some(cost) = cost else {
            return Ok(());
        };
        let shift = Shift {
            gain: i64::from(round.dist) - i64::from(cost),
            len,
            start,
            dest,
        };
        if shift.beats(round.best.as_ref()) {
            round.best = Some(shift);
        }
        Ok(())
    }

    /// Applies a shift that lowers the distance. The new distance is below the old one, so the
    /// band stays exact. The refill is charged but done even if the budget is short (the shift
    /// is already paid for).
    fn apply(&mut self, shift: Shift, budget: &mut Budget) {
        shifted_into(
            &self.cur,
            shift.start,
            shift.len,
            shift.dest,
            &mut self.shifted,
        );
        std::mem::swap(&mut self.cur, &mut self.shifted);
        let from = shift.start.min(shift.dest);
        budget.charge((self.dp.n - from) * self.dp.w);
        budget.did((self.dp.n - from) * self.dp.w);
        self.dp.fill_from(&self.cur, self.r, from);
    }
}

/// Moves `h[s..s+len]` to just before original index `t` (`t` outside `s..=s+len`).
pub(super) fn shifted_into(h: &[u32], s: usize, len: usize, t: usize, out: &mut Vec<u32>) {
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
pub(super) fn ter_ids(hyp: &[u32], r: &[u32], bound: usize, budget: &mut Budget) -> Option<Ter> {
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
    budget.did(cells);
    let mut dp = Dp::new(n, m, k);
    dp.fill_from(hyp, r, 0);
    let mut search = Search {
        r,
        cur: hyp.to_vec(),
        dp,
        index: RefIndex::new(hyp, r),
        checked: 0,
        scratch: [Vec::new(), Vec::new()],
        shifted: Vec::with_capacity(n),
    };
    while search.dp.at(n, m) > 0 {
        let (best, stop) = search.round(budget);
        if matches!(stop, Some(Stop::Budget)) {
            t.approximated = true;
        }
        match best {
            Some(shift) if shift.gain > 0 => {
                search.apply(shift, budget);
                t.shifts += 1;
            }
            _ => break,
        }
        if stop.is_some() {
            break;
        }
    }
    let al = search.dp.alignment(&search.cur, r);
    t.insertions = al.counts.insertions;
    t.deletions = al.counts.deletions;
    t.substitutions = al.counts.substitutions;
    Some(t)
}
