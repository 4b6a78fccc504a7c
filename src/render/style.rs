//! The one colour strategy: renderers write `anstyle` styles as ANSI sequences into their
//! output, always; the binary's `anstream` stream strips them when colour is off (`--color`,
//! `NO_COLOR`, `TERM=dumb`, not a terminal). So one renderer serves terminals, pipes and tests,
//! and no renderer ever decides whether to colour.
//!
//! Every style tprov uses is named here, by meaning rather than by colour.

use anstyle::{AnsiColor, Style};

/// Success: verified, passed.
pub const GOOD: Style = AnsiColor::Green.on_default().bold();
/// Failure: not verified, failed, revoked; and the not-verified banner of `inspect`.
pub const BAD: Style = AnsiColor::Red.on_default().bold();
/// Something expected is missing (a batch item without its envelope or document).
pub const MISSING: Style = AnsiColor::Yellow.on_default().bold();
/// Less important: a skipped check.
pub const DIM: Style = Style::new().dimmed();
/// Headings and field labels.
pub const HEAD: Style = Style::new().bold();
