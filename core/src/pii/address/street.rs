//! Street patterns in the way each language writes them: English `221B Baker Street
//! Apt. 4` / `Flat 2, Watts Mews` (street types from the USPS suffix list), German
//! `Hauptstraße 12a` / `Am Alten Markt 3`, French `12 bis, rue de la Paix`, Spanish
//! `Calle Mayor 5 Piso 2`, Italian `Via Roma, 10`, Dutch `Keizersgracht 123`, Indian
//! `H.No. 12, Gandhi Nagar`. A street name alone (`Wall Street`) is not an address.

use std::sync::LazyLock;

use regex::Regex;

use super::Candidate;

/// Street types of English addresses (USPS Publication 28 and British usage).
const EN_TYPES: &str = "Street|Avenue|Road|Boulevard|Lane|Drive|Court|Place|Square|Terrace|Way|Parkway|Pkwy|Circle|Circles|Highway|Hwy|Alley|Bypass|Canyon|Causeway|Centers?|Course|Crescent|Crossing|Curve|Dale|Divide|Estates?|Expressway|Extensions?|Falls?|Ferry|Fields?|Flats?|Fords?|Forest|Forges?|Forks?|Fort|Freeway|Gardens?|Gateway|Glens?|Greens?|Groves?|Harbors?|Haven|Heights|Hills?|Hollow|Inlet|Islands?|Isle|Junctions?|Keys?|Knolls?|Lakes?|Landing|Lights?|Loaf|Locks?|Lodge|Loop|Mall|Manors?|Meadows?|Mews|Mills?|Mission|Motorway|Mount|Mountains?|Neck|Orchard|Oval|Overpass|Park|Parks|Pass|Passage|Path|Pike|Pines?|Plains?|Plaza|Points?|Ports?|Prairie|Radial|Ramp|Ranch|Rapids?|Rest|Ridges?|River|Roads|Route|Row|Rue|Run|Shoals?|Shores?|Skyway|Springs?|Spurs?|Squares|Station|Stravenue|Stream|Streets|Summit|Throughway|Trace|Track|Trafficway|Trail|Trailer|Tunnel|Turnpike|Underpass|Unions?|Valleys?|Viaduct|Views?|Villages?|Ville|Vista|Walks?|Wall|Ways|Wells?|Close|Gate|Grove|Hill|Rise|Vale|Wharf|Yard|Gardens|Parade|Walk|Crossroad|Common|Commons|Corner|Corners|Cove|Coves|Creek|Crest|Drives";

/// Their common abbreviations, with or without a dot.
const EN_ABBREVIATIONS: &str = "St|Ave|Rd|Blvd|Ln|Dr|Ct|Pl|Sq";

static PATTERNS: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
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
    .map(|(rule, p)| (rule, Regex::new(p).expect("address pattern")))
    .collect()
});

/// Gates of the patterns that start at any capitalised word: the street word and the
/// number after it, which a literal search finds fast (the patterns themselves search
/// backwards from every `ring` of `during` and `park` of `parking`). Text without them is not scanned
/// with the pattern.
static GATES: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    [
        (
            "address:de",
            r"(?:straße|strasse|str\.|weg|gasse|platz|allee|ring|damm|ufer|chaussee|steig|pfad|markt|Straße|Strasse|Str\.|Weg|Platz|Allee|Gasse|Ring|Damm|Ufer|Markt)\s+[0-9]",
        ),
        (
            "address:nl",
            r"(?:straat|laan|weg|plein|gracht|kade|singel|dijk|hof|steeg|pad|baan|dreef|boulevard|park|plantsoen|markt|kanaal|ring)\s+[0-9]",
        ),
        (
            "address:hu",
            r"(?:utca|u\.|út|útja|tér|körút|krt\.|rkp\.|sétány)\s+[0-9]",
        ),
        (
            "address:nordic",
            r"(?:gatan|gata|gate|vägen|väg|vej|veien|vegen|vegur|gade|stien|stig|tie|katu|kuja|polku|braut|torget|torv|plads|vei|veg|plass|torg)\s+[0-9]",
        ),
        (
            "address:unit",
            r"(?i:apt\.?|suite|unit|flat|ste\.|apartment)[ \t]*\#?[0-9]",
        ),
    ]
    .into_iter()
    .map(|(rule, p)| (rule, Regex::new(p).expect("address gate pattern")))
    .collect()
});

/// Adds every street pattern's matches, trailing spaces trimmed.
pub(super) fn find(text: &str, out: &mut Vec<Candidate>) {
    // One pass per language: joined into one pattern they make a lazy DFA too large for
    // its cache on text with many capitalised words, and the search falls back to a much
    // slower engine.
    for (rule, re) in PATTERNS.iter() {
        let gate = GATES.iter().find(|(r, _)| r == rule);
        if gate.is_some_and(|(_, g)| !g.is_match(text)) {
            continue;
        }
        for m in re.find_iter(text) {
            let s = m.as_str().trim_end();
            if !plausible(text, m.start(), s) {
                continue;
            }
            out.push(Candidate {
                span: m.start()..m.start() + s.len(),
                score: 0.8,
                rule,
            });
        }
    }
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
