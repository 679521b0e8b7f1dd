//! Scores PII detections against labelled spans the way `benches/compare/pii_eval.py`
//! does: a labelled span is found when detected spans (of any kind) cover at least 90% of
//! its characters; a detection overlapping no labelled span is a false positive.
//! Included by path from each PII test, each of which uses part of it.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::ops::Range;

use corpusforge::{find_pii, PiiOptions};

/// One labelled text: the text and its spans as (kind, byte range).
pub struct Labelled {
    pub text: String,
    pub spans: Vec<(String, Range<usize>)>,
}

/// Byte offset of code-point index `i` in `s` (the sets' offsets are Python str indices).
pub fn byte_at(s: &str, i: usize) -> usize {
    s.char_indices().nth(i).map_or(s.len(), |(b, _)| b)
}

/// Counts per kind, and the misses and false positives for a report on failure.
#[derive(Default)]
pub struct Score {
    /// kind -> (labelled, found)
    pub labelled: BTreeMap<String, (usize, usize)>,
    /// kind -> (detected, correct)
    pub detected: BTreeMap<String, (usize, usize)>,
    /// (kind, labelled text) of labels not found
    pub misses: Vec<(String, String)>,
    /// (kind, detected text) of detections overlapping no label
    pub false_positives: Vec<(String, String)>,
}

impl Score {
    /// Share of `kind`'s labels found (of all labels with `None`).
    pub fn recall(&self, kind: Option<&str>) -> f64 {
        let (n, f) = self
            .labelled
            .iter()
            .filter(|(k, _)| kind.is_none_or(|want| want == k.as_str()))
            .fold((0, 0), |(n, f), (_, (a, b))| (n + a, f + b));
        f as f64 / n.max(1) as f64
    }

    /// Share of `kind`'s detections that overlap a label; with `None`, of all detections
    /// of the kinds the set labels (a kind it never labels has no precision).
    pub fn precision(&self, kind: Option<&str>) -> f64 {
        let (n, c) = self
            .detected
            .iter()
            .filter(|(k, _)| match kind {
                Some(want) => want == k.as_str(),
                None => self.labelled.contains_key(k.as_str()),
            })
            .fold((0, 0), |(n, c), (_, (a, b))| (n + a, c + b));
        c as f64 / n.max(1) as f64
    }

    /// Prints the summary, and the misses and false positives of the kind named by
    /// `CF_PII_LIST`, to stderr (seen with `--nocapture`).
    pub fn list_from_env(&self) {
        if let Ok(kind) = std::env::var("CF_PII_LIST") {
            for (k, t) in self.misses.iter().filter(|(k, _)| *k == kind) {
                eprintln!("miss {k}: {t:?}");
            }
            for (k, t) in self.false_positives.iter().filter(|(k, _)| *k == kind) {
                eprintln!("false positive {k}: {t:?}");
            }
        }
        eprintln!("{}", self.summary());
    }

    /// A one-line summary of recall and precision per kind, for assertion messages.
    pub fn summary(&self) -> String {
        let kinds: std::collections::BTreeSet<&String> =
            self.labelled.keys().chain(self.detected.keys()).collect();
        kinds
            .into_iter()
            .map(|k| {
                let (n, _) = self.labelled.get(k).copied().unwrap_or_default();
                let (d, _) = self.detected.get(k).copied().unwrap_or_default();
                format!(
                    "{k}: recall {:.3} ({n}), precision {:.3} ({d})",
                    self.recall(Some(k)),
                    self.precision(Some(k))
                )
            })
            .collect::<Vec<_>>()
            .join("; ")
    }
}

/// Runs `find_pii` with the default options over `docs` and scores it.
pub fn score(docs: &[Labelled]) -> Score {
    let mut out = Score::default();
    for doc in docs {
        let text = doc.text.as_str();
        let found = find_pii(text, &PiiOptions::default()).expect("find_pii");
        for (kind, r) in &doc.spans {
            let piece = &text[r.clone()];
            let covered = piece
                .char_indices()
                .filter(|(i, _)| found.iter().any(|m| m.span.contains(&(r.start + i))))
                .count();
            let e = out.labelled.entry(kind.clone()).or_default();
            e.0 += 1;
            if covered * 10 >= piece.chars().count() * 9 {
                e.1 += 1;
            } else {
                out.misses.push((kind.clone(), piece.to_string()));
            }
        }
        for m in &found {
            let e = out.detected.entry(m.kind.to_string()).or_default();
            e.0 += 1;
            if doc
                .spans
                .iter()
                .any(|(_, r)| m.span.start < r.end && r.start < m.span.end)
            {
                e.1 += 1;
            } else {
                out.false_positives
                    .push((m.kind.to_string(), text[m.span.clone()].to_string()));
            }
        }
    }
    out
}
