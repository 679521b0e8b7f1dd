//! The composite quality score, 0-100.
//!
//! `score = 100 × (Σ wᵢ·qᵢ) / Σ wᵢ`, where each component `qᵢ` is in 0..=1:
//!
//! | component | weight | qᵢ |
//! |---|---|---|
//! | length | 1 | `min(1, words / 100)` |
//! | word length | 1 | 1 inside 3-10 characters, falling linearly to 0 at 1.5 and 15 |
//! | alphabetic words | 1 | `clamp((alpha_words_ratio − 0.5) / 0.4)` |
//! | stop words | 1 | `min(1, stop_words / 4)` (1 when the language has no list) |
//! | repetition | 2 | `1 − clamp(r − 0.5)`, r = the largest repetition signal over its Gopher threshold |
//! | line endings | 1 | `min(1, line_punct_ratio / 0.5)` |
//! | symbols | 1 | `1 − clamp((hash_word_ratio + ellipsis_word_ratio) / 0.2)` |
//! | short lines | 1 | `1 − clamp((short_line_ratio − 0.5) / 0.5)` |
//!
//! (`clamp` limits to 0..=1.) The score rises with length up to 100 words, with prose-like
//! word lengths, letters, stop words and punctuated lines, and falls with repetition,
//! symbol noise and list-like short lines.

use super::signals::Signals;

fn clamp(x: f64) -> f64 {
    if x.is_nan() {
        0.0
    } else {
        x.clamp(0.0, 1.0)
    }
}

/// The score of a document's signals; `has_stop_words` is false for languages without a list.
pub(crate) fn score(s: &Signals, has_stop_words: bool) -> f32 {
    if s.n_words == 0.0 {
        return 0.0;
    }
    let words = s.dt_non_symbol_words.max(s.n_words);
    let len = (words / 100.0).min(1.0);
    let wl = s.mean_word_length;
    let word_length = if (3.0..=10.0).contains(&wl) {
        1.0
    } else if wl < 3.0 {
        clamp((wl - 1.5) / 1.5)
    } else {
        clamp((15.0 - wl) / 5.0)
    };
    let alpha = clamp((s.alpha_words_ratio - 0.5) / 0.4);
    let stop = if has_stop_words {
        (s.stop_words / 4.0).min(1.0)
    } else {
        1.0
    };
    let r = [
        s.dup_line_frac / 0.3,
        s.dup_para_frac / 0.3,
        s.dup_line_char_frac / 0.2,
        s.dup_para_char_frac / 0.2,
        s.top_2_gram_frac / 0.2,
        s.top_3_gram_frac / 0.18,
        s.top_4_gram_frac / 0.16,
        s.dup_5_gram_frac / 0.15,
        s.dup_10_gram_frac / 0.10,
    ]
    .into_iter()
    .fold(0.0f64, f64::max);
    let repetition = 1.0 - clamp(r - 0.5);
    let endings = (s.line_punct_ratio / 0.5).min(1.0);
    let symbols = 1.0 - clamp((s.hash_word_ratio + s.ellipsis_word_ratio) / 0.2);
    let short = 1.0 - clamp((s.short_line_ratio - 0.5) / 0.5);
    let parts = [
        (len, 1.0),
        (word_length, 1.0),
        (alpha, 1.0),
        (stop, 1.0),
        (repetition, 2.0),
        (endings, 1.0),
        (symbols, 1.0),
        (short, 1.0),
    ];
    let total: f64 = parts.iter().map(|(q, w)| q * w).sum();
    let weights: f64 = parts.iter().map(|(_, w)| w).sum();
    (100.0 * total / weights) as f32
}
