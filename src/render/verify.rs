//! The verification report of one document: the verdict, the record (only when verified), every
//! check and every signature.

use std::io::{self, Write};

use crate::record::Role;
use crate::render::sanitize::{printable, short_hint};
use crate::render::statement::statement;
use crate::render::style::{BAD, DIM, GOOD, HEAD};
use crate::render::text::field;
use crate::text::diagnose::{ChangeKind, Diagnosis, Passage};
use crate::verify::disclosure::{DisclosureReport, DisclosureStatus};
use crate::verify::text_match::punctuation_name;
use crate::verify::{CheckOutcome as Outcome, Report, SignatureReport, SignatureStatus, Signer};

/// The most lines of a diagnosis shown; the rest are counted (all are in `--json`).
const MAX_DIAGNOSIS_LINES: usize = 12;

/// Writes a verification report: the verdict, then (only when verified) the record, then
/// every check and every signature.
pub fn verify_report(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    verdict(report, out)?;
    // Which envelope was used: embedded, linked, or the file (beside the page, or given).
    match (&report.envelope_source, &report.envelope) {
        (Some(source), path) => field(out, "envelope", &source.describe(path.as_deref()))?,
        (None, Some(path)) => field(out, "envelope", &path.display().to_string())?,
        (None, None) => {}
    }
    if let Some(record) = &report.record {
        let signers: Vec<String> = report
            .signatures
            .iter()
            .filter(|s| s.counts())
            .filter_map(|s| {
                let signer = s.signer.as_ref()?;
                Some(who(signer, &s.roles, "; trusted as "))
            })
            .collect();
        field(out, "signed by", &signers.join(", "))?;
        statement(record, out)?;
    }
    for note in &report.notes {
        field(out, "note", note)?;
    }
    if let Some(diagnosis) = &report.diagnosis {
        diagnosis_lines(diagnosis, out)?;
    }
    if let Some(disclosure) = &report.disclosure {
        disclosure_lines(disclosure, out)?;
    }
    writeln!(out)?;
    checks(report, out)?;
    if !report.signatures.is_empty() {
        writeln!(out, "{HEAD}signatures{HEAD:#}")?;
        for s in &report.signatures {
            signature_line(s, out)?;
        }
    }
    Ok(())
}

/// `VERIFIED  DOCUMENT`, or `NOT VERIFIED  DOCUMENT: the CHECK check failed`.
fn verdict(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let document = match (&report.url, &report.document) {
        (Some(url), _) => printable(url).into_owned(),
        (None, Some(d)) => printable(&d.display().to_string()).into_owned(),
        (None, None) => "document".into(),
    };
    if report.verified {
        writeln!(out, "{GOOD}VERIFIED{GOOD:#}  {document}")
    } else {
        let failed = report.failure().map_or("a", |c| c.kind.name());
        writeln!(
            out,
            "{BAD}NOT VERIFIED{BAD:#}  {document}: the {failed} check failed"
        )
    }
}

/// The changed, missing and moved signed sentences and the added text of a copy whose words
/// differ, one line each (at most [`MAX_DIAGNOSIS_LINES`]), every excerpt escaped.
fn diagnosis_lines(diagnosis: &Diagnosis, out: &mut dyn Write) -> io::Result<()> {
    let shown = diagnosis.changes.len() + diagnosis.added.len();
    for change in diagnosis.changes.iter().take(MAX_DIAGNOSIS_LINES) {
        let label = match change.kind {
            ChangeKind::Changed => "changed",
            ChangeKind::Missing => "missing",
            ChangeKind::Moved => "moved",
            ChangeKind::PunctuationOnly => "punctuation",
        };
        let last = change.first_sentence + change.sentence_count;
        let which = if change.sentence_count == 1 {
            format!("sentence {}", change.first_sentence + 1)
        } else {
            format!("sentences {}–{last}", change.first_sentence + 1)
        };
        let mut line = format!("{which} in paragraph {}", change.paragraph + 1);
        if !change.punctuation.is_empty() {
            let kinds: Vec<&str> = change
                .punctuation
                .iter()
                .map(|k| punctuation_name(*k))
                .collect();
            line.push_str(&format!(": only {} changed", kinds.join(", ")));
        }
        if let Some(copy) = &change.copy {
            line.push_str(&format!(" (now {})", excerpt(copy)));
        }
        field(out, label, &line)?;
    }
    let room = MAX_DIAGNOSIS_LINES.saturating_sub(diagnosis.changes.len());
    for added in diagnosis.added.iter().take(room) {
        field(out, "added", &excerpt(added))?;
    }
    if shown > MAX_DIAGNOSIS_LINES {
        field(
            out,
            "",
            &format!("… and {} more (see --json)", shown - MAX_DIAGNOSIS_LINES),
        )?;
    }
    Ok(())
}

/// The page's disclosure: what it claims that the record does not, each claim beside what the
/// record says (every string escaped by [`field`]); or in a word, that it agrees or is absent.
fn disclosure_lines(disclosure: &DisclosureReport, out: &mut dyn Write) -> io::Result<()> {
    let verdict = match disclosure.status {
        DisclosureStatus::NotPresent => "none on the page (nothing to check)",
        DisclosureStatus::NotChecked => "not checked (the record did not verify)",
        DisclosureStatus::Generated => "the one tprov writes from this record",
        DisclosureStatus::Consistent => "contradicts nothing in the record",
        DisclosureStatus::Unreadable => "could not be read",
        _ => "CONTRADICTS the record",
    };
    field(out, "disclosure", verdict)?;
    let claims = disclosure.elements.iter().flat_map(|e| &e.contradictions);
    for claim in claims.take(MAX_DIAGNOSIS_LINES) {
        field(
            out,
            "page claims",
            &format!("{}: {}", claim.label(), claim.page),
        )?;
        field(out, "record says", &claim.record)?;
    }
    Ok(())
}

/// A passage of the copy in quotation marks, "…" when it was cut.
fn excerpt(passage: &Passage) -> String {
    let more = if passage.truncated { "…" } else { "" };
    format!("\"{}{more}\"", passage.excerpt)
}

/// One line per check: pass, FAIL or skip, its name and what it found.
fn checks(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    writeln!(out, "{HEAD}checks{HEAD:#}")?;
    // The names line up: as wide as the longest shown (`disclosure` appears on pages only).
    let width = report
        .checks
        .iter()
        .map(|c| c.kind.name().len())
        .max()
        .unwrap_or(0)
        .max(9);
    for check in &report.checks {
        let (style, word) = match check.outcome {
            Outcome::Passed => (GOOD, "pass"),
            Outcome::Failed => (BAD, "FAIL"),
            Outcome::Skipped => (DIM, "skip"),
        };
        writeln!(
            out,
            "  {style}{word}{style:#}  {:<width$}  {}",
            check.kind.name(),
            printable(&check.detail)
        )?;
    }
    Ok(())
}

/// One signature: its status, who made it (when a trusted key did), and why it does not count.
fn signature_line(s: &SignatureReport, out: &mut dyn Write) -> io::Result<()> {
    let Some(signer) = &s.signer else {
        let hint = s
            .keyid_hint
            .as_deref()
            .map(|k| format!("key id hint {}", short_hint(k)))
            .unwrap_or_else(|| "no key id".into());
        return writeln!(
            out,
            "  #{}  {BAD}not verified{BAD:#} by any trusted key ({hint}, untrusted): not counted",
            s.index
        );
    };
    let (style, word) = match s.status {
        SignatureStatus::Verified => (GOOD, "verified"),
        SignatureStatus::Revoked => (BAD, "REVOKED"),
        SignatureStatus::Expired => (BAD, "EXPIRED"),
        SignatureStatus::NotYetValid => (BAD, "NOT YET VALID"),
        _ => (BAD, "not verified"),
    };
    let who = who(signer, &s.roles, "; ");
    write!(out, "  #{}  {style}{word}{style:#} by {who}", s.index)?;
    if let Some(reason) = &s.reason {
        write!(out, ": {reason}")?;
    }
    if let Some(first) = s.duplicate_of {
        write!(out, " (same key as #{first}: counted once)")?;
    }
    writeln!(out)
}

/// "newsroom (key 1a2b3c4d5e6f7a8b; trusted as publisher)": the reader's name for the key, the
/// short key id, and the roles granted after `prefix` (nothing when none is granted).
fn who(signer: &Signer, roles: &[Role], prefix: &str) -> String {
    let short = signer.keyid.short();
    format!(
        "{} (key {short}{})",
        signer.name,
        granted_roles(roles, prefix)
    )
}

/// "; trusted as publisher, editor", or nothing when no role is granted.
fn granted_roles(roles: &[Role], prefix: &str) -> String {
    if roles.is_empty() {
        String::new()
    } else {
        let names: Vec<&str> = roles.iter().map(|r| r.cli_name()).collect();
        format!("{prefix}{}", names.join(", "))
    }
}
