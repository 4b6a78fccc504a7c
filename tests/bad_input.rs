//! The bad-input table: for each malformed or misplaced input, the exit code, a message naming
//! the problem (and the path, where there is one), and that nothing was written — in particular
//! no `.tprov-*.tmp` file is left behind.

use std::fs;

use serde_json::{Value, json};

use crate::util::{
    Scratch, b64, code, envelope_json, out_err, payload_bytes, root, sample_sign_args,
    temp_leftovers, write_json,
};

const ENVELOPE: &str = "commentary.en.md.tprov.json";
const IN_TOTO: &str = "application/vnd.in-toto+json";

struct Case {
    /// What is wrong; every assertion message starts with it.
    name: &'static str,
    /// Prepares the scratch folder (which starts with the sample documents and demo keys).
    setup: fn(&Scratch),
    /// The tprov arguments.
    args: &'static [&'static str],
    /// The expected exit code.
    code: i32,
    /// Texts the standard error must contain.
    stderr_contains: &'static [&'static str],
    /// Files the command is meant to create (everything else must be unchanged).
    writes: &'static [&'static str],
}

const VERIFY: &[&str] = &["verify", "commentary.en.md", "--pubkey", "newsroom.pub"];

fn nothing(_: &Scratch) {}

fn signed(s: &Scratch) {
    s.sign_sample();
}

fn write(s: &Scratch, name: &str, bytes: &[u8]) {
    fs::write(s.path(name), bytes).unwrap();
}

/// Signs the sample, then rewrites its envelope JSON.
fn edit_envelope(s: &Scratch, edit: impl FnOnce(&mut Value)) {
    let mut envelope = envelope_json(&s.sign_sample());
    edit(&mut envelope);
    write_json(&s.path(ENVELOPE), &envelope);
}

/// An envelope over `payload` of `payload_type`, correctly signed with the trusted newsroom key
/// through the library (the CLI only ever signs tprov records).
fn write_signed_envelope(s: &Scratch, payload_type: &str, payload: &[u8]) {
    let key = tprov::SecretKey::load(&s.path("newsroom.key")).unwrap();
    let envelope = tprov::Envelope::sign(payload_type, payload.to_vec(), &key);
    write(s, ENVELOPE, &envelope.to_json());
}

/// The sample statement, edited, correctly signed.
fn write_signed_statement(s: &Scratch, edit: impl FnOnce(&mut Value)) {
    let envelope = envelope_json(&s.sign_sample());
    let mut statement: Value = serde_json::from_slice(&payload_bytes(&envelope)).unwrap();
    edit(&mut statement);
    write_signed_envelope(s, IN_TOTO, &serde_json::to_vec(&statement).unwrap());
}

/// Copies a file of `tests/vectors/foreign-keys` into the scratch folder.
fn foreign_key(s: &Scratch, name: &str) {
    fs::copy(
        root().join("tests/vectors/foreign-keys").join(name),
        s.path(name),
    )
    .unwrap();
}

/// Signs the sample and pads the envelope with trailing spaces to exactly `size` bytes.
fn padded_envelope(s: &Scratch, size: usize) {
    let mut bytes = fs::read(s.sign_sample()).unwrap();
    assert!(bytes.len() < size, "the sample envelope is small");
    bytes.resize(size, b' ');
    write(s, ENVELOPE, &bytes);
}

/// Signs the sample and repeats its signature `n` times.
fn repeated_signatures(s: &Scratch, n: usize) {
    edit_envelope(s, |e| {
        let one = e["signatures"][0].clone();
        e["signatures"] = Value::Array(vec![one; n]);
    });
}

const MIB4: usize = 4 * 1024 * 1024;

/// A well-formed source digest, for sign cases that fail before the source matters.
const ZEROS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

fn cases() -> Vec<Case> {
    vec![
        // --- envelopes that are not DSSE envelopes: a failed envelope check (exit 1) ---
        Case {
            name: "empty envelope file",
            setup: |s| write(s, ENVELOPE, b""),
            args: VERIFY,
            code: 1,
            stderr_contains: &["NOT VERIFIED: envelope check failed", "not valid JSON"],
            writes: &[],
        },
        Case {
            name: "non-JSON envelope",
            setup: |s| write(s, ENVELOPE, b"DSSEv1 this is not JSON"),
            args: VERIFY,
            code: 1,
            stderr_contains: &["envelope check failed", "not valid JSON"],
            writes: &[],
        },
        Case {
            name: "non-UTF-8 envelope",
            setup: |s| write(s, ENVELOPE, b"{\"payload\": \"\xff\xfe\"}"),
            args: VERIFY,
            code: 1,
            stderr_contains: &["envelope check failed", "not valid JSON"],
            writes: &[],
        },
        Case {
            name: "JSON array envelope",
            setup: |s| write(s, ENVELOPE, b"[]"),
            args: VERIFY,
            code: 1,
            stderr_contains: &["envelope check failed", "not a DSSE envelope"],
            writes: &[],
        },
        Case {
            name: "JSON string envelope",
            setup: |s| write(s, ENVELOPE, b"\"payload\""),
            args: VERIFY,
            code: 1,
            stderr_contains: &["envelope check failed", "not a DSSE envelope"],
            writes: &[],
        },
        Case {
            name: "envelope without payload",
            setup: |s| {
                edit_envelope(s, |e| {
                    e.as_object_mut().unwrap().shift_remove("payload");
                })
            },
            args: VERIFY,
            code: 1,
            stderr_contains: &["envelope check failed", "`payload`"],
            writes: &[],
        },
        Case {
            name: "envelope without payloadType",
            setup: |s| {
                edit_envelope(s, |e| {
                    e.as_object_mut().unwrap().shift_remove("payloadType");
                })
            },
            args: VERIFY,
            code: 1,
            stderr_contains: &["envelope check failed", "`payloadType`"],
            writes: &[],
        },
        Case {
            name: "envelope without signatures",
            setup: |s| {
                edit_envelope(s, |e| {
                    e.as_object_mut().unwrap().shift_remove("signatures");
                })
            },
            args: VERIFY,
            code: 1,
            stderr_contains: &["envelope check failed", "`signatures`"],
            writes: &[],
        },
        Case {
            name: "payload is a number",
            setup: |s| edit_envelope(s, |e| e["payload"] = json!(42)),
            args: VERIFY,
            code: 1,
            stderr_contains: &["envelope check failed", "invalid type"],
            writes: &[],
        },
        Case {
            name: "payloadType is null",
            setup: |s| edit_envelope(s, |e| e["payloadType"] = Value::Null),
            args: VERIFY,
            code: 1,
            stderr_contains: &["envelope check failed", "invalid type"],
            writes: &[],
        },
        Case {
            name: "signatures is an object",
            setup: |s| {
                edit_envelope(s, |e| {
                    e["signatures"] = json!({ "sig": e["signatures"][0]["sig"] })
                })
            },
            args: VERIFY,
            code: 1,
            stderr_contains: &["envelope check failed", "invalid type"],
            writes: &[],
        },
        Case {
            name: "sig is a number",
            setup: |s| edit_envelope(s, |e| e["signatures"][0]["sig"] = json!(7)),
            args: VERIFY,
            code: 1,
            stderr_contains: &["envelope check failed", "invalid type"],
            writes: &[],
        },
        Case {
            name: "keyid is a number",
            setup: |s| edit_envelope(s, |e| e["signatures"][0]["keyid"] = json!(7)),
            args: VERIFY,
            code: 1,
            stderr_contains: &["envelope check failed", "invalid type"],
            writes: &[],
        },
        Case {
            name: "bad base64 in payload",
            setup: |s| edit_envelope(s, |e| e["payload"] = json!("eyJ!!!")),
            args: VERIFY,
            code: 1,
            stderr_contains: &["envelope check failed", "payload is not valid base64"],
            writes: &[],
        },
        Case {
            name: "bad base64 in sig",
            setup: |s| edit_envelope(s, |e| e["signatures"][0]["sig"] = json!("not base64!")),
            args: VERIFY,
            code: 1,
            stderr_contains: &[
                "envelope check failed",
                "signatures[0].sig is not valid base64",
            ],
            writes: &[],
        },
        Case {
            name: "65 signatures",
            setup: |s| repeated_signatures(s, 65),
            args: VERIFY,
            code: 1,
            stderr_contains: &["envelope check failed", "65 signatures", "at most 64"],
            writes: &[],
        },
        Case {
            name: "64 signatures (the limit)",
            setup: |s| repeated_signatures(s, 64),
            args: VERIFY,
            code: 0,
            stderr_contains: &[],
            writes: &[],
        },
        Case {
            name: "oversize envelope (4 MiB + 1 byte)",
            setup: |s| padded_envelope(s, MIB4 + 1),
            args: VERIFY,
            code: 1,
            stderr_contains: &["envelope check failed", "4194304-byte limit"],
            writes: &[],
        },
        Case {
            name: "envelope of exactly 4 MiB (the limit)",
            setup: |s| padded_envelope(s, MIB4),
            args: VERIFY,
            code: 0,
            stderr_contains: &[],
            writes: &[],
        },
        // --- well-formed envelopes that fail a later check (exit 1) ---
        Case {
            name: "short signature (32 bytes)",
            setup: |s| {
                edit_envelope(s, |e| {
                    let sig = crate::util::unb64(e["signatures"][0]["sig"].as_str().unwrap());
                    e["signatures"][0]["sig"] = json!(b64(&sig[..32]));
                })
            },
            args: VERIFY,
            code: 1,
            stderr_contains: &["NOT VERIFIED: signature check failed"],
            writes: &[],
        },
        Case {
            name: "wrong payloadType, validly signed by the trusted key",
            setup: |s| {
                let payload = payload_bytes(&envelope_json(&s.sign_sample()));
                write_signed_envelope(s, "application/json", &payload);
            },
            args: VERIFY,
            code: 1,
            stderr_contains: &["statement check failed", "\"application/json\""],
            writes: &[],
        },
        Case {
            name: "signed payload that is not JSON",
            setup: |s| write_signed_envelope(s, IN_TOTO, b"hello world"),
            args: VERIFY,
            code: 1,
            stderr_contains: &["statement check failed", "not JSON"],
            writes: &[],
        },
        Case {
            name: "signed statement of another predicateType",
            setup: |s| {
                write_signed_statement(s, |st| {
                    st["predicateType"] = json!("https://slsa.dev/provenance/v1")
                })
            },
            args: VERIFY,
            code: 1,
            stderr_contains: &["statement check failed", "https://slsa.dev/provenance/v1"],
            writes: &[],
        },
        Case {
            name: "signed in-toto v0.1 statement",
            setup: |s| {
                write_signed_statement(s, |st| {
                    st["_type"] = json!("https://in-toto.io/Statement/v0.1")
                })
            },
            args: VERIFY,
            code: 1,
            stderr_contains: &["statement check failed", "Statement v1"],
            writes: &[],
        },
        Case {
            name: "signed statement with two subjects",
            setup: |s| {
                write_signed_statement(s, |st| {
                    let one = st["subject"][0].clone();
                    st["subject"] = json!([one.clone(), one]);
                })
            },
            args: VERIFY,
            code: 1,
            stderr_contains: &["statement check failed", "exactly one subject"],
            writes: &[],
        },
        Case {
            name: "signed statement without a subject digest",
            setup: |s| write_signed_statement(s, |st| st["subject"][0]["digest"] = json!({})),
            args: VERIFY,
            code: 1,
            stderr_contains: &["statement check failed", "sha256"],
            writes: &[],
        },
        Case {
            name: "signed statement without agents",
            setup: |s| {
                write_signed_statement(s, |st| {
                    st["predicate"]
                        .as_object_mut()
                        .unwrap()
                        .shift_remove("agents");
                })
            },
            args: VERIFY,
            code: 1,
            stderr_contains: &["statement check failed", "agents"],
            writes: &[],
        },
        Case {
            name: "signed statement nested 40 levels deep",
            setup: |s| {
                write_signed_statement(s, |st| {
                    let mut deep = json!(0);
                    for _ in 0..40 {
                        deep = json!([deep]);
                    }
                    st["predicate"]["x-deep"] = deep;
                })
            },
            args: VERIFY,
            code: 1,
            stderr_contains: &["statement check failed", "nested"],
            writes: &[],
        },
        Case {
            name: "signed statement with an unknown canonicalization",
            setup: |s| {
                write_signed_statement(s, |st| {
                    st["predicate"]["canonicalization"] = json!("nfc-lf")
                })
            },
            args: VERIFY,
            code: 1,
            stderr_contains: &["statement check failed", "canonicalization"],
            writes: &[],
        },
        // --- base64 variants DSSE allows: must verify ---
        Case {
            name: "URL-safe unpadded base64",
            setup: |s| {
                // The translator's signature of the sample has '/', the payload has '+'.
                let mut args = sample_sign_args("commentary.en.md");
                let key_at = args.iter().position(|a| a == "--key").unwrap() + 1;
                args[key_at] = "translator.key".into();
                assert!(s.tprov().args(&args).output().unwrap().status.success());
                let mut e = envelope_json(&s.path(ENVELOPE));
                for field in ["/payload", "/signatures/0/sig"] {
                    let text = e.pointer(field).unwrap().as_str().unwrap().to_owned();
                    let url = text.replace('+', "-").replace('/', "_").replace('=', "");
                    assert!(
                        url.contains('-') || url.contains('_'),
                        "URL-safe setup: {field} must change alphabet"
                    );
                    *e.pointer_mut(field).unwrap() = json!(url);
                }
                write_json(&s.path(ENVELOPE), &e);
            },
            args: &["verify", "commentary.en.md", "--pubkey", "translator.pub"],
            code: 0,
            stderr_contains: &[],
            writes: &[],
        },
        // --- missing files: exit 2, naming the path ---
        Case {
            name: "missing document",
            setup: signed,
            args: &[
                "verify",
                "missing.md",
                "--envelope",
                ENVELOPE,
                "--pubkey",
                "newsroom.pub",
            ],
            code: 2,
            stderr_contains: &["missing.md", "No such file"],
            writes: &[],
        },
        Case {
            name: "missing envelope",
            setup: nothing,
            args: VERIFY,
            code: 2,
            stderr_contains: &[
                "no envelope next to commentary.en.md (expected commentary.en.md.tprov.json)",
                "give --envelope FILE",
            ],
            writes: &[],
        },
        Case {
            name: "missing --envelope",
            setup: signed,
            args: &[
                "verify",
                "commentary.en.md",
                "--envelope",
                "nope.json",
                "--pubkey",
                "newsroom.pub",
            ],
            code: 2,
            stderr_contains: &["nope.json", "No such file"],
            writes: &[],
        },
        Case {
            name: "missing --pubkey file",
            setup: signed,
            args: &["verify", "commentary.en.md", "--pubkey", "nope.pub"],
            code: 2,
            stderr_contains: &["nope.pub", "No such file"],
            writes: &[],
        },
        Case {
            name: "missing --trust path",
            setup: signed,
            args: &["verify", "commentary.en.md", "--trust", "nope-dir"],
            code: 2,
            stderr_contains: &["nope-dir", "No such file"],
            writes: &[],
        },
        Case {
            name: "missing --source for verify",
            setup: signed,
            args: &[
                "verify",
                "commentary.en.md",
                "--pubkey",
                "newsroom.pub",
                "--source",
                "nope.zh.md",
            ],
            code: 2,
            stderr_contains: &["nope.zh.md", "No such file"],
            writes: &[],
        },
        Case {
            name: "missing document for sign",
            setup: nothing,
            args: &[
                "sign",
                "missing.md",
                "--key",
                "newsroom.key",
                "--source-sha256",
                ZEROS,
                "--engine",
                "E",
            ],
            code: 2,
            stderr_contains: &["missing.md", "No such file"],
            writes: &[],
        },
        Case {
            name: "missing --key for sign",
            setup: nothing,
            args: &["sign", "commentary.en.md", "--key", "nope.key"],
            code: 2,
            stderr_contains: &["nope.key", "No such file"],
            writes: &[],
        },
        Case {
            name: "missing --source for sign",
            setup: nothing,
            args: &[
                "sign",
                "commentary.en.md",
                "--key",
                "newsroom.key",
                "--source",
                "nope.zh.md",
                "--source-lang",
                "zh",
                "--target-lang",
                "en",
                "--engine",
                "E",
            ],
            code: 2,
            stderr_contains: &["nope.zh.md", "No such file"],
            writes: &[],
        },
        Case {
            name: "missing --meta for sign",
            setup: nothing,
            args: &[
                "sign",
                "commentary.en.md",
                "--key",
                "newsroom.key",
                "--meta",
                "nope.json",
            ],
            code: 2,
            stderr_contains: &["nope.json", "No such file"],
            writes: &[],
        },
        Case {
            name: "missing --previous for sign",
            setup: nothing,
            args: &[
                "sign",
                "commentary.en.md",
                "--key",
                "newsroom.key",
                "--source",
                "commentary.zh.md",
                "--source-lang",
                "zh",
                "--target-lang",
                "en",
                "--engine",
                "E",
                "--previous",
                "old.json",
            ],
            code: 2,
            stderr_contains: &["old.json", "No such file"],
            writes: &[],
        },
        Case {
            name: "malformed --previous for sign",
            setup: |s| write(s, "old.json", b"{}"),
            args: &[
                "sign",
                "commentary.en.md",
                "--key",
                "newsroom.key",
                "--source",
                "commentary.zh.md",
                "--source-lang",
                "zh",
                "--target-lang",
                "en",
                "--engine",
                "E",
                "--previous",
                "old.json",
            ],
            code: 2,
            stderr_contains: &["old.json", "not a DSSE envelope"],
            writes: &[],
        },
        Case {
            name: "sign output into a missing directory",
            setup: nothing,
            args: &[
                "sign",
                "commentary.en.md",
                "--key",
                "newsroom.key",
                "--source",
                "commentary.zh.md",
                "--source-lang",
                "zh",
                "--target-lang",
                "en",
                "--engine",
                "E",
                "--output",
                "no-such-dir/record.json",
            ],
            code: 2,
            stderr_contains: &["no-such-dir/record.json"],
            writes: &[],
        },
        // --- directories and special files where a file is needed: exit 2 ---
        Case {
            name: "directory as the document",
            setup: |s| {
                signed(s);
                fs::create_dir(s.path("folder")).unwrap();
            },
            args: &[
                "verify",
                "folder",
                "--envelope",
                ENVELOPE,
                "--pubkey",
                "newsroom.pub",
            ],
            code: 2,
            stderr_contains: &["folder is a directory"],
            writes: &[],
        },
        Case {
            name: "directory as the envelope",
            setup: |s| fs::create_dir(s.path("folder")).unwrap(),
            args: &[
                "verify",
                "commentary.en.md",
                "--envelope",
                "folder",
                "--pubkey",
                "newsroom.pub",
            ],
            code: 2,
            stderr_contains: &["folder is a directory"],
            writes: &[],
        },
        Case {
            name: "directory as --pubkey",
            setup: |s| {
                signed(s);
                fs::create_dir(s.path("folder.pub")).unwrap();
            },
            args: &["verify", "commentary.en.md", "--pubkey", "folder.pub"],
            code: 2,
            stderr_contains: &["folder.pub is a directory"],
            writes: &[],
        },
        Case {
            name: "directory as sign --key",
            setup: |s| fs::create_dir(s.path("folder.key")).unwrap(),
            args: &["sign", "commentary.en.md", "--key", "folder.key"],
            code: 2,
            stderr_contains: &["folder.key is a directory"],
            writes: &[],
        },
        Case {
            name: "directory as the document to sign",
            setup: |s| fs::create_dir(s.path("folder")).unwrap(),
            args: &[
                "sign",
                "folder",
                "--key",
                "newsroom.key",
                "--source-sha256",
                ZEROS,
                "--engine",
                "E",
            ],
            code: 2,
            stderr_contains: &["folder is a directory"],
            writes: &[],
        },
        Case {
            name: "device as the document",
            setup: signed,
            args: &[
                "verify",
                "/dev/null",
                "--envelope",
                ENVELOPE,
                "--pubkey",
                "newsroom.pub",
            ],
            code: 2,
            stderr_contains: &["/dev/null is not a regular file"],
            writes: &[],
        },
        Case {
            name: "trust folder without keys",
            setup: |s| {
                signed(s);
                fs::create_dir(s.path("empty-trust")).unwrap();
                write(s, "empty-trust/newsroom.txt", b"not a .pub file");
            },
            args: &["verify", "commentary.en.md", "--trust", "empty-trust"],
            code: 2,
            stderr_contains: &["empty-trust", "no public keys found"],
            writes: &[],
        },
        // --- keys of the wrong kind: exit 2, saying what is wrong ---
        Case {
            name: "public key given to sign --key",
            setup: nothing,
            args: &["sign", "commentary.en.md", "--key", "newsroom.pub"],
            code: 2,
            stderr_contains: &["newsroom.pub", "this is a public key"],
            writes: &[],
        },
        Case {
            name: "secret key given as --pubkey",
            setup: signed,
            args: &["verify", "commentary.en.md", "--pubkey", "newsroom.key"],
            code: 2,
            stderr_contains: &["newsroom.key", "this is a secret key"],
            writes: &[],
        },
        Case {
            name: "secret key named .pub in a --trust folder",
            setup: |s| {
                signed(s);
                fs::create_dir(s.path("trust")).unwrap();
                fs::copy(s.path("newsroom.key"), s.path("trust/newsroom.pub")).unwrap();
            },
            args: &["verify", "commentary.en.md", "--trust", "trust"],
            code: 2,
            stderr_contains: &["trust/newsroom.pub", "this is a secret key"],
            writes: &[],
        },
        Case {
            name: "empty secret key file",
            setup: |s| write(s, "empty.key", b""),
            args: &["sign", "commentary.en.md", "--key", "empty.key"],
            code: 2,
            stderr_contains: &["empty.key", "not a PEM key file"],
            writes: &[],
        },
        Case {
            name: "empty public key file",
            setup: |s| {
                signed(s);
                write(s, "empty.pub", b"");
            },
            args: &["verify", "commentary.en.md", "--pubkey", "empty.pub"],
            code: 2,
            stderr_contains: &["empty.pub", "not a PEM key file"],
            writes: &[],
        },
        Case {
            name: "garbage secret key file",
            setup: |s| write(s, "garbage.key", b"\x00\x01binary garbage\xff"),
            args: &["sign", "commentary.en.md", "--key", "garbage.key"],
            code: 2,
            stderr_contains: &["garbage.key", "not a PEM key file"],
            writes: &[],
        },
        Case {
            name: "garbage public key file",
            setup: |s| {
                signed(s);
                write(
                    s,
                    "garbage.pub",
                    b"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI user@host\n",
                );
            },
            args: &["verify", "commentary.en.md", "--pubkey", "garbage.pub"],
            code: 2,
            stderr_contains: &["garbage.pub", "not a PEM key file"],
            writes: &[],
        },
        Case {
            name: "PEM secret key with a damaged body",
            setup: |s| {
                write(
                    s,
                    "damaged.key",
                    b"-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
                )
            },
            args: &["sign", "commentary.en.md", "--key", "damaged.key"],
            code: 2,
            stderr_contains: &["damaged.key", "not a valid Ed25519 key"],
            writes: &[],
        },
        Case {
            name: "PEM certificate as --pubkey",
            setup: |s| {
                signed(s);
                write(
                    s,
                    "cert.pub",
                    b"-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n",
                );
            },
            args: &["verify", "commentary.en.md", "--pubkey", "cert.pub"],
            code: 2,
            stderr_contains: &["cert.pub", "not a valid Ed25519 key", "CERTIFICATE"],
            writes: &[],
        },
        Case {
            name: "RSA secret key made by openssl",
            setup: |s| foreign_key(s, "rsa.key"),
            args: &["sign", "commentary.en.md", "--key", "rsa.key"],
            code: 2,
            stderr_contains: &["rsa.key", "not a valid Ed25519 key"],
            writes: &[],
        },
        Case {
            name: "RSA public key made by openssl",
            setup: |s| {
                signed(s);
                foreign_key(s, "rsa.pub");
            },
            args: &["verify", "commentary.en.md", "--pubkey", "rsa.pub"],
            code: 2,
            stderr_contains: &["rsa.pub", "not a valid Ed25519 key"],
            writes: &[],
        },
        Case {
            name: "EC P-256 secret key made by openssl",
            setup: |s| foreign_key(s, "ec.key"),
            args: &["sign", "commentary.en.md", "--key", "ec.key"],
            code: 2,
            stderr_contains: &["ec.key", "not a valid Ed25519 key"],
            writes: &[],
        },
        Case {
            name: "EC P-256 public key made by openssl",
            setup: |s| {
                signed(s);
                foreign_key(s, "ec.pub");
            },
            args: &["verify", "commentary.en.md", "--pubkey", "ec.pub"],
            code: 2,
            stderr_contains: &["ec.pub", "not a valid Ed25519 key"],
            writes: &[],
        },
        Case {
            name: "Ed448 secret key made by openssl",
            setup: |s| foreign_key(s, "ed448.key"),
            args: &["sign", "commentary.en.md", "--key", "ed448.key"],
            code: 2,
            stderr_contains: &["ed448.key", "not a valid Ed25519 key"],
            writes: &[],
        },
        Case {
            name: "Ed448 public key made by openssl",
            setup: |s| {
                signed(s);
                foreign_key(s, "ed448.pub");
            },
            args: &["verify", "commentary.en.md", "--pubkey", "ed448.pub"],
            code: 2,
            stderr_contains: &["ed448.pub", "not a valid Ed25519 key"],
            writes: &[],
        },
        Case {
            name: "weak (small-order) Ed25519 public key",
            setup: |s| {
                signed(s);
                foreign_key(s, "weak-ed25519.pub");
            },
            args: &["verify", "commentary.en.md", "--pubkey", "weak-ed25519.pub"],
            code: 2,
            stderr_contains: &["weak-ed25519.pub", "weak"],
            writes: &[],
        },
        Case {
            name: "oversize key file",
            setup: |s| {
                let mut pem = fs::read(s.path("newsroom.key")).unwrap();
                pem.resize(64 * 1024 + 1, b'\n');
                write(s, "big.key", &pem);
            },
            args: &["sign", "commentary.en.md", "--key", "big.key"],
            code: 2,
            stderr_contains: &["big.key", "65536-byte limit"],
            writes: &[],
        },
        Case {
            name: "oversize --meta file",
            setup: |s| {
                let mut meta = b"{\"engine\": \"E\"}".to_vec();
                meta.resize(1024 * 1024 + 1, b' ');
                write(s, "big.json", &meta);
            },
            args: &[
                "sign",
                "commentary.en.md",
                "--key",
                "newsroom.key",
                "--meta",
                "big.json",
            ],
            code: 2,
            stderr_contains: &["big.json", "1048576-byte limit"],
            writes: &[],
        },
        // --- an empty translation is a document like any other ---
        Case {
            name: "empty translation file is signed",
            setup: |s| write(s, "empty.md", b""),
            args: &[
                "sign",
                "empty.md",
                "--key",
                "newsroom.key",
                "--source",
                "commentary.zh.md",
                "--source-lang",
                "zh",
                "--target-lang",
                "en",
                "--engine",
                "E",
            ],
            code: 0,
            stderr_contains: &[],
            writes: &["empty.md.tprov.json"],
        },
        Case {
            name: "empty translation file verifies",
            setup: |s| {
                write(s, "empty.md", b"");
                let out = s
                    .tprov()
                    .args(["sign", "empty.md", "--key", "newsroom.key"])
                    .args(["--source", "commentary.zh.md", "--source-lang", "zh"])
                    .args(["--target-lang", "en", "--engine", "E"])
                    .output()
                    .unwrap();
                assert!(out.status.success(), "empty translation setup: {out:?}");
            },
            args: &["verify", "empty.md", "--pubkey", "newsroom.pub"],
            code: 0,
            stderr_contains: &[],
            writes: &[],
        },
    ]
}

#[test]
fn bad_input_table() {
    let cases = cases();
    let mut names = std::collections::HashSet::new();
    for case in &cases {
        assert!(
            names.insert(case.name),
            "duplicate case name {:?}",
            case.name
        );
        let name = case.name;
        let scratch = Scratch::new();
        (case.setup)(&scratch);
        let before = scratch.snapshot();

        let args = case.args;
        let output = scratch.tprov().args(args).output().unwrap();
        let (stdout, stderr) = out_err(&output);
        assert_eq!(
            code(&output),
            case.code,
            "{name}: expected exit {}; args {args:?}; stdout: {stdout}; stderr: {stderr}",
            case.code
        );
        for needle in case.stderr_contains {
            assert!(
                stderr.contains(needle),
                "{name}: expected stderr to contain {needle:?}; stderr: {stderr:?}"
            );
        }
        match case.code {
            0 => assert!(
                stderr.is_empty(),
                "{name}: expected a silent stderr: {stderr:?}"
            ),
            _ => assert!(
                stderr.starts_with("tprov: ") || stderr.starts_with("error: "),
                "{name}: expected a diagnosis on stderr: {stderr:?}"
            ),
        }
        if case.code == 2 {
            assert!(
                !stdout.contains("VERIFIED"),
                "{name}: expected no verdict when the check could not be made: {stdout}"
            );
            assert_eq!(
                stderr.lines().count(),
                1,
                "{name}: expected a one-line message: {stderr:?}"
            );
        }

        let after = scratch.snapshot();
        let expected: Vec<_> = after
            .iter()
            .filter(|(n, _)| !case.writes.contains(&n.as_str()))
            .cloned()
            .collect();
        assert_eq!(
            expected, before,
            "{name}: expected the folder unchanged apart from {:?}",
            case.writes
        );
        for written in case.writes {
            assert!(
                after.iter().any(|(n, _)| n == written),
                "{name}: expected {written} to be written"
            );
        }
        let leftovers = temp_leftovers(scratch.dir.path());
        assert!(
            leftovers.is_empty(),
            "{name}: expected no temporary files, found {leftovers:?}"
        );
    }
    assert!(
        cases.len() >= 60,
        "expected the full table, got {} cases",
        cases.len()
    );
}
