//! `tprov inspect`: shows what an envelope claims, always marked NOT VERIFIED, without any key;
//! malformed envelopes are a failed check (exit 1), missing files are trouble (exit 2).

use std::fs;

use serde_json::{Value, json};

use crate::util::{
    Scratch, code, envelope_json, out_err, payload_bytes, payload_json, sha256_hex, write_json,
};

const NOTICE: &str = "NOT VERIFIED: inspect shows what the envelope claims; no signature or digest was checked. Use `tprov verify` to decide whether to trust it.";

fn inspect(scratch: &Scratch, args: &[&str]) -> std::process::Output {
    scratch.tprov().arg("inspect").args(args).output().unwrap()
}

#[test]
fn shows_the_record_marked_not_verified_without_any_key() {
    let scratch = Scratch::new();
    let envelope = envelope_json(&scratch.sign_sample());
    // No key is available at all: inspect must not need one.
    for entry in fs::read_dir(scratch.dir.path()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "key" || e == "pub") {
            fs::remove_file(path).unwrap();
        }
    }
    let before = scratch.snapshot();
    let output = inspect(&scratch, &["commentary.en.md.tprov.json"]);
    let (stdout, stderr) = out_err(&output);
    assert_eq!(code(&output), 0, "expected exit 0; stderr: {stderr}");
    assert!(stderr.is_empty(), "expected nothing on stderr: {stderr:?}");
    assert!(
        stdout.starts_with(&format!("{NOTICE}\n")),
        "expected the NOT VERIFIED notice first: {stdout}"
    );
    assert!(
        !stdout.contains("\nVERIFIED"),
        "expected no verified verdict: {stdout}"
    );
    let keyid = envelope["signatures"][0]["keyid"].as_str().unwrap();
    for needle in [
        "payload type application/vnd.in-toto+json".to_owned(),
        format!(
            "record id    sha256:{} (of the payload)",
            sha256_hex(&payload_bytes(&envelope))
        ),
        format!("signature #0 claims key id {keyid} (unchecked)"),
        "languages    zh → en".to_owned(),
        "post-editor  Li Wei (person)".to_owned(),
        "ExampleMT 4.2, model example-nmt-2026 (software)".to_owned(),
        "revision     1 (first release)".to_owned(),
    ] {
        assert!(stdout.contains(&needle), "expected {needle:?} in: {stdout}");
    }
    assert!(
        !stdout.contains("signed by    "),
        "expected no trusted signer (nothing was checked): {stdout}"
    );
    assert_eq!(
        scratch.snapshot(),
        before,
        "expected inspect to write nothing"
    );
}

#[test]
fn json_says_not_verified_and_carries_the_record() {
    let scratch = Scratch::new();
    let envelope = envelope_json(&scratch.sign_sample());
    let output = inspect(&scratch, &["commentary.en.md.tprov.json", "--json"]);
    assert_eq!(code(&output), 0, "expected exit 0: {output:?}");
    let inspection: Value = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("expected JSON on stdout ({e}): {output:?}"));
    assert_eq!(
        inspection,
        json!({
            "schemaVersion": 1,
            "verified": false,
            "notice": NOTICE,
            "payloadType": "application/vnd.in-toto+json",
            "payloadSha256": sha256_hex(&payload_bytes(&envelope)),
            "signatures": [envelope["signatures"][0]["keyid"]],
            "record": payload_json(&envelope),
            "recordProblem": null,
            "rawPayload": null
        }),
        "expected the documented inspection JSON"
    );
}

#[test]
fn shows_records_that_would_not_verify_still_as_not_verified() {
    // A forged signature and a payload that is not a tprov record: inspect shows both, flagged.
    let scratch = Scratch::new();
    let mut envelope = envelope_json(&scratch.sign_sample());
    envelope["signatures"][0]["sig"] = Value::from(crate::util::b64(&[0u8; 64]));
    envelope["signatures"][0]
        .as_object_mut()
        .unwrap()
        .remove("keyid");
    write_json(&scratch.path("forged.json"), &envelope);
    let output = inspect(&scratch, &["forged.json", "--json"]);
    assert_eq!(
        code(&output),
        0,
        "expected inspect to show a forged envelope: {output:?}"
    );
    let inspection: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        inspection["verified"], false,
        "expected verified: false: {inspection:#}"
    );
    assert_eq!(
        inspection["signatures"],
        json!([null]),
        "expected a missing key id shown as null: {inspection:#}"
    );
    assert_eq!(
        inspection["record"],
        payload_json(&envelope),
        "expected the (unverified) record: {inspection:#}"
    );

    let other = json!({
        "_type": "https://in-toto.io/Statement/v1",
        "subject": [],
        "predicateType": "https://slsa.dev/provenance/v1",
        "predicate": {}
    });
    envelope["payload"] = Value::from(crate::util::b64(other.to_string().as_bytes()));
    write_json(&scratch.path("slsa.json"), &envelope);
    let output = inspect(&scratch, &["slsa.json", "--json"]);
    assert_eq!(
        code(&output),
        0,
        "expected inspect to show a foreign payload: {output:?}"
    );
    let inspection: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(
        inspection["record"].is_null(),
        "expected no record: {inspection:#}"
    );
    assert!(
        inspection["recordProblem"]
            .as_str()
            .is_some_and(|p| p.contains("https://slsa.dev/provenance/v1")),
        "expected the problem to name the predicate type: {inspection:#}"
    );
    assert_eq!(
        inspection["rawPayload"], other,
        "expected the raw payload: {inspection:#}"
    );
    let human = inspect(&scratch, &["slsa.json"]);
    let (stdout, _) = out_err(&human);
    assert!(
        stdout.starts_with(NOTICE) && stdout.contains("not a tprov record"),
        "expected the human form to say it is not a tprov record: {stdout}"
    );
}

#[test]
fn malformed_envelopes_fail_with_exit_1() {
    let cases: [(&str, &[u8], &str); 5] = [
        ("empty file", b"", "not valid JSON"),
        ("not JSON", b"hello", "not valid JSON"),
        ("JSON array", b"[]", "not a DSSE envelope"),
        (
            "no signatures",
            br#"{"payload":"e30=","payloadType":"application/vnd.in-toto+json","signatures":[]}"#,
            "no signatures",
        ),
        (
            "bad base64",
            br#"{"payload":"e30$","payloadType":"x","signatures":[{"sig":"AA=="}]}"#,
            "payload is not valid base64",
        ),
    ];
    for (case, bytes, needle) in cases {
        let scratch = Scratch::new();
        fs::write(scratch.path("bad.json"), bytes).unwrap();
        let before = scratch.snapshot();
        for json in [false, true] {
            let mut args = vec!["bad.json"];
            if json {
                args.push("--json");
            }
            let output = inspect(&scratch, &args);
            let (stdout, stderr) = out_err(&output);
            assert_eq!(
                code(&output),
                1,
                "{case} (json {json}): expected exit 1; stderr: {stderr}"
            );
            assert!(
                stdout.is_empty(),
                "{case} (json {json}): expected no output: {stdout}"
            );
            assert!(
                stderr.starts_with("tprov: bad.json: ") && stderr.contains(needle),
                "{case} (json {json}): expected a message naming the file and saying {needle:?}: {stderr:?}"
            );
        }
        assert_eq!(
            scratch.snapshot(),
            before,
            "{case}: expected nothing written"
        );
    }
}

#[test]
fn missing_file_and_directory_are_exit_2() {
    let scratch = Scratch::new();
    fs::create_dir(scratch.path("folder")).unwrap();
    for (case, path, needle) in [
        ("missing file", "missing.tprov.json", "missing.tprov.json"),
        ("directory", "folder", "is a directory"),
    ] {
        let output = inspect(&scratch, &[path]);
        let (stdout, stderr) = out_err(&output);
        assert_eq!(
            code(&output),
            2,
            "{case}: expected exit 2; stderr: {stderr}"
        );
        assert!(stdout.is_empty(), "{case}: expected no output: {stdout}");
        assert!(
            stderr.contains(path) && stderr.contains(needle),
            "{case}: expected the message to name {path} and say {needle:?}: {stderr:?}"
        );
    }
}

// Other modules (and other helpers' new ones) call it from here.
pub(crate) use crate::util::stray_controls;

#[test]
fn untrusted_text_cannot_control_the_terminal() {
    // An unsigned envelope whose translator name moves the cursor up, erases the NOT VERIFIED
    // banner's line and writes VERIFIED.
    let scratch = Scratch::new();
    let mut envelope = envelope_json(&scratch.sign_sample());
    let mut statement = payload_json(&envelope);
    // ESC[8m (conceal) is a style too: tprov never emits it, so it must not pass either.
    statement["predicate"]["agents"][0]["name"] =
        json!("E\x1b[13A\x1b[2K\rVERIFIED\x07\x1b[8mhidden");
    envelope["payload"] = Value::from(crate::util::b64(statement.to_string().as_bytes()));
    write_json(&scratch.path("hostile.json"), &envelope);
    for colour in ["always", "never"] {
        let output = scratch
            .tprov()
            .args(["--color", colour, "inspect", "hostile.json"])
            .output()
            .unwrap();
        let (stdout, _) = out_err(&output);
        assert_eq!(
            code(&output),
            0,
            "--color {colour}: expected inspect to show it: {output:?}"
        );
        assert_eq!(
            stray_controls(&stdout),
            Vec::<char>::new(),
            "--color {colour}: expected no control character from the envelope on stdout: {stdout:?}"
        );
    }
}
