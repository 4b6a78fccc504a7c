//! The newsroom's page — exactly what `examples/publish_page.rs` and the walkthrough publish — in
//! a real browser (issue 12 item 4): headless Chromium shows the disclosure, and the article's
//! text as the browser gives it (`innerText`) verifies by text against the envelope the page
//! carries; with one word changed in the page, it does not. Without a browser, the examples'
//! reader (`newsroom_site::read_page`) verifies the page and its disclosure, and not a changed one.
//!
//! The page is opened with a probe script appended to its `<body>` (outside the article, and a
//! script is never part of the text), which replaces the document with what it measured, as
//! base64 of UTF-8 JSON, for `--dump-dom` to hand back.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;
use tprov::publish::embed::{DocumentFormat, extract};

use crate::browser;
use crate::util::{Scratch, code, out_err, unb64};

#[allow(dead_code)]
#[path = "../../examples/support/newsroom_site.rs"]
mod newsroom_site;

/// Measures the article and its disclosure as the browser rendered them.
const PROBE: &str = r#"<script>
const article = document.querySelector('article');
const shown = document.querySelector('[data-tprov-disclosure]');
const style = shown && getComputedStyle(shown);
const box = shown && shown.getBoundingClientRect();
const probe = {
  article: article.innerText,
  disclosure: shown && shown.innerText,
  inArticle: !!shown && article.contains(shown),
  display: style && style.display,
  visibility: style && style.visibility,
  opacity: style && style.opacity,
  width: box && box.width,
  height: box && box.height,
  visible: !!shown && shown.checkVisibility({opacityProperty: true, visibilityProperty: true}),
};
const bytes = new TextEncoder().encode(JSON.stringify(probe));
let binary = '';
for (const b of bytes) binary += String.fromCharCode(b);
document.body.textContent = 'BEGIN' + btoa(binary) + 'END';
</script>"#;

/// The sample article signed with the newsroom key and published into `public/` by the
/// examples' own code; returns the scratch folder and the page.
fn published() -> (Scratch, PathBuf) {
    let scratch = Scratch::new();
    let key = tprov::SecretKey::load(&scratch.path("newsroom.key")).unwrap();
    let article = scratch.path("commentary.en.md");
    let (_, envelope) =
        newsroom_site::sign_article(&key, &article, &scratch.path("commentary.zh.md")).unwrap();
    let site = newsroom_site::publish(&article, &envelope, &scratch.path("public")).unwrap();
    (scratch, site.page)
}

/// Opens `page` (with the probe appended to its body) in headless Chromium and returns what the
/// probe measured.
fn probe(chromium: &Path, page: &Path) -> Value {
    let html = fs::read_to_string(page).unwrap();
    let settings = lol_html::RewriteStrSettings::new().append_element_content_handler(
        lol_html::element!("body", |el| {
            el.append(PROBE, lol_html::html_content::ContentType::Html);
            Ok(())
        }),
    );
    let probed = lol_html::rewrite_str(&html, settings).unwrap();
    let at = page.with_extension("probed.html");
    fs::write(&at, probed).unwrap();
    let dom = browser::dump_dom(chromium, &at);
    let start = dom.find("BEGIN").expect("the probe ran") + "BEGIN".len();
    let end = dom[start..].find("END").expect("the probe's output ends") + start;
    serde_json::from_slice(&unb64(&dom[start..end])).expect("the probe wrote JSON")
}

/// The text a reader copies from the article: its `innerText` without the disclosure line,
/// which is a label about the text, not part of it (canonical text v1 leaves it out).
fn copied_text(probe: &Value) -> String {
    let article = probe["article"].as_str().expect("the article's innerText");
    let disclosure = probe["disclosure"]
        .as_str()
        .expect("the disclosure's innerText");
    article
        .trim_end()
        .strip_suffix(disclosure.trim())
        .unwrap_or_else(|| panic!("the disclosure ends the article: {probe:#}"))
        .to_owned()
}

/// Writes `copy` and the envelope taken out of `page` into the scratch folder and runs
/// `tprov verify copy.txt --envelope page-envelope.json --pubkey newsroom.pub --json`.
fn verify_copy(scratch: &Scratch, page: &Path, copy: &str) -> (i32, Value, String) {
    let found = extract(&fs::read(page).unwrap(), DocumentFormat::Html).unwrap();
    let envelope = found.envelope.expect("the page carries an envelope");
    fs::write(scratch.path("page-envelope.json"), &envelope.json).unwrap();
    fs::write(scratch.path("copy.txt"), copy).unwrap();
    let output = scratch
        .tprov()
        .args(["verify", "copy.txt", "--envelope", "page-envelope.json"])
        .args(["--pubkey", "newsroom.pub", "--json"])
        .output()
        .unwrap();
    let (stdout, stderr) = out_err(&output);
    let report = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("a JSON report ({e}): {stdout:?}; stderr: {stderr:?}"));
    (code(&output), report, stderr)
}

#[test]
fn the_published_pages_disclosure_is_visible_and_its_copied_text_verifies() {
    let Some(chromium) =
        browser::chromium("the_published_pages_disclosure_is_visible_and_its_copied_text_verifies")
    else {
        return;
    };
    let (scratch, page) = published();
    let seen = probe(&chromium, &page);

    // The disclosure is rendered: in the article, laid out with a size, not hidden by style.
    let disclosure = seen["disclosure"].as_str().unwrap_or_default();
    assert!(
        disclosure.contains("ExampleMT") && disclosure.contains("Li Wei"),
        "the disclosure names the engine and the post-editor: {seen:#}"
    );
    assert_eq!(seen["inArticle"], true, "{seen:#}");
    assert_ne!(seen["display"], "none", "{seen:#}");
    assert_eq!(seen["visibility"], "visible", "{seen:#}");
    assert_ne!(seen["opacity"], "0", "{seen:#}");
    let size = |k: &str| seen[k].as_f64().unwrap_or(0.0);
    assert!(size("width") > 0.0 && size("height") > 0.0, "{seen:#}");
    assert_eq!(seen["visible"], true, "checkVisibility(): {seen:#}");

    // The article's words, as the browser gives them, are the signed words.
    let copy = copied_text(&seen);
    assert!(copy.contains("right to know"), "{copy}");
    let (exit, report, stderr) = verify_copy(&scratch, &page, &copy);
    assert_eq!(exit, 0, "{copy:?}: {report:#} {stderr}");
    assert_eq!(report["verified"], true, "{report:#}");
    assert_eq!(report["match"], "text", "{report:#}");

    // A reader who copies the whole article copies the disclosure line too: the sentence tprov
    // writes from this very record, so the copy still verifies by text, saying so.
    let whole = seen["article"].as_str().unwrap();
    let (exit, report, stderr) = verify_copy(&scratch, &page, whole);
    assert_eq!(exit, 0, "{whole:?}: {report:#} {stderr}");
    assert_eq!(report["match"], "text", "{report:#}");
    let notes = report["notes"].to_string();
    assert!(
        notes.contains("also carries the disclosure line"),
        "{report:#}"
    );

    // Any other added line is not the signed text: not verified, and the diagnosis says every
    // signed sentence is there unchanged and names the addition.
    let added = format!("{whole}\nShared from the Example Review app.");
    let (exit, report, stderr) = verify_copy(&scratch, &page, &added);
    assert_eq!(exit, 1, "{added:?}: {report:#} {stderr}");
    let diagnosis = &report["diagnosis"];
    assert_eq!(diagnosis["signedSentences"], 7, "{report:#}");
    assert_eq!(diagnosis["unchanged"], 7, "{report:#}");
}

#[test]
fn a_word_changed_in_the_published_page_makes_the_copied_text_fail() {
    let Some(chromium) =
        browser::chromium("a_word_changed_in_the_published_page_makes_the_copied_text_fail")
    else {
        return;
    };
    let (scratch, page) = published();
    let html = fs::read_to_string(&page).unwrap();
    let changed = html.replacen("a dozen", "two dozen", 1);
    assert_ne!(changed, html, "the sample article says \"a dozen\"");
    let tampered = scratch.path("public/tampered.html");
    fs::write(&tampered, changed).unwrap();
    let seen = probe(&chromium, &tampered);

    let copy = copied_text(&seen);
    assert!(copy.contains("two dozen"), "{copy}");
    let (exit, report, stderr) = verify_copy(&scratch, &tampered, &copy);
    assert_eq!(exit, 1, "{copy:?}: {report:#} {stderr}");
    assert_eq!(report["verified"], false, "{report:#}");
    assert_eq!(report["match"], "none", "{report:#}");
}

/// What the examples' reader prints for `page`, the scratch folder's path replaced.
fn reader_sees(scratch: &Scratch, page: &Path) -> (bool, String) {
    let mut trust = tprov::TrustStore::new();
    let key = tprov::PublicKey::load(&scratch.path("newsroom.pub")).unwrap();
    trust.add("newsroom", key, "newsroom.pub");
    let policy = tprov::verify::policy::Policy::new();
    let view = newsroom_site::read_page(page, &trust, &policy).unwrap();
    let prefix = format!("{}/", scratch.dir.path().display());
    let lines = newsroom_site::describe(&view).unwrap().join("\n");
    (view.report.verified, lines.replace(&prefix, "[scratch]/"))
}

#[test]
fn the_examples_reader_verifies_the_page_by_its_words_and_its_disclosure() {
    let (scratch, page) = published();
    let (verified, seen) = reader_sees(&scratch, &page);
    // The example's own lines are pinned; the report between them is the verify renderer's,
    // pinned by its own tests, so only its verdict and its text-match line are checked here.
    assert!(verified, "{seen}");
    let lines: Vec<&str> = seen.lines().collect();
    assert_eq!(
        lines[..2],
        [
            "the page carries an envelope with 1 signature and links to https://news.example/commentary.en.md.tprov.json",
            "VERIFIED  [scratch]/public/commentary.en.html",
        ],
        "{seen}"
    );
    assert!(seen.contains("pass  document    text match:"), "{seen}");
    assert!(
        seen.contains(
            "pass  disclosure  the page's disclosure is the one tprov writes from the signed record"
        ),
        "{seen}"
    );
    assert_eq!(
        lines[lines.len() - 1],
        "disclosure shown in the article: \"Machine-translated from Chinese into English by ExampleMT 4.2 (model example-nmt-2026), post-edited by Li Wei and edited by Maria Rossi. Original “机器翻译时代的新闻责任” by 王芳, published by 示例日报 on 20 November 2026: https://example.cn/commentary/2026-11-20. Published by The Example Review.\"",
        "{seen}"
    );

    let html = fs::read_to_string(&page).unwrap();
    let tampered = scratch.path("public/tampered.html");
    fs::write(&tampered, html.replacen("a dozen", "two dozen", 1)).unwrap();
    let (verified, seen) = reader_sees(&scratch, &tampered);
    assert!(!verified, "{seen}");
    assert!(
        seen.contains("skip  disclosure  not checked: the document check failed"),
        "{seen}"
    );
    assert!(
        seen.contains("NOT VERIFIED  [scratch]/public/tampered.html: the document check failed"),
        "{seen}"
    );
    assert!(
        seen.contains("(now \"When a commentary is translated into two dozen languages"),
        "{seen}"
    );
    assert!(
        seen.lines()
            .last()
            .unwrap_or_default()
            .starts_with("disclosure shown in the article: \"Machine-translated"),
        "{seen}"
    );
}

#[test]
fn the_readme_embed_command_makes_the_examples_page() {
    // Embedding again replaces: the command the README gives, run on the example's page, writes
    // the same bytes, so the example and the command line publish the same page.
    let (scratch, page) = published();
    let output = scratch
        .tprov()
        .args(["embed", "public/commentary.en.html"])
        .args([
            "--envelope",
            "public/commentary.en.md.tprov.json",
            "--disclosure",
        ])
        .args([
            "--link",
            newsroom_site::ENVELOPE_URL,
            "--output",
            "again.html",
        ])
        .output()
        .unwrap();
    assert_eq!(code(&output), 0, "{output:?}");
    assert!(
        fs::read(scratch.path("again.html")).unwrap() == fs::read(&page).unwrap(),
        "tprov embed wrote another page than the example"
    );
}
