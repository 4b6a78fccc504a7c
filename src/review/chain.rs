//! Revision chains: walking back from a record through its `previous` links, checking each
//! signature and link, and noticing gaps and forks.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::Error;
use crate::crypto::digest::Sha256Digest;
use crate::crypto::dsse::{Envelope, IN_TOTO_PAYLOAD_TYPE};
use crate::diff::DiffOptions;
use crate::io::envelope_file::{is_envelope_file, read_envelope_bytes};
use crate::io::files;
use crate::io::folder::{self, EntryKind, ListOptions};
use crate::record::Statement;
use crate::verify::policy::Policy;
use crate::verify::trust::TrustStore;
use crate::verify::{Signer, verify_record_with};

/// A store folder of more entries than this is refused ([`Error::TooManyEntries`]): a chain is
/// never judged on part of its store.
pub const MAX_STORE_ENTRIES: usize = 10_000;

/// The longest chain walked; longer ones are reported as a problem rather than walked forever.
pub const MAX_CHAIN_LENGTH: usize = 10_000;

/// One record of a chain, newest first.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChainEntry {
    /// The envelope file.
    pub envelope: PathBuf,
    /// SHA-256 of the payload: the record's identity.
    pub payload_sha256: Sha256Digest,
    /// The trusted signers whose signatures verified (empty when none did, or without trust).
    pub signers: Vec<Signer>,
    /// The record, once its signature verified (or, without trust, unverified).
    pub record: Option<Statement>,
    /// The translated document, when a file with the subject's name and digest is at hand.
    pub document: Option<PathBuf>,
    /// How much this revision changed from the one before it, when both documents are at hand.
    pub edits: Option<EditEffort>,
}

/// The post-editing effort between two consecutive revisions (see [`crate::diff::Stats`]).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct EditEffort {
    /// `(inserted + deleted + substituted) / tokens of this revision`, automatic granularity.
    pub edit_rate: f64,
    /// TER with shifts (HTER), the previous revision against this one.
    pub ter: Option<f64>,
    /// Tokens in this revision.
    pub tokens: usize,
    /// Whether a work bound was hit ([`LOG_TER_BUDGET`] for TER, or the diff's own bounds), so
    /// that the figures are approximations (TER then an upper bound), as `tprov diff` says.
    pub approximated: bool,
    /// The work TER's shift search did for this pair ([`crate::diff::TextDiff::ter_work`]):
    /// a work counter for tests and measurements, not part of the JSON.
    #[serde(skip)]
    pub ter_work: u64,
}

/// TER's work budget for each pair of consecutive revisions, in edit-distance cells (a
/// twentieth of a `tprov diff`'s): a chain of many long, heavily edited revisions would
/// otherwise cost a full TER search per pair (a 20-revision chain of 8 KB documents took a
/// minute). Past it the pair's HTER is the diff's own edit count, marked approximated.
pub const LOG_TER_BUDGET: u64 = 5_000_000;

/// Documents larger than this are not diffed for the log's edit rates.
pub const MAX_EDIT_RATE_INPUT_BYTES: u64 = 64 * 1024 * 1024;

/// The effort from `older` to `newer`, when both files read as text.
fn edit_effort(older: &Path, newer: &Path) -> Option<EditEffort> {
    let old = files::read_limited(older, MAX_EDIT_RATE_INPUT_BYTES).ok()?;
    let new = files::read_limited(newer, MAX_EDIT_RATE_INPUT_BYTES).ok()?;
    let (old, new) = (
        crate::diff::decode_text(&old).ok()?,
        crate::diff::decode_text(&new).ok()?,
    );
    let options = DiffOptions::new().ter_budget(LOG_TER_BUDGET);
    let diff = crate::diff::diff_texts(old, new, &options);
    let stats = diff.stats();
    Some(EditEffort {
        edit_rate: stats.edit_rate,
        ter: stats.ter.as_ref().map(|t| t.score()),
        tokens: stats.new_tokens,
        approximated: diff.is_approximated(),
        ter_work: diff.ter_work(),
    })
}

/// What is wrong with a chain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "problem")]
pub enum ChainProblem {
    /// The record does not verify with the trusted keys (bad or untrusted signature, revoked
    /// or expired key).
    BadSignature {
        /// The envelope.
        envelope: PathBuf,
        /// The failed check's explanation.
        reason: String,
    },
    /// A record's payload is not a tprov record.
    NotARecord {
        /// The envelope.
        envelope: PathBuf,
        /// Why.
        reason: String,
    },
    /// The previous record is not in the store.
    Missing {
        /// The revision whose link could not be followed.
        revision: u64,
        /// The payload digest it names (hex in JSON).
        payload_sha256: Sha256Digest,
    },
    /// A record above revision 1 has no previous link.
    NoLink {
        /// Its revision.
        revision: u64,
    },
    /// A link's revision numbers do not follow on.
    RevisionMismatch {
        /// The newer record's revision.
        revision: u64,
        /// The revision the older record carries.
        previous_revision: u64,
    },
    /// More than one record revises the same record.
    Fork {
        /// The revision that was revised more than once.
        revision: u64,
        /// The competing revisions' envelopes.
        envelopes: Vec<PathBuf>,
    },
    /// The chain is longer than [`MAX_CHAIN_LENGTH`].
    TooLong,
}

impl ChainProblem {
    /// A sentence for people.
    pub fn describe(&self) -> String {
        match self {
            Self::BadSignature { envelope, reason } => {
                format!("{}: not verified: {reason}", envelope.display())
            }
            Self::NotARecord { envelope, reason } => {
                format!("{}: not a tprov record: {reason}", envelope.display())
            }
            Self::Missing {
                revision,
                payload_sha256,
            } => format!(
                "chain broken below revision {revision}: its previous record (payload sha256:{payload_sha256}) is not in the store; give the folder that holds it with --store"
            ),
            Self::NoLink { revision } => format!(
                "chain broken at revision {revision}: it has no previous link, but only revision 1 may start a chain"
            ),
            Self::RevisionMismatch {
                revision,
                previous_revision,
            } => format!(
                "revision {revision} links to a record of revision {previous_revision}: the numbers must follow on"
            ),
            Self::Fork {
                revision,
                envelopes,
            } => format!(
                "fork: revision {revision} was revised more than once ({})",
                envelopes
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            Self::TooLong => format!("the chain is longer than {MAX_CHAIN_LENGTH} records"),
        }
    }
}

/// A walked chain.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Chain {
    /// The version of this JSON schema (1).
    pub schema_version: u32,
    /// True when every signature (if checked) and link holds and there is no fork.
    pub intact: bool,
    /// Whether signatures were checked (a trust store was given).
    pub signatures_checked: bool,
    /// The records from the given one back to the first reachable, newest first.
    pub entries: Vec<ChainEntry>,
    /// Everything wrong, in the order found.
    pub problems: Vec<ChainProblem>,
    /// Store envelopes that claim to be, or to revise, a record of this chain but did not verify
    /// with the trusted keys. They take no part in any chain decision (no fork, no shadowing of
    /// a verified copy); they are listed so that nobody mistakes their absence for silence.
    pub unverified: Vec<PathBuf>,
}

/// How a chain is walked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WalkOptions {
    /// The most entries the store folder may hold; more is [`Error::StoreTooLarge`].
    pub store_limit: usize,
}

impl Default for WalkOptions {
    fn default() -> Self {
        Self {
            store_limit: MAX_STORE_ENTRIES,
        }
    }
}

/// What the store index keeps of an envelope: where it is and its record's revision, never the
/// payload or the signatures (each envelope is read again, one at a time, when the walk reaches
/// it), so memory does not grow with the envelopes' sizes.
struct Stored {
    path: PathBuf,
    /// The record's revision, when the payload reads as a record.
    revision: Option<u64>,
}

/// An envelope read for the walk: its bytes (to verify) and its parse without unknown fields.
struct Current {
    path: PathBuf,
    bytes: Vec<u8>,
    envelope: Envelope,
}

impl Current {
    fn read(path: &Path) -> Result<Self, Error> {
        let bytes = read_envelope_bytes(path)?;
        let envelope =
            Envelope::from_json_read_only(&bytes).map_err(|problem| Error::Envelope {
                path: path.to_path_buf(),
                problem,
            })?;
        Ok(Self {
            path: path.to_path_buf(),
            bytes,
            envelope,
        })
    }
}

/// Walks back from the envelope at `start`, finding older records in `store` (every envelope
/// file in that folder, not recursive; a folder of more than [`MAX_STORE_ENTRIES`] entries is
/// an error). With `trust`, each record must carry a
/// signature by a trusted key; without it, signatures are not checked and the result says so.
pub fn walk(start: &Path, store: &Path, trust: Option<&TrustStore>) -> Result<Chain, Error> {
    walk_with(start, store, trust, WalkOptions::default())
}

/// [`walk`] with explicit [`WalkOptions`]. With `trust`, only store envelopes that verify are
/// candidates for a link or a fork; the others are listed in [`Chain::unverified`].
pub fn walk_with(
    start: &Path,
    store: &Path,
    trust: Option<&TrustStore>,
    options: WalkOptions,
) -> Result<Chain, Error> {
    let mut current = Current::read(start)?;
    let index = index_store(store, trust, options)?;
    let mut chain = Chain {
        schema_version: 1,
        intact: true,
        signatures_checked: trust.is_some(),
        entries: Vec::new(),
        problems: Vec::new(),
        unverified: Vec::new(),
    };
    loop {
        if chain.entries.len() >= MAX_CHAIN_LENGTH {
            chain.problems.push(ChainProblem::TooLong);
            break;
        }
        let (entry, statement) = check_entry(&current, trust, store, &mut chain.problems);
        chain.entries.push(entry);
        let Some(statement) = statement else { break };
        let Some(previous) = &statement.predicate.previous else {
            if statement.predicate.revision != 1 {
                chain.problems.push(ChainProblem::NoLink {
                    revision: statement.predicate.revision,
                });
            }
            break;
        };
        let wanted = previous.payload_sha256;
        let Some(found) = index.by_digest.get(&wanted).and_then(|v| v.first()) else {
            chain.problems.push(ChainProblem::Missing {
                revision: statement.predicate.revision,
                payload_sha256: wanted,
            });
            break;
        };
        let children = index.children.get(&wanted).cloned().unwrap_or_default();
        if children.len() > 1 {
            chain.problems.push(ChainProblem::Fork {
                revision: previous.revision,
                envelopes: children,
            });
        }
        if let Some(older) = found.revision {
            let follows = previous.revision == older
                && older.checked_add(1) == Some(statement.predicate.revision);
            if !follows {
                chain.problems.push(ChainProblem::RevisionMismatch {
                    revision: statement.predicate.revision,
                    previous_revision: older,
                });
            }
        }
        // Read again: the index keeps no payloads. A file changed since it was indexed is not
        // the record the link names.
        match Current::read(&found.path) {
            Ok(next) if next.envelope.payload_digest() == wanted => current = next,
            Ok(_) | Err(_) => {
                chain.problems.push(ChainProblem::NotARecord {
                    envelope: found.path.clone(),
                    reason: "the file changed or became unreadable while the store was read"
                        .to_owned(),
                });
                break;
            }
        }
    }
    fill_edits(&mut chain.entries);
    chain.unverified = index.unverified_near(&chain.entries, start);
    chain.intact = chain.problems.is_empty();
    Ok(chain)
}

/// Each revision's effort against the one before it (entries run newest first), one pair at
/// a time, each within [`LOG_TER_BUDGET`].
fn fill_edits(entries: &mut [ChainEntry]) {
    for i in 0..entries.len().saturating_sub(1) {
        if let (Some(newer), Some(older)) = (&entries[i].document, &entries[i + 1].document) {
            entries[i].edits = edit_effort(older, newer);
        }
    }
}

fn check_entry(
    stored: &Current,
    trust: Option<&TrustStore>,
    store: &Path,
    problems: &mut Vec<ChainProblem>,
) -> (ChainEntry, Option<Statement>) {
    let envelope = &stored.envelope;
    let mut entry = ChainEntry {
        envelope: stored.path.clone(),
        payload_sha256: envelope.payload_digest(),
        signers: Vec::new(),
        record: None,
        document: None,
        edits: None,
    };
    if let Some(trust) = trust {
        // The same checks as `tprov verify` short of the document: signatures, revocation,
        // validity windows against the signed time, the record's shape.
        let report = verify_record_with(&stored.bytes, trust, &Policy::default());
        entry.signers = report.signers().cloned().collect();
        if !report.verified {
            let reason = report
                .failure()
                .map_or_else(|| "not verified".to_owned(), |c| c.detail.clone());
            problems.push(ChainProblem::BadSignature {
                envelope: stored.path.clone(),
                reason,
            });
            return (entry, None);
        }
    }
    if envelope.payload_type != IN_TOTO_PAYLOAD_TYPE {
        problems.push(ChainProblem::NotARecord {
            envelope: stored.path.clone(),
            reason: format!("payload type {:?}", envelope.payload_type),
        });
        return (entry, None);
    }
    match Statement::from_payload(&envelope.payload) {
        Ok(statement) => {
            entry.document = document_at_hand(&statement, store, &stored.path);
            entry.record = Some(statement.clone());
            (entry, Some(statement))
        }
        Err(e) => {
            problems.push(ChainProblem::NotARecord {
                envelope: stored.path.clone(),
                reason: e.to_string(),
            });
            (entry, None)
        }
    }
}

/// The subject's file, looked for next to the envelope and in the store, if its digest matches.
fn document_at_hand(statement: &Statement, store: &Path, envelope: &Path) -> Option<PathBuf> {
    let name = statement.subject().name.as_deref()?;
    // Only a plain file name: a recorded name is signed data, but never a path to follow.
    if name.contains(['/', '\\']) || name == ".." || name == "." {
        return None;
    }
    let wanted = statement.subject().sha256()?;
    let beside = envelope.parent().unwrap_or(Path::new(""));
    [beside, store]
        .into_iter()
        .map(|dir| dir.join(name))
        .map(|path| {
            path.strip_prefix(".")
                .map(Path::to_path_buf)
                .unwrap_or(path)
        })
        .find(|path| Sha256Digest::of_file(path).is_ok_and(|d| d == wanted))
}

/// The envelopes of a store folder, by payload digest, and which records revise which.
struct StoreIndex {
    /// With trust, verified envelopes only.
    by_digest: BTreeMap<Sha256Digest, Vec<Stored>>,
    /// Previous-record digest → the distinct records that claim to revise it (with trust,
    /// verified ones only).
    children: BTreeMap<Sha256Digest, Vec<PathBuf>>,
    /// Envelopes that did not verify: their path, payload digest and the digest they revise.
    unverified: Vec<(PathBuf, Sha256Digest, Option<Sha256Digest>)>,
}

impl StoreIndex {
    /// The unverified envelopes that are, or revise, one of `entries` (never `start` itself,
    /// which is already an entry).
    fn unverified_near(&self, entries: &[ChainEntry], start: &Path) -> Vec<PathBuf> {
        let ours: std::collections::BTreeSet<_> =
            entries.iter().map(|e| e.payload_sha256).collect();
        self.unverified
            .iter()
            .filter(|(path, digest, previous)| {
                path != start
                    && (ours.contains(digest) || previous.is_some_and(|p| ours.contains(&p)))
            })
            .map(|(path, _, _)| path.clone())
            .collect()
    }
}

fn index_store(
    store: &Path,
    trust: Option<&TrustStore>,
    options: WalkOptions,
) -> Result<StoreIndex, Error> {
    let list_options = ListOptions {
        limit: options.store_limit,
        hidden: true,
    };
    // A chain is never judged on part of its store.
    let listing = folder::list(store, list_options).map_err(|e| match e {
        Error::TooManyEntries { path, limit } => Error::StoreTooLarge { path, limit },
        other => other,
    })?;
    let paths = listing
        .entries
        .into_iter()
        .filter(|e| e.kind == EntryKind::File && is_envelope_file(&e.path))
        .map(|e| e.path);
    let mut index = StoreIndex {
        by_digest: BTreeMap::new(),
        children: BTreeMap::new(),
        unverified: Vec::new(),
    };
    for path in paths {
        // `./a.tprov.json` reads better as `a.tprov.json`.
        let path = path
            .strip_prefix(".")
            .map(Path::to_path_buf)
            .unwrap_or(path);
        // Unreadable or malformed files in the store are not part of any chain.
        let Ok(bytes) = read_envelope_bytes(&path) else {
            continue;
        };
        // Unknown fields are skipped, not built: a store of large envelopes costs one at a
        // time.
        let Ok(envelope) = Envelope::from_json_read_only(&bytes) else {
            continue;
        };
        let digest = envelope.payload_digest();
        // Only a verified record may link, fork or stand for its payload: an unsigned copy
        // must not shadow the signed one, nor a zero-signature file make a fork.
        if let Some(trust) = trust {
            if !verify_record_with(&bytes, trust, &Policy::default()).verified {
                let previous = Statement::from_payload(&envelope.payload)
                    .ok()
                    .and_then(|s| s.predicate.previous.as_ref().map(|p| p.payload_sha256));
                index.unverified.push((path, digest, previous));
                continue;
            }
        }
        let record = Statement::from_payload(&envelope.payload).ok();
        drop(envelope);
        let copies = index.by_digest.entry(digest).or_default();
        // Co-signed copies of one record share its payload: count the record once.
        if copies.is_empty() {
            if let Some(previous) = record
                .as_ref()
                .and_then(|s| s.predicate.previous.as_ref().map(|p| p.payload_sha256))
            {
                index
                    .children
                    .entry(previous)
                    .or_default()
                    .push(path.clone());
            }
        }
        let revision = record.map(|s| s.predicate.revision);
        copies.push(Stored { path, revision });
    }
    Ok(index)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SecretKey;
    use crate::io::envelope_file::read_envelope;
    use crate::record::{Documents, Metadata, PreviousRecord, build_statement};

    struct Fixture {
        dir: tempfile::TempDir,
        key: SecretKey,
    }

    impl Fixture {
        fn new() -> Self {
            Self {
                dir: tempfile::tempdir().unwrap(),
                key: SecretKey::from_seed(&[3; 32]),
            }
        }

        /// Writes revision text `text` as `name` with its envelope, revising `previous`.
        fn revision(&self, name: &str, text: &str, previous: Option<&Path>) -> PathBuf {
            let document = self.dir.path().join(name);
            std::fs::write(&document, text).unwrap();
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
            let path = self.dir.path().join(format!("{name}.tprov.json"));
            std::fs::write(&path, statement.sign(&self.key).to_json()).unwrap();
            path
        }

        fn trust(&self) -> TrustStore {
            let mut trust = TrustStore::new();
            trust.add("me", self.key.public_key(), "me.pub");
            trust
        }
    }

    #[test]
    fn an_intact_chain_is_walked_newest_first_with_documents() {
        let f = Fixture::new();
        let r1 = f.revision("v1.md", "one", None);
        let r2 = f.revision("v2.md", "two", Some(&r1));
        let r3 = f.revision("v3.md", "three", Some(&r2));
        let chain = walk(&r3, f.dir.path(), Some(&f.trust())).unwrap();
        assert!(chain.intact, "{:?}", chain.problems);
        let revisions: Vec<u64> = chain
            .entries
            .iter()
            .map(|e| e.record.as_ref().unwrap().predicate.revision)
            .collect();
        assert_eq!(revisions, [3, 2, 1]);
        assert!(chain.entries.iter().all(|e| e.document.is_some()));
        let edits = chain.entries[0]
            .edits
            .as_ref()
            .expect("both documents are at hand");
        assert_eq!(edits.edit_rate, 1.0, "one word replaced by one word");
        assert!(
            chain.entries[2].edits.is_none(),
            "the first revision has nothing before it"
        );
        assert_eq!(chain.entries[0].signers[0].name, "me");
    }

    #[test]
    fn a_missing_link_a_fork_and_a_bad_signature_are_reported() {
        let f = Fixture::new();
        let r1 = f.revision("v1.md", "one", None);
        let r2 = f.revision("v2.md", "two", Some(&r1));
        let _rival = f.revision("v2b.md", "rival two", Some(&r1));
        let chain = walk(&r2, f.dir.path(), Some(&f.trust())).unwrap();
        assert!(!chain.intact);
        assert!(
            matches!(&chain.problems[0], ChainProblem::Fork { revision: 1, envelopes } if envelopes.len() == 2),
            "{:?}",
            chain.problems
        );

        std::fs::remove_file(&r1).unwrap();
        let chain = walk(&r2, f.dir.path(), Some(&f.trust())).unwrap();
        assert!(matches!(
            chain.problems.last(),
            Some(ChainProblem::Missing { revision: 2, .. })
        ));

        let mut stranger = TrustStore::new();
        stranger.add(
            "other",
            SecretKey::from_seed(&[4; 32]).public_key(),
            "o.pub",
        );
        let chain = walk(&r2, f.dir.path(), Some(&stranger)).unwrap();
        assert!(matches!(
            chain.problems[0],
            ChainProblem::BadSignature { .. }
        ));
        assert!(
            chain.entries[0].record.is_none(),
            "an unverified record is not exposed"
        );
    }

    /// `path`'s envelope with its signature replaced by one that does not verify (an envelope
    /// of zero signatures is malformed), written as `name` in the fixture.
    fn unsigned_copy(f: &Fixture, path: &Path, name: &str) -> PathBuf {
        let mut json: serde_json::Value =
            serde_json::from_slice(&std::fs::read(path).unwrap()).unwrap();
        json["signatures"][0]["sig"] = serde_json::json!("A".repeat(86) + "==");
        let copy = f.dir.path().join(name);
        std::fs::write(&copy, serde_json::to_vec(&json).unwrap()).unwrap();
        copy
    }

    #[test]
    fn log_refuses_a_store_too_large_to_read_whole() {
        // Regression (issue 10, item 1): a store over the limit is refused, never judged on a
        // cut view.
        let f = Fixture::new();
        let r1 = f.revision("v1.md", "one", None);
        let r2 = f.revision("v2.md", "two", Some(&r1));
        for i in 0..4 {
            std::fs::write(f.dir.path().join(format!("unrelated{i}.txt")), "x").unwrap();
        }
        let small = WalkOptions { store_limit: 5 };
        let err = walk_with(&r2, f.dir.path(), Some(&f.trust()), small).unwrap_err();
        assert!(
            matches!(err, Error::StoreTooLarge { limit: 5, .. }),
            "{err}"
        );
        assert!(err.to_string().contains("too large"), "{err}");
        let whole = WalkOptions { store_limit: 8 };
        assert!(
            walk_with(&r2, f.dir.path(), Some(&f.trust()), whole)
                .unwrap()
                .intact
        );
    }

    #[test]
    fn log_an_unsigned_rival_makes_no_fork_and_is_listed_unverified() {
        // Regression (issue 10, item 2): a zero-signature file revising a chain record made a
        // "fork"; only verified records take part in chain decisions.
        let f = Fixture::new();
        let r1 = f.revision("v1.md", "one", None);
        let r2 = f.revision("v2.md", "two", Some(&r1));
        let rival = f.revision("v2b.md", "rival two", Some(&r1));
        let rival = unsigned_copy(&f, &rival, "v2b.md.tprov.json");
        let chain = walk(&r2, f.dir.path(), Some(&f.trust())).unwrap();
        assert!(chain.intact, "{:?}", chain.problems);
        assert_eq!(chain.unverified, [rival]);
    }

    #[test]
    fn log_an_unsigned_copy_sorting_first_does_not_shadow_the_signed_record() {
        // Regression (issue 10, item 2): an unsigned copy of revision 1 whose name sorts first
        // was taken for it, and the intact chain reported a bad signature.
        let f = Fixture::new();
        let r1 = f.revision("v1.md", "one", None);
        let r2 = f.revision("v2.md", "two", Some(&r1));
        let copy = unsigned_copy(&f, &r1, "0-copy.tprov.json");
        let chain = walk(&r2, f.dir.path(), Some(&f.trust())).unwrap();
        assert!(chain.intact, "{:?}", chain.problems);
        assert_eq!(chain.entries[1].envelope, r1);
        assert_eq!(chain.unverified, [copy]);
    }
}
