//! The scores of `../shared/scoring.py`, for the extraction tests: word tokens are runs of
//! `\w` after NFKC and lower-casing; word F1 over the token multisets; order similarity is
//! one minus the token-level Levenshtein distance over the longer length.

use std::collections::HashMap;

use unicode_normalization::UnicodeNormalization;

/// Python's `\w` tokens of `s` after NFKC and lower-casing.
pub fn tokens(s: &str) -> Vec<String> {
    // Python's `\w` for str: letters, numbers and the underscore (not marks).
    let re = regex::Regex::new(r"[\p{L}\p{N}_]+").expect("regex");
    let norm: String = s.nfkc().collect::<String>().to_lowercase();
    re.find_iter(&norm)
        .map(|m| m.as_str().to_string())
        .collect()
}

/// Word F1 of the two token multisets.
pub fn word_f1(out: &str, truth: &str) -> f64 {
    let count = |t: Vec<String>| {
        let mut m: HashMap<String, usize> = HashMap::new();
        for w in t {
            *m.entry(w).or_default() += 1;
        }
        m
    };
    let (a, b) = (count(tokens(out)), count(tokens(truth)));
    let inter: usize = a
        .iter()
        .map(|(k, v)| (*v).min(*b.get(k).unwrap_or(&0)))
        .sum();
    let (na, nb): (usize, usize) = (a.values().sum(), b.values().sum());
    if na == 0 || nb == 0 || inter == 0 {
        return 0.0;
    }
    let (p, r) = (inter as f64 / na as f64, inter as f64 / nb as f64);
    2.0 * p * r / (p + r)
}

/// One minus the token-level Levenshtein distance over the longer length.
pub fn order_similarity(out: &str, truth: &str) -> f64 {
    let (x, y) = (tokens(out), tokens(truth));
    if x.is_empty() || y.is_empty() {
        return 0.0;
    }
    let mut prev: Vec<usize> = (0..=y.len()).collect();
    for (i, xi) in x.iter().enumerate() {
        let mut cur = vec![i + 1];
        for (j, yj) in y.iter().enumerate() {
            let sub = prev[j] + usize::from(xi != yj);
            cur.push(sub.min(prev[j + 1] + 1).min(cur[j] + 1));
        }
        prev = cur;
    }
    1.0 - prev[y.len()] as f64 / x.len().max(y.len()) as f64
}
