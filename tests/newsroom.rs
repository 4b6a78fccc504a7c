//! Issue 13, a newsroom's daily work: honest records (an undisclosed engine, a source known
//! only by its citation, no invented translation time, a signed note), source fields as people
//! write them, co-signing after checking, passphrases asked again, and help texts.

use std::fs;
use std::process::Output;

use serde_json::{Value, json};

use crate::util::{Scratch, code, envelope_json, out_err, payload_json, root, sha256_hex};

const NOTE: &str = "Translated by AI; originally published on the Chinese internet by Shen Yi, \
a Fudan University professor. Editor: Zhongxiaowen.";

fn run(scratch: &Scratch, args: &[&str]) -> Output {
    scratch.tprov().args(args).output().unwrap()
}

/// `tprov sign commentary.en.md --key newsroom.key --source-lang zh --target-lang en ARGS`.
fn sign(scratch: &Scratch, args: &[&str]) -> Output {
    let base = [
        "sign",
        "commentary.en.md",
        "--key",
        "newsroom.key",
        "--source-lang",
        "zh",
        "--target-lang",
        "en",
    ];
    run(scratch, &[&base[..], args].concat())
}

fn predicate(scratch: &Scratch) -> Value {
    payload_json(&envelope_json(&scratch.path("commentary.en.md.tprov.json")))["predicate"].clone()
}

#[test]
fn the_shen_yi_article_is_recorded_exactly_as_known() {
    // The case tprov was made for (see examples/honest_record.rs): an AI system that was not
    // named, a source known only by its author, an editor who did not post-edit, no stated
    // translation time, and the article's own words as a signed note.
    let scratch = Scratch::new();
    let output = sign(
        &scratch,
        &[
            "--engine-undisclosed",
            "--source-author",
            "Shen Yi, a Fudan University professor",
            "--editor",
            "Zhongxiaowen",
            "--note",
            NOTE,
        ],
    );
    let (_, stderr) = out_err(&output);
    assert_eq!(code(&output), 0, "{output:?}");
    assert!(
        stderr.contains("the source is not bound by a digest"),
        "{stderr}"
    );
    let mut p = predicate(&scratch);
    let text = p.as_object_mut().unwrap().remove("text");
    assert_eq!(
        text.as_ref().map(|t| &t["format"]),
        Some(&json!("markdown"))
    );
    assert_eq!(
        p,
        json!({
            "source": { "author": "Shen Yi, a Fudan University professor" },
            "sourceLanguage": "zh",
            "targetLanguage": "en",
            "method": "machine",
            "digitalSourceTypes": ["http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia"],
            "agents": [
                { "role": "translator", "kind": "software", "undisclosed": true },
                { "role": "editor", "kind": "person", "name": "Zhongxiaowen" }
            ],
            "signedAt": "2026-11-24T06:00:00Z",
            "revision": 1,
            "note": NOTE
        })
    );

    let verify = run(
        &scratch,
        &["verify", "commentary.en.md", "--pubkey", "newsroom.pub"],
    );
    let (stdout, _) = out_err(&verify);
    assert_eq!(code(&verify), 0, "{verify:?}");
    for expected in [
        "translator   an AI system that was not named (software)",
        "source       not bound by a digest",
        "by Shen Yi, a Fudan University professor",
        "method       machine translation\n",
        "editor       Zhongxiaowen (person)",
        &format!("note         \"{NOTE}\" (signed)"),
    ] {
        assert!(stdout.contains(expected), "{expected:?} in {stdout}");
    }
    assert!(
        !stdout.contains("translated "),
        "no translation time: {stdout}"
    );
    let inspect = run(&scratch, &["inspect", "commentary.en.md.tprov.json"]);
    assert!(
        out_err(&inspect)
            .0
            .contains("an AI system that was not named"),
        "{inspect:?}"
    );
}

#[test]
fn a_source_known_by_its_address_alone_is_recorded_without_a_digest() {
    let scratch = Scratch::new();
    let output = sign(
        &scratch,
        &[
            "--engine",
            "ExampleMT",
            "--source-uri",
            "https://example.cn/新闻",
        ],
    );
    assert_eq!(code(&output), 0, "{output:?}");
    assert_eq!(
        predicate(&scratch)["source"],
        json!({ "uri": "https://example.cn/%E6%96%B0%E9%97%BB" })
    );
    // Nothing at all about the source is still refused.
    let scratch = Scratch::new();
    let output = sign(&scratch, &["--engine", "ExampleMT"]);
    assert_eq!(code(&output), 2);
    assert!(out_err(&output).1.contains("missing source"), "{output:?}");
}

/// Regression: `verify --source FILE` on a record whose source has no digest panicked (the
/// source check assumed every record binds its source by digest).
#[test]
fn verify_says_a_digest_less_source_cannot_be_checked() {
    let scratch = Scratch::new();
    let output = sign(
        &scratch,
        &[
            "--engine",
            "ExampleMT",
            "--source-uri",
            "https://example.cn/a",
        ],
    );
    assert_eq!(code(&output), 0, "{output:?}");
    let verify = |extra: &[&str]| {
        run(
            &scratch,
            &[
                &["verify", "commentary.en.md", "--pubkey", "newsroom.pub"][..],
                extra,
            ]
            .concat(),
        )
    };
    let plain = verify(&[]);
    assert_eq!(code(&plain), 0, "{plain:?}");
    assert!(
        out_err(&plain).0.contains("source without a digest"),
        "the report must say the source is not bound: {plain:?}"
    );
    let with_source = verify(&["--source", "commentary.zh.md"]);
    assert_eq!(code(&with_source), 1, "{with_source:?}");
    let (stdout, stderr) = out_err(&with_source);
    assert!(
        stdout.contains("cannot be checked against it"),
        "{stdout}\n{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}

#[test]
fn translated_at_is_recorded_only_when_stated() {
    let scratch = Scratch::new();
    let source = ["--source", "commentary.zh.md", "--engine", "E"];
    assert_eq!(code(&sign(&scratch, &source)), 0);
    assert!(predicate(&scratch).get("translatedAt").is_none());
    let output = sign(
        &scratch,
        &[
            &source[..],
            &["--translated-at", "2026-11-20T08:00:00Z", "--force"],
        ]
        .concat(),
    );
    assert_eq!(code(&output), 0, "{output:?}");
    assert_eq!(predicate(&scratch)["translatedAt"], "2026-11-20T08:00:00Z");
}

#[test]
fn a_note_is_signed_up_to_2000_characters() {
    let scratch = Scratch::new();
    let source = ["--source", "commentary.zh.md", "--engine", "E"];
    let long = "字".repeat(2001);
    let before = scratch.snapshot();
    let output = sign(&scratch, &[&source[..], &["--note", &long]].concat());
    assert_eq!(code(&output), 2);
    assert_eq!(
        out_err(&output).1,
        "tprov: the note is 2001 characters long; at most 2000 are signed\n"
    );
    assert_eq!(scratch.snapshot(), before, "nothing written");
    let output = sign(&scratch, &[&source[..], &["--note", &long[3..]]].concat());
    assert_eq!(code(&output), 0, "{output:?}");
    assert_eq!(predicate(&scratch)["note"], &long[3..]);
}

#[test]
fn an_undisclosed_engine_cannot_also_be_named() {
    let scratch = Scratch::new();
    let output = sign(
        &scratch,
        &[
            "--source",
            "commentary.zh.md",
            "--engine",
            "E",
            "--engine-undisclosed",
        ],
    );
    assert_eq!(code(&output), 2);
    assert!(
        out_err(&output).1.contains("cannot be used with"),
        "{output:?}"
    );
}

#[test]
fn source_fields_are_accepted_as_people_write_them() {
    let scratch = Scratch::new();
    let digest = sha256_hex(&fs::read(scratch.path("commentary.zh.md")).unwrap());
    for (published, recorded) in [("2025", "2025"), ("2025-01", "2025-01")] {
        let output = sign(
            &scratch,
            &[
                "--engine",
                "E",
                "--source-sha256",
                &format!("sha256:{digest}"),
                "--source-published",
                published,
                "--force",
            ],
        );
        assert_eq!(code(&output), 0, "{output:?}");
        let p = predicate(&scratch);
        assert_eq!(p["source"]["digest"]["sha256"], digest.as_str());
        assert_eq!(p["source"]["published"], recorded);
    }
    for (flags, message) in [
        (
            &["--source-uri", "example.cn/a"][..],
            "sourceUri: \"example.cn/a\" is not an absolute URI: it has no scheme; did you mean https://example.cn/a?",
        ),
        (
            &["--source-lang", "cn"][..],
            "sourceLanguage: \"cn\": cn is a region code (China), not a language; did you mean zh or zh-CN?",
        ),
        (
            &["--source-published", "2025-13"][..],
            "sourcePublished: \"2025-13\" is not a date in the calendar",
        ),
    ] {
        let scratch = Scratch::new();
        let before = scratch.snapshot();
        let mut args = vec![
            "sign",
            "commentary.en.md",
            "--key",
            "newsroom.key",
            "--source",
            "commentary.zh.md",
            "--engine",
            "E",
            "--target-lang",
            "en",
        ];
        if flags[0] != "--source-lang" {
            args.extend(["--source-lang", "zh"]);
        }
        args.extend_from_slice(flags);
        let output = run(&scratch, &args);
        assert_eq!(code(&output), 2, "{flags:?}");
        assert!(
            out_err(&output).1.starts_with(&format!("tprov: {message}")),
            "{flags:?}: {output:?}"
        );
        assert_eq!(scratch.snapshot(), before, "{flags:?}: nothing written");
    }
}

/// The agency signs the sample translation; returns the envelope's bytes.
fn signed_by_agency(scratch: &Scratch) -> Vec<u8> {
    let output = run(
        scratch,
        &[
            "sign",
            "commentary.en.md",
            "--key",
            "agency.key",
            "--source",
            "commentary.zh.md",
            "--source-lang",
            "zh",
            "--target-lang",
            "en",
            "--engine",
            "ExampleMT",
        ],
    );
    assert_eq!(code(&output), 0, "{output:?}");
    fs::read(scratch.path("commentary.en.md.tprov.json")).unwrap()
}

fn cosign(scratch: &Scratch, extra: &[&str]) -> Output {
    let base = [
        "cosign",
        "commentary.en.md.tprov.json",
        "--key",
        "newsroom.key",
    ];
    run(scratch, &[&base[..], extra].concat())
}

#[test]
fn cosign_checks_the_document_and_signatures_first() {
    let scratch = Scratch::new();
    signed_by_agency(&scratch);
    let output = cosign(
        &scratch,
        &["--document", "commentary.en.md", "--pubkey", "agency.pub"],
    );
    let (stdout, stderr) = out_err(&output);
    assert_eq!(code(&output), 0, "{output:?}");
    assert!(
        stdout.starts_with("VERIFIED  commentary.en.md\n"),
        "{stdout}"
    );
    assert!(
        stdout.contains("translator   ExampleMT (software)"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "co-signed commentary.en.md.tprov.json (key 4b3b32f7cf8c3040, 2 signatures now)"
        ),
        "{stdout}"
    );
    assert!(!stderr.contains("nothing was checked"), "{stderr}");
    let envelope = envelope_json(&scratch.path("commentary.en.md.tprov.json"));
    assert_eq!(envelope["signatures"].as_array().unwrap().len(), 2);
}

#[test]
fn cosign_refuses_a_record_that_does_not_verify() {
    for (case, pubkey, change_document) in [
        ("changed document", "agency.pub", true),
        ("untrusted signer", "translator.pub", false),
    ] {
        let scratch = Scratch::new();
        let before = signed_by_agency(&scratch);
        if change_document {
            fs::write(scratch.path("commentary.en.md"), "Changed.\n").unwrap();
        }
        let output = cosign(
            &scratch,
            &["--document", "commentary.en.md", "--pubkey", pubkey],
        );
        let (stdout, stderr) = out_err(&output);
        assert_eq!(code(&output), 1, "{case}: {output:?}");
        assert!(stdout.starts_with("NOT VERIFIED"), "{case}: {stdout}");
        assert!(
            stderr.contains("not co-signed: the record does not verify"),
            "{case}: {stderr}"
        );
        assert_eq!(
            fs::read(scratch.path("commentary.en.md.tprov.json")).unwrap(),
            before,
            "{case}: unchanged"
        );
    }
}

#[test]
fn cosign_without_a_document_says_nothing_was_checked() {
    let scratch = Scratch::new();
    signed_by_agency(&scratch);
    let output = cosign(&scratch, &[]);
    let (stdout, stderr) = out_err(&output);
    assert_eq!(code(&output), 0, "{output:?}");
    assert!(stderr.contains("note: nothing was checked"), "{stderr}");
    assert!(stdout.contains("NOT verified"), "{stdout}");
    for (flags, needle) in [
        (&["--document", "commentary.en.md"][..], "--pubkey"),
        (&["--pubkey", "agency.pub"][..], "--document"),
    ] {
        let output = cosign(&scratch, flags);
        assert_eq!(code(&output), 2, "{flags:?}");
        assert!(out_err(&output).1.contains(needle), "{output:?}");
    }
}

#[test]
fn commands_show_examples_and_list_color_last() {
    let scratch = Scratch::new();
    for command in ["sign", "cosign", "keygen", "inspect"] {
        let help = out_err(&run(&scratch, &[command, "--help"])).0;
        let examples = help
            .split("Examples:")
            .nth(1)
            .unwrap_or_else(|| panic!("{command}: no Examples in {help}"));
        let count = examples
            .lines()
            .filter(|l| l.trim_start().starts_with("tprov "))
            .count();
        assert!((2..=4).contains(&count), "{command}: {count} examples");
        let options = help.split("Examples:").next().unwrap();
        let last_option = options
            .lines()
            // Options start at column 2 (short) or 6 (long only); deeper lines are their help.
            .rfind(|l| l.starts_with("  -") || l.starts_with("      --"))
            .unwrap();
        assert!(
            last_option.trim_start().starts_with("--color"),
            "{command}: the last option is {last_option:?}"
        );
    }
    let sign_help = out_err(&run(&scratch, &["sign", "--help"])).0;
    assert!(
        sign_help.contains("--editor,\n--reviewer and --publisher name who edited"),
        "the help says which flags imply what: {sign_help}"
    );
}

#[test]
fn a_short_passphrase_draws_a_warning() {
    let scratch = Scratch::new();
    let output = scratch
        .tprov()
        .env("TPROV_PASSPHRASE", "short")
        .args([
            "keygen",
            "--out",
            "desk",
            "--passphrase-env",
            "TPROV_PASSPHRASE",
        ])
        .output()
        .unwrap();
    assert_eq!(code(&output), 0, "{output:?}");
    assert!(
        out_err(&output)
            .1
            .contains("warning: the passphrase is 5 characters long"),
        "{output:?}"
    );
}

/// Runs tprov on a pseudo-terminal through tests/pty_drive.py, typing `answers` at the
/// passphrase prompts; returns what the terminal showed, ending with `EXIT <code>`.
fn on_terminal(scratch: &Scratch, answers: &[&str], args: &[&str]) -> Option<String> {
    if !crate::util::have_tool(
        "python3",
        &["-c", "import pty"],
        "the terminal prompt tests",
    ) {
        return None;
    }
    fs::write(scratch.path("answers.txt"), answers.join("\n")).unwrap();
    let output = std::process::Command::new("python3")
        .arg(root().join("tests/pty_drive.py"))
        .arg(scratch.path("answers.txt"))
        .arg(assert_cmd::cargo::cargo_bin("tprov"))
        .args(args)
        .current_dir(scratch.dir.path())
        .env("SOURCE_DATE_EPOCH", "1795500000")
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    Some(String::from_utf8_lossy(&output.stdout).into_owned())
}

#[test]
fn keygen_asks_again_after_a_mismatch_up_to_three_times() {
    let scratch = Scratch::new();
    let Some(shown) = on_terminal(
        &scratch,
        &["long enough", "typo", "long enough", "long enough"],
        &["keygen", "--out", "desk"],
    ) else {
        return;
    };
    assert!(
        shown.contains("the passphrases do not match; try again (attempt 2 of 3)"),
        "{shown}"
    );
    assert!(shown.ends_with("EXIT 0\n"), "{shown}");
    assert!(scratch.path("desk.key").exists());

    let answers = ["a", "b", "c", "d", "e", "f"];
    let shown = on_terminal(&scratch, &answers, &["keygen", "--out", "other"]).unwrap();
    assert!(
        shown.contains("the passphrases do not match; nothing was written after 3 attempts"),
        "{shown}"
    );
    assert!(shown.ends_with("EXIT 2\n"), "{shown}");
    assert!(!scratch.path("other.key").exists());
}

#[test]
fn sign_asks_again_after_a_wrong_passphrase() {
    let scratch = Scratch::new();
    let Some(shown) = on_terminal(
        &scratch,
        &["right passphrase", "right passphrase"],
        &["keygen", "--out", "desk"],
    ) else {
        return;
    };
    assert!(shown.ends_with("EXIT 0\n"), "{shown}");
    let sign = [
        "sign",
        "commentary.en.md",
        "--key",
        "desk.key",
        "--source",
        "commentary.zh.md",
        "--source-lang",
        "zh",
        "--target-lang",
        "en",
        "--engine",
        "E",
    ];
    let shown = on_terminal(&scratch, &["wrong", "right passphrase"], &sign).unwrap();
    assert!(
        shown.contains("wrong passphrase for desk.key; try again (attempt 2 of 3)"),
        "{shown}"
    );
    assert!(shown.ends_with("EXIT 0\n"), "{shown}");
    assert!(scratch.path("commentary.en.md.tprov.json").exists());

    let cosign = ["cosign", "commentary.en.md.tprov.json", "--key", "desk.key"];
    let shown = on_terminal(&scratch, &["x", "y", "z", "right passphrase"], &cosign).unwrap();
    assert!(shown.contains("attempt 3 of 3"), "{shown}");
    assert!(shown.contains("desk.key: wrong passphrase"), "{shown}");
    assert!(shown.ends_with("EXIT 2\n"), "{shown}");
}
