//! The `[output]` section of a pipeline config: file format, compression, shards and splits.

use serde::{Deserialize, Serialize};

use crate::error::{Error, Result};

/// The file format of the data shards.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OutputFormat {
    /// Apache Parquet (default): columnar, compressed, what `datasets`, pandas, polars and
    /// DuckDB read fastest.
    #[default]
    Parquet,
    /// JSON lines, one record per line (optionally gzip or zstd compressed).
    Jsonl,
    /// RFC 4180 CSV with a header; nested columns (signals, PII counts, drop reasons) hold JSON.
    Csv,
    /// Arrow IPC file format (`.arrow`), memory-mappable.
    Arrow,
    /// Parquet in the Hugging Face layout; the same files as `parquet` (every format gets
    /// the `data/{split}-NNNNN-of-NNNNN` names and the dataset card).
    Hf,
}

impl OutputFormat {
    /// The data files' extension.
    pub fn extension(self, jsonl: JsonlCompression) -> &'static str {
        match self {
            OutputFormat::Parquet | OutputFormat::Hf => "parquet",
            OutputFormat::Csv => "csv",
            OutputFormat::Arrow => "arrow",
            OutputFormat::Jsonl => match jsonl {
                JsonlCompression::None => "jsonl",
                JsonlCompression::Gzip => "jsonl.gz",
                JsonlCompression::Zstd => "jsonl.zst",
            },
        }
    }

    /// The snake_case name.
    pub fn as_str(self) -> &'static str {
        match self {
            OutputFormat::Parquet => "parquet",
            OutputFormat::Jsonl => "jsonl",
            OutputFormat::Csv => "csv",
            OutputFormat::Arrow => "arrow",
            OutputFormat::Hf => "hf",
        }
    }
}

impl std::str::FromStr for OutputFormat {
    type Err = Error;
    /// Parses `parquet`, `jsonl`, `csv`, `arrow` or `hf`.
    fn from_str(s: &str) -> Result<Self> {
        serde_json::from_value(serde_json::Value::String(s.to_string())).map_err(|_| {
            Error::invalid_option("format", "expected one of parquet, jsonl, csv, arrow, hf")
        })
    }
}

/// Compression of JSONL shards.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JsonlCompression {
    /// Plain `.jsonl` (default).
    #[default]
    None,
    /// `.jsonl.gz`.
    Gzip,
    /// `.jsonl.zst`.
    Zstd,
}

/// Compression of Parquet column chunks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ParquetCompression {
    /// Zstandard level 3 (default): small files, fast to read.
    #[default]
    Zstd,
    /// Snappy: what older readers expect.
    Snappy,
    /// Uncompressed.
    None,
}

/// Shares of the train, validation and test splits; they must add up to 1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Splits {
    /// Share of `train`. Default 1.
    pub train: f64,
    /// Share of `validation`. Default 0.
    pub validation: f64,
    /// Share of `test`. Default 0.
    pub test: f64,
}

impl Default for Splits {
    fn default() -> Self {
        Splits {
            train: 1.0,
            validation: 0.0,
            test: 0.0,
        }
    }
}

/// Options of the dataset writers (`[output]` in a config file).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct OutputOptions {
    /// File format of the data shards. Default `parquet`.
    pub format: OutputFormat,
    /// JSONL only: `none` (default), `gzip` or `zstd`.
    pub jsonl_compression: JsonlCompression,
    /// Parquet only: `zstd` (default), `snappy` or `none`.
    pub parquet_compression: ParquetCompression,
    /// Parquet only: rows per row group. Default 10,000.
    pub row_group_size: usize,
    /// A new shard starts when the current one holds about this many bytes of text.
    /// Default 500 MB, as `datasets` does.
    pub shard_bytes: u64,
    /// A new shard starts after this many records; none by default.
    pub shard_rows: Option<u64>,
    /// Shares of the train, validation and test splits.
    pub splits: Splits,
    /// Seed of the split assignment: a document's split is a function of its `doc_id` and
    /// this seed only, so it stays in its split when the corpus grows. Default 42.
    pub seed: u64,
    /// Split each value of this column (`language` or `format`) in exactly the shares of
    /// `splits` (rounded), instead of by hash alone. Default none.
    pub stratify_by: Option<String>,
    /// Temporal split by this date: `created` (the document's creation date) or, for
    /// dataset rows, a column of theirs. The oldest share goes to train, the next to
    /// validation, the newest to test (documents without a date count as oldest). ISO 8601
    /// dates (`2021-03-04`, `2021-03-04T10:00:00Z`) compare as written. Default none.
    pub temporal_by: Option<String>,
    /// Also write the dropped documents, with their reasons, to `dropped.jsonl` (masked
    /// like the dataset). Default false.
    pub write_dropped: bool,
    /// The dataset card's `license` (an SPDX id or a Hugging Face license name). Default
    /// `other`.
    pub license: String,
    /// The dataset card's title. Default: the output folder's name.
    pub name: Option<String>,
    /// At document granularity, list columns to add: any of `sentences`, `paragraphs`,
    /// `chunks` (chunks of the `[segment]` size). Default none.
    pub nested: Vec<String>,
}

impl Default for OutputOptions {
    fn default() -> Self {
        OutputOptions {
            format: OutputFormat::Parquet,
            jsonl_compression: JsonlCompression::None,
            parquet_compression: ParquetCompression::Zstd,
            row_group_size: 10_000,
            shard_bytes: 500_000_000,
            shard_rows: None,
            splits: Splits::default(),
            seed: 42,
            stratify_by: None,
            temporal_by: None,
            write_dropped: false,
            license: "other".into(),
            name: None,
            nested: Vec::new(),
        }
    }
}

impl OutputOptions {
    /// Checks the values that serde cannot: split shares, sizes, the stratification column.
    pub fn check(&self) -> Result<()> {
        let s = &self.splits;
        for (name, v) in [
            ("splits.train", s.train),
            ("splits.validation", s.validation),
            ("splits.test", s.test),
        ] {
            if !(0.0..=1.0).contains(&v) {
                return Err(Error::invalid_option(name, "must be between 0 and 1"));
            }
        }
        if ((s.train + s.validation + s.test) - 1.0).abs() > 1e-6 {
            return Err(Error::invalid_option(
                "splits",
                "train + validation + test must be 1",
            ));
        }
        if self.row_group_size == 0 {
            return Err(Error::invalid_option(
                "row_group_size",
                "must be at least 1",
            ));
        }
        if self.shard_bytes == 0 || self.shard_rows == Some(0) {
            return Err(Error::invalid_option(
                "shard_bytes/shard_rows",
                "must be at least 1",
            ));
        }
        for n in &self.nested {
            if !super::record::NESTED_COLUMNS.contains(&n.as_str()) {
                return Err(Error::invalid_option(
                    "nested",
                    format!("unknown column `{n}`; known: sentences, paragraphs, chunks"),
                ));
            }
        }
        if self.temporal_by.is_some() && self.stratify_by.is_some() {
            return Err(Error::invalid_option(
                "temporal_by",
                "a temporal split cannot also be stratified; give one of temporal_by and stratify_by",
            ));
        }
        if let Some(col) = &self.stratify_by {
            if !matches!(col.as_str(), "language" | "format") {
                return Err(Error::invalid_option(
                    "stratify_by",
                    "expected `language` or `format`",
                ));
            }
        }
        Ok(())
    }
}

impl crate::options::StageOptions for OutputOptions {
    const STAGE: &'static str = "output";
    const FIELDS: &'static [&'static str] = &[
        "format",
        "jsonl_compression",
        "parquet_compression",
        "row_group_size",
        "shard_bytes",
        "shard_rows",
        "splits",
        "seed",
        "stratify_by",
        "temporal_by",
        "write_dropped",
        "license",
        "name",
        "nested",
    ];
}
