//! Statistics of a diff: token counts, similarity, edit rate, TER, whitespace-only changes.

use serde::Serialize;

use super::model::{Op, OpKind, Side};
use super::ter::{Ter, TerScope, rate};

/// Statistics of a [`super::TextDiff`]. OLD is the hypothesis (machine output), NEW the
/// reference (post-edited revision).
///
/// All token counts are of content tokens at the diff's granularity (words, punctuation marks,
/// characters of spaceless scripts; lines in line mode); whitespace is never a token. A replace
/// op of k OLD and m NEW tokens counts min(k, m) substitutions and the rest as deletions (k > m)
/// or insertions (m > k).
///
/// JSON (`"stats"`): `{"oldTokens", "newTokens", "equal", "inserted", "deleted",
/// "substituted", "similarity", "editRate", "whitespaceOnlyChanges", "paragraphBreaksAdded",
/// "paragraphBreaksRemoved", "ter", "terScope"}` with
/// `"ter"` as documented on [`Ter`] (or `null` when not computed) and `"terScope"` one of
/// `"document"`, `"segments"` (or `null`).
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Stats {
    /// Tokens in OLD.
    pub old_tokens: usize,
    /// Tokens in NEW.
    pub new_tokens: usize,
    /// Tokens in equal ops (the same number on both sides).
    pub equal: usize,
    /// NEW tokens with no OLD counterpart.
    pub inserted: usize,
    /// OLD tokens with no NEW counterpart.
    pub deleted: usize,
    /// OLD tokens replaced by NEW tokens, pairwise.
    pub substituted: usize,
    /// `2 × equal / (old_tokens + new_tokens)`: 1 for identical texts (and for two empty ones),
    /// 0 when nothing is shared.
    pub similarity: f64,
    /// `(inserted + deleted + substituted) / new_tokens`: the post-editing edit rate against the
    /// edited revision, without shifts (0 without edits; 1 when NEW is empty and OLD is not).
    pub edit_rate: f64,
    /// Places where the texts differ in whitespace only. When whitespace is ignored these are
    /// gaps between two matching tokens (or before the first / after the last token) whose
    /// whitespace differs — a re-wrapped line, CRLF versus LF, extra spaces — and they are not
    /// shown as changes. When whitespace is significant (and in line mode) these are the change
    /// ops that differ in whitespace only; they are shown.
    pub whitespace_only_changes: usize,
    /// Paragraph breaks (blank lines) in NEW where OLD has none; when whitespace is ignored
    /// each is a change of its own (see [`super::TextDiff`]), not a whitespace-only change.
    pub paragraph_breaks_added: usize,
    /// Paragraph breaks in OLD that NEW no longer has.
    pub paragraph_breaks_removed: usize,
    /// TER with shifts (HTER: OLD against NEW), when computed.
    pub ter: Option<Ter>,
    /// Whether `ter` was computed over the whole document or summed over segments.
    pub ter_scope: Option<TerScope>,
}

impl Stats {
    /// Edits without shifts: `inserted + deleted + substituted`.
    pub fn edits(&self) -> usize {
        self.inserted + self.deleted + self.substituted
    }
}

/// Counts tokens and edits over the ops.
pub(crate) fn count(ops: &[Op<'_>], old_tokens: usize, new_tokens: usize) -> Stats {
    let mut s = Stats {
        old_tokens,
        new_tokens,
        ..Stats::default()
    };
    for op in ops {
        let (k, m) = (op.old.tokens(), op.new.tokens());
        match op.kind {
            OpKind::Equal => s.equal += k,
            _ => {
                let sub = k.min(m);
                s.substituted += sub;
                s.deleted += k - sub;
                s.inserted += m - sub;
            }
        }
    }
    s.similarity = if old_tokens + new_tokens == 0 {
        1.0
    } else {
        2.0 * s.equal as f64 / (old_tokens + new_tokens) as f64
    };
    s.edit_rate = rate(s.edits(), new_tokens);
    s
}

/// The whitespace after token `i`.
fn gap<'a>(side: &Side<'a, '_>, i: usize) -> &'a str {
    let s = side.toks[i].end() as usize;
    let e = side
        .toks
        .get(i + 1)
        .map_or(side.text.len(), |t| t.start as usize);
    side.text.get(s..e).unwrap_or("")
}

/// Counts whitespace-only changes as documented on [`Stats::whitespace_only_changes`].
pub(crate) fn whitespace_only_changes(
    ops: &[Op<'_>],
    old: &Side<'_, '_>,
    new: &Side<'_, '_>,
    line_mode: bool,
    ignore_ws: bool,
) -> usize {
    let mut n = 0;
    for op in ops {
        match (line_mode, ignore_ws, op.kind) {
            (false, true, OpKind::Equal) => {
                let (i, j, c) = (op.oseq.start, op.nseq.start, op.oseq.len());
                if c == 0 {
                    // Both texts are whitespace only.
                    n += usize::from(op.old.text != op.new.text);
                    continue;
                }
                if op.old.text == op.new.text {
                    continue;
                }
                if i == 0 && j == 0 {
                    let lo = old.text.get(..old.toks[0].start as usize).unwrap_or("");
                    let ln = new.text.get(..new.toks[0].start as usize).unwrap_or("");
                    n += usize::from(lo != ln);
                }
                let at_end = i + c == old.toks.len() && j + c == new.toks.len();
                let inner = if at_end { c } else { c - 1 };
                n += (0..inner)
                    .filter(|&k| gap(old, i + k) != gap(new, j + k))
                    .count();
            }
            (true, true, OpKind::Equal) => {
                if op.old.text != op.new.text {
                    n += op
                        .oseq
                        .clone()
                        .zip(op.nseq.clone())
                        .filter(|&(a, b)| old.toks[a].text(old.text) != new.toks[b].text(new.text))
                        .count();
                }
            }
            (false, false, OpKind::Equal) | (_, true, _) => {}
            (false, false, _) => n += usize::from(op.old.tokens() == 0 && op.new.tokens() == 0),
            (true, false, OpKind::Equal) => {}
            (true, false, _) => {
                let same = op.oseq.len() == op.nseq.len()
                    && op.oseq.clone().zip(op.nseq.clone()).all(|(a, b)| {
                        super::tokenize::eq_normalized_line(
                            old.toks[a].text(old.text),
                            new.toks[b].text(new.text),
                        )
                    });
                n += usize::from(same);
            }
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::super::{DiffOptions, Granularity, diff_texts};

    #[test]
    fn replace_counts_substitutions_then_the_rest() {
        // "b c" → "x": one substitution and one deletion; "d" → "y z": one substitution and
        // one insertion.
        let d = diff_texts("a b c d e", "a x e y z", &DiffOptions::new().ter(false));
        let s = d.stats();
        assert_eq!(s.equal + s.deleted + s.substituted, s.old_tokens);
        assert_eq!(s.equal + s.inserted + s.substituted, s.new_tokens);
        let d = diff_texts("a b c e", "a x e", &DiffOptions::new().ter(false));
        assert_eq!(
            (d.stats().substituted, d.stats().deleted, d.stats().inserted),
            (1, 1, 0)
        );
        assert!((d.stats().edit_rate - 2.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn whitespace_only_counts_per_mode() {
        let (a, b) = ("x  y\nz", "x y z");
        // Ignored: two gaps differ.
        assert_eq!(
            diff_texts(a, b, &DiffOptions::new())
                .stats()
                .whitespace_only_changes,
            2
        );
        // Significant: the two whitespace tokens are replaced, each a whitespace-only change.
        let d = diff_texts(a, b, &DiffOptions::new().ignore_whitespace(false));
        assert_eq!(d.stats().whitespace_only_changes, 2);
        assert_eq!(d.stats().edits(), 0);
        // Line mode: one line pair differs in whitespace only, one really differs.
        let d = diff_texts(
            "a  b\nc\n",
            "a b\nd\n",
            &DiffOptions::new().granularity(Granularity::Line),
        );
        assert_eq!(
            (d.stats().whitespace_only_changes, d.stats().substituted),
            (1, 1)
        );
        let d = diff_texts(
            "a  b\nc\n",
            "a b\nc\n",
            &DiffOptions::new()
                .granularity(Granularity::Line)
                .ignore_whitespace(false),
        );
        assert_eq!(
            (d.stats().whitespace_only_changes, d.stats().substituted),
            (1, 1)
        );
    }

    #[test]
    fn similarity_of_empty_and_disjoint_texts() {
        assert_eq!(
            diff_texts("", "", &DiffOptions::new()).stats().similarity,
            1.0
        );
        assert_eq!(
            diff_texts("a", "b", &DiffOptions::new()).stats().similarity,
            0.0
        );
    }
}
