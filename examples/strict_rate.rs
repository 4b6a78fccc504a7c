//! Measures the raw limit of verification on this machine: how many Ed25519 `verify_strict`
//! checks one core does per second over the signed bytes (PAE) of real 4 KB-article records,
//! times the number of cores. And, for the batch-verification decision (BENCHMARKS.md), what
//! a signature costs in `ed25519_dalek::verify_batch` with and without the pre-checks that
//! would make its verdicts equal to `verify_strict`'s.
//!
//! ```sh
//! cargo run --release --example strict_rate            # about 5 seconds
//! ```
//!
//! The last line is machine-readable, for `bench/verify.sh`:
//! `RESULT strict_per_sec_one_core=… cores=… limit_per_sec=… batch_unsound_ratio=… batch_sound_ratio=…`
//! (ratios are time per signature relative to `verify_strict`; below 1 is faster).

use std::hint::black_box;
use std::time::Instant;

use curve25519_dalek::edwards::CompressedEdwardsY;
use ed25519_dalek::{Signature, VerifyingKey, verify_batch};
use tprov::record::{Documents, Metadata, build_statement};
use tprov::{Envelope, SecretKey, Sha256Digest};

/// Signatures per batch: dalek's multiscalar multiplication gains little beyond this.
const BATCH: usize = 64;
/// Rounds of each measurement, interleaved so that a busy machine affects all alike.
const ROUNDS: usize = 7;

fn main() {
    let key = SecretKey::from_seed(&[0x42; 32]);
    let public = key.public_key();
    let envelopes: Vec<Envelope> = (0..BATCH).map(|i| record(i, &key)).collect();
    let messages: Vec<Vec<u8>> = envelopes.iter().map(Envelope::pae).collect();
    let signatures: Vec<[u8; 64]> = envelopes
        .iter()
        .map(|e| e.signatures[0].sig.as_slice().try_into().unwrap())
        .collect();
    let dalek_key = VerifyingKey::from_bytes(public.as_raw()).unwrap();
    let dalek_sigs: Vec<Signature> = signatures.iter().map(Signature::from_bytes).collect();
    let message_refs: Vec<&[u8]> = messages.iter().map(Vec::as_slice).collect();
    let keys = vec![dalek_key; BATCH];

    // Each closure checks all BATCH signatures once.
    let strict = || {
        for (m, s) in messages.iter().zip(&signatures) {
            assert!(public.verify_strict(black_box(m), s));
        }
    };
    let batch_only = || verify_batch(black_box(&message_refs), &dalek_sigs, &keys).unwrap();
    let batch_sound = || {
        for s in &dalek_sigs {
            // What verify_strict rejects and verify_batch does not: a non-canonical or
            // small-order R, and (the costly part) an R with a torsion component.
            let r = s.r_bytes();
            let point = CompressedEdwardsY(*r).decompress().unwrap();
            assert!(!point.is_small_order() && point.compress().0 == *r && point.is_torsion_free());
        }
        verify_batch(black_box(&message_refs), &dalek_sigs, &keys).unwrap();
    };
    let per_sig = |f: &dyn Fn(), reps: usize| {
        let start = Instant::now();
        for _ in 0..reps {
            f();
        }
        start.elapsed().as_secs_f64() / (reps * BATCH) as f64
    };
    // Warm up and size the rounds to about 0.25 s of verify_strict each.
    let first = per_sig(&strict, 2);
    let reps = ((0.25 / (first * BATCH as f64)) as usize).max(1);
    let (mut t_strict, mut t_batch, mut t_sound) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..ROUNDS {
        t_strict.push(per_sig(&strict, reps));
        t_batch.push(per_sig(&batch_only, reps));
        t_sound.push(per_sig(&batch_sound, reps));
    }
    let (strict_s, batch_s, sound_s) = (median(t_strict), median(t_batch), median(t_sound));
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let rate = 1.0 / strict_s;
    println!(
        "verify_strict, one core: {rate:.0} verifications/s ({:.1} µs each; PAE of {} bytes, median of {ROUNDS} rounds)",
        strict_s * 1e6,
        messages[0].len()
    );
    println!(
        "raw limit: {cores} cores × {rate:.0} = {:.0} verifications/s",
        rate * cores as f64
    );
    println!("batch verification, batches of {BATCH}, per signature:");
    println!(
        "  verify_batch alone (verdicts can differ from verify_strict)  {:6.1} µs  {:.2}× verify_strict",
        batch_s * 1e6,
        batch_s / strict_s
    );
    println!(
        "  verify_batch + canonical/small-order/torsion-free R checks   {:6.1} µs  {:.2}× verify_strict",
        sound_s * 1e6,
        sound_s / strict_s
    );
    println!(
        "RESULT strict_per_sec_one_core={rate:.0} cores={cores} limit_per_sec={:.0} batch_unsound_ratio={:.2} batch_sound_ratio={:.2}",
        rate * cores as f64,
        batch_s / strict_s,
        sound_s / strict_s
    );
}

/// The envelope of a 4 KB article's record, like those `make_archive` writes.
fn record(i: usize, key: &SecretKey) -> Envelope {
    let text = format!("# Article {i}\n\n{}", "Machine translation. ".repeat(200));
    let documents = Documents {
        translation_name: Some(format!("article-{i:05}.en.md")),
        translation_sha256: Sha256Digest::of(&text.as_bytes()[..4096]),
        source_name: Some(format!("article-{i:05}.zh.md")),
        source_sha256: Some(Sha256Digest::of(format!("source {i}").as_bytes())),
    };
    let metadata = Metadata {
        source_language: Some("zh".into()),
        target_language: Some("en".into()),
        engine: Some("ExampleMT".into()),
        engine_version: Some("4.2".into()),
        model: Some("example-nmt-2026".into()),
        post_editor: Some("Li Wei".into()),
        publisher: Some("The Example Review".into()),
        ..Metadata::default()
    };
    build_statement(
        &documents,
        &metadata,
        "2026-11-24T06:00:00Z".parse().unwrap(),
        None,
    )
    .unwrap()
    .sign(key)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}
