//! Embedding: HTML, Markdown, plain text; replacing; the text left alone; bad input.

use scraper::{ElementRef, Html, Node, Selector};
use tprov::publish::disclose::{DiscloseOptions, Language, disclosure_html};
use tprov::publish::embed::{
    DocumentFormat, ENVELOPE_MEDIA_TYPE, EmbedError, EmbedOptions, embed, extract, strip,
};

use super::{envelope, fixture, full_newsroom, machine_only, undisclosed_engine};

const LINK: &str = "https://news.example/2026/ai.html.tprov.json";

/// The text nodes under the article root, as a browser's tree has them, leaving out tprov's
/// disclosure element (which the canonical text leaves out too).
fn article_text(page: &[u8]) -> Vec<String> {
    let document = Html::parse_document(std::str::from_utf8(page).unwrap());
    let root = Selector::parse("article").unwrap();
    let article = document.select(&root).next().expect("an article");
    let mut texts = Vec::new();
    let mut stack = vec![*article];
    while let Some(node) = stack.pop() {
        if let Some(el) = ElementRef::wrap(node) {
            if el.value().attr("data-tprov-disclosure").is_some() {
                continue;
            }
        }
        if let Node::Text(text) = node.value() {
            texts.push(text.to_string());
        }
        let children: Vec<_> = node.children().collect();
        stack.extend(children.into_iter().rev());
    }
    texts
}

fn count(haystack: &[u8], needle: &str) -> usize {
    String::from_utf8_lossy(haystack).matches(needle).count()
}

#[test]
fn html_round_trip_with_link_and_disclosure() {
    let page = fixture("article.html");
    let statement = full_newsroom();
    let json = envelope(&statement);
    let signers = vec!["Example News".to_owned()];
    let disclosure = disclosure_html(
        &statement,
        &DiscloseOptions {
            language: Language::English,
            signers: &signers,
            provenance_link: Some(LINK),
        },
    );
    let options = EmbedOptions {
        provenance_link: Some(LINK),
        disclosure: Some(&disclosure),
    };
    let embedded = embed(&page, DocumentFormat::Html, &json, &options).unwrap();
    let found = extract(&embedded, DocumentFormat::Html).unwrap();
    let carried = found.envelope.expect("the envelope is found");
    assert_eq!(
        carried.envelope,
        tprov::Envelope::from_json(&json).unwrap(),
        "the same envelope comes back"
    );
    assert_eq!(found.provenance_links, vec![LINK.to_owned()]);
    assert_eq!(found.disclosures.len(), 1);
    let shown = &found.disclosures[0];
    assert!(
        shown.text.starts_with(
            "Machine-translated from Simplified Chinese into English by ExampleMT 2.1"
        ),
        "{}",
        shown.text
    );
    assert_eq!(shown.attribute("its-tool"), Some("ExampleMT"));
    assert_eq!(shown.attribute("its-rev-person"), Some("Li Wei, Zhang Min"));
    assert_eq!(shown.attribute("its-prov-ref"), Some(LINK));
    assert_eq!(shown.lang.as_deref(), Some("en"));
    // Where things went: the envelope in <head>, the disclosure at the end of <article>.
    let text = String::from_utf8(embedded.clone()).unwrap();
    let script_at = text.find(ENVELOPE_MEDIA_TYPE).unwrap();
    assert!(
        script_at < text.find("</head>").unwrap()
            && script_at > text.find("<meta charset").unwrap()
    );
    let disclosure_at = text.find("data-tprov-disclosure").unwrap();
    assert!(
        disclosure_at > text.find("第二段落").unwrap()
            && disclosure_at < text.find("</article>").unwrap()
    );
    // The article's text nodes are exactly as they were.
    assert_eq!(article_text(&embedded), article_text(&page));
}

#[test]
fn embedding_again_replaces_and_strip_restores_the_exact_bytes() {
    let page = fixture("article.html");
    let first = envelope(&machine_only());
    let second = envelope(&full_newsroom());
    let disclosure = disclosure_html(&full_newsroom(), &DiscloseOptions::default());
    let options = EmbedOptions {
        provenance_link: Some(LINK),
        disclosure: Some(&disclosure),
    };
    let once = embed(&page, DocumentFormat::Html, &first, &options).unwrap();
    let twice = embed(&once, DocumentFormat::Html, &second, &options).unwrap();
    assert_eq!(count(&twice, "tprov-envelope"), 1, "never duplicated");
    assert_eq!(count(&twice, "has_provenance"), 1);
    assert_eq!(count(&twice, "data-tprov-disclosure"), 1);
    assert_eq!(
        twice,
        embed(&page, DocumentFormat::Html, &second, &options).unwrap()
    );
    let found = extract(&twice, DocumentFormat::Html)
        .unwrap()
        .envelope
        .unwrap();
    assert_eq!(found.envelope, tprov::Envelope::from_json(&second).unwrap());
    assert_eq!(
        strip(&twice, DocumentFormat::Html).unwrap(),
        page,
        "byte for byte"
    );
    // Without a link or disclosure this time, the old ones go too: nothing stale stays.
    let bare = embed(
        &twice,
        DocumentFormat::Html,
        &first,
        &EmbedOptions::default(),
    )
    .unwrap();
    assert_eq!(
        count(&bare, "has_provenance") + count(&bare, "data-tprov-disclosure"),
        0
    );
}

#[test]
fn an_envelope_cannot_close_its_script() {
    let page = fixture("article.html");
    let mut value: serde_json::Value = serde_json::from_slice(&envelope(&machine_only())).unwrap();
    value["note"] = serde_json::Value::from("</script><!--<script> --> <p>injected</p>");
    let json = serde_json::to_vec(&value).unwrap();
    let embedded = embed(&page, DocumentFormat::Html, &json, &EmbedOptions::default()).unwrap();
    assert_eq!(count(&embedded, "injected"), 1);
    assert_eq!(count(&embedded, "</script><!--"), 0, "escaped in the page");
    let found = extract(&embedded, DocumentFormat::Html)
        .unwrap()
        .envelope
        .unwrap();
    let back: serde_json::Value = serde_json::from_slice(&found.json).unwrap();
    assert_eq!(back["note"], value["note"]);
    assert_eq!(article_text(&embedded), article_text(&page));
}

#[test]
fn two_different_envelopes_conflict_and_copies_do_not() {
    let a = String::from_utf8(envelope(&machine_only())).unwrap();
    let b = String::from_utf8(envelope(&full_newsroom())).unwrap();
    let page = |x: &str, y: &str| {
        format!(
            "<html><head><script id=tprov-envelope type=\"{ENVELOPE_MEDIA_TYPE}\">{x}</script>\
             <script type=\"Application/VND.DSSE.Envelope.V1+JSON\">{y}</script></head><body></body></html>"
        )
    };
    assert_eq!(
        extract(page(&a, &b).as_bytes(), DocumentFormat::Html),
        Err(EmbedError::ConflictingEnvelopes { count: 2 })
    );
    assert!(
        extract(page(&a, &a).as_bytes(), DocumentFormat::Html)
            .unwrap()
            .envelope
            .is_some()
    );
}

#[test]
fn bad_carriers_are_told_apart() {
    let page = |content: &str| {
        format!(
            "<html><head><script id=tprov-envelope type=\"{ENVELOPE_MEDIA_TYPE}\">{content}</script></head></html>"
        )
    };
    assert!(matches!(
        extract(page("var x = 1;").as_bytes(), DocumentFormat::Html),
        Err(EmbedError::EmbeddedNotJson { index: 1, .. })
    ));
    assert!(matches!(
        extract(page(r#"{"payload": 3}"#).as_bytes(), DocumentFormat::Html),
        Err(EmbedError::EmbeddedMalformed { index: 1, .. })
    ));
    let huge = format!("\"{}\"", "A".repeat(5 * 1024 * 1024));
    assert_eq!(
        extract(page(&huge).as_bytes(), DocumentFormat::Html),
        Err(EmbedError::EmbeddedTooLarge { index: 1 })
    );
    let many: String = (0..17).map(|_| page("{}")).collect();
    assert!(matches!(
        extract(many.as_bytes(), DocumentFormat::Html),
        Err(EmbedError::TooManyItems { .. })
    ));
    let no_envelope = extract(b"<p>nothing here</p>", DocumentFormat::Html).unwrap();
    assert!(no_envelope.envelope.is_none() && no_envelope.disclosures.is_empty());
    assert!(matches!(
        embed(
            b"<p>x",
            DocumentFormat::Html,
            b"{\"payload\":1}",
            &EmbedOptions::default()
        ),
        Err(EmbedError::EnvelopeToEmbed(_))
    ));
}

#[test]
fn a_page_in_a_declared_legacy_charset_stays_in_it() {
    let page = fixture("latin1.html");
    let statement = full_newsroom();
    let disclosure = disclosure_html(
        &statement,
        &DiscloseOptions {
            language: Language::Chinese,
            ..DiscloseOptions::default()
        },
    );
    let options = EmbedOptions {
        provenance_link: None,
        disclosure: Some(&disclosure),
    };
    let embedded = embed(&page, DocumentFormat::Html, &envelope(&statement), &options).unwrap();
    assert!(
        std::str::from_utf8(&embedded).is_err(),
        "still windows-1252, not converted"
    );
    assert!(
        embedded.windows(4).any(|w| w == b"caf\xe9"),
        "the page's own bytes kept"
    );
    let found = extract(&embedded, DocumentFormat::Html).unwrap();
    assert!(found.envelope.is_some());
    assert!(
        found.disclosures[0].text.starts_with("本文由ExampleMT 2.1"),
        "{}",
        found.disclosures[0].text
    );
    assert_eq!(strip(&embedded, DocumentFormat::Html).unwrap(), page);

    let undeclared = b"<html><head></head><body><p>caf\xe9</p></body></html>";
    assert_eq!(
        embed(
            undeclared,
            DocumentFormat::Html,
            &envelope(&statement),
            &EmbedOptions::default()
        ),
        Err(EmbedError::UndeclaredEncoding)
    );
    assert_eq!(
        extract(undeclared, DocumentFormat::Html),
        Err(EmbedError::UndeclaredEncoding)
    );
}

#[test]
fn the_disclosure_goes_to_the_article_root() {
    let json = envelope(&machine_only());
    let disclosure = disclosure_html(&machine_only(), &DiscloseOptions::default());
    let options = EmbedOptions {
        provenance_link: None,
        disclosure: Some(&disclosure),
    };
    let place = |page: &str| {
        let out =
            embed(page.as_bytes(), DocumentFormat::Html, &json, &options).map(String::from_utf8);
        out.map(Result::unwrap)
    };
    let marked = place("<html><head></head><body><article><p>a</p></article><div data-tprov-root><p>b</p></div></body></html>").unwrap();
    assert!(
        marked.contains("<p>b</p><p data-tprov-disclosure"),
        "{marked}"
    );
    let article = place(
        "<html><head></head><body><main><article><p>a</p></article><p>c</p></main></body></html>",
    )
    .unwrap();
    assert!(
        article.contains("<p>a</p><p data-tprov-disclosure"),
        "{article}"
    );
    let main =
        place("<html><head></head><body><main><p>a</p></main><p>c</p></body></html>").unwrap();
    assert!(main.contains("<p>a</p><p data-tprov-disclosure"), "{main}");
    // No </head> and no </body>: the envelope goes before <body>, the disclosure at the end.
    let open = place("<!DOCTYPE html><title>t</title><body><p>a</p>").unwrap();
    assert!(
        open.contains("</script><body>") && open.ends_with("</p>"),
        "{open}"
    );
    assert_eq!(
        place("<html><head></head><body><article><p>a"),
        Err(EmbedError::RootNotClosed {
            element: "article".into()
        })
    );
    assert_eq!(
        embed(
            b"<p>a fragment</p>",
            DocumentFormat::Html,
            &json,
            &EmbedOptions::default()
        ),
        Err(EmbedError::NoHead)
    );
}

#[test]
fn markdown_comment_block() {
    let doc = fixture("article.md");
    let json = envelope(&undisclosed_engine());
    let embedded = embed(
        &doc,
        DocumentFormat::Markdown,
        &json,
        &EmbedOptions::default(),
    )
    .unwrap();
    let text = String::from_utf8(embedded.clone()).unwrap();
    assert!(
        text.starts_with(std::str::from_utf8(&doc).unwrap()),
        "the document is untouched"
    );
    assert!(
        text.ends_with("\n-->\n") && text.contains("\n\n<!-- tprov-envelope\n{"),
        "{text}"
    );
    // The look-alike inside the code block is not a carrier.
    let found = extract(&embedded, DocumentFormat::Markdown)
        .unwrap()
        .envelope
        .unwrap();
    assert_eq!(found.envelope, tprov::Envelope::from_json(&json).unwrap());
    assert_eq!(
        extract(&doc, DocumentFormat::Markdown).unwrap().envelope,
        None
    );
    let again = embed(
        &embedded,
        DocumentFormat::Markdown,
        &json,
        &EmbedOptions::default(),
    )
    .unwrap();
    assert_eq!(again, embedded, "embedding again replaces");
    assert_eq!(strip(&embedded, DocumentFormat::Markdown).unwrap(), doc);

    let mut value: serde_json::Value = serde_json::from_slice(&json).unwrap();
    value["note"] = serde_json::Value::from("--> --!> <!--");
    let tricky = serde_json::to_vec(&value).unwrap();
    let embedded = embed(
        &doc,
        DocumentFormat::Markdown,
        &tricky,
        &EmbedOptions::default(),
    )
    .unwrap();
    assert_eq!(
        count(&embedded, "-->"),
        2,
        "the fixture's and the block's own closing only"
    );
    let found = extract(&embedded, DocumentFormat::Markdown)
        .unwrap()
        .envelope
        .unwrap();
    let back: serde_json::Value = serde_json::from_slice(&found.json).unwrap();
    assert_eq!(back["note"], value["note"]);

    let open_fence = b"# Title\n\n```\ncode that never closes\n";
    assert_eq!(
        embed(
            open_fence,
            DocumentFormat::Markdown,
            &json,
            &EmbedOptions::default()
        ),
        Err(EmbedError::MarkdownOpenBlock)
    );
    let disclosure = disclosure_html(&machine_only(), &DiscloseOptions::default());
    assert!(matches!(
        embed(
            &doc,
            DocumentFormat::Markdown,
            &json,
            &EmbedOptions {
                provenance_link: None,
                disclosure: Some(&disclosure)
            }
        ),
        Err(EmbedError::HtmlOnly { .. })
    ));
    assert!(matches!(
        extract(b"caf\xe9", DocumentFormat::Markdown),
        Err(EmbedError::NotUtf8 { .. })
    ));
}

#[test]
fn plain_text_armour() {
    let json = envelope(&full_newsroom());
    for name in ["article.txt", "article-crlf.txt"] {
        let doc = fixture(name);
        let embedded = embed(&doc, DocumentFormat::Plain, &json, &EmbedOptions::default()).unwrap();
        assert!(
            embedded.starts_with(&doc),
            "{name}: the document is untouched"
        );
        let text = String::from_utf8(embedded.clone()).unwrap();
        let newline = if name.contains("crlf") { "\r\n" } else { "\n" };
        assert!(
            text.contains(&format!(
                "{newline}{newline}-----BEGIN TPROV ENVELOPE-----{newline}"
            )),
            "{name}"
        );
        assert!(
            text.ends_with(&format!("-----END TPROV ENVELOPE-----{newline}")),
            "{name}"
        );
        let body: Vec<&str> = text
            .split(newline)
            .skip_while(|l| !l.starts_with("-----BEGIN"))
            .skip(1)
            .take_while(|l| !l.starts_with("-----END"))
            .collect();
        assert!(
            body.iter().all(|l| l.len() <= 64) && body[0].len() == 64,
            "{name}: 64 columns"
        );
        let found = extract(&embedded, DocumentFormat::Plain)
            .unwrap()
            .envelope
            .unwrap();
        assert_eq!(
            found.envelope,
            tprov::Envelope::from_json(&json).unwrap(),
            "{name}"
        );
        let again = embed(
            &embedded,
            DocumentFormat::Plain,
            &json,
            &EmbedOptions::default(),
        )
        .unwrap();
        assert_eq!(again, embedded, "{name}: embedding again replaces");
        assert_eq!(
            strip(&embedded, DocumentFormat::Plain).unwrap(),
            doc,
            "{name}"
        );
    }
    // The marker inside a sentence is not a block.
    assert_eq!(
        extract(&fixture("article.txt"), DocumentFormat::Plain)
            .unwrap()
            .envelope,
        None
    );
    assert_eq!(
        extract(
            b"text\n-----BEGIN TPROV ENVELOPE-----\nAAAA\n",
            DocumentFormat::Plain
        ),
        Err(EmbedError::ArmourUnterminated { line: 2 })
    );
    assert_eq!(
        extract(
            b"-----BEGIN TPROV ENVELOPE-----\n!!!!\n-----END TPROV ENVELOPE-----\n",
            DocumentFormat::Plain
        ),
        Err(EmbedError::ArmourNotBase64 { index: 1 })
    );
    assert!(matches!(
        extract(
            b"-----BEGIN TPROV ENVELOPE-----\nbm90IGpzb24=\n-----END TPROV ENVELOPE-----\n",
            DocumentFormat::Plain
        ),
        Err(EmbedError::EmbeddedNotJson { index: 1, .. })
    ));
}

mod properties {
    use proptest::prelude::*;
    use tprov::publish::embed::{DocumentFormat, EmbedOptions, embed, extract, strip};

    use super::super::{envelope, machine_only};

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        /// Whatever the text, embedding leaves it as the start of the result, embedding again
        /// gives the same bytes, and stripping gives back the text (with a final line break).
        #[test]
        fn plain_text_is_never_changed(text in "[a-zA-Z0-9 .,\n\r\u{4e00}-\u{4e20}-]{0,300}") {
            prop_assume!(!text.contains("-----"));
            let json = envelope(&machine_only());
            let once = embed(text.as_bytes(), DocumentFormat::Plain, &json, &EmbedOptions::default()).unwrap();
            prop_assert!(once.starts_with(text.as_bytes()));
            let twice = embed(&once, DocumentFormat::Plain, &json, &EmbedOptions::default()).unwrap();
            prop_assert_eq!(&twice, &once);
            prop_assert!(extract(&once, DocumentFormat::Plain).unwrap().envelope.is_some());
            let stripped = strip(&once, DocumentFormat::Plain).unwrap();
            prop_assert!(stripped.starts_with(text.as_bytes()) && stripped.len() <= text.len() + 2);
        }

        /// The same for Markdown made of paragraphs, headings, lists and closed code blocks.
        #[test]
        fn markdown_is_never_changed(blocks in proptest::collection::vec(
            prop_oneof![
                "[a-z ]{1,30}".prop_map(|s| format!("{s}\n")),
                "[a-z ]{1,30}".prop_map(|s| format!("# {s}\n")),
                "[a-z ]{1,30}".prop_map(|s| format!("- {s}\n")),
                "[a-z<>!-]{0,30}".prop_map(|s| format!("```\n{s}\n```\n")),
                Just("\n".to_owned()),
            ],
            0..12,
        )) {
            let text: String = blocks.concat();
            let json = envelope(&machine_only());
            let once = embed(text.as_bytes(), DocumentFormat::Markdown, &json, &EmbedOptions::default()).unwrap();
            prop_assert!(once.starts_with(text.as_bytes()));
            let twice = embed(&once, DocumentFormat::Markdown, &json, &EmbedOptions::default()).unwrap();
            prop_assert_eq!(&twice, &once);
            prop_assert!(extract(&once, DocumentFormat::Markdown).unwrap().envelope.is_some());
        }
    }
}
