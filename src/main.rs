//! The `tprov` command: parses arguments, runs a command, maps the outcome to an exit code.
//!
//! Exit codes: 0 success (verified; identical for `diff`), 1 the check failed (not verified;
//! different for `diff`), 2 trouble (bad usage, missing or unreadable file, malformed key).

#![forbid(unsafe_code)]

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    match cli::run() {
        Ok(code) => code,
        Err(error) => {
            cli::output::report_error(&error);
            ExitCode::from(2)
        }
    }
}
