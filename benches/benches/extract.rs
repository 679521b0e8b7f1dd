//! Extraction throughput per format, on the committed fixtures of `tests/extract/` (the
//! same text written by pandoc and LibreOffice) and `tests/pdf/generated/` (PDFs from
//! LibreOffice, Chromium and groff), and the office and PDF corpora of `../shared/corpus`
//! where present; and the password-protected files of `tests/extract/encrypted/`.

use std::path::PathBuf;

use corpusforge::{extract_bytes, ExtractOptions};
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;

/// Files (name, bytes) of one format.
type Set = Vec<(String, Vec<u8>)>;

/// The inputs grouped by extension.
fn files() -> Vec<(String, Set)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut dirs = vec![
        root.join("tests/extract/generated"),
        root.join("tests/extract/inputs"),
    ];
    dirs.push(root.join("tests/pdf/generated"));
    dirs.push(root.join("../shared/corpus/office/documents"));
    if let Ok(folders) = std::fs::read_dir(root.join("../shared/corpus/pdf")) {
        dirs.extend(folders.flatten().map(|f| f.path()).filter(|p| p.is_dir()));
    }
    let mut by_ext: std::collections::BTreeMap<String, Set> = Default::default();
    for dir in dirs {
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for e in entries.flatten() {
            let path = e.path();
            let name = path
                .file_name()
                .unwrap_or_default()
                .to_string_lossy()
                .to_string();
            let ext = name.rsplit('.').next().unwrap_or("").to_string();
            if name.ends_with(".txt") && name.contains(".expected") {
                continue;
            }
            if matches!(ext.as_str(), "png" | "doc" | "tex" | "md" | "json")
                && !path.starts_with(root.join("tests/extract"))
            {
                continue; // sources and ground truth beside the PDFs, not inputs
            }
            if matches!(ext.as_str(), "png" | "doc") {
                continue; // not extracted
            }
            if let Ok(bytes) = std::fs::read(&path) {
                by_ext.entry(ext).or_default().push((name, bytes));
            }
        }
    }
    by_ext.into_iter().collect()
}

fn bench(c: &mut Criterion) {
    let opts = ExtractOptions::default();
    let mut g = c.benchmark_group("extract");
    g.sample_size(20);
    for (ext, set) in files() {
        let total: usize = set.iter().map(|(_, b)| b.len()).sum();
        g.throughput(Throughput::Bytes(total as u64));
        g.bench_with_input(BenchmarkId::from_parameter(&ext), &set, |b, set| {
            b.iter(|| {
                for (name, bytes) in set {
                    let _ = black_box(extract_bytes(black_box(bytes), Some(name), &opts));
                }
            })
        });
    }
    g.finish();
}

/// Password-protected files (`tests/extract/encrypted/`), each with its password: the
/// key derivation (100,000 hash rounds or PBKDF2 iterations per key) dominates.
fn bench_encrypted(c: &mut Criterion) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/extract/encrypted");
    let Ok(manifest) = std::fs::read_to_string(dir.join("manifest.json")) else {
        return;
    };
    let entries: Vec<serde_json::Value> = serde_json::from_str(&manifest).unwrap_or_default();
    let mut g = c.benchmark_group("extract_encrypted");
    g.sample_size(10);
    for e in entries {
        let (Some(file), Some(password)) = (e["file"].as_str(), e["password"].as_str()) else {
            continue;
        };
        let Ok(bytes) = std::fs::read(dir.join(file)) else {
            continue;
        };
        let opts = ExtractOptions {
            password: Some(password.into()),
            ..ExtractOptions::default()
        };
        g.bench_with_input(BenchmarkId::from_parameter(file), &bytes, |b, bytes| {
            b.iter(|| black_box(extract_bytes(black_box(bytes), Some(file), &opts)))
        });
    }
    g.finish();
}

criterion_group!(benches, bench, bench_encrypted);
criterion_main!(benches);
