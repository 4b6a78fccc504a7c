//! `tprov verify http(s)://…` against a server run inside the test on 127.0.0.1 (issue 12
//! items 2 and 5): the embedded envelope, the has_provenance link, a changed page, and every way
//! a fetch fails (2, with a clear message).

use std::fs;
use std::net::TcpListener;
use std::time::Duration;

use super::server::{Reply, redirect, reply, serve, serve_tls_once};
use super::verify_page::{embed, scratch, sign};
use crate::util::{Scratch, code, out_err};

/// `tprov verify URL --pubkey newsroom.pub ARGS` with no proxy from the environment.
fn verify_url(s: &Scratch, url: &str, args: &[&str]) -> (i32, String, String) {
    let mut cmd = s.tprov();
    for proxy in [
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ] {
        cmd.env_remove(proxy);
    }
    let output = cmd
        .args(["verify", url])
        .args(args)
        .args(["--pubkey", "newsroom.pub"])
        .output()
        .unwrap();
    let (out, err) = out_err(&output);
    (code(&output), out, err)
}

fn json(out: &str) -> serde_json::Value {
    serde_json::from_str(out).unwrap_or_else(|e| panic!("{e}: {out}"))
}

/// The article signed (`article.html.json`) and embedded into `page.html`; returns the page
/// and the envelope.
fn published(s: &Scratch) -> (Vec<u8>, Vec<u8>) {
    sign(s, "article.html", "article.html.json", &[]);
    embed(s, "article.html", "article.html.json", "page.html", &[]);
    (
        fs::read(s.path("page.html")).unwrap(),
        fs::read(s.path("article.html.json")).unwrap(),
    )
}

#[test]
fn a_page_with_its_envelope_embedded_verifies() {
    let s = scratch();
    let (page, _) = published(&s);
    // Twice: JSON, then text. A redirect first: the report names the address it ended at.
    let (base, server) = serve(4, move |path| match path {
        "/latest" => redirect("/news/page.html"),
        _ => reply(200, &page),
    });
    let (exit, out, err) = verify_url(&s, &format!("{base}/latest"), &["--json"]);
    let report = json(&out);
    crate::util::assert_verified(exit, &report, &err);
    assert_eq!(report["url"], format!("{base}/news/page.html"));
    assert_eq!(report["match"], "text");
    assert_eq!(report["envelopeSource"]["kind"], "embedded");
    let (exit, out, _) = verify_url(&s, &format!("{base}/latest"), &[]);
    assert_eq!(exit, 0, "{out}");
    assert!(
        out.starts_with(&format!("VERIFIED  {base}/news/page.html\n")),
        "{out}"
    );
    assert!(out.contains("envelope     embedded in the page"), "{out}");
    insta::assert_snapshot!("verify_url_embedded", out.replace(&base, "http://SERVER"));
    assert_eq!(server.join().unwrap(), 4);
}

#[test]
fn a_page_with_only_a_provenance_link_verifies() {
    let s = scratch();
    let (_, envelope) = published(&s);
    let article = fs::read_to_string(s.path("article.html")).unwrap();
    let link = "<link rel=\"http://www.w3.org/ns/prov#has_provenance\" href=\"../records/a.json\">";
    let page = article.replace("</head>", &format!("{link}</head>"));
    let (base, server) = serve(2, move |path| match path {
        "/records/a.json" => Reply {
            headers: vec![("Content-Type", "application/json".into())],
            ..reply(200, &envelope)
        },
        "/news/a.html" => reply(200, page.as_bytes()),
        _ => reply(404, b"no"),
    });
    let (exit, out, err) = verify_url(&s, &format!("{base}/news/a.html"), &["--json"]);
    let report = json(&out);
    crate::util::assert_verified(exit, &report, &err);
    assert_eq!(report["envelopeSource"]["kind"], "link");
    assert_eq!(
        report["envelopeSource"]["url"],
        format!("{base}/records/a.json")
    );
    assert_eq!(server.join().unwrap(), 2);
}

#[test]
fn a_link_to_something_that_is_not_an_envelope_fails() {
    let s = scratch();
    published(&s);
    let article = fs::read_to_string(s.path("article.html")).unwrap();
    let link = "<link rel=\"http://www.w3.org/ns/prov#has_provenance\" href=\"/a.json\">";
    let page = article.replace("</head>", &format!("{link}</head>"));
    let (base, server) = serve(2, move |path| match path {
        "/a.json" => reply(200, b"<html>a login page</html>"),
        _ => reply(200, page.as_bytes()),
    });
    let (exit, out, err) = verify_url(&s, &format!("{base}/a.html"), &[]);
    assert_eq!(exit, 1, "{out}{err}");
    assert!(err.contains("envelope check failed"), "{err}");
    assert!(
        out.contains("/a.json (the page's has_provenance link)"),
        "{out}"
    );
    assert_eq!(server.join().unwrap(), 2);
    // A link to a local file is never followed: the page fails, nothing is read.
    let link =
        "<link rel=\"http://www.w3.org/ns/prov#has_provenance\" href=\"file:///etc/passwd\">";
    let page = article.replace("</head>", &format!("{link}</head>"));
    let (base, server) = serve(1, move |_| reply(200, page.as_bytes()));
    let (exit, out, err) = verify_url(&s, &format!("{base}/a.html"), &[]);
    assert_eq!(exit, 1, "{out}{err}");
    assert!(out.contains("cannot be followed"), "{out}");
    assert!(out.contains("\"file\" scheme"), "{out}");
    assert_eq!(server.join().unwrap(), 1);
}

#[test]
fn the_servers_charset_decodes_a_legacy_page() {
    let s = scratch();
    let utf8 = "<!DOCTYPE html><html><head><title>t</title></head><body><article><p>Caf\u{e9} cr\u{e8}me, na\u{ef}ve r\u{e9}sum\u{e9}.</p></article></body></html>";
    fs::write(s.path("utf8.html"), utf8).unwrap();
    sign(&s, "utf8.html", "utf8.html.json", &[]);
    embed(&s, "utf8.html", "utf8.html.json", "page.html", &[]);
    let page = fs::read_to_string(s.path("page.html")).unwrap();
    let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(&page);
    let latin1 = latin1.into_owned();
    // No <meta charset>: only the Content-Type says how to read the bytes.
    let (base, server) = serve(2, move |path| Reply {
        headers: vec![(
            "Content-Type",
            match path {
                "/declared" => "text/html; charset=iso-8859-1".into(),
                _ => "text/html".into(),
            },
        )],
        ..reply(200, &latin1)
    });
    let (exit, out, err) = verify_url(&s, &format!("{base}/declared"), &["--json"]);
    crate::util::assert_verified(exit, &json(&out), &err);
    trouble(
        &s,
        &format!("{base}/undeclared"),
        &[],
        "declares no charset",
    );
    assert_eq!(server.join().unwrap(), 2);
}

#[test]
fn a_page_whose_text_changed_fails_with_the_diagnosis() {
    let s = scratch();
    let (page, _) = published(&s);
    let changed = String::from_utf8(page)
        .unwrap()
        .replace("rarely know", "always know");
    let (base, server) = serve(1, move |_| reply(200, changed.as_bytes()));
    let (exit, out, err) = verify_url(&s, &format!("{base}/page.html"), &[]);
    assert_eq!(exit, 1, "{out}{err}");
    assert!(err.contains("document check failed"), "{err}");
    assert!(
        out.contains("changed") && out.contains("always know"),
        "{out}"
    );
    assert_eq!(server.join().unwrap(), 1);
}

#[test]
fn a_page_without_provenance_does_not_verify() {
    let s = scratch();
    let article = fs::read(s.path("article.html")).unwrap();
    let (base, server) = serve(1, move |_| reply(200, &article));
    let (exit, out, err) = verify_url(&s, &format!("{base}/a.html"), &[]);
    assert_eq!(exit, 1, "{out}{err}");
    assert!(out.contains("no has_provenance link"), "{out}");
    assert_eq!(server.join().unwrap(), 1);
}

/// A fetch that fails: exit 2, and the message says why.
fn trouble(s: &Scratch, url: &str, args: &[&str], phrase: &str) {
    let (exit, out, err) = verify_url(s, url, args);
    assert_eq!(exit, 2, "{url}: {out}{err}");
    assert!(out.is_empty(), "{url}: no report: {out}");
    assert!(err.contains(phrase), "{url}: {err:?} lacks {phrase:?}");
}

#[test]
fn http_errors_are_trouble() {
    let s = scratch();
    let (base, server) = serve(2, |path| match path {
        "/gone" => reply(404, b"no"),
        _ => reply(500, b"oops"),
    });
    trouble(&s, &format!("{base}/gone"), &[], "was not found (HTTP 404)");
    trouble(&s, &format!("{base}/fails"), &[], "HTTP 500");
    assert_eq!(server.join().unwrap(), 2);
}

#[test]
fn an_https_server_whose_certificate_nobody_vouches_for_is_trouble() {
    // A real TLS handshake on 127.0.0.1 with a self-signed certificate: rustls, as `verify`
    // configures it, must refuse the certificate, so no page from that server is verified.
    let s = scratch();
    let (base, server) = serve_tls_once();
    trouble(
        &s,
        &format!("{base}/commentary.html"),
        &[],
        "the secure connection failed: invalid peer certificate: UnknownIssuer",
    );
    let ended = server.join().unwrap();
    assert!(
        ended.is_err(),
        "the client aborts the handshake, it never completes: {ended:?}"
    );
}

#[test]
fn an_https_address_to_a_plain_http_server_is_trouble() {
    let s = scratch();
    let (base, server) = serve(1, |_| reply(200, b"<p>plain</p>"));
    let https = base.replace("http://", "https://");
    let port = https.rsplit(':').next().unwrap();
    trouble(&s, &format!("{https}/page.html"), &[], port);
    assert_eq!(server.join().unwrap(), 1);
}

#[test]
fn a_redirect_loop_is_trouble() {
    let s = scratch();
    let (base, server) = serve(6, |_| redirect("/loop"));
    trouble(&s, &format!("{base}/loop"), &[], "more than 5 redirects");
    assert_eq!(server.join().unwrap(), 6);
}

#[test]
fn an_oversized_page_is_trouble() {
    let s = scratch();
    let (base, server) = serve(1, |_| reply(200, &vec![b' '; 16 * 1024 * 1024 + 1]));
    trouble(&s, &format!("{base}/huge"), &[], "16777216-byte limit");
    assert_eq!(server.join().unwrap(), 1);
}

#[test]
fn a_server_that_never_answers_is_trouble() {
    let s = scratch();
    let (base, server) = serve(1, |_| Reply {
        delay: Duration::from_secs(3),
        ..reply(200, b"late")
    });
    trouble(
        &s,
        &format!("{base}/slow"),
        &["--timeout", "0.3"],
        "did not answer within 0.3 seconds",
    );
    assert_eq!(server.join().unwrap(), 1);
}

#[test]
fn other_schemes_refused_connections_and_unknown_hosts_are_trouble() {
    let s = scratch();
    trouble(&s, "ftp://127.0.0.1/page.html", &[], "\"ftp\" scheme");
    let port = {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    trouble(
        &s,
        &format!("http://127.0.0.1:{port}/page.html"),
        &[],
        "refused the connection",
    );
    // RFC 6761: .invalid never resolves.
    trouble(
        &s,
        "http://tprov-test.invalid/page.html",
        &[],
        "was not found",
    );
    trouble(
        &s,
        "http://127.0.0.1:1/",
        &["--timeout", "0"],
        "--timeout 0",
    );
}

#[test]
fn addresses_are_verified_one_at_a_time() {
    let s = scratch();
    trouble(
        &s,
        "http://127.0.0.1:1/a.html",
        &["article.html"],
        "is verified on its own",
    );
    trouble(
        &s,
        "https://news.example/",
        &["--recursive"],
        "is verified on its own",
    );
}
