//! The `tprov` command line: argument definitions (clap), dispatch to one file per command,
//! and where output goes ([`output`]: stdout for results, stderr for diagnostics, colour).
//!
//! Owns everything the library must not do: reading passphrases and the environment, printing,
//! exit codes. May use the whole library (`tprov::*`); the library never uses this. A command
//! file parses its flags, calls the library, hands the result to `tprov::render` and writes it
//! with [`output`]; logic worth testing without a process belongs in the library.

mod completions;
mod cosign;
mod diff;
mod disclose;
mod embed;
mod inspect;
mod keygen;
mod keyid;
mod log;
pub mod output;
mod passphrase;
mod quote;
mod sign;
mod trust;
mod trust_args;
mod verify;
mod verify_stdin;

use std::path::Path;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use tprov::io::files::Overwrite;

/// Exit code: the check failed (not verified; different).
pub const EXIT_FAILED: u8 = 1;

/// tprov: sign, verify and diff translated documents with their provenance.
#[derive(Debug, Parser)]
#[command(
    name = "tprov",
    version,
    about = "Translation provenance: sign, verify and diff translated documents",
    long_about = "Translation provenance: sign a translated document together with the SHA-256 of its source and \
structured translator metadata (a DSSE envelope holding an in-toto Statement), verify it against keys you trust, \
and diff revisions of a translation.",
    after_help = "Exit codes: 0 success (verified; identical), 1 check failed (not verified; different), \
2 trouble (bad usage, missing or unreadable file, malformed key)."
)]
pub struct Cli {
    #[command(flatten)]
    global: GlobalArgs,

    #[command(subcommand)]
    command: Command,
}

/// The options every command takes.
#[derive(Debug, clap::Args)]
struct GlobalArgs {
    /// When to use colour: auto colours a terminal only, never with NO_COLOR set or TERM=dumb.
    // Listed last in every command's help: it is the least used option, and a command's own
    // options are what its reader came for.
    #[arg(long, global = true, value_enum, default_value_t = ColorWhen::Auto, display_order = 10_000)]
    color: ColorWhen,
}

/// A parser that knows `verify` only: see [`parse`].
#[derive(Debug, Parser)]
#[command(name = "tprov")]
struct VerifyOnly {
    #[command(flatten)]
    global: GlobalArgs,

    #[command(subcommand)]
    command: VerifyCommand,
}

#[derive(Debug, Subcommand)]
enum VerifyCommand {
    Verify(verify::Args),
}

/// When to colour output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    /// Colour a terminal, unless NO_COLOR is set or TERM=dumb.
    Auto,
    /// Always colour.
    Always,
    /// Never colour.
    Never,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Make an Ed25519 key pair: PREFIX.key (secret, mode 0600) and PREFIX.pub (public).
    Keygen(keygen::Args),
    /// Sign a translated document with its source digest and translation metadata.
    Sign(Box<sign::Args>),
    /// Add your signature to an envelope someone else signed (a publisher co-signing a translator's record).
    Cosign(cosign::Args),
    /// Check a translated document against its envelope and the keys you trust.
    Verify(verify::Args),
    /// Was this quoted correctly? Find a quote in the signed text of a verified document.
    Quote(quote::Args),
    /// Show what an envelope claims, without verifying anything.
    Inspect(inspect::Args),
    /// Put an envelope (and a provenance link, a disclosure line) into the published document.
    Embed(embed::Args),
    /// Print the disclosure line a reader sees, generated from a signed record.
    Disclose(disclose::Args),
    /// Compare two revisions of a translation, and their signed records.
    Diff(Box<diff::Args>),
    /// Walk and verify the chain of revisions behind an envelope.
    Log(log::Args),
    /// Keep a trust file: trust a key under a signer's name and roles, revoke a key, list them.
    Trust(trust::Args),
    /// Print the key id of a public or secret key (the fingerprint to publish).
    Keyid(keyid::Args),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    Completions(completions::Args),
    /// Print the manual page (roff) of tprov or of one of its commands.
    Man(completions::ManArgs),
}

/// Errors that stop a command (exit code 2).
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// From the library.
    #[error(transparent)]
    Tprov(#[from] tprov::Error),
    /// Bad usage the argument parser cannot express.
    #[error("{0}")]
    Usage(String),
    /// An envelope could not be put into a document (exit code 2: the document cannot carry it).
    #[error("{}: cannot embed the envelope", tprov::render::printable(&path.display().to_string()))]
    Embed {
        /// The document.
        path: std::path::PathBuf,
        /// Why.
        source: tprov::publish::embed::EmbedError,
    },
    /// A page to verify could not be read (its size, its character encoding): exit code 2.
    #[error("{}: cannot read the page", tprov::render::printable(path))]
    Page {
        /// The page's path or address.
        path: String,
        /// Why.
        source: tprov::publish::embed::EmbedError,
    },
    /// A page, or the envelope it links to, could not be fetched: exit code 2.
    #[error("cannot fetch {}", tprov::render::printable(url))]
    Fetch {
        /// The address.
        url: String,
        /// Why.
        source: tprov::publish::fetch::FetchError,
    },
    /// Writing results failed.
    #[error("cannot write to standard output")]
    Stdout {
        /// The cause.
        source: std::io::Error,
    },
}

/// Parses the command line and runs the command.
pub fn run() -> Result<ExitCode, CliError> {
    let cli = parse();
    let color = cli.global.color;
    match cli.command {
        Command::Keygen(args) => keygen::run(args, color),
        Command::Sign(args) => sign::run(*args, color),
        Command::Cosign(args) => cosign::run(args, color),
        Command::Verify(args) => verify::run(args, color),
        Command::Quote(args) => quote::run(args, color),
        Command::Inspect(args) => inspect::run(args, color),
        Command::Embed(args) => embed::run(args, color),
        Command::Disclose(args) => disclose::run(args, color),
        Command::Diff(args) => diff::run(*args, color),
        Command::Log(args) => log::run(args, color),
        Command::Trust(args) => trust::run(args, color),
        Command::Keyid(args) => keyid::run(args, color),
        Command::Completions(args) => completions::run(args, color),
        Command::Man(args) => completions::run_man(args, color),
    }
}

/// Parses the command line. `tprov verify` runs once per document in scripts, so its start-up
/// counts: it is parsed first by a parser that knows `verify` alone (building every command's
/// arguments is about a tenth of a whole verification, BENCHMARKS.md). Whatever that parser
/// does not accept — help, a mistake, another command — goes to the full parser, so every
/// message and help text is the full parser's.
fn parse() -> Cli {
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if args.get(1).is_some_and(|first| first == "verify") {
        if let Ok(VerifyOnly { global, command }) = VerifyOnly::try_parse_from(&args) {
            let VerifyCommand::Verify(args) = command;
            return Cli {
                global,
                command: Command::Verify(args),
            };
        }
    }
    Cli::parse_from(args)
}

/// The file a path names, or `None` when it is `-` (standard input or output).
pub fn named_file(path: &Path) -> Option<&Path> {
    (path.as_os_str() != "-").then_some(path)
}

/// What `--force` means for every command that writes a file: replace an existing one
/// atomically; without it, refuse.
pub fn overwrite_policy(force: bool) -> Overwrite {
    if force {
        Overwrite::Allow
    } else {
        Overwrite::Refuse
    }
}

/// Now, or `SOURCE_DATE_EPOCH` when set (reproducible builds convention), to whole seconds: the
/// signing time of `sign` and the default time of `trust revoke`.
pub fn signing_time() -> Result<jiff::Timestamp, CliError> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(text) => text
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|s| jiff::Timestamp::from_second(s).ok())
            .ok_or_else(|| {
                CliError::Usage(format!(
                    "SOURCE_DATE_EPOCH={text:?} is not a number of seconds since 1970; unset it or fix it"
                ))
            }),
        Err(_) => Ok(jiff::Timestamp::from_second(jiff::Timestamp::now().as_second())
            .expect("the current second is a valid timestamp")),
    }
}
