//! PII recall and precision on `tests/pii/faker-set.jsonl` (Faker sentences in eight
//! locales with hard negatives), scored as `benches/compare/pii_eval.py` does: a labelled
//! span is found when detected spans cover 90% of its characters; a detection overlapping
//! no label is a false positive. Floors sit at the measured values, so a regression fails.

use std::collections::BTreeMap;

use corpusforge::{find_pii, PiiOptions};

/// Byte offset of code-point index `i` in `s` (the set's offsets are Python str indices).
fn byte_at(s: &str, i: usize) -> usize {
    s.char_indices().nth(i).map_or(s.len(), |(b, _)| b)
}

#[test]
fn faker_set_recall_and_precision() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/pii/faker-set.jsonl");
    let data = std::fs::read_to_string(path).expect("tests/pii/faker-set.jsonl");
    let mut labelled: BTreeMap<String, (usize, usize)> = BTreeMap::new(); // kind -> (labels, found)
    let (mut detected, mut correct) = (0usize, 0usize);
    for line in data.lines().filter(|l| !l.trim().is_empty()) {
        let v: serde_json::Value = serde_json::from_str(line).expect("JSON line");
        let text = v["text"].as_str().expect("text");
        let spans: Vec<(String, std::ops::Range<usize>)> = v["spans"]
            .as_array()
            .expect("spans")
            .iter()
            .map(|s| {
                let start = byte_at(text, s["start"].as_u64().unwrap() as usize);
                let end = byte_at(text, s["end"].as_u64().unwrap() as usize);
                (s["kind"].as_str().unwrap().to_string(), start..end)
            })
            .collect();
        let found = find_pii(text, &PiiOptions::default()).unwrap();
        for (kind, r) in &spans {
            let covered: usize = text[r.clone()]
                .char_indices()
                .filter(|(i, _)| found.iter().any(|m| m.span.contains(&(r.start + i))))
                .count();
            let total = text[r.clone()].chars().count();
            let e = labelled.entry(kind.clone()).or_default();
            e.0 += 1;
            if covered * 10 >= total * 9 {
                e.1 += 1;
            }
        }
        for m in &found {
            detected += 1;
            if spans
                .iter()
                .any(|(_, r)| m.span.start < r.end && r.start < m.span.end)
            {
                correct += 1;
            }
        }
    }
    let recall = |k: &str| {
        let (n, f) = labelled.get(k).copied().unwrap_or((0, 0));
        f as f64 / n.max(1) as f64
    };
    let report: Vec<String> = labelled
        .keys()
        .map(|k| format!("{k} {:.3}", recall(k)))
        .collect();
    // Validated kinds: every example found.
    for k in [
        "EMAIL",
        "CREDIT_CARD",
        "IBAN",
        "US_SSN",
        "MAC_ADDRESS",
        "SECRET",
        "URL_CREDENTIALS",
        "IN_AADHAAR",
        "IN_PAN",
        "UK_NINO",
        "IP_ADDRESS",
    ] {
        assert!(
            recall(k) >= 0.99,
            "{k}: recall {:.3}; all: {report:?}",
            recall(k)
        );
    }
    assert!(recall("PHONE") >= 0.93, "{report:?}");
    assert!(recall("STREET_ADDRESS") >= 0.9, "{report:?}");
    assert!(recall("DATE_OF_BIRTH") >= 0.8, "{report:?}");
    assert!(recall("PERSON") >= 0.55, "{report:?}");
    let precision = correct as f64 / detected.max(1) as f64;
    assert!(
        precision >= 0.98,
        "precision {precision:.3} ({correct}/{detected})"
    );
}
