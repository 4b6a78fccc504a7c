//! The revision link: whether one record revises another (W3C PROV `wasRevisionOf`).
//!
//! A revision names the record it revises by the SHA-256 of that envelope's *payload bytes* and
//! its revision number ([`PreviousRecord`](crate::record::PreviousRecord)); it is revision + 1.
//! This is the one place that rule is written: `tprov diff` (comparing two records) and
//! `tprov log` (walking a chain) both ask it.

use serde::Serialize;

use crate::crypto::digest::Sha256Digest;
use crate::crypto::dsse::Envelope;
use crate::record::Statement;

/// Whether the new record's `previous` link points at the old record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase", tag = "status")]
pub enum RevisionLink {
    /// `new.previous.payloadSha256` is the SHA-256 of the old payload and the revision numbers
    /// follow on.
    Linked {
        /// The old revision number.
        old_revision: u64,
        /// The new revision number.
        new_revision: u64,
    },
    /// The new record has no `previous` link at all.
    NoLink,
    /// The link points at another record.
    OtherRecord {
        /// The payload digest the link names.
        linked_payload_sha256: Sha256Digest,
        /// The old record's payload digest.
        old_payload_sha256: Sha256Digest,
    },
    /// The link points at the old record, but the revision numbers do not follow on.
    RevisionMismatch {
        /// The link's stated previous revision.
        linked_revision: u64,
        /// The old record's revision.
        old_revision: u64,
        /// The new record's revision.
        new_revision: u64,
    },
}

impl RevisionLink {
    /// Whether the link is intact.
    pub fn is_linked(&self) -> bool {
        matches!(self, Self::Linked { .. })
    }

    /// A sentence for people.
    pub fn describe(&self) -> String {
        match self {
            Self::Linked {
                old_revision,
                new_revision,
            } => format!(
                "NEW (revision {new_revision}) revises OLD (revision {old_revision}): the link is intact"
            ),
            Self::NoLink => {
                "NEW does not name a previous record: it is not a signed revision of OLD".into()
            }
            Self::OtherRecord {
                linked_payload_sha256,
                old_payload_sha256,
            } => format!(
                "NEW revises record sha256:{linked_payload_sha256}, not OLD (sha256:{old_payload_sha256})"
            ),
            Self::RevisionMismatch {
                linked_revision,
                old_revision,
                new_revision,
            } => format!(
                "NEW links to OLD but its numbers do not follow on: OLD is revision {old_revision}, NEW says it revises {linked_revision} and is {new_revision}"
            ),
        }
    }
}

/// Checks the revision link from `new` to the record in `old_envelope`: the link must name the
/// SHA-256 of `old_envelope`'s payload bytes, and the numbers must follow on (see
/// [`numbers_follow`]). The signatures are not checked here.
pub fn revision_link(old_envelope: &Envelope, old: &Statement, new: &Statement) -> RevisionLink {
    let Some(previous) = &new.predicate.previous else {
        return RevisionLink::NoLink;
    };
    let old_payload_sha256 = old_envelope.payload_digest();
    if previous.payload_sha256 != old_payload_sha256 {
        return RevisionLink::OtherRecord {
            linked_payload_sha256: previous.payload_sha256,
            old_payload_sha256,
        };
    }
    let (old_revision, new_revision) = (old.predicate.revision, new.predicate.revision);
    if !numbers_follow(previous.revision, old_revision, new_revision) {
        return RevisionLink::RevisionMismatch {
            linked_revision: previous.revision,
            old_revision,
            new_revision,
        };
    }
    RevisionLink::Linked {
        old_revision,
        new_revision,
    }
}

/// Whether the numbers of a link follow on: the link names the older record's revision, and the
/// newer record is that revision + 1 (never overflowing: a revision at `u64::MAX` has none after).
pub fn numbers_follow(linked_revision: u64, old_revision: u64, new_revision: u64) -> bool {
    linked_revision == old_revision && old_revision.checked_add(1) == Some(new_revision)
}
