//! Grouping documents into duplicate clusters: exact content keys and LSH band keys become
//! candidate pairs, verified pairs are joined with union-find, and each cluster keeps one
//! survivor. Only keys, scores and signatures are held; never text. To keep that small,
//! band keys are folded to 32 bits (a rare false candidate is caught by verification),
//! exact keys to 64 bits (a chance collision among a billion documents has odds of about
//! 1 in 40), and signature values to their low 8 bits (not the high ones: a minimum over
//! many shingles is a small number whose high bits are mostly zero): two different values agree
//! by chance 1 time in 256, which verification subtracts from the share of equal values;
//! what remains is far below the estimate's sampling error. Band keys are held in document
//! order, so a document's place gives its id and a band costs 4 bytes: with 1 per
//! signature value and 12 per document, 212 bytes per document with the defaults (20 × 6),
//! 180 with datatrove's 14 × 8.

/// The exact key of a document without one.
const NO_KEY: u64 = u64::MAX;

/// How many members of a shared bucket a document is verified against: the first ones, in
/// insertion order, that came before it (keeps huge buckets linear).
pub const MAX_VERIFY_PER_BUCKET: usize = 8;

/// An exact content key folded to the 64 bits the index keeps.
pub fn fold_exact_key(k: u128) -> u64 {
    ((k ^ (k >> 64)) as u64).min(NO_KEY - 1)
}

/// A band key folded to the 32 bits the index keeps.
pub fn fold_band_key(k: u64) -> u32 {
    (k ^ (k >> 32)) as u32
}

/// A MinHash signature's values reduced to the low 8 bits the index keeps.
pub fn signature_bytes(signature: &[u32]) -> Vec<u8> {
    signature.iter().map(|&v| v as u8).collect()
}

/// Estimated Jaccard similarity of two documents from their 8-bit signatures: the share
/// of equal values, less the 1-in-256 chance that two different hash values share their
/// low byte (E[share] = J + (1 − J)/256, solved for J).
pub fn signature_similarity(a: &[u8], b: &[u8]) -> f64 {
    let share = a.iter().zip(b).filter(|(x, y)| x == y).count() as f64 / a.len().max(1) as f64;
    const CHANCE: f64 = 1.0 / 256.0;
    ((share - CHANCE) / (1.0 - CHANCE)).clamp(0.0, 1.0)
}

/// The duplicate clusters of a corpus, built document by document from small facts.
#[derive(Debug, Default)]
pub struct DedupIndex {
    threshold: f64,
    bands: usize,
    sig_len: usize,
    scores: Vec<f32>,
    /// Per document: its exact content key folded to 64 bits ([`NO_KEY`] without one).
    exact_keys: Vec<u64>,
    /// Band keys folded to 32 bits, `bands` per document in document order (zeros for a
    /// document without a signature; `signed` tells them apart).
    band_keys: Vec<u32>,
    /// One bit per document: whether it has a signature (and so band keys).
    signed: Vec<u64>,
    /// Signatures' low 8 bits, `sig_len` values per document (all `u8::MAX` for documents
    /// without one; they have no band entries, so they are never compared).
    signatures: Vec<u8>,
}

/// Why a document is a duplicate, and of which kept document.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Duplicate {
    /// Index of the kept twin (the cluster's survivor).
    pub of: usize,
    /// Estimated Jaccard similarity to the document that joined it to the cluster (1.0 for
    /// an exact copy).
    pub similarity: f64,
    /// True when the document's content equals the survivor's (after whitespace folding).
    pub exact: bool,
}

impl DedupIndex {
    /// An empty index verifying near-duplicate candidates at `threshold` (estimated
    /// Jaccard) with `bands` band keys per signature of `sig_len` values.
    pub fn new(threshold: f64, bands: usize, sig_len: usize) -> Self {
        DedupIndex {
            threshold,
            bands,
            sig_len,
            ..Default::default()
        }
    }

    /// Number of documents inserted.
    pub fn len(&self) -> usize {
        self.scores.len()
    }

    /// True when nothing was inserted.
    pub fn is_empty(&self) -> bool {
        self.scores.is_empty()
    }

    /// Adds the next document (its index is the number inserted before it): its exact
    /// content key, its MinHash signature and band keys when near dedup is on, and the
    /// score that decides which member of a cluster survives (higher wins, then the
    /// smaller index).
    pub fn insert(
        &mut self,
        exact_key: Option<u128>,
        signature: Option<(&[u32], &[u64])>,
        score: f32,
    ) -> usize {
        let id = self.scores.len() as u32;
        self.scores.push(score);
        let key = exact_key.map_or(NO_KEY, fold_exact_key);
        self.exact_keys.push(key);
        if id.is_multiple_of(64) {
            self.signed.push(0);
        }
        match signature {
            Some((sig, keys)) if sig.len() == self.sig_len && keys.len() >= self.bands => {
                self.signatures.extend(signature_bytes(sig));
                self.band_keys
                    .extend(keys[..self.bands].iter().map(|&k| fold_band_key(k)));
                self.signed[id as usize / 64] |= 1 << (id % 64);
            }
            _ => {
                self.signatures
                    .extend(std::iter::repeat_n(u8::MAX, self.sig_len));
                self.band_keys.extend(std::iter::repeat_n(0, self.bands));
            }
        }
        id as usize
    }

    fn signature(&self, doc: u32) -> &[u8] {
        let start = doc as usize * self.sig_len;
        &self.signatures[start..start + self.sig_len]
    }

    fn similarity(&self, a: u32, b: u32) -> f64 {
        signature_similarity(self.signature(a), self.signature(b))
    }

    /// Per document: the first document with the same exact key (itself when first;
    /// `u32::MAX` without a key).
    fn exact_first(&self) -> Vec<u32> {
        let mut keyed: Vec<(u64, u32)> = self
            .exact_keys
            .iter()
            .enumerate()
            .filter(|(_, &k)| k != NO_KEY)
            .map(|(doc, &k)| (k, doc as u32))
            .collect();
        keyed.sort_unstable();
        let mut first = vec![u32::MAX; self.exact_keys.len()];
        for run in keyed.chunk_by(|a, b| a.0 == b.0) {
            for &(_, doc) in run {
                first[doc as usize] = run[0].1;
            }
        }
        first
    }

    /// Resolves the clusters: for every document, `None` when it is kept, or the duplicate
    /// it is. Deterministic: depends only on what was inserted, in which order.
    pub fn resolve(mut self) -> Vec<Option<Duplicate>> {
        let n = self.scores.len();
        let mut uf = UnionFind::new(n);
        // The similarity by which each document joined its cluster (NaN: not joined).
        let mut joined: Vec<f64> = vec![f64::NAN; n];
        let exact_first = self.exact_first();
        self.exact_keys = Vec::new();
        for (doc, &first) in exact_first.iter().enumerate() {
            if first != u32::MAX && first as usize != doc {
                uf.union(doc as u32, first);
                joined[doc] = 1.0;
            }
        }
        // One band at a time: (key, document) for every signed document, sorted, each run
        // of one key a bucket.
        let band_keys = std::mem::take(&mut self.band_keys);
        let signed = std::mem::take(&mut self.signed);
        let mut entries: Vec<(u32, u32)> = Vec::new();
        for band in 0..self.bands {
            entries.clear();
            entries.extend(
                (0..n as u32)
                    .filter(|&d| signed[d as usize / 64] & (1 << (d % 64)) != 0)
                    .map(|d| (band_keys[d as usize * self.bands + band], d)),
            );
            entries.sort_unstable();
            self.verify_buckets(&entries, &mut uf, &mut joined);
        }
        // The band keys and signatures are the largest part of the index: give their
        // memory back before the survivors and the answer are allocated, so the peak is not
        // all of them at once.
        drop((entries, band_keys, signed));
        self.signatures = Vec::new();
        self.answer(uf, &joined, &exact_first)
    }

    /// Joins the verified pairs of each bucket (a run of `entries`, sorted by key then
    /// document).
    fn verify_buckets(&self, entries: &[(u32, u32)], uf: &mut UnionFind, joined: &mut [f64]) {
        for run in entries.chunk_by(|a, b| a.0 == b.0) {
            for (i, &(_, doc)) in run.iter().enumerate().skip(1) {
                // Every verified pair joins: the clusters are the connected components of
                // (document, one of the bucket's first members before it) pairs at or above
                // the threshold, whatever order the pairs are looked at in (what Spark's
                // `build_dataset` computes across a cluster). A pair already connected
                // needs no verification.
                for &(_, earlier) in run[..i].iter().take(MAX_VERIFY_PER_BUCKET) {
                    if uf.find(doc) == uf.find(earlier) {
                        continue;
                    }
                    let sim = self.similarity(doc, earlier);
                    if sim >= self.threshold {
                        uf.union(doc, earlier);
                        if joined[doc as usize].is_nan() {
                            joined[doc as usize] = sim;
                        }
                    }
                }
            }
        }
    }

    /// Each document's answer from the clusters: kept, or the duplicate of its survivor.
    fn answer(
        &self,
        mut uf: UnionFind,
        joined: &[f64],
        exact_first: &[u32],
    ) -> Vec<Option<Duplicate>> {
        let n = self.scores.len();
        // Survivor per cluster (indexed by its root): highest score, then smallest index.
        let mut survivor: Vec<u32> = vec![u32::MAX; n];
        for doc in 0..n as u32 {
            let root = uf.find(doc) as usize;
            let best = survivor[root];
            if best == u32::MAX {
                survivor[root] = doc;
                continue;
            }
            let (s, b) = (self.scores[doc as usize], self.scores[best as usize]);
            if s > b || (s == b && doc < best) {
                survivor[root] = doc;
            }
        }
        (0..n as u32)
            .map(|doc| {
                let keep = survivor[uf.find(doc) as usize];
                if keep == doc {
                    return None;
                }
                let similarity = [joined[doc as usize], joined[keep as usize]]
                    .into_iter()
                    .find(|s| !s.is_nan())
                    .unwrap_or(1.0);
                let first = exact_first[doc as usize];
                let exact = first != u32::MAX && first == exact_first[keep as usize];
                Some(Duplicate {
                    of: keep as usize,
                    similarity: if exact { 1.0 } else { similarity },
                    exact,
                })
            })
            .collect()
    }
}

/// Disjoint sets with path halving and union by smaller root index (deterministic roots).
struct UnionFind {
    parent: Vec<u32>,
}

impl UnionFind {
    fn new(n: usize) -> Self {
        UnionFind {
            parent: (0..n as u32).collect(),
        }
    }

    fn find(&mut self, mut x: u32) -> u32 {
        while self.parent[x as usize] != x {
            let p = self.parent[x as usize];
            self.parent[x as usize] = self.parent[p as usize];
            x = self.parent[x as usize];
        }
        x
    }

    fn union(&mut self, a: u32, b: u32) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            let (lo, hi) = if ra < rb { (ra, rb) } else { (rb, ra) };
            self.parent[hi as usize] = lo;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clusters_are_the_components_of_all_verified_pairs() {
        // A, B and C share a bucket. B is not close to A, C is close to both: the pair
        // (C, B) joins B's cluster to A's even though (C, A) verified first.
        let len = 100;
        let a: Vec<u32> = (0..len as u32).collect();
        let b: Vec<u32> = (0..len as u32)
            .map(|i| if i < 60 { i } else { 5000 + i })
            .collect();
        let c: Vec<u32> = (0..len as u32)
            .map(|i| if i < 80 { i } else { 5000 + i })
            .collect();
        let keys = [42u64];
        let mut index = DedupIndex::new(0.7, 1, len);
        index.insert(None, Some((&a, &keys)), 1.0);
        index.insert(None, Some((&b, &keys)), 1.0);
        index.insert(None, Some((&c, &keys)), 1.0);
        let sim =
            |x: &[u32], y: &[u32]| signature_similarity(&signature_bytes(x), &signature_bytes(y));
        assert!(sim(&a, &b) < 0.7 && sim(&c, &a) >= 0.7 && sim(&c, &b) >= 0.7);
        let d = index.resolve();
        assert_eq!(d[0], None);
        assert_eq!(d[1].map(|d| d.of), Some(0));
        assert_eq!(d[2].map(|d| d.of), Some(0));
    }

    #[test]
    fn documents_without_signatures_never_join_and_ids_hold_past_64() {
        // 150 documents: every third one unsigned, the signed ones in pairs of copies.
        let len = 16;
        let mut index = DedupIndex::new(0.8, 2, len);
        let mut signed_group = Vec::new();
        for doc in 0..150u32 {
            if doc % 3 == 2 {
                index.insert(None, None, 1.0);
                signed_group.push(None);
                continue;
            }
            let group = doc / 3;
            let sig: Vec<u32> = (0..len as u32).map(|i| group * 1000 + i).collect();
            let keys = [u64::from(group) * 7 + 1, u64::from(group) * 7 + 2];
            index.insert(None, Some((&sig, &keys)), 1.0);
            signed_group.push(Some(group));
        }
        let d = index.resolve();
        for (doc, group) in signed_group.iter().enumerate() {
            match group {
                None => assert_eq!(d[doc], None, "{doc}"),
                Some(g) if doc as u32 == g * 3 => assert_eq!(d[doc], None, "{doc}"),
                Some(g) => assert_eq!(d[doc].map(|x| x.of), Some(*g as usize * 3), "{doc}"),
            }
        }
    }

    #[test]
    fn folding_matches_what_the_index_keeps() {
        assert_eq!(fold_exact_key(u128::MAX), 0);
        assert_eq!(fold_exact_key(1), 1);
        assert_eq!(fold_band_key(0x0000_0001_0000_0002), 3);
        assert_eq!(signature_bytes(&[0x1ff, 2]), vec![0xff, 2]);
        assert_eq!(signature_similarity(&[1, 2, 3], &[1, 2, 3]), 1.0);
        assert_eq!(signature_similarity(&[1, 2], &[3, 4]), 0.0);
    }
}
