//! STREET_ADDRESS: postal addresses, whole. Three ways in, each widened to the address's
//! extent (the house number before a street, a unit, the town, region, country and
//! postcode after it, on the same line or on the lines below):
//! - a street in the way its language writes it (`street`): `221B Baker Street`,
//!   `Hauptstraße 12a`, `12 bis, rue de la Paix`, ...;
//! - an address announced by a cue (`cue`): `lives at 12 Koskikatu 25`, `my address is
//!   Rua Diadema 1903`, `Address: PSC 6695, Box 2353 / APO AP 20849`;
//! - a postal block (`lines`): a street line, then a unit line (`Apt. 297`, `Suite 408`),
//!   then town and country lines; and US military addresses (`PSC 1234, Box 5678 / APO AE
//!   09876`).
//!
//! A street name alone (`Wall Street`) and a number alone are not addresses.

mod cue;
mod lines;
mod street;

use std::ops::Range;

use super::Found;

/// A piece of an address, before the pieces that overlap are joined.
#[derive(Debug, Clone)]
struct Candidate {
    span: Range<usize>,
    score: f64,
    rule: &'static str,
}

pub(crate) fn find(text: &str, out: &mut Vec<Found>) {
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return;
    }
    let mut found = Vec::new();
    street::find(text, &mut found);
    for c in &mut found {
        let start = lines::number_before(text, c.span.start);
        let end = lines::extend(text, c.span.end);
        c.span = start..end;
    }
    lines::find_military(text, &mut found);
    lines::find_blocks(text, &mut found);
    cue::find(text, &mut found);
    out.extend(join(found).into_iter().map(|c| Found {
        kind: "STREET_ADDRESS",
        span: c.span,
        score: c.score,
        rule: c.rule,
    }));
}

/// Each word as written in lower case, capitalised and in capitals, escaped for a
/// pattern: literal alternatives that a fast multi-literal search finds, where a
/// case-insensitive alternation of words is scanned byte by byte.
fn case_forms(words: &[&str]) -> Vec<String> {
    words
        .iter()
        .flat_map(|w| {
            let mut rest = w.chars();
            let first: String = rest
                .next()
                .map(|c| c.to_uppercase().collect())
                .unwrap_or_default();
            [
                w.to_string(),
                format!("{first}{}", rest.as_str()),
                w.to_uppercase(),
            ]
        })
        .map(|f| regex::escape(&f))
        .collect()
}

/// Joins overlapping pieces into one address; the joined piece keeps the best score and
/// that piece's rule.
fn join(mut found: Vec<Candidate>) -> Vec<Candidate> {
    found.sort_by_key(|c| c.span.start);
    let mut out: Vec<Candidate> = Vec::with_capacity(found.len());
    for c in found {
        match out.last_mut() {
            Some(last) if c.span.start < last.span.end => {
                last.span.end = last.span.end.max(c.span.end);
                if c.score > last.score {
                    last.score = c.score;
                    last.rule = c.rule;
                }
            }
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pii::spans_found;

    fn found(text: &str) -> Vec<&str> {
        spans_found(find, text)
    }

    #[test]
    fn streets_in_each_language() {
        for (text, want) in [
            ("I live at 221B Baker Street.", "221B Baker Street"),
            ("Sitz: Hauptstraße 12a in Köln", "Hauptstraße 12a"),
            (
                "au 12 bis, rue de la Paix ce soir",
                "12 bis, rue de la Paix",
            ),
            ("en Calle Mayor 5 Piso 2 hoy", "Calle Mayor 5 Piso 2"),
            ("in Via Roma, 10 oggi", "Via Roma, 10"),
            ("op Keizersgracht 123 vandaag", "Keizersgracht 123"),
        ] {
            assert_eq!(found(text), [want], "{text}");
        }
    }

    #[test]
    fn a_street_takes_its_number_unit_town_and_country() {
        assert_eq!(
            found("Cormac Allan\nEchocardiographer\n338 17 St Omers Road, Beauwelz, Belgium"),
            ["338 17 St Omers Road, Beauwelz, Belgium"]
        );
        assert_eq!(
            found("Ship it to 9 Elm Street Suite 056, Tubize, Belgium. Thanks!"),
            ["9 Elm Street Suite 056, Tubize, Belgium"]
        );
        assert_eq!(
            found("66029 138 Consul Place\nApt. 050\nBroomfield\nNew Zealand 57006\n\nRegards"),
            ["66029 138 Consul Place\nApt. 050\nBroomfield\nNew Zealand 57006"]
        );
    }

    #[test]
    fn a_postal_block_is_found_by_its_unit_line() {
        assert_eq!(
            found("Leonard Arntsen\n\n353 Buerlia 227\n Apt. 391\n SANDEFJORD\n Norway 66455"),
            ["353 Buerlia 227\n Apt. 391\n SANDEFJORD\n Norway 66455"]
        );
        assert_eq!(
            found(">76556 29 Rue de Tanger\n>Suite 399\n>Cite Ben Hjel\n>Tunisia 56004\n"),
            ["76556 29 Rue de Tanger\n>Suite 399\n>Cite Ben Hjel\n>Tunisia 56004"]
        );
    }

    #[test]
    fn military_addresses() {
        assert_eq!(
            found("Name: Iva D. Grusová\nAddress: PSC 6695, Box 2353\nAPO AP 20849"),
            ["PSC 6695, Box 2353\nAPO AP 20849"]
        );
        assert_eq!(
            found("unit 1009 box 0219\ndpo ap 51065\n781 1704 office"),
            ["unit 1009 box 0219\ndpo ap 51065"]
        );
        assert_eq!(
            found("please update my new address is USS Lorenzen\nFPO AE 25990"),
            ["USS Lorenzen\nFPO AE 25990"]
        );
    }

    #[test]
    fn addresses_announced_by_a_cue() {
        for (text, want) in [
            (
                "The bus drops you off at 07576 Magasinsgatan 7 St.",
                "07576 Magasinsgatan 7 St.",
            ),
            ("Timotea lives on Via dei Fiorentini 17 street.", "Via dei Fiorentini 17 street"),
            ("He lives on the north side of Rua Diadema 1903.", "the north side of Rua Diadema 1903"),
            (
                "What is your address? it is the corner of Bygget 64 and Komel Club",
                "the corner of Bygget 64 and Komel Club",
            ),
            (
                "I want to update my address to the same: 75956 Rákóczi út 66. Apt. 268, Beder, Denmark 56905",
                "75956 Rákóczi út 66. Apt. 268, Beder, Denmark 56905",
            ),
            (
                "Our offices are located at 971 Kesk 53\n Suite 343\n Pärnu\n Estonia",
                "971 Kesk 53\n Suite 343\n Pärnu\n Estonia",
            ),
            (
                "where would you like this to be sent to? user: 0605 πεντέλης 210 apt. 999\ndelmas, mp 35739",
                "0605 πεντέλης 210 apt. 999\ndelmas, mp 35739",
            ),
            ("Jose had given Jennifer his address: 87331 Dunajska 56, Studenec", "87331 Dunajska 56, Studenec"),
            ("Meine Adresse ist Lindenweg 4, 50667 Köln.", "Lindenweg 4, 50667 Köln"),
            ("Bitte an Baumallee 27-30, Viersen 14062 senden", "Baumallee 27-30, Viersen 14062"),
            (
                "Our office is at 809 North 1500 West, Salt Lake City, UT 84116, (801) 596-1887",
                "809 North 1500 West, Salt Lake City, UT 84116",
            ),
        ] {
            assert_eq!(found(text), [want], "{text}");
        }
    }

    #[test]
    fn long_words_and_line_breaks_in_a_cued_head_do_not_panic() {
        let long = format!("She lives at 12 {} street, Paris", "Abcdefghij".repeat(30));
        assert_eq!(found(&long).len(), 1);
        for text in [
            "Send it to the corner of\n\n12 Main Street",
            "Address: P.O.\nBox 12",
            "lives at Ééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééééé 5",
        ] {
            let _ = found(text);
        }
    }

    #[test]
    fn addresses_in_a_text_of_one_long_line() {
        let filler = "word ".repeat(300);
        let text = format!("{filler}I live at 221B Baker Street, London. {filler}Meet me at 12 Koskikatu 25. {filler}");
        assert_eq!(
            found(&text),
            ["221B Baker Street, London", "12 Koskikatu 25"]
        );
    }

    #[test]
    fn a_person_before_the_address_stays_out_of_it() {
        let text =
            "Send the keys to Mrs. Sharon Howell, 5462 Lindsay Canyon Suite 078, West Ericaland.";
        assert_eq!(
            found(text),
            ["5462 Lindsay Canyon Suite 078, West Ericaland"]
        );
    }

    #[test]
    fn numbers_after_a_cue_that_are_no_address() {
        for text in [
            "Meet me at 5 pm at the station.",
            "Meet me at 10 AM tomorrow.",
            "I once lived in Paris for 3 years.",
            "She lives in 3 rooms with 2 cats.",
            "The office is located at the top of floor 12 of the tower.",
            "Our office sent 25 letters in 2021.",
            "Send it to bob@example.com by 5.",
            "The restaurant is open from 9 to 17 every day.",
            "Windows 10 and Chapter 5 are not streets.",
            "Unit 5 covers fractions.\nUnit 6 covers decimals.",
            "During 1971, the firm invested heavily.",
            "It was sent to GCC 4.5 through 11.",
            "Copyright (C) 2021 Iain Lane\n 2018-2021 Igalia S.L",
            "Ted Tondering\n 2008",
            "4 Examples\n\nRun the tests.",
            "GENERALSTRING 27",
            "Copyright 2020 Sebastian Dröge",
        ] {
            assert!(found(text).is_empty(), "{text}: {:?}", found(text));
        }
    }
}
