//! The surname of a full name found in the document names the same person where it is
//! written on its own (`Adam McDowell` … `McDowell was influenced`): the rules that find
//! names need a cue or a listed word beside a name, which a later mention by surname
//! lacks. (Other mentions of the whole name are found by `find_pii`'s repeats, for every
//! kind.) Document consistency is how NER systems recover these.
//!
//! A word written in lower case elsewhere in the document is an everyday word there
//! (`White`, `Park`), so on its own it is not taken for the name; nor is one followed by
//! a capitalised word (`White House`).

use std::cell::OnceCell;

use aho_corasick::{AhoCorasick, MatchKind};

use super::super::context::standalone;
use super::super::Found;

/// Adds the mentions by surname alone of the full names in `out[from..]` (the PERSON
/// matches of `text`).
pub(super) fn find(text: &str, everyday: &Everyday, out: &mut Vec<Found>, from: usize) {
    // (surname, the full name it was found in)
    let mut names: Vec<(&str, &str)> = Vec::new();
    for f in &out[from..] {
        let name = text[f.span.clone()].trim();
        if let Some((_, last)) = name.rsplit_once([' ', '\t']) {
            if last.chars().count() >= 3
                && last.starts_with(char::is_uppercase)
                && !last.ends_with('.')
            {
                names.push((last, name));
            }
        }
    }
    names.sort_unstable();
    names.dedup();
    names.retain(|(n, _)| !everyday.contains(n));
    if names.is_empty() {
        return;
    }
    let surnames: Vec<&str> = names.iter().map(|(n, _)| *n).collect();
    let Ok(ac) = AhoCorasick::builder()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&surnames)
    else {
        return;
    };
    let known = super::Known::new(&out[from..]);
    let mut added = Vec::new();
    for m in ac.find_iter(text) {
        let r = m.range();
        if !standalone(text, &r, &[]) || known.overlaps(&r) {
            continue;
        }
        // `White House`: a surname that runs into a capitalised word names a place or
        // a firm. And the full name written again is left to `find_pii`'s repeats.
        let surname = surnames[m.pattern().as_usize()];
        let in_full_name = names
            .iter()
            .any(|(n, full)| *n == surname && text[..r.end].ends_with(full));
        if in_full_name || next_word_capitalised(&text[r.end..]) {
            continue;
        }
        added.push(Found {
            kind: "PERSON",
            span: r,
            score: 0.6,
            rule: "person:surname",
        });
    }
    out.extend(added);
}

/// The words a document writes in lower case: one of them, capitalised, is an everyday
/// word there (`white`, `park`), not a name. Gathered once, when first asked: a scan of
/// the text for each candidate would be quadratic on a long document.
pub(super) struct Everyday<'t> {
    text: &'t str,
    words: OnceCell<foldhash::HashSet<&'t str>>,
}

impl<'t> Everyday<'t> {
    pub fn new(text: &'t str) -> Self {
        Everyday {
            text,
            words: OnceCell::new(),
        }
    }

    /// Whether the document writes `word` in lower case as a whole word. Never for a
    /// word already in lower case (a lower-cased text: nothing to tell by).
    pub fn contains(&self, word: &str) -> bool {
        let lower = word.to_lowercase();
        if lower == word {
            return false;
        }
        self.words
            .get_or_init(|| {
                self.text
                    .split(|c: char| !c.is_alphanumeric())
                    .filter(|w| w.starts_with(char::is_lowercase))
                    .collect()
            })
            .contains(lower.as_str())
    }
}

/// Whether the text right after a word (past spaces) starts with a capitalised word.
fn next_word_capitalised(rest: &str) -> bool {
    rest.trim_start_matches([' ', '\t'])
        .starts_with(char::is_uppercase)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(text: &str, seed: &[&str]) -> Vec<String> {
        let mut out: Vec<Found> = seed
            .iter()
            .map(|s| {
                let i = text.find(s).unwrap();
                Found {
                    kind: "PERSON",
                    span: i..i + s.len(),
                    score: 0.8,
                    rule: "test",
                }
            })
            .collect();
        let n = out.len();
        find(text, &Everyday::new(text), &mut out, 0);
        out[n..]
            .iter()
            .map(|f| text[f.span.clone()].to_string())
            .collect()
    }

    #[test]
    fn tags_the_surname_alone() {
        let text = "Sung by Adam McDowell in 1975. It may be that McDowell knew him.";
        assert_eq!(names(text, &["Adam McDowell"]), ["McDowell"]);
        // A single name has no surname to look for.
        assert!(names("Hakuba had given Hakuba his address.", &["Hakuba"]).is_empty());
    }

    #[test]
    fn leaves_everyday_words_and_places() {
        // `white` in lower case: an everyday word; `White House`: a place.
        let text = "Adam White paints it white. White was there.";
        assert!(names(text, &["Adam White"]).is_empty());
        let text = "Adam White works at the White House.";
        assert!(names(text, &["Adam White"]).is_empty());
        // Part of a longer word is no mention.
        let text = "Sara met Saraswati.";
        assert!(names(text, &["Sara"]).is_empty());
    }
}
