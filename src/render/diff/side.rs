//! The side-by-side view: OLD on the left, NEW on the right, fitted to a terminal width.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::io::{self, Write};

use unicode_segmentation::UnicodeSegmentation;
use unicode_width::UnicodeWidthStr;

use crate::diff::{Granularity, Hunk, OpKind, TextDiff};
use crate::render::printable;

use super::{Moves, RenderOptions, STYLES, move_label, paragraph_break, split_ws, write_styled};

/// Writes the side-by-side view of `diff`, fitted to [`RenderOptions::width`] columns.
///
/// Each row shows an OLD line number and line, a marker, and a NEW line number and line:
///
/// ```text
///    old                                           new
/// @@ -1,2 +1,2 @@
///  1 The cat sat [-on-] the mat.                |  1 The cat sat {+upon+} the mat.
///  2 It was happy.                                 2 It was happy.
/// ```
///
/// The marker is `|` for a changed row, `<` for a row only in OLD, `>` for a row only in NEW
/// and a space otherwise. Rows are kept in step at the line breaks both texts share; between
/// them (a changed or re-wrapped stretch) lines are paired in order. Within a row, changed text
/// is marked `[-…-]` / `{+…+}` without colour (except in line granularity, where the marker
/// column says it) and coloured red/green with colour. Widths are measured in terminal columns
/// (East Asian wide characters count two); a line longer than its column is wrapped onto
/// continuation rows, or truncated with `…` when [`RenderOptions::wrap`] is off, and never in
/// the middle of a character (grapheme cluster). Tabs are expanded to 4-column stops; control
/// and bidirectional characters are shown escaped by the one sanitizer,
/// [`crate::render::printable`].
pub fn render_side_by_side(
    diff: &TextDiff<'_>,
    opts: &RenderOptions,
    out: &mut dyn Write,
) -> io::Result<()> {
    let max_line = diff
        .hunks()
        .iter()
        .map(|h| h.old_range.line_end.max(h.new_range.line_end))
        .max()
        .unwrap_or(0);
    let nw = max_line.to_string().len();
    let colw = (opts.width.saturating_sub(2 * nw + 5) / 2).max(1);
    let layout = Layout {
        nw,
        colw,
        mark: diff.granularity() != Granularity::Line && !opts.color,
        wrap: opts.wrap,
    };
    if !diff.hunks().is_empty() {
        let title = |label: &str| {
            let mut lines = Fitter::new(atoms([(Kind::Same, label)]), colw, false, false);
            lines
                .next_line()
                .unwrap_or_default()
                .iter()
                .map(|a| a.text.as_ref())
                .collect::<String>()
        };
        let left = title(&opts.old_label);
        let pad = colw.saturating_sub(left.width());
        let header = format!(
            "{:nw$} {left}{:pad$}   {:nw$} {}",
            "",
            "",
            "",
            title(&opts.new_label)
        );
        write_styled(out, STYLES.header, header.trim_end())?;
        out.write_all(b"\n")?;
    }
    for hunk in diff.hunks() {
        let r = |a: usize, b: usize| {
            if a == b {
                format!("{a},0")
            } else {
                format!("{},{}", a + 1, b - a)
            }
        };
        let header = format!(
            "@@ -{} +{} @@",
            r(hunk.old_range.line_start, hunk.old_range.line_end),
            r(hunk.new_range.line_start, hunk.new_range.line_end)
        );
        write_styled(out, STYLES.hunk, &header)?;
        out.write_all(b"\n")?;
        for row in rows(diff, hunk) {
            write_row(out, &layout, &row)?;
        }
    }
    super::notes(diff, out)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    Same,
    Del,
    Ins,
    /// A moved block at its old place.
    MovedOut,
    /// A moved block at its new place.
    MovedIn,
    /// A label (where a block moved), never marked.
    Note,
}

impl Kind {
    /// The markers around a group of this kind when changes are marked, if any.
    fn markers(self) -> Option<(&'static str, &'static str)> {
        match self {
            Kind::Del => Some(("[-", "-]")),
            Kind::Ins => Some(("{+", "+}")),
            Kind::MovedOut => Some(("[~", "~]")),
            Kind::MovedIn => Some(("{~", "~}")),
            Kind::Same | Kind::Note => None,
        }
    }
}

/// One line of one side: its 1-based number and its text in styled pieces.
#[derive(Debug, Default)]
struct Cell {
    line: usize,
    segs: Vec<(Kind, String)>,
}

impl Cell {
    fn changed(&self) -> bool {
        self.segs.iter().any(|(k, _)| *k != Kind::Same)
    }
}

struct Row {
    left: Option<Cell>,
    right: Option<Cell>,
}

/// Lines of one side being assembled.
struct Column {
    done: Vec<Cell>,
    cur: Vec<(Kind, String)>,
    line: usize,
}

impl Column {
    fn new(first_line: usize) -> Self {
        Column {
            done: Vec::new(),
            cur: Vec::new(),
            line: first_line,
        }
    }

    fn push(&mut self, kind: Kind, text: &str) {
        for (piece, more) in line_pieces(text) {
            if !piece.is_empty() {
                self.cur.push((kind, piece.to_owned()));
            }
            if more {
                self.newline();
            }
        }
    }

    fn newline(&mut self) {
        self.line += 1;
        self.done.push(Cell {
            line: self.line,
            segs: std::mem::take(&mut self.cur),
        });
    }

    fn finish(&mut self) {
        if !self.cur.is_empty() {
            self.newline();
        }
    }
}

/// Pairs the completed lines of both columns into rows.
fn flush(l: &mut Column, r: &mut Column, rows: &mut Vec<Row>) {
    let mut li = std::mem::take(&mut l.done).into_iter();
    let mut ri = std::mem::take(&mut r.done).into_iter();
    loop {
        match (li.next(), ri.next()) {
            (None, None) => break,
            (left, right) => rows.push(Row { left, right }),
        }
    }
}

fn rows(diff: &TextDiff<'_>, hunk: &Hunk<'_>) -> Vec<Row> {
    let moves = Moves::new(diff);
    let mut pair = Pair {
        l: Column::new(hunk.old_range.line_start),
        r: Column::new(hunk.new_range.line_start),
        rows: Vec::new(),
        ignore_ws: diff.ignores_whitespace(),
        moves: &moves,
    };
    for op in &hunk.ops {
        if let Some(added) = paragraph_break(op) {
            // A paragraph break added or removed: a mark where it is, then the whitespace.
            if added {
                pair.r.push(Kind::Ins, "¶");
            } else {
                pair.l.push(Kind::Del, "¶");
            }
            pair.l.push(Kind::Same, op.old.text);
            pair.r.push(Kind::Same, op.new.text);
            continue;
        }
        let (o, n) = (op.old.byte_start, op.new.byte_start);
        match op.kind {
            OpKind::Equal if op.old.text == op.new.text => pair.same(op.new.text),
            OpKind::Equal => match same_tokens(op.old.text, op.new.text, diff.granularity()) {
                Some(pieces) => pair.rewrapped(&pieces),
                None => {
                    pair.l.push(Kind::Same, op.old.text);
                    pair.r.push(Kind::Same, op.new.text);
                }
            },
            OpKind::Delete => pair.change(true, op.old.text, o),
            OpKind::Insert => pair.change(false, op.new.text, n),
            OpKind::Replace => {
                pair.change(true, op.old.text, o);
                pair.change(false, op.new.text, n);
            }
        }
    }
    pair.l.finish();
    pair.r.finish();
    flush(&mut pair.l, &mut pair.r, &mut pair.rows);
    pair.rows
}

/// Both columns of a hunk being assembled, and the rows completed so far.
struct Pair<'m> {
    l: Column,
    r: Column,
    rows: Vec<Row>,
    ignore_ws: bool,
    moves: &'m Moves<'m, 'm>,
}

/// The pieces of `text` between line breaks, each with whether a break follows it; the CR of
/// a CR LF break is not part of the piece.
fn line_pieces(text: &str) -> impl Iterator<Item = (&str, bool)> {
    let mut pieces = text.split('\n').peekable();
    std::iter::from_fn(move || {
        let piece = pieces.next()?;
        let more = pieces.peek().is_some();
        let piece = if more {
            piece.strip_suffix('\r').unwrap_or(piece)
        } else {
            piece
        };
        Some((piece, more))
    })
}

impl Pair<'_> {
    /// The same text on both sides: shared line breaks keep both sides in step.
    fn same(&mut self, text: &str) {
        for (piece, more) in line_pieces(text) {
            if !piece.is_empty() {
                self.l.cur.push((Kind::Same, piece.to_owned()));
                self.r.cur.push((Kind::Same, piece.to_owned()));
            }
            if more {
                self.l.newline();
                self.r.newline();
                flush(&mut self.l, &mut self.r, &mut self.rows);
            }
        }
    }

    /// Re-wrapped text (the same tokens, see [`same_tokens`]): walk it token by token and get
    /// back in step wherever both sides break the line after the same token in the same way
    /// (paragraph breaks).
    fn rewrapped(&mut self, pieces: &[(&str, &str)]) {
        for &(o, n) in pieces {
            let (og, ng) = (&o[o.trim_end().len()..], &n[n.trim_end().len()..]);
            match og.find('\n') {
                Some(nl) if og == ng => {
                    // Finish the line on both sides, pair what came before, then the blank
                    // lines of the break itself.
                    let head = o.len() - og.len() + nl + 1;
                    let nhead = n.len() - ng.len() + nl + 1;
                    self.l.push(Kind::Same, &o[..head]);
                    self.r.push(Kind::Same, &n[..nhead]);
                    flush(&mut self.l, &mut self.r, &mut self.rows);
                    self.l.push(Kind::Same, &o[head..]);
                    self.r.push(Kind::Same, &n[nhead..]);
                    flush(&mut self.l, &mut self.r, &mut self.rows);
                }
                _ => {
                    self.l.push(Kind::Same, o);
                    self.r.push(Kind::Same, n);
                }
            }
        }
    }

    /// Changed text on the left (OLD) or right, starting at byte `offset` of its text;
    /// whitespace around it is shown unmarked when whitespace is ignored, and the parts that
    /// belong to a moved block are marked as such.
    fn change(&mut self, left: bool, text: &str, offset: usize) {
        let pieces = self.moves.pieces(!left, offset, text);
        let beside_move = pieces.len() > 1;
        let col = if left { &mut self.l } else { &mut self.r };
        for (piece, m) in pieces {
            let kind = match (m, left) {
                (None, true) => Kind::Del,
                (None, false) => Kind::Ins,
                (Some(_), true) => Kind::MovedOut,
                (Some(_), false) => Kind::MovedIn,
            };
            if self.ignore_ws || beside_move {
                let (a, b, c) = split_ws(piece);
                col.push(Kind::Same, a);
                col.push(kind, b);
                if let Some(m) = m.filter(|_| !b.is_empty()) {
                    col.push(Kind::Note, &format!("({})", move_label(m, left)));
                }
                col.push(Kind::Same, c);
            } else {
                col.push(kind, piece);
            }
        }
    }
}

/// Cuts two texts that have the same tokens (an equal op whose whitespace differs) into
/// corresponding pieces, each a token with the whitespace after it (the first piece also has
/// any whitespace before the first token). `None` if the tokens do not correspond one to one.
fn same_tokens<'t>(
    old: &'t str,
    new: &'t str,
    granularity: Granularity,
) -> Option<Vec<(&'t str, &'t str)>> {
    if granularity == Granularity::Line {
        return None;
    }
    let ot = crate::diff::tokenize(old, granularity);
    let nt = crate::diff::tokenize(new, granularity);
    if ot.len() != nt.len() || ot.is_empty() {
        return None;
    }
    // Tokens are slices of their text: their offsets are pointer differences.
    let cuts = |text: &str, toks: &[&str]| -> Vec<usize> {
        let base = text.as_ptr() as usize;
        let mut c: Vec<usize> = toks
            .iter()
            .skip(1)
            .map(|t| t.as_ptr() as usize - base)
            .collect();
        c.push(text.len());
        c
    };
    let (oc, nc) = (cuts(old, &ot), cuts(new, &nt));
    let (mut op, mut np) = (0, 0);
    let mut out = Vec::with_capacity(oc.len());
    for (&o, &n) in oc.iter().zip(&nc) {
        out.push((old.get(op..o)?, new.get(np..n)?));
        op = o;
        np = n;
    }
    Some(out)
}

/// A grapheme cluster (or the spaces of an expanded tab, or an escape) with its width,
/// borrowed from the cell's text: a line is laid out without copying it.
#[derive(Clone, Debug)]
struct Atom<'s> {
    kind: Kind,
    text: Cow<'s, str>,
    width: usize,
}

const TAB: usize = 4;
const SPACES: &str = "    ";

/// The most atoms one physical line holds, whatever their width: a long run of zero-width
/// characters is broken too, so that no line is held in memory whole.
const MAX_LINE_ATOMS: usize = 4096;

/// The atoms of styled pieces, one at a time (a 5 MB line is never turned into a vector of
/// them: that cost tens of bytes per character).
fn atoms<'s>(segs: impl IntoIterator<Item = (Kind, &'s str)>) -> impl Iterator<Item = Atom<'s>> {
    let mut x = 0;
    segs.into_iter()
        .flat_map(|(kind, text)| text.graphemes(true).map(move |g| (kind, g)))
        .map(move |(kind, g)| {
            let (text, width) = if g == "\t" {
                let w = TAB - x % TAB;
                (Cow::Borrowed(&SPACES[..w]), w)
            } else {
                match printable(g) {
                    // An escape such as `\u{1b}` is as wide as it is long.
                    Cow::Owned(escaped) => {
                        let w = escaped.len();
                        (Cow::Owned(escaped), w)
                    }
                    Cow::Borrowed(g) => (Cow::Borrowed(g), g.width()),
                }
            };
            x += width;
            Atom { kind, text, width }
        })
}

/// Cuts a stream of atoms into physical lines of a width, one line at a time.
struct Fitter<'s, I: Iterator<Item = Atom<'s>>> {
    atoms: I,
    /// Atoms taken from `atoms` but given back for the next line.
    pending: VecDeque<Atom<'s>>,
    width: usize,
    mark: bool,
    words: bool,
}

impl<'s, I: Iterator<Item = Atom<'s>>> Fitter<'s, I> {
    fn new(atoms: I, width: usize, mark: bool, words: bool) -> Self {
        Fitter {
            atoms,
            pending: VecDeque::new(),
            width,
            mark,
            words,
        }
    }

    fn pull(&mut self) -> Option<Atom<'s>> {
        self.pending.pop_front().or_else(|| self.atoms.next())
    }

    /// Whether atoms are left.
    fn has_more(&mut self) -> bool {
        match self.atoms.next() {
            Some(a) => {
                self.pending.push_back(a);
                true
            }
            None => !self.pending.is_empty(),
        }
    }

    /// As many atoms as fit in the width, counting 4 columns for the `[-`…`-]` markers of every
    /// marked group when `mark`; at least one atom, so that progress is made. With `words`, a
    /// line that has to be broken is broken after its last space when that keeps it at least
    /// half full (scripts without spaces are simply broken between characters). `None` at the
    /// end.
    fn next_line(&mut self) -> Option<Vec<Atom<'s>>> {
        let mut line: Vec<Atom<'s>> = Vec::new();
        let mut used = 0;
        let mut prev: Option<Kind> = None;
        let mut last_space: Option<(usize, usize)> = None;
        while let Some(a) = self.pull() {
            let extra = if self.mark && a.kind.markers().is_some() && prev != Some(a.kind) {
                4
            } else {
                0
            };
            let full = used + a.width + extra > self.width || line.len() >= MAX_LINE_ATOMS;
            if full && !line.is_empty() {
                self.pending.push_front(a);
                if let Some((after, w)) = last_space.filter(|_| self.words)
                    && 2 * w >= self.width
                {
                    for a in line.drain(after..).rev() {
                        self.pending.push_front(a);
                    }
                }
                break;
            }
            used += a.width + extra;
            prev = Some(a.kind);
            let space = a.text == " ";
            line.push(a);
            if space {
                last_space = Some((line.len(), used));
            }
        }
        (!line.is_empty()).then_some(line)
    }
}

struct Layout {
    nw: usize,
    colw: usize,
    /// Whether changes get `[-…-]`/`{+…+}` markers; otherwise they are marked by style alone.
    mark: bool,
    wrap: bool,
}

/// The pieces of a cell, for [`atoms`].
fn segs(cell: &Cell) -> impl Iterator<Item = (Kind, &str)> {
    cell.segs.iter().map(|(k, t)| (*k, t.as_str()))
}

/// The physical lines of a cell, made one at a time: at least one (empty for an empty cell).
fn fit<'c>(cell: &'c Cell, layout: &Layout) -> Box<dyn Iterator<Item = Vec<Atom<'c>>> + 'c> {
    let colw = layout.colw;
    if !layout.wrap {
        let mut first = Fitter::new(atoms(segs(cell)), colw, layout.mark, false);
        let line = first.next_line().unwrap_or_default();
        if !first.has_more() {
            return Box::new(std::iter::once(line));
        }
        let mut shorter = Fitter::new(
            atoms(segs(cell)),
            colw.saturating_sub(1),
            layout.mark,
            false,
        );
        let mut line = shorter.next_line().unwrap_or_default();
        line.push(Atom {
            kind: Kind::Same,
            text: Cow::Borrowed("…"),
            width: 1,
        });
        return Box::new(std::iter::once(line));
    }
    let mut lines = Fitter::new(atoms(segs(cell)), colw, layout.mark, true);
    let mut first = true;
    Box::new(std::iter::from_fn(move || match lines.next_line() {
        Some(line) => {
            first = false;
            Some(line)
        }
        None if first => {
            first = false;
            Some(Vec::new())
        }
        None => None,
    }))
}

/// Renders a physical line; returns its width.
fn write_atoms(out: &mut dyn Write, atoms: &[Atom], layout: &Layout) -> io::Result<usize> {
    let mut width = 0;
    let mut i = 0;
    while i < atoms.len() {
        let kind = atoms[i].kind;
        let mut j = i;
        let mut text = String::new();
        while j < atoms.len() && atoms[j].kind == kind {
            text.push_str(&atoms[j].text);
            width += atoms[j].width;
            j += 1;
        }
        match (kind.markers(), layout.mark) {
            (Some((open, close)), true) => {
                write!(out, "{open}{text}{close}")?;
                width += 4;
            }
            (None, _) if kind == Kind::Same => out.write_all(text.as_bytes())?,
            _ => write_styled(out, style_of(kind, text.trim().is_empty()), &text)?,
        }
        i = j;
    }
    Ok(width)
}

/// The style of a group of atoms (whitespace-only changes get a background).
fn style_of(kind: Kind, ws: bool) -> anstyle::Style {
    match (kind, ws) {
        (Kind::Del, false) => STYLES.del,
        (Kind::Del, true) => STYLES.del_ws,
        (Kind::Ins, false) => STYLES.ins,
        (Kind::Ins, true) => STYLES.ins_ws,
        (Kind::MovedOut | Kind::MovedIn, _) => STYLES.moved,
        (Kind::Note, _) => STYLES.note,
        (Kind::Same, _) => anstyle::Style::new(),
    }
}

fn write_row(out: &mut dyn Write, layout: &Layout, row: &Row) -> io::Result<()> {
    let marker = match (&row.left, &row.right) {
        (None, Some(_)) => '>',
        (Some(_), None) => '<',
        (Some(a), Some(b)) if a.changed() || b.changed() => '|',
        _ => ' ',
    };
    // Both cells are laid out a physical line at a time, side by side.
    let mut left = row.left.as_ref().map(|c| fit(c, layout));
    let mut right = row.right.as_ref().map(|c| fit(c, layout));
    let nw = layout.nw;
    for k in 0.. {
        let left_line = left.as_mut().and_then(|lines| lines.next());
        let right_line = right.as_mut().and_then(|lines| lines.next());
        if left_line.is_none() && right_line.is_none() {
            break;
        }
        match (k, &row.left) {
            (0, Some(c)) => write!(out, "{:>nw$} ", c.line)?,
            _ => write!(out, "{:nw$} ", "")?,
        }
        let w = match &left_line {
            Some(atoms) => write_atoms(out, atoms, layout)?,
            None => 0,
        };
        let m = if k == 0 { marker } else { ' ' };
        write!(out, "{:pad$} {m} ", "", pad = layout.colw.saturating_sub(w))?;
        let right_line = right_line.filter(|a| !a.is_empty());
        match (k, &row.right) {
            (0, Some(c)) => write!(out, "{:>nw$}", c.line)?,
            _ if right_line.is_some() => write!(out, "{:nw$}", "")?,
            _ => {}
        }
        if let Some(atoms) = right_line {
            out.write_all(b" ")?;
            write_atoms(out, &atoms, layout)?;
        }
        out.write_all(b"\n")?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn layout(colw: usize, wrap: bool) -> Layout {
        Layout {
            nw: 1,
            colw,
            mark: true,
            wrap,
        }
    }

    fn texts<'s>(lines: impl Iterator<Item = Vec<Atom<'s>>>) -> Vec<String> {
        lines
            .map(|l| l.iter().map(|a| a.text.as_ref()).collect())
            .collect()
    }

    #[test]
    fn wide_characters_count_two_and_are_never_split() {
        let cell = Cell {
            line: 1,
            segs: vec![(Kind::Same, "中文字符ab".to_owned())],
        };
        let lines = fit(&cell, &layout(5, true));
        assert_eq!(texts(lines), ["中文", "字符a", "b"]);
        assert_eq!(texts(fit(&cell, &layout(5, false))), ["中文…"]);
        // Words are not split when a space allows a break.
        let cell = Cell {
            line: 1,
            segs: vec![(Kind::Same, "aa bb ccc".to_owned())],
        };
        assert_eq!(texts(fit(&cell, &layout(7, true))), ["aa bb ", "ccc"]);
        assert_eq!(texts(fit(&cell, &layout(5, false))), ["aa b…"]);
    }

    #[test]
    fn markers_count_in_the_width() {
        let cell = Cell {
            line: 1,
            segs: vec![
                (Kind::Same, "ab ".to_owned()),
                (Kind::Del, "cdef".to_owned()),
            ],
        };
        let l = layout(8, true);
        let lines = fit(&cell, &l);
        let mut out = Vec::new();
        for line in lines {
            let w = write_atoms(&mut out, &line, &l).unwrap();
            assert!(w <= 8, "{w}");
            out.push(b'\n');
        }
        assert_eq!(String::from_utf8(out).unwrap(), "ab [-c-]\n[-def-]\n");
    }

    #[test]
    fn tabs_and_controls() {
        let s: String = atoms([(Kind::Same, "a\tb\u{1b}")])
            .map(|x| x.text.into_owned())
            .collect();
        assert_eq!(s, "a   b\\u{1b}");
    }
}
