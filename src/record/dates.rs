//! The source fields a publisher types by hand — when the original was published, where it
//! lives and its digest — parsed as people write them and checked before they are signed.
//!
//! - A publication date is often known only to the year or the month ("published in January
//!   2025"): `2025`, `2025-01`, `2025-01-31` and an RFC 3339 time are accepted, and a record
//!   says no more than is known ([`PublishedDate`]).
//! - A source address must be an **absolute** URI (RFC 3986 §4.3: a scheme, then the rest), so
//!   a reader can follow it: `example.cn/article` is refused with "did you mean
//!   https://example.cn/article?". An IRI (RFC 3987: a Chinese path, say, as a browser shows it)
//!   is accepted and recorded in its URI form, percent-encoded.
//! - A SHA-256 digest is accepted as bare hex or as `sha256:<hex>`, the form tprov prints.

use std::fmt;

use fluent_uri::{Iri, IriRef};
use jiff::Timestamp;
use jiff::civil::Date;

use crate::crypto::digest::Sha256Digest;

/// The longest source address accepted. Browsers cope with far longer, but a citation is a
/// few hundred characters; a longer input is a paste gone wrong.
pub const MAX_URI_LEN: usize = 8 * 1024;

/// A text longer than this is cut in error messages.
const SHOWN_CHARS: usize = 80;

/// Why a source field is refused. Each message names the value and says what to write.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum SourceFieldError {
    /// Not a year, a year and month, a date or an RFC 3339 time.
    #[error(
        "{value:?} is not a publication date: give a year (2025), a year and month (2025-01), a date (2025-01-31) or an RFC 3339 time (2025-01-31T08:00:00Z)"
    )]
    PublishedDate {
        /// The text given (cut to a readable length).
        value: String,
    },
    /// A year and month or a date that does not exist (month 13, February 30th).
    #[error("{value:?} is not a date in the calendar ({reason})")]
    ImpossibleDate {
        /// The text given.
        value: String,
        /// What is wrong.
        reason: String,
    },
    /// A relative reference where an absolute URI is needed.
    #[error(
        "{value:?} is not an absolute URI: it has no scheme{}",
        match suggestion { Some(s) => format!("; did you mean {s}?"), None => "; write it in full, as in https://example.org/article".to_owned() }
    )]
    RelativeUri {
        /// The text given.
        value: String,
        /// The likely intended URI (`https://` added), when it looks like a web address.
        suggestion: Option<String>,
    },
    /// Not a URI at all.
    #[error("{value:?} is not a URI ({reason})")]
    MalformedUri {
        /// The text given.
        value: String,
        /// The parser's explanation.
        reason: String,
    },
    /// Spaces inside an address.
    #[error(
        "{value:?} is not a URI: it contains a space; copy the address from the browser's address bar (spaces are written %20)"
    )]
    SpaceInUri {
        /// The text given.
        value: String,
    },
    /// An address far longer than a citation.
    #[error("the source URI is {len} bytes long; at most {MAX_URI_LEN} are accepted")]
    UriTooLong {
        /// Its length in bytes.
        len: usize,
    },
    /// A digest by another algorithm than SHA-256.
    #[error(
        "{value:?} is a {algorithm} digest; tprov records the SHA-256 of the source: give sha256:<64 hex> (`sha256sum FILE` prints it), or --source FILE"
    )]
    DigestAlgorithm {
        /// The text given.
        value: String,
        /// The algorithm named or guessed from the length.
        algorithm: String,
    },
    /// Not 64 hexadecimal characters.
    #[error(
        "{value:?} is not a SHA-256 digest: expected 64 hexadecimal characters, optionally after sha256: (`sha256sum FILE` prints them)"
    )]
    Digest {
        /// The text given.
        value: String,
    },
}

/// When the source was published, as precisely as it is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum PublishedDate {
    /// Only the year: `2025`.
    Year(i16),
    /// The year and month: `2025-01`.
    YearMonth {
        /// The year.
        year: i16,
        /// The month, 1–12.
        month: i8,
    },
    /// The day: `2025-01-31`.
    Date(Date),
    /// The moment, RFC 3339: `2025-01-31T08:00:00Z`.
    Time(Timestamp),
}

impl fmt::Display for PublishedDate {
    /// The form written in records: `2025`, `2025-01`, `2025-01-31`, or RFC 3339 UTC.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Year(year) => write!(f, "{year:04}"),
            Self::YearMonth { year, month } => write!(f, "{year:04}-{month:02}"),
            Self::Date(date) => write!(f, "{date}"),
            Self::Time(time) => write!(f, "{time}"),
        }
    }
}

/// Parses `--source-published`: a year, a year and month, a date or an RFC 3339 time.
/// Years have four digits; months and days two. Surrounding whitespace is ignored.
///
/// ```
/// use tprov::record::dates::{parse_published_date, PublishedDate};
/// assert_eq!(parse_published_date("2025")?, PublishedDate::Year(2025));
/// assert_eq!(parse_published_date("2025-01")?.to_string(), "2025-01");
/// assert!(parse_published_date("2025-13").is_err());
/// # Ok::<(), tprov::record::dates::SourceFieldError>(())
/// ```
pub fn parse_published_date(text: &str) -> Result<PublishedDate, SourceFieldError> {
    let value = text.trim();
    let refused = || SourceFieldError::PublishedDate {
        value: shown(value),
    };
    let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
    let parts: Vec<&str> = value.splitn(3, '-').collect();
    match parts.as_slice() {
        [year] if digits(year, 4) => Ok(PublishedDate::Year(number(year))),
        [year, month] if digits(year, 4) && digits(month, 2) => {
            let (year, month) = (number(year), number(month) as i8);
            // The first of the month exists exactly when the month does.
            Date::new(year, month, 1).map_err(|e| impossible(value, e))?;
            Ok(PublishedDate::YearMonth { year, month })
        }
        [year, month, day] if digits(year, 4) && digits(month, 2) && digits(day, 2) => {
            Date::new(number(year), number(month) as i8, number(day) as i8)
                .map(PublishedDate::Date)
                .map_err(|e| impossible(value, e))
        }
        _ => value
            .parse::<Timestamp>()
            .map(PublishedDate::Time)
            .map_err(|_| refused()),
    }
}

/// Digits already checked: at most four, so the value fits.
fn number(digits: &str) -> i16 {
    digits.parse().expect("four ASCII digits fit in i16")
}

fn impossible(value: &str, error: jiff::Error) -> SourceFieldError {
    SourceFieldError::ImpossibleDate {
        value: shown(value),
        reason: error.to_string(),
    }
}

/// Checks `--source-uri`: an absolute URI, or an IRI, returned in URI form (non-ASCII
/// characters percent-encoded as UTF-8, RFC 3987 §3.1). Surrounding whitespace is ignored.
///
/// ```
/// use tprov::record::dates::parse_source_uri;
/// assert_eq!(parse_source_uri("https://example.cn/新闻")?, "https://example.cn/%E6%96%B0%E9%97%BB");
/// assert_eq!(parse_source_uri("urn:isbn:9780141036144")?, "urn:isbn:9780141036144");
/// assert!(parse_source_uri("example.cn/article").unwrap_err().to_string()
///     .ends_with("did you mean https://example.cn/article?"));
/// # Ok::<(), tprov::record::dates::SourceFieldError>(())
/// ```
pub fn parse_source_uri(text: &str) -> Result<String, SourceFieldError> {
    let value = text.trim();
    if value.len() > MAX_URI_LEN {
        return Err(SourceFieldError::UriTooLong { len: value.len() });
    }
    if value.chars().any(char::is_whitespace) {
        return Err(SourceFieldError::SpaceInUri {
            value: shown(value),
        });
    }
    match Iri::parse(value) {
        Ok(iri) => Ok(iri.to_uri().into_string()),
        Err(error) if IriRef::parse(value).is_ok() => {
            let _ = error;
            Err(SourceFieldError::RelativeUri {
                value: shown(value),
                suggestion: looks_like_web_address(value).then(|| format!("https://{value}")),
            })
        }
        Err(error) => Err(SourceFieldError::MalformedUri {
            value: shown(value),
            reason: error.to_string(),
        }),
    }
}

/// `example.cn/article`, `www.example.org`: a host name with a dot, before any `/`.
fn looks_like_web_address(value: &str) -> bool {
    let host = value.split(['/', '?', '#']).next().unwrap_or("");
    let host = host.rsplit('@').next().unwrap_or(host);
    let name = host.split(':').next().unwrap_or(host);
    !value.starts_with('/')
        && name.contains('.')
        && !name.starts_with('.')
        && !name.ends_with('.')
        && name
            .chars()
            .all(|c| c.is_alphanumeric() || c == '.' || c == '-')
}

/// Parses `--source-sha256`: 64 hexadecimal characters, bare or after `sha256:` (the form
/// tprov prints; `SHA256:` and `sha-256:` too). Surrounding whitespace is ignored.
///
/// ```
/// use tprov::record::dates::parse_sha256;
/// let hex = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
/// assert_eq!(parse_sha256(&format!("sha256:{hex}"))?.to_hex(), hex);
/// assert_eq!(parse_sha256(hex)?.to_hex(), hex);
/// # Ok::<(), tprov::record::dates::SourceFieldError>(())
/// ```
pub fn parse_sha256(text: &str) -> Result<Sha256Digest, SourceFieldError> {
    let value = text.trim();
    let hex = match value.split_once(':') {
        Some((algorithm, hex))
            if algorithm.eq_ignore_ascii_case("sha256")
                || algorithm.eq_ignore_ascii_case("sha-256") =>
        {
            hex
        }
        Some((algorithm, _)) => {
            return Err(SourceFieldError::DigestAlgorithm {
                value: shown(value),
                algorithm: shown(algorithm),
            });
        }
        None => value,
    };
    hex.parse::<Sha256Digest>().map_err(|_| {
        let all_hex = !hex.is_empty() && hex.bytes().all(|b| b.is_ascii_hexdigit());
        let algorithm = match hex.len() {
            32 => Some("MD5"),
            40 => Some("SHA-1"),
            56 => Some("SHA-224"),
            96 => Some("SHA-384"),
            128 => Some("SHA-512"),
            _ => None,
        };
        match algorithm {
            Some(algorithm) if all_hex => SourceFieldError::DigestAlgorithm {
                value: shown(value),
                algorithm: format!("{algorithm}-length ({} hex characters)", hex.len()),
            },
            _ => SourceFieldError::Digest {
                value: shown(value),
            },
        }
    })
}

/// At most the first [`SHOWN_CHARS`] characters, with "…" when cut.
fn shown(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(SHOWN_CHARS).collect();
    if chars.next().is_some() {
        format!("{head}…")
    } else {
        head
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn partial_dates_keep_their_precision() {
        let cases = [
            ("2025", "2025"),
            (" 2025-01 ", "2025-01"),
            ("2024-02-29", "2024-02-29"),
            ("2025-01-31T08:00:00Z", "2025-01-31T08:00:00Z"),
            ("2025-01-31T16:00:00+08:00", "2025-01-31T08:00:00Z"),
        ];
        for (text, written) in cases {
            let date = parse_published_date(text).unwrap_or_else(|e| panic!("{text}: {e}"));
            assert_eq!(date.to_string(), written, "{text}");
        }
        assert_eq!(
            parse_published_date("2025-01").unwrap(),
            PublishedDate::YearMonth {
                year: 2025,
                month: 1
            }
        );
    }

    #[test]
    fn impossible_and_unreadable_dates_are_refused() {
        for text in ["2025-13", "2025-00", "2025-02-30", "2023-02-29"] {
            assert!(
                matches!(
                    parse_published_date(text),
                    Err(SourceFieldError::ImpossibleDate { .. })
                ),
                "{text}"
            );
        }
        for text in [
            "",
            "25",
            "2025-1",
            "2025-1-5",
            "20250131",
            "yesterday",
            "2025/01",
            "Jan 2025",
            "2025-01-31T08:00",
        ] {
            let err = parse_published_date(text).unwrap_err();
            assert!(
                matches!(err, SourceFieldError::PublishedDate { .. }),
                "{text}: {err}"
            );
            assert!(
                err.to_string().contains("a year and month (2025-01)"),
                "{err}"
            );
        }
    }

    #[test]
    fn source_uris_must_be_absolute() {
        assert_eq!(
            parse_source_uri(" https://example.cn/a?b=c#d\n").unwrap(),
            "https://example.cn/a?b=c#d"
        );
        assert_eq!(
            parse_source_uri("doi:10.1000/182").unwrap(),
            "doi:10.1000/182"
        );
        let err = parse_source_uri("www.example.cn/news/1").unwrap_err();
        assert_eq!(
            err,
            SourceFieldError::RelativeUri {
                value: "www.example.cn/news/1".into(),
                suggestion: Some("https://www.example.cn/news/1".into())
            }
        );
        let err = parse_source_uri("/news/1").unwrap_err();
        assert!(
            err.to_string()
                .ends_with("as in https://example.org/article"),
            "{err}"
        );
        assert!(matches!(
            parse_source_uri("https://example.cn/a b"),
            Err(SourceFieldError::SpaceInUri { .. })
        ));
        assert!(matches!(
            parse_source_uri("https://exa mple"),
            Err(SourceFieldError::SpaceInUri { .. })
        ));
        assert!(matches!(
            parse_source_uri("https://example.cn/%zz"),
            Err(SourceFieldError::MalformedUri { .. })
        ));
        assert!(matches!(
            parse_source_uri(&format!("https://e.cn/{}", "a".repeat(MAX_URI_LEN))),
            Err(SourceFieldError::UriTooLong { .. })
        ));
    }

    #[test]
    fn digests_accept_the_prefix_tprov_prints() {
        let hex = Sha256Digest::of(b"source").to_hex();
        for text in [
            hex.clone(),
            format!("sha256:{hex}"),
            format!("SHA256:{}", hex.to_uppercase()),
            format!("sha-256:{hex}"),
            format!(" {hex}\n"),
        ] {
            assert_eq!(parse_sha256(&text).unwrap().to_hex(), hex, "{text}");
        }
        let err = parse_sha256(&format!("sha512:{hex}{hex}")).unwrap_err();
        assert!(err.to_string().contains("is a sha512 digest"), "{err}");
        let err = parse_sha256(&hex[..40]).unwrap_err();
        assert!(err.to_string().contains("SHA-1-length"), "{err}");
        for text in ["", "sha256:", "xyz", &hex[..63], &format!("{hex}0")] {
            assert!(
                matches!(parse_sha256(text), Err(SourceFieldError::Digest { .. })),
                "{text}"
            );
        }
        assert!(shown(&"a".repeat(200)).ends_with('…'));
    }
}
