//! Building a record from what the publisher said: checking languages, dates and who translated,
//! deriving the method and the revision number, and assembling the statement.

use jiff::Timestamp;
use serde_json::Map;

use crate::crypto::digest::Sha256Digest;
use crate::record::metadata::{Documents, Metadata};
use crate::record::predicate::{Agent, Predicate, PreviousRecord, Source};
use crate::record::statement::{
    MAX_PAYLOAD_DEPTH, PREDICATE_TYPE, ResourceDescriptor, STATEMENT_TYPE, Statement,
};
use crate::record::syntax::{check_date, language};
use crate::record::vocabulary::{AgentKind, Method, Role};
use crate::record::{RecordError, strict_json};

/// Builds the statement for `documents` described by `metadata`, signed at `signed_at`, as a
/// revision of `previous` when given. Checks languages, dates and who translated.
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
        "--source-lang",
    )?;
    let target_language = language(
        metadata.target_language.as_deref(),
        "targetLanguage",
        "--target-lang",
    )?;
    let agents = agents(metadata);
    let method = method(metadata)?;
    let translated_at = translated_at(metadata, signed_at)?;
    if let Some(published) = &metadata.source_published {
        check_date(published, "sourcePublished")?;
    }
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
            canonicalization: None,
            extra: Map::new(),
        },
        extra: Map::new(),
    };
    check_depth(&statement)?;
    Ok(statement)
}

/// The source: its descriptor (name, digest, URI, media type) and what is known of it.
fn source(documents: &Documents, metadata: &Metadata) -> Result<Source, RecordError> {
    let mut descriptor = ResourceDescriptor::new(
        metadata
            .source_name
            .clone()
            .or_else(|| documents.source_name.clone()),
        source_digest(documents, metadata)?,
    );
    descriptor.uri = metadata.source_uri.clone();
    descriptor.media_type = metadata.source_media_type.clone();
    Ok(Source {
        descriptor,
        title: metadata.source_title.clone(),
        author: metadata.source_author.clone(),
        publisher: metadata.source_publisher.clone(),
        published: metadata.source_published.clone(),
    })
}

fn source_digest(documents: &Documents, metadata: &Metadata) -> Result<Sha256Digest, RecordError> {
    let stated = match &metadata.source_sha256 {
        Some(hex) => Some(
            hex.parse::<Sha256Digest>()
                .map_err(|problem| RecordError::SourceDigestSyntax { problem })?,
        ),
        None => None,
    };
    match (documents.source_sha256, stated) {
        (Some(file), Some(stated)) if file != stated => {
            Err(RecordError::SourceDigestConflict { file, stated })
        }
        (Some(digest), _) | (None, Some(digest)) => Ok(digest),
        (None, None) => Err(RecordError::Missing {
            field: "source",
            hint: "give the source document with --source FILE, or its digest with --source-sha256 HEX",
        }),
    }
}

/// The stated translation time, or the signing time.
fn translated_at(metadata: &Metadata, signed_at: Timestamp) -> Result<Timestamp, RecordError> {
    match &metadata.translated_at {
        Some(text) => text.parse::<Timestamp>().map_err(|_| RecordError::Date {
            field: "translatedAt",
            value: text.clone(),
        }),
        None => Ok(signed_at),
    }
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

fn agents(metadata: &Metadata) -> Vec<Agent> {
    let mut agents = Vec::new();
    if let Some(engine) = &metadata.engine {
        let mut agent = Agent::new(Role::Translator, AgentKind::Software, engine);
        agent.version = metadata.engine_version.clone();
        agent.model = metadata.model.clone();
        agents.push(agent);
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
    agents
}

/// The method as given, or derived: an engine with a post-editor or editor is machine
/// translation with post-editing, an engine alone is machine translation, a human translator
/// without an engine is human translation.
fn method(metadata: &Metadata) -> Result<Method, RecordError> {
    let has_engine = metadata.engine.is_some()
        || metadata
            .agents
            .iter()
            .any(|a| a.role == Role::Translator && a.kind == AgentKind::Software);
    let has_human_translator = metadata.translator.is_some()
        || metadata
            .agents
            .iter()
            .any(|a| a.role == Role::Translator && a.kind == AgentKind::Person);
    let has_human_editing = metadata.post_editor.is_some() || metadata.editor.is_some();
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
    match (has_engine, has_human_editing, has_human_translator) {
        (true, true, _) => Ok(Method::MachinePostEdit),
        (true, false, _) => Ok(Method::Machine),
        (false, _, true) => Ok(Method::Human),
        (false, _, false) => Err(RecordError::Missing {
            field: "translator",
            hint: "say who translated: --engine NAME for machine translation, --translator NAME for a person",
        }),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Value;

    use super::*;
    use crate::record::is_bcp47;

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
        assert_eq!(statement.predicate.translated_at, at());
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
    fn bcp47_well_formedness() {
        for good in [
            "zh",
            "en",
            "zh-Hans",
            "zh-Hant-TW",
            "en-GB",
            "pt-BR",
            "yue",
            "sr-Latn-RS",
            "x-klingon",
            "x-c-h",
            "en-x-a",
            "zh-Hans-x-a-b",
        ] {
            assert!(is_bcp47(good), "{good}");
        }
        for bad in [
            "",
            "english",
            "e",
            "en_GB",
            "zh--Hans",
            "en-",
            "中文",
            "en-toolongsubtag",
        ] {
            assert!(!is_bcp47(bad), "{bad}");
        }
    }

    #[test]
    fn bad_dates_and_digest_conflicts_are_refused() {
        let mut m = metadata();
        m.source_published = Some("yesterday".into());
        assert!(matches!(
            build_statement(&documents(), &m, at(), None),
            Err(RecordError::Date { .. })
        ));
        m.source_published = Some("2026-11-20".into());
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
}
