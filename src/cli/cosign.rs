//! `tprov cosign`: add a signature to an existing envelope, over the same PAE, in place — after
//! checking the document and the signatures already there when `--document` is given.

use std::path::PathBuf;
use std::process::ExitCode;

use tprov::crypto::digest::Sha256Digest;
use tprov::sign::cosign::{Destination, PendingCosign};
use tprov::verify::policy::Policy;
use tprov::verify::{Report, Subjects, verify_envelope_with};

use super::passphrase::{PassphraseArgs, load_secret_key};
use super::trust_args::TrustArgs;
use super::{CliError, ColorWhen, EXIT_FAILED, named_file, output, overwrite_policy};

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tprov cosign article.en.md.tprov.json --key newsroom.key --document article.en.md --trust trust.json
      (checks the document and the signatures already there, shows the record, then co-signs)
  tprov cosign article.en.md.tprov.json --key newsroom.key --document article.en.md --pubkey agency.pub
  tprov cosign article.en.md.tprov.json --key newsroom.key --output signed.tprov.json
      (checks nothing, and says so)

A record that does not verify is refused (exit 1) and left unchanged.")]
pub struct Args {
    /// The envelope to co-sign (ARTICLE.tprov.json); rewritten in place, atomically.
    envelope: PathBuf,
    /// Your secret key (PKCS#8 PEM).
    #[arg(long, value_name = "SECRET.key")]
    key: PathBuf,
    #[command(flatten)]
    passphrase: PassphraseArgs,
    /// The document the envelope is for: verified, with the signatures already there, against
    /// --pubkey or --trust before anything is signed. Without it nothing is checked.
    #[arg(long, value_name = "DOC")]
    document: Option<PathBuf>,
    #[command(flatten)]
    trust: TrustArgs,
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
    match (&args.document, args.trust.is_empty()) {
        (Some(_), true) => {
            return Err(CliError::Usage(
                "--document needs the keys to check the signatures with: give --pubkey FILE.pub or --trust FILE".into(),
            ));
        }
        (None, false) => {
            return Err(CliError::Usage(
                "--pubkey and --trust check the record together with its document: give --document DOC too".into(),
            ));
        }
        _ => {}
    }
    let cosigned_to_stdout = destination == Destination::Caller;
    // Refuse an existing --output and a malformed envelope before asking for a passphrase.
    let pending = PendingCosign::open(&args.envelope, destination, overwrite_policy(args.force))?;
    let checked = match &args.document {
        Some(document) => {
            let report = check_first(&pending, document, &args.trust)?;
            let mut text = Vec::new();
            tprov::render::verify_report(&report, &mut text).expect("writing to memory");
            if cosigned_to_stdout {
                // Standard output carries the envelope: the report goes to stderr.
                for line in String::from_utf8_lossy(&text).lines() {
                    output::stderr_rendered(line, color);
                }
            } else {
                output::stdout(&text, color)?;
            }
            if !report.verified {
                output::stderr_line(
                    "not co-signed: the record does not verify (see above); the envelope was left unchanged",
                    color,
                );
                return Ok(ExitCode::from(EXIT_FAILED));
            }
            true
        }
        None => false,
    };
    let key = load_secret_key(&args.key, &args.passphrase, color)?;
    let cosigned = pending.sign(&key)?;
    let mut text = Vec::new();
    match &cosigned.written {
        None => text = cosigned.envelope.to_json(),
        Some(_) => {
            tprov::render::cosigned(&cosigned, checked, &mut text).expect("writing to memory")
        }
    }
    output::stdout(&text, color)?;
    if !checked {
        output::stderr_line(
            "note: nothing was checked, neither the document nor the signatures already there: you vouched for a record you have not verified (give --document DOC with --pubkey or --trust to check it first)",
            color,
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Verifies the envelope exactly as read (the bytes that will be co-signed) against the
/// document and the reader's keys, with the default policy (one trusted signature).
fn check_first(
    pending: &PendingCosign,
    document: &std::path::Path,
    trust: &TrustArgs,
) -> Result<Report, CliError> {
    let trust = trust.load()?;
    let subjects = Subjects {
        document: Sha256Digest::of_file(document)?,
        document_name: document
            .file_name()
            .map(|n| n.to_string_lossy().into_owned()),
        source: None,
    };
    let mut report = verify_envelope_with(
        &pending.envelope().to_json(),
        &subjects,
        &trust,
        &Policy::default(),
    );
    report.document = Some(document.to_path_buf());
    Ok(report)
}
