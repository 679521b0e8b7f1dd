//! MinHash signatures over word n-gram shingles of simplified text, and their LSH band keys.
//!
//! Text is simplified before shingling so that copies differing only in case, numbers or
//! punctuation still match: words are UAX #29 words, lower-cased, with every decimal digit
//! folded to `0`; punctuation and whitespace are dropped. A shingle is `ngram` consecutive
//! words (a text shorter than that is one shingle of all its words). Each shingle is hashed
//! once (xxh3, stable across platforms and versions) and each of the `bands × rows`
//! permutations is a multiply-add of that hash, keeping its high 32 bits.

use xxhash_rust::xxh3::{xxh3_64, xxh3_64_with_seed};

/// A MinHash signature: one minimum per permutation (`bands × rows` values).
pub type Signature = Vec<u32>;

/// Computes signatures and band keys with fixed parameters; build once, use for every text.
#[derive(Debug, Clone)]
pub struct MinHasher {
    ngram: usize,
    bands: usize,
    rows: usize,
    /// Multipliers (odd) and increments of the permutations, from the seed.
    a: Vec<u64>,
    b: Vec<u64>,
}

impl MinHasher {
    /// A hasher of `bands × rows` permutations over word `ngram`-shingles, derived from `seed`.
    /// Zero `ngram`, `bands` or `rows` are raised to 1.
    pub fn new(ngram: usize, bands: usize, rows: usize, seed: u64) -> Self {
        let (ngram, bands, rows) = (ngram.max(1), bands.max(1), rows.max(1));
        let n = bands * rows;
        let mut state = seed ^ 0x9E37_79B9_7F4A_7C15;
        let mut next = || {
            state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        let mut a = Vec::with_capacity(n);
        let mut b = Vec::with_capacity(n);
        for _ in 0..n {
            a.push(next() | 1);
            b.push(next());
        }
        MinHasher {
            ngram,
            bands,
            rows,
            a,
            b,
        }
    }

    /// Number of values in a signature (`bands × rows`).
    pub fn len(&self) -> usize {
        self.a.len()
    }

    /// Always false: a hasher has at least one permutation.
    pub fn is_empty(&self) -> bool {
        self.a.is_empty()
    }

    /// Number of LSH bands.
    pub fn bands(&self) -> usize {
        self.bands
    }

    /// The signature of `text`; `None` when it has no words (nothing to compare).
    pub fn signature(&self, text: &str) -> Option<Signature> {
        let shingles = shingles(text, self.ngram);
        if shingles.is_empty() {
            return None;
        }
        let mut sig = vec![u32::MAX; self.len()];
        for &s in &shingles {
            for ((m, &a), &b) in sig.iter_mut().zip(&self.a).zip(&self.b) {
                let h = (a.wrapping_mul(s).wrapping_add(b) >> 32) as u32;
                if h < *m {
                    *m = h;
                }
            }
        }
        Some(sig)
    }

    /// One key per band: a hash of the band's rows and its index, so equal keys mean the two
    /// signatures agree on every row of that band.
    pub fn band_keys(&self, signature: &[u32]) -> Vec<u64> {
        signature
            .chunks(self.rows)
            .take(self.bands)
            .enumerate()
            .map(|(band, rows)| {
                let mut bytes = Vec::with_capacity(rows.len() * 4);
                for r in rows {
                    bytes.extend_from_slice(&r.to_le_bytes());
                }
                xxh3_64_with_seed(&bytes, band as u64)
            })
            .collect()
    }
}

/// The estimated Jaccard similarity of the shingle sets behind two signatures: the share
/// of permutations whose minimum agrees.
pub fn estimate_jaccard(a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() || a.len() != b.len() {
        return 0.0;
    }
    let same = a.iter().zip(b).filter(|(x, y)| x == y).count();
    same as f64 / a.len() as f64
}

/// Hashes of the simplified words of `text` (lower-cased, digits folded to `0`).
pub(crate) fn word_hashes(text: &str) -> Vec<u64> {
    let mut buf = String::new();
    crate::segment::words(text)
        .map(|w| {
            buf.clear();
            for c in w.chars() {
                if c.is_numeric() {
                    buf.push('0');
                } else if c.is_uppercase() {
                    buf.extend(c.to_lowercase());
                } else {
                    buf.push(c);
                }
            }
            xxh3_64(buf.as_bytes())
        })
        .collect()
}

/// Combines consecutive word hashes into one hash per `n`-word shingle (order-sensitive).
pub(crate) fn ngram_hashes(words: &[u64], n: usize) -> Vec<u64> {
    if words.is_empty() {
        return Vec::new();
    }
    let n = n.clamp(1, words.len());
    words
        .windows(n)
        .map(|w| {
            let mut h: u64 = 0xCBF2_9CE4_8422_2325;
            for &x in w {
                h = (h ^ x).wrapping_mul(0x0000_0100_0000_01B3).rotate_left(29);
            }
            // Final avalanche so nearby combinations spread over all bits.
            h ^= h >> 33;
            h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
            h ^ (h >> 33)
        })
        .collect()
}

/// The distinct shingle hashes of `text`, sorted.
pub(crate) fn shingles(text: &str, n: usize) -> Vec<u64> {
    let mut s = ngram_hashes(&word_hashes(text), n);
    s.sort_unstable();
    s.dedup();
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn simplification_ignores_case_digits_and_punctuation() {
        let h = MinHasher::new(5, 14, 8, 1);
        let a = h.signature("The price was 42 dollars, said the man on Monday.");
        let b = h.signature("the price was 17 dollars said THE man on monday");
        assert_eq!(a, b);
    }

    #[test]
    fn empty_text_has_no_signature() {
        let h = MinHasher::new(5, 14, 8, 1);
        assert_eq!(h.signature("  ... !!"), None);
        assert_eq!(h.signature("two words").map(|s| s.len()), Some(112));
    }

    #[test]
    fn estimates_track_jaccard() {
        let h = MinHasher::new(1, 32, 8, 7);
        // Digits fold to `0`, so spell the numbers in letters.
        let word = |p: char, i: usize| -> String {
            let mut s = String::from(p);
            let mut i = i + 1;
            while i > 0 {
                s.push((b'a' + (i % 26) as u8) as char);
                i /= 26;
            }
            s
        };
        // Shingles are single words: 300 shared, 100 only in each → Jaccard 300/500 = 0.6.
        let shared: Vec<String> = (0..300).map(|i| word('w', i)).collect();
        let only_a: Vec<String> = (0..100).map(|i| word('a', i)).collect();
        let only_b: Vec<String> = (0..100).map(|i| word('b', i)).collect();
        let a = format!("{} {}", shared.join(" "), only_a.join(" "));
        let b = format!("{} {}", shared.join(" "), only_b.join(" "));
        let est = estimate_jaccard(&h.signature(&a).unwrap(), &h.signature(&b).unwrap());
        assert!((est - 0.6).abs() < 0.08, "estimate {est}");
    }

    #[test]
    fn band_keys_are_stable() {
        // The keys are part of the API (a distributed engine groups by them): pin them.
        let h = MinHasher::new(5, 14, 8, 1);
        let sig = h.signature("one two three four five six seven").unwrap();
        let keys = h.band_keys(&sig);
        assert_eq!(keys.len(), 14);
        let again = MinHasher::new(5, 14, 8, 1).band_keys(&sig);
        assert_eq!(keys, again);
    }
}
