//! Trust files, roles, validity windows, revocation, policies (`--require-role`, `--threshold`),
//! co-signing and passphrase-protected secret keys, through the `tprov` binary.
//!
//! The demo keys: `agency` (translator, post-editor) and `newsroom` (publisher, editor) are in
//! force; `newsroom-2025` is newsroom's retired key (valid until 2026-01-01); `agency-2025` is
//! revoked; `translator` is a key the trust file does not list. The default signing time
//! (`SOURCE_DATE_EPOCH` from `util::tprov`) is 2026-11-24T06:00:00Z.

use std::fs;
use std::path::Path;
use std::process::Output;

use serde_json::{Value, json};

use crate::util::{Scratch, root, sample_sign_args};

/// 2025-06-01T00:00:00Z: before newsroom's key rotation.
const EPOCH_2025: &str = "1748736000";

fn exit(output: &Output) -> i32 {
    output.status.code().unwrap_or(-1)
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// A scratch folder with the sample documents, the demo keys and the example trust file.
fn scratch() -> Scratch {
    let scratch = Scratch::new();
    fs::copy(
        root().join("keys/trust.example.json"),
        scratch.path("trust.json"),
    )
    .unwrap();
    scratch
}

/// Signs `commentary.en.md` with `key` into `envelope` (optionally at another time).
fn sign(scratch: &Scratch, key: &str, envelope: &str, epoch: Option<&str>) {
    let mut args = sample_sign_args("commentary.en.md");
    let at = args.iter().position(|a| a == "newsroom.key").unwrap();
    args[at] = key.to_owned();
    args.extend(["--output".into(), envelope.into()]);
    let mut cmd = scratch.tprov();
    if let Some(epoch) = epoch {
        cmd.env("SOURCE_DATE_EPOCH", epoch);
    }
    let output = cmd.args(&args).output().unwrap();
    assert_eq!(
        exit(&output),
        0,
        "sign with {key}: {}",
        text(&output.stderr)
    );
}

fn cosign(scratch: &Scratch, envelope: &str, key: &str) -> Output {
    scratch
        .tprov()
        .args(["cosign", envelope, "--key", key])
        .output()
        .unwrap()
}

/// `tprov verify commentary.en.md --envelope ENVELOPE EXTRA... --json`: exit code, report, stderr.
fn verify(scratch: &Scratch, envelope: &str, extra: &[&str]) -> (i32, Value, String) {
    let output = scratch
        .tprov()
        .args([
            "verify",
            "commentary.en.md",
            "--envelope",
            envelope,
            "--json",
        ])
        .args(extra)
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&output.stdout).unwrap_or_else(|e| {
        panic!(
            "verify {extra:?}: stdout is not JSON ({e}); stderr: {}",
            text(&output.stderr)
        )
    });
    (exit(&output), report, text(&output.stderr))
}

fn check<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["check"] == name)
        .unwrap_or_else(|| panic!("no {name} check in {report:#}"))
}

fn statuses(report: &Value) -> Vec<String> {
    report["signatures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["status"].as_str().unwrap().to_owned())
        .collect()
}

/// The files in the folder whose names start with `.tprov-` (temporary files of atomic writes).
fn leftovers(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".tprov-"))
        .collect()
}

// ---------------------------------------------------------------------------------------------
// Trust files and policies
// ---------------------------------------------------------------------------------------------

#[test]
fn translator_signs_publisher_cosigns_reader_requires_the_publisher_role() {
    let s = scratch();
    sign(&s, "agency.key", "article.json", None);
    let (code, report, stderr) = verify(
        &s,
        "article.json",
        &["--trust", "trust.json", "--require-role", "publisher"],
    );
    assert_eq!(
        code, 1,
        "the translator alone is not the publisher: {report:#}"
    );
    assert!(
        stderr.contains(
            "policy check failed: no counted signature is by a key you trust as publisher"
        ),
        "{stderr}"
    );

    let output = cosign(&s, "article.json", "newsroom.key");
    assert_eq!(exit(&output), 0, "{}", text(&output.stderr));

    let (code, report, stderr) = verify(
        &s,
        "article.json",
        &[
            "--trust",
            "trust.json",
            "--require-role",
            "publisher",
            "--require-role",
            "translator",
            "--threshold",
            "2",
        ],
    );
    assert_eq!(code, 0, "{stderr}\n{report:#}");
    assert_eq!(report["verified"], true);
    assert_eq!(statuses(&report), ["verified", "verified"]);
    assert_eq!(report["signatures"][0]["signer"]["name"], "agency");
    assert_eq!(
        report["signatures"][0]["roles"],
        json!(["translator", "postEditor"])
    );
    assert_eq!(report["signatures"][1]["signer"]["name"], "newsroom");
    assert_eq!(
        report["signatures"][1]["roles"],
        json!(["publisher", "editor"])
    );
    assert_eq!(report["policy"]["met"], true);
    assert_eq!(report["policy"]["threshold"], 2);
    assert_eq!(
        report["policy"]["requiredRoles"],
        json!(["publisher", "translator"])
    );
    assert_eq!(
        check(&report, "policy")["detail"],
        "required 2 trusted keys covering publisher, translator; counted agency (translator, post-editor), newsroom (publisher, editor)"
    );
    let names: Vec<&str> = report["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["check"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["envelope", "signature", "statement", "policy", "document"]
    );

    // The human report names both signers with the roles the reader grants them.
    let output = s
        .tprov()
        .args([
            "verify",
            "commentary.en.md",
            "--envelope",
            "article.json",
            "--trust",
            "trust.json",
            "--require-role",
            "post-editor",
        ])
        .output()
        .unwrap();
    assert_eq!(exit(&output), 0);
    let stdout = text(&output.stdout);
    assert!(
        stdout.contains("signed by    agency (key 859f380e814ba8b0; trusted as translator, post-editor), newsroom (key 4b3b32f7cf8c3040; trusted as publisher, editor)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("  pass  policy     required 1 trusted key covering post-editor;"),
        "{stdout}"
    );
}

#[test]
fn an_expired_key_fails_for_records_signed_after_its_window() {
    let s = scratch();
    sign(&s, "newsroom-2025.key", "late.json", None);
    let (code, report, stderr) = verify(&s, "late.json", &["--trust", "trust.json"]);
    assert_eq!(code, 1, "{report:#}");
    assert_eq!(statuses(&report), ["expired"]);
    assert!(report["record"].is_null());
    assert_eq!(report["signatures"][0]["verified"], false);
    assert!(
        stderr.contains("NOT VERIFIED: policy check failed: no signature counts; newsroom (key 03babba0844a57c2) is expired: the key is valid until 2026-01-01T00:00:00Z but the record says it was signed at 2026-11-24T06:00:00Z"),
        "{stderr}"
    );
}

#[test]
fn rotation_the_retired_key_still_verifies_old_records_and_the_new_key_new_ones() {
    let s = scratch();
    sign(&s, "newsroom-2025.key", "old.json", Some(EPOCH_2025));
    sign(&s, "newsroom.key", "new.json", None);
    for envelope in ["old.json", "new.json"] {
        let (code, report, stderr) = verify(
            &s,
            envelope,
            &["--trust", "trust.json", "--require-role", "publisher"],
        );
        assert_eq!(code, 0, "{envelope}: {stderr}");
        assert_eq!(
            report["signatures"][0]["signer"]["name"], "newsroom",
            "{envelope}"
        );
    }
}

#[test]
fn a_key_is_not_valid_before_its_window_opens() {
    let s = scratch();
    sign(&s, "newsroom.key", "early.json", Some(EPOCH_2025));
    let (code, report, stderr) = verify(&s, "early.json", &["--trust", "trust.json"]);
    assert_eq!(code, 1);
    assert_eq!(statuses(&report), ["notYetValid"]);
    assert!(
        stderr.contains("is not yet valid: the key is valid from 2026-01-01T00:00:00Z but the record says it was signed at 2025-06-01T00:00:00Z"),
        "{stderr}"
    );
}

#[test]
fn a_revoked_key_fails_whatever_time_it_claims_and_the_message_says_when() {
    let s = scratch();
    // Claims to be from 2025, a year before the revocation: refused all the same.
    sign(&s, "agency-2025.key", "stolen.json", Some(EPOCH_2025));
    let (code, report, stderr) = verify(&s, "stolen.json", &["--trust", "trust.json"]);
    assert_eq!(code, 1);
    assert_eq!(statuses(&report), ["revoked"]);
    assert_eq!(check(&report, "signature")["outcome"], "failed");
    assert_eq!(check(&report, "statement")["outcome"], "skipped");
    assert!(
        stderr.contains("signature check failed: every signature that verifies is by a revoked key: agency (key dd278222e32f38f3) was revoked on 2026-03-02T00:00:00Z: laptop stolen"),
        "{stderr}"
    );
    assert!(
        report["signatures"][0]["reason"]
            .as_str()
            .unwrap()
            .contains("whatever signing time they claim")
    );
}

/// README, revocation: "To keep an old record valid, have it co-signed with a key in force."
#[test]
fn cosigning_with_a_key_in_force_keeps_a_record_valid_after_revocation() {
    let s = scratch();
    sign(&s, "agency-2025.key", "old.json", Some(EPOCH_2025));
    let (code, report, _) = verify(&s, "old.json", &["--trust", "trust.json"]);
    assert_eq!(code, 1, "revoked alone: not verified: {report:#}");
    assert_eq!(statuses(&report), ["revoked"]);

    let output = cosign(&s, "old.json", "agency.key");
    assert_eq!(exit(&output), 0, "cosign: {}", text(&output.stderr));
    for extra in [&[][..], &["--require-role", "translator"]] {
        let mut args = vec!["--trust", "trust.json"];
        args.extend(extra);
        let (code, report, stderr) = verify(&s, "old.json", &args);
        assert_eq!(
            code, 0,
            "{extra:?}: co-signed in force: verified: {stderr} {report:#}"
        );
        assert_eq!(statuses(&report), ["revoked", "verified"], "{extra:?}");
        assert_eq!(report["verified"], true);
        assert_eq!(
            report["signatures"][0]["verified"], false,
            "the revoked one never counts"
        );
        assert_eq!(report["signatures"][1]["signer"]["name"], "agency");
        assert_eq!(report["policy"]["countedKeys"].as_array().unwrap().len(), 1);
    }
    // The human report says both: verified, and the revoked signature listed as such.
    let output = s
        .tprov()
        .args(["verify", "commentary.en.md", "--envelope", "old.json"])
        .args(["--trust", "trust.json"])
        .output()
        .unwrap();
    let stdout = text(&output.stdout);
    assert_eq!(exit(&output), 0, "{}", text(&output.stderr));
    assert!(stdout.starts_with("VERIFIED"), "{stdout}");
    assert!(
        stdout.contains("revoked"),
        "the revoked signature is listed: {stdout}"
    );
}

#[test]
fn a_revocation_without_a_date_or_reason_still_says_revoked() {
    let s = scratch();
    fs::write(
        s.path("revoked.json"),
        json!({"version": 1, "signers": [{"name": "newsroom", "roles": ["publisher"], "keys": [
            {"path": "newsroom.pub", "revoked": {}}
        ]}]})
        .to_string(),
    )
    .unwrap();
    let envelope = s.sign_sample();
    let (code, report, stderr) =
        verify(&s, envelope.to_str().unwrap(), &["--trust", "revoked.json"]);
    assert_eq!(code, 1, "{report:#}");
    assert!(
        stderr.contains("every signature that verifies is by a revoked key: newsroom (key 4b3b32f7cf8c3040) was revoked."),
        "{stderr}"
    );
}

#[test]
fn pub_files_grant_no_roles_so_a_required_role_points_to_trust_files() {
    let s = scratch();
    let envelope = s.sign_sample();
    let envelope = envelope.to_str().unwrap();
    for keys in [["--pubkey", "newsroom.pub"], ["--trust", "newsroom.pub"]] {
        let (code, _, stderr) = verify(
            &s,
            envelope,
            &[keys[0], keys[1], "--require-role", "publisher"],
        );
        assert_eq!(code, 1, "{keys:?}");
        assert!(
            stderr.contains("keys given as .pub files (--pubkey, or --trust with a .pub file or folder) grant no roles; use a trust file (--trust FILE.json)"),
            "{keys:?}: {stderr}"
        );
    }
    // Without a required role the simple form still works.
    let (code, _, stderr) = verify(&s, envelope, &["--pubkey", "newsroom.pub"]);
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn the_threshold_counts_distinct_trusted_signers() {
    let s = scratch();
    let envelope = s.sign_sample();
    let envelope = envelope.to_str().unwrap();
    let (code, report, stderr) =
        verify(&s, envelope, &["--trust", "trust.json", "--threshold", "2"]);
    assert_eq!(code, 1);
    assert_eq!(check(&report, "policy")["outcome"], "failed");
    assert_eq!(check(&report, "document")["outcome"], "skipped");
    assert!(
        stderr.contains("policy check failed: threshold not met: signatures by 1 distinct trusted signer count (keys of one signer count once), 2 required"),
        "{stderr}"
    );
    for bad in ["0", "65", "two"] {
        let output = s
            .tprov()
            .args([
                "verify",
                "commentary.en.md",
                "--trust",
                "trust.json",
                "--threshold",
                bad,
            ])
            .output()
            .unwrap();
        assert_eq!(exit(&output), 2, "--threshold {bad}");
        assert!(text(&output.stderr).contains("--threshold"), "{bad}");
    }
}

#[test]
fn unknown_roles_are_usage_errors() {
    let s = scratch();
    let output = s
        .tprov()
        .args([
            "verify",
            "commentary.en.md",
            "--trust",
            "trust.json",
            "--require-role",
            "publsher",
        ])
        .output()
        .unwrap();
    assert_eq!(exit(&output), 2);
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("unknown role \"publsher\"; roles are translator, post-editor, reviewer, editor, publisher"),
        "{stderr}"
    );
}

#[test]
fn signatures_by_unknown_keys_are_reported_but_not_counted() {
    let s = scratch();
    sign(&s, "agency.key", "article.json", None);
    assert_eq!(exit(&cosign(&s, "article.json", "translator.key")), 0);
    assert_eq!(exit(&cosign(&s, "article.json", "newsroom.key")), 0);
    let (code, report, stderr) = verify(
        &s,
        "article.json",
        &["--trust", "trust.json", "--threshold", "3"],
    );
    assert_eq!(code, 1);
    assert_eq!(statuses(&report), ["verified", "notVerified", "verified"]);
    assert!(report["signatures"][1]["signer"].is_null());
    assert_eq!(
        report["signatures"][1]["keyidHint"].as_str().unwrap().len(),
        64
    );
    assert_eq!(report["policy"]["countedKeys"].as_array().unwrap().len(), 2);
    assert!(
        check(&report, "signature")["detail"]
            .as_str()
            .unwrap()
            .contains("1 signature not by any trusted key (reported, not counted)")
    );
    assert!(
        stderr
            .contains("threshold not met: signatures by 2 distinct trusted signers count (keys of one signer count once), 3 required"),
        "{stderr}"
    );
    let output = s
        .tprov()
        .args([
            "verify",
            "commentary.en.md",
            "--envelope",
            "article.json",
            "--trust",
            "trust.json",
            "--threshold",
            "2",
        ])
        .output()
        .unwrap();
    assert_eq!(exit(&output), 0);
    let stdout = text(&output.stdout);
    let line = stdout.lines().find(|l| l.contains("#1  ")).unwrap();
    assert!(
        line.starts_with("  #1  not verified by any trusted key (key id hint ")
            && line.ends_with(", untrusted): not counted"),
        "{stdout}"
    );
}

#[test]
fn a_duplicated_signature_counts_once() {
    let s = scratch();
    let envelope = s.sign_sample();
    let mut value: Value = serde_json::from_slice(&fs::read(&envelope).unwrap()).unwrap();
    let first = value["signatures"][0].clone();
    value["signatures"].as_array_mut().unwrap().push(first);
    fs::write(s.path("twice.json"), value.to_string()).unwrap();
    let (code, report, stderr) = verify(
        &s,
        "twice.json",
        &["--trust", "trust.json", "--threshold", "2"],
    );
    assert_eq!(code, 1, "one key signing twice is one signer");
    assert_eq!(statuses(&report), ["verified", "verified"]);
    assert_eq!(report["signatures"][1]["duplicateOf"], 0);
    assert!(
        stderr.contains("signatures by 1 distinct trusted signer count (keys of one signer count once), 2 required"),
        "{stderr}"
    );
    let output = s
        .tprov()
        .args([
            "verify",
            "commentary.en.md",
            "--envelope",
            "twice.json",
            "--trust",
            "trust.json",
        ])
        .output()
        .unwrap();
    assert_eq!(exit(&output), 0);
    assert!(
        text(&output.stdout).contains("(same key as #0: counted once)"),
        "{}",
        text(&output.stdout)
    );
}

#[test]
fn trust_file_mistakes_are_refused_naming_the_file() {
    let s = scratch();
    let envelope = s.sign_sample();
    let envelope = envelope.to_str().unwrap();
    let pem = fs::read_to_string(s.path("newsroom.pub")).unwrap();
    let cases = [
        (
            json!({"version": 1, "signers": [{"name": "n", "keys": [{"publicKey": pem, "validUntill": "2027-01-01T00:00:00Z"}]}]}),
            "unknown field `validUntill`",
        ),
        (
            json!({"version": 1, "signers": [{"name": "n", "roles": ["boss"], "keys": [{"publicKey": pem}]}]}),
            "signer \"n\": unknown role \"boss\"",
        ),
        (
            json!({"version": 3, "signers": []}),
            "version 3 is not supported",
        ),
        (
            json!({"version": 1, "signers": [{"name": "n", "keys": [{"path": "nowhere.pub"}]}]}),
            "signer \"n\", key #0: its key file is not usable: cannot read",
        ),
        (
            json!({"version": 1, "signers": [{"name": "n", "keys": [{"path": "newsroom.key"}]}]}),
            "this is a secret key",
        ),
    ];
    for (trust, expected) in cases {
        fs::write(s.path("bad.json"), trust.to_string()).unwrap();
        let output = s
            .tprov()
            .args([
                "verify",
                "commentary.en.md",
                "--envelope",
                envelope,
                "--trust",
                "bad.json",
            ])
            .output()
            .unwrap();
        let stderr = text(&output.stderr);
        assert_eq!(exit(&output), 2, "{expected}: {stderr}");
        assert!(
            stderr.contains("bad.json: not a valid trust file: "),
            "{expected}: {stderr}"
        );
        assert!(stderr.contains(expected), "{expected}: {stderr}");
        assert!(output.stdout.is_empty());
    }
    fs::write(s.path("huge.json"), vec![b' '; 1024 * 1024 + 1]).unwrap();
    let output = s
        .tprov()
        .args([
            "verify",
            "commentary.en.md",
            "--envelope",
            envelope,
            "--trust",
            "huge.json",
        ])
        .output()
        .unwrap();
    assert_eq!(exit(&output), 2);
    assert!(
        text(&output.stderr).contains("huge.json is larger than the 1048576-byte limit"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn a_key_trusted_twice_on_different_terms_is_refused() {
    let s = scratch();
    let envelope = s.sign_sample();
    let output = s
        .tprov()
        .args([
            "verify",
            "commentary.en.md",
            "--envelope",
            envelope.to_str().unwrap(),
        ])
        .args(["--pubkey", "agency-2025.pub", "--trust", "trust.json"])
        .output()
        .unwrap();
    assert_eq!(exit(&output), 2);
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("is trusted twice with different roles, validity or revocation"),
        "{stderr}"
    );
    assert!(
        stderr.contains("list it once, in the trust file"),
        "{stderr}"
    );
}

#[test]
fn the_example_trust_file_is_valid_and_its_inline_key_is_the_agency_key() {
    let example: Value =
        serde_json::from_slice(&fs::read(root().join("keys/trust.example.json")).unwrap()).unwrap();
    let inline = example["signers"][1]["keys"][0]["publicKey"]
        .as_str()
        .unwrap();
    assert_eq!(
        inline,
        fs::read_to_string(root().join("keys/agency.pub")).unwrap()
    );
    let mut trust = tprov::TrustStore::new();
    trust
        .add_path(&root().join("keys/trust.example.json"))
        .unwrap();
    assert_eq!(trust.keys().len(), 4);
}

// ---------------------------------------------------------------------------------------------
// Co-signing
// ---------------------------------------------------------------------------------------------

#[test]
fn cosign_keeps_the_payload_the_first_signature_and_unknown_fields_and_writes_atomically() {
    let s = scratch();
    sign(&s, "agency.key", "article.json", None);
    let mut value: Value =
        serde_json::from_slice(&fs::read(s.path("article.json")).unwrap()).unwrap();
    value["x-publisher-note"] = json!({"desk": "world"});
    value["signatures"][0]["x-signed-by"] = json!("agency");
    fs::write(
        s.path("article.json"),
        serde_json::to_vec_pretty(&value).unwrap(),
    )
    .unwrap();

    let output = cosign(&s, "article.json", "newsroom.key");
    assert_eq!(exit(&output), 0, "{}", text(&output.stderr));
    let stdout = text(&output.stdout);
    assert!(
        stdout.starts_with("co-signed article.json (key 4b3b32f7cf8c3040, 2 signatures now)\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("translation  commentary.en.md  sha256:"),
        "{stdout}"
    );
    assert!(
        stdout.contains("revision     1 (first release)\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("signature #0 claims key id 859f380e814ba8b0 (not checked"),
        "{stdout}"
    );

    let after: Value = serde_json::from_slice(&fs::read(s.path("article.json")).unwrap()).unwrap();
    assert_eq!(
        after["payload"], value["payload"],
        "the payload is untouched"
    );
    assert_eq!(after["payloadType"], value["payloadType"]);
    assert_eq!(
        after["signatures"][0], value["signatures"][0],
        "the first signature is untouched"
    );
    assert_eq!(after["x-publisher-note"], json!({"desk": "world"}));
    assert_eq!(after["signatures"].as_array().unwrap().len(), 2);
    assert_eq!(
        after["signatures"][1]["keyid"],
        "4b3b32f7cf8c304021256e0e6fd630b22e4d81d4ecf8c8d7d3e732426a7a7776"
    );
    assert!(
        leftovers(s.dir.path()).is_empty(),
        "no temporary file may remain"
    );
    let (code, _, stderr) = verify(
        &s,
        "article.json",
        &["--trust", "trust.json", "--threshold", "2"],
    );
    assert_eq!(code, 0, "{stderr}");
}

#[test]
fn cosigning_twice_with_the_same_key_is_refused_and_changes_nothing() {
    let s = scratch();
    sign(&s, "agency.key", "article.json", None);
    assert_eq!(exit(&cosign(&s, "article.json", "newsroom.key")), 0);
    let before = fs::read(s.path("article.json")).unwrap();
    for key in ["newsroom.key", "agency.key"] {
        let output = cosign(&s, "article.json", key);
        assert_eq!(exit(&output), 2, "{key}");
        let stderr = text(&output.stderr);
        assert!(
            stderr.contains("article.json: already signed by key "),
            "{key}: {stderr}"
        );
        assert!(
            stderr.contains("the envelope was left unchanged"),
            "{key}: {stderr}"
        );
        assert!(output.stdout.is_empty());
        assert_eq!(fs::read(s.path("article.json")).unwrap(), before, "{key}");
    }
    assert!(leftovers(s.dir.path()).is_empty());
}

#[test]
fn cosign_refuses_envelopes_that_are_not_tprov_records() {
    let s = scratch();
    let key = tprov::SecretKey::load(&s.path("agency.key")).unwrap();
    let other = tprov::Envelope::sign("text/plain", b"hello".to_vec(), &key);
    fs::write(s.path("other.json"), other.to_json()).unwrap();
    fs::write(s.path("broken.json"), b"{\"payload\": 1}").unwrap();
    for (file, expected) in [
        (
            "other.json",
            "other.json: not a tprov record: its payload type is \"text/plain\"",
        ),
        ("broken.json", "not a DSSE envelope"),
    ] {
        let before = fs::read(s.path(file)).unwrap();
        let output = cosign(&s, file, "newsroom.key");
        assert_eq!(exit(&output), 2, "{file}");
        let stderr = text(&output.stderr);
        assert!(stderr.contains(expected), "{file}: {stderr}");
        assert_eq!(fs::read(s.path(file)).unwrap(), before);
    }
}

#[test]
fn cosign_output_needs_force_to_replace_another_file() {
    let s = scratch();
    sign(&s, "agency.key", "article.json", None);
    fs::write(s.path("taken.json"), b"keep").unwrap();
    let output = s
        .tprov()
        .args([
            "cosign",
            "article.json",
            "--key",
            "newsroom.key",
            "--output",
            "taken.json",
        ])
        .output()
        .unwrap();
    assert_eq!(exit(&output), 2);
    assert!(
        text(&output.stderr).contains("refusing to overwrite taken.json"),
        "{}",
        text(&output.stderr)
    );
    assert_eq!(fs::read(s.path("taken.json")).unwrap(), b"keep");
    let original = fs::read(s.path("article.json")).unwrap();
    let output = s
        .tprov()
        .args([
            "cosign",
            "article.json",
            "--key",
            "newsroom.key",
            "--output",
            "taken.json",
            "--force",
        ])
        .output()
        .unwrap();
    assert_eq!(exit(&output), 0, "{}", text(&output.stderr));
    assert_eq!(
        fs::read(s.path("article.json")).unwrap(),
        original,
        "the input is left as it was"
    );
    let (code, _, _) = verify(
        &s,
        "taken.json",
        &["--trust", "trust.json", "--threshold", "2"],
    );
    assert_eq!(code, 0);
}

// ---------------------------------------------------------------------------------------------
// Protected secret keys
// ---------------------------------------------------------------------------------------------

#[test]
fn keygen_off_a_terminal_without_a_choice_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let output = crate::util::tprov()
        .current_dir(dir.path())
        .args(["keygen", "--out", "k"])
        .output()
        .unwrap();
    assert_eq!(exit(&output), 2);
    assert!(
        text(&output.stderr)
            .contains("choose --passphrase-env VAR, --passphrase-fd N, or --unencrypted"),
        "{}",
        text(&output.stderr)
    );
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        0,
        "nothing is written"
    );
    let output = crate::util::tprov()
        .current_dir(dir.path())
        .args([
            "keygen",
            "--out",
            "k",
            "--unencrypted",
            "--passphrase-env",
            "X",
        ])
        .output()
        .unwrap();
    assert_eq!(
        exit(&output),
        2,
        "--unencrypted and a passphrase contradict each other"
    );
    let output = crate::util::tprov()
        .current_dir(dir.path())
        .env("EMPTY", "")
        .args(["keygen", "--out", "k", "--passphrase-env", "EMPTY"])
        .output()
        .unwrap();
    assert_eq!(exit(&output), 2);
    assert!(
        text(&output.stderr).contains("the passphrase given is empty"),
        "{}",
        text(&output.stderr)
    );
    assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn an_encrypted_key_signs_with_the_passphrase_from_the_environment_or_a_descriptor() {
    let s = scratch();
    let output = s
        .tprov()
        .env("TPROV_PASSPHRASE", "correct horse battery")
        .args([
            "keygen",
            "--out",
            "desk",
            "--passphrase-env",
            "TPROV_PASSPHRASE",
        ])
        .output()
        .unwrap();
    assert_eq!(exit(&output), 0, "{}", text(&output.stderr));
    assert!(text(&output.stdout).contains("protected by your passphrase"));
    let pem = fs::read_to_string(s.path("desk.key")).unwrap();
    assert!(
        pem.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----\n"),
        "{pem}"
    );

    // Without a passphrase, off a terminal: a clear error, exit 2.
    let mut args = sample_sign_args("commentary.en.md");
    let at = args.iter().position(|a| a == "newsroom.key").unwrap();
    args[at] = "desk.key".into();
    let output = s.tprov().args(&args).output().unwrap();
    assert_eq!(exit(&output), 2);
    assert!(
        text(&output.stderr).contains("desk.key: the secret key is protected by a passphrase; give it with --passphrase-env VAR or --passphrase-fd N"),
        "{}",
        text(&output.stderr)
    );

    // From standard input, as descriptor 0 (one line; the newline is not part of it).
    let output = s
        .tprov()
        .args(&args)
        .args(["--passphrase-fd", "0", "--output", "fd0.json"])
        .write_stdin("correct horse battery\n")
        .output()
        .unwrap();
    assert_eq!(exit(&output), 0, "{}", text(&output.stderr));

    // From descriptor 3, opened by the shell.
    let mut command: Vec<String> = vec![env!("CARGO_BIN_EXE_tprov").to_owned()];
    command.extend(args.iter().cloned());
    command.extend([
        "--passphrase-fd".into(),
        "3".into(),
        "--output".into(),
        "fd3.json".into(),
    ]);
    let quoted: Vec<String> = command
        .iter()
        .map(|a| format!("'{}'", a.replace('\'', "'\\''")))
        .collect();
    fs::write(s.path("passphrase.txt"), "correct horse battery\n").unwrap();
    let output = std::process::Command::new("sh")
        .current_dir(s.dir.path())
        .env("SOURCE_DATE_EPOCH", "1795500000")
        .arg("-c")
        .arg(format!("{} 3<passphrase.txt", quoted.join(" ")))
        .output()
        .unwrap();
    assert_eq!(exit(&output), 0, "{}", text(&output.stderr));

    for envelope in ["fd0.json", "fd3.json"] {
        let (code, _, stderr) = verify(&s, envelope, &["--pubkey", "desk.pub"]);
        assert_eq!(code, 0, "{envelope}: {stderr}");
    }
}

#[test]
fn a_wrong_passphrase_is_a_clear_error_naming_the_key() {
    let s = scratch();
    let output = s
        .tprov()
        .env("TPROV_PASSPHRASE", "right")
        .args([
            "keygen",
            "--out",
            "desk",
            "--passphrase-env",
            "TPROV_PASSPHRASE",
        ])
        .output()
        .unwrap();
    assert_eq!(exit(&output), 0);
    sign(&s, "agency.key", "article.json", None);
    let before = fs::read(s.path("article.json")).unwrap();
    let output = s
        .tprov()
        .env("TPROV_PASSPHRASE", "wrong")
        .args([
            "cosign",
            "article.json",
            "--key",
            "desk.key",
            "--passphrase-env",
            "TPROV_PASSPHRASE",
        ])
        .output()
        .unwrap();
    assert_eq!(exit(&output), 2);
    assert_eq!(
        text(&output.stderr).trim_end(),
        "tprov: desk.key: wrong passphrase: it does not decrypt this secret key (or the encrypted key file is damaged)"
    );
    assert_eq!(fs::read(s.path("article.json")).unwrap(), before);
    let output = s
        .tprov()
        .args([
            "cosign",
            "article.json",
            "--key",
            "desk.key",
            "--passphrase-env",
            "UNSET_VARIABLE",
        ])
        .output()
        .unwrap();
    assert_eq!(exit(&output), 2);
    assert!(text(&output.stderr).contains("the environment variable UNSET_VARIABLE is not set"));
}

#[test]
fn openssl_reads_tprov_encrypted_keys_and_tprov_reads_openssl_encrypted_keys() {
    if !crate::util::have_openssl("encrypted keys across OpenSSL and tprov") {
        return;
    }
    let s = scratch();
    // tprov → OpenSSL: the same passphrase decrypts it and gives the same public key.
    let output = s
        .tprov()
        .env("TPROV_PASSPHRASE", "sesame open")
        .args([
            "keygen",
            "--out",
            "desk",
            "--passphrase-env",
            "TPROV_PASSPHRASE",
        ])
        .output()
        .unwrap();
    assert_eq!(exit(&output), 0);
    let openssl = |args: &[&str]| {
        std::process::Command::new("openssl")
            .current_dir(s.dir.path())
            .env("TPROV_PASSPHRASE", "sesame open")
            .args(args)
            .output()
            .unwrap()
    };
    let public = openssl(&[
        "pkey",
        "-in",
        "desk.key",
        "-passin",
        "env:TPROV_PASSPHRASE",
        "-pubout",
    ]);
    assert!(public.status.success(), "openssl: {}", text(&public.stderr));
    assert_eq!(
        text(&public.stdout),
        fs::read_to_string(s.path("desk.pub")).unwrap()
    );
    let wrong = openssl(&[
        "pkey",
        "-in",
        "desk.key",
        "-passin",
        "pass:sesame",
        "-noout",
    ]);
    assert!(
        !wrong.status.success(),
        "openssl must refuse the wrong passphrase"
    );

    // OpenSSL → tprov: PBES2 with PBKDF2-HMAC-SHA256 and AES-256-CBC, OpenSSL's default.
    let made = openssl(&[
        "genpkey",
        "-algorithm",
        "ed25519",
        "-aes-256-cbc",
        "-pass",
        "env:TPROV_PASSPHRASE",
        "-out",
        "ossl.key",
    ]);
    assert!(made.status.success(), "{}", text(&made.stderr));
    let made = openssl(&[
        "pkey",
        "-in",
        "ossl.key",
        "-passin",
        "env:TPROV_PASSPHRASE",
        "-pubout",
        "-out",
        "ossl.pub",
    ]);
    assert!(made.status.success());
    let mut args = sample_sign_args("commentary.en.md");
    let at = args.iter().position(|a| a == "newsroom.key").unwrap();
    args[at] = "ossl.key".into();
    let output = s
        .tprov()
        .env("TPROV_PASSPHRASE", "sesame open")
        .args(&args)
        .args(["--passphrase-env", "TPROV_PASSPHRASE"])
        .output()
        .unwrap();
    assert_eq!(exit(&output), 0, "{}", text(&output.stderr));
    let (code, _, stderr) = verify(&s, "commentary.en.md.tprov.json", &["--pubkey", "ossl.pub"]);
    assert_eq!(code, 0, "{stderr}");
    let output = s
        .tprov()
        .env("TPROV_PASSPHRASE", "sesame")
        .args(&args)
        .args(["--passphrase-env", "TPROV_PASSPHRASE", "--force"])
        .output()
        .unwrap();
    assert_eq!(exit(&output), 2);
    assert!(
        text(&output.stderr).contains("ossl.key: wrong passphrase"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn a_passphrase_for_an_unencrypted_key_is_not_needed_and_says_so() {
    let s = scratch();
    let mut args = sample_sign_args("commentary.en.md");
    args.extend(["--passphrase-env".into(), "TPROV_PASSPHRASE".into()]);
    let output = s
        .tprov()
        .env("TPROV_PASSPHRASE", "x")
        .args(&args)
        .output()
        .unwrap();
    assert_eq!(exit(&output), 0, "{}", text(&output.stderr));
    assert!(
        text(&output.stderr)
            .contains("note: newsroom.key is not encrypted; the passphrase given was not needed"),
        "{}",
        text(&output.stderr)
    );
}

#[test]
fn trust_folder_holding_a_trust_file_is_refused() {
    // Regression (issue 10, item 3): `--trust keys/` trusted `agency-2025.pub` although
    // `keys/trust.example.json` beside it revokes that key ("laptop stolen").
    let scratch = scratch();
    sign(&scratch, "agency-2025.key", "revoked.tprov.json", None);
    let keys = root().join("keys");
    let output = scratch
        .tprov()
        .args([
            "verify",
            "commentary.en.md",
            "--envelope",
            "revoked.tprov.json",
        ])
        .arg("--trust")
        .arg(&keys)
        .output()
        .unwrap();
    let stderr = text(&output.stderr);
    assert_eq!(exit(&output), 2, "refused, never verified: {stderr}");
    assert!(
        stderr.contains(&keys.join("trust.example.json").display().to_string())
            && stderr.contains("pass that file with --trust"),
        "names the file to pass: {stderr}"
    );
    // The file itself, as the message says, rejects the revoked key.
    let (code, _, _) = verify(&scratch, "revoked.tprov.json", &["--trust", "trust.json"]);
    assert_eq!(code, 1);
}
