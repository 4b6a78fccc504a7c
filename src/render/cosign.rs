//! What `tprov cosign` reports after writing a co-signed envelope.

use std::io::{self, Write};

use crate::render::sanitize::{printable, short_hint};
use crate::render::statement::statement;
use crate::render::style::BAD;
use crate::sign::cosign::Cosigned;

/// Writes what was co-signed: the file and key, and the record's identity. When the record was
/// `checked` (verified with the document before co-signing; its report shown already), that is
/// all. Otherwise the whole record follows, marked as read and not verified, with the key id
/// hints of the signatures that were already there (unchecked).
pub fn cosigned(done: &Cosigned, checked: bool, out: &mut dyn Write) -> io::Result<()> {
    let path = done
        .written
        .as_ref()
        .map_or_else(|| "-".to_owned(), |p| p.display().to_string());
    writeln!(
        out,
        "co-signed {} (key {}, {} signatures now)",
        printable(&path),
        done.keyid.short(),
        done.envelope.signatures.len()
    )?;
    writeln!(
        out,
        "  record       sha256:{} (unchanged)",
        done.envelope.payload_digest()
    )?;
    if checked {
        return Ok(());
    }
    writeln!(
        out,
        "{BAD}what you co-signed, as read (NOT verified: no document, no signature checked){BAD:#}"
    )?;
    statement(&done.statement, out)?;
    for (i, hint) in done.existing.iter().enumerate() {
        writeln!(
            out,
            "  signature #{i} claims key id {} (not checked)",
            hint.as_deref().map_or_else(|| "(none)".into(), short_hint)
        )?;
    }
    Ok(())
}
