//! Verifying many documents at once: finding each document with the envelope beside it,
//! verifying them all in parallel across the cores — with the same checks, trusted keys and
//! policy as one document — and summarising the outcomes.
//!
//! ```
//! use tprov::verify::batch::{self, Outcome, Summary};
//! use tprov::verify::policy::Policy;
//! use tprov::record::{build_statement, Documents, Metadata};
//! use tprov::{SecretKey, Sha256Digest, TrustStore};
//!
//! // An archive: two signed articles, one of them changed after signing, and one never signed.
//! let archive = tempfile::tempdir()?;
//! let key = SecretKey::generate();
//! for name in ["a.md", "b.md"] {
//!     let text = format!("Article {name}\n");
//!     let documents = Documents {
//!         translation_name: Some(name.into()),
//!         translation_sha256: Sha256Digest::of(text.as_bytes()),
//!         source_name: None,
//!         source_sha256: Some(Sha256Digest::of(b"source")),
//!     };
//!     let metadata = Metadata {
//!         source_language: Some("zh".into()),
//!         target_language: Some("en".into()),
//!         engine: Some("ExampleMT".into()),
//!         ..Metadata::default()
//!     };
//!     let envelope = build_statement(&documents, &metadata, "2026-11-24T09:30:00Z".parse()?, None)?
//!         .sign(&key);
//!     std::fs::write(archive.path().join(name), text)?;
//!     std::fs::write(archive.path().join(format!("{name}.tprov.json")), envelope.to_json())?;
//! }
//! std::fs::write(archive.path().join("b.md"), "Article b.md, edited\n")?;
//! std::fs::write(archive.path().join("c.md"), "Never signed\n")?;
//!
//! let mut trust = TrustStore::new();
//! trust.add("newsroom", key.public_key(), "newsroom.pub");
//! let items = batch::classify(&batch::files_under(archive.path())?.files);
//! let outcomes = batch::verify_all(&items, &trust, &Policy::default(), &|_| {});
//! let statuses: Vec<&str> = outcomes.iter().map(Outcome::status).collect();
//! assert_eq!(statuses, ["verified", "failed", "missingEnvelope"]);
//! assert_eq!(outcomes[1].reason(), Some("document"));
//!
//! let mut summary = Summary::default();
//! outcomes.iter().for_each(|o| summary.add(o));
//! assert_eq!((summary.verified, summary.failed, summary.missing), (1, 1, 1));
//! assert!(!summary.all_verified());
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! ## Pairing
//!
//! A document `a.md` goes with the envelope `a.md.tprov.json` beside it ([`classify`]). Every
//! file that is not an envelope counts as a document, so a document without an envelope and an
//! envelope without its document are reported ([`Outcome::MissingEnvelope`],
//! [`Outcome::MissingDocument`]), never silently skipped. [`files_under`] lists a folder's files
//! in sorted order, skipping hidden entries (`.git`) and never descending into a symbolic link
//! to a folder (so a link loop cannot trap it) — and returns what it skipped; [`verify_ordered`]
//! hands the outcomes back in that order, whatever order the cores finish in.
//!
//! ## Signatures: checked one by one with `verify_strict`, in parallel — not batch-verified
//!
//! Why Ed25519 batch verification is not used (it cannot give `verify_strict`'s verdicts for
//! less than `verify_strict`'s cost): BENCHMARKS.md, "Batch signature verification: measured, not used".

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::io::envelope_file::{self, default_envelope_path, document_of, is_envelope_file};
use crate::io::folder::{self, EntryKind, ListOptions, SkipReason, Skipped};
use crate::text::FormatChoice;
use crate::verify::policy::Policy;
use crate::verify::trust::TrustStore;
use crate::verify::{Report, VerifyPaths, verify_files_text};

/// A folder walk that finds more files than this (or a folder of more entries) is refused, so a
/// mistaken `--recursive /` ends.
pub const MAX_WALK_FILES: usize = 5_000_000;

/// The version of the JSON Lines schema ([`Outcome`] and [`Summary`] serialised). Bumped on
/// incompatible change.
pub const BATCH_SCHEMA_VERSION: u32 = 1;

/// [`verify_ordered`] verifies this many items at a time, so memory stays bounded however large
/// the archive, while the cores stay busy.
pub const ORDERED_CHUNK: usize = 1024;

/// How each document of a batch is matched against its record — the same as one document
/// (`verify --as`, `--exact`): by its bytes, and when they are not the signed ones, by its
/// canonical text. The text is read only then, so an archive of unchanged documents costs no
/// more than comparing bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Matching {
    /// How to read a document whose bytes are not the signed ones (`--as`; auto by default).
    pub format: FormatChoice,
    /// Only the signed bytes verify: no text match (`--exact`).
    pub exact: bool,
}

/// What was found for one path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A document with its envelope beside it.
    Pair(VerifyPaths),
    /// A document with no envelope beside it.
    DocumentWithoutEnvelope(PathBuf),
    /// An envelope whose document is not there.
    EnvelopeWithoutDocument(PathBuf),
    /// A listed name with no file of exactly that name (for example a name read from standard
    /// input with a stray carriage return): reported as it was given, never matched to another
    /// file.
    NotFound(PathBuf),
}

/// Pairs up a list of files: each document with the envelope beside it, each envelope with its
/// document. A document and its envelope both listed count once. Order follows the input.
/// Whether a file exists is asked of the file system (see [`classify_with`]).
pub fn classify(files: &[PathBuf]) -> Vec<Item> {
    classify_with(files, |path| path.is_file())
}

/// [`classify`], asking `exists` whether a file is there. When the list comes from [`files_under`],
/// the walked files themselves answer (no system call per file); paths outside it can still be
/// asked of the file system.
pub fn classify_with(files: &[PathBuf], exists: impl Fn(&Path) -> bool) -> Vec<Item> {
    let mut seen = std::collections::HashSet::new();
    let mut items = Vec::new();
    for file in files {
        if !exists(file) && is_absent(file) {
            items.push(Item::NotFound(file.clone()));
            continue;
        }
        let listed_envelope = is_envelope_file(file);
        let (document, envelope) = if listed_envelope {
            match document_of(file) {
                Some(document) => (document, file.clone()),
                None => {
                    items.push(Item::EnvelopeWithoutDocument(file.clone()));
                    continue;
                }
            }
        } else {
            (file.clone(), default_envelope_path(file))
        };
        if seen.contains(&document) {
            continue;
        }
        let item = match (exists(&document), listed_envelope || exists(&envelope)) {
            (true, true) => Item::Pair(VerifyPaths {
                document: document.clone(),
                envelope,
                source: None,
            }),
            (true, false) => Item::DocumentWithoutEnvelope(document.clone()),
            (false, _) if listed_envelope => Item::EnvelopeWithoutDocument(envelope),
            // A listed document that does not exist: verification reports it as unreadable.
            (false, _) => Item::Pair(VerifyPaths {
                document: document.clone(),
                envelope,
                source: None,
            }),
        };
        seen.insert(document);
        items.push(item);
    }
    items
}

/// Whether nothing at all is at `path` (not even a dangling link): asked only of paths that are
/// not files, so a listed name that is not there is told from one that cannot be read.
fn is_absent(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_err_and(|e| e.kind() == std::io::ErrorKind::NotFound)
}

/// The files found under a folder, and the entries skipped on the way.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Walk {
    /// Every file, sorted by path.
    pub files: Vec<PathBuf>,
    /// Hidden entries and links to folders, not looked into (see [`files_under`]).
    pub skipped: Vec<Skipped>,
}

/// Every file under `root`, sorted, skipping hidden files and folders (`.git`, `.cache`); the
/// skipped entries are returned too, for the caller to report.
///
/// Symbolic links are listed when they point to anything but a folder (a linked article is
/// verified through its link; a dangling link is listed, and then reported as unreadable), and
/// a link to a folder is never followed, so a link loop cannot trap the walk. An unreadable
/// folder is an error: a walk that silently skipped part of an archive would under-report
/// (the error policy of [`crate::io::folder`]). More than [`MAX_WALK_FILES`] files is
/// [`crate::Error::TooManyFiles`].
///
/// The order is that of sorting the paths (component by component), produced by sorting each
/// folder's names and walking depth first, which is much cheaper than sorting all the paths.
pub fn files_under(root: &Path) -> Result<Walk, crate::Error> {
    let too_many = || crate::Error::TooManyFiles {
        path: root.to_path_buf(),
        limit: MAX_WALK_FILES,
    };
    let list = |folder: &Path| {
        let options = ListOptions {
            limit: MAX_WALK_FILES,
            hidden: false,
        };
        match folder::list(folder, options) {
            Err(crate::Error::TooManyEntries { .. }) => Err(too_many()),
            other => other,
        }
    };
    let mut walk = Walk::default();
    // Depth first: a stack of folders' remaining entries, each in reverse name order.
    let mut stack = vec![reversed(list(root)?, &mut walk.skipped)];
    while let Some(entries) = stack.last_mut() {
        let Some(entry) = entries.pop() else {
            stack.pop();
            continue;
        };
        if entry.kind == EntryKind::Folder {
            stack.push(reversed(list(&entry.path)?, &mut walk.skipped));
            continue;
        }
        walk.files.push(entry.path);
        if walk.files.len() >= MAX_WALK_FILES {
            return Err(too_many());
        }
    }
    Ok(walk)
}

/// A listing's entries in reverse order (so popping yields them in order); its skipped entries
/// are moved to `skipped`.
fn reversed(mut listing: folder::Listing, skipped: &mut Vec<Skipped>) -> Vec<folder::Entry> {
    skipped.append(&mut listing.skipped);
    listing.entries.reverse();
    listing.entries
}

/// The outcome for one item of a batch.
///
/// Serialised (one JSON Lines object per document) as
/// `{"type": "document", "status", "path", "envelope", "reason", "detail", "report"}`:
/// `status` is [`Outcome::status`]; `path` is [`Outcome::path`]; `envelope` the envelope's path
/// (where it was expected, for `missingEnvelope`); `reason` is [`Outcome::reason`] (`null` when
/// verified); `detail` is [`Outcome::detail`] (`null` when verified); `report` the full
/// verification report ([`Report`], as `tprov verify --json` prints it) for `verified` and
/// `failed`, else `null`.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Every check passed.
    Verified {
        /// The full report.
        report: Box<Report>,
    },
    /// A check failed.
    Failed {
        /// The full report.
        report: Box<Report>,
    },
    /// The document has no envelope beside it.
    MissingEnvelope {
        /// The document.
        document: PathBuf,
        /// Where its envelope was expected.
        envelope: PathBuf,
    },
    /// The envelope's document is not there.
    MissingDocument {
        /// The envelope.
        envelope: PathBuf,
        /// The document its name points to (none when the name is only the suffix).
        document: Option<PathBuf>,
    },
    /// The document or its envelope could not be read, so nothing could be checked.
    Unreadable {
        /// The document.
        document: PathBuf,
        /// Its envelope.
        envelope: PathBuf,
        /// What went wrong, naming the file.
        message: String,
    },
    /// A listed name with no file of exactly that name ([`Item::NotFound`]).
    NotFound {
        /// The name as listed.
        document: PathBuf,
        /// Where its envelope would be.
        envelope: PathBuf,
    },
}

impl Outcome {
    /// Whether this item verified.
    pub fn is_verified(&self) -> bool {
        matches!(self, Self::Verified { .. })
    }

    /// The status as written in JSON: `verified`, `failed`, `missingEnvelope`,
    /// `missingDocument`, `notFound` or `unreadable`.
    pub fn status(&self) -> &'static str {
        match self {
            Self::Verified { .. } => "verified",
            Self::Failed { .. } => "failed",
            Self::MissingEnvelope { .. } => "missingEnvelope",
            Self::MissingDocument { .. } => "missingDocument",
            Self::Unreadable { .. } => "unreadable",
            Self::NotFound { .. } => "notFound",
        }
    }

    /// The file this outcome is about: the document, or for an envelope without its document,
    /// the envelope.
    pub fn path(&self) -> &Path {
        match self {
            Self::Verified { report } | Self::Failed { report } => {
                report.document.as_deref().unwrap_or(Path::new(""))
            }
            Self::MissingEnvelope { document, .. }
            | Self::Unreadable { document, .. }
            | Self::NotFound { document, .. } => document,
            Self::MissingDocument { envelope, .. } => envelope,
        }
    }

    /// The envelope's path (where it was expected, when it is missing).
    pub fn envelope(&self) -> &Path {
        match self {
            Self::Verified { report } | Self::Failed { report } => {
                report.envelope.as_deref().unwrap_or(Path::new(""))
            }
            Self::MissingEnvelope { envelope, .. }
            | Self::MissingDocument { envelope, .. }
            | Self::Unreadable { envelope, .. }
            | Self::NotFound { envelope, .. } => envelope,
        }
    }

    /// Why the item did not verify, for the summary: the failed check's name (`envelope`,
    /// `signature`, `statement`, `policy`, `document`), or `missingEnvelope`,
    /// `missingDocument`, `notFound`, `unreadable`. `None` when it verified.
    pub fn reason(&self) -> Option<&'static str> {
        match self {
            Self::Verified { .. } => None,
            Self::Failed { report } => Some(report.failure().map_or("failed", |c| c.kind.name())),
            other => Some(other.status()),
        }
    }

    /// What went wrong, in plain words: the failed check's finding, or what is missing or
    /// unreadable. `None` when it verified.
    pub fn detail(&self) -> Option<String> {
        match self {
            Self::Verified { .. } => None,
            Self::Failed { report } => Some(report.failure().map_or_else(
                || "verification failed".to_owned(),
                |c| format!("the {} check failed: {}", c.kind.name(), c.detail),
            )),
            Self::MissingEnvelope { envelope, .. } => Some(format!(
                "no envelope beside it (expected {})",
                envelope.display()
            )),
            Self::MissingDocument {
                document: Some(document),
                ..
            } => Some(format!(
                "envelope without its document (expected {})",
                document.display()
            )),
            Self::MissingDocument { document: None, .. } => Some(format!(
                "envelope without a document: its name is only the {} suffix",
                envelope_file::SUFFIX
            )),
            Self::Unreadable { message, .. } => Some(format!("could not be checked: {message}")),
            Self::NotFound { .. } => {
                Some("no file of exactly this name, so nothing was checked".to_owned())
            }
        }
    }

    /// The verification report, when the files could be read.
    pub fn report(&self) -> Option<&Report> {
        match self {
            Self::Verified { report } | Self::Failed { report } => Some(report),
            _ => None,
        }
    }
}

/// The JSON Lines object for one document (see [`Outcome`]).
#[derive(Serialize)]
struct DocumentLine<'a> {
    r#type: &'static str,
    status: &'static str,
    path: Cow<'a, str>,
    envelope: Cow<'a, str>,
    reason: Option<&'static str>,
    detail: Option<String>,
    report: Option<Cow<'a, Report>>,
}

impl Serialize for Outcome {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        DocumentLine {
            r#type: "document",
            status: self.status(),
            path: self.path().to_string_lossy(),
            envelope: self.envelope().to_string_lossy(),
            reason: self.reason(),
            detail: self.detail(),
            report: self.report().map(utf8_paths),
        }
        .serialize(serializer)
    }
}

/// The report with its paths made valid UTF-8 (lossily) when they are not, so that a file name
/// that is not UTF-8 cannot make a JSON line fail to serialise.
pub fn utf8_paths(report: &Report) -> Cow<'_, Report> {
    let is_utf8 = |p: &Option<PathBuf>| p.as_deref().is_none_or(|p| p.to_str().is_some());
    if is_utf8(&report.document) && is_utf8(&report.envelope) {
        return Cow::Borrowed(report);
    }
    let lossy = |p: &Option<PathBuf>| {
        p.as_deref()
            .map(|p| PathBuf::from(p.to_string_lossy().into_owned()))
    };
    let mut fixed = report.clone();
    fixed.document = lossy(&report.document);
    fixed.envelope = lossy(&report.envelope);
    Cow::Owned(fixed)
}

/// Counts over a batch.
///
/// Serialised (the last JSON Lines object) as `{"type": "summary", "schemaVersion": 1,
/// "total", "verified", "failed", "missing", "unreadable", "skipped", "byReason": {reason: count},
/// "allVerified"}`; `byReason` counts every item that did not verify by [`Outcome::reason`];
/// `skipped` counts the entries a walk did not look into (each also has a [`SkippedLine`]).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Summary {
    /// Items looked at.
    pub total: usize,
    /// Items verified.
    pub verified: usize,
    /// Items whose verification failed.
    pub failed: usize,
    /// Documents without an envelope, envelopes without a document, and listed names with no
    /// file of exactly that name.
    pub missing: usize,
    /// Items whose files could not be read.
    pub unreadable: usize,
    /// Entries a folder walk did not look into (hidden ones, links to folders): not items, not
    /// verified, counted so that a summary never reads as if they were not there.
    pub skipped: usize,
    /// Everything that did not verify, by [`Outcome::reason`].
    pub by_reason: BTreeMap<&'static str, usize>,
}

impl Summary {
    /// Whether every item verified, and there was at least one: an empty archive proves
    /// nothing.
    pub fn all_verified(&self) -> bool {
        self.total > 0 && self.verified == self.total
    }

    /// Counts one outcome.
    pub fn add(&mut self, outcome: &Outcome) {
        self.total += 1;
        match outcome {
            Outcome::Verified { .. } => self.verified += 1,
            Outcome::Failed { .. } => self.failed += 1,
            Outcome::MissingEnvelope { .. }
            | Outcome::MissingDocument { .. }
            | Outcome::NotFound { .. } => self.missing += 1,
            Outcome::Unreadable { .. } => self.unreadable += 1,
        }
        if let Some(reason) = outcome.reason() {
            *self.by_reason.entry(reason).or_default() += 1;
        }
    }

    /// Adds the counts of another summary (of other items).
    pub fn merge(&mut self, other: &Summary) {
        self.total += other.total;
        self.verified += other.verified;
        self.failed += other.failed;
        self.missing += other.missing;
        self.unreadable += other.unreadable;
        self.skipped += other.skipped;
        for (reason, n) in &other.by_reason {
            *self.by_reason.entry(reason).or_default() += n;
        }
    }

    /// The summary of one outcome.
    pub fn of(outcome: &Outcome) -> Self {
        let mut summary = Self::default();
        summary.add(outcome);
        summary
    }
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SummaryLine<'a> {
    r#type: &'static str,
    schema_version: u32,
    total: usize,
    verified: usize,
    failed: usize,
    missing: usize,
    unreadable: usize,
    skipped: usize,
    by_reason: &'a BTreeMap<&'static str, usize>,
    all_verified: bool,
}

impl Serialize for Summary {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        SummaryLine {
            r#type: "summary",
            schema_version: BATCH_SCHEMA_VERSION,
            total: self.total,
            verified: self.verified,
            failed: self.failed,
            missing: self.missing,
            unreadable: self.unreadable,
            skipped: self.skipped,
            by_reason: &self.by_reason,
            all_verified: self.all_verified(),
        }
        .serialize(serializer)
    }
}

/// The JSON Lines object for an entry a walk skipped:
/// `{"type": "skipped", "status": "skipped", "path", "reason": "hidden" | "linkToFolder"}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SkippedLine<'a> {
    r#type: &'static str,
    status: &'static str,
    path: &'a Path,
    reason: &'static str,
}

impl<'a> SkippedLine<'a> {
    /// The line for `skipped`.
    pub fn of(skipped: &'a Skipped) -> Self {
        Self {
            r#type: "skipped",
            status: "skipped",
            path: &skipped.path,
            reason: match skipped.reason {
                SkipReason::Hidden => "hidden",
                SkipReason::LinkToFolder => "linkToFolder",
            },
        }
    }
}

/// Verifies one item with the reader's trusted keys and policy, exactly as `tprov verify` does
/// one document (the envelope beside the document; no source), matching it as `matching` says.
pub fn verify_item(
    item: &Item,
    trust: &TrustStore,
    policy: &Policy,
    matching: Matching,
) -> Outcome {
    match item {
        Item::Pair(paths) => {
            match verify_files_text(paths, trust, policy, matching.format, matching.exact) {
                Ok(report) if report.verified => Outcome::Verified {
                    report: Box::new(report),
                },
                Ok(report) => Outcome::Failed {
                    report: Box::new(report),
                },
                Err(e) => Outcome::Unreadable {
                    document: paths.document.clone(),
                    envelope: paths.envelope.clone(),
                    message: crate::ErrorChain(&e).to_string(),
                },
            }
        }
        Item::DocumentWithoutEnvelope(document) => Outcome::MissingEnvelope {
            envelope: default_envelope_path(document),
            document: document.clone(),
        },
        Item::EnvelopeWithoutDocument(envelope) => Outcome::MissingDocument {
            document: document_of(envelope),
            envelope: envelope.clone(),
        },
        Item::NotFound(document) => Outcome::NotFound {
            envelope: default_envelope_path(document),
            document: document.clone(),
        },
    }
}

/// Verifies every item in parallel across the cores, calling `on_done` as each finishes (from
/// worker threads, in completion order); returns the outcomes in input order. Documents are
/// matched as one document is by default ([`Matching::default`]: by bytes, then by text).
/// Holds every outcome in memory: for large archives see [`verify_ordered`].
pub fn verify_all(
    items: &[Item],
    trust: &TrustStore,
    policy: &Policy,
    on_done: &(dyn Fn(&Outcome) + Sync),
) -> Vec<Outcome> {
    items
        .par_iter()
        .map(|item| {
            let outcome = verify_item(item, trust, policy, Matching::default());
            on_done(&outcome);
            outcome
        })
        .collect()
}

/// Verifies every item in parallel across the cores, matching each as `matching` says, and
/// hands the results to `sink` in input order, holding at most [`ORDERED_CHUNK`] of them at once.
///
/// `map` runs on the worker threads as each item finishes (in completion order): turn the
/// outcome into what `sink` needs there — render it, count it, advance a progress bar — so
/// that work is parallel too. `sink` runs on the calling thread, in input order; its first
/// error stops the run and is returned.
pub fn verify_ordered<T, E>(
    items: &[Item],
    trust: &TrustStore,
    policy: &Policy,
    matching: Matching,
    map: impl Fn(Outcome) -> T + Sync,
    mut sink: impl FnMut(T) -> Result<(), E>,
) -> Result<(), E>
where
    T: Send,
{
    for chunk in items.chunks(ORDERED_CHUNK) {
        let done: Vec<T> = chunk
            .par_iter()
            .map(|item| map(verify_item(item, trust, policy, matching)))
            .collect();
        done.into_iter().try_for_each(&mut sink)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classify_pairs_and_reports_the_unpaired() {
        let dir = tempfile::tempdir().unwrap();
        let p = |n: &str| dir.path().join(n);
        for name in [
            "a.md",
            "a.md.tprov.json",
            "b.md",
            "c.md.tprov.json",
            ".hidden",
        ] {
            std::fs::write(p(name), "x").unwrap();
        }
        let walk = files_under(dir.path()).unwrap();
        let files = walk.files;
        assert_eq!(files.len(), 4, "hidden files are skipped: {files:?}");
        assert_eq!(walk.skipped.len(), 1, "and said to be: {:?}", walk.skipped);
        let expected = [
            Item::Pair(VerifyPaths {
                document: p("a.md"),
                envelope: p("a.md.tprov.json"),
                source: None,
            }),
            Item::DocumentWithoutEnvelope(p("b.md")),
            Item::EnvelopeWithoutDocument(p("c.md.tprov.json")),
        ];
        assert_eq!(classify(&files), expected);
        // The walked list itself answers whether a file exists: the same pairs, no stat calls.
        let walked: std::collections::HashSet<&Path> = files.iter().map(PathBuf::as_path).collect();
        assert_eq!(classify_with(&files, |f| walked.contains(f)), expected);
    }

    #[test]
    fn a_listed_name_with_no_file_is_reported_not_found_as_it_was_listed() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("a.md"), "x").unwrap();
        // `a.md` with a carriage return is another name, which is not there: never `a.md`.
        let absent = dir.path().join("a.md\r");
        let items = classify(std::slice::from_ref(&absent));
        assert_eq!(items, [Item::NotFound(absent.clone())]);
        let outcome = verify_item(
            &items[0],
            &TrustStore::new(),
            &Policy::default(),
            Matching::default(),
        );
        assert_eq!(outcome.status(), "notFound");
        assert_eq!(outcome.path(), absent);
        let mut summary = Summary::default();
        summary.add(&outcome);
        assert_eq!((summary.missing, summary.unreadable), (1, 0));
    }

    #[cfg(unix)]
    #[test]
    fn walk_lists_links_to_files_but_never_follows_links_to_folders() {
        let dir = tempfile::tempdir().unwrap();
        let p = |n: &str| dir.path().join(n);
        std::fs::create_dir(p("sub")).unwrap();
        std::fs::write(p("sub/a.md"), "x").unwrap();
        std::os::unix::fs::symlink(p("sub/a.md"), p("link.md")).unwrap();
        std::os::unix::fs::symlink(dir.path(), p("sub/loop")).unwrap();
        std::os::unix::fs::symlink(p("nowhere"), p("dangling.md")).unwrap();
        let walk = files_under(dir.path()).unwrap();
        assert_eq!(walk.files, [p("dangling.md"), p("link.md"), p("sub/a.md")]);
        assert_eq!(walk.skipped[0].path, p("sub/loop"));
    }

    #[test]
    fn ordered_verification_keeps_input_order_across_chunks() {
        let items: Vec<Item> = (0..ORDERED_CHUNK * 2 + 3)
            .map(|i| Item::DocumentWithoutEnvelope(PathBuf::from(format!("{i}.md"))))
            .collect();
        let mut seen = Vec::new();
        verify_ordered(
            &items,
            &TrustStore::new(),
            &Policy::default(),
            Matching::default(),
            |outcome| outcome.path().to_path_buf(),
            |path| {
                seen.push(path);
                Ok::<(), ()>(())
            },
        )
        .unwrap();
        let expected: Vec<PathBuf> = (0..items.len())
            .map(|i| PathBuf::from(format!("{i}.md")))
            .collect();
        assert_eq!(seen, expected);
    }

    #[test]
    fn the_summary_counts_by_reason_and_an_empty_batch_is_not_verified() {
        let mut summary = Summary::default();
        assert!(!summary.all_verified(), "nothing verified proves nothing");
        summary.add(&Outcome::MissingEnvelope {
            document: "a.md".into(),
            envelope: "a.md.tprov.json".into(),
        });
        summary.add(&Outcome::MissingDocument {
            envelope: "b.md.tprov.json".into(),
            document: Some("b.md".into()),
        });
        let json = serde_json::to_value(&summary).unwrap();
        assert_eq!(
            json,
            serde_json::json!({
                "type": "summary", "schemaVersion": 1, "total": 2, "verified": 0, "failed": 0,
                "missing": 2, "unreadable": 0, "skipped": 0,
                "byReason": {"missingDocument": 1, "missingEnvelope": 1},
                "allVerified": false
            })
        );
    }
}
