//! Language tags (BCP 47, RFC 5646) checked against the IANA Language Subtag Registry, with a
//! suggestion when a tag is wrong in a way people often get it wrong.
//!
//! A record's `sourceLanguage` and `targetLanguage` are read by machines (C2PA's
//! `c2pa.translated`, search engines, screen readers), so a tag must be **valid** (RFC 5646
//! §2.2.9), not merely well-formed: `cn` has the shape of a language subtag but is the region
//! China, and `xx-Fooo` has the shape of a language and a script but names neither. Shape is
//! checked by `oxilangtag`; every language, extended language, script, region and variant subtag
//! is then looked up in the registry, which tprov embeds (`language-subtag-registry.tsv`, made
//! by `tools/language_registry.py`; its date is [`registry_file_date`]). Nothing is fetched at
//! run time.
//!
//! What is refused, and what is suggested:
//!
//! - a region code where the language goes: "`cn` is a region code (China), not a language;
//!   did you mean zh or zh-CN?";
//! - a three-letter ISO 639-2 code that BCP 47 spells with two letters (`eng`, `chi`, `ger`):
//!   the two-letter tag;
//! - a language name (`english`, `Chinese`): the tag whose registry description it is;
//! - `_` for `-` (`zh_CN`): `zh-CN`;
//! - a deprecated subtag or tag (`iw`, `zh-cmn-Hans`): its preferred value;
//! - a subtag the registry does not know (`xx`, `Fooo`), and a repeated variant or extension.
//!
//! Private-use tags (`x-…`), the private-use ranges (`qaa`–`qtz`, `Qaaa`–`Qabx`, `QM`–`QZ`,
//! `XA`–`XZ`) and extensions (`-u-…`, `-t-…`) are accepted as they are. The `Prefix` fields of
//! variants and extended languages are not enforced (RFC 5646 makes most of them advice).

use std::fmt;
use std::sync::OnceLock;

use oxilangtag::LanguageTag;

/// The registry, compacted: one record per line (type, subtag or tag, deprecation date,
/// preferred value, prefixes, descriptions), after a header giving its `File-Date`.
const REGISTRY: &str = include_str!("language-subtag-registry.tsv");

/// The longest tag examined. Real tags are short (`zh-Hans-CN`); a longer input is a mistake,
/// and the bound keeps the suggestion search small.
pub const MAX_TAG_LEN: usize = 64;

/// The most suggestions given for one mistake.
const MAX_SUGGESTIONS: usize = 3;

/// A kind of subtag the registry lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SubtagKind {
    /// The primary language (`zh`).
    Language,
    /// An extended language (`yue` in `zh-yue`).
    Extlang,
    /// A script (`Hans`).
    Script,
    /// A region (`CN`, `419`).
    Region,
    /// A variant (`pinyin`).
    Variant,
    /// A whole tag registered as grandfathered (`i-klingon`) or redundant (`zh-cmn-Hans`).
    Tag,
}

impl SubtagKind {
    fn registry_type(self) -> &'static str {
        match self {
            Self::Language => "language",
            Self::Extlang => "extlang",
            Self::Script => "script",
            Self::Region => "region",
            Self::Variant => "variant",
            Self::Tag => "tag",
        }
    }
}

impl fmt::Display for SubtagKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Extlang => "extended language",
            other => other.registry_type(),
        })
    }
}

/// Why a language tag is refused. Every message names the tag and, where one is likely, says
/// which tag was probably meant.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum LanguageTagError {
    /// Nothing was given.
    #[error("the language tag is empty; give a BCP 47 tag such as zh, en, zh-Hans or pt-BR")]
    Empty,
    /// The input is far longer than any real tag.
    #[error(
        "the language tag is {len} characters long; a BCP 47 tag is short (zh, en-GB, zh-Hans-CN)"
    )]
    TooLong {
        /// Its length in characters.
        len: usize,
    },
    /// The tag does not have BCP 47's shape (RFC 5646 §2.1).
    #[error(
        "{tag:?} is not a BCP 47 language tag ({reason}){}",
        did_you_mean_or(
            suggestions,
            "; the form is language[-Script][-REGION], as in zh, en-GB or zh-Hans-CN"
        )
    )]
    Malformed {
        /// The tag as given.
        tag: String,
        /// The parser's explanation.
        reason: String,
        /// Likely intended tags, best first (may be empty).
        suggestions: Vec<String>,
    },
    /// A region code stands where the language goes (`cn` for Chinese).
    #[error(
        "{tag:?}: {subtag} is a region code ({region}), not a language{}",
        did_you_mean_or(suggestions, "; give the language first, as in en-GB")
    )]
    RegionAsLanguage {
        /// The tag as given.
        tag: String,
        /// The region subtag in the language's place.
        subtag: String,
        /// The region's name in the registry.
        region: String,
        /// Likely intended tags, best first (may be empty).
        suggestions: Vec<String>,
    },
    /// A subtag is not in the registry.
    #[error(
        "{tag:?}: {subtag} is not a registered {kind} subtag (IANA Language Subtag Registry of {}){}",
        registry_file_date(),
        did_you_mean(suggestions)
    )]
    Unregistered {
        /// The tag as given.
        tag: String,
        /// Which part of the tag.
        kind: SubtagKind,
        /// The unregistered subtag.
        subtag: String,
        /// Likely intended tags, best first (may be empty).
        suggestions: Vec<String>,
    },
    /// A subtag or the whole tag is deprecated; the registry names its replacement.
    #[error(
        "{tag:?}: the {kind} {subtag} is deprecated in the IANA Language Subtag Registry; write {suggestion}"
    )]
    Deprecated {
        /// The tag as given.
        tag: String,
        /// Which part of the tag.
        kind: SubtagKind,
        /// The deprecated subtag (or tag).
        subtag: String,
        /// The tag with the registry's preferred value in its place.
        suggestion: String,
    },
    /// A variant or an extension singleton appears twice (RFC 5646 §2.2.9).
    #[error("{tag:?}: {subtag} appears twice; a tag names each variant and extension once")]
    Repeated {
        /// The tag as given.
        tag: String,
        /// The repeated subtag.
        subtag: String,
    },
}

impl LanguageTagError {
    /// The likely intended tags, best first (empty when there is no good guess).
    pub fn suggestions(&self) -> Vec<String> {
        match self {
            Self::Malformed { suggestions, .. }
            | Self::RegionAsLanguage { suggestions, .. }
            | Self::Unregistered { suggestions, .. } => suggestions.clone(),
            Self::Deprecated { suggestion, .. } => vec![suggestion.clone()],
            _ => Vec::new(),
        }
    }
}

fn did_you_mean(suggestions: &[String]) -> String {
    did_you_mean_or(suggestions, "")
}

/// "; did you mean zh or zh-CN?", or `otherwise` when there is no suggestion.
fn did_you_mean_or(suggestions: &[String], otherwise: &str) -> String {
    match suggestions {
        [] => otherwise.to_owned(),
        [one] => format!("; did you mean {one}?"),
        [rest @ .., last] => format!("; did you mean {} or {last}?", rest.join(", ")),
    }
}

/// The `File-Date` of the embedded IANA Language Subtag Registry (`2025-08-25`).
pub fn registry_file_date() -> &'static str {
    REGISTRY
        .lines()
        .next()
        .and_then(|line| line.split("File-Date: ").nth(1))
        .unwrap_or("unknown date")
        .trim()
}

/// Checks that `tag` is a valid BCP 47 language tag: well-formed, every subtag registered in
/// the IANA Language Subtag Registry, none deprecated, no variant or extension repeated.
/// Case does not matter (`zh-hans-cn` is valid); the tag is not rewritten.
///
/// ```
/// use tprov::record::language::{check_language_tag, LanguageTagError};
/// assert!(check_language_tag("zh-Hans-CN").is_ok());
/// let err = check_language_tag("cn").unwrap_err();
/// assert!(matches!(err, LanguageTagError::RegionAsLanguage { .. }));
/// assert_eq!(err.to_string(), r#""cn": cn is a region code (China), not a language; did you mean zh or zh-CN?"#);
/// ```
pub fn check_language_tag(tag: &str) -> Result<(), LanguageTagError> {
    if tag.is_empty() {
        return Err(LanguageTagError::Empty);
    }
    let len = tag.chars().count();
    if len > MAX_TAG_LEN {
        return Err(LanguageTagError::TooLong { len });
    }
    let parsed = LanguageTag::parse(tag).map_err(|e| LanguageTagError::Malformed {
        tag: tag.to_owned(),
        reason: lowercase_first(&e.to_string()),
        suggestions: malformed_suggestions(tag),
    })?;
    let registry = Registry::get();
    if let Some(record) = registry
        .find("grandfathered", tag)
        .or_else(|| registry.find("redundant", tag))
    {
        return match record.deprecated {
            true => Err(LanguageTagError::Deprecated {
                tag: tag.to_owned(),
                kind: SubtagKind::Tag,
                subtag: record.subtag.to_owned(),
                suggestion: record.preferred.to_owned(),
            }),
            // Grandfathered tags without a replacement (`i-default`) are valid as they stand.
            false => Ok(()),
        };
    }
    if tag
        .get(..2)
        .is_some_and(|head| head.eq_ignore_ascii_case("x-"))
    {
        return Ok(()); // a private-use tag: its subtags mean what its users agree on
    }
    check_subtags(tag, &parsed, registry)
}

/// Looks every registered part of a well-formed tag up in the registry.
fn check_subtags(
    tag: &str,
    parsed: &LanguageTag<&str>,
    registry: &Registry,
) -> Result<(), LanguageTagError> {
    let language = parsed.primary_language();
    check_language_subtag(tag, language, registry)?;
    let mut parts: Vec<(SubtagKind, &str)> = parsed
        .extended_language_subtags()
        .map(|s| (SubtagKind::Extlang, s))
        .collect();
    parts.extend(parsed.script().map(|s| (SubtagKind::Script, s)));
    parts.extend(parsed.region().map(|s| (SubtagKind::Region, s)));
    parts.extend(parsed.variant_subtags().map(|s| (SubtagKind::Variant, s)));
    for (kind, subtag) in parts {
        let Some(record) = registry.find(kind.registry_type(), subtag) else {
            return Err(LanguageTagError::Unregistered {
                tag: tag.to_owned(),
                kind,
                subtag: subtag.to_owned(),
                suggestions: subtag_suggestions(tag, kind, subtag, registry),
            });
        };
        deprecation(tag, kind, subtag, record)?;
    }
    repeated(tag, parsed)
}

fn check_language_subtag(
    tag: &str,
    language: &str,
    registry: &Registry,
) -> Result<(), LanguageTagError> {
    if let Some(record) = registry.find("language", language) {
        return deprecation(tag, SubtagKind::Language, language, record);
    }
    // A private-use region range (`XA..XZ`) is no evidence that a region was meant.
    if let Some(region) = registry
        .find("region", language)
        .filter(|r| r.range().is_none())
    {
        let suggestions = region_languages(language)
            .iter()
            .flat_map(|lang| [(*lang).to_owned(), format!("{lang}-{}", region.subtag)])
            .collect();
        return Err(LanguageTagError::RegionAsLanguage {
            tag: tag.to_owned(),
            subtag: language.to_owned(),
            region: first_description(region),
            suggestions,
        });
    }
    Err(LanguageTagError::Unregistered {
        tag: tag.to_owned(),
        kind: SubtagKind::Language,
        subtag: language.to_owned(),
        suggestions: subtag_suggestions(tag, SubtagKind::Language, language, registry),
    })
}

fn deprecation(
    tag: &str,
    kind: SubtagKind,
    subtag: &str,
    record: &Record,
) -> Result<(), LanguageTagError> {
    if !record.deprecated {
        return Ok(());
    }
    let suggestion = if record.preferred.is_empty() {
        format!("a current {kind} subtag in place of {subtag}")
    } else {
        replace_subtag(tag, subtag, record.preferred)
    };
    Err(LanguageTagError::Deprecated {
        tag: tag.to_owned(),
        kind,
        subtag: subtag.to_owned(),
        suggestion,
    })
}

/// RFC 5646 §2.2.9: no variant and no extension singleton twice.
fn repeated(tag: &str, parsed: &LanguageTag<&str>) -> Result<(), LanguageTagError> {
    let variants: Vec<String> = parsed
        .variant_subtags()
        .map(|v| v.to_ascii_lowercase())
        .collect();
    let singletons: Vec<String> = parsed
        .extension_subtags()
        .map(|(singleton, _)| singleton.to_ascii_lowercase().to_string())
        .collect();
    for list in [variants, singletons] {
        for (i, item) in list.iter().enumerate() {
            if list[..i].contains(item) {
                return Err(LanguageTagError::Repeated {
                    tag: tag.to_owned(),
                    subtag: item.clone(),
                });
            }
        }
    }
    Ok(())
}

/// Suggestions for a tag that is not even well-formed: `_` for `-`, or a language's name.
fn malformed_suggestions(tag: &str) -> Vec<String> {
    let mut found = Vec::new();
    let dashed = tag.trim().replace('_', "-");
    if dashed != tag && check_language_tag(&dashed).is_ok() {
        found.push(dashed);
    }
    found.extend(named(tag, Registry::get()));
    found.truncate(MAX_SUGGESTIONS);
    found
}

/// Suggestions for an unregistered subtag, as whole tags with the subtag replaced.
fn subtag_suggestions(
    tag: &str,
    kind: SubtagKind,
    subtag: &str,
    registry: &Registry,
) -> Vec<String> {
    let lower = subtag.to_ascii_lowercase();
    let mut replacements: Vec<String> = match kind {
        SubtagKind::Language => ISO_639_2_TO_BCP47
            .iter()
            .filter(|(three, _)| *three == lower)
            .map(|(_, two)| (*two).to_owned())
            .collect(),
        SubtagKind::Region => REGION_MISTAKES
            .iter()
            .filter(|(wrong, _)| *wrong == lower)
            .map(|(_, right)| (*right).to_owned())
            .collect(),
        _ => Vec::new(),
    };
    if kind == SubtagKind::Language {
        replacements.extend(named(subtag, registry));
    }
    replacements.dedup();
    replacements.truncate(MAX_SUGGESTIONS);
    replacements
        .iter()
        .map(|new| replace_subtag(tag, subtag, new))
        .collect()
}

/// The tag with the first occurrence of `old` (a whole subtag, any case) replaced by `new`.
fn replace_subtag(tag: &str, old: &str, new: &str) -> String {
    let mut done = false;
    tag.split('-')
        .map(|part| {
            if !done && part.eq_ignore_ascii_case(old) {
                done = true;
                new
            } else {
                part
            }
        })
        .collect::<Vec<_>>()
        .join("-")
}

/// Languages whose registry description is `name` (case-insensitive), current ones first and
/// two-letter ones before longer ones: `english` → `en`.
fn named(name: &str, registry: &Registry) -> Vec<String> {
    let wanted = name.trim();
    if wanted.len() < 3 {
        return Vec::new();
    }
    let mut hits: Vec<&Record> = registry
        .records
        .iter()
        .filter(|r| r.kind == "language" && !r.deprecated)
        .filter(|r| r.descriptions().any(|d| d.eq_ignore_ascii_case(wanted)))
        .collect();
    hits.sort_by_key(|r| r.subtag.len());
    hits.iter()
        .take(MAX_SUGGESTIONS)
        .map(|r| r.subtag.to_owned())
        .collect()
}

/// The parser's sentence as a clause: "A subtag ..." → "a subtag ...".
fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_lowercase().chain(chars).collect()
    })
}

fn first_description(record: &Record) -> String {
    record.descriptions().next().unwrap_or("").to_owned()
}

/// The main language of a region whose code is often typed for the language (`cn` for
/// Chinese). Only regions that are not themselves language subtags can be mistaken this way
/// (`de` is German, `ca` Catalan); only unambiguous cases are listed.
fn region_languages(region: &str) -> &'static [&'static str] {
    let lower = region.to_ascii_lowercase();
    REGION_LANGUAGES
        .iter()
        .find(|(code, _)| *code == lower)
        .map_or(&[], |(_, languages)| *languages)
}

const REGION_LANGUAGES: &[(&str, &[&str])] = &[
    ("at", &["de"]),
    ("au", &["en"]),
    ("by", &["be"]),
    ("cn", &["zh"]),
    ("cz", &["cs"]),
    ("dk", &["da"]),
    ("eg", &["ar"]),
    ("gb", &["en"]),
    ("ge", &["ka"]),
    ("gr", &["el"]),
    ("hk", &["zh"]),
    ("il", &["he"]),
    ("ir", &["fa"]),
    ("jp", &["ja"]),
    ("kh", &["km"]),
    ("kp", &["ko"]),
    ("kz", &["kk"]),
    ("mx", &["es"]),
    ("np", &["ne"]),
    ("nz", &["en"]),
    ("pk", &["ur"]),
    ("rs", &["sr"]),
    ("tj", &["tg"]),
    ("tm", &["tk"]),
    ("ua", &["uk"]),
    ("us", &["en"]),
    ("vn", &["vi"]),
];

/// ISO 639-2 codes (bibliographic `chi` and terminologic `zho`) of languages BCP 47 writes
/// with their ISO 639-1 two-letter code; the registry lists only the two-letter form.
const ISO_639_2_TO_BCP47: &[(&str, &str)] = &[
    ("alb", "sq"),
    ("ara", "ar"),
    ("arm", "hy"),
    ("baq", "eu"),
    ("ben", "bn"),
    ("bod", "bo"),
    ("bur", "my"),
    ("ces", "cs"),
    ("chi", "zh"),
    ("cym", "cy"),
    ("cze", "cs"),
    ("dan", "da"),
    ("deu", "de"),
    ("dut", "nl"),
    ("ell", "el"),
    ("eng", "en"),
    ("eus", "eu"),
    ("fas", "fa"),
    ("fin", "fi"),
    ("fra", "fr"),
    ("fre", "fr"),
    ("geo", "ka"),
    ("ger", "de"),
    ("gre", "el"),
    ("heb", "he"),
    ("hin", "hi"),
    ("hun", "hu"),
    ("hye", "hy"),
    ("ice", "is"),
    ("ind", "id"),
    ("isl", "is"),
    ("ita", "it"),
    ("jpn", "ja"),
    ("kat", "ka"),
    ("kor", "ko"),
    ("mac", "mk"),
    ("mao", "mi"),
    ("may", "ms"),
    ("mkd", "mk"),
    ("mri", "mi"),
    ("msa", "ms"),
    ("mya", "my"),
    ("nld", "nl"),
    ("nor", "no"),
    ("per", "fa"),
    ("pol", "pl"),
    ("por", "pt"),
    ("ron", "ro"),
    ("rum", "ro"),
    ("rus", "ru"),
    ("slk", "sk"),
    ("slo", "sk"),
    ("spa", "es"),
    ("sqi", "sq"),
    ("swe", "sv"),
    ("tha", "th"),
    ("tib", "bo"),
    ("tur", "tr"),
    ("ukr", "uk"),
    ("urd", "ur"),
    ("vie", "vi"),
    ("wel", "cy"),
    ("zho", "zh"),
];

/// Region codes that are not ISO 3166 codes but are often written for one.
const REGION_MISTAKES: &[(&str, &str)] = &[("uk", "GB")];

/// One registry record, borrowing from the embedded file.
#[derive(Debug)]
struct Record {
    kind: &'static str,
    subtag: &'static str,
    key: String,
    deprecated: bool,
    preferred: &'static str,
    descriptions: &'static str,
}

impl Record {
    fn descriptions(&self) -> impl Iterator<Item = &'static str> {
        self.descriptions.split("; ")
    }

    /// A private-use range (`qaa..qtz`) as its bounds, lowercase.
    fn range(&self) -> Option<(String, String)> {
        let (low, high) = self.key.split_once("..")?;
        Some((low.to_owned(), high.to_owned()))
    }
}

/// The embedded registry, parsed once, sorted by type and lowercase subtag.
struct Registry {
    records: Vec<Record>,
}

impl Registry {
    fn get() -> &'static Self {
        static REGISTRY_TABLE: OnceLock<Registry> = OnceLock::new();
        REGISTRY_TABLE.get_or_init(Self::parse)
    }

    fn parse() -> Self {
        let mut records: Vec<Record> = REGISTRY
            .lines()
            .filter(|line| !line.starts_with('#') && !line.is_empty())
            .filter_map(|line| {
                let mut fields = line.split('\t');
                let kind = fields.next()?;
                let subtag = fields.next()?;
                let deprecated = !fields.next()?.is_empty();
                let preferred = fields.next()?;
                let _prefixes = fields.next()?;
                Some(Record {
                    kind,
                    subtag,
                    key: subtag.to_ascii_lowercase(),
                    deprecated,
                    preferred,
                    descriptions: fields.next().unwrap_or(""),
                })
            })
            .collect();
        records.sort_by(|a, b| (a.kind, &a.key).cmp(&(b.kind, &b.key)));
        Self { records }
    }

    /// The record of type `kind` for `subtag` (any case), or the private-use range holding it.
    fn find(&self, kind: &str, subtag: &str) -> Option<&Record> {
        let key = subtag.to_ascii_lowercase();
        let at = self
            .records
            .binary_search_by(|r| (r.kind, r.key.as_str()).cmp(&(kind, key.as_str())));
        if let Ok(at) = at {
            return Some(&self.records[at]);
        }
        self.records.iter().filter(|r| r.kind == kind).find(|r| {
            r.range()
                .is_some_and(|(low, high)| key.len() == low.len() && low <= key && key <= high)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn message(tag: &str) -> String {
        check_language_tag(tag).unwrap_err().to_string()
    }

    #[test]
    fn common_valid_tags_pass() {
        for tag in [
            "zh",
            "en",
            "zh-Hans",
            "zh-Hant-TW",
            "en-GB",
            "pt-BR",
            "es-419",
            "sr-Latn-RS",
            "de-CH-1996",
            "yue",
            "cmn-Hans",
            "i-default",
            "x-private",
            "en-x-house",
            "qaa",
            "en-QM",
            "EN-gb",
            "ja-JP-u-ca-japanese",
            "en-a-bbb-x-a-ccc",
            "sl-rozaj",
        ] {
            assert_eq!(check_language_tag(tag), Ok(()), "{tag}");
        }
    }

    #[test]
    fn a_region_for_a_language_suggests_the_language() {
        assert_eq!(
            message("cn"),
            r#""cn": cn is a region code (China), not a language; did you mean zh or zh-CN?"#
        );
        let err = check_language_tag("jp").unwrap_err();
        assert_eq!(err.suggestions(), vec!["ja", "ja-JP"]);
        // A region without an obvious language still says what it is and what to write.
        assert!(message("aq").contains("give the language first, as in en-GB"));
    }

    #[test]
    fn unregistered_subtags_are_named_with_the_registry_date() {
        let m = message("xx-Fooo");
        assert!(
            m.starts_with(r#""xx-Fooo": xx is not a registered language subtag (IANA Language Subtag Registry of 20"#),
            "{m}"
        );
        assert!(!m.contains("did you mean"), "{m}");
        assert!(matches!(
            check_language_tag("zh-Fooo"),
            Err(LanguageTagError::Unregistered {
                kind: SubtagKind::Script,
                ..
            })
        ));
        assert!(matches!(
            check_language_tag("de-DX"),
            Err(LanguageTagError::Unregistered {
                kind: SubtagKind::Region,
                ..
            })
        ));
        assert!(matches!(
            check_language_tag("de-fooish"),
            Err(LanguageTagError::Unregistered {
                kind: SubtagKind::Variant,
                ..
            })
        ));
        assert!(matches!(
            check_language_tag("zh-qqq"),
            Err(LanguageTagError::Unregistered {
                kind: SubtagKind::Extlang,
                ..
            })
        ));
    }

    #[test]
    fn three_letter_codes_names_and_underscores_get_suggestions() {
        assert_eq!(
            check_language_tag("eng").unwrap_err().suggestions(),
            vec!["en"]
        );
        assert_eq!(
            check_language_tag("chi-TW").unwrap_err().suggestions(),
            vec!["zh-TW"]
        );
        assert_eq!(
            check_language_tag("english").unwrap_err().suggestions(),
            vec!["en"]
        );
        assert_eq!(
            check_language_tag("Chinese").unwrap_err().suggestions(),
            vec!["zh"]
        );
        assert_eq!(
            check_language_tag("en-UK").unwrap_err().suggestions(),
            vec!["en-GB"]
        );
        let err = check_language_tag("zh_CN").unwrap_err();
        assert!(matches!(err, LanguageTagError::Malformed { .. }), "{err}");
        assert_eq!(err.suggestions(), vec!["zh-CN"]);
        assert!(err.to_string().ends_with("; did you mean zh-CN?"), "{err}");
    }

    #[test]
    fn deprecated_subtags_and_tags_name_their_replacement() {
        assert_eq!(
            message("iw"),
            r#""iw": the language iw is deprecated in the IANA Language Subtag Registry; write he"#
        );
        assert_eq!(
            check_language_tag("my-BU").unwrap_err().suggestions(),
            vec!["my-MM"]
        );
        assert_eq!(
            check_language_tag("zh-cmn-Hans").unwrap_err().suggestions(),
            vec!["cmn-Hans"]
        );
        assert_eq!(
            check_language_tag("i-klingon").unwrap_err().suggestions(),
            vec!["tlh"]
        );
        assert_eq!(
            check_language_tag("zh-yue").unwrap_err().suggestions(),
            vec!["yue"]
        );
    }

    #[test]
    fn malformed_empty_long_and_repeated_tags_are_refused() {
        assert_eq!(check_language_tag(""), Err(LanguageTagError::Empty));
        assert!(matches!(
            check_language_tag(&"a".repeat(65)),
            Err(LanguageTagError::TooLong { len: 65 })
        ));
        for tag in [
            "zh-",
            "-zh",
            "zh--CN",
            "zh-CN-Hans",
            "e",
            "en-a",
            "中文",
            "en US",
        ] {
            assert!(
                matches!(
                    check_language_tag(tag),
                    Err(LanguageTagError::Malformed { .. })
                ),
                "{tag}"
            );
        }
        assert!(matches!(
            check_language_tag("de-1996-1996"),
            Err(LanguageTagError::Repeated { .. })
        ));
        assert!(matches!(
            check_language_tag("en-a-aaa-a-bbb"),
            Err(LanguageTagError::Repeated { .. }) | Err(LanguageTagError::Malformed { .. })
        ));
    }

    #[test]
    fn the_registry_has_a_date_and_its_private_use_ranges_work() {
        let date = registry_file_date();
        assert!(date.parse::<jiff::civil::Date>().is_ok(), "{date}");
        let registry = Registry::get();
        assert!(registry.records.len() > 9000);
        assert!(registry.find("language", "qtz").is_some());
        assert!(registry.find("language", "qua").is_some());
        assert!(registry.find("language", "qzzz").is_none());
        assert!(registry.find("script", "Qaab").is_some());
        assert!(registry.find("region", "xz").is_some());
    }
}
