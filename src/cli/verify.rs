//! `tprov verify`: check a translated document against its envelope, trusted keys and policy —
//! or, in batch mode, every document of an archive, in parallel.
//!
//! One TRANSLATION without `--recursive` is the single-document mode: the full report. Several
//! TRANSLATIONs, `-` (paths read from standard input, one a line or NUL-separated with `-0`:
//! see `verify_stdin`) or `--recursive` (folders are walked) is batch mode: a line per
//! document that did not verify, then a summary; with `--json`, JSON Lines. Exit codes in
//! batch mode: 0 only when every document verified (and there was at least one), 1 when any
//! failed or is missing or no document was found, 2 for trouble (bad usage, an unreadable
//! folder or standard input, a bad key).
//!
//! A page that carries its envelope, and a page at an `http(s)` address, are verified in
//! [`page`].

mod page;

use std::collections::HashSet;
use std::ffi::OsStr;
use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use tprov::TrustStore;
use tprov::io::envelope_file::{default_envelope_path, document_of, is_envelope_file};
use tprov::io::folder::Skipped;
use tprov::text::FormatChoice;
use tprov::verify::batch::{self, Outcome, Summary};
use tprov::verify::policy::Policy;
use tprov::verify::{Report, VerifyPaths, verify_files_text};

use super::trust_args::{PolicyArgs, TrustArgs};
use super::verify_stdin::{Separator, paths_from_stdin};
use super::{CliError, ColorWhen, EXIT_FAILED, output};

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tprov verify article.en.md --pubkey newsroom.pub
  tprov verify page.html --envelope article.en.md.tprov.json --trust trust.json --require-role publisher
  tprov verify https://news.example/2026/ai-translation.html --trust trust.json
  tprov verify --recursive archive/ --trust trust.json --exclude '*.pub' --json")]
#[command(group = clap::ArgGroup::new("key-sources").args(["pubkey", "trust", "key"]).multiple(true).required(true))]
pub struct Args {
    /// The translated document, or the http(s) address of a published page (fetched, and
    /// verified by its text with the envelope it carries or links to). A document with no
    /// envelope beside it is verified with the one embedded in it. Several documents, `-` (read
    /// paths from standard input, one a line, or NUL-separated with -0; at most 1,000,000 paths
    /// and 256 MiB) or --recursive verify them all (batch mode), each with the envelope beside it.
    #[arg(value_name = "TRANSLATION", required = true)]
    translations: Vec<PathBuf>,
    /// Batch mode: verify every document under the given folders (hidden entries skipped,
    /// links to folders not followed); files given are verified too.
    #[arg(long, short = 'r')]
    recursive: bool,
    /// The envelope (default TRANSLATION.tprov.json, else the one embedded in the document).
    /// One document only.
    #[arg(long, value_name = "FILE", conflicts_with = "recursive")]
    envelope: Option<PathBuf>,
    /// The source document: also check that it is the one the record names. One document only.
    #[arg(long, value_name = "FILE", conflicts_with = "recursive")]
    source: Option<PathBuf>,
    #[command(flatten)]
    keys: TrustArgs,
    #[command(flatten)]
    policy: PolicyArgs,
    /// Print the report as JSON; in batch mode, JSON Lines: an object per document, then a
    /// summary (schemas in the README).
    #[arg(long)]
    json: bool,
    /// How to read the document when its bytes are not the signed ones, to match it by its
    /// text: auto, the default (by extension: .md/.markdown Markdown, .html/.htm/.xhtml HTML, other UTF-8
    /// plain text), plain, markdown, html, or bytes (no text match).
    #[arg(long = "as", value_name = "FORMAT")]
    format: Option<FormatChoice>,
    /// Only the signed bytes verify: refuse a text match (a copy with the signed words but
    /// other line endings, wrapping or markup).
    #[arg(long)]
    exact: bool,
    /// Not a verify flag (a common slip for --pubkey): refused with a suggestion.
    #[arg(long = "key", value_name = "FILE", hide = true)]
    key: Option<PathBuf>,
    /// Batch mode with --recursive: verify only the documents found in folders whose file name
    /// (or path, for a glob with `/`) matches GLOB; may be repeated. Files named on the command
    /// line are always verified.
    #[arg(long, value_name = "GLOB")]
    include: Vec<String>,
    /// Batch mode with --recursive: leave out the documents found in folders that match GLOB
    /// (for example `*.pub`, `*.sh`); may be repeated; wins over --include.
    #[arg(long, value_name = "GLOB")]
    exclude: Vec<String>,
    /// Batch mode: draw no progress bar (one is drawn only when standard error is a terminal).
    #[arg(long, short = 'q')]
    quiet: bool,
    /// The deadline for fetching a page (and its linked envelope), in seconds (default 30).
    /// Hidden: for tests, and for a reader on a slow line.
    #[arg(long, value_name = "SECONDS", hide = true)]
    timeout: Option<f64>,
    /// With `-`: the paths on standard input are NUL-separated, as `find -print0` and `xargs -0`
    /// write them (names may then hold line breaks). Names are taken exactly as listed, with
    /// or without it (a name ending in a carriage return is that name); one with no file of
    /// exactly that name is reported as not found. At most 1,000,000 names and 256 MiB.
    #[arg(long = "null", short = '0')]
    null: bool,
}

impl Args {
    fn is_batch(&self) -> bool {
        self.recursive
            || self.translations.len() > 1
            || self.translations.iter().any(|p| is_stdin(p))
    }
}

/// Flags that cannot do what the user meant: say what to give instead.
fn refuse_misused_flags(args: &Args) -> Result<(), CliError> {
    if args.key.is_some() {
        return Err(CliError::Usage(
            concat!(
                "verify checks signatures with public keys: give --pubkey FILE.pub or --trust FILE ",
                "(--key is the secret key that tprov sign uses)"
            )
            .into(),
        ));
    }
    if args.null && !args.translations.iter().any(|p| is_stdin(p)) {
        return Err(CliError::Usage(
            "-0/--null says how the paths on standard input are separated: give `-` to read them"
                .into(),
        ));
    }
    let filtered = !args.include.is_empty() || !args.exclude.is_empty();
    if filtered && !args.recursive {
        return Err(CliError::Usage(
            "--include and --exclude choose among the files found in folders: add --recursive"
                .into(),
        ));
    }
    Ok(())
}

fn is_stdin(path: &Path) -> bool {
    path.as_os_str() == "-"
}

pub fn run(args: Args, color: ColorWhen) -> Result<ExitCode, CliError> {
    refuse_misused_flags(&args)?;
    if args.is_batch() {
        if args.translations.iter().any(|t| page::is_url(t)) {
            return Err(CliError::Usage(
                "an address (http://, https://) is verified on its own: give one address, not several documents or --recursive".into(),
            ));
        }
        run_batch(args, color)
    } else if page::is_url(&args.translations[0]) {
        page::run_url(&args, color)
    } else if args.envelope.is_none() && !uses_sidecar(&args.translations[0]) {
        page::run_embedded(&args, color)
    } else {
        run_single(args, color)
    }
}

/// Whether the document's envelope is the file beside it (or the document is an envelope,
/// which [`envelope_for`] explains): otherwise it may carry its envelope inside.
fn uses_sidecar(translation: &Path) -> bool {
    is_envelope_file(translation)
        || !translation.is_file()
        || default_envelope_path(translation).exists()
}

fn run_single(args: Args, color: ColorWhen) -> Result<ExitCode, CliError> {
    let trust = args.keys.load()?;
    let policy = args.policy.policy();
    let translation = args.translations[0].clone();
    let paths = VerifyPaths {
        envelope: envelope_for(args.envelope.clone(), &translation)?,
        document: translation,
        source: args.source.clone(),
    };
    // The envelope is the file the report names (`envelope`): the same report as in batch mode.
    let report = verify_files_text(
        &paths,
        &trust,
        &policy,
        args.format.unwrap_or_default(),
        args.exact,
    )?;
    if emit(
        &report,
        args.json,
        &paths.document.display().to_string(),
        color,
    )? {
        return Ok(ExitCode::SUCCESS);
    }
    output::stderr_line(
        &format!(
            "see what the record claims, unverified, with `tprov inspect {}`",
            paths.envelope.display()
        ),
        color,
    );
    Ok(ExitCode::from(EXIT_FAILED))
}

/// Writes the report (text or JSON) to standard output and, when it did not verify, which
/// check failed to standard error (naming the document as `shown`). Returns whether it verified.
fn emit(report: &Report, json: bool, shown: &str, color: ColorWhen) -> Result<bool, CliError> {
    let mut text = Vec::new();
    if json {
        serde_json::to_writer_pretty(&mut text, &batch::utf8_paths(report))
            .expect("serialising to memory");
        text.push(b'\n');
    } else {
        tprov::render::verify_report(report, &mut text).expect("writing to memory");
    }
    output::stdout(&text, color)?;
    if report.verified {
        return Ok(true);
    }
    if let Some(check) = report.failure() {
        output::stderr_line(
            &format!(
                "{shown}: NOT VERIFIED: {} check failed: {}",
                check.kind.name(),
                check.detail
            ),
            color,
        );
    }
    Ok(false)
}

/// The envelope to check `translation` against: the one given, else the one beside it. Says
/// what to do, rather than an OS error, when the envelope was given as the document or none
/// lies beside the document.
fn envelope_for(given: Option<PathBuf>, translation: &Path) -> Result<PathBuf, CliError> {
    if let Some(envelope) = given {
        return Ok(envelope);
    }
    if is_envelope_file(translation) {
        let named = document_of(translation).map_or_else(
            || "the document beside it".to_owned(),
            |d| d.display().to_string(),
        );
        return Err(CliError::Usage(format!(
            "{} is an envelope; verify the document it names ({named}), or give the document and --envelope {}",
            translation.display(),
            translation.display()
        )));
    }
    let beside = default_envelope_path(translation);
    if translation.exists() && !beside.exists() {
        return Err(CliError::Usage(format!(
            "no envelope next to {} (expected {}); give --envelope FILE",
            translation.display(),
            beside.display()
        )));
    }
    Ok(beside)
}

/// Why `--envelope` and `--source` are refused in batch mode.
const ONE_DOCUMENT_OPTIONS: &str = concat!(
    "--envelope and --source name the files of one document, so they cannot be used when ",
    "verifying several documents: verify that document on its own, or let each ",
    "document's envelope be found beside it (DOCUMENT.tprov.json)"
);

fn run_batch(args: Args, color: ColorWhen) -> Result<ExitCode, CliError> {
    if args.envelope.is_some() || args.source.is_some() {
        return Err(CliError::Usage(ONE_DOCUMENT_OPTIONS.into()));
    }
    // Keys first: a bad key is trouble (exit 2) before any document is looked at.
    let trust = args.keys.load()?;
    let policy = args.policy.policy();
    let (items, skipped) = find_items(&args)?;
    write_skipped(&skipped, args.json, color)?;
    let progress = progress_bar(&args, items.len());
    let matching = batch::Matching {
        format: args.format.unwrap_or_default(),
        exact: args.exact,
    };
    let result = verify_items(
        &items,
        &trust,
        &policy,
        matching,
        args.json,
        progress.as_ref(),
        color,
    );
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }
    let mut summary = result?;
    summary.skipped = skipped.len();
    write_summary(&summary, args.json, color)
}

/// A line (text) or JSON Lines object per entry the walks skipped, before the documents' lines.
fn write_skipped(skipped: &[Skipped], json: bool, color: ColorWhen) -> Result<(), CliError> {
    let mut text = Vec::new();
    for entry in skipped {
        if json {
            serde_json::to_writer(&mut text, &batch::SkippedLine::of(entry))
                .expect("serialising to memory");
            text.push(b'\n');
        } else {
            tprov::render::batch_skipped(entry, &mut text).expect("writing to memory");
        }
    }
    output::stdout(&text, color)
}

/// Verifies the items in parallel, writing a line per document in input order (none for a
/// verified document in text mode); returns the counts.
fn verify_items(
    items: &[batch::Item],
    trust: &TrustStore,
    policy: &Policy,
    matching: batch::Matching,
    json: bool,
    progress: Option<&ProgressBar>,
    color: ColorWhen,
) -> Result<Summary, CliError> {
    let mut summary = Summary::default();
    batch::verify_ordered(
        items,
        trust,
        policy,
        matching,
        // On the worker threads: render and count, so the outcome (with its report) is
        // dropped there too and the in-order writer has little to do.
        |outcome| {
            let line = render(&outcome, json);
            if let Some(bar) = progress {
                bar.inc(1);
            }
            (Summary::of(&outcome), line)
        },
        |(counted, line): (Summary, Vec<u8>)| {
            summary.merge(&counted);
            if line.is_empty() {
                return Ok(());
            }
            match progress {
                Some(bar) => bar.suspend(|| output::stdout(&line, color)),
                None => output::stdout(&line, color),
            }
        },
    )?;
    Ok(summary)
}

/// The summary (text or the last JSON Lines object), the verdict on standard error, the exit
/// code.
fn write_summary(summary: &Summary, json: bool, color: ColorWhen) -> Result<ExitCode, CliError> {
    let mut text = Vec::new();
    if json {
        serde_json::to_writer(&mut text, summary).expect("serialising to memory");
        text.push(b'\n');
    } else {
        tprov::render::batch_summary(summary, &mut text).expect("writing to memory");
    }
    output::stdout(&text, color)?;
    if summary.all_verified() {
        return Ok(ExitCode::SUCCESS);
    }
    let message = if summary.total == 0 {
        concat!(
            "NOT VERIFIED: no documents found; give documents, `-` to read their paths from ",
            "standard input, or folders with --recursive"
        )
        .to_owned()
    } else {
        format!(
            "NOT VERIFIED: {} of {} did not verify; each is listed on standard output",
            summary.total - summary.verified,
            plural(summary.total, "document")
        )
    };
    output::stderr_line(&message, color);
    Ok(ExitCode::from(EXIT_FAILED))
}

/// The line (text) or JSON Lines object for one outcome; empty for a verified document in text
/// mode.
fn render(outcome: &Outcome, json: bool) -> Vec<u8> {
    let mut line = Vec::new();
    if json {
        serde_json::to_writer(&mut line, outcome).expect("serialising to memory");
        line.push(b'\n');
    } else {
        tprov::render::batch_line(outcome, &mut line).expect("writing to memory");
    }
    line
}

/// The operands (with `-` replaced by the paths on standard input), folders walked with
/// `--recursive`, paired into items.
///
/// A path given on the command line must exist (a typo is trouble, exit 2, as for one
/// document); a path read from standard input or found in a folder is a document of the
/// archive, and when it cannot be read that document is reported as unreadable.
fn find_items(args: &Args) -> Result<(Vec<batch::Item>, Vec<Skipped>), CliError> {
    let mut operands = Vec::new();
    let mut read_stdin = false;
    for operand in &args.translations {
        if !is_stdin(operand) {
            std::fs::metadata(operand).map_err(|source| tprov::Error::Read {
                path: operand.clone(),
                source,
            })?;
            operands.push(operand.clone());
            continue;
        }
        if read_stdin {
            return Err(CliError::Usage(
                "`-` (read paths from standard input) may be given only once".into(),
            ));
        }
        read_stdin = true;
        let separator = if args.null {
            Separator::Nul
        } else {
            Separator::Newline
        };
        operands.extend(paths_from_stdin(separator)?);
    }
    let filter = DocumentFilter::new(&args.include, &args.exclude)?;
    let mut files = Vec::new();
    let mut skipped = Vec::new();
    let mut walked_ranges = Vec::new();
    for operand in operands {
        if !operand.is_dir() {
            files.push(operand);
            continue;
        }
        if !args.recursive {
            return Err(CliError::Usage(format!(
                "{} is a folder: add --recursive to verify every document in it",
                operand.display()
            )));
        }
        let walk = batch::files_under(&operand)?;
        skipped.extend(walk.skipped);
        let found: Vec<PathBuf> = walk
            .files
            .into_iter()
            .filter(|file| filter.wants(file))
            .collect();
        walked_ranges.push(files.len()..files.len() + found.len());
        files.extend(found);
    }
    // Walked files are known to exist: only paths outside the walks are asked of the system.
    let walked: HashSet<&OsStr> = walked_ranges
        .into_iter()
        .flat_map(|range| &files[range])
        .map(|path| path.as_os_str())
        .collect();
    let items = batch::classify_with(&files, |path| {
        walked.contains(path.as_os_str()) || path.is_file()
    });
    Ok((items, skipped))
}

/// `--include` / `--exclude`: which walked files are documents to verify. An envelope file is
/// judged by the document it names, so an excluded document's envelope is not reported as an
/// envelope without its document.
struct DocumentFilter {
    include: Option<globset::GlobSet>,
    exclude: globset::GlobSet,
}

impl DocumentFilter {
    fn new(include: &[String], exclude: &[String]) -> Result<Self, CliError> {
        let include = if include.is_empty() {
            None
        } else {
            Some(glob_set(include, "--include")?)
        };
        Ok(DocumentFilter {
            include,
            exclude: glob_set(exclude, "--exclude")?,
        })
    }

    fn wants(&self, file: &Path) -> bool {
        let document = if is_envelope_file(file) {
            document_of(file).unwrap_or_else(|| file.to_path_buf())
        } else {
            file.to_path_buf()
        };
        let matches = |set: &globset::GlobSet| {
            set.is_match(&document) || document.file_name().is_some_and(|name| set.is_match(name))
        };
        !matches(&self.exclude) && self.include.as_ref().is_none_or(matches)
    }
}

fn glob_set(globs: &[String], flag: &str) -> Result<globset::GlobSet, CliError> {
    let mut builder = globset::GlobSetBuilder::new();
    for glob in globs {
        let parsed = globset::Glob::new(glob).map_err(|error| {
            CliError::Usage(format!("{flag} {glob:?} is not a glob pattern: {error}"))
        })?;
        builder.add(parsed);
    }
    builder
        .build()
        .map_err(|error| CliError::Usage(format!("{flag}: {error}")))
}

/// A progress bar on standard error (documents done, rate, time left) — only when standard
/// error is a terminal and --quiet was not given, so pipes, logs and CI output stay clean.
fn progress_bar(args: &Args, len: usize) -> Option<ProgressBar> {
    if args.quiet || !io::stderr().is_terminal() {
        return None;
    }
    let style = ProgressStyle::with_template(
        "verifying [{bar:30}] {human_pos}/{human_len} documents  {rate}  {eta} left",
    )
    .expect("the template is valid")
    .with_key(
        "rate",
        |state: &indicatif::ProgressState, out: &mut dyn std::fmt::Write| {
            let _ = write!(out, "{:.0}/s", state.per_sec());
        },
    )
    .progress_chars("=> ");
    let bar = ProgressBar::with_draw_target(Some(len as u64), ProgressDrawTarget::stderr())
        .with_style(style);
    bar.enable_steady_tick(Duration::from_millis(200));
    bar.tick();
    Some(bar)
}

fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        format!("1 {noun}")
    } else {
        format!("{n} {noun}s")
    }
}
