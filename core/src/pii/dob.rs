//! DATE_OF_BIRTH: a date (numeric, ISO, or with the month written out in English, German,
//! French, Spanish, Italian or Dutch) shortly after words that announce a birth date:
//! born, DOB, date of birth, geboren, Geburtsdatum, né(e), date de naissance, nacido/a,
//! fecha de nacimiento, nato/a, data di nascita, geboortedatum.

use std::sync::LazyLock;

use regex::Regex;

use super::Found;

static CUE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:born|birth ?date|date of birth|d\.?o\.?b\.?|birthday|geboren|geb\.|geburtsdatum|née?|date de naissance|nacid[oa]|fecha de nacimiento|nat[oa]|data di nascita|geboortedatum|geboren op)(?:\s|:|(?-u:\b))")
        .expect("dob cue")
});

static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)(?-u:\b)(?:[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}|[0-9]{1,2}[./\-][0-9]{1,2}[./\-](?:[0-9]{4}|[0-9]{2})|[0-9]{1,2}\.?(?:st|nd|rd|th|er)?\s+(?:de\s+)?\p{L}{3,10}\.?,?\s+(?:de\s+)?[0-9]{4}|\p{L}{3,10}\.?\s+[0-9]{1,2}(?:st|nd|rd|th)?,?\s+[0-9]{4})(?-u:\b)")
        .expect("date")
});

/// Month names; a word of three letters or more that starts one of them is its
/// abbreviation (`Sept.`, `Okt`).
const MONTHS: &[&str] = &[
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
    "januar",
    "jänner",
    "februar",
    "märz",
    "mai",
    "juni",
    "juli",
    "oktober",
    "dezember",
    "janvier",
    "février",
    "mars",
    "avril",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "setiembre",
    "octubre",
    "noviembre",
    "diciembre",
    "gennaio",
    "febbraio",
    "aprile",
    "maggio",
    "giugno",
    "luglio",
    "settembre",
    "ottobre",
    "dicembre",
    "januari",
    "februari",
    "maart",
    "mei",
    "augustus",
    "oktober",
];

fn month_word(w: &str) -> bool {
    let w = w.trim_end_matches(['.', ',']).to_lowercase();
    MONTHS
        .iter()
        .any(|m| w == *m || (w.len() >= 3 && m.starts_with(&w) && w.len() <= m.len()))
}

/// Whether a matched date is a real calendar date of a living person's birth.
pub(crate) fn plausible(s: &str) -> bool {
    let nums: Vec<u32> = s
        .split(|c: char| !c.is_ascii_digit())
        .filter(|p| !p.is_empty())
        .filter_map(|p| p.parse().ok())
        .collect();
    let words: Vec<&str> = s
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| w.len() >= 3)
        .collect();
    if !words.is_empty() {
        return words.iter().any(|w| month_word(w))
            && nums.iter().any(|&y| (1900..=2030).contains(&y));
    }
    match nums.as_slice() {
        [y, m, d] if *y >= 1000 => {
            (1900..=2030).contains(y) && (1..=12).contains(m) && (1..=31).contains(d)
        }
        [a, b, y] => {
            let year_ok = (1900..=2030).contains(y) || *y < 100;
            let day_month = (1..=31).contains(a) && (1..=12).contains(b);
            let month_day = (1..=12).contains(a) && (1..=31).contains(b);
            year_ok && (day_month || month_day)
        }
        _ => false,
    }
}

pub(crate) fn find(text: &str, out: &mut Vec<Found>) {
    for cue in CUE.find_iter(text) {
        let mut end = (cue.end() + 48).min(text.len());
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        let window = &text[cue.end()..end];
        if let Some(d) = DATE.find(window) {
            if plausible(d.as_str()) {
                let span = cue.end() + d.start()..cue.end() + d.end();
                out.push(Found {
                    kind: "DATE_OF_BIRTH",
                    span,
                    score: 0.9,
                    rule: "dob:cue+date",
                });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<&str> {
        crate::pii::spans_found(find, text)
    }

    #[test]
    fn dates_after_a_birth_cue_in_every_written_form() {
        for (text, date) in [
            (
                "Name: Alison Pace | DOB: October 10, 1952",
                "October 10, 1952",
            ),
            ("born on 20 October 1987 and lives at", "20 October 1987"),
            (
                "Patient Reece Simpson, DOB 16 June 2003, was seen",
                "16 June 2003",
            ),
            ("Date of birth: 15 Sept. 1980", "15 Sept. 1980"),
            ("(geboren am 23. November 1979)", "23. November 1979"),
            ("She was born on 2/8/1935.", "2/8/1935"),
            ("née le 3 février 1990", "3 février 1990"),
        ] {
            assert_eq!(found(text), [date], "{text}");
        }
    }

    #[test]
    fn dates_without_a_cue_or_a_month_are_not_births() {
        assert!(found("Shipped on October 10, 1952 to the store.").is_empty());
        assert!(found("born on Monday 10, 1952").is_empty());
    }
}
