//! The answer of `tprov quote`: where a quote is in the signed text, or the closest passage
//! and a word diff when it is not there. Every piece of quoted or signed text is escaped.

use std::io::{self, Write};

use crate::render::style::{BAD, GOOD};
use crate::render::text::field;
use crate::review::quote::{InDocument, InRecord, WordChangeKind};

/// Writes the answer with the envelope alone: which signed sentences the quote is.
pub fn quote_in_record(answer: &InRecord, out: &mut dyn Write) -> io::Result<()> {
    match answer {
        InRecord::Found {
            first_sentence,
            sentence_count,
            paragraph,
        } => {
            let which = match sentence_count {
                1 => format!("signed sentence {}", first_sentence + 1),
                n => format!(
                    "signed sentences {}–{}",
                    first_sentence + 1,
                    first_sentence + n
                ),
            };
            writeln!(
                out,
                "{GOOD}FOUND{GOOD:#}  the quote is {which}, in paragraph {}, word for word",
                paragraph + 1
            )
        }
        InRecord::NotFound {
            sentences_found,
            quote_sentences,
        } => writeln!(
            out,
            "{BAD}NOT FOUND{BAD:#}  the quote is not a run of whole signed sentences ({sentences_found} of its {quote_sentences} sentences are signed sentences); part of a sentence can only be checked against the document (--in DOC)"
        ),
        InRecord::NoSentencesListed => writeln!(
            out,
            "{BAD}NOT FOUND{BAD:#}  the record lists no sentence digests (a text of more than 20,000 sentences); check the quote against the document (--in DOC)"
        ),
    }
}

/// Writes the answer with the verified document: where the quote is, with the words around
/// it, or the closest passage and how the quote differs from it.
pub fn quote_in_document(quote: &str, answer: &InDocument, out: &mut dyn Write) -> io::Result<()> {
    match answer {
        InDocument::Found(at) => {
            writeln!(
                out,
                "{GOOD}FOUND{GOOD:#}  the quote is in the signed text, paragraph {}, sentence {}{}",
                at.paragraph + 1,
                at.sentence + 1,
                if at.whole_sentences {
                    " (whole sentences)"
                } else {
                    ""
                }
            )?;
            field(
                out,
                "in context",
                &format!("…{} «{quote}» {}…", at.before, at.after),
            )
        }
        InDocument::NotFound(closest) if closest.passage.is_empty() => writeln!(
            out,
            "{BAD}NOT FOUND{BAD:#}  the quote is not in the signed text, and no passage is close to it"
        ),
        InDocument::NotFound(closest) => {
            writeln!(
                out,
                "{BAD}NOT FOUND{BAD:#}  the quote differs from the signed text; the closest passage is in paragraph {}, sentence {}",
                closest.paragraph + 1,
                closest.sentence + 1
            )?;
            field(out, "signed", &format!("\"{}\"", closest.passage))?;
            let diff: String = closest
                .diff
                .iter()
                .map(|change| match change.kind {
                    WordChangeKind::Same => change.text.clone(),
                    WordChangeKind::Signed => format!("[-{}-]", change.text),
                    WordChangeKind::Quote => format!("{{+{}+}}", change.text),
                })
                .collect();
            field(out, "difference", &diff)?;
            writeln!(
                out,
                "  ([-…-] is signed text the quote lacks, {{+…+}} is text of the quote that was not signed)"
            )
        }
    }
}
