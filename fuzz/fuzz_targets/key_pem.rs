//! Arbitrary text as PEM key files: `SecretKey::from_pem` and `PublicKey::from_pem` must never
//! panic, and a key they accept must round-trip through `to_pem` and still work.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tprov::{PublicKey, SecretKey};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(secret) = SecretKey::from_pem(text) {
        let again = SecretKey::from_pem(&secret.to_pem()).expect("a key tprov wrote parses");
        assert_eq!(again.public_key(), secret.public_key());
        let signature = secret.sign(b"message");
        assert!(secret.public_key().verify_strict(b"message", &signature));
    }
    if let Ok(public) = PublicKey::from_pem(text) {
        let again = PublicKey::from_pem(&public.to_pem()).expect("a key tprov wrote parses");
        assert_eq!(again, public);
        assert_eq!(again.key_id(), public.key_id());
        assert!(!public.verify_strict(b"message", &[0u8; 64]));
    }
});
