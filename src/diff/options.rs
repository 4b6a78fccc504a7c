//! The options of a diff: the unit of comparison and the work bounds.

use std::time::Duration;

use serde::Serialize;

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

/// Options of [`super::diff_texts`], set with a builder:
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
    pub(crate) granularity: Granularity,
    pub(crate) context: usize,
    pub(crate) ignore_whitespace: bool,
    pub(crate) time_budget: Option<Duration>,
    pub(crate) max_region_tokens: usize,
    pub(crate) ter: bool,
    pub(crate) ter_case_insensitive: bool,
    pub(crate) ter_budget: u64,
    pub(crate) moves: bool,
    pub(crate) min_move_tokens: usize,
    pub(crate) paragraphs: bool,
}

impl Default for DiffOptions {
    fn default() -> Self {
        Self::new()
    }
}

impl DiffOptions {
    /// The defaults: auto granularity, 3 lines of context, whitespace ignored, no time budget,
    /// changed regions of up to 10 000 tokens aligned token by token, case-sensitive TER computed,
    /// moves of 5 tokens or more (or whole sentences) detected.
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
            moves: true,
            min_move_tokens: 5,
            paragraphs: false,
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
    /// [`super::Stats::whitespace_only_changes`]). In line mode this compares lines with whitespace
    /// normalised; without it lines must match byte for byte (CRLF ≠ LF). Default: `true`.
    pub const fn ignore_whitespace(mut self, ignore: bool) -> Self {
        self.ignore_whitespace = ignore;
        self
    }

    /// Wall-clock budget for the alignment. When it runs out, the remaining changed regions are
    /// shown as whole replacements and the diff is marked approximated
    /// ([`super::Approximation::TimeBudget`]); the result then depends on the machine's speed.
    /// Default: `None` (only the deterministic bounds apply).
    pub const fn time_budget(mut self, budget: Option<Duration>) -> Self {
        self.time_budget = budget;
        self
    }

    /// Largest changed region (OLD plus NEW tokens) aligned token by token; a larger one is
    /// shown as one replacement ([`super::Approximation::RegionTooLarge`]). Only stretches where no
    /// block of about sixteen tokens is shared reach this size (rewritten or reordered text);
    /// aligning them costs time quadratic in their size. Default: 10 000.
    pub const fn max_region_tokens(mut self, tokens: usize) -> Self {
        self.max_region_tokens = tokens;
        self
    }

    /// Whether TER (with shifts) is computed for [`super::Stats::ter`]. Default: `true`.
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
    /// diff's own edits ([`super::Approximation::TerBudget`]). Default: 100 000 000.
    pub const fn ter_budget(mut self, cells: u64) -> Self {
        self.ter_budget = cells;
        self
    }

    /// Whether moved blocks are detected ([`super::TextDiff::moves`]). Default: `true`.
    pub const fn moves(mut self, detect: bool) -> Self {
        self.moves = detect;
        self
    }

    /// Shortest run of tokens reported as a move unless it is a whole sentence (at least 2).
    /// Default: 5.
    pub const fn min_move_tokens(mut self, tokens: usize) -> Self {
        self.min_move_tokens = tokens;
        self
    }

    /// Whether the paragraph view is computed ([`super::TextDiff::paragraphs`]): edit rate and
    /// HTER per group of aligned paragraphs. Default: `false`.
    pub const fn paragraphs(mut self, compute: bool) -> Self {
        self.paragraphs = compute;
        self
    }
}
