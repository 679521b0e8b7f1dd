//! Records to an Arrow [`RecordBatch`] of the [`RecordSchema`].

use std::sync::Arc;

use arrow_array::builder::{ListBuilder, StringBuilder};
use arrow_array::{
    ArrayRef, Float32Array, Float64Array, Int32Array, Int64Array, RecordBatch, StringArray,
    StructArray,
};
use arrow_buffer::NullBuffer;

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
