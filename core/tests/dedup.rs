//! Near-duplicate detection on generated pairs of known Jaccard similarity (of their word
//! 5-gram sets): the match rate per similarity bucket is the LSH S-curve. With default
//! options, at least 95% of pairs at Jaccard ≥ 0.9 must match and at most 1% at ≤ 0.5.

use std::collections::HashSet;

use corpusforge::dedup::{dedup, DedupOptions};

/// xorshift64*: a fixed-seed generator, so the pairs are the same on every run.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

/// A word spelled in letters (digits would fold together under simplification).
fn word(rng: &mut Rng) -> String {
    (0..6)
        .map(|_| (b'a' + rng.below(26) as u8) as char)
        .collect()
}

fn shingles(words: &[String]) -> HashSet<Vec<String>> {
    words.windows(5).map(|w| w.to_vec()).collect()
}

/// Pairs whose second text replaces a random share of the first's words.
fn pairs(count: usize, rng: &mut Rng) -> Vec<(Vec<String>, Vec<String>, f64)> {
    (0..count)
        .map(|i| {
            let len = 150 + rng.below(600);
            let a: Vec<String> = (0..len).map(|_| word(rng)).collect();
            let mut b = a.clone();
            // Edit rates spread from 0 to ~12% of words (each edit breaks up to 5 shingles).
            let edits = (len as f64 * (i % 50) as f64 / 400.0) as usize;
            for _ in 0..edits {
                let at = rng.below(len);
                b[at] = word(rng);
            }
            let j = jaccard_exact(&a, &b);
            (a, b, j)
        })
        .collect()
}

fn jaccard_exact(a: &[String], b: &[String]) -> f64 {
    let (sa, sb) = (shingles(a), shingles(b));
    let inter = sa.intersection(&sb).count() as f64;
    inter / (sa.len() as f64 + sb.len() as f64 - inter)
}

#[test]
fn s_curve_meets_the_bars() {
    let mut rng = Rng(0x5EED_1234_ABCD_0001);
    let opts = DedupOptions {
        exact: false,
        ..Default::default()
    };
    let results: Vec<(f64, bool)> = pairs(800, &mut rng)
        .into_iter()
        .map(|(a, b, j)| {
            let (ta, tb) = (a.join(" "), b.join(" "));
            let d = dedup(&[ta.as_str(), tb.as_str()], &opts).unwrap();
            (j, d[1].is_some())
        })
        .collect();
    // Buckets of 0.1 Jaccard: (pairs, matched), printed with --nocapture.
    let mut buckets = [(0usize, 0usize); 10];
    for &(j, matched) in &results {
        let b = &mut buckets[((j * 10.0).floor() as usize).min(9)];
        b.0 += 1;
        b.1 += usize::from(matched);
    }
    for (k, (n, m)) in buckets.iter().enumerate().filter(|(_, b)| b.0 > 0) {
        println!(
            "Jaccard {:.1}-{:.1}: {m}/{n} matched ({:.3})",
            k as f64 / 10.0,
            (k + 1) as f64 / 10.0,
            *m as f64 / *n as f64
        );
    }
    let rate = |keep: &dyn Fn(f64) -> bool| {
        let sel: Vec<bool> = results.iter().filter(|r| keep(r.0)).map(|r| r.1).collect();
        let matched = sel.iter().filter(|&&m| m).count();
        (matched as f64 / sel.len().max(1) as f64, sel.len())
    };
    let (hi_rate, hi) = rate(&|j| j >= 0.9);
    let (lo_rate, lo) = rate(&|j| j <= 0.5);
    println!("J >= 0.9: {hi_rate:.3} of {hi}; J <= 0.5: {lo_rate:.3} of {lo}");
    assert!(
        hi >= 50 && lo >= 100,
        "generated {hi} high and {lo} low pairs"
    );
    assert!(hi_rate >= 0.95, "matched {hi_rate} of pairs at J >= 0.9");
    assert!(lo_rate <= 0.01, "matched {lo_rate} of pairs at J <= 0.5");
}

#[test]
fn a_corpus_with_copies_clusters_them_on_one_survivor() {
    let mut rng = Rng(42);
    let originals: Vec<String> = (0..50)
        .map(|_| {
            (0..300)
                .map(|_| word(&mut rng))
                .collect::<Vec<_>>()
                .join(" ")
        })
        .collect();
    let mut texts = originals.clone();
    // Three near copies of document 7 (a few words changed each) and an exact one of 20.
    for k in 0..3 {
        let mut w: Vec<&str> = originals[7].split(' ').collect();
        w[10 + k * 50] = "changed";
        texts.push(w.join(" "));
    }
    texts.push(originals[20].replace(' ', "\n"));
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let d = dedup(&refs, &DedupOptions::default()).unwrap();
    assert!(d[..50].iter().all(Option::is_none));
    for dup in &d[50..53] {
        assert_eq!(dup.unwrap().of, 7);
    }
    assert!(d[53].unwrap().exact && d[53].unwrap().of == 20);
}
