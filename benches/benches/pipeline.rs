//! The whole pipeline and the dataset writers: 20,000 short dataset rows (~200 characters,
//! like chat or review data) through normalize → PII → quality → dedup into Parquet, and
//! the writers alone (Parquet, JSONL, CSV, Arrow IPC) on the records it produced.
//! `benches/pipeline/make_short_records.py` writes the same kind of rows at any size for
//! the 1M-record run in RESULTS.md.

use std::path::PathBuf;

use corpusforge::dataset::{OutputFormat, OutputOptions, ShardWriter};
use corpusforge::{Config, Pipeline};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const ROWS: usize = 20_000;

/// Rows of varied sentences from a fixed vocabulary, 1 in 20 with an e-mail address.
fn rows() -> Vec<String> {
    const WORDS: [&str; 24] = [
        "the",
        "team",
        "reviewed",
        "quarterly",
        "results",
        "and",
        "found",
        "that",
        "revenue",
        "grew",
        "in",
        "every",
        "region",
        "while",
        "costs",
        "stayed",
        "flat",
        "customers",
        "asked",
        "for",
        "faster",
        "delivery",
        "clearer",
        "invoices",
    ];
    let mut seed = 7u64;
    let mut next = move || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    (0..ROWS)
        .map(|i| {
            let mut text = String::new();
            while text.len() < 200 {
                let n = 6 + next() % 8;
                let s: Vec<&str> = (0..n).map(|_| WORDS[next() % WORDS.len()]).collect();
                text.push_str(&s.join(" "));
                text.push_str(". ");
            }
            if i % 20 == 0 {
                text.push_str(&format!("Mail jane.doe{i}@example.org."));
            }
            text
        })
        .collect()
}

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("cf-bench-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).expect("scratch dir");
    d
}

fn bench(c: &mut Criterion) {
    let texts = rows();
    let bytes: usize = texts.iter().map(String::len).sum();
    let dir = scratch("in");
    let input = dir.join("rows.jsonl");
    let jsonl: String = texts
        .iter()
        .map(|t| serde_json::json!({ "text": t }).to_string() + "\n")
        .collect();
    std::fs::write(&input, jsonl).expect("write rows");
    let mut config = Config::default();
    config.input.rows = true;
    let pipeline = Pipeline::new(config).expect("default config");
    let out = scratch("out");

    let mut g = c.benchmark_group("pipeline");
    g.sample_size(10);
    g.throughput(Throughput::Bytes(bytes as u64));
    g.bench_function("rows_to_parquet_all_stages", |b| {
        b.iter(|| {
            pipeline
                .run(std::slice::from_ref(&input), &out)
                .map(|s| s.records_out)
        })
    });

    let records: Vec<_> = texts
        .iter()
        .flat_map(|t| pipeline.process_text(t, "row").expect("process"))
        .collect();
    for format in [
        OutputFormat::Parquet,
        OutputFormat::Jsonl,
        OutputFormat::Csv,
        OutputFormat::Arrow,
    ] {
        let options = OutputOptions {
            format,
            ..Default::default()
        };
        let path = out.join(format!("bench.{}", format.as_str()));
        g.bench_function(format!("write_{}", format.as_str()), |b| {
            b.iter(|| {
                let mut w =
                    ShardWriter::create(&path, pipeline.schema(), &options).expect("create");
                for r in &records {
                    w.write(r.clone()).expect("write");
                }
                w.finish().expect("finish")
            })
        });
    }
    g.finish();
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&out);
}

criterion_group!(benches, bench);
criterion_main!(benches);
