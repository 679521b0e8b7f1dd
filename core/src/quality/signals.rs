//! Every quality signal of a document, computed once: one pass over lines, one split into
//! datatrove words (shared by the Gopher and FineWeb checks), one UAX #29 word pass for the
//! library-wide counts, and n-gram statistics from hashed word n-grams (no strings built).
//!
//! Fractions over characters count Unicode scalar values, as Python's `len` does, so the
//! datatrove presets compare the same numbers datatrove compares.

use std::collections::HashSet;

use foldhash::{HashSet as FastSet, HashSetExt};

use serde::Serialize;
use xxhash_rust::xxh3::xxh3_64;

use super::datatrove_words::{
    count_sentences, count_sentences_of, is_py_space, py_spans, py_spans_classified, span_class,
    RULES,
};
use super::stopwords;

/// Declares the signal struct once, with its names in order, so the report, the record
/// schema and every front end list the same signals.
macro_rules! signals {
    ($($(#[doc = $doc:literal])* $name:ident),* $(,)?) => {
        /// The quality signals of one document, by name. Ratios are in 0..=1 unless named
        /// otherwise; counts are whole numbers stored as `f64`.
        #[derive(Debug, Clone, Default, PartialEq, Serialize)]
        pub struct Signals {
            $($(#[doc = $doc])* pub $name: f64,)*
        }

        impl Signals {
            /// Every signal name, in declaration order.
            pub const NAMES: &'static [&'static str] = &[$(stringify!($name)),*];

            /// `(name, value)` for every signal, in declaration order.
            pub fn iter(&self) -> impl Iterator<Item = (&'static str, f64)> + '_ {
                [$((stringify!($name), self.$name)),*].into_iter()
            }

            /// The value of the signal called `name`.
            pub fn get(&self, name: &str) -> Option<f64> {
                match name {
                    $(stringify!($name) => Some(self.$name),)*
                    _ => None,
                }
            }
        }
    };
}

signals! {
    /// Characters (Unicode scalar values).
    n_chars,
    /// UAX #29 words, as every other stage counts them.
    n_words,
    /// Lines (split at `\n`), empty ones included.
    n_lines,
    /// Paragraphs (separated by blank lines).
    n_paragraphs,
    /// Sentences (corpusforge's splitter).
    n_sentences,
    /// Mean UAX #29 word length in characters.
    mean_word_length,
    /// Distinct words / words (lower-cased UAX #29 words).
    type_token_ratio,
    /// UAX #29 words per sentence.
    mean_sentence_length,
    /// Sentences per paragraph.
    sentences_per_paragraph,
    /// Decimal digits / characters.
    digit_ratio,
    /// Upper-case letters / letters.
    uppercase_ratio,
    /// Whitespace / characters.
    whitespace_ratio,
    /// Characters that are neither alphanumeric nor whitespace / characters.
    non_alnum_ratio,
    /// Characters inside URLs / characters.
    url_ratio,
    /// Lines of at most 30 characters / non-empty lines.
    short_line_ratio,
    /// datatrove words (spaCy tokens, punctuation included).
    dt_words,
    /// datatrove words with a character outside its punctuation set.
    dt_non_symbol_words,
    /// Mean length of those words.
    dt_mean_word_length,
    /// `#` per datatrove word.
    hash_word_ratio,
    /// `...` and `…` per datatrove word.
    ellipsis_word_ratio,
    /// Lines starting with a bullet (`•`, `-`) / lines.
    bullet_lines_ratio,
    /// Lines ending with an ellipsis / lines.
    ellipsis_lines_ratio,
    /// datatrove words with a letter / datatrove words.
    alpha_words_ratio,
    /// Distinct stop words of the language present (Gopher's 8 English words by default).
    stop_words,
    /// Paragraphs that repeat an earlier one / paragraphs.
    dup_para_frac,
    /// Characters in repeated paragraphs / characters.
    dup_para_char_frac,
    /// Lines that repeat an earlier one / lines.
    dup_line_frac,
    /// Characters in repeated lines / characters.
    dup_line_char_frac,
    /// Characters of the most frequent word 2-gram × its count / characters.
    top_2_gram_frac,
    /// Same for 3-grams.
    top_3_gram_frac,
    /// Same for 4-grams.
    top_4_gram_frac,
    /// Characters in repeated word 5-grams / characters.
    dup_5_gram_frac,
    /// Same for 6-grams.
    dup_6_gram_frac,
    /// Same for 7-grams.
    dup_7_gram_frac,
    /// Same for 8-grams.
    dup_8_gram_frac,
    /// Same for 9-grams.
    dup_9_gram_frac,
    /// Same for 10-grams.
    dup_10_gram_frac,
    /// Non-empty lines ending in terminal punctuation / non-empty lines (FineWeb).
    line_punct_ratio,
    /// Characters in repeated non-empty lines / characters other than `\n` (FineWeb).
    char_dup_ratio,
    /// Line breaks per datatrove word (FineWeb's list ratio).
    newline_word_ratio,
    /// Sentences in the lines C4 keeps.
    c4_sentences,
    /// Lines C4 keeps / lines.
    c4_kept_lines_ratio,
    /// Lines mentioning javascript / lines.
    javascript_lines_ratio,
    /// Lines with cookie or terms-of-use phrases / lines.
    policy_lines_ratio,
    /// 1 when "lorem ipsum" appears.
    lorem_ipsum,
    /// 1 when a `{` appears.
    curly_bracket,
    /// Wikipedia-style citation markers (`[1]`, `[edit]`, `[citation needed]`).
    citation_markers,
    /// Flagged words / UAX #29 words (0 without a flagged-word list).
    flagged_words_ratio,
}

/// What the signal computation needs besides the text.
pub(crate) struct SignalInput<'a> {
    /// ISO 639-1 code, for the stop-word list.
    pub language: &'a str,
    /// Lower-case words to count for `flagged_words_ratio`.
    pub flagged_words: &'a HashSet<String>,
    /// C4 options that change which lines are kept (and so the sentence count).
    pub c4: &'a C4Lines,
}

/// The C4 line rules (datatrove's `C4QualityFilter` parameters).
#[derive(Debug, Clone)]
pub(crate) struct C4Lines {
    pub remove_citations: bool,
    pub filter_no_terminal_punct: bool,
    pub min_words_per_line: Option<usize>,
    pub max_word_length: Option<usize>,
    pub filter_javascript: bool,
    pub filter_policy: bool,
    pub filter_lorem_ipsum: bool,
    pub filter_curly_bracket: bool,
    pub min_num_sentences: Option<usize>,
}

impl Default for C4Lines {
    fn default() -> Self {
        C4Lines {
            remove_citations: true,
            filter_no_terminal_punct: true,
            min_words_per_line: Some(3),
            max_word_length: Some(1000),
            filter_javascript: true,
            filter_policy: true,
            filter_lorem_ipsum: true,
            filter_curly_bracket: true,
            min_num_sentences: Some(5),
        }
    }
}

const POLICY_SUBSTRINGS: [&str; 6] = [
    "terms of use",
    "privacy policy",
    "cookie policy",
    "uses cookies",
    "use of cookies",
    "use cookies",
];

/// The outcome of C4's line pass: kept lines, the first document-level drop, counts.
pub(crate) struct C4Outcome {
    /// The kept lines, when asked for.
    pub kept: Vec<String>,
    /// How many lines were kept.
    pub kept_count: usize,
    /// `lorem_ipsum` or `curly_bracket` when a kept line dropped the whole document.
    pub dropped: Option<&'static str>,
    pub sentences: usize,
    pub lines: usize,
    pub javascript: usize,
    pub policy: usize,
    pub citations: usize,
}

/// datatrove's `C4QualityFilter` line loop (split at Python's line boundaries); the kept
/// lines' text is collected only with `keep_text` (the line filter needs it, the signals
/// do not).
///
/// `lines` are `text`'s lines ([`py_splitlines`]). `split`, when given, is `text`'s
/// datatrove words and whitespace spans (from [`word_pass`]): lines count their
/// spans from it, and those whose text C4 does not change count their sentences from the
/// words instead of splitting again.
pub(crate) fn c4_lines(
    text: &str,
    lines: &[&str],
    o: &C4Lines,
    keep_text: bool,
    split: Option<(&[&str], &[&str])>,
) -> C4Outcome {
    let words = split.map(|(w, _)| w);
    let base = text.as_ptr() as usize;
    let offset = |s: &str| s.as_ptr() as usize - base;
    let mut out = C4Outcome {
        kept: Vec::new(),
        kept_count: 0,
        dropped: None,
        sentences: 0,
        lines: 0,
        javascript: 0,
        policy: 0,
        citations: 0,
    };
    for &raw in lines {
        out.lines += 1;
        let stripped = raw.trim_matches(is_py_space);
        let (mut n_words, mut too_long) = (0usize, false);
        let mut count = |w: &str| {
            n_words += 1;
            if let Some(max) = o.max_word_length {
                too_long |= w.len() > max && w.chars().count() > max;
            }
        };
        match split {
            // Spans never cross a line break (every break is Python whitespace).
            Some((_, spans)) => {
                let (a, b) = (offset(raw), offset(raw) + raw.len());
                let from = spans.partition_point(|w| offset(w) < a);
                let to = spans.partition_point(|w| offset(w) < b);
                spans[from..to].iter().for_each(|w| count(w));
            }
            None => py_spans(stripped).for_each(count),
        }
        if too_long {
            continue;
        }
        let (line, n_cites) = if o.remove_citations {
            remove_citations(stripped)
        } else {
            (std::borrow::Cow::Borrowed(stripped), 0)
        };
        out.citations += n_cites;
        if o.filter_no_terminal_punct
            && (!line.ends_with(['.', '?', '!', '"', '\'']) || line.ends_with("..."))
        {
            continue;
        }
        if o.min_words_per_line.is_some_and(|m| n_words < m) {
            continue;
        }
        let found = phrases_in(&line);
        if o.filter_lorem_ipsum && found & LOREM != 0 {
            out.dropped.get_or_insert("lorem_ipsum");
            break;
        }
        if o.filter_javascript && found & JAVASCRIPT != 0 {
            out.javascript += 1;
            continue;
        }
        if o.filter_curly_bracket && line.contains('{') {
            out.dropped.get_or_insert("curly_bracket");
            break;
        }
        if o.filter_policy && found & POLICY != 0 {
            out.policy += 1;
            continue;
        }
        if o.min_num_sentences.is_some() {
            out.sentences += match (&line, words) {
                (std::borrow::Cow::Borrowed(l), Some(words)) => {
                    let (a, b) = (offset(l), offset(l) + l.len());
                    let from = words.partition_point(|w| offset(w) < a);
                    let to = words.partition_point(|w| offset(w) < b);
                    count_sentences_of(l, &words[from..to])
                }
                _ => count_sentences(&line),
            };
        }
        out.kept_count += 1;
        if keep_text {
            out.kept.push(line.into_owned());
        }
    }
    out
}

/// Bits of [`phrases_in`]: C4's lorem ipsum, javascript and policy phrases.
const LOREM: u8 = 1;
const JAVASCRIPT: u8 = 2;
const POLICY: u8 = 4;

/// Whether a line of `text` holds "lorem ipsum" in any case (the phrase holds no line
/// break, so a line holds it exactly when the text does). An ASCII case-insensitive search
/// of the bytes is exact for any text: no other character lower-cases to one of the
/// phrase's letters followed by the next (`İ` becomes `i` and a combining dot).
fn has_lorem_ipsum(text: &str) -> bool {
    static LOREM_IPSUM: std::sync::LazyLock<aho_corasick::AhoCorasick> =
        std::sync::LazyLock::new(|| {
            aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(["lorem ipsum"])
                .expect("fixed phrase")
        });
    LOREM_IPSUM.is_match(text)
}

/// Which of C4's phrases Python's `line.lower()` contains, found in one pass: an ASCII
/// case-insensitive search for ASCII lines, `to_lowercase` first for the rest.
fn phrases_in(line: &str) -> u8 {
    static PHRASES: std::sync::LazyLock<aho_corasick::AhoCorasick> =
        std::sync::LazyLock::new(|| {
            let all = ["lorem ipsum", "javascript"]
                .into_iter()
                .chain(POLICY_SUBSTRINGS);
            aho_corasick::AhoCorasick::builder()
                .ascii_case_insensitive(true)
                .build(all)
                .expect("fixed phrases")
        });
    let bit = |m: aho_corasick::Match| match m.pattern().as_usize() {
        0 => LOREM,
        1 => JAVASCRIPT,
        _ => POLICY,
    };
    let search = |h: &str| {
        PHRASES
            .find_overlapping_iter(h)
            .map(bit)
            .fold(0, |a, b| a | b)
    };
    if line.is_ascii() {
        search(line)
    } else {
        search(&line.to_lowercase())
    }
}

/// Removes `[digits]`, `[edit]` and `[citation needed]` (C4's citation pattern).
fn remove_citations(line: &str) -> (std::borrow::Cow<'_, str>, usize) {
    if !line.contains('[') {
        return (std::borrow::Cow::Borrowed(line), 0);
    }
    let mut out = String::with_capacity(line.len());
    let mut count = 0;
    let mut rest = line;
    while let Some(i) = rest.find('[') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let len = if after[digits..].starts_with(']') {
            Some(digits + 1)
        } else if after.starts_with("edit]") {
            Some(5)
        } else if after.starts_with("citation needed]") {
            Some(16)
        } else {
            None
        };
        match len {
            Some(l) => {
                count += 1;
                rest = &after[l..];
            }
            None => {
                out.push('[');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    (std::borrow::Cow::Owned(out), count)
}

/// Python's `str.splitlines()`: lines without their terminators, no empty last line.
///
/// Most texts break lines only with `\n` and `\r`, found with memchr; a text holding one
/// of the rare breaks (VT, FF, FS, GS, RS, U+0085, U+2028, U+2029) takes a byte scan.
pub(crate) fn py_splitlines(text: &str) -> Vec<&str> {
    let b = text.as_bytes();
    if has_rare_line_breaks(b) {
        return py_splitlines_all(text);
    }
    let mut out = Vec::new();
    let mut start = 0;
    while let Some(at) = memchr::memchr2(b'\n', b'\r', &b[start..]) {
        let at = start + at;
        out.push(&text[start..at]);
        start = at + 1 + usize::from(b[at] == b'\r' && b.get(at + 1) == Some(&b'\n'));
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// Whether `b` holds a line break of Python's other than `\n` and `\r`: a branch-free
/// pass over the bytes for the ASCII ones, memmem for the three non-ASCII ones.
fn has_rare_line_breaks(b: &[u8]) -> bool {
    let ascii = b.chunks(4096).any(|c| {
        c.iter().fold(false, |acc, &x| {
            acc | (x.wrapping_sub(0x0b) < 2) | (x.wrapping_sub(0x1c) < 3)
        })
    });
    ascii
        || ["\u{85}", "\u{2028}", "\u{2029}"]
            .iter()
            .any(|brk| memchr::memmem::find(b, brk.as_bytes()).is_some())
}

/// [`py_splitlines`] by a byte scan that knows every break: the ASCII ones directly, the
/// three non-ASCII ones (U+0085, U+2028, U+2029) by their UTF-8 lead bytes.
fn py_splitlines_all(text: &str) -> Vec<&str> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let (mut start, mut i) = (0, 0);
    while i < b.len() {
        let brk = match b[i] {
            b'\n' | 0x0b | 0x0c | 0x1c..=0x1e => 1,
            b'\r' => {
                if b.get(i + 1) == Some(&b'\n') {
                    2
                } else {
                    1
                }
            }
            0xC2 if b.get(i + 1) == Some(&0x85) => 2,
            0xE2 if b.get(i + 1) == Some(&0x80) && matches!(b.get(i + 2), Some(0xA8 | 0xA9)) => 3,
            _ => 0,
        };
        if brk > 0 {
            out.push(&text[start..i]);
            i += brk;
            start = i;
        } else {
            i += 1;
        }
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

/// Python's `len`: characters.
fn clen(s: &str) -> usize {
    if s.is_ascii() {
        s.len()
    } else {
        s.chars().count()
    }
}

/// A hash of the lower-cased word (`str::to_lowercase`), without allocating: ASCII words
/// are hashed as they are, others lower-cased into a buffer on the stack (a word with `Σ`,
/// whose lower case depends on its place in the word, or too long for the buffer goes
/// through `to_lowercase`).
fn lower_hash(w: &str) -> u64 {
    if w.is_ascii() {
        return ascii_lower_hash(w.as_bytes());
    }
    let mut buf = [0u8; 128];
    let mut n = 0;
    for c in w.chars() {
        if c == 'Σ' || n + 12 > buf.len() {
            return hash_lowered(w.to_lowercase().as_bytes());
        }
        for l in c.to_lowercase() {
            n += l.encode_utf8(&mut buf[n..]).len();
        }
    }
    hash_lowered(&buf[..n])
}

/// The hash of a lower-cased word: ASCII ones (`K`, the Kelvin sign, lower-cases to an
/// ASCII `k`) as [`ascii_lower_hash`] hashes them, so they meet their ASCII spellings.
fn hash_lowered(lower: &[u8]) -> u64 {
    if lower.is_ascii() {
        ascii_lower_hash(lower)
    } else {
        xxh3_64(lower)
    }
}

/// A hash of an ASCII word of [`crate::segment::words`] lower-cased, eight bytes at a time:
/// setting bit 5 of every byte lower-cases the letters and maps the word's other bytes
/// (digits, `_ . , : ; '`) one to one, so equal hashes mean equal lower-case words (up to
/// 64-bit collisions).
fn ascii_lower_hash(b: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let fold = |h: u64, x: u64| {
        let p = u128::from(h ^ x) * u128::from(K);
        (p as u64) ^ ((p >> 64) as u64)
    };
    let mut h = (b.len() as u64).wrapping_mul(K) ^ 0x2D35_8DCC_AA6C_78A5;
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let mut x = [0u8; 8];
        x.copy_from_slice(c);
        h = fold(h, u64::from_le_bytes(x) | 0x2020_2020_2020_2020);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut x = [0u8; 8];
        for (d, &s) in x.iter_mut().zip(rest) {
            *d = s | 0x20;
        }
        h = fold(h, u64::from_le_bytes(x));
    }
    fold(h, K)
}

/// datatrove's `find_duplicates`: (repeated elements, characters in them).
fn find_duplicates<'a>(items: impl Iterator<Item = &'a str>) -> (usize, usize) {
    let mut seen = FastSet::with_capacity(items.size_hint().0);
    let (mut n, mut chars) = (0, 0);
    for it in items {
        if !seen.insert(it) {
            n += 1;
            chars += clen(it);
        }
    }
    (n, chars)
}

/// An open-addressing table keyed by n-gram hashes (already mixed, so not hashed again):
/// slot = (key, count, first position).
struct GramTable {
    slots: Vec<(u64, u32, u32)>,
    mask: usize,
}

impl GramTable {
    fn new(items: usize) -> Self {
        let cap = (items * 2).next_power_of_two().max(16);
        GramTable {
            slots: vec![(0, 0, 0); cap],
            mask: cap - 1,
        }
    }

    /// The index of `key`'s slot (0 is the empty marker, so a key of 0 is stored as 1).
    fn find(&mut self, key: u64) -> usize {
        let key = key.max(1);
        let mut i = (key as usize) & self.mask;
        loop {
            let k = self.slots[i].0;
            if k == key || k == 0 {
                self.slots[i].0 = key;
                return i;
            }
            i = (i + 1) & self.mask;
        }
    }
}

/// An open-addressing set of hashes (already mixed, so not hashed again), a word a slot of
/// eight bytes: the distinct words of a long document stay in cache better than in a
/// [`GramTable`] of sixteen-byte slots.
struct HashSet64 {
    slots: Vec<u64>,
    mask: usize,
    len: usize,
}

impl HashSet64 {
    /// A set sized for `items` keys; it doubles when half full.
    fn new(items: usize) -> Self {
        let cap = (items * 2).next_power_of_two().max(16);
        HashSet64 {
            slots: vec![0; cap],
            mask: cap - 1,
            len: 0,
        }
    }

    /// Adds `key`; true when it was not there (0 is the empty marker: a key of 0 is 1).
    fn insert(&mut self, key: u64) -> bool {
        if self.len * 2 >= self.slots.len() {
            let old = std::mem::replace(self, HashSet64::new(self.slots.len()));
            for k in old.slots.into_iter().filter(|&k| k != 0) {
                self.insert(k);
            }
        }
        let key = key.max(1);
        let mut i = (key as usize) & self.mask;
        loop {
            match self.slots[i] {
                0 => {
                    self.slots[i] = key;
                    self.len += 1;
                    return true;
                }
                k if k == key => return false,
                _ => i = (i + 1) & self.mask,
            }
        }
    }
}

/// One step of an n-gram hash: the (n-1)-gram's hash extended by the next word's (an
/// ordered combination), so every level costs one step per position.
fn gram_step(h: u64, x: u64) -> u64 {
    (h.rotate_left(23) ^ x).wrapping_mul(0x0100_0000_01B3)
}

/// The word n-gram repetition of datatrove's Gopher filter, from the words' hashes and
/// character counts: `top[n - 2]` is `find_top_duplicate` for n = 2..=4 (characters of the
/// most frequent n-gram joined with spaces, times its count, the first seen among equals)
/// and `dup[n - 5]` is `find_all_duplicate` for n = 5..=10 (characters of repeated n-grams
/// joined without spaces, skipping past each repeat).
///
/// An n-gram can only repeat where both (n-1)-grams in it repeat, so each level hashes and
/// looks up only the positions `p` whose (n-1)-grams at `p` and `p + 1` repeat: in prose,
/// few past the 3-grams. The others hold n-grams seen once, which never count as repeats.
/// Once a level has no repeat, no longer one has and the rest stay 0.
fn ngram_repetition(words: &[u64], word_chars: &[usize]) -> ([usize; 3], [usize; 6]) {
    const SEED: u64 = 0x9E37_79B9_7F4A_7C15;
    let (mut top, mut dup) = ([0; 3], [0; 6]);
    // Positions still in play (ascending) and the hash of the n-gram starting there.
    let mut pos: Vec<u32> = (0..words.len() as u32).collect();
    let mut hash: Vec<u64> = words.iter().map(|&w| gram_step(SEED, w)).collect();
    let mut slot_of: Vec<u32> = Vec::new();
    let mut repeats: Vec<bool> = Vec::new();
    // `level[p]`: the last level at which the n-gram starting at `p` repeated.
    let mut level = vec![0u8; words.len() + 1];
    for n in 2..=10 {
        if words.len() < n {
            break;
        }
        let m = words.len() - n + 1;
        let mut k = 0;
        for j in 0..pos.len() {
            let p = pos[j] as usize;
            // A repeated n-gram's two (n-1)-grams, at `p` and `p + 1`, repeat too.
            if p < m && (n == 2 || usize::from(level[p + 1]) == n - 1) {
                pos[k] = pos[j];
                hash[k] = gram_step(hash[j], words[p + n - 1]);
                k += 1;
            }
        }
        pos.truncate(k);
        hash.truncate(k);
        let mut table = GramTable::new(k);
        slot_of.clear();
        repeats.clear();
        repeats.resize(k, false);
        // The most frequent n-gram so far: (count, its first index in `pos`).
        let mut best = (1u32, 0u32);
        for (j, &h) in hash.iter().enumerate() {
            let s = table.find(h);
            let slot = &mut table.slots[s];
            if slot.1 == 0 {
                slot.2 = j as u32;
            } else {
                repeats[j] = true;
                repeats[slot.2 as usize] = true;
            }
            slot.1 += 1;
            let (count, first) = (slot.1, slot.2);
            if count > best.0 || (count == best.0 && count > 1 && first < best.1) {
                best = (count, first);
            }
            slot_of.push(s as u32);
        }
        if n <= 4 {
            // Without a repeat, the first n-gram (seen once) is the most frequent.
            let (count, first) = if best.0 > 1 {
                (best.0, pos[best.1 as usize] as usize)
            } else {
                (1, 0)
            };
            let chars = word_chars[first..first + n].iter().sum::<usize>() + n - 1;
            top[n - 2] = count as usize * chars;
        } else {
            // datatrove's walk: a repeat adds its characters and skips past itself; the
            // positions out of play in between hold n-grams seen once.
            let mut seen = vec![false; table.slots.len()];
            let (mut repeated, mut i) = (0, 0);
            for (&p, &s) in pos.iter().zip(&slot_of) {
                let p = p as usize;
                if p < i {
                    continue;
                }
                if seen[s as usize] {
                    repeated += word_chars[p..p + n].iter().sum::<usize>();
                    i = p + n;
                } else {
                    seen[s as usize] = true;
                    i = p + 1;
                }
            }
            dup[n - 5] = repeated;
            if repeated == 0 {
                break;
            }
        }
        let mut k = 0;
        for j in 0..pos.len() {
            if repeats[j] {
                level[pos[j] as usize] = n as u8;
                pos[k] = pos[j];
                hash[k] = hash[j];
                k += 1;
            }
        }
        pos.truncate(k);
        hash.truncate(k);
    }
    (top, dup)
}

/// Character classes of [`char_classes`]: letters (not upper-case), upper-case letters,
/// numeric characters, whitespace, everything else.
const LOWER: usize = 0;
const UPPER: usize = 1;
const DIGIT: usize = 2;
const SPACE: usize = 3;
const OTHER: usize = 4;

/// The class of each ASCII byte, as [`class_of`] gives it: the reference
/// [`ascii_classes`] is tested against.
#[cfg(test)]
const ASCII_CLASS: [u8; 128] = {
    let mut t = [OTHER as u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_uppercase() {
            UPPER as u8
        } else if c.is_ascii_lowercase() {
            LOWER as u8
        } else if c.is_ascii_digit() {
            DIGIT as u8
        } else if matches!(c, b' ' | b'\t' | b'\n' | 0x0b | 0x0c | b'\r') {
            SPACE as u8
        } else {
            OTHER as u8
        };
        b += 1;
    }
    t
};

fn class_of(c: char) -> usize {
    if c.is_alphabetic() {
        if c.is_uppercase() {
            UPPER
        } else {
            LOWER
        }
    } else if c.is_numeric() {
        DIGIT
    } else if c.is_whitespace() {
        SPACE
    } else {
        OTHER
    }
}

/// How many characters of `text` fall in each class: ASCII runs counted in blocks the
/// compiler vectorises, only the other characters decoded.
fn char_classes(text: &str) -> [usize; 5] {
    let mut n = [0usize; 5];
    let mut rest = text;
    while !rest.is_empty() {
        let ascii = rest.bytes().position(|b| b >= 0x80).unwrap_or(rest.len());
        ascii_classes(&rest.as_bytes()[..ascii], &mut n);
        rest = &rest[ascii..];
        if let Some(c) = rest.chars().next() {
            n[class_of(c)] += 1;
            rest = &rest[c.len_utf8()..];
        }
    }
    n
}

/// Adds the classes of ASCII `bytes` to `n` (as [`class_of`] gives them), counting 255-byte
/// blocks in byte-wide lanes.
fn ascii_classes(bytes: &[u8], n: &mut [usize; 5]) {
    for block in bytes.chunks(255) {
        let (mut upper, mut lower, mut digit, mut space) = (0u8, 0u8, 0u8, 0u8);
        for &b in block {
            upper += u8::from(b.wrapping_sub(b'A') < 26);
            lower += u8::from(b.wrapping_sub(b'a') < 26);
            digit += u8::from(b.wrapping_sub(b'0') < 10);
            space += u8::from(b == b' ' || b.wrapping_sub(b'\t') < 5);
        }
        let classed = usize::from(upper) + usize::from(lower) + usize::from(digit);
        n[UPPER] += usize::from(upper);
        n[LOWER] += usize::from(lower);
        n[DIGIT] += usize::from(digit);
        n[SPACE] += usize::from(space);
        n[OTHER] += block.len() - classed - usize::from(space);
    }
}

fn ratio(a: usize, b: usize) -> f64 {
    if b == 0 {
        0.0
    } else {
        a as f64 / b as f64
    }
}

/// What [`word_pass`] counts.
struct WordPass<'a> {
    /// datatrove's words and the whitespace-separated spans they come from.
    dt: Vec<&'a str>,
    spans: Vec<&'a str>,
    /// Per datatrove word: its hash and its characters (for the n-gram statistics).
    dt_hashes: Vec<u64>,
    dt_chars: Vec<usize>,
    /// datatrove words with a character outside `PUNCTUATION_SET`, their characters, and
    /// those with a letter.
    non_symbol: usize,
    non_symbol_chars: usize,
    alpha: usize,
    /// Distinct stop words among the datatrove words.
    stop_words: usize,
    /// UAX #29 words: how many, their characters, the distinct lower-case ones and the
    /// flagged ones.
    words: usize,
    word_chars: usize,
    distinct: usize,
    flagged: usize,
}

/// Both word splits of `text` and every per-word count, from one pass over its
/// whitespace-separated spans (Python's `str.split()`). No UAX #29 rule joins across
/// whitespace, so a span's library words are the text's words there. Most spans are an
/// ASCII word of letters and digits that spaCy keeps whole: that is one word of both
/// kinds, counted from its bytes without either tokenizer.
fn word_pass<'a>(text: &'a str, input: &SignalInput) -> WordPass<'a> {
    let rules = &*RULES;
    let guess = text.len() / 5 + 1;
    let (mut dt, mut spans) = (Vec::with_capacity(guess), Vec::with_capacity(guess));
    let (mut dt_hashes, mut dt_chars) = (Vec::with_capacity(guess), Vec::with_capacity(guess));
    let (mut non_symbol, mut non_symbol_chars, mut alpha) = (0, 0, 0);
    let mut stop = stopwords::StopWordCounter::new(stopwords::for_language(input.language));
    let (mut words, mut word_chars, mut n_distinct, mut flagged) = (0, 0, 0, 0);
    let mut distinct = HashSet64::new(guess / 2);
    let flagging = !input.flagged_words.is_empty();
    let mut flag = |w: &str| {
        if flagging && input.flagged_words.contains(&w.to_lowercase()) {
            flagged += 1;
        }
    };
    for (span, class) in py_spans_classified(text) {
        spans.push(span);
        if rules.is_whole_plain_word(span, class) {
            let b = span.as_bytes();
            dt.push(span);
            dt_hashes.push(xxh3_64(b));
            dt_chars.push(b.len());
            non_symbol += 1;
            non_symbol_chars += b.len();
            alpha += usize::from(class & span_class::ALPHA != 0);
            stop.feed(span);
            words += 1;
            word_chars += b.len();
            n_distinct += usize::from(distinct.insert(ascii_lower_hash(b)));
            flag(span);
            continue;
        }
        let first = dt.len();
        rules.tokenize_span(span, &mut dt);
        for w in &dt[first..] {
            let (n, symbol_only, has_alpha) = if w.is_ascii() {
                let b = w.as_bytes();
                (
                    b.len(),
                    rules.punctuation.contains_all_ascii(b),
                    b.iter().any(u8::is_ascii_alphabetic),
                )
            } else {
                (
                    w.chars().count(),
                    w.chars().all(|c| rules.punctuation.contains(c)),
                    w.chars().any(char::is_alphabetic),
                )
            };
            if !symbol_only {
                non_symbol += 1;
                non_symbol_chars += n;
            }
            alpha += usize::from(has_alpha);
            stop.feed(w);
            dt_chars.push(n);
            dt_hashes.push(xxh3_64(w.as_bytes()));
        }
        for w in crate::segment::words(span) {
            words += 1;
            word_chars += clen(w);
            n_distinct += usize::from(distinct.insert(lower_hash(w)));
            flag(w);
        }
    }
    WordPass {
        dt,
        spans,
        dt_hashes,
        dt_chars,
        non_symbol,
        non_symbol_chars,
        alpha,
        stop_words: stop.distinct(),
        words,
        word_chars,
        distinct: n_distinct,
        flagged,
    }
}

/// Computes every signal of `text`.
pub(crate) fn compute(text: &str, input: &SignalInput) -> (Signals, C4Outcome) {
    let mut s = Signals::default();
    let n_chars = clen(text);
    s.n_chars = n_chars as f64;

    // Characters.
    let n = char_classes(text);
    let letters = n[LOWER] + n[UPPER];
    s.digit_ratio = ratio(n[DIGIT], n_chars);
    s.uppercase_ratio = ratio(n[UPPER], letters);
    s.whitespace_ratio = ratio(n[SPACE], n_chars);
    s.non_alnum_ratio = ratio(n[OTHER], n_chars);
    s.url_ratio = ratio(url_chars(text), n_chars);
    s.curly_bracket = f64::from(u8::from(text.contains('{')));
    s.lorem_ipsum = f64::from(u8::from(has_lorem_ipsum(text)));

    // Words of both kinds, from one pass over the whitespace-separated spans.
    let w = word_pass(text, input);
    let (dt, spans) = (&w.dt, &w.spans);
    s.n_words = w.words as f64;
    s.mean_word_length = ratio(w.word_chars, w.words);
    s.type_token_ratio = ratio(w.distinct, w.words);
    if !input.flagged_words.is_empty() {
        s.flagged_words_ratio = ratio(w.flagged, w.words);
    }
    let n_sentences = crate::segment::split_sentences(text, &Default::default()).len();
    let n_paragraphs = crate::segment::split_paragraphs(text).len();
    s.n_sentences = n_sentences as f64;
    s.n_paragraphs = n_paragraphs as f64;
    s.mean_sentence_length = ratio(w.words, n_sentences);
    s.sentences_per_paragraph = ratio(n_sentences, n_paragraphs);

    // datatrove words: Gopher quality, repetition n-grams, FineWeb's list ratio.
    let rules = &*RULES;
    s.dt_words = dt.len() as f64;
    let (non_symbol, non_symbol_chars, alpha) = (w.non_symbol, w.non_symbol_chars, w.alpha);
    s.dt_non_symbol_words = non_symbol as f64;
    s.dt_mean_word_length = ratio(non_symbol_chars, non_symbol);
    s.alpha_words_ratio = ratio(alpha, dt.len());
    s.hash_word_ratio = ratio(memchr::memchr_iter(b'#', text.as_bytes()).count(), dt.len());
    // memmem counts non-overlapping matches, as Python's `str.count` does.
    let count = |needle: &str| memchr::memmem::find_iter(text.as_bytes(), needle).count();
    s.ellipsis_word_ratio = ratio(count("...") + count("…"), dt.len());
    s.stop_words = w.stop_words as f64;

    // Lines (Python's splitlines) for Gopher's bullet and ellipsis checks.
    let lines = py_splitlines(text);
    let bullets = lines
        .iter()
        .filter(|l| {
            let t = l.trim_start_matches(is_py_space);
            t.starts_with('•') || t.starts_with('-')
        })
        .count();
    let ellipsis_ends = lines
        .iter()
        .filter(|l| {
            let t = l.trim_end_matches(is_py_space);
            t.ends_with("...") || t.ends_with('…')
        })
        .count();
    s.bullet_lines_ratio = ratio(bullets, lines.len());
    s.ellipsis_lines_ratio = ratio(ellipsis_ends, lines.len());

    // Repetition: paragraphs (split at 2+ newlines of the stripped text), lines (1+).
    let paras: Vec<&str> = split_newline_runs(text.trim_matches(is_py_space), 2);
    let (dp, dpc) = find_duplicates(paras.iter().copied());
    s.dup_para_frac = ratio(dp, paras.len());
    s.dup_para_char_frac = ratio(dpc, n_chars);
    let rep_lines: Vec<&str> = split_newline_runs(text, 1);
    let (dl, dlc) = find_duplicates(rep_lines.iter().copied());
    s.dup_line_frac = ratio(dl, rep_lines.len());
    s.dup_line_char_frac = ratio(dlc, n_chars);
    let (top, dup) = ngram_repetition(&w.dt_hashes, &w.dt_chars);
    s.top_2_gram_frac = ratio(top[0], n_chars);
    s.top_3_gram_frac = ratio(top[1], n_chars);
    s.top_4_gram_frac = ratio(top[2], n_chars);
    s.dup_5_gram_frac = ratio(dup[0], n_chars);
    s.dup_6_gram_frac = ratio(dup[1], n_chars);
    s.dup_7_gram_frac = ratio(dup[2], n_chars);
    s.dup_8_gram_frac = ratio(dup[3], n_chars);
    s.dup_9_gram_frac = ratio(dup[4], n_chars);
    s.dup_10_gram_frac = ratio(dup[5], n_chars);

    // FineWeb: non-empty lines split at `\n`.
    let fw_lines: Vec<&str> = split_at_newlines(text)
        .filter(|l| !l.trim_matches(is_py_space).is_empty())
        .collect();
    let newlines = memchr::memchr_iter(b'\n', text.as_bytes()).count();
    s.n_lines = (newlines + 1) as f64;
    let punct_ends = fw_lines
        .iter()
        .filter(|l| {
            l.chars()
                .next_back()
                .is_some_and(|c| rules.terminal.contains(c))
        })
        .count();
    s.line_punct_ratio = ratio(punct_ends, fw_lines.len());
    let short = fw_lines.iter().filter(|l| clen(l) <= 30).count();
    s.short_line_ratio = ratio(short, fw_lines.len());
    let (_, dup_chars) = find_duplicates(fw_lines.iter().copied());
    s.char_dup_ratio = ratio(dup_chars, n_chars - newlines);
    s.newline_word_ratio = ratio(newlines, dt.len());

    // C4's line pass.
    let c4 = c4_lines(text, &lines, input.c4, false, Some((dt, spans)));
    s.c4_sentences = c4.sentences as f64;
    s.c4_kept_lines_ratio = ratio(c4.kept_count, c4.lines);
    s.javascript_lines_ratio = ratio(c4.javascript, c4.lines);
    s.policy_lines_ratio = ratio(c4.policy, c4.lines);
    s.citation_markers = c4.citations as f64;
    (s, c4)
}

/// `text.split('\n')`, finding the breaks with memchr.
fn split_at_newlines(text: &str) -> impl Iterator<Item = &str> {
    let mut start = 0;
    memchr::memchr_iter(b'\n', text.as_bytes())
        .chain(std::iter::once(text.len()))
        .map(move |end| {
            let line = &text[start..end];
            start = end + 1;
            line
        })
}

/// Splits at runs of at least `min` newlines (`re.split("\n{min,}")`), finding each
/// newline with memchr.
fn split_newline_runs(text: &str, min: usize) -> Vec<&str> {
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let (mut start, mut i) = (0, 0);
    while let Some(at) = memchr::memchr(b'\n', &bytes[i..]) {
        let at = i + at;
        let run = bytes[at..].iter().take_while(|&&b| b == b'\n').count();
        if run >= min {
            out.push(&text[start..at]);
            start = at + run;
        }
        i = at + run;
    }
    out.push(&text[start..]);
    out
}

/// Characters inside `http(s)://` and `www.` URLs.
fn url_chars(text: &str) -> usize {
    static URL: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
        regex::Regex::new(r#"(?:https?://|\bwww\.)[^\s<>"()\[\]]+"#).expect("valid")
    });
    if !text.contains("://") && !text.contains("www.") {
        return 0;
    }
    URL.find_iter(text).map(|m| clen(m.as_str())).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ascii_classes_agree_with_char_properties() {
        let all: String = (0u8..128).map(char::from).collect::<String>() + "Éé٣ \u{2003}中!";
        let mut by_char = [0usize; 5];
        for c in all.chars() {
            by_char[class_of(c)] += 1;
        }
        assert_eq!(char_classes(&all), by_char);
    }

    #[test]
    fn lorem_ipsum_in_any_case() {
        assert!(has_lorem_ipsum("x\nLorem Ipsum dolor"));
        assert!(has_lorem_ipsum("lorem ipsum"));
        assert!(has_lorem_ipsum("Ünïcode then LOREM IPSUM"));
        assert!(!has_lorem_ipsum("lorem\nipsum, a pipsum of lorem-ipsum"));
        assert_eq!(
            phrases_in("Our Privacy Policy and JavaScript"),
            POLICY | JAVASCRIPT
        );
    }

    #[test]
    fn splitlines_like_python() {
        assert_eq!(py_splitlines("a\nb\r\nc\rd\n"), ["a", "b", "c", "d"]);
        assert_eq!(py_splitlines("a\n\nb"), ["a", "", "b"]);
        assert!(py_splitlines("").is_empty());
        assert_eq!(
            py_splitlines("a\u{85}b\u{2028}c\u{2029}d\u{1c}e\u{b}f\u{a0}g"),
            ["a", "b", "c", "d", "e", "f\u{a0}g"]
        );
    }

    #[test]
    fn newline_runs_like_re_split() {
        assert_eq!(
            split_newline_runs("a\n\nb\n\n\nc\nd", 2),
            ["a", "b", "c\nd"]
        );
        assert_eq!(split_newline_runs("\na\n", 1), ["", "a", ""]);
    }

    /// datatrove's `find_top_duplicate` and `find_all_duplicate`, on strings.
    fn datatrove_repetition(words: &[&str]) -> ([usize; 3], [usize; 6]) {
        let (mut top, mut dup) = ([0; 3], [0; 6]);
        for n in 2..=4 {
            let grams: Vec<String> = words.windows(n).map(|w| w.join(" ")).collect();
            let mut counts: Vec<(&String, usize)> = Vec::new();
            for g in &grams {
                match counts.iter_mut().find(|(k, _)| *k == g) {
                    Some(e) => e.1 += 1,
                    None => counts.push((g, 1)),
                }
            }
            let best = counts
                .iter()
                .fold(None::<(&String, usize)>, |b, &(k, c)| match b {
                    Some((_, bc)) if bc >= c => b,
                    _ => Some((k, c)),
                });
            top[n - 2] = best.map_or(0, |(k, c)| k.chars().count() * c);
        }
        for n in 5..=10 {
            let mut unique = std::collections::HashSet::new();
            let (mut repeated, mut i) = (0, 0);
            while i + n <= words.len() {
                let g = words[i..i + n].concat();
                if unique.contains(&g) {
                    repeated += g.chars().count();
                    i += n;
                } else {
                    unique.insert(g);
                    i += 1;
                }
            }
            dup[n - 5] = repeated;
        }
        (top, dup)
    }

    fn repetition(words: &[&str]) -> ([usize; 3], [usize; 6]) {
        let h: Vec<u64> = words.iter().map(|w| xxh3_64(w.as_bytes())).collect();
        let c: Vec<usize> = words.iter().map(|w| w.chars().count()).collect();
        ngram_repetition(&h, &c)
    }

    #[test]
    fn ngram_duplicates_like_datatrove() {
        let words = ["a", "b", "a", "b", "a", "b"];
        // "a b" ×3 → 3 chars × 3; find_all_duplicate(n=5): "ababa"(0) new, "babab"(1) new.
        assert_eq!(repetition(&words), ([9, 10, 14], [0; 6]));
        assert_eq!(repetition(&words), datatrove_repetition(&words));
        assert_eq!(repetition(&[]), ([0; 3], [0; 6]));
        assert_eq!(repetition(&["x"; 12]), datatrove_repetition(&["x"; 12]));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(1000))]
        #[test]
        fn splitlines_fast_path_is_the_full_scan(t in "[a\n\r \u{b}\u{1d}\u{85}\u{2028}é€]{0,30}") {
            proptest::prop_assert_eq!(py_splitlines(&t), py_splitlines_all(&t));
            let plain = t.replace(['\u{b}', '\u{1d}', '\u{85}', '\u{2028}'], "x");
            proptest::prop_assert!(!has_rare_line_breaks(plain.as_bytes()));
            proptest::prop_assert_eq!(py_splitlines(&plain), py_splitlines_all(&plain));
        }

        #[test]
        fn ngram_repetition_is_datatrove_s(words in proptest::collection::vec("[a-c]|dd|é", 0..60)) {
            let words: Vec<&str> = words.iter().map(String::as_str).collect();
            proptest::prop_assert_eq!(repetition(&words), datatrove_repetition(&words));
        }

        #[test]
        fn span_words_are_the_text_s_words(t in "[a-cA-C0-2_.,;:'\\- \n\t\u{b}\u{1c}\u{85}\u{a0}\u{2003}\u{2028}\u{301}\u{200d}\u{ad}é東]{0,40}") {
            let per_span: Vec<&str> = py_spans(&t).flat_map(crate::segment::words).collect();
            let whole: Vec<&str> = crate::segment::words(&t).collect();
            proptest::prop_assert_eq!(per_span, whole);
        }

        #[test]
        fn word_pass_counts_what_the_splits_give(t in "([a-cA-C0-2]{1,4}|can't|gonna|3.5|U.S.|[.,;:!?'\"()\\-]|é|東|\u{a0}|[ \n])*") {
            let flagged: HashSet<String> = ["b".to_string(), "é".to_string()].into();
            let c4 = C4Lines::default();
            let input = SignalInput { language: "en", flagged_words: &flagged, c4: &c4 };
            let w = word_pass(&t, &input);
            let dt = super::super::datatrove_words::datatrove_words(&t);
            proptest::prop_assert_eq!(&w.dt, &dt);
            proptest::prop_assert_eq!(&w.dt_chars, &dt.iter().map(|w| clen(w)).collect::<Vec<_>>());
            proptest::prop_assert_eq!(&w.dt_hashes, &dt.iter().map(|w| xxh3_64(w.as_bytes())).collect::<Vec<_>>());
            let non_symbol: Vec<&&str> = dt.iter().filter(|w| !w.chars().all(|c| RULES.punctuation.contains(c))).collect();
            proptest::prop_assert_eq!(w.non_symbol, non_symbol.len());
            proptest::prop_assert_eq!(w.non_symbol_chars, non_symbol.iter().map(|w| clen(w)).sum::<usize>());
            proptest::prop_assert_eq!(w.alpha, dt.iter().filter(|w| w.chars().any(char::is_alphabetic)).count());
            let words: Vec<&str> = crate::segment::words(&t).collect();
            proptest::prop_assert_eq!(w.words, words.len());
            proptest::prop_assert_eq!(w.word_chars, words.iter().map(|w| clen(w)).sum::<usize>());
            let lower: HashSet<String> = words.iter().map(|w| w.to_lowercase()).collect();
            proptest::prop_assert_eq!(w.distinct, lower.len());
            proptest::prop_assert_eq!(w.flagged, words.iter().filter(|w| flagged.contains(&w.to_lowercase())).count());
        }
    }

    #[test]
    fn distinct_set_grows_past_its_first_size() {
        let mut set = HashSet64::new(1);
        for k in 0..10_000u64 {
            assert!(set.insert(k.wrapping_mul(0x9E37_79B9_7F4A_7C15)));
        }
        assert!(!set.insert(0));
        assert_eq!(set.len, 10_000);
    }

    #[test]
    fn ascii_classes_follow_the_table() {
        let all: Vec<u8> = (0..128u8).cycle().take(1000).collect();
        let mut n = [0; 5];
        ascii_classes(&all, &mut n);
        let mut want = [0; 5];
        for &b in &all {
            want[ASCII_CLASS[b as usize] as usize] += 1;
        }
        assert_eq!(n, want);
    }

    #[test]
    fn lower_hash_is_case_blind_and_tells_words_apart() {
        assert_eq!(lower_hash("Straße_Nº9"), lower_hash("STRAßE_nº9"));
        assert_eq!(
            lower_hash("HeLLo_World.x:y;z'1,2"),
            lower_hash("hello_world.x:y;z'1,2")
        );
        assert_eq!(lower_hash("\u{212A}m"), lower_hash("KM"));
        for w in [
            "ΟΔΟΣ",
            "Σοφία",
            "İstanbul",
            "ÉCOLE",
            "Straße",
            &"Ä".repeat(100),
        ] {
            assert_eq!(
                lower_hash(w),
                hash_lowered(w.to_lowercase().as_bytes()),
                "{w}"
            );
        }
        let words: Vec<String> = (0..20_000).map(|i| format!("w{i}")).collect();
        let distinct: FastSet<u64> = words.iter().map(|w| lower_hash(w)).collect();
        assert_eq!(distinct.len(), words.len());
        assert_ne!(lower_hash("ab"), lower_hash("ab\0"));
        assert_ne!(lower_hash("abcdefgh"), lower_hash("abcdefgh_"));
    }

    #[test]
    fn dots_count_like_python() {
        for t in ["", "...", "....", "......", ". . ...x...", "a...b....c"] {
            let memmem = memchr::memmem::find_iter(t.as_bytes(), "...").count();
            assert_eq!(memmem, t.matches("...").count(), "{t}");
        }
    }

    #[test]
    fn citations_removed() {
        assert_eq!(
            remove_citations("Paris[1] is big[edit].[citation needed] [x]"),
            (std::borrow::Cow::Borrowed("Paris is big. [x]"), 3)
        );
    }

    #[test]
    fn url_share() {
        let t = "see https://example.com/x and www.test.org now";
        assert_eq!(
            url_chars(t),
            "https://example.com/x".len() + "www.test.org".len()
        );
    }
}

#[cfg(test)]
mod timing {
    //! Dev timing of the signal parts: `CF_QTIME=1 cargo test --release timing -- --nocapture`.
    use super::super::datatrove_words::datatrove_words;
    use super::*;
    use std::time::Instant;

    #[test]
    fn parts() {
        if std::env::var("CF_QTIME").is_err() {
            return;
        }
        let docs = crate::test_data::jsonl_texts("tests/quality/agreement-corpus.jsonl");
        let mb = docs.iter().map(String::len).sum::<usize>() as f64 / 1e6;
        // The best of five passes: this machine's timings vary by a fifth.
        let time = |name: &str, f: &dyn Fn(&str) -> usize| {
            let (mut s, mut n) = (f64::MAX, 0);
            for _ in 0..5 {
                let t = Instant::now();
                n = docs.iter().map(|d| f(d)).sum();
                s = s.min(t.elapsed().as_secs_f64());
            }
            println!("{name:>20}: {:7.1} ms {:7.1} MB/s ({n})", s * 1e3, mb / s);
        };
        time("datatrove_words", &|d| datatrove_words(d).len());
        time("ngrams", &|d| {
            let dt = datatrove_words(d);
            let c: Vec<usize> = dt.iter().map(|w| clen(w)).collect();
            let h: Vec<u64> = dt.iter().map(|w| xxh3_64(w.as_bytes())).collect();
            let (top, dup) = ngram_repetition(&h, &c);
            top.iter().chain(&dup).sum()
        });
        let pre: Vec<(Vec<u64>, Vec<usize>)> = docs
            .iter()
            .map(|d| {
                let dt = datatrove_words(d);
                let c = dt.iter().map(|w| clen(w)).collect();
                (dt.iter().map(|w| xxh3_64(w.as_bytes())).collect(), c)
            })
            .collect();
        let (mut best, mut total) = (f64::MAX, 0);
        for _ in 0..11 {
            let t = Instant::now();
            total = pre
                .iter()
                .map(|(h, c)| {
                    let (top, dup) = ngram_repetition(h, c);
                    top.iter().chain(&dup).sum::<usize>()
                })
                .sum::<usize>();
            best = best.min(t.elapsed().as_secs_f64());
        }
        println!("     ngram_repetition: {:7.1} ms ({total})", best * 1e3);
        time("c4_lines", &|d| {
            c4_lines(d, &py_splitlines(d), &C4Lines::default(), false, None).sentences
        });
        time("uax_words", &|d| crate::segment::words(d).count());
        time("split_sentences", &|d| {
            crate::segment::split_sentences(d, &Default::default()).len()
        });
        time("char_classes", &|d| char_classes(d)[0]);
        time("url_chars", &|d| url_chars(d));
        time("py_splitlines", &|d| py_splitlines(d).len());
        time("newline_runs+dups", &|d| {
            let p = split_newline_runs(d.trim_matches(is_py_space), 2);
            let l = split_newline_runs(d, 1);
            find_duplicates(p.iter().copied()).0 + find_duplicates(l.iter().copied()).0
        });
        time("distinct_words", &|d| {
            let words: Vec<&str> = crate::segment::words(d).collect();
            let mut distinct = HashSet64::new(words.len());
            words
                .iter()
                .filter(|w| distinct.insert(lower_hash(w)))
                .count()
        });
        time("detect_language", &|d| {
            super::super::detect_language(d).code.len()
        });
        // Short records, as the pipeline bench feeds them: 200-byte pieces of each document.
        time("detect_language_200", &|d| {
            let mut n = 0;
            let mut at = 0;
            while at < d.len() {
                let mut end = (at + 200).min(d.len());
                while !d.is_char_boundary(end) {
                    end += 1;
                }
                n += super::super::detect_language(&d[at..end]).code.len();
                at = end;
            }
            n
        });
        time("lowercase_set", &|d| {
            crate::segment::words(d)
                .map(|w| w.to_lowercase())
                .collect::<FastSet<_>>()
                .len()
        });
        let flagged = HashSet::new();
        let c4 = C4Lines::default();
        let input = SignalInput {
            language: "en",
            flagged_words: &flagged,
            c4: &c4,
        };
        time("compute", &|d| compute(d, &input).1.sentences);
    }
}
