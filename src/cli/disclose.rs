//! `tprov disclose`: the disclosure line a reader sees, generated from a signed record.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;
use tprov::publish::disclose::{DiscloseOptions, DisclosureFormat, disclose};
use tprov::render::printable;

use super::embed::{LoadedRecord, language, load_record};
use super::{CliError, ColorWhen, output};

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tprov disclose article.en.md.tprov.json
  tprov disclose article.en.md.tprov.json --lang zh --format html
  tprov disclose article.en.md.tprov.json --format markdown --signer \"The Example Review\"

The line says what the record says: who translated (the engine, \"an AI system that was not
named\", or the person), who post-edited, reviewed and edited, the original and the languages.
Nothing is verified here: run `tprov verify` before you publish what a record claims. The HTML
form carries data-tprov-disclosure and W3C ITS 2.0 provenance attributes, for other tools.")]
pub struct Args {
    /// The envelope file (ARTICLE.tprov.json).
    envelope: PathBuf,
    /// The language of the line: en or zh (any BCP 47 tag of them).
    #[arg(long, value_name = "LANG", default_value = "en")]
    lang: String,
    /// Plain text, Markdown (italic, names escaped) or an HTML element.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// A signer to name ("Signed by …"), as readers' trust files name the key; none by default,
    /// because a record cannot say who signed it.
    #[arg(long, value_name = "NAME")]
    signer: Vec<String>,
    /// The published envelope's address, carried in the HTML form as its-prov-ref.
    #[arg(long, value_name = "URL")]
    link: Option<String>,
}

/// The form of the line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// A plain sentence.
    Text,
    /// An HTML `<p data-tprov-disclosure>` element.
    Html,
    /// Markdown.
    Markdown,
}

pub fn run(args: Args, color: ColorWhen) -> Result<ExitCode, CliError> {
    let language = language(&args.lang)?;
    let statement = match load_record(&args.envelope)? {
        LoadedRecord::Record { statement, .. } => statement,
        LoadedRecord::Failed(message) => {
            output::stderr_line(&message, color);
            return Ok(ExitCode::from(super::EXIT_FAILED));
        }
    };
    let format = match args.format {
        Format::Text => DisclosureFormat::Text,
        Format::Html => DisclosureFormat::Html,
        Format::Markdown => DisclosureFormat::Markdown,
    };
    let options = DiscloseOptions {
        language,
        signers: &args.signer,
        provenance_link: args.link.as_deref(),
    };
    let line = disclose(&statement, &options, format);
    // The line is made of the record's strings: each line of it goes through the sanitizer.
    let mut text = String::with_capacity(line.len() + 1);
    for part in line.lines() {
        text.push_str(&printable(part));
        text.push('\n');
    }
    output::stdout(text.as_bytes(), color)?;
    Ok(ExitCode::SUCCESS)
}
