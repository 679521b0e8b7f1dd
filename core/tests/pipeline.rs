//! The pipeline end to end on the example corpus and the shared office documents: every
//! format, determinism, rejects, keep-and-mark, chunks, dataset rows, splits, cancellation.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::AtomicBool;

use corpusforge::dataset::OutputFormat;
use corpusforge::pipeline::{Granularity, RunControl};
use corpusforge::{Config, ErrorKind, Pipeline};

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn inputs() -> Vec<PathBuf> {
    vec![
        repo().join("examples"),
        repo().join("../shared/corpus/office/documents"),
    ]
}

fn scratch(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!("cf-pipeline-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&d);
    std::fs::create_dir_all(&d).unwrap();
    d
}

/// Every file under `dir` (relative path → bytes), except `run.json`.
fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    for e in walk(dir) {
        let rel = e.strip_prefix(dir).unwrap().display().to_string();
        if rel != "run.json" {
            out.insert(rel, std::fs::read(&e).unwrap());
        }
    }
    out
}

/// Asserts two snapshots hold the same files with the same bytes, naming the first that differs.
fn same_files(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>) {
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (name, bytes) in a {
        assert!(bytes == &b[name], "{name} differs");
    }
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut v = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            v.extend(walk(&p));
        } else {
            v.push(p);
        }
    }
    v
}

fn jsonl_records(dir: &Path) -> Vec<serde_json::Value> {
    let mut files: Vec<PathBuf> = walk(&dir.join("data"));
    files.sort();
    files
        .iter()
        .flat_map(|f| {
            std::fs::read_to_string(f)
                .unwrap()
                .lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn every_format_is_written_and_two_runs_are_byte_identical() {
    for format in [
        OutputFormat::Parquet,
        OutputFormat::Jsonl,
        OutputFormat::Csv,
        OutputFormat::Arrow,
    ] {
        let out = scratch(&format!("fmt-{}", format.as_str()));
        let mut config = Config::default();
        config.output.format = format;
        config.keep_dropped = true;
        let p = Pipeline::new(config).unwrap();
        let a = p.run(&inputs(), &out).unwrap();
        let first = snapshot(&out);
        let b = p.run(&inputs(), &out).unwrap();
        same_files(&first, &snapshot(&out));
        assert_eq!(a.records_out, b.records_out);
        assert!(a.records_out > 15, "{format:?}: {a:?}");
        let rejected: u64 = a.rejected.values().sum();
        assert_eq!(
            a.documents_in,
            a.documents_out + rejected,
            "keep-and-mark keeps all"
        );
        assert!(first.contains_key("README.md") && first.contains_key("stats.json"));
        let ext = format.extension(Default::default());
        assert!(
            first.contains_key(&format!("data/train-00000-of-00001.{ext}")),
            "{:?}",
            first.keys()
        );
        assert!(!out.join(".corpusforge-work").exists());
        std::fs::remove_dir_all(&out).unwrap();
    }
}

#[test]
fn bad_documents_are_rejected_and_the_run_goes_on() {
    let dir = scratch("rejects-in");
    std::fs::write(dir.join("broken.docx"), b"PK\x03\x04 not really a zip").unwrap();
    std::fs::write(dir.join("good.txt"), "A plain sentence that is fine.\n").unwrap();
    let out = scratch("rejects-out");
    let mut config = Config::default();
    config.output.format = OutputFormat::Jsonl;
    config
        .stages
        .retain(|s| *s != corpusforge::pipeline::Stage::Quality);
    let s = Pipeline::new(config)
        .unwrap()
        .run(std::slice::from_ref(&dir), &out)
        .unwrap();
    assert_eq!(s.documents_in, 2);
    assert_eq!(s.records_out, 1);
    assert_eq!(s.rejected.values().sum::<u64>(), 1);
    let rejects = std::fs::read_to_string(out.join("rejects.jsonl")).unwrap();
    let line: serde_json::Value = serde_json::from_str(rejects.lines().next().unwrap()).unwrap();
    assert!(line["source"].as_str().unwrap().ends_with("broken.docx"));
    assert_eq!(line["error"], "corrupt_document");
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn every_input_is_exactly_one_of_written_dropped_or_rejected() {
    // Good documents, an exact duplicate and a too-short page (dropped), two broken files
    // (rejected), and an archive whose members count one each: nothing may go missing.
    let dir = scratch("accounting-in");
    let para = |topic: &str| {
        format!(
            "The committee met on Tuesday to discuss {topic}. Members reviewed the figures \
             from the last quarter and agreed that the plan should go ahead as written. A \
             short report will follow next week, with the decisions and the open questions.\n"
        )
    };
    std::fs::write(dir.join("a.txt"), para("the budget")).unwrap();
    std::fs::write(dir.join("b.txt"), para("the budget")).unwrap();
    std::fs::write(dir.join("c.txt"), para("the new library")).unwrap();
    std::fs::write(dir.join("short.txt"), "Too short.\n").unwrap();
    std::fs::write(dir.join("broken.docx"), b"PK\x03\x04 not really a zip").unwrap();
    std::fs::write(dir.join("broken.pdf"), b"%PDF-1.7\n garbage").unwrap();
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, topic) in [("m1.txt", "the harbour"), ("m2.txt", "the school roof")] {
        zip.start_file(name, zip::write::SimpleFileOptions::default())
            .unwrap();
        std::io::Write::write_all(&mut zip, para(topic).as_bytes()).unwrap();
    }
    std::fs::write(dir.join("members.zip"), zip.finish().unwrap().into_inner()).unwrap();
    let out = scratch("accounting-out");
    let mut config = Config::default();
    config.output.format = OutputFormat::Jsonl;
    let s = Pipeline::new(config)
        .unwrap()
        .run(std::slice::from_ref(&dir), &out)
        .unwrap();
    let rejected: u64 = s.rejected.values().sum();
    assert_eq!(s.documents_in, 8, "{s:?}");
    assert_eq!(rejected, 2, "{s:?}");
    assert!(
        s.dropped_documents >= 2,
        "the duplicate and the short page: {s:?}"
    );
    assert_eq!(
        s.documents_in,
        s.documents_out + s.dropped_documents + rejected,
        "{s:?}"
    );
    let written: std::collections::BTreeSet<String> = jsonl_records(&out)
        .iter()
        .map(|r| r["source"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(written.len() as u64, s.documents_out);
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn duplicates_and_pii_are_marked_in_keep_and_mark_mode() {
    let dir = scratch("dups-in");
    let text =
        "Our support team answers every question within a day. Write to jane.doe@example.org \
                or call +44 20 7946 0958 and we will help you with your order, your invoice or \
                anything else you need from us this week.\n";
    std::fs::write(dir.join("a.txt"), text).unwrap();
    std::fs::write(dir.join("b.txt"), text.replace("week", "month")).unwrap();
    std::fs::write(dir.join("c.txt"), text).unwrap();
    let out = scratch("dups-out");
    let mut config = Config::default();
    config.output.format = OutputFormat::Jsonl;
    config.keep_dropped = true;
    config.quality.presets.clear();
    let s = Pipeline::new(config)
        .unwrap()
        .run(std::slice::from_ref(&dir), &out)
        .unwrap();
    assert_eq!(s.records_out, 3);
    let recs = jsonl_records(&out);
    let by_source = |name: &str| {
        recs.iter()
            .find(|r| r["source"].as_str().unwrap().ends_with(name))
            .unwrap()
            .clone()
    };
    // One survivor per cluster (the highest quality score, then the earliest); the others
    // point at it, an identical copy of the survivor as exact, the rest as near.
    let kept: Vec<&serde_json::Value> = recs
        .iter()
        .filter(|r| r["drop_reasons"].as_array().unwrap().is_empty())
        .collect();
    assert_eq!(kept.len(), 1, "{recs:?}");
    for r in &recs {
        if r["id"] != kept[0]["id"] {
            assert_eq!(r["duplicate_of"], kept[0]["id"]);
            let reason = r["drop_reasons"][0].as_str().unwrap();
            assert!(
                reason == "dedup:near" || reason == "dedup:exact",
                "{reason}"
            );
        }
    }
    let (a, c) = (by_source("a.txt"), by_source("c.txt"));
    if a["duplicate_of"].is_null() {
        assert_eq!(c["drop_reasons"], serde_json::json!(["dedup:exact"]));
    }
    assert!(!a["text"].as_str().unwrap().contains("jane.doe"));
    assert_eq!(a["pii_counts"]["EMAIL"], 1);
    assert_ne!(a["sensitivity"], "public");
    assert_eq!(s.dropped_documents, 2);
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn rows_become_documents_with_their_columns_as_metadata_and_split_by_document() {
    let dir = scratch("rows-in");
    let mut jsonl = String::new();
    const WORDS: [&str; 16] = [
        "river", "town", "market", "bridge", "winter", "harvest", "school", "mill", "road",
        "festival", "harbour", "church", "forest", "library", "station", "garden",
    ];
    let mut seed = 7u64;
    let mut word = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        WORDS[(seed >> 60) as usize]
    };
    for i in 0..400 {
        let mut text = String::new();
        for para in 0..2 {
            for _ in 0..3 {
                let s: Vec<&str> = (0..8).map(|_| word()).collect();
                text.push_str(&format!(
                    "The {} is near the {}. ",
                    s[..4].join(" "),
                    s[4..].join(" ")
                ));
            }
            if para == 0 {
                text.push_str("\n\n");
            }
        }
        jsonl.push_str(
            &serde_json::json!({"text": text, "url": format!("https://example.com/{i}")})
                .to_string(),
        );
        jsonl.push('\n');
    }
    jsonl.push_str("{\"body\": \"no text column\"}\n");
    std::fs::write(dir.join("crawl.jsonl"), jsonl).unwrap();
    let out = scratch("rows-out");
    let mut config = Config::default();
    config.input.rows = true;
    config.output.format = OutputFormat::Jsonl;
    config.output.splits.train = 0.8;
    config.output.splits.validation = 0.1;
    config.output.splits.test = 0.1;
    config.granularity = Granularity::Chunk;
    config.segment.max_chars = Some(80);
    config.quality.presets.clear();
    let s = Pipeline::new(config)
        .unwrap()
        .run(std::slice::from_ref(&dir), &out)
        .unwrap();
    assert_eq!(s.documents_in, 401);
    assert_eq!(s.rejected["corrupt_document"], 1);
    assert_eq!(s.documents_out, 400);
    assert!(s.records_out > 800, "{s:?}");
    let recs = jsonl_records(&out);
    let mut split_of: BTreeMap<String, String> = BTreeMap::new();
    for r in &recs {
        let doc = r["doc_id"].as_str().unwrap().to_string();
        let split = r["split"].as_str().unwrap().to_string();
        assert_eq!(
            split_of.entry(doc).or_insert(split.clone()),
            &split,
            "a document straddles splits"
        );
        assert!(r["metadata"]
            .as_str()
            .unwrap()
            .contains("https://example.com/"));
        assert!(r["n_chars"].as_i64().unwrap() <= 80);
    }
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for s in split_of.values() {
        *counts.entry(s.clone()).or_default() += 1;
    }
    assert!(
        counts["train"] > 280 && counts["validation"] > 20 && counts["test"] > 20,
        "{counts:?}"
    );
    let card = std::fs::read_to_string(out.join("README.md")).unwrap();
    for split in ["train", "validation", "test"] {
        assert!(card.contains(&format!("- split: {split}\n    path: data/{split}-*.jsonl")));
    }
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn a_cancelled_run_leaves_no_dataset() {
    let out = scratch("cancel");
    let cancel = AtomicBool::new(true);
    let control = RunControl {
        cancel: Some(&cancel),
        ..Default::default()
    };
    let e = Pipeline::new(Config::default())
        .unwrap()
        .run_with(&inputs(), &out, &control)
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Cancelled);
    assert!(!out.join("data").exists() && !out.join("README.md").exists());
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn a_limit_stops_after_that_many_documents() {
    let out = scratch("limit");
    let control = RunControl {
        limit: Some(3),
        ..Default::default()
    };
    let config = Config {
        keep_dropped: true,
        ..Default::default()
    };
    let s = Pipeline::new(config)
        .unwrap()
        .run_with(&inputs(), &out, &control)
        .unwrap();
    assert_eq!(s.documents_in, 3);
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn a_missing_input_is_an_io_error_and_bad_config_is_invalid_option() {
    let out = scratch("missing");
    let e = Pipeline::new(Config::default())
        .unwrap()
        .run(&[PathBuf::from("/no/such/folder")], &out)
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Io);
    let mut config = Config::default();
    config.output.splits.train = 0.5;
    assert_eq!(
        Pipeline::new(config).err().unwrap().kind(),
        ErrorKind::InvalidOption
    );
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn a_resumed_run_reuses_finished_inputs_and_writes_the_same_dataset() {
    // Many small inputs, so the run has several batches to stop between.
    let dir = scratch("resume-in");
    for i in 0..40 {
        std::fs::write(
            dir.join(format!("doc{i:02}.txt")),
            format!(
                "Document {i} describes the harbour, the market and the old bridge of town {i}. \
                 Visitors come in spring and autumn to walk along the river.\n"
            ),
        )
        .unwrap();
    }
    let mut config = Config::default();
    config.output.format = OutputFormat::Jsonl;
    config.output.name = Some("resume test".into());
    config.keep_dropped = true;
    let p = Pipeline::new(config).unwrap();
    let clean = scratch("resume-clean");
    p.run(std::slice::from_ref(&dir), &clean).unwrap();

    let out = scratch("resume-out");
    let cancel = AtomicBool::new(false);
    let stop_after_first_batch = |_: &corpusforge::pipeline::Progress| {
        cancel.store(true, std::sync::atomic::Ordering::Relaxed)
    };
    let control = RunControl {
        progress: Some(&stop_after_first_batch),
        cancel: Some(&cancel),
        ..Default::default()
    };
    let e = p
        .run_with(std::slice::from_ref(&dir), &out, &control)
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Cancelled);
    assert!(!out.join("data").exists());

    let resume = RunControl {
        resume: true,
        ..Default::default()
    };
    let s = p
        .run_with(std::slice::from_ref(&dir), &out, &resume)
        .unwrap();
    assert!(s.resumed_inputs > 0 && s.resumed_inputs < 40, "{s:?}");
    same_files(&snapshot(&clean), &snapshot(&out));
    // Without `resume` nothing is reused.
    let again = p.run(std::slice::from_ref(&dir), &out).unwrap();
    assert_eq!(again.resumed_inputs, 0);
    for d in [dir, clean, out] {
        std::fs::remove_dir_all(d).unwrap();
    }
}

#[test]
fn nested_columns_hold_sentences_paragraphs_and_chunks() {
    let dir = scratch("nested-in");
    std::fs::write(
        dir.join("a.txt"),
        "First paragraph. It has two sentences.\n\nSecond paragraph, one sentence.\n",
    )
    .unwrap();
    let out = scratch("nested-out");
    let mut config = Config::default();
    config.output.format = OutputFormat::Jsonl;
    config.output.nested = vec!["sentences".into(), "paragraphs".into(), "chunks".into()];
    config.segment.max_chars = Some(40);
    config.quality.presets.clear();
    Pipeline::new(config.clone())
        .unwrap()
        .run(std::slice::from_ref(&dir), &out)
        .unwrap();
    let r = &jsonl_records(&out)[0];
    assert_eq!(
        r["sentences"],
        serde_json::json!([
            "First paragraph.",
            "It has two sentences.",
            "Second paragraph, one sentence."
        ])
    );
    assert_eq!(r["paragraphs"].as_array().unwrap().len(), 2);
    assert!(r["chunks"].as_array().unwrap().len() >= 2);
    config.granularity = Granularity::Chunk;
    assert_eq!(
        Pipeline::new(config).err().unwrap().kind(),
        ErrorKind::InvalidOption
    );
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn a_temporal_split_sends_the_oldest_rows_to_train() {
    let dir = scratch("temporal-in");
    let mut jsonl = String::new();
    for year in 2000..2020 {
        let text = format!("A report written in the year {year} about the harbour and its ships.");
        jsonl.push_str(
            &serde_json::json!({"text": text, "date": format!("{year}-06-01")}).to_string(),
        );
        jsonl.push('\n');
    }
    std::fs::write(dir.join("rows.jsonl"), jsonl).unwrap();
    let out = scratch("temporal-out");
    let mut config = Config::default();
    config.input.rows = true;
    config.output.format = OutputFormat::Jsonl;
    config.output.temporal_by = Some("date".into());
    config.output.splits.train = 0.5;
    config.output.splits.validation = 0.25;
    config.output.splits.test = 0.25;
    config
        .stages
        .retain(|s| *s != corpusforge::pipeline::Stage::Dedup);
    config.quality.presets.clear();
    Pipeline::new(config.clone())
        .unwrap()
        .run(std::slice::from_ref(&dir), &out)
        .unwrap();
    for r in jsonl_records(&out) {
        let meta: serde_json::Value =
            serde_json::from_str(r["metadata"].as_str().unwrap()).unwrap();
        let year: i32 = meta["date"].as_str().unwrap()[..4].parse().unwrap();
        let expected = match year {
            ..2010 => "train",
            2010..2015 => "validation",
            _ => "test",
        };
        assert_eq!(r["split"], expected, "{year}");
    }
    config.output.stratify_by = Some("language".into());
    assert_eq!(
        Pipeline::new(config).err().unwrap().kind(),
        ErrorKind::InvalidOption
    );
    std::fs::remove_dir_all(&dir).unwrap();
    std::fs::remove_dir_all(&out).unwrap();
}

#[test]
fn a_dataset_written_elsewhere_gets_the_same_card_and_stats() {
    // What `corpusforge.spark` does after Spark wrote the shards: the card and statistics
    // from the shards alone are the run's own.
    let out = scratch("finish-out");
    let mut config = Config::default();
    config.output.format = OutputFormat::Parquet;
    let p = Pipeline::new(config).unwrap();
    let s = p.run(&inputs(), &out).unwrap();
    let card = std::fs::read_to_string(out.join("README.md")).unwrap();
    let stats = std::fs::read_to_string(out.join("stats.json")).unwrap();
    std::fs::remove_file(out.join("README.md")).unwrap();
    std::fs::remove_file(out.join("stats.json")).unwrap();
    let dups: u64 = s
        .dropped
        .iter()
        .filter(|(k, _)| k.starts_with("dedup:"))
        .map(|(_, v)| v)
        .sum();
    let own_drops = s.dropped_documents - dups;
    let facts = corpusforge::pipeline::DatasetFacts {
        documents_in: s.documents_in,
        dropped: s.dropped.clone(),
        rejected: s.rejected.clone(),
        duplicates: dups,
        documents_before_dedup: s.documents_in - s.rejected.values().sum::<u64>() - own_drops,
    };
    p.finish_dataset(&out, &facts).unwrap();
    assert_eq!(
        std::fs::read_to_string(out.join("stats.json")).unwrap(),
        stats
    );
    assert_eq!(
        std::fs::read_to_string(out.join("README.md")).unwrap(),
        card
    );
    std::fs::remove_dir_all(&out).unwrap();
}
