//! Verifying many documents at once: finding document/envelope pairs, verifying them in
//! parallel, and summarising the outcomes.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;
use serde::Serialize;

use crate::trust::TrustStore;
use crate::verify::{Report, VerifyPaths, default_envelope_path, verify_files};

/// The suffix that marks an envelope file.
pub const ENVELOPE_SUFFIX: &str = ".tprov.json";

/// A folder walk stops after this many files, so a mistaken `--recursive /` ends.
pub const MAX_WALK_FILES: usize = 5_000_000;

/// What was found for one path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    /// A document with its envelope beside it.
    Pair(VerifyPaths),
    /// A document with no envelope beside it.
    DocumentWithoutEnvelope(PathBuf),
    /// An envelope whose document is not there.
    EnvelopeWithoutDocument(PathBuf),
}

/// Whether `path` names an envelope file.
pub fn is_envelope(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().ends_with(ENVELOPE_SUFFIX))
}

/// The document an envelope belongs to: `a.md.tprov.json` → `a.md`.
pub fn document_of(envelope: &Path) -> Option<PathBuf> {
    let name = envelope.file_name()?.to_string_lossy().into_owned();
    let stem = name.strip_suffix(ENVELOPE_SUFFIX)?;
    (!stem.is_empty()).then(|| envelope.with_file_name(stem))
}

/// Pairs up a list of files: each document with the envelope beside it, each envelope with its
/// document. A document and its envelope both listed count once. Order follows the input.
pub fn classify(files: &[PathBuf]) -> Vec<Item> {
    let mut seen = BTreeSet::new();
    let mut items = Vec::new();
    for file in files {
        let (document, envelope) = if is_envelope(file) {
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
        if !seen.insert(document.clone()) {
            continue;
        }
        let item = match (document.is_file(), envelope.is_file()) {
            (true, true) => Item::Pair(VerifyPaths {
                document,
                envelope,
                source: None,
            }),
            (true, false) => Item::DocumentWithoutEnvelope(document),
            (false, _) if is_envelope(file) => Item::EnvelopeWithoutDocument(envelope),
            // A listed document that does not exist: let verification report the missing file.
            (false, _) => Item::Pair(VerifyPaths {
                document,
                envelope,
                source: None,
            }),
        };
        items.push(item);
    }
    items
}

/// Every regular file under `root`, sorted, skipping hidden files and folders (`.git`) and not
/// following symbolic links (so a link loop cannot trap the walk).
pub fn walk(root: &Path) -> Result<Vec<PathBuf>, crate::Error> {
    let mut files = Vec::new();
    let mut folders = vec![root.to_path_buf()];
    while let Some(folder) = folders.pop() {
        let entries = std::fs::read_dir(&folder).map_err(|source| crate::Error::Read {
            path: folder.clone(),
            source,
        })?;
        for entry in entries.flatten() {
            if entry.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_dir() {
                folders.push(entry.path());
            } else if kind.is_file() {
                files.push(entry.path());
                if files.len() >= MAX_WALK_FILES {
                    return Err(crate::Error::TooManyFiles {
                        path: root.to_path_buf(),
                        limit: MAX_WALK_FILES,
                    });
                }
            }
        }
    }
    files.sort();
    Ok(files)
}

/// The outcome for one item of a batch.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase", tag = "status")]
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
    },
    /// The envelope's document is not there.
    MissingDocument {
        /// The envelope.
        envelope: PathBuf,
    },
    /// The files could not be read.
    Error {
        /// The document.
        document: PathBuf,
        /// What went wrong.
        message: String,
    },
}

impl Outcome {
    /// Whether this item verified.
    pub fn is_verified(&self) -> bool {
        matches!(self, Self::Verified { .. })
    }

    /// The document or envelope this outcome is about.
    pub fn path(&self) -> &Path {
        match self {
            Self::Verified { report } | Self::Failed { report } => {
                report.document.as_deref().unwrap_or(Path::new(""))
            }
            Self::MissingEnvelope { document } | Self::Error { document, .. } => document,
            Self::MissingDocument { envelope } => envelope,
        }
    }

    /// A short reason for the summary: the failed check's name, or the kind of problem.
    pub fn reason(&self) -> &'static str {
        match self {
            Self::Verified { .. } => "verified",
            Self::Failed { report } => report.failure().map_or("failed", |c| c.check.name()),
            Self::MissingEnvelope { .. } => "missing envelope",
            Self::MissingDocument { .. } => "missing document",
            Self::Error { .. } => "unreadable",
        }
    }
}

/// Counts over a batch.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    /// Items looked at.
    pub total: usize,
    /// Items verified.
    pub verified: usize,
    /// Items whose verification failed.
    pub failed: usize,
    /// Documents without an envelope and envelopes without a document.
    pub missing: usize,
    /// Items whose files could not be read.
    pub errors: usize,
    /// Everything that did not verify, by reason (the failed check, or the kind of problem).
    pub by_reason: BTreeMap<String, usize>,
}

impl Summary {
    /// Whether every item verified (and there was at least one).
    pub fn all_verified(&self) -> bool {
        self.total > 0 && self.verified == self.total
    }

    /// Adds one outcome.
    pub fn add(&mut self, outcome: &Outcome) {
        self.total += 1;
        match outcome {
            Outcome::Verified { .. } => {
                self.verified += 1;
                return;
            }
            Outcome::Failed { .. } => self.failed += 1,
            Outcome::MissingEnvelope { .. } | Outcome::MissingDocument { .. } => self.missing += 1,
            Outcome::Error { .. } => self.errors += 1,
        }
        *self
            .by_reason
            .entry(outcome.reason().to_owned())
            .or_default() += 1;
    }
}

/// Verifies one item.
pub fn verify_item(item: &Item, trust: &TrustStore) -> Outcome {
    match item {
        Item::Pair(paths) => match verify_files(paths, trust) {
            Ok(report) if report.verified => Outcome::Verified {
                report: Box::new(report),
            },
            Ok(report) => Outcome::Failed {
                report: Box::new(report),
            },
            Err(e) => Outcome::Error {
                document: paths.document.clone(),
                message: e.to_string(),
            },
        },
        Item::DocumentWithoutEnvelope(document) => Outcome::MissingEnvelope {
            document: document.clone(),
        },
        Item::EnvelopeWithoutDocument(envelope) => Outcome::MissingDocument {
            envelope: envelope.clone(),
        },
    }
}

/// Verifies every item in parallel across the cores, calling `on_done` as each finishes (from
/// worker threads, in completion order); returns the outcomes in input order.
pub fn verify_all(
    items: &[Item],
    trust: &TrustStore,
    on_done: &(dyn Fn(&Outcome) + Sync),
) -> Vec<Outcome> {
    items
        .par_iter()
        .map(|item| {
            let outcome = verify_item(item, trust);
            on_done(&outcome);
            outcome
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_names_map_to_documents() {
        assert_eq!(
            document_of(Path::new("a/b.md.tprov.json")),
            Some(PathBuf::from("a/b.md"))
        );
        assert_eq!(document_of(Path::new("a/.tprov.json")), None);
        assert!(is_envelope(Path::new("x.tprov.json")));
        assert!(!is_envelope(Path::new("x.json")));
    }

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
        let files = walk(dir.path()).unwrap();
        assert_eq!(files.len(), 4, "hidden files are skipped: {files:?}");
        let items = classify(&files);
        assert_eq!(
            items,
            [
                Item::Pair(VerifyPaths {
                    document: p("a.md"),
                    envelope: p("a.md.tprov.json"),
                    source: None
                }),
                Item::DocumentWithoutEnvelope(p("b.md")),
                Item::EnvelopeWithoutDocument(p("c.md.tprov.json")),
            ]
        );
    }
}
