//! The errors the library returns. Every variant names the file involved and says what to do.

use std::io;
use std::path::PathBuf;

use crate::envelope::EnvelopeError;
use crate::record::RecordError;

/// An error from a tprov operation. Verification *failures* are not errors: they are reported in a
/// [`crate::verify::Report`]. An `Error` means the operation could not be carried out at all.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be opened or read (missing, unreadable, permission denied).
    #[error("cannot read {}: {source}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: io::Error,
    },

    /// A file could not be written (missing directory, permission denied, disk full).
    /// Nothing was left behind: writes are atomic.
    #[error("cannot write {}: {source}", path.display())]
    Write {
        /// The destination.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: io::Error,
    },

    /// A path that must name a regular file names a directory or a special file.
    #[error("{} is {what}; give the path of a file", path.display())]
    NotAFile {
        /// The path.
        path: PathBuf,
        /// What it is instead ("a directory", ...).
        what: &'static str,
    },

    /// An untrusted input is larger than tprov accepts; it was not read into memory.
    #[error("{} is larger than the {limit}-byte limit for this kind of file; is it the right file?", path.display())]
    TooLarge {
        /// The file.
        path: PathBuf,
        /// The limit in bytes.
        limit: u64,
    },

    /// The destination exists and overwriting was not allowed.
    #[error("refusing to overwrite {}: it already exists (use --force to replace it)", path.display())]
    WouldOverwrite {
        /// The existing file.
        path: PathBuf,
    },

    /// A key file could not be used.
    #[error("{}: {problem}", path.display())]
    Key {
        /// The key file.
        path: PathBuf,
        /// What is wrong with it.
        problem: KeyProblem,
    },

    /// An envelope file is not a well-formed DSSE envelope (used where an envelope is an input to
    /// signing or inspection; during verification the same problem is a failed check instead).
    #[error("{}: {source}", path.display())]
    Envelope {
        /// The envelope file.
        path: PathBuf,
        /// What is wrong with it.
        #[source]
        source: EnvelopeError,
    },

    /// The metadata given for a record is invalid or incomplete.
    #[error(transparent)]
    Record(#[from] RecordError),

    /// A metadata file (`--meta`) is not valid JSON of the expected shape.
    #[error("{}: not a valid metadata file: {reason}", path.display())]
    Metadata {
        /// The metadata file.
        path: PathBuf,
        /// The JSON error, with line and column.
        reason: String,
    },

    /// A trust source (a `.pub` file or a folder of them) holds no usable key.
    #[error("{}: no public keys found (expected .pub files holding SPKI PEM Ed25519 keys)", path.display())]
    NoTrustedKeys {
        /// The folder or file.
        path: PathBuf,
    },
}

/// What is wrong with a key file.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KeyProblem {
    /// The file is a public key where a secret key is needed.
    #[error(
        "this is a public key; signing needs the secret key (the .key file made by `tprov keygen`)"
    )]
    PublicWhereSecretExpected,
    /// The file is a secret key where a public key is needed.
    #[error(
        "this is a secret key; give the public key (.pub) instead, and keep the secret key private"
    )]
    SecretWherePublicExpected,
    /// The file is not PEM at all.
    #[error(
        "not a PEM key file (expected \"-----BEGIN PRIVATE KEY-----\" or \"-----BEGIN PUBLIC KEY-----\")"
    )]
    NotPem,
    /// The PEM holds an encrypted secret key, which this build cannot decrypt.
    #[error("the secret key is encrypted; decrypt it first (openssl pkey -in KEY -out PLAIN.key)")]
    Encrypted,
    /// The PEM is not an Ed25519 key of the expected encoding.
    #[error(
        "not a valid Ed25519 key ({detail}); make one with `tprov keygen` or `openssl genpkey -algorithm ed25519`"
    )]
    Malformed {
        /// The decoder's explanation.
        detail: String,
    },
    /// The public key is a small-order point: every signature check with it would be meaningless.
    #[error("the public key is a weak (small-order) Ed25519 point and cannot be trusted")]
    Weak,
}
