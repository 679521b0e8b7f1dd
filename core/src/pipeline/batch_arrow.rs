//! [`Pipeline::process_batch`] on Arrow record batches: documents in as columns, records
//! out as the record schema's columns plus where each row came from, the error of an input
//! that was rejected, and (for a corpus-wide dedup) each document's dedup facts. What
//! Python's `process_batch` hands to Spark's `mapInArrow` and Ray Data's `map_batches`.

use std::sync::Arc;

use arrow_array::builder::{Int32Builder, Int64Builder, ListBuilder};
use arrow_array::cast::AsArray;
use arrow_array::{ArrayRef, Float32Array, Int32Array, Int64Array, RecordBatch, StringArray};
use arrow_schema::{DataType, Field, Schema, SchemaRef};

use super::batch::{BatchDedup, BatchItem, DedupFacts};
use super::Pipeline;
use crate::dataset::{to_record_batch, Record};
use crate::error::{Error, Result};

/// The columns after the record schema's, in order: the input row, the document within it
/// (an archive's member number, 0 otherwise), and the error kind and message of a rejected
/// input or member (whose row has only `source` besides).
pub const BATCH_COLUMNS: [&str; 4] = ["input_index", "member_index", "error", "error_message"];

/// The dedup facts' columns with [`BatchDedup::Facts`] (see [`DedupFacts`]): the folded
/// exact key (a `u64` as `i64`), the folded band keys, the 8-bit signature and the score;
/// null or empty for a document that takes no part.
pub const DEDUP_COLUMNS: [&str; 4] = [
    "dedup_exact_key",
    "dedup_band_keys",
    "dedup_signature",
    "dedup_score",
];

/// One row of the output: a record, or a rejected document.
struct Row {
    record: Record,
    input: i64,
    member: i32,
    error: Option<(String, String)>,
    facts: Option<DedupFacts>,
}

impl Pipeline {
    /// The schema of [`Pipeline::process_arrow`]'s output.
    pub fn batch_schema(&self, dedup: BatchDedup) -> SchemaRef {
        let mut fields: Vec<Field> = self
            .schema
            .arrow()
            .fields()
            .iter()
            .map(|f| f.as_ref().clone())
            .collect();
        fields.push(Field::new("input_index", DataType::Int64, false));
        fields.push(Field::new("member_index", DataType::Int32, false));
        fields.push(Field::new("error", DataType::Utf8, true));
        fields.push(Field::new("error_message", DataType::Utf8, true));
        if dedup == BatchDedup::Facts {
            let list = |t: DataType| DataType::List(Arc::new(Field::new("item", t, true)));
            fields.push(Field::new("dedup_exact_key", DataType::Int64, true));
            fields.push(Field::new("dedup_band_keys", list(DataType::Int64), true));
            fields.push(Field::new("dedup_signature", list(DataType::Int32), true));
            fields.push(Field::new("dedup_score", DataType::Float32, true));
        }
        Arc::new(Schema::new(fields))
    }

    /// Processes a batch of documents given as columns: `text` (one document per row,
    /// named by `name` or `path` when present), else `content` or `bytes` (a file's bytes, named by
    /// `path` or `name`: the name's extension is a format hint, and archives give one
    /// document per member), else `path` (files read from disk). Returns the records in
    /// [`Pipeline::batch_schema`]; a rejected input or member is a row with `error` set.
    pub fn process_arrow(&self, batch: &RecordBatch, dedup: BatchDedup) -> Result<RecordBatch> {
        let rows = batch.num_rows();
        let names = match (string_column(batch, "name")?, string_column(batch, "path")?) {
            (Some(n), _) | (None, Some(n)) => n,
            (None, None) => (0..rows).map(|i| Some(format!("<row {i}>"))).collect(),
        };
        let name = |i: usize| names[i].as_deref().unwrap_or("<null>");
        let texts = string_column(batch, "text")?;
        // `bytes` is what Ray Data's `read_binary_files` calls it.
        let contents = match binary_column(batch, "content")? {
            Some(c) => Some(c),
            None => binary_column(batch, "bytes")?,
        };
        let items: Vec<Option<BatchItem>> = (0..rows)
            .map(|i| match (&texts, &contents) {
                (Some(t), _) => t[i].as_deref().map(|text| BatchItem::Text {
                    name: name(i),
                    text,
                }),
                (None, Some(c)) => c[i].map(|bytes| BatchItem::Bytes {
                    name: name(i),
                    bytes,
                }),
                (None, None) => names[i]
                    .as_deref()
                    .map(|p| BatchItem::Path(std::path::Path::new(p))),
            })
            .collect();
        if texts.is_none() && contents.is_none() && string_column(batch, "path")?.is_none() {
            return Err(Error::InvalidOption {
                option: "batch".into(),
                detail: "expected a `text`, `content` or `path` column".into(),
            });
        }
        let present: Vec<BatchItem> = items.iter().flatten().copied().collect();
        let mut results = self.process_batch(&present, dedup).into_iter();
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let docs = match item {
                Some(_) => results.next().unwrap_or_default(),
                None => vec![Err(Error::CorruptDocument {
                    source_name: name(i).to_string(),
                    detail: "the row's document column is null".into(),
                })],
            };
            for (member, doc) in docs.into_iter().enumerate() {
                let (input, member) = (i as i64, member as i32);
                match doc {
                    Ok(doc) => out.extend(doc.records.into_iter().map(|record| Row {
                        record,
                        input,
                        member,
                        error: None,
                        facts: doc.dedup.clone(),
                    })),
                    Err(e) => out.push(Row {
                        record: Record {
                            source: name(i).to_string(),
                            ..Default::default()
                        },
                        input,
                        member,
                        error: Some((e.kind().as_str().to_string(), e.to_string())),
                        facts: None,
                    }),
                }
            }
        }
        self.rows_to_batch(out, dedup)
    }

    fn rows_to_batch(&self, rows: Vec<Row>, dedup: BatchDedup) -> Result<RecordBatch> {
        let mut records = Vec::with_capacity(rows.len());
        let mut extra = (Vec::new(), Vec::new(), Vec::new(), Vec::new());
        let mut facts = Vec::new();
        for r in rows {
            records.push(r.record);
            extra.0.push(r.input);
            extra.1.push(r.member);
            let (kind, message) = r.error.unzip();
            extra.2.push(kind);
            extra.3.push(message);
            facts.push(r.facts);
        }
        let base = to_record_batch(&self.schema, &records)?;
        let mut columns: Vec<ArrayRef> = base.columns().to_vec();
        columns.push(Arc::new(Int64Array::from(extra.0)));
        columns.push(Arc::new(Int32Array::from(extra.1)));
        columns.push(Arc::new(StringArray::from(extra.2)));
        columns.push(Arc::new(StringArray::from(extra.3)));
        if dedup == BatchDedup::Facts {
            let mut bands = ListBuilder::new(Int64Builder::new());
            let mut sigs = ListBuilder::new(Int32Builder::new());
            for f in &facts {
                match f {
                    Some(f) => {
                        bands
                            .values()
                            .extend(f.band_keys.iter().map(|&k| Some(i64::from(k))));
                        bands.append(true);
                        sigs.values()
                            .extend(f.signature.iter().map(|&v| Some(i32::from(v))));
                        sigs.append(true);
                    }
                    None => {
                        bands.append(false);
                        sigs.append(false);
                    }
                }
            }
            let exact: Int64Array = facts
                .iter()
                .map(|f| f.as_ref().and_then(|f| f.exact_key).map(|k| k as i64))
                .collect();
            let score: Float32Array = facts.iter().map(|f| f.as_ref().map(|f| f.score)).collect();
            columns.push(Arc::new(exact));
            columns.push(Arc::new(bands.finish()));
            columns.push(Arc::new(sigs.finish()));
            columns.push(Arc::new(score));
        }
        RecordBatch::try_new(self.batch_schema(dedup), columns).map_err(|e| Error::Internal {
            detail: format!("batch output: {e}"),
        })
    }
}

fn invalid_column(name: &str, t: &DataType) -> Error {
    Error::InvalidOption {
        option: name.to_string(),
        detail: format!("the `{name}` column must be a string (binary for `content`), not {t}"),
    }
}

/// A string column's values, if the batch has it.
fn string_column(batch: &RecordBatch, name: &str) -> Result<Option<Vec<Option<String>>>> {
    batch
        .column_by_name(name)
        .map(|col| crate::dataset::strings_of(col, name))
        .transpose()
}

/// A binary column's values, if the batch has it.
fn binary_column<'b>(batch: &'b RecordBatch, name: &str) -> Result<Option<Vec<Option<&'b [u8]>>>> {
    let Some(col) = batch.column_by_name(name) else {
        return Ok(None);
    };
    let values = match col.data_type() {
        DataType::Binary => col.as_binary::<i32>().iter().collect(),
        DataType::LargeBinary => col.as_binary::<i64>().iter().collect(),
        DataType::BinaryView => col.as_binary_view().iter().collect(),
        t => return Err(invalid_column(name, t)),
    };
    Ok(Some(values))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::Config;
    use arrow_array::{Array, BinaryArray};

    use crate::pipeline::batch::tests::PARA;

    #[test]
    fn content_rows_in_records_and_errors_out() {
        let p = Pipeline::new(Config::default()).unwrap();
        let schema = Arc::new(Schema::new(vec![
            Field::new("path", DataType::Utf8, true),
            Field::new("content", DataType::Binary, true),
        ]));
        let batch = RecordBatch::try_new(
            schema,
            vec![
                Arc::new(StringArray::from(vec!["a.txt", "broken.docx", "b.txt"])),
                Arc::new(BinaryArray::from(vec![
                    PARA.as_bytes(),
                    b"PK\x03\x04 not a zip".as_slice(),
                    PARA.as_bytes(),
                ])),
            ],
        )
        .unwrap();
        let out = p.process_arrow(&batch, BatchDedup::Facts).unwrap();
        assert_eq!(out.schema(), p.batch_schema(BatchDedup::Facts));
        assert_eq!(out.num_rows(), 3);
        let col = |n: &str| out.column_by_name(n).unwrap().clone();
        let source = col("source");
        let source = source.as_string::<i32>();
        assert_eq!(source.value(1), "broken.docx");
        let error = col("error");
        assert_eq!(error.as_string::<i32>().value(1), "corrupt_document");
        assert!(error.is_null(0) && error.is_null(2));
        let exact = col("dedup_exact_key");
        let exact = exact.as_primitive::<arrow_array::types::Int64Type>();
        assert_eq!(
            exact.value(0),
            exact.value(2),
            "the same text, the same key"
        );
        assert!(exact.is_null(1));
        let input = col("input_index");
        let input = input.as_primitive::<arrow_array::types::Int64Type>();
        assert_eq!(input.values().to_vec(), vec![0, 1, 2]);
        // Text rows, named by `name`; duplicates resolved within the batch.
        let schema = Arc::new(Schema::new(vec![
            Field::new("name", DataType::Utf8, true),
            Field::new("text", DataType::LargeUtf8, true),
        ]));
        let batch = RecordBatch::try_new(
            schema,
            vec![
                Arc::new(StringArray::from(vec!["x", "y"])),
                Arc::new(arrow_array::LargeStringArray::from(vec![PARA, PARA])),
            ],
        )
        .unwrap();
        let out = p.process_arrow(&batch, BatchDedup::Within).unwrap();
        let dup = out.column_by_name("duplicate_of").unwrap().clone();
        assert!(dup.is_null(0) && !dup.is_null(1));
        let no_docs = RecordBatch::try_new(
            Arc::new(Schema::new(vec![Field::new("x", DataType::Int32, true)])),
            vec![Arc::new(Int32Array::from(vec![1]))],
        )
        .unwrap();
        let err = p.process_arrow(&no_docs, BatchDedup::Within).unwrap_err();
        assert_eq!(err.kind(), crate::ErrorKind::InvalidOption);
    }

    #[test]
    fn records_round_trip_through_arrow() {
        let examples = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples");
        let config = Config {
            keep_dropped: true,
            ..Default::default()
        };
        let p = Pipeline::new(config).unwrap();
        let mut records = Vec::new();
        for entry in std::fs::read_dir(&examples).unwrap() {
            let path = entry.unwrap().path();
            let docs = p.process_batch(&[BatchItem::Path(&path)], BatchDedup::Within);
            for doc in docs.into_iter().flatten().flatten() {
                records.extend(doc.records);
            }
        }
        let pii = format!("{PARA} Write to jane.doe@example.org or call +44 20 7946 0958.");
        let item = BatchItem::Text {
            name: "pii",
            text: &pii,
        };
        let doc = p
            .process_batch(&[item], BatchDedup::Within)
            .remove(0)
            .remove(0);
        records.extend(doc.unwrap().records);
        assert!(records.len() > 5);
        assert!(records.iter().any(|r| !r.pii_counts.is_empty()));
        let batch = to_record_batch(p.schema(), &records).unwrap();
        assert_eq!(crate::dataset::from_record_batch(&batch).unwrap(), records);
    }
}
