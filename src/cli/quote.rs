//! `tprov quote`: was this quoted correctly? A quote checked against the signed text — with the
//! envelope alone (the quote must be whole signed sentences), or anywhere in a document that
//! verifies (where it is, or the closest passage and a word diff).
//!
//! Exit codes: 0 found; 1 not found, different, or the document or record does not verify;
//! 2 trouble.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use serde_json::json;
use tprov::io::envelope_file::{default_envelope_path, read_envelope_bytes};
use tprov::io::files;
use tprov::review::quote::{self, InDocument, InRecord};
use tprov::text::{CanonicalText, FormatChoice, MAX_TEXT_BYTES, TextFormat};
use tprov::verify::{Report, VerifyPaths, verify_files_text, verify_record_with};

use super::trust_args::{PolicyArgs, TrustArgs};
use super::{CliError, ColorWhen, EXIT_FAILED, output};

/// The longest quote read, in bytes: a few pages.
const MAX_QUOTE_BYTES: u64 = 1 << 20;

#[derive(Debug, clap::Args)]
#[command(
    group = clap::ArgGroup::new("quote").args(["text", "file"]).required(true),
    group = clap::ArgGroup::new("against").args(["document", "envelope"]).multiple(true).required(true),
    group = clap::ArgGroup::new("key-sources").args(["pubkey", "trust"]).multiple(true).required(true),
    after_help = "Examples:
  tprov quote --text \"Readers have a right to know.\" --in article.en.md --pubkey newsroom.pub
  tprov quote quote.txt --envelope article.en.md.tprov.json --trust trust.json
  pbpaste | tprov quote - --in article.en.html --pubkey newsroom.pub --json")]
pub struct Args {
    /// The quote, as text.
    #[arg(long, value_name = "TEXT")]
    text: Option<String>,
    /// A file holding the quote, or - for standard input.
    #[arg(value_name = "FILE")]
    file: Option<PathBuf>,
    /// The document the quote is from: it is verified first, then searched.
    #[arg(long = "in", value_name = "DOC")]
    document: Option<PathBuf>,
    /// The envelope (default DOC.tprov.json). Alone, without --in, the quote must be whole
    /// signed sentences.
    #[arg(long, value_name = "ENV")]
    envelope: Option<PathBuf>,
    /// How to read the document (auto: by its extension).
    #[arg(long = "as", value_name = "FORMAT", default_value = "auto")]
    format: FormatChoice,
    #[command(flatten)]
    keys: TrustArgs,
    #[command(flatten)]
    policy: PolicyArgs,
    /// Print the answer as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args, color: ColorWhen) -> Result<ExitCode, CliError> {
    let quote = CanonicalText::from_text(&read_quote(&args)?, TextFormat::Plain)
        .map_err(|e| CliError::Usage(format!("the quote: {e}")))?;
    if quote.text.is_empty() {
        return Err(CliError::Usage(
            tprov::text::TextError::EmptyQuote.to_string(),
        ));
    }
    let trust = args.keys.load()?;
    let policy = args.policy.policy();
    let (report, answer) = match &args.document {
        Some(document) => in_document(&args, document, &trust, &policy, &quote)?,
        None => in_record(&args, &trust, &policy, &quote)?,
    };
    let found = matches!(
        answer,
        Answer::Record(InRecord::Found { .. }) | Answer::Document(InDocument::Found(_))
    );
    let mut text = Vec::new();
    if args.json {
        let answer = match &answer {
            Answer::Record(a) => json!({ "in": "record", "answer": a }),
            Answer::Document(a) => json!({ "in": "document", "answer": a }),
            Answer::NotVerified => json!({ "in": null, "answer": null }),
        };
        let value = json!({
            "schemaVersion": 1,
            "found": found,
            "quote": quote.text,
            "verified": report.verified,
            "match": report.match_kind,
            "in": answer["in"],
            "answer": answer["answer"],
            "failure": report.failure().map(|c| &c.detail),
        });
        serde_json::to_writer_pretty(&mut text, &value).expect("serialising to memory");
        text.push(b'\n');
    } else {
        render(&answer, &report, &quote.text, &mut text).expect("writing to memory");
    }
    output::stdout(&text, color)?;
    Ok(if found {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(EXIT_FAILED)
    })
}

enum Answer {
    Record(InRecord),
    Document(InDocument),
    NotVerified,
}

fn render(
    answer: &Answer,
    report: &Report,
    quote: &str,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    match answer {
        Answer::Record(a) => tprov::render::quote_in_record(a, out),
        Answer::Document(a) => tprov::render::quote_in_document(quote, a, out),
        Answer::NotVerified => {
            writeln!(
                out,
                "NOT VERIFIED: the quote was not looked for, because the record does not verify"
            )?;
            tprov::render::verify_report(report, out)
        }
    }
}

/// The quote: `--text`, a file, or standard input, at most [`MAX_QUOTE_BYTES`].
fn read_quote(args: &Args) -> Result<String, CliError> {
    if let Some(text) = &args.text {
        return Ok(text.clone());
    }
    let path = args.file.as_deref().expect("clap requires --text or FILE");
    let bytes = match super::named_file(path) {
        Some(path) => files::read_limited(path, MAX_QUOTE_BYTES)?,
        None => {
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .take(MAX_QUOTE_BYTES + 1)
                .read_to_end(&mut bytes)
                .map_err(|e| {
                    CliError::Usage(format!("cannot read the quote from standard input: {e}"))
                })?;
            if bytes.len() as u64 > MAX_QUOTE_BYTES {
                return Err(CliError::Usage(format!(
                    "the quote on standard input is longer than {MAX_QUOTE_BYTES} bytes"
                )));
            }
            bytes
        }
    };
    String::from_utf8(bytes).map_err(|_| CliError::Usage("the quote is not valid UTF-8".into()))
}

/// Verifies the document as `verify` does, then looks for the quote in its canonical text.
fn in_document(
    args: &Args,
    document: &std::path::Path,
    trust: &tprov::TrustStore,
    policy: &tprov::verify::policy::Policy,
    quote: &CanonicalText,
) -> Result<(Report, Answer), CliError> {
    let paths = VerifyPaths {
        envelope: args
            .envelope
            .clone()
            .unwrap_or_else(|| default_envelope_path(document)),
        document: document.to_path_buf(),
        source: None,
    };
    let report = verify_files_text(&paths, trust, policy, args.format, false)?;
    if !report.verified {
        return Ok((report, Answer::NotVerified));
    }
    let bytes = files::read_limited(document, MAX_TEXT_BYTES as u64)?;
    let format = args.format.resolve(Some(document), &bytes).ok_or_else(|| {
        CliError::Usage("the document is not UTF-8 text, so a quote cannot be found in it".into())
    })?;
    let text = CanonicalText::from_bytes(&bytes, format).map_err(|problem| tprov::Error::Text {
        path: document.to_path_buf(),
        problem,
    })?;
    let answer =
        quote::find_in_document(&text, quote).map_err(|e| CliError::Usage(e.to_string()))?;
    Ok((report, Answer::Document(answer)))
}

/// Verifies the record alone, then matches the quote against its signed sentences.
fn in_record(
    args: &Args,
    trust: &tprov::TrustStore,
    policy: &tprov::verify::policy::Policy,
    quote: &CanonicalText,
) -> Result<(Report, Answer), CliError> {
    let path = args
        .envelope
        .as_deref()
        .expect("clap requires --in or --envelope");
    let bytes = read_envelope_bytes(path)?;
    let report = verify_record_with(&bytes, trust, policy);
    let Some(record) = report.record.as_ref().filter(|_| report.verified) else {
        return Ok((report, Answer::NotVerified));
    };
    let Some(text) = &record.predicate.text else {
        return Err(CliError::Usage(
            "the record has no text block (it was signed as bytes): give the document with --in DOC".into(),
        ));
    };
    text.validate()
        .map_err(|e| CliError::Usage(e.to_string()))?;
    let answer = quote::find_in_record(text, quote).map_err(|e| CliError::Usage(e.to_string()))?;
    Ok((report, Answer::Record(answer)))
}
