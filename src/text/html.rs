//! HTML extraction with html5ever (through `scraper`): the text under the article root, without
//! hidden and non-text elements, block-level elements and `<br>` as breaks — the model is a
//! browser's `innerText` (Chromium), minus what CSS does (see SECURITY.md).

use std::sync::LazyLock;

use ego_tree::iter::Edge;
use scraper::node::Element;
use scraper::{ElementRef, Html, Node, Selector};

use super::extract::Blocks;

/// Article roots, in order of preference: the publisher's explicit mark, then the HTML
/// sectioning elements, then the whole body.
static ROOTS: LazyLock<[Selector; 4]> = LazyLock::new(|| {
    ["[data-tprov-root]", "article", "main", "body"]
        .map(|css| Selector::parse(css).expect("the root selectors are valid CSS"))
});

/// Elements whose content is never rendered as text (scripts, styles, templates, fallback
/// content, form-control values, the document head).
const SKIPPED: &[&str] = &[
    "script", "style", "template", "noscript", "textarea", "iframe", "object", "canvas", "video",
    "audio", "head", "title", "datalist",
];

/// Elements the HTML rendering rules display as blocks, list items, table rows and cells
/// (HTML Living Standard §15.3): their edges are block boundaries.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "listing",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "plaintext",
    "pre",
    "search",
    "section",
    "summary",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "ul",
    "xmp",
];

/// Whether an element and everything in it is left out of the text.
fn is_skipped(element: &Element) -> bool {
    SKIPPED.contains(&element.name())
        || element.attr("hidden").is_some()
        || element.attr("data-tprov-ignore").is_some()
        || element.attr("data-tprov-disclosure").is_some()
}

/// Extracts the text of a whole HTML document from its article root.
pub(crate) fn extract(text: &str) -> Blocks {
    let document = Html::parse_document(text);
    let mut blocks = Blocks::with_capacity(text.len() / 2);
    let root = ROOTS
        .iter()
        .find_map(|selector| document.select(selector).next())
        .unwrap_or_else(|| document.root_element());
    walk(root, &mut blocks);
    blocks.end_block();
    blocks
}

/// Extracts the text of an HTML fragment (raw HTML inside Markdown) into `blocks`.
pub(crate) fn extract_fragment(text: &str, blocks: &mut Blocks) {
    let fragment = Html::parse_fragment(text);
    walk(fragment.root_element(), blocks);
}

/// Whether an inline HTML tag from Markdown is a `<br>` (parsed by html5ever, not by hand).
pub(crate) fn is_line_break(tag: &str) -> bool {
    let fragment = Html::parse_fragment(tag);
    fragment.root_element().descendants().any(|node| {
        node.value()
            .as_element()
            .is_some_and(|element| element.name() == "br")
    })
}

/// Walks the tree under `root` without recursion (the traversal is an iterator over the
/// node edges, so a deeply nested document cannot exhaust the stack; it visits each node twice).
fn walk(root: ElementRef<'_>, blocks: &mut Blocks) {
    let mut skipping = None;
    for edge in root.traverse() {
        match edge {
            Edge::Open(node) if skipping.is_none() => match node.value() {
                Node::Text(text) => blocks.push_str(text),
                Node::Element(element) if is_skipped(element) => skipping = Some(node.id()),
                Node::Element(element) if element.name() == "br" => blocks.push_break(),
                Node::Element(element) if BLOCKS.contains(&element.name()) => blocks.end_block(),
                _ => {}
            },
            Edge::Open(_) => {}
            Edge::Close(node) => {
                if skipping == Some(node.id()) {
                    skipping = None;
                } else if skipping.is_none()
                    && node
                        .value()
                        .as_element()
                        .is_some_and(|e| BLOCKS.contains(&e.name()))
                {
                    blocks.end_block();
                }
            }
        }
    }
}
