//! The banded edit-distance matrix of the shift search, and its backtrace.

use super::Ter;

/// "Unreachable" in the banded matrix; small enough that adding a few never overflows.
pub(super) const INF: u32 = u32::MAX / 4;

/// Banded edit-distance matrix between a hypothesis and the reference (rows = hypothesis
/// prefixes). Only cells with |i − j| ≤ `k` are kept: every alignment path that leaves the band
/// costs more than `k`, so distances up to `k` are exact (Ukkonen) and larger ones come out as
/// larger than `k`. The search only needs exact values below the current distance, so a band
/// of the current distance (at first, the diff's edit count) loses nothing and makes a mostly
/// equal segment cost a few cells per token instead of a full row.
pub(super) struct Dp {
    pub(super) n: usize,
    pub(super) m: usize,
    k: usize,
    /// Band width, 2k + 1.
    pub(super) w: usize,
    d: Vec<u32>,
}

impl Dp {
    pub(super) fn new(n: usize, m: usize, k: usize) -> Self {
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
    pub(super) fn at(&self, i: usize, j: usize) -> u32 {
        // Cell c of row i holds j = i + c − k.
        let c = j + self.k;
        if c < i || c - i >= self.w {
            INF
        } else {
            self.d[i * self.w + c - i]
        }
    }

    /// Recomputes rows `from + 1 ..= n` for hypothesis `h`.
    pub(super) fn fill_from(&mut self, h: &[u32], r: &[u32], from: usize) {
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
    /// length difference left to cover is a lower bound). Exact when at most `k`. `rows` is
    /// increased by the number of rows computed (the work done, `rows × w` cells).
    pub(super) fn distance_from(
        &self,
        shifted: &[u32],
        r: &[u32],
        (from, to): (usize, usize),
        limit: u32,
        scratch: &mut [Vec<u32>; 2],
        rows: &mut usize,
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
            *rows += 1;
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
    pub(super) fn alignment(&self, h: &[u32], r: &[u32]) -> Alignment {
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

/// The backtrace of [`Dp::alignment`].
pub(super) struct Alignment {
    /// Per hypothesis token: whether it is an error.
    pub hyp_err: Vec<bool>,
    /// Per reference token: whether it is an error.
    pub ref_err: Vec<bool>,
    /// Per reference token: the hypothesis index aligned to it (-1 for none).
    pub align: Vec<isize>,
    /// The edits of the alignment (no shifts).
    pub counts: Ter,
}
