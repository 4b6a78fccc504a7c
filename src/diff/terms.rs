//! Terminology: substitutions that repeat, the editor's glossary of what changed.
//!
//! Every replace op of at most [`MAX_TERM_TOKENS`] content tokens on each side is a candidate
//! (its text trimmed, inner whitespace collapsed to one space); the same OLD → NEW pair seen at
//! least twice is listed with its count, most frequent first. Distinct pairs counted are
//! bounded by [`MAX_TERMS`] (later new pairs are not counted).

use std::borrow::Cow;
use std::collections::HashMap;

use serde::Serialize;

use super::model::{Op, OpKind};

/// Longest term, in content tokens per side.
pub const MAX_TERM_TOKENS: usize = 6;
/// Most distinct substitutions counted.
pub const MAX_TERMS: usize = 100_000;

/// A substitution made at least twice.
///
/// JSON: `{"old": "Rednote", "new": "RedNote", "count": 5}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TermChange {
    /// The text in OLD (whitespace collapsed).
    pub old: String,
    /// The text in NEW that replaced it.
    pub new: String,
    /// How many times.
    pub count: usize,
}

/// The repeated substitutions among `ops`.
pub(crate) fn repeated(ops: &[Op<'_>]) -> Vec<TermChange> {
    let mut counts: HashMap<(Cow<'_, str>, Cow<'_, str>), usize> = HashMap::new();
    for op in ops.iter().filter(|o| o.kind == OpKind::Replace) {
        let (k, m) = (op.old.tokens(), op.new.tokens());
        if k == 0 || m == 0 || k > MAX_TERM_TOKENS || m > MAX_TERM_TOKENS {
            continue;
        }
        let pair = (collapse(op.old.text), collapse(op.new.text));
        if let Some(n) = counts.get_mut(&pair) {
            *n += 1;
        } else if counts.len() < MAX_TERMS {
            counts.insert(pair, 1);
        }
    }
    let mut terms: Vec<TermChange> = counts
        .into_iter()
        .filter(|&(_, count)| count >= 2)
        .map(|((old, new), count)| TermChange {
            old: old.into_owned(),
            new: new.into_owned(),
            count,
        })
        .collect();
    terms.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| (&a.old, &a.new).cmp(&(&b.old, &b.new)))
    });
    terms
}

/// `text` trimmed, with inner whitespace collapsed to one space (borrowed when already so).
fn collapse(text: &str) -> Cow<'_, str> {
    let t = text.trim();
    let single = t
        .split(' ')
        .all(|w| !w.is_empty() && !w.contains(char::is_whitespace));
    if single {
        Cow::Borrowed(t)
    } else {
        Cow::Owned(t.split_whitespace().collect::<Vec<_>>().join(" "))
    }
}

#[cfg(test)]
mod tests {
    use crate::diff::{DiffOptions, diff_texts};

    #[test]
    fn repeated_substitutions_are_counted() {
        let old = "Rednote grew. We met on Rednote today. The sigh wall is old. Rednote again, \
                   near the sigh wall. A cat.";
        let new = "RedNote grew. We met on RedNote today. The Wall of Sighs is old. RedNote \
                   again, near the Wall of Sighs. A dog.";
        let d = diff_texts(old, new, &DiffOptions::new());
        let t: Vec<_> = d
            .terminology()
            .iter()
            .map(|t| (t.old.as_str(), t.new.as_str(), t.count))
            .collect();
        assert_eq!(
            t,
            [("Rednote", "RedNote", 3), ("sigh wall", "Wall of Sighs", 2)]
        );
    }
}
