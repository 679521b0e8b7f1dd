//! The 48 English "Golden Rules" of sentence boundary detection
//! (`../shared/corpus/segment/golden-rules-en.jsonl`; pySBD passes 47, sentencex 43).

use std::path::PathBuf;

use corpusforge::{sentences, SentenceOptions};

#[test]
fn golden_rules_en() {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../../shared/corpus/segment/golden-rules-en.jsonl");
    let Ok(raw) = std::fs::read_to_string(&path) else {
        eprintln!("skipped: {} is absent", path.display());
        return;
    };
    let opts = SentenceOptions::default();
    let mut failed = Vec::new();
    let mut total = 0;
    for line in raw.lines().filter(|l| !l.trim().is_empty()) {
        let case: serde_json::Value = serde_json::from_str(line).expect("JSON line");
        total += 1;
        let text = case["text"].as_str().expect("text");
        let want: Vec<&str> = case["sentences"]
            .as_array()
            .expect("sentences")
            .iter()
            .map(|s| s.as_str().expect("str"))
            .collect();
        let got: Vec<&str> = sentences(text, &opts).collect();
        if got != want {
            failed.push(format!(
                "rule {}: got {got:?}\n          want {want:?}",
                case["rule"]
            ));
        }
    }
    assert_eq!(total, 48);
    assert!(
        failed.is_empty(),
        "{} of 48 failed:\n{}",
        failed.len(),
        failed.join("\n")
    );
}
