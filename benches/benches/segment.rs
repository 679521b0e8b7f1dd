//! Segmentation throughput: sentences, paragraphs, word and token counts, chunking.

use corpusforge::{
    chunk, count_tokens, count_words, split_paragraphs, split_sentences, ChunkOptions,
    SentenceOptions,
};
use corpusforge_benches::{ascii_prose, utf8_prose};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let size = 1 << 20;
    let inputs = [
        ("ascii_prose", ascii_prose(size)),
        ("utf8_prose", utf8_prose(size)),
    ];
    let mut g = c.benchmark_group("segment");
    g.sample_size(20);
    for (name, text) in &inputs {
        g.throughput(Throughput::Bytes(text.len() as u64));
        let so = SentenceOptions::default();
        g.bench_with_input(BenchmarkId::new("sentences", name), text, |b, t| {
            b.iter(|| split_sentences(black_box(t), &so).len())
        });
        g.bench_with_input(BenchmarkId::new("paragraphs", name), text, |b, t| {
            b.iter(|| split_paragraphs(black_box(t)).len())
        });
        g.bench_with_input(BenchmarkId::new("words", name), text, |b, t| {
            b.iter(|| count_words(black_box(t)))
        });
        g.bench_with_input(BenchmarkId::new("tokens_estimate", name), text, |b, t| {
            b.iter(|| count_tokens(black_box(t), "estimate"))
        });
        g.bench_with_input(BenchmarkId::new("tokens_cl100k", name), text, |b, t| {
            b.iter(|| count_tokens(black_box(t), "cl100k_base"))
        });
        let co = ChunkOptions {
            max_chars: Some(1000),
            ..ChunkOptions::default()
        };
        g.bench_with_input(BenchmarkId::new("chunk_1000_chars", name), text, |b, t| {
            b.iter(|| chunk(black_box(t), &co).map(|c| c.len()))
        });
        let ct = ChunkOptions {
            max_tokens: Some(256),
            tokenizer: "cl100k_base".into(),
            ..ChunkOptions::default()
        };
        g.bench_with_input(BenchmarkId::new("chunk_256_cl100k", name), text, |b, t| {
            b.iter(|| chunk(black_box(t), &ct).map(|c| c.len()))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
