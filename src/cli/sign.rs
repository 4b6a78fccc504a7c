//! `tprov sign`: sign a translated document.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use jiff::Timestamp;
use tprov::SecretKey;
use tprov::io::envelope_file::default_envelope_path;
use tprov::io::files;
use tprov::record::Metadata;
use tprov::sign::{SignRequest, build_record, read_metadata, write_envelope};

use super::passphrase::PassphraseArgs;
use super::{CliError, ColorWhen, named_file, output, overwrite_policy};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The translated document to sign.
    translation: PathBuf,
    /// The secret key (PKCS#8 PEM, from `tprov keygen` or `openssl genpkey -algorithm ed25519`).
    #[arg(long, value_name = "SECRET.key")]
    key: PathBuf,
    #[command(flatten)]
    passphrase: PassphraseArgs,
    /// Source language, a BCP 47 tag (zh, zh-Hans, ...).
    #[arg(long, value_name = "LANG")]
    source_lang: Option<String>,
    /// Target language, a BCP 47 tag (en, en-GB, ...).
    #[arg(long, value_name = "LANG")]
    target_lang: Option<String>,
    /// The source document the translation was made from (hashed, not embedded).
    #[arg(long, value_name = "FILE")]
    source: Option<PathBuf>,
    /// The source's SHA-256, when the source file is not at hand.
    #[arg(long, value_name = "HEX")]
    source_sha256: Option<String>,
    /// Where the source is published.
    #[arg(long, value_name = "URI")]
    source_uri: Option<String>,
    /// The source's title.
    #[arg(long, value_name = "T")]
    source_title: Option<String>,
    /// The source's author.
    #[arg(long, value_name = "NAME")]
    source_author: Option<String>,
    /// Who first published the source.
    #[arg(long, value_name = "NAME")]
    source_publisher: Option<String>,
    /// When the source was first published (YYYY-MM-DD or RFC 3339).
    #[arg(long, value_name = "DATE")]
    source_published: Option<String>,
    /// The machine translation engine.
    #[arg(long, value_name = "NAME")]
    engine: Option<String>,
    /// The engine's version.
    #[arg(long, value_name = "V")]
    engine_version: Option<String>,
    /// The engine's model.
    #[arg(long, value_name = "M")]
    model: Option<String>,
    /// A human translator.
    #[arg(long, value_name = "NAME")]
    translator: Option<String>,
    /// The person who post-edited the machine translation.
    #[arg(long, value_name = "NAME")]
    post_editor: Option<String>,
    /// A reviewer.
    #[arg(long, value_name = "NAME")]
    reviewer: Option<String>,
    /// The editor.
    #[arg(long, value_name = "NAME")]
    editor: Option<String>,
    /// The publishing organisation.
    #[arg(long, value_name = "NAME")]
    publisher: Option<String>,
    /// How the translation was made; derived from the agents when omitted.
    #[arg(long, value_parser = ["machine", "machine+post-edit", "human"])]
    method: Option<String>,
    /// When the translation was made (RFC 3339); defaults to the signing time.
    #[arg(long, value_name = "TIME")]
    translated_at: Option<String>,
    /// A JSON file with the same fields (lowerCamelCase); flags win over it.
    #[arg(long, value_name = "FILE.json")]
    meta: Option<PathBuf>,
    /// The envelope of the revision this one replaces: links to it and increments the revision.
    #[arg(long, value_name = "OLD.tprov.json")]
    previous: Option<PathBuf>,
    /// Where to write the envelope (default TRANSLATION.tprov.json; - for standard output).
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Replace an existing envelope.
    #[arg(long)]
    force: bool,
}

impl Args {
    fn flag_metadata(&self) -> Metadata {
        Metadata {
            source_language: self.source_lang.clone(),
            target_language: self.target_lang.clone(),
            source_sha256: self.source_sha256.clone(),
            source_uri: self.source_uri.clone(),
            source_title: self.source_title.clone(),
            source_author: self.source_author.clone(),
            source_publisher: self.source_publisher.clone(),
            source_published: self.source_published.clone(),
            engine: self.engine.clone(),
            engine_version: self.engine_version.clone(),
            model: self.model.clone(),
            translator: self.translator.clone(),
            post_editor: self.post_editor.clone(),
            reviewer: self.reviewer.clone(),
            editor: self.editor.clone(),
            publisher: self.publisher.clone(),
            method: self.method.clone(),
            translated_at: self.translated_at.clone(),
            ..Metadata::default()
        }
    }
}

pub fn run(args: Args, color: ColorWhen) -> Result<ExitCode, CliError> {
    let output_path = args
        .output
        .clone()
        .unwrap_or_else(|| default_envelope_path(&args.translation));
    let overwrite = overwrite_policy(args.force);
    // Refuse early, before hashing a large document, when the envelope exists.
    if let Some(path) = named_file(&output_path) {
        files::refuse_existing(path, overwrite)?;
    }
    let key = load_secret_key(&args.key, &args.passphrase, color)?;
    let file_metadata = match &args.meta {
        Some(path) => read_metadata(path)?,
        None => Metadata::default(),
    };
    let request = SignRequest {
        translation: args.translation.clone(),
        source: args.source.clone(),
        metadata: file_metadata.overlay(args.flag_metadata()),
        previous: args.previous.clone(),
        signed_at: signing_time()?,
    };
    let statement = build_record(&request)?;
    let envelope = statement.sign(&key);
    let revision = statement.predicate.revision;
    let keyid = key.public_key().key_id().short();
    match named_file(&output_path) {
        None => output::stdout(&envelope.to_json(), color)?,
        Some(path) => {
            write_envelope(&envelope, path, overwrite)?;
            let text = format!(
                "signed {} -> {} (key {keyid}, revision {revision})\n",
                args.translation.display(),
                path.display()
            );
            output::stdout(text.as_bytes(), color)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Loads a secret key, asking for its passphrase only when it is encrypted, and warning (like
/// OpenSSH) when others can read the file.
pub fn load_secret_key(
    path: &Path,
    passphrase: &PassphraseArgs,
    color: ColorWhen,
) -> Result<SecretKey, CliError> {
    let mut asked = false;
    let key = SecretKey::load_with(path, |path| {
        asked = true;
        passphrase.for_decryption(path)
    })?;
    if !asked && passphrase.given() {
        output::stderr_line(
            &format!(
                "note: {} is not encrypted; the passphrase given was not needed",
                path.display()
            ),
            color,
        );
    }
    if files::is_readable_by_others(path) {
        output::stderr_line(
            &format!(
                "warning: {} can be read by other users; run `chmod 600 {}`",
                path.display(),
                path.display()
            ),
            color,
        );
    }
    warn_if_public_key_differs(path, &key, color);
    Ok(key)
}

/// Warns when `PREFIX.pub` beside `PREFIX.key` is not this key's public half: readers given
/// that file would reject everything signed. (An interrupted `keygen --force` can leave such a
/// pair; see SECURITY.md.)
fn warn_if_public_key_differs(secret: &Path, key: &SecretKey, color: ColorWhen) {
    if secret.extension().is_none_or(|e| e != "key") {
        return;
    }
    let public = secret.with_extension("pub");
    let Ok(beside) = tprov::PublicKey::load(&public) else {
        return;
    };
    if beside != key.public_key() {
        output::stderr_line(
            &format!(
                "warning: {} is not the public key of {}; readers given it would reject these signatures. Recreate it: openssl pkey -in {} -pubout -out {}",
                public.display(),
                secret.display(),
                secret.display(),
                public.display()
            ),
            color,
        );
    }
}

/// Now, or `SOURCE_DATE_EPOCH` when set (reproducible builds convention), to whole seconds.
fn signing_time() -> Result<Timestamp, CliError> {
    match std::env::var("SOURCE_DATE_EPOCH") {
        Ok(text) => text
            .trim()
            .parse::<i64>()
            .ok()
            .and_then(|s| Timestamp::from_second(s).ok())
            .ok_or_else(|| {
                CliError::Usage(format!(
                    "SOURCE_DATE_EPOCH={text:?} is not a number of seconds since 1970; unset it or fix it"
                ))
            }),
        Err(_) => Ok(Timestamp::from_second(Timestamp::now().as_second())
            .expect("the current second is a valid timestamp")),
    }
}
