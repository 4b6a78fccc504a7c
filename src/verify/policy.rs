//! What a reader requires of an envelope's signatures beyond "a trusted key signed it": how many
//! distinct trusted keys, and which roles they must cover between them.
//!
//! Roles come from the reader's trust file ([`crate::verify::trust`]), never from the record: a record
//! that names "The Example Review" as publisher proves nothing about who signed it. A signature
//! *counts* when its key is trusted, not revoked, and in force at the record's signed `signedAt`;
//! signatures by unknown keys are reported but never count, and several signatures by one key
//! count once.
//!
//! ## Walkthrough: a translator signs, the publisher co-signs, a reader requires the publisher
//!
//! ```
//! use tprov::verify::policy::Policy;
//! use tprov::record::{build_statement, Documents, Metadata, Role};
//! use tprov::verify::{verify_envelope_with, CheckKind, Subjects};
//! use tprov::{Envelope, SecretKey, Sha256Digest, TrustStore};
//!
//! let agency = SecretKey::generate(); // the translation agency's key (`tprov keygen`)
//! let newsroom = SecretKey::generate(); // the publisher's key
//! let source = "人工智能翻译正在改变新闻业。".as_bytes();
//! let translation = b"AI translation is changing journalism.\n";
//!
//! // 1. The agency translates and signs (`tprov sign --key agency.key ...`).
//! let metadata = Metadata {
//!     source_language: Some("zh".into()),
//!     target_language: Some("en".into()),
//!     engine: Some("ExampleMT".into()),
//!     post_editor: Some("Li Wei".into()),
//!     publisher: Some("The Example Review".into()),
//!     ..Metadata::default()
//! };
//! let documents = Documents {
//!     translation_name: Some("article.en.md".into()),
//!     translation_sha256: Sha256Digest::of(translation),
//!     source_name: Some("article.zh.md".into()),
//!     source_sha256: Some(Sha256Digest::of(source)),
//! };
//! let statement = build_statement(&documents, &metadata, "2026-11-24T09:30:00Z".parse()?, None)?;
//! let signed_by_agency = statement.sign(&agency).to_json();
//!
//! // 2. The newsroom checks it, then co-signs the same bytes (`tprov cosign ENVELOPE --key newsroom.key`).
//! let mut envelope = Envelope::from_json(&signed_by_agency)?;
//! tprov::sign::cosign::cosign(&mut envelope, &newsroom, "article.en.md.tprov.json".as_ref())?;
//! let cosigned = envelope.to_json();
//!
//! // 3. A reader's trust file grants roles (`--trust trust.json`); roles never come from the record.
//! let trust_file = serde_json::json!({
//!     "version": 1,
//!     "signers": [
//!         { "name": "newsroom", "roles": ["publisher", "editor"],
//!           "keys": [{ "publicKey": newsroom.public_key().to_pem(), "validFrom": "2026-01-01T00:00:00Z" }] },
//!         { "name": "agency", "roles": ["translator", "post-editor"],
//!           "keys": [{ "publicKey": agency.public_key().to_pem() }] }
//!     ]
//! });
//! let mut trust = TrustStore::new();
//! trust.add_trust_json(trust_file.to_string().as_bytes(), "trust.json".as_ref())?;
//!
//! // 4. The reader requires the publisher (`tprov verify article.en.md --trust trust.json --require-role publisher`).
//! let subjects = Subjects {
//!     document: Sha256Digest::of(translation),
//!     document_name: Some("article.en.md".into()),
//!     source: Some(Sha256Digest::of(source)),
//! };
//! let policy = Policy::new().require_role(Role::Publisher);
//! let report = verify_envelope_with(&cosigned, &subjects, &trust, &policy);
//! assert!(report.verified);
//! let names: Vec<&str> = report.signers().map(|s| s.name.as_str()).collect();
//! assert_eq!(names, ["agency", "newsroom"]);
//!
//! // The agency's signature alone does not satisfy the policy, whatever the record says.
//! let report = verify_envelope_with(&signed_by_agency, &subjects, &trust, &policy);
//! assert!(!report.verified);
//! assert_eq!(report.failure().unwrap().kind, CheckKind::Policy);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use serde::Serialize;

use crate::crypto::keys::KeyId;
use crate::record::Role;
use crate::verify::trust::TrustedKey;

/// The requirements of a verification: signatures by at least [`Policy::threshold`] distinct
/// trusted signers (keys listed under one signer name count once, see [`distinct_signers`]),
/// covering every role in [`Policy::required_roles`]. Built with [`Policy::require_keys`] and
/// [`Policy::require_role`].
///
/// ```
/// use tprov::verify::policy::Policy;
/// use tprov::record::Role;
/// let policy = Policy::new().require_keys(2).require_role(Role::Publisher);
/// assert_eq!(policy.threshold(), 2);
/// assert_eq!(Policy::default().threshold(), 1);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    threshold: usize,
    required_roles: Vec<Role>,
}

impl Default for Policy {
    /// One trusted key, no roles: what `tprov verify` requires without policy flags.
    fn default() -> Self {
        Self {
            threshold: 1,
            required_roles: Vec::new(),
        }
    }
}

impl Policy {
    /// The default policy: one trusted key, no roles.
    pub fn new() -> Self {
        Self::default()
    }

    /// Requires signatures by at least `n` distinct trusted keys (default 1). Zero is taken as
    /// one: a verification always needs a trusted signature.
    pub fn require_keys(mut self, n: usize) -> Self {
        self.threshold = n.max(1);
        self
    }

    /// Requires a counted signature by a key the reader grants `role` (default: no role is
    /// required). Repeatable; a role required twice is required once.
    pub fn require_role(mut self, role: Role) -> Self {
        if !self.required_roles.contains(&role) {
            self.required_roles.push(role);
        }
        self
    }

    /// The number of distinct trusted keys required (the threshold).
    pub fn threshold(&self) -> usize {
        self.threshold
    }

    /// The roles required, in the order given.
    pub fn required_roles(&self) -> &[Role] {
        &self.required_roles
    }

    /// Judges the keys whose signatures count (each key once, in signature order).
    pub fn evaluate(&self, counted: &[&TrustedKey]) -> PolicyReport {
        let mut covered: Vec<Role> = Vec::new();
        for key in counted {
            for role in &key.roles {
                if !covered.contains(role) {
                    covered.push(role.clone());
                }
            }
        }
        let missing_roles: Vec<Role> = self
            .required_roles
            .iter()
            .filter(|r| !covered.contains(r))
            .cloned()
            .collect();
        PolicyReport {
            threshold: self.threshold,
            required_roles: self.required_roles.clone(),
            counted_keys: counted.iter().map(|k| k.key.key_id()).collect(),
            covered_roles: covered,
            met: distinct_signers(counted) >= self.threshold && missing_roles.is_empty(),
            missing_roles,
        }
    }
}

/// How many distinct signers (by trust-file signer name) the counted keys belong to: the
/// threshold counts people, not keys, so two keys listed under one signer count once.
pub fn distinct_signers(counted: &[&TrustedKey]) -> usize {
    let mut names: Vec<&str> = counted.iter().map(|k| k.name.as_str()).collect();
    names.sort_unstable();
    names.dedup();
    names.len()
}

/// How the signatures measured up to the [`Policy`]; part of the verification report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PolicyReport {
    /// The distinct trusted keys required.
    pub threshold: usize,
    /// The roles required.
    pub required_roles: Vec<Role>,
    /// The key ids (full hex in JSON) whose signatures counted, each once.
    pub counted_keys: Vec<KeyId>,
    /// The roles the counted keys are granted between them.
    pub covered_roles: Vec<Role>,
    /// Required roles that no counted key is granted.
    pub missing_roles: Vec<Role>,
    /// Whether the policy is met.
    pub met: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SecretKey;

    fn key(seed: u8, roles: &[Role]) -> TrustedKey {
        let mut entry = TrustedKey::new(
            format!("k{seed}"),
            SecretKey::from_seed(&[seed; 32]).public_key(),
            "trust.json",
        );
        entry.roles = roles.to_vec();
        entry
    }

    #[test]
    fn threshold_and_roles_must_both_be_met() {
        let publisher = key(1, &[Role::Publisher]);
        let translator = key(2, &[Role::Translator, Role::PostEditor]);
        let policy = Policy::new()
            .require_keys(2)
            .require_role(Role::Publisher)
            .require_role(Role::Translator);
        let report = policy.evaluate(&[&publisher, &translator]);
        assert!(report.met);
        assert_eq!(
            report.covered_roles,
            vec![Role::Publisher, Role::Translator, Role::PostEditor]
        );
        let report = policy.evaluate(&[&translator]);
        assert!(!report.met);
        assert_eq!(report.missing_roles, vec![Role::Publisher]);
        let report = Policy::new().require_keys(2).evaluate(&[&translator]);
        assert!(!report.met && report.missing_roles.is_empty());
    }

    #[test]
    fn zero_threshold_means_one_and_roles_are_deduplicated() {
        let policy = Policy::new()
            .require_keys(0)
            .require_role(Role::Editor)
            .require_role(Role::Editor);
        assert_eq!(policy.threshold(), 1);
        assert_eq!(policy.required_roles(), &[Role::Editor]);
        assert!(!Policy::new().evaluate(&[]).met);
    }

    #[test]
    fn threshold_counts_distinct_signers_not_keys() {
        // Regression (issue 10, item 11): two keys listed under one signer met `--threshold 2`
        // ("counted newsroom, newsroom").
        let mut second = key(2, &[]);
        second.name = "k1".into();
        let (first, other) = (key(1, &[]), key(3, &[]));
        let policy = Policy::new().require_keys(2);
        assert!(!policy.evaluate(&[&first, &second]).met);
        assert!(policy.evaluate(&[&first, &other]).met);
        assert_eq!(distinct_signers(&[&first, &second, &other]), 2);
    }
}
