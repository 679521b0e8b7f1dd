//! The pipeline: one [`Config`], a list of inputs, and a dataset folder out.
//!
//! Two passes, as ARCHITECTURE.md draws them. The first extracts, normalizes, masks,
//! judges and chunks documents in parallel (rayon), in batches whose results are handled
//! in input order, so nothing depends on thread timing. Records go to a temporary file;
//! only small facts per document stay in memory (id, score, dedup keys and signature,
//! first drop reason). The second pass resolves duplicates, assigns splits and rewrites
//! the kept records into the final shards, then writes the card and statistics. Shards
//! are built in a staging folder and `data/` appears only when all of them are complete.

mod batch;
mod batch_arrow;
mod config;
mod first_pass;
mod inputs;
mod process;
mod records;
mod report;

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant;

use serde::Serialize;

pub use batch::{BatchDedup, BatchDoc, BatchItem, DedupFacts};
pub use batch_arrow::{BATCH_COLUMNS, DEDUP_COLUMNS};
pub use config::{Config, Granularity, InputOptions, Stage};
pub use inputs::{discover, read_rows, Input, Row};
pub use records::{JsonRecords, RecordStream};
pub use report::report_html;

use crate::dataset::{
    dataset_card, split_fraction, CardInfo, DatasetStats, Record, RecordSchema, ShardWriter,
    SplitAssigner, SPLIT_NAMES,
};
use crate::dedup::{DedupOptions, MinHasher};
use crate::document::{Document, Metadata, Source};
use crate::error::{catch_panic, Error, Result};
use crate::quality::{QualityJudge, Signals};
use crate::{ChunkOptions, Tokenizer};

use first_pass::{read_entry, records_of, FirstPass};

/// Where a run stands, as the progress callback receives it.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Progress {
    /// `extract` during the first pass, `write` during the second.
    pub phase: &'static str,
    /// Inputs (files, datasets) finished.
    pub inputs_done: u64,
    /// Inputs in all.
    pub inputs_total: u64,
    /// Documents finished (archive members and dataset rows count one each).
    pub docs_done: u64,
    /// Bytes of input read so far.
    pub bytes_done: u64,
    /// Records written to the dataset (second pass).
    pub records_out: u64,
    /// Documents dropped so far.
    pub dropped: u64,
    /// Documents rejected (could not be read) so far.
    pub rejected: u64,
    /// Seconds since the run started.
    pub elapsed: f64,
}

/// Hooks into a run: a progress callback, a cancellation flag and a document limit.
#[derive(Default)]
pub struct RunControl<'a> {
    /// Called after each batch of documents and during writing.
    pub progress: Option<&'a (dyn Fn(&Progress) + Sync)>,
    /// Set it to stop the run; it then fails with [`Error::Cancelled`] and leaves no
    /// dataset that looks complete.
    pub cancel: Option<&'a AtomicBool>,
    /// Stop reading after this many documents.
    pub limit: Option<u64>,
    /// Reuse the first-pass work of inputs a killed or cancelled run into the same folder
    /// finished (matched by the SHA-256 of their bytes and of the configuration); the
    /// dataset is the same, byte for byte, as a clean run's.
    pub resume: bool,
}

/// What a run did.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RunSummary {
    /// Inputs found (files and datasets).
    pub inputs: u64,
    /// Documents read or rejected (archive members and dataset rows count one each).
    pub documents_in: u64,
    /// Documents in the dataset.
    pub documents_out: u64,
    /// Records in the dataset.
    pub records_out: u64,
    /// Documents dropped, per reason (`gopher_quality:min_doc_words`, `dedup:near`, ...);
    /// a document with several reasons counts under each.
    pub dropped: BTreeMap<String, u64>,
    /// Documents dropped (each once).
    pub dropped_documents: u64,
    /// Documents rejected, per error kind (`corrupt_document`, ...).
    pub rejected: BTreeMap<String, u64>,
    /// PII matches found, per kind, in every document read.
    pub pii: BTreeMap<String, u64>,
    /// Bytes of input read.
    pub bytes_in: u64,
    /// Bytes of the data shards written.
    pub bytes_out: u64,
    /// Wall-clock seconds.
    pub duration_secs: f64,
    /// Files of the dataset, relative to the output folder.
    pub output_files: Vec<String>,
    /// The dataset score (see [`DatasetStats::SCORE_FORMULA`]).
    pub dataset_score: f64,
    /// Inputs whose first-pass work was reused from an interrupted run (`resume`).
    pub resumed_inputs: u64,
}

/// One configured pipeline; build once, run on any inputs.
pub struct Pipeline {
    pub(crate) config: Config,
    pub(crate) judge: Option<QualityJudge>,
    pub(crate) dedup: Option<DedupOptions>,
    pub(crate) hasher: MinHasher,
    pub(crate) tokenizer: Tokenizer,
    pub(crate) chunk_options: ChunkOptions,
    pub(crate) signal_index_sentences: Option<usize>,
    schema: RecordSchema,
}

/// Files of the first pass and the staging area live here, inside the output folder.
const WORK_DIR: &str = ".corpusforge-work";
/// Share of written records re-scanned for PII after masking (the card's PII residue).
const RESIDUE_SAMPLE: f64 = 0.1;

impl Pipeline {
    /// Checks the configuration and prepares every stage (quality judge, tokenizer, MinHash).
    /// Extraction always hashes each input (`extract.sha256` is set): a record's `doc_id`
    /// is that hash.
    pub fn new(mut config: Config) -> Result<Pipeline> {
        config.output.check()?;
        config.extract.sha256 = true;
        let judge = if config.runs(Stage::Quality) {
            Some(QualityJudge::new(&config.quality)?)
        } else {
            None
        };
        let resolved = config.dedup.resolved()?;
        let hasher = resolved.hasher();
        let dedup =
            (config.runs(Stage::Dedup) && (resolved.exact || resolved.near)).then_some(resolved);
        let tokenizer = Tokenizer::from_spec(&config.segment.tokenizer)?;
        let mut chunk_options = config.segment.clone();
        if chunk_options.max_chars.is_none() && chunk_options.max_tokens.is_none() {
            chunk_options.max_tokens = Some(512);
        }
        if config.granularity == Granularity::Chunk && !config.output.nested.is_empty() {
            return Err(Error::invalid_option(
                "nested",
                "list columns are for granularity = \"document\" (chunk records are the chunks)",
            ));
        }
        if config.granularity == Granularity::Chunk
            || config.output.nested.iter().any(|n| n == "chunks")
        {
            crate::chunk("check", &chunk_options)?;
        }
        let pii_kinds = if config.runs(Stage::Pii) {
            crate::mask_pii("", &config.pii)?;
            let mut kinds: Vec<String> = match &config.pii.kinds {
                Some(k) => k.clone(),
                None => crate::pii::KINDS.iter().map(|k| k.to_string()).collect(),
            };
            kinds.extend(config.pii.custom.iter().map(|c| c.kind.clone()));
            if !config.pii.deny.is_empty() {
                kinds.push("DENY_LIST".into());
            }
            kinds
        } else {
            Vec::new()
        };
        let schema =
            RecordSchema::new(pii_kinds, judge.is_some()).with_nested(&config.output.nested);
        Ok(Pipeline {
            signal_index_sentences: Signals::NAMES.iter().position(|n| *n == "n_sentences"),
            config,
            judge,
            dedup,
            hasher,
            tokenizer,
            chunk_options,
            schema,
        })
    }

    /// The configuration.
    pub fn config(&self) -> &Config {
        &self.config
    }

    /// The columns of the records this pipeline writes.
    pub fn schema(&self) -> &RecordSchema {
        &self.schema
    }

    /// The dedup options in effect (presets resolved), `None` when the dedup stage is off:
    /// what a corpus-wide dedup over [`DedupFacts`] must apply to find the run's duplicates.
    pub fn dedup_options(&self) -> Option<&DedupOptions> {
        self.dedup.as_ref()
    }

    /// Runs the pipeline on `inputs` (files and folders) and writes the dataset into
    /// `out_dir`. See [`Pipeline::run_with`].
    pub fn run(&self, inputs: &[PathBuf], out_dir: &Path) -> Result<RunSummary> {
        self.run_with(inputs, out_dir, &RunControl::default())
    }

    /// Whether a run writes the records of documents their own stages drop (kept and
    /// marked, or listed in `dropped.jsonl`); otherwise they are not built at all.
    pub(crate) fn records_for_dropped(&self) -> bool {
        self.config.keep_dropped || self.config.output.write_dropped
    }

    /// Processes one document in memory (extracted already, or text): its records as they
    /// would be written, with `drop_reasons` filled by this document's own stages
    /// (duplicates need the corpus) and `split` assigned.
    pub fn process_document(&self, doc: Document) -> Result<Vec<Record>> {
        let p = catch_panic(|| self.process(doc, None, true))?;
        let split = self.split_of(&p.doc_id);
        Ok(p.records
            .into_iter()
            .map(|mut r| {
                r.split = split.to_string();
                r
            })
            .collect())
    }

    /// Processes a text as a document named `name` (its `doc_id` is the text's SHA-256).
    pub fn process_text(&self, text: &str, name: &str) -> Result<Vec<Record>> {
        self.process_document(text_document(text.to_string(), name))
    }

    /// The split of a document when splits are not stratified.
    fn split_of(&self, doc_id: &str) -> &'static str {
        let s = &self.config.output.splits;
        let u = split_fraction(doc_id, self.config.output.seed);
        if u < s.train {
            "train"
        } else if u < s.train + s.validation {
            "validation"
        } else {
            "test"
        }
    }

    /// Lists the inputs the run would read, with their detected formats, without
    /// processing anything (`corpusforge build --dry-run`).
    pub fn plan(&self, inputs: &[PathBuf], out_dir: &Path) -> Result<Vec<(Input, String)>> {
        let found = discover(inputs, &self.config.input, out_dir)?;
        Ok(found
            .into_iter()
            .map(|input| {
                let format = match &input {
                    Input::Rows(_) => "rows".to_string(),
                    Input::File(p) => {
                        let mut head = Vec::with_capacity(8192);
                        if let Ok(f) = File::open(p) {
                            let _ = f.take(8192).read_to_end(&mut head);
                        }
                        crate::detect(&head, Some(&p.display().to_string()))
                            .as_str()
                            .to_string()
                    }
                };
                (input, format)
            })
            .collect())
    }

    /// Runs the pipeline with a progress callback, cancellation and a document limit.
    ///
    /// A document that cannot be read never stops the run: it is counted and listed in
    /// `rejects.jsonl` (source, error kind, message). The dataset folder gets `data/`
    /// (the shards, `{split}-NNNNN-of-NNNNN.{ext}`), `README.md` (the dataset card),
    /// `stats.json`, `rejects.jsonl`, `dropped.jsonl` when asked, and `run.json` (timings:
    /// the only file that differs between two runs of the same inputs).
    pub fn run_with(
        &self,
        inputs: &[PathBuf],
        out_dir: &Path,
        control: &RunControl,
    ) -> Result<RunSummary> {
        let started = Instant::now();
        let out_name = out_dir.display().to_string();
        std::fs::create_dir_all(out_dir).map_err(|e| Error::io(&out_name, e))?;
        let found = discover(inputs, &self.config.input, out_dir)?;
        let work = out_dir.join(WORK_DIR);
        if work.exists() && !control.resume {
            std::fs::remove_dir_all(&work).map_err(|e| Error::io(work.display().to_string(), e))?;
        }
        let stage = work.join("stage");
        if stage.exists() {
            std::fs::remove_dir_all(&stage)
                .map_err(|e| Error::io(stage.display().to_string(), e))?;
        }
        mkdir(&stage.join("data"))?;

        let mut pass = FirstPass::new(self, &work, &stage, found.len() as u64, control, started)?;
        pass.run(&found)?;
        let mut summary = self.second_pass(pass, &stage, control, started)?;

        // Move into place: `data/` appears in one rename, complete; the rest after it.
        let data = out_dir.join("data");
        if data.exists() {
            std::fs::rename(&data, work.join("old-data"))
                .map_err(|e| Error::io(data.display().to_string(), e))?;
        }
        std::fs::rename(stage.join("data"), &data)
            .map_err(|e| Error::io(data.display().to_string(), e))?;
        for f in [
            "README.md",
            "stats.json",
            "report.html",
            "rejects.jsonl",
            "dropped.jsonl",
        ] {
            let from = stage.join(f);
            let to = out_dir.join(f);
            if from.exists() {
                std::fs::rename(&from, &to).map_err(|e| Error::io(to.display().to_string(), e))?;
            } else if to.exists() {
                std::fs::remove_file(&to).map_err(|e| Error::io(to.display().to_string(), e))?;
            }
        }
        summary.duration_secs = started.elapsed().as_secs_f64();
        let run = serde_json::json!({
            "corpusforge": crate::VERSION,
            "threads": rayon::current_num_threads(),
            "started_unix": std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs_f64() - summary.duration_secs)
                .unwrap_or(0.0),
            "summary": &summary,
        });
        write_file(
            &out_dir.join("run.json"),
            serde_json::to_string_pretty(&run)
                .unwrap_or_default()
                .as_bytes(),
        )?;
        std::fs::remove_dir_all(&work).map_err(|e| Error::io(work.display().to_string(), e))?;
        Ok(summary)
    }

    fn second_pass(
        &self,
        pass: FirstPass,
        stage: &Path,
        control: &RunControl,
        started: Instant,
    ) -> Result<RunSummary> {
        let FirstPass {
            facts,
            index,
            units,
            mut summary,
            mut progress,
            ..
        } = pass;
        let cfg = &self.config;
        let out = &cfg.output;
        let duplicates = match index {
            Some(idx) => idx.resolve(),
            None => vec![None; facts.len()],
        };
        // Decide every document: dropped by its own stages, as a duplicate, or kept.
        let mut written = vec![false; facts.len()];
        let mut assigner = if out.temporal_by.is_some() {
            SplitAssigner::temporal(&out.splits, out.seed)
        } else {
            SplitAssigner::new(&out.splits, out.seed, out.stratify_by.is_some())
        };
        for (i, fact) in facts.iter().enumerate() {
            if let Some(d) = duplicates[i] {
                let reason = dedup_reason(&d);
                *summary.dropped.entry(reason.to_string()).or_default() += 1;
            }
            let dropped = fact.dropped || duplicates[i].is_some();
            summary.dropped_documents += u64::from(dropped);
            if !dropped || cfg.keep_dropped {
                written[i] = true;
                if out.temporal_by.is_some() {
                    assigner.push_dated(&crate::hex::lower(&fact.doc_id), fact.date);
                } else {
                    assigner.push(&crate::hex::lower(&fact.doc_id), u32::from(fact.stratum));
                }
            }
        }
        let assigned = assigner.assign();
        let mut split_of = vec![0u8; facts.len()];
        // Records and text bytes per split, to plan the shards.
        let mut rows = [0u64; 3];
        let mut bytes = [0u64; 3];
        let mut next = 0;
        for (i, fact) in facts.iter().enumerate() {
            if written[i] {
                let s = assigned[next];
                next += 1;
                split_of[i] = s;
                rows[s as usize] += u64::from(fact.n_records);
                bytes[s as usize] += u64::from(fact.text_bytes);
            }
        }
        let ext = out.format.extension(out.jsonl_compression);
        let mut shards: Vec<Shards> = (0..3)
            .map(|s| {
                Shards::plan(
                    SPLIT_NAMES[s],
                    rows[s],
                    bytes[s],
                    out.shard_rows,
                    out.shard_bytes,
                    ext,
                )
            })
            .collect();
        if rows.iter().all(|&r| r == 0) {
            // An empty dataset still gets one (empty) train shard, so readers see the schema.
            shards[0].count = 1;
        }

        let mut dropped_out = if out.write_dropped {
            Some(BufWriter::new(create(&stage.join("dropped.jsonl"))?))
        } else {
            None
        };
        let mut stats = DatasetStats::default();
        stats.dropped = summary.dropped.clone();
        stats.rejected = summary.rejected.clone();
        let mut buf = Vec::new();
        progress.phase = "write";
        let mut i = 0usize;
        for unit in &units {
            let mut reader = BufReader::with_capacity(1 << 20, open(unit)?);
            while let Some(entry) = read_entry(&mut reader, &mut buf, unit)? {
                let Some(records) = records_of(entry) else {
                    continue;
                };
                if i.is_multiple_of(1024) {
                    check_cancel(control)?;
                }
                let duplicate_of =
                    duplicates[i].map(|d| format!("{}:0", crate::hex::lower(&facts[d.of].doc_id)));
                for mut r in records {
                    if let Some(d) = &duplicates[i] {
                        r.drop_reasons.push(dedup_reason(d).to_string());
                    }
                    r.duplicate_of = duplicate_of.clone();
                    if written[i] {
                        let s = split_of[i] as usize;
                        r.split = SPLIT_NAMES[s].to_string();
                        self.count(&mut stats, &r)?;
                        shards[s].write(r, &stage.join("data"), &self.schema, out)?;
                        progress.records_out += 1;
                        if progress.records_out.is_multiple_of(4096) {
                            progress.elapsed = started.elapsed().as_secs_f64();
                            if let Some(cb) = control.progress {
                                cb(&progress);
                            }
                        }
                    } else if let Some(w) = dropped_out.as_mut() {
                        serde_json::to_writer(&mut *w, &self.schema.to_json(&r))
                            .map_err(|e| Error::io("dropped.jsonl", e.into()))?;
                        w.write_all(b"\n")
                            .map_err(|e| Error::io("dropped.jsonl", e))?;
                    }
                }
                i += 1;
            }
        }
        if let Some(mut w) = dropped_out {
            w.flush().map_err(|e| Error::io("dropped.jsonl", e))?;
        }
        let mut files = Vec::new();
        for s in &mut shards {
            s.finish_all(
                &stage.join("data"),
                &self.schema,
                out,
                &mut summary.bytes_out,
                &mut files,
            )?;
        }

        let deduped = facts.iter().filter(|f| !f.dropped).count() as u64;
        let dups = duplicates.iter().filter(|d| d.is_some()).count() as u64;
        stats.finish(dups, deduped);
        summary.records_out = stats.total_records();
        summary.documents_out = stats.total_documents();
        summary.dataset_score = stats.dataset_score;
        let name = self.dataset_name(stage.parent().and_then(Path::parent));
        self.write_reports(stage, &name, summary.documents_in, &stats)?;
        files.extend(
            ["README.md", "stats.json", "report.html", "rejects.jsonl"].map(str::to_string),
        );
        if out.write_dropped {
            files.push("dropped.jsonl".into());
        }
        files.push("run.json".into());
        summary.output_files = files;
        progress.elapsed = started.elapsed().as_secs_f64();
        if let Some(cb) = control.progress {
            cb(&progress);
        }
        Ok(summary)
    }
}

impl Pipeline {
    /// Counts a written record into `stats`, with the PII re-scan of a deterministic sample.
    fn count(&self, stats: &mut DatasetStats, r: &Record) -> Result<()> {
        let cfg = &self.config;
        if cfg.runs(Stage::Pii) && split_fraction(&r.id, cfg.output.seed ^ 0x5eed) < RESIDUE_SAMPLE
        {
            let left = crate::find_pii(&r.text, &cfg.pii)?;
            stats.add_residue_scan(!left.is_empty());
        }
        stats.add(r);
        Ok(())
    }

    /// The dataset's name: `output.name`, else the output folder's name.
    fn dataset_name(&self, out_dir: Option<&Path>) -> String {
        self.config.output.name.clone().unwrap_or_else(|| {
            out_dir
                .and_then(|p| p.canonicalize().ok())
                .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                .unwrap_or_else(|| "dataset".into())
        })
    }

    /// Writes the dataset card (`README.md`), `stats.json` and `report.html` into `dir`.
    fn write_reports(
        &self,
        dir: &Path,
        name: &str,
        documents_in: u64,
        stats: &DatasetStats,
    ) -> Result<()> {
        let cfg = &self.config;
        let out = &cfg.output;
        let stages: Vec<String> = std::iter::once("extract".to_string())
            .chain(cfg.stages.iter().map(|s| s.as_str().to_string()))
            .chain((cfg.granularity == Granularity::Chunk).then(|| "chunk".to_string()))
            .collect();
        let card = dataset_card(
            &CardInfo {
                name,
                license: &out.license,
                extension: out.format.extension(out.jsonl_compression),
                stages: &stages,
                granularity: cfg.granularity.as_str(),
                documents_in,
                schema: &self.schema,
                nested_as_text: out.format == crate::dataset::OutputFormat::Csv,
            },
            stats,
        );
        write_file(&dir.join("README.md"), card.as_bytes())?;
        let stats_json = serde_json::to_string_pretty(stats).unwrap_or_default();
        write_file(&dir.join("stats.json"), stats_json.as_bytes())?;
        let html = report::report_html(name, documents_in, stats);
        write_file(&dir.join("report.html"), html.as_bytes())
    }

    /// Completes a dataset folder whose `data/` shards were written by another engine
    /// (Spark's Parquet writer in `corpusforge.spark`): reads the shards back, computes the
    /// statistics as a run does, and writes the card, `stats.json` and `report.html`.
    /// `facts` are what only the writer knows: inputs, drops, rejects and duplicates.
    pub fn finish_dataset(&self, out_dir: &Path, facts: &DatasetFacts) -> Result<DatasetStats> {
        use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
        let data = out_dir.join("data");
        let mut shards: Vec<PathBuf> = std::fs::read_dir(&data)
            .map_err(|e| Error::io(data.display().to_string(), e))?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "parquet"))
            .collect();
        shards.sort();
        let mut stats = DatasetStats::default();
        for shard in &shards {
            let name = shard.display().to_string();
            let file = File::open(shard).map_err(|e| Error::io(&name, e))?;
            let corrupt = |e: &dyn std::fmt::Display| Error::CorruptDocument {
                source_name: name.clone(),
                detail: e.to_string(),
            };
            let reader = ParquetRecordBatchReaderBuilder::try_new(file)
                .and_then(|b| b.with_batch_size(4096).build())
                .map_err(|e| corrupt(&e))?;
            for batch in reader {
                let batch = batch.map_err(|e| corrupt(&e))?;
                for r in crate::dataset::from_record_batch(&batch)? {
                    self.count(&mut stats, &r)?;
                }
            }
        }
        stats.dropped = facts.dropped.clone();
        stats.rejected = facts.rejected.clone();
        stats.finish(facts.duplicates, facts.documents_before_dedup);
        let name = self.dataset_name(Some(out_dir));
        self.write_reports(out_dir, &name, facts.documents_in, &stats)?;
        Ok(stats)
    }
}

/// What [`Pipeline::finish_dataset`] needs besides the shards.
#[derive(Debug, Clone, Default, PartialEq, serde::Deserialize)]
#[serde(default)]
pub struct DatasetFacts {
    /// Documents read or rejected.
    pub documents_in: u64,
    /// Documents dropped, per reason.
    pub dropped: BTreeMap<String, u64>,
    /// Documents rejected, per error kind.
    pub rejected: BTreeMap<String, u64>,
    /// Documents dropped as duplicates.
    pub duplicates: u64,
    /// Documents that took part in dedup (not dropped by their own stages).
    pub documents_before_dedup: u64,
}

/// The shards of one split: how many, and the one being written.
struct Shards {
    split: &'static str,
    count: u64,
    rows: u64,
    bytes: u64,
    ext: &'static str,
    written_rows: u64,
    written_bytes: u64,
    current: Option<(u64, ShardWriter)>,
}

impl Shards {
    fn plan(
        split: &'static str,
        rows: u64,
        bytes: u64,
        shard_rows: Option<u64>,
        shard_bytes: u64,
        ext: &'static str,
    ) -> Shards {
        let by_bytes = bytes.div_ceil(shard_bytes);
        let by_rows = shard_rows.map_or(0, |r| rows.div_ceil(r));
        let count = if rows == 0 {
            0
        } else {
            by_bytes.max(by_rows).max(1)
        };
        Shards {
            split,
            count,
            rows,
            bytes,
            ext,
            written_rows: 0,
            written_bytes: 0,
            current: None,
        }
    }

    fn path(&self, dir: &Path, i: u64) -> PathBuf {
        dir.join(format!(
            "{}-{:05}-of-{:05}.{}",
            self.split, i, self.count, self.ext
        ))
    }

    /// The shard a record goes to: records are spread so each shard gets an equal share of
    /// the split's rows and bytes (whichever asks for more shards).
    fn target(&self) -> u64 {
        let by_rows = self.written_rows * self.count / self.rows.max(1);
        let by_bytes = self.written_bytes * self.count / self.bytes.max(1);
        by_rows.max(by_bytes).min(self.count.saturating_sub(1))
    }

    fn write(
        &mut self,
        r: Record,
        dir: &Path,
        schema: &RecordSchema,
        out: &crate::dataset::OutputOptions,
    ) -> Result<()> {
        let target = self.target();
        if self.current.as_ref().is_none_or(|(i, _)| *i != target) {
            if let Some((_, w)) = self.current.take() {
                w.finish()?;
            }
            self.current = Some((
                target,
                ShardWriter::create(&self.path(dir, target), schema, out)?,
            ));
        }
        self.written_rows += 1;
        self.written_bytes += r.text.len() as u64;
        if let Some((_, w)) = self.current.as_mut() {
            w.write(r)?;
        }
        Ok(())
    }

    fn finish_all(
        &mut self,
        dir: &Path,
        schema: &RecordSchema,
        out: &crate::dataset::OutputOptions,
        bytes_out: &mut u64,
        files: &mut Vec<String>,
    ) -> Result<()> {
        if let Some((_, w)) = self.current.take() {
            w.finish()?;
        }
        // Shards that got no record (an empty dataset's train shard) are written empty.
        for i in 0..self.count {
            let path = self.path(dir, i);
            if !path.exists() {
                ShardWriter::create(&path, schema, out)?.finish()?;
            }
            *bytes_out += std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
            files.push(format!(
                "data/{}",
                path.file_name().unwrap_or_default().to_string_lossy()
            ));
        }
        Ok(())
    }
}

/// The drop reason of a duplicate.
fn dedup_reason(d: &crate::dedup::Duplicate) -> &'static str {
    if d.exact {
        "dedup:exact"
    } else {
        "dedup:near"
    }
}

/// A text as a document named `name`; its `doc_id` is the text's SHA-256.
pub(crate) fn text_document(text: String, name: &str) -> Document {
    let sha = crate::extract::sha256_hex(text.as_bytes());
    Document {
        source: Source {
            name: name.to_string(),
            format: "row".into(),
            byte_len: text.len() as u64,
            sha256: Some(sha),
        },
        text,
        metadata: Metadata::default(),
        ..Default::default()
    }
}

fn check_cancel(control: &RunControl) -> Result<()> {
    if control.cancel.is_some_and(|c| c.load(Ordering::Relaxed)) {
        return Err(Error::Cancelled);
    }
    Ok(())
}

fn mkdir(p: &Path) -> Result<()> {
    std::fs::create_dir_all(p).map_err(|e| Error::io(p.display().to_string(), e))
}

fn create(p: &Path) -> Result<File> {
    File::create(p).map_err(|e| Error::io(p.display().to_string(), e))
}

fn open(p: &Path) -> Result<File> {
    File::open(p).map_err(|e| Error::io(p.display().to_string(), e))
}

/// Writes a file under a temporary name and renames it into place.
fn write_file(p: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = crate::dataset::tmp_path_of(p);
    std::fs::write(&tmp, bytes).map_err(|e| Error::io(p.display().to_string(), e))?;
    std::fs::rename(&tmp, p).map_err(|e| Error::io(p.display().to_string(), e))
}
