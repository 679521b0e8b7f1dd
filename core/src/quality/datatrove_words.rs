//! The word split of datatrove's quality filters, so the presets make datatrove's decisions.
//!
//! datatrove splits English text with spaCy's blank English tokenizer: whitespace first,
//! then special cases (contractions such as `don't` → `do` `n't`, abbreviations,
//! emoticons), prefixes and suffixes peeled off in turn, URLs kept whole, and infixes
//! (hyphens between letters, `and/or`, `lower.Upper`) split out. The rules (spaCy's own
//! patterns and special cases, exported by `scripts/export-datatrove-rules.py` into
//! `data/datatrove_en.json`) are applied with spaCy's algorithm; plain alphanumeric words,
//! most of any text, take a fast path that needs no pattern. C4's sentence count uses
//! spaCy's sentencizer rule over the same tokens.
//!
//! The rest of corpusforge counts UAX #29 words ([`crate::segment::words`]); this split is
//! only what the datatrove presets need to agree with datatrove.

use foldhash::{HashMap, HashMapExt, HashSet};
use std::sync::LazyLock;

use fancy_regex::Regex;
use serde::Deserialize;

#[derive(Deserialize)]
struct RulesFile {
    prefixes: Vec<String>,
    suffixes: Vec<String>,
    infixes: Vec<String>,
    url: String,
    specials: HashMap<String, Vec<String>>,
    sentencizer_punct: Vec<String>,
    punctuation_set: Vec<String>,
    terminal_punctuation: Vec<String>,
}

/// A spaCy rule split around its lookarounds, which the `regex` crate lacks: spaCy's
/// lookbehinds and lookaheads test one or two characters next to the body, so they become
/// checks before and after a plain match of the body.
struct Parts<'a> {
    behind: Option<&'a str>,
    body: &'a str,
    ahead: Option<&'a str>,
    ahead_negative: bool,
}

/// Top-level groups of a pattern as (start, end) byte positions, skipping escapes and
/// character classes.
fn top_groups(p: &str) -> Vec<(usize, usize)> {
    let b = p.as_bytes();
    let (mut groups, mut depth, mut open, mut i) = (Vec::new(), 0usize, 0usize, 0usize);
    let mut in_class = false;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1,
            b'[' if !in_class => in_class = true,
            b']' if in_class => in_class = false,
            b'(' if !in_class => {
                if depth == 0 {
                    open = i;
                }
                depth += 1;
            }
            b')' if !in_class => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    groups.push((open, i + 1));
                }
            }
            _ => {}
        }
        i += 1;
    }
    groups
}

fn split_lookarounds(p: &str) -> Parts<'_> {
    let groups = top_groups(p);
    let mut parts = Parts {
        behind: None,
        body: p,
        ahead: None,
        ahead_negative: false,
    };
    let (mut from, mut to) = (0, p.len());
    if let Some(&(0, end)) = groups.first() {
        if p.starts_with("(?<=") {
            parts.behind = Some(&p[4..end - 1]);
            from = end;
        }
    }
    if let Some(&(start, end)) = groups.last() {
        let g = &p[start..end];
        if end == p.len() && start >= from && (g.starts_with("(?=") || g.starts_with("(?!")) {
            parts.ahead = Some(&p[start + 3..end - 1]);
            parts.ahead_negative = g.starts_with("(?!");
            to = start;
        }
    }
    parts.body = &p[from..to];
    parts
}

fn re(p: &str) -> regex::Regex {
    regex::Regex::new(p).expect("spaCy's patterns compile (tested)")
}

/// A rule anchored at a position: lookbehind on the text before it, body matched there,
/// lookahead on what follows.
struct AnchoredRule {
    behind: Option<regex::Regex>,
    body: regex::Regex,
    /// The body anchored at both ends, to find other ends when the lookahead rejects the
    /// first (Python backtracks into the body's alternatives: `-` fails before `--`).
    whole: regex::Regex,
    ahead: Option<(regex::Regex, bool)>,
}

impl AnchoredRule {
    fn new(p: &str) -> Self {
        let parts = split_lookarounds(p);
        AnchoredRule {
            behind: parts.behind.map(|b| re(&format!("(?:{b})$"))),
            body: re(&format!("^(?:{})", parts.body)),
            whole: re(&format!("^(?:{})$", parts.body)),
            ahead: parts
                .ahead
                .map(|a| (re(&format!("^(?:{a})")), parts.ahead_negative)),
        }
    }

    /// The end of this rule's match starting at `at` in `s`, if it matches there.
    fn match_at(&self, s: &str, at: usize) -> Option<usize> {
        if let Some(b) = &self.behind {
            // spaCy's lookbehinds span at most two characters.
            let mut from = at.saturating_sub(8);
            while !s.is_char_boundary(from) {
                from += 1;
            }
            if !b.is_match(&s[from..at]) {
                return None;
            }
        }
        let end = at + self.body.find(&s[at..])?.end();
        let Some((a, negative)) = &self.ahead else {
            return Some(end);
        };
        let ahead_ok = |e: usize| a.is_match(&s[e..]) != *negative;
        if ahead_ok(end) {
            return Some(end);
        }
        // Other lengths the body can match here, shortest first (spaCy's bodies are a
        // few characters).
        s[at..]
            .char_indices()
            .skip(1)
            .map(|(i, _)| at + i)
            .chain(std::iter::once(s.len()))
            .take_while(|&e| e - at <= 16)
            .find(|&e| e != end && self.whole.is_match(&s[at..e]) && ahead_ok(e))
    }
}

/// spaCy's prefix rules in order; runs of plain rules share one automaton.
enum PrefixRule {
    Plain(regex::Regex),
    Anchored(AnchoredRule),
}

fn prefix_rules(patterns: &[String]) -> Vec<PrefixRule> {
    let mut rules = Vec::new();
    let mut plain: Vec<String> = Vec::new();
    let flush = |plain: &mut Vec<String>, rules: &mut Vec<PrefixRule>| {
        if !plain.is_empty() {
            rules.push(PrefixRule::Plain(re(&plain.join("|"))));
            plain.clear();
        }
    };
    for p in patterns {
        if p.contains("(?<") || p.contains("(?=") || p.contains("(?!") {
            flush(&mut plain, &mut rules);
            rules.push(PrefixRule::Anchored(AnchoredRule::new(p)));
        } else {
            plain.push(format!("^(?:{p})"));
        }
    }
    flush(&mut plain, &mut rules);
    rules
}

/// spaCy's suffix rules: the plain ones as one automaton, those with a lookbehind each as
/// `(?:behind)(body)$`, whose group start is where the suffix begins.
struct SuffixRules {
    plain: regex::Regex,
    /// `(?:behind)(?:body)$` to test, and `(?:behind)(body)$` to find where the body starts
    /// (captures cost more, so only after a match).
    behind: Vec<(regex::Regex, regex::Regex)>,
}

impl SuffixRules {
    fn new(patterns: &[String]) -> Self {
        let mut plain = Vec::new();
        let mut behind = Vec::new();
        for p in patterns {
            let parts = split_lookarounds(p);
            match parts.behind {
                Some(b) => behind.push((
                    re(&format!("(?:{b})(?:{})$", parts.body)),
                    re(&format!("(?:{b})({})$", parts.body)),
                )),
                None => plain.push(format!("(?:{p})$")),
            }
        }
        SuffixRules {
            plain: re(&plain.join("|")),
            behind,
        }
    }

    /// The earliest start of a suffix of `s`: every rule ends at the end, so the leftmost
    /// start over all rules is what spaCy's single alternation finds.
    fn start(&self, s: &str) -> Option<usize> {
        let plain = self.plain.find(s).map(|m| m.start());
        self.behind
            .iter()
            .filter_map(|(test, group)| {
                test.is_match(s).then_some(())?;
                group.captures(s)?.get(1).map(|m| m.start())
            })
            .chain(plain)
            .min()
    }
}

/// spaCy's infix rules, tried in order at each position where one could start.
struct InfixRules {
    rules: Vec<AnchoredRule>,
    /// ASCII bytes at which some rule's body can start (other characters are always tried).
    ascii_starts: [bool; 128],
}

impl InfixRules {
    fn new(patterns: &[String]) -> Self {
        let rules: Vec<AnchoredRule> = patterns.iter().map(|p| AnchoredRule::new(p)).collect();
        let mut ascii_starts = [false; 128];
        for (b, slot) in ascii_starts.iter_mut().enumerate() {
            let c = (b as u8 as char).to_string();
            *slot = rules
                .iter()
                .any(|r| r.body.is_match(&c) || r.body.is_match(&c.repeat(3)));
        }
        InfixRules {
            rules,
            ascii_starts,
        }
    }

    /// Python's `finditer` over the alternation: leftmost match, first rule in order,
    /// non-overlapping.
    fn find_iter(&self, s: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut pos = 0;
        'scan: while pos < s.len() {
            for (i, c) in s[pos..].char_indices() {
                if c.is_ascii() && !self.ascii_starts[c as usize] {
                    continue;
                }
                let at = pos + i;
                if let Some(end) = self.rules.iter().find_map(|r| r.match_at(s, at)) {
                    out.push((at, end));
                    pos = if end > at { end } else { at + c.len_utf8() };
                    continue 'scan;
                }
            }
            break;
        }
        out
    }
}

/// spaCy's English tokenizer rules and datatrove's character sets, compiled once.
pub(crate) struct Rules {
    prefixes: Vec<PrefixRule>,
    suffixes: SuffixRules,
    infixes: InfixRules,
    url: Regex,
    /// Special case → byte lengths of its pieces.
    specials: HashMap<String, Vec<usize>>,
    /// Which (length, first byte, last byte) shapes some special case has: most words
    /// are not special cases and are told so without hashing them.
    special_shapes: Shapes,
    /// Special cases that the affix rules would split, → byte lengths of those tokens:
    /// spaCy merges such token runs back into the special case after splitting.
    affix_specials: HashMap<String, Vec<usize>>,
    longest_affix_special: usize,
    sentencizer_punct: HashSet<String>,
    /// datatrove's `PUNCTUATION_SET`.
    pub punctuation: CharSet,
    /// datatrove's `TERMINAL_PUNCTUATION` (FineWeb's line-end characters).
    pub terminal: CharSet,
    /// The first characters of the sentencizer's punctuation: a token starting with any
    /// other character is not one of them (most tokens are told apart without hashing).
    sentencizer_first: CharSet,
    is_punct: regex::Regex,
}

pub(crate) static RULES: LazyLock<Rules> = LazyLock::new(|| {
    let file: RulesFile = serde_json::from_str(include_str!("data/datatrove_en.json"))
        .expect("data/datatrove_en.json is valid (tested)");
    let specials: HashMap<String, Vec<usize>> = file
        .specials
        .into_iter()
        .filter(|(k, pieces)| pieces.concat() == *k)
        .map(|(k, pieces)| (k, pieces.iter().map(String::len).collect()))
        .collect();
    let chars = |v: Vec<String>| CharSet::new(v.iter().filter_map(|s| s.chars().next()));
    let mut rules = Rules {
        prefixes: prefix_rules(&file.prefixes),
        suffixes: SuffixRules::new(&file.suffixes),
        infixes: InfixRules::new(&file.infixes),
        url: Regex::new(&file.url).expect("spaCy's patterns compile (tested)"),
        specials: HashMap::new(),
        special_shapes: Shapes::default(),
        affix_specials: HashMap::new(),
        longest_affix_special: 0,
        sentencizer_first: chars(file.sentencizer_punct.clone()),
        sentencizer_punct: file.sentencizer_punct.into_iter().collect(),
        punctuation: chars(file.punctuation_set),
        terminal: chars(file.terminal_punctuation),
        is_punct: regex::Regex::new(r"^\p{P}*$").expect("valid"),
    };
    // Which special cases the affix rules split (tokenized with no special cases known).
    for key in specials.keys() {
        let mut toks = Vec::new();
        rules.tokenize(key, &mut toks, false);
        if toks.len() > 1 {
            let lens: Vec<usize> = toks.iter().map(|t| t.len()).collect();
            rules.longest_affix_special = rules.longest_affix_special.max(lens.len());
            rules.affix_specials.insert(key.clone(), lens);
        }
    }
    for key in specials.keys() {
        rules.special_shapes.insert(key);
    }
    rules.specials = specials;
    rules
});

/// A span cache entry: the span (to tell hash collisions apart) and its token lengths.
struct CacheEntry {
    key: SpanKey,
    lens: Cached,
}

/// A cached span's text: inline up to 22 bytes (most spans), else on the heap.
enum SpanKey {
    Inline(u8, [u8; 22]),
    Heap(Box<str>),
}

impl SpanKey {
    fn new(span: &str) -> Self {
        match span.len() {
            n @ 0..=22 => {
                let mut buf = [0u8; 22];
                buf[..n].copy_from_slice(span.as_bytes());
                SpanKey::Inline(n as u8, buf)
            }
            _ => SpanKey::Heap(span.into()),
        }
    }

    fn is(&self, span: &str) -> bool {
        match self {
            SpanKey::Inline(n, buf) => &buf[..usize::from(*n)] == span.as_bytes(),
            SpanKey::Heap(s) => **s == *span,
        }
    }
}

/// The token byte lengths of a cached span: inline (count, then lengths) when the span has
/// at most 15 tokens of at most 255 bytes, as nearly all do.
enum Cached {
    Inline([u8; 16]),
    Heap(Box<[u32]>),
}

/// A 4096-bit filter of string shapes (length, first and last byte): no false negatives,
/// so a miss proves a string is not in the set it was built from.
#[derive(Default)]
struct Shapes {
    bits: Vec<u64>,
}

impl Shapes {
    #[inline]
    fn bit(s: &str) -> usize {
        let b = s.as_bytes();
        let (first, last) = (b.first().copied(), b.last().copied());
        let h = (b.len() as u64)
            .wrapping_mul(0x9E37_79B9_7F4A_7C15)
            .wrapping_add(u64::from(first.unwrap_or(0)) << 8 | u64::from(last.unwrap_or(0)))
            .wrapping_mul(0xBF58_476D_1CE4_E5B9);
        (h >> 52) as usize
    }

    fn insert(&mut self, s: &str) {
        if self.bits.is_empty() {
            self.bits = vec![0; 64];
        }
        let i = Self::bit(s);
        self.bits[i / 64] |= 1 << (i % 64);
    }

    #[inline]
    fn may_contain(&self, s: &str) -> bool {
        let i = Self::bit(s);
        self.bits
            .get(i / 64)
            .is_some_and(|w| w & (1 << (i % 64)) != 0)
    }
}

/// A set of characters, looked up without hashing: a bitmap for ASCII, a sorted list for
/// the rest.
pub(crate) struct CharSet {
    ascii: u128,
    other: Vec<char>,
}

impl CharSet {
    fn new(chars: impl IntoIterator<Item = char>) -> Self {
        let (mut ascii, mut other) = (0u128, Vec::new());
        for c in chars {
            if c.is_ascii() {
                ascii |= 1 << c as u32;
            } else {
                other.push(c);
            }
        }
        other.sort_unstable();
        other.dedup();
        CharSet { ascii, other }
    }

    /// Whether `c` is in the set.
    pub(crate) fn contains(&self, c: char) -> bool {
        if c.is_ascii() {
            self.ascii & (1 << c as u32) != 0
        } else {
            self.other.binary_search(&c).is_ok()
        }
    }

    /// Whether every byte of the ASCII `s` is in the set.
    pub(crate) fn contains_all_ascii(&self, s: &[u8]) -> bool {
        s.iter()
            .all(|&b| self.ascii & (1 << (b & 0x7f)) != 0 && b < 0x80)
    }
}

/// Python's `str.isspace`: Unicode White_Space plus the ASCII information separators.
pub(crate) fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// Python's whitespace among ASCII bytes (`str.isspace`).
const ASCII_PY_SPACE: [bool; 128] = {
    let mut t = [false; 128];
    let mut b = 0;
    while b < 128 {
        t[b] = matches!(
            b as u8,
            b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c | 0x1c..=0x1f
        );
        b += 1;
    }
    t
};

/// The byte length of the Python whitespace character at byte `i` of `text`, if it is one.
#[inline]
fn py_space_at(text: &str, i: usize) -> Option<usize> {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        ASCII_PY_SPACE[b as usize].then_some(1)
    } else {
        let ch = text[i..].chars().next()?;
        is_py_space(ch).then_some(ch.len_utf8())
    }
}

/// Bits of [`BYTE_CLASS`], OR-ed over a span's bytes by [`py_spans_classified`].
pub(crate) mod span_class {
    /// Ends the fast scan: ASCII Python whitespace, or a byte of a non-ASCII character.
    pub(crate) const STOP: u8 = 1;
    /// Not an ASCII letter or digit (every non-ASCII character sets it too).
    pub(crate) const NOT_ALNUM: u8 = 2;
    /// An ASCII digit.
    pub(crate) const DIGIT: u8 = 4;
    /// An ASCII letter.
    pub(crate) const ALPHA: u8 = 8;
}

/// The [`span_class`] bits of every byte, looked up in the scan's inner loop.
const BYTE_CLASS: [u8; 256] = {
    use span_class::*;
    let mut t = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c >= 0x80 || ASCII_PY_SPACE[b] {
            STOP | NOT_ALNUM
        } else if c.is_ascii_digit() {
            DIGIT
        } else if c.is_ascii_alphabetic() {
            ALPHA
        } else {
            NOT_ALNUM
        };
        b += 1;
    }
    t
};

/// The runs of `text` between Python whitespace (`str.split()`), scanning bytes (ASCII by
/// table; only non-ASCII bytes decode a character).
pub(crate) fn py_spans(text: &str) -> impl Iterator<Item = &str> {
    py_spans_classified(text).map(|(span, _)| span)
}

/// [`py_spans`] with the [`span_class`] bits of each span's bytes OR-ed together (STOP
/// excluded), from the same scan: whether a span is all ASCII letters and digits costs
/// nothing more.
pub(crate) fn py_spans_classified(text: &str) -> impl Iterator<Item = (&str, u8)> {
    let b = text.as_bytes();
    let mut pos = 0;
    std::iter::from_fn(move || {
        while pos < b.len() {
            match py_space_at(text, pos) {
                Some(n) => pos += n,
                None => break,
            }
        }
        if pos >= b.len() {
            return None;
        }
        let start = pos;
        let mut class = 0u8;
        loop {
            // The common case: ASCII bytes other than whitespace.
            while let Some(&byte) = b.get(pos) {
                let c = BYTE_CLASS[usize::from(byte)];
                if c & span_class::STOP != 0 {
                    break;
                }
                class |= c;
                pos += 1;
            }
            if pos >= b.len() || b[pos] < 0x80 {
                break;
            }
            let ch = text[pos..].chars().next().unwrap_or(' ');
            if is_py_space(ch) {
                break;
            }
            class |= span_class::NOT_ALNUM;
            pos += ch.len_utf8();
        }
        Some((&text[start..pos], class))
    })
}

/// The words datatrove's `split_into_words(text, "en")` returns: spaCy tokens, whitespace
/// tokens dropped. (The signals split while counting, in `signals::word_pass`.)
#[cfg(test)]
pub(crate) fn datatrove_words(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for span in py_spans(text) {
        RULES.tokenize_span(span, &mut out);
    }
    out
}

/// The number of sentences spaCy's sentencizer finds in `line` (datatrove's C4 count).
pub(crate) fn count_sentences(line: &str) -> usize {
    let mut words = Vec::new();
    for span in py_spans(line) {
        RULES.tokenize(span, &mut words, true);
    }
    count_sentences_of(line, &words)
}

/// [`count_sentences`] from the line's words (slices of `line`, in order, as
/// `signals::word_pass` gives them), so a line of an already split document is not split
/// again.
pub(crate) fn count_sentences_of(line: &str, words: &[&str]) -> usize {
    let rules = &*RULES;
    if words.is_empty() {
        return 0;
    }
    let base = line.as_ptr() as usize;
    let mut sentences = 1;
    let mut seen_period = false;
    let mut step = |w: &str| {
        let in_punct = w
            .chars()
            .next()
            .is_some_and(|c| rules.sentencizer_first.contains(c))
            && rules.sentencizer_punct.contains(w);
        if seen_period && !in_punct && !rules.is_punct.is_match(w) {
            sentences += 1;
            seen_period = false;
        } else if in_punct {
            seen_period = true;
        }
    };
    // spaCy's tokens include whitespace: a run other than one plain space is a token too,
    // and (not being punctuation) it can start a sentence.
    let mut prev_end = words[0].as_ptr() as usize - base;
    for w in words {
        let start = w.as_ptr() as usize - base;
        if start > prev_end {
            let run = &line[prev_end..start];
            if !run.strip_prefix(' ').unwrap_or(run).is_empty() {
                step(run);
            }
        }
        step(w);
        prev_end = start + w.len();
    }
    sentences
}

impl Rules {
    fn special(&self, s: &str, with_specials: bool) -> Option<&[usize]> {
        if !with_specials || !self.special_shapes.may_contain(s) {
            return None;
        }
        self.specials.get(s).map(Vec::as_slice)
    }

    fn push_special<'a>(lens: &[usize], s: &'a str, out: &mut Vec<&'a str>) {
        let mut at = 0;
        for &len in lens {
            out.push(&s[at..at + len]);
            at += len;
        }
    }

    /// Whether spaCy keeps the whitespace-separated `span` whole as one ASCII word of
    /// letters and digits: the common case, which [`super::signals`] counts without
    /// going through [`Rules::tokenize_span`]. It agrees with the tokenizer's own fast
    /// path ([`is_plain_word`], then the special cases).
    ///
    /// `class` is the span's [`span_class`] bits from [`py_spans_classified`].
    #[inline]
    pub(crate) fn is_whole_plain_word(&self, span: &str, class: u8) -> bool {
        use span_class::*;
        // Letters and digits only, and not a number followed by letters (`10km` splits).
        class & NOT_ALNUM == 0
            && !(class & DIGIT != 0 && span.as_bytes().last().is_some_and(u8::is_ascii_alphabetic))
            && !span.is_empty()
            && self.special(span, true).is_none()
    }

    /// Appends the datatrove words of one whitespace-separated span (as
    /// `signals::word_pass` does for each of a text's spans).
    pub(crate) fn tokenize_span<'a>(&self, span: &'a str, out: &mut Vec<&'a str>) {
        self.tokenize(span, out, true);
    }

    fn tokenize<'a>(&self, span: &'a str, out: &mut Vec<&'a str>, with_specials: bool) {
        if let Some(lens) = self.special(span, with_specials) {
            return Self::push_special(lens, span, out);
        }
        if is_plain_word(span) || is_letter_word(span) || is_one_char(span) {
            out.push(span);
            return;
        }
        // A plain word and one trailing `, ; : ! ?` (or `.` after a lower-case letter or
        // digit): spaCy peels exactly that one suffix, whatever the rules' order.
        if let Some((&last, head)) = span.as_bytes().split_last() {
            let peel = matches!(last, b',' | b';' | b':' | b'!' | b'?')
                || (last == b'.'
                    && head
                        .last()
                        .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit()));
            // `last` is ASCII when `peel`, so the cut is on a character boundary.
            let word = if peel { &span[..span.len() - 1] } else { "" };
            if peel
                && with_specials
                && !word.is_empty()
                && (is_plain_word(word) || is_letter_word(word))
            {
                match self.special(word, true) {
                    Some(lens) => Self::push_special(lens, word, out),
                    None => out.push(word),
                }
                out.push(&span[span.len() - 1..]);
                return;
            }
        }
        if with_specials {
            return self.tokenize_cached(span, out);
        }
        self.tokenize_slow(span, out, false);
    }

    /// The full rules, memoised per thread like spaCy's own cache: the same spans (`(see`,
    /// `-o`, `etc.)`) recur across a corpus, and the rules cost microseconds each. Entries
    /// are keyed by the span's hash and hold short spans and their token lengths inline,
    /// so a hit reads one table entry.
    fn tokenize_cached<'a>(&self, span: &'a str, out: &mut Vec<&'a str>) {
        thread_local! {
            static CACHE: std::cell::RefCell<HashMap<u64, CacheEntry>> =
                std::cell::RefCell::new(HashMap::new());
        }
        const MAX_ENTRIES: usize = 200_000;
        let hash = xxhash_rust::xxh3::xxh3_64(span.as_bytes());
        let hit = CACHE.with(|c| {
            let c = c.borrow();
            let entry = c.get(&hash).filter(|e| e.key.is(span))?;
            let mut at = 0;
            let mut push = |len: usize| {
                out.push(&span[at..at + len]);
                at += len;
            };
            match &entry.lens {
                Cached::Inline(lens) => lens[1..=usize::from(lens[0])]
                    .iter()
                    .for_each(|&l| push(usize::from(l))),
                Cached::Heap(lens) => lens.iter().for_each(|&l| push(l as usize)),
            }
            Some(())
        });
        if hit.is_some() {
            return;
        }
        let first = out.len();
        self.tokenize_slow(span, out, true);
        let toks = &out[first..];
        let lens = if toks.len() <= 15 && toks.iter().all(|t| t.len() <= 255) {
            let mut lens = [0u8; 16];
            lens[0] = toks.len() as u8;
            for (slot, t) in lens[1..].iter_mut().zip(toks) {
                *slot = t.len() as u8;
            }
            Cached::Inline(lens)
        } else {
            Cached::Heap(toks.iter().map(|t| t.len() as u32).collect())
        };
        CACHE.with(|c| {
            let mut c = c.borrow_mut();
            if c.len() >= MAX_ENTRIES {
                c.clear();
            }
            c.insert(
                hash,
                CacheEntry {
                    key: SpanKey::new(span),
                    lens,
                },
            );
        });
    }

    fn tokenize_slow<'a>(&self, span: &'a str, out: &mut Vec<&'a str>, with_specials: bool) {
        let first = out.len();
        let (prefixes, middle, suffixes) = self.split_affixes(span, with_specials);
        out.extend(prefixes);
        self.attach(middle, out, with_specials);
        out.extend(suffixes.into_iter().rev());
        if with_specials && out.len() - first > 1 {
            self.merge_affix_specials(span, out, first);
        }
    }

    /// spaCy's special-case matcher: runs of tokens that spell a special case the affix
    /// rules split (`8)`, `''`, `):`) become that special case's tokens.
    fn merge_affix_specials<'a>(&self, span: &'a str, out: &mut Vec<&'a str>, first: usize) {
        let toks: Vec<&'a str> = out.drain(first..).collect();
        let offset = |t: &str| t.as_ptr() as usize - span.as_ptr() as usize;
        let mut i = 0;
        while i < toks.len() {
            let mut merged = false;
            let longest = self.longest_affix_special.min(toks.len() - i);
            for n in (2..=longest).rev() {
                let run = &toks[i..i + n];
                let (a, b) = (offset(run[0]), offset(run[n - 1]) + run[n - 1].len());
                let text = &span[a..b];
                let Some(lens) = self.affix_specials.get(text) else {
                    continue;
                };
                if lens.iter().copied().eq(run.iter().map(|t| t.len())) {
                    if let Some(pieces) = self.specials.get(text) {
                        Self::push_special(pieces, text, out);
                        i += n;
                        merged = true;
                        break;
                    }
                }
            }
            if !merged {
                out.push(toks[i]);
                i += 1;
            }
        }
    }

    fn prefix_len(&self, s: &str) -> usize {
        self.prefixes
            .iter()
            .find_map(|r| match r {
                PrefixRule::Plain(p) => p.find(s).map(|m| m.end()),
                PrefixRule::Anchored(a) => a.match_at(s, 0),
            })
            .unwrap_or(0)
    }

    /// The longest suffix any rule matches: every match ends at the end, so the leftmost
    /// start over all rules is what spaCy's single alternation finds.
    fn suffix_len(&self, s: &str) -> usize {
        if s.is_empty() {
            return 0;
        }
        self.suffixes.start(s).map_or(0, |start| s.len() - start)
    }

    /// spaCy's `Tokenizer._split_affixes`: peel one prefix and one suffix per round until
    /// nothing changes or the rest is a special case.
    fn split_affixes<'a>(
        &self,
        mut s: &'a str,
        with_specials: bool,
    ) -> (Vec<&'a str>, &'a str, Vec<&'a str>) {
        let (mut prefixes, mut suffixes) = (Vec::new(), Vec::new());
        let mut last_len = usize::MAX;
        while !s.is_empty() && s.len() != last_len {
            if self.special(s, with_specials).is_some() {
                break;
            }
            last_len = s.len();
            let pre = self.prefix_len(s);
            if pre != 0 {
                let minus_pre = &s[pre..];
                if !minus_pre.is_empty() && self.special(minus_pre, with_specials).is_some() {
                    prefixes.push(&s[..pre]);
                    s = minus_pre;
                    break;
                }
            }
            let suf = self.suffix_len(&s[pre..]);
            if suf != 0 {
                let minus_suf = &s[..s.len() - suf];
                if !minus_suf.is_empty() && self.special(minus_suf, with_specials).is_some() {
                    suffixes.push(&s[s.len() - suf..]);
                    s = minus_suf;
                    break;
                }
            }
            if pre != 0 && suf != 0 && pre + suf <= s.len() {
                prefixes.push(&s[..pre]);
                suffixes.push(&s[s.len() - suf..]);
                s = &s[pre..s.len() - suf];
            } else if pre != 0 {
                prefixes.push(&s[..pre]);
                s = &s[pre..];
            } else if suf != 0 {
                suffixes.push(&s[s.len() - suf..]);
                s = &s[..s.len() - suf];
            }
            if !s.is_empty() && self.special(s, with_specials).is_some() {
                break;
            }
        }
        (prefixes, s, suffixes)
    }

    /// spaCy's `Tokenizer._attach_tokens` for the middle of a span.
    fn attach<'a>(&self, s: &'a str, out: &mut Vec<&'a str>, with_specials: bool) {
        if s.is_empty() {
            return;
        }
        if let Some(lens) = self.special(s, with_specials) {
            return Self::push_special(lens, s, out);
        }
        // Every URL has a dot; every infix has one of these characters or is non-ASCII.
        if s.contains('.') && matches!(self.url.is_match(s), Ok(true)) {
            out.push(s);
            return;
        }
        let mut start = 0;
        let mut any = false;
        for (m_start, m_end) in self.infixes.find_iter(s) {
            any = true;
            if m_start == 0 {
                continue;
            }
            if m_start != start {
                out.push(&s[start..m_start]);
            }
            if m_start != m_end {
                out.push(&s[m_start..m_end]);
            }
            start = m_end;
        }
        if !any {
            out.push(s);
        } else if start < s.len() {
            out.push(&s[start..]);
        }
    }
}

/// An ASCII letters-and-digits word that no prefix, suffix or infix rule can split: only
/// a unit after a number (`10km`) could, so words ending in a letter after a digit take
/// the full path.
/// A word of letters only, some beyond ASCII, from Latin, Greek and Cyrillic: no prefix,
/// suffix or infix rule matches inside letters (each needs punctuation, a symbol, a digit
/// or an apostrophe), so spaCy keeps it whole. Tested letter by letter against the rules.
fn is_letter_word(s: &str) -> bool {
    !s.is_ascii() && s.chars().all(is_rule_free_letter)
}

/// A letter of [`is_letter_word`]: ASCII letters and the letters of Latin-1 and Latin
/// Extended-A/B, Greek and Cyrillic (their symbols and combining marks excluded).
fn is_rule_free_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || (matches!(c, '\u{C0}'..='\u{24F}' | '\u{386}'..='\u{3FF}' | '\u{400}'..='\u{481}' | '\u{48A}'..='\u{4FF}')
            && !matches!(c, '\u{D7}' | '\u{F7}' | '\u{387}')
            && c.is_alphabetic())
}

/// A span of one character is one token whatever the rules say.
fn is_one_char(s: &str) -> bool {
    let mut c = s.chars();
    c.next().is_some() && c.next().is_none()
}

fn is_plain_word(s: &str) -> bool {
    let b = s.as_bytes();
    if !b.iter().all(u8::is_ascii_alphanumeric) {
        return false;
    }
    !(b.iter().any(u8::is_ascii_digit) && b.last().is_some_and(u8::is_ascii_alphabetic))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn spans_are_python_str_split(s in "[a-c.,' \t\n\r\x0b\x0c\x1c\x1fé\u{85}\u{a0}\u{2028}\u{3000}東]{0,40}") {
            let want: Vec<&str> = s.split(is_py_space).filter(|w| !w.is_empty()).collect();
            prop_assert_eq!(py_spans(&s).collect::<Vec<_>>(), want);
        }

        #[test]
        fn span_classes_are_the_bytes_classes(s in "[a-cA-C0-2_.,'\\- \t\n\x1cé\u{a0}東]{0,40}") {
            use span_class::*;
            for (span, class) in py_spans_classified(&s) {
                let b = span.as_bytes();
                prop_assert_eq!(class & STOP, 0);
                prop_assert_eq!(class & NOT_ALNUM == 0, b.iter().all(u8::is_ascii_alphanumeric));
                prop_assert_eq!(class & DIGIT != 0, b.iter().any(u8::is_ascii_digit));
                prop_assert_eq!(class & ALPHA != 0, b.iter().any(u8::is_ascii_alphabetic));
            }
        }

        #[test]
        fn whole_plain_words_are_one_token(s in "([a-zA-Z]{1,6}|[0-9]{1,3}|[a-z]+[0-9]|[0-9][a-z]+|can|not|gonna|[ .,'\\-])*") {
            for (span, class) in py_spans_classified(&s) {
                if RULES.is_whole_plain_word(span, class) {
                    let mut toks = Vec::new();
                    RULES.tokenize_slow(span, &mut toks, true);
                    prop_assert_eq!(toks, vec![span]);
                }
            }
        }
    }

    #[test]
    fn letter_words_are_whole_under_the_rules() {
        let letters: Vec<char> = ('\u{80}'..='\u{4FF}')
            .filter(|&c| is_rule_free_letter(c))
            .collect();
        assert!(letters.len() > 700);
        for &c in &letters {
            for w in [
                c.to_string(),
                format!("a{c}"),
                format!("{c}b{c}"),
                format!("Ab{c}{c}"),
            ] {
                let mut toks = Vec::new();
                RULES.tokenize_slow(&w, &mut toks, true);
                assert_eq!(toks, [w.as_str()], "{:?}", c);
                let comma = format!("{w},");
                let mut toks = Vec::new();
                RULES.tokenize_slow(&comma, &mut toks, true);
                assert_eq!(toks, [w.as_str(), ","], "{:?}", c);
            }
        }
        for c in [
            '\u{D7}', '\u{F7}', '\u{387}', '\u{482}', '\u{300}', 'ⓐ', '1',
        ] {
            assert!(!is_rule_free_letter(c), "{c:?}");
        }
    }

    #[test]
    fn rules_load_and_compile() {
        let r = &*RULES;
        assert!(r.specials.len() > 1000);
        assert!(r.punctuation.contains('!') && r.terminal.contains('.'));
    }

    #[test]
    fn splits_like_spacy() {
        let cases: &[(&str, &[&str])] = &[
            ("Hello, world!", &["Hello", ",", "world", "!"]),
            ("Don't stop.", &["Do", "n't", "stop", "."]),
            (
                "(see e.g. the U.S. map)",
                &["(", "see", "e.g.", "the", "U.S.", "map", ")"],
            ),
            (
                "well-known and/or 10km",
                &["well", "-", "known", "and/or", "10", "km"],
            ),
            ("costs $5.50...", &["costs", "$", "5.50", "..."]),
            (
                "visit https://example.com/a?b=c now",
                &["visit", "https://example.com/a?b=c", "now"],
            ),
            ("it's  \n\n  ok", &["it", "'s", "ok"]),
        ];
        for (text, want) in cases {
            assert_eq!(datatrove_words(text), *want, "{text}");
        }
    }

    #[test]
    fn sentences_like_the_sentencizer() {
        assert_eq!(count_sentences("One. Two! Three? Four"), 4);
        assert_eq!(
            count_sentences("Version 3.5 is out. See e.g. the notes."),
            2
        );
        assert_eq!(count_sentences("Wait... what?!"), 1);
        assert_eq!(count_sentences(""), 0);
    }
}

#[cfg(test)]
mod spacy_check {
    //! Dev check against spaCy: `CF_TOKCHECK=/tmp/tokcheck.jsonl cargo test tokcheck -- --nocapture`.
    use super::*;

    #[test]
    fn tokcheck() {
        let Ok(path) = std::env::var("CF_TOKCHECK") else {
            return;
        };
        let (mut docs, mut same, mut lines, mut same_lines) = (0, 0, 0, 0);
        let mut shown = 0;
        for line in std::fs::read_to_string(path).unwrap().lines() {
            let v: serde_json::Value = serde_json::from_str(line).unwrap();
            let text = v["text"].as_str().unwrap();
            let want: Vec<&str> = v["words"]
                .as_array()
                .unwrap()
                .iter()
                .map(|w| w.as_str().unwrap())
                .collect();
            let got = datatrove_words(text);
            docs += 1;
            if got == want {
                same += 1;
            } else if shown < 15 {
                shown += 1;
                let i = got
                    .iter()
                    .zip(&want)
                    .position(|(a, b)| a != b)
                    .unwrap_or(got.len().min(want.len()));
                let lo = i.saturating_sub(3);
                println!(
                    "got  {:?}\nwant {:?}\n",
                    &got[lo..(i + 4).min(got.len())],
                    &want[lo..(i + 4).min(want.len())]
                );
            }
            for (l, n) in v["lines"]
                .as_array()
                .unwrap()
                .iter()
                .zip(v["sents"].as_array().unwrap())
            {
                lines += 1;
                let c = count_sentences(l.as_str().unwrap());
                if c as u64 == n.as_u64().unwrap() {
                    same_lines += 1;
                } else if shown < 25 {
                    shown += 1;
                    println!("sentences {c} want {n}: {:?}", l.as_str().unwrap());
                }
            }
        }
        println!("docs identical: {same}/{docs}; line sentence counts: {same_lines}/{lines}");
    }
}
