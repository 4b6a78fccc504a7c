//! Which character encoding a page is in, as a browser would decide for a local file: a
//! byte-order mark, then the charset the transport declared (an HTTP `Content-Type`), then a
//! `<meta charset>` or `<meta http-equiv="Content-Type">` in the page; without any, the page
//! must be UTF-8 — tprov does not guess, because a guessed encoding would verify the wrong text.

use std::cell::RefCell;

use encoding_rs::{Encoding, UTF_8, WINDOWS_1252};
use lol_html::html_content::Element;
use lol_html::{HtmlRewriter, Settings, element};

use super::EmbedError;

/// The encoding of `page`: its byte-order mark, else `transport_charset` (the charset of an HTTP
/// `Content-Type`), else the first `<meta>` declaration, else UTF-8 if the bytes are UTF-8.
pub fn html_encoding(
    page: &[u8],
    transport_charset: Option<&str>,
) -> Result<&'static Encoding, EmbedError> {
    if let Some((encoding, _)) = Encoding::for_bom(page) {
        return if encoding == UTF_8 {
            Ok(UTF_8)
        } else {
            Err(EmbedError::Utf16)
        };
    }
    let declared = match transport_charset {
        Some(label) => Some(label.to_owned()),
        None => meta_charset(page)?,
    };
    match declared {
        Some(label) => for_label(&label),
        None if std::str::from_utf8(page).is_ok() => Ok(UTF_8),
        None => Err(EmbedError::UndeclaredEncoding),
    }
}

/// The page as text, decoded from the encoding [`html_encoding`] finds.
pub fn decode_html(page: &[u8], transport_charset: Option<&str>) -> Result<String, EmbedError> {
    let encoding = html_encoding(page, transport_charset)?;
    let (text, _, _) = encoding.decode(page);
    Ok(text.into_owned())
}

/// An encoding label, mapped as the WHATWG HTML standard says for a declaration found in a
/// page: a UTF-16 label means UTF-8 (the bytes were read as ASCII to find it, so they are not
/// UTF-16), `x-user-defined` means windows-1252.
fn for_label(label: &str) -> Result<&'static Encoding, EmbedError> {
    let encoding = Encoding::for_label(label.trim().as_bytes()).ok_or_else(|| {
        EmbedError::UnknownEncoding {
            label: label.to_owned(),
        }
    })?;
    Ok(match encoding.name() {
        "UTF-16LE" | "UTF-16BE" => UTF_8,
        "x-user-defined" => WINDOWS_1252,
        _ => encoding,
    })
}

/// The first charset a `<meta>` element declares. The page is tokenized as windows-1252, which
/// maps every byte to a character, so markup (ASCII in every encoding tprov accepts) is found
/// whatever the real encoding.
fn meta_charset(page: &[u8]) -> Result<Option<String>, EmbedError> {
    let found: RefCell<Option<String>> = RefCell::new(None);
    let settings = Settings::new()
        .with_encoding(
            lol_html::AsciiCompatibleEncoding::new(WINDOWS_1252).expect("ASCII-compatible"),
        )
        .append_element_content_handler(element!("meta", |el: &mut Element| {
            let mut found = found.borrow_mut();
            if found.is_none() {
                *found = declared_charset(el);
            }
            Ok(())
        }));
    let mut rewriter = HtmlRewriter::new(settings, |_: &[u8]| {});
    rewriter
        .write(page)
        .and_then(|()| rewriter.end())
        .map_err(|e| EmbedError::Rewrite {
            reason: e.to_string(),
        })?;
    Ok(found.into_inner())
}

/// `<meta charset="x">`, or `<meta http-equiv="content-type" content="text/html; charset=x">`
/// (the HTML standard's "extracting a character encoding from a meta element", whose grammar is
/// `charset`, optional spaces, `=`, optional spaces, then the value, optionally quoted).
fn declared_charset(el: &Element) -> Option<String> {
    if let Some(charset) = el.get_attribute("charset") {
        return Some(charset);
    }
    let http_equiv = el.get_attribute("http-equiv")?;
    if !http_equiv.trim().eq_ignore_ascii_case("content-type") {
        return None;
    }
    let content = el.get_attribute("content")?.to_ascii_lowercase();
    let after = &content[content.find("charset")? + "charset".len()..];
    let value = after.trim_start().strip_prefix('=')?.trim_start();
    let value = match value.chars().next()? {
        quote @ ('"' | '\'') => value[1..].split(quote).next()?,
        _ => value.split([';', ' ', '\t', '\n']).next()?,
    };
    (!value.is_empty()).then(|| value.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_order_of_precedence() {
        assert_eq!(html_encoding(b"<p>plain</p>", None).unwrap(), UTF_8);
        assert_eq!(
            html_encoding("<p>中文</p>".as_bytes(), None).unwrap(),
            UTF_8
        );
        assert_eq!(
            html_encoding(b"<p>caf\xe9</p>", None),
            Err(EmbedError::UndeclaredEncoding)
        );
        let latin = b"<meta charset=iso-8859-1><p>caf\xe9</p>";
        assert_eq!(html_encoding(latin, None).unwrap(), WINDOWS_1252);
        assert_eq!(html_encoding(latin, Some("utf-8")).unwrap(), UTF_8);
        let gbk = b"<meta http-equiv=\"Content-Type\" content=\"text/html; charset='GBK'\">";
        assert_eq!(html_encoding(gbk, None).unwrap().name(), "GBK");
        assert_eq!(
            html_encoding(b"\xff\xfe<\x00p\x00", None),
            Err(EmbedError::Utf16)
        );
        assert_eq!(
            html_encoding(b"<meta charset=utf-16><p>x", None).unwrap(),
            UTF_8
        );
        assert!(matches!(
            html_encoding(b"<meta charset=klingon>", None),
            Err(EmbedError::UnknownEncoding { .. })
        ));
    }

    #[test]
    fn decoding_honours_the_declaration() {
        let page = b"<meta charset=windows-1252><p>caf\xe9</p>";
        assert!(decode_html(page, None).unwrap().contains("café"));
    }
}
