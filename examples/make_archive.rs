//! Generates an archive of signed articles for benchmarks: COUNT documents of SIZE bytes, each
//! with its envelope beside it, signed in-process (in parallel) with a fixed demonstration key.
//!
//! ```sh
//! cargo run --release --example make_archive -- --out /tmp/archive --count 10000 --size 4096 \
//!     --pubkey-out /tmp/archive.pub
//! tprov verify --recursive /tmp/archive --pubkey /tmp/archive.pub
//! ```
//!
//! Used by `bench/verify.sh`. The key is derived from a fixed seed, so it is public knowledge:
//! never use it for anything but benchmarks.

use std::error::Error;
use std::fs;
use std::path::PathBuf;

use clap::Parser;
use rayon::prelude::*;
use tprov::record::{Documents, Metadata, build_statement};
use tprov::{SecretKey, Sha256Digest};

#[derive(Parser)]
struct Args {
    /// The folder to write the articles into (created if missing).
    #[arg(long)]
    out: PathBuf,
    /// How many articles.
    #[arg(long, default_value_t = 10_000)]
    count: usize,
    /// The size of each article in bytes.
    #[arg(long, default_value_t = 4096)]
    size: usize,
    /// Where to write the signing key's public half (SPKI PEM).
    #[arg(long)]
    pubkey_out: Option<PathBuf>,
}

const FILLER: &[u8] = b"Machine translation carries the news across languages faster than ever; \
a named editor checked this article before it was published. ";

fn main() -> Result<(), Box<dyn Error>> {
    let args = Args::parse();
    let key = SecretKey::from_seed(&[0x42; 32]);
    fs::create_dir_all(&args.out)?;
    if let Some(path) = &args.pubkey_out {
        fs::write(path, key.public_key().to_pem())?;
    }
    let signed_at = "2026-11-24T06:00:00Z".parse()?;
    let width = args.count.saturating_sub(1).to_string().len().max(5);
    (0..args.count)
        .into_par_iter()
        .try_for_each(|i| -> Result<(), String> {
            let name = format!("article-{i:0width$}.en.md");
            let mut text = format!("# Article {i}\n\n").into_bytes();
            text.extend(
                FILLER
                    .iter()
                    .cycle()
                    .take(args.size.saturating_sub(text.len())),
            );
            text.truncate(args.size);
            let documents = Documents {
                translation_name: Some(name.clone()),
                translation_sha256: Sha256Digest::of(&text),
                source_name: Some(format!("article-{i:0width$}.zh.md")),
                source_sha256: Some(Sha256Digest::of(format!("source {i}").as_bytes())),
            };
            let metadata = Metadata {
                source_language: Some("zh".into()),
                target_language: Some("en".into()),
                engine: Some("ExampleMT".into()),
                engine_version: Some("4.2".into()),
                model: Some("example-nmt-2026".into()),
                post_editor: Some("Li Wei".into()),
                publisher: Some("The Example Review".into()),
                ..Metadata::default()
            };
            let envelope = build_statement(&documents, &metadata, signed_at, None)
                .map_err(|e| e.to_string())?
                .sign(&key);
            let document = args.out.join(&name);
            fs::write(&document, &text).map_err(|e| e.to_string())?;
            fs::write(
                tprov::io::envelope_file::default_envelope_path(&document),
                envelope.to_json(),
            )
            .map_err(|e| e.to_string())
        })?;
    eprintln!(
        "wrote {} signed articles of {} bytes to {}",
        args.count,
        args.size,
        args.out.display()
    );
    Ok(())
}
