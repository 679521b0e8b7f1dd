//! Street patterns in the way each language writes them: English `221B Baker Street
//! Apt. 4` / `Flat 2, Watts Mews` (street types from the USPS suffix list), German
//! `Hauptstraße 12a` / `Am Alten Markt 3`, French `12 bis, rue de la Paix`, Spanish
//! `Calle Mayor 5 Piso 2`, Italian `Via Roma, 10`, Dutch `Keizersgracht 123`, Indian
//! `H.No. 12, Gandhi Nagar`. A street name alone (`Wall Street`) is not an address.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use crate::offsets::floor_char_boundary;

use super::Candidate;

/// Street types of English addresses (USPS Publication 28 and British usage).
const EN_TYPES: &str = "Street|Avenue|Road|Boulevard|Lane|Drive|Court|Place|Square|Terrace|Way|Parkway|Pkwy|Circle|Circles|Highway|Hwy|Alley|Bypass|Canyon|Causeway|Centers?|Course|Crescent|Crossing|Curve|Dale|Divide|Estates?|Expressway|Extensions?|Falls?|Ferry|Fields?|Flats?|Fords?|Forest|Forges?|Forks?|Fort|Freeway|Gardens?|Gateway|Glens?|Greens?|Groves?|Harbors?|Haven|Heights|Hills?|Hollow|Inlet|Islands?|Isle|Junctions?|Keys?|Knolls?|Lakes?|Landing|Lights?|Loaf|Locks?|Lodge|Loop|Mall|Manors?|Meadows?|Mews|Mills?|Mission|Motorway|Mount|Mountains?|Neck|Orchard|Oval|Overpass|Park|Parks|Pass|Passage|Path|Pike|Pines?|Plains?|Plaza|Points?|Ports?|Prairie|Radial|Ramp|Ranch|Rapids?|Rest|Ridges?|River|Roads|Route|Row|Rue|Run|Shoals?|Shores?|Skyway|Springs?|Spurs?|Squares|Station|Stravenue|Stream|Streets|Summit|Throughway|Trace|Track|Trafficway|Trail|Trailer|Tunnel|Turnpike|Underpass|Unions?|Valleys?|Viaduct|Views?|Villages?|Ville|Vista|Walks?|Wall|Ways|Wells?|Close|Gate|Grove|Hill|Rise|Vale|Wharf|Yard|Gardens|Parade|Walk|Crossroad|Common|Commons|Corner|Corners|Cove|Coves|Creek|Crest|Drives";

/// Their common abbreviations, with or without a dot.
const EN_ABBREVIATIONS: &str = "St|Ave|Rd|Blvd|Ln|Dr|Ct|Pl|Sq";

static PATTERNS: LazyLock<Vec<Street>> = LazyLock::new(|| {
    let en = format!(
        r"(?:(?:Flat|Studio|Apartment|Unit|Suite)\s+[0-9]{{1,4}}[A-Za-z]?,\s+(?:[0-9]{{1,5}}[A-Za-z]?\s+)?|(?-u:\b)[0-9]{{1,5}}[A-Za-z]?\s+)(?:\p{{Lu}}\p{{Ll}}+\s+){{1,3}}(?:(?:{EN_TYPES})(?-u:\b)|(?:{EN_ABBREVIATIONS})(?-u:\b)\.?)(?:,?\s+(?:Apt\.|Suite|Unit)\s+[0-9]{{1,5}}[A-Za-z]?)?"
    );
    [
        ("address:en", en.as_str()),
        (
            "address:de",
            r"(?:\p{Lu}\p{Ll}[\p{L}\-]+(?:straße|strasse|str\.|weg|gasse|platz|allee|ring|damm|ufer|chaussee|steig|pfad|markt|-Straße|-Strasse|-Str\.|-Weg|-Gasse|-Platz|-Allee|-Ring|-Damm|-Ufer|-Markt)|(?:\p{Lu}\p{Ll}+\s){1,3}(?:Straße|Weg|Platz|Allee|Gasse|Ring|Markt))\s+[0-9]{1,4}[a-z]?(?:-[0-9]{1,4}[a-z]?)?(?-u:\b)",
        ),
        (
            "address:fr",
            r"(?-u:\b)[0-9]{1,4}(?:\s?(?:bis|ter))?,?\s+(?i:rue|avenue|av\.|boulevard|bd|place|chemin|allée|impasse|quai|route|cours|square|voie|passage|rond-point)\s+(?:(?:de la|de l'|des|du|de|d')\s*)?\p{Lu}[\p{L}\-']*(?:\s+\p{Lu}[\p{L}\-']*){0,3}",
        ),
        (
            "address:es",
            r"(?:Calle|C/|Avenida|Avda\.|Av\.|Paseo|Plaza|Camino|Carrera|Ronda|Callejón|Pasadizo|Urbanización|Vía|Rambla|Travesía|Cañada|Glorieta|Alameda|Acceso|Cuesta|Pasaje)\s+(?:(?:de la|del|de)\s+)?(?:\p{Lu}[\p{L}\-']*\s+){1,4}[0-9]{1,4}(?:\s+(?:Puerta|Piso|Apt\.?)\s+[0-9]{1,3})?",
        ),
        (
            "address:it",
            r"(?:Via|Viale|Piazza|Corso|Largo|Vicolo|Strada|Canale|Borgo|Contrada|Piazzale|Rotonda|Stretto|Incrocio|Lungomare)\s+(?:\p{Lu}[\p{L}'\-]*\s*){1,3},?\s+[0-9]{1,4}(?:\s+(?:Piano|Appartamento)\s+[0-9]{1,3})?",
        ),
        (
            "address:nl",
            r"\p{Lu}\p{Ll}{2,}(?:straat|laan|weg|plein|gracht|kade|singel|dijk|hof|steeg|pad|baan|dreef|boulevard|park|plantsoen|markt|kanaal|ring)\s+[0-9]{1,4}[a-z]?(?:-[0-9]{1,4}[a-z]?)?(?-u:\b)",
        ),
        (
            "address:pt",
            r"(?:Rua|Avenida|Travessa|Largo|Praça|Rodovia|Estrada)\s+(?:(?:da|das|do|dos|de)\s+)?\p{Lu}[\p{L}\-']*(?:\s+(?:(?:da|das|do|dos|de)\s+)?\p{Lu}[\p{L}\-']*){0,4},?\s+[0-9]{1,5}(?-u:\b)",
        ),
        (
            "address:pl",
            r"(?-u:\b)(?:ul|al|os|pl)\.\s*\p{Lu}[\p{L}\-]*(?:\s+\p{Lu}[\p{L}\-]*){0,3}\s+[0-9]{1,4}[a-zA-Z]?(?:/[0-9]{1,4})?(?-u:\b)",
        ),
        (
            "address:hu",
            r"\p{Lu}[\p{L}\-]*(?:\s+\p{L}[\p{L}\-]*){0,3}\s+(?:utca|u\.|út|útja|tér|körút|krt\.|rkp\.|sétány)\s+[0-9]{1,4}(?-u:\b)\.?",
        ),
        (
            "address:nordic",
            r"\p{Lu}\p{Ll}{3,}(?:gatan|gata|gate|vägen|väg|vej|veien|vegen|vegur|gade|stien|stig|tie|katu|kuja|polku|braut|torget|torv|plads|\s(?:gate|gata|vei|veg|vej|gade|plass|torg))\s+[0-9]{1,4}[A-Za-z]?(?-u:\b)",
        ),
        (
            // Any street with its number and a unit after it, on one line.
            "address:unit",
            r"(?:[0-9]{1,6}[A-Za-z]?[ \t]+)?(?:\p{Lu}|\p{Lo})[\p{L}\p{M}'’\-]+(?:[ \t]+\p{L}[\p{L}\p{M}'’\-]*\.?){0,3}[ \t]+[0-9]{1,5}[A-Za-z]?\.?,?[ \t]+(?i:apt\.?|suite|unit|flat|ste\.|apartment)[ \t]*\#?[0-9]{1,5}[A-Za-z]?(?-u:\b)",
        ),
        (
            "address:in",
            r"(?:H\.No\.\s+[0-9]{1,4},\s+\p{Lu}\p{Ll}+(?:\s+\p{Lu}\p{Ll}+)?|(?-u:\b)[0-9]{1,4},\s+\p{Lu}\p{Ll}+\s+(?:Road|Nagar|Zila|Marg|Street|Colony|Chowk|Ganj|Path|Circle|Layout))",
        ),
    ]
    .into_iter()
    .map(|(rule, p)| Street {
        rule,
        re: Regex::new(p).expect("address pattern"),
        gate: gate(rule),
    })
    .collect()
});

/// A street pattern, with the gate that every one of its matches holds when the pattern
/// itself has no literal for a fast search to find.
struct Street {
    rule: &'static str,
    re: Regex,
    gate: Option<Gate>,
}

/// What every match of a gated pattern holds: its street word (with the number after it
/// for the patterns that start at any capitalised word). A literal search finds the gates
/// fast; the pattern is then run only around them, where run over the whole text it
/// searched from every digit or capital letter.
struct Gate(Regex);

/// The gate of a pattern, by its rule.
fn gate(rule: &str) -> Option<Gate> {
    let pattern = |p: &str| Some(Gate(Regex::new(p).expect("address gate")));
    match rule {
        "address:de" => pattern(
            r"(?:straße|strasse|str\.|weg|gasse|platz|allee|ring|damm|ufer|chaussee|steig|pfad|markt|Straße|Strasse|Str\.|Weg|Platz|Allee|Gasse|Ring|Damm|Ufer|Markt)\s+[0-9]",
        ),
        // The pattern takes its street words in any case; the gate in the three cases
        // they are written in (`rue`, `Rue`, `RUE`), which a literal search finds.
        "address:fr" => pattern(&format!(
            r"(?:{})\s",
            super::case_forms(&[
                "rue",
                "avenue",
                "av.",
                "boulevard",
                "bd",
                "place",
                "chemin",
                "allée",
                "impasse",
                "quai",
                "route",
                "cours",
                "square",
                "voie",
                "passage",
                "rond-point",
            ])
            .join("|")
        )),
        "address:nl" => pattern(
            r"(?:straat|laan|weg|plein|gracht|kade|singel|dijk|hof|steeg|pad|baan|dreef|boulevard|park|plantsoen|markt|kanaal|ring)\s+[0-9]",
        ),
        "address:hu" => pattern(r"(?:utca|u\.|út|útja|tér|körút|krt\.|rkp\.|sétány)\s+[0-9]"),
        "address:nordic" => pattern(
            r"(?:gatan|gata|gate|vägen|väg|vej|veien|vegen|vegur|gade|stien|stig|tie|katu|kuja|polku|braut|torget|torv|plads|vei|veg|plass|torg)\s+[0-9]",
        ),
        "address:unit" => pattern(r"(?i:apt\.?|suite|unit|flat|ste\.|apartment)[ \t]*\#?[0-9]"),
        "address:in" => {
            pattern(r"H\.No\.|Road|Nagar|Zila|Marg|Street|Colony|Chowk|Ganj|Path|Circle|Layout")
        }
        _ => None,
    }
}

/// How far before its gate and after it a match of a gated pattern may reach: past the
/// longest street names, house numbers and units the patterns take.
const BEFORE_GATE: usize = 256;
const AFTER_GATE: usize = 160;

/// Adds every street pattern's matches, trailing spaces trimmed.
pub(super) fn find(text: &str, out: &mut Vec<Candidate>) {
    // One pass per language: joined into one pattern they make a lazy DFA too large for
    // its cache on text with many capitalised words, and the search falls back to a much
    // slower engine.
    for street in PATTERNS.iter() {
        let spans = match &street.gate {
            None => street.re.find_iter(text).map(|m| m.range()).collect(),
            Some(Gate(gate)) => around(&street.re, gate.find_iter(text).map(|m| m.range()), text),
        };
        for span in spans {
            let s = text[span.clone()].trim_end();
            if !plausible(text, span.start, s) {
                continue;
            }
            out.push(Candidate {
                span: span.start..span.start + s.len(),
                score: 0.8,
                rule: street.rule,
            });
        }
    }
}

/// The matches of `re` that hold one of the gate `hits` (in text order), as a search of
/// the whole text finds them: each hit's neighbourhood is searched from where the last
/// match ended, and a match must start before the hit ends (a later one belongs to a
/// later hit).
fn around(re: &Regex, hits: impl Iterator<Item = Range<usize>>, text: &str) -> Vec<Range<usize>> {
    let mut found: Vec<Range<usize>> = Vec::new();
    for hit in hits {
        let searched = found.last().map_or(0, |m| m.end);
        if hit.end <= searched {
            continue;
        }
        let mut pos =
            floor_char_boundary(text, hit.start.saturating_sub(BEFORE_GATE)).max(searched);
        // The window ends at a space past the reach, so a word is never cut.
        let mut to = floor_char_boundary(text, (hit.end + AFTER_GATE).min(text.len()));
        to += text[to..]
            .find(char::is_whitespace)
            .unwrap_or(text.len() - to);
        let window = &text[..to];
        while let Some(m) = re.find_at(window, pos) {
            if m.start() >= hit.end {
                break;
            }
            found.push(m.range());
            pos = m.end();
        }
    }
    found
}

/// Whether a match of the patterns (whose spaces may be line breaks) reads as one address:
/// not across a blank line, not a name with a number alone on the next line (`Tondering\n
/// 2008`), and not in a copyright line, where years stand before names (`(c) 2021 Iain
/// Lane`), and not ending inside a word.
fn plausible(text: &str, start: usize, s: &str) -> bool {
    let mut lines = s.split('\n');
    let first = lines.next().unwrap_or("");
    let across_blank = lines.clone().any(|l| l.trim().is_empty());
    let number_alone = s.contains('\n')
        && s.rsplit('\n')
            .next()
            .is_some_and(|l| l.trim().bytes().all(|b| b.is_ascii_digit()));
    // The line before the match, read back at most 200 bytes: a text of one long line
    // must not be read whole for each match in it.
    let mut from = start.saturating_sub(200);
    while !text.is_char_boundary(from) {
        from += 1;
    }
    let line_start = text[from..start].rfind('\n').map_or(from, |i| from + i + 1);
    let before = &text[line_start..start];
    let copyright = before.contains('©')
        || before.contains("(c)")
        || before.contains("(C)")
        || before.to_ascii_lowercase().contains("copyright")
        || first.contains('©');
    // The patterns end at an ASCII word boundary: `Dr` must not be the start of `Dröge`.
    let cut_word = text[start + s.len()..]
        .chars()
        .next()
        .is_some_and(char::is_alphabetic);
    !(across_blank || number_alone || copyright || cut_word)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Searching only around the gates finds what a search of the whole text finds, on
    /// every text of the labelled set, alone and all joined into one.
    #[test]
    fn gated_search_finds_what_a_whole_search_finds() {
        let texts = crate::test_data::jsonl_texts("tests/pii/faker-set.jsonl");
        let joined = texts.join("\n\n");
        let crafted = "Hauptstraße 12a, Am Alten Markt 3, 12 bis, rue de la Paix, \
                       Andrássy út 23, Storgatan 5, Keizersgracht 123, 5 Main St Apt. 4, \
                       H.No. 12, Gandhi Nagar and 14, Lal Bahadur Marg; ALLÉE des Roses.";
        let mut checked = 0;
        for street in PATTERNS.iter() {
            let Some(Gate(gate)) = &street.gate else {
                continue;
            };
            for text in texts
                .iter()
                .map(String::as_str)
                .chain([joined.as_str(), crafted])
            {
                let whole: Vec<_> = street.re.find_iter(text).map(|m| m.range()).collect();
                let gated = around(&street.re, gate.find_iter(text).map(|m| m.range()), text);
                assert_eq!(gated, whole, "{}", street.rule);
                checked += whole.len();
            }
        }
        assert!(checked > 100, "{checked}");
    }
}
