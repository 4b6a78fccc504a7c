//! The one terminal sanitizer: every string from an envelope, a document or a file name goes
//! through [`printable`] before it reaches a terminal.

use std::borrow::Cow;

use crate::crypto::keys::KeyId;

/// `text` made safe to write to a terminal: control characters (C0, DEL, C1 — which include
/// the escape that starts ANSI sequences, carriage return and bell) and the Unicode bidirectional
/// controls are shown as `\u{..}` escapes.
///
/// Records, key id hints and file names come from whoever wrote the envelope; written raw,
/// `"\x1b[2K\rVERIFIED"` in an agent's name could erase a NOT VERIFIED banner, and a
/// right-to-left override could make a name read as another ("Trojan Source").
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            shown.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            shown.push(c);
        }
    }
    Cow::Owned(shown)
}

/// Control characters, and the bidirectional formatting characters of Unicode's bidi algorithm
/// (UAX #9): the Arabic letter mark U+061C, the left-to-right and right-to-left marks U+200E and
/// U+200F, the embeddings and overrides U+202A–U+202E, and the isolates U+2066–U+2069.
fn unsafe_char(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
        )
}

/// An untrusted key id hint as shown to people: as many characters as a short key id
/// ([`KeyId::SHORT_LEN`]), escaped.
pub fn short_hint(hint: &str) -> String {
    printable(&first_chars(hint, KeyId::SHORT_LEN)).into_owned()
}

/// At most the first `n` characters of `text`, never cutting a character in two.
fn first_chars(text: &str, n: usize) -> String {
    text.chars().take(n).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_controls_from_records_are_escaped() {
        assert_eq!(printable("Li Wei"), "Li Wei");
        assert_eq!(printable("E\x1b[2K\rOK\x07"), "E\\u{1b}[2K\\u{d}OK\\u{7}");
        assert_eq!(printable("a\u{202E}b"), "a\\u{202e}b");
        assert_eq!(first_chars("aaaaaaaaaaaaaaaé…", 16), "aaaaaaaaaaaaaaaé");
    }

    #[test]
    fn every_bidi_formatting_character_is_escaped() {
        for c in [
            '\u{061C}', '\u{200E}', '\u{200F}', '\u{202A}', '\u{202E}', '\u{2066}', '\u{2069}',
        ] {
            let text = format!("a{c}b");
            assert_eq!(
                printable(&text),
                format!("a\\u{{{:x}}}b", c as u32),
                "U+{:04X}",
                c as u32
            );
        }
        // Arabic letters themselves are text, not controls.
        assert_eq!(printable("مرحبا"), "مرحبا");
    }
}
