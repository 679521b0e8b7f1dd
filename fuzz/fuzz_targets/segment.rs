//! Sentences and chunks of any text: sentence spans are ordered and on char boundaries;
//! chunks are the text at their spans, in order, within their capacity, and rejoin to the
//! text (whitespace aside).
#![no_main]

use corpusforge::{chunk, split_sentences, ChunkOptions, SentenceOptions};
use libfuzzer_sys::fuzz_target;

fn strip_ws(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let mut last = 0;
    for s in split_sentences(&text, &SentenceOptions::default()) {
        assert!(s.start >= last && s.start <= s.end && s.end <= text.len());
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        last = s.end;
    }
    let cap = 40;
    let opts = ChunkOptions {
        max_chars: Some(cap),
        ..ChunkOptions::default()
    };
    if let Ok(chunks) = chunk(&text, &opts) {
        let mut prev_end = 0;
        let mut joined = String::new();
        for c in &chunks {
            assert!(text.is_char_boundary(c.span.start) && text.is_char_boundary(c.span.end));
            assert_eq!(&text[c.span.clone()], c.text.as_str());
            assert!(c.span.start >= prev_end);
            assert!(c.text.chars().count() <= cap);
            prev_end = c.span.end;
            joined.push_str(&c.text);
        }
        assert_eq!(strip_ws(&joined), strip_ws(&text));
    }
});
