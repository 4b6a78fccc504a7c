//! The newsroom's publishing day, end to end: sign the translated article (Markdown), render it
//! to the HTML page the website serves, embed the envelope and the disclosure line in the page,
//! then check the page as a reader would.
//!
//! The command line equivalent:
//!
//! ```text
//! tprov sign commentary.en.md --key newsroom.key --source commentary.zh.md --source-lang zh \
//!     --target-lang en --engine ExampleMT --post-editor "Li Wei" --editor "Maria Rossi" \
//!     --publisher "The Example Review"
//! (your site's Markdown renderer) commentary.en.md > commentary.en.html
//! tprov embed commentary.en.html --envelope commentary.en.md.tprov.json --disclosure \
//!     --link https://news.example/commentary.en.md.tprov.json --output public/commentary.en.html
//! tprov verify https://news.example/commentary.en.html --trust newsroom-trust.json   (readers)
//! ```
//!
//! Embedding changes the page's bytes but not its words: the page verifies by its canonical
//! text, which is the Markdown's. Run with `cargo run --example publish_page`; it signs with a
//! demonstration key from `keys/` (never use it for real documents) in a temporary folder and
//! prints the page.

use std::error::Error;
use std::fs;
use std::path::{Path, PathBuf};

use tprov::crypto::dsse::Envelope;
use tprov::io::envelope_file::default_envelope_path;
use tprov::io::files::Overwrite;
use tprov::publish::disclose::check::{Outcome, check_disclosure};
use tprov::publish::disclose::{DiscloseOptions, Language, disclosure_html};
use tprov::publish::embed::{DocumentFormat, EmbedOptions, embed, extract};
use tprov::record::{Metadata, Statement};
use tprov::sign::{SignRequest, build_record, sign_to_file};
use tprov::text::{CanonicalText, TextFormat};
use tprov::{PublicKey, SecretKey};

/// Where the newsroom publishes the envelope file beside the page.
const ENVELOPE_URL: &str = "https://news.example/commentary.en.md.tprov.json";

fn main() -> Result<(), Box<dyn Error>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let work = tempfile::tempdir()?;
    let article = work.path().join("commentary.en.md");
    let source = work.path().join("commentary.zh.md");
    fs::copy(root.join("examples/documents/commentary.en.md"), &article)?;
    fs::copy(root.join("examples/documents/commentary.zh.md"), &source)?;

    // 1. The newsroom signs the article it translated.
    let statement = sign(&root, &article, &source)?;
    let envelope_json = fs::read(default_envelope_path(&article))?;

    // 2. The website renders the Markdown into its page template.
    let page = render_page(&fs::read_to_string(&article)?);

    // 3. The envelope, a link to its published copy and the disclosure line go into the page.
    let options = DiscloseOptions {
        language: Language::English,
        signers: &[],
        provenance_link: Some(ENVELOPE_URL),
    };
    let disclosure = disclosure_html(&statement, &options);
    let embed_options = EmbedOptions {
        provenance_link: Some(ENVELOPE_URL),
        disclosure: Some(&disclosure),
    };
    let published = embed(
        page.as_bytes(),
        DocumentFormat::Html,
        &envelope_json,
        &embed_options,
    )?;
    println!(
        "The published page:\n\n{}",
        String::from_utf8_lossy(&published)
    );

    // 4. A reader checks the page with the newsroom's public key.
    read_as_reader(&root, &published, &article)?;
    Ok(())
}

/// Signs `article` as the sample commentary's post-edited translation.
fn sign(root: &Path, article: &Path, source: &Path) -> Result<Statement, Box<dyn Error>> {
    let key = SecretKey::load(&root.join("keys/newsroom.key"))?;
    let metadata = Metadata {
        source_language: Some("zh".into()),
        target_language: Some("en".into()),
        engine: Some("ExampleMT".into()),
        post_editor: Some("Li Wei".into()),
        editor: Some("Maria Rossi".into()),
        publisher: Some("The Example Review".into()),
        source_author: Some("王芳".into()),
        ..Metadata::default()
    };
    let request = SignRequest {
        translation: article.to_path_buf(),
        source: Some(source.to_path_buf()),
        metadata,
        previous: None,
        inherit: false,
        signed_at: "2026-11-24T09:30:00Z".parse()?,
        format: tprov::text::FormatChoice::Auto,
    };
    let statement = build_record(&request)?;
    sign_to_file(
        &statement,
        &key,
        &default_envelope_path(article),
        Overwrite::Refuse,
    )?;
    Ok(statement)
}

/// The site's template around the rendered Markdown (CommonMark, by pulldown-cmark).
fn render_page(markdown: &str) -> String {
    let mut body = String::new();
    let parser = pulldown_cmark::Parser::new_ext(markdown, pulldown_cmark::Options::all());
    pulldown_cmark::html::push_html(&mut body, parser);
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>The Example Review</title>\n</head>\n<body>\n<article>\n{body}</article>\n\
         </body>\n</html>\n"
    )
}

/// What a reader's tool does with the page: find the envelope, check the signature against the
/// key it trusts, compare the page's words with the signed article's, check the disclosure.
fn read_as_reader(root: &Path, page: &[u8], article: &Path) -> Result<(), Box<dyn Error>> {
    let found = extract(page, DocumentFormat::Html)?;
    let carried = found.envelope.ok_or("the page carries no envelope")?;
    let envelope: Envelope = carried.envelope;
    let newsroom = PublicKey::load(&root.join("keys/newsroom.pub"))?;
    assert!(envelope.is_signed_by(&newsroom), "signed by the newsroom");
    let record = Statement::from_envelope(&envelope)?;

    // The page's canonical text is the signed Markdown's: the layout, the envelope and the
    // disclosure line (outside the text) changed nothing a reader reads.
    let page_text = CanonicalText::from_bytes(page, TextFormat::Html)?;
    let signed_text = CanonicalText::from_bytes(&fs::read(article)?, TextFormat::Markdown)?;
    assert_eq!(page_text.sha256(), signed_text.sha256(), "same words");

    let disclosure = found.disclosures.first().ok_or("no disclosure line")?;
    let outcome = check_disclosure(disclosure, &record, &[]);
    assert_eq!(outcome, Outcome::Generated(Language::English));
    println!("\nA reader's check: signed by the newsroom's key; the page's words are the signed");
    println!(
        "article's (canonical text {});",
        page_text.sha256().to_hex()
    );
    println!(
        "the disclosure line is the one the record makes: \"{}\"",
        disclosure.text
    );
    Ok(())
}
