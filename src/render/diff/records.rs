//! The records section shown under a diff: both envelopes, the revision link, changed fields.

use std::io::{self, Write};

use crate::render::printable;
use crate::review::compare::{RecordReview, RecordSide};
use crate::verify::MatchKind;

/// Writes the records of both revisions: whether each verified, the revision link, and the
/// fields that changed.
///
/// ```text
/// records
///   old  raw.md.tprov.json  verified
///   new  edited.md.tprov.json  verified
///   link NEW (revision 2) revises OLD (revision 1): the link is intact
///   2 of 14 fields changed
///     agents.postEditor   (none) -> Li Wei
/// ```
pub fn render_records(review: &RecordReview, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "records")?;
    for (label, side) in [("old", &review.old), ("new", &review.new)] {
        writeln!(
            out,
            "  {label}  {}  {}",
            printable(&side.envelope.display().to_string()),
            printable(&state(side))
        )?;
    }
    if let Some(link) = &review.link {
        writeln!(out, "  link {}", printable(&link.describe()))?;
    }
    let changed: Vec<_> = review.fields.iter().filter(|f| f.changed).collect();
    if !review.fields.is_empty() {
        writeln!(
            out,
            "  {} of {} fields changed",
            changed.len(),
            review.fields.len()
        )?;
    }
    for field in changed {
        let show = |v: &Option<String>| printable(v.as_deref().unwrap_or("(none)")).into_owned();
        // Field names carry the record's roles (`agents.ROLE`), which the signer chose.
        writeln!(
            out,
            "    {:<18} {} -> {}",
            printable(&field.field),
            show(&field.old),
            show(&field.new)
        )?;
    }
    Ok(())
}

/// Whether one side's record verified, as a phrase: `verified` (`verified by a text match`
/// when only the canonical text is the signed one, as `tprov verify` says it).
pub(crate) fn state(side: &RecordSide) -> String {
    let verified = match side.match_kind {
        Some(MatchKind::Text) => {
            "verified by a text match (the words are the signed ones, the bytes are not)"
        }
        _ => "verified",
    };
    match (side.verified, &side.failure) {
        (Some(true), _) if !side.signed_by.is_empty() => {
            let signers: Vec<String> = side
                .signed_by
                .iter()
                .map(|s| format!("{} (key {})", printable(&s.name), s.keyid.short()))
                .collect();
            format!("{verified}, signed by {}", signers.join(", "))
        }
        (Some(true), _) => verified.to_owned(),
        (Some(false), Some(why)) => format!("NOT VERIFIED: {why}"),
        (Some(false), None) => "NOT VERIFIED".to_owned(),
        (None, Some(why)) => format!("unreadable: {why}"),
        (None, None) => "not verified (give --trust or --pubkey to check signatures)".to_owned(),
    }
}
