//! The one folder lister: a folder's entries, sorted by name, each classified, read with a hard
//! bound.
//!
//! ## Error policy
//!
//! A listing is whole or it is an error; it is never silently cut short:
//!
//! - an unreadable folder, or an entry whose type cannot be read, is [`Error::Read`] naming it;
//! - more than the caller's limit of entries is [`Error::TooManyEntries`] ("too many entries in
//!   FOLDER (limit N)"), found while the entries stream in, so a huge folder costs at most
//!   `limit` names of memory before it is refused;
//! - entries the lister does not hand back as [`Entry`] — hidden ones (unless asked for) and
//!   symbolic links to folders (never followed, so a link loop cannot trap a walk) — are
//!   returned as [`Skipped`] data, for the caller to count and name.
//!
//! Used by the archive walk (`verify --recursive`), the revision store index (`log`) and trust
//! folders (`--trust DIR`).

use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};

use crate::Error;

/// What an entry is, as far as its users care.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum EntryKind {
    /// A regular file, or a symbolic link to one.
    File,
    /// A folder (never a link to one: those are [`SkipReason::LinkToFolder`]).
    Folder,
    /// Anything else: a dangling link, a FIFO, a socket, a device. Listed, so that a walk that
    /// verifies every file reports it (as unreadable) rather than forgetting it.
    Other,
}

/// One listed entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    /// Its name in the folder.
    pub name: OsString,
    /// The folder joined with the name.
    pub path: PathBuf,
    /// What it is.
    pub kind: EntryKind,
}

/// Why an entry was not listed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipReason {
    /// Its name starts with a dot (`.git`, `.cache`), and hidden entries were not asked for.
    Hidden,
    /// A symbolic link to a folder: never followed.
    LinkToFolder,
}

/// An entry the lister did not hand back, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Skipped {
    /// The folder joined with the entry's name.
    pub path: PathBuf,
    /// Why it was skipped.
    pub reason: SkipReason,
}

/// A folder's entries.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Listing {
    /// The listed entries, sorted by name (byte order).
    pub entries: Vec<Entry>,
    /// The skipped entries, sorted by path.
    pub skipped: Vec<Skipped>,
}

/// What to list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ListOptions {
    /// The most entries (listed and skipped together) accepted; one more is
    /// [`Error::TooManyEntries`].
    pub limit: usize,
    /// Whether hidden entries are listed (otherwise they are [`SkipReason::Hidden`]).
    pub hidden: bool,
}

/// Lists `folder` under the [error policy](self) above.
pub fn list(folder: &Path, options: ListOptions) -> Result<Listing, Error> {
    let read_error = |source| Error::Read {
        path: folder.to_path_buf(),
        source,
    };
    let mut listing = Listing::default();
    for (seen, entry) in fs::read_dir(folder).map_err(read_error)?.enumerate() {
        if seen >= options.limit {
            return Err(Error::TooManyEntries {
                path: folder.to_path_buf(),
                limit: options.limit,
            });
        }
        let entry = entry.map_err(read_error)?;
        let name = entry.file_name();
        let path = entry.path();
        if !options.hidden && name.as_encoded_bytes().first() == Some(&b'.') {
            listing.skipped.push(Skipped {
                path,
                reason: SkipReason::Hidden,
            });
            continue;
        }
        let file_type = entry.file_type().map_err(|source| Error::Read {
            path: path.clone(),
            source,
        })?;
        let kind = if file_type.is_dir() {
            EntryKind::Folder
        } else if file_type.is_file() {
            EntryKind::File
        } else if file_type.is_symlink() {
            // Only a link costs a system call: what it points to.
            match fs::metadata(&path) {
                Ok(target) if target.is_dir() => {
                    listing.skipped.push(Skipped {
                        path,
                        reason: SkipReason::LinkToFolder,
                    });
                    continue;
                }
                Ok(target) if target.is_file() => EntryKind::File,
                _ => EntryKind::Other,
            }
        } else {
            EntryKind::Other
        };
        listing.entries.push(Entry { name, path, kind });
    }
    listing.entries.sort_unstable_by(|a, b| a.name.cmp(&b.name));
    listing.skipped.sort_unstable_by(|a, b| a.path.cmp(&b.path));
    Ok(listing)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL: ListOptions = ListOptions {
        limit: 100,
        hidden: true,
    };

    #[test]
    fn entries_are_sorted_and_classified_and_hidden_ones_skipped_as_data() {
        let dir = tempfile::tempdir().unwrap();
        let p = |n: &str| dir.path().join(n);
        for name in ["b.md", "a.md", ".hidden"] {
            fs::write(p(name), "x").unwrap();
        }
        fs::create_dir(p("sub")).unwrap();
        let listing = list(
            dir.path(),
            ListOptions {
                hidden: false,
                ..ALL
            },
        )
        .unwrap();
        let names: Vec<_> = listing.entries.iter().map(|e| e.name.clone()).collect();
        assert_eq!(names, ["a.md", "b.md", "sub"]);
        assert_eq!(listing.entries[2].kind, EntryKind::Folder);
        assert_eq!(
            listing.skipped,
            [Skipped {
                path: p(".hidden"),
                reason: SkipReason::Hidden
            }]
        );
        assert_eq!(list(dir.path(), ALL).unwrap().entries.len(), 4);
    }

    #[test]
    fn a_folder_over_the_limit_is_an_error_never_a_cut_listing() {
        let dir = tempfile::tempdir().unwrap();
        for i in 0..5 {
            fs::write(dir.path().join(format!("{i}")), "x").unwrap();
        }
        let five = ListOptions { limit: 5, ..ALL };
        assert_eq!(list(dir.path(), five).unwrap().entries.len(), 5);
        let err = list(dir.path(), ListOptions { limit: 4, ..ALL }).unwrap_err();
        assert!(
            matches!(err, Error::TooManyEntries { limit: 4, .. }),
            "{err}"
        );
        assert!(
            err.to_string().contains("too many entries in ")
                && err.to_string().contains("(limit 4)"),
            "{err}"
        );
        assert!(matches!(
            list(&dir.path().join("absent"), ALL),
            Err(Error::Read { .. })
        ));
    }

    #[cfg(unix)]
    #[test]
    fn links_to_folders_are_skipped_links_to_files_listed_dangling_ones_other() {
        let dir = tempfile::tempdir().unwrap();
        let p = |n: &str| dir.path().join(n);
        fs::create_dir(p("sub")).unwrap();
        fs::write(p("sub/a.md"), "x").unwrap();
        std::os::unix::fs::symlink(p("sub/a.md"), p("link.md")).unwrap();
        std::os::unix::fs::symlink(dir.path(), p("loop")).unwrap();
        std::os::unix::fs::symlink(p("nowhere"), p("dangling.md")).unwrap();
        let listing = list(dir.path(), ALL).unwrap();
        let kinds: Vec<_> = listing
            .entries
            .iter()
            .map(|e| (e.name.to_str().unwrap(), e.kind))
            .collect();
        assert_eq!(
            kinds,
            [
                ("dangling.md", EntryKind::Other),
                ("link.md", EntryKind::File),
                ("sub", EntryKind::Folder)
            ]
        );
        assert_eq!(
            listing.skipped,
            [Skipped {
                path: p("loop"),
                reason: SkipReason::LinkToFolder
            }]
        );
    }
}
