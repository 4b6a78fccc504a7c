//! Showing what an envelope claims without deciding whether to believe it.

use std::path::Path;

use serde::Serialize;
use serde_json::Value;

use crate::Error;
use crate::crypto::dsse::Envelope;
use crate::record::Statement;
use crate::sign::read_envelope;

/// What an envelope says, unverified.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Inspection {
    /// The version of this JSON schema (1).
    pub schema_version: u32,
    /// Always false: inspection checks no signature and no digest.
    pub verified: bool,
    /// A sentence saying so, for anyone reading the JSON.
    pub notice: &'static str,
    /// The envelope's payload type.
    pub payload_type: String,
    /// SHA-256 of the payload bytes (the record's identity in revision links).
    pub payload_sha256: String,
    /// The key id hints of the signatures, in order (untrusted: anyone can write any hint).
    /// Serialised as `signatures`, the documented field name.
    #[serde(rename = "signatures")]
    pub keyid_hints: Vec<Option<String>>,
    /// The record, when the payload is a tprov record.
    pub record: Option<Statement>,
    /// Why the payload is not a tprov record, when it is not.
    pub record_problem: Option<String>,
    /// The payload as JSON, when it is JSON but not a tprov record.
    pub raw_payload: Option<Value>,
}

/// The notice every inspection carries.
pub const NOT_VERIFIED_NOTICE: &str = "NOT VERIFIED: inspect shows what the envelope claims; no signature or digest was checked. Use `tprov verify` to decide whether to trust it.";

/// Inspects the envelope at `path`.
pub fn inspect_file(path: &Path) -> Result<Inspection, Error> {
    Ok(inspect(&read_envelope(path)?))
}

/// Inspects a parsed envelope.
pub fn inspect(envelope: &Envelope) -> Inspection {
    let (record, record_problem, raw_payload) = match Statement::from_payload(&envelope.payload) {
        Ok(statement) => (Some(statement), None, None),
        Err(e) => (
            None,
            Some(e.to_string()),
            serde_json::from_slice(&envelope.payload).ok(),
        ),
    };
    Inspection {
        schema_version: 1,
        verified: false,
        notice: NOT_VERIFIED_NOTICE,
        payload_type: envelope.payload_type.clone(),
        payload_sha256: envelope.payload_digest().to_hex(),
        keyid_hints: envelope.keyid_hints(),
        record,
        record_problem,
        raw_payload,
    }
}
