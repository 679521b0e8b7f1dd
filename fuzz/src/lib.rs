//! What the extraction fuzz targets share: extract any bytes with tight budgets and check
//! the document's invariants.

use corpusforge::{extract_bytes, ExtractOptions};

/// Extracts `data` (the hint names the format family the target aims at; the bytes decide)
/// with a 5 s budget and a 256 MiB decompression cap: a document or an error, never a
/// panic; a document's placed blocks point at their text.
pub fn extract_case(data: &[u8], hint: &str) {
    let opts = ExtractOptions {
        timeout_ms: 5_000,
        max_decompressed_bytes: 256 << 20,
        ..ExtractOptions::default()
    };
    if let Ok(doc) = extract_bytes(data, Some(hint), &opts) {
        for b in &doc.blocks {
            if let Some(span) = &b.span {
                assert_eq!(
                    &doc.text[span.clone()],
                    b.text,
                    "block spans point at their text"
                );
            }
        }
    }
}
