//! Quality signals, datatrove's filter presets, a composite score and language
//! identification.

pub(crate) mod datatrove_words;
mod language;

pub use language::{
    detect_language, detect_language_per_paragraph, supported_languages, Language, SAMPLE_BYTES,
    UNDETERMINED,
};
