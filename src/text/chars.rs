//! The character properties canonical text v1 uses, from ICU4X's compiled Unicode data (no
//! hand-kept tables): Default_Ignorable_Code_Point, White_Space, East_Asian_Width, Script and
//! Extended_Pictographic.

use icu_properties::props::{
    DefaultIgnorableCodePoint, EastAsianWidth, ExtendedPictographic, Script, SentenceBreak,
    WhiteSpace,
};
use icu_properties::{
    CodePointMapData, CodePointMapDataBorrowed, CodePointSetData, CodePointSetDataBorrowed,
};

/// ZERO WIDTH NON-JOINER: default-ignorable, but it changes how Persian, Hindi and other scripts
/// are shaped and spelled, so it is part of the text.
const ZWNJ: char = '\u{200C}';
/// ZERO WIDTH JOINER: default-ignorable, but it joins emoji sequences (👩‍💻) and shapes Indic
/// scripts, so it is part of the text.
const ZWJ: char = '\u{200D}';

static IGNORABLE: CodePointSetDataBorrowed<'static> =
    CodePointSetData::new::<DefaultIgnorableCodePoint>();
static SPACE: CodePointSetDataBorrowed<'static> = CodePointSetData::new::<WhiteSpace>();
static PICTOGRAPHIC: CodePointSetDataBorrowed<'static> =
    CodePointSetData::new::<ExtendedPictographic>();
static WIDTH: CodePointMapDataBorrowed<'static, EastAsianWidth> =
    CodePointMapData::<EastAsianWidth>::new();
static SENTENCE: CodePointMapDataBorrowed<'static, SentenceBreak> =
    CodePointMapData::<SentenceBreak>::new();
static SCRIPT: CodePointMapDataBorrowed<'static, Script> = CodePointMapData::<Script>::new();

/// Whether `c` is an invisible character the canonical text drops: Default_Ignorable_Code_Point
/// (ZERO WIDTH SPACE, SOFT HYPHEN, bidi marks, variation selectors, tag characters, …) other
/// than ZWNJ and ZWJ.
pub(crate) fn is_removed_invisible(c: char) -> bool {
    !c.is_ascii() && c != ZWNJ && c != ZWJ && IGNORABLE.contains(c)
}

/// Unicode White_Space (includes every line break, NBSP U+00A0 and IDEOGRAPHIC SPACE U+3000).
pub(crate) fn is_space(c: char) -> bool {
    if c.is_ascii() {
        matches!(c, ' ' | '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r')
    } else {
        SPACE.contains(c)
    }
}

/// How many line breaks `c` counts for inside a run of white space (CRLF is counted once by
/// the caller; a PARAGRAPH SEPARATOR counts as a blank line).
pub(crate) fn line_breaks(c: char) -> u32 {
    match c {
        '\n' | '\r' | '\u{0B}' | '\u{0C}' | '\u{85}' | '\u{2028}' => 1,
        '\u{2029}' => 2,
        _ => 0,
    }
}

/// Whether `c` belongs to a script written without spaces between words, for the whitespace
/// rule: East_Asian_Width Fullwidth or Wide, but not Hangul (Korean spaces its words) and not
/// an emoji (Extended_Pictographic: a space between two emoji is visible and meant).
pub(crate) fn is_wide(c: char) -> bool {
    if c.is_ascii() {
        return false;
    }
    let width = WIDTH.get(c);
    (width == EastAsianWidth::Wide || width == EastAsianWidth::Fullwidth)
        && SCRIPT.get(c) != Script::Hangul
        && !PICTOGRAPHIC.contains(c)
}

/// Whether `c` is a sentence terminator (Sentence_Break STerm or ATerm): in a canonical text,
/// which has no line or paragraph separators left, every UAX #29 sentence boundary but the
/// end of the text follows one.
pub(crate) fn is_sentence_terminator(c: char) -> bool {
    if c.is_ascii() {
        matches!(c, '.' | '!' | '?')
    } else {
        let class = SENTENCE.get(c);
        class == SentenceBreak::STerm || class == SentenceBreak::ATerm
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn properties_of_the_characters_the_rules_name() {
        for c in [
            '\u{200B}',
            '\u{AD}',
            '\u{FE0F}',
            '\u{200E}',
            '\u{2060}',
            '\u{FEFF}',
            '\u{E0041}',
        ] {
            assert!(is_removed_invisible(c), "U+{:04X} is removed", c as u32);
        }
        for c in [ZWNJ, ZWJ, 'a', ' ', '\u{3000}'] {
            assert!(!is_removed_invisible(c), "U+{:04X} is kept", c as u32);
        }
        for c in [
            '\u{A0}', '\u{3000}', '\u{2028}', '\u{2029}', '\u{85}', '\t', '\r',
        ] {
            assert!(is_space(c), "U+{:04X} is white space", c as u32);
        }
        assert!(
            !is_space('\u{200B}'),
            "ZWSP is not White_Space (it is removed as invisible)"
        );
        for c in ['中', '。', 'か', 'カ', 'Ａ', '，'] {
            assert!(is_wide(c), "{c} is wide");
        }
        for c in ['한', 'ㄱ', 'a', 'ｶ', '🍕', 'é', 'ก'] {
            assert!(!is_wide(c), "{c} is not wide");
        }
    }
}
