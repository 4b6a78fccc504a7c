//! Fetching a page to verify, from an `http` or `https` address, with `ureq` over rustls.
//!
//! The limits a reader's tool needs against a slow, huge or looping server: one deadline for
//! the whole exchange (redirects and body included, 30 s by default), a size limit on the body
//! (16 MiB), at most 5 redirects. Every failure is its own [`FetchError`] variant, so the caller
//! can say what happened (the host is unknown, the server refused, answered 404, took too long).

use std::time::Duration;

use ureq::ResponseExt as _;
use ureq::http::Uri;

/// The default deadline for the whole exchange.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
/// The default limit on the page's size.
pub const DEFAULT_MAX_BYTES: u64 = 16 * 1024 * 1024;
/// The default limit on redirects followed.
pub const DEFAULT_MAX_REDIRECTS: u32 = 5;

/// How to fetch. [`FetchOptions::default`] gives the limits above and honours the usual proxy
/// environment variables (`HTTPS_PROXY`, `ALL_PROXY`, `NO_PROXY`, …).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchOptions {
    /// The deadline for the whole exchange, redirects and body included (default 30 s).
    pub timeout: Duration,
    /// The largest body accepted (default 16 MiB).
    pub max_bytes: u64,
    /// The most redirects followed (default 5).
    pub max_redirects: u32,
    /// Whether a proxy named in the environment is used (default true).
    pub proxy_from_environment: bool,
}

impl Default for FetchOptions {
    fn default() -> Self {
        Self {
            timeout: DEFAULT_TIMEOUT,
            max_bytes: DEFAULT_MAX_BYTES,
            max_redirects: DEFAULT_MAX_REDIRECTS,
            proxy_from_environment: true,
        }
    }
}

/// A fetched page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fetched {
    /// The address the page came from, after redirects.
    pub final_url: String,
    /// The `Content-Type` header as sent, when there was one.
    pub content_type: Option<String>,
    /// Its media type alone (`text/html`), lowercase.
    pub mime_type: Option<String>,
    /// Its `charset` parameter, when there was one.
    pub charset: Option<String>,
    /// The body.
    pub body: Vec<u8>,
}

/// Why a page could not be fetched.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FetchError {
    /// The address does not parse.
    #[error("{url:?} is not a valid address: {reason}")]
    BadUrl {
        /// The address as given.
        url: String,
        /// What is wrong with it.
        reason: String,
    },
    /// The address's scheme is not `http` or `https`.
    #[error("{url:?} uses the {scheme:?} scheme; only http and https addresses can be fetched")]
    Scheme {
        /// The address as given.
        url: String,
        /// Its scheme.
        scheme: String,
    },
    /// The host name does not resolve.
    #[error("the host {host:?} was not found (check the address, or the network)")]
    HostNotFound {
        /// The host.
        host: String,
    },
    /// The server refused the connection.
    #[error("{host:?} refused the connection (is the server running, is the port right?)")]
    ConnectionRefused {
        /// The host and port.
        host: String,
    },
    /// The connection could not be made or was broken.
    #[error("could not connect to {host:?}: {reason}")]
    ConnectionFailed {
        /// The host and port.
        host: String,
        /// The underlying error.
        reason: String,
    },
    /// The exchange did not finish before the deadline.
    #[error("the server did not answer within {seconds} seconds")]
    Timeout {
        /// The deadline, in seconds (fractions kept).
        seconds: f64,
    },
    /// More redirects than allowed (a redirect loop, usually).
    #[error("more than {max} redirects (a redirect loop?)")]
    TooManyRedirects {
        /// The limit.
        max: u32,
    },
    /// A redirect could not be followed (no `Location`, or to another scheme).
    #[error("a redirect could not be followed: {reason}")]
    Redirect {
        /// Why.
        reason: String,
    },
    /// The server answered 404 or 410.
    #[error("{url} was not found (HTTP {status})")]
    NotFound {
        /// The address, after redirects.
        url: String,
        /// 404 or 410.
        status: u16,
    },
    /// The server answered with an error (5xx).
    #[error("the server failed to answer for {url} (HTTP {status}); try again later")]
    ServerError {
        /// The address, after redirects.
        url: String,
        /// The status code.
        status: u16,
    },
    /// Any other status that is not success.
    #[error("the server answered HTTP {status} for {url}")]
    Status {
        /// The address, after redirects.
        url: String,
        /// The status code.
        status: u16,
    },
    /// The body is larger than the limit.
    #[error("the page is larger than the {max}-byte limit")]
    TooLarge {
        /// The limit.
        max: u64,
    },
    /// TLS failed (an untrusted certificate, an unsupported protocol).
    #[error("the secure connection failed: {reason}")]
    Tls {
        /// The TLS library's message.
        reason: String,
    },
    /// The server broke the HTTP protocol, or another transfer error.
    #[error("the transfer failed: {reason}")]
    Transfer {
        /// The HTTP library's message.
        reason: String,
    },
}

/// Fetches `url` with `options`.
pub fn fetch(url: &str, options: &FetchOptions) -> Result<Fetched, FetchError> {
    let uri = check_url(url)?;
    let host = uri.authority().map_or_else(String::new, |a| a.to_string());
    let mut config = ureq::Agent::config_builder()
        .timeout_global(Some(options.timeout))
        .max_redirects(options.max_redirects)
        .max_redirects_will_error(true)
        .http_status_as_error(false)
        .user_agent(concat!("tprov/", env!("CARGO_PKG_VERSION")));
    if !options.proxy_from_environment {
        config = config.proxy(None);
    }
    let agent: ureq::Agent = config.build().into();
    let mut response = agent
        .get(&uri)
        .call()
        .map_err(|e| classify(e, &host, options))?;
    let final_url = response.get_uri().to_string();
    let status = response.status().as_u16();
    match status {
        200..=299 => {}
        404 | 410 => {
            return Err(FetchError::NotFound {
                url: final_url,
                status,
            });
        }
        500..=599 => {
            return Err(FetchError::ServerError {
                url: final_url,
                status,
            });
        }
        _ => {
            return Err(FetchError::Status {
                url: final_url,
                status,
            });
        }
    }
    let content_type = response
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = response.body_mut();
    let mime_type = body.mime_type().map(str::to_ascii_lowercase);
    let charset = body.charset().map(str::to_owned);
    let bytes = body
        .with_config()
        .limit(options.max_bytes)
        .read_to_vec()
        .map_err(|e| classify(e, &host, options))?;
    Ok(Fetched {
        final_url,
        content_type,
        mime_type,
        charset,
        body: bytes,
    })
}

/// The address parsed, with an `http` or `https` scheme and a host.
fn check_url(url: &str) -> Result<Uri, FetchError> {
    // The scheme first (RFC 3986 §3.1: a letter, then letters, digits, `+`, `-`, `.`, then `:`),
    // so `file:///…` is refused as a scheme, not as an address the HTTP parser cannot read.
    let scheme = url
        .trim()
        .split_once(':')
        .map(|(s, _)| s)
        .filter(|s| {
            s.starts_with(|c: char| c.is_ascii_alphabetic())
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        })
        .map(str::to_ascii_lowercase);
    match scheme.as_deref() {
        Some("http" | "https") => {}
        other => {
            return Err(FetchError::Scheme {
                url: url.to_owned(),
                scheme: other.unwrap_or("(none)").to_owned(),
            });
        }
    }
    let uri: Uri = url
        .trim()
        .parse()
        .map_err(|e: ureq::http::uri::InvalidUri| FetchError::BadUrl {
            url: url.to_owned(),
            reason: e.to_string(),
        })?;
    if uri.host().is_none_or(str::is_empty) {
        return Err(FetchError::BadUrl {
            url: url.to_owned(),
            reason: "it names no host".into(),
        });
    }
    Ok(uri)
}

/// One [`FetchError`] per condition ureq reports.
fn classify(error: ureq::Error, host: &str, options: &FetchOptions) -> FetchError {
    let host = host.to_owned();
    match error {
        ureq::Error::HostNotFound => FetchError::HostNotFound {
            host: host
                .rsplit_once(':')
                .map_or(host.clone(), |(h, _)| h.to_owned()),
        },
        ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::ConnectionRefused => {
            FetchError::ConnectionRefused { host }
        }
        ureq::Error::Io(e) if e.kind() == std::io::ErrorKind::TimedOut => FetchError::Timeout {
            seconds: options.timeout.as_secs_f64(),
        },
        ureq::Error::Timeout(_) => FetchError::Timeout {
            seconds: options.timeout.as_secs_f64(),
        },
        ureq::Error::TooManyRedirects => FetchError::TooManyRedirects {
            max: options.max_redirects,
        },
        ureq::Error::RedirectFailed => FetchError::Redirect {
            reason: "the redirect has no usable Location".into(),
        },
        ureq::Error::BodyExceedsLimit(_) => FetchError::TooLarge {
            max: options.max_bytes,
        },
        // A refused certificate or a broken handshake: rustls reports it through the socket's
        // I/O error, which would otherwise read as "could not connect".
        ureq::Error::Io(e) if is_tls_failure(&e) => FetchError::Tls {
            reason: e.to_string(),
        },
        ureq::Error::ConnectionFailed | ureq::Error::Io(_) if !resolves(&host) => {
            FetchError::HostNotFound {
                host: host_name(&host).to_owned(),
            }
        }
        ureq::Error::ConnectionFailed | ureq::Error::Io(_) => FetchError::ConnectionFailed {
            host,
            reason: error.to_string(),
        },
        ureq::Error::Tls(_) | ureq::Error::Rustls(_) | ureq::Error::TlsRequired => {
            FetchError::Tls {
                reason: error.to_string(),
            }
        }
        other => FetchError::Transfer {
            reason: other.to_string(),
        },
    }
}

/// Whether an I/O error carries a TLS error (its message is then the TLS error's own).
fn is_tls_failure(error: &std::io::Error) -> bool {
    error
        .get_ref()
        .is_some_and(|inner| inner.is::<rustls::Error>())
}

/// The host of an authority (`host:port`, `[v6]:port`), without the port.
fn host_name(authority: &str) -> &str {
    let without_port = match authority.rsplit_once(':') {
        Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit()) => host,
        _ => authority,
    };
    without_port.trim_start_matches('[').trim_end_matches(']')
}

/// Whether the host resolves. ureq reports a failed look-up as a generic I/O error, so after a
/// connection failure the look-up is made again to tell "no such host" from other failures.
fn resolves(authority: &str) -> bool {
    use std::net::ToSocketAddrs as _;
    (host_name(authority), 80)
        .to_socket_addrs()
        .is_ok_and(|mut addresses| addresses.next().is_some())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_http_and_https_addresses() {
        for (url, scheme) in [
            ("file:///etc/passwd", "file"),
            ("ftp://x/y", "ftp"),
            ("FILE:///x", "file"),
        ] {
            match check_url(url) {
                Err(FetchError::Scheme { scheme: s, .. }) => assert_eq!(s, scheme, "{url}"),
                other => panic!("{url}: {other:?}"),
            }
        }
        assert!(matches!(
            check_url("example.com/page"),
            Err(FetchError::Scheme { .. })
        ));
        assert!(matches!(
            check_url("http://exa mple.com/"),
            Err(FetchError::BadUrl { .. })
        ));
        assert!(check_url("HTTPS://example.com/a?b").is_ok());
    }
}
