//! Arbitrary bytes as a DSSE envelope: parsing, inspection, verification and both renderings
//! must never panic, and a parsed envelope must survive `to_json` → `from_json` unchanged.
//!
//! The fuzzer cannot forge Ed25519 signatures, so a second pass re-signs whatever payload it
//! made with the trusted key: that drives the statement, document and source checks too, and
//! checks that a record signed by a trusted key over matching documents always verifies.

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tprov::crypto::dsse::IN_TOTO_PAYLOAD_TYPE;
use tprov::record::Statement;
use tprov::verify::{CheckOutcome, Report, Subjects, verify_envelope};
use tprov::{Envelope, SecretKey, Sha256Digest, TrustStore};

struct Fixture {
    key: SecretKey,
    trust: TrustStore,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let key = SecretKey::from_seed(&[7u8; 32]);
        let mut trust = TrustStore::new();
        trust.add("fuzz", key.public_key(), "fuzz.pub");
        Fixture { key, trust }
    })
}

/// The report's own invariants, and that both renderings work.
fn check_report(report: &Report) {
    let failed = report
        .checks
        .iter()
        .filter(|c| c.outcome == CheckOutcome::Failed)
        .count();
    if report.verified {
        assert_eq!(failed, 0, "a verified report has a failed check");
        assert!(report.record.is_some(), "a verified report has no record");
        assert!(
            report.signers().next().is_some(),
            "verified without a signer"
        );
    } else {
        assert_eq!(failed, 1, "a failed report has exactly one failed check");
        assert!(report.record.is_none(), "a failed report exposes a record");
    }
    let mut human = Vec::new();
    tprov::render::verify_report(report, &mut human).expect("rendering to memory");
    serde_json::to_vec(report).expect("a report serialises");
}

fuzz_target!(|data: &[u8]| {
    let fixture = fixture();
    let with_source = data.first().is_some_and(|b| b & 1 == 1);
    let subjects = Subjects {
        document: Sha256Digest::of(b"document"),
        document_name: Some("document.md".into()),
        source: with_source.then(|| Sha256Digest::of(b"source")),
    };

    // 1. The bytes as they are.
    let report = verify_envelope(data, &subjects, &fixture.trust);
    check_report(&report);

    let Ok(envelope) = Envelope::from_json(data) else {
        return;
    };
    let json = envelope.to_json();
    let again = Envelope::from_json(&json).expect("an envelope tprov wrote parses");
    assert_eq!(again, envelope, "to_json → from_json changed the envelope");
    assert_eq!(again.to_json(), json, "to_json is not stable");

    let inspection = tprov::review::inspect::inspect(&envelope);
    assert!(!inspection.verified);
    tprov::render::inspection(&inspection, &mut Vec::new()).expect("rendering to memory");
    serde_json::to_vec(&inspection).expect("an inspection serialises");

    // 2. The same payload, signed by the trusted key.
    let signed = Envelope::sign(
        &envelope.payload_type,
        envelope.payload.clone(),
        &fixture.key,
    );
    let signed_json = signed.to_json();
    let statement = Statement::from_payload(&envelope.payload).ok();
    let subjects = match &statement {
        Some(s) => Subjects {
            document: s.subject().sha256().expect("checked by from_payload"),
            document_name: None,
            source: with_source.then(|| {
                s.predicate
                    .source
                    .descriptor
                    .sha256()
                    .expect("checked by from_payload")
            }),
        },
        None => subjects,
    };
    let report = verify_envelope(&signed_json, &subjects, &fixture.trust);
    check_report(&report);
    if statement.is_some() && envelope.payload_type == IN_TOTO_PAYLOAD_TYPE {
        assert!(
            report.verified,
            "a record signed by a trusted key over matching documents did not verify: {:?}",
            report.failure()
        );
        assert_eq!(report.record, statement);
        // The same record with any other document must fail at the document check.
        let other = Subjects {
            document: Sha256Digest::of(&signed_json),
            ..subjects
        };
        let report = verify_envelope(&signed_json, &other, &fixture.trust);
        check_report(&report);
        assert_eq!(
            report.failure().map(|c| c.kind),
            Some(tprov::verify::CheckKind::Document)
        );
    } else {
        assert!(!report.verified, "a payload that is not a record verified");
    }
});
