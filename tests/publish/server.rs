//! A tiny HTTP/1.1 server on 127.0.0.1 (an ephemeral port), run on a thread inside the test:
//! one request per connection, a bounded number of connections, and it stops by itself after
//! 20 s without one, so a test that fails early never leaves it behind.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

/// What the server answers for a path.
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: Vec<u8>,
    /// Wait this long before answering (the slow server; with a short client deadline, the
    /// server that never answers).
    pub delay: Duration,
}

/// A reply with an HTML body.
pub fn reply(status: u16, body: &[u8]) -> Reply {
    Reply {
        status,
        headers: vec![("Content-Type", "text/html; charset=utf-8".into())],
        body: body.to_vec(),
        delay: Duration::ZERO,
    }
}

/// A redirect to `location`.
pub fn redirect(location: &str) -> Reply {
    Reply {
        headers: vec![("Location", location.into())],
        ..reply(302, b"")
    }
}

/// Serves at most `connections` connections with `route`, then stops. Returns the base
/// address (`http://127.0.0.1:PORT`) and the thread, which yields the connections served.
pub fn serve(
    connections: usize,
    route: impl Fn(&str) -> Reply + Send + 'static,
) -> (String, JoinHandle<usize>) {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let mut served = 0;
        let mut idle_since = Instant::now();
        while served < connections && idle_since.elapsed() < Duration::from_secs(20) {
            match listener.accept() {
                Ok((stream, _)) => {
                    served += 1;
                    idle_since = Instant::now();
                    answer(stream, &route);
                }
                Err(_) => std::thread::sleep(Duration::from_millis(5)),
            }
        }
        served
    });
    (base, handle)
}

fn answer(stream: TcpStream, route: &impl Fn(&str) -> Reply) {
    stream.set_nonblocking(false).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    let mut reader = BufReader::new(stream);
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    // Headers, up to the blank line (at most 100 lines).
    for _ in 0..100 {
        let mut line = String::new();
        if reader.read_line(&mut line).is_err() || line.trim().is_empty() {
            break;
        }
    }
    let path = request_line
        .split_whitespace()
        .nth(1)
        .unwrap_or("/")
        .to_owned();
    let reply = route(&path);
    std::thread::sleep(reply.delay);
    let mut stream = reader.into_inner();
    let mut head = format!(
        "HTTP/1.1 {} X\r\nContent-Length: {}\r\nConnection: close\r\n",
        reply.status,
        reply.body.len()
    );
    for (name, value) in &reply.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    // The client may stop reading (a body over its limit) or have given up: write errors are
    // expected.
    let _ = stream
        .write_all(head.as_bytes())
        .and_then(|()| stream.write_all(&reply.body));
}

/// Accepts one connection on 127.0.0.1 and runs a TLS server handshake on it with the
/// self-signed certificate of `tests/fixtures/tls` (trusted by nobody). Returns the base
/// address (`https://127.0.0.1:PORT`) and the thread, which yields how the handshake ended
/// (the client's alert when it refuses the certificate). Stops after 20 s without a connection.
pub fn serve_tls_once() -> (String, JoinHandle<Result<(), String>>) {
    use rustls::pki_types::pem::PemObject;
    use rustls::pki_types::{CertificateDer, PrivateKeyDer};

    let fixtures = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/tls");
    let certs = vec![CertificateDer::from_pem_file(format!("{fixtures}/server.crt")).unwrap()];
    let key = PrivateKeyDer::from_pem_file(format!("{fixtures}/server.key")).unwrap();
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(certs, key)
        .unwrap();
    let config = std::sync::Arc::new(config);
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let base = format!("https://{}", listener.local_addr().unwrap());
    let handle = std::thread::spawn(move || {
        let started = Instant::now();
        let mut stream = loop {
            match listener.accept() {
                Ok((stream, _)) => break stream,
                Err(_) if started.elapsed() < Duration::from_secs(20) => {
                    std::thread::sleep(Duration::from_millis(5))
                }
                Err(e) => return Err(format!("no connection: {e}")),
            }
        };
        stream.set_nonblocking(false).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(5)))
            .unwrap();
        let mut connection = rustls::ServerConnection::new(config).unwrap();
        // Bounded: a handshake takes a few round trips; an error or a closed socket ends it.
        for _ in 0..20 {
            if !connection.is_handshaking() {
                return Ok(());
            }
            if let Err(e) = connection.complete_io(&mut stream) {
                return Err(e.to_string());
            }
        }
        Err("the handshake did not finish in 20 round trips".into())
    });
    (base, handle)
}
