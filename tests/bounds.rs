//! Bounded work (issue 10, item 7): each limit is checked by counting work or memory — the
//! library's work counters (`TextDiff::ter_work`, `SignatureChecks::verifications`) or the
//! child's peak resident memory — never by timing.

use std::fs;
use std::path::{Path, PathBuf};

use tprov::crypto::dsse::{KeyRing, MAX_SIGNATURE_VERIFICATIONS, SignatureVerdict};
use tprov::diff::{DiffOptions, diff_texts};
use tprov::io::envelope_file::read_envelope;
use tprov::record::{Documents, Metadata, PreviousRecord, build_statement};
use tprov::review::chain::{LOG_TER_BUDGET, walk};
use tprov::verify::policy::Policy;
use tprov::verify::verify_record_with;
use tprov::{Envelope, SecretKey, Sha256Digest, Statement, TrustStore};

use crate::util::{have_tool, tprov};

/// What one TER budget may be overrun by: the distance computation that ran it out and the
/// refill of the shift applied after it (each at most 4,000,000 cells).
const OVERRUN: u64 = 8_000_000;

/// A deterministic pseudo-random stream (xorshift), so the texts are the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self, below: usize) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 % below as u64) as usize
    }
}

/// About `bytes` of English-like words from a small vocabulary (many repeated tokens: many
/// shift candidates), with sentences and paragraphs.
fn words(rng: &mut Rng, bytes: usize) -> Vec<String> {
    const VOCABULARY: [&str; 24] = [
        "the",
        "committee",
        "approved",
        "new",
        "budget",
        "after",
        "a",
        "long",
        "debate",
        "on",
        "Tuesday",
        "and",
        "minister",
        "said",
        "that",
        "it",
        "would",
        "help",
        "schools",
        "in",
        "rural",
        "areas",
        "next",
        "year",
    ];
    let mut out = Vec::new();
    let mut len = 0;
    while len < bytes {
        let w = VOCABULARY[rng.next(VOCABULARY.len())];
        len += w.len() + 1;
        out.push(w.to_owned());
    }
    out
}

/// A heavy post-edit: a fifth of the words replaced and many short phrases moved.
fn revise(rng: &mut Rng, text: &[String]) -> Vec<String> {
    let mut out = text.to_vec();
    for _ in 0..out.len() / 5 {
        let i = rng.next(out.len());
        out[i] = format!("edit{}", rng.next(50));
    }
    for _ in 0..out.len() / 20 {
        let (a, b) = (rng.next(out.len() - 8), rng.next(out.len() - 8));
        let phrase: Vec<String> = out.drain(a..a + 4).collect();
        let at = b.min(out.len());
        out.splice(at..at, phrase);
    }
    out
}

fn join(words: &[String]) -> String {
    let mut text = String::new();
    for (i, w) in words.iter().enumerate() {
        text.push_str(w);
        text.push(if i % 60 == 59 { '\n' } else { ' ' });
    }
    text
}

/// Writes `text` as `name` in `dir` with an envelope signed by `key`, revising `previous`.
fn revision(
    dir: &Path,
    key: &SecretKey,
    name: &str,
    text: &str,
    previous: Option<&Path>,
) -> PathBuf {
    fs::write(dir.join(name), text).unwrap();
    let link = previous.map(|p| {
        let envelope = read_envelope(p).unwrap();
        let statement = Statement::from_payload(&envelope.payload).unwrap();
        PreviousRecord::to(&envelope, &statement)
    });
    let documents = Documents {
        translation_name: Some(name.into()),
        translation_sha256: Sha256Digest::of(text.as_bytes()),
        source_name: None,
        source_sha256: Some(Sha256Digest::of(b"source")),
    };
    let metadata = Metadata {
        source_language: Some("zh".into()),
        target_language: Some("en".into()),
        engine: Some("MT".into()),
        ..Metadata::default()
    };
    let at = "2026-11-24T06:00:00Z".parse().unwrap();
    let statement = build_statement(&documents, &metadata, at, link).unwrap();
    let path = dir.join(format!("{name}.tprov.json"));
    fs::write(&path, statement.sign(key).to_json()).unwrap();
    path
}

#[test]
fn diff_ter_work_counts_every_row_computed_and_stays_within_its_budget() {
    // Regression (issue 10, item 7): each shift candidate was charged for the moved stretch
    // only, while its distance was computed to the end of the text, so a "100,000,000-cell"
    // budget did billions of cells of work.
    let mut rng = Rng(7);
    let old = words(&mut rng, 8 * 1024);
    let new = revise(&mut rng, &old);
    let (old, new) = (join(&old), join(&new));
    for budget in [1_000_000, 5_000_000, 20_000_000] {
        let diff = diff_texts(&old, &new, &DiffOptions::new().ter_budget(budget));
        let work = diff.ter_work();
        assert!(work > 0, "TER ran");
        assert!(
            work <= budget + OVERRUN,
            "budget {budget}: {work} units of work done"
        );
        if work > budget {
            assert!(diff.is_approximated(), "a budget that ran out is said");
        }
    }
    // The small budget runs out on this pair: the score is then an upper bound, said so.
    let diff = diff_texts(&old, &new, &DiffOptions::new().ter_budget(1_000_000));
    assert!(diff.is_approximated());
    assert!(diff.stats().ter.as_ref().unwrap().approximated);
}

#[test]
fn log_ter_work_per_pair_of_revisions_is_bounded() {
    // Regression (issue 10, item 7): `log --trust` over 20 revisions of 8 KB ran a full TER
    // search per pair (about a minute). Each pair now has its own budget, and says when it ran
    // out.
    let dir = tempfile::tempdir().unwrap();
    let key = SecretKey::from_seed(&[3; 32]);
    let mut rng = Rng(11);
    let mut text = words(&mut rng, 8 * 1024);
    let mut last = revision(dir.path(), &key, "v1.md", &join(&text), None);
    for i in 2..=4 {
        text = revise(&mut rng, &text);
        last = revision(
            dir.path(),
            &key,
            &format!("v{i}.md"),
            &join(&text),
            Some(&last),
        );
    }
    let mut trust = TrustStore::new();
    trust.add("me", key.public_key(), "me.pub");
    let chain = walk(&last, dir.path(), Some(&trust)).unwrap();
    assert!(chain.intact, "{:?}", chain.problems);
    assert_eq!(chain.entries.len(), 4);
    for entry in &chain.entries[..3] {
        let edits = entry.edits.as_ref().expect("both documents at hand");
        assert!(edits.ter.is_some());
        assert!(
            edits.ter_work <= LOG_TER_BUDGET + OVERRUN,
            "{}: {} units of TER work for one pair",
            entry.envelope.display(),
            edits.ter_work
        );
        if edits.ter_work > LOG_TER_BUDGET {
            assert!(edits.approximated);
        }
    }
}

#[test]
fn log_says_when_a_pairs_hter_is_approximated() {
    let dir = tempfile::tempdir().unwrap();
    let key = SecretKey::from_seed(&[3; 32]);
    let mut rng = Rng(5);
    // Two long, heavily edited revisions: the per-pair budget runs out.
    let first = words(&mut rng, 64 * 1024);
    let v1 = revision(dir.path(), &key, "v1.md", &join(&first), None);
    let second = revise(&mut rng, &first);
    let v2 = revision(dir.path(), &key, "v2.md", &join(&second), Some(&v1));
    let out = tprov()
        .current_dir(dir.path())
        .args(["log", "--json"])
        .arg(&v2)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["entries"][0]["edits"]["approximated"], true, "{json}");
    assert!(json["entries"][0]["edits"].get("terWork").is_none());
    let out = tprov()
        .current_dir(dir.path())
        .arg("log")
        .arg(&v2)
        .output()
        .unwrap();
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("(approximated)"), "{text}");
}

/// The peak resident memory of `tprov ARGS` in KiB, through GNU time; `None` (skipped) without
/// it or off Linux.
fn peak_rss_kib(dir: &Path, args: &[&str]) -> Option<u64> {
    if !cfg!(target_os = "linux") || !have_tool("/usr/bin/time", &["true"], "peak memory") {
        return None;
    }
    let bin = assert_cmd::cargo::cargo_bin("tprov");
    let report = dir.join("rss.txt");
    let status = std::process::Command::new("/usr/bin/time")
        .arg("-f")
        .arg("%M")
        .arg("-o")
        .arg(&report)
        .arg(&bin)
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(
        status.code().is_some_and(|c| c <= 1),
        "tprov {args:?}: {status}"
    );
    let text = fs::read_to_string(&report).unwrap();
    Some(text.trim().lines().last().unwrap().trim().parse().unwrap())
}

const MIB: u64 = 1024 * 1024;

#[test]
fn log_memory_over_a_store_of_large_envelopes_is_bounded() {
    // Regression (issue 10, item 7): 16 unsigned 4 MiB envelopes peaked at 2.4 GB — every
    // envelope was kept parsed, its unknown fields built as JSON values. Now the store index
    // keeps a path and a revision per envelope, and envelopes are read one at a time.
    let dir = tempfile::tempdir().unwrap();
    let key = SecretKey::from_seed(&[3; 32]);
    let mut last: Option<PathBuf> = None;
    for i in 1..=16 {
        let path = revision(
            dir.path(),
            &key,
            &format!("v{i:02}.md"),
            "text",
            last.as_deref(),
        );
        last = Some(path);
    }
    // Pad every envelope to just under 4 MiB with an unknown field of tiny values (the
    // costliest shape to build: tens of bytes per two bytes of JSON).
    for i in 1..=16 {
        let path = dir.path().join(format!("v{i:02}.md.tprov.json"));
        let mut json = fs::read(&path).unwrap();
        let end = json.iter().rposition(|&b| b == b'}').unwrap();
        json.truncate(end);
        json.extend_from_slice(b",\"x-padding\":[0");
        while json.len() < 4 * MIB as usize - 16 {
            json.extend_from_slice(b",0");
        }
        json.extend_from_slice(b"]}\n");
        fs::write(&path, json).unwrap();
    }
    let newest = "v16.md.tprov.json";
    let out = tprov()
        .current_dir(dir.path())
        .args(["log", newest])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("chain intact: 16 revisions"));
    // The documents are a few bytes: the bound is the 64 MiB alone.
    if let Some(kib) = peak_rss_kib(dir.path(), &["log", newest]) {
        assert!(kib * 1024 <= 64 * MIB, "log peaked at {kib} KiB");
    }
    // With keys, every store envelope is verified: still one at a time.
    fs::write(dir.path().join("me.pub"), key.public_key().to_pem()).unwrap();
    if let Some(kib) = peak_rss_kib(dir.path(), &["log", newest, "--pubkey", "me.pub"]) {
        assert!(kib * 1024 <= 64 * MIB, "log --pubkey peaked at {kib} KiB");
    }
}

#[test]
fn side_by_side_memory_on_a_pair_without_newlines_is_bounded() {
    // Regression (issue 10, item 7): a 5 MB pair without newlines is one line per side, and
    // the side-by-side view turned each into a vector of tens of bytes per character (1.27 GB).
    // As measured there: 5 MB a side, one word in 50 edited. (A heavier edit makes the diff
    // itself, in any format, the larger cost.)
    let dir = tempfile::tempdir().unwrap();
    let mut rng = Rng(3);
    let mut words = words(&mut rng, 5_000_000);
    let old = words.join(" ");
    for _ in 0..words.len() / 50 {
        let i = rng.next(words.len());
        words[i] = "edited".to_owned();
    }
    let new = words.join(" ");
    fs::write(dir.path().join("old.txt"), &old).unwrap();
    fs::write(dir.path().join("new.txt"), &new).unwrap();
    let input = (old.len() + new.len()) as u64;
    let args = ["diff", "--format", "side-by-side", "old.txt", "new.txt"];
    if let Some(kib) = peak_rss_kib(dir.path(), &args) {
        assert!(
            kib * 1024 <= 10 * input,
            "side-by-side peaked at {kib} KiB for {input} bytes"
        );
    }
}

/// `n` distinct keys.
fn keys(n: usize) -> Vec<SecretKey> {
    (0..n)
        .map(|i| {
            let mut seed = [0u8; 32];
            seed[..8].copy_from_slice(&(i as u64 + 1).to_le_bytes());
            SecretKey::from_seed(&seed)
        })
        .collect()
}

/// A record signed by every key of `signers`, as JSON; without key ids when `hints` is false.
fn multi_signed(signers: &[SecretKey], hints: bool) -> Envelope {
    let documents = Documents {
        translation_name: Some("a.md".into()),
        translation_sha256: Sha256Digest::of(b"a"),
        source_name: None,
        source_sha256: Some(Sha256Digest::of(b"source")),
    };
    let metadata = Metadata {
        source_language: Some("zh".into()),
        target_language: Some("en".into()),
        engine: Some("MT".into()),
        ..Metadata::default()
    };
    let at = "2026-11-24T06:00:00Z".parse().unwrap();
    let statement = build_statement(&documents, &metadata, at, None).unwrap();
    let mut envelope = statement.sign(&signers[0]);
    for key in &signers[1..] {
        envelope.add_signature(key);
    }
    if !hints {
        for s in &mut envelope.signatures {
            s.keyid = None;
        }
    }
    envelope
}

#[test]
fn signatures_against_a_large_trust_file_cost_one_check_each_with_key_ids() {
    // Regression (issue 10, item 7): 64 signatures against 1,000 trusted keys tried every key
    // for every signature (64,000 checks, 2.2 s).
    let all = keys(1000);
    let ring = KeyRing::from_keys(&all.iter().map(SecretKey::public_key).collect::<Vec<_>>());
    let envelope = multi_signed(&all[936..], true);
    let result = envelope.check_signatures_in(&ring);
    assert_eq!(result.verifications, 64, "the key id finds the key");
    assert!(
        result
            .checks
            .iter()
            .enumerate()
            .all(|(i, c)| c.verdict == SignatureVerdict::Verified { key_index: 936 + i })
    );

    // A key id is only a hint: a wrong one costs one more check, a missing one a search.
    let mut wrong = multi_signed(&all[999..], true);
    wrong.signatures[0].keyid = Some(all[0].public_key().key_id().to_hex());
    let result = wrong.check_signatures_in(&ring);
    assert_eq!(
        result.checks[0].verdict,
        SignatureVerdict::Verified { key_index: 999 }
    );
    assert_eq!(
        result.verifications, 1000,
        "the hinted key first, then each other key once"
    );
    let missing = multi_signed(&all[999..], false);
    let result = missing.check_signatures_in(&ring);
    assert_eq!(
        result.checks[0].verdict,
        SignatureVerdict::Verified { key_index: 999 }
    );
    assert_eq!(result.verifications, 1000);

    // 64 copies of one forged signature cost one search, not 64.
    let mut copies = multi_signed(&keys(1001)[1000..], false);
    let sig = copies.signatures[0].clone();
    copies.signatures = vec![sig; 64];
    let result = copies.check_signatures_in(&ring);
    assert!(
        result
            .checks
            .iter()
            .all(|c| c.verdict == SignatureVerdict::NotVerified)
    );
    assert_eq!(result.verifications, 1000);
}

#[test]
fn signatures_past_the_verification_cap_fail_saying_so() {
    // 64 signatures without key ids, by the last 64 of 1,000 trusted keys: finding each key by
    // trying would take 60,000 checks. The cap stops it, and the verification fails.
    let all = keys(1000);
    let mut trust = TrustStore::new();
    for (i, key) in all.iter().enumerate() {
        trust.add(format!("k{i}"), key.public_key(), "k.pub");
    }
    let envelope = multi_signed(&all[936..], false);
    let result = envelope.check_signatures_in(trust.ring());
    assert_eq!(result.limit, MAX_SIGNATURE_VERIFICATIONS);
    assert_eq!(result.verifications, MAX_SIGNATURE_VERIFICATIONS);
    assert!(result.capped());
    assert!(
        result
            .checks
            .iter()
            .any(|c| c.verdict == SignatureVerdict::NotChecked)
    );

    let report = verify_record_with(&envelope.to_json(), &trust, &Policy::default());
    assert!(!report.verified, "a capped check is never a pass");
    let failure = report.failure().unwrap();
    assert!(
        failure
            .detail
            .contains("more than 1024 signature verifications"),
        "{}",
        failure.detail
    );
    // The same envelope with its key ids verifies, in 64 checks.
    let hinted = multi_signed(&all[936..], true);
    assert!(verify_record_with(&hinted.to_json(), &trust, &Policy::default()).verified);
}

#[test]
fn one_signature_without_a_key_id_is_tried_against_every_key_of_a_larger_trust_store() {
    // The cap never stops a single signature short of the last trusted key: a key id stays a
    // hint, never a requirement.
    let all = keys(1500);
    let ring = KeyRing::from_keys(&all.iter().map(SecretKey::public_key).collect::<Vec<_>>());
    let result = multi_signed(&all[1499..], false).check_signatures_in(&ring);
    assert_eq!(result.limit, 1500);
    assert_eq!(
        result.checks[0].verdict,
        SignatureVerdict::Verified { key_index: 1499 }
    );
    assert_eq!(result.verifications, 1500);
}
