//! DSSE envelopes: the pre-authentication encoding (PAE), signing, parsing and signature checks.
//!
//! This layer does not interpret the payload: it is a conforming DSSE v1 implementation that
//! works for any `payloadType`. The in-toto meaning of the payload lives in [`crate::record`].

use std::collections::HashMap;

use base64::Engine as _;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::crypto::digest::Sha256Digest;
use crate::crypto::keys::{PublicKey, SecretKey};

/// The DSSE payload type of an in-toto Statement.
pub const IN_TOTO_PAYLOAD_TYPE: &str = "application/vnd.in-toto+json";

/// The largest envelope tprov reads. A record is a few kilobytes; the limit only stops a
/// hostile or mistaken input (a video given as an envelope) from being read into memory.
pub const MAX_ENVELOPE_BYTES: u64 = 4 * 1024 * 1024;

/// The most signatures an envelope may carry; each one costs a verification per trusted key.
pub const MAX_SIGNATURES: usize = 64;

/// The most `verify_strict` calls that checking one envelope may make, unless more keys are
/// trusted: the cap is the larger of this and the number of distinct trusted keys, so that one
/// signature can always be tried against every key (a key id stays a hint, never required).
///
/// A signature whose key id hint names a trusted key costs one call when it verifies; one
/// without a usable hint (or a forged one) is tried against every trusted key, each at most
/// once. 64 hintless signatures against a 1,000-key trust file would otherwise cost 64,000 calls
/// (about 2 s). An envelope that needs more than the cap is **not verified**: the signatures
/// left unchecked are [`SignatureVerdict::NotChecked`] and the verification fails saying why,
/// never a silent pass. 1,024 calls take 40–50 ms of CPU here, spread over the cores (a search
/// for one signature's key runs in parallel); an envelope whose signatures carry their
/// key ids needs one call per signature.
pub const MAX_SIGNATURE_VERIFICATIONS: usize = 1_024;

/// Why bytes are not a well-formed DSSE envelope.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum EnvelopeError {
    /// The bytes are not JSON.
    #[error("not a DSSE envelope: not valid JSON ({reason})")]
    NotJson {
        /// The parser's message, with line and column.
        reason: String,
    },
    /// The JSON does not have the envelope's fields and types.
    #[error("not a DSSE envelope: {reason}")]
    WrongShape {
        /// Which field is missing or of the wrong type.
        reason: String,
    },
    /// A base64 field does not decode (standard and URL-safe alphabets are both accepted).
    #[error("not a DSSE envelope: {field} is not valid base64")]
    BadBase64 {
        /// `payload` or `signatures[i].sig`.
        field: String,
    },
    /// The envelope carries no signature.
    #[error("the envelope has no signatures")]
    NoSignatures,
    /// The envelope carries more signatures than tprov checks.
    #[error("the envelope has {count} signatures; at most {MAX_SIGNATURES} are accepted")]
    TooManySignatures {
        /// How many it has.
        count: usize,
    },
    /// The envelope is larger than [`MAX_ENVELOPE_BYTES`].
    #[error("the envelope is larger than the {MAX_ENVELOPE_BYTES}-byte limit")]
    TooLarge,
}

/// Base64 decoding that accepts padded and unpadded input: DSSE producers differ on padding.
const DECODE_CONFIG: GeneralPurposeConfig = GeneralPurposeConfig::new()
    .with_decode_padding_mode(DecodePaddingMode::Indifferent)
    .with_decode_allow_trailing_bits(false);
const STANDARD_ANY_PAD: GeneralPurpose = GeneralPurpose::new(&alphabet::STANDARD, DECODE_CONFIG);
const URL_SAFE_ANY_PAD: GeneralPurpose = GeneralPurpose::new(&alphabet::URL_SAFE, DECODE_CONFIG);

/// Decodes standard (RFC 4648 §4) or URL-safe (§5) base64, with or without padding,
/// as the DSSE specification asks of verifiers.
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    STANDARD_ANY_PAD
        .decode(text)
        .or_else(|_| URL_SAFE_ANY_PAD.decode(text))
        .ok()
}

fn encode_base64(bytes: &[u8]) -> String {
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// The DSSE v1 pre-authentication encoding, the exact bytes that are signed:
/// `"DSSEv1" SP LEN(type) SP type SP LEN(body) SP body`, lengths in decimal ASCII.
///
/// ```
/// assert_eq!(
///     tprov::crypto::dsse::pae("http://example.com/HelloWorld", b"hello world"),
///     b"DSSEv1 29 http://example.com/HelloWorld 11 hello world"
/// );
/// ```
pub fn pae(payload_type: &str, payload: &[u8]) -> Vec<u8> {
    let header = format!(
        "DSSEv1 {} {} {} ",
        payload_type.len(),
        payload_type,
        payload.len()
    );
    let mut bytes = Vec::with_capacity(header.len() + payload.len());
    bytes.extend_from_slice(header.as_bytes());
    bytes.extend_from_slice(payload);
    bytes
}

/// One signature of an envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EnvelopeSignature {
    /// The signer's key id as the envelope states it: a hint for finding the key, never trusted.
    pub keyid: Option<String>,
    /// The raw signature bytes (64 for Ed25519; other lengths simply fail to verify).
    pub sig: Vec<u8>,
    /// Fields of the signature object tprov does not know, kept for re-writing.
    extra: Map<String, Value>,
}

/// A DSSE envelope.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Envelope {
    /// The payload bytes (decoded from base64).
    pub payload: Vec<u8>,
    /// The payload type that is signed together with the payload.
    pub payload_type: String,
    /// The signatures over the PAE.
    pub signatures: Vec<EnvelopeSignature>,
    /// Fields of the envelope tprov does not know, kept for re-writing.
    extra: Map<String, Value>,
}

/// The outcome of checking one signature against the trusted keys.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SignatureVerdict {
    /// The signature verifies with the trusted key at this index of the list given.
    Verified {
        /// Index into the keys passed to [`Envelope::check_signatures`].
        key_index: usize,
    },
    /// No trusted key verifies this signature (unknown signer, or a forged or damaged signature).
    NotVerified,
    /// [`MAX_SIGNATURE_VERIFICATIONS`] was reached before this signature was tried against
    /// every trusted key: it is not verified, and the envelope must not pass.
    NotChecked,
}

/// Trusted public keys indexed by key id, so that a signature's key id hint finds its key
/// without trying the others. Each distinct key is tried at most once per signature.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct KeyRing {
    keys: Vec<PublicKey>,
    /// Full hex key id → the first index of that key (hints are compared as written).
    by_id: HashMap<String, usize>,
    /// The indices that are the first of their key: the ones tried.
    distinct: Vec<usize>,
}

impl KeyRing {
    /// An empty ring.
    pub fn new() -> Self {
        Self::default()
    }

    /// A ring of `keys`, indices as in the slice (a key given twice keeps its first index).
    pub fn from_keys(keys: &[PublicKey]) -> Self {
        let mut ring = Self::new();
        for key in keys {
            ring.push(key.clone());
        }
        ring
    }

    /// Appends a key at the next index.
    pub fn push(&mut self, key: PublicKey) {
        let index = self.keys.len();
        if let std::collections::hash_map::Entry::Vacant(slot) =
            self.by_id.entry(key.key_id().to_hex())
        {
            slot.insert(index);
            self.distinct.push(index);
        }
        self.keys.push(key);
    }

    /// The keys, in order.
    pub fn keys(&self) -> &[PublicKey] {
        &self.keys
    }

    /// The first index of the key with this full hex key id.
    pub fn position(&self, keyid_hex: &str) -> Option<usize> {
        self.by_id.get(keyid_hex).copied()
    }
}

/// Every signature's outcome, and the work it took.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureChecks {
    /// One check per signature, in envelope order.
    pub checks: Vec<SignatureCheck>,
    /// How many `verify_strict` calls were made (at most `limit`).
    pub verifications: usize,
    /// The cap that applied: [`MAX_SIGNATURE_VERIFICATIONS`], or the number of distinct
    /// trusted keys when larger.
    pub limit: usize,
}

impl SignatureChecks {
    /// Whether the verification cap left some signature unchecked.
    pub fn capped(&self) -> bool {
        self.checks
            .iter()
            .any(|c| c.verdict == SignatureVerdict::NotChecked)
    }
}

/// One signature's outcome, with the untrusted key id hint it carried.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignatureCheck {
    /// Position of the signature in the envelope.
    pub index: usize,
    /// The key id the envelope claims (untrusted).
    pub keyid_hint: Option<String>,
    /// The verdict.
    pub verdict: SignatureVerdict,
}

#[derive(Serialize, Deserialize)]
struct WireEnvelope {
    payload: String,
    #[serde(rename = "payloadType")]
    payload_type: String,
    signatures: Vec<WireSignature>,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

/// The envelope's fields alone: unknown ones are skipped by the parser, never built.
#[derive(Deserialize)]
struct LeanEnvelope {
    payload: String,
    #[serde(rename = "payloadType")]
    payload_type: String,
    signatures: Vec<LeanSignature>,
}

#[derive(Deserialize)]
struct LeanSignature {
    #[serde(default)]
    keyid: Option<String>,
    sig: String,
}

#[derive(Serialize, Deserialize)]
struct WireSignature {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    keyid: Option<String>,
    sig: String,
    #[serde(flatten)]
    extra: Map<String, Value>,
}

impl Envelope {
    /// Signs `payload` of type `payload_type` with `key`, making a one-signature envelope.
    pub fn sign(payload_type: &str, payload: Vec<u8>, key: &SecretKey) -> Self {
        let mut envelope = Self {
            payload,
            payload_type: payload_type.to_owned(),
            signatures: Vec::new(),
            extra: Map::new(),
        };
        envelope.add_signature(key);
        envelope
    }

    /// Adds a signature by `key` over the same PAE, leaving the payload untouched.
    pub fn add_signature(&mut self, key: &SecretKey) {
        let sig = key.sign(&self.pae()).to_vec();
        self.signatures.push(EnvelopeSignature {
            keyid: Some(key.public_key().key_id().to_hex()),
            sig,
            extra: Map::new(),
        });
    }

    /// The bytes every signature is over.
    pub fn pae(&self) -> Vec<u8> {
        pae(&self.payload_type, &self.payload)
    }

    /// The SHA-256 of the payload bytes: the stable identity of a record, unchanged when
    /// co-signatures are added. Revision links point at it.
    pub fn payload_digest(&self) -> Sha256Digest {
        Sha256Digest::of(&self.payload)
    }

    /// Parses an envelope, enforcing [`MAX_ENVELOPE_BYTES`] and [`MAX_SIGNATURES`].
    /// Unknown fields are kept and written back by [`Envelope::to_json`].
    pub fn from_json(bytes: &[u8]) -> Result<Self, EnvelopeError> {
        if bytes.len() as u64 > MAX_ENVELOPE_BYTES {
            return Err(EnvelopeError::TooLarge);
        }
        let value: Value = serde_json::from_slice(bytes).map_err(|e| EnvelopeError::NotJson {
            reason: e.to_string(),
        })?;
        let wire: WireEnvelope =
            serde_json::from_value(value).map_err(|e| EnvelopeError::WrongShape {
                reason: e.to_string(),
            })?;
        Self::from_wire(wire)
    }

    /// Parses an envelope as [`Envelope::from_json`] does, except that unknown fields are
    /// skipped by the parser instead of being built as JSON values (so [`Envelope::to_json`]
    /// would not write them back), and a field given twice is refused. For reading only, over
    /// many files (the revision log's store): a 4 MiB envelope of unknown fields then costs
    /// nothing beyond its bytes, where building them costs many times that.
    pub fn from_json_read_only(bytes: &[u8]) -> Result<Self, EnvelopeError> {
        if bytes.len() as u64 > MAX_ENVELOPE_BYTES {
            return Err(EnvelopeError::TooLarge);
        }
        let lean: LeanEnvelope = serde_json::from_slice(bytes).map_err(|e| {
            let reason = e.to_string();
            if e.is_syntax() || e.is_eof() {
                EnvelopeError::NotJson { reason }
            } else {
                // Worded as `from_json` words it (a shape error there has no position).
                let at = format!(" at line {} column {}", e.line(), e.column());
                let reason = reason.strip_suffix(&at).unwrap_or(&reason).to_owned();
                EnvelopeError::WrongShape { reason }
            }
        })?;
        Self::from_wire(WireEnvelope {
            payload: lean.payload,
            payload_type: lean.payload_type,
            signatures: lean
                .signatures
                .into_iter()
                .map(|s| WireSignature {
                    keyid: s.keyid,
                    sig: s.sig,
                    extra: Map::new(),
                })
                .collect(),
            extra: Map::new(),
        })
    }

    /// The checks after the JSON shape: signature count, base64.
    fn from_wire(wire: WireEnvelope) -> Result<Self, EnvelopeError> {
        if wire.signatures.is_empty() {
            return Err(EnvelopeError::NoSignatures);
        }
        if wire.signatures.len() > MAX_SIGNATURES {
            return Err(EnvelopeError::TooManySignatures {
                count: wire.signatures.len(),
            });
        }
        let payload = decode_base64(&wire.payload).ok_or_else(|| EnvelopeError::BadBase64 {
            field: "payload".into(),
        })?;
        let signatures = wire
            .signatures
            .into_iter()
            .enumerate()
            .map(|(i, s)| {
                let sig = decode_base64(&s.sig).ok_or_else(|| EnvelopeError::BadBase64 {
                    field: format!("signatures[{i}].sig"),
                })?;
                Ok(EnvelopeSignature {
                    keyid: s.keyid.filter(|k| !k.is_empty()),
                    sig,
                    extra: s.extra,
                })
            })
            .collect::<Result<_, EnvelopeError>>()?;
        Ok(Self {
            payload,
            payload_type: wire.payload_type,
            signatures,
            extra: wire.extra,
        })
    }

    /// Serialises the envelope as pretty JSON with standard, padded base64 and a final newline.
    pub fn to_json(&self) -> Vec<u8> {
        let wire = WireEnvelope {
            payload: encode_base64(&self.payload),
            payload_type: self.payload_type.clone(),
            signatures: self
                .signatures
                .iter()
                .map(|s| WireSignature {
                    keyid: s.keyid.clone(),
                    sig: encode_base64(&s.sig),
                    extra: s.extra.clone(),
                })
                .collect(),
            extra: self.extra.clone(),
        };
        let mut bytes = serde_json::to_vec_pretty(&wire).expect("an envelope always serialises");
        bytes.push(b'\n');
        bytes
    }

    /// Checks every signature over the PAE against `trusted` with `verify_strict` (see
    /// [`Envelope::check_signatures_in`]).
    pub fn check_signatures(&self, trusted: &[PublicKey]) -> Vec<SignatureCheck> {
        self.check_signatures_in(&KeyRing::from_keys(trusted))
            .checks
    }

    /// Checks every signature over the PAE against the keys of `ring` with `verify_strict`.
    ///
    /// The key id in a signature only decides which key is *tried first*: every other trusted
    /// key is tried before a signature is declared unverified, so a wrong or missing key id can
    /// neither make a signature pass nor make a valid one fail. Each distinct key is tried at
    /// most once per signature, a signature that is not 64 bytes costs nothing (no key can
    /// verify it), identical signatures are checked once, and the whole envelope costs at most
    /// [`MAX_SIGNATURE_VERIFICATIONS`] calls: beyond it signatures are
    /// [`SignatureVerdict::NotChecked`].
    pub fn check_signatures_in(&self, ring: &KeyRing) -> SignatureChecks {
        let message = self.pae();
        let limit = MAX_SIGNATURE_VERIFICATIONS.max(ring.distinct.len());
        let mut verifications = 0;
        // (signature bytes, hinted key) → verdict: a copied signature costs nothing more.
        let mut seen: HashMap<(&[u8], Option<usize>), SignatureVerdict> = HashMap::new();
        let checks = self
            .signatures
            .iter()
            .enumerate()
            .map(|(index, signature)| {
                let hinted = signature.keyid.as_deref().and_then(|k| ring.position(k));
                let verdict = match seen.get(&(signature.sig.as_slice(), hinted)) {
                    Some(&verdict) => verdict,
                    None => {
                        let work = (&mut verifications, limit);
                        let verdict = check_one(&message, &signature.sig, ring, hinted, work);
                        seen.insert((signature.sig.as_slice(), hinted), verdict);
                        verdict
                    }
                };
                SignatureCheck {
                    index,
                    keyid_hint: signature.keyid.clone(),
                    verdict,
                }
            })
            .collect();
        SignatureChecks {
            checks,
            verifications,
            limit,
        }
    }

    /// Whether a signature by the key with this id is already present and valid.
    pub fn is_signed_by(&self, key: &PublicKey) -> bool {
        self.check_signatures(std::slice::from_ref(key))
            .iter()
            .any(|c| matches!(c.verdict, SignatureVerdict::Verified { .. }))
    }

    /// The key ids (hints) of the signatures, for display.
    pub fn keyid_hints(&self) -> Vec<Option<String>> {
        self.signatures.iter().map(|s| s.keyid.clone()).collect()
    }
}

/// One signature against the ring: the hinted key first, then every other distinct key, while
/// the count of verifications stays under the limit.
///
/// The keys after the hint are tried on all cores when there are many (a signature without a
/// usable key id, against a large trust file), but the verdict and the count are those of
/// trying them one by one in ring order: the first key that verifies is the one reported, and
/// the count is what the search in order would have spent. The work done in parallel is never
/// more than the keys the remaining budget allows.
fn check_one(
    message: &[u8],
    sig: &[u8],
    ring: &KeyRing,
    hinted: Option<usize>,
    (verifications, limit): (&mut usize, usize),
) -> SignatureVerdict {
    // `verify_strict` rejects any other length before any arithmetic, for every key.
    if sig.len() != 64 {
        return SignatureVerdict::NotVerified;
    }
    let verifies = |key_index: usize| ring.keys[key_index].verify_strict(message, sig);
    if let Some(key_index) = hinted {
        if *verifications >= limit {
            return SignatureVerdict::NotChecked;
        }
        *verifications += 1;
        if verifies(key_index) {
            return SignatureVerdict::Verified { key_index };
        }
    }
    let others: Vec<usize> = ring
        .distinct
        .iter()
        .copied()
        .filter(|&i| Some(i) != hinted)
        .collect();
    let allowed = others.len().min(limit.saturating_sub(*verifications));
    let tried = &others[..allowed];
    let found = if tried.len() < PARALLEL_KEY_SEARCH {
        tried.iter().position(|&i| verifies(i))
    } else {
        tried.par_iter().position_first(|&i| verifies(i))
    };
    match found {
        Some(at) => {
            *verifications += at + 1;
            SignatureVerdict::Verified {
                key_index: tried[at],
            }
        }
        None => {
            *verifications += allowed;
            if allowed < others.len() {
                SignatureVerdict::NotChecked
            } else {
                SignatureVerdict::NotVerified
            }
        }
    }
}

/// From how many keys one signature's search is spread over the cores. A chosen threshold, not
/// a measured break-even: a few keys are checked in order so that an ordinary verification
/// never starts the thread pool; 16 keys are over 0.5 ms of `verify_strict` here.
const PARALLEL_KEY_SEARCH: usize = 16;

#[cfg(test)]
mod tests {
    use super::*;

    fn test_key() -> SecretKey {
        SecretKey::from_seed(&[7u8; 32])
    }

    #[test]
    fn pae_matches_the_dsse_specification_example() {
        let bytes = pae("http://example.com/HelloWorld", b"hello world");
        assert_eq!(
            bytes,
            b"DSSEv1 29 http://example.com/HelloWorld 11 hello world"
        );
        assert_eq!(bytes.len(), 54);
        assert_eq!(pae("", b""), b"DSSEv1 0  0 ");
    }

    #[test]
    fn both_base64_alphabets_and_padding_styles_decode() {
        let bytes = [0xfbu8, 0xff, 0xfe];
        assert_eq!(decode_base64("+//+").unwrap(), bytes);
        assert_eq!(decode_base64("-__-").unwrap(), bytes);
        assert_eq!(decode_base64("aGk=").unwrap(), b"hi");
        assert_eq!(decode_base64("aGk").unwrap(), b"hi");
        assert!(decode_base64("a$b=").is_none());
    }

    #[test]
    fn sign_then_check_and_unknown_fields_survive_a_rewrite() {
        let key = test_key();
        let envelope = Envelope::sign("text/plain", b"body".to_vec(), &key);
        let mut value: Value = serde_json::from_slice(&envelope.to_json()).unwrap();
        value["x-extension"] = Value::from("kept");
        value["signatures"][0]["x-note"] = Value::from(1);
        let reparsed = Envelope::from_json(value.to_string().as_bytes()).unwrap();
        let rewritten: Value = serde_json::from_slice(&reparsed.to_json()).unwrap();
        assert_eq!(rewritten["x-extension"], "kept");
        assert_eq!(rewritten["signatures"][0]["x-note"], 1);
        let checks = reparsed.check_signatures(&[key.public_key()]);
        assert_eq!(
            checks[0].verdict,
            SignatureVerdict::Verified { key_index: 0 }
        );
    }

    #[test]
    fn a_wrong_keyid_hint_neither_helps_nor_hurts() {
        let key = test_key();
        let other = SecretKey::from_seed(&[8u8; 32]);
        let mut envelope = Envelope::sign("t", b"p".to_vec(), &key);
        envelope.signatures[0].keyid = Some(other.public_key().key_id().to_hex());
        let checks = envelope.check_signatures(&[other.public_key(), key.public_key()]);
        assert_eq!(
            checks[0].verdict,
            SignatureVerdict::Verified { key_index: 1 }
        );
        let checks = envelope.check_signatures(&[other.public_key()]);
        assert_eq!(checks[0].verdict, SignatureVerdict::NotVerified);
    }
}
