//! Arbitrary bytes as a trust file (`--trust FILE.json`): `TrustStore::add_trust_json` must never
//! panic, and a trust store it accepts must work for verification (validity windows, revocation,
//! roles and a policy that requires one) without panicking.
//!
//! Key `path`s in the file resolve against a folder that does not exist, so the fuzzer reads no
//! real key file (an absolute path may still name one; it is read, bounded, and refused).

#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tprov::verify::policy::Policy;
use tprov::record::{Documents, Metadata, Role, build_statement};
use tprov::verify::{CheckOutcome, Subjects, verify_envelope, verify_envelope_with};
use tprov::{SecretKey, Sha256Digest, TrustStore};

/// An envelope signed with the demo newsroom key (which the seed trust files name inline) and
/// the digests that match it.
fn signed() -> &'static (Vec<u8>, Subjects) {
    static SIGNED: OnceLock<(Vec<u8>, Subjects)> = OnceLock::new();
    SIGNED.get_or_init(|| {
        let key = SecretKey::from_pem(include_str!("../../keys/newsroom.key")).expect("demo key");
        let documents = Documents {
            translation_name: Some("article.en.md".into()),
            translation_sha256: Sha256Digest::of(b"translation"),
            source_name: None,
            source_sha256: Some(Sha256Digest::of(b"source")),
        };
        let metadata = Metadata {
            source_language: Some("zh".into()),
            target_language: Some("en".into()),
            engine: Some("ExampleMT".into()),
            publisher: Some("The Example Review".into()),
            ..Metadata::default()
        };
        let at = "2026-11-24T09:30:00Z".parse().expect("a valid time");
        let statement = build_statement(&documents, &metadata, at, None).expect("valid metadata");
        let subjects = Subjects {
            document: documents.translation_sha256,
            document_name: None,
            source: documents.source_sha256,
        };
        (statement.sign(&key).to_json(), subjects)
    })
}

fuzz_target!(|data: &[u8]| {
    let mut trust = TrustStore::new();
    let origin = Path::new("/nonexistent-tprov-fuzz/trust.json");
    if trust.add_trust_json(data, origin).is_err() {
        return;
    }
    for entry in trust.keys() {
        let ring = trust.ring();
        let found = ring
            .position(&entry.key.key_id().to_hex())
            .expect("a trusted key is found by its id");
        assert_eq!(ring.keys()[found], entry.key);
    }
    let (envelope, subjects) = signed();
    for policy in [
        Policy::default(),
        Policy::new().require_role(Role::Publisher),
        Policy::new().require_keys(2),
    ] {
        let report = verify_envelope_with(envelope, subjects, &trust, &policy);
        let failed = report
            .checks
            .iter()
            .filter(|c| c.outcome == CheckOutcome::Failed)
            .count();
        assert_eq!(failed, usize::from(!report.verified));
        assert_eq!(report.verified, report.record.is_some());
        tprov::render::verify_report(&report, &mut Vec::new()).expect("rendering to memory");
        serde_json::to_vec(&report).expect("a report serialises");
    }
    let report = verify_envelope(envelope, subjects, &trust);
    if report.verified {
        assert!(
            report.signers().next().is_some(),
            "verified without a signer"
        );
    }
});
