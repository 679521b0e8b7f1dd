//! Segmentation: sentences, paragraphs, words, token counts and chunks.
//!
//! Every later stage counts words and sentences through this module, so counts agree
//! across stages.

mod abbreviations;
mod chunk;
mod ordered;
mod paragraphs;
mod sentences;
mod tokens;
mod words;

pub use chunk::{chunk, Chunk, ChunkOptions};
pub use paragraphs::{paragraphs, split_paragraphs};
pub use sentences::{sentences, split_sentences, split_sentences_batched, SentenceOptions};
pub use tokens::{count_tokens, Tokenizer};
pub use words::{count_words, words};
