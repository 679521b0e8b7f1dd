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

use super::abbreviations::{self, Abbreviations};

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
    let lists: Vec<&Abbreviations> = match options.language.as_str() {
        "auto" => abbreviations::all().collect(),
        lang => abbreviations::for_language(lang).into_iter().collect(),
    };
    let splitter = Splitter {
        lists,
        german: options.language == "de",
    };
    let mut out = Vec::new();
    for unit in units(text) {
        splitter.split_unit(text, unit, &mut out);
    }
    out
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

/// Hard units: paragraphs, headings, list items, table rows; byte ranges of `text`.
fn units(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut cur: Option<Range<usize>> = None;
    let mut in_fence = false;
    let mut pos = 0;
    let flush = |cur: &mut Option<Range<usize>>, out: &mut Vec<Range<usize>>| {
        if let Some(r) = cur.take() {
            out.push(r);
        }
    };
    for line in text.split_inclusive('\n') {
        let start = pos;
        pos += line.len();
        let body = line.trim_end_matches(['\n', '\r']);
        let end = start + body.len();
        let t = body.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            flush(&mut cur, &mut out);
            in_fence = !in_fence;
            out.push(start..end);
            continue;
        }
        if in_fence {
            out.push(start..end);
            continue;
        }
        if t.is_empty() {
            flush(&mut cur, &mut out);
            continue;
        }
        let own_line = is_heading(t) || t.starts_with('|');
        let setext = !t.is_empty()
            && (t.chars().all(|c| c == '=') || t.chars().all(|c| c == '-'))
            && t.len() >= 3;
        if own_line || setext {
            flush(&mut cur, &mut out);
            out.push(start..end);
            continue;
        }
        if is_list_item(t) {
            flush(&mut cur, &mut out);
        }
        match cur.as_mut() {
            Some(r) => r.end = end,
            None => cur = Some(start..end),
        }
    }
    flush(&mut cur, &mut out);
    out
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
    lists: Vec<&'static Abbreviations>,
    german: bool,
}

/// An inline list marker (`1.`, `2.)`, `b)`) found in a unit.
struct Marker {
    /// Char index of the marker's first character.
    at: usize,
    /// Char index just past it.
    end: usize,
    /// Its ordinal: the number, or 1 for `a`.
    value: u32,
    /// Whether it can open an enumeration: at the unit's start, after a bullet, or after a
    /// sentence's end.
    anchored: bool,
}

impl Splitter {
    fn split_unit(&self, text: &str, unit: Range<usize>, out: &mut Vec<Range<usize>>) {
        let s = &text[unit.clone()];
        let chars: Vec<(usize, char)> = s.char_indices().collect();
        let n = chars.len();
        let mut cuts: Vec<usize> = Vec::new(); // char indices where a sentence starts
        let mut skip = vec![false; n];
        for m in self.markers(&chars) {
            skip[m.at..m.end].iter_mut().for_each(|x| *x = true);
            // "• 9. The first item": the bullet already opens the item.
            let after_bullet = chars[..m.at]
                .iter()
                .rev()
                .find(|(_, c)| !c.is_whitespace())
                .is_some_and(|(_, c)| is_bullet(*c));
            if !after_bullet {
                cuts.push(m.at);
            }
        }
        for k in 0..n {
            let c = chars[k].1;
            if is_bullet(c) && (k == 0 || chars[k - 1].1.is_whitespace()) {
                cuts.push(k);
            }
        }
        let mut last_cut = 0;
        let mut k = 0;
        while k < n {
            let c = chars[k].1;
            if skip[k] {
                k += 1;
                continue;
            }
            if is_cjk_terminator(c) {
                let mut j = k + 1;
                while j < n && (is_cjk_terminator(chars[j].1) || is_closer(chars[j].1)) {
                    j += 1;
                }
                let m = next_non_ws(&chars, j);
                if m < n {
                    cuts.push(m);
                    last_cut = m;
                }
                k = j;
                continue;
            }
            if !is_terminator(c) {
                k += 1;
                continue;
            }
            let (j, cut) = self.decide(&chars, k, last_cut);
            if let Some(m) = cut {
                cuts.push(m);
                last_cut = m;
            }
            k = j.max(k + 1);
        }
        cuts.sort_unstable();
        cuts.dedup();
        // Turn cuts into trimmed byte ranges; a piece with no letter or digit (a stray
        // ellipsis, a lone bullet) joins its neighbour.
        let mut bounds: Vec<usize> = vec![0];
        bounds.extend(cuts.into_iter().filter(|&c| c > 0 && c < n));
        bounds.push(n);
        let byte_at = |ci: usize| if ci < n { chars[ci].0 } else { s.len() };
        let mut pieces: Vec<Range<usize>> = Vec::new();
        for w in bounds.windows(2) {
            let (a, b) = (byte_at(w[0]), byte_at(w[1]));
            let piece = &s[a..b];
            let lead = piece.len() - piece.trim_start().len();
            let trimmed = piece.trim();
            if trimmed.is_empty() {
                continue;
            }
            // Trimming must not leave a combining mark without its base (" \u{301}").
            let start = grapheme_floor(s, a + lead);
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
                .into_iter()
                .map(|r| unit.start + r.start..unit.start + r.end),
        );
    }

    /// Inline enumerations: markers whose values run on (1, 2, 3 or a, b, c), the first of
    /// which opens the unit, follows a bullet or follows a sentence's end.
    fn markers(&self, chars: &[(usize, char)]) -> Vec<Marker> {
        let n = chars.len();
        let mut found = Vec::new();
        let mut k = 0;
        while k < n {
            let starts_token =
                k == 0 || chars[k - 1].1.is_whitespace() || is_bullet(chars[k - 1].1);
            if !starts_token {
                k += 1;
                continue;
            }
            let mut j = k;
            let mut value = 0u32;
            while j < n && j - k < 3 && chars[j].1.is_ascii_digit() {
                value = value * 10 + chars[j].1.to_digit(10).unwrap_or(0);
                j += 1;
            }
            if j == k && chars[k].1.is_ascii_lowercase() {
                value = u32::from(chars[k].1) - u32::from('a') + 1;
                j += 1;
            }
            if j == k || j >= n {
                k += 1;
                continue;
            }
            let end = match (chars[j].1, chars.get(j + 1).map(|c| c.1)) {
                ('.', Some(')')) => j + 2,
                ('.' | ')', _) => j + 1,
                _ => {
                    k += 1;
                    continue;
                }
            };
            // A marker is followed by a space and a capitalised word or a digit.
            let next = next_non_ws(chars, end);
            let spaced = end < n && chars[end].1.is_whitespace();
            if spaced && next < n && !chars[next].1.is_lowercase() {
                let prev = chars[..k]
                    .iter()
                    .rev()
                    .find(|(_, c)| !c.is_whitespace())
                    .map(|(_, c)| *c);
                let anchored =
                    prev.is_none_or(|p| is_bullet(p) || is_terminator(p) || is_closer(p));
                found.push(Marker {
                    at: k,
                    end,
                    value,
                    anchored,
                });
            }
            k = end;
        }
        // Keep the markers that form a run.
        let mut keep = Vec::new();
        let mut expected: Option<u32> = None;
        for (i, m) in found.iter().enumerate() {
            let continues = expected == Some(m.value);
            let opens = m.anchored && found[i + 1..].iter().any(|x| x.value == m.value + 1);
            if continues || opens {
                expected = Some(m.value + 1);
                keep.push(i);
            }
        }
        let keep: std::collections::HashSet<usize> = keep.into_iter().collect();
        found
            .into_iter()
            .enumerate()
            .filter_map(|(i, m)| keep.contains(&i).then_some(m))
            .collect()
    }

    fn any(&self, f: impl Fn(&Abbreviations) -> bool) -> bool {
        self.lists.iter().any(|l| f(l))
    }

    /// Decides the terminator cluster starting at char `k`: returns the char index after the
    /// cluster and, if the sentence ends there, the char index where the next one starts.
    fn decide(
        &self,
        chars: &[(usize, char)],
        k: usize,
        sentence_start: usize,
    ) -> (usize, Option<usize>) {
        let n = chars.len();
        // The cluster: terminators, a spaced ellipsis (". . ."), then closing quotes/brackets.
        let mut j = k;
        let mut dots = 0;
        let mut other = false;
        let mut spaced = false;
        while j < n {
            let c = chars[j].1;
            if c == '.' {
                dots += 1;
                j += 1;
            } else if c == '…' {
                dots += 3;
                j += 1;
            } else if is_terminator(c) {
                other = true;
                j += 1;
            } else if c == ' '
                && j > k
                && chars[j - 1].1 == '.'
                && chars.get(j + 1).is_some_and(|x| x.1 == '.')
            {
                spaced = true;
                j += 1;
            } else {
                break;
            }
        }
        let attached = k > 0 && !chars[k - 1].1.is_whitespace();
        let bracketed = k > 0
            && matches!(chars[k - 1].1, '[' | '(')
            && chars.get(j).is_some_and(|x| matches!(x.1, ']' | ')'));
        while j < n && is_closer(chars[j].1) {
            j += 1;
        }
        if bracketed {
            return (j, None);
        }
        let m = next_non_ws(chars, j);
        if m >= n {
            return (j, None); // the unit's end ends the sentence anyway
        }
        let ws = chars[j].1.is_whitespace();
        let prev_token = token_before(chars, k);
        if !ws {
            // "42.The": a lower-case word or number run into a capitalised word.
            let whole: String = chars[start_of_token(chars, k)..]
                .iter()
                .map(|c| c.1)
                .take_while(|c| !c.is_whitespace())
                .collect();
            let glued = dots == 1
                && !other
                && prev_token
                    .chars()
                    .last()
                    .is_some_and(|c| c.is_lowercase() || c.is_ascii_digit())
                && !prev_token.contains('.')
                && !whole.contains(['@', '/', ':'])
                && chars[j].1.is_uppercase()
                && chars.get(j + 1).is_some_and(|c| c.1.is_lowercase());
            return (j, glued.then_some(j));
        }
        // The next word, past opening quotes and brackets (and a spaced ellipsis).
        let mut f = m;
        while f < n && (is_opener(chars[f].1) || chars[f].1 == '.' || chars[f].1 == ' ') {
            f += 1;
        }
        let first = chars.get(f).map(|c| c.1);
        let inverted = matches!(chars[m].1, '¿' | '¡');
        if first.is_some_and(char::is_lowercase) && !inverted {
            return (j, None);
        }
        let next_word: String = chars[f..]
            .iter()
            .map(|c| c.1)
            .take_while(|c| c.is_alphanumeric() || *c == '\'' || *c == '’')
            .collect::<String>()
            .to_lowercase();
        let starter = self.any(|l| l.is_starter(&next_word));
        if spaced && !attached && dots == 3 && !other {
            return (j, None); // ". . ." marks an omission
        }
        if spaced && attached {
            // "compounds. . . . The": the attached period ends the sentence, the ellipsis
            // opens the next.
            return (j, Some(next_non_ws(chars, k + 1)));
        }
        if other || dots >= 2 || inverted {
            return (j, Some(m));
        }
        // A single period: what precedes it decides.
        let word = prev_token.trim_start_matches(is_opener);
        let lower = word.to_lowercase();
        if lower.is_empty() {
            return (j, Some(m));
        }
        if is_number(word) {
            if self.german && is_german_month(&next_word) {
                return (j, None); // "am 3. Oktober"
            }
            return (j, Some(m));
        }
        if self.any(|l| l.is_title(&lower)) {
            return (j, None);
        }
        if first.is_some_and(|c| c.is_ascii_digit()) && self.any(|l| l.is_numeric(&lower)) {
            return (j, None);
        }
        if lower == "a.m" || lower == "p.m" {
            // "At 5 a.m. Mr. Smith went" (a short opening phrase) versus "He left the bank
            // at 6 P.M. Mr. Smith then went": after a clause, a capital opens a sentence.
            let words_before = count_words(&chars[sentence_start..k]);
            return (j, (starter || words_before >= 4).then_some(m));
        }
        let multi_period = lower.contains('.')
            && lower
                .split('.')
                .all(|p| p.chars().count() <= 3 && !p.is_empty());
        let letters: Vec<char> = word.chars().collect();
        let single = letters.len() == 1 && letters[0].is_alphabetic();
        if single && letters[0] == 'I' {
            // The pronoun after a lower-case word ("you and I."), or an initial ("Albert I.").
            let before = token_before(chars, start_of_token(chars, k).saturating_sub(1));
            if before.chars().next().is_some_and(char::is_lowercase) {
                return (j, Some(m));
            }
        }
        if single || multi_period || self.any(|l| l.is_general(&lower)) {
            return (j, starter.then_some(m));
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

fn next_non_ws(chars: &[(usize, char)], mut j: usize) -> usize {
    while j < chars.len() && chars[j].1.is_whitespace() {
        j += 1;
    }
    j
}

fn start_of_token(chars: &[(usize, char)], k: usize) -> usize {
    let mut i = k;
    while i > 0 && !chars[i - 1].1.is_whitespace() {
        i -= 1;
    }
    i
}

/// The whitespace-delimited token ending just before char `k`.
fn token_before(chars: &[(usize, char)], k: usize) -> String {
    let k = k.min(chars.len());
    let i = start_of_token(chars, k);
    chars[i..k].iter().map(|c| c.1).collect()
}

fn count_words(chars: &[(usize, char)]) -> usize {
    let mut words = 0;
    let mut in_word = false;
    for &(_, c) in chars {
        let w = !c.is_whitespace();
        if w && !in_word {
            words += 1;
        }
        in_word = w;
    }
    words
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
