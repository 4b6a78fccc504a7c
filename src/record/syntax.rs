//! Well-formedness of the predicate's language tags and dates, checked before a record is built.

use jiff::Timestamp;

use crate::record::RecordError;

pub(crate) fn language(
    value: Option<&str>,
    field: &'static str,
    flag: &'static str,
) -> Result<String, RecordError> {
    let tag = value.ok_or(RecordError::Missing {
        field,
        hint: if flag == "--source-lang" {
            "give the source language with --source-lang (a BCP 47 tag such as zh)"
        } else {
            "give the target language with --target-lang (a BCP 47 tag such as en)"
        },
    })?;
    if is_bcp47(tag) {
        Ok(tag.to_owned())
    } else {
        Err(RecordError::LanguageTag {
            field,
            value: tag.to_owned(),
        })
    }
}

/// Well-formedness of a BCP 47 tag (RFC 5646 §2.1), without registry look-up: a 2–3 letter
/// primary language subtag (or `x`/`i` for private and grandfathered tags), then subtags of 1–8
/// letters or digits. RFC 5646 reserves 5–8 letter primary subtags but none is registered, so
/// they are refused: that catches `english` or `chinese` given for `en` or `zh`.
pub fn is_bcp47(tag: &str) -> bool {
    let subtags: Vec<&str> = tag.split('-').collect();
    let well_formed_subtag =
        |s: &&str| (1..=8).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_alphanumeric());
    let primary = subtags[0];
    let primary_ok = (matches!(primary.len(), 2 | 3)
        && primary.bytes().all(|b| b.is_ascii_alphabetic()))
        || primary.eq_ignore_ascii_case("x")
        || primary.eq_ignore_ascii_case("i");
    // A single-character subtag (an extension or private-use singleton, or the `x`/`i` prefix)
    // must be followed by at least one more subtag: `en-a` and `zh-x` are not well-formed.
    // After the private-use singleton `x`, subtags are free-form (`en-x-a` is well-formed).
    let private_use = subtags
        .iter()
        .position(|s| s.eq_ignore_ascii_case("x"))
        .unwrap_or(subtags.len());
    // An extension singleton needs a subtag of 2–8 characters after it (RFC 5646 §2.1).
    let singletons_followed = subtags[..private_use]
        .iter()
        .enumerate()
        .all(|(i, s)| s.len() != 1 || subtags.get(i + 1).is_some_and(|next| next.len() >= 2))
        && (private_use == subtags.len() || private_use + 1 < subtags.len());
    primary_ok && singletons_followed && subtags.iter().all(well_formed_subtag)
}

pub(crate) fn check_date(text: &str, field: &'static str) -> Result<(), RecordError> {
    let is_date = text.parse::<jiff::civil::Date>().is_ok() && text.len() == 10;
    if is_date || text.parse::<Timestamp>().is_ok() {
        Ok(())
    } else {
        Err(RecordError::Date {
            field,
            value: text.to_owned(),
        })
    }
}
