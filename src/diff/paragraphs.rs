//! Paragraphs: where they start in each text, and paragraph breaks added or removed.
//!
//! A text with at least one blank line (a line of whitespace only between two lines of text)
//! has its paragraphs separated by blank lines; a text without any has one paragraph per line
//! (an article pasted with one paragraph per line). Paragraph numbers (`¶`) shown to people
//! are 1-based.
//!
//! A paragraph *break* is a gap between two tokens that holds a blank line (two line breaks, or
//! U+2029 PARAGRAPH SEPARATOR). When whitespace is ignored, a gap between two unchanged tokens
//! that is a break on one side only is not a whitespace-only change: it becomes a change op of
//! its own, with no tokens on either side, so that every view shows it (re-wrapping a paragraph
//! never adds a blank line, so it is still not a change). A gap next to a change is shown with
//! the change, in NEW's layout.

use std::ops::Range;

use super::model::{Op, OpKind, Side, Span};

/// Where the paragraphs of one text start.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Paragraphs {
    /// Byte offset of the first non-blank character of each paragraph, ascending.
    starts: Vec<usize>,
}

impl Paragraphs {
    /// The paragraphs of `text` (see the module documentation), in one pass over its lines.
    pub(crate) fn of(text: &str) -> Self {
        if text.contains('\u{2029}') {
            // Rare: make every paragraph separator a blank line, offsets unchanged.
            return Self::of(&text.replace('\u{2029}', "\n\n "));
        }
        // Both candidates at once: per line, and per run of lines between blank lines.
        let (mut by_line, mut by_blank) = (Vec::new(), Vec::new());
        let (mut in_paragraph, mut blank_after_text) = (false, false);
        let mut blank_line_found = false;
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            let body = line.trim_start();
            if body.trim_end().is_empty() {
                blank_after_text |= in_paragraph || !by_line.is_empty();
                in_paragraph = false;
            } else {
                let start = offset + line.len() - body.len();
                blank_line_found |= blank_after_text;
                by_line.push(start);
                if !in_paragraph {
                    by_blank.push(start);
                }
                in_paragraph = true;
            }
            offset += line.len();
        }
        Paragraphs {
            starts: if blank_line_found { by_blank } else { by_line },
        }
    }

    /// The 0-based paragraph that byte `pos` belongs to (text before the first paragraph
    /// belongs to the first).
    pub(crate) fn index(&self, pos: usize) -> usize {
        self.starts.partition_point(|&s| s <= pos).saturating_sub(1)
    }

    /// Number of paragraphs (at least 1, even for an empty text).
    pub(crate) fn len(&self) -> usize {
        self.starts.len().max(1)
    }
}

/// Whether a stretch of whitespace holds a paragraph break: a blank line (two line breaks) or
/// U+2029 PARAGRAPH SEPARATOR. An op with no tokens on either side whose texts differ in this is
/// a paragraph break added or removed.
pub fn is_break(gap: &str) -> bool {
    gap.contains('\u{2029}') || gap.bytes().filter(|&b| b == b'\n').count() >= 2
}

/// Paragraph breaks added and removed (see [`split_breaks`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(crate) struct BreakCounts {
    pub added: usize,
    pub removed: usize,
}

/// Splits every equal op at each gap that is a paragraph break on one side only, making the gap
/// a change op of its own (a replacement of whitespace, no tokens). Only for ops built with
/// whitespace ignored (no whitespace tokens), where token `k` of an equal op on one side
/// matches token `k` on the other.
pub(crate) fn split_breaks<'a>(
    ops: Vec<Op<'a>>,
    old: &Side<'a, '_>,
    new: &Side<'a, '_>,
) -> (Vec<Op<'a>>, BreakCounts) {
    let mut counts = BreakCounts::default();
    let mut out = Vec::with_capacity(ops.len());
    for op in ops {
        let mut rest = Some(op);
        while let Some(cur) = rest.take() {
            match find_break(&cur, old, new) {
                None => out.push(cur),
                Some((k, og, ng)) => {
                    if is_break(ng.text) {
                        counts.added += 1;
                    } else {
                        counts.removed += 1;
                    }
                    let (head, gap_op, tail) = cut(&cur, k, og, ng, old, new);
                    out.push(head);
                    out.push(gap_op);
                    rest = tail;
                }
            }
        }
    }
    (out, counts)
}

/// The first gap of an equal op that is a paragraph break on one side only: the index of the
/// token before it within the op, and the gap on each side.
fn find_break<'a>(
    op: &Op<'a>,
    old: &Side<'a, '_>,
    new: &Side<'a, '_>,
) -> Option<(usize, Gap<'a>, Gap<'a>)> {
    if op.kind != OpKind::Equal || op.old.text == op.new.text {
        return None;
    }
    // Only gaps between two tokens of the op: the one after its last token borders a change
    // (shown with NEW's whitespace) or the end of the text.
    (0..op.oseq.len().saturating_sub(1)).find_map(|k| {
        let (oi, ni) = (op.oseq.start + k, op.nseq.start + k);
        let (og, ng) = (gap(old, oi), gap(new, ni));
        (is_break(og.text) != is_break(ng.text)).then_some((k, og, ng))
    })
}

/// The whitespace after token `i` of a side, as a byte range and its text.
#[derive(Clone, Copy)]
struct Gap<'a> {
    start: usize,
    end: usize,
    text: &'a str,
}

fn gap<'a>(side: &Side<'a, '_>, i: usize) -> Gap<'a> {
    let start = side.toks[i].end() as usize;
    let end = side
        .toks
        .get(i + 1)
        .map_or(side.text.len(), |t| t.start as usize);
    Gap {
        start,
        end,
        text: side.text.get(start..end).unwrap_or(""),
    }
}

/// Cuts the equal op `e` after its token `k`: the tokens up to it, the gap after it, and the
/// rest (none when the gap is the op's own trailing whitespace).
fn cut<'a>(
    e: &Op<'a>,
    k: usize,
    og: Gap<'a>,
    ng: Gap<'a>,
    old: &Side<'a, '_>,
    new: &Side<'a, '_>,
) -> (Op<'a>, Op<'a>, Option<Op<'a>>) {
    let span = |side: &Side<'a, '_>, bytes: Range<usize>, tokens: Range<usize>| Span {
        token_start: tokens.start,
        token_end: tokens.end,
        byte_start: bytes.start,
        byte_end: bytes.end,
        text: side.text.get(bytes).unwrap_or(""),
    };
    let (ot, nt) = (e.old.token_start + k + 1, e.new.token_start + k + 1);
    let (os, ns) = (e.oseq.start + k + 1, e.nseq.start + k + 1);
    let head = Op {
        kind: OpKind::Equal,
        old: span(old, e.old.byte_start..og.start, e.old.token_start..ot),
        new: span(new, e.new.byte_start..ng.start, e.new.token_start..nt),
        oseq: e.oseq.start..os,
        nseq: e.nseq.start..ns,
    };
    let gap_op = Op {
        kind: OpKind::Replace,
        old: span(old, og.start..og.end, ot..ot),
        new: span(new, ng.start..ng.end, nt..nt),
        oseq: os..os,
        nseq: ns..ns,
    };
    let tail = (os < e.oseq.end).then(|| Op {
        kind: OpKind::Equal,
        old: span(old, og.end..e.old.byte_end, ot..e.old.token_end),
        new: span(new, ng.end..e.new.byte_end, nt..e.new.token_end),
        oseq: os..e.oseq.end,
        nseq: ns..e.nseq.end,
    });
    (head, gap_op, tail)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{DiffOptions, OpKind, diff_texts};

    #[test]
    fn paragraphs_by_blank_lines_or_by_lines() {
        let p = Paragraphs::of("a b\nc\n\n  d\ne\n");
        assert_eq!(p.starts, [0, 9]);
        assert_eq!(
            (p.index(0), p.index(5), p.index(9), p.index(12)),
            (0, 0, 1, 1)
        );
        let p = Paragraphs::of("one\ntwo\n\nthree");
        assert_eq!(p.len(), 2);
        // No blank line: one paragraph per line.
        let p = Paragraphs::of("one\ntwo\nthree\n");
        assert_eq!(p.starts, [0, 4, 8]);
        assert_eq!(Paragraphs::of("").len(), 1);
    }

    #[test]
    fn a_break_added_or_removed_is_a_change() {
        let d = diff_texts(
            "One. Two.\nThree.\n",
            "One.\n\nTwo. Three.\n",
            &DiffOptions::new(),
        );
        assert!(!d.is_identical());
        let changes: Vec<_> = d.ops().iter().filter(|o| o.kind != OpKind::Equal).collect();
        assert_eq!(changes.len(), 1);
        assert_eq!((changes[0].old.text, changes[0].new.text), (" ", "\n\n"));
        assert_eq!(changes[0].old.tokens() + changes[0].new.tokens(), 0);
        assert_eq!(
            (
                d.stats().paragraph_breaks_added,
                d.stats().paragraph_breaks_removed
            ),
            (1, 0)
        );
        // Re-wrapping is still not a change.
        let d = diff_texts("a b\nc d\n\ne\n", "a\nb c\nd\n\ne\n", &DiffOptions::new());
        assert!(d.is_identical());
        // Removed, the other way round.
        let d = diff_texts("One.\n\nTwo.\n", "One. Two.\n", &DiffOptions::new());
        assert_eq!(d.stats().paragraph_breaks_removed, 1);
    }
}
