//! Sentence boundaries by rules a linguist would write down.
//!
//! The text is first cut into *units* at hard boundaries: blank lines, headings, list items,
//! table rows and code-fence lines (a single line break inside a paragraph is no boundary).
//! Inside a unit, each terminator cluster (`.`, `?!`, `...`, `. . . .`, `。`, with the closing
//! quotes and brackets after it) is a candidate, decided by what surrounds it:
//!
//! * a lower-case word after it means the sentence goes on (`Yahoo! in`, `co. at`);
//! * no space after it means a number, version, URL, e-mail or file name (`3.5`,
//!   `example.com`), unless a lower-case word runs into a capitalised one (`42.The`);
//! * before a period: titles never end a sentence (`Mr.`, `Mt.`), numeric abbreviations do
//!   not before a number (`p. 55`), initials do not before a name (`Jonas E. Smith`), and
//!   other abbreviations (`Co.`, `U.S.`, `a.m.`) end one only when a word that usually opens a
//!   sentence follows (`U.S. How` but `U.S. Government`);
//! * a spaced ellipsis (`. . .`) marks an omission, not an end; an ellipsis in brackets
//!   (`[...]`) is editorial;
//! * enumerations written inline (`1. The first item 2. The second item`, `a. ... b. ...`)
//!   and bullets (`• ...`) start a new unit each.

use std::ops::Range;

use serde::{Deserialize, Serialize};

use super::abbreviations::{self, Lookup};
use super::ordered::ordered_map;

/// Options of [`split_sentences`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct SentenceOptions {
    /// ISO 639-1 code of the text's language, for its abbreviations: `en` (default), `de`,
    /// `fr`, `es`, `it`, `pt`, `nl`, `ru`, `pl`; `auto` uses every list. Other codes use the
    /// language-neutral rules only.
    pub language: String,
}

impl Default for SentenceOptions {
    fn default() -> Self {
        SentenceOptions {
            language: "en".to_string(),
        }
    }
}

impl crate::options::StageOptions for SentenceOptions {
    const STAGE: &'static str = "sentence";
    const FIELDS: &'static [&'static str] = &["language"];
}

/// Byte ranges of the sentences of `text`, in order, without surrounding whitespace.
///
/// ```
/// use corpusforge::{split_sentences, SentenceOptions};
/// let text = "Mr. Smith lives in the U.S. He works at 5 p.m. every day. Really?! Yes.";
/// let s: Vec<&str> = split_sentences(text, &SentenceOptions::default())
///     .into_iter()
///     .map(|r| &text[r])
///     .collect();
/// assert_eq!(s, ["Mr. Smith lives in the U.S.", "He works at 5 p.m. every day.", "Really?!", "Yes."]);
/// ```
pub fn split_sentences(text: &str, options: &SentenceOptions) -> Vec<Range<usize>> {
    // Prose averages well over 64 bytes a sentence: one allocation, no regrowth.
    let mut out = Vec::with_capacity(text.len() / 64 + 1);
    split_sentences_batched(text, options, |batch| out.extend_from_slice(batch));
    out
}

/// Texts at least this long are split on the rayon pool; shorter ones on the calling thread,
/// where handing work to other threads would cost more than it saves.
const PARALLEL_BYTES: usize = 128 * 1024;

/// About this much text (whole units) makes one parallel batch.
const BATCH_BYTES: usize = 32 * 1024;

/// The sentences of `text` as [`split_sentences`] finds them, handed to `sink` in order, a
/// batch of byte ranges at a time.
///
/// A long text is cut into batches of whole units that the rayon pool splits while `sink`
/// runs on the calling thread (which splits a batch itself whenever the next one is not
/// ready), so a consumer that turns each range into something else (a binding building its
/// language's strings) works beside the splitting instead of after it. `sink` never runs on
/// another thread. On a pool thread (inside a parallel pipeline), with a one-thread pool, or
/// on a short text, everything runs on the calling thread and `sink` is called once.
pub fn split_sentences_batched(
    text: &str,
    options: &SentenceOptions,
    mut sink: impl FnMut(&[Range<usize>]),
) {
    let splitter = Splitter::new(options);
    // A pool thread must not block waiting for jobs it may itself have to run.
    let parallel = text.len() >= PARALLEL_BYTES
        && rayon::current_thread_index().is_none()
        && rayon::current_num_threads() > 1;
    if !parallel {
        sink(&splitter.split_span(text, 0..text.len()));
        return;
    }
    let batches = batch_bounds(text, BATCH_BYTES);
    let splitter = &splitter;
    ordered_map(
        batches.len() - 1,
        |i| splitter.split_span(text, batches[i]..batches[i + 1]),
        |batch| sink(&batch),
    );
}

/// Byte offsets that cut `text` into pieces of about `target` bytes at which [`units`] can
/// start afresh: the start of a blank line outside any code fence, where a scan of the
/// whole text is between units too. Starts with 0 and ends with `text.len()`.
fn batch_bounds(text: &str, target: usize) -> Vec<usize> {
    let b = text.as_bytes();
    // Starts of the lines that open or close a fence ("```" or "~~~" after blanks).
    let mut fences = Vec::new();
    for p in memchr::memchr2_iter(b'`', b'~', b) {
        let line = memchr::memrchr(b'\n', &b[..p]).map_or(0, |e| e + 1);
        let marker = &b[p..];
        if (marker.starts_with(b"```") || marker.starts_with(b"~~~"))
            && text[line..p].trim().is_empty()
            && fences.last() != Some(&line)
        {
            fences.push(line);
        }
    }
    let in_fence = |at: usize| fences.partition_point(|&f| f < at) % 2 == 1;
    let mut bounds = vec![0];
    let mut from = target;
    while from < b.len() {
        // The next blank line at or after `from`.
        let mut cut = None;
        for nl in memchr::memchr_iter(b'\n', &b[from..]) {
            let line = from + nl + 1;
            let end = memchr::memchr(b'\n', &b[line..]).map_or(b.len(), |e| line + e);
            if text[line..end].trim().is_empty() && !in_fence(line) {
                cut = Some(line);
                break;
            }
        }
        let Some(cut) = cut else { break };
        if cut >= b.len() {
            break;
        }
        bounds.push(cut);
        from = cut + target;
    }
    bounds.push(b.len());
    bounds
}

/// Buffers `split_unit` reuses from one unit to the next (a text has thousands of units).
#[derive(Default)]
struct Scratch {
    /// Byte offsets where a sentence starts.
    cuts: Vec<usize>,
    /// Terminators to decide.
    candidates: Vec<usize>,
    bounds: Vec<usize>,
    pieces: Vec<Range<usize>>,
}

/// The sentences of `text` as string slices.
pub fn sentences<'a>(
    text: &'a str,
    options: &SentenceOptions,
) -> impl Iterator<Item = &'a str> + 'a {
    split_sentences(text, options)
        .into_iter()
        .map(move |r| &text[r])
}

/// Characters that end a sentence in alphabetic scripts.
fn is_terminator(c: char) -> bool {
    matches!(
        c,
        '.' | '!' | '?' | '…' | '‼' | '⁇' | '⁈' | '⁉' | '؟' | '۔' | '।' | '॥'
    )
}

/// Terminators of CJK text, which needs no space after them.
fn is_cjk_terminator(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '｡' | '︒')
}

/// Closing quotes and brackets that belong to the sentence they follow.
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '’'
            | '”'
            | '»'
            | '›'
            | ')'
            | ']'
            | '}'
            | '」'
            | '』'
            | '）'
            | '】'
            | '》'
            | '〉'
    )
}

/// Opening quotes and brackets that may precede a sentence's first word.
fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '‘'
            | '“'
            | '„'
            | '«'
            | '‹'
            | '('
            | '['
            | '{'
            | '¿'
            | '¡'
            | '「'
            | '『'
            | '（'
    )
}

/// Bullets that start a list item even in running text.
fn is_bullet(c: char) -> bool {
    matches!(
        c,
        '•' | '◦' | '▪' | '‣' | '⁃' | '●' | '○' | '■' | '□' | '▸' | '►'
    )
}

/// Hard units: paragraphs, headings, list items, table rows; byte ranges of `text`, handed
/// to `emit` in order as the scan finds them.
fn units(text: &str, mut emit: impl FnMut(Range<usize>)) {
    let mut cur: Option<Range<usize>> = None;
    let mut in_fence = false;
    let mut pos = 0;
    let flush = |cur: &mut Option<Range<usize>>, emit: &mut dyn FnMut(Range<usize>)| {
        if let Some(r) = cur.take() {
            emit(r);
        }
    };
    let mut line_ends = memchr::memchr_iter(b'\n', text.as_bytes());
    while pos < text.len() {
        let start = pos;
        pos = line_ends.next().map_or(text.len(), |e| e + 1);
        let line = &text[start..pos];
        let body = line.trim_end_matches(['\n', '\r']);
        let end = start + body.len();
        let t = body.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            flush(&mut cur, &mut emit);
            in_fence = !in_fence;
            emit(start..end);
            continue;
        }
        if in_fence {
            emit(start..end);
            continue;
        }
        if t.is_empty() {
            flush(&mut cur, &mut emit);
            continue;
        }
        let own_line = is_heading(t) || t.starts_with('|');
        let setext = !t.is_empty()
            && (t.chars().all(|c| c == '=') || t.chars().all(|c| c == '-'))
            && t.len() >= 3;
        if own_line || setext {
            flush(&mut cur, &mut emit);
            emit(start..end);
            continue;
        }
        if is_list_item(t) {
            flush(&mut cur, &mut emit);
        }
        match cur.as_mut() {
            Some(r) => r.end = end,
            None => cur = Some(start..end),
        }
    }
    flush(&mut cur, &mut emit);
}

fn is_heading(t: &str) -> bool {
    let hashes = t.chars().take_while(|&c| c == '#').count();
    (1..=6).contains(&hashes) && t[hashes..].starts_with(' ')
}

/// A line that starts a list item: `- x`, `* x`, `• x`, `1. x`, `2) x`.
fn is_list_item(t: &str) -> bool {
    let mut chars = t.chars();
    let Some(first) = chars.next() else {
        return false;
    };
    if matches!(first, '-' | '*' | '+' | '–') || is_bullet(first) {
        return chars.next().is_some_and(char::is_whitespace);
    }
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    (1..=3).contains(&digits)
        && matches!(t.as_bytes().get(digits), Some(b'.' | b')'))
        && t.as_bytes()
            .get(digits + 1)
            .is_some_and(|b| b.is_ascii_whitespace())
}

struct Splitter {
    lists: Vec<&'static Lookup>,
    german: bool,
}

/// An inline list marker (`1.`, `2.)`, `b)`) found in a unit.
struct Marker {
    /// Byte offset of the marker's first character.
    at: usize,
    /// Byte offset just past it.
    end: usize,
    /// Its ordinal: the number, or 1 for `a`.
    value: u32,
    /// Whether it can open an enumeration: at the unit's start, after a bullet, or after a
    /// sentence's end.
    anchored: bool,
}

/// The character at byte `i` (`'\0'` past the end).
#[inline]
fn char_at(s: &str, i: usize) -> char {
    match s.as_bytes().get(i) {
        Some(&b) if b.is_ascii() => char::from(b),
        _ => s[i..].chars().next().unwrap_or('\0'),
    }
}

impl Splitter {
    /// The splitter for `options`: the abbreviation lists of its language.
    fn new(options: &SentenceOptions) -> Self {
        let lists: Vec<&Lookup> = match options.language.as_str() {
            "auto" => abbreviations::LANGUAGES
                .iter()
                .filter_map(|l| abbreviations::lookup(l))
                .collect(),
            lang => abbreviations::lookup(lang).into_iter().collect(),
        };
        Splitter {
            lists,
            german: options.language == "de",
        }
    }

    /// The sentences of `text[span]`, which starts where a unit may start (see
    /// [`batch_bounds`]), as byte ranges of `text`.
    fn split_span(&self, text: &str, span: Range<usize>) -> Vec<Range<usize>> {
        // Prose averages well over 64 bytes a sentence: one allocation, no regrowth.
        let mut out = Vec::with_capacity(span.len() / 64 + 1);
        let mut scratch = Scratch::default();
        units(&text[span.clone()], |unit| {
            let unit = span.start + unit.start..span.start + unit.end;
            self.split_unit(text, unit, &mut scratch, &mut out);
        });
        out
    }

    fn split_unit(
        &self,
        text: &str,
        unit: Range<usize>,
        scratch: &mut Scratch,
        out: &mut Vec<Range<usize>>,
    ) {
        let s = &text[unit.clone()];
        let n = s.len();
        let ascii = s.is_ascii();
        let Scratch {
            cuts,
            candidates,
            bounds,
            pieces,
        } = scratch;
        cuts.clear();
        let markers = self.markers(s);
        for m in &markers {
            // "• 9. The first item": the bullet already opens the item.
            let after_bullet = s[..m.at]
                .trim_end()
                .chars()
                .next_back()
                .is_some_and(is_bullet);
            if !after_bullet {
                cuts.push(m.at);
            }
        }
        // Candidate terminators, in order: the ASCII ones by memchr; in non-ASCII units also
        // the characters led by the bytes every other terminator and bullet starts with
        // (0xE2: … ‼ ⁇ • ▪ ...; 0xE3: 。; 0xEF: ！ ？ ｡ ︒; 0xD8/0xDB: ؟ ۔; 0xE0: । ॥).
        candidates.clear();
        candidates.extend(memchr::memchr3_iter(b'.', b'!', b'?', s.as_bytes()));
        if !ascii {
            let bytes = s.as_bytes();
            let others = memchr::memchr3_iter(0xe2, 0xe3, 0xef, bytes)
                .chain(memchr::memchr3_iter(0xd8, 0xdb, 0xe0, bytes));
            for i in others {
                let c = char_at(s, i);
                if is_terminator(c) || is_cjk_terminator(c) {
                    candidates.push(i);
                } else if is_bullet(c) && s[..i].chars().next_back().is_none_or(char::is_whitespace)
                {
                    cuts.push(i);
                }
            }
            candidates.sort_unstable();
        }
        let in_marker = |k: usize| markers.iter().any(|m| m.at <= k && k < m.end);
        let mut last_cut = 0;
        let mut resume = 0;
        for &k in candidates.iter() {
            if k < resume || (!markers.is_empty() && in_marker(k)) {
                continue;
            }
            let c = char_at(s, k);
            if is_cjk_terminator(c) {
                let mut j = k + c.len_utf8();
                while j < n && (is_cjk_terminator(char_at(s, j)) || is_closer(char_at(s, j))) {
                    j += char_at(s, j).len_utf8();
                }
                let m = next_non_ws(s, j);
                if m < n {
                    cuts.push(m);
                    last_cut = m;
                }
                resume = j;
                continue;
            }
            let (j, cut) = self.decide(s, k, last_cut);
            if let Some(m) = cut {
                cuts.push(m);
                last_cut = m;
            }
            resume = j;
        }
        cuts.sort_unstable();
        cuts.dedup();
        // Turn cuts into trimmed byte ranges; a piece with no letter or digit (a stray
        // ellipsis, a lone bullet) joins its neighbour.
        bounds.clear();
        bounds.push(0);
        bounds.extend(cuts.iter().copied().filter(|&c| c > 0 && c < n));
        bounds.push(n);
        pieces.clear();
        for w in bounds.windows(2) {
            let (a, b) = (w[0], w[1]);
            let piece = &s[a..b];
            let lead = piece.len() - piece.trim_start().len();
            let trimmed = piece.trim();
            if trimmed.is_empty() {
                continue;
            }
            // Trimming must not leave a combining mark without its base (" \u{301}").
            let start = if char_at(s, a + lead).is_ascii() {
                a + lead
            } else {
                grapheme_floor(s, a + lead)
            };
            let r = start..a + lead + trimmed.len();
            if !trimmed.chars().any(char::is_alphanumeric) {
                if let Some(prev) = pieces.last_mut() {
                    prev.end = r.end;
                    continue;
                }
            }
            if let Some(prev) = pieces.last() {
                if !s[prev.clone()].chars().any(char::is_alphanumeric) {
                    let start = prev.start;
                    pieces.pop();
                    pieces.push(start..r.end);
                    continue;
                }
            }
            pieces.push(r);
        }
        out.extend(
            pieces
                .iter()
                .map(|r| unit.start + r.start..unit.start + r.end),
        );
    }

    /// Inline enumerations: markers whose values run on (1, 2, 3 or a, b, c), the first of
    /// which opens the unit, follows a bullet or follows a sentence's end.
    fn markers(&self, s: &str) -> Vec<Marker> {
        let b = s.as_bytes();
        let n = b.len();
        let mut found = Vec::new();
        // Every marker ends in '.' or ')': look back from each.
        for p in memchr::memchr2_iter(b'.', b')', b) {
            // ".)" is one marker ending: handled from its '.'.
            if b[p] == b')' && p > 0 && b[p - 1] == b'.' {
                continue;
            }
            let end = if b[p] == b'.' && b.get(p + 1) == Some(&b')') {
                p + 2
            } else {
                p + 1
            };
            let mut k = p;
            while k > 0 && p - k < 3 && b[k - 1].is_ascii_digit() {
                k -= 1;
            }
            let value = if k < p {
                s[k..p].parse::<u32>().unwrap_or(0)
            } else if p > 0 && b[p - 1].is_ascii_lowercase() {
                k = p - 1;
                u32::from(b[k] - b'a') + 1
            } else {
                continue;
            };
            // The marker starts a token and is followed by a space and no lower-case word.
            let starts_token = k == 0
                || s[..k]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_whitespace() || is_bullet(c));
            if !starts_token || !b.get(end).is_some_and(u8::is_ascii_whitespace) {
                continue;
            }
            let next = next_non_ws(s, end);
            if next >= n || char_at(s, next).is_lowercase() {
                continue;
            }
            let prev = s[..k].trim_end().chars().next_back();
            let anchored = prev.is_none_or(|c| is_bullet(c) || is_terminator(c) || is_closer(c));
            found.push(Marker {
                at: k,
                end,
                value,
                anchored,
            });
        }
        if found.len() < 2 {
            return Vec::new();
        }
        // Keep the markers that form a run.
        let mut keep = vec![false; found.len()];
        let mut expected: Option<u32> = None;
        for (i, m) in found.iter().enumerate() {
            let continues = expected == Some(m.value);
            let opens = m.anchored && found[i + 1..].iter().any(|x| x.value == m.value + 1);
            if continues || opens {
                expected = Some(m.value + 1);
                keep[i] = true;
            }
        }
        found
            .into_iter()
            .zip(keep)
            .filter_map(|(m, k)| k.then_some(m))
            .collect()
    }

    fn any(&self, f: impl Fn(&Lookup) -> bool) -> bool {
        self.lists.iter().any(|l| f(l))
    }

    /// Decides the terminator cluster at byte `k` of unit `s`: returns the byte offset after
    /// the cluster and, if the sentence ends there, the offset where the next one starts.
    fn decide(&self, s: &str, k: usize, sentence_start: usize) -> (usize, Option<usize>) {
        let b = s.as_bytes();
        let n = s.len();
        // The cluster: terminators, a spaced ellipsis (". . ."), then closing quotes/brackets.
        let mut j = k;
        let mut dots = 0;
        let mut other = false;
        let mut spaced = false;
        while j < n {
            let c = char_at(s, j);
            if c == '.' {
                dots += 1;
            } else if c == '…' {
                dots += 3;
            } else if is_terminator(c) {
                other = true;
            } else if c == ' ' && j > k && b[j - 1] == b'.' && b.get(j + 1) == Some(&b'.') {
                spaced = true;
            } else {
                break;
            }
            j += c.len_utf8();
        }
        let prev = s[..k].chars().next_back();
        let attached = prev.is_some_and(|p| !p.is_whitespace());
        let bracketed = matches!(prev, Some('[' | '(')) && matches!(char_at(s, j), ']' | ')');
        while j < n && is_closer(char_at(s, j)) {
            j += char_at(s, j).len_utf8();
        }
        if bracketed {
            return (j, None);
        }
        let m = next_non_ws(s, j);
        if m >= n {
            return (j, None); // the unit's end ends the sentence anyway
        }
        let ws = char_at(s, j).is_whitespace();
        let tok_start = start_of_token(s, k);
        let prev_token = &s[tok_start..k];
        if !ws {
            // "42.The": a lower-case word or number run into a capitalised word.
            let tok_end = s[k..].find(char::is_whitespace).map_or(n, |e| k + e);
            let whole = &s[tok_start..tok_end];
            let mut after = s[j..].chars();
            let glued = dots == 1
                && !other
                && prev_token
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit())
                && !prev_token.contains('.')
                && !whole.contains(['@', '/', ':'])
                && after.next().is_some_and(char::is_uppercase)
                && after.next().is_some_and(char::is_lowercase);
            return (j, glued.then_some(j));
        }
        // The next word, past opening quotes and brackets (and a spaced ellipsis).
        let mut f = m;
        while f < n {
            let c = char_at(s, f);
            if is_opener(c) || c == '.' || c == ' ' {
                f += c.len_utf8();
            } else {
                break;
            }
        }
        let first = s[f..].chars().next();
        let inverted = matches!(char_at(s, m), '¿' | '¡');
        if first.is_some_and(char::is_lowercase) && !inverted {
            return (j, None);
        }
        if spaced && !attached && dots == 3 && !other {
            return (j, None); // ". . ." marks an omission
        }
        if spaced && attached {
            // "compounds. . . . The": the attached period ends the sentence, the ellipsis
            // opens the next.
            return (j, Some(next_non_ws(s, k + 1)));
        }
        if other || dots >= 2 || inverted {
            return (j, Some(m));
        }
        // A single period: what precedes it decides.
        let word = prev_token.trim_start_matches(is_opener);
        // No abbreviation is this long: an ordinary word ends the sentence.
        if word.is_empty() || word.len() > 24 {
            return (j, Some(m));
        }
        let next_word = || -> String {
            s[f..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '\'' || *c == '’')
                .flat_map(char::to_lowercase)
                .collect()
        };
        if is_number(word) {
            if self.german && is_german_month(&next_word()) {
                return (j, None); // "am 3. Oktober"
            }
            return (j, Some(m));
        }
        // Lower-case without allocating for the usual short ASCII word.
        let mut buf = [0u8; 32];
        let owned;
        let lower: &str = if word.is_ascii() && word.len() <= buf.len() {
            let b = &mut buf[..word.len()];
            b.copy_from_slice(word.as_bytes());
            b.make_ascii_lowercase();
            std::str::from_utf8(b).unwrap_or(word)
        } else {
            owned = word.to_lowercase();
            &owned
        };
        if self.any(|l| l.titles.contains(lower)) {
            return (j, None);
        }
        if first.is_some_and(|c| c.is_ascii_digit()) && self.any(|l| l.numeric.contains(lower)) {
            return (j, None);
        }
        let starter = || {
            let w = next_word();
            self.any(|l| l.starters.contains(w.as_str()))
        };
        if lower == "a.m" || lower == "p.m" {
            // "At 5 a.m. Mr. Smith went" (a short opening phrase) versus "He left the bank
            // at 6 P.M. Mr. Smith then went": after a clause, a capital opens a sentence.
            let words_before = s[sentence_start.min(k)..k].split_whitespace().count();
            return (j, (words_before >= 4 || starter()).then_some(m));
        }
        let multi_period = lower.as_bytes().contains(&b'.')
            && lower
                .split('.')
                .all(|p| p.chars().count() <= 3 && !p.is_empty());
        let mut letters = word.chars();
        let single = match (letters.next(), letters.next()) {
            (Some(c), None) => c.is_alphabetic(),
            _ => false,
        };
        if single && word == "I" {
            // The pronoun after a lower-case word ("you and I."), or an initial ("Albert I.").
            let before = s[..tok_start].trim_end();
            let before_token = &before[start_of_token(before, before.len())..];
            if before_token.chars().next().is_some_and(char::is_lowercase) {
                return (j, Some(m));
            }
        }
        if single || multi_period || self.any(|l| l.general.contains(lower)) {
            return (j, starter().then_some(m));
        }
        (j, Some(m))
    }
}

/// The grapheme-cluster boundary at or before byte `i` of `s`.
fn grapheme_floor(s: &str, i: usize) -> usize {
    let mut cursor = unicode_segmentation::GraphemeCursor::new(i, s.len(), true);
    match cursor.is_boundary(s, 0) {
        Ok(true) => i,
        _ => cursor.prev_boundary(s, 0).ok().flatten().unwrap_or(0),
    }
}

/// The first non-whitespace byte offset at or after `j` (`s.len()` if none).
fn next_non_ws(s: &str, j: usize) -> usize {
    let b = s.as_bytes();
    let mut i = j;
    while i < b.len() && is_ws_byte(b[i]) {
        i += 1;
    }
    if i == b.len() || b[i].is_ascii() {
        return i;
    }
    s[i..]
        .find(|c: char| !c.is_whitespace())
        .map_or(s.len(), |k| i + k)
}

/// ASCII whitespace as `char::is_whitespace` sees it (vertical tab included).
#[inline]
fn is_ws_byte(b: u8) -> bool {
    matches!(b, b' ' | b'\t'..=b'\r')
}

/// The start of the whitespace-delimited token that ends at byte `k`.
fn start_of_token(s: &str, k: usize) -> usize {
    let b = s.as_bytes();
    let mut i = k;
    while i > 0 && b[i - 1].is_ascii() && !is_ws_byte(b[i - 1]) {
        i -= 1;
    }
    if i == 0 || b[i - 1].is_ascii() {
        return i;
    }
    s[..i]
        .rfind(char::is_whitespace)
        .map_or(0, |i| i + char_at(s, i).len_utf8())
}

/// `55`, `$100.00`, `1,200.50`, `1026.253.553`, `20%`.
fn is_number(w: &str) -> bool {
    let core = w
        .trim_start_matches(['$', '€', '£', '¥', '#', '+', '-'])
        .trim_end_matches(['%', '°']);
    !core.is_empty()
        && core.chars().next().is_some_and(|c| c.is_ascii_digit())
        && core
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '\'' | ' '))
}

fn is_german_month(w: &str) -> bool {
    matches!(
        w,
        "januar"
            | "jänner"
            | "februar"
            | "märz"
            | "april"
            | "mai"
            | "juni"
            | "juli"
            | "august"
            | "september"
            | "oktober"
            | "november"
            | "dezember"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn all_units(text: &str) -> Vec<Range<usize>> {
        let mut out = Vec::new();
        units(text, |u| out.push(u));
        out
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        /// Scanning batch by batch finds exactly the units of one scan of the whole text.
        #[test]
        fn batches_start_where_units_can(
            lines in proptest::collection::vec(
                prop_oneof![
                    Just(""), Just("  "), Just("\r"), Just("```"), Just("  ~~~ rust"),
                    Just("Some prose. More of it."), Just("# Heading"), Just("- item"),
                    Just("| a | b |"), Just("===="), Just("x ``` y"), Just("é. Ü?"),
                ],
                0..60,
            ),
            target in 1usize..80,
        ) {
            let text = lines.join("\n");
            let bounds = batch_bounds(&text, target);
            prop_assert_eq!(bounds.first(), Some(&0));
            prop_assert_eq!(bounds.last(), Some(&text.len()));
            let mut pieced = Vec::new();
            for w in bounds.windows(2) {
                prop_assert!(w[0] < w[1] || text.is_empty());
                units(&text[w[0]..w[1]], |u| pieced.push(w[0] + u.start..w[0] + u.end));
            }
            prop_assert_eq!(pieced, all_units(&text));
        }
    }

    #[test]
    fn long_texts_split_in_parallel_as_in_one_pass() {
        let para = "Dr. Smith arrived at 5 p.m. in the U.S. He said: \"Fine.\" Then he left...\n\
                    A second line 3.5 times longer. (Really?) Yes!\n\n";
        let fenced = "```\nNot. Split. Here.\n\nStill code.\n```\n\n1. One\n2. Two\n\n";
        let mut text = String::new();
        let mut i = 0;
        while text.len() < 3 * PARALLEL_BYTES {
            text.push_str(if i % 7 == 3 { fenced } else { para });
            i += 1;
        }
        let splitter = Splitter::new(&SentenceOptions::default());
        let one_pass = splitter.split_span(&text, 0..text.len());
        assert_eq!(
            split_sentences(&text, &SentenceOptions::default()),
            one_pass
        );
        let mut batches = 0;
        split_sentences_batched(&text, &SentenceOptions::default(), |_| batches += 1);
        assert!(batches > 1, "a long text is split in batches");
    }

    fn split<'a>(text: &'a str, lang: &str) -> Vec<&'a str> {
        sentences(
            text,
            &SentenceOptions {
                language: lang.into(),
            },
        )
        .collect()
    }

    #[test]
    fn hard_boundaries() {
        let t = "# Title\nFirst line\ncontinues here. Second.\n\n- item one\n- item two\n\nLast";
        assert_eq!(
            split(t, "en"),
            [
                "# Title",
                "First line\ncontinues here.",
                "Second.",
                "- item one",
                "- item two",
                "Last"
            ]
        );
    }

    #[test]
    fn cjk_and_spanish() {
        assert_eq!(
            split("今日は晴れです。明日は雨！本当？", "en"),
            ["今日は晴れです。", "明日は雨！", "本当？"]
        );
        assert_eq!(
            split("¿Qué hora es? ¡Son las tres! Vale.", "es"),
            ["¿Qué hora es?", "¡Son las tres!", "Vale."]
        );
    }

    #[test]
    fn versions_decimals_and_glued_sentences() {
        assert_eq!(
            split("Use v1.2.3 or 3.5 now. It works.", "en"),
            ["Use v1.2.3 or 3.5 now.", "It works."]
        );
        assert_eq!(
            split("The answer is 42.The end.", "en"),
            ["The answer is 42.", "The end."]
        );
        assert_eq!(
            split("See config.yaml and www.example.com. Done.", "en"),
            ["See config.yaml and www.example.com.", "Done."]
        );
    }

    #[test]
    fn languages() {
        assert_eq!(
            split("Das ist z.B. ein Test. Er kam am 3. Oktober.", "de"),
            ["Das ist z.B. ein Test.", "Er kam am 3. Oktober."]
        );
        assert_eq!(
            split("Voir p. 5 du doc. M. Dupont arrive.", "fr"),
            ["Voir p. 5 du doc.", "M. Dupont arrive."]
        );
        assert_eq!(
            split("Это было в 2020 г. Потом всё изменилось.", "ru"),
            ["Это было в 2020 г.", "Потом всё изменилось."]
        );
    }
}
