//! Datasets: the output record (one Arrow schema that every writer follows), deterministic
//! train/validation/test splits, the writers (JSONL, CSV, Parquet, Arrow IPC) and the
//! Hugging Face dataset card with its statistics.
//!
//! The [`Pipeline`](crate::pipeline::Pipeline) drives these; they are public so that code
//! holding its own records can write the same files.

mod arrow_batch;
mod card;
mod options;
mod record;
mod split;
mod stats;
mod writers;

pub(crate) use arrow_batch::strings_of;
pub use arrow_batch::{from_record_batch, ipc_stream_bytes, to_record_batch};
pub use card::{dataset_card, CardInfo};
pub use options::{JsonlCompression, OutputFormat, OutputOptions, ParquetCompression, Splits};
pub use record::{Record, RecordSchema};
pub use split::{date_key, split_fraction, SplitAssigner};
pub use stats::{DatasetStats, Histogram};
pub(crate) use writers::tmp_path as tmp_path_of;
pub use writers::{ShardWriter, SPLIT_NAMES};
