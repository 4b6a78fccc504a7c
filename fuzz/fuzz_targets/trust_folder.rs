//! Arbitrary files in a folder given as `--trust FOLDER`: `TrustStore::add_path` (what the CLI
//! calls for every `--trust`) must never panic, and a store it accepts must work for
//! verification without panicking.
//!
//! Input layout: up to 8 chunks, each `kind` (1 byte), `length` (2 bytes, little endian; cut to
//! what is left) and that many bytes. By `kind % 6` a chunk becomes `kN.pub` (0), a trust file
//! `tN.json` (1; its key `path`s resolve in the folder, so it can name the `.pub` files beside
//! it), a hidden `.hN.pub` (2), `oN.txt` (3), a sub-folder `dN.pub` holding the bytes as
//! `k.pub` (4), or a symbolic link `lN.pub` to the chunk before it (5; unix).

#![no_main]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tprov::record::{Documents, Metadata, Role, build_statement};
use tprov::verify::policy::Policy;
use tprov::verify::{Subjects, verify_envelope_with};
use tprov::{SecretKey, Sha256Digest, TrustStore};

const MAX_FILES: usize = 8;

/// An envelope signed with the demo newsroom key and the digests that match it.
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

/// Writes one chunk into `folder`; returns the path it made.
fn write_chunk(folder: &Path, i: usize, kind: u8, bytes: &[u8], before: Option<&Path>) -> PathBuf {
    let write = |name: String| {
        let path = folder.join(name);
        std::fs::write(&path, bytes).expect("writing the folder");
        path
    };
    match kind % 6 {
        0 => write(format!("k{i}.pub")),
        1 => write(format!("t{i}.json")),
        2 => write(format!(".h{i}.pub")),
        3 => write(format!("o{i}.txt")),
        4 => {
            let sub = folder.join(format!("d{i}.pub"));
            std::fs::create_dir(&sub).expect("a sub-folder");
            std::fs::write(sub.join("k.pub"), bytes).expect("writing the sub-folder");
            sub
        }
        _ => {
            let link = folder.join(format!("l{i}.pub"));
            #[cfg(unix)]
            if let Some(target) = before {
                std::os::unix::fs::symlink(target, &link).expect("a link");
            }
            #[cfg(not(unix))]
            let _ = before;
            link
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let folder = tempfile::tempdir().expect("a temporary folder");
    let mut data = data;
    let mut before: Option<PathBuf> = None;
    for i in 0..MAX_FILES {
        let [kind, lo, hi, rest @ ..] = data else {
            break;
        };
        let len = usize::from(u16::from_le_bytes([*lo, *hi])).min(rest.len());
        before = Some(write_chunk(folder.path(), i, *kind, &rest[..len], before.as_deref()));
        data = &rest[len..];
    }
    let mut trust = TrustStore::new();
    if trust.add_path(folder.path()).is_err() {
        return;
    }
    assert!(!trust.is_empty(), "a trust folder without keys is refused");
    let (envelope, subjects) = signed();
    for policy in [
        Policy::default(),
        Policy::new().require_role(Role::Publisher),
        Policy::new().require_keys(2),
    ] {
        let report = verify_envelope_with(envelope, subjects, &trust, &policy);
        assert_eq!(report.verified, report.record.is_some());
        tprov::render::verify_report(&report, &mut Vec::new()).expect("rendering to memory");
        serde_json::to_vec(&report).expect("a report serialises");
    }
});
