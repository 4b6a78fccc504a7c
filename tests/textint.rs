//! Text records end to end: `sign --as`, `verify` by text (match exact | text | none, what
//! differed, the diagnosis), `quote`, and `diff` agreeing with `verify`.

use std::fs;

use serde_json::Value;

use crate::util::{Scratch, code, envelope_json, out_err, payload_json};

/// Signs `doc` with the newsroom key and minimal metadata, plus `args`.
fn sign(scratch: &Scratch, doc: &str, args: &[&str]) -> std::process::Output {
    scratch
        .tprov()
        .args(["sign", doc, "--key", "newsroom.key"])
        .args([
            "--source-lang",
            "zh",
            "--target-lang",
            "en",
            "--engine",
            "MT",
        ])
        .args(["--source", "commentary.zh.md"])
        .args(args)
        .output()
        .unwrap()
}

fn text_block(scratch: &Scratch, envelope: &str) -> Value {
    payload_json(&envelope_json(&scratch.path(envelope)))["predicate"]["text"].clone()
}

#[test]
fn sign_auto_reads_markdown_by_extension_and_records_the_text_block() {
    let scratch = Scratch::new();
    let output = sign(&scratch, "commentary.en.md", &[]);
    assert_eq!(code(&output), 0, "{output:?}");
    let text = text_block(&scratch, "commentary.en.md.tprov.json");
    assert_eq!(text["format"], "markdown");
    assert_eq!(
        text["canonicalization"],
        "https://tprov.dev/canonical-text/v1"
    );
    assert_eq!(text["sha256"].as_str().map(str::len), Some(64));
    assert!(
        text["sentences"].as_array().is_some_and(|s| s.len() > 3),
        "{text}"
    );
    assert_eq!(text["paragraphs"][0], 0);
}

#[test]
fn sign_as_plain_and_as_bytes() {
    let scratch = Scratch::new();
    let output = sign(&scratch, "commentary.en.md", &["--as", "plain"]);
    assert_eq!(code(&output), 0, "{output:?}");
    assert_eq!(
        text_block(&scratch, "commentary.en.md.tprov.json")["format"],
        "plain"
    );

    let output = sign(&scratch, "commentary.en.md", &["--as", "bytes", "--force"]);
    assert_eq!(code(&output), 0, "{output:?}");
    let (_, stderr) = out_err(&output);
    assert!(stderr.contains("signed as bytes only"), "{stderr}");
    assert!(text_block(&scratch, "commentary.en.md.tprov.json").is_null());
}

#[test]
fn sign_auto_signs_non_utf8_as_bytes_and_explicit_text_refuses_it() {
    let scratch = Scratch::new();
    fs::write(scratch.path("latin1.txt"), b"caf\xe9 au lait\n").unwrap();
    let output = sign(&scratch, "latin1.txt", &[]);
    assert_eq!(code(&output), 0, "{output:?}");
    assert!(text_block(&scratch, "latin1.txt.tprov.json").is_null());

    let output = sign(&scratch, "latin1.txt", &["--as", "plain", "--force"]);
    let (_, stderr) = out_err(&output);
    assert_eq!(code(&output), 2, "{output:?}");
    assert!(stderr.contains("not valid UTF-8"), "{stderr}");
}

#[test]
fn sign_refuses_an_unknown_format() {
    let scratch = Scratch::new();
    let output = sign(&scratch, "commentary.en.md", &["--as", "pdf"]);
    let (_, stderr) = out_err(&output);
    assert_eq!(code(&output), 2, "{output:?}");
    assert!(stderr.contains("unknown format"), "{stderr}");
}
