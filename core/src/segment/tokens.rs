//! Token counting behind one type, chosen by one option everywhere (`tokenizer`):
//!
//! * `"estimate"` (default): built in, no tables, tens of MB/s; close to `cl100k_base` on
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

/// The built-in estimate, shaped after byte-pair encodings trained on web text: a common
/// word with its leading space is one token, long words split every few letters, digits
/// go in groups of three, each punctuation mark is a token, runs of whitespace merge, and
/// text in other scripts costs about a token per two to three bytes (one per CJK character).
fn estimate(text: &str) -> usize {
    let mut tokens = 0usize;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c.is_alphabetic() && (c.is_ascii() || ('\u{c0}'..='\u{24f}').contains(&c)) {
            let mut len = 1usize;
            let mut accented = usize::from(!c.is_ascii());
            while let Some(&n) = chars.peek() {
                if n.is_alphabetic() && (n.is_ascii() || ('\u{c0}'..='\u{24f}').contains(&n)) {
                    len += 1;
                    accented += usize::from(!n.is_ascii());
                    chars.next();
                } else {
                    break;
                }
            }
            let len = len + accented; // accented letters cost about double
            tokens += if len <= 6 {
                1
            } else {
                1 + (len - 6).div_ceil(4)
            };
        } else if c.is_ascii_digit() {
            let mut len = 1usize;
            while chars.peek().is_some_and(|n| n.is_ascii_digit()) {
                len += 1;
                chars.next();
            }
            tokens += len.div_ceil(3);
        } else if c.is_whitespace() {
            let mut newlines = usize::from(c == '\n');
            let mut len = 1;
            while chars.peek().is_some_and(|n| n.is_whitespace()) {
                newlines += usize::from(chars.next() == Some('\n'));
                len += 1;
            }
            // One space is absorbed by the next word; longer runs and line breaks are tokens.
            if newlines > 0 || len > 1 {
                tokens += 1;
            }
        } else if is_cjk(c) {
            tokens += 1;
        } else if c.is_alphabetic() {
            let mut bytes = c.len_utf8();
            while let Some(&n) = chars.peek() {
                if n.is_alphabetic() && !n.is_ascii() && !is_cjk(n) {
                    bytes += n.len_utf8();
                    chars.next();
                } else {
                    break;
                }
            }
            tokens += bytes.div_ceil(5).max(1);
        } else {
            tokens += if c.is_ascii() {
                1
            } else {
                c.len_utf8().div_ceil(2)
            };
        }
    }
    tokens
}

fn is_cjk(c: char) -> bool {
    matches!(u32::from(c), 0x3040..=0x30ff | 0x3400..=0x4dbf | 0x4e00..=0x9fff | 0xac00..=0xd7af | 0xf900..=0xfaff | 0x20000..=0x2ffff)
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

    #[test]
    fn unknown_spec_names_the_option() {
        let e = Tokenizer::from_spec("no-such-tokenizer").unwrap_err();
        assert!(e.to_string().contains("tokenizer"));
    }

    #[cfg(feature = "tiktoken")]
    #[test]
    fn tiktoken_counts_exactly() {
        assert_eq!(count_tokens("Hello world", "cl100k_base").unwrap(), 2);
        assert_eq!(count_tokens("Hello world", "o200k_base").unwrap(), 2);
    }
}
