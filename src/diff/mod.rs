//! Comparing two revisions of a translation: tokenising, aligning, TER and statistics.
//!
//! The typical pair is the raw machine translation (OLD) and the human-edited revision (NEW):
//! the diff shows what the post-editor changed and the statistics say how much (edit rate,
//! HTER). This module computes; it needs no other module of the crate (it could be a crate of
//! its own) and never formats for people. [`diff_texts`] computes a [`TextDiff`], which
//! serialises to the JSON document; the renderers in `tprov::render::diff` write it out.
//!
//! ```
//! use tprov::diff::{diff_texts, DiffOptions};
//! use tprov::render::diff::{render_unified, RenderOptions};
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
//! tractable; move detection has bounds of its own ([`MAX_MOVE_TOKENS`], [`MAX_COMPARISONS`]).
//! A diff that hit a bound says so ([`TextDiff::is_approximated`]).
//!
//! # The editor's report
//!
//! Beside the edits the diff reports what an editor reads: blocks moved to another place
//! ([`TextDiff::moves`]; TER still counts shifts as sacreBLEU's TER does, within its limits),
//! paragraph breaks added or removed (change ops of their own, see [`is_paragraph_break`]),
//! substitutions made more than once ([`TextDiff::terminology`]), and on request edit rate and
//! HTER per paragraph, paragraphs aligned across splits and merges ([`TextDiff::paragraphs`]).

mod align;
mod input;
mod model;
mod moves;
mod options;
mod paragraph_view;
mod paragraphs;
mod stats;
mod ter;
mod terms;
mod tokenize;

use std::time::Instant;

pub use input::{InputError, decode_text};
pub use model::{Approximation, Hunk, HunkRange, Op, OpKind, SCHEMA_VERSION, Span, TextDiff};
pub use moves::{MAX_BUCKET, MAX_COMPARISONS, MAX_MOVE_TOKENS, Move, MovePlace};
pub use options::{DiffOptions, Granularity, ParseGranularityError};
pub use paragraph_view::{ParagraphChange, ParagraphRow};
pub use paragraphs::is_break as is_paragraph_break;
pub use stats::Stats;
pub use ter::{MAX_CANDIDATES, MAX_SHIFT_DIST, MAX_SHIFT_SIZE, Ter, TerScope, ter};
pub use terms::{MAX_TERM_TOKENS, MAX_TERMS, TermChange};
pub use tokenize::tokenize;

use align::{KeyMode, Limits, RawOp, Seq, Tag};
use model::Side;

/// Inputs at least this large (OLD + NEW bytes) are processed on two threads.
const PARALLEL_BYTES: usize = 256 * 1024;

/// Compares OLD with NEW.
///
/// Never fails and never panics; for a pathological pair the work is bounded and the result is
/// marked approximated. OLD is taken as the hypothesis (machine output) and NEW as the
/// reference (edited revision) for the statistics.
pub fn diff_texts<'a>(old: &'a str, new: &'a str, options: &DiffOptions) -> TextDiff<'a> {
    if old.len() >= tokenize::MAX_TEXT || new.len() >= tokenize::MAX_TEXT {
        return whole_text_diff(old, new, options);
    }
    let plan = Plan::new(old, new, options);
    let (old_toks, new_toks) = plan.tokenize();
    let new_toks: &[tokenize::Tok] = new_toks.as_deref().unwrap_or(&old_toks);
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
    let mut approximations = Vec::new();
    let raw = plan.align(&os, &ns, &mut approximations);
    let (
        Built {
            ops,
            mut stats,
            hunks,
            moves,
            terminology,
            moves_bounded,
        },
        ter_result,
    ) = both(
        plan.parallel && options.ter,
        || plan.build(&os, &ns, &raw),
        || options.ter.then(|| plan.ter(&os, &ns, &raw)),
    );
    let mut ter_work = 0;
    if let Some(t) = ter_result {
        ter_work = t.work;
        if t.fallback_segments > 0 || t.budget_exhausted || t.ter.approximated {
            approximations.push(Approximation::TerBudget {
                fallback_segments: t.fallback_segments,
            });
        }
        stats.ter = Some(t.ter);
        stats.ter_scope = Some(t.scope);
    }
    if moves_bounded {
        approximations.push(Approximation::MoveSearch);
    }
    let paragraphs = options.paragraphs.then(|| {
        let mut budget = ter::Budget::new(options.ter_budget);
        paragraph_view::view(&os, &ns, &raw, &mut budget)
    });
    let identical = ops.iter().all(|o| o.kind == OpKind::Equal);
    TextDiff {
        schema_version: SCHEMA_VERSION,
        granularity: options.granularity,
        ignore_whitespace: options.ignore_whitespace,
        context: options.context,
        identical,
        approximated: !approximations.is_empty(),
        approximations,
        hunks,
        stats,
        moves,
        terminology,
        paragraphs,
        ter_work,
        ops,
        old,
        new,
    }
}

/// What [`Plan::build`] makes.
struct Built<'a> {
    ops: Vec<Op<'a>>,
    stats: Stats,
    hunks: Vec<Hunk<'a>>,
    moves: Vec<Move<'a>>,
    terminology: Vec<TermChange>,
    moves_bounded: bool,
}

/// Runs `here` on this thread and `there` on a second one when `parallel`, else both here, and
/// returns both results. If no thread can be started (or it fails), `there` runs here: the
/// results never depend on it.
fn both<A, B>(parallel: bool, here: impl FnOnce() -> A, there: impl Fn() -> B + Sync) -> (A, B)
where
    B: Send,
{
    if !parallel {
        return (here(), there());
    }
    std::thread::scope(|s| {
        let other = std::thread::Builder::new().spawn_scoped(s, &there);
        let a = here();
        let b = match other.map(|h| h.join()) {
            Ok(Ok(b)) => b,
            _ => there(),
        };
        (a, b)
    })
}

/// What one diff computes, decided once from the inputs and the options.
struct Plan<'a, 'o> {
    old: &'a str,
    new: &'a str,
    options: &'o DiffOptions,
    /// Whitespace tokens take part in the comparison only when whitespace is significant.
    keep_ws: bool,
    line_mode: bool,
    same_bytes: bool,
    /// Large inputs use the second core when there is one: NEW is tokenised while OLD is, and
    /// TER is computed while the ops and hunks are built.
    parallel: bool,
    mode: KeyMode,
}

impl<'a, 'o> Plan<'a, 'o> {
    fn new(old: &'a str, new: &'a str, options: &'o DiffOptions) -> Self {
        let line_mode = options.granularity == Granularity::Line;
        Plan {
            old,
            new,
            options,
            keep_ws: !options.ignore_whitespace && !line_mode,
            line_mode,
            same_bytes: old == new,
            parallel: old.len() + new.len() >= PARALLEL_BYTES,
            mode: if line_mode && options.ignore_whitespace {
                KeyMode::NormalizedLine
            } else {
                KeyMode::Exact
            },
        }
    }

    /// The tokens of OLD, and those of NEW unless NEW is the same text (`None`: use OLD's).
    fn tokenize(&self) -> (Vec<tokenize::Tok>, Option<Vec<tokenize::Tok>>) {
        let run = |text: &str| {
            let mut v = Vec::new();
            tokenize::tokenize_into(text, self.options.granularity, self.keep_ws, &mut v);
            v
        };
        if self.same_bytes {
            return (run(self.old), None);
        }
        let (o, n) = both(self.parallel, || run(self.old), || run(self.new));
        (o, Some(n))
    }

    /// The aligned stretches; bounds that were hit are added to `approximations`.
    fn align(
        &self,
        os: &Seq<'_>,
        ns: &Seq<'_>,
        approximations: &mut Vec<Approximation>,
    ) -> Vec<RawOp> {
        if self.same_bytes {
            let n = os.toks.len();
            return if n == 0 {
                Vec::new()
            } else {
                vec![RawOp {
                    tag: Tag::Equal,
                    old: 0..n,
                    new: 0..n,
                }]
            };
        }
        let limits = Limits {
            max_region_tokens: self.options.max_region_tokens.max(2),
            deadline: self
                .options
                .time_budget
                .and_then(|b| Instant::now().checked_add(b)),
        };
        let aligned = align::align(os, ns, self.mode, limits);
        if aligned.capped_regions > 0 {
            approximations.push(Approximation::RegionTooLarge {
                regions: aligned.capped_regions,
            });
        }
        if aligned.deadline_hit {
            approximations.push(Approximation::TimeBudget);
        }
        aligned.ops
    }

    /// The ops, the statistics (without TER), the hunks, the moves and the terminology.
    fn build(&self, os: &Seq<'_>, ns: &Seq<'_>, raw: &[RawOp]) -> Built<'a> {
        let old_side = Side::new(self.old, os.toks, self.keep_ws);
        let new_side = Side::new(self.new, ns.toks, self.keep_ws);
        let mut ops = model::build_ops(raw, &old_side, &new_side);
        let mut breaks = paragraphs::BreakCounts::default();
        if self.options.ignore_whitespace && !self.line_mode {
            (ops, breaks) = paragraphs::split_breaks(ops, &old_side, &new_side);
        }
        let mut stats = stats::count(
            &ops,
            old_side.count(0..os.toks.len()),
            new_side.count(0..ns.toks.len()),
        );
        stats.whitespace_only_changes = stats::whitespace_only_changes(
            &ops,
            &old_side,
            &new_side,
            self.line_mode,
            self.options.ignore_whitespace,
        );
        stats.paragraph_breaks_added = breaks.added;
        stats.paragraph_breaks_removed = breaks.removed;
        let hunks = model::build_hunks(&ops, &old_side, &new_side, self.options.context);
        let (moves, moves_bounded) = if self.options.moves && !self.line_mode {
            moves::find(&ops, &old_side, &new_side, self.options.min_move_tokens)
        } else {
            (Vec::new(), false)
        };
        Built {
            terminology: terms::repeated(&ops),
            ops,
            stats,
            hunks,
            moves,
            moves_bounded,
        }
    }

    /// TER of OLD against NEW.
    fn ter(&self, os: &Seq<'_>, ns: &Seq<'_>, raw: &[RawOp]) -> ter::DiffTer {
        let side = |seq| ter::TerSide {
            seq,
            has_ws: self.keep_ws,
        };
        let mut budget = ter::Budget::new(self.options.ter_budget);
        ter::ter_for_diff(
            &side(os),
            &side(ns),
            raw,
            ter::TerKey {
                mode: self.mode,
                case_insensitive: self.options.ter_case_insensitive,
            },
            &mut budget,
        )
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
        moves: Vec::new(),
        terminology: Vec::new(),
        paragraphs: None,
        ter_work: 0,
        ops: vec![op],
        old,
        new,
    }
}
