//! `tprov embed`: put a signed envelope (and optionally a provenance link and the disclosure)
//! into the published document, without changing its text; and the `sign --embed` hook.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use tprov::crypto::dsse::Envelope;
use tprov::io::envelope_file::read_envelope_bytes;
use tprov::io::files::{self, Overwrite, Visibility};
use tprov::publish::disclose::{DiscloseOptions, Language, disclosure_html};
use tprov::publish::embed::{DocumentFormat, EmbedOptions, MAX_DOCUMENT_BYTES, embed};
use tprov::record::Statement;
use tprov::render::printable;

use super::{CliError, ColorWhen, named_file, output, overwrite_policy};

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tprov embed article.html --envelope article.html.tprov.json --output public/article.html \\
      --disclosure --link https://news.example/article.html.tprov.json
  tprov embed article.md --envelope article.md.tprov.json --force      (in place)
  tprov embed article.txt --envelope article.txt.tprov.json --output -  (to standard output)

The format follows DOC's extension: .html/.htm/.xhtml get a <script> in <head> (and, asked for,
a has_provenance <link> and a visible disclosure line at the end of the article); .md/.markdown
an HTML comment block at the end; anything else an armour block at the end. The text a reader
sees is not changed, so the page verifies by its text against the envelope; embedding again
replaces what tprov embedded before. Exact byte verification of the new file fails: keep the
sidecar envelope for the original bytes.

The disclosure names no signer unless --signer is given: a record cannot say who signed it,
and a key id means nothing to a reader. Give the name readers' trust files use for your key.")]
pub struct Args {
    /// The document to embed into (HTML, Markdown or plain text, by its extension).
    #[arg(value_name = "DOC")]
    document: PathBuf,
    /// The envelope to embed (DOC.tprov.json).
    #[arg(long, value_name = "ENV")]
    envelope: PathBuf,
    /// Where to write the document with the envelope (- for standard output). Without it DOC
    /// is rewritten in place, which needs --force.
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// HTML only: add the disclosure line, generated from the record, at the end of the article.
    #[arg(long)]
    disclosure: bool,
    /// HTML only: add a W3C PROV-AQ has_provenance link to the published envelope (http(s) or
    /// a relative address).
    #[arg(long, value_name = "URL")]
    link: Option<String>,
    /// The disclosure's language: en or zh (any BCP 47 tag of them).
    #[arg(
        long,
        value_name = "LANG",
        default_value = "en",
        requires = "disclosure"
    )]
    lang: String,
    /// A signer to name in the disclosure ("Signed by …"), as readers' trust files name the key.
    #[arg(long, value_name = "NAME", requires = "disclosure")]
    signer: Vec<String>,
    /// Replace an existing output file, or rewrite DOC in place.
    #[arg(long)]
    force: bool,
}

/// An envelope file read for publishing, or why it is a failed check (exit 1).
pub enum LoadedRecord {
    /// A well-formed envelope holding a tprov record.
    Record {
        /// The envelope file's bytes.
        json: Vec<u8>,
        /// The record it carries (unverified).
        statement: Box<Statement>,
    },
    /// A malformed envelope, or one that holds no tprov record: the message to show.
    Failed(String),
}

/// Reads `path` as an envelope holding a tprov record. A missing or unreadable file is trouble
/// (an error, exit 2); a malformed or oversized envelope is a failed check, as in `verify`.
pub fn load_record(path: &Path) -> Result<LoadedRecord, CliError> {
    let shown = printable(&path.display().to_string()).into_owned();
    let json = match read_envelope_bytes(path) {
        Ok(json) => json,
        Err(e @ tprov::Error::TooLarge { .. }) => {
            return Ok(LoadedRecord::Failed(tprov::ErrorChain(&e).to_string()));
        }
        Err(e) => return Err(e.into()),
    };
    let envelope = match Envelope::from_json(&json) {
        Ok(envelope) => envelope,
        Err(problem) => {
            let why = printable(&problem.to_string()).into_owned();
            return Ok(LoadedRecord::Failed(format!("{shown}: {why}")));
        }
    };
    match Statement::from_envelope(&envelope) {
        Ok(statement) => Ok(LoadedRecord::Record {
            json,
            statement: Box::new(statement),
        }),
        Err(problem) => {
            let why = printable(&problem.to_string()).into_owned();
            Ok(LoadedRecord::Failed(format!(
                "{shown}: not a tprov record: {why}"
            )))
        }
    }
}

/// The disclosure language a `--lang` tag names.
pub fn language(tag: &str) -> Result<Language, CliError> {
    Language::from_tag(tag).map_err(|e| CliError::Usage(printable(&e.to_string()).into_owned()))
}

pub fn run(args: Args, color: ColorWhen) -> Result<ExitCode, CliError> {
    let (target, overwrite) = destination(&args)?;
    if let Some(path) = named_file(&target) {
        files::refuse_existing(path, overwrite)?;
    }
    if let Some(link) = &args.link {
        check_link(link)?;
    }
    let language = language(&args.lang)?;
    let document = files::read_limited(&args.document, MAX_DOCUMENT_BYTES as u64)?;
    let (json, statement) = match load_record(&args.envelope)? {
        LoadedRecord::Record { json, statement } => (json, statement),
        LoadedRecord::Failed(message) => {
            output::stderr_line(&format!("not embedded: {message}"), color);
            return Ok(ExitCode::from(super::EXIT_FAILED));
        }
    };
    let format = format_of(&args.document);
    let disclosure = args.disclosure.then(|| {
        let options = DiscloseOptions {
            language,
            signers: &args.signer,
            provenance_link: args.link.as_deref(),
        };
        disclosure_html(&statement, &options)
    });
    let options = EmbedOptions {
        provenance_link: args.link.as_deref(),
        disclosure: disclosure.as_ref(),
    };
    let embedded = embed(&document, format, &json, &options).map_err(|source| CliError::Embed {
        path: args.document.clone(),
        source,
    })?;
    let Some(path) = named_file(&target) else {
        output::stdout(&embedded, color)?;
        return Ok(ExitCode::SUCCESS);
    };
    files::write_atomic(path, &embedded, overwrite, Visibility::Public)?;
    let line = format!(
        "embedded {} in {} ({}{}{}); its text is unchanged: verify it by text, and keep the envelope file for the original bytes\n",
        printable(&args.envelope.display().to_string()),
        printable(&path.display().to_string()),
        format.name(),
        if args.disclosure { ", disclosure" } else { "" },
        if args.link.is_some() { ", link" } else { "" },
    );
    output::stdout(line.as_bytes(), color)?;
    Ok(ExitCode::SUCCESS)
}

/// Where the result goes and whether it may replace a file: `--output` follows `--force`;
/// rewriting DOC in place is replacing it, so it needs `--force`.
fn destination(args: &Args) -> Result<(PathBuf, Overwrite), CliError> {
    match &args.output {
        Some(path) => Ok((path.clone(), overwrite_policy(args.force))),
        None if args.force => Ok((args.document.clone(), Overwrite::Allow)),
        None => Err(CliError::Usage(format!(
            "embedding would rewrite {} in place: give --output FILE, or --force to rewrite it",
            printable(&args.document.display().to_string())
        ))),
    }
}

/// The format DOC's name gives it.
fn format_of(document: &Path) -> DocumentFormat {
    let name = document
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    DocumentFormat::from_file_name(&name)
}

/// Refuses a link with a scheme other than http(s): `javascript:` or `file:` addresses have no
/// business in a published page's provenance link. Relative addresses are allowed.
fn check_link(link: &str) -> Result<(), CliError> {
    let scheme = link
        .split_once(':')
        .map(|(scheme, _)| scheme)
        .filter(|s| !s.contains(['/', '?', '#']));
    match scheme {
        None => Ok(()),
        Some(s) if s.eq_ignore_ascii_case("http") || s.eq_ignore_ascii_case("https") => Ok(()),
        Some(_) => Err(CliError::Usage(format!(
            "--link {}: only http(s) or relative addresses can be provenance links",
            printable(link)
        ))),
    }
}

/// `tprov sign --embed`: puts the new envelope into the signed document itself, atomically.
/// The document's text does not change, so it still verifies by text; its bytes do, which is
/// why `sign` still writes the sidecar envelope (the record of the bytes that were signed).
pub fn embed_signed(
    document: &Path,
    envelope_json: &[u8],
    color: ColorWhen,
) -> Result<(), CliError> {
    let bytes = files::read_limited(document, MAX_DOCUMENT_BYTES as u64)?;
    let format = format_of(document);
    let embedded =
        embed(&bytes, format, envelope_json, &EmbedOptions::default()).map_err(|source| {
            CliError::Embed {
                path: document.to_path_buf(),
                source,
            }
        })?;
    files::write_atomic(document, &embedded, Overwrite::Allow, Visibility::Public)?;
    output::stderr_line(
        &format!(
            "embedded the envelope in {} ({}): it verifies by text; exact byte checks need the original bytes",
            printable(&document.display().to_string()),
            format.name()
        ),
        color,
    );
    Ok(())
}
