//! The checks, one function each, in the order of [`CheckKind::ALL`]; a check runs only when
//! every check before it passed (see [`crate::verify`] for why the order is what it is).

use crate::crypto::digest::Sha256Digest;
use crate::crypto::dsse::{Envelope, IN_TOTO_PAYLOAD_TYPE, SignatureVerdict};
use crate::publish::disclose::check::generated_disclosures;
use crate::record::Statement;
use crate::verify::policy::Policy;
use crate::verify::report::MatchKind;
use crate::verify::report::{
    Check, CheckKind, CheckOutcome, Report, SignatureReport, SignatureStatus, Signer,
};
use crate::verify::text_match::{self, Judgement, TextCopy};
use crate::verify::trust::{Standing, TrustStore, TrustedKey};
use crate::verify::wording::{self, plural};

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
    verify_envelope_text(envelope_bytes, subjects, None, trust, policy)
}

/// As [`verify_envelope_with`], with the reader's copy of the document at hand: when its bytes
/// are not the signed ones, it still verifies when its canonical text is the signed text (a
/// text match, unless [`TextCopy::exact`]); when not, the report carries the diagnosis.
pub fn verify_envelope_text(
    envelope_bytes: &[u8],
    subjects: &Subjects,
    copy: Option<&TextCopy<'_>>,
    trust: &TrustStore,
    policy: &Policy,
) -> Report {
    let mut run = Pipeline::new(true, subjects.source.is_some());
    let verified = run
        .check_record(envelope_bytes, trust, policy)
        .and_then(|statement| run.check_documents(statement, subjects, copy));
    run.finish(verified)
}

/// Verifies a record without a document: the envelope, signature, statement and policy checks
/// only. Used where the document is not at hand (`tprov log` walking old revisions); the report
/// says which checks ran, and a record verified this way says nothing about any file.
pub fn verify_record_with(envelope_bytes: &[u8], trust: &TrustStore, policy: &Policy) -> Report {
    let mut run = Pipeline::new(false, false);
    let verified = run.check_record(envelope_bytes, trust, policy);
    run.finish(verified)
}

/// The report for an envelope that could not be read because it is over the size limit: a
/// failed envelope check, the rest skipped.
pub(crate) fn envelope_too_large(with_source: bool) -> Report {
    envelope_failed(
        crate::crypto::dsse::EnvelopeError::TooLarge.to_string(),
        with_source,
    )
}

/// The report for a document whose envelope could not be had (over the size limit; embedded
/// in a page but malformed, or two different ones; not behind the page's link): a failed
/// envelope check saying why, the rest skipped.
pub fn envelope_failed(detail: String, with_source: bool) -> Report {
    let mut run = Pipeline::new(true, with_source);
    let stop = run.fail(CheckKind::Envelope, detail);
    run.finish(Err(stop))
}

/// A check failed: the report says which and why, and the remaining checks are skipped.
struct Stop;

/// Builds the report check by check.
struct Pipeline {
    report: Report,
    order: &'static [CheckKind],
}

impl Pipeline {
    /// A pipeline running the record checks, then the document check when a document is
    /// given, then the source check when a source is given.
    fn new(with_document: bool, with_source: bool) -> Self {
        Self {
            report: Report::new(),
            order: match (with_document, with_source) {
                // The disclosure check is not the pipeline's: it runs after it, on pages.
                (true, true) => &CheckKind::ALL[..6],
                (true, false) => &CheckKind::ALL[..5],
                (false, _) => &CheckKind::ALL[..4],
            },
        }
    }

    fn pass(&mut self, kind: CheckKind, detail: String) {
        self.report.checks.push(Check {
            kind,
            outcome: CheckOutcome::Passed,
            detail,
        });
    }

    /// Records a failure and the remaining checks as skipped.
    fn fail(&mut self, kind: CheckKind, detail: String) -> Stop {
        self.report.checks.push(Check {
            kind,
            outcome: CheckOutcome::Failed,
            detail,
        });
        let done = self.report.checks.len();
        for &rest in &self.order[done..] {
            self.report.checks.push(Check {
                kind: rest,
                outcome: CheckOutcome::Skipped,
                detail: format!("not checked: the {} check failed", kind.name()),
            });
        }
        Stop
    }

    /// The report: verified, with the record, when every check passed; otherwise without it.
    fn finish(mut self, result: Result<Statement, Stop>) -> Report {
        match result {
            Ok(statement) => {
                self.report.verified = true;
                self.report.record = Some(statement);
            }
            Err(Stop) => self.report.record = None,
        }
        self.report
    }

    /// Steps 1–4: envelope, signature, statement, policy.
    fn check_record(
        &mut self,
        envelope_bytes: &[u8],
        trust: &TrustStore,
        policy: &Policy,
    ) -> Result<Statement, Stop> {
        let envelope = self.check_envelope(envelope_bytes)?;
        let signed_by = self.check_signatures(&envelope, trust)?;
        let statement = self.check_statement(&envelope)?;
        self.check_policy(&statement, &signed_by, trust, policy)?;
        Ok(statement)
    }

    /// Step 1: a well-formed DSSE envelope.
    fn check_envelope(&mut self, envelope_bytes: &[u8]) -> Result<Envelope, Stop> {
        // Verification never writes the envelope back: unknown fields are skipped, not built
        // (4 MiB of them would otherwise cost over a hundred MiB of JSON values).
        let envelope = match Envelope::from_json_read_only(envelope_bytes) {
            Ok(envelope) => envelope,
            Err(e) => return Err(self.fail(CheckKind::Envelope, e.to_string())),
        };
        self.pass(
            CheckKind::Envelope,
            format!(
                "well-formed DSSE envelope with {}",
                plural(envelope.signatures.len(), "signature")
            ),
        );
        Ok(envelope)
    }

    /// Step 2: cryptography and revocation, before anything in the payload is read. Returns
    /// the trusted entry that verified each signature, by position in the envelope.
    fn check_signatures<'t>(
        &mut self,
        envelope: &Envelope,
        trust: &'t TrustStore,
    ) -> Result<Vec<Option<&'t TrustedKey>>, Stop> {
        let result = envelope.check_signatures_in(trust.ring());
        let checks = &result.checks;
        let signed_by: Vec<Option<&TrustedKey>> = checks
            .iter()
            .map(|c| match c.verdict {
                SignatureVerdict::Verified { key_index } => Some(&trust.keys()[key_index]),
                SignatureVerdict::NotVerified | SignatureVerdict::NotChecked => None,
            })
            .collect();
        self.report.signatures = checks
            .iter()
            .zip(&signed_by)
            .map(|(check, entry)| signature_report(check.index, &check.keyid_hint, *entry))
            .collect();
        mark_duplicates(&mut self.report.signatures);
        if result.capped() {
            // Bounded work: past the cap nothing is decided, and that is a failure.
            let detail = format!(
                "not verified: checking the envelope's {} against {} would take more than {} signature verifications (signatures whose key id names the signing key take one each)",
                plural(checks.len(), "signature"),
                plural(trust.keys().len(), "trusted key"),
                result.limit,
            );
            return Err(self.fail(CheckKind::Signature, detail));
        }
        let signatures = &self.report.signatures;
        if !signatures.iter().any(SignatureReport::counts) {
            let detail = wording::no_valid_signature(signatures, &signed_by, trust);
            return Err(self.fail(CheckKind::Signature, detail));
        }
        let detail = wording::signature_passed(signatures, &signed_by);
        self.pass(CheckKind::Signature, detail);
        Ok(signed_by)
    }

    /// Step 3: the payload is a tprov in-toto Statement (read only now that a trusted key has
    /// vouched for its bytes).
    fn check_statement(&mut self, envelope: &Envelope) -> Result<Statement, Stop> {
        if envelope.payload_type != IN_TOTO_PAYLOAD_TYPE {
            let detail = format!(
                "payload type is {:?}, not {IN_TOTO_PAYLOAD_TYPE:?}: this is not a tprov record",
                envelope.payload_type
            );
            return Err(self.fail(CheckKind::Statement, detail));
        }
        let statement = match Statement::from_payload(&envelope.payload) {
            Ok(statement) => statement,
            Err(e) => return Err(self.fail(CheckKind::Statement, e.to_string())),
        };
        self.pass(
            CheckKind::Statement,
            format!(
                "in-toto Statement v1, translation provenance record revision {}",
                statement.predicate.revision
            ),
        );
        Ok(statement)
    }

    /// Step 4: validity windows against the signed signing time, then the policy.
    fn check_policy(
        &mut self,
        statement: &Statement,
        signed_by: &[Option<&TrustedKey>],
        trust: &TrustStore,
        policy: &Policy,
    ) -> Result<(), Stop> {
        let signed_at = statement.predicate.signed_at;
        for report in &mut self.report.signatures {
            if let (true, Some(entry)) = (report.is_verified(), signed_by[report.index]) {
                judge_window(report, entry.standing_at(signed_at), signed_at);
            }
        }
        let counted: Vec<&TrustedKey> = self
            .report
            .signatures
            .iter()
            .filter(|s| s.counts())
            .filter_map(|s| signed_by[s.index])
            .collect();
        let outcome = policy.evaluate(&counted);
        let detail =
            wording::policy_detail(policy, &outcome, &counted, &self.report.signatures, trust);
        let met = outcome.met;
        self.report.policy = Some(outcome);
        if !met {
            return Err(self.fail(CheckKind::Policy, detail));
        }
        self.pass(CheckKind::Policy, detail);
        Ok(())
    }

    /// Steps 5 and 6: the document, and the source when given.
    fn check_documents(
        &mut self,
        statement: Statement,
        subjects: &Subjects,
        copy: Option<&TextCopy<'_>>,
    ) -> Result<Statement, Stop> {
        self.check_document(&statement, subjects, copy)?;
        if statement.predicate.source.digest().is_none() {
            self.report.notes.push(
                "the record names its source without a digest: the source is a claim, not bound to any file"
                    .to_owned(),
            );
        }
        if let Some(source) = subjects.source {
            self.check_source(&statement, source)?;
        }
        Ok(statement)
    }

    /// Step 5: the document is the signed subject — its bytes, or failing that its text.
    fn check_document(
        &mut self,
        statement: &Statement,
        subjects: &Subjects,
        copy: Option<&TextCopy<'_>>,
    ) -> Result<(), Stop> {
        let subject = statement.subject();
        let signed_digest = subject
            .sha256()
            .expect("checked by Statement::from_payload");
        if signed_digest != subjects.document {
            return self.check_text(statement, subjects.document, signed_digest, copy);
        }
        self.report.match_kind = Some(MatchKind::Exact);
        self.pass(
            CheckKind::Document,
            format!("SHA-256 {} matches the signed subject", subjects.document),
        );
        if let (Some(recorded), Some(actual)) = (&subject.name, &subjects.document_name) {
            if recorded != actual {
                self.report.notes.push(format!(
                    "the document was signed under the name {recorded:?}; its content is unchanged"
                ));
            }
        }
        Ok(())
    }

    /// Step 5 when the bytes differ: a text match, or a failure with the diagnosis.
    fn check_text(
        &mut self,
        statement: &Statement,
        document: Sha256Digest,
        signed: Sha256Digest,
        copy: Option<&TextCopy<'_>>,
    ) -> Result<(), Stop> {
        let bytes_differ = format!(
            "the document's SHA-256 is {document} but the signed record is for {signed}: the translation was changed after signing, or this is the wrong envelope"
        );
        let record = statement.predicate.text.as_ref();
        // A reader who copies a whole published article copies its disclosure line too: the
        // sentences tprov writes from this (verified) record may stand before or after the
        // signed text without making it another text.
        let judgement = match copy {
            Some(copy) => {
                let signers: Vec<String> = self.report.signers().map(|s| s.name.clone()).collect();
                let disclosures: Vec<String> = generated_disclosures(statement, &signers)
                    .into_iter()
                    .map(|(_, sentence)| sentence)
                    .collect();
                text_match::judge(record, copy, &disclosures)
            }
            None => Judgement::NotCompared(String::new()),
        };
        self.report.match_kind = Some(MatchKind::None);
        match judgement {
            Judgement::Text {
                detail,
                differences,
                notes,
            } => {
                self.report.match_kind = Some(MatchKind::Text);
                self.report.differences = differences;
                self.report.notes.extend(notes);
                self.pass(CheckKind::Document, detail);
                Ok(())
            }
            Judgement::Differs { detail, diagnosis } => {
                self.report.diagnosis = Some(diagnosis);
                Err(self.fail(CheckKind::Document, format!("{detail} ({bytes_differ})")))
            }
            Judgement::NotCompared(why) if why.is_empty() => {
                Err(self.fail(CheckKind::Document, bytes_differ))
            }
            Judgement::NotCompared(why) => {
                Err(self.fail(CheckKind::Document, format!("{bytes_differ}; {why}")))
            }
        }
    }

    /// Step 6: the source is the one the record names.
    fn check_source(&mut self, statement: &Statement, source: Sha256Digest) -> Result<(), Stop> {
        // A record may name its source only by address or citation (`sign --source-uri` alone):
        // then no file can be checked against it, and saying "matches" would be a lie.
        let Some(recorded) = statement.predicate.source.digest() else {
            return Err(self.fail(
                CheckKind::Source,
                format!(
                    "the record names its source without a digest, so a source file (SHA-256 {source}) cannot be checked against it; verify without --source"
                ),
            ));
        };
        if recorded != source {
            return Err(self.fail(
                CheckKind::Source,
                format!(
                    "the source's SHA-256 is {source} but the record names {recorded}: this is not the source the translation was made from, or it was changed"
                ),
            ));
        }
        self.pass(
            CheckKind::Source,
            format!("SHA-256 {source} matches the recorded source"),
        );
        Ok(())
    }
}

/// The report for one signature after step 2: verified or revoked when a trusted key verified
/// it, not verified otherwise. Validity windows come later (step 4).
fn signature_report(
    index: usize,
    keyid_hint: &Option<String>,
    entry: Option<&TrustedKey>,
) -> SignatureReport {
    let Some(entry) = entry else {
        return SignatureReport {
            index,
            keyid_hint: keyid_hint.clone(),
            status: SignatureStatus::NotVerified,
            signer: None,
            roles: Vec::new(),
            reason: None,
            duplicate_of: None,
        };
    };
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
        index,
        keyid_hint: keyid_hint.clone(),
        status,
        signer: Some(Signer::of(entry)),
        roles: entry.roles.clone(),
        reason,
        duplicate_of: None,
    }
}

/// Marks each signature by a key that signed earlier in the envelope as a duplicate of the
/// first: a key counts once, however many times it signs.
fn mark_duplicates(signatures: &mut [SignatureReport]) {
    for later in 1..signatures.len() {
        let Some(keyid) = signatures[later].signer.as_ref().map(|s| s.keyid) else {
            continue;
        };
        signatures[later].duplicate_of = signatures[..later]
            .iter()
            .find(|first| first.signer.as_ref().is_some_and(|s| s.keyid == keyid))
            .map(|first| first.index);
    }
}

/// Step 4 for one verified signature: expired or not yet valid at the signed time means it
/// does not count.
fn judge_window(report: &mut SignatureReport, standing: Standing, signed_at: jiff::Timestamp) {
    let (status, reason) = match standing {
        Standing::InForce | Standing::Revoked => return,
        Standing::Expired { until } => (
            SignatureStatus::Expired,
            format!(
                "the key is valid until {until} but the record says it was signed at {signed_at}"
            ),
        ),
        Standing::NotYetValid { from } => (
            SignatureStatus::NotYetValid,
            format!(
                "the key is valid from {from} but the record says it was signed at {signed_at}"
            ),
        ),
    };
    report.status = status;
    report.reason = Some(reason);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SecretKey;
    use crate::record::Role;
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
        report.checks.iter().find(|c| c.kind == kind).unwrap()
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
        let kinds: Vec<CheckKind> = report.checks.iter().map(|c| c.kind).collect();
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
        assert!(policy.met && policy.counted_keys == [key(1).public_key().key_id()]);
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
        assert_eq!(failed.kind, CheckKind::Policy);
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
        assert!(!report.signatures[0].is_verified());
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
        assert_eq!(report.failure().unwrap().kind, CheckKind::Policy);
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
            assert_eq!(failed.kind, CheckKind::Signature);
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
        assert_eq!(failed.kind, CheckKind::Policy);
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
        let policy = needs_publisher
            .require_keys(2)
            .require_role(Role::PostEditor);
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
        let two = Policy::new().require_keys(2);
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
        assert_eq!(failed.kind, CheckKind::Policy);
        assert!(
            failed.detail.starts_with(
                "threshold not met: signatures by 1 distinct trusted signer count (keys of one signer count once), 2 required"
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
