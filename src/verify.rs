//! The verification pipeline: from an envelope, a document and trusted keys to a report that
//! lists every check and its outcome.
//!
//! The checks run in a fixed order, and a check runs only when every check before it passed:
//!
//! 1. **envelope**: the bytes are a well-formed DSSE envelope within the size limits;
//! 2. **signature**: at least one signature verifies over the PAE with a trusted key;
//! 3. **statement**: the payload type is in-toto and the payload is a tprov Statement;
//! 4. **document**: the document's SHA-256 equals the subject's;
//! 5. **source** (only when the source is given): the source's SHA-256 equals the record's.
//!
//! Step 2 comes before step 3 on purpose: nothing in the payload is parsed, let alone believed,
//! until a trusted key has vouched for its exact bytes (and for its payload type, which the PAE
//! covers, so a signature made for another protocol cannot be replayed as a tprov record).

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::Error;
use crate::digest::Sha256Digest;
use crate::envelope::{Envelope, IN_TOTO_PAYLOAD_TYPE, MAX_ENVELOPE_BYTES, SignatureVerdict};
use crate::files;
use crate::record::Statement;
use crate::trust::TrustStore;

/// The version of the JSON report schema ([`Report`] serialised). Bumped on incompatible change.
pub const REPORT_SCHEMA_VERSION: u32 = 1;

/// Which check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum CheckKind {
    /// The envelope is well-formed.
    Envelope,
    /// A trusted key signed it.
    Signature,
    /// The payload is a tprov in-toto Statement.
    Statement,
    /// The translated document is the signed one.
    Document,
    /// The source document is the one the record names.
    Source,
}

impl CheckKind {
    /// The check's name as shown to people and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Self::Envelope => "envelope",
            Self::Signature => "signature",
            Self::Statement => "statement",
            Self::Document => "document",
            Self::Source => "source",
        }
    }
}

/// A check's result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Outcome {
    /// The check passed.
    Passed,
    /// The check failed: the record is not verified.
    Failed,
    /// The check did not run, because an earlier one failed.
    Skipped,
}

/// One check with its outcome and a sentence saying what was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Check {
    /// Which check.
    pub check: CheckKind,
    /// Its outcome.
    pub outcome: Outcome,
    /// What was found, in plain words.
    pub detail: String,
}

/// A signer known to the reader.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Signer {
    /// The full key id (SHA-256 of the raw public key, hex).
    pub keyid: String,
    /// The reader's name for the key (from the trusted key file's name).
    pub name: String,
}

/// What became of one signature in the envelope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SignatureReport {
    /// Position in the envelope.
    pub index: usize,
    /// The key id the envelope states (untrusted, for information).
    pub keyid_hint: Option<String>,
    /// Whether a trusted key verified it.
    pub verified: bool,
    /// The trusted signer, when verified.
    pub signer: Option<Signer>,
}

/// The result of verifying one document: every check, every signature and, only when the
/// signature and statement checks passed, the record.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    /// [`REPORT_SCHEMA_VERSION`].
    pub schema_version: u32,
    /// True only when every check that ran passed.
    pub verified: bool,
    /// The document checked, when verifying files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub document: Option<PathBuf>,
    /// The envelope checked, when verifying files.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub envelope: Option<PathBuf>,
    /// The checks, in order.
    pub checks: Vec<Check>,
    /// Every signature in the envelope.
    pub signatures: Vec<SignatureReport>,
    /// The signed record. Present only once a trusted signature covers it.
    pub record: Option<Statement>,
    /// Observations that do not fail verification (for example a renamed document).
    pub notes: Vec<String>,
}

impl Report {
    /// The first failed check, if any.
    pub fn failure(&self) -> Option<&Check> {
        self.checks.iter().find(|c| c.outcome == Outcome::Failed)
    }

    /// The trusted signers whose signatures verified.
    pub fn signers(&self) -> impl Iterator<Item = &Signer> {
        self.signatures.iter().filter_map(|s| s.signer.as_ref())
    }
}

/// The digests of the documents being checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Subjects {
    /// SHA-256 of the translated document.
    pub document: Sha256Digest,
    /// The document's file name, to compare with the recorded one (a difference is only noted).
    pub document_name: Option<String>,
    /// SHA-256 of the source document, when the reader has it.
    pub source: Option<Sha256Digest>,
}

/// Builds the report check by check; once a check fails, the rest are marked skipped.
struct Pipeline {
    report: Report,
    order: &'static [CheckKind],
}

impl Pipeline {
    fn new(with_source: bool) -> Self {
        const ALL: &[CheckKind] = &[
            CheckKind::Envelope,
            CheckKind::Signature,
            CheckKind::Statement,
            CheckKind::Document,
            CheckKind::Source,
        ];
        Self {
            report: Report {
                schema_version: REPORT_SCHEMA_VERSION,
                verified: false,
                document: None,
                envelope: None,
                checks: Vec::new(),
                signatures: Vec::new(),
                record: None,
                notes: Vec::new(),
            },
            order: if with_source { ALL } else { &ALL[..4] },
        }
    }

    fn pass(&mut self, check: CheckKind, detail: String) {
        self.report.checks.push(Check {
            check,
            outcome: Outcome::Passed,
            detail,
        });
    }

    /// Records a failure and the remaining checks as skipped, and returns the finished report.
    fn fail(mut self, check: CheckKind, detail: String) -> Report {
        self.report.checks.push(Check {
            check,
            outcome: Outcome::Failed,
            detail,
        });
        let done = self.report.checks.len();
        for &rest in &self.order[done..] {
            self.report.checks.push(Check {
                check: rest,
                outcome: Outcome::Skipped,
                detail: format!("not checked: the {} check failed", check.name()),
            });
        }
        self.report.record = None;
        self.report
    }

    fn finish(mut self) -> Report {
        self.report.verified = true;
        self.report
    }
}

/// Verifies envelope bytes against the documents' digests and the reader's trusted keys.
/// Never fails: every problem with the envelope becomes a failed check in the report.
pub fn verify_envelope(envelope_bytes: &[u8], subjects: &Subjects, trust: &TrustStore) -> Report {
    let mut run = Pipeline::new(subjects.source.is_some());

    let envelope = match Envelope::from_json(envelope_bytes) {
        Ok(envelope) => envelope,
        Err(e) => return run.fail(CheckKind::Envelope, e.to_string()),
    };
    run.pass(
        CheckKind::Envelope,
        format!(
            "well-formed DSSE envelope with {} signature{}",
            envelope.signatures.len(),
            if envelope.signatures.len() == 1 {
                ""
            } else {
                "s"
            }
        ),
    );

    let trusted = trust.public_keys();
    let checks = envelope.check_signatures(&trusted);
    run.report.signatures = checks
        .iter()
        .map(|c| {
            let signer = match c.verdict {
                SignatureVerdict::Verified { key_index } => {
                    let key = &trust.keys()[key_index];
                    Some(Signer {
                        keyid: key.key.key_id().to_hex(),
                        name: key.name.clone(),
                    })
                }
                SignatureVerdict::NotVerified => None,
            };
            SignatureReport {
                index: c.index,
                keyid_hint: c.keyid_hint.clone(),
                verified: signer.is_some(),
                signer,
            }
        })
        .collect();
    let signers: Vec<String> = run
        .report
        .signers()
        .map(|s| format!("{} ({})", short(&s.keyid), s.name))
        .collect();
    if signers.is_empty() {
        let detail = if trust.is_empty() {
            "no trusted keys were given".to_owned()
        } else {
            format!(
                "no signature verifies with a trusted key ({} signature{} checked against {} trusted key{}): the envelope or payload was altered, or it was signed by a key you do not trust",
                checks.len(),
                if checks.len() == 1 { "" } else { "s" },
                trusted.len(),
                if trusted.len() == 1 { "" } else { "s" }
            )
        };
        return run.fail(CheckKind::Signature, detail);
    }
    run.pass(
        CheckKind::Signature,
        format!("valid Ed25519 signature by {}", signers.join(", ")),
    );

    if envelope.payload_type != IN_TOTO_PAYLOAD_TYPE {
        return run.fail(
            CheckKind::Statement,
            format!(
                "payload type is {:?}, not {IN_TOTO_PAYLOAD_TYPE:?}: this is not a tprov record",
                envelope.payload_type
            ),
        );
    }
    let statement = match Statement::from_payload(&envelope.payload) {
        Ok(statement) => statement,
        Err(e) => return run.fail(CheckKind::Statement, e.to_string()),
    };
    run.pass(
        CheckKind::Statement,
        format!(
            "in-toto Statement v1, translation provenance record revision {}",
            statement.predicate.revision
        ),
    );

    let subject = statement.subject();
    let signed_digest = subject
        .sha256()
        .expect("checked by Statement::from_payload");
    if signed_digest != subjects.document {
        return run.fail(
            CheckKind::Document,
            format!(
                "the document's SHA-256 is {} but the signed record is for {}: the translation was changed after signing, or this is the wrong envelope",
                subjects.document, signed_digest
            ),
        );
    }
    run.pass(
        CheckKind::Document,
        format!("SHA-256 {} matches the signed subject", subjects.document),
    );
    if let (Some(recorded), Some(actual)) = (&subject.name, &subjects.document_name) {
        if recorded != actual {
            run.report.notes.push(format!(
                "the document was signed under the name {recorded:?}; its content is unchanged"
            ));
        }
    }

    if let Some(source) = subjects.source {
        let recorded = statement
            .predicate
            .source
            .descriptor
            .sha256()
            .expect("checked by Statement::from_payload");
        if recorded != source {
            return run.fail(
                CheckKind::Source,
                format!(
                    "the source's SHA-256 is {source} but the record names {recorded}: this is not the source the translation was made from, or it was changed"
                ),
            );
        }
        run.pass(
            CheckKind::Source,
            format!("SHA-256 {source} matches the recorded source"),
        );
    }
    run.report.record = Some(statement);
    run.finish()
}

/// Where the documents of a verification are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifyPaths {
    /// The translated document.
    pub document: PathBuf,
    /// Its envelope (usually `DOCUMENT.tprov.json`).
    pub envelope: PathBuf,
    /// The source document, when the reader has it.
    pub source: Option<PathBuf>,
}

impl VerifyPaths {
    /// Paths for `document` with its envelope in the default place.
    pub fn for_document(document: impl Into<PathBuf>) -> Self {
        let document = document.into();
        Self {
            envelope: default_envelope_path(&document),
            document,
            source: None,
        }
    }
}

/// The default envelope file for a document: `article.md` → `article.md.tprov.json`.
pub fn default_envelope_path(document: &Path) -> PathBuf {
    let mut name = document.as_os_str().to_owned();
    name.push(".tprov.json");
    PathBuf::from(name)
}

/// Verifies files. Missing or unreadable documents and envelopes are errors (the check could
/// not be made); an envelope over the size limit is a failed envelope check.
pub fn verify_files(paths: &VerifyPaths, trust: &TrustStore) -> Result<Report, Error> {
    let document = Sha256Digest::of_file(&paths.document)?;
    let source = paths
        .source
        .as_deref()
        .map(Sha256Digest::of_file)
        .transpose()?;
    let subjects = Subjects {
        document,
        document_name: paths
            .document
            .file_name()
            .map(|n| n.to_string_lossy().into_owned()),
        source,
    };
    let mut report = match files::read_limited(&paths.envelope, MAX_ENVELOPE_BYTES) {
        Ok(bytes) => verify_envelope(&bytes, &subjects, trust),
        Err(Error::TooLarge { .. }) => {
            let run = Pipeline::new(source.is_some());
            run.fail(
                CheckKind::Envelope,
                crate::envelope::EnvelopeError::TooLarge.to_string(),
            )
        }
        Err(e) => return Err(e),
    };
    report.document = Some(paths.document.clone());
    report.envelope = Some(paths.envelope.clone());
    Ok(report)
}

fn short(keyid: &str) -> &str {
    &keyid[..keyid.len().min(16)]
}
