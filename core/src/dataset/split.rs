//! Deterministic train/validation/test splits by document.
//!
//! A document's split depends on its `doc_id` and the seed only: its hash, read as a
//! fraction of 2⁶⁴, falls in the train, validation or test share. So every chunk of a
//! document lands in the same split, and a document stays in its split when the corpus
//! grows (no evaluation document slips into a later version's training set). With
//! stratification, each value of the column gets exactly its shares (rounded): documents
//! of one value are ranked by the same hash and cut at the shares. A temporal split ranks
//! all documents by date (then hash) and cuts the same way: oldest to train, newest to test.

use xxhash_rust::xxh3::xxh3_64_with_seed;

use super::options::Splits;

/// The document's place in `[0, 1)` under `seed`.
pub fn split_fraction(doc_id: &str, seed: u64) -> f64 {
    (xxh3_64_with_seed(doc_id.as_bytes(), seed) >> 11) as f64 / (1u64 << 53) as f64
}

/// Collects documents, then assigns each a split index (0 train, 1 validation, 2 test).
#[derive(Debug, Default)]
pub struct SplitAssigner {
    splits: Splits,
    seed: u64,
    stratified: bool,
    temporal: bool,
    /// Per document: (stratum, fraction).
    docs: Vec<(u32, f64)>,
    /// Per document, with `temporal`: its date key (see [`date_key`]).
    dates: Vec<u64>,
}

/// A date as a number that sorts like the date: its first 14 digits (year, month, day,
/// hours, minutes, seconds), zeros where the date stops; 0 for no date (fewer than four
/// digits).
pub fn date_key(date: &str) -> u64 {
    let digits: Vec<u64> = date
        .bytes()
        .filter(u8::is_ascii_digit)
        .take(14)
        .map(|b| u64::from(b - b'0'))
        .collect();
    if digits.len() < 4 {
        return 0;
    }
    let mut key = digits.iter().fold(0u64, |k, d| k * 10 + d);
    for _ in digits.len()..14 {
        key *= 10;
    }
    key
}

impl SplitAssigner {
    /// An assigner for these shares; `stratified` makes each stratum's shares exact.
    pub fn new(splits: &Splits, seed: u64, stratified: bool) -> Self {
        SplitAssigner {
            splits: splits.clone(),
            seed,
            stratified,
            temporal: false,
            docs: Vec::new(),
            dates: Vec::new(),
        }
    }

    /// An assigner that splits by date: documents ranked by their date key, oldest first.
    pub fn temporal(splits: &Splits, seed: u64) -> Self {
        SplitAssigner {
            temporal: true,
            ..SplitAssigner::new(splits, seed, false)
        }
    }

    /// Adds the next document of a temporal split with its [`date_key`].
    pub fn push_dated(&mut self, doc_id: &str, date_key: u64) {
        self.push(doc_id, 0);
        self.dates.push(date_key);
    }

    /// Adds the next document with its stratum (any number; ignored unless stratified).
    pub fn push(&mut self, doc_id: &str, stratum: u32) {
        self.docs.push((stratum, split_fraction(doc_id, self.seed)));
    }

    /// The split index of every document, in the order they were pushed.
    pub fn assign(&self) -> Vec<u8> {
        let s = &self.splits;
        if !self.stratified && !self.temporal {
            return self
                .docs
                .iter()
                .map(|&(_, u)| {
                    if u < s.train {
                        0
                    } else if u < s.train + s.validation {
                        1
                    } else {
                        2
                    }
                })
                .collect();
        }
        let mut order: Vec<usize> = (0..self.docs.len()).collect();
        let date = |i: usize| self.dates.get(i).copied().unwrap_or(0);
        order.sort_by(|&a, &b| {
            let (sa, ua) = self.docs[a];
            let (sb, ub) = self.docs[b];
            sa.cmp(&sb)
                .then(date(a).cmp(&date(b)))
                .then(ua.total_cmp(&ub))
                .then(a.cmp(&b))
        });
        let mut out = vec![0u8; self.docs.len()];
        for group in order.chunk_by(|&a, &b| self.docs[a].0 == self.docs[b].0) {
            let n = group.len() as f64;
            let train_end = (n * s.train).round() as usize;
            let val_end = (n * (s.train + s.validation)).round() as usize;
            for (rank, &doc) in group.iter().enumerate() {
                out[doc] = if rank < train_end {
                    0
                } else if rank < val_end {
                    1
                } else {
                    2
                };
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn splits(train: f64, validation: f64, test: f64) -> Splits {
        Splits {
            train,
            validation,
            test,
        }
    }

    #[test]
    fn hashed_shares_are_close_and_stable_as_the_corpus_grows() {
        let s = splits(0.8, 0.1, 0.1);
        let mut small = SplitAssigner::new(&s, 7, false);
        let mut big = SplitAssigner::new(&s, 7, false);
        for i in 0..10_000 {
            let id = format!("doc{i}");
            if i < 5_000 {
                small.push(&id, 0);
            }
            big.push(&id, 0);
        }
        let (a, b) = (small.assign(), big.assign());
        assert_eq!(a[..], b[..5_000]);
        let train = b.iter().filter(|&&x| x == 0).count();
        assert!((7_800..8_200).contains(&train), "{train}");
    }

    #[test]
    fn stratified_shares_are_exact_per_stratum() {
        let s = splits(0.5, 0.25, 0.25);
        let mut a = SplitAssigner::new(&s, 1, true);
        for i in 0..40 {
            a.push(&format!("d{i}"), (i % 2) as u32);
        }
        let out = a.assign();
        for stratum in 0..2 {
            let mut counts = [0; 3];
            for (i, &x) in out.iter().enumerate() {
                if i % 2 == stratum {
                    counts[x as usize] += 1;
                }
            }
            assert_eq!(counts, [10, 5, 5]);
        }
    }

    #[test]
    fn temporal_splits_send_the_oldest_to_train_and_the_newest_to_test() {
        let mut a = SplitAssigner::temporal(&splits(0.6, 0.2, 0.2), 1);
        for (i, date) in [
            "2024-05-01",
            "2019-01-01",
            "2023-12-31T23:00",
            "2021-06",
            "2022-01-01",
        ]
        .iter()
        .enumerate()
        {
            a.push_dated(&format!("d{i}"), date_key(date));
        }
        assert_eq!(a.assign(), [2, 0, 1, 0, 0]);
        assert_eq!(date_key("2021-03-04T10:00:00Z"), 20210304100000);
        assert_eq!(date_key("2021"), 20210000000000);
        assert_eq!(date_key("n/a"), 0);
    }

    #[test]
    fn all_train_by_default() {
        let mut a = SplitAssigner::new(&Splits::default(), 42, false);
        for i in 0..100 {
            a.push(&i.to_string(), 0);
        }
        assert!(a.assign().iter().all(|&x| x == 0));
    }
}
