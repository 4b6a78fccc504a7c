//! The unified view: hunks with `@@` headers and changes marked inline.

use std::io::{self, Write};

use anstyle::Style;

use crate::diff::{Granularity, Hunk, HunkRange, OpKind, TextDiff};

use super::{
    Moves, RenderOptions, STYLES, move_label, paragraph_break, shown, split_ws, write_styled,
};

/// Writes the unified view of `diff`.
///
/// ```text
/// --- old
/// +++ new
/// @@ -3,2 +3,2 @@ tokens -41,17 +41,18
/// The cat sat [-on-]{+upon+} the mat,
/// and {+then+} slept.
/// \ 2 whitespace-only changes not shown
/// ```
///
/// The header gives 1-based `start,count` line ranges as in `diff -u`, then (word, char and
/// auto granularity) the same for content tokens. In word, char and auto granularity the body is
/// NEW's text with deletions and insertions inline — `[-…-]` and `{+…+}` without colour, red and
/// green with it — and whitespace follows NEW (whitespace around a change is written outside
/// the markers). In line granularity the body is the classic ` `/`-`/`+` lines; with colour the
/// changed words of a replaced line are highlighted. When whitespace is ignored and some
/// whitespace-only changes were not shown, a final `\` line says how many; a diff that hit a
/// work bound says so in `\` lines too. Identical texts produce no output (or only those notes).
/// Control characters that would act on a terminal, and bidirectional controls, are shown
/// escaped (`\u{1b}`) by the one sanitizer, [`crate::render::printable`].
pub fn render_unified(
    diff: &TextDiff<'_>,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    if !diff.hunks().is_empty() {
        write_styled(
            out,
            STYLES.header,
            // Labels are file names: a line break in one must not start a line of its own.
            &format!(
                "--- {}\n+++ {}\n",
                crate::render::printable(&opts.old_label),
                crate::render::printable(&opts.new_label)
            ),
        )?;
    }
    let line_mode = diff.granularity() == Granularity::Line;
    for hunk in diff.hunks() {
        let mut header = format!(
            "@@ -{} +{} @@",
            range(&hunk.old_range, true),
            range(&hunk.new_range, true)
        );
        if !line_mode {
            header.push_str(&format!(
                " tokens -{} +{}",
                range(&hunk.old_range, false),
                range(&hunk.new_range, false)
            ));
        }
        write_styled(out, STYLES.hunk, &header)?;
        out.write_all(b"\n")?;
        if line_mode {
            line_body(diff, hunk, opts, out)?;
        } else {
            token_body(diff, hunk, opts, out)?;
        }
    }
    super::notes(diff, out)
}

/// `start,count`, 1-based, in lines or tokens; for an empty range `start` is the line (token)
/// before it, as in `diff -u`.
fn range(r: &HunkRange, lines: bool) -> String {
    let (s, e) = if lines {
        (r.line_start, r.line_end)
    } else {
        (r.token_start, r.token_end)
    };
    let count = e - s;
    if count == 0 {
        format!("{s},0")
    } else {
        format!("{},{count}", s + 1)
    }
}

fn token_body(
    diff: &TextDiff<'_>,
    hunk: &Hunk<'_>,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let ignore_ws = diff.ignores_whitespace();
    let moves = Moves::new(diff);
    let mut w = Body {
        out,
        color: opts.color,
        last: b'\n',
        moves: &moves,
    };
    // Whitespace around a change goes outside the markers when whitespace is ignored; when it is
    // significant it is part of what changed.
    let parts = |t| if ignore_ws { split_ws(t) } else { ("", t, "") };
    for (i, op) in hunk.ops.iter().enumerate() {
        let next_is_deletion = hunk
            .ops
            .get(i + 1)
            .is_some_and(|n| n.kind == OpKind::Delete);
        let (o, n) = (op.old.byte_start, op.new.byte_start);
        match op.kind {
            // Before a deletion, OLD's whitespace is shown (NEW has no text there, and its gap
            // would put the deleted words in the wrong place, e.g. `platform[-in Beijing-].`).
            OpKind::Equal if ignore_ws && next_is_deletion => {
                let (_, _, old_trail) = split_ws(op.old.text);
                let new_text = op.new.text;
                w.plain(&shown(new_text.trim_end()))?;
                w.plain(&shown(old_trail))?;
            }
            OpKind::Equal => w.plain(&shown(op.new.text))?,
            _ if paragraph_break(op).is_some() => {
                w.change(paragraph_break(op) == Some(false), "¶")?;
                w.plain(&shown(op.new.text))?;
            }
            OpKind::Insert => {
                let (lead, core, trail) = parts(op.new.text);
                w.plain(&shown(lead))?;
                w.change_at(false, core, n + lead.len())?;
                w.plain(&shown(trail))?;
            }
            OpKind::Delete => {
                let (lead, core, trail) = parts(op.old.text);
                w.change_at(true, core, o + lead.len())?;
                w.plain(&shown(trail))?;
            }
            OpKind::Replace => {
                let (olead, ocore, _) = parts(op.old.text);
                let (lead, ncore, trail) = parts(op.new.text);
                w.plain(&shown(lead))?;
                w.change_at(true, ocore, o + olead.len())?;
                w.change_at(false, ncore, n + lead.len())?;
                w.plain(&shown(trail))?;
            }
        }
    }
    if w.last != b'\n' {
        w.out.write_all(b"\n")?;
    }
    Ok(())
}

/// Writes a hunk body, remembering the last byte written.
struct Body<'o, 'm> {
    out: &'o mut dyn Write,
    color: bool,
    last: u8,
    moves: &'m Moves<'m, 'm>,
}

impl Body<'_, '_> {
    /// A change at byte `offset` of OLD (`deleted`) or NEW, with the parts that belong to a
    /// moved block marked as moves.
    fn change_at(&mut self, deleted: bool, text: &str, offset: usize) -> io::Result<()> {
        let pieces = self.moves.pieces(!deleted, offset, text);
        let beside_move = pieces.len() > 1;
        for (piece, m) in pieces {
            match m {
                None if !beside_move => self.change(deleted, &shown(piece))?,
                None => {
                    // Whitespace between a move and the rest of the change is not a change.
                    let (lead, core, trail) = split_ws(piece);
                    self.plain(&shown(lead))?;
                    self.change(deleted, &shown(core))?;
                    self.plain(&shown(trail))?;
                }
                Some(m) => self.moved(deleted, &shown(piece), &move_label(m, deleted))?,
            }
        }
        Ok(())
    }

    /// A moved block at its old (`deleted`) or new place: `[~…~]` or `{~…~}` without colour,
    /// then the label, e.g. `(moved from ¶6 to ¶9)`.
    fn moved(&mut self, deleted: bool, text: &str, label: &str) -> io::Result<()> {
        if text.trim().is_empty() {
            return self.change(deleted, text);
        }
        if self.color {
            write_styled(self.out, STYLES.moved, text)?;
        } else {
            let (open, close) = if deleted { ("[~", "~]") } else { ("{~", "~}") };
            write!(self.out, "{open}{text}{close}")?;
        }
        write_styled(self.out, STYLES.note, &format!("({label})"))?;
        self.last = b')';
        Ok(())
    }

    fn plain(&mut self, text: &str) -> io::Result<()> {
        if let Some(&b) = text.as_bytes().last() {
            self.last = b;
        }
        self.out.write_all(text.as_bytes())
    }

    fn change(&mut self, deleted: bool, text: &str) -> io::Result<()> {
        if text.is_empty() {
            return Ok(());
        }
        if self.color {
            let ws = text.trim().is_empty();
            let style = match (deleted, ws) {
                (true, false) => STYLES.del,
                (true, true) => STYLES.del_ws,
                (false, false) => STYLES.ins,
                (false, true) => STYLES.ins_ws,
            };
            write_styled(self.out, style, text)?;
        } else {
            let (open, close) = if deleted { ("[-", "-]") } else { ("{+", "+}") };
            write!(self.out, "{open}{text}{close}")?;
        }
        self.last = b']';
        Ok(())
    }
}

fn line_body(
    diff: &TextDiff<'_>,
    hunk: &Hunk<'_>,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let end_old = diff.old_text().len();
    let end_new = diff.new_text().len();
    for op in &hunk.ops {
        match op.kind {
            OpKind::Equal => lines(
                out,
                ' ',
                op.new.text,
                op.new.byte_end == end_new,
                Style::new(),
                &[],
            )?,
            OpKind::Delete => lines(
                out,
                '-',
                op.old.text,
                op.old.byte_end == end_old,
                del_line(opts),
                &[],
            )?,
            OpKind::Insert => lines(
                out,
                '+',
                op.new.text,
                op.new.byte_end == end_new,
                ins_line(opts),
                &[],
            )?,
            OpKind::Replace => {
                let ol: Vec<&str> = op.old.text.split_inclusive('\n').collect();
                let nl: Vec<&str> = op.new.text.split_inclusive('\n').collect();
                // With colour, lines replaced one for one get their changed words emphasised.
                let emph = opts.color && ol.len() == nl.len();
                let (mut oe, mut ne) = (Vec::new(), Vec::new());
                if emph {
                    for (a, b) in ol.iter().zip(&nl) {
                        let (x, y) = word_emphasis(a, b);
                        oe.push(x);
                        ne.push(y);
                    }
                }
                lines(
                    out,
                    '-',
                    op.old.text,
                    op.old.byte_end == end_old,
                    del_line(opts),
                    &oe,
                )?;
                lines(
                    out,
                    '+',
                    op.new.text,
                    op.new.byte_end == end_new,
                    ins_line(opts),
                    &ne,
                )?;
            }
        }
    }
    Ok(())
}

fn del_line(_opts: &RenderOptions) -> Style {
    Style::new().fg_color(STYLES.del.get_fg_color())
}

fn ins_line(_opts: &RenderOptions) -> Style {
    Style::new().fg_color(STYLES.ins.get_fg_color())
}

/// Byte ranges (within each line) of the words that differ between two lines.
type Emphasis = Vec<std::ops::Range<usize>>;

fn word_emphasis(a: &str, b: &str) -> (Emphasis, Emphasis) {
    let ta = crate::diff::tokenize(a, Granularity::Auto);
    let tb = crate::diff::tokenize(b, Granularity::Auto);
    let offs = |line: &str, toks: &[&str]| -> Vec<usize> {
        toks.iter()
            .map(|t| t.as_ptr() as usize - line.as_ptr() as usize)
            .collect()
    };
    let (oa, ob) = (offs(a, &ta), offs(b, &tb));
    let mut ea = Vec::new();
    let mut eb = Vec::new();
    for op in similar::capture_diff_slices(similar::Algorithm::Myers, &ta, &tb) {
        if op.tag() == similar::DiffTag::Equal {
            continue;
        }
        for i in op.old_range() {
            ea.push(oa[i]..oa[i] + ta[i].len());
        }
        for i in op.new_range() {
            eb.push(ob[i]..ob[i] + tb[i].len());
        }
    }
    (ea, eb)
}

/// Writes the lines of `text` with a one-character prefix, without their terminators, adding
/// `\ No newline at end of file` after a last line that has none.
fn lines(
    out: &mut dyn Write,
    prefix: char,
    text: &str,
    at_end: bool,
    style: Style,
    emphasis: &[Emphasis],
) -> io::Result<()> {
    for (i, line) in text.split_inclusive('\n').enumerate() {
        let body = line
            .strip_suffix('\n')
            .map_or(line, |l| l.strip_suffix('\r').unwrap_or(l));
        let mut buf = String::with_capacity(body.len() + 1);
        buf.push(prefix);
        match emphasis.get(i) {
            Some(ranges) if !ranges.is_empty() => {
                let strong = style.bold().underline();
                write_styled(out, style, &buf)?;
                let mut pos = 0;
                for r in ranges {
                    let (s, e) = (r.start.min(body.len()), r.end.min(body.len()));
                    if s < pos || body.get(pos..s).is_none() || body.get(s..e).is_none() {
                        continue;
                    }
                    write_styled(out, style, &shown(&body[pos..s]))?;
                    write_styled(out, strong, &shown(&body[s..e]))?;
                    pos = e;
                }
                write_styled(out, style, &shown(body.get(pos..).unwrap_or("")))?;
            }
            _ => {
                buf.push_str(&shown(body));
                write_styled(out, style, &buf)?;
            }
        }
        out.write_all(b"\n")?;
        if at_end && !line.ends_with('\n') {
            out.write_all(b"\\ No newline at end of file\n")?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_like_diff_u() {
        let r = |ls, le| HunkRange {
            line_start: ls,
            line_end: le,
            token_start: 0,
            token_end: 0,
            byte_start: 0,
            byte_end: 0,
        };
        assert_eq!(range(&r(0, 3), true), "1,3");
        assert_eq!(range(&r(4, 4), true), "4,0");
        assert_eq!(range(&r(0, 0), false), "0,0");
    }

    #[test]
    fn deletions_keep_old_spacing() {
        let d = crate::diff::diff_texts(
            "It was released on Monday in Beijing.\n",
            "It was released.\n",
            &crate::diff::DiffOptions::new(),
        );
        let mut v = Vec::new();
        render_unified(&d, &RenderOptions::new(), &mut v).unwrap();
        let s = String::from_utf8(v).unwrap();
        let s = anstream::adapter::strip_str(&s).to_string();
        assert!(
            s.contains("It was released [-on Monday in Beijing-].\n"),
            "{s}"
        );
    }
}
