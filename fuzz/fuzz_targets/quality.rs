//! Quality signals of any text: a report or an error, never a panic; the score is finite.
#![no_main]

use corpusforge::{quality, QualityOptions};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(report) = quality(&text, &QualityOptions::default()) {
        assert!(report.score.is_finite());
    }
});
