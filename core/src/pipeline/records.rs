//! The pipeline's records as a stream of Arrow record batches, for notebooks and engines
//! that take Arrow directly (pyarrow, polars, DuckDB through the C stream interface). The
//! run writes Arrow IPC shards to a private temporary folder and the stream reads them back
//! batch by batch (memory stays bounded); the folder goes when the stream is dropped.

use std::collections::VecDeque;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use arrow_array::{RecordBatch, RecordBatchReader};
use arrow_ipc::reader::FileReader;
use arrow_schema::{ArrowError, SchemaRef};

use super::{Pipeline, RunControl, RunSummary};
use crate::dataset::{OutputFormat, SPLIT_NAMES};
use crate::error::{Error, Result};

/// Record batches of a finished run, in split order (train, validation, test), each split's
/// shards in order.
pub struct RecordStream {
    schema: SchemaRef,
    files: VecDeque<PathBuf>,
    current: Option<FileReader<BufReader<File>>>,
    dir: PathBuf,
}

impl RecordStream {
    fn open_next(&mut self) -> std::result::Result<bool, ArrowError> {
        let Some(path) = self.files.pop_front() else {
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

impl Drop for RecordStream {
    fn drop(&mut self) {
        self.current = None;
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
        let dir = std::env::temp_dir().join(format!(
            "corpusforge-records-{}-{}",
            std::process::id(),
            STREAMS.fetch_add(1, Ordering::Relaxed)
        ));
        let mut config = self.config.clone();
        config.output.format = OutputFormat::Arrow;
        let pipeline = Pipeline::new(config)?;
        let summary = match pipeline.run_with(inputs, &dir, control) {
            Ok(s) => s,
            Err(e) => {
                let _ = std::fs::remove_dir_all(&dir);
                return Err(e);
            }
        };
        let files = shard_files(&dir.join("data"))?;
        Ok((
            RecordStream {
                schema: self.schema.arrow(),
                files,
                current: None,
                dir,
            },
            summary,
        ))
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

    #[test]
    fn records_stream_every_row_and_clean_up() {
        let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
        let config = Config {
            keep_dropped: true,
            ..Default::default()
        };
        let p = Pipeline::new(config).unwrap();
        let (stream, summary) = p.records(&[examples], &RunControl::default()).unwrap();
        let dir = stream.dir.clone();
        assert_eq!(stream.schema(), p.schema().arrow());
        let rows: usize = stream.map(|b| b.unwrap().num_rows()).sum();
        assert_eq!(rows as u64, summary.records_out);
        assert!(rows > 5);
        assert!(!dir.exists(), "the temporary folder goes with the stream");
    }
}
