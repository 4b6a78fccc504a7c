//! Publishing: embedding envelopes in documents, disclosure sentences and their check, fetching
//! pages (against a server run inside the test on 127.0.0.1).

mod disclose;
mod embed;
mod fetch;
// The newsroom example's page: its reader's check; in headless Chromium the disclosure shows and
// the copied article text verifies.
mod page_in_browser;
// The test HTTP server on 127.0.0.1 that the fetch and URL tests share.
mod server;
// `tprov verify PAGE` with the envelope embedded, and the disclosure check.
mod verify_page;
// `tprov verify http(s)://…` against the test server.
mod verify_url;

use std::path::PathBuf;

use tprov::record::{Agent, AgentKind, Documents, Metadata, Role, Statement, build_statement};
use tprov::{SecretKey, Sha256Digest};

/// A fixture from tests/fixtures/publish.
pub fn fixture(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/publish")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn documents() -> Documents {
    Documents {
        translation_name: Some("article.en.html".into()),
        translation_sha256: Sha256Digest::of(b"translation"),
        source_name: Some("article.zh.html".into()),
        source_sha256: Some(Sha256Digest::of(b"source")),
    }
}

fn at() -> jiff::Timestamp {
    "2026-11-24T09:30:00Z".parse().unwrap()
}

/// Record 1: a machine translation, nothing else known.
pub fn machine_only() -> Statement {
    let metadata = Metadata {
        source_language: Some("zh".into()),
        target_language: Some("en".into()),
        engine: Some("DeepL".into()),
        ..Metadata::default()
    };
    build_statement(&documents(), &metadata, at(), None).unwrap()
}

/// Record 2: machine translation, post-edited, edited and published, the original well known.
pub fn full_newsroom() -> Statement {
    let metadata = Metadata {
        source_language: Some("zh-Hans".into()),
        target_language: Some("en".into()),
        engine: Some("ExampleMT".into()),
        engine_version: Some("2.1".into()),
        model: Some("example-2026".into()),
        post_editor: Some("Li Wei".into()),
        editor: Some("Zhang Min".into()),
        publisher: Some("Example News".into()),
        source_title: Some("人工智能翻译正在改变新闻业".into()),
        source_author: Some("Wang Fang".into()),
        source_publisher: Some("Example Daily".into()),
        source_published: Some("2026-11-20".into()),
        source_uri: Some("https://example.cn/news/2026/ai-translation".into()),
        ..Metadata::default()
    };
    build_statement(&documents(), &metadata, at(), None).unwrap()
}

/// Record 3, the case this project was made for (issue 13): "translated by AI, originally
/// published on the Chinese internet by Shen Yi", "Editor: Zhongxiaowen" — the engine was not
/// disclosed and the source is known only by its address.
pub fn undisclosed_engine() -> Statement {
    let metadata = Metadata {
        source_language: Some("zh".into()),
        target_language: Some("en".into()),
        engine: Some("undisclosed".into()),
        method: Some("machine".into()),
        editor: Some("Zhongxiaowen".into()),
        source_author: Some("Shen Yi".into()),
        source_uri: Some("https://example.org/shen-yi/original-essay".into()),
        ..Metadata::default()
    };
    let mut statement = build_statement(&documents(), &metadata, at(), None).unwrap();
    // Until `sign --engine-undisclosed` and `--source-uri` alone land (issue 13), the record is
    // shaped as they will write it: an unnamed software translator, no source digest.
    let mut engine = Agent::new(Role::Translator, AgentKind::Software, "");
    engine
        .extra
        .insert("undisclosed".into(), serde_json::Value::Bool(true));
    statement.predicate.agents[0] = engine;
    statement.predicate.source.descriptor.digest.clear();
    statement
}

/// A signed envelope's JSON for `statement`.
pub fn envelope(statement: &Statement) -> Vec<u8> {
    statement.sign(&SecretKey::generate()).to_json()
}
