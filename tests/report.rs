//! The editor's report: moves, terminology, the paragraph view and the HTML report (also
//! checked in a headless browser).

use std::path::{Path, PathBuf};

use crate::browser;
use crate::util::{code, out_err, tprov};

/// The sample pair: a sentence moved to another paragraph, a term fixed consistently, a
/// paragraph break added, and hostile text (`<script>`, `</td>`, quotes).
fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/report")
        .join(name)
}

fn diff(extra: &[&str]) -> (i32, String) {
    let out = tprov()
        .arg("diff")
        .arg(fixture("old.md"))
        .arg(fixture("new.md"))
        .args(extra)
        .output()
        .unwrap();
    (code(&out), out_err(&out).0)
}

#[test]
fn moves_terminology_and_paragraph_breaks_in_the_text_views() {
    let (status, text) = diff(&["--stats", "--color", "never"]);
    assert_eq!(status, 1);
    assert!(
        text.contains("{~The minister said the new service would cut travel times by a third.~}(moved from ¶2 to ¶4)"),
        "{text}"
    );
    assert!(text.contains("[~The minister said"), "{text}");
    assert!(
        text.contains("timetable.{+¶+}"),
        "a paragraph break added is shown: {text}"
    );
    assert!(
        text.contains("moved              1 sentence moved, 14 tokens"),
        "{text}"
    );
    assert!(
        text.contains("terminology        Rednote → RedNote  ×2"),
        "{text}"
    );
    assert!(text.contains("sigh wall → Wall of Sighs  ×2"), "{text}");
    assert!(
        text.contains("paragraph breaks   1 added, 0 removed"),
        "{text}"
    );
    let (_, side) = diff(&["--format", "side-by-side", "--width", "120"]);
    assert!(
        side.contains("(moved from ¶2 to ¶4)") && side.contains("{+¶+}"),
        "{side}"
    );
}

#[test]
fn json_has_move_ops_terminology_and_paragraphs() {
    let (_, text) = diff(&["--format", "json", "--paragraphs"]);
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let m = &json["diff"]["moves"][0];
    assert_eq!(m["op"], "move", "{m}");
    assert_eq!(
        (&m["old"]["paragraph"], &m["new"]["paragraph"]),
        (&1.into(), &3.into()),
        "{m}"
    );
    assert_eq!(m["sentence"], true);
    assert!(m["old"]["byteStart"].as_u64() < m["old"]["byteEnd"].as_u64());
    let terms = &json["diff"]["terminology"];
    assert_eq!(
        terms[0],
        serde_json::json!({"old": "Rednote", "new": "RedNote", "count": 2})
    );
    let rows = json["diff"]["paragraphs"].as_array().unwrap();
    assert_eq!(rows.last().unwrap()["change"], "split", "{rows:?}");
    assert_eq!(
        rows.last().unwrap()["new"],
        serde_json::json!({"start": 4, "end": 6})
    );
    assert_eq!(json["diff"]["stats"]["paragraphBreaksAdded"], 1);
}

#[test]
fn paragraph_view_is_a_table() {
    let (_, text) = diff(&["--paragraphs", "--color", "never"]);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("old ¶    new ¶"), "{text}");
    assert!(lines[1].starts_with("1        1 "), "{text}");
    assert!(lines.last().unwrap().ends_with("split"), "{text}");
    assert!(
        !text.contains("@@"),
        "the table replaces the changes: {text}"
    );
}

/// The report: one page, nothing loaded from elsewhere, no script, everything escaped.
fn report() -> String {
    let (status, html) = diff(&["--format", "html", "--stats", "--paragraphs"]);
    assert_eq!(status, 1);
    html
}

#[test]
fn html_report_is_self_contained_and_escapes_hostile_text() {
    let html = report();
    assert!(
        html.starts_with("<!DOCTYPE html>") && html.contains("<style>"),
        "{html}"
    );
    let lower = html.to_lowercase();
    assert!(
        !lower.contains("<script"),
        "no script, and hostile text is not markup"
    );
    for external in ["src=", "href=\"http", "@import", "url("] {
        assert!(
            !lower.contains(external),
            "nothing loaded from elsewhere ({external})"
        );
    }
    assert!(
        html.contains("&lt;script&gt;alert(&#39;pwned&#39;)&lt;/script&gt;"),
        "shown as text"
    );
    assert!(
        html.contains("&lt;/td&gt; &amp; &quot;quotes&quot; too."),
        "shown as text"
    );
    assert!(html.contains("prefers-color-scheme: dark") && html.contains("@media print"));
    assert!(html.contains("class=\"move move-to\""), "{html}");
    assert!(html.contains("<del class=\"del\"><span class=\"vh\">deleted: </span>Rednote</del>"));
    assert!(html.contains("<td><del class=\"del\">sigh wall</del></td><td><ins class=\"ins\">Wall of Sighs</ins></td><td class=\"num\">2</td>"));
    assert!(html.contains("¶ added"));
    assert!(html.contains("<section id=\"paragraphs\">"));
}

#[test]
fn html_report_checked_in_a_headless_browser() {
    let Some(chromium) = browser::chromium("html_report_checked_in_a_headless_browser") else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    std::fs::write(&page, report()).unwrap();
    let dom = browser::dump_dom(&chromium, &page);
    // The moved sentence is marked as a move at its new place, with its label.
    let at = dom
        .find("class=\"move move-to\"")
        .expect("a move in the DOM");
    let tail = &dom[at..];
    assert!(
        tail.find("The minister said the new service") < tail.find("moved from ¶2 to ¶4"),
        "{tail}"
    );
    // The hostile strings are text: no element was made of them, no script ran.
    assert!(
        dom.contains("&lt;script&gt;alert('pwned')&lt;/script&gt;"),
        "{dom}"
    );
    assert!(dom.contains("&lt;/td&gt; &amp; \"quotes\" too."), "{dom}");
    assert!(!dom.to_lowercase().contains("<script"), "{dom}");
    let png = dir.path().join("report.png");
    browser::screenshot(&chromium, &page, &png, 1100, 1500);
}

#[test]
fn html_report_escapes_hostile_record_fields() {
    use crate::util::{Scratch, sample_sign_args};
    let scratch = Scratch::new();
    let hostile = "<script>alert(1)</script></td>\" onmouseover=\"x";
    for doc in ["commentary.en.mt.md", "commentary.en.md"] {
        let args: Vec<String> = sample_sign_args(doc)
            .into_iter()
            .map(|a| if a == "Li Wei" { hostile.to_owned() } else { a })
            .collect();
        scratch.tprov().args(&args).assert().success();
    }
    let out = scratch
        .tprov()
        .args([
            "diff",
            "commentary.en.mt.md",
            "commentary.en.md",
            "--format",
            "html",
        ])
        .args(["--pubkey", "newsroom.pub"])
        .output()
        .unwrap();
    let html = out_err(&out).0;
    assert!(html.contains("<section id=\"records\">"), "{html}");
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;/script&gt;&lt;/td&gt;&quot; onmouseover=&quot;x"),
        "{html}"
    );
    assert!(!html.to_lowercase().contains("<script"), "{html}");
    assert!(html.contains("✔ verified"), "both records verified: {html}");
}
