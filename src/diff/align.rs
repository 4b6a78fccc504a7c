//! Two-level alignment with bounded work: coarse blocks first, tokens only inside changed regions.
//!
//! Diffing a million word tokens directly is slow and, for a pathological pair, can take minutes.
//! So the token sequences are first cut into *blocks* and the blocks are aligned; only the
//! regions where blocks differ are then aligned token by token.
//!
//! * Word, char and auto granularity: blocks are content-defined chunks of tokens. A chunk ends
//!   after a content token where the hash of that token and the content token before it has
//!   four chosen bits clear (once the chunk has at least three tokens), or after 256 tokens:
//!   about sixteen tokens per chunk. Because the cut points depend only on the tokens next to
//!   them, an edit disturbs only the chunks around it, and, unlike lines or paragraphs, the
//!   chunks do not depend on where the lines are broken, so a re-wrapped paragraph still aligns
//!   block for block when whitespace is ignored. Chunks and then regions are aligned with
//!   `similar`'s Myers implementation, whose own bounds (git-style) keep it fast on large
//!   dissimilar inputs.
//! * Line granularity: the same, with lines as the tokens (chunks of about sixteen lines).
//!
//! Bounds: a changed region with more than [`Limits::max_region_tokens`] tokens (both sides
//! together) is not aligned token by token but reported as one replacement; an optional
//! deadline is handed to `similar` and, once it has passed, the remaining regions are reported
//! as replacements too. Either way the outcome says so, and the diff is marked approximated.

use std::cell::Cell;
use std::hash::{Hash, Hasher};
use std::ops::Range;
use std::time::Instant;

use similar::{Algorithm, DiffOp, capture_diff_deadline};

use super::tokenize::{Tok, eq_normalized_line, hash_bytes, hash_normalized_line};

/// Kind of an aligned stretch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Tag {
    Equal,
    Delete,
    Insert,
    Replace,
}

/// An aligned stretch, in indices of the compared token sequences.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct RawOp {
    pub tag: Tag,
    pub old: Range<usize>,
    pub new: Range<usize>,
}

/// How two tokens are compared.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum KeyMode {
    /// Byte-for-byte equality of the token text.
    Exact,
    /// Lines equal once whitespace is normalised (leading/trailing dropped, inner runs alike).
    NormalizedLine,
}

/// One side of the comparison.
pub(crate) struct Seq<'a> {
    pub text: &'a str,
    pub toks: &'a [Tok],
}

impl<'a> Seq<'a> {
    #[inline]
    fn tok(&self, i: usize) -> &'a str {
        self.toks[i].text(self.text)
    }

    #[inline]
    fn bytes(&self, i: usize) -> &'a [u8] {
        self.toks[i].bytes(self.text.as_bytes())
    }
}

/// Work bounds.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Limits {
    /// Largest changed region (old + new tokens) aligned token by token.
    pub max_region_tokens: usize,
    /// Wall-clock deadline handed to `similar`.
    pub deadline: Option<Instant>,
}

/// Result of [`align`].
#[derive(Debug, Default)]
pub(crate) struct Aligned {
    /// Ops covering both sequences completely, in order; adjacent ops never share a kind of
    /// equality (equal ops alternate with change ops).
    pub ops: Vec<RawOp>,
    /// Number of regions reported as a replacement because of `max_region_tokens`.
    pub capped_regions: usize,
    /// Whether the deadline passed during the alignment.
    pub deadline_hit: bool,
    /// Token and chunk comparisons made: the alignment's work, counted so that tests can bound
    /// it without a clock.
    pub comparisons: u64,
}

thread_local! {
    /// Comparisons made by the current [`align`] call. `similar` compares keys on the calling
    /// thread, through `PartialEq`, which cannot carry a counter of its own.
    static COMPARISONS: Cell<u64> = const { Cell::new(0) };
}

fn count_comparison() {
    COMPARISONS.with(|c| c.set(c.get() + 1));
}

/// Aligns two token sequences.
pub(crate) fn align(old: &Seq<'_>, new: &Seq<'_>, mode: KeyMode, limits: Limits) -> Aligned {
    let mut out = Aligned::default();
    COMPARISONS.with(|c| c.set(0));
    let eq = |i: usize, j: usize| {
        count_comparison();
        match mode {
            KeyMode::Exact => old.bytes(i) == new.bytes(j),
            KeyMode::NormalizedLine => eq_normalized_line(old.tok(i), new.tok(j)),
        }
    };

    // Common prefix and suffix: free, and most of a lightly edited document.
    let (n, m) = (old.toks.len(), new.toks.len());
    let mut pre = 0;
    while pre < n && pre < m && eq(pre, pre) {
        pre += 1;
    }
    let mut suf = 0;
    while suf < n - pre && suf < m - pre && eq(n - 1 - suf, m - 1 - suf) {
        suf += 1;
    }
    push(&mut out.ops, Tag::Equal, 0..pre, 0..pre);
    let (old_mid, new_mid) = (pre..n - suf, pre..m - suf);
    chunked(old, new, mode, old_mid, new_mid, limits, &mut out);
    push(&mut out.ops, Tag::Equal, n - suf..n, m - suf..m);
    out.comparisons = COMPARISONS.with(Cell::get);
    out
}

#[inline]
fn tok_eq(mode: KeyMode, a: &str, b: &str) -> bool {
    match mode {
        KeyMode::Exact => a == b,
        KeyMode::NormalizedLine => eq_normalized_line(a, b),
    }
}

#[inline]
fn tok_hash(mode: KeyMode, s: &str) -> u64 {
    match mode {
        KeyMode::Exact => hash_bytes(s.as_bytes()),
        KeyMode::NormalizedLine => hash_normalized_line(s),
    }
}

/// A token as a `similar` key: hashed once, compared by hash then by text.
struct TokKey<'a> {
    hash: u64,
    text: &'a str,
    mode: KeyMode,
}

impl PartialEq for TokKey<'_> {
    fn eq(&self, other: &Self) -> bool {
        count_comparison();
        self.hash == other.hash && tok_eq(self.mode, self.text, other.text)
    }
}
impl Eq for TokKey<'_> {}
impl Hash for TokKey<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

/// A chunk of tokens as a `similar` key.
struct ChunkKey<'a> {
    hash: u64,
    start: usize,
    end: usize,
    seq: &'a Seq<'a>,
    mode: KeyMode,
}

impl PartialEq for ChunkKey<'_> {
    fn eq(&self, other: &Self) -> bool {
        count_comparison();
        self.hash == other.hash
            && self.end - self.start == other.end - other.start
            && (self.start..self.end)
                .zip(other.start..other.end)
                .all(|(i, j)| match self.mode {
                    KeyMode::Exact => self.seq.bytes(i) == other.seq.bytes(j),
                    KeyMode::NormalizedLine => {
                        eq_normalized_line(self.seq.tok(i), other.seq.tok(j))
                    }
                })
    }
}
impl Eq for ChunkKey<'_> {}
impl Hash for ChunkKey<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        state.write_u64(self.hash);
    }
}

/// Token counts from which chunking runs on two threads.
const PARALLEL_TOKENS: usize = 100_000;
const CHUNK_MIN: usize = 3;
const CHUNK_MAX: usize = 256;
const CHUNK_MASK: u64 = 15;

/// Content-defined chunks of `range`.
fn chunks<'a>(seq: &'a Seq<'a>, range: Range<usize>, mode: KeyMode) -> Vec<ChunkKey<'a>> {
    let mut out = Vec::with_capacity(range.len() / 12 + 1);
    let mut start = range.start;
    let mut h: u64 = 0;
    let mut prev: u64 = 0;
    for i in range.clone() {
        let t = seq.toks[i];
        let th = match mode {
            KeyMode::Exact => hash_bytes(t.bytes(seq.text.as_bytes())),
            KeyMode::NormalizedLine => hash_normalized_line(t.text(seq.text)),
        };
        h = (h.rotate_left(13) ^ th).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let len = i + 1 - start;
        // The cut depends on a pair of tokens: single words are so unevenly frequent (Zipf)
        // that cutting on one word's hash gives very uneven chunks.
        let pair = (prev.rotate_left(29) ^ th).wrapping_mul(0xBF58_476D_1CE4_E5B9) >> 40;
        if !t.ws() {
            prev = th;
        }
        if (!t.ws() && pair & CHUNK_MASK == 0 && len >= CHUNK_MIN) || len >= CHUNK_MAX {
            out.push(ChunkKey {
                hash: h,
                start,
                end: i + 1,
                seq,
                mode,
            });
            start = i + 1;
            h = 0;
        }
    }
    if start < range.end {
        out.push(ChunkKey {
            hash: h,
            start,
            end: range.end,
            seq,
            mode,
        });
    }
    out
}

fn chunked(
    old: &Seq<'_>,
    new: &Seq<'_>,
    mode: KeyMode,
    old_range: Range<usize>,
    new_range: Range<usize>,
    limits: Limits,
    out: &mut Aligned,
) {
    if old_range.is_empty() || new_range.is_empty() {
        region(old, new, mode, old_range, new_range, limits, out);
        return;
    }
    // Chunking hashes every token: for long texts, do NEW's on a second thread.
    let (oc, nc) = if old_range.len() + new_range.len() >= PARALLEL_TOKENS {
        std::thread::scope(|s| {
            let other = std::thread::Builder::new()
                .spawn_scoped(s, || chunks(new, new_range.clone(), mode));
            let oc = chunks(old, old_range.clone(), mode);
            let nc = match other.map(|h| h.join()) {
                Ok(Ok(nc)) => nc,
                _ => chunks(new, new_range.clone(), mode),
            };
            (oc, nc)
        })
    } else {
        (
            chunks(old, old_range.clone(), mode),
            chunks(new, new_range.clone(), mode),
        )
    };
    let ops = capture_diff_deadline(
        Algorithm::Myers,
        &oc,
        0..oc.len(),
        &nc,
        0..nc.len(),
        limits.deadline,
    );
    note_deadline(limits, out);
    // Chunk index -> token index (one past the end maps to the end of the range).
    let ot = |c: usize| oc.get(c).map_or(old_range.end, |k| k.start);
    let nt = |c: usize| nc.get(c).map_or(new_range.end, |k| k.start);
    for op in ops {
        let (o, n) = (op.old_range(), op.new_range());
        let (o, n) = (ot(o.start)..ot(o.end), nt(n.start)..nt(n.end));
        if let DiffOp::Equal { .. } = op {
            push(&mut out.ops, Tag::Equal, o, n);
        } else {
            region(old, new, mode, o, n, limits, out);
        }
    }
}

/// Aligns one changed region token by token, within the bounds.
fn region(
    old: &Seq<'_>,
    new: &Seq<'_>,
    mode: KeyMode,
    o: Range<usize>,
    n: Range<usize>,
    limits: Limits,
    out: &mut Aligned,
) {
    if o.is_empty() || n.is_empty() {
        push(&mut out.ops, Tag::Replace, o, n);
        return;
    }
    if o.len() + n.len() > limits.max_region_tokens {
        out.capped_regions += 1;
        push(&mut out.ops, Tag::Replace, o, n);
        return;
    }
    if limits.deadline.is_some_and(|d| Instant::now() > d) {
        out.deadline_hit = true;
        push(&mut out.ops, Tag::Replace, o, n);
        return;
    }
    let ok = keys(old, o.clone(), mode);
    let nk = keys(new, n.clone(), mode);
    let ops = capture_diff_deadline(
        Algorithm::Myers,
        &ok,
        0..ok.len(),
        &nk,
        0..nk.len(),
        limits.deadline,
    );
    note_deadline(limits, out);
    for op in ops {
        let (a, b) = (op.old_range(), op.new_range());
        let tag = match op {
            DiffOp::Equal { .. } => Tag::Equal,
            _ => Tag::Replace,
        };
        push(
            &mut out.ops,
            tag,
            o.start + a.start..o.start + a.end,
            n.start + b.start..n.start + b.end,
        );
    }
}

fn keys<'a>(seq: &Seq<'a>, r: Range<usize>, mode: KeyMode) -> Vec<TokKey<'a>> {
    r.map(|i| {
        let text = seq.tok(i);
        TokKey {
            hash: tok_hash(mode, text),
            text,
            mode,
        }
    })
    .collect()
}

fn note_deadline(limits: Limits, out: &mut Aligned) {
    if limits.deadline.is_some_and(|d| Instant::now() > d) {
        out.deadline_hit = true;
    }
}

/// Appends an op, merging it with the previous one when both are equal or both are changes,
/// and giving change ops their precise tag (insert, delete or replace).
fn push(ops: &mut Vec<RawOp>, tag: Tag, old: Range<usize>, new: Range<usize>) {
    if old.is_empty() && new.is_empty() {
        return;
    }
    let is_eq = tag == Tag::Equal;
    if let Some(last) = ops.last_mut()
        && (last.tag == Tag::Equal) == is_eq
    {
        last.old.end = old.end;
        last.new.end = new.end;
        if !is_eq {
            last.tag = change_tag(&last.old, &last.new);
        }
        return;
    }
    let tag = if is_eq {
        Tag::Equal
    } else {
        change_tag(&old, &new)
    };
    ops.push(RawOp { tag, old, new });
}

fn change_tag(old: &Range<usize>, new: &Range<usize>) -> Tag {
    match (old.is_empty(), new.is_empty()) {
        (true, _) => Tag::Insert,
        (_, true) => Tag::Delete,
        _ => Tag::Replace,
    }
}

#[cfg(test)]
mod tests {
    use super::super::Granularity;
    use super::super::tokenize::tokenize_into;
    use super::*;

    fn run(a: &str, b: &str, g: Granularity, keep_ws: bool) -> Vec<(Tag, String, String)> {
        let (mut ta, mut tb) = (Vec::new(), Vec::new());
        tokenize_into(a, g, keep_ws, &mut ta);
        tokenize_into(b, g, keep_ws, &mut tb);
        let (sa, sb) = (Seq { text: a, toks: &ta }, Seq { text: b, toks: &tb });
        let limits = Limits {
            max_region_tokens: 1000,
            deadline: None,
        };
        let mode = if g == Granularity::Line && !keep_ws {
            KeyMode::NormalizedLine
        } else {
            KeyMode::Exact
        };
        let al = align(&sa, &sb, mode, limits);
        let join = |s: &Seq<'_>, r: &Range<usize>| {
            r.clone().map(|i| s.tok(i)).collect::<Vec<_>>().join("|")
        };
        al.ops
            .iter()
            .map(|op| (op.tag, join(&sa, &op.old), join(&sb, &op.new)))
            .collect()
    }

    #[test]
    fn word_replace() {
        let ops = run("the cat sat", "the dog sat", Granularity::Word, false);
        assert_eq!(
            ops,
            [
                (Tag::Equal, "the".into(), "the".into()),
                (Tag::Replace, "cat".into(), "dog".into()),
                (Tag::Equal, "sat".into(), "sat".into()),
            ]
        );
    }

    #[test]
    fn ops_cover_both_sides() {
        let a = "one two three four five six seven eight nine ten ".repeat(50);
        let b = a.replace("five", "5").replace("nine ten one", "ten one");
        let ops = run(&a, &b, Granularity::Word, false);
        assert!(ops.iter().any(|o| o.0 == Tag::Replace));
        assert!(ops.iter().any(|o| o.0 == Tag::Delete));
        for w in ops.windows(2) {
            assert!((w[0].0 == Tag::Equal) != (w[1].0 == Tag::Equal));
        }
    }

    #[test]
    fn region_cap_gives_replacement() {
        let a: String = (0..600).map(|i| format!("a{i} ")).collect();
        let b: String = (0..600).map(|i| format!("b{i} ")).collect();
        let (mut ta, mut tb) = (Vec::new(), Vec::new());
        tokenize_into(&a, Granularity::Word, false, &mut ta);
        tokenize_into(&b, Granularity::Word, false, &mut tb);
        let al = align(
            &Seq {
                text: &a,
                toks: &ta,
            },
            &Seq {
                text: &b,
                toks: &tb,
            },
            KeyMode::Exact,
            Limits {
                max_region_tokens: 100,
                deadline: None,
            },
        );
        assert!(al.capped_regions > 0);
        assert_eq!(al.ops.len(), 1);
        assert_eq!(al.ops[0].tag, Tag::Replace);
    }

    #[test]
    fn normalized_lines_align() {
        let ops = run("a  b\r\nc\n", "a b\nd\n", Granularity::Line, false);
        assert_eq!(ops[0].0, Tag::Equal);
        assert_eq!(ops[1].0, Tag::Replace);
    }

    /// Few distinct tokens in different orders, the worst case for LCS-based alignment: `words`
    /// words a side.
    fn pathological_pair(words: usize) -> (String, String) {
        let mut x: u64 = 1;
        let mut next = || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        };
        let mut text = || -> String {
            (0..words)
                .map(|_| ["a ", "b ", "c "][(next() % 3) as usize])
                .collect()
        };
        (text(), text())
    }

    /// Aligns the pair as `diff_texts` does by default (words, whitespace ignored), with the
    /// default region bound and no deadline.
    fn align_pair(a: &str, b: &str) -> (Aligned, u64) {
        let (mut ta, mut tb) = (Vec::new(), Vec::new());
        tokenize_into(a, Granularity::Auto, false, &mut ta);
        tokenize_into(b, Granularity::Auto, false, &mut tb);
        let limits = Limits {
            max_region_tokens: 10_000,
            deadline: None,
        };
        let (sa, sb) = (Seq { text: a, toks: &ta }, Seq { text: b, toks: &tb });
        let tokens = (ta.len() + tb.len()) as u64;
        (align(&sa, &sb, KeyMode::Exact, limits), tokens)
    }

    /// The work on the worst case is bounded by counting it, not by a clock (which a busy
    /// machine can make fail): past the region bound it is linear, under it at most quadratic.
    #[test]
    fn pathological_pair_work_is_bounded_by_counted_comparisons() {
        // 30 000 words a side: one changed region over the bound, reported, not aligned.
        let (a, b) = pathological_pair(30_000);
        let (al, tokens) = align_pair(&a, &b);
        assert_eq!(tokens, 60_000);
        assert_eq!(al.capped_regions, 1, "expected the region bound to apply");
        assert!(
            al.comparisons <= 4 * tokens,
            "expected linear work past the region bound: {} comparisons for {tokens} tokens",
            al.comparisons
        );
        // Just under the bound: aligned token by token, at most quadratic in the region.
        let (a, b) = pathological_pair(4_999);
        let (al, tokens) = align_pair(&a, &b);
        assert_eq!(al.capped_regions, 0, "expected the region to be aligned");
        assert!(
            al.comparisons > tokens && al.comparisons <= tokens * tokens,
            "expected at most quadratic work: {} comparisons for {tokens} tokens",
            al.comparisons
        );
    }
}
