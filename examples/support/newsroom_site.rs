//! The Example Review's website: how a newsroom turns a signed Markdown article into a published
//! page that carries its provenance, and what a reader's tool does with that page.
//!
//! Shared by `examples/publish_page.rs`, `examples/walkthrough.rs` and the browser test
//! (`tests/publish/page_in_browser.rs`), so the test opens exactly the page the examples publish.
//! It is not an example of its own (cargo builds `examples/*.rs` and `examples/*/main.rs` only).
//!
//! The command-line equivalent of [`publish`]:
//!
//! ```text
//! (the site's Markdown renderer) commentary.en.md > commentary.en.html
//! tprov embed commentary.en.html --envelope commentary.en.md.tprov.json --disclosure \
//!     --link https://news.example/commentary.en.md.tprov.json --output public/commentary.en.html
//! cp commentary.en.md.tprov.json public/
//! ```

use std::error::Error;
use std::fs;
use std::io::Write as _;
use std::path::{Path, PathBuf};

use tprov::crypto::dsse::Envelope;
use tprov::publish::disclose::{DiscloseOptions, Language, disclosure_html};
use tprov::publish::embed::{DocumentFormat, EmbedOptions, PageDisclosure, embed};
use tprov::record::{Metadata, Statement};
use tprov::render::printable;
use tprov::text::FormatChoice;
use tprov::verify::disclosure::DisclosureStatus;
use tprov::verify::policy::Policy;
use tprov::verify::{Page, Report, verify_page};
use tprov::{SecretKey, TrustStore};

/// The page's file name on the site.
pub const PAGE: &str = "commentary.en.html";
/// Where the site serves the page.
pub const PAGE_URL: &str = "https://news.example/commentary.en.html";
/// Where the site serves the envelope file, beside the page (the page's `has_provenance` link).
pub const ENVELOPE_URL: &str = "https://news.example/commentary.en.md.tprov.json";
/// The envelope file's name on the site.
pub const ENVELOPE_FILE: &str = "commentary.en.md.tprov.json";

/// What the newsroom states about the post-edited English translation of the sample commentary.
pub fn newsroom_metadata() -> Metadata {
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
        post_editor: Some("Li Wei".into()),
        editor: Some("Maria Rossi".into()),
        publisher: Some("The Example Review".into()),
        ..Metadata::default()
    }
}

/// Signs `article` (a Markdown translation of `source`) with the newsroom's metadata, writing
/// `article.tprov.json`. The record gets a text block (the article is read as Markdown), which
/// is what lets the page made from it verify by its words.
pub fn sign_article(
    key: &SecretKey,
    article: &Path,
    source: &Path,
) -> Result<(Statement, PathBuf), Box<dyn Error>> {
    let request = tprov::sign::SignRequest {
        translation: article.to_path_buf(),
        source: Some(source.to_path_buf()),
        metadata: newsroom_metadata(),
        previous: None,
        inherit: false,
        signed_at: "2026-11-24T09:30:00Z".parse()?,
        format: FormatChoice::Auto,
    };
    let statement = tprov::sign::build_record(&request)?;
    let envelope = tprov::io::envelope_file::default_envelope_path(article);
    tprov::sign::sign_to_file(
        &statement,
        key,
        &envelope,
        tprov::io::files::Overwrite::Refuse,
    )?;
    Ok((statement, envelope))
}

/// The site's page template around the article, rendered from CommonMark by pulldown-cmark with
/// the extensions tprov reads Markdown with. The site's header and footer are outside the
/// `<article>`, so they are not part of the article's text.
pub fn render_page(markdown: &str) -> String {
    let mut article = String::new();
    let parser = pulldown_cmark::Parser::new_ext(markdown, tprov::text::markdown::options());
    pulldown_cmark::html::push_html(&mut article, parser);
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>The Example Review</title>\n<style>\n\
         body {{ font-family: Georgia, serif; max-width: 40em; margin: 2em auto; }}\n\
         [data-tprov-disclosure] {{ font-style: italic; border-top: 1px solid #999; \
         padding-top: 0.5em; }}\n</style>\n</head>\n<body>\n\
         <header><p>The Example Review · Commentary</p></header>\n<main>\n<article>\n\
         {article}</article>\n</main>\n<footer><p>© 2026 The Example Review</p></footer>\n\
         </body>\n</html>\n"
    )
}

/// What the site published.
pub struct Published {
    /// The page, with the envelope, the link and the disclosure in it.
    pub page: PathBuf,
    /// The envelope file the page links to.
    pub envelope: PathBuf,
    /// The disclosure sentence shown under the article.
    pub disclosure: String,
}

/// Renders `article` into the page template, puts the envelope (in `<head>`), a
/// `has_provenance` link to [`ENVELOPE_URL`] and the disclosure generated from the record (at
/// the end of the article) into it, and writes the page and the envelope file into `public`.
pub fn publish(
    article: &Path,
    envelope: &Path,
    public: &Path,
) -> Result<Published, Box<dyn Error>> {
    let envelope_json = fs::read(envelope)?;
    // The newsroom's own, just-signed record: reading it back unverified is safe here.
    let statement = Statement::from_envelope(&Envelope::from_json(&envelope_json)?)?;
    let options = DiscloseOptions {
        language: Language::English,
        // The page does not name signers: a reader's tool names them from the reader's trust.
        signers: &[],
        provenance_link: Some(ENVELOPE_URL),
    };
    let disclosure = disclosure_html(&statement, &options);
    let page = render_page(&fs::read_to_string(article)?);
    let embedded = embed(
        page.as_bytes(),
        DocumentFormat::Html,
        &envelope_json,
        &EmbedOptions {
            provenance_link: Some(ENVELOPE_URL),
            disclosure: Some(&disclosure),
        },
    )?;
    fs::create_dir_all(public)?;
    let published = Published {
        page: public.join(PAGE),
        envelope: public.join(ENVELOPE_FILE),
        disclosure: tprov::publish::disclose::disclose(
            &statement,
            &options,
            tprov::publish::disclose::DisclosureFormat::Text,
        ),
    };
    fs::write(&published.page, embedded)?;
    fs::write(&published.envelope, &envelope_json)?;
    Ok(published)
}

/// What a reader's tool found on a page.
pub struct ReaderView {
    /// The verification of the page against the envelope it carries, by its text, with the
    /// `disclosure` check (`report.disclosure`).
    pub report: Report,
    /// How many signatures the embedded envelope has.
    pub signatures: usize,
    /// The `has_provenance` links in the page.
    pub links: Vec<String>,
    /// The disclosure shown in the page, if any.
    pub disclosure: Option<PageDisclosure>,
}

impl ReaderView {
    /// Whether the page's disclosure is the sentence tprov writes from the verified record.
    pub fn disclosure_is_generated(&self) -> bool {
        self.report
            .disclosure
            .as_ref()
            .is_some_and(|d| d.status == DisclosureStatus::Generated)
    }
}

/// What a reader's tool does with a page — what `tprov verify PAGE` does: take the envelope out
/// of it, check the signatures against the keys the reader trusts, compare the page's words
/// with the signed text, and check the disclosure shown in the page against the verified record
/// (all in [`verify_page`]).
pub fn read_page(
    page: &Path,
    trust: &TrustStore,
    policy: &Policy,
) -> Result<ReaderView, Box<dyn Error>> {
    let bytes = fs::read(page)?;
    let page_view = Page {
        bytes: &bytes,
        name: Some(page),
        format: FormatChoice::Auto,
        charset: None,
        exact: false,
    };
    let found = page_view.embedded()?;
    let carried = found.envelope.ok_or("the page carries no envelope")?;
    let mut report = verify_page(&page_view, &carried.json, None, trust, policy);
    report.document = Some(page.to_path_buf());
    Ok(ReaderView {
        signatures: carried.envelope.signatures.len(),
        links: found.provenance_links,
        disclosure: found.disclosures.into_iter().next(),
        report,
    })
}

/// What the reader sees, as lines of plain text (styles removed, every string from the page
/// escaped for the terminal).
pub fn describe(view: &ReaderView) -> Result<Vec<String>, Box<dyn Error>> {
    let mut lines = vec![format!(
        "the page carries an envelope with {}{}",
        tprov::render::plural(view.signatures, "signature"),
        match view.links.first() {
            Some(link) => format!(" and links to {}", printable(link)),
            None => String::new(),
        }
    )];
    let mut rendered = anstream::StripStream::new(Vec::new());
    tprov::render::verify_report(&view.report, &mut rendered)?;
    rendered.flush()?;
    lines.extend(
        String::from_utf8(rendered.into_inner())?
            .lines()
            .map(str::to_owned),
    );
    if let Some(shown) = &view.disclosure {
        lines.push(format!(
            "disclosure shown in the article: \"{}\"",
            printable(&shown.text)
        ));
    }
    Ok(lines)
}
