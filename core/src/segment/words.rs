//! Words by Unicode's word boundaries (UAX #29), the one definition every stage uses.
//!
//! ASCII text, most of any corpus, takes a byte scan that applies the same rules (letters,
//! digits and `_` join; `:` `.` `'` join letters; `,` `;` `.` `'` join digits); other text
//! goes through `unicode-segmentation` (per whitespace-separated chunk). A property test holds the two to the same answers.

use unicode_segmentation::{UnicodeSegmentation, UnicodeWords};

/// The words of `text`: UAX #29 word segments that contain a letter or digit
/// (`can't`, `3.5`, `e-mail` → `e`, `mail`; CJK ideographs count one each).
pub fn words(text: &str) -> Words<'_> {
    if text.is_ascii() {
        // The byte scan treats whitespace as a break, so an ASCII text is one chunk.
        return Words {
            text,
            pos: text.len(),
            cur: Chunk::Ascii { text, pos: 0 },
        };
    }
    Words {
        text,
        pos: 0,
        cur: Chunk::Done,
    }
}

/// The number of [`words`] in `text`.
///
/// ```
/// assert_eq!(corpusforge::count_words("Don't panic: it's 3.5 km, 東京!"), 7);
/// ```
pub fn count_words(text: &str) -> usize {
    words(text).count()
}

/// Iterator of [`words`]. No UAX #29 rule joins across ASCII whitespace, so the text is
/// taken one whitespace-separated chunk at a time: ASCII chunks by the byte scan, others by
/// `unicode-segmentation`.
pub struct Words<'a> {
    text: &'a str,
    pos: usize,
    cur: Chunk<'a>,
}

enum Chunk<'a> {
    Ascii { text: &'a str, pos: usize },
    Unicode(UnicodeWords<'a>),
    Done,
}

#[derive(Clone, Copy, PartialEq)]
enum Class {
    Letter,
    Digit,
    Connector,
    Other,
}

/// The class of every byte, looked up rather than matched: the scan's inner loop.
const CLASS: [Class; 256] = {
    let mut t = [Class::Other; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = if c.is_ascii_alphabetic() {
            Class::Letter
        } else if c.is_ascii_digit() {
            Class::Digit
        } else if c == b'_' {
            Class::Connector
        } else {
            Class::Other
        };
        b += 1;
    }
    t
};

#[inline]
fn class(b: u8) -> Class {
    CLASS[usize::from(b)]
}

/// The next word of an ASCII chunk, by UAX #29's rules restricted to ASCII.
fn next_ascii<'a>(text: &'a str, pos: &mut usize) -> Option<&'a str> {
    let b = text.as_bytes();
    loop {
        while *pos < b.len() && class(b[*pos]) == Class::Other {
            *pos += 1;
        }
        if *pos >= b.len() {
            return None;
        }
        let start = *pos;
        let mut last = class(b[*pos]);
        let mut alnum = last != Class::Connector;
        *pos += 1;
        while *pos < b.len() {
            let c = class(b[*pos]);
            if c != Class::Other {
                last = c;
                alnum |= c != Class::Connector;
                *pos += 1;
                continue;
            }
            // WB6/7 (letter mid letter) and WB11/12 (digit mid digit).
            let next = b.get(*pos + 1).map(|&n| class(n));
            let joins = matches!(
                (last, b[*pos], next),
                (Class::Letter, b':' | b'.' | b'\'', Some(Class::Letter))
                    | (Class::Digit, b',' | b';' | b'.' | b'\'', Some(Class::Digit))
            );
            if !joins {
                break;
            }
            *pos += 1;
        }
        if alnum {
            return Some(&text[start..*pos]);
        }
    }
}

impl<'a> Iterator for Words<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        loop {
            let found = match &mut self.cur {
                Chunk::Ascii { text, pos } => next_ascii(text, pos),
                Chunk::Unicode(w) => w.next(),
                Chunk::Done => None,
            };
            if found.is_some() {
                return found;
            }
            let b = self.text.as_bytes();
            while self.pos < b.len() && b[self.pos].is_ascii_whitespace() {
                self.pos += 1;
            }
            if self.pos >= b.len() {
                self.cur = Chunk::Done;
                return None;
            }
            let start = self.pos;
            while self.pos < b.len() && !b[self.pos].is_ascii_whitespace() {
                self.pos += 1;
            }
            let chunk = &self.text[start..self.pos];
            self.cur = if chunk.is_ascii() {
                Chunk::Ascii {
                    text: chunk,
                    pos: 0,
                }
            } else {
                Chunk::Unicode(chunk.unicode_words())
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn counts() {
        assert_eq!(count_words(""), 0);
        assert_eq!(count_words("Hello, world!"), 2);
        assert_eq!(count_words("can't stop e-mail 3.5 1,000 U.S.A. a_b"), 8);
        assert_eq!(
            count_words("日本語のテキスト"),
            words("日本語のテキスト").count()
        );
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn ascii_scan_agrees_with_unicode_segmentation(s in "[a-cA-C0-2_.,;:' \\-\\n\\t!é東\u{301}\u{a0}]{0,40}") {
            let fast: Vec<&str> = words(&s).collect();
            let slow: Vec<&str> = s.unicode_words().collect();
            prop_assert_eq!(fast, slow);
        }
    }
}
