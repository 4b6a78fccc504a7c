//! Helpers shared by the integration tests.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A `tprov` command with a fixed signing time and no colour, so outputs are reproducible.
pub fn tprov() -> Command {
    let mut cmd = Command::cargo_bin("tprov").expect("the tprov binary is built");
    cmd.env("SOURCE_DATE_EPOCH", "1795500000")
        .env("NO_COLOR", "1")
        .env_remove("TPROV_PASSPHRASE");
    cmd
}

/// A scratch folder holding copies of the sample documents and demo keys.
pub struct Scratch {
    pub dir: tempfile::TempDir,
}

impl Scratch {
    /// Copies `examples/documents/*` and `keys/*.{key,pub}` into a new temporary folder;
    /// secret keys get mode 0600 (git does not keep modes).
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        for entry in fs::read_dir(root().join("examples/documents")).unwrap() {
            let path = entry.unwrap().path();
            fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
        }
        for entry in fs::read_dir(root().join("keys")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "key" || e == "pub") {
                let to = dir.path().join(path.file_name().unwrap());
                fs::copy(&path, &to).unwrap();
                #[cfg(unix)]
                if path.extension().is_some_and(|e| e == "key") {
                    use std::os::unix::fs::PermissionsExt;
                    fs::set_permissions(&to, fs::Permissions::from_mode(0o600)).unwrap();
                }
            }
        }
        Self { dir }
    }

    /// A path inside the scratch folder.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// A command running in the scratch folder.
    pub fn tprov(&self) -> Command {
        let mut cmd = tprov();
        cmd.current_dir(self.dir.path());
        cmd
    }

    /// Signs `commentary.en.md` (the post-edited translation) with the newsroom key and the
    /// full metadata, writing `commentary.en.md.tprov.json`.
    pub fn sign_sample(&self) -> PathBuf {
        self.tprov()
            .args(sample_sign_args("commentary.en.md"))
            .assert()
            .success();
        self.path("commentary.en.md.tprov.json")
    }

    /// A sorted listing of the folder's file names and contents, to prove nothing changed.
    pub fn snapshot(&self) -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<_> = fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .map(|p| {
                (
                    p.file_name().unwrap().to_string_lossy().into_owned(),
                    fs::read(&p).unwrap(),
                )
            })
            .collect();
        files.sort();
        files
    }
}

/// The arguments that sign `translation` as the sample commentary's translation.
pub fn sample_sign_args(translation: &str) -> Vec<String> {
    [
        "sign",
        translation,
        "--key",
        "newsroom.key",
        "--source",
        "commentary.zh.md",
        "--source-lang",
        "zh",
        "--target-lang",
        "en",
        "--engine",
        "ExampleMT",
        "--engine-version",
        "4.2",
        "--model",
        "example-nmt-2026",
        "--post-editor",
        "Li Wei",
        "--editor",
        "Maria Rossi",
        "--publisher",
        "The Example Review",
        "--source-uri",
        "https://example.cn/commentary/2026-11-20",
        "--source-title",
        "机器翻译时代的新闻责任",
        "--source-author",
        "王芳",
        "--source-published",
        "2026-11-20",
        // Stated, as a publisher who knows it would: `translatedAt` is never defaulted.
        "--translated-at",
        "2026-11-24T06:00:00Z",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// Reads a file as a string.
pub fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap()
}

// ---------------------------------------------------------------------------------------------
// Helpers for the keygen, sign, verify, inspect, tamper, bad-input, vectors and interop tests.
// ---------------------------------------------------------------------------------------------

/// The exit code of a finished command (`-1` when it was killed by a signal).
pub fn code(output: &std::process::Output) -> i32 {
    output.status.code().unwrap_or(-1)
}

/// Standard output and standard error of a finished command, as (lossy) text.
pub fn out_err(output: &std::process::Output) -> (String, String) {
    (
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// An envelope file parsed as JSON.
pub fn envelope_json(path: &Path) -> serde_json::Value {
    let bytes = fs::read(path).unwrap_or_else(|e| panic!("read envelope {}: {e}", path.display()));
    serde_json::from_slice(&bytes)
        .unwrap_or_else(|e| panic!("envelope {} is not JSON: {e}", path.display()))
}

/// Standard padded base64, as tprov writes it.
pub fn b64(bytes: &[u8]) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(bytes)
}

/// Decodes standard padded base64 (what tprov writes); panics on anything else.
pub fn unb64(text: &str) -> Vec<u8> {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .unwrap_or_else(|e| panic!("expected standard base64, got {text:?}: {e}"))
}

/// The decoded payload bytes of an envelope value.
pub fn payload_bytes(envelope: &serde_json::Value) -> Vec<u8> {
    unb64(
        envelope["payload"]
            .as_str()
            .expect("the envelope has a string payload"),
    )
}

/// The decoded payload of an envelope value, parsed as JSON.
pub fn payload_json(envelope: &serde_json::Value) -> serde_json::Value {
    serde_json::from_slice(&payload_bytes(envelope)).expect("the payload is JSON")
}

/// Lowercase hex SHA-256, computed with `sha2` directly rather than through tprov.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    hex::encode(sha2::Sha256::digest(bytes))
}

/// Serialises JSON and writes it to `path` (compact: whitespace is irrelevant to DSSE).
pub fn write_json(path: &Path, value: &serde_json::Value) {
    fs::write(path, serde_json::to_vec(value).unwrap()).unwrap();
}

/// Runs `tprov verify DOCUMENT --pubkey newsroom.pub --json EXTRA...` in the scratch folder and
/// returns the exit code and the parsed report. Panics (naming `case`) if stdout is not JSON.
pub fn verify_report(
    scratch: &Scratch,
    document: &str,
    extra: &[&str],
    case: &str,
) -> (i32, serde_json::Value) {
    let output = scratch
        .tprov()
        .args(["verify", document, "--pubkey", "newsroom.pub", "--json"])
        .args(extra)
        .output()
        .unwrap();
    let (stdout, stderr) = out_err(&output);
    let report = serde_json::from_str(&stdout).unwrap_or_else(|e| {
        panic!(
            "{case}: expected a JSON report on stdout ({e}); stdout: {stdout:?}; stderr: {stderr:?}"
        )
    });
    (code(&output), report)
}

/// The name of the first failed check of a JSON report, if any.
pub fn failed_check(report: &serde_json::Value) -> Option<String> {
    report["checks"]
        .as_array()?
        .iter()
        .find(|c| c["outcome"] == "failed")
        .map(|c| c["check"].as_str().unwrap_or("?").to_owned())
}

/// Asserts that a JSON verification report failed exactly at `check`, with exit code 1, no
/// record, `verified: false`, every earlier check passed and every later one skipped.
#[track_caller]
pub fn assert_fails_at(code: i32, report: &serde_json::Value, check: &str, case: &str) {
    assert_eq!(
        code, 1,
        "{case}: expected exit 1 (not verified) with the {check} check failing; report: {report:#}"
    );
    assert_eq!(
        report["verified"], false,
        "{case}: expected verified: false; report: {report:#}"
    );
    assert_eq!(
        failed_check(report).as_deref(),
        Some(check),
        "{case}: expected the {check} check to fail; report: {report:#}"
    );
    assert!(
        report["record"].is_null(),
        "{case}: expected no record in a failed report; report: {report:#}"
    );
    let checks = report["checks"].as_array().unwrap();
    let failed_at = checks
        .iter()
        .position(|c| c["outcome"] == "failed")
        .unwrap();
    for (i, c) in checks.iter().enumerate() {
        let expected = match i.cmp(&failed_at) {
            std::cmp::Ordering::Less => "passed",
            std::cmp::Ordering::Equal => "failed",
            std::cmp::Ordering::Greater => "skipped",
        };
        assert_eq!(
            c["outcome"], expected,
            "{case}: expected check #{i} ({}) to be {expected}; report: {report:#}",
            c["check"]
        );
    }
}

/// Asserts that a JSON verification report passed: exit 0, `verified: true`, a record, and no
/// failed or skipped check.
#[track_caller]
pub fn assert_verified(code: i32, report: &serde_json::Value, case: &str) {
    assert_eq!(
        code, 0,
        "{case}: expected exit 0 (verified); report: {report:#}"
    );
    assert_eq!(
        report["verified"], true,
        "{case}: expected verified: true; report: {report:#}"
    );
    assert!(
        report["record"].is_object(),
        "{case}: expected the record in a verified report; report: {report:#}"
    );
    for c in report["checks"].as_array().unwrap() {
        assert_eq!(
            c["outcome"], "passed",
            "{case}: expected every check to pass; report: {report:#}"
        );
    }
}

/// Whether every tool-dependent test must run: under `CI` (set to anything but `false` or `0`,
/// as CI services do) or with `TPROV_REQUIRE_TOOLS=1`, a missing tool fails the test instead of
/// skipping it, so a green CI run proves that the interoperability tests ran.
pub fn tools_required() -> bool {
    let set = |name: &str| {
        std::env::var(name)
            .ok()
            .is_some_and(|v| !v.is_empty() && v != "false" && v != "0")
    };
    set("CI") || set("TPROV_REQUIRE_TOOLS")
}

/// Whether an external program runs (`PROGRAM ARGS...` exits 0). When it does not: under CI (see
/// [`tools_required`]) the test fails; otherwise the test is skipped *visibly* — see [`skip`].
#[track_caller]
pub fn have_tool(program: &str, args: &[&str], skipping: &str) -> bool {
    let ok = std::process::Command::new(program)
        .args(args)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        skip(&format!(
            "{skipping}: `{program} {}` is not available",
            args.join(" ")
        ));
    }
    ok
}

/// Records that the running test skips its work because `why`. Under CI this panics: CI installs
/// every tool (`.ci/run`). Elsewhere it writes `SKIPPED <test>: <why>` straight to the process's
/// standard error — libtest captures `eprintln!` but not writes to the stderr handle, so the line
/// shows in every `cargo test` run, next to the test that still reports `ok`.
#[track_caller]
pub fn skip(why: &str) {
    let test = std::thread::current().name().unwrap_or("a test").to_owned();
    assert!(
        !tools_required(),
        "{test}: {why}; under CI every test tool must be installed (see .ci/run)"
    );
    use std::io::Write as _;
    let _ = writeln!(
        std::io::stderr(),
        "SKIPPED {test}: {why} (install it, or see \"Running the tests\" in README.md)"
    );
}

/// Whether `openssl` (3.0 or later, which handles Ed25519 with `pkeyutl -rawin`) is on PATH.
pub fn have_openssl(skipping: &str) -> bool {
    have_tool("openssl", &["version"], skipping)
}

/// Runs `openssl ARGS...` in `dir`, panicking with its stderr when it fails.
pub fn openssl(dir: &Path, args: &[&str]) -> Vec<u8> {
    let output = std::process::Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("openssl runs");
    assert!(
        output.status.success(),
        "expected `openssl {}` to succeed; stderr: {}",
        args.join(" "),
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// Every leftover temporary file (`.tprov-*.tmp`) under `dir`, recursively.
pub fn temp_leftovers(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in fs::read_dir(&d).unwrap() {
            let path = entry.unwrap().path();
            let name = path.file_name().unwrap().to_string_lossy().into_owned();
            if path.is_dir() {
                stack.push(path);
            } else if name.starts_with(".tprov-") && name.ends_with(".tmp") {
                found.push(path);
            }
        }
    }
    found
}

/// The check named `name` in a JSON verification report (panics, naming `case`, when absent).
#[track_caller]
pub fn check<'a>(report: &'a serde_json::Value, name: &str, case: &str) -> &'a serde_json::Value {
    report["checks"]
        .as_array()
        .and_then(|checks| checks.iter().find(|c| c["check"] == name))
        .unwrap_or_else(|| panic!("{case}: expected a {name} check in the report: {report:#}"))
}

/// Asserts that `actual` has every field of `expected` with the same value, recursively in
/// objects (arrays must match element by element). Extra fields in `actual` are allowed, so a
/// report can grow without breaking the tests that pin what they care about.
#[track_caller]
pub fn assert_json_includes(actual: &serde_json::Value, expected: &serde_json::Value, case: &str) {
    fn walk(
        actual: &serde_json::Value,
        expected: &serde_json::Value,
        at: &str,
    ) -> Result<(), String> {
        use serde_json::Value;
        match (actual, expected) {
            (Value::Object(a), Value::Object(e)) => {
                e.iter().try_for_each(|(k, v)| match a.get(k) {
                    Some(av) => walk(av, v, &format!("{at}/{k}")),
                    None => Err(format!("{at}/{k} is missing")),
                })
            }
            (Value::Array(a), Value::Array(e)) if a.len() == e.len() => a
                .iter()
                .zip(e)
                .enumerate()
                .try_for_each(|(i, (av, ev))| walk(av, ev, &format!("{at}/{i}"))),
            _ if actual == expected => Ok(()),
            _ => Err(format!("{at} is {actual}, expected {expected}")),
        }
    }
    if let Err(problem) = walk(actual, expected, "") {
        panic!("{case}: {problem}; expected to include {expected:#}; got {actual:#}");
    }
}

/// The SGR parameters of the styles tprov emits (anstyle: reset, bold, dim, italic, underline,
/// strikethrough (the diff's deletions), their resets, and the 16 colours as foreground and
/// background). Anything else — conceal
/// (`8`), blink, 256-colour or RGB selectors — cannot come from tprov's own styling.
fn tprov_sgr(param: &str) -> bool {
    matches!(
        param.parse::<u8>(),
        Ok(0..=4 | 9 | 22..=24 | 29 | 30..=37 | 39..=47 | 49 | 90..=97 | 100..=107)
    )
}

/// Control characters (and the bidirectional-text controls `tprov::render::printable` escapes)
/// left in `text` once tprov's own styles are removed (`ESC [ P;…;P m` with every parameter one
/// that tprov emits: [`tprov_sgr`]); a newline is not counted. Any other escape sequence is
/// reported by its `ESC`.
pub fn stray_controls(text: &str) -> Vec<char> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix("\x1b[") {
            let params_len = after
                .find(|c: char| !c.is_ascii_digit() && c != ';')
                .unwrap_or(after.len());
            let params = &after[..params_len];
            if after[params_len..].starts_with('m')
                && !params.is_empty()
                && params.split(';').all(tprov_sgr)
            {
                rest = &after[params_len + 1..];
                continue;
            }
        }
        let bidi = matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}');
        if (c.is_control() && c != '\n') || bidi {
            found.push(c);
        }
        rest = &rest[c.len_utf8()..];
    }
    found
}
