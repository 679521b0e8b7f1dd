//! PERSON from the shape and place of a name in its sentence, where no title or cue
//! word stands before it:
//! - a given name, a middle initial and a surname (`Faina D. Yefremova`; without the dot
//!   the given name must be listed: `Kate M Begum`);
//! - an enumeration of three or more capitalised words, most of them listed given names
//!   (`Gaetane, Hannah, Anthony, Derek and Andrew`);
//! - a speaker's label at the start of a line (`Nicole: ...`) and a name addressed in a
//!   sentence (`Remember me, Mary?`, `Leif, can I ...`), both listed given names;
//! - a name after a relative or a relation with a possessive (`my kid Lukas`, `her boss
//!   Ana Silva`);
//! - a name after `called` or `named`, its first word a listed given name or its last a
//!   listed surname;
//! - two capitalised words opening a sentence before what only people do (`lives at`,
//!   `was born`, `will be talking`, `listed his`).

use std::sync::LazyLock;

use regex::Regex;

use super::super::Found;
use super::{listed_given, listed_surname, NOT_NAMES, NOT_SURNAME};

/// Closed-class and calendar words: never part of a name found by shape alone.
const CLOSED: &[&str] = &[
    "the",
    "a",
    "an",
    "this",
    "that",
    "these",
    "those",
    "it",
    "its",
    "he",
    "she",
    "they",
    "we",
    "you",
    "i",
    "in",
    "on",
    "at",
    "of",
    "for",
    "to",
    "by",
    "with",
    "from",
    "and",
    "or",
    "but",
    "if",
    "when",
    "then",
    "there",
    "here",
    "what",
    "which",
    "who",
    "how",
    "why",
    "where",
    "after",
    "before",
    "since",
    "while",
    "as",
    "so",
    "no",
    "not",
    "all",
    "any",
    "some",
    "each",
    "every",
    "our",
    "your",
    "their",
    "his",
    "her",
    "my",
    "me",
    "us",
    "them",
    "is",
    "are",
    "was",
    "were",
    "be",
    "been",
    "new",
    "old",
    "see",
    "note",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "mon",
    "tue",
    "wed",
    "thu",
    "fri",
    "sat",
    "sun",
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

/// Words that number or letter things (`Appendix B. Results`, `Vitamin D Levels`).
const LETTERED: &[&str] = &[
    "appendix",
    "section",
    "part",
    "chapter",
    "figure",
    "fig",
    "table",
    "tab",
    "exhibit",
    "schedule",
    "annex",
    "article",
    "class",
    "type",
    "group",
    "plan",
    "level",
    "grade",
    "vitamin",
    "hepatitis",
    "model",
    "series",
    "phase",
    "unit",
    "room",
    "block",
    "building",
    "gate",
    "row",
    "step",
    "option",
    "volume",
    "vol",
    "book",
    "act",
    "scene",
    "box",
    "item",
    "form",
    "lot",
    "zone",
    "area",
    "sector",
    "division",
    "team",
    "company",
    "platoon",
    "battalion",
    "plate",
    "sec",
    "category",
    "list",
    "tier",
    "stage",
    "wing",
    "floor",
    "hall",
    "pier",
    "track",
    "route",
    "line",
    "size",
    "cup",
    "blood",
    "star",
    "square",
    "league",
    "formula",
    "exit",
    "terminal",
    "channel",
    "region",
];

/// A capitalised word of a name: a capital, then lower-case letters, maybe hyphenated
/// or with an apostrophe (`Szöllösy`, `Jean-Luc`, `O’Neil`).
const WORD: &str = r"\p{Lu}\p{Ll}+(?:[\-’']\p{Lu}\p{Ll}+)?";

static INITIAL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(r"(?-u:\b){WORD}[ \t]+\p{{Lu}}\.?[ \t]+{WORD}")).expect("initial name")
});

static ENUMERATION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"{WORD}(?:,[ \t]+{WORD}){{1,}},?[ \t]+(?:and|&|und|et|y|e|en|och|og|i)[ \t]+{WORD}"
    ))
    .expect("enumeration of names")
});

/// A label at the start of a line, a name addressed after a comma at the end of a
/// clause, and a name addressed at the start of a sentence.
static ADDRESSED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?m)^[ \t]*{WORD}:[ \t]|,[ \t]+{WORD}[?!.]|(?:^|[.!?][ \t]+){WORD},[ \t]"
    ))
    .expect("addressed name")
});

static KIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i:(?-u:\b)(?:my|his|her|our|their|your)[ \t]+(?:kid|son|daughter|wife|husband|brother|sister|mother|father|mom|mum|dad|friend|boss|colleague|partner|boyfriend|girlfriend|fianc[eé]e?|grandson|granddaughter|grandfather|grandmother|grandma|grandpa|cousin|nephew|niece|neighbou?r|uncle|aunt|child|baby|manager|assistant|roommate|teacher|doctor|lawyer))[ \t]+({WORD}(?:[ \t]+{WORD})?)"
    ))
    .expect("name after a relative")
});

static CALLED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?-u:\b)(?:called|named)[ \t]+({WORD}(?:[ \t]+\p{{Lu}}\.?)?(?:[ \t]+{WORD}){{1,2}}(?:[ \t]+(?:II|III|IV|Jr\.?|Sr\.?)(?-u:\b))?)"
    ))
    .expect("name after called")
});

static DOER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?m)(?:^|[.!?][ \t]+)({WORD}(?:[ \t]+\p{{Lu}}\.?)?[ \t]+{WORD})[ \t]+(?:lives|lived|was born|married|will be (?:talking|speaking|presenting)|had given|has given|spent (?:a|his|her|two|three)|\p{{Ll}}+ed (?:his|her)|said (?:his|her|that)|told (?:his|her|me|us|him))(?-u:\b)"
    ))
    .expect("name before what people do")
});

fn lower(w: &str) -> String {
    w.trim_end_matches([',', '.', ':', '?', '!']).to_lowercase()
}

fn closed(w: &str) -> bool {
    CLOSED.contains(&lower(w).as_str())
}

/// The capitalised words of a match, with their byte ranges in `text`.
fn words<'a>(text: &'a str, m: regex::Match<'a>) -> Vec<(std::ops::Range<usize>, &'a str)> {
    let mut out = Vec::new();
    let s = m.as_str();
    let mut i = 0;
    for piece in s.split([' ', '\t', ',']) {
        let start = m.start() + i;
        i += piece.len() + 1;
        let w = piece.trim_end_matches(['.', ':', '?', '!']);
        if w.starts_with(char::is_uppercase) && w.chars().skip(1).any(char::is_lowercase) {
            out.push((start..start + w.len(), &text[start..start + w.len()]));
        }
    }
    out
}

fn push(out: &mut Vec<Found>, span: std::ops::Range<usize>, score: f64, rule: &'static str) {
    out.push(Found {
        kind: "PERSON",
        span,
        score,
        rule,
    });
}

pub(super) fn find(text: &str, out: &mut Vec<Found>) {
    initials(text, out);
    enumerations(text, out);
    addressed(text, out);
    for c in KIN.captures_iter(text) {
        let Some(name) = c.get(1) else { continue };
        let ws = words(text, name);
        let (Some(first), Some(last)) = (ws.first(), ws.last()) else {
            continue;
        };
        let odd = |w: &str| {
            closed(w) || NOT_NAMES.contains(&w) || NOT_SURNAME.contains(&lower(w).as_str())
        };
        if !ws.iter().any(|(_, w)| odd(w)) {
            push(out, first.0.start..last.0.end, 0.7, "person:kin");
        }
    }
    for c in CALLED.captures_iter(text) {
        let Some(name) = c.get(1) else { continue };
        let ws = words(text, name);
        let (Some(first), Some(last)) = (ws.first(), ws.last()) else {
            continue;
        };
        let listed = listed_given(first.1) || listed_surname(last.1);
        let odd = ws
            .iter()
            .any(|(_, w)| closed(w) || NOT_SURNAME.contains(&lower(w).as_str()));
        if listed && !odd {
            push(out, name.range(), 0.7, "person:called");
        }
    }
    for c in DOER.captures_iter(text) {
        let Some(name) = c.get(1) else { continue };
        let ws = words(text, name);
        let (Some(first), Some(last)) = (ws.first(), ws.last()) else {
            continue;
        };
        let odd = ws
            .iter()
            .any(|(_, w)| closed(w) || NOT_SURNAME.contains(&lower(w).as_str()));
        if ws.len() >= 2 && !odd && !NOT_NAMES.contains(&first.1) {
            push(out, first.0.start..last.0.end, 0.65, "person:doer");
        }
    }
}

/// `Faina D. Yefremova`, `Kate M Begum`.
fn initials(text: &str, out: &mut Vec<Found>) {
    for m in INITIAL.find_iter(text) {
        let s = m.as_str();
        let first = s.split([' ', '\t']).next().unwrap_or("");
        let last = s.rsplit([' ', '\t']).next().unwrap_or("");
        let dotted = s.contains('.');
        // A Roman numeral after a word is a plate or a part (`Frost V. Black`) unless
        // the word is a given name.
        let initial = s.split([' ', '\t']).nth(1).unwrap_or("");
        let roman = matches!(initial.trim_end_matches('.'), "I" | "V" | "X");
        let head_ok = if dotted {
            (!roman || listed_given(first))
                && !LETTERED.contains(&lower(first).as_str())
                && !closed(first)
        } else {
            listed_given(first)
        };
        if head_ok && !closed(last) && !NOT_SURNAME.contains(&lower(last).as_str()) {
            push(out, m.range(), 0.7, "person:initial");
        }
    }
}

/// `Gaetane, Hannah, Anthony, Derek and Andrew`: each word of a list of names, when
/// two thirds of them (and at least two) are listed given names and none is only a
/// surname.
fn enumerations(text: &str, out: &mut Vec<Found>) {
    for m in ENUMERATION.find_iter(text) {
        let ws = words(text, m);
        let listed = ws.iter().filter(|(_, w)| listed_given(w)).count();
        // A surname that is no given name makes it a firm (`Jones, Mitchell and
        // Williams`) or a list of surnames, which this rule does not judge.
        let odd = |w: &str| closed(w) || (listed_surname(w) && !listed_given(w));
        if ws.len() >= 3
            && listed >= 2
            && listed * 3 >= ws.len() * 2
            && !ws.iter().any(|(_, w)| odd(w))
        {
            for (span, _) in ws {
                push(out, span, 0.65, "person:list");
            }
        }
    }
}

/// `Nicole: ...`, `Remember me, Mary?`, `Leif, can I ...`: listed given names only.
fn addressed(text: &str, out: &mut Vec<Found>) {
    for m in ADDRESSED.find_iter(text) {
        // `Martin, Raymond.` is a surname and a given name, not a name addressed.
        let before = text[..m.start()]
            .rsplit([' ', '\t', '\n'])
            .next()
            .unwrap_or("");
        if m.as_str().starts_with(',')
            && before.starts_with(char::is_uppercase)
            && (listed_given(before) || listed_surname(before))
        {
            continue;
        }
        for (span, w) in words(text, m) {
            if listed_given(w) && !closed(w) {
                push(out, span, 0.65, "person:addressed");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        let mut out = Vec::new();
        find(text, &mut out);
        let mut v: Vec<&str> = out.iter().map(|f| &text[f.span.clone()]).collect();
        v.sort_unstable();
        v.dedup();
        v
    }

    #[test]
    fn names_with_a_middle_initial() {
        assert_eq!(
            found("the verses from Faina D. Yefremova's tale"),
            ["Faina D. Yefremova"]
        );
        assert_eq!(found("(also features Kate M Begum. What"), ["Kate M Begum"]);
        for text in [
            "See Appendix B. Results follow.",
            "Take Vitamin D. Then rest.",
            "We chose Plan B. The rest failed.",
            "Faina D. The end.",
            "Plate Frost V. Black and white.",
            "Vitamin C Deficiency is rare.",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn lists_of_given_names() {
        assert_eq!(
            found("They had 4: Gaetane, Hannah, Derek and Andrew."),
            ["Andrew", "Derek", "Gaetane", "Hannah"]
        );
        for text in [
            "We visited Paris, London, Berlin and Rome.",
            "Sales rose in Texas, Ohio and Florida.",
            "Monday, Tuesday and Friday are free.",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn speakers_and_names_addressed() {
        assert_eq!(
            found("Nicole: Remember me, Mary? I talked like this!\nKevin: You saved my life!"),
            ["Kevin", "Mary", "Nicole"]
        );
        assert_eq!(found("Leif, can I please speak to your boss?"), ["Leif"]);
        for text in [
            "Note: see the manual.",
            "Summary: it works, Fine.",
            "However, the test passed.",
            "We moved to Paris, France.",
            "Sent Thu, 4 May. See, it works.",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }

    #[test]
    fn relatives_called_and_what_people_do() {
        assert_eq!(found("remove my kid Lukas from the will"), ["Lukas"]);
        assert_eq!(
            found("My grandfather was called Kevin Veitonen II, and"),
            ["Kevin Veitonen II"]
        );
        assert_eq!(
            found("Tomomi Nishiyama lives at 12 Rua do Sol"),
            ["Tomomi Nishiyama"]
        );
        assert_eq!(
            found("Hi. Krisztián Szöllösy listed his top 20 songs"),
            ["Krisztián Szöllösy"]
        );
        for text in [
            "a company called Blue Origin launched",
            "The Beatles released their album.",
            "General Motors said that sales fell.",
            "my friend The Doctor arrived",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }
}
