//! Comparing two signed records field by field, and checking that one revises the other.

use serde::Serialize;

use crate::crypto::dsse::Envelope;
use crate::record::{Agent, Statement};

/// One field of a record, as it is in the old and the new revision.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldComparison {
    /// The field, e.g. `engine`, `agents.postEditor`, `source.sha256`.
    pub field: String,
    /// Its value in the old record (`None` when absent).
    pub old: Option<String>,
    /// Its value in the new record.
    pub new: Option<String>,
    /// Whether the values differ.
    pub changed: bool,
}

/// Whether the new record's `previous` link points at the old record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "status")]
pub enum RevisionLink {
    /// `new.previous.payloadSha256` is the SHA-256 of the old payload and the revision numbers
    /// follow on.
    Linked {
        /// The old revision number.
        old_revision: u64,
        /// The new revision number.
        new_revision: u64,
    },
    /// The new record has no `previous` link at all.
    NoLink,
    /// The link points at another record.
    OtherRecord {
        /// The payload digest the link names.
        linked_payload_sha256: String,
        /// The old record's payload digest.
        old_payload_sha256: String,
    },
    /// The link points at the old record, but the revision numbers do not follow on.
    RevisionMismatch {
        /// The link's stated previous revision.
        linked_revision: u64,
        /// The old record's revision.
        old_revision: u64,
        /// The new record's revision.
        new_revision: u64,
    },
}

impl RevisionLink {
    /// Whether the link is intact.
    pub fn is_linked(&self) -> bool {
        matches!(self, Self::Linked { .. })
    }

    /// A sentence for people.
    pub fn describe(&self) -> String {
        match self {
            Self::Linked {
                old_revision,
                new_revision,
            } => format!(
                "NEW (revision {new_revision}) revises OLD (revision {old_revision}): the link is intact"
            ),
            Self::NoLink => {
                "NEW does not name a previous record: it is not a signed revision of OLD".into()
            }
            Self::OtherRecord {
                linked_payload_sha256,
                old_payload_sha256,
            } => format!(
                "NEW revises record sha256:{linked_payload_sha256}, not OLD (sha256:{old_payload_sha256})"
            ),
            Self::RevisionMismatch {
                linked_revision,
                old_revision,
                new_revision,
            } => format!(
                "NEW links to OLD but its numbers do not follow on: OLD is revision {old_revision}, NEW says it revises {linked_revision} and is {new_revision}"
            ),
        }
    }
}

/// Checks the revision link from `new` to the record in `old_envelope`.
pub fn revision_link(old_envelope: &Envelope, old: &Statement, new: &Statement) -> RevisionLink {
    let Some(previous) = &new.predicate.previous else {
        return RevisionLink::NoLink;
    };
    let old_payload_sha256 = old_envelope.payload_digest().to_hex();
    if !previous
        .payload_sha256
        .eq_ignore_ascii_case(&old_payload_sha256)
    {
        return RevisionLink::OtherRecord {
            linked_payload_sha256: previous.payload_sha256.clone(),
            old_payload_sha256,
        };
    }
    let (old_revision, new_revision) = (old.predicate.revision, new.predicate.revision);
    if previous.revision != old_revision || old_revision.checked_add(1) != Some(new_revision) {
        return RevisionLink::RevisionMismatch {
            linked_revision: previous.revision,
            old_revision,
            new_revision,
        };
    }
    RevisionLink::Linked {
        old_revision,
        new_revision,
    }
}

/// Compares the fields a reviewer cares about, in a fixed order. Every field appears, changed or
/// not, so a report can show both "what changed" and "what stayed".
pub fn compare_records(old: &Statement, new: &Statement) -> Vec<FieldComparison> {
    let rows: Vec<(String, Option<String>, Option<String>)> = {
        let (o, n) = (&old.predicate, &new.predicate);
        let mut rows = vec![
            row(
                "document.name",
                old.subject().name.clone(),
                new.subject().name.clone(),
            ),
            row("document.sha256", sha(old.subject()), sha(new.subject())),
            row(
                "source.sha256",
                sha(&o.source.descriptor),
                sha(&n.source.descriptor),
            ),
            row(
                "source.name",
                o.source.descriptor.name.clone(),
                n.source.descriptor.name.clone(),
            ),
            row(
                "source.uri",
                o.source.descriptor.uri.clone(),
                n.source.descriptor.uri.clone(),
            ),
            row(
                "source.title",
                o.source.title.clone(),
                n.source.title.clone(),
            ),
            row(
                "source.author",
                o.source.author.clone(),
                n.source.author.clone(),
            ),
            row(
                "source.publisher",
                o.source.publisher.clone(),
                n.source.publisher.clone(),
            ),
            row(
                "source.published",
                o.source.published.clone(),
                n.source.published.clone(),
            ),
            row(
                "sourceLanguage",
                Some(o.source_language.clone()),
                Some(n.source_language.clone()),
            ),
            row(
                "targetLanguage",
                Some(o.target_language.clone()),
                Some(n.target_language.clone()),
            ),
            row(
                "method",
                Some(o.method.to_string()),
                Some(n.method.to_string()),
            ),
        ];
        let roles: Vec<String> = o
            .agents
            .iter()
            .chain(&n.agents)
            .map(|a| a.role.to_string())
            .collect();
        let mut seen = Vec::new();
        for role in roles {
            if seen.contains(&role) {
                continue;
            }
            let agents_of = |agents: &[Agent]| {
                let names: Vec<String> = agents
                    .iter()
                    .filter(|a| a.role.as_str() == role)
                    .map(describe_agent)
                    .collect();
                (!names.is_empty()).then(|| names.join("; "))
            };
            rows.push(row(
                &format!("agents.{role}"),
                agents_of(&o.agents),
                agents_of(&n.agents),
            ));
            seen.push(role);
        }
        rows.push(row(
            "translatedAt",
            Some(o.translated_at.to_string()),
            Some(n.translated_at.to_string()),
        ));
        rows.push(row(
            "signedAt",
            Some(o.signed_at.to_string()),
            Some(n.signed_at.to_string()),
        ));
        rows.push(row(
            "revision",
            Some(o.revision.to_string()),
            Some(n.revision.to_string()),
        ));
        rows
    };
    rows.into_iter()
        .map(|(field, old, new)| FieldComparison {
            changed: old != new,
            field,
            old,
            new,
        })
        .collect()
}

fn row(
    field: &str,
    old: Option<String>,
    new: Option<String>,
) -> (String, Option<String>, Option<String>) {
    (field.to_owned(), old, new)
}

fn sha(descriptor: &crate::record::ResourceDescriptor) -> Option<String> {
    descriptor.digest.get("sha256").cloned()
}

fn describe_agent(agent: &Agent) -> String {
    let mut text = format!("{} ({})", agent.name, agent.kind);
    if let Some(version) = &agent.version {
        text.push_str(&format!(" version {version}"));
    }
    if let Some(model) = &agent.model {
        text.push_str(&format!(" model {model}"));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SecretKey;
    use crate::crypto::digest::Sha256Digest;
    use crate::record::{Documents, Metadata, PreviousRecord, build_statement};

    fn statement(text: &[u8], editor: Option<&str>, previous: Option<PreviousRecord>) -> Statement {
        let documents = Documents {
            translation_name: Some("a.en.md".into()),
            translation_sha256: Sha256Digest::of(text),
            source_name: Some("a.zh.md".into()),
            source_sha256: Some(Sha256Digest::of(b"source")),
        };
        let metadata = Metadata {
            source_language: Some("zh".into()),
            target_language: Some("en".into()),
            engine: Some("MT".into()),
            post_editor: editor.map(Into::into),
            ..Metadata::default()
        };
        build_statement(
            &documents,
            &metadata,
            "2026-11-24T06:00:00Z".parse().unwrap(),
            previous,
        )
        .unwrap()
    }

    #[test]
    fn a_revision_links_to_its_predecessor_and_its_changes_are_listed() {
        let key = SecretKey::from_seed(&[1; 32]);
        let old = statement(b"raw", None, None);
        let old_envelope = old.sign(&key);
        let new = statement(
            b"edited",
            Some("Li Wei"),
            Some(PreviousRecord::to(&old_envelope, &old)),
        );
        assert!(revision_link(&old_envelope, &old, &new).is_linked());
        let rows = compare_records(&old, &new);
        let changed: Vec<&str> = rows
            .iter()
            .filter(|r| r.changed)
            .map(|r| r.field.as_str())
            .collect();
        assert_eq!(
            changed,
            ["document.sha256", "method", "agents.postEditor", "revision"]
        );
        let editor = rows
            .iter()
            .find(|r| r.field == "agents.postEditor")
            .unwrap();
        assert_eq!(
            (editor.old.as_deref(), editor.new.as_deref()),
            (None, Some("Li Wei (person)"))
        );
    }

    #[test]
    fn broken_links_are_told_apart() {
        let key = SecretKey::from_seed(&[1; 32]);
        let old = statement(b"raw", None, None);
        let old_envelope = old.sign(&key);
        let unlinked = statement(b"edited", None, None);
        assert_eq!(
            revision_link(&old_envelope, &old, &unlinked),
            RevisionLink::NoLink
        );
        let other = statement(b"other", None, None);
        let other_envelope = other.sign(&key);
        let elsewhere = statement(
            b"edited",
            None,
            Some(PreviousRecord::to(&other_envelope, &other)),
        );
        assert!(matches!(
            revision_link(&old_envelope, &old, &elsewhere),
            RevisionLink::OtherRecord { .. }
        ));
        let mut skipped = PreviousRecord::to(&old_envelope, &old);
        skipped.revision = 3;
        let wrong = statement(b"edited", None, Some(skipped));
        assert!(matches!(
            revision_link(&old_envelope, &old, &wrong),
            RevisionLink::RevisionMismatch { .. }
        ));
    }
}

/// One side of a record comparison.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordSide {
    /// The envelope file.
    pub envelope: std::path::PathBuf,
    /// `Some(true)` when verified against the reader's keys and the document, `Some(false)` when
    /// that failed, `None` when no keys were given (the record is then shown unverified).
    pub verified: Option<bool>,
    /// Why verification failed.
    pub failure: Option<String>,
    /// The record, when the payload is one.
    pub record: Option<Statement>,
}

/// Two records compared: each side, every field, and the revision link.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RecordReview {
    /// The older revision's record.
    pub old: RecordSide,
    /// The newer revision's record.
    pub new: RecordSide,
    /// Every compared field (empty when either record could not be read).
    pub fields: Vec<FieldComparison>,
    /// Whether NEW's previous link points at OLD (absent when either record could not be read).
    pub link: Option<RevisionLink>,
}

/// Where the records of a review are, and whom to trust.
#[derive(Debug, Clone, Copy)]
pub struct ReviewInput<'a> {
    /// OLD's document and envelope.
    pub old: &'a crate::verify::VerifyPaths,
    /// NEW's document and envelope.
    pub new: &'a crate::verify::VerifyPaths,
    /// The reader's keys and policy, to verify both records; `None` shows them unverified.
    pub trust: Option<(&'a crate::TrustStore, &'a crate::verify::policy::Policy)>,
}

/// Reads, optionally verifies, and compares the records of two revisions.
pub fn review_records(input: ReviewInput<'_>) -> Result<RecordReview, crate::Error> {
    let (old_envelope, old) = side(input.old, input.trust)?;
    let (_, new) = side(input.new, input.trust)?;
    let (fields, link) = match (&old.record, &new.record) {
        (Some(o), Some(n)) => (
            compare_records(o, n),
            Some(revision_link(&old_envelope, o, n)),
        ),
        _ => (Vec::new(), None),
    };
    Ok(RecordReview {
        old,
        new,
        fields,
        link,
    })
}

fn side(
    paths: &crate::verify::VerifyPaths,
    trust: Option<(&crate::TrustStore, &crate::verify::policy::Policy)>,
) -> Result<(Envelope, RecordSide), crate::Error> {
    let envelope = crate::sign::read_envelope(&paths.envelope)?;
    let mut side = RecordSide {
        envelope: paths.envelope.clone(),
        verified: None,
        failure: None,
        record: None,
    };
    match trust {
        Some((trust, policy)) => {
            let report = crate::verify::verify_files_with(paths, trust, policy)?;
            side.verified = Some(report.verified);
            side.failure = report
                .failure()
                .map(|c| format!("the {} check failed: {}", c.kind.name(), c.detail));
            side.record = report.record;
        }
        None => match Statement::from_payload(&envelope.payload) {
            Ok(statement) => side.record = Some(statement),
            Err(e) => side.failure = Some(e.to_string()),
        },
    }
    Ok((envelope, side))
}
