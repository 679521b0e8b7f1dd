//! The first pass: documents extracted and processed in parallel batches, handled in input
//! order. Each input's outcome (its documents' records and facts, or its rejects) goes to a
//! *unit* file in the work folder, named by the SHA-256 of the input's bytes and of the
//! configuration; a unit is renamed to that name only once the input is done. A rerun with
//! `resume` reads the units of inputs already done instead of processing them again, and
//! since the second pass reads every record from the units in input order, the dataset is
//! the same, byte for byte, as a clean run's.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::time::Instant;

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::inputs::{read_rows, Input, Row};
use super::process::Processed;
use super::{check_cancel, create, text_document, Pipeline, Progress, RunControl, RunSummary};
use crate::dataset::Record;
use crate::dedup::DedupIndex;
use crate::error::{catch_panic, Error, Result};

/// Test hook: abort the process after this many documents (the kill-and-resume test).
const ABORT_AFTER_ENV: &str = "CORPUSFORGE_TEST_ABORT_AFTER";

/// One document's outcome as a unit file stores it.
#[derive(Serialize, Deserialize)]
pub(crate) enum UnitDoc {
    /// The document could not be read.
    Rejected {
        name: String,
        kind: String,
        message: String,
    },
    /// The document went through the stages.
    Processed(Processed),
}

/// What the second pass needs of one document (56 bytes, plus its dedup signature in the
/// [`DedupIndex`]).
pub(crate) struct DocFact {
    pub doc_id: [u8; 32],
    pub n_records: u32,
    /// Bytes of the document's text (at most `max_bytes`-derived, far below 4 GiB).
    pub text_bytes: u32,
    /// Dropped by its own stages (PII `drop_document`, quality, language).
    pub dropped: bool,
    /// The stratification value (language or format), interned.
    pub stratum: u16,
    /// The date key of a temporal split (0 without).
    pub date: u64,
}

/// The first pass's state: the sink that handles processed documents in input order.
pub(crate) struct FirstPass<'a> {
    pipeline: &'a Pipeline,
    control: &'a RunControl<'a>,
    started: Instant,
    pub facts: Vec<DocFact>,
    pub index: Option<DedupIndex>,
    /// The unit files of the inputs, in input order.
    pub units: Vec<PathBuf>,
    units_dir: PathBuf,
    /// SHA-256 of the configuration and version: part of every unit's name.
    config_key: Vec<u8>,
    resume: bool,
    rejects: BufWriter<File>,
    pub summary: RunSummary,
    pub progress: Progress,
    strata: BTreeMap<String, u16>,
    abort_after: Option<u64>,
}

/// The result of one input in the first pass: its size and per document, its outcome.
type InputResult = (u64, Vec<UnitDoc>);

/// A unit file being written.
struct UnitWriter {
    out: BufWriter<File>,
    tmp: PathBuf,
}

impl<'a> FirstPass<'a> {
    pub fn new(
        pipeline: &'a Pipeline,
        work: &Path,
        stage: &Path,
        inputs_total: u64,
        control: &'a RunControl<'a>,
        started: Instant,
    ) -> Result<Self> {
        let index = pipeline
            .dedup
            .as_ref()
            .map(|d| DedupIndex::new(d.threshold, d.bands, pipeline.hasher.len()));
        let units_dir = work.join("units");
        super::mkdir(&units_dir)?;
        let config_json = serde_json::to_string(&pipeline.config).unwrap_or_default();
        let config_key = Sha256::new()
            .chain_update(crate::VERSION)
            .chain_update(config_json)
            .finalize()
            .to_vec();
        Ok(FirstPass {
            pipeline,
            control,
            started,
            facts: Vec::new(),
            index,
            units: Vec::new(),
            units_dir,
            config_key,
            resume: control.resume,
            rejects: BufWriter::new(create(&stage.join("rejects.jsonl"))?),
            summary: RunSummary {
                inputs: inputs_total,
                ..Default::default()
            },
            progress: Progress {
                phase: "extract",
                inputs_total,
                ..Default::default()
            },
            strata: BTreeMap::new(),
            abort_after: std::env::var(ABORT_AFTER_ENV)
                .ok()
                .and_then(|v| v.parse().ok()),
        })
    }

    fn limit_reached(&self) -> bool {
        self.control
            .limit
            .is_some_and(|l| self.progress.docs_done >= l)
    }

    /// The unit file name of an input: SHA-256 of the configuration, the input's path (its
    /// records name it) and its bytes.
    fn unit_path(&self, input: &Path) -> Result<PathBuf> {
        let name = input.display().to_string();
        let mut file = File::open(input).map_err(|e| Error::io(&name, e))?;
        let mut h = Sha256::new();
        h.update(&self.config_key);
        h.update((name.len() as u64).to_le_bytes());
        h.update(name.as_bytes());
        let mut chunk = vec![0u8; 1 << 16];
        loop {
            let n = file.read(&mut chunk).map_err(|e| Error::io(&name, e))?;
            if n == 0 {
                break;
            }
            h.update(&chunk[..n]);
        }
        let hex = crate::hex::lower(&h.finalize());
        Ok(self.units_dir.join(format!("{hex}.unit")))
    }

    pub fn run(&mut self, inputs: &[Input]) -> Result<()> {
        let batch = (rayon::current_num_threads() * 4).max(4);
        let mut pending: Vec<(&Path, PathBuf)> = Vec::new();
        for input in inputs {
            if self.limit_reached() {
                break;
            }
            // An input that cannot be read at all becomes one reject, in its place.
            let unit = match self.unit_path(input.path()) {
                Ok(u) => u,
                Err(e) => {
                    self.files(std::mem::take(&mut pending))?;
                    let tmp = self
                        .units_dir
                        .join(format!("unreadable-{}.unit", self.units.len()));
                    let mut w = self.open_unit(&tmp)?;
                    let doc = rejected(&input.path().display().to_string(), &e);
                    self.handle(&doc)?;
                    write_entry(&mut w.out, &doc, &w.tmp)?;
                    self.close_unit(w, None)?;
                    self.progress.inputs_done += 1;
                    continue;
                }
            };
            if self.resume && unit.exists() {
                self.files(std::mem::take(&mut pending))?;
                self.replay(&unit)?;
                continue;
            }
            match input {
                Input::File(p) => {
                    pending.push((p, unit));
                    if pending.len() >= batch {
                        self.files(std::mem::take(&mut pending))?;
                    }
                }
                Input::Rows(p) => {
                    self.files(std::mem::take(&mut pending))?;
                    self.rows(p, unit)?;
                }
            }
        }
        self.files(pending)?;
        self.rejects
            .flush()
            .map_err(|e| Error::io("rejects.jsonl", e))?;
        Ok(())
    }

    fn open_unit(&self, tmp: &Path) -> Result<UnitWriter> {
        Ok(UnitWriter {
            out: BufWriter::with_capacity(1 << 20, create(tmp)?),
            tmp: tmp.to_path_buf(),
        })
    }

    /// Finishes a unit: renamed to `done` when the input is complete (so a resumed run can
    /// reuse it), left under its temporary name otherwise; either way the second pass reads it.
    fn close_unit(&mut self, mut w: UnitWriter, done: Option<PathBuf>) -> Result<()> {
        let name = w.tmp.display().to_string();
        w.out.flush().map_err(|e| Error::io(&name, e))?;
        drop(w.out);
        let path = match done {
            Some(done) if !self.limit_reached() => {
                std::fs::rename(&w.tmp, &done).map_err(|e| Error::io(&name, e))?;
                done
            }
            _ => w.tmp,
        };
        self.units.push(path);
        Ok(())
    }

    /// Handles the documents of a unit a previous run completed.
    fn replay(&mut self, unit: &Path) -> Result<()> {
        check_cancel(self.control)?;
        let mut reader = BufReader::with_capacity(1 << 20, super::open(unit)?);
        let mut buf = Vec::new();
        while let Some(doc) = read_entry(&mut reader, &mut buf, unit)? {
            if let UnitDoc::Processed(p) = &doc {
                let len: u64 = p.records.iter().map(|r| r.text.len() as u64).sum();
                self.progress.bytes_done += len;
            }
            self.handle(&doc)?;
        }
        self.summary.resumed_inputs += 1;
        self.progress.inputs_done += 1;
        self.units.push(unit.to_path_buf());
        self.report();
        Ok(())
    }

    /// Extracts and processes a batch of files in parallel, then handles them in order.
    fn files(&mut self, batch: Vec<(&Path, PathBuf)>) -> Result<()> {
        if batch.is_empty() {
            return Ok(());
        }
        check_cancel(self.control)?;
        let p = self.pipeline;
        let results: Vec<InputResult> = batch
            .par_iter()
            .map(|(path, _)| {
                let name = path.display().to_string();
                let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
                let docs = match catch_panic(|| crate::extract_all(path, &p.config.extract)) {
                    Ok(docs) => docs
                        .into_iter()
                        .map(|d| {
                            match d.and_then(|doc| {
                                catch_panic(|| p.process(doc, None, p.records_for_dropped()))
                            }) {
                                Ok(processed) => UnitDoc::Processed(processed),
                                Err(e) => rejected(&name, &e),
                            }
                        })
                        .collect(),
                    Err(e) => vec![rejected(&name, &e)],
                };
                (size, docs)
            })
            .collect();
        for ((_, unit), (size, docs)) in batch.into_iter().zip(results) {
            self.progress.bytes_done += size;
            self.summary.bytes_in += size;
            let tmp = tmp_unit(&unit);
            let mut w = self.open_unit(&tmp)?;
            for doc in docs {
                if self.limit_reached() {
                    break;
                }
                self.handle(&doc)?;
                write_entry(&mut w.out, &doc, &w.tmp)?;
            }
            self.close_unit(w, Some(unit))?;
            self.progress.inputs_done += 1;
        }
        self.report();
        Ok(())
    }

    /// Reads a dataset's rows in blocks, processes each block in parallel.
    fn rows(&mut self, path: &Path, unit: PathBuf) -> Result<()> {
        let column = self.pipeline.config.input.text_column.clone();
        let name = path.display().to_string();
        let tmp = tmp_unit(&unit);
        let mut w = self.open_unit(&tmp)?;
        let result = read_rows(path, &column, 2048, &mut |rows: Vec<Row>| {
            if self.limit_reached() {
                return Ok(());
            }
            check_cancel(self.control)?;
            let p = self.pipeline;
            let results: Vec<(u64, UnitDoc)> = rows
                .into_par_iter()
                .map(|row| match row.text {
                    Ok(text) => {
                        let len = text.len() as u64;
                        let doc = text_document(text, &row.name);
                        match catch_panic(|| p.process(doc, row.metadata, p.records_for_dropped()))
                        {
                            Ok(processed) => (len, UnitDoc::Processed(processed)),
                            Err(e) => (len, rejected(&row.name, &e)),
                        }
                    }
                    Err(detail) => {
                        let e = Error::CorruptDocument {
                            source_name: row.name.clone(),
                            detail,
                        };
                        (0, rejected(&row.name, &e))
                    }
                })
                .collect();
            for (len, doc) in results {
                if self.limit_reached() {
                    break;
                }
                self.progress.bytes_done += len;
                self.summary.bytes_in += len;
                self.handle(&doc)?;
                write_entry(&mut w.out, &doc, &w.tmp)?;
            }
            self.report();
            Ok(())
        });
        self.progress.inputs_done += 1;
        match result {
            Ok(()) => self.close_unit(w, Some(unit)),
            Err(e) if e.kind() == crate::ErrorKind::Cancelled => Err(e),
            // A dataset that cannot be read (further) is one rejected input; the rows read
            // so far stay, and the unit is not reused by a resumed run.
            Err(e) => {
                let doc = rejected(&name, &e);
                self.handle(&doc)?;
                write_entry(&mut w.out, &doc, &w.tmp)?;
                self.close_unit(w, None)
            }
        }
    }

    fn report(&mut self) {
        self.progress.elapsed = self.started.elapsed().as_secs_f64();
        if let Some(cb) = self.control.progress {
            cb(&self.progress);
        }
    }

    /// Handles one document's outcome, in input order.
    fn handle(&mut self, doc: &UnitDoc) -> Result<()> {
        self.progress.docs_done += 1;
        self.summary.documents_in += 1;
        if self.abort_after == Some(self.progress.docs_done) {
            // Test hook only: simulate a crash (no cleanup, no unwinding).
            std::process::abort();
        }
        let p = match doc {
            UnitDoc::Processed(p) => p,
            UnitDoc::Rejected {
                name,
                kind,
                message,
            } => {
                self.progress.rejected += 1;
                *self.summary.rejected.entry(kind.clone()).or_default() += 1;
                let line = serde_json::json!({"source": name, "error": kind, "message": message});
                return writeln!(self.rejects, "{line}").map_err(|e| Error::io("rejects.jsonl", e));
            }
        };
        for (k, v) in &p.pii_counts {
            *self.summary.pii.entry(k.clone()).or_default() += *v as u64;
        }
        let dropped = !p.reasons.is_empty();
        if dropped {
            self.progress.dropped += 1;
            for r in &p.reasons {
                *self.summary.dropped.entry(r.clone()).or_default() += 1;
            }
        }
        let stratum_value = match self.pipeline.config.output.stratify_by.as_deref() {
            Some("format") => p.format.clone(),
            Some(_) => p.language.clone(),
            None => String::new(),
        };
        let next = self.strata.len() as u16;
        let stratum = *self.strata.entry(stratum_value).or_insert(next);
        if let Some(index) = self.index.as_mut() {
            let sig = p
                .signature
                .as_ref()
                .map(|(s, k)| (s.as_slice(), k.as_slice()));
            index.insert(p.exact_key, sig, p.score);
        }
        self.facts.push(DocFact {
            doc_id: unhex(&p.doc_id),
            n_records: p.records.len() as u32,
            text_bytes: u32::try_from(p.text_bytes).unwrap_or(u32::MAX),
            dropped,
            stratum,
            date: p.date,
        });
        Ok(())
    }
}

fn rejected(name: &str, e: &Error) -> UnitDoc {
    UnitDoc::Rejected {
        name: name.to_string(),
        kind: e.kind().as_str().to_string(),
        message: e.to_string(),
    }
}

fn tmp_unit(unit: &Path) -> PathBuf {
    unit.with_extension("unit.partial")
}

fn write_entry(w: &mut impl Write, doc: &UnitDoc, path: &Path) -> Result<()> {
    let name = path.display().to_string();
    let bytes = postcard::to_stdvec(doc).map_err(|e| Error::Internal {
        detail: format!("{name}: cannot store a document: {e}"),
    })?;
    w.write_all(&(bytes.len() as u64).to_le_bytes())
        .and_then(|()| w.write_all(&bytes))
        .map_err(|e| Error::io(&name, e))
}

/// The next entry of a unit file, `None` at its end.
pub(crate) fn read_entry(
    r: &mut impl Read,
    buf: &mut Vec<u8>,
    path: &Path,
) -> Result<Option<UnitDoc>> {
    let name = path.display().to_string();
    let mut len = [0u8; 8];
    match r.read_exact(&mut len) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::UnexpectedEof => return Ok(None),
        Err(e) => return Err(Error::io(&name, e)),
    }
    buf.resize(u64::from_le_bytes(len) as usize, 0);
    r.read_exact(buf).map_err(|e| Error::io(&name, e))?;
    postcard::from_bytes(buf)
        .map(Some)
        .map_err(|e| Error::Internal {
            detail: format!("{name}: unreadable work file: {e}"),
        })
}

/// Hex SHA-256 to bytes (zeros for anything else; ids are always hex SHA-256 here).
fn unhex(s: &str) -> [u8; 32] {
    let mut out = [0u8; 32];
    for (i, o) in out.iter_mut().enumerate() {
        *o = s
            .get(2 * i..2 * i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .unwrap_or(0);
    }
    out
}

/// The records of a processed document, for the second pass.
pub(crate) fn records_of(doc: UnitDoc) -> Option<Vec<Record>> {
    match doc {
        UnitDoc::Processed(p) => Some(p.records),
        UnitDoc::Rejected { .. } => None,
    }
}
