//! Crash safety: `sign --force`, `keygen` and `cosign` ended at any point leave either the old
//! files or complete new ones, never a partial or corrupt file.
//!
//! The write itself lasts microseconds, so killing at a delay almost never lands in it. Each
//! scenario therefore also ends the command at exact points, chosen without any hook in tprov:
//!
//! - **in the middle of a write**: run under `prlimit --fsize=N` (util-linux), the kernel ends
//!   the process with `SIGXFSZ` the moment its write reaches byte N of the temporary file — a
//!   crash with exactly N bytes written;
//! - **before each file-system step**: run under `strace -e inject=SYSCALL:signal=KILL:when=K`,
//!   the process is killed as it enters the K-th call of SYSCALL (each `write`, `fchmod`, `fsync`,
//!   `rename`… of a complete run, found by tracing one first), so a kill lands between every two
//!   steps, including between the two renames of `keygen`.
//!
//! A run killed during a write cannot delete its temporary file: it leaves a `.tprov-XXXXXX.tmp`
//! beside the destination. The tests check that such a leftover can never be taken for an
//! envelope or a key (hidden, and not named `*.tprov.json`, `*.key` or `*.pub`), and remove it
//! before the next run. Every scenario asserts that its exact kills landed where they were aimed.

#![cfg(unix)]

use std::fs;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, ExitStatus, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use tprov::{Envelope, PublicKey, SecretKey};

use crate::util::{Scratch, have_tool, sample_sign_args};

/// Size of the large document, in MiB. The debug build hashes about 20–40 MiB/s, so the default
/// keeps the test within seconds; `TPROV_CRASH_TEST_MB=400` gives the full-size run.
fn big_document_mib() -> u64 {
    std::env::var("TPROV_CRASH_TEST_MB")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(32)
}

/// `SIGXFSZ` on Linux: "file size limit exceeded", sent by the kernel at the write that would
/// pass `RLIMIT_FSIZE`.
const SIGXFSZ: i32 = 25;
/// `SIGKILL`.
const SIGKILL: i32 = 9;

/// The file-system steps of an atomic write at which a run is killed, one at a time.
const STEPS: &str =
    "write,fchmod,fsync,fdatasync,rename,renameat,renameat2,link,linkat,unlink,unlinkat";

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
    /// By `signal`, after a delay: anywhere, most likely while reading or hashing.
    After(Duration, Signal),
    /// By the kernel (`SIGXFSZ`) when a write reaches this many bytes of a file.
    FileSize(u64),
    /// By `SIGKILL` on entering the K-th (1-based) call of this system call.
    Syscall(String, usize),
    /// Never: the run completes.
    Never,
}

impl When {
    /// Whether this kill is aimed at the atomic write (not at a delay).
    fn exact(&self) -> bool {
        matches!(self, Self::FileSize(_) | Self::Syscall(..))
    }
}

/// `tprov ARGS...` in `dir`, with a fixed signing time, no colour and no output, wrapped so that
/// it is ended at `when`.
fn tprov(dir: &Path, args: &[String], when: &When) -> Command {
    let binary = env!("CARGO_BIN_EXE_tprov");
    let mut cmd = match when {
        When::FileSize(bytes) => {
            let mut cmd = Command::new("prlimit");
            // No core file: it would be a new file in the folder.
            cmd.args([format!("--fsize={bytes}"), "--core=0".into(), binary.into()]);
            cmd
        }
        When::Syscall(name, nth) => {
            let mut cmd = Command::new("strace");
            cmd.args(["-f", "-qq", "-o", "/dev/null", "-e"])
                .arg(format!("trace={name}"))
                .arg("-e")
                .arg(format!("inject={name}:signal=KILL:when={nth}"))
                .arg(binary);
            cmd
        }
        When::After(..) | When::Never => Command::new(binary),
    };
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

/// Whether `prlimit` and `strace` (with permission to trace) are available: visible skip, or a
/// failure under CI.
fn have_killers() -> bool {
    have_tool(
        "prlimit",
        &["--version"],
        "the exact crash points (prlimit)",
    ) && have_tool(
        "strace",
        &["-qq", "-o", "/dev/null", "true"],
        "the exact crash points (strace)",
    )
}

/// The file-system steps of a complete run of `tprov ARGS...` in `dir`, in order, as kill
/// points: each is (system call, its 1-based count among the calls of that name).
fn steps(dir: &Path, args: &[String]) -> Vec<When> {
    let trace = tempfile::NamedTempFile::new().unwrap();
    let status = Command::new("strace")
        .args(["-f", "-qq", "-o"])
        .arg(trace.path())
        .arg(format!("-etrace={STEPS}"))
        .arg(env!("CARGO_BIN_EXE_tprov"))
        .args(args)
        .current_dir(dir)
        .env("SOURCE_DATE_EPOCH", "1795500000")
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .expect("strace starts");
    assert!(status.success(), "the traced run of {args:?} succeeds");
    let text = fs::read_to_string(trace.path()).unwrap();
    let mut seen: Vec<String> = Vec::new();
    let mut points = Vec::new();
    for line in text.lines() {
        // With -f, a line may start with the thread id.
        let call = line.trim_start_matches(|c: char| c.is_ascii_digit() || c == ' ');
        let Some(name) = call
            .split('(')
            .next()
            .filter(|n| STEPS.split(',').any(|s| s == *n))
        else {
            continue;
        };
        seen.push(name.to_owned());
        let nth = seen.iter().filter(|n| *n == name).count();
        points.push(When::Syscall(name.to_owned(), nth));
    }
    assert!(
        points
            .iter()
            .any(|p| matches!(p, When::Syscall(n, _) if n.starts_with("rename"))),
        "expected the traced run of {args:?} to rename a file into place: {text}"
    );
    points
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
    /// Whether the run was ended before it finished by itself.
    ended: bool,
    /// Whether it was ended during an atomic write: a temporary file was left behind (holding
    /// exactly the limit's bytes, for a file-size kill).
    mid_write: bool,
}

/// Runs `tprov ARGS...` in `dir`, ends it at `when`, and waits for it.
fn run(dir: &Path, list: &[String], when: &When) -> Run {
    let start = Instant::now();
    let mut child = tprov(dir, list, when).spawn().expect("tprov starts");
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if let When::After(delay, signal) = when
            && start.elapsed() >= *delay
        {
            send(&mut child, *signal);
            break child.wait().unwrap();
        }
        assert!(
            start.elapsed() < Duration::from_secs(120),
            "tprov ran for two minutes"
        );
        sleep(Duration::from_micros(200));
    };
    let temps = temp_files(dir);
    let (ended, mid_write) = match when {
        When::FileSize(bytes) => (
            status.signal() == Some(SIGXFSZ),
            temps
                .iter()
                .any(|t| fs::metadata(t).is_ok_and(|m| m.len() == *bytes)),
        ),
        // strace ends itself with the signal that killed the traced process.
        When::Syscall(..) => (status.signal() == Some(SIGKILL), !temps.is_empty()),
        When::After(..) => (!status.success(), !temps.is_empty()),
        When::Never => (false, false),
    };
    Run {
        status,
        ended,
        mid_write,
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

/// The exact kills for a write of `size` bytes: in the middle of the write (at its first, middle
/// and last byte) and before each file-system step of a complete run.
fn exact_kills(size: u64, steps: Vec<When>) -> Vec<When> {
    let mut plan = vec![
        When::FileSize(0),
        When::FileSize(size / 2),
        When::FileSize(size - 1),
    ];
    plan.extend(steps);
    plan
}

/// Asserts that every exact kill of a scenario landed where it was aimed, and that at least one
/// landed during the write itself.
#[track_caller]
fn assert_kills_landed(results: &[(String, When, Run)], scenario: &str) {
    for (case, when, result) in results {
        if when.exact() {
            assert!(
                result.ended,
                "{case}: expected the run to be ended there, got {:?}",
                result.status
            );
        }
        if matches!(when, When::FileSize(_)) {
            assert!(
                result.mid_write,
                "{case}: expected a temporary file holding exactly the bytes written"
            );
        }
    }
    let mid = results.iter().filter(|(_, _, r)| r.mid_write).count();
    assert!(
        mid >= 1,
        "{scenario}: no run was ended during the atomic write"
    );
}

#[test]
fn sign_force_killed_at_any_point_leaves_the_old_or_the_new_envelope() {
    if !have_killers() {
        return;
    }
    let scratch = Scratch::new();
    let dir = scratch.dir.path();
    let output = "out.tprov.json";
    let out = scratch.path(output);

    // The old envelope: the small sample document, signed into `out`.
    let status = tprov(
        dir,
        &sign_force_args("commentary.en.md", output),
        &When::Never,
    )
    .status()
    .unwrap();
    assert!(status.success());
    let old = fs::read(&out).unwrap();

    // The new envelopes, made once without interruption (Ed25519 is deterministic and the
    // signing time fixed, so every complete run writes these same bytes).
    make_big_document(&scratch.path("big.md"), big_document_mib());
    let started = Instant::now();
    assert!(
        run(dir, &sign_force_args("big.md", output), &When::Never)
            .status
            .success()
    );
    let full = started.elapsed();
    let big_new = fs::read(&out).unwrap();
    let envelope = Envelope::from_json(&big_new).expect("the new envelope is complete");
    assert!(envelope.is_signed_by(&newsroom_public(&scratch)));
    let small = sign_force_args("commentary.en.mt.md", output);
    let steps = steps(dir, &small);
    let small_new = fs::read(&out).unwrap();
    for new in [&big_new, &small_new] {
        assert_ne!(*new, old);
    }

    let mut plan: Vec<(&str, When)> = vec![
        ("big.md", When::After(Duration::ZERO, Signal::Kill)),
        ("big.md", When::After(full / 3, Signal::Kill)),
        ("big.md", When::After(full * 2 / 3, Signal::Term)),
        (
            "commentary.en.mt.md",
            When::After(Duration::from_millis(5), Signal::Int),
        ),
    ];
    let size = small_new.len() as u64;
    plan.extend(
        exact_kills(size, steps)
            .into_iter()
            .map(|w| ("commentary.en.mt.md", w)),
    );
    plan.push(("big.md", When::Never));

    let before = names(dir);
    let mut results = Vec::new();
    for (i, (document, when)) in plan.into_iter().enumerate() {
        fs::write(&out, &old).unwrap();
        let case = format!("run #{i}: sign {document} ended at {when:?}");
        let result = run(dir, &sign_force_args(document, output), &when);
        let now = fs::read(&out).unwrap_or_else(|e| panic!("{case}: the envelope is gone: {e}"));
        let complete = if document == "big.md" {
            &big_new
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
        if result.mid_write {
            assert_eq!(
                now, old,
                "{case}: killed during the write, the old envelope stays"
            );
        }
        sweep(dir, &before, &case);
        results.push((case, when, result));
    }
    assert_kills_landed(&results, "sign --force");
    assert_eq!(
        fs::read(&out).unwrap(),
        big_new,
        "the last, uninterrupted run writes the new envelope"
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

/// Signs with `PREFIX.key` to standard output and returns what tprov said on stderr.
fn sign_with(dir: &Path, prefix: &str) -> String {
    let key = format!("{prefix}.key");
    let zeros = "0".repeat(64);
    let list = args(&[
        "sign",
        "commentary.en.md",
        "--key",
        &key,
        "--source-sha256",
        &zeros,
        "--source-lang",
        "zh",
        "--target-lang",
        "en",
        "--engine",
        "X",
        "--output",
        "-",
    ]);
    let out = tprov(dir, &list, &When::Never)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert!(out.status.success(), "signing with {key}: {out:?}");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// What every keygen kill must leave: each key file present is complete (never truncated or
/// empty), the pair matches unless the kill fell between the two renames — and then signing says
/// so — and nothing else but hidden temporary files that cannot be taken for keys.
#[test]
fn keygen_killed_at_any_point_leaves_no_partial_key_file() {
    if !have_killers() {
        return;
    }
    let scratch = Scratch::new();
    let dir = scratch.dir.path();
    assert!(
        run(dir, &keygen_args("pair", false), &When::Never)
            .status
            .success()
    );
    let steps = steps(dir, &keygen_args("pair", true));
    let size = fs::metadata(scratch.path("pair.key")).unwrap().len();
    let mut plan = vec![
        When::After(Duration::ZERO, Signal::Kill),
        When::After(Duration::from_millis(2), Signal::Kill),
        When::After(Duration::from_millis(10), Signal::Term),
    ];
    plan.extend(exact_kills(size, steps));
    plan.push(When::Never);

    let before = names(dir);
    let mut results = Vec::new();
    // Each run starts from the same matching pair (a timed kill may land between the renames
    // too, and must not leave the next run a mismatched pair to start from).
    let old = (
        fs::read(scratch.path("pair.key")).unwrap(),
        fs::read(scratch.path("pair.pub")).unwrap(),
    );
    let mut mismatched = Vec::new();
    for (i, when) in plan.into_iter().enumerate() {
        fs::write(scratch.path("pair.key"), &old.0).unwrap();
        fs::write(scratch.path("pair.pub"), &old.1).unwrap();
        let case = format!("keygen --force run #{i} ended at {when:?}");
        let result = run(dir, &keygen_args("pair", true), &when);
        let (secret, public) = read_pair(dir, "pair", &case);
        let (secret, public) = (secret.unwrap(), public.unwrap());
        if secret.public_key() != public {
            // Only the secret key was put in place: the old public key is still there, and
            // signing with the new secret key reports the mismatch.
            mismatched.push(when.clone());
            assert!(
                result.ended,
                "{case}: only a killed run leaves a mismatched pair"
            );
            assert_ne!(fs::read(scratch.path("pair.key")).unwrap(), old.0, "{case}");
            assert_eq!(fs::read(scratch.path("pair.pub")).unwrap(), old.1, "{case}");
            let stderr = sign_with(dir, "pair");
            assert!(
                stderr.contains("pair.pub is not the public key of"),
                "{case}: a mismatched pair must be reported when signing: {stderr}"
            );
        }
        if !result.ended {
            assert!(
                result.status.success(),
                "{case}: an uninterrupted run succeeds"
            );
        }
        sweep(dir, &before, &case);
        results.push((case, when, result));
    }
    assert_kills_landed(&results, "keygen --force");
    let exact: Vec<&When> = mismatched.iter().filter(|w| w.exact()).collect();
    assert!(
        matches!(exact[..], [When::Syscall(name, 2)] if name.starts_with("rename")),
        "expected exactly one exact kill, before the second rename, to leave a mismatched pair; \
         mismatched: {mismatched:?}"
    );
}

/// `keygen` without `--force` puts the secret key in place first (SECURITY.md, crash safety): a
/// public key never appears without its secret key, whatever step the kill lands on.
#[test]
fn keygen_killed_at_any_step_never_leaves_a_public_key_alone() {
    if !have_killers() {
        return;
    }
    let scratch = Scratch::new();
    let dir = scratch.dir.path();
    let steps = steps(dir, &keygen_args("fresh", false));
    let size = fs::metadata(scratch.path("fresh.key")).unwrap().len();
    let mut alone = 0;
    let mut results = Vec::new();
    for when in exact_kills(size, steps) {
        for name in ["fresh.key", "fresh.pub"] {
            let _ = fs::remove_file(scratch.path(name));
        }
        let before = names(dir);
        let case = format!("keygen ended at {when:?}");
        let result = run(dir, &keygen_args("fresh", false), &when);
        let (secret, public) = read_pair(dir, "fresh", &case);
        assert!(
            secret.is_some() || public.is_none(),
            "{case}: the secret key is put in place first, so a public key never appears alone"
        );
        if secret.is_some() && public.is_none() {
            alone += 1;
        }
        for name in ["fresh.key", "fresh.pub"] {
            let _ = fs::remove_file(scratch.path(name));
        }
        sweep(dir, &before, &case);
        results.push((case, when, result));
    }
    assert_kills_landed(&results, "keygen");
    assert_eq!(
        alone, 1,
        "expected exactly one kill (between the two renames) to leave the secret key alone"
    );
}

#[test]
fn cosign_killed_at_any_point_leaves_the_old_or_the_new_envelope() {
    if !have_killers() {
        return;
    }
    let scratch = Scratch::new();
    let dir = scratch.dir.path();
    let envelope = scratch.sign_sample();
    let old = fs::read(&envelope).unwrap();
    let name = envelope.file_name().unwrap().to_string_lossy().into_owned();
    let cosign = args(&["cosign", &name, "--key", "translator.key"]);
    let steps = steps(dir, &cosign);
    let new = fs::read(&envelope).unwrap();
    assert_ne!(new, old);
    let parsed = Envelope::from_json(&new).expect("the co-signed envelope is complete");
    assert_eq!(parsed.signatures.len(), 2);

    let mut plan = vec![
        When::After(Duration::ZERO, Signal::Kill),
        When::After(Duration::from_millis(3), Signal::Kill),
        When::After(Duration::from_millis(10), Signal::Int),
    ];
    plan.extend(exact_kills(new.len() as u64, steps));
    plan.push(When::Never);
    let before = names(dir);
    let mut results = Vec::new();
    for (i, when) in plan.into_iter().enumerate() {
        fs::write(&envelope, &old).unwrap();
        let case = format!("cosign run #{i} ended at {when:?}");
        let result = run(dir, &cosign, &when);
        let now = fs::read(&envelope).unwrap();
        assert!(
            now == old || now == new,
            "{case}: the envelope is neither the old one nor the co-signed one: {}",
            String::from_utf8_lossy(&now)
        );
        if result.status.success() {
            assert_eq!(now, new, "{case}: a successful run left the old envelope");
        }
        if result.mid_write {
            assert_eq!(
                now, old,
                "{case}: killed during the write, the old envelope stays"
            );
        }
        sweep(dir, &before, &case);
        results.push((case, when, result));
    }
    assert_kills_landed(&results, "cosign");
    assert_eq!(fs::read(&envelope).unwrap(), new);
}
