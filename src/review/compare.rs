//! Comparing two signed records field by field, and checking that one revises the other.

use serde::Serialize;

use crate::crypto::dsse::Envelope;
pub use crate::record::revision::{RevisionLink, revision_link};
use crate::record::{Agent, ResourceDescriptor, Role, Statement};

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

/// Compares the fields a reviewer cares about, in a fixed order. Every field appears, changed or
/// not, so a report can show both "what changed" and "what stayed".
pub fn compare_records(old: &Statement, new: &Statement) -> Vec<FieldComparison> {
    let compare = |(field, value): &(&str, FieldValue)| {
        FieldComparison::new((*field).to_owned(), value(old), value(new))
    };
    let mut rows: Vec<FieldComparison> = FIELDS_BEFORE_AGENTS.iter().map(compare).collect();
    rows.extend(agent_rows(old, new));
    rows.extend(FIELDS_AFTER_AGENTS.iter().map(compare));
    rows
}

impl FieldComparison {
    fn new(field: String, old: Option<String>, new: Option<String>) -> Self {
        Self {
            changed: old != new,
            field,
            old,
            new,
        }
    }
}

/// How one compared field is read from a record.
type FieldValue = fn(&Statement) -> Option<String>;

/// The fields compared before the agents, in report order.
const FIELDS_BEFORE_AGENTS: &[(&str, FieldValue)] = &[
    ("document.name", |s| s.subject().name.clone()),
    ("document.sha256", |s| sha(s.subject())),
    ("source.sha256", |s| sha(&s.predicate.source.descriptor)),
    ("source.name", |s| {
        s.predicate.source.descriptor.name.clone()
    }),
    ("source.uri", |s| s.predicate.source.descriptor.uri.clone()),
    ("source.title", |s| s.predicate.source.title.clone()),
    ("source.author", |s| s.predicate.source.author.clone()),
    ("source.publisher", |s| s.predicate.source.publisher.clone()),
    ("source.published", |s| s.predicate.source.published.clone()),
    ("sourceLanguage", |s| {
        Some(s.predicate.source_language.clone())
    }),
    ("targetLanguage", |s| {
        Some(s.predicate.target_language.clone())
    }),
    ("method", |s| Some(s.predicate.method.to_string())),
];

/// The fields compared after the agents, in report order.
const FIELDS_AFTER_AGENTS: &[(&str, FieldValue)] = &[
    ("translatedAt", |s| {
        s.predicate.translated_at.map(|t| t.to_string())
    }),
    ("note", |s| s.predicate.note.clone()),
    ("signedAt", |s| Some(s.predicate.signed_at.to_string())),
    ("revision", |s| Some(s.predicate.revision.to_string())),
];

/// One row per role named in either record (old record's roles first, each once): the agents
/// with that role, described and joined with `; `.
fn agent_rows(old: &Statement, new: &Statement) -> Vec<FieldComparison> {
    let mut roles: Vec<&Role> = Vec::new();
    for agent in old.predicate.agents.iter().chain(&new.predicate.agents) {
        if !roles.contains(&&agent.role) {
            roles.push(&agent.role);
        }
    }
    let agents_of = |statement: &Statement, role: &Role| {
        let names: Vec<String> = statement
            .predicate
            .agents_with_role(role)
            .map(Agent::describe)
            .collect();
        (!names.is_empty()).then(|| names.join("; "))
    };
    roles
        .into_iter()
        .map(|role| {
            FieldComparison::new(
                format!("agents.{role}"),
                agents_of(old, role),
                agents_of(new, role),
            )
        })
        .collect()
}

fn sha(descriptor: &ResourceDescriptor) -> Option<String> {
    descriptor.digest.get("sha256").cloned()
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
    /// The envelope file (in JSON made valid UTF-8, lossily, should its name not be).
    #[serde(serialize_with = "lossy_path")]
    pub envelope: std::path::PathBuf,
    /// `Some(true)` when verified against the reader's keys and the document, `Some(false)` when
    /// that failed or could not be done (the envelope unreadable or malformed), `None` when no
    /// keys were given (the record is then shown unverified).
    pub verified: Option<bool>,
    /// Why verification failed, or why the envelope could not be read.
    pub failure: Option<String>,
    /// The record, when the payload is one.
    pub record: Option<Statement>,
    /// Who signed, when the record verified: the reader's names for the keys whose signatures
    /// counted (empty when no keys were given or verification failed).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub signed_by: Vec<crate::verify::Signer>,
    /// How the document matched the record, as `tprov verify` says it (`match` in JSON): the
    /// signed bytes (`exact`), the signed text only (`text`, a *text match*), or neither.
    /// Absent when no keys were given or the check did not get that far.
    #[serde(rename = "match", skip_serializing_if = "Option::is_none")]
    pub match_kind: Option<crate::verify::MatchKind>,
}

impl RecordSide {
    /// Whether this side was asked to be checked (keys were given) and was not verified: its
    /// envelope could not be read or parsed, or a check failed.
    pub fn is_unchecked(&self) -> bool {
        self.verified == Some(false)
    }
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
///
/// Each record is checked exactly as `tprov verify DOCUMENT --envelope ENVELOPE` checks it
/// (the document matched by its bytes, else by its text), so `diff` and `verify` agree. An
/// envelope that cannot be read or parsed is not an error: its side says why (and, when keys
/// were given, counts as not verified), and the other side is still shown.
pub fn review_records(input: ReviewInput<'_>) -> RecordReview {
    let (old_envelope, old) = side(input.old, input.trust);
    let (_, new) = side(input.new, input.trust);
    let (fields, link) = match (&old_envelope, &old.record, &new.record) {
        (Some(envelope), Some(o), Some(n)) => {
            (compare_records(o, n), Some(revision_link(envelope, o, n)))
        }
        _ => (Vec::new(), None),
    };
    RecordReview {
        old,
        new,
        fields,
        link,
    }
}

/// A path as a JSON string: a file name that is not UTF-8 cannot fail the whole document.
fn lossy_path<P, S>(path: &P, s: S) -> Result<S::Ok, S::Error>
where
    P: AsRef<std::path::Path>,
    S: serde::Serializer,
{
    s.serialize_str(&path.as_ref().to_string_lossy())
}

fn side(
    paths: &crate::verify::VerifyPaths,
    trust: Option<(&crate::TrustStore, &crate::verify::policy::Policy)>,
) -> (Option<Envelope>, RecordSide) {
    let mut side = RecordSide {
        envelope: paths.envelope.clone(),
        verified: trust.map(|_| false),
        failure: None,
        record: None,
        signed_by: Vec::new(),
        match_kind: None,
    };
    let envelope = match crate::sign::read_envelope(&paths.envelope) {
        Ok(envelope) => envelope,
        Err(e) => {
            side.failure = Some(crate::ErrorChain(&e).to_string());
            return (None, side);
        }
    };
    match trust {
        Some((trust, policy)) => {
            // What `tprov verify` does by default: bytes, else a text match (never `--exact`).
            let report = crate::verify::verify_files_text(
                paths,
                trust,
                policy,
                crate::text::FormatChoice::Auto,
                false,
            );
            match report {
                Ok(report) => {
                    side.verified = Some(report.verified);
                    if report.verified {
                        side.signed_by = report.signers().cloned().collect();
                    }
                    side.failure = report
                        .failure()
                        .map(|c| format!("the {} check failed: {}", c.kind.name(), c.detail));
                    side.match_kind = report.match_kind;
                    side.record = report.record;
                }
                Err(e) => side.failure = Some(crate::ErrorChain(&e).to_string()),
            }
        }
        None => match Statement::from_payload(&envelope.payload) {
            Ok(statement) => side.record = Some(statement),
            Err(e) => side.failure = Some(e.to_string()),
        },
    }
    (Some(envelope), side)
}
