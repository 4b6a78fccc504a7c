//! The case tprov was made for, recorded exactly as known and no further.
//!
//! An English article carries only this about its origin: "translated by AI, originally
//! published on the Chinese internet by Shen Yi, a Fudan University professor", and, at its
//! end, "Editor: Zhongxiaowen". The publisher does not have the Chinese original (so no digest),
//! does not know its address or date, was not told which AI system translated it, and does not
//! know when. The record says so:
//!
//! - the engine: `--engine-undisclosed` — a software translator marked `"undisclosed": true`,
//!   with no name ("an AI system that was not named");
//! - the source: known only by its author (`--source-author`), not bound by a digest;
//! - the method: machine translation — the editor edited it for publication, which does not
//!   make it post-edited (only `--post-editor` does);
//! - no `translatedAt`: the time was not stated, and the signing time is not the translation's;
//! - the article's own words, as a signed `--note`.
//!
//! The command line equivalent:
//!
//! ```text
//! tprov sign article.txt --key newsroom.key --source-lang zh --target-lang en \
//!     --engine-undisclosed --source-author "Shen Yi, a Fudan University professor" \
//!     --editor Zhongxiaowen --note "Translated by AI; originally published on the Chinese
//!     internet by Shen Yi, a Fudan University professor."
//! ```
//!
//! Run with `cargo run --example honest_record`. It signs with a demonstration key from `keys/`
//! (never use it for real documents) in a temporary folder, verifies the result and prints it.

use std::error::Error;
use std::fs;
use std::path::PathBuf;

use tprov::io::envelope_file::default_envelope_path;
use tprov::io::files::Overwrite;
use tprov::record::{Metadata, Method};
use tprov::sign::{SignRequest, build_record, sign_to_file};
use tprov::verify::{VerifyPaths, verify_files};
use tprov::{SecretKey, TrustStore};

/// What the article says about itself, word for word.
pub const ARTICLE_NOTE: &str = "Translated by AI; originally published on the Chinese internet \
by Shen Yi, a Fudan University professor. Editor: Zhongxiaowen.";

fn main() -> Result<(), Box<dyn Error>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let key = SecretKey::load(&root.join("keys/newsroom.key"))?;
    let work = tempfile::tempdir()?;
    let article = work.path().join("article.txt");
    fs::write(
        &article,
        "(The English article as published.)\n\nEditor: Zhongxiaowen\n",
    )?;

    let metadata = Metadata {
        source_language: Some("zh".into()),
        target_language: Some("en".into()),
        engine_undisclosed: Some(true),
        source_author: Some("Shen Yi, a Fudan University professor".into()),
        editor: Some("Zhongxiaowen".into()),
        note: Some(ARTICLE_NOTE.into()),
        ..Metadata::default()
    };
    let request = SignRequest {
        translation: article.clone(),
        source: None,
        metadata,
        previous: None,
        inherit: false,
        signed_at: "2026-11-24T09:30:00Z".parse()?,
        format: tprov::text::FormatChoice::Auto,
    };
    let statement = build_record(&request)?;
    let p = &statement.predicate;
    assert_eq!(p.method, Method::Machine, "an editor does not post-edit");
    assert_eq!(p.source.digest(), None, "no source document, no digest");
    assert_eq!(p.translated_at, None, "no time was stated");

    let envelope_path = default_envelope_path(&article);
    sign_to_file(&statement, &key, &envelope_path, Overwrite::Refuse)?;
    println!("The signed payload (what a reader's tool sees):\n");
    println!(
        "{}\n",
        serde_json::to_string_pretty(&serde_json::from_slice::<serde_json::Value>(
            &statement.to_payload()
        )?)?
    );

    let mut trust = TrustStore::new();
    trust.add_file(&root.join("keys/newsroom.pub"))?;
    let report = verify_files(&VerifyPaths::for_document(&article), &trust)?;
    let mut text = Vec::new();
    tprov::render::verify_report(&report, &mut text)?;
    println!("What `tprov verify` says:\n");
    // anstream drops the colour codes when the output is not a terminal.
    anstream::println!("{}", String::from_utf8_lossy(&text));
    Ok(())
}
