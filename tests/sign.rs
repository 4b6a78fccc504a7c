//! `tprov sign`: where the envelope goes, refusal to overwrite, the exact statement it signs,
//! metadata from flags and `--meta` files, revision links, method derivation and input checks.

use std::fs;

use serde_json::{Value, json};

use crate::util::{
    Scratch, code, envelope_json, out_err, payload_bytes, payload_json, sample_sign_args,
    sha256_hex, temp_leftovers,
};

const IPTC: &str = "http://cv.iptc.org/newscodes/digitalsourcetype/";

/// Runs `tprov sign` with the sample arguments, where each `--flag value` pair of `extra`
/// replaces the sample's value for that flag or is added (a lone flag is added).
fn sign_sample_with(scratch: &Scratch, extra: &[&str]) -> std::process::Output {
    let mut args = sample_sign_args("commentary.en.md");
    let mut i = 0;
    while i < extra.len() {
        let flag = extra[i];
        let value = extra
            .get(i + 1)
            .filter(|v| !v.starts_with("--") || v.len() <= 2);
        match (args.iter().position(|a| a == flag), value) {
            (Some(at), Some(value)) => args[at + 1] = (*value).to_owned(),
            (None, Some(value)) => args.extend([flag.to_owned(), (*value).to_owned()]),
            (_, None) => args.push(flag.to_owned()),
        }
        i += if value.is_some() { 2 } else { 1 };
    }
    scratch.tprov().args(args).output().unwrap()
}

/// Runs `tprov sign DOC --key newsroom.key ARGS...` (no sample metadata).
fn sign_minimal(scratch: &Scratch, args: &[&str]) -> std::process::Output {
    scratch
        .tprov()
        .args(["sign", "commentary.en.md", "--key", "newsroom.key"])
        .args(args)
        .output()
        .unwrap()
}

fn file_sha256(scratch: &Scratch, name: &str) -> String {
    sha256_hex(&fs::read(scratch.path(name)).unwrap())
}

/// The files the scratch folder gained, by name.
fn new_files(before: &[(String, Vec<u8>)], after: &[(String, Vec<u8>)]) -> Vec<String> {
    after
        .iter()
        .filter(|(n, _)| !before.iter().any(|(m, _)| m == n))
        .map(|(n, _)| n.clone())
        .collect()
}

/// Asserts a sign command failed with exit 2, a message containing every `needle`, and wrote
/// nothing.
#[track_caller]
fn assert_refused(
    scratch: &Scratch,
    before: &[(String, Vec<u8>)],
    output: &std::process::Output,
    needles: &[&str],
    case: &str,
) {
    let (stdout, stderr) = out_err(output);
    assert_eq!(
        code(output),
        2,
        "{case}: expected exit 2; stdout: {stdout:?}; stderr: {stderr:?}"
    );
    for needle in needles {
        assert!(
            stderr.contains(needle),
            "{case}: expected the message to contain {needle:?}, got {stderr:?}"
        );
    }
    assert!(
        stderr.starts_with("tprov: ") && stderr.lines().count() == 1,
        "{case}: expected one `tprov: ...` line on stderr, got {stderr:?}"
    );
    assert_eq!(
        scratch.snapshot(),
        before,
        "{case}: expected the folder unchanged"
    );
}

/// The statement the sample arguments must produce, with digests computed here.
fn expected_sample_statement(scratch: &Scratch) -> Value {
    json!({
        "_type": "https://in-toto.io/Statement/v1",
        "subject": [{
            "name": "commentary.en.md",
            "digest": { "sha256": file_sha256(scratch, "commentary.en.md") }
        }],
        "predicateType": "https://tprov.dev/translation-provenance/v1",
        "predicate": {
            "source": {
                "name": "commentary.zh.md",
                "uri": "https://example.cn/commentary/2026-11-20",
                "digest": { "sha256": file_sha256(scratch, "commentary.zh.md") },
                "title": "机器翻译时代的新闻责任",
                "author": "王芳",
                "published": "2026-11-20"
            },
            "sourceLanguage": "zh",
            "targetLanguage": "en",
            "method": "machinePostEdit",
            "digitalSourceTypes": [
                format!("{IPTC}trainedAlgorithmicMedia"),
                format!("{IPTC}humanEdits")
            ],
            "agents": [
                { "role": "translator", "kind": "software", "name": "ExampleMT",
                  "version": "4.2", "model": "example-nmt-2026" },
                { "role": "postEditor", "kind": "person", "name": "Li Wei" },
                { "role": "editor", "kind": "person", "name": "Maria Rossi" },
                { "role": "publisher", "kind": "organization", "name": "The Example Review" }
            ],
            "translatedAt": "2026-11-24T06:00:00Z",
            "signedAt": "2026-11-24T06:00:00Z",
            "revision": 1,
            "text": sample_text_block(scratch)
        }
    })
}

/// The `text` block of the sample Markdown: the canonical text's digest computed here with
/// `sha2` from the library's canonical text, and its sentences counted.
fn sample_text_block(scratch: &Scratch) -> Value {
    use tprov::text::{CanonicalText, TextFormat, TextRecord};
    let bytes = fs::read(scratch.path("commentary.en.md")).unwrap();
    let text = CanonicalText::from_bytes(&bytes, TextFormat::Markdown).unwrap();
    let block = serde_json::to_value(TextRecord::new(&text)).unwrap();
    assert_eq!(block["sha256"], sha256_hex(text.text.as_bytes()));
    assert_eq!(block["format"], "markdown");
    assert_eq!(
        block["sentences"].as_array().unwrap().len(),
        text.sentences.len()
    );
    block
}

#[test]
fn default_output_is_translation_dot_tprov_json() {
    let scratch = Scratch::new();
    let before = scratch.snapshot();
    let output = sign_sample_with(&scratch, &[]);
    let (stdout, stderr) = out_err(&output);
    assert_eq!(
        code(&output),
        0,
        "expected sign to succeed; stderr: {stderr}"
    );
    assert!(
        stderr.is_empty(),
        "expected nothing on stderr, got {stderr:?}"
    );
    assert_eq!(
        new_files(&before, &scratch.snapshot()),
        ["commentary.en.md.tprov.json"],
        "expected exactly one new file, the envelope next to the translation"
    );
    let keyid = tprov::PublicKey::load(&scratch.path("newsroom.pub"))
        .unwrap()
        .key_id();
    assert_eq!(
        stdout,
        format!(
            "signed commentary.en.md -> commentary.en.md.tprov.json (key {}, revision 1)\n",
            keyid.short()
        ),
        "expected the one-line summary on stdout"
    );
    let envelope = envelope_json(&scratch.path("commentary.en.md.tprov.json"));
    assert_eq!(
        envelope["payloadType"], "application/vnd.in-toto+json",
        "expected the in-toto payload type"
    );
    assert_eq!(
        envelope["signatures"][0]["keyid"],
        keyid.to_hex(),
        "expected the keyid hint to be the newsroom key's id"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(scratch.path("commentary.en.md.tprov.json"))
            .unwrap()
            .permissions()
            .mode();
        assert_eq!(
            mode & 0o777,
            0o644,
            "expected a world-readable envelope (0644)"
        );
    }
}

#[test]
fn output_flag_writes_to_the_given_file_only() {
    let scratch = Scratch::new();
    let before = scratch.snapshot();
    let output = sign_sample_with(&scratch, &["--output", "record.json"]);
    assert_eq!(
        code(&output),
        0,
        "expected sign --output to succeed: {output:?}"
    );
    assert_eq!(
        new_files(&before, &scratch.snapshot()),
        ["record.json"],
        "expected the envelope at --output and not at the default place"
    );
    assert!(
        out_err(&output).0.contains("-> record.json"),
        "expected the summary to name the output file: {output:?}"
    );
    let verify = scratch
        .tprov()
        .args([
            "verify",
            "commentary.en.md",
            "--envelope",
            "record.json",
            "--pubkey",
            "newsroom.pub",
        ])
        .output()
        .unwrap();
    assert_eq!(
        code(&verify),
        0,
        "expected the envelope at --output to verify: {verify:?}"
    );
}

#[test]
fn output_dash_writes_the_envelope_to_stdout_and_no_file() {
    let scratch = Scratch::new();
    let before = scratch.snapshot();
    let output = sign_sample_with(&scratch, &["--output", "-"]);
    let (stdout, stderr) = out_err(&output);
    assert_eq!(
        code(&output),
        0,
        "expected sign -o - to succeed; stderr: {stderr}"
    );
    assert_eq!(
        scratch.snapshot(),
        before,
        "expected no file written with --output -"
    );
    let envelope: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("expected the envelope JSON on stdout ({e}): {stdout:?}"));
    assert_eq!(
        payload_json(&envelope),
        expected_sample_statement(&scratch),
        "expected the same statement as a file signature"
    );
    // Signing is deterministic: the file form is byte-identical to the stdout form.
    let to_file = sign_sample_with(&scratch, &[]);
    assert_eq!(code(&to_file), 0, "expected the file signature to succeed");
    assert_eq!(
        fs::read_to_string(scratch.path("commentary.en.md.tprov.json")).unwrap(),
        stdout,
        "expected `--output -` to print exactly the bytes a file signature writes"
    );
}

#[test]
fn refuses_to_overwrite_an_existing_envelope_and_force_replaces_it() {
    let scratch = Scratch::new();
    let envelope = scratch.path("commentary.en.md.tprov.json");
    fs::write(&envelope, "old envelope\n").unwrap();
    let before = scratch.snapshot();
    let refused = sign_sample_with(&scratch, &[]);
    assert_refused(
        &scratch,
        &before,
        &refused,
        &["commentary.en.md.tprov.json", "--force"],
        "existing default envelope",
    );
    assert_eq!(
        fs::read_to_string(&envelope).unwrap(),
        "old envelope\n",
        "expected the old envelope intact"
    );

    fs::write(scratch.path("other.json"), "other\n").unwrap();
    let before = scratch.snapshot();
    let refused = sign_sample_with(&scratch, &["--output", "other.json"]);
    assert_refused(
        &scratch,
        &before,
        &refused,
        &["other.json"],
        "existing --output file",
    );

    let forced = sign_sample_with(&scratch, &["--force"]);
    assert_eq!(code(&forced), 0, "expected --force to succeed: {forced:?}");
    let replaced = envelope_json(&envelope);
    assert_eq!(
        payload_json(&replaced),
        expected_sample_statement(&scratch),
        "expected --force to write the new envelope"
    );
    assert!(
        temp_leftovers(scratch.dir.path()).is_empty(),
        "expected no temporary file after --force"
    );
}

#[test]
fn force_replaces_a_linked_envelope_and_says_the_target_keeps_the_old_record() {
    // `sign --force` never writes through a link it replaces (the target could be any file):
    // the link becomes the new envelope, the target is untouched, and the signer is told.
    let scratch = Scratch::new();
    fs::create_dir(scratch.path("records")).unwrap();
    fs::write(scratch.path("records/old.json"), "the old record\n").unwrap();
    std::os::unix::fs::symlink(
        "records/old.json",
        scratch.path("commentary.en.md.tprov.json"),
    )
    .unwrap();
    let forced = sign_sample_with(&scratch, &["--force"]);
    let (_, err) = out_err(&forced);
    assert_eq!(code(&forced), 0, "{err}");
    let envelope = scratch.path("commentary.en.md.tprov.json");
    assert!(
        fs::symlink_metadata(&envelope)
            .unwrap()
            .file_type()
            .is_file()
    );
    assert_eq!(
        payload_json(&envelope_json(&envelope)),
        expected_sample_statement(&scratch)
    );
    assert_eq!(
        fs::read_to_string(scratch.path("records/old.json")).unwrap(),
        "the old record\n",
        "the link's target is not written"
    );
    assert!(
        err.contains(
            "note: commentary.en.md.tprov.json was a symbolic link to records/old.json; it is now a file of its own, and records/old.json still holds the record it held"
        ),
        "{err}"
    );
}

#[test]
fn the_payload_is_the_expected_statement() {
    let scratch = Scratch::new();
    let path = scratch.sign_sample();
    let envelope = envelope_json(&path);
    let statement = payload_json(&envelope);
    assert_eq!(
        statement,
        expected_sample_statement(&scratch),
        "expected exactly the sample statement"
    );
    // Key order is part of the signed bytes; pin it too.
    let keys: Vec<&str> = statement["predicate"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "source",
            "sourceLanguage",
            "targetLanguage",
            "method",
            "digitalSourceTypes",
            "agents",
            "translatedAt",
            "signedAt",
            "revision",
            "text"
        ],
        "expected the predicate fields in this order"
    );
    // The payload is compact JSON: what is signed is exactly `serde_json` compact output.
    assert_eq!(
        payload_bytes(&envelope),
        serde_json::to_vec(&statement).unwrap(),
        "expected a compact JSON payload"
    );
}

#[test]
fn sample_payload_snapshot() {
    let scratch = Scratch::new();
    let envelope = envelope_json(&scratch.sign_sample());
    let pretty = serde_json::to_string_pretty(&payload_json(&envelope)).unwrap();
    insta::assert_snapshot!("sample_payload", pretty);
}

#[test]
fn sample_envelope_snapshot() {
    // Ed25519 is deterministic and the time is fixed, so the whole envelope is reproducible.
    let scratch = Scratch::new();
    let envelope = fs::read_to_string(scratch.sign_sample()).unwrap();
    insta::assert_snapshot!("sample_envelope", envelope);
}

#[test]
fn source_sha256_flag_replaces_the_source_file() {
    let scratch = Scratch::new();
    let digest = file_sha256(&scratch, "commentary.zh.md");
    let output = sign_minimal(
        &scratch,
        &[
            "--source-sha256",
            &digest.to_uppercase(),
            "--source-lang",
            "zh",
            "--target-lang",
            "en",
            "--engine",
            "ExampleMT",
        ],
    );
    assert_eq!(
        code(&output),
        0,
        "expected sign --source-sha256 to succeed: {output:?}"
    );
    let statement = payload_json(&envelope_json(&scratch.path("commentary.en.md.tprov.json")));
    assert_eq!(
        statement["predicate"]["source"],
        json!({ "digest": { "sha256": digest } }),
        "expected the source digest (lowercased) and no name when only the digest is given"
    );
    let verify = scratch
        .tprov()
        .args([
            "verify",
            "commentary.en.md",
            "--pubkey",
            "newsroom.pub",
            "--source",
            "commentary.zh.md",
        ])
        .output()
        .unwrap();
    assert_eq!(
        code(&verify),
        0,
        "expected the source file to match the given digest: {verify:?}"
    );
}

#[test]
fn source_file_and_a_different_source_sha256_conflict() {
    let scratch = Scratch::new();
    let before = scratch.snapshot();
    let other = sha256_hex(b"another source");
    let output = sign_sample_with(&scratch, &["--source-sha256", &other]);
    assert_refused(
        &scratch,
        &before,
        &output,
        &[&other],
        "--source with a different --source-sha256",
    );
}

#[test]
fn missing_source_is_refused() {
    let scratch = Scratch::new();
    let before = scratch.snapshot();
    let output = sign_minimal(
        &scratch,
        &[
            "--source-lang",
            "zh",
            "--target-lang",
            "en",
            "--engine",
            "E",
        ],
    );
    assert_refused(
        &scratch,
        &before,
        &output,
        &["--source"],
        "no source at all",
    );
}

#[test]
fn meta_file_supplies_fields_and_flags_win() {
    let scratch = Scratch::new();
    let meta = json!({
        "sourceLanguage": "zh-Hans",
        "targetLanguage": "en-GB",
        "sourceUri": "https://example.cn/meta",
        "sourceTitle": "Meta title",
        "sourcePublisher": "Example Daily",
        "engine": "MetaMT",
        "engineVersion": "1.0",
        "postEditor": "Meta Editor",
        "reviewer": "Rita Review",
        "translatedAt": "2026-11-23T10:00:00Z",
        "agents": [{ "role": "terminologist", "kind": "person", "name": "Tess Term" }]
    });
    fs::write(scratch.path("meta.json"), meta.to_string()).unwrap();
    let output = scratch
        .tprov()
        .args([
            "sign",
            "commentary.en.md",
            "--key",
            "newsroom.key",
            "--source",
            "commentary.zh.md",
            "--meta",
            "meta.json",
            "--engine",
            "FlagMT",
            "--target-lang",
            "en",
        ])
        .output()
        .unwrap();
    assert_eq!(
        code(&output),
        0,
        "expected sign --meta to succeed: {output:?}"
    );
    let p = payload_json(&envelope_json(&scratch.path("commentary.en.md.tprov.json")))["predicate"]
        .clone();
    assert_eq!(
        p["sourceLanguage"], "zh-Hans",
        "expected sourceLanguage from --meta"
    );
    assert_eq!(
        p["targetLanguage"], "en",
        "expected --target-lang to win over --meta"
    );
    assert_eq!(
        p["source"]["uri"], "https://example.cn/meta",
        "expected sourceUri from --meta"
    );
    assert_eq!(
        p["source"]["title"], "Meta title",
        "expected sourceTitle from --meta"
    );
    assert_eq!(
        p["source"]["publisher"], "Example Daily",
        "expected sourcePublisher from --meta"
    );
    assert_eq!(
        p["translatedAt"], "2026-11-23T10:00:00Z",
        "expected translatedAt from --meta"
    );
    assert_eq!(
        p["signedAt"], "2026-11-24T06:00:00Z",
        "expected signedAt from SOURCE_DATE_EPOCH"
    );
    assert_eq!(
        p["method"], "machinePostEdit",
        "expected the method derived from engine + post-editor"
    );
    assert_eq!(
        p["agents"],
        json!([
            { "role": "translator", "kind": "software", "name": "FlagMT" },
            { "role": "postEditor", "kind": "person", "name": "Meta Editor" },
            { "role": "reviewer", "kind": "person", "name": "Rita Review" },
            { "role": "terminologist", "kind": "person", "name": "Tess Term" }
        ]),
        "expected --engine to win (the file's engine version is that engine's, so it goes too), the rest from --meta, extra agents last"
    );
}

#[test]
fn meta_file_with_an_unknown_key_is_refused() {
    let scratch = Scratch::new();
    fs::write(
        scratch.path("meta.json"),
        r#"{"sourceLanguage":"zh","targetLangauge":"en"}"#,
    )
    .unwrap();
    let before = scratch.snapshot();
    let output = sign_sample_with(&scratch, &["--meta", "meta.json"]);
    assert_refused(
        &scratch,
        &before,
        &output,
        &["meta.json", "targetLangauge"],
        "--meta with a misspelt key",
    );
    fs::write(scratch.path("bad.json"), "{ not json").unwrap();
    let before = scratch.snapshot();
    let output = sign_sample_with(&scratch, &["--meta", "bad.json"]);
    assert_refused(&scratch, &before, &output, &["bad.json"], "--meta not JSON");
}

#[test]
fn previous_envelope_gives_revision_two_and_links_to_its_payload() {
    let scratch = Scratch::new();
    let first = scratch.sign_sample();
    fs::rename(&first, scratch.path("v1.tprov.json")).unwrap();
    let v1 = envelope_json(&scratch.path("v1.tprov.json"));
    let mut text = fs::read_to_string(scratch.path("commentary.en.md")).unwrap();
    text.push_str("\nCorrection: a date was wrong.\n");
    fs::write(scratch.path("commentary.en.md"), text).unwrap();

    let output = sign_sample_with(&scratch, &["--previous", "v1.tprov.json"]);
    let (stdout, stderr) = out_err(&output);
    assert_eq!(
        code(&output),
        0,
        "expected sign --previous to succeed; stderr: {stderr}"
    );
    assert!(
        stdout.contains("revision 2"),
        "expected the summary to say revision 2: {stdout:?}"
    );
    let p = payload_json(&envelope_json(&scratch.path("commentary.en.md.tprov.json")))["predicate"]
        .clone();
    assert_eq!(p["revision"], 2, "expected revision 2");
    assert_eq!(
        p["previous"],
        json!({ "payloadSha256": sha256_hex(&payload_bytes(&v1)), "revision": 1 }),
        "expected previous to be the SHA-256 of v1's decoded payload bytes and its revision"
    );
    assert_ne!(
        p["previous"]["payloadSha256"].as_str().unwrap(),
        sha256_hex(&fs::read(scratch.path("v1.tprov.json")).unwrap()),
        "expected the link to be over the payload, not the envelope file"
    );
    let verify = scratch
        .tprov()
        .args(["verify", "commentary.en.md", "--pubkey", "newsroom.pub"])
        .output()
        .unwrap();
    assert_eq!(
        code(&verify),
        0,
        "expected revision 2 to verify: {verify:?}"
    );

    // Revision 3 follows revision 2.
    fs::rename(
        scratch.path("commentary.en.md.tprov.json"),
        scratch.path("v2.tprov.json"),
    )
    .unwrap();
    let output = sign_sample_with(&scratch, &["--previous", "v2.tprov.json"]);
    assert_eq!(
        code(&output),
        0,
        "expected revision 3 to be signed: {output:?}"
    );
    let p = payload_json(&envelope_json(&scratch.path("commentary.en.md.tprov.json")))["predicate"]
        .clone();
    assert_eq!(p["revision"], 3, "expected revision 3 after revision 2");
    assert_eq!(
        p["previous"]["revision"], 2,
        "expected the link to revision 2"
    );
}

#[test]
fn method_is_derived_from_the_agents() {
    /// (case, flags, expected method, expected digital source types, expected agents)
    type Case = (
        &'static str,
        &'static [&'static str],
        &'static str,
        &'static [&'static str],
        Value,
    );
    let cases: [Case; 4] = [
        (
            "engine alone",
            &["--engine", "ExampleMT"],
            "machine",
            &["trainedAlgorithmicMedia"],
            json!([{ "role": "translator", "kind": "software", "name": "ExampleMT" }]),
        ),
        (
            "translator alone",
            &["--translator", "Ann Human"],
            "human",
            &["digitalCreation"],
            json!([{ "role": "translator", "kind": "person", "name": "Ann Human" }]),
        ),
        (
            // Issue 13 item 4: an editor edits for publication; only --post-editor post-edits.
            "engine and editor",
            &["--engine", "ExampleMT", "--editor", "Ed"],
            "machine",
            &["trainedAlgorithmicMedia"],
            json!([
                { "role": "translator", "kind": "software", "name": "ExampleMT" },
                { "role": "editor", "kind": "person", "name": "Ed" }
            ]),
        ),
        (
            "explicit machine despite a post-editor",
            &[
                "--engine",
                "ExampleMT",
                "--post-editor",
                "Li",
                "--method",
                "machine",
            ],
            "machine",
            &["trainedAlgorithmicMedia"],
            json!([
                { "role": "translator", "kind": "software", "name": "ExampleMT" },
                { "role": "postEditor", "kind": "person", "name": "Li" }
            ]),
        ),
    ];
    for (case, flags, method, types, agents) in cases {
        let scratch = Scratch::new();
        let mut args = vec![
            "--source",
            "commentary.zh.md",
            "--source-lang",
            "zh",
            "--target-lang",
            "en",
        ];
        args.extend_from_slice(flags);
        let output = sign_minimal(&scratch, &args);
        assert_eq!(
            code(&output),
            0,
            "{case}: expected sign to succeed: {output:?}"
        );
        let p =
            payload_json(&envelope_json(&scratch.path("commentary.en.md.tprov.json")))["predicate"]
                .clone();
        assert_eq!(p["method"], method, "{case}: expected method {method}");
        let types: Vec<String> = types.iter().map(|t| format!("{IPTC}{t}")).collect();
        assert_eq!(
            p["digitalSourceTypes"],
            json!(types),
            "{case}: expected digital source types {types:?}"
        );
        assert_eq!(p["agents"], agents, "{case}: expected agents {agents}");
    }
}

#[test]
fn inconsistent_or_missing_method_is_refused() {
    let cases: [(&str, &[&str], &[&str]); 4] = [
        (
            "--method machine without an engine",
            &["--translator", "Ann", "--method", "machine"],
            &["--engine"],
        ),
        (
            "--method machine+post-edit without an engine",
            &["--post-editor", "Li", "--method", "machine+post-edit"],
            &["--engine"],
        ),
        (
            "--method human without a translator",
            &["--engine", "E", "--method", "human"],
            &["--translator"],
        ),
        (
            "nobody translated",
            &["--editor", "Ed"],
            &["--engine", "--translator"],
        ),
    ];
    for (case, flags, needles) in cases {
        let scratch = Scratch::new();
        let before = scratch.snapshot();
        let mut args = vec![
            "--source",
            "commentary.zh.md",
            "--source-lang",
            "zh",
            "--target-lang",
            "en",
        ];
        args.extend_from_slice(flags);
        let output = sign_minimal(&scratch, &args);
        assert_refused(&scratch, &before, &output, needles, case);
    }
}

#[test]
fn bad_language_tags_and_dates_are_refused() {
    let cases: [(&str, &[&str], &[&str]); 5] = [
        (
            "--source-lang chinese",
            &["--source-lang", "chinese"],
            &[
                "\"chinese\"",
                "not a registered language subtag",
                "did you mean zh?",
            ],
        ),
        (
            "--target-lang en_GB",
            &["--target-lang", "en_GB"],
            &["\"en_GB\"", "BCP 47", "did you mean en-GB?"],
        ),
        (
            "--source-published yesterday",
            &["--source-published", "yesterday"],
            &["\"yesterday\""],
        ),
        (
            "--translated-at tomorrow",
            &["--translated-at", "tomorrow"],
            &["\"tomorrow\""],
        ),
        (
            "--source-sha256 not hex",
            &["--source-sha256", "xyz"],
            &["\"xyz\""],
        ),
    ];
    for (case, flags, needles) in cases {
        let scratch = Scratch::new();
        let before = scratch.snapshot();
        let output = if case.starts_with("--source-sha256") {
            // Without the source file, so that the digest flag is the only source.
            sign_minimal(
                &scratch,
                &[
                    flags,
                    &[
                        "--source-lang",
                        "zh",
                        "--target-lang",
                        "en",
                        "--engine",
                        "E",
                    ][..],
                ]
                .concat(),
            )
        } else {
            sign_sample_with(&scratch, flags)
        };
        assert_refused(&scratch, &before, &output, needles, case);
    }
}

#[test]
fn source_date_epoch_sets_the_time_and_garbage_is_refused() {
    let scratch = Scratch::new();
    let output = scratch
        .tprov()
        .env("SOURCE_DATE_EPOCH", "0")
        .args(sample_sign_args("commentary.en.md"))
        .args(["--output", "-"])
        .output()
        .unwrap();
    assert_eq!(
        code(&output),
        0,
        "expected SOURCE_DATE_EPOCH=0 to be accepted: {output:?}"
    );
    let envelope: Value = serde_json::from_slice(&output.stdout).unwrap();
    let p = payload_json(&envelope)["predicate"].clone();
    assert_eq!(
        p["signedAt"], "1970-01-01T00:00:00Z",
        "expected signedAt from SOURCE_DATE_EPOCH=0"
    );
    assert_eq!(
        p["translatedAt"], "2026-11-24T06:00:00Z",
        "expected translatedAt as stated, not from SOURCE_DATE_EPOCH"
    );

    for garbage in ["garbage", "", "1.5", "99999999999999999999"] {
        let case = format!("SOURCE_DATE_EPOCH={garbage:?}");
        let before = scratch.snapshot();
        let output = scratch
            .tprov()
            .env("SOURCE_DATE_EPOCH", garbage)
            .args(sample_sign_args("commentary.en.md"))
            .output()
            .unwrap();
        assert_refused(&scratch, &before, &output, &["SOURCE_DATE_EPOCH"], &case);
    }
}

#[test]
fn a_revision_in_place_keeps_the_previous_record_as_an_archive() {
    // Issue 13 item 2: `--previous X` with X the default output, with or without --force (the
    // usual habit), keeps X as NAME.r1.tprov.json before the new envelope replaces it.
    for force in [false, true] {
        let scratch = Scratch::new();
        let v1_bytes = fs::read(scratch.sign_sample()).unwrap();
        let v1: Value = serde_json::from_slice(&v1_bytes).unwrap();
        fs::write(scratch.path("commentary.en.md"), "Revised translation.\n").unwrap();
        let mut flags = vec!["--previous", "commentary.en.md.tprov.json"];
        if force {
            flags.push("--force");
        }
        let output = sign_minimal(&scratch, &flags);
        let (stdout, stderr) = out_err(&output);
        assert_eq!(code(&output), 0, "force {force}: {output:?}");
        assert_eq!(
            fs::read(scratch.path("commentary.en.md.r1.tprov.json")).unwrap(),
            v1_bytes,
            "force {force}: the archive is the previous envelope, byte for byte"
        );
        assert!(
            stdout.contains("kept revision 1 as commentary.en.md.r1.tprov.json"),
            "{stdout}"
        );
        assert!(
            stderr.contains("its signature was not checked here"),
            "{stderr}"
        );
        let p =
            payload_json(&envelope_json(&scratch.path("commentary.en.md.tprov.json")))["predicate"]
                .clone();
        assert_eq!(
            p["previous"],
            json!({ "payloadSha256": sha256_hex(&payload_bytes(&v1)), "revision": 1 }),
            "expected the link to the replaced envelope's payload"
        );
        assert_eq!(p["revision"], 2, "expected revision 2");
        assert!(temp_leftovers(&scratch.path(".")).is_empty());

        // `log` finds the whole chain with no extra flags.
        let log = scratch
            .tprov()
            .args(["log", "commentary.en.md.tprov.json", "--json"])
            .output()
            .unwrap();
        let chain: Value = serde_json::from_slice(&log.stdout)
            .unwrap_or_else(|e| panic!("log --json ({e}): {log:?}"));
        assert_eq!(chain["intact"], true, "{chain}");
        assert_eq!(chain["entries"].as_array().unwrap().len(), 2, "{chain}");
    }
}

#[test]
fn a_revision_that_would_destroy_the_previous_record_is_refused() {
    let scratch = Scratch::new();
    let v1_bytes = fs::read(scratch.sign_sample()).unwrap();
    // Something else already holds the archive name: nothing may be written.
    fs::write(scratch.path("commentary.en.md.r1.tprov.json"), "{}").unwrap();
    let before = scratch.snapshot();
    let output = sign_minimal(
        &scratch,
        &["--previous", "commentary.en.md.tprov.json", "--force"],
    );
    assert_refused(
        &scratch,
        &before,
        &output,
        &[
            "refusing to replace commentary.en.md.tprov.json",
            "record named by --previous",
            "commentary.en.md.r1.tprov.json already exists",
        ],
        "archive name taken",
    );
    assert_eq!(
        fs::read(scratch.path("commentary.en.md.tprov.json")).unwrap(),
        v1_bytes
    );
}

#[test]
fn a_revision_inherits_the_previous_fields_and_lists_what_changed() {
    let scratch = Scratch::new();
    let v1 = payload_json(&envelope_json(&scratch.sign_sample()))["predicate"].clone();
    fs::write(scratch.path("commentary.en.md"), "Revised translation.\n").unwrap();
    let output = sign_minimal(
        &scratch,
        &[
            "--previous",
            "commentary.en.md.tprov.json",
            "--editor",
            "Zhongxiaowen",
            "--note",
            "Second paragraph corrected.",
        ],
    );
    let (_, stderr) = out_err(&output);
    assert_eq!(code(&output), 0, "{output:?}");
    let v2 =
        payload_json(&envelope_json(&scratch.path("commentary.en.md.tprov.json")))["predicate"]
            .clone();
    for field in [
        "source",
        "sourceLanguage",
        "targetLanguage",
        "method",
        "digitalSourceTypes",
        "translatedAt",
    ] {
        assert_eq!(v2[field], v1[field], "{field} inherited");
    }
    let mut agents = v1["agents"].clone();
    agents[2]["name"] = json!("Zhongxiaowen");
    assert_eq!(v2["agents"], agents, "only the editor changed");
    assert_eq!(v2["note"], "Second paragraph corrected.");
    assert!(
        stderr.contains("changed from revision 1:\ntprov:   agents.editor: Maria Rossi (person) → Zhongxiaowen (person)\ntprov:   note: (none) → Second paragraph corrected.\n"),
        "{stderr}"
    );

    // --no-inherit starts blank: without the languages the record cannot be built.
    fs::write(scratch.path("commentary.en.md"), "Third.\n").unwrap();
    let before = scratch.snapshot();
    let output = sign_minimal(
        &scratch,
        &["--previous", "commentary.en.md.tprov.json", "--no-inherit"],
    );
    assert_refused(
        &scratch,
        &before,
        &output,
        &["missing source", "--source FILE"],
        "--no-inherit",
    );
}

#[cfg(unix)]
#[test]
fn a_secret_key_readable_by_others_signs_with_a_warning() {
    use std::os::unix::fs::PermissionsExt;
    let scratch = Scratch::new();
    fs::set_permissions(
        scratch.path("newsroom.key"),
        fs::Permissions::from_mode(0o644),
    )
    .unwrap();
    let output = sign_sample_with(&scratch, &[]);
    let (_, stderr) = out_err(&output);
    assert_eq!(code(&output), 0, "expected signing to go ahead: {output:?}");
    assert!(
        stderr.contains("warning: newsroom.key can be read by other users")
            && stderr.contains("chmod 600 newsroom.key"),
        "expected a warning naming the key and the fix: {stderr:?}"
    );
}

#[test]
fn language_tags_with_a_dangling_singleton_are_refused() {
    for tag in ["x", "i", "en-a", "en-x", "zh-Hans-x"] {
        let case = format!("--source-lang {tag}");
        let scratch = Scratch::new();
        let before = scratch.snapshot();
        let output = sign_sample_with(&scratch, &["--source-lang", tag]);
        assert_refused(
            &scratch,
            &before,
            &output,
            &[&format!("{tag:?}"), "BCP 47"],
            &case,
        );
    }
}
