//! The errors the library returns. Every variant names the file involved and says what to do.
//!
//! A cause from outside tprov (an operating-system error) is chained as [`source`] and not
//! repeated in the message; print the whole chain with [`ErrorChain`]. tprov's own details
//! ([`KeyProblem`], [`EnvelopeError`], [`RecordError`], [`TrustFileProblem`]) are part of the
//! message, so `to_string()` alone says what is wrong with a file.
//!
//! [`source`]: std::error::Error::source

use std::io;
use std::path::PathBuf;

use crate::crypto::dsse::EnvelopeError;
use crate::record::RecordError;

/// An error from a tprov operation. Verification *failures* are not errors: they are reported in a
/// [`crate::verify::Report`]. An `Error` means the operation could not be carried out at all.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A file could not be opened or read (missing, unreadable, permission denied).
    #[error("cannot read {}", path.display())]
    Read {
        /// The file.
        path: PathBuf,
        /// What the operating system said.
        #[source]
        source: io::Error,
    },

    /// A file could not be written (missing directory, permission denied, disk full).
    /// Nothing was left behind: writes are atomic.
    #[error("cannot write {}", path.display())]
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
    #[error("{}: {problem}", path.display())]
    Envelope {
        /// The envelope file.
        path: PathBuf,
        /// What is wrong with it.
        problem: EnvelopeError,
    },

    /// The metadata given for a record is invalid or incomplete.
    #[error(transparent)]
    Record(#[from] RecordError),

    /// A document could not be read as text in the format asked for (`--as`).
    #[error("{}: {problem}", path.display())]
    Text {
        /// The document.
        path: PathBuf,
        /// Why it is not usable as text.
        problem: crate::text::TextError,
    },

    /// A metadata file (`--meta`) is not valid JSON of the expected shape.
    #[error("{}: not a valid metadata file: {reason}", path.display())]
    Metadata {
        /// The metadata file.
        path: PathBuf,
        /// The JSON error, with line and column.
        reason: String,
    },

    /// A folder walk found more files than tprov looks at in one run.
    #[error("{}: more than {limit} files; verify smaller folders, or pass the list of files on standard input", path.display())]
    TooManyFiles {
        /// The folder.
        path: PathBuf,
        /// The limit.
        limit: usize,
    },

    /// A folder holds more entries than tprov lists in one go (see [`crate::io::folder`]): the
    /// listing is refused rather than cut short.
    #[error("too many entries in {} (limit {limit})", path.display())]
    TooManyEntries {
        /// The folder.
        path: PathBuf,
        /// The most entries accepted.
        limit: usize,
    },

    /// A revision store folder holds more entries than `log` reads: the chain is not judged on
    /// part of its store.
    #[error("{}: the revision store is too large (more than {limit} entries); give a folder holding only the chain's envelopes with --store", path.display())]
    StoreTooLarge {
        /// The store folder.
        path: PathBuf,
        /// The most entries accepted.
        limit: usize,
    },

    /// A trust source (a `.pub` file or a folder of them) holds no usable key.
    #[error("{}: no public keys found (expected .pub files holding SPKI PEM Ed25519 keys, or a trust file ending in .json)", path.display())]
    NoTrustedKeys {
        /// The folder or file.
        path: PathBuf,
    },

    /// A trust folder (`--trust DIR`) holds a trust file: trusting the folder's `.pub` files
    /// would ignore the file's revocations and roles, so tprov refuses to guess.
    #[error("{}: this folder holds the trust file {}; pass that file with --trust (trusting the folder's .pub files would ignore its revocations and roles)", folder.display(), file.display())]
    TrustFolderHoldsTrustFile {
        /// The folder given.
        folder: PathBuf,
        /// The trust file found in it.
        file: PathBuf,
    },

    /// A trust file (`--trust FILE.json`) is not valid.
    #[error("{}: not a valid trust file", path.display())]
    TrustFile {
        /// The trust file.
        path: PathBuf,
        /// What is wrong with it.
        #[source]
        problem: TrustFileProblem,
    },

    /// The same public key was trusted twice with different roles, validity or revocation
    /// (for example by a trust file and by a `.pub` file); tprov will not guess which one counts.
    #[error(
        "key {keyid} is trusted twice with different roles, validity or revocation: as {first_name:?} from {} and as {second_name:?} from {}; list it once, in the trust file",
        first.display(),
        second.display()
    )]
    ConflictingTrust {
        /// The key id (short form).
        keyid: String,
        /// The reader's name for the key in the first source.
        first_name: String,
        /// Where the first entry came from.
        first: PathBuf,
        /// The name in the second source.
        second_name: String,
        /// Where the second entry came from.
        second: PathBuf,
    },

    /// An envelope that must carry a tprov record (to be co-signed, or revised with
    /// `sign --previous`) carries something else.
    #[error("{}: not a tprov record: {problem}", path.display())]
    NotARecord {
        /// The envelope file.
        path: PathBuf,
        /// Why its payload is not a tprov record.
        problem: RecordError,
    },

    /// `cosign` was asked to add a signature by a key that has already signed the envelope.
    #[error(
        "{}: already signed by key {keyid}; a second signature by the same key adds nothing (a key counts once), so the envelope was left unchanged",
        path.display()
    )]
    AlreadySigned {
        /// The envelope file.
        path: PathBuf,
        /// The key id (short form).
        keyid: String,
    },

    /// Revising in place would replace the record named by `--previous`, and its archive name
    /// is taken by a different file: nothing was written, so no record is lost.
    #[error(
        "refusing to replace {}: it is the record named by --previous and its archive {} already exists with other contents; move that file away, or write the new envelope elsewhere with --output",
        previous.display(),
        archive.display()
    )]
    ArchiveTaken {
        /// The previous record's envelope.
        previous: PathBuf,
        /// The archive name that is taken.
        archive: PathBuf,
    },

    /// The envelope named by `--previous` changed while the revision was being signed, so the
    /// record linked to is not the one on disk: nothing was written.
    #[error(
        "{} changed while the revision was being signed; nothing was written: sign again",
        path.display()
    )]
    PreviousChanged {
        /// The previous record's envelope.
        path: PathBuf,
    },
}

/// What is wrong with a trust file. Every problem names the signer (and key) concerned.
#[derive(Debug, Clone, thiserror::Error)]
#[non_exhaustive]
pub enum TrustFileProblem {
    /// The file is not JSON of the trust-file shape (unknown fields are refused, so a misspelt
    /// `validUntil` is caught rather than ignored).
    #[error("{reason}")]
    Json {
        /// The parser's message, with line and column.
        reason: String,
    },
    /// The file's `version` is not one this tprov reads.
    #[error("version {found} is not supported (this tprov reads version 1); upgrade tprov")]
    Version {
        /// The version found.
        found: u64,
    },
    /// The file lists more signers or keys than tprov accepts.
    #[error("it lists {count} {what}; at most {limit} are accepted")]
    TooMany {
        /// `signers` or `keys`.
        what: &'static str,
        /// How many it lists.
        count: usize,
        /// The limit.
        limit: usize,
    },
    /// A signer has an empty name.
    #[error("signer #{index} has an empty name; give each signer the name you know it by")]
    EmptyName {
        /// The signer's position in `signers`, from 0.
        index: usize,
    },
    /// Two signers have the same name.
    #[error("the signer name {name:?} appears twice; list all of a signer's keys under one entry")]
    DuplicateName {
        /// The name.
        name: String,
    },
    /// A signer lists no key.
    #[error("signer {signer:?} has no keys")]
    NoKeys {
        /// The signer.
        signer: String,
    },
    /// A role is not one tprov knows.
    #[error(
        "signer {signer:?}: unknown role {role:?} (known roles: translator, postEditor (or post-editor), reviewer, editor, publisher)"
    )]
    UnknownRole {
        /// The signer.
        signer: String,
        /// The role as written.
        role: String,
    },
    /// A key entry gives both `publicKey` and `path`, or neither.
    #[error(
        "signer {signer:?}, key #{index}: give exactly one of \"publicKey\" (inline PEM) or \"path\" (a .pub file)"
    )]
    KeySource {
        /// The signer.
        signer: String,
        /// The key's position in the signer's `keys`, from 0.
        index: usize,
    },
    /// An inline `publicKey` is not a usable public key.
    #[error("signer {signer:?}, key #{index}: the inline publicKey is not usable")]
    InlineKey {
        /// The signer.
        signer: String,
        /// The key's position in the signer's `keys`, from 0.
        index: usize,
        /// What is wrong with the PEM.
        #[source]
        problem: KeyProblem,
    },
    /// A key file named by `path` could not be read or is not a usable public key.
    #[error("signer {signer:?}, key #{index}: its key file is not usable")]
    KeyFile {
        /// The signer.
        signer: String,
        /// The key's position in the signer's `keys`, from 0.
        index: usize,
        /// The key file's own error, naming the file (shared, so the problem stays `Clone`).
        #[source]
        error: std::sync::Arc<Error>,
    },
    /// The same key is listed twice.
    #[error(
        "key {keyid} is listed twice (signer {first:?} and signer {second:?}); list each key once"
    )]
    DuplicateKey {
        /// The key id (short form).
        keyid: String,
        /// The first signer listing it.
        first: String,
        /// The second.
        second: String,
    },
    /// `validFrom` is not before `validUntil`: the key would never be valid.
    #[error(
        "signer {signer:?}, key #{index}: validFrom {from} is not before validUntil {until}, so the key is never valid"
    )]
    EmptyWindow {
        /// The signer.
        signer: String,
        /// The key's position.
        index: usize,
        /// `validFrom`.
        from: String,
        /// `validUntil`.
        until: String,
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
    /// The secret key is encrypted and no passphrase was given for it.
    #[error(
        "the secret key is protected by a passphrase; give it with --passphrase-env VAR or --passphrase-fd N, or run tprov on a terminal to be asked for it"
    )]
    NeedsPassphrase,
    /// The passphrase does not decrypt the secret key.
    #[error(
        "wrong passphrase: it does not decrypt this secret key (or the encrypted key file is damaged)"
    )]
    WrongPassphrase,
    /// An empty passphrase was given to protect a key: it would protect nothing.
    #[error(
        "the passphrase is empty; choose a passphrase, or write the key unprotected with --unencrypted"
    )]
    EmptyPassphrase,
    /// The key is encrypted with a scheme or parameters tprov does not decrypt.
    #[error(
        "the secret key is encrypted in a way tprov does not read: {detail}; re-encrypt it with `openssl pkcs8 -topk8 -v2 aes-256-cbc -scrypt -in KEY -out NEW.key`"
    )]
    UnsupportedEncryption {
        /// What was found.
        detail: String,
    },
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

/// Shows an error followed by its chain of causes, each after `: `, as in
/// `cannot read article.md: No such file or directory (os error 2)`. The one way tprov shows an
/// error to people: a message never repeats its cause (see the module notes), so nothing is
/// shown twice.
///
/// ```
/// let error = tprov::Error::Read {
///     path: "article.md".into(),
///     source: std::io::Error::new(std::io::ErrorKind::NotFound, "not found"),
/// };
/// assert_eq!(error.to_string(), "cannot read article.md");
/// assert_eq!(tprov::ErrorChain(&error).to_string(), "cannot read article.md: not found");
/// ```
#[derive(Debug, Clone, Copy)]
pub struct ErrorChain<'a>(pub &'a (dyn std::error::Error + 'static));

impl std::fmt::Display for ErrorChain<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.0)?;
        let mut source = self.0.source();
        // A chain is a few links long; the bound only guards against a cyclic `source()`.
        for _ in 0..MAX_CHAIN {
            let Some(cause) = source else { break };
            write!(f, ": {cause}")?;
            source = cause.source();
        }
        Ok(())
    }
}

/// The most causes [`ErrorChain`] shows.
const MAX_CHAIN: usize = 16;
