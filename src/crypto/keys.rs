//! Ed25519 keys: generation, PEM encoding (PKCS#8 v1 secret keys, SPKI public keys) and key ids.

use std::fmt;
use std::path::{Path, PathBuf};

use ed25519_dalek::pkcs8::spki::der::pem::LineEnding;
use ed25519_dalek::pkcs8::{
    DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey, KeypairBytes,
};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use pkcs8::pkcs5::{self, pbes2};
use pkcs8::{EncryptedPrivateKeyInfoRef, PrivateKeyInfoRef, SecretDocument};
use zeroize::Zeroizing;

use crate::crypto::digest::Sha256Digest;
use crate::io::files::{self, Overwrite, PreparedWrite, Visibility};
use crate::{Error, KeyProblem};

/// Key files are small; anything larger is not a key and is not read into memory.
pub const MAX_KEY_FILE_BYTES: u64 = 64 * 1024;

/// The most memory an encrypted key's scrypt parameters may ask for (`128 · N · r · p` bytes).
/// tprov writes keys that need 16 MiB (N = 2¹⁴, r = 8, p = 1, the parameters OpenSSL 3 also
/// accepts by default); the cap only stops a damaged or hostile key file from making tprov
/// allocate gigabytes before it can say the passphrase is wrong.
pub const MAX_SCRYPT_MEMORY_BYTES: u64 = 256 * 1024 * 1024;

/// The most PBKDF2 iterations an encrypted key may ask for. OpenSSL writes 2 048 by default and
/// OWASP recommends 600 000 for PBKDF2-HMAC-SHA256; ten million is already several seconds.
pub const MAX_PBKDF2_ITERATIONS: u32 = 10_000_000;

/// How a secret key file is protected.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Protection<'a> {
    /// Plain PKCS#8 v1 (`-----BEGIN PRIVATE KEY-----`): for automated pipelines whose secret
    /// store already protects the file. The choice is explicit (`tprov keygen --unencrypted`).
    Unencrypted,
    /// Encrypted PKCS#8 (`-----BEGIN ENCRYPTED PRIVATE KEY-----`, RFC 5958) with PBES2
    /// (RFC 8018): the key is derived from the passphrase with scrypt (RFC 7914; N = 2¹⁴, r = 8,
    /// p = 1, a random 16-byte salt) and encrypts the PKCS#8 v1 key with AES-256-CBC.
    /// OpenSSL reads it: `openssl pkey -in KEY.key -passin env:VAR`.
    Passphrase(&'a str),
}

impl fmt::Debug for Protection<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Unencrypted => f.write_str("Unencrypted"),
            Self::Passphrase(_) => f.write_str("Passphrase(<redacted>)"),
        }
    }
}

/// The identifier of a public key: the SHA-256 of its 32 raw bytes, as lowercase hex.
///
/// A key id in an envelope is only a *hint* for finding the key: it is never trusted, and
/// verification always checks the signature itself against the reader's trusted keys.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct KeyId(Sha256Digest);

impl KeyId {
    /// The key id of raw Ed25519 public key bytes.
    pub fn of_raw_public_key(bytes: &[u8; 32]) -> Self {
        Self(Sha256Digest::of(bytes))
    }

    /// The full 64-character lowercase hex form, written into envelopes.
    pub fn to_hex(&self) -> String {
        self.0.to_hex()
    }

    /// How many hex characters of a key id are shown to people (64 bits: enough to tell keys
    /// apart by eye; never used to decide anything).
    pub const SHORT_LEN: usize = 16;

    /// The first [`KeyId::SHORT_LEN`] hex characters, shown to people. The one short form:
    /// every output that names a key shows this.
    pub fn short(&self) -> String {
        self.0.to_hex()[..Self::SHORT_LEN].to_owned()
    }
}

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
    }
}

impl serde::Serialize for KeyId {
    /// As written in envelopes and reports: the full 64-character lowercase hex form.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.to_hex())
    }
}

impl fmt::Debug for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "KeyId({})", self.short())
    }
}

/// An Ed25519 secret (signing) key. The key bytes are zeroized when it is dropped (the
/// `zeroize` feature of `ed25519-dalek`) and never appear in `Debug` output or error messages.
#[derive(Clone)]
pub struct SecretKey {
    signing: SigningKey,
}

impl SecretKey {
    /// A new key from the operating system's random number generator.
    pub fn generate() -> Self {
        let mut rng = getrandom::rand_core::UnwrapErr(getrandom::SysRng);
        Self {
            signing: SigningKey::generate(&mut rng),
        }
    }

    /// The key with this 32-byte RFC 8032 seed (for test vectors and key import).
    pub fn from_seed(seed: &[u8; 32]) -> Self {
        Self {
            signing: SigningKey::from_bytes(seed),
        }
    }

    /// Parses an unencrypted PKCS#8 PEM secret key (v1 as OpenSSL writes it, or v2 with the
    /// public key). An encrypted key is refused with [`KeyProblem::NeedsPassphrase`]: use
    /// [`SecretKey::from_pem_with_passphrase`].
    pub fn from_pem(pem: &str) -> Result<Self, KeyProblem> {
        match pem_label(pem) {
            Some("PRIVATE KEY") => SigningKey::from_pkcs8_pem(pem)
                .map(|signing| Self { signing })
                .map_err(|e| KeyProblem::Malformed {
                    detail: e.to_string(),
                }),
            Some("ENCRYPTED PRIVATE KEY") => Err(KeyProblem::NeedsPassphrase),
            Some("PUBLIC KEY") => Err(KeyProblem::PublicWhereSecretExpected),
            Some(other) => Err(KeyProblem::Malformed {
                detail: format!("PEM label \"{other}\" is not a PKCS#8 private key"),
            }),
            None => Err(KeyProblem::NotPem),
        }
    }

    /// Whether PEM text holds an encrypted PKCS#8 key (`-----BEGIN ENCRYPTED PRIVATE KEY-----`),
    /// which needs a passphrase to load. Looks at the label only.
    pub fn pem_is_encrypted(pem: &str) -> bool {
        pem_label(pem) == Some("ENCRYPTED PRIVATE KEY")
    }

    /// Parses a PKCS#8 PEM secret key, decrypting it with `passphrase` when it is encrypted
    /// (an unencrypted key loads as with [`SecretKey::from_pem`], the passphrase unused).
    ///
    /// Reads PBES2 (RFC 8018) with scrypt or PBKDF2-HMAC-SHA256 and AES-CBC or AES-GCM: the
    /// keys tprov writes and those `openssl genpkey -algorithm ed25519 -aes-256-cbc` writes.
    /// The passphrase is used as its UTF-8 bytes, as OpenSSL does. A wrong passphrase is
    /// [`KeyProblem::WrongPassphrase`]; legacy PBES1 (DES, RC2) and key-derivation parameters
    /// beyond [`MAX_SCRYPT_MEMORY_BYTES`] or [`MAX_PBKDF2_ITERATIONS`] are
    /// [`KeyProblem::UnsupportedEncryption`].
    pub fn from_pem_with_passphrase(pem: &str, passphrase: &str) -> Result<Self, KeyProblem> {
        if !Self::pem_is_encrypted(pem) {
            return Self::from_pem(pem);
        }
        let malformed = |e: &dyn fmt::Display| KeyProblem::Malformed {
            detail: e.to_string(),
        };
        let (_, document) = SecretDocument::from_pem(pem).map_err(|e| malformed(&e))?;
        let encrypted = EncryptedPrivateKeyInfoRef::try_from(document.as_bytes()).map_err(|e| {
            KeyProblem::UnsupportedEncryption {
                detail: format!("cannot read the encryption parameters ({e})"),
            }
        })?;
        check_decryption_cost(&encrypted.encryption_algorithm)?;
        let plain = encrypted.decrypt(passphrase).map_err(|e| match e {
            pkcs8::Error::EncryptedPrivateKey(
                pkcs5::Error::DecryptFailed | pkcs5::Error::EncryptFailed,
            ) => KeyProblem::WrongPassphrase,
            pkcs8::Error::EncryptedPrivateKey(other) => KeyProblem::UnsupportedEncryption {
                detail: other.to_string(),
            },
            // The ciphertext decrypted with valid padding but is not DER: a wrong passphrase
            // that happened to produce valid CBC padding (about one time in 256).
            _ => KeyProblem::WrongPassphrase,
        })?;
        // Garbage that is not even a PKCS#8 structure means the passphrase was wrong; a
        // well-formed PKCS#8 key of another algorithm is a different problem.
        PrivateKeyInfoRef::try_from(plain.as_bytes()).map_err(|_| KeyProblem::WrongPassphrase)?;
        SigningKey::from_pkcs8_der(plain.as_bytes())
            .map(|signing| Self { signing })
            .map_err(|e| malformed(&e))
    }

    /// Encodes the key as encrypted PKCS#8 PEM (`-----BEGIN ENCRYPTED PRIVATE KEY-----`), as
    /// described at [`Protection::Passphrase`]. Each call uses a fresh random salt and IV, so the
    /// output differs every time. An empty passphrase is refused
    /// ([`KeyProblem::EmptyPassphrase`]): it would protect nothing.
    pub fn to_encrypted_pem(&self, passphrase: &str) -> Result<Zeroizing<String>, KeyProblem> {
        if passphrase.is_empty() {
            return Err(KeyProblem::EmptyPassphrase);
        }
        let keypair = KeypairBytes {
            secret_key: self.signing.to_bytes(),
            public_key: None,
        };
        let failed = |e: &dyn fmt::Display| KeyProblem::Malformed {
            detail: format!("encryption failed: {e}"),
        };
        let encrypted = keypair
            .to_pkcs8_encrypted_der(passphrase)
            .map_err(|e| failed(&e))?;
        encrypted
            .to_pem("ENCRYPTED PRIVATE KEY", LineEnding::LF)
            .map_err(|e| failed(&e))
    }

    /// Encodes the key as `protection` says: [`SecretKey::to_pem`] or
    /// [`SecretKey::to_encrypted_pem`].
    pub fn to_pem_with(&self, protection: Protection<'_>) -> Result<Zeroizing<String>, KeyProblem> {
        match protection {
            Protection::Unencrypted => Ok(self.to_pem()),
            Protection::Passphrase(passphrase) => self.to_encrypted_pem(passphrase),
        }
    }

    /// Encodes the key as PKCS#8 **v1** PEM. Version 1 (no embedded public key) is what OpenSSL
    /// 3.0 reads; `ed25519-dalek`'s default v2 output is rejected by it.
    pub fn to_pem(&self) -> Zeroizing<String> {
        let keypair = KeypairBytes {
            secret_key: self.signing.to_bytes(),
            public_key: None,
        };
        // Encoding 32 fixed bytes into a fixed DER template cannot fail.
        keypair
            .to_pkcs8_pem(LineEnding::LF)
            .expect("PKCS#8 encoding of an Ed25519 seed is infallible")
    }

    /// Loads an unencrypted secret key file, with a message naming the file when it is not one.
    /// An encrypted key file is [`KeyProblem::NeedsPassphrase`]; use [`SecretKey::load_with`].
    pub fn load(path: &Path) -> Result<Self, Error> {
        Self::load_with(path, |_| -> Result<Zeroizing<String>, Error> {
            Err(Error::Key {
                path: path.to_path_buf(),
                problem: KeyProblem::NeedsPassphrase,
            })
        })
    }

    /// Loads a secret key file, asking `passphrase` for the passphrase only when the file is
    /// encrypted (so a pipeline with an unencrypted key is never prompted).
    ///
    /// The library never reads a terminal or the environment: the caller decides where the
    /// passphrase comes from (the `tprov` binary reads `--passphrase-env VAR`, `--passphrase-fd N`
    /// or the terminal) and gets the key file's path to name in a prompt. Errors name the file;
    /// a wrong passphrase is [`KeyProblem::WrongPassphrase`].
    ///
    /// ```
    /// # let dir = tempfile::tempdir()?;
    /// # let prefix = dir.path().join("newsroom");
    /// use tprov::crypto::keys::{save_key_pair_with, Protection};
    /// use tprov::io::files::Overwrite;
    /// use zeroize::Zeroizing;
    ///
    /// let key = tprov::SecretKey::generate();
    /// let paths = save_key_pair_with(&key, &prefix, Overwrite::Refuse, Protection::Passphrase("correct horse"))?;
    /// let loaded = tprov::SecretKey::load_with(&paths.secret, |_path| {
    ///     Ok::<_, tprov::Error>(Zeroizing::new("correct horse".to_owned()))
    /// })?;
    /// assert_eq!(loaded.public_key(), key.public_key());
    ///
    /// let wrong = tprov::SecretKey::load_with(&paths.secret, |_| Ok::<_, tprov::Error>(Zeroizing::new("wrong".into())));
    /// assert!(matches!(wrong, Err(tprov::Error::Key { problem: tprov::KeyProblem::WrongPassphrase, .. })));
    /// # Ok::<(), Box<dyn std::error::Error>>(())
    /// ```
    pub fn load_with<E, F>(path: &Path, passphrase: F) -> Result<Self, E>
    where
        E: From<Error>,
        F: FnOnce(&Path) -> Result<Zeroizing<String>, E>,
    {
        let key_error = |problem| {
            E::from(Error::Key {
                path: path.to_path_buf(),
                problem,
            })
        };
        let bytes = Zeroizing::new(files::read_limited(path, MAX_KEY_FILE_BYTES)?);
        let text = std::str::from_utf8(&bytes).map_err(|_| key_error(KeyProblem::NotPem))?;
        if Self::pem_is_encrypted(text) {
            let passphrase = passphrase(path)?;
            Self::from_pem_with_passphrase(text, &passphrase).map_err(key_error)
        } else {
            Self::from_pem(text).map_err(key_error)
        }
    }

    /// The matching public key.
    pub fn public_key(&self) -> PublicKey {
        PublicKey::from_verifying(self.signing.verifying_key())
    }

    /// Signs `message` (deterministic Ed25519, RFC 8032).
    pub fn sign(&self, message: &[u8]) -> [u8; 64] {
        self.signing.sign(message).to_bytes()
    }
}

impl fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SecretKey")
            .field("keyid", &self.public_key().key_id())
            .field("secret", &"<redacted>")
            .finish()
    }
}

/// An Ed25519 public (verifying) key with its [`KeyId`].
#[derive(Clone, PartialEq, Eq)]
pub struct PublicKey {
    verifying: VerifyingKey,
    id: KeyId,
}

impl PublicKey {
    fn from_verifying(verifying: VerifyingKey) -> Self {
        let id = KeyId::of_raw_public_key(verifying.as_bytes());
        Self { verifying, id }
    }

    /// The key from its 32 raw bytes. Weak (small-order) points are refused: no signature made
    /// "by" such a key means anything.
    pub fn from_raw(bytes: &[u8; 32]) -> Result<Self, KeyProblem> {
        let verifying = VerifyingKey::from_bytes(bytes).map_err(|e| KeyProblem::Malformed {
            detail: e.to_string(),
        })?;
        if verifying.is_weak() {
            return Err(KeyProblem::Weak);
        }
        Ok(Self::from_verifying(verifying))
    }

    /// Parses an SPKI PEM public key (`-----BEGIN PUBLIC KEY-----`, as `openssl pkey -pubout` writes).
    pub fn from_pem(pem: &str) -> Result<Self, KeyProblem> {
        match pem_label(pem) {
            Some("PUBLIC KEY") => {
                let verifying =
                    VerifyingKey::from_public_key_pem(pem).map_err(|e| KeyProblem::Malformed {
                        detail: e.to_string(),
                    })?;
                // Already decompressed and checked as a point: only the weak-key check is left
                // (decompressing again, through `from_raw`, showed in every verification's start-up).
                if verifying.is_weak() {
                    return Err(KeyProblem::Weak);
                }
                Ok(Self::from_verifying(verifying))
            }
            Some("PRIVATE KEY" | "ENCRYPTED PRIVATE KEY") => {
                Err(KeyProblem::SecretWherePublicExpected)
            }
            Some(other) => Err(KeyProblem::Malformed {
                detail: format!("PEM label \"{other}\" is not an SPKI public key"),
            }),
            None => Err(KeyProblem::NotPem),
        }
    }

    /// Encodes the key as SPKI PEM.
    pub fn to_pem(&self) -> String {
        self.verifying
            .to_public_key_pem(LineEnding::LF)
            .expect("SPKI encoding of an Ed25519 public key is infallible")
    }

    /// Loads a public key file, with a message naming the file when it is not one.
    pub fn load(path: &Path) -> Result<Self, Error> {
        let bytes = files::read_limited(path, MAX_KEY_FILE_BYTES)?;
        let text = std::str::from_utf8(&bytes).map_err(|_| Error::Key {
            path: path.to_path_buf(),
            problem: KeyProblem::NotPem,
        })?;
        Self::from_pem(text).map_err(|problem| Error::Key {
            path: path.to_path_buf(),
            problem,
        })
    }

    /// The key id (SHA-256 of the raw key).
    pub fn key_id(&self) -> KeyId {
        self.id
    }

    /// The 32 raw key bytes.
    pub fn as_raw(&self) -> &[u8; 32] {
        self.verifying.as_bytes()
    }

    /// Checks an Ed25519 signature with `verify_strict`.
    ///
    /// Plain RFC 8032 verification accepts signatures whose `R` is a small-order point and keys
    /// that are small-order, which lets one signature verify for several messages or keys.
    /// `verify_strict` rejects those, so a valid signature binds exactly one key to one message.
    pub fn verify_strict(&self, message: &[u8], signature: &[u8]) -> bool {
        let Ok(bytes) = <[u8; 64]>::try_from(signature) else {
            return false;
        };
        let signature = Signature::from_bytes(&bytes);
        self.verifying.verify_strict(message, &signature).is_ok()
    }
}

impl fmt::Debug for PublicKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "PublicKey({})", self.id.short())
    }
}

/// The two files `tprov keygen --out PREFIX` writes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyPairPaths {
    /// `PREFIX.key`, the secret key (mode 0600).
    pub secret: PathBuf,
    /// `PREFIX.pub`, the public key.
    pub public: PathBuf,
}

impl KeyPairPaths {
    /// The paths for a prefix: `PREFIX.key` and `PREFIX.pub`.
    pub fn for_prefix(prefix: &Path) -> Self {
        let with = |ext: &str| {
            let mut name = prefix.as_os_str().to_owned();
            name.push(ext);
            PathBuf::from(name)
        };
        Self {
            secret: with(".key"),
            public: with(".pub"),
        }
    }

    /// Refuses when either file exists and `overwrite` is [`Overwrite::Refuse`], so an existing
    /// pair is never half-replaced (see [`files::refuse_existing`]).
    pub fn refuse_existing(&self, overwrite: Overwrite) -> Result<(), Error> {
        files::refuse_existing(&self.secret, overwrite)?;
        files::refuse_existing(&self.public, overwrite)
    }
}

/// Writes `key` unencrypted as `PREFIX.key` (0600) and its public half as `PREFIX.pub`, each
/// atomically. Without [`Overwrite::Allow`] neither file is written if either exists, so an
/// existing key pair is never half-replaced. See [`save_key_pair_with`] to protect the key.
pub fn save_key_pair(
    key: &SecretKey,
    prefix: &Path,
    overwrite: Overwrite,
) -> Result<KeyPairPaths, Error> {
    save_key_pair_with(key, prefix, overwrite, Protection::Unencrypted)
}

/// Writes `key` as `PREFIX.key` (0600), protected as `protection` says, and its public half
/// as `PREFIX.pub`, each atomically, with the guarantees of [`save_key_pair`].
pub fn save_key_pair_with(
    key: &SecretKey,
    prefix: &Path,
    overwrite: Overwrite,
    protection: Protection<'_>,
) -> Result<KeyPairPaths, Error> {
    let paths = KeyPairPaths::for_prefix(prefix);
    paths.refuse_existing(overwrite)?;
    let secret_pem = key.to_pem_with(protection).map_err(|problem| Error::Key {
        path: paths.secret.clone(),
        problem,
    })?;
    // Both files are written and flushed before either is put in place, so the pair appears
    // within two renames; the secret goes first, as the public key can be recomputed from it.
    let secret = PreparedWrite::new(&paths.secret, secret_pem.as_bytes(), Visibility::Secret)?;
    let public = PreparedWrite::new(
        &paths.public,
        key.public_key().to_pem().as_bytes(),
        Visibility::Public,
    )?;
    secret.commit(overwrite)?;
    public.commit(overwrite)?;
    Ok(paths)
}

/// Refuses key-derivation parameters that would cost more than a key file can reasonably ask
/// (see [`MAX_SCRYPT_MEMORY_BYTES`], [`MAX_PBKDF2_ITERATIONS`]) and schemes tprov cannot decrypt.
fn check_decryption_cost(scheme: &pkcs5::EncryptionScheme) -> Result<(), KeyProblem> {
    let unsupported = |detail: String| Err(KeyProblem::UnsupportedEncryption { detail });
    let params = match scheme {
        pkcs5::EncryptionScheme::Pbes2(params) => params,
        _ => {
            return unsupported(
                "it uses legacy PKCS#5 v1.5 (PBES1) encryption, which tprov does not read".into(),
            );
        }
    };
    match &params.kdf {
        pbes2::Kdf::Scrypt(scrypt) => {
            let memory = 128u64
                .saturating_mul(scrypt.cost_parameter)
                .saturating_mul(u64::from(scrypt.block_size))
                .saturating_mul(u64::from(scrypt.parallelization.max(1)));
            if memory > MAX_SCRYPT_MEMORY_BYTES {
                return unsupported(format!(
                    "its scrypt parameters (N = {}, r = {}, p = {}) need more than {} MiB",
                    scrypt.cost_parameter,
                    scrypt.block_size,
                    scrypt.parallelization,
                    MAX_SCRYPT_MEMORY_BYTES / (1024 * 1024)
                ));
            }
        }
        pbes2::Kdf::Pbkdf2(pbkdf2) => {
            if pbkdf2.iteration_count > MAX_PBKDF2_ITERATIONS {
                return unsupported(format!(
                    "its PBKDF2 iteration count {} is above {MAX_PBKDF2_ITERATIONS}",
                    pbkdf2.iteration_count
                ));
            }
        }
        _ => return unsupported("it uses an unknown key-derivation function".into()),
    }
    Ok(())
}

/// The label of the first PEM block, if the text is PEM.
fn pem_label(text: &str) -> Option<&str> {
    let start = text.find("-----BEGIN ")? + "-----BEGIN ".len();
    let rest = &text[start..];
    let end = rest.find("-----")?;
    Some(&rest[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    const RFC8032_TEST1_SEED: &str =
        "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    const RFC8032_TEST1_PUBLIC: &str =
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";

    fn test1() -> SecretKey {
        let mut seed = [0u8; 32];
        hex::decode_to_slice(RFC8032_TEST1_SEED, &mut seed).unwrap();
        SecretKey::from_seed(&seed)
    }

    #[test]
    fn key_id_is_sha256_of_raw_public_key() {
        let key = test1();
        assert_eq!(hex::encode(key.public_key().as_raw()), RFC8032_TEST1_PUBLIC);
        assert_eq!(
            key.public_key().key_id().to_hex(),
            "21fe31dfa154a261626bf854046fd2271b7bed4b6abe45aa58877ef47f9721b9"
        );
        assert_eq!(key.public_key().key_id().short(), "21fe31dfa154a261");
    }

    #[test]
    fn secret_pem_is_pkcs8_v1_and_round_trips() {
        let key = test1();
        let pem = key.to_pem();
        assert!(pem.starts_with("-----BEGIN PRIVATE KEY-----\n"));
        // PKCS#8 v1 Ed25519 is exactly 48 DER bytes = 64 base64 characters on one line.
        let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
        assert_eq!(body.len(), 64, "{}", pem.as_str());
        let again = SecretKey::from_pem(&pem).unwrap();
        assert_eq!(again.public_key(), key.public_key());
    }

    #[test]
    fn public_pem_round_trips_and_labels_are_checked() {
        let key = test1();
        let pem = key.public_key().to_pem();
        assert_eq!(PublicKey::from_pem(&pem).unwrap(), key.public_key());
        assert_eq!(
            SecretKey::from_pem(&pem).unwrap_err(),
            KeyProblem::PublicWhereSecretExpected
        );
        assert_eq!(
            PublicKey::from_pem(&key.to_pem()).unwrap_err(),
            KeyProblem::SecretWherePublicExpected
        );
        assert_eq!(
            SecretKey::from_pem("hello").unwrap_err(),
            KeyProblem::NotPem
        );
    }

    #[test]
    fn debug_output_never_shows_the_secret() {
        let key = test1();
        let shown = format!("{key:?}");
        assert!(shown.contains("<redacted>"));
        assert!(!shown.to_lowercase().contains(&RFC8032_TEST1_SEED[..16]));
        let pem_body: String = key.to_pem().lines().nth(1).unwrap().to_owned();
        assert!(!shown.contains(&pem_body));
    }

    #[test]
    fn weak_public_keys_are_refused() {
        // The identity point (y = 1) has order 1.
        let mut identity = [0u8; 32];
        identity[0] = 1;
        assert_eq!(
            PublicKey::from_raw(&identity).unwrap_err(),
            KeyProblem::Weak
        );
    }

    /// `openssl genpkey -algorithm ed25519 -aes-256-cbc -pass pass:correct-horse` (OpenSSL
    /// 3.0.19): PBES2 with PBKDF2-HMAC-SHA256 (2 048 iterations) and AES-256-CBC.
    const OPENSSL_ENCRYPTED: &str = "-----BEGIN ENCRYPTED PRIVATE KEY-----
MIGbMFcGCSqGSIb3DQEFDTBKMCkGCSqGSIb3DQEFDDAcBAjDWsq1O6fHEgICCAAw
DAYIKoZIhvcNAgkFADAdBglghkgBZQMEASoEEDTWibjVVDgSz+xxbynLQc8EQLpL
8zpVCWebPrBbr3gflrYOnQXj40yZ47QOWGeEBpWNYUUccVqaNxk3iqt8d/+v8N0P
bJq7JzlXRHVt52SKZB8=
-----END ENCRYPTED PRIVATE KEY-----
";
    /// Its public key, as `openssl pkey -pubout` reports it.
    const OPENSSL_ENCRYPTED_PUBLIC: &str =
        "762b559df8aa5c35140f5f7bef6351d6bd717b5980ee4f5d3cd7775394f4a047";

    #[test]
    fn decrypts_a_key_openssl_encrypted_with_pbkdf2() {
        let key = SecretKey::from_pem_with_passphrase(OPENSSL_ENCRYPTED, "correct-horse").unwrap();
        assert_eq!(
            hex::encode(key.public_key().as_raw()),
            OPENSSL_ENCRYPTED_PUBLIC
        );
        assert_eq!(
            SecretKey::from_pem_with_passphrase(OPENSSL_ENCRYPTED, "Correct-horse").unwrap_err(),
            KeyProblem::WrongPassphrase
        );
        assert_eq!(
            SecretKey::from_pem(OPENSSL_ENCRYPTED).unwrap_err(),
            KeyProblem::NeedsPassphrase
        );
        assert!(SecretKey::pem_is_encrypted(OPENSSL_ENCRYPTED));
    }

    #[test]
    fn encrypted_pem_round_trips_with_scrypt_and_refuses_wrong_or_empty_passphrases() {
        let key = test1();
        let pem = key.to_encrypted_pem("correct horse").unwrap();
        assert!(pem.starts_with("-----BEGIN ENCRYPTED PRIVATE KEY-----\n"));
        // The scrypt OID (1.3.6.1.4.1.11591.4.11) is in the parameters.
        let (_, der) = SecretDocument::from_pem(&pem).unwrap();
        let scrypt_oid = [
            0x06, 0x09, 0x2b, 0x06, 0x01, 0x04, 0x01, 0xda, 0x47, 0x04, 0x0b,
        ];
        assert!(
            der.as_bytes()
                .windows(scrypt_oid.len())
                .any(|w| w == scrypt_oid)
        );
        // Nothing of the seed shows through.
        assert!(!pem.contains(&key.to_pem().lines().nth(1).unwrap()[16..]));
        let again = SecretKey::from_pem_with_passphrase(&pem, "correct horse").unwrap();
        assert_eq!(again.public_key(), key.public_key());
        assert_eq!(
            SecretKey::from_pem_with_passphrase(&pem, "correct horse ").unwrap_err(),
            KeyProblem::WrongPassphrase
        );
        assert_eq!(
            key.to_encrypted_pem("").unwrap_err(),
            KeyProblem::EmptyPassphrase
        );
        // An unencrypted key loads whatever passphrase is given.
        let plain = SecretKey::from_pem_with_passphrase(&key.to_pem(), "unused").unwrap();
        assert_eq!(plain.public_key(), key.public_key());
    }

    #[test]
    fn encrypted_key_files_ask_for_the_passphrase_only_when_needed() {
        // The OpenSSL-encrypted key (PBKDF2, cheap to derive in a debug build) stands in for a
        // tprov-encrypted one; the scrypt path is covered above and by the CLI tests.
        let dir = tempfile::tempdir().unwrap();
        let protected = dir.path().join("protected.key");
        std::fs::write(&protected, OPENSSL_ENCRYPTED).unwrap();
        let plain = save_key_pair(&test1(), &dir.path().join("plain"), Overwrite::Refuse).unwrap();
        let pem = |path: &Path| std::fs::read_to_string(path).unwrap();
        assert!(SecretKey::pem_is_encrypted(&pem(&protected)));
        assert!(!SecretKey::pem_is_encrypted(&pem(&plain.secret)));
        let err = SecretKey::load(&protected).unwrap_err();
        assert!(
            matches!(&err, Error::Key { path, problem: KeyProblem::NeedsPassphrase } if path == &protected),
            "{err}"
        );
        let never = |_: &Path| -> Result<Zeroizing<String>, Error> { panic!("not encrypted") };
        assert_eq!(
            SecretKey::load_with(&plain.secret, never)
                .unwrap()
                .public_key(),
            test1().public_key()
        );
        let mut asked_for = None;
        let loaded = SecretKey::load_with(&protected, |path| {
            asked_for = Some(path.to_path_buf());
            Ok::<_, Error>(Zeroizing::new("correct-horse".into()))
        })
        .unwrap();
        assert_eq!(
            hex::encode(loaded.public_key().as_raw()),
            OPENSSL_ENCRYPTED_PUBLIC
        );
        assert_eq!(asked_for.as_deref(), Some(protected.as_path()));
        let err = SecretKey::load_with(&protected, |_| {
            Ok::<_, Error>(Zeroizing::new("wrong".into()))
        })
        .unwrap_err();
        assert_eq!(
            err.to_string(),
            format!(
                "{}: wrong passphrase: it does not decrypt this secret key (or the encrypted key file is damaged)",
                protected.display()
            )
        );
        let err = save_key_pair_with(
            &test1(),
            &dir.path().join("empty"),
            Overwrite::Refuse,
            Protection::Passphrase(""),
        )
        .unwrap_err();
        assert!(
            matches!(
                err,
                Error::Key {
                    problem: KeyProblem::EmptyPassphrase,
                    ..
                }
            ),
            "{err}"
        );
        assert!(!dir.path().join("empty.pub").exists() && !dir.path().join("empty.key").exists());
        assert_eq!(
            format!("{:?}", Protection::Passphrase("pw")),
            "Passphrase(<redacted>)"
        );
    }

    #[test]
    fn costly_encryption_parameters_are_refused_before_deriving_a_key() {
        let salt = [7u8; 16];
        let iv = [9u8; 16];
        let pbkdf2 = pbes2::Parameters::generate_pbkdf2_sha256_aes256cbc(
            MAX_PBKDF2_ITERATIONS + 1,
            &salt,
            iv,
        )
        .unwrap();
        let problem = check_decryption_cost(&pkcs5::EncryptionScheme::Pbes2(pbkdf2)).unwrap_err();
        assert!(
            matches!(&problem, KeyProblem::UnsupportedEncryption { detail } if detail.contains("10000001")),
            "{problem}"
        );
        // N = 2^20, r = 8: 1 GiB.
        let params = pkcs5::scrypt::Params::new(20, 8, 1).unwrap();
        let scrypt = pbes2::Parameters::generate_scrypt_aes256cbc(params, &salt, iv).unwrap();
        let problem = check_decryption_cost(&pkcs5::EncryptionScheme::Pbes2(scrypt)).unwrap_err();
        assert!(problem.to_string().contains("256 MiB"), "{problem}");
        // What tprov writes (N = 2^14, r = 8, p = 1: 16 MiB) passes.
        let params = pkcs5::scrypt::Params::new(14, 8, 1).unwrap();
        let scrypt = pbes2::Parameters::generate_scrypt_aes256cbc(params, &salt, iv).unwrap();
        assert!(check_decryption_cost(&pkcs5::EncryptionScheme::Pbes2(scrypt)).is_ok());
    }

    #[test]
    fn save_refuses_to_replace_either_half_of_a_pair() {
        let dir = tempfile::tempdir().unwrap();
        let prefix = dir.path().join("newsroom");
        let first = SecretKey::generate();
        let paths = save_key_pair(&first, &prefix, Overwrite::Refuse).unwrap();
        std::fs::remove_file(&paths.secret).unwrap();
        let err = save_key_pair(&SecretKey::generate(), &prefix, Overwrite::Refuse).unwrap_err();
        assert!(matches!(err, Error::WouldOverwrite { .. }));
        assert!(!paths.secret.exists(), "no half pair may be written");
        assert_eq!(PublicKey::load(&paths.public).unwrap(), first.public_key());
    }
}
