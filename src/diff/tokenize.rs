//! Tokenisation: script detection, Unicode word and grapheme tokens, lines, and token hashing.
//!
//! Every granularity cuts a text into a sequence of tokens that covers it completely. A token is
//! either *whitespace* (a maximal run of characters with the Unicode `White_Space` property,
//! line breaks included) or *content* (everything else). Only content tokens are counted in
//! statistics and token indices; whitespace tokens exist so that a diff can be reassembled byte
//! for byte and so that whitespace-only changes can be recognised.
//!
//! * [`Granularity::Word`]: Unicode word boundaries (UAX #29, `split_word_bounds`). Punctuation
//!   marks are tokens of their own; `can't`, `3.14` and `e.g` stay single tokens.
//! * [`Granularity::Char`]: extended grapheme clusters.
//! * [`Granularity::Auto`]: word tokens, except that a word token containing a character of a
//!   script written without spaces between words (Han, Hiragana, Katakana, Bopomofo, Yi, Thai,
//!   Lao, Khmer, Myanmar, Tibetan) is cut further into grapheme clusters. The choice is thus made
//!   per script run: an English phrase inside a Chinese sentence keeps its word tokens.
//! * [`Granularity::Line`]: lines, each with its terminator (`\n` or `\r\n`).

use unicode_segmentation::UnicodeSegmentation;

use super::Granularity;

/// One token of a text: a byte range and whether it is whitespace, in 8 bytes.
///
/// Token vectors are the largest allocation of a diff (a 5 MB text has about a million tokens,
/// four million characters), so offsets are 31-bit with the whitespace flag in the top bit of
/// the end; [`super::diff_texts`] never tokenises a text of [`MAX_TEXT`] bytes or more.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Tok {
    /// Byte offset of the first byte.
    pub start: u32,
    /// Byte offset one past the last byte, with [`WS_BIT`] set for whitespace.
    end_ws: u32,
}

/// The longest text that is tokenised (2 GiB).
pub(crate) const MAX_TEXT: usize = (1 << 31) - 1;
const WS_BIT: u32 = 1 << 31;

impl Tok {
    #[inline]
    pub fn new(start: usize, end: usize, ws: bool) -> Self {
        Tok {
            start: start as u32,
            end_ws: end as u32 | if ws { WS_BIT } else { 0 },
        }
    }

    /// Byte offset one past the last byte.
    #[inline]
    pub fn end(&self) -> u32 {
        self.end_ws & !WS_BIT
    }

    /// Whether the token consists of whitespace only.
    #[inline]
    pub fn ws(&self) -> bool {
        self.end_ws & WS_BIT != 0
    }

    /// The token's bytes (cheaper than [`Tok::text`]: no char-boundary checks), for hashing
    /// and comparing.
    #[inline]
    pub fn bytes<'t>(&self, text: &'t [u8]) -> &'t [u8] {
        text.get(self.start as usize..self.end() as usize)
            .unwrap_or(&[])
    }

    /// The token's text.
    #[inline]
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        // The offsets always come from the same text and lie on char boundaries, so this slice
        // cannot fail; `get` keeps the no-panic promise even if that invariant were broken.
        text.get(self.start as usize..self.end() as usize)
            .unwrap_or("")
    }
}

/// Cuts `text` into tokens of the given granularity and appends them to `out`.
///
/// With `keep_ws == false` whitespace tokens are left out (the gaps between the remaining tokens
/// are then exactly the whitespace). In [`Granularity::Line`] mode every line is kept, blank
/// lines included, and no line is marked as whitespace.
pub(crate) fn tokenize_into(
    text: &str,
    granularity: Granularity,
    keep_ws: bool,
    out: &mut Vec<Tok>,
) {
    if granularity == Granularity::Line {
        for (start, line) in lines(text) {
            out.push(Tok::new(start, start + line.len(), false));
        }
        return;
    }
    // About one content token per 6 bytes of European text; whitespace doubles it.
    out.reserve(if keep_ws {
        text.len() / 3
    } else {
        text.len() / 6
    });
    let mut emit = Emitter {
        out,
        keep_ws,
        pending_ws: None,
    };
    // UAX #29 (words and graphemes alike) always breaks after LF and before LF unless it follows
    // CR, so cutting the text after every LF gives pieces that segment independently. Most pieces
    // of a European text are pure ASCII and take a fast path that is several times quicker than
    // the general segmenter and gives the same tokens (checked by a property test).
    let bytes = text.as_bytes();
    let mut base = 0;
    while base < bytes.len() {
        let (end, ascii) = scan_line(bytes, base);
        let piece = text.get(base..end).unwrap_or("");
        if ascii {
            match granularity {
                Granularity::Char => ascii_chars(piece.as_bytes(), base, &mut emit),
                _ => ascii_words(piece.as_bytes(), base, &mut emit),
            }
        } else {
            general(piece, base, granularity, &mut emit);
        }
        base = end;
    }
    emit.finish();
}

/// The general (non-ASCII) path for one piece.
fn general(piece: &str, base: usize, granularity: Granularity, emit: &mut Emitter<'_>) {
    match granularity {
        Granularity::Char => {
            for (i, g) in piece.grapheme_indices(true) {
                emit.token(base + i, base + i + g.len(), is_ws(g));
            }
        }
        Granularity::Word => {
            for (i, w) in piece.split_word_bound_indices() {
                emit.token(base + i, base + i + w.len(), is_ws(w));
            }
        }
        Granularity::Auto | Granularity::Line => {
            for (i, w) in piece.split_word_bound_indices() {
                if is_ws(w) {
                    emit.token(base + i, base + i + w.len(), true);
                } else if !w.is_ascii()
                    && w.chars().nth(1).is_some()
                    && w.chars().any(is_spaceless_script)
                {
                    // (A single character, like most Han tokens, is one grapheme already.)
                    for (j, g) in w.grapheme_indices(true) {
                        emit.token(base + i + j, base + i + j + g.len(), false);
                    }
                } else {
                    emit.token(base + i, base + i + w.len(), false);
                }
            }
        }
    }
}

/// End of the line starting at `from` (after its `\n`, or the end of the text) and whether the
/// line is pure ASCII. Looks at eight bytes at a time.
#[inline]
fn scan_line(b: &[u8], from: usize) -> (usize, bool) {
    const LO: u64 = 0x0101_0101_0101_0101;
    const HI: u64 = 0x8080_8080_8080_8080;
    const NL: u64 = LO * b'\n' as u64;
    let mut i = from;
    let mut ascii = true;
    while i + 8 <= b.len() {
        let mut w = [0u8; 8];
        w.copy_from_slice(&b[i..i + 8]);
        let x = u64::from_le_bytes(w);
        let nl = x ^ NL;
        // A zero byte in `nl` is a line feed (classic "has zero byte" test).
        if (nl.wrapping_sub(LO) & !nl & HI) != 0 {
            break;
        }
        ascii &= x & HI == 0;
        i += 8;
    }
    while i < b.len() {
        let c = b[i];
        i += 1;
        ascii &= c < 0x80;
        if c == b'\n' {
            return (i, ascii);
        }
    }
    (i, ascii)
}

/// The content tokens of `text` at the given granularity, as string slices.
///
/// These are the tokens that [`super::Stats`] counts and that TER works on: whitespace is left
/// out; in [`Granularity::Line`] mode every line (with its terminator) is a token.
///
/// ```
/// use tprov::diff::{tokenize, Granularity};
/// assert_eq!(tokenize("Hello, world!", Granularity::Word), ["Hello", ",", "world", "!"]);
/// assert_eq!(tokenize("我爱 Rust 语言", Granularity::Auto), ["我", "爱", "Rust", "语", "言"]);
/// ```
pub fn tokenize(text: &str, granularity: Granularity) -> Vec<&str> {
    if text.len() >= MAX_TEXT {
        // Offsets are 31-bit; such a text is never tokenised by the diff either.
        return vec![text];
    }
    let mut toks = Vec::new();
    tokenize_into(text, granularity, false, &mut toks);
    toks.iter().map(|t| t.text(text)).collect()
}

/// Splits after every `\n`, yielding `(byte offset, line with terminator)`.
pub(crate) fn lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut pos = 0;
    text.split_inclusive('\n').map(move |l| {
        let start = pos;
        pos += l.len();
        (start, l)
    })
}

/// Whether every character of `s` is whitespace.
#[inline]
pub(crate) fn is_ws(s: &str) -> bool {
    s.chars().all(char::is_whitespace)
}

/// Whether `c` belongs to a script that is written without spaces between words, so that
/// character (grapheme) tokens are the sensible unit of comparison.
pub(crate) fn is_spaceless_script(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF        // Thai, Lao
        | 0x0F00..=0x0FFF      // Tibetan
        | 0x1000..=0x109F      // Myanmar
        | 0x1780..=0x17FF      // Khmer
        | 0x19E0..=0x19FF      // Khmer symbols
        | 0x2E80..=0x2FDF      // CJK radicals, Kangxi radicals
        | 0x3005..=0x3007      // 々 〆 〇
        | 0x3021..=0x3029      // Hangzhou numerals
        | 0x3038..=0x303B
        | 0x3040..=0x30FF      // Hiragana, Katakana
        | 0x3100..=0x312F      // Bopomofo
        | 0x31A0..=0x31FF      // Bopomofo extended, Katakana phonetic extensions
        | 0x3400..=0x4DBF      // CJK extension A
        | 0x4E00..=0x9FFF      // CJK unified ideographs
        | 0xA000..=0xA4CF      // Yi
        | 0xA9E0..=0xA9FF      // Myanmar extended-B
        | 0xAA60..=0xAA7F      // Myanmar extended-A
        | 0xF900..=0xFAFF      // CJK compatibility ideographs
        | 0xFF66..=0xFF9F      // halfwidth Katakana
        | 0x1B000..=0x1B16F    // Kana supplement / extended
        | 0x20000..=0x3FFFF    // CJK extensions B and later
    )
}

/// Collects tokens, merging adjacent whitespace tokens into one and optionally dropping them.
struct Emitter<'v> {
    out: &'v mut Vec<Tok>,
    keep_ws: bool,
    pending_ws: Option<(usize, usize)>,
}

impl Emitter<'_> {
    #[inline]
    fn token(&mut self, start: usize, end: usize, ws: bool) {
        if ws {
            if !self.keep_ws {
                return;
            }
            match &mut self.pending_ws {
                Some((_, e)) => *e = end,
                None => self.pending_ws = Some((start, end)),
            }
        } else {
            self.flush_ws();
            self.out.push(Tok::new(start, end, false));
        }
    }

    #[inline]
    fn flush_ws(&mut self) {
        if let Some((s, e)) = self.pending_ws.take()
            && self.keep_ws
        {
            self.out.push(Tok::new(s, e, true));
        }
    }

    fn finish(mut self) {
        self.flush_ws();
    }
}

/// UAX #29 word-break classes restricted to ASCII, as a table (a `match` compiles to an
/// indirect jump that mispredicts on every token).
const SPACE: u8 = 1;
const LETTER: u8 = 2;
const NUMERIC: u8 = 3;
const EXTEND_NUM_LET: u8 = 4;
const MID_LETTER: u8 = 5;
const MID_NUM_LET_Q: u8 = 6;
const MID_NUM: u8 = 7;

static WB: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        let b = i as u8;
        t[i] = match b {
            b'\t' | b'\n' | 0x0B | 0x0C | b'\r' | b' ' => SPACE,
            b'a'..=b'z' | b'A'..=b'Z' => LETTER,
            b'0'..=b'9' => NUMERIC,
            b'_' => EXTEND_NUM_LET,
            b':' => MID_LETTER,
            b'.' | b'\'' => MID_NUM_LET_Q,
            b',' | b';' => MID_NUM,
            _ => 0,
        };
        i += 1;
    }
    t
};

/// Whether a class joins a word run directly (WB5, WB8-WB10, WB13a, WB13b).
#[inline]
fn wordish(c: u8) -> bool {
    matches!(c, LETTER | NUMERIC | EXTEND_NUM_LET)
}

/// UAX #29 word segmentation of an ASCII piece that starts after a line break (or at the start
/// of the text) and ends with one (or at the end of the text).
fn ascii_words(b: &[u8], base: usize, emit: &mut Emitter<'_>) {
    let n = b.len();
    let mut i = 0;
    while i < n {
        let c = WB[b[i] as usize];
        let start = i;
        i += 1;
        if c == SPACE {
            while i < n && WB[b[i] as usize] == SPACE {
                i += 1;
            }
            emit.token(base + start, base + i, true);
            continue;
        }
        if wordish(c) {
            while i < n {
                let d = WB[b[i] as usize];
                if wordish(d) {
                    i += 1;
                    continue;
                }
                if !matches!(d, MID_LETTER | MID_NUM_LET_Q | MID_NUM) || i + 1 >= n {
                    break;
                }
                let prev = WB[b[i - 1] as usize];
                let next = WB[b[i + 1] as usize];
                // WB6/WB7: letter (MidLetter | MidNumLetQ) letter.
                let letters = prev == LETTER && next == LETTER && d != MID_NUM;
                // WB11/WB12: digit (MidNum | MidNumLetQ) digit.
                let digits = prev == NUMERIC && next == NUMERIC && d != MID_LETTER;
                if letters || digits {
                    i += 2;
                } else {
                    break;
                }
            }
        }
        // Anything else (WB999) stands alone.
        emit.token(base + start, base + i, false);
    }
}

/// Grapheme segmentation of an ASCII piece: every byte is a cluster except CR LF, which is
/// whitespace and merged anyway.
fn ascii_chars(b: &[u8], base: usize, emit: &mut Emitter<'_>) {
    for (i, &c) in b.iter().enumerate() {
        emit.token(base + i, base + i + 1, WB[c as usize] == SPACE);
    }
}

/// A fast, non-cryptographic 64-bit hash of a byte string (most tokens are a few bytes long,
/// so short inputs take a branch-light path of two overlapping loads).
///
/// Used only to speed up comparisons: every equality decided on hashes is confirmed on the
/// text itself, so collisions cost time, never correctness.
#[inline]
pub(crate) fn hash_bytes(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    const M: u64 = 0xBF58_476D_1CE4_E5B9;
    #[inline]
    fn r4(b: &[u8], i: usize) -> u64 {
        let mut w = [0u8; 4];
        w.copy_from_slice(&b[i..i + 4]);
        u64::from(u32::from_le_bytes(w))
    }
    #[inline]
    fn r8(b: &[u8], i: usize) -> u64 {
        let mut w = [0u8; 8];
        w.copy_from_slice(&b[i..i + 8]);
        u64::from_le_bytes(w)
    }
    let n = bytes.len();
    let mut h = (n as u64).wrapping_mul(K);
    if n <= 8 {
        let x = if n >= 4 {
            (r4(bytes, 0) << 32) | r4(bytes, n - 4)
        } else if n > 0 {
            (u64::from(bytes[0]) << 16) | (u64::from(bytes[n / 2]) << 8) | u64::from(bytes[n - 1])
        } else {
            0
        };
        h = (h ^ x).wrapping_mul(M);
    } else {
        let mut i = 0;
        while i + 8 < n {
            h = (h.rotate_left(23) ^ r8(bytes, i)).wrapping_mul(M);
            i += 8;
        }
        h = (h.rotate_left(23) ^ r8(bytes, n - 8)).wrapping_mul(M);
    }
    h ^= h >> 31;
    h = h.wrapping_mul(K);
    h ^ (h >> 29)
}

/// Hash of a line with whitespace normalised: leading/trailing whitespace dropped, inner runs
/// equivalent (so `a  b\r\n` and `a b\n` hash alike).
pub(crate) fn hash_normalized_line(line: &str) -> u64 {
    let mut h: u64 = 0x51_7C_C1_B7_27_22_0A_95;
    for w in line.split_whitespace() {
        h = (h.rotate_left(17) ^ hash_bytes(w.as_bytes())).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
    h
}

/// Whether two lines are equal once whitespace is normalised as in [`hash_normalized_line`].
pub(crate) fn eq_normalized_line(a: &str, b: &str) -> bool {
    a.split_whitespace().eq(b.split_whitespace())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn all(text: &str, g: Granularity) -> Vec<(&str, bool)> {
        let mut v = Vec::new();
        tokenize_into(text, g, true, &mut v);
        v.iter().map(|t| (t.text(text), t.ws())).collect()
    }

    /// Reference tokenisation: the general segmenter on the whole text, whitespace merged.
    fn reference_words(text: &str) -> Vec<(usize, usize, bool)> {
        let mut v: Vec<(usize, usize, bool)> = Vec::new();
        for (i, w) in text.split_word_bound_indices() {
            let ws = is_ws(w);
            match v.last_mut() {
                Some(last) if ws && last.2 => last.1 = i + w.len(),
                _ => v.push((i, i + w.len(), ws)),
            }
        }
        v
    }

    #[test]
    fn words_and_punctuation() {
        assert_eq!(
            tokenize("Don't panic: it's 3.14, e.g. a_b!", Granularity::Word),
            [
                "Don't", "panic", ":", "it's", "3.14", ",", "e.g", ".", "a_b", "!"
            ]
        );
    }

    #[test]
    fn whitespace_runs_are_merged() {
        assert_eq!(
            all("a \t\r\n  b", Granularity::Word),
            [("a", false), (" \t\r\n  ", true), ("b", false)]
        );
        assert_eq!(
            all("a \u{3000}\n b", Granularity::Char),
            [("a", false), (" \u{3000}\n ", true), ("b", false)]
        );
    }

    #[test]
    fn auto_splits_spaceless_scripts_only() {
        assert_eq!(
            tokenize("翻译质量很好。The quality is good.", Granularity::Auto),
            [
                "翻", "译", "质", "量", "很", "好", "。", "The", "quality", "is", "good", "."
            ]
        );
        // Katakana runs are one UAX #29 word; auto cuts them into characters.
        assert_eq!(tokenize("カタカナ", Granularity::Word), ["カタカナ"]);
        assert_eq!(
            tokenize("カタカナ", Granularity::Auto),
            ["カ", "タ", "カ", "ナ"]
        );
        // Thai has no spaces between words.
        assert_eq!(tokenize("สวัสดี", Granularity::Auto).len(), 4);
        // Korean is written with spaces: word tokens.
        assert_eq!(
            tokenize("안녕하세요 세계", Granularity::Auto),
            ["안녕하세요", "세계"]
        );
    }

    #[test]
    fn graphemes_are_not_split() {
        let t = "e\u{301}👩‍👩‍👧 é";
        assert_eq!(tokenize(t, Granularity::Char), ["e\u{301}", "👩‍👩‍👧", "é"]);
    }

    #[test]
    fn lines_keep_terminators() {
        assert_eq!(
            tokenize("a\r\n\nb", Granularity::Line),
            ["a\r\n", "\n", "b"]
        );
        assert!(tokenize("", Granularity::Line).is_empty());
    }

    #[test]
    fn normalized_lines() {
        assert!(eq_normalized_line("  a  b \r\n", "a b\n"));
        assert!(!eq_normalized_line("ab", "a b"));
        assert_eq!(
            hash_normalized_line("a  b\r\n"),
            hash_normalized_line("a b")
        );
    }

    proptest! {
        #[test]
        fn ascii_fast_path_matches_uax29(s in "[a-c0-2 _.,;:'\"\t\r\n!-]{0,40}") {
            let mut got = Vec::new();
            tokenize_into(&s, Granularity::Word, true, &mut got);
            let got: Vec<_> = got.iter().map(|t| (t.start as usize, t.end() as usize, t.ws())).collect();
            prop_assert_eq!(got, reference_words(&s));
        }

        #[test]
        fn tokens_cover_text(s in "\\PC{0,60}", g in 0..4u8) {
            let g = [Granularity::Auto, Granularity::Word, Granularity::Char, Granularity::Line][g as usize];
            let mut v = Vec::new();
            tokenize_into(&s, g, true, &mut v);
            let joined: String = v.iter().map(|t| t.text(&s)).collect();
            prop_assert_eq!(joined, s.clone());
            for w in v.windows(2) {
                prop_assert_eq!(w[0].end(), w[1].start);
                prop_assert!(!(w[0].ws() && w[1].ws()));
            }
        }

        #[test]
        fn mixed_text_fast_path_matches(s in "[a-b .,'\n\u{e9}\u{301}\u{4e2d}]{0,40}") {
            let mut got = Vec::new();
            tokenize_into(&s, Granularity::Word, true, &mut got);
            let got: Vec<_> = got.iter().map(|t| (t.start as usize, t.end() as usize, t.ws())).collect();
            prop_assert_eq!(got, reference_words(&s));
        }
    }
}
