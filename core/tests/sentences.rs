//! Sentence cases of our own (`tests/segment/sentences-*.json`), shared with the Python and
//! Node tests: abbreviations, initials, numbers, quotes, ellipses beyond the Golden Rules.

use std::path::PathBuf;

use corpusforge::{sentences, SentenceOptions};

#[test]
fn shared_sentence_cases() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests/segment");
    let mut failed = Vec::new();
    for file in ["sentences-en.json", "sentences-multi.json"] {
        let raw = std::fs::read_to_string(dir.join(file)).expect("fixture");
        let cases: Vec<serde_json::Value> = serde_json::from_str(&raw).expect("JSON");
        for c in cases {
            let opts = SentenceOptions {
                language: c["language"].as_str().unwrap_or("en").into(),
            };
            let text = c["text"].as_str().expect("text");
            let want: Vec<&str> = c["sentences"]
                .as_array()
                .expect("list")
                .iter()
                .map(|s| s.as_str().expect("str"))
                .collect();
            let got: Vec<&str> = sentences(text, &opts).collect();
            if got != want {
                failed.push(format!("{file}: got {got:?}\n   want {want:?}"));
            }
        }
    }
    assert!(failed.is_empty(), "{}", failed.join("\n"));
}
