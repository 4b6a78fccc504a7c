//! Co-signing: adding a signature to an existing envelope, over the same PAE, without changing
//! its payload — a publisher vouching for what a translator signed.
//!
//! The payload bytes (and so the record's identity, the SHA-256 of the payload that revision
//! links point at) stay exactly as they were; existing signatures and fields tprov does not know
//! are kept. A co-signer vouches for the record's contents: verify it first (`tprov verify`).

use std::path::{Path, PathBuf};

use crate::Error;
use crate::crypto::dsse::{Envelope, EnvelopeError, MAX_SIGNATURES};
use crate::crypto::keys::{KeyId, SecretKey};
use crate::io::files::{self, Overwrite};
use crate::record::Statement;
use crate::sign::{read_envelope, write_envelope};

/// What a co-signature was added to.
#[derive(Debug, Clone)]
pub struct Cosigned {
    /// The envelope with the new signature last.
    pub envelope: Envelope,
    /// The record it carries (as read, not verified: co-signing checks no other signature).
    pub statement: Statement,
    /// The co-signing key's id.
    pub keyid: KeyId,
    /// The key id hints of the signatures that were already there (untrusted).
    pub existing: Vec<Option<String>>,
    /// Where the envelope was written; `None` when it was left to the caller (standard output).
    pub written: Option<PathBuf>,
}

/// Adds a signature by `key` to `envelope` (whose file is `path`, named in errors).
///
/// Refused, leaving the envelope unchanged: a payload that is not a tprov record
/// ([`Error::NotARecord`]), an envelope that `key` has already validly signed
/// ([`Error::AlreadySigned`]: a key counts once), and one that already has
/// [`MAX_SIGNATURES`] signatures.
pub fn cosign(envelope: &mut Envelope, key: &SecretKey, path: &Path) -> Result<Statement, Error> {
    let statement = Statement::from_envelope(envelope).map_err(|problem| Error::NotARecord {
        path: path.to_path_buf(),
        problem,
    })?;
    let public = key.public_key();
    if envelope.is_signed_by(&public) {
        return Err(Error::AlreadySigned {
            path: path.to_path_buf(),
            keyid: public.key_id().short(),
        });
    }
    if envelope.signatures.len() >= MAX_SIGNATURES {
        return Err(Error::Envelope {
            path: path.to_path_buf(),
            problem: EnvelopeError::TooManySignatures {
                count: envelope.signatures.len() + 1,
            },
        });
    }
    envelope.add_signature(key);
    Ok(statement)
}

/// Where a co-signed envelope goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// Back to the envelope's own file (the usual case; needs no [`Overwrite::Allow`]).
    InPlace,
    /// To another file, which must not exist unless [`Overwrite::Allow`] is given.
    File(PathBuf),
    /// Nowhere: the caller writes [`Cosigned::envelope`] (for example to standard output).
    Caller,
}

/// A co-signature under way: the envelope read and the destination checked, the key not yet
/// needed. Opening first lets a caller refuse an existing destination or a malformed envelope
/// before asking anyone for a passphrase.
#[derive(Debug)]
pub struct PendingCosign {
    path: PathBuf,
    envelope: Envelope,
    existing: Vec<Option<String>>,
    destination: Option<PathBuf>,
    overwrite: Overwrite,
    /// The destination is the envelope's own file (or a link to it): rewritten as an edit.
    in_place: bool,
}

impl PendingCosign {
    /// Checks the destination (an existing file other than the envelope itself is refused
    /// without [`Overwrite::Allow`]), then reads the envelope at `path`.
    pub fn open(
        path: &Path,
        destination: Destination,
        overwrite: Overwrite,
    ) -> Result<Self, Error> {
        let destination = match destination {
            Destination::InPlace => Some(path.to_path_buf()),
            Destination::File(file) => Some(file),
            Destination::Caller => None,
        };
        let in_place = destination
            .as_deref()
            .is_some_and(|d| d == path || same_file(d, path));
        // Writing back to the envelope's own file is what co-signing is for.
        let overwrite = if in_place {
            Overwrite::Allow
        } else {
            overwrite
        };
        if let Some(file) = &destination {
            files::refuse_existing(file, overwrite)?;
        }
        let envelope = read_envelope(path)?;
        Ok(Self {
            path: path.to_path_buf(),
            existing: envelope.keyid_hints(),
            envelope,
            destination,
            overwrite,
            in_place,
        })
    }

    /// The envelope as read: what a caller verifies before co-signing, so the bytes checked are
    /// the bytes signed.
    pub fn envelope(&self) -> &Envelope {
        &self.envelope
    }

    /// Co-signs with `key` (see [`cosign`]) and writes the envelope to its destination
    /// atomically: a temporary file renamed over the destination, so a reader sees the old
    /// envelope or the new one, never half of one. Written back in place, the envelope's file
    /// is edited, not replaced ([`files::rewrite_atomic`]): through a symbolic link to the
    /// file it names, keeping its mode.
    pub fn sign(mut self, key: &SecretKey) -> Result<Cosigned, Error> {
        let statement = cosign(&mut self.envelope, key, &self.path)?;
        match &self.destination {
            Some(file) if self.in_place => files::rewrite_atomic(file, &self.envelope.to_json())?,
            Some(file) => write_envelope(&self.envelope, file, self.overwrite)?,
            None => {}
        }
        Ok(Cosigned {
            envelope: self.envelope,
            statement,
            keyid: key.public_key().key_id(),
            existing: self.existing,
            written: self.destination,
        })
    }
}

/// Reads the envelope at `path`, co-signs it with `key` and writes it to `output` atomically:
/// [`PendingCosign::open`] then [`PendingCosign::sign`]. Writing back to `path` itself is the
/// usual case and needs no [`Overwrite::Allow`]; another existing `output` does.
pub fn cosign_file(
    path: &Path,
    key: &SecretKey,
    output: &Path,
    overwrite: Overwrite,
) -> Result<Cosigned, Error> {
    PendingCosign::open(path, Destination::File(output.to_path_buf()), overwrite)?.sign(key)
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Sha256Digest;
    use crate::record::{Documents, Metadata, build_statement};

    fn statement() -> Statement {
        let metadata = Metadata {
            source_language: Some("zh".into()),
            target_language: Some("en".into()),
            engine: Some("ExampleMT".into()),
            ..Metadata::default()
        };
        let documents = Documents {
            translation_name: Some("a.en.md".into()),
            translation_sha256: Sha256Digest::of(b"t"),
            source_name: None,
            source_sha256: Some(Sha256Digest::of(b"s")),
        };
        build_statement(
            &documents,
            &metadata,
            "2026-11-24T09:30:00Z".parse().unwrap(),
            None,
        )
        .unwrap()
    }

    #[test]
    fn adds_a_signature_over_the_same_payload_and_refuses_a_second_by_the_same_key() {
        let translator = SecretKey::from_seed(&[1; 32]);
        let publisher = SecretKey::from_seed(&[2; 32]);
        let mut envelope = statement().sign(&translator);
        let payload = envelope.payload.clone();
        let first_sig = envelope.signatures[0].clone();
        cosign(&mut envelope, &publisher, Path::new("e.json")).unwrap();
        assert_eq!(envelope.payload, payload);
        assert_eq!(envelope.signatures.len(), 2);
        assert_eq!(envelope.signatures[0], first_sig);
        assert!(envelope.is_signed_by(&publisher.public_key()));
        for key in [&translator, &publisher] {
            let err = cosign(&mut envelope, key, Path::new("e.json")).unwrap_err();
            assert!(matches!(err, Error::AlreadySigned { .. }), "{err}");
        }
        assert_eq!(envelope.signatures.len(), 2);
    }

    #[test]
    fn cosign_file_rewrites_in_place_atomically() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.en.md.tprov.json");
        let translator = SecretKey::from_seed(&[1; 32]);
        std::fs::write(&path, statement().sign(&translator).to_json()).unwrap();
        let publisher = SecretKey::from_seed(&[2; 32]);
        let done = cosign_file(&path, &publisher, &path, Overwrite::Refuse).unwrap();
        assert_eq!(
            done.existing,
            [Some(translator.public_key().key_id().to_hex())]
        );
        assert_eq!(done.keyid, publisher.public_key().key_id());
        let written = read_envelope(&path).unwrap();
        assert_eq!(written, done.envelope);
        assert_eq!(written.signatures.len(), 2);
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary file may remain");
        let err = cosign_file(&path, &publisher, &path, Overwrite::Refuse).unwrap_err();
        assert!(matches!(err, Error::AlreadySigned { .. }), "{err}");
    }

    #[test]
    fn refuses_payloads_that_are_not_records() {
        let key = SecretKey::from_seed(&[1; 32]);
        let mut envelope = Envelope::sign("text/plain", b"hello".to_vec(), &key);
        let err = cosign(
            &mut envelope,
            &SecretKey::from_seed(&[2; 32]),
            Path::new("e.json"),
        )
        .unwrap_err();
        assert!(
            err.to_string()
                .starts_with("e.json: not a tprov record: its payload type is \"text/plain\""),
            "{err}"
        );
        assert_eq!(envelope.signatures.len(), 1);
    }
}
