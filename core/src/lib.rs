//! # corpusforge
//!
//! Turns documents into training-ready datasets for language models. Every stage is a plain
//! function usable on its own; the pipeline strings them together.
//!
//! ```
//! use corpusforge::{normalize, NormalizeOptions};
//!
//! let text = "Itâ€™s a cafÃ© &amp; bar\r\n\r\n\r\n\r\nOpen daily.   \n";
//! let clean = normalize(text, &NormalizeOptions::default());
//! assert_eq!(clean, "It’s a café & bar\n\n\nOpen daily.\n");
//! ```
//!
//! Errors are one enum, [`Error`]; each variant has a stable [`ErrorKind`] that the Python,
//! Node and CLI front ends map to the same exception class, error code and exit status.

// No unsafe code, but for mapping input files (`extract::input`), allowed there alone.
#![deny(unsafe_code)]

pub mod dataset;
pub mod dedup;
pub mod document;
pub mod error;
pub mod extract;
mod hex;
pub mod normalize;
pub mod offsets;
mod options;
pub mod pii;
pub mod pipeline;
pub mod quality;
pub mod segment;
#[cfg(test)]
mod test_data;

pub use dedup::{dedup, minhash_signature, DedupOptions};
pub use document::{Block, BlockKind, Document, Metadata, Source};
pub use error::{catch_panic, Error, ErrorKind, Result};
pub use extract::{
    detect, extract, extract_all, extract_all_bytes, extract_bytes, ExtractOptions, Format,
    TableFormat,
};
pub use normalize::{
    normalize, normalize_with_report, NormalizeOptions, NormalizeReport, UnicodeForm,
};
pub use options::StageOptions;
pub use pii::{
    find_pii, mask_pii, CustomRecognizer, Masked, MaskedMatch, PiiMatch, PiiOptions, Sensitivity,
    Strategy,
};
pub use pipeline::{BatchItem, Config, Pipeline, RunSummary};

pub use quality::{detect_language, quality, Language, QualityOptions, QualityReport};
pub use segment::{
    chunk, count_tokens, count_words, paragraphs, sentences, split_paragraphs, split_sentences,
    split_sentences_batched, words, Chunk, ChunkOptions, SentenceOptions, Tokenizer,
};

/// The version of this library (`CARGO_PKG_VERSION`).
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
