//! The output record: one row per document, or per chunk. Its columns are defined once,
//! as an Arrow schema ([`RecordSchema::arrow`]); the Parquet and Arrow writers use it as
//! is and the JSONL and CSV writers emit the same columns in the same order.

use std::collections::BTreeMap;
use std::sync::Arc;

use arrow_schema::{DataType, Field, Fields, Schema, SchemaRef};
use serde::{Deserialize, Serialize};

use crate::quality::Signals;

/// One row of a dataset.
///
/// `pii_counts` and `quality_signals` become Arrow structs with one field per PII kind and
/// per signal (not a map: Hugging Face `datasets` cannot load Arrow maps).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Record {
    /// `{doc_id}:{chunk_index}`.
    pub id: String,
    /// Hex SHA-256 of the source's bytes (of the text for rows read from a dataset).
    pub doc_id: String,
    /// Position of the chunk in its document (0 at document granularity).
    pub chunk_index: i32,
    /// The cleaned (and masked) text.
    pub text: String,
    /// Where it came from: a path, `archive.zip!member`, or `file.jsonl#row`.
    pub source: String,
    /// Detected format (`pdf`, `docx`, ...; `row` for dataset rows).
    pub format: String,
    /// Hex SHA-256 of the original bytes.
    pub sha256: String,
    /// Title, masked like the text.
    pub title: Option<String>,
    /// Author, masked like the text.
    pub author: Option<String>,
    /// Creation date as the document states it (ISO 8601 where known).
    pub created: Option<String>,
    /// Pages, slides or sheets.
    pub page_count: Option<i32>,
    /// ISO 639-1 code, `und` when undetermined.
    pub language: String,
    /// Confidence of `language`, 0-1.
    pub language_score: f32,
    /// Characters of `text`.
    pub n_chars: i64,
    /// UAX #29 words of `text`.
    pub n_words: i64,
    /// Sentences of `text`.
    pub n_sentences: i64,
    /// Tokens of `text` under the configured tokenizer.
    pub n_tokens: i64,
    /// The document's quality score, 0-100; `None` when the quality stage is off.
    pub quality_score: Option<f32>,
    /// The document's signals in [`Signals::NAMES`] order; empty when the quality stage is off.
    pub quality_signals: Vec<f64>,
    /// Why the document was dropped (`preset:threshold`, `dedup:near`, ...); empty when kept.
    pub drop_reasons: Vec<String>,
    /// PII matches found in the document, per kind (kinds with none are left out).
    pub pii_counts: BTreeMap<String, i32>,
    /// `public`, `internal`, `confidential` or `restricted`, from the PII found.
    pub sensitivity: String,
    /// The `id` of the kept twin when this record's document is a duplicate.
    pub duplicate_of: Option<String>,
    /// `train`, `validation` or `test`.
    pub split: String,
    /// Other columns of a dataset row, and extra document metadata, as a JSON object.
    pub metadata: Option<String>,
    /// The text's sentences, when asked (`nested` contains `sentences`).
    pub sentences: Vec<String>,
    /// The text's paragraphs, when asked.
    pub paragraphs: Vec<String>,
    /// The text's chunks (the `[segment]` size), when asked.
    pub chunks: Vec<String>,
}

/// The optional list columns of document-granularity records: the nested layout (a
/// document with its sentences, paragraphs and chunks) that some teams load directly.
pub const NESTED_COLUMNS: [&str; 3] = ["sentences", "paragraphs", "chunks"];

/// The columns of a dataset: the fixed ones plus one struct field per PII kind the
/// configuration can find and per quality signal.
#[derive(Debug, Clone, PartialEq)]
pub struct RecordSchema {
    /// PII kinds, sorted: the fields of `pii_counts`.
    pub pii_kinds: Vec<String>,
    /// Whether `quality_signals` is a column (the quality stage is on).
    pub with_signals: bool,
    /// Which of [`NESTED_COLUMNS`] are columns, in that order.
    pub nested: Vec<&'static str>,
}

/// Column names, in order.
pub const COLUMNS: &[&str] = &[
    "id",
    "doc_id",
    "chunk_index",
    "text",
    "source",
    "format",
    "sha256",
    "title",
    "author",
    "created",
    "page_count",
    "language",
    "language_score",
    "n_chars",
    "n_words",
    "n_sentences",
    "n_tokens",
    "quality_score",
    "quality_signals",
    "drop_reasons",
    "pii_counts",
    "sensitivity",
    "duplicate_of",
    "split",
    "metadata",
];

impl RecordSchema {
    /// A schema with these PII kinds (sorted and deduplicated here).
    pub fn new(mut pii_kinds: Vec<String>, with_signals: bool) -> Self {
        pii_kinds.sort();
        pii_kinds.dedup();
        RecordSchema {
            pii_kinds,
            with_signals,
            nested: Vec::new(),
        }
    }

    /// The schema with these list columns (any of [`NESTED_COLUMNS`]) at the end.
    pub fn with_nested(mut self, names: &[String]) -> Self {
        self.nested = NESTED_COLUMNS
            .iter()
            .copied()
            .filter(|c| names.iter().any(|n| n == c))
            .collect();
        self
    }

    /// The column names, in order.
    pub fn columns(&self) -> Vec<&'static str> {
        COLUMNS
            .iter()
            .copied()
            .filter(|c| self.with_signals || *c != "quality_signals")
            .chain(self.nested.iter().copied())
            .collect()
    }

    /// The fields of the `quality_signals` struct.
    pub fn signal_fields() -> Fields {
        Signals::NAMES
            .iter()
            .map(|n| Field::new(*n, DataType::Float64, false))
            .collect()
    }

    /// The fields of the `pii_counts` struct.
    pub fn pii_fields(&self) -> Fields {
        self.pii_kinds
            .iter()
            .map(|k| Field::new(k, DataType::Int32, false))
            .collect()
    }

    /// The Arrow schema every writer follows.
    pub fn arrow(&self) -> SchemaRef {
        let utf8 = |name: &str, nullable: bool| Field::new(name, DataType::Utf8, nullable);
        let mut fields = vec![
            utf8("id", false),
            utf8("doc_id", false),
            Field::new("chunk_index", DataType::Int32, false),
            utf8("text", false),
            utf8("source", false),
            utf8("format", false),
            utf8("sha256", false),
            utf8("title", true),
            utf8("author", true),
            utf8("created", true),
            Field::new("page_count", DataType::Int32, true),
            utf8("language", false),
            Field::new("language_score", DataType::Float32, false),
            Field::new("n_chars", DataType::Int64, false),
            Field::new("n_words", DataType::Int64, false),
            Field::new("n_sentences", DataType::Int64, false),
            Field::new("n_tokens", DataType::Int64, false),
            Field::new("quality_score", DataType::Float32, true),
        ];
        if self.with_signals {
            fields.push(Field::new(
                "quality_signals",
                DataType::Struct(Self::signal_fields()),
                true,
            ));
        }
        fields.extend([
            Field::new(
                "drop_reasons",
                DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))),
                false,
            ),
            Field::new("pii_counts", DataType::Struct(self.pii_fields()), false),
            utf8("sensitivity", false),
            utf8("duplicate_of", true),
            utf8("split", false),
            utf8("metadata", true),
        ]);
        for name in &self.nested {
            fields.push(Field::new(
                *name,
                DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))),
                false,
            ));
        }
        Arc::new(Schema::new(fields))
    }

    /// A record as a JSON object with the schema's columns in order (`pii_counts` with
    /// every kind, zeros included, so every row has the same keys).
    pub fn to_json(&self, r: &Record) -> serde_json::Value {
        use serde_json::{json, Map, Value};
        let mut m = Map::with_capacity(COLUMNS.len());
        m.insert("id".into(), json!(r.id));
        m.insert("doc_id".into(), json!(r.doc_id));
        m.insert("chunk_index".into(), json!(r.chunk_index));
        m.insert("text".into(), json!(r.text));
        m.insert("source".into(), json!(r.source));
        m.insert("format".into(), json!(r.format));
        m.insert("sha256".into(), json!(r.sha256));
        m.insert("title".into(), json!(r.title));
        m.insert("author".into(), json!(r.author));
        m.insert("created".into(), json!(r.created));
        m.insert("page_count".into(), json!(r.page_count));
        m.insert("language".into(), json!(r.language));
        m.insert("language_score".into(), json!(round6(r.language_score)));
        m.insert("n_chars".into(), json!(r.n_chars));
        m.insert("n_words".into(), json!(r.n_words));
        m.insert("n_sentences".into(), json!(r.n_sentences));
        m.insert("n_tokens".into(), json!(r.n_tokens));
        m.insert("quality_score".into(), json!(r.quality_score.map(round6)));
        if self.with_signals {
            let v = if r.quality_signals.len() == Signals::NAMES.len() {
                Value::Object(
                    Signals::NAMES
                        .iter()
                        .zip(&r.quality_signals)
                        .map(|(n, v)| (n.to_string(), json!(v)))
                        .collect(),
                )
            } else {
                Value::Null
            };
            m.insert("quality_signals".into(), v);
        }
        m.insert("drop_reasons".into(), json!(r.drop_reasons));
        m.insert("pii_counts".into(), self.pii_json(&r.pii_counts));
        m.insert("sensitivity".into(), json!(r.sensitivity));
        m.insert("duplicate_of".into(), json!(r.duplicate_of));
        m.insert("split".into(), json!(r.split));
        m.insert("metadata".into(), json!(r.metadata));
        for name in &self.nested {
            let list = match *name {
                "sentences" => &r.sentences,
                "paragraphs" => &r.paragraphs,
                _ => &r.chunks,
            };
            m.insert(name.to_string(), json!(list));
        }
        Value::Object(m)
    }

    /// `pii_counts` with every kind of the schema.
    pub fn pii_json(&self, counts: &BTreeMap<String, i32>) -> serde_json::Value {
        serde_json::Value::Object(
            self.pii_kinds
                .iter()
                .map(|k| (k.clone(), counts.get(k).copied().unwrap_or(0).into()))
                .collect(),
        )
    }
}

/// An `f32` as the `f64` of its shortest decimal form, so JSON shows `0.93`, not
/// `0.9300000071525574`.
fn round6(v: f32) -> f64 {
    format!("{v}").parse().unwrap_or(f64::from(v))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_and_arrow_have_the_same_columns_in_order() {
        for with_signals in [true, false] {
            let s = RecordSchema::new(vec!["EMAIL".into(), "PHONE".into()], with_signals);
            let arrow: Vec<String> = s
                .arrow()
                .fields()
                .iter()
                .map(|f| f.name().clone())
                .collect();
            let json = s.to_json(&Record::default());
            let keys: Vec<String> = json.as_object().unwrap().keys().cloned().collect();
            assert_eq!(arrow, keys);
            assert_eq!(arrow, s.columns());
        }
    }

    #[test]
    fn nested_columns_come_last_in_every_writer() {
        let s = RecordSchema::new(vec![], true).with_nested(&["chunks".into(), "sentences".into()]);
        let cols = s.columns();
        assert_eq!(cols[cols.len() - 2..], ["sentences", "chunks"]);
        let keys: Vec<String> = s
            .to_json(&Record::default())
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect();
        let arrow: Vec<String> = s
            .arrow()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect();
        assert_eq!(keys, arrow);
    }

    #[test]
    fn pii_counts_have_every_kind() {
        let s = RecordSchema::new(vec!["PHONE".into(), "EMAIL".into()], false);
        let mut r = Record::default();
        r.pii_counts.insert("EMAIL".into(), 2);
        assert_eq!(
            s.to_json(&r)["pii_counts"],
            serde_json::json!({"EMAIL": 2, "PHONE": 0})
        );
    }
}
