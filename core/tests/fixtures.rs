//! The shared fixtures in `tests/` (also run by the Python and Node tests).

use std::path::PathBuf;

use corpusforge::{normalize, NormalizeOptions, StageOptions};

fn fixtures() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../tests")
}

#[test]
fn normalize_cases() {
    let raw = std::fs::read_to_string(fixtures().join("normalize/cases.json")).expect("fixture");
    let cases: Vec<serde_json::Value> = serde_json::from_str(&raw).expect("JSON");
    assert!(cases.len() >= 10);
    for c in cases {
        let name = c["name"].as_str().expect("name");
        let opts = NormalizeOptions::from_json(c["options"].clone()).expect("valid options");
        let out = normalize(c["input"].as_str().expect("input"), &opts);
        assert_eq!(
            out,
            c["expected"].as_str().expect("expected"),
            "case {name}"
        );
    }
}
