//! The keys a reader trusts: the names the reader gives them, the roles the reader grants them,
//! when each key is valid, and which keys are revoked.
//!
//! Everything here comes from the reader's own files, never from the envelope: an envelope can
//! claim any key id and its record can name any agent, but only the reader decides that a key
//! belongs to "newsroom", that "newsroom" answers for publishing, and until when.
//!
//! ## Two forms
//!
//! - **Simple**: a `.pub` file (SPKI PEM) or a folder of them. Each key is named after its file
//!   (`newsroom.pub` → `newsroom`), is valid at any time and is granted **no roles**, so a policy
//!   that requires a role can only be met through a trust file.
//! - **Trust file**: a JSON file (ending in `.json`) listing signers, each with a name, the roles
//!   the reader grants it, and one or more keys (inline PEM or a path relative to the trust file)
//!   with an optional validity window and revocation:
//!
//! ```json
//! {
//!   "version": 1,
//!   "signers": [
//!     {
//!       "name": "newsroom",
//!       "roles": ["publisher", "editor"],
//!       "keys": [
//!         { "path": "newsroom-2025.pub", "validUntil": "2026-01-01T00:00:00Z" },
//!         { "path": "newsroom.pub", "validFrom": "2026-01-01T00:00:00Z" }
//!       ]
//!     },
//!     {
//!       "name": "agency",
//!       "roles": ["translator", "post-editor"],
//!       "keys": [
//!         { "publicKey": "-----BEGIN PUBLIC KEY-----\n...\n-----END PUBLIC KEY-----\n" },
//!         { "path": "agency-2025.pub", "revoked": { "at": "2026-03-02T00:00:00Z", "reason": "laptop stolen" } }
//!       ]
//!     }
//!   ]
//! }
//! ```
//!
//! Unknown fields are refused (a misspelt `validUntill` must not silently leave a key valid
//! forever); `comment` is accepted on the file, on a signer and on a key, and ignored. Roles use
//! the record's names (`translator`, `postEditor`, `reviewer`, `editor`, `publisher`);
//! `post-editor` is accepted for `postEditor`. Several keys under one name are a rotation.
//!
//! ## Validity windows and the signed signing time
//!
//! A key entry may carry `validFrom` and `validUntil` (RFC 3339). A signature counts only if the
//! record's **signed** `signedAt` lies in `[validFrom, validUntil)`. The time is taken from the
//! payload, after its signature verified, never from the envelope's unsigned fields or the
//! reader's clock: judging a key's expiry against "now" (what OpenSSH's `allowed_signers` must do
//! without a signed time) would make every record signed before a rotation fail the day the old
//! key expires.
//!
//! What that time proves, and does not: `signedAt` is **self-asserted** — the signer's clock, or
//! whatever the signer wrote. It binds the signer to a claim ("I signed this at T") that cannot
//! be changed afterwards without breaking the signature. It does **not** prove the record existed
//! at T: whoever holds a key can write any time, including one inside the key's validity window
//! after the window has closed. So a validity window protects against honest mistakes and lets
//! old records keep verifying after a planned rotation; it is no defence against a stolen key.
//! That is what revocation is for. (Proof of existence at a time needs a third party, such as an
//! RFC 3161 timestamp authority or a transparency log; tprov does not use one yet.)
//!
//! ## Revocation
//!
//! A key entry with `"revoked": {}` (optionally `{"at": "...", "reason": "..."}`) fails **every**
//! signature it made, whatever signing time the record claims, because a thief can backdate. The
//! `at` date and reason are only shown in messages. To keep trusting records signed before a
//! compromise, re-sign them (or co-sign them) with a key that is in force.

use std::fmt;
use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::Deserialize;

use crate::Error;
use crate::crypto::dsse::KeyRing;
use crate::crypto::keys::PublicKey;
use crate::error::TrustFileProblem;
use crate::io::files;
use crate::io::folder::{self, EntryKind, ListOptions};
use crate::record::Role;

/// A folder of keys with more entries than this is refused ([`Error::TooManyEntries`]), so a
/// mistaken `--trust /` cannot stall.
pub const MAX_TRUST_FOLDER_ENTRIES: usize = 10_000;

/// Trust files are small; a larger file is refused unread.
pub const MAX_TRUST_FILE_BYTES: u64 = 1024 * 1024;

/// The most signers a trust file may list.
pub const MAX_TRUST_FILE_SIGNERS: usize = 1_000;

/// The most keys a trust file may list, over all signers. Every trusted key may be tried against
/// every signature, so the number is bounded.
pub const MAX_TRUST_FILE_KEYS: usize = 1_000;

/// The trust-file format version this tprov reads and documents.
pub const TRUST_FILE_VERSION: u64 = 1;

/// A revocation: the key's signatures all fail, whatever time they claim.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Revocation {
    /// When the key was revoked (shown in messages; it does not limit the revocation).
    pub at: Option<Timestamp>,
    /// Why, in the reader's words.
    pub reason: Option<String>,
}

impl fmt::Display for Revocation {
    /// "revoked on 2026-03-02T00:00:00Z: laptop stolen", "revoked".
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("revoked")?;
        if let Some(at) = &self.at {
            write!(f, " on {at}")?;
        }
        if let Some(reason) = &self.reason {
            write!(f, ": {reason}")?;
        }
        Ok(())
    }
}

/// Whether a trusted key was in force when a record says it was signed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Standing {
    /// Not revoked, and the time is inside the key's validity window.
    InForce,
    /// The key is revoked (whatever the time).
    Revoked,
    /// The time is before the key's `validFrom`.
    NotYetValid {
        /// The key's `validFrom`.
        from: Timestamp,
    },
    /// The time is at or after the key's `validUntil`.
    Expired {
        /// The key's `validUntil`.
        until: Timestamp,
    },
}

/// A public key the reader trusts, with the name the reader knows it by, the roles the reader
/// grants it, its validity window and its revocation. Every field comes from the reader's files.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct TrustedKey {
    /// The reader's name for the signer: the trust file's `name`, or the key file's stem
    /// (`newsroom.pub` → `newsroom`). Several keys may share a name (rotation).
    pub name: String,
    /// The key.
    pub key: PublicKey,
    /// Where it was read from (the trust file, or the `.pub` file).
    pub origin: PathBuf,
    /// The roles the reader grants the key, in the order written. Empty for the simple form.
    pub roles: Vec<Role>,
    /// The key counts for records signed at or after this time.
    pub valid_from: Option<Timestamp>,
    /// The key counts for records signed before this time.
    pub valid_until: Option<Timestamp>,
    /// When set, no signature by the key counts.
    pub revoked: Option<Revocation>,
}

impl TrustedKey {
    /// A key trusted under `name` with no roles, no validity window and no revocation (what a
    /// `.pub` file gives). Set the public fields to grant roles or limit it.
    pub fn new(name: impl Into<String>, key: PublicKey, origin: impl Into<PathBuf>) -> Self {
        Self {
            name: name.into(),
            key,
            origin: origin.into(),
            roles: Vec::new(),
            valid_from: None,
            valid_until: None,
            revoked: None,
        }
    }

    /// Whether the reader grants the key `role`.
    pub fn grants(&self, role: &Role) -> bool {
        self.roles.contains(role)
    }

    /// The key's standing for a record signed at `signed_at`: revocation first (it applies at
    /// any time), then the window `[valid_from, valid_until)`.
    pub fn standing_at(&self, signed_at: Timestamp) -> Standing {
        if self.revoked.is_some() {
            return Standing::Revoked;
        }
        if let Some(from) = self.valid_from.filter(|&from| signed_at < from) {
            return Standing::NotYetValid { from };
        }
        if let Some(until) = self.valid_until.filter(|&until| signed_at >= until) {
            return Standing::Expired { until };
        }
        Standing::InForce
    }

    /// Whether two entries say the same thing about the key (name and origin aside).
    fn same_terms(&self, other: &Self) -> bool {
        self.key == other.key
            && self.roles.len() == other.roles.len()
            && self.roles.iter().all(|r| other.roles.contains(r))
            && self.valid_from == other.valid_from
            && self.valid_until == other.valid_until
            && self.revoked == other.revoked
    }
}

/// The set of keys a verification accepts signatures from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustStore {
    keys: Vec<TrustedKey>,
    /// The same keys indexed by key id, in the same order (a signature's key id hint finds its
    /// key in one look-up; see [`crate::crypto::dsse::Envelope::check_signatures_in`]).
    ring: KeyRing,
}

impl TrustStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds a key under a name, with no roles and no validity limits (the simple form).
    /// If the key is already trusted, the existing entry is kept unchanged.
    pub fn add(&mut self, name: impl Into<String>, key: PublicKey, origin: impl Into<PathBuf>) {
        if self.find(&key).is_some() {
            return;
        }
        self.push(TrustedKey::new(name, key, origin));
    }

    /// Adds an entry. The same key given again on the same terms (roles, window, revocation) is
    /// ignored; on different terms it is [`Error::ConflictingTrust`]: when a trust file revokes
    /// a key that a `.pub` file also trusts, tprov must not pick one silently.
    pub fn add_key(&mut self, entry: TrustedKey) -> Result<(), Error> {
        if let Some(existing) = self.find(&entry.key) {
            if existing.same_terms(&entry) {
                return Ok(());
            }
            return Err(Error::ConflictingTrust {
                keyid: entry.key.key_id().short(),
                first_name: existing.name.clone(),
                first: existing.origin.clone(),
                second_name: entry.name,
                second: entry.origin,
            });
        }
        self.push(entry);
        Ok(())
    }

    /// Adds the public key in a `.pub` file, named after the file, with no roles (the simple
    /// form, as `--pubkey` gives).
    pub fn add_file(&mut self, path: &Path) -> Result<(), Error> {
        let key = PublicKey::load(path)?;
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| key.key_id().short());
        self.add_key(TrustedKey::new(name, key, path))
    }

    /// Adds a trust file (`.json`), a `.pub` file, or every `.pub` file in a folder (not
    /// recursive; other files, hidden ones included, are ignored; links to folders are not
    /// followed). A folder without any key is an error: trusting nothing is never what was
    /// meant; so is one of more than [`MAX_TRUST_FOLDER_ENTRIES`] entries.
    pub fn add_path(&mut self, path: &Path) -> Result<(), Error> {
        let metadata = std::fs::metadata(path).map_err(|source| Error::Read {
            path: path.to_path_buf(),
            source,
        })?;
        if !metadata.is_dir() {
            if is_trust_file_name(path) {
                return self.add_trust_file(path);
            }
            return self.add_file(path);
        }
        let options = ListOptions {
            limit: MAX_TRUST_FOLDER_ENTRIES,
            hidden: true,
        };
        let entries = folder::list(path, options)?.entries;
        // A folder's trust file carries revocations and roles its `.pub` files do not: trusting
        // the bare keys beside it would silently undo them, so the ambiguity is refused.
        if let Some(trust_file) = entries
            .iter()
            .filter(|e| e.kind == EntryKind::File && is_trust_file_name(&e.path))
            .find(|e| is_a_trust_file(&e.path))
        {
            return Err(Error::TrustFolderHoldsTrustFile {
                folder: path.to_path_buf(),
                file: trust_file.path.clone(),
            });
        }
        let files: Vec<PathBuf> = entries
            .into_iter()
            .filter(|e| e.kind == EntryKind::File && e.path.extension().is_some_and(|x| x == "pub"))
            .map(|e| e.path)
            .collect();
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

    /// Reads a trust file (at most [`MAX_TRUST_FILE_BYTES`]); key paths in it are relative to
    /// the file's folder. Errors name the file, the signer and the key.
    pub fn add_trust_file(&mut self, path: &Path) -> Result<(), Error> {
        let bytes = files::read_limited(path, MAX_TRUST_FILE_BYTES)?;
        self.add_trust_json(&bytes, path)
    }

    /// Adds the signers of trust-file JSON. `origin` is where the JSON came from: it names the
    /// file in errors and reports, and key `path`s are resolved against its folder.
    ///
    /// ```
    /// use tprov::record::Role;
    /// let key = tprov::SecretKey::generate().public_key();
    /// let json = serde_json::json!({
    ///     "version": 1,
    ///     "signers": [{ "name": "newsroom", "roles": ["publisher"], "keys": [
    ///         { "publicKey": key.to_pem(), "validFrom": "2026-01-01T00:00:00Z" }
    ///     ]}]
    /// });
    /// let mut trust = tprov::TrustStore::new();
    /// trust.add_trust_json(json.to_string().as_bytes(), "trust.json".as_ref())?;
    /// assert!(trust.keys()[0].grants(&Role::Publisher));
    /// # Ok::<(), tprov::Error>(())
    /// ```
    pub fn add_trust_json(&mut self, json: &[u8], origin: &Path) -> Result<(), Error> {
        let problem = |problem| Error::TrustFile {
            path: origin.to_path_buf(),
            problem,
        };
        let entries = parse_trust_file(json, origin).map_err(problem)?;
        for entry in entries {
            self.add_key(entry)?;
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

    /// Whether any trusted key is granted any role (false when only `.pub` files were given).
    pub fn grants_any_role(&self) -> bool {
        self.keys.iter().any(|k| !k.roles.is_empty())
    }

    /// The entry of `key`, found by key id (keys are unique in a store).
    fn find(&self, key: &PublicKey) -> Option<&TrustedKey> {
        self.ring
            .position(&key.key_id().to_hex())
            .map(|i| &self.keys[i])
            .filter(|entry| entry.key == *key)
    }

    fn push(&mut self, entry: TrustedKey) {
        self.ring.push(entry.key.clone());
        self.keys.push(entry);
    }

    /// The trusted keys indexed by key id, at the same positions as [`TrustStore::keys`].
    pub fn ring(&self) -> &KeyRing {
        &self.ring
    }

    /// The public keys alone, in order.
    pub fn public_keys(&self) -> Vec<PublicKey> {
        self.keys.iter().map(|k| k.key.clone()).collect()
    }
}

/// Whether the file at `path` reads (within [`MAX_TRUST_FILE_BYTES`]) and parses as a trust file.
fn is_a_trust_file(path: &Path) -> bool {
    files::read_limited(path, MAX_TRUST_FILE_BYTES).is_ok_and(|bytes| parse_wire(&bytes).is_ok())
}

/// Whether a path names a trust file rather than a `.pub` key: it ends in `.json`.
pub fn is_trust_file_name(path: &Path) -> bool {
    path.extension()
        .is_some_and(|x| x.eq_ignore_ascii_case("json"))
}

#[derive(Deserialize)]
struct WireVersion {
    version: Option<u64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct WireTrustFile {
    #[allow(dead_code)]
    version: u64,
    #[serde(default)]
    #[allow(dead_code)]
    comment: Option<String>,
    signers: Vec<WireSigner>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct WireSigner {
    name: String,
    #[serde(default)]
    roles: Vec<String>,
    keys: Vec<WireKey>,
    #[serde(default)]
    #[allow(dead_code)]
    comment: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct WireKey {
    #[serde(default)]
    public_key: Option<String>,
    #[serde(default)]
    path: Option<PathBuf>,
    #[serde(default)]
    valid_from: Option<Timestamp>,
    #[serde(default)]
    valid_until: Option<Timestamp>,
    #[serde(default)]
    revoked: Option<WireRevocation>,
    #[serde(default)]
    #[allow(dead_code)]
    comment: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct WireRevocation {
    #[serde(default)]
    at: Option<Timestamp>,
    #[serde(default)]
    reason: Option<String>,
}

/// The entries of trust-file JSON whose keys resolve against `origin`'s folder, checked
/// whole: the version first, then the limits, then each signer in turn.
fn parse_trust_file(json: &[u8], origin: &Path) -> Result<Vec<TrustedKey>, TrustFileProblem> {
    let file = parse_wire(json)?;
    let key_count = check_limits(&file)?;
    let base = match origin.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut entries: Vec<TrustedKey> = Vec::with_capacity(key_count);
    let mut names: Vec<&str> = Vec::with_capacity(file.signers.len());
    for (signer_index, signer) in file.signers.iter().enumerate() {
        let name = signer_name(signer, signer_index, &names)?;
        names.push(name);
        let roles = signer_roles(signer, name)?;
        for (index, wire) in signer.keys.iter().enumerate() {
            let entry = key_entry(wire, KeyPlace { name, index }, &base, origin, &roles)?;
            if let Some(first) = entries.iter().find(|e| e.key == entry.key) {
                return Err(TrustFileProblem::DuplicateKey {
                    keyid: entry.key.key_id().short(),
                    first: first.name.clone(),
                    second: name.into(),
                });
            }
            entries.push(entry);
        }
    }
    Ok(entries)
}

/// The JSON in the trust-file shape, its version checked first, so a newer file gets "upgrade
/// tprov" rather than "unknown field".
fn parse_wire(json: &[u8]) -> Result<WireTrustFile, TrustFileProblem> {
    let json_problem = |e: serde_json::Error| TrustFileProblem::Json {
        reason: e.to_string(),
    };
    let version: WireVersion = serde_json::from_slice(json).map_err(json_problem)?;
    match version.version {
        Some(TRUST_FILE_VERSION) => {}
        Some(found) => return Err(TrustFileProblem::Version { found }),
        None => {
            return Err(TrustFileProblem::Json {
                reason: format!(
                    "missing field `version` (write \"version\": {TRUST_FILE_VERSION})"
                ),
            });
        }
    }
    serde_json::from_slice(json).map_err(json_problem)
}

/// The number of keys, once the signers and keys are within their limits.
fn check_limits(file: &WireTrustFile) -> Result<usize, TrustFileProblem> {
    if file.signers.len() > MAX_TRUST_FILE_SIGNERS {
        return Err(TrustFileProblem::TooMany {
            what: "signers",
            count: file.signers.len(),
            limit: MAX_TRUST_FILE_SIGNERS,
        });
    }
    let key_count: usize = file.signers.iter().map(|s| s.keys.len()).sum();
    if key_count > MAX_TRUST_FILE_KEYS {
        return Err(TrustFileProblem::TooMany {
            what: "keys",
            count: key_count,
            limit: MAX_TRUST_FILE_KEYS,
        });
    }
    Ok(key_count)
}

/// The signer's name, trimmed: not empty, not taken by an earlier signer, with keys.
fn signer_name<'w>(
    signer: &'w WireSigner,
    index: usize,
    taken: &[&str],
) -> Result<&'w str, TrustFileProblem> {
    let name = signer.name.trim();
    if name.is_empty() {
        return Err(TrustFileProblem::EmptyName { index });
    }
    if taken.contains(&name) {
        return Err(TrustFileProblem::DuplicateName { name: name.into() });
    }
    if signer.keys.is_empty() {
        return Err(TrustFileProblem::NoKeys {
            signer: name.into(),
        });
    }
    Ok(name)
}

/// The roles granted to a signer, each once, in the order written; an unknown one is refused.
fn signer_roles(signer: &WireSigner, name: &str) -> Result<Vec<Role>, TrustFileProblem> {
    let mut roles: Vec<Role> = Vec::with_capacity(signer.roles.len());
    for text in &signer.roles {
        let role: Role = text.parse().map_err(|_| TrustFileProblem::UnknownRole {
            signer: name.into(),
            role: text.clone(),
        })?;
        if !roles.contains(&role) {
            roles.push(role);
        }
    }
    Ok(roles)
}

/// Which key of which signer, for messages.
#[derive(Clone, Copy)]
struct KeyPlace<'a> {
    name: &'a str,
    index: usize,
}

/// One key entry: its key (inline or from a file beside the trust file), window and revocation.
fn key_entry(
    wire: &WireKey,
    place: KeyPlace<'_>,
    base: &Path,
    origin: &Path,
    roles: &[Role],
) -> Result<TrustedKey, TrustFileProblem> {
    let KeyPlace { name, index } = place;
    let key = match (&wire.public_key, &wire.path) {
        (Some(pem), None) => {
            PublicKey::from_pem(pem).map_err(|problem| TrustFileProblem::InlineKey {
                signer: name.into(),
                index,
                problem,
            })?
        }
        (None, Some(path)) => {
            PublicKey::load(&base.join(path)).map_err(|e| TrustFileProblem::KeyFile {
                signer: name.into(),
                index,
                error: std::sync::Arc::new(e),
            })?
        }
        _ => {
            return Err(TrustFileProblem::KeySource {
                signer: name.into(),
                index,
            });
        }
    };
    if let (Some(from), Some(until)) = (wire.valid_from, wire.valid_until) {
        if from >= until {
            return Err(TrustFileProblem::EmptyWindow {
                signer: name.into(),
                index,
                from: from.to_string(),
                until: until.to_string(),
            });
        }
    }
    Ok(TrustedKey {
        name: name.into(),
        key,
        origin: origin.to_path_buf(),
        roles: roles.to_vec(),
        valid_from: wire.valid_from,
        valid_until: wire.valid_until,
        revoked: wire.revoked.as_ref().map(|r| Revocation {
            at: r.at,
            reason: r.reason.clone(),
        }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SecretKey;
    use serde_json::json;

    fn key(seed: u8) -> PublicKey {
        SecretKey::from_seed(&[seed; 32]).public_key()
    }

    fn parse(value: serde_json::Value) -> Result<TrustStore, Error> {
        let mut store = TrustStore::new();
        store.add_trust_json(value.to_string().as_bytes(), Path::new("trust.json"))?;
        Ok(store)
    }

    fn problem(value: serde_json::Value) -> TrustFileProblem {
        match parse(value) {
            Err(Error::TrustFile { problem, path }) => {
                assert_eq!(path, Path::new("trust.json"));
                problem
            }
            other => panic!("expected a trust-file problem, got {other:?}"),
        }
    }

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    #[test]
    fn parses_signers_roles_windows_and_revocations() {
        let store = parse(json!({
            "version": 1,
            "comment": "demo",
            "signers": [
                {"name": "newsroom", "roles": ["publisher", "editor", "publisher"], "keys": [
                    {"publicKey": key(1).to_pem(), "validUntil": "2026-01-01T00:00:00Z", "comment": "old"},
                    {"publicKey": key(2).to_pem(), "validFrom": "2026-01-01T00:00:00Z"}
                ]},
                {"name": "agency", "roles": ["post-editor", "translator"], "keys": [
                    {"publicKey": key(3).to_pem(), "revoked": {"at": "2026-03-02T00:00:00Z", "reason": "laptop stolen"}},
                    {"publicKey": key(4).to_pem(), "revoked": {}}
                ]}
            ]
        }))
        .unwrap();
        let keys = store.keys();
        assert_eq!(keys.len(), 4);
        assert_eq!(keys[0].name, "newsroom");
        assert_eq!(keys[0].roles, vec![Role::Publisher, Role::Editor]);
        assert_eq!(keys[2].roles, vec![Role::PostEditor, Role::Translator]);
        assert!(keys[1].grants(&Role::Publisher) && !keys[1].grants(&Role::Translator));
        assert_eq!(
            keys[2].revoked.as_ref().unwrap().to_string(),
            "revoked on 2026-03-02T00:00:00Z: laptop stolen"
        );
        assert_eq!(keys[3].revoked.as_ref().unwrap().to_string(), "revoked");
        assert!(store.grants_any_role());
    }

    #[test]
    fn standing_is_judged_in_a_half_open_window_and_revocation_wins() {
        let mut entry = TrustedKey::new("k", key(1), "k.pub");
        entry.valid_from = Some(at("2026-01-01T00:00:00Z"));
        entry.valid_until = Some(at("2027-01-01T00:00:00Z"));
        assert_eq!(
            entry.standing_at(at("2025-12-31T23:59:59Z")),
            Standing::NotYetValid {
                from: at("2026-01-01T00:00:00Z")
            }
        );
        assert_eq!(
            entry.standing_at(at("2026-01-01T00:00:00Z")),
            Standing::InForce
        );
        assert_eq!(
            entry.standing_at(at("2026-12-31T23:59:59Z")),
            Standing::InForce
        );
        assert_eq!(
            entry.standing_at(at("2027-01-01T00:00:00Z")),
            Standing::Expired {
                until: at("2027-01-01T00:00:00Z")
            }
        );
        entry.revoked = Some(Revocation {
            at: Some(at("2026-06-01T00:00:00Z")),
            reason: None,
        });
        // Revoked "on June 1st", yet a record claiming to be from January fails too: the
        // signing time is the signer's word, and a thief can backdate.
        assert_eq!(
            entry.standing_at(at("2026-01-02T00:00:00Z")),
            Standing::Revoked
        );
    }

    #[test]
    fn typos_and_unknown_fields_are_refused() {
        let p = problem(json!({"version": 1, "signers": [
            {"name": "n", "keys": [{"publicKey": key(1).to_pem(), "validUntill": "2026-01-01T00:00:00Z"}]}
        ]}));
        assert!(p.to_string().contains("unknown field `validUntill`"), "{p}");
        let p = problem(json!({"version": 1, "signers": [
            {"name": "n", "roles": ["publsher"], "keys": [{"publicKey": key(1).to_pem()}]}
        ]}));
        assert!(
            matches!(p, TrustFileProblem::UnknownRole { ref role, .. } if role == "publsher"),
            "{p}"
        );
        assert!(p.to_string().contains("known roles"), "{p}");
    }

    #[test]
    fn versions_are_checked_first() {
        assert!(matches!(
            problem(json!({"version": 2, "signers": [], "newThing": true})),
            TrustFileProblem::Version { found: 2 }
        ));
        assert!(
            problem(json!({"signers": []}))
                .to_string()
                .contains("version")
        );
    }

    #[test]
    fn structural_mistakes_are_named() {
        let pem = key(1).to_pem();
        assert!(matches!(
            problem(
                json!({"version": 1, "signers": [{"name": " ", "keys": [{"publicKey": pem}]}]})
            ),
            TrustFileProblem::EmptyName { index: 0 }
        ));
        assert!(matches!(
            problem(json!({"version": 1, "signers": [
                {"name": "a", "keys": [{"publicKey": pem}]},
                {"name": "a", "keys": [{"publicKey": key(2).to_pem()}]}
            ]})),
            TrustFileProblem::DuplicateName { .. }
        ));
        assert!(matches!(
            problem(json!({"version": 1, "signers": [{"name": "a", "keys": []}]})),
            TrustFileProblem::NoKeys { .. }
        ));
        assert!(matches!(
            problem(
                json!({"version": 1, "signers": [{"name": "a", "keys": [{"publicKey": pem, "path": "a.pub"}]}]})
            ),
            TrustFileProblem::KeySource { index: 0, .. }
        ));
        assert!(matches!(
            problem(json!({"version": 1, "signers": [{"name": "a", "keys": [{}]}]})),
            TrustFileProblem::KeySource { .. }
        ));
        assert!(matches!(
            problem(json!({"version": 1, "signers": [
                {"name": "a", "keys": [{"publicKey": pem}]},
                {"name": "b", "keys": [{"publicKey": pem}]}
            ]})),
            TrustFileProblem::DuplicateKey { .. }
        ));
        assert!(matches!(
            problem(json!({"version": 1, "signers": [{"name": "a", "keys": [
                {"publicKey": pem, "validFrom": "2026-01-01T00:00:00Z", "validUntil": "2026-01-01T00:00:00Z"}
            ]}]})),
            TrustFileProblem::EmptyWindow { .. }
        ));
        let secret = SecretKey::from_seed(&[1; 32]).to_pem();
        let p = problem(
            json!({"version": 1, "signers": [{"name": "a", "keys": [{"publicKey": secret.as_str()}]}]}),
        );
        assert!(matches!(p, TrustFileProblem::InlineKey { .. }), "{p}");
        let chain = crate::ErrorChain(&p).to_string();
        assert!(
            chain.contains("the inline publicKey is not usable: this is a secret key"),
            "{chain}"
        );
        let p = problem(
            json!({"version": 1, "signers": [{"name": "a", "keys": [{"publicKey": pem, "validFrom": "yesterday"}]}]}),
        );
        assert!(matches!(p, TrustFileProblem::Json { .. }), "{p}");
    }

    #[test]
    fn entry_limits_are_enforced() {
        let signers: Vec<_> = (0..=MAX_TRUST_FILE_SIGNERS)
            .map(|i| json!({"name": format!("s{i}"), "keys": []}))
            .collect();
        assert!(matches!(
            problem(json!({"version": 1, "signers": signers})),
            TrustFileProblem::TooMany {
                what: "signers",
                ..
            }
        ));
        let keys: Vec<_> = (0..=MAX_TRUST_FILE_KEYS).map(|_| json!({})).collect();
        assert!(matches!(
            problem(json!({"version": 1, "signers": [{"name": "a", "keys": keys}]})),
            TrustFileProblem::TooMany { what: "keys", .. }
        ));
    }

    #[test]
    fn key_paths_are_relative_to_the_trust_file() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("keys")).unwrap();
        std::fs::write(dir.path().join("keys/a.pub"), key(1).to_pem()).unwrap();
        let trust = dir.path().join("trust.json");
        std::fs::write(
            &trust,
            json!({"version": 1, "signers": [{"name": "a", "keys": [{"path": "keys/a.pub"}, {"path": "missing.pub"}]}]})
                .to_string(),
        )
        .unwrap();
        let err = TrustStore::new().add_path(&trust).unwrap_err();
        let err = crate::ErrorChain(&err).to_string();
        assert!(
            err.contains("trust.json: not a valid trust file: signer \"a\", key #1: its key file is not usable: cannot read"),
            "{err}"
        );
        assert!(err.contains("missing.pub"), "{err}");
        std::fs::write(
            &trust,
            json!({"version": 1, "signers": [{"name": "a", "keys": [{"path": "keys/a.pub"}]}]})
                .to_string(),
        )
        .unwrap();
        let mut store = TrustStore::new();
        store.add_path(&trust).unwrap();
        assert_eq!(store.keys()[0].key, key(1));
        assert_eq!(store.keys()[0].origin, trust);
    }

    #[test]
    fn oversize_trust_files_are_refused_unread() {
        let dir = tempfile::tempdir().unwrap();
        let trust = dir.path().join("trust.json");
        std::fs::write(&trust, vec![b' '; MAX_TRUST_FILE_BYTES as usize + 1]).unwrap();
        assert!(matches!(
            TrustStore::new().add_path(&trust),
            Err(Error::TooLarge { .. })
        ));
    }

    #[test]
    fn the_same_key_on_different_terms_is_a_conflict() {
        let mut store = TrustStore::new();
        store
            .add_key(TrustedKey::new("newsroom", key(1), "newsroom.pub"))
            .unwrap();
        // Same terms under another name: the first entry stays.
        store
            .add_key(TrustedKey::new("nr", key(1), "other/nr.pub"))
            .unwrap();
        assert_eq!(store.keys().len(), 1);
        let mut revoked = TrustedKey::new("newsroom", key(1), "trust.json");
        revoked.revoked = Some(Revocation::default());
        let err = store.add_key(revoked).unwrap_err();
        assert!(matches!(err, Error::ConflictingTrust { .. }), "{err}");
        assert!(err.to_string().contains("list it once"), "{err}");
    }

    #[test]
    fn roles_parse_in_both_spellings_only() {
        let parse = |text: &str| text.parse::<Role>().ok();
        assert_eq!(parse("postEditor"), Some(Role::PostEditor));
        assert_eq!(parse("post-editor"), Some(Role::PostEditor));
        assert_eq!(parse("reviewer"), Some(Role::Reviewer));
        assert_eq!(parse("Publisher"), None);
        assert_eq!(parse("terminologist"), None);
    }
}
