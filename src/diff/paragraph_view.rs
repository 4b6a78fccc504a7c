//! The paragraph view: edit rate and HTER per paragraph, paragraphs aligned across splits and
//! merges.
//!
//! Paragraphs are those of [`super::paragraphs`]. Two paragraphs are linked when the diff aligns
//! a token of one with a token of the other, or when one replacement covers both; linked
//! paragraphs form a group, so a paragraph split in two is one group of one OLD and two NEW
//! paragraphs, and two merged into one the converse. A paragraph with no link is deleted (OLD
//! only) or inserted (NEW only). Per group: the edits of the diff that fall in it (a
//! replacement of k by m tokens counts max(k, m)), the edit rate against its NEW tokens, and
//! TER (HTER) of its OLD tokens against its NEW tokens, from the diff's shared TER budget
//! (shifts never cross groups, so their sum may exceed the document's TER).

use std::ops::Range;

use serde::Serialize;

use super::align::{RawOp, Seq, Tag};
use super::paragraphs::Paragraphs;
use super::ter::{Budget, Ter, rate, ter_budgeted};

/// How a group of paragraphs changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum ParagraphChange {
    /// One paragraph on each side, no edits.
    Unchanged,
    /// One paragraph on each side, with edits.
    Edited,
    /// One OLD paragraph became several.
    Split,
    /// Several OLD paragraphs became one.
    Merged,
    /// Several on each side.
    Regrouped,
    /// Only in NEW.
    Inserted,
    /// Only in OLD.
    Deleted,
}

/// One row of the paragraph view: a group of aligned paragraphs.
///
/// JSON: `{"old": {"start": 1, "end": 2}, "new": {"start": 1, "end": 3}, "change": "split",
/// "oldTokens": 40, "newTokens": 42, "edits": 5, "editRate": 0.119, "ter": {…}}` with 0-based,
/// half-open paragraph ranges (`null` for a side without paragraphs).
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ParagraphRow {
    /// OLD's paragraphs in the group.
    pub old: Option<Range<usize>>,
    /// NEW's paragraphs in the group.
    pub new: Option<Range<usize>>,
    /// How the group changed.
    pub change: ParagraphChange,
    /// Content tokens in OLD's paragraphs.
    pub old_tokens: usize,
    /// Content tokens in NEW's paragraphs.
    pub new_tokens: usize,
    /// Edits of the diff within the group.
    pub edits: usize,
    /// `edits / new_tokens` (conventions of [`super::Stats::edit_rate`]).
    pub edit_rate: f64,
    /// TER of OLD's paragraphs against NEW's (HTER).
    pub ter: Ter,
}

/// One side: its text, tokens, paragraphs and the paragraph of each token.
struct SideParas<'a, 'b> {
    seq: &'b Seq<'a>,
    paras: Paragraphs,
}

impl SideParas<'_, '_> {
    fn para(&self, t: usize) -> usize {
        self.paras.index(self.seq.toks[t].start as usize)
    }
    fn content(&self, r: Range<usize>) -> impl Iterator<Item = usize> + '_ {
        r.filter(|&t| !self.seq.toks[t].ws())
    }
}

/// The paragraphs of a finished group on each side (`None`: none on that side).
type Aligned = (Option<Range<usize>>, Option<Range<usize>>);

/// A group being built: inclusive paragraph ranges on each side.
#[derive(Clone, Copy)]
struct Group {
    old: (usize, usize),
    new: (usize, usize),
}

/// The paragraph view of a diff (see the module documentation).
pub(crate) fn view(
    os: &Seq<'_>,
    ns: &Seq<'_>,
    raw: &[RawOp],
    budget: &mut Budget,
) -> Vec<ParagraphRow> {
    let old = SideParas {
        seq: os,
        paras: Paragraphs::of(os.text),
    };
    let new = SideParas {
        seq: ns,
        paras: Paragraphs::of(ns.text),
    };
    let groups = groups(&links(&old, &new, raw), old.paras.len(), new.paras.len());
    let (mut og, mut ng) = (vec![0; old.paras.len()], vec![0; new.paras.len()]);
    for (g, (o, n)) in groups.iter().enumerate() {
        o.clone().into_iter().flatten().for_each(|p| og[p] = g);
        n.clone().into_iter().flatten().for_each(|p| ng[p] = g);
    }
    let mut edits = vec![0usize; groups.len()];
    for op in raw.iter().filter(|op| op.tag != Tag::Equal) {
        let ot: Vec<usize> = old.content(op.old.clone()).collect();
        let nt: Vec<usize> = new.content(op.new.clone()).collect();
        match (ot.first(), nt.first()) {
            (Some(&o), Some(_)) => edits[og[old.para(o)]] += ot.len().max(nt.len()),
            _ => {
                ot.iter().for_each(|&t| edits[og[old.para(t)]] += 1);
                nt.iter().for_each(|&t| edits[ng[new.para(t)]] += 1);
            }
        }
    }
    let mut words: Vec<(Vec<&str>, Vec<&str>)> = vec![Default::default(); groups.len()];
    for t in old.content(0..os.toks.len()) {
        words[og[old.para(t)]].0.push(os.toks[t].text(os.text));
    }
    for t in new.content(0..ns.toks.len()) {
        words[ng[new.para(t)]].1.push(ns.toks[t].text(ns.text));
    }
    groups
        .into_iter()
        .zip(edits)
        .zip(words)
        .map(|(((o, n), edits), (h, r))| ParagraphRow {
            change: change(&o, &n, edits),
            old: o,
            new: n,
            old_tokens: h.len(),
            new_tokens: r.len(),
            edits,
            edit_rate: rate(edits, r.len()),
            ter: ter_budgeted(&h, &r, budget),
        })
        .collect()
}

fn change(o: &Option<Range<usize>>, n: &Option<Range<usize>>, edits: usize) -> ParagraphChange {
    match (o.as_ref().map(|r| r.len()), n.as_ref().map(|r| r.len())) {
        (None, _) => ParagraphChange::Inserted,
        (_, None) => ParagraphChange::Deleted,
        (Some(1), Some(1)) if edits == 0 => ParagraphChange::Unchanged,
        (Some(1), Some(1)) => ParagraphChange::Edited,
        (Some(1), Some(_)) => ParagraphChange::Split,
        (Some(_), Some(1)) => ParagraphChange::Merged,
        _ => ParagraphChange::Regrouped,
    }
}

/// The links between paragraphs, in order: (OLD range, NEW range), inclusive.
fn links(old: &SideParas<'_, '_>, new: &SideParas<'_, '_>, raw: &[RawOp]) -> Vec<Group> {
    let mut out: Vec<Group> = Vec::new();
    let mut push = |g: Group| {
        if out.last().is_none_or(|l| l.old != g.old || l.new != g.new) {
            out.push(g);
        }
    };
    for op in raw {
        match op.tag {
            Tag::Equal => {
                for (o, n) in op.old.clone().zip(op.new.clone()) {
                    if old.seq.toks[o].ws() {
                        continue;
                    }
                    let (po, pn) = (old.para(o), new.para(n));
                    push(Group {
                        old: (po, po),
                        new: (pn, pn),
                    });
                }
            }
            Tag::Replace => {
                let ot: Vec<usize> = old.content(op.old.clone()).collect();
                let nt: Vec<usize> = new.content(op.new.clone()).collect();
                if let (Some(&a), Some(&b), Some(&c), Some(&d)) =
                    (ot.first(), ot.last(), nt.first(), nt.last())
                {
                    push(Group {
                        old: (old.para(a), old.para(b)),
                        new: (new.para(c), new.para(d)),
                    });
                }
            }
            Tag::Delete | Tag::Insert => {}
        }
    }
    out
}

/// Joins overlapping links into groups (links are in order on both sides), and adds a group for
/// every paragraph no link reaches.
fn groups(links: &[Group], n_old: usize, n_new: usize) -> Vec<Aligned> {
    let mut merged: Vec<Group> = Vec::new();
    for &l in links {
        match merged.last_mut() {
            Some(g) if l.old.0 <= g.old.1 || l.new.0 <= g.new.1 => {
                g.old.1 = g.old.1.max(l.old.1);
                g.new.1 = g.new.1.max(l.new.1);
            }
            _ => merged.push(l),
        }
    }
    let mut out = Vec::new();
    let (mut o, mut n) = (0, 0);
    for g in merged.iter().copied().chain(std::iter::once(Group {
        old: (n_old, n_old),
        new: (n_new, n_new),
    })) {
        out.extend((o..g.old.0.min(n_old)).map(|p| (Some(p..p + 1), None)));
        out.extend((n..g.new.0.min(n_new)).map(|p| (None, Some(p..p + 1))));
        if g.old.0 < n_old {
            out.push((Some(g.old.0..g.old.1 + 1), Some(g.new.0..g.new.1 + 1)));
        }
        (o, n) = (g.old.1 + 1, g.new.1 + 1);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diff::{DiffOptions, diff_texts};

    #[test]
    fn split_merged_inserted_and_edited_paragraphs() {
        let old = "One two three four. Five six seven.\n\nAlpha beta.\n\nGamma delta.\n\n\
                   Gone away now.\n";
        let new =
            "One two three four.\n\nFive six seven.\n\nAlpha beta. Gamma delta.\n\nBrand new.\n";
        let d = diff_texts(old, new, &DiffOptions::new().paragraphs(true));
        let rows = d.paragraphs().expect("asked for");
        let kinds: Vec<_> = rows
            .iter()
            .map(|r| (r.old.clone(), r.new.clone(), r.change))
            .collect();
        assert_eq!(
            kinds,
            [
                (Some(0..1), Some(0..2), ParagraphChange::Split),
                (Some(1..3), Some(2..3), ParagraphChange::Merged),
                (Some(3..4), Some(3..4), ParagraphChange::Edited),
            ],
            "{rows:?}"
        );
        assert_eq!(rows[0].edits, 0);
        assert_eq!((rows[2].edits, rows[2].new_tokens), (3, 3));
        assert_eq!(rows[2].edit_rate, 1.0);
        assert!(rows[2].ter.edits() <= 3);
        assert!(
            diff_texts(old, new, &DiffOptions::new())
                .paragraphs()
                .is_none()
        );
    }
}
