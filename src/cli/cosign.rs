//! `tprov cosign`: add a signature to an existing envelope, over the same PAE, in place.

use std::path::PathBuf;
use std::process::ExitCode;

use tprov::io::files::Overwrite;
use tprov::sign::cosign::cosign;
use tprov::sign::{read_envelope, write_envelope};

use super::passphrase::PassphraseArgs;
use super::sign::load_secret_key;
use super::{CliError, ColorWhen, output, real_path};

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
    let overwrite = if args.force {
        Overwrite::Allow
    } else {
        Overwrite::Refuse
    };
    let destination = match &args.output {
        None => Some(args.envelope.clone()),
        Some(path) => real_path(path).cloned(),
    };
    let in_place = destination.as_ref().is_some_and(|d| {
        d == &args.envelope
            || matches!(
                (std::fs::canonicalize(d), std::fs::canonicalize(&args.envelope)),
                (Ok(a), Ok(b)) if a == b
            )
    });
    // Refuse early, before asking for a passphrase, when --output exists.
    if let Some(path) = &destination {
        if !in_place && overwrite == Overwrite::Refuse && std::fs::symlink_metadata(path).is_ok() {
            return Err(tprov::Error::WouldOverwrite { path: path.clone() }.into());
        }
    }
    let mut envelope = read_envelope(&args.envelope)?;
    let existing = envelope.keyid_hints();
    let key = load_secret_key(&args.key, &args.passphrase, color)?;
    let statement = cosign(&mut envelope, &key, &args.envelope)?;
    match &destination {
        None => output::stdout(&envelope.to_json(), color)?,
        Some(path) => {
            let overwrite = if in_place {
                Overwrite::Allow
            } else {
                overwrite
            };
            write_envelope(&envelope, path, overwrite)?;
            let subject = statement.subject();
            let mut text = format!(
                "co-signed {} (key {}, {} signatures now)\n",
                path.display(),
                key.public_key().key_id().short(),
                envelope.signatures.len()
            );
            text.push_str(&format!(
                "  translation  {}  sha256:{}\n  languages    {} -> {}\n  revision     {}\n  record       sha256:{} (unchanged)\n",
                subject.name.as_deref().unwrap_or("(unnamed)"),
                subject.digest.get("sha256").map_or("?", String::as_str),
                statement.predicate.source_language,
                statement.predicate.target_language,
                statement.predicate.revision,
                envelope.payload_digest()
            ));
            for (i, hint) in existing.iter().enumerate() {
                text.push_str(&format!(
                    "  signature #{i} claims key id {} (not checked; verify with `tprov verify`)\n",
                    hint.as_deref()
                        .map_or_else(|| "(none)".into(), tprov::render::short_hint)
                ));
            }
            output::stdout(text.as_bytes(), color)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}
