//! In-memory batches: documents through the configured stages together, duplicates
//! resolved among them as a run resolves them. The unit behind Node's `processTexts` and
//! Python's `process_batch` (what Spark's `mapInArrow` and Ray Data's `map_batches` call).

use std::path::Path;

use rayon::prelude::*;

use super::{dedup_reason, text_document, Pipeline};
use crate::dataset::Record;
use crate::dedup::DedupIndex;
use crate::document::Document;
use crate::error::{catch_panic, Result};

/// One document of a batch: a text, a file's bytes (extracted by format), or a path.
#[derive(Debug, Clone, Copy)]
pub enum BatchItem<'a> {
    /// Text as it is; its `doc_id` is the text's SHA-256.
    Text {
        /// The document's source name.
        name: &'a str,
        /// The text.
        text: &'a str,
    },
    /// A file's bytes, extracted by the format detected from the content and the name.
    Bytes {
        /// The file's name (its extension is a format hint).
        name: &'a str,
        /// The file's content.
        bytes: &'a [u8],
    },
    /// A file on disk.
    Path(&'a Path),
}

impl Pipeline {
    /// Processes a batch in parallel and returns, per item in order, its records as a run
    /// with `keep_dropped` would write them (`drop_reasons`, `duplicate_of` and `split`
    /// filled), or the error that rejected it. Duplicates are resolved within the batch, with
    /// the run's rule (the survivor is the highest quality score, then the earliest); across
    /// batches, dedup needs the whole corpus (`Pipeline::run`, or Spark's `build_dataset`).
    pub fn process_batch(&self, items: &[BatchItem]) -> Vec<Result<Vec<Record>>> {
        let processed: Vec<Result<super::process::Processed>> = items
            .par_iter()
            .map(|item| {
                catch_panic(|| {
                    let doc = self.read(item)?;
                    self.process(doc, None)
                })
            })
            .collect();
        let mut index = self
            .dedup
            .as_ref()
            .map(|d| DedupIndex::new(d.threshold, d.bands, self.hasher.len()));
        // Positions in the batch of the documents the index holds, in insertion order.
        let mut members = Vec::new();
        if let Some(index) = index.as_mut() {
            for (i, p) in processed.iter().enumerate() {
                if let Ok(p) = p {
                    let sig = p
                        .signature
                        .as_ref()
                        .map(|(s, k)| (s.as_slice(), k.as_slice()));
                    index.insert(p.exact_key, sig, p.score);
                    members.push(i);
                }
            }
        }
        let mut duplicate = vec![None; items.len()];
        if let Some(index) = index {
            for (m, d) in index.resolve().into_iter().enumerate() {
                duplicate[members[m]] = d.map(|d| (members[d.of], dedup_reason(&d)));
            }
        }
        let ids: Vec<Option<String>> = processed
            .iter()
            .map(|p| p.as_ref().ok().map(|p| p.doc_id.clone()))
            .collect();
        processed
            .into_iter()
            .zip(duplicate)
            .map(|(p, dup)| {
                let p = p?;
                let split = self.split_of(&p.doc_id);
                let duplicate_of =
                    dup.and_then(|(of, _)| ids[of].as_deref().map(|id| format!("{id}:0")));
                Ok(p.records
                    .into_iter()
                    .map(|mut r| {
                        if let Some((_, reason)) = dup {
                            r.drop_reasons.push(reason.to_string());
                        }
                        r.duplicate_of = duplicate_of.clone();
                        r.split = split.to_string();
                        r
                    })
                    .collect())
            })
            .collect()
    }

    fn read(&self, item: &BatchItem) -> Result<Document> {
        let opts = &self.config.extract;
        match *item {
            BatchItem::Text { name, text } => Ok(text_document(text.to_string(), name)),
            BatchItem::Bytes { name, bytes } => crate::extract_bytes(bytes, Some(name), opts),
            BatchItem::Path(path) => crate::extract(path, opts),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pipeline::Config;

    const PARA: &str = "The committee met on Tuesday to discuss the budget. Members reviewed \
        the figures from the last quarter and agreed that the plan should go ahead as written. \
        A short report will follow next week, with the decisions and the open questions. The \
        chair thanked the volunteers who had counted the votes. Several residents asked about \
        the timetable for the repairs. The next meeting will be held in the library.";

    #[test]
    fn a_batch_resolves_its_duplicates_and_keeps_going_past_errors() {
        let p = Pipeline::new(Config::default()).unwrap();
        let other = PARA.replace("budget", "new library roof and the car park");
        let items = [
            BatchItem::Text {
                name: "a",
                text: PARA,
            },
            BatchItem::Bytes {
                name: "broken.docx",
                bytes: b"PK\x03\x04 not a zip",
            },
            BatchItem::Text {
                name: "b",
                text: PARA,
            },
            BatchItem::Text {
                name: "c",
                text: &other,
            },
        ];
        let out = p.process_batch(&items);
        assert_eq!(out.len(), 4);
        assert_eq!(
            out[1].as_ref().unwrap_err().kind(),
            crate::ErrorKind::CorruptDocument
        );
        let (a, b, c) = (
            out[0].as_ref().unwrap(),
            out[2].as_ref().unwrap(),
            out[3].as_ref().unwrap(),
        );
        assert!(a[0].duplicate_of.is_none() && a[0].drop_reasons.is_empty());
        assert_eq!(b[0].drop_reasons, ["dedup:exact"]);
        assert_eq!(b[0].duplicate_of.as_deref(), Some(a[0].id.as_str()));
        assert!(c[0].duplicate_of.is_none());
        // One document alone gets what `process_text` gives it.
        assert_eq!(&p.process_text(PARA, "a").unwrap(), a);
    }
}
