//! `tprov sign`: sign a translated document.

use std::path::PathBuf;
use std::process::ExitCode;

use tprov::io::envelope_file::default_envelope_path;
use tprov::io::files;
use tprov::record::Metadata;
use tprov::render::printable;
use tprov::sign::revision::{
    Archived, PreviousEnvelope, check_revision, same_file, write_revision,
};
use tprov::sign::{Built, SignRequest, build_revision, read_metadata};
use tprov::text::FormatChoice;

use super::passphrase::{PassphraseArgs, load_secret_key};
use super::{CliError, ColorWhen, named_file, output, overwrite_policy};

#[derive(Debug, clap::Args)]
#[command(after_help = "Examples:
  tprov sign article.en.md --key newsroom.key --source article.zh.md --source-lang zh \\
      --target-lang en --engine DeepL --post-editor \"Li Wei\" --publisher \"Example News\"
  tprov sign article.en.md --key newsroom.key --previous article.en.md.tprov.json --editor \"Ann\"
      (a revision in place: inherits every field of revision 1, keeps it as
       article.en.md.r1.tprov.json, and lists what changed)
  tprov sign article.txt --key newsroom.key --source-lang zh --target-lang en \\
      --engine-undisclosed --source-author \"Shen Yi\" --editor Zhongxiaowen --note \"…\"
      (an honest record: say what is known, invent nothing)

What the flags imply: --engine or --engine-undisclosed alone is machine translation;
adding --post-editor makes it machine translation post-edited by a person; --editor,
--reviewer and --publisher name who edited, reviewed and published without changing the
method; --translator without an engine is human translation. --method overrides.")]
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
    /// The source's SHA-256, when the source file is not at hand (64 hex, or sha256:<hex>).
    #[arg(long, value_name = "HEX")]
    source_sha256: Option<String>,
    /// Where the source is published (an absolute URI). Alone, without --source or
    /// --source-sha256, the record names the source without binding it by a digest.
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
    /// When the source was first published: 2025, 2025-01, 2025-01-31 or RFC 3339.
    #[arg(long, value_name = "DATE")]
    source_published: Option<String>,
    /// The machine translation engine.
    #[arg(long, value_name = "NAME")]
    engine: Option<String>,
    /// An AI system translated, but it was not named to you: the record says so (method
    /// machine) instead of inventing a name.
    #[arg(long, conflicts_with = "engine")]
    engine_undisclosed: bool,
    /// The engine's version.
    #[arg(long, value_name = "V")]
    engine_version: Option<String>,
    /// The engine's model.
    #[arg(long, value_name = "M")]
    model: Option<String>,
    /// A human translator.
    #[arg(long, value_name = "NAME")]
    translator: Option<String>,
    /// The person who post-edited the machine translation (makes the method post-edited).
    #[arg(long, value_name = "NAME")]
    post_editor: Option<String>,
    /// A reviewer.
    #[arg(long, value_name = "NAME")]
    reviewer: Option<String>,
    /// The editor (does not by itself make the method post-edited: see --post-editor).
    #[arg(long, value_name = "NAME")]
    editor: Option<String>,
    /// The publishing organisation.
    #[arg(long, value_name = "NAME")]
    publisher: Option<String>,
    /// How the translation was made; derived from the agents when omitted.
    #[arg(long, value_parser = ["machine", "machine+post-edit", "human"])]
    method: Option<String>,
    /// When the translation was made (RFC 3339). Recorded only when given: the signing time
    /// is not the translation time.
    #[arg(long, value_name = "TIME")]
    translated_at: Option<String>,
    /// A signed free-text note (at most 2,000 characters) for what the fields cannot say.
    #[arg(long, value_name = "TEXT")]
    note: Option<String>,
    /// A JSON file with the same fields (lowerCamelCase); flags win over it.
    #[arg(long, value_name = "FILE.json")]
    meta: Option<PathBuf>,
    /// The envelope of the revision this one replaces: links to it, increments the revision
    /// and inherits its fields (flags and --meta override; the changes are listed). When the
    /// new envelope goes where it is, it is first kept as NAME.rN.tprov.json.
    #[arg(long, value_name = "OLD.tprov.json")]
    previous: Option<PathBuf>,
    /// With --previous: inherit nothing, start from the flags and --meta alone.
    #[arg(long, requires = "previous")]
    no_inherit: bool,
    /// Where to write the envelope (default TRANSLATION.tprov.json; - for standard output).
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
    /// Also embed the envelope in the document (HTML head, Markdown comment, text armour): its
    /// text is unchanged, so it verifies by text; the envelope file is still written.
    #[arg(long)]
    embed: bool,
    /// Replace an existing envelope.
    #[arg(long)]
    force: bool,
    /// How to read the translation for its text record: auto (.md/.markdown Markdown,
    /// .html/.htm/.xhtml HTML, other UTF-8 plain text, anything else bytes), plain, markdown,
    /// html, or bytes (no text record: only the exact bytes will verify).
    #[arg(long = "as", value_name = "FORMAT", default_value = "auto")]
    format: FormatChoice,
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
            engine_undisclosed: self.engine_undisclosed.then_some(true),
            engine_version: self.engine_version.clone(),
            model: self.model.clone(),
            translator: self.translator.clone(),
            post_editor: self.post_editor.clone(),
            reviewer: self.reviewer.clone(),
            editor: self.editor.clone(),
            publisher: self.publisher.clone(),
            method: self.method.clone(),
            translated_at: self.translated_at.clone(),
            note: self.note.clone(),
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
    // Refuse early, before hashing a large document, when the envelope exists; replacing the
    // previous record itself is allowed, because it is archived first.
    if let Some(path) = named_file(&output_path) {
        let revising_in_place = args.previous.as_deref().is_some_and(|p| same_file(path, p));
        if !revising_in_place {
            files::refuse_existing(path, overwrite)?;
        }
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
        inherit: !args.no_inherit,
        signed_at: super::signing_time()?,
        format: args.format,
    };
    // The previous record's archive name is checked before anything is signed.
    let built = build_revision(&request)?;
    if let Some(path) = named_file(&output_path) {
        check_revision(path, built.previous.as_ref())?;
    }
    tell_about_record(&built, args.no_inherit, color);
    let envelope = built.statement.sign(&key);
    let revision = built.statement.predicate.revision;
    let keyid = key.public_key().key_id().short();
    if args.embed {
        super::embed::embed_signed(&args.translation, &envelope.to_json(), color)?;
    }
    let Some(path) = named_file(&output_path) else {
        output::stdout(&envelope.to_json(), color)?;
        return Ok(ExitCode::SUCCESS);
    };
    let replaced_link = link_target(path);
    let archived = write_revision(&envelope, path, built.previous.as_ref(), overwrite)?;
    if let Some(target) = replaced_link {
        let target = target.display().to_string();
        let target = printable(&target);
        output::stderr_line(
            &format!(
                "note: {} was a symbolic link to {target}; it is now a file of its own, and {target} still holds the record it held (sign never writes through a link it replaces)",
                printable(&path.display().to_string()),
            ),
            color,
        );
    }
    let mut text = format!(
        "signed {} -> {} (key {keyid}, revision {revision})\n",
        printable(&args.translation.display().to_string()),
        printable(&path.display().to_string())
    );
    if let (Archived::To(archive) | Archived::AlreadyThere(archive), Some(previous)) =
        (&archived, &built.previous)
    {
        text.push_str(&format!(
            "kept revision {} as {} (it was replaced in place; `tprov log` finds it there)\n",
            previous.statement.predicate.revision,
            printable(&archive.display().to_string())
        ));
    }
    output::stdout(text.as_bytes(), color)?;
    Ok(ExitCode::SUCCESS)
}

/// Where `path` points when it is a symbolic link (the envelope `--force` is about to replace).
fn link_target(path: &std::path::Path) -> Option<PathBuf> {
    let is_link = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink());
    is_link.then(|| std::fs::read_link(path).ok()).flatten()
}

/// Tells the signer, on stderr, what the record leaves unbound and, for a revision, that the
/// previous record's signature was not checked and which fields changed.
fn tell_about_record(built: &Built, no_inherit: bool, color: ColorWhen) {
    if built.statement.predicate.source.digest().is_none() {
        output::stderr_line(
            "note: the source is not bound by a digest (no --source FILE or --source-sha256): readers can see what it is, not check a copy of it",
            color,
        );
    }
    match &built.statement.predicate.text {
        None => output::stderr_line(
            "note: signed as bytes only (--as bytes, or not UTF-8 text): only an identical copy will verify",
            color,
        ),
        Some(text) if text.sentences_omitted => output::stderr_line(
            &format!(
                "note: the text has {} sentences, more than the {} a record lists: a copy's text can be matched as a whole, but not diagnosed sentence by sentence or quoted from the envelope alone",
                text.sentence_count.unwrap_or(0),
                tprov::text::MAX_LISTED_SENTENCES
            ),
            color,
        ),
        Some(_) => {}
    }
    let Some(previous) = &built.previous else {
        return;
    };
    output::stderr_line(&revising_line(previous, no_inherit), color);
    let mut text = Vec::new();
    tprov::render::revision_changes(&previous.statement, &built.statement, &mut text)
        .expect("writing to memory");
    for line in String::from_utf8_lossy(&text).lines() {
        output::stderr_rendered(line, color);
    }
}

fn revising_line(previous: &PreviousEnvelope, no_inherit: bool) -> String {
    format!(
        "revising revision {} ({}); {}; its signature was not checked here (check it with `tprov verify` or `tprov log --trust`)",
        previous.statement.predicate.revision,
        printable(&previous.path.display().to_string()),
        if no_inherit {
            "nothing inherited (--no-inherit)"
        } else {
            "fields not given now are inherited from it"
        }
    )
}
