//! The verification pipeline: from an envelope, a document, trusted keys and a policy to a report
//! that lists every check and every signature with its outcome.
//!
//! The checks run in a fixed order, and a check runs only when every check before it passed:
//!
//! 1. **envelope**: the bytes are a well-formed DSSE envelope within the size limits;
//! 2. **signature**: at least one signature verifies over the PAE with a trusted key that is not
//!    revoked;
//! 3. **statement**: the payload type is in-toto and the payload is a tprov Statement;
//! 4. **policy**: the signatures that *count* — by trusted keys, not revoked, in force at the
//!    record's signed `signedAt` — come from at least the required number of distinct keys and
//!    cover every required role (see [`crate::verify::policy`]);
//! 5. **document**: the document's SHA-256 equals the subject's — or, when the bytes differ and
//!    the record has a text block, the document's canonical text is the signed text (a *text
//!    match*, [`text_match`]; `--exact` refuses it);
//! 6. **source** (only when the source is given): the source's SHA-256 equals the record's;
//! 7. **disclosure** (only for a page that carries a disclosure element, and only once every
//!    check before it passed): the page's disclosure says what the verified record says
//!    ([`disclosure`]).
//!
//! Step 2 comes before step 3 on purpose: nothing in the payload is parsed, let alone believed,
//! until a trusted key has vouched for its exact bytes (and for its payload type, which the PAE
//! covers, so a signature made for another protocol cannot be replayed as a tprov record).
//! Revocation is judged in step 2 because it does not depend on time; validity windows need the
//! *signed* signing time, which is only known once step 2 has vouched for the payload and step 3
//! has read it, so they are judged in step 4 (see [`crate::verify::trust`] for what that time proves).
//!
//! May use: `crate::crypto`, `crate::record`, `crate::io`, `crate::text`, and `crate::publish`
//! (a page's embedded envelope and disclosure, [`page`]). The pipeline never prints and never
//! reads the terminal: [`report::Report`] is data, rendered by `crate::render`.

pub mod batch;
pub mod disclosure;
pub mod page;
mod paths;
mod pipeline;
pub mod policy;
pub mod report;
pub mod text_match;
pub mod trust;
pub mod trust_edit;
mod wording;

pub use page::{EnvelopeSource, Page, verify_page};
pub use paths::{VerifyPaths, verify_files, verify_files_text, verify_files_with};
pub use pipeline::{
    Subjects, envelope_failed, verify_envelope, verify_envelope_text, verify_envelope_with,
    verify_record_with,
};
pub use report::{
    Check, CheckKind, CheckOutcome, MatchKind, REPORT_SCHEMA_VERSION, Report, SignatureReport,
    SignatureStatus, Signer,
};
pub use text_match::TextCopy;
