//! Writing tprov's elements into a page with `lol_html`, a streaming rewriter that tokenizes as
//! the HTML standard does and copies every byte it is not asked to change.
//!
//! Two passes over the page. The first finds where things can go: whether `<head>` has an end
//! tag, whether there is a `<body>` start tag, and which article root exists and whether it is
//! closed (an element whose end tag is omitted cannot have content appended before it). The
//! second removes tprov's old elements and inserts the new ones. The inserted markup carries no
//! white space around it, so removing it ([`strip`]) gives back the page's exact bytes.

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use encoding_rs::{Encoding, UTF_8};
use lol_html::html_content::{ContentType, DocumentEnd, Element};
use lol_html::{
    AsciiCompatibleEncoding, HtmlRewriter, MemorySettings, Settings, element, end, end_tag,
};

use super::{
    DISCLOSURE_ATTRIBUTE, ENVELOPE_ELEMENT_ID, ENVELOPE_MEDIA_TYPE, EmbedError, EmbedOptions,
    HAS_PROVENANCE_REL, charset::html_encoding, inert_json,
};

/// The candidates for the element that holds the article, best first (as the canonical text
/// chooses its root).
const ROOTS: [&str; 4] = ["[data-tprov-root]", "article", "main", "body"];

/// The rewriter's own buffers may not grow beyond this, whatever the page.
const MAX_REWRITER_MEMORY: usize = 256 * 1024 * 1024;

/// Selectors of tprov's elements, removed before new ones are inserted.
fn tprov_selectors() -> [String; 4] {
    [
        format!("script#{ENVELOPE_ELEMENT_ID}"),
        format!("script[type=\"{ENVELOPE_MEDIA_TYPE}\" i]"),
        format!("link[rel~=\"{HAS_PROVENANCE_REL}\" i]"),
        format!("[{DISCLOSURE_ATTRIBUTE}]"),
    ]
}

/// Per candidate of [`ROOTS`]: seen, its tag name, its end tag seen.
type RootSeen = (Cell<bool>, RefCell<String>, Rc<Cell<bool>>);

/// What the first pass learnt about the page's structure.
#[derive(Debug, Default)]
struct Layout {
    head_closed: Rc<Cell<bool>>,
    body_seen: Cell<bool>,
    roots: [RootSeen; 4],
}

impl Layout {
    /// The chosen root: the best candidate present, its tag name, and whether it is closed.
    fn root(&self) -> Option<(usize, String, bool)> {
        self.roots
            .iter()
            .enumerate()
            .find(|(_, (seen, _, _))| seen.get())
            .map(|(i, (_, tag, closed))| (i, tag.borrow().clone(), closed.get()))
    }
}

pub(super) fn embed(
    page: &[u8],
    envelope_json: &[u8],
    options: &EmbedOptions<'_>,
) -> Result<Vec<u8>, EmbedError> {
    let encoding = html_encoding(page, None)?;
    let layout = layout(page, encoding)?;
    // In a legacy encoding every inserted character must be ASCII: the JSON gets \u escapes, the
    // disclosure numeric character references.
    let ascii = encoding != UTF_8;
    let mut head = String::new();
    if let Some(link) = options.provenance_link {
        head.push_str(&format!(
            "<link rel=\"{HAS_PROVENANCE_REL}\" href=\"{}\">",
            escape_attribute(link, ascii)
        ));
    }
    head.push_str(&format!(
        "<script type=\"{ENVELOPE_MEDIA_TYPE}\" id=\"{ENVELOPE_ELEMENT_ID}\">{}</script>",
        inert_json(envelope_json, ascii)
    ));
    let disclosure = match options.disclosure {
        Some(d) if ascii => Some(ascii_html(d.as_str())),
        Some(d) => Some(d.as_str().to_owned()),
        None => None,
    };
    let root = match &disclosure {
        Some(_) => Some(disclosure_place(&layout)?),
        None => None,
    };
    let head_place = if layout.head_closed.get() {
        HeadPlace::EndOfHead
    } else if layout.body_seen.get() {
        HeadPlace::BeforeBody
    } else {
        return Err(EmbedError::NoHead);
    };
    rewrite(page, encoding, |settings| {
        let head = head.clone();
        let settings = match head_place {
            HeadPlace::EndOfHead => settings.append_element_content_handler(element!(
                "head",
                once(move |el: &mut Element| el.append(&head, ContentType::Html))
            )),
            HeadPlace::BeforeBody => settings.append_element_content_handler(element!(
                "body",
                once(move |el: &mut Element| el.before(&head, ContentType::Html))
            )),
        };
        match (root, disclosure.clone()) {
            (Some(DisclosurePlace::EndOf(selector)), Some(html)) => settings
                .append_element_content_handler(element!(
                    selector,
                    once(move |el: &mut Element| el.append(&html, ContentType::Html))
                )),
            (Some(DisclosurePlace::EndOfDocument), Some(html)) => settings
                .append_document_content_handler(end!(move |end: &mut DocumentEnd| {
                    end.append(&html, ContentType::Html);
                    Ok(())
                })),
            _ => settings,
        }
    })
}

/// The page without tprov's elements.
pub(super) fn strip(page: &[u8]) -> Result<Vec<u8>, EmbedError> {
    let encoding = html_encoding(page, None)?;
    rewrite(page, encoding, |settings| settings)
}

#[derive(Clone, Copy)]
enum HeadPlace {
    EndOfHead,
    BeforeBody,
}

#[derive(Clone, Copy)]
enum DisclosurePlace {
    EndOf(&'static str),
    EndOfDocument,
}

fn disclosure_place(layout: &Layout) -> Result<DisclosurePlace, EmbedError> {
    let (index, tag, closed) = layout.root().ok_or(EmbedError::NoArticleRoot)?;
    match (closed, ROOTS[index]) {
        (true, selector) => Ok(DisclosurePlace::EndOf(selector)),
        // Content after an unclosed body (even after `</html>`) is parsed into the body.
        (false, "body") => Ok(DisclosurePlace::EndOfDocument),
        (false, _) => Err(EmbedError::RootNotClosed { element: tag }),
    }
}

/// Wraps a handler so it acts on the first matching element only: `[data-tprov-root]` or
/// `article` may occur several times, and the first is the root.
fn once(
    act: impl Fn(&mut Element),
) -> impl FnMut(&mut Element) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let mut done = false;
    move |el: &mut Element| {
        if !done {
            done = true;
            act(el);
        }
        Ok(())
    }
}

/// The first pass: where `<head>` ends, whether `<body>` starts, which root exists.
fn layout(page: &[u8], encoding: &'static Encoding) -> Result<Layout, EmbedError> {
    let layout = Layout::default();
    let mut settings = base_settings(encoding)
        .append_element_content_handler(element!("head", |el: &mut Element| {
            let closed = Rc::clone(&layout.head_closed);
            // An element that cannot have content (never so for head) simply never closes.
            let _ = el.on_end_tag(end_tag!(move |_| {
                closed.set(true);
                Ok(())
            }));
            Ok(())
        }))
        .append_element_content_handler(element!("body", |_| {
            layout.body_seen.set(true);
            Ok(())
        }));
    for (selector, (seen, tag, closed)) in ROOTS.iter().zip(&layout.roots) {
        settings = settings.append_element_content_handler(element!(*selector, |el| {
            if !seen.get() {
                seen.set(true);
                *tag.borrow_mut() = el.tag_name();
                let closed = Rc::clone(closed);
                let _ = el.on_end_tag(end_tag!(move |_| {
                    closed.set(true);
                    Ok(())
                }));
            }
            Ok(())
        }));
    }
    run(settings, page)?;
    Ok(layout)
}

/// The second pass: removes tprov's elements, then applies `insert`'s handlers.
fn rewrite<'h>(
    page: &[u8],
    encoding: &'static Encoding,
    insert: impl FnOnce(Settings<'h, 'static>) -> Settings<'h, 'static>,
) -> Result<Vec<u8>, EmbedError> {
    let mut settings = base_settings(encoding);
    for selector in tprov_selectors() {
        settings = settings.append_element_content_handler(element!(selector, |el| {
            el.remove();
            Ok(())
        }));
    }
    run(insert(settings), page)
}

fn base_settings<'h>(encoding: &'static Encoding) -> Settings<'h, 'static> {
    Settings::new()
        .with_encoding(AsciiCompatibleEncoding::new(encoding).expect("checked ASCII-compatible"))
        .with_memory_settings(
            MemorySettings::new().with_max_allowed_memory_usage(MAX_REWRITER_MEMORY),
        )
}

fn run(settings: Settings<'_, '_>, page: &[u8]) -> Result<Vec<u8>, EmbedError> {
    let mut output = Vec::with_capacity(page.len() + 4096);
    let mut rewriter = HtmlRewriter::new(settings, |chunk: &[u8]| output.extend_from_slice(chunk));
    rewriter
        .write(page)
        .and_then(|()| rewriter.end())
        .map_err(|e| EmbedError::Rewrite {
            reason: e.to_string(),
        })?;
    Ok(output)
}

/// An attribute value, escaped for a double-quoted attribute.
fn escape_attribute(value: &str, ascii: bool) -> String {
    let escaped = value
        .replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    if ascii { ascii_html(&escaped) } else { escaped }
}

/// HTML with every non-ASCII character as a numeric character reference. Tags and attribute
/// names are ASCII, so such characters are only in text and attribute values, where a
/// reference means the same character — and fits a page in any legacy encoding.
fn ascii_html(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    for c in html.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            out.push_str(&format!("&#x{:X};", c as u32));
        }
    }
    out
}
