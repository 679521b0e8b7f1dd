//! Normalization throughput on clean and broken text (MB/s via `Throughput::Bytes`).

use corpusforge::{normalize, NormalizeOptions};
use corpusforge_benches::{ascii_prose, mojibake_prose, utf8_prose};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let size = 1 << 20;
    let inputs = [
        ("ascii_clean", ascii_prose(size)),
        ("utf8_clean", utf8_prose(size)),
        ("mojibake", mojibake_prose(size)),
    ];
    let mut g = c.benchmark_group("normalize");
    for (name, text) in &inputs {
        g.throughput(Throughput::Bytes(text.len() as u64));
        for (opts_name, opts) in [
            ("default", NormalizeOptions::default()),
            ("encoding_repair", NormalizeOptions::encoding_repair_only()),
        ] {
            g.bench_with_input(BenchmarkId::new(opts_name, name), text, |b, t| {
                b.iter(|| normalize(black_box(t), &opts).len())
            });
        }
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
