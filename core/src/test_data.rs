//! Test data shared by the unit tests: the labelled sets under the repository's `tests/`.

/// The `text` field of every line of the JSON-lines file at `path`, relative to the
/// repository root.
pub(crate) fn jsonl_texts(path: &str) -> Vec<String> {
    let full = format!("{}/../{path}", env!("CARGO_MANIFEST_DIR"));
    std::fs::read_to_string(&full)
        .unwrap_or_else(|e| panic!("{full}: {e}"))
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).expect("a JSON line")["text"]
                .as_str()
                .expect("a text field")
                .to_string()
        })
        .collect()
}
