//! Extraction of RTF: any bytes give a document or an error, never a panic, a hang or
//! unbounded memory. The hint only matters where the bytes cannot tell the format.
#![no_main]

use corpusforge::{extract_bytes, ExtractOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let opts = ExtractOptions {
        timeout_ms: 5_000,
        max_decompressed_bytes: 256 << 20,
        ..ExtractOptions::default()
    };
    if let Ok(doc) = extract_bytes(data, Some("fuzz.rtf"), &opts) {
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
});
