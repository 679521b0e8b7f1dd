//! Segmentation: sentences, paragraphs and words.
//!
//! Every later stage counts words and sentences through this module, so counts agree
//! across stages.

mod abbreviations;
mod paragraphs;
mod sentences;
mod words;

pub use paragraphs::{paragraphs, split_paragraphs};
pub use sentences::{sentences, split_sentences, SentenceOptions};
pub use words::{count_words, words};
