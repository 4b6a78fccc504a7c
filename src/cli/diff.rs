//! `tprov diff`: compare two revisions of a translation, and their signed records.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;
use serde::Serialize;
use tprov::diff::{DiffOptions, Granularity, TextDiff, decode_text, diff_texts};
use tprov::io::envelope_file::default_envelope_path;
use tprov::io::files;
use tprov::render::diff::{
    HtmlParts, RenderOptions, render_html, render_paragraphs, render_records, render_side_by_side,
    render_stats, render_unified,
};
use tprov::review::compare::{RecordReview, ReviewInput, review_records};
use tprov::verify::VerifyPaths;

use super::trust_args::{PolicyArgs, TrustArgs};
use super::{CliError, ColorWhen, EXIT_FAILED, output};

/// The largest document `diff` reads: the diff holds both texts and their tokens in memory.
pub const MAX_DIFF_INPUT_BYTES: u64 = 256 * 1024 * 1024;

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The older revision (typically the raw machine translation).
    old: PathBuf,
    /// The newer revision (typically the post-edited translation).
    new: PathBuf,
    /// Token granularity: auto picks words or characters per script run.
    #[arg(long = "by", value_enum, default_value_t = By::Auto)]
    by: By,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Unified)]
    format: Format,
    /// Also print statistics: token counts, similarity, edit rate and TER/HTER (in JSON, `ter`
    /// is null without it).
    #[arg(long)]
    stats: bool,
    /// The paragraph view: edit rate and HTER per paragraph, paragraphs aligned across splits
    /// and merges (a table instead of the changes in the text formats; `paragraphs` in JSON; a
    /// table in the HTML report).
    #[arg(long)]
    paragraphs: bool,
    /// Lines of context around each change (unified format).
    #[arg(long, value_name = "N", default_value_t = 3)]
    context: usize,
    /// Show whitespace-only changes (re-wrapped lines, CRLF, trailing spaces) as changes.
    #[arg(long)]
    keep_whitespace: bool,
    /// Total width of the side-by-side view (default: the terminal's, else 100).
    #[arg(long, value_name = "COLUMNS")]
    width: Option<usize>,
    /// OLD's envelope (default: OLD.tprov.json when it exists).
    #[arg(long, value_name = "FILE")]
    old_envelope: Option<PathBuf>,
    /// NEW's envelope (default: NEW.tprov.json when it exists).
    #[arg(long, value_name = "FILE")]
    new_envelope: Option<PathBuf>,
    /// Compare the texts only, ignoring any envelopes.
    #[arg(long, conflicts_with_all = ["old_envelope", "new_envelope"])]
    no_records: bool,
    #[command(flatten)]
    keys: TrustArgs,
    #[command(flatten)]
    policy: PolicyArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum By {
    Auto,
    Word,
    Char,
    Line,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    Unified,
    SideBySide,
    Json,
    /// A self-contained HTML page (the editor's report).
    Html,
}

/// The `--format json` document.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonOutput<'a> {
    schema_version: u32,
    old: &'a Path,
    new: &'a Path,
    identical: bool,
    diff: &'a TextDiff<'a>,
    records: Option<&'a RecordReview>,
}

pub fn run(args: Args, color: ColorWhen) -> Result<ExitCode, CliError> {
    let old_bytes = read_document(&args.old)?;
    let new_bytes = read_document(&args.new)?;
    let old_text = decode(&args.old, &old_bytes)?;
    let new_text = decode(&args.new, &new_bytes)?;
    let diff = diff_texts(old_text, new_text, &diff_options(&args));
    let review = records(&args)?;
    let use_color = color_on(color);
    let text = render(&args, &diff, review.as_ref(), use_color);
    output::stdout(
        &text,
        if use_color {
            ColorWhen::Always
        } else {
            ColorWhen::Never
        },
    )?;
    let records_failed = review.as_ref().is_some_and(|r| {
        r.old.verified == Some(false)
            || r.new.verified == Some(false)
            || r.link.as_ref().is_some_and(|l| !l.is_linked())
    });
    if records_failed {
        output::stderr_line(
            "the records do not check out: see the records section above",
            color,
        );
    }
    if diff.is_identical() && !records_failed {
        Ok(ExitCode::SUCCESS)
    } else {
        Ok(ExitCode::from(EXIT_FAILED))
    }
}

fn diff_options(args: &Args) -> DiffOptions {
    DiffOptions::new()
        .granularity(match args.by {
            By::Auto => Granularity::Auto,
            By::Word => Granularity::Word,
            By::Char => Granularity::Char,
            By::Line => Granularity::Line,
        })
        .context(args.context)
        .ignore_whitespace(!args.keep_whitespace)
        .paragraphs(args.paragraphs)
        // TER's shift search is the costly part of the statistics: only when asked for.
        .ter(args.stats)
}

/// Whether stdout shows colour: `--color`, and for `auto` a terminal without `NO_COLOR`.
fn color_on(color: ColorWhen) -> bool {
    match color {
        ColorWhen::Always => true,
        ColorWhen::Never => false,
        ColorWhen::Auto => {
            anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
        }
    }
}

/// The whole output, in memory (the renderers write to a `Vec`, which cannot fail).
fn render(args: &Args, diff: &TextDiff<'_>, review: Option<&RecordReview>, color: bool) -> Vec<u8> {
    let options = RenderOptions::new()
        .color(color)
        .width(args.width.unwrap_or_else(terminal_width))
        .labels(
            args.old.display().to_string(),
            args.new.display().to_string(),
        );
    let mut text = Vec::new();
    match args.format {
        Format::Json => {
            let document = JsonOutput {
                schema_version: 1,
                old: &args.old,
                new: &args.new,
                identical: diff.is_identical(),
                diff,
                records: review,
            };
            serde_json::to_writer_pretty(&mut text, &document).expect("serialising to memory");
            text.push(b'\n');
        }
        Format::Html => {
            let parts = HtmlParts {
                records: review,
                stats: args.stats,
            };
            render_html(diff, &options, parts, &mut text).expect("writing to memory");
        }
        Format::Unified | Format::SideBySide => {
            if args.paragraphs {
                render_paragraphs(diff, &mut text).expect("writing to memory");
            } else if args.format == Format::Unified {
                render_unified(diff, &options, &mut text).expect("writing to memory");
            } else {
                render_side_by_side(diff, &options, &mut text).expect("writing to memory");
            }
            if args.stats {
                writeln!(text).expect("writing to memory");
                render_stats(diff, &options, &mut text).expect("writing to memory");
            }
            if let Some(review) = review {
                writeln!(text).expect("writing to memory");
                render_records(review, &mut text).expect("writing to memory");
            }
        }
    }
    text
}

fn read_document(path: &Path) -> Result<Vec<u8>, CliError> {
    Ok(files::read_limited(path, MAX_DIFF_INPUT_BYTES)?)
}

fn decode<'a>(path: &Path, bytes: &'a [u8]) -> Result<&'a str, CliError> {
    decode_text(bytes).map_err(|e| {
        CliError::Usage(format!(
            "{}: {e}; tprov diff compares UTF-8 text documents",
            path.display()
        ))
    })
}

/// The records to compare: both envelopes when present (given, or beside the documents).
fn records(args: &Args) -> Result<Option<RecordReview>, CliError> {
    if args.no_records {
        return Ok(None);
    }
    let envelope = |given: &Option<PathBuf>, document: &Path| {
        given
            .clone()
            .or_else(|| Some(default_envelope_path(document)).filter(|p| p.is_file()))
    };
    let (Some(old_envelope), Some(new_envelope)) = (
        envelope(&args.old_envelope, &args.old),
        envelope(&args.new_envelope, &args.new),
    ) else {
        return Ok(None);
    };
    let old = VerifyPaths {
        document: args.old.clone(),
        envelope: old_envelope,
        source: None,
    };
    let new = VerifyPaths {
        document: args.new.clone(),
        envelope: new_envelope,
        source: None,
    };
    let trust = if args.keys.is_empty() {
        None
    } else {
        Some(args.keys.load()?)
    };
    let policy = args.policy.policy();
    Ok(Some(review_records(ReviewInput {
        old: &old,
        new: &new,
        trust: trust.as_ref().map(|t| (t, &policy)),
    })?))
}

fn terminal_width() -> usize {
    if std::io::stdout().is_terminal() {
        if let Some((terminal_size::Width(w), _)) = terminal_size::terminal_size() {
            return usize::from(w).max(40);
        }
    }
    std::env::var("COLUMNS")
        .ok()
        .and_then(|c| c.parse().ok())
        .filter(|&w: &usize| w >= 40)
        .unwrap_or(100)
}
