//! Firms named after people: `Morgan Stanley`, `Goldman Sachs`, `Ernst & Young`. Each
//! word is a name, so every rule that reads a given name and a surname takes them for a
//! person; in finance, legal and business text they are among the most frequent
//! capitalised pairs. The well-known ones are listed and never tagged as a person.

use std::ops::Range;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};

/// Eponymous firms, lower-case, words joined by one space, without `&` or `and`.
const FIRMS: &[&str] = &[
    "morgan stanley",
    "goldman sachs",
    "merrill lynch",
    "lehman brothers",
    "bear stearns",
    "charles schwab",
    "rowe price",
    "franklin templeton",
    "wells fargo",
    "dow jones",
    "reed elsevier",
    "procter gamble",
    "johnson johnson",
    "ernst young",
    "price waterhouse",
    "pricewaterhouse coopers",
    "deloitte touche",
    "arthur andersen",
    "booz allen",
    "marsh mclennan",
    "cushman wakefield",
    "jones lang lasalle",
    "hewlett packard",
    "harley davidson",
    "rolls royce",
    "mercedes benz",
    "marks spencer",
    "lockheed martin",
    "northrop grumman",
    "baker hughes",
    "smith wesson",
    "black decker",
    "calvin klein",
    "ralph lauren",
    "louis vuitton",
    "estee lauder",
    "hugo boss",
    "tommy hilfiger",
    "dolce gabbana",
    "ben jerry",
    "warner bros",
    "warner brothers",
    "jack daniels",
    "johnnie walker",
    "allen overy",
    "clifford chance",
    "baker mckenzie",
    "latham watkins",
    "kirkland ellis",
    "davis polk",
    "sullivan cromwell",
    "morgan lewis",
    "morrison foerster",
    "ropes gray",
    "sidley austin",
    "hogan lovells",
    "norton rose",
    "herbert smith",
    "pinsent masons",
    "simpson thacher",
    "skadden arps",
    "weil gotshal",
    "paul weiss",
];

/// Every listed firm as written: its words joined by a space, ` & ` or ` and `.
static FINDER: LazyLock<AhoCorasick> = LazyLock::new(|| {
    let spellings = FIRMS
        .iter()
        .flat_map(|f| [" ", " & ", " and "].map(|joint| f.replace(' ', joint)));
    // A DFA: the first letters of the names are too common for a prefilter to help.
    AhoCorasick::builder()
        .kind(Some(AhoCorasickKind::DFA))
        .ascii_case_insensitive(true)
        .match_kind(MatchKind::LeftmostLongest)
        .build(spellings)
        .expect("the firm names are valid patterns")
});

/// Where `text` names a listed firm, whole words only. One pass, run only when a person
/// was found.
pub(super) fn mentions(text: &str) -> Vec<Range<usize>> {
    let b = text.as_bytes();
    let word = |i: usize| b.get(i).is_some_and(|c| c.is_ascii_alphanumeric());
    FINDER
        .find_iter(text)
        .filter(|m| !word(m.end()) && (m.start() == 0 || !word(m.start() - 1)))
        .map(|m| m.range())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn listed_firms_in_their_usual_spellings() {
        let text = "Morgan Stanley, Ernst & Young, T. Rowe Price, JOHNSON AND JOHNSON; \
                    not Morgan Stanleyville, Stanley Morgan or Reed Hastings.";
        let found: Vec<&str> = mentions(text).into_iter().map(|r| &text[r]).collect();
        assert_eq!(
            found,
            [
                "Morgan Stanley",
                "Ernst & Young",
                "Rowe Price",
                "JOHNSON AND JOHNSON"
            ]
        );
    }
}
