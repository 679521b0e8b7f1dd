//! In-memory batches: documents through the configured stages together. The unit behind
//! Node's `processTexts` and Python's `process_batch` (what Spark's `mapInArrow` and Ray
//! Data's `map_batches` call). Duplicates are either resolved within the batch, as a run
//! resolves them, or left to a corpus-wide pass that gets each document's dedup facts.

use std::path::Path;

use rayon::prelude::*;

use super::{dedup_reason, text_document, Pipeline};
use crate::dataset::Record;
use crate::dedup::{fold_band_key, fold_exact_key, signature_bytes, DedupIndex};
use crate::document::Document;
use crate::error::{catch_panic, Result};

/// One input of a batch: a text, a file's bytes (extracted by format), or a path.
#[derive(Debug, Clone, Copy)]
pub enum BatchItem<'a> {
    /// Text as it is; its `doc_id` is the text's SHA-256.
    Text {
        /// The document's source name.
        name: &'a str,
        /// The text.
        text: &'a str,
    },
    /// A file's bytes, extracted by the format detected from the content and the name;
    /// archives give one document per member, as in a run.
    Bytes {
        /// The file's name (its extension is a format hint).
        name: &'a str,
        /// The file's content.
        bytes: &'a [u8],
    },
    /// A file on disk (archives give one document per member).
    Path(&'a Path),
}

/// What a batch does about duplicates.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BatchDedup {
    /// Resolve them among the batch's documents with the run's rule, marking
    /// `drop_reasons` and `duplicate_of`.
    #[default]
    Within,
    /// Mark none; give each document's [`DedupFacts`] for a corpus-wide pass (Spark's
    /// `build_dataset` resolves them across the cluster).
    Facts,
}

/// What one document of a batch became.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchDoc {
    /// Its records, `split` assigned; `drop_reasons` from its own stages (and, with
    /// [`BatchDedup::Within`], from duplicates in the batch).
    pub records: Vec<Record>,
    /// With [`BatchDedup::Facts`], what dedup needs of it; `None` when it takes no part
    /// (dropped by its own stages, or dedup off).
    pub dedup: Option<DedupFacts>,
}

/// The small facts the dedup index keeps of a document, as it keeps them (see
/// [`DedupIndex`]): a corpus-wide pass that clusters these with the same rule finds the
/// same duplicates as a run.
#[derive(Debug, Clone, PartialEq)]
pub struct DedupFacts {
    /// The exact content key folded to 64 bits; `None` when exact dedup is off.
    pub exact_key: Option<u64>,
    /// The band keys folded to 32 bits; empty without a signature.
    pub band_keys: Vec<u32>,
    /// The MinHash signature's low 8 bits; empty without one.
    pub signature: Vec<u8>,
    /// The quality score that picks a cluster's survivor (higher wins, then the earlier).
    pub score: f32,
}

impl Pipeline {
    /// Processes a batch in parallel. Per item, in order: its documents (one, or an
    /// archive's members), each with its records or the error that rejected it; an item
    /// that cannot be read at all is one error. Records are as a run with `keep_dropped`
    /// would write them (`split` filled).
    pub fn process_batch(
        &self,
        items: &[BatchItem],
        dedup: BatchDedup,
    ) -> Vec<Vec<Result<BatchDoc>>> {
        let processed: Vec<Vec<Result<super::process::Processed>>> = items
            .par_iter()
            .map(|item| match catch_panic(|| self.read(item)) {
                Ok(docs) => docs
                    .into_iter()
                    .map(|d| d.and_then(|doc| catch_panic(|| self.process(doc, None, true))))
                    .collect(),
                Err(e) => vec![Err(e)],
            })
            .collect();
        let duplicates = match dedup {
            BatchDedup::Within => self.duplicates_within(&processed),
            BatchDedup::Facts => Vec::new(),
        };
        let mut position = 0;
        processed
            .into_iter()
            .map(|docs| {
                docs.into_iter()
                    .map(|p| {
                        let duplicate = duplicates.get(position).and_then(Option::as_ref);
                        position += 1;
                        let mut doc = self.batch_doc(p?, dedup);
                        if let Some((of_id, reason)) = duplicate {
                            let of = format!("{of_id}:0");
                            for r in &mut doc.records {
                                r.drop_reasons.push(reason.to_string());
                                r.duplicate_of = Some(of.clone());
                            }
                        }
                        Ok(doc)
                    })
                    .collect()
            })
            .collect()
    }

    /// Reads an item's documents.
    fn read(&self, item: &BatchItem) -> Result<Vec<Result<Document>>> {
        let opts = &self.config.extract;
        match *item {
            BatchItem::Text { name, text } => Ok(vec![Ok(text_document(text.to_string(), name))]),
            BatchItem::Bytes { name, bytes } => crate::extract_all_bytes(bytes, name, opts),
            BatchItem::Path(path) => crate::extract_all(path, opts),
        }
    }

    /// Per document of the batch (items' documents in order, errors included): the doc_id
    /// of the kept twin and the reason, for the duplicates among them.
    fn duplicates_within(
        &self,
        processed: &[Vec<Result<super::process::Processed>>],
    ) -> Vec<Option<(String, &'static str)>> {
        let all: Vec<&Result<super::process::Processed>> = processed.iter().flatten().collect();
        let mut out = vec![None; all.len()];
        let Some(d) = self.dedup.as_ref() else {
            return out;
        };
        let mut index = DedupIndex::new(d.threshold, d.bands, self.hasher.len());
        // Positions of the documents the index holds, in insertion order.
        let mut members = Vec::new();
        for (i, p) in all.iter().enumerate() {
            if let Ok(p) = p {
                let sig = p
                    .signature
                    .as_ref()
                    .map(|(s, k)| (s.as_slice(), k.as_slice()));
                index.insert(p.exact_key, sig, p.score);
                members.push(i);
            }
        }
        for (m, dup) in index.resolve().into_iter().enumerate() {
            let Some(dup) = dup else { continue };
            if let Ok(of) = all[members[dup.of]] {
                out[members[m]] = Some((of.doc_id.clone(), dedup_reason(&dup)));
            }
        }
        out
    }

    fn batch_doc(&self, p: super::process::Processed, dedup: BatchDedup) -> BatchDoc {
        let split = self.split_of(&p.doc_id);
        let facts = (dedup == BatchDedup::Facts && self.dedup.is_some() && p.reasons.is_empty())
            .then(|| {
                let (band_keys, signature) = match &p.signature {
                    Some((sig, keys)) if sig.len() == self.hasher.len() => {
                        let bands = self.dedup.as_ref().map_or(0, |d| d.bands);
                        let keys = keys.iter().take(bands).map(|&k| fold_band_key(k)).collect();
                        (keys, signature_bytes(sig))
                    }
                    _ => (Vec::new(), Vec::new()),
                };
                DedupFacts {
                    exact_key: p.exact_key.map(fold_exact_key),
                    band_keys,
                    signature,
                    score: p.score,
                }
            });
        BatchDoc {
            records: p
                .records
                .into_iter()
                .map(|mut r| {
                    r.split = split.to_string();
                    r
                })
                .collect(),
            dedup: facts,
        }
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::pipeline::Config;

    /// A paragraph that passes every quality preset (shared with `batch_arrow`'s tests).
    pub(in crate::pipeline) const PARA: &str =
        "The committee met on Tuesday to discuss the budget. Members reviewed \
        the figures from the last quarter and agreed that the plan should go ahead as written. \
        A short report will follow next week, with the decisions and the open questions. The \
        chair thanked the volunteers who had counted the votes. Several residents asked about \
        the timetable for the repairs. The next meeting will be held in the library.";

    fn one(docs: &[Result<BatchDoc>]) -> &BatchDoc {
        assert_eq!(docs.len(), 1);
        docs[0].as_ref().unwrap()
    }

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
        let out = p.process_batch(&items, BatchDedup::Within);
        assert_eq!(out.len(), 4);
        assert_eq!(
            out[1][0].as_ref().unwrap_err().kind(),
            crate::ErrorKind::CorruptDocument
        );
        let (a, b, c) = (one(&out[0]), one(&out[2]), one(&out[3]));
        let (a, b, c) = (&a.records[0], &b.records[0], &c.records[0]);
        assert!(a.duplicate_of.is_none() && a.drop_reasons.is_empty());
        assert_eq!(b.drop_reasons, ["dedup:exact"]);
        assert_eq!(b.duplicate_of.as_deref(), Some(a.id.as_str()));
        assert!(c.duplicate_of.is_none());
        // One document alone gets what `process_text` gives it.
        assert_eq!(p.process_text(PARA, "a").unwrap(), vec![a.clone()]);
    }

    #[test]
    fn facts_mode_marks_nothing_and_gives_what_the_index_keeps() {
        let p = Pipeline::new(Config::default()).unwrap();
        let items = [
            BatchItem::Text {
                name: "a",
                text: PARA,
            },
            BatchItem::Text {
                name: "b",
                text: PARA,
            },
            BatchItem::Text {
                name: "short",
                text: "Too short.",
            },
        ];
        let out = p.process_batch(&items, BatchDedup::Facts);
        let (a, b, short) = (one(&out[0]), one(&out[1]), one(&out[2]));
        assert!(b.records[0].drop_reasons.is_empty() && b.records[0].duplicate_of.is_none());
        let facts = a.dedup.as_ref().unwrap();
        assert_eq!(
            b.dedup.as_ref(),
            Some(facts),
            "the same text, the same facts"
        );
        assert!(facts.exact_key.is_some());
        assert_eq!(facts.band_keys.len(), p.dedup.as_ref().unwrap().bands);
        assert_eq!(facts.signature.len(), p.hasher.len());
        assert!(
            short.dedup.is_none(),
            "dropped by its own stages: no part in dedup"
        );
    }

    #[test]
    fn archives_give_one_document_per_member() {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for name in ["one.txt", "two.txt"] {
            zip.start_file(name, zip::write::SimpleFileOptions::default())
                .unwrap();
            std::io::Write::write_all(&mut zip, format!("{name}: {PARA}").as_bytes()).unwrap();
        }
        let bytes = zip.finish().unwrap().into_inner();
        let p = Pipeline::new(Config::default()).unwrap();
        let out = p.process_batch(
            &[BatchItem::Bytes {
                name: "docs.zip",
                bytes: &bytes,
            }],
            BatchDedup::Within,
        );
        let sources: Vec<&str> = out[0]
            .iter()
            .map(|d| d.as_ref().unwrap().records[0].source.as_str())
            .collect();
        assert_eq!(sources, ["docs.zip!one.txt", "docs.zip!two.txt"]);
    }
}
