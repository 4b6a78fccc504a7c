//! Ed25519 keys: generation, PEM encoding (PKCS#8 v1 secret keys, SPKI public keys) and key ids.

use std::fmt;
use std::path::{Path, PathBuf};

use ed25519_dalek::pkcs8::spki::der::pem::LineEnding;
use ed25519_dalek::pkcs8::{
    DecodePrivateKey, DecodePublicKey, EncodePrivateKey, EncodePublicKey, KeypairBytes,
};
use ed25519_dalek::{Signature, Signer, SigningKey, VerifyingKey};
use zeroize::Zeroizing;

use crate::digest::Sha256Digest;
use crate::files::{self, Overwrite, Visibility};
use crate::{Error, KeyProblem};

/// Key files are small; anything larger is not a key and is not read into memory.
pub const MAX_KEY_FILE_BYTES: u64 = 64 * 1024;

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

    /// The first 16 hex characters, shown to people.
    pub fn short(&self) -> String {
        self.0.to_hex()[..16].to_owned()
    }
}

impl fmt::Display for KeyId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_hex())
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

    /// Parses a PKCS#8 PEM secret key (v1 as OpenSSL writes it, or v2 with the public key).
    pub fn from_pem(pem: &str) -> Result<Self, KeyProblem> {
        match pem_label(pem) {
            Some("PRIVATE KEY") => SigningKey::from_pkcs8_pem(pem)
                .map(|signing| Self { signing })
                .map_err(|e| KeyProblem::Malformed {
                    detail: e.to_string(),
                }),
            Some("ENCRYPTED PRIVATE KEY") => Err(KeyProblem::Encrypted),
            Some("PUBLIC KEY") => Err(KeyProblem::PublicWhereSecretExpected),
            Some(other) => Err(KeyProblem::Malformed {
                detail: format!("PEM label \"{other}\" is not a PKCS#8 private key"),
            }),
            None => Err(KeyProblem::NotPem),
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

    /// Loads a secret key file, with a message naming the file when it is not one.
    pub fn load(path: &Path) -> Result<Self, Error> {
        let bytes = Zeroizing::new(files::read_limited(path, MAX_KEY_FILE_BYTES)?);
        let text = std::str::from_utf8(&bytes).map_err(|_| Error::Key {
            path: path.to_path_buf(),
            problem: KeyProblem::NotPem,
        })?;
        Self::from_pem(text).map_err(|problem| Error::Key {
            path: path.to_path_buf(),
            problem,
        })
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
                Self::from_raw(verifying.as_bytes())
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
}

/// Writes `key` as `PREFIX.key` (0600) and its public half as `PREFIX.pub`, each atomically.
/// Without [`Overwrite::Allow`] neither file is written if either exists, so an existing key
/// pair is never half-replaced.
pub fn save_key_pair(
    key: &SecretKey,
    prefix: &Path,
    overwrite: Overwrite,
) -> Result<KeyPairPaths, Error> {
    let paths = KeyPairPaths::for_prefix(prefix);
    if overwrite == Overwrite::Refuse {
        for path in [&paths.secret, &paths.public] {
            if std::fs::symlink_metadata(path).is_ok() {
                return Err(Error::WouldOverwrite { path: path.clone() });
            }
        }
    }
    let secret_pem = key.to_pem();
    files::write_atomic(
        &paths.secret,
        secret_pem.as_bytes(),
        overwrite,
        Visibility::Secret,
    )?;
    files::write_atomic(
        &paths.public,
        key.public_key().to_pem().as_bytes(),
        overwrite,
        Visibility::Public,
    )?;
    Ok(paths)
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
