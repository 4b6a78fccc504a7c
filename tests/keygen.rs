//! `tprov keygen`: the two key files, their modes, the printed key id, refusal to overwrite,
//! `--force`, and round trips with OpenSSL (PKCS#8 v1 secret keys, SPKI public keys).

use std::fs;
use std::path::Path;

use crate::util::{code, have_openssl, openssl, out_err, sha256_hex, tprov, unb64};

/// The DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410 §4): the raw key follows it.
const ED25519_SPKI_PREFIX: [u8; 12] = [
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00,
];

/// Runs `tprov keygen --out DIR/NAME --unencrypted EXTRA...` and returns the output.
fn keygen(dir: &Path, name: &str, extra: &[&str]) -> std::process::Output {
    tprov()
        .current_dir(dir)
        .args(["keygen", "--out", name, "--unencrypted"])
        .args(extra)
        .output()
        .unwrap()
}

/// The 32 raw key bytes of an SPKI PEM public key, decoded by hand (not by tprov).
fn raw_public_key(pem: &str) -> [u8; 32] {
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    let der = unb64(&body);
    assert_eq!(
        der.len(),
        44,
        "expected a 44-byte Ed25519 SPKI DER in the public key file, got {der:02x?}"
    );
    assert_eq!(
        der[..12],
        ED25519_SPKI_PREFIX,
        "expected the Ed25519 SPKI prefix (OID 1.3.101.112) in the public key file"
    );
    der[12..].try_into().unwrap()
}

/// The key id from keygen's output line `key id HEX`.
fn printed_key_id(stdout: &str) -> String {
    let line = stdout
        .lines()
        .find_map(|l| l.strip_prefix("key id "))
        .unwrap_or_else(|| panic!("expected a `key id HEX` line in keygen's output: {stdout:?}"));
    line.trim().to_owned()
}

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path).unwrap().permissions().mode() & 0o777
}

#[test]
fn writes_a_private_secret_key_and_a_public_key_and_prints_the_key_id() {
    let dir = tempfile::tempdir().unwrap();
    let output = keygen(dir.path(), "newsroom", &[]);
    let (stdout, stderr) = out_err(&output);
    assert_eq!(
        code(&output),
        0,
        "expected keygen to succeed; stderr: {stderr}"
    );
    let secret = dir.path().join("newsroom.key");
    let public = dir.path().join("newsroom.pub");
    #[cfg(unix)]
    {
        assert_eq!(mode(&secret), 0o600, "expected the secret key to be 0600");
        assert_eq!(mode(&public), 0o644, "expected the public key to be 0644");
    }
    let mut names: Vec<_> = fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["newsroom.key", "newsroom.pub"],
        "expected exactly the two key files and no temporary file"
    );

    let secret_pem = fs::read_to_string(&secret).unwrap();
    let public_pem = fs::read_to_string(&public).unwrap();
    assert!(
        secret_pem.starts_with("-----BEGIN PRIVATE KEY-----\n")
            && secret_pem.ends_with("-----END PRIVATE KEY-----\n"),
        "expected an unencrypted PKCS#8 PEM secret key, got {secret_pem:?}"
    );
    assert!(
        public_pem.starts_with("-----BEGIN PUBLIC KEY-----\n")
            && public_pem.ends_with("-----END PUBLIC KEY-----\n"),
        "expected an SPKI PEM public key, got {public_pem:?}"
    );

    let id = printed_key_id(&stdout);
    assert_eq!(
        id.len(),
        64,
        "expected a 64-hex-character key id, got {id:?}"
    );
    assert!(
        id.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b)),
        "expected a lowercase hex key id, got {id:?}"
    );
    let raw = raw_public_key(&public_pem);
    assert_eq!(
        id,
        sha256_hex(&raw),
        "expected the key id to be the SHA-256 of the raw 32-byte public key"
    );
    // The library agrees with the hand decoding, and the two files are one pair.
    let loaded = tprov::PublicKey::load(&public).expect("tprov loads its own public key");
    assert_eq!(
        loaded.as_raw(),
        &raw,
        "expected PublicKey::load to give the raw key in the file"
    );
    assert_eq!(
        loaded.key_id().to_hex(),
        id,
        "expected PublicKey::key_id to be the printed id"
    );
    let secret_key = tprov::SecretKey::load(&secret).expect("tprov loads its own secret key");
    assert_eq!(
        secret_key.public_key(),
        loaded,
        "expected the .pub file to hold the public half of the .key file"
    );
    assert!(
        stdout.contains("newsroom.key") && stdout.contains("newsroom.pub"),
        "expected the output to name both files: {stdout:?}"
    );
    assert!(
        !stdout.contains(secret_pem.lines().nth(1).unwrap()),
        "expected the secret key never to be printed"
    );
}

#[test]
fn two_key_pairs_are_different() {
    let dir = tempfile::tempdir().unwrap();
    let a = keygen(dir.path(), "a", &[]);
    let b = keygen(dir.path(), "b", &[]);
    assert_eq!(
        (code(&a), code(&b)),
        (0, 0),
        "expected both keygens to succeed"
    );
    assert_ne!(
        printed_key_id(&out_err(&a).0),
        printed_key_id(&out_err(&b).0),
        "expected fresh randomness for every key pair"
    );
    assert_ne!(
        fs::read(dir.path().join("a.key")).unwrap(),
        fs::read(dir.path().join("b.key")).unwrap(),
        "expected different secret keys"
    );
}

#[test]
fn refuses_to_overwrite_either_key_file_without_force() {
    // (case, files present before) — the refusal must name the existing file, leave every file
    // byte-for-byte unchanged and not write the missing half of the pair.
    for present in [
        &["newsroom.key", "newsroom.pub"][..],
        &["newsroom.key"][..],
        &["newsroom.pub"][..],
    ] {
        let case = format!("existing {present:?}");
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            code(&keygen(dir.path(), "newsroom", &[])),
            0,
            "{case}: first keygen"
        );
        for name in ["newsroom.key", "newsroom.pub"] {
            if !present.contains(&name) {
                fs::remove_file(dir.path().join(name)).unwrap();
            }
        }
        let before: Vec<_> = present
            .iter()
            .map(|n| fs::read(dir.path().join(n)).unwrap())
            .collect();

        let output = keygen(dir.path(), "newsroom", &[]);
        let (stdout, stderr) = out_err(&output);
        assert_eq!(
            code(&output),
            2,
            "{case}: expected exit 2; stderr: {stderr}"
        );
        assert!(
            stderr.contains(present[0]) && stderr.contains("--force"),
            "{case}: expected the message to name {} and suggest --force, got {stderr:?}",
            present[0]
        );
        assert!(
            stdout.is_empty(),
            "{case}: expected no key id printed, got {stdout:?}"
        );
        let after: Vec<_> = present
            .iter()
            .map(|n| fs::read(dir.path().join(n)).unwrap())
            .collect();
        assert_eq!(
            before, after,
            "{case}: expected the existing files unchanged"
        );
        let count = fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(
            count,
            present.len(),
            "{case}: expected no new file (no half pair, no temporary file)"
        );
    }
}

#[test]
fn force_replaces_both_files() {
    let dir = tempfile::tempdir().unwrap();
    let first = keygen(dir.path(), "newsroom", &[]);
    assert_eq!(code(&first), 0, "expected the first keygen to succeed");
    let old_secret = fs::read(dir.path().join("newsroom.key")).unwrap();
    let old_public = fs::read(dir.path().join("newsroom.pub")).unwrap();

    let second = keygen(dir.path(), "newsroom", &["--force"]);
    let (stdout, stderr) = out_err(&second);
    assert_eq!(
        code(&second),
        0,
        "expected --force to succeed; stderr: {stderr}"
    );
    let new_secret = fs::read(dir.path().join("newsroom.key")).unwrap();
    let new_public = fs::read_to_string(dir.path().join("newsroom.pub")).unwrap();
    assert_ne!(
        old_secret, new_secret,
        "expected --force to replace the secret key"
    );
    assert_ne!(
        old_public,
        new_public.as_bytes(),
        "expected --force to replace the public key"
    );
    assert_eq!(
        printed_key_id(&stdout),
        sha256_hex(&raw_public_key(&new_public)),
        "expected the printed key id to be the new key's"
    );
    #[cfg(unix)]
    {
        assert_eq!(
            mode(&dir.path().join("newsroom.key")),
            0o600,
            "expected 0600 after --force"
        );
        assert_eq!(
            mode(&dir.path().join("newsroom.pub")),
            0o644,
            "expected 0644 after --force"
        );
    }
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        2,
        "expected no temporary file left by --force"
    );
}

#[test]
fn missing_output_directory_is_an_error_naming_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let output = keygen(dir.path(), "no-such-dir/newsroom", &[]);
    let (stdout, stderr) = out_err(&output);
    assert_eq!(code(&output), 2, "expected exit 2; stderr: {stderr}");
    assert!(
        stderr.contains("no-such-dir/newsroom"),
        "expected the message to name the path, got {stderr:?}"
    );
    assert!(
        stdout.is_empty(),
        "expected no key id printed, got {stdout:?}"
    );
    assert_eq!(
        fs::read_dir(dir.path()).unwrap().count(),
        0,
        "expected nothing written"
    );
}

#[test]
fn openssl_reads_the_secret_key_and_derives_the_same_public_key() {
    if !have_openssl("keygen OpenSSL round trip") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    assert_eq!(
        code(&keygen(dir.path(), "newsroom", &[])),
        0,
        "expected keygen to succeed"
    );
    // PKCS#8 v1 is what OpenSSL 3.0 reads (it refuses v2 with the embedded public key).
    openssl(dir.path(), &["pkey", "-in", "newsroom.key", "-noout"]);
    let derived = openssl(dir.path(), &["pkey", "-in", "newsroom.key", "-pubout"]);
    assert_eq!(
        String::from_utf8(derived).unwrap(),
        fs::read_to_string(dir.path().join("newsroom.pub")).unwrap(),
        "expected `openssl pkey -pubout` of name.key to equal name.pub byte for byte"
    );
    // OpenSSL's view of the raw key: the last 32 bytes of the SPKI DER.
    let der = openssl(
        dir.path(),
        &["pkey", "-pubin", "-in", "newsroom.pub", "-outform", "DER"],
    );
    let raw = &der[der.len() - 32..];
    let newsroom_id = tprov::PublicKey::load(&dir.path().join("newsroom.pub"))
        .unwrap()
        .key_id()
        .to_hex();
    assert_eq!(
        newsroom_id,
        sha256_hex(raw),
        "expected the key id to be SHA-256 of the raw key as OpenSSL decodes it"
    );
}

#[test]
fn a_key_made_by_openssl_signs_and_its_openssl_public_key_verifies() {
    if !have_openssl("signing with an OpenSSL-made key") {
        return;
    }
    let scratch = crate::util::Scratch::new();
    let dir = scratch.dir.path();
    openssl(
        dir,
        &["genpkey", "-algorithm", "ed25519", "-out", "openssl.key"],
    );
    openssl(
        dir,
        &[
            "pkey",
            "-in",
            "openssl.key",
            "-pubout",
            "-out",
            "openssl.pub",
        ],
    );
    let mut args = crate::util::sample_sign_args("commentary.en.md");
    let key_at = args.iter().position(|a| a == "--key").unwrap() + 1;
    args[key_at] = "openssl.key".into();
    let signed = scratch.tprov().args(&args).output().unwrap();
    assert_eq!(
        code(&signed),
        0,
        "expected tprov to sign with an OpenSSL key; stderr: {}",
        out_err(&signed).1
    );
    let verified = scratch
        .tprov()
        .args(["verify", "commentary.en.md", "--pubkey", "openssl.pub"])
        .output()
        .unwrap();
    let (stdout, stderr) = out_err(&verified);
    assert_eq!(
        code(&verified),
        0,
        "expected verification with the OpenSSL public key; stdout: {stdout}; stderr: {stderr}"
    );
    assert!(
        stdout.contains("verified by openssl"),
        "expected the signer to be named after openssl.pub: {stdout}"
    );
    let other = scratch
        .tprov()
        .args(["verify", "commentary.en.md", "--pubkey", "newsroom.pub"])
        .output()
        .unwrap();
    assert_eq!(
        code(&other),
        1,
        "expected the newsroom key not to verify a signature by the OpenSSL key"
    );
}
