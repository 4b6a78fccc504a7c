//! The plain-text carrier: an armour block at the end of the document,
//!
//! ```text
//! -----BEGIN TPROV ENVELOPE-----
//! eyJwYXlsb2FkIjoi… (base64 of the envelope JSON, 64 columns)
//! -----END TPROV ENVELOPE-----
//! ```
//!
//! Lines are compared whole (trailing white space and a CR ignored), so the markers inside a
//! sentence are not a block. The block's line endings follow the document's first line ending.

use std::ops::Range;

use base64::Engine as _;

use super::{EmbedError, Embedded, MAX_EMBEDDED_ITEMS, one_envelope};
use crate::crypto::dsse::{MAX_ENVELOPE_BYTES, decode_base64};

/// The first line of a block.
pub const BEGIN: &str = "-----BEGIN TPROV ENVELOPE-----";
/// The last line of a block.
pub const END: &str = "-----END TPROV ENVELOPE-----";
/// The width of the base64 lines, as in PEM (RFC 7468).
const COLUMNS: usize = 64;

/// One armour block: its byte range (BEGIN line start to END line end) and its base64 text.
struct Block {
    range: Range<usize>,
    base64: String,
}

pub(super) fn embed(document: &[u8], envelope_json: &[u8]) -> Result<Vec<u8>, EmbedError> {
    let mut out = strip(document)?;
    let newline: &[u8] = if uses_crlf(document) { b"\r\n" } else { b"\n" };
    if !out.is_empty() {
        if !out.ends_with(b"\n") {
            out.extend_from_slice(newline);
        }
        out.extend_from_slice(newline);
    }
    let encoded = base64::engine::general_purpose::STANDARD.encode(envelope_json);
    out.extend_from_slice(BEGIN.as_bytes());
    out.extend_from_slice(newline);
    for line in encoded.as_bytes().chunks(COLUMNS) {
        out.extend_from_slice(line);
        out.extend_from_slice(newline);
    }
    out.extend_from_slice(END.as_bytes());
    out.extend_from_slice(newline);
    Ok(out)
}

pub(super) fn extract(document: &[u8]) -> Result<Embedded, EmbedError> {
    let mut carriers = Vec::new();
    for (i, block) in blocks(document)?.into_iter().enumerate() {
        let index = i + 1;
        // Base64 is 4/3 the size of what it encodes: refuse before decoding a huge block.
        if block.base64.len() as u64 > MAX_ENVELOPE_BYTES / 3 * 4 + 4 {
            return Err(EmbedError::EmbeddedTooLarge { index });
        }
        carriers.push(decode_base64(&block.base64).ok_or(EmbedError::ArmourNotBase64 { index })?);
    }
    Ok(Embedded {
        envelope: one_envelope(carriers)?,
        ..Embedded::default()
    })
}

/// The document without its armour blocks, and without the blank line [`embed`] put before a
/// block at the end, so embedding twice gives what embedding once gives.
pub(super) fn strip(document: &[u8]) -> Result<Vec<u8>, EmbedError> {
    let mut out = Vec::with_capacity(document.len());
    let mut from = 0;
    for block in blocks(document)? {
        out.extend_from_slice(&document[from..block.range.start]);
        from = block.range.end;
    }
    let tail = &document[from..];
    if from > 0 && tail.iter().all(u8::is_ascii_whitespace) {
        // The separator is the last line ending, when a line ending (of either kind: a
        // document may mix them) comes right before it.
        let last = if out.ends_with(b"\r\n") {
            2
        } else {
            usize::from(out.ends_with(b"\n"))
        };
        if last > 0 && out[..out.len() - last].ends_with(b"\n") {
            out.truncate(out.len() - last);
        }
    } else {
        out.extend_from_slice(tail);
    }
    Ok(out)
}

fn uses_crlf(document: &[u8]) -> bool {
    document
        .iter()
        .position(|&b| b == b'\n')
        .is_some_and(|i| i > 0 && document[i - 1] == b'\r')
}

/// Lines with their byte ranges (each range includes its line ending).
fn lines(document: &[u8]) -> impl Iterator<Item = (Range<usize>, &[u8])> {
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= document.len() {
            return None;
        }
        let end = document[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(document.len(), |i| start + i + 1);
        let range = start..end;
        start = end;
        let line = document[range.clone()].trim_ascii_end();
        Some((range, line))
    })
}

fn blocks(document: &[u8]) -> Result<Vec<Block>, EmbedError> {
    let mut found = Vec::new();
    let mut open: Option<(usize, usize, String)> = None;
    // One pass over the lines: bounded by the document's length.
    for (number, (range, line)) in lines(document).enumerate() {
        match &mut open {
            None if line == BEGIN.as_bytes() => {
                if found.len() == MAX_EMBEDDED_ITEMS {
                    return Err(EmbedError::TooManyItems {
                        what: "embedded envelopes",
                    });
                }
                open = Some((range.start, number + 1, String::new()));
            }
            None => {}
            Some((start, _, base64)) if line == END.as_bytes() => {
                found.push(Block {
                    range: *start..range.end,
                    base64: std::mem::take(base64),
                });
                open = None;
            }
            Some((_, _, base64)) => {
                // Anything but base64 makes the decoding fail below, with the block's number.
                base64.push_str(&String::from_utf8_lossy(line.trim_ascii()));
            }
        }
    }
    match open {
        Some((_, line, _)) => Err(EmbedError::ArmourUnterminated { line }),
        None => Ok(found),
    }
}
