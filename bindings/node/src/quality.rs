//! Quality, language identification and dedup for Node: conversion only.

use std::collections::HashMap;

use corpusforge::StageOptions;
use napi_derive::napi;

use super::{guarded, utf16_ranges};

/// Options of `quality`; every field is optional and defaults as in the core.
#[napi(object)]
#[derive(Default)]
pub struct QualityOptions {
    /// Presets to judge: "gopher_quality", "gopher_repetition", "c4", "fineweb". Default all.
    pub presets: Option<Vec<String>>,
    /// Threshold overrides, "preset.name" → value (null turns the check off).
    pub thresholds: Option<HashMap<String, Option<f64>>>,
    /// ISO 639-1 code, or "auto" (default) to detect it.
    pub language: Option<String>,
    /// Languages to keep; empty keeps all.
    pub languages: Option<Vec<String>>,
    /// With `languages`, the least detection confidence to keep a document. Default 0.5.
    pub min_language_score: Option<f64>,
    /// Words counted by the `flagged_words_ratio` signal.
    pub flagged_words: Option<Vec<String>>,
    /// Drop documents whose flagged-word ratio is above this.
    pub max_flagged_words_ratio: Option<f64>,
    /// Also detect each paragraph's language. Default false.
    pub paragraph_languages: Option<bool>,
}

impl QualityOptions {
    fn into_core(self) -> corpusforge::Result<corpusforge::QualityOptions> {
        let mut m = serde_json::Map::new();
        macro_rules! put {
            ($($f:ident),*) => { $( if let Some(v) = self.$f { m.insert(stringify!($f).into(), serde_json::json!(v)); } )* };
        }
        put!(
            presets,
            thresholds,
            language,
            languages,
            min_language_score,
            flagged_words,
            max_flagged_words_ratio,
            paragraph_languages
        );
        corpusforge::QualityOptions::from_json(serde_json::Value::Object(m))
    }
}

/// A paragraph's language: `text.slice(start, end)` is the paragraph (UTF-16 indices).
#[napi(object)]
pub struct ParagraphLanguage {
    /// Start (UTF-16 index).
    pub start: u32,
    /// End (exclusive).
    pub end: u32,
    /// ISO 639-1 code.
    pub language: String,
    /// Confidence, 0 to 1.
    pub score: f64,
}

/// The quality of one document.
#[napi(object)]
pub struct QualityReport {
    /// Composite score, 0-100.
    pub score: f64,
    /// ISO 639-1 code ("und" when undetermined).
    pub language: String,
    /// Language confidence, 0 to 1.
    pub language_score: f64,
    /// Every signal by name (snake_case, as in every front end).
    pub signals: HashMap<String, f64>,
    /// Preset → null (kept) or the drop reason "preset:threshold".
    pub filters: HashMap<String, Option<String>>,
    /// The drop reasons, in preset order.
    pub reasons: Vec<String>,
    /// One sentence per drop reason.
    pub explanations: Vec<String>,
    /// Checks not run, and why.
    pub skipped: Vec<String>,
    /// True when no filter dropped the document.
    pub kept: bool,
    /// Each paragraph's language, when asked.
    pub paragraph_languages: Vec<ParagraphLanguage>,
}

/// Signals, datatrove's presets (gopher_quality, gopher_repetition, c4, fineweb), a 0-100
/// score and the language of one text.
#[napi]
pub fn quality(
    text: String,
    options: Option<QualityOptions>,
) -> napi::Result<QualityReport, String> {
    let r = guarded(|| corpusforge::quality(&text, &options.unwrap_or_default().into_core()?))?;
    let ranges: Vec<_> = r
        .paragraph_languages
        .iter()
        .map(|(s, _)| s.clone())
        .collect();
    let at = utf16_ranges(&text, &ranges);
    Ok(QualityReport {
        score: f64::from(r.score),
        language: r.language.code.to_string(),
        language_score: f64::from(r.language.score),
        signals: r.signals.iter().map(|(k, v)| (k.to_string(), v)).collect(),
        filters: r.filters.clone().into_iter().collect(),
        reasons: r.drop_reasons(),
        explanations: r.explain(),
        skipped: r.skipped.clone(),
        kept: r.kept(),
        paragraph_languages: r
            .paragraph_languages
            .iter()
            .zip(at)
            .map(|((_, l), (start, end))| ParagraphLanguage {
                start,
                end,
                language: l.code.to_string(),
                score: f64::from(l.score),
            })
            .collect(),
    })
}

/// A detected language.
#[napi(object)]
pub struct DetectedLanguage {
    /// ISO 639-1 code ("und" when undetermined).
    pub language: String,
    /// Confidence, 0 to 1.
    pub score: f64,
}

/// The language of a text: ISO 639-1 code and confidence.
#[napi]
pub fn detect_language(text: String) -> napi::Result<DetectedLanguage, String> {
    let l = guarded(|| Ok(corpusforge::detect_language(&text)))?;
    Ok(DetectedLanguage {
        language: l.code.to_string(),
        score: f64::from(l.score),
    })
}

/// Options of `dedup` and the MinHash functions; defaults as in the core.
#[napi(object)]
#[derive(Default)]
pub struct DedupOptions {
    /// Drop exact copies (whitespace folded). Default true.
    pub exact: Option<bool>,
    /// Drop near copies (MinHash LSH). Default true.
    pub near: Option<bool>,
    /// Words per shingle. Default 5.
    pub ngram: Option<u32>,
    /// LSH bands. Default 20.
    pub bands: Option<u32>,
    /// Rows per band. Default 6.
    pub rows: Option<u32>,
    /// Estimated Jaccard at or above which a pair is a duplicate. Default 0.8.
    pub threshold: Option<f64>,
    /// Seed of the hash permutations. Default 1.
    pub seed: Option<u32>,
    /// "datatrove": datatrove's 14 × 8 bands, no verification.
    pub preset: Option<String>,
    /// One score per text; each cluster keeps its highest-scoring text.
    pub scores: Option<Vec<f64>>,
}

impl DedupOptions {
    fn into_core(self) -> corpusforge::Result<(corpusforge::DedupOptions, Option<Vec<f32>>)> {
        let mut m = serde_json::Map::new();
        macro_rules! put {
            ($($f:ident),*) => { $( if let Some(v) = self.$f { m.insert(stringify!($f).into(), serde_json::json!(v)); } )* };
        }
        put!(exact, near, ngram, bands, rows, threshold, seed, preset);
        let scores = self
            .scores
            .map(|s| s.into_iter().map(|x| x as f32).collect());
        Ok((
            corpusforge::DedupOptions::from_json(serde_json::Value::Object(m))?,
            scores,
        ))
    }
}

/// For each text, null when it is kept, or the index of the kept text it duplicates
/// (exact copies and near copies by MinHash LSH).
#[napi]
pub fn dedup(
    texts: Vec<String>,
    options: Option<DedupOptions>,
) -> napi::Result<Vec<Option<u32>>, String> {
    let found = guarded(|| {
        let (opts, scores) = options.unwrap_or_default().into_core()?;
        let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
        corpusforge::dedup::dedup_with_scores(&refs, scores.as_deref(), &opts)
    })?;
    Ok(found.into_iter().map(|d| d.map(|d| d.of as u32)).collect())
}

/// The MinHash signature of a text (null when it has no words).
#[napi]
pub fn minhash_signature(
    text: String,
    options: Option<DedupOptions>,
) -> napi::Result<Option<Vec<u32>>, String> {
    guarded(|| {
        let (opts, _) = options.unwrap_or_default().into_core()?;
        Ok(opts.resolved()?.hasher().signature(&text))
    })
}

/// The LSH band keys of a signature, as decimal strings (64-bit values do not fit a JS
/// number); texts sharing a key are near-duplicate candidates.
#[napi]
pub fn minhash_band_keys(
    signature: Vec<u32>,
    options: Option<DedupOptions>,
) -> napi::Result<Vec<String>, String> {
    guarded(|| {
        let (opts, _) = options.unwrap_or_default().into_core()?;
        Ok(corpusforge::dedup::band_keys(&signature, &opts)?
            .into_iter()
            .map(|k| k.to_string())
            .collect())
    })
}

/// For each text, whether it shares a word n-gram (default 13) with any evaluation text, so
/// benchmarks do not leak into training data.
#[napi]
pub fn decontaminate(
    texts: Vec<String>,
    eval_texts: Vec<String>,
    ngram: Option<u32>,
) -> napi::Result<Vec<bool>, String> {
    guarded(|| {
        Ok(corpusforge::dedup::decontaminate(
            &texts,
            &eval_texts,
            ngram.map_or(corpusforge::dedup::DECONTAMINATION_NGRAM, |n| n as usize),
        ))
    })
}
