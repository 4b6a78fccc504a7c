//! Comparing two revisions of a translation: tokenising, aligning, statistics and rendering.
//!
//! The typical pair is the raw machine translation (OLD) and the human-edited revision (NEW):
//! the diff shows what the post-editor changed and the statistics say how much (edit rate,
//! HTER). Computation and presentation are separate: [`diff_texts`] computes a [`TextDiff`]
//! (which serialises to the JSON document), and the `render_*` functions write it out.
//!
//! ```
//! use tprov::diff::{diff_texts, render_unified, DiffOptions, RenderOptions};
//!
//! let old = "The cat sat on the mat.\n";
//! let new = "The cat sat upon the mat.\n";
//! let diff = diff_texts(old, new, &DiffOptions::new());
//! assert!(!diff.is_identical());
//! assert_eq!(diff.stats().substituted, 1);
//!
//! let mut out = Vec::new();
//! render_unified(&diff, &RenderOptions::new(), &mut out).unwrap();
//! assert!(String::from_utf8(out).unwrap().contains("The cat sat [-on-]{+upon+} the mat."));
//! ```
//!
//! # Granularity
//!
//! [`Granularity::Auto`] (the default) compares words in space-separated scripts and
//! characters in scripts written without spaces (Chinese, Japanese, Thai…), chosen per script
//! run, so a mixed document is handled piece by piece; see [`tokenize`] for the details.
//!
//! # Whitespace
//!
//! By default ([`DiffOptions::ignore_whitespace`]) whitespace is not compared in word, char and
//! auto mode: a re-wrapped paragraph, CRLF versus LF, trailing spaces or runs of spaces are not
//! shown as changes, but they are counted in [`Stats::whitespace_only_changes`]. Line mode then
//! compares lines with whitespace normalised (CRLF ≡ LF, runs of blanks alike).
//!
//! # Bounded work
//!
//! Blocks are aligned first and tokens only inside the changed regions; regions that are too
//! large, an optional time budget, and a budget for TER's shift search keep any pair of inputs
//! tractable. A diff that hit a bound says so ([`TextDiff::is_approximated`]).

mod align;
mod input;
mod model;
mod render;
mod render_side;
mod render_unified;
mod stats;
mod ter;
mod tokenize;

#[cfg(test)]
mod tests;

use std::time::{Duration, Instant};

use serde::Serialize;

pub use input::{InputError, decode_text};
pub use model::{Approximation, Hunk, HunkRange, Op, OpKind, SCHEMA_VERSION, Span, TextDiff};
pub use render::{RenderOptions, render_json, render_stats};
pub use render_side::render_side_by_side;
pub use render_unified::render_unified;
pub use stats::Stats;
pub use ter::{MAX_CANDIDATES, MAX_SHIFT_DIST, MAX_SHIFT_SIZE, Ter, TerScope, ter};
pub use tokenize::tokenize;

use align::{KeyMode, Limits, RawOp, Seq, Tag};
use model::Side;

/// Inputs at least this large (OLD + NEW bytes) are processed on two threads.
const PARALLEL_BYTES: usize = 256 * 1024;

/// The unit of comparison.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Granularity {
    /// Words for space-separated scripts, characters for scripts written without spaces,
    /// decided per script run.
    #[default]
    Auto,
    /// Unicode words (UAX #29 word boundaries); punctuation marks are tokens of their own.
    Word,
    /// Characters (extended grapheme clusters).
    Char,
    /// Lines.
    Line,
}

impl Granularity {
    /// The lowercase name: `auto`, `word`, `char` or `line`.
    pub fn as_str(self) -> &'static str {
        match self {
            Granularity::Auto => "auto",
            Granularity::Word => "word",
            Granularity::Char => "char",
            Granularity::Line => "line",
        }
    }
}

impl std::fmt::Display for Granularity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The error of parsing a [`Granularity`] from a string other than `auto`, `word`, `char` or
/// `line`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("unknown granularity {0:?}: expected auto, word, char or line")]
pub struct ParseGranularityError(String);

impl std::str::FromStr for Granularity {
    type Err = ParseGranularityError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "auto" => Ok(Granularity::Auto),
            "word" => Ok(Granularity::Word),
            "char" => Ok(Granularity::Char),
            "line" => Ok(Granularity::Line),
            _ => Err(ParseGranularityError(s.to_owned())),
        }
    }
}

/// Options of [`diff_texts`], set with a builder:
///
/// ```
/// use std::time::Duration;
/// use tprov::diff::{DiffOptions, Granularity};
/// let options = DiffOptions::new()
///     .granularity(Granularity::Word)
///     .context(5)
///     .ignore_whitespace(false)
///     .time_budget(Some(Duration::from_secs(2)));
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DiffOptions {
    granularity: Granularity,
    context: usize,
    ignore_whitespace: bool,
    time_budget: Option<Duration>,
    max_region_tokens: usize,
    ter: bool,
    ter_case_insensitive: bool,
    ter_budget: u64,
}

impl Default for DiffOptions {
    fn default() -> Self {
        Self::new()
    }
}

impl DiffOptions {
    /// The defaults: auto granularity, 3 lines of context, whitespace ignored, no time budget,
    /// changed regions of up to 10 000 tokens aligned token by token, case-sensitive TER computed.
    pub const fn new() -> Self {
        DiffOptions {
            granularity: Granularity::Auto,
            context: 3,
            ignore_whitespace: true,
            time_budget: None,
            max_region_tokens: 10_000,
            ter: true,
            ter_case_insensitive: false,
            ter_budget: 100_000_000,
        }
    }

    /// Unit of comparison. Default: [`Granularity::Auto`].
    pub const fn granularity(mut self, granularity: Granularity) -> Self {
        self.granularity = granularity;
        self
    }

    /// Lines of unchanged text kept around each change in the hunks. Default: 3.
    pub const fn context(mut self, lines: usize) -> Self {
        self.context = lines;
        self
    }

    /// Whether differences in whitespace alone are ignored (not shown, but counted in
    /// [`Stats::whitespace_only_changes`]). In line mode this compares lines with whitespace
    /// normalised; without it lines must match byte for byte (CRLF ≠ LF). Default: `true`.
    pub const fn ignore_whitespace(mut self, ignore: bool) -> Self {
        self.ignore_whitespace = ignore;
        self
    }

    /// Wall-clock budget for the alignment. When it runs out, the remaining changed regions are
    /// shown as whole replacements and the diff is marked approximated
    /// ([`Approximation::TimeBudget`]); the result then depends on the machine's speed.
    /// Default: `None` (only the deterministic bounds apply).
    pub const fn time_budget(mut self, budget: Option<Duration>) -> Self {
        self.time_budget = budget;
        self
    }

    /// Largest changed region (OLD plus NEW tokens) aligned token by token; a larger one is
    /// shown as one replacement ([`Approximation::RegionTooLarge`]). Only stretches where no
    /// block of about sixteen tokens is shared reach this size (rewritten or reordered text);
    /// aligning them costs time quadratic in their size. Default: 10 000.
    pub const fn max_region_tokens(mut self, tokens: usize) -> Self {
        self.max_region_tokens = tokens;
        self
    }

    /// Whether TER (with shifts) is computed for [`Stats::ter`]. Default: `true`.
    pub const fn ter(mut self, compute: bool) -> Self {
        self.ter = compute;
        self
    }

    /// Whether TER compares tokens case-insensitively (after Unicode lowercasing). Default:
    /// `false` (case-sensitive, as tercom by default).
    pub const fn ter_case_insensitive(mut self, case_insensitive: bool) -> Self {
        self.ter_case_insensitive = case_insensitive;
        self
    }

    /// Work budget of TER's shift search, in edit-distance matrix cells for the whole diff
    /// (a few nanoseconds each). When it runs out, the remaining segments are scored from the
    /// diff's own edits ([`Approximation::TerBudget`]). Default: 100 000 000.
    pub const fn ter_budget(mut self, cells: u64) -> Self {
        self.ter_budget = cells;
        self
    }
}

/// Compares OLD with NEW.
///
/// Never fails and never panics; for a pathological pair the work is bounded and the result is
/// marked approximated. OLD is taken as the hypothesis (machine output) and NEW as the
/// reference (edited revision) for the statistics.
pub fn diff_texts<'a>(old: &'a str, new: &'a str, options: &DiffOptions) -> TextDiff<'a> {
    let deadline = options
        .time_budget
        .and_then(|b| Instant::now().checked_add(b));
    let g = options.granularity;
    let line_mode = g == Granularity::Line;
    let ignore_ws = options.ignore_whitespace;
    let mut approximations = Vec::new();

    if old.len() >= tokenize::MAX_TEXT || new.len() >= tokenize::MAX_TEXT {
        return whole_text_diff(old, new, options);
    }

    // Whitespace tokens take part in the comparison only when whitespace is significant.
    let keep_ws = !ignore_ws && !line_mode;
    let same_bytes = old == new;
    // Large inputs use the second core when there is one: NEW is tokenised while OLD is, and
    // TER is computed while the ops and hunks are built. The results do not depend on it.
    let parallel = old.len() + new.len() >= PARALLEL_BYTES;
    let mut old_toks = Vec::new();
    let mut new_toks_own = Vec::new();
    if same_bytes {
        tokenize::tokenize_into(old, g, keep_ws, &mut old_toks);
    } else if parallel {
        std::thread::scope(|s| {
            let other = std::thread::Builder::new().spawn_scoped(s, || {
                let mut v = Vec::new();
                tokenize::tokenize_into(new, g, keep_ws, &mut v);
                v
            });
            tokenize::tokenize_into(old, g, keep_ws, &mut old_toks);
            new_toks_own = match other.map(|h| h.join()) {
                Ok(Ok(v)) => v,
                // No thread could be started (or it failed): do it here.
                _ => {
                    let mut v = Vec::new();
                    tokenize::tokenize_into(new, g, keep_ws, &mut v);
                    v
                }
            };
        });
    } else {
        tokenize::tokenize_into(old, g, keep_ws, &mut old_toks);
        tokenize::tokenize_into(new, g, keep_ws, &mut new_toks_own);
    }
    let new_toks: &[tokenize::Tok] = if same_bytes { &old_toks } else { &new_toks_own };
    let mode = if line_mode && ignore_ws {
        KeyMode::NormalizedLine
    } else {
        KeyMode::Exact
    };
    let (os, ns) = (
        Seq {
            text: old,
            toks: &old_toks,
        },
        Seq {
            text: new,
            toks: new_toks,
        },
    );

    let raw: Vec<RawOp> = if same_bytes {
        if old_toks.is_empty() {
            Vec::new()
        } else {
            vec![RawOp {
                tag: Tag::Equal,
                old: 0..old_toks.len(),
                new: 0..old_toks.len(),
            }]
        }
    } else {
        let aligned = align::align(
            &os,
            &ns,
            mode,
            Limits {
                max_region_tokens: options.max_region_tokens.max(2),
                deadline,
            },
        );
        if aligned.capped_regions > 0 {
            approximations.push(Approximation::RegionTooLarge {
                regions: aligned.capped_regions,
            });
        }
        if aligned.deadline_hit {
            approximations.push(Approximation::TimeBudget);
        }
        aligned.ops
    };

    let ter_side = |seq| ter::TerSide {
        seq,
        has_ws: keep_ws,
    };
    let compute_ter = || {
        let mut budget = ter::Budget::new(options.ter_budget);
        ter::ter_for_diff(
            &ter_side(&os),
            &ter_side(&ns),
            &raw,
            mode,
            options.ter_case_insensitive,
            &mut budget,
        )
    };
    let build = || {
        let old_side = Side::new(old, &old_toks, keep_ws);
        let new_side = Side::new(new, new_toks, keep_ws);
        let ops = model::build_ops(&raw, &old_side, &new_side);
        let mut stats = stats::count(
            &ops,
            old_side.count(0..old_toks.len()),
            new_side.count(0..new_toks.len()),
        );
        stats.whitespace_only_changes =
            stats::whitespace_only_changes(&ops, &old_side, &new_side, line_mode, ignore_ws);
        let hunks = model::build_hunks(&ops, &old_side, &new_side, options.context);
        (ops, stats, hunks)
    };
    let ((ops, mut stats, hunks), ter_result) = if !options.ter {
        (build(), None)
    } else if parallel {
        std::thread::scope(|s| {
            let other = std::thread::Builder::new().spawn_scoped(s, compute_ter);
            let built = build();
            let t = match other.map(|h| h.join()) {
                Ok(Ok(t)) => t,
                _ => compute_ter(),
            };
            (built, Some(t))
        })
    } else {
        (build(), Some(compute_ter()))
    };
    if let Some(t) = ter_result {
        if t.fallback_segments > 0 || t.budget_exhausted || t.ter.approximated {
            approximations.push(Approximation::TerBudget {
                fallback_segments: t.fallback_segments,
            });
        }
        stats.ter = Some(t.ter);
        stats.ter_scope = Some(t.scope);
    }

    let identical = ops.iter().all(|o| o.kind == OpKind::Equal);
    TextDiff {
        schema_version: SCHEMA_VERSION,
        granularity: g,
        ignore_whitespace: ignore_ws,
        context: options.context,
        identical,
        approximated: !approximations.is_empty(),
        approximations,
        hunks,
        stats,
        ops,
        old,
        new,
    }
}

/// The diff of texts too long for 31-bit offsets: equal or one replacement, no tokens.
fn whole_text_diff<'a>(old: &'a str, new: &'a str, options: &DiffOptions) -> TextDiff<'a> {
    let identical = old == new;
    let span = |text: &'a str| Span {
        token_start: 0,
        token_end: 0,
        byte_start: 0,
        byte_end: text.len(),
        text,
    };
    let op = Op {
        kind: if identical {
            OpKind::Equal
        } else {
            OpKind::Replace
        },
        old: span(old),
        new: span(new),
        oseq: 0..0,
        nseq: 0..0,
    };
    let range = |text: &str| HunkRange {
        line_start: 0,
        line_end: text.lines().count(),
        token_start: 0,
        token_end: 0,
        byte_start: 0,
        byte_end: text.len(),
    };
    let hunks = if identical {
        Vec::new()
    } else {
        vec![Hunk {
            old_range: range(old),
            new_range: range(new),
            ops: vec![op.clone()],
        }]
    };
    TextDiff {
        schema_version: SCHEMA_VERSION,
        granularity: options.granularity,
        ignore_whitespace: options.ignore_whitespace,
        context: options.context,
        identical,
        approximated: true,
        approximations: vec![Approximation::InputTooLarge],
        hunks,
        stats: Stats {
            similarity: if identical { 1.0 } else { 0.0 },
            ..Stats::default()
        },
        ops: vec![op],
        old,
        new,
    }
}
