//! An inspection: the not-verified banner first, then what the envelope claims.

use std::io::{self, Write};

use crate::render::statement::statement;
use crate::render::style::BAD;
use crate::render::text::field;
use crate::review::inspect::Inspection;

/// Writes an inspection: the not-verified banner first, then what the envelope claims.
pub fn inspection(inspection: &Inspection, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{BAD}{}{BAD:#}", inspection.notice)?;
    writeln!(out)?;
    field(out, "payload type", &inspection.payload_type)?;
    field(
        out,
        "record id",
        &format!("sha256:{} (of the payload)", inspection.payload_sha256),
    )?;
    for (i, hint) in inspection.keyid_hints.iter().enumerate() {
        field(
            out,
            &format!("signature #{i}"),
            &format!(
                "claims key id {} (unchecked)",
                hint.as_deref().unwrap_or("(none)")
            ),
        )?;
    }
    match (&inspection.record, &inspection.record_problem) {
        (Some(record), _) => statement(record, out),
        (None, Some(problem)) => field(out, "payload", &format!("not a tprov record: {problem}")),
        (None, None) => Ok(()),
    }
}
