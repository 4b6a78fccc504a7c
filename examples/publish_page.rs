//! The newsroom's publishing day, end to end: sign the translated article (Markdown), render it
//! to the HTML page the website serves, put the envelope, a link to it and the disclosure line
//! into the page, then check the page as a reader would — and a page with one word changed.
//!
//! The command-line equivalent:
//!
//! ```text
//! tprov sign commentary.en.md --key newsroom.key --source commentary.zh.md --source-lang zh \
//!     --target-lang en --engine ExampleMT --engine-version 4.2 --model example-nmt-2026 \
//!     --post-editor "Li Wei" --editor "Maria Rossi" --publisher "The Example Review" …
//! (your site's Markdown renderer) commentary.en.md > commentary.en.html
//! tprov embed commentary.en.html --envelope commentary.en.md.tprov.json --disclosure \
//!     --link https://news.example/commentary.en.md.tprov.json --output public/commentary.en.html
//! cp commentary.en.md.tprov.json public/
//! ```
//!
//! Embedding changes the page's bytes but not its words: the page verifies by its canonical
//! text, which is the Markdown's. Run with `cargo run --example publish_page [-- FOLDER]`: it
//! signs with a demonstration key from `keys/` (never use it for real documents) and writes the
//! site's files into FOLDER (default: a temporary folder, removed at the end) — open
//! `FOLDER/commentary.en.html` in a browser to see the page.

use std::error::Error;
use std::fs;
use std::path::{Path, PathBuf};

use tprov::verify::policy::Policy;
use tprov::{PublicKey, SecretKey, TrustStore};

#[allow(dead_code)]
#[path = "support/newsroom_site.rs"]
mod newsroom_site;

use newsroom_site::{ENVELOPE_URL, PAGE_URL, describe, publish, read_page, sign_article};

/// Lines of the page longer than this are cut when printed (the envelope is one long line).
const SHOWN_COLUMNS: usize = 100;

fn main() -> Result<(), Box<dyn Error>> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let work = tempfile::tempdir()?;
    let public = match std::env::args_os().nth(1) {
        Some(folder) => PathBuf::from(folder),
        None => work.path().join("public"),
    };
    let article = work.path().join("commentary.en.md");
    let source = work.path().join("commentary.zh.md");
    fs::copy(root.join("examples/documents/commentary.en.md"), &article)?;
    fs::copy(root.join("examples/documents/commentary.zh.md"), &source)?;

    step("1. The newsroom signs the post-edited translation (demonstration key keys/newsroom.key)");
    let key = SecretKey::load(&root.join("keys/newsroom.key"))?;
    let (statement, envelope) = sign_article(&key, &article, &source)?;
    let text = statement
        .predicate
        .text
        .as_ref()
        .ok_or("the record has no text block")?;
    println!(
        "   wrote commentary.en.md.tprov.json: {}",
        statement.predicate.method.describe()
    );
    println!(
        "   the record binds the article's words too: {} sentences in {} paragraphs, canonical text sha256 {}…",
        text.sentences.len(),
        text.paragraphs.len(),
        &text.sha256.to_hex()[..16]
    );

    step("2. The site renders the Markdown into its page and embeds the provenance");
    let published = publish(&article, &envelope, &public)?;
    println!(
        "   wrote {} and {} (served as {ENVELOPE_URL})",
        shown(&published.page, work.path()),
        shown(&published.envelope, work.path())
    );
    println!("   the page (a line break between adjacent tags, long lines cut):");
    for line in fs::read_to_string(&published.page)?.lines() {
        for piece in cut(line) {
            println!("     {piece}");
        }
    }

    step(&format!(
        "3. A reader opens {PAGE_URL} and checks it with the newsroom's public key"
    ));
    let mut trust = TrustStore::new();
    trust.add(
        "newsroom",
        PublicKey::load(&root.join("keys/newsroom.pub"))?,
        "keys/newsroom.pub",
    );
    let view = read_page(&published.page, &trust, &Policy::new())?;
    print_view(&view, work.path())?;
    assert!(
        view.report.verified,
        "the published page verifies by its text"
    );

    step("3b. Someone changes one word of the page");
    let tampered = work.path().join("tampered.html");
    let page = fs::read_to_string(&published.page)?;
    fs::write(&tampered, page.replacen("a dozen", "two dozen", 1))?;
    let view = read_page(&tampered, &trust, &Policy::new())?;
    print_view(&view, work.path())?;
    assert!(!view.report.verified, "a changed word is caught");

    println!(
        "\nDone: the page carries its signed record and a disclosure generated from it; its words verify, a changed word does not."
    );
    Ok(())
}

/// Prints what the reader sees, with paths relative to the scratch folder.
fn print_view(view: &newsroom_site::ReaderView, work: &Path) -> Result<(), Box<dyn Error>> {
    let prefix = format!("{}/", work.display());
    for line in describe(view)? {
        println!("   {}", line.replace(&prefix, ""));
    }
    Ok(())
}

/// A path for people: relative to the scratch folder when inside it.
fn shown(path: &Path, work: &Path) -> String {
    path.strip_prefix(work)
        .unwrap_or(path)
        .display()
        .to_string()
}

/// A line of the page as shown: a break between adjacent tags (so the inserted `<link>`,
/// `<script>` and `</head>` each get a line), then each piece cut at [`SHOWN_COLUMNS`]
/// characters, "…" when cut. For display only: the page itself is never edited as a string.
fn cut(line: &str) -> Vec<String> {
    line.replace("><", ">\n<")
        .lines()
        .map(|piece| match piece.char_indices().nth(SHOWN_COLUMNS) {
            Some((at, _)) => format!("{}…", &piece[..at]),
            None => piece.to_owned(),
        })
        .collect()
}

fn step(title: &str) {
    println!("\n== {title}");
}
