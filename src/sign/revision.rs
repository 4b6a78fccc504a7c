//! Revising a record: reading the record named by `--previous` and, when the new envelope goes
//! where that record is (revising in place, the usual habit), archiving it first beside the
//! document as `ARTICLE.rN.tprov.json` so the chain keeps every revision.
//!
//! Order, so a crash at any point loses nothing: the archive is written (atomically, never over
//! a different file), then the new envelope is renamed over the old one. An interrupted run
//! leaves the old envelope in place, with or without its archive copy.

use std::path::{Path, PathBuf};

use crate::Error;
use crate::crypto::dsse::{Envelope, MAX_ENVELOPE_BYTES};
use crate::io::files::{self, Overwrite, Visibility};
use crate::record::{PreviousRecord, Statement};

/// The suffix of envelope files.
const ENVELOPE_SUFFIX: &str = ".tprov.json";

/// The record a revision revises, as read from its envelope file (signature not checked: the
/// signer may not hold the old key; `tprov verify` and `tprov log --trust` check it).
#[derive(Debug, Clone)]
pub struct PreviousEnvelope {
    /// The envelope file.
    pub path: PathBuf,
    /// Its bytes as read: what an archive copy holds, co-signatures and all.
    pub bytes: Vec<u8>,
    /// The envelope.
    pub envelope: Envelope,
    /// Its record, parsed strictly (duplicate keys, depth, shape).
    pub statement: Statement,
}

impl PreviousEnvelope {
    /// Reads the envelope at `path`, bounded by [`MAX_ENVELOPE_BYTES`]; an envelope that
    /// carries no tprov record is [`Error::NotARecord`].
    pub fn read(path: &Path) -> Result<Self, Error> {
        let bytes = files::read_limited(path, MAX_ENVELOPE_BYTES)?;
        let envelope = Envelope::from_json(&bytes).map_err(|problem| Error::Envelope {
            path: path.to_path_buf(),
            problem,
        })?;
        let statement =
            Statement::from_envelope(&envelope).map_err(|problem| Error::NotARecord {
                path: path.to_path_buf(),
                problem,
            })?;
        Ok(Self {
            path: path.to_path_buf(),
            bytes,
            envelope,
            statement,
        })
    }

    /// The link a revision records to this record.
    pub fn link(&self) -> PreviousRecord {
        PreviousRecord::to(&self.envelope, &self.statement)
    }

    /// Where this record is archived when a revision replaces it in place:
    /// `article.txt.tprov.json` of revision 1 → `article.txt.r1.tprov.json` (any other name
    /// gets `.rN.tprov.json` appended), in the same folder, so `tprov log` finds it.
    pub fn archive_path(&self) -> PathBuf {
        archive_path(&self.path, self.statement.predicate.revision)
    }
}

/// The archive name of the envelope at `path` holding revision `revision`.
pub fn archive_path(path: &Path, revision: u64) -> PathBuf {
    let name = path.as_os_str().to_string_lossy();
    let stem = name.strip_suffix(ENVELOPE_SUFFIX).unwrap_or(&name);
    PathBuf::from(format!("{stem}.r{revision}{ENVELOPE_SUFFIX}"))
}

/// Whether two paths name the same file (the same path, a symbolic link to it, or a hard link).
pub fn same_file(a: &Path, b: &Path) -> bool {
    if a == b {
        return true;
    }
    match (std::fs::metadata(a), std::fs::metadata(b)) {
        #[cfg(unix)]
        (Ok(a), Ok(b)) => {
            use std::os::unix::fs::MetadataExt;
            a.dev() == b.dev() && a.ino() == b.ino()
        }
        #[cfg(not(unix))]
        (Ok(_), Ok(_)) => matches!(
            (std::fs::canonicalize(a), std::fs::canonicalize(b)),
            (Ok(a), Ok(b)) if a == b
        ),
        _ => false,
    }
}

/// What writing a revision did besides writing the envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Archived {
    /// The new envelope did not replace the previous record: nothing to archive.
    NotNeeded,
    /// The previous record was copied to this file before being replaced.
    To(PathBuf),
    /// An identical copy was already there (an earlier, interrupted run): kept as it was.
    AlreadyThere(PathBuf),
}

/// Writes `envelope` to `output` atomically. When `output` is the file of `previous` (revising
/// in place), that record is first archived ([`PreviousEnvelope::archive_path`]) and then
/// replaced, with or without [`Overwrite::Allow`]: it is kept, not lost. Refused, writing
/// nothing: an archive name taken by a different file ([`Error::ArchiveTaken`]), and a
/// previous envelope that changed since it was read ([`Error::PreviousChanged`]).
pub fn write_revision(
    envelope: &Envelope,
    output: &Path,
    previous: Option<&PreviousEnvelope>,
    overwrite: Overwrite,
) -> Result<Archived, Error> {
    let Some(previous) = previous.filter(|p| same_file(output, &p.path)) else {
        files::write_atomic(output, &envelope.to_json(), overwrite, Visibility::Public)?;
        return Ok(Archived::NotNeeded);
    };
    let on_disk = files::read_limited(&previous.path, MAX_ENVELOPE_BYTES)?;
    if on_disk != previous.bytes {
        return Err(Error::PreviousChanged {
            path: previous.path.clone(),
        });
    }
    let archive = previous.archive_path();
    let archived = archive_copy(previous, &archive)?;
    files::write_atomic(
        output,
        &envelope.to_json(),
        Overwrite::Allow,
        Visibility::Public,
    )?;
    Ok(archived)
}

/// Checks, before anything is signed, that writing to `output` would not destroy `previous`:
/// when `output` is its file, the archive name must be free or hold an identical copy
/// ([`Error::ArchiveTaken`] otherwise). [`write_revision`] checks again as it writes.
pub fn check_revision(output: &Path, previous: Option<&PreviousEnvelope>) -> Result<(), Error> {
    let Some(previous) = previous.filter(|p| same_file(output, &p.path)) else {
        return Ok(());
    };
    let archive = previous.archive_path();
    if !archive.exists() {
        return Ok(());
    }
    match files::read_limited(&archive, MAX_ENVELOPE_BYTES) {
        Ok(there) if there == previous.bytes => Ok(()),
        _ => Err(Error::ArchiveTaken {
            previous: previous.path.clone(),
            archive,
        }),
    }
}

/// Writes the previous envelope's bytes to `archive`, never over a different file.
fn archive_copy(previous: &PreviousEnvelope, archive: &Path) -> Result<Archived, Error> {
    let taken = || Error::ArchiveTaken {
        previous: previous.path.clone(),
        archive: archive.to_path_buf(),
    };
    if archive.exists() {
        let there = files::read_limited(archive, MAX_ENVELOPE_BYTES).map_err(|_| taken())?;
        return match there == previous.bytes {
            true => Ok(Archived::AlreadyThere(archive.to_path_buf())),
            false => Err(taken()),
        };
    }
    match files::write_atomic(
        archive,
        &previous.bytes,
        Overwrite::Refuse,
        Visibility::Public,
    ) {
        Ok(()) => Ok(Archived::To(archive.to_path_buf())),
        // Created by someone else between the check and the link.
        Err(Error::WouldOverwrite { .. }) => Err(taken()),
        Err(e) => Err(e),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SecretKey;
    use crate::crypto::digest::Sha256Digest;
    use crate::record::{Documents, Metadata, build_statement};

    fn statement(text: &[u8], previous: Option<PreviousRecord>) -> Statement {
        let documents = Documents {
            translation_name: Some("a.txt".into()),
            translation_sha256: Sha256Digest::of(text),
            source_name: None,
            source_sha256: Some(Sha256Digest::of(b"s")),
        };
        let metadata = Metadata {
            source_language: Some("zh".into()),
            target_language: Some("en".into()),
            engine: Some("MT".into()),
            ..Metadata::default()
        };
        let at = "2026-11-24T09:30:00Z".parse().unwrap();
        build_statement(&documents, &metadata, at, previous).unwrap()
    }

    #[test]
    fn archive_names_keep_the_envelope_suffix() {
        assert_eq!(
            archive_path(Path::new("d/article.txt.tprov.json"), 1),
            Path::new("d/article.txt.r1.tprov.json")
        );
        assert_eq!(
            archive_path(Path::new("rec.json"), 12),
            Path::new("rec.json.r12.tprov.json")
        );
    }

    #[test]
    fn revising_in_place_archives_then_replaces_and_never_clobbers_an_archive() {
        let dir = tempfile::tempdir().unwrap();
        let key = SecretKey::from_seed(&[1; 32]);
        let path = dir.path().join("a.txt.tprov.json");
        std::fs::write(&path, statement(b"one", None).sign(&key).to_json()).unwrap();
        let previous = PreviousEnvelope::read(&path).unwrap();
        let new = statement(b"two", Some(previous.link())).sign(&key);

        let archive = dir.path().join("a.txt.r1.tprov.json");
        std::fs::write(&archive, b"something else").unwrap();
        let err = write_revision(&new, &path, Some(&previous), Overwrite::Refuse).unwrap_err();
        assert!(matches!(err, Error::ArchiveTaken { .. }), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), previous.bytes, "untouched");

        std::fs::remove_file(&archive).unwrap();
        let done = write_revision(&new, &path, Some(&previous), Overwrite::Refuse).unwrap();
        assert_eq!(done, Archived::To(archive.clone()));
        assert_eq!(std::fs::read(&archive).unwrap(), previous.bytes);
        assert_eq!(std::fs::read(&path).unwrap(), new.to_json());

        // The previous record is no longer on disk under its old name: a second run refuses.
        let err = write_revision(&new, &path, Some(&previous), Overwrite::Refuse).unwrap_err();
        assert!(matches!(err, Error::PreviousChanged { .. }), "{err}");
    }
}
