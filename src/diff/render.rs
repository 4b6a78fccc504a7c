//! Render options, helpers shared by the renderers, and the JSON and statistics renderers.

use std::borrow::Cow;
use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use super::model::TextDiff;
use super::ter::TerScope;

/// Options of the renderers, set with a builder:
///
/// ```
/// use tprov::diff::RenderOptions;
/// let options = RenderOptions::new().color(true).width(120).labels("mt.txt", "post-edit.txt");
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenderOptions {
    pub(crate) color: bool,
    pub(crate) width: usize,
    pub(crate) wrap: bool,
    pub(crate) old_label: String,
    pub(crate) new_label: String,
}

impl Default for RenderOptions {
    fn default() -> Self {
        Self::new()
    }
}

impl RenderOptions {
    /// The defaults: no colour, 100 columns, long lines wrapped, labels `old` and `new`.
    pub fn new() -> Self {
        RenderOptions {
            color: false,
            width: 100,
            wrap: true,
            old_label: "old".to_owned(),
            new_label: "new".to_owned(),
        }
    }

    /// Whether to emit ANSI colours (deletions red, insertions green). Without colour, changes
    /// are marked `[-deleted-]` and `{+inserted+}` as in `wdiff` and `git diff
    /// --word-diff=plain`. The caller decides (terminal detection is not the library's job).
    /// Default: `false`.
    pub fn color(mut self, color: bool) -> Self {
        self.color = color;
        self
    }

    /// Total width in terminal columns of the side-by-side view (East Asian wide characters
    /// count two). Default: 100.
    pub fn width(mut self, columns: usize) -> Self {
        self.width = columns;
        self
    }

    /// Whether the side-by-side view wraps lines longer than a column (`true`) or truncates them
    /// with `…` (`false`). Never splits a character. Default: `true`.
    pub fn wrap(mut self, wrap: bool) -> Self {
        self.wrap = wrap;
        self
    }

    /// Names of OLD and NEW in the headers. Default: `old` and `new`.
    pub fn labels(mut self, old: impl Into<String>, new: impl Into<String>) -> Self {
        self.old_label = old.into();
        self.new_label = new.into();
        self
    }
}

/// Styles of the coloured output.
pub(crate) struct Styles {
    pub del: Style,
    pub ins: Style,
    /// Deleted/inserted whitespace: a background, since a foreground colour would not show.
    pub del_ws: Style,
    pub ins_ws: Style,
    pub header: Style,
    pub hunk: Style,
    pub note: Style,
}

pub(crate) const STYLES: Styles = Styles {
    del: Style::new()
        .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Red)))
        .bold()
        .strikethrough(),
    ins: Style::new()
        .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Green)))
        .bold()
        .underline(),
    del_ws: Style::new().bg_color(Some(anstyle::Color::Ansi(AnsiColor::Red))),
    ins_ws: Style::new().bg_color(Some(anstyle::Color::Ansi(AnsiColor::Green))),
    header: Style::new().bold(),
    hunk: Style::new().fg_color(Some(anstyle::Color::Ansi(AnsiColor::Cyan))),
    note: Style::new().dimmed(),
};

/// Replaces characters that would act on the terminal instead of being shown — C0/C1 controls
/// other than tab and line feed, a carriage return not followed by a line feed, DEL — with
/// U+FFFD, so that an input cannot send escape sequences to whoever reads the diff.
pub(crate) fn sanitize(text: &str) -> Cow<'_, str> {
    let bad = |c: char, next: Option<char>| match c {
        '\t' | '\n' => false,
        '\r' => next != Some('\n'),
        c => c.is_control(),
    };
    let mut it = text.chars().peekable();
    let mut clean = true;
    while let Some(c) = it.next() {
        if bad(c, it.peek().copied()) {
            clean = false;
            break;
        }
    }
    if clean {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut it = text.chars().peekable();
    while let Some(c) = it.next() {
        out.push(if bad(c, it.peek().copied()) {
            '\u{FFFD}'
        } else {
            c
        });
    }
    Cow::Owned(out)
}

/// Splits `text` into leading whitespace, core, trailing whitespace.
pub(crate) fn split_ws(text: &str) -> (&str, &str, &str) {
    let core_start = text.len() - text.trim_start().len();
    let rest = &text[core_start..];
    let core = rest.trim_end();
    (&text[..core_start], core, &rest[core.len()..])
}

/// Writes `text` in `style`, closing the style before every line break so that each output
/// line stands alone (pagers, `grep`).
pub(crate) fn write_styled(out: &mut dyn Write, style: Style, text: &str) -> io::Result<()> {
    if style.is_plain() {
        return out.write_all(text.as_bytes());
    }
    let mut first = true;
    for piece in text.split('\n') {
        if !first {
            out.write_all(b"\n")?;
        }
        first = false;
        if !piece.is_empty() {
            write!(out, "{}{}{}", style.render(), piece, style.render_reset())?;
        }
    }
    Ok(())
}

/// Writes the diff as its JSON document (see [`TextDiff`] for the schema), pretty-printed, with
/// a final line feed.
pub fn render_json(diff: &TextDiff<'_>, out: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, diff).map_err(io::Error::other)?;
    out.write_all(b"\n")
}

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
/// ```
pub fn render_stats(
    diff: &TextDiff<'_>,
    opts: &super::RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let s = diff.stats();
    let label = |out: &mut dyn Write, name: &str| -> io::Result<()> {
        let style = if opts.color {
            STYLES.header
        } else {
            Style::new()
        };
        write!(
            out,
            "{}{:<18}{} ",
            style.render(),
            name,
            style.render_reset()
        )
    };
    label(out, "granularity")?;
    writeln!(
        out,
        "{}{}",
        diff.granularity(),
        if diff.ignores_whitespace() {
            " (whitespace ignored)"
        } else {
            ""
        }
    )?;
    label(out, "tokens")?;
    writeln!(out, "old {}, new {}", s.old_tokens, s.new_tokens)?;
    for (name, v) in [
        ("equal", s.equal),
        ("inserted", s.inserted),
        ("deleted", s.deleted),
        ("substituted", s.substituted),
    ] {
        label(out, name)?;
        writeln!(out, "{v}")?;
    }
    label(out, "similarity")?;
    writeln!(out, "{:.4}", s.similarity)?;
    label(out, "edit rate")?;
    writeln!(
        out,
        "{:.4}  ({} edits / {} new tokens)",
        s.edit_rate,
        s.edits(),
        s.new_tokens
    )?;
    if let Some(t) = &s.ter {
        label(out, "TER")?;
        let scope = match s.ter_scope {
            Some(TerScope::Document) => "document",
            Some(TerScope::Segments) => "summed over segments",
            None => "",
        };
        writeln!(
            out,
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
        )?;
    }
    label(out, "whitespace-only")?;
    writeln!(
        out,
        "{}{}",
        s.whitespace_only_changes,
        if diff.ignores_whitespace() && s.whitespace_only_changes > 0 {
            "  (not shown)"
        } else {
            ""
        }
    )?;
    for a in diff.approximations() {
        label(out, "approximated")?;
        writeln!(out, "{a}")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sanitizes_controls() {
        assert_eq!(sanitize("a\tb\r\nc"), "a\tb\r\nc");
        assert!(matches!(sanitize("plain"), Cow::Borrowed(_)));
        assert_eq!(
            sanitize("x\x1b[31my\rz\u{85}"),
            "x\u{FFFD}[31my\u{FFFD}z\u{FFFD}"
        );
    }

    #[test]
    fn splits_whitespace() {
        assert_eq!(split_ws("  ab c \n"), ("  ", "ab c", " \n"));
        assert_eq!(split_ws(" \n "), (" \n ", "", ""));
        assert_eq!(split_ws(""), ("", "", ""));
    }

    #[test]
    fn styled_lines_stand_alone() {
        let mut v = Vec::new();
        write_styled(&mut v, STYLES.ins, "a\nb").unwrap();
        let s = String::from_utf8(v).unwrap();
        assert_eq!(s.matches('\n').count(), 1);
        assert!(s.split('\n').all(|l| l.ends_with("\x1b[0m")));
    }
}
