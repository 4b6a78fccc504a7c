//! Arbitrary bytes as a `--meta` file: `Metadata::from_json` and `build_statement` must never
//! panic, and a statement built from accepted metadata must be a record that tprov itself reads
//! back unchanged and that verifies once signed.

#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tprov::record::{Documents, Metadata, PreviousRecord, Statement, build_statement};
use tprov::verify::{Subjects, verify_envelope};
use tprov::{SecretKey, Sha256Digest, TrustStore};

fn fixture() -> &'static (SecretKey, TrustStore) {
    static FIXTURE: OnceLock<(SecretKey, TrustStore)> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let key = SecretKey::from_seed(&[7u8; 32]);
        let mut trust = TrustStore::new();
        trust.add("fuzz", key.public_key(), "fuzz.pub");
        (key, trust)
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(metadata) = Metadata::from_json(data) else {
        return;
    };
    // Flags laid over the file must behave like the file alone when the flags are empty.
    let overlaid = Metadata::default().overlay(metadata.clone());
    assert_eq!(
        overlaid, metadata,
        "overlay over defaults changed the metadata"
    );

    let (key, trust) = fixture();
    let with_source_file = data.len().is_multiple_of(2);
    let documents = Documents {
        translation_name: Some("article.en.md".into()),
        translation_sha256: Sha256Digest::of(b"translation"),
        source_name: with_source_file.then(|| "article.zh.md".into()),
        source_sha256: with_source_file.then(|| Sha256Digest::of(b"source")),
    };
    let signed_at = "2026-11-24T09:30:00Z".parse().expect("a valid time");
    let previous = data.len().is_multiple_of(3).then(|| PreviousRecord {
        payload_sha256: Sha256Digest::of(b"previous"),
        revision: 1,
        extra: Default::default(),
    });
    let Ok(statement) = build_statement(&documents, &metadata, signed_at, previous) else {
        return;
    };
    let payload = statement.to_payload();
    let parsed = Statement::from_payload(&payload)
        .unwrap_or_else(|e| panic!("a statement tprov built does not read back: {e}"));
    assert_eq!(
        parsed, statement,
        "the built statement changed on reading back"
    );

    let envelope = statement.sign(key).to_json();
    let subjects = Subjects {
        document: documents.translation_sha256,
        document_name: Some("article.en.md".into()),
        source: statement.predicate.source.descriptor.sha256(),
    };
    let report = verify_envelope(&envelope, &subjects, trust);
    assert!(
        report.verified,
        "a record tprov signed does not verify: {:?}",
        report.failure()
    );
    tprov::render::verify_report(&report, &mut Vec::new()).expect("rendering to memory");
});
