//! PII recall and precision on `tests/pii/faker-set.jsonl` (Faker sentences in eight
//! locales with hard negatives), scored as `benches/compare/pii_eval.py` does (see
//! `common/pii_score.rs`). Floors sit at the measured values, so a regression fails.
//! `CF_PII_LIST=KIND` prints that kind's misses and false positives.

#[path = "common/pii_score.rs"]
mod pii_score;

use pii_score::{byte_at, score, Labelled};

#[test]
fn faker_set_recall_and_precision() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/pii/faker-set.jsonl");
    let data = std::fs::read_to_string(path).expect("tests/pii/faker-set.jsonl");
    let docs: Vec<Labelled> = data
        .lines()
        .filter(|l| !l.trim().is_empty())
        .map(|line| {
            let v: serde_json::Value = serde_json::from_str(line).expect("JSON line");
            let text = v["text"].as_str().expect("text").to_string();
            let spans = v["spans"]
                .as_array()
                .expect("spans")
                .iter()
                .map(|s| {
                    let start = byte_at(&text, s["start"].as_u64().unwrap() as usize);
                    let end = byte_at(&text, s["end"].as_u64().unwrap() as usize);
                    (s["kind"].as_str().unwrap().to_string(), start..end)
                })
                .collect();
            Labelled { text, spans }
        })
        .collect();
    let s = score(&docs);
    s.list_from_env();
    let report = s.summary();
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
        assert!(s.recall(Some(k)) >= 0.99, "{k}: {report}");
    }
    assert!(s.recall(Some("PHONE")) >= 0.93, "{report}");
    assert!(s.recall(Some("STREET_ADDRESS")) >= 0.95, "{report}");
    assert!(s.recall(Some("DATE_OF_BIRTH")) >= 0.8, "{report}");
    assert!(s.recall(Some("PERSON")) >= 0.84, "{report}");
    assert!(s.precision(Some("PERSON")) >= 0.98, "{report}");
    assert!(s.precision(None) >= 0.98, "{report}");
}
