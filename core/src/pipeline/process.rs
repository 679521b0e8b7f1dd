//! The per-document work of the first pass: normalize → PII → quality → dedup facts →
//! records (one per document or per chunk). Pure: depends only on the document and the
//! pipeline, so documents run in parallel and the result does not depend on timing.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::config::{Granularity, Stage};
use super::Pipeline;
use crate::dataset::Record;
use crate::document::Document;
use crate::error::Result;
use crate::quality::Signals;
use crate::{chunk, count_words, detect_language, mask_pii, normalize, split_sentences};

/// What the first pass keeps of one document: its records (still without split and
/// duplicate marks) and the small facts the second pass decides on.
#[derive(Serialize, Deserialize)]
pub(crate) struct Processed {
    pub records: Vec<Record>,
    /// Drop reasons from PII (`pii:drop_document`) and quality, in that order.
    pub reasons: Vec<String>,
    pub doc_id: String,
    pub score: f32,
    pub exact_key: Option<u128>,
    pub signature: Option<(Vec<u32>, Vec<u64>)>,
    pub language: String,
    pub format: String,
    pub pii_counts: BTreeMap<String, usize>,
    /// Bytes of the text written (all records).
    pub text_bytes: u64,
    /// The date of a temporal split (`output.temporal_by`) as a [`date_key`](crate::dataset::date_key); 0 without.
    pub date: u64,
}

impl Pipeline {
    /// Runs the per-document stages on one extracted document; `row_metadata` is the other
    /// columns of a dataset row. Without `records_for_dropped`, a document its own stages
    /// drop comes back without records.
    pub(crate) fn process(
        &self,
        doc: Document,
        row_metadata: Option<String>,
        records_for_dropped: bool,
    ) -> Result<Processed> {
        let cfg = &self.config;
        let normalized = if cfg.runs(Stage::Normalize) {
            normalize(&doc.text, &cfg.normalize)
        } else {
            std::borrow::Cow::Borrowed(doc.text.as_str())
        };
        let mut reasons = Vec::new();
        let mut pii_counts = BTreeMap::new();
        let mut sensitivity = crate::Sensitivity::Public;
        let mask_meta = |v: &str| -> Result<String> {
            if cfg.runs(Stage::Pii) {
                Ok(mask_pii(v, &cfg.pii)?.text)
            } else {
                Ok(v.to_string())
            }
        };
        let text: String = if cfg.runs(Stage::Pii) {
            let masked = mask_pii(&normalized, &cfg.pii)?;
            sensitivity = masked.sensitivity;
            pii_counts = masked.counts;
            if masked.dropped {
                reasons.push("pii:drop_document".to_string());
                // Keep-and-mark still writes the record; its text stays masked.
                if cfg.keep_dropped {
                    let mut opts = cfg.pii.clone();
                    opts.strategies.clear();
                    if opts.strategy == crate::Strategy::DropDocument {
                        opts.strategy = crate::Strategy::Replace;
                    }
                    mask_pii(&normalized, &opts)?.text
                } else {
                    String::new()
                }
            } else {
                masked.text
            }
        } else {
            normalized.into_owned()
        };

        let (language, language_score, score, signals) = match &self.judge {
            Some(judge) => {
                let report = judge.judge(&text);
                reasons.extend(report.drop_reasons());
                let signals: Vec<f64> = report.signals.iter().map(|(_, v)| v).collect();
                (
                    report.language.code.to_string(),
                    report.language.score,
                    Some(report.score),
                    Some(signals),
                )
            }
            None => {
                let l = detect_language(&text);
                (l.code.to_string(), l.score, None, None)
            }
        };
        let kept = reasons.is_empty();
        let (exact_key, signature) = match &self.dedup {
            Some(d) if kept => {
                let exact = d.exact.then(|| crate::dedup::exact_key(&text));
                let sig = if d.near {
                    self.hasher.signature(&text).map(|s| {
                        let keys = self.hasher.band_keys(&s);
                        (s, keys)
                    })
                } else {
                    None
                };
                (exact, sig)
            }
            _ => (None, None),
        };

        // Set for every document: the pipeline's extraction always hashes its input.
        let doc_id = doc.source.sha256.clone().unwrap_or_default();
        let date = match cfg.output.temporal_by.as_deref() {
            None => 0,
            Some("created") => doc
                .metadata
                .created
                .as_deref()
                .map_or(0, crate::dataset::date_key),
            Some(column) => row_metadata
                .as_deref()
                .and_then(|m| serde_json::from_str::<serde_json::Value>(m).ok())
                .map_or(0, |v| match &v[column] {
                    serde_json::Value::String(s) => crate::dataset::date_key(s),
                    serde_json::Value::Number(n) => crate::dataset::date_key(&n.to_string()),
                    _ => 0,
                }),
        };
        // A document its own stages drop goes nowhere unless the run keeps or lists dropped
        // documents: its records are not built (most short records of a filtered corpus).
        let mut text_bytes = 0;
        let records = if reasons.is_empty() || records_for_dropped {
            let mut metadata = BTreeMap::new();
            for (k, v) in &doc.metadata.extra {
                metadata.insert(k.clone(), serde_json::Value::String(mask_meta(v)?));
            }
            let metadata_json = match (row_metadata, metadata.is_empty()) {
                (Some(row), true) => Some(row),
                (Some(row), false) => {
                    let mut obj: serde_json::Map<String, serde_json::Value> =
                        serde_json::from_str(&row).unwrap_or_default();
                    obj.extend(metadata);
                    Some(serde_json::Value::Object(obj).to_string())
                }
                (None, false) => Some(serde_json::to_string(&metadata).unwrap_or_default()),
                (None, true) => None,
            };
            let base = Record {
                id: String::new(),
                doc_id: doc_id.clone(),
                chunk_index: 0,
                text: String::new(),
                source: doc.source.name.clone(),
                format: doc.source.format.clone(),
                sha256: doc_id.clone(),
                title: doc.metadata.title.as_deref().map(mask_meta).transpose()?,
                author: doc.metadata.author.as_deref().map(mask_meta).transpose()?,
                created: doc.metadata.created.clone(),
                page_count: doc
                    .metadata
                    .page_count
                    .map(|n| n.min(i32::MAX as u32) as i32),
                language: language.clone(),
                language_score,
                n_chars: 0,
                n_words: 0,
                n_sentences: 0,
                n_tokens: 0,
                quality_score: score,
                quality_signals: signals.unwrap_or_default(),
                drop_reasons: reasons.clone(),
                pii_counts: pii_counts
                    .iter()
                    .map(|(k, v)| (k.clone(), (*v).min(i32::MAX as usize) as i32))
                    .collect(),
                sensitivity: sensitivity.as_str().to_string(),
                duplicate_of: None,
                split: String::new(),
                metadata: metadata_json,
                sentences: Vec::new(),
                paragraphs: Vec::new(),
                chunks: Vec::new(),
            };
            let pieces: Vec<String> = match cfg.granularity {
                Granularity::Document => vec![text],
                Granularity::Chunk if text.is_empty() => vec![text],
                Granularity::Chunk => chunk(&text, &self.chunk_options)?
                    .into_iter()
                    .map(|c| c.text)
                    .collect(),
            };
            let sentence_opts = crate::SentenceOptions {
                language: cfg.segment.language.clone(),
            };
            let records = pieces
                .into_iter()
                .enumerate()
                .map(|(i, piece)| {
                    text_bytes += piece.len() as u64;
                    let mut r = base.clone();
                    r.id = format!("{doc_id}:{i}");
                    r.chunk_index = i as i32;
                    r.n_chars = piece.chars().count() as i64;
                    r.n_words = count_words(&piece) as i64;
                    r.n_sentences = match (cfg.granularity, self.signal_index_sentences) {
                        (Granularity::Document, Some(si))
                            if r.quality_signals.len() == Signals::NAMES.len() =>
                        {
                            r.quality_signals[si] as i64
                        }
                        _ => split_sentences(&piece, &sentence_opts).len() as i64,
                    };
                    r.n_tokens = self.tokenizer.count(&piece) as i64;
                    r.text = piece;
                    r
                })
                .collect::<Vec<Record>>();
            let mut records = records;
            if cfg.granularity == Granularity::Document {
                if let Some(first) = records.first_mut() {
                    self.fill_nested(first, &sentence_opts)?;
                }
            }
            records
        } else {
            Vec::new()
        };
        Ok(Processed {
            records,
            reasons,
            doc_id,
            score: score.unwrap_or(0.0),
            exact_key,
            signature,
            language,
            format: doc.source.format,
            pii_counts,
            text_bytes,
            date,
        })
    }

    /// The list columns the output asks for (`nested`), at document granularity.
    fn fill_nested(&self, r: &mut Record, sentence_opts: &crate::SentenceOptions) -> Result<()> {
        for name in &self.schema().nested {
            match *name {
                "sentences" => {
                    r.sentences = split_sentences(&r.text, sentence_opts)
                        .into_iter()
                        .map(|s| r.text[s].to_string())
                        .collect()
                }
                "paragraphs" => {
                    r.paragraphs = crate::split_paragraphs(&r.text)
                        .into_iter()
                        .map(|p| r.text[p].to_string())
                        .collect()
                }
                _ => {
                    r.chunks = chunk(&r.text, &self.chunk_options)?
                        .into_iter()
                        .map(|c| c.text)
                        .collect()
                }
            }
        }
        Ok(())
    }
}
