//! README promises, end to end through the `tprov` binary: duplicate JSON keys are refused (at any
//! depth, however the key is spelt), hostile strings in a record signed by a *trusted* key never
//! reach the terminal raw, the payload nesting limit holds at its edge, `--threshold` goes up to
//! 64, and every `--json` key name is the documented one (exact sets, not a subset match).

use std::collections::BTreeSet;
use std::fs;

use serde_json::{Value, json};
use tprov::{Envelope, SecretKey};

use crate::util::{
    Scratch, assert_fails_at, assert_verified, check, code, envelope_json, out_err, payload_bytes,
    sample_sign_args, stray_controls, verify_report,
};

const DOCUMENT: &str = "commentary.en.md";
const ENVELOPE: &str = "commentary.en.md.tprov.json";
const IN_TOTO: &str = "application/vnd.in-toto+json";

fn secret(scratch: &Scratch, file: &str) -> SecretKey {
    SecretKey::from_pem(&fs::read_to_string(scratch.path(file)).unwrap()).unwrap()
}

/// Signs `payload` (any bytes, as the in-toto payload type) with the trusted newsroom key into
/// the sample's envelope.
fn sign_payload(scratch: &Scratch, payload: &[u8]) {
    let envelope = Envelope::sign(IN_TOTO, payload.to_vec(), &secret(scratch, "newsroom.key"));
    fs::write(scratch.path(ENVELOPE), envelope.to_json()).unwrap();
}

/// The sample record's signed payload, as the text tprov wrote (compact JSON).
fn sample_payload(scratch: &Scratch) -> String {
    String::from_utf8(payload_bytes(&envelope_json(&scratch.sign_sample()))).unwrap()
}

// ---------------------------------------------------------------------------------------------
// Duplicate keys
// ---------------------------------------------------------------------------------------------

#[test]
fn duplicate_json_keys_in_a_trusted_record_are_refused_by_verify() {
    let scratch = Scratch::new();
    let payload = sample_payload(&scratch);
    // The payload re-signed unchanged verifies: the failures below are the duplicates'.
    sign_payload(&scratch, payload.as_bytes());
    let (exit, report) = verify_report(&scratch, DOCUMENT, &[], "re-signed sample");
    assert_verified(exit, &report, "re-signed sample");

    // (case, the text replaced, its replacement, the duplicated key)
    let cases = [
        (
            "top level",
            r#"{"_type":"#,
            r#"{"subject":[],"_type":"#,
            "subject",
        ),
        (
            "nested in the predicate",
            r#""revision":1"#,
            r#""revision":1,"revision":2"#,
            "revision",
        ),
        (
            "nested in an agent, two levels down",
            r#""name":"Li Wei""#,
            r#""name":"Li Wei","name":"Somebody Else""#,
            "name",
        ),
        (
            "spelt with a \\u escape",
            r#""predicateType":"#,
            r#""predic\u0061teType":"https://example.com/other","predicateType":"#,
            "predicateType",
        ),
        (
            "escaped in a nested object",
            r#""sourceLanguage":"zh""#,
            r#""sourceLanguage":"zh","\u0073ourceLanguage":"en""#,
            "sourceLanguage",
        ),
    ];
    for (case, from, to, key) in cases {
        assert!(
            payload.contains(from),
            "{case}: precondition: {from} in {payload}"
        );
        sign_payload(&scratch, payload.replacen(from, to, 1).as_bytes());
        let (exit, report) = verify_report(&scratch, DOCUMENT, &[], case);
        assert_fails_at(exit, &report, "statement", case);
        let detail = check(&report, "statement", case)["detail"]
            .as_str()
            .unwrap();
        assert!(
            detail.contains(&format!("duplicate key \"{key}\"")),
            "{case}: expected the statement check to name the duplicate key {key}: {detail}"
        );
        let output = scratch
            .tprov()
            .args(["verify", DOCUMENT, "--pubkey", "newsroom.pub"])
            .output()
            .unwrap();
        let (stdout, stderr) = out_err(&output);
        assert_eq!(code(&output), 1, "{case}: {stderr}");
        assert!(
            stdout.starts_with("NOT VERIFIED") && !stdout.contains("Somebody Else"),
            "{case}: expected no record shown: {stdout}"
        );
        assert!(
            stderr.contains("duplicate key"),
            "{case}: expected the diagnosis on stderr: {stderr}"
        );
    }
}

// ---------------------------------------------------------------------------------------------
// Nesting limit
// ---------------------------------------------------------------------------------------------

/// `levels` nested arrays: `[]` is one level, `[[]]` two.
fn nested(levels: usize) -> Value {
    (1..levels).fold(json!([]), |inner, _| json!([inner]))
}

#[test]
fn a_trusted_record_nested_32_levels_verifies_and_33_is_refused() {
    let scratch = Scratch::new();
    let statement: Value = serde_json::from_str(&sample_payload(&scratch)).unwrap();
    // The statement object is level 1, so a field holding N levels makes N + 1.
    for (levels, verified) in [(32, true), (33, false)] {
        let case = format!("{levels} levels");
        let mut deep = statement.clone();
        deep["nesting"] = nested(levels - 1);
        sign_payload(&scratch, &serde_json::to_vec(&deep).unwrap());
        let (exit, report) = verify_report(&scratch, DOCUMENT, &[], &case);
        if verified {
            assert_verified(exit, &report, &case);
            assert_eq!(report["record"]["nesting"], deep["nesting"], "{case}");
        } else {
            assert_fails_at(exit, &report, "statement", &case);
            let detail = check(&report, "statement", &case)["detail"]
                .as_str()
                .unwrap();
            assert!(
                detail.contains("nested more than 32 levels deep"),
                "{case}: {detail}"
            );
        }
    }
}

// ---------------------------------------------------------------------------------------------
// --threshold 64
// ---------------------------------------------------------------------------------------------

/// The sample record signed by `count` keys (seeds 1..=count), their public keys in `keys64/`.
fn signed_by_many(scratch: &Scratch, count: u8) {
    let payload = payload_bytes(&envelope_json(&scratch.sign_sample()));
    let keys: Vec<SecretKey> = (1..=count)
        .map(|i| SecretKey::from_seed(&[i; 32]))
        .collect();
    fs::create_dir_all(scratch.path("keys64")).unwrap();
    for (i, key) in keys.iter().enumerate() {
        let file = scratch.path(&format!("keys64/signer-{:02}.pub", i + 1));
        fs::write(file, key.public_key().to_pem()).unwrap();
    }
    let mut envelope = Envelope::sign(IN_TOTO, payload, &keys[0]);
    for key in &keys[1..] {
        envelope.add_signature(key);
    }
    fs::write(scratch.path(ENVELOPE), envelope.to_json()).unwrap();
}

fn verify_many(scratch: &Scratch, threshold: &str, case: &str) -> (i32, Value) {
    let output = scratch
        .tprov()
        .args(["verify", DOCUMENT, "--trust", "keys64", "--json"])
        .args(["--threshold", threshold])
        .output()
        .unwrap();
    let report = serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("{case}: expected a JSON report ({e}): {output:?}"));
    (code(&output), report)
}

#[test]
fn threshold_64_is_met_by_64_distinct_trusted_keys_and_not_by_63() {
    let scratch = Scratch::new();
    signed_by_many(&scratch, 64);
    let (exit, report) = verify_many(&scratch, "64", "64 signatures");
    assert_verified(exit, &report, "64 signatures");
    assert_eq!(report["policy"]["threshold"], 64);
    assert_eq!(
        report["policy"]["countedKeys"].as_array().map(Vec::len),
        Some(64),
        "expected 64 counted keys: {:#}",
        report["policy"]
    );

    // One signature fewer: the policy is not met.
    let mut envelope = envelope_json(&scratch.path(ENVELOPE));
    envelope["signatures"].as_array_mut().unwrap().pop();
    crate::util::write_json(&scratch.path(ENVELOPE), &envelope);
    let (exit, report) = verify_many(&scratch, "64", "63 signatures");
    assert_fails_at(exit, &report, "policy", "63 signatures");
    assert_eq!(report["policy"]["met"], false);

    // Above the range is a usage error, before anything is verified.
    let output = scratch
        .tprov()
        .args(["verify", DOCUMENT, "--trust", "keys64", "--threshold", "65"])
        .output()
        .unwrap();
    let (stdout, stderr) = out_err(&output);
    assert_eq!(code(&output), 2, "--threshold 65: {stderr}");
    assert!(stdout.is_empty(), "--threshold 65: no report: {stdout}");
    assert!(
        stderr.contains("65") && stderr.contains("--threshold"),
        "--threshold 65: the message names the option and the value: {stderr}"
    );
}

// ---------------------------------------------------------------------------------------------
// Hostile strings in a trusted record
// ---------------------------------------------------------------------------------------------

/// Terminal controls an attacker would put in a name: erase the line and write a fake verdict,
/// ring the bell, conceal what follows, reverse the text direction, a C1 control sequence
/// introducer, and a newline to forge a line of its own.
const HOSTILE: &str =
    "Eve\u{1b}[2K\rVERIFIED\u{7}\u{1b}[8mhidden\u{202e}desrever\u{9b}2J\nVERIFIED";

/// Signs the sample with the trusted newsroom key, with `HOSTILE` in every free-text field.
fn sign_hostile_record(scratch: &Scratch) {
    let mut args = sample_sign_args(DOCUMENT);
    for flag in [
        "--engine",
        "--post-editor",
        "--editor",
        "--publisher",
        "--source-title",
        "--source-author",
    ] {
        let at = args.iter().position(|a| a == flag).unwrap() + 1;
        args[at] = format!("{}{HOSTILE}", args[at]);
    }
    // `--source-uri` is left alone: `sign` refuses an address that is not an absolute URI,
    // controls included (see `sign_refuses_a_uri_with_controls`), so it cannot carry them.
    scratch.tprov().args(&args).assert().success();
}

#[test]
fn sign_refuses_a_uri_with_controls() {
    let scratch = Scratch::new();
    let mut args = sample_sign_args(DOCUMENT);
    let uri = args.iter().position(|a| a == "--source-uri").unwrap() + 1;
    args[uri] = format!("https://example.cn/{HOSTILE}");
    let output = scratch
        .tprov()
        .args(&args)
        .assert()
        .code(2)
        .get_output()
        .clone();
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("is not a URI"),
        "{output:?}"
    );
    assert_no_stray_controls(&output, "sign with a hostile --source-uri");
}

/// Asserts that neither stream of `output` carries a control character from the record.
#[track_caller]
fn assert_no_stray_controls(output: &std::process::Output, case: &str) {
    let (stdout, stderr) = out_err(output);
    for (stream, text) in [("stdout", &stdout), ("stderr", &stderr)] {
        assert_eq!(
            stray_controls(text),
            Vec::<char>::new(),
            "{case}: expected no control character from the record on {stream}: {text:?}"
        );
    }
}

#[test]
fn hostile_strings_in_a_trusted_record_are_escaped_by_verify() {
    let scratch = Scratch::new();
    sign_hostile_record(&scratch);
    for colour in ["always", "never"] {
        let case = format!("verify --color {colour}");
        let output = scratch
            .tprov()
            .args([
                "--color",
                colour,
                "verify",
                DOCUMENT,
                "--pubkey",
                "newsroom.pub",
            ])
            .output()
            .unwrap();
        assert_eq!(code(&output), 0, "{case}: the record verifies: {output:?}");
        assert_no_stray_controls(&output, &case);
        let (stdout, _) = out_err(&output);
        assert!(
            stdout.contains("Li WeiEve\\u{1b}[2K\\u{d}VERIFIED\\u{7}\\u{1b}[8mhidden\\u{202e}"),
            "{case}: expected the name shown escaped: {stdout}"
        );
        let verdicts = stdout.lines().filter(|line| {
            // After the line's leading styles, if any.
            let mut line = *line;
            while let Some(rest) = line.strip_prefix("\x1b[") {
                line = rest.split_once('m').map_or("", |(_, after)| after);
            }
            line.starts_with("VERIFIED")
        });
        assert_eq!(
            verdicts.count(),
            1,
            "{case}: expected one verdict line, none forged: {stdout}"
        );
    }
}

#[test]
fn hostile_strings_in_batch_lines_are_escaped() {
    let scratch = Scratch::new();
    sign_hostile_record(&scratch);
    fs::create_dir(scratch.path("archive")).unwrap();
    // A verified hostile record, the same record over a changed document, and an unsigned
    // document whose very file name is hostile.
    for (name, text) in [("good.md", None), ("changed.md", Some("changed\n"))] {
        let document = fs::read(scratch.path(DOCUMENT)).unwrap();
        fs::write(
            scratch.path(&format!("archive/{name}")),
            text.map_or(document, |t| t.into()),
        )
        .unwrap();
        fs::copy(
            scratch.path(ENVELOPE),
            scratch.path(&format!("archive/{name}.tprov.json")),
        )
        .unwrap();
    }
    fs::write(scratch.path(&format!("archive/{HOSTILE}.md")), "unsigned\n").unwrap();
    for colour in ["always", "never"] {
        let case = format!("verify -r --color {colour}");
        let output = scratch
            .tprov()
            .args([
                "--color",
                colour,
                "verify",
                "-r",
                "archive",
                "--pubkey",
                "newsroom.pub",
            ])
            .output()
            .unwrap();
        let (stdout, stderr) = out_err(&output);
        assert_eq!(code(&output), 1, "{case}: two documents fail: {stderr}");
        assert_no_stray_controls(&output, &case);
        // good.md is a renamed copy of the signed sample: it gets its NOTE line.
        assert_eq!(
            stdout.lines().count(),
            4,
            "{case}: expected a line per failure, the renamed copy's note and the summary, none forged: {stdout}"
        );
    }
}

#[test]
fn hostile_strings_in_a_trusted_record_are_escaped_by_cosign() {
    // cosign shows the record's translation name, which is the signed file's name: make it
    // hostile too.
    let scratch = Scratch::new();
    let hostile = format!("{HOSTILE}.md");
    fs::copy(scratch.path(DOCUMENT), scratch.path(&hostile)).unwrap();
    let mut args = sample_sign_args(&hostile);
    args.extend(["--output".into(), ENVELOPE.into()]);
    scratch.tprov().args(&args).assert().success();
    let output = scratch
        .tprov()
        .args(["cosign", ENVELOPE, "--key", "translator.key"])
        .output()
        .unwrap();
    assert_eq!(code(&output), 0, "cosign: {output:?}");
    assert_no_stray_controls(&output, "cosign");
    let (stdout, _) = out_err(&output);
    assert!(
        stdout.contains("Eve\\u{1b}[2K\\u{d}VERIFIED"),
        "expected the translation name shown escaped: {stdout}"
    );
}

#[test]
fn hostile_file_names_are_escaped_in_messages() {
    let scratch = Scratch::new();
    let hostile = format!("{HOSTILE}.md");
    fs::copy(scratch.path(DOCUMENT), scratch.path(&hostile)).unwrap();
    let mut sign = sample_sign_args(&hostile);
    sign.extend(["--output".into(), "hostile.tprov.json".into()]);
    // (case, arguments): a message naming the file on stdout or stderr.
    let cases: [(&str, Vec<String>); 4] = [
        ("sign", sign),
        (
            "verify, no envelope",
            vec![
                "verify".into(),
                hostile.clone(),
                "--pubkey".into(),
                "newsroom.pub".into(),
            ],
        ),
        (
            "verify, renamed",
            vec![
                "verify".into(),
                DOCUMENT.into(),
                "--envelope".into(),
                "hostile.tprov.json".into(),
                "--pubkey".into(),
                "newsroom.pub".into(),
            ],
        ),
        (
            "inspect, missing file",
            vec!["inspect".into(), hostile.clone()],
        ),
    ];
    for (case, args) in cases {
        let output = scratch.tprov().args(&args).output().unwrap();
        assert_no_stray_controls(&output, case);
    }
}

// ---------------------------------------------------------------------------------------------
// Every --json key name
// ---------------------------------------------------------------------------------------------

/// Asserts that the object at `at` has exactly the `expected` keys (README, "JSON output").
#[track_caller]
fn assert_keys(value: &Value, expected: &[&str], at: &str) {
    let actual: BTreeSet<&str> = value
        .as_object()
        .unwrap_or_else(|| panic!("{at}: expected an object, got {value}"))
        .keys()
        .map(String::as_str)
        .collect();
    let expected: BTreeSet<&str> = expected.iter().copied().collect();
    assert_eq!(
        actual, expected,
        "{at}: the key names differ from the documented ones"
    );
}

/// The keys of a `verify --json` report, recursively (not `record`, which is the statement).
#[track_caller]
fn assert_report_keys(report: &Value, at: &str) {
    let mut expected = vec![
        "schemaVersion",
        "verified",
        "document",
        "envelope",
        "checks",
        "signatures",
        "policy",
        "record",
        "notes",
    ];
    // `match` once the document check ran; `differences` with a text match, `diagnosis` when
    // the text differs (additive to schema version 1).
    let document_ran = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .any(|c| c["check"] == "document" && c["outcome"] != "skipped");
    if document_ran {
        expected.push("match");
    }
    if report["match"] == "text" && report.get("differences").is_some() {
        expected.push("differences");
    }
    if report["match"] == "none" && report.get("diagnosis").is_some() {
        expected.push("diagnosis");
    }
    assert_keys(report, &expected, at);
    for (i, c) in report["checks"].as_array().unwrap().iter().enumerate() {
        assert_keys(
            c,
            &["check", "outcome", "detail"],
            &format!("{at}/checks/{i}"),
        );
    }
    for (i, s) in report["signatures"].as_array().unwrap().iter().enumerate() {
        let at = format!("{at}/signatures/{i}");
        let mut keys = vec![
            "index",
            "keyidHint",
            "verified",
            "status",
            "signer",
            "roles",
        ];
        if matches!(
            s["status"].as_str(),
            Some("revoked" | "expired" | "notYetValid")
        ) {
            keys.push("reason");
        }
        if s.get("duplicateOf").is_some_and(|d| !d.is_null()) {
            keys.push("duplicateOf");
        }
        assert_keys(s, &keys, &at);
        if !s["signer"].is_null() {
            assert_keys(&s["signer"], &["keyid", "name"], &format!("{at}/signer"));
        }
    }
    if !report["policy"].is_null() {
        assert_keys(
            &report["policy"],
            &[
                "threshold",
                "requiredRoles",
                "countedKeys",
                "coveredRoles",
                "missingRoles",
                "met",
            ],
            &format!("{at}/policy"),
        );
    }
}

/// A record signed by the revoked agency-2025 key, co-signed by newsroom, and by translator (not
/// trusted), with newsroom's signature repeated: every kind of signature entry.
fn every_kind_of_signature(scratch: &Scratch) {
    fs::copy(
        crate::util::root().join("keys/trust.example.json"),
        scratch.path("trust.json"),
    )
    .unwrap();
    let mut args = sample_sign_args(DOCUMENT);
    let at = args.iter().position(|a| a == "newsroom.key").unwrap();
    args[at] = "agency-2025.key".into();
    scratch.tprov().args(&args).assert().success();
    for key in ["newsroom.key", "translator.key"] {
        scratch
            .tprov()
            .args(["cosign", ENVELOPE, "--key", key])
            .assert()
            .success();
    }
    let mut envelope = envelope_json(&scratch.path(ENVELOPE));
    let newsroom = envelope["signatures"][1].clone();
    envelope["signatures"]
        .as_array_mut()
        .unwrap()
        .push(newsroom);
    crate::util::write_json(&scratch.path(ENVELOPE), &envelope);
}

#[test]
fn every_json_key_name_is_the_documented_one() {
    let scratch = Scratch::new();
    every_kind_of_signature(&scratch);
    fs::copy(scratch.path(DOCUMENT), scratch.path("renamed.md")).unwrap();

    // verify --json: verified (every kind of signature, a note), and failed before the policy.
    let trust = ["--trust", "trust.json", "--require-role", "publisher"];
    let mut args = vec!["--envelope", ENVELOPE];
    args.extend(trust);
    let output = scratch
        .tprov()
        .args(["verify", "renamed.md", "--json"])
        .args(&args)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_verified(code(&output), &report, "verify --json");
    let statuses: Vec<&str> = report["signatures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        ["revoked", "verified", "notVerified", "verified"],
        "precondition: every kind of signature entry"
    );
    assert!(
        !report["signatures"][3]["duplicateOf"].is_null(),
        "precondition: a duplicate"
    );
    assert_eq!(
        report["notes"].as_array().map(Vec::len),
        Some(1),
        "precondition: a note"
    );
    assert_report_keys(&report, "verify --json");
    let output = scratch
        .tprov()
        .args(["verify", DOCUMENT, "--pubkey", "agency.pub", "--json"])
        .output()
        .unwrap();
    assert_eq!(code(&output), 1, "precondition: not verified: {output:?}");
    let failed: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_report_keys(&failed, "verify --json, failed");

    // inspect --json, of a record and of something that is not one.
    let inspect = |file: &str| -> Value {
        let output = scratch
            .tprov()
            .args(["inspect", file, "--json"])
            .output()
            .unwrap();
        serde_json::from_slice(&output.stdout).unwrap()
    };
    fs::write(
        scratch.path("not-a-record.json"),
        r#"{"payload":"e30=","payloadType":"x","signatures":[{"sig":"AA=="}]}"#,
    )
    .unwrap();
    for file in [ENVELOPE, "not-a-record.json"] {
        assert_keys(
            &inspect(file),
            &[
                "schemaVersion",
                "verified",
                "notice",
                "payloadType",
                "payloadSha256",
                "signatures",
                "record",
                "recordProblem",
                "rawPayload",
            ],
            &format!("inspect --json {file}"),
        );
    }

    // verify --recursive --json: a line per document (verified, failed, missing) and the summary.
    fs::create_dir(scratch.path("archive")).unwrap();
    for file in [DOCUMENT, ENVELOPE] {
        fs::copy(scratch.path(file), scratch.path(&format!("archive/{file}"))).unwrap();
    }
    fs::write(scratch.path("archive/unsigned.md"), "unsigned\n").unwrap();
    let output = scratch
        .tprov()
        .args(["verify", "-r", "archive", "--json"])
        .args(trust)
        .output()
        .unwrap();
    let (stdout, _) = out_err(&output);
    let lines: Vec<Value> = stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 3, "two documents and the summary: {stdout}");
    for (i, line) in lines[..2].iter().enumerate() {
        let at = format!("verify -r --json, line {}", i + 1);
        assert_keys(
            line,
            &[
                "type", "path", "envelope", "status", "reason", "detail", "report",
            ],
            &at,
        );
        if !line["report"].is_null() {
            assert_report_keys(&line["report"], &at);
        }
    }
    assert_keys(
        &lines[2],
        &[
            "type",
            "schemaVersion",
            "total",
            "verified",
            "failed",
            "missing",
            "unreadable",
            "skipped",
            "byReason",
            "allVerified",
        ],
        "verify -r --json, summary",
    );

    // diff --format json: the top level (the diff itself is the diff tests' to pin).
    let output = scratch
        .tprov()
        .args(["diff", "commentary.en.mt.md", DOCUMENT, "--format", "json"])
        .output()
        .unwrap();
    let diff: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_keys(
        &diff,
        &[
            "schemaVersion",
            "old",
            "new",
            "identical",
            "sameText",
            "diff",
            "records",
        ],
        "diff --format json",
    );
}

#[test]
fn verify_failure_line_escapes_the_document_name() {
    // Regression (issue 10, item 12): single-document `verify` printed the document path and
    // the check's detail raw on standard error when it did not verify.
    let scratch = Scratch::new();
    let hostile = format!("{HOSTILE}.md");
    fs::copy(scratch.path(DOCUMENT), scratch.path(&hostile)).unwrap();
    let mut args = sample_sign_args(&hostile);
    args.extend(["--output".into(), "hostile.tprov.json".into()]);
    scratch.tprov().args(&args).assert().success();
    fs::write(scratch.path(&hostile), "tampered\n").unwrap();
    let output = scratch
        .tprov()
        .arg("verify")
        .arg(&hostile)
        .args([
            "--envelope",
            "hostile.tprov.json",
            "--pubkey",
            "newsroom.pub",
        ])
        .output()
        .unwrap();
    assert_eq!(code(&output), 1, "{output:?}");
    let (_, stderr) = out_err(&output);
    assert!(stderr.contains("NOT VERIFIED"), "{stderr}");
    // The diagnosis and the `tprov inspect` hint: two lines, no forged ones.
    assert_eq!(
        stderr.lines().count(),
        2,
        "two lines, no forged ones: {stderr:?}"
    );
    assert_no_stray_controls(&output, "verify, tampered");
}

// ---------------------------------------------------------------------------------------------
// Issue 10, findings 5, 6, 8 and 9: a regression test per finding
// ---------------------------------------------------------------------------------------------

/// The sample record, signed by the trusted newsroom key, with `edit` applied to its payload,
/// written to `envelope`.
fn sign_edited_record(scratch: &Scratch, envelope: &str, edit: impl FnOnce(&mut Value)) {
    let sample = scratch.path(ENVELOPE);
    let sample = if sample.exists() {
        String::from_utf8(payload_bytes(&envelope_json(&sample))).unwrap()
    } else {
        sample_payload(scratch)
    };
    let mut payload: Value = serde_json::from_str(&sample).unwrap();
    edit(&mut payload);
    let bytes = serde_json::to_vec(&payload).unwrap();
    let signed = Envelope::sign(IN_TOTO, bytes, &secret(scratch, "newsroom.key"));
    fs::write(scratch.path(envelope), signed.to_json()).unwrap();
}

/// Whether some line of `text` (after any leading styles and spaces) starts with `word`: a
/// line the renderer did not write, forged by a line break in a record or a file name.
fn forged_line(text: &str, word: &str) -> bool {
    text.lines().any(|line| {
        let mut line = line.trim_start();
        while let Some(rest) = line.strip_prefix("\x1b[") {
            line = rest
                .split_once('m')
                .map_or("", |(_, after)| after)
                .trim_start();
        }
        line.starts_with(word)
    })
}

#[test]
fn finding_5_diff_envelope_strings_are_sanitized() {
    // Regression (issue 10, item 5): `diff` printed the records' strings raw (role and field
    // names, envelope paths, document names), so an unsigned envelope could print fake
    // "verified" lines, even through a pipe.
    let scratch = Scratch::new();
    let old_document = format!("{HOSTILE}.md");
    fs::copy(
        scratch.path("commentary.en.mt.md"),
        scratch.path(&old_document),
    )
    .unwrap();
    let old_envelope = format!("{HOSTILE}.tprov.json");
    let role = format!("reviser<b>x</b>{HOSTILE}");
    sign_edited_record(&scratch, &old_envelope, |payload| {
        payload["predicate"]["agents"][0]["role"] = json!(role);
        payload["predicate"]["agents"][0]["name"] = json!(HOSTILE);
    });
    sign_edited_record(&scratch, "new.tprov.json", |_| {});
    for format in ["unified", "side-by-side", "html", "json"] {
        for colour in ["always", "never"] {
            let case = format!("diff --format {format} --color {colour}");
            let output = scratch
                .tprov()
                .args(["--color", colour, "diff"])
                .arg(&old_document)
                .args([DOCUMENT, "--format", format, "--old-envelope"])
                .arg(&old_envelope)
                .args(["--new-envelope", "new.tprov.json"])
                .output()
                .unwrap();
            assert_eq!(code(&output), 1, "{case}: the texts differ: {output:?}");
            if format != "json" {
                // JSON escapes controls its own way and is checked by parsing it.
                assert_no_stray_controls(&output, &case);
            }
            let (stdout, stderr) = out_err(&output);
            // (In the HTML a line break is white space to the browser: escaping is what counts.)
            assert!(
                format == "html" || !forged_line(&stdout, "VERIFIED"),
                "{case}: a line forged by the record: {stdout}"
            );
            assert!(!forged_line(&stderr, "VERIFIED"), "{case}: {stderr}");
            match format {
                "json" => {
                    let json: Value = serde_json::from_str(&stdout).unwrap();
                    let field = format!("agents.{role}");
                    assert!(
                        json["records"]["fields"]
                            .as_array()
                            .unwrap()
                            .iter()
                            .any(|f| f["field"] == field.as_str()),
                        "{case}: JSON keeps the role as signed (escaped by JSON): {json}"
                    );
                }
                "html" => assert!(
                    !stdout.contains("<b>x</b>") && stdout.contains("&lt;b&gt;x&lt;/b&gt;"),
                    "{case}: the role HTML-escaped: {stdout}"
                ),
                _ => assert!(
                    stdout.contains("agents.reviser<b>x</b>Eve\\u{1b}[2K\\u{d}VERIFIED"),
                    "{case}: the field name shown escaped: {stdout}"
                ),
            }
        }
    }
}

/// `commentary.en.md` signed, and `copy.md` (the same text) signed as its revision: `diff` of
/// the two verifies both records and their link (exit 0) until something is taken away.
fn document_and_revised_copy(scratch: &Scratch) {
    scratch.sign_sample();
    fs::copy(scratch.path(DOCUMENT), scratch.path("copy.md")).unwrap();
    let mut args = sample_sign_args("copy.md");
    args.extend(["--previous".into(), ENVELOPE.into()]);
    scratch.tprov().args(&args).assert().success();
}

fn diff_copy(scratch: &Scratch, keys: &[&str]) -> (i32, String) {
    let output = scratch
        .tprov()
        .args(["diff", DOCUMENT, "copy.md"])
        .args(keys)
        .output()
        .unwrap();
    assert_no_stray_controls(&output, "diff");
    (code(&output), out_err(&output).1)
}

#[test]
fn finding_5_diff_says_when_a_record_asked_to_be_checked_could_not_be() {
    // Regression (issue 10, item 5): with keys given but an envelope missing, no record was
    // verified and nothing said so (exit 0); a malformed one stopped the diff (exit 2).
    let scratch = Scratch::new();
    document_and_revised_copy(&scratch);
    let keys = ["--pubkey", "newsroom.pub"];
    assert_eq!(
        diff_copy(&scratch, &keys),
        (0, String::new()),
        "both verify"
    );

    let copy_envelope = scratch.path("copy.md.tprov.json");
    let signed = fs::read(&copy_envelope).unwrap();
    fs::remove_file(&copy_envelope).unwrap();
    let (code, stderr) = diff_copy(&scratch, &keys);
    assert_eq!(code, 1, "a record asked to be checked was not: {stderr}");
    assert!(
        stderr.contains(
            "NEW's record was not checked: no envelope for copy.md (expected copy.md.tprov.json)"
        ),
        "{stderr}"
    );
    assert_eq!(
        diff_copy(&scratch, &[]).0,
        0,
        "without keys nothing was asked"
    );

    for (case, bytes) in [("malformed", b"{".to_vec()), ("empty", Vec::new())] {
        fs::write(&copy_envelope, bytes).unwrap();
        let (code, stderr) = diff_copy(&scratch, &keys);
        assert_eq!(code, 1, "{case}: {stderr}");
        assert!(
            stderr.contains("NEW's record copy.md.tprov.json is NOT VERIFIED"),
            "{case}: {stderr}"
        );
    }
    fs::write(&copy_envelope, &signed).unwrap();
    let (code, stderr) = diff_copy(&scratch, &["--pubkey", "translator.pub"]);
    assert_eq!(code, 1, "signed by a key not given: {stderr}");
    assert!(
        stderr.contains(
            "OLD's record commentary.en.md.tprov.json is NOT VERIFIED: the signature check failed"
        ) && stderr.contains("NEW's record copy.md.tprov.json is NOT VERIFIED"),
        "{stderr}"
    );
}

#[test]
fn diff_checks_a_record_by_its_text_as_verify_does() {
    // Issue 11 item 4: `diff` agrees with `verify`, the records' check included: a copy with
    // the signed words and other line endings verifies by a text match in both.
    let scratch = Scratch::new();
    scratch.sign_sample();
    let crlf = fs::read_to_string(scratch.path(DOCUMENT))
        .unwrap()
        .replace('\n', "\r\n");
    fs::write(scratch.path("crlf.md"), crlf).unwrap();
    let verify = scratch
        .tprov()
        .args(["verify", "crlf.md", "--envelope", ENVELOPE])
        .args(["--pubkey", "newsroom.pub"])
        .output()
        .unwrap();
    assert_eq!(code(&verify), 0, "{verify:?}");
    let output = scratch
        .tprov()
        .args(["diff", DOCUMENT, "crlf.md", "--new-envelope", ENVELOPE])
        .args(["--pubkey", "newsroom.pub"])
        .output()
        .unwrap();
    let (stdout, stderr) = out_err(&output);
    assert!(
        stdout.contains("new  commentary.en.md.tprov.json  verified by a text match"),
        "{stdout}\n{stderr}"
    );
    assert!(!stderr.contains("NOT VERIFIED"), "{stderr}");
}

#[test]
fn finding_6_cosign_shows_a_forged_subject_name_escaped_and_says_nothing_was_verified() {
    // Regression (issue 10, item 6), the attack as filed: a record for another document whose
    // subject name carries `article.md  sha256:<the right digest>`, line breaks and a conceal
    // sequence, so that the line a publisher reads names the document they meant to co-sign.
    let scratch = Scratch::new();
    let right = crate::util::sha256_hex(&fs::read(scratch.path(DOCUMENT)).unwrap());
    let forged = format!("{DOCUMENT}  sha256:{right}\n\n\u{1b}[8m");
    sign_edited_record(&scratch, "other.tprov.json", |payload| {
        payload["subject"][0]["name"] = json!(forged);
        payload["subject"][0]["digest"]["sha256"] =
            json!(crate::util::sha256_hex(b"another document\n"));
    });
    let output = scratch
        .tprov()
        .args(["cosign", "other.tprov.json", "--key", "translator.key"])
        .output()
        .unwrap();
    assert_eq!(code(&output), 0, "nothing checked, co-signed: {output:?}");
    assert_no_stray_controls(&output, "cosign");
    let (stdout, stderr) = out_err(&output);
    let shown: Vec<&str> = stdout.lines().filter(|l| l.contains(&right)).collect();
    assert_eq!(shown.len(), 1, "{stdout}");
    assert!(
        shown[0].contains(&format!(
            "sha256:{right}\\u{{a}}\\u{{a}}\\u{{1b}}[8m  sha256:"
        )) && shown[0].ends_with(&crate::util::sha256_hex(b"another document\n")),
        "the forged name escaped, the signed digest after it on the same line: {stdout}"
    );
    assert!(
        stdout.contains("NOT verified: no document, no signature checked"),
        "{stdout}"
    );
    assert!(stderr.contains("note: nothing was checked"), "{stderr}");
}

#[test]
fn finding_8_verify_stdin_takes_every_name_exactly() {
    // Regression (issue 10, item 8): `verify -` read `good.md\r` as `good.md` and then
    // de-duplicated it away ("1 document: 1 verified"), and split a name holding a line break
    // in two. Names are now taken exactly; `-0` reads NUL-separated names.
    let scratch = Scratch::new();
    scratch.sign_sample();
    fs::write(scratch.path("a\nb.md"), "unsigned\n").unwrap();
    let run = |args: &[&str], stdin: &str| {
        let output = scratch
            .tprov()
            .arg("verify")
            .args(args)
            .args(["--pubkey", "newsroom.pub"])
            .write_stdin(stdin)
            .output()
            .unwrap();
        assert_no_stray_controls(&output, "verify -");
        let (stdout, stderr) = out_err(&output);
        (code(&output), stdout, stderr)
    };
    let (status, stdout, stderr) = run(&["-"], &format!("{DOCUMENT}\n{DOCUMENT}\r\n"));
    assert_eq!(status, 1, "{stdout}");
    assert!(stderr.contains("(Windows CR LF line endings?)"), "{stderr}");
    assert_eq!(
        stdout,
        format!(
            "MISSING  {DOCUMENT}\\u{{d}}: no file of exactly this name, so nothing was checked\n\
             2 documents: 1 verified, 0 failed, 1 missing (not found: 1)\n"
        )
    );
    let (status, stdout, stderr) = run(&["-"], "a\nb.md\n");
    assert!(!stderr.contains("carriage return"), "{stderr}");
    assert_eq!(status, 1, "{stdout}");
    assert!(
        stdout.contains("MISSING  a: no file of exactly this name")
            && stdout.contains("MISSING  b.md: no file of exactly this name")
            && stdout.ends_with("2 documents: 0 verified, 0 failed, 2 missing (not found: 2)\n"),
        "newline-separated, the name is two names, both reported: {stdout}"
    );
    let (status, stdout, _) = run(
        &["-0", "-"],
        &format!("a\nb.md\0{DOCUMENT}\r\0{DOCUMENT}\0"),
    );
    assert_eq!(status, 1, "{stdout}");
    assert_eq!(
        stdout,
        format!(
            "MISSING  a\\u{{a}}b.md: no envelope beside it (expected a\\u{{a}}b.md.tprov.json)\n\
             MISSING  {DOCUMENT}\\u{{d}}: no file of exactly this name, so nothing was checked\n\
             3 documents: 1 verified, 0 failed, 2 missing (missing envelope: 1, not found: 1)\n"
        )
    );
    let (status, _, _) = run(&["-0", DOCUMENT], "");
    assert_eq!(status, 2, "-0 without `-` is a usage error");
    let help = scratch.tprov().args(["verify", "--help"]).output().unwrap();
    let help = out_err(&help)
        .0
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(
        help.contains("At most 1,000,000 names and 256 MiB"),
        "the bound is in --help: {help}"
    );
}

#[cfg(unix)]
#[test]
fn finding_9_cosign_in_place_keeps_a_link_and_the_mode() {
    // Regression (issue 10, item 9): co-signing in place replaced a symbolic link with a
    // regular file (the link's target never got the co-signature) and widened 0600 to 0644.
    use std::os::unix::fs::PermissionsExt;
    let scratch = Scratch::new();
    scratch.sign_sample();
    fs::create_dir(scratch.path("store")).unwrap();
    let target = scratch.path("store/commentary.en.md.tprov.json");
    fs::rename(scratch.path(ENVELOPE), &target).unwrap();
    fs::set_permissions(&target, fs::Permissions::from_mode(0o600)).unwrap();
    std::os::unix::fs::symlink("store/commentary.en.md.tprov.json", scratch.path(ENVELOPE))
        .unwrap();
    scratch
        .tprov()
        .args(["cosign", ENVELOPE, "--key", "translator.key"])
        .assert()
        .success();
    let link = fs::symlink_metadata(scratch.path(ENVELOPE)).unwrap();
    assert!(link.file_type().is_symlink(), "the link stays a link");
    assert_eq!(
        envelope_json(&target)["signatures"]
            .as_array()
            .unwrap()
            .len(),
        2,
        "the link's target has the co-signature"
    );
    let mode = fs::metadata(&target).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600, "the mode is kept");
    assert_eq!(
        crate::util::temp_leftovers(&scratch.path("store")),
        Vec::<std::path::PathBuf>::new()
    );
    // A regular file keeps its mode too.
    fs::remove_file(scratch.path(ENVELOPE)).unwrap();
    fs::rename(&target, scratch.path(ENVELOPE)).unwrap();
    fs::set_permissions(scratch.path(ENVELOPE), fs::Permissions::from_mode(0o640)).unwrap();
    scratch
        .tprov()
        .args(["cosign", ENVELOPE, "--key", "agency.key"])
        .assert()
        .success();
    let mode = fs::metadata(scratch.path(ENVELOPE))
        .unwrap()
        .permissions()
        .mode()
        & 0o777;
    assert_eq!(mode, 0o640, "a regular envelope keeps its mode");
    assert_eq!(
        envelope_json(&scratch.path(ENVELOPE))["signatures"]
            .as_array()
            .unwrap()
            .len(),
        3
    );
}

#[cfg(unix)]
#[test]
fn diff_json_survives_file_names_that_are_not_utf8() {
    // Found with finding 5: `diff --format json` serialised paths as they are, and a file name
    // that is not UTF-8 made serialisation fail (a panic, exit 101).
    use std::os::unix::ffi::OsStrExt;
    let scratch = Scratch::new();
    scratch.sign_sample();
    let name = std::ffi::OsStr::from_bytes(b"caf\xe9.md");
    let envelope = std::ffi::OsStr::from_bytes(b"caf\xe9.md.tprov.json");
    fs::copy(scratch.path(DOCUMENT), scratch.dir.path().join(name)).unwrap();
    fs::copy(scratch.path(ENVELOPE), scratch.dir.path().join(envelope)).unwrap();
    let output = scratch
        .tprov()
        .args(["diff", DOCUMENT])
        .arg(name)
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        code(&output),
        1,
        "NEW's record is not linked to OLD's: {output:?}"
    );
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["new"], "caf\u{fffd}.md");
    assert_eq!(
        json["records"]["new"]["envelope"],
        "caf\u{fffd}.md.tprov.json"
    );
}
