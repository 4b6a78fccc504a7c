//! Benchmarks of the signing and verification hot paths: streaming SHA-256, Ed25519 strict
//! verification, and the whole in-memory verification of a 4 KB article's envelope.
//!
//! Run with `cargo bench --bench core`. The peer comparison (openssl, minisign) is in
//! `bench/verify.sh`; results are recorded in BENCHMARKS.md.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use tprov::record::{Documents, Metadata, build_statement};
use tprov::verify::{Subjects, verify_envelope};
use tprov::{SecretKey, Sha256Digest, TrustStore};

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

criterion_group!(benches, sha256, signatures, verify_article);
criterion_main!(benches);
