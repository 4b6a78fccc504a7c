//! The main job on the bundled sample: a Chinese commentary, its English machine translation and
//! the post-edited revision.
//!
//! 1. The translation agency signs the raw machine translation (revision 1).
//! 2. A post-editor edits it; the agency signs the edited text as revision 2, linked to
//!    revision 1, and the newsroom co-signs it as publisher.
//! 3. A reader verifies revision 2 with a trust file that requires the publisher role; a
//!    tampered copy and a record the publisher did not co-sign are rejected.
//! 4. A reviewer diffs the two revisions (with post-editing effort) and walks the revision log.
//! 5. The newsroom publishes revision 2 as a web page: the Markdown rendered to HTML, the
//!    co-signed envelope, a link to it and a disclosure generated from the record embedded.
//! 6. A reader's tool checks the page by its words against the envelope it carries, and checks
//!    the disclosure against the record; a page with one word changed is rejected.
//!
//! Run with `cargo run --release --example walkthrough`. Everything happens in a temporary
//! folder; the demonstration keys come from `keys/` (never use them for real documents).

use std::error::Error;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use tprov::diff::{DiffOptions, decode_text, diff_texts};
use tprov::io::envelope_file::default_envelope_path;
use tprov::io::files::Overwrite;
use tprov::record::{Metadata, Role};
use tprov::render::diff::{RenderOptions, render_stats, render_unified};
use tprov::review::chain::walk;
use tprov::sign::{SignRequest, build_record, sign_to_file};
use tprov::verify::policy::Policy;
use tprov::verify::{VerifyPaths, verify_files_with};
use tprov::{SecretKey, TrustStore};

#[allow(dead_code)]
#[path = "support/newsroom_site.rs"]
mod newsroom_site;

const RAW: &str = "commentary.en.mt.md";
const EDITED: &str = "commentary.en.md";
const SOURCE: &str = "commentary.zh.md";

fn main() -> Result<(), Box<dyn Error>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let keys = root.join("keys");
    let work = tempfile::tempdir()?;
    for name in [SOURCE, RAW, EDITED] {
        fs::copy(
            root.join("examples/documents").join(name),
            work.path().join(name),
        )?;
    }
    // Work in the scratch folder so the reports show short, relative paths.
    std::env::set_current_dir(work.path())?;

    let agency = SecretKey::load(&keys.join("agency.key"))?;
    let newsroom = SecretKey::load(&keys.join("newsroom.key"))?;
    step("Keys (demonstration keys from keys/)");
    println!(
        "   agency    {}  (translation agency)",
        agency.public_key().key_id()
    );
    println!(
        "   newsroom  {}  (publisher)",
        newsroom.public_key().key_id()
    );

    step("1. The agency signs the raw machine translation as revision 1");
    let raw_envelope = sign(
        RAW,
        machine_translation(),
        None,
        "2026-11-24T05:00:00Z",
        &agency,
    )?;

    step("2. Li Wei post-edits it; the agency signs revision 2 and the newsroom co-signs");
    let edited_envelope = sign(
        EDITED,
        post_edited(),
        Some(raw_envelope),
        "2026-11-24T06:00:00Z",
        &agency,
    )?;
    let cosigned = tprov::sign::cosign::cosign_file(
        &edited_envelope,
        &newsroom,
        &edited_envelope,
        Overwrite::Allow,
    )?;
    println!(
        "   co-signed {}: {} signatures over the same, unchanged payload",
        edited_envelope.display(),
        cosigned.envelope.signatures.len()
    );
    let payload = tprov::sign::read_envelope(&edited_envelope)?.payload;
    println!("   the signed in-toto Statement of revision 2:");
    let pretty: serde_json::Value = serde_json::from_slice(&payload)?;
    for line in serde_json::to_string_pretty(&pretty)?.lines() {
        println!("     {line}");
    }

    step("3. A reader verifies revision 2 with keys/trust.example.json, requiring a publisher");
    let mut trust = TrustStore::new();
    trust.add_path(&keys.join("trust.example.json"))?;
    let publisher_required = Policy::new().require_role(Role::Publisher);
    let mut paths = VerifyPaths::for_document(EDITED);
    paths.source = Some(PathBuf::from(SOURCE));
    let report = verify_files_with(&paths, &trust, &publisher_required)?;
    show(&report)?;
    assert!(report.verified, "the co-signed translation verifies");

    step("3b. Someone changes one word of the published translation");
    let original = fs::read_to_string(EDITED)?;
    fs::write(EDITED, original.replacen("a dozen", "two dozen", 1))?;
    let report = verify_files_with(&paths, &trust, &publisher_required)?;
    show(&report)?;
    assert!(!report.verified, "the tampered translation is rejected");
    fs::write(EDITED, &original)?;

    step("3c. Revision 1 was signed by the agency alone: no publisher vouches for it");
    let report = verify_files_with(&VerifyPaths::for_document(RAW), &trust, &publisher_required)?;
    show(&report)?;
    assert!(
        !report.verified,
        "a record without the publisher's signature fails the policy"
    );

    step("4. A reviewer compares the machine translation with the edited revision");
    let (old, new) = (fs::read(RAW)?, fs::read(EDITED)?);
    let diff = diff_texts(decode_text(&old)?, decode_text(&new)?, &DiffOptions::new());
    let options = RenderOptions::new().labels(RAW, EDITED);
    let mut text = Vec::new();
    render_unified(&diff, &options, &mut text)?;
    writeln!(text)?;
    render_stats(&diff, &options, &mut text)?;
    indent(&text)?;

    step("4b. The revision log, verified with the trust file");
    let chain = walk(
        &default_envelope_path(Path::new(EDITED)),
        Path::new("."),
        Some(&trust),
    )?;
    for entry in &chain.entries {
        let Some(record) = &entry.record else {
            continue;
        };
        let signers: Vec<&str> = entry.signers.iter().map(|s| s.name.as_str()).collect();
        let effort = entry.edits.as_ref().map_or_else(String::new, |e| {
            format!(
                ", {:.1}% of tokens edited since the revision before",
                e.edit_rate * 100.0
            )
        });
        println!(
            "   revision {}  {}  signed by {}  {}{effort}",
            record.predicate.revision,
            record.predicate.signed_at,
            signers.join(" + "),
            record.predicate.method.describe(),
        );
    }
    println!("   chain intact: {}", chain.intact);
    assert!(chain.intact, "the two revisions form an intact chain");

    publish_and_read(&edited_envelope, &trust, &publisher_required)?;

    println!(
        "\nDone: the co-signed revision verified under a publisher policy; the tampered copy and the unendorsed record were rejected; the diff and the log show what the post-editor changed; the published page verified by its words, with a disclosure that says what the record says."
    );
    Ok(())
}

/// Steps 5 and 6: the newsroom publishes the page, a reader checks it (and a tampered copy).
fn publish_and_read(
    envelope: &Path,
    trust: &TrustStore,
    policy: &Policy,
) -> Result<(), Box<dyn Error>> {
    step("5. The newsroom publishes revision 2 as a web page with its provenance embedded");
    let published = newsroom_site::publish(Path::new(EDITED), envelope, Path::new("public"))?;
    println!(
        "   rendered {EDITED} (pulldown-cmark) into {}, with the co-signed envelope in <head>,",
        published.page.display()
    );
    println!(
        "   a has_provenance link to {} (written to {}),",
        newsroom_site::ENVELOPE_URL,
        published.envelope.display()
    );
    println!("   and the disclosure generated from the record at the end of the article:");
    println!("   \"{}\"", published.disclosure);

    step("6. A reader opens the page: their tool checks it with the trust file, by its words");
    let view = newsroom_site::read_page(&published.page, trust, policy)?;
    for line in newsroom_site::describe(&view)? {
        println!("   {line}");
    }
    assert!(view.report.verified, "the published page verifies by text");
    assert!(
        view.disclosure_is_generated(),
        "the disclosure is the record's"
    );

    step("6b. Someone changes one word of the page");
    let page = fs::read_to_string(&published.page)?;
    let tampered = Path::new("public/tampered.html");
    fs::write(tampered, page.replacen("a dozen", "two dozen", 1))?;
    let view = newsroom_site::read_page(tampered, trust, policy)?;
    for line in newsroom_site::describe(&view)? {
        println!("   {line}");
    }
    assert!(!view.report.verified, "the changed page is rejected");
    Ok(())
}

/// What the agency states about the raw machine translation.
fn machine_translation() -> Metadata {
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
        translated_at: Some("2026-11-24T04:55:00Z".into()),
        ..Metadata::default()
    }
}

/// The same, after post-editing and editing.
fn post_edited() -> Metadata {
    Metadata {
        post_editor: Some("Li Wei".into()),
        editor: Some("Maria Rossi".into()),
        publisher: Some("The Example Review".into()),
        ..machine_translation()
    }
}

/// Signs `document` (with the Chinese source) and writes `document.tprov.json`.
fn sign(
    document: &str,
    metadata: Metadata,
    previous: Option<PathBuf>,
    at: &str,
    key: &SecretKey,
) -> Result<PathBuf, Box<dyn Error>> {
    let request = SignRequest {
        translation: PathBuf::from(document),
        source: Some(PathBuf::from(SOURCE)),
        metadata,
        previous,
        inherit: false,
        signed_at: at.parse()?,
        format: tprov::text::FormatChoice::Auto,
    };
    let statement = build_record(&request)?;
    let envelope = default_envelope_path(Path::new(document));
    sign_to_file(&statement, key, &envelope, Overwrite::Refuse)?;
    println!(
        "   wrote {} (revision {}, {})",
        envelope.display(),
        statement.predicate.revision,
        statement.predicate.method.describe()
    );
    Ok(envelope)
}

fn show(report: &tprov::verify::Report) -> Result<(), Box<dyn Error>> {
    let mut text = Vec::new();
    tprov::render::verify_report(report, &mut text)?;
    indent(&text)
}

/// Prints rendered output indented, without ANSI styles, so the example reads the same anywhere.
fn indent(rendered: &[u8]) -> Result<(), Box<dyn Error>> {
    let mut plain = anstream::StripStream::new(Vec::new());
    plain.write_all(rendered)?;
    for line in String::from_utf8(plain.into_inner())?.lines() {
        println!("   {line}");
    }
    Ok(())
}

fn step(title: &str) {
    println!("\n== {title}");
}
