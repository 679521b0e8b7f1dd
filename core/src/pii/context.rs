//! Context around a candidate: the words just before it, and its boundaries.

/// The up to `n` bytes of `text` before byte `start`, lower-cased (on a char boundary).
pub(crate) fn before(text: &str, start: usize, n: usize) -> String {
    let mut from = start.saturating_sub(n);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    text[from..start].to_lowercase()
}

/// Whether one of `words` occurs in the `n` bytes before `start`.
pub(crate) fn has_before(text: &str, start: usize, n: usize, words: &[&str]) -> bool {
    let b = before(text, start, n);
    words.iter().any(|w| b.contains(w))
}

/// Whether the candidate at `span` is not glued to a letter or digit on either side, nor
/// to one of `joiners` that itself touches a letter or digit (so `A12345678`, `1-2345678`
/// or `12.345.678.9` do not yield a match inside them, while a sentence's `,` or `.` after
/// the candidate is fine).
pub(crate) fn standalone(text: &str, span: &std::ops::Range<usize>, joiners: &[char]) -> bool {
    let mut before = text[..span.start].chars().rev();
    let mut after = text[span.end..].chars();
    let word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let glued = |first: Option<char>, second: Option<char>| {
        word(first) || first.is_some_and(|c| joiners.contains(&c)) && word(second)
    };
    let (p1, p2) = (before.next(), before.next());
    let (n1, n2) = (after.next(), after.next());
    !glued(p1, p2) && !glued(n1, n2)
}

/// The ASCII digits of `s`.
pub(crate) fn digits(s: &str) -> Vec<u8> {
    s.bytes()
        .filter(u8::is_ascii_digit)
        .map(|b| b - b'0')
        .collect()
}

/// Runs `re` over `text` calling `accept` on each candidate; when a candidate is
/// rejected, the search resumes at its next group (after its first separator) instead of
/// after its end, so a stray number before a card or phone number does not hide it.
pub(crate) fn scan(re: &regex::Regex, text: &str, mut accept: impl FnMut(regex::Match) -> bool) {
    let mut pos = 0;
    while pos <= text.len() {
        let Some(m) = re.find_at(text, pos) else {
            break;
        };
        if accept(m) {
            pos = m.end().max(m.start() + 1);
            continue;
        }
        let s = m.as_str();
        let next = s
            .char_indices()
            .find(|(_, c)| !c.is_alphanumeric())
            .map(|(i, c)| i + c.len_utf8())
            .unwrap_or_else(|| s.chars().next().map_or(1, char::len_utf8));
        pos = m.start() + next;
        while pos < text.len() && !text.is_char_boundary(pos) {
            pos += 1;
        }
    }
}

/// Which letter-digit adjacencies `text` holds: the cheap test that lets recognizers of
/// codes like `ABCDE1234F` (PAN), `AB 12 34 56 C` (NINO) or `GB82...` (IBAN) skip prose,
/// which writes numbers apart from words.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Adjacency {
    /// An ASCII letter right before a digit (`B2`, `gb42`).
    pub letter_digit: bool,
    /// An upper-case ASCII letter right before a digit (`E1`).
    pub upper_digit: bool,
    /// An upper-case ASCII letter, a space, then a digit (`B 1`).
    pub upper_space_digit: bool,
}

/// The [`Adjacency`] of `text`, looking only around its digits.
pub(crate) fn adjacency(text: &str) -> Adjacency {
    let b = text.as_bytes();
    let mut a = Adjacency::default();
    let mut at = |i: usize| {
        if i == 0 {
            return;
        }
        let p = b[i - 1];
        if p.is_ascii_alphabetic() {
            a.letter_digit = true;
            a.upper_digit |= p.is_ascii_uppercase();
        } else if p == b' ' && i >= 2 && b[i - 2].is_ascii_uppercase() {
            a.upper_space_digit = true;
        }
    };
    for (c, chunk) in b.chunks(32).enumerate() {
        if chunk
            .iter()
            .fold(0u8, |n, x| n | u8::from(x.is_ascii_digit()))
            == 0
        {
            continue;
        }
        for (j, x) in chunk.iter().enumerate() {
            if x.is_ascii_digit() {
                at(c * 32 + j);
            }
        }
    }
    a
}

/// The most ASCII digits in one numeric run of `text`: digits joined by spaces, `.`, `-`,
/// `/`, `(` or `)`. Every number the digit-based recognizers accept has its digits inside
/// one such run (their patterns join digits with no other character), so a recognizer
/// whose numbers hold at least `k` digits cannot match text where this is below `k`, and
/// is skipped: the prefilter that keeps PII detection fast on prose.
///
/// Counting stops at [`ENOUGH_DIGITS`], the most any recognizer asks for, so text dense
/// with numbers is not read to its end.
pub(crate) fn longest_digit_run(text: &str) -> usize {
    /// The longest run so far and the current one.
    #[derive(Default)]
    struct Runs {
        best: usize,
        run: usize,
    }
    impl Runs {
        fn step(&mut self, b: u8) {
            match b {
                b'0'..=b'9' => self.run += 1,
                b' ' | b'.' | b'-' | b'/' | b'(' | b')' => {}
                _ => self.end(),
            }
        }
        fn end(&mut self) {
            self.best = self.best.max(self.run);
            self.run = 0;
        }
    }
    let mut r = Runs::default();
    // Prose has few digits: a chunk without any (tested in a form the compiler vectorises)
    // only ends the current run, unless it is all joiners.
    let chunks = text.as_bytes().chunks_exact(32);
    let rest = chunks.remainder();
    for chunk in chunks {
        let digits = chunk
            .iter()
            .fold(0u8, |n, b| n | u8::from(b.is_ascii_digit()));
        if digits == 0 {
            let breaks = chunk.iter().fold(0u8, |n, &b| {
                n | u8::from(!matches!(b, b' ' | b'.' | b'-' | b'/' | b'(' | b')'))
            });
            if breaks != 0 {
                r.end();
            }
            continue;
        }
        chunk.iter().for_each(|&b| r.step(b));
        if r.best.max(r.run) >= ENOUGH_DIGITS {
            return ENOUGH_DIGITS;
        }
    }
    rest.iter().for_each(|&b| r.step(b));
    r.best.max(r.run).min(ENOUGH_DIGITS)
}

/// The most digits in one run that a recognizer's prefilter asks for (cards and Aadhaar
/// numbers hold twelve or more).
pub(crate) const ENOUGH_DIGITS: usize = 12;

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(1000))]

        /// The chunked scan agrees with a byte-by-byte one.
        #[test]
        fn longest_digit_run_matches_a_plain_scan(s in "([a .(]{0,40}[0-9-]{0,9}){0,10}") {
            let (mut best, mut run) = (0, 0);
            for b in s.bytes() {
                match b {
                    b'0'..=b'9' => run += 1,
                    b' ' | b'.' | b'-' | b'/' | b'(' | b')' => {}
                    _ => {
                        best = best.max(run);
                        run = 0;
                    }
                }
            }
            prop_assert_eq!(longest_digit_run(&s), best.max(run).min(ENOUGH_DIGITS));
        }

        /// The chunked adjacency test agrees with a look at every pair and triple.
        #[test]
        fn adjacency_matches_a_plain_scan(s in "([a A.(]{0,40}[0-9-]{0,6}){0,10}") {
            let b = s.as_bytes();
            let want = Adjacency {
                letter_digit: b.windows(2).any(|w| w[0].is_ascii_alphabetic() && w[1].is_ascii_digit()),
                upper_digit: b.windows(2).any(|w| w[0].is_ascii_uppercase() && w[1].is_ascii_digit()),
                upper_space_digit: b
                    .windows(3)
                    .any(|w| w[0].is_ascii_uppercase() && w[1] == b' ' && w[2].is_ascii_digit()),
            };
            prop_assert_eq!(adjacency(&s), want);
        }
    }
}
