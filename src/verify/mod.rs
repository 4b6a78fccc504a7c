//! The verification pipeline: from an envelope, a document, trusted keys and a policy to a report
//! that lists every check and every signature with its outcome.
//!
//! The checks run in a fixed order, and a check runs only when every check before it passed:
//!
//! 1. **envelope**: the bytes are a well-formed DSSE envelope within the size limits;
//! 2. **signature**: at least one signature verifies over the PAE with a trusted key that is not
//!    revoked;
//! 3. **statement**: the payload type is in-toto and the payload is a tprov Statement;
//! 4. **policy**: the signatures that *count* — by trusted keys, not revoked, in force at the
//!    record's signed `signedAt` — come from at least the required number of distinct keys and
//!    cover every required role (see [`crate::verify::policy`]);
//! 5. **document**: the document's SHA-256 equals the subject's;
//! 6. **source** (only when the source is given): the source's SHA-256 equals the record's.
//!
//! Step 2 comes before step 3 on purpose: nothing in the payload is parsed, let alone believed,
//! until a trusted key has vouched for its exact bytes (and for its payload type, which the PAE
//! covers, so a signature made for another protocol cannot be replayed as a tprov record).
//! Revocation is judged in step 2 because it does not depend on time; validity windows need the
//! *signed* signing time, which is only known once step 2 has vouched for the payload and step 3
//! has read it, so they are judged in step 4 (see [`crate::verify::trust`] for what that time proves).

pub mod batch;
pub mod policy;
pub mod trust;
pub mod trust_edit;

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::Error;
use crate::crypto::digest::Sha256Digest;
use crate::crypto::dsse::{Envelope, IN_TOTO_PAYLOAD_TYPE, MAX_ENVELOPE_BYTES, SignatureVerdict};
use crate::io::files;
use crate::record::{Role, Statement};
use crate::verify::policy::{Policy, PolicyReport, role_name};
use crate::verify::trust::{Standing, TrustStore, TrustedKey};

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
    /// The counted signatures meet the reader's policy (threshold and roles).
    Policy,
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
            Self::Policy => "policy",
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
    /// The reader's name for the key (from the trust file, or the `.pub` file's name).
    pub name: String,
}

impl Signer {
    /// The signer for a trusted key.
    pub fn of(entry: &TrustedKey) -> Self {
        Self {
            keyid: entry.key.key_id().to_hex(),
            name: entry.name.clone(),
        }
    }

    /// "newsroom (key 1a2b3c4d5e6f7a8b)".
    fn describe(&self) -> String {
        format!("{} (key {})", self.name, short(&self.keyid))
    }
}

/// What became of one signature.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum SignatureStatus {
    /// Valid, by a trusted key in force when the record says it was signed: it counts.
    Verified,
    /// No trusted key verifies it: an unknown signer, or a forged or damaged signature.
    /// Reported, never counted.
    NotVerified,
    /// Valid, but the key is revoked: it fails whatever signing time the record claims.
    Revoked,
    /// Valid, but the record's signing time is at or after the key's `validUntil`.
    Expired,
    /// Valid, but the record's signing time is before the key's `validFrom`.
    NotYetValid,
}

impl SignatureStatus {
    /// The status as shown to people and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Self::Verified => "verified",
            Self::NotVerified => "notVerified",
            Self::Revoked => "revoked",
            Self::Expired => "expired",
            Self::NotYetValid => "notYetValid",
        }
    }
}

/// What became of one signature in the envelope.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SignatureReport {
    /// Position in the envelope.
    pub index: usize,
    /// The key id the envelope states (untrusted, for information).
    pub keyid_hint: Option<String>,
    /// Whether the signature counts: `status` is [`SignatureStatus::Verified`].
    pub verified: bool,
    /// The outcome. A validity window is judged once the signed time is read (the statement
    /// check); when an earlier check fails, a signature by a valid key stays `verified`.
    pub status: SignatureStatus,
    /// The trusted key that verified the signature, whatever its status (absent when none did).
    pub signer: Option<Signer>,
    /// The roles the reader grants that key (from the trust file; none for `.pub` files).
    pub roles: Vec<Role>,
    /// Why a valid signature does not count (revoked, expired, not yet valid), in plain words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
    /// When an earlier signature is by the same key: its index. The key counts once.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub duplicate_of: Option<usize>,
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
    /// How the counted signatures measured up to the policy, once the policy check ran.
    pub policy: Option<PolicyReport>,
    /// The signed record. Present only when every check passed.
    pub record: Option<Statement>,
    /// Observations that do not fail verification (for example a renamed document).
    pub notes: Vec<String>,
}

impl Report {
    /// The first failed check, if any.
    pub fn failure(&self) -> Option<&Check> {
        self.checks.iter().find(|c| c.outcome == Outcome::Failed)
    }

    /// The trusted signers whose signatures count, each key once.
    pub fn signers(&self) -> impl Iterator<Item = &Signer> {
        self.signatures
            .iter()
            .filter(|s| s.verified && s.duplicate_of.is_none())
            .filter_map(|s| s.signer.as_ref())
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
    /// A pipeline running the record checks, then the document check when a document is
    /// given, then the source check when a source is given.
    fn new(with_document: bool, with_source: bool) -> Self {
        const ALL: &[CheckKind] = &[
            CheckKind::Envelope,
            CheckKind::Signature,
            CheckKind::Statement,
            CheckKind::Policy,
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
                policy: None,
                record: None,
                notes: Vec::new(),
            },
            order: match (with_document, with_source) {
                (true, true) => ALL,
                (true, false) => &ALL[..5],
                (false, _) => &ALL[..4],
            },
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

/// Verifies envelope bytes against the documents' digests and the reader's trusted keys, with
/// the default [`Policy`] (one trusted key, no roles). See [`verify_envelope_with`].
pub fn verify_envelope(envelope_bytes: &[u8], subjects: &Subjects, trust: &TrustStore) -> Report {
    verify_envelope_with(envelope_bytes, subjects, trust, &Policy::default())
}

/// Verifies envelope bytes against the documents' digests, the reader's trusted keys and a
/// policy. Never fails: every problem with the envelope becomes a failed check in the report.
pub fn verify_envelope_with(
    envelope_bytes: &[u8],
    subjects: &Subjects,
    trust: &TrustStore,
    policy: &Policy,
) -> Report {
    let run = Pipeline::new(true, subjects.source.is_some());
    match check_record(run, envelope_bytes, trust, policy) {
        Ok((run, statement)) => check_documents(run, statement, subjects),
        Err(failed) => *failed,
    }
}

/// Verifies a record without a document: the envelope, signature, statement and policy checks
/// only. Used where the document is not at hand (`tprov log` walking old revisions); the report
/// says which checks ran, and a record verified this way says nothing about any file.
pub fn verify_record_with(envelope_bytes: &[u8], trust: &TrustStore, policy: &Policy) -> Report {
    match check_record(Pipeline::new(false, false), envelope_bytes, trust, policy) {
        Ok((mut run, statement)) => {
            run.report.record = Some(statement);
            run.finish()
        }
        Err(failed) => *failed,
    }
}

/// Steps 1–4: envelope, signature, statement, policy. Returns the pipeline and the verified
/// statement, or the finished failed report.
fn check_record(
    mut run: Pipeline,
    envelope_bytes: &[u8],
    trust: &TrustStore,
    policy: &Policy,
) -> Result<(Pipeline, Statement), Box<Report>> {
    let envelope = match Envelope::from_json(envelope_bytes) {
        Ok(envelope) => envelope,
        Err(e) => return Err(Box::new(run.fail(CheckKind::Envelope, e.to_string()))),
    };
    run.pass(
        CheckKind::Envelope,
        format!(
            "well-formed DSSE envelope with {}",
            plural(envelope.signatures.len(), "signature")
        ),
    );

    // Step 2: cryptography and revocation, before anything in the payload is read.
    let trusted = trust.public_keys();
    let checks = envelope.check_signatures(&trusted);
    // The trusted entry that verified each signature, by position in the envelope.
    let entries: Vec<Option<&TrustedKey>> = checks
        .iter()
        .map(|c| match c.verdict {
            SignatureVerdict::Verified { key_index } => Some(&trust.keys()[key_index]),
            SignatureVerdict::NotVerified => None,
        })
        .collect();
    let mut first_by_key: Vec<(usize, usize)> = Vec::new(); // (key index, signature index)
    run.report.signatures = checks
        .iter()
        .map(|c| match c.verdict {
            SignatureVerdict::Verified { key_index } => {
                let entry = &trust.keys()[key_index];
                let duplicate_of = first_by_key
                    .iter()
                    .find(|(k, _)| *k == key_index)
                    .map(|(_, first)| *first);
                if duplicate_of.is_none() {
                    first_by_key.push((key_index, c.index));
                }
                let (status, reason) = match &entry.revoked {
                    Some(revocation) => (
                        SignatureStatus::Revoked,
                        Some(format!(
                            "the key was {revocation}; a revoked key's signatures fail whatever signing time they claim"
                        )),
                    ),
                    None => (SignatureStatus::Verified, None),
                };
                SignatureReport {
                    index: c.index,
                    keyid_hint: c.keyid_hint.clone(),
                    verified: status == SignatureStatus::Verified,
                    status,
                    signer: Some(Signer::of(entry)),
                    roles: entry.roles.clone(),
                    reason,
                    duplicate_of,
                }
            }
            SignatureVerdict::NotVerified => SignatureReport {
                index: c.index,
                keyid_hint: c.keyid_hint.clone(),
                verified: false,
                status: SignatureStatus::NotVerified,
                signer: None,
                roles: Vec::new(),
                reason: None,
                duplicate_of: None,
            },
        })
        .collect();
    let valid: Vec<&SignatureReport> = run
        .report
        .signatures
        .iter()
        .filter(|s| s.verified && s.duplicate_of.is_none())
        .collect();
    let revoked: Vec<String> = run
        .report
        .signatures
        .iter()
        .filter(|s| s.status == SignatureStatus::Revoked && s.duplicate_of.is_none())
        .filter_map(|s| {
            let revocation = entries[s.index]?.revoked.as_ref()?;
            Some(format!(
                "{} was {revocation}",
                s.signer.as_ref()?.describe()
            ))
        })
        .collect();
    let unknown = run
        .report
        .signatures
        .iter()
        .filter(|s| s.status == SignatureStatus::NotVerified)
        .count();
    if valid.is_empty() {
        let detail = if !revoked.is_empty() {
            format!(
                "every signature that verifies is by a revoked key: {}. A revoked key's signatures fail whatever signing time the record claims; ask the signer for a record signed with a key in force",
                revoked.join("; ")
            )
        } else if trust.is_empty() {
            "no trusted keys were given".to_owned()
        } else {
            format!(
                "no signature verifies with a trusted key ({} checked against {}): the envelope or payload was altered, or it was signed by a key you do not trust",
                plural(checks.len(), "signature"),
                plural(trusted.len(), "trusted key")
            )
        };
        return Err(Box::new(run.fail(CheckKind::Signature, detail)));
    }
    let mut detail = format!(
        "valid Ed25519 signature by {}",
        valid
            .iter()
            .filter_map(|s| s.signer.as_ref().map(Signer::describe))
            .collect::<Vec<_>>()
            .join(", ")
    );
    if !revoked.is_empty() {
        detail.push_str(&format!("; refused: {}", revoked.join("; ")));
    }
    if unknown > 0 {
        detail.push_str(&format!(
            "; {} not by any trusted key (reported, not counted)",
            plural(unknown, "signature")
        ));
    }
    run.pass(CheckKind::Signature, detail);

    if envelope.payload_type != IN_TOTO_PAYLOAD_TYPE {
        return Err(Box::new(run.fail(
            CheckKind::Statement,
            format!(
                "payload type is {:?}, not {IN_TOTO_PAYLOAD_TYPE:?}: this is not a tprov record",
                envelope.payload_type
            ),
        )));
    }
    let statement = match Statement::from_payload(&envelope.payload) {
        Ok(statement) => statement,
        Err(e) => return Err(Box::new(run.fail(CheckKind::Statement, e.to_string()))),
    };
    run.pass(
        CheckKind::Statement,
        format!(
            "in-toto Statement v1, translation provenance record revision {}",
            statement.predicate.revision
        ),
    );

    // Step 4: validity windows against the signed signing time, then the policy.
    let signed_at = statement.predicate.signed_at;
    for report in &mut run.report.signatures {
        if report.status != SignatureStatus::Verified {
            continue;
        }
        let Some(entry) = entries[report.index] else {
            continue;
        };
        let (status, reason) = match entry.standing_at(signed_at) {
            Standing::InForce | Standing::Revoked => continue,
            Standing::Expired => (
                SignatureStatus::Expired,
                format!(
                    "the key is valid until {} but the record says it was signed at {signed_at}",
                    entry.valid_until.expect("an expired key has validUntil")
                ),
            ),
            Standing::NotYetValid => (
                SignatureStatus::NotYetValid,
                format!(
                    "the key is valid from {} but the record says it was signed at {signed_at}",
                    entry.valid_from.expect("a not-yet-valid key has validFrom")
                ),
            ),
        };
        report.status = status;
        report.verified = false;
        report.reason = Some(reason);
    }
    let counted: Vec<&TrustedKey> = run
        .report
        .signatures
        .iter()
        .filter(|s| s.verified && s.duplicate_of.is_none())
        .filter_map(|s| entries[s.index])
        .collect();
    let outcome = policy.evaluate(&counted);
    let detail = policy_detail(policy, &outcome, &counted, &run.report.signatures, trust);
    let met = outcome.met;
    run.report.policy = Some(outcome);
    if !met {
        return Err(Box::new(run.fail(CheckKind::Policy, detail)));
    }
    run.pass(CheckKind::Policy, detail);

    Ok((run, statement))
}

/// Steps 5 and 6: the document, and the source when given.
fn check_documents(mut run: Pipeline, statement: Statement, subjects: &Subjects) -> Report {
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

/// Verifies files with the default [`Policy`]. See [`verify_files_with`].
pub fn verify_files(paths: &VerifyPaths, trust: &TrustStore) -> Result<Report, Error> {
    verify_files_with(paths, trust, &Policy::default())
}

/// Verifies files against trusted keys and a policy. Missing or unreadable documents and
/// envelopes are errors (the check could not be made); an envelope over the size limit is a
/// failed envelope check.
pub fn verify_files_with(
    paths: &VerifyPaths,
    trust: &TrustStore,
    policy: &Policy,
) -> Result<Report, Error> {
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
    let mut report = match read_envelope_file(&paths.envelope) {
        Ok(bytes) => verify_envelope_with(&bytes, &subjects, trust, policy),
        Err(Error::TooLarge { .. }) => {
            let run = Pipeline::new(true, source.is_some());
            run.fail(
                CheckKind::Envelope,
                crate::crypto::dsse::EnvelopeError::TooLarge.to_string(),
            )
        }
        Err(e) => return Err(e),
    };
    report.document = Some(paths.document.clone());
    report.envelope = Some(paths.envelope.clone());
    Ok(report)
}

/// Reads an envelope file as [`files::read_limited`] does, bounded by [`MAX_ENVELOPE_BYTES`] and
/// with the same errors, but into a buffer sized from the file's length: an envelope of a few
/// kilobytes is read in two `read` calls instead of being grown from 32 bytes in nine, which
/// shows when an archive of many thousands is verified.
fn read_envelope_file(path: &Path) -> Result<Vec<u8>, Error> {
    use std::io::Read as _;
    let read_error = |source| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    let file = files::open_regular(path)?;
    let len = file.metadata().map_err(read_error)?.len();
    let mut bytes = Vec::with_capacity(len.min(MAX_ENVELOPE_BYTES) as usize + 1);
    file.take(MAX_ENVELOPE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(read_error)?;
    if bytes.len() as u64 > MAX_ENVELOPE_BYTES {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            limit: MAX_ENVELOPE_BYTES,
        });
    }
    Ok(bytes)
}

/// The policy check's sentence: what was required and what was found, and on failure why.
fn policy_detail(
    policy: &Policy,
    outcome: &PolicyReport,
    counted: &[&TrustedKey],
    signatures: &[SignatureReport],
    trust: &TrustStore,
) -> String {
    let describe = |k: &&TrustedKey| {
        if k.roles.is_empty() {
            format!("{} (no roles)", k.name)
        } else {
            let roles: Vec<&str> = k.roles.iter().map(role_name).collect();
            format!("{} ({})", k.name, roles.join(", "))
        }
    };
    let found = if counted.is_empty() {
        "none counted".to_owned()
    } else {
        format!(
            "counted {}",
            counted.iter().map(describe).collect::<Vec<_>>().join(", ")
        )
    };
    let required_roles: Vec<&str> = policy.required_roles().iter().map(role_name).collect();
    let required = format!(
        "required {}{}",
        plural(policy.min_keys(), "trusted key"),
        if required_roles.is_empty() {
            String::new()
        } else {
            format!(" covering {}", required_roles.join(", "))
        }
    );
    if outcome.met {
        return format!("{required}; {found}");
    }
    let mut why: Vec<String> = Vec::new();
    if counted.is_empty() {
        why.push("no signature counts".into());
    } else if counted.len() < policy.min_keys() {
        why.push(format!(
            "threshold not met: signatures by {} count, {} required",
            plural(counted.len(), "distinct trusted key"),
            policy.min_keys()
        ));
    }
    why.extend(
        signatures
            .iter()
            .filter(|s| {
                matches!(
                    s.status,
                    SignatureStatus::Expired | SignatureStatus::NotYetValid
                ) && s.duplicate_of.is_none()
            })
            .filter_map(|s| {
                Some(format!(
                    "{} is {}: {}",
                    s.signer.as_ref()?.describe(),
                    if s.status == SignatureStatus::Expired {
                        "expired"
                    } else {
                        "not yet valid"
                    },
                    s.reason.as_deref()?
                ))
            }),
    );
    if !outcome.missing_roles.is_empty() {
        let missing: Vec<&str> = outcome.missing_roles.iter().map(role_name).collect();
        let mut text = format!(
            "no counted signature is by a key you trust as {}",
            missing.join(" or ")
        );
        if !trust.grants_any_role() {
            text.push_str(
                ": keys given as .pub files (--pubkey, or --trust with a .pub file or folder) grant no roles; use a trust file (--trust FILE.json) that grants the signers their roles",
            );
        }
        why.push(text);
    }
    format!("{} ({required}; {found})", why.join("; "))
}

/// "1 signature", "2 signatures".
fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}

fn short(keyid: &str) -> &str {
    &keyid[..keyid.len().min(16)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SecretKey;
    use crate::record::{Documents, Metadata, build_statement};
    use crate::verify::trust::Revocation;
    use jiff::Timestamp;

    const TRANSLATION: &[u8] = b"AI translation is changing journalism.\n";

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    fn key(seed: u8) -> SecretKey {
        SecretKey::from_seed(&[seed; 32])
    }

    /// A record of TRANSLATION signed at `signed_at` by each key in turn (the first signs, the
    /// others co-sign).
    fn envelope(signed_at: &str, keys: &[&SecretKey]) -> Vec<u8> {
        let metadata = Metadata {
            source_language: Some("zh".into()),
            target_language: Some("en".into()),
            engine: Some("ExampleMT".into()),
            ..Metadata::default()
        };
        let documents = Documents {
            translation_name: Some("a.en.md".into()),
            translation_sha256: Sha256Digest::of(TRANSLATION),
            source_name: None,
            source_sha256: Some(Sha256Digest::of(b"source")),
        };
        let statement = build_statement(&documents, &metadata, at(signed_at), None).unwrap();
        let mut envelope = statement.sign(keys[0]);
        for key in &keys[1..] {
            envelope.add_signature(key);
        }
        envelope.to_json()
    }

    fn subjects() -> Subjects {
        Subjects {
            document: Sha256Digest::of(TRANSLATION),
            document_name: Some("a.en.md".into()),
            source: None,
        }
    }

    fn entry(name: &str, seed: u8, roles: &[Role]) -> TrustedKey {
        let mut entry = TrustedKey::new(name, key(seed).public_key(), "trust.json");
        entry.roles = roles.to_vec();
        entry
    }

    fn store(entries: Vec<TrustedKey>) -> TrustStore {
        let mut store = TrustStore::new();
        for entry in entries {
            store.add_key(entry).unwrap();
        }
        store
    }

    fn check(report: &Report, kind: CheckKind) -> &Check {
        report.checks.iter().find(|c| c.check == kind).unwrap()
    }

    fn statuses(report: &Report) -> Vec<SignatureStatus> {
        report.signatures.iter().map(|s| s.status).collect()
    }

    #[test]
    fn the_policy_check_runs_between_statement_and_document() {
        let trust = store(vec![entry("newsroom", 1, &[])]);
        let report = verify_envelope(
            &envelope("2026-11-24T09:30:00Z", &[&key(1)]),
            &subjects(),
            &trust,
        );
        assert!(report.verified, "{report:#?}");
        let kinds: Vec<CheckKind> = report.checks.iter().map(|c| c.check).collect();
        assert_eq!(
            kinds,
            [
                CheckKind::Envelope,
                CheckKind::Signature,
                CheckKind::Statement,
                CheckKind::Policy,
                CheckKind::Document
            ]
        );
        assert_eq!(
            check(&report, CheckKind::Policy).detail,
            "required 1 trusted key; counted newsroom (no roles)"
        );
        let policy = report.policy.as_ref().unwrap();
        assert!(policy.met && policy.counted_keys == [key(1).public_key().key_id().to_hex()]);
    }

    #[test]
    fn an_expired_key_does_not_count_for_a_record_signed_after_its_window() {
        let mut old = entry("newsroom", 1, &[Role::Publisher]);
        old.valid_until = Some(at("2026-01-01T00:00:00Z"));
        let trust = store(vec![old]);
        let report = verify_envelope(
            &envelope("2026-11-24T09:30:00Z", &[&key(1)]),
            &subjects(),
            &trust,
        );
        assert!(!report.verified);
        assert!(report.record.is_none());
        let failed = report.failure().unwrap();
        assert_eq!(failed.check, CheckKind::Policy);
        assert!(
            failed
                .detail
                .starts_with("no signature counts; newsroom (key "),
            "{}",
            failed.detail
        );
        assert!(
            failed.detail.contains("is expired: the key is valid until 2026-01-01T00:00:00Z but the record says it was signed at 2026-11-24T09:30:00Z"),
            "{}",
            failed.detail
        );
        assert_eq!(statuses(&report), [SignatureStatus::Expired]);
        assert!(!report.signatures[0].verified);
        assert_eq!(report.signatures[0].roles, [Role::Publisher]);
        // The same key verifies a record signed inside its window (judged by the signed time,
        // not by the reader's clock).
        let report = verify_envelope(
            &envelope("2025-12-31T23:59:59Z", &[&key(1)]),
            &subjects(),
            &trust,
        );
        assert!(report.verified, "{report:#?}");
    }

    #[test]
    fn a_key_does_not_count_before_its_window_opens() {
        let mut new = entry("newsroom", 1, &[]);
        new.valid_from = Some(at("2027-01-01T00:00:00Z"));
        let trust = store(vec![new]);
        let report = verify_envelope(
            &envelope("2026-11-24T09:30:00Z", &[&key(1)]),
            &subjects(),
            &trust,
        );
        assert_eq!(report.failure().unwrap().check, CheckKind::Policy);
        assert!(
            report
                .failure()
                .unwrap()
                .detail
                .contains("is not yet valid: the key is valid from 2027-01-01T00:00:00Z"),
            "{}",
            report.failure().unwrap().detail
        );
        assert_eq!(statuses(&report), [SignatureStatus::NotYetValid]);
    }

    #[test]
    fn rotation_old_key_for_old_records_new_key_for_new_ones() {
        let mut old = entry("newsroom", 1, &[Role::Publisher]);
        old.valid_until = Some(at("2026-01-01T00:00:00Z"));
        let mut new = entry("newsroom", 2, &[Role::Publisher]);
        new.valid_from = Some(at("2026-01-01T00:00:00Z"));
        let trust = store(vec![old, new]);
        let policy = Policy::new().require_role(Role::Publisher);
        let verify = |signed_at: &str, signer: &SecretKey| {
            verify_envelope_with(
                &envelope(signed_at, &[signer]),
                &subjects(),
                &trust,
                &policy,
            )
        };
        assert!(verify("2025-06-01T00:00:00Z", &key(1)).verified);
        assert!(verify("2026-06-01T00:00:00Z", &key(2)).verified);
        let stale = verify("2026-06-01T00:00:00Z", &key(1));
        assert!(!stale.verified);
        assert_eq!(statuses(&stale), [SignatureStatus::Expired]);
        let early = verify("2025-06-01T00:00:00Z", &key(2));
        assert_eq!(statuses(&early), [SignatureStatus::NotYetValid]);
        assert_eq!(
            verify("2026-06-01T00:00:00Z", &key(2))
                .signers()
                .next()
                .unwrap()
                .name,
            "newsroom"
        );
    }

    #[test]
    fn a_revoked_key_fails_whatever_time_it_claims_with_and_without_a_date() {
        for (revocation, says) in [
            (
                Revocation {
                    at: Some(at("2026-03-02T00:00:00Z")),
                    reason: Some("laptop stolen".into()),
                },
                "was revoked on 2026-03-02T00:00:00Z: laptop stolen",
            ),
            (Revocation::default(), "was revoked."),
        ] {
            let mut stolen = entry("agency", 1, &[Role::Translator]);
            stolen.revoked = Some(revocation);
            let trust = store(vec![stolen]);
            // Signed (it claims) long before the revocation: still refused.
            let report = verify_envelope(
                &envelope("2020-01-01T00:00:00Z", &[&key(1)]),
                &subjects(),
                &trust,
            );
            let failed = report.failure().unwrap();
            assert_eq!(failed.check, CheckKind::Signature);
            assert!(failed.detail.contains(says), "{}", failed.detail);
            assert!(failed.detail.contains("revoked key"), "{}", failed.detail);
            assert_eq!(statuses(&report), [SignatureStatus::Revoked]);
            assert_eq!(report.signatures[0].signer.as_ref().unwrap().name, "agency");
            assert!(report.record.is_none());
            assert_eq!(report.signers().count(), 0);
        }
    }

    #[test]
    fn a_revoked_cosignature_is_refused_but_does_not_hide_a_good_one() {
        let mut stolen = entry("old", 2, &[]);
        stolen.revoked = Some(Revocation::default());
        let trust = store(vec![entry("newsroom", 1, &[]), stolen]);
        let report = verify_envelope(
            &envelope("2026-11-24T09:30:00Z", &[&key(1), &key(2)]),
            &subjects(),
            &trust,
        );
        assert!(report.verified);
        assert_eq!(
            statuses(&report),
            [SignatureStatus::Verified, SignatureStatus::Revoked]
        );
        assert!(
            check(&report, CheckKind::Signature)
                .detail
                .contains("refused: old (key ")
        );
    }

    #[test]
    fn required_roles_come_from_the_trust_store_only() {
        let trust = store(vec![
            entry("agency", 1, &[Role::Translator, Role::PostEditor]),
            entry("newsroom", 2, &[Role::Publisher]),
        ]);
        let needs_publisher = Policy::new().require_role(Role::Publisher);
        // The record names a publisher agent, but only the agency signed: not enough.
        let translator_only = envelope("2026-11-24T09:30:00Z", &[&key(1)]);
        let report = verify_envelope_with(&translator_only, &subjects(), &trust, &needs_publisher);
        let failed = report.failure().unwrap();
        assert_eq!(failed.check, CheckKind::Policy);
        assert!(
            failed
                .detail
                .starts_with("no counted signature is by a key you trust as publisher"),
            "{}",
            failed.detail
        );
        assert_eq!(
            report.policy.as_ref().unwrap().missing_roles,
            [Role::Publisher]
        );
        let cosigned = envelope("2026-11-24T09:30:00Z", &[&key(1), &key(2)]);
        let policy = needs_publisher.threshold(2).require_role(Role::PostEditor);
        let report = verify_envelope_with(&cosigned, &subjects(), &trust, &policy);
        assert!(report.verified, "{report:#?}");
        assert_eq!(
            check(&report, CheckKind::Policy).detail,
            "required 2 trusted keys covering publisher, post-editor; counted agency (translator, post-editor), newsroom (publisher)"
        );
    }

    #[test]
    fn pub_files_grant_no_roles_and_the_message_says_to_use_a_trust_file() {
        let mut trust = TrustStore::new();
        trust.add("newsroom", key(1).public_key(), "newsroom.pub");
        let report = verify_envelope_with(
            &envelope("2026-11-24T09:30:00Z", &[&key(1)]),
            &subjects(),
            &trust,
            &Policy::new().require_role(Role::Publisher),
        );
        let detail = &report.failure().unwrap().detail;
        assert!(
            detail.contains("grant no roles; use a trust file (--trust FILE.json)"),
            "{detail}"
        );
    }

    #[test]
    fn unknown_signers_are_reported_but_not_counted_and_duplicates_count_once() {
        let trust = store(vec![entry("newsroom", 1, &[])]);
        let stranger = key(9);
        let bytes = envelope("2026-11-24T09:30:00Z", &[&key(1), &stranger, &key(1)]);
        let two = Policy::new().threshold(2);
        let report = verify_envelope_with(&bytes, &subjects(), &trust, &two);
        assert_eq!(
            statuses(&report),
            [
                SignatureStatus::Verified,
                SignatureStatus::NotVerified,
                SignatureStatus::Verified
            ]
        );
        assert_eq!(report.signatures[2].duplicate_of, Some(0));
        assert_eq!(report.signatures[1].signer, None);
        assert_eq!(
            report.signatures[1].keyid_hint.as_deref(),
            Some(stranger.public_key().key_id().to_hex().as_str())
        );
        let failed = report.failure().unwrap();
        assert_eq!(failed.check, CheckKind::Policy);
        assert!(
            failed.detail.starts_with(
                "threshold not met: signatures by 1 distinct trusted key count, 2 required"
            ),
            "{}",
            failed.detail
        );
        assert!(
            check(&report, CheckKind::Signature)
                .detail
                .contains("1 signature not by any trusted key (reported, not counted)")
        );
        assert_eq!(report.policy.as_ref().unwrap().counted_keys.len(), 1);
        // With the default policy the same envelope verifies, and lists the signer once.
        let report = verify_envelope(&bytes, &subjects(), &trust);
        assert!(report.verified);
        assert_eq!(report.signers().count(), 1);
    }

    #[test]
    fn the_report_serialises_statuses_in_lower_camel_case() {
        let mut old = entry("newsroom", 1, &[Role::PostEditor]);
        old.valid_until = Some(at("2026-01-01T00:00:00Z"));
        let trust = store(vec![old]);
        let report = verify_envelope(
            &envelope("2026-11-24T09:30:00Z", &[&key(1), &key(5)]),
            &subjects(),
            &trust,
        );
        let json = serde_json::to_value(&report).unwrap();
        assert_eq!(json["signatures"][0]["status"], "expired");
        assert_eq!(json["signatures"][0]["roles"][0], "postEditor");
        assert_eq!(json["signatures"][1]["status"], "notVerified");
        assert_eq!(json["checks"][3]["check"], "policy");
        assert_eq!(json["policy"]["threshold"], 1);
        assert_eq!(SignatureStatus::NotYetValid.name(), "notYetValid");
    }
}
