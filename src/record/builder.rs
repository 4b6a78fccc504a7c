//! Building a record from what the publisher said: checking languages, dates and who translated,
//! deriving the method and the revision number, and assembling the statement.

use jiff::Timestamp;
use serde_json::Map;

use crate::crypto::digest::Sha256Digest;
use crate::record::dates::{parse_published_date, parse_sha256, parse_source_uri};
use crate::record::language::check_language_tag;
use crate::record::metadata::{Documents, Metadata};
use crate::record::predicate::{Agent, MAX_NOTE_CHARS, Predicate, PreviousRecord, Source};
use crate::record::statement::{
    MAX_PAYLOAD_DEPTH, PREDICATE_TYPE, ResourceDescriptor, STATEMENT_TYPE, Statement,
};
use crate::record::vocabulary::{AgentKind, Method, Role};
use crate::record::{RecordError, strict_json};

/// Builds the statement for `documents` described by `metadata`, signed at `signed_at`, as a
/// revision of `previous` when given. Checks languages (against the IANA registry), the source
/// fields, the note and who translated.
pub fn build_statement(
    documents: &Documents,
    metadata: &Metadata,
    signed_at: Timestamp,
    previous: Option<PreviousRecord>,
) -> Result<Statement, RecordError> {
    let source = source(documents, metadata)?;
    let source_language = language(
        metadata.source_language.as_deref(),
        "sourceLanguage",
        "give the source language with --source-lang (a BCP 47 tag such as zh)",
    )?;
    let target_language = language(
        metadata.target_language.as_deref(),
        "targetLanguage",
        "give the target language with --target-lang (a BCP 47 tag such as en)",
    )?;
    let agents = agents(metadata)?;
    let method = method(metadata)?;
    let translated_at = translated_at(metadata)?;
    let note = note(metadata)?;
    let revision = revision_after(previous.as_ref())?;
    let statement = Statement {
        statement_type: STATEMENT_TYPE.to_owned(),
        subject: vec![ResourceDescriptor::new(
            documents.translation_name.clone(),
            documents.translation_sha256,
        )],
        predicate_type: PREDICATE_TYPE.to_owned(),
        predicate: Predicate {
            source,
            source_language,
            target_language,
            digital_source_types: method.digital_source_types(),
            method,
            agents,
            translated_at,
            signed_at,
            revision,
            previous,
            note,
            canonicalization: None,
            text: None,
            extra: Map::new(),
        },
        extra: Map::new(),
    };
    check_depth(&statement)?;
    Ok(statement)
}

/// A language tag, valid against the IANA Language Subtag Registry, as given.
fn language(
    value: Option<&str>,
    field: &'static str,
    hint: &'static str,
) -> Result<String, RecordError> {
    let tag = value.ok_or(RecordError::Missing { field, hint })?;
    check_language_tag(tag).map_err(|problem| RecordError::Language {
        field,
        problem: Box::new(problem),
    })?;
    Ok(tag.to_owned())
}

/// The source: its descriptor (name, digest, URI, media type) and what is known of it. A source
/// without a digest is accepted when something identifies it (an address or a citation): the
/// record then says only what is known, and verifiers say the source is not bound by a digest.
fn source(documents: &Documents, metadata: &Metadata) -> Result<Source, RecordError> {
    let name = metadata
        .source_name
        .clone()
        .or_else(|| documents.source_name.clone());
    let mut descriptor = match source_digest(documents, metadata)? {
        Some(digest) => ResourceDescriptor::new(name, digest),
        None => ResourceDescriptor::undigested(name),
    };
    descriptor.uri = metadata
        .source_uri
        .as_deref()
        .map(parse_source_uri)
        .transpose()
        .map_err(|problem| RecordError::SourceField {
            field: "sourceUri",
            problem: Box::new(problem),
        })?;
    descriptor.media_type = metadata.source_media_type.clone();
    let published = metadata
        .source_published
        .as_deref()
        .map(|text| parse_published_date(text).map(|date| date.to_string()))
        .transpose()
        .map_err(|problem| RecordError::SourceField {
            field: "sourcePublished",
            problem: Box::new(problem),
        })?;
    let source = Source {
        descriptor,
        title: metadata.source_title.clone(),
        author: metadata.source_author.clone(),
        publisher: metadata.source_publisher.clone(),
        published,
    };
    let identified = source.digest().is_some()
        || source.descriptor.uri.is_some()
        || source.title.is_some()
        || source.author.is_some()
        || source.publisher.is_some();
    if !identified {
        return Err(RecordError::Missing {
            field: "source",
            hint: "give the source document with --source FILE or its digest with --source-sha256 HEX, or at least what is known of it (--source-uri, --source-author, --source-title)",
        });
    }
    Ok(source)
}

/// The source's digest, from the file or as stated (bare hex or `sha256:<hex>`); the two must
/// agree when both are given.
fn source_digest(
    documents: &Documents,
    metadata: &Metadata,
) -> Result<Option<Sha256Digest>, RecordError> {
    let stated = metadata
        .source_sha256
        .as_deref()
        .map(parse_sha256)
        .transpose()
        .map_err(|problem| RecordError::SourceField {
            field: "sourceSha256",
            problem: Box::new(problem),
        })?;
    match (documents.source_sha256, stated) {
        (Some(file), Some(stated)) if file != stated => {
            Err(RecordError::SourceDigestConflict { file, stated })
        }
        (file, stated) => Ok(file.or(stated)),
    }
}

/// The stated translation time; none when not stated (the signing time is a different fact).
fn translated_at(metadata: &Metadata) -> Result<Option<Timestamp>, RecordError> {
    metadata
        .translated_at
        .as_deref()
        .map(|text| {
            text.parse::<Timestamp>().map_err(|_| RecordError::Date {
                field: "translatedAt",
                value: text.to_owned(),
            })
        })
        .transpose()
}

/// The note, at most [`MAX_NOTE_CHARS`] characters; an empty note is no note.
fn note(metadata: &Metadata) -> Result<Option<String>, RecordError> {
    let Some(note) = metadata.note.as_deref().filter(|n| !n.trim().is_empty()) else {
        return Ok(None);
    };
    let chars = note.chars().count();
    if chars > MAX_NOTE_CHARS {
        return Err(RecordError::NoteTooLong { chars });
    }
    Ok(Some(note.to_owned()))
}

/// 1 for a first release, the previous record's revision + 1 for a revision.
fn revision_after(previous: Option<&PreviousRecord>) -> Result<u64, RecordError> {
    match previous {
        None => Ok(1),
        Some(p) => p
            .revision
            .checked_add(1)
            .ok_or(RecordError::RevisionOverflow {
                revision: p.revision,
            }),
    }
}

/// Extra agents from a metadata file can nest arbitrarily; a record verifiers would refuse must
/// not be signed in the first place.
fn check_depth(statement: &Statement) -> Result<(), RecordError> {
    let value = serde_json::to_value(statement).expect("a statement always serialises");
    if strict_json::depth(&value) > MAX_PAYLOAD_DEPTH {
        return Err(RecordError::Shape(format!(
            "the metadata nests more than {MAX_PAYLOAD_DEPTH} levels deep; verifiers would refuse the record"
        )));
    }
    Ok(())
}

fn agents(metadata: &Metadata) -> Result<Vec<Agent>, RecordError> {
    let mut agents = Vec::new();
    match (&metadata.engine, metadata.engine_undisclosed == Some(true)) {
        (Some(engine), true) => {
            return Err(RecordError::EngineNamedAndUndisclosed {
                engine: engine.clone(),
            });
        }
        (Some(engine), false) => {
            let mut agent = Agent::new(Role::Translator, AgentKind::Software, engine);
            agent.version = metadata.engine_version.clone();
            agent.model = metadata.model.clone();
            agents.push(agent);
        }
        (None, true) => {
            let mut agent = Agent::undisclosed_engine();
            agent.version = metadata.engine_version.clone();
            agent.model = metadata.model.clone();
            agents.push(agent);
        }
        (None, false) => {}
    }
    let people = [
        (&metadata.translator, Role::Translator, AgentKind::Person),
        (&metadata.post_editor, Role::PostEditor, AgentKind::Person),
        (&metadata.reviewer, Role::Reviewer, AgentKind::Person),
        (&metadata.editor, Role::Editor, AgentKind::Person),
        (
            &metadata.publisher,
            Role::Publisher,
            AgentKind::Organization,
        ),
    ];
    for (name, role, kind) in people {
        if let Some(name) = name {
            agents.push(Agent::new(role, kind, name));
        }
    }
    agents.extend(metadata.agents.iter().cloned());
    Ok(agents)
}

/// The method as given, or derived: an engine (named or undisclosed) with a post-editor is
/// machine translation with post-editing, an engine alone is machine translation (an editor
/// edits for publication and does not make it post-edited: only `--post-editor` does), a human
/// translator without an engine is human translation.
pub(crate) fn method(metadata: &Metadata) -> Result<Method, RecordError> {
    let has_engine = metadata.engine.is_some()
        || metadata.engine_undisclosed == Some(true)
        || metadata
            .agents
            .iter()
            .any(|a| a.role == Role::Translator && a.kind == AgentKind::Software);
    let has_human_translator = metadata.translator.is_some()
        || metadata
            .agents
            .iter()
            .any(|a| a.role == Role::Translator && a.kind == AgentKind::Person);
    let has_post_editing = metadata.post_editor.is_some()
        || metadata.agents.iter().any(|a| a.role == Role::PostEditor);
    if let Some(text) = &metadata.method {
        let method = Method::from_cli(text).ok_or_else(|| RecordError::UnknownMethod {
            value: text.clone(),
        })?;
        if matches!(method, Method::Machine | Method::MachinePostEdit) && !has_engine {
            return Err(RecordError::MethodNeedsEngine {
                method: text.clone(),
            });
        }
        if method == Method::Human && !has_human_translator {
            return Err(RecordError::MethodNeedsTranslator);
        }
        return Ok(method);
    }
    match (has_engine, has_post_editing, has_human_translator) {
        (true, true, _) => Ok(Method::MachinePostEdit),
        (true, false, _) => Ok(Method::Machine),
        (false, _, true) => Ok(Method::Human),
        (false, _, false) => Err(RecordError::Missing {
            field: "translator",
            hint: "say who translated: --engine NAME (or --engine-undisclosed) for machine translation, --translator NAME for a person",
        }),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;

    fn documents() -> Documents {
        Documents {
            translation_name: Some("article.en.md".into()),
            translation_sha256: Sha256Digest::of(b"translation"),
            source_name: Some("article.zh.md".into()),
            source_sha256: Some(Sha256Digest::of(b"source")),
        }
    }

    fn metadata() -> Metadata {
        Metadata {
            source_language: Some("zh".into()),
            target_language: Some("en".into()),
            engine: Some("DeepL".into()),
            post_editor: Some("Li Wei".into()),
            ..Metadata::default()
        }
    }

    fn at() -> Timestamp {
        "2026-11-24T09:30:00Z".parse().unwrap()
    }

    #[test]
    fn builds_a_record_that_survives_the_payload_round_trip() {
        let statement = build_statement(&documents(), &metadata(), at(), None).unwrap();
        assert_eq!(statement.predicate.method, Method::MachinePostEdit);
        assert_eq!(statement.predicate.revision, 1);
        assert_eq!(statement.predicate.translated_at, None, "never defaulted");
        let payload = statement.to_payload();
        let text = String::from_utf8(payload.clone()).unwrap();
        assert!(
            text.contains("\"signedAt\":\"2026-11-24T09:30:00Z\""),
            "{text}"
        );
        assert!(text.contains("\"postEditor\""), "{text}");
        assert_eq!(Statement::from_payload(&payload).unwrap(), statement);
    }

    #[test]
    fn unknown_fields_and_values_are_kept() {
        let statement = build_statement(&documents(), &metadata(), at(), None).unwrap();
        let mut value: Value = serde_json::from_slice(&statement.to_payload()).unwrap();
        value["predicate"]["futureField"] = Value::from("x");
        value["predicate"]["agents"][0]["role"] = Value::from("terminologist");
        value["predicate"]["source"]["annotations"] = Value::from(3);
        let parsed = Statement::from_payload(value.to_string().as_bytes()).unwrap();
        assert_eq!(
            parsed.predicate.agents[0].role,
            Role::Other("terminologist".into())
        );
        let again: Value = serde_json::from_slice(&parsed.to_payload()).unwrap();
        assert_eq!(again, value);
    }

    #[test]
    fn method_is_derived_and_checked() {
        let mut m = metadata();
        m.post_editor = None;
        assert_eq!(method(&m).unwrap(), Method::Machine);
        m.editor = Some("Zhongxiaowen".into());
        assert_eq!(
            method(&m).unwrap(),
            Method::Machine,
            "an editor alone does not post-edit"
        );
        m.editor = None;
        m.engine = None;
        assert!(matches!(
            method(&m),
            Err(RecordError::Missing {
                field: "translator",
                ..
            })
        ));
        m.translator = Some("Ann".into());
        assert_eq!(method(&m).unwrap(), Method::Human);
        m.method = Some("machine".into());
        assert!(matches!(
            method(&m),
            Err(RecordError::MethodNeedsEngine { .. })
        ));
        m.method = Some("telepathy".into());
        assert!(matches!(method(&m), Err(RecordError::UnknownMethod { .. })));
    }

    #[test]
    fn bad_dates_and_digest_conflicts_are_refused() {
        let mut m = metadata();
        m.source_published = Some("yesterday".into());
        assert!(matches!(
            build_statement(&documents(), &m, at(), None),
            Err(RecordError::SourceField {
                field: "sourcePublished",
                ..
            })
        ));
        m.source_published = Some("2026-11".into());
        let built = build_statement(&documents(), &m, at(), None).unwrap();
        assert_eq!(built.predicate.source.published.as_deref(), Some("2026-11"));
        m.source_published = Some("2026-11-20".into());
        assert!(build_statement(&documents(), &m, at(), None).is_ok());
        m.source_sha256 = Some(format!("sha256:{}", Sha256Digest::of(b"source")));
        assert!(build_statement(&documents(), &m, at(), None).is_ok());
        m.source_sha256 = Some(Sha256Digest::of(b"other").to_hex());
        assert!(matches!(
            build_statement(&documents(), &m, at(), None),
            Err(RecordError::SourceDigestConflict { .. })
        ));
    }

    #[test]
    fn payloads_of_other_kinds_are_told_apart() {
        assert!(matches!(
            Statement::from_payload(b"nope"),
            Err(RecordError::PayloadNotJson(_))
        ));
        assert!(matches!(
            Statement::from_payload(br#"{"_type":"https://in-toto.io/Statement/v0.1"}"#),
            Err(RecordError::StatementType { .. })
        ));
        assert!(matches!(
            Statement::from_payload(br#"{"_type":"https://in-toto.io/Statement/v1","predicateType":"https://slsa.dev/provenance/v1"}"#),
            Err(RecordError::PredicateType { .. })
        ));
        let deep = format!(
            r#"{{"_type":"https://in-toto.io/Statement/v1","predicateType":"{PREDICATE_TYPE}","x":{}{}}}"#,
            "[".repeat(40),
            "]".repeat(40)
        );
        assert!(matches!(
            Statement::from_payload(deep.as_bytes()),
            Err(RecordError::Shape(_))
        ));
    }

    #[test]
    fn duplicate_keys_in_a_payload_are_refused() {
        let statement = build_statement(&documents(), &metadata(), at(), None).unwrap();
        let text = String::from_utf8(statement.to_payload()).unwrap();
        let doubled = text.replacen(
            "\"subject\":",
            "\"subject\":[{\"digest\":{\"sha256\":\"00\"}}],\"subject\":",
            1,
        );
        let err = Statement::from_payload(doubled.as_bytes()).unwrap_err();
        assert!(
            err.to_string().contains("duplicate key \"subject\""),
            "{err}"
        );
        assert!(Statement::from_payload(text.as_bytes()).is_ok());
    }

    #[test]
    fn revision_follows_the_previous_link() {
        let previous = PreviousRecord {
            payload_sha256: Sha256Digest::of(b"p"),
            revision: 4,
            extra: Map::new(),
        };
        let statement = build_statement(&documents(), &metadata(), at(), Some(previous)).unwrap();
        assert_eq!(statement.predicate.revision, 5);
    }

    #[test]
    fn an_honest_record_says_only_what_is_known() {
        let documents = Documents {
            source_name: None,
            source_sha256: None,
            ..documents()
        };
        let m = Metadata {
            source_language: Some("zh".into()),
            target_language: Some("en".into()),
            engine_undisclosed: Some(true),
            source_author: Some("Shen Yi, a Fudan University professor".into()),
            editor: Some("Zhongxiaowen".into()),
            note: Some("Translated by AI.".into()),
            ..Metadata::default()
        };
        let built = build_statement(&documents, &m, at(), None).unwrap();
        let p = &built.predicate;
        assert_eq!(p.method, Method::Machine);
        assert_eq!(p.source.digest(), None);
        assert_eq!(p.translated_at, None);
        assert_eq!(
            p.agents[0].describe(),
            "an AI system that was not named (software)"
        );
        let text = String::from_utf8(built.to_payload()).unwrap();
        assert!(
            text.contains(r#"{"role":"translator","kind":"software","undisclosed":true}"#),
            "{text}"
        );
        assert!(!text.contains("translatedAt"), "{text}");
        assert!(!text.contains("\"digest\":{}"), "{text}");
        assert_eq!(Statement::from_payload(text.as_bytes()).unwrap(), built);

        let nothing_known = Metadata {
            source_author: None,
            ..m.clone()
        };
        assert!(matches!(
            build_statement(&documents, &nothing_known, at(), None),
            Err(RecordError::Missing {
                field: "source",
                ..
            })
        ));
        let both = Metadata {
            engine: Some("DeepL".into()),
            ..m.clone()
        };
        assert!(matches!(
            build_statement(&documents, &both, at(), None),
            Err(RecordError::EngineNamedAndUndisclosed { .. })
        ));
        let long = Metadata {
            note: Some("字".repeat(MAX_NOTE_CHARS + 1)),
            ..m
        };
        assert_eq!(
            build_statement(&documents, &long, at(), None).unwrap_err(),
            RecordError::NoteTooLong {
                chars: MAX_NOTE_CHARS + 1
            }
        );
    }

    #[test]
    fn languages_are_checked_against_the_registry() {
        let mut m = metadata();
        m.source_language = Some("cn".into());
        let err = build_statement(&documents(), &m, at(), None).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("sourceLanguage: \"cn\": cn is a region code"),
            "{err}"
        );
        assert!(
            err.to_string().ends_with("did you mean zh or zh-CN?"),
            "{err}"
        );
    }

    #[test]
    fn a_relative_source_uri_is_refused() {
        let mut m = metadata();
        m.source_uri = Some("example.cn/a".into());
        assert!(matches!(
            build_statement(&documents(), &m, at(), None),
            Err(RecordError::SourceField {
                field: "sourceUri",
                ..
            })
        ));
    }
}
