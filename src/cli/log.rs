//! `tprov log`: walk and verify the chain of revisions behind an envelope.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use tprov::render::printable;
use tprov::review::chain::{Chain, ChainEntry, walk};

use super::trust_args::TrustArgs;
use super::{CliError, ColorWhen, EXIT_FAILED, output};

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tprov log article.en.md.tprov.json
  tprov log article.en.md.tprov.json --trust trust.json
  tprov log article.en.md.tprov.json --store archive/ --pubkey newsroom.pub --json")]
pub struct Args {
    /// The newest envelope of the chain.
    envelope: PathBuf,
    /// The folder holding the older envelopes (default: the envelope's folder).
    #[arg(long, value_name = "DIR")]
    store: Option<PathBuf>,
    #[command(flatten)]
    keys: TrustArgs,
    /// Print the chain as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args, color: ColorWhen) -> Result<ExitCode, CliError> {
    let store = args
        .store
        .clone()
        .unwrap_or_else(|| folder_of(&args.envelope));
    let trust = if args.keys.is_empty() {
        None
    } else {
        Some(args.keys.load()?)
    };
    let chain = walk(&args.envelope, &store, trust.as_ref())?;
    let mut text = Vec::new();
    if args.json {
        serde_json::to_writer_pretty(&mut text, &chain).expect("serialising to memory");
        text.push(b'\n');
    } else {
        render(&chain, &mut text).expect("writing to memory");
    }
    output::stdout(&text, color)?;
    if trust.is_none() {
        output::stderr_line(
            "signatures were NOT checked: give --trust or --pubkey to verify who signed each revision",
            color,
        );
    }
    if chain.intact {
        Ok(ExitCode::SUCCESS)
    } else {
        for problem in &chain.problems {
            output::stderr_line(&printable(&problem.describe()), color);
        }
        Ok(ExitCode::from(EXIT_FAILED))
    }
}

fn folder_of(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

fn render(chain: &Chain, out: &mut dyn Write) -> std::io::Result<()> {
    for entry in &chain.entries {
        render_entry(entry, chain.signatures_checked, out)?;
    }
    for path in &chain.unverified {
        writeln!(
            out,
            "unverified  {}  (left out of the chain: it did not verify)",
            shown(path)
        )?;
    }
    writeln!(out)?;
    let count = chain.entries.len();
    if chain.intact {
        let signed = if chain.signatures_checked {
            "every signature verified and every link holds"
        } else {
            "every link holds (signatures not checked)"
        };
        writeln!(
            out,
            "chain intact: {count} revision{}, {signed}",
            plural(count)
        )?;
    } else {
        writeln!(out, "chain NOT intact:")?;
        for problem in &chain.problems {
            writeln!(out, "  - {}", printable(&problem.describe()))?;
        }
    }
    Ok(())
}

fn render_entry(entry: &ChainEntry, checked: bool, out: &mut dyn Write) -> std::io::Result<()> {
    let Some(record) = &entry.record else {
        return writeln!(
            out,
            "?           {}  (record not shown: it did not verify)",
            shown(&entry.envelope)
        );
    };
    let p = &record.predicate;
    let signers = if !checked {
        "signature not checked".to_owned()
    } else {
        let names: Vec<String> = entry
            .signers
            .iter()
            .map(|s| format!("{} ({})", printable(&s.name), s.keyid.short()))
            .collect();
        format!("signed by {}", names.join(", "))
    };
    writeln!(out, "revision {:<3} {}  {signers}", p.revision, p.signed_at)?;
    let people: Vec<String> = p
        .agents
        .iter()
        .map(|a| {
            let mut text = format!("{} {}", a.role.cli_name(), a.name);
            if let Some(model) = &a.model {
                text.push_str(&format!(" ({model})"));
            }
            text
        })
        .collect();
    writeln!(
        out,
        "             {}; {}",
        printable(p.method.describe()),
        printable(&people.join("; "))
    )?;
    let document = match &entry.document {
        Some(path) => format!("{} (at hand)", shown(path)),
        None => format!(
            "{} (not at hand)",
            printable(record.subject().name.as_deref().unwrap_or("(unnamed)"))
        ),
    };
    writeln!(out, "             document {document}")?;
    if let Some(edits) = &entry.edits {
        let ter = edits
            .ter
            .map(|t| format!(", HTER {:.1}%", t * 100.0))
            .unwrap_or_default();
        // As `tprov diff` says it: a work bound was hit, the figures are upper bounds.
        let approximated = if edits.approximated {
            " (approximated)"
        } else {
            ""
        };
        writeln!(
            out,
            "             edited   {:.1}% of {} tokens changed since the revision before{ter}{approximated}",
            edits.edit_rate * 100.0,
            edits.tokens
        )?;
    }
    writeln!(out, "             envelope {}", shown(&entry.envelope))
}

/// A file name as shown: store file names are anyone's, so they go through the sanitizer.
fn shown(path: &Path) -> String {
    printable(&path.display().to_string()).into_owned()
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
