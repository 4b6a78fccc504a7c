//! What a verification found: the checks with their outcomes, every signature with its status,
//! the policy's measure and, when everything passed, the record. Serialised as the stable
//! `tprov verify --json` schema ([`REPORT_SCHEMA_VERSION`]).

use std::path::PathBuf;

use serde::{Serialize, Serializer};

use crate::crypto::keys::KeyId;
use crate::record::{Role, Statement};
use crate::text::diagnose::Diagnosis;
use crate::text::differ::Difference;
use crate::verify::disclosure::DisclosureReport;
use crate::verify::page::EnvelopeSource;
use crate::verify::policy::PolicyReport;
use crate::verify::trust::TrustedKey;

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
    /// The page's disclosure says what the verified record says (only for a page that carries
    /// one; see [`crate::verify::disclosure`]).
    Disclosure,
}

impl CheckKind {
    /// Every check, in the order they run.
    pub const ALL: [CheckKind; 7] = [
        Self::Envelope,
        Self::Signature,
        Self::Statement,
        Self::Policy,
        Self::Document,
        Self::Source,
        Self::Disclosure,
    ];

    /// The check's name as shown to people and in JSON.
    pub fn name(self) -> &'static str {
        match self {
            Self::Envelope => "envelope",
            Self::Signature => "signature",
            Self::Statement => "statement",
            Self::Policy => "policy",
            Self::Document => "document",
            Self::Source => "source",
            Self::Disclosure => "disclosure",
        }
    }
}

/// A check's result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum CheckOutcome {
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
    /// Which check (`check` in JSON).
    #[serde(rename = "check")]
    pub kind: CheckKind,
    /// Its outcome.
    pub outcome: CheckOutcome,
    /// What was found, in plain words.
    pub detail: String,
}

/// A signer known to the reader.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Signer {
    /// The key id (SHA-256 of the raw public key; full hex in JSON).
    pub keyid: KeyId,
    /// The reader's name for the key (from the trust file, or the `.pub` file's name).
    pub name: String,
}

impl Signer {
    /// The signer for a trusted key.
    pub fn of(entry: &TrustedKey) -> Self {
        Self {
            keyid: entry.key.key_id(),
            name: entry.name.clone(),
        }
    }

    /// "newsroom (key 1a2b3c4d5e6f7a8b)".
    pub fn describe(&self) -> String {
        format!("{} (key {})", self.name, self.keyid.short())
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
///
/// Serialised with a `verified` field (true exactly when `status` is `verified`), as the JSON
/// schema has always had it; in Rust it is derived ([`SignatureReport::is_verified`]), so it
/// cannot disagree with the status.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureReport {
    /// Position in the envelope.
    pub index: usize,
    /// The key id the envelope states (untrusted, for information).
    pub keyid_hint: Option<String>,
    /// The outcome. A validity window is judged once the signed time is read (the statement
    /// check); when an earlier check fails, a signature by a valid key stays `verified`.
    pub status: SignatureStatus,
    /// The trusted key that verified the signature, whatever its status (absent when none did).
    pub signer: Option<Signer>,
    /// The roles the reader grants that key (from the trust file; none for `.pub` files).
    pub roles: Vec<Role>,
    /// Why a valid signature does not count (revoked, expired, not yet valid), in plain words.
    pub reason: Option<String>,
    /// When an earlier signature is by the same key: its index. The key counts once.
    pub duplicate_of: Option<usize>,
}

impl SignatureReport {
    /// Whether the signature verified by a key in force (`status` is
    /// [`SignatureStatus::Verified`]), whether or not an earlier one by the same key did too.
    pub fn is_verified(&self) -> bool {
        self.status == SignatureStatus::Verified
    }

    /// Whether the signature counts towards the policy: verified by a key in force, and the
    /// first by that key (a key counts once). The one place this is decided.
    pub fn counts(&self) -> bool {
        self.is_verified() && self.duplicate_of.is_none()
    }
}

/// The JSON form of a [`SignatureReport`], field order included.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SignatureReportJson<'a> {
    index: usize,
    keyid_hint: &'a Option<String>,
    verified: bool,
    status: SignatureStatus,
    signer: &'a Option<Signer>,
    roles: &'a [Role],
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: &'a Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    duplicate_of: Option<usize>,
}

impl Serialize for SignatureReport {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        SignatureReportJson {
            index: self.index,
            keyid_hint: &self.keyid_hint,
            verified: self.is_verified(),
            status: self.status,
            signer: &self.signer,
            roles: &self.roles,
            reason: &self.reason,
            duplicate_of: self.duplicate_of,
        }
        .serialize(serializer)
    }
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
    /// The page's address after redirects, when a page was fetched (additive to version 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// Where the envelope came from: a file, the page, the page's link (additive to version 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub envelope_source: Option<EnvelopeSource>,
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
    /// How the document matched the record, once the document check ran: the signed bytes,
    /// the signed text only, or neither (`match` in JSON; additive to schema version 1).
    #[serde(rename = "match", skip_serializing_if = "Option::is_none")]
    pub match_kind: Option<MatchKind>,
    /// For a text match: how the copy differs from the signed document below its text.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub differences: Vec<Difference>,
    /// For a copy whose text differs: which signed sentences are changed, missing or moved.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diagnosis: Option<Diagnosis>,
    /// For an HTML page: what its disclosure element says against the verified record
    /// (additive to schema version 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub disclosure: Option<DisclosureReport>,
}

/// How a document matched the signed record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum MatchKind {
    /// The document is the signed bytes.
    Exact,
    /// The bytes differ, but the canonical text is the signed text (a *text match*: the words
    /// are covered, markup and layout are not).
    Text,
    /// Neither the bytes nor the text are the signed ones.
    None,
}

impl Report {
    /// An empty, unverified report: no check has run yet.
    pub(crate) fn new() -> Self {
        Self {
            schema_version: REPORT_SCHEMA_VERSION,
            verified: false,
            document: None,
            envelope: None,
            url: None,
            envelope_source: None,
            checks: Vec::new(),
            signatures: Vec::new(),
            policy: None,
            record: None,
            notes: Vec::new(),
            match_kind: None,
            differences: Vec::new(),
            diagnosis: None,
            disclosure: None,
        }
    }

    /// The first failed check, if any.
    pub fn failure(&self) -> Option<&Check> {
        self.checks
            .iter()
            .find(|c| c.outcome == CheckOutcome::Failed)
    }

    /// The trusted signers whose signatures count, each key once.
    pub fn signers(&self) -> impl Iterator<Item = &Signer> {
        self.signatures
            .iter()
            .filter(|s| s.counts())
            .filter_map(|s| s.signer.as_ref())
    }
}
