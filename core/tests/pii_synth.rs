//! PII recall and precision on presidio-research's `synth_dataset_v2.json`
//! (`../shared/corpus/pii/`), with the label map of `benches/compare/pii_eval.py`; its
//! other labels (GPE, ORGANIZATION, DATE_TIME, ...) are not our kinds and are dropped.
//! Floors sit at the measured values, so a regression fails. `CF_PII_LIST=KIND` prints
//! that kind's misses and false positives.

#[path = "common/pii_score.rs"]
mod pii_score;

use pii_score::{byte_at, score, Labelled};

/// The set's labels -> ours.
const LABELS: [(&str, &str); 8] = [
    ("EMAIL_ADDRESS", "EMAIL"),
    ("PHONE_NUMBER", "PHONE"),
    ("IBAN_CODE", "IBAN"),
    ("US_SSN", "US_SSN"),
    ("CREDIT_CARD", "CREDIT_CARD"),
    ("IP_ADDRESS", "IP_ADDRESS"),
    ("PERSON", "PERSON"),
    ("STREET_ADDRESS", "STREET_ADDRESS"),
];

#[test]
fn presidio_synth_recall_and_precision() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../shared/corpus/pii/presidio-synth_dataset_v2.json"
    );
    let Ok(data) = std::fs::read_to_string(path) else {
        eprintln!("skipped: ../shared/corpus/pii/presidio-synth_dataset_v2.json is absent");
        return;
    };
    let rows: Vec<serde_json::Value> = serde_json::from_str(&data).expect("JSON array");
    let docs: Vec<Labelled> = rows
        .iter()
        .map(|r| {
            let text = r["full_text"].as_str().expect("full_text").to_string();
            let spans = r["spans"]
                .as_array()
                .expect("spans")
                .iter()
                .filter_map(|s| {
                    let label = s["entity_type"].as_str()?;
                    let kind = LABELS.iter().find(|(l, _)| *l == label)?.1;
                    let start = byte_at(&text, s["start_position"].as_u64()? as usize);
                    let end = byte_at(&text, s["end_position"].as_u64()? as usize);
                    Some((kind.to_string(), start..end))
                })
                .collect();
            Labelled { text, spans }
        })
        .collect();
    let s = score(&docs);
    s.list_from_env();
    let report = s.summary();
    for k in ["EMAIL", "CREDIT_CARD", "IBAN", "US_SSN", "IP_ADDRESS"] {
        assert!(s.recall(Some(k)) >= 0.99, "{k}: {report}");
    }
    assert!(s.recall(Some("PHONE")) >= 0.98, "{report}");
    assert!(s.recall(Some("PERSON")) >= 0.70, "{report}");
    assert!(s.precision(Some("PERSON")) >= 0.98, "{report}");
    assert!(s.recall(Some("STREET_ADDRESS")) >= 0.87, "{report}");
    assert!(s.precision(None) >= 0.98, "{report}");
}
