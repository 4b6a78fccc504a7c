//! The statistics block.

use std::io::{self, Write};

use crate::diff::{Move, Stats, TerScope, TextDiff};

use super::{RenderOptions, STYLES, shown};

/// Writes the statistics as a human-readable block, e.g.:
///
/// ```text
/// granularity        auto (whitespace ignored)
/// tokens             old 120, new 125
/// equal              110
/// inserted           8
/// deleted            3
/// substituted        7
/// similarity         0.9020
/// edit rate          0.1440  (18 edits / 125 new tokens)
/// TER                0.1200  (15 edits: 3 ins, 2 del, 8 sub, 2 shifts / 125; document)
/// whitespace-only    4  (not shown)
/// paragraph breaks   1 added, 0 removed
/// moved              1 sentence moved, 26 tokens
/// terminology        Rednote → RedNote  ×5
///                    sigh wall → Wall of Sighs  ×3
/// ```
///
/// The paragraph-break, move and terminology lines appear only when there is something to say.
pub fn render_stats(
    diff: &TextDiff<'_>,
    _opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let s = diff.stats();
    let ws = if diff.ignores_whitespace() {
        " (whitespace ignored)"
    } else {
        ""
    };
    line(
        out,
        "granularity",
        format_args!("{}{ws}", diff.granularity()),
    )?;
    line(
        out,
        "tokens",
        format_args!("old {}, new {}", s.old_tokens, s.new_tokens),
    )?;
    for (name, v) in [
        ("equal", s.equal),
        ("inserted", s.inserted),
        ("deleted", s.deleted),
        ("substituted", s.substituted),
    ] {
        line(out, name, format_args!("{v}"))?;
    }
    line(out, "similarity", format_args!("{:.4}", s.similarity))?;
    line(
        out,
        "edit rate",
        format_args!(
            "{:.4}  ({} edits / {} new tokens)",
            s.edit_rate,
            s.edits(),
            s.new_tokens
        ),
    )?;
    ter_line(s, out)?;
    let hidden = diff.ignores_whitespace() && s.whitespace_only_changes > 0;
    line(
        out,
        "whitespace-only",
        format_args!(
            "{}{}",
            s.whitespace_only_changes,
            if hidden { "  (not shown)" } else { "" }
        ),
    )?;
    let (added, removed) = (s.paragraph_breaks_added, s.paragraph_breaks_removed);
    if added + removed > 0 {
        line(
            out,
            "paragraph breaks",
            format_args!("{added} added, {removed} removed"),
        )?;
    }
    if !diff.moves().is_empty() {
        line(
            out,
            "moved",
            format_args!("{}", moves_summary(diff.moves())),
        )?;
    }
    for (i, t) in diff.terminology().iter().enumerate() {
        let name = if i == 0 { "terminology" } else { "" };
        line(
            out,
            name,
            format_args!("{} → {}  ×{}", shown(&t.old), shown(&t.new), t.count),
        )?;
    }
    for a in diff.approximations() {
        line(out, "approximated", format_args!("{a}"))?;
    }
    Ok(())
}

/// "1 sentence moved, 26 tokens", "2 sentences and 1 passage moved, 40 tokens".
pub(crate) fn moves_summary(moves: &[Move<'_>]) -> String {
    let sentences = moves.iter().filter(|m| m.sentence).count();
    let passages = moves.len() - sentences;
    let tokens: usize = moves.iter().map(|m| m.tokens).sum();
    let count = |n: usize, noun: &str| format!("{n} {noun}{}", if n == 1 { "" } else { "s" });
    let what = match (sentences, passages) {
        (s, 0) => count(s, "sentence"),
        (0, p) => count(p, "passage"),
        (s, p) => format!("{} and {}", count(s, "sentence"), count(p, "passage")),
    };
    format!("{what} moved, {}", count(tokens, "token"))
}

/// The TER line, when TER was computed.
fn ter_line(s: &Stats, out: &mut dyn Write) -> io::Result<()> {
    let Some(t) = &s.ter else {
        return Ok(());
    };
    let scope = match s.ter_scope {
        Some(TerScope::Document) => "document",
        Some(TerScope::Segments) => "summed over segments",
        _ => "",
    };
    line(
        out,
        "TER",
        format_args!(
            "{:.4}  ({} edits: {} ins, {} del, {} sub, {} shifts / {}; {}{})",
            t.score(),
            t.edits(),
            t.insertions,
            t.deletions,
            t.substitutions,
            t.shifts,
            t.reference_tokens,
            scope,
            if t.approximated { "; approximated" } else { "" }
        ),
    )
}

/// One labelled line: the label in the header style, padded to 18 columns.
pub(super) fn line(
    out: &mut dyn Write,
    name: &str,
    value: std::fmt::Arguments<'_>,
) -> io::Result<()> {
    let style = STYLES.header;
    writeln!(
        out,
        "{}{:<18}{} {value}",
        style.render(),
        name,
        style.render_reset()
    )
}
