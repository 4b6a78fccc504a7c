//! The disclosure sentence in English and Chinese, as pieces: tprov's own words, and the
//! record's strings (names, titles, an address) kept apart so each format escapes them its way.

use jiff::Timestamp;
use jiff::civil::Date;

use super::{Facts, Language, Party, language_name};
use crate::record::{AgentKind, Method};

/// A piece of the sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Piece {
    /// tprov's own words.
    Words(String),
    /// A string from the record (a name, a title, a date).
    Value(String),
    /// An address from the record.
    Address(String),
}

/// Builds a sentence from pieces.
#[derive(Default)]
struct Builder(Vec<Piece>);

impl Builder {
    fn words(&mut self, words: &str) -> &mut Self {
        if let Some(Piece::Words(last)) = self.0.last_mut() {
            last.push_str(words);
        } else {
            self.0.push(Piece::Words(words.to_owned()));
        }
        self
    }
    fn value(&mut self, value: &str) -> &mut Self {
        self.0.push(Piece::Value(value.to_owned()));
        self
    }
    fn address(&mut self, address: &str) -> &mut Self {
        self.0.push(Piece::Address(address.to_owned()));
        self
    }
    /// Parties joined: "A, B and C" in English, "A、B、C" in Chinese.
    fn parties(&mut self, parties: &[Party], language: Language) -> &mut Self {
        let count = parties.len();
        for (i, party) in parties.iter().enumerate() {
            if i > 0 {
                self.words(match (language, i + 1 == count) {
                    (Language::English, true) => " and ",
                    (Language::English, false) => ", ",
                    (Language::Chinese, _) => "、",
                });
            }
            self.party(party, language);
        }
        self
    }
    fn party(&mut self, party: &Party, language: Language) -> &mut Self {
        let Some(name) = &party.name else {
            return self.words(unnamed(&party.kind, language));
        };
        self.value(name);
        if let Some(version) = &party.version {
            self.words(" ").value(version);
        }
        if let Some(model) = &party.model {
            match language {
                Language::English => self.words(" (model ").value(model).words(")"),
                Language::Chinese => self.words("（模型：").value(model).words("）"),
            };
        }
        self
    }
}

fn unnamed(kind: &AgentKind, language: Language) -> &'static str {
    match (kind, language) {
        (AgentKind::Person, Language::English) => "a person who was not named",
        (AgentKind::Person, Language::Chinese) => "未具名的人士",
        (AgentKind::Organization, Language::English) => "an organisation that was not named",
        (AgentKind::Organization, Language::Chinese) => "未具名的机构",
        (_, Language::English) => "an AI system that was not named",
        (_, Language::Chinese) => "未具名的人工智能系统",
    }
}

/// The sentence's pieces.
pub(super) fn pieces(facts: &Facts, language: Language, signers: &[String]) -> Vec<Piece> {
    let mut b = Builder::default();
    match language {
        Language::English => english(&mut b, facts, signers),
        Language::Chinese => chinese(&mut b, facts, signers),
    }
    b.0
}

/// Who translated: the translator agents, or, for a machine translation that names no engine,
/// an unnamed AI system (never nothing: the reader must learn that a machine translated).
fn translators(facts: &Facts) -> Vec<Party> {
    let machine = matches!(facts.method, Method::Machine | Method::MachinePostEdit);
    let has_software = facts
        .translators
        .iter()
        .any(|p| p.kind == AgentKind::Software);
    let mut parties = facts.translators.clone();
    if machine && !has_software {
        parties.insert(
            0,
            Party {
                kind: AgentKind::Software,
                name: None,
                version: None,
                model: None,
            },
        );
    }
    parties
}

fn english(b: &mut Builder, facts: &Facts, signers: &[String]) {
    let machine = matches!(facts.method, Method::Machine | Method::MachinePostEdit);
    b.words(if machine {
        "Machine-translated from "
    } else {
        "Translated from "
    })
    .words(&language_name(&facts.source_language, Language::English))
    .words(" into ")
    .words(&language_name(&facts.target_language, Language::English));
    let translators = translators(facts);
    if !translators.is_empty() {
        b.words(" by ").parties(&translators, Language::English);
    }
    let revisions = [
        ("post-edited by ", &facts.post_editors),
        ("reviewed by ", &facts.reviewers),
        ("edited by ", &facts.editors),
    ];
    let present: Vec<_> = revisions.iter().filter(|(_, p)| !p.is_empty()).collect();
    for (i, (verb, parties)) in present.iter().enumerate() {
        b.words(if i + 1 == present.len() && i > 0 {
            " and "
        } else {
            ", "
        })
        .words(verb)
        .parties(parties, Language::English);
    }
    b.words(".");
    let o = &facts.original;
    if o.title.is_some() || o.author.is_some() || o.publisher.is_some() || o.uri.is_some() {
        b.words(" Original");
        if let Some(title) = &o.title {
            b.words(" “").value(title).words("”");
        }
        if let Some(author) = &o.author {
            b.words(" by ").value(author);
        }
        if let Some(publisher) = &o.publisher {
            b.words(if o.author.is_some() {
                ", published by "
            } else {
                " published by "
            })
            .value(publisher);
        }
        if let Some(published) = &o.published {
            b.words(" on ").value(&date(published, Language::English));
        }
        if let Some(uri) = &o.uri {
            b.words(": ").address(uri);
        }
        b.words(".");
    }
    if !facts.publishers.is_empty() {
        b.words(" Published by ")
            .parties(&facts.publishers, Language::English)
            .words(".");
    }
    if !signers.is_empty() {
        b.words(" Signed by ")
            .parties(&named(signers), Language::English)
            .words(".");
    }
}

fn chinese(b: &mut Builder, facts: &Facts, signers: &[String]) {
    let machine = matches!(facts.method, Method::Machine | Method::MachinePostEdit);
    b.words("本文");
    let translators = translators(facts);
    if !translators.is_empty() {
        b.words("由").parties(&translators, Language::Chinese);
    }
    b.words("从")
        .words(&language_name(&facts.source_language, Language::Chinese))
        .words(if machine {
            "机器翻译为"
        } else {
            "翻译为"
        })
        .words(&language_name(&facts.target_language, Language::Chinese));
    let revisions = [
        ("经", "译后编辑", &facts.post_editors),
        ("经", "审校", &facts.reviewers),
        ("由", "编辑", &facts.editors),
    ];
    for (before, after, parties) in revisions {
        if !parties.is_empty() {
            b.words("，")
                .words(before)
                .parties(parties, Language::Chinese)
                .words(after);
        }
    }
    b.words("。");
    let o = &facts.original;
    if o.title.is_some() || o.author.is_some() || o.publisher.is_some() || o.uri.is_some() {
        b.words("原文");
        let mut first = o.title.is_none();
        if let Some(title) = &o.title {
            b.words("《").value(title).words("》");
        }
        let mut comma = |b: &mut Builder| {
            if !std::mem::replace(&mut first, false) {
                b.words("，");
            }
        };
        if let Some(author) = &o.author {
            comma(b);
            b.words("作者为").value(author);
        }
        if o.publisher.is_some() || o.published.is_some() {
            comma(b);
            if let Some(publisher) = &o.publisher {
                b.words("由").value(publisher);
            }
            if let Some(published) = &o.published {
                b.words("于").value(&date(published, Language::Chinese));
            }
            b.words("首发");
        }
        if let Some(uri) = &o.uri {
            comma(b);
            b.words("网址：").address(uri);
        }
        b.words("。");
    }
    if !facts.publishers.is_empty() {
        b.words("发布者：")
            .parties(&facts.publishers, Language::Chinese)
            .words("。");
    }
    if !signers.is_empty() {
        b.words("签署者：")
            .parties(&named(signers), Language::Chinese)
            .words("。");
    }
}

fn named(names: &[String]) -> Vec<Party> {
    names
        .iter()
        .map(|name| Party {
            kind: AgentKind::Organization,
            name: Some(name.clone()),
            version: None,
            model: None,
        })
        .collect()
}

/// A publication date for people: `2025-01-10` → "10 January 2025" / "2025年1月10日"; a
/// year-month or a year likewise; anything else as written.
fn date(text: &str, language: Language) -> String {
    const MONTHS: [&str; 12] = [
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
    ];
    let parsed = text.parse::<Date>().ok().or_else(|| {
        text.parse::<Timestamp>()
            .ok()
            .map(|t| jiff::tz::TimeZone::UTC.to_datetime(t).date())
    });
    let (year, month, day) = match parsed {
        Some(d) => (d.year(), Some(d.month()), Some(d.day())),
        None => match text.split('-').collect::<Vec<_>>()[..] {
            [y] if y.len() == 4 => (y.parse().unwrap_or(0), None, None),
            [y, m] if y.len() == 4 && m.len() == 2 => (
                y.parse().unwrap_or(0),
                m.parse().ok().filter(|m| (1..=12).contains(m)),
                None,
            ),
            _ => (0, None, None),
        },
    };
    if year == 0 || (text.split('-').count() == 2 && month.is_none()) {
        return text.to_owned();
    }
    match (language, month, day) {
        (Language::English, Some(m), Some(d)) => format!("{d} {} {year}", MONTHS[m as usize - 1]),
        (Language::English, Some(m), None) => format!("{} {year}", MONTHS[m as usize - 1]),
        (Language::English, None, _) => year.to_string(),
        (Language::Chinese, Some(m), Some(d)) => format!("{year}年{m}月{d}日"),
        (Language::Chinese, Some(m), None) => format!("{year}年{m}月"),
        (Language::Chinese, None, _) => format!("{year}年"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_for_people() {
        assert_eq!(date("2025-01-10", Language::English), "10 January 2025");
        assert_eq!(date("2025-01", Language::English), "January 2025");
        assert_eq!(date("2025", Language::Chinese), "2025年");
        assert_eq!(date("2025-01-10", Language::Chinese), "2025年1月10日");
        assert_eq!(
            date("2025-11-24T23:30:00Z", Language::English),
            "24 November 2025"
        );
        assert_eq!(date("2025-13", Language::English), "2025-13");
        assert_eq!(date("soon", Language::English), "soon");
    }
}
