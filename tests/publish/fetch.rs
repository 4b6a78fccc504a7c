//! Fetching pages from a server run inside the test on 127.0.0.1 (an ephemeral port): it serves
//! a bounded number of connections and stops by itself.

use std::net::TcpListener;
use std::time::Duration;

use tprov::publish::fetch::{FetchError, FetchOptions, fetch};

use super::server::{Reply, reply, serve};

fn quick() -> FetchOptions {
    FetchOptions {
        proxy_from_environment: false,
        ..FetchOptions::default()
    }
}

const PAGE: &[u8] =
    b"<!DOCTYPE html><html><head></head><body><article><p>Hello.</p></article></body></html>";

#[test]
fn a_page_and_a_redirect_to_it() {
    let (base, server) = serve(2, |path| match path {
        "/moved" => Reply {
            headers: vec![("Location", "/article.html".into())],
            ..reply(301, b"")
        },
        _ => reply(200, PAGE),
    });
    let fetched = fetch(&format!("{base}/moved"), &quick()).unwrap();
    assert_eq!(fetched.body, PAGE);
    assert_eq!(fetched.final_url, format!("{base}/article.html"));
    assert_eq!(fetched.mime_type.as_deref(), Some("text/html"));
    assert_eq!(fetched.charset.as_deref(), Some("utf-8"));
    assert_eq!(
        fetched.content_type.as_deref(),
        Some("text/html; charset=utf-8")
    );
    assert_eq!(server.join().unwrap(), 2);
}

#[test]
fn a_redirect_loop_stops_after_five() {
    // The first request and five redirects followed: six connections; a seventh would be
    // refused (the server has stopped), which would fail this test with another error.
    let (base, server) = serve(6, |_| Reply {
        headers: vec![("Location", "/loop".into())],
        ..reply(302, b"")
    });
    let error = fetch(&format!("{base}/loop"), &quick()).unwrap_err();
    assert!(
        matches!(error, FetchError::TooManyRedirects { max: 5 }),
        "{error:?}"
    );
    assert_eq!(server.join().unwrap(), 6);
}

#[test]
fn not_found_and_server_errors() {
    let (base, server) = serve(2, |path| match path {
        "/missing" => reply(404, b"no"),
        _ => reply(503, b"busy"),
    });
    let missing = fetch(&format!("{base}/missing"), &quick()).unwrap_err();
    assert!(
        matches!(missing, FetchError::NotFound { status: 404, .. }),
        "{missing:?}"
    );
    let busy = fetch(&format!("{base}/busy"), &quick()).unwrap_err();
    assert!(
        matches!(busy, FetchError::ServerError { status: 503, .. }),
        "{busy:?}"
    );
    assert!(busy.to_string().contains("503"), "{busy}");
    assert_eq!(server.join().unwrap(), 2);
}

#[test]
fn an_oversized_page_is_refused_at_the_default_limit() {
    let (base, server) = serve(1, |_| reply(200, &vec![b'a'; 16 * 1024 * 1024 + 1]));
    let error = fetch(&format!("{base}/huge"), &quick()).unwrap_err();
    assert!(
        matches!(error, FetchError::TooLarge { max } if max == 16 * 1024 * 1024),
        "{error:?}"
    );
    assert_eq!(server.join().unwrap(), 1);
}

#[test]
fn a_server_too_slow_to_answer() {
    let (base, server) = serve(1, |_| Reply {
        delay: Duration::from_secs(2),
        ..reply(200, PAGE)
    });
    let options = FetchOptions {
        timeout: Duration::from_millis(200),
        ..quick()
    };
    let error = fetch(&format!("{base}/slow"), &options).unwrap_err();
    assert!(matches!(error, FetchError::Timeout { .. }), "{error:?}");
    assert_eq!(server.join().unwrap(), 1);
}

#[test]
fn refused_connections_unknown_hosts_and_other_schemes() {
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let refused = fetch(&format!("http://127.0.0.1:{port}/"), &quick()).unwrap_err();
    assert!(
        matches!(refused, FetchError::ConnectionRefused { .. }),
        "{refused:?}"
    );
    // RFC 6761: .invalid never resolves.
    let unknown = fetch("http://tprov-test.invalid/page", &quick()).unwrap_err();
    assert!(
        matches!(&unknown, FetchError::HostNotFound { host } if host == "tprov-test.invalid"),
        "{unknown:?}"
    );
    let scheme = fetch("file:///etc/passwd", &quick()).unwrap_err();
    assert!(matches!(scheme, FetchError::Scheme { .. }), "{scheme:?}");
}
