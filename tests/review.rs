//! `tprov diff` and `tprov log`: comparing revisions, their records and revision chains.

use std::fs;

use crate::util::{Scratch, code, out_err, sample_sign_args};

const RAW: &str = "commentary.en.mt.md";
const EDITED: &str = "commentary.en.md";

/// Signs the raw machine translation as revision 1 and the edited text as revision 2 linked to it.
fn two_revisions(scratch: &Scratch) {
    let mut raw = sample_sign_args(RAW);
    raw.retain(|a| a != "--post-editor" && a != "Li Wei" && a != "--editor" && a != "Maria Rossi");
    scratch.tprov().args(&raw).assert().success();
    scratch
        .tprov()
        .args(sample_sign_args(EDITED))
        .args(["--previous", "commentary.en.mt.md.tprov.json"])
        .assert()
        .success();
}

#[test]
fn diff_exit_codes_follow_the_contract() {
    let scratch = Scratch::new();
    let out = scratch.tprov().args(["diff", RAW, RAW]).output().unwrap();
    assert_eq!(code(&out), 0, "identical files exit 0: {out:?}");
    let out = scratch
        .tprov()
        .args(["diff", RAW, EDITED])
        .output()
        .unwrap();
    assert_eq!(code(&out), 1, "different files exit 1: {out:?}");
    let out = scratch
        .tprov()
        .args(["diff", RAW, "missing.md"])
        .output()
        .unwrap();
    let (_, err) = out_err(&out);
    assert_eq!(code(&out), 2, "a missing file exits 2");
    assert!(
        err.contains("missing.md"),
        "the message names the file: {err}"
    );
}

#[test]
fn rewrapped_and_crlf_text_is_not_a_change() {
    let scratch = Scratch::new();
    let text = fs::read_to_string(scratch.path(EDITED)).unwrap();
    let rewrapped = text.replace(". ", ".\n").replace('\n', "\r\n");
    fs::write(scratch.path("rewrapped.md"), rewrapped).unwrap();
    let out = scratch
        .tprov()
        .args(["diff", EDITED, "rewrapped.md", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        code(&out),
        0,
        "whitespace-only differences are not changes: {out:?}"
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        json["diff"]["stats"]["whitespaceOnlyChanges"]
            .as_u64()
            .unwrap()
            > 0,
        "they are counted: {json}"
    );
    let out = scratch
        .tprov()
        .args(["diff", EDITED, "rewrapped.md", "--keep-whitespace"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 1, "--keep-whitespace shows them: {out:?}");
}

#[test]
fn every_format_and_granularity_renders() {
    let scratch = Scratch::new();
    for by in ["auto", "word", "char", "line"] {
        for format in ["unified", "side-by-side", "json"] {
            let case = format!("--by {by} --format {format}");
            let out = scratch
                .tprov()
                .args([
                    "diff", RAW, EDITED, "--by", by, "--format", format, "--stats",
                ])
                .args(["--width", "120"])
                .output()
                .unwrap();
            assert_eq!(code(&out), 1, "{case}: {out:?}");
            let (stdout, stderr) = out_err(&out);
            assert!(stderr.is_empty(), "{case}: nothing on stderr: {stderr}");
            assert!(
                !stdout.contains('\u{1b}'),
                "{case}: no colour without a terminal"
            );
            if format == "json" {
                let json: serde_json::Value = serde_json::from_str(&stdout).unwrap();
                assert_eq!(json["schemaVersion"], 1, "{case}");
                assert_eq!(json["identical"], false, "{case}");
                assert_eq!(json["diff"]["granularity"], by, "{case}");
                assert!(
                    json["diff"]["stats"]["editRate"].as_f64().unwrap() > 0.0,
                    "{case}"
                );
            } else if format == "side-by-side" {
                let widest = stdout.lines().map(unicode_width).max().unwrap();
                assert!(widest <= 120, "{case}: a line is {widest} columns wide");
            } else {
                assert!(stdout.contains("@@"), "{case}: hunks: {stdout}");
                assert!(stdout.contains("edit rate"), "{case}: --stats: {stdout}");
                assert!(
                    stdout.contains("TER"),
                    "{case}: --stats shows TER: {stdout}"
                );
            }
        }
    }
}

fn unicode_width(line: &str) -> usize {
    // Han characters take two columns; everything in the sample is Han or narrow.
    line.chars()
        .map(|c| {
            if ('\u{4e00}'..='\u{9fff}').contains(&c) {
                2
            } else {
                1
            }
        })
        .sum()
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let scratch = Scratch::new();
    let diff = |colour: &str| {
        let out = scratch
            .tprov()
            .env_remove("NO_COLOR")
            .args(["diff", RAW, EDITED, "--color", colour])
            .output()
            .unwrap();
        let (stdout, stderr) = out_err(&out);
        assert_eq!(
            code(&out),
            1,
            "--color {colour}: the files differ: {stderr}"
        );
        assert!(
            stderr.is_empty(),
            "--color {colour}: nothing on stderr: {stderr}"
        );
        stdout
    };
    assert!(diff("always").contains('\u{1b}'), "--color always colours");
    for colour in ["never", "auto"] {
        let stdout = diff(colour);
        assert!(
            !stdout.contains('\u{1b}'),
            "--color {colour} does not colour a pipe: {stdout}"
        );
        assert!(
            stdout.contains("[-") && stdout.contains("{+"),
            "--color {colour}: plain markers instead: {stdout}"
        );
    }
    // On a terminal (a pseudo-terminal from util-linux `script`), `--color auto` colours.
    if !crate::util::have_tool("script", &["--version"], "colour on a terminal") {
        return;
    }
    let command = format!(
        "{} diff {RAW} {EDITED} --color auto",
        env!("CARGO_BIN_EXE_tprov")
    );
    let out = std::process::Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .current_dir(scratch.dir.path())
        .env_remove("NO_COLOR")
        .env("TERM", "xterm")
        .output()
        .unwrap();
    let (terminal, stderr) = out_err(&out);
    // `script -e` exits with the command's code.
    assert_eq!(code(&out), 1, "on a terminal: {stderr}");
    assert!(
        terminal.contains("\u{1b}[") && terminal.contains("@@"),
        "--color auto colours a terminal: {terminal:?}"
    );
}

#[test]
fn binary_invalid_and_empty_inputs_get_clear_answers() {
    let scratch = Scratch::new();
    fs::write(scratch.path("binary.bin"), b"abc\0def").unwrap();
    fs::write(scratch.path("latin1.txt"), b"caf\xe9").unwrap();
    fs::write(scratch.path("empty.txt"), b"").unwrap();
    for (file, expected) in [("binary.bin", "binary"), ("latin1.txt", "UTF-8")] {
        let out = scratch
            .tprov()
            .args(["diff", EDITED, file])
            .output()
            .unwrap();
        let (_, err) = out_err(&out);
        assert_eq!(code(&out), 2, "{file}: exit 2");
        assert!(
            err.contains(file) && err.contains(expected),
            "{file}: {err}"
        );
    }
    let out = scratch
        .tprov()
        .args(["diff", "empty.txt", "empty.txt"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 0, "two empty files are identical");
    let out = scratch
        .tprov()
        .args(["diff", "empty.txt", EDITED, "--stats"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 1, "empty against text differs: {out:?}");
    let out = scratch
        .tprov()
        .args(["diff", ".", EDITED])
        .output()
        .unwrap();
    assert_eq!(code(&out), 2, "a directory is trouble");
}

#[test]
fn diff_compares_records_and_checks_the_revision_link() {
    let scratch = Scratch::new();
    two_revisions(&scratch);
    let out = scratch
        .tprov()
        .args(["diff", RAW, EDITED, "--pubkey", "newsroom.pub"])
        .output()
        .unwrap();
    let (stdout, _) = out_err(&out);
    assert_eq!(code(&out), 1, "the texts differ");
    assert!(
        stdout.contains("revises OLD (revision 1): the link is intact"),
        "{stdout}"
    );
    assert!(
        stdout.contains("agents.postEditor  (none) -> Li Wei (person)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("method             machine -> machinePostEdit"),
        "{stdout}"
    );
    assert_eq!(
        stdout.matches("  verified").count(),
        2,
        "both records verified: {stdout}"
    );

    // JSON names the fields of enum variants in lowerCamelCase too.
    let out = scratch
        .tprov()
        .args([
            "diff",
            RAW,
            EDITED,
            "--format",
            "json",
            "--pubkey",
            "newsroom.pub",
        ])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let link = &json["records"]["link"];
    assert_eq!(link["status"], "linked", "{json}");
    assert_eq!(
        (&link["oldRevision"], &link["newRevision"]),
        (&serde_json::json!(1), &serde_json::json!(2)),
        "{link}"
    );
    assert!(link.get("old_revision").is_none(), "{link}");

    let out = scratch
        .tprov()
        .args([
            "diff",
            RAW,
            EDITED,
            "--format",
            "json",
            "--pubkey",
            "translator.pub",
        ])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        json["records"]["old"]["verified"], false,
        "untrusted signer: {json}"
    );
    assert!(
        json["records"]["link"].is_null() && json["records"]["fields"] == serde_json::json!([]),
        "records that fail verification are not compared: {json}"
    );
    let (_, err) = out_err(&out);
    assert!(err.contains("records do not check out"), "{err}");
}

#[test]
fn a_record_that_does_not_revise_old_is_reported() {
    let scratch = Scratch::new();
    scratch
        .tprov()
        .args(sample_sign_args(RAW))
        .assert()
        .success();
    scratch
        .tprov()
        .args(sample_sign_args(EDITED))
        .assert()
        .success();
    let out = scratch
        .tprov()
        .args(["diff", RAW, EDITED, "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["records"]["link"]["status"], "noLink", "{json}");
    assert_eq!(code(&out), 1);
    let (_, err) = out_err(&out);
    assert!(err.contains("records do not check out"), "{err}");
}

#[test]
fn log_walks_an_intact_chain_with_edit_rates() {
    let scratch = Scratch::new();
    two_revisions(&scratch);
    let out = scratch
        .tprov()
        .args([
            "log",
            "commentary.en.md.tprov.json",
            "--pubkey",
            "newsroom.pub",
        ])
        .output()
        .unwrap();
    let (stdout, stderr) = out_err(&out);
    assert_eq!(code(&out), 0, "{stdout}{stderr}");
    assert!(stdout.contains("revision 2"), "{stdout}");
    assert!(stdout.contains("revision 1"), "{stdout}");
    assert!(
        stdout.contains("tokens changed since the revision before"),
        "{stdout}"
    );
    assert!(stdout.contains("chain intact: 2 revisions"), "{stdout}");

    let out = scratch
        .tprov()
        .args([
            "log",
            "commentary.en.md.tprov.json",
            "--json",
            "--pubkey",
            "newsroom.pub",
        ])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["intact"], true);
    assert_eq!(json["entries"].as_array().unwrap().len(), 2);
    assert!(
        json["entries"][0]["edits"]["editRate"].as_f64().unwrap() > 0.0,
        "{json}"
    );

    let out = scratch
        .tprov()
        .args(["log", "commentary.en.md.tprov.json"])
        .output()
        .unwrap();
    let (_, stderr) = out_err(&out);
    assert_eq!(code(&out), 0, "links hold without keys");
    assert!(
        stderr.contains("NOT checked"),
        "without keys it says so: {stderr}"
    );
}

#[test]
fn log_reports_a_broken_or_forked_chain_and_untrusted_signers() {
    let scratch = Scratch::new();
    two_revisions(&scratch);
    let store = scratch.path("elsewhere");
    fs::create_dir(&store).unwrap();

    // The old record is not in the store.
    let out = scratch
        .tprov()
        .args(["log", "commentary.en.md.tprov.json", "--store", "elsewhere"])
        .output()
        .unwrap();
    let (stdout, stderr) = out_err(&out);
    assert_eq!(code(&out), 1, "{stdout}");
    assert!(stderr.contains("chain broken below revision 2"), "{stderr}");

    // A signer the reader does not trust.
    let out = scratch
        .tprov()
        .args([
            "log",
            "commentary.en.md.tprov.json",
            "--pubkey",
            "translator.pub",
        ])
        .output()
        .unwrap();
    assert_eq!(code(&out), 1);
    let (_, stderr) = out_err(&out);
    assert!(stderr.contains("not verified"), "{stderr}");

    // A rival revision 2 of the same revision 1: a fork.
    fs::write(scratch.path("rival.md"), "A rival edit.\n").unwrap();
    scratch
        .tprov()
        .args(sample_sign_args("rival.md"))
        .args(["--previous", "commentary.en.mt.md.tprov.json"])
        .assert()
        .success();
    let out = scratch
        .tprov()
        .args([
            "log",
            "commentary.en.md.tprov.json",
            "--pubkey",
            "newsroom.pub",
        ])
        .output()
        .unwrap();
    let (_, stderr) = out_err(&out);
    assert_eq!(code(&out), 1);
    assert!(
        stderr.contains("fork: revision 1 was revised more than once"),
        "{stderr}"
    );
}

#[test]
fn unified_output_on_the_samples_is_pinned() {
    let scratch = Scratch::new();
    let out = scratch
        .tprov()
        .args(["diff", RAW, EDITED, "--stats", "--no-records"])
        .output()
        .unwrap();
    assert_eq!(code(&out), 1, "the samples differ: {out:?}");
    assert!(out.stderr.is_empty(), "nothing on stderr: {out:?}");
    insta::assert_snapshot!(
        "diff_samples_unified",
        String::from_utf8(out.stdout).unwrap()
    );
    let out = scratch
        .tprov()
        .args([
            "diff",
            RAW,
            EDITED,
            "--format",
            "side-by-side",
            "--width",
            "100",
            "--no-records",
        ])
        .output()
        .unwrap();
    assert_eq!(code(&out), 1, "the samples differ: {out:?}");
    assert!(out.stderr.is_empty(), "nothing on stderr: {out:?}");
    insta::assert_snapshot!(
        "diff_samples_side_by_side",
        String::from_utf8(out.stdout).unwrap()
    );
}

#[test]
fn log_escapes_terminal_controls_from_records() {
    // Regression: `tprov log` printed agent names from records raw, so an escape sequence in a
    // signed name could rewrite the reader's terminal.
    let scratch = Scratch::new();
    scratch
        .tprov()
        .args(sample_sign_args(EDITED))
        .args(["--reviewer", "Eve\u{1b}[2K\rchain intact"])
        .assert()
        .success();
    let out = scratch
        .tprov()
        .args(["log", "commentary.en.md.tprov.json", "--color", "always"])
        .args(["--pubkey", "newsroom.pub"])
        .output()
        .unwrap();
    let (stdout, _) = out_err(&out);
    assert_eq!(code(&out), 0, "{stdout}");
    assert!(
        stdout.contains("Eve\\u{1b}[2K\\u{d}chain intact"),
        "escaped: {stdout}"
    );
    assert!(
        !stdout.contains("Eve\u{1b}"),
        "no raw escape reaches the terminal: {stdout}"
    );
}

#[test]
fn log_escapes_store_file_names_and_lists_unverified_copies() {
    // Regression (issue 10, item 2): store file names were printed raw, and a wrongly signed
    // copy of a record steered the chain (a "fork" named by a hostile file name).
    let scratch = Scratch::new();
    two_revisions(&scratch);
    let mut json: serde_json::Value =
        serde_json::from_slice(&fs::read(scratch.path("commentary.en.md.tprov.json")).unwrap())
            .unwrap();
    json["signatures"][0]["sig"] = serde_json::json!("A".repeat(86) + "==");
    let hostile = "0\u{1b}[2K\rchain intact.tprov.json";
    fs::write(scratch.path(hostile), serde_json::to_vec(&json).unwrap()).unwrap();
    let out = scratch
        .tprov()
        .args(["log", hostile, "--pubkey", "newsroom.pub"])
        .output()
        .unwrap();
    let (stdout, stderr) = out_err(&out);
    assert_eq!(code(&out), 1, "{stdout}{stderr}");
    assert!(
        !stdout.contains('\u{1b}') && !stderr.contains('\u{1b}'),
        "no raw escape reaches the terminal: {stdout}{stderr}"
    );
    assert!(stdout.contains("0\\u{1b}[2K\\u{d}chain intact"), "{stdout}");
    let out = scratch
        .tprov()
        .args([
            "log",
            "commentary.en.md.tprov.json",
            "--pubkey",
            "newsroom.pub",
        ])
        .output()
        .unwrap();
    let (stdout, stderr) = out_err(&out);
    assert_eq!(
        code(&out),
        0,
        "the copy does not break the chain: {stdout}{stderr}"
    );
    assert!(
        stdout.contains("unverified  0\\u{1b}[2K\\u{d}chain intact.tprov.json"),
        "{stdout}"
    );
}

#[test]
fn log_refuses_a_store_too_large_with_exit_2() {
    // Regression (issue 10, item 1), end to end: a store of more entries than `log` reads is
    // trouble (exit 2), never a verdict on part of it.
    let scratch = Scratch::new();
    two_revisions(&scratch);
    let store = scratch.path("store");
    fs::create_dir(&store).unwrap();
    for i in 0..=tprov::review::chain::MAX_STORE_ENTRIES {
        fs::write(store.join(format!("{i}.txt")), "").unwrap();
    }
    let out = scratch
        .tprov()
        .args(["log", "commentary.en.md.tprov.json", "--store", "store"])
        .args(["--pubkey", "newsroom.pub"])
        .output()
        .unwrap();
    let (stdout, stderr) = out_err(&out);
    assert_eq!(code(&out), 2, "{stdout}{stderr}");
    assert!(stdout.is_empty(), "no verdict: {stdout}");
    assert!(
        stderr.contains("the revision store is too large"),
        "{stderr}"
    );
}

/// Issue 14 item 4: the report says who signed each verified record (the reader's names for
/// the keys that counted), in the HTML report and in the text records.
#[test]
fn the_report_names_who_signed_each_verified_record() {
    let scratch = crate::util::Scratch::new();
    std::fs::copy(
        crate::util::root().join("examples/documents/commentary.en.mt.md"),
        scratch.path("mt.md"),
    )
    .unwrap();
    for document in ["mt.md", "commentary.en.md"] {
        scratch
            .tprov()
            .args(crate::util::sample_sign_args(document))
            .assert()
            .success();
    }
    for format in ["html", "unified"] {
        let output = scratch
            .tprov()
            .args([
                "diff",
                "mt.md",
                "commentary.en.md",
                "--pubkey",
                "newsroom.pub",
            ])
            .args(["--format", format, "--color", "never"])
            .output()
            .unwrap();
        assert_eq!(crate::util::code(&output), 1, "{format}: {output:?}");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert_eq!(
            stdout
                .matches("verified, signed by newsroom (key 4b3b32f7cf8c3040)")
                .count(),
            2,
            "{format}: both records name their signer: {stdout}"
        );
    }
    // Without keys nothing is verified, so nobody is named.
    let output = scratch
        .tprov()
        .args(["diff", "mt.md", "commentary.en.md", "--format", "html"])
        .output()
        .unwrap();
    assert!(!String::from_utf8_lossy(&output.stdout).contains("signed by"));
}
