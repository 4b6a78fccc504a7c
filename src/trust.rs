//! The keys a reader trusts, and the names the reader gives them.

use std::path::{Path, PathBuf};

use crate::Error;
use crate::keys::{KeyId, PublicKey};

/// Folders of keys are read up to this many entries, so a mistaken `--trust /` cannot stall.
pub const MAX_TRUST_FOLDER_ENTRIES: usize = 10_000;

/// A public key the reader trusts, with the name the reader knows it by.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TrustedKey {
    /// The reader's name for the signer: the key file's stem (`newsroom.pub` → `newsroom`).
    /// It comes from the reader's files, never from the envelope.
    pub name: String,
    /// The key.
    pub key: PublicKey,
    /// Where it was read from.
    pub origin: PathBuf,
}

/// The set of keys a verification accepts signatures from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustStore {
    keys: Vec<TrustedKey>,
}

impl TrustStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a key under a name.
    pub fn add(&mut self, name: impl Into<String>, key: PublicKey, origin: impl Into<PathBuf>) {
        if self.keys.iter().any(|k| k.key == key) {
            return;
        }
        self.keys.push(TrustedKey {
            name: name.into(),
            key,
            origin: origin.into(),
        });
    }

    /// Adds the public key in a `.pub` file, named after the file.
    pub fn add_file(&mut self, path: &Path) -> Result<(), Error> {
        let key = PublicKey::load(path)?;
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| key.key_id().short());
        self.add(name, key, path);
        Ok(())
    }

    /// Adds a `.pub` file, or every `.pub` file in a folder (not recursive; other files are
    /// ignored). A folder without any key is an error: trusting nothing is never what was meant.
    pub fn add_path(&mut self, path: &Path) -> Result<(), Error> {
        let metadata = std::fs::metadata(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        if !metadata.is_dir() {
            return self.add_file(path);
        }
        let entries = std::fs::read_dir(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        let mut files: Vec<PathBuf> = entries
            .take(MAX_TRUST_FOLDER_ENTRIES)
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "pub") && p.is_file())
            .collect();
        files.sort();
        if files.is_empty() {
            return Err(Error::NoTrustedKeys {
                path: path.to_path_buf(),
            });
        }
        for file in files {
            self.add_file(&file)?;
        }
        Ok(())
    }

    /// The trusted keys, in the order they were added.
    pub fn keys(&self) -> &[TrustedKey] {
        &self.keys
    }

    /// Whether no key is trusted.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }

    /// The trusted key with this id.
    pub fn find(&self, id: &KeyId) -> Option<&TrustedKey> {
        self.keys.iter().find(|k| &k.key.key_id() == id)
    }

    /// The public keys alone, in order.
    pub fn public_keys(&self) -> Vec<PublicKey> {
        self.keys.iter().map(|k| k.key.clone()).collect()
    }
}
