//! Dataset-level statistics: what `stats.json`, the dataset card and the HTML report show.
//! Built record by record from what was written, so they describe the dataset itself.
//! Everything here is a function of the records alone (no timings), so `stats.json` is
//! byte-identical across runs.

use std::collections::BTreeMap;

use serde::Serialize;

use super::record::Record;
use super::writers::SPLIT_NAMES;
use crate::quality::Signals;

/// Counts in fixed bins.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Histogram {
    /// Bin labels, e.g. `0-10`.
    pub labels: Vec<String>,
    /// Documents per bin.
    pub counts: Vec<u64>,
}

impl Histogram {
    fn new(labels: &[&str]) -> Self {
        Histogram {
            labels: labels.iter().map(|s| s.to_string()).collect(),
            counts: vec![0; labels.len()],
        }
    }
}

const QUALITY_BINS: [&str; 10] = [
    "0-10", "10-20", "20-30", "30-40", "40-50", "50-60", "60-70", "70-80", "80-90", "90-100",
];
const LENGTH_BINS: [&str; 6] = ["<100", "100-1k", "1k-10k", "10k-100k", "100k-1M", ">=1M"];
/// Columns that may be missing, whose completeness the card reports.
const OPTIONAL_COLUMNS: [&str; 5] = ["title", "author", "created", "page_count", "language"];

/// Statistics of a written dataset, plus the run's drop and reject counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DatasetStats {
    /// Records per split.
    pub records: BTreeMap<String, u64>,
    /// Documents per split.
    pub documents: BTreeMap<String, u64>,
    /// Characters of all records' text.
    pub chars: u64,
    /// Words of all records' text.
    pub words: u64,
    /// Tokens of all records' text (configured tokenizer).
    pub tokens: u64,
    /// Documents per language.
    pub languages: BTreeMap<String, u64>,
    /// Documents per source format.
    pub formats: BTreeMap<String, u64>,
    /// Documents per sensitivity level.
    pub sensitivity: BTreeMap<String, u64>,
    /// PII matches masked per kind (in the kept documents).
    pub pii_masked: BTreeMap<String, u64>,
    /// Documents per quality-score bin.
    pub quality_histogram: Histogram,
    /// Documents per length bin (characters).
    pub length_histogram: Histogram,
    /// Documents dropped, per reason (a document with several reasons counts once per reason).
    pub dropped: BTreeMap<String, u64>,
    /// Inputs rejected, per error kind.
    pub rejected: BTreeMap<String, u64>,
    /// Share of documents (before dedup) that were duplicates.
    pub duplicate_rate: f64,
    /// Share of records with a value, per optional column.
    pub completeness: BTreeMap<String, f64>,
    /// Evenness of the language distribution: Shannon entropy over its maximum (0 one
    /// language, 1 all equally common).
    pub language_balance: f64,
    /// Evenness of the format distribution, the same way.
    pub format_balance: f64,
    /// Mean type-token ratio of the documents (lexical diversity); 0 without the quality stage.
    pub lexical_diversity: f64,
    /// Mean quality score of the documents; 0 without the quality stage.
    pub mean_quality: f64,
    /// Records re-scanned for PII after masking (a deterministic sample), and how many of
    /// them still held some.
    pub pii_residue: PiiResidue,
    /// The composite dataset score, 0-100 (formula in [`DatasetStats::SCORE_FORMULA`]).
    pub dataset_score: f64,
    #[serde(skip)]
    ttr_sum: f64,
    #[serde(skip)]
    quality_sum: f64,
    #[serde(skip)]
    quality_docs: u64,
    #[serde(skip)]
    present: [u64; OPTIONAL_COLUMNS.len()],
    #[serde(skip)]
    total_records: u64,
}

/// The PII re-scan of the written text.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct PiiResidue {
    /// Records scanned.
    pub scanned: u64,
    /// Of them, records where the scan still found PII.
    pub with_pii: u64,
}

impl Default for DatasetStats {
    fn default() -> Self {
        DatasetStats {
            records: SPLIT_NAMES.iter().map(|s| (s.to_string(), 0)).collect(),
            documents: SPLIT_NAMES.iter().map(|s| (s.to_string(), 0)).collect(),
            chars: 0,
            words: 0,
            tokens: 0,
            languages: BTreeMap::new(),
            formats: BTreeMap::new(),
            sensitivity: BTreeMap::new(),
            pii_masked: BTreeMap::new(),
            quality_histogram: Histogram::new(&QUALITY_BINS),
            length_histogram: Histogram::new(&LENGTH_BINS),
            dropped: BTreeMap::new(),
            rejected: BTreeMap::new(),
            duplicate_rate: 0.0,
            completeness: BTreeMap::new(),
            language_balance: 0.0,
            format_balance: 0.0,
            lexical_diversity: 0.0,
            mean_quality: 0.0,
            pii_residue: PiiResidue::default(),
            dataset_score: 0.0,
            ttr_sum: 0.0,
            quality_sum: 0.0,
            quality_docs: 0,
            present: [0; OPTIONAL_COLUMNS.len()],
            total_records: 0,
        }
    }
}

impl DatasetStats {
    /// How [`DatasetStats::dataset_score`] is computed, as the card states it.
    pub const SCORE_FORMULA: &'static str = "100 × (0.40 × mean quality score / 100 \
        + 0.20 × (1 − duplicate rate) + 0.15 × mean completeness of title, author, created, \
        page_count and language + 0.15 × (1 − share of re-scanned records still holding PII) \
        + 0.10 × mean type-token ratio)";

    /// Counts one written record.
    pub fn add(&mut self, r: &Record) {
        *self.records.entry(r.split.clone()).or_default() += 1;
        self.total_records += 1;
        self.chars += r.n_chars as u64;
        self.words += r.n_words as u64;
        self.tokens += r.n_tokens as u64;
        let present = [
            r.title.is_some(),
            r.author.is_some(),
            r.created.is_some(),
            r.page_count.is_some(),
            r.language != crate::quality::UNDETERMINED,
        ];
        for (count, p) in self.present.iter_mut().zip(present) {
            *count += u64::from(p);
        }
        if r.chunk_index != 0 {
            return;
        }
        *self.documents.entry(r.split.clone()).or_default() += 1;
        *self.languages.entry(r.language.clone()).or_default() += 1;
        *self.formats.entry(r.format.clone()).or_default() += 1;
        *self.sensitivity.entry(r.sensitivity.clone()).or_default() += 1;
        for (k, v) in &r.pii_counts {
            *self.pii_masked.entry(k.clone()).or_default() += *v as u64;
        }
        if let Some(q) = r.quality_score {
            let bin = ((q / 10.0).floor() as usize).min(QUALITY_BINS.len() - 1);
            self.quality_histogram.counts[bin] += 1;
            self.quality_sum += f64::from(q);
            self.quality_docs += 1;
            if let Some(i) = Signals::NAMES.iter().position(|n| *n == "type_token_ratio") {
                self.ttr_sum += r.quality_signals.get(i).copied().unwrap_or(0.0);
            }
        }
        let doc_chars = r
            .quality_signals
            .first()
            .copied()
            .unwrap_or(r.n_chars as f64);
        let bin = match doc_chars as u64 {
            0..100 => 0,
            100..1_000 => 1,
            1_000..10_000 => 2,
            10_000..100_000 => 3,
            100_000..1_000_000 => 4,
            _ => 5,
        };
        self.length_histogram.counts[bin] += 1;
    }

    /// Counts a PII re-scan of one written record.
    pub fn add_residue_scan(&mut self, found_pii: bool) {
        self.pii_residue.scanned += 1;
        self.pii_residue.with_pii += u64::from(found_pii);
    }

    /// Fills the derived figures once every record was added: `duplicates` documents were
    /// dropped as duplicates out of `documents_before_dedup`.
    pub fn finish(&mut self, duplicates: u64, documents_before_dedup: u64) {
        self.duplicate_rate = ratio(duplicates, documents_before_dedup);
        for (name, present) in OPTIONAL_COLUMNS.iter().zip(self.present) {
            self.completeness
                .insert(name.to_string(), round4(ratio(present, self.total_records)));
        }
        self.language_balance = round4(evenness(&self.languages));
        self.format_balance = round4(evenness(&self.formats));
        self.mean_quality = round4(if self.quality_docs > 0 {
            self.quality_sum / self.quality_docs as f64
        } else {
            0.0
        });
        self.lexical_diversity = round4(if self.quality_docs > 0 {
            self.ttr_sum / self.quality_docs as f64
        } else {
            0.0
        });
        let completeness = if self.completeness.is_empty() {
            0.0
        } else {
            self.completeness.values().sum::<f64>() / self.completeness.len() as f64
        };
        let residue = ratio(self.pii_residue.with_pii, self.pii_residue.scanned);
        self.duplicate_rate = round4(self.duplicate_rate);
        self.dataset_score = round4(
            100.0
                * (0.40 * self.mean_quality / 100.0
                    + 0.20 * (1.0 - self.duplicate_rate)
                    + 0.15 * completeness
                    + 0.15 * (1.0 - residue)
                    + 0.10 * self.lexical_diversity),
        );
    }

    /// Documents written, all splits together.
    pub fn total_documents(&self) -> u64 {
        self.documents.values().sum()
    }

    /// Records written, all splits together.
    pub fn total_records(&self) -> u64 {
        self.records.values().sum()
    }
}

fn ratio(a: u64, b: u64) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

fn round4(v: f64) -> f64 {
    (v * 10_000.0).round() / 10_000.0
}

/// Shannon entropy of the counts over its maximum, ln(number of values).
fn evenness(counts: &BTreeMap<String, u64>) -> f64 {
    let total: u64 = counts.values().sum();
    if counts.len() < 2 || total == 0 {
        return 0.0;
    }
    let h: f64 = counts
        .values()
        .filter(|&&c| c > 0)
        .map(|&c| {
            let p = c as f64 / total as f64;
            -p * p.ln()
        })
        .sum();
    h / (counts.len() as f64).ln()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evenness_is_zero_for_one_value_and_one_for_equal_counts() {
        let one: BTreeMap<String, u64> = [("en".to_string(), 5)].into();
        let two: BTreeMap<String, u64> = [("en".to_string(), 5), ("de".to_string(), 5)].into();
        assert_eq!(evenness(&one), 0.0);
        assert!((evenness(&two) - 1.0).abs() < 1e-12);
    }

    #[test]
    fn a_perfect_dataset_scores_100() {
        let mut s = DatasetStats::default();
        let r = Record {
            split: "train".into(),
            language: "en".into(),
            title: Some("t".into()),
            author: Some("a".into()),
            created: Some("2020".into()),
            page_count: Some(1),
            quality_score: Some(100.0),
            quality_signals: Signals::NAMES
                .iter()
                .map(|n| if *n == "type_token_ratio" { 1.0 } else { 0.0 })
                .collect(),
            ..Default::default()
        };
        s.add(&r);
        s.add_residue_scan(false);
        s.finish(0, 1);
        assert_eq!(s.dataset_score, 100.0);
    }
}
