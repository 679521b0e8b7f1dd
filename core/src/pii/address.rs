//! STREET_ADDRESS: a house number and a street in the way each language writes them:
//! English `221B Baker Street Apt. 4` / `Flat 2, Watts Mews` (street types from the
//! USPS suffix list), German `Hauptstraße 12a` / `Am Alten Markt 3`, French `12 bis, rue
//! de la Paix`, Spanish `Calle Mayor 5 Piso 2`, Italian `Via Roma, 10`, Dutch
//! `Keizersgracht 123`, Indian `H.No. 12, Gandhi Nagar`. A street name alone (`Wall
//! Street`) is not an address.

use std::sync::LazyLock;

use regex::Regex;

use super::Found;

/// Street types of English addresses (USPS Publication 28 and British usage).
const EN_TYPES: &str = "Street|St\\.|Avenue|Ave\\.|Road|Rd\\.|Boulevard|Blvd\\.|Lane|Ln\\.|Drive|Dr\\.|Court|Ct\\.|Place|Pl\\.|Square|Sq\\.|Terrace|Way|Parkway|Pkwy|Circle|Circles|Highway|Hwy|Alley|Bypass|Canyon|Causeway|Centers?|Course|Crescent|Crossing|Curve|Dale|Divide|Estates?|Expressway|Extensions?|Falls?|Ferry|Fields?|Flats?|Fords?|Forest|Forges?|Forks?|Fort|Freeway|Gardens?|Gateway|Glens?|Greens?|Groves?|Harbors?|Haven|Heights|Hills?|Hollow|Inlet|Islands?|Isle|Junctions?|Keys?|Knolls?|Lakes?|Landing|Lights?|Loaf|Locks?|Lodge|Loop|Mall|Manors?|Meadows?|Mews|Mills?|Mission|Motorway|Mount|Mountains?|Neck|Orchard|Oval|Overpass|Park|Parks|Pass|Passage|Path|Pike|Pines?|Plains?|Plaza|Points?|Ports?|Prairie|Radial|Ramp|Ranch|Rapids?|Rest|Ridges?|River|Roads|Route|Row|Rue|Run|Shoals?|Shores?|Skyway|Springs?|Spurs?|Squares|Station|Stravenue|Stream|Streets|Summit|Throughway|Trace|Track|Trafficway|Trail|Trailer|Tunnel|Turnpike|Underpass|Unions?|Valleys?|Viaduct|Views?|Villages?|Ville|Vista|Walks?|Wall|Ways|Wells?|Close|Gate|Grove|Hill|Rise|Vale|Wharf|Yard|Gardens|Parade|Walk|Crossroad|Common|Commons|Corner|Corners|Cove|Coves|Creek|Crest|Drives";

static PATTERNS: LazyLock<Vec<(&'static str, Regex)>> = LazyLock::new(|| {
    let en = format!(
        r"(?:(?:Flat|Studio|Apartment|Unit|Suite)\s+[0-9]{{1,4}}[A-Za-z]?,\s+(?:[0-9]{{1,5}}[A-Za-z]?\s+)?|(?-u:\b)[0-9]{{1,5}}[A-Za-z]?\s+)(?:\p{{Lu}}\p{{Ll}}+\s+){{1,3}}(?:{EN_TYPES})(?-u:\b)(?:,?\s+(?:Apt\.|Suite|Unit)\s+[0-9]{{1,5}}[A-Za-z]?)?"
    );
    [
        ("address:en", en.as_str()),
        (
            "address:de",
            r"(?:\p{Lu}[\p{L}\-]*(?i:straße|strasse|str\.|weg|gasse|platz|allee|ring|damm|ufer|chaussee|steig|pfad|markt)|(?:\p{Lu}\p{Ll}+\s){1,3}(?:Straße|Weg|Platz|Allee|Gasse|Ring|Markt))\s+[0-9]{1,4}[a-z]?(?-u:\b)",
        ),
        (
            "address:fr",
            r"(?-u:\b)[0-9]{1,4}(?:\s?(?:bis|ter))?,?\s+(?:rue|avenue|av\.|boulevard|bd|place|chemin|allée|impasse|quai|route|cours|square|voie|passage|rond-point)\s+(?:(?:de la|de l'|des|du|de|d')\s*)?\p{Lu}[\p{L}\-']*(?:\s+\p{Lu}[\p{L}\-']*){0,3}",
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
            r"\p{Lu}\p{Ll}+(?:straat|laan|weg|plein|gracht|kade|singel|dijk|hof|steeg|pad|baan|dreef|boulevard|park|plantsoen|markt|kanaal|ring)\s+[0-9]{1,4}[a-z]?(?-u:\b)",
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

pub(crate) fn find(text: &str, out: &mut Vec<Found>) {
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return;
    }
    // One pass per language: joined into one pattern they make a lazy DFA too large for
    // its cache on text with many capitalised words, and the search falls back to a much
    // slower engine.
    for (rule, re) in PATTERNS.iter() {
        for m in re.find_iter(text) {
            let s = m.as_str().trim_end();
            out.push(Found {
                kind: "STREET_ADDRESS",
                span: m.start()..m.start() + s.len(),
                score: 0.8,
                rule,
            });
        }
    }
}
