//! HTML extraction with html5ever (the WHATWG parsing algorithm, into the small tree of
//! [`super::html_tree`]): the text under the article root, without hidden and non-text
//! elements, block-level elements and `<br>` as breaks — the model is a browser's `innerText`
//! (Chromium), minus what CSS does (see SECURITY.md).

use super::extract::Blocks;
use super::html_tree::{Data, Edge, Element, Kind, RESERVED_UP_TO, Tree};

/// Article roots, in order of preference: the publisher's explicit mark, then the HTML
/// sectioning elements, then the whole body. Each is the first such element in the tree (in
/// the order the parser created them).
const ROOTS: [fn(&Element) -> bool; 4] = [
    |e| e.root_mark,
    |e| &*e.name.local == "article",
    |e| &*e.name.local == "main",
    |e| &*e.name.local == "body",
];

/// Extracts the text of a whole HTML document from its article root.
pub(crate) fn extract(text: &str) -> Blocks<'static> {
    let tree = Tree::document(text);
    let mut blocks = Blocks::with_capacity(text.len().min(RESERVED_UP_TO));
    let root = ROOTS
        .iter()
        .find_map(|&wanted| tree.find(wanted))
        .or_else(|| tree.root_element());
    if let Some(root) = root {
        walk(&tree, root, &mut blocks);
    }
    blocks.end_block();
    blocks
}

/// Extracts the text of an HTML fragment (raw HTML inside Markdown) into `blocks`.
pub(crate) fn extract_fragment(text: &str, blocks: &mut Blocks<'_>) {
    let tree = Tree::fragment(text);
    if let Some(root) = tree.root_element() {
        walk(&tree, root, blocks);
    }
}

/// Whether an inline HTML tag from Markdown is a `<br>` (parsed by html5ever, not by hand).
pub(crate) fn is_line_break(tag: &str) -> bool {
    let tree = Tree::fragment(tag);
    let mut found = false;
    if let Some(root) = tree.root_element() {
        tree.walk(root, |edge| {
            if let Edge::Open(Data::Element(element)) = edge {
                found |= element.kind == Kind::Break;
            }
            !found
        });
    }
    found
}

/// Appends the text under `root`: text nodes as they are, `<br>` as a break, each block's
/// edges as block boundaries; skipped elements and everything in them left out.
fn walk(tree: &Tree, root: usize, blocks: &mut Blocks<'_>) {
    tree.walk(root, |edge| match edge {
        Edge::Open(Data::Text(text)) => {
            blocks.push_str(tree.text(text));
            true
        }
        Edge::Open(Data::Element(element)) => {
            if element.is_skipped() {
                return false;
            }
            match element.kind {
                Kind::Break => blocks.push_break(),
                Kind::Block => blocks.end_block(),
                Kind::Skipped | Kind::Inline => {}
            }
            true
        }
        Edge::Open(_) => true,
        Edge::Close(Data::Element(element)) => {
            if element.kind == Kind::Block {
                blocks.end_block();
            }
            true
        }
        Edge::Close(_) => true,
    });
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use scraper::{ElementRef, Html, Node, Selector};

    use super::super::html_tree::{BLOCKS, SKIPPED, SKIPPING_ATTRIBUTES};
    use super::*;

    /// The extraction as it was with scraper's full DOM, as the reference the small tree must
    /// reproduce exactly (root choice, implied and misnested tags, foster parenting, templates).
    fn reference_document(text: &str) -> Blocks<'static> {
        let document = Html::parse_document(text);
        let roots = ["[data-tprov-root]", "article", "main", "body"]
            .map(|css| Selector::parse(css).unwrap());
        let root = roots
            .iter()
            .find_map(|selector| document.select(selector).next())
            .unwrap_or_else(|| document.root_element());
        let mut blocks = Blocks::with_capacity(0);
        reference_walk(root, &mut blocks);
        blocks.end_block();
        blocks
    }

    fn reference_fragment(text: &str) -> Blocks<'static> {
        let mut blocks = Blocks::with_capacity(0);
        reference_walk(Html::parse_fragment(text).root_element(), &mut blocks);
        blocks
    }

    fn reference_walk(element: ElementRef<'_>, blocks: &mut Blocks<'_>) {
        let value = element.value();
        let name = value.name();
        if SKIPPED.contains(&name) || SKIPPING_ATTRIBUTES.iter().any(|a| value.attr(a).is_some()) {
            return;
        }
        let block = BLOCKS.contains(&name);
        if name == "br" {
            blocks.push_break();
        } else if block {
            blocks.end_block();
        }
        for child in element.children() {
            match child.value() {
                Node::Text(text) => blocks.push_str(text),
                Node::Element(_) => reference_walk(ElementRef::wrap(child).unwrap(), blocks),
                _ => {}
            }
        }
        if block {
            blocks.end_block();
        }
    }

    #[track_caller]
    fn assert_same(html: &str) {
        let (ours, theirs) = (extract(html), reference_document(html));
        assert_eq!(
            (&ours.text, &ours.ends),
            (&theirs.text, &theirs.ends),
            "document {html:?}"
        );
        let (ours, theirs) = (&mut Blocks::with_capacity(0), reference_fragment(html));
        extract_fragment(html, ours);
        assert_eq!(
            (&ours.text, &ours.ends),
            (&theirs.text, &theirs.ends),
            "fragment {html:?}"
        );
    }

    #[test]
    fn the_small_tree_gives_the_text_the_full_dom_gives() {
        for html in [
            "",
            "text only",
            "<p hidden>x<p>y",
            "<table><tr><td>a</td>b</tr></table>c",
            "<b>1<p>2</b>3</p>",
            "<a><p>x</a>y",
            "<template><article>in the template</article></template><article>real</article>",
            "<svg><article>an svg article</article></svg><p>x",
            "<div data-tprov-root hidden>x</div><article>y</article>",
            "<main>m</main><article>a</article>",
            "<p>outside</p><article hidden><p>y</p></article>",
            "<html><body>a</body></html><body hidden>",
            "<body data-tprov-ignore>x",
            "<noscript><p>x</p></noscript>y",
            "<p>a<br>b<br hidden>c</br>d</p>",
            "<select><option>a<option>b</select>",
            "<ruby>漢<rt>kan</rt></ruby>",
            "<pre>\n  x\n</pre>",
            "<frameset><frame></frameset>",
            "<!-- c --><p>x<!-- y -->z</p>",
            "<head><title>t</title></head><p>x",
            "<table><caption>c<td>d</table>",
            "<math><mi>x</mi><p>y</p></math>",
            "<textarea><p>x</textarea>",
            "<article><article>inner</article></article>",
            "<xmp><p>x</xmp>",
            "<h1>a<h2>b",
            "<plaintext><p>x",
            "<div data-tprov-disclosure>d</div>e",
            "<svg><p data-tprov-root>r</p></svg>",
            "<table><td>a<table><td>b</table>c</table>",
        ] {
            assert_same(html);
        }
    }

    #[test]
    fn a_line_break_is_found_as_the_full_dom_finds_it() {
        for tag in [
            "<br>",
            "<br/>",
            "<BR >",
            "</br>",
            "<b>",
            "<hr>",
            "<br hidden>",
            "<template><br>",
        ] {
            let dom = Html::parse_fragment(tag);
            let theirs = dom
                .root_element()
                .descendants()
                .any(|node| node.value().as_element().is_some_and(|e| e.name() == "br"));
            assert_eq!(is_line_break(tag), theirs, "{tag}");
        }
    }

    proptest! {
        #[test]
        fn the_small_tree_gives_the_text_the_full_dom_gives_for_tag_soup(
            parts in prop::collection::vec(prop::sample::select(vec![
                "<p>", "</p>", "<div>", "</div>", "<b>", "</b>", "<i>", "</i>", "<table>",
                "</table>", "<tr>", "<td>", "</td>", "<br>", "<article>", "</article>", "<main>",
                "<span hidden>", "</span>", "<div data-tprov-ignore>", "<template>",
                "</template>", "<script>", "</script>", "<a href=x>", "</a>", "<li>", "<ul>",
                "</ul>", "<svg>", "</svg>", "<body hidden>", "<section data-tprov-root>",
                "<select>", "<option>", "<!--", "-->", "word", " ", "\n", "&amp;", "x y", "<h1>",
                "<form>", "</form>", "<frameset>", "<noscript>", "<title>", "<math>", "<nobr>",
            ]), 0..40)
        ) {
            assert_same(&parts.concat());
        }
    }
}
