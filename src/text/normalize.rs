//! Steps 2–4 of canonical text v1 over extracted blocks: invisible characters removed, NFC,
//! the whitespace rule; and where each block and line starts in the result.

use std::borrow::Cow;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use super::chars::{is_removed_invisible, is_space, is_wide, line_breaks};
use super::extract::Blocks;

/// The normalised text and the positions the sentence step and the diagnosis need.
#[derive(Debug, Default)]
pub(crate) struct Normalized {
    pub(crate) text: String,
    /// Byte offset of each block's first character (the first is 0 when there is any text).
    pub(crate) block_starts: Vec<usize>,
    /// Byte offset of the first character after each line break inside a block.
    pub(crate) line_starts: Vec<usize>,
    /// Invisible characters removed.
    pub(crate) removed_invisible: usize,
}

/// Builds the canonical text block by block, applying the whitespace rule across block edges.
struct Normalizer {
    out: Normalized,
    /// The last character written (never white space).
    last: Option<char>,
    /// White space (or a block edge) seen since `last`.
    pending: bool,
    /// Line breaks in the pending run; a CR directly before an LF is one break.
    breaks: u32,
    previous_was_cr: bool,
    /// A block edge was crossed since `last`.
    block_edge: bool,
    /// Plain text: a blank line (two breaks in one run) starts a new block.
    blank_lines_split: bool,
    /// The rule removed a run between two wide characters (NFC may then need a second pass).
    joined: bool,
}

impl Normalizer {
    fn feed_block(&mut self, raw: &str) {
        self.block_edge = true;
        self.pending = true;
        let text = clean(raw, &mut self.out.removed_invisible);
        let bytes = text.as_bytes();
        let mut at = 0;
        // Bounded by the block's length: every step consumes at least one character.
        while at < bytes.len() {
            if is_visible_ascii(bytes[at]) {
                // A run of text that is already canonical — visible ASCII and single spaces
                // between it, most of most texts — is copied as one slice.
                let run = canonical_ascii_run(bytes, at);
                self.visible(char::from(bytes[at]));
                self.out.text.push_str(&text[at + 1..run]);
                self.last = Some(char::from(bytes[run - 1]));
                at = run;
                continue;
            }
            let c = text[at..]
                .chars()
                .next()
                .expect("at is a character boundary");
            if is_space(c) {
                self.space(c);
            } else {
                self.visible(c);
            }
            at += c.len_utf8();
        }
    }

    fn space(&mut self, c: char) {
        self.pending = true;
        if !(c == '\n' && self.previous_was_cr) {
            self.breaks += line_breaks(c);
        }
        self.previous_was_cr = c == '\r';
    }

    fn visible(&mut self, c: char) {
        let out = &mut self.out;
        match self.last {
            None => out.block_starts.push(0),
            Some(last) if self.pending => {
                if is_wide(last) && is_wide(c) {
                    self.joined = true;
                } else {
                    out.text.push(' ');
                }
                if self.block_edge || (self.blank_lines_split && self.breaks >= 2) {
                    out.block_starts.push(out.text.len());
                } else if self.breaks > 0 {
                    out.line_starts.push(out.text.len());
                }
            }
            Some(_) => {}
        }
        out.text.push(c);
        self.last = Some(c);
        self.pending = false;
        self.block_edge = false;
        self.breaks = 0;
        self.previous_was_cr = false;
    }
}

/// Whether a byte is an ASCII character the whitespace rule keeps as it is: not ASCII white
/// space (HT, LF, VT, FF, CR, space). ASCII has no invisible characters and is NFC.
fn is_visible_ascii(byte: u8) -> bool {
    byte.is_ascii() && !matches!(byte, b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ')
}

/// The end of the canonical run that starts at `at` (a visible ASCII byte): visible ASCII
/// bytes, and single spaces each between two of them (which the whitespace rule keeps as they
/// are). The run ends with a visible byte. Bounded by the length of `bytes`.
fn canonical_ascii_run(bytes: &[u8], at: usize) -> usize {
    let mut end = at + 1;
    while let Some(&byte) = bytes.get(end) {
        if is_visible_ascii(byte) {
            end += 1;
        } else if byte == b' '
            && bytes
                .get(end + 1)
                .is_some_and(|&next| is_visible_ascii(next))
        {
            end += 2;
        } else {
            break;
        }
    }
    end
}

/// Removes invisible characters (counting them) and applies NFC to one block. ASCII, by far
/// the most common case, has neither: only the runs of non-ASCII characters are examined (an
/// ASCII character is a starter that composes with nothing before it, so NFC's quick check of
/// each run alone answers for the whole block).
fn clean<'a>(raw: &'a str, removed: &mut usize) -> Cow<'a, str> {
    let (mut invisible, mut normalized) = (false, true);
    for run in non_ascii_runs(raw) {
        invisible |= run.chars().any(is_removed_invisible);
        normalized &= is_nfc_quick(run.chars()) == IsNormalized::Yes;
    }
    let visible: Cow<'a, str> = if invisible {
        let before = raw.chars().count();
        let kept: String = raw.chars().filter(|&c| !is_removed_invisible(c)).collect();
        *removed += before - kept.chars().count();
        Cow::Owned(kept)
    } else {
        Cow::Borrowed(raw)
    };
    if normalized && !invisible {
        visible
    } else {
        nfc(visible)
    }
}

fn nfc(text: Cow<'_, str>) -> Cow<'_, str> {
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => text,
        _ => Cow::Owned(text.nfc().collect()),
    }
}

/// The maximal runs of non-ASCII characters of `text` (bounded: each step moves past a run).
fn non_ascii_runs(text: &str) -> impl Iterator<Item = &str> {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        let start = at + bytes[at..].iter().position(|b| !b.is_ascii())?;
        let end = bytes[start..]
            .iter()
            .position(u8::is_ascii)
            .map_or(bytes.len(), |n| start + n);
        at = end;
        Some(&text[start..end])
    })
}

/// Runs steps 2–4 over the blocks.
pub(crate) fn normalize(blocks: &Blocks<'_>, blank_lines_split: bool) -> Normalized {
    let mut normalizer = Normalizer {
        out: Normalized {
            text: String::with_capacity(blocks.text.len()),
            ..Normalized::default()
        },
        last: None,
        pending: false,
        breaks: 0,
        previous_was_cr: false,
        block_edge: false,
        blank_lines_split,
        joined: false,
    };
    for block in blocks.iter() {
        normalizer.feed_block(block);
    }
    let mut out = normalizer.out;
    if normalizer.joined {
        renormalize(&mut out);
    }
    out
}

/// Removing the space between two wide characters can put a combining mark next to the
/// character it composes with (か + U+3099 → が): apply NFC again where that happened. The
/// block and line starts are kept when NFC does not compose across one of them (every case but
/// a block or line that starts with such a mark); otherwise they become coarse (display data).
fn renormalize(out: &mut Normalized) {
    if is_nfc_quick(out.text.chars()) == IsNormalized::Yes {
        return;
    }
    let whole: String = out.text.nfc().collect();
    let mut cuts: Vec<(usize, bool)> = out.block_starts.iter().map(|&o| (o, true)).collect();
    cuts.extend(out.line_starts.iter().map(|&o| (o, false)));
    cuts.sort_unstable();
    let mut pieces = String::with_capacity(whole.len());
    let (mut blocks, mut lines) = (Vec::new(), Vec::new());
    let ends = cuts.iter().skip(1).map(|&(o, _)| o).chain([out.text.len()]);
    for (&(start, is_block), end) in cuts.iter().zip(ends) {
        if is_block {
            blocks.push(pieces.len());
        } else {
            lines.push(pieces.len());
        }
        pieces.extend(out.text[start..end].nfc());
    }
    if pieces != whole {
        blocks = vec![0];
        lines.clear();
    }
    out.text = whole;
    out.block_starts = blocks;
    out.line_starts = lines;
}

/// Steps 2 and 3 on one block (for profiles): invisible characters removed, NFC.
pub(crate) fn clean_block<'a>(raw: &'a str, removed: &mut usize) -> Cow<'a, str> {
    clean(raw, removed)
}

/// Whether a block is not in NFC (after its invisible characters are removed).
pub(crate) fn was_denormalized(raw: &str) -> bool {
    if raw.is_ascii() {
        return false;
    }
    let visible: String = raw.chars().filter(|&c| !is_removed_invisible(c)).collect();
    is_nfc_quick(visible.chars()) != IsNormalized::Yes && visible.nfc().ne(visible.chars())
}
