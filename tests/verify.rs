//! `tprov verify`: the human report and the JSON report (and that they agree), exit codes, key
//! options, the stdout/stderr split, colour and broken pipes.

use std::fs;
use std::io::Read;
use std::process::{Command as StdCommand, Stdio};

use serde_json::Value;

use crate::util::{
    Scratch, assert_fails_at, assert_json_includes, assert_verified, check, code, envelope_json,
    out_err, payload_json, verify_report,
};

const CHECKS: [&str; 4] = ["envelope", "signature", "statement", "document"];

/// Runs `tprov verify ARGS...` in the scratch folder.
fn verify(scratch: &Scratch, args: &[&str]) -> std::process::Output {
    scratch.tprov().arg("verify").args(args).output().unwrap()
}

/// Asserts that the human report shows no part of the record.
#[track_caller]
fn assert_no_record_shown(stdout: &str, case: &str) {
    for needle in [
        "  signed by    ",
        "  languages    ",
        "translator ",
        "Li Wei",
        "Maria Rossi",
        "ExampleMT",
        "机器翻译",
    ] {
        assert!(
            !stdout.contains(needle),
            "{case}: expected no record in a failed report, but found {needle:?} in {stdout}"
        );
    }
}

#[test]
fn a_good_record_verifies_and_the_report_shows_it() {
    let scratch = Scratch::new();
    scratch.sign_sample();
    let output = verify(&scratch, &["commentary.en.md", "--pubkey", "newsroom.pub"]);
    let (stdout, stderr) = out_err(&output);
    assert_eq!(
        code(&output),
        0,
        "expected exit 0; stdout: {stdout}; stderr: {stderr}"
    );
    assert!(
        stderr.is_empty(),
        "expected nothing on stderr, got {stderr:?}"
    );
    assert!(
        stdout.starts_with("VERIFIED  commentary.en.md\n"),
        "expected the verdict first: {stdout}"
    );
    assert!(
        !stdout.contains("NOT VERIFIED"),
        "expected no failure: {stdout}"
    );
    for needle in [
        "signed by    newsroom (key ",
        "languages    zh → en",
        "ExampleMT 4.2, model example-nmt-2026 (software)",
        "post-editor  Li Wei (person)",
        "editor       Maria Rossi (person)",
        "publisher    The Example Review (organization)",
        "machine translation, post-edited by a person",
        "\"机器翻译时代的新闻责任\" by 王芳 on 2026-11-20",
        "https://example.cn/commentary/2026-11-20",
        "signed       2026-11-24T06:00:00Z (as stated by the signer)",
        "revision     1 (first release)",
        "#0  verified by newsroom",
    ] {
        assert!(
            stdout.contains(needle),
            "expected {needle:?} in the report: {stdout}"
        );
    }
    for check in CHECKS {
        assert!(
            stdout.contains(&format!("  pass  {check:<9}")),
            "expected the {check} check to pass in the report: {stdout}"
        );
    }
    assert!(
        !stdout.contains("  FAIL  ") && !stdout.contains("  skip  "),
        "expected every check to pass: {stdout}"
    );
    assert!(
        !stdout.contains("source     SHA-256"),
        "expected no source check without --source: {stdout}"
    );
}

#[test]
fn source_option_adds_the_source_check() {
    let scratch = Scratch::new();
    scratch.sign_sample();
    let output = verify(
        &scratch,
        &[
            "commentary.en.md",
            "--pubkey",
            "newsroom.pub",
            "--source",
            "commentary.zh.md",
        ],
    );
    let (stdout, _) = out_err(&output);
    assert_eq!(
        code(&output),
        0,
        "expected exit 0 with the right source: {stdout}"
    );
    assert!(
        stdout.contains("  pass  source     SHA-256"),
        "expected a passed source check: {stdout}"
    );
    for (case, extra, with_source) in [
        ("without --source", &[][..], false),
        ("with --source", &["--source", "commentary.zh.md"][..], true),
    ] {
        let (exit, report) = verify_report(&scratch, "commentary.en.md", extra, case);
        assert_verified(exit, &report, case);
        let names: Vec<&str> = report["checks"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c["check"].as_str().unwrap())
            .collect();
        let mut rest = names.iter();
        assert!(
            CHECKS.iter().all(|c| rest.any(|n| n == c)),
            "{case}: expected the checks {CHECKS:?} in this order among {names:?}"
        );
        assert_eq!(
            names.contains(&"source"),
            with_source,
            "{case}: expected a source check only with --source: {names:?}"
        );
        if with_source {
            assert_eq!(
                names.last(),
                Some(&"source"),
                "{case}: expected the source check last: {names:?}"
            );
        }
    }
}

#[test]
fn trust_folder_and_repeated_pubkeys_both_work() {
    let scratch = Scratch::new();
    scratch.sign_sample();
    fs::create_dir(scratch.path("trusted")).unwrap();
    for name in ["newsroom.pub", "translator.pub"] {
        fs::copy(scratch.path(name), scratch.path("trusted").join(name)).unwrap();
    }
    fs::write(scratch.path("trusted/README.txt"), "not a key").unwrap();
    for (case, args) in [
        ("--trust DIR", &["--trust", "trusted"][..]),
        ("--trust FILE", &["--trust", "newsroom.pub"][..]),
        (
            "--pubkey twice",
            &["--pubkey", "translator.pub", "--pubkey", "newsroom.pub"][..],
        ),
        (
            "--pubkey and --trust",
            &["--pubkey", "translator.pub", "--trust", "trusted"][..],
        ),
    ] {
        let mut all = vec!["commentary.en.md", "--json"];
        all.extend_from_slice(args);
        let output = verify(&scratch, &all);
        let report: Value = serde_json::from_slice(&output.stdout)
            .unwrap_or_else(|e| panic!("{case}: expected a JSON report ({e}): {output:?}"));
        assert_verified(code(&output), &report, case);
        assert_eq!(
            report["signatures"][0]["signer"]["name"], "newsroom",
            "{case}: expected the signer named after newsroom.pub: {report:#}"
        );
    }
}

#[test]
fn json_report_has_the_documented_shape() {
    let scratch = Scratch::new();
    let envelope = envelope_json(&scratch.sign_sample());
    let (exit, report) = verify_report(
        &scratch,
        "commentary.en.md",
        &["--source", "commentary.zh.md"],
        "json",
    );
    assert_verified(exit, &report, "json");
    assert_eq!(
        report["schemaVersion"], 1,
        "expected schemaVersion 1: {report:#}"
    );
    assert_eq!(
        report["document"], "commentary.en.md",
        "expected the document path"
    );
    assert_eq!(
        report["envelope"], "commentary.en.md.tprov.json",
        "expected the envelope path"
    );
    for check in report["checks"].as_array().unwrap() {
        assert!(
            check["check"].is_string()
                && check["outcome"].is_string()
                && check["detail"].is_string(),
            "expected check/outcome/detail strings in every check: {check}"
        );
        assert!(
            !check["detail"].as_str().unwrap().is_empty(),
            "expected a non-empty detail: {check}"
        );
    }
    let keyid = tprov::PublicKey::load(&scratch.path("newsroom.pub"))
        .unwrap()
        .key_id()
        .to_hex();
    assert_json_includes(
        &report["signatures"],
        &serde_json::json!([{
            "index": 0,
            "keyidHint": keyid,
            "verified": true,
            "signer": { "keyid": keyid, "name": "newsroom" }
        }]),
        "expected one verified signature by newsroom",
    );
    assert_eq!(
        report["record"],
        payload_json(&envelope),
        "expected the record to be exactly the signed statement"
    );
    assert_eq!(report["notes"], serde_json::json!([]), "expected no notes");
}

#[test]
fn json_and_human_reports_agree() {
    // (case, setup, extra args, expected failing check or None)
    type Setup = fn(&Scratch);
    let cases: [(&str, Setup, &[&str], Option<&str>); 5] = [
        ("good", |_| {}, &[], None),
        (
            "good with source",
            |_| {},
            &["--source", "commentary.zh.md"],
            None,
        ),
        (
            "wrong key",
            |_| {},
            &["--pubkey", "translator.pub"],
            Some("signature"),
        ),
        (
            "changed document",
            |s| fs::write(s.path("commentary.en.md"), "changed\n").unwrap(),
            &[],
            Some("document"),
        ),
        (
            "other source",
            |_| {},
            &["--source", "commentary.en.mt.md"],
            Some("source"),
        ),
    ];
    for (case, setup, extra, failing) in cases {
        let scratch = Scratch::new();
        scratch.sign_sample();
        setup(&scratch);
        let key: &[&str] = if extra.contains(&"--pubkey") {
            &[]
        } else {
            &["--pubkey", "newsroom.pub"]
        };
        let args: Vec<&str> = ["commentary.en.md"]
            .iter()
            .chain(key)
            .chain(extra)
            .copied()
            .collect();
        let human = verify(&scratch, &args);
        let json = verify(&scratch, &[&args[..], &["--json"]].concat());
        let report: Value = serde_json::from_slice(&json.stdout)
            .unwrap_or_else(|e| panic!("{case}: expected JSON ({e}): {json:?}"));
        let (stdout, stderr) = out_err(&human);
        assert_eq!(
            code(&human),
            code(&json),
            "{case}: expected the same exit code with and without --json"
        );
        assert_eq!(
            out_err(&json).1,
            stderr,
            "{case}: expected the same stderr with and without --json"
        );
        match failing {
            None => {
                assert_verified(code(&json), &report, case);
                assert!(
                    stdout.starts_with("VERIFIED"),
                    "{case}: expected VERIFIED: {stdout}"
                );
            }
            Some(check) => {
                assert_fails_at(code(&json), &report, check, case);
                assert!(
                    stdout.starts_with(&format!(
                        "NOT VERIFIED  commentary.en.md: the {check} check failed\n"
                    )),
                    "{case}: expected the human verdict to name the {check} check: {stdout}"
                );
                assert!(
                    stdout.contains(&format!("  FAIL  {check:<9}")),
                    "{case}: expected a FAIL line for {check}: {stdout}"
                );
                assert_eq!(
                    stdout.matches("  FAIL  ").count(),
                    1,
                    "{case}: expected exactly one failed check: {stdout}"
                );
                assert_no_record_shown(&stdout, case);
            }
        }
        // Every check's outcome and detail appear in both forms.
        for check in report["checks"].as_array().unwrap() {
            let word = match check["outcome"].as_str().unwrap() {
                "passed" => "pass",
                "failed" => "FAIL",
                "skipped" => "skip",
                other => panic!("{case}: unexpected outcome {other:?}"),
            };
            let line = format!(
                "  {word}  {:<9}  {}",
                check["check"].as_str().unwrap(),
                check["detail"].as_str().unwrap()
            );
            assert!(
                stdout.contains(&line),
                "{case}: expected the human report to contain the JSON check {line:?}: {stdout}"
            );
        }
    }
}

#[test]
fn wrong_key_fails_the_signature_check_and_shows_no_record() {
    let scratch = Scratch::new();
    scratch.sign_sample();
    let output = verify(
        &scratch,
        &["commentary.en.md", "--pubkey", "translator.pub"],
    );
    let (stdout, stderr) = out_err(&output);
    assert_eq!(
        code(&output),
        1,
        "expected exit 1 with the wrong key: {stdout}"
    );
    assert!(
        stdout.contains("  FAIL  signature"),
        "expected the signature check to fail: {stdout}"
    );
    for later in ["statement", "document"] {
        assert!(
            stdout.contains(&format!(
                "  skip  {later:<9}  not checked: the signature check failed"
            )),
            "expected the {later} check skipped: {stdout}"
        );
    }
    assert!(
        stdout.contains(
            "#0  not verified by any trusted key (key id hint 4b3b32f7cf8c3040, untrusted)"
        ),
        "expected the untrusted key id hint to be shown as such: {stdout}"
    );
    assert_no_record_shown(&stdout, "wrong key");
    assert!(
        stderr.contains("signature check failed"),
        "expected the diagnosis on stderr: {stderr}"
    );
}

#[test]
fn source_of_another_document_fails_the_source_check() {
    let scratch = Scratch::new();
    scratch.sign_sample();
    let (exit, report) = verify_report(
        &scratch,
        "commentary.en.md",
        &["--source", "commentary.en.mt.md"],
        "other source",
    );
    assert_fails_at(exit, &report, "source", "other source");
    let detail = check(&report, "source", "other source")["detail"]
        .as_str()
        .unwrap();
    assert!(
        detail.contains("not the source"),
        "expected the source check to explain itself: {detail}"
    );
}

#[test]
fn a_renamed_document_verifies_with_a_note() {
    let scratch = Scratch::new();
    scratch.sign_sample();
    fs::rename(scratch.path("commentary.en.md"), scratch.path("renamed.md")).unwrap();
    let expected_note =
        "the document was signed under the name \"commentary.en.md\"; its content is unchanged";
    for (case, args) in [
        (
            "explicit envelope",
            vec!["renamed.md", "--envelope", "commentary.en.md.tprov.json"],
        ),
        ("renamed envelope too", vec!["renamed.md"]),
    ] {
        if case == "renamed envelope too" {
            fs::rename(
                scratch.path("commentary.en.md.tprov.json"),
                scratch.path("renamed.md.tprov.json"),
            )
            .unwrap();
        }
        let (exit, report) = verify_report(&scratch, args[0], &args[1..], case);
        assert_verified(exit, &report, case);
        assert_eq!(
            report["notes"],
            serde_json::json!([expected_note]),
            "{case}: expected a note about the name"
        );
        let human = verify(
            &scratch,
            &[&args[..], &["--pubkey", "newsroom.pub"]].concat(),
        );
        let (stdout, _) = out_err(&human);
        assert!(
            stdout.contains(&format!("note         {expected_note}")),
            "{case}: expected the note in the human report: {stdout}"
        );
    }
}

#[test]
fn envelope_option_reads_the_envelope_from_anywhere() {
    let scratch = Scratch::new();
    scratch.sign_sample();
    fs::create_dir(scratch.path("records")).unwrap();
    fs::rename(
        scratch.path("commentary.en.md.tprov.json"),
        scratch.path("records/r.json"),
    )
    .unwrap();
    let (exit, report) = verify_report(
        &scratch,
        "commentary.en.md",
        &["--envelope", "records/r.json"],
        "--envelope",
    );
    assert_verified(exit, &report, "--envelope");
    assert_eq!(
        report["envelope"], "records/r.json",
        "expected the envelope path in the report"
    );
    let output = verify(&scratch, &["commentary.en.md", "--pubkey", "newsroom.pub"]);
    assert_eq!(
        code(&output),
        2,
        "expected exit 2 when the default envelope is missing: {output:?}"
    );
}

#[test]
fn no_key_option_is_a_usage_error() {
    let scratch = Scratch::new();
    scratch.sign_sample();
    let output = verify(&scratch, &["commentary.en.md"]);
    let (stdout, stderr) = out_err(&output);
    assert_eq!(code(&output), 2, "expected exit 2 without any key option");
    assert!(stdout.is_empty(), "expected no report: {stdout}");
    assert!(
        stderr.contains("required") && stderr.contains("--pubkey") && stderr.contains("Usage:"),
        "expected a clap usage error naming the key options: {stderr}"
    );
}

#[test]
fn report_goes_to_stdout_and_the_diagnosis_to_stderr() {
    let scratch = Scratch::new();
    scratch.sign_sample();
    fs::write(scratch.path("commentary.en.md"), "tampered\n").unwrap();
    let output = verify(&scratch, &["commentary.en.md", "--pubkey", "newsroom.pub"]);
    let (stdout, stderr) = out_err(&output);
    assert_eq!(code(&output), 1, "expected exit 1 for a changed document");
    assert!(
        stdout.starts_with("NOT VERIFIED  commentary.en.md: the document check failed\n"),
        "expected the report on stdout: {stdout}"
    );
    assert!(
        !stderr.contains("checks"),
        "expected no report on stderr: {stderr}"
    );
    assert_eq!(
        stderr.lines().count(),
        2,
        "expected the diagnosis and the inspect hint on stderr: {stderr:?}"
    );
    assert!(
        stderr.starts_with("tprov: commentary.en.md: NOT VERIFIED: document check failed: "),
        "expected the one-line diagnosis on stderr: {stderr:?}"
    );
    assert!(
        !stdout.contains("tprov: "),
        "expected no diagnosis on stdout: {stdout}"
    );
}

#[test]
fn colour_follows_no_color_and_the_color_option() {
    let scratch = Scratch::new();
    scratch.sign_sample();
    let run = |no_color: bool, args: &[&str]| {
        let mut cmd = scratch.tprov();
        if !no_color {
            cmd.env_remove("NO_COLOR");
        }
        cmd.env_remove("CLICOLOR_FORCE")
            .env("TERM", "xterm-256color");
        let output = cmd
            .args(args)
            .args(["verify", "commentary.en.md", "--pubkey", "newsroom.pub"])
            .output()
            .unwrap();
        assert_eq!(
            code(&output),
            0,
            "expected verification to pass: {output:?}"
        );
        out_err(&output).0
    };
    for (case, no_color, args, coloured) in [
        ("NO_COLOR set", true, &[][..], false),
        (
            "NO_COLOR set, --color auto",
            true,
            &["--color", "auto"][..],
            false,
        ),
        ("--color never", false, &["--color", "never"][..], false),
        (
            "--color auto, stdout is a pipe",
            false,
            &["--color", "auto"][..],
            false,
        ),
        ("--color always", false, &["--color", "always"][..], true),
    ] {
        let stdout = run(no_color, args);
        assert_eq!(
            stdout.contains("\x1b["),
            coloured,
            "{case}: expected ANSI escapes {}: {stdout:?}",
            if coloured { "present" } else { "absent" }
        );
        assert!(
            stdout.contains("VERIFIED"),
            "{case}: expected the verdict: {stdout:?}"
        );
    }
    // Colour only adds styles: without them the coloured report is the plain one.
    let coloured = run(false, &["--color", "always"]);
    let plain = run(false, &["--color", "never"]);
    assert_eq!(
        strip_ansi(&coloured),
        plain,
        "expected --color always to differ from --color never only by ANSI styles"
    );
    assert!(
        coloured.starts_with('\x1b'),
        "expected the verdict itself to be styled: {coloured:?}"
    );
}

/// Removes ANSI SGR sequences (`ESC [ ... m`).
fn strip_ansi(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("\x1b[") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let end = after
            .find('m')
            .unwrap_or_else(|| panic!("expected an SGR sequence ending in m: {after:?}"));
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    out
}

/// A broken pipe is not an error (DESIGN.md, command-line contract): the exit code is the
/// verdict's and nothing is said on stderr. Each case makes a write fail for certain: either no
/// reader ever exists (the read end is closed before tprov starts, so its first write gets
/// EPIPE), or the report is larger than any pipe buffer (a 400 KB signed name) and the reader
/// takes one byte and goes away while tprov is still writing.
#[test]
fn a_closed_stdout_is_not_an_error() {
    let scratch = Scratch::new();
    let meta = serde_json::json!({ "reviewer": "n".repeat(400_000) });
    crate::util::write_json(&scratch.path("meta.json"), &meta);
    scratch
        .tprov()
        .args(crate::util::sample_sign_args("commentary.en.md"))
        .args(["--meta", "meta.json"])
        .assert()
        .success();
    let binary = env!("CARGO_BIN_EXE_tprov");
    // (case, args, expected exit code)
    let cases: [(&str, &[&str], i32); 4] = [
        (
            "verify",
            &["verify", "commentary.en.md", "--pubkey", "newsroom.pub"],
            0,
        ),
        (
            "verify --json",
            &[
                "verify",
                "commentary.en.md",
                "--pubkey",
                "newsroom.pub",
                "--json",
            ],
            0,
        ),
        (
            "verify, not verified",
            &["verify", "commentary.en.md", "--pubkey", "translator.pub"],
            1,
        ),
        ("inspect", &["inspect", "commentary.en.md.tprov.json"], 0),
    ];
    for (case, args, expected) in cases {
        let command = || {
            let mut cmd = StdCommand::new(binary);
            cmd.args(args)
                .current_dir(scratch.dir.path())
                .env("NO_COLOR", "1")
                .stderr(Stdio::piped());
            cmd
        };
        // With a reader, the command writes its report; a verified record (with its 400 KB name)
        // is more than a pipe holds (64 KiB on Linux).
        let whole = command().output().unwrap();
        let large = whole.stdout.len() > 256 * 1024;
        assert!(
            !whole.stdout.is_empty() && code(&whole) == expected && (large || expected == 1),
            "{case}: precondition: exit {expected} and a report on stdout, larger than a pipe \
             buffer when verified; got exit {} and {} bytes",
            code(&whole),
            whole.stdout.len()
        );
        // No reader at all.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let output = command().stdout(writer).output().unwrap();
        assert_quiet_exit(&output, &whole, &format!("{case}, no reader"));
        if !large {
            continue;
        }
        // Like `tprov ... | head -c1`: the reader takes one byte and goes away.
        let mut child = command().stdout(Stdio::piped()).spawn().unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let mut byte = [0u8; 1];
        stdout.read_exact(&mut byte).unwrap();
        drop(stdout);
        let output = child.wait_with_output().unwrap();
        assert_quiet_exit(
            &output,
            &whole,
            &format!("{case}, reader gone after a byte"),
        );
    }
}

/// Asserts the run with a closed stdout exited as the `whole` run did and said on stderr just what
/// it said (a verdict's diagnosis, never an error about the write).
#[track_caller]
fn assert_quiet_exit(output: &std::process::Output, whole: &std::process::Output, case: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        whole.status.code(),
        "{case}: expected the exit code of a run with a reader ({:?}); stderr: {stderr}",
        output.status
    );
    assert_eq!(
        stderr,
        String::from_utf8_lossy(&whole.stderr),
        "{case}: expected no error message about the closed output"
    );
}

#[test]
fn a_non_ascii_keyid_hint_is_reported_not_a_crash() {
    let scratch = Scratch::new();
    let mut envelope = envelope_json(&scratch.sign_sample());
    envelope["signatures"][0]["keyid"] = serde_json::json!("aaaaaaaaaaaaaaaé");
    crate::util::write_json(&scratch.path("commentary.en.md.tprov.json"), &envelope);
    let output = verify(
        &scratch,
        &["commentary.en.md", "--pubkey", "translator.pub"],
    );
    let (stdout, stderr) = out_err(&output);
    assert_eq!(
        code(&output),
        1,
        "expected exit 1 (not verified), not a panic; stderr: {stderr}"
    );
    assert!(
        stdout.starts_with("NOT VERIFIED") && stdout.contains("key id hint aaaaaaaaaaaaaaa"),
        "expected the report with the (shortened) hint: {stdout}"
    );
}

#[test]
fn an_unverified_keyid_hint_cannot_control_the_terminal() {
    let scratch = Scratch::new();
    let mut envelope = envelope_json(&scratch.sign_sample());
    // 13 bytes: moves the cursor to the verdict line and erases it.
    envelope["signatures"][0]["keyid"] = serde_json::json!("\x1b[99A\x1b[2K\r");
    crate::util::write_json(&scratch.path("commentary.en.md.tprov.json"), &envelope);
    let output = verify(
        &scratch,
        &[
            "commentary.en.md",
            "--pubkey",
            "translator.pub",
            "--color",
            "always",
        ],
    );
    let (stdout, _) = out_err(&output);
    assert_eq!(code(&output), 1, "expected exit 1: {output:?}");
    assert_eq!(
        crate::inspect::stray_controls(&stdout),
        Vec::<char>::new(),
        "expected no control character from the envelope on stdout: {stdout:?}"
    );
}

/// Issue 13 item 12: no envelope beside the document is named as such, not an OS error.
#[test]
fn a_missing_envelope_is_named_with_the_flag_to_give() {
    let scratch = Scratch::new();
    let output = verify(&scratch, &["commentary.en.md", "--pubkey", "newsroom.pub"]);
    assert_eq!(code(&output), 2, "{output:?}");
    let stderr = out_err(&output).1;
    assert!(
        stderr.contains(
            "no envelope next to commentary.en.md (expected commentary.en.md.tprov.json); give --envelope FILE"
        ),
        "{stderr}"
    );
    assert!(!stderr.contains("os error"), "{stderr}");
}

/// Issue 13 item 12: an envelope given as the document points to the document it names.
#[test]
fn an_envelope_given_as_the_document_points_to_its_document() {
    let scratch = Scratch::new();
    scratch.sign_sample();
    let output = verify(
        &scratch,
        &["commentary.en.md.tprov.json", "--pubkey", "newsroom.pub"],
    );
    assert_eq!(code(&output), 2, "{output:?}");
    let stderr = out_err(&output).1;
    assert!(
        stderr.contains("commentary.en.md.tprov.json is an envelope; verify the document it names (commentary.en.md)"),
        "{stderr}"
    );
}

/// Issue 13 item 12: a failed verification ends with a hint to inspect the record.
#[test]
fn a_failed_verification_ends_with_a_hint_to_inspect() {
    let scratch = Scratch::new();
    scratch.sign_sample();
    fs::write(
        scratch.path("commentary.en.md"),
        "Something else entirely.\n",
    )
    .unwrap();
    let output = verify(&scratch, &["commentary.en.md", "--pubkey", "newsroom.pub"]);
    assert_eq!(code(&output), 1, "{output:?}");
    let stderr = out_err(&output).1;
    assert!(
        stderr
            .trim_end()
            .ends_with("see what the record claims, unverified, with `tprov inspect commentary.en.md.tprov.json`"),
        "{stderr}"
    );
}

/// Issue 13 item 11: `verify --key` (sign's flag) suggests `--pubkey`.
#[test]
fn verify_key_suggests_pubkey() {
    let scratch = Scratch::new();
    scratch.sign_sample();
    let output = verify(&scratch, &["commentary.en.md", "--key", "newsroom.key"]);
    assert_eq!(code(&output), 2, "{output:?}");
    assert!(
        out_err(&output)
            .1
            .contains("give --pubkey FILE.pub or --trust FILE"),
        "{output:?}"
    );
}
