//! Where a secret key's passphrase comes from: an environment variable, a file descriptor, or the
//! terminal (without echo). Only the binary reads these; the library takes the passphrase as a
//! value.

use std::io::{self, IsTerminal, Read};
use std::path::Path;

use tprov::io::files;
use tprov::{KeyProblem, SecretKey};
use zeroize::Zeroizing;

use super::{CliError, ColorWhen, output};

/// The longest passphrase read from a descriptor or the environment.
const MAX_PASSPHRASE_BYTES: usize = 4096;

/// How many times a person at the terminal is asked (a mistyped or mismatched passphrase is
/// asked again, up to this many attempts in all). Flags and descriptors are read once: a
/// script's wrong passphrase will not become right on a second read.
pub const MAX_ATTEMPTS: u32 = 3;

/// A passphrase shorter than this draws a warning when a key is made: scrypt slows guessing,
/// it does not make a seven-letter word safe from someone who has the key file.
pub const SHORT_PASSPHRASE_CHARS: usize = 8;

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
        self.for_decryption_from(key)
            .map(|(passphrase, _)| passphrase)
    }

    /// As [`Self::for_decryption`], and whether it was typed at the terminal (so a wrong one
    /// may be asked again).
    fn for_decryption_from(&self, key: &Path) -> Result<(Zeroizing<String>, bool), CliError> {
        if let Some(passphrase) = self.read_flags()? {
            return Ok((passphrase, false));
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
        Ok((passphrase, true))
    }

    /// The passphrase to protect a new key: from the flags, else asked twice on the terminal
    /// (an empty or mismatched one is asked again, [`MAX_ATTEMPTS`] times in all). A passphrase
    /// shorter than [`SHORT_PASSPHRASE_CHARS`] draws a warning. `None` when there is no source
    /// (no flag, no terminal): the caller says what to choose.
    pub fn for_encryption(
        &self,
        key: &Path,
        color: ColorWhen,
    ) -> Result<Option<Zeroizing<String>>, CliError> {
        let passphrase = match self.read_flags()? {
            Some(passphrase) => passphrase,
            None if !on_terminal() => return Ok(None),
            None => ask_new(key, color)?,
        };
        let chars = passphrase.chars().count();
        if chars < SHORT_PASSPHRASE_CHARS {
            output::stderr_line(
                &format!(
                    "warning: the passphrase is {chars} characters long; anyone who gets {} can try short passphrases quickly: prefer {SHORT_PASSPHRASE_CHARS} characters or more (several words)",
                    key.display()
                ),
                color,
            );
        }
        Ok(Some(passphrase))
    }
}

/// Asks for a new passphrase twice on the terminal, again after an empty or mismatched one.
fn ask_new(key: &Path, color: ColorWhen) -> Result<Zeroizing<String>, CliError> {
    for attempt in 1..=MAX_ATTEMPTS {
        let first = prompt(&format!("New passphrase for {}: ", key.display()))?;
        let problem = if first.is_empty() {
            "the passphrase is empty; an empty passphrase protects nothing (use --unencrypted to write the key without one)"
        } else if *prompt("Type it again: ")? != *first {
            "the passphrases do not match"
        } else {
            return Ok(first);
        };
        if attempt == MAX_ATTEMPTS {
            return Err(CliError::Usage(format!(
                "{problem}; nothing was written after {MAX_ATTEMPTS} attempts"
            )));
        }
        output::stderr_line(
            &format!(
                "{problem}; try again (attempt {} of {MAX_ATTEMPTS})",
                attempt + 1
            ),
            color,
        );
    }
    unreachable!("the last attempt returns")
}

/// Loads a secret key, asking for its passphrase only when it is encrypted (again after a wrong
/// one typed at the terminal, [`MAX_ATTEMPTS`] times in all), and warning (like OpenSSH) when
/// others can read the file.
pub fn load_secret_key(
    path: &Path,
    passphrase: &PassphraseArgs,
    color: ColorWhen,
) -> Result<SecretKey, CliError> {
    let mut asked = false;
    let mut attempt = 1;
    let key = loop {
        let mut typed = false;
        let loaded = SecretKey::load_with(path, |path| {
            asked = true;
            let (passphrase, at_terminal) = passphrase.for_decryption_from(path)?;
            typed = at_terminal;
            Ok::<_, CliError>(passphrase)
        });
        match loaded {
            Err(CliError::Tprov(tprov::Error::Key {
                problem: KeyProblem::WrongPassphrase,
                ..
            })) if typed && attempt < MAX_ATTEMPTS => {
                attempt += 1;
                output::stderr_line(
                    &format!(
                        "wrong passphrase for {}; try again (attempt {attempt} of {MAX_ATTEMPTS})",
                        path.display()
                    ),
                    color,
                );
            }
            other => break other?,
        }
    };
    if !asked && passphrase.given() {
        output::stderr_line(
            &format!(
                "note: {} is not encrypted; the passphrase given was not needed",
                path.display()
            ),
            color,
        );
    }
    if files::is_readable_by_others(path) {
        output::stderr_line(
            &format!(
                "warning: {} can be read by other users; run `chmod 600 {}`",
                path.display(),
                path.display()
            ),
            color,
        );
    }
    warn_if_public_key_differs(path, &key, color);
    Ok(key)
}

/// Warns when `PREFIX.pub` beside `PREFIX.key` is not this key's public half: readers given
/// that file would reject everything signed. (An interrupted `keygen --force` can leave such a
/// pair; see SECURITY.md.)
fn warn_if_public_key_differs(secret: &Path, key: &SecretKey, color: ColorWhen) {
    if secret.extension().is_none_or(|e| e != "key") {
        return;
    }
    let public = secret.with_extension("pub");
    let Ok(beside) = tprov::PublicKey::load(&public) else {
        return;
    };
    if beside != key.public_key() {
        output::stderr_line(
            &format!(
                "warning: {} is not the public key of {}; readers given it would reject these signatures. Recreate it: openssl pkey -in {} -pubout -out {}",
                public.display(),
                secret.display(),
                secret.display(),
                public.display()
            ),
            color,
        );
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
