//! PII throughput: detection and masking on ordinary prose (little PII: the prefilters'
//! case) and on prose where every paragraph holds PII.

use corpusforge::{find_pii, mask_pii, PiiOptions};
use corpusforge_benches::{ascii_prose, pii_prose, utf8_prose};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let size = 1 << 20;
    let inputs = [
        ("ascii_prose", ascii_prose(size)),
        ("utf8_prose", utf8_prose(size)),
        ("pii_prose", pii_prose(size)),
    ];
    let opts = PiiOptions::default();
    let mut g = c.benchmark_group("pii");
    g.sample_size(10);
    for (name, text) in &inputs {
        g.throughput(Throughput::Bytes(text.len() as u64));
        g.bench_with_input(BenchmarkId::new("find", name), text, |b, t| {
            b.iter(|| find_pii(black_box(t), &opts).map(|m| m.len()))
        });
        g.bench_with_input(BenchmarkId::new("mask", name), text, |b, t| {
            b.iter(|| mask_pii(black_box(t), &opts).map(|m| m.text.len()))
        });
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
