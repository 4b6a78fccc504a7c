//! Step 1 of canonical text v1: the text of a document, as blocks, by format. The Markdown and
//! HTML parsers are real ones (pulldown-cmark, html5ever); only the plain-text armour block is
//! recognised here.

use std::borrow::Cow;

use memchr::memmem;

/// Extracted text: one buffer and the end offset of each block (a paragraph, heading, list
/// item, table cell, code block…). A block boundary is a sentence boundary and a break. Plain
/// text borrows the input (one block, nothing to copy); the parsers build their text.
#[derive(Debug, Default)]
pub(crate) struct Blocks<'a> {
    pub(crate) text: Cow<'a, str>,
    pub(crate) ends: Vec<usize>,
}

impl Blocks<'_> {
    pub(crate) fn with_capacity(bytes: usize) -> Self {
        Self {
            text: Cow::Owned(String::with_capacity(bytes)),
            ends: Vec::new(),
        }
    }

    /// Appends text to the open block.
    pub(crate) fn push_str(&mut self, text: &str) {
        self.text.to_mut().push_str(text);
    }

    /// A line break inside the block (`<br>`, a Markdown soft or hard break).
    pub(crate) fn push_break(&mut self) {
        self.text.to_mut().push('\n');
    }

    /// Closes the open block, if it has any text.
    pub(crate) fn end_block(&mut self) {
        if self.text.len() > self.ends.last().copied().unwrap_or(0) {
            self.ends.push(self.text.len());
        }
    }

    /// The blocks' texts, in order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> {
        let mut start = 0;
        self.ends.iter().map(move |&end| {
            let block = &self.text[start..end];
            start = end;
            block
        })
    }
}

/// The armour block tprov appends to plain text (`tprov embed`).
const ARMOUR_BEGIN: &str = "-----BEGIN TPROV ENVELOPE-----";
const ARMOUR_END: &str = "-----END TPROV ENVELOPE-----";

/// Plain text: the text without a trailing tprov armour block. The armour is removed only when
/// it is the last thing in the file (nothing but white space after its END line) and its BEGIN
/// line starts a line, so an armour quoted in the middle of a text stays text.
pub(crate) fn strip_armour(text: &str) -> &str {
    let Some(begin) = memmem::rfind(text.as_bytes(), ARMOUR_BEGIN.as_bytes()) else {
        return text;
    };
    let at_line_start = begin == 0 || matches!(text.as_bytes()[begin - 1], b'\n' | b'\r');
    let after = &text[begin + ARMOUR_BEGIN.len()..];
    let Some(end) = memmem::find(after.as_bytes(), ARMOUR_END.as_bytes()) else {
        return text;
    };
    let tail = &after[end + ARMOUR_END.len()..];
    if at_line_start && tail.chars().all(char::is_whitespace) {
        &text[..begin]
    } else {
        text
    }
}

/// Plain text is one block: its paragraphs (blank lines) are found by the whitespace step,
/// which sees the line breaks.
pub(crate) fn plain(text: &str) -> Blocks<'_> {
    let mut blocks = Blocks {
        text: Cow::Borrowed(strip_armour(text)),
        ends: Vec::new(),
    };
    blocks.end_block();
    blocks
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn armour_is_removed_only_at_the_end_of_the_file() {
        let armour = "-----BEGIN TPROV ENVELOPE-----\neyJ9\n-----END TPROV ENVELOPE-----\n";
        assert_eq!(strip_armour(&format!("Text.\n\n{armour}")), "Text.\n\n");
        assert_eq!(
            strip_armour(&format!("{armour}\nMore text.")),
            format!("{armour}\nMore text.")
        );
        let quoted = format!("He wrote {armour}");
        assert_eq!(strip_armour(&quoted), quoted, "not at a line start");
        assert_eq!(strip_armour("no armour"), "no armour");
    }
}
