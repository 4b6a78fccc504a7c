//! Where the binary's output goes: results to stdout, diagnostics to stderr, colour per `--color`.

use std::io::{self, Write};

use anstream::{AutoStream, ColorChoice};
use tprov::render::printable;

use super::{CliError, ColorWhen};

/// Writes `bytes` (possibly holding ANSI styles) to stdout, stripping styles unless colour is on.
/// A closed pipe (`tprov verify ... | head -1`) is not an error.
pub fn stdout(bytes: &[u8], color: ColorWhen) -> Result<(), CliError> {
    let mut stream = AutoStream::new(io::stdout().lock(), choice(color));
    if stream.current_choice() == ColorChoice::Never {
        // Stripped in memory and written at once: the stripping stream would make a system
        // call per unstyled run, about twenty for one report.
        let plain = anstream::adapter::strip_bytes(bytes).into_vec();
        let mut raw = stream.into_inner();
        return ignore_broken_pipe(raw.write_all(&plain).and_then(|()| raw.flush()));
    }
    ignore_broken_pipe(stream.write_all(bytes).and_then(|()| stream.flush()))
}

/// Writes a diagnostic line to stderr, prefixed with `tprov: `. The whole message goes through
/// [`printable`]: diagnostics name files and quote records, and no caller has to remember to
/// escape them (a message is one line: a newline in it is escaped too).
pub fn stderr_line(message: &str, color: ColorWhen) {
    stderr_rendered(&printable(message), color);
}

/// Writes a line that `tprov::render` already made printable (it may carry the renderer's
/// styles, which [`stderr_line`] would escape) to stderr, prefixed with `tprov: `.
pub fn stderr_rendered(line: &str, color: ColorWhen) {
    let mut stream = AutoStream::new(io::stderr().lock(), choice(color));
    let _ = writeln!(stream, "tprov: {line}");
}

/// Reports an error that stops a command (exit code 2), with its chain of causes, sanitized
/// whole: an error names files and quotes envelopes.
pub fn report_error(error: &(dyn std::error::Error + 'static)) {
    stderr_line(&tprov::ErrorChain(error).to_string(), ColorWhen::Never);
}

fn choice(color: ColorWhen) -> ColorChoice {
    match color {
        ColorWhen::Always => ColorChoice::Always,
        ColorWhen::Never => ColorChoice::Never,
        // anstream's Auto colours a terminal only, and never with NO_COLOR set or TERM=dumb.
        ColorWhen::Auto => ColorChoice::Auto,
    }
}

fn ignore_broken_pipe(result: io::Result<()>) -> Result<(), CliError> {
    match result {
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        other => other.map_err(|source| CliError::Stdout { source }),
    }
}
