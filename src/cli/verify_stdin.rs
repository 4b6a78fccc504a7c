//! `tprov verify -`: the list of paths read from standard input, one a line or (`-0`, as
//! `find -print0` and `xargs -0` write them) NUL-separated.
//!
//! Every name is taken exactly as listed: a carriage return or a space at its end is part of
//! it, so `a.md\r` is never read as `a.md` (which, listed too, would then be verified once and
//! the odd name silently dropped). A name with no file of exactly that name is reported by the
//! batch as not found. Only NUL separation can carry a name with a line break in it. The list
//! is bounded in bytes and in names; over either bound it is refused, never cut short.

use std::io::{self, Read};
use std::path::PathBuf;

use super::CliError;

/// The most bytes read from standard input as a list of paths.
pub const MAX_STDIN_BYTES: u64 = 256 * 1024 * 1024;

/// The most paths read from standard input.
pub const MAX_STDIN_PATHS: usize = 1_000_000;

/// How the names on standard input are separated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Separator {
    /// One a line (`\n`); a name cannot hold a line break.
    Newline,
    /// NUL-terminated (`-0`/`--null`), as `find -print0` writes them.
    Nul,
}

/// Reads the list of paths from standard input.
pub fn paths_from_stdin(separator: Separator) -> Result<Vec<PathBuf>, CliError> {
    let mut bytes = Vec::new();
    io::stdin()
        .lock()
        .take(MAX_STDIN_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(|source| {
            CliError::Tprov(tprov::Error::Read {
                path: PathBuf::from("standard input"),
                source,
            })
        })?;
    if bytes.len() as u64 > MAX_STDIN_BYTES {
        return Err(CliError::Usage(format!(
            "the list of paths on standard input is over {} MiB; verify the archive in parts, or a folder with --recursive",
            MAX_STDIN_BYTES / (1024 * 1024)
        )));
    }
    let paths = split_paths(&bytes, separator)?;
    if separator == Separator::Newline && paths.iter().any(|p| ends_in_cr(p)) {
        // Names are taken exactly (a file may really end in CR), but a list written with
        // Windows line endings is the likelier cause: say so once, beside the MISSING lines.
        super::output::stderr_line(
            "the list on standard input has lines ending in a carriage return (Windows CR LF line endings?): names are taken exactly, carriage return included; convert the list (dos2unix) or write it NUL-separated for -0",
            super::ColorWhen::Never,
        );
    }
    Ok(paths)
}

fn ends_in_cr(path: &std::path::Path) -> bool {
    path.as_os_str().as_encoded_bytes().last() == Some(&b'\r')
}

/// The names in `bytes`, in order, each exactly as listed; empty names (a blank line, the
/// final separator) are not names and are left out.
pub fn split_paths(bytes: &[u8], separator: Separator) -> Result<Vec<PathBuf>, CliError> {
    let byte = match separator {
        Separator::Newline => b'\n',
        Separator::Nul => b'\0',
    };
    let mut paths = Vec::new();
    for name in bytes.split(|&b| b == byte).filter(|name| !name.is_empty()) {
        if paths.len() == MAX_STDIN_PATHS {
            return Err(CliError::Usage(format!(
                "more than {MAX_STDIN_PATHS} paths on standard input; verify the archive in parts, or a folder with --recursive"
            )));
        }
        paths.push(path_from_bytes(name));
    }
    Ok(paths)
}

#[cfg(unix)]
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    use std::os::unix::ffi::OsStrExt;
    PathBuf::from(std::ffi::OsStr::from_bytes(bytes))
}

#[cfg(not(unix))]
fn path_from_bytes(bytes: &[u8]) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(bytes).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(bytes: &[u8], separator: Separator) -> Vec<String> {
        split_paths(bytes, separator)
            .unwrap()
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect()
    }

    #[test]
    fn names_are_taken_exactly_as_listed() {
        assert_eq!(
            names(b"a.md\na.md\r\n\nb c.md \n", Separator::Newline),
            ["a.md", "a.md\r", "b c.md "]
        );
        assert_eq!(
            names(b"a\nb.md\0a.md\r\0\0", Separator::Nul),
            ["a\nb.md", "a.md\r"]
        );
    }

    #[test]
    fn too_many_names_are_refused_not_cut() {
        let list = "a\n".repeat(MAX_STDIN_PATHS);
        assert_eq!(
            split_paths(list.as_bytes(), Separator::Newline)
                .unwrap()
                .len(),
            MAX_STDIN_PATHS
        );
        let over = format!("{list}b\n");
        assert!(split_paths(over.as_bytes(), Separator::Newline).is_err());
    }
}
