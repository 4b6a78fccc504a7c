//! Small pieces of text layout shared by the renderers: counted nouns and labelled fields.

use std::io::{self, Write};

use crate::render::sanitize::printable;
use crate::render::style::HEAD;

/// "1 document", "2 documents": `n` and the noun, plural unless `n` is 1 (regular plurals only).
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

/// Width of the label column of [`field`].
const LABEL_WIDTH: usize = 12;

/// One labelled line, `  label        value`, both escaped.
pub(crate) fn field(out: &mut dyn Write, label: &str, value: &str) -> io::Result<()> {
    let (label, value) = (printable(label), printable(value));
    writeln!(out, "  {HEAD}{label:<LABEL_WIDTH$}{HEAD:#} {value}")
}

/// A further line of the field above, aligned under its value, escaped.
pub(crate) fn continuation(out: &mut dyn Write, value: &str) -> io::Result<()> {
    writeln!(out, "  {:<LABEL_WIDTH$} {}", "", printable(value))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plural_counts_one_and_many() {
        assert_eq!(plural(0, "signature"), "0 signatures");
        assert_eq!(plural(1, "signature"), "1 signature");
        assert_eq!(plural(2, "document"), "2 documents");
    }
}
