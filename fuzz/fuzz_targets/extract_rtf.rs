//! Extraction of RTF: any bytes give a document or an error, never a panic, a hang or
//! unbounded memory.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| corpusforge_fuzz::extract_case(data, "fuzz.rtf"));
