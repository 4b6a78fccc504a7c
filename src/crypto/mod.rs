//! The cryptography: streaming SHA-256 digests, Ed25519 keys (PEM, PKCS#8, encrypted PKCS#8,
//! key ids) and DSSE envelopes (PAE, signing, strict signature checks).
//!
//! May use: `crate::io` and `crate::error`. Nothing here knows what a translation record is:
//! the DSSE layer checks signatures over opaque payload bytes, which is what lets the signature
//! be checked before the payload is parsed.

pub mod digest;
pub mod dsse;
pub mod keys;
