//! What a record says, one labelled line per fact: the documents, the languages and method,
//! the agents, the times and the revision.

use std::io::{self, Write};

use crate::record::{Predicate, ResourceDescriptor, Source, Statement};
use crate::render::sanitize::printable;
use crate::render::text::{continuation, field};
use crate::review::compare::compare_records;

/// Writes what a record says, one labelled line per fact.
pub fn statement(statement: &Statement, out: &mut dyn Write) -> io::Result<()> {
    let p = &statement.predicate;
    field(out, "translation", &named_digest(statement.subject()))?;
    source(&p.source, out)?;
    field(
        out,
        "languages",
        &format!("{} → {}", p.source_language, p.target_language),
    )?;
    method(p, out)?;
    for agent in &p.agents {
        field(out, agent.role.cli_name(), &agent.describe())?;
    }
    if let Some(translated_at) = &p.translated_at {
        field(out, "translated", &translated_at.to_string())?;
    }
    field(
        out,
        "signed",
        &format!("{} (as stated by the signer)", p.signed_at),
    )?;
    revision(p, out)?;
    if let Some(note) = &p.note {
        field(out, "note", &format!("\"{note}\" (signed)"))?;
    }
    Ok(())
}

/// "article.en.md  sha256:…", with `(unnamed)` and `?` for what the record leaves out.
fn named_digest(descriptor: &ResourceDescriptor) -> String {
    format!(
        "{}  sha256:{}",
        descriptor.name.as_deref().unwrap_or("(unnamed)"),
        descriptor.digest.get("sha256").map_or("?", String::as_str)
    )
}

/// The source's name and digest (or that it has none), then its URI and what is known of its
/// publication.
fn source(source: &Source, out: &mut dyn Write) -> io::Result<()> {
    match source.digest() {
        Some(_) => field(out, "source", &named_digest(&source.descriptor))?,
        None => field(
            out,
            "source",
            &format!(
                "{}not bound by a digest (known only by what follows; a source file cannot be checked against this record)",
                source
                    .descriptor
                    .name
                    .as_ref()
                    .map_or_else(String::new, |n| format!("{n}  "))
            ),
        )?,
    }
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
    Ok(())
}

/// The method in words, then its IPTC digital source types by their last path segment.
fn method(p: &Predicate, out: &mut dyn Write) -> io::Result<()> {
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
    Ok(())
}

/// "1 (first release)", or "2, revises revision 1 (record sha256:…)".
fn revision(p: &Predicate, out: &mut dyn Write) -> io::Result<()> {
    match &p.previous {
        None => field(out, "revision", &format!("{} (first release)", p.revision)),
        Some(prev) => field(
            out,
            "revision",
            &format!(
                "{}, revises revision {} (record sha256:{})",
                p.revision, prev.revision, prev.payload_sha256
            ),
        ),
    }
}

/// Fields that change with every revision, so listing them says nothing.
const ALWAYS_CHANGE: &[&str] = &["document.sha256", "signedAt", "revision"];

/// What a revision changed in the record it revises, one line per field (`field: old → new`,
/// `(none)` for an absent value), or that nothing changed but the document.
pub fn revision_changes(old: &Statement, new: &Statement, out: &mut dyn Write) -> io::Result<()> {
    let rows: Vec<_> = compare_records(old, new)
        .into_iter()
        .filter(|row| row.changed && !ALWAYS_CHANGE.contains(&row.field.as_str()))
        .collect();
    let from = old.predicate.revision;
    if rows.is_empty() {
        return writeln!(out, "no field changed from revision {from}");
    }
    writeln!(out, "changed from revision {from}:")?;
    for row in rows {
        writeln!(
            out,
            "  {}: {} → {}",
            printable(&row.field),
            printable(row.old.as_deref().unwrap_or("(none)")),
            printable(row.new.as_deref().unwrap_or("(none)"))
        )?;
    }
    Ok(())
}
