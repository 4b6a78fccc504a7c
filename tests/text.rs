//! Canonical text v1: the known-answer vectors, property tests, what differed, the diagnosis of
//! a changed copy, and quotes.

use proptest::prelude::*;
use serde_json::Value;
use tprov::Sha256Digest;
use tprov::review::quote::{self, InDocument, InRecord, WordChangeKind};
use tprov::text::diagnose::{self, ChangeKind, WordsVerdict};
use tprov::text::differ::{self, Difference, LineEndings, TextProfile};
use tprov::text::punctuation::PunctuationKind;
use tprov::text::{CanonicalText, FormatChoice, TextError, TextFormat, TextRecord};

const VECTORS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/tests/vectors/canonical-text.json"
);

fn canon(text: &str, format: TextFormat) -> CanonicalText {
    CanonicalText::from_text(text, format).expect("UTF-8 text canonicalises")
}

fn plain(text: &str) -> CanonicalText {
    canon(text, TextFormat::Plain)
}

fn format_named(name: &str) -> TextFormat {
    match name {
        "plain" => TextFormat::Plain,
        "markdown" => TextFormat::Markdown,
        "html" => TextFormat::Html,
        other => panic!("unknown format {other}"),
    }
}

#[test]
fn canonical_text_vectors() {
    let file = std::fs::read_to_string(VECTORS).expect("the vectors file is readable");
    let root: Value = serde_json::from_str(&file).expect("the vectors file is JSON");
    let cases = root["cases"].as_array().expect("a cases array");
    assert!(
        cases.len() >= 30,
        "at least 30 vectors, found {}",
        cases.len()
    );
    for (index, case) in cases.iter().enumerate() {
        // One case per line, after two header lines.
        let at = format!(
            "{VECTORS}:{} (case {index}, {:?})",
            index + 3,
            case["name"].as_str().unwrap_or("?")
        );
        let input = case["input"]
            .as_str()
            .unwrap_or_else(|| panic!("{at}: input"));
        let format = format_named(
            case["format"]
                .as_str()
                .unwrap_or_else(|| panic!("{at}: format")),
        );
        let text = CanonicalText::from_bytes(input.as_bytes(), format)
            .unwrap_or_else(|e| panic!("{at}: {e}"));
        assert_eq!(
            text.text,
            case["canonical"].as_str().unwrap(),
            "{at}: canonical text"
        );
        assert_eq!(
            text.sha256().to_hex(),
            case["sha256"].as_str().unwrap(),
            "{at}: digest"
        );
        let sentences: Vec<&str> = (0..text.sentences.len())
            .map(|i| text.sentence(i).unwrap())
            .collect();
        let expected: Vec<&str> = case["sentences"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap())
            .collect();
        assert_eq!(sentences, expected, "{at}: sentences");
        let paragraphs: Vec<usize> = case["paragraphs"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p.as_u64().unwrap() as usize)
            .collect();
        assert_eq!(text.paragraph_starts, paragraphs, "{at}: paragraph starts");
        assert_eq!(
            text.removed_invisible as u64,
            case["removedInvisible"].as_u64().unwrap(),
            "{at}: invisible"
        );
        let again = plain(&text.text);
        assert_eq!(
            again.text, text.text,
            "{at}: canonicalising the canonical text changes it"
        );
    }
}

#[test]
fn chinese_hard_wrapped_matches_unwrapped_and_chromium_copy() {
    let wrapped = plain("第一段落。\n\n第二段落\n继续。\n");
    for copy in [
        plain("第一段落。\n\n第二段落继续。"),
        plain("第一段落。\n\n第二段落 继续。"), // Chromium's innerText of <p>第二段落\n继续。</p>
        canon(
            "<p>第一段落。</p>\n<p>第二段落\n继续。</p>",
            TextFormat::Html,
        ),
        canon("第一段落。\n\n第二段落\n继续。", TextFormat::Markdown),
    ] {
        assert_eq!(
            copy.sha256(),
            wrapped.sha256(),
            "{:?} vs {:?}",
            copy.text,
            wrapped.text
        );
    }
    assert_eq!(wrapped.text, "第一段落。第二段落继续。");
}

#[test]
fn changed_words_numbers_names_and_negation_never_match() {
    for (signed, copy) in [
        ("It is now here.", "It is nowhere."),
        ("The vote was 7–2.", "The vote was 7–3."),
        ("Li Wei said so.", "Li Mei said so."),
        ("He did not agree.", "He did agree."),
        ("他同意了。", "他不同意了。"),
        ("“No,” she said.", "\"No,\" she said."),
    ] {
        assert_ne!(
            plain(signed).sha256(),
            plain(copy).sha256(),
            "{signed:?} vs {copy:?}"
        );
    }
}

#[test]
fn kana_voicing_mark_after_removed_space_is_composed_again() {
    let text = plain("か \u{3099}");
    assert_eq!(text.text, "が");
    assert_eq!(plain(&text.text).text, text.text);
}

#[test]
fn not_utf8_and_too_large_are_typed_errors() {
    let error = CanonicalText::from_bytes(b"caf\xe9", TextFormat::Plain).unwrap_err();
    assert_eq!(error, TextError::NotUtf8 { valid_up_to: 3 });
    assert!(error.to_string().contains("not valid UTF-8"), "{error}");
}

#[test]
fn format_detection_for_as_auto() {
    use std::path::Path;
    let auto = FormatChoice::Auto;
    assert_eq!(
        auto.resolve(Some(Path::new("a.md")), b"# x"),
        Some(TextFormat::Markdown)
    );
    assert_eq!(
        auto.resolve(Some(Path::new("a.MARKDOWN")), b"x"),
        Some(TextFormat::Markdown)
    );
    assert_eq!(
        auto.resolve(Some(Path::new("a.xhtml")), b"<p>x"),
        Some(TextFormat::Html)
    );
    assert_eq!(
        auto.resolve(Some(Path::new("a.txt")), b"x"),
        Some(TextFormat::Plain)
    );
    assert_eq!(auto.resolve(None, b"x"), Some(TextFormat::Plain));
    assert_eq!(
        auto.resolve(Some(Path::new("a.md")), b"\xff\xfe"),
        None,
        "not UTF-8: bytes"
    );
    assert_eq!(
        FormatChoice::Bytes.resolve(Some(Path::new("a.md")), b"x"),
        None
    );
    assert_eq!(
        FormatChoice::Html.resolve(Some(Path::new("a.md")), b"x"),
        Some(TextFormat::Html)
    );
    assert_eq!(
        "markdown".parse::<FormatChoice>(),
        Ok(FormatChoice::Markdown)
    );
    assert!("pdf".parse::<FormatChoice>().is_err());
}

#[test]
fn record_json_is_lower_camel_case_and_round_trips() {
    let record = TextRecord::new(&canon("# T\n\nOne. Two.", TextFormat::Markdown));
    let json = serde_json::to_value(&record).unwrap();
    assert_eq!(
        json["canonicalization"],
        "https://tprov.dev/canonical-text/v1"
    );
    assert_eq!(json["format"], "markdown");
    assert_eq!(json["sha256"], Sha256Digest::of(b"T One. Two.").to_hex());
    assert_eq!(json["sentences"][1], Sha256Digest::of(b"One.").to_hex());
    assert_eq!(json["paragraphs"], serde_json::json!([0, 1]));
    assert!(json.get("sentencesOmitted").is_none(), "{json}");
    let mut extended = json.clone();
    extended["futureField"] = "kept".into();
    let back: TextRecord = serde_json::from_value(extended.clone()).unwrap();
    back.validate().unwrap();
    assert_eq!(
        serde_json::to_value(&back).unwrap(),
        extended,
        "unknown fields are kept"
    );
}

#[test]
fn record_lists_at_most_20000_sentences() {
    let long = "Yes. ".repeat(20_001);
    let record = TextRecord::new(&plain(&long));
    assert!(record.sentences.is_empty() && record.paragraphs.is_empty());
    assert!(record.sentences_omitted);
    assert_eq!(record.sentence_count, Some(20_001));
    let json = serde_json::to_value(&record).unwrap();
    assert_eq!(json["sentencesOmitted"], true);
    record.validate().unwrap();
    let diagnosis = diagnose::diagnose(&record, &plain("No."));
    assert!(!diagnosis.sentences_listed);
    assert_eq!(
        quote::find_in_record(&record, &plain("Yes.")).unwrap(),
        InRecord::NoSentencesListed
    );
}

#[test]
fn malformed_records_are_rejected() {
    let mut record = TextRecord::new(&plain("One. Two."));
    record.paragraphs = vec![0, 5];
    assert!(matches!(
        record.validate(),
        Err(TextError::MalformedRecord(_))
    ));
    record.paragraphs = vec![0];
    record.canonicalization = "https://tprov.dev/canonical-text/v9".into();
    assert!(matches!(
        record.validate(),
        Err(TextError::UnsupportedCanonicalization { .. })
    ));
}

fn profile(text: &str, format: TextFormat) -> TextProfile {
    TextProfile::of(text.as_bytes(), format).unwrap()
}

#[test]
fn what_differed_names_each_kind_of_difference() {
    let signed = "The council met.\nIt voted.\n";
    let cases: Vec<(&str, TextFormat, Difference)> = vec![
        (
            "The council met.\r\nIt voted.\r\n",
            TextFormat::Plain,
            Difference::LineEndings {
                signed: Some(LineEndings::Lf),
                copy: LineEndings::Crlf,
            },
        ),
        (
            "The council\nmet. It voted.\n",
            TextFormat::Plain,
            Difference::Wrapping,
        ),
        (
            "The coun\u{200B}cil met.\nIt voted.\n",
            TextFormat::Plain,
            Difference::InvisibleCharacters {
                signed: Some(0),
                copy: 1,
            },
        ),
        (
            "\u{FEFF}The council met.\nIt voted.\n",
            TextFormat::Plain,
            Difference::ByteOrderMark { copy: true },
        ),
        (
            "<p>The council met.\nIt voted.</p>",
            TextFormat::Html,
            Difference::Format {
                signed: TextFormat::Plain,
                copy: TextFormat::Html,
            },
        ),
    ];
    for (copy, format, expected) in cases {
        let found =
            differ::what_differed(&profile(signed, TextFormat::Plain), &profile(copy, format));
        assert!(
            found.contains(&expected),
            "{copy:?}: expected {expected:?} in {found:?}"
        );
    }
    let md = |t| profile(t, TextFormat::Markdown);
    let found = differ::what_differed(&md("Some *words* here."), &md("Some _words_ here."));
    assert_eq!(found, [Difference::Markup]);
    let found = differ::what_differed(
        &profile("Cafe\u{301}.", TextFormat::Plain),
        &profile("Café.", TextFormat::Plain),
    );
    assert_eq!(found, [Difference::UnicodeNormalization]);
    assert!(differ::what_differed(&md("Same."), &md("Same.")).is_empty());
}

#[test]
fn against_record_says_what_the_copy_alone_shows() {
    let record = TextRecord::new(&canon("Words here.", TextFormat::Markdown));
    let copy = profile("Words\u{200B} here.\r\n", TextFormat::Plain);
    let found = copy.against_record(&record);
    assert!(
        found.contains(&Difference::Format {
            signed: TextFormat::Markdown,
            copy: TextFormat::Plain
        }),
        "{found:?}"
    );
    assert!(
        found.contains(&Difference::LineEndings {
            signed: None,
            copy: LineEndings::Crlf
        }),
        "{found:?}"
    );
    assert!(
        found.contains(&Difference::InvisibleCharacters {
            signed: None,
            copy: 1
        }),
        "{found:?}"
    );
}

const ARTICLE: &str = "# Flood report\n\nThe river rose on Monday. Around January 10 the water \
    reached the town. Officials said “we are ready.”\n\nNo one was hurt. Schools closed for two \
    days.\n\nThe mayor thanked the volunteers.\n";

#[test]
fn diagnosis_names_changed_sentences_with_the_copys_text() {
    let record = TextRecord::new(&canon(ARTICLE, TextFormat::Markdown));
    let copy = plain(
        &ARTICLE
            .replace("January 10", "January 12")
            .replace("# ", ""),
    );
    let diagnosis = diagnose::diagnose(&record, &copy);
    assert_eq!(diagnosis.signed_sentences, 7);
    assert_eq!(diagnosis.unchanged, 6, "{diagnosis:#?}");
    let change = &diagnosis.changes[0];
    assert_eq!(
        (
            change.first_sentence,
            change.sentence_count,
            change.paragraph
        ),
        (2, 1, 1)
    );
    assert_eq!(change.kind, ChangeKind::Changed);
    assert!(
        change
            .copy
            .as_ref()
            .unwrap()
            .excerpt
            .starts_with("Around January 12"),
        "{change:?}"
    );
    assert_eq!(diagnosis.words, WordsVerdict::Unknown);
    let json = serde_json::to_value(&diagnosis).unwrap();
    assert_eq!(json["changes"][0]["firstSentence"], 2);
    assert_eq!(json["words"]["verdict"], "unknown");

    let signed = canon(ARTICLE, TextFormat::Markdown);
    let with_document = diagnose::diagnose_with_document(&signed, &copy);
    assert_eq!(with_document.words, WordsVerdict::Changed);
}

#[test]
fn diagnosis_proves_quotation_mark_only_changes_from_digests() {
    let record = TextRecord::new(&canon(ARTICLE, TextFormat::Markdown));
    let copy = canon(&ARTICLE.replace(['“', '”'], "\""), TextFormat::Markdown);
    let diagnosis = diagnose::diagnose(&record, &copy);
    assert_eq!(diagnosis.changes.len(), 1, "{diagnosis:#?}");
    assert_eq!(diagnosis.changes[0].kind, ChangeKind::PunctuationOnly);
    assert_eq!(
        diagnosis.words,
        WordsVerdict::Same {
            punctuation: vec![PunctuationKind::QuotationMarks]
        }
    );
}

#[test]
fn diagnosis_reports_missing_added_and_moved_sentences() {
    let record = TextRecord::new(&plain(
        "One is here. Two is here. Three is here. Four is here.",
    ));
    let diagnosis = diagnose::diagnose(
        &record,
        &plain("One is here. Three is here. Four is here. Five is new."),
    );
    assert_eq!(diagnosis.changes[0].kind, ChangeKind::Missing);
    assert_eq!(diagnosis.changes[0].first_sentence, 1);
    assert_eq!(diagnosis.added.len(), 1);
    assert_eq!(diagnosis.added[0].excerpt, "Five is new.");
    let moved = diagnose::diagnose(
        &record,
        &plain("Two is here. One is here. Three is here. Four is here."),
    );
    assert_eq!(moved.unchanged, 3);
    assert_eq!(moved.changes[0].kind, ChangeKind::Moved, "{moved:#?}");
}

#[test]
fn quote_with_the_record_alone_must_be_whole_signed_sentences() {
    let record = TextRecord::new(&canon(ARTICLE, TextFormat::Markdown));
    let found = quote::find_in_record(
        &record,
        &plain("No one was hurt.\nSchools closed for two days."),
    )
    .unwrap();
    assert_eq!(
        found,
        InRecord::Found {
            first_sentence: 4,
            sentence_count: 2,
            paragraph: 2
        }
    );
    // A heading joined to the next sentence by a copy's single line break is still found.
    let found =
        quote::find_in_record(&record, &plain("Flood report\nThe river rose on Monday.")).unwrap();
    assert_eq!(
        found,
        InRecord::Found {
            first_sentence: 0,
            sentence_count: 2,
            paragraph: 0
        }
    );
    let partial = quote::find_in_record(&record, &plain("the water reached the town.")).unwrap();
    assert!(matches!(partial, InRecord::NotFound { .. }), "{partial:?}");
    let wrong = quote::find_in_record(
        &record,
        &plain("No one was hurt. Schools closed for three days."),
    )
    .unwrap();
    assert_eq!(
        wrong,
        InRecord::NotFound {
            sentences_found: 1,
            quote_sentences: 2
        }
    );
    assert_eq!(
        quote::find_in_record(&record, &plain(" \u{200B} ")),
        Err(TextError::EmptyQuote)
    );
}

#[test]
fn quote_in_the_document_says_where_or_shows_the_closest_passage() {
    let document = canon(ARTICLE, TextFormat::Markdown);
    let InDocument::Found(at) =
        quote::find_in_document(&document, &plain("the water\nreached the town")).unwrap()
    else {
        panic!("the quote is in the article");
    };
    assert_eq!(
        (at.sentence, at.paragraph, at.whole_sentences),
        (2, 1, false)
    );
    assert!(at.before.ends_with("Around January 10"), "{at:?}");
    assert!(at.after.starts_with(". Officials said"), "{at:?}");

    let result = quote::find_in_document(&document, &plain("the water reached the city")).unwrap();
    let InDocument::NotFound(closest) = result else {
        panic!("a changed quote is not found")
    };
    assert!(closest.passage.contains("reached the town"), "{closest:?}");
    let signed: Vec<&str> = closest
        .diff
        .iter()
        .filter(|c| c.kind == WordChangeKind::Signed)
        .map(|c| c.text.as_str())
        .collect();
    let quoted: Vec<&str> = closest
        .diff
        .iter()
        .filter(|c| c.kind == WordChangeKind::Quote)
        .map(|c| c.text.as_str())
        .collect();
    assert!(
        signed.concat().contains("town") && quoted.concat().contains("city"),
        "{closest:?}"
    );
}

#[test]
fn quote_is_found_only_at_word_boundaries() {
    let document = plain("The answer is nowhere to be seen.");
    assert!(matches!(
        quote::find_in_document(&document, &plain("now")).unwrap(),
        InDocument::NotFound(_)
    ));
    assert!(matches!(
        quote::find_in_document(&document, &plain("nowhere")).unwrap(),
        InDocument::Found(_)
    ));
    assert!(matches!(
        quote::find_in_document(&document, &plain("is now here")).unwrap(),
        InDocument::NotFound(_)
    ));
}

// ---------------------------------------------------------------------------------------------
// Property tests.
// ---------------------------------------------------------------------------------------------

/// Words from several scripts, with the characters the rules treat specially.
fn word() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9]{1,8}",
        "[à-ÿ]{1,4}",
        "[一-龥]{1,4}",
        "[ぁ-ゖ]{1,3}",
        "[가-힣]{1,3}",
        Just("\u{200B}".to_string()),
        Just("e\u{301}".to_string()),
        Just("“quote”".to_string()),
        Just("\u{3099}".to_string()),
        Just("👩\u{200D}💻".to_string()),
        Just(".".to_string()),
        Just("。".to_string()),
    ]
}

fn separator() -> impl Strategy<Value = &'static str> {
    prop_oneof![
        Just(" "),
        Just("\n"),
        Just("\r\n"),
        Just("\u{A0}"),
        Just("\u{3000}"),
        Just("\n\n"),
        Just("  \t")
    ]
}

fn plain_text() -> impl Strategy<Value = String> {
    prop::collection::vec((word(), separator()), 0..24)
        .prop_map(|parts| parts.into_iter().map(|(w, s)| format!("{w}{s}")).collect())
}

/// Markdown paragraphs, headings and list items with inline markup, made of ASCII words.
fn markdown_doc() -> impl Strategy<Value = String> {
    let inline = prop_oneof![
        "[a-z]{1,8}".prop_map(|w| w),
        "[a-z]{1,8}".prop_map(|w| format!("*{w}*")),
        "[a-z]{1,8}".prop_map(|w| format!("**{w}**")),
        "[a-z]{1,8}".prop_map(|w| format!("`{w}`")),
        "[a-z]{1,8}".prop_map(|w| format!("[{w}](https://example.com/{w})")),
        "[a-z]{1,8}".prop_map(|w| format!("{w}.")),
        Just("a & b".to_string()),
    ];
    let line = prop::collection::vec(inline, 1..8).prop_map(|words| words.join(" "));
    let block = prop_oneof![
        line.clone(),
        line.clone().prop_map(|l| format!("## {l}")),
        prop::collection::vec(line.clone(), 1..4)
            .prop_map(|items| { items.iter().map(|i| format!("- {i}\n")).collect() }),
        line.prop_map(|l| l.replacen(' ', "\n", 2)),
    ];
    prop::collection::vec(block, 1..6).prop_map(|blocks| blocks.join("\n\n"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn canonicalisation_is_idempotent(text in plain_text()) {
        let once = plain(&text);
        prop_assert_eq!(&plain(&once.text).text, &once.text);
    }

    #[test]
    fn rewrapping_and_line_endings_keep_the_digest(text in plain_text(), width in 1usize..30) {
        let signed = plain(&text);
        let crlf = plain(&text.replace("\r\n", "\n").replace('\n', "\r\n"));
        prop_assert_eq!(crlf.sha256(), signed.sha256());
        let lf = plain(&text.replace("\r\n", "\n"));
        prop_assert_eq!(lf.sha256(), signed.sha256());
        // Re-wrap: every paragraph's words joined again with line breaks every `width` words.
        let rewrapped: Vec<String> = text.replace("\r\n", "\n").split("\n\n").map(|paragraph| {
            let words: Vec<&str> = paragraph.split([' ', '\n', '\t']).filter(|w| !w.is_empty()).collect();
            words.chunks(width).map(|c| c.join(" ")).collect::<Vec<_>>().join("\n")
        }).collect();
        prop_assert_eq!(plain(&rewrapped.join("\n\n")).text, plain(&text.replace("\r\n", "\n").replace('\t', " ")).text);
    }

    #[test]
    fn markdown_and_its_html_have_the_same_text(doc in markdown_doc()) {
        let mut html = String::new();
        pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new_ext(&doc, tprov::text::markdown::options()));
        let markdown = canon(&doc, TextFormat::Markdown);
        let rendered = canon(&html, TextFormat::Html);
        prop_assert_eq!(&rendered.text, &markdown.text, "HTML: {}", html);
        prop_assert_eq!(rendered.sentences.len(), markdown.sentences.len());
    }

    #[test]
    fn changing_a_letter_digit_or_word_boundary_changes_the_digest(
        words in prop::collection::vec("[a-z0-9]{1,6}", 2..12),
        pick in any::<prop::sample::Index>(),
        replacement in "[a-z0-9]",
    ) {
        let signed = words.join(" ");
        let digest = plain(&signed).sha256();
        // A changed letter or digit.
        let at = pick.index(signed.len());
        if signed.as_bytes()[at] != b' ' && signed[at..at + 1] != replacement {
            let mut changed = signed.clone();
            changed.replace_range(at..at + 1, &replacement);
            prop_assert_ne!(plain(&changed).sha256(), digest, "{} vs {}", signed, changed);
        }
        // A removed or added word boundary ("now here" / "nowhere").
        let joined = signed.replacen(' ', "", 1);
        prop_assert_ne!(plain(&joined).sha256(), digest);
        let split = format!("{} {}", &words[0][..1], &signed[1..]);
        if words[0].len() > 1 {
            prop_assert_ne!(plain(&split).sha256(), digest);
        }
    }

    #[test]
    fn a_text_match_never_hides_a_changed_word(
        text in plain_text(),
        pick in any::<prop::sample::Index>(),
        replacement in word(),
    ) {
        let signed = plain(&text);
        let words: Vec<&str> = text.split([' ', '\n', '\r', '\t', '\u{A0}', '\u{3000}']).filter(|w| !w.is_empty()).collect();
        prop_assume!(!words.is_empty());
        let target = words[pick.index(words.len())];
        let changed = text.replacen(target, &replacement, 1);
        let copy = plain(&changed);
        if copy.sha256() == signed.sha256() {
            // Equal canonical text: the words (UAX #29, visible characters) must be equal.
            let visible = |s: &str| plain(s).text.chars().filter(|c| !c.is_whitespace()).collect::<String>();
            prop_assert_eq!(visible(&text), visible(&changed));
        }
    }
}
