//! Editing a trust file without hand-written JSON: adding a signer or a key, revoking a key,
//! and the facts `tprov trust show` displays.
//!
//! The file is the one [`crate::verify::trust`] reads (its format is documented there) and is
//! edited as JSON, so everything the editor does not touch — `comment`s, key `path`s, the
//! order of signers and fields — is kept. The result is checked with the same reader before
//! it is written: an edit can never leave a file that `verify --trust` refuses. Writes are
//! atomic ([`crate::io::files::write_atomic`]), and a file changed by someone else between
//! reading and writing is not overwritten.
//!
//! Keys are written inline (`publicKey`, SPKI PEM), which keeps the file self-contained;
//! pasting PEM into JSON by hand is how "control character found" errors happen.

use std::path::{Path, PathBuf};

use jiff::Timestamp;
use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::Error;
use crate::crypto::keys::PublicKey;
use crate::io::files::{self, Overwrite, Visibility};
use crate::record::Role;
use crate::verify::trust::{
    MAX_TRUST_FILE_BYTES, Revocation, TRUST_FILE_VERSION, TrustStore, is_trust_file_name,
};

/// Why a trust file could not be edited. The file is unchanged in every case.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TrustEditError {
    /// Reading, checking or writing the file failed (the message names the file).
    #[error(transparent)]
    Tprov(#[from] Error),
    /// The file name does not end in `.json`, so `--trust` would read it as a public key.
    #[error(
        "{}: a trust file's name ends in .json (tprov reads any other --trust file as a public key)",
        path.display()
    )]
    NotATrustFileName {
        /// The file.
        path: PathBuf,
    },
    /// The signer's name is empty.
    #[error("{}: the signer's name is empty; give the name you know the signer by", path.display())]
    EmptyName {
        /// The trust file.
        path: PathBuf,
    },
    /// A name or reason holds a control character (a terminal escape, a line break).
    #[error("{}: the {field} contains a control character; write it on one line, as plain text", path.display())]
    ControlCharacter {
        /// The trust file.
        path: PathBuf,
        /// `name` or `reason`.
        field: &'static str,
    },
    /// `valid_from` is not before `valid_until`.
    #[error("{}: --valid-from {from} is not before --valid-until {until}, so the key would never be valid", path.display())]
    EmptyWindow {
        /// The trust file.
        path: PathBuf,
        /// The start.
        from: Timestamp,
        /// The end.
        until: Timestamp,
    },
    /// The key is already in the file.
    #[error(
        "{}: key {keyid} is already listed, under signer {signer:?}; a key is listed once (to change its terms, edit that entry)",
        path.display()
    )]
    KeyAlreadyListed {
        /// The trust file.
        path: PathBuf,
        /// The key id (short form).
        keyid: String,
        /// The signer it is listed under.
        signer: String,
    },
    /// The key to revoke is not in the file.
    #[error("{}: key {keyid} is not listed, so there is nothing to revoke (`tprov trust show` lists the keys)", path.display())]
    KeyNotListed {
        /// The trust file.
        path: PathBuf,
        /// The key id (short form).
        keyid: String,
    },
    /// The key is already revoked.
    #[error("{}: key {keyid} of signer {signer:?} is already {revocation}; the file was left unchanged", path.display())]
    AlreadyRevoked {
        /// The trust file.
        path: PathBuf,
        /// The key id (short form).
        keyid: String,
        /// Its signer.
        signer: String,
        /// The existing revocation, as shown to people.
        revocation: String,
    },
    /// Someone else changed the file while it was being edited.
    #[error("{}: the file changed while it was being edited; nothing was written, run the command again", path.display())]
    ChangedMeanwhile {
        /// The trust file.
        path: PathBuf,
    },
}

/// A key to add, with the signer it belongs to and the terms the reader grants.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct NewKey {
    /// The reader's name for the signer; the key joins that signer when it exists.
    pub name: String,
    /// The key.
    pub key: PublicKey,
    /// Roles granted to the signer (added to its roles when it exists). Default: none.
    pub roles: Vec<Role>,
    /// The key counts for records signed at or after this time. Default: no start.
    pub valid_from: Option<Timestamp>,
    /// The key counts for records signed before this time. Default: no end.
    pub valid_until: Option<Timestamp>,
}

impl NewKey {
    /// A key for `name`, with no roles and no validity window.
    pub fn new(name: impl Into<String>, key: PublicKey) -> Self {
        Self {
            name: name.into(),
            key,
            roles: Vec::new(),
            valid_from: None,
            valid_until: None,
        }
    }
}

/// What [`TrustFileEdit::add_key`] did.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Added {
    /// The signer was new (else the key joined an existing signer).
    pub new_signer: bool,
    /// Roles the signer did not have before (they apply to all its keys).
    pub roles_added: Vec<Role>,
    /// The signer's roles now.
    pub roles: Vec<Role>,
}

/// A trust file read for editing (or a new, empty one).
#[derive(Debug)]
pub struct TrustFileEdit {
    path: PathBuf,
    /// The bytes read, to detect a concurrent change; `None` when the file did not exist.
    original: Option<Vec<u8>>,
    document: Map<String, Value>,
}

impl TrustFileEdit {
    /// Reads the trust file at `path`, checking it as `verify --trust` would; a file that does
    /// not exist yet starts empty (it is created by [`Self::save`]).
    pub fn open(path: &Path) -> Result<Self, TrustEditError> {
        if !is_trust_file_name(path) {
            return Err(TrustEditError::NotATrustFileName {
                path: path.to_path_buf(),
            });
        }
        if std::fs::symlink_metadata(path).is_err() {
            let document = json!({"version": TRUST_FILE_VERSION, "signers": []});
            let Value::Object(document) = document else {
                unreachable!("a JSON object literal")
            };
            return Ok(Self {
                path: path.to_path_buf(),
                original: None,
                document,
            });
        }
        let bytes = files::read_limited(path, MAX_TRUST_FILE_BYTES)?;
        TrustStore::new().add_trust_json(&bytes, path)?;
        let document = match serde_json::from_slice(&bytes) {
            Ok(Value::Object(document)) => document,
            // The reader accepted it, so it is a JSON object.
            _ => unreachable!("a trust file the reader accepts is a JSON object"),
        };
        Ok(Self {
            path: path.to_path_buf(),
            original: Some(bytes),
            document,
        })
    }

    /// The trust file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether the file exists yet.
    pub fn exists(&self) -> bool {
        self.original.is_some()
    }

    /// Adds `new.key` to the signer named `new.name`, creating the signer if there is none.
    /// Refuses a key that is already listed, under any signer.
    pub fn add_key(&mut self, new: NewKey) -> Result<Added, TrustEditError> {
        let name = new.name.trim().to_owned();
        if name.is_empty() {
            return Err(TrustEditError::EmptyName {
                path: self.path.clone(),
            });
        }
        self.plain_text(&name, "name")?;
        if let (Some(from), Some(until)) = (new.valid_from, new.valid_until) {
            if from >= until {
                return Err(TrustEditError::EmptyWindow {
                    path: self.path.clone(),
                    from,
                    until,
                });
            }
        }
        if let Some((signer, _)) = self.locate(&new.key)? {
            return Err(TrustEditError::KeyAlreadyListed {
                path: self.path.clone(),
                keyid: new.key.key_id().short(),
                signer,
            });
        }
        let mut entry = Map::new();
        entry.insert("publicKey".into(), Value::String(new.key.to_pem()));
        if let Some(from) = new.valid_from {
            entry.insert("validFrom".into(), Value::String(from.to_string()));
        }
        if let Some(until) = new.valid_until {
            entry.insert("validUntil".into(), Value::String(until.to_string()));
        }
        let signers = self.signers_mut();
        let position = signers
            .iter()
            .position(|s| s["name"].as_str().is_some_and(|n| n.trim() == name));
        let signer = match position {
            Some(at) => &mut signers[at],
            None => {
                signers.push(json!({"name": name, "roles": [], "keys": []}));
                signers.last_mut().expect("just pushed")
            }
        };
        let (roles, roles_added) = grant(signer, &new.roles);
        push_array(signer, "keys", Value::Object(entry));
        Ok(Added {
            new_signer: position.is_none(),
            roles_added,
            roles,
        })
    }

    /// Marks `key` revoked: every signature it made stops counting, whatever time it claims.
    /// Returns the signer's name.
    pub fn revoke(
        &mut self,
        key: &PublicKey,
        revocation: &Revocation,
    ) -> Result<String, TrustEditError> {
        if let Some(reason) = &revocation.reason {
            self.plain_text(reason, "reason")?;
        }
        let keyid = key.key_id().short();
        let Some((signer, (s, k))) = self.locate(key)? else {
            return Err(TrustEditError::KeyNotListed {
                path: self.path.clone(),
                keyid,
            });
        };
        let entry = &mut self.signers_mut()[s]["keys"][k];
        if let Some(existing) = entry.get("revoked") {
            let existing = Revocation {
                at: existing["at"].as_str().and_then(|t| t.parse().ok()),
                reason: existing["reason"].as_str().map(str::to_owned),
            };
            return Err(TrustEditError::AlreadyRevoked {
                path: self.path.clone(),
                keyid,
                signer,
                revocation: existing.to_string(),
            });
        }
        let mut revoked = Map::new();
        if let Some(at) = revocation.at {
            revoked.insert("at".into(), Value::String(at.to_string()));
        }
        if let Some(reason) = &revocation.reason {
            revoked.insert("reason".into(), Value::String(reason.clone()));
        }
        if let Value::Object(entry) = entry {
            entry.insert("revoked".into(), Value::Object(revoked));
        }
        Ok(signer)
    }

    /// The file's new content: pretty-printed JSON with a final newline.
    pub fn to_json(&self) -> Vec<u8> {
        let mut bytes = serde_json::to_vec_pretty(&self.document).expect("JSON values serialise");
        bytes.push(b'\n');
        bytes
    }

    /// Checks the new content with the trust-file reader, then writes it atomically. A new file
    /// is created only if it still does not exist; an existing one is replaced only if nobody
    /// changed it since [`Self::open`].
    pub fn save(&self) -> Result<(), TrustEditError> {
        let bytes = self.to_json();
        TrustStore::new().add_trust_json(&bytes, &self.path)?;
        let overwrite = match &self.original {
            None => Overwrite::Refuse,
            Some(original) => {
                let now = files::read_limited(&self.path, MAX_TRUST_FILE_BYTES)?;
                if &now != original {
                    return Err(TrustEditError::ChangedMeanwhile {
                        path: self.path.clone(),
                    });
                }
                Overwrite::Allow
            }
        };
        files::write_atomic(&self.path, &bytes, overwrite, Visibility::Public)?;
        Ok(())
    }

    fn plain_text(&self, text: &str, field: &'static str) -> Result<(), TrustEditError> {
        if text.chars().any(char::is_control) {
            return Err(TrustEditError::ControlCharacter {
                path: self.path.clone(),
                field,
            });
        }
        Ok(())
    }

    fn signers_mut(&mut self) -> &mut Vec<Value> {
        match self
            .document
            .entry("signers")
            .or_insert_with(|| Value::Array(Vec::new()))
        {
            Value::Array(signers) => signers,
            _ => unreachable!("the reader checked that signers is an array"),
        }
    }

    /// Where `key` is listed: the signer's name and the (signer, key) positions.
    fn locate(&self, key: &PublicKey) -> Result<Option<Listing>, Error> {
        let base = match self.path.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let signers = self.document.get("signers").and_then(Value::as_array);
        for (s, signer) in signers.into_iter().flatten().enumerate() {
            let keys = signer["keys"].as_array().map(Vec::as_slice).unwrap_or(&[]);
            for (k, entry) in keys.iter().enumerate() {
                if entry_key(entry, &base)?.as_ref() == Some(key) {
                    let name = signer["name"].as_str().unwrap_or("").trim().to_owned();
                    return Ok(Some((name, (s, k))));
                }
            }
        }
        Ok(None)
    }
}

/// Where a key is listed: its signer's name, and the signer's and the key's positions.
type Listing = (String, (usize, usize));

/// The key of a trust-file key entry: inline PEM, or a file relative to the trust file.
fn entry_key(entry: &Value, base: &Path) -> Result<Option<PublicKey>, Error> {
    if let Some(pem) = entry["publicKey"].as_str() {
        return Ok(PublicKey::from_pem(pem).ok());
    }
    match entry["path"].as_str() {
        Some(path) => PublicKey::load(&base.join(path)).map(Some),
        None => Ok(None),
    }
}

/// Adds the roles the signer lacks; returns its roles now and those added.
fn grant(signer: &mut Value, wanted: &[Role]) -> (Vec<Role>, Vec<Role>) {
    let mut roles: Vec<Role> = signer["roles"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|r| r.as_str().and_then(|text| text.parse().ok()))
        .collect();
    let mut added = Vec::new();
    for role in wanted {
        if !roles.contains(role) && !added.contains(role) {
            push_array(signer, "roles", Value::String(role.cli_name().to_owned()));
            added.push(role.clone());
        }
    }
    roles.extend(added.iter().cloned());
    (roles, added)
}

fn push_array(object: &mut Value, field: &str, item: Value) {
    if let Value::Object(map) = object {
        match map.entry(field).or_insert_with(|| Value::Array(Vec::new())) {
            Value::Array(items) => items.push(item),
            other => *other = Value::Array(vec![item]),
        }
    }
}

/// What a trust file says, as `verify --trust` reads it: for `tprov trust show`.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct TrustSummary {
    /// The signers, in file order.
    pub signers: Vec<SignerSummary>,
}

/// One signer of a [`TrustSummary`].
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct SignerSummary {
    /// The reader's name for the signer.
    pub name: String,
    /// The roles granted (`post-editor` spelling, as written in trust files).
    pub roles: Vec<String>,
    /// The signer's keys, in file order.
    pub keys: Vec<KeySummary>,
}

/// One key of a [`SignerSummary`].
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct KeySummary {
    /// The full key id (lowercase hex SHA-256 of the raw public key).
    pub key_id: String,
    /// Start of the validity window, if any.
    pub valid_from: Option<Timestamp>,
    /// End of the validity window (exclusive), if any.
    pub valid_until: Option<Timestamp>,
    /// The revocation, if the key is revoked.
    pub revoked: Option<RevocationSummary>,
}

/// A revocation in a [`KeySummary`].
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RevocationSummary {
    /// When, if stated.
    pub at: Option<Timestamp>,
    /// Why, if stated.
    pub reason: Option<String>,
}

/// Reads a trust file with the `verify --trust` reader and summarises it by signer.
pub fn summarize(path: &Path) -> Result<TrustSummary, Error> {
    let mut store = TrustStore::new();
    store.add_trust_file(path)?;
    let mut signers: Vec<SignerSummary> = Vec::new();
    for entry in store.keys() {
        let key = KeySummary {
            key_id: entry.key.key_id().to_hex(),
            valid_from: entry.valid_from,
            valid_until: entry.valid_until,
            revoked: entry.revoked.as_ref().map(|r| RevocationSummary {
                at: r.at,
                reason: r.reason.clone(),
            }),
        };
        match signers.iter_mut().find(|s| s.name == entry.name) {
            Some(signer) => signer.keys.push(key),
            None => signers.push(SignerSummary {
                name: entry.name.clone(),
                roles: entry
                    .roles
                    .iter()
                    .map(|r| r.cli_name().to_owned())
                    .collect(),
                keys: vec![key],
            }),
        }
    }
    Ok(TrustSummary { signers })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::SecretKey;

    fn key(seed: u8) -> PublicKey {
        SecretKey::from_seed(&[seed; 32]).public_key()
    }

    fn at(text: &str) -> Timestamp {
        text.parse().unwrap()
    }

    #[test]
    fn add_creates_the_file_and_the_reader_accepts_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("trust.json");
        let mut edit = TrustFileEdit::open(&path).unwrap();
        assert!(!edit.exists());
        let mut new = NewKey::new("newsroom", key(1));
        new.roles = vec![Role::Publisher, Role::Editor, Role::Publisher];
        new.valid_until = Some(at("2026-01-01T00:00:00Z"));
        let added = edit.add_key(new).unwrap();
        assert!(added.new_signer);
        assert_eq!(added.roles, vec![Role::Publisher, Role::Editor]);
        let mut second = NewKey::new(" newsroom ", key(2));
        second.roles = vec![Role::Editor, Role::PostEditor];
        let added = edit.add_key(second).unwrap();
        assert!(!added.new_signer);
        assert_eq!(added.roles_added, vec![Role::PostEditor]);
        edit.save().unwrap();

        let mut store = TrustStore::new();
        store.add_trust_file(&path).unwrap();
        assert_eq!(store.keys().len(), 2);
        assert_eq!(store.keys()[0].name, "newsroom");
        assert_eq!(
            store.keys()[0].valid_until,
            Some(at("2026-01-01T00:00:00Z"))
        );
        assert!(store.keys()[1].grants(&Role::PostEditor));
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains("\"post-editor\""), "{text}");
    }

    #[test]
    fn a_listed_key_is_refused_and_a_revocation_is_recorded_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("trust.json");
        std::fs::write(dir.path().join("a.pub"), key(1).to_pem()).unwrap();
        std::fs::write(
            &path,
            json!({"version": 1, "comment": "keep me", "signers": [
                {"name": "agency", "comment": "and me", "keys": [{"path": "a.pub", "comment": "me too"}]}
            ]})
            .to_string(),
        )
        .unwrap();
        let mut edit = TrustFileEdit::open(&path).unwrap();
        let err = edit.add_key(NewKey::new("other", key(1))).unwrap_err();
        assert!(
            matches!(err, TrustEditError::KeyAlreadyListed { ref signer, .. } if signer == "agency"),
            "{err}"
        );
        let revocation = Revocation {
            at: Some(at("2026-03-02T00:00:00Z")),
            reason: Some("laptop stolen".into()),
        };
        assert_eq!(edit.revoke(&key(1), &revocation).unwrap(), "agency");
        let err = edit.revoke(&key(1), &revocation).unwrap_err();
        assert!(
            err.to_string()
                .contains("already revoked on 2026-03-02T00:00:00Z: laptop stolen"),
            "{err}"
        );
        assert!(matches!(
            edit.revoke(&key(9), &Revocation::default()),
            Err(TrustEditError::KeyNotListed { .. })
        ));
        edit.save().unwrap();
        let value: Value = serde_json::from_slice(&std::fs::read(&path).unwrap()).unwrap();
        assert_eq!(value["comment"], "keep me");
        assert_eq!(value["signers"][0]["comment"], "and me");
        assert_eq!(value["signers"][0]["keys"][0]["comment"], "me too");
        assert_eq!(value["signers"][0]["keys"][0]["path"], "a.pub");
        assert_eq!(
            value["signers"][0]["keys"][0]["revoked"],
            json!({"at": "2026-03-02T00:00:00Z", "reason": "laptop stolen"})
        );
        let summary = summarize(&path).unwrap();
        assert_eq!(summary.signers[0].keys[0].key_id, key(1).key_id().to_hex());
        assert!(summary.signers[0].keys[0].revoked.is_some());
    }

    #[test]
    fn bad_edits_are_refused_before_anything_is_written() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            TrustFileEdit::open(&dir.path().join("trust.txt")),
            Err(TrustEditError::NotATrustFileName { .. })
        ));
        let path = dir.path().join("trust.json");
        let mut edit = TrustFileEdit::open(&path).unwrap();
        assert!(matches!(
            edit.add_key(NewKey::new("  ", key(1))),
            Err(TrustEditError::EmptyName { .. })
        ));
        assert!(matches!(
            edit.add_key(NewKey::new("a\x1b[2Kb", key(1))),
            Err(TrustEditError::ControlCharacter { field: "name", .. })
        ));
        let mut window = NewKey::new("a", key(1));
        window.valid_from = Some(at("2026-01-01T00:00:00Z"));
        window.valid_until = window.valid_from;
        assert!(matches!(
            edit.add_key(window),
            Err(TrustEditError::EmptyWindow { .. })
        ));
        assert!(!path.exists());
        std::fs::write(&path, "{\"version\": 1, \"signers\": [], \"typo\": 1}").unwrap();
        assert!(matches!(
            TrustFileEdit::open(&path),
            Err(TrustEditError::Tprov(Error::TrustFile { .. }))
        ));
    }

    #[test]
    fn a_file_changed_meanwhile_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("trust.json");
        let mut first = TrustFileEdit::open(&path).unwrap();
        first.add_key(NewKey::new("a", key(1))).unwrap();
        first.save().unwrap();
        let mut edit = TrustFileEdit::open(&path).unwrap();
        edit.add_key(NewKey::new("b", key(2))).unwrap();
        let mut other = TrustFileEdit::open(&path).unwrap();
        other.add_key(NewKey::new("c", key(3))).unwrap();
        other.save().unwrap();
        assert!(matches!(
            edit.save(),
            Err(TrustEditError::ChangedMeanwhile { .. })
        ));
        // A second creation of a file that now exists is refused too.
        let mut late = TrustFileEdit::open(&dir.path().join("new.json")).unwrap();
        late.add_key(NewKey::new("d", key(4))).unwrap();
        std::fs::write(dir.path().join("new.json"), "{}").unwrap();
        assert!(matches!(
            late.save(),
            Err(TrustEditError::Tprov(Error::WouldOverwrite { .. }))
        ));
    }
}
