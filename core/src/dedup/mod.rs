//! Deduplication: exact copies (a hash of the whitespace-folded text) and near copies
//! (MinHash over word 5-gram shingles, LSH banding, candidates verified by the Jaccard
//! estimate of the full signature), clustered with union-find; each cluster keeps one
//! survivor (highest quality score, then the earliest document). Also n-gram
//! decontamination against evaluation sets.
//!
//! ```
//! use corpusforge::dedup::{dedup, DedupOptions};
//!
//! let texts = [
//!     "The quick brown fox jumps over the lazy dog near the river bank today.",
//!     "Something else entirely, about databases and their many indexes.",
//!     "The quick brown fox jumps over the lazy dog near the river bank today!",
//! ];
//! let dups = dedup(&texts, &DedupOptions::default()).unwrap();
//! assert!(dups[0].is_none() && dups[1].is_none());
//! assert_eq!(dups[2].unwrap().of, 0);
//! ```

mod cluster;
mod decontaminate;
mod minhash;

pub use cluster::{
    fold_band_key, fold_exact_key, signature_bytes, signature_similarity, DedupIndex, Duplicate,
    MAX_VERIFY_PER_BUCKET,
};
pub use decontaminate::Decontaminator;
pub use minhash::{estimate_jaccard, MinHasher, Signature};

use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use xxhash_rust::xxh3::Xxh3;

use crate::error::{Error, Result};

/// Options of [`dedup`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct DedupOptions {
    /// Drop exact copies (same text after folding runs of whitespace). Default true.
    pub exact: bool,
    /// Drop near copies found by MinHash LSH. Default true.
    pub near: bool,
    /// Words per shingle. Default 5.
    pub ngram: usize,
    /// LSH bands. Default 20: with 6 rows, pairs above 0.85 Jaccard are nearly always
    /// candidates and verification decides.
    pub bands: usize,
    /// Rows (hash values) per band. Default 6.
    pub rows: usize,
    /// Estimated Jaccard similarity at or above which a candidate pair is a duplicate.
    /// Default 0.8.
    pub threshold: f64,
    /// Seed of the hash permutations. Signatures compare only under the same seed,
    /// `ngram`, `bands` and `rows`. Default 1.
    pub seed: u64,
    /// `datatrove`: datatrove's MinHash configuration (14 bands × 8 rows, 5-grams), and
    /// any candidate sharing a band is a duplicate (no verification), as datatrove does.
    /// Default none: the fields above.
    pub preset: Option<String>,
}

impl Default for DedupOptions {
    fn default() -> Self {
        DedupOptions {
            exact: true,
            near: true,
            ngram: 5,
            bands: 20,
            rows: 6,
            threshold: 0.8,
            seed: 1,
            preset: None,
        }
    }
}

impl crate::options::StageOptions for DedupOptions {
    const STAGE: &'static str = "dedup";
    const FIELDS: &'static [&'static str] = &[
        "exact",
        "near",
        "ngram",
        "bands",
        "rows",
        "threshold",
        "seed",
        "preset",
    ];
}

impl DedupOptions {
    /// The options with `preset` applied and checked.
    pub fn resolved(&self) -> Result<DedupOptions> {
        let mut o = self.clone();
        match o.preset.as_deref() {
            None | Some("") => {}
            Some("datatrove") => {
                o.ngram = 5;
                o.bands = 14;
                o.rows = 8;
                o.threshold = 0.0;
            }
            Some(other) => {
                return Err(Error::invalid_option(
                    "preset",
                    format!("unknown dedup preset `{other}`; known: datatrove"),
                ))
            }
        }
        if o.ngram == 0 || o.bands == 0 || o.rows == 0 {
            return Err(Error::invalid_option(
                "ngram/bands/rows",
                "must be at least 1",
            ));
        }
        if o.bands * o.rows > 4096 {
            return Err(Error::invalid_option(
                "bands",
                "bands × rows must be at most 4096",
            ));
        }
        if !(0.0..=1.0).contains(&o.threshold) {
            return Err(Error::invalid_option(
                "threshold",
                "must be between 0 and 1",
            ));
        }
        Ok(o)
    }

    /// The MinHash hasher these options describe.
    pub fn hasher(&self) -> MinHasher {
        MinHasher::new(self.ngram, self.bands, self.rows, self.seed)
    }
}

/// The exact-duplicate key of `text`: a 128-bit xxh3 of its words separated by single
/// spaces (so copies differing only in whitespace or line breaks are equal).
pub fn exact_key(text: &str) -> u128 {
    let mut h = Xxh3::new();
    for (i, w) in text.split_whitespace().enumerate() {
        if i > 0 {
            h.update(b" ");
        }
        h.update(w.as_bytes());
    }
    h.digest128()
}

/// The MinHash signature of `text` under default [`DedupOptions`] (`None` for a text
/// without words). Distributed engines band and group these themselves; see
/// [`MinHasher::band_keys`].
pub fn minhash_signature(text: &str) -> Option<Signature> {
    DedupOptions::default().hasher().signature(text)
}

/// The LSH band keys of `signature` under `options`: texts sharing a key are candidates.
/// The signature must come from the same options (its length is checked).
pub fn band_keys(signature: &[u32], options: &DedupOptions) -> Result<Vec<u64>> {
    let hasher = options.resolved()?.hasher();
    if signature.len() != hasher.len() {
        return Err(Error::invalid_option(
            "signature",
            format!(
                "has {} values; these options make {}",
                signature.len(),
                hasher.len()
            ),
        ));
    }
    Ok(hasher.band_keys(signature))
}

/// The n-gram length of decontamination by default: 13 words, as in GPT-3's and
/// datatrove's decontamination.
pub const DECONTAMINATION_NGRAM: usize = 13;

/// For each text, whether it shares a word `ngram`-gram ([`DECONTAMINATION_NGRAM`] usually) with any of
/// `eval_texts` (benchmark questions and answers that must not leak into training data).
/// Texts are checked in parallel.
pub fn decontaminate<S: AsRef<str> + Sync, E: AsRef<str>>(
    texts: &[S],
    eval_texts: &[E],
    ngram: usize,
) -> Vec<bool> {
    let d = Decontaminator::new(eval_texts, ngram);
    texts
        .par_iter()
        .map(|t| d.is_contaminated(t.as_ref()))
        .collect()
}

/// For each text, `None` when it is kept or the [`Duplicate`] it is. Earlier texts survive.
pub fn dedup(texts: &[&str], options: &DedupOptions) -> Result<Vec<Option<Duplicate>>> {
    dedup_with_scores(texts, None, options)
}

/// [`dedup`] where each cluster keeps its member with the highest score (quality, say),
/// then the earliest. `scores`, when given, has one value per text.
pub fn dedup_with_scores(
    texts: &[&str],
    scores: Option<&[f32]>,
    options: &DedupOptions,
) -> Result<Vec<Option<Duplicate>>> {
    if let Some(s) = scores {
        if s.len() != texts.len() {
            return Err(Error::invalid_option(
                "scores",
                format!("{} scores for {} texts", s.len(), texts.len()),
            ));
        }
    }
    let o = options.resolved()?;
    let hasher = o.hasher();
    type Facts = (Option<u128>, Option<(Signature, Vec<u64>)>);
    let facts: Vec<Facts> = texts
        .par_iter()
        .map(|t| {
            let key = o.exact.then(|| exact_key(t));
            let sig = if o.near {
                hasher.signature(t).map(|s| {
                    let k = hasher.band_keys(&s);
                    (s, k)
                })
            } else {
                None
            };
            (key, sig)
        })
        .collect();
    let mut index = DedupIndex::new(o.threshold, hasher.bands(), hasher.len());
    for (i, (key, sig)) in facts.iter().enumerate() {
        let score = scores.map_or(0.0, |s| s[i]);
        index.insert(
            *key,
            sig.as_ref().map(|(s, k)| (s.as_slice(), k.as_slice())),
            score,
        );
    }
    Ok(index.resolve())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(seed: usize, words: usize) -> String {
        (0..words)
            .map(|i| {
                let mut n = (i * 7919 + seed * 104_729) % 100_003;
                let mut w = String::from("w");
                while n > 0 {
                    w.push((b'a' + (n % 26) as u8) as char);
                    n /= 26;
                }
                w
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    #[test]
    fn exact_copies_point_to_the_first() {
        let a = "Hello   world,\nthis is a test.";
        let b = "Hello world, this is a test.";
        let c = "Hello world, this is a TEST.";
        let o = DedupOptions {
            near: false,
            ..Default::default()
        };
        let d = dedup(&[a, b, c], &o).unwrap();
        assert_eq!(d[0], None);
        assert_eq!(
            d[1],
            Some(Duplicate {
                of: 0,
                similarity: 1.0,
                exact: true
            })
        );
        assert_eq!(d[2], None);
    }

    #[test]
    fn near_copies_cluster_and_best_score_survives() {
        let base = doc(1, 400);
        let edited = base.replacen("w", "v", 3);
        let other = doc(2, 400);
        let texts = [base.as_str(), other.as_str(), edited.as_str()];
        let d = dedup(&texts, &DedupOptions::default()).unwrap();
        assert_eq!(d[0], None);
        assert_eq!(d[1], None);
        let dup = d[2].unwrap();
        assert_eq!(dup.of, 0);
        assert!(!dup.exact && dup.similarity > 0.9);
        // With scores, the edited copy can be the survivor.
        let d =
            dedup_with_scores(&texts, Some(&[1.0, 0.0, 2.0]), &DedupOptions::default()).unwrap();
        assert_eq!(d[0].unwrap().of, 2);
        assert_eq!(d[2], None);
    }

    #[test]
    fn empty_and_wordless_texts_are_not_near_duplicates() {
        let d = dedup(&["", "...", "!!"], &DedupOptions::default()).unwrap();
        assert!(d.iter().all(Option::is_none));
    }

    #[test]
    fn options_are_checked() {
        let bad = DedupOptions {
            preset: Some("nope".into()),
            ..Default::default()
        };
        assert!(dedup(&["a"], &bad).is_err());
        assert!(dedup_with_scores(&["a"], Some(&[]), &DedupOptions::default()).is_err());
    }
}
