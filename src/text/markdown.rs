//! Markdown extraction with pulldown-cmark (CommonMark 0.31, plus tables and front matter):
//! the text of each block, inline markup dropped, a link keeping its text, front matter and
//! HTML comments removed. Raw HTML is extracted by the HTML rules (html5ever), so Markdown and
//! the HTML made from it give the same text.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::extract::Blocks;
use super::html;

/// The extensions tprov reads Markdown with (also what the tests render HTML with).
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_YAML_STYLE_METADATA_BLOCKS
        | Options::ENABLE_PLUSES_DELIMITED_METADATA_BLOCKS
}

/// Whether a tag starts a block (its start and end are block boundaries).
fn is_block(tag: &Tag<'_>) -> bool {
    !matches!(
        tag,
        Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Superscript
            | Tag::Subscript
            | Tag::Link { .. }
            | Tag::Image { .. }
            | Tag::HtmlBlock
            | Tag::MetadataBlock(_)
    )
}

fn is_block_end(tag: &TagEnd) -> bool {
    !matches!(
        tag,
        TagEnd::Emphasis
            | TagEnd::Strong
            | TagEnd::Strikethrough
            | TagEnd::Superscript
            | TagEnd::Subscript
            | TagEnd::Link
            | TagEnd::Image
            | TagEnd::HtmlBlock
            | TagEnd::MetadataBlock(_)
    )
}

/// Extracts the blocks of a CommonMark document. The parser's event stream is linear in the
/// input, so the loop is bounded by it.
pub(crate) fn extract(text: &str) -> Blocks<'static> {
    let mut blocks = Blocks::with_capacity(text.len());
    // Depth inside front matter or an image (whose alt text is not rendered text).
    let mut hidden = 0usize;
    let mut raw_html = String::new();
    for event in Parser::new_ext(text, options()) {
        match event {
            Event::Start(Tag::MetadataBlock(_) | Tag::Image { .. }) => hidden += 1,
            Event::End(TagEnd::MetadataBlock(_) | TagEnd::Image) => {
                hidden = hidden.saturating_sub(1)
            }
            Event::Start(Tag::HtmlBlock) => blocks.end_block(),
            Event::Html(html) => raw_html.push_str(&html),
            Event::End(TagEnd::HtmlBlock) => {
                html::extract_fragment(&raw_html, &mut blocks);
                raw_html.clear();
                blocks.end_block();
            }
            // An inline tag's text is in the surrounding Text events; only a <br> adds
            // anything (a break), as it does in the rendered HTML.
            Event::InlineHtml(tag) if html::is_line_break(&tag) => blocks.push_break(),
            Event::Start(tag) if is_block(&tag) => blocks.end_block(),
            Event::End(tag) if is_block_end(&tag) => blocks.end_block(),
            Event::Text(t) | Event::Code(t) if hidden == 0 => blocks.push_str(&t),
            Event::SoftBreak | Event::HardBreak => blocks.push_break(),
            Event::Rule => blocks.end_block(),
            _ => {}
        }
    }
    blocks.end_block();
    blocks
}
