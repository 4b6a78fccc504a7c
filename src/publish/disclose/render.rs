//! The disclosure's three forms. Strings from the record are data: escaped for the form, and
//! an address becomes a link only when it is `http` or `https` (never `javascript:`).

use super::sentence::Piece;
use super::{DiscloseOptions, Facts, Party};
use crate::record::AgentKind;

/// An HTML disclosure element made by [`super::disclosure_html`]: well-formed and escaped, so
/// [`crate::publish::embed::embed`] can put it into a page as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DisclosureHtml(String);

impl DisclosureHtml {
    /// The element's markup.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

pub(super) fn text(pieces: &[Piece]) -> String {
    pieces
        .iter()
        .map(|p| match p {
            Piece::Words(s) | Piece::Value(s) | Piece::Address(s) => s.as_str(),
        })
        .collect()
}

pub(super) fn markdown(pieces: &[Piece]) -> String {
    let mut out = String::new();
    for piece in pieces {
        match piece {
            Piece::Words(words) => out.push_str(words),
            Piece::Address(address) if is_autolink(address) => {
                out.push('<');
                out.push_str(address);
                out.push('>');
            }
            Piece::Value(value) | Piece::Address(value) => out.push_str(&escape_markdown(value)),
        }
    }
    out
}

pub(super) fn html(
    pieces: &[Piece],
    facts: &Facts,
    options: &DiscloseOptions<'_>,
) -> DisclosureHtml {
    let mut out = format!(
        "<p {} lang=\"{}\" data-tprov-method=\"{}\"",
        crate::publish::embed::DISCLOSURE_ATTRIBUTE,
        options.language.tag(),
        escape_html(facts.method.as_str())
    );
    for (name, value) in its_attributes(facts, options.provenance_link) {
        out.push_str(&format!(" {name}=\"{}\"", escape_html(&value)));
    }
    out.push('>');
    for piece in pieces {
        match piece {
            Piece::Words(s) | Piece::Value(s) => out.push_str(&escape_html(s)),
            Piece::Address(address) if is_web_address(address) => {
                let escaped = escape_html(address);
                out.push_str(&format!("<a href=\"{escaped}\">{escaped}</a>"));
            }
            Piece::Address(address) => out.push_str(&escape_html(address)),
        }
    }
    out.push_str("</p>");
    DisclosureHtml(out)
}

/// The W3C ITS 2.0 Provenance attributes (HTML form, §8.2 "local" markup) that the record
/// supports: `its-tool`/`its-person`/`its-org` for who translated, `its-rev-tool`/
/// `its-rev-person`/`its-rev-org` for who revised (post-editors, reviewers and editors), and
/// `its-prov-ref` for the published record. Several agents of one kind are joined with ", ";
/// an agent whose name was not disclosed is left out (ITS has no way to say "unnamed").
pub(super) fn its_attributes(
    facts: &Facts,
    provenance_link: Option<&str>,
) -> Vec<(&'static str, String)> {
    let revisers: Vec<&Party> = facts
        .post_editors
        .iter()
        .chain(&facts.reviewers)
        .chain(&facts.editors)
        .collect();
    let translators: Vec<&Party> = facts.translators.iter().collect();
    let groups = [
        ("its-tool", &translators, AgentKind::Software),
        ("its-person", &translators, AgentKind::Person),
        ("its-org", &translators, AgentKind::Organization),
        ("its-rev-tool", &revisers, AgentKind::Software),
        ("its-rev-person", &revisers, AgentKind::Person),
        ("its-rev-org", &revisers, AgentKind::Organization),
    ];
    let mut attributes = Vec::new();
    for (name, parties, kind) in groups {
        let names: Vec<&str> = parties
            .iter()
            .filter(|p| p.kind == kind)
            .filter_map(|p| p.name.as_deref())
            .collect();
        if !names.is_empty() {
            attributes.push((name, names.join(", ")));
        }
    }
    if let Some(link) = provenance_link {
        attributes.push(("its-prov-ref", link.to_owned()));
    }
    attributes
}

/// Text escaped for HTML content and double-quoted attribute values.
fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A record string made literal in Markdown: every ASCII punctuation character backslash-escaped
/// (CommonMark allows that for all of them), and line breaks made spaces so a name cannot start
/// a new block.
fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if c.is_ascii_punctuation() {
            out.push('\\');
            out.push(c);
        } else if c == '\n' || c == '\r' {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

fn is_web_address(address: &str) -> bool {
    let lower = address.to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")) && is_autolink(address)
}

/// Whether CommonMark reads `<address>` as an autolink: a scheme, a colon, and no white space,
/// control characters or angle brackets.
fn is_autolink(address: &str) -> bool {
    let Some((scheme, _)) = address.split_once(':') else {
        return false;
    };
    (2..=32).contains(&scheme.len())
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '.' | '-'))
        && !address
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '<' || c == '>')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escaping() {
        assert_eq!(
            escape_html("<a href='x'>&\"</a>"),
            "&lt;a href=&#39;x&#39;&gt;&amp;&quot;&lt;/a&gt;"
        );
        assert_eq!(
            escape_markdown("*Li* [x](y)\n# h"),
            "\\*Li\\* \\[x\\]\\(y\\) \\# h"
        );
        assert!(is_web_address("https://example.com/a?b=1"));
        assert!(!is_web_address("javascript:alert(1)"));
        assert!(!is_web_address("https://exa mple.com"));
        assert!(is_autolink("urn:isbn:0451450523"));
    }
}
