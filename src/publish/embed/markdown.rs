//! The Markdown carrier: an HTML comment block at the end of the document,
//!
//! ```text
//! <!-- tprov-envelope
//! {"payload":"…","payloadType":"application/vnd.in-toto+json","signatures":[…]}
//! -->
//! ```
//!
//! The blocks are found by a CommonMark parser (pulldown-cmark): a top-level HTML block whose
//! first line is `<!-- tprov-envelope`. A line that merely looks like one inside a code block or
//! a list is not a carrier.

use std::ops::Range;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::{EmbedError, Embedded, inert_json, one_envelope};

/// The first line of a carrier block.
const OPENING: &str = "<!-- tprov-envelope";
/// The last line of a carrier block.
const CLOSING: &str = "-->";

pub(super) fn embed(document: &[u8], envelope_json: &[u8]) -> Result<Vec<u8>, EmbedError> {
    let mut text = strip(document)?;
    // A blank line before the block ends any paragraph, list or HTML block the document ends
    // with, so the comment starts a block of its own.
    match (text.is_empty(), text.ends_with('\n')) {
        (true, _) => {}
        (false, true) => text.push('\n'),
        (false, false) => text.push_str("\n\n"),
    }
    text.push_str(OPENING);
    text.push('\n');
    text.push_str(&inert_json(envelope_json, false));
    text.push('\n');
    text.push_str(CLOSING);
    text.push('\n');
    // An open fenced code block or raw HTML block at the end would swallow the comment as text
    // (and change the document's text): check that the parser sees exactly one carrier.
    if blocks(&text)?.len() != 1 {
        return Err(EmbedError::MarkdownOpenBlock);
    }
    Ok(text.into_bytes())
}

pub(super) fn extract(document: &[u8]) -> Result<Embedded, EmbedError> {
    let text = utf8(document)?;
    let carriers = blocks(text)?
        .into_iter()
        .map(|range| carrier_json(&text[range]).as_bytes().to_vec())
        .collect();
    Ok(Embedded {
        envelope: one_envelope(carriers)?,
        ..Embedded::default()
    })
}

/// The document without its carrier blocks, and without the blank line [`embed`] put before
/// a block at the end, so embedding twice gives what embedding once gives.
pub(super) fn strip(document: &[u8]) -> Result<String, EmbedError> {
    let text = utf8(document)?;
    let mut out = String::with_capacity(text.len());
    let mut from = 0;
    for range in blocks(text)? {
        out.push_str(&text[from..range.start]);
        from = range.end;
    }
    let tail = &text[from..];
    if from > 0 && tail.trim().is_empty() {
        if out.ends_with("\n\n") {
            out.pop();
        }
    } else {
        out.push_str(tail);
    }
    Ok(out)
}

fn utf8(document: &[u8]) -> Result<&str, EmbedError> {
    std::str::from_utf8(document).map_err(|_| EmbedError::NotUtf8 { format: "Markdown" })
}

/// The byte ranges of the top-level HTML blocks that open with [`OPENING`].
fn blocks(text: &str) -> Result<Vec<Range<usize>>, EmbedError> {
    let mut depth = 0usize;
    let mut found = Vec::new();
    // The parser's events are bounded by the document's length, itself bounded by the caller.
    for (event, range) in Parser::new_ext(text, Options::empty()).into_offset_iter() {
        match event {
            Event::Start(Tag::HtmlBlock) if depth == 0 => {
                depth += 1;
                let block = &text[range.clone()];
                if block.lines().next().map(str::trim_end) == Some(OPENING) {
                    if found.len() == super::MAX_EMBEDDED_ITEMS {
                        return Err(EmbedError::TooManyItems {
                            what: "embedded envelopes",
                        });
                    }
                    found.push(range);
                }
            }
            Event::Start(_) => depth += 1,
            Event::End(TagEnd::HtmlBlock) | Event::End(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    Ok(found)
}

/// The JSON between the opening line and the closing `-->`.
fn carrier_json(block: &str) -> &str {
    let body = block.split_once('\n').map_or("", |(_, rest)| rest);
    let body = body.trim_end();
    body.strip_suffix(CLOSING).unwrap_or(body).trim()
}
