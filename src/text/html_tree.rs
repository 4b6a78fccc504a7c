//! The document tree canonical text reads an HTML page into: html5ever's tree builder (the
//! WHATWG HTML parsing algorithm, implied end tags, foster parenting and the adoption agency
//! included) driving a minimal sink that keeps only what the text needs — each element's name,
//! what kind of element it is for the text, and whether it is hidden or marked — in one flat
//! arena. A general-purpose DOM (attribute maps, selector caches) cost most of the time of
//! canonicalising HTML; this tree is the same shape as `scraper`'s, built for less.

use std::borrow::Cow;
use std::cell::{Ref, RefCell};
use std::ops::Range;
use std::sync::LazyLock;

use html5ever::tendril::{StrTendril, TendrilSink, fmt::UTF8};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, LocalName, ParseOpts, QualName, local_name, ns};

/// Declares a sorted list of element names and a test of whether an element's local name is
/// one of them. The test matches interned atoms (an integer comparison each, every name here
/// being one of html5ever's static atoms), not strings: it runs for every element of a page.
macro_rules! element_names {
    ($(#[$doc:meta])* $list:ident, $test:ident: $($name:tt),+ $(,)?) => {
        /// The names, for the tests (sorted; the reference extraction reads them).
        #[cfg(test)]
        pub(crate) const $list: &[&str] = &[$($name),+];

        $(#[$doc])*
        fn $test(local: &LocalName) -> bool {
            matches!(*local, $(local_name!($name))|+)
        }
    };
}

element_names! {
    /// Whether the element's content is never rendered as text (scripts, styles, templates,
    /// fallback content, form-control values, the document head).
    SKIPPED, is_skipped:
    "audio", "canvas", "datalist", "head", "iframe", "noscript", "object", "script", "style",
    "template", "textarea", "title", "video",
}

element_names! {
    /// Whether the HTML rendering rules display the element as a block, list item, table row
    /// or cell (HTML Living Standard §15.3): its edges are block boundaries.
    BLOCKS, is_block:
    "address", "article", "aside", "blockquote", "body", "caption", "center", "dd", "details",
    "dialog", "dir", "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form",
    "h1", "h2", "h3", "h4", "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li",
    "listing", "main", "menu", "nav", "ol", "p", "plaintext", "pre", "search", "section",
    "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "xmp",
}

/// Attributes that leave an element and everything in it out of the text.
pub(crate) const SKIPPING_ATTRIBUTES: &[&str] =
    &["hidden", "data-tprov-ignore", "data-tprov-disclosure"];

/// The publisher's explicit mark of the article root.
const ROOT_ATTRIBUTE: &str = "data-tprov-root";

/// What an element is to the text, decided once from its local name (in any namespace, as a
/// CSS type selector without a namespace matches).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Its content is never text ([`is_skipped`]).
    Skipped,
    /// `<br>`: a line break.
    Break,
    /// A block: its edges are block boundaries ([`is_block`]).
    Block,
    /// Anything else (inline).
    Inline,
}

impl Kind {
    fn of(local: &LocalName) -> Self {
        if is_skipped(local) {
            Self::Skipped
        } else if *local == local_name!("br") {
            Self::Break
        } else if is_block(local) {
            Self::Block
        } else {
            Self::Inline
        }
    }
}

/// An element, as much of it as the text needs.
#[derive(Debug)]
pub(crate) struct Element {
    pub(crate) name: QualName,
    pub(crate) kind: Kind,
    /// It has `hidden`, `data-tprov-ignore` or `data-tprov-disclosure` (in no namespace).
    pub(crate) skip: bool,
    /// It has `data-tprov-root` (in no namespace).
    pub(crate) root_mark: bool,
}

impl Element {
    /// Whether the element and everything in it is left out of the text.
    pub(crate) fn is_skipped(&self) -> bool {
        self.skip || self.kind == Kind::Skipped
    }

    fn mark(&mut self, attrs: &[Attribute]) {
        for attr in attrs {
            // As `[attr]` and scraper's `attr()` match: the attribute in no namespace.
            if attr.name.ns != ns!() || attr.name.prefix.is_some() {
                continue;
            }
            let local: &str = &attr.name.local;
            self.skip |= SKIPPING_ATTRIBUTES.contains(&local);
            self.root_mark |= local == ROOT_ATTRIBUTE;
        }
    }
}

/// A node's content.
#[derive(Debug)]
pub(crate) enum Data {
    /// The document (or the fragment's document).
    Document,
    /// An element.
    Element(Element),
    /// Text (adjacent text is merged, as in the DOM): read it with [`Tree::text`].
    Text(Text),
    /// A comment, doctype, processing instruction or template contents: never text.
    Other,
}

/// A text node's text. The parser writes text in document order almost always, so it goes
/// into one buffer and a node keeps its range, growing it as text is merged into it; text merged
/// into an earlier node (foster parenting, misnested formatting) moves that node's text into a
/// string of its own, once, so merging stays linear.
#[derive(Debug)]
pub(crate) enum Text {
    /// A range of the tree's text buffer.
    Shared(Range<usize>),
    /// Text of its own.
    Own(String),
}

/// Index of a node in the arena.
type Id = usize;

/// A link to another node, or none: a plain index with a sentinel, half the size of
/// `Option<usize>` (every node holds five).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Link(usize);

impl Link {
    const NONE: Self = Self(usize::MAX);

    fn get(self) -> Option<Id> {
        (self != Self::NONE).then_some(self.0)
    }
}

#[derive(Debug, Clone, Copy)]
struct Links {
    parent: Link,
    prev: Link,
    next: Link,
    first: Link,
    last: Link,
}

impl Default for Links {
    fn default() -> Self {
        let none = Link::NONE;
        Self {
            parent: none,
            prev: none,
            next: none,
            first: none,
            last: none,
        }
    }
}

#[derive(Debug)]
struct Node {
    links: Links,
    data: Data,
}

/// A parsed document: every node created, in creation order (node 0 is the document).
#[derive(Debug)]
pub(crate) struct Tree {
    nodes: Vec<Node>,
    /// The text of the [`Text::Shared`] nodes.
    text: String,
}

/// An edge of a depth-first walk: a node opened (before its children) or closed (after them).
pub(crate) enum Edge<'a> {
    /// Before the node's children.
    Open(&'a Data),
    /// After them.
    Close(&'a Data),
}

impl Tree {
    /// Parses a whole HTML document (the options `scraper` uses: html5ever's defaults).
    pub(crate) fn document(text: &str) -> Self {
        Self::document_in_chunks(text, CHUNK)
    }

    /// Parses an HTML fragment in the context of a `<body>` (as `scraper` does).
    pub(crate) fn fragment(text: &str) -> Self {
        Self::fragment_in_chunks(text, CHUNK)
    }

    fn document_in_chunks(text: &str, chunk: usize) -> Self {
        let parser = html5ever::parse_document(Sink::new(text.len()), ParseOpts::default());
        feed(parser, text, chunk)
    }

    fn fragment_in_chunks(text: &str, chunk: usize) -> Self {
        let parser = html5ever::parse_fragment(
            Sink::new(text.len()),
            ParseOpts::default(),
            QualName::new(None, ns!(html), local_name!("body")),
            Vec::new(),
            false,
        );
        feed(parser, text, chunk)
    }

    /// The text of a text node.
    pub(crate) fn text<'a>(&'a self, text: &'a Text) -> &'a str {
        match text {
            Text::Shared(range) => &self.text[range.clone()],
            Text::Own(own) => own,
        }
    }

    /// The first element child of the document (the `html` element).
    pub(crate) fn root_element(&self) -> Option<Id> {
        self.children(0)
            .find(|&id| matches!(self.nodes[id].data, Data::Element(_)))
    }

    /// The first element, in creation order, that is in a tree (has a parent) and satisfies
    /// `wanted` — the order in which `scraper`'s `select` finds elements.
    pub(crate) fn find(&self, wanted: impl Fn(&Element) -> bool) -> Option<Id> {
        self.nodes.iter().position(|node| {
            node.links.parent.get().is_some()
                && matches!(&node.data, Data::Element(element) if wanted(element))
        })
    }

    fn children(&self, id: Id) -> impl Iterator<Item = Id> + '_ {
        std::iter::successors(self.nodes[id].links.first.get(), |&child| {
            self.nodes[child].links.next.get()
        })
    }

    /// Walks the subtree under `root` depth first without recursion (so a deeply nested
    /// document cannot exhaust the stack). `visit` is called with each node's opening and,
    /// when it returned true for the opening (descend), with its closing; a node it returned
    /// false for is not descended into and not closed. Each node is opened at most once, so
    /// the walk is bounded by the size of the tree.
    pub(crate) fn walk(&self, root: Id, mut visit: impl FnMut(Edge<'_>) -> bool) {
        let node = |id: Id| &self.nodes[id];
        let mut current = root;
        'open: loop {
            if visit(Edge::Open(&node(current).data)) {
                if let Some(first) = node(current).links.first.get() {
                    current = first;
                    continue 'open;
                }
                visit(Edge::Close(&node(current).data));
            }
            // Up until a next sibling is found: every ancestor on the way was descended into.
            loop {
                if current == root {
                    return;
                }
                if let Some(next) = node(current).links.next.get() {
                    current = next;
                    continue 'open;
                }
                let Some(parent) = node(current).links.parent.get() else {
                    return;
                };
                current = parent;
                visit(Edge::Close(&node(current).data));
            }
        }
    }

    fn push(&mut self, data: Data) -> Id {
        let id = self.nodes.len();
        self.nodes.push(Node {
            links: Links::default(),
            data,
        });
        id
    }

    fn links(&mut self, id: Id) -> &mut Links {
        &mut self.nodes[id].links
    }

    fn detach(&mut self, id: Id) {
        let Links {
            parent, prev, next, ..
        } = *self.links(id);
        match prev.get() {
            Some(prev) => self.links(prev).next = next,
            None => {
                if let Some(parent) = parent.get() {
                    self.links(parent).first = next;
                }
            }
        }
        match next.get() {
            Some(next) => self.links(next).prev = prev,
            None => {
                if let Some(parent) = parent.get() {
                    self.links(parent).last = prev;
                }
            }
        }
        let links = self.links(id);
        (links.parent, links.prev, links.next) = (Link::NONE, Link::NONE, Link::NONE);
    }

    fn append_child(&mut self, parent: Id, child: Id) {
        self.detach(child);
        let last = self.links(parent).last;
        match last.get() {
            Some(last) => self.links(last).next = Link(child),
            None => self.links(parent).first = Link(child),
        }
        let links = self.links(child);
        (links.parent, links.prev) = (Link(parent), last);
        self.links(parent).last = Link(child);
    }

    fn insert_before(&mut self, sibling: Id, child: Id) {
        self.detach(child);
        let Links { parent, prev, .. } = *self.links(sibling);
        match prev.get() {
            Some(prev) => self.links(prev).next = Link(child),
            None => {
                if let Some(parent) = parent.get() {
                    self.links(parent).first = Link(child);
                }
            }
        }
        self.links(sibling).prev = Link(child);
        let links = self.links(child);
        (links.parent, links.prev, links.next) = (parent, prev, Link(sibling));
    }

    /// Merges text into `previous` when that is a text node (adjacent text merges, as in the
    /// DOM); otherwise makes a text node of it, to be linked in by the caller.
    fn add_text(&mut self, previous: Option<Id>, text: &str) -> Option<Id> {
        let end = self.text.len();
        if let Some(Data::Text(existing)) = previous.map(|id| &mut self.nodes[id].data) {
            match existing {
                Text::Shared(range) if range.end == end => {
                    self.text.push_str(text);
                    range.end = self.text.len();
                }
                Text::Shared(range) => {
                    *existing = Text::Own([&self.text[range.clone()], text].concat());
                }
                Text::Own(own) => own.push_str(text),
            }
            return None;
        }
        self.text.push_str(text);
        Some(self.push(Data::Text(Text::Shared(end..self.text.len()))))
    }
}

/// How much of the input the parser is given at a time. The parser keeps the text it is given
/// as reference-counted buffers; in pieces, one buffer of this size is reused instead of the
/// whole page being copied (and its memory faulted in) once more.
const CHUNK: usize = 64 << 10;

/// Feeds `text` to `parser` in pieces of `chunk` bytes, each extended to the next character
/// boundary (the tokenizer carries its state — a CR before an LF, a half-read character
/// reference or tag — from one piece to the next), then finishes the parse.
fn feed<P: TendrilSink<UTF8>>(mut parser: P, mut text: &str, chunk: usize) -> P::Output {
    while !text.is_empty() {
        let mut end = chunk.clamp(1, text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        let (piece, rest) = text.split_at(end);
        parser.process(StrTendril::from_slice(piece));
        text = rest;
    }
    parser.finish()
}

/// The most bytes a buffer of the tree (or of the extracted text) is given up front.
pub(crate) const RESERVED_UP_TO: usize = 32 << 20;

/// The tree sink: the arena behind a `RefCell` (html5ever's sink methods take `&self`; it never
/// holds an element name across a call that changes the tree).
struct Sink(RefCell<Tree>);

impl Sink {
    /// A sink for an input of `len` bytes. The text is at most about as long as the page
    /// (character references rarely expand), and a news page has a node for every 30 bytes or
    /// so: sized so a text-heavy page never moves its buffers while growing them. Capacity
    /// that is not used costs address space, not memory — up to [`RESERVED_UP_TO`], so that a
    /// very large page does not ask for several times its size up front (a data-size limit
    /// counts address space); beyond it the buffers grow as needed.
    fn new(len: usize) -> Self {
        let mut tree = Tree {
            nodes: Vec::with_capacity((len / 24).min(RESERVED_UP_TO / size_of::<Node>())),
            text: String::with_capacity(len.min(RESERVED_UP_TO)),
        };
        tree.push(Data::Document);
        Self(RefCell::new(tree))
    }
}

/// The name given for a node that is not an element (html5ever asks only about elements).
static NO_NAME: LazyLock<QualName> =
    LazyLock::new(|| QualName::new(None, ns!(), LocalName::from("")));

impl TreeSink for Sink {
    type Handle = Id;
    type Output = Tree;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Tree {
        self.0.into_inner()
    }

    fn parse_error(&self, _message: Cow<'static, str>) {}

    fn get_document(&self) -> Id {
        0
    }

    fn elem_name<'a>(&'a self, target: &Id) -> Ref<'a, QualName> {
        Ref::map(self.0.borrow(), |tree| match &tree.nodes[*target].data {
            Data::Element(element) => &element.name,
            _ => &*NO_NAME,
        })
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, _: ElementFlags) -> Id {
        let template = name.ns == ns!(html) && name.local == local_name!("template");
        let mut element = Element {
            kind: Kind::of(&name.local),
            name,
            skip: false,
            root_mark: false,
        };
        element.mark(&attrs);
        let mut tree = self.0.borrow_mut();
        let id = tree.push(Data::Element(element));
        if template {
            // The template contents, as its first child (where scraper keeps them).
            let contents = tree.push(Data::Other);
            tree.append_child(id, contents);
        }
        id
    }

    fn create_comment(&self, _text: StrTendril) -> Id {
        self.0.borrow_mut().push(Data::Other)
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> Id {
        self.0.borrow_mut().push(Data::Other)
    }

    fn append(&self, parent: &Id, child: NodeOrText<Id>) {
        let mut tree = self.0.borrow_mut();
        let child = match child {
            NodeOrText::AppendNode(id) => id,
            NodeOrText::AppendText(text) => {
                let last = tree.links(*parent).last.get();
                match tree.add_text(last, &text) {
                    None => return,
                    Some(id) => id,
                }
            }
        };
        tree.append_child(*parent, child);
    }

    fn append_based_on_parent_node(&self, element: &Id, prev_element: &Id, child: NodeOrText<Id>) {
        let has_parent = self.0.borrow().nodes[*element].links.parent.get().is_some();
        if has_parent {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(&self, _: StrTendril, _: StrTendril, _: StrTendril) {
        let mut tree = self.0.borrow_mut();
        let doctype = tree.push(Data::Other);
        tree.append_child(0, doctype);
    }

    fn get_template_contents(&self, target: &Id) -> Id {
        // Every template element is created with its contents as first child; should the tree
        // builder have moved it, the template itself stands in (its content is skipped anyway).
        self.0.borrow().nodes[*target]
            .links
            .first
            .get()
            .unwrap_or(*target)
    }

    fn same_node(&self, x: &Id, y: &Id) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &Id, child: NodeOrText<Id>) {
        let mut tree = self.0.borrow_mut();
        if let NodeOrText::AppendNode(id) = child {
            tree.detach(id);
        }
        let Links { parent, prev, .. } = *tree.links(*sibling);
        if parent.get().is_none() {
            return;
        }
        let child = match child {
            NodeOrText::AppendNode(id) => id,
            NodeOrText::AppendText(text) => match tree.add_text(prev.get(), &text) {
                None => return,
                Some(id) => id,
            },
        };
        tree.insert_before(*sibling, child);
    }

    fn add_attrs_if_missing(&self, target: &Id, attrs: Vec<Attribute>) {
        // The marks are presence flags: adding the attributes that are missing sets exactly
        // the flags not yet set.
        if let Data::Element(element) = &mut self.0.borrow_mut().nodes[*target].data {
            element.mark(&attrs);
        }
    }

    fn remove_from_parent(&self, target: &Id) {
        self.0.borrow_mut().detach(*target);
    }

    fn reparent_children(&self, node: &Id, new_parent: &Id) {
        let mut tree = self.0.borrow_mut();
        // Bounded: each step moves one child away from `node`.
        while let Some(child) = tree.links(*node).first.get() {
            tree.append_child(*new_parent, child);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_name_is_classified_as_listed_and_others_are_inline() {
        for list in [SKIPPED, BLOCKS] {
            assert!(
                list.windows(2).all(|pair| pair[0] < pair[1]),
                "sorted: {list:?}"
            );
        }
        for name in SKIPPED {
            assert_eq!(Kind::of(&LocalName::from(*name)), Kind::Skipped, "{name}");
        }
        for name in BLOCKS {
            assert_eq!(Kind::of(&LocalName::from(*name)), Kind::Block, "{name}");
        }
        assert_eq!(Kind::of(&LocalName::from("br")), Kind::Break);
        for inline in ["span", "a", "em", "b", "x-custom", "P", ""] {
            assert_eq!(Kind::of(&LocalName::from(inline)), Kind::Inline, "{inline}");
        }
    }

    /// A tree as text: its elements as tags, its text nodes as they are.
    fn shape(tree: &Tree) -> String {
        let mut out = String::new();
        tree.walk(0, |edge| {
            match edge {
                Edge::Open(Data::Element(e)) => out.push_str(&format!("<{}>", &*e.name.local)),
                Edge::Close(Data::Element(e)) => out.push_str(&format!("</{}>", &*e.name.local)),
                Edge::Open(Data::Text(text)) => out.push_str(tree.text(text)),
                _ => {}
            }
            true
        });
        out
    }

    #[test]
    fn a_page_parsed_in_pieces_gives_the_tree_it_gives_whole() {
        let page = "<!doctype html><p>caf&eacute;\r\n&#x4e2d; 中文<b>x</b>\r<table><td>a</table>\
                    <script>if (a < b) {}</script><!-- c --><p hidden data-tprov-ignore>z&amp";
        let whole = shape(&Tree::document_in_chunks(page, usize::MAX));
        assert!(whole.contains("café\n中 中文"), "{whole}");
        for chunk in 1..=9 {
            let pieces = shape(&Tree::document_in_chunks(page, chunk));
            assert_eq!(pieces, whole, "document in pieces of {chunk} bytes");
            let (a, b) = (Tree::fragment_in_chunks(page, chunk), Tree::fragment(page));
            assert_eq!(shape(&a), shape(&b), "fragment in pieces of {chunk} bytes");
        }
    }

    proptest::proptest! {
        #[test]
        fn any_page_parsed_in_pieces_gives_the_tree_it_gives_whole(
            parts in proptest::collection::vec(proptest::sample::select(vec![
                "<p>", "</p>", "<b>", "</b>", "<table>", "<td>", "<br>", "<script>", "</script>",
                "<!--", "-->", "&amp;", "&eacute", "&#x4e2d;", "\r", "\n", "\r\n", "中文", "é",
                "<a href=\"x&amp;y\">", "</a>", "<div hidden>", "</div>", "word", " ",
            ]), 0..40),
            chunk in 1usize..12,
        ) {
            let page = parts.concat();
            let whole = shape(&Tree::document_in_chunks(&page, usize::MAX));
            proptest::prop_assert_eq!(shape(&Tree::document_in_chunks(&page, chunk)), whole);
        }
    }
}
