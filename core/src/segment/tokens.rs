//! Token counting behind one type, chosen by one option everywhere (`tokenizer`):
//!
//! * `"estimate"` (default): built in, no tables, the fastest; close to `cl100k_base` on
//!   prose (see `benches/RESULTS.md` for the measured error);
//! * `"cl100k_base"`, `"o200k_base"`: OpenAI's encodings, exact (cargo feature `tiktoken`;
//!   the tables ship inside the crate, nothing is downloaded);
//! * a path to a Hugging Face `tokenizer.json`: exact for that model (feature `hf-tokenizers`).
//!
//! Loaded tokenizers are cached by their specification, so asking again is free.

use std::collections::HashMap;
#[cfg(any(feature = "tiktoken", feature = "hf-tokenizers"))]
use std::sync::Arc;
use std::sync::{Mutex, OnceLock};

use crate::error::{Error, Result};

/// A token counter. Cheap to clone (shared tables).
#[derive(Clone)]
pub struct Tokenizer {
    kind: Kind,
    spec: String,
}

#[derive(Clone)]
enum Kind {
    Estimate,
    #[cfg(feature = "tiktoken")]
    Tiktoken(Arc<tiktoken_rs::CoreBPE>),
    #[cfg(feature = "hf-tokenizers")]
    HuggingFace(Arc<tokenizers::Tokenizer>),
}

impl std::fmt::Debug for Tokenizer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Tokenizer({:?})", self.spec)
    }
}

impl Tokenizer {
    /// The built-in estimate.
    pub fn estimate() -> Self {
        Tokenizer {
            kind: Kind::Estimate,
            spec: "estimate".into(),
        }
    }

    /// The tokenizer named by `spec`: `estimate`, `cl100k_base`, `o200k_base`, or a path to
    /// a `tokenizer.json`. Unknown names and unreadable files are an
    /// [`Error::InvalidOption`] for `tokenizer`.
    pub fn from_spec(spec: &str) -> Result<Self> {
        if spec == "estimate" || spec.is_empty() {
            return Ok(Self::estimate());
        }
        static CACHE: OnceLock<Mutex<HashMap<String, Tokenizer>>> = OnceLock::new();
        let cache = CACHE.get_or_init(|| Mutex::new(HashMap::new()));
        if let Some(t) = cache.lock().map_err(|_| poisoned())?.get(spec) {
            return Ok(t.clone());
        }
        let kind = load(spec)?;
        let t = Tokenizer {
            kind,
            spec: spec.to_string(),
        };
        cache
            .lock()
            .map_err(|_| poisoned())?
            .insert(spec.to_string(), t.clone());
        Ok(t)
    }

    /// The specification this tokenizer was made from.
    pub fn spec(&self) -> &str {
        &self.spec
    }

    /// The number of tokens in `text`.
    pub fn count(&self, text: &str) -> usize {
        match &self.kind {
            Kind::Estimate => estimate(text),
            #[cfg(feature = "tiktoken")]
            Kind::Tiktoken(bpe) => bpe.encode_ordinary(text).len(),
            #[cfg(feature = "hf-tokenizers")]
            Kind::HuggingFace(t) => t
                .encode(text, false)
                .map(|e| e.len())
                .unwrap_or_else(|_| estimate(text)),
        }
    }
}

fn poisoned() -> Error {
    Error::Internal {
        detail: "tokenizer cache lock poisoned".into(),
    }
}

fn load(spec: &str) -> Result<Kind> {
    match spec {
        "cl100k_base" | "o200k_base" => load_tiktoken(spec),
        path => load_hf(path),
    }
}

#[cfg(feature = "tiktoken")]
fn load_tiktoken(spec: &str) -> Result<Kind> {
    let bpe = if spec == "cl100k_base" {
        tiktoken_rs::cl100k_base()
    } else {
        tiktoken_rs::o200k_base()
    };
    bpe.map(|b| Kind::Tiktoken(Arc::new(b)))
        .map_err(|e| Error::Internal {
            detail: format!("loading {spec}: {e}"),
        })
}

#[cfg(not(feature = "tiktoken"))]
fn load_tiktoken(spec: &str) -> Result<Kind> {
    Err(Error::invalid_option(
        "tokenizer",
        format!("{spec} needs corpusforge built with the `tiktoken` feature"),
    ))
}

#[cfg(feature = "hf-tokenizers")]
fn load_hf(path: &str) -> Result<Kind> {
    if !std::path::Path::new(path).is_file() {
        return Err(unknown(path));
    }
    tokenizers::Tokenizer::from_file(path)
        .map(|t| Kind::HuggingFace(Arc::new(t)))
        .map_err(|e| {
            Error::invalid_option(
                "tokenizer",
                format!("{path}: not a readable tokenizer.json ({e})"),
            )
        })
}

#[cfg(not(feature = "hf-tokenizers"))]
fn load_hf(path: &str) -> Result<Kind> {
    if !std::path::Path::new(path).is_file() {
        return Err(unknown(path));
    }
    Err(Error::invalid_option(
        "tokenizer",
        format!("{path}: tokenizer.json files need the `hf-tokenizers` feature"),
    ))
}

fn unknown(spec: &str) -> Error {
    Error::invalid_option(
        "tokenizer",
        format!(
            "{spec:?} is neither estimate, cl100k_base, o200k_base nor an existing tokenizer.json"
        ),
    )
}

/// Counts the tokens of `text` with the tokenizer named by `tokenizer` (see [`Tokenizer::from_spec`]).
///
/// ```
/// assert_eq!(corpusforge::count_tokens("Hello world", "estimate").unwrap(), 2);
/// ```
pub fn count_tokens(text: &str, tokenizer: &str) -> Result<usize> {
    Ok(Tokenizer::from_spec(tokenizer)?.count(text))
}

/// Character classes of the estimate, by code point range first (cheap) and Unicode
/// properties only for the rest.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Latin,
    Digit,
    Space,
    Cyrillic,
    Greek,
    Cjk,
    OtherLetter,
    Emoji,
    Other,
}

#[inline(always)]
fn class(c: char) -> Class {
    if c.is_ascii() {
        ASCII_CHAR_CLASS[c as usize]
    } else {
        non_ascii_class(c)
    }
}

/// Whether `d` is of class `k`: the main block of each script is checked first, so a run
/// goes on without the full classification of [`class`].
#[inline(always)]
fn in_class(k: Class, d: char) -> bool {
    let quick = match k {
        Class::Latin => {
            d.is_ascii_alphabetic() || (('\u{c0}'..='\u{24f}').contains(&d) && d != '×' && d != '÷')
        }
        Class::Cyrillic => ('\u{400}'..='\u{52f}').contains(&d),
        Class::Greek => ('\u{370}'..='\u{3ff}').contains(&d),
        Class::Cjk => {
            ('\u{4e00}'..='\u{9fff}').contains(&d) || ('\u{3040}'..='\u{30ff}').contains(&d)
        }
        _ => false,
    };
    quick || class(d) == k
}

/// [`class`] of every ASCII character.
const ASCII_CHAR_CLASS: [Class; 128] = {
    let mut t = [Class::Other; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphabetic() {
            Class::Latin
        } else if c.is_ascii_digit() {
            Class::Digit
        } else if matches!(c, b' ' | b'\t' | b'\n' | b'\r') {
            Class::Space
        } else {
            Class::Other
        };
        b += 1;
    }
    t
};

fn non_ascii_class(c: char) -> Class {
    match c {
        '×' | '÷' => Class::Other,
        '\u{c0}'..='\u{24f}' | '\u{1e00}'..='\u{1eff}' => Class::Latin,
        '\u{370}'..='\u{3ff}' | '\u{1f00}'..='\u{1fff}' => Class::Greek,
        '\u{400}'..='\u{52f}' => Class::Cyrillic,
        '\u{3040}'..='\u{30ff}'
        | '\u{3400}'..='\u{4dbf}'
        | '\u{4e00}'..='\u{9fff}'
        | '\u{ac00}'..='\u{d7af}'
        | '\u{f900}'..='\u{faff}'
        | '\u{20000}'..='\u{2ffff}' => Class::Cjk,
        '\u{1f000}'..='\u{1faff}' => Class::Emoji,
        // Dashes, curly quotes, ellipses (General Punctuation) and CJK punctuation (、。「」
        // 【】) are common and hold no letters: skip the Unicode letter tables for them.
        '\u{2000}'..='\u{206f}' | '\u{3000}'..='\u{3004}' | '\u{3008}'..='\u{3020}' => {
            if c.is_whitespace() {
                Class::Space
            } else {
                Class::Other
            }
        }
        c if c.is_whitespace() => Class::Space,
        c if c.is_alphabetic() => Class::OtherLetter,
        _ => Class::Other,
    }
}

/// The built-in estimate, calibrated on `cl100k_base` (see `benches/RESULTS.md`): a word of
/// up to nine Latin letters with its leading space is one token, longer words split every
/// four letters and each accented letter adds one; digits go in threes; runs of punctuation
/// cost a token per two marks; runs of whitespace merge into one; Cyrillic costs a token per two letters,
/// Greek about one per letter, CJK slightly over one per character, other scripts one per
/// three bytes, an emoji two.
fn estimate(text: &str) -> usize {
    let b = text.as_bytes();
    let mut tokens = 0usize;
    let mut i = 0;
    while i < b.len() {
        // Runs of ASCII letters, digits, spaces or punctuation are measured on bytes; a run
        // that goes on into non-ASCII text is measured by `run_at`.
        let (end, cost) = match ascii_run(b, i) {
            Some(run) => run,
            None => run_at(text, i),
        };
        tokens += cost;
        i = end;
    }
    tokens
}

/// Classes of ASCII bytes for the estimate's fast path: letter, digit, space, punctuation.
const ASCII_CLASS: [u8; 128] = {
    let mut t = [3u8; 128];
    let mut b = 0;
    while b < 128 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphabetic() {
            0
        } else if c.is_ascii_digit() {
            1
        } else if matches!(c, b' ' | b'\t' | b'\n' | b'\r') {
            2
        } else {
            3
        };
        b += 1;
    }
    t
};

/// The ASCII run at byte `i` and its cost, if it ends at the text's end or at another
/// ASCII byte (so it is the whole run of its class).
#[inline]
fn ascii_run(b: &[u8], i: usize) -> Option<(usize, usize)> {
    let x = b[i];
    if !x.is_ascii() {
        return None;
    }
    let k = ASCII_CLASS[usize::from(x)];
    let mut j = i + 1;
    let mut newline = x == b'\n';
    while j < b.len() && b[j].is_ascii() && ASCII_CLASS[usize::from(b[j])] == k {
        newline |= b[j] == b'\n';
        j += 1;
    }
    if j < b.len() && !b[j].is_ascii() {
        return None;
    }
    let n = j - i;
    let cost = match k {
        0 => latin_cost(n, 0),
        1 => n.div_ceil(3),
        2 => usize::from(n > 1 || newline),
        _ => n.div_ceil(2),
    };
    Some((j, cost))
}

/// A word of up to nine letters is one token; longer ones add one per four letters, and
/// each non-ASCII letter one more.
#[inline]
fn latin_cost(n: usize, non_ascii: usize) -> usize {
    (if n <= 9 { 1 } else { 1 + (n - 9).div_ceil(4) }) + non_ascii
}

/// The run of one character class starting at byte `i` of `text`, decoded as characters:
/// its end and its cost.
fn run_at(text: &str, i: usize) -> (usize, usize) {
    let mut chars = text[i..].char_indices().peekable();
    let Some((_, c)) = chars.next() else {
        return (text.len(), 0);
    };
    let k = class(c);
    let mut n = 1usize;
    let mut bytes = c.len_utf8();
    let mut non_ascii = usize::from(!c.is_ascii());
    let mut newline = c == '\n';
    let ascii_punct = k == Class::Other && c.is_ascii();
    if !matches!(k, Class::Emoji | Class::Other) || ascii_punct {
        while let Some(&(_, d)) = chars.peek() {
            if !in_class(k, d) || (ascii_punct && !d.is_ascii()) {
                break;
            }
            n += 1;
            bytes += d.len_utf8();
            non_ascii += usize::from(!d.is_ascii());
            newline |= d == '\n';
            chars.next();
        }
    }
    let cost = match k {
        Class::Latin => latin_cost(n, non_ascii),
        Class::Digit => n.div_ceil(3),
        Class::Space => usize::from(newline || n > 1),
        Class::Cyrillic => n.div_ceil(2),
        Class::Greek => (n * 6).div_ceil(7),
        Class::Cjk => n + n / 10,
        Class::OtherLetter => bytes.div_ceil(3),
        Class::Emoji => 2,
        // Runs of ASCII punctuation merge in pairs (`("`, `")`, `={`).
        Class::Other if ascii_punct => n.div_ceil(2),
        Class::Other => c.len_utf8().div_ceil(2),
    };
    (i + bytes, cost)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn estimate_basics() {
        assert_eq!(estimate(""), 0);
        assert_eq!(estimate("Hello world"), 2);
        assert_eq!(estimate("Hello, world!"), 4);
        assert_eq!(estimate("1234567"), 3);
        assert_eq!(estimate("日本語"), 3);
        assert!(estimate("internationalization") >= 3);
    }

    /// The quick checks of `in_class` agree with `class`.
    #[test]
    fn in_class_agrees_with_class() {
        let classes = [
            Class::Latin,
            Class::Digit,
            Class::Space,
            Class::Cyrillic,
            Class::Greek,
            Class::Cjk,
            Class::OtherLetter,
            Class::Emoji,
            Class::Other,
        ];
        for d in ('\0'..='\u{2ffff}').step_by(3) {
            for k in classes {
                assert_eq!(in_class(k, d), class(d) == k, "{d:?}");
            }
        }
    }

    /// The punctuation ranges `class` decides without the letter tables hold no letters.
    #[test]
    fn punctuation_fast_path_holds_no_letters() {
        for c in ('\u{2000}'..='\u{206f}')
            .chain('\u{3000}'..='\u{3004}')
            .chain('\u{3008}'..='\u{3020}')
        {
            assert!(!c.is_alphabetic(), "{c:?}");
        }
    }

    proptest::proptest! {
        /// The byte fast path gives the same count as decoding every run.
        #[test]
        fn ascii_fast_path_matches_char_runs(text in "[a-zA-Z0-9 ,.\\n\t()éßЖλ日🙂\u{a0}-]{0,60}") {
            let mut i = 0;
            let mut slow = 0;
            while i < text.len() {
                let (end, cost) = run_at(&text, i);
                slow += cost;
                i = end;
            }
            proptest::prop_assert_eq!(estimate(&text), slow);
        }
    }

    #[test]
    fn unknown_spec_names_the_option() {
        let e = Tokenizer::from_spec("no-such-tokenizer").unwrap_err();
        assert!(e.to_string().contains("tokenizer"));
    }

    /// The estimate stays within 10% of cl100k_base on English prose.
    #[cfg(feature = "tiktoken")]
    #[test]
    fn estimate_is_close_to_cl100k_on_prose() {
        let text = "The committee reviewed the proposal in detail and agreed to publish the results \
            next month. Several members asked for more data on costs, schedules and risks; the chair \
            promised a revised draft by Friday. Version 2.3 of the report adds tables for 2019-2024 \
            and corrects two errors in section 4.\n\n"
            .repeat(20);
        let exact = count_tokens(&text, "cl100k_base").unwrap() as f64;
        let est = estimate(&text) as f64;
        assert!(
            ((est - exact) / exact).abs() < 0.10,
            "estimate {est} vs cl100k {exact}"
        );
    }

    #[cfg(feature = "hf-tokenizers")]
    #[test]
    fn hugging_face_tokenizer_json() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../tests/segment/wordlevel-tokenizer.json"
        );
        // Whitespace pre-tokenizer: "hello", "world", "foo", "." (unknown words count too).
        assert_eq!(count_tokens("hello world foo.", path).unwrap(), 4);
        let bad = concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml");
        let e = count_tokens("x", bad).unwrap_err();
        assert!(e.to_string().contains("tokenizer.json"), "{e}");
    }

    #[cfg(feature = "tiktoken")]
    #[test]
    fn tiktoken_counts_exactly() {
        assert_eq!(count_tokens("Hello world", "cl100k_base").unwrap(), 2);
        assert_eq!(count_tokens("Hello world", "o200k_base").unwrap(), 2);
    }
}
