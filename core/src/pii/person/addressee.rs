//! `Satu Elomo` on the line above `45818 P.O. Box 242`: the name that heads a postal
//! block. An address found by the STREET_ADDRESS recognizer is looked up from: one of the
//! few lines above it (a blank line or a company line may come between) that holds only a
//! name of two to four capitalised words (one an initial at most), with a listed given
//! name, a surname by its form or a middle initial, names the addressee.

use std::ops::Range;

use super::context::{lower, never_in_a_name, LETTERED};
use super::form::surname_form;
use super::listed_given;
use crate::pii::Found;

/// How many lines above an address may hold its addressee (a company line and a blank
/// line may stand between).
const LINES_ABOVE: usize = 3;

/// Adds a PERSON for the addressee above each STREET_ADDRESS in `found`.
pub(crate) fn find(text: &str, found: &mut Vec<Found>) {
    let starts: Vec<usize> = found
        .iter()
        .filter(|f| f.kind == "STREET_ADDRESS")
        .map(|f| f.span.start)
        .collect();
    for start in starts {
        let mut end = text[..start].rfind('\n').unwrap_or(0);
        for _ in 0..LINES_ABOVE {
            if end == 0 {
                break;
            }
            let line_start = text[..end].rfind('\n').map_or(0, |i| i + 1);
            if let Some(span) = name_line(text, line_start..end) {
                found.push(Found {
                    kind: "PERSON",
                    span,
                    score: 0.6,
                    rule: "person:addressee",
                });
                break;
            }
            end = line_start.saturating_sub(1);
        }
    }
}

/// The span of the name that `line` holds alone (after `>` quote marks and spaces).
fn name_line(text: &str, line: Range<usize>) -> Option<Range<usize>> {
    let mut raw = &text[line.clone()];
    let mut start = line.start;
    // `Billing address:  Laura Forsberg`: the name after a short label.
    if let Some(colon) = raw.rfind(':') {
        if raw[..colon].split_whitespace().count() <= 3 {
            start += colon + 1;
            raw = &raw[colon + 1..];
        }
    }
    // Quoting and list marks before the name (`> `, `* `, `??? `).
    let body = raw
        .trim_start_matches(|c: char| !c.is_alphanumeric())
        .trim_end();
    let offset = start + (raw.len() - raw.trim_start_matches(|c: char| !c.is_alphanumeric()).len());
    let words: Vec<&str> = body.split([' ', '\t']).filter(|w| !w.is_empty()).collect();
    let (first, last) = (*words.first()?, *words.last()?);
    if !(2..=4).contains(&words.len()) {
        return None;
    }
    let initial = |w: &str| {
        let w = w.strip_suffix('.').unwrap_or(w);
        w.len() == 1 && w.starts_with(|c: char| c.is_ascii_uppercase())
    };
    let name_word = |w: &str| {
        let mut cs = w.chars();
        cs.next().is_some_and(char::is_uppercase)
            && cs.clone().next().is_some_and(char::is_lowercase)
            && cs.all(|c| c.is_alphabetic() || matches!(c, '-' | '\'' | '’'))
            && !never_in_a_name(w)
            && !LETTERED.contains(&lower(w).as_str())
    };
    let middle = &words[1..words.len() - 1];
    let shaped = name_word(first)
        && name_word(last)
        && middle.iter().all(|w| initial(w) || name_word(w))
        && middle.iter().filter(|w| initial(w)).count() <= 1;
    // A listed surname alone is not enough: the census lists many words (`Figures`).
    // A listed word, a middle initial, or a letter outside ASCII (names from languages
    // the lists do not cover: `Julcsa Kárpáthy`); the place above a postal block does
    // the rest.
    let listed = listed_given(first)
        || surname_form(last)
        || middle.iter().any(|w| initial(w))
        || !body.is_ascii();
    (shaped && listed).then(|| offset..offset + body.len())
}

#[cfg(test)]
mod tests {
    use crate::pii::{find_pii, PiiOptions};

    fn persons(text: &str) -> Vec<&str> {
        find_pii(text, &PiiOptions::default())
            .unwrap()
            .into_iter()
            .filter(|m| m.kind == "PERSON")
            .map(|m| &text[m.span])
            .collect()
    }

    #[test]
    fn the_name_above_an_address() {
        assert_eq!(
            persons("Przemek Kucharski\n\n12 Baker Street\nLondon"),
            ["Przemek Kucharski"]
        );
        assert_eq!(
            persons("> Mijail C Adomo\n> Asc Partners\n> 935 69 Gordon Terrace\n"),
            ["Mijail C Adomo"]
        );
        assert_eq!(
            persons("??? Julcsa Kárpáthy\n??? Mhealthcoach\n??? 50668 Baker Street\n"),
            ["Julcsa Kárpáthy"]
        );
        assert_eq!(
            persons("Billing address:  Laura Forsberg\n    2437 Main St Suite 5\n"),
            ["Laura Forsberg"]
        );
        // A company, a department or a sentence above an address is no name.
        for text in [
            "Acme Partners\n12 Baker Street\n",
            "Customer Service\n12 Baker Street\n",
            "Please write to us at:\n12 Baker Street\n",
            "The Office\n12 Baker Street\n",
        ] {
            assert!(persons(text).is_empty(), "{text}: {:?}", persons(text));
        }
    }
}
