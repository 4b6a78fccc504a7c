//! Batch verification: one line per document that did not verify, and the closing summary.

use std::io::{self, Write};

use crate::io::folder::{SkipReason, Skipped};
use crate::render::sanitize::printable;
use crate::render::style::{BAD, GOOD, MISSING};
use crate::render::text::plural;
use crate::verify::batch::{Outcome as BatchOutcome, Summary};
use crate::verify::{CheckKind, MatchKind};

/// Writes the line for one item of a batch verification: nothing for a verified document
/// without notes, `NOTE  PATH: NOTE` for each note of a verified one (a renamed copy; for a
/// text match, first the document check's `text match: …` and then what differed),
/// `FAIL  PATH: the CHECK check failed: DETAIL` for a failed or unreadable one,
/// `MISSING  PATH: no envelope beside it (expected PATH.tprov.json)` for a document without an
/// envelope (and the converse for an envelope without its document).
pub fn batch_line(outcome: &BatchOutcome, out: &mut dyn Write) -> io::Result<()> {
    let (style, word) = match outcome {
        BatchOutcome::Verified { report } => {
            // A verified document's notes (signed under another name) are what a reader of a
            // single verification would see: a batch keeps them. A text match says so first,
            // as the single report's document check does: the bytes are not the signed ones.
            let text_match = report
                .checks
                .iter()
                .find(|c| c.kind == CheckKind::Document)
                .filter(|_| report.match_kind == Some(MatchKind::Text))
                .map(|c| &c.detail);
            for note in text_match.into_iter().chain(&report.notes) {
                writeln!(
                    out,
                    "{MISSING}NOTE{MISSING:#}  {}: {}",
                    printable(&outcome.path().display().to_string()),
                    printable(note)
                )?;
            }
            return Ok(());
        }
        BatchOutcome::Failed { .. } | BatchOutcome::Unreadable { .. } => (BAD, "FAIL"),
        BatchOutcome::MissingEnvelope { .. }
        | BatchOutcome::MissingDocument { .. }
        | BatchOutcome::NotFound { .. } => (MISSING, "MISSING"),
    };
    // File names in an archive and details quoting a record are not ours: escape controls.
    writeln!(
        out,
        "{style}{word}{style:#}  {}: {}",
        printable(&outcome.path().display().to_string()),
        printable(&outcome.detail().unwrap_or_default())
    )
}

/// Writes the line for an entry a folder walk skipped: `SKIP  PATH: hidden, not looked into`
/// or `SKIP  PATH: link to a folder, not followed`.
pub fn batch_skipped(skipped: &Skipped, out: &mut dyn Write) -> io::Result<()> {
    let why = match skipped.reason {
        SkipReason::Hidden => "hidden, not looked into",
        SkipReason::LinkToFolder => "link to a folder, not followed",
    };
    writeln!(
        out,
        "{MISSING}SKIP{MISSING:#}  {}: {why}",
        printable(&skipped.path.display().to_string())
    )
}

/// Writes the summary of a batch verification, for example
/// `10000 documents: 9990 verified, 7 failed, 3 missing (document: 5, signature: 2, missing envelope: 3)`.
/// Unreadable items are counted when there are any; the reasons list failed checks first, then
/// missing files, then unreadable ones. An empty batch says that no documents were found.
pub fn batch_summary(summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
    if summary.total == 0 {
        return writeln!(out, "{BAD}0 documents{BAD:#}: no documents found");
    }
    let style = if summary.all_verified() { GOOD } else { BAD };
    write!(
        out,
        "{style}{}{style:#}: {} verified, {} failed, {} missing",
        plural(summary.total, "document"),
        summary.verified,
        summary.failed,
        summary.missing
    )?;
    if summary.unreadable > 0 {
        write!(out, ", {} unreadable", summary.unreadable)?;
    }
    if summary.skipped > 0 {
        write!(out, ", {} skipped (not looked into)", summary.skipped)?;
    }
    let reasons = reasons(summary);
    if !reasons.is_empty() {
        write!(out, " ({})", reasons.join(", "))?;
    }
    writeln!(out)
}

/// "document: 5", "missing envelope: 3", ...: failed checks first (by name), then missing
/// files, then unreadable items.
fn reasons(summary: &Summary) -> Vec<String> {
    let rank = |reason: &str| match reason {
        "missingEnvelope" => 1,
        "missingDocument" => 2,
        "notFound" => 3,
        "unreadable" => 4,
        _ => 0,
    };
    let mut reasons: Vec<(&str, usize)> = summary
        .by_reason
        .iter()
        .map(|(reason, n)| (*reason, *n))
        .collect();
    reasons.sort_by_key(|(reason, _)| (rank(reason), *reason));
    reasons
        .iter()
        .map(|(reason, n)| {
            let label = match *reason {
                "missingEnvelope" => "missing envelope",
                "missingDocument" => "missing document",
                "notFound" => "not found",
                other => other,
            };
            format!("{label}: {n}")
        })
        .collect()
}
