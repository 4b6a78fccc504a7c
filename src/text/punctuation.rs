//! Punctuation variants of a sentence, for telling from a digest alone that a changed sentence
//! differs only in its quotation marks, apostrophes, dashes or ellipses. Matching never folds
//! these (the quotation-mark style is the publisher's text); only the diagnosis tries them.

use serde::Serialize;

/// A kind of punctuation a variant changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum PunctuationKind {
    /// Double quotation marks: "…", “…”, „…“, «…», »…«, 「…」, 『…』.
    QuotationMarks,
    /// Single quotation marks and apostrophes: ' ’ ‘.
    Apostrophes,
    /// Dashes: -- — –.
    Dashes,
    /// Ellipses: ... and ….
    Ellipsis,
}

const DOUBLE: &[char] = &[
    '"', '“', '”', '„', '‟', '«', '»', '「', '」', '『', '』', '〝', '〞', '＂',
];
const DOUBLE_STYLES: &[(char, char)] = &[
    ('"', '"'),
    ('“', '”'),
    ('„', '“'),
    ('«', '»'),
    ('»', '«'),
    ('「', '」'),
    ('『', '』'),
    ('＂', '＂'),
];
const SINGLE: &[char] = &['\'', '‘', '’', '‚', '‛'];

/// The most variants tried per sentence (the product of the styles below is larger only for a
/// sentence that mixes every kind of punctuation).
const MAX_VARIANTS: usize = 96;

/// Variants of `text` with its punctuation restyled, each with the kinds it changed. The
/// identity is not included; the count is bounded by [`MAX_VARIANTS`].
pub(crate) fn variants(text: &str) -> Vec<(String, Vec<PunctuationKind>)> {
    let doubles: Vec<Option<(char, char)>> = if text.contains(DOUBLE) {
        std::iter::once(None)
            .chain(DOUBLE_STYLES.iter().copied().map(Some))
            .collect()
    } else {
        vec![None]
    };
    let singles: &[u8] = if text.contains(SINGLE) {
        &[0, 1, 2, 3]
    } else {
        &[0]
    };
    let dashes: &[u8] = if text.contains(['—', '–']) || text.contains("--") {
        &[0, 1, 2, 3]
    } else {
        &[0]
    };
    let ellipses: &[u8] = if text.contains('…') || text.contains("...") {
        &[0, 1, 2]
    } else {
        &[0]
    };
    let mut out = Vec::new();
    for &double in &doubles {
        for &single in singles {
            for &dash in dashes {
                for &ellipsis in ellipses {
                    if double.is_none() && single == 0 && dash == 0 && ellipsis == 0 {
                        continue;
                    }
                    if out.len() == MAX_VARIANTS {
                        return out;
                    }
                    let mut kinds = Vec::new();
                    let mut variant = restyle_double(text, double, &mut kinds);
                    variant = restyle_single(&variant, single, &mut kinds);
                    variant = restyle_dashes(&variant, dash, &mut kinds);
                    variant = restyle_ellipsis(&variant, ellipsis, &mut kinds);
                    if variant != text {
                        out.push((variant, kinds));
                    }
                }
            }
        }
    }
    out
}

/// Every double quotation mark made `style`, alternating opening and closing marks.
fn restyle_double(
    text: &str,
    style: Option<(char, char)>,
    kinds: &mut Vec<PunctuationKind>,
) -> String {
    let Some((open, close)) = style else {
        return text.to_owned();
    };
    kinds.push(PunctuationKind::QuotationMarks);
    let mut opening = true;
    text.chars()
        .map(|c| {
            if DOUBLE.contains(&c) {
                let mark = if opening { open } else { close };
                opening = !opening;
                mark
            } else {
                c
            }
        })
        .collect()
}

/// 1: every single mark straight; 2: every one ’; 3: ‘ after a space or at the start, else ’.
fn restyle_single(text: &str, style: u8, kinds: &mut Vec<PunctuationKind>) -> String {
    if style == 0 {
        return text.to_owned();
    }
    kinds.push(PunctuationKind::Apostrophes);
    let mut previous = ' ';
    text.chars()
        .map(|c| {
            let mapped = match (SINGLE.contains(&c), style) {
                (false, _) => c,
                (true, 1) => '\'',
                (true, 2) => '’',
                (true, _) if previous.is_alphanumeric() => '’',
                (true, _) => '‘',
            };
            previous = c;
            mapped
        })
        .collect()
}

/// 1: em dash as --; 2: -- as em dash; 3: en and em dash swapped.
fn restyle_dashes(text: &str, style: u8, kinds: &mut Vec<PunctuationKind>) -> String {
    let restyled = match style {
        1 => text.replace('—', "--"),
        2 => text.replace("--", "—"),
        3 => text
            .chars()
            .map(|c| match c {
                '—' => '–',
                '–' => '—',
                c => c,
            })
            .collect(),
        _ => return text.to_owned(),
    };
    kinds.push(PunctuationKind::Dashes);
    restyled
}

/// 1: … as ...; 2: ... as ….
fn restyle_ellipsis(text: &str, style: u8, kinds: &mut Vec<PunctuationKind>) -> String {
    let restyled = match style {
        1 => text.replace('…', "..."),
        2 => text.replace("...", "…"),
        _ => return text.to_owned(),
    };
    kinds.push(PunctuationKind::Ellipsis);
    restyled
}

/// Whether two texts have the same words (UAX #29 words: letters, digits and the characters
/// that join them) in the same order — so they differ at most in punctuation and spacing.
/// This needs both texts; from digests alone only [`variants`] can tell.
pub fn same_words(a: &str, b: &str) -> bool {
    use unicode_segmentation::UnicodeSegmentation;
    a.unicode_words().eq(b.unicode_words())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_restore_the_signed_quotation_marks() {
        let copy = "He said \"no\" and didn't stop...";
        let signed = "He said “no” and didn’t stop…";
        let found = variants(copy).into_iter().find(|(v, _)| v == signed);
        let (_, kinds) = found.expect("the curly-quote variant is tried");
        assert_eq!(
            kinds,
            [
                PunctuationKind::QuotationMarks,
                PunctuationKind::Apostrophes,
                PunctuationKind::Ellipsis
            ]
        );
        assert!(variants("No punctuation here").is_empty());
        assert!(variants("\"a\" 'b' -- ...").len() <= MAX_VARIANTS);
    }

    #[test]
    fn same_words_ignores_punctuation_only() {
        assert!(same_words("He said “no.”", "He said \"no\"!"));
        assert!(!same_words("now here", "nowhere"));
        assert!(!same_words("It rose 5%.", "It rose 6%."));
    }
}
