//! Benchmarks of the signing and verification hot paths: streaming SHA-256, Ed25519 strict
//! verification, the whole in-memory verification of a 4 KB article's envelope, verifying
//! 1,000 articles one after the other and in parallel (in memory, and from files through
//! `batch::verify_all`), and the measurement behind not batch-verifying signatures (BENCHMARKS.md,
//! "Batch signature verification: measured, not used": `verify_batch` with and without the
//! pre-checks that make its verdicts equal to `verify_strict`'s).
//!
//! Run with `cargo bench --bench core`. The peer comparison (openssl, minisign) is in
//! `bench/verify.sh`; results are recorded in BENCHMARKS.md.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use rayon::prelude::*;
use tprov::record::{Documents, Metadata, build_statement};
use tprov::verify::batch;
use tprov::verify::policy::Policy;
use tprov::verify::{Subjects, verify_envelope};
use tprov::{Envelope, SecretKey, Sha256Digest, TrustStore};

fn article(size: usize) -> Vec<u8> {
    b"Machine translation carries the news across languages faster than ever before. "
        .iter()
        .copied()
        .cycle()
        .take(size)
        .collect()
}

fn sha256(c: &mut Criterion) {
    let mut group = c.benchmark_group("sha256");
    let data = vec![0x5au8; 64 << 20];
    group.throughput(Throughput::Bytes(data.len() as u64));
    group.sample_size(10);
    group.bench_function("64 MiB streamed", |b| {
        b.iter(|| Sha256Digest::of_reader(black_box(&data[..])).unwrap())
    });
    group.finish();
}

fn signatures(c: &mut Criterion) {
    let key = SecretKey::from_seed(&[9; 32]);
    let public = key.public_key();
    let message = article(1_000);
    let signature = key.sign(&message);
    c.bench_function("ed25519 sign 1 KB", |b| {
        b.iter(|| key.sign(black_box(&message)))
    });
    c.bench_function("ed25519 verify_strict 1 KB", |b| {
        b.iter(|| assert!(public.verify_strict(black_box(&message), &signature)))
    });
}

/// A signed 4 KB article: its text and its envelope's JSON.
fn signed_article(key: &SecretKey, i: usize) -> (Vec<u8>, Vec<u8>) {
    let mut text = format!("# Article {i}\n\n").into_bytes();
    text.extend(article(4096 - text.len()));
    let documents = Documents {
        translation_name: Some(format!("article-{i:05}.en.md")),
        translation_sha256: Sha256Digest::of(&text),
        source_name: Some(format!("article-{i:05}.zh.md")),
        source_sha256: Some(Sha256Digest::of(format!("source {i}").as_bytes())),
    };
    let metadata = Metadata {
        source_language: Some("zh".into()),
        target_language: Some("en".into()),
        engine: Some("ExampleMT".into()),
        post_editor: Some("Li Wei".into()),
        ..Metadata::default()
    };
    let at = "2026-11-24T06:00:00Z".parse().unwrap();
    let envelope = build_statement(&documents, &metadata, at, None)
        .unwrap()
        .sign(key)
        .to_json();
    (text, envelope)
}

fn verify_one(text: &[u8], envelope: &[u8], trust: &TrustStore) -> bool {
    let subjects = Subjects {
        document: Sha256Digest::of(text),
        document_name: None,
        source: None,
    };
    verify_envelope(envelope, &subjects, trust).verified
}

/// 1,000 articles: one after the other, in parallel in memory, and from files with
/// `batch::verify_all` (reads, hashing, parallel verification, outcomes).
fn verify_many(c: &mut Criterion) {
    let key = SecretKey::from_seed(&[9; 32]);
    let mut trust = TrustStore::new();
    trust.add("newsroom", key.public_key(), "newsroom.pub");
    let articles: Vec<(Vec<u8>, Vec<u8>)> = (0..1000).map(|i| signed_article(&key, i)).collect();
    let dir = tempfile::tempdir().unwrap();
    for (i, (text, envelope)) in articles.iter().enumerate() {
        let path = dir.path().join(format!("article-{i:05}.en.md"));
        std::fs::write(&path, text).unwrap();
        std::fs::write(
            tprov::io::envelope_file::default_envelope_path(&path),
            envelope,
        )
        .unwrap();
    }
    let items = batch::classify(&batch::files_under(dir.path()).unwrap().files);
    let mut group = c.benchmark_group("verify 1,000 4 KB articles");
    group.throughput(Throughput::Elements(articles.len() as u64));
    group.sample_size(10);
    group.bench_function("in memory, one by one", |b| {
        b.iter(|| assert!(articles.iter().all(|(t, e)| verify_one(t, e, &trust))))
    });
    group.bench_function("in memory, parallel (rayon)", |b| {
        b.iter(|| assert!(articles.par_iter().all(|(t, e)| verify_one(t, e, &trust))))
    });
    group.bench_function("files, batch::verify_all", |b| {
        b.iter(|| {
            let outcomes = batch::verify_all(&items, &trust, &Policy::default(), &|_| {});
            assert!(outcomes.iter().all(batch::Outcome::is_verified));
        })
    });
    group.finish();
}

/// The measurement behind the batch-verification decision (BENCHMARKS.md, "Batch signature
/// verification: measured, not used"): per 64 signatures over real record PAEs,
/// `verify_strict` one by one, `ed25519_dalek::verify_batch` alone (whose verdicts can differ
/// from `verify_strict`'s), and `verify_batch` after the checks that make them equal
/// (canonical, not small-order and torsion-free `R`).
fn batch_signature_analysis(c: &mut Criterion) {
    use curve25519_dalek::edwards::CompressedEdwardsY;
    use ed25519_dalek::{Signature, VerifyingKey, verify_batch};

    let key = SecretKey::from_seed(&[9; 32]);
    let public = key.public_key();
    let envelopes: Vec<Envelope> = (0..64)
        .map(|i| Envelope::from_json(&signed_article(&key, i).1).unwrap())
        .collect();
    let messages: Vec<Vec<u8>> = envelopes.iter().map(Envelope::pae).collect();
    let message_refs: Vec<&[u8]> = messages.iter().map(Vec::as_slice).collect();
    let signatures: Vec<Signature> = envelopes
        .iter()
        .map(|e| Signature::from_slice(&e.signatures[0].sig).unwrap())
        .collect();
    let keys = vec![VerifyingKey::from_bytes(public.as_raw()).unwrap(); 64];
    let mut group = c.benchmark_group("64 signatures");
    group.throughput(Throughput::Elements(64));
    group.bench_function("verify_strict one by one", |b| {
        b.iter(|| {
            for (m, s) in messages.iter().zip(&signatures) {
                assert!(public.verify_strict(black_box(m), &s.to_bytes()));
            }
        })
    });
    group.bench_function("verify_batch alone (not equivalent)", |b| {
        b.iter(|| verify_batch(black_box(&message_refs), &signatures, &keys).unwrap())
    });
    group.bench_function("verify_batch + R pre-checks (equivalent)", |b| {
        b.iter(|| {
            for s in &signatures {
                let r = s.r_bytes();
                let point = CompressedEdwardsY(*r).decompress().unwrap();
                assert!(
                    !point.is_small_order() && point.compress().0 == *r && point.is_torsion_free()
                );
            }
            verify_batch(black_box(&message_refs), &signatures, &keys).unwrap()
        })
    });
    group.finish();
}

fn verify_article(c: &mut Criterion) {
    let key = SecretKey::from_seed(&[9; 32]);
    let text = article(4096);
    let source = article(3000);
    let documents = Documents {
        translation_name: Some("article.en.md".into()),
        translation_sha256: Sha256Digest::of(&text),
        source_name: Some("article.zh.md".into()),
        source_sha256: Some(Sha256Digest::of(&source)),
    };
    let metadata = Metadata {
        source_language: Some("zh".into()),
        target_language: Some("en".into()),
        engine: Some("ExampleMT".into()),
        post_editor: Some("Li Wei".into()),
        ..Metadata::default()
    };
    let at = "2026-11-24T06:00:00Z".parse().unwrap();
    let envelope = build_statement(&documents, &metadata, at, None)
        .unwrap()
        .sign(&key)
        .to_json();
    let mut trust = TrustStore::new();
    trust.add("newsroom", key.public_key(), "newsroom.pub");
    c.bench_function(
        "verify 4 KB article (hash + envelope + signature + record)",
        |b| {
            b.iter(|| {
                let subjects = Subjects {
                    document: Sha256Digest::of(black_box(&text)),
                    document_name: None,
                    source: None,
                };
                assert!(verify_envelope(black_box(&envelope), &subjects, &trust).verified)
            })
        },
    );
}

/// 64 signatures against a 1,000-key trust store, per document (issue 10 item 7; BENCHMARKS.md
/// "Signatures against a large trust file"): with key ids (one check each), without them (each
/// signature searched for, stopped at `MAX_SIGNATURE_VERIFICATIONS`), and 64 forged signatures
/// naming trusted keys (S altered, so each check runs in full: the cap again). Goal: ≤ 50 ms.
fn large_trust_store(c: &mut Criterion) {
    let keys: Vec<SecretKey> = (0..1000u64)
        .map(|i| {
            let mut seed = [0u8; 32];
            seed[..8].copy_from_slice(&(i + 1).to_le_bytes());
            SecretKey::from_seed(&seed)
        })
        .collect();
    let mut trust = TrustStore::new();
    for (i, key) in keys.iter().enumerate() {
        trust.add(format!("signer{i}"), key.public_key(), "trust.json");
    }
    let (text, one) = signed_article(&keys[936], 0);
    let mut envelope = Envelope::from_json(&one).unwrap();
    for key in &keys[937..] {
        envelope.add_signature(key);
    }
    let hinted = envelope.to_json();
    let mut bare = envelope.clone();
    bare.signatures.iter_mut().for_each(|s| s.keyid = None);
    let bare = bare.to_json();
    let mut forged = envelope.clone();
    forged.signatures.iter_mut().for_each(|s| s.sig[40] ^= 1);
    let forged = forged.to_json();
    let mut group = c.benchmark_group("64 signatures x 1,000 trusted keys");
    group.sample_size(20);
    group.bench_function("with key ids", |b| {
        b.iter(|| assert!(verify_one(&text, black_box(&hinted), &trust)))
    });
    group.bench_function("without key ids (capped)", |b| {
        b.iter(|| assert!(!verify_one(&text, black_box(&bare), &trust)))
    });
    group.bench_function("forged (capped)", |b| {
        b.iter(|| assert!(!verify_one(&text, black_box(&forged), &trust)))
    });
    group.finish();
}

criterion_group!(
    benches,
    sha256,
    signatures,
    verify_article,
    verify_many,
    batch_signature_analysis,
    large_trust_store
);
criterion_main!(benches);
