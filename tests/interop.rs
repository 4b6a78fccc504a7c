//! Interoperability: tprov envelopes are plain DSSE. Independent verifiers — a Python script on
//! pyca/cryptography, securesystemslib's DSSE implementation, and the OpenSSL shell recipe for
//! the README — must agree with `tprov verify` on good and on tampered envelopes. And an
//! envelope signed outside tprov verifies with tprov.
//!
//! Each verifier needs its tools: openssl, and a Python with `cryptography` and `securesystemslib`
//! (`TPROV_TEST_PYTHON`, else `python3`). Under CI a missing tool fails the test (`.ci/run`
//! installs them in a virtual environment); elsewhere the test is skipped with a `SKIPPED` line
//! on stderr (`util::skip`).

use std::fs;
use std::process::Command;

use serde_json::{Value, json};

use crate::util::{
    Scratch, b64, code, envelope_json, have_openssl, have_tool, out_err, payload_bytes, root,
    sample_sign_args, unb64, write_json,
};

const DOCUMENT: &str = "commentary.en.md";
const ENVELOPE: &str = "commentary.en.md.tprov.json";

/// One input for every verifier: an envelope, the document and the trusted public key.
struct Case {
    name: &'static str,
    setup: fn(&Scratch),
    document: &'static str,
    pubkey: &'static str,
    /// 0 verified, 1 not verified.
    expected: i32,
    /// What the failure is about, in the verifiers' one-line reasons.
    reason: &'static str,
}

fn sign_as(s: &Scratch, key: &str, extra: &[&str]) {
    let mut args = sample_sign_args(DOCUMENT);
    let at = args.iter().position(|a| a == "--key").unwrap() + 1;
    args[at] = key.to_owned();
    let output = s.tprov().args(&args).args(extra).output().unwrap();
    assert!(
        output.status.success(),
        "setup: signing with {key}: {output:?}"
    );
}

fn edit(s: &Scratch, f: impl FnOnce(&mut Value)) {
    let mut envelope = envelope_json(&s.path(ENVELOPE));
    f(&mut envelope);
    write_json(&s.path(ENVELOPE), &envelope);
}

fn cases() -> Vec<Case> {
    vec![
        Case {
            name: "the signed sample",
            setup: |s| sign_as(s, "newsroom.key", &[]),
            document: DOCUMENT,
            pubkey: "newsroom.pub",
            expected: 0,
            reason: "",
        },
        Case {
            name: "a revision with a previous link",
            setup: |s| {
                sign_as(s, "newsroom.key", &["--output", "v1.json"]);
                sign_as(s, "newsroom.key", &["--previous", "v1.json"]);
            },
            document: DOCUMENT,
            pubkey: "newsroom.pub",
            expected: 0,
            reason: "",
        },
        Case {
            name: "URL-safe unpadded base64",
            setup: |s| {
                // The translator's signature has '/' and the payload '+': both really change.
                sign_as(s, "translator.key", &[]);
                edit(s, |e| {
                    for field in ["/payload", "/signatures/0/sig"] {
                        let text = e.pointer(field).unwrap().as_str().unwrap();
                        let url = text.replace('+', "-").replace('/', "_").replace('=', "");
                        assert!(url.contains(['-', '_']), "setup: {field} must change");
                        *e.pointer_mut(field).unwrap() = json!(url);
                    }
                });
            },
            document: DOCUMENT,
            pubkey: "translator.pub",
            expected: 0,
            reason: "",
        },
        Case {
            name: "a forged signature before the good one",
            setup: |s| {
                sign_as(s, "newsroom.key", &[]);
                edit(s, |e| {
                    let good = e["signatures"][0].clone();
                    e["signatures"] = json!([{ "keyid": "forged", "sig": b64(&[9u8; 64]) }, good]);
                });
            },
            document: DOCUMENT,
            pubkey: "newsroom.pub",
            expected: 0,
            reason: "",
        },
        Case {
            name: "wrong key",
            setup: |s| sign_as(s, "newsroom.key", &[]),
            document: DOCUMENT,
            pubkey: "translator.pub",
            expected: 1,
            reason: "signature",
        },
        Case {
            name: "document changed",
            setup: |s| {
                sign_as(s, "newsroom.key", &[]);
                let mut d = fs::read(s.path(DOCUMENT)).unwrap();
                d[0] ^= 1;
                fs::write(s.path(DOCUMENT), d).unwrap();
            },
            document: DOCUMENT,
            pubkey: "newsroom.pub",
            expected: 1,
            reason: "document",
        },
        Case {
            name: "payload field changed, signature kept",
            setup: |s| {
                sign_as(s, "newsroom.key", &[]);
                edit(s, |e| {
                    let mut statement: Value = serde_json::from_slice(&payload_bytes(e)).unwrap();
                    statement["predicate"]["agents"][1]["name"] = json!("Somebody Else");
                    e["payload"] = json!(b64(&serde_json::to_vec(&statement).unwrap()));
                });
            },
            document: DOCUMENT,
            pubkey: "newsroom.pub",
            expected: 1,
            reason: "signature",
        },
        Case {
            name: "payloadType changed",
            setup: |s| {
                sign_as(s, "newsroom.key", &[]);
                edit(s, |e| e["payloadType"] = json!("application/json"));
            },
            document: DOCUMENT,
            pubkey: "newsroom.pub",
            expected: 1,
            reason: "signature",
        },
        Case {
            name: "signature byte flipped",
            setup: |s| {
                sign_as(s, "newsroom.key", &[]);
                edit(s, |e| {
                    let mut sig = unb64(e["signatures"][0]["sig"].as_str().unwrap());
                    sig[63] ^= 1;
                    e["signatures"][0]["sig"] = json!(b64(&sig));
                });
            },
            document: DOCUMENT,
            pubkey: "newsroom.pub",
            expected: 1,
            reason: "signature",
        },
    ]
}

/// Runs every case through `verifier` (a command taking ENVELOPE DOCUMENT PUBKEY) and through
/// `tprov verify`, asserting both give the expected result. Cases run in parallel: the
/// verifiers start interpreters, which is slow.
fn agree_with_tprov(verifier: &str, command: &[&str]) {
    let cases = cases();
    std::thread::scope(|scope| {
        for case in &cases {
            scope.spawn(move || check_case(verifier, command, case));
        }
    });
}

fn check_case(verifier: &str, command: &[&str], case: &Case) {
    let name = format!("{verifier}: {}", case.name);
    let scratch = Scratch::new();
    (case.setup)(&scratch);
    let mut cmd = Command::new(command[0]);
    if let Some(python) = python() {
        cmd.env("PYTHON", python);
    }
    let output = cmd
        .args(&command[1..])
        .args([ENVELOPE, case.document, case.pubkey])
        .current_dir(scratch.dir.path())
        .output()
        .unwrap();
    let (stdout, stderr) = out_err(&output);
    assert_eq!(
        code(&output),
        case.expected,
        "{name}: expected exit {}; stdout: {stdout}; stderr: {stderr}",
        case.expected
    );
    if case.expected == 0 {
        assert!(
            stdout.starts_with("VERIFIED"),
            "{name}: expected VERIFIED: {stdout}"
        );
    } else {
        assert!(
            stdout.starts_with(&format!("NOT VERIFIED: {}", case.reason)),
            "{name}: expected the {} step to fail: {stdout}",
            case.reason
        );
    }
    let tprov = scratch
        .tprov()
        .args(["verify", case.document, "--pubkey", case.pubkey])
        .output()
        .unwrap();
    assert_eq!(
        code(&tprov),
        case.expected,
        "{name}: expected tprov verify to agree (exit {}): {tprov:?}",
        case.expected
    );
}

/// The Python that runs the verifiers: `TPROV_TEST_PYTHON` (CI points it at a virtual
/// environment holding `cryptography` and `securesystemslib`), else `python3` from PATH. Resolved
/// to the interpreter's real path (skipping version-manager shims, which are slow to start);
/// `None` when it does not run.
fn python() -> Option<String> {
    static PYTHON: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    PYTHON
        .get_or_init(|| {
            let chosen = std::env::var("TPROV_TEST_PYTHON").unwrap_or_else(|_| "python3".into());
            let output = Command::new(chosen)
                .args(["-c", "import sys; print(sys.executable)"])
                .output()
                .ok()?;
            let path = String::from_utf8(output.stdout).ok()?.trim().to_owned();
            (output.status.success() && !path.is_empty()).then_some(path)
        })
        .clone()
}

fn interop(file: &str) -> String {
    root()
        .join("tests/interop")
        .join(file)
        .to_string_lossy()
        .into_owned()
}

#[track_caller]
fn have_python_module(module: &str, skipping: &str) -> bool {
    let python = python()
        .or_else(|| std::env::var("TPROV_TEST_PYTHON").ok())
        .unwrap_or_else(|| "python3".into());
    have_tool(&python, &["-c", &format!("import {module}")], skipping)
}

#[test]
fn python_cryptography_verifier_agrees() {
    if !have_python_module("cryptography", "the pyca/cryptography DSSE verifier") {
        return;
    }
    agree_with_tprov(
        "verify_dsse.py (cryptography)",
        &[
            &python().unwrap(),
            &interop("verify_dsse.py"),
            "--implementation",
            "cryptography",
        ],
    );
}

#[test]
fn securesystemslib_verifier_agrees() {
    if !have_python_module(
        "securesystemslib.dsse",
        "the securesystemslib DSSE verifier",
    ) || !have_python_module("cryptography", "the securesystemslib DSSE verifier")
    {
        return;
    }
    agree_with_tprov(
        "verify_dsse.py (securesystemslib)",
        &[
            &python().unwrap(),
            &interop("verify_dsse.py"),
            "--implementation",
            "securesystemslib",
        ],
    );
}

#[test]
fn openssl_recipe_agrees() {
    if !have_openssl("the OpenSSL recipe") || !have_python_module("json", "the OpenSSL recipe") {
        return;
    }
    agree_with_tprov(
        "verify_with_openssl.sh",
        &["sh", &interop("verify_with_openssl.sh")],
    );
}

#[test]
fn openssl_recipe_reports_trouble_with_exit_2() {
    if !have_openssl("the OpenSSL recipe") || !have_python_module("json", "the OpenSSL recipe") {
        return;
    }
    let scratch = Scratch::new();
    scratch.sign_sample();
    for (case, args) in [
        ("no arguments", vec![]),
        ("missing key", vec![ENVELOPE, DOCUMENT, "nope.pub"]),
        (
            "secret key as the key",
            vec![ENVELOPE, DOCUMENT, "newsroom.key"],
        ),
        (
            "missing document",
            vec![ENVELOPE, "nope.md", "newsroom.pub"],
        ),
        (
            "missing envelope",
            vec!["nope.json", DOCUMENT, "newsroom.pub"],
        ),
    ] {
        let output = Command::new("sh")
            .arg(interop("verify_with_openssl.sh"))
            .args(&args)
            .current_dir(scratch.dir.path())
            .output()
            .unwrap();
        assert_eq!(code(&output), 2, "{case}: expected exit 2: {output:?}");
        assert!(
            !out_err(&output).0.contains("VERIFIED"),
            "{case}: expected no verdict: {output:?}"
        );
    }
}

#[test]
fn an_envelope_signed_by_pyca_cryptography_verifies_with_tprov() {
    if !have_python_module("cryptography", "signing with pyca/cryptography") {
        return;
    }
    // Python signs the PAE of tprov's sample statement with the newsroom key, writing an envelope
    // with URL-safe unpadded base64 and no key id; tprov must accept it as the newsroom's.
    let scratch = Scratch::new();
    let payload = payload_bytes(&envelope_json(&scratch.sign_sample()));
    fs::write(scratch.path("payload.json"), &payload).unwrap();
    let script = r#"
import base64, json, sys
from cryptography.hazmat.primitives.serialization import load_pem_private_key
key = load_pem_private_key(open("newsroom.key", "rb").read(), password=None)
payload = open("payload.json", "rb").read()
kind = b"application/vnd.in-toto+json"
pae = b"DSSEv1 %d %b %d %b" % (len(kind), kind, len(payload), payload)
enc = lambda b: base64.urlsafe_b64encode(b).decode().rstrip("=")
json.dump({"payloadType": kind.decode(), "payload": enc(payload),
           "signatures": [{"sig": enc(key.sign(pae))}]}, open("python.json", "w"))
"#;
    let output = Command::new(python().unwrap())
        .args(["-c", script])
        .current_dir(scratch.dir.path())
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "expected the Python signer to run: {output:?}"
    );
    let python = envelope_json(&scratch.path("python.json"));
    let tprov_envelope = envelope_json(&scratch.path(ENVELOPE));
    let python_sig = python["signatures"][0]["sig"].as_str().unwrap();
    assert!(
        !python_sig.ends_with('='),
        "precondition: the Python envelope is unpadded"
    );
    assert_eq!(
        tprov::crypto::dsse::decode_base64(python_sig),
        Some(unb64(
            tprov_envelope["signatures"][0]["sig"].as_str().unwrap()
        )),
        "expected Ed25519 to be deterministic across implementations: the same signature bytes"
    );
    let output = scratch
        .tprov()
        .args([
            "verify",
            DOCUMENT,
            "--envelope",
            "python.json",
            "--pubkey",
            "newsroom.pub",
            "--json",
        ])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("expected a JSON report ({e}): {output:?}"));
    crate::util::assert_verified(code(&output), &report, "envelope signed by Python");
    assert_eq!(
        report["signatures"][0]["keyidHint"],
        Value::Null,
        "expected no key id hint in the Python envelope"
    );
    assert_eq!(
        report["signatures"][0]["signer"]["name"], "newsroom",
        "expected the Python signature attributed to newsroom"
    );
}

#[test]
fn readme_recipe_verifies_good_envelopes_only() {
    // tests/interop/readme_recipe.sh holds the README's short recipe verbatim (standard padded
    // base64, first signature only: what tprov writes).
    if !have_openssl("the README recipe") || !have_python_module("json", "the README recipe") {
        return;
    }
    type Tamper = fn(&Scratch);
    let cases: [(&str, Tamper, &str, bool); 4] = [
        ("the signed sample", |_| {}, "newsroom.pub", true),
        ("wrong key", |_| {}, "translator.pub", false),
        (
            "document changed",
            |s| fs::write(s.path(DOCUMENT), "changed\n").unwrap(),
            "newsroom.pub",
            false,
        ),
        (
            "payload changed, signature kept",
            |s| {
                edit(s, |e| {
                    let payload = String::from_utf8(payload_bytes(e)).unwrap();
                    e["payload"] = json!(b64(payload.replace("Li Wei", "Li Wu").as_bytes()));
                })
            },
            "newsroom.pub",
            false,
        ),
    ];
    for (case, tamper, pubkey, good) in cases {
        let scratch = Scratch::new();
        scratch.sign_sample();
        tamper(&scratch);
        fs::create_dir(scratch.path("recipe")).unwrap();
        let mut cmd = Command::new("sh");
        if let Some(python) = python() {
            // The recipe says python3; make that name the real interpreter, not a slow shim.
            let dir = std::path::Path::new(&python).parent().unwrap().to_owned();
            let path = std::env::var_os("PATH").unwrap_or_default();
            let mut paths = vec![dir];
            paths.extend(std::env::split_paths(&path));
            cmd.env("PATH", std::env::join_paths(paths).unwrap());
        }
        let output = cmd
            .arg(interop("readme_recipe.sh"))
            .args([
                format!("../{ENVELOPE}"),
                format!("../{DOCUMENT}"),
                format!("../{pubkey}"),
            ])
            .current_dir(scratch.path("recipe"))
            .output()
            .unwrap();
        let (stdout, stderr) = out_err(&output);
        assert_eq!(
            output.status.success(),
            good,
            "README recipe, {case}: expected {}; stdout: {stdout}; stderr: {stderr}",
            if good { "success" } else { "failure" }
        );
        assert_eq!(
            stdout.contains("document matches"),
            good,
            "README recipe, {case}: expected `document matches` only for a good record: {stdout}"
        );
        assert_eq!(
            stdout.contains("Signature Verified Successfully"),
            case != "wrong key" && case != "payload changed, signature kept",
            "README recipe, {case}: expected OpenSSL's verdict on the signature: {stdout}"
        );
    }
}

#[test]
fn the_readme_shows_the_tested_recipe_verbatim() {
    let script =
        std::fs::read_to_string(crate::util::root().join("tests/interop/readme_recipe.sh"))
            .expect("the recipe script exists");
    let begin = "# --- README recipe begins ---\n";
    let end = "# --- README recipe ends ---";
    let start = script.find(begin).expect("begin marker") + begin.len();
    let recipe = &script[start..script.find(end).expect("end marker")];
    let readme = std::fs::read_to_string(crate::util::root().join("README.md")).unwrap();
    assert!(
        readme.contains(recipe),
        "README.md must contain the tested recipe from tests/interop/readme_recipe.sh verbatim:\n{recipe}"
    );
}
