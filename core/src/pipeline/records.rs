//! The pipeline's records as a stream: Arrow record batches for notebooks and engines that
//! take Arrow directly (pyarrow, polars, DuckDB through the C stream interface), or JSON
//! objects for services (Node's `records`). The run writes its shards to a private
//! temporary folder and the stream reads them back one batch or line at a time (memory
//! stays bounded); the folder goes when the stream is dropped.

use std::collections::VecDeque;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use arrow_array::{RecordBatch, RecordBatchReader};
use arrow_ipc::reader::FileReader;
use arrow_schema::{ArrowError, SchemaRef};

use super::{Pipeline, RunControl, RunSummary};
use crate::dataset::{JsonlCompression, OutputFormat, SPLIT_NAMES};
use crate::error::{Error, Result};

/// Record batches of a finished run, in split order (train, validation, test), each split's
/// shards in order.
pub struct RecordStream {
    schema: SchemaRef,
    // Before `run`: the open shard is closed before the folder is removed.
    current: Option<FileReader<BufReader<File>>>,
    run: TempRun,
}

impl RecordStream {
    fn open_next(&mut self) -> std::result::Result<bool, ArrowError> {
        let Some(path) = self.run.files.pop_front() else {
            return Ok(false);
        };
        let file =
            File::open(&path).map_err(|e| ArrowError::IoError(path.display().to_string(), e))?;
        self.current = Some(FileReader::try_new(BufReader::new(file), None)?);
        Ok(true)
    }
}

impl Iterator for RecordStream {
    type Item = std::result::Result<RecordBatch, ArrowError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(reader) = self.current.as_mut() {
                if let Some(batch) = reader.next() {
                    return Some(batch);
                }
                self.current = None;
            }
            match self.open_next() {
                Ok(true) => continue,
                Ok(false) => return None,
                Err(e) => return Some(Err(e)),
            }
        }
    }
}

impl RecordBatchReader for RecordStream {
    fn schema(&self) -> SchemaRef {
        self.schema.clone()
    }
}

/// The records of a finished run as JSON objects (the rows of the JSONL writer), in split
/// order (train, validation, test), each split's shards in order.
pub struct JsonRecords {
    // Before `run`: the open shard is closed before the folder is removed.
    current: Option<(std::io::Lines<BufReader<File>>, String)>,
    run: TempRun,
}

impl Iterator for JsonRecords {
    type Item = Result<serde_json::Value>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some((lines, name)) = self.current.as_mut() {
                match lines.next() {
                    Some(Ok(line)) => {
                        return Some(serde_json::from_str(&line).map_err(|e| Error::Internal {
                            detail: format!("{name}: {e}"),
                        }))
                    }
                    Some(Err(e)) => return Some(Err(Error::io(name.as_str(), e))),
                    None => self.current = None,
                }
            }
            let path = self.run.files.pop_front()?;
            let name = path.display().to_string();
            match File::open(&path) {
                Ok(f) => self.current = Some((BufReader::new(f).lines(), name)),
                Err(e) => return Some(Err(Error::io(name, e))),
            }
        }
    }
}

/// A run into a private temporary folder, removed on drop; its data shards in order.
struct TempRun {
    dir: PathBuf,
    files: VecDeque<PathBuf>,
}

impl TempRun {
    fn new(
        pipeline: &Pipeline,
        format: OutputFormat,
        inputs: &[PathBuf],
        control: &RunControl,
    ) -> Result<(TempRun, RunSummary)> {
        let dir = std::env::temp_dir().join(format!(
            "corpusforge-records-{}-{}",
            std::process::id(),
            STREAMS.fetch_add(1, Ordering::Relaxed)
        ));
        let mut config = pipeline.config.clone();
        config.output.format = format;
        config.output.jsonl_compression = JsonlCompression::None;
        // The folder is removed by the drop of `run` from here on, on error too.
        let mut run = TempRun {
            dir,
            files: VecDeque::new(),
        };
        let summary = Pipeline::new(config)?.run_with(inputs, &run.dir, control)?;
        run.files = shard_files(&run.dir.join("data"))?;
        Ok((run, summary))
    }
}

impl Drop for TempRun {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

static STREAMS: AtomicU64 = AtomicU64::new(0);

impl Pipeline {
    /// Runs the pipeline on `inputs` and returns its records as a stream of Arrow record
    /// batches (of [`Pipeline::schema`]'s columns), with the run's summary. Nothing is
    /// written where the caller can see it.
    pub fn records(
        &self,
        inputs: &[PathBuf],
        control: &RunControl,
    ) -> Result<(RecordStream, RunSummary)> {
        let (run, summary) = TempRun::new(self, OutputFormat::Arrow, inputs, control)?;
        let stream = RecordStream {
            schema: self.schema.arrow(),
            current: None,
            run,
        };
        Ok((stream, summary))
    }

    /// Runs the pipeline on `inputs` and returns its records as JSON objects (the JSONL
    /// writer's rows), with the run's summary. Nothing is written where the caller can see
    /// it.
    pub fn json_records(
        &self,
        inputs: &[PathBuf],
        control: &RunControl,
    ) -> Result<(JsonRecords, RunSummary)> {
        let (run, summary) = TempRun::new(self, OutputFormat::Jsonl, inputs, control)?;
        Ok((JsonRecords { current: None, run }, summary))
    }
}

/// The data shards in split order, then by name.
fn shard_files(data: &Path) -> Result<VecDeque<PathBuf>> {
    let name = data.display().to_string();
    let mut files: Vec<PathBuf> = std::fs::read_dir(data)
        .map_err(|e| Error::io(&name, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    files.sort_by_key(|p| {
        let file = p
            .file_name()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned();
        let split = SPLIT_NAMES
            .iter()
            .position(|s| file.starts_with(&format!("{s}-")))
            .unwrap_or(SPLIT_NAMES.len());
        (split, file)
    });
    Ok(files.into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Config;
    use arrow_array::Array;

    #[test]
    fn records_stream_every_row_and_clean_up() {
        let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
        let config = Config {
            keep_dropped: true,
            ..Default::default()
        };
        let p = Pipeline::new(config).unwrap();
        let (stream, summary) = p.records(&[examples], &RunControl::default()).unwrap();
        let dir = stream.run.dir.clone();
        assert_eq!(stream.schema(), p.schema().arrow());
        let rows: usize = stream.map(|b| b.unwrap().num_rows()).sum();
        assert_eq!(rows as u64, summary.records_out);
        assert!(rows > 5);
        assert!(!dir.exists(), "the temporary folder goes with the stream");
    }

    #[test]
    fn json_records_are_the_jsonl_rows() {
        let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
        let p = Pipeline::new(Config::default()).unwrap();
        let (records, summary) = p
            .json_records(std::slice::from_ref(&examples), &RunControl::default())
            .unwrap();
        let dir = records.run.dir.clone();
        let rows: Vec<serde_json::Value> = records.map(|r| r.unwrap()).collect();
        assert_eq!(rows.len() as u64, summary.records_out);
        assert!(rows
            .iter()
            .all(|r| r["text"].is_string() && r["split"].is_string()));
        assert!(!dir.exists());
        let (stream, _) = p.records(&[examples], &RunControl::default()).unwrap();
        let ids = stream
            .flat_map(|b| {
                let b = b.unwrap();
                let col = b.column_by_name("id").unwrap().clone();
                let col = col
                    .as_any()
                    .downcast_ref::<arrow_array::StringArray>()
                    .unwrap()
                    .clone();
                (0..col.len())
                    .map(move |i| col.value(i).to_string())
                    .collect::<Vec<_>>()
            })
            .collect::<Vec<_>>();
        let json_ids: Vec<String> = rows
            .iter()
            .map(|r| r["id"].as_str().unwrap().into())
            .collect();
        assert_eq!(ids, json_ids, "the same records in the same order");
    }
}
