//! Addresses announced by a cue: a word that says an address follows (`address`, `lives`,
//! `located`, `send`, `meet`, `Adresse`, `wohnt`, ...), a lead-in within the same sentence
//! (`at`, `on`, `to`, `is`, `:`), then something shaped like an address: a house number and
//! a word (`12 Koskikatu 25`, `0605 πεντέλης 210`), a street name and its number (`Rua
//! Diadema 1903`), or a post-office box. The address runs to the end of its sentence or
//! line and over the lines below that continue it.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use super::{case_forms, lines, Candidate};

/// Words that announce an address, in the languages the street patterns know.
const CUES: &[&str] = &[
    "address",
    "addresses",
    "adresse",
    "anschrift",
    "wohnt",
    "wohne",
    "wohnhaft",
    "dirección",
    "direccion",
    "domicilio",
    "vive",
    "vivo",
    "indirizzo",
    "abita",
    "abito",
    "endereço",
    "endereco",
    "morada",
    "adres",
    "woont",
    "woon",
    "habite",
    "habito",
    "live",
    "lives",
    "lived",
    "living",
    "reside",
    "resides",
    "resided",
    "located",
    "situated",
    "sent",
    "send",
    "ship",
    "shipped",
    "deliver",
    "delivered",
    "mail",
    "mailed",
    "return",
    "returned",
    "forward",
    "forwarded",
    "meet",
    "visit",
    "office",
    "offices",
    "headquarters",
    "restaurant",
    "shop",
    "store",
    "hotel",
    "station",
    "taxi",
    "drops you off",
    "drop you off",
    "drops me off",
    "arrived",
    "moved",
];

/// [`CUES`] in their usual cases (see [`case_forms`]).
static CUE: LazyLock<Regex> = LazyLock::new(|| {
    let forms = case_forms(CUES);
    Regex::new(&format!(r"(?-u:\b)(?:{})(?-u:\b)", forms.join("|"))).expect("address cue pattern")
});

/// Lead-ins between a cue and its address.
static LEAD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)\b(?:at|on|in|to|is|with|ist|est|es|è|an|auf|à|a|en|op|aan|nach|bei|para|per|te|em)\b|[:?]")
        .expect("address lead-in pattern")
});

/// Where an address starts after a lead-in: a side or corner (`the corner of`), then a
/// number and a word, a street name and its number, or a post-office box.
static HEAD: LazyLock<Regex> = LazyLock::new(|| {
    let word = r"[\p{L}\p{M}'’.\-]*";
    let cap = format!(r"(?:\p{{Lu}}|\p{{Lo}}){word}");
    let link = r"(?:de|del|della|dei|di|da|do|dos|das|du|des|la|le|les|van|von|der|den|and|y|e|et|of|the|am|an|im|zum|zur)";
    Regex::new(&format!(
        r"^(?:(?i:the\s+(?:corner|(?:north|south|east|west)(?:ern)?\s+side|end)\s+of)\s+)?(?:[0-9]{{1,6}}[A-Za-z]?(?:[ ,/\-]+[0-9]{{1,5}}[A-Za-z]?)?,?[ \t]+(?P<word>\p{{L}}{word})|(?P<name>{cap})(?:[ \t]+(?:{cap}|{link})){{0,4}},?[ \t]+[0-9]{{1,5}}[A-Za-z]?(?-u:\b)|(?i:p\.?\s?o\.?\s?box)\s+[0-9]{{1,6}})"
    ))
    .expect("address head pattern")
});

/// Words after a number that make it a time, a count or a measure, not a house number.
const MEASURES: [&str; 30] = [
    "am", "pm", "a.m", "a.m.", "p.m", "p.m.", "o'clock", "h", "hrs", "hours", "minutes", "mins",
    "days", "weeks", "months", "years", "ago", "people", "persons", "times", "percent", "kg", "km",
    "miles", "m", "cm", "euros", "dollars", "utc", "gmt",
];

/// Capitalised words that number things other than houses.
const NOT_STREETS: [&str; 16] = [
    "windows", "chapter", "page", "section", "level", "version", "room", "floor", "gate",
    "platform", "terminal", "flight", "bus", "line", "unit", "table",
];

/// Titles: a name after a cue is a person's (`send it to Mrs. Howell, 5462 ...`).
const TITLES: [&str; 14] = [
    "mr", "mrs", "ms", "miss", "dr", "prof", "herr", "frau", "mme", "mlle", "sr", "sra", "sig",
    "dott",
];

/// Lower-case words that end an address inside a sentence.
const STOPS: [&str; 34] = [
    "for",
    "with",
    "but",
    "which",
    "where",
    "when",
    "since",
    "because",
    "until",
    "so",
    "if",
    "then",
    "from",
    "during",
    "every",
    "near",
    "next",
    "this",
    "that",
    "tomorrow",
    "today",
    "tonight",
    "yesterday",
    "please",
    "thanks",
    "it",
    "we",
    "i",
    "you",
    "he",
    "she",
    "they",
    "at",
    "by",
];

/// Abbreviations whose dot does not end the sentence when a unit, a number or (for `St.`
/// after a house number) a name follows.
const ABBREVIATIONS: [&str; 8] = ["apt", "ste", "no", "nr", "bldg", "st", "str", "av"];

/// How far after a cue its lead-in may stand, in bytes.
const WINDOW: usize = 60;
/// How far past its lead-in the number of an address's head may stand, in bytes.
const MAX_HEAD: usize = 120;
/// How long the part of an address on its first line may be, in bytes.
const MAX_LINE: usize = 150;

pub(super) fn find(text: &str, out: &mut Vec<Candidate>) {
    let mut from = 0;
    // An address holds a number shortly after its cue, so only the text before each
    // number is searched for cues: prose has few numbers, and a cue word in it costs a
    // look at the sentence around it.
    for region in regions_before_numbers(text) {
        for cue in CUE.find_iter(&text[region.clone()]) {
            let (cue_start, cue_end) = (region.start + cue.start(), region.start + cue.end());
            if cue_start < from {
                continue;
            }
            let mut reach = (cue_end + WINDOW + MAX_HEAD).min(text.len());
            while !text.is_char_boundary(reach) {
                reach -= 1;
            }
            if !text[cue_end..reach].bytes().any(|b| b.is_ascii_digit()) {
                continue;
            }
            let window = lead_window(text, cue_end);
            for lead in LEAD.find_iter(window) {
                let start = skip_space(text, cue_end + lead.end());
                if let Some(end) = address_at(text, start) {
                    out.push(Candidate {
                        span: start..end,
                        score: 0.7,
                        rule: "address:cue",
                    });
                    from = end;
                    break;
                }
            }
        }
    }
}

/// The longest cue word, in bytes: a region before a number starts this much earlier, so
/// a cue cut by its start is still whole.
const LONGEST_CUE: usize = 24;

/// The parts of `text` where a cue may stand whose address has a number: up to
/// [`WINDOW`] + [`MAX_HEAD`] + [`LONGEST_CUE`] bytes before each digit, joined where
/// they overlap, on character boundaries.
fn regions_before_numbers(text: &str) -> Vec<Range<usize>> {
    let reach = WINDOW + MAX_HEAD + LONGEST_CUE;
    let mut regions: Vec<Range<usize>> = Vec::new();
    let bytes = text.as_bytes();
    let mut i = 0;
    while let Some(d) = bytes[i..].iter().position(u8::is_ascii_digit) {
        let digit = i + d;
        let mut start = digit.saturating_sub(reach);
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        match regions.last_mut() {
            Some(last) if start <= last.end => last.end = digit,
            _ => regions.push(start..digit),
        }
        // Skip the rest of the number.
        i = digit
            + bytes[digit..]
                .iter()
                .position(|b| !b.is_ascii_digit())
                .unwrap_or(bytes.len() - digit);
    }
    regions
}

/// The text after a cue where its lead-in may stand: up to [`WINDOW`] bytes, within the
/// sentence and paragraph.
fn lead_window(text: &str, from: usize) -> &str {
    let mut end = (from + WINDOW).min(text.len());
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let w = &text[from..end];
    let cut = [w.find(['.', '!']), w.find("\n\n")]
        .into_iter()
        .flatten()
        .min()
        .unwrap_or(w.len());
    &w[..cut]
}

/// `pos` moved past spaces and at most one line break.
fn skip_space(text: &str, pos: usize) -> usize {
    let rest = &text[pos..];
    let spaces = rest.len() - rest.trim_start_matches([' ', '\t']).len();
    let mut p = pos + spaces;
    if text[p..].starts_with('\n') {
        p += 1;
        let rest = &text[p..];
        p += rest.len() - rest.trim_start_matches([' ', '\t']).len();
    }
    p
}

/// The end of the address starting at `start`, if an address starts there.
fn address_at(text: &str, start: usize) -> Option<usize> {
    let head = HEAD.captures(&text[start..])?;
    let whole = head.get(0)?;
    if let Some(word) = head.name("word") {
        let w = word.as_str().trim_end_matches('.');
        let lower = w.to_lowercase();
        let capitalised = w.chars().next().is_some_and(char::is_uppercase);
        let foreign = w.chars().any(|c| c.is_alphabetic() && !c.is_ascii());
        if MEASURES.contains(&lower.as_str()) || !(capitalised || foreign) {
            return None;
        }
    }
    if let Some(name) = head.name("name") {
        let first = name.as_str().trim_end_matches('.').to_lowercase();
        if NOT_STREETS.contains(&first.as_str()) || TITLES.contains(&first.as_str()) {
            return None;
        }
        let after = text[start + whole.end()..].split_whitespace().next();
        let after = after.map(|w| w.trim_end_matches(['.', ',']).to_lowercase());
        if after.is_some_and(|w| MEASURES.contains(&w.as_str())) {
            return None;
        }
    }
    // A version or a decimal is no house number: `GCC 4.5`, `Python 3.11`.
    let after = &text.as_bytes()[start + whole.end()..];
    if after.len() >= 2
        && matches!(after[0], b'.' | b'-' | b'/' | b':')
        && after[1].is_ascii_digit()
    {
        return None;
    }
    let (end, at_line_end) = sentence_end(text, start, start + whole.end());
    Some(if at_line_end {
        lines::extend_lines(text, end)
    } else {
        end
    })
}

/// Where the address part of the line ends, from `head_end` on: at the end of the
/// sentence, before a word that starts a new clause, or at the line's end (then `true`).
fn sentence_end(text: &str, start: usize, head_end: usize) -> (usize, bool) {
    let mut limit = (start + MAX_LINE).min(text.len());
    while !text.is_char_boundary(limit) {
        limit -= 1;
    }
    // The line's end, when it falls within the limit: the rest of a long line is not read.
    let line_end = match text[start..limit].find('\n') {
        Some(i) => start + i,
        None if limit == text.len() => limit,
        None => usize::MAX,
    };
    let limit = limit.min(line_end);
    if head_end >= limit {
        // The head alone fills the line's share (a long word) or runs past its end.
        return (head_end, line_end != usize::MAX && head_end >= line_end);
    }
    let mut end = head_end;
    let mut prev_numeric = false;
    let mut rest = text[head_end..limit].split_whitespace().peekable();
    let mut pos = head_end;
    while let Some(token) = rest.next() {
        let at = pos + text[pos..].find(token).unwrap_or(0);
        pos = at + token.len();
        let core = token.trim_end_matches(['.', ',', ';', '!', '?', ':']);
        let lower = core.to_lowercase();
        if token == "," {
            continue;
        }
        let phone = token.starts_with('(') && token[1..].starts_with(|c: char| c.is_ascii_digit());
        if STOPS.contains(&lower.as_str()) || core.is_empty() || token.contains('@') || phone {
            return (end, false);
        }
        end = at + core.len();
        let punct = &token[core.len()..];
        if punct.contains(['!', '?', ';', ':']) {
            return (end, false);
        }
        if punct.starts_with('.') {
            let next = rest.peek().copied().unwrap_or("");
            let next_unit = next.to_lowercase().starts_with("apt")
                || next.to_lowercase().starts_with("suite")
                || next.starts_with(|c: char| c.is_ascii_digit());
            let saint = lower == "st" && prev_numeric;
            if ABBREVIATIONS.contains(&lower.as_str()) {
                end += 1;
                if !(next_unit || saint) {
                    return (end, false);
                }
            } else if !next_unit {
                return (end, false);
            }
        }
        prev_numeric = core.bytes().all(|b| b.is_ascii_digit());
    }
    let at_line_end =
        line_end != usize::MAX && (pos >= line_end || text[pos..line_end].trim().is_empty());
    (end, at_line_end)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_hold_the_text_before_each_number() {
        let far = format!("lives at {} 12 Main Street", "x".repeat(400));
        let regions = regions_before_numbers(&far);
        assert_eq!(regions.len(), 1);
        assert!(regions[0].start > 8, "{regions:?}");
        assert_eq!(regions[0].end, far.find("12").unwrap());
        // Two numbers close together share one region; a text without digits has none.
        assert_eq!(regions_before_numbers("a 1 b 22 c").len(), 1);
        assert!(regions_before_numbers("no numbers here").is_empty());
        // Regions start on character boundaries.
        let accents = format!("{}7", "é".repeat(200));
        for r in regions_before_numbers(&accents) {
            assert!(accents.is_char_boundary(r.start));
        }
    }
}
