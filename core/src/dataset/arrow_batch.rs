//! Records to an Arrow [`RecordBatch`] of the [`RecordSchema`].

use std::collections::BTreeMap;
use std::sync::Arc;

use arrow_array::builder::{ListBuilder, StringBuilder};
use arrow_array::cast::AsArray;
use arrow_array::Array;
use arrow_array::{
    ArrayRef, Float32Array, Float64Array, Int32Array, Int64Array, RecordBatch, StringArray,
    StructArray,
};
use arrow_buffer::NullBuffer;
use arrow_schema::DataType;

use super::record::{Record, RecordSchema};
use crate::error::{Error, Result};
use crate::quality::Signals;

/// A batch as a complete Arrow IPC stream (schema, the batch, end marker): what
/// apache-arrow's `tableFromIPC` and pyarrow's `ipc.open_stream` read, for bindings that
/// hand batches over as bytes.
pub fn ipc_stream_bytes(batch: &RecordBatch) -> Result<Vec<u8>> {
    let internal = |e: arrow_schema::ArrowError| Error::Internal {
        detail: format!("Arrow IPC: {e}"),
    };
    let mut w =
        arrow_ipc::writer::StreamWriter::try_new(Vec::new(), &batch.schema()).map_err(internal)?;
    w.write(batch).map_err(internal)?;
    w.finish().map_err(internal)?;
    w.into_inner().map_err(internal)
}

/// The records as one batch of `schema`'s columns.
pub fn to_record_batch(schema: &RecordSchema, records: &[Record]) -> Result<RecordBatch> {
    let strings = |f: &dyn Fn(&Record) -> &str| -> ArrayRef {
        Arc::new(records.iter().map(|r| Some(f(r))).collect::<StringArray>())
    };
    let opt_strings = |f: &dyn Fn(&Record) -> Option<&str>| -> ArrayRef {
        Arc::new(records.iter().map(f).collect::<StringArray>())
    };
    let ints = |f: &dyn Fn(&Record) -> i64| -> ArrayRef {
        Arc::new(records.iter().map(f).collect::<Int64Array>())
    };
    let mut columns: Vec<ArrayRef> = vec![
        strings(&|r| &r.id),
        strings(&|r| &r.doc_id),
        Arc::new(
            records
                .iter()
                .map(|r| r.chunk_index)
                .collect::<Int32Array>(),
        ),
        strings(&|r| &r.text),
        strings(&|r| &r.source),
        strings(&|r| &r.format),
        strings(&|r| &r.sha256),
        opt_strings(&|r| r.title.as_deref()),
        opt_strings(&|r| r.author.as_deref()),
        opt_strings(&|r| r.created.as_deref()),
        Arc::new(records.iter().map(|r| r.page_count).collect::<Int32Array>()),
        strings(&|r| &r.language),
        Arc::new(
            records
                .iter()
                .map(|r| r.language_score)
                .collect::<Float32Array>(),
        ),
        ints(&|r| r.n_chars),
        ints(&|r| r.n_words),
        ints(&|r| r.n_sentences),
        ints(&|r| r.n_tokens),
        Arc::new(
            records
                .iter()
                .map(|r| r.quality_score)
                .collect::<Float32Array>(),
        ),
    ];
    if schema.with_signals {
        columns.push(signals_column(records)?);
    }
    columns.push(string_lists(records, |r| &r.drop_reasons));
    let pii: Vec<ArrayRef> = schema
        .pii_kinds
        .iter()
        .map(|k| {
            Arc::new(
                records
                    .iter()
                    .map(|r| r.pii_counts.get(k).copied().unwrap_or(0))
                    .collect::<Int32Array>(),
            ) as ArrayRef
        })
        .collect();
    columns.push(Arc::new(if pii.is_empty() {
        StructArray::new_empty_fields(records.len(), None)
    } else {
        StructArray::try_new(schema.pii_fields(), pii, None).map_err(internal)?
    }));
    columns.extend([
        strings(&|r| &r.sensitivity),
        opt_strings(&|r| r.duplicate_of.as_deref()),
        strings(&|r| &r.split),
        opt_strings(&|r| r.metadata.as_deref()),
    ]);
    for name in &schema.nested {
        columns.push(match *name {
            "sentences" => string_lists(records, |r| &r.sentences),
            "paragraphs" => string_lists(records, |r| &r.paragraphs),
            _ => string_lists(records, |r| &r.chunks),
        });
    }
    RecordBatch::try_new(schema.arrow(), columns).map_err(internal)
}

/// A `list<string>` column from one list field of every record.
fn string_lists(records: &[Record], field: impl Fn(&Record) -> &Vec<String>) -> ArrayRef {
    let mut lists = ListBuilder::new(StringBuilder::new());
    for r in records {
        for item in field(r) {
            lists.values().append_value(item);
        }
        lists.append(true);
    }
    Arc::new(lists.finish())
}

/// `quality_signals`: a struct of one float column per signal, null where a record has none.
fn signals_column(records: &[Record]) -> Result<ArrayRef> {
    let n = Signals::NAMES.len();
    let valid: Vec<bool> = records
        .iter()
        .map(|r| r.quality_signals.len() == n)
        .collect();
    let children: Vec<ArrayRef> = (0..n)
        .map(|i| {
            Arc::new(
                records
                    .iter()
                    .map(|r| r.quality_signals.get(i).copied().unwrap_or(0.0))
                    .collect::<Float64Array>(),
            ) as ArrayRef
        })
        .collect();
    let nulls = valid
        .iter()
        .any(|v| !v)
        .then(|| NullBuffer::from(valid.clone()));
    Ok(Arc::new(
        StructArray::try_new(RecordSchema::signal_fields(), children, nulls).map_err(internal)?,
    ))
}

fn internal(e: arrow_schema::ArrowError) -> Error {
    Error::Internal {
        detail: format!("building an Arrow batch: {e}"),
    }
}

/// Records back from a batch of the record schema's columns, as the writers wrote them or
/// as an engine hands them over (Spark gives large or view string types; the PII and
/// signal structs may hold any subset of fields). Columns a batch lacks take their
/// defaults, so batches of fewer columns read too.
pub fn from_record_batch(batch: &RecordBatch) -> Result<Vec<Record>> {
    let n = batch.num_rows();
    let col = |name: &str| batch.column_by_name(name);
    let text = |name: &str| -> Result<Vec<Option<String>>> {
        col(name).map_or(Ok(vec![None; n]), |c| strings_of(c, name))
    };
    let (id, doc_id, text_col, source, format, sha256) = (
        text("id")?,
        text("doc_id")?,
        text("text")?,
        text("source")?,
        text("format")?,
        text("sha256")?,
    );
    let (title, author, created, language) = (
        text("title")?,
        text("author")?,
        text("created")?,
        text("language")?,
    );
    let (sensitivity, duplicate_of, split, metadata) = (
        text("sensitivity")?,
        text("duplicate_of")?,
        text("split")?,
        text("metadata")?,
    );
    let int = |name: &str| -> Result<Vec<Option<i64>>> {
        col(name).map_or(Ok(vec![None; n]), |c| ints_of(c, name))
    };
    let float = |name: &str| -> Result<Vec<Option<f64>>> {
        col(name).map_or(Ok(vec![None; n]), |c| floats_of(c, name))
    };
    let (chunk_index, page_count, n_chars, n_words, n_sentences, n_tokens) = (
        int("chunk_index")?,
        int("page_count")?,
        int("n_chars")?,
        int("n_words")?,
        int("n_sentences")?,
        int("n_tokens")?,
    );
    let (language_score, quality_score) = (float("language_score")?, float("quality_score")?);
    let list = |name: &str| -> Result<Vec<Vec<String>>> {
        col(name).map_or(Ok(vec![Vec::new(); n]), |c| string_lists_of(c, name))
    };
    let (drop_reasons, sentences, paragraphs, chunks) = (
        list("drop_reasons")?,
        list("sentences")?,
        list("paragraphs")?,
        list("chunks")?,
    );
    let signals = match col("quality_signals") {
        Some(c) => struct_floats(c, "quality_signals", Signals::NAMES)?,
        None => vec![None; n],
    };
    let pii = match col("pii_counts") {
        Some(c) => pii_counts(c)?,
        None => vec![BTreeMap::new(); n],
    };
    let owned = |v: &Vec<Option<String>>, i: usize| v[i].clone().unwrap_or_default();
    Ok((0..n)
        .map(|i| Record {
            id: owned(&id, i),
            doc_id: owned(&doc_id, i),
            chunk_index: chunk_index[i].unwrap_or(0) as i32,
            text: owned(&text_col, i),
            source: owned(&source, i),
            format: owned(&format, i),
            sha256: owned(&sha256, i),
            title: title[i].clone(),
            author: author[i].clone(),
            created: created[i].clone(),
            page_count: page_count[i].map(|v| v as i32),
            language: owned(&language, i),
            language_score: language_score[i].unwrap_or(0.0) as f32,
            n_chars: n_chars[i].unwrap_or(0),
            n_words: n_words[i].unwrap_or(0),
            n_sentences: n_sentences[i].unwrap_or(0),
            n_tokens: n_tokens[i].unwrap_or(0),
            quality_score: quality_score[i].map(|v| v as f32),
            quality_signals: signals[i].clone().unwrap_or_default(),
            drop_reasons: drop_reasons[i].clone(),
            pii_counts: pii[i].clone(),
            sensitivity: owned(&sensitivity, i),
            duplicate_of: duplicate_of[i].clone(),
            split: owned(&split, i),
            metadata: metadata[i].clone(),
            sentences: sentences[i].clone(),
            paragraphs: paragraphs[i].clone(),
            chunks: chunks[i].clone(),
        })
        .collect())
}

fn wrong_type(name: &str, t: &DataType) -> Error {
    Error::InvalidOption {
        option: name.to_string(),
        detail: format!("column `{name}` has an unexpected type {t}"),
    }
}

/// A string column's values, whichever width or view type carries them.
pub(crate) fn strings_of(c: &ArrayRef, name: &str) -> Result<Vec<Option<String>>> {
    let own = |v: Option<&str>| v.map(str::to_string);
    Ok(match c.data_type() {
        DataType::Utf8 => c.as_string::<i32>().iter().map(own).collect(),
        DataType::LargeUtf8 => c.as_string::<i64>().iter().map(own).collect(),
        DataType::Utf8View => c.as_string_view().iter().map(own).collect(),
        DataType::Null => vec![None; c.len()],
        t => return Err(wrong_type(name, t)),
    })
}

fn ints_of(c: &ArrayRef, name: &str) -> Result<Vec<Option<i64>>> {
    use arrow_array::types::{Int16Type, Int32Type, Int64Type};
    Ok(match c.data_type() {
        DataType::Int64 => c.as_primitive::<Int64Type>().iter().collect(),
        DataType::Int32 => c
            .as_primitive::<Int32Type>()
            .iter()
            .map(|v| v.map(i64::from))
            .collect(),
        DataType::Int16 => c
            .as_primitive::<Int16Type>()
            .iter()
            .map(|v| v.map(i64::from))
            .collect(),
        DataType::Null => vec![None; c.len()],
        t => return Err(wrong_type(name, t)),
    })
}

fn floats_of(c: &ArrayRef, name: &str) -> Result<Vec<Option<f64>>> {
    use arrow_array::types::{Float32Type, Float64Type};
    Ok(match c.data_type() {
        DataType::Float64 => c.as_primitive::<Float64Type>().iter().collect(),
        DataType::Float32 => c
            .as_primitive::<Float32Type>()
            .iter()
            .map(|v| v.map(f64::from))
            .collect(),
        DataType::Null => vec![None; c.len()],
        t => return Err(wrong_type(name, t)),
    })
}

fn string_lists_of(c: &ArrayRef, name: &str) -> Result<Vec<Vec<String>>> {
    let items = |v: Option<ArrayRef>| -> Result<Vec<String>> {
        Ok(match v {
            Some(a) => strings_of(&a, name)?.into_iter().flatten().collect(),
            None => Vec::new(),
        })
    };
    match c.data_type() {
        DataType::List(_) => c.as_list::<i32>().iter().map(items).collect(),
        DataType::LargeList(_) => c.as_list::<i64>().iter().map(items).collect(),
        DataType::Null => Ok(vec![Vec::new(); c.len()]),
        t => Err(wrong_type(name, t)),
    }
}

/// A struct of float fields, in `names` order, as one vector per row (`None` for a null
/// row); fields the struct lacks read as 0.
fn struct_floats(c: &ArrayRef, name: &str, names: &[&str]) -> Result<Vec<Option<Vec<f64>>>> {
    let DataType::Struct(_) = c.data_type() else {
        return Err(wrong_type(name, c.data_type()));
    };
    let s = c.as_struct();
    let fields: Vec<Option<Vec<Option<f64>>>> = names
        .iter()
        .map(|f| s.column_by_name(f).map(|a| floats_of(a, name)).transpose())
        .collect::<Result<_>>()?;
    Ok((0..c.len())
        .map(|i| {
            s.is_valid(i).then(|| {
                fields
                    .iter()
                    .map(|f| f.as_ref().and_then(|v| v[i]).unwrap_or(0.0))
                    .collect()
            })
        })
        .collect())
}

/// `pii_counts`: the struct's non-zero fields per row.
fn pii_counts(c: &ArrayRef) -> Result<Vec<BTreeMap<String, i32>>> {
    let DataType::Struct(fields) = c.data_type() else {
        return Err(wrong_type("pii_counts", c.data_type()));
    };
    let s = c.as_struct();
    let mut out = vec![BTreeMap::new(); c.len()];
    for (f, col) in fields.iter().zip(s.columns()) {
        for (i, v) in ints_of(col, "pii_counts")?.into_iter().enumerate() {
            if let Some(v) = v.filter(|&v| v != 0) {
                out[i].insert(f.name().clone(), v as i32);
            }
        }
    }
    Ok(out)
}
