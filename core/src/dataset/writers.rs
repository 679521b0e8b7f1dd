//! One data shard in one of the formats, written under a temporary name and renamed into
//! place by [`ShardWriter::finish`], so a crash never leaves a shard that looks whole.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use parquet::arrow::ArrowWriter;
use parquet::basic::{Compression, ZstdLevel};
use parquet::file::properties::WriterProperties;
use parquet::schema::types::ColumnPath;

use super::arrow_batch::to_record_batch;
use super::options::{JsonlCompression, OutputFormat, OutputOptions, ParquetCompression};
use super::record::{Record, RecordSchema};
use crate::error::{Error, Result};

/// The split names, in the order cards and statistics list them.
pub const SPLIT_NAMES: [&str; 3] = ["train", "validation", "test"];

/// Columns with few distinct values: Parquet dictionary-encodes these and only these.
const DICTIONARY_COLUMNS: &[&str] = &[
    "format",
    "language",
    "sensitivity",
    "split",
    "author",
    "drop_reasons",
];

/// Records buffered before they become an Arrow batch (Parquet, Arrow IPC).
const BATCH_ROWS: usize = 2048;

enum Sink {
    Jsonl(Box<dyn Write + Send>),
    Csv(csv::Writer<BufWriter<File>>),
    Parquet(ArrowWriter<BufWriter<File>>),
    Arrow(arrow_ipc::writer::FileWriter<BufWriter<File>>),
}

/// A data shard being written.
pub struct ShardWriter {
    sink: Sink,
    schema: RecordSchema,
    buffer: Vec<Record>,
    tmp: PathBuf,
    path: PathBuf,
    rows: u64,
}

impl ShardWriter {
    /// Starts the shard that will be at `path` (written as `path.tmp` until finished).
    pub fn create(path: &Path, schema: &RecordSchema, options: &OutputOptions) -> Result<Self> {
        let tmp = tmp_path(path);
        let name = path.display().to_string();
        let file = File::create(&tmp).map_err(|e| Error::io(&name, e))?;
        let out = BufWriter::with_capacity(1 << 20, file);
        let sink = match options.format {
            OutputFormat::Jsonl => Sink::Jsonl(match options.jsonl_compression {
                JsonlCompression::None => Box::new(out),
                JsonlCompression::Gzip => Box::new(flate2::write::GzEncoder::new(
                    out,
                    flate2::Compression::new(6),
                )),
                JsonlCompression::Zstd => Box::new(
                    zstd::stream::write::Encoder::new(out, 3)
                        .map_err(|e| Error::io(&name, e))?
                        .auto_finish(),
                ),
            }),
            OutputFormat::Csv => {
                let mut w = csv::WriterBuilder::new().from_writer(out);
                w.write_record(schema.columns())
                    .map_err(|e| csv_error(&name, e))?;
                Sink::Csv(w)
            }
            OutputFormat::Parquet | OutputFormat::Hf => {
                let compression = match options.parquet_compression {
                    ParquetCompression::Zstd => Compression::ZSTD(
                        ZstdLevel::try_new(3).map_err(|e| parquet_error(&name, e))?,
                    ),
                    ParquetCompression::Snappy => Compression::SNAPPY,
                    ParquetCompression::None => Compression::UNCOMPRESSED,
                };
                let mut props = WriterProperties::builder()
                    .set_compression(compression)
                    .set_max_row_group_row_count(Some(options.row_group_size))
                    .set_dictionary_enabled(false);
                for col in DICTIONARY_COLUMNS {
                    let path = if *col == "drop_reasons" {
                        ColumnPath::from(vec![
                            "drop_reasons".to_string(),
                            "list".to_string(),
                            "item".to_string(),
                        ])
                    } else {
                        ColumnPath::from(*col)
                    };
                    props = props.set_column_dictionary_enabled(path, true);
                }
                let w = ArrowWriter::try_new(out, schema.arrow(), Some(props.build()))
                    .map_err(|e| parquet_error(&name, e))?;
                Sink::Parquet(w)
            }
            OutputFormat::Arrow => Sink::Arrow(
                arrow_ipc::writer::FileWriter::try_new(out, &schema.arrow())
                    .map_err(|e| arrow_error(&name, e))?,
            ),
        };
        Ok(ShardWriter {
            sink,
            schema: schema.clone(),
            buffer: Vec::new(),
            tmp,
            path: path.to_path_buf(),
            rows: 0,
        })
    }

    /// Records written so far.
    pub fn rows(&self) -> u64 {
        self.rows
    }

    /// Appends a record.
    pub fn write(&mut self, record: Record) -> Result<()> {
        self.rows += 1;
        let name = self.path.display().to_string();
        match &mut self.sink {
            Sink::Jsonl(w) => {
                let v = self.schema.to_json(&record);
                serde_json::to_writer(&mut *w, &v).map_err(|e| Error::io(&name, e.into()))?;
                w.write_all(b"\n").map_err(|e| Error::io(&name, e))?;
            }
            Sink::Csv(w) => {
                let row = csv_row(&self.schema, &record);
                w.write_record(&row).map_err(|e| csv_error(&name, e))?;
            }
            Sink::Parquet(_) | Sink::Arrow(_) => {
                self.buffer.push(record);
                if self.buffer.len() >= BATCH_ROWS {
                    self.flush_batch()?;
                }
            }
        }
        Ok(())
    }

    fn flush_batch(&mut self) -> Result<()> {
        if self.buffer.is_empty() {
            return Ok(());
        }
        let name = self.path.display().to_string();
        let batch = to_record_batch(&self.schema, &self.buffer)?;
        self.buffer.clear();
        match &mut self.sink {
            Sink::Parquet(w) => w.write(&batch).map_err(|e| parquet_error(&name, e)),
            Sink::Arrow(w) => w.write(&batch).map_err(|e| arrow_error(&name, e)),
            _ => Ok(()),
        }
    }

    /// Completes the shard and renames it into place; returns its size in bytes.
    pub fn finish(mut self) -> Result<u64> {
        self.flush_batch()?;
        let name = self.path.display().to_string();
        match self.sink {
            Sink::Jsonl(mut w) => {
                w.flush().map_err(|e| Error::io(&name, e))?;
                // Dropping the encoder writes the compressed stream's end.
                drop(w);
            }
            Sink::Csv(mut w) => w.flush().map_err(|e| Error::io(&name, e))?,
            Sink::Parquet(w) => {
                w.close().map_err(|e| parquet_error(&name, e))?;
            }
            Sink::Arrow(mut w) => {
                w.finish().map_err(|e| arrow_error(&name, e))?;
                let mut inner = w.into_inner().map_err(|e| arrow_error(&name, e))?;
                inner.flush().map_err(|e| Error::io(&name, e))?;
            }
        }
        std::fs::rename(&self.tmp, &self.path).map_err(|e| Error::io(&name, e))?;
        let len = std::fs::metadata(&self.path)
            .map_err(|e| Error::io(&name, e))?
            .len();
        Ok(len)
    }
}

/// `path` with `.tmp` appended.
pub(crate) fn tmp_path(path: &Path) -> PathBuf {
    let mut s = path.as_os_str().to_owned();
    s.push(".tmp");
    PathBuf::from(s)
}

/// A record as CSV fields: nested columns as JSON, missing values as empty fields.
fn csv_row(schema: &RecordSchema, r: &Record) -> Vec<String> {
    let json = schema.to_json(r);
    schema
        .columns()
        .iter()
        .map(|c| match &json[*c] {
            serde_json::Value::Null => String::new(),
            serde_json::Value::String(s) => s.clone(),
            other => other.to_string(),
        })
        .collect()
}

fn csv_error(name: &str, e: csv::Error) -> Error {
    Error::io(name, std::io::Error::other(e.to_string()))
}

fn parquet_error(name: &str, e: parquet::errors::ParquetError) -> Error {
    Error::io(name, std::io::Error::other(format!("Parquet: {e}")))
}

fn arrow_error(name: &str, e: arrow_schema::ArrowError) -> Error {
    Error::io(name, std::io::Error::other(format!("Arrow IPC: {e}")))
}
