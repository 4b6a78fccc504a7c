//! Human-readable renderings of records, verification reports and inspections.
//!
//! Renderers write to a caller's [`Write`] and never decide where output goes. Styles are
//! emitted as ANSI sequences through `anstyle`; the binary strips them (through `anstream`)
//! when colour is off, so one renderer serves terminals, pipes and tests.

use std::borrow::Cow;
use std::io::{self, Write};

use anstyle::{AnsiColor, Style};

use crate::record::{Agent, AgentKind, Role, Statement};
use crate::review::inspect::Inspection;
use crate::verify::batch::{Outcome as BatchOutcome, Summary};
use crate::verify::{CheckOutcome as Outcome, Report, SignatureReport, SignatureStatus};

const GOOD: Style = AnsiColor::Green.on_default().bold();
const BAD: Style = AnsiColor::Red.on_default().bold();
const DIM: Style = Style::new().dimmed();
const HEAD: Style = Style::new().bold();

/// Writes a verification report: the verdict, then (only when verified) the record, then
/// every check and every signature.
pub fn verify_report(report: &Report, out: &mut dyn Write) -> io::Result<()> {
    let document = report
        .document
        .as_ref()
        .map(|d| printable(&d.display().to_string()).into_owned())
        .unwrap_or_else(|| "document".into());
    if report.verified {
        writeln!(out, "{GOOD}VERIFIED{GOOD:#}  {document}")?;
    } else {
        let failed = report.failure().map_or("a", |c| c.kind.name());
        writeln!(
            out,
            "{BAD}NOT VERIFIED{BAD:#}  {document}: the {failed} check failed"
        )?;
    }
    if let Some(record) = &report.record {
        let signers: Vec<String> = report
            .signatures
            .iter()
            .filter(|s| s.counts())
            .filter_map(|s| {
                let signer = s.signer.as_ref()?;
                Some(format!(
                    "{} (key {}{})",
                    signer.name,
                    signer.keyid.short(),
                    granted_roles(&s.roles, "; trusted as ")
                ))
            })
            .collect();
        field(out, "signed by", &signers.join(", "))?;
        self::record(record, out)?;
    }
    for note in &report.notes {
        field(out, "note", note)?;
    }
    writeln!(out)?;
    writeln!(out, "{HEAD}checks{HEAD:#}")?;
    for check in &report.checks {
        let (style, word) = match check.outcome {
            Outcome::Passed => (GOOD, "pass"),
            Outcome::Failed => (BAD, "FAIL"),
            Outcome::Skipped => (DIM, "skip"),
        };
        writeln!(
            out,
            "  {style}{word}{style:#}  {:<9}  {}",
            check.kind.name(),
            printable(&check.detail)
        )?;
    }
    if !report.signatures.is_empty() {
        writeln!(out, "{HEAD}signatures{HEAD:#}")?;
        for s in &report.signatures {
            signature_line(s, out)?;
        }
    }
    Ok(())
}

/// Writes the line for one item of a batch verification: nothing for a verified document,
/// `FAIL  PATH: the CHECK check failed: DETAIL` for a failed or unreadable one,
/// `MISSING  PATH: no envelope beside it (expected PATH.tprov.json)` for a document without an
/// envelope (and the converse for an envelope without its document).
pub fn batch_line(outcome: &BatchOutcome, out: &mut dyn Write) -> io::Result<()> {
    const MISSING: Style = AnsiColor::Yellow.on_default().bold();
    let (style, word) = match outcome {
        BatchOutcome::Verified { .. } => return Ok(()),
        BatchOutcome::Failed { .. } | BatchOutcome::Unreadable { .. } => (BAD, "FAIL"),
        BatchOutcome::MissingEnvelope { .. } | BatchOutcome::MissingDocument { .. } => {
            (MISSING, "MISSING")
        }
    };
    // File names in an archive and details quoting a record are not ours: escape controls.
    writeln!(
        out,
        "{style}{word}{style:#}  {}: {}",
        printable(&outcome.path().display().to_string()),
        printable(&outcome.detail().unwrap_or_default())
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
    let rank = |reason: &str| match reason {
        "missingEnvelope" => 1,
        "missingDocument" => 2,
        "unreadable" => 3,
        _ => 0,
    };
    let mut reasons: Vec<(&str, usize)> = summary
        .by_reason
        .iter()
        .map(|(reason, n)| (*reason, *n))
        .collect();
    reasons.sort_by_key(|(reason, _)| (rank(reason), *reason));
    if !reasons.is_empty() {
        let listed: Vec<String> = reasons
            .iter()
            .map(|(reason, n)| {
                let label = match *reason {
                    "missingEnvelope" => "missing envelope",
                    "missingDocument" => "missing document",
                    other => other,
                };
                format!("{label}: {n}")
            })
            .collect();
        write!(out, " ({})", listed.join(", "))?;
    }
    writeln!(out)
}

/// "1 document", "2 documents".
fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
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
    let who = format!(
        "{} (key {}{})",
        signer.name,
        signer.keyid.short(),
        granted_roles(&s.roles, "; ")
    );
    let (style, word) = match s.status {
        SignatureStatus::Verified => (GOOD, "verified"),
        SignatureStatus::Revoked => (BAD, "REVOKED"),
        SignatureStatus::Expired => (BAD, "EXPIRED"),
        SignatureStatus::NotYetValid => (BAD, "NOT YET VALID"),
        _ => (BAD, "not verified"),
    };
    write!(out, "  #{}  {style}{word}{style:#} by {who}", s.index)?;
    if let Some(reason) = &s.reason {
        write!(out, ": {reason}")?;
    }
    if let Some(first) = s.duplicate_of {
        write!(out, " (same key as #{first}: counted once)")?;
    }
    writeln!(out)
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

/// Writes what a record says, one labelled line per fact.
pub fn record(statement: &Statement, out: &mut dyn Write) -> io::Result<()> {
    let subject = statement.subject();
    let p = &statement.predicate;
    let source = &p.source;
    field(
        out,
        "translation",
        &format!(
            "{}  sha256:{}",
            subject.name.as_deref().unwrap_or("(unnamed)"),
            subject.digest.get("sha256").map_or("?", String::as_str)
        ),
    )?;
    field(
        out,
        "source",
        &format!(
            "{}  sha256:{}",
            source.descriptor.name.as_deref().unwrap_or("(unnamed)"),
            source
                .descriptor
                .digest
                .get("sha256")
                .map_or("?", String::as_str)
        ),
    )?;
    if let Some(uri) = &source.descriptor.uri {
        continuation(out, uri)?;
    }
    let about: Vec<String> = [
        source.title.as_ref().map(|t| format!("\"{t}\"")),
        source.author.as_ref().map(|a| format!("by {a}")),
        source
            .publisher
            .as_ref()
            .map(|p| format!("published by {p}")),
        source.published.as_ref().map(|d| format!("on {d}")),
    ]
    .into_iter()
    .flatten()
    .collect();
    if !about.is_empty() {
        continuation(out, &about.join(" "))?;
    }
    field(
        out,
        "languages",
        &format!("{} → {}", p.source_language, p.target_language),
    )?;
    field(out, "method", p.method.describe())?;
    if !p.digital_source_types.is_empty() {
        let terms: Vec<&str> = p
            .digital_source_types
            .iter()
            .map(|t| t.rsplit('/').next().unwrap_or(t))
            .collect();
        continuation(
            out,
            &format!("IPTC digital source type: {}", terms.join(", ")),
        )?;
    }
    for agent in &p.agents {
        field(out, agent.role.cli_name(), &describe_agent(agent))?;
    }
    field(out, "translated", &p.translated_at.to_string())?;
    field(
        out,
        "signed",
        &format!("{} (as stated by the signer)", p.signed_at),
    )?;
    match &p.previous {
        None => field(out, "revision", &format!("{} (first release)", p.revision))?,
        Some(prev) => field(
            out,
            "revision",
            &format!(
                "{}, revises revision {} (record sha256:{})",
                p.revision, prev.revision, prev.payload_sha256
            ),
        )?,
    }
    Ok(())
}

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
    for (i, hint) in inspection.signatures.iter().enumerate() {
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
        (Some(record), _) => self::record(record, out),
        (None, Some(problem)) => field(out, "payload", &format!("not a tprov record: {problem}")),
        (None, None) => Ok(()),
    }
}

fn describe_agent(agent: &Agent) -> String {
    let mut text = agent.name.clone();
    if let Some(version) = &agent.version {
        text.push(' ');
        text.push_str(version);
    }
    if let Some(model) = &agent.model {
        text.push_str(&format!(", model {model}"));
    }
    let kind = match &agent.kind {
        AgentKind::Software => "software",
        AgentKind::Person => "person",
        AgentKind::Organization => "organization",
        AgentKind::Other(other) => other,
    };
    format!("{text} ({kind})")
}

fn field(out: &mut dyn Write, label: &str, value: &str) -> io::Result<()> {
    let (label, value) = (printable(label), printable(value));
    writeln!(out, "  {HEAD}{label:<12}{HEAD:#} {value}")
}

fn continuation(out: &mut dyn Write, value: &str) -> io::Result<()> {
    writeln!(out, "  {:<12} {}", "", printable(value))
}

/// `text` made safe to write to a terminal: control characters (C0, DEL, C1 — which include
/// the escape that starts ANSI sequences, carriage return and bell) and the Unicode bidirectional
/// controls are shown as `\u{..}` escapes.
///
/// Records, key id hints and file names come from whoever wrote the envelope; written raw,
/// `"\x1b[2K\rVERIFIED"` in an agent's name could erase a NOT VERIFIED banner, and a
/// right-to-left override could make a name read as another ("Trojan Source").
pub fn printable(text: &str) -> Cow<'_, str> {
    fn unsafe_char(c: char) -> bool {
        c.is_control()
            || matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    }
    if !text.chars().any(unsafe_char) {
        return Cow::Borrowed(text);
    }
    let mut shown = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if unsafe_char(c) {
            shown.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            shown.push(c);
        }
    }
    Cow::Owned(shown)
}

/// An untrusted key id hint as shown to people: its first 16 characters, escaped.
pub fn short_hint(hint: &str) -> String {
    printable(&first_chars(hint, 16)).into_owned()
}

/// At most the first `n` characters of `text`, never cutting a character in two.
fn first_chars(text: &str, n: usize) -> String {
    text.chars().take(n).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_controls_from_records_are_escaped() {
        assert_eq!(printable("Li Wei"), "Li Wei");
        assert_eq!(printable("E\x1b[2K\rOK\x07"), "E\\u{1b}[2K\\u{d}OK\\u{7}");
        assert_eq!(printable("a\u{202E}b"), "a\\u{202e}b");
        assert_eq!(first_chars("aaaaaaaaaaaaaaaé…", 16), "aaaaaaaaaaaaaaaé");
    }
}
