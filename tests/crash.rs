//! Crash safety: `sign --force`, `keygen` and `cosign` killed at any point leave either the old
//! files or complete new ones, never a partial or corrupt file.
//!
//! Each command is started and killed (SIGKILL through `Child::kill`, or SIGTERM / SIGINT, which
//! tprov does not handle, so they end it just as abruptly) at fixed delays and, to hit the few
//! milliseconds of the write itself, the moment its temporary file (`.tprov-*.tmp`) appears or its
//! destination changes.
//!
//! A killed process cannot delete its temporary file: a kill during the write leaves a
//! `.tprov-XXXXXX.tmp` beside the destination. The tests check that such a leftover can never be
//! taken for an envelope or a key (hidden, and not named `*.tprov.json`, `*.key` or `*.pub`), and
//! remove it before the next run.

#![cfg(unix)]

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use tprov::{Envelope, PublicKey, SecretKey};

use crate::util::{Scratch, sample_sign_args};

/// Size of the large document, in MiB. The debug build hashes about 20–40 MiB/s, so the default
/// keeps the test within seconds; `TPROV_CRASH_TEST_MB=400` gives the full-size run.
fn big_document_mib() -> u64 {
    std::env::var("TPROV_CRASH_TEST_MB")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(32)
}

/// How a run is ended.
#[derive(Debug, Clone, Copy)]
enum Signal {
    Kill,
    Term,
    Int,
}

/// When a run is ended.
#[derive(Debug, Clone)]
enum When {
    /// After a delay.
    After(Duration),
    /// As soon as a temporary file appears in the folder: during the atomic write.
    TempAppears,
    /// As soon as the file's contents differ from these bytes (or it appears or vanishes).
    Changed(PathBuf, Option<Vec<u8>>),
    /// Never: the run completes.
    Never,
}

/// `tprov ARGS...` in `dir`, with a fixed signing time, no colour and no output.
fn tprov(dir: &Path, args: &[String]) -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_tprov"));
    cmd.args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1795500000")
        .env("NO_COLOR", "1")
        .env_remove("TPROV_PASSPHRASE")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    cmd
}

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

fn temp_files(dir: &Path) -> Vec<PathBuf> {
    fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let name = p.file_name().unwrap().to_string_lossy();
            name.starts_with(".tprov-") && name.ends_with(".tmp")
        })
        .collect()
}

fn send(child: &mut Child, signal: Signal) {
    match signal {
        Signal::Kill => {
            // Fails only when the child was already reaped, which `run` never does first.
            let _ = child.kill();
        }
        Signal::Term | Signal::Int => {
            let name = if matches!(signal, Signal::Term) {
                "-TERM"
            } else {
                "-INT"
            };
            let _ = Command::new("kill")
                .args([name, &child.id().to_string()])
                .status();
        }
    }
}

/// What happened to one run.
#[derive(Debug)]
struct Run {
    status: ExitStatus,
    /// Whether the signal was sent before the run ended by itself.
    signalled: bool,
}

/// Runs `cmd`, ends it with `signal` at `when`, and waits for it.
fn run(mut cmd: Command, dir: &Path, when: &When, signal: Signal) -> Run {
    let start = Instant::now();
    let mut child = cmd.spawn().expect("tprov starts");
    loop {
        if let Some(status) = child.try_wait().unwrap() {
            return Run {
                status,
                signalled: false,
            };
        }
        let now = match when {
            When::After(delay) => start.elapsed() >= *delay,
            When::TempAppears => !temp_files(dir).is_empty(),
            When::Changed(path, old) => fs::read(path).ok() != *old,
            When::Never => false,
        };
        if now {
            send(&mut child, signal);
            return Run {
                status: child.wait().unwrap(),
                signalled: true,
            };
        }
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "tprov ran for two minutes"
        );
        if matches!(when, When::After(_) | When::Never) {
            sleep(Duration::from_micros(200));
        }
    }
}

/// Checks leftover temporary files can never be taken for an envelope or a key, removes them and
/// returns how many there were. Any other new file is a partial write and fails the test.
fn sweep(dir: &Path, before: &[String], case: &str) -> usize {
    let leftovers = temp_files(dir);
    for path in &leftovers {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            name.starts_with('.')
                && !name.ends_with(".tprov.json")
                && !name.ends_with(".key")
                && !name.ends_with(".pub"),
            "{case}: the leftover {name} could be taken for an envelope or a key"
        );
        fs::remove_file(path).unwrap();
    }
    let now = names(dir);
    let new: Vec<&String> = now.iter().filter(|n| !before.contains(n)).collect();
    assert!(new.is_empty(), "{case}: unexpected new files {new:?}");
    leftovers.len()
}

fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// A large, mostly sparse document: a little text at the start, the middle and the end.
fn make_big_document(path: &Path, mib: u64) {
    use std::io::{Seek, SeekFrom, Write};
    let mut file = fs::File::create(path).unwrap();
    let len = mib * 1024 * 1024;
    file.set_len(len).unwrap();
    for at in [0, len / 2, len - 64] {
        file.seek(SeekFrom::Start(at)).unwrap();
        file.write_all(b"# A very long translation\n").unwrap();
    }
}

fn newsroom_public(scratch: &Scratch) -> PublicKey {
    PublicKey::from_pem(&fs::read_to_string(scratch.path("newsroom.pub")).unwrap()).unwrap()
}

/// The arguments that sign `translation` into `output`, replacing it.
fn sign_force_args(translation: &str, output: &str) -> Vec<String> {
    let mut list = sample_sign_args(translation);
    list.extend(args(&["-o", output, "--force"]));
    list
}

#[test]
fn sign_force_killed_at_any_point_leaves_the_old_or_the_new_envelope() {
    let scratch = Scratch::new();
    let dir = scratch.dir.path();
    let output = "out.tprov.json";
    let out = scratch.path(output);

    // The old envelope: the small sample document, signed into `out`.
    let status = tprov(dir, &sign_force_args("commentary.en.md", output))
        .status()
        .unwrap();
    assert!(status.success());
    let old = fs::read(&out).unwrap();

    // The new envelope, made once without interruption (Ed25519 is deterministic and the
    // signing time fixed, so every complete run writes these same bytes).
    make_big_document(&scratch.path("big.md"), big_document_mib());
    let started = Instant::now();
    let status = tprov(dir, &sign_force_args("big.md", output))
        .status()
        .unwrap();
    let full = started.elapsed();
    assert!(status.success());
    let new = fs::read(&out).unwrap();
    assert_ne!(new, old);
    let envelope = Envelope::from_json(&new).expect("the new envelope is complete");
    assert!(envelope.is_signed_by(&newsroom_public(&scratch)));

    let mut plan: Vec<(&str, When, Signal)> = vec![
        ("big.md", When::After(Duration::ZERO), Signal::Kill),
        ("big.md", When::After(full / 3), Signal::Kill),
        ("big.md", When::After(full * 2 / 3), Signal::Kill),
        ("big.md", When::TempAppears, Signal::Kill),
        (
            "commentary.en.mt.md",
            When::After(Duration::from_millis(5)),
            Signal::Term,
        ),
    ];
    // The write itself lasts milliseconds: catch it a few more times on the small document.
    for signal in [Signal::Kill, Signal::Kill, Signal::Term, Signal::Int] {
        plan.push(("commentary.en.mt.md", When::TempAppears, signal));
    }
    plan.push(("big.md", When::Never, Signal::Kill));

    // What a complete run on the small machine translation writes.
    let status = tprov(dir, &sign_force_args("commentary.en.mt.md", output))
        .status()
        .unwrap();
    assert!(status.success());
    let small_new = fs::read(&out).unwrap();
    assert_ne!(small_new, old);
    let before = names(dir);
    let mut leftovers = 0;
    let mut during_write = 0;
    for (i, (document, when, signal)) in plan.iter().enumerate() {
        fs::write(&out, &old).unwrap();
        let case = format!("run #{i}: sign {document} ended by {signal:?} at {when:?}");
        let result = run(
            tprov(dir, &sign_force_args(document, output)),
            dir,
            when,
            *signal,
        );
        let now = fs::read(&out).unwrap_or_else(|e| panic!("{case}: the envelope is gone: {e}"));
        let complete = if *document == "big.md" {
            &new
        } else {
            &small_new
        };
        assert!(
            now == old || now == *complete,
            "{case}: the envelope is neither the old one nor the new one ({} bytes): {}",
            now.len(),
            String::from_utf8_lossy(&now)
        );
        if result.status.success() {
            assert_eq!(
                &now, complete,
                "{case}: a successful run left the old envelope"
            );
        }
        if result.signalled && matches!(when, When::TempAppears) {
            during_write += 1;
        }
        leftovers += sweep(dir, &before, &case);
    }
    assert!(
        fs::read(&out).unwrap() == new,
        "the last, uninterrupted run writes the new envelope"
    );
    eprintln!(
        "note: sign --force: {} runs, {during_write} ended during the atomic write, \
         {leftovers} left a .tprov-*.tmp file behind (full run: {full:?})",
        plan.len()
    );
}

/// The key pair in `PREFIX.key` / `PREFIX.pub`, each file checked to be complete.
fn read_pair(dir: &Path, prefix: &str, case: &str) -> (Option<SecretKey>, Option<PublicKey>) {
    let secret = fs::read_to_string(dir.join(format!("{prefix}.key")))
        .ok()
        .map(|pem| {
            SecretKey::from_pem(&pem)
                .unwrap_or_else(|e| panic!("{case}: {prefix}.key is not a complete key: {e}"))
        });
    let public = fs::read_to_string(dir.join(format!("{prefix}.pub")))
        .ok()
        .map(|pem| {
            PublicKey::from_pem(&pem)
                .unwrap_or_else(|e| panic!("{case}: {prefix}.pub is not a complete key: {e}"))
        });
    (secret, public)
}

fn keygen_args(prefix: &str, force: bool) -> Vec<String> {
    let mut list = args(&["keygen", "--out", prefix, "--unencrypted"]);
    if force {
        list.push("--force".into());
    }
    list
}

/// Kill points for keygen.
#[derive(Debug, Clone, Copy)]
enum KeygenKill {
    After(Duration),
    /// During either atomic write.
    TempAppears,
    /// Right after the secret key file changed (or appeared): between the two writes.
    SecretChanged,
    Never,
}

const KEYGEN_PLAN: &[(KeygenKill, Signal)] = &[
    (KeygenKill::After(Duration::ZERO), Signal::Kill),
    (KeygenKill::After(Duration::from_millis(2)), Signal::Kill),
    (KeygenKill::After(Duration::from_millis(10)), Signal::Term),
    (KeygenKill::TempAppears, Signal::Kill),
    (KeygenKill::TempAppears, Signal::Int),
    (KeygenKill::SecretChanged, Signal::Kill),
    (KeygenKill::SecretChanged, Signal::Kill),
    (KeygenKill::Never, Signal::Kill),
];

impl KeygenKill {
    fn when(self, dir: &Path, prefix: &str) -> When {
        match self {
            Self::After(delay) => When::After(delay),
            Self::TempAppears => When::TempAppears,
            Self::SecretChanged => {
                let key = dir.join(format!("{prefix}.key"));
                let now = fs::read(&key).ok();
                When::Changed(key, now)
            }
            Self::Never => When::Never,
        }
    }
}

/// What every keygen kill must leave: each key file present is complete (never truncated or
/// empty), and nothing else but hidden temporary files that cannot be taken for keys.
#[test]
fn keygen_killed_at_any_point_leaves_no_partial_key_file() {
    let scratch = Scratch::new();
    let dir = scratch.dir.path();
    let status = tprov(dir, &keygen_args("pair", false)).status().unwrap();
    assert!(status.success());
    let before = names(dir);
    let mut leftovers = 0;
    for (i, &(kill, signal)) in KEYGEN_PLAN.iter().enumerate() {
        let when = kill.when(dir, "pair");
        let case = format!("keygen --force run #{i} ended by {signal:?} at {when:?}");
        let result = run(tprov(dir, &keygen_args("pair", true)), dir, &when, signal);
        let (secret, public) = read_pair(dir, "pair", &case);
        assert!(
            secret.is_some() && public.is_some(),
            "{case}: both key files remain ({result:?})"
        );
        if !result.signalled {
            assert!(
                result.status.success(),
                "{case}: an uninterrupted run succeeds"
            );
            assert_eq!(
                secret.unwrap().public_key(),
                public.unwrap(),
                "{case}: a completed run leaves a matching pair"
            );
        }
        leftovers += sweep(dir, &before, &case);
    }
    eprintln!("keygen: {leftovers} temporary file(s) left by killed runs, all hidden and swept");
}

/// The window between the two renames of `keygen --force` (SECURITY.md, crash safety): the
/// secret key is put in place first, so a public key never appears without its secret key, and
/// a new secret key left beside the old public key is reported when it is used to sign.
#[test]
fn keygen_killed_between_the_two_writes_leaves_a_recoverable_pair() {
    let scratch = Scratch::new();
    let dir = scratch.dir.path();
    assert!(
        tprov(dir, &keygen_args("pair", false))
            .status()
            .unwrap()
            .success()
    );
    for attempt in 0..5 {
        let old_secret = fs::read(scratch.path("pair.key")).unwrap();
        let case = format!("keygen --force attempt {attempt}, killed once pair.key changed");
        let when = When::Changed(scratch.path("pair.key"), Some(old_secret.clone()));
        run(
            tprov(dir, &keygen_args("pair", true)),
            dir,
            &when,
            Signal::Kill,
        );
        let (secret, public) = read_pair(dir, "pair", &case);
        let (secret, public) = (secret.unwrap(), public.unwrap());
        if secret.public_key() != public {
            let out = tprov(
                dir,
                &args(&[
                    "sign",
                    "commentary.en.md",
                    "--key",
                    "pair.key",
                    "--source-sha256",
                    &"0".repeat(64),
                    "--source-lang",
                    "zh",
                    "--target-lang",
                    "en",
                    "--engine",
                    "X",
                    "--output",
                    "-",
                ]),
            )
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .output()
            .unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert!(
                stderr.contains("pair.pub is not the public key of"),
                "{case}: a mismatched pair must be reported when signing: {stderr}"
            );
        }

        let case = format!("keygen attempt {attempt}, killed once fresh.key appeared");
        let when = When::Changed(scratch.path("fresh.key"), None);
        run(
            tprov(dir, &keygen_args("fresh", false)),
            dir,
            &when,
            Signal::Kill,
        );
        let (secret, public) = read_pair(dir, "fresh", &case);
        assert!(
            secret.is_some() || public.is_none(),
            "{case}: the secret key is put in place first, so a public key never appears alone"
        );
        for name in ["fresh.key", "fresh.pub"] {
            let _ = fs::remove_file(scratch.path(name));
        }
        for temp in temp_files(dir) {
            fs::remove_file(temp).unwrap();
        }
    }
}

/// Whether this build has `tprov cosign`.
fn have_cosign(dir: &Path) -> bool {
    tprov(dir, &args(&["cosign", "--help"]))
        .status()
        .is_ok_and(|s| s.success())
}

#[test]
fn cosign_killed_at_any_point_leaves_the_old_or_the_new_envelope() {
    let scratch = Scratch::new();
    let dir = scratch.dir.path();
    if !have_cosign(dir) {
        eprintln!("note: skipping the cosign crash test: this tprov has no cosign command");
        return;
    }
    let envelope = scratch.sign_sample();
    let old = fs::read(&envelope).unwrap();
    let name = envelope.file_name().unwrap().to_string_lossy().into_owned();
    let cosign = args(&["cosign", &name, "--key", "translator.key"]);
    let status = tprov(dir, &cosign).status().unwrap();
    assert!(status.success(), "cosign runs");
    let new = fs::read(&envelope).unwrap();
    assert_ne!(new, old);
    let parsed = Envelope::from_json(&new).expect("the co-signed envelope is complete");
    assert_eq!(parsed.signatures.len(), 2);

    let before = names(dir);
    let mut leftovers = 0;
    let plan = [
        (When::After(Duration::ZERO), Signal::Kill),
        (When::After(Duration::from_millis(3)), Signal::Kill),
        (When::After(Duration::from_millis(10)), Signal::Term),
        (When::TempAppears, Signal::Kill),
        (When::TempAppears, Signal::Kill),
        (When::TempAppears, Signal::Int),
        (When::Never, Signal::Kill),
    ];
    for (i, (when, signal)) in plan.iter().enumerate() {
        fs::write(&envelope, &old).unwrap();
        let case = format!("cosign run #{i} ended by {signal:?} at {when:?}");
        let result = run(tprov(dir, &cosign), dir, when, *signal);
        let now = fs::read(&envelope).unwrap();
        assert!(
            now == old || now == new,
            "{case}: the envelope is neither the old one nor the co-signed one: {}",
            String::from_utf8_lossy(&now)
        );
        if result.status.success() {
            assert_eq!(now, new, "{case}: a successful run left the old envelope");
        }
        leftovers += sweep(dir, &before, &case);
    }
    assert_eq!(fs::read(&envelope).unwrap(), new);
    eprintln!("note: cosign: {leftovers} runs left a .tprov-*.tmp file behind");
}
