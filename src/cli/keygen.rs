//! `tprov keygen`: make a key pair, the secret key protected by a passphrase or, explicitly, not.

use std::path::PathBuf;
use std::process::ExitCode;

use tprov::SecretKey;
use tprov::crypto::keys::{KeyPairPaths, Protection, save_key_pair_with};

use super::passphrase::PassphraseArgs;
use super::{CliError, ColorWhen, output, overwrite_policy};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// Path prefix of the key files: writes PREFIX.key and PREFIX.pub.
    #[arg(long, value_name = "PREFIX")]
    out: PathBuf,
    /// Replace existing key files (the old secret key is lost).
    #[arg(long)]
    force: bool,
    /// Write the secret key without a passphrase (for automated pipelines), explicitly. Without
    /// it the secret key is encrypted with a passphrase (scrypt + AES-256-CBC, which OpenSSL
    /// reads), taken from --passphrase-env, --passphrase-fd or the terminal.
    #[arg(long, conflicts_with_all = ["passphrase_env", "passphrase_fd"])]
    unencrypted: bool,
    #[command(flatten)]
    passphrase: PassphraseArgs,
}

pub fn run(args: Args, color: ColorWhen) -> Result<ExitCode, CliError> {
    let overwrite = overwrite_policy(args.force);
    let paths = KeyPairPaths::for_prefix(&args.out);
    // Refuse before asking for a passphrase that would not be used.
    paths.refuse_existing(overwrite)?;
    let passphrase = if args.unencrypted {
        None
    } else {
        Some(args.passphrase.for_encryption(&paths.secret)?.ok_or_else(|| {
            CliError::Usage(
                "not on a terminal, so no passphrase can be asked for the new secret key: choose --passphrase-env VAR, --passphrase-fd N, or --unencrypted"
                    .into(),
            )
        })?)
    };
    let protection = match &passphrase {
        Some(passphrase) => Protection::Passphrase(passphrase),
        None => Protection::Unencrypted,
    };
    let key = SecretKey::generate();
    let paths = save_key_pair_with(&key, &args.out, overwrite, protection)?;
    let id = key.public_key().key_id();
    let protected = if passphrase.is_some() {
        "protected by your passphrase"
    } else {
        "NOT encrypted"
    };
    let text = format!(
        "key id {}\nsecret key {} (keep it private; mode 0600; {protected})\npublic key {} (give this to readers)\n",
        id.to_hex(),
        paths.secret.display(),
        paths.public.display()
    );
    output::stdout(text.as_bytes(), color)?;
    Ok(ExitCode::SUCCESS)
}
