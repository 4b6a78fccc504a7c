//! Benchmarks of the diff engine on generated text pairs (no files needed).
//!
//! Run with `cargo bench --bench diff`. The inputs mimic a machine translation and its
//! post-edit: English-like text with about 2% of the words edited (substituted, deleted,
//! inserted, or moved a few words on), the same pair with NEW's lines re-wrapped, and a
//! Chinese-like pair. The end-to-end comparison with `git diff --word-diff` and `wdiff` through
//! the CLI is `bench/diff.sh`; results are recorded in BENCHMARKS.md.

use std::hint::black_box;

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use tprov::diff::{DiffOptions, Granularity, diff_texts, ter, tokenize};
use tprov::render::diff::{HtmlParts, RenderOptions, render_html, render_unified};

/// A small deterministic generator (xorshift64*), so that runs are comparable.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Roughly Zipf-distributed index below `n`: frequent words are frequent.
    fn zipf(&mut self, n: usize) -> usize {
        let u = (self.next() >> 11) as f64 / (1u64 << 53) as f64;
        ((n as f64).powf(u) as usize).saturating_sub(1).min(n - 1)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn vocabulary(rng: &mut Rng, n: usize) -> Vec<String> {
    const SYL: [&str; 24] = [
        "ka", "ta", "ra", "mo", "ve", "li", "an", "en", "or", "in", "et", "al", "is", "ur", "ba",
        "de", "tion", "ment", "ness", "able", "ing", "ed", "er", "ly",
    ];
    let mut v: Vec<String> =
        "the of and to a in is that for it as was with be by on not he this are"
            .split(' ')
            .map(str::to_owned)
            .collect();
    while v.len() < n {
        let k = 2 + rng.below(3) as usize;
        v.push(
            (0..k)
                .map(|_| SYL[rng.below(SYL.len() as u64) as usize])
                .collect(),
        );
    }
    v
}

/// Words of an English-like text of about `bytes` bytes, with sentence punctuation.
fn words(rng: &mut Rng, bytes: usize) -> Vec<String> {
    let vocab = vocabulary(rng, 5000);
    let mut out = Vec::new();
    let mut size = 0;
    while size < bytes {
        let n = 6 + rng.below(20) as usize;
        for i in 0..n {
            let mut w = vocab[rng.zipf(vocab.len())].clone();
            if i + 1 == n {
                w.push('.');
            } else if rng.below(14) == 0 {
                w.push(',');
            }
            size += w.len() + 1;
            out.push(w);
        }
    }
    out
}

/// The post-edit: about `rate` of the words substituted, deleted, inserted or moved.
fn post_edit(rng: &mut Rng, words: &[String], rate: f64) -> Vec<String> {
    let threshold = (rate * 1_000_000.0) as u64;
    let mut out = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let r = rng.below(1_000_000);
        let w = words[i].clone();
        if r < threshold * 6 / 10 {
            out.push(format!("{w}x"));
        } else if r < threshold * 75 / 100 {
        } else if r < threshold * 9 / 10 {
            out.push(w);
            out.push("inserted".to_owned());
        } else if r < threshold && i + 5 < words.len() {
            // Move a three-word phrase two words on.
            out.extend_from_slice(&words[i + 3..i + 5]);
            out.extend_from_slice(&words[i..i + 3]);
            i += 5;
            continue;
        } else {
            out.push(w);
        }
        i += 1;
    }
    out
}

/// Hard-wraps words at `width` columns, with a blank line every 8 lines.
fn wrap(words: &[String], width: usize) -> String {
    let mut out = String::new();
    let mut col = 0;
    let mut lines = 0;
    for w in words {
        if col > 0 && col + 1 + w.len() > width {
            out.push('\n');
            lines += 1;
            if lines % 8 == 0 {
                out.push('\n');
            }
            col = 0;
        } else if col > 0 {
            out.push(' ');
            col += 1;
        }
        out.push_str(w);
        col += w.len();
    }
    out.push('\n');
    out
}

fn chinese(rng: &mut Rng, bytes: usize) -> (String, String) {
    let chars: Vec<char> = (0..3000)
        .map(|_| char::from_u32(0x4E00 + rng.below(0x5000) as u32).unwrap_or('中'))
        .collect();
    let (mut old, mut new) = (String::new(), String::new());
    while old.len() < bytes {
        for _ in 0..40 {
            let c = chars[rng.zipf(chars.len())];
            old.push(c);
            match rng.below(100) {
                0 => new.push(chars[rng.zipf(chars.len())]),
                1 => {}
                _ => new.push(c),
            }
        }
        old.push_str("。\n");
        new.push_str("。\n");
    }
    (old, new)
}

struct Pair {
    name: &'static str,
    old: String,
    new: String,
    granularity: Granularity,
}

fn pairs(bytes: usize) -> Vec<Pair> {
    let mut rng = Rng(0x5EED_D1FF);
    let w = words(&mut rng, bytes);
    let e = post_edit(&mut rng, &w, 0.02);
    let (zh_old, zh_new) = chinese(&mut rng, bytes / 4);
    vec![
        Pair {
            name: "english",
            old: wrap(&w, 72),
            new: wrap(&e, 72),
            granularity: Granularity::Word,
        },
        Pair {
            name: "english-reflowed",
            old: wrap(&w, 72),
            new: wrap(&e, 60),
            granularity: Granularity::Word,
        },
        Pair {
            name: "chinese",
            old: zh_old,
            new: zh_new,
            granularity: Granularity::Auto,
        },
    ]
}

fn diff(c: &mut Criterion) {
    let mut group = c.benchmark_group("diff");
    group.sample_size(10);
    for bytes in [100_000, 1_000_000] {
        for p in pairs(bytes) {
            group.throughput(Throughput::Bytes((p.old.len() + p.new.len()) as u64));
            let options = DiffOptions::new().granularity(p.granularity);
            group.bench_with_input(
                BenchmarkId::new(format!("{}/ter", p.name), bytes),
                &p,
                |b, p| {
                    b.iter(|| {
                        diff_texts(black_box(&p.old), black_box(&p.new), &options)
                            .stats()
                            .edit_rate
                    })
                },
            );
            let no_ter = options.clone().ter(false);
            group.bench_with_input(
                BenchmarkId::new(format!("{}/no-ter", p.name), bytes),
                &p,
                |b, p| {
                    b.iter(|| {
                        diff_texts(black_box(&p.old), black_box(&p.new), &no_ter)
                            .ops()
                            .len()
                    })
                },
            );
        }
    }
    group.finish();
}

fn render(c: &mut Criterion) {
    let mut group = c.benchmark_group("render");
    group.sample_size(10);
    let p = pairs(1_000_000).swap_remove(0);
    let d = diff_texts(
        &p.old,
        &p.new,
        &DiffOptions::new().granularity(Granularity::Word),
    );
    let mut buf = Vec::with_capacity(p.new.len() * 2);
    group.throughput(Throughput::Bytes(p.new.len() as u64));
    group.bench_function("unified/english/1000000", |b| {
        b.iter(|| {
            buf.clear();
            render_unified(&d, &RenderOptions::new(), &mut buf).map(|()| buf.len())
        })
    });
    // The editor's report (its goal: at most twice the unified view end to end, bench/diff.sh).
    group.bench_function("html/english/1000000", |b| {
        b.iter(|| {
            buf.clear();
            render_html(&d, &RenderOptions::new(), HtmlParts::default(), &mut buf)
                .map(|()| buf.len())
        })
    });
    group.finish();
}

fn tokens_and_ter(c: &mut Criterion) {
    let mut group = c.benchmark_group("tokenize");
    let p = pairs(1_000_000).swap_remove(0);
    group.throughput(Throughput::Bytes(p.old.len() as u64));
    group.sample_size(10);
    group.bench_function("word/1000000", |b| {
        b.iter(|| tokenize(black_box(&p.old), Granularity::Word).len())
    });
    group.finish();

    // TER of sentence-sized segments (tercom's usual unit).
    let mut group = c.benchmark_group("ter");
    let mut rng = Rng(7);
    let w = words(&mut rng, 20_000);
    let e = post_edit(&mut rng, &w, 0.1);
    let hyp: Vec<&str> = w.iter().take(40).map(String::as_str).collect();
    let reference: Vec<&str> = e.iter().take(40).map(String::as_str).collect();
    group.bench_function("sentence/40 tokens", |b| {
        b.iter(|| ter(black_box(&hyp), black_box(&reference)).edits())
    });
    let hyp: Vec<&str> = w.iter().take(400).map(String::as_str).collect();
    let reference: Vec<&str> = e.iter().take(400).map(String::as_str).collect();
    group.bench_function("paragraphs/400 tokens", |b| {
        b.iter(|| ter(black_box(&hyp), black_box(&reference)).edits())
    });
    group.finish();
}

criterion_group!(benches, diff, render, tokens_and_ter);
criterion_main!(benches);
