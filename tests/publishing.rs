//! The publishing commands: `tprov embed`, `tprov disclose`, `tprov sign --embed`.

use std::fs;

use tprov::publish::disclose::Language;
use tprov::publish::disclose::check::{Outcome, check_disclosure};
use tprov::publish::embed::{DocumentFormat, extract, strip};
use tprov::text::{CanonicalText, TextFormat};

use crate::util::{Scratch, code, out_err, sample_sign_args};

/// A scratch folder with the publishing fixtures beside the samples.
fn scratch() -> Scratch {
    let s = Scratch::new();
    let fixtures = crate::util::root().join("tests/fixtures/publish");
    for name in ["article.html", "article.md", "article.txt"] {
        fs::copy(fixtures.join(name), s.path(name)).unwrap();
    }
    s
}

/// Signs `document` with the sample metadata (plus `extra` flags), writing DOC.tprov.json.
fn sign(s: &Scratch, document: &str, extra: &[&str]) -> String {
    let output = s
        .tprov()
        .args(sample_sign_args(document))
        .args(extra)
        .output()
        .unwrap();
    assert_eq!(code(&output), 0, "{:?}", out_err(&output));
    format!("{document}.tprov.json")
}

fn canonical(bytes: &[u8], format: TextFormat) -> String {
    let text = CanonicalText::from_bytes(bytes, format).expect("canonical text");
    text.sha256().to_hex()
}

#[test]
fn embedding_twice_replaces_and_keeps_the_text() {
    let s = scratch();
    let first = sign(&s, "article.html", &[]);
    let original = fs::read(s.path("article.html")).unwrap();
    fs::rename(s.path(&first), s.path("first.json")).unwrap();
    let second = sign(&s, "article.html", &["--reviewer", "Chen Jing"]);
    for envelope in ["first.json", second.as_str()] {
        let output = s
            .tprov()
            .args(["embed", "article.html", "--envelope", envelope, "--force"])
            .output()
            .unwrap();
        assert_eq!(code(&output), 0, "{:?}", out_err(&output));
    }
    let page = fs::read(s.path("article.html")).unwrap();
    let text = String::from_utf8(page.clone()).unwrap();
    assert_eq!(text.matches("id=\"tprov-envelope\"").count(), 1, "{text}");
    let embedded = extract(&page, DocumentFormat::Html)
        .unwrap()
        .envelope
        .unwrap();
    let wanted = tprov::crypto::dsse::Envelope::from_json(&fs::read(s.path(&second)).unwrap());
    assert_eq!(
        embedded.envelope,
        wanted.unwrap(),
        "the second envelope won"
    );
    assert_eq!(strip(&page, DocumentFormat::Html).unwrap(), original);
    assert_eq!(
        canonical(&page, TextFormat::Html),
        canonical(&original, TextFormat::Html)
    );
}

#[test]
fn markdown_and_plain_text_carry_one_block_and_the_same_text() {
    let s = scratch();
    for (name, format, text_format) in [
        ("article.md", DocumentFormat::Markdown, TextFormat::Markdown),
        ("article.txt", DocumentFormat::Plain, TextFormat::Plain),
    ] {
        let envelope = sign(&s, name, &[]);
        let original = fs::read(s.path(name)).unwrap();
        let out = format!("out-{name}");
        for _ in 0..2 {
            s.tprov()
                .args([
                    "embed",
                    name,
                    "--envelope",
                    &envelope,
                    "-o",
                    &out,
                    "--force",
                ])
                .assert()
                .success();
        }
        let page = fs::read(s.path(&out)).unwrap();
        assert!(extract(&page, format).unwrap().envelope.is_some(), "{name}");
        assert_eq!(strip(&page, format).unwrap(), original, "{name}");
        assert_eq!(
            canonical(&page, text_format),
            canonical(&original, text_format),
            "{name}"
        );
        assert_eq!(
            fs::read(s.path(name)).unwrap(),
            original,
            "{name} untouched"
        );
    }
}

#[test]
fn the_disclosure_is_in_the_article_and_says_what_disclose_says() {
    let s = scratch();
    let envelope = sign(&s, "article.html", &[]);
    let link = "https://news.example/article.html.tprov.json";
    s.tprov()
        .args([
            "embed",
            "article.html",
            "--envelope",
            &envelope,
            "-o",
            "page.html",
        ])
        .args(["--disclosure", "--link", link])
        .assert()
        .success();
    let page = fs::read(s.path("page.html")).unwrap();
    let found = extract(&page, DocumentFormat::Html).unwrap();
    assert_eq!(found.provenance_links, vec![link.to_owned()]);
    assert_eq!(found.disclosures.len(), 1);
    let line = s.tprov().args(["disclose", &envelope]).output().unwrap();
    assert_eq!(code(&line), 0);
    let said = String::from_utf8(line.stdout).unwrap();
    assert_eq!(found.disclosures[0].text.trim(), said.trim());
    let record = tprov::record::Statement::from_envelope(
        &tprov::crypto::dsse::Envelope::from_json(&fs::read(s.path(&envelope)).unwrap()).unwrap(),
    )
    .unwrap();
    assert_eq!(
        check_disclosure(&found.disclosures[0], &record, &[]),
        Outcome::Generated(Language::English),
        "verify recognises the line it wrote"
    );
    // Visible: an element of the body, outside any script, template or hidden element.
    let html = scraper::Html::parse_document(std::str::from_utf8(&page).unwrap());
    let visible = scraper::Selector::parse("body [data-tprov-disclosure]").unwrap();
    let element = html.select(&visible).next().expect("disclosure in <body>");
    assert_eq!(element.value().name(), "p");
    assert!(element.value().attr("hidden").is_none());
    for ancestor in element.ancestors().filter_map(scraper::ElementRef::wrap) {
        let name = ancestor.value().name();
        assert!(!["script", "template", "noscript", "head"].contains(&name));
        assert!(ancestor.value().attr("hidden").is_none());
    }
    // And the reader's text still matches the record made before embedding.
    let original = fs::read(s.path("article.html")).unwrap();
    assert_ne!(
        canonical(&page, TextFormat::Html),
        String::new(),
        "canonical text exists"
    );
    assert_eq!(strip(&page, DocumentFormat::Html).unwrap(), original);
}

fn disclose(s: &Scratch, envelope: &str, args: &[&str]) -> String {
    let output = s
        .tprov()
        .arg("disclose")
        .arg(envelope)
        .args(args)
        .output()
        .unwrap();
    assert_eq!(code(&output), 0, "{:?}", out_err(&output));
    String::from_utf8(output.stdout).unwrap()
}

#[test]
fn disclose_snapshots() {
    let s = scratch();
    let envelope = s.sign_sample();
    let envelope = envelope.to_str().unwrap();
    insta::assert_snapshot!("disclose_en_text", disclose(&s, envelope, &[]));
    insta::assert_snapshot!(
        "disclose_zh_text",
        disclose(&s, envelope, &["--lang", "zh"])
    );
    insta::assert_snapshot!(
        "disclose_en_html",
        disclose(&s, envelope, &["--format", "html"])
    );
    insta::assert_snapshot!(
        "disclose_zh_html",
        disclose(&s, envelope, &["--lang", "zh-Hans", "--format", "html"])
    );
    insta::assert_snapshot!(
        "disclose_en_markdown_signed",
        disclose(
            &s,
            envelope,
            &["--format", "markdown", "--signer", "The Example Review"]
        )
    );
}

#[test]
fn sign_embed_writes_the_sidecar_and_keeps_the_text() {
    let s = scratch();
    for (name, format, text_format) in [
        ("article.html", DocumentFormat::Html, TextFormat::Html),
        ("article.md", DocumentFormat::Markdown, TextFormat::Markdown),
        ("article.txt", DocumentFormat::Plain, TextFormat::Plain),
    ] {
        let original = fs::read(s.path(name)).unwrap();
        let sidecar = sign(&s, name, &["--embed"]);
        let page = fs::read(s.path(name)).unwrap();
        let carried = extract(&page, format).unwrap().envelope.expect("embedded");
        assert_eq!(carried.json, {
            let v: serde_json::Value =
                serde_json::from_slice(&fs::read(s.path(&sidecar)).unwrap()).unwrap();
            serde_json::to_vec(&v).unwrap()
        });
        assert_eq!(strip(&page, format).unwrap(), original, "{name}");
        assert_eq!(
            canonical(&page, text_format),
            canonical(&original, text_format)
        );
    }
}

/// A bad input: the exit code, a phrase of the message, and that no file changed.
fn refused(s: &Scratch, args: &[&str], exit: i32, phrase: &str) {
    let before = s.snapshot();
    let output = s.tprov().args(args).output().unwrap();
    let (_, err) = out_err(&output);
    assert_eq!(code(&output), exit, "{args:?}: {err}");
    assert!(err.contains(phrase), "{args:?}: {err:?} lacks {phrase:?}");
    assert_eq!(s.snapshot(), before, "{args:?} changed a file");
}

#[test]
fn bad_inputs_are_refused_and_nothing_is_written() {
    let s = scratch();
    let env = sign(&s, "article.html", &[]);
    let md_env = sign(&s, "article.md", &[]);
    fs::write(s.path("broken.json"), b"{\"payload\": ").unwrap();
    let other = serde_json::json!({"payloadType": "text/plain", "payload": "aGk=",
        "signatures": [{"sig": "AAAA"}]});
    fs::write(s.path("other.json"), other.to_string()).unwrap();
    fs::write(s.path("taken.html"), b"<p>mine</p>").unwrap();
    let e = env.as_str();
    let cases: &[(&[&str], i32, &str)] = &[
        (&["embed", "article.html", "--envelope", e], 2, "--force"),
        (
            &["embed", "missing.html", "--envelope", e, "-o", "x.html"],
            2,
            "missing.html",
        ),
        (
            &[
                "embed",
                "article.html",
                "--envelope",
                "none.json",
                "-o",
                "x.html",
            ],
            2,
            "none.json",
        ),
        (
            &[
                "embed",
                "article.html",
                "--envelope",
                "broken.json",
                "-o",
                "x.html",
            ],
            1,
            "broken.json",
        ),
        (
            &[
                "embed",
                "article.html",
                "--envelope",
                "other.json",
                "-o",
                "x.html",
            ],
            1,
            "not a tprov record",
        ),
        (
            &["embed", "article.html", "--envelope", e, "-o", "taken.html"],
            2,
            "--force",
        ),
        (
            &[
                "embed",
                "article.md",
                "--envelope",
                &md_env,
                "-o",
                "x.md",
                "--disclosure",
            ],
            2,
            "only be embedded in HTML",
        ),
        (
            &[
                "embed",
                "article.html",
                "--envelope",
                e,
                "-o",
                "x.html",
                "--link",
                "javascript:alert(1)",
            ],
            2,
            "http(s)",
        ),
        (
            &[
                "embed",
                "article.html",
                "--envelope",
                e,
                "-o",
                "x.html",
                "--disclosure",
                "--lang",
                "fr",
            ],
            2,
            "fr",
        ),
        (&["disclose", "broken.json"], 1, "broken.json"),
        (&["disclose", "none.json"], 2, "none.json"),
        (&["disclose", e, "--lang", "de"], 2, "de"),
        (&["disclose", e, "--format", "pdf"], 2, "pdf"),
    ];
    for (args, exit, phrase) in cases {
        refused(&s, args, *exit, phrase);
    }
}

#[test]
fn hostile_names_reach_the_terminal_sanitized() {
    let s = scratch();
    let env = sign(&s, "article.html", &["--reviewer", "Eve\u{1b}[2K\u{202e}"]);
    let out = disclose(&s, &env, &[]);
    assert!(
        !out.contains('\u{1b}') && !out.contains('\u{202e}'),
        "{out:?}"
    );
    assert!(out.contains("Eve"), "{out}");
}

#[test]
fn embed_to_standard_output_writes_no_file_and_names_the_signer() {
    let s = scratch();
    let env = sign(&s, "article.html", &[]);
    let before = s.snapshot();
    let output = s
        .tprov()
        .args(["embed", "article.html", "--envelope", &env, "--output", "-"])
        .args([
            "--disclosure",
            "--lang",
            "zh",
            "--signer",
            "The Example Review",
        ])
        .args(["--link", "article.html.tprov.json"])
        .output()
        .unwrap();
    assert_eq!(code(&output), 0, "{:?}", out_err(&output));
    assert_eq!(s.snapshot(), before, "standard output only");
    let found = extract(&output.stdout, DocumentFormat::Html).unwrap();
    assert!(found.envelope.is_some());
    assert_eq!(
        found.provenance_links,
        vec!["article.html.tprov.json".to_owned()]
    );
    let line = &found.disclosures[0];
    assert_eq!(line.lang.as_deref(), Some("zh-Hans"));
    assert!(
        line.text.contains("签署者：The Example Review"),
        "{}",
        line.text
    );
}

#[test]
fn sign_embed_refusing_the_sidecar_leaves_the_document_alone() {
    let s = scratch();
    sign(&s, "article.md", &[]);
    let mut args = sample_sign_args("article.md");
    args.push("--embed".into());
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    refused(&s, &args, 2, "--force");
}
