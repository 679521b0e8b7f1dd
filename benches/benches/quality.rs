//! Quality and dedup throughput on the agreement corpus (real documents: prose, changelogs,
//! licences, man pages, READMEs): all four datatrove presets and every signal in one pass,
//! language identification alone, MinHash signatures, and dedup of the whole corpus.

use corpusforge::dedup::{dedup, DedupOptions};
use corpusforge::quality::{detect_language, QualityJudge, QualityOptions};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;

fn corpus() -> Vec<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/quality/agreement-corpus.jsonl"
    );
    std::fs::read_to_string(path)
        .expect("tests/quality/agreement-corpus.jsonl")
        .lines()
        .filter_map(|l| serde_json::from_str::<serde_json::Value>(l).ok())
        .filter_map(|v| v["text"].as_str().map(str::to_string))
        .collect()
}

fn bench(c: &mut Criterion) {
    let docs = corpus();
    let bytes: usize = docs.iter().map(String::len).sum();
    let judge = QualityJudge::new(&QualityOptions::default()).expect("default options");
    let english = QualityJudge::new(&QualityOptions {
        language: "en".into(),
        ..QualityOptions::default()
    })
    .expect("English options");
    let hasher = DedupOptions::default().hasher();
    let mut g = c.benchmark_group("quality");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("all_presets_one_thread", |b| {
        b.iter(|| {
            docs.iter()
                .filter(|d| judge.judge(black_box(d)).kept())
                .count()
        })
    });
    // As the datatrove comparison runs it: English rules, no language identification.
    g.bench_function("all_presets_english", |b| {
        b.iter(|| {
            docs.iter()
                .filter(|d| english.judge(black_box(d)).kept())
                .count()
        })
    });
    g.bench_function("detect_language", |b| {
        b.iter(|| {
            docs.iter()
                .map(|d| detect_language(black_box(d)).score)
                .sum::<f32>()
        })
    });
    g.bench_function("minhash_signature", |b| {
        b.iter(|| {
            docs.iter()
                .filter_map(|d| hasher.signature(black_box(d)))
                .count()
        })
    });
    let refs: Vec<&str> = docs.iter().map(String::as_str).collect();
    g.bench_function("dedup_corpus", |b| {
        b.iter(|| dedup(black_box(&refs), &DedupOptions::default()).map(|d| d.len()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
