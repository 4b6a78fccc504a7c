//! What a revision inherits from the record it revises: the publisher's fields read back from
//! the previous record, so `sign NEW --previous OLD` need not repeat them (and cannot silently
//! drop them). Flags and `--meta` are laid over the result with [`Metadata::overlay`].

use crate::record::builder::method;
use crate::record::metadata::Metadata;
use crate::record::predicate::{Agent, Predicate};
use crate::record::statement::Statement;
use crate::record::vocabulary::{AgentKind, Method, Role};

/// The metadata that rebuilds `previous`'s fields: the source (digest, address, name, media
/// type, title, author, publisher, date), the languages, the agents, the translation time, the
/// note, and the method when it was chosen rather than derived from the agents.
///
/// Agents go back to the flag they came from (`engine`, `translator`, `postEditor`, `reviewer`,
/// `editor`, `publisher`) when they have that flag's shape, so a flag replaces them; any other
/// agent (a second editor, a field tprov does not know) is kept in `agents` as it was. Fields of
/// the record that no metadata can express (unknown predicate fields) are not inherited.
pub fn inherit(previous: &Statement) -> Metadata {
    let p = &previous.predicate;
    let source = &p.source;
    let mut metadata = Metadata {
        source_language: Some(p.source_language.clone()),
        target_language: Some(p.target_language.clone()),
        source_sha256: source.digest().map(|d| d.to_hex()),
        source_uri: source.descriptor.uri.clone(),
        source_name: source.descriptor.name.clone(),
        source_media_type: source.descriptor.media_type.clone(),
        source_title: source.title.clone(),
        source_author: source.author.clone(),
        source_publisher: source.publisher.clone(),
        source_published: source.published.clone(),
        translated_at: p.translated_at.map(|t| t.to_string()),
        note: p.note.clone(),
        ..Metadata::default()
    };
    for agent in &p.agents {
        if !place_agent(&mut metadata, agent) {
            metadata.agents.push(agent.clone());
        }
    }
    metadata.method = chosen_method(&metadata, p);
    metadata
}

/// Puts `agent` in the metadata field it came from, if it has that field's shape and the field
/// is still free. Returns whether it was placed.
fn place_agent(metadata: &mut Metadata, agent: &Agent) -> bool {
    if !agent.extra.is_empty() {
        return false;
    }
    let plain_person = agent.version.is_none() && agent.model.is_none() && !agent.undisclosed;
    let slot = match (&agent.role, &agent.kind) {
        (Role::Translator, AgentKind::Software) => {
            if metadata.engine.is_some() || metadata.engine_undisclosed.is_some() {
                return false;
            }
            if agent.undisclosed {
                metadata.engine_undisclosed = Some(true);
            } else {
                metadata.engine = Some(agent.name.clone());
            }
            metadata.engine_version = agent.version.clone();
            metadata.model = agent.model.clone();
            return true;
        }
        _ if !plain_person => return false,
        (Role::Translator, AgentKind::Person) => &mut metadata.translator,
        (Role::PostEditor, AgentKind::Person) => &mut metadata.post_editor,
        (Role::Reviewer, AgentKind::Person) => &mut metadata.reviewer,
        (Role::Editor, AgentKind::Person) => &mut metadata.editor,
        (Role::Publisher, AgentKind::Organization) => &mut metadata.publisher,
        _ => return false,
    };
    if slot.is_some() {
        return false;
    }
    *slot = Some(agent.name.clone());
    true
}

/// The previous method, when it is not what the inherited agents would give anyway: a method
/// the publisher chose is kept, a derived one is derived again (so adding `--post-editor` to a
/// machine translation makes it post-edited).
fn chosen_method(metadata: &Metadata, previous: &Predicate) -> Option<String> {
    if method(metadata).ok().as_ref() == Some(&previous.method) {
        return None;
    }
    Some(
        match &previous.method {
            Method::Machine => "machine",
            Method::MachinePostEdit => "machine+post-edit",
            Method::Human => "human",
            other => other.as_str(),
        }
        .to_owned(),
    )
}

#[cfg(test)]
mod tests {
    use serde_json::{Map, Value};

    use super::*;
    use crate::crypto::digest::Sha256Digest;
    use crate::record::{Documents, build_statement};

    fn documents(source: bool) -> Documents {
        Documents {
            translation_name: Some("article.txt".into()),
            translation_sha256: Sha256Digest::of(b"t"),
            source_name: source.then(|| "a.zh.txt".into()),
            source_sha256: source.then(|| Sha256Digest::of(b"s")),
        }
    }

    fn full() -> Metadata {
        let mut extra = Agent::new(Role::Other("terminologist".into()), AgentKind::Person, "T");
        extra.extra = Map::from_iter([("note".to_owned(), Value::from(1))]);
        Metadata {
            source_language: Some("zh".into()),
            target_language: Some("en-GB".into()),
            source_uri: Some("https://example.cn/a".into()),
            source_title: Some("标题".into()),
            source_author: Some("王芳".into()),
            source_publisher: Some("P".into()),
            source_published: Some("2025-01".into()),
            engine: Some("ExampleMT".into()),
            engine_version: Some("4.2".into()),
            model: Some("m".into()),
            post_editor: Some("Li Wei".into()),
            editor: Some("Maria".into()),
            publisher: Some("Newsroom".into()),
            translated_at: Some("2026-11-23T10:00:00Z".into()),
            note: Some("n".into()),
            agents: vec![extra],
            ..Metadata::default()
        }
    }

    fn build(metadata: &Metadata, source: bool) -> Statement {
        let at = "2026-11-24T09:30:00Z".parse().unwrap();
        build_statement(&documents(source), metadata, at, None).unwrap()
    }

    #[test]
    fn inheriting_rebuilds_the_same_predicate() {
        for metadata in [
            full(),
            Metadata {
                engine: None,
                engine_version: None,
                model: None,
                engine_undisclosed: Some(true),
                method: Some("machine+post-edit".into()),
                post_editor: None,
                ..full()
            },
        ] {
            let old = build(&metadata, true);
            let again = build(&inherit(&old), false);
            assert_eq!(again.predicate, old.predicate, "{metadata:?}");
        }
    }

    #[test]
    fn a_derived_method_is_derived_again_and_a_new_engine_drops_the_old_version() {
        let old = build(
            &Metadata {
                post_editor: None,
                ..full()
            },
            true,
        );
        assert_eq!(old.predicate.method, Method::Machine);
        let inherited = inherit(&old);
        assert_eq!(inherited.method, None);
        let new = inherited.clone().overlay(Metadata {
            post_editor: Some("Li".into()),
            engine: Some("Other".into()),
            ..Metadata::default()
        });
        let new = build(&new, false);
        assert_eq!(new.predicate.method, Method::MachinePostEdit);
        assert_eq!(new.predicate.agents[0].describe(), "Other (software)");
        let undisclosed = build(
            &inherited.overlay(Metadata {
                engine_undisclosed: Some(true),
                ..Metadata::default()
            }),
            false,
        );
        assert_eq!(
            undisclosed.predicate.agents[0].describe(),
            "an AI system that was not named (software)"
        );
    }
}
