//! Reading tprov's elements back out of a page with an HTML5 tree builder (html5ever through
//! `scraper`): entities are decoded and misnested markup is repaired exactly as a browser does,
//! so what is read is what a reader's browser holds.

use scraper::{ElementRef, Html, Selector};

use super::{
    DISCLOSURE_ATTRIBUTE, ENVELOPE_ELEMENT_ID, ENVELOPE_MEDIA_TYPE, EmbedError, Embedded,
    HAS_PROVENANCE_REL, MAX_EMBEDDED_ITEMS, PageDisclosure, charset::decode_html, one_envelope,
};
use crate::crypto::dsse::MAX_ENVELOPE_BYTES;

/// The most bytes of a disclosure element's text that are kept: a sentence or two is expected,
/// and the check compares only what it can show.
const MAX_DISCLOSURE_BYTES: usize = 8 * 1024;

pub(super) fn extract(
    page: &[u8],
    transport_charset: Option<&str>,
) -> Result<Embedded, EmbedError> {
    let text = decode_html(page, transport_charset)?;
    let document = Html::parse_document(&text);
    Ok(Embedded {
        envelope: one_envelope(carriers(&document)?)?,
        provenance_links: provenance_links(&document)?,
        disclosures: disclosures(&document)?,
    })
}

/// The disclosure elements alone: a page verified against an envelope from elsewhere may carry
/// any embedded envelope, even a broken one, without that stopping its disclosure check.
pub(super) fn extract_disclosures(
    page: &[u8],
    transport_charset: Option<&str>,
) -> Result<Vec<PageDisclosure>, EmbedError> {
    let text = decode_html(page, transport_charset)?;
    disclosures(&Html::parse_document(&text))
}

fn selector(text: &str) -> Selector {
    Selector::parse(text).expect("a constant selector parses")
}

fn bounded<'a>(
    found: impl Iterator<Item = ElementRef<'a>>,
    what: &'static str,
) -> Result<Vec<ElementRef<'a>>, EmbedError> {
    let items: Vec<_> = found.take(MAX_EMBEDDED_ITEMS + 1).collect();
    if items.len() > MAX_EMBEDDED_ITEMS {
        Err(EmbedError::TooManyItems { what })
    } else {
        Ok(items)
    }
}

/// The text of every script that carries an envelope: by its id or by its media type.
fn carriers(document: &Html) -> Result<Vec<Vec<u8>>, EmbedError> {
    let scripts = selector(&format!(
        "script#{ENVELOPE_ELEMENT_ID}, script[type=\"{ENVELOPE_MEDIA_TYPE}\" i]"
    ));
    let elements = bounded(document.select(&scripts), "embedded envelopes")?;
    let mut carriers = Vec::with_capacity(elements.len());
    for (i, element) in elements.into_iter().enumerate() {
        let mut json = String::new();
        for piece in element.text() {
            if (json.len() + piece.len()) as u64 > MAX_ENVELOPE_BYTES {
                return Err(EmbedError::EmbeddedTooLarge { index: i + 1 });
            }
            json.push_str(piece);
        }
        carriers.push(json.trim().as_bytes().to_vec());
    }
    Ok(carriers)
}

/// The targets of `<link rel="…has_provenance">` (rel is a list of keywords, compared without
/// regard to ASCII case).
fn provenance_links(document: &Html) -> Result<Vec<String>, EmbedError> {
    let links = selector(&format!("link[rel~=\"{HAS_PROVENANCE_REL}\" i][href]"));
    Ok(bounded(document.select(&links), "provenance links")?
        .into_iter()
        .filter_map(|link| link.attr("href"))
        .map(|href| href.trim().to_owned())
        .collect())
}

fn disclosures(document: &Html) -> Result<Vec<PageDisclosure>, EmbedError> {
    let marked = selector(&format!("[{DISCLOSURE_ATTRIBUTE}]"));
    Ok(bounded(document.select(&marked), "disclosure elements")?
        .into_iter()
        .map(disclosure)
        .collect())
}

fn disclosure(element: ElementRef<'_>) -> PageDisclosure {
    // The text nodes joined as a browser shows them (a link's text runs on into the full stop
    // after it), then white space collapsed; both bounded by the kept length.
    let mut raw = String::new();
    for piece in element.text() {
        if raw.len() > 4 * MAX_DISCLOSURE_BYTES {
            break;
        }
        raw.push_str(piece);
    }
    let mut text = String::new();
    for word in raw.split_whitespace() {
        if text.len() + word.len() > MAX_DISCLOSURE_BYTES {
            break;
        }
        if !text.is_empty() {
            text.push(' ');
        }
        text.push_str(word);
    }
    let attributes = element
        .value()
        .attrs()
        .filter(|(name, _)| name.starts_with("its-") || name.starts_with("data-tprov-"))
        .map(|(name, value)| (name.to_owned(), value.to_owned()))
        .collect();
    PageDisclosure {
        text,
        lang: element.attr("lang").map(str::to_owned),
        attributes,
    }
}
