//! A store of a few hostile envelopes: `review::chain::walk_with` (what `tprov log` runs) must
//! never panic, with or without trusted keys, and must stay within its bounds; the chain it
//! returns must serialise.
//!
//! Input layout: up to 8 chunks, each `kind` (1 byte), `length` (2 bytes, little endian; cut to
//! what is left) and that many bytes. By `kind % 4` a chunk is written into the store folder as
//! `rN.md.tprov.json` holding the bytes as they are (0), an envelope over the bytes as payload
//! signed by the trusted newsroom key (1) or by an untrusted key (2), or a file that is not an
//! envelope, `rN.md` (3). The walk starts at the last envelope.

#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tprov::crypto::dsse::IN_TOTO_PAYLOAD_TYPE;
use tprov::review::chain::{WalkOptions, walk_with};
use tprov::{Envelope, SecretKey, TrustStore};

const MAX_FILES: usize = 8;

struct Keys {
    trusted: SecretKey,
    untrusted: SecretKey,
    trust: TrustStore,
}

fn keys() -> &'static Keys {
    static KEYS: OnceLock<Keys> = OnceLock::new();
    KEYS.get_or_init(|| {
        let trusted =
            SecretKey::from_pem(include_str!("../../keys/newsroom.key")).expect("demo key");
        let untrusted =
            SecretKey::from_pem(include_str!("../../keys/translator.key")).expect("demo key");
        let mut trust = TrustStore::new();
        trust.add("newsroom", trusted.public_key(), "newsroom.pub");
        Keys {
            trusted,
            untrusted,
            trust,
        }
    })
}

/// Splits `data` into at most [`MAX_FILES`] (kind, bytes) chunks.
fn chunks(mut data: &[u8]) -> Vec<(u8, &[u8])> {
    let mut out = Vec::new();
    while out.len() < MAX_FILES {
        let [kind, lo, hi, rest @ ..] = data else {
            break;
        };
        let len = usize::from(u16::from_le_bytes([*lo, *hi])).min(rest.len());
        out.push((*kind, &rest[..len]));
        data = &rest[len..];
    }
    out
}

fuzz_target!(|data: &[u8]| {
    let keys = keys();
    let store = tempfile::tempdir().expect("a temporary folder");
    let mut start: Option<PathBuf> = None;
    for (i, (kind, bytes)) in chunks(data).into_iter().enumerate() {
        let envelope = store.path().join(format!("r{i}.md.tprov.json"));
        let (path, contents) = match kind % 4 {
            0 => (envelope, bytes.to_vec()),
            1 => (
                envelope,
                Envelope::sign(IN_TOTO_PAYLOAD_TYPE, bytes.to_vec(), &keys.trusted).to_json(),
            ),
            2 => (
                envelope,
                Envelope::sign(IN_TOTO_PAYLOAD_TYPE, bytes.to_vec(), &keys.untrusted).to_json(),
            ),
            _ => (store.path().join(format!("r{i}.md")), bytes.to_vec()),
        };
        std::fs::write(&path, contents).expect("writing the store");
        if kind % 4 != 3 {
            start = Some(path);
        }
    }
    let Some(start) = start else { return };
    for trust in [None, Some(&keys.trust)] {
        let Ok(chain) = walk_with(&start, store.path(), trust, WalkOptions::default()) else {
            continue;
        };
        assert!(
            chain.entries.len() <= MAX_FILES,
            "a chain of {} entries from {MAX_FILES} files: a record was visited twice",
            chain.entries.len()
        );
        assert!(!chain.entries.is_empty(), "the start is always an entry");
        assert_eq!(chain.intact, chain.problems.is_empty());
        serde_json::to_vec(&chain).expect("a chain serialises");
    }
});
