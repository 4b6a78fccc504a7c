//! `tprov trust add|revoke|show`: keep a trust file without writing JSON by hand.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use jiff::Timestamp;
use tprov::PublicKey;
use tprov::record::Role;
use tprov::render::printable;
use tprov::verify::trust::Revocation;
use tprov::verify::trust_edit::{self, NewKey, TrustEditError, TrustFileEdit, TrustSummary};

use super::{CliError, ColorWhen, output};

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tprov trust add trust.json --name newsroom --key newsroom.pub --role publisher --role editor
  tprov trust revoke trust.json --key agency-2025.pub --reason \"laptop stolen\"
  tprov trust show trust.json")]
pub struct Args {
    #[command(subcommand)]
    action: Action,
}

#[derive(Debug, clap::Subcommand)]
enum Action {
    /// Trust a public key: add it to a signer (created if new) in a trust file (created if absent).
    Add(AddArgs),
    /// Revoke a key: every signature it made stops counting, whatever time it claims.
    Revoke(RevokeArgs),
    /// List a trust file's signers, roles, keys, validity windows and revocations.
    Show(ShowArgs),
}

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tprov trust add trust.json --name newsroom --key newsroom.pub --role publisher --role editor
  tprov trust add trust.json --name newsroom --key newsroom-2027.pub --valid-from 2027-01-01
  tprov trust add trust.json --name agency --key agency.pub --role translator --role post-editor

The key is written inline (SPKI PEM) and the file is checked with the reader `verify --trust`
uses before it is written, atomically.")]
struct AddArgs {
    /// The trust file (.json); created if it does not exist.
    #[arg(value_name = "TRUST.json")]
    file: PathBuf,
    /// The name you know the signer by. A key for an existing name joins that signer (a rotation).
    #[arg(long, value_name = "NAME")]
    name: String,
    /// The signer's public key (.pub, SPKI PEM).
    #[arg(long, value_name = "KEY.pub")]
    key: PathBuf,
    /// A role you grant the signer (repeatable): translator, post-editor, reviewer, editor, publisher.
    #[arg(long = "role", value_name = "ROLE", value_parser = role_arg)]
    roles: Vec<Role>,
    /// The key counts only for records signed at or after this time (RFC 3339, or a date: midnight UTC).
    #[arg(long, value_name = "TIME", value_parser = time_arg)]
    valid_from: Option<Timestamp>,
    /// The key counts only for records signed before this time (RFC 3339, or a date: midnight UTC).
    #[arg(long, value_name = "TIME", value_parser = time_arg)]
    valid_until: Option<Timestamp>,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tprov trust revoke trust.json --key agency-2025.pub --reason \"laptop stolen\"
  tprov trust revoke trust.json --key agency-2025.pub --reason \"laptop stolen\" --at 2026-03-02

A revoked key fails every signature it made, whatever signing time the record claims (a thief can
backdate); --at and --reason are shown in messages. Re-sign or co-sign the records that must keep
verifying with a key in force.")]
struct RevokeArgs {
    /// The trust file (.json).
    #[arg(value_name = "TRUST.json")]
    file: PathBuf,
    /// The public key to revoke (.pub).
    #[arg(long, value_name = "KEY.pub")]
    key: PathBuf,
    /// Why, in your words (shown when a signature by the key is refused).
    #[arg(long, value_name = "TEXT")]
    reason: String,
    /// When the key was revoked (RFC 3339, or a date). Default: now.
    #[arg(long, value_name = "TIME", value_parser = time_arg)]
    at: Option<Timestamp>,
}

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tprov trust show trust.json
  tprov trust show trust.json --json | jq -r '.signers[].keys[].keyId'")]
struct ShowArgs {
    /// The trust file (.json).
    #[arg(value_name = "TRUST.json")]
    file: PathBuf,
    /// Print JSON (full key ids): {\"signers\": [{\"name\", \"roles\", \"keys\": [{\"keyId\", \"validFrom\", \"validUntil\", \"revoked\"}]}]}.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args, color: ColorWhen) -> Result<ExitCode, CliError> {
    match args.action {
        Action::Add(args) => add(args, color),
        Action::Revoke(args) => revoke(args, color),
        Action::Show(args) => show(args, color),
    }
}

fn add(args: AddArgs, color: ColorWhen) -> Result<ExitCode, CliError> {
    let key = PublicKey::load(&args.key)?;
    let mut edit = TrustFileEdit::open(&args.file).map_err(edit_error)?;
    let created = !edit.exists();
    let mut new = NewKey::new(args.name.trim(), key.clone());
    new.roles = args.roles;
    new.valid_from = args.valid_from;
    new.valid_until = args.valid_until;
    let added = edit.add_key(new).map_err(edit_error)?;
    edit.save().map_err(edit_error)?;
    let signer = if added.new_signer {
        "new signer"
    } else {
        "signer"
    };
    let mut line = format!(
        "{} {}: key {} trusted as {signer} {:?} (roles: {})",
        if created { "created" } else { "updated" },
        shown_path(&args.file),
        key.key_id().short(),
        printable(args.name.trim()),
        role_list(&added.roles),
    );
    if !added.new_signer && !added.roles_added.is_empty() {
        line.push_str(&format!(
            "; roles added to all its keys: {}",
            role_list(&added.roles_added)
        ));
    }
    line.push('\n');
    output::stdout(line.as_bytes(), color)?;
    Ok(ExitCode::SUCCESS)
}

fn revoke(args: RevokeArgs, color: ColorWhen) -> Result<ExitCode, CliError> {
    let key = PublicKey::load(&args.key)?;
    let mut edit = TrustFileEdit::open(&args.file).map_err(edit_error)?;
    if !edit.exists() {
        return Err(tprov::Error::Read {
            path: args.file,
            source: std::io::Error::from(std::io::ErrorKind::NotFound),
        }
        .into());
    }
    let revocation = Revocation {
        at: Some(match args.at {
            Some(at) => at,
            None => super::signing_time()?,
        }),
        reason: Some(args.reason),
    };
    let signer = edit.revoke(&key, &revocation).map_err(edit_error)?;
    edit.save().map_err(edit_error)?;
    let line = format!(
        "updated {}: key {} of signer {:?} {}; every signature by it now fails verification\n",
        shown_path(&args.file),
        key.key_id().short(),
        printable(&signer),
        printable(&revocation.to_string()),
    );
    output::stdout(line.as_bytes(), color)?;
    Ok(ExitCode::SUCCESS)
}

fn show(args: ShowArgs, color: ColorWhen) -> Result<ExitCode, CliError> {
    let summary = trust_edit::summarize(&args.file)?;
    let mut text = Vec::new();
    if args.json {
        serde_json::to_writer_pretty(&mut text, &summary).expect("serialising to memory");
        text.push(b'\n');
    } else {
        text = render_summary(&args.file, &summary).into_bytes();
    }
    output::stdout(&text, color)?;
    Ok(ExitCode::SUCCESS)
}

/// The summary for people: short key ids, every string escaped.
fn render_summary(path: &Path, summary: &TrustSummary) -> String {
    let keys: usize = summary.signers.iter().map(|s| s.keys.len()).sum();
    let mut out = format!(
        "{}: {} signer{}, {keys} key{}\n",
        shown_path(path),
        summary.signers.len(),
        plural(summary.signers.len()),
        plural(keys),
    );
    for signer in &summary.signers {
        let roles = if signer.roles.is_empty() {
            "none".to_owned()
        } else {
            signer.roles.join(", ")
        };
        out.push_str(&format!(
            "\n{}\n  roles: {}\n",
            printable(&signer.name),
            printable(&roles)
        ));
        for key in &signer.keys {
            let short: String = key.key_id.chars().take(16).collect();
            let mut terms = Vec::new();
            if let Some(from) = key.valid_from {
                terms.push(format!("valid from {from}"));
            }
            if let Some(until) = key.valid_until {
                terms.push(format!("valid until {until}"));
            }
            if let Some(revoked) = &key.revoked {
                let revocation = Revocation {
                    at: revoked.at,
                    reason: revoked.reason.clone(),
                };
                // "REVOKED on 2026-03-02T00:00:00Z: laptop stolen": the one term that must stand out.
                let text = revocation.to_string().replacen("revoked", "REVOKED", 1);
                terms.push(printable(&text).into_owned());
            }
            if terms.is_empty() {
                terms.push("valid at any time".into());
            }
            out.push_str(&format!("  key {short}  {}\n", terms.join(", ")));
        }
    }
    out
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

fn role_list(roles: &[Role]) -> String {
    if roles.is_empty() {
        return "none".into();
    }
    roles
        .iter()
        .map(|r| r.cli_name())
        .collect::<Vec<_>>()
        .join(", ")
}

fn shown_path(path: &Path) -> String {
    printable(&path.display().to_string()).into_owned()
}

fn edit_error(error: TrustEditError) -> CliError {
    match error {
        TrustEditError::Tprov(e) => e.into(),
        other => CliError::Usage(printable(&other.to_string()).into_owned()),
    }
}

/// `--role`: the trust file's role names.
fn role_arg(text: &str) -> Result<Role, String> {
    text.parse::<Role>().map_err(|_| {
        format!("unknown role {text:?}; the roles are translator, post-editor, reviewer, editor, publisher")
    })
}

/// `--valid-from`, `--valid-until`, `--at`: RFC 3339, or a date meaning midnight UTC.
fn time_arg(text: &str) -> Result<Timestamp, String> {
    if let Ok(time) = text.parse::<Timestamp>() {
        return Ok(time);
    }
    text.parse::<jiff::civil::Date>()
        .ok()
        .filter(|_| text.len() == 10)
        .and_then(|date| date.to_zoned_datetime(jiff::tz::TimeZone::UTC).ok())
        .map(|zoned| zoned.timestamp())
        .ok_or_else(|| {
            format!("{text:?} is not a time: give RFC 3339 (2026-01-01T00:00:00Z) or a date (2026-01-01, midnight UTC)")
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_are_rfc_3339_or_dates_at_midnight_utc() {
        assert_eq!(
            time_arg("2026-01-01").unwrap(),
            "2026-01-01T00:00:00Z".parse::<Timestamp>().unwrap()
        );
        assert_eq!(
            time_arg("2026-01-01T08:00:00+08:00").unwrap(),
            "2026-01-01T00:00:00Z".parse::<Timestamp>().unwrap()
        );
        assert!(time_arg("2026-1-1").is_err());
        assert!(time_arg("tomorrow").unwrap_err().contains("not a time"));
        assert_eq!(role_arg("post-editor").unwrap(), Role::PostEditor);
        assert!(role_arg("boss").unwrap_err().contains("the roles are"));
    }
}
