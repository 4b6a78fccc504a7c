//! `tprov verify PAGE` when the envelope is in the page (no `--envelope`, none beside it), and
//! `tprov verify http(s)://…`: the page fetched, its envelope embedded or behind its
//! `has_provenance` link, the page verified by its text.
//!
//! Exit codes: a page that cannot be had (not fetched: unknown host, refused, 404, 5xx, too
//! slow, too large, a redirect loop; an encoding tprov cannot read) is trouble, 2, like an
//! unreadable file; an envelope that is there but broken (malformed, not JSON, over its size
//! limit, two different ones) is a failed verification, 1, like a malformed envelope file.
//! Keys come only from `--pubkey`/`--trust`: nothing in the page can add one.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use tprov::crypto::digest::Sha256Digest;
use tprov::crypto::dsse::{EnvelopeError, MAX_ENVELOPE_BYTES};
use tprov::io::envelope_file::{default_envelope_path, read_envelope_bytes};
use tprov::io::files;
use tprov::publish::embed::{DocumentFormat, EmbedError, Embedded, MAX_DOCUMENT_BYTES};
use tprov::publish::fetch::{FetchError, FetchOptions, Fetched, fetch};
use tprov::text::FormatChoice;
use tprov::verify::{EnvelopeSource, Page, Report, envelope_failed, verify_page};

use super::{Args, CliError, ColorWhen, EXIT_FAILED, emit};

/// Whether an operand is an address: a scheme (RFC 3986 §3.1: a letter, then letters, digits,
/// `+`, `-`, `.`) and `://`. Any scheme counts, so `ftp://…` is refused as a scheme rather
/// than looked for as a file. (A local file whose path looks like this: write `./` before it.)
pub(super) fn is_url(operand: &Path) -> bool {
    let Some((scheme, _)) = operand.to_str().and_then(|t| t.split_once("://")) else {
        return false;
    };
    scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// A local page with its envelope inside.
pub(super) fn run_embedded(args: &Args, color: ColorWhen) -> Result<ExitCode, CliError> {
    let trust = args.keys.load()?;
    let policy = args.policy.policy();
    let path = &args.translations[0];
    // A file too large to be a page, or not text, carries no envelope: say what to give.
    let bytes = match files::read_limited(path, MAX_DOCUMENT_BYTES as u64) {
        Err(tprov::Error::TooLarge { .. }) => return Err(no_envelope(path, &Embedded::default())),
        read => read?,
    };
    let page = Page {
        bytes: &bytes,
        name: Some(path.as_path()),
        format: args.format.unwrap_or_default(),
        charset: None,
        exact: args.exact,
    };
    let source = source_digest(args)?;
    let mut report = match page.embedded() {
        Ok(Embedded {
            envelope: Some(found),
            ..
        }) => verify_page(&page, &found.json, source, &trust, &policy),
        Ok(embedded) => return Err(no_envelope(path, &embedded)),
        Err(EmbedError::NotUtf8 { .. }) => return Err(no_envelope(path, &Embedded::default())),
        Err(e) => embedded_failure(e, &path.display().to_string(), source)?,
    };
    report.document = Some(path.clone());
    report.envelope_source = Some(EnvelopeSource::Embedded);
    finish(&report, args.json, &path.display().to_string(), color)
}

/// A page at an address: fetched, then verified with `--envelope`, its embedded envelope, or
/// the envelope its `has_provenance` link names.
pub(super) fn run_url(args: &Args, color: ColorWhen) -> Result<ExitCode, CliError> {
    let trust = args.keys.load()?;
    let policy = args.policy.policy();
    let url = args.translations[0].to_string_lossy().into_owned();
    let options = fetch_options(args.timeout)?;
    let source = source_digest(args)?;
    let fetched = fetch(&url, &options).map_err(|source| CliError::Fetch {
        url: url.clone(),
        source,
    })?;
    let name = PathBuf::from(last_segment(&fetched.final_url));
    let page = Page {
        bytes: &fetched.body,
        name: Some(name.as_path()),
        format: args.format.unwrap_or_else(|| format_of(&fetched, &name)),
        charset: fetched.charset.as_deref(),
        exact: args.exact,
    };
    let (mut report, origin) = match &args.envelope {
        Some(path) => {
            let report = match read_envelope_bytes(path) {
                Ok(envelope) => verify_page(&page, &envelope, source, &trust, &policy),
                Err(tprov::Error::TooLarge { .. }) => too_large(source),
                Err(e) => return Err(e.into()),
            };
            (report, EnvelopeSource::File)
        }
        None => from_page(&page, &fetched, &options, source, &trust, &policy)?,
    };
    report.envelope = args.envelope.clone();
    report.url = Some(fetched.final_url.clone());
    report.envelope_source = Some(origin);
    finish(&report, args.json, &fetched.final_url, color)
}

/// The fetched page verified with the envelope it carries, else the one its link names.
fn from_page(
    page: &Page<'_>,
    fetched: &Fetched,
    options: &FetchOptions,
    source: Option<Sha256Digest>,
    trust: &tprov::TrustStore,
    policy: &tprov::verify::policy::Policy,
) -> Result<(Report, EnvelopeSource), CliError> {
    let embedded = match page.embedded() {
        Ok(embedded) => embedded,
        Err(e) => {
            let report = embedded_failure(e, &fetched.final_url, source)?;
            return Ok((report, EnvelopeSource::Embedded));
        }
    };
    if let Some(found) = &embedded.envelope {
        let report = verify_page(page, &found.json, source, trust, policy);
        return Ok((report, EnvelopeSource::Embedded));
    }
    let Some(href) = embedded.provenance_links.first() else {
        let report = envelope_failed(
            concat!(
                "the page carries no envelope (no <script id=\"tprov-envelope\">, no Markdown or ",
                "armour block) and no has_provenance link: nothing says who vouches for it"
            )
            .into(),
            source.is_some(),
        );
        return Ok((report, EnvelopeSource::Embedded));
    };
    let Some(link) = resolve(href, &fetched.final_url) else {
        let report = envelope_failed(
            format!("the page's has_provenance link {href:?} is not a usable address"),
            source.is_some(),
        );
        return Ok((report, EnvelopeSource::Embedded));
    };
    let origin = EnvelopeSource::Link { url: link.clone() };
    // The envelope under the envelope's own limit: a larger one is a failed envelope check,
    // as for an envelope file.
    let envelope_options = FetchOptions {
        max_bytes: MAX_ENVELOPE_BYTES,
        ..options.clone()
    };
    let report = match fetch(&link, &envelope_options) {
        Ok(envelope) => verify_page(page, &envelope.body, source, trust, policy),
        Err(FetchError::TooLarge { .. }) => too_large(source),
        // The page's link names what no reader's tool fetches (`file:`, `ftp:`): the page is
        // at fault, not the network.
        Err(e @ (FetchError::Scheme { .. } | FetchError::BadUrl { .. })) => envelope_failed(
            format!("the page's has_provenance link cannot be followed: {e}"),
            source.is_some(),
        ),
        Err(source) => return Err(CliError::Fetch { url: link, source }),
    };
    Ok((report, origin))
}

/// The default fetch limits, with the deadline `--timeout` gives.
fn fetch_options(timeout: Option<f64>) -> Result<FetchOptions, CliError> {
    let mut options = FetchOptions::default();
    if let Some(seconds) = timeout {
        options.timeout = Duration::try_from_secs_f64(seconds)
            .ok()
            .filter(|d| !d.is_zero())
            .ok_or_else(|| {
                CliError::Usage(format!(
                    "--timeout {seconds} is not a number of seconds above 0"
                ))
            })?;
    }
    Ok(options)
}

/// The SHA-256 of `--source`, when given.
fn source_digest(args: &Args) -> Result<Option<Sha256Digest>, CliError> {
    Ok(args
        .source
        .as_deref()
        .map(Sha256Digest::of_file)
        .transpose()?)
}

/// An embedded envelope that could not be read: a failed verification when the envelope is
/// there but broken, trouble when the page itself cannot be read.
fn embedded_failure(
    error: EmbedError,
    shown: &str,
    source: Option<Sha256Digest>,
) -> Result<Report, CliError> {
    match error {
        EmbedError::EmbeddedTooLarge { .. }
        | EmbedError::EmbeddedNotJson { .. }
        | EmbedError::EmbeddedMalformed { .. }
        | EmbedError::ArmourNotBase64 { .. }
        | EmbedError::ArmourUnterminated { .. }
        | EmbedError::ConflictingEnvelopes { .. }
        | EmbedError::TooManyItems { .. } => Ok(envelope_failed(
            format!("the envelope embedded in the page: {error}"),
            source.is_some(),
        )),
        other => Err(CliError::Page {
            path: shown.to_owned(),
            source: other,
        }),
    }
}

fn too_large(source: Option<Sha256Digest>) -> Report {
    envelope_failed(EnvelopeError::TooLarge.to_string(), source.is_some())
}

/// No envelope beside the page and none inside it: say what to give (exit 2, as before pages
/// could carry one), and where the page's link points when it has one.
fn no_envelope(path: &Path, embedded: &Embedded) -> CliError {
    let mut message = format!(
        "no envelope next to {} (expected {}); give --envelope FILE",
        path.display(),
        default_envelope_path(path).display()
    );
    match embedded.provenance_links.first() {
        Some(link) => message.push_str(&format!(
            " (none is embedded in it, but it links its envelope at {link:?}: verify the page at its address, or download the envelope)"
        )),
        None => message.push_str(" (none is embedded in it either)"),
    }
    CliError::Usage(message)
}

/// The report written, and the exit code: 0 verified, 1 not.
fn finish(
    report: &Report,
    json: bool,
    shown: &str,
    color: ColorWhen,
) -> Result<ExitCode, CliError> {
    if emit(report, json, shown, color)? {
        Ok(ExitCode::SUCCESS)
    } else {
        Ok(ExitCode::from(EXIT_FAILED))
    }
}

/// The last segment of an address's path (its query and fragment dropped): the page's "file
/// name", whose extension says its format when its media type does not.
fn last_segment(url: &str) -> String {
    let path = url.split(['?', '#']).next().unwrap_or("");
    let after_host = path.splitn(4, '/').nth(3).unwrap_or("");
    after_host.rsplit('/').next().unwrap_or("").to_owned()
}

/// How to read a fetched page: its media type, else its name's extension.
fn format_of(fetched: &Fetched, name: &Path) -> FormatChoice {
    match fetched.mime_type.as_deref() {
        Some("text/html" | "application/xhtml+xml") => FormatChoice::Html,
        Some("text/markdown" | "text/x-markdown") => FormatChoice::Markdown,
        _ => match DocumentFormat::from_file_name(&name.to_string_lossy()) {
            DocumentFormat::Html => FormatChoice::Html,
            DocumentFormat::Markdown => FormatChoice::Markdown,
            _ => FormatChoice::Plain,
        },
    }
}

/// The link's target resolved against the page's address (RFC 3986 §5), when it is one.
fn resolve(href: &str, base: &str) -> Option<String> {
    let base = fluent_uri::Uri::parse(base).ok()?;
    let reference = fluent_uri::UriRef::parse(href).ok()?;
    let resolved = reference.resolve_against(&base).ok()?;
    Some(resolved.as_str().to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_and_paths() {
        for url in ["http://a/b", "https://a", "ftp://x/y", "FILE:///etc"] {
            assert!(is_url(Path::new(url)), "{url}");
        }
        for path in ["page.html", "./http://x", "dir/a://b", "c:\\x", "1http://x"] {
            assert!(!is_url(Path::new(path)), "{path}");
        }
    }

    #[test]
    fn links_resolve_against_the_page() {
        let base = "http://127.0.0.1:8080/news/article.html?x=1";
        assert_eq!(
            resolve("article.html.tprov.json", base).as_deref(),
            Some("http://127.0.0.1:8080/news/article.html.tprov.json")
        );
        assert_eq!(
            resolve("/e/1.json", base).as_deref(),
            Some("http://127.0.0.1:8080/e/1.json")
        );
        assert_eq!(
            resolve("https://cdn.example/e.json", base).as_deref(),
            Some("https://cdn.example/e.json")
        );
        assert_eq!(resolve("a b", base), None);
    }

    #[test]
    fn the_name_of_a_page() {
        assert_eq!(last_segment("http://h:1/a/b.md?x#y"), "b.md");
        assert_eq!(last_segment("http://h/"), "");
        assert_eq!(last_segment("http://h"), "");
    }
}
