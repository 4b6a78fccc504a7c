//! `tprov verify`: check a translated document against its envelope, trusted keys and policy.

use std::path::PathBuf;
use std::process::ExitCode;

use tprov::verify::{VerifyPaths, default_envelope_path, verify_files_with};

use super::trust_args::{PolicyArgs, TrustArgs};
use super::{CliError, ColorWhen, EXIT_FAILED, output};

#[derive(Debug, clap::Args)]
#[command(group = clap::ArgGroup::new("key-sources").args(["pubkey", "trust"]).multiple(true).required(true))]
pub struct Args {
    /// The translated document.
    translation: PathBuf,
    /// The envelope (default TRANSLATION.tprov.json).
    #[arg(long, value_name = "FILE")]
    envelope: Option<PathBuf>,
    /// The source document: also check that it is the one the record names.
    #[arg(long, value_name = "FILE")]
    source: Option<PathBuf>,
    #[command(flatten)]
    keys: TrustArgs,
    #[command(flatten)]
    policy: PolicyArgs,
    /// Print the report as JSON (schema in the README).
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args, color: ColorWhen) -> Result<ExitCode, CliError> {
    let trust = args.keys.load()?;
    let policy = args.policy.policy();
    let paths = VerifyPaths {
        envelope: args
            .envelope
            .clone()
            .unwrap_or_else(|| default_envelope_path(&args.translation)),
        document: args.translation.clone(),
        source: args.source.clone(),
    };
    let report = verify_files_with(&paths, &trust, &policy)?;
    let mut text = Vec::new();
    if args.json {
        serde_json::to_writer_pretty(&mut text, &report).expect("serialising to memory");
        text.push(b'\n');
    } else {
        tprov::render::verify_report(&report, &mut text).expect("writing to memory");
    }
    output::stdout(&text, color)?;
    if report.verified {
        return Ok(ExitCode::SUCCESS);
    }
    if let Some(check) = report.failure() {
        output::stderr_line(
            &format!(
                "{}: NOT VERIFIED: {} check failed: {}",
                paths.document.display(),
                check.check.name(),
                check.detail
            ),
            color,
        );
    }
    Ok(ExitCode::from(EXIT_FAILED))
}
