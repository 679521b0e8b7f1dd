//! Times corpusforge's dataset writers alone, for `benches/compare/writers_eval.py`:
//! `cf-bench-write ROWS.jsonl OUT_DIR RUNS`.
//!
//! Every row's `text` goes through the default pipeline in memory (not timed) to become the
//! records a run would write; then each format (Parquet, Arrow IPC, JSONL, CSV) is written
//! `RUNS` times from those records in memory, and the median seconds and the file size are
//! printed as one JSON object. The JSONL file stays in `OUT_DIR/records.jsonl` and the
//! Parquet file in `OUT_DIR/records.parquet`, so the Python side loads the very same records
//! and the same schema for pyarrow.

use std::path::Path;
use std::time::Instant;

use corpusforge::dataset::{OutputFormat, OutputOptions, ShardWriter};
use corpusforge::{Config, Pipeline};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.len() != 3 {
        eprintln!("usage: cf-bench-write ROWS.jsonl OUT_DIR RUNS");
        std::process::exit(2);
    }
    if let Err(e) = run(Path::new(&args[0]), Path::new(&args[1]), &args[2]) {
        eprintln!("cf-bench-write: {e}");
        std::process::exit(1);
    }
}

fn run(rows: &Path, out: &Path, runs: &str) -> Result<(), Box<dyn std::error::Error>> {
    let runs: usize = runs.parse()?;
    let pipeline = Pipeline::new(Config::default())?;
    let mut records = Vec::new();
    let mut text_bytes = 0usize;
    for (i, line) in std::fs::read_to_string(rows)?.lines().enumerate() {
        let row: serde_json::Value = serde_json::from_str(line)?;
        let text = row["text"].as_str().ok_or("a row without a text field")?;
        for r in pipeline.process_text(text, &format!("row-{i}"))? {
            text_bytes += r.text.len();
            records.push(r);
        }
    }
    std::fs::create_dir_all(out)?;
    let mut results = serde_json::Map::new();
    for format in [
        OutputFormat::Parquet,
        OutputFormat::Arrow,
        OutputFormat::Jsonl,
        OutputFormat::Csv,
    ] {
        let options = OutputOptions {
            format,
            ..Default::default()
        };
        let path = out.join(format!("records.{}", format.as_str()));
        let mut times = Vec::with_capacity(runs);
        for _ in 0..runs.max(1) {
            let batch = records.clone();
            let start = Instant::now();
            let mut w = ShardWriter::create(&path, pipeline.schema(), &options)?;
            for r in batch {
                w.write(r)?;
            }
            w.finish()?;
            times.push(start.elapsed().as_secs_f64());
        }
        times.sort_by(f64::total_cmp);
        results.insert(
            format.as_str().to_string(),
            serde_json::json!({
                "seconds": times[times.len() / 2],
                "bytes": std::fs::metadata(&path)?.len(),
            }),
        );
    }
    let report = serde_json::json!({
        "records": records.len(),
        "text_bytes": text_bytes,
        "formats": results,
    });
    println!("{report}");
    Ok(())
}
