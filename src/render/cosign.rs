//! What `tprov cosign` reports after writing a co-signed envelope.

use std::io::{self, Write};

use crate::render::sanitize::{printable, short_hint};
use crate::sign::cosign::Cosigned;

/// Writes what was co-signed: the file and key, the record's main facts (as read, not
/// verified), and the key id hints of the signatures that were already there (unchecked).
pub fn cosigned(done: &Cosigned, out: &mut dyn Write) -> io::Result<()> {
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
    let subject = done.statement.subject();
    let p = &done.statement.predicate;
    writeln!(
        out,
        "  translation  {}  sha256:{}",
        printable(subject.name.as_deref().unwrap_or("(unnamed)")),
        printable(subject.digest.get("sha256").map_or("?", String::as_str))
    )?;
    writeln!(
        out,
        "  languages    {} -> {}",
        printable(&p.source_language),
        printable(&p.target_language)
    )?;
    writeln!(out, "  revision     {}", p.revision)?;
    writeln!(
        out,
        "  record       sha256:{} (unchanged)",
        done.envelope.payload_digest()
    )?;
    for (i, hint) in done.existing.iter().enumerate() {
        writeln!(
            out,
            "  signature #{i} claims key id {} (not checked; verify with `tprov verify`)",
            hint.as_deref().map_or_else(|| "(none)".into(), short_hint)
        )?;
    }
    Ok(())
}
