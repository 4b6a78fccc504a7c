//! Disclosure sentences (snapshots of every language and form for three records) and the check
//! of a page's disclosure against the record.

use tprov::publish::disclose::check::{Claim, Contradiction, Outcome, check_disclosure};
use tprov::publish::disclose::{DiscloseOptions, DisclosureFormat, Language, disclose};
use tprov::publish::embed::PageDisclosure;
use tprov::record::Statement;

use super::{full_newsroom, machine_only, undisclosed_engine};

const LINK: &str = "https://news.example/2026/ai.html.tprov.json";

fn all_forms(statement: &Statement, signers: &[String]) -> String {
    let mut out = String::new();
    for language in Language::ALL {
        for format in [
            DisclosureFormat::Text,
            DisclosureFormat::Markdown,
            DisclosureFormat::Html,
        ] {
            let options = DiscloseOptions {
                language,
                signers,
                provenance_link: Some(LINK),
            };
            out.push_str(&format!(
                "--- {language:?} {format:?}\n{}\n",
                disclose(statement, &options, format)
            ));
        }
    }
    out
}

#[test]
fn machine_translation_only() {
    insta::assert_snapshot!("disclosure_machine_only", all_forms(&machine_only(), &[]));
}

#[test]
fn machine_post_edited_edited_published() {
    let signers = vec!["Example News".to_owned(), "Li Wei".to_owned()];
    insta::assert_snapshot!(
        "disclosure_full_newsroom",
        all_forms(&full_newsroom(), &signers)
    );
}

#[test]
fn undisclosed_engine_and_a_source_known_by_address() {
    let signers = vec!["Example News".to_owned()];
    let forms = all_forms(&undisclosed_engine(), &signers);
    assert!(
        forms.contains("by an AI system that was not named"),
        "{forms}"
    );
    assert!(forms.contains("未具名的人工智能系统"), "{forms}");
    assert!(
        !forms.contains("its-tool"),
        "no tool name is invented: {forms}"
    );
    insta::assert_snapshot!("disclosure_undisclosed_engine", forms);
}

#[test]
fn record_strings_are_escaped_in_every_form() {
    let mut statement = machine_only();
    statement.predicate.agents[0].name =
        "<img src=x onerror=alert(1)> *bold* [x](javascript:y)".into();
    statement.predicate.source.descriptor.uri = Some("javascript:alert(1)".into());
    let html = disclose(
        &statement,
        &DiscloseOptions::default(),
        DisclosureFormat::Html,
    );
    assert!(!html.contains("<img") && html.contains("&lt;img"), "{html}");
    assert!(
        !html.contains("href=\"javascript"),
        "only http(s) addresses become links: {html}"
    );
    let markdown = disclose(
        &statement,
        &DiscloseOptions::default(),
        DisclosureFormat::Markdown,
    );
    assert!(
        markdown.contains("\\*bold\\*") && markdown.contains("\\[x\\]\\(javascript"),
        "{markdown}"
    );
}

fn page(text: &str, attributes: &[(&str, &str)]) -> PageDisclosure {
    PageDisclosure {
        text: text.to_owned(),
        lang: None,
        attributes: attributes
            .iter()
            .map(|(n, v)| ((*n).to_owned(), (*v).to_owned()))
            .collect(),
    }
}

#[test]
fn a_generated_disclosure_matches_its_record() {
    let statement = full_newsroom();
    let signers = vec!["Example News".to_owned()];
    for language in Language::ALL {
        let options = DiscloseOptions {
            language,
            signers: &signers,
            provenance_link: None,
        };
        let text = disclose(&statement, &options, DisclosureFormat::Text);
        let spaced = text.replace(". ", ".\n   ");
        assert_eq!(
            check_disclosure(&page(&spaced, &[]), &statement, &signers),
            Outcome::Generated(language)
        );
    }
    // Another record's sentence is not this record's.
    let other = disclose(
        &machine_only(),
        &DiscloseOptions::default(),
        DisclosureFormat::Text,
    );
    assert_ne!(
        check_disclosure(&page(&other, &[]), &statement, &[]),
        Outcome::Generated(Language::English)
    );
}

#[test]
fn a_human_translator_claimed_over_a_machine_translation() {
    let outcome = check_disclosure(
        &page("Translated from the Chinese by our human translator.", &[]),
        &machine_only(),
        &[],
    );
    assert_eq!(
        outcome,
        Outcome::Contradicted(vec![Contradiction {
            claim: Claim::Method,
            page: "human translator".into(),
            record: "machine translation".into(),
        }])
    );
    // Post-edited machine translation may mention the human post-editor.
    let post_edited = check_disclosure(
        &page(
            "Machine translation, post-edited by a professional translator.",
            &[],
        ),
        &full_newsroom(),
        &[],
    );
    assert_eq!(post_edited, Outcome::Consistent);
}

#[test]
fn the_editor_line_of_issue_13() {
    let statement = undisclosed_engine();
    assert_eq!(
        check_disclosure(&page("Editor: Zhongxiaowen", &[]), &statement, &[]),
        Outcome::Consistent
    );
    assert_eq!(
        check_disclosure(&page("编辑：Zhongxiaowen", &[]), &statement, &[]),
        Outcome::Consistent
    );
    assert_eq!(
        check_disclosure(
            &page("Translated by AI. Editor: Someone Else.", &[]),
            &statement,
            &[]
        ),
        Outcome::Contradicted(vec![Contradiction {
            claim: Claim::Editor,
            page: "Someone Else".into(),
            record: "Zhongxiaowen".into(),
        }])
    );
    assert_eq!(
        check_disclosure(
            &page("Edited by Li Wei and Zhongxiaowen.", &[]),
            &machine_only(),
            &[]
        ),
        Outcome::Contradicted(vec![
            Contradiction {
                claim: Claim::Editor,
                page: "Li Wei".into(),
                record: "nobody".into()
            },
            Contradiction {
                claim: Claim::Editor,
                page: "Zhongxiaowen".into(),
                record: "nobody".into()
            },
        ])
    );
}

#[test]
fn its_attributes_and_method_are_checked_name_by_name() {
    let statement = full_newsroom();
    let outcome = check_disclosure(
        &page(
            "",
            &[
                ("its-tool", "OtherMT"),
                ("its-rev-person", "Li Wei, Zhang Min"),
                ("data-tprov-method", "human"),
            ],
        ),
        &statement,
        &[],
    );
    assert_eq!(
        outcome,
        Outcome::Contradicted(vec![
            Contradiction {
                claim: Claim::Method,
                page: "human".into(),
                record: "machinePostEdit".into()
            },
            Contradiction {
                claim: Claim::TranslationTool,
                page: "OtherMT".into(),
                record: "ExampleMT".into()
            },
        ])
    );
    let fine = check_disclosure(
        &page(
            "",
            &[("its-tool", "examplemt"), ("its-rev-person", "Zhang Min")],
        ),
        &statement,
        &[],
    );
    assert_eq!(fine, Outcome::Consistent);
}

/// "edited by" inside "post-edited by" (and "编辑：" inside "译后编辑：") is the post-editor's
/// label, not the editor's: naming the record's post-editor there contradicts nothing.
#[test]
fn a_post_editor_is_not_read_as_an_editor() {
    let statement = full_newsroom();
    for text in [
        "Machine-translated, then post-edited by Li Wei.",
        "机器翻译，译后编辑：Li Wei。",
    ] {
        assert_eq!(
            check_disclosure(&page(text, &[]), &statement, &[]),
            Outcome::Consistent,
            "{text}"
        );
    }
    // The editor's own label is still read.
    assert!(matches!(
        check_disclosure(&page("编辑：Li Wei", &[]), &statement, &[]),
        Outcome::Contradicted(_)
    ));
}
