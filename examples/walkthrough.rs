//! The main job on the bundled sample: a Chinese commentary, its English machine translation and
//! the post-edited revision. Signs the translation, verifies it as a reader would, and shows a
//! tampered copy being rejected.
//!
//! Run with `cargo run --release --example walkthrough`.

use std::error::Error;
use std::fs;
use std::path::{Path, PathBuf};

use tprov::files::Overwrite;
use tprov::record::Metadata;
use tprov::sign::{SignRequest, prepare, sign_to_file};
use tprov::verify::{VerifyPaths, default_envelope_path, verify_files};
use tprov::{SecretKey, TrustStore};

fn main() -> Result<(), Box<dyn Error>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let work = tempfile::tempdir()?;
    for name in ["commentary.zh.md", "commentary.en.mt.md", "commentary.en.md"] {
        fs::copy(root.join("examples/documents").join(name), work.path().join(name))?;
    }
    // Work in the scratch folder so the reports show short, relative paths.
    std::env::set_current_dir(work.path())?;
    let source = PathBuf::from("commentary.zh.md");
    let translation = PathBuf::from("commentary.en.md");

    step("1. The newsroom's key (keys/newsroom.key, a demonstration key)");
    let newsroom = SecretKey::load(&root.join("keys/newsroom.key"))?;
    println!("   key id {}", newsroom.public_key().key_id());

    step("2. The newsroom signs the post-edited English translation");
    let request = SignRequest {
        translation: translation.clone(),
        source: Some(source.clone()),
        metadata: sample_metadata(),
        previous: None,
        signed_at: "2026-11-24T06:00:00Z".parse()?,
    };
    let statement = prepare(&request)?;
    let envelope_path = default_envelope_path(&translation);
    sign_to_file(&statement, &newsroom, &envelope_path, Overwrite::Refuse)?;
    println!("   wrote {}", file_name(&envelope_path));
    println!("   payload (the signed in-toto Statement):");
    let pretty = serde_json::to_string_pretty(&statement)?;
    for line in pretty.lines() {
        println!("     {line}");
    }

    step("3. A reader who trusts keys/newsroom.pub verifies it, with the source at hand");
    let mut trust = TrustStore::new();
    trust.add_file(&root.join("keys/newsroom.pub"))?;
    let mut paths = VerifyPaths::for_document(&translation);
    paths.source = Some(source.clone());
    let report = verify_files(&paths, &trust)?;
    show(&report)?;
    assert!(report.verified, "the untouched translation verifies");

    step("4. Someone changes one word of the published translation");
    let original = fs::read_to_string(&translation)?;
    fs::write(&translation, original.replacen("a dozen", "two dozen", 1))?;
    let report = verify_files(&paths, &trust)?;
    show(&report)?;
    assert!(!report.verified, "the tampered translation is rejected");
    fs::write(&translation, original)?;

    step("5. A reader who trusts only another key (keys/translator.pub)");
    let mut other = TrustStore::new();
    other.add_file(&root.join("keys/translator.pub"))?;
    let report = verify_files(&paths, &other)?;
    show(&report)?;
    assert!(!report.verified, "an untrusted signer is rejected");

    println!("\nDone: the signed translation verified; the tampered copy and the untrusted key were rejected.");
    Ok(())
}

/// What the publisher states about the translation (the same as `tprov sign` flags).
fn sample_metadata() -> Metadata {
    Metadata {
        source_language: Some("zh".into()),
        target_language: Some("en".into()),
        source_uri: Some("https://example.cn/commentary/2026-11-20".into()),
        source_title: Some("机器翻译时代的新闻责任".into()),
        source_author: Some("王芳".into()),
        source_publisher: Some("示例日报".into()),
        source_published: Some("2026-11-20".into()),
        engine: Some("ExampleMT".into()),
        engine_version: Some("4.2".into()),
        model: Some("example-nmt-2026".into()),
        post_editor: Some("Li Wei".into()),
        editor: Some("Maria Rossi".into()),
        publisher: Some("The Example Review".into()),
        translated_at: Some("2026-11-24T05:00:00Z".into()),
        ..Metadata::default()
    }
}

fn show(report: &tprov::verify::Report) -> Result<(), Box<dyn Error>> {
    let mut text = Vec::new();
    tprov::render::verify_report(report, &mut text)?;
    // The renderer emits ANSI styles; strip them so the example prints plain text anywhere.
    let mut plain = anstream::StripStream::new(Vec::new());
    std::io::Write::write_all(&mut plain, &text)?;
    for line in String::from_utf8(plain.into_inner())?.lines() {
        println!("   {line}");
    }
    Ok(())
}

fn step(title: &str) {
    println!("\n== {title}");
}

fn file_name(path: &Path) -> String {
    path.file_name().unwrap_or_default().to_string_lossy().into_owned()
}
