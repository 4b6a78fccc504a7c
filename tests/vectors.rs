//! Known answers: the DSSE PAE and signature vector in `tests/vectors/dsse-ed25519.json`,
//! RFC 8032 §7.1 Ed25519 tests, and Wycheproof's Ed25519 verification tests.

use serde_json::Value;
use tprov::crypto::dsse::{Envelope, SignatureVerdict, pae};
use tprov::{PublicKey, SecretKey};

fn hex32(text: &str, what: &str) -> [u8; 32] {
    let mut out = [0u8; 32];
    hex::decode_to_slice(text, &mut out)
        .unwrap_or_else(|e| panic!("{what}: expected 32 bytes of hex: {e}"));
    out
}

// ---------------------------------------------------------------------------------------------
// (a) DSSE: the PAE and a signature computed by an independent implementation.
// ---------------------------------------------------------------------------------------------

const DSSE_VECTOR: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/vectors/dsse-ed25519.json"
);

fn dsse_vector() -> Value {
    let text = std::fs::read_to_string(DSSE_VECTOR)
        .unwrap_or_else(|e| panic!("{DSSE_VECTOR}: cannot read: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{DSSE_VECTOR}: not JSON: {e}"))
}

fn field<'a>(vector: &'a Value, name: &str) -> &'a str {
    vector[name]
        .as_str()
        .unwrap_or_else(|| panic!("dsse-ed25519.json: expected a string field {name:?}"))
}

#[test]
fn dsse_pae_matches_the_vector() {
    let v = dsse_vector();
    let id = "dsse-ed25519.json";
    let bytes = pae(
        field(&v, "payloadType"),
        field(&v, "payloadUtf8").as_bytes(),
    );
    assert_eq!(
        String::from_utf8(bytes.clone()).unwrap(),
        field(&v, "paeUtf8"),
        "{id}: expected pae(payloadType, payload) to equal paeUtf8"
    );
    assert_eq!(
        bytes.len() as u64,
        v["paeLength"].as_u64().unwrap(),
        "{id}: expected paeLength bytes"
    );
    // Lengths are byte counts, not character counts: a non-ASCII type and body.
    assert_eq!(
        pae("t/é", "ü".as_bytes()),
        "DSSEv1 4 t/é 2 ü".as_bytes(),
        "{id}: expected PAE lengths in bytes"
    );
}

#[test]
fn dsse_signature_and_keyid_match_the_vector() {
    let v = dsse_vector();
    let id = "dsse-ed25519.json";
    let key = SecretKey::from_seed(&hex32(field(&v, "secretSeedHex"), id));
    assert_eq!(
        hex::encode(key.public_key().as_raw()),
        field(&v, "publicKeyHex"),
        "{id}: expected the public key of secretSeedHex"
    );
    assert_eq!(
        key.public_key().key_id().to_hex(),
        field(&v, "keyidSha256OfRawPublicKey"),
        "{id}: expected the key id to be SHA-256 of the raw public key"
    );
    let envelope = Envelope::sign(
        field(&v, "payloadType"),
        field(&v, "payloadUtf8").as_bytes().to_vec(),
        &key,
    );
    assert_eq!(envelope.signatures.len(), 1, "{id}: expected one signature");
    assert_eq!(
        crate::util::b64(&envelope.signatures[0].sig),
        field(&v, "signatureBase64"),
        "{id}: expected Envelope::sign to give signatureBase64"
    );
    assert_eq!(
        envelope.signatures[0].keyid.as_deref(),
        Some(field(&v, "keyidSha256OfRawPublicKey")),
        "{id}: expected the signature's keyid hint"
    );
    let written: Value = serde_json::from_slice(&envelope.to_json()).unwrap();
    assert_eq!(
        written, v["envelope"],
        "{id}: expected Envelope::to_json to write the vector's envelope"
    );
}

#[test]
fn dsse_vector_envelope_parses_and_verifies() {
    let v = dsse_vector();
    let id = "dsse-ed25519.json";
    let public = PublicKey::from_raw(&hex32(field(&v, "publicKeyHex"), id))
        .unwrap_or_else(|e| panic!("{id}: expected publicKeyHex to load: {e}"));
    let bytes = serde_json::to_vec(&v["envelope"]).unwrap();
    let envelope = Envelope::from_json(&bytes)
        .unwrap_or_else(|e| panic!("{id}: expected the envelope to parse: {e}"));
    assert_eq!(
        envelope.payload, b"hello world",
        "{id}: expected the decoded payload"
    );
    assert_eq!(
        envelope.payload_type,
        field(&v, "payloadType"),
        "{id}: expected the payload type"
    );
    assert_eq!(
        envelope.check_signatures(std::slice::from_ref(&public))[0].verdict,
        SignatureVerdict::Verified { key_index: 0 },
        "{id}: expected the vector's signature to verify"
    );
    // Round trip through to_json.
    let again = Envelope::from_json(&envelope.to_json())
        .unwrap_or_else(|e| panic!("{id}: expected to_json output to parse: {e}"));
    assert_eq!(
        again, envelope,
        "{id}: expected to_json/from_json to round-trip"
    );
    assert_eq!(
        again.check_signatures(std::slice::from_ref(&public))[0].verdict,
        SignatureVerdict::Verified { key_index: 0 },
        "{id}: expected the round-tripped envelope to verify"
    );
    // And the vector's signature is bound to the payload type.
    let mut retyped = envelope.clone();
    retyped.payload_type = "http://example.com/HelloWorld2".into();
    assert_eq!(
        retyped.check_signatures(std::slice::from_ref(&public))[0].verdict,
        SignatureVerdict::NotVerified,
        "{id}: expected a changed payload type to break the signature"
    );
}

// ---------------------------------------------------------------------------------------------
// (b) RFC 8032 §7.1, Ed25519 TEST 1, 2, 3 and 1024 (verified against pyca/cryptography too).
// ---------------------------------------------------------------------------------------------

struct Rfc8032 {
    name: &'static str,
    secret: &'static str,
    public: &'static str,
    message: &'static str,
    signature: &'static str,
}

const TEST_1024_MESSAGE: &str = concat!(
    "08b8b2b733424243760fe426a4b54908632110a66c2f6591eabd3345e3e4eb98",
    "fa6e264bf09efe12ee50f8f54e9f77b1e355f6c50544e23fb1433ddf73be84d8",
    "79de7c0046dc4996d9e773f4bc9efe5738829adb26c81b37c93a1b270b20329d",
    "658675fc6ea534e0810a4432826bf58c941efb65d57a338bbd2e26640f89ffbc",
    "1a858efcb8550ee3a5e1998bd177e93a7363c344fe6b199ee5d02e82d522c4fe",
    "ba15452f80288a821a579116ec6dad2b3b310da903401aa62100ab5d1a36553e",
    "06203b33890cc9b832f79ef80560ccb9a39ce767967ed628c6ad573cb116dbef",
    "efd75499da96bd68a8a97b928a8bbc103b6621fcde2beca1231d206be6cd9ec7",
    "aff6f6c94fcd7204ed3455c68c83f4a41da4af2b74ef5c53f1d8ac70bdcb7ed1",
    "85ce81bd84359d44254d95629e9855a94a7c1958d1f8ada5d0532ed8a5aa3fb2",
    "d17ba70eb6248e594e1a2297acbbb39d502f1a8c6eb6f1ce22b3de1a1f40cc24",
    "554119a831a9aad6079cad88425de6bde1a9187ebb6092cf67bf2b13fd65f270",
    "88d78b7e883c8759d2c4f5c65adb7553878ad575f9fad878e80a0c9ba63bcbcc",
    "2732e69485bbc9c90bfbd62481d9089beccf80cfe2df16a2cf65bd92dd597b07",
    "07e0917af48bbb75fed413d238f5555a7a569d80c3414a8d0859dc65a46128ba",
    "b27af87a71314f318c782b23ebfe808b82b0ce26401d2e22f04d83d1255dc51a",
    "ddd3b75a2b1ae0784504df543af8969be3ea7082ff7fc9888c144da2af58429e",
    "c96031dbcad3dad9af0dcbaaaf268cb8fcffead94f3c7ca495e056a9b47acdb7",
    "51fb73e666c6c655ade8297297d07ad1ba5e43f1bca32301651339e22904cc8c",
    "42f58c30c04aafdb038dda0847dd988dcda6f3bfd15c4b4c4525004aa06eeff8",
    "ca61783aacec57fb3d1f92b0fe2fd1a85f6724517b65e614ad6808d6f6ee34df",
    "f7310fdc82aebfd904b01e1dc54b2927094b2db68d6f903b68401adebf5a7e08",
    "d78ff4ef5d63653a65040cf9bfd4aca7984a74d37145986780fc0b16ac451649",
    "de6188a7dbdf191f64b5fc5e2ab47b57f7f7276cd419c17a3ca8e1b939ae49e4",
    "88acba6b965610b5480109c8b17b80e1b7b750dfc7598d5d5011fd2dcc5600a3",
    "2ef5b52a1ecc820e308aa342721aac0943bf6686b64b2579376504ccc493d97e",
    "6aed3fb0f9cd71a43dd497f01f17c0e2cb3797aa2a2f256656168e6c496afc5f",
    "b93246f6b1116398a346f1a641f3b041e989f7914f90cc2c7fff357876e506b5",
    "0d334ba77c225bc307ba537152f3f1610e4eafe595f6d9d90d11faa933a15ef1",
    "369546868a7f3a45a96768d40fd9d03412c091c6315cf4fde7cb68606937380d",
    "b2eaaa707b4c4185c32eddcdd306705e4dc1ffc872eeee475a64dfac86aba41c",
    "0618983f8741c5ef68d3a101e8a3b8cac60c905c15fc910840b94c00a0b9d0",
);

const RFC8032: [Rfc8032; 4] = [
    Rfc8032 {
        name: "RFC 8032 TEST 1",
        secret: "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60",
        public: "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        message: "",
        signature: "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
    },
    Rfc8032 {
        name: "RFC 8032 TEST 2",
        secret: "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb",
        public: "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
        message: "72",
        signature: "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
    },
    Rfc8032 {
        name: "RFC 8032 TEST 3",
        secret: "c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7",
        public: "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
        message: "af82",
        signature: "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a",
    },
    Rfc8032 {
        name: "RFC 8032 TEST 1024",
        secret: "f5e5767cf153319517630f226876b86c8160cc583bc013744c6bf255f5cc0ee5",
        public: "278117fc144c72340f67d0f2316e8386ceffbf2b2428c9c51fef7c597f1d426e",
        message: TEST_1024_MESSAGE,
        signature: "0aab4c900501b3e24d7cdf4663326a3a87df5e4843b2cbdb67cbf6e460fec350aa5371b1508f9f4528ecea23c436d94b5e8fcd4f681e30a6ac00a9704a188a03",
    },
];

#[test]
fn rfc8032_test_vectors_sign_and_verify() {
    for t in &RFC8032 {
        let name = t.name;
        let message = hex::decode(t.message).unwrap();
        if name.ends_with("1024") {
            assert_eq!(message.len(), 1023, "{name}: expected a 1023-byte message");
        }
        let key = SecretKey::from_seed(&hex32(t.secret, name));
        assert_eq!(
            hex::encode(key.public_key().as_raw()),
            t.public,
            "{name}: expected the RFC's public key from the secret key"
        );
        let signature = key.sign(&message);
        assert_eq!(
            hex::encode(signature),
            t.signature,
            "{name}: expected SecretKey::sign to give the RFC's signature"
        );
        let public = PublicKey::from_raw(&hex32(t.public, name))
            .unwrap_or_else(|e| panic!("{name}: expected the RFC's public key to load: {e}"));
        let expected_sig = hex::decode(t.signature).unwrap();
        assert!(
            public.verify_strict(&message, &expected_sig),
            "{name}: expected verify_strict to accept the RFC's signature"
        );
        let mut other = message.clone();
        other.push(0);
        assert!(
            !public.verify_strict(&other, &expected_sig),
            "{name}: expected verify_strict to refuse the signature for another message"
        );
        let mut damaged = expected_sig.clone();
        damaged[17] ^= 0x04;
        assert!(
            !public.verify_strict(&message, &damaged),
            "{name}: expected verify_strict to refuse a damaged signature"
        );
        assert!(
            !public.verify_strict(&message, &expected_sig[..63]),
            "{name}: expected verify_strict to refuse a 63-byte signature"
        );
    }
}

/// `tests/vectors/dsse-ed25519-small-order-r.json`: a signature with R = identity that plain
/// RFC 8032 verification (OpenSSL included) accepts. Wycheproof's Ed25519 set does not tell
/// strict from cofactorless verification (switching `verify_strict` to `verify` passes all of it),
/// so this vector pins the strictness.
#[test]
fn strict_verification_rejects_a_small_order_r() {
    let id = "dsse-ed25519-small-order-r.json";
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/vectors/dsse-ed25519-small-order-r.json"
    );
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap())
        .unwrap_or_else(|e| panic!("{id}: not JSON: {e}"));
    let public = PublicKey::from_raw(&hex32(field(&v, "publicKeyHex"), id))
        .unwrap_or_else(|e| panic!("{id}: expected the (TEST 1) public key to load: {e}"));
    let sig = hex::decode(field(&v, "signatureHex")).unwrap();
    assert_eq!(
        sig[..32],
        [&[1u8][..], &[0u8; 31][..]].concat(),
        "{id}: expected R to be the identity point's encoding"
    );
    let message = pae(
        field(&v, "payloadType"),
        field(&v, "payloadUtf8").as_bytes(),
    );
    assert!(
        !public.verify_strict(&message, &sig),
        "{id}: expected verify_strict to reject a small-order R"
    );
    let envelope = Envelope::from_json(&serde_json::to_vec(&v["envelope"]).unwrap())
        .unwrap_or_else(|e| panic!("{id}: expected the envelope to parse: {e}"));
    assert_eq!(
        envelope.signatures[0].sig, sig,
        "{id}: expected the envelope to carry signatureHex"
    );
    assert_eq!(
        envelope.check_signatures(std::slice::from_ref(&public))[0].verdict,
        SignatureVerdict::NotVerified,
        "{id}: expected Envelope::check_signatures to reject a small-order R"
    );
}

// ---------------------------------------------------------------------------------------------
// (c) Wycheproof Ed25519.
//
// `Envelope::check_signatures` computes the PAE and calls `PublicKey::verify_strict(pae, sig)`
// for each trusted key; keys reach it only through `PublicKey::from_raw` (directly, or via
// `from_pem`). Wycheproof fixes the message, so it cannot be made a PAE: the faithful test of the
// CLI's path is `from_raw` + `verify_strict`, which is what runs here. A key `from_raw` refuses
// (not a point, or a weak small-order point) counts as a rejection of all its group's tests.
// ---------------------------------------------------------------------------------------------

#[test]
fn wycheproof_ed25519_through_the_verification_path() {
    use wycheproof::TestResult;
    use wycheproof::eddsa::{TestName, TestSet};

    let set = TestSet::load(TestName::Ed25519).expect("the Wycheproof Ed25519 set loads");
    let (mut valid, mut invalid, mut acceptable_accepted, mut acceptable_rejected) = (0, 0, 0, 0);
    let mut refused_keys = 0;
    for group in &set.test_groups {
        let raw: Result<[u8; 32], _> = group.key.pk.as_slice().try_into();
        let key = raw
            .ok()
            .and_then(|raw| PublicKey::from_raw(&raw).ok())
            .inspect(|key| {
                // The key also loads through the PEM path the CLI uses, to the same key.
                let pem = PublicKey::from_pem(&group.pem);
                assert_eq!(
                    pem.as_ref().ok(),
                    Some(key),
                    "Wycheproof group with key {}: expected from_pem to agree with from_raw",
                    hex::encode(&*group.key.pk)
                );
            });
        if key.is_none() {
            refused_keys += 1;
        }
        for test in &group.tests {
            let accepted = key
                .as_ref()
                .is_some_and(|k| k.verify_strict(&test.msg, &test.sig));
            let id = format!(
                "Wycheproof tcId {} ({}; flags {:?}; key {})",
                test.tc_id,
                test.comment,
                test.flags,
                hex::encode(&*group.key.pk)
            );
            match test.result {
                TestResult::Valid => {
                    assert!(accepted, "{id}: expected a valid signature to verify");
                    valid += 1;
                }
                TestResult::Invalid => {
                    assert!(
                        !accepted,
                        "{id}: expected an invalid signature to be rejected"
                    );
                    invalid += 1;
                }
                TestResult::Acceptable => {
                    if accepted {
                        acceptable_accepted += 1;
                    } else {
                        acceptable_rejected += 1;
                    }
                    println!(
                        "{id}: acceptable, {}",
                        if accepted { "accepted" } else { "rejected" }
                    );
                }
            }
        }
    }
    println!(
        "Wycheproof Ed25519: {valid} valid accepted, {invalid} invalid rejected, acceptable \
         {acceptable_accepted} accepted / {acceptable_rejected} rejected, {refused_keys} keys refused at load"
    );
    assert_eq!(
        valid + invalid + acceptable_accepted + acceptable_rejected,
        set.number_of_tests,
        "expected every Wycheproof test to run"
    );
    assert!(
        valid > 50 && invalid > 50,
        "expected both valid and invalid cases (got {valid} valid, {invalid} invalid)"
    );
}
