//! Helpers shared by the integration tests.

#![allow(dead_code)]

use std::fs;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A `tprov` command with a fixed signing time and no colour, so outputs are reproducible.
pub fn tprov() -> Command {
    let mut cmd = Command::cargo_bin("tprov").expect("the tprov binary is built");
    cmd.env("SOURCE_DATE_EPOCH", "1795500000")
        .env("NO_COLOR", "1")
        .env_remove("TPROV_PASSPHRASE");
    cmd
}

/// A scratch folder holding copies of the sample documents and demo keys.
pub struct Scratch {
    pub dir: tempfile::TempDir,
}

impl Scratch {
    /// Copies `examples/documents/*` and `keys/*.{key,pub}` into a new temporary folder;
    /// secret keys get mode 0600 (git does not keep modes).
    pub fn new() -> Self {
        let dir = tempfile::tempdir().expect("temp dir");
        for entry in fs::read_dir(root().join("examples/documents")).unwrap() {
            let path = entry.unwrap().path();
            fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
        }
        for entry in fs::read_dir(root().join("keys")).unwrap() {
            let path = entry.unwrap().path();
            if path.extension().is_some_and(|e| e == "key" || e == "pub") {
                let to = dir.path().join(path.file_name().unwrap());
                fs::copy(&path, &to).unwrap();
                #[cfg(unix)]
                if path.extension().is_some_and(|e| e == "key") {
                    use std::os::unix::fs::PermissionsExt;
                    fs::set_permissions(&to, fs::Permissions::from_mode(0o600)).unwrap();
                }
            }
        }
        Self { dir }
    }

    /// A path inside the scratch folder.
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// A command running in the scratch folder.
    pub fn tprov(&self) -> Command {
        let mut cmd = tprov();
        cmd.current_dir(self.dir.path());
        cmd
    }

    /// Signs `commentary.en.md` (the post-edited translation) with the newsroom key and the
    /// full metadata, writing `commentary.en.md.tprov.json`.
    pub fn sign_sample(&self) -> PathBuf {
        self.tprov()
            .args(sample_sign_args("commentary.en.md"))
            .assert()
            .success();
        self.path("commentary.en.md.tprov.json")
    }

    /// A sorted listing of the folder's file names and contents, to prove nothing changed.
    pub fn snapshot(&self) -> Vec<(String, Vec<u8>)> {
        let mut files: Vec<_> = fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.is_file())
            .map(|p| (p.file_name().unwrap().to_string_lossy().into_owned(), fs::read(&p).unwrap()))
            .collect();
        files.sort();
        files
    }
}

/// The arguments that sign `translation` as the sample commentary's translation.
pub fn sample_sign_args(translation: &str) -> Vec<String> {
    [
        "sign",
        translation,
        "--key",
        "newsroom.key",
        "--source",
        "commentary.zh.md",
        "--source-lang",
        "zh",
        "--target-lang",
        "en",
        "--engine",
        "ExampleMT",
        "--engine-version",
        "4.2",
        "--model",
        "example-nmt-2026",
        "--post-editor",
        "Li Wei",
        "--editor",
        "Maria Rossi",
        "--publisher",
        "The Example Review",
        "--source-uri",
        "https://example.cn/commentary/2026-11-20",
        "--source-title",
        "机器翻译时代的新闻责任",
        "--source-author",
        "王芳",
        "--source-published",
        "2026-11-20",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// Reads a file as a string.
pub fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap()
}
