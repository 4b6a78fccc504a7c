//! Every human-readable rendering of a [`crate::diff::TextDiff`]: the unified and side-by-side
//! views, the statistics, the records of both revisions, and the JSON document.
//!
//! May use [`crate::diff`] (the model it renders), [`crate::review`] (the records compared
//! beside the texts) and the one sanitizer [`crate::render::printable`], through which every
//! piece of document text and every label passes before it is written. Like the rest of the
//! render layer these renderers always emit `anstyle` styles; whoever writes the output to a
//! terminal strips them where colour is off (the binary does, through `anstream`; a library
//! user can call `anstream::adapter::strip_str`). Without colour, changes are marked
//! `[-deleted-]` and `{+inserted+}` so that they survive the stripping.

mod html;
mod paragraphs;
mod records;
mod side;
mod stats;
mod unified;

#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use crate::diff::{Move, Op, OpKind, TextDiff};
use crate::render::printable;

pub use html::{HtmlParts, render_html};
pub use paragraphs::render_paragraphs;
pub use records::render_records;
pub use side::render_side_by_side;
pub use stats::render_stats;
pub use unified::render_unified;

/// Options of the renderers, set with a builder:
///
/// ```
/// use tprov::render::diff::RenderOptions;
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

    /// Whether the output is for a reader who sees colour: changes are then marked by their
    /// style alone (deletions red and struck through, insertions green and underlined). Without
    /// it changes are also marked `[-deleted-]` and `{+inserted+}`, as in `wdiff` and `git diff
    /// --word-diff=plain`, so that they stay visible once the styles are stripped. Styles are
    /// emitted either way (see the module documentation). The caller decides (terminal
    /// detection is not the library's job). Default: `false`.
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
    /// A moved block, at its old and its new place.
    pub moved: Style,
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
    moved: Style::new()
        .fg_color(Some(anstyle::Color::Ansi(AnsiColor::Magenta)))
        .bold()
        .italic(),
};

/// `text` as it may be shown: every stretch between line breaks and tabs passes through the
/// one sanitizer, [`printable`] (which escapes C0/C1 controls, DEL and the bidirectional
/// controls); line feeds, CR LF pairs and tabs are kept, since they lay the text out.
pub(crate) fn shown(text: &str) -> Cow<'_, str> {
    let mut out: Option<String> = None;
    let mut pos = 0;
    for piece in text.split_inclusive(['\n', '\t']) {
        let (core, layout) = layout_split(piece);
        match (&mut out, printable(core)) {
            (None, Cow::Borrowed(_)) => {}
            (None, Cow::Owned(safe)) => {
                let mut o = String::with_capacity(text.len() + 16);
                o.push_str(&text[..pos]);
                o.push_str(&safe);
                o.push_str(layout);
                out = Some(o);
            }
            (Some(o), safe) => {
                o.push_str(&safe);
                o.push_str(layout);
            }
        }
        pos += piece.len();
    }
    out.map_or(Cow::Borrowed(text), Cow::Owned)
}

/// A piece ending in a layout character: the text before it, and the layout (`\r\n`, `\n`,
/// `\t` or nothing).
fn layout_split(piece: &str) -> (&str, &str) {
    for end in ["\r\n", "\n", "\t"] {
        if let Some(core) = piece.strip_suffix(end) {
            return (core, end);
        }
    }
    (piece, "")
}

/// The moved blocks of a diff, on each side in text order, to find those within a change.
pub(crate) struct Moves<'d, 'a> {
    old: Vec<&'d Move<'a>>,
    new: Vec<&'d Move<'a>>,
}

impl<'d, 'a> Moves<'d, 'a> {
    pub(crate) fn new(diff: &'d TextDiff<'a>) -> Self {
        let mut old: Vec<&Move<'a>> = diff.moves().iter().collect();
        old.sort_by_key(|m| m.old.byte_start);
        Moves {
            old,
            new: diff.moves().iter().collect(),
        }
    }

    /// Cuts `text`, which starts at byte `offset` of NEW (`in_new`) or OLD, into pieces that are
    /// or are not part of a moved block.
    pub(crate) fn pieces<'t>(
        &self,
        in_new: bool,
        offset: usize,
        text: &'t str,
    ) -> Vec<(&'t str, Option<&'d Move<'a>>)> {
        let (list, place) = if in_new {
            (
                &self.new,
                (|m: &Move<'_>| m.new.byte_start..m.new.byte_end) as fn(&Move<'_>) -> _,
            )
        } else {
            (
                &self.old,
                (|m: &Move<'_>| m.old.byte_start..m.old.byte_end) as fn(&Move<'_>) -> _,
            )
        };
        let end = offset + text.len();
        let mut i = list.partition_point(|m| place(m).end <= offset);
        let (mut pos, mut out) = (offset, Vec::new());
        let mut piece = |a: usize, b: usize, m| {
            if let Some(t) = text.get(a - offset..b - offset).filter(|t| !t.is_empty()) {
                out.push((t, m));
            }
        };
        while let Some(m) = list.get(i).filter(|m| place(m).start < end) {
            let r = place(m);
            let (s, e) = (r.start.max(pos), r.end.min(end));
            if s > pos {
                piece(pos, s, None);
            }
            if e > s {
                piece(s, e, Some(*m));
            }
            pos = pos.max(e);
            i += 1;
        }
        piece(pos, end, None);
        out
    }
}

/// What is said about a move where it is shown: at its old place "moved to ¶9", at its new
/// place "moved from ¶6 to ¶9" (paragraphs 1-based).
pub(crate) fn move_label(m: &Move<'_>, at_old_place: bool) -> String {
    let to = m.new.paragraph + 1;
    if at_old_place {
        format!("moved to ¶{to}")
    } else {
        format!("moved from ¶{} to ¶{to}", m.old.paragraph + 1)
    }
}

/// A paragraph break added (`Some(true)`) or removed (`Some(false)`) by this op.
pub(crate) fn paragraph_break(op: &Op<'_>) -> Option<bool> {
    if op.kind == OpKind::Equal || op.old.tokens() + op.new.tokens() > 0 {
        return None;
    }
    let (was, is) = (
        crate::diff::is_paragraph_break(op.old.text),
        crate::diff::is_paragraph_break(op.new.text),
    );
    (was != is).then_some(is)
}

/// The closing `\\` notes of the unified and side-by-side views: whitespace-only changes not
/// shown, and the work bounds that were hit.
pub(crate) fn notes(diff: &TextDiff<'_>, out: &mut dyn Write) -> io::Result<()> {
    let n = diff.stats().whitespace_only_changes;
    if diff.ignores_whitespace() && n > 0 {
        let s = if n == 1 { "" } else { "s" };
        let note = format!("\\ {n} whitespace-only change{s} not shown");
        write_styled(out, STYLES.note, &note)?;
        out.write_all(b"\n")?;
    }
    for a in diff.approximations() {
        write_styled(out, STYLES.note, &format!("\\ approximated: {a}"))?;
        out.write_all(b"\n")?;
    }
    Ok(())
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

#[cfg(test)]
mod unit_tests {
    use super::*;

    #[test]
    fn controls_are_escaped_by_the_one_sanitizer() {
        assert_eq!(shown("a\tb\r\nc\n"), "a\tb\r\nc\n");
        assert!(matches!(shown("plain\ttext\n"), Cow::Borrowed(_)));
        assert_eq!(
            shown("x\x1b[31my\rz\u{85}\n\u{202E}w"),
            "x\\u{1b}[31my\\u{d}z\\u{85}\n\\u{202e}w"
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
