//! Text records end to end: `sign --as`, `verify` by text (match exact | text | none, what
//! differed, the diagnosis), `quote`, and `diff` agreeing with `verify`.

use std::fs;

use serde_json::Value;

use crate::browser;
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

/// Signs the sample Markdown (default `--as auto`) and returns the scratch folder.
fn signed_sample() -> Scratch {
    let scratch = Scratch::new();
    let output = sign(&scratch, "commentary.en.md", &[]);
    assert_eq!(code(&output), 0, "{output:?}");
    scratch
}

/// Runs `tprov verify COPY --envelope <sample envelope> --pubkey newsroom.pub ARGS...`.
fn verify_copy(scratch: &Scratch, copy: &str, args: &[&str]) -> std::process::Output {
    scratch
        .tprov()
        .args(["verify", copy, "--envelope", "commentary.en.md.tprov.json"])
        .args(["--pubkey", "newsroom.pub"])
        .args(args)
        .output()
        .unwrap()
}

fn sample(scratch: &Scratch) -> String {
    fs::read_to_string(scratch.path("commentary.en.md")).unwrap()
}

fn json_report(output: &std::process::Output) -> Value {
    serde_json::from_slice(&output.stdout).expect("verify --json prints JSON")
}

#[test]
fn verify_the_signed_bytes_is_an_exact_match() {
    let scratch = signed_sample();
    let output = verify_copy(&scratch, "commentary.en.md", &["--json"]);
    assert_eq!(code(&output), 0, "{output:?}");
    assert_eq!(json_report(&output)["match"], "exact");
}

#[test]
fn verify_a_crlf_copy_is_a_text_match_naming_the_line_endings() {
    let scratch = signed_sample();
    fs::write(
        scratch.path("crlf.md"),
        sample(&scratch).replace('\n', "\r\n"),
    )
    .unwrap();
    let output = verify_copy(&scratch, "crlf.md", &[]);
    let (stdout, _) = out_err(&output);
    assert_eq!(code(&output), 0, "{stdout}");
    assert!(stdout.starts_with("VERIFIED  crlf.md"), "{stdout}");
    assert!(stdout.contains("text match"), "{stdout}");
    assert!(stdout.contains("Windows (CRLF) line endings"), "{stdout}");
    let report = json_report(&verify_copy(&scratch, "crlf.md", &["--json"]));
    assert_eq!(report["match"], "text");
    assert_eq!(report["verified"], true);
    assert_eq!(report["differences"][0]["kind"], "lineEndings");
}

#[test]
fn verify_exact_refuses_a_text_match() {
    let scratch = signed_sample();
    fs::write(
        scratch.path("crlf.md"),
        sample(&scratch).replace('\n', "\r\n"),
    )
    .unwrap();
    let output = verify_copy(&scratch, "crlf.md", &["--exact", "--json"]);
    assert_eq!(code(&output), 1, "{output:?}");
    let report = json_report(&output);
    assert_eq!(report["match"], "none");
    let detail = report["checks"][4]["detail"].as_str().unwrap();
    assert!(
        detail.contains("--exact demands the signed bytes"),
        "{detail}"
    );
}

#[test]
fn verify_a_rewrapped_copy_with_invisible_characters_is_a_text_match() {
    let scratch = signed_sample();
    // Every space inside a paragraph becomes a line break (hard wrapping), and a zero-width
    // space and a soft hyphen are slipped in.
    let rewrapped: String = sample(&scratch)
        .split("\n\n")
        .map(|p| {
            if p.starts_with('#') {
                p.to_owned()
            } else {
                p.replace(' ', "\n")
            }
        })
        .collect::<Vec<_>>()
        .join("\n\n")
        .replacen("translated", "trans\u{AD}lated", 1)
        .replacen("readers", "read\u{200B}ers", 1);
    fs::write(scratch.path("wrapped.md"), rewrapped).unwrap();
    let output = verify_copy(&scratch, "wrapped.md", &[]);
    let (stdout, _) = out_err(&output);
    assert_eq!(code(&output), 0, "{stdout}");
    assert!(stdout.contains("text match"), "{stdout}");
    assert!(stdout.contains("2 invisible characters"), "{stdout}");
    assert!(stdout.contains("not part of the signed text"), "{stdout}");
}

#[test]
fn verify_the_html_made_from_the_signed_markdown_is_a_text_match() {
    let scratch = signed_sample();
    let markdown = sample(&scratch);
    let mut html = String::from("<!doctype html><title>x</title><article>");
    pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(&markdown));
    html.push_str("</article>");
    fs::write(scratch.path("commentary.en.html"), html).unwrap();
    let output = verify_copy(&scratch, "commentary.en.html", &["--json"]);
    assert_eq!(code(&output), 0, "{output:?}");
    let report = json_report(&output);
    assert_eq!(report["match"], "text");
    let notes = report["notes"].to_string();
    assert!(
        notes.contains("the copy is html and the signed document was markdown"),
        "{notes}"
    );
}

#[test]
fn verify_a_changed_word_is_not_verified_and_the_diagnosis_names_the_sentence() {
    let scratch = signed_sample();
    let changed = sample(&scratch).replace("a right to know", "a right to learn");
    assert_ne!(changed, sample(&scratch), "the sample has the phrase");
    fs::write(scratch.path("changed.md"), changed).unwrap();
    let output = verify_copy(&scratch, "changed.md", &[]);
    let (stdout, _) = out_err(&output);
    assert_eq!(code(&output), 1, "{stdout}");
    assert!(stdout.starts_with("NOT VERIFIED  changed.md"), "{stdout}");
    assert!(
        stdout.contains("6 of 7 signed sentences found unchanged"),
        "{stdout}"
    );
    assert!(
        stdout.contains("changed      sentence 2 in paragraph 2 (now \"When a commentary"),
        "{stdout}"
    );
    let report = json_report(&verify_copy(&scratch, "changed.md", &["--json"]));
    assert_eq!(report["match"], "none");
    assert_eq!(report["diagnosis"]["changes"][0]["firstSentence"], 1);
    assert_eq!(report["diagnosis"]["changes"][0]["kind"], "changed");
}

#[test]
fn verify_a_copy_of_a_record_signed_as_bytes_needs_the_bytes() {
    let scratch = Scratch::new();
    let output = sign(&scratch, "commentary.en.md", &["--as", "bytes"]);
    assert_eq!(code(&output), 0, "{output:?}");
    fs::write(
        scratch.path("crlf.md"),
        sample(&scratch).replace('\n', "\r\n"),
    )
    .unwrap();
    let output = verify_copy(&scratch, "crlf.md", &[]);
    let (stdout, _) = out_err(&output);
    assert_eq!(code(&output), 1, "{stdout}");
    assert!(stdout.contains("signed as bytes"), "{stdout}");
}

#[test]
fn verify_hostile_text_in_a_diagnosis_is_escaped() {
    let scratch = signed_sample();
    let changed = sample(&scratch).replace("a right to know", "a right to \u{1b}[31mlearn");
    fs::write(scratch.path("changed.md"), changed).unwrap();
    let output = verify_copy(&scratch, "changed.md", &[]);
    assert_eq!(code(&output), 1, "{output:?}");
    assert!(!output.stdout.contains(&0x1b), "{:?}", out_err(&output).0);
}

/// Runs `tprov quote ARGS... --pubkey newsroom.pub` in the scratch folder, with `stdin`.
fn quote(scratch: &Scratch, args: &[&str], stdin: &str) -> std::process::Output {
    scratch
        .tprov()
        .arg("quote")
        .args(args)
        .args(["--pubkey", "newsroom.pub"])
        .write_stdin(stdin)
        .output()
        .unwrap()
}

const SENTENCE: &str = "When a commentary is translated into a dozen languages within hours of publication, readers have a right to know who translated it.";
const ENVELOPE: &str = "commentary.en.md.tprov.json";

#[test]
fn quote_with_the_envelope_alone_names_the_signed_sentence() {
    let scratch = signed_sample();
    let output = quote(&scratch, &["--text", SENTENCE, "--envelope", ENVELOPE], "");
    let (stdout, _) = out_err(&output);
    assert_eq!(code(&output), 0, "{output:?}");
    assert!(
        stdout.contains("FOUND  the quote is signed sentence 2, in paragraph 2"),
        "{stdout}"
    );
    // Part of a sentence is not whole signed sentences: the envelope alone cannot tell.
    let output = quote(
        &scratch,
        &["--text", "readers have a right", "--envelope", ENVELOPE],
        "",
    );
    assert_eq!(code(&output), 1, "{output:?}");
    assert!(out_err(&output).0.contains("NOT FOUND"));
}

#[test]
fn quote_in_a_document_says_where_and_from_a_file_or_stdin() {
    let scratch = signed_sample();
    fs::write(scratch.path("quote.txt"), "readers have a\nright to know\n").unwrap();
    for args in [
        vec!["quote.txt", "--in", "commentary.en.md"],
        vec!["-", "--in", "commentary.en.md", "--json"],
    ] {
        let output = quote(&scratch, &args, "readers  have a right to know");
        let (stdout, _) = out_err(&output);
        assert_eq!(code(&output), 0, "{args:?}: {output:?}");
        assert!(
            stdout.contains("paragraph") || stdout.contains("\"paragraph\": 1"),
            "{stdout}"
        );
    }
    let output = quote(
        &scratch,
        &["--text", "right to know", "--in", "commentary.en.md"],
        "",
    );
    let (stdout, _) = out_err(&output);
    assert!(
        stdout.contains("«right to know» who translated it."),
        "{stdout}"
    );
}

#[test]
fn quote_changed_word_shows_the_closest_passage_and_a_word_diff() {
    let scratch = signed_sample();
    let args = [
        "--text",
        "readers have a right to learn",
        "--in",
        "commentary.en.md",
    ];
    let output = quote(&scratch, &args, "");
    let (stdout, _) = out_err(&output);
    assert_eq!(code(&output), 1, "{output:?}");
    assert!(
        stdout.contains("the quote differs from the signed text"),
        "{stdout}"
    );
    assert!(stdout.contains("[-know-]{+learn+}"), "{stdout}");
}

#[test]
fn quote_against_a_document_that_does_not_verify_fails() {
    let scratch = signed_sample();
    let changed = sample(&scratch).replace("a right to know", "a right to learn");
    fs::write(scratch.path("changed.md"), changed).unwrap();
    let args = [
        "--text",
        "right to",
        "--in",
        "changed.md",
        "--envelope",
        ENVELOPE,
        "--json",
    ];
    let output = quote(&scratch, &args, "");
    assert_eq!(code(&output), 1, "{output:?}");
    let answer: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(answer["verified"], false);
    assert_eq!(answer["found"], false);
}

#[test]
fn quote_trouble_is_exit_2() {
    let scratch = signed_sample();
    let output = quote(
        &scratch,
        &["--text", " \u{200B} ", "--envelope", ENVELOPE],
        "",
    );
    assert_eq!(code(&output), 2, "{output:?}");
    let output = quote(&scratch, &["--text", "x", "--envelope", "missing.json"], "");
    assert_eq!(code(&output), 2, "{output:?}");
    let output = quote(&scratch, &["--text", "x"], "");
    assert_eq!(code(&output), 2, "neither --in nor --envelope: {output:?}");
}

/// `diff`'s exit code (0 same, 1 different) and `verify`'s match for the same two texts.
fn diff_and_verify(old: &str, new: &str) -> (i32, String) {
    let scratch = Scratch::new();
    fs::write(scratch.path("old.txt"), old).unwrap();
    fs::write(scratch.path("new.txt"), new).unwrap();
    let output = sign(&scratch, "old.txt", &[]);
    assert_eq!(code(&output), 0, "{output:?}");
    let diff = scratch
        .tprov()
        .args(["diff", "old.txt", "new.txt", "--no-records"])
        .output()
        .unwrap();
    let verify = scratch
        .tprov()
        .args(["verify", "new.txt", "--envelope", "old.txt.tprov.json"])
        .args(["--pubkey", "newsroom.pub", "--json"])
        .output()
        .unwrap();
    let report = json_report(&verify);
    (code(&diff), report["match"].as_str().unwrap().to_owned())
}

#[test]
fn diff_agrees_with_verify_on_white_space_and_never_on_changed_words() {
    for (old, new, same) in [
        (
            "One two.\nThree four.\n",
            "One two.\r\nThree four.\r\n",
            true,
        ),
        (
            "One two three.\nFour five.\n",
            "One\ntwo three. Four\nfive.\n",
            true,
        ),
        ("One two.\n\nThree.\n", "One two. Three.\n", true),
        ("第二段落\n继续。\n", "第二段落 继续。\n", true),
        ("One two.\n", "One t\u{200B}wo.\n", true),
        ("It is now here.\n", "It is nowhere.\n", false),
        ("It costs 15 euros.\n", "It costs 16 euros.\n", false),
        ("It is true.\n", "It is not true.\n", false),
    ] {
        let (diff_code, verify_match) = diff_and_verify(old, new);
        let (want_code, want_match) = if same { (0, "text") } else { (1, "none") };
        assert_eq!(
            (diff_code, verify_match.as_str()),
            (want_code, want_match),
            "{old:?} → {new:?}"
        );
    }
}

#[test]
fn diff_json_says_same_text_and_what_differed() {
    let scratch = Scratch::new();
    fs::write(scratch.path("old.txt"), "One two.\nThree.\n").unwrap();
    fs::write(scratch.path("new.txt"), "One two.\r\nThree.\r\n").unwrap();
    let output = scratch
        .tprov()
        .args([
            "diff",
            "old.txt",
            "new.txt",
            "--no-records",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    assert_eq!(code(&output), 0, "{output:?}");
    let json: Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(json["sameText"], true);
    assert_eq!(json["textDifferences"][0]["kind"], "lineEndings");
}

/// Decodes `encodeURIComponent` output (percent-encoded UTF-8).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).expect("encodeURIComponent encodes UTF-8")
}

#[test]
fn the_browsers_inner_text_of_the_html_made_from_the_markdown_verifies_by_text() {
    let Some(chromium) = browser::chromium(
        "the_browsers_inner_text_of_the_html_made_from_the_markdown_verifies_by_text",
    ) else {
        return;
    };
    let scratch = signed_sample();
    let markdown = sample(&scratch);
    let mut article = String::new();
    pulldown_cmark::html::push_html(&mut article, pulldown_cmark::Parser::new(&markdown));
    // The page renders the article, then replaces itself with the article's innerText
    // (percent-encoded, so the serialised DOM carries it unescaped and intact).
    let page = format!(
        "<!doctype html><html><head><meta charset=utf-8><title>t</title></head><body>\
         <article id=a>{article}</article><script>\
         const t = encodeURIComponent(document.getElementById('a').innerText);\
         document.body.textContent = 'BEGIN' + t + 'END';</script></body></html>"
    );
    fs::write(scratch.path("page.html"), page).unwrap();
    let dom = browser::dump_dom(&chromium, &scratch.path("page.html"));
    let start = dom.find("BEGIN").expect("the script ran") + "BEGIN".len();
    let end = dom[start..].find("END").expect("the marker ends") + start;
    let inner_text = percent_decode(&dom[start..end]);
    assert!(inner_text.contains("right to know"), "{inner_text}");
    fs::write(scratch.path("copied.txt"), &inner_text).unwrap();
    let output = verify_copy(&scratch, "copied.txt", &["--json"]);
    assert_eq!(code(&output), 0, "{inner_text:?}: {output:?}");
    assert_eq!(json_report(&output)["match"], "text");
}

/// The signed sample beside three copies, each with the sample's envelope beside it: the signed
/// bytes, a CRLF copy (`crlf.md`) and a copy with a changed word (`changed.md`).
fn batch_of_copies() -> Scratch {
    let scratch = signed_sample();
    let markdown = sample(&scratch);
    let envelope = scratch.path("commentary.en.md.tprov.json");
    let changed = markdown.replace("a right to know", "a right to learn");
    assert_ne!(changed, markdown, "the sample has the phrase");
    for (name, text) in [
        ("crlf.md", markdown.replace('\n', "\r\n")),
        ("changed.md", changed),
    ] {
        fs::write(scratch.path(name), text).unwrap();
        fs::copy(&envelope, scratch.path(&format!("{name}.tprov.json"))).unwrap();
    }
    scratch
}

fn verify_batch(scratch: &Scratch, docs: &[&str], args: &[&str]) -> std::process::Output {
    scratch
        .tprov()
        .arg("verify")
        .args(docs)
        .args(["--pubkey", "newsroom.pub"])
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn batch_verify_matches_by_text_as_one_document_does() {
    let scratch = batch_of_copies();
    let output = verify_batch(&scratch, &["commentary.en.md", "crlf.md"], &[]);
    let (stdout, stderr) = out_err(&output);
    assert_eq!(code(&output), 0, "{stdout}{stderr}");
    assert!(
        stdout.contains("NOTE  crlf.md: text match: the bytes differ"),
        "{stdout}"
    );
    assert!(
        stdout.contains("NOTE  crlf.md: the copy has Windows (CRLF) line endings"),
        "{stdout}"
    );
    assert!(
        !stdout.contains("commentary.en.md:"),
        "the exact copy has no line: {stdout}"
    );
    assert!(
        stdout.ends_with("2 documents: 2 verified, 0 failed, 0 missing\n"),
        "{stdout}"
    );

    let docs = ["commentary.en.md", "crlf.md", "changed.md"];
    let output = verify_batch(&scratch, &docs, &[]);
    let (stdout, _) = out_err(&output);
    assert_eq!(code(&output), 1, "{stdout}");
    assert!(
        stdout.contains("FAIL  changed.md: the document check failed: the document's words differ from the signed text: 6 of 7 signed sentences found unchanged"),
        "{stdout}"
    );
}

#[test]
fn batch_json_lines_carry_the_match_and_the_single_document_reports() {
    let scratch = batch_of_copies();
    let docs = ["commentary.en.md", "crlf.md", "changed.md"];
    let output = verify_batch(&scratch, &docs, &["--json"]);
    assert_eq!(code(&output), 1, "{output:?}");
    let lines: Vec<Value> = String::from_utf8(output.stdout)
        .unwrap()
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect();
    assert_eq!(lines.len(), 4, "{lines:?}");
    for (line, (doc, status, matched)) in lines.iter().zip([
        ("commentary.en.md", "verified", "exact"),
        ("crlf.md", "verified", "text"),
        ("changed.md", "failed", "none"),
    ]) {
        assert_eq!(line["path"], doc);
        assert_eq!(line["status"], status, "{doc}");
        assert_eq!(line["report"]["match"], matched, "{doc}");
        let single = verify_batch(&scratch, &[doc], &["--json"]);
        assert_eq!(
            line["report"],
            json_report(&single),
            "{doc}: batch and single differ"
        );
    }
    assert_eq!(
        lines[2]["report"]["diagnosis"]["changes"][0]["kind"],
        "changed"
    );
    assert_eq!(lines[3]["verified"], 2);
}

#[test]
fn batch_verify_exact_demands_the_bytes_and_as_chooses_the_format() {
    let scratch = batch_of_copies();
    let output = verify_batch(&scratch, &["commentary.en.md", "crlf.md"], &["--exact"]);
    let (stdout, _) = out_err(&output);
    assert_eq!(code(&output), 1, "{stdout}");
    assert!(
        stdout.contains("FAIL  crlf.md: the document check failed"),
        "{stdout}"
    );
    assert!(
        stdout.contains("--exact demands the signed bytes"),
        "{stdout}"
    );
    assert!(stdout.contains("1 verified, 1 failed"), "{stdout}");

    // A copy named .txt is read as plain text (the heading keeps its `#`): no match, unless
    // --as says it is Markdown.
    fs::rename(scratch.path("crlf.md"), scratch.path("crlf.txt")).unwrap();
    fs::rename(
        scratch.path("crlf.md.tprov.json"),
        scratch.path("crlf.txt.tprov.json"),
    )
    .unwrap();
    let output = verify_batch(&scratch, &["commentary.en.md", "crlf.txt"], &[]);
    assert_eq!(code(&output), 1, "{output:?}");
    let output = verify_batch(
        &scratch,
        &["commentary.en.md", "crlf.txt"],
        &["--as", "markdown"],
    );
    assert_eq!(code(&output), 0, "{output:?}");
}

/// A document over 1 MiB is hashed as a stream and read whole only when its bytes differ: the
/// text match must still be found then (and a changed word still caught).
#[test]
fn verify_a_large_crlf_copy_is_still_a_text_match() {
    let scratch = Scratch::new();
    let paragraph =
        "The editor checked every sentence of this commentary before it was published. ";
    let large: String = (0..16_000)
        .map(|i| format!("Paragraph {i}. {paragraph}\n\n"))
        .collect();
    assert!(large.len() > 1024 * 1024);
    fs::write(scratch.path("large.md"), &large).unwrap();
    assert_eq!(code(&sign(&scratch, "large.md", &[])), 0);
    fs::write(scratch.path("crlf.md"), large.replace('\n', "\r\n")).unwrap();
    fs::write(
        scratch.path("changed.md"),
        large.replace("Paragraph 15000.", "Paragraph 15001."),
    )
    .unwrap();
    let verify = |copy: &str| {
        scratch
            .tprov()
            .args(["verify", copy, "--envelope", "large.md.tprov.json"])
            .args(["--pubkey", "newsroom.pub", "--json"])
            .output()
            .unwrap()
    };
    let exact = verify("large.md");
    assert_eq!(code(&exact), 0, "{exact:?}");
    assert_eq!(json_report(&exact)["match"], "exact");
    let crlf = verify("crlf.md");
    assert_eq!(code(&crlf), 0, "{crlf:?}");
    assert_eq!(json_report(&crlf)["match"], "text");
    let changed = verify("changed.md");
    assert_eq!(code(&changed), 1, "{changed:?}");
    assert_eq!(json_report(&changed)["match"], "none");
}

/// Signing and verifying a large file that is not text is a streaming hash: under a 48 MiB
/// limit on the process's data (`prlimit --data`, which counts the heap and anonymous
/// mappings), a 96 MiB file still signs and verifies. Reading it whole, as the text record
/// once made both commands do, aborts on the allocation.
#[test]
fn sign_and_verify_of_a_large_binary_file_stream_in_bounded_memory() {
    if !crate::util::have_tool("prlimit", &["--version"], "bounded memory (prlimit)") {
        return;
    }
    let scratch = Scratch::new();
    let mut large = vec![0xff_u8; 96 * 1024 * 1024];
    large[..16].copy_from_slice(b"not UTF-8 here: ");
    fs::write(scratch.path("large.bin"), &large).unwrap();
    drop(large);
    let limited = |args: &[&str]| {
        std::process::Command::new("prlimit")
            .arg(format!("--data={}", 48 * 1024 * 1024))
            .arg("--core=0")
            .arg(env!("CARGO_BIN_EXE_tprov"))
            .args(args)
            .current_dir(scratch.path(""))
            .env("SOURCE_DATE_EPOCH", "1795500000")
            .output()
            .unwrap()
    };
    let signed = limited(&[
        "sign",
        "large.bin",
        "--key",
        "newsroom.key",
        "--source-lang",
        "zh",
        "--target-lang",
        "en",
        "--engine",
        "MT",
        "--source-sha256",
        &"0".repeat(64),
    ]);
    assert_eq!(code(&signed), 0, "{signed:?}");
    let verified = limited(&["verify", "large.bin", "--pubkey", "newsroom.pub"]);
    assert_eq!(code(&verified), 0, "{verified:?}");
    // The limit bites: reading the file whole under it fails.
    let whole = std::process::Command::new("prlimit")
        .arg(format!("--data={}", 48 * 1024 * 1024))
        .args(["--core=0", "python3", "-c", "open('large.bin','rb').read()"])
        .current_dir(scratch.path(""))
        .output()
        .unwrap();
    assert_ne!(code(&whole), 0, "the data limit must stop a whole read");
}

/// A copy of a published article that carries the disclosure line tprov writes from the record
/// (in any language it writes, before or after the text) verifies by text and says so; an
/// altered disclosure line is added text like any other.
#[test]
fn a_copy_carrying_the_records_own_disclosure_line_still_verifies_by_text() {
    let scratch = signed_sample();
    let disclose = |lang: &str| {
        let output = scratch
            .tprov()
            .args(["disclose", "commentary.en.md.tprov.json", "--lang", lang])
            .output()
            .unwrap();
        assert_eq!(code(&output), 0, "{output:?}");
        out_err(&output).0.trim().to_owned()
    };
    let (english, chinese) = (disclose("en"), disclose("zh"));
    let text = sample(&scratch);
    for (name, copy) in [
        ("after.md", format!("{text}\n{english}\n")),
        ("before.md", format!("{chinese}\n\n{text}")),
    ] {
        fs::write(scratch.path(name), copy).unwrap();
        let output = verify_copy(&scratch, name, &["--json"]);
        assert_eq!(code(&output), 0, "{name}: {output:?}");
        let report = json_report(&output);
        assert_eq!(report["match"], "text", "{name}");
        assert!(
            report["notes"].to_string().contains("disclosure line"),
            "{name}: {report}"
        );
    }
    let altered = english.replace("Machine-translated", "Translated by a human translator");
    assert_ne!(altered, english);
    fs::write(scratch.path("altered.md"), format!("{text}\n{altered}\n")).unwrap();
    let output = verify_copy(&scratch, "altered.md", &["--json"]);
    assert_eq!(code(&output), 1, "{output:?}");
    assert_eq!(json_report(&output)["match"], "none");
}
