//! What a record says, one labelled line per fact: the documents, the languages and method,
//! the agents, the times and the revision.

use std::io::{self, Write};

use crate::record::{Predicate, ResourceDescriptor, Source, Statement};
use crate::render::text::{continuation, field};

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
    field(out, "translated", &p.translated_at.to_string())?;
    field(
        out,
        "signed",
        &format!("{} (as stated by the signer)", p.signed_at),
    )?;
    revision(p, out)
}

/// "article.en.md  sha256:…", with `(unnamed)` and `?` for what the record leaves out.
fn named_digest(descriptor: &ResourceDescriptor) -> String {
    format!(
        "{}  sha256:{}",
        descriptor.name.as_deref().unwrap_or("(unnamed)"),
        descriptor.digest.get("sha256").map_or("?", String::as_str)
    )
}

/// The source's name and digest, then its URI and what is known of its publication.
fn source(source: &Source, out: &mut dyn Write) -> io::Result<()> {
    field(out, "source", &named_digest(&source.descriptor))?;
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
