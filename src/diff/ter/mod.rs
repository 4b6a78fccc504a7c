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

mod dp;
mod segments;
mod shift;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::collections::HashMap;

use serde::Serialize;
use serde::ser::SerializeStruct;

pub(crate) use segments::{DiffTer, TerKey, TerSide, ter_for_diff};
use shift::ter_ids;

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
    ter_budgeted(hypothesis, reference, &mut Budget::new(u64::MAX))
}

/// [`ter`] paid from a shared work budget; when the budget (or [`MAX_CELLS`]) does not allow
/// the shift search, the edits of a plain diff, marked approximated.
pub(crate) fn ter_budgeted(hypothesis: &[&str], reference: &[&str], budget: &mut Budget) -> Ter {
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
    ter_ids(&h, &r, plain.edits(), budget).unwrap_or(Ter {
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

/// A budget of work, in edit-distance matrix cells (and, at one unit each, the phrase pairs the
/// shift search looks at), shared by all TER computations of one diff so that the total work
/// stays bounded. Work is charged for what was actually computed: a shift candidate whose
/// distance took every row to the end of the text pays for every row, not only for the moved
/// stretch.
pub(crate) struct Budget {
    left: u64,
    /// Units of work done, counted where the work is done and independently of what is
    /// charged: the check that the charging is honest (it may pass the budget by the distance
    /// computation that ran it out and one refill).
    pub work: u64,
    /// Whether some computation was cut short by the budget.
    pub exhausted: bool,
}

impl Budget {
    pub(crate) fn new(cells: u64) -> Self {
        Budget {
            left: cells,
            work: 0,
            exhausted: false,
        }
    }

    /// Pays for `cells` about to be computed; `false` (and exhausted) when they are not left.
    fn take(&mut self, cells: usize) -> bool {
        if !self.affords(cells) {
            return false;
        }
        self.charge(cells);
        true
    }

    /// Whether at least `cells` are left; marks the budget exhausted when not.
    fn affords(&mut self, cells: usize) -> bool {
        if cells as u64 > self.left {
            self.exhausted = true;
            false
        } else {
            true
        }
    }

    /// Charges work already done (possibly more than is left: the budget then runs out).
    fn charge(&mut self, cells: usize) {
        self.left = self.left.saturating_sub(cells as u64);
    }

    /// Counts work done (see [`Budget::work`]).
    fn did(&mut self, cells: usize) {
        self.work = self.work.saturating_add(cells as u64);
    }
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
