//! A headless Chromium for tests that must see a page as a browser renders it.
//!
//! Drives the system's `chromium` (or `chromium-browser`, `google-chrome`) through its command
//! line — `--dump-dom` for the DOM after parsing, `--screenshot` for a PNG — so nothing is
//! downloaded. Where no browser is installed the caller skips, saying so on standard error,
//! except under CI (`util::tools_required`), where a missing browser fails the test (`.ci/run`
//! installs one).

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

/// The browser binary, or `None` (after a visible `SKIPPED` line, [`crate::util::skip`]) when
/// there is none. Under CI ([`crate::util::tools_required`]) a missing browser fails the test.
/// `skipping` names what is skipped; the line names it only when it is not the test itself.
#[track_caller]
pub fn chromium(skipping: &str) -> Option<PathBuf> {
    let found = ["chromium", "chromium-browser", "google-chrome"]
        .iter()
        .find_map(|name| which(name));
    if found.is_none() {
        let test = std::thread::current().name().unwrap_or_default().to_owned();
        let what = match test.ends_with(skipping) {
            true => String::new(),
            false => format!(" for {skipping}"),
        };
        crate::util::skip(&format!(
            "no chromium on PATH{what} (apt-get install chromium)"
        ));
    }
    found
}

fn which(name: &str) -> Option<PathBuf> {
    let paths = std::env::var_os("PATH")?;
    std::env::split_paths(&paths)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// Runs the browser headless on a local page with `extra` arguments; returns its stdout.
fn run(browser: &Path, page: &Path, extra: &[String]) -> String {
    let profile = tempfile::tempdir().expect("a profile directory");
    let url = format!(
        "file://{}",
        page.canonicalize().expect("the page exists").display()
    );
    let mut child = Command::new(browser)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--hide-scrollbars",
            "--disable-extensions",
            "--disable-dev-shm-usage",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(extra)
        .arg(&url)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("starting chromium");
    // A hung browser must not hang the test suite: wait at most two minutes.
    let deadline = std::time::Instant::now() + Duration::from_secs(120);
    while child.try_wait().expect("waiting for chromium").is_none() {
        if std::time::Instant::now() > deadline {
            let _ = child.kill();
            panic!("chromium did not finish within two minutes on {url}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let output = child.wait_with_output().expect("chromium's output");
    assert!(
        output.status.success(),
        "chromium failed on {url}: {output:?}"
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// The page's DOM after the browser parsed it (and ran any script it has), serialised.
pub fn dump_dom(browser: &Path, page: &Path) -> String {
    run(browser, page, &["--dump-dom".to_owned()])
}

/// Takes a screenshot of the page, `width` × `height` CSS pixels, into `png`.
pub fn screenshot(browser: &Path, page: &Path, png: &Path, width: u32, height: u32) {
    run(
        browser,
        page,
        &[
            format!("--window-size={width},{height}"),
            format!("--screenshot={}", png.display()),
        ],
    );
    let bytes = std::fs::read(png).expect("the screenshot was written");
    assert!(
        bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
        "{} is not a PNG",
        png.display()
    );
}
