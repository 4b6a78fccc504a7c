//! The disclosure: the sentence a reader sees ("Machine-translated from Chinese into English by
//! …, edited by …. Original by …. Signed by …."), generated from the signed record so the
//! visible label and the machine-readable record cannot disagree — and the check of a page's
//! disclosure against the record ([`check`]).
//!
//! The record is read into [`Facts`] (who did what, the original, the languages), the facts
//! become a sentence in English or Chinese ([`sentence`]), and the sentence is rendered as
//! plain text, Markdown or an HTML element carrying W3C ITS 2.0 provenance attributes
//! ([`render`]).

pub mod check;
mod languages;
mod render;
mod sentence;

use crate::record::{Agent, AgentKind, Method, Role, Statement};

pub use languages::language_name;
pub use render::DisclosureHtml;

/// A language the disclosure can be written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Language {
    /// English.
    English,
    /// Chinese (simplified script).
    Chinese,
}

impl Language {
    /// Every language the disclosure can be written in.
    pub const ALL: [Language; 2] = [Language::English, Language::Chinese];

    /// The language a BCP 47 tag names: `en`, `en-GB`, … → English; `zh`, `zh-Hans`, … → Chinese.
    pub fn from_tag(tag: &str) -> Result<Self, DiscloseError> {
        let primary = tag.split('-').next().unwrap_or("");
        if primary.eq_ignore_ascii_case("en") {
            Ok(Self::English)
        } else if primary.eq_ignore_ascii_case("zh") {
            Ok(Self::Chinese)
        } else {
            Err(DiscloseError::UnsupportedLanguage {
                tag: tag.to_owned(),
            })
        }
    }

    /// The BCP 47 tag written in the HTML form's `lang` attribute.
    pub fn tag(self) -> &'static str {
        match self {
            Self::English => "en",
            Self::Chinese => "zh-Hans",
        }
    }
}

/// The form of the disclosure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum DisclosureFormat {
    /// A plain sentence.
    Text,
    /// Markdown: the sentence in italics, names escaped, the original's address as a link.
    Markdown,
    /// An HTML `<p data-tprov-disclosure>` element with ITS 2.0 provenance attributes.
    Html,
}

/// Why a disclosure could not be written.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DiscloseError {
    /// The disclosure is not available in the language asked for.
    #[error("no disclosure text for language {tag:?}; tprov writes en and zh")]
    UnsupportedLanguage {
        /// The tag asked for.
        tag: String,
    },
}

/// What the disclosure needs besides the record.
#[derive(Debug, Clone, Copy)]
pub struct DiscloseOptions<'a> {
    /// The language of the sentence (default English).
    pub language: Language,
    /// Who signed the record, as the verifier's trust store names them (never the record's own
    /// claims: only verified signers belong here). Empty: the sentence says nothing of signing.
    pub signers: &'a [String],
    /// The address of the published envelope, carried in the HTML form as `its-prov-ref`.
    pub provenance_link: Option<&'a str>,
}

impl Default for DiscloseOptions<'_> {
    fn default() -> Self {
        Self {
            language: Language::English,
            signers: &[],
            provenance_link: None,
        }
    }
}

/// Someone or something named in the record, or known only to have taken part.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    /// Software, person or organisation.
    pub kind: AgentKind,
    /// The name; `None` when the record says the name was not disclosed.
    pub name: Option<String>,
    /// Software version.
    pub version: Option<String>,
    /// Model, for language-model engines.
    pub model: Option<String>,
}

impl Party {
    fn from_agent(agent: &Agent) -> Self {
        Self {
            kind: agent.kind.clone(),
            name: (!is_undisclosed(agent)).then(|| agent.name.trim().to_owned()),
            version: agent.version.clone(),
            model: agent.model.clone(),
        }
    }
}

/// An agent whose name the record says was not disclosed: an empty name, or the agent field
/// `"undisclosed": true` (how a record says "an AI system that was not named").
pub fn is_undisclosed(agent: &Agent) -> bool {
    agent.name.trim().is_empty()
        || agent
            .extra
            .get("undisclosed")
            .and_then(serde_json::Value::as_bool)
            == Some(true)
}

/// What is known of the original.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Original {
    /// Its title.
    pub title: Option<String>,
    /// Its author.
    pub author: Option<String>,
    /// Who first published it.
    pub publisher: Option<String>,
    /// When (as the record has it: a date, a year-month, a year or an RFC 3339 time).
    pub published: Option<String>,
    /// Where it is.
    pub uri: Option<String>,
}

/// The record's facts a disclosure states.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Facts {
    /// How the translation was made.
    pub method: Method,
    /// Who translated.
    pub translators: Vec<Party>,
    /// Who post-edited.
    pub post_editors: Vec<Party>,
    /// Who reviewed.
    pub reviewers: Vec<Party>,
    /// Who edited.
    pub editors: Vec<Party>,
    /// Who published.
    pub publishers: Vec<Party>,
    /// BCP 47 tag of the original's language.
    pub source_language: String,
    /// BCP 47 tag of the translation's language.
    pub target_language: String,
    /// The original.
    pub original: Original,
}

impl Facts {
    /// The facts of a record.
    pub fn of(statement: &Statement) -> Self {
        let predicate = &statement.predicate;
        let with_role = |role: Role| {
            predicate
                .agents_with_role(&role)
                .map(Party::from_agent)
                .collect::<Vec<_>>()
        };
        let source = &predicate.source;
        let known = |v: &Option<String>| v.as_ref().filter(|s| !s.trim().is_empty()).cloned();
        Self {
            method: predicate.method.clone(),
            translators: with_role(Role::Translator),
            post_editors: with_role(Role::PostEditor),
            reviewers: with_role(Role::Reviewer),
            editors: with_role(Role::Editor),
            publishers: with_role(Role::Publisher),
            source_language: predicate.source_language.clone(),
            target_language: predicate.target_language.clone(),
            original: Original {
                title: known(&source.title),
                author: known(&source.author),
                publisher: known(&source.publisher),
                published: known(&source.published),
                uri: known(&source.descriptor.uri),
            },
        }
    }
}

/// The disclosure of `statement` in `format`.
pub fn disclose(
    statement: &Statement,
    options: &DiscloseOptions<'_>,
    format: DisclosureFormat,
) -> String {
    let facts = Facts::of(statement);
    let pieces = sentence::pieces(&facts, options.language, options.signers);
    match format {
        DisclosureFormat::Text => render::text(&pieces),
        DisclosureFormat::Markdown => render::markdown(&pieces),
        DisclosureFormat::Html => render::html(&pieces, &facts, options).as_str().to_owned(),
    }
}

/// The HTML disclosure element of `statement`, ready for [`crate::publish::embed::embed`].
pub fn disclosure_html(statement: &Statement, options: &DiscloseOptions<'_>) -> DisclosureHtml {
    let facts = Facts::of(statement);
    let pieces = sentence::pieces(&facts, options.language, options.signers);
    render::html(&pieces, &facts, options)
}
