//! `tprov keyid`: the key id of a public or secret key, to publish as a fingerprint.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use serde::Serialize;
use tprov::render::printable;
use tprov::{KeyProblem, PublicKey, SecretKey};

use super::passphrase::PassphraseArgs;
use super::{CliError, ColorWhen, output};

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tprov keyid newsroom.pub
  tprov keyid newsroom.key --passphrase-env TPROV_PASSPHRASE
  tprov keyid newsroom.pub --short

The key id is the lowercase hex SHA-256 of the 32 raw Ed25519 public-key bytes; people are shown
its first 16 characters. A passphrase-protected secret key's public half is encrypted with it:
give the .pub file, or the passphrase.")]
pub struct Args {
    /// A public key (.pub, SPKI PEM) or a secret key (.key, PKCS#8 PEM, possibly encrypted).
    #[arg(value_name = "KEY")]
    key: PathBuf,
    /// Print only the first 16 hex characters, as tprov shows key ids to people.
    #[arg(long, conflicts_with = "json")]
    short: bool,
    /// Print JSON: {"keyId": full, "shortKeyId": first 16, "kind": "public" | "secret"}.
    #[arg(long)]
    json: bool,
    #[command(flatten)]
    passphrase: PassphraseArgs,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct KeyIdOutput {
    key_id: String,
    short_key_id: String,
    kind: &'static str,
}

pub fn run(args: Args, color: ColorWhen) -> Result<ExitCode, CliError> {
    let (key, kind) = match PublicKey::load(&args.key) {
        Ok(key) => (key, "public"),
        Err(tprov::Error::Key {
            problem: KeyProblem::SecretWherePublicExpected,
            ..
        }) => (secret_public_half(&args)?, "secret"),
        Err(e) => return Err(e.into()),
    };
    let id = key.key_id();
    let text = if args.json {
        let value = KeyIdOutput {
            key_id: id.to_hex(),
            short_key_id: id.short(),
            kind,
        };
        let mut text = serde_json::to_vec_pretty(&value).expect("serialising to memory");
        text.push(b'\n');
        text
    } else if args.short {
        format!("{}\n", id.short()).into_bytes()
    } else {
        format!("{}\n", id.to_hex()).into_bytes()
    };
    output::stdout(&text, color)?;
    Ok(ExitCode::SUCCESS)
}

/// The public half of a secret key, decrypting it when it is protected.
fn secret_public_half(args: &Args) -> Result<PublicKey, CliError> {
    let loaded = SecretKey::load_with(&args.key, |path| args.passphrase.for_decryption(path));
    match loaded {
        Ok(secret) => Ok(secret.public_key()),
        Err(CliError::Tprov(tprov::Error::Key {
            problem: KeyProblem::NeedsPassphrase,
            ..
        })) => Err(CliError::Usage(encrypted_hint(&args.key))),
        Err(e) => Err(e),
    }
}

/// Why an encrypted key's id cannot be read, and the two ways to get it.
fn encrypted_hint(key: &Path) -> String {
    let public = key.with_extension("pub");
    let instead = if public.is_file() {
        format!(
            "run `tprov keyid {}` on the public key beside it",
            printable(&public.display().to_string())
        )
    } else {
        "give its public key (.pub) instead".to_owned()
    };
    format!(
        "{}: this secret key is protected by a passphrase, and its public half is encrypted with it; {instead}, or give the passphrase with --passphrase-env VAR or --passphrase-fd N",
        printable(&key.display().to_string())
    )
}
