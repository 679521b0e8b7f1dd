//! A capitalised word joined to a found name by `and` (`&`, `or`, `und`, `et`, `y`, `e`)
//! names a person too: `Sumarliðason and Vargas were engineers`, `Abramovich and Wilson`.
//! After a verb of saying, so does the one a found name speaks to: `said Erle to Maurice`.
//!
//! Not when the pair is one of a firm's names (`Barnett, Melton and Garcia`, `Smith and
//! Sons`, `… LLC`), nor when the word is an everyday one (written in lower case elsewhere
//! in the document, or one of the cue words that are not names).

use std::sync::LazyLock;

use regex::Regex;

use super::super::Found;

/// A capitalised word, with an optional second one (a surname).
static WORD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\p{Lu}\p{Ll}[\p{L}'’\-]*(?:[ \t]+\p{Lu}\p{Ll}[\p{L}'’\-]*)?")
        .expect("capitalised word")
});

/// The same, ending where the text ends (for the word before a join).
static WORD_BEFORE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\p{Lu}\p{Ll}[\p{L}'’\-]*$").expect("capitalised word before"));

const JOINS: [&str; 7] = [" and ", " & ", " or ", " und ", " et ", " y ", " e "];

/// Words that end a firm's name.
const FIRM_ENDS: [&str; 12] = [
    "LLC",
    "Inc",
    "Ltd",
    "PLC",
    "Group",
    "Co",
    "Sons",
    "Partners",
    "Associates",
    "GmbH",
    "SA",
    "AG",
];

/// Verbs after which `<name> to <name>` is one person speaking to another.
const SAYING: [&str; 6] = ["said ", "says ", "asked ", "told ", "wrote ", "whispered "];

/// Adds the names joined to the PERSON matches in `out[from..]`.
pub(super) fn find(
    text: &str,
    everyday: &super::surnames::Everyday,
    out: &mut Vec<Found>,
    from: usize,
) {
    let known = super::Known::new(&out[from..]);
    let mut added = Vec::new();
    for r in out[from..].iter().map(|f| &f.span) {
        let (head, tail) = (&text[..r.start], &text[r.end..]);
        let spoken_to = SAYING.iter().any(|v| head.ends_with(v)) && tail.starts_with(" to ");
        // The name after: `<found> and Wilson`.
        if let Some(join) = JOINS
            .iter()
            .find(|j| tail.starts_with(**j))
            .map(|j| j.len())
            .or(spoken_to.then_some(4))
        {
            if let Some(m) = WORD.find(&tail[join..]) {
                let span = r.end + join..r.end + join + m.len();
                added.push(span);
            }
        }
        // The name before: `Sumarliðason and <found>`.
        if let Some(join) = JOINS.iter().find(|j| head.ends_with(**j)) {
            let before = &head[..head.len() - join.len()];
            if let Some(m) = WORD_BEFORE.find(before) {
                // `Barnett, Melton and Garcia`: a firm's list of partners.
                if !before[..m.start()].trim_end().ends_with(',') {
                    added.push(m.range());
                }
            }
        }
    }
    for span in added {
        let word = &text[span.clone()];
        let after = text[span.end..].trim_start_matches([' ', '\t', ',']);
        let firm = word.split([' ', '\t']).any(|w| FIRM_ENDS.contains(&w))
            || FIRM_ENDS.iter().any(|e| {
                after.starts_with(e) && !after[e.len()..].starts_with(char::is_alphabetic)
            });
        let everyday = word
            .split([' ', '\t'])
            .any(|w| super::NOT_NAMES.contains(&w) || everyday.contains(w));
        if firm || everyday || known.overlaps(&span) {
            continue;
        }
        out.push(Found {
            kind: "PERSON",
            span,
            score: 0.6,
            rule: "person:coordinated",
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn joined(text: &str, seed: &str) -> Vec<String> {
        let i = text.find(seed).unwrap();
        let mut out = vec![Found {
            kind: "PERSON",
            span: i..i + seed.len(),
            score: 0.8,
            rule: "test",
        }];
        find(
            text,
            &super::super::surnames::Everyday::new(text),
            &mut out,
            0,
        );
        out[1..]
            .iter()
            .map(|f| text[f.span.clone()].to_string())
            .collect()
    }

    #[test]
    fn tags_names_joined_to_a_name() {
        assert_eq!(
            joined("Sumarliðason and Vargas were engineers.", "Vargas"),
            ["Sumarliðason"]
        );
        assert_eq!(
            joined("Abramovich and Wilson were engineers.", "Abramovich"),
            ["Wilson"]
        );
        assert_eq!(
            joined("I'm so jealous! said Erle to Maurice", "Erle"),
            ["Maurice"]
        );
        assert_eq!(
            joined("Ask Anna Berg or Lars Holm.", "Anna Berg"),
            ["Lars Holm"]
        );
    }

    #[test]
    fn leaves_firms_and_everyday_words() {
        assert!(joined("Barnett, Melton and Garcia", "Garcia").is_empty());
        assert!(joined("Anna Berg and Sons Ltd", "Anna Berg").is_empty());
        assert!(joined("Vargas and Partners LLC", "Vargas").is_empty());
        assert!(joined("Anna Berg and The band", "Anna Berg").is_empty());
        assert!(joined("Anna Berg and Summer. It was summer.", "Anna Berg").is_empty());
        assert!(joined("Erle went to Paris", "Erle").is_empty());
    }
}
