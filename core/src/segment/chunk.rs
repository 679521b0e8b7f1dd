//! Chunking: cut text into pieces that never exceed a capacity (characters or tokens),
//! cutting at the strongest boundary that fits.
//!
//! Boundaries, strongest first: Markdown section (before a heading), paragraph (blank
//! line; a fenced code block is never cut at a blank line inside it), line (so table rows
//! stay whole), sentence, word, grapheme, character. The text is split top-down only where
//! a piece does not fit; then pieces are packed greedily, each chunk ending at the strongest
//! boundary among the ends that fit (the longest chunk at that level). With `overlap`, each
//! chunk starts on a boundary inside the previous one, at most `overlap` units before its end.

use std::ops::Range;

use serde::{Deserialize, Serialize};
use unicode_segmentation::UnicodeSegmentation;

use super::sentences::{split_sentences, SentenceOptions};
use super::tokens::Tokenizer;
use crate::error::{Error, Result};

/// Options of [`chunk`]. Give exactly one of `max_chars` and `max_tokens`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct ChunkOptions {
    /// Capacity in characters (Unicode scalar values).
    pub max_chars: Option<usize>,
    /// Capacity in tokens of `tokenizer`.
    pub max_tokens: Option<usize>,
    /// Chunks shorter than this (characters) are avoided when a longer end fits.
    pub min_chars: Option<usize>,
    /// Chunks shorter than this (tokens) are avoided when a longer end fits.
    pub min_tokens: Option<usize>,
    /// How much of the previous chunk the next one repeats, in the capacity's unit. Default 0.
    pub overlap: usize,
    /// Token counter: `estimate` (default), `cl100k_base`, `o200k_base` or a `tokenizer.json`
    /// path. Measures `max_tokens` and every chunk's `n_tokens`.
    pub tokenizer: String,
    /// Language of the text, for sentence boundaries (see [`SentenceOptions`]). Default `en`.
    pub language: String,
}

impl Default for ChunkOptions {
    fn default() -> Self {
        ChunkOptions {
            max_chars: None,
            max_tokens: None,
            min_chars: None,
            min_tokens: None,
            overlap: 0,
            tokenizer: "estimate".into(),
            language: "en".into(),
        }
    }
}

impl crate::options::StageOptions for ChunkOptions {
    const STAGE: &'static str = "chunk";
    const FIELDS: &'static [&'static str] = &[
        "max_chars",
        "max_tokens",
        "min_chars",
        "min_tokens",
        "overlap",
        "tokenizer",
        "language",
    ];
}

/// One chunk of text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Chunk {
    /// The chunk's text (no leading or trailing whitespace).
    pub text: String,
    /// Byte range of the chunk in the input.
    pub span: Range<usize>,
    /// Tokens in `text`, by the configured tokenizer.
    pub n_tokens: usize,
}

/// Boundary levels, strongest first.
const SECTION: u8 = 0;
const PARAGRAPH: u8 = 1;
const LINE: u8 = 2;
const SENTENCE: u8 = 3;
const WORD: u8 = 4;
const GRAPHEME: u8 = 5;
const CHAR: u8 = 6;
/// The end of the text: stronger than any boundary.
const END: u8 = 0;

enum Measure {
    Chars,
    Tokens(Tokenizer),
}

impl Measure {
    fn size(&self, s: &str) -> usize {
        match self {
            Measure::Chars => s.chars().count(),
            Measure::Tokens(t) => t.count(s),
        }
    }
}

/// Cuts `text` into chunks of at most the configured capacity.
///
/// ```
/// use corpusforge::{chunk, ChunkOptions};
/// let text = "# Intro\n\nFirst paragraph here. It has two sentences.\n\nSecond paragraph.";
/// let opts = ChunkOptions { max_chars: Some(50), ..ChunkOptions::default() };
/// let chunks = chunk(text, &opts).unwrap();
/// let texts: Vec<&str> = chunks.iter().map(|c| c.text.as_str()).collect();
/// assert_eq!(texts, ["# Intro", "First paragraph here. It has two sentences.", "Second paragraph."]);
/// assert!(chunks.iter().all(|c| c.text.chars().count() <= 50));
/// ```
pub fn chunk(text: &str, options: &ChunkOptions) -> Result<Vec<Chunk>> {
    let tokenizer = Tokenizer::from_spec(&options.tokenizer)?;
    let (measure, cap, min) = match (options.max_chars, options.max_tokens) {
        (Some(c), None) => (Measure::Chars, c, options.min_chars.unwrap_or(0)),
        (None, Some(t)) => (
            Measure::Tokens(tokenizer.clone()),
            t,
            options.min_tokens.unwrap_or(0),
        ),
        _ => {
            return Err(Error::invalid_option(
                "max_chars",
                "give exactly one of max_chars and max_tokens",
            ))
        }
    };
    if cap == 0 {
        return Err(Error::invalid_option(
            "max_chars",
            "the capacity must be at least 1",
        ));
    }
    if options.overlap >= cap {
        return Err(Error::invalid_option(
            "overlap",
            "must be smaller than the capacity",
        ));
    }
    if min > cap {
        return Err(Error::invalid_option(
            "min_chars",
            "must not exceed the capacity",
        ));
    }
    let ctx = Ctx {
        text,
        measure,
        cap,
        sentences: SentenceOptions {
            language: options.language.clone(),
        },
    };
    let mut leaves = Vec::new();
    ctx.leaves(0..text.len(), SECTION, END, &mut leaves);
    let spans = ctx.pack(&leaves, min, options.overlap);
    Ok(spans
        .into_iter()
        .map(|span| {
            let t = &text[span.clone()];
            Chunk {
                text: t.to_string(),
                n_tokens: tokenizer.count(t),
                span,
            }
        })
        .collect())
}

struct Ctx<'a> {
    text: &'a str,
    measure: Measure,
    cap: usize,
    sentences: SentenceOptions,
}

/// A piece of the text no larger than the capacity, and the strength of the boundary
/// before it.
struct Leaf {
    range: Range<usize>,
    level: u8,
}

impl Ctx<'_> {
    fn size(&self, r: Range<usize>) -> usize {
        self.measure.size(self.text[r].trim())
    }

    /// Whether a piece is too large to fit whatever its content: a character takes at most
    /// four bytes, so a piece of over four bytes per unit of capacity (trimmed) holds more
    /// characters than the capacity.
    fn surely_too_large(&self, r: Range<usize>) -> bool {
        matches!(self.measure, Measure::Chars) && self.text[r].trim().len() > 4 * self.cap
    }

    fn fits(&self, r: Range<usize>) -> bool {
        // Neither characters nor tokens outnumber bytes (every token covers at least one
        // byte), so a short enough piece fits without counting.
        if r.len() <= self.cap {
            return true;
        }
        !self.surely_too_large(r.clone()) && self.size(r) <= self.cap
    }

    /// Like [`fits`](Self::fits), but a piece far larger than the capacity is taken not to
    /// fit without counting it. Only for splitting: a piece split needlessly is packed back
    /// together, so the chunks are the same.
    fn may_fit(&self, r: Range<usize>) -> bool {
        if matches!(self.measure, Measure::Tokens(_)) && r.len() > 32 * self.cap {
            return false;
        }
        self.fits(r)
    }

    fn leaves(&self, range: Range<usize>, level: u8, incoming: u8, out: &mut Vec<Leaf>) {
        if level > CHAR || self.may_fit(range.clone()) {
            out.push(Leaf {
                range,
                level: incoming,
            });
            return;
        }
        let pieces = self.split(range.clone(), level);
        if pieces.len() <= 1 {
            self.leaves(range, level + 1, incoming, out);
            return;
        }
        for (i, p) in pieces.into_iter().enumerate() {
            let lvl = if i == 0 { incoming } else { level };
            if self.may_fit(p.clone()) {
                out.push(Leaf {
                    range: p,
                    level: lvl,
                });
            } else {
                self.leaves(p, level + 1, lvl, out);
            }
        }
    }

    /// Cuts `range` at every boundary of `level`: contiguous pieces covering it.
    fn split(&self, range: Range<usize>, level: u8) -> Vec<Range<usize>> {
        let s = &self.text[range.clone()];
        let base = range.start;
        let mut cuts: Vec<usize> = match level {
            SECTION => line_starts(s)
                .filter(|&(_, l, fenced)| !fenced && is_heading(l))
                .map(|(i, _, _)| i)
                .collect(),
            PARAGRAPH => {
                // A cut at the first non-blank line after blank lines, outside code fences.
                let mut v = Vec::new();
                let mut blank_before = false;
                for (i, l, fenced) in line_starts(s) {
                    let blank = l.trim().is_empty();
                    if !blank && blank_before && !fenced {
                        v.push(i);
                    }
                    blank_before = blank && !fenced;
                }
                v
            }
            LINE => s.match_indices('\n').map(|(i, _)| i + 1).collect(),
            SENTENCE => split_sentences(s, &self.sentences)
                .into_iter()
                .map(|r| r.start)
                .collect(),
            WORD => {
                let mut v = Vec::new();
                let mut prev_ws = false;
                for (i, c) in s.char_indices() {
                    if !c.is_whitespace() && prev_ws {
                        v.push(i);
                    }
                    prev_ws = c.is_whitespace();
                }
                v
            }
            GRAPHEME => s.grapheme_indices(true).map(|(i, _)| i).collect(),
            _ => s.char_indices().map(|(i, _)| i).collect(),
        };
        cuts.retain(|&c| c > 0 && c < s.len());
        cuts.sort_unstable();
        cuts.dedup();
        let mut out = Vec::with_capacity(cuts.len() + 1);
        let mut prev = 0;
        for c in cuts {
            out.push(base + prev..base + c);
            prev = c;
        }
        out.push(base + prev..base + s.len());
        out
    }

    /// Packs leaves into chunk spans (trimmed of whitespace).
    fn pack(&self, leaves: &[Leaf], min: usize, overlap: usize) -> Vec<Range<usize>> {
        let n = leaves.len();
        // With a tokenizer, each leaf is counted once and spans are first judged by the sum
        // of their leaves (merges across a boundary change a count by a token or so); the
        // chosen chunk is then counted exactly and shortened if it does not fit.
        let prefix: Option<Vec<usize>> = match self.measure {
            Measure::Tokens(_) => {
                let mut p = Vec::with_capacity(n + 1);
                p.push(0);
                for l in leaves {
                    let last = p[p.len() - 1];
                    p.push(last + self.size(l.range.clone()));
                }
                Some(p)
            }
            Measure::Chars => None,
        };
        // In characters, the sum of the leaves' counts bounds a span's (trimmed) count: a
        // span within it fits without counting its characters again.
        let char_prefix: Vec<usize> = match self.measure {
            Measure::Chars => {
                let mut p = Vec::with_capacity(n + 1);
                p.push(0);
                for l in leaves {
                    let last = p[p.len() - 1];
                    p.push(last + self.text[l.range.clone()].chars().count());
                }
                p
            }
            Measure::Tokens(_) => Vec::new(),
        };
        let mut out = Vec::new();
        let mut i = 0;
        // A chunk must end past the previous chunk's last leaf (overlap only repeats).
        let mut min_end = 1;
        while i < n {
            let start = leaves[i].range.start;
            let span = |j: usize| start..leaves[j - 1].range.end;
            // The farthest end that fits (fitting is monotone in the end): gallop from i so
            // no probe measures much more than one chunk, then bisect.
            let fits_fast = |j: usize| match &prefix {
                Some(p) => p[j] - p[i] <= self.cap,
                None => char_prefix[j] - char_prefix[i] <= self.cap || self.fits(span(j)),
            };
            let (mut lo, mut hi) = (i + 1, n);
            let mut step = 1;
            while lo + step <= n && fits_fast(lo + step) {
                lo += step;
                step *= 2;
            }
            hi = hi.min(lo + step - 1);
            while lo < hi {
                let mid = (lo + hi).div_ceil(2);
                if fits_fast(mid) {
                    lo = mid;
                } else {
                    hi = mid - 1;
                }
            }
            let jmax = lo;
            // Among the ends that fit, the strongest boundary, then the longest chunk; ends
            // that leave the chunk under `min` only when no other fits.
            let strength = |j: usize| if j == n { END } else { leaves[j].level };
            let mut best = jmax;
            let mut best_key = (u8::MAX, true);
            let first_end = (i + 1).max(min_end).min(jmax);
            let last_out = out.last().map_or(0, |r: &Range<usize>| r.end);
            for j in (first_end..=jmax).rev() {
                if j < jmax && trim(self.text, span(j)).end <= last_out {
                    continue; // would add nothing but whitespace to the previous chunk
                }
                let short = min > 0 && self.size(span(j)) < min;
                let key = (strength(j), short);
                if (key.1, key.0) < (best_key.1, best_key.0) {
                    best_key = key;
                    best = j;
                }
            }
            if prefix.is_some() {
                while best > i + 1 && !self.fits(span(best)) {
                    best -= 1;
                }
            }
            let r = trim(self.text, span(best));
            if !r.is_empty() && r.end > last_out {
                out.push(r);
            }
            min_end = best + 1;
            let mut next = best;
            if overlap > 0 && best < n {
                // The earliest boundary whose tail fits in `overlap` and which still leaves
                // room for the next leaf, so every chunk moves past its predecessor.
                let end = leaves[best - 1].range.end;
                let next_end = leaves[best].range.end;
                if let Some(k) = (i + 1..best).find(|&k| {
                    let from = leaves[k].range.start;
                    self.size(from..end) <= overlap && self.fits(from..next_end)
                }) {
                    next = k;
                }
            }
            i = next;
        }
        out
    }
}

fn trim(text: &str, r: Range<usize>) -> Range<usize> {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let t = s.trim();
    r.start + lead..r.start + lead + t.len()
}

fn is_heading(line: &str) -> bool {
    let hashes = line.chars().take_while(|&c| c == '#').count();
    (1..=6).contains(&hashes) && line[hashes..].starts_with([' ', '\t'])
}

/// Each line's start offset, its text, and whether it lies inside a code fence (the
/// opening fence line does not, so a cut before a code block is allowed; the closing one
/// does).
fn line_starts(s: &str) -> impl Iterator<Item = (usize, &str, bool)> {
    let mut pos = 0;
    let mut fenced = false;
    let mut line_ends = memchr::memchr_iter(b'\n', s.as_bytes());
    std::iter::from_fn(move || {
        if pos >= s.len() {
            return None;
        }
        let start = pos;
        pos = line_ends.next().map_or(s.len(), |e| e + 1);
        let line = &s[start..pos];
        let t = line.trim_start();
        let inside = fenced;
        if t.starts_with("```") || t.starts_with("~~~") {
            fenced = !fenced;
        }
        Some((start, line, inside))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(text: &str, opts: ChunkOptions) -> Vec<String> {
        chunk(text, &opts)
            .unwrap()
            .into_iter()
            .map(|c| c.text)
            .collect()
    }

    #[test]
    fn fits_whole() {
        let t = "Short text.";
        assert_eq!(
            texts(
                t,
                ChunkOptions {
                    max_chars: Some(100),
                    ..Default::default()
                }
            ),
            [t]
        );
    }

    #[test]
    fn prefers_paragraphs_then_sentences() {
        let t = "Para one is here.\n\nPara two is a bit longer. It has two sentences.";
        let got = texts(
            t,
            ChunkOptions {
                max_chars: Some(30),
                ..Default::default()
            },
        );
        assert_eq!(
            got,
            [
                "Para one is here.",
                "Para two is a bit longer.",
                "It has two sentences."
            ]
        );
    }

    #[test]
    fn code_fence_not_cut_at_blank_line() {
        let t = "Intro.\n\n```\nfn a() {}\n\nfn b() {}\n```\n\nOutro.";
        let got = texts(
            t,
            ChunkOptions {
                max_chars: Some(40),
                ..Default::default()
            },
        );
        assert!(
            got.iter().any(|c| c.contains("fn a() {}\n\nfn b() {}")),
            "{got:?}"
        );
    }

    #[test]
    fn overlap_repeats_the_tail() {
        let t = "One two three four five six seven eight nine ten.";
        let got = texts(
            t,
            ChunkOptions {
                max_chars: Some(20),
                overlap: 8,
                ..Default::default()
            },
        );
        for w in got.windows(2) {
            let tail: Vec<&str> = w[0].split_whitespace().collect();
            assert!(w[1].starts_with(tail[tail.len() - 1]), "{got:?}");
        }
    }

    #[test]
    fn options_are_checked() {
        let e = chunk("x", &ChunkOptions::default()).unwrap_err();
        assert!(e.to_string().contains("max_chars"));
        let e = chunk(
            "x",
            &ChunkOptions {
                max_chars: Some(10),
                overlap: 10,
                ..Default::default()
            },
        )
        .unwrap_err();
        assert!(e.to_string().contains("overlap"));
    }

    #[test]
    fn tokens_capacity() {
        let t = "word ".repeat(100);
        let chunks = chunk(
            &t,
            &ChunkOptions {
                max_tokens: Some(10),
                ..Default::default()
            },
        )
        .unwrap();
        assert!(chunks.iter().all(|c| c.n_tokens <= 10));
        assert!(chunks.len() >= 10);
    }
}
