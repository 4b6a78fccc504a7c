//! File access with the guarantees tprov promises: regular files only, bounded reads of untrusted
//! input, and atomic writes that never clobber a file unless asked to.

use std::fs::{self, File};
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use crate::Error;

/// Whether a write may replace an existing file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Overwrite {
    /// Refuse when the destination exists (the default everywhere in tprov).
    Refuse,
    /// Replace the destination atomically (`--force`).
    Allow,
}

/// Who may read a written file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    /// Owner read/write only (0600): secret keys.
    Secret,
    /// World-readable (0644): public keys, envelopes.
    Public,
}

/// Opens `path` for reading, refusing directories and other non-regular files with a clear error
/// (reading a directory would otherwise fail with an obscure OS message, and a FIFO could hang).
pub fn open_regular(path: &Path) -> Result<File, Error> {
    open_regular_sized(path).map(|(file, _)| file)
}

/// [`open_regular`], also returning the file's length as the check saw it: a size hint for the
/// read buffer that spares asking the system again (one `fstat` per file, which shows when an
/// archive of many thousands is verified). The file may still change: read to its end.
pub fn open_regular_sized(path: &Path) -> Result<(File, u64), Error> {
    let metadata = fs::metadata(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    if metadata.is_dir() {
        return Err(Error::NotAFile {
            path: path.to_path_buf(),
            what: "a directory",
        });
    }
    if !metadata.is_file() {
        return Err(Error::NotAFile {
            path: path.to_path_buf(),
            what: "not a regular file",
        });
    }
    let file = File::open(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    Ok((file, metadata.len()))
}

/// Reads at most `limit` bytes of an untrusted file. A larger file is refused with
/// [`Error::TooLarge`] without reading it all into memory.
pub fn read_limited(path: &Path, limit: u64) -> Result<Vec<u8>, Error> {
    let (file, len) = open_regular_sized(path)?;
    read_opened_limited(file, len, path, limit)
}

/// [`read_limited`] of a file [`open_regular_sized`] opened (`len` is the length it saw, a hint
/// for the buffer; `path` names the file in errors).
pub fn read_opened_limited(
    file: File,
    len: u64,
    path: &Path,
    limit: u64,
) -> Result<Vec<u8>, Error> {
    if len > limit {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            limit,
        });
    }
    // Sized from the length seen (capped by the limit), so a small file is read in one call
    // rather than in a doubling series of reads; the file may still grow: read to its end.
    let expected = usize::try_from(len.min(limit).saturating_add(1)).unwrap_or(usize::MAX);
    let mut bytes = Vec::with_capacity(expected);
    file.take(limit + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
    if bytes.len() as u64 > limit {
        return Err(Error::TooLarge {
            path: path.to_path_buf(),
            limit,
        });
    }
    Ok(bytes)
}

/// Refuses, with [`Error::WouldOverwrite`], when `path` exists (as anything, a dangling link
/// included) and `overwrite` is [`Overwrite::Refuse`]. The one place the no-clobber rule is
/// checked ahead of a write: callers check early, before slow or interactive work (hashing a
/// large document, asking for a passphrase), and [`write_atomic`] checks again as it writes.
pub fn refuse_existing(path: &Path, overwrite: Overwrite) -> Result<(), Error> {
    if overwrite == Overwrite::Refuse && fs::symlink_metadata(path).is_ok() {
        return Err(Error::WouldOverwrite {
            path: path.to_path_buf(),
        });
    }
    Ok(())
}

/// The folder that holds `path`: its parent, or `.` for a bare file name (whose parent is the
/// empty path, which no file-system call accepts).
pub fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

/// Writes `contents` to `path` atomically: a temporary file in the same directory is written,
/// flushed to disk and then renamed over (or, with [`Overwrite::Refuse`], linked to) `path`.
/// A crash or a signal at any point leaves either the old file or the new one, never half of one.
pub fn write_atomic(
    path: &Path,
    contents: &[u8],
    overwrite: Overwrite,
    visibility: Visibility,
) -> Result<(), Error> {
    refuse_existing(path, overwrite)?;
    PreparedWrite::new(path, contents, visibility)?.commit(overwrite)
}

/// Rewrites the existing file at `path` atomically (as [`write_atomic`] with
/// [`Overwrite::Allow`]), as an edit of that file rather than a new one: a symbolic link is
/// followed and the file it names is rewritten (the link stays a link, and its target gets the
/// new content, where a rename over the link would have replaced the link with a copy), and the
/// file's permission bits are kept (an envelope its owner made 0600 stays 0600).
pub fn rewrite_atomic(path: &Path, contents: &[u8]) -> Result<(), Error> {
    let write_error = |source: io::Error| Error::Write {
        path: path.to_path_buf(),
        source,
    };
    let target = fs::canonicalize(path).map_err(write_error)?;
    let metadata = fs::metadata(&target).map_err(write_error)?;
    // Private until the mode is copied: tempfile creates the file 0600.
    let prepared = PreparedWrite::new(&target, contents, Visibility::Secret)?;
    keep_mode(prepared.temp.as_file(), &metadata).map_err(write_error)?;
    prepared.commit(Overwrite::Allow)
}

/// A file's new content, written and flushed to a temporary file beside its destination but not
/// yet in place. Dropping it removes the temporary file. Preparing several files before
/// committing any keeps the window in which only some are in place as short as a rename.
pub struct PreparedWrite {
    path: PathBuf,
    temp: tempfile::NamedTempFile,
}

impl PreparedWrite {
    /// Writes `contents` to a temporary file in `path`'s folder and flushes it to disk.
    pub fn new(path: &Path, contents: &[u8], visibility: Visibility) -> Result<Self, Error> {
        let write_error = |source: io::Error| Error::Write {
            path: path.to_path_buf(),
            source,
        };
        // tempfile creates the file with mode 0600, so a secret is never readable by others,
        // not even for the moment before the rename.
        let mut temp = tempfile::Builder::new()
            .prefix(".tprov-")
            .suffix(".tmp")
            .tempfile_in(parent_dir(path))
            .map_err(write_error)?;
        temp.write_all(contents).map_err(write_error)?;
        if visibility == Visibility::Public {
            set_public(temp.as_file()).map_err(write_error)?;
        }
        temp.as_file().sync_all().map_err(write_error)?;
        Ok(Self {
            path: path.to_path_buf(),
            temp,
        })
    }

    /// Puts the file in place: renamed over the destination, or, with [`Overwrite::Refuse`],
    /// linked to it only if it still does not exist.
    pub fn commit(self, overwrite: Overwrite) -> Result<(), Error> {
        let path = self.path;
        let persisted = match overwrite {
            Overwrite::Allow => self.temp.persist(&path).map(drop),
            Overwrite::Refuse => self.temp.persist_noclobber(&path).map(drop),
        };
        persisted.map_err(|e| {
            if e.error.kind() == io::ErrorKind::AlreadyExists {
                Error::WouldOverwrite { path }
            } else {
                Error::Write {
                    path,
                    source: e.error,
                }
            }
        })
    }
}

#[cfg(unix)]
fn set_public(file: &File) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(fs::Permissions::from_mode(0o644))
}

#[cfg(not(unix))]
fn set_public(_file: &File) -> io::Result<()> {
    Ok(())
}

/// Gives `file` the permission bits (read, write, execute for owner, group, others) of the
/// file `was`; set-id and sticky bits are not copied.
#[cfg(unix)]
fn keep_mode(file: &File, was: &fs::Metadata) -> io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    file.set_permissions(fs::Permissions::from_mode(was.permissions().mode() & 0o777))
}

#[cfg(not(unix))]
fn keep_mode(file: &File, was: &fs::Metadata) -> io::Result<()> {
    file.set_permissions(was.permissions())
}

/// Whether a secret key file can be read by the group or others (unix only), the condition
/// under which OpenSSH refuses a private key. tprov warns rather than refuses.
pub fn is_readable_by_others(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::metadata(path)
            .map(|m| m.permissions().mode() & 0o077 != 0)
            .unwrap_or(false)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_to_clobber_and_leaves_the_old_file_intact() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.json");
        write_atomic(&path, b"old", Overwrite::Refuse, Visibility::Public).unwrap();
        let err = write_atomic(&path, b"new", Overwrite::Refuse, Visibility::Public).unwrap_err();
        assert!(matches!(err, Error::WouldOverwrite { .. }), "{err}");
        assert_eq!(fs::read(&path).unwrap(), b"old");
        write_atomic(&path, b"new", Overwrite::Allow, Visibility::Public).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file may remain");
    }

    #[cfg(unix)]
    #[test]
    fn secret_files_are_private_and_public_files_are_not() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let secret = dir.path().join("k.key");
        let public = dir.path().join("k.pub");
        write_atomic(&secret, b"s", Overwrite::Refuse, Visibility::Secret).unwrap();
        write_atomic(&public, b"p", Overwrite::Refuse, Visibility::Public).unwrap();
        let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&secret), 0o600);
        assert_eq!(mode(&public), 0o644);
        assert!(!is_readable_by_others(&secret));
        assert!(is_readable_by_others(&public));
    }

    #[test]
    fn bounded_reads_refuse_oversize_files_and_directories() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("big");
        fs::write(&path, vec![b'x'; 11]).unwrap();
        assert_eq!(read_limited(&path, 11).unwrap().len(), 11);
        assert!(matches!(
            read_limited(&path, 10),
            Err(Error::TooLarge { limit: 10, .. })
        ));
        assert!(matches!(
            read_limited(dir.path(), 10),
            Err(Error::NotAFile { .. })
        ));
    }
}
