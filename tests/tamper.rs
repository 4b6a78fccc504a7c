//! Tampering: every change to a signed field or an input is caught, and by the right check
//! (read from `verify --json`); changes that DSSE does not sign (key id hints, base64 alphabet and
//! padding, the envelope's JSON layout) are harmless and must stay harmless.

use std::fs;

use serde_json::{Map, Value, json};

use crate::util::{
    Scratch, assert_fails_at, assert_verified, b64, envelope_json, payload_bytes, payload_json,
    sample_sign_args, verify_report, write_json,
};

const ENVELOPE: &str = "commentary.en.md.tprov.json";
const DOCUMENT: &str = "commentary.en.md";

/// A scratch folder with the sample signed, and the envelope as JSON.
fn signed() -> (Scratch, Value) {
    let scratch = Scratch::new();
    let envelope = envelope_json(&scratch.sign_sample());
    (scratch, envelope)
}

/// Writes `envelope` as the document's envelope and verifies it with newsroom.pub (+ `extra`).
fn verify_with(scratch: &Scratch, envelope: &Value, extra: &[&str], case: &str) -> (i32, Value) {
    write_json(&scratch.path(ENVELOPE), envelope);
    verify_report(scratch, DOCUMENT, extra, case)
}

/// The envelope with its payload replaced by `payload` and everything else (the signature)
/// kept.
fn with_payload(envelope: &Value, payload: &[u8]) -> Value {
    let mut tampered = envelope.clone();
    tampered["payload"] = Value::from(b64(payload));
    tampered
}

/// The decoded signature bytes of signature `i`.
fn sig_bytes(envelope: &Value, i: usize) -> Vec<u8> {
    crate::util::unb64(envelope["signatures"][i]["sig"].as_str().unwrap())
}

fn key_id(scratch: &Scratch, name: &str) -> String {
    tprov::PublicKey::load(&scratch.path(name))
        .unwrap()
        .key_id()
        .to_hex()
}

// ---------------------------------------------------------------------------------------------
// The inputs: the translated document and the source.
// ---------------------------------------------------------------------------------------------

#[test]
fn any_change_to_the_document_fails_the_document_check() {
    let (scratch, _) = signed();
    let original = fs::read(scratch.path(DOCUMENT)).unwrap();
    let middle = original.len() / 2;
    let flip = |at: usize| {
        let mut d = original.clone();
        d[at] ^= 0x01;
        d
    };
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("first byte changed", flip(0)),
        ("middle byte changed", flip(middle)),
        ("last byte changed", flip(original.len() - 1)),
        ("newline appended", [&original[..], b"\n"].concat()),
        (
            "CRLF line endings",
            String::from_utf8(original.clone())
                .unwrap()
                .replace('\n', "\r\n")
                .into_bytes(),
        ),
        (
            "truncated by one byte",
            original[..original.len() - 1].to_vec(),
        ),
        ("emptied", Vec::new()),
        (
            "replaced by the raw machine translation",
            fs::read(scratch.path("commentary.en.mt.md")).unwrap(),
        ),
    ];
    for (case, bytes) in cases {
        assert_ne!(bytes, original, "{case}: the test must change the document");
        fs::write(scratch.path(DOCUMENT), &bytes).unwrap();
        // --exact: the bytes are what is tampered with here (CRLF and an added newline keep
        // the text, and verify by text without it: tests/textint.rs).
        let (exit, report) = verify_report(&scratch, DOCUMENT, &["--exact"], case);
        assert_fails_at(exit, &report, "document", case);
        let detail = crate::util::check(&report, "document", case)["detail"]
            .as_str()
            .unwrap();
        assert!(
            detail.contains(&crate::util::sha256_hex(&bytes)),
            "{case}: expected the document check to give the document's digest: {detail}"
        );
    }
    fs::write(scratch.path(DOCUMENT), &original).unwrap();
    let (exit, report) = verify_report(&scratch, DOCUMENT, &[], "restored document");
    assert_verified(exit, &report, "restored document");
}

#[test]
fn any_change_to_the_source_fails_the_source_check() {
    let (scratch, _) = signed();
    let original = fs::read(scratch.path("commentary.zh.md")).unwrap();
    let n = original.len();
    for (case, at) in [
        ("first byte", 0),
        ("middle byte", n / 2),
        ("last byte", n - 1),
    ] {
        let mut bytes = original.clone();
        bytes[at] ^= 0x01;
        fs::write(scratch.path("commentary.zh.md"), &bytes).unwrap();
        let (exit, report) =
            verify_report(&scratch, DOCUMENT, &["--source", "commentary.zh.md"], case);
        assert_fails_at(exit, &report, "source", case);
        // Without --source the source is not checked, so the record still verifies.
        let (exit, report) = verify_report(&scratch, DOCUMENT, &[], case);
        assert_verified(exit, &report, &format!("{case}, without --source"));
    }
    fs::write(
        scratch.path("commentary.zh.md"),
        [&original[..], b"\n"].concat(),
    )
    .unwrap();
    let (exit, report) = verify_report(
        &scratch,
        DOCUMENT,
        &["--source", "commentary.zh.md"],
        "source with a newline appended",
    );
    assert_fails_at(exit, &report, "source", "source with a newline appended");
}

// ---------------------------------------------------------------------------------------------
// The payload: every field of the statement is signed.
// ---------------------------------------------------------------------------------------------

/// Every single-step change to a JSON value: each leaf changed, each object given an unknown
/// field, each field removed, each array extended and shortened. Returns (JSON pointer and what
/// was done, the whole changed value).
fn mutations(root: &Value) -> Vec<(String, Value)> {
    fn change(
        root: &Value,
        pointer: &str,
        what: &str,
        f: &dyn Fn(&mut Value),
        out: &mut Vec<(String, Value)>,
    ) {
        let mut whole = root.clone();
        let target = if pointer.is_empty() {
            &mut whole
        } else {
            whole.pointer_mut(pointer).unwrap()
        };
        f(target);
        out.push((format!("{pointer} {what}"), whole));
    }
    fn walk(root: &Value, node: &Value, pointer: &str, out: &mut Vec<(String, Value)>) {
        let changed = |what: &str, f: &dyn Fn(&mut Value), out: &mut Vec<_>| {
            change(root, pointer, what, f, out)
        };
        match node {
            Value::String(s) => {
                // Same length, last character changed: a digest stays 64 hex characters.
                let mut t: Vec<char> = s.chars().collect();
                match t.last_mut() {
                    Some(c) => *c = if *c == '0' { '1' } else { '0' },
                    None => t.push('x'),
                }
                let t: String = t.into_iter().collect();
                changed("string changed", &|v| *v = Value::from(t.clone()), out);
                changed("string → number", &|v| *v = json!(1), out);
            }
            Value::Number(n) => {
                let n = n.as_u64().expect("the record holds unsigned integers only");
                changed("number + 1", &|v| *v = json!(n + 1), out);
                changed("number → string", &|v| *v = Value::from(n.to_string()), out);
            }
            Value::Bool(b) => changed("bool flipped", &|v| *v = Value::from(!b), out),
            Value::Null => changed("null → 0", &|v| *v = json!(0), out),
            Value::Array(items) => {
                let extra = items.last().cloned().unwrap_or(Value::Null);
                changed(
                    "array extended",
                    &|v| v.as_array_mut().unwrap().push(extra.clone()),
                    out,
                );
                if !items.is_empty() {
                    changed(
                        "array shortened",
                        &|v| {
                            v.as_array_mut().unwrap().pop();
                        },
                        out,
                    );
                }
                if items.len() > 1 {
                    changed(
                        "array reversed",
                        &|v| v.as_array_mut().unwrap().reverse(),
                        out,
                    );
                }
                for (i, item) in items.iter().enumerate() {
                    walk(root, item, &format!("{pointer}/{i}"), out);
                }
            }
            Value::Object(map) => {
                changed(
                    "unknown field added",
                    &|v| {
                        v.as_object_mut()
                            .unwrap()
                            .insert("x-added".into(), json!("added after signing"));
                    },
                    out,
                );
                for (key, item) in map {
                    let key_for_removal = key.clone();
                    changed(
                        &format!("field {key:?} removed"),
                        &|v| {
                            v.as_object_mut().unwrap().shift_remove(&key_for_removal);
                        },
                        out,
                    );
                    let escaped = key.replace('~', "~0").replace('/', "~1");
                    walk(root, item, &format!("{pointer}/{escaped}"), out);
                }
            }
        }
    }
    let mut out = Vec::new();
    walk(root, root, "", &mut out);
    out
}

/// Applies every mutation to the payload of `envelope`, keeps the signature, and checks that
/// each one fails the signature check. Returns the mutation names.
fn assert_every_payload_change_fails(
    scratch: &Scratch,
    envelope: &Value,
    label: &str,
) -> Vec<String> {
    let original = payload_bytes(envelope);
    let statement = payload_json(envelope);
    // Control: re-encoding the unchanged statement gives the signed bytes, and they verify; so
    // every failure below is caused by the change alone.
    assert_eq!(
        serde_json::to_vec(&statement).unwrap(),
        original,
        "{label}: expected the harness to re-encode the unchanged payload byte for byte"
    );
    let (exit, report) = verify_with(scratch, &with_payload(envelope, &original), &[], label);
    assert_verified(
        exit,
        &report,
        &format!("{label}: control, unchanged payload"),
    );

    let all = mutations(&statement);
    for (what, changed) in &all {
        let case = format!("{label}: payload {what}");
        let bytes = serde_json::to_vec(changed).unwrap();
        assert_ne!(
            bytes, original,
            "{case}: the mutation must change the payload bytes"
        );
        let (exit, report) = verify_with(scratch, &with_payload(envelope, &bytes), &[], &case);
        assert_fails_at(exit, &report, "signature", &case);
    }
    all.into_iter().map(|(what, _)| what).collect()
}

#[test]
fn every_field_of_the_first_release_is_signed() {
    let (scratch, envelope) = signed();
    let done = assert_every_payload_change_fails(&scratch, &envelope, "revision 1");
    // The walk reaches every field the brief names; list them so a gap is visible.
    for pointer in [
        "/_type string changed",
        "/subject/0/name string changed",
        "/subject/0/digest/sha256 string changed",
        "/predicateType string changed",
        "/predicate/source/name string changed",
        "/predicate/source/uri string changed",
        "/predicate/source/digest/sha256 string changed",
        "/predicate/source/title string changed",
        "/predicate/source/author string changed",
        "/predicate/source/published string changed",
        "/predicate/sourceLanguage string changed",
        "/predicate/targetLanguage string changed",
        "/predicate/method string changed",
        "/predicate/digitalSourceTypes/1 string changed",
        "/predicate/agents/0/role string changed",
        "/predicate/agents/0/kind string changed",
        "/predicate/agents/0/name string changed",
        "/predicate/agents/0/version string changed",
        "/predicate/agents/0/model string changed",
        "/predicate/agents/3/kind string changed",
        "/predicate/translatedAt string changed",
        "/predicate/signedAt string changed",
        "/predicate/revision number + 1",
        " unknown field added",
        "/predicate unknown field added",
        "/predicate field \"agents\" removed",
        "/predicate/agents array shortened",
        "/predicate/agents array reversed",
    ] {
        assert!(
            done.iter().any(|d| d == pointer),
            "expected a mutation {pointer:?} among {done:#?}"
        );
    }
    assert!(
        done.len() > 100,
        "expected over 100 mutations, got {}",
        done.len()
    );
}

#[test]
fn every_field_of_a_revision_including_the_previous_link_is_signed() {
    let scratch = Scratch::new();
    let first = scratch.sign_sample();
    fs::rename(&first, scratch.path("v1.tprov.json")).unwrap();
    let output = scratch
        .tprov()
        .args(sample_sign_args(DOCUMENT))
        .args(["--previous", "v1.tprov.json"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "expected revision 2 to be signed: {output:?}"
    );
    let envelope = envelope_json(&scratch.path(ENVELOPE));
    let done = assert_every_payload_change_fails(&scratch, &envelope, "revision 2");
    for pointer in [
        "/predicate/previous/payloadSha256 string changed",
        "/predicate/previous/revision number + 1",
        "/predicate/previous unknown field added",
        "/predicate field \"previous\" removed",
    ] {
        assert!(
            done.iter().any(|d| d == pointer),
            "expected a mutation {pointer:?} among {done:#?}"
        );
    }
}

#[test]
fn the_signature_is_over_payload_bytes_not_the_json_value() {
    let (scratch, envelope) = signed();
    let statement = payload_json(&envelope);
    let original = payload_bytes(&envelope);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        (
            "payload pretty-printed",
            serde_json::to_vec_pretty(&statement).unwrap(),
        ),
        (
            "payload with a trailing newline",
            [&original[..], b"\n"].concat(),
        ),
        (
            "payload with a leading space",
            [b" ", &original[..]].concat(),
        ),
        (
            "payload with a BOM",
            [&b"\xef\xbb\xbf"[..], &original[..]].concat(),
        ),
        ("payload truncated", original[..original.len() - 1].to_vec()),
        ("payload empty", Vec::new()),
        ("payload key order changed", {
            let mut reordered = Map::new();
            for (k, v) in statement.as_object().unwrap().iter().rev() {
                reordered.insert(k.clone(), v.clone());
            }
            serde_json::to_vec(&Value::Object(reordered)).unwrap()
        }),
        (
            "payload with an escaped character",
            String::from_utf8(original.clone())
                .unwrap()
                .replacen("Li Wei", "Li\\u0020Wei", 1)
                .into_bytes(),
        ),
    ];
    for (case, bytes) in cases {
        assert_ne!(bytes, original, "{case}: must change the payload bytes");
        let (exit, report) = verify_with(&scratch, &with_payload(&envelope, &bytes), &[], case);
        assert_fails_at(exit, &report, "signature", case);
    }
}

// ---------------------------------------------------------------------------------------------
// The signature and the payload type.
// ---------------------------------------------------------------------------------------------

/// The Ed25519 group order L, little-endian (RFC 8032 §5.1).
const GROUP_ORDER: [u8; 32] = [
    0xed, 0xd3, 0xf5, 0x5c, 0x1a, 0x63, 0x12, 0x58, 0xd6, 0x9c, 0xf7, 0xa2, 0xde, 0xf9, 0xde, 0x14,
    0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x10,
];

#[test]
fn any_change_to_the_signature_fails_the_signature_check() {
    let (scratch, envelope) = signed();
    let sig = sig_bytes(&envelope, 0);
    assert_eq!(sig.len(), 64, "expected a 64-byte Ed25519 signature");
    let flip = |at: usize, mask: u8| {
        let mut s = sig.clone();
        s[at] ^= mask;
        s
    };
    // S + L: the same scalar mod L, not canonical. Strict verification must refuse it
    // (signature malleability).
    let s_plus_l = {
        let mut s = sig.clone();
        let mut carry = 0u16;
        for i in 0..32 {
            let sum = u16::from(s[32 + i]) + u16::from(GROUP_ORDER[i]) + carry;
            s[32 + i] = sum as u8;
            carry = sum >> 8;
        }
        assert_eq!(carry, 0, "S + L fits in 32 bytes");
        s
    };
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("first byte flipped (R)", flip(0, 0x01)),
        ("last byte of R flipped", flip(31, 0x80)),
        ("first byte of S flipped", flip(32, 0x01)),
        ("middle byte flipped", flip(40, 0x10)),
        ("last byte flipped (S)", flip(63, 0x01)),
        ("top bit of S set", flip(63, 0x80)),
        ("S replaced by S + L", s_plus_l),
        ("R and S swapped", [&sig[32..], &sig[..32]].concat()),
        ("truncated to 63 bytes", sig[..63].to_vec()),
        ("extended to 65 bytes", [&sig[..], &[0u8]].concat()),
        ("doubled to 128 bytes", [&sig[..], &sig[..]].concat()),
        ("all zero", vec![0u8; 64]),
        ("empty", Vec::new()),
    ];
    for (case, bytes) in cases {
        let mut tampered = envelope.clone();
        tampered["signatures"][0]["sig"] = Value::from(b64(&bytes));
        let (exit, report) = verify_with(&scratch, &tampered, &[], case);
        assert_fails_at(exit, &report, "signature", case);
        assert_eq!(
            report["signatures"][0]["verified"], false,
            "{case}: expected the signature reported as not verified: {report:#}"
        );
    }
}

#[test]
fn a_changed_payload_type_fails_the_signature_check() {
    // The PAE covers the payload type, so it cannot be changed after signing.
    let (scratch, envelope) = signed();
    for payload_type in [
        "application/vnd.in-toto+JSON",
        "application/vnd.in-toto+json ",
        "application/json",
        "",
        "http://example.com/HelloWorld",
    ] {
        let case = format!("payloadType {payload_type:?}");
        let mut tampered = envelope.clone();
        tampered["payloadType"] = Value::from(payload_type);
        let (exit, report) = verify_with(&scratch, &tampered, &[], &case);
        assert_fails_at(exit, &report, "signature", &case);
    }
}

#[test]
fn a_signature_by_another_key_or_over_another_record_fails() {
    let (scratch, envelope) = signed();
    let newsroom_id = key_id(&scratch, "newsroom.pub");
    // The translator signs the very same statement.
    let mut args = sample_sign_args(DOCUMENT);
    let key_at = args.iter().position(|a| a == "--key").unwrap() + 1;
    args[key_at] = "translator.key".into();
    let output = scratch
        .tprov()
        .args(&args)
        .args(["--output", "translator.json"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "expected the translator to sign: {output:?}"
    );
    let by_translator = envelope_json(&scratch.path("translator.json"));
    assert_eq!(
        by_translator["payload"], envelope["payload"],
        "precondition: both keys signed the same payload"
    );

    let mut swapped = envelope.clone();
    swapped["signatures"][0]["sig"] = by_translator["signatures"][0]["sig"].clone();
    let case = "translator's signature under the newsroom key id";
    assert_eq!(
        swapped["signatures"][0]["keyid"],
        newsroom_id.as_str(),
        "{case}: precondition"
    );
    let (exit, report) = verify_with(&scratch, &swapped, &[], case);
    assert_fails_at(exit, &report, "signature", case);

    // Trusting the translator too, the same envelope verifies — as the translator's.
    let case = "translator's signature, translator trusted";
    let (exit, report) = verify_with(&scratch, &swapped, &["--pubkey", "translator.pub"], case);
    assert_verified(exit, &report, case);
    assert_eq!(
        report["signatures"][0]["signer"]["name"], "translator",
        "{case}: expected the real signer, not the key id hint: {report:#}"
    );

    // A newsroom signature over another record (another document) does not transfer.
    let output = scratch
        .tprov()
        .args(sample_sign_args("commentary.en.mt.md"))
        .args(["--output", "mt.json"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "expected the MT document to be signed: {output:?}"
    );
    let other = envelope_json(&scratch.path("mt.json"));
    let mut replayed = envelope.clone();
    replayed["signatures"] = other["signatures"].clone();
    let case = "newsroom signature of another record";
    let (exit, report) = verify_with(&scratch, &replayed, &[], case);
    assert_fails_at(exit, &report, "signature", case);
}

// ---------------------------------------------------------------------------------------------
// The signature list.
// ---------------------------------------------------------------------------------------------

#[test]
fn duplicated_extra_and_stripped_signatures() {
    let (scratch, envelope) = signed();
    let good = envelope["signatures"][0].clone();
    let bad = json!({ "keyid": good["keyid"], "sig": b64(&[7u8; 64]) });

    let case = "the signature twice";
    let mut doubled = envelope.clone();
    doubled["signatures"] = json!([good, good]);
    let (exit, report) = verify_with(&scratch, &doubled, &[], case);
    assert_verified(exit, &report, case);
    assert_eq!(
        report["signatures"].as_array().unwrap().len(),
        2,
        "{case}: expected both signatures reported: {report:#}"
    );

    for (case, list, verified) in [
        (
            "a forged signature before the good one",
            json!([bad, good]),
            [false, true],
        ),
        (
            "a forged signature after the good one",
            json!([good, bad]),
            [true, false],
        ),
    ] {
        let mut tampered = envelope.clone();
        tampered["signatures"] = list;
        let (exit, report) = verify_with(&scratch, &tampered, &[], case);
        assert_verified(exit, &report, case);
        for (i, expected) in verified.iter().enumerate() {
            assert_eq!(
                report["signatures"][i]["verified"], *expected,
                "{case}: expected signature #{i} verified: {expected}: {report:#}"
            );
        }
    }

    let case = "only a forged signature";
    let mut forged = envelope.clone();
    forged["signatures"] = json!([bad]);
    let (exit, report) = verify_with(&scratch, &forged, &[], case);
    assert_fails_at(exit, &report, "signature", case);

    let case = "empty signature list";
    let mut stripped = envelope.clone();
    stripped["signatures"] = json!([]);
    let (exit, report) = verify_with(&scratch, &stripped, &[], case);
    assert_fails_at(exit, &report, "envelope", case);
    assert!(
        crate::util::check(&report, "envelope", case)["detail"]
            .as_str()
            .unwrap()
            .contains("no signatures"),
        "{case}: expected the envelope check to say there are no signatures: {report:#}"
    );

    let case = "signatures field removed";
    let mut removed = envelope.clone();
    removed.as_object_mut().unwrap().shift_remove("signatures");
    let (exit, report) = verify_with(&scratch, &removed, &[], case);
    assert_fails_at(exit, &report, "envelope", case);
}

// ---------------------------------------------------------------------------------------------
// What is not signed, and must not matter.
// ---------------------------------------------------------------------------------------------

#[test]
fn the_keyid_is_only_a_hint() {
    let (scratch, envelope) = signed();
    let newsroom_id = key_id(&scratch, "newsroom.pub");
    let translator_id = key_id(&scratch, "translator.pub");
    for (case, keyid, reported) in [
        (
            "keyid of another key",
            Some(json!(translator_id)),
            json!(translator_id),
        ),
        ("keyid removed", None, Value::Null),
        ("keyid empty", Some(json!("")), Value::Null),
        ("keyid not hex", Some(json!("newsroom")), json!("newsroom")),
        (
            "keyid not ASCII",
            Some(json!("aaaaaaaaaaaaaaaé")),
            json!("aaaaaaaaaaaaaaaé"),
        ),
    ] {
        let mut hinted = envelope.clone();
        let signature = hinted["signatures"][0].as_object_mut().unwrap();
        match keyid {
            Some(k) => {
                signature.insert("keyid".into(), k);
            }
            None => {
                signature.shift_remove("keyid");
            }
        }
        let (exit, report) = verify_with(&scratch, &hinted, &["--pubkey", "translator.pub"], case);
        assert_verified(exit, &report, case);
        assert_eq!(
            report["signatures"][0]["keyidHint"], reported,
            "{case}: expected the hint reported as given: {report:#}"
        );
        assert_eq!(
            report["signatures"][0]["signer"],
            json!({ "keyid": newsroom_id, "name": "newsroom" }),
            "{case}: expected the signer found by the signature, whatever the hint: {report:#}"
        );
    }

    // Nor can a hint make a signature by an untrusted key pass.
    let mut args = sample_sign_args(DOCUMENT);
    let key_at = args.iter().position(|a| a == "--key").unwrap() + 1;
    args[key_at] = "translator.key".into();
    let output = scratch
        .tprov()
        .args(&args)
        .args(["-o", "t.json"])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "expected the translator to sign: {output:?}"
    );
    let mut lying = envelope_json(&scratch.path("t.json"));
    lying["signatures"][0]["keyid"] = json!(newsroom_id);
    let case = "translator's signature claiming the newsroom key id";
    let (exit, report) = verify_with(&scratch, &lying, &[], case);
    assert_fails_at(exit, &report, "signature", case);
}

/// Re-encodes standard padded base64 in another style.
fn restyle(text: &str, url_safe: bool, padded: bool) -> String {
    let mut out = if url_safe {
        text.replace('+', "-").replace('/', "_")
    } else {
        text.to_owned()
    };
    if !padded {
        out = out.trim_end_matches('=').to_owned();
    }
    out
}

#[test]
fn base64_alphabet_and_padding_do_not_matter() {
    // The translator's signature of the sample contains '/' and the payload contains '+', so the
    // URL-safe alphabet really changes both (checked below).
    let scratch = Scratch::new();
    let mut args = sample_sign_args(DOCUMENT);
    let key_at = args.iter().position(|a| a == "--key").unwrap() + 1;
    args[key_at] = "translator.key".into();
    let output = scratch.tprov().args(&args).output().unwrap();
    assert!(
        output.status.success(),
        "expected the translator to sign: {output:?}"
    );
    let envelope = envelope_json(&scratch.path(ENVELOPE));
    let payload = envelope["payload"].as_str().unwrap().to_owned();
    let sig = envelope["signatures"][0]["sig"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        payload.contains('+') || payload.contains('/'),
        "precondition: the payload's base64 has a character that differs in the URL-safe alphabet"
    );
    assert!(
        sig.contains('+') || sig.contains('/'),
        "precondition: the signature's base64 has a character that differs in the URL-safe alphabet"
    );
    assert!(
        payload.ends_with('=') && sig.ends_with('='),
        "precondition: both are padded"
    );
    for (case, url_safe, padded) in [
        ("URL-safe, padded", true, true),
        ("URL-safe, unpadded", true, false),
        ("standard, unpadded", false, false),
    ] {
        let mut restyled = envelope.clone();
        restyled["payload"] = json!(restyle(&payload, url_safe, padded));
        restyled["signatures"][0]["sig"] = json!(restyle(&sig, url_safe, padded));
        assert_ne!(
            restyled, envelope,
            "{case}: the re-encoding must change the envelope"
        );
        let (exit, report) =
            verify_with(&scratch, &restyled, &["--pubkey", "translator.pub"], case);
        assert_verified(exit, &report, case);
    }
    let case = "payload URL-safe, signature standard";
    let mut mixed = envelope.clone();
    mixed["payload"] = json!(restyle(&payload, true, false));
    let (exit, report) = verify_with(&scratch, &mixed, &["--pubkey", "translator.pub"], case);
    assert_verified(exit, &report, case);
}

#[test]
fn envelope_layout_does_not_matter() {
    let (scratch, envelope) = signed();
    // Keys in reverse order, in the envelope and in the signature.
    let reversed = {
        let mut sig = Map::new();
        for (k, v) in envelope["signatures"][0].as_object().unwrap().iter().rev() {
            sig.insert(k.clone(), v.clone());
        }
        let mut top = Map::new();
        top.insert("signatures".into(), json!([sig]));
        top.insert("payloadType".into(), envelope["payloadType"].clone());
        top.insert("payload".into(), envelope["payload"].clone());
        Value::Object(top)
    };
    let tabbed = {
        let mut out = Vec::new();
        let formatter = serde_json::ser::PrettyFormatter::with_indent(b"\t");
        let mut ser = serde_json::Serializer::with_formatter(&mut out, formatter);
        serde::Serialize::serialize(&reversed, &mut ser).unwrap();
        let text = String::from_utf8(out).unwrap().replace('\n', "\r\n");
        format!("\r\n  {text}  \r\n\r\n").into_bytes()
    };
    let mut extended = envelope.clone();
    extended["x-unsigned-note"] = json!("envelope fields outside the payload are not signed");
    extended["signatures"][0]["x-note"] = json!(1);
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("compact", serde_json::to_vec(&envelope).unwrap()),
        ("keys reversed", serde_json::to_vec(&reversed).unwrap()),
        ("tabs, CRLF and surrounding whitespace", tabbed),
        (
            "unknown envelope fields",
            serde_json::to_vec(&extended).unwrap(),
        ),
    ];
    let original = fs::read(scratch.path(ENVELOPE)).unwrap();
    for (case, bytes) in cases {
        assert_ne!(bytes, original, "{case}: the layout must change the file");
        fs::write(scratch.path(ENVELOPE), &bytes).unwrap();
        let (exit, report) = verify_report(&scratch, DOCUMENT, &[], case);
        assert_verified(exit, &report, case);
    }
}
