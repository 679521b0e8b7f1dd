//! Property tests of chunking and sentence splitting: spans on char boundaries, in order,
//! covering the text; chunks never over capacity; overlap only repeats what came before;
//! sentences never cut a grapheme cluster.

use corpusforge::{chunk, split_sentences, ChunkOptions, SentenceOptions};
use proptest::prelude::*;
use unicode_segmentation::UnicodeSegmentation;

fn doc() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            6 => "[a-zA-Zéü]{1,12}",
            4 => Just(" ".to_string()),
            1 => Just("\n".to_string()),
            1 => Just("\n\n".to_string()),
            2 => "[.,;:!?]",
            1 => Just("# Heading\n".to_string()),
            1 => Just("```\ncode\n\nmore\n```\n".to_string()),
            1 => Just("| a | b |\n".to_string()),
            1 => "[日本語👍🏽🇫🇷e\u{301}]{1,4}",
            1 => "[0-9]{1,4}(\\.[0-9]{1,2})?",
        ],
        0..80,
    )
    .prop_map(|p| p.concat())
}

fn strip_ws(s: &str) -> String {
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1000))]

    #[test]
    fn chunks_cover_fit_and_stay_on_boundaries(text in doc(), cap in 1usize..120) {
        let opts = ChunkOptions { max_chars: Some(cap), ..ChunkOptions::default() };
        let chunks = chunk(&text, &opts).unwrap();
        let mut prev_end = 0;
        for c in &chunks {
            prop_assert!(text.is_char_boundary(c.span.start) && text.is_char_boundary(c.span.end));
            prop_assert_eq!(&text[c.span.clone()], c.text.as_str());
            prop_assert!(c.span.start >= prev_end);
            prop_assert!(c.text.chars().count() <= cap, "{} > {cap}: {:?}", c.text.chars().count(), c.text);
            prop_assert!(!c.text.is_empty());
            prev_end = c.span.end;
        }
        let joined: String = chunks.iter().map(|c| c.text.as_str()).collect();
        prop_assert_eq!(strip_ws(&joined), strip_ws(&text));
    }

    #[test]
    fn overlap_rejoins(text in doc(), cap in 8usize..80, frac in 0usize..4) {
        let overlap = cap * frac / 8;
        let opts = ChunkOptions { max_chars: Some(cap), overlap, ..ChunkOptions::default() };
        let chunks = chunk(&text, &opts).unwrap();
        // Removing the overlap (each chunk from the previous chunk's end on) rejoins the text.
        let mut covered = 0;
        let mut rebuilt = String::new();
        for c in &chunks {
            prop_assert!(c.text.chars().count() <= cap);
            prop_assert!(c.span.end > covered || c.span.end == text.len());
            let from = c.span.start.max(covered);
            if from < c.span.end {
                rebuilt.push_str(&text[from..c.span.end]);
            }
            covered = covered.max(c.span.end);
        }
        prop_assert_eq!(strip_ws(&rebuilt), strip_ws(&text));
    }

    #[test]
    fn token_chunks_fit(text in doc(), cap in 1usize..60) {
        let opts = ChunkOptions { max_tokens: Some(cap), ..ChunkOptions::default() };
        for c in chunk(&text, &opts).unwrap() {
            // A single character can cost more than a tiny capacity; nothing else may.
            prop_assert!(c.n_tokens <= cap || c.text.chars().count() == 1, "{} > {cap}: {:?}", c.n_tokens, c.text);
        }
    }

    #[test]
    fn sentences_keep_graphemes_and_order(text in doc()) {
        let spans = split_sentences(&text, &SentenceOptions::default());
        let bounds: std::collections::HashSet<usize> = text.grapheme_indices(true).map(|(i, _)| i).chain([text.len()]).collect();
        let mut prev = 0;
        for r in &spans {
            prop_assert!(r.start >= prev && r.start < r.end);
            prop_assert!(bounds.contains(&r.start) && bounds.contains(&r.end), "{r:?} cuts a grapheme in {text:?}");
            prev = r.end;
        }
        let joined: String = spans.iter().map(|r| &text[r.clone()]).collect();
        prop_assert_eq!(strip_ws(&joined), strip_ws(&text));
    }
}
