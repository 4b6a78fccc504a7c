//! The envelope file: its `.tprov.json` suffix, its default place beside a document, telling an
//! envelope file from a document by its name, and loading one within the size limit.
//!
//! This is the one module that spells the suffix and reads envelope files; signing, verifying,
//! co-signing, inspecting, comparing and the revision log all go through it, so the suffix, the
//! size limit and the errors are the same everywhere.

use std::io::Read as _;
use std::path::{Path, PathBuf};

use crate::Error;
use crate::crypto::dsse::{Envelope, MAX_ENVELOPE_BYTES};
use crate::io::files;

/// The suffix that marks an envelope file: `article.md` is signed in `article.md.tprov.json`.
pub const SUFFIX: &str = ".tprov.json";

/// The default envelope file for a document: `article.md` → `article.md.tprov.json`.
///
/// ```
/// use std::path::Path;
/// use tprov::io::envelope_file::default_envelope_path;
/// assert_eq!(default_envelope_path(Path::new("a/b.md")), Path::new("a/b.md.tprov.json"));
/// ```
pub fn default_envelope_path(document: &Path) -> PathBuf {
    let mut name = document.as_os_str().to_owned();
    name.push(SUFFIX);
    PathBuf::from(name)
}

/// Whether `path`'s file name ends in the envelope suffix.
pub fn is_envelope_file(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.as_encoded_bytes().ends_with(SUFFIX.as_bytes()))
}

/// The document an envelope names by its file name: `a.md.tprov.json` → `a.md`. `None` when
/// the name does not end in the suffix, or is nothing but the suffix.
///
/// ```
/// use std::path::Path;
/// use tprov::io::envelope_file::document_of;
/// assert_eq!(document_of(Path::new("a/b.md.tprov.json")).as_deref(), Some(Path::new("a/b.md")));
/// assert_eq!(document_of(Path::new("a/.tprov.json")), None);
/// ```
pub fn document_of(envelope: &Path) -> Option<PathBuf> {
    let name = envelope.file_name()?.to_string_lossy().into_owned();
    let stem = name.strip_suffix(SUFFIX)?;
    (!stem.is_empty()).then(|| envelope.with_file_name(stem))
}

/// Reads an envelope file's bytes, at most [`MAX_ENVELOPE_BYTES`] (a larger file is
/// [`Error::TooLarge`], refused without reading it all), from a regular file only.
///
/// The buffer is sized from the file's length (as [`files::open_regular_sized`] found it): an envelope of a few kilobytes is read in two
/// `read` calls instead of being grown from 32 bytes in nine, which shows when an archive of
/// many thousands is verified.
pub fn read_envelope_bytes(path: &Path) -> Result<Vec<u8>, Error> {
    let (file, len) = files::open_regular_sized(path)?;
    let mut bytes = Vec::with_capacity(len.min(MAX_ENVELOPE_BYTES) as usize + 1);
    file.take(MAX_ENVELOPE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
    if bytes.len() as u64 > MAX_ENVELOPE_BYTES {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            limit: MAX_ENVELOPE_BYTES,
        });
    }
    Ok(bytes)
}

/// Reads and parses an envelope file (see [`read_envelope_bytes`]); a malformed envelope is
/// [`Error::Envelope`], naming the file. Nothing is verified.
pub fn read_envelope(path: &Path) -> Result<Envelope, Error> {
    let bytes = read_envelope_bytes(path)?;
    Envelope::from_json(&bytes).map_err(|problem| Error::Envelope {
        path: path.to_path_buf(),
        problem,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_map_between_documents_and_envelopes() {
        let document = Path::new("dir/a.md");
        let envelope = default_envelope_path(document);
        assert_eq!(envelope, Path::new("dir/a.md.tprov.json"));
        assert!(is_envelope_file(&envelope));
        assert!(!is_envelope_file(document));
        assert!(!is_envelope_file(Path::new("x.json")));
        assert!(!is_envelope_file(Path::new("a.tprov.json/b.md")));
        assert_eq!(document_of(&envelope).as_deref(), Some(document));
        assert_eq!(document_of(Path::new("a/.tprov.json")), None);
        assert_eq!(document_of(document), None);
    }

    #[test]
    fn oversize_and_malformed_envelopes_are_refused_with_the_file_named() {
        let dir = tempfile::tempdir().unwrap();
        let big = dir.path().join("big.tprov.json");
        std::fs::write(&big, vec![b' '; MAX_ENVELOPE_BYTES as usize + 1]).unwrap();
        assert!(matches!(
            read_envelope_bytes(&big),
            Err(Error::TooLarge {
                limit: MAX_ENVELOPE_BYTES,
                ..
            })
        ));
        let bad = dir.path().join("bad.tprov.json");
        std::fs::write(&bad, "{}").unwrap();
        match read_envelope(&bad) {
            Err(Error::Envelope { path, .. }) => assert_eq!(path, bad),
            other => panic!("expected an envelope error, got {other:?}"),
        }
        assert!(matches!(
            read_envelope_bytes(dir.path()),
            Err(Error::NotAFile { .. })
        ));
    }
}
