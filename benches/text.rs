//! Benchmarks of canonical text v1: canonicalising and hashing (the text digest and every
//! sentence digest, i.e. building the record `tprov sign` writes) plain text and HTML, with raw
//! SHA-256 over the same bytes in the same run for the ratio; and finding a quote in the
//! canonical text of a 20 MB document.
//!
//! Run with `cargo bench --bench text`; results are recorded in BENCHMARKS.md.
//!
//! For a load-independent measure (instructions) and for profiles, the binary also runs one
//! fixed workload and exits: `TPROV_TEXT_BENCH=plain|html[:RUNS]` canonicalises and records
//! the 8 MB input RUNS times (10 by default; 0 measures making the input), for example
//! `TPROV_TEXT_BENCH=html perf stat -e task-clock,instructions target/release/deps/text-*`.

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group};
use tprov::Sha256Digest;
use tprov::review::quote::{self, InDocument};
use tprov::text::{CanonicalText, TextFormat, TextRecord};

/// A news-like paragraph: mostly ASCII, a few accented letters, quotation marks and dashes.
const PARAGRAPH: &str = "Machine translation carries the news across languages faster than \
    ever before. The council met on Monday — and voted 7–2 to fund the café’s “open kitchen” \
    plan. Officials said the river would crest near the old bridge by Thursday evening.";

/// Plain text of about `size` bytes: hard-wrapped paragraphs separated by blank lines.
fn plain(size: usize) -> String {
    let wrapped: String = PARAGRAPH
        .split(' ')
        .enumerate()
        .map(|(i, w)| {
            if i % 12 == 11 {
                format!("{w}\n")
            } else {
                format!("{w} ")
            }
        })
        .collect();
    let mut text = String::with_capacity(size + wrapped.len());
    let mut n = 0usize;
    while text.len() < size {
        text.push_str(&wrapped);
        text.push_str(&format!("Paragraph {n}.\n\n"));
        n += 1;
    }
    text
}

/// The same text as an HTML article (one `<p>` per paragraph, some inline markup).
fn html(size: usize) -> String {
    let mut page = String::from(
        "<!doctype html><html><head><title>News</title><script>var a=1;</script></head><body><nav>Menu</nav><article>\n",
    );
    let mut n = 0usize;
    while page.len() < size {
        page.push_str(
            "<p>Machine translation carries the <em>news</em> across languages faster than\n",
        );
        page.push_str("ever before. The council met on Monday &mdash; and voted 7–2 to fund the caf&eacute;’s\n");
        page.push_str(&format!(
            "“open kitchen” <a href=\"/plan\">plan</a>. Paragraph {n}.</p>\n"
        ));
        n += 1;
    }
    page.push_str("</article></body></html>\n");
    page
}

fn canonicalise(c: &mut Criterion) {
    let mut group = c.benchmark_group("canonical text");
    group.sample_size(10);
    for (name, format, input) in [
        ("plain 8 MB", TextFormat::Plain, plain(8 << 20)),
        ("html 8 MB", TextFormat::Html, html(8 << 20)),
    ] {
        group.throughput(Throughput::Bytes(input.len() as u64));
        group.bench_function(format!("{name}: canonicalise + record"), |b| {
            b.iter(|| {
                let text = CanonicalText::from_bytes(black_box(input.as_bytes()), format).unwrap();
                TextRecord::new(&text)
            })
        });
        group.bench_function(format!("{name}: raw SHA-256"), |b| {
            b.iter(|| Sha256Digest::of(black_box(input.as_bytes())))
        });
    }
    group.finish();
}

fn quote_in_document(c: &mut Criterion) {
    let mut group = c.benchmark_group("quote");
    group.sample_size(10);
    let mut source = plain(20 << 20);
    source.push_str("At the very end, the mayor thanked the volunteers for their work.\n");
    let document = CanonicalText::from_bytes(source.as_bytes(), TextFormat::Plain).unwrap();
    let quote =
        CanonicalText::from_text("the mayor thanked the\nvolunteers", TextFormat::Plain).unwrap();
    assert!(matches!(
        quote::find_in_document(&document, &quote).unwrap(),
        InDocument::Found(_)
    ));
    group.throughput(Throughput::Bytes(document.text.len() as u64));
    group.bench_function("found at the end of a 20 MB document", |b| {
        b.iter(|| quote::find_in_document(black_box(&document), black_box(&quote)).unwrap())
    });
    let missing =
        CanonicalText::from_text("the mayor thanked the firefighters", TextFormat::Plain).unwrap();
    group.bench_function("not found in a 20 MB document (closest passage)", |b| {
        b.iter(|| quote::find_in_document(black_box(&document), black_box(&missing)).unwrap())
    });
    group.finish();
}

/// Canonicalises and records the 8 MB input of `which` (`plain` or `html`, then optionally
/// `:RUNS`) RUNS times.
fn fixed_workload(which: &str) {
    let (which, runs) = which.split_once(':').unwrap_or((which, "10"));
    let runs: usize = runs.parse().expect("RUNS is a number");
    let (format, input) = match which {
        "plain" => (TextFormat::Plain, plain(8 << 20)),
        "html" => (TextFormat::Html, html(8 << 20)),
        other => panic!("TPROV_TEXT_BENCH={other:?}: use plain or html"),
    };
    for _ in 0..runs {
        let text = CanonicalText::from_bytes(black_box(input.as_bytes()), format).unwrap();
        black_box(TextRecord::new(&text));
    }
}

criterion_group!(benches, canonicalise, quote_in_document);

fn main() {
    if let Ok(which) = std::env::var("TPROV_TEXT_BENCH") {
        fixed_workload(&which);
        return;
    }
    benches();
    Criterion::default().configure_from_args().final_summary();
}
