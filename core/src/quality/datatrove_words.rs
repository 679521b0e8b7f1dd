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

use std::collections::{HashMap, HashSet};
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

/// One or more of spaCy's affix rules: consecutive plain rules share one fast `regex`
/// automaton; a rule with lookaround runs alone on `fancy_regex`.
enum Rule {
    Plain(regex::Regex),
    Fancy(Regex),
}

impl Rule {
    /// Groups `patterns` (each already anchored) in order.
    fn group(patterns: &[String]) -> Vec<Rule> {
        let mut rules = Vec::new();
        let mut plain: Vec<&str> = Vec::new();
        let flush = |plain: &mut Vec<&str>, rules: &mut Vec<Rule>| {
            if !plain.is_empty() {
                let joined = plain.join("|");
                rules.push(Rule::Plain(
                    regex::Regex::new(&joined).expect("spaCy's patterns compile (tested)"),
                ));
                plain.clear();
            }
        };
        for p in patterns {
            if p.contains("(?<") || p.contains("(?=") || p.contains("(?!") {
                flush(&mut plain, &mut rules);
                rules.push(Rule::Fancy(
                    Regex::new(p).expect("spaCy's patterns compile (tested)"),
                ));
            } else {
                plain.push(p);
            }
        }
        flush(&mut plain, &mut rules);
        rules
    }

    fn find(&self, s: &str) -> Option<(usize, usize)> {
        match self {
            Rule::Plain(r) => r.find(s).map(|m| (m.start(), m.end())),
            Rule::Fancy(r) => r.find(s).ok().flatten().map(|m| (m.start(), m.end())),
        }
    }
}

/// spaCy's English tokenizer rules and datatrove's character sets, compiled once.
pub(crate) struct Rules {
    prefixes: Vec<Rule>,
    suffixes: Vec<Rule>,
    infix: Regex,
    url: Regex,
    /// Special case → byte lengths of its pieces.
    specials: HashMap<String, Vec<usize>>,
    /// Special cases that the affix rules would split, → byte lengths of those tokens:
    /// spaCy merges such token runs back into the special case after splitting.
    affix_specials: HashMap<String, Vec<usize>>,
    longest_affix_special: usize,
    sentencizer_punct: HashSet<String>,
    /// datatrove's `PUNCTUATION_SET`.
    pub punctuation: HashSet<char>,
    /// datatrove's `TERMINAL_PUNCTUATION` (FineWeb's line-end characters).
    pub terminal: HashSet<char>,
    is_punct: regex::Regex,
}

pub(crate) static RULES: LazyLock<Rules> = LazyLock::new(|| {
    let file: RulesFile = serde_json::from_str(include_str!("data/datatrove_en.json"))
        .expect("data/datatrove_en.json is valid (tested)");
    let anchored = |v: &[String], pre: &str, post: &str| -> Vec<String> {
        v.iter().map(|p| format!("{pre}(?:{p}){post}")).collect()
    };
    let specials: HashMap<String, Vec<usize>> = file
        .specials
        .into_iter()
        .filter(|(k, pieces)| pieces.concat() == *k)
        .map(|(k, pieces)| (k, pieces.iter().map(String::len).collect()))
        .collect();
    let chars = |v: Vec<String>| v.iter().filter_map(|s| s.chars().next()).collect();
    let mut rules = Rules {
        prefixes: Rule::group(&anchored(&file.prefixes, "^", "")),
        suffixes: Rule::group(&anchored(&file.suffixes, "", "$")),
        infix: Regex::new(&file.infixes.join("|")).expect("spaCy's patterns compile (tested)"),
        url: Regex::new(&file.url).expect("spaCy's patterns compile (tested)"),
        specials: HashMap::new(),
        affix_specials: HashMap::new(),
        longest_affix_special: 0,
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
    rules.specials = specials;
    rules
});

/// Python's `str.isspace`: Unicode White_Space plus the ASCII information separators.
pub(crate) fn is_py_space(c: char) -> bool {
    c.is_whitespace() || ('\u{1c}'..='\u{1f}').contains(&c)
}

/// The words datatrove's `split_into_words(text, "en")` returns: spaCy tokens, whitespace
/// tokens dropped.
pub(crate) fn datatrove_words(text: &str) -> Vec<&str> {
    let rules = &*RULES;
    let mut out = Vec::with_capacity(text.len() / 5 + 1);
    for span in text.split(is_py_space).filter(|s| !s.is_empty()) {
        rules.tokenize(span, &mut out, true);
    }
    out
}

/// The number of sentences spaCy's sentencizer finds in `line` (datatrove's C4 count).
pub(crate) fn count_sentences(line: &str) -> usize {
    let rules = &*RULES;
    // spaCy's tokens, whitespace included: a run of whitespace other than one plain space
    // is a token too, and (not being punctuation) it can start a sentence.
    let mut tokens: Vec<&str> = Vec::new();
    let mut rest = line;
    while !rest.is_empty() {
        let ws_end = rest.find(|c| !is_py_space(c)).unwrap_or(rest.len());
        if ws_end > 0 {
            let run = &rest[..ws_end];
            let run = run.strip_prefix(' ').unwrap_or(run);
            if !run.is_empty() {
                tokens.push(run);
            }
        }
        rest = &rest[ws_end..];
        let word_end = rest.find(is_py_space).unwrap_or(rest.len());
        if word_end > 0 {
            rules.tokenize(&rest[..word_end], &mut tokens, true);
        }
        rest = &rest[word_end..];
    }
    if tokens.is_empty() {
        return 0;
    }
    let mut sentences = 1;
    let mut seen_period = false;
    for w in &tokens {
        let in_punct = rules.sentencizer_punct.contains(*w);
        if seen_period && !in_punct && !rules.is_punct.is_match(w) {
            sentences += 1;
            seen_period = false;
        } else if in_punct {
            seen_period = true;
        }
    }
    sentences
}

impl Rules {
    fn special(&self, s: &str, with_specials: bool) -> Option<&[usize]> {
        if !with_specials {
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

    fn tokenize<'a>(&self, span: &'a str, out: &mut Vec<&'a str>, with_specials: bool) {
        if let Some(lens) = self.special(span, with_specials) {
            return Self::push_special(lens, span, out);
        }
        if is_plain_word(span) {
            out.push(span);
            return;
        }
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
            .find_map(|r| r.find(s))
            .map_or(0, |(a, b)| b - a)
    }

    /// The longest suffix any rule matches: every match ends at the end, so the leftmost
    /// start over all rules is what spaCy's single alternation finds.
    fn suffix_len(&self, s: &str) -> usize {
        if s.is_empty() {
            return 0;
        }
        self.suffixes
            .iter()
            .filter_map(|r| r.find(s))
            .map(|(a, _)| a)
            .min()
            .map_or(0, |start| s.len() - start)
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
        let may_infix = s
            .bytes()
            .any(|b| !b.is_ascii() || b".,+-*^:<>=/~".contains(&b));
        let mut start = 0;
        let mut any = false;
        if may_infix {
            for m in self.infix.find_iter(s).filter_map(|m| m.ok()) {
                any = true;
                if m.start() == 0 {
                    continue;
                }
                if m.start() != start {
                    out.push(&s[start..m.start()]);
                }
                if m.start() != m.end() {
                    out.push(&s[m.start()..m.end()]);
                }
                start = m.end();
            }
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

    #[test]
    fn rules_load_and_compile() {
        let r = &*RULES;
        assert!(r.specials.len() > 1000);
        assert!(r.punctuation.contains(&'!') && r.terminal.contains(&'.'));
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
