//! `tprov inspect`: show an envelope's claims without verifying them.

use std::path::PathBuf;
use std::process::ExitCode;

use super::{CliError, ColorWhen, output};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The envelope file (ARTICLE.tprov.json).
    envelope: PathBuf,
    /// Print the inspection as JSON (schema in the README).
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args, color: ColorWhen) -> Result<ExitCode, CliError> {
    let inspection = match tprov::review::inspect::inspect_file(&args.envelope) {
        Ok(inspection) => inspection,
        // A malformed envelope is a failed check (1), as in `verify`; a missing file is trouble (2).
        Err(e @ (tprov::Error::Envelope { .. } | tprov::Error::TooLarge { .. })) => {
            output::stderr_line(&tprov::ErrorChain(&e).to_string(), color);
            return Ok(ExitCode::from(super::EXIT_FAILED));
        }
        Err(e) => return Err(e.into()),
    };
    let mut text = Vec::new();
    if args.json {
        serde_json::to_writer_pretty(&mut text, &inspection).expect("serialising to memory");
        text.push(b'\n');
    } else {
        tprov::render::inspection(&inspection, &mut text).expect("writing to memory");
    }
    output::stdout(&text, color)?;
    Ok(ExitCode::SUCCESS)
}
