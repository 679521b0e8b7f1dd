//! Decontamination: finding training documents that share a word n-gram (13 by default)
//! with an evaluation set, so benchmarks do not leak into training data.

use std::collections::HashSet;

use super::minhash::{ngram_hashes, word_hashes};

/// The n-grams of a set of evaluation texts, to test documents against.
#[derive(Debug, Clone)]
pub struct Decontaminator {
    n: usize,
    grams: HashSet<u64>,
    /// Word counts of evaluation texts shorter than `n`, probed as n-grams of that length.
    short: Vec<usize>,
}

impl Decontaminator {
    /// Indexes every word `n`-gram (simplified words, as for MinHash: lower-case, digits
    /// folded, punctuation dropped) of `eval_texts`. Texts shorter than `n` words are
    /// indexed whole, as one n-gram of their length, and match documents containing them.
    pub fn new<S: AsRef<str>>(eval_texts: &[S], n: usize) -> Self {
        let n = n.max(1);
        let mut grams = HashSet::new();
        let mut short_lengths = HashSet::new();
        for t in eval_texts {
            let words = word_hashes(t.as_ref());
            if words.is_empty() {
                continue;
            }
            if words.len() < n {
                short_lengths.insert(words.len());
            }
            grams.extend(ngram_hashes(&words, n));
        }
        let mut short: Vec<usize> = short_lengths.into_iter().collect();
        short.sort_unstable();
        Decontaminator { n, grams, short }
    }

    /// Number of distinct n-grams indexed.
    pub fn len(&self) -> usize {
        self.grams.len()
    }

    /// True when no evaluation text had a word.
    pub fn is_empty(&self) -> bool {
        self.grams.is_empty()
    }

    /// True when `text` shares an n-gram with the evaluation set.
    pub fn is_contaminated(&self, text: &str) -> bool {
        let words = word_hashes(text);
        if words.is_empty() {
            return false;
        }
        if words.len() >= self.n
            && ngram_hashes(&words, self.n)
                .iter()
                .any(|g| self.grams.contains(g))
        {
            return true;
        }
        self.short
            .iter()
            .filter(|&&len| len <= words.len())
            .any(|&len| {
                ngram_hashes(&words, len)
                    .iter()
                    .any(|g| self.grams.contains(g))
            })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_shared_thirteen_grams() {
        let eval = ["Question: what is the capital city of France and why did it become the capital at all?"];
        let d = Decontaminator::new(&eval, 13);
        assert!(d.is_contaminated(
            "Blog post. QUESTION what is the capital city of France, and why did it become the capital at all. More."
        ));
        assert!(!d.is_contaminated(
            "The capital city of France is Paris; it became the capital long ago."
        ));
        assert!(!d.is_contaminated(""));
    }

    #[test]
    fn short_eval_texts_match_whole() {
        let d = Decontaminator::new(&["two plus two is four"], 13);
        assert!(d.is_contaminated("We know that two plus two is four, always."));
        assert!(!d.is_contaminated("two plus three is five"));
    }
}
