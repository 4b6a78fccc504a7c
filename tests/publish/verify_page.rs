//! `tprov verify PAGE` with the envelope embedded in the page (issue 12 items 2, 3, 5): by
//! text, sidecar and --envelope first, broken carriers, declared charsets, the disclosure check.

use std::fs;

use crate::util::{Scratch, code, out_err, sample_sign_args};

/// A scratch folder with the publishing fixtures beside the samples.
pub fn scratch() -> Scratch {
    let s = Scratch::new();
    let fixtures = crate::util::root().join("tests/fixtures/publish");
    for name in ["article.html", "article.md", "article.txt"] {
        fs::copy(fixtures.join(name), s.path(name)).unwrap();
    }
    s
}

/// Signs `document` with the sample metadata (plus `extra`), writing the envelope to `out`.
pub fn sign(s: &Scratch, document: &str, out: &str, extra: &[&str]) {
    let output = s
        .tprov()
        .args(sample_sign_args(document))
        .args(["--output", out, "--force"])
        .args(extra)
        .output()
        .unwrap();
    assert_eq!(code(&output), 0, "{:?}", out_err(&output));
}

/// `tprov embed DOCUMENT --envelope ENVELOPE -o OUT` with `extra` flags.
pub fn embed(s: &Scratch, document: &str, envelope: &str, out: &str, extra: &[&str]) {
    let output = s
        .tprov()
        .args([
            "embed",
            document,
            "--envelope",
            envelope,
            "-o",
            out,
            "--force",
        ])
        .args(extra)
        .output()
        .unwrap();
    assert_eq!(code(&output), 0, "{:?}", out_err(&output));
}

/// `tprov verify ARGS --pubkey newsroom.pub`: exit code, stdout, stderr.
pub fn verify(s: &Scratch, args: &[&str]) -> (i32, String, String) {
    let output = s
        .tprov()
        .arg("verify")
        .args(args)
        .args(["--pubkey", "newsroom.pub"])
        .output()
        .unwrap();
    let (out, err) = out_err(&output);
    (code(&output), out, err)
}

/// `verify … --json`: exit code and the report.
pub fn verify_json(s: &Scratch, args: &[&str]) -> (i32, serde_json::Value) {
    let mut all = args.to_vec();
    all.push("--json");
    let (code, out, err) = verify(s, &all);
    let report = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out:?} {err:?}"));
    (code, report)
}

/// The article page signed (`article.html.json`, not beside it) and embedded into `page.html`.
fn signed_page(s: &Scratch, extra: &[&str]) {
    sign(s, "article.html", "article.html.json", &[]);
    embed(s, "article.html", "article.html.json", "page.html", extra);
}

/// The page with `html` inserted before `</head>`.
fn with_head(s: &Scratch, page: &str, html: &str) -> String {
    let text = fs::read_to_string(s.path(page)).unwrap();
    let at = text.find("</head>").expect("a head");
    format!("{}{html}{}", &text[..at], &text[at..])
}

#[test]
fn an_embedded_envelope_verifies_the_page_by_its_text() {
    let s = scratch();
    for (name, out) in [
        ("article.html", "page.html"),
        ("article.md", "page.md"),
        ("article.txt", "page.txt"),
    ] {
        let envelope = format!("{name}.json");
        sign(&s, name, &envelope, &[]);
        embed(&s, name, &envelope, out, &[]);
        let (exit, report) = verify_json(&s, &[out]);
        crate::util::assert_verified(exit, &report, out);
        assert_eq!(report["match"], "text", "{out}: {report:#}");
        assert_eq!(report["envelopeSource"]["kind"], "embedded", "{out}");
        assert!(report.get("envelope").is_none(), "{out}: {report:#}");
        let (exit, text, _) = verify(&s, &[out]);
        assert_eq!(exit, 0, "{out}");
        assert!(text.contains("envelope     embedded in the page"), "{text}");
    }
    // An HTML page says its disclosure check had nothing to check; other formats carry none.
    let (_, report) = verify_json(&s, &["page.html"]);
    assert_eq!(report["disclosure"]["status"], "notPresent", "{report:#}");
    let (_, report) = verify_json(&s, &["page.md"]);
    assert!(report.get("disclosure").is_none(), "{report:#}");
}

#[test]
fn a_sidecar_or_envelope_flag_wins_over_the_embedded_one() {
    let s = scratch();
    signed_page(&s, &[]);
    // A second record for the same page, with other metadata: whichever is used is named.
    sign(
        &s,
        "article.html",
        "other.json",
        &["--reviewer", "Chen Jing"],
    );
    let (exit, report) = verify_json(&s, &["page.html", "--envelope", "other.json"]);
    crate::util::assert_verified(exit, &report, "--envelope");
    assert!(report.get("envelopeSource").is_none(), "a file: {report:#}");
    assert_eq!(report["envelope"], "other.json");
    fs::copy(s.path("other.json"), s.path("page.html.tprov.json")).unwrap();
    let (exit, text, _) = verify(&s, &["page.html"]);
    assert_eq!(exit, 0, "{text}");
    assert!(text.contains("envelope     page.html.tprov.json"), "{text}");
    assert!(text.contains("Chen Jing"), "the sidecar's record: {text}");
}

#[test]
fn two_different_embedded_envelopes_verify_neither() {
    let s = scratch();
    signed_page(&s, &[]);
    sign(
        &s,
        "article.html",
        "other.json",
        &["--reviewer", "Chen Jing"],
    );
    let other = fs::read_to_string(s.path("other.json")).unwrap();
    let script = format!("<script type=\"application/vnd.dsse.envelope.v1+json\">{other}</script>");
    fs::write(s.path("two.html"), with_head(&s, "page.html", &script)).unwrap();
    let (exit, text, err) = verify(&s, &["two.html"]);
    assert_eq!(exit, 1, "{text}{err}");
    assert!(text.contains("2 different envelopes"), "{text}");
    assert!(err.contains("envelope check failed"), "{err}");
    // The same envelope twice is one envelope.
    let same = fs::read_to_string(s.path("article.html.json")).unwrap();
    let script = format!("<script type=\"application/vnd.dsse.envelope.v1+json\">{same}</script>");
    fs::write(s.path("twice.html"), with_head(&s, "page.html", &script)).unwrap();
    assert_eq!(verify(&s, &["twice.html"]).0, 0);
}

#[test]
fn broken_embedded_envelopes_fail_with_the_reason() {
    let s = scratch();
    fs::copy(s.path("article.html"), s.path("bare.html")).unwrap();
    let huge = format!("{{\"x\":\"{}\"}}", "a".repeat(4 * 1024 * 1024 + 1));
    for (case, content, phrase) in [
        (
            "malformed",
            r#"{"payload": 5, "signatures": []}"#,
            "malformed",
        ),
        ("not JSON", "var tracker = 1;", "not JSON"),
        ("too large", huge.as_str(), "4194304-byte limit"),
    ] {
        let script = format!(
            "<script id=\"tprov-envelope\" type=\"application/vnd.dsse.envelope.v1+json\">{content}</script>"
        );
        fs::write(s.path("broken.html"), with_head(&s, "bare.html", &script)).unwrap();
        let (exit, text, err) = verify(&s, &["broken.html"]);
        assert_eq!(exit, 1, "{case}: {err}");
        assert!(text.contains(phrase), "{case}: {text}");
        assert!(
            err.contains("NOT VERIFIED: envelope check failed"),
            "{case}: {err}"
        );
    }
}

#[test]
fn a_page_without_any_envelope_says_what_to_give() {
    let s = scratch();
    let (exit, _, err) = verify(&s, &["article.html"]);
    assert_eq!(exit, 2, "{err}");
    assert!(err.contains("no envelope next to article.html"), "{err}");
    assert!(err.contains("give --envelope FILE"), "{err}");
    let link = "<link rel=\"http://www.w3.org/ns/prov#has_provenance\" href=\"https://news.example/a.json\">";
    fs::write(s.path("linked.html"), with_head(&s, "article.html", link)).unwrap();
    let (exit, _, err) = verify(&s, &["linked.html"]);
    assert_eq!(exit, 2, "{err}");
    assert!(err.contains("https://news.example/a.json"), "{err}");
}

/// Signs a UTF-8 page holding `body`, then writes it in `encoding` with a `<meta charset>` and
/// the envelope embedded: the reader's page in a legacy charset.
fn legacy_page(s: &Scratch, body: &str, encoding: &'static encoding_rs::Encoding) -> Vec<u8> {
    let utf8 = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>t</title></head><body><article>{body}</article></body></html>"
    );
    fs::write(s.path("utf8.html"), &utf8).unwrap();
    sign(s, "utf8.html", "utf8.html.json", &[]);
    let declared = utf8.replace("utf-8", encoding.name());
    let (bytes, _, unmappable) = encoding.encode(&declared);
    assert!(!unmappable, "{} holds the text", encoding.name());
    assert!(std::str::from_utf8(&bytes).is_err(), "really not UTF-8");
    fs::write(s.path("legacy.html"), &bytes).unwrap();
    embed(s, "legacy.html", "utf8.html.json", "legacy.html", &[]);
    fs::read(s.path("legacy.html")).unwrap()
}

#[test]
fn pages_in_a_declared_legacy_charset_verify_by_their_text() {
    let s = scratch();
    for (encoding, body) in [
        (
            encoding_rs::WINDOWS_1252,
            "<p>Caf\u{e9} cr\u{e8}me, na\u{ef}ve r\u{e9}sum\u{e9}.</p>",
        ),
        (
            encoding_rs::SHIFT_JIS,
            "<p>\u{65e5}\u{672c}\u{8a9e}\u{306e}\u{8a18}\u{4e8b}\u{3067}\u{3059}\u{3002}</p>",
        ),
    ] {
        legacy_page(&s, body, encoding);
        let (exit, report) = verify_json(&s, &["legacy.html"]);
        crate::util::assert_verified(exit, &report, encoding.name());
        assert_eq!(report["match"], "text", "{report:#}");
    }
    // A changed word in the legacy page is still found.
    let page = legacy_page(
        &s,
        "<p>Caf\u{e9} cr\u{e8}me.</p>",
        encoding_rs::WINDOWS_1252,
    );
    let changed: Vec<u8> = page
        .windows(4)
        .position(|w| w == b"cr\xe8m")
        .map(|at| [&page[..at], b"br\xfbl", &page[at + 4..]].concat())
        .unwrap();
    fs::write(s.path("legacy.html"), changed).unwrap();
    assert_eq!(verify(&s, &["legacy.html"]).0, 1);
}

#[test]
fn a_page_in_no_declared_charset_is_refused_clearly() {
    let s = scratch();
    let page = legacy_page(&s, "<p>Caf\u{e9}.</p>", encoding_rs::WINDOWS_1252);
    let text = encoding_rs::WINDOWS_1252
        .decode(&page)
        .0
        .replace("<meta charset=\"windows-1252\">", "");
    let (bytes, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
    fs::write(s.path("undeclared.html"), &bytes).unwrap();
    let (exit, _, err) = verify(&s, &["undeclared.html"]);
    assert_eq!(exit, 2, "{err}");
    assert!(err.contains("declares no charset"), "{err}");
}

/// The page's disclosure element with its text replaced by `text`.
fn with_disclosure_text(s: &Scratch, page: &str, text: &str) -> String {
    let html = fs::read_to_string(s.path(page)).unwrap();
    let element = html.find("data-tprov-disclosure").expect("a disclosure");
    let open_end = element + html[element..].find('>').unwrap() + 1;
    let close = open_end + html[open_end..].find("</p>").unwrap();
    format!("{}{text}{}", &html[..open_end], &html[close..])
}

#[test]
fn a_disclosure_that_agrees_with_the_record_passes() {
    let s = scratch();
    signed_page(&s, &["--disclosure"]);
    let (exit, report) = verify_json(&s, &["page.html"]);
    crate::util::assert_verified(exit, &report, "disclosure");
    assert_eq!(report["disclosure"]["status"], "generated", "{report:#}");
    assert_eq!(report["disclosure"]["elements"][0]["language"], "en");
    let disclosure = crate::util::check(&report, "disclosure", "disclosure");
    assert_eq!(disclosure["outcome"], "passed");
    // A hand-written line that claims nothing false passes too, more weakly.
    let page = with_disclosure_text(
        &s,
        "page.html",
        "Machine-translated, then post-edited by Li Wei.",
    );
    fs::write(s.path("own.html"), page).unwrap();
    let (exit, report) = verify_json(&s, &["own.html"]);
    crate::util::assert_verified(exit, &report, "own words");
    assert_eq!(report["disclosure"]["status"], "consistent", "{report:#}");
}

#[test]
fn a_disclosure_claiming_a_human_translated_a_machine_translation_fails() {
    let s = scratch();
    signed_page(&s, &["--disclosure"]);
    let page = with_disclosure_text(
        &s,
        "page.html",
        "Translated by a human translator. Translator: Jane \u{1b}[2JDoe.",
    );
    fs::write(s.path("false.html"), page).unwrap();
    let (exit, text, err) = verify(&s, &["false.html"]);
    assert_eq!(exit, 1, "{text}{err}");
    assert!(
        err.contains("NOT VERIFIED: disclosure check failed"),
        "{err}"
    );
    assert!(
        text.contains("page claims  how it was translated: human translator"),
        "{text}"
    );
    assert!(text.contains("record says  machine translation"), "{text}");
    assert!(
        text.contains("the translator: Jane \\u{1b}[2JDoe"),
        "escaped: {text}"
    );
    assert!(
        !text.contains('\u{1b}') && !err.contains('\u{1b}'),
        "{text}{err}"
    );
    let (exit, report) = verify_json(&s, &["false.html"]);
    assert_eq!(exit, 1);
    assert_eq!(report["verified"], false);
    assert!(
        report["record"].is_null(),
        "no record in a report that did not verify"
    );
    assert_eq!(report["disclosure"]["status"], "contradicted");
    let claims = &report["disclosure"]["elements"][0]["contradictions"];
    assert_eq!(claims[0]["claim"], "method", "{report:#}");
    assert_eq!(claims[0]["page"], "human translator");
    assert_eq!(claims[1]["claim"], "translationPerson", "{report:#}");
    assert_eq!(claims[1]["record"], "ExampleMT");
    insta::assert_snapshot!("verify_page_false_disclosure", text);
}

#[test]
fn a_disclosure_is_never_judged_against_a_record_that_did_not_verify() {
    let s = scratch();
    signed_page(&s, &["--disclosure"]);
    let page = with_disclosure_text(&s, "page.html", "Translated by a human translator.");
    fs::write(s.path("false.html"), page).unwrap();
    let output = s
        .tprov()
        .args([
            "verify",
            "false.html",
            "--pubkey",
            "translator.pub",
            "--json",
        ])
        .output()
        .unwrap();
    assert_eq!(code(&output), 1);
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        crate::util::failed_check(&report).as_deref(),
        Some("signature")
    );
    assert_eq!(report["disclosure"]["status"], "notChecked", "{report:#}");
    let disclosure = crate::util::check(&report, "disclosure", "unverified");
    assert_eq!(disclosure["outcome"], "skipped");
}

#[test]
fn a_changed_page_is_diagnosed() {
    let s = scratch();
    signed_page(&s, &[]);
    let page = fs::read_to_string(s.path("page.html"))
        .unwrap()
        .replace("rarely know", "always know");
    fs::write(s.path("page.html"), page).unwrap();
    let (exit, text, _) = verify(&s, &["page.html"]);
    assert_eq!(exit, 1, "{text}");
    assert!(text.contains("changed"), "{text}");
    assert!(text.contains("always know"), "{text}");
}

#[test]
fn a_page_verified_with_its_sidecar_has_its_disclosure_checked_too() {
    let s = scratch();
    signed_page(&s, &["--disclosure"]);
    let page = with_disclosure_text(&s, "page.html", "Translated by a human translator.");
    fs::write(s.path("false.html"), page).unwrap();
    fs::copy(s.path("article.html.json"), s.path("false.html.tprov.json")).unwrap();
    let (exit, report) = verify_json(&s, &["false.html"]);
    assert_eq!(exit, 1, "{report:#}");
    assert_eq!(
        crate::util::failed_check(&report).as_deref(),
        Some("disclosure")
    );
    assert_eq!(report["envelope"], "false.html.tprov.json");
}
