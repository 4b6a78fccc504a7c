//! Where a secret key's passphrase comes from: an environment variable, a file descriptor, or the
//! terminal (without echo). Only the binary reads these; the library takes the passphrase as a
//! value.

use std::io::{self, IsTerminal, Read};
use std::path::Path;

use zeroize::Zeroizing;

use super::CliError;

/// The longest passphrase read from a descriptor or the environment.
const MAX_PASSPHRASE_BYTES: usize = 4096;

/// The passphrase flags shared by `keygen`, `sign` and `cosign`.
#[derive(Debug, Clone, clap::Args)]
pub struct PassphraseArgs {
    /// Read the key's passphrase from this environment variable (for automation). Without
    /// --passphrase-env or --passphrase-fd, tprov asks on the terminal, without echo.
    #[arg(long, value_name = "VAR", conflicts_with = "passphrase_fd")]
    pub passphrase_env: Option<String>,
    /// Read the key's passphrase from the first line of this open file descriptor
    /// (for automation: `--passphrase-fd 3 3<passphrase.txt`). Unix only.
    #[arg(long, value_name = "N")]
    pub passphrase_fd: Option<u32>,
}

impl PassphraseArgs {
    /// Whether a non-interactive source was given.
    pub fn given(&self) -> bool {
        self.passphrase_env.is_some() || self.passphrase_fd.is_some()
    }

    /// The passphrase from `--passphrase-env` or `--passphrase-fd`, if one was given.
    pub fn read_flags(&self) -> Result<Option<Zeroizing<String>>, CliError> {
        let passphrase = if let Some(var) = &self.passphrase_env {
            let value = std::env::var_os(var).ok_or_else(|| {
                CliError::Usage(format!(
                    "--passphrase-env {var}: the environment variable {var} is not set"
                ))
            })?;
            let value = Zeroizing::new(value.into_string().map_err(|_| {
                CliError::Usage(format!(
                    "--passphrase-env {var}: the value of {var} is not valid UTF-8"
                ))
            })?);
            if value.len() > MAX_PASSPHRASE_BYTES {
                return Err(CliError::Usage(format!(
                    "--passphrase-env {var}: the passphrase is longer than {MAX_PASSPHRASE_BYTES} bytes"
                )));
            }
            value
        } else if let Some(fd) = self.passphrase_fd {
            read_fd(fd)?
        } else {
            return Ok(None);
        };
        if passphrase.is_empty() {
            return Err(CliError::Usage(
                "the passphrase given is empty; an empty passphrase protects nothing".into(),
            ));
        }
        Ok(Some(passphrase))
    }

    /// The passphrase to decrypt `key`: from the flags, else asked on the terminal, else an error
    /// saying how to give it.
    pub fn for_decryption(&self, key: &Path) -> Result<Zeroizing<String>, CliError> {
        if let Some(passphrase) = self.read_flags()? {
            return Ok(passphrase);
        }
        if !on_terminal() {
            return Err(tprov::Error::Key {
                path: key.to_path_buf(),
                problem: tprov::KeyProblem::NeedsPassphrase,
            }
            .into());
        }
        let passphrase = prompt(&format!("Passphrase for {}: ", key.display()))?;
        if passphrase.is_empty() {
            return Err(CliError::Usage(format!(
                "no passphrase was typed for {}",
                key.display()
            )));
        }
        Ok(passphrase)
    }

    /// The passphrase to protect a new key: from the flags, else asked twice on the terminal.
    /// `None` when there is no source (no flag, no terminal): the caller says what to choose.
    pub fn for_encryption(&self, key: &Path) -> Result<Option<Zeroizing<String>>, CliError> {
        if let Some(passphrase) = self.read_flags()? {
            return Ok(Some(passphrase));
        }
        if !on_terminal() {
            return Ok(None);
        }
        let first = prompt(&format!("New passphrase for {}: ", key.display()))?;
        if first.is_empty() {
            return Err(CliError::Usage(
                "the passphrase is empty; an empty passphrase protects nothing (use --unencrypted to write the key without one)".into(),
            ));
        }
        let second = prompt("Type it again: ")?;
        if first != second {
            return Err(CliError::Usage(
                "the passphrases do not match; nothing was written".into(),
            ));
        }
        Ok(Some(first))
    }
}

/// Whether a person can be asked: standard input or standard error is a terminal.
fn on_terminal() -> bool {
    io::stdin().is_terminal() || io::stderr().is_terminal()
}

/// Prompts on the terminal (`/dev/tty`) and reads a line without echo.
fn prompt(text: &str) -> Result<Zeroizing<String>, CliError> {
    rpassword::prompt_password(text)
        .map(Zeroizing::new)
        .map_err(|e| {
            CliError::Usage(format!(
                "cannot read a passphrase from the terminal ({e}); give it with --passphrase-env VAR or --passphrase-fd N"
            ))
        })
}

/// Reads the first line of an open descriptor, without its line ending.
#[cfg(unix)]
fn read_fd(fd: u32) -> Result<Zeroizing<String>, CliError> {
    let path = format!("/dev/fd/{fd}");
    let fd_error = |detail: String| CliError::Usage(format!("--passphrase-fd {fd}: {detail}"));
    let mut file = std::fs::File::open(&path)
        .map_err(|e| fd_error(format!("cannot read descriptor {fd} ({e}); is it open?")))?;
    // Byte by byte up to the first newline, so nothing after the passphrase line is consumed.
    let mut bytes = Zeroizing::new(Vec::with_capacity(MAX_PASSPHRASE_BYTES)); // never reallocated: no stray copies
    let mut byte = [0u8; 1];
    loop {
        match file.read(&mut byte) {
            Ok(0) => break,
            Ok(_) if byte[0] == b'\n' => break,
            Ok(_) => {
                if bytes.len() == MAX_PASSPHRASE_BYTES {
                    return Err(fd_error(format!(
                        "the passphrase is longer than {MAX_PASSPHRASE_BYTES} bytes"
                    )));
                }
                bytes.push(byte[0]);
            }
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(fd_error(format!("cannot read it ({e})"))),
        }
    }
    if bytes.last() == Some(&b'\r') {
        bytes.pop();
    }
    let text = std::str::from_utf8(&bytes)
        .map_err(|_| fd_error("the passphrase is not valid UTF-8".into()))?;
    Ok(Zeroizing::new(text.to_owned()))
}

#[cfg(not(unix))]
fn read_fd(fd: u32) -> Result<Zeroizing<String>, CliError> {
    Err(CliError::Usage(format!(
        "--passphrase-fd {fd}: reading a descriptor is supported on Unix only; use --passphrase-env VAR"
    )))
}
