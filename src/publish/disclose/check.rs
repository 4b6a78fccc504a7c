//! Does a page's disclosure claim what the record does not?
//!
//! Three sources, from the most to the least exact:
//! 1. the text is a disclosure tprov generates from this record (English or Chinese, with the
//!    verified signers or without) — then it says exactly what the record says;
//! 2. the W3C ITS 2.0 attributes and `data-tprov-method`, compared name by name;
//! 3. for text written by hand, the claims that can be recognised without guessing: that a
//!    person (or a machine) translated, and the names after "Editor:", "edited by",
//!    "Translator:", "Post-edited by" and their Chinese forms.
//!
//! A text that matches none of these patterns and contradicts nothing is [`Outcome::Consistent`]:
//! tprov found no false claim, which is weaker than [`Outcome::Generated`].

use super::render::its_attributes;
use super::{DiscloseOptions, DisclosureFormat, Facts, Language, Party, disclose};
use crate::publish::embed::PageDisclosure;
use crate::record::{Method, Statement};

/// The most contradictions reported for one disclosure.
const MAX_CONTRADICTIONS: usize = 16;

/// What a claim is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Claim {
    /// How the translation was made (machine, post-edited, human).
    Method,
    /// The translating software (`its-tool`).
    TranslationTool,
    /// The human translator (`its-person`, "Translator:").
    TranslationPerson,
    /// The translating organisation (`its-org`).
    TranslationOrganization,
    /// The revising software (`its-rev-tool`).
    RevisionTool,
    /// A person who revised (`its-rev-person`).
    RevisionPerson,
    /// An organisation that revised (`its-rev-org`).
    RevisionOrganization,
    /// The post-editor ("Post-edited by").
    PostEditor,
    /// The editor ("Editor:", "edited by", "编辑：").
    Editor,
}

/// One claim of the page the record does not support, with what each says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contradiction {
    /// What the claim is about.
    pub claim: Claim,
    /// What the page says.
    pub page: String,
    /// What the record says (a list of names, a method, or "nobody").
    pub record: String,
}

/// The verdict on a page's disclosure.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// The text is the disclosure tprov writes for this record, in this language.
    Generated(Language),
    /// Nothing the page claims contradicts the record, as far as tprov can read the claims.
    Consistent,
    /// The page claims something the record does not.
    Contradicted(Vec<Contradiction>),
}

/// Checks a page's disclosure element against the record. `signers` are the verified signers'
/// names, as given to [`disclose`].
pub fn check_disclosure(
    page: &PageDisclosure,
    statement: &Statement,
    signers: &[String],
) -> Outcome {
    let facts = Facts::of(statement);
    let mut contradictions = attribute_contradictions(page, &facts);
    let text = normalise(&page.text);
    let generated = generated_disclosures(statement, signers)
        .into_iter()
        .find(|(_, sentence)| normalise(sentence) == text)
        .map(|(language, _)| language);
    if generated.is_none() {
        contradictions.extend(text_contradictions(&text, &facts));
    }
    contradictions.truncate(MAX_CONTRADICTIONS);
    match (generated, contradictions.is_empty()) {
        (_, false) => Outcome::Contradicted(contradictions),
        (Some(language), true) => Outcome::Generated(language),
        (None, true) => Outcome::Consistent,
    }
}

/// Every disclosure sentence tprov writes for this record, as plain text: in each language,
/// naming the verified `signers` and naming none (`embed --disclosure` without `--signer`).
pub fn generated_disclosures(statement: &Statement, signers: &[String]) -> Vec<(Language, String)> {
    let mut sentences = Vec::new();
    for language in Language::ALL {
        for signers in [signers, &[]] {
            let options = DiscloseOptions {
                language,
                signers,
                provenance_link: None,
            };
            sentences.push((
                language,
                disclose(statement, &options, DisclosureFormat::Text),
            ));
        }
    }
    sentences
}

fn normalise(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn names(parties: &[&Party]) -> Vec<String> {
    parties.iter().filter_map(|p| p.name.clone()).collect()
}

fn describe(names: &[String]) -> String {
    if names.is_empty() {
        "nobody".to_owned()
    } else {
        names.join(", ")
    }
}

fn same_name(a: &str, b: &str) -> bool {
    normalise(a).to_lowercase() == normalise(b).to_lowercase()
}

/// The ITS attributes and `data-tprov-method`, each name checked against the record's.
fn attribute_contradictions(page: &PageDisclosure, facts: &Facts) -> Vec<Contradiction> {
    let mut found = Vec::new();
    if let Some(method) = page.attribute("data-tprov-method") {
        if method != facts.method.as_str() {
            found.push(Contradiction {
                claim: Claim::Method,
                page: method.to_owned(),
                record: facts.method.as_str().to_owned(),
            });
        }
    }
    let expected = its_attributes(facts, None);
    let claims = [
        ("its-tool", Claim::TranslationTool),
        ("its-person", Claim::TranslationPerson),
        ("its-org", Claim::TranslationOrganization),
        ("its-rev-tool", Claim::RevisionTool),
        ("its-rev-person", Claim::RevisionPerson),
        ("its-rev-org", Claim::RevisionOrganization),
    ];
    for (attribute, claim) in claims {
        let Some(value) = page.attribute(attribute) else {
            continue;
        };
        let record: Vec<String> = expected
            .iter()
            .filter(|(name, _)| *name == attribute)
            .flat_map(|(_, v)| v.split(", ").map(str::to_owned))
            .collect();
        for name in value.split(',').map(str::trim).filter(|n| !n.is_empty()) {
            if !record.iter().any(|r| same_name(r, name)) {
                found.push(Contradiction {
                    claim,
                    page: name.to_owned(),
                    record: describe(&record),
                });
            }
        }
    }
    found
}

/// Phrases that say a person translated, and phrases that say a machine did.
const HUMAN_PHRASES: &[&str] = &[
    "human translator",
    "human translation",
    "translated by a human",
    "translated by a person",
    "professional translator",
    "人工翻译",
    "人工译者",
];
const MACHINE_PHRASES: &[&str] = &[
    "machine-translated",
    "machine translated",
    "machine translation",
    "translated by ai",
    "ai-translated",
    "ai translated",
    "机器翻译",
    "人工智能翻译",
    "ai翻译",
];

/// Labels after which a name follows, and whose names the record must have.
const NAME_LABELS: &[(&str, Claim)] = &[
    ("editor:", Claim::Editor),
    ("edited by ", Claim::Editor),
    ("责任编辑：", Claim::Editor),
    ("编辑：", Claim::Editor),
    ("post-edited by ", Claim::PostEditor),
    ("post-editor:", Claim::PostEditor),
    ("译后编辑：", Claim::PostEditor),
    ("translator:", Claim::TranslationPerson),
    ("译者：", Claim::TranslationPerson),
];

fn text_contradictions(text: &str, facts: &Facts) -> Vec<Contradiction> {
    // ASCII lowercase keeps byte offsets, so a label found in `lower` is at the same place in
    // `text`, whose names are shown as written. The labels are ASCII or Chinese.
    let lower = text.to_ascii_lowercase();
    let mut found = Vec::new();
    let says = |phrases: &[&'static str]| phrases.iter().find(|p| lower.contains(**p)).copied();
    let (human, machine) = (says(HUMAN_PHRASES), says(MACHINE_PHRASES));
    // A post-edited machine translation may well mention the human who post-edited; only a
    // page that claims a person translated and never mentions a machine contradicts it.
    let wrong = match facts.method {
        Method::Machine => human,
        Method::MachinePostEdit => human.filter(|_| machine.is_none()),
        Method::Human => machine,
        _ => None,
    };
    if let Some(phrase) = wrong {
        found.push(Contradiction {
            claim: Claim::Method,
            page: phrase.to_owned(),
            record: facts.method.describe().to_owned(),
        });
    }
    for &(label, claim) in NAME_LABELS {
        let record = record_names(facts, claim);
        // Each label is looked for a bounded number of times.
        for (at, _) in lower.match_indices(label).take(MAX_CONTRADICTIONS) {
            if inside_longer_label(&lower, label, at) {
                continue;
            }
            let Some(rest) = text.get(at + label.len()..) else {
                continue;
            };
            for name in claimed_names(rest) {
                if !record.iter().any(|r| same_name(r, &name)) {
                    found.push(Contradiction {
                        claim,
                        page: name,
                        record: describe(&record),
                    });
                }
            }
        }
    }
    found
}

/// Whether the label found at `at` is the end of a longer label found there: "edited by" in
/// "post-edited by", "编辑：" in "译后编辑：". The longer label's claim is the one made.
fn inside_longer_label(lower: &str, label: &str, at: usize) -> bool {
    let before = &lower[..at + label.len()];
    NAME_LABELS.iter().any(|&(longer, _)| {
        longer.len() > label.len() && longer.ends_with(label) && before.ends_with(longer)
    })
}

/// Words that open a description rather than a name.
const DETERMINERS: &[&str] = &[
    "a", "an", "the", "our", "their", "its", "one", "two", "several", "human",
];

fn record_names(facts: &Facts, claim: Claim) -> Vec<String> {
    let parties: Vec<&Party> = match claim {
        Claim::Editor => facts.editors.iter().collect(),
        Claim::PostEditor => facts.post_editors.iter().collect(),
        _ => facts.translators.iter().collect(),
    };
    names(&parties)
}

/// The names after a label: up to the end of the clause, split at "and", "&" and "、".
fn claimed_names(rest: &str) -> Vec<String> {
    let clause_end = rest
        .find(|c: char| {
            matches!(
                c,
                '.' | ',' | ';' | '(' | '。' | '，' | '；' | '（' | '|' | '\n'
            )
        })
        .unwrap_or(rest.len());
    // A name is short: at most 200 characters of the clause are read.
    let clause_end = rest
        .char_indices()
        .nth(200)
        .map_or(clause_end, |(i, _)| i.min(clause_end));
    let clause = &rest[..clause_end];
    clause
        .split(" and ")
        .flat_map(|s| s.split(['&', '、']))
        .map(normalise)
        // "post-edited by a professional translator" describes, it does not name.
        .filter(|s| {
            let first = s.split(' ').next().unwrap_or("").to_ascii_lowercase();
            !s.is_empty() && !DETERMINERS.contains(&first.as_str())
        })
        .take(MAX_CONTRADICTIONS)
        .collect()
}
