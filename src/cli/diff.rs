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
use tprov::text::differ::{Difference, TextProfile, what_differed};
use tprov::text::{CanonicalText, FormatChoice};
use tprov::verify::VerifyPaths;

use super::trust_args::{PolicyArgs, TrustArgs};
use super::{CliError, ColorWhen, EXIT_FAILED, output};

/// The largest document `diff` reads: the diff holds both texts and their tokens in memory.
pub const MAX_DIFF_INPUT_BYTES: u64 = 256 * 1024 * 1024;

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tprov diff article.mt.md article.en.md --stats
  tprov diff article.mt.md article.en.md --format html --stats --paragraphs > report.html
  tprov diff article.mt.md article.en.md --trust trust.json --format json")]
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
    /// Lossily UTF-8: a file name that is not cannot fail the document.
    old: std::borrow::Cow<'a, str>,
    new: std::borrow::Cow<'a, str>,
    identical: bool,
    /// Whether the canonical texts are equal (what `tprov verify` calls a text match); absent
    /// when either document is not UTF-8 text in a known format.
    #[serde(skip_serializing_if = "Option::is_none")]
    same_text: Option<bool>,
    /// With equal texts: what differs below them (line endings, wrapping, markup, invisible
    /// characters).
    #[serde(skip_serializing_if = "<[Difference]>::is_empty")]
    text_differences: &'a [Difference],
    diff: &'a TextDiff<'a>,
    records: Option<&'a RecordReview>,
}

pub fn run(args: Args, color: ColorWhen) -> Result<ExitCode, CliError> {
    let old_bytes = read_document(&args.old)?;
    let new_bytes = read_document(&args.new)?;
    let old_text = decode(&args.old, &old_bytes)?;
    let new_text = decode(&args.new, &new_bytes)?;
    let diff = diff_texts(old_text, new_text, &diff_options(&args));
    let texts = compare_texts(&args, &old_bytes, &new_bytes);
    let Records {
        review,
        unchecked,
        notes,
    } = records(&args)?;
    let use_color = color_on(color);
    let mut text = render(&args, &diff, &texts, review.as_ref(), use_color);
    if args.format != Format::Json {
        text_agreement_line(&diff, &texts, &mut text);
    }
    output::stdout(
        &text,
        if use_color {
            ColorWhen::Always
        } else {
            ColorWhen::Never
        },
    )?;
    // A record asked to be checked (keys were given) that could not be is a failed check,
    // named on standard error whatever the output format.
    for line in notes.iter().chain(&unchecked) {
        output::stderr_line(line, color);
    }
    let records_failed = !unchecked.is_empty()
        || review
            .as_ref()
            .is_some_and(|r| r.link.as_ref().is_some_and(|l| !l.is_linked()));
    if records_failed && review.is_some() {
        output::stderr_line(
            "the records do not check out: see the records section above",
            color,
        );
    }
    // `diff` agrees with `verify`: equal words with only white space, line endings or invisible
    // characters between them are the same text; different words are never identical.
    let same = match &texts {
        Some(TextComparison { same, differences }) if !args.keep_whitespace => {
            *same && differences.iter().all(whitespace_only)
        }
        _ => diff.is_identical(),
    };
    if same && !records_failed {
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
fn render(
    args: &Args,
    diff: &TextDiff<'_>,
    texts: &Option<TextComparison>,
    review: Option<&RecordReview>,
    color: bool,
) -> Vec<u8> {
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
                old: args.old.to_string_lossy(),
                new: args.new.to_string_lossy(),
                identical: diff.is_identical(),
                same_text: texts.as_ref().map(|t| t.same),
                text_differences: texts.as_ref().map_or(&[], |t| &t.differences),
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

/// The two documents' canonical texts compared, as `tprov verify` compares a copy with a
/// record.
struct TextComparison {
    /// The canonical texts are equal.
    same: bool,
    /// When they are: what differs below them.
    differences: Vec<Difference>,
}

/// Compares the canonical texts (each document read by its extension), or `None` when either
/// is not text.
fn compare_texts(args: &Args, old: &[u8], new: &[u8]) -> Option<TextComparison> {
    let profile = |path: &Path, bytes: &[u8]| {
        let format = FormatChoice::Auto.resolve(Some(path), bytes)?;
        let text = CanonicalText::from_bytes(bytes, format).ok()?;
        Some((text.sha256(), format))
    };
    let (old_digest, old_format) = profile(&args.old, old)?;
    let (new_digest, new_format) = profile(&args.new, new)?;
    if old_digest != new_digest {
        return Some(TextComparison {
            same: false,
            differences: Vec::new(),
        });
    }
    let differences = match (
        TextProfile::of(old, old_format),
        TextProfile::of(new, new_format),
    ) {
        (Ok(a), Ok(b)) => what_differed(&a, &b),
        _ => Vec::new(),
    };
    Some(TextComparison {
        same: true,
        differences,
    })
}

/// A difference `verify` would match through and `diff` calls white space.
fn whitespace_only(difference: &Difference) -> bool {
    matches!(
        difference,
        Difference::LineEndings { .. }
            | Difference::Wrapping
            | Difference::ByteOrderMark { .. }
            | Difference::InvisibleCharacters { .. }
            | Difference::UnicodeNormalization
    )
}

/// One line saying where the word diff and the text comparison part ways.
fn text_agreement_line(diff: &TextDiff<'_>, texts: &Option<TextComparison>, out: &mut Vec<u8>) {
    let Some(texts) = texts else { return };
    let line = match (diff.is_identical(), texts.same) {
        (false, true) => {
            "same text: the canonical texts are equal, so `tprov verify` would match one against the other's record (a text match); the changes above are white space, line breaks, paragraph breaks, invisible characters or markup"
        }
        (true, false) => {
            "the canonical texts differ (a change this diff ignores, such as white space splitting a word): `tprov verify` would not match one against the other's record"
        }
        _ => return,
    };
    writeln!(out, "\n{line}").expect("writing to memory");
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

/// The records of a diff, and every record that was asked to be checked but could not be.
struct Records {
    /// Both records, when both envelopes are there.
    review: Option<RecordReview>,
    /// With keys given: a line per record that was not verified (its envelope missing,
    /// unreadable, malformed, or failing a check).
    unchecked: Vec<String>,
    /// Without keys: a line per record that could not be read (shown, not a failure).
    notes: Vec<String>,
}

/// The records to compare: both envelopes when present (given, or beside the documents).
fn records(args: &Args) -> Result<Records, CliError> {
    let mut records = Records {
        review: None,
        unchecked: Vec::new(),
        notes: Vec::new(),
    };
    if args.no_records {
        return Ok(records);
    }
    // Keys first: a bad key is trouble (exit 2) whatever the envelopes.
    let trust = if args.keys.is_empty() {
        None
    } else {
        Some(args.keys.load()?)
    };
    let (old_envelope, new_envelope) = match (
        envelope_of(&args.old_envelope, &args.old),
        envelope_of(&args.new_envelope, &args.new),
    ) {
        (Ok(old), Ok(new)) => (old, new),
        (old, new) => {
            if trust.is_some() {
                for (label, document, found) in [("OLD", &args.old, old), ("NEW", &args.new, new)] {
                    if let Err(expected) = found {
                        records.unchecked.push(format!(
                            "{label}'s record was not checked: no envelope for {} (expected {}); give --{}-envelope FILE",
                            document.display(),
                            expected.display(),
                            label.to_lowercase()
                        ));
                    }
                }
            }
            return Ok(records);
        }
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
    let policy = args.policy.policy();
    let review = review_records(ReviewInput {
        old: &old,
        new: &new,
        trust: trust.as_ref().map(|t| (t, &policy)),
    });
    for (label, side) in [("OLD", &review.old), ("NEW", &review.new)] {
        match (side.is_unchecked(), &side.failure) {
            (true, why) => records.unchecked.push(format!(
                "{label}'s record {} is NOT VERIFIED: {}",
                side.envelope.display(),
                why.as_deref().unwrap_or("it did not verify")
            )),
            // Without keys nothing was asked to be checked, but an unreadable record is said.
            (false, Some(why)) => records.notes.push(format!(
                "{label}'s record {} could not be read: {why}",
                side.envelope.display()
            )),
            (false, None) => {}
        }
    }
    records.review = Some(review);
    Ok(records)
}

/// The envelope given, else the one beside `document` when it is there (`Err` with where it
/// was expected when it is not).
fn envelope_of(given: &Option<PathBuf>, document: &Path) -> Result<PathBuf, PathBuf> {
    match given {
        Some(given) => Ok(given.clone()),
        None => {
            let beside = default_envelope_path(document);
            if beside.is_file() {
                Ok(beside)
            } else {
                Err(beside)
            }
        }
    }
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
