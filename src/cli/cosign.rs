//! `tprov cosign`: add a signature to an existing envelope, over the same PAE, in place.

use std::path::PathBuf;
use std::process::ExitCode;

use tprov::sign::cosign::{Destination, PendingCosign};

use super::passphrase::PassphraseArgs;
use super::sign::load_secret_key;
use super::{CliError, ColorWhen, named_file, output, overwrite_policy};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The envelope to co-sign (ARTICLE.tprov.json); rewritten in place, atomically.
    envelope: PathBuf,
    /// Your secret key (PKCS#8 PEM).
    #[arg(long, value_name = "SECRET.key")]
    key: PathBuf,
    #[command(flatten)]
    passphrase: PassphraseArgs,
    /// Write the co-signed envelope here instead of in place (- for standard output).
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Replace an existing --output file.
    #[arg(long)]
    force: bool,
}

pub fn run(args: Args, color: ColorWhen) -> Result<ExitCode, CliError> {
    let destination = match &args.output {
        None => Destination::InPlace,
        Some(path) => match named_file(path) {
            Some(file) => Destination::File(file.to_path_buf()),
            None => Destination::Caller,
        },
    };
    // Refuse an existing --output and a malformed envelope before asking for a passphrase.
    let pending = PendingCosign::open(&args.envelope, destination, overwrite_policy(args.force))?;
    let key = load_secret_key(&args.key, &args.passphrase, color)?;
    let cosigned = pending.sign(&key)?;
    let mut text = Vec::new();
    match &cosigned.written {
        None => text = cosigned.envelope.to_json(),
        Some(_) => tprov::render::cosigned(&cosigned, &mut text).expect("writing to memory"),
    }
    output::stdout(&text, color)?;
    Ok(ExitCode::SUCCESS)
}
