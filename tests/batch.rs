//! `tprov verify` over many documents (`--recursive`, several paths, `-`): discovery, the
//! failure lines and summary, JSON Lines, exit codes, the progress bar's terminal-only
//! contract, and that batch verdicts are exactly those of one-by-one verification — including
//! for a crafted signature that Ed25519 *batch* verification would accept.

use std::fs;
use std::process::Output;

use serde_json::Value;

use crate::util::{Scratch, code, out_err, tprov};

const SOURCE_SHA256: &str = "b45506b24fc8b34c61a6efcbbbefc128f59a9fde4c8ab198f9af2762409d9d18";

/// Signs `document` (a path inside the scratch folder) with `key` (a `.key` file there).
fn sign(scratch: &Scratch, document: &str, key: &str) {
    scratch
        .tprov()
        .args([
            "sign",
            document,
            "--key",
            key,
            "--source-sha256",
            SOURCE_SHA256,
        ])
        .args([
            "--source-lang",
            "zh",
            "--target-lang",
            "en",
            "--engine",
            "ExampleMT",
        ])
        .assert()
        .success();
}

/// Writes `text` to `name` in the scratch folder, creating folders as needed.
fn write(scratch: &Scratch, name: &str, text: &str) {
    let path = scratch.path(name);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

/// An archive with every kind of item, in `archive/`:
///
/// | file | expected |
/// |---|---|
/// | `good-1.md`, `sub/good-2.md` | verified |
/// | `orphan.md.tprov.json` | missing document |
/// | `tampered.md` | failed: document |
/// | `unsigned.md` | missing envelope |
/// | `untrusted.md` (signed by the translator key) | failed: signature |
/// | `.hidden/secret.md` | not listed: hidden |
fn mixed_archive() -> Scratch {
    let scratch = Scratch::new();
    for name in [
        "good-1.md",
        "sub/good-2.md",
        "tampered.md",
        "unsigned.md",
        "untrusted.md",
        ".hidden/secret.md",
    ] {
        write(
            &scratch,
            &format!("archive/{name}"),
            &format!("The article {name}.\n"),
        );
    }
    for name in ["good-1.md", "sub/good-2.md", "tampered.md"] {
        sign(&scratch, &format!("archive/{name}"), "newsroom.key");
    }
    sign(&scratch, "archive/untrusted.md", "translator.key");
    fs::copy(
        scratch.path("archive/good-1.md.tprov.json"),
        scratch.path("archive/orphan.md.tprov.json"),
    )
    .unwrap();
    write(
        &scratch,
        "archive/tampered.md",
        "The article tampered.md, changed.\n",
    );
    scratch
}

/// Runs `tprov verify ARGS...` in the scratch folder.
fn verify(scratch: &Scratch, args: &[&str]) -> Output {
    scratch.tprov().arg("verify").args(args).output().unwrap()
}

/// Parses JSON Lines, naming the line in any failure.
fn json_lines(stdout: &str) -> Vec<Value> {
    stdout
        .lines()
        .enumerate()
        .map(|(i, line)| {
            serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("line {}: not JSON ({e}): {line:?}", i + 1))
        })
        .collect()
}

/// Asserts that stderr holds no trace of a progress bar.
#[track_caller]
fn assert_no_progress(stderr: &str, case: &str) {
    for needle in ["verifying [", "\r", "\x1b["] {
        assert!(
            !stderr.contains(needle),
            "{case}: expected no progress output on a non-terminal stderr, found {needle:?} in {stderr:?}"
        );
    }
}

#[test]
fn a_mixed_archive_lists_each_failure_and_missing_file_then_a_summary() {
    let scratch = mixed_archive();
    let output = verify(
        &scratch,
        &["--recursive", "archive", "--pubkey", "newsroom.pub"],
    );
    let (stdout, stderr) = out_err(&output);
    assert_eq!(code(&output), 1, "stdout: {stdout}; stderr: {stderr}");
    let mut lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(
        lines.remove(0),
        "SKIP  archive/.hidden: hidden, not looked into"
    );
    assert_eq!(lines.len(), 5, "four problem lines and a summary: {stdout}");
    assert_eq!(
        lines[0],
        "MISSING  archive/orphan.md.tprov.json: envelope without its document (expected archive/orphan.md)"
    );
    assert!(
        lines[1].starts_with(concat!(
            "FAIL  archive/tampered.md: the document check failed: the document's words differ ",
            "from the signed text: 0 of 1 signed sentences found unchanged (the document's SHA-256 is "
        )),
        "the diagnosis of a single verification: {}",
        lines[1]
    );
    assert!(
        lines[1]
            .ends_with("the translation was changed after signing, or this is the wrong envelope)"),
        "{}",
        lines[1]
    );
    assert_eq!(
        lines[2],
        "MISSING  archive/unsigned.md: no envelope beside it (expected archive/unsigned.md.tprov.json)"
    );
    assert!(
        lines[3].starts_with(
            "FAIL  archive/untrusted.md: the signature check failed: no signature verifies with a trusted key"
        ),
        "{}",
        lines[3]
    );
    assert_eq!(
        lines[4],
        "6 documents: 2 verified, 2 failed, 2 missing, 1 skipped (not looked into) (document: 1, signature: 1, missing envelope: 1, missing document: 1)"
    );
    assert!(
        stderr.starts_with("tprov: NOT VERIFIED: 4 of 6 documents did not verify"),
        "{stderr}"
    );
    assert_no_progress(&stderr, "mixed archive");
    assert!(
        !stdout.contains("secret.md"),
        "hidden folders are not looked into: {stdout}"
    );
}

#[test]
fn json_lines_give_an_object_per_document_in_order_then_the_summary() {
    let scratch = mixed_archive();
    let output = verify(
        &scratch,
        &["-r", "archive", "--pubkey", "newsroom.pub", "--json"],
    );
    let (stdout, stderr) = out_err(&output);
    assert_eq!(code(&output), 1, "stderr: {stderr}");
    let mut lines = json_lines(&stdout);
    assert_eq!(
        lines.remove(0),
        serde_json::json!({"type": "skipped", "status": "skipped", "path": "archive/.hidden", "reason": "hidden"})
    );
    let expected = [
        ("archive/good-1.md", "verified", Value::Null),
        (
            "archive/orphan.md.tprov.json",
            "missingDocument",
            "missingDocument".into(),
        ),
        ("archive/sub/good-2.md", "verified", Value::Null),
        ("archive/tampered.md", "failed", "document".into()),
        (
            "archive/unsigned.md",
            "missingEnvelope",
            "missingEnvelope".into(),
        ),
        ("archive/untrusted.md", "failed", "signature".into()),
    ];
    assert_eq!(lines.len(), expected.len() + 1, "{stdout}");
    for (line, (path, status, reason)) in lines.iter().zip(&expected) {
        let case = format!("{path}: {line}");
        assert_eq!(line["type"], "document", "{case}");
        assert_eq!(line["path"], *path, "{case}");
        assert_eq!(line["status"], *status, "{case}");
        assert_eq!(line["reason"], *reason, "{case}");
        let report = &line["report"];
        match *status {
            "verified" | "failed" => {
                assert_eq!(report["verified"], (*status == "verified"), "{case}");
                assert_eq!(report["document"], *path, "{case}");
                assert_eq!(line["envelope"], format!("{path}.tprov.json"), "{case}");
                assert_eq!(report["envelope"], line["envelope"], "{case}");
                assert_eq!(report["schemaVersion"], 1, "{case}");
            }
            _ => assert!(report.is_null(), "{case}"),
        }
        match *status {
            "verified" => assert!(line["detail"].is_null(), "{case}"),
            _ => assert!(
                line["detail"].as_str().is_some_and(|d| !d.is_empty()),
                "{case}"
            ),
        }
    }
    assert_eq!(lines[1]["envelope"], "archive/orphan.md.tprov.json");
    assert_eq!(lines[4]["envelope"], "archive/unsigned.md.tprov.json");
    assert_eq!(
        lines[6],
        serde_json::json!({
            "type": "summary", "schemaVersion": 1, "total": 6, "verified": 2, "failed": 2,
            "missing": 2, "unreadable": 0, "skipped": 1,
            "byReason": {"document": 1, "missingDocument": 1, "missingEnvelope": 1, "signature": 1},
            "allVerified": false
        })
    );
    assert_no_progress(&stderr, "json lines");
}

#[test]
fn batch_reports_are_exactly_the_single_document_reports() {
    let scratch = mixed_archive();
    let output = verify(
        &scratch,
        &["-r", "archive", "--pubkey", "newsroom.pub", "--json"],
    );
    let (stdout, stderr) = out_err(&output);
    assert_eq!(code(&output), 1, "the archive has failures: {stderr}");
    let lines = json_lines(&stdout);
    // The skipped hidden folder, six documents and the summary; four of them (two verified, two
    // failed) carry a report.
    assert_eq!(lines.len(), 8, "{stdout}");
    let mut compared = 0;
    for line in &lines {
        if line["report"].is_null() {
            continue;
        }
        let path = line["path"].as_str().unwrap();
        // The same options: batch mode matches by text as one document does.
        let single = verify(&scratch, &[path, "--pubkey", "newsroom.pub", "--json"]);
        let report: Value = serde_json::from_slice(&single.stdout).unwrap();
        assert_eq!(
            line["report"], report,
            "{path}: batch and single reports differ"
        );
        let expected_code = if line["status"] == "verified" { 0 } else { 1 };
        assert_eq!(code(&single), expected_code, "{path}");
        compared += 1;
    }
    assert_eq!(compared, 4, "expected four reports to compare: {stdout}");
}

#[test]
fn an_archive_that_all_verifies_exits_0_with_only_the_summary() {
    let scratch = mixed_archive();
    let output = verify(
        &scratch,
        &[
            "archive/good-1.md",
            "archive/sub/good-2.md",
            "--pubkey",
            "newsroom.pub",
        ],
    );
    let (stdout, stderr) = out_err(&output);
    assert_eq!(code(&output), 0, "stdout: {stdout}; stderr: {stderr}");
    assert_eq!(stdout, "2 documents: 2 verified, 0 failed, 0 missing\n");
    assert_eq!(stderr, "");
}

#[test]
fn paths_read_from_standard_input_are_verified_in_their_order() {
    let scratch = mixed_archive();
    let output = scratch
        .tprov()
        .args(["verify", "-", "--pubkey", "newsroom.pub", "--json"])
        .write_stdin("archive/unsigned.md\n\narchive/sub/good-2.md\narchive/good-1.md.tprov.json\n")
        .output()
        .unwrap();
    let (stdout, stderr) = out_err(&output);
    assert_eq!(code(&output), 1, "stderr: {stderr}");
    let lines = json_lines(&stdout);
    let paths: Vec<&str> = lines[..3]
        .iter()
        .map(|l| l["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        [
            "archive/unsigned.md",
            "archive/sub/good-2.md",
            "archive/good-1.md"
        ],
        "input order, an envelope standing for its document, blank lines skipped (a carriage return is part of a name: finding_8 in promises.rs)"
    );
    assert_eq!(lines[3]["total"], 3);
    assert_eq!(lines[3]["verified"], 2);
}

#[test]
fn a_listed_document_that_is_not_there_fails_alone_and_the_run_goes_on() {
    let scratch = mixed_archive();
    let output = scratch
        .tprov()
        .args(["verify", "-", "--pubkey", "newsroom.pub"])
        .write_stdin("archive/gone.md\narchive/good-1.md\n")
        .output()
        .unwrap();
    let (stdout, stderr) = out_err(&output);
    assert_eq!(code(&output), 1, "stderr: {stderr}");
    assert_eq!(
        stdout,
        "MISSING  archive/gone.md: no file of exactly this name, so nothing was checked\n\
         2 documents: 1 verified, 0 failed, 1 missing (not found: 1)\n"
    );
}

#[cfg(unix)]
#[test]
fn a_dangling_link_in_an_archive_is_reported_unreadable_not_skipped() {
    let scratch = mixed_archive();
    fs::copy(
        scratch.path("archive/good-1.md.tprov.json"),
        scratch.path("archive/link.md.tprov.json"),
    )
    .unwrap();
    std::os::unix::fs::symlink("nowhere.md", scratch.path("archive/link.md")).unwrap();
    let output = verify(
        &scratch,
        &["-r", "archive", "--pubkey", "newsroom.pub", "--json"],
    );
    let lines = json_lines(&out_err(&output).0);
    let link = lines
        .iter()
        .find(|l| l["path"] == "archive/link.md")
        .unwrap();
    assert_eq!(link["status"], "unreadable", "{link}");
    assert_eq!(lines.last().unwrap()["unreadable"], 1);
}

#[test]
fn the_policy_options_apply_to_every_document() {
    let scratch = mixed_archive();
    let output = verify(
        &scratch,
        &[
            "archive/good-1.md",
            "archive/sub/good-2.md",
            "--pubkey",
            "newsroom.pub",
            "--threshold",
            "2",
        ],
    );
    let (stdout, _) = out_err(&output);
    assert_eq!(code(&output), 1, "{stdout}");
    assert!(
        stdout.ends_with("2 documents: 0 verified, 2 failed, 0 missing (policy: 2)\n"),
        "{stdout}"
    );
    assert_eq!(stdout.matches("FAIL  ").count(), 2, "{stdout}");
    // A trust file applies too: it names the newsroom a publisher.
    fs::copy(
        crate::util::root().join("keys/trust.example.json"),
        scratch.path("trust.json"),
    )
    .unwrap();
    let output = verify(
        &scratch,
        &[
            "-r",
            "archive/sub",
            "--trust",
            "trust.json",
            "--require-role",
            "publisher",
        ],
    );
    assert_eq!(code(&output), 0, "{:?}", out_err(&output));
}

#[test]
fn an_empty_folder_is_not_verified() {
    let scratch = Scratch::new();
    fs::create_dir(scratch.path("empty")).unwrap();
    let output = verify(&scratch, &["-r", "empty", "--pubkey", "newsroom.pub"]);
    let (stdout, stderr) = out_err(&output);
    assert_eq!(code(&output), 1);
    assert_eq!(stdout, "0 documents: no documents found\n");
    assert!(stderr.contains("no documents found"), "{stderr}");
    let output = verify(
        &scratch,
        &["-r", "empty", "--pubkey", "newsroom.pub", "--json"],
    );
    let lines = json_lines(&out_err(&output).0);
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["total"], 0);
    assert_eq!(lines[0]["allVerified"], false);
}

#[test]
fn trouble_exits_2_before_any_document_is_verified() {
    let scratch = mixed_archive();
    let cases: &[(&[&str], &str)] = &[
        (
            &[
                "-r",
                "archive",
                "--envelope",
                "x.json",
                "--pubkey",
                "newsroom.pub",
            ],
            "cannot be used with",
        ),
        (
            &[
                "archive/good-1.md",
                "archive/tampered.md",
                "--source",
                "x.md",
                "--pubkey",
                "newsroom.pub",
            ],
            "--envelope and --source name the files of one document",
        ),
        (
            &["archive", "archive/good-1.md", "--pubkey", "newsroom.pub"],
            "archive is a folder: add --recursive",
        ),
        (
            &["-r", "no-such-folder", "--pubkey", "newsroom.pub"],
            "cannot read no-such-folder",
        ),
        (&["-r", "archive", "--pubkey", "no-such.pub"], "no-such.pub"),
        (
            &["-r", "archive", "--pubkey", "newsroom.key"],
            "newsroom.key",
        ),
        (
            &["-", "-", "--pubkey", "newsroom.pub"],
            "may be given only once",
        ),
    ];
    for (args, message) in cases {
        let output = verify(&scratch, args);
        let (stdout, stderr) = out_err(&output);
        assert_eq!(
            code(&output),
            2,
            "{args:?}: stdout: {stdout}; stderr: {stderr}"
        );
        assert!(stdout.is_empty(), "{args:?}: nothing on stdout: {stdout}");
        assert!(
            stderr.contains(message),
            "{args:?}: expected {message:?} in {stderr}"
        );
    }
}

#[cfg(unix)]
#[test]
fn an_unreadable_folder_is_trouble() {
    use std::os::unix::fs::PermissionsExt;
    let scratch = mixed_archive();
    let locked = scratch.path("archive/sub");
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o000)).unwrap();
    // Root reads everything (CI runs as root): then tprov runs without the two capabilities that
    // bypass file modes, through util-linux `setpriv`.
    let readable_anyway = fs::read_dir(&locked).is_ok();
    let output = if !readable_anyway {
        Some(verify(
            &scratch,
            &["-r", "archive", "--pubkey", "newsroom.pub"],
        ))
    } else if crate::util::have_tool("setpriv", &["--version"], "reading a folder as root") {
        let output = std::process::Command::new("setpriv")
            .arg("--bounding-set=-dac_override,-dac_read_search")
            .arg(env!("CARGO_BIN_EXE_tprov"))
            .args(["verify", "-r", "archive", "--pubkey", "newsroom.pub"])
            .current_dir(scratch.dir.path())
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        Some(output)
    } else {
        None
    };
    fs::set_permissions(&locked, fs::Permissions::from_mode(0o755)).unwrap();
    let Some(output) = output else { return };
    let (_, stderr) = out_err(&output);
    assert_eq!(code(&output), 2, "{stderr}");
    assert!(stderr.contains("cannot read archive/sub"), "{stderr}");
}

#[test]
fn quiet_and_a_non_terminal_stderr_draw_no_progress() {
    let scratch = mixed_archive();
    for extra in [&[][..], &["--quiet"], &["-q", "--json"]] {
        let output = scratch
            .tprov()
            .args(["verify", "-r", "archive", "--pubkey", "newsroom.pub"])
            .args(extra)
            .output()
            .unwrap();
        let (_, stderr) = out_err(&output);
        assert_no_progress(&stderr, &format!("{extra:?}"));
        assert_eq!(
            stderr.lines().count(),
            1,
            "{extra:?}: only the verdict on stderr: {stderr:?}"
        );
    }
}

/// With stderr on a terminal (a pseudo-terminal from util-linux `script`), the bar is drawn —
/// and `--quiet` still silences it.
#[cfg(unix)]
#[test]
fn a_terminal_gets_a_progress_bar_unless_quiet() {
    if !crate::util::have_tool("script", &["--version"], "the progress bar on a terminal") {
        return;
    }
    let scratch = mixed_archive();
    let binary = std::path::PathBuf::from(env!("CARGO_BIN_EXE_tprov"));
    let run = |quiet: &str| {
        let command = format!(
            "{} verify -r archive --pubkey newsroom.pub {quiet} 2>&1 >/dev/null",
            binary.display()
        );
        let output = std::process::Command::new("script")
            .args(["-qec", &command, "/dev/null"])
            .current_dir(scratch.dir.path())
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        String::from_utf8_lossy(&output.stdout).into_owned()
    };
    let shown = run("");
    assert!(
        shown.contains("verifying ["),
        "expected a progress bar: {shown:?}"
    );
    assert!(shown.contains("documents"), "{shown:?}");
    let quiet = run("--quiet");
    assert!(!quiet.contains("verifying ["), "--quiet: {quiet:?}");
    assert!(quiet.contains("NOT VERIFIED: 4 of 6"), "{quiet:?}");
}

/// Ed25519 batch verification would accept, about one time in two, a signature whose `R`
/// carries a small-order component — which `verify_strict` always rejects (src/batch.rs). This
/// builds such a signature over a real record, grinds the record until `verify_batch` accepts
/// it, and checks that tprov's batch mode still rejects it exactly as one-by-one verification
/// does, and that a sound pre-check (torsion-freeness of `R`) would have caught it.
#[test]
fn a_mixed_order_signature_that_batch_verification_accepts_is_rejected() {
    use curve25519_dalek::constants::EIGHT_TORSION;
    use curve25519_dalek::edwards::EdwardsPoint;
    use curve25519_dalek::scalar::Scalar;
    use sha2::{Digest as _, Sha512};
    use tprov::crypto::dsse::{Envelope, IN_TOTO_PAYLOAD_TYPE};
    use tprov::record::{Documents, Metadata, build_statement};
    use tprov::{PublicKey, Sha256Digest};

    let secret = Scalar::from_bytes_mod_order_wide(&[7u8; 64]);
    let public_point = EdwardsPoint::mul_base(&secret);
    let public = PublicKey::from_raw(&public_point.compress().to_bytes()).unwrap();
    let dalek_key = ed25519_dalek::VerifyingKey::from_bytes(public.as_raw()).unwrap();
    let torsion = EIGHT_TORSION[4]; // the point of order 2
    let text = b"An article signed with a mixed-order R.\n";
    // Signs the PAE honestly, except that R' = rB + T is written in place of R = rB.
    let crafted = |message: &[u8]| -> [u8; 64] {
        let nonce = Scalar::from_bytes_mod_order_wide(&Sha512::digest(message).into());
        let r_bytes = (EdwardsPoint::mul_base(&nonce) + torsion)
            .compress()
            .to_bytes();
        let mut h = Sha512::new();
        h.update(r_bytes);
        h.update(public.as_raw());
        h.update(message);
        let k = Scalar::from_bytes_mod_order_wide(&h.finalize().into());
        let s = nonce + k * secret;
        let mut signature = [0u8; 64];
        signature[..32].copy_from_slice(&r_bytes);
        signature[32..].copy_from_slice(s.as_bytes());
        signature
    };
    let (envelope, signature) = (0..64)
        .find_map(|attempt| {
            let metadata = Metadata {
                source_language: Some("zh".into()),
                target_language: Some("en".into()),
                engine: Some(format!("ExampleMT {attempt}")),
                ..Metadata::default()
            };
            let documents = Documents {
                translation_name: Some("mixed.md".into()),
                translation_sha256: Sha256Digest::of(text),
                source_name: None,
                source_sha256: Some(Sha256Digest::of(b"source")),
            };
            let statement = build_statement(
                &documents,
                &metadata,
                "2026-11-24T06:00:00Z".parse().unwrap(),
                None,
            )
            .unwrap();
            let mut envelope = Envelope::sign(
                IN_TOTO_PAYLOAD_TYPE,
                statement.to_payload(),
                &tprov::SecretKey::from_seed(&[1; 32]),
            );
            let message = envelope.pae();
            let signature = crafted(&message);
            let batch_accepts = ed25519_dalek::verify_batch(
                &[&message],
                &[ed25519_dalek::Signature::from_bytes(&signature)],
                &[dalek_key],
            )
            .is_ok();
            envelope.signatures[0].sig = signature.to_vec();
            envelope.signatures[0].keyid = Some(public.key_id().to_hex());
            batch_accepts.then_some((envelope, signature))
        })
        .expect("verify_batch accepts a mixed-order R about one time in two");

    // One by one, strictly: rejected. And a torsion check on R would have caught it.
    assert!(!public.verify_strict(&envelope.pae(), &signature));
    let r = curve25519_dalek::edwards::CompressedEdwardsY(signature[..32].try_into().unwrap())
        .decompress()
        .unwrap();
    assert!(!r.is_small_order() && !r.is_torsion_free());

    // tprov's batch mode: the crafted record fails at the signature check, and a record
    // honestly signed by the same key verifies beside it.
    let scratch = Scratch::new();
    fs::create_dir(scratch.path("archive")).unwrap();
    fs::write(scratch.path("archive/mixed.md"), text).unwrap();
    fs::write(
        scratch.path("archive/mixed.md.tprov.json"),
        envelope.to_json(),
    )
    .unwrap();
    fs::write(scratch.path("crafted.pub"), public.to_pem()).unwrap();
    // Its honest twin: the same record with a real RFC 8032 signature by the same secret.
    let honest_sig = {
        let message = envelope.pae();
        let nonce = Scalar::from_bytes_mod_order_wide(&Sha512::digest(&message).into());
        let r_bytes = EdwardsPoint::mul_base(&nonce).compress().to_bytes();
        let mut h = Sha512::new();
        h.update(r_bytes);
        h.update(public.as_raw());
        h.update(&message);
        let s = nonce + Scalar::from_bytes_mod_order_wide(&h.finalize().into()) * secret;
        [r_bytes, *s.as_bytes()].concat()
    };
    let mut twin = envelope.clone();
    twin.signatures[0].sig = honest_sig;
    fs::write(scratch.path("archive/twin.md"), text).unwrap();
    fs::write(scratch.path("archive/twin.md.tprov.json"), twin.to_json()).unwrap();

    let output = verify(
        &scratch,
        &["-r", "archive", "--pubkey", "crafted.pub", "--json"],
    );
    let lines = json_lines(&out_err(&output).0);
    assert_eq!(code(&output), 1);
    assert_eq!(lines[0]["path"], "archive/mixed.md");
    assert_eq!(lines[0]["reason"], "signature", "{}", lines[0]);
    assert_eq!(lines[1]["path"], "archive/twin.md");
    assert_eq!(lines[1]["status"], "verified", "{}", lines[1]);
    // The same verdict one by one.
    let single = verify(
        &scratch,
        &["archive/mixed.md", "--pubkey", "crafted.pub", "--json"],
    );
    let report: Value = serde_json::from_slice(&single.stdout).unwrap();
    assert_eq!(lines[0]["report"], report);
}

#[test]
fn a_closed_standard_output_is_not_an_error() {
    let scratch = mixed_archive();
    let args = [
        "verify",
        "-r",
        "archive",
        "--pubkey",
        "newsroom.pub",
        "--json",
    ];
    let command = || {
        let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_tprov"));
        cmd.args(args)
            .current_dir(scratch.dir.path())
            .env("NO_COLOR", "1");
        cmd
    };
    let whole = command().output().unwrap();
    assert!(
        !whole.stdout.is_empty(),
        "precondition: the run writes lines"
    );
    // The read end is closed before tprov starts: its first write fails with EPIPE for certain.
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let output = command().stdout(writer).output().unwrap();
    let (_, stderr) = out_err(&output);
    assert_eq!(
        code(&output),
        1,
        "the verdict still decides the exit code: {stderr}"
    );
    assert_eq!(
        stderr,
        out_err(&whole).1,
        "the same diagnosis as with a reader, and no error about the closed output"
    );
}

#[test]
fn help_documents_batch_mode() {
    let output = tprov().args(["verify", "--help"]).output().unwrap();
    let (stdout, _) = out_err(&output);
    for needle in ["--recursive", "--quiet", "standard input", "JSON Lines"] {
        assert!(
            stdout.contains(needle),
            "expected {needle:?} in --help: {stdout}"
        );
    }
}

/// A file name that is not UTF-8 is written lossily in JSON, in batch and single mode, rather
/// than failing (serde refuses such paths).
#[cfg(target_os = "linux")]
#[test]
fn a_file_name_that_is_not_utf8_does_not_break_json() {
    use std::os::unix::ffi::OsStrExt;
    let scratch = mixed_archive();
    let name = std::ffi::OsStr::from_bytes(b"archive/caf\xe9.md");
    fs::copy(scratch.path("archive/good-1.md"), scratch.path("archive/x")).unwrap();
    fs::rename(scratch.path("archive/x"), scratch.dir.path().join(name)).unwrap();
    scratch
        .tprov()
        .arg("sign")
        .arg(name)
        .args(["--key", "newsroom.key", "--source-sha256", SOURCE_SHA256])
        .args([
            "--source-lang",
            "zh",
            "--target-lang",
            "en",
            "--engine",
            "ExampleMT",
        ])
        .assert()
        .success();
    let output = verify(
        &scratch,
        &["-r", "archive", "--pubkey", "newsroom.pub", "--json"],
    );
    let lines = json_lines(&out_err(&output).0);
    let line = lines
        .iter()
        .find(|l| l["path"] == "archive/caf\u{fffd}.md")
        .unwrap_or_else(|| panic!("no line for the lossy name: {lines:?}"));
    assert_eq!(line["status"], "verified", "{line}");
    assert_eq!(line["report"]["document"], "archive/caf\u{fffd}.md");
    let single = scratch
        .tprov()
        .arg("verify")
        .arg(name)
        .args(["--pubkey", "newsroom.pub", "--json"])
        .output()
        .unwrap();
    assert_eq!(code(&single), 0, "{:?}", out_err(&single));
    let report: Value = serde_json::from_slice(&single.stdout).unwrap();
    assert_eq!(report["document"], "archive/caf\u{fffd}.md");
}

#[cfg(unix)]
#[test]
fn verify_recursive_names_and_counts_skipped_entries() {
    // Regression (issue 10, item 4): a linked sub-folder holding a tampered and an unsigned
    // document, and hidden entries, were skipped with nothing said: "1 document: 1 verified".
    let scratch = Scratch::new();
    write(&scratch, "site/good.md", "Good.\n");
    sign(&scratch, "site/good.md", "newsroom.key");
    write(&scratch, "elsewhere/tampered.md", "Signed.\n");
    sign(&scratch, "elsewhere/tampered.md", "newsroom.key");
    write(&scratch, "elsewhere/tampered.md", "Changed.\n");
    write(&scratch, "elsewhere/unsigned.md", "Unsigned.\n");
    write(&scratch, "site/.drafts/x.md", "Hidden.\n");
    std::os::unix::fs::symlink(scratch.path("elsewhere"), scratch.path("site/linked")).unwrap();

    let output = verify(&scratch, &["-r", "site", "--pubkey", "newsroom.pub"]);
    let (stdout, stderr) = out_err(&output);
    assert_eq!(code(&output), 0, "{stdout}{stderr}");
    assert!(
        stdout.contains("SKIP  site/.drafts: hidden, not looked into"),
        "{stdout}"
    );
    assert!(
        stdout.contains("SKIP  site/linked: link to a folder, not followed"),
        "{stdout}"
    );
    assert!(
        stdout.contains("1 document: 1 verified, 0 failed, 0 missing, 2 skipped (not looked into)"),
        "{stdout}"
    );

    let output = verify(
        &scratch,
        &["-r", "site", "--pubkey", "newsroom.pub", "--json"],
    );
    let lines = json_lines(&out_err(&output).0);
    let skipped: Vec<(&str, &str)> = lines
        .iter()
        .filter(|l| l["status"] == "skipped")
        .map(|l| (l["path"].as_str().unwrap(), l["reason"].as_str().unwrap()))
        .collect();
    assert_eq!(
        skipped,
        [("site/.drafts", "hidden"), ("site/linked", "linkToFolder")]
    );
    assert_eq!(lines.last().unwrap()["skipped"], 2);
}

#[test]
fn batch_keeps_the_renamed_copy_note() {
    // Regression (issue 10, item 10): batch output dropped "signed under another name" for a
    // renamed copy of a signed document.
    let scratch = Scratch::new();
    write(&scratch, "site/original.md", "Text.\n");
    sign(&scratch, "site/original.md", "newsroom.key");
    fs::rename(
        scratch.path("site/original.md"),
        scratch.path("site/copy.md"),
    )
    .unwrap();
    fs::rename(
        scratch.path("site/original.md.tprov.json"),
        scratch.path("site/copy.md.tprov.json"),
    )
    .unwrap();
    let output = verify(&scratch, &["-r", "site", "--pubkey", "newsroom.pub"]);
    let (stdout, stderr) = out_err(&output);
    assert_eq!(code(&output), 0, "{stdout}{stderr}");
    assert!(
        stdout.contains(
            "NOTE  site/copy.md: the document was signed under the name \"original.md\"; its content is unchanged"
        ),
        "{stdout}"
    );
    let output = verify(
        &scratch,
        &["-r", "site", "--pubkey", "newsroom.pub", "--json"],
    );
    let lines = json_lines(&out_err(&output).0);
    assert!(
        lines[0]["report"]["notes"][0]
            .as_str()
            .is_some_and(|n| n.contains("signed under the name \"original.md\"")),
        "{}",
        lines[0]
    );
}

/// Issue 13 item 15: key files and scripts beside the articles are not reported as documents
/// without envelopes once excluded; `--include` keeps only the matching documents (and their
/// envelopes: an excluded document's envelope is not reported as an orphan).
#[test]
fn include_and_exclude_choose_the_documents_in_a_folder() {
    let scratch = Scratch::new();
    write(&scratch, "site/a.md", "Article A.\n");
    sign(&scratch, "site/a.md", "newsroom.key");
    write(&scratch, "site/sub/b.md", "Article B.\n");
    sign(&scratch, "site/sub/b.md", "newsroom.key");
    write(&scratch, "site/newsroom.pub", "not an article\n");
    write(&scratch, "site/deploy.sh", "#!/bin/sh\n");
    write(&scratch, "site/notes.txt", "Unsigned notes.\n");

    let all = verify(
        &scratch,
        &["--recursive", "site", "--pubkey", "newsroom.pub"],
    );
    assert_eq!(
        code(&all),
        1,
        "without filters the key and script are missing documents: {all:?}"
    );
    assert!(out_err(&all).0.contains("3 missing"), "{all:?}");

    let excluded = verify(
        &scratch,
        &[
            "--recursive",
            "site",
            "--exclude",
            "*.pub",
            "--exclude",
            "*.sh",
            "--exclude",
            "notes.*",
            "--pubkey",
            "newsroom.pub",
        ],
    );
    let (stdout, stderr) = out_err(&excluded);
    assert_eq!(code(&excluded), 0, "stdout: {stdout}; stderr: {stderr}");
    assert_eq!(stdout, "2 documents: 2 verified, 0 failed, 0 missing\n");

    let included = verify(
        &scratch,
        &[
            "--recursive",
            "site",
            "--include",
            "a.md",
            "--pubkey",
            "newsroom.pub",
        ],
    );
    let (stdout, stderr) = out_err(&included);
    assert_eq!(code(&included), 0, "stdout: {stdout}; stderr: {stderr}");
    assert_eq!(stdout, "1 document: 1 verified, 0 failed, 0 missing\n");

    let bad_glob = verify(
        &scratch,
        &[
            "--recursive",
            "site",
            "--include",
            "[",
            "--pubkey",
            "newsroom.pub",
        ],
    );
    assert_eq!(code(&bad_glob), 2, "{bad_glob:?}");
    assert!(
        out_err(&bad_glob)
            .1
            .contains("--include \"[\" is not a glob pattern"),
        "{bad_glob:?}"
    );

    let no_recursive = verify(
        &scratch,
        &["site/a.md", "--exclude", "*.sh", "--pubkey", "newsroom.pub"],
    );
    assert_eq!(code(&no_recursive), 2, "{no_recursive:?}");
    assert!(
        out_err(&no_recursive).1.contains("add --recursive"),
        "{no_recursive:?}"
    );
}
