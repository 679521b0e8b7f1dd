//! Extraction of ZIP and OLE2 containers (DOCX, XLSX, PPTX, ODF, EPUB, archives, XLS and
//! encrypted Office files): any bytes give a document or an error, never a panic, a hang
//! or unbounded memory.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| corpusforge_fuzz::extract_case(data, "fuzz.docx"));
