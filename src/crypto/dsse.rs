//! DSSE envelopes: the pre-authentication encoding (PAE), signing, parsing and signature checks.
//!
//! This layer does not interpret the payload: it is a conforming DSSE v1 implementation that
//! works for any `payloadType`. The in-toto meaning of the payload lives in [`crate::record`].

use base64::Engine as _;
use base64::alphabet;
use base64::engine::{DecodePaddingMode, GeneralPurpose, GeneralPurposeConfig};
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
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignatureVerdict {
    /// The signature verifies with the trusted key at this index of the list given.
    Verified {
        /// Index into the keys passed to [`Envelope::check_signatures`].
        key_index: usize,
    },
    /// No trusted key verifies this signature (unknown signer, or a forged or damaged signature).
    NotVerified,
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

    /// Checks every signature over the PAE against `trusted` with `verify_strict`.
    ///
    /// The key id in a signature only decides which key is *tried first*: every trusted key is
    /// tried before a signature is declared unverified, so a wrong or missing key id can neither
    /// make a signature pass nor make a valid one fail.
    pub fn check_signatures(&self, trusted: &[PublicKey]) -> Vec<SignatureCheck> {
        let message = self.pae();
        self.signatures
            .iter()
            .enumerate()
            .map(|(index, signature)| {
                let hinted = |key: &&PublicKey| {
                    signature.keyid.as_deref() == Some(key.key_id().to_hex().as_str())
                };
                let order = trusted
                    .iter()
                    .enumerate()
                    .filter(|(_, k)| hinted(k))
                    .chain(trusted.iter().enumerate().filter(|(_, k)| !hinted(k)));
                let verdict = order
                    .into_iter()
                    .find(|(_, key)| key.verify_strict(&message, &signature.sig))
                    .map_or(SignatureVerdict::NotVerified, |(key_index, _)| {
                        SignatureVerdict::Verified { key_index }
                    });
                SignatureCheck {
                    index,
                    keyid_hint: signature.keyid.clone(),
                    verdict,
                }
            })
            .collect()
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
